"""`comeback simulate` as clinicians run it: a real process over the scenario files."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

SCENARIOS = Path(__file__).resolve().parents[1] / "scenarios"


def simulate(*files: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "bot.cli", "simulate", *map(str, files)],
        capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip


def test_every_scenario_gives_its_expected_days():
    inputs = sorted(p for p in SCENARIOS.glob("*.json"))
    assert len(inputs) >= 3
    done = simulate(*inputs)
    assert done.returncode == 0, done.stderr
    printed = [json.loads(line) for line in done.stdout.splitlines()]
    expected = [
        json.loads(line)
        for path in inputs
        for line in path.with_suffix(".expected.jsonl").read_text().splitlines()
        if line.strip()
    ]
    assert len(printed) == len(expected)
    for got, want in zip(printed, expected, strict=True):
        assert set(got) == {"date", "decision", "stage", "rules"}
        assert {k: got[k] for k in want} == want


def test_invalid_input_exits_2_names_file_day_and_field_and_prints_nothing_for_it(tmp_path):
    good = SCENARIOS / "achilles-advance.json"
    scenario = json.loads(good.read_text())
    scenario["days"][1]["morning_pain"] = 14
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(scenario))
    done = simulate(bad)
    assert done.returncode == 2
    assert done.stdout == ""
    assert "bad.json" in done.stderr and "day 2" in done.stderr
    assert "morning_pain" in done.stderr
    assert "Traceback" not in done.stderr


def test_a_bad_file_among_good_ones_still_prints_the_good_ones(tmp_path):
    bad = tmp_path / "broken.json"
    bad.write_text("{not json")
    good = SCENARIOS / "achilles-advance.json"
    done = simulate(good, bad)
    assert done.returncode == 2
    assert len(done.stdout.splitlines()) == 4
    assert "broken.json" in done.stderr


def test_a_bad_onboarding_field_is_named(tmp_path):
    scenario = json.loads((SCENARIOS / "onboarding-bone-refer.json").read_text())
    scenario["onboarding"]["daily_activity_pain"] = "yes"
    bad = tmp_path / "onboarding.json"
    bad.write_text(json.dumps(scenario))
    done = simulate(bad)
    assert done.returncode == 2 and done.stdout == ""
    assert "onboarding.json" in done.stderr and "onboarding.daily_activity_pain" in done.stderr
