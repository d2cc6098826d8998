"""Linking one runner's Telegram and Discord (issue 12): the one-time code, the choice of which
history to keep, where the morning check-in goes, and unlinking. Codes are shown only in a
private chat."""

from __future__ import annotations

CATALOG: dict[str, str | tuple[str, ...]] = {
    "link.platform.telegram": "Telegram",
    "link.platform.discord": "Discord",
    # --- the code ------------------------------------------------------------------------
    "link.code.show": (
        "Your linking code: {code}\n"
        "On your other app ({other}), open a private chat with me and type /link {code} "
        "within 10 minutes. It works once.\n"
        "Got a code from your other app instead? Type it here."
    ),
    "link.code.unknown": (
        "I don't know that code. Check it on your other app, or type /link there for a new one."
    ),
    "link.code.not_a_code": (
        "A linking code has 10 letters and digits, like ABCDE-23456. Type /link on your other "
        "app to get one."
    ),
    "link.code.expired": (
        "That code has expired (they last 10 minutes). Type /link on your other app for a new one."
    ),
    "link.code.wrong": "That code isn't right. {left} more tries before it stops working.",
    "link.code.voided": (
        "That's 5 wrong tries: the code no longer works. Type /link on your other app for a "
        "new one."
    ),
    "link.code.same_app": ("This code is for your other app: type it there, not here ({here})."),
    "link.code.same_platform": (
        "Both accounts are on {here}. Linking joins one Telegram and one Discord account."
    ),
    "link.code.already": "These two accounts are already linked.",
    "link.code.taken": (
        "This account is already linked to another {platform} account. Unlink it first: /link"
    ),
    # --- which history to keep -----------------------------------------------------------
    "link.choose.ask": (
        "Both accounts have a history. Which one should I keep as your profile?\n"
        "{first}: {first_summary}\n"
        "{second}: {second_summary}\n"
        "Check-ins from both are kept (one per day: on a day both have one, the kept profile's "
        "wins), and so are your sessions. Press a button or type {first} or {second}."
    ),
    "link.choose.summary": "{stage}, {checkins} check-ins since {since}",
    "link.choose.summary_empty": "{stage}, no check-ins yet",
    "link.stage.none": "not set up yet",
    "link.choose.button": "Keep {platform}'s",
    "link.choose.stale": (
        "There's no link waiting for that choice any more. Type /link to start again."
    ),
    "link.choose.unreadable": "Please pick one: {first} or {second}.",
    # --- done ----------------------------------------------------------------------------
    "link.done": (
        "Linked: {first} and {second} are now one profile. Talk to me on either; /delete on "
        "either deletes everything."
    ),
    "link.prompt.ask": "Where should your morning check-in come?",
    "link.prompt.button": "On {platform}",
    "link.prompt.set": "Your morning check-in will come on {platform}, starting with the next one.",
    "link.prompt.unknown": "That account isn't linked here. Type /link to see what is.",
    # --- /link on a linked runner --------------------------------------------------------
    "link.status": (
        "Linked: {accounts}. Your morning check-in comes on {prompt}.\n"
        "Change it, or unlink an account (it starts fresh; your history stays here), with the "
        "buttons, or type /link unlink {example}."
    ),
    "link.status.account": "{platform} ({name})",
    "link.unlink.button": "Unlink {platform}",
    "link.unlink.done": (
        "Unlinked {platform}. It starts fresh the next time you write to me there; your "
        "history stays here."
    ),
    "link.unlink.unknown": "There's nothing to unlink: type /link for a code to link an account.",
    # --- where it doesn't work -----------------------------------------------------------
    "link.private": "Linking codes are private: type /link in your private chat with me.",
    "link.private.voided": (
        "Others here can read that code, so it no longer works. Type /link in your private chat "
        "with me for a new one."
    ),
    "link.elsewhere": (
        "/link joins your Telegram and Discord accounts into one profile; it works in those "
        "apps, not here."
    ),
}
