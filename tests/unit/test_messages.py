"""The catalog: every key the engine can say exists and renders; the voice rules hold."""

from __future__ import annotations

import re
import string

import messages
from bot.core import questions


def _fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def _all_templates() -> list[tuple[str, str]]:
    out = []
    for key, template in messages.CATALOG.items():
        for variant in template if isinstance(template, tuple) else (template,):
            out.append((key, variant))
    return out


def test_every_question_and_button_has_its_sentence():
    for question in questions.ALL.values():
        assert question.ask in messages.CATALOG
        assert question.invalid in messages.CATALOG
        for choice in question.choices:
            assert choice.label in messages.CATALOG, choice.label


def test_every_key_the_core_names_exists():
    source = "\n".join(
        open(path, encoding="utf-8").read()
        for path in __import__("glob").glob("bot/core/*.py") + ["bot/app.py"]
    )
    named = set(re.findall(r'text\(\s*"([a-z_.]+)"', source))
    assert named, "the pattern found nothing: the test would prove nothing"
    missing = sorted(key for key in named if key not in messages.CATALOG)
    assert missing == []


def test_the_voice_never_says_push_through_or_diagnoses():
    for key, template in _all_templates():
        lowered = template.lower()
        assert "push through" not in lowered or "not toughness" in lowered, key
        assert "you have a" not in lowered, key  # naming a condition is a diagnosis


def test_variants_rotate():
    first = messages.render("checkin.hello", {"variant": 0})
    second = messages.render("checkin.hello", {"variant": 1})
    assert first != second


def test_templates_are_well_formed():
    for key, template in _all_templates():
        _fields(template)  # raises on a malformed template
        assert template.strip(), key
