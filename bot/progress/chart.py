"""The progress chart: a PNG of the last 4 to 8 weeks, readable on a phone.

Top panel: morning pain (a line) with its 7-day moving average, pain during sessions (points),
swelling days, step backs and referrals, over stage bands named at the top and paused days
hatched. Bottom panel: session minutes a day, stacked by kind (run, walk, other training).

Matplotlib's object API on the Agg canvas (no pyplot: no global state, so a render in a worker
thread does not race another). Colours are the Okabe-Ito palette, which stays distinct for the
common kinds of colour blindness; every series also differs by shape or line style.
"""

from __future__ import annotations

import io
import math
import threading
from dataclasses import dataclass
from datetime import date, timedelta

from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.collections import PolyCollection
from matplotlib.figure import Figure
from matplotlib.patches import Patch

from bot.progress.history import BAR_KIND, History
from messages import render

# Okabe & Ito (2008), "Color Universal Design".
BLACK, ORANGE, SKY, GREEN, YELLOW, BLUE, VERMILLION, PURPLE = (
    "#000000", "#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7",
)  # fmt: skip
BAR_COLOURS = {"run": GREEN, "walk": YELLOW, "cross": SKY}
EDGE = "#555555"
BAND_SHADES = ("#F2F2F2", "#E1E8F0")
WIDTH_PX, HEIGHT_PX, DPI = 1080, 1080, 100
FONT = 17  # points at 100 dpi: about 24 px, legible on a phone held upright
# Matplotlib shares its font objects between figures and is not thread-safe: one drawing at a
# time (the shell draws in worker threads). A render takes a fraction of a second.
_DRAWING = threading.Lock()
MIN_DAYS, MAX_DAYS = 28, 56  # the last 4 to 8 weeks
AVERAGE_DAYS = 7
# Marker rows above and below the pain scale, so they never hide a pain point.
FLAG_ROW, SWELLING_ROW = 10.9, -0.9


def window(history: History, today: date) -> tuple[date, date]:
    """From the runner's start (at least 4 weeks back, at most 8) to today."""
    span = (today - history.started).days + 1
    days = min(max(span, MIN_DAYS), MAX_DAYS)
    return today - timedelta(days=days - 1), today


def draw(history: History, today: date, dpi: int = DPI) -> bytes:
    """The chart as PNG bytes. CPU-bound: the shell calls it through asyncio.to_thread.
    A lower `dpi` draws the same picture with fewer pixels (the report prints it 68 mm wide:
    half the pixels still make 200 dpi, and cost a third of the time to embed)."""
    with _DRAWING:
        return _draw(history, today, dpi)


def _draw(history: History, today: date, dpi: int) -> bytes:
    first, last = window(history, today)
    figure = Figure(figsize=(WIDTH_PX / DPI, HEIGHT_PX / DPI), dpi=DPI)
    FigureCanvasAgg(figure)
    grid = figure.add_gridspec(2, 1, height_ratios=(3, 1.6), hspace=0.08)
    pain = figure.add_subplot(grid[0])
    minutes = figure.add_subplot(grid[1], sharex=pain)
    handles: list[Artist] = []
    frame = _Frame(first, last)
    x, inside = frame.x, frame.inside

    _stage_bands(pain, minutes, history, frame)
    paused = _spans(sorted(x(day) for day in history.paused_days(first, last)))
    for start, end in paused:
        for axes in (pain, minutes):
            axes.axvspan(
                start - 0.5,
                end + 0.5,
                facecolor="none",
                edgecolor="#777777",
                hatch="//",
                linewidth=0,
            )
    if paused:
        handles.append(
            Patch(
                facecolor="white",
                edgecolor="#777777",
                hatch="//",
                label=render("progress.chart.paused"),
            )
        )

    mornings = [m for m in history.mornings if inside(m.day)]
    if mornings:
        # A day without a check-in breaks the line (NaN), so a gap is never drawn as a trend.
        daily = [math.nan] * ((last - first).days + 1)
        for morning in mornings:
            daily[x(morning.day)] = morning.pain
        (line,) = pain.plot(
            range(len(daily)),
            daily,
            color=BLUE,
            linewidth=3.5,
            marker="o",
            markersize=8,
            label=render("progress.chart.morning"),
        )
        handles.append(line)
        averages = _moving_average(history, first, last)
        (avg,) = pain.plot(  # a line only where there are two mornings in a row
            range(len(averages)),
            averages,
            color=ORANGE,
            linewidth=3,
            linestyle="--",
            label=render("progress.chart.average"),
        )
        if sum(1 for value in averages if not math.isnan(value)) > 1:
            handles.append(avg)
    sessions = [w for w in history.workouts if inside(w.day)]
    if sessions:
        dots = pain.scatter(
            [x(w.day) for w in sessions],
            [w.pain for w in sessions],
            marker="D",
            s=110,
            color=VERMILLION,
            zorder=4,
            edgecolors=BLACK,
            linewidths=0.8,
            label=render("progress.chart.session_pain"),
        )
        handles.append(dots)
    handles += _markers(pain, history, frame)

    _bars(minutes, history, frame, handles)
    _axes(pain, minutes, first, last)
    figure.suptitle(
        render("progress.chart.title"),
        fontsize=FONT + 6,
        fontweight="bold",
        x=0.06,
        y=0.985,
        ha="left",
    )
    if handles:
        figure.legend(
            handles=handles,
            loc="lower center",
            ncol=3,
            fontsize=FONT - 3,
            frameon=False,
            bbox_to_anchor=(0.5, 0.0),
            handlelength=1.6,
            columnspacing=1.0,
        )
    figure.subplots_adjust(left=0.09, right=0.955, top=0.93, bottom=0.17)
    out = io.BytesIO()
    figure.savefig(out, format="png", dpi=dpi)
    return out.getvalue()


@dataclass(frozen=True, slots=True)
class _Frame:
    """The days on the x axis: day `first` is at 0, one unit a day."""

    first: date
    last: date

    def x(self, day: date) -> int:
        return (day - self.first).days

    def inside(self, day: date) -> bool:
        return self.first <= day <= self.last


def _stage_bands(pain: Axes, minutes: Axes, history: History, frame: _Frame) -> None:
    """Shaded bands, one per stage stretch, the stage's short name at the top of each wide
    enough band (a band of a day or two stays shaded, unnamed: its name would not fit)."""
    first, last, x = frame.first, frame.last, frame.x
    shown = [b for b in history.bands(last) if b.last >= first and b.first <= last]
    for i, band in enumerate(shown):
        start, end = x(max(band.first, first)) - 0.5, x(min(band.last, last)) + 0.5
        shade = BAND_SHADES[i % 2]
        for axes in (pain, minutes):
            axes.axvspan(start, end, color=shade, zorder=0, linewidth=0)
        name = render(f"progress.stage.{band.stage}")
        if end - start >= 4:
            pain.text(start + 0.3, 11.9, name, ha="left", va="top", fontsize=FONT - 4,
                      color="#333333", clip_on=True)  # fmt: skip
        elif i == len(shown) - 1 and start > 6:
            # Today's stage is always named: a narrow last band (a new runner, a stage just
            # reached) carries its name to its left, over the days before.
            pain.text(end - 0.3, 11.9, name, ha="right", va="top", fontsize=FONT - 4,
                      color="#333333")  # fmt: skip
        if i:
            pain.axvline(start, color="#999999", linewidth=1, zorder=1)


def _spans(days: list[int]) -> list[tuple[int, int]]:
    """[3, 4, 5, 9] -> [(3, 5), (9, 9)]: one hatched area per stretch, not one per day."""
    spans: list[tuple[int, int]] = []
    for day in days:
        if spans and spans[-1][1] == day - 1:
            spans[-1] = (spans[-1][0], day)
        else:
            spans.append((day, day))
    return spans


def _moving_average(history: History, first: date, last: date) -> list[float]:
    """The runner's moving baseline, a value a day from `first` to `last`: the mean of the
    mornings of the 7 days up to that day; NaN (a gap) on a day without a check-in."""
    pains = {m.day: m.pain for m in history.mornings}
    out: list[float] = []
    day = first
    while day <= last:
        week = [
            pains[d] for d in (day - timedelta(days=k) for k in range(AVERAGE_DAYS)) if d in pains
        ]
        out.append(sum(week) / len(week) if week and day in pains else math.nan)
        day += timedelta(days=1)
    return out


def _markers(pain: Axes, history: History, frame: _Frame) -> list[Artist]:
    """Swelling days along the bottom; step backs and referrals along the top, a referral with
    a dotted line down through the day."""
    x, inside = frame.x, frame.inside
    handles: list[Artist] = []
    swollen = [x(m.day) for m in history.mornings if m.swollen and inside(m.day)]
    backs = [x(d) for d in history.step_backs() if inside(d)]
    for days, row, marker, size, colour, key in (
        (swollen, SWELLING_ROW, "^", 14, SKY, "progress.chart.swelling"),
        (backs, FLAG_ROW, "v", 15, PURPLE, "progress.chart.step_back"),
    ):
        if days:
            (mark,) = pain.plot(
                days,
                [row] * len(days),
                linestyle="none",
                marker=marker,
                markersize=size,
                color=colour,
                markeredgecolor=BLACK,
                label=render(key),
            )
            handles.append(mark)
    referred = [x(m.day) for m in history.referrals() if inside(m.day)]
    if referred:
        for at in referred:
            pain.axvline(at, color=BLACK, linestyle=":", linewidth=2, zorder=2)
        (mark,) = pain.plot(
            referred,
            [FLAG_ROW] * len(referred),
            linestyle="none",
            marker="X",
            markersize=16,
            color=BLACK,
            label=render("progress.chart.referral"),
        )
        handles.append(mark)
    return handles


def _bars(minutes: Axes, history: History, frame: _Frame, handles: list[Artist]) -> None:
    """Minutes a day, stacked by kind. One polygon collection per kind, not a patch per bar:
    a bar() call costs a millisecond a bar, and 8 weeks have up to 168 of them."""
    first, last, x = frame.first, frame.last, frame.x
    days = (last - first).days + 1
    totals = {kind: [0] * days for kind in BAR_COLOURS}
    for workout in history.workouts:
        if first <= workout.day <= last:
            totals[BAR_KIND.get(workout.kind, "cross")][x(workout.day)] += workout.minutes
    bottom = [0] * days
    for kind, values in totals.items():
        boxes = [
            [(i - 0.4, low), (i + 0.4, low), (i + 0.4, low + v), (i - 0.4, low + v)]
            for i, (low, v) in enumerate(zip(bottom, values, strict=True))
            if v
        ]
        if not boxes:
            continue
        colour = BAR_COLOURS[kind]
        minutes.add_collection(
            PolyCollection(boxes, facecolor=colour, edgecolor=EDGE, linewidth=0.6), autolim=False
        )
        handles.append(
            Patch(
                facecolor=colour,
                edgecolor=EDGE,
                linewidth=0.6,
                label=render(f"progress.chart.kind.{kind}"),
            )
        )
        bottom = [b + v for b, v in zip(bottom, values, strict=True)]
    top = max(bottom, default=0)
    minutes.set_ylim(0, max(30, top * 1.15))


def _axes(pain: Axes, minutes: Axes, first: date, last: date) -> None:
    days = (last - first).days + 1
    pain.set_ylim(-1.6, 12)
    pain.set_yticks(range(0, 11, 2))
    pain.set_ylabel(render("progress.chart.pain_axis"), fontsize=FONT)
    minutes.set_ylabel(render("progress.chart.minutes_axis"), fontsize=FONT)
    pain.set_xlim(-0.5, days - 0.5)
    ticks = list(range(days - 1, -1, -7))[::-1]  # weekly, ending today
    minutes.set_xticks(ticks)
    minutes.set_xticklabels([_short(first + timedelta(days=t)) for t in ticks])
    pain.tick_params(labelbottom=False, labelsize=FONT - 2)
    minutes.tick_params(labelsize=FONT - 2)
    for axes in (pain, minutes):
        axes.grid(axis="y", color="#CCCCCC", linewidth=0.8)
        axes.set_axisbelow(True)
        for side in ("top", "right"):
            axes.spines[side].set_visible(False)


def _short(day: date) -> str:
    return render(
        "progress.chart.day", {"day": day.day, "month": render(f"date.month.{day.month}")}
    )
