"""Sentences of the terminal chat (`comeback chat`): a developer's and a curious runner's view."""

CATALOG: dict[str, str | tuple[str, ...]] = {
    "console.banner": (
        "Comeback in your terminal. Type like you would in a chat; a number presses a "
        "button. Start with /start. :help lists the clock commands, :quit leaves."
    ),
    "console.help": (
        ":morning  jump to your next check-in time and get the morning prompt\n"
        ":wait N   move the clock N hours forward\n"
        ":nudge    what the reminder looks like\n"
        ":weekly   the Sunday-evening note\n"
        ":time     show the console's clock\n"
        ":quit     leave"
    ),
    "console.clock": "(clock: {now})",
    "console.no_profile": "(finish onboarding first: /start)",
    "console.wait_refused": (
        "(:wait takes a number of hours, like :wait 12; the clock goes at most {days} days "
        "past where it started)"
    ),
}
