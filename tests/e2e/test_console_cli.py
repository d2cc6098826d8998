"""`comeback chat` as a user runs it: a real process, fed by a pipe."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

SCRIPT = "\n".join(
    [
        "/start",
        "1",  # Understood, let's go
        "2",  # Calf / Achilles
        "2",  # Gradually
        "1",  # More mileage
        "2",  # Tendon
        "1",  # seen a professional: yes
        "2",  # no pain in daily life
        "1",  # baseline 1
        "the Berlin half",
        "Berlin",
        "7:00",
        "1",  # Swim
        "6",  # Done
        "none of these",
        ":morning",
        "0",
        "none",
        "no",
        "/status",
        "x" * 10_000,
        ":quit",
    ]
)


def test_chat_through_a_pipe(tmp_path: Path):
    done = subprocess.run(
        [sys.executable, "-m", "bot.cli", "chat", "--now", "2026-03-02T05:00:00+00:00",
         "--database", f"sqlite+aiosqlite:///{tmp_path / 'chat.db'}"],
        input=SCRIPT, capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    out = done.stdout
    assert "Where does it hurt?" in out
    assert "Europe/Berlin" in out
    assert "(clock: 2026-03-02 06:00 UTC)" in out  # 07:00 in Berlin, an hour later
    assert "Good morning" in out or "check-in" in out.lower()
    assert "Stage: protect" in out
    assert "up to 4000 characters" in out
    assert "Traceback" not in out + done.stderr
