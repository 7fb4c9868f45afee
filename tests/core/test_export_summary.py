"""Summary tables (汇总表) and the HTML print view."""

import io
from decimal import Decimal

from openpyxl import load_workbook

from jixiao.core.exporters.html import render_html
from jixiao.core.exporters.summary import SummaryItem, render_summary


def _sheet_rows(ws):
    return list(ws.iter_rows(values_only=True))


def _by_header(ws):
    """Each data row as {(group, sub): value}, from the two header rows under the filters."""
    rows = _sheet_rows(ws)
    groups, subs = [], []
    current = None
    for top, sub in zip(rows[1], rows[2], strict=True):
        current = top or current
        groups.append(current)
        subs.append(sub)
    keys = list(zip(groups, subs, strict=True))
    return [dict(zip(keys, row, strict=True)) for row in rows[3:]]


def test_it_sums_per_department_and_overall(expected_declarations):
    items = [
        SummaryItem(d, status="已公开", score=90 - i, grade="优" if i < 5 else "良")
        for i, d in enumerate(expected_declarations)
    ]
    wb = load_workbook(io.BytesIO(render_summary(items, filters={"年度": "2023"})))
    rows = _by_header(wb["按部门汇总"])
    total = rows[-1]
    assert total[("主管部门代码", None)] == "合计"
    assert total[("项目数", None)] == 11
    assert total[("项目属性", "一次性项目")] == 9
    assert total[("项目属性", "延续性项目")] == 2
    expected_annual = sum(d.funds.annual.total for d in expected_declarations)
    assert Decimal(str(total[("年度资金（元）", "资金总额")])) == expected_annual
    assert total[("指标数", "合计")] == sum(len(d.indicators) for d in expected_declarations)
    assert total[("质量等级（项目数）", "优")] == 5
    assert total[("状态（项目数）", "已公开")] == 11
    housing = next(r for r in rows if r[("主管部门代码", None)] == "403")
    assert housing[("项目数", None)] == sum(
        1 for d in expected_declarations if d.department_code == "403"
    )
    assert sum(r[("项目数", None)] for r in rows[:-1]) == 11


def test_it_lists_every_project_with_score_grade_and_status(expected_declarations):
    items = [SummaryItem(d, status="草稿", score=80, grade="良") for d in expected_declarations]
    wb = load_workbook(io.BytesIO(render_summary(items)))
    rows = _by_header(wb["项目明细"])
    assert len(rows) == 11
    first = rows[0]
    assert first[("项目名称", None)] == "保障性住房建设项目"
    assert first[("指标数（按一级指标）", "产出指标")] == 10
    assert first[("指标数（按二级指标）", "数量指标")] == 4
    assert (first[("质量评分", None)], first[("质量等级", None)], first[("状态", None)]) == (
        80,
        "良",
        "草稿",
    )


def test_it_has_no_formulas(expected_declarations):
    wb = load_workbook(io.BytesIO(render_summary([SummaryItem(d) for d in expected_declarations])))
    for ws in wb.worksheets:
        for row in ws.iter_rows(values_only=True):
            assert not any(isinstance(v, str) and v.startswith("=") for v in row)


def test_it_renders_the_print_view_with_every_part_of_the_form(expected_declarations):
    decl = expected_declarations[0]
    page = render_html([decl])
    assert "@page { size: A4 landscape" in page
    for text in (
        "（2023年度）",
        "403-长治市上党区住房和城乡建设局",
        "15,000,000",
        "改善低收入人群居住环境",
        "填报日期：2023-03-17 17:17:40",
    ):
        assert text in page
    assert "<script" not in render_html([decl.model_copy(update={"overview": "<script>x"})])
