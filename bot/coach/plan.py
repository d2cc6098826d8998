"""Stub: filled next."""


class Plan:
    pass


def plan_for() -> None:
    return None
