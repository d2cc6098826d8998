"""The catalog: every key the engine can say exists and renders; the voice rules hold."""

from __future__ import annotations

import re
import string
from pathlib import Path

import messages
from bot.core import questions
from bot.text import Text

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


# --- every reachable key ------------------------------------------------------------------
# Keys built in f-strings ("coach.stage.{stage.value}") are checked by the values they can take;
# the coach's own lines are produced over the whole domain and rendered strictly.

_ROOT = Path(__file__).resolve().parents[2]
_SOURCES = [
    *sorted((_ROOT / "bot" / "core").glob("*.py")),
    *sorted((_ROOT / "bot" / "coach").glob("*.py")),
    _ROOT / "bot" / "app.py",
]
_FSTRING_KEY = re.compile(r'f"((?:[a-z_]+\.)+[^"\s]*\{[^"]*)"')


def _fstring_keys() -> set[str]:
    source = "\n".join(path.read_text(encoding="utf-8") for path in _SOURCES)
    return {m for m in _FSTRING_KEY.findall(source) if m.split(".", 1)[0] in _PREFIXES}


_PREFIXES = {key.split(".", 1)[0] for key in messages.CATALOG}


def test_every_key_the_coach_names_exists():
    source = "\n".join(path.read_text(encoding="utf-8") for path in _SOURCES)
    named = set(re.findall(r'text\(\s*"([a-z_.0-9]+)"', source))
    assert any(key.startswith("coach.") for key in named)
    assert sorted(key for key in named if key not in messages.CATALOG) == []


def test_every_key_built_in_an_f_string_has_its_sentences():
    templates = _fstring_keys()
    assert len(templates) > 30, "the pattern found too little: the test would prove little"
    for template in templates:
        pattern = re.sub(r"\\\{[^}]*\\\}|\{[^}]*\}", "[a-z0-9_.]*", re.escape(template))
        assert any(re.fullmatch(pattern, key) for key in messages.CATALOG), template


def _domains() -> dict[str, list[str]]:
    from bot.coach import model
    from bot.coach.areas import AREAS, cause_targeted
    from bot.core import daypart, logbook
    from bot.core.faq import _WHY_RULES

    stages = [s.value for s in model.Stage]
    standing = [model.Decision.REFER.value, model.Decision.URGENT.value]
    flags = [*sorted(model.RED_FLAGS | model.URGENT_SIGNS), "other"]
    kinds = [k.value for k in model.Kind]
    parts = [daypart.MORNING, daypart.AFTERNOON, daypart.EVENING, daypart.NIGHT]
    logged = {kind for kind, _ in logbook._ACTIVITIES.values()}
    logged |= {activity for _, activity in logbook._ACTIVITIES.values()}
    logged |= {c.value for c in questions.LOG_KIND.choices}
    return {
        "coach.stage": stages,
        "coach.area": [*AREAS, *(c.value for c in questions.AREA.choices)],
        "coach.decision": [*(d.value for d in model.Decision), "floor"],
        "coach.explain.flag": flags,
        "coach.flag": flags,
        "coach.activity": [*model.ACTIVITIES, "cross"],
        "log.activity": sorted(logged),
        "coach.explain.rule": ["1", "2", "3", "4", "5", "9", "10"],
        "faq.why.rule": [str(int(r)) for r in (*_WHY_RULES, model.Rule.OTHERWISE_HOLD)],
        "faq.why": standing,
        "status.standing_since": standing,
        "coach.explain.standing": standing,
        "coach.explain.today": ["advance", "hold", "step_back", "floor"],
        "coach.explain.instead": [s.value for s in model.EARLY_STAGES],
        "coach.explain.refer": ["now", "who"],
        "coach.explain.over_plan": ["clinician", "rest_days", "bone", "protect", "walk"],
        "coach.brief.over_plan": ["clinician", "rest_days", "bone", "protect", "walk"],
        "coach.reason": ["15", "1", "2", "8", "7", "11", "other"],
        "coach.month": [str(m) for m in range(1, 13)],
        "date.month": [str(m) for m in range(1, 13)],
        "date.weekday": [str(d) for d in range(7)],
        "coach.plan.pain_rule": kinds,
        # A cause gets its sentence when it changes the strength work, or for sleep.
        "coach.plan.cause": [c for c in sorted(model.CAUSES) if cause_targeted(c) or c == "sleep"],
        "faq.run.limit": kinds,
        "faq.fitness": kinds,
        "faq.while_referred": ["bone", "soft"],
        "faq.run.no": [s.value for s in model.EARLY_STAGES],
        "status.chart": [str(n) for n in range(1, 8)],  # today is always a line
        "weekly.mood": [*(c.value for c in questions.WEEKLY_REPLY.choices), "other"],
        "weekly.ask": parts,
        "checkin.when_ready": [p for p in parts if p != daypart.MORNING],
        "button.cross": [c.value for c in questions.CROSS.choices],
        "button.cause": [c.value for c in questions.CAUSE.choices],
    }


def test_every_value_a_key_is_built_from_has_its_sentence():
    missing = []
    for prefix, values in _domains().items():
        for value in values:
            # "coach.explain.rule" + "5" and "coach.stage" + "." + "walk".
            joined = f"{prefix}{value}" if prefix.endswith(".rule") else f"{prefix}.{value}"
            if joined not in messages.CATALOG:
                missing.append(joined)
    assert missing == []


def _strict(key: str, params: dict) -> None:
    """Render `key` and every catalog reference in its parameters, failing on a missing one."""
    template = messages.CATALOG[key]
    for variant in template if isinstance(template, tuple) else (template,):
        needed = {name.split(".")[0].split("[")[0] for name in _fields(variant)}
        assert needed <= set(params), (key, sorted(needed - set(params)))
    for value in params.values():
        for inner in value if isinstance(value, tuple) else (value,):
            if isinstance(inner, Text):
                _strict(inner.key, dict(inner.params))


def test_every_plan_and_explanation_renders_with_all_its_parameters():
    from datetime import date, timedelta

    from bot.coach import CoachState, Injury, Kind, Morning, Stage, brief, check_in, plan_for
    from bot.coach.areas import AREAS
    from bot.coach.model import CAUSES

    day = date(2026, 3, 2)
    mornings = (
        Morning(day, 1),
        Morning(day, 6, swelling=True, daily_activity_pain=True),
        Morning(day, 2, red_flags=frozenset({"night_pain"})),
        Morning(day, 1, red_flags=frozenset({"chest_pain"})),
        Morning(day, 0, walk_test="pain_free", hop_test="pass", cleared_by_clinician=True),
    )
    for area in AREAS:
        for kind in Kind:
            for cause in (None, *sorted(CAUSES)):
                injury = Injury(area, kind, cause=cause)
                for stage in Stage:
                    state = CoachState.start(stage, day - timedelta(days=20))
                    plan = plan_for(state, injury, frozenset({"swim", "bike", "yoga"}), day)
                    for line in plan.lines:
                        _strict(line.key, dict(line.params))
                    if cause not in (None, "mileage"):
                        continue  # the explanation does not depend on the cause
                    for morning in mornings:
                        after, verdict = check_in(state, injury, 1, morning)
                        today = plan_for(after, injury, frozenset(), day)
                        for line in brief(verdict, injury, morning, today):
                            _strict(line.key, dict(line.params))
