"""Every declaration the app accepts prints: fields at their limits, long level groups, texts
longer than a page.  Nothing is cut (every character of every field is in the PDF's text),
headers repeat on continued pages, and the text still reads back through the layout importer.

The limits are the columns' (``declarations/models.py``): names 300, department and unit 200,
the property label, the signatures 100, the phone 50, level labels 50, indicator name and value
300.  The texts have no limit there; 5,000 characters stand for "very long" here and one case
prints 20,000.
"""

import logging
import re
import subprocess
from collections import Counter
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from jixiao.core.declaration import (
    GOAL_FIELDS,
    PROJECT_TYPE_LABELS,
    TEXT_FIELDS,
    Declaration,
    FundBreakdown,
    Funds,
    Indicator,
)
from jixiao.core.exporters import booklet, pdf
from jixiao.core.exporters.layout import department_text, printed_order
from jixiao.core.framework import get_framework
from jixiao.core.importers.jixiao_layout import read_layout_text
from jixiao.declarations.models import Declaration as DeclarationModel
from jixiao.declarations.models import Indicator as IndicatorModel

TEXT_LIMIT = 5_000
PER_GROUP = 60
LIMITS = {
    name: DeclarationModel._meta.get_field(name).max_length
    for name in (
        "title",
        "project_name",
        "department_name",
        "implementing_unit_name",
        "project_type_label",
        "responsible_person",
        "handler",
        "phone",
    )
} | {f"indicator.{n}": IndicatorModel._meta.get_field(n).max_length for n in ("name", "value")}
LEVEL_LIMIT = IndicatorModel._meta.get_field("level2").max_length

# Data characters: Chinese, Latin, digits, the punctuation that line breaking treats apart.
ALPHABET = (
    "项目资金绩效指标完成率满意度道路维修养护居民工程（）《》、，。；：“”%.-≥≤abcWXYZ0123456789"
)


def pdftotext(data: bytes) -> str:
    done = subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=data, capture_output=True, check=True
    )
    return done.stdout.decode("utf-8")


def text_fields(decl: Declaration) -> list[str]:
    values = [
        decl.title,
        decl.project_name,
        decl.department_name,
        decl.implementing_unit,
        decl.project_type_label,
        *(getattr(decl, f) for f in (*TEXT_FIELDS, *GOAL_FIELDS)),
        decl.responsible_person,
        decl.handler,
        decl.phone,
    ]
    values += [t for ind in decl.indicators for t in (ind.name, ind.value)]
    # A level label is printed once for all the rows it spans.
    values += {ind.level1 for ind in decl.indicators} | {ind.level2 for ind in decl.indicators}
    return [v for v in values if v]


def assert_nothing_cut(decl: Declaration, text: str) -> None:
    """Every character of every field is in the extracted text, as often as the fields have it.

    Labels and repeated level labels only add characters; a cell cut at a page edge or a row
    lost at a page break would miss some.
    """
    printed = Counter(re.sub(r"\s", "", text))
    wanted = Counter(re.sub(r"\s", "", "".join(text_fields(decl))))
    missing = wanted - printed
    assert not missing, f"missing from the PDF: {dict(missing)}"


def assert_pages_numbered(text: str, *, unnumbered: int = 0) -> None:
    """Every page after the first ``unnumbered`` (a cover) says 第 N 页 共 M 页, rightly."""
    pages = text.split("\f")[:-1]
    footers = [re.search(r"第\s*(\d+)\s*页\s*共\s*(\d+)\s*页", p) for p in pages[unnumbered:]]
    assert all(footers), "a page without its footer"
    assert [(int(m[1]), int(m[2])) for m in footers] == [
        (i, len(pages)) for i in range(unnumbered + 1, len(pages) + 1)
    ]


def long_text(n: int, seed: str = "项目概况的说明，含数字123与字母ABC。") -> str:
    return (seed * (n // len(seed) + 1))[:n]


def words(min_size: int, max_size: int):
    return st.text(alphabet=ALPHABET, min_size=min_size, max_size=max_size)


@st.composite
def declarations(draw, *, labels_from_framework: bool = True):
    """Declarations up to every limit; a few level groups with up to 60 indicators each."""
    framework = get_framework(draw(st.sampled_from(["seed", "2021"])))
    groups = [(l1, l2) for l1, l2s in framework.levels.items() for l2 in l2s]
    if not labels_from_framework:
        groups.append((draw(words(1, LEVEL_LIMIT)), draw(words(1, LEVEL_LIMIT))))
    big = set(draw(st.lists(st.sampled_from(groups), max_size=2)))
    name_limit, value_limit = LIMITS["indicator.name"], LIMITS["indicator.value"]
    indicators = []
    for period in ("implementation", "annual"):
        for level1, level2 in groups:
            most = PER_GROUP if (level1, level2) in big else 2
            for _ in range(draw(st.integers(0, most))):
                indicators.append(
                    Indicator(
                        period=period,
                        level1=level1,
                        level2=level2,
                        name=draw(words(1, name_limit)),
                        value=draw(words(1, value_limit)),
                    )
                )
    amounts = st.none() | st.decimals(0, Decimal(10) ** 16 - 1, places=2).map(Decimal.normalize)
    half = st.builds(FundBreakdown, total=amounts, central=amounts, other=amounts)
    project_type = draw(st.sampled_from(sorted(PROJECT_TYPE_LABELS)))
    texts = {f: draw(st.none() | words(1, TEXT_LIMIT)) for f in (*TEXT_FIELDS, *GOAL_FIELDS)}
    decl = Declaration(
        title=draw(words(1, LIMITS["title"])),
        fiscal_year=draw(st.integers(2000, 2100)),
        project_name=draw(words(1, LIMITS["project_name"])),
        department_code="403",
        department_name=draw(words(1, LIMITS["department_name"])),
        implementing_unit=draw(st.none() | words(1, LIMITS["implementing_unit_name"])),
        project_type=project_type,
        project_type_label=PROJECT_TYPE_LABELS[project_type],
        period_years=draw(st.none() | st.integers(1, 20)),
        funds=Funds(implementation=draw(half), annual=draw(half)),
        indicators=indicators,
        responsible_person=draw(st.none() | words(1, LIMITS["responsible_person"])),
        handler=draw(st.none() | words(1, LIMITS["handler"])),
        phone=draw(st.none() | st.text("0123456789-/", min_size=1, max_size=LIMITS["phone"])),
        **texts,
    )
    return decl.model_copy(update={"indicators": printed_order(decl)})


# Each example prints up to ~50 pages: a few examples, no shrinking (the example is printed).
BOUNDED = settings(
    max_examples=6,
    deadline=None,
    phases=[Phase.explicit, Phase.reuse, Phase.generate],
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


@BOUNDED
@given(declarations())
def test_it_prints_and_reads_back_any_declaration_up_to_the_limits(decl):
    text = pdftotext(pdf.render_pdf([decl]))
    assert_nothing_cut(decl, text)
    assert_pages_numbered(text)
    back, _ = read_layout_text(text, "generated.pdf")
    assert [d.to_dict() for d in back] == [decl.to_dict()]


@BOUNDED
@given(declarations(labels_from_framework=False))
def test_it_prints_level_labels_of_any_length(decl):
    # A level label longer than its column wraps; the layout importer reads labels on one
    # line only, so this checks the print alone.
    text = pdftotext(pdf.render_pdf([decl]))
    assert_nothing_cut(decl, text)
    assert_pages_numbered(text)


def worst_case(**update) -> Declaration:
    """Every field at its limit, 60 indicators of 300 characters in each half of one group."""
    fields = {
        "title": LIMITS["title"],
        "project_name": LIMITS["project_name"],
        "department_name": LIMITS["department_name"],
        "implementing_unit": LIMITS["implementing_unit_name"],
        "responsible_person": LIMITS["responsible_person"],
        "handler": LIMITS["handler"],
    }
    decl = Declaration(
        fiscal_year=2024,
        department_code="403",
        project_type="continuing",
        project_type_label="延续性项目（阶段开展）",
        phone=long_text(LIMITS["phone"], "0355-8551234/"),
        # 15 digits: SQLite keeps decimals as floats and cannot read 16 back.
        funds=Funds(
            implementation=FundBreakdown(total=Decimal("9999999999999.99")),
            annual=FundBreakdown(local=Decimal("1234567890123.45")),
        ),
        indicators=[
            Indicator(
                period=period,
                level1="产出指标",
                level2="数量指标",
                name=f"{i}号" + long_text(LIMITS["indicator.name"] - 4, "指标名称（含说明）"),
                value=long_text(LIMITS["indicator.value"], "≥95%，按季度考核，"),
            )
            for period in ("implementation", "annual")
            for i in range(PER_GROUP)
        ],
        **{key: long_text(limit, "名称很长的") for key, limit in fields.items()},
        **{f: long_text(TEXT_LIMIT) for f in (*TEXT_FIELDS, *GOAL_FIELDS)},
    )
    return decl.model_copy(update=update)


def test_it_prints_sixty_indicators_of_one_group_with_every_field_at_its_limit():
    decl = worst_case()
    text = pdftotext(pdf.render_pdf([decl]))
    assert_nothing_cut(decl, text)
    assert_pages_numbered(text)
    back, _ = read_layout_text(text, "worst.pdf")
    assert back[0].to_dict() == decl.to_dict()
    # The group continues over several pages: each starts with the header rows and the level
    # labels of the group it continues.
    pages = [p for p in text.split("\f") if "号指标名称" in p]
    assert len(pages) > 5
    for page in pages:
        lines = [line.split() for line in page.splitlines() if line.strip()]
        assert lines[0] == ["绩效指标"]
        assert ["一级指标", "实施期绩效指标", "年度绩效指标"] in lines
        assert any(line[:2] == ["产出指标", "数量指标"] for line in lines)


def test_it_prints_level_labels_at_their_limit_wrapped_in_their_column():
    decl = worst_case()
    level1, level2 = long_text(LEVEL_LIMIT, "一级"), long_text(LEVEL_LIMIT, "二级指标")
    decl.indicators = [
        i.model_copy(update={"level1": level1, "level2": level2}) for i in decl.indicators
    ]
    assert_nothing_cut(decl, pdftotext(pdf.render_pdf([decl])))


def test_it_continues_a_text_over_several_pages_without_losing_a_character():
    decl = worst_case(overview=long_text(20_000), indicators=[])
    data = pdf.render_pdf([decl])
    text = pdftotext(data)
    assert_nothing_cut(decl, text)
    back, _ = read_layout_text(text, "long.pdf")
    assert back[0].overview == decl.overview


def test_it_prints_the_page_total_on_every_page(expected_declarations):
    assert_pages_numbered(pdftotext(pdf.render_pdf(expected_declarations)))


def test_it_prints_every_form_of_a_booklet_with_long_forms(expected_declarations):
    forms = [expected_declarations[0], worst_case(), expected_declarations[1]]
    text = pdftotext(booklet.render_booklet(forms, year=2024))
    assert_pages_numbered(text, unnumbered=1)  # the cover
    for decl in (expected_declarations[0], expected_declarations[1]):
        assert decl.project_name in text
    assert "未能打印" not in text


def test_it_prints_a_notice_for_a_form_that_cannot_be_printed_and_the_rest(
    expected_declarations, monkeypatch, caplog
):
    broken = expected_declarations[3]
    story = pdf.form_story

    def form_story(decl):
        if decl.project_name == broken.project_name:
            raise ValueError("layout failure")
        return story(decl)

    monkeypatch.setattr(pdf, "form_story", form_story)
    with caplog.at_level(logging.ERROR, logger="jixiao.core.exporters.pdf"):
        data = booklet.render_booklet(expected_declarations, year=2023)
    text = pdftotext(data)
    flat = re.sub(r"\s", "", text)
    who = department_text(broken)
    assert f"2023年度项目「{broken.project_name}」（主管部门：{who}）的申报表未能打印" in flat
    assert "共 11 个项目" in text
    others = [d for d in expected_declarations if d is not broken]
    back, _ = read_layout_text(text, "booklet.pdf")
    assert [d.project_name for d in back] == [d.project_name for d in others]
    assert [r.getMessage() for r in caplog.records] == [
        f"申报表无法打印：{broken.project_name}（{who}，2023年度）"
    ]
    assert caplog.records[0].exc_info is not None


def test_it_gives_the_single_form_pdf_the_same_notice(expected_declarations, monkeypatch):
    def form_story(decl):
        raise ValueError("layout failure")

    monkeypatch.setattr(pdf, "form_story", form_story)
    text = re.sub(r"\s", "", pdftotext(pdf.render_pdf(expected_declarations[:1])))
    assert "未能打印" in text and expected_declarations[0].project_name in text


@pytest.mark.parametrize("n", [15, 30])
def test_it_prints_the_reported_case_of_many_indicators_under_one_level2(expected_declarations, n):
    # The break found by the outside test: 15 indicators under one 二级指标 failed the writer.
    decl = expected_declarations[0].model_copy(deep=True)
    decl.indicators = printed_order(
        decl.model_copy(
            update={
                "indicators": [
                    Indicator(
                        period=p, level1="产出指标", level2="数量指标", name=f"指标{i}", value="1个"
                    )
                    for p in ("implementation", "annual")
                    for i in range(n)
                ]
            }
        )
    )
    text = pdftotext(pdf.render_pdf([decl]))
    back, _ = read_layout_text(text, "many.pdf")
    assert back[0].to_dict() == decl.to_dict()


@pytest.mark.django_db
def test_it_serves_a_published_worst_case_form_and_the_booklet_holding_it(filer):
    from django.test import Client
    from django.urls import reverse

    from tests.factories import make_declaration

    decl = worst_case(department_name="长治市上党区住房和城乡建设局")
    record = make_declaration(decl.to_dict(), user=filer, status="published")
    anonymous = Client()
    response = anonymous.get(reverse("exports:booklet_pdf"), {"year": 2024})
    assert response.status_code == 200
    text = pdftotext(response.content)
    assert "共 1 个项目" in text and "未能打印" not in text
    assert re.sub(r"\s", "", decl.project_name) in re.sub(r"\s", "", text)
    mine = Client()
    mine.force_login(filer)
    response = mine.get(reverse("exports:declaration_pdf", args=[record.pk]))
    assert response.status_code == 200
    assert_nothing_cut(decl, pdftotext(response.content))
