"""The Bot API's HTTP client: python-telegram-bot's BaseRequest on aiohttp, with a gate.

Why not PTB's default (HTTPXRequest): measured per Bot API call (bench/http_client.py), httpx and
httpcore cost about twice aiohttp's CPU, and two of their habits grow with the calls in flight:
httpcore's pool hands requests to connections by scanning every waiting request against every
connection, each time a request starts and each time one ends, and httpx keeps only 20 idle
connections alive, so above that each call opens (and closes) a connection of its own. With 64
turns at once on PTB's default pool of 256 connections, the HTTP client was most of the bot's
CPU per update (bench/peer.py). aiohttp is already here (the HTTP server, discord.py).

At most `connections` calls are in flight at once; the rest wait their turn in aiohttp's
connector (first come, first served), with no pool timeout: a call only queued behind others
is never failed for it. Every connection is kept alive. PTB does the rest as for its own
clients: the parameters (`RequestData`), the JSON answer, Telegram's errors by status code.
"""

from __future__ import annotations

from typing import Any

import aiohttp
from telegram._utils.defaultvalue import DefaultValue
from telegram.error import NetworkError, TimedOut
from telegram.request import BaseRequest, RequestData

# As many as the updates handled at once (telegram_updates.MAX_CONCURRENT): a few calls that
# hang (until their read timeout) do not hold every other runner's reply up.
CONNECTIONS = 64
READ_TIMEOUT = 5.0  # as PTB's defaults
CONNECT_TIMEOUT = 5.0
MEDIA_READ_TIMEOUT = 20.0  # uploading a chart or a report (PTB's media_write_timeout)


class AiohttpRequest(BaseRequest):
    def __init__(
        self, connections: int = CONNECTIONS, read_timeout: float | None = READ_TIMEOUT
    ) -> None:
        self.connections = connections
        self._read_timeout = read_timeout
        self._session: aiohttp.ClientSession | None = None

    @property
    def read_timeout(self) -> float | None:
        return self._read_timeout

    async def initialize(self) -> None:
        if self._session is None or self._session.closed:
            connector = aiohttp.TCPConnector(limit=self.connections, limit_per_host=0)
            self._session = aiohttp.ClientSession(
                connector=connector, headers={"User-Agent": self.USER_AGENT}
            )

    async def shutdown(self) -> None:
        if self._session is not None and not self._session.closed:
            await self._session.close()
        self._session = None

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout: Any = BaseRequest.DEFAULT_NONE,
        write_timeout: Any = BaseRequest.DEFAULT_NONE,
        connect_timeout: Any = BaseRequest.DEFAULT_NONE,
        pool_timeout: Any = BaseRequest.DEFAULT_NONE,
    ) -> tuple[int, bytes]:
        if self._session is None or self._session.closed:
            raise RuntimeError("AiohttpRequest used before initialize()")
        files = request_data is not None and request_data.contains_files
        default_read = MEDIA_READ_TIMEOUT if files else self._read_timeout
        timeout = aiohttp.ClientTimeout(
            sock_connect=_given(connect_timeout, CONNECT_TIMEOUT),
            # Sending and reading the answer: aiohttp has no write timeout of its own.
            sock_read=_given(read_timeout, default_read),
        )
        try:
            async with self._session.request(
                method, url, data=_body(request_data), timeout=timeout
            ) as response:
                return response.status, await response.read()
        except TimeoutError as err:
            raise TimedOut from err
        except aiohttp.ClientError as err:
            # The class name, for the log: some aiohttp errors have an empty message.
            raise NetworkError(f"aiohttp.{err.__class__.__name__}: {err}") from err


def _given(value: Any, default: float | None) -> float | None:
    return default if isinstance(value, DefaultValue) else value


def _body(request_data: RequestData | None) -> Any:
    """Form fields as PTB prepares them for any client; a multipart form when files go too."""
    if request_data is None:
        return None
    fields = request_data.json_parameters
    if not request_data.contains_files:
        return fields
    form = aiohttp.FormData()
    for name, value in fields.items():
        form.add_field(name, value)
    for name, (filename, content, mimetype) in request_data.multipart_data.items():
        form.add_field(name, content, filename=filename, content_type=mimetype)
    return form
