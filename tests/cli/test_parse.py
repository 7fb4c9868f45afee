"""`jixiao parse`: the JSON on stdout and nothing else; bad files → one line, status 2."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from tests.conftest import EXPECTED_JSON, TARGETS_TXT


def jixiao(*args: str, cwd=None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "jixiao.manage", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        env={"PATH": "/usr/bin:/bin", "DATABASE_URL": "postgres://nobody@127.0.0.1:1/none"},
        timeout=120,
    )


def test_it_prints_exactly_the_expected_json_and_nothing_else():
    run = jixiao("parse", str(TARGETS_TXT))
    assert run.returncode == 0, run.stderr
    assert run.stderr == ""
    assert json.loads(run.stdout) == json.loads(EXPECTED_JSON.read_text("utf-8"))


def test_it_prints_the_notes_to_stderr_only_when_asked(tmp_path):
    run = jixiao("parse", "--notes", "--format", "text", str(TARGETS_TXT))
    assert run.returncode == 0
    assert json.loads(run.stdout) == json.loads(EXPECTED_JSON.read_text("utf-8"))
    lines = run.stderr.splitlines()
    assert f"{TARGETS_TXT}:88: [恢复截断] 年度指标名称「改善低收入人群居」被截断" in run.stderr
    assert all(line.startswith(f"{TARGETS_TXT}:") for line in lines)


def test_it_reads_several_files_of_several_formats_into_one_list(tmp_path):
    as_json = tmp_path / "forms.json"
    as_json.write_text(json.dumps(json.loads(EXPECTED_JSON.read_text("utf-8"))[:2]), "utf-8")
    run = jixiao("parse", str(TARGETS_TXT), str(as_json))
    assert run.returncode == 0, run.stderr
    got = json.loads(run.stdout)
    assert len(got) == 13
    assert got[11:] == got[:2]


BAD = {
    "empty": (b"", "文件为空"),
    "binary": (b"\x7fELF\x02\x01\x01\x00\x00\x00" * 20, "二进制"),
    "no-encoding": ("项目名称 保障性住房建设项目\n".encode() + b"\xff\xfe\x80" * 20, "编码"),
    "truncated": (TARGETS_TXT.read_bytes()[:2000], "截断"),
}


@pytest.mark.parametrize(("data", "says"), BAD.values(), ids=BAD.keys())
def test_it_refuses_a_bad_file_with_one_line_and_status_2(tmp_path, data, says):
    path = tmp_path / "bad.txt"
    path.write_bytes(data)
    run = jixiao("parse", str(TARGETS_TXT), str(path))
    assert run.returncode == 2
    assert run.stdout == ""  # nothing of the good file either
    assert run.stderr.count("\n") == 1
    assert str(path) in run.stderr and "第 " in run.stderr and says in run.stderr
    assert "Traceback" not in run.stderr


def test_it_reads_a_gbk_file_and_says_so_in_a_note(tmp_path):
    path = tmp_path / "gbk.txt"
    path.write_bytes(TARGETS_TXT.read_text("utf-8").encode("gbk"))
    run = jixiao("parse", "--notes", str(path))
    assert run.returncode == 0, run.stderr
    assert json.loads(run.stdout) == json.loads(EXPECTED_JSON.read_text("utf-8"))
    assert f"{path}: [文件编码] 文件按 GBK 编码读取，已转换为 UTF-8" in run.stderr.splitlines()


def test_it_refuses_a_missing_file():
    run = jixiao("parse", "/nonexistent/forms.txt")
    assert run.returncode == 2
    assert run.stderr.strip() == "错误：文件 /nonexistent/forms.txt：文件不存在"


HOSTILE = {
    "xlsx-dimension": ("bomb.xlsx", "工作表「Sheet1」有 1,048,576 行，超过上限 2,000 行"),
    "deep-json": ("deep.json", "嵌套过深"),
    "huge-amount": ("amount.json", "位数或指数过大"),
}


@pytest.mark.parametrize(("name", "says"), HOSTILE.values(), ids=HOSTILE.keys())
def test_it_refuses_a_hostile_file_with_one_line_and_status_2(tmp_path, name, says):
    from tests.importers.inputs import xlsx_dimension_bomb

    content = {
        "bomb.xlsx": xlsx_dimension_bomb,
        "deep.json": lambda: b"[" * 100_000,
        "amount.json": lambda: (
            b'[{"fiscal_year": 2023, "project_name": "x", "funds": '
            b'{"annual": {"total": ' + b"9" * 100_000 + b"}}}]"
        ),
    }[name]()
    path = tmp_path / name
    path.write_bytes(content)
    run = jixiao("parse", str(path))
    assert (run.returncode, run.stdout) == (2, "")
    assert run.stderr.count("\n") == 1 and "Traceback" not in run.stderr
    assert run.stderr.startswith(f"错误：文件 {path}") and says in run.stderr


def test_it_refuses_an_amount_beyond_sixteen_digits_before_dumping_it(tmp_path):
    text = TARGETS_TXT.read_text("utf-8").replace("15,000,000 年度", "9" * 1500 + " 年度", 1)
    path = tmp_path / "forms.txt"
    path.write_text(text, "utf-8")
    run = jixiao("parse", str(path))
    assert run.returncode == 2 and "Traceback" not in run.stderr
    assert "实施期「实施期资金总额」的金额有 1,500 位整数，超出范围（最多 16 位整数）" in run.stderr
