"""The Telegram webhook on our own HTTP server (bot/http.py): one port for /healthz, /metrics
and the updates. The handler checks Telegram's secret header, parses the update and hands it to
the PTB Application's queue, as PTB's own webhook server does; an update it cannot parse is
logged by its length only (it may quote what a runner wrote)."""

from __future__ import annotations

import hmac
import logging
from collections.abc import Awaitable, Callable
from typing import Any

from aiohttp import web
from telegram import Update
from telegram.ext import Application

log = logging.getLogger("bot.adapters.telegram")

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]
# The composition root's way to add a route to the HTTP server: (method, path, handler).
AddRoute = Callable[[str, str, Handler], None]


def webhook_handler(application: Application[Any, Any, Any, Any, Any, Any], secret: str) -> Handler:
    async def receive(request: web.Request) -> web.StreamResponse:
        given = request.headers.get(SECRET_HEADER, "")
        if not hmac.compare_digest(given.encode(), secret.encode()):
            log.warning("telegram webhook: a request without the right secret header")
            return web.Response(status=403)
        body = await request.read()
        try:
            update = Update.de_json(await request.json(), application.bot)
        except Exception as error:
            log.error("telegram webhook: unparsable update (%d bytes, %s)", len(body),
                      type(error).__name__)  # fmt: skip
            return web.Response(status=400)
        if update is not None:
            await application.update_queue.put(update)
        return web.Response()

    return receive
