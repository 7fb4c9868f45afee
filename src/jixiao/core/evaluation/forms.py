"""The printed forms, laid out once as a grid of cells and rendered to PDF and Excel.

- 项目支出绩效自评表 (财预〔2020〕10号, annex): project, department and unit; the year's budget,
  execution, rate and score; the annual goal and what was achieved; the indicator table with
  level1 / level2 / name, target, actual, weight, score and deviation analysis; total and grade;
- 绩效监控表 (财预〔2019〕136号, annex): the money block and the indicator table with achieved
  to date, expected year-end value, likelihood, warning, cause and measure.

A ``Sheet`` is a list of rows of ``Cell`` s with column and row spans; ``forms_pdf`` and
``forms_xlsx`` draw the same sheet, so both outputs keep one layout.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from jixiao.core.declaration import Declaration
from jixiao.core.evaluation.common import money, pct, r2
from jixiao.core.evaluation.config import GRADE_LABELS
from jixiao.core.evaluation.monitoring import (
    CAUSES,
    LIGHT_LABELS,
    LIKELIHOODS,
    Assessment,
    MonitoringReportInput,
)
from jixiao.core.evaluation.scoring import SelfEvaluationResult


@dataclass(frozen=True)
class Cell:
    text: str
    col: int
    span: int = 1  # columns
    rows: int = 1  # rows, downwards from this one
    kind: str = "value"  # label (bold, centred), value, number (right-aligned)
    fill: str | None = None  # background colour (hex RGB), for a warning light


LIGHT_FILLS = {"green": "C6EFCE", "yellow": "FFEB9C", "red": "FFC7CE"}


def _light(light: str, col: int, span: int = 1) -> Cell:
    return Cell(LIGHT_LABELS[light], col, span, fill=LIGHT_FILLS[light])


@dataclass
class Sheet:
    name: str  # the Excel sheet's name
    title: str
    subtitle: str
    widths: list[float]  # relative column widths
    rows: list[list[Cell]] = field(default_factory=list)
    notes_title: str = ""
    notes: list[str] = field(default_factory=list)
    signature: str = ""
    # The indicator table's header row: the PDF prints it again on every page the table
    # continues onto.
    header_row: int | None = None

    @property
    def columns(self) -> int:
        return len(self.widths)


def _label(text: str, col: int, span: int = 1, rows: int = 1) -> Cell:
    return Cell(text, col, span, rows, "label")


def _department(declaration: Declaration) -> str:
    code, name = declaration.department_code, declaration.department_name or ""
    return f"{code}-{name}" if code else name


def self_evaluation_sheet(
    declaration: Declaration, result: SelfEvaluationResult, *, achievement: str = ""
) -> Sheet:
    """项目支出绩效自评表 for one declaration's year."""
    sheet = Sheet(
        name="绩效自评表",
        title="项目支出绩效自评表",
        subtitle=f"（{declaration.fiscal_year}年度）",
        widths=[14, 14, 18, 26, 18, 18, 10, 10, 32],
        notes_title="评分说明",
        notes=result.lines,
    )
    rate = pct(result.execution_rate) if result.execution_rate is not None else "—"
    rows = sheet.rows
    rows.append([_label("项目名称", 0), Cell(declaration.project_name, 1, 8)])
    rows.append([
        _label("主管部门", 0), Cell(_department(declaration), 1, 3),
        _label("实施单位", 4), Cell(declaration.implementing_unit or "", 5, 4),
    ])  # fmt: skip
    rows.append([
        _label("项目资金（元）", 0, rows=2), _label("", 1), _label("全年预算数", 2, 2),
        _label("全年执行数", 4), _label("分值", 5), _label("执行率", 6), _label("得分", 7, 2),
    ])  # fmt: skip
    rows.append([
        _label("年度资金总额", 1), Cell(money(result.budget), 2, 2, kind="number"),
        Cell(money(result.executed), 4, kind="number"),
        Cell(str(r2(result.budget_weight)), 5, kind="number"), Cell(rate, 6, kind="number"),
        Cell(str(r2(result.budget_score)), 7, 2, kind="number"),
    ])  # fmt: skip
    rows.append([
        _label("年度总体目标", 0, rows=2), _label("预期目标", 1, 4), _label("实际完成情况", 5, 4),
    ])  # fmt: skip
    rows.append([Cell(declaration.goal_annual or "", 1, 4), Cell(achievement, 5, 4)])
    head = ["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分"]
    sheet.header_row = len(rows)
    rows.append(
        [_label("绩效指标", 0, rows=len(result.indicators) + 1)]
        + [_label(text, i + 1) for i, text in enumerate(head)]
        + [_label("偏差原因分析及改进措施", 8)]
    )
    for s in result.indicators:
        ind = s.item.indicator
        rows.append([
            Cell(ind.level1, 1), Cell(ind.level2, 2), Cell(ind.name, 3), Cell(ind.value, 4),
            Cell(s.item.actual or _grade_text(s), 5), Cell(str(r2(s.weight)), 6, kind="number"),
            Cell(str(r2(s.score)), 7, kind="number"), Cell(s.item.deviation, 8),
        ])  # fmt: skip
    rows.append([
        _label("总分", 0, 6), Cell("100", 6, kind="number"),
        Cell(str(r2(result.total)), 7, kind="number"), Cell(f"自评等级：{result.grade}", 8),
    ])  # fmt: skip
    return sheet


def _grade_text(score) -> str:
    return GRADE_LABELS.get(score.item.grade or "", "")


def monitoring_sheet(
    declaration: Declaration, report: MonitoringReportInput, assessment: Assessment
) -> Sheet:
    """绩效监控表 (项目支出绩效目标执行监控表) for one declaration in one round."""
    cut = f"{report.cut_off.month}月{report.cut_off.day}日"
    sheet = Sheet(
        name="绩效监控表",
        title="项目支出绩效目标执行监控表",
        subtitle=f"（{report.fiscal_year}年度，数据截至{report.cut_off:%Y年%m月%d日}）",
        widths=[13, 15, 24, 16, 16, 16, 14, 10, 22, 26],
    )
    m = report.money
    rows = sheet.rows
    rows.append([_label("项目名称", 0, 2), Cell(declaration.project_name, 2, 8)])
    rows.append([
        _label("主管部门", 0, 2), Cell(_department(declaration), 2, 4),
        _label("实施单位", 6), Cell(declaration.implementing_unit or "", 7, 3),
    ])  # fmt: skip
    rows.append([
        _label("项目资金（元）", 0, 2, rows=2), _label("年度预算数", 2), _label(f"截至{cut}执行数", 3),
        _label("执行率", 4), _label("全年预计执行数", 5), _label("预计执行率", 6),
        _label("预警", 7), _label("偏差原因及改进措施", 8, 2),
    ])  # fmt: skip
    has_budget = m.budget > 0
    rows.append([
        Cell(money(m.budget), 2, kind="number"), Cell(money(m.executed), 3, kind="number"),
        Cell(pct(m.executed / m.budget) if has_budget else "—", 4, kind="number"),
        Cell(money(m.expected) if m.expected is not None else "", 5, kind="number"),
        Cell(pct(m.expected / m.budget) if has_budget and m.expected is not None else "—", 6,
             kind="number"),
        _light(assessment.money.light, 7) if assessment.money else Cell("", 7),
        Cell(_cause_text(m.deviation), 8, 2),
    ])  # fmt: skip
    rows.append([_label("年度总体目标", 0, 2), Cell(declaration.goal_annual or "", 2, 8)])
    head = ["一级指标", "二级指标", "三级指标", "年度指标值", f"截至{cut}完成值",
            "全年预计完成值", "完成目标可能性", "预警", "偏差原因", "改进措施"]  # fmt: skip
    sheet.header_row = len(rows)
    rows.append([_label(text, i) for i, text in enumerate(head)])
    for item, assessed in zip(report.indicators, assessment.indicators, strict=True):
        ind = item.indicator
        cause = item.deviation
        reason = CAUSES.get(cause.cause or "", "")
        if cause.explanation:
            reason = f"{reason}：{cause.explanation}" if reason else cause.explanation
        rows.append([
            Cell(ind.level1, 0), Cell(ind.level2, 1), Cell(ind.name, 2), Cell(ind.value, 3),
            Cell(item.achieved, 4), Cell(item.expected, 5),
            Cell(LIKELIHOODS.get(item.likelihood or "", ""), 6),
            _light(assessed.light, 7), Cell(reason, 8), Cell(cause.measure, 9),
        ])  # fmt: skip
    rows.append([
        _label("总体预警", 0, 2), _light(assessment.light, 2),
        Cell("\n".join(assessment.reasons) or "各项进度正常。", 3, 7),
    ])  # fmt: skip
    return sheet


def _cause_text(cause) -> str:
    parts = [CAUSES.get(cause.cause or "", ""), cause.explanation, cause.measure]
    return "；".join(p for p in parts if p)
