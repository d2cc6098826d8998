"""The catalog: every key the engine can say exists and renders; the voice rules hold."""

from __future__ import annotations

import re
import string
from pathlib import Path

import messages
from bot.core import questions

_DIAGNOSIS = re.compile(
    r"(you have|you've got|it is|it's|this is|sounds like|probably) (a |an )?"
    r"(stress fracture|fracture|tendinopathy|tendinitis|tendonitis|tear|strain|shin splints|"
    r"plantar fasciitis|runner's knee|itb syndrome|dvt|thrombosis)"
)


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
    root = Path(__file__).resolve().parents[2]
    paths = [*sorted((root / "bot" / "core").glob("*.py")), root / "bot" / "app.py"]
    source = "\n".join(path.read_text(encoding="utf-8") for path in paths)
    named = set(re.findall(r'text\(\s*"([a-z_.]+)"', source))
    assert named, "the pattern found nothing: the test would prove nothing"
    missing = sorted(key for key in named if key not in messages.CATALOG)
    assert missing == []


def test_the_voice_never_says_push_through_or_diagnoses():
    for key, template in _all_templates():
        lowered = template.lower()
        assert "push through" not in lowered or "not toughness" in lowered, key
        # Naming what the runner has is a diagnosis; the coach may only name what they told us.
        assert not _DIAGNOSIS.search(lowered), key


def test_variants_rotate():
    first = messages.render("checkin.hello", {"variant": 0})
    second = messages.render("checkin.hello", {"variant": 1})
    assert first != second


def test_templates_are_well_formed():
    for key, template in _all_templates():
        _fields(template)  # raises on a malformed template
        assert template.strip(), key
