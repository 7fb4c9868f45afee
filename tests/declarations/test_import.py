"""Importing files: exact, idempotent, one transaction per file, with provenance."""

import copy
import json
from io import StringIO

import pytest
from django.core.management import call_command

from jixiao.accounts.models import Department, ImplementingUnit
from jixiao.core.errors import FormError
from jixiao.core.importers.base import read_bytes, read_forms
from jixiao.declarations.errors import WorkflowError
from jixiao.declarations.models import AuditEntry, Declaration, ImportRecord, Indicator, Status
from jixiao.declarations.services import declaration_import, import_plan
from tests.conftest import EXPECTED_JSON, TARGETS_TXT


def import_json(data, name="forms.json", user=None):
    payload = json.dumps(data, ensure_ascii=False).encode()
    return declaration_import(result=read_bytes(payload, name), user=user)


def database_state():
    return (
        Declaration.objects.count(),
        Indicator.objects.count(),
        Department.objects.count(),
        ImplementingUnit.objects.count(),
        ImportRecord.objects.count(),
        AuditEntry.objects.count(),
    )


@pytest.mark.django_db
def test_it_imports_the_eleven_forms_exactly(expected_data):
    outcome = declaration_import(result=read_forms(EXPECTED_JSON))
    assert len(outcome.created) == 11
    stored = Declaration.objects.with_related().order_by("id")
    assert [d.to_core().to_dict() for d in stored] == expected_data
    assert sorted(Department.objects.values_list("code", flat=True)) == [
        "204",
        "211",
        "403",
        "405",
        "601",
    ]
    assert ImplementingUnit.objects.get(name="长治市上党区人民医院").department.code == "211"


@pytest.mark.django_db
def test_it_imports_the_published_text_into_the_expected_records(expected_data):
    result = read_forms(TARGETS_TXT)
    declaration_import(result=result)
    stored = Declaration.objects.with_related().order_by("id")
    assert [d.to_core().to_dict() for d in stored] == expected_data
    record = ImportRecord.objects.get()
    assert (record.format, len(record.notes)) == ("text", len(result.notes))
    assert any(note["kind"] == "restored" for note in record.notes)


@pytest.mark.django_db
def test_it_records_where_the_forms_came_from(expected_data, filer):
    import_json(expected_data[:2], "住建局.json", user=filer)
    record = ImportRecord.objects.get()
    assert (record.file_name, record.format, record.imported_by) == ("住建局.json", "json", filer)
    assert len(record.sha256) == 64
    assert record.declarations.count() == 2
    assert record.created_count == 2
    entry = AuditEntry.objects.filter(action="import").first()
    assert entry.data["import_record"] == record.pk


@pytest.mark.django_db
def test_it_updates_and_never_duplicates_on_a_second_import(expected_data):
    import_json(expected_data)
    again = import_json(expected_data)
    assert (len(again.created), len(again.updated), len(again.unchanged)) == (0, 0, 11)
    assert Declaration.objects.count() == 11
    assert set(Declaration.objects.values_list("version", flat=True)) == {1}

    changed = copy.deepcopy(expected_data)
    changed[0]["overview"] = "重新报送的项目概况"
    third = import_json(changed)
    assert [d.project_name for d in third.updated] == ["保障性住房建设项目"]
    fresh = Declaration.objects.get(project_name="保障性住房建设项目")
    assert (fresh.overview, fresh.version) == ("重新报送的项目概况", 2)
    assert Declaration.objects.count() == 11
    assert ImportRecord.objects.count() == 3


@pytest.mark.django_db
def test_it_changes_nothing_when_one_form_of_a_file_is_bad(expected_data):
    import_json(expected_data[:1])
    before = database_state()
    bad = copy.deepcopy(expected_data)
    bad[0]["overview"] = "这次改了"
    bad[5]["phone"] = "1" * 60  # too long for its column: refused before anything is written
    with pytest.raises(FormError, match="联系电话"):
        import_json(bad)
    assert database_state() == before
    assert Declaration.objects.get(project_name="保障性住房建设项目").overview != "这次改了"


@pytest.mark.django_db
def test_it_refuses_the_same_form_twice_in_one_file(expected_data):
    with pytest.raises(FormError, match="出现了两次"):
        import_json([expected_data[0], expected_data[0]])
    assert not Declaration.objects.exists()


@pytest.mark.django_db
def test_it_leaves_a_submitted_form_alone_and_says_so(walk, draft, expected_data):
    walk(draft, Status.SUBMITTED)
    version = Declaration.objects.get(pk=draft.pk).version
    changed = draft.to_core().to_dict()
    changed["overview"] = "导入覆盖"
    outcome = import_json([changed, expected_data[1]])
    assert [d.pk for d in outcome.locked] == [draft.pk]
    assert len(outcome.created) == 1
    fresh = Declaration.objects.get(pk=draft.pk)
    assert (fresh.overview, fresh.version) == (draft.overview, version)
    assert "已已提交" not in outcome.record.notes[-1]["message"]
    assert "导入不覆盖" in outcome.record.notes[-1]["message"]


@pytest.mark.django_db
def test_it_imports_a_filers_own_forms_of_the_countys_file_and_skips_the_others(
    filer, expected_data
):
    outcome = import_json(expected_data, user=filer)
    own = {d["project_name"] for d in expected_data if d["department_code"] == "403"}
    assert {d.project_name for d in outcome.created} == own and len(own) == 6
    assert set(Declaration.objects.values_list("department__code", flat=True)) == {"403"}
    skipped = [n for n in outcome.record.notes if n["kind"] == "skipped"]
    assert len(outcome.skipped) == len(skipped) == 5
    assert {n["project_name"] for n in skipped} == {
        d["project_name"] for d in expected_data if d["department_code"] != "403"
    }
    assert all("只能导入本部门（403 " in n["message"] for n in skipped)
    assert "属于主管部门 405 " in next(n["message"] for n in skipped if "公路" in n["project_name"])


@pytest.mark.django_db
def test_it_does_not_let_another_departments_bad_form_stop_a_filers_import(filer, expected_data):
    forms = copy.deepcopy(expected_data)
    other = next(d for d in forms if d["department_code"] != "403")
    other["indicators"][0]["level1"] = "不存在的一级指标"
    assert len(import_json(forms, user=filer).created) == 6


@pytest.mark.django_db
def test_it_refuses_a_file_with_none_of_the_filers_forms(filer, expected_data):
    others = [d for d in expected_data if d["department_code"] != "403"]
    with pytest.raises(FormError, match="5 份申报表都不属于本部门"):
        import_json(others, user=filer)
    assert not Declaration.objects.exists() and not ImportRecord.objects.exists()


@pytest.mark.django_db
def test_it_lets_no_department_reviewer_import(dept_reviewer, expected_data):
    with pytest.raises(WorkflowError, match="只有经办人"):
        import_json(expected_data[:1], user=dept_reviewer)


@pytest.mark.django_db
def test_it_previews_without_writing(expected_data):
    import_json(expected_data[:1])
    changed = copy.deepcopy(expected_data[:2])
    changed[0]["basis"] = "新的立项依据"
    before = database_state()
    plan = import_plan(
        result=read_bytes(json.dumps(changed, ensure_ascii=False).encode(), "x.json")
    )
    assert [p.action for p in plan] == ["update", "create"]
    assert [c.path for c in plan[0].changes] == ["basis"]
    assert database_state() == before


# -- the console command -------------------------------------------------------------------


def run_import(*args):
    out, err = StringIO(), StringIO()
    try:
        call_command("import", *args, stdout=out, stderr=err)
    except SystemExit as exc:
        return exc.code, out.getvalue(), err.getvalue()
    return 0, out.getvalue(), err.getvalue()


@pytest.mark.django_db
def test_it_imports_from_the_command_line_twice_without_duplicates():
    code, out, _ = run_import(str(EXPECTED_JSON))
    assert code == 0
    assert "新建 11" in out
    code, out, _ = run_import(str(EXPECTED_JSON))
    assert (code, "未变 11" in out) == (0, True)
    assert Declaration.objects.count() == 11


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "文件为空"),
        (b'[{"schema": "declaration/1"', "不是有效的 JSON"),
        (b'[{"fiscal_year": 2023, "project_name": "\xff\xfe\x80"}]', "无法识别文件的编码"),
        (b'[{"fiscal_year": 2023}]', "project_name"),
    ],
)
def test_it_exits_2_with_one_line_on_a_bad_file(tmp_path, content, message):
    good = tmp_path / "good.json"
    good.write_bytes(EXPECTED_JSON.read_bytes())
    bad = tmp_path / "bad.json"
    bad.write_bytes(content)
    code, out, err = run_import(str(good), str(bad))
    assert code == 2
    assert err.count("\n") <= 1
    assert "bad.json" in err
    assert message in err
    assert "Traceback" not in err
    assert not Declaration.objects.exists()


@pytest.mark.django_db
def test_it_exits_2_on_a_text_cut_short_and_stores_nothing(tmp_path):
    text = TARGETS_TXT.read_text("utf-8")
    cut = tmp_path / "cut.txt"
    cut.write_text(text[: text.index("一级指标")], "utf-8")
    code, _, err = run_import(str(TARGETS_TXT), str(cut))
    assert code == 2, err
    assert cut.name in err and "Traceback" not in err
    assert not Declaration.objects.exists()


@pytest.mark.django_db
def test_it_imports_a_text_in_gbk_and_records_the_encoding_note(tmp_path):
    gbk = tmp_path / "gbk.txt"
    gbk.write_bytes(TARGETS_TXT.read_text("utf-8").encode("gbk"))
    code, out, err = run_import(str(gbk))
    assert code == 0, err
    assert "新建 11" in out
    record = ImportRecord.objects.get()
    assert {"kind": "encoding", "message": "文件按 GBK 编码读取，已转换为 UTF-8"}.items() <= (
        next(n for n in record.notes if n["kind"] == "encoding").items()
    )


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("binary.txt", bytes(range(256)) * 8),
        ("broken.pdf", b"%PDF-1.4 cut short"),
        ("broken.xlsx", b"PK\x03\x04 cut short"),
    ],
)
def test_it_exits_2_on_a_binary_or_broken_file(tmp_path, name, content):
    path = tmp_path / name
    path.write_bytes(content)
    code, _, err = run_import(str(path))
    assert code == 2
    assert name in err and err.count("\n") <= 1 and "Traceback" not in err
    assert not Declaration.objects.exists()


@pytest.mark.django_db
def test_it_exits_2_on_a_missing_file(tmp_path):
    code, _, err = run_import(str(tmp_path / "nowhere.txt"))
    assert (code, "文件不存在" in err) == (2, True)
