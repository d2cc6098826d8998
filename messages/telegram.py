"""Sentences only Telegram needs: what the bot says in a group when it cannot reach a runner in
private. Said in front of the group, so never anything about the runner's injury or recovery."""

CATALOG: dict[str, str | tuple[str, ...]] = {
    "telegram.open_private_chat": (
        "{name}, I answer that in a private chat, and Telegram does not let me write to you "
        "first. Tap my name, press Start, then send it to me there."
    ),
}
