# The production image: `comeback migrate`, then `comeback run`, as a non-root user.
# Two stages: `build` installs the locked dependencies and the package's wheel into a virtualenv;
# the runtime stage copies that virtualenv onto a clean base, so nothing used to build (pip's
# build environments, the wheel, any compiler a dependency might want) reaches the final image.

FROM python:3.11-slim AS build

ENV PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

RUN python -m venv /opt/venv
# The dependencies first, from the lock (exact versions and hashes), so a code change reuses
# this layer. --require-hashes also refuses any dependency the lock does not name.
COPY requirements.lock /tmp/requirements.lock
RUN /opt/venv/bin/pip install --require-hashes --no-deps -r /tmp/requirements.lock

WORKDIR /src
COPY pyproject.toml README.md ./
COPY bot ./bot
COPY storage ./storage
COPY messages ./messages
# --no-deps: the lock above already installed every dependency, at its pinned version. Then pip
# and setuptools leave the virtualenv (25 MB): the running bot installs nothing.
RUN /opt/venv/bin/pip wheel --no-deps --wheel-dir /tmp/wheels . \
    && /opt/venv/bin/pip install --no-deps /tmp/wheels/comeback-*.whl \
    && /opt/venv/bin/python -m pip uninstall --yes pip setuptools


FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PATH=/opt/venv/bin:$PATH \
    COMEBACK_DATABASE_URL=sqlite+aiosqlite:////data/comeback.db \
    COMEBACK_HTTP_PORT=8080 \
    MPLCONFIGDIR=/home/comeback/.config/matplotlib

# SQLite lives in /data by default (a volume); docker-compose.yml sets PostgreSQL instead.
RUN useradd --create-home --uid 10001 --user-group comeback \
    && mkdir /data \
    && chown comeback:comeback /data
COPY --from=build /opt/venv /opt/venv

# By number (the `comeback` user above): a platform that refuses root can check it without
# reading the image's /etc/passwd.
USER 10001
WORKDIR /home/comeback
# Matplotlib's font cache (the /progress chart, the /report PDF), built once here rather than at
# the first chart of every new container.
RUN python -c "import matplotlib.font_manager"
VOLUME ["/data"]
# /healthz and /metrics (and the Telegram webhook when it is enabled) on one port.
EXPOSE 8080

# Python's urllib rather than curl, which the slim base does not ship: a 503 or no answer raises,
# and a non-zero exit marks the container unhealthy.
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
    CMD ["python", "-c", "import os, urllib.request; urllib.request.urlopen('http://127.0.0.1:' + os.environ.get('COMEBACK_HTTP_PORT', '8080') + '/healthz', timeout=4)"]

# Migrate (a no-op when up to date), then replace the shell with the bots, so SIGTERM reaches them.
CMD ["sh", "-c", "comeback migrate && exec comeback run"]
