"""What suits each injured area: strength exercises and active rest.

The product's areas are shin, calf_achilles, knee, it_band, hip_groin, foot_heel, hamstring and
other; the simulator may send free text ("achilles"), which is matched to the closest area.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.coach.model import EARLY_STAGES, Kind, Stage

AREAS: tuple[str, ...] = (
    "shin",
    "calf_achilles",
    "knee",
    "it_band",
    "hip_groin",
    "foot_heel",
    "hamstring",
    "other",
)

_ALIASES: tuple[tuple[str, str], ...] = (
    ("achilles", "calf_achilles"),
    ("calf", "calf_achilles"),
    ("tibia", "shin"),
    ("shin", "shin"),
    ("itb", "it_band"),
    ("it_band", "it_band"),
    ("iliotibial", "it_band"),
    ("patell", "knee"),
    ("knee", "knee"),
    ("groin", "hip_groin"),
    ("hip", "hip_groin"),
    ("femoral", "hip_groin"),
    ("plantar", "foot_heel"),
    ("heel", "foot_heel"),
    ("foot", "foot_heel"),
    ("metatars", "foot_heel"),
    ("hamstring", "hamstring"),
)


def canonical_area(area: str) -> str:
    """The product area closest to `area` ("achilles" -> "calf_achilles"; unknown -> "other")."""
    lowered = area.strip().lower().replace(" ", "_").replace("-", "_")
    if lowered in AREAS:
        return lowered
    for fragment, canonical in _ALIASES:
        if fragment in lowered:
            return canonical
    return "other"


@dataclass(frozen=True, slots=True)
class Exercise:
    key: str  # coach.plan.strength.<key>
    sets: int
    reps: str  # reps or seconds, as the sentence says


def _x(key: str, sets: int, reps: str) -> Exercise:
    return Exercise(key, sets, reps)


# Early = protect and walk: low load, isometrics for tendons (they calm pain). Later = running
# stages: loaded, slower eccentric and single-leg work. Each list is 4 exercises: hips/glutes,
# core, calves or ankle, and one for the area itself.
_EARLY: dict[str, tuple[Exercise, ...]] = {
    "shin": (
        _x("glute_bridge", 3, "12"),
        _x("calf_raise", 2, "12"),
        _x("tibialis_raise", 2, "12"),
        _x("dead_bug", 3, "8"),
    ),
    "calf_achilles": (
        _x("calf_hold", 5, "45"),
        _x("glute_bridge", 3, "12"),
        _x("ankle_mobility", 2, "10"),
        _x("dead_bug", 3, "8"),
    ),
    "knee": (
        _x("wall_sit", 5, "30-45"),
        _x("glute_bridge", 3, "12"),
        _x("clamshell", 3, "15"),
        _x("side_plank", 3, "20"),
    ),
    "it_band": (
        _x("side_leg_raise", 3, "12"),
        _x("clamshell", 3, "15"),
        _x("glute_bridge", 3, "12"),
        _x("side_plank", 3, "20"),
    ),
    "hip_groin": (
        _x("adductor_squeeze", 5, "10"),
        _x("glute_bridge", 3, "10"),
        _x("dead_bug", 3, "8"),
        _x("clamshell", 3, "12"),
    ),
    "foot_heel": (
        _x("short_foot", 3, "10"),
        _x("calf_hold", 5, "30"),
        _x("glute_bridge", 3, "12"),
        _x("ankle_mobility", 2, "10"),
    ),
    "hamstring": (
        _x("hamstring_bridge_hold", 4, "30"),
        _x("glute_bridge", 3, "12"),
        _x("dead_bug", 3, "8"),
        _x("side_plank", 3, "20"),
    ),
    "other": (
        _x("glute_bridge", 3, "12"),
        _x("clamshell", 3, "15"),
        _x("plank", 3, "30"),
        _x("ankle_mobility", 2, "10"),
    ),
}
_LATER: dict[str, tuple[Exercise, ...]] = {
    "shin": (
        _x("calf_raise", 3, "15"),
        _x("tibialis_raise", 3, "15"),
        _x("single_leg_bridge", 3, "10"),
        _x("single_leg_balance", 3, "30"),
        _x("side_plank", 3, "30"),
    ),
    "calf_achilles": (
        _x("calf_raise", 3, "15"),
        _x("seated_calf_raise", 3, "15"),
        _x("single_leg_bridge", 3, "10"),
        _x("ankle_mobility", 2, "10"),
        _x("side_plank", 3, "30"),
    ),
    "knee": (
        _x("step_down", 3, "8"),
        _x("wall_sit", 4, "45"),
        _x("single_leg_bridge", 3, "10"),
        _x("band_walk", 3, "10"),
        _x("side_plank", 3, "30"),
    ),
    "it_band": (
        _x("band_walk", 3, "12"),
        _x("single_leg_bridge", 3, "10"),
        _x("side_leg_raise", 3, "15"),
        _x("side_plank", 3, "30"),
    ),
    "hip_groin": (
        _x("adductor_squeeze", 5, "15"),
        _x("single_leg_bridge", 3, "10"),
        _x("side_plank", 3, "20"),
        _x("dead_bug", 3, "10"),
    ),
    "foot_heel": (
        _x("calf_raise", 3, "15"),
        _x("short_foot", 3, "15"),
        _x("single_leg_balance", 3, "30"),
        _x("single_leg_bridge", 3, "10"),
    ),
    "hamstring": (
        _x("hamstring_slider_curl", 3, "8"),
        _x("single_leg_bridge", 3, "10"),
        _x("dead_bug", 3, "10"),
        _x("side_plank", 3, "30"),
    ),
    "other": (
        _x("single_leg_bridge", 3, "10"),
        _x("calf_raise", 3, "15"),
        _x("side_plank", 3, "30"),
        _x("band_walk", 3, "10"),
    ),
}


# While a bone injury waits for a clinician: nothing that loads the leg through impact or
# through the calf (no calf raises, no hopping); upper body and core only.
OFFLOAD: tuple[Exercise, ...] = (
    _x("dead_bug", 3, "8"),
    _x("plank", 3, "30"),
    _x("side_plank", 3, "20"),
    _x("push_up", 3, "8-12"),
    _x("band_row", 3, "12"),
)

# What each cause puts extra load on, and the exercise that builds it (early, later). "sleep" and
# "other" change no exercise: nothing specific to strengthen.
_CAUSE_EXERCISE: dict[str, tuple[Exercise, Exercise]] = {
    # Hills load the calves and Achilles, uphill and (eccentrically) downhill.
    "hills": (_x("calf_hold", 5, "30"), _x("eccentric_calf_raise", 3, "12")),
    # Speed work loads the hamstrings hardest.
    "speed": (_x("hamstring_bridge_hold", 4, "30"), _x("hamstring_slider_curl", 3, "8")),
    # More mileage: the hips and glutes tire first and the knees and shins pay.
    "mileage": (_x("clamshell", 3, "15"), _x("single_leg_bridge", 3, "12")),
    # New shoes change how the foot and ankle take the load.
    "shoes": (_x("short_foot", 3, "10"), _x("single_leg_balance", 3, "30")),
}
MAX_EXERCISES = 5


def strength_for(area: str, stage: Stage, cause: str | None = None) -> tuple[Exercise, ...]:
    """The area's exercises for the stage, with the one that targets the likely cause first
    (an extra set when the area's list already has it)."""
    early = stage in EARLY_STAGES
    base = (_EARLY if early else _LATER)[canonical_area(area)]
    pair = _CAUSE_EXERCISE.get(cause or "")
    if pair is None:
        return base
    target = pair[0] if early else pair[1]
    same = next((x for x in base if x.key == target.key), None)
    if same is not None:
        extra = Exercise(same.key, same.sets + 1, same.reps)
        return (extra, *(x for x in base if x.key != target.key))
    return (target, *base)[:MAX_EXERCISES]


def cause_targeted(cause: str | None) -> bool:
    """True when the cause changes the strength work (the plan says so in one sentence)."""
    return (cause or "") in _CAUSE_EXERCISE


def active_rest_for(
    area: str, kind: Kind, stage: Stage, available: frozenset[str]
) -> tuple[str, ...]:
    """The cross-training the runner can do that also suits the injury, in a fixed order."""
    early = stage in EARLY_STAGES
    canonical = canonical_area(area)
    unsuitable: set[str] = set()
    # The elliptical is weight-bearing: not while a bone or the lower leg and foot still protect.
    if early and (kind == Kind.BONE or canonical in ("shin", "foot_heel")):
        unsuitable.add("elliptical")
    # Hip flexion under load aggravates many groin and hip problems early on.
    if early and canonical == "hip_groin":
        unsuitable.update({"bike", "elliptical"})
    order = ("swim", "bike", "elliptical", "yoga")
    return tuple(a for a in order if a in available and a not in unsuitable)
