"""``jixiao review_refresh [--year Y]``: recompute every stored review (智能审核).

Findings are stored with the declarations and kept current as they change; after the review
configuration changes (thresholds, severities, rules switched off) the stored ones are stale
until this is run.
"""

from __future__ import annotations

from django.core.management.base import CommandError

from jixiao.declarations.management.base import FormCommand
from jixiao.declarations.services import declaration_review_refresh_all


class Command(FormCommand):
    help = "重新审核已保存的申报表（含同年度跨部门的重复申报检查），更新审核发现和得分。"

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, default=None, help="只重新审核该年度（默认全部）")

    def handle(self, *args, year, **options):
        if year is not None and not 1900 <= year <= 2999:
            raise CommandError(f"年度「{year}」不正确，应为四位数的年份，例如 2023")
        changed = declaration_review_refresh_all(fiscal_year=year)
        if not changed:
            self.stdout.write("没有申报表需要重新审核")
        for fiscal_year, count in changed.items():
            self.stdout.write(f"{fiscal_year} 年度：{count} 份申报表的审核结果有变化，已更新")
