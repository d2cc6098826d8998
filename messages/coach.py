"""Sentences of the coach: decisions, explanations, the plan of the day.

Voice: a fellow runner who has been hurt too. Honest and warm, no fluff. Never "push through",
never a diagnosis; when a clinician is needed, say so plainly and say how soon.
Tuples are variants of one sentence; the coach picks one with `variant` (the day), so the wording
changes from morning to morning while the meaning stays put.
"""

_MONTHS = (
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December",
)  # fmt: skip

CATALOG: dict[str, str | tuple[str, ...]] = {
    # --- nouns the coach slots into sentences (plain strings, never variants) ---------------------
    "coach.area.shin": "your shin",
    "coach.area.calf_achilles": "your calf and Achilles",
    "coach.area.knee": "your knee",
    "coach.area.it_band": "the outside of your knee and thigh",
    "coach.area.hip_groin": "your hip and groin",
    "coach.area.foot_heel": "your foot and heel",
    "coach.area.hamstring": "your hamstring",
    "coach.area.other": "the sore spot",
    "coach.stage.protect": "protect (relative rest)",
    "coach.stage.walk": "walking",
    "coach.stage.walk_run_1": "walk-run 1 (walk 5 / jog 1)",
    "coach.stage.walk_run_2": "walk-run 2 (walk 4 / jog 2)",
    "coach.stage.walk_run_3": "walk-run 3 (walk 3 / jog 3)",
    "coach.stage.walk_run_4": "walk-run 4 (walk 2 / jog 4)",
    "coach.stage.walk_run_5": "walk-run 5 (walk 1 / jog 5)",
    "coach.stage.walk_run_6": "walk-run 6 (walk 1 / jog 10)",
    "coach.stage.continuous": "continuous easy running",
    "coach.stage.rebuild": "rebuilding volume",
    "coach.stage.recovered": "back to normal training",
    "coach.session.walk": "walk",
    "coach.session.run": "run",
    "coach.session.cross": "cross-training",
    "coach.session.strength": "strength session",
    # --- counted nouns, dates, activities --------------------------------------------------------
    "coach.count.days.one": "{n} day",
    "coach.count.days.many": "{n} days",
    "coach.count.minutes.one": "{n} minute",
    "coach.count.minutes.many": "{n} minutes",
    "coach.count.sessions.one": "{n} session",
    "coach.count.sessions.many": "{n} sessions",
    "coach.date": "{day} {month}",
    **{f"coach.month.{n}": name for n, name in enumerate(_MONTHS, start=1)},
    "coach.activity.walk": "walk",
    "coach.activity.run": "run",
    "coach.activity.walk_run": "walk-run",
    "coach.activity.cross": "cross-training session",
    "coach.activity.strength": "strength session",
    "coach.activity.swim": "swim",
    "coach.activity.bike": "bike ride",
    "coach.activity.yoga": "yoga session",
    "coach.activity.elliptical": "elliptical session",
    # Red flags as short nouns, listed in one line of the short reply.
    "coach.flag.bone_tenderness": "a tender spot on the bone",
    "coach.flag.night_pain": "pain at night",
    "coach.flag.rest_pain": "pain at rest",
    "coach.flag.cannot_bear_weight": "not being able to bear weight",
    "coach.flag.limp": "a limp",
    "coach.flag.numbness": "numbness",
    "coach.flag.groin_pain": "groin pain when you stand on it",
    "coach.flag.missed_periods": "missed periods",
    "coach.flag.calf_swelling_warmth": "a swollen, warm calf",
    "coach.flag.chest_pain": "chest pain",
    "coach.flag.breathless": "breathlessness",
    "coach.flag.other": "a warning sign",
    # Why a referral was made, for the days it stands: "the referral from 3 March (…) stands".
    "coach.reason.1": "the urgent signs you told me about",
    "coach.reason.2": "the warning signs you told me about",
    "coach.reason.7": "everyday pain that stayed after a step back",
    "coach.reason.8": "pain that came back right after a step back",
    "coach.reason.11": "everyday pain after two weeks of relative rest",
    "coach.reason.15": "a bone injury that hurt in everyday life and had not been looked at",
    "coach.reason.other": "what you told me then",
    # --- decisions: the headline of the day ------------------------------------------------------
    "coach.decision.advance": (
        "Moving up today: {stage}.",
        "You earned the next step: {stage}.",
        "Next stage unlocked: {stage}.",
        "Up a stage today, to {stage}.",
        "Good news: on to {stage} today.",
    ),
    "coach.decision.hold": (
        "Same stage today: {stage}.",
        "I'm keeping you at {stage} today.",
        "Holding steady at {stage}.",
        "Today stays at {stage}.",
        "No change today: {stage}.",
    ),
    "coach.decision.step_back": (
        "I'm taking you a step back today, to {stage}.",
        "One step down today: {stage}.",
        "A step back today, to {stage}.",
        "Easing back today, to {stage}.",
        "Back one stage today: {stage}.",
    ),
    # A step back in `protect`: the lowest stage already, so the stage stays.
    "coach.decision.floor": (
        "You stay at {stage} today: it is already the gentlest stage, so there is no lower one.",
        "Still {stage} today. There is no gentler stage than this one, so you stay here a little "
        "longer.",
        "You stay at {stage} today; there is no stage below it.",
        "{stage} it stays today. It is the gentlest stage, and it is where you stay for now.",
        "Staying at {stage} today, the gentlest stage there is.",
    ),
    "coach.decision.refer": (
        "Time to get this looked at by a clinician. No running until then.",
        "This needs a professional's eyes. Running is on pause until you have seen someone.",
        "I want a clinician to look at this. No running until they have.",
        "This one is for a clinician, not a plan. Running waits until you have been seen.",
        "Please get this checked by a clinician. Running is paused until then.",
    ),
    "coach.decision.urgent": (
        "Please get medical care today. Coaching is paused.",
        "This needs care today, not a training plan. Coaching is paused.",
        "Get medical care today, please. I'm pausing the coaching.",
        "Today is for medical care, not training. Coaching is paused.",
        "Please see a doctor today. The coaching waits.",
    ),
    # --- explanation: what you told me -----------------------------------------------------------
    "coach.explain.morning": (
        "This morning you rated {area} {pain}/10; your baseline is {baseline}/10.",
        "Morning pain: {pain}/10 against a baseline of {baseline}/10.",
        "{pain}/10 this morning for {area}, against your baseline of {baseline}/10.",
        "You woke up at {pain}/10; your baseline is {baseline}/10.",
        "This morning: {pain}/10, with {baseline}/10 as your baseline.",
    ),
    "coach.explain.morning.usual": (
        "This morning you rated {area} {pain}/10; your usual morning is now {baseline}/10.",
        "Morning pain: {pain}/10. Your usual morning this past week is {baseline}/10.",
        "{pain}/10 this morning for {area}; your usual morning is now {baseline}/10.",
        "You woke up at {pain}/10; lately your usual morning is {baseline}/10.",
        "This morning: {pain}/10. Your usual morning has settled to {baseline}/10.",
    ),
    "coach.explain.yesterday": (
        "You rated {area} {pain}/10 during yesterday's {session} and {morning}/10 this morning "
        "(your baseline is {baseline}/10).",
        "{pain}/10 during yesterday's {session}, {morning}/10 this morning against a baseline "
        "of {baseline}/10.",
        "Yesterday's {session}: {pain}/10 during. Today: {morning}/10 this morning, baseline "
        "{baseline}/10.",
        "After yesterday's {session} ({pain}/10 during) you woke at {morning}/10 this morning; "
        "your baseline is {baseline}/10.",
        "{area}: {pain}/10 in yesterday's {session}, {morning}/10 this morning, baseline "
        "{baseline}/10.",
    ),
    "coach.explain.yesterday.usual": (
        "You rated {area} {pain}/10 during yesterday's {session} and {morning}/10 this morning; "
        "your usual morning is now {baseline}/10.",
        "{pain}/10 during yesterday's {session}, {morning}/10 this morning. Your usual morning "
        "this past week is {baseline}/10.",
        "Yesterday's {session}: {pain}/10 during. Today: {morning}/10 this morning, where your "
        "usual morning is now {baseline}/10.",
        "After yesterday's {session} ({pain}/10 during) you woke at {morning}/10 this morning; "
        "lately your usual morning is {baseline}/10.",
        "{area}: {pain}/10 in yesterday's {session}, {morning}/10 this morning, usual morning "
        "now {baseline}/10.",
    ),
    "coach.explain.session": (
        "Your {minutes}-minute {session}: {pain}/10 during, against a limit of {limit}/10 for "
        "this injury.",
        "You logged a {minutes}-minute {session} at {pain}/10 during; the limit for this injury "
        "is {limit}/10.",
        "{minutes}-minute {session} logged, {pain}/10 during (the limit here is {limit}/10).",
        "Your {session} today: {minutes} minutes at {pain}/10 during, with {limit}/10 as the "
        "limit.",
        "Logged: a {minutes}-minute {session}, {pain}/10 during. Limit for this injury: "
        "{limit}/10.",
    ),
    "coach.explain.no_check_in": (
        "No morning check-in today, so the day counts as a hold: a missed check-in is never a "
        "pass.",
        "No morning check-in today, so the day counts as a hold. A missed check-in never counts "
        "as a pass.",
    ),
    # Rule 16: a run over the plan, said plainly and never as a telling-off.
    "coach.explain.over_plan.protect": (
        "Thanks for logging it. Just so it is clear: the plan had no running at this stage. In "
        "protect the injury needs calm days before any running load.",
        "Thanks for logging it honestly. To be clear, the plan had no running at this stage: "
        "protect is for calming the injury down first.",
    ),
    "coach.explain.over_plan.walk": (
        "Thanks for logging it. Just so it is clear: the plan had no running at this stage. "
        "Walking comes first; running starts once the readiness checks have passed.",
        "Thanks for logging it honestly. To be clear, the plan had no running at this stage: "
        "running starts after the walking and hop checks pass.",
    ),
    "coach.explain.over_plan.bone": (
        "Thanks for logging it. Just so it is clear: with a bone injury the plan has no running "
        "until a clinician has confirmed the bone has healed.",
    ),
    "coach.explain.over_plan.clinician": (
        "Thanks for logging it. Just so it is clear: running waits until a clinician has seen "
        "you, so today's plan had none.",
    ),
    "coach.explain.over_plan.rest_days": (
        "Thanks for logging it. That run fell on one of the three days without running after a "
        "step back, so it does not count towards moving up: those days let the tissue settle.",
        "Thanks for logging it honestly. The plan had no running today (the calm days after a "
        "step back), so this run does not count towards moving up.",
    ),
    "coach.explain.over_plan.too_long": (
        "Thanks for logging it. {minutes} minutes logged at {stage}: the plan was {planned}. A "
        "run that much longer than planned does not count towards moving up, because one "
        "long run is where a comeback most often breaks.",
        "{minutes} minutes at {stage}, where the plan was {planned}. Thanks for being honest "
        "about it. It does not count towards moving up: the extra minutes are exactly the load "
        "the plan keeps out for now.",
    ),
    "coach.explain.over_plan.withheld": (
        "So this morning's move up waits a day: a day over the plan cannot be the day you move "
        "up. The sessions that earned it still count.",
        "That holds the move up by a day; your earlier good sessions still count.",
    ),
    "coach.explain.missed_days": (
        "You were away from check-ins for {days}. That is fine, life happens; it just means "
        "I need one good session before moving you up again.",
        "{days} without a check-in. No problem; one good session first, then you can move up "
        "again.",
    ),
    "coach.explain.flag.bone_tenderness": "You told me a spot on the bone is tender to touch.",
    "coach.explain.flag.night_pain": "You told me the pain wakes you or shows up at night.",
    "coach.explain.flag.rest_pain": "You told me it hurts even at rest.",
    "coach.explain.flag.cannot_bear_weight": "You told me you cannot put your full weight on it.",
    "coach.explain.flag.limp": "You told me you are limping.",
    "coach.explain.flag.numbness": "You told me about numbness.",
    "coach.explain.flag.groin_pain": "You told me your groin hurts when you stand or walk on it.",
    "coach.explain.flag.missed_periods": (
        "You told me your periods have stopped or become irregular. That can mean your body is "
        "short on energy, which slows bone healing too."
    ),
    "coach.explain.flag.calf_swelling_warmth": (
        "You told me one calf is painful, swollen and warm."
    ),
    "coach.explain.flag.chest_pain": "You told me about chest pain.",
    "coach.explain.flag.breathless": "You told me you are short of breath.",
    "coach.explain.flag.other": "You told me about a warning sign I take seriously.",
    "coach.explain.hop_pain": (
        "Hopping hurt. Pain on single-leg hops can point to a bone stress injury, and that is "
        "not something to test your luck on."
    ),
    "coach.explain.rule15.told": (
        "You told me it is a bone injury, it hurts in everyday walking, and nobody has looked at "
        "it yet."
    ),
    # --- explanation: why, rule by rule ----------------------------------------------------------
    "coach.explain.rule1": (
        "That combination can be serious, and it is not something a running coach should judge.",
    ),
    "coach.explain.rule2": (
        "Signs like this can mean something a plan cannot fix, like a bone stress injury or a "
        "nerve problem. I am not saying it is; I am saying someone qualified should check.",
    ),
    "coach.explain.rule15": (
        "A bone injury that hurts when you walk and has not been looked at: see a clinician "
        "before anything else. A stress fracture needs a diagnosis, not a training plan.",
    ),
    "coach.explain.rule3": (
        "{pain}/10 during the session is above the {limit}/10 this injury can take, so today "
        "counts as too much.",
        "Pain went past {limit}/10 during the session ({pain}/10). That is the tissue telling "
        "me the load was too high.",
    ),
    "coach.explain.rule4": (
        "Morning pain above your baseline after a session means the tissue did not settle "
        "overnight. How you feel the next morning is the real verdict on a run.",
        "The morning after is the honest judge: you are above baseline, so yesterday was a bit "
        "too much for now.",
    ),
    "coach.explain.rule5": (
        "Your morning pain has crept up three weeks running. Each week a little worse means the "
        "load is outpacing the healing.",
    ),
    "coach.explain.rule6.hold": (
        "Swelling this morning: no running today. One swollen morning is a hold, not a setback.",
        "There is some swelling today, so running is off the menu until it settles.",
    ),
    "coach.explain.rule6.step_back": (
        "Swelling {mornings} mornings in a row means the tissue is still irritated, so I'm "
        "easing things off.",
    ),
    "coach.explain.rule7.step_back": (
        "Pain in everyday things like stairs or walking means the injury is not ready for running "
        "load yet.",
    ),
    "coach.explain.rule7.refer": (
        "The everyday pain is still there after the step back. That is the point where a "
        "clinician should take a look rather than me guessing.",
    ),
    "coach.explain.rule8.rest": (
        "After a step back there are three days without running: {days} left, counting today. "
        "Then you repeat {stage}.",
        "Running is on a short break after the step back: {days} left, counting today, before "
        "you repeat {stage}.",
        "{days} left without running, counting today; then {stage} again.",
        "No running for {days} more, counting today. After that, {stage} once more.",
        "The calm days after the step back: {days} left, counting today, then {stage} again.",
    ),
    "coach.explain.rule8.protect": (
        "After the flare-up the injury gets a few extra calm days at {stage}: {days} left, "
        "counting today, before moving on.",
        "A few calm days at {stage} after the flare-up: {days} left, counting today.",
    ),
    "coach.explain.rule8.refer": (
        "This is the second warning at this stage, right after a step back. When the pain comes "
        "back this soon, a clinician should look at it.",
    ),
    "coach.explain.rule9": (
        "That run was longer than the cap of {cap} minutes (10% over your longest run of the past "
        "30 days), so it does not count towards moving up. One run that much longer is where "
        "the injury risk jumps.",
    ),
    "coach.explain.rule10": (
        "Moving up needs one good session after the break first.",
        "One good session after the break, then you can move up.",
    ),
    "coach.explain.rule11.progress": (
        "Good morning {streak} of 3 in a row with no swelling and no everyday pain.",
        "{streak} of 3 good mornings in a row: no swelling, no everyday pain.",
        "That is {streak} of the 3 calm mornings in a row you need to start walking.",
        "Calm morning {streak} of 3. Keep them coming.",
        "{streak} of 3: no swelling, no everyday pain, pain at your baseline.",
    ),
    "coach.explain.rule11.advance": (
        "Three mornings in a row with no swelling, no everyday pain and pain at baseline: "
        "time to start walking.",
    ),
    "coach.explain.rule11.refer": (
        "After two weeks of relative rest, everyday activities still hurt. That deserves a "
        "proper assessment.",
    ),
    "coach.explain.rule12.progress": (
        "Readiness tests passed {passes} of 2 times. Pain-free walking and hopping are what "
        "ready looks like.",
        "{passes} of 2 readiness checks passed: pain-free walking and hopping.",
        "Readiness: {passes} of 2. Two pain-free walk-and-hop checks open the first jogging "
        "minutes.",
        "You have passed the walk and hop checks {passes} of 2 times.",
        "{passes} of 2 pain-free readiness checks done.",
    ),
    "coach.explain.rule12.advance": (
        "Pain-free walking and hopping twice, no swelling, no everyday pain: you are ready for "
        "your first jogging minutes.",
    ),
    "coach.explain.rule12.clearance": (
        "The tests look good. With a bone injury, though, a clinician needs to confirm the bone "
        "has healed before you run. Tell me once they have.",
    ),
    "coach.explain.rule13.progress": (
        "That makes {count} of {needed} good sessions at this stage.",
        "Good sessions at this stage so far: {count} of {needed}.",
        "{count} of {needed} good sessions done at this stage.",
        "At this stage: {count} of the {needed} good sessions that move you up.",
        "Progress at this stage: {count} of {needed} good sessions.",
    ),
    "coach.explain.rule13.advance": (
        "That was good session number {count} at this stage, with a settled morning after, so "
        "you move up.",
        "{count} good sessions, each with a calm next morning: that is what moving up takes.",
    ),
    "coach.explain.rule13.spacing": (
        "Sessions count when they are at least a day apart; a rest day between runs is part of "
        "the plan.",
    ),
    "coach.explain.cleared": (
        "Thanks for getting checked. With your clinician's go-ahead you pick up where you were, "
        "at {stage}, and I start counting again.",
        "Good that you got it checked. With the all-clear you carry on at {stage}; the count "
        "starts again from today.",
    ),
    "coach.explain.standing.refer": (
        "The referral from {since} ({reason}) stands until a clinician clears you.",
        "I referred you on {since} because of {reason}. That stands until a clinician has seen "
        "you and cleared you.",
        "Still waiting on a clinician: the referral from {since}, for {reason}, stands until "
        "they clear you.",
        "Since {since} ({reason}) running waits for a clinician's all-clear.",
        "The referral of {since} still stands ({reason}); tell me when a clinician clears you.",
    ),
    "coach.explain.standing.urgent": (
        "Since {since} ({reason}) coaching is paused until a doctor has seen you and you tell "
        "me you are cleared.",
        "The urgent care advice from {since} ({reason}) stands until a doctor clears you.",
    ),
    # --- explanation: what now ---------------------------------------------------------------
    "coach.explain.refer.who": (
        "Book a sports doctor or a physiotherapist within the next few days, this week. Tell "
        "them what you told me; no running until they have seen you.",
        "Please see a sports doctor or physiotherapist in the next few days, this week, and "
        "skip running until then.",
        "A sports doctor or physiotherapist within the next few days is the right next step. "
        "No running until then.",
        "Book a physiotherapist or sports doctor for the next few days, this week if you can.",
        "In the next few days, get an appointment with a physiotherapist or sports doctor.",
    ),
    "coach.explain.refer.now": (
        "Book it now: a doctor or physiotherapist before any more running, ideally in the next "
        "day or two. Tell them what you told me.",
        "Please book a doctor or physiotherapist today, and see them before any more running.",
    ),
    "coach.explain.urgent.now": (
        "Seek medical care today. If it is getting worse, or you feel unwell, call emergency "
        "services.",
        "Please get medical care today; call emergency services if it gets worse or you feel "
        "unwell.",
    ),
    "coach.explain.urgent.emergency": (
        "Chest pain or breathlessness: call emergency services now. Do not wait and see.",
    ),
    "coach.explain.urgent.dvt": (
        "A painful, swollen, warm calf needs to be checked today, because it can be a blood clot.",
    ),
    "coach.explain.today.advance": (
        "Today's plan has the new stage. Keep it easy; the next morning will tell how it went.",
        "Enjoy the new stage, and keep it easy: the next morning is the real test.",
        "New stage, same rule: easy effort, and the next morning decides.",
        "Take the new stage gently. How you wake up tomorrow tells me if it fits.",
        "Nice work getting here. Keep today easy and tell me about tomorrow morning.",
    ),
    "coach.explain.today.hold": (
        "Same plan as before. Patience is training too.",
        "Nothing changes today. Steady days like this are how the comeback is built.",
        "A steady day. Those add up faster than it feels.",
        "No change is good news too: the tissue is adapting on days like this.",
        "Stick with today's plan. Boring is working.",
    ),
    "coach.explain.today.step_back": (
        "A step back is not starting over: the fitness is still there, and a few calm days now "
        "save weeks later.",
        "Healing is not a straight line. This dip belongs to it, and it does not erase your "
        "progress.",
        "Most comebacks have a step back or two. Your fitness stays; the tissue gets time.",
        "This is the plan working, not failing: it caught the warning early.",
        "A few easier days now cost much less than weeks off later.",
    ),
    "coach.explain.today.floor": (
        "Keep today gentle: relative rest, and only movement that does not hurt. A few calm days "
        "here are what let you move on.",
        "Gentle today: only movement that does not hurt. Calm days here are what let you move on.",
        "Easy does it today; pain-free movement only. The calm days do the healing.",
        "Rest is doing the work right now. Keep moving only in ways that do not hurt.",
        "Give it calm days: daily life, pain-free movement, nothing that brings the pain on.",
    ),
    "coach.explain.instead.protect": (
        "Instead of running, for now: the pain-free cross-training and strength work in today's "
        "plan. Tomorrow's check-in tells me how the injury took the run.",
    ),
    "coach.explain.instead.walk": (
        "Instead of running, for now: walk, up to 30 minutes as long as it stays pain-free, and "
        "do today's strength work. Tomorrow's check-in tells me how the injury took the run.",
    ),
    # --- the short reply after a check-in ------------------------------------------------------
    "coach.brief.flags": (
        "You told me about {flags}: signs a clinician should check, not a plan.",
        "{flags}: that is for a clinician to check before any more training.",
    ),
    "coach.brief.morning": (
        "{pain}/10 this morning against a baseline of {baseline}/10.",
        "This morning: {pain}/10, baseline {baseline}/10.",
    ),
    "coach.brief.steady": (
        "Steady days build the comeback.",
        "Nothing new to change today.",
    ),
    "coach.brief.over_plan.too_long": (
        "{minutes} minutes logged where the plan was {planned}, so it does not count towards "
        "moving up.",
        "{minutes} minutes against a plan of {planned}: thanks for logging it; it does not count "
        "towards moving up.",
    ),
    "coach.brief.over_plan.rest_days": (
        "That run fell on a day without running after a step back, so it does not count.",
        "Runs wait for the rest days after a step back to pass; that one does not count.",
    ),
    "coach.brief.over_plan.protect": (
        "The plan had no running at this stage, so the run does not count towards moving on.",
        "Running is not in the plan yet at this stage, so that run does not count.",
    ),
    "coach.brief.over_plan.walk": (
        "The plan had no running at this stage; running starts after the readiness checks.",
        "Running is not in the plan yet: the readiness checks come first.",
    ),
    "coach.brief.over_plan.bone": (
        "With a bone injury, running waits until a clinician confirms it has healed.",
        "A bone injury needs a clinician's all-clear before running; that run does not count.",
    ),
    "coach.brief.over_plan.clinician": (
        "Running waits until a clinician has seen you.",
        "Until a clinician has checked you, runs do not count and are best left out.",
    ),
    "coach.brief.today.refer.who.other": (
        "Today: no running; pain-free strength and cross-training are fine. Book a physio or "
        "sports doctor this week.",
        "No running today. Keep the pain-free strength and cross-training, and book a physio "
        "or sports doctor in the next few days.",
    ),
    "coach.brief.today.refer.who.bone": (
        "Today: no running, no hopping, no impact; swim, bike, upper body and core only. Book a "
        "physio or sports doctor this week.",
        "No impact today: swim, bike, upper body and core only. See a physio or sports doctor "
        "in the next few days.",
    ),
    "coach.brief.today.refer.now.bone": (
        "Today: no running, no hopping, no impact; swim, bike, upper body and core only. Book a "
        "doctor or physio now, before any more running.",
        "No impact today, no hopping: swim or bike, upper body and core only. Make that doctor "
        "or physio appointment now, before any more running.",
        "Offload today: no running, no hopping, no calf raises; swim, bike, upper body and "
        "core. Book the appointment now, before any more running.",
    ),
    "coach.brief.today.refer.now.other": (
        "Today: no running. Book a doctor or physio now, before any more running.",
        "No running today; the appointment with a doctor or physio comes first.",
        "Running waits. Please get that doctor or physio appointment booked now.",
    ),
    # --- plan: the session ---------------------------------------------------------------------
    "coach.plan.urgent": (
        "No training today. Get medical care today, or call emergency services if it is getting "
        "worse.",
        "Today is for medical care, not training: see a doctor today, or call emergency "
        "services if it gets worse.",
        "No training. Please get seen today; emergency services if it is getting worse.",
        "Skip all training today and get medical care today. If it worsens, call emergency "
        "services.",
        "Care first, today: no training, and emergency services if things get worse.",
    ),
    "coach.plan.refer.no_running": (
        "No running until a clinician has seen you.",
        "Running stays on pause until you have been checked.",
        "No running for now: a clinician first.",
        "Running waits for a clinician's all-clear.",
        "Hold off running until someone qualified has looked at it.",
    ),
    "coach.plan.refer.soon.this_week": (
        "Book a sports doctor or physiotherapist within the next few days, this week, and tell "
        "me when they clear you.",
        "See a physiotherapist or sports doctor this week, and let me know what they say.",
        "Get an appointment with a sports doctor or physiotherapist this week, within days.",
        "A physiotherapist or sports doctor within days, this week: tell me when they clear you.",
        "This week: a sports doctor or physiotherapist. Tell me once you are cleared.",
    ),
    "coach.plan.refer.soon.now": (
        "Book a doctor or physiotherapist now, before any more running; a day or two, not weeks.",
        "Please book it today: a doctor or physiotherapist before any more running.",
        "Book a doctor or physiotherapist now, and see them before any more running.",
        "Today, book a doctor or physiotherapist; see them before any more running.",
        "Make the appointment now, with a doctor or physiotherapist, before any more running.",
    ),
    "coach.plan.refer.offload": (
        "Until then, offload the bone: no calf raises, no hopping, nothing with impact. Swim or "
        "bike if it is pain-free, and train your upper body and core.",
        "Protect the bone until you are seen: no impact, no hopping, no calf raises. Pain-free "
        "swimming or cycling, upper body and core are fine.",
        "Offload it for now: nothing with impact, no hopping, no calf raises. Non-impact "
        "cross-training and upper body and core work only.",
        "The bone gets a rest from load: no impact, no hops, no calf raises. Swim, bike, upper "
        "body and core, all pain-free.",
        "No impact and no calf work until you are seen. What stays: pain-free swim or bike, and "
        "upper body and core.",
    ),
    "coach.plan.session.protect": (
        "No running today. Daily life, and only movement that does not hurt.",
        "Rest is the treatment right now. No running; keep moving in ways that do not hurt.",
        "Relative rest today: nothing that brings the pain on. A few easy days do not erase your "
        "fitness.",
        "No running today. Move in every way that stays pain-free.",
        "Relative rest: daily life, pain-free movement, no running yet.",
    ),
    "coach.plan.session.walk": (
        "Walk today, building towards 30 minutes. Stop at the point where it starts to hurt.",
        "A pain-free walk today, up to 30 minutes. Shorter and pain-free beats longer and sore.",
        "Walk up to 30 minutes today, only as far as it stays pain-free.",
        "Today's session is a walk, up to 30 minutes, pain-free all the way.",
        "Build your walk towards 30 minutes today; stop where it starts to hurt.",
    ),
    "coach.plan.session.walk_tests": (
        "Readiness check after your walk: 10 single-leg hops on each leg. Report the walk and "
        "the hops in tomorrow's check-in.",
        "After the walk, 10 single-leg hops per leg. Tell me tomorrow how the walk and the hops "
        "felt.",
        "Readiness check: 10 hops on each leg after walking. Report both tomorrow.",
        "Try 10 single-leg hops on each leg after the walk, and tell me tomorrow.",
        "After walking: 10 hops per leg. Pain-free or not, tell me in tomorrow's check-in.",
    ),
    "coach.plan.session.walk_tests_bone": (
        "No hop test yet: with a bone injury, wait for a clinician to confirm healing first.",
        "Skip the hops for now: a bone injury needs a clinician's go-ahead before hopping.",
        "No hopping yet. With a bone injury that waits for a clinician to confirm healing.",
        "Hop tests wait until a clinician has confirmed the bone has healed.",
        "No hop test until a clinician says the bone has healed.",
    ),
    "coach.plan.session.walk_run": (
        "Walk {walk}, jog {jog}; repeat {reps} times ({total} minutes). Easy pace, you should "
        "be able to chat.",
        "{reps} rounds of walking {walk} and easy jogging {jog}, {total} minutes in all. It might "
        "feel too small. That is the point.",
        "Walk-run: {walk} walking, {jog} jogging, {reps} times ({total} minutes), chatting pace.",
        "{reps} x (walk {walk}, jog {jog}): {total} minutes, easy enough to talk.",
        "Today: walk {walk} then jog {jog}, {reps} times over, {total} minutes at an easy pace.",
    ),
    "coach.plan.session.rest_between_runs": (
        "You ran yesterday, so today is a rest day between runs: active rest only.",
        "Rest day between runs today. The tissue adapts on the days off.",
        "No run today: a day off between runs is part of the plan.",
        "Yesterday was a run day, so today is for active rest.",
        "Rest day between runs. The adaptation happens now.",
    ),
    "coach.plan.session.continuous": (
        "20 to 30 minutes of continuous easy running. Ten easy minutes is a win if that is what "
        "the day allows.",
        "An easy continuous run, 20 to 30 minutes. Conversational pace, no watch-checking.",
        "Run easy without walk breaks, 20 to 30 minutes.",
        "20-30 minutes of easy, continuous running, at a pace you could chat at.",
        "A continuous run today: 20 to 30 easy minutes, no more.",
    ),
    "coach.plan.session.rebuild": (
        "Easy run of up to {cap} minutes today. That is your cap: 10% over your longest run of "
        "the last 30 days.",
        "Run up to {cap} minutes, and no further: one run much longer than recent ones is where "
        "injuries come back.",
        "Today's run: up to {cap} minutes, the cap for now.",
        "Up to {cap} minutes of easy running today; the cap keeps single runs in line.",
        "Run as long as {cap} minutes today, never longer.",
    ),
    "coach.plan.session.recovered": (
        "Back to normal training. Keep any single run within {cap} minutes (10% over your "
        "longest recent run) while you build.",
        "Normal training, with one guard: no single run over {cap} minutes for now.",
        "Train as usual; keep single runs to {cap} minutes while you build.",
        "Back to your own training. The longest run today: {cap} minutes.",
        "Normal training again, with runs up to {cap} minutes.",
    ),
    "coach.plan.session.rest_days": (
        "No running today: {days} to go, counting today, before you repeat {stage}.",
        "Rest from running today ({days} left, counting today). Then {stage} again.",
        "No run today; {days} left, counting today, before {stage} again.",
        "Running pauses for {days} more, counting today. Then {stage}.",
        "Today is a no-running day ({days} left, counting today), then back to {stage}.",
    ),
    "coach.plan.pain_rule.tendon": (
        "During any session: up to 5/10 is acceptable for a tendon if it settles by the next "
        "morning. Above that, stop.",
        "Tendon rule: up to 5/10 during is fine if it has settled by the next morning; above "
        "that, stop.",
        "Keep it at 5/10 or under, and settled by tomorrow morning. More than that: stop.",
        "Pain up to 5/10 is allowed for a tendon, as long as the next morning is calm.",
        "Stop if it goes past 5/10. Up to that is fine for a tendon if it settles overnight.",
    ),
    "coach.plan.pain_rule.bone": (
        "With a bone injury there should be no pain at the site at all. Any pain there: stop.",
        "Bone rule: zero pain at the site. Any pain there, stop.",
        "No pain at the bone is the limit. If it hurts there, stop.",
        "For a bone, 0/10 at the site. Stop at the first pain.",
        "Stop at any pain on the bone; there is no acceptable amount.",
    ),
    "coach.plan.pain_rule.other": (
        "Keep pain during any session at 3/10 or less. Above that, stop for the day.",
        "The limit during any session: 3/10. Past that, stop for today.",
        "Up to 3/10 during is fine; above it, stop for the day.",
        "Stay at or under 3/10 while training. More than that, call it a day.",
        "3/10 is the ceiling during any session. Stop above it.",
    ),
    # --- plan: active rest ---------------------------------------------------------------------
    "coach.plan.active_rest.swim": (
        "Active rest: an easy swim, {minutes} minutes.",
        "Swim easy for {minutes} minutes: fitness without the pounding.",
        "{minutes} minutes of easy swimming.",
        "An easy {minutes}-minute swim.",
        "Pool time: {minutes} easy minutes.",
    ),
    "coach.plan.active_rest.bike": (
        "Active rest: easy spin on the bike, {minutes} minutes, light gear.",
        "{minutes} minutes on the bike, easy resistance.",
        "An easy {minutes}-minute spin, light gear.",
        "Bike, {minutes} minutes, easy effort.",
        "Spin easy on the bike for {minutes} minutes.",
    ),
    "coach.plan.active_rest.yoga": (
        "Gentle yoga, {minutes} minutes. Skip any pose that loads the sore spot.",
        "{minutes} minutes of gentle yoga; leave out anything that pulls on the injury.",
        "Yoga, {minutes} gentle minutes, nothing that loads the injury.",
        "An easy {minutes}-minute yoga flow; skip poses that hurt.",
        "{minutes} minutes of yoga, gentle, pain-free poses only.",
    ),
    "coach.plan.active_rest.elliptical": (
        "Elliptical, {minutes} minutes at an easy effort.",
        "{minutes} easy minutes on the elliptical.",
        "An easy {minutes}-minute elliptical session.",
        "Elliptical: {minutes} minutes, easy.",
        "{minutes} minutes on the elliptical, conversational effort.",
    ),
    "coach.plan.active_rest.none": (
        "Active rest: a few minutes of gentle mobility for the joints that do not hurt. Swimming "
        "or cycling may suit you; tell me what you have access to.",
        "Some gentle mobility for the joints that do not hurt. If you can swim or bike, tell me.",
        "A few minutes of easy mobility, pain-free. Swimming or cycling may suit; tell me if you "
        "have either.",
        "Gentle mobility today. Let me know if you can get to a pool or a bike.",
        "Easy mobility work for the parts that do not hurt. A pool or bike would open options.",
    ),
    "coach.plan.active_rest.none_bone": (
        "Non-impact only: if you can swim or cycle pain-free, that is the cardio. Tell me what "
        "you have access to.",
        "Cardio without impact means a pool or a bike; tell me if you have either.",
        "For now, nothing with impact. Swimming or cycling would suit; tell me if you can.",
        "If a pool or bike is within reach and pain-free, that is today's cardio.",
        "No impact cardio: swim or bike if you can, pain-free. Let me know what you have.",
    ),
    # --- plan: strength ------------------------------------------------------------------------
    "coach.plan.strength.intro": (
        "Strength today (only what does not hurt). This is injury insurance, not bulk:",
        "Strength work, the part runners skip and should not. Pain-free only:",
        "Bodyweight strength counts. Today, pain-free:",
        "Today's strength, pain-free, slow and controlled:",
        "Strength, the quiet part of a comeback. Nothing that hurts:",
    ),
    "coach.plan.cause.hills": (
        "You said it started after adding hills, so calves get extra attention.",
        "Hills were the change before it started, so the calves get extra work.",
        "Since hills came before the pain, the calves get extra attention.",
        "Hills load the calves most, so they get extra work here.",
        "The hills you added are why the calves get extra attention.",
    ),
    "coach.plan.cause.speed": (
        "You said it started after adding speed work, so hamstrings get extra attention.",
        "Speed work was the change before it started, so the hamstrings get extra work.",
        "Speed work loads the hamstrings most, so they get extra attention.",
        "Since speed work came before the pain, the hamstrings get extra work.",
        "The speed sessions are why the hamstrings get extra attention.",
    ),
    "coach.plan.cause.mileage": (
        "You said it started after more mileage, so hips and glutes get extra attention.",
        "More mileage came before the pain, so the hips and glutes get extra work.",
        "Tired hips and glutes are how extra mileage finds a weak spot: they get extra work.",
        "Since mileage went up before it started, hips and glutes get extra attention.",
        "The extra mileage is why hips and glutes get extra work here.",
    ),
    "coach.plan.cause.shoes": (
        "You said it started after new shoes, so feet and ankles get extra attention.",
        "New shoes change how the foot takes load, so feet and ankles get extra work.",
        "Since new shoes came before the pain, the feet and ankles get extra attention.",
        "The change of shoes is why the feet and ankles get extra work.",
        "Feet and ankles get extra attention, since new shoes came before it started.",
    ),
    "coach.plan.cause.sleep": (
        "You said it started when sleep got short: the strength stays as it is, and tonight's "
        "sleep matters as much as any exercise.",
        "Short sleep came before it started, so sleep is part of today's training.",
        "Since less sleep came first, protect your sleep as much as your training.",
        "Sleep was the change before it started; guard it like a key session.",
        "With short sleep as the likely cause, bedtime is part of the plan.",
    ),
    "coach.plan.strength.glute_bridge": "Glute bridge: {sets} x {reps}.",
    "coach.plan.strength.single_leg_bridge": "Single-leg glute bridge: {sets} x {reps} per side.",
    "coach.plan.strength.clamshell": "Clamshells: {sets} x {reps} per side.",
    "coach.plan.strength.side_plank": "Side plank: {sets} x {reps} seconds per side.",
    "coach.plan.strength.plank": "Front plank: {sets} x {reps} seconds.",
    "coach.plan.strength.dead_bug": "Dead bug: {sets} x {reps} per side, slow.",
    "coach.plan.strength.push_up": "Push-ups (from the knees is fine): {sets} x {reps}.",
    "coach.plan.strength.band_row": "Band or dumbbell rows, seated: {sets} x {reps}.",
    "coach.plan.strength.calf_raise": "Calf raises: {sets} x {reps}, slow on the way down.",
    "coach.plan.strength.eccentric_calf_raise": (
        "Slow-lowering calf raises off a step (up on two feet, down on one): {sets} x {reps}."
    ),
    "coach.plan.strength.seated_calf_raise": "Bent-knee calf raises: {sets} x {reps}.",
    "coach.plan.strength.calf_hold": (
        "Calf raise hold (isometric): {sets} x {reps} seconds, at a level that stays pain-free."
    ),
    "coach.plan.strength.ankle_mobility": "Knee-to-wall ankle mobility: {sets} x {reps} per side.",
    "coach.plan.strength.short_foot": "Short-foot (arch) holds: {sets} x {reps}.",
    "coach.plan.strength.wall_sit": "Wall sit: {sets} x {reps} seconds, at a pain-free depth.",
    "coach.plan.strength.step_down": "Slow step-downs from a low step: {sets} x {reps} per side.",
    "coach.plan.strength.side_leg_raise": "Side-lying leg raises: {sets} x {reps} per side.",
    "coach.plan.strength.band_walk": "Band side steps: {sets} x {reps} steps each way.",
    "coach.plan.strength.adductor_squeeze": (
        "Adductor squeeze (ball between the knees): {sets} x {reps} seconds."
    ),
    "coach.plan.strength.hamstring_bridge_hold": (
        "Long-lever bridge hold, heels further out: {sets} x {reps} seconds."
    ),
    "coach.plan.strength.hamstring_slider_curl": "Hamstring slider curls: {sets} x {reps}.",
    "coach.plan.strength.tibialis_raise": "Toe raises against a wall (shin): {sets} x {reps}.",
    "coach.plan.strength.single_leg_balance": (
        "Single-leg balance: {sets} x {reps} seconds per side."
    ),
    # --- plan: recovery ------------------------------------------------------------------------
    "coach.plan.sleep": (
        "Sleep: aim for 7 to 9 hours. Deep sleep is when the repair happens; the phone can wait.",
        "Get to bed early enough for 7-9 hours tonight. Healing runs on sleep.",
        "7 to 9 hours of sleep tonight is part of the plan, not a bonus.",
        "Tonight, 7-9 hours in bed. Tissue repair peaks while you sleep.",
        "Screens off a little earlier tonight: 7 to 9 hours of sleep is recovery you can't buy.",
    ),
    "coach.plan.food": (
        "Food: more protein than you think, at every meal, plus berries, leafy greens and an "
        "omega-3 source like oily fish or walnuts.",
        "Fuel the repair: protein at each meal, and colour on the plate (berries, greens). "
        "Under-eating slows healing.",
        "Eat enough, with protein in every meal; leafy greens, berries and oily fish help calm "
        "inflammation.",
        "Don't cut calories while injured: healing costs energy. Protein at every meal.",
        "Protein at each meal, plenty of vegetables, and enough overall. Repair needs fuel.",
    ),
    "coach.plan.alcohol.early": (
        "Early healing goes better with little or no alcohol and not much added sugar.",
        "Go easy on alcohol and sugar for now; the tissue is in its busiest repair phase.",
        "Little or no alcohol for now: it slows early repair and costs sleep.",
        "Keep alcohol and added sugar low while the injury is fresh.",
        "This is a good phase to skip the drinks; early healing notices.",
    ),
    "coach.plan.alcohol.later": (
        "Keep alcohol modest: it still costs sleep quality and recovery.",
        "A drink is fine; a few cost sleep, and sleep is recovery.",
        "Alcohol in moderation: recovery and sleep both feel it.",
        "Go light on alcohol, especially the night before a run.",
        "Modest alcohol, good sleep: both are part of the rebuild.",
    ),
    "coach.plan.mind.protect": (
        "The pause is often harder than the pain. Getting hurt happens to people who run a lot; "
        "it is not a verdict on you.",
        "Frustration, guilt, even envy of runners going by are normal. Feeling them is not "
        "weakness.",
        "Healing starts when you stop fighting the fact that you are hurt. Rest is training "
        "right now.",
        "Your fitness fades much slower than it feels. A few weeks cost less than you fear.",
        "Being sidelined is hard. Say it out loud to someone; it helps more than you'd think.",
    ),
    "coach.plan.mind.rebuilding": (
        "The danger zone is when it stops hurting and you feel ready for more. Stay with the "
        "plan; small is smart.",
        "Good days and bad days both belong to a comeback. Judge the week, not one day.",
        "If being sidelined is weighing on you, talk about it: a friend, a coach, a therapist. "
        "That matters as much as the tissue.",
        "Feeling ready before the tissue is ready is the classic trap. Patience wins this one.",
        "Every easy session you keep easy is a vote for running all year.",
    ),
    "coach.plan.mind.recovered": (
        "You made it back, and you know now what it took. Keep the strength work; it is why "
        "you are here.",
        "Back to it. Keep two strength sessions a week; they are your insurance.",
        "You did the patient thing. Keep listening to mornings after hard runs.",
        "Normal training again. Build slowly; no single run much longer than the recent ones.",
        "Well done on the comeback. Keep the habits that got you here.",
    ),
    "coach.plan.mind.referred": (
        "Waiting for an appointment is hard. Getting it checked is the fastest way back, not a "
        "detour.",
        "Being sent to a clinician is not bad news; it is how you find out what you are "
        "dealing with.",
        "Most runners who get checked early lose less time, not more.",
        "It is normal to worry while you wait. Keep moving in the ways that do not hurt.",
        "A clinician's view turns guessing into a plan. That is worth a short wait.",
    ),
}
