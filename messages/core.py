"""Sentences of the conversation: onboarding, check-in, logging, commands, errors."""

CATALOG: dict[str, str | tuple[str, ...]] = {}
