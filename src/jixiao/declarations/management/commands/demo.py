"""``jixiao demo``: the demo of ``make run``, or a synthetic year for load tests.

``jixiao demo`` loads the demo (as ``load_demo`` and ``load_monitoring_demo``);
``jixiao demo --synthetic N [--year Y] [--seed S] [--departments D]`` stores N generated
declarations of year Y in the configured database, with a progress bar on the terminal.
"""

from __future__ import annotations

import sys
import time

from django.core.management import call_command

from jixiao.declarations.management.base import FormCommand
from jixiao.declarations.models import Status
from jixiao.declarations.synthetic import synthetic_load


class Command(FormCommand):
    help = "载入演示数据；--synthetic N 生成 N 份模拟申报表（压力测试用）。"

    def add_arguments(self, parser):
        parser.add_argument("--synthetic", type=int, metavar="N", help="生成的申报表份数")
        parser.add_argument("--year", type=int, default=2026, help="年度（默认 2026）")
        parser.add_argument("--seed", type=int, default=1, help="随机种子（相同种子生成相同数据）")
        parser.add_argument("--departments", type=int, default=60, help="部门数（默认 60）")

    def handle(self, *args, synthetic, year, seed, departments, **options):
        if synthetic is None:
            call_command("load_demo", stdout=self.stdout)
            call_command("load_monitoring_demo", stdout=self.stdout)
            return
        if synthetic < 1 or departments < 1:
            self.stderr.write("错误：--synthetic 和 --departments 须为正整数")
            sys.exit(2)
        bar = _Bar(self.stdout if self.stdout.isatty() else None)
        started = time.monotonic()
        result = synthetic_load(
            synthetic, year=year, seed=seed, departments=departments, progress=bar
        )
        bar.close()
        elapsed = time.monotonic() - started
        labels = dict(Status.choices)
        states = "，".join(f"{labels[s]} {n:,}" for s, n in sorted(result.by_status.items()))
        self.stdout.write(
            f"{result.year} 年度：{result.declarations:,} 份申报表、{result.indicators:,} 个指标、"
            f"{result.departments} 个部门，用时 {elapsed:.0f} 秒\n状态：{states}\n"
            "埋入的问题：" + "，".join(f"{k} {n}" for k, n in result.planted.items())
        )
        self.stdout.write("账号（密码同演示账号）：" + "、".join(result.accounts))


class _Bar:
    """One line redrawn in place: stage, a bar, done/total; plain lines when not a terminal."""

    WIDTH = 30

    def __init__(self, terminal) -> None:
        self.terminal = terminal
        self.last = ""

    def __call__(self, stage: str, done: int, total: int) -> None:
        filled = self.WIDTH * done // max(total, 1)
        line = f"{stage} [{'#' * filled}{'.' * (self.WIDTH - filled)}] {done:,}/{total:,}"
        if self.terminal is not None:
            self.terminal.write("\r" + line, ending="")
            self.terminal.flush()
        elif stage != self.last or done == total:
            sys.stderr.write(line + "\n")
        self.last = stage

    def close(self) -> None:
        if self.terminal is not None:
            self.terminal.write("")
