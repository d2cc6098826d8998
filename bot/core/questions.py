"""Every closed or open question the engine asks, as data: what to say, which buttons, how to
read free text. Flows (onboarding, check-in, log, settings) are sequences of these."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cache

from bot.core import confirm, multi, parse, zones
from bot.core.types import Button
from bot.text import Text, text

TICK = "✓ "  # before a multi-choice button's label once it is picked


@dataclass(frozen=True, slots=True)
class Choice:
    value: str
    label: str  # catalog key of the button label
    words: tuple[str, ...] = ()  # free text that means this choice


class Flow(StrEnum):
    """A conversation with questions: what an answer is handed to (bot.core.machine)."""

    ONBOARD = "onboard"
    CHECKIN = "checkin"
    LOG = "log"
    SETTINGS = "settings"
    SIGNS = "signs"
    WEEKLY = "weekly"
    DELETE = "delete"


@dataclass(frozen=True, slots=True)
class Question:
    flow: Flow
    key: str  # where the flow keeps the answer in its data
    ask: str  # catalog key
    choices: tuple[Choice, ...] = ()
    read: Callable[[str], object | None] | None = None  # for answers typed, when not a choice
    invalid: str = "error.pick_one"  # catalog key when the answer cannot be read
    columns: int = 2
    multi: bool = False  # several choices, ended by the "done" choice
    # Whether typed text is matched against the choices; a 0-10 scale reads numbers only, or
    # "-1" would match the button "1".
    typed_choices: bool = True
    # "onboard.area": the state's flow while it is open (stored) and its buttons' payload prefix.
    name: str = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "name", f"{self.flow}.{self.key}")

    def payload(self, value: str) -> str:
        return f"{self.name}={value}"

    def buttons(self, picked: frozenset[str] = frozenset()) -> tuple[tuple[Button, ...], ...]:
        buttons = [
            Button(
                text(c.label, mark=TICK if c.value in picked else "", value=c.value),
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


def _scale(flow: Flow, key: str, ask: str) -> Question:
    """A 0-10 pain question: buttons 0..10 in rows of 6 and 5, or a typed number."""
    return Question(
        flow,
        key,
        ask,
        tuple(Choice(str(n), "button.number", ()) for n in range(11)),
        read=parse.pain,
        invalid="error.pain_scale",
        columns=6,
        typed_choices=False,
    )


def _yes_no(
    flow: Flow,
    key: str,
    ask: str,
    yes: str = "button.yes",
    no: str = "button.no",
    says_yes: tuple[str, ...] = (),
    says_no: tuple[str, ...] = (),
) -> Question:
    """Typed answers are read whole, never matched word by word: "no, yes I want to keep it"
    is both, so it is asked again. `says_yes`/`says_no`: the question's own phrases."""
    return Question(
        flow,
        key,
        ask,
        (Choice("yes", yes), Choice("no", no)),
        read=parse.yes_no_reader(says_yes, says_no),
        invalid="error.yes_no",
        typed_choices=False,
    )


def _labelled(
    flow: Flow, key: str, ask: str, options: dict[str, tuple[str, ...]], **kw: object
) -> Question:
    choices = tuple(Choice(v, f"button.{key}.{v}", words) for v, words in options.items())
    return Question(flow, key, ask, choices, **kw)  # type: ignore[arg-type]


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


_CONSENT_YES = ("i understand", "understood", "agree", "i agree", "got it", "sounds good",
                "lets go", "lets do it", "go ahead", "ready", "im in", "count me in", "deal",
                "fine", "great", "perfect", "cool", "alright", "all right", "makes sense",
                "start")  # fmt: skip
_CONSENT_NO = ("not now", "later", "maybe later", "stop", "no thanks", "disagree", "not for me",
               "cancel", "quit", "leave it")  # fmt: skip
CONSENT = Question(
    Flow.ONBOARD, "consent",
    "onboard.consent",
    (Choice("yes", "button.consent.yes", ("i understand", "understood", "agree", "got it")),
     Choice("no", "button.consent.no", ("not now", "later", "stop"))),
    read=parse.yes_no_reader(_CONSENT_YES, _CONSENT_NO),
    invalid="error.yes_no",
    columns=1,
    typed_choices=False,  # read whole: "I don't agree" must not match "agree"
)  # fmt: skip
AREA = _labelled(
    Flow.ONBOARD, "area",
    "onboard.area",
    {
        "shin": ("shin", "shins", "tibia", "shin splints", "shinbone", "shin bone", "mtss",
                 "front of my leg", "front of the leg", "lower leg bone"),
        "calf_achilles": ("calf", "calves", "achilles", "achilles tendon", "calf muscle",
                          "soleus", "gastrocnemius", "back of my ankle", "back of the ankle"),
        "knee": ("knee", "knees", "kneecap", "patella", "patellar", "runners knee",
                 "front of my knee", "front of the knee", "under my kneecap", "pfps"),
        "it_band": ("it band", "itb", "it-band", "i t band", "outer knee", "iliotibial",
                    "outside of my knee", "outside of the knee", "outside knee",
                    "side of my knee", "side of the knee", "itbs"),
        "hip_groin": ("hip", "groin", "hips", "hip flexor", "hip flexors", "glute", "glutes",
                      "buttock", "bum", "butt", "pelvis", "adductor", "adductors"),
        "foot_heel": ("foot", "feet", "heel", "heels", "plantar", "plantar fasciitis", "arch",
                      "toe", "toes", "ankle", "ankles", "metatarsal", "metatarsals", "sole",
                      "ball of my foot", "top of my foot", "bunion"),
        "hamstring": ("hamstring", "hamstrings", "back of thigh", "back of my thigh",
                      "back of the thigh", "hammy", "hammies", "hamstring tendon"),
        "other": ("other", "something else", "elsewhere", "quad", "quads", "thigh", "lower back",
                  "back", "neck", "shoulder"),
    },
)  # fmt: skip
ONSET = _labelled(
    Flow.ONBOARD, "onset",
    "onboard.onset",
    {
        "sudden": ("sudden", "suddenly", "all at once", "one moment", "acute", "snap", "pop",
                   "all of a sudden", "out of nowhere", "mid run", "mid-run", "during a run",
                   "in one run", "one run", "during a race", "in a race", "felt a pop", "popped",
                   "snapped", "twisted", "rolled", "rolled my ankle", "sprained", "fell",
                   "tripped", "slipped", "landed badly", "one step", "instantly", "straight away",
                   "right away", "immediately", "sharp pain", "tweaked", "pulled it",
                   "felt something go", "felt it go"),
        "gradual": ("gradual", "gradually", "slowly", "over time", "built up", "creeping",
                    "crept up", "crept in", "creeping up", "crept", "came on slowly",
                    "came on gradually", "bit by bit", "little by little", "over a few weeks",
                    "over weeks", "over a couple of weeks", "over the last few weeks",
                    "over a few days", "over a few months", "over months", "over a month",
                    "for weeks", "for months", "getting worse", "got worse and worse",
                    "worse and worse", "building up", "built up over", "niggle", "niggling",
                    "slowly got worse", "overuse", "over a while", "more and more"),
    },
)  # fmt: skip
FEEL = _labelled(
    Flow.ONBOARD, "feel",
    "onboard.feel",
    {
        "bone": ("bone", "bony", "stress fracture", "fracture", "in the bone", "on the bone",
                 "deep ache", "deep in the bone", "stress reaction", "bone ache", "bone pain"),
        "tendon": ("tendon", "tendons", "tendinopathy", "tendinitis", "tendonitis", "tendinosis",
                   "stiff in the morning", "stiff first thing", "sore first thing",
                   "stiff and sore", "creaky"),
        "muscle": ("muscle", "muscular", "strain", "strained", "pulled", "tight", "tightness",
                   "pulled muscle", "muscle strain", "tear", "torn", "knot", "cramp",
                   "muscle ache"),
        "joint": ("joint", "joints", "in the joint", "inside the knee", "clicking", "locking",
                  "grinding", "in the knee joint"),
        "unsure": ("not sure", "unsure", "don't know", "dont know", "no idea", "idk", "?",
                   "no clue", "dunno", "hard to say", "cant tell", "can't tell", "not certain",
                   "could be anything", "your guess", "no clue at all"),
    },
    columns=3,
)  # fmt: skip
SEEN_PRO = _yes_no(
    Flow.ONBOARD, "seen_pro",
    "onboard.seen_pro",
    says_yes=("saw", "seen", "seeing", "been to", "went to", "visited", "physio", "physios",
              "physiotherapist", "doctor", "doc", "gp", "sports doctor", "sports medic",
              "podiatrist", "osteo", "osteopath", "chiro", "chiropractor", "specialist",
              "orthopaedic", "orthopedic", "surgeon", "clinician", "diagnosed", "had it checked",
              "got it checked", "checked out", "looked at it", "had a scan", "mri", "x-ray",
              "xray", "scan", "sports therapist", "athletic trainer"),
    says_no=("nobody", "no one", "noone", "anyone", "not yet", "not seen", "on my own", "booked",
             "booked in", "appointment", "waiting list", "going to", "next week", "will",
             "self diagnosed", "self-diagnosed", "dr google", "google", "only google"),
)  # fmt: skip
BASELINE = _scale(Flow.ONBOARD, "baseline", "onboard.baseline")


def _timezone(flow: Flow) -> Question:
    """The time-zone question, asked at onboarding and again from /settings."""
    return Question(
        flow, "timezone", "onboard.timezone", read=zones.resolve, invalid="error.timezone"
    )


def _checkin_time(flow: Flow) -> Question:
    """The check-in time question, asked at onboarding and again from /settings."""
    return Question(
        flow, "checkin_time", "onboard.checkin_time", read=parse.clock_time, invalid="error.time"
    )


TIMEZONE = _timezone(Flow.ONBOARD)
CHECKIN_TIME = _checkin_time(Flow.ONBOARD)
CROSS = _labelled(
    Flow.ONBOARD, "cross",
    "onboard.cross",
    {
        "swim": ("swim", "swimming", "pool", "aqua jogging", "deep water running", "swimmer",
                 "pool running", "aqua", "swims", "laps", "water running"),
        "bike": ("bike", "cycling", "cycle", "biking", "spin", "bicycle", "spinning",
                 "spin class", "peloton", "turbo", "turbo trainer", "stationary bike",
                 "exercise bike", "indoor bike", "zwift", "road bike", "ride", "riding"),
        "yoga": ("yoga", "pilates", "stretching", "stretches", "mobility", "reformer"),
        "elliptical": ("elliptical", "cross trainer", "crosstrainer", "cross-trainer",
                       "x-trainer", "orbitrek", "elliptical trainer"),
        "none": ("none", "nothing", "neither", "no", "none of them", "none of these",
                 "nothing at the moment", "nothing yet", "not really", "nope", "nah"),
        "done": ("done", "that's all", "thats all", "finished", "that's it", "thats it",
                 "nothing else", "no more", "that's everything", "all done"),
    },
    multi=True,
    columns=2,
)  # fmt: skip

CAUSE = _labelled(
    Flow.ONBOARD, "cause",
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
# Hurting "a bit" in daily life is a yes: the rules care whether it hurts, not how much.
_DAILY_YES = ("a bit", "a little", "slightly", "a little bit", "sometimes", "stairs",
              "on the stairs", "walking", "when i walk", "hurts", "it hurts", "sore", "aches",
              "achy", "painful", "twinges", "niggles", "limping", "going downstairs",
              "going down stairs", "getting up", "standing", "all the time", "a lot")  # fmt: skip
_DAILY_NO = ("no pain", "pain free", "pain-free", "fine", "all good", "ok", "okay", "its ok",
             "its fine", "only when running", "only when i run", "only running",
             "just when running", "just running", "only on runs", "only during runs",
             "not in daily life", "normal")  # fmt: skip
ONBOARD_DAILY_PAIN = _yes_no(
    Flow.ONBOARD, "daily_pain", "checkin.daily_pain", says_yes=_DAILY_YES, says_no=_DAILY_NO
)
GOAL = Question(
    Flow.ONBOARD, "goal",
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
    Flow.ONBOARD,
    "red_flags",
    "onboard.red_flags",
    RED_FLAG_CHOICES,
    multi=True,
    columns=1,
)

PAIN = _scale(Flow.CHECKIN, "pain", "checkin.pain")
SWELLING = _labelled(
    Flow.CHECKIN, "swelling",
    "checkin.swelling",
    {
        "none": ("none", "no", "nope", "nah", "not swollen", "no swelling", "no swelling at all",
                 "none at all", "not at all", "nothing", "not really", "not that i can see",
                 "dont think so", "i dont think so", "nothing visible", "all good", "normal",
                 "looks normal", "looks fine", "fine", "flat", "not puffy", "zero", "nil",
                 "cant see any", "no visible swelling", "isnt swollen", "is not swollen",
                 "not swollen at all"),
        "some": ("some", "a bit", "a little", "slight", "slightly", "puffy", "mild",
                 "a bit swollen", "a little swollen", "bit swollen", "slightly swollen",
                 "a tiny bit", "tiny bit", "a touch", "little bit", "a little bit", "bit puffy",
                 "a bit puffy", "a little puffy", "slightly puffy", "mildly", "mildly swollen",
                 "a bit of swelling", "bit of swelling", "some swelling", "slight swelling",
                 "little swelling", "a little swelling", "maybe a little", "maybe a bit",
                 "yes a bit", "yeah a bit", "yes a little", "yeah a little", "yes slightly",
                 "yeah slightly", "not much", "not a lot", "minor", "barely", "hardly",
                 "somewhat", "kind of puffy", "a tad", "puffiness", "less", "a lot less",
                 "less than yesterday", "going down", "smaller", "less swollen"),
        "visible": ("visible", "swollen", "yes", "a lot", "very", "big", "very swollen",
                    "really swollen", "quite swollen", "badly swollen", "lots", "lots of",
                    "lots of swelling", "a lot of swelling", "loads", "huge", "massive",
                    "obvious", "obviously swollen", "clearly swollen", "visibly swollen",
                    "swelled up", "swollen up", "ballooned", "yes swollen", "yeah swollen",
                    "yeah", "yep", "yup"),
    },
    columns=3,
)  # fmt: skip
DAILY_PAIN = _yes_no(
    Flow.CHECKIN, "daily_pain", "checkin.daily_pain", says_yes=_DAILY_YES, says_no=_DAILY_NO
)
# Pain named in a mixed answer wins: "fine at first, sore by the end" is sore. Reading it as
# fine could move a runner on; reading it as sore only holds them, or asks the safety questions.
_WORSE = ("worse", "more sore", "more pain", "hurts more", "more painful", "sorer", "flared up")
_HURT = ("pain", "painful", "hurt", "hurts", "hurting", "sore", "ache", "ached", "aching",
         "twinge", "twinges", "niggle", "tender", "sharp")  # fmt: skip
# "No better" and "not better" are at best the same: read as same, never as better. A runner who
# means worse says worse, and morning pain above baseline catches a real change anyway.
COMPARED = _labelled(
    Flow.CHECKIN, "compared",
    "checkin.compared",
    {
        "better": ("better", "less", "improved", "good", "no more pain", "less pain", "less sore",
                   "not as sore", "easier", "a bit better", "bit better", "much better",
                   "loads better", "way better", "slightly better", "improving", "great",
                   "not as bad", "feels good", "eased", "eased off", "settled",
                   "not as sore as before"),
        "same": ("same", "similar", "no change", "unchanged", "as before", "not worse",
                 "no worse", "about the same", "same as before", "no different",
                 "not much different", "pretty much the same", "much the same", "no better",
                 "not better", "not any better", "not really better", "neither", "same-ish",
                 "sameish", "meh", "steady", "stable", "no change at all", "not any worse",
                 "neither better nor worse"),
        "worse": ("worse", "more", "sore", "sorer", "bad", "more sore", "more pain", "hurts more",
                  "a bit worse", "bit worse", "slightly worse", "much worse", "worse than before",
                  "not as good", "aggravated", "flared up", "flare up", "flared", "angrier",
                  "more painful", "tighter"),
    },
    columns=3,
    read=lambda typed: "worse" if parse.mentions(typed, _WORSE) else None,
)  # fmt: skip
WALK_TEST = _labelled(
    Flow.CHECKIN, "walk_test",
    "checkin.walk_test",
    {
        "pain_free": ("pain free", "pain-free", "fine", "no pain", "yes", "easy", "good",
                      "not painful", "didn't hurt", "did not hurt", "no problem", "no problems",
                      "no issues", "didn't hurt at all", "no pain at all", "all good", "great",
                      "felt good", "felt great", "felt fine", "perfect", "painless", "nothing",
                      "not sore", "not a twinge", "no twinges", "zero pain", "done no pain",
                      "did it fine", "went well", "smooth"),
        "pain": ("pain", "hurt", "hurts", "sore", "painful", "it hurt", "ached", "aching", "achy",
                 "twinge", "twinges", "niggle", "niggly", "hurt a bit", "a bit sore", "bit sore",
                 "uncomfortable", "sore after", "sore at the end", "not great", "not good",
                 "tender", "limped", "limping"),
        "skipped": ("skipped", "didn't", "did not", "not tried", "no time", "skip",
                    "didn't do it", "didn't try", "haven't done it", "haven't tried", "not yet",
                    "not today", "missed it", "forgot", "didn't get to it", "couldn't",
                    "didnt manage", "didn't manage"),
    },
    columns=3,
    read=lambda typed: "pain" if parse.mentions(typed, _HURT) else None,
)  # fmt: skip
HOP_TEST = _labelled(
    Flow.CHECKIN, "hop_test",
    "checkin.hop_test",
    {
        "pass": ("pass", "passed", "fine", "no pain", "pain free", "pain-free", "yes", "easy",
                 "not painful", "didn't hurt", "did not hurt", "no problem", "no problems",
                 "no issues", "didn't hurt at all", "no pain at all", "all good", "good", "great",
                 "felt good", "felt fine", "perfect", "painless", "nothing", "not sore",
                 "zero pain", "all 10", "did all 10", "all ten", "easy peasy"),
        "pain": ("pain", "hurt", "hurts", "sore", "painful", "it hurt", "ached", "aching",
                 "twinge", "twinges", "hurt a bit", "a bit sore", "bit sore", "sharp",
                 "uncomfortable", "tender", "couldn't finish", "had to stop", "stopped",
                 "not great", "not good"),
        "skipped": ("skipped", "didn't", "did not", "not tried", "skip", "didn't do it",
                    "didn't try", "haven't done it", "haven't tried", "not yet", "not today",
                    "missed it", "forgot", "too scared", "didn't dare", "didnt risk it",
                    "didn't risk it"),
    },
    columns=3,
    read=lambda typed: "pain" if parse.mentions(typed, _HURT) else None,
)  # fmt: skip
CLEARED = _yes_no(
    Flow.CHECKIN, "cleared",
    "checkin.cleared",
    says_yes=("cleared", "cleared me", "all clear", "given the all clear", "green light",
              "got the green light", "signed off", "signed me off", "good to go",
              "said i can run", "said its fine", "said it's fine", "gave me the ok",
              "given the ok", "ok to run", "okay to run", "allowed to run", "said i can start",
              "said i can", "can start running", "back to running"),
    says_no=("not cleared", "not yet", "still waiting", "waiting", "wait", "appointment",
             "keep resting", "resting", "more rest", "rest",
             "told me to rest", "said to rest", "not allowed", "havent been", "haven't been",
             "no appointment", "nobody", "no one"),
)  # fmt: skip
RED_FLAGS = Question(
    Flow.CHECKIN, "red_flags", "checkin.red_flags", RED_FLAG_CHOICES, multi=True, columns=1
)

LOG_KIND = _labelled(
    Flow.LOG, "kind",
    "log.kind",
    {
        "walk": ("walk", "walked", "walking", "hike", "hiked", "hiking", "stroll", "strolled",
                 "brisk walk", "power walk", "dog walk", "walk the dog", "walked the dog",
                 "walk test"),
        "walk_run": ("walk-run", "walk run", "run-walk", "run walk", "intervals", "run/walk",
                     "walk/run", "walk and run", "run and walk", "walk-jog", "jog-walk",
                     "walk jog", "jog walk", "jeffing", "walk run intervals"),
        "run": ("run", "ran", "running", "jog", "jogged", "jogging", "parkrun", "park run",
                "treadmill run", "easy run", "tempo", "race", "raced", "trail run"),
        "cross": ("cross", "swim", "bike", "yoga", "elliptical", "cycling", "swimming", "swam",
                  "biked", "cycled", "spin", "spin class", "spinning", "turbo", "peloton",
                  "pilates", "rowing", "rower", "rowed", "cross trainer", "cross-trainer",
                  "crosstrainer", "aqua jogging", "pool running", "deep water running",
                  "stationary bike", "exercise bike", "cross training", "cross-training",
                  "stepper", "stairmaster"),
        "strength": ("strength", "gym", "weights", "lifting", "exercises", "rehab", "calf raises",
                     "squats", "lunges", "physio exercises", "rehab exercises", "core", "bridges",
                     "clamshells", "lifted", "s&c", "strength work", "strength training",
                     "hip work", "band work", "resistance bands", "bodyweight", "circuit",
                     "circuits"),
    },
    columns=3,
)  # fmt: skip
LOG_MINUTES = Question(
    Flow.LOG,
    "minutes",
    "log.minutes",
    choices=tuple(Choice(str(n), "button.minutes", ()) for n in (10, 20, 30, 45, 60, 90)),
    read=parse.minutes,
    columns=3,
    typed_choices=False,
    invalid="error.minutes",
)
LOG_PAIN = _scale(Flow.LOG, "pain", "log.pain")

SETTINGS_MENU = _labelled(
    Flow.SETTINGS, "menu",
    "settings.menu",
    {
        "timezone": ("time zone", "timezone", "zone", "time-zone", "tz", "moved", "moving",
                     "travelling", "traveling", "travel", "abroad", "new city",
                     "different country", "daylight saving", "clocks changed"),
        "checkin_time": ("time", "check-in time", "checkin time", "morning", "check in time",
                         "when you message me", "when you check in", "earlier", "later",
                         "reminder time", "the time", "what time", "message time",
                         "check-in later", "check-in earlier", "alarm"),
        "cross": ("cross", "cross-training", "cross training", "activities", "sports", "swim",
                  "swimming", "bike", "cycling", "yoga", "elliptical", "pilates", "what i can do",
                  "other training"),
        "skip_today": ("skip", "skip today", "not today", "skip todays check-in",
                       "skip the check-in", "no check-in today", "day off", "rest day",
                       "pause today", "busy today", "skip this morning"),
    },
    columns=1,
)  # fmt: skip
SETTINGS_TIMEZONE = _timezone(Flow.SETTINGS)
SETTINGS_TIME = _checkin_time(Flow.SETTINGS)
SETTINGS_CROSS = Question(
    Flow.SETTINGS, "cross", CROSS.ask, CROSS.choices, multi=True, columns=2, invalid=CROSS.invalid
)
SIGNS = Question(
    Flow.SIGNS, "red_flags", "signs.red_flags", RED_FLAG_CHOICES, multi=True, columns=1
)

# Only its button or an unambiguous typed confirmation deletes (bot.core.confirm).
DELETE_CONFIRM = Question(
    Flow.DELETE,
    "confirm",
    "delete.confirm",
    (Choice("yes", "button.delete.yes"), Choice("no", "button.delete.no")),
    read=confirm.delete_answer,
    invalid="error.delete_confirm",
    typed_choices=False,
)

# The weekly "how are you holding up?": a light question that takes any reply. A mood word or
# button picks a mood; anything else is "other", answered from its words (bot/core/prompts.py).
WEEKLY_REPLY = _labelled(
    Flow.WEEKLY,
    "reply",
    "weekly.ask",
    {
        "good": ("good", "great", "well", "better", "alright", "all right", "happy", "positive"),
        "ok": ("ok", "okay", "fine", "meh", "so so", "so-so", "not bad", "surviving"),
        "frustrated": ("frustrated", "annoyed", "fed up", "angry", "bored", "impatient"),
        "worried": ("worried", "anxious", "scared", "nervous", "afraid", "stressed"),
        "low": ("low", "down", "sad", "flat", "miserable", "awful", "not good", "not great", "bad"),
    },
    read=lambda typed: "other",
    columns=3,
)

# The conversation graph at a glance, one line per flow (like aiogram's StatesGroup): its
# questions in the order they come. Onboarding asks them all; the check-in skips those the day
# does not call for (bot.core.checkin); /log skips what its command line already said; /settings
# goes from its menu to the one setting picked (the menu's choices are those questions' keys).
# After a flow's last answer the runner is idle again.
FLOWS: dict[Flow, tuple[Question, ...]] = {
    Flow.ONBOARD: (CONSENT, AREA, ONSET, CAUSE, FEEL, SEEN_PRO, ONBOARD_DAILY_PAIN, BASELINE,
                   GOAL, TIMEZONE, CHECKIN_TIME, CROSS, ONBOARD_RED_FLAGS),
    Flow.CHECKIN: (PAIN, SWELLING, DAILY_PAIN, COMPARED, WALK_TEST, HOP_TEST, CLEARED, RED_FLAGS),
    Flow.LOG: (LOG_KIND, LOG_MINUTES, LOG_PAIN),
    Flow.SETTINGS: (SETTINGS_MENU, SETTINGS_TIMEZONE, SETTINGS_TIME, SETTINGS_CROSS),
    Flow.SIGNS: (SIGNS,),
    Flow.WEEKLY: (WEEKLY_REPLY,),
    Flow.DELETE: (DELETE_CONFIRM,),
}  # fmt: skip
# Every question by its name (a state's `flow` while it is open).
ALL: dict[str, Question] = {q.name: q for questions in FLOWS.values() for q in questions}
# Every red-flag screen: typed words that name a sign are read on each of them.
RED_FLAG_SCREENS = frozenset(q.name for q in (RED_FLAGS, ONBOARD_RED_FLAGS, SIGNS))


def flow_of(name: str) -> Flow | None:
    """The flow of the question open in a state (its `flow`), or None when none is open."""
    question = ALL.get(name)
    return None if question is None else question.flow


def asked_by(payloads: frozenset[str]) -> str | None:
    """The question a keyboard answers (its name), when every button is an answer to that one
    question; None for a keyboard that asks nothing (the full plan, a cheer) or mixes. Adapters
    use it to tell the next question from the coach's reply."""
    names = {payload.partition("=")[0] for payload in payloads}
    name = names.pop() if len(names) == 1 else None
    return name if name in ALL and all("=" in payload for payload in payloads) else None


def after(
    question: Question, wanted: Callable[[Question], bool] = lambda _: True
) -> Question | None:
    """The next question of `question`'s flow that `wanted` accepts; None at the flow's end."""
    order = FLOWS[question.flow]
    return next((later for later in order[order.index(question) + 1 :] if wanted(later)), None)


def before(question: Question) -> Question | None:
    """The question asked just before `question` in its flow; None for the first."""
    order = FLOWS[question.flow]
    index = order.index(question)
    return order[index - 1] if index > 0 else None
