"""Sentences of the coach: decisions, explanations, the plan of the day.

Voice: a fellow runner who has been hurt too. Honest and warm, no fluff. Never "push through",
never a diagnosis; when a clinician is needed, say so plainly and say how soon.
Tuples are variants of one sentence; the coach picks one with `variant` (the day), so the wording
changes from morning to morning while the meaning stays put.
"""

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
    # --- decisions: the headline of the day ------------------------------------------------------
    "coach.decision.advance": (
        "Moving up today: {stage}.",
        "You earned the next step: {stage}.",
        "Next stage unlocked: {stage}.",
    ),
    "coach.decision.hold": (
        "Same stage today: {stage}.",
        "We stay put today: {stage}.",
        "Holding steady at {stage}.",
    ),
    "coach.decision.step_back": (
        "We take a step back today, to {stage}.",
        "One step down today: {stage}.",
    ),
    # A step back in `protect`: the lowest stage already, so the stage stays.
    "coach.decision.floor": (
        "We stay at {stage} today: it is already the gentlest stage, so there is no lower one.",
        "Still {stage} today. There is no gentler stage than this one, so we stay here a little "
        "longer.",
    ),
    "coach.decision.refer": (
        "Time to get this looked at by a clinician. No running until then.",
        "This needs a professional's eyes. Running is on pause until you have seen someone.",
    ),
    "coach.decision.urgent": (
        "Please get medical care today. Coaching is paused.",
        "This needs care today, not a training plan. Coaching is paused.",
    ),
    # --- explanation: what you told us -----------------------------------------------------------
    "coach.explain.morning": (
        "This morning you rated {area} {pain}/10; your usual baseline is {baseline}/10.",
        "Morning pain: {pain}/10 against a baseline of {baseline}/10.",
    ),
    "coach.explain.yesterday": (
        "You rated {area} {pain}/10 during yesterday's {session} and {morning}/10 this morning "
        "(your baseline is {baseline}/10).",
        "{pain}/10 during yesterday's {session}, {morning}/10 this morning against a baseline "
        "of {baseline}/10.",
    ),
    "coach.explain.session": (
        "Today's {session}: {pain}/10 during, against a limit of {limit}/10 for this injury.",
        "You logged a {session} at {pain}/10 during; the limit for this injury is {limit}/10.",
    ),
    "coach.explain.no_check_in": (
        "No morning check-in today, so the day counts as a hold: a missed check-in is never a "
        "pass.",
    ),
    # A run logged on a day whose plan had no running: said plainly, never as a telling-off.
    "coach.explain.unplanned_run.protect": (
        "Thanks for logging it. Just so it is clear: the plan had no running at this stage. In "
        "protect the injury needs calm days before any running load.",
    ),
    "coach.explain.unplanned_run.walk": (
        "Thanks for logging it. Just so it is clear: the plan had no running at this stage. "
        "Walking comes first; running starts once the readiness checks have passed.",
    ),
    "coach.explain.unplanned_run.bone": (
        "Thanks for logging it. Just so it is clear: with a bone injury the plan has no running "
        "until a clinician has confirmed the bone has healed.",
    ),
    "coach.explain.unplanned_run.clinician": (
        "Thanks for logging it. Just so it is clear: running waits until a clinician has seen "
        "you, so today's plan had none.",
    ),
    "coach.explain.missed_days": (
        "You were away from check-ins for {days} days. That is fine, life happens; it just means "
        "we need one good session before moving up again.",
    ),
    "coach.explain.flag.bone_tenderness": "You told us a spot on the bone is tender to touch.",
    "coach.explain.flag.night_pain": "You told us the pain wakes you or shows up at night.",
    "coach.explain.flag.rest_pain": "You told us it hurts even at rest.",
    "coach.explain.flag.cannot_bear_weight": "You told us you cannot put your full weight on it.",
    "coach.explain.flag.limp": "You told us you are limping.",
    "coach.explain.flag.numbness": "You told us about numbness.",
    "coach.explain.flag.groin_pain": "You told us your groin hurts when you stand or walk on it.",
    "coach.explain.flag.missed_periods": (
        "You told us your periods have stopped or become irregular. That can mean your body is "
        "short on energy, which slows bone healing too."
    ),
    "coach.explain.flag.calf_swelling_warmth": (
        "You told us one calf is painful, swollen and warm."
    ),
    "coach.explain.flag.chest_pain": "You told us about chest pain.",
    "coach.explain.flag.breathless": "You told us you are short of breath.",
    "coach.explain.flag.other": "You told us about a warning sign we take seriously.",
    "coach.explain.hop_pain": (
        "Hopping hurt. Pain on single-leg hops can point to a bone stress injury, and that is "
        "not something to test your luck on."
    ),
    # --- explanation: why, rule by rule ----------------------------------------------------------
    "coach.explain.rule1": (
        "That combination can be serious, and it is not something a running coach should judge.",
    ),
    "coach.explain.rule2": (
        "Signs like this can mean something a plan cannot fix, like a bone stress injury or a "
        "nerve problem. I am not saying it is; I am saying someone qualified should check.",
    ),
    "coach.explain.rule3": (
        "{pain}/10 during the session is above the {limit}/10 this injury can take, so today "
        "counts as too much.",
        "Pain went past {limit}/10 during the session ({pain}/10). That is the tissue telling us "
        "the load was too high.",
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
        "There is some swelling today, so we keep running off the menu and wait for it to settle.",
    ),
    "coach.explain.rule6.step_back": (
        "Swelling {days} mornings in a row means the tissue is still irritated, so we ease off.",
    ),
    "coach.explain.rule7.step_back": (
        "Pain in everyday things like stairs or walking means the injury is not ready for running "
        "load yet.",
    ),
    "coach.explain.rule7.refer": (
        "The everyday pain is still there after we stepped back. That is the point where a "
        "clinician should take a look rather than us guessing.",
    ),
    "coach.explain.rule8.rest": (
        "After a step back there are three days without running. {days} to go, counting today; "
        "then you repeat {stage}.",
        "Running is on a short break after the step back: {days} day(s) left, counting today, "
        "before you repeat {stage}.",
    ),
    "coach.explain.rule8.protect": (
        "After the flare-up the injury gets a few extra calm days at {stage}: {days} to go, "
        "counting today, before moving on.",
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
    "coach.explain.rule10": ("Moving up needs one good session after the break first.",),
    "coach.explain.rule11.progress": (
        "Good morning {streak} of 3 in a row with no swelling and no everyday pain.",
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
        "Thanks for getting checked. With your clinician's go-ahead we pick up where you were, "
        "at {stage}, and start counting again.",
    ),
    "coach.explain.standing": (
        "This stands until you tell me a clinician has seen you and cleared you.",
    ),
    # --- explanation: what now ---------------------------------------------------------------
    "coach.explain.refer.who": (
        "Book a sports doctor or a physiotherapist within the next few days. Tell them what you "
        "told me; no running until they have seen you.",
        "Please see a sports doctor or physiotherapist in the next few days, and skip running "
        "until then.",
    ),
    "coach.explain.urgent.now": (
        "Seek medical care today. If it is getting worse, or you feel unwell, call emergency "
        "services.",
    ),
    "coach.explain.urgent.emergency": (
        "Chest pain or breathlessness: call emergency services now. Do not wait and see.",
    ),
    "coach.explain.urgent.dvt": (
        "A painful, swollen, warm calf needs to be checked today, because it can be a blood clot.",
    ),
    "coach.explain.today.advance": (
        "Today's plan has the new stage. Keep it easy; the next morning will tell us how it went.",
    ),
    "coach.explain.today.hold": (
        "Same plan as before. Patience is training too.",
        "Nothing changes today. Steady days like this are how the comeback is built.",
    ),
    "coach.explain.today.step_back": (
        "A step back is not starting over: the fitness is still there, and a few calm days now "
        "save weeks later.",
        "Healing is not a straight line. This dip belongs to it, and it does not erase your "
        "progress.",
    ),
    "coach.explain.today.floor": (
        "Keep today gentle: relative rest, and only movement that does not hurt. A few calm days "
        "here are what let you move on.",
    ),
    "coach.explain.instead.protect": (
        "Instead of running, for now: the pain-free cross-training and strength work in today's "
        "plan. Tomorrow's check-in tells us how the injury took the run.",
    ),
    "coach.explain.instead.walk": (
        "Instead of running, for now: walk, up to 30 minutes as long as it stays pain-free, and "
        "do today's strength work. Tomorrow's check-in tells us how the injury took the run.",
    ),
    # --- plan: the session ---------------------------------------------------------------------
    "coach.plan.urgent": (
        "No training today. Get medical care today, or call emergency services if it is getting "
        "worse.",
    ),
    "coach.plan.refer.no_running": (
        "No running until a clinician has seen you.",
        "Running stays on pause until you have been checked.",
    ),
    "coach.plan.refer.see_clinician": (
        "Book a sports doctor or physiotherapist within the next few days, and tell me when "
        "they clear you.",
    ),
    "coach.plan.session.protect": (
        "No running today. Daily life, and only movement that does not hurt.",
        "Rest is the treatment right now. No running; keep moving in ways that do not hurt.",
        "Relative rest today: nothing that brings the pain on. A few easy days do not erase your "
        "fitness.",
    ),
    "coach.plan.session.walk": (
        "Walk today, building towards 30 minutes. Stop at the point where it starts to hurt.",
        "A pain-free walk today, up to 30 minutes. Shorter and pain-free beats longer and sore.",
    ),
    "coach.plan.session.walk_tests": (
        "Readiness check after your walk: 10 single-leg hops on each leg. Report the walk and "
        "the hops in tomorrow's check-in.",
    ),
    "coach.plan.session.walk_tests_bone": (
        "No hop test yet: with a bone injury, wait for a clinician to confirm healing first.",
    ),
    "coach.plan.session.walk_run": (
        "Walk {walk} min, jog {jog} min; repeat {reps} times ({total} minutes). Easy pace, you "
        "should be able to chat.",
        "{reps} rounds of {walk} minutes walking and {jog} minutes easy jogging, {total} minutes "
        "in all. It might feel too small. That is the point.",
    ),
    "coach.plan.session.rest_between_runs": (
        "You ran yesterday, so today is a rest day between runs: active rest only.",
        "Rest day between runs today. The tissue adapts on the days off.",
    ),
    "coach.plan.session.continuous": (
        "20 to 30 minutes of continuous easy running. Ten easy minutes is a win if that is what "
        "the day allows.",
        "An easy continuous run, 20 to 30 minutes. Conversational pace, no watch-checking.",
    ),
    "coach.plan.session.rebuild": (
        "Easy run of up to {cap} minutes today. That is your cap: 10% over your longest run of "
        "the last 30 days.",
        "Run up to {cap} minutes, and no further: one run much longer than recent ones is where "
        "injuries come back.",
    ),
    "coach.plan.session.recovered": (
        "Back to normal training. Keep any single run within {cap} minutes (10% over your "
        "longest recent run) while you build.",
    ),
    "coach.plan.session.rest_days": (
        "No running today: {days} day(s) to go, counting today, before you repeat {stage}.",
        "Rest from running today ({days} day(s) left, counting today). Then we repeat {stage}.",
    ),
    "coach.plan.pain_rule.tendon": (
        "During any session: up to 5/10 is acceptable for a tendon if it settles by the next "
        "morning. Above that, stop.",
    ),
    "coach.plan.pain_rule.bone": (
        "With a bone injury there should be no pain at the site at all. Any pain there: stop.",
    ),
    "coach.plan.pain_rule.other": (
        "Keep pain during any session at 3/10 or less. Above that, stop for the day.",
    ),
    # --- plan: active rest ---------------------------------------------------------------------
    "coach.plan.active_rest.swim": (
        "Active rest: an easy swim, {minutes} minutes.",
        "Swim easy for {minutes} minutes: fitness without the pounding.",
    ),
    "coach.plan.active_rest.bike": (
        "Active rest: easy spin on the bike, {minutes} minutes, light gear.",
        "{minutes} minutes on the bike, easy resistance.",
    ),
    "coach.plan.active_rest.yoga": (
        "Gentle yoga, {minutes} minutes. Skip any pose that loads the sore spot.",
        "{minutes} minutes of gentle yoga; leave out anything that pulls on the injury.",
    ),
    "coach.plan.active_rest.elliptical": (
        "Elliptical, {minutes} minutes at an easy effort.",
        "{minutes} easy minutes on the elliptical.",
    ),
    "coach.plan.active_rest.none": (
        "Active rest: a few minutes of gentle mobility for the joints that do not hurt. Swimming "
        "or cycling may suit you; tell me what you have access to.",
    ),
    # --- plan: strength ------------------------------------------------------------------------
    "coach.plan.strength.intro": (
        "Strength today (only what does not hurt). This is injury insurance, not bulk:",
        "Strength work, the part runners skip and should not. Pain-free only:",
        "Bodyweight strength counts. Today, pain-free:",
    ),
    "coach.plan.strength.glute_bridge": "Glute bridge: {sets} x {reps}.",
    "coach.plan.strength.single_leg_bridge": "Single-leg glute bridge: {sets} x {reps} per side.",
    "coach.plan.strength.clamshell": "Clamshells: {sets} x {reps} per side.",
    "coach.plan.strength.side_plank": "Side plank: {sets} x {reps} seconds per side.",
    "coach.plan.strength.plank": "Front plank: {sets} x {reps} seconds.",
    "coach.plan.strength.dead_bug": "Dead bug: {sets} x {reps} per side, slow.",
    "coach.plan.strength.calf_raise": "Calf raises: {sets} x {reps}, slow on the way down.",
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
    ),
    "coach.plan.food": (
        "Food: more protein than you think, at every meal, plus berries, leafy greens and an "
        "omega-3 source like oily fish or walnuts.",
        "Fuel the repair: protein at each meal, and colour on the plate (berries, greens). "
        "Under-eating slows healing.",
        "Eat enough, with protein in every meal; leafy greens, berries and oily fish help calm "
        "inflammation.",
    ),
    "coach.plan.alcohol.early": (
        "Early healing goes better with little or no alcohol and not much added sugar.",
        "Go easy on alcohol and sugar for now; the tissue is in its busiest repair phase.",
    ),
    "coach.plan.alcohol.later": (
        "Keep alcohol modest: it still costs sleep quality and recovery.",
    ),
    "coach.plan.mind.protect": (
        "The pause is often harder than the pain. Getting hurt happens to people who run a lot; "
        "it is not a verdict on you.",
        "Frustration, guilt, even envy of runners going by are normal. Feeling them is not "
        "weakness.",
        "Healing starts when you stop fighting the fact that you are hurt. Rest is training "
        "right now.",
    ),
    "coach.plan.mind.rebuilding": (
        "The danger zone is when it stops hurting and you feel ready for more. Stay with the "
        "plan; small is smart.",
        "Good days and bad days both belong to a comeback. Judge the week, not one day.",
        "If being sidelined is weighing on you, talk about it: a friend, a coach, a therapist. "
        "That matters as much as the tissue.",
    ),
    "coach.plan.mind.recovered": (
        "You made it back, and you know now what it took. Keep the strength work; it is why "
        "you are here.",
    ),
}
