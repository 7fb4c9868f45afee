"""The filing form shows every refusal at its field, in Chinese, and keeps what was typed.

Over-long values used to be refused with 「未保存：请按标红处修改后再保存」 and nothing marked (联系电话,
负责人, 经办人 were rendered without their errors), 实施单位 spoke English to an English browser,
and no input carried ``maxlength``.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from django.urls import reverse

from jixiao.web.forms import DeclarationForm
from jixiao.web.indicator_rows import MAX_LENGTHS
from tests.web.helpers import client_for, form_post, reload

pytestmark = pytest.mark.django_db

# The form's bounded text fields and their labels.
BOUNDED = {
    name: (field.label, field.max_length)
    for name, field in DeclarationForm.base_fields.items()
    if getattr(field, "max_length", None)
}
# Input types a person types free text into: each must say how much it takes.
TYPED = {"text", "tel", "search", "email", "url"}


class Inputs(HTMLParser):
    """Every <input> of a page, as its attributes."""

    def __init__(self, html: str):
        super().__init__()
        self.inputs: list[dict] = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        if tag == "input":
            self.inputs.append(dict(attrs))


def cell_of(html: str, name: str) -> str:
    """The table cell (or block) that holds the input ``name``."""
    at = html.index(f'name="{name}"')
    start = max(html.rfind("<td", 0, at), html.rfind('<div class="field', 0, at))
    end = html.index("</td>", at) if "<td" in html[start : start + 3] else html.index("</div>", at)
    return html[start:end]


def test_it_declares_the_bounded_fields_with_the_stored_lengths():
    assert BOUNDED == {
        "title": ("标题", 300),
        "project_name": ("项目名称", 300),
        "implementing_unit": ("实施单位", 200),
        "responsible_person": ("负责人", 100),
        "handler": ("经办人", 100),
        "phone": ("联系电话", 50),
    }


def test_it_marks_every_over_long_field_and_keeps_what_was_typed(filer, draft, expected_data):
    typed = {name: "长" * (limit + 1) for name, (_, limit) in BOUNDED.items()}
    before = reload(draft)
    post = form_post(draft.to_core().to_dict(), version=draft.version) | typed
    url = reverse("web:declaration_edit", args=[draft.pk])
    response = client_for(filer).post(url, post, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    html = response.content.decode()
    assert "未保存：请按标红处修改后再保存" in html
    for name, (label, limit) in BOUNDED.items():
        message = f"{label}最多 {limit} 个字，现有 {limit + 1} 个"
        cell = cell_of(html, name)
        # The message sits in the field's own error element, beside the input, marked red.
        assert re.search(
            rf'<ul class="errorlist" id="id_{name}_error"><li>{message}</li></ul>', cell
        )
        assert "has-error" in cell
        assert f'aria-describedby="id_{name}_error"' in cell
        assert f'value="{typed[name]}"' in cell
    assert "Ensure this value" not in html
    after = reload(draft)
    assert (after.version, after.project_name, after.phone) == (
        before.version,
        before.project_name,
        before.phone,
    )


def test_it_answers_an_english_browser_in_chinese_too(filer, draft):
    post = form_post(draft.to_core().to_dict(), version=draft.version)
    post |= {"implementing_unit": "单" * 201, "fiscal_year": "二〇二三", "funds_annual_total": "x"}
    response = client_for(filer).post(
        reverse("web:declaration_edit", args=[draft.pk]), post, HTTP_ACCEPT_LANGUAGE="en-US,en"
    )
    html = response.content.decode()
    assert "实施单位最多 200 个字，现有 201 个" in html
    assert "年度应为整数" in html
    assert "请填写金额（元）" in html
    assert not re.search(r"Ensure|Enter a|This field", html)


def test_it_marks_an_over_long_indicator_cell_in_its_own_cell(filer, draft):
    data = draft.to_core().to_dict()
    post = form_post(data, version=draft.version)
    names = list(post["ind-implementation-name"])
    values = list(post["ind-implementation-value"])
    names[0] = "名" * (MAX_LENGTHS["name"] + 1)
    values[1] = "值" * (MAX_LENGTHS["value"] + 1)
    post["ind-implementation-name"], post["ind-implementation-value"] = names, values
    response = client_for(filer).post(reverse("web:declaration_edit", args=[draft.pk]), post)
    html = response.content.decode()
    name_cell = cell_of(html, "ind-implementation-name")  # the first row's
    assert "实施期第 1 行：三级指标名称最多 300 个字，现有 301 个" in name_cell
    assert names[0] in name_cell and "has-error" in name_cell
    second_row = html[html.index(f'value="{values[1]}"') - 600 :]
    value_cell = cell_of(second_row, "ind-implementation-value")
    assert "实施期第 2 行：指标值最多 300 个字，现有 301 个" in value_cell
    assert reload(draft).version == draft.version


@pytest.mark.parametrize("page", ["create", "edit"])
def test_it_puts_maxlength_on_every_input_that_takes_typed_text(filer, draft, page):
    url = (
        reverse("web:declaration_create")
        if page == "create"
        else reverse("web:declaration_edit", args=[draft.pk])
    )
    inputs = Inputs(client_for(filer).get(url).content.decode()).inputs
    typed = [i for i in inputs if i.get("type", "text") in TYPED]
    assert len(typed) > 20
    assert [i["name"] for i in typed if not i.get("maxlength")] == []
    lengths = {i["name"]: int(i["maxlength"]) for i in typed}
    for name, (_, limit) in BOUNDED.items():
        assert lengths[name] == limit
    assert lengths["ind-implementation-name"] == MAX_LENGTHS["name"]
    assert lengths["ind-annual-value"] == MAX_LENGTHS["value"]


def test_it_puts_maxlength_on_every_typed_input_of_every_page(
    client, filer, finance_reviewer, admin_user, walk, expected_data
):
    """Every page of the resolver, signed out and as each role: no input that takes typed
    text is unbounded (the monitoring report and self-evaluation pages included)."""
    from datetime import date

    from jixiao.declarations.models import Status
    from jixiao.monitoring.services import monitoring_round_open
    from tests.factories import clean_form, make_declaration
    from tests.web.test_every_url import ALL_URLS
    from tests.web.test_query_params import url_of

    published = walk(make_declaration(clean_form(expected_data), user=filer), Status.PUBLISHED)
    round_ = monitoring_round_open(
        user=finance_reviewer, fiscal_year=2023, cut_off=date(2023, 7, 31)
    )
    world = {"declaration": published, "round": round_}
    unbounded = set()
    pages = 0
    for user in (None, filer, finance_reviewer, admin_user):
        client.logout()
        if user is not None:
            client.force_login(user)
        for name, kwargs in ALL_URLS:
            response = client.get(url_of(name, kwargs, world))
            if response.status_code != 200 or "text/html" not in response["Content-Type"]:
                continue
            pages += 1
            for tag in Inputs(response.content.decode()).inputs:
                if tag.get("type", "text") in TYPED and not tag.get("maxlength"):
                    unbounded.add((name, tag.get("name")))
    assert pages > 30
    assert unbounded == set()
