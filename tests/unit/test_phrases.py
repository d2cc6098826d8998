"""Real phrasings, typed where a button was offered, read the way the runner means them; or
refused (None) where reading them would be a guess. Each row: question, what was typed, the value
the coach must act on."""

from __future__ import annotations

import pytest

from bot.core import cities, zones
from bot.core import questions as q
from bot.core.multi import Ticks

CONSENT = [
    ("yes please", "yes"),
    ("Sure, let's go", "yes"),
    ("ok", "yes"),
    ("Sounds good!", "yes"),
    ("got it 👍", "yes"),
    ("I understand", "yes"),
    ("I don't agree", "no"),
    ("not now", "no"),
    ("maybe later", "no"),
    ("no thanks", "no"),
    ("not sure", None),
]
AREA = [
    ("my left shin", "shin"),
    ("shin splints I think", "shin"),
    ("Achilles", "calf_achilles"),
    ("right calf muscle", "calf_achilles"),
    ("runner's knee", "knee"),
    ("under my kneecap", "knee"),
    ("ITB", "it_band"),
    ("outside of my knee", "it_band"),
    ("hip flexor", "hip_groin"),
    ("groin", "hip_groin"),
    ("plantar fasciitis", "foot_heel"),
    ("bottom of my heel", "foot_heel"),
    ("top of my foot", "foot_heel"),
    ("hammy", "hamstring"),
    ("back of my thigh", "hamstring"),
    ("my quads", "other"),
    ("knee and hip", None),
]
ONSET = [
    ("it crept up over a few weeks after I added hill repeats", "gradual"),
    ("gradually", "gradual"),
    ("slowly over time", "gradual"),
    ("bit by bit", "gradual"),
    ("it's been a niggle for months", "gradual"),
    ("suddenly, mid run", "sudden"),
    ("felt a pop during a race", "sudden"),
    ("rolled my ankle", "sudden"),
    ("all of a sudden on a downhill", "sudden"),
    ("a few weeks ago I felt a pop, then it slowly got worse", None),
]
CAUSE = [
    ("it crept up over a few weeks after I added hill repeats", "hills"),
    ("I upped my mileage for a marathon", "mileage"),
    ("new shoes", "shoes"),
    ("started doing intervals on the track", "speed"),
    ("bad sleep, work stress", "sleep"),
    ("nothing changed really", "unsure"),
    ("more miles and hills", None),  # two causes: the button picks one
]
GOAL = [
    ("Berlin marathon in April", "Berlin marathon in April"),
    ("just to run again", "running"),
    ("no goal", "skip"),
]
FEEL = [
    ("deep ache in the bone", "bone"),
    ("maybe a stress fracture?", "bone"),
    ("tendon, stiff first thing", "tendon"),
    ("tendinitis", "tendon"),
    ("feels like a pulled muscle", "muscle"),
    ("tight", "muscle"),
    ("the joint", "joint"),
    ("no idea", "unsure"),
    ("dunno", "unsure"),
    ("not sure", "unsure"),
]
SEEN_PRO = [
    ("I saw a physio last week", "yes"),
    ("yes, my GP", "yes"),
    ("went to a sports doctor", "yes"),
    ("had an MRI", "yes"),
    ("haven't seen anyone", "no"),
    ("nope, not yet", "no"),
    ("no", "no"),
    ("nobody", "no"),
    ("not really", "no"),
    ("Not yet, I haven't been to a doctor", "no"),
    ("kind of", None),
    ("not sure", None),
]
BASELINE = [
    ("1", 1),
    ("usually a 1", 1),
    ("about 2/10", 2),
    ("0 most days", 0),
    ("1-2", 2),
    ("none", 0),
    ("zero", 0),
]
TIMEZONE = [
    ("Manchester", "Europe/London"),
    ("manchester, uk", "Europe/London"),
    ("I'm in Manchester", "Europe/London"),
    ("London time", "Europe/London"),
    ("Sao Paulo", "America/Sao_Paulo"),
    ("São Paulo", "America/Sao_Paulo"),
    ("Ho Chi Minh City", "Asia/Ho_Chi_Minh"),
    ("Bengaluru", "Asia/Kolkata"),
    ("New York", "America/New_York"),
    ("Lagos", "Africa/Lagos"),
    ("Lagos, Portugal", "Europe/Lisbon"),
    ("I live in Birmingham", "Europe/London"),
    ("Birmingham, Alabama", "America/Chicago"),
    ("Portland, Maine", "America/New_York"),
    ("Austin, TX", "America/Chicago"),
    ("San Jose, CA", "America/Los_Angeles"),
    ("Valencia, Spain", "Europe/Madrid"),
    ("Valencia", None),  # Spain or Venezuela: asked again
    ("Bath, UK", "Europe/London"),
    ("Nigeria", "Africa/Lagos"),
    ("Zürich", "Europe/Zurich"),
    ("Köln", "Europe/Berlin"),
    ("the Hague", "Europe/Amsterdam"),
    ("St. Petersburg", "Europe/Moscow"),
    ("Washington, D.C.", "America/New_York"),
    ("near Leeds, UK", "Europe/London"),
    ("UTC+2", "UTC+02:00"),
    ("GMT-5", "UTC-05:00"),
    ("Leeds, USA", None),  # the city and the country disagree
    ("USA", None),  # six zones
    ("no", None),  # Norway's code is not an answer
    ("somewhere sunny", None),
    ("Vancouver BC", "America/Vancouver"),
    ("Auckland NZ", "Pacific/Auckland"),
    ("Seattle, WA", "America/Los_Angeles"),
    ("Central European Time", "Europe/Berlin"),
    ("pacific time", "America/Los_Angeles"),
    ("Victoria", None),  # Hong Kong's, BC's or Australia's
    ("north", None),  # an old tz name for Darwin, not an answer
]
CHECKIN_TIME = [
    ("half past six", "06:30"),
    ("quarter to seven", "06:45"),
    ("quarter past 7", "07:15"),
    ("ten past seven", "07:10"),
    ("twenty to eight", "07:40"),
    ("half six", "06:30"),
    ("seven thirty", "07:30"),
    ("6ish", "06:00"),
    ("around 7", "07:00"),
    ("about 7am", "07:00"),
    ("7 o'clock", "07:00"),
    ("at 6:45 please", "06:45"),
    ("7 in the morning", "07:00"),
    ("half past 6 in the evening", "18:30"),
    ("8pm", "20:00"),
    ("7.15am", "07:15"),
    ("6 or 7", None),
    ("early", None),
    ("between 6 and 7", None),
]
CROSS = [
    ("swimming and cycling", Ticks(add=frozenset({"swim", "bike"}))),
    ("yoga", Ticks(add=frozenset({"yoga"}))),
    ("pool running and the cross trainer", Ticks(add=frozenset({"swim", "elliptical"}))),
    ("spin class", Ticks(add=frozenset({"bike"}))),
    ("zwift and pilates", Ticks(add=frozenset({"bike", "yoga"}))),
    ("nothing at the moment", Ticks(none=True)),
    ("that's all", Ticks(finished=True)),
    ("nothing else", Ticks(finished=True)),
]
PAIN = [
    ("3", 3),
    ("3/10", 3),
    ("3 out of 10", 3),
    ("about a 3", 3),
    ("a 4 maybe", 4),
    ("2-3", 3),  # a range reads as its higher end: too low could move a runner on too soon
    ("2 to 3", 3),
    ("between 2 and 3", 3),
    ("2.5", 3),
    ("zero", 0),
    ("ten", 10),
    ("three", 3),
    ("pain 2", 2),
    ("no pain", 0),
    ("no pain at all", 0),
    ("pain free", 0),
    ("didn't hurt at all", 0),
    ("nothing", 0),
    ("barely anything", 1),  # some pain is not none: 0 is kept for pain-free
    ("hardly any", 1),
    ("2 or 3", None),  # two answers: asked again (see the report)
    ("3 now, 5 on the stairs", None),
    ("11", None),
    ("-1", None),
    ("20%", None),
    ("lots", None),
    ("a bit", None),
]
SWELLING = [
    ("a bit swollen", "some"),
    ("slightly puffy", "some"),
    ("a little", "some"),
    ("maybe a little", "some"),
    ("yes a bit", "some"),
    ("not much", "some"),
    ("some swelling around the ankle", "some"),
    ("very swollen", "visible"),
    ("yes, swollen", "visible"),
    ("lots of swelling", "visible"),
    ("not swollen", "none"),
    ("no swelling at all", "none"),
    ("no", "none"),
    ("nope", "none"),
    ("none", "none"),
    ("nothing", "none"),
    ("no, not swollen", "none"),
    ("looks normal", "none"),
    ("no visible swelling", "none"),
    ("no it isn't swollen", "none"),
    ("a lot less than yesterday", "some"),  # less is still some
    ("not very swollen", None),  # not visible, but not clearly none either
    ("not sure", None),
]
DAILY_PAIN = [
    ("a bit on the stairs, yeah", "yes"),
    ("yes", "yes"),
    ("yeah I think so", "yes"),
    ("on the stairs", "yes"),
    ("it hurts when I walk", "yes"),
    ("sometimes", "yes"),
    ("a little", "yes"),
    ("no", "no"),
    ("nope", "no"),
    ("not really", "no"),
    ("no pain", "no"),
    ("it doesn't hurt", "no"),
    ("only when running", "no"),
    ("not at all", "no"),
    ("kind of", None),
    ("not sure", None),
    ("maybe", None),
]
COMPARED = [
    ("better", "better"),
    ("a bit better", "better"),
    ("less sore", "better"),
    ("much better, thanks", "better"),
    ("same", "same"),
    ("about the same", "same"),
    ("no change", "same"),
    ("it's not worse", "same"),
    ("no worse", "same"),
    ("no better", "same"),  # at best the same, never better
    ("not better", "same"),
    ("not any worse", "same"),
    ("neither better nor worse", "same"),
    ("worse", "worse"),
    ("a bit worse", "worse"),
    ("more sore", "worse"),
    ("it flared up", "worse"),
    ("not better, worse", "worse"),  # worse named: the conservative reading
    ("not good", None),
    ("not sure", None),
]
WALK_TEST = [
    ("didn't hurt at all", "pain_free"),
    ("fine", "pain_free"),
    ("no pain", "pain_free"),
    ("all good, no issues", "pain_free"),
    ("felt great", "pain_free"),
    ("it hurt", "pain"),
    ("hurt", "pain"),
    ("a bit sore", "pain"),
    ("fine at first, sore by the end", "pain"),
    ("ached", "pain"),
    ("skipped", "skipped"),
    ("didn't do it", "skipped"),
    ("not yet", "skipped"),
    ("no time", "skipped"),
    ("not sure", None),
]
HOP_TEST = [
    ("didn't hurt at all", "pass"),
    ("passed", "pass"),
    ("all 10, no pain", "pass"),
    ("fine", "pass"),
    ("hurt", "pain"),
    ("sharp pain on the 5th hop", "pain"),
    ("a bit sore", "pain"),
    ("fine on the left, sore on the right", "pain"),
    ("skipped", "skipped"),
    ("too scared to try", "skipped"),
    ("didn't do it", "skipped"),
]
CLEARED = [
    ("yes", "yes"),
    ("yes, the physio cleared me", "yes"),
    ("got the green light", "yes"),
    ("she signed me off", "yes"),
    ("not cleared", "no"),
    ("not yet", "no"),
    ("no, still waiting", "no"),
    ("no, told me to rest", "no"),
    ("physio said I can start running", "yes"),
    ("doctor said keep resting", "no"),
    ("nope", "no"),
    ("kind of", None),
]
LOG_KIND = [
    ("walk", "walk"),
    ("went for a walk", "walk"),
    ("walked the dog", "walk"),
    ("walk run", "walk_run"),
    ("run/walk", "walk_run"),
    ("walk-jog intervals", "walk_run"),
    ("easy jog", "run"),
    ("parkrun", "run"),
    ("ran", "run"),
    ("swam", "cross"),
    ("spin class", "cross"),
    ("cycling", "cross"),
    ("rehab exercises", "strength"),
    ("calf raises", "strength"),
    ("gym", "strength"),
    ("rest day", None),
]
LOG_MINUTES = [
    ("30", 30),
    ("30 min", 30),
    ("45 minutes", 45),
    ("about half an hour", 30),
    ("half an hour", 30),
    ("an hour", 60),
    ("an hour and a half", 90),
    ("1h30", 90),
    ("1.5 hours", 90),
    ("1 hour 15", 75),
    ("quarter of an hour", 15),
    ("forty five minutes", 45),
    ("twenty", 20),
    ("1:30", 90),
    ("30-40 min", 40),  # a range reads as its longer end, the way a load is counted
    ("5k in 30 mins", 30),
    ("5k", None),  # a distance is not a duration
    ("10 km", None),
    ("3 miles", None),
    ("a few minutes", None),
    ("a couple of hours", None),
    ("20 min walk then 10 min jog", None),
    ("90 seconds", None),
    ("2x10 min", None),  # a sum to do, not a duration typed
    ("20 min walk, 10 min jog", None),
]
LOG_PAIN = [
    ("0", 0),
    ("didn't hurt at all", 0),
    ("no pain", 0),
    ("a 2", 2),
    ("2-3", 3),
    ("barely anything", 1),
    ("about 4/10", 4),
    ("ten", 10),
    ("15", None),
]
SETTINGS_MENU = [
    ("time zone", "timezone"),
    ("I moved to Manchester", "timezone"),
    ("change my timezone", "timezone"),
    ("check-in time", "checkin_time"),
    ("later please", "checkin_time"),
    ("change the time", "checkin_time"),
    ("cross training", "cross"),
    ("I can swim now", "cross"),
    ("skip today", "skip_today"),
    ("not today", "skip_today"),
    ("nothing, thanks", None),  # no change: never a setting picked by a guess
    ("no thanks", None),
    ("cancel", None),
]
DELETE_CONFIRM = [
    ("yes", "yes"),
    ("wait, do not delete! yes I want to keep everything", "no"),
    ("no", "no"),
]

TABLE = [
    *((q.CONSENT, typed, value) for typed, value in CONSENT),
    *((q.AREA, typed, value) for typed, value in AREA),
    *((q.ONSET, typed, value) for typed, value in ONSET),
    *((q.CAUSE, typed, value) for typed, value in CAUSE),
    *((q.GOAL, typed, value) for typed, value in GOAL),
    *((q.FEEL, typed, value) for typed, value in FEEL),
    *((q.SEEN_PRO, typed, value) for typed, value in SEEN_PRO),
    *((q.BASELINE, typed, value) for typed, value in BASELINE),
    *((q.TIMEZONE, typed, value) for typed, value in TIMEZONE),
    *((q.SETTINGS_TIMEZONE, typed, value) for typed, value in TIMEZONE[:3]),
    *((q.CHECKIN_TIME, typed, value) for typed, value in CHECKIN_TIME),
    *((q.SETTINGS_TIME, typed, value) for typed, value in CHECKIN_TIME[:3]),
    *((q.CROSS, typed, value) for typed, value in CROSS),
    *((q.SETTINGS_CROSS, typed, value) for typed, value in CROSS[:3]),
    *((q.PAIN, typed, value) for typed, value in PAIN),
    *((q.SWELLING, typed, value) for typed, value in SWELLING),
    *((q.DAILY_PAIN, typed, value) for typed, value in DAILY_PAIN),
    *((q.ONBOARD_DAILY_PAIN, typed, value) for typed, value in DAILY_PAIN[:6]),
    *((q.COMPARED, typed, value) for typed, value in COMPARED),
    *((q.WALK_TEST, typed, value) for typed, value in WALK_TEST),
    *((q.HOP_TEST, typed, value) for typed, value in HOP_TEST),
    *((q.CLEARED, typed, value) for typed, value in CLEARED),
    *((q.LOG_KIND, typed, value) for typed, value in LOG_KIND),
    *((q.LOG_MINUTES, typed, value) for typed, value in LOG_MINUTES),
    *((q.LOG_PAIN, typed, value) for typed, value in LOG_PAIN),
    *((q.SETTINGS_MENU, typed, value) for typed, value in SETTINGS_MENU),
    *((q.DELETE_CONFIRM, typed, value) for typed, value in DELETE_CONFIRM),
]


@pytest.mark.parametrize(
    ("question", "typed", "value"),
    TABLE,
    ids=[f"{question.name}:{typed}" for question, typed, _ in TABLE],
)
def test_typed_answer_is_read_as_meant(question, typed, value):
    assert question.from_text(typed) == value


# Every 40th of the big cities, by name: a time zone question must not fail on a real city.
SAMPLE = sorted(cities.CITIES)[::40]


@pytest.mark.parametrize("name", SAMPLE)
def test_a_big_city_is_a_time_zone(name):
    zone = zones.resolve(name.title())
    assert zone is not None
    assert zones.zone(zone) is not None  # the machine's tz data knows it


def test_the_city_sample_is_large_enough():
    assert len(SAMPLE) >= 50
    assert len(cities.CITIES) >= 1500
