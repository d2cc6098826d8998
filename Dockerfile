# Production image: the installed package and nothing else; runs `comeback run`.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

WORKDIR /app
# Dependencies first, so code changes do not reinstall them.
COPY pyproject.toml README.md ./
COPY bot ./bot
COPY storage ./storage
COPY messages ./messages
RUN pip install . \
    && useradd --create-home --uid 10001 comeback \
    && mkdir /data && chown comeback /data

USER comeback
# SQLite on a volume by default; docker-compose.yml sets PostgreSQL.
ENV COMEBACK_DATABASE_URL=sqlite+aiosqlite:////data/comeback.db
VOLUME ["/data"]

# Migrate (a no-op when up to date), then run the bots the environment has tokens for.
CMD ["sh", "-c", "comeback migrate && exec comeback run"]
