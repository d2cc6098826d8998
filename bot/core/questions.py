"""Every closed or open question the engine asks, as data: what to say, which buttons, how to
read free text. Flows (onboarding, check-in, log, settings) are sequences of these."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

from bot.core import confirm, multi, parse, zones
from bot.core.text import Text, text
from bot.core.types import Button


@dataclass(frozen=True, slots=True)
class Choice:
    value: str
    label: str  # catalog key of the button label
    words: tuple[str, ...] = ()  # free text that means this choice


@dataclass(frozen=True, slots=True)
class Question:
    name: str  # also the flow name while it is asked, and the prefix of its button payloads
    ask: str  # catalog key
    choices: tuple[Choice, ...] = ()
    read: Callable[[str], object | None] | None = None  # for answers typed, when not a choice
    invalid: str = "error.pick_one"  # catalog key when the answer cannot be read
    columns: int = 2
    multi: bool = False  # several choices, ended by the "done" choice
    # Whether typed text is matched against the choices; a 0-10 scale reads numbers only, or
    # "-1" would match the button "1".
    typed_choices: bool = True

    def payload(self, value: str) -> str:
        return f"{self.name}={value}"

    def buttons(self, picked: frozenset[str] = frozenset()) -> tuple[tuple[Button, ...], ...]:
        buttons = [
            Button(
                text(c.label, mark="✓ " if c.value in picked else "", value=c.value),
                self.payload(c.value),
            )
            for c in self.choices
        ]
        return tuple(
            tuple(buttons[i : i + self.columns]) for i in range(0, len(buttons), self.columns)
        )

    def from_payload(self, payload: str) -> str | None:
        """The choice a button payload names, or None when it is not one of ours for this
        question (a stale keyboard or a forged payload)."""
        prefix, _, value = payload.partition("=")
        if prefix != self.name or value not in {c.value for c in self.choices}:
            return None
        return value

    def from_text(self, typed: str) -> object | None:
        """The answer typed: a choice's value, multi.Ticks for a multi-choice, or what `read`
        makes of it; None when it cannot be read."""
        if self.multi:
            return multi.read(typed, _synonyms(self))
        if self.choices and self.typed_choices:
            found = parse.choice(typed, _synonyms(self))
            if found:
                return found
        return self.read(typed) if self.read else None

    def prompt(self, **params: object) -> Text:
        return Text(self.ask, params)


@cache
def _synonyms(question: Question) -> dict[str, tuple[str, ...]]:
    """What typed text may say for each choice: its words, and its value in plain letters."""
    return {c.value: (*c.words, c.value.replace("_", " ")) for c in question.choices}


def _scale(name: str, ask: str) -> Question:
    """A 0-10 pain question: buttons 0..10 in rows of 6 and 5, or a typed number."""
    return Question(
        name,
        ask,
        tuple(Choice(str(n), "button.number", ()) for n in range(11)),
        read=parse.pain,
        invalid="error.pain_scale",
        columns=6,
        typed_choices=False,
    )


def _yes_no(name: str, ask: str, yes: str = "button.yes", no: str = "button.no") -> Question:
    return Question(
        name,
        ask,
        (Choice("yes", yes), Choice("no", no)),
        read=lambda typed: {True: "yes", False: "no", None: None}[parse.yes_no(typed)],
        invalid="error.yes_no",
    )


def _labelled(name: str, ask: str, options: dict[str, tuple[str, ...]], **kw: object) -> Question:
    prefix = name.split(".")[-1]
    choices = tuple(Choice(v, f"button.{prefix}.{v}", words) for v, words in options.items())
    return Question(name, ask, choices, **kw)  # type: ignore[arg-type]


# The red-flag screen's signs: asked in the check-in, at onboarding (rule 15) and whenever a
# runner names one in passing (the standalone screen).
RED_FLAG_CHOICES = tuple(
    Choice(v, f"button.red_flags.{v}", words)
    for v, words in {
        "bone_tenderness": ("bone", "spot", "point", "press", "tender spot", "bony"),
        "night_pain": ("night", "at rest", "resting", "rest", "wakes me", "in bed"),
        "numbness": ("numb", "numbness", "tingling", "pins and needles"),
        "calf_swelling_warmth": ("calf", "warm", "hot", "warmth"),
        "limp": ("limp", "limping", "can't put weight", "cannot bear weight"),
        "groin_pain": ("groin", "groin pain"),
        "chest_pain": ("chest", "breathless", "short of breath", "breathing", "can't breathe"),
        "missed_periods": ("period", "periods", "missed period", "missed periods", "cycle"),
        "none": ("none", "no", "nope", "nah", "none of these"),
        "done": ("done", "that's all", "thats all", "that's it"),
    }.items()
)
GOAL_CHARS = 120


CONSENT = Question(
    "onboard.consent",
    "onboard.consent",
    (Choice("yes", "button.consent.yes", ("i understand", "understood", "agree", "got it")),
     Choice("no", "button.consent.no", ("not now", "later", "stop"))),
    read=lambda typed: {True: "yes", False: "no", None: None}[parse.yes_no(typed)],
    invalid="error.yes_no",
    columns=1,
)  # fmt: skip
AREA = _labelled(
    "onboard.area",
    "onboard.area",
    {
        "shin": ("shin", "shins", "tibia", "shin splints"),
        "calf_achilles": ("calf", "calves", "achilles", "achilles tendon"),
        "knee": ("knee", "kneecap", "patella", "patellar"),
        "it_band": ("it band", "itb", "outer knee", "iliotibial"),
        "hip_groin": ("hip", "groin", "hips"),
        "foot_heel": ("foot", "heel", "plantar", "arch", "toe", "ankle"),
        "hamstring": ("hamstring", "hamstrings", "back of thigh"),
        "other": ("other", "something else", "elsewhere"),
    },
)
ONSET = _labelled(
    "onboard.onset",
    "onboard.onset",
    {
        "sudden": ("sudden", "suddenly", "all at once", "one moment", "acute", "snap", "pop"),
        "gradual": ("gradual", "gradually", "slowly", "over time", "built up", "creeping"),
    },
)
FEEL = _labelled(
    "onboard.feel",
    "onboard.feel",
    {
        "bone": ("bone", "bony", "stress fracture", "fracture"),
        "tendon": ("tendon", "tendons", "tendinopathy", "tendinitis", "tendonitis"),
        "muscle": ("muscle", "muscular", "strain", "pulled", "tight"),
        "joint": ("joint", "joints"),
        "unsure": ("not sure", "unsure", "don't know", "dont know", "no idea", "idk", "?"),
    },
    columns=3,
)
SEEN_PRO = _yes_no("onboard.seen_pro", "onboard.seen_pro")
BASELINE = _scale("onboard.baseline", "onboard.baseline")
TIMEZONE = Question(
    "onboard.timezone", "onboard.timezone", read=zones.resolve, invalid="error.timezone"
)
CHECKIN_TIME = Question(
    "onboard.checkin_time", "onboard.checkin_time", read=parse.clock_time, invalid="error.time"
)
CROSS = _labelled(
    "onboard.cross",
    "onboard.cross",
    {
        "swim": ("swim", "swimming", "pool", "aqua jogging", "deep water running"),
        "bike": ("bike", "cycling", "cycle", "biking", "spin", "bicycle"),
        "yoga": ("yoga", "pilates", "stretching"),
        "elliptical": ("elliptical", "cross trainer", "crosstrainer"),
        "none": ("none", "nothing", "neither", "no"),
        "done": ("done", "that's all", "thats all", "finished", "that's it"),
    },
    multi=True,
    columns=2,
)

CAUSE = _labelled(
    "onboard.cause",
    "onboard.cause",
    {
        "mileage": ("mileage", "more miles", "more mileage", "more kilometres", "more km",
                    "longer runs", "long runs", "long run", "volume", "marathon training",
                    "more running", "ran more", "running more", "added miles", "upped"),
        "hills": ("hills", "hill", "hill repeats", "hilly", "trail", "trails", "downhill",
                  "uphill", "mountain"),
        "speed": ("speed", "speedwork", "speed work", "intervals", "track", "tempo", "sprints",
                  "faster", "workouts", "races", "racing", "a race"),
        "shoes": ("shoes", "new shoes", "trainers", "new trainers", "barefoot", "minimalist",
                  "carbon", "super shoes", "spikes"),
        "sleep": ("sleep", "less sleep", "tired", "stress", "stressed", "busy", "worn out"),
        "unsure": ("not sure", "unsure", "nothing", "nothing changed", "no idea", "don't know",
                   "dont know", "idk", "nothing in particular", "no change"),
    },
    columns=2,
)  # fmt: skip
ONBOARD_DAILY_PAIN = _yes_no("onboard.daily_pain", "checkin.daily_pain")
GOAL = Question(
    "onboard.goal",
    "onboard.goal",
    (
        Choice("running", "button.goal.running", ("just running", "run again", "running again",
               "to run again", "just to run", "run pain free", "normal running")),
        Choice("skip", "button.goal.skip", ("skip", "no goal", "none", "nothing", "not sure",
               "no", "nope", "pass", "no idea")),
    ),
    read=lambda typed: " ".join(typed.split())[:GOAL_CHARS] or None,
    columns=2,
)  # fmt: skip
ONBOARD_RED_FLAGS = Question(
    "onboard.red_flags",
    "onboard.red_flags",
    RED_FLAG_CHOICES,
    multi=True,
    columns=1,
)

PAIN = _scale("checkin.pain", "checkin.pain")
SWELLING = _labelled(
    "checkin.swelling",
    "checkin.swelling",
    {
        "none": ("none", "no", "nope", "nah", "not swollen", "no swelling"),
        "some": ("some", "a bit", "a little", "slight", "slightly", "puffy", "mild"),
        "visible": ("visible", "swollen", "yes", "a lot", "very", "big"),
    },
    columns=3,
)
DAILY_PAIN = _yes_no("checkin.daily_pain", "checkin.daily_pain")
COMPARED = _labelled(
    "checkin.compared",
    "checkin.compared",
    {
        "better": ("better", "less", "improved", "good", "no more pain", "less pain"),
        "same": (
            "same",
            "similar",
            "no change",
            "unchanged",
            "as before",
            "not worse",
            "no worse",
            "about the same",
        ),
        "worse": ("worse", "more", "sore", "sorer", "bad"),
    },
    columns=3,
)
WALK_TEST = _labelled(
    "checkin.walk_test",
    "checkin.walk_test",
    {
        "pain_free": (
            "pain free",
            "pain-free",
            "fine",
            "no pain",
            "yes",
            "easy",
            "good",
            "not painful",
            "didn't hurt",
            "did not hurt",
            "no problem",
        ),
        "pain": ("pain", "hurt", "hurts", "sore", "painful", "it hurt"),
        "skipped": ("skipped", "didn't", "did not", "not tried", "no time", "skip"),
    },
    columns=3,
)
HOP_TEST = _labelled(
    "checkin.hop_test",
    "checkin.hop_test",
    {
        "pass": (
            "pass",
            "passed",
            "fine",
            "no pain",
            "pain free",
            "pain-free",
            "yes",
            "easy",
            "not painful",
            "didn't hurt",
            "did not hurt",
            "no problem",
        ),
        "pain": ("pain", "hurt", "hurts", "sore", "painful", "it hurt"),
        "skipped": ("skipped", "didn't", "did not", "not tried", "skip"),
    },
    columns=3,
)
CLEARED = _yes_no("checkin.cleared", "checkin.cleared")
RED_FLAGS = Question(
    "checkin.red_flags", "checkin.red_flags", RED_FLAG_CHOICES, multi=True, columns=1
)

LOG_KIND = _labelled(
    "log.kind",
    "log.kind",
    {
        "walk": ("walk", "walked", "walking", "hike"),
        "walk_run": ("walk-run", "walk run", "run-walk", "run walk", "intervals"),
        "run": ("run", "ran", "running", "jog", "jogged", "jogging"),
        "cross": ("cross", "swim", "bike", "yoga", "elliptical", "cycling", "swimming"),
        "strength": ("strength", "gym", "weights", "lifting", "exercises", "rehab"),
    },
    columns=3,
)
LOG_MINUTES = Question(
    "log.minutes",
    "log.minutes",
    choices=tuple(Choice(str(n), "button.minutes", ()) for n in (10, 20, 30, 45, 60, 90)),
    read=parse.minutes,
    columns=3,
    typed_choices=False,
    invalid="error.minutes",
)
LOG_PAIN = _scale("log.pain", "log.pain")

SETTINGS_MENU = _labelled(
    "settings.menu",
    "settings.menu",
    {
        "timezone": ("time zone", "timezone", "zone"),
        "checkin_time": ("time", "check-in time", "checkin time", "morning"),
        "cross": ("cross", "cross-training", "cross training", "activities"),
        "skip_today": ("skip", "skip today", "not today"),
    },
    columns=1,
)
SETTINGS_TIMEZONE = Question(
    "settings.timezone", "onboard.timezone", read=zones.resolve, invalid="error.timezone"
)
SETTINGS_TIME = Question(
    "settings.checkin_time", "onboard.checkin_time", read=parse.clock_time, invalid="error.time"
)
SETTINGS_CROSS = Question(
    "settings.cross", CROSS.ask, CROSS.choices, multi=True, columns=2, invalid=CROSS.invalid
)
# Only its button or an unambiguous typed confirmation deletes (bot.core.confirm).
SIGNS = Question("signs.red_flags", "signs.red_flags", RED_FLAG_CHOICES, multi=True, columns=1)
# Every red-flag screen: typed words that name a sign are read on each of them.
RED_FLAG_SCREENS = frozenset({"checkin.red_flags", "onboard.red_flags", "signs.red_flags"})

DELETE_CONFIRM = Question(
    "delete.confirm",
    "delete.confirm",
    (Choice("yes", "button.delete.yes"), Choice("no", "button.delete.no")),
    read=confirm.delete_answer,
    invalid="error.delete_confirm",
    typed_choices=False,
)

ALL: dict[str, Question] = {
    q.name: q
    for q in (
        CONSENT, AREA, ONSET, CAUSE, FEEL, SEEN_PRO, ONBOARD_DAILY_PAIN, BASELINE, GOAL,
        TIMEZONE, CHECKIN_TIME, CROSS, ONBOARD_RED_FLAGS, SIGNS,
        PAIN, SWELLING, DAILY_PAIN, COMPARED, WALK_TEST, HOP_TEST, CLEARED, RED_FLAGS,
        LOG_KIND, LOG_MINUTES, LOG_PAIN,
        SETTINGS_MENU, SETTINGS_TIMEZONE, SETTINGS_TIME, SETTINGS_CROSS, DELETE_CONFIRM,
    )
}  # fmt: skip
