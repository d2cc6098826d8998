"""The HTTP server beside the bots (COMEBACK_HTTP_PORT), on the same event loop:

    GET /healthz   200 when every part works, else 503; the JSON body names each part and what
                   is wrong: the database answers, each platform is connected, the scheduler's
                   last tick is recent
    GET /metrics   Prometheus text format (bot/metrics.py), the outbox gauges read at scrape time

Nothing here knows a platform or the database: the composition root hands in the checks.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest

from bot import metrics

log = logging.getLogger("comeback.http")

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]
CHECK_WITHIN = 3.0  # seconds a check may take before its part counts as down


@dataclass
class Checks:
    """What /healthz and /metrics ask. `database`: raises when the database does not answer.
    `platforms`: name -> is it connected now. `tick_lag`: seconds since the scheduler's last
    tick (None: no scheduler here). `due`: (prompts due and waiting, oldest one's wait)."""

    database: Callable[[], Awaitable[None]]
    platforms: Mapping[str, Callable[[], bool]] = field(default_factory=dict)
    tick_lag: Callable[[], float | None] = lambda: None
    max_tick_lag: float = 240.0
    due: Callable[[], Awaitable[tuple[int, float]]] | None = None

    async def health(self) -> tuple[bool, dict[str, Any]]:
        parts: dict[str, dict[str, Any]] = {"database": await self._database()}
        for name, connected in self.platforms.items():
            parts[name] = {"ok": True} if connected() else {"ok": False, "error": "disconnected"}
        lag = self.tick_lag()
        if lag is not None:
            ok = lag <= self.max_tick_lag
            parts["scheduler"] = {"ok": ok, "tick_lag_seconds": round(lag, 1)}
            if not ok:
                parts["scheduler"]["error"] = f"no tick for {lag:.0f} s"
        down = [name for name, part in parts.items() if not part["ok"]]
        body = {"status": "down" if down else "ok", "down": down, "checks": parts}
        return not down, body

    async def _database(self) -> dict[str, Any]:
        try:
            async with asyncio.timeout(CHECK_WITHIN):
                await self.database()
        except TimeoutError:
            return {"ok": False, "error": f"no answer within {CHECK_WITHIN:.0f} s"}
        except Exception as error:
            return {"ok": False, "error": type(error).__name__}
        return {"ok": True}

    async def read_gauges(self) -> None:
        if self.due is None:
            return
        try:
            async with asyncio.timeout(CHECK_WITHIN):
                depth, oldest = await self.due()
        except Exception as error:  # a scrape while the database is down: keep the last values
            log.warning("metrics: outbox gauges not read (%s)", type(error).__name__)
            return
        metrics.OUTBOX_DUE.set(depth)
        metrics.OUTBOX_OLDEST_DUE_SECONDS.set(oldest)


class HttpServer:
    def __init__(self, checks: Checks, host: str = "127.0.0.1", port: int = 0) -> None:
        self.checks = checks
        self.host = host
        self.port = port
        self._runner: web.AppRunner | None = None
        self._routes: list[tuple[str, str, Handler]] = []

    def add_route(self, method: str, path: str, handler: Handler) -> None:
        """Another endpoint on the same port (the Telegram webhook); before start()."""
        self._routes.append((method, path, handler))

    def web_app(self) -> web.Application:
        app = web.Application()
        app.router.add_get("/healthz", self._healthz)
        app.router.add_get("/metrics", self._metrics)
        for method, path, handler in self._routes:
            app.router.add_route(method, path, handler)
        return app

    async def start(self) -> None:
        self._runner = web.AppRunner(self.web_app(), access_log=None, shutdown_timeout=1.0)
        await self._runner.setup()
        site = web.TCPSite(self._runner, self.host, self.port)
        await site.start()
        if self.port == 0:
            server = site._server
            sockets = getattr(server, "sockets", None) or []
            self.port = sockets[0].getsockname()[1] if sockets else 0
        log.info("http: /healthz and /metrics on %s:%d", self.host, self.port)

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def _healthz(self, request: web.Request) -> web.Response:
        healthy, body = await self.checks.health()
        return web.json_response(body, status=200 if healthy else 503)

    async def _metrics(self, request: web.Request) -> web.Response:
        await self.checks.read_gauges()
        return web.Response(
            body=generate_latest(metrics.REGISTRY),
            headers={"Content-Type": CONTENT_TYPE_LATEST},
        )
