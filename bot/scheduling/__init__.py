"""Scheduled prompts: due times (times), the outbox port storage implements (ports), what
becomes of a claimed row (outcomes), where a platform's prompts go out (channel), the rate limits
(ratelimit), delivery (dispatcher), the single-process guard for SQLite (guard), and the
APScheduler loop tying them together (scheduler)."""
