"""Short answers to what injured runners ask between check-ins ("can I still swim?", "why am I
holding?", "I'm frustrated"), keyed by words and deterministic.

An answer takes the runner's injury kind and stage into account, and never diagnoses: anything
medical (painkillers, ice, a warning sign) is sent to a clinician or a pharmacist. Topics are
tried in order of what matters: a warning sign first, feelings after the practical questions.
`answer` returns None when no topic fits, and the caller says what it said before.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from bot.coach import CoachState, Decision, Kind, Rule, Stage, plan_for
from bot.coach.load import rest_days_left
from bot.coach.model import EARLY_STAGES, LADDER, RUNNING_STAGES
from bot.coach.rules import PROTECT_GOOD_DAYS, REBUILD_SPAN_DAYS, WALK_TEST_PASSES
from bot.core import coaching, status
from bot.core.state import Profile
from bot.text import Text, text

# At most this many topics in one answer: "I'm frustrated, can I run?" gets both, a paragraph
# about everything does not.
MAX_TOPICS = 2


@dataclass(frozen=True, slots=True)
class Context:
    profile: Profile | None
    today: date

    @property
    def coach(self) -> CoachState | None:
        if self.profile is None:
            return None
        return coaching.state_of(self.profile, self.today)

    @property
    def kind(self) -> str:
        """tendon | bone | other; before onboarding, the cautious 'other' wording."""
        return self.profile.kind if self.profile is not None else Kind.OTHER.value

    @property
    def variant(self) -> int:
        return self.today.toordinal()

    def cleared(self) -> bool:
        s = self.coach
        return self.profile is not None and (
            self.profile.cleared_by_clinician or (s is not None and s.clearance_reported)
        )


Answerer = Callable[[Context], tuple[Text, ...]]


@dataclass(frozen=True, slots=True)
class Topic:
    name: str
    patterns: tuple[str, ...]  # regular expressions, matched as whole words in lower case
    answer: Answerer

    def matches(self, cleaned: str) -> bool:
        return _compiled(self.patterns).search(cleaned) is not None


_CACHE: dict[tuple[str, ...], re.Pattern[str]] = {}


def _compiled(patterns: tuple[str, ...]) -> re.Pattern[str]:
    if patterns not in _CACHE:
        _CACHE[patterns] = re.compile(rf"(?<!\w)(?:{'|'.join(patterns)})(?!\w)")
    return _CACHE[patterns]


def answer(typed: str, profile: Profile | None, today: date) -> tuple[Text, ...] | None:
    cleaned = _clean(typed)
    found = [topic for topic in TOPICS if topic.matches(cleaned)]
    if not found:
        return None
    context = Context(profile, today)
    if found[0].name in _ALONE:
        return found[0].answer(context)  # a warning sign is never followed by small talk
    lines: list[Text] = []
    for topic in found[:MAX_TOPICS]:
        lines += [line for line in topic.answer(context) if line not in lines]
    return tuple(lines)


def topic_of(typed: str) -> str | None:
    """The first topic the words name (for tests and for the weekly reply)."""
    cleaned = _clean(typed)
    return next((topic.name for topic in TOPICS if topic.matches(cleaned)), None)


def _clean(typed: str) -> str:
    lowered = typed.lower().replace("\u2019", "'").replace("\u2018", "'")
    return re.sub(r"\s+", " ", lowered).strip()


# --- answers --------------------------------------------------------------------------------


def _simple(key: str) -> Answerer:
    return lambda c: (text(key, variant=c.variant),)


def _by_kind(key: str) -> Answerer:
    """One sentence per injury kind, plus what still applies while a clinician's visit waits."""

    def said(c: Context) -> tuple[Text, ...]:
        return (text(f"{key}.{c.kind}", variant=c.variant), *_while_referred(c))

    return said


def _while_referred(c: Context) -> tuple[Text, ...]:
    s = c.coach
    if s is None or s.standing is None:
        return ()
    return (text(f"faq.while_referred.{'bone' if c.kind == Kind.BONE else 'soft'}"),)


def _warning(c: Context) -> tuple[Text, ...]:
    return (text("faq.warning"),)


def _warning_urgent(c: Context) -> tuple[Text, ...]:
    return (text("faq.warning.urgent"),)


def _run_today(c: Context) -> tuple[Text, ...]:
    """Yes only when today's plan has a run; a bone injury not yet cleared always hears no."""
    profile, s = c.profile, c.coach
    if profile is None or s is None:
        return (text("faq.run.no_profile"),)
    if s.standing is not None:
        return (text("faq.run.no.standing"), *_while_referred(c))
    bone_waiting = c.kind == Kind.BONE and not c.cleared()
    if s.stage in EARLY_STAGES or bone_waiting:
        key = "faq.run.no.bone" if bone_waiting else f"faq.run.no.{s.stage.value}"
        return (text(key, variant=c.variant), _next(profile, c))
    resting = rest_days_left(s, c.today)
    if resting > 0:
        return (text("faq.run.no.rest_days", days=resting, variant=c.variant), _next(profile, c))
    if s.last_run_on == c.today:
        return (text("faq.run.no.ran_today"),)
    plan = plan_for(s, coaching.injury_of(profile), profile.cross_training, c.today)
    if not plan.running_allowed:
        return (text("faq.run.no.rest_between", variant=c.variant),)
    limit = text(f"faq.run.limit.{c.kind}")
    return (text("faq.run.yes", stage=coaching.stage_name(profile), limit=limit),)


def _walk(c: Context) -> tuple[Text, ...]:
    s = c.coach
    if s is not None and s.standing is not None:
        return (text("faq.walk.standing"),)
    stage = s.stage if s is not None else Stage.PROTECT
    key = "faq.walk.protect" if stage == Stage.PROTECT else "faq.walk.later"
    return (text(key, variant=c.variant),)


def _how_long(c: Context) -> tuple[Text, ...]:
    s = c.coach
    if c.profile is None or s is None:
        return (text("faq.how_long.no_profile"),)
    if s.stage == Stage.RECOVERED:
        return (text("faq.how_long.recovered"),)
    days = _fastest_days(s.stage)
    span = text("faq.span.weeks", n=-(-days // 7)) if days >= 14 else text("faq.span.days", n=days)
    lines = [text("faq.how_long", stage=coaching.stage_name(c.profile), span=span)]
    if s.standing is not None:
        lines.insert(0, text("faq.how_long.standing"))
    elif c.kind == Kind.BONE and not c.cleared():
        lines.append(text("faq.how_long.bone"))
    return tuple(lines)


# The fewest days each stage can take if every day goes well (rules 11, 12, 13): three good
# days in `protect`, two readiness mornings at `walk`, two runs a day apart plus the morning
# that confirms the second at each running stage, six runs over two weeks in `rebuild`.
_FASTEST: dict[Stage, int] = {
    Stage.PROTECT: PROTECT_GOOD_DAYS,
    Stage.WALK: WALK_TEST_PASSES,
    **{stage: 4 for stage in RUNNING_STAGES},
    Stage.REBUILD: REBUILD_SPAN_DAYS + 1,
    Stage.RECOVERED: 0,
}


def _fastest_days(stage: Stage) -> int:
    return sum(_FASTEST[s] for s in LADDER[LADDER.index(stage) :])


def _why(c: Context) -> tuple[Text, ...]:
    """The standing or last decision and its reason, then what moving on needs."""
    s = c.coach
    if c.profile is None or s is None:
        return (text("faq.why.no_profile"),)
    if s.standing is not None:
        return (text(f"faq.why.{s.standing.value}"), _next(c.profile, c))
    decision, rules = s.day_decision, s.day_rules
    if decision is None:
        return (text("faq.why.no_decision"), _next(c.profile, c))
    if decision == Decision.ADVANCE:
        return (text("faq.why.advanced", stage=coaching.stage_name(c.profile)), _next(c.profile, c))
    reason = next((f"faq.why.rule{n}" for n in rules if n in _WHY_RULES), "faq.why.rule14")
    if decision == Decision.STEP_BACK:
        return (text("faq.why.step_back"), text(reason), _next(c.profile, c))
    return (text(reason), _next(c.profile, c))


# Rules with their own "why" sentence; any other hold is "not yet enough good days" (14).
_WHY_RULES = frozenset({
    Rule.SESSION_PAIN, Rule.MORNING_AFTER, Rule.RISING_PAIN, Rule.SWELLING, Rule.DAILY_PAIN,
    Rule.AFTER_STEP_BACK, Rule.LOAD_CAP, Rule.MISSED_CHECK_IN, Rule.READINESS, Rule.OVER_PLAN,
})  # fmt: skip


def _next(profile: Profile, c: Context) -> Text:
    return text("faq.next", needs=status.next_step(profile, c.today, c.coach))


def _normal(c: Context) -> tuple[Text, ...]:
    return (text("faq.normal", variant=c.variant), text("faq.normal.when_to_worry"))


def _fitness(c: Context) -> tuple[Text, ...]:
    return (text("faq.fitness", variant=c.variant), text(f"faq.fitness.{c.kind}"))


# --- the topics, in order of precedence -----------------------------------------------------

_CAN = r"(?:can|could|may|should|shall) i(?: still| even| maybe)?"
_OK_TO = r"(?:is it|it's|its|is) (?:ok|okay|alright|safe|fine) (?:to|if i)"

TOPICS: tuple[Topic, ...] = (
    Topic(
        "warning_urgent",
        (
            r"chest pain",
            r"pain in my chest",
            r"short of breath",
            r"breathless",
            r"can't breathe",
            r"cannot breathe",
            r"calf (?:is |feels |looks )?(?:swollen|hot|warm|red)",
            r"(?:swollen|hot|warm|red)(?: and (?:swollen|hot|warm|red))? calf",
        ),
        _warning_urgent,
    ),
    Topic(
        "warning",
        (
            r"(?:hurts?|hurting|pain|aches?|aching|throb\w*|sore)(?: \w+){0,4} "
            r"(?:at|in the|during the) night",
            r"night pain",
            r"wakes? me(?: up)?",
            r"keeps me (?:up|awake)",
            r"(?:hurts?|hurting|pain|aches?|aching|sore)(?: \w+){0,4} "
            r"(?:at rest|when i(?:'m| am)? rest(?:ing)?|sitting still|lying down)",
            r"rest pain",
            r"numb(?:ness)?",
            r"tingl(?:e|es|ing)",
            r"pins and needles",
            r"limp(?:ing)?",
            r"(?:can't|cannot|can not) (?:put|bear) (?:any )?weight",
            r"groin",
            r"missed (?:my |a )?periods?",
            r"(?:lost|no) (?:my )?periods?",
            r"hurts? (?:when i |to )press",
            r"tender (?:spot|to (?:the )?touch)",
        ),
        _warning,
    ),
    Topic(
        "painkillers",
        (
            r"pain ?killers?",
            r"ibuprofen",
            r"paracetamol",
            r"acetaminophen",
            r"naproxen",
            r"aspirin",
            r"nsaids?",
            r"advil",
            r"tylenol",
            r"nurofen",
            r"voltaren",
            r"diclofenac",
            r"anti[- ]?inflammator(?:y|ies)",
            r"medication",
            r"meds",
            r"pills?",
            r"tablets?",
        ),
        _simple("faq.painkillers"),
    ),
    Topic(
        "ice",
        (
            r"ice",
            r"icing",
            r"iced",
            r"ice ?packs?",
            r"cold packs?",
            r"heat(?: pack)?",
            r"hot water bottle",
            r"ice bath",
            r"compression",
        ),
        _simple("faq.ice"),
    ),
    Topic(
        "why",
        (
            r"why\b.*\b(?:hold|holding|held|stuck|step(?:ped)? (?:me )?back|stepping back|"
            r"move up|moving up|progress(?:ing)?|advanc(?:e|ing)|same stage|refer(?:red)?|"
            r"not moving|still (?:at|in|on))",
            r"what(?:'s| is) (?:holding|keeping) me",
        ),
        _why,
    ),
    Topic(
        "how_long",
        (
            r"how long",
            r"how many (?:more )?(?:days|weeks|months)",
            r"how much longer",
            r"when (?:can|will|do) i (?:run|race|start running|be back|get back|be able)",
            r"when will (?:this|it|i) (?:end|be over|heal|get better)",
            r"timeline",
            r"time ?frame",
        ),
        _how_long,
    ),
    Topic(
        "clinician",
        (
            r"clinician",
            r"physio(?:therapist)?",
            r"sports doctor",
            r"sports medicine",
            r"doctor",
            r"\bgp",
            r"podiatrist",
            r"osteopath",
            r"chiropractor",
            r"who (?:should|do|can) i see",
            r"get it (?:looked at|checked)",
            r"(?:a |an )?(?:scan|x-?ray|mri)",
        ),
        _simple("faq.clinician"),
    ),
    Topic(
        "run_today",
        (
            rf"{_CAN} (?:go for a |do a |try a |try )?(?:run|jog|go running|go jogging)",
            rf"{_OK_TO} (?:run|jog|go for a run)",
            r"(?:allowed|able) to (?:run|jog)",
            r"run today",
            r"jog today",
            r"(?:running|a run) (?:today|tomorrow|this morning|tonight)",
        ),
        _run_today,
    ),
    Topic(
        "walk",
        (
            rf"{_CAN} (?:go for a |go on a )?(?:walk|hike)",
            rf"{_OK_TO} (?:walk|hike)",
            r"(?:is |what about )walking",
        ),
        _walk,
    ),
    Topic(
        "swim",
        (r"swim(?:ming)?", r"pool", r"aqua ?jog(?:ging)?", r"deep water running"),
        _by_kind("faq.swim"),
    ),
    Topic(
        "bike",
        (
            r"bike",
            r"biking",
            r"cycl(?:e|ing)",
            r"spin(?:ning)?(?: class)?",
            r"peloton",
            r"turbo",
            r"ride",
        ),
        _by_kind("faq.bike"),
    ),
    Topic(
        "cross",
        (
            r"yoga",
            r"pilates",
            r"elliptical",
            r"cross ?trainer",
            r"rowing",
            r"rower",
            r"cross[- ]?train(?:ing)?",
        ),
        _by_kind("faq.cross"),
    ),
    Topic(
        "strength",
        (
            r"strength",
            r"gym",
            r"weights",
            r"lift(?:ing)?",
            r"squats?",
            r"calf raises",
            r"rehab",
            r"exercises",
            r"core work",
            r"workouts?",
        ),
        _by_kind("faq.strength"),
    ),
    Topic(
        "fitness",
        (
            r"fitness",
            r"unfit",
            r"detrain(?:ing)?",
            r"out of shape",
            r"lose (?:all )?(?:my )?(?:base|endurance|speed|everything)",
            r"losing (?:my )?(?:base|endurance|speed)",
            r"get(?:ting)? slow(?:er)?",
        ),
        _fitness,
    ),
    Topic(
        "again",
        (
            r"(?:happen|get(?:ting)? (?:injured|hurt)|break(?:ing)? down) again",
            r"re-?injur(?:e|y|ed)",
            r"never (?:run|be) (?:again|the same)",
        ),
        _simple("faq.again"),
    ),
    Topic(
        "club",
        (
            r"club",
            r"without me",
            r"my (?:friends|mates|group|team|crew|running buddy|running partner)",
            r"parkrun",
            r"everyone(?: else)? (?:is |was )?(?:running|racing|out)",
            r"left out",
            r"fomo",
            r"jealous",
            r"envy",
            r"envious",
            r"strava",
        ),
        _simple("faq.club"),
    ),
    Topic(
        "race",
        (
            r"race",
            r"racing",
            r"marathon",
            r"half marathon",
            r"10k",
            r"5k",
            r"ultra",
            r"goal",
        ),
        _simple("faq.race"),
    ),
    Topic(
        "frustrated",
        (
            r"frustrat(?:ed|ing|ion)",
            r"annoy(?:ed|ing)",
            r"fed up",
            r"sick of",
            r"hate (?:this|it|being)",
            r"angry",
            r"pissed off",
            r"gutted",
            r"(?:this|it) sucks",
            r"bored",
            r"boring",
            r"impatient",
            r"going crazy",
            r"losing my mind",
        ),
        _simple("faq.frustrated"),
    ),
    Topic(
        "scared",
        (
            r"scared",
            r"afraid",
            r"fear",
            r"worried",
            r"worry",
            r"anxious",
            r"nervous",
            r"panick?(?:ing|ed)?",
            r"terrified",
        ),
        _simple("faq.scared"),
    ),
    Topic(
        "low",
        (
            r"(?:feel|feeling|felt|i'm|i am|so|a bit|pretty|really) (?:down|low|sad|lost|flat)",
            r"sad",
            r"miserable",
            r"depressed",
            r"not myself",
            r"who am i",
            r"identity",
            r"lonely",
        ),
        _simple("faq.low"),
    ),
    Topic(
        "normal",
        (
            r"(?:is|it's|its) (?:this|it|that) normal",
            r"normal",
            r"should it (?:still )?(?:hurt|ache|be sore)",
            r"still (?:hurts|sore|aches|painful)",
            r"up and down",
            r"bad day",
            r"set ?back",
            r"worse today",
        ),
        _normal,
    ),
    Topic(
        "shoes",
        (r"shoes?", r"trainers", r"sneakers", r"orthotics?", r"insoles?", r"carbon plate"),
        _simple("faq.shoes"),
    ),
    Topic(
        "stretch",
        (r"stretch(?:es|ing)?", r"foam roll(?:er|ing)?", r"massage", r"mobility"),
        _simple("faq.stretch"),
    ),
    Topic(
        "sleep",
        (r"sleep(?:ing)?", r"tired", r"insomnia", r"nap", r"exhausted"),
        _simple("faq.sleep"),
    ),
    Topic(
        "food",
        (
            r"eat(?:ing)?",
            r"food",
            r"diet",
            r"protein",
            r"nutrition",
            r"calories",
            r"put on weight",
            r"gain(?:ing)? weight",
            r"supplements?",
            r"vitamin d",
            r"alcohol",
            r"beer",
            r"wine",
        ),
        _simple("faq.food"),
    ),
)

# Topics answered on their own, whatever else the message says.
_ALONE = frozenset({"warning_urgent", "warning"})
__all__ = ["TOPICS", "Context", "Topic", "answer", "topic_of"]
