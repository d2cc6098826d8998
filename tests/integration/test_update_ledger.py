"""The update ledger on both engines: an update delivered twice is answered once, the replies a
crash kept from going out come back (at start, or with the update's redelivery), a deleted
runner's waiting replies go with them, and old rows are pruned."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import select, update

from bot.adapters.ledger import send_unsent
from bot.app import App
from bot.core.types import Button, ConversationKey, Pressed, Reply, Typed
from bot.text import text
from messages.replies import reply_text
from storage.models import update_ledger
from storage.outbox import OutboxStore
from storage.reply_codec import reply_from_json, reply_to_json
from storage.store import Store
from tests.fakes.platform import FakePlatform

KEY = ConversationKey("telegram", "42", "42")
NOW = datetime(2026, 12, 1, 7, 0, tzinfo=UTC)


@pytest.fixture
async def app(database_url: str) -> AsyncIterator[App]:
    app = App(await Store.open(database_url, migrate=True))
    yield app
    await app.close()


def says(words: str, update_id: str) -> Typed:
    return Typed(KEY, NOW, text=words, update_id=update_id)


async def test_an_update_delivered_twice_is_answered_once(app: App) -> None:
    first = await app.handle(says("/start", "1"))
    assert first  # the welcome
    await app.replies_sent("telegram", "1")
    again = await app.handle(says("/start", "1"))
    assert again == []  # already answered and sent: nothing is said twice
    assert await app.answered_updates("telegram", ["1", "2"]) == {"1"}


async def test_a_redelivered_update_is_not_stepped_again(app: App) -> None:
    await app.handle(says("/start", "1"))
    await app.replies_sent("telegram", "1")
    flow = (await app.peek(KEY)).flow
    await app.handle(says("yes", "2"))  # consent: the conversation moves on
    await app.replies_sent("telegram", "2")
    moved = (await app.peek(KEY)).flow
    assert moved != flow
    await app.handle(says("/start", "1"))  # the first update, once more
    assert (await app.peek(KEY)).flow == moved


async def test_replies_a_crash_kept_back_come_back(app: App) -> None:
    replies = await app.handle(says("/start", "7"))
    # The process died before the replies went out: they wait, for the next start ...
    unsent = await app.unsent_replies("telegram")
    assert [(u, k, [reply_text(r) for r in rs]) for u, k, rs in unsent] == [
        ("7", KEY, [reply_text(r) for r in replies])
    ]
    # ... and for the update's redelivery, whichever comes first.
    assert [reply_text(r) for r in await app.handle(says("/start", "7"))] == [
        reply_text(r) for r in replies
    ]
    await app.replies_sent("telegram", "7")
    assert await app.unsent_replies("telegram") == []
    assert await app.handle(says("/start", "7")) == []


async def test_a_sent_row_keeps_no_replies(app: App) -> None:
    await app.handle(says("/start", "8"))
    await app.replies_sent("telegram", "8")
    async with app.store.engine.connect() as conn:
        row = (await conn.execute(select(update_ledger))).one()
    assert row.replies is None and row.sent_at is not None


async def test_delete_takes_the_waiting_replies_with_it(app: App) -> None:
    await app.handle(says("/start", "1"))  # its replies never went out
    (confirm,) = await app.handle(says("/delete", "2"))
    await app.replies_sent("telegram", "2")
    yes = next(b.payload for row in confirm.buttons for b in row if b.payload.endswith("yes"))
    (done,) = await app.handle(Pressed(KEY, NOW, payload=yes, update_id="3"))
    assert done.lines == (text("delete.done"),)
    async with app.store.engine.connect() as conn:
        rows = (await conn.execute(select(update_ledger.c.update_id))).scalars().all()
    assert rows == ["3"]  # what was about the runner went with them; the goodbye waits
    assert [(u, k) for u, k, _ in await app.unsent_replies("telegram")] == [("3", KEY)]
    await app.replies_sent("telegram", "3")
    async with app.store.engine.connect() as conn:
        left = (await conn.execute(select(update_ledger.c.update_id))).scalars().all()
    assert left == []  # once the goodbye is out, nothing about the runner is left


async def test_old_rows_are_pruned_with_the_outbox(app: App) -> None:
    await app.handle(says("/start", "1"))
    await app.handle(says("/help", "2"))
    async with app.store.engine.begin() as conn:
        await conn.execute(
            update(update_ledger)
            .where(update_ledger.c.update_id == "1")
            .values(created_at=datetime.now(UTC) - timedelta(days=3))
        )
    await OutboxStore(app.store.engine).purge(datetime.now(UTC) - timedelta(days=14), 1000)
    assert await app.answered_updates("telegram", ["1", "2"]) == {"2"}


def test_replies_round_trip_through_json() -> None:
    reply = Reply(
        (
            text("help"),
            text("x", day=date(2026, 12, 1), names=(text("a"), text("b")), pain=2.5, n=3),
        ),
        ((Button(text("button.ok", mark="✓"), "p=1"),),),
        private=True,
        to=ConversationKey("discord", "9", "8"),
    )
    assert reply_from_json(reply_to_json(reply)) == reply


async def test_an_adapter_sends_what_a_crash_kept_back_when_it_starts(app: App) -> None:
    fake = ConversationKey("fake", "42", "42")
    await app.handle(Typed(fake, NOW, text="/start", update_id="1"))  # never went out
    await app.handle(Typed(fake, NOW, text="/help", update_id="2"))
    await app.replies_sent("fake", "2")  # this one did
    platform = FakePlatform(app)
    assert await send_unsent(app, platform) == 1
    assert [r.lines[0].key for r in platform.to("42")] == ["onboard.welcome"]
    assert await send_unsent(app, platform) == 0  # once


async def test_a_kept_back_export_comes_with_its_file(app: App) -> None:
    await app.handle(says("/start", "1"))
    await app.replies_sent("telegram", "1")
    replies = await app.handle(says("/export", "2"))
    assert replies[-1].attachment is not None
    [(_, _, again)] = await app.unsent_replies("telegram")
    assert again[-1].attachment == replies[-1].attachment  # read again, not stored
