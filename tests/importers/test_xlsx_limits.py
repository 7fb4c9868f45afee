"""The Excel reader's checks of the package before it reads: found by the fuzz runs."""

from __future__ import annotations

import pytest

from jixiao.core.errors import FormError
from jixiao.core.importers.base import read_bytes
from tests.importers.inputs import of_format


def test_it_refuses_a_zip_of_a_version_it_cannot_extract():
    # `make fuzz` found this one: zipfile raises NotImplementedError("zip file version 20.1").
    _, data = of_format("one.xlsx")[0]
    at = data.index(b"PK\x01\x02") + 6  # "version needed to extract" of the first member
    damaged = data[:at] + (201).to_bytes(2, "little") + data[at + 2 :]
    with pytest.raises(FormError) as info:
        read_bytes(damaged, "one.xlsx")
    assert str(info.value) == "文件 one.xlsx：不是有效的 Excel 工作簿（NotImplementedError）"


def test_it_reads_the_project_s_own_workbook_within_the_limits(expected_data):
    _, data = of_format("forms.xlsx")[0]
    assert [d.to_dict() for d in read_bytes(data, "forms.xlsx").declarations] == expected_data[:3]
