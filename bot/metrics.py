"""What /metrics shows, in the Prometheus text format (prometheus-client). Counters and histograms
are process-wide and counted where things happen (the app, the platforms' delivery, the
dispatcher); the outbox gauges are read from the database at scrape time (bot/http.py).

Labels are small closed sets (platform, kind, outcome): never a user, a chat or a text.
"""

from __future__ import annotations

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram

REGISTRY = CollectorRegistry(auto_describe=True)

UPDATES = Counter(
    "comeback_updates",
    "Updates handled (messages, commands, button presses), by platform and kind.",
    ["platform", "kind"],
    registry=REGISTRY,
)
TURN_SECONDS = Histogram(
    "comeback_turn_seconds",
    "Time to answer one event (lock, load, step, save), database retries included.",
    ["platform"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0),
    registry=REGISTRY,
)
REPLIES = Counter(
    "comeback_replies_sent",
    "Messages sent to a chat (answers, prompts, team posts), by platform.",
    ["platform"],
    registry=REGISTRY,
)
SEND_ERRORS = Counter(
    "comeback_send_errors",
    "Sends the platform refused or that failed, by kind: 429, 403, 5xx, network, other.",
    ["platform", "kind"],
    registry=REGISTRY,
)
PROMPTS = Counter(
    "comeback_prompts",
    "Scheduled prompts by outcome: sent, skipped, failed, released (back for a later try).",
    ["outcome"],
    registry=REGISTRY,
)
DATABASE_RETRIES = Counter(
    "comeback_database_retries",
    "Turns and outbox writes tried again because the database did not answer.",
    registry=REGISTRY,
)
TURN_CONFLICTS = Counter(
    "comeback_turn_conflicts",
    "PostgreSQL turns stepped again: their conversation or profile changed before the save.",
    registry=REGISTRY,
)
OUTBOX_DUE = Gauge(
    "comeback_outbox_due",
    "Prompts due now and not sent yet (pending or claimed).",
    registry=REGISTRY,
)
OUTBOX_OLDEST_DUE_SECONDS = Gauge(
    "comeback_outbox_oldest_due_seconds",
    "How long the oldest prompt that is due has waited (0 when none is).",
    registry=REGISTRY,
)


def send_error_kind(error: BaseException) -> str:
    """429, 403, 5xx, network or other, from the exception or the library errors under it
    (duck-typed: this module imports no platform library)."""
    cause: BaseException | None = error
    while cause is not None:
        name = type(cause).__name__
        status = getattr(cause, "status", None)
        if name in ("RetryAfter", "RateLimited") or status == 429:
            return "429"
        if name == "Forbidden" or status == 403:
            return "403"
        if isinstance(status, int) and status >= 500:
            return "5xx"
        if name == "NetworkError" and cause.__cause__ is None:
            return "5xx"  # python-telegram-bot: the Bot API answered 5xx (no transport error)
        if name in ("NetworkError", "TimedOut") or isinstance(cause, OSError | TimeoutError):
            return "network"
        cause = cause.__cause__
    return "other"
