"""`jixiao review FILE... [--json] [--config PATH]` on the shared forms, no database."""

import json
import subprocess
import sys
from io import StringIO

import pytest
from django.core.management import call_command

from tests.conftest import EXPECTED_JSON


def run(*args: str) -> str:
    out = StringIO()
    call_command("review", *args, stdout=out)
    return out.getvalue()


def test_it_prints_each_declaration_as_json(expected_data):
    reports = json.loads(run(str(EXPECTED_JSON), "--json"))
    assert [r["project_name"] for r in reports] == [d["project_name"] for d in expected_data]
    first = reports[0]
    assert {"project_name", "score", "grade", "findings", "deductions"} <= set(first)
    assert set(first["findings"][0]) == {"rule", "severity", "field", "message", "hint"}
    assert first["score"] == 100 + sum(d["points"] for d in first["deductions"])


def test_it_prints_findings_score_and_deductions_in_chinese():
    text = run(str(EXPECTED_JSON))
    assert (
        "== 海子河游园、黎都公园提档升级工程（2023年度，403-长治市上党区住房和城乡建设局）" in text
    )
    assert "一次性项目的年度资金总额 17,000,000 元 与实施期资金总额 18,000,000 元 不一致" in text
    assert "扣分明细：" in text
    assert "共审核 11 份申报表" in text


def test_it_runs_cross_declaration_rules_over_all_files_together(tmp_path, expected_data):
    # The same form in two files is one project declared twice.
    first, second = tmp_path / "a.json", tmp_path / "b.json"
    first.write_text(json.dumps(expected_data[:2], ensure_ascii=False), "utf-8")
    second.write_text(json.dumps(expected_data[1:3], ensure_ascii=False), "utf-8")
    reports = json.loads(run(str(first), str(second), "--json"))
    duplicated = [
        (r["source"], r["project_name"])
        for r in reports
        if any(f["rule"] == "PROJECT-DUPLICATE" for f in r["findings"])
    ]
    assert duplicated == [
        (str(first), "背街小巷整治及雨污分流改造工程"),
        (str(second), "背街小巷整治及雨污分流改造工程"),
    ]


def test_it_reads_a_config_that_switches_rules_off(tmp_path):
    config = tmp_path / "review.toml"
    config.write_text('disabled = ["FIELD-MISSING"]\n[score.deductions]\nerror = 20\n', "utf-8")
    reports = json.loads(run(str(EXPECTED_JSON), "--json", "--config", str(config)))
    rules = {f["rule"] for r in reports for f in r["findings"]}
    assert "FIELD-MISSING" not in rules
    assert reports[0]["deductions"][0]["points"] == -20


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["missing.json"], "错误：文件 missing.json：文件不存在"),
        ([str(EXPECTED_JSON), "--config", "missing.toml"], "错误：配置文件 missing.toml 不存在"),
    ],
)
def test_it_reports_a_bad_file_in_one_line_with_status_2(args, message):
    result = subprocess.run(
        [sys.executable, "-m", "jixiao.manage", "review", *args],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 2
    assert result.stderr.strip() == message
    assert "Traceback" not in result.stderr
