"""`/report`: one page a runner hands their physiotherapist or doctor.

Who (first name only), the injury as the runner described it, the stage ladder with dates, the
chart, the last 4 weeks of check-ins as a compact table, every warning sign and referral, the
coach's decisions with their rule numbers, and a line saying the coach is not a clinician.

Exactly one page, A4 or Letter, whatever the data: the page is laid out against a height budget
(sections after the table are measured first, the table gets what is left and drops its oldest
rows with a note), and the runner's own words are cut with an ellipsis to the space they have.
fpdf2 with DejaVu Sans (shipped with matplotlib), so any language the runner writes in prints.
"""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta
from pathlib import Path
from typing import cast

import matplotlib
from fpdf import FPDF

from bot.progress.history import History, Morning, Workout
from messages import render

PAPERS = ("A4", "Letter")
MARGIN = 12.0  # mm
LINE = 4.3  # mm, body text
ROW = 3.9  # mm, a table row
BODY, SMALL, HEADING = 8.5, 7.0, 10.0  # points
REPORT_DAYS = 28
CHART_MM = 68.0
CHART_DPI = 50  # 540 px across 68 mm: 200 dpi in print
MAX_LADDER, MAX_FLAG_LINES = 7, 10
_FONTS = Path(matplotlib.get_data_path()) / "fonts" / "ttf"
# Zones of the countries that print on Letter (US, Canada, Mexico, and a few more).
_LETTER_ZONES = ("America/",)


def paper_for(timezone: str) -> str:
    return "Letter" if timezone.startswith(_LETTER_ZONES) else "A4"


def build(history: History, today: date, chart_png: bytes | None, paper: str = "A4") -> bytes:
    pdf = _Page(paper)
    pdf.title_block(history, today)
    top = pdf.get_y()
    left_width = pdf.epw - CHART_MM - 4
    pdf.injury(history, left_width)
    pdf.ladder(history, today, left_width)
    left_end = pdf.get_y()
    if chart_png is not None:
        pdf.image(chart_png, x=pdf.l_margin + left_width + 4, y=top, w=CHART_MM, h=CHART_MM)
    pdf.set_y(max(left_end, top + (CHART_MM if chart_png else 0)) + 2)
    tail = pdf.tail_lines(history, today)
    pdf.checkins(history, today, reserve=pdf.tail_height(tail))
    pdf.tail(tail)
    return bytes(pdf.output())


class _Page(FPDF):
    def __init__(self, paper: str) -> None:
        super().__init__(format=paper if paper in PAPERS else "A4", unit="mm")
        self.set_margins(MARGIN, MARGIN, MARGIN)
        # Never a second page: the layout below fits itself into one.
        self.set_auto_page_break(False)
        self.add_font("body", "", str(_FONTS / "DejaVuSans.ttf"))
        self.add_font("body", "B", str(_FONTS / "DejaVuSans-Bold.ttf"))
        self.set_title(render("report.title"))
        self.set_creator("Comeback")
        self.add_page()

    # --- text helpers -------------------------------------------------------------------

    def fit(self, words: str, width: float) -> str:
        """`words` cut with an ellipsis to fit one line of `width` mm in the current font."""
        if self.get_string_width(words) <= width:
            return words
        low, high = 0, len(words)
        while low < high:  # the longest prefix that fits with the ellipsis
            middle = (low + high + 1) // 2
            if self.get_string_width(words[:middle].rstrip() + "…") <= width:
                low = middle
            else:
                high = middle - 1
        return words[:low].rstrip() + "…"

    def wrap(self, words: str, width: float, height: float) -> list[str]:
        """The lines `words` would take in a box `width` mm wide, in the current font."""
        lines = self.multi_cell(width, height, words, align="L", dry_run=True, output="LINES")
        return cast(list[str], lines)

    def say(self, words: str, width: float = 0, size: float = BODY, bold: bool = False) -> None:
        self.set_font("body", "B" if bold else "", size)
        usable = width or self.epw
        self.cell(usable, LINE, self.fit(words, usable), new_x="LMARGIN", new_y="NEXT")

    def heading(self, words: str, width: float = 0) -> None:
        self.ln(1)
        self.set_font("body", "B", HEADING)
        self.cell(width or self.epw, LINE + 1, words, new_x="LMARGIN", new_y="NEXT")

    # --- sections -----------------------------------------------------------------------

    def title_block(self, history: History, today: date) -> None:
        self.set_font("body", "B", 14)
        self.cell(0, 7, render("report.title"), new_x="LMARGIN", new_y="NEXT")
        name = history.first_name[:40] or render("report.someone")
        self.say(render("report.made", {"day": today.isoformat(), "name": name}))

    def injury(self, history: History, width: float) -> None:
        self.heading(render("report.heading.injury"), width)
        injury = history.injury
        if injury is None:
            self.say(render("report.injury.none"), width)
            return
        label = _label
        self.say(
            render("report.injury.where", {"area": label(f"button.area.{injury.area}")}), width
        )
        onset = label(f"button.onset.{injury.onset}", injury.onset)
        self.say(render("report.injury.onset", {"onset": onset.lower()}), width)
        feel = label(f"button.feel.{injury.feel}", injury.feel)
        self.say(render("report.injury.feel", {"feel": feel.lower()}), width)
        if injury.cause:
            cause = label(f"button.cause.{injury.cause}", injury.cause)
            self.say(render("report.injury.cause", {"cause": cause.lower()}), width)
        if injury.goal:
            goal = label("goal.running") if injury.goal == "running" else injury.goal
            # The runner's own words: up to two lines, then an ellipsis.
            self.set_font("body", "", BODY)
            lines = self.wrap(render("report.injury.goal", {"goal": goal}), width, LINE)
            for i, text in enumerate(lines[:2]):
                self.say(text + ("…" if i == 1 and len(lines) > 2 else ""), width)
        seen = "yes" if injury.seen_professional else "no"
        self.say(render(f"report.injury.seen.{seen}"), width)
        if injury.cleared_by_clinician:
            self.say(render("report.injury.cleared"), width)
        self.say(render("report.injury.baseline", {"baseline": injury.baseline}), width)

    def ladder(self, history: History, today: date, width: float) -> None:
        self.heading(render("report.heading.ladder"), width)
        stage = _stage
        lines = [
            render(
                "report.ladder.move",
                {
                    "day": m.day.isoformat(),
                    "from_stage": stage(m.from_stage),
                    "to_stage": stage(m.to_stage),
                    "decision": _decision(m.decision),
                    "rules": _rules(m.rules),
                },
            )
            for m in history.moves
        ]
        first = history.bands(today)[0]
        lines.insert(
            0,
            render(
                "report.ladder.start", {"day": first.first.isoformat(), "stage": stage(first.stage)}
            ),
        )
        if len(lines) > MAX_LADDER:  # the start, then the most recent moves
            lines = [lines[0], "…", *lines[-(MAX_LADDER - 2) :]]
        now = history.bands(today)[-1]
        lines.append(
            render("report.ladder.now", {"stage": stage(now.stage), "day": now.first.isoformat()})
        )
        for text in lines:
            self.say(text, width, size=SMALL)

    def checkins(self, history: History, today: date, reserve: float) -> None:
        self.heading(render("report.heading.checkins"))
        since = today - timedelta(days=REPORT_DAYS - 1)
        mornings = [m for m in history.mornings if since <= m.day <= today]
        if not mornings:
            self.say(render("report.table.none"))
            return
        sessions: dict[date, list[Workout]] = {}
        for workout in history.workouts:
            sessions.setdefault(workout.day, []).append(workout)
        room = self.h - self.b_margin - self.get_y() - reserve - ROW  # less the header row
        fits = max(int(room // ROW), 1)
        left_out = 0
        if len(mornings) > fits:  # keep the newest, say how many are left out
            left_out = len(mornings) - (fits - 1)
            mornings = mornings[-(fits - 1) :] if fits > 1 else []
        widths = (22.0, 15.0, 16.0, 17.0, 0.0, 56.0)
        widths = (*widths[:4], self.epw - sum(widths), widths[5])
        header = ("day", "pain", "swelling", "daily", "session", "decision")
        self.set_font("body", "B", SMALL)
        self.set_fill_color(225, 232, 240)
        for width, key in zip(widths, header, strict=True):
            self.cell(width, ROW, render(f"report.table.{key}"), border="B", fill=True)
        self.ln(ROW)
        self.set_font("body", "", SMALL)
        if left_out:
            self.cell(
                0, ROW, render("report.table.more", {"n": left_out}), new_x="LMARGIN", new_y="NEXT"
            )
        for i, morning in enumerate(mornings):
            cells = _row(morning, sessions.get(morning.day, []))
            fill = i % 2 == 1
            self.set_fill_color(242, 242, 242)
            for width, words in zip(widths, cells, strict=True):
                self.cell(width, ROW, self.fit(words, width - 1), fill=fill)
            self.ln(ROW)

    def tail_lines(self, history: History, today: date) -> list[tuple[str, str]]:
        """(style, words) of what comes after the table: warning signs and referrals, the
        decisions, paused days and the not-a-clinician line."""
        out: list[tuple[str, str]] = [("heading", render("report.heading.flags"))]
        flagged = [m for m in history.mornings if m.red_flags or m.decision in ("refer", "urgent")]
        if not flagged:
            out.append(("body", render("report.flags.none")))
        shown = flagged[-MAX_FLAG_LINES:] if len(flagged) > MAX_FLAG_LINES else flagged
        if len(shown) < len(flagged):
            out.append(("body", render("report.flags.more", {"n": len(flagged) - len(shown)})))
        for morning in shown:
            flags = ", ".join(_label(f"report.flag.{f}", f) for f in morning.red_flags)
            out.append(
                (
                    "body",
                    render(
                        "report.flag",
                        {
                            "day": morning.day.isoformat(),
                            "flags": flags or "-",
                            "decision": _decision(morning.decision),
                            "rules": _rules(morning.rules),
                        },
                    ),
                )
            )
        out.append(("heading", render("report.heading.decisions")))
        counts = Counter(m.decision for m in history.mornings)
        names = ("advance", "hold", "step_back", "refer", "urgent")
        out.append(("body", render("report.decisions.counts", {n: counts[n] for n in names})))
        spans = [
            render("report.paused.span", {"first": a.isoformat(), "last": b.isoformat()})
            if b is not None
            else render("report.paused.open", {"first": a.isoformat()})
            for a, b in history.pauses
        ]
        if spans:
            out.append(("body", render("report.paused", {"spans": "; ".join(spans)})))
        disclaimer = render("report.disclaimer", {"link": render("report.link")})
        out.append(("small", disclaimer))
        return out

    def tail_height(self, lines: list[tuple[str, str]]) -> float:
        height = 0.0
        for style, words in lines:
            if style == "small":
                self.set_font("body", "", SMALL)
                height += len(self.wrap(words, self.epw, 3.4)) * 3.4
                height += 2
            else:
                height += LINE + (2 if style == "heading" else 0)
        return height

    def tail(self, lines: list[tuple[str, str]]) -> None:
        for style, words in lines:
            if style == "heading":
                self.heading(words)
            elif style == "small":
                self.ln(2)
                self.set_font("body", "", SMALL)
                self.multi_cell(0, 3.4, words, align="L", new_x="LMARGIN", new_y="NEXT")
            else:
                self.say(words)


def _row(morning: Morning, workouts: list[Workout]) -> tuple[str, ...]:
    yes, no = render("report.yes"), render("report.no")
    done = "; ".join(
        render(
            "report.session",
            {"kind": _label(f"report.kind.{w.kind}", w.kind), "minutes": w.minutes, "pain": w.pain},
        )
        for w in workouts
    )
    decision = render(
        "report.decision_rules",
        {"decision": _decision(morning.decision), "rules": _rules(morning.rules)},
    )
    return (
        morning.day.isoformat(),
        f"{morning.pain}/10",
        _label(f"report.swelling.{morning.swelling}", morning.swelling),
        yes if morning.daily_pain else no,
        done or "-",
        decision,
    )


def _label(key: str, fallback: str = "") -> str:
    """A catalog label without its button mark; `fallback` for a value the catalog lacks."""
    try:
        return render(key, {"mark": ""})
    except KeyError:
        return fallback or key.rsplit(".", 1)[-1]


def _stage(stage: str) -> str:
    return _label(f"progress.stage.{stage}", stage)


def _decision(decision: str) -> str:
    return _label(f"report.decision.{decision}", decision)


def _rules(rules: tuple[int, ...]) -> str:
    return ", ".join(str(r) for r in rules) or "-"
