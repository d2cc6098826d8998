"""The engine alone: no database, no clock, a table of (state, input) -> (state, what is said)."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from bot.core import coaching
from bot.core.effects import CheckinRecorded, ForgetRunner, SessionLogged, StageChanged
from bot.core.machine import step
from bot.core.state import IDLE, NEW, Profile, State
from bot.core.types import ChatKind, ConversationKey, Event, Pressed, Prompted, Typed

KEY = ConversationKey("test", "c1", "u1")
NOW = datetime(2026, 3, 2, 6, 0, tzinfo=UTC)
TODAY = date(2026, 3, 2)


def profile(**changes: object) -> Profile:
    base = Profile(
        area="calf_achilles", onset="gradual", feel="tendon", kind="tendon",
        seen_professional=True, baseline=1, timezone="Europe/Berlin", checkin_time="07:00",
        cross_training=frozenset({"swim"}), coach=coaching.start(TODAY),
    )  # fmt: skip
    return base.with_(**changes)


def typed(text: str, **kw: object) -> Event:
    return Typed(KEY, NOW, text=text, **kw)  # type: ignore[arg-type]


def pressed(payload: str) -> Event:
    return Pressed(KEY, NOW, payload=payload)


def keys(result) -> list[str]:
    return [line.key for reply in result.replies for line in reply.lines]


ONBOARDING = [
    # (flow before, data before, input event, flow after, a key said)
    ("new", {}, typed("/start"), "onboard.consent", "onboard.welcome"),
    ("new", {}, typed("hello"), "onboard.consent", "onboard.welcome"),
    ("onboard.consent", {}, pressed("onboard.consent=yes"), "onboard.area", "onboard.mindset"),
    ("onboard.consent", {}, typed("nah"), "new", "onboard.declined"),
    ("onboard.consent", {}, typed("👍"), "onboard.area", "onboard.area"),
    ("onboard.area", {}, typed("my achilles"), "onboard.onset", "onboard.onset"),
    ("onboard.area", {}, typed("banana"), "onboard.area", "error.pick_one"),
    ("onboard.area", {}, pressed("onboard.area=elbow"), "onboard.area", "error.stale_button"),
    ("onboard.area", {}, pressed("checkin.pain=3"), "onboard.area", "error.stale_button"),
    ("onboard.onset", {}, typed("gradually"), "onboard.cause", "onboard.cause"),
    ("onboard.cause", {}, typed("I added hill repeats"), "onboard.feel", "onboard.cause_noted"),
    ("onboard.cause", {}, typed("no idea"), "onboard.feel", "onboard.feel"),
    ("onboard.feel", {}, typed("not sure"), "onboard.seen_pro", "onboard.feel_unsure"),
    ("onboard.seen_pro", {}, typed("no"), "onboard.daily_pain", "onboard.seen_pro.no"),
    ("onboard.daily_pain", {}, typed("yes"), "onboard.baseline", "onboard.baseline"),
    ("onboard.baseline", {}, typed("2/10"), "onboard.goal", "onboard.goal"),
    ("onboard.goal", {}, typed("Berlin half in April"), "onboard.timezone", "onboard.timezone"),
    ("onboard.goal", {}, pressed("onboard.goal=skip"), "onboard.timezone", "onboard.timezone"),
    ("onboard.baseline", {}, typed("11"), "onboard.baseline", "error.out_of_range"),
    ("onboard.baseline", {}, typed("-1"), "onboard.baseline", "error.out_of_range"),
    ("onboard.timezone", {}, typed("New York"), "onboard.checkin_time", "onboard.timezone_ok"),
    ("onboard.timezone", {}, typed("UTC+5:30"), "onboard.checkin_time", "onboard.timezone_ok"),
    ("onboard.timezone", {}, typed("Mars/Olympus"), "onboard.timezone", "error.timezone"),
    ("onboard.checkin_time", {}, typed("7am"), "onboard.cross", "onboard.cross"),
    ("onboard.checkin_time", {}, typed("25:00"), "onboard.checkin_time", "error.time"),
    ("onboard.cross", {}, pressed("onboard.cross=swim"), "onboard.cross", "onboard.cross"),
    ("onboard.cross", {}, typed("swim"), "onboard.red_flags", "onboard.screen_why"),
    # "back" and "wait, I meant ..." return to the previous question (answering it if they can).
    ("onboard.feel", {}, typed("back"), "onboard.cause", "onboard.back"),
    ("onboard.seen_pro", {}, typed("wait, I meant tendon"), "onboard.seen_pro", "onboard.seen_pro"),
    ("onboard.timezone", {}, typed("go back"), "onboard.goal", "onboard.goal"),
]


@pytest.mark.parametrize(("flow", "data", "event", "after", "said"), ONBOARDING)
def test_onboarding_table(flow, data, event, after, said):
    result = step(State(flow, data, None), event)
    assert result.state.flow == after
    assert said in keys(result)


FULL_ANSWERS = {
    "area": "shin", "onset": "gradual", "cause": "hills", "feel": "unsure", "seen_pro": "no",
    "daily_pain": "no", "baseline": "1", "goal": "Berlin half", "timezone": "America/New_York",
    "checkin_time": "06:30",
}  # fmt: skip


def test_onboarding_ends_with_a_profile_a_plan_and_the_first_stage():
    screen = step(State("onboard.cross", FULL_ANSWERS, None), typed("swim and yoga"))
    assert screen.state.flow == "onboard.red_flags" and screen.state.profile is None
    result = step(screen.state, typed("none of these"))
    assert result.state.flow == IDLE
    made = result.state.profile
    assert made is not None
    assert made.cross_training == {"swim", "yoga"}
    # "not sure" on a shin is treated as bone: the strictest limit until someone has looked.
    assert made.kind == "bone"
    assert made.timezone == "America/New_York" and made.checkin_time == "06:30"
    assert made.cause == "hills" and made.goal == "Berlin half"
    assert coaching.standing(made) is None  # a clear screen refers nobody
    assert coaching.stage_of(made) == "protect"
    assert "onboard.done" in keys(result)
    assert any(k.startswith("coach.plan") for k in keys(result))
    assert [type(e) for e in result.effects] == [StageChanged]


@pytest.mark.parametrize(
    ("area", "feel", "kind"),
    [
        ("calf_achilles", "tendon", "tendon"),
        ("shin", "bone", "bone"),
        ("shin", "unsure", "bone"),
        ("knee", "unsure", "other"),
        ("hamstring", "muscle", "other"),
        ("knee", "joint", "other"),
    ],
)
def test_what_it_feels_like_maps_to_the_coach_kind(area, feel, kind):
    from bot.core.onboarding import coach_kind

    assert coach_kind(area, feel) == kind


def test_a_command_mid_onboarding_keeps_the_answers():
    state = State("onboard.timezone", {"area": "knee", "onset": "sudden"}, None)
    result = step(state, typed("/status"))
    assert result.state == state
    assert keys(result)[-1] == "onboard.timezone"  # the open question comes again


def test_cancel_during_onboarding_starts_over_later():
    result = step(State("onboard.area", {}, None), typed("/cancel"))
    assert result.state.flow == NEW


def idle(**changes: object) -> State:
    return State(IDLE, {}, profile(**changes))


def run(state: State, *events: Event) -> tuple[State, list]:
    effects: list = []
    result = None
    for event in events:
        result = step(state, event)
        state = result.state
        effects += result.effects
    return state, effects


def test_a_good_check_in_records_answers_and_a_decision():
    state, effects = run(
        idle(),
        typed("/checkin"),
        typed("1"),
        pressed("checkin.swelling=none"),
        typed("no"),
    )
    assert state.flow == "checkin.red_flags"  # Monday: the weekly safety screen, whatever else
    state, more = run(state, typed("none of these"))
    effects += more
    assert state.flow == IDLE
    recorded = [e for e in effects if isinstance(e, CheckinRecorded)]
    assert len(recorded) == 1
    assert recorded[0].morning_pain == 1 and recorded[0].swelling == "none"
    assert recorded[0].decision == "hold" and recorded[0].stage == "protect"
    assert state.profile is not None and state.profile.last_checkin == TODAY


def test_a_second_check_in_the_same_day_is_refused():
    state, _ = run(idle(last_checkin=TODAY), typed("/checkin"))
    assert state.flow == IDLE


def test_high_pain_brings_the_red_flag_screen_and_an_urgent_sign_is_urgent():
    state, _ = run(
        idle(),
        typed("/checkin"),
        typed("7"),
        typed("a little"),
        typed("yes"),
    )
    assert state.flow == "checkin.red_flags"
    state, _effects = run(state, pressed("checkin.red_flags=calf_swelling_warmth"))
    assert state.flow == "checkin.red_flags"  # more than one sign may apply
    result = step(state, pressed("checkin.red_flags=done"))
    recorded = [e for e in result.effects if isinstance(e, CheckinRecorded)]
    assert recorded[0].decision == "urgent"
    assert recorded[0].red_flags == ("calf_swelling_warmth",)


def test_pain_out_of_range_and_words_get_a_clear_answer_and_the_question_again():
    state, _ = run(idle(), typed("/checkin"))
    for bad in ("12", "lots", "3 or 4", "🙂"):
        result = step(state, typed(bad))
        assert result.state == state
        assert keys(result)[-1] == "checkin.pain"


def test_log_a_session():
    state, effects = run(idle(), typed("/log"), typed("walk"), typed("30 min"), typed("0"))
    assert state.flow == IDLE
    logged = [e for e in effects if isinstance(e, SessionLogged)]
    assert logged and logged[0].minutes == 30 and logged[0].kind == "walk"


def test_crisis_words_get_help_at_once_and_leave_the_flow_as_it_was():
    state, _ = run(idle(), typed("/checkin"))
    result = step(state, typed("honestly I want to kill myself"))
    assert keys(result) == ["crisis.help"]
    assert result.state == state


def test_a_message_over_4000_characters_is_refused_politely():
    state, _ = run(idle(), typed("/checkin"))
    result = step(state, typed("x" * 10_000))
    assert keys(result)[0] == "error.too_long"
    assert result.state == state


def test_unknown_command():
    result = step(idle(), typed("/dance"))
    assert keys(result) == ["error.unknown_command"]


def test_delete_asks_first_and_then_forgets():
    state, effects = run(idle(), typed("/delete"))
    assert state.flow == "delete.confirm" and effects == []
    result = step(state, pressed("delete.confirm=yes"))
    assert result.effects == [ForgetRunner()]
    assert result.state == State()


def test_pause_silences_the_morning_prompt_and_resume_brings_it_back():
    paused, _ = run(idle(), typed("/pause"))
    assert step(paused, Prompted(KEY, NOW, prompt="checkin")).replies == []
    resumed, _ = run(paused, typed("/resume"))
    assert step(resumed, Prompted(KEY, NOW, prompt="checkin")).state.flow == "checkin.pain"


def test_the_morning_prompt_is_not_repeated_once_answered_or_skipped():
    assert step(idle(last_checkin=TODAY), Prompted(KEY, NOW, prompt="checkin")).replies == []
    assert step(idle(skip_date=TODAY), Prompted(KEY, NOW, prompt="checkin")).replies == []
    asked = step(idle(), Prompted(KEY, NOW, prompt="checkin")).state
    assert step(asked, Prompted(KEY, NOW, prompt="checkin")).replies == []


def test_personal_commands_in_a_group_answer_privately():
    result = step(idle(), Typed(KEY, NOW, text="/status", chat_kind=ChatKind.GROUP))
    assert result.replies and all(reply.private for reply in result.replies)


def test_settings_change_the_check_in_time():
    state, _ = run(idle(), typed("/settings"), pressed("settings.menu=checkin_time"), typed("6:15"))
    assert state.profile is not None and state.profile.checkin_time == "06:15"
    assert state.flow == IDLE


def test_every_payload_fits_telegram_callback_data():
    from bot.core.questions import ALL
    from bot.core.types import MAX_PAYLOAD_BYTES

    for question in ALL.values():
        for row in question.buttons():
            for button in row:
                assert len(button.payload.encode()) <= MAX_PAYLOAD_BYTES


def test_everything_said_in_a_group_is_private_and_onboarding_moves_to_a_dm():
    group = Typed(KEY, NOW, text="/start", chat_kind=ChatKind.GROUP)
    started = step(State(), group)
    assert keys(started) == ["group.go_private"] and started.state == State()
    assert all(reply.private for reply in started.replies)
    status = step(idle(), Typed(KEY, NOW, text="/status", chat_kind=ChatKind.GROUP))
    assert keys(status)[0] == "status.summary" and all(r.private for r in status.replies)
    settings = step(idle(), Typed(KEY, NOW, text="/settings", chat_kind=ChatKind.GROUP))
    assert keys(settings) == ["group.go_private"]


def test_settings_cross_training_by_buttons_and_by_words():
    state, _ = run(
        idle(),
        typed("/settings"),
        pressed("settings.menu=cross"),
        pressed("settings.cross=bike"),  # swim was already picked: now swim and bike
        pressed("settings.cross=swim"),  # and swim off again
        pressed("settings.cross=done"),
    )
    assert state.profile is not None and state.profile.cross_training == {"bike"}
    # Typed options add to what is ticked; an untick in words takes one away.
    state, _ = run(state, typed("/settings"), typed("cross-training"), typed("yoga and swim"))
    assert state.profile is not None and state.profile.cross_training == {"bike", "yoga", "swim"}
    state, _ = run(state, typed("/settings"), typed("cross-training"), typed("not bike"))
    assert state.flow == "settings.cross"
    state, _ = run(state, typed("that's it"))
    assert state.profile is not None and state.profile.cross_training == {"yoga", "swim"}


TUESDAY = datetime(2026, 3, 3, 6, 0, tzinfo=UTC)


def on(moment: datetime, text: str) -> Event:
    return Typed(KEY, moment, text=text)


def test_typing_in_a_new_chat_never_wipes_the_profile():
    runner = profile()
    result = step(State(NEW, {}, runner), typed("thanks!"))
    assert result.state.profile == runner and keys(result) == ["idle.thanks"]
    assert step(State(NEW, {}, runner), typed("/start")).state.profile == runner


def test_group_chatter_outside_a_question_gets_no_reply():
    chatter = Typed(KEY, NOW, text="anyone running saturday?", chat_kind=ChatKind.GROUP)
    assert step(State(), chatter).replies == []
    assert step(idle(), chatter).replies == []


def test_a_check_in_left_open_yesterday_restarts_for_today():
    yesterday_open, _ = run(idle(), typed("/checkin"), typed("1"))
    assert step(yesterday_open, Prompted(KEY, TUESDAY, prompt="checkin")).state.data["day"] == (
        "2026-03-03"
    )
    answered = step(yesterday_open, on(TUESDAY, "none"))
    assert answered.state.flow == "checkin.pain" and answered.state.data["day"] == "2026-03-03"


def test_a_check_in_for_a_day_the_coach_has_passed_is_refused_not_crashed():
    # Checked in on Tuesday in Tokyo, then moved to Los Angeles where it is still Monday.
    state, _ = run(idle(timezone="Asia/Tokyo"), on(TUESDAY, "/checkin"), on(TUESDAY, "0"),
                   on(TUESDAY, "none"), on(TUESDAY, "no"))  # fmt: skip
    moved = State(IDLE, {}, state.profile.with_(timezone="America/Los_Angeles", last_checkin=None))
    later = datetime(2026, 3, 3, 7, 0, tzinfo=UTC)  # Monday evening in Los Angeles
    result = step(moved, on(later, "/checkin"))
    assert keys(result) == ["checkin.already_done"]


def test_the_morning_prompt_never_hijacks_a_half_logged_session():
    state, _ = run(idle(), on(TUESDAY, "/log"), on(TUESDAY, "run"), on(TUESDAY, "20"))
    prompted = step(state, Prompted(KEY, TUESDAY, prompt="checkin"))
    assert prompted.state == state and keys(prompted) == ["checkin.when_ready"]
    _, effects = run(state, on(TUESDAY, "2"))
    assert [e.pain_during for e in effects if isinstance(e, SessionLogged)] == [2]


def test_typed_red_flags_are_confirmed_before_they_count():
    state, _ = run(idle(), on(TUESDAY, "/checkin"), on(TUESDAY, "7"), on(TUESDAY, "a little"),
                   on(TUESDAY, "no"))  # fmt: skip
    assert state.flow == "checkin.red_flags"
    ticked = step(state, on(TUESDAY, "my calf is fine"))
    assert ticked.state.flow == "checkin.red_flags" and ticked.effects == []
    assert keys(ticked)[0] == "checkin.red_flags_confirm"
    # "None of these" never clears a tick: the runner is told how to untick it.
    kept = step(ticked.state, on(TUESDAY, "none of these"))
    assert kept.state.flow == "checkin.red_flags" and kept.effects == []
    assert keys(kept)[0] == "multi.kept"
    unticked = step(kept.state, on(TUESDAY, "not the calf"))
    cleared = step(unticked.state, on(TUESDAY, "none of these"))
    recorded = [e for e in cleared.effects if isinstance(e, CheckinRecorded)]
    assert recorded[0].red_flags == () and recorded[0].decision != "urgent"


def test_status_keeps_an_open_check_in_open():
    state, _ = run(idle(), on(TUESDAY, "/checkin"), on(TUESDAY, "1"))
    result = step(state, on(TUESDAY, "/status"))
    assert result.state == state and keys(result)[-1] == "checkin.swelling"


def test_crisis_words_win_over_the_length_limit_and_injury_talk_is_not_crisis():
    long_crisis = "x" * 5000 + " I don’t want to live anymore"
    assert keys(step(idle(), typed(long_crisis))) == ["crisis.help"]
    assert keys(step(idle(), typed("I hurt myself on a run last month"))) == ["idle.unknown"]
