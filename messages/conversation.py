"""Sentences of the conversation between check-ins: answers to what runners ask (faq.*), the
weekly reply, /status, /log confirmations, and greetings that know the time of day.

Voice: a fellow runner who has been hurt too. "I", short, honest. Never a diagnosis, never medical
advice: medicines and warning signs go to a clinician or a pharmacist, plainly.
"""

_WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")

CATALOG: dict[str, str | tuple[str, ...]] = {
    # Dates, as /status shows them.
    **{f"date.weekday.{i}": name for i, name in enumerate(_WEEKDAYS)},
    **{f"date.month.{i}": name for i, name in enumerate(_MONTHS, 1)},
    "date.short": "{weekday} {day} {month}",
    # Check-in greetings away from the morning (the morning ones are in messages/core.py).
    "checkin.hello.afternoon": (
        "Afternoon check-in. Quick and honest beats brave.",
        "Let's see how it's doing this afternoon.",
        "Check-in time. Tell me how it really feels this afternoon, not how you'd like it to.",
        "Afternoon. A few quick questions, then the plan.",
        "Right, this afternoon's check-in: honest numbers only.",
    ),
    "checkin.hello.evening": (
        "Evening check-in. Quick and honest beats brave.",
        "Let's see how it's doing this evening.",
        "Check-in time. How does it really feel tonight?",
        "Evening. A few quick questions, then you'll have the plan.",
        "Right, tonight's check-in: honest numbers only.",
    ),
    "checkin.hello.night": (
        "A late check-in, then. Quick and honest beats brave.",
        "Still up? Let's do today's check-in.",
        "Check-in time, late as it is. How does it really feel?",
        "Late one tonight. A few quick questions, then sleep.",
        "Right, a night-owl check-in: honest numbers, then bed.",
    ),
    "checkin.hello_scheduled.afternoon": (
        "Good afternoon! Time for your check-in.",
        "Afternoon. Before the day runs away with you: how's it feeling?",
        "Hey, check-in time. Two minutes, then you'll know what today looks like.",
        "Afternoon, it's me. How's the injury doing today?",
        "Hi. Quick check-in, then I'll tell you what's on for the rest of today.",
    ),
    "checkin.hello_scheduled.evening": (
        "Good evening! Time for your check-in.",
        "Evening. Before the day's done: how's it feeling?",
        "Hey, check-in time. Two minutes, then you'll know where you stand.",
        "Evening, it's me. How has the injury been today?",
        "Hi. Quick check-in, then you'll know where you stand for tomorrow.",
    ),
    "checkin.hello_scheduled.night": (
        "Hi, late as it is: time for your check-in.",
        "Still up? Two minutes for your check-in.",
        "Hey, check-in time. Quick, then get some sleep.",
        "Late hello. How has the injury been today?",
        "Hi, it's me. Quick check-in, then rest: that's where repair happens.",
    ),
    "checkin.when_ready.afternoon": (
        "Check-in time. Finish what you're doing, then send /checkin.",
        "Good afternoon. When you're done here, /checkin takes two minutes.",
        "Your check-in is waiting whenever you're free: /checkin.",
        "It's check-in time. No rush: /checkin when this is done.",
        "Finish up here first; /checkin is there when you're ready.",
    ),
    "checkin.when_ready.evening": (
        "Evening! Check-in time. Finish what you're doing, then send /checkin.",
        "Good evening. When you're done here, /checkin takes two minutes.",
        "Your check-in is waiting whenever you're free tonight: /checkin.",
        "It's check-in time. No rush: /checkin when this is done.",
        "Finish up here first; /checkin is there when you're ready.",
    ),
    "checkin.when_ready.night": (
        "Check-in time, late as it is. Finish what you're doing, then send /checkin.",
        "When you're done here, /checkin takes two minutes.",
        "Your check-in is waiting whenever you're free: /checkin.",
        "It's check-in time. No rush: /checkin when this is done.",
        "Finish up here first; /checkin is there, then sleep.",
    ),
    # The weekly note takes a reply.
    "weekly.ask": "How are you holding up? A word or two is plenty, or tap one.",
    "weekly.ask.morning": (
        "How's this morning finding you, honestly? A word or two is plenty, or tap one.",
        "So, this morning: how are you holding up? Tell me in a word or two, or tap one.",
    ),
    "weekly.ask.afternoon": (
        "How's this afternoon finding you, honestly? A word or two is plenty, or tap one.",
        "So, this afternoon: how are you holding up? Tell me in a word or two, or tap one.",
    ),
    "weekly.ask.evening": (
        "How's this evening finding you, honestly? A word or two is plenty, or tap one.",
        "So, this evening: how are you holding up? Tell me in a word or two, or tap one.",
    ),
    "weekly.ask.night": (
        "Late as it is: how are you holding up, honestly? A word or two is plenty, or tap one.",
        "Before you sleep: how are you holding up? Tell me in a word or two, or tap one.",
    ),
    "button.reply.good": "{mark}Good",
    "button.reply.ok": "{mark}OK",
    "button.reply.frustrated": "{mark}Frustrated",
    "button.reply.worried": "{mark}Worried",
    "button.reply.low": "{mark}Low",
    "weekly.mood.good": (
        "Good to hear. Bank that feeling: on a harder day, remember that weeks like this one "
        "happen too.",
        "That's great. Enjoy it, and keep doing exactly what got you here: the boring, patient "
        "stuff works.",
    ),
    "weekly.mood.ok": (
        "OK is fine. Most of a comeback is OK weeks that add up. Thanks for telling me.",
        "OK counts. Not every week needs to feel like progress for it to be progress.",
    ),
    "weekly.mood.frustrated": (
        "Frustrated makes sense: you're a runner who can't run the way you want. Feeling it "
        "isn't weakness. Put that energy where it pays: the strength work is the part most "
        "runners skip, and the part that keeps this from happening again.",
        "I get it. The pause is often harder than the pain. You're still training: patience "
        "is the hard session this week.",
    ),
    "weekly.mood.worried": (
        "Worry is normal when your body's let you down once. I'm watching your mornings with "
        "you, and I'll say plainly if something needs a clinician. If the worry is about a "
        "symptom, get it looked at: that's not overreacting.",
        "That's a lot to carry. You don't have to guess alone: every morning we check, and "
        "any warning sign goes straight to a clinician. The rest is time.",
    ),
    "weekly.mood.low": (
        "Thanks for being honest. Being sidelined can shake an identity built on running; "
        "that deserves attention too. Talk to someone about it: a friend, your club, a "
        "therapist. If it's low most days, tell your GP.",
        "I'm sorry it's a low week. You're not weak for feeling it. Tell someone you trust "
        "how it's been, and if the low sticks around, a doctor or therapist can help.",
    ),
    "weekly.mood.other": (
        "Thanks for telling me. However this week went, it's one week of a longer comeback, "
        "and you're still here doing it. Same time next week.",
        "Thank you for that. Good days and bad days both belong; I'm glad you're keeping at it.",
    ),
    # Answers to what runners ask between check-ins. Never a diagnosis.
    "faq.warning.urgent": (
        "Please don't wait on me for that. Chest pain or being short of breath: call your local "
        "emergency number now. A calf that's swollen, warm or red: get seen by a doctor today. "
        "Coaching can wait."
    ),
    "faq.warning": (
        "That's one of the signs I never coach through. Please see a clinician soon (a sports "
        "doctor, a physio or your GP) and tell them exactly what you told me. Until then, no "
        "running and nothing that hurts. Send /checkin so I record it properly."
    ),
    "faq.painkillers": (
        "That's a question for a pharmacist or your doctor, not me: I can't give medical "
        "advice. One thing I can say as a coach: never take something to be able to run. "
        "Pain is the signal we steer by, and masking it is how a small injury becomes a big one.",
    ),
    "faq.ice": (
        "Ice or heat is one to ask your physio or a pharmacist about; I won't guess for your "
        "body. If something eases it, fine, but it's not a reason to do more: we still go by "
        "how it feels the next morning.",
    ),
    "faq.clinician": (
        "By clinician I mean someone qualified to examine you: a sports doctor, a "
        "physiotherapist, your GP. They can do what I can't: examine you, say what it is, order "
        "a scan if it's needed. What they tell you beats anything I say.",
    ),
    "faq.run.no_profile": (
        "Let's set you up first, then I can tell you what today allows: send /start.",
    ),
    "faq.run.no.standing": (
        "No running for now: a clinician needs to see you first. Once they've cleared you, tell "
        "me in your check-in and we pick it up from there."
    ),
    "faq.run.no.bone": (
        "No, not yet. With a bone injury, running waits for a clinician's all-clear, however "
        "good it feels: bone can feel fine before it's ready for impact.",
        "Not yet. A bone injury needs a clinician to clear you before any running: bone can "
        "feel fine a while before it's ready for impact.",
    ),
    "faq.run.no.protect": (
        "Not yet. Right now we're calming it down: daily life, pain-free cross-training and "
        "strength. Running comes after the walking stage.",
        "Not today. This stage is about letting it settle; a run now would cost you more days "
        "than it gives you.",
    ),
    "faq.run.no.walk": (
        "Not yet: walking first. Pass the readiness tests (a 30-minute walk and 10 single-leg "
        "hops, both pain-free) and running starts with short walk-run intervals.",
        "Not yet. Walking is today's training; the readiness tests decide when the first "
        "walk-run comes.",
    ),
    "faq.run.no.rest_days": (
        "Not today: after a step back I keep {days} more days free of running, then we repeat "
        "the lower stage. Walk, cross-train and do your strength work instead.",
    ),
    "faq.run.no.ran_today": (
        "You've run today already. One run a day is the plan; the rest is recovery."
    ),
    "faq.run.no.rest_between": (
        "Not today: you ran yesterday, and runs need a day between them. Walk, cross-train or do "
        "your strength work; tomorrow's a run day.",
    ),
    "faq.run.yes": ("Yes, today's plan has a run at {stage}: /today has the details. {limit}"),
    "faq.run.limit.tendon": "Up to 5/10 during is OK if it settles by the next morning.",
    "faq.run.limit.bone": "It has to stay pain-free at the sore spot: any pain, stop and walk.",
    "faq.run.limit.other": "Keep it at 3/10 or less during; more than that, stop and walk.",
    "faq.walk.standing": (
        "Everyday walking is fine if it doesn't hurt; keep it to what daily life needs until a "
        "clinician has seen you."
    ),
    "faq.walk.protect": (
        "Everyday walking, yes, if it doesn't hurt. Longer walks come in the next stage; for "
        "now let it settle.",
    ),
    "faq.walk.later": (
        "Yes, walking is fine as long as it's pain-free. It's the base everything else is "
        "built on.",
    ),
    "faq.swim.tendon": (
        "Yes, if it's pain-free. Swimming keeps your engine going without loading the tendon; "
        "go easy on hard push-offs from the wall.",
    ),
    "faq.swim.bone": (
        "Yes: swimming is one of the best things you can do, no impact at all. Keep it "
        "pain-free at the sore spot, and skip pool running if that hurts.",
    ),
    "faq.swim.other": (
        "Yes, if it's pain-free (3/10 at most, settled by the next morning). It keeps your "
        "fitness without the pounding.",
    ),
    "faq.bike.tendon": (
        "Yes, easy spinning if it's pain-free. Keep the resistance low at first: pushing hard "
        "loads the tendon more than you'd think.",
    ),
    "faq.bike.bone": (
        "Cycling is low impact, so usually yes, as long as it's completely pain-free at the "
        "sore spot. Any pain there, stop and swap to swimming.",
    ),
    "faq.bike.other": (
        "Yes, if it stays pain-free or close to it (3/10 at most). Easy gears, and stop if it "
        "starts to hurt.",
    ),
    "faq.cross.tendon": (
        "Yes, pain-free cross-training is exactly what this stage is for. Keep the intensity "
        "easy and stop if the tendon starts to talk.",
    ),
    "faq.cross.bone": (
        "Only what's non-impact and pain-free at the sore spot: swim, bike, gentle yoga. The "
        "elliptical still has you on your feet: only if it's 0/10.",
    ),
    "faq.cross.other": (
        "Yes, pain-free cross-training keeps you fit while it heals. 3/10 at most during, and "
        "settled by the next morning.",
    ),
    "faq.strength.tendon": (
        "Yes. Tendons like load: the strength work is part of the treatment, not an extra. Up "
        "to 5/10 during is OK if it's settled by the next morning. /today has today's set.",
    ),
    "faq.strength.bone": (
        "Yes, for what doesn't load the sore bone: upper body, core, hips. For the leg itself, "
        "only moves that are pain-free at the spot. /today has today's set.",
    ),
    "faq.strength.other": (
        "Yes, pain-free or close to it (3/10 at most, settled by the next morning). Hips, "
        "glutes and core are injury insurance. /today has today's set.",
    ),
    "faq.while_referred.soft": (
        "While you wait to see a clinician: pain-free strength and cross-training only, no running."
    ),
    "faq.while_referred.bone": (
        "While you wait to see a clinician: non-impact cross-training, upper body and core only. "
        "No running, no hopping, no calf raises."
    ),
    "faq.how_long.no_profile": (
        "It depends on the injury and how it responds, so no one can give you a date up front. "
        "Send /start and I'll show you the path and where you are on it."
    ),
    "faq.how_long": (
        "Honestly: if every day from here goes well, getting from {stage} back to normal "
        "training takes at least {span}. Most comebacks take longer; a bad day costs a few "
        "days, and that's the plan working, not failing."
    ),
    "faq.how_long.standing": (
        "First step: a clinician needs to see you. The clock starts again once they clear you."
    ),
    "faq.how_long.bone": (
        "A bone injury also needs a clinician's all-clear before any running, and bone heals "
        "on its own schedule."
    ),
    "faq.how_long.recovered": (
        "You're there: back to normal training. Keep the strength work and keep listening to "
        "the mornings."
    ),
    "faq.span.days": "{n} days",
    "faq.span.weeks": "{n} weeks",
    "faq.why.no_profile": "Once we've set you up (/start), I'll always tell you why.",
    "faq.why.refer": (
        "You told me about a sign that needs a clinician's eyes, so progress waits until one "
        "has seen you. That's not a punishment: it's the one thing I won't coach around."
    ),
    "faq.why.urgent": (
        "You reported signs that need medical care, so coaching is paused until a clinician "
        "has seen you."
    ),
    "faq.why.no_decision": (
        "I decide each day from your morning check-in, and today's isn't in yet: /checkin."
    ),
    "faq.why.advanced": "You're not holding: you moved up to {stage}. Nice work.",
    "faq.why.step_back": "I stepped you back one stage.",
    "faq.why.rule3": "The pain during your session went over the limit for your injury.",
    "faq.why.rule4": (
        "The morning after your session it hurt more than your usual morning: the sign it "
        "wasn't ready for that load yet."
    ),
    "faq.why.rule5": "Your morning pain has been creeping up week on week.",
    "faq.why.rule6": "There was swelling, and swelling means no running that day.",
    "faq.why.rule7": "It hurts in daily life, which means running is loading it too much.",
    "faq.why.rule8": (
        "After a step back I keep a few days free of running before repeating the lower stage."
    ),
    "faq.why.rule9": "That run was longer than the load cap allows, so it didn't count.",
    "faq.why.rule10": (
        "After a few missed days, one good session comes before moving up: I only go by "
        "what I've seen."
    ),
    "faq.why.rule12": "With a bone injury, running waits for a clinician's all-clear.",
    "faq.why.rule16": (
        "That run was more than today's plan had in it, so it doesn't count towards moving up."
    ),
    "faq.why.rule14": (
        "Holding isn't going backwards: it means the good days haven't added up to the next "
        "step yet."
    ),
    "faq.next": "Next step: {needs}.",
    "faq.fitness": (
        "A few weeks off costs less fitness than it feels like, and it comes back faster than "
        "it took to build. Another month injured costs far more.",
        "Your fitness isn't vanishing: aerobic base fades slowly, and it returns quickly. "
        "Rushing back and getting hurt again is what really costs fitness.",
    ),
    "faq.fitness.tendon": (
        "Pain-free cross-training and your strength work keep the engine and the legs going."
    ),
    "faq.fitness.bone": "Swimming and easy cycling keep the engine going with no impact.",
    "faq.fitness.other": "Pain-free cross-training keeps the engine going while it heals.",
    "faq.again": (
        "That fear is common, and it's useful if it makes you patient. Coming back slowly, "
        "doing the strength work and fixing what caused it is exactly how you make it less "
        "likely. You'll know more about your body after this than before.",
    ),
    "faq.club": (
        "That stings. Missing the club run, watching everyone's runs roll in: envy and feeling "
        "left out are normal. Go along for the coffee if you can, or cheer at the next race; "
        "you're still one of them.",
        "Of course that hurts. The runs will still be there when you're back, and so will "
        "they. Stay in touch with them; being sidelined is lonelier than it needs to be.",
    ),
    "faq.race": (
        "The race isn't the deadline; the plan is. If the date comes before you're ready, "
        "there's always another start line, and you'll be on it healthy. Let's see how the "
        "next weeks go before deciding.",
    ),
    "faq.frustrated": (
        "Of course you are. The pause is often harder than the pain, and being frustrated isn't "
        "weakness. You're still training: patience is the hard session right now.",
        "That's fair. Healing doesn't go in a straight line and it never feels fast enough. "
        "Every calm day now is a day you won't lose later.",
    ),
    "faq.scared": (
        "That's a normal thing to feel. You don't have to carry it alone: every morning we "
        "check, and I'll say plainly if something needs a clinician. If a symptom is what "
        "worries you, get it looked at; that's never overreacting.",
    ),
    "faq.low": (
        "Thanks for telling me. Being sidelined can shake an identity built on running; that "
        "deserves attention too. Talk to someone: a friend, your club, a therapist. If you feel "
        "low most days, tell your GP.",
    ),
    "faq.normal": (
        "Good days and bad days both belong: healing isn't a straight line. What matters is the "
        "trend over a week or two, and that's what the morning check-ins track.",
        "Ups and downs are part of it. One bad morning doesn't undo a good week; I look at the "
        "trend, not one day.",
    ),
    "faq.normal.when_to_worry": (
        "If it's getting worse week on week, hurts at night or at rest, or you're limping, "
        "that's not normal: see a clinician."
    ),
    "faq.shoes": (
        "Shoes matter less than load: a sudden jump in how much or how fast is behind most "
        "running injuries. If you're thinking of orthotics or a big change of shoe, a physio or "
        "podiatrist can look at you properly; I can't.",
    ),
    "faq.stretch": (
        "Gentle mobility that doesn't hurt is fine. Strength helps an injury more than "
        "stretching does, and nothing should be stretched into pain.",
    ),
    "faq.sleep": (
        "Sleep is when most repair happens: 7 to 9 hours if you can, and the phone can wait. "
        "Tired while injured is common; your body is busy.",
    ),
    "faq.food": (
        "Eat enough: healing costs energy, and under-eating slows it. More protein than you "
        "think, plenty of plants and oily fish, and go easy on alcohol early on. A sports "
        "dietitian can tailor it.",
    ),
    # /status.
    # The chart has one line per day shown (7, or fewer for a runner who started this week).
    **{
        f"status.chart.{n}": (
            "Last 7 mornings (pain 0-10):" if n == 7 else "Your mornings so far (pain 0-10):"
        )
        + "".join(f"\n{{d{i}}}" for i in range(n))
        for n in range(1, 8)
    },
    "status.day.pain": "{weekday} {pain:>2} {bar}",
    "status.day.missed": "{weekday}  - missed",
    "status.day.open": "{weekday}  - not yet",
    "status.standing_since.refer": (
        "Seeing a clinician: stands since {since}. Progress waits until one clears you; tell me "
        "in your check-in."
    ),
    "status.standing_since.urgent": (
        "Medical care today: stands since {since}. Coaching is paused until a clinician has "
        "seen you and cleared you."
    ),
    "status.next": "Next step needs: {needs}.",
    "status.needs.clearance": "a clinician's clearance",
    "status.needs.rest.one": "1 more day without running, then {stage} again",
    "status.needs.rest.many": "{days} more days without running, then {stage} again",
    "status.needs.protect.one": (
        "1 more good day (no pain in daily life, no swelling, morning pain {baseline}/10 or less)"
    ),
    "status.needs.protect.many": (
        "{n} more good days in a row (no pain in daily life, no swelling, morning pain "
        "{baseline}/10 or less)"
    ),
    "status.needs.walk.one": "1 more morning with both readiness tests pain-free",
    "status.needs.walk.many": "{n} more mornings with both readiness tests pain-free",
    "status.needs.walk_bone": (
        "a clinician's clearance, and {n} mornings with both readiness tests pain-free"
    ),
    "status.needs.runs.one": "1 more pain-free run at {stage}, with a good morning after",
    "status.needs.runs.many": (
        "{n} more pain-free runs at {stage}, not on back-to-back days, each with a good "
        "morning after"
    ),
    "status.needs.rebuild.one": "1 more pain-free run, {span} days after the first",
    "status.needs.rebuild.many": "{n} more pain-free runs, spread over at least {span} days",
    "status.needs.good_morning": "a good morning tomorrow: the sessions are done",
    "status.needs.recovered": "nothing: you're back. Check-ins are optional now",
    # /log in one line, and the session named as the runner did it.
    "log.logged": "Logged: {minutes} min {activity}, pain {pain}/10.",
    "log.activity.walk": "walk",
    "log.activity.walk_run": "walk-run",
    "log.activity.run": "run",
    "log.activity.cross": "cross-training",
    "log.activity.strength": "strength session",
    "log.activity.swim": "swim",
    "log.activity.bike": "bike ride",
    "log.activity.yoga": "yoga",
    "log.activity.elliptical": "elliptical",
    "log.activity.rowing": "rowing",
    "log.activity.pilates": "pilates",
    # The terminal chat saves an /export file beside you.
    "console.saved": "Saved {path}",
    # The "Full plan" button, wherever a short reply leaves the rest to /today.
    "button.full_plan": "{mark}Full plan",
}
