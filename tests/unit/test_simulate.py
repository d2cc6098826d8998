"""The simulator core: every scenario in tests/scenarios replays as expected; bad input is named."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

from bot.coach import ScenarioError, parse_scenario, run_scenario

SCENARIOS = Path(__file__).resolve().parents[1] / "scenarios"
FILES = sorted(SCENARIOS.glob("*.json"))


@pytest.mark.parametrize("path", FILES, ids=[p.stem for p in FILES])
def test_scenario_matches_expected(path: Path) -> None:
    rows = run_scenario(parse_scenario(json.loads(path.read_text())))
    expected_path = path.with_name(path.stem + ".expected.jsonl")
    expected = [json.loads(line) for line in expected_path.read_text().splitlines() if line]
    assert len(rows) == len(expected)
    for row, want in zip(rows, expected, strict=True):
        assert {k: row[k] for k in ("date", "decision", "stage")} == {
            k: want[k] for k in ("date", "decision", "stage")
        }
        if "rules" in want:
            assert row["rules"] == want["rules"]


def test_there_are_enough_scenarios() -> None:
    assert len(FILES) >= 8


def test_output_rows_are_json_lines_with_rules() -> None:
    rows = run_scenario(parse_scenario(_valid()))
    row = {"date": "2026-03-02", "decision": "hold", "stage": "walk_run_3", "rules": [14]}
    assert rows == [row]
    json.dumps(rows)


def _valid() -> dict[str, Any]:
    return {
        "injury": {"area": "achilles", "kind": "tendon", "cleared_by_clinician": False},
        "start_stage": "walk_run_3",
        "baseline_morning_pain": 0,
        "days": [
            {
                "date": "2026-03-02",
                "morning_pain": 0,
                "swelling": False,
                "daily_activity_pain": False,
                "red_flags": [],
                "walk_test": None,
                "hop_test": None,
                "session": {"kind": "run", "minutes": 30, "pain_during": 4},
            },
        ],
    }


def _second_day(**changes: Any) -> dict[str, Any]:
    obj = _valid()
    day = copy.deepcopy(obj["days"][0])
    day.update(date="2026-03-03", session=None)
    day.update(changes)
    obj["days"].append(day)
    return obj


@pytest.mark.parametrize(
    ("mutate", "day_index", "field"),
    [
        (lambda o: o.pop("injury"), None, "injury"),
        (lambda o: o["injury"].update(kind="muscle"), None, "injury.kind"),
        (lambda o: o["injury"].update(area=""), None, "injury.area"),
        (lambda o: o.update(start_stage="jogging"), None, "start_stage"),
        (lambda o: o.update(baseline_morning_pain=11), None, "baseline_morning_pain"),
        (lambda o: o.update(days={}), None, "days"),
        (lambda o: o["days"][0].update(morning_pain=-1), 0, "morning_pain"),
        (lambda o: o["days"][0].update(morning_pain=True), 0, "morning_pain"),
        (lambda o: o["days"][0].update(morning_pain="3"), 0, "morning_pain"),
        (lambda o: o["days"][0].pop("morning_pain"), 0, "morning_pain"),
        (lambda o: o["days"][0].update(date="2026-02-30"), 0, "date"),
        (lambda o: o["days"][0].update(swelling="no"), 0, "swelling"),
        (lambda o: o["days"][0].update(red_flags=["sore"]), 0, "red_flags"),
        (lambda o: o["days"][0].update(walk_test="ok"), 0, "walk_test"),
        (lambda o: o["days"][0].update(hop_test="fail"), 0, "hop_test"),
        (lambda o: o["days"][0]["session"].update(kind="swim"), 0, "session.kind"),
        (lambda o: o["days"][0]["session"].update(minutes=-5), 0, "session.minutes"),
        (lambda o: o["days"][0]["session"].update(pain_during=11), 0, "session.pain_during"),
        (lambda o: o["days"][0].update(cleared_by_clinician=1), 0, "cleared_by_clinician"),
        (lambda o: o["days"].append("x"), 1, "day"),
        (lambda o: o.update(onboarding=[]), None, "onboarding"),
        (
            lambda o: o.update(onboarding={"seen_by_professional": "no"}),
            None,
            "onboarding.seen_by_professional",
        ),
        (
            lambda o: o.update(onboarding={"daily_activity_pain": 1}),
            None,
            "onboarding.daily_activity_pain",
        ),
        (lambda o: o.update(onboarding={"red_flags": ["sore"]}), None, "onboarding.red_flags"),
        (lambda o: o.update(onboarding={"red_flags": "limp"}), None, "onboarding.red_flags"),
        # A misspelt key is named, never read as "not seen".
        (
            lambda o: o.update(onboarding={"seen_professional": True}),
            None,
            "onboarding.seen_professional",
        ),
    ],
)
def test_invalid_input_names_day_and_field(mutate: Any, day_index: int | None, field: str) -> None:
    obj = _valid()
    mutate(obj)
    with pytest.raises(ScenarioError) as err:
        parse_scenario(obj)
    assert (err.value.day_index, err.value.field) == (day_index, field)
    assert field in str(err.value)


@pytest.mark.parametrize("date", ["2026-03-02", "2026-03-01"])
def test_dates_must_strictly_increase(date: str) -> None:
    with pytest.raises(ScenarioError) as err:
        parse_scenario(_second_day(date=date))
    assert (err.value.day_index, err.value.field) == (1, "date")


def test_not_an_object() -> None:
    with pytest.raises(ScenarioError):
        parse_scenario([1, 2])


def test_missed_dates_are_missed_check_ins_with_no_output_row() -> None:
    rows = run_scenario(parse_scenario(_second_day(date="2026-03-09")))
    assert [r["date"] for r in rows] == ["2026-03-02", "2026-03-09"]


def test_optional_fields_default() -> None:
    obj = _valid()
    obj["days"] = [{"date": "2026-03-02", "morning_pain": 0}]
    assert run_scenario(parse_scenario(obj))[0]["decision"] == "hold"


def test_any_area_string_is_accepted() -> None:
    obj = _valid()
    obj["injury"]["area"] = "left big toe"
    assert parse_scenario(obj).injury.area == "left big toe"


# --- the onboarding object (rule 15) ----------------------------------------------------------


def _bone(onboarding: dict[str, Any] | None) -> dict[str, Any]:
    obj = _second_day()
    obj["injury"] = {"area": "shin", "kind": "bone"}
    obj["start_stage"] = "protect"
    obj["days"][0]["session"] = None
    if onboarding is not None:
        obj["onboarding"] = onboarding
    return obj


def test_without_onboarding_nothing_is_assumed() -> None:
    rows = run_scenario(parse_scenario(_bone(None)))
    assert [r["decision"] for r in rows] == ["hold", "hold"]


@pytest.mark.parametrize(
    ("onboarding", "decisions", "rules"),
    [
        ({"seen_by_professional": False, "daily_activity_pain": True}, ["refer"] * 2, [15]),
        ({"seen_by_professional": True, "daily_activity_pain": True}, ["hold"] * 2, [14]),
        ({"daily_activity_pain": False, "red_flags": ["night_pain"]}, ["refer"] * 2, [2, 15]),
        ({"red_flags": ["chest_pain", "limp"]}, ["urgent"] * 2, [1, 15]),
        ({}, ["hold"] * 2, [14]),
    ],
)
def test_onboarding_answers_decide_from_day_one(
    onboarding: dict[str, Any], decisions: list[str], rules: list[int]
) -> None:
    rows = run_scenario(parse_scenario(_bone(onboarding)))
    assert [r["decision"] for r in rows] == decisions
    assert rows[0]["rules"] == rules and all(r["stage"] == "protect" for r in rows)


def test_an_onboarding_referral_lifts_on_a_clearance_day() -> None:
    obj = _bone({"daily_activity_pain": True})
    obj["days"][1]["cleared_by_clinician"] = True
    rows = run_scenario(parse_scenario(obj))
    assert [r["decision"] for r in rows] == ["refer", "hold"]


def test_the_issue_9_examples_are_replayed() -> None:
    names = {p.stem for p in FILES}
    assert {"baseline-moves-down", "onboarding-bone-refer", "over-plan-run"} <= names
