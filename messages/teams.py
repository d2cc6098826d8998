"""Team messages (issue 11). Everything here can be read by a whole group chat, except the
private lines marked so: no word about how anyone's body is doing, not even to reassure."""

from __future__ import annotations

CATALOG: dict[str, str | tuple[str, ...]] = {
    "team.default_title": "Team",
    # --- setup, in the group -------------------------------------------------------------
    "team.setup.ask": (
        "Tell me when to post the daily roll-call and the team's time zone, like this: "
        "/team setup 07:30 Europe/London\n"
        "Add a day (say, sunday) if you'd like a weekly line for the team too."
    ),
    "team.setup.done": (
        "{team} is set up. I'll post the roll-call here every day at {time} ({zone}). "
        "Anyone who wants in: type /join."
    ),
    "team.setup.refused": (
        "Only an admin of this chat can set up, change or end the team. Ask one of them."
    ),
    "team.off.done": (
        "The team is off: no more roll-calls here. Everyone's own coaching carries on."
    ),
    "team.none": (
        "There's no team in this chat yet. An admin can start one: /team setup 07:30 Europe/London"
    ),
    "team.private_chat": (
        "Teams live in group chats: add me to your club's group and type /team setup there. "
        "Here, /team lists the teams you're in."
    ),
    "team.elsewhere": (
        "Teams live in Telegram groups and Discord channels: add me to your club's chat and "
        "type /team setup there."
    ),
    # private, to whoever set the team up
    "team.muted": (
        "I can't post in {team}'s chat any more: I've lost the right to send messages there. "
        "Give it back and the roll-call carries on the next day."
    ),
    "team.mine.none": "You're not in any team yet. Type /join in your club's group chat.",
    # --- joining and leaving -----------------------------------------------------------------
    "team.join.done": "{name} joined the team. Welcome!",
    "team.join.already": "You're in this team already. I've sent you the sharing choice again.",
    "team.join.link": (
        "{name}, let's get to know each other first, in private: {link}\n"
        "When we're done, you're in the team."
    ),
    "team.join.dm": (
        "{name}, I've sent you a direct message to get to know you first. "
        "When we're done, you're in the team."
    ),
    "team.join.dm_intro": "You asked to join {team}. First, a few questions, just between us.",
    "team.join.dm_continue": (
        "You asked to join {team}. Let's finish getting to know each other first, "
        "where we left off:"
    ),
    "team.join.expired": "That team link no longer works: the team may have ended.",
    "team.leave.done": "You've left {team}. Your own coaching carries on as before.",
    "team.leave.not_member": "You're not in this team.",
    "team.left": "{name} has left the team.",
    # --- the sharing level, always private ---------------------------------------------------
    "team.level.ask": (
        "You're in {team}. What may the team see in the daily roll-call? "
        "Right now: {current}. Everything else stays between us. "
        "Change it any time with /team here."
    ),
    "team.level.checkin": "Only that I checked in",
    "team.level.stage": "That, and my stage",
    "team.level.details": "That, my stage, and better / same / worse",
    "team.level.set": "Done: {team} sees \u201c{level}\u201d.",
    "team.leave.button": "Leave this team",
    "team.level.gone": "That team has ended, or you're no longer in it.",
    # --- the roll-call -----------------------------------------------------------------------
    "team.rollcall.header": "{team} roll-call: {count} of {total} checked in today.",
    "team.rollcall.member": "\u2713 {name}",
    "team.rollcall.member_stage": "\u2713 {name}, {stage}",
    "team.rollcall.member_trend": "\u2713 {name}, {stage}, {trend}",
    "team.rollcall.cheer": (
        "Every check-in counts. Nice work, team.",
        "Showing up is the habit that brings us back. Good going.",
        "Small steps, every day. Proud of this team.",
    ),
    "team.rollcall.nobody_yet": (
        "The day is young: there's still time to check in.",
        "Plenty of day left for a check-in.",
    ),
    "team.rollcall.empty": "{team} has nobody in it yet: type /join to be part of it.",
    "team.trend.better": "trending better",
    "team.trend.same": "steady",
    "team.trend.worse": "having a tougher day",
    # The coach's stages in team words.
    "team.stage.protect": "easing in",
    "team.stage.walk": "walking",
    "team.stage.walk_run_1": "walk-run 1",
    "team.stage.walk_run_2": "walk-run 2",
    "team.stage.walk_run_3": "walk-run 3",
    "team.stage.walk_run_4": "walk-run 4",
    "team.stage.walk_run_5": "walk-run 5",
    "team.stage.walk_run_6": "walk-run 6",
    "team.stage.continuous": "running easy",
    "team.stage.rebuild": "building up",
    "team.stage.recovered": "back to full training",
    # --- the weekly digest -----------------------------------------------------------------
    "team.digest.header": "{team}, the week that was:",
    "team.digest.member": "\u2022 {name}: {done} of {counted} check-ins",
    "team.digest.milestone": "\u2605 {name}: {milestone}",
    "team.digest.team": (
        "Showing up, week after week: that's how this team comes back. See you tomorrow.",
        "A week of small steps adds up. Thanks for keeping each other honest.",
        "Every check-in this week counted. On to the next one, together.",
    ),
    "team.milestone.stage_up": "moved up a stage",
    "team.milestone.first_continuous": "first continuous run",
    "team.milestone.recovered": "back to full training",
    # --- milestone posts and cheers -------------------------------------------------------
    "team.milestone.post": "\u2605 {name}: {milestone}! Press Cheer to let them know.",
    "team.cheer.button": "Cheer",
    # private, to the runner
    "team.cheer.received.stage_up": "{name} cheered you moving up a stage.",
    "team.cheer.received.first_continuous": "{name} cheered your first continuous run.",
    "team.cheer.received.recovered": "{name} cheered your return to full training.",
    "team.cheer.sent": "Sent: they'll know you cheered.",
    "team.cheer.self": "That one's yours: your teammates do the cheering. Enjoy it!",
    "team.cheer.again": "You've cheered this one already.",
    "team.cheer.gone": "I can't find that milestone in a team of yours.",
}
