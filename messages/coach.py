"""Sentences of the coach: decisions, explanations, the plan of the day. (Filled by the coach.)"""

CATALOG: dict[str, str | tuple[str, ...]] = {}
