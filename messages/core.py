"""Sentences of the conversation: onboarding, check-in, logging, commands, errors.

Voice: a fellow runner who has been hurt too. Honest, warm, short. Never "push through", never a
diagnosis; when something needs a clinician, say so plainly.
"""

_AREAS = {
    "shin": "Shin", "calf_achilles": "Calf / Achilles", "knee": "Knee",
    "it_band": "Outer knee / IT band", "hip_groin": "Hip / groin", "foot_heel": "Foot / heel",
    "hamstring": "Hamstring", "other": "Somewhere else",
}  # fmt: skip
_COMMANDS = {
    "start": "Start here, or see where you are",
    "checkin": "Today's check-in: pain, swelling, how it feels",
    "log": "Log a session: walk, run, cross-training, strength",
    "today": "Today's plan",
    "status": "Your stage and how it's going",
    "progress": "Charts of your comeback",
    "settings": "Time zone, check-in time, cross-training",
    "pause": "Pause check-ins (vacation, a break)",
    "resume": "Start check-ins again",
    "export": "Download everything we have on you",
    "delete": "Delete everything we have on you",
    "link": "Link your Telegram and Discord accounts",
    "team": "Your team: who checked in",
    "join": "Join a team",
    "leave": "Leave a team",
    "help": "What I can do",
    "cancel": "Stop the current question",
}

CATALOG: dict[str, str | tuple[str, ...]] = {
    # Buttons. Every label takes {mark} so a multi-choice can tick what was picked.
    "button.number": "{mark}{value}",
    "button.minutes": "{mark}{value} min",
    "button.yes": "{mark}Yes",
    "button.no": "{mark}No",
    "button.consent.yes": "{mark}Understood, let's go",
    "button.consent.no": "{mark}Not now",
    **{f"button.area.{k}": "{mark}" + v for k, v in _AREAS.items()},
    "button.onset.sudden": "{mark}Suddenly, one moment",
    "button.onset.gradual": "{mark}Gradually, over days or weeks",
    "button.feel.bone": "{mark}Bone",
    "button.feel.tendon": "{mark}Tendon",
    "button.feel.muscle": "{mark}Muscle",
    "button.feel.joint": "{mark}Joint",
    "button.feel.unsure": "{mark}Not sure",
    "button.cross.swim": "{mark}Swim",
    "button.cross.bike": "{mark}Bike",
    "button.cross.yoga": "{mark}Yoga",
    "button.cross.elliptical": "{mark}Elliptical",
    "button.cross.none": "{mark}None of these",
    "button.cross.done": "{mark}Done",
    "button.swelling.none": "{mark}None",
    "button.swelling.some": "{mark}A little",
    "button.swelling.visible": "{mark}Clearly swollen",
    "button.compared.better": "{mark}Better",
    "button.compared.same": "{mark}Same",
    "button.compared.worse": "{mark}Worse",
    "button.walk_test.pain_free": "{mark}Pain-free",
    "button.walk_test.pain": "{mark}It hurt",
    "button.walk_test.skipped": "{mark}Didn't try",
    "button.hop_test.pass": "{mark}Pain-free",
    "button.hop_test.pain": "{mark}It hurt",
    "button.hop_test.skipped": "{mark}Didn't try",
    "button.red_flags.bone_tenderness": "{mark}A spot on the bone that hurts to press",
    "button.red_flags.night_pain": "{mark}Pain at night or at rest",
    "button.red_flags.numbness": "{mark}Numbness or tingling",
    "button.red_flags.calf_swelling_warmth": "{mark}Calf swollen and warm",
    "button.red_flags.limp": "{mark}Limping / can't put weight on it",
    "button.red_flags.groin_pain": "{mark}Groin pain when I put weight on the leg",
    "button.red_flags.chest_pain": "{mark}Chest pain or short of breath",
    "button.red_flags.missed_periods": "{mark}Missed periods lately",
    "button.red_flags.none": "{mark}None of these",
    "button.red_flags.done": "{mark}That's all",
    "button.cause.mileage": "{mark}More mileage or longer runs",
    "button.cause.hills": "{mark}Hills or trails",
    "button.cause.speed": "{mark}Speed work or racing",
    "button.cause.shoes": "{mark}New shoes",
    "button.cause.sleep": "{mark}Less sleep, more stress",
    "button.cause.unsure": "{mark}Nothing I can think of",
    "button.goal.running": "{mark}Just running again",
    "button.goal.skip": "{mark}Skip",
    "button.kind.walk": "{mark}Walk",
    "button.kind.walk_run": "{mark}Walk-run",
    "button.kind.run": "{mark}Run",
    "button.kind.cross": "{mark}Cross-training",
    "button.kind.strength": "{mark}Strength",
    "button.menu.timezone": "{mark}Time zone",
    "button.menu.checkin_time": "{mark}Check-in time",
    "button.menu.cross": "{mark}Cross-training",
    "button.menu.skip_today": "{mark}Skip today's check-in",
    "button.delete.yes": "{mark}Yes, delete everything",
    "button.delete.no": "{mark}No, keep it",
    # Onboarding.
    "onboard.welcome": (
        "Hey, I'm Comeback. Getting hurt is part of running, and coming back well is a skill. "
        "I'll check in with you every morning, help you decide whether to move up, hold or "
        "step back, and keep you honest on the days you feel ready to do too much.\n\n"
        "One thing first, in plain words: I'm a coach, not a clinician. I can't examine you and "
        "I never diagnose. If something sounds like it needs a doctor or a physio, I'll say so "
        "straight. What you tell me stays between us unless you choose to share it with a team."
    ),
    "onboard.consent": "Sound good?",
    "onboard.declined": (
        "No problem. I'm here whenever you want to start: just send /start. Look after yourself."
    ),
    "onboard.mindset": (
        "Good. Getting injured happens to people who run a lot; it isn't a verdict on you. "
        "The pause is often harder than the pain. Let's make it count."
    ),
    "onboard.area": "Where does it hurt?",
    "onboard.onset": "How did it start?",
    "onboard.cause": (
        "What changed in the weeks before it started? Injuries usually follow a change, and "
        "knowing which one helps me pick your strength work."
    ),
    "onboard.cause_noted": "{cause}: noted. That's where the strength work will look first.",
    "onboard.feel": (
        "What does it feel like to you? A deep ache in the bone, a tendon that's stiff and sore "
        "(especially first thing), a muscle, a joint? Your best guess is fine."
    ),
    "onboard.feel_unsure": (
        "Not knowing is honest. Until someone has looked at it, I'll treat it carefully: "
        "lower pain limits and no shortcuts."
    ),
    "onboard.seen_pro": "Has a sports doctor or physio looked at it?",
    "onboard.seen_pro.yes": "Great. Whatever they told you beats anything I say: follow it.",
    "onboard.seen_pro.no": (
        "Worth doing if you can. A sports doctor or physiotherapist beats search engines and "
        "forums: a proper diagnosis sets up a proper recovery, and some injuries (a bone stress "
        "injury, say) need different rules from others. I'll coach you either way."
    ),
    "onboard.baseline": (
        "On a normal morning right now, how much does it hurt, 0 to 10? (0 = nothing, "
        "10 = the worst you can imagine.) This is your baseline: I compare every morning to it."
    ),
    "onboard.goal": (
        "What are you coming back for? A race, a distance, a streak with friends, or just "
        'running without thinking about it. Type it (like "Berlin half in April"), or tap.'
    ),
    "onboard.back": "No problem, back one step:",
    "onboard.screen_why": (
        "Last thing before your plan, and the one that matters most: some signs mean you "
        "should see a clinician before anything else."
    ),
    "onboard.red_flags": (
        'Do any of these apply? Tap each one that does, then "That\'s all", or "None of these".'
    ),
    "signs.red_flags": (
        "What you wrote sounds like one of these warning signs. Check what I ticked (✓): tap "
        'a sign to untick it, then "That\'s all", or "None of these".'
    ),
    "signs.heard": "Before anything else, one safety check.",
    "signs.noted": (
        "I noticed something in what you wrote that I want to ask about properly. Let's "
        "finish this first; I'll come back to it."
    ),
    "signs.none": "Thanks for checking. Glad it's not that. If it changes, tell me straight away.",
    "onboard.timezone": (
        "Which time zone are you in? A city works (Berlin, New York), or a zone name "
        "(Europe/Berlin), or an offset (UTC+2)."
    ),
    "onboard.timezone_ok": "Got it: {zone}, where it's {local_time} now.",
    "onboard.checkin_time": "What time should I check in each morning? (for example 07:30)",
    "onboard.cross": (
        "Which of these can you do without pain right now? Tap all that apply, then Done "
        '(or type them: "swim and bike").'
    ),
    "onboard.done": (
        "You're set. I'll check in every morning at {time} ({zone}). You start in the "
        "protect stage: calm things down, keep moving what doesn't hurt, and build strength. "
        "Here's today:"
    ),
    # Check-in.
    "checkin.hello": (
        "Morning check-in. Quick and honest beats brave.",
        "Let's see how it's doing today.",
        "Check-in time. Tell me how it really feels, not how you'd like it to feel.",
        "Morning. Let's hear it: how's the injury today?",
        "New day, new data. How is it this morning?",
    ),
    "checkin.hello_scheduled": (
        "Good morning! Time for your check-in.",
        "Morning. Before the day runs away with you: how's it feeling?",
        "Hey, check-in time. Two minutes, then you'll know what today looks like.",
        "Morning, it's me. How did the injury wake up today?",
        "Good morning. Quick check-in, then I'll tell you what today looks like.",
    ),
    "checkin.when_ready": (
        "Morning! Check-in time. Finish what you're doing, then send /checkin.",
        "Good morning. When you're done here, /checkin takes two minutes.",
        "Morning. Your check-in is waiting whenever you're free: /checkin.",
        "It's check-in time. No rush: /checkin when this is done.",
        "Morning! Finish up here first; /checkin is there when you're ready.",
    ),
    "checkin.after_session": (
        "You trained yesterday, so this morning counts double: how the body feels the day "
        "after tells us more than how the session felt."
    ),
    "checkin.pain": "Right now, this morning, how much does it hurt, 0 to 10?",
    "checkin.swelling": "Any swelling?",
    "checkin.daily_pain": "Does it hurt in daily life: walking around, taking the stairs?",
    "checkin.compared": "Compared with before yesterday's session, how does it feel?",
    "checkin.walk_test": "Readiness test 1: a 30-minute brisk walk. How did it go?",
    "checkin.hop_test": "Readiness test 2: 10 single-leg hops on the sore leg. How was it?",
    "checkin.cleared": "Has a clinician seen you and cleared you to carry on?",
    "checkin.red_flags": (
        "A few quick safety questions. Do any of these apply? Tap each one that does, then "
        '"That\'s all", or "None of these".'
    ),
    "checkin.red_flags_confirm": (
        "I've ticked what I understood (✓). Tap a sign to untick it, then \"That's all\" to "
        'confirm, or "None of these".'
    ),
    "multi.kept": (
        "I've kept what's ticked (✓): a tick only goes when you untick it. Tap it (or type "
        '"not" and its name, like "not yoga") to untick, then "Done" / "That\'s all".'
    ),
    "multi.which": (
        'Nothing is ticked yet. Tap each one that applies, or "None of these" if none do.'
    ),
    "checkin.thanks": (
        "Thanks, that's your check-in done.",
        "Got it, check-in done.",
        "Thanks. That's today logged.",
        "Check-in saved. Here's where that leaves you.",
        "Done, thanks for being honest about it.",
    ),
    "checkin.already_done": (
        "You've already checked in today. /today shows the plan; I'll ask again tomorrow."
    ),
    # Logging a session.
    "log.kind": "What did you do?",
    "log.minutes": "How many minutes?",
    "log.pain": "How much did it hurt during, 0 to 10? (The injury, not tired legs.)",
    "log.saved": "Logged: {kind}, {minutes} min, pain {pain}/10.",
    # Settings.
    "settings.summary": (
        "Your settings: time zone {zone}, check-in at {time}, cross-training: {cross}."
    ),
    "settings.menu": "What would you like to change?",
    "settings.saved_timezone": ("Time zone set to {zone}. Check-ins follow it from tomorrow."),
    "settings.saved_time": ("Check-in time set to {time}, from tomorrow. Today stays as it was."),
    "settings.saved_cross": "Cross-training set to: {cross}.",
    "settings.skipped": (
        "Skipping today's check-in. Rest days are part of training; see you tomorrow."
    ),
    # Commands.
    **{f"command.{name}": description for name, description in _COMMANDS.items()},
    "command.option.text": "Anything to add (optional)",
    "group.go_private": (
        "Let's do that just between us: send me a direct message with /{command} and we'll "
        "take it from there. Your recovery stays private."
    ),
    "command.not_yet": ("/{command} isn't ready yet. It's coming; everything else works today."),
    "start.welcome_back": (
        "Welcome back. Your stage: {stage}. /checkin for today's check-in, /today for "
        "the plan, /help for everything else."
    ),
    "today.header": "Today's plan (stage: {stage}):",
    "status.summary": (
        "Stage: {stage}, day {days} at this stage.\n"
        "Where it hurts: {area}. Baseline morning pain: {baseline}/10.\n"
        "Last check-in: {last}."
    ),
    "status.standing.refer": (
        "Progress is on hold until a clinician has seen you. Once they clear you, tell me "
        "in your check-in and we carry on."
    ),
    "status.standing.urgent": (
        "Coaching is paused: you reported signs that need medical care today. Once a "
        "clinician has seen you and cleared you, tell me in your check-in."
    ),
    "status.paused": "Check-ins are paused. /resume when you're ready.",
    "pause.done": (
        "Paused. No check-ins until you send /resume. Everything you've told me is kept."
    ),
    "pause.done_until": (
        "Paused. No check-ins until {until}: that morning they start again by themselves (or "
        "/resume sooner). Everything you've told me is kept."
    ),
    "pause.days_refused": (
        "A pause is 1 to {most} days: /pause 7, or /pause a week. /pause on its own lasts until "
        "you send /resume."
    ),
    "status.paused_until": "Check-ins start again by themselves on {until}.",
    "resume.done": "Welcome back. Check-ins start again from your next morning.",
    "help": (
        "Here's what I can do:\n"
        "/checkin: today's check-in\n"
        "/log: log a walk, run, cross-training or strength session\n"
        "/today: today's plan\n"
        "/status: your stage and how it's going\n"
        "/progress: a chart of your comeback; /report: a one-page PDF for your physio\n"
        "/settings: time zone, check-in time, cross-training, skip today\n"
        "/pause [days] and /resume: a break from check-ins (/pause 7 ends by itself)\n"
        "/export: download everything I know about you\n"
        "/delete: delete everything I know about you\n"
        "/link: one profile on Telegram and Discord\n"
        "/cancel: stop the current question\n"
        "/team, /join, /leave: a daily roll-call with your club in a group chat\n"
        "You can tap the buttons or just type your answer, and ask me things in your own words."
    ),
    "cancel.nothing": "Nothing to cancel. /help shows what I can do.",
    "cancel.onboarding": "Stopped. Send /start whenever you want to set things up.",
    "cancel.done": (
        "Stopped. Nothing from that question was recorded; everything from before is kept."
    ),
    "export.ready": (
        "Here's everything I have on you, as a file: your profile, every check-in, session and "
        "stage change. It's yours; /delete removes it all from here."
    ),
    "delete.confirm": (
        "This deletes everything I have on you: your injury, every check-in and session, your "
        "settings. It can't be undone. Delete it all?"
    ),
    "delete.done": "Done: everything is deleted. If you ever want to start again, send /start.",
    "delete.kept": "Nothing deleted.",
    "idle.thanks": (
        "Any time. /today has the plan; I'll check in as usual.",
        "You're welcome. Shout if anything changes.",
        "Cheers. /today if you want the plan again.",
        "No problem. See you at the next check-in.",
        "Glad to help. /help if you need anything else.",
    ),
    "idle.unknown": (
        "I didn't catch that. /checkin for today's check-in, /log to log a session, "
        "/today for the plan, /help for the rest."
    ),
    "nudge.gentle": (
        "Just a nudge: your check-in is still open. Thirty seconds, and you'll have today's plan.",
        "Your check-in is still open. A few taps and you'll know what today looks like.",
        "Quick reminder: today's check-in is waiting. Honest answers, thirty seconds.",
        "Still there? Your check-in is half done; finish it and I'll give you today's plan.",
        "A gentle nudge: I can't plan today without your check-in. It's quick.",
    ),
    "weekly.note": (
        "Another week of your comeback done (stage: {stage}). Good days and bad days both "
        "belong; healing isn't a straight line. How are you holding up, honestly? If being "
        "sidelined is weighing on you, talk to someone: a friend, your coach, a therapist.",
        "Week done (stage: {stage}). Frustration, guilt, even envy of the runners going past: "
        "all normal when you're hurt. Patience is training too, and you're doing it.",
        "That's another week in the books (stage: {stage}). Some days felt like progress, some "
        "didn't; both count. Being sidelined can shake a runner's sense of who they are, so be "
        "as patient with your head as with the injury.",
        "Seven more days of doing this properly (stage: {stage}). Nobody hands out medals for "
        "rest weeks, but this is the work. If it's getting to you, say it out loud to someone.",
        "Week over (stage: {stage}). The hardest part of an injury is often the waiting, not "
        "the pain. You're still here, still checking in: that's the skill that gets you back.",
    ),
    "weekly.note_goal": (
        "{note}\n\nYou told me what you're coming back for: \"{goal}\". It's still there, "
        "waiting for you.",
        '{note}\n\nRemember what this is for: "{goal}". Slow now is fast later.',
        '{note}\n\n"{goal}": that\'s the point of every careful day.',
        '{note}\n\nKeep "{goal}" in mind on the days the plan feels too small.',
        '{note}\n\nYour reason, in your words: "{goal}". Every honest check-in gets you closer.',
    ),
    "goal.running": "running without thinking about it",
    # Crisis: outside the coaching flow, at once, whatever the state.
    "crisis.help": (
        "I'm really glad you told me. This matters more than any injury, and you deserve a "
        "person to talk to right now, not a bot.\n\n"
        "If you might act on these thoughts or are in danger, call your local emergency number "
        "now (112 in Europe, 911 in the US and Canada, 999 in the UK).\n"
        "You can talk to someone any time, free and confidential:\n"
        "- US: call or text 988 (Suicide & Crisis Lifeline)\n"
        "- UK and Ireland: Samaritans, 116 123\n"
        "- Elsewhere: findahelpline.com lists a free line in your country\n\n"
        "If you can, tell someone close to you how you're feeling today. I'm still here when "
        "you want to pick up the coaching again."
    ),
    # Errors: clear, calm, and the question comes again right after.
    "error.pick_one": "I didn't get that one. Tap a button, or type one of these: {options}.",
    "error.yes_no": "A yes or a no is all I need here.",
    "error.pain_scale": "I need a number from 0 to 10 (like 3, or 3/10).",
    "error.out_of_range": "That's off the scale: pick a number from 0 to 10.",
    "error.timezone": (
        "I don't know that time zone. Try a big city near you (Berlin, Chicago), a zone name "
        "like Europe/Berlin, or an offset like UTC+2."
    ),
    "error.delete_confirm": (
        'To delete everything, tap "Yes, delete everything" or type "delete everything". '
        'To keep it all, tap "No, keep it" or type "keep".'
    ),
    "error.time": "I need a time like 07:30 or 7am.",
    "error.minutes": "How many minutes, as a number from 1 to 600?",
    "error.minutes_signed": (
        "A session can't last less than nothing. Type the minutes as a plain number, like 30 "
        "or 1h30."
    ),
    "error.minutes_out_of_range": (
        "I log sessions of {low} to {high} minutes, and that's outside it. How many minutes was it?"
    ),
    "error.too_long": (
        "That's a long message! I can only read up to {limit} characters. A short answer is "
        "all I need."
    ),
    "error.empty": "I got an empty message. Tap a button or type your answer.",
    "error.stale_button_idle": (
        "That button belongs to an earlier question, so I've ignored it. /help shows what I can do."
    ),
    "error.stale_button": (
        "That button belongs to an earlier question, so I've ignored it. Here's where we are:"
    ),
    "error.unknown_command": "I don't know /{command}. /help lists what I can do.",
    "error.finish_onboarding_first": ("Let's finish setting you up first; it only takes a minute."),
    "error.internal": (
        "Sorry, something went wrong on my side. Nothing you told me is lost; "
        "please try again in a minute."
    ),
    # A value the database refused (a bug of ours, logged): retrying the same words would be
    # refused again, so the runner is asked for other words rather than to wait.
    "error.not_saved": (
        "Sorry, I couldn't save that one: it tripped over a bug on my side, which is noted for "
        "fixing. Please say it another way, or tap a button."
    ),
    "error.unavailable": (
        "I can't reach my notebook right now. Nothing you told me is lost; please send that "
        "again in a minute."
    ),
}
