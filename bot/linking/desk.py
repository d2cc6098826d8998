"""`/link`, in front of the App (as bot/teams/desk.py is for teams): one runner on Telegram and
Discord. The rules and every reply are pure (bot/core/link.py); this shell draws the codes
(`secrets`), reads the time from the event, and reads and writes storage/links.py.

    /link                  not linked: a code, shown here, to type on the other app
                           linked: what is linked, where the prompt goes, change or unlink
    /link CODE             (or the code alone, after /link here): link this account
    /link unlink discord   unlink an account; /link discord: the prompts go there

Codes are private: never shown in (or taken from) a group chat. Anything not about linking
goes to the App unchanged; a plain private message is only looked at when it could be a code
or a choice, so the hot path costs nothing.
"""

from __future__ import annotations

import asyncio
import logging
import secrets
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from bot.adapters.platform import CoachApp
from bot.core import commands, link
from bot.core.types import ChatKind, Event, Pressed, Prompted, Reply, typed_text
from bot.text import text
from storage.links import CodeRow, Linked, LinkStore
from storage.store import Store

log = logging.getLogger("comeback.link")

DRAWS = 5  # a drawn code whose first characters are taken is drawn again
KNOWN_PLATFORMS = ("telegram", "discord")


@dataclass(frozen=True, slots=True)
class Judged:
    row: CodeRow
    verdict: link.Verdict
    tries: int


def draw_code() -> str:
    """Randomness lives here, in the shell; the core only checks what it is given."""
    return link.checked("".join(secrets.choice(link.ALPHABET) for _ in range(link.CODE_LENGTH)))


async def _digest(code: str) -> str:
    """The slow hash, off the event loop (about 40 ms of CPU)."""
    return await asyncio.to_thread(link.digest, code)


def _say(key: str, **params: object) -> list[Reply]:
    return [Reply((text(key, **params),))]


class LinkDesk:
    """A CoachApp that answers the linking events itself and passes the rest on."""

    def __init__(self, app: CoachApp, store: Store, draw: Callable[[], str] = draw_code) -> None:
        self.app = app
        # The App's store: a first /link makes the account's runner as any first message
        # does, and bot/teams/desk.py's with_teams finds the database through it.
        self.store = store
        self.links = LinkStore(store.engine)
        self._draw = draw

    async def mark_unreachable(self, platform: str, user: str) -> None:
        await self.app.mark_unreachable(platform, user)

    async def handle(self, event: Event) -> list[Reply]:
        try:
            answered = await self._link_event(event)
        except Exception:
            log.exception("link event failed for %s", event.key)
            return [Reply((text("error.internal"),), private=True)]
        if answered is not None:
            return answered
        return await self.app.handle(event)

    # ---- which events are ours ----------------------------------------------------------

    async def _link_event(self, event: Event) -> list[Reply] | None:
        if isinstance(event, Prompted):
            return None
        if isinstance(event, Pressed):
            pressed = link.payload(event.payload)
            if pressed is None:
                return None
            return await self._pressed(event, *pressed)
        typed = typed_text(event).strip()
        if typed.startswith("/"):
            name, argument = commands.parse(typed)
            if name != "link":
                return None
            if event.chat_kind is ChatKind.GROUP:
                return await self._in_group(event, argument)
            return await self._command(event, argument)
        if event.chat_kind is ChatKind.GROUP:
            return None
        return await self._maybe_answer(event, typed)

    async def _in_group(self, event: Event, argument: str) -> list[Reply]:
        """Codes are private. A right one typed where others read it is voided: whoever read
        it could type it first. (A try here counts like any other.)"""
        code = link.normalise(argument)
        judged = await self._judged(code, event) if code is not None else None
        if judged is not None and judged.verdict is link.Verdict.OK:
            await self.links.drop(judged.row.id)
            return [Reply((text("link.private.voided"),), private=True)]
        return [Reply((text("link.private"),), private=True)]

    async def _judged(self, code: str, event: Event) -> Judged | None:
        """Find the code, take a try from it, judge it; None if there is no such code. An
        expired or voided code is dropped here."""
        found = await self.links.code(link.lookup(code))
        if found is None or found.claimed_platform is not None:
            return None
        if link.expired(found.pending, event.now):
            await self.links.drop(found.id)
            return Judged(found, link.Verdict.EXPIRED, found.pending.attempts)
        tries = await self.links.take_try(found.id)
        if tries is None:  # used up by tries at the same moment
            await self.links.drop(found.id)
            return Judged(found, link.Verdict.VOIDED, link.MAX_WRONG)
        pending = replace(found.pending, attempts=tries)
        verdict = link.judge(pending, await _digest(code), event.now)
        if verdict is link.Verdict.VOIDED:
            await self.links.drop(found.id)
        return Judged(found, verdict, tries)

    async def _command(self, event: Event, argument: str) -> list[Reply]:
        key = event.key
        linked = await self.links.linked(key.platform, key.user)
        words = argument.lower().split()
        if words and words[0] == "unlink":
            target = link.platform_named(argument, linked.platforms) if linked else None
            return await self._unlink(event, linked, target or key.platform)
        if linked is not None and len(linked.accounts) > 1:
            if not words:
                return [link.status(linked.accounts, linked.prompt, key.platform)]
            target = link.platform_named(argument, linked.platforms)
            if target is not None:
                return await self._prompt(linked, target)
        if argument:
            code = link.normalise(argument)
            if code is None:
                return _say("link.code.not_a_code")
            return await self._try(event, code)
        return await self._show(event)

    async def _maybe_answer(self, event: Event, typed: str) -> list[Reply] | None:
        """A private message that could answer a linking question: a code after /link here,
        or which profile to keep. Looked up only when it could be one (cheap, pure checks
        first): everything else is the App's."""
        key = event.key
        code = link.normalise(typed)
        if code is not None and await self.links.showed(key.platform, key.user, event.now):
            return await self._try(event, code)
        if link.choice(typed, key.platform, KNOWN_PLATFORMS) is None:
            return None
        waiting = await self.links.waiting_for(key.platform, key.user, event.now)
        if waiting is None:
            return None
        platforms = (waiting.pending.platform, key.platform)
        chosen = link.choice(typed, key.platform, platforms)
        if chosen is None:
            return [link.choose_again(platforms)]
        return await self._keep(event, chosen)

    # ---- showing and typing a code ------------------------------------------------------

    async def _show(self, event: Event) -> list[Reply]:
        key = event.key
        linked = await self.links.linked(key.platform, key.user)
        if linked is None:  # a first-ever message: the runner is made as for any other
            # With the row locks: this chat may have been deleted by an unlink a moment ago,
            # and a turn that starts from what this process saved for it would only conflict.
            async with self.store.turn(key, event.display_name, lock=True) as turn:
                await turn.save(turn.state)
            linked = await self.links.linked(key.platform, key.user)
            assert linked is not None
        for _ in range(DRAWS):
            code = self._draw()
            code_hash = await _digest(code)
            if await self.links.new_code(
                linked.runner_id, key.platform, key.user, code, code_hash, event.now
            ):
                return [link.code_shown(code, key.platform, KNOWN_PLATFORMS)]
        raise RuntimeError("no free linking code after several draws")

    async def _try(self, event: Event, code: str) -> list[Reply]:
        key = event.key
        judged = await self._judged(code, event)
        if judged is None:
            return _say("link.code.unknown")
        found, pending = judged.row, judged.row.pending
        if judged.verdict is link.Verdict.EXPIRED:
            return _say("link.code.expired")
        if judged.verdict is link.Verdict.VOIDED:
            log.info("%s: a linking code was voided after %d wrong tries", key.platform,
                     link.MAX_WRONG)  # fmt: skip
            return _say("link.code.voided")
        if judged.verdict is link.Verdict.WRONG:
            return _say("link.code.wrong", left=link.tries_left(judged.tries))
        here = link.platform_name(key.platform)
        if (pending.platform, pending.user) == (key.platform, key.user):
            return _say("link.code.same_app", here=here)
        if pending.platform == key.platform:
            return _say("link.code.same_platform", here=here)
        mine = await self.links.linked(key.platform, key.user)
        theirs = await self.links.linked(pending.platform, pending.user)
        if theirs is None or theirs.runner_id != pending.runner_id:
            await self.links.drop(found.id)  # the code's account was deleted or moved
            return _say("link.code.unknown")
        if mine is not None and mine.runner_id == theirs.runner_id:
            await self.links.drop(found.id)
            return _say("link.code.already")
        # One account per platform: never a second Telegram (or Discord) on one runner.
        here_platforms = mine.platforms if mine is not None else (key.platform,)
        clash = next((p for p in here_platforms if p in theirs.platforms), None)
        if clash is not None:
            return _say("link.code.taken", platform=link.platform_name(clash))
        if mine is None:
            await self.links.attach(pending.runner_id, key.platform, key.user, event.display_name)
            await self.links.set_prompt(theirs.runner_id, theirs.prompt)
            return link.linked((pending.platform, key.platform))
        shown_on = await self.links.history(theirs.runner_id, pending.platform)
        typed_on = await self.links.history(mine.runner_id, key.platform)
        keep = link.keeper(shown_on, typed_on)
        if keep is None:
            await self.links.claim(found.id, key.platform, key.user, event.now)
            return [link.choose(shown_on, typed_on)]
        return await self._merge(event, keep, theirs, mine)

    # ---- the choice, the prompt, unlinking ----------------------------------------------

    async def _pressed(self, event: Event, head: str, value: str) -> list[Reply]:
        key = event.key
        if head == link.KEEP_PAYLOAD:
            return await self._keep(event, value)
        linked = await self.links.linked(key.platform, key.user)
        if head == link.PROMPT_PAYLOAD:
            if linked is None or value not in linked.platforms or len(linked.accounts) < 2:
                return _say("link.prompt.unknown")
            return await self._prompt(linked, value)
        return await self._unlink(event, linked, value)

    async def _keep(self, event: Event, platform: str) -> list[Reply]:
        """The runner chose which profile to keep (a button, or typed)."""
        key = event.key
        waiting = await self.links.waiting_for(key.platform, key.user, event.now)
        if waiting is None or platform not in (waiting.pending.platform, key.platform):
            return _say("link.choose.stale")  # a stale or forged choice changes nothing
        pending = waiting.pending
        mine = await self.links.linked(key.platform, key.user)
        theirs = await self.links.linked(pending.platform, pending.user)
        if mine is None or theirs is None or theirs.runner_id != pending.runner_id:
            await self.links.drop(waiting.id)
            return _say("link.choose.stale")
        return await self._merge(event, platform, theirs, mine)

    async def _merge(self, event: Event, keep: str, theirs: Linked, mine: Linked) -> list[Reply]:
        kept, dropped = (theirs, mine) if keep in theirs.platforms else (mine, theirs)
        await self.links.merge(kept.runner_id, dropped.runner_id)
        # Until they choose, the prompts stay where the kept profile had them.
        await self.links.set_prompt(kept.runner_id, kept.prompt)
        log.info("%s: two accounts linked", event.key.platform)
        return link.linked((theirs.platforms[0], event.key.platform))

    async def _prompt(self, linked: Linked, platform: str) -> list[Reply]:
        await self.links.set_prompt(linked.runner_id, platform)
        return _say("link.prompt.set", platform=link.platform_name(platform))

    async def _unlink(self, event: Event, linked: Linked | None, platform: str) -> list[Reply]:
        if linked is None or not await self.links.unlink(linked.runner_id, platform):
            return _say("link.unlink.unknown")
        log.info("%s: an account was unlinked", event.key.platform)
        return _say("link.unlink.done", platform=link.platform_name(platform))


def with_links(app: CoachApp) -> CoachApp:
    """The adapters' hook: the App with the link desk in front, when the App has a database
    (a test's stand-in App without one is returned as it is)."""
    store = getattr(app, "store", None)
    if not isinstance(store, Store):
        return app
    return LinkDesk(app, store)


__all__: Sequence[str] = ["LinkDesk", "draw_code", "with_links"]
