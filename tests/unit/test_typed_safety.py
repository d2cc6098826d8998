"""Typed answers that must never lose a red flag or delete by accident: the multi-choice rule
on every multi-choice question, and /delete's confirmation."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.core import coaching
from bot.core.effects import CheckinRecorded, ForgetRunner
from bot.core.machine import step
from bot.core.state import IDLE, NEW, Profile, State
from bot.core.types import ConversationKey, Pressed, Typed

KEY = ConversationKey("test", "c1", "u1")
TUESDAY = datetime(2026, 3, 3, 6, 0, tzinfo=UTC)  # not the weekly screen day


def shin_bone_runner() -> State:
    profile = Profile(
        area="shin", onset="gradual", feel="bone", kind="bone", seen_professional=False,
        baseline=1, timezone="Europe/Berlin", checkin_time="07:00",
        cross_training=frozenset(), coach=coaching.start(TUESDAY.date()),
    )  # fmt: skip
    return State(IDLE, {}, profile)


def says(state: State, *texts: str) -> tuple[State, list]:
    effects: list = []
    for typed in texts:
        result = step(state, Typed(KEY, TUESDAY, text=typed))
        state, effects = result.state, effects + result.effects
    return state, effects


def presses(state: State, payload: str) -> tuple[State, list]:
    result = step(state, Pressed(KEY, TUESDAY, payload=payload))
    return result.state, result.effects


def recorded(effects: list) -> CheckinRecorded:
    (checkin,) = [e for e in effects if isinstance(e, CheckinRecorded)]
    return checkin


def at_screen() -> State:
    state, _ = says(shin_bone_runner(), "/checkin", "2", "none", "yes")
    assert state.flow == "checkin.red_flags"  # bone + daily-activity pain calls for the screen
    return state


BOTH = "pain at night and one spot on the bone hurts when I press it"


@pytest.mark.parametrize(
    "finished",
    ["that's all", "done", "That's it.", "nothing else", "no more", "finished", "ok", "yes",
     "nope, that's all", "that is all thanks"],
)  # fmt: skip
def test_a_typed_finish_keeps_the_red_flags_typed_before(finished):
    state, effects = says(at_screen(), BOTH)
    assert effects == [] and sorted(state.data["red_flags"]) == ["bone_tenderness", "night_pain"]
    state, effects = says(state, finished)
    checkin = recorded(effects)
    assert checkin.red_flags == ("bone_tenderness", "night_pain")
    assert checkin.decision == "refer" and state.flow == IDLE


def test_the_that_s_all_button_keeps_them_too():
    state, _ = says(at_screen(), BOTH)
    _, effects = presses(state, "checkin.red_flags=done")
    assert recorded(effects).red_flags == ("bone_tenderness", "night_pain")


@pytest.mark.parametrize("none", ["none of these", "none", "no", "nothing", "nah"])
def test_none_never_clears_a_ticked_flag(none):
    state, _ = says(at_screen(), BOTH)
    state, effects = says(state, none)
    assert effects == [] and state.flow == "checkin.red_flags"
    assert sorted(state.data["red_flags"]) == ["bone_tenderness", "night_pain"]
    # And the None button neither.
    state, effects = presses(state, "checkin.red_flags=none")
    assert effects == [] and len(state.data["red_flags"]) == 2


def test_untick_by_words_or_button_then_none_of_these():
    state, _ = says(at_screen(), BOTH, "untick night pain")
    assert state.data["red_flags"] == ["bone_tenderness"]
    state, _ = presses(state, "checkin.red_flags=bone_tenderness")
    assert state.data["red_flags"] == []
    _, effects = says(state, "none of these")
    assert recorded(effects).red_flags == ()


def test_typed_signs_add_to_pressed_ones_and_are_kept():
    state, _ = presses(at_screen(), "checkin.red_flags=limp")
    state, effects = says(state, "and I get pins and needles", "that's all")
    assert recorded(effects).red_flags == ("limp", "numbness")


def test_a_bare_done_with_nothing_ticked_asks_which_instead_of_meaning_none():
    state, effects = says(at_screen(), "yes")
    assert effects == [] and state.flow == "checkin.red_flags"


def test_cross_training_done_keeps_the_ticks_and_words_add():
    state, _ = says(shin_bone_runner(), "/settings", "cross-training")
    for payload in ("settings.cross=swim", "settings.cross=bike", "settings.cross=yoga"):
        state, _ = presses(state, payload)
    state, _ = says(state, "done")
    assert state.profile is not None and state.profile.cross_training == {"swim", "bike", "yoga"}
    state, _ = says(state, "/settings", "cross-training", "elliptical")
    assert state.profile.cross_training == {"swim", "bike", "yoga", "elliptical"}
    state, _ = says(state, "/settings", "cross-training", "not yoga", "that's all")
    assert state.profile.cross_training == {"swim", "bike", "elliptical"}


@pytest.mark.parametrize(
    "typed",
    ["wait, do not delete! yes I want to keep everything", "no", "keep it", "yes but not now",
     "don't", "hmm yes no", "cancel", "actually no", "No, keep it"],
)  # fmt: skip
def test_delete_keeps_everything_unless_plainly_confirmed(typed):
    state, _ = says(shin_bone_runner(), "/delete")
    state, effects = says(state, typed)
    assert not any(isinstance(e, ForgetRunner) for e in effects)
    assert state.profile is not None


@pytest.mark.parametrize("typed", ["sure", "ok", "yes I guess", "whatever"])
def test_delete_asks_again_when_unsure(typed):
    state, _ = says(shin_bone_runner(), "/delete")
    state, effects = says(state, typed)
    assert effects == [] and state.flow == "delete.confirm"


@pytest.mark.parametrize(
    "typed", ["yes", "Yes, delete everything", "delete everything", "yes please delete it all"]
)
def test_delete_by_an_unambiguous_confirmation(typed):
    state, _ = says(shin_bone_runner(), "/delete")
    state, effects = says(state, typed)
    assert any(isinstance(e, ForgetRunner) for e in effects) and state.flow == NEW


@pytest.mark.parametrize("typed", ["nothing, thanks", "no thanks", "cancel", "never mind"])
def test_leaving_settings_in_words(typed):
    state, _ = says(shin_bone_runner(), "/settings")
    result = step(state, Typed(KEY, TUESDAY, text=typed))
    assert result.state.flow == IDLE and result.state.profile == state.profile
    assert [line.key for r in result.replies for line in r.lines] == ["cancel.done"]


def test_a_typed_stop_never_drops_a_ticked_sign():
    state, _ = says(at_screen(), BOTH, "stop")
    assert state.flow == "checkin.red_flags" and len(state.data["red_flags"]) == 2


def test_a_sign_named_while_logging_opens_the_screen_when_the_log_is_saved():
    state, _ = says(shin_bone_runner(), "/log", "walk", "20 minutes, limping a bit after")
    assert state.flow == "log.pain"  # the answer still counts; the sign waits for the end
    state, effects = says(state, "1")
    assert [type(e).__name__ for e in effects] == ["SessionLogged"]  # the walk is saved
    assert state.flow == "signs.red_flags" and state.data["red_flags"] == ["limp"]
    state, _ = says(state, "that's all")
    assert state.flow == IDLE and coaching.standing(state.profile) == "refer"


def test_a_sign_named_in_passing_opens_the_screen_at_once():
    state, _ = says(shin_bone_runner(), "it has been waking me up at night")
    assert state.flow == "signs.red_flags" and state.data["red_flags"] == ["night_pain"]
    state, _ = says(state, "not night pain", "none of these")
    assert state.flow == IDLE and coaching.standing(state.profile) is None


def test_a_sign_named_in_a_check_in_answer_comes_ticked_at_the_end():
    state, _ = says(shin_bone_runner(), "/checkin", "2, and my calf is hot and swollen")
    assert state.flow == "checkin.swelling"
    state, _ = says(state, "a bit swollen", "no")
    assert state.flow == "checkin.red_flags"
    assert state.data["red_flags"] == ["calf_swelling_warmth"]
    _, effects = says(state, "yes that's right")
    assert recorded(effects).decision == "urgent"
