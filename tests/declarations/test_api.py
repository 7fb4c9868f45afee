"""The JSON API from the outside: what each role sees, one error shape, CSRF enforced."""

import json

import pytest
from django.middleware.csrf import _get_new_csrf_string
from django.test import Client

from jixiao.declarations.models import Declaration, Status
from tests.factories import PASSWORD, clean_form, make_declaration

LIST = "/api/declarations/"
IMPORT = "/api/declarations/import/"


def detail(declaration):
    return f"/api/declarations/{declaration.pk}/"


def client_for(user=None, *, csrf=True):
    """A browser that enforces CSRF like the real one; ``csrf`` sends the token."""
    client = Client(enforce_csrf_checks=True)
    if user is not None:
        assert client.login(username=user.username, password=PASSWORD)
    if csrf:
        secret = _get_new_csrf_string()
        client.cookies["csrftoken"] = secret
        client.defaults["HTTP_X_CSRFTOKEN"] = secret
    return client


def post_json(client, url, payload):
    return client.post(
        url, json.dumps(payload, ensure_ascii=False), content_type="application/json"
    )


@pytest.fixture
def published(walk, expected_data, filer):
    return walk(make_declaration(clean_form(expected_data, 1), user=filer), Status.PUBLISHED)


@pytest.mark.django_db
def test_it_shows_the_public_only_published_forms_with_the_phone_masked(draft, published):
    response = client_for().get(LIST)
    assert response.status_code == 200
    body = response.json()
    assert [d["id"] for d in body["declarations"]] == [published.pk]
    shown = body["declarations"][0]["declaration"]
    assert shown["phone"] == "130****1399"
    assert shown["handler"] is None
    assert shown["project_name"] == published.project_name
    assert body["declarations"][0]["status"] == "published"


@pytest.mark.django_db
def test_it_masks_a_landline_the_way_every_public_output_does(walk, expected_data, filer):
    form = clean_form(expected_data, 1)
    form["phone"] = "0355-8087565"
    walk(make_declaration(form, user=filer), Status.PUBLISHED)
    shown = client_for().get(LIST).json()["declarations"][0]["declaration"]
    # One definition (jixiao.core.disclosure.mask_phone): area code and last four kept.
    assert shown["phone"] == "0355-***7565"


@pytest.mark.django_db
def test_it_shows_a_filer_their_department_in_full(filer, draft, published, outsider_draft):
    body = client_for(filer).get(LIST).json()
    assert {d["id"] for d in body["declarations"]} == {draft.pk, published.pk}
    mine = next(d for d in body["declarations"] if d["id"] == draft.pk)
    assert mine["declaration"]["phone"] == "18003452232"
    assert mine["version"] == 1
    assert set(mine["review"]) == {"score", "grade", "errors", "warnings", "hints"}


@pytest.mark.django_db
def test_it_gives_the_interchange_format_in_detail(filer, draft):
    body = client_for(filer).get(detail(draft)).json()
    assert body["declaration"] == Declaration.objects.get(pk=draft.pk).to_core().to_dict()
    assert body["declaration"]["schema"] == "declaration/1"
    assert "findings" in body["review"]


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["anonymous", "outsider", "outsider_reviewer"])
def test_it_answers_404_for_another_departments_draft(request, draft, who):
    user = None if who == "anonymous" else request.getfixturevalue(who)
    client = client_for(user)
    response = client.get(detail(draft))
    assert response.status_code == 404
    assert set(response.json()) == {"error"}
    data = draft.to_core().to_dict()
    response = post_json(client, detail(draft), {"version": 1, "declaration": data})
    assert response.status_code == 404
    assert "error" in response.json()


@pytest.mark.django_db
def test_it_refuses_a_write_without_the_csrf_token(filer, draft):
    data = draft.to_core().to_dict()
    data["overview"] = "伪造的请求"
    response = post_json(
        client_for(filer, csrf=False), detail(draft), {"version": 1, "declaration": data}
    )
    assert response.status_code == 403
    assert "CSRF" in response.json()["error"]
    assert Declaration.objects.get(pk=draft.pk).overview != "伪造的请求"


@pytest.mark.django_db
def test_it_saves_an_edit_and_refuses_a_replay_of_the_old_version(filer, draft):
    client = client_for(filer)
    data = draft.to_core().to_dict()
    data["overview"] = "新建保障性住房 120 套"
    response = post_json(client, detail(draft), {"version": 1, "declaration": data})
    assert response.status_code == 200
    assert response.json()["version"] == 2
    data["overview"] = "重放的旧版本"
    replay = post_json(client, detail(draft), {"version": 1, "declaration": data})
    assert replay.status_code == 409
    assert "已被他人修改" in replay.json()["error"]
    assert replay.json()["theirs"]["overview"] == "新建保障性住房 120 套"
    assert Declaration.objects.get(pk=draft.pk).overview == "新建保障性住房 120 套"


@pytest.mark.django_db
def test_it_validates_the_body_against_the_schema(filer, draft):
    client = client_for(filer)
    response = post_json(client, detail(draft), {"version": 1, "declaration": {"fiscal_year": "x"}})
    assert response.status_code == 400
    assert "fiscal_year" in response.json()["error"]
    response = post_json(client, detail(draft), {"declaration": draft.to_core().to_dict()})
    assert (response.status_code, "version" in response.json()["error"]) == (400, True)
    assert Declaration.objects.get(pk=draft.pk).version == 1


@pytest.mark.django_db
def test_it_imports_a_departments_forms_once(filer, dept_reviewer, expected_data):
    own = [d for d in expected_data if d["department_code"] == "403"]
    response = post_json(client_for(filer), IMPORT, own)
    assert response.status_code == 201
    assert len(response.json()["created"]) == 6
    again = post_json(client_for(filer), IMPORT, own)
    assert (again.status_code, len(again.json()["unchanged"])) == (200, 6)
    assert post_json(client_for(dept_reviewer), IMPORT, own).status_code == 403
    assert post_json(client_for(), IMPORT, own).status_code == 401
    county = post_json(client_for(filer), IMPORT, expected_data)
    assert (county.status_code, len(county.json()["unchanged"])) == (200, 6)
    skipped = county.json()["skipped"]
    assert len(skipped) == 5 and {s["department_code"] for s in skipped} == {
        "204",
        "211",
        "405",
        "601",
    }
    assert all("只能导入本部门" in s["reason"] for s in skipped)
    others = [d for d in expected_data if d["department_code"] != "403"]
    refused = post_json(client_for(filer), IMPORT, others)
    assert refused.status_code == 400
    assert "都不属于本部门" in refused.json()["error"]
    assert Declaration.objects.count() == 6


@pytest.mark.django_db
def test_it_lists_in_a_constant_number_of_queries(
    filer, expected_data, django_assert_max_num_queries
):
    client = client_for(filer)
    make_declaration(clean_form(expected_data, 0), user=filer)
    with django_assert_max_num_queries(10) as few:
        client.get(LIST)
    for index in (1, 6, 7, 8, 9):
        make_declaration(clean_form(expected_data, index), user=filer)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert len(client.get(LIST).json()["declarations"]) == 6


@pytest.mark.django_db
def test_it_answers_405_in_json(filer):
    response = client_for(filer).delete(LIST)
    assert (response.status_code, "error" in response.json()) == (405, True)


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["anonymous", "outsider", "outsider_reviewer"])
def test_it_gives_outsiders_the_published_form_and_nothing_internal(request, published, who):
    user = None if who == "anonymous" else request.getfixturevalue(who)
    for body in (
        client_for(user).get(detail(published)).json(),
        client_for(user).get(LIST).json()["declarations"][0],
    ):
        assert set(body) == {"id", "status", "declaration"}
        assert body["declaration"]["phone"] == "130****1399"
        assert body["declaration"]["handler"] is None


@pytest.mark.django_db
def test_it_gives_no_outsider_a_revision_under_way(published, filer, outsider):
    from jixiao.declarations import services

    revision = services.declaration_revise(declaration=published, user=filer)
    assert client_for(outsider).get(detail(revision)).status_code == 404
    assert client_for().get(detail(revision)).status_code == 404
    listed = client_for().get(LIST).json()["declarations"]
    assert [d["id"] for d in listed] == [published.pk]
