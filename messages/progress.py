"""Words of /progress (the chart and its summary), /report (the page for a clinician) and the
/export files. The chart and the report are read by someone in a hurry: short labels, plain
words, no jargon the runner did not use."""

_STAGES = {
    "protect": "Protect", "walk": "Walking", "walk_run_1": "Walk-run 1",
    "walk_run_2": "Walk-run 2", "walk_run_3": "Walk-run 3", "walk_run_4": "Walk-run 4",
    "walk_run_5": "Walk-run 5", "walk_run_6": "Walk-run 6", "continuous": "Easy running",
    "rebuild": "Rebuilding", "recovered": "Back to normal",
}  # fmt: skip
_DECISIONS = {
    "advance": "move up", "hold": "hold", "step_back": "step back",
    "refer": "see a clinician", "urgent": "urgent care",
}  # fmt: skip
# Every warning sign the check-in can record (rule 1 and rule 2), as the runner picked it.
_FLAGS = {
    "bone_tenderness": "a spot on the bone that hurts to press",
    "night_pain": "pain at night or at rest",
    "rest_pain": "pain at rest",
    "cannot_bear_weight": "can't put weight on it",
    "limp": "limping / can't put weight on it",
    "numbness": "numbness or tingling",
    "groin_pain": "groin pain when putting weight on the leg",
    "missed_periods": "missed periods lately",
    "calf_swelling_warmth": "calf swollen and warm",
    "chest_pain": "chest pain or short of breath",
    "breathless": "short of breath",
}
_SWELLING = {"none": "no", "some": "some", "visible": "visible"}
_KINDS = {"walk": "walk", "run": "run", "walk_run": "walk-run", "cross": "cross-training",
          "strength": "strength"}  # fmt: skip

CATALOG: dict[str, str | tuple[str, ...]] = {
    "command.report": "A one-page report for your physio or doctor",
    **{f"progress.stage.{k}": v for k, v in _STAGES.items()},
    # /progress
    "progress.empty": (
        "There's nothing to draw yet: your chart starts with your first morning check-in. "
        "I'll ask tomorrow morning, or send /checkin when you're up. One day is enough for a "
        "first picture."
    ),
    "progress.summary.stage.one": "{stage}, day 1.",
    "progress.summary.stage.many": "{stage} for {days} days.",
    "progress.summary.mornings": "Mornings {now}/10 on average this week.",
    "progress.summary.mornings.down": "Mornings {now}/10 on average, down from {before}.",
    "progress.summary.mornings.up": "Mornings {now}/10 on average, up from {before}.",
    "progress.summary.mornings.same": "Mornings {now}/10 on average, as the week before.",
    "progress.summary.next": "Next: {needs}.",
    "progress.summary.paused": "Check-ins are paused.",
    "progress.summary.paused_since": "Check-ins paused since {since}.",
    **{f"progress.summary.{n}": " ".join(f"{{p{i}}}" for i in range(n)) for n in range(1, 5)},
    "progress.chart.title": "Your comeback, day by day",
    "progress.chart.morning": "Morning pain",
    "progress.chart.average": "7-day average",
    "progress.chart.session_pain": "Pain in a session",
    "progress.chart.swelling": "Swelling",
    "progress.chart.step_back": "Step back",
    "progress.chart.referral": "See a clinician",
    "progress.chart.paused": "Paused",
    "progress.chart.kind.run": "Run",
    "progress.chart.kind.walk": "Walk",
    "progress.chart.kind.cross": "Other training",
    "progress.chart.pain_axis": "Pain /10",
    "progress.chart.minutes_axis": "Minutes",
    "progress.chart.day": "{day} {month}",
    "progress.chart.filename": "comeback-progress.png",
    # /report
    "report.ready": (
        "Here's a one-page report you can hand your physio or doctor: your injury as you told "
        "me, your stages, the last 4 weeks of check-ins, warning signs, and my decisions with "
        "the rule behind each."
    ),
    "report.filename": "comeback-report.pdf",
    "report.title": "Running injury comeback: summary for a clinician",
    "report.made": "Made on {day} by Comeback, a recovery coaching bot, for {name}.",
    "report.someone": "the runner",
    "report.heading.injury": "The injury, as the runner described it",
    "report.heading.ladder": "Stages (return-to-run ladder)",
    "report.heading.checkins": "Morning check-ins, last 4 weeks",
    "report.heading.flags": "Warning signs and referrals",
    "report.heading.decisions": "The coach's decisions",
    "report.heading.chart": "Progress",
    "report.injury.where": "Where: {area}.",
    "report.injury.onset": "How it started: {onset}.",
    "report.injury.feel": "What it feels like: {feel}.",
    "report.injury.cause": "What changed before: {cause}.",
    "report.injury.goal": "Coming back for: {goal}.",
    "report.injury.seen.yes": "Seen by a professional for this: yes.",
    "report.injury.seen.no": "Seen by a professional for this: no.",
    "report.injury.cleared": "Cleared by a clinician to progress: yes.",
    "report.injury.baseline": "Usual morning pain at the start: {baseline}/10.",
    "report.injury.none": "The runner has not finished telling the coach about the injury.",
    "report.ladder.start": "{day}: started at {stage}.",
    "report.ladder.move": "{day}: {from_stage} to {to_stage} ({decision}, rule {rules}).",
    "report.ladder.now": "Now: {stage}, since {day}.",
    "report.table.day": "Date",
    "report.table.pain": "Morning",
    "report.table.swelling": "Swelling",
    "report.table.daily": "Daily pain",
    "report.table.session": "Session (pain)",
    "report.table.decision": "Decision (rules)",
    "report.table.none": "No check-ins in the last 4 weeks.",
    "report.table.more": "... {n} older rows left out to fit one page (all in /export).",
    "report.yes": "yes",
    "report.no": "no",
    "report.session": "{kind} {minutes} min ({pain})",
    # The decision first: a long list of signs is cut at the end, never the decision.
    "report.flag": "{day}, {decision} (rule {rules}): {flags}.",
    "report.flags.none": "No warning signs reported.",
    "report.flags.more": "... and {n} more (all in /export).",
    "report.decisions.counts": "{advance} move up, {hold} hold, {step_back} step back, "
    "{refer} see a clinician, {urgent} urgent care.",
    "report.decision_rules": "{decision} ({rules})",
    "report.paused": "Paused: {spans}.",
    "report.paused.span": "{first} to {last}",
    "report.paused.open": "since {first}",
    "report.disclaimer": (
        "Comeback is not a clinician and diagnoses nothing. It applies 16 fixed, numbered rules "
        "to the runner's own answers (pain 0-10, swelling, warning signs, sessions): red flags "
        "refer to a professional; rising or session pain steps back; a stage goes up after "
        "pain-free sessions. The rules and their sources: {link}"
    ),
    "report.link": "docs/coaching.md in Comeback's source code",
    **{f"report.decision.{k}": v for k, v in _DECISIONS.items()},
    **{f"report.flag.{k}": v for k, v in _FLAGS.items()},
    **{f"report.swelling.{k}": v for k, v in _SWELLING.items()},
    **{f"report.kind.{k}": v for k, v in _KINDS.items()},
    # /status: paused days, clearly
    "status.paused_since.one": (
        "Check-ins paused since {since} (today). /resume when you're ready."
    ),
    "status.paused_since.many": (
        "Check-ins paused since {since}: {days} days. /resume when you're ready."
    ),
    "status.day.paused": "{weekday}  - paused",
    # /export
    "export.checkins_csv": "Your check-ins, one row a morning (a CSV file for a spreadsheet).",
    "export.sessions_csv": "Your sessions, one row each (a CSV file for a spreadsheet).",
}
