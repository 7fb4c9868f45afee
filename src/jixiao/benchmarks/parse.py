"""Parse throughput of the published text form: 10,000 generated forms, one core.

The forms are written by ``jixiao.core.textform.writer`` from varied declarations (names of
every length, 0–4 rows per level2 and half, halves that differ, both frameworks, empty cells and
fields, long wrapped texts), so every judgement of the reader is exercised.  The figure is
forms per second over ``read_text_bytes`` of each form as its own file.
"""

from __future__ import annotations

import random
import time
from datetime import datetime, timedelta
from decimal import Decimal

from jixiao.core.declaration import (
    PROJECT_TYPE_LABELS,
    Declaration,
    FundBreakdown,
    Funds,
    Indicator,
)
from jixiao.core.framework import get_framework
from jixiao.core.importers.text import read_text_bytes
from jixiao.core.textform.writer import write_text

FORMS = 10_000
GOAL = 2_000  # forms per second (issue 9)
HAN = (
    "建设工程项目资金管理服务质量完成改造道路城市公园小区居民群众安全环境设施农村公路卫生健康"
    "医院学校教育文化体育养老保障就业产业发展生态保护水利供暖燃气照明绿化验收合格率满意度及时"
)
VALUES = (
    "≥5类", "100%", "≥90%", "≤12条", "2186.74平方米", "11条", "7845.9万元", "≤52800000元", "是",
    "及时", "提高", "稳步提高", "改善", "健全", "规范", "2023年7月", "2023年6月-11月", "12月底前",
)  # fmt: skip


def _han(rng: random.Random, low: int, high: int) -> str:
    return "".join(rng.choices(HAN, k=rng.randint(low, high)))


def _text(rng: random.Random, high: int) -> str | None:
    if rng.random() < 0.1:
        return None
    parts = [_han(rng, 4, 20) for _ in range(rng.randint(1, max(1, high // 12)))]
    return "，".join(parts) + "。"


def _amount(rng: random.Random) -> Decimal | None:
    return None if rng.random() < 0.15 else Decimal(rng.randrange(0, 10**9, 1000))


def make_declaration(rng: random.Random) -> Declaration:
    framework = get_framework(rng.choice(["seed", "seed", "2021"]))
    impl, annual = [], []
    for level1, level2s in framework.levels.items():
        for level2 in level2s:
            n_left = rng.randint(0, 4)
            n_right = rng.randint(0, 4) if n_left == 0 else rng.randint(0, n_left)
            names = [_han(rng, 3, 15) for _ in range(n_left)]
            for name in names:
                impl.append(Indicator(period="implementation", level1=level1, level2=level2,
                                      name=name, value=rng.choice(VALUES)))  # fmt: skip
            for i in range(n_right):
                name = names[i] if i < n_left and rng.random() < 0.7 else _han(rng, 3, 12)
                annual.append(Indicator(period="annual", level1=level1, level2=level2,
                                        name=name, value=rng.choice(VALUES)))  # fmt: skip
    project_type = rng.choice(["one_off", "continuing"])
    goal = _text(rng, 80)
    return Declaration(
        title=f"{_han(rng, 2, 4)}县(区)级预算部门（单位）项目支出绩效目标申报表",
        fiscal_year=rng.randint(2018, 2030),
        project_name=_han(rng, 4, 30),
        department_code=str(rng.randint(100, 999)),
        department_name=_han(rng, 4, 14),
        implementing_unit=_han(rng, 4, 14),
        project_type=project_type,
        project_type_label=PROJECT_TYPE_LABELS[project_type],
        period_years=1 if project_type == "one_off" else rng.randint(2, 5),
        funds=Funds(
            implementation=FundBreakdown(**{k: _amount(rng) for k in FundBreakdown.model_fields}),
            annual=FundBreakdown(**{k: _amount(rng) for k in FundBreakdown.model_fields}),
        ),
        overview=_text(rng, 200),
        basis=_text(rng, 100),
        necessity=_text(rng, 150),
        safeguards=_text(rng, 150),
        plan=_text(rng, 100),
        goal_implementation=goal,
        goal_annual=goal if goal and rng.random() < 0.8 else (goal and _text(rng, 60)),
        indicators=impl + annual,
        handler=_han(rng, 2, 3),
        phone=f"1{rng.randint(3000000000, 9999999999)}",
        filled_at=datetime(2023, 1, 1) + timedelta(seconds=rng.randrange(365 * 86400)),
    )


def make_corpus(count: int = FORMS, *, seed: int = 2023) -> list[bytes]:
    """``count`` forms in the published text layout, each the bytes of one file."""
    rng = random.Random(seed)
    return [write_text(make_declaration(rng)).encode() for _ in range(count)]


def run() -> list[str]:
    started = time.perf_counter()
    corpus = make_corpus()
    made = time.perf_counter() - started
    rows = 0
    # CPU time of this process is the one-core figure; wall time also counts other load.
    wall, cpu = time.perf_counter(), time.process_time()
    for i, data in enumerate(corpus):
        declarations, _ = read_text_bytes(data, f"form-{i}.txt")
        rows += len(declarations[0].indicators)
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    rate = len(corpus) / cpu
    return [
        f"corpus: {len(corpus):,} forms written in {made:.1f} s "
        f"({sum(map(len, corpus)) / 1e6:.1f} MB, {rows:,} indicators)",
        f"parse: {rate:,.0f} forms/s on one core ({cpu:.2f} s CPU, {wall:.2f} s wall, "
        f"{len(corpus) / wall:,.0f} forms/s by the wall clock; goal ≥ {GOAL:,} forms/s)"
        + ("" if rate >= GOAL else "  BELOW GOAL"),
    ]
