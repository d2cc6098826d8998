"""A pressed button on Telegram: the question's message becomes the next question, in place.

A press used to cost three Bot API calls: answerCallbackQuery, an edit of the question (the ✓
choice, keyboard dropped) and a new message for the next question; the last two count against
the bot's 30 messages a second. Now, when the turn's answer is the next question, the pressed
message is edited into it: everything it said, the choice under the pressed question, then the
next question with its keyboard. answerCallbackQuery carries no chat_id, so neither PTB's
AIORateLimiter nor the shared budget (telegram_budget.py) counts it: one call that counts per
press, and a check-in answered by buttons reads as one message with every answer in it.

The rule. In place when all of these hold:
- a private chat, and the pressed message is the newest one we know of there (an edit far up
  the chat would hide the answer; in a group we do not see the messages in between);
- the turn answers with exactly one reply, to that chat, without a file, that asks a question
  with buttons (`asked_by`): the coach's reply (the verdict, the plan, a safety message) is a
  new message, so Telegram notifies the runner of it;
- the result fits in one message.
Otherwise, as before: the ✓ edit of the pressed question, then the replies as new messages (the
last press of a check-in: two calls that count). If the edit in place fails, the same fallback.

A message edited in place carries a new keyboard under the same message id, so "this keyboard
was pressed already" is remembered per keyboard shown, not per message (`Keyboards`)."""

from __future__ import annotations

import logging
from collections import OrderedDict
from collections.abc import Sequence

from telegram import InlineKeyboardMarkup, Message
from telegram.constants import ChatType
from telegram.error import TelegramError

from bot.adapters.platform import Where, next_in_place
from bot.adapters.telegram_send import (
    MEMORY,
    TelegramPlatform,
    keyboard,
    remember,
    with_network_retry,
)
from bot.core.questions import TICK, asked_by
from bot.core.types import ConversationKey, Reply
from messages.replies import reply_text

log = logging.getLogger("bot.adapters.telegram")

At = tuple[str, str]  # (chat id, message id)
Shown = tuple[str, tuple[tuple[str, str], ...]]  # text, and (label, callback_data) per button


def shown(message: Message) -> Shown:
    markup = message.reply_markup
    rows = markup.inline_keyboard if isinstance(markup, InlineKeyboardMarkup) else ()
    return message.text or "", tuple((b.text, str(b.callback_data)) for row in rows for b in row)


class Keyboards:
    """Which keyboards were pressed already (a double tap, an old client): a press on one is
    ignored. A message we edited in place shows a new keyboard: only a press that carries
    exactly what we put there counts."""

    def __init__(self) -> None:
        self._pressed: OrderedDict[At, str] = OrderedDict()
        self._shown: OrderedDict[At, Shown] = OrderedDict()

    def stale(self, at: At, message: Message) -> bool:
        if at in self._shown:
            return shown(message) != self._shown[at]
        return at in self._pressed

    def took(self, at: At, user: str) -> None:
        """A press on this keyboard was taken: the next one on it is ignored."""
        self._shown.pop(at, None)
        remember(self._pressed, at, user)

    def replaced(self, at: At, edited: Message) -> None:
        """We put a new keyboard on this message."""
        self._pressed.pop(at, None)
        self._shown[at] = shown(edited)
        while len(self._shown) > MEMORY:
            self._shown.popitem(last=False)


def choice_of(message: Message, label: str) -> str:
    """What the runner chose: the pressed label, after what a multi-choice had ticked."""
    ticked = [text.removeprefix(TICK) for text, _ in shown(message)[1] if text.startswith(TICK)]
    return ", ".join([*ticked, label])


async def next_question_in_place(
    platform: TelegramPlatform,
    keyboards: Keyboards,
    message: Message,
    pressed: tuple[str, str],
    key: ConversationKey,
    replies: Sequence[Reply],
) -> bool:
    """Turn the pressed message (`pressed`: its button's label and callback_data) into the
    turn's one reply if the rule above allows; whether it did (else the caller answers as
    before)."""
    if len(replies) != 1 or not message.text or message.chat.type != ChatType.PRIVATE:
        return False
    (reply,) = replies
    chat = str(message.chat.id)
    to = platform.destination(key, reply)
    name = asked_by(reply.payloads)
    if to.where is Where.ELSEWHERE or to.chat != chat or reply.attachment or name is None:
        return False
    if not platform.is_newest(chat, message.message_id):
        return False
    label, data = pressed
    body = next_in_place(
        message.text,
        choice_of(message, label),
        reply_text(reply),
        platform.choice_mark,
        platform.text_limit,
        again=name == data.partition("=")[0],
    )
    if body is None:
        return False
    markup = keyboard(reply)
    try:
        edited = await with_network_retry(lambda: message.edit_text(body, reply_markup=markup))
    except TelegramError as error:  # the ✓ edit and a new message instead
        log.warning("telegram: %s editing a question in place", type(error).__name__)
        return False
    if isinstance(edited, Message):
        keyboards.replaced((chat, str(message.message_id)), edited)
    platform.saw(chat, message.message_id)
    return True
