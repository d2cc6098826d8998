"""`/export` in the terminal chat: the JSON lands in the folder you ran it from, with its path
printed, and a second export never overwrites the first."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

SCRIPT = "\n".join(
    ["/start", "1", "2", "2", "1", "2", "1", "2", "1", "the Berlin half", "Berlin", "7:00",
     "1", "6", "none of these", ":morning", "2", "none", "no", "none of these",
     "/export", "/export", ":quit"]
)  # fmt: skip


def test_export_writes_the_file_into_the_current_folder(tmp_path: Path):
    folder = tmp_path / "here"
    folder.mkdir()
    done = subprocess.run(
        [sys.executable, "-m", "bot.cli", "chat", "--now", "2026-03-02T05:00:00+00:00",
         "--database", f"sqlite+aiosqlite:///{tmp_path / 'chat.db'}"],
        input=SCRIPT, capture_output=True, text=True, timeout=60, check=False, cwd=folder,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    first, second = folder / "comeback-export.json", folder / "comeback-export-2.json"
    assert f"Saved {first}" in done.stdout and f"Saved {second}" in done.stdout
    data = json.loads(first.read_text(encoding="utf-8"))
    assert data["profile"]["area"] == "calf_achilles"
    assert [c["morning_pain"] for c in data["checkins"]] == [2]
    assert json.loads(second.read_text(encoding="utf-8"))["checkins"] == data["checkins"]
    assert "Traceback" not in done.stdout + done.stderr
