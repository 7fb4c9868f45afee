"""The self-evaluation and monitoring forms come out as PDF and Excel with the same layout."""

import io
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
