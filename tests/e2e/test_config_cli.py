"""The start refuses a bad setting, a bad database URL or a database it cannot write in one
line (exit 2, no traceback), for every entry point; `comeback config` shows what is in force
with the secrets hidden."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.support.cli import comeback

TOKEN = "777000:config-token-never-printed"


@pytest.mark.parametrize(
    ("command", "name", "value"),
    [
        ("run", "WEEKLY_TIME", "25:99"),
        ("run", "TELEGRAM_RATE", "0"),
        ("worker", "WEEKLY_WEEKDAY", "9"),
        ("chat", "TELEGRAM_WEBHOOK_PORT", "abc"),
        ("migrate", "DATABASE_URL", "postgres://admin:hunter2@db/comeback"),
        ("config", "HTTP_PORT", "eighty"),
    ],
)
def test_a_bad_setting_stops_the_start_in_one_line(
    command: str, name: str, value: str, tmp_path: Path
) -> None:
    done = comeback(command, cwd=tmp_path, TELEGRAM_TOKEN=TOKEN, **{name: value})
    assert done.returncode == 2
    assert done.stdout == ""
    lines = done.stderr.splitlines()
    assert len(lines) == 1, done.stderr
    assert f"COMEBACK_{name}=" in lines[0] and "expected" in lines[0]
    assert "hunter2" not in done.stderr and TOKEN not in done.stderr


@pytest.mark.parametrize("command", ["run", "migrate", "chat"])
@pytest.mark.parametrize("path", ["/proc/comeback.db", "{tmp}/a-file/comeback.db"])
def test_a_database_it_cannot_write_is_one_line(command: str, path: str, tmp_path: Path) -> None:
    (tmp_path / "a-file").write_text("not a folder")
    url = f"sqlite+aiosqlite:///{path.format(tmp=tmp_path)}"
    done = comeback(command, cwd=tmp_path, DATABASE_URL=url, TELEGRAM_TOKEN=TOKEN)
    assert done.returncode == 2
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    assert "COMEBACK_DATABASE_URL" in lines[0] and "comeback.db" in lines[0]
    assert "Traceback" not in done.stderr


def test_a_database_that_does_not_answer_is_one_line(tmp_path: Path) -> None:
    url = "postgresql+asyncpg://comeback:hunter2@127.0.0.1:1/comeback"
    done = comeback("run", cwd=tmp_path, DATABASE_URL=url, TELEGRAM_TOKEN=TOKEN)
    assert done.returncode == 1
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    assert "comeback:***@127.0.0.1:1/comeback" in lines[0]
    assert "hunter2" not in done.stderr


def test_config_prints_what_is_in_force_with_secrets_hidden(tmp_path: Path) -> None:
    (tmp_path / ".env").write_text("COMEBACK_DISCORD_TOKEN=discord-secret-in-dotenv\n")
    done = comeback(
        "config",
        cwd=tmp_path,
        TELEGRAM_TOKEN=TOKEN,
        DATABASE_URL="postgresql+asyncpg://comeback:hunter2@db/comeback",
        WEEKLY_TIME="07:45",
    )
    assert done.returncode == 0, done.stderr
    shown = dict(line.split("=", 1) for line in done.stdout.splitlines())
    assert shown["COMEBACK_WEEKLY_TIME"] == "07:45"
    assert shown["COMEBACK_TELEGRAM_TOKEN"] == "<set, hidden>"
    assert shown["COMEBACK_DISCORD_TOKEN"] == "<set, hidden>"  # from .env
    assert shown["COMEBACK_DATABASE_URL"] == "postgresql+asyncpg://comeback:***@db/comeback"
    for secret in (TOKEN, TOKEN.split(":")[1], "hunter2", "discord-secret-in-dotenv"):
        assert secret not in done.stdout + done.stderr
