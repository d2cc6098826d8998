"""How long do the chart and the report take, and how big are they? Renders a 60-day history with
every kind of event (tests/support/progress_story.py) and prints the median and worst render
time over a few rounds, after one warm-up round (the first render loads fonts), and the sizes.

    .venv/bin/python -m bench.chart --rounds 10

Targets on this machine: chart under 300 ms, report (chart included) under 500 ms, PNG under
200 KB. Medians move with the neighbours' load on a shared machine; look at several runs.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable
from statistics import median

from bot.progress import chart, history, report
from tests.support import progress_story

TARGETS_MS = {"chart": 300.0, "report": 500.0}
PNG_LIMIT = 200 * 1024


def timed(make: Callable[[], bytes], rounds: int) -> tuple[list[float], list[float], bytes]:
    """Wall and CPU milliseconds per round. The CPU time (this process) moves much less than
    the wall time with the neighbours' load on a shared machine."""
    made = make()  # warm-up: font caches, imports
    wall, cpu = [], []
    for _ in range(rounds):
        started, used = time.perf_counter(), time.process_time()
        made = make()
        wall.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - used) * 1000)
    return wall, cpu, made


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=10)
    parser.add_argument("--days", type=int, default=60)
    args = parser.parse_args()
    today = progress_story.TODAY
    story = history.from_export(progress_story.story(args.days), today)

    def draw() -> bytes:
        return chart.draw(story, today)

    def page(paper: str) -> Callable[[], bytes]:
        def make() -> bytes:
            png = chart.draw(story, today, dpi=report.CHART_DPI)
            return report.build(story, today, png, paper)

        return make

    rows = [("chart", draw), ("report", page("A4")), ("report", page("Letter"))]
    papers = ["", " A4", " Letter"]
    for (name, make), paper in zip(rows, papers, strict=True):
        wall, cpu, made = timed(make, args.rounds)
        target = TARGETS_MS[name]
        verdict = "ok" if median(wall) < target else "OVER"
        print(
            f"{name + paper:<14} median {median(wall):6.1f} ms (cpu {median(cpu):6.1f} ms)  "
            f"worst {max(wall):6.1f} ms  target < {target:.0f} ms: {verdict}  "
            f"size {len(made) / 1024:6.1f} KB"
        )
        if name == "chart":
            print(f"{'':<14} PNG {'ok' if len(made) < PNG_LIMIT else 'OVER'} (< 200 KB)")


if __name__ == "__main__":
    main()
