"""Damaged copies of the shared text: the reader returns forms or a FormError, nothing else."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jixiao.core.errors import FormError
from jixiao.core.importers.text import read_text_bytes
from tests.conftest import TARGETS_TXT

LINES = TARGETS_TXT.read_text("utf-8").split("\n")
NOISE = st.text(
    alphabet="项目名称资金指标 0123456789,.%≥：:（）()-\t　服务对象满意度指标数量", max_size=30
)


@st.composite
def damaged(draw) -> bytes:
    lines = list(LINES[: draw(st.integers(1, len(LINES)))])
    for _ in range(draw(st.integers(0, 6))):
        at = draw(st.integers(0, len(lines) - 1))
        action = draw(st.sampled_from(["delete", "duplicate", "replace", "insert"]))
        if action == "delete":
            del lines[at : at + draw(st.integers(1, 20))]
        elif action == "duplicate":
            lines.insert(at, lines[at])
        elif action == "replace":
            lines[at] = draw(NOISE)
        else:
            lines.insert(at, draw(NOISE))
        if not lines:
            lines = [""]
    data = "\n".join(lines).encode()
    return data[: draw(st.integers(0, len(data)))] if draw(st.booleans()) else data


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(damaged())
def test_it_reads_a_damaged_file_or_says_in_one_line_why_not(data):
    try:
        declarations, _ = read_text_bytes(data, "damaged.txt")
    except FormError as exc:
        assert "\n" not in str(exc)
        assert str(exc).startswith("文件 damaged.txt")
    else:
        assert declarations
