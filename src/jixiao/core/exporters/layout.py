"""The printed form's layout, independent of the output format.

The PDF, the Excel sheet, the HTML print view and the layout importer all follow it: the same
labels, the same row order, the same amounts and dates as printed.  Keeping them here makes
"what the form prints" one decision.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from jixiao.core.declaration import (
    FUND_LABELS,
    FUND_SOURCES,
    PROJECT_TYPE_LABELS,
    Declaration,
    Indicator,
    Period,
)
from jixiao.core.framework import Framework, frameworks, get_framework

DEFAULT_TITLE = "项目支出绩效目标申报表"
# The page footer of every PDF page we write; the layout importer recognises our text by it.
MARKER = "绩效目标管理系统导出"

HEADER_LABELS = {
    "project_name": "项目名称",
    "department": "主管部门及代码",
    "implementing_unit": "实施单位",
    "project_type": "项目属性",
    "period_years": "项目期",
}
# Above the table, where the department stamps the printed form.
STAMP_LABEL = "填报单位（盖章）："
FUNDS_LABEL = "项目资金（元）"
HALF_TOTAL_LABELS = {"implementation": "实施期资金总额：", "annual": "年度资金总额："}
SOURCE_PREFIX = "其中："
TEXT_LABELS = {
    "overview": "项目概况",
    "basis": "立项依据",
    "necessity": "项目设立必要性",
    "safeguards": "保证项目实施的制度、措施",
    "plan": "项目实施计划",
}
GOALS_LABEL = "总体目标"
GOAL_LABELS = {"goal_implementation": "实施期目标", "goal_annual": "年度目标"}
INDICATORS_LABEL = "绩效指标"
HALF_LABELS = {"implementation": "实施期绩效指标", "annual": "年度绩效指标"}
INDICATOR_HEADERS = ("一级指标", "二级指标", "三级指标", "指标值")
FOOTER_LABELS = {
    "responsible_person": "负责人：",
    "handler": "经办人：",
    "phone": "联系电话：",
    "filled_at": "填报日期：",
}
DATE_FORMAT = "%Y-%m-%d %H:%M:%S"


def source_label(source: str) -> str:
    """The printed label of a fund row: the first carries 其中：."""
    label = FUND_LABELS[source]
    return SOURCE_PREFIX + label if source == FUND_SOURCES[0] else label


def title_of(decl: Declaration) -> str:
    return decl.title or DEFAULT_TITLE


def year_line(year: int) -> str:
    return f"（{year}年度）"


def department_text(decl: Declaration) -> str:
    code, name = decl.department_code or "", decl.department_name or ""
    return f"{code}-{name}" if code else name


_DEPARTMENT = re.compile(r"^([0-9A-Za-z.]+)-(.*)$")


def split_department(text: str) -> tuple[str | None, str | None]:
    match = _DEPARTMENT.match(text)
    if match:
        return match.group(1), match.group(2) or None
    return None, text or None


def project_type_text(decl: Declaration) -> str:
    if decl.project_type_label:
        return decl.project_type_label
    return PROJECT_TYPE_LABELS.get(decl.project_type or "", "")


def project_type_of(label: str) -> str | None:
    if label.startswith("一次性"):
        return "one_off"
    if label.startswith("延续性"):
        return "continuing"
    return None


def period_text(years: int | None) -> str:
    return f"{years}年" if years is not None else ""


def amount_text(value: Decimal | None) -> str:
    """An amount as printed: thousands separators, every printed decimal kept."""
    if value is None:
        return ""
    sign, digits = ("-", -value) if value < 0 else ("", value)
    whole, _, frac = f"{digits:f}".partition(".")
    grouped = f"{int(whole):,}"
    return f"{sign}{grouped}.{frac}" if frac else f"{sign}{grouped}"


def parse_amount(text: str) -> Decimal | None:
    text = text.replace(",", "").replace("，", "").strip()
    return Decimal(text) if text else None


def date_text(value: datetime | None) -> str:
    return value.strftime(DATE_FORMAT) if value else ""


def parse_date(text: str) -> datetime | None:
    text = text.strip()
    return datetime.strptime(text, DATE_FORMAT) if text else None


# -- the indicator table ------------------------------------------------------------------


@dataclass
class IndicatorRow:
    """One printed row: the level labels (set on the first row of their span) and each half."""

    level1: str
    level2: str
    first_of_level1: bool
    first_of_level2: bool
    level1_span: int
    level2_span: int
    implementation: Indicator | None
    annual: Indicator | None

    def half(self, period: Period) -> Indicator | None:
        return getattr(self, period)


def framework_for(decl: Declaration) -> Framework:
    """The framework every indicator of the declaration fits, else the default."""
    pairs = {(ind.level1, ind.level2) for ind in decl.indicators}
    for fw in frameworks().values():
        if all(fw.level1_of(l2) == l1 for l1, l2 in pairs):
            return fw
    return get_framework()


def indicator_rows(decl: Declaration) -> list[IndicatorRow]:
    """The table as printed: every level2 of the framework (empty ones too, like the
    published form), then any level outside it in order of appearance; halves side by side."""
    groups: dict[str, dict[str, dict[str, list[Indicator]]]] = {}
    for level1, level2s in framework_for(decl).levels.items():
        groups[level1] = {l2: {"implementation": [], "annual": []} for l2 in level2s}
    for ind in decl.indicators:
        group = groups.setdefault(ind.level1, {})
        group.setdefault(ind.level2, {"implementation": [], "annual": []})[ind.period].append(ind)
    rows: list[IndicatorRow] = []
    for level1, level2s in groups.items():
        spans = {
            l2: max(len(h["implementation"]), len(h["annual"]), 1) for l2, h in level2s.items()
        }
        level1_span = sum(spans.values())
        for j, (level2, halves) in enumerate(level2s.items()):
            for i in range(spans[level2]):
                impl, annual = halves["implementation"], halves["annual"]
                rows.append(
                    IndicatorRow(
                        level1=level1,
                        level2=level2,
                        first_of_level1=j == 0 and i == 0,
                        first_of_level2=i == 0,
                        level1_span=level1_span,
                        level2_span=spans[level2],
                        implementation=impl[i] if i < len(impl) else None,
                        annual=annual[i] if i < len(annual) else None,
                    )
                )
    return rows


def printed_order(decl: Declaration) -> list[Indicator]:
    """The indicators in the order the printed table gives them back: implementation first."""
    rows = indicator_rows(decl)
    return [row.half(p) for p in ("implementation", "annual") for row in rows if row.half(p)]
