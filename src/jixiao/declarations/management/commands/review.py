"""`jixiao review FILE... [--json] [--config PATH]`: review forms without a database.

Reads every file (any format the importers read), reviews all their declarations together
(so the cross-declaration rules see the whole batch) and prints, per declaration, its findings,
score, grade and the deductions behind the score.
"""

from __future__ import annotations

import json
from collections import Counter

from jixiao.core.importers.base import FORMATS, read_forms
from jixiao.core.review import SEVERITY_LABELS, Report, load_config, review_batch
from jixiao.core.review.context import field_place
from jixiao.core.review.registry import all_rules
from jixiao.declarations.management.base import FormCommand


class Command(FormCommand):
    help = "审核申报表：逐份列出审核发现、得分、等级和扣分明细（不需要数据库）。"
    requires_system_checks: list = []
    requires_migrations_checks = False

    def add_arguments(self, parser):
        parser.add_argument(
            "files", nargs="+", metavar="FILE", help="申报表文件（文本、JSON、PDF、Excel）"
        )
        parser.add_argument("--json", action="store_true", help="以 JSON 输出审核结果")
        parser.add_argument("--config", metavar="PATH", help="审核配置文件（TOML），覆盖默认配置")
        parser.add_argument(
            "--format", choices=FORMATS, default="auto", help="文件格式（默认按内容判断）"
        )

    def handle(self, *args, **options):
        config = load_config(options["config"])
        sources, declarations = [], []
        for path in options["files"]:
            result = read_forms(path, format=options["format"])
            sources += [result.source] * len(result.declarations)
            declarations += result.declarations
        reports = review_batch(declarations, config=config)
        if options["json"]:
            data = [{"source": src, **r.to_dict()} for src, r in zip(sources, reports, strict=True)]
            self.stdout.write(json.dumps(data, ensure_ascii=False, indent=2))
            return
        for src, report in zip(sources, reports, strict=True):
            self.stdout.write(render(report, src))
        self.stdout.write(summary(reports))


def _department(report: Report) -> str:
    parts = [p for p in (report.department_code, report.department_name) if p]
    return "-".join(parts) or "未填主管部门"


def render(report: Report, source: str) -> str:
    """One declaration's review as readable Chinese text."""
    rules = all_rules()
    counts = "，".join(f"{SEVERITY_LABELS[s]} {n} 项" for s, n in report.counts.items())
    lines = [
        f"== {report.project_name}（{report.fiscal_year}年度，{_department(report)}）",
        f"   来源：{source}",
        f"   质量评分 {report.score} 分，质量等级 {report.grade}（{report.conclusion}）；{counts}",
    ]
    if not report.findings:
        lines.append("   未发现问题。")
    for f in report.findings:
        lines.append(
            f"   [{SEVERITY_LABELS[f.severity]}] {f.rule} {field_place(f.field)}：{f.message}"
        )
        if f.hint:
            lines.append(f"        改正：{f.hint}")
    if report.deductions:
        lines.append("   扣分明细：")
        per_rule = Counter()
        points = {}
        for d in report.deductions:
            per_rule[d.rule] += 1
            points[d.rule] = points.get(d.rule, 0) + d.points
        for rule_id, n in per_rule.items():
            rule = rules[rule_id]
            lines.append(f"     {points[rule_id]:>4}  {rule_id}「{rule.title}」× {n}")
        total = sum(points.values())
        lines.append(f"     合计 {total} 分，得分 {report.score} 分")
    return "\n".join(lines) + "\n"


def summary(reports: list[Report]) -> str:
    grades = Counter(r.grade for r in reports)
    by_grade = "，".join(f"{g} {n} 份" for g, n in grades.items())
    return f"共审核 {len(reports)} 份申报表：{by_grade}。"
