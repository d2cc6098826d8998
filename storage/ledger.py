"""The update ledger (models.UpdateLedger): which platform updates were answered, and the
replies of answered turns that have not gone out yet.

    record(conn, ...)     inside a turn's transaction, first of its writes: the update is
                          answered now, or AlreadyAnswered (the turn rolls back)
    LedgerStore           outside turns: what an answered update left unsent, mark replies
                          sent, list the unsent, prune

Exactly-once from the runner's side rests on two facts: the turn and its ledger row commit
together (a crash leaves both or neither), and the replies are cleared only after the platform
accepted them. A crash in between sends them again: that is the one source of duplicates, a
window of milliseconds per reply (no chat platform takes an idempotency key), though in a
burst several replies can be inside it at once (tests/faults: the figures)."""

from __future__ import annotations

import asyncio
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import Insert, and_, bindparam, delete, null, select, tuple_, update
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from bot.core.effects import ChartRequested, Effect, ExportRequested, ReportRequested
from bot.core.types import ConversationKey, Reply
from storage.engine import one_writer, reader
from storage.executors import prepare
from storage.models import identities
from storage.models import update_ledger as ledger
from storage.reply_codec import replies_from_json, replies_to_json
from storage.statements import insert_ignore

# Long enough for any redelivery (Telegram keeps unconfirmed updates for 24 hours).
LEDGER_KEEP = timedelta(days=2)

_ROW = and_(
    ledger.c.platform == bindparam("b_platform", type_=ledger.c.platform.type),
    ledger.c.update_id == bindparam("b_update", type_=ledger.c.update_id.type),
)
_RECORDED = select(ledger.c.replies).where(_ROW)


# An update's row: column -> the bind row_params() fills (the optimistic save writes it too).
ROW_BINDS = {
    "platform": "b_platform",
    "update_id": "b_update",
    "chat_id": "b_chat",
    "user_id": "b_user",
    "replies": "b_replies",
    "created_at": "b_now",
    "sent_at": "b_sent",
}


def _insert(dialect: str) -> Insert:
    """The update's row, unless it is there already (then no row comes back)."""
    return (
        insert_ignore(dialect, ledger)
        .values(
            {
                column: bindparam(name, type_=ledger.c[column].type)
                for column, name in ROW_BINDS.items()
            }
        )
        .returning(ledger.c.update_id)
    )


_SENT = (
    update(ledger)
    .where(_ROW, ledger.c.sent_at.is_(None))
    .values(sent_at=bindparam("b_now", type_=ledger.c.sent_at.type), replies=null())
)


# A runner's /delete: the rows of every account of theirs go (before the identities do).
_FORGET = delete(ledger).where(
    tuple_(ledger.c.platform, ledger.c.user_id).in_(
        select(identities.c.platform, identities.c.user_id).where(
            identities.c.runner_id == bindparam("b_runner", type_=identities.c.runner_id.type)
        )
    )
)
# The goodbye of a deleted runner keeps no key (it travels in its payload): once sent, its row
# goes too, so that nothing about them is left.
_GOODBYE_SENT = delete(ledger).where(_ROW, ledger.c.user_id.is_(None))


class LedgerStatements:
    """The ledger's statements on the hot path, prepared once per Store (the SQLite fast path
    where the Store uses it: storage/sqlite_fast.py)."""

    def __init__(self, dialect: str, fast_sqlite: bool) -> None:
        self.insert = prepare(_insert(dialect), (ledger.c.update_id,), fast_sqlite=fast_sqlite)
        self.forget = prepare(_FORGET, fast_sqlite=fast_sqlite)
        self.sent = prepare(_SENT, fast_sqlite=fast_sqlite)
        self.goodbye_sent = prepare(_GOODBYE_SENT, fast_sqlite=fast_sqlite)


class AlreadyAnswered(Exception):
    """The update has its ledger row already: it was answered before (the turn rolls back)."""


@dataclass(frozen=True, slots=True)
class Answered:
    """What a turn answered to one update: its replies, and the effects that ask for files with
    the event's time (bot/progress/files.py draws them after the commit: a kept-back reply keeps
    what to draw, not the drawing)."""

    update_id: str
    replies: Sequence[Reply]
    files: Sequence[Effect] = ()
    now: datetime | None = None


@dataclass(frozen=True, slots=True)
class Unsent:
    update_id: str
    key: ConversationKey
    replies: list[Reply]
    files: list[Effect]
    now: datetime


def _file_to_json(effect: Effect) -> dict[str, Any] | None:
    if isinstance(effect, ChartRequested | ReportRequested):
        kind = "chart" if isinstance(effect, ChartRequested) else "report"
        return {"kind": kind, "day": effect.day.isoformat()}
    if isinstance(effect, ExportRequested):
        return {"kind": "export"}
    return None


def _file_from_json(data: dict[str, Any]) -> Effect:
    if data["kind"] == "chart":
        return ChartRequested(date.fromisoformat(data["day"]))
    if data["kind"] == "report":
        return ReportRequested(date.fromisoformat(data["day"]))
    return ExportRequested()


def _unsent(update_id: str, key: ConversationKey, payload: dict[str, Any]) -> Unsent:
    return Unsent(
        update_id,
        key,
        replies_from_json(payload["replies"]),
        [_file_from_json(item) for item in payload.get("files", [])],
        datetime.fromisoformat(payload["now"]),
    )


def _payload(answered: Answered, key: ConversationKey | None = None) -> dict[str, Any]:
    files = [_file_to_json(effect) for effect in answered.files]
    payload: dict[str, Any] = {
        "replies": replies_to_json(answered.replies),
        "files": [item for item in files if item is not None],
        "now": (answered.now or datetime.now(UTC)).isoformat(),
    }
    if key is not None:  # a deleted runner's goodbye: where it goes, kept only here
        payload["to"] = [key.platform, key.chat, key.user]
    return payload


async def answered_before(
    conn: AsyncConnection, key: ConversationKey, update_id: str
) -> Unsent | None:
    """What of an update's answer has not gone out yet (no replies: everything was sent);
    None if there is no row (a /delete took it)."""
    row = (
        await conn.execute(_RECORDED, {"b_platform": key.platform, "b_update": update_id})
    ).first()
    if row is None:
        return None
    if row.replies is None:
        return Unsent(update_id, key, [], [], datetime.now(UTC))
    payload = row.replies
    return _unsent(update_id, key, payload)


async def record(
    conn: AsyncConnection,
    sql: LedgerStatements,
    key: ConversationKey,
    answered: Answered,
    now: datetime,
    *,
    forget_runner: int | None = None,
) -> None:
    """The update is answered, in the turn's transaction (the caller commits); raises
    AlreadyAnswered if it was before. `forget_runner`: that runner deleted their data; the
    rows of all their accounts go, and this one keeps no key (the goodbye's row goes once
    sent)."""
    forget = forget_runner is not None
    params = row_params(key, answered, now, forget=forget)
    if await sql.insert.first(conn, params) is None:
        raise AlreadyAnswered(answered.update_id)
    if forget:
        await sql.forget.execute(conn, {"b_runner": forget_runner})


def row_params(
    key: ConversationKey, answered: Answered, now: datetime, *, forget: bool = False
) -> dict[str, Any]:
    """The binds of an update's ledger row (`b_` names, as _insert and the optimistic save
    take them): its replies kept until sent; none to send, and it is sent already."""
    waiting = bool(answered.replies)
    return {
        "b_platform": key.platform,
        "b_update": answered.update_id,
        "b_chat": None if forget else key.chat,
        "b_user": None if forget else key.user,
        "b_replies": _payload(answered, key if forget else None) if waiting else None,
        "b_now": now,
        "b_sent": None if waiting else now,
    }


class LedgerStore:
    """The ledger outside turns (one per App: its statements are prepared once)."""

    def __init__(self, engine: AsyncEngine) -> None:
        self.engine = engine
        dialect = engine.dialect.name
        self._sql = LedgerStatements(dialect, fast_sqlite=dialect == "sqlite")
        self._marks: list[tuple[dict[str, Any], asyncio.Future[None]]] = []
        self._writer: asyncio.Task[None] | None = None

    async def answered(self, platform: str, update_ids: Iterable[str]) -> set[str]:
        """Which of these updates were answered already (a polling batch, filtered)."""
        wanted = list(update_ids)
        if not wanted:
            return set()
        query = select(ledger.c.update_id).where(
            ledger.c.platform == platform, ledger.c.update_id.in_(wanted)
        )
        async with reader(self.engine) as conn:
            return {str(found) for found in (await conn.execute(query)).scalars()}

    async def sent(self, platform: str, update_id: str) -> None:
        """The update's replies went out; returns once that is written. Marks that come while
        one is being written share the next transaction (a group commit: one write, not one
        per reply, when many runners are answered at once)."""
        params = {"b_platform": platform, "b_update": update_id, "b_now": datetime.now(UTC)}
        written: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._marks.append((params, written))
        if self._writer is None or self._writer.done():
            self._writer = asyncio.create_task(self._write_marks(), name="ledger-sent")
        await written

    async def _write_marks(self) -> None:
        while self._marks:
            batch, self._marks = self._marks, []
            try:
                async with one_writer(self.engine), self.engine.begin() as conn:
                    marks = [params for params, _ in batch]
                    await self._sql.goodbye_sent.executemany(conn, marks)
                    await self._sql.sent.executemany(conn, marks)
            except Exception as error:
                for _, written in batch:
                    if not written.done():
                        written.set_exception(error)
                continue
            for _, written in batch:
                if not written.done():
                    written.set_result(None)

    async def answered_before(self, key: ConversationKey, update_id: str) -> Unsent | None:
        async with reader(self.engine) as conn:
            return await answered_before(conn, key, update_id)

    async def unsent(self, platform: str, since: datetime) -> list[Unsent]:
        """Replies of answered turns not sent yet (a crash came between), oldest first."""
        query = (
            select(ledger.c.update_id, ledger.c.chat_id, ledger.c.user_id, ledger.c.replies)
            .where(
                ledger.c.platform == platform,
                ledger.c.sent_at.is_(None),
                ledger.c.created_at >= since,
            )
            .order_by(ledger.c.created_at)
        )
        async with reader(self.engine) as conn:
            rows = (await conn.execute(query)).all()
        unsent = []
        for row in rows:
            payload = row.replies
            if payload is None:
                continue
            if row.user_id is not None:
                key = ConversationKey(platform, row.chat_id, row.user_id)
            elif "to" in payload:  # a deleted runner's goodbye
                key = ConversationKey(*payload["to"])
            else:
                continue
            unsent.append(_unsent(row.update_id, key, payload))
        return unsent

    async def last_in_private(self, platform: str, since: datetime) -> dict[str, str]:
        """user id -> the newest update answered in their private chat since `since` (ids
        that grow with time, as Discord's snowflakes do): where to catch up from."""
        query = select(ledger.c.user_id, ledger.c.update_id).where(
            ledger.c.platform == platform,
            ledger.c.chat_id == ledger.c.user_id,
            ledger.c.created_at >= since,
        )
        newest: dict[str, str] = {}
        async with reader(self.engine) as conn:
            for user, update_id in (await conn.execute(query)).all():
                if update_id.isdigit() and int(update_id) > int(newest.get(user, "0")):
                    newest[user] = update_id
        return newest

    async def prune(self, before: datetime) -> int:
        async with self.engine.begin() as conn:
            result = await conn.execute(delete(ledger).where(ledger.c.created_at < before))
            return max(result.rowcount, 0)
