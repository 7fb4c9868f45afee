"""The self-evaluation and monitoring forms come out as PDF and Excel with the same layout."""

import io
import random
import re
from datetime import date
from decimal import Decimal as D

import openpyxl
import pdfplumber
import pytest

from jixiao.core.evaluation.forms import monitoring_sheet, self_evaluation_sheet
from jixiao.core.evaluation.forms_pdf import render_pdf
from jixiao.core.evaluation.forms_xlsx import render_xlsx
from jixiao.core.evaluation.monitoring import (
    Cause,
    IndicatorReport,
    MoneyReport,
    MonitoringReportInput,
    assess,
)
from jixiao.core.evaluation.scoring import IndicatorActual, SelfEvaluationInput, evaluate


@pytest.fixture
def parks(expected_declarations):
    (found,) = [d for d in expected_declarations if d.project_name.startswith("海子河游园")]
    return found


@pytest.fixture
def self_evaluation(parks):
    entered = {
        "改造公园数量": {"actual": "2个"},
        "工程完工率": {"actual": "90%", "deviation": "冬季停工；来年春季完成收尾"},
        "工程进度及时": {"grade": "partly", "proposed": D("13"), "deviation": "雨季延误；加派人手"},
        "改善美化公园环境，提": {"grade": "achieved"},
        "社会公众满意度": {"actual": "96%"},
    }
    items = [IndicatorActual(indicator=i, **entered[i.name]) for i in parks.indicators_of("annual")]
    data = SelfEvaluationInput(2023, D(17_000_000), D(16_150_000), items)
    return evaluate(data)


def test_it_writes_the_self_evaluation_form_as_pdf(parks, self_evaluation):
    sheet = self_evaluation_sheet(parks, self_evaluation, achievement="两座公园完成提档升级")
    with pdfplumber.open(io.BytesIO(render_pdf(sheet))) as pdf:
        text = "\n".join(page.extract_text() for page in pdf.pages)
    assert "项目支出绩效自评表" in text
    assert "海子河游园、黎都公园提档升级工程" in text
    assert "两座公园完成提档升级" in text
    # 16,150,000 ÷ 17,000,000 = 95% → 9.5; outputs 50 ÷ 3: 16.67 + 15 + 13; 30; 10
    # total 9.5 + 44.67 + 30 + 10 = 94.17 → 优
    assert "95.00%" in text
    assert "94.17" in text
    assert "自评等级：优" in text
    assert "评分说明" in text


def test_it_writes_the_self_evaluation_form_as_excel(parks, self_evaluation):
    sheet = self_evaluation_sheet(parks, self_evaluation)
    ws = openpyxl.load_workbook(io.BytesIO(render_xlsx(sheet))).active
    assert ws["A1"].value == "项目支出绩效自评表"
    assert ws["A2"].value == "（2023年度）"
    cells = {c.value: c.coordinate for row in ws.iter_rows() for c in row if c.value}
    assert ws.cell(3, 2).value == "海子河游园、黎都公园提档升级工程"
    # the indicator table: 工程完工率 90% of 100% → 16.67 × 0.9 = 15.00
    row = ws[cells["工程完工率"]].row
    assert [ws.cell(row, c).value for c in range(5, 10)] == [
        "100%", "90%", "16.67", "15.00", "冬季停工；来年春季完成收尾",
    ]  # fmt: skip
    assert ws.cell(ws[cells["总分"]].row, 8).value == "94.17"
    assert "A3:A3" not in {str(r) for r in ws.merged_cells.ranges}
    assert "B3:I3" in {str(r) for r in ws.merged_cells.ranges}


def test_it_writes_the_monitoring_form_with_its_lights(parks):
    indicators = parks.indicators_of("annual")
    progress = {
        "改造公园数量": ("0个", "2个", Cause("funding", "资金未到位", "加快拨付")),
        "工程完工率": ("40%", "100%", Cause()),
        "工程进度及时": ("及时", "及时", Cause()),
        "改善美化公园环境，提": ("", "改善", Cause()),
        "社会公众满意度": ("", "95%", Cause()),
    }
    report = MonitoringReportInput(
        fiscal_year=2023,
        cut_off=date(2023, 7, 31),
        money=MoneyReport(D(17_000_000), D(8_000_000), D(17_000_000)),
        indicators=[
            IndicatorReport(ind, progress[ind.name][0], progress[ind.name][1], "possible",
                            progress[ind.name][2])
            for ind in indicators
        ],
    )  # fmt: skip
    assessment = assess(report)
    sheet = monitoring_sheet(parks, report, assessment)
    with pdfplumber.open(io.BytesIO(render_pdf(sheet))) as pdf:
        text = "\n".join(page.extract_text() for page in pdf.pages)
    assert "项目支出绩效目标执行监控表" in text
    assert "数据截至2023年07月31日" in text
    # money 8 × 12 ÷ (17 × 7) = 0.81 → green; 0 of 2 parks → red
    assert "红灯" in text and "绿灯" in text
    assert "经费保障：资金未到位" in text
    ws = openpyxl.load_workbook(io.BytesIO(render_xlsx(sheet))).active
    lights = [c for row in ws.iter_rows() for c in row if c.value in ("红灯", "黄灯", "绿灯")]
    assert {c.value: c.fill.fgColor.rgb[-6:] for c in lights} == {
        "红灯": "FFC7CE",
        "绿灯": "C6EFCE",
    }


def monitoring_of(declaration, indicators):
    report = MonitoringReportInput(
        fiscal_year=2023,
        cut_off=date(2023, 7, 31),
        money=MoneyReport(D(17_000_000), D(8_000_000), D(17_000_000)),
        indicators=[
            IndicatorReport(
                ind, "50%", "100%", "possible", Cause("funding", "资金未到位", "加快拨付")
            )
            for ind in indicators
        ],
    )
    return monitoring_sheet(declaration, report, assess(report))


def rules(page) -> list[int]:
    """Where the page's vertical rules stand: the table's column edges."""
    return sorted({round(e["x0"]) for e in page.edges if e["orientation"] == "v"})


def column_text(page, index: int, span: int = 1, columns: list[int] | None = None) -> str:
    """The characters between the ``index``-th column edge and the ``span``-th after it,
    in reading order."""
    columns = columns or rules(page)
    left, right = columns[index], columns[index + span]
    # The page footer (below the table) stands across the columns: leave it out.
    chars = [c for c in page.chars if left < c["x0"] < right and c["bottom"] < page.height - 30]
    chars.sort(key=lambda c: (round(c["top"]), c["x0"]))
    return "".join(c["text"] for c in chars)


def test_it_keeps_long_indicator_names_inside_their_column_in_the_monitoring_form(parks):
    # Closing punctuation at a line's end (after a space especially) used to hang past the
    # cell into the next column: names of many shapes, from a fixed seed.
    alphabet = "项目资金绩效指标完成率满意度（）《》、，。；：“”%.-≥≤abcWXYZ0123456789    "
    shapes = random.Random(1)
    names = [
        "".join(shapes.choice(alphabet) for _ in range(shapes.randint(20, 120))).strip()
        for _ in range(30)
    ]
    template = parks.indicators_of("annual")[0]
    indicators = [template.model_copy(update={"name": n, "value": n[:40]}) for n in names]
    with pdfplumber.open(io.BytesIO(render_pdf(monitoring_of(parks, indicators)))) as pdf:
        for page in pdf.pages:
            columns = rules(page)
            (header,) = page.search("三级指标")
            for left, right in zip(columns[2:4], columns[3:5], strict=True):
                cell = [
                    c for c in page.chars if left < c["x0"] < right and c["top"] > header["bottom"]
                ]
                assert cell and all(c["x1"] <= right for c in cell)
        text = re.sub(r"\s", "", "".join(column_text(page, 2) for page in pdf.pages))
    assert re.sub(r"\s", "", "".join(names)) in text.replace("三级指标", "")


def test_it_continues_a_long_monitoring_form_with_its_header_and_page_total(parks):
    template = parks.indicators_of("annual")[0]
    indicators = [
        template.model_copy(update={"name": f"第{i}项指标" + "很长的名称" * 20}) for i in range(60)
    ]
    sheet = monitoring_of(parks, indicators)
    with pdfplumber.open(io.BytesIO(render_pdf(sheet))) as pdf:
        pages = [page.extract_text() for page in pdf.pages]
        names = "".join(column_text(page, 2) for page in pdf.pages)
    assert len(pages) > 3
    for number, text in enumerate(pages, start=1):
        assert f"第 {number} 页 共 {len(pages)} 页" in text
        assert "一级指标" in text and "二级指标" in text  # the header row, on every page
    assert "".join(ind.name for ind in indicators) in names.replace("三级指标", "")


def test_it_prints_a_self_evaluation_with_a_text_longer_than_a_page(parks, self_evaluation):
    achievement = "两座公园完成提档升级，" * 800
    sheet = self_evaluation_sheet(parks, self_evaluation, achievement=achievement)
    with pdfplumber.open(io.BytesIO(render_pdf(sheet))) as pdf:
        assert len(pdf.pages) > 2
        # 实际完成情况 is the right half of the goal rows, from the sixth column to the end.
        columns = rules(pdf.pages[-1])  # the indicator rows: every column
        text = "".join(column_text(page, 5, span=4, columns=columns) for page in pdf.pages)
    assert achievement in text
