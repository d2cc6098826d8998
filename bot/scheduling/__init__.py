"""Scheduled prompts (issue 6): due times (times), the outbox rows they become
(storage.outbox), the rate limits (ratelimit), delivery (dispatcher) and the single-process
guard for SQLite (guard). bot/scheduler.py ties them to APScheduler."""
