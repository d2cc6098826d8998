"""docker-compose.yml as an organiser gets it: PostgreSQL 16 that says when it is ready, a bot that
waits for it, data on a named volume, and no secret in the file: every secret comes from .env,
whose template (.env.example) names every variable the file asks for. No Docker is needed to
check this; the image itself is built and run in tests/e2e/test_image.py."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

REPO = Path(__file__).resolve().parents[2]
INTERPOLATED = re.compile(r"\$\{(\w+)(?:[:?-][^}]*)?\}")


def _compose() -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load((REPO / "docker-compose.yml").read_text("utf-8"))
    return loaded


def _example_names() -> set[str]:
    lines = (REPO / ".env.example").read_text("utf-8").splitlines()
    return {m[1] for line in lines if (m := re.match(r"^#?\s*([A-Z][A-Z0-9_]*)=", line))}


def test_postgresql_16_reports_ready_and_keeps_its_data_on_a_named_volume() -> None:
    compose = _compose()
    db = compose["services"]["db"]
    assert db["image"].startswith("postgres:16")
    assert "pg_isready" in " ".join(db["healthcheck"]["test"])
    volume, _, target = db["volumes"][0].partition(":")
    assert target == "/var/lib/postgresql/data"
    assert volume in compose["volumes"]  # named, so `docker compose down` keeps it


def test_the_bot_starts_only_once_the_database_is_healthy() -> None:
    bot = _compose()["services"]["bot"]
    assert bot["depends_on"]["db"]["condition"] == "service_healthy"
    assert bot["environment"]["COMEBACK_DATABASE_URL"].startswith("postgresql+asyncpg://")


def test_no_secret_is_written_in_the_file() -> None:
    services = _compose()["services"]
    password = services["db"]["environment"]["POSTGRES_PASSWORD"]
    assert INTERPOLATED.fullmatch(password), "the database password must come from .env"
    url = services["bot"]["environment"]["COMEBACK_DATABASE_URL"]
    userinfo = url.split("://", 1)[1].split("@", 1)[0]
    assert INTERPOLATED.search(userinfo.split(":", 1)[1]), "the URL's password must come from .env"
    text = (REPO / "docker-compose.yml").read_text("utf-8")
    assert "TOKEN=" not in text and "TOKEN:" not in text  # tokens only through env_file: .env
    assert services["bot"]["env_file"] in (".env", [".env"])


def test_the_env_template_names_every_variable_the_file_asks_for() -> None:
    asked = set(INTERPOLATED.findall((REPO / "docker-compose.yml").read_text("utf-8")))
    assert asked  # at least the database password
    named = _example_names()
    assert asked <= named, asked - named
    assert {"COMEBACK_TELEGRAM_TOKEN", "COMEBACK_DISCORD_TOKEN"} <= named


def test_the_real_env_file_stays_out_of_version_control() -> None:
    ignored = (REPO / ".gitignore").read_text("utf-8").splitlines()
    assert ".env" in ignored
