"""The shell's side of /progress, /report and /export: read the runner's data after the turn
committed, draw or write the files, and hang each on its own reply.

Drawing is CPU work (tens to hundreds of milliseconds): it runs in a worker thread so the event
loop keeps answering other runners meanwhile.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from dataclasses import replace
from datetime import date, datetime
from typing import Any, Protocol

from bot.core.effects import ChartRequested, Effect, ExportRequested, ReportRequested
from bot.core.types import Attachment, ConversationKey, Reply
from bot.progress import export, history
from bot.text import text
from messages import render

WANTS_FILES = (ChartRequested, ReportRequested, ExportRequested)


class Exporting(Protocol):
    async def export(self, platform: str, user_id: str) -> dict[str, Any]: ...


def wanted(effects: Sequence[Effect]) -> bool:
    return any(isinstance(effect, WANTS_FILES) for effect in effects)


async def attach(
    store: Exporting,
    key: ConversationKey,
    now: datetime,
    replies: list[Reply],
    effects: Sequence[Effect],
) -> list[Reply]:
    """`replies` with the files the effects ask for: the chart or the report on the last reply,
    the export's JSON there too and each CSV as a reply of its own."""
    if not replies or not wanted(effects):
        return replies
    data = await store.export(key.platform, key.user)
    *before, last = replies
    extra: list[Reply] = []
    for effect in effects:
        if isinstance(effect, ChartRequested):
            png = await asyncio.to_thread(_chart, data, effect.day)
            last = replace(
                last, attachment=Attachment(render("progress.chart.filename"), png, "image")
            )
        elif isinstance(effect, ReportRequested):
            pdf = await asyncio.to_thread(_report, data, effect.day)
            last = replace(last, attachment=Attachment(render("report.filename"), pdf))
        elif isinstance(effect, ExportRequested):
            last = replace(last, attachment=Attachment(export.JSON_NAME, export.to_json(data, now)))
            extra += [
                Reply(
                    (text("export.checkins_csv"),),
                    private=last.private,
                    to=last.to,
                    attachment=Attachment(export.CHECKINS_NAME, export.checkins_csv(data)),
                ),
                Reply(
                    (text("export.sessions_csv"),),
                    private=last.private,
                    to=last.to,
                    attachment=Attachment(export.SESSIONS_NAME, export.sessions_csv(data)),
                ),
            ]
    return [*before, last, *extra]


# matplotlib and fpdf2 are imported on first use: they cost half a second at start-up, which
# every `comeback` command and every process would otherwise pay.


def _chart(data: dict[str, Any], day: date) -> bytes:
    from bot.progress import chart

    return chart.draw(history.from_export(data, day), day)


def _report(data: dict[str, Any], day: date) -> bytes:
    from bot.progress import chart, report

    story = history.from_export(data, day)
    png = None if story.empty else chart.draw(story, day, dpi=report.CHART_DPI)
    timezone = story.injury.timezone if story.injury else "UTC"
    return report.build(story, day, png, report.paper_for(timezone))
