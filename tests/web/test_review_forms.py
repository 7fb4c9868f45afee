"""The reviewer's side of the declaration page: a refused conclusion or return comes back
with what was typed, a resubmission shows what changed since the return, the two kinds of
优/良/中/差 are named apart, and a 良 shows its open follow-up."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from jixiao.declarations import services
from jixiao.declarations.models import Status
from tests.web.helpers import client_for, reload

ALL_PASS = {"dim-完整性": "1", "dim-相关性": "1", "dim-适当性": "1", "dim-可行性": "1"}


def conclude_form(page: str) -> str:
    return re.search(r'<form[^>]*id="conclude-form".*?</form>', page, re.S).group(0)


def checked(form: str) -> list[str]:
    return re.findall(r'value="(.)" required checked', form)


def selected(form: str, dimension: str) -> str:
    select = re.search(rf'<select name="dim-{dimension}".*?</select>', form, re.S).group(0)
    return re.search(r'<option value="(\d)" selected', select).group(1)


def rate_good(declaration, finance_reviewer):
    return services.declaration_finance_conclude(
        declaration=declaration,
        user=finance_reviewer,
        conclusion="良",
        dimensions=dict.fromkeys(("完整性", "相关性", "适当性", "可行性"), True),
        comment="年度目标补充建成套数",
    )


@pytest.mark.django_db
def test_it_keeps_an_excellent_conclusion_refused_for_a_failed_dimension(
    draft, finance_reviewer, walk
):
    walk(draft, Status.DEPT_APPROVED)
    response = client_for(finance_reviewer).post(
        reverse("web:declaration_conclude", args=[draft.pk]),
        {
            "conclusion": "优",
            **ALL_PASS,
            "dim-适当性": "0",
            "comment": "成本测算依据充分",
            "version": reload(draft).version,
        },
    )
    assert response.status_code == 400
    form = conclude_form(response.content.decode())
    assert checked(form) == ["优"]
    assert [selected(form, d) for d in ("完整性", "相关性", "适当性", "可行性")] == list("1101")
    assert ">成本测算依据充分</textarea>" in form
    # The message sits under the dimensions, not only atop the page.
    dims_end = form.index("</select></label></div>")
    error = form.index("结论为「优」时四个维度都应通过；未通过：适当性")
    assert dims_end < error < form.index('id="conclude-comment"')
    assert reload(draft).status == Status.DEPT_APPROVED


@pytest.mark.django_db
def test_it_keeps_a_good_conclusion_refused_without_the_fixes(draft, finance_reviewer, walk):
    walk(draft, Status.DEPT_APPROVED)
    response = client_for(finance_reviewer).post(
        reverse("web:declaration_conclude", args=[draft.pk]),
        {"conclusion": "良", **ALL_PASS, "dim-可行性": "0", "version": reload(draft).version},
    )
    assert response.status_code == 400
    form = conclude_form(response.content.decode())
    assert checked(form) == ["良"]
    assert selected(form, "可行性") == "0"
    comment_at = form.index('id="conclude-comment"')
    assert form.index("商定的整改要求必须填写意见") > comment_at
    assert reload(draft).finance_conclusion == ""


@pytest.mark.django_db
def test_it_keeps_a_return_refused_for_a_stale_page(draft, dept_reviewer, filer, walk):
    walk(draft, Status.SUBMITTED)
    stale = reload(draft).version - 1
    response = client_for(dept_reviewer).post(
        reverse("web:declaration_return", args=[draft.pk]),
        {"comment": "请补充建设地点", "field": "overview", "version": stale},
    )
    assert response.status_code == 400
    form = re.search(r'<form[^>]*id="return-form".*?</form>', response.content.decode(), re.S)
    assert ">请补充建设地点</textarea>" in form.group(0)
    assert '<option value="overview" selected>' in form.group(0)
    assert "已被他人修改" in form.group(0)
    assert reload(draft).status == Status.SUBMITTED


@pytest.mark.django_db
def test_it_reports_on_the_page_when_the_form_is_gone(draft, finance_reviewer, walk):
    walk(draft, Status.FINANCE_APPROVED)
    response = client_for(finance_reviewer).post(
        reverse("web:declaration_conclude", args=[draft.pk]),
        {"conclusion": "优", **ALL_PASS},
        follow=True,
    )
    assert "不能财政审核" in response.content.decode()


@pytest.mark.django_db
def test_it_shows_the_reviewer_what_changed_since_the_return(draft, filer, dept_reviewer, walk):
    walk(draft, Status.SUBMITTED)
    before = reload(draft).basis
    services.declaration_return(
        declaration=reload(draft), user=dept_reviewer, comment="请写明文件依据", field="basis"
    )
    record = reload(draft)
    data = record.to_core().model_copy(update={"basis": "依据上党区政府〔2023〕5号文件"})
    services.declaration_update(
        declaration=record, data=data, user=filer, expected_version=record.version
    )
    services.declaration_submit(declaration=reload(draft), user=filer)
    response = client_for(dept_reviewer).get(reverse("web:declaration_detail", args=[draft.pk]))
    page = response.content.decode()
    assert "自退回以来的修改（1 项）" in page
    (row,) = response.context["since_return"]["changes"]
    assert (row["label"], row["kind"], row["before"], row["after"]) == (
        "立项依据",
        "changed",
        before,
        "依据上党区政府〔2023〕5号文件",
    )
    assert "请写明文件依据" in page
    # The timeline's save and resubmission both carry the change.
    timeline = page[page.index('id="timeline"') :]
    assert timeline.count("修改 1 项：立项依据") == 2
    assert timeline.count("自退回以来修改 1 项：立项依据") == 1


@pytest.mark.django_db
def test_it_names_the_quality_grade_and_the_conclusion_apart(draft, finance_reviewer, walk):
    rate_good(walk(draft, Status.DEPT_APPROVED), finance_reviewer)
    fresh = reload(draft)
    page = client_for(finance_reviewer).get(reverse("web:declaration_detail", args=[draft.pk]))
    text = page.content.decode()
    head = text[
        text.index('<div class="sub">') : text.index("</div>", text.index('<div class="sub">'))
    ]
    assert f"质量评分 {fresh.review_score}（{fresh.review_grade}）" in head
    assert "审核结论 <strong>良</strong>" in head
    assert "批复版本 第 1 版" in head
    assert f"第 {fresh.version} 版" not in head.replace("批复版本 第 1 版", "")
    assert "待整改" in text and "年度目标补充建成套数" in text
    listing = client_for(finance_reviewer).get(reverse("web:declaration_list") + "?follow_up=open")
    assert [d.pk for d in listing.context["page"].object_list] == [draft.pk]
    listing_text = listing.content.decode()
    assert (
        "质量等级" in listing_text and "审核结论" in listing_text and "审核等级" not in listing_text
    )
    done = client_for(finance_reviewer).get(reverse("web:declaration_list") + "?follow_up=done")
    assert list(done.context["page"].object_list) == []


@pytest.mark.django_db
def test_it_closes_a_follow_up_from_the_page(draft, finance_reviewer, walk):
    rate_good(walk(draft, Status.DEPT_APPROVED), finance_reviewer)
    url = reverse("web:declaration_follow_up_close", args=[draft.pk])
    refused = client_for(finance_reviewer).post(url, {"comment": ""})
    assert refused.status_code == 400 and "关闭整改必须填写意见" in refused.content.decode()
    client_for(finance_reviewer).post(url, {"comment": "部门已书面补正"})
    assert reload(draft).follow_up == "done"


def test_it_marks_only_the_characters_an_edit_changed():
    from jixiao.web.changes import text_marks

    marks = text_marks("新建保障性住房100套。", "新建保障性住房120套，建设地点：韩店镇。")
    assert [t for t, changed in marks["before_parts"] if changed] == ["0"]
    assert [t for t, changed in marks["after_parts"] if changed] == ["2", "，建设地点：韩店镇"]
    assert "".join(t for t, _ in marks["after_parts"]) == "新建保障性住房120套，建设地点：韩店镇。"
    assert text_marks("全部资金落实到位", "新装LED路灯300盏") == {}  # replaced whole
