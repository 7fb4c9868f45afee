"""``jixiao load_demo``: the demo data of ``make run`` (run after ``migrate``; idempotent)."""

from __future__ import annotations

from pathlib import Path

from jixiao.declarations.demo import demo_load
from jixiao.declarations.management.base import FormCommand


class Command(FormCommand):
    help = "载入演示数据：上党区 2023 年的十一份申报表和每个角色的演示账号（可重复执行）。"

    def add_arguments(self, parser):
        parser.add_argument("--file", type=Path, default=None, help="申报表文件（默认共享数据）")

    def handle(self, *args, file, **options):
        for line in demo_load(source=file):
            self.stdout.write(line)
