"""The issue-9 reproduction on both chat paths: a shin runner with a bone injury types two red
flags at the safety screen, then "that's all" (or "done"). Before the fix the check-in was
recorded with no red flags and a `hold`; now both signs are kept and the coach refers."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from tests.e2e.test_telegram import say, tg_app, tg_bot, tg_db, tg_settings  # noqa: F401
from tests.fakes.telegram_api import FakeTelegram

BOTH = "pain at night and one spot on the bone hurts when I press it"
ONBOARDING = [
    "/start", "yes", "my shin", "gradually, over a few weeks", "more mileage", "bone", "no",
    "no", "1", "skip", "Berlin", "7:00", "swim", "none of these",
]  # fmt: skip


def recorded_checkins(db: Path) -> list[tuple[list[str], str]]:
    with sqlite3.connect(db) as conn:
        rows = conn.execute("SELECT red_flags, decision FROM checkins ORDER BY day").fetchall()
    return [(json.loads(flags), decision) for flags, decision in rows]


@pytest.mark.parametrize("finished", ["that's all", "done"])
def test_console(tmp_path: Path, finished: str):
    db = tmp_path / "chat.db"
    script = [*ONBOARDING, ":morning", "2", "none", "yes", BOTH, finished, ":quit"]
    done = subprocess.run(
        [sys.executable, "-m", "bot.cli", "chat", "--now", "2026-03-03T05:00:00+00:00",
         "--database", f"sqlite+aiosqlite:///{db}"],
        input="\n".join(script), capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    assert done.returncode == 0 and "Traceback" not in done.stdout + done.stderr, done.stderr
    assert recorded_checkins(db) == [(["bone_tenderness", "night_pain"], "refer")]


@pytest.mark.parametrize("finished", ["that's all", "done"])
async def test_telegram(tg_bot: FakeTelegram, tg_db: Path, finished: str):  # noqa: F811
    sam = tg_bot.user("Sam")
    for words in ONBOARDING:
        await say(tg_bot, sam, words)
    for words in ["/checkin", "2", "none", "yes", BOTH]:
        reply = await say(tg_bot, sam, words)
    assert "✓" in reply.text or any("✓" in label for label in reply.labels)
    reply = await say(tg_bot, sam, finished)
    assert recorded_checkins(tg_db) == [(["bone_tenderness", "night_pain"], "refer")]
    assert "clinician" in reply.text.lower() or "physio" in reply.text.lower()
