"""The declaration as the printed form (PDF): embedded font, and a text round trip."""

import re
import subprocess
from decimal import Decimal

import pytest

from jixiao.core.declaration import Indicator
from jixiao.core.errors import FormError
from jixiao.core.exporters.pdf import render_pdf
from jixiao.core.importers.base import read_bytes
from jixiao.core.importers.jixiao_layout import looks_like, read_layout_text


def pdftotext(data: bytes) -> str:
    done = subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=data, capture_output=True, check=True
    )
    return done.stdout.decode("utf-8")


@pytest.fixture(scope="module")
def all_forms_pdf(expected_declarations) -> bytes:
    return render_pdf(expected_declarations)


def test_it_embeds_the_cjk_font(all_forms_pdf, tmp_path):
    path = tmp_path / "forms.pdf"
    path.write_bytes(all_forms_pdf)
    listing = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True).stdout
    rows = [line.split() for line in listing.splitlines()[2:]]
    assert rows, listing
    for row in rows:
        assert "WenQuanYiMicroHei" in row[0], listing
        assert row[-5:-2] == ["yes", "yes", "yes"], listing  # emb sub uni


def test_it_prints_every_form_and_field(all_forms_pdf, expected_declarations):
    text = pdftotext(all_forms_pdf)
    assert looks_like(text)
    assert text.count("（2023年度）") == 11
    for decl in expected_declarations:
        assert decl.project_name in text.replace("\n", "")


def test_it_reads_its_own_pdf_text_back_into_the_same_declarations(
    all_forms_pdf, expected_declarations
):
    back, notes = read_layout_text(pdftotext(all_forms_pdf), "forms.pdf")
    assert notes == []
    assert len(back) == len(expected_declarations)
    for original, read in zip(expected_declarations, back, strict=True):
        assert read.to_dict() == original.to_dict(), original.project_name


def test_it_wraps_long_text_and_long_indicators_inside_their_cells(expected_declarations):
    decl = expected_declarations[4].model_copy(deep=True)
    decl.overview = "项目概况很长的说明，" * 60
    decl.goal_annual = "年度目标写得很长，" * 30
    decl.project_name = "一个名字很长很长的项目" * 8
    decl.funds.annual.other = Decimal("1234.56")
    decl.indicators = [
        *decl.indicators[:3],
        Indicator(
            period="implementation",
            level1="产出指标",
            level2="质量指标",
            name="一个很长很长的三级指标名称" * 4,
            value="≥95%，且每季度抽检不少于三次并形成书面报告",
        ),
        *decl.indicators[3:],
    ]
    back, _ = read_layout_text(pdftotext(render_pdf([decl])), "long.pdf")
    assert back[0].to_dict() == decl.to_dict()


def test_it_keeps_a_row_that_only_one_half_has(expected_declarations):
    decl = expected_declarations[0].model_copy(deep=True)
    decl.indicators = [i for i in decl.indicators if i.name != "总建筑面积" or i.period == "annual"]
    decl.indicators = [
        i for i in decl.indicators if i.name != "工程量完成率" or i.period != "annual"
    ]
    back, _ = read_layout_text(pdftotext(render_pdf([decl])), "half.pdf")
    assert back[0].indicators == decl.indicators


def test_it_refuses_text_that_is_not_our_form():
    with pytest.raises(FormError, match="不是本系统导出的申报表"):
        read_layout_text("随便一段文字\n", "other.txt")


def test_it_reads_our_pdf_through_the_importer_dispatch(all_forms_pdf, expected_declarations):
    result = read_bytes(all_forms_pdf, "forms.pdf")
    assert [d.to_dict() for d in result.declarations] == [
        d.to_dict() for d in expected_declarations
    ]


def test_it_names_the_form_and_line_of_text_that_only_resembles_our_layout(all_forms_pdf):
    text = re.sub(r"(项目期\s+)1年", r"\1一年", pdftotext(all_forms_pdf), count=1)
    with pytest.raises(FormError) as caught:
        read_layout_text(text, "edited.txt")
    assert "edited.txt" in str(caught.value) and "项目期" in str(caught.value)


def test_it_prints_and_reads_back_a_blank_draft():
    from jixiao.core.declaration import Declaration

    blank = Declaration(
        fiscal_year=2024, project_name="空白项目", title="某区项目支出绩效目标申报表"
    )
    back, _ = read_layout_text(pdftotext(render_pdf([blank])), "blank.pdf")
    assert back == [blank]


def test_it_reads_our_pdf_with_pdfplumber_where_poppler_is_missing(
    all_forms_pdf, expected_declarations, monkeypatch
):
    from jixiao.core.importers import pdf_worker

    # The extraction runs in a worker process, which finds pdftotext on the PATH it inherits.
    monkeypatch.setenv("PATH", "/nonexistent")
    assert pdf_worker._pdftotext_layout(all_forms_pdf, 100) is None
    result = read_bytes(all_forms_pdf, "forms.pdf")
    assert [d.to_dict() for d in result.declarations] == [
        d.to_dict() for d in expected_declarations
    ]
