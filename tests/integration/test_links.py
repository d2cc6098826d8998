"""/link on the real App and store, SQLite and PostgreSQL: the link desk in front of the App as
the adapters put it, with a Telegram and a Discord account of one runner. Codes are single use,
expire after 10 minutes of the event's clock, die after 5 wrong tries; two histories merge
(one check-in a day, the kept profile's day wins); the morning prompt follows the chosen
platform; /delete from either side leaves no row anywhere; /link again shows and unlinks."""

from __future__ import annotations

import asyncio
import re
from collections.abc import AsyncIterator
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import func, select

from bot.app import App
from bot.core import link
from bot.core.effects import CheckinRecorded, SessionLogged
from bot.core.state import IDLE, Profile, State
from bot.core.types import ChatKind, ConversationKey, Pressed, Reply, Typed
from bot.linking.desk import LinkDesk
from bot.scheduling.ports import Slot
from messages.replies import reply_text
from storage.models import Base, checkins, identities, outbox, runners, sessions
from storage.outbox import OutboxStore
from storage.store import Store

NOW = datetime(2026, 12, 1, 18, 0, tzinfo=UTC)
ZONE = "Europe/London"
TG, DC = "telegram", "discord"
ADA_TG, ADA_DC = "100", "900"


def profile(area: str = "knee") -> Profile:
    return Profile(
        area=area, onset="gradual", feel="muscle", kind="other", seen_professional=False,
        baseline=1, timezone=ZONE, checkin_time="07:00",
    )  # fmt: skip


def checkin(day: date, pain: int) -> CheckinRecorded:
    return CheckinRecorded(
        day=day, at=NOW, morning_pain=pain, swelling="none", daily_activity_pain=False,
        compared_to_before=None, red_flags=(), walk_test=None, hop_test=None, decision="hold",
        stage="walk", rules=(3,),
    )  # fmt: skip


def session(day: date) -> SessionLogged:
    return SessionLogged(day=day, at=NOW, kind="walk", minutes=30, pain_during=1)


class Ada:
    """One runner with an account on each platform, talking to the desk."""

    def __init__(self, app: App) -> None:
        self.app = app
        self.desk = LinkDesk(app, app.store)

    def key(self, platform: str) -> ConversationKey:
        user = ADA_TG if platform == TG else ADA_DC
        return ConversationKey(platform, user, user)

    async def says(self, platform: str, words: str, now: datetime = NOW, **kw: object) -> str:
        event = Typed(self.key(platform), now, words, display_name="Ada", **kw)  # type: ignore[arg-type]
        return text_of(await self.desk.handle(event))

    async def presses(self, platform: str, payload: str, now: datetime = NOW) -> list[Reply]:
        return await self.desk.handle(Pressed(self.key(platform), now, payload))

    async def code(self, platform: str, now: datetime = NOW) -> str:
        shown = await self.says(platform, "/link", now)
        found = re.search(r"code: ([A-Z0-9]{5}-[A-Z0-9]{5})", shown)
        assert found is not None, shown
        return found[1]

    async def has(self, platform: str, area: str, days: dict[date, int], logged: int = 0) -> None:
        last = max(days, default=None)
        effects = [checkin(day, pain) for day, pain in days.items()]
        effects += [session(day) for day in list(days)[:logged]]
        async with self.app.store.turn(self.key(platform), "Ada") as turn:
            await turn.save(State(IDLE, {}, profile(area).with_(last_checkin=last)), effects)

    async def state(self, platform: str) -> State:
        return await self.app.peek(self.key(platform))


def text_of(replies: list[Reply]) -> str:
    return "\n".join(reply_text(r) for r in replies)


@pytest.fixture
async def ada(database_url: str) -> AsyncIterator[Ada]:
    store = await Store.open(database_url, migrate=True)
    yield Ada(App(store))
    await store.close()


async def count(ada: Ada, table: object) -> int:
    async with ada.app.store.engine.connect() as conn:
        return int((await conn.execute(select(func.count()).select_from(table))).scalar_one())  # type: ignore[arg-type]


async def every_row(ada: Ada) -> dict[str, int]:
    async with ada.app.store.engine.connect() as conn:
        return {
            t.name: int((await conn.execute(select(func.count()).select_from(t))).scalar_one())
            for t in Base.metadata.sorted_tables
        }


async def test_a_code_links_a_new_account_once(ada: Ada) -> None:
    await ada.has(TG, "knee", {date(2026, 11, 30): 2})
    code = await ada.code(TG)
    assert "10 minutes" in await ada.says(TG, "/link")  # a new code replaces the first
    assert "don't know that code" in await ada.says(DC, f"/link {code}")
    code = await ada.code(TG)
    linked = await ada.says(DC, f"/link {code}")
    assert "Linked: Telegram and Discord" in linked and "morning check-in" in linked
    assert (await ada.state(DC)).profile == (await ada.state(TG)).profile is not None
    assert await count(ada, runners) == 1 and await count(ada, identities) == 2
    # Single use: the same code again, from anyone, is unknown.
    other = Typed(ConversationKey(DC, "901", "901"), NOW, f"/link {code}")
    assert "don't know that code" in text_of(await ada.desk.handle(other))


async def test_a_code_typed_after_link_on_the_other_side_is_taken(ada: Ada) -> None:
    await ada.has(TG, "knee", {})
    code = await ada.code(TG)
    shown = await ada.says(DC, "/link")  # Discord asks for its own code first...
    assert "Got a code from your other app" in shown
    assert "Linked" in await ada.says(DC, code.lower())  # ...then types Telegram's


async def test_a_code_expires_after_ten_minutes_of_the_event_clock(ada: Ada) -> None:
    await ada.has(TG, "knee", {})
    code = await ada.code(TG)
    late = NOW + timedelta(minutes=10)
    assert "expired" in await ada.says(DC, f"/link {code}", late)
    assert "don't know that code" in await ada.says(DC, f"/link {code}", NOW)  # gone for good
    code = await ada.code(TG)
    assert "Linked" in await ada.says(DC, f"/link {code}", NOW + timedelta(minutes=9, seconds=59))


async def test_five_wrong_tries_void_the_code(ada: Ada) -> None:
    await ada.has(TG, "knee", {})
    code = await ada.code(TG)
    wrong = code[:4] + ("2" if code[4] != "2" else "3") + code[5:]
    said = [await ada.says(DC, f"/link {wrong}") for _ in range(5)]
    assert [re.search(r"(\d) more tries", s)[1] for s in said[:4]] == ["4", "3", "2", "1"]  # type: ignore[index]
    assert "5 wrong tries" in said[4]
    assert "don't know that code" in await ada.says(DC, f"/link {code}")
    assert await count(ada, identities) == 1


async def test_tries_at_the_same_moment_never_get_more_than_five(ada: Ada) -> None:
    await ada.has(TG, "knee", {})
    code = await ada.code(TG)
    wrong = [code[:4] + f"{n:06d}".translate(str.maketrans("01", "89")) for n in range(12)]
    said = await asyncio.gather(*(ada.says(DC, f"/link {w}") for w in wrong))
    assert sum("more tries" in s for s in said) == 4
    assert sum("5 wrong tries" in s for s in said) >= 1
    assert "don't know that code" in await ada.says(DC, f"/link {code}")


async def test_two_histories_merge_and_the_kept_day_wins(ada: Ada) -> None:
    d1, d2, d3 = date(2026, 11, 28), date(2026, 11, 29), date(2026, 11, 30)
    await ada.has(TG, "knee", {d1: 1, d2: 2}, logged=1)
    await ada.has(DC, "calf_achilles", {d2: 7, d3: 3}, logged=2)
    code = await ada.code(TG)
    replies = await ada.desk.handle(Typed(ada.key(DC), NOW, f"/link {code}"))
    (question,) = replies
    assert "Both accounts have a history" in reply_text(question)
    assert question.payloads == {"link.keep=telegram", "link.keep=discord"}
    # A forged choice changes nothing; a stale one neither (from the account that did not type).
    assert "no link waiting" in text_of(await ada.presses(DC, "link.keep=console"))
    assert "no link waiting" in text_of(await ada.presses(TG, "link.keep=telegram"))
    assert await count(ada, runners) == 2
    assert "Linked" in await ada.says(DC, "keep Telegram's")
    assert await count(ada, runners) == 1
    async with ada.app.store.engine.connect() as conn:
        rows = (await conn.execute(select(checkins.c.day, checkins.c.morning_pain))).all()
    assert sorted(rows) == [(d1, 1), (d2, 2), (d3, 3)]  # never two for one day
    assert await count(ada, sessions) == 3
    kept = (await ada.state(DC)).profile
    assert kept is not None and kept.area == "knee" and kept.last_checkin == d3
    assert (await ada.state(TG)).profile == kept


async def test_the_other_profile_can_be_kept_with_its_button(ada: Ada) -> None:
    d2 = date(2026, 11, 29)
    await ada.has(TG, "knee", {d2: 2})
    await ada.has(DC, "calf_achilles", {d2: 7})
    code = await ada.code(TG)
    await ada.says(DC, f"/link {code}")
    assert "Linked" in text_of(await ada.presses(DC, "link.keep=discord"))
    async with ada.app.store.engine.connect() as conn:
        rows = (await conn.execute(select(checkins.c.day, checkins.c.morning_pain))).all()
    assert rows == [(d2, 7)]
    assert (await ada.state(TG)).profile.area == "calf_achilles"  # type: ignore[union-attr]


async def enqueue(ada: Ada, day: date) -> list[tuple[str, str]]:
    due = datetime(day.year, day.month, day.day, 7, tzinfo=UTC)
    slot = Slot("checkin", ZONE, "07:00", day, due, due + timedelta(hours=2))
    await OutboxStore(ada.app.store.engine).enqueue([slot], due)
    async with ada.app.store.engine.connect() as conn:
        query = select(outbox.c.platform, outbox.c.user_id).where(outbox.c.local_date == day)
        return [tuple(row) for row in (await conn.execute(query)).all()]  # type: ignore[misc]


async def test_the_morning_prompt_goes_to_the_chosen_platform(ada: Ada) -> None:
    await ada.has(TG, "knee", {date(2026, 11, 30): 2})
    code = await ada.code(TG)
    replies = await ada.desk.handle(Typed(ada.key(DC), NOW, f"/link {code}"))
    assert replies[-1].payloads == {"link.prompt=telegram", "link.prompt=discord"}
    # Until they choose, prompts stay where they were (not on Discord, first by name).
    assert await enqueue(ada, date(2026, 12, 2)) == [(TG, ADA_TG)]
    assert "on Discord" in text_of(await ada.presses(TG, "link.prompt=discord"))
    assert await enqueue(ada, date(2026, 12, 3)) == [(DC, ADA_DC)]
    assert "on Telegram" in await ada.says(DC, "/link telegram")
    assert await enqueue(ada, date(2026, 12, 4)) == [(TG, ADA_TG)]
    assert "isn't linked" in text_of(await ada.presses(TG, "link.prompt=console"))


@pytest.mark.parametrize("side", [TG, DC])
async def test_delete_from_either_side_leaves_no_row_anywhere(ada: Ada, side: str) -> None:
    await ada.has(TG, "knee", {date(2026, 11, 29): 2}, logged=1)
    await ada.has(DC, "knee", {date(2026, 11, 30): 3}, logged=1)
    code = await ada.code(TG)
    await ada.says(DC, f"/link {code}")
    await ada.presses(DC, "link.keep=discord")
    await enqueue(ada, date(2026, 12, 2))
    linked = await ada.desk.links.linked(DC, ADA_DC)
    assert linked is not None  # and a live code of its own (no /link shows one now)
    code_hash = link.digest("ABCDE23456")
    assert await ada.desk.links.new_code(linked.runner_id, DC, ADA_DC, "ABCDE23456", code_hash, NOW)
    before = await every_row(ada)
    assert before["identities"] == 2 and before["link_codes"] == 1 and before["outbox"] == 1
    await ada.says(side, "/delete")
    assert "deleted" in (await ada.says(side, "yes")).lower()
    assert {name: n for name, n in (await every_row(ada)).items() if n} == {}


async def test_link_again_shows_what_is_linked_and_unlinks(ada: Ada) -> None:
    await ada.has(TG, "knee", {date(2026, 11, 30): 2})
    code = await ada.code(TG)
    await ada.says(DC, f"/link {code}")
    (shown,) = await ada.desk.handle(Typed(ada.key(TG), NOW, "/link"))
    assert "Telegram (Ada)" in reply_text(shown) and "Discord (Ada)" in reply_text(shown)
    assert {"link.unlink=telegram", "link.unlink=discord"} <= shown.payloads
    assert "Unlinked Discord" in text_of(await ada.presses(TG, "link.unlink=discord"))
    assert (await ada.state(DC)).profile is None  # starts afresh
    assert (await ada.state(TG)).profile is not None  # the history stays
    assert await count(ada, checkins) == 1
    assert "nothing to unlink" in await ada.says(TG, "/link unlink telegram")


async def test_a_long_display_name_is_cut_when_its_account_is_linked(ada: Ada) -> None:
    await ada.has(TG, "knee", {})
    code = await ada.code(TG)
    event = Typed(ada.key(DC), NOW, f"/link {code}", display_name="Ada " + "é" * 300)
    assert "Linked" in text_of(await ada.desk.handle(event))
    linked = await ada.desk.links.linked(DC, ADA_DC)
    assert linked is not None
    assert [len(a.name) for a in linked.accounts if a.platform == DC] == [128]


async def test_a_runner_never_gets_two_accounts_on_one_platform(ada: Ada) -> None:
    await ada.has(TG, "knee", {})
    waiting = await ada.code(TG)  # shown on Telegram, never typed
    other = await ada.code(DC)
    assert "Linked" in await ada.says(TG, f"/link {other}")  # linked the other way round
    stranger = Typed(ConversationKey(DC, "901", "901"), NOW, f"/link {waiting}")
    assert "don't know that code" in text_of(await ada.desk.handle(stranger))
    assert await count(ada, identities) == 2
    assert "Linked: Discord (Ada), Telegram (Ada)" in await ada.says(DC, "/link")


async def test_codes_are_never_shown_in_a_group(ada: Ada) -> None:
    group = Typed(ConversationKey(TG, "-5", ADA_TG), NOW, "/link", chat_kind=ChatKind.GROUP)
    (said,) = await ada.desk.handle(group)
    assert said.private and "private chat" in reply_text(said)
    assert await count(ada, runners) == 0


async def test_a_code_typed_in_a_group_is_voided(ada: Ada) -> None:
    await ada.has(TG, "knee", {})
    code = await ada.code(TG)
    group = ConversationKey(DC, "-7", ADA_DC)
    typed = Typed(group, NOW, f"/link {code}", chat_kind=ChatKind.GROUP)
    (said,) = await ada.desk.handle(typed)
    assert said.private and "no longer works" in reply_text(said)
    assert "don't know that code" in await ada.says(DC, f"/link {code}")


async def test_an_account_unlinked_after_it_wrote_can_link_again(ada: Ada) -> None:
    """Its chat is deleted by the unlink while this process still remembers what it saved
    there (PostgreSQL, storage/recent.py): /link there starts afresh, with no error."""
    await ada.has(TG, "knee", {date(2026, 11, 30): 2})
    code = await ada.code(TG)
    await ada.says(DC, f"/link {code}")
    for _ in range(2):
        await ada.says(DC, "/status")  # turns in the Discord chat
    assert "Unlinked Discord" in text_of(await ada.presses(TG, "link.unlink=discord"))
    assert "10 minutes" in await ada.says(DC, "/link")  # a code, for the new account
    assert (await ada.state(DC)).profile is None
