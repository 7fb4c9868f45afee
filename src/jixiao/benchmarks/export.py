"""Export speed: one form to PDF (goal < 0.3 s) and a disclosure booklet of 500 forms
(goal < 60 s), from the eleven shared forms."""

from __future__ import annotations

import time
from pathlib import Path

from jixiao.core.declaration import Declaration, loads

SHARED = Path(__file__).resolve().parents[3].parent / "shared" / "data"
EXPECTED_JSON = SHARED / "shangdang-2023-expected.json"


def _forms(n: int, seeds: list[Declaration]) -> list[Declaration]:
    return [
        seeds[i % len(seeds)].model_copy(
            update={"project_name": f"{seeds[i % len(seeds)].project_name}（{i + 1}）"}
        )
        for i in range(n)
    ]


def run() -> list[str]:
    from jixiao.core.exporters.booklet import render_booklet
    from jixiao.core.exporters.pdf import render_pdf
    from jixiao.core.exporters.pdfkit import register_fonts

    seeds = loads(EXPECTED_JSON.read_text("utf-8"))
    started = time.perf_counter()
    register_fonts()
    font = time.perf_counter() - started

    timings = []
    for decl in seeds:
        started = time.perf_counter()
        render_pdf([decl])
        timings.append(time.perf_counter() - started)
    worst, mean = max(timings), sum(timings) / len(timings)

    forms = _forms(500, seeds)
    started = time.perf_counter()
    pdf = render_booklet(forms, year=2023)
    booklet = time.perf_counter() - started
    return [
        f"font registration (once per process): {font:.3f} s",
        f"one form to PDF: mean {mean:.3f} s, worst {worst:.3f} s of 11 (goal < 0.3 s)",
        f"booklet of 500 forms: {booklet:.1f} s, {len(pdf) / 1e6:.1f} MB (goal < 60 s)",
    ]
