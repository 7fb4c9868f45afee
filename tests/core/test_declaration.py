import json
from decimal import Decimal

import pytest

from jixiao.core import declaration as decl
from jixiao.core.errors import FormError


def test_it_round_trips_the_eleven_expected_forms(expected_data):
    declarations = decl.loads(json.dumps(expected_data, ensure_ascii=False))
    assert len(declarations) == 11
    assert json.loads(decl.dumps(declarations)) == expected_data


def test_it_keeps_the_spec_key_order(expected_declarations, expected_data):
    assert list(expected_declarations[0].to_dict()) == list(expected_data[0])


def test_it_reads_money_as_decimal_in_yuan(expected_declarations):
    funds = expected_declarations[4].funds
    assert funds.implementation.total == Decimal("78459000")
    assert isinstance(funds.annual.local, Decimal)
    assert funds.annual.other is None


def test_it_writes_fractional_amounts_exactly():
    d = decl.Declaration(fiscal_year=2023, project_name="x")
    d.funds.annual.total = Decimal("1234.56")
    again = decl.loads(decl.dumps([d]))[0]
    assert again.funds.annual.total == Decimal("1234.56")


def test_it_names_the_field_of_a_bad_object():
    with pytest.raises(FormError) as err:
        decl.loads(
            '{"schema": "declaration/1", "fiscal_year": "二〇二三", "project_name": "x"}',
            source="a.json",
        )
    assert "fiscal_year" in str(err.value) and "a.json" in str(err.value)


def test_it_refuses_unknown_keys():
    with pytest.raises(FormError, match="格式之外"):
        decl.loads('{"fiscal_year": 2023, "project_name": "x", "colour": "red"}')


def test_it_reports_bad_json_with_its_line():
    with pytest.raises(FormError, match="第 2 行"):
        decl.loads("[\n{,]", source="b.json")
