"""The bridge between the database and the domain core's declaration/1 model.

``declaration_to_core`` reads a record into ``jixiao.core.declaration.Declaration``;
``declaration_fields`` and ``indicator_rows`` turn a core declaration into model field values.
Writing them (with the lock, the review and the audit) is the services' job.

An empty text cell is ``None`` in the core and ``""`` in the database; times are naive
Asia/Shanghai in the core and aware in the database.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.utils import timezone

from jixiao.core import declaration as core
from jixiao.core.declaration import FUND_SOURCES, PERIODS
from jixiao.core.errors import FormError
from jixiao.core.values import parse_value
from jixiao.declarations.models import (
    TEXT_FIELD_NAMES,
    Declaration,
    Indicator,
    fund_field,
)

SHANGHAI = ZoneInfo("Asia/Shanghai")

# Core key → model field, where they differ.
_TEXT_KEYS = {"implementing_unit": "implementing_unit_name"}


def _core_key(field_name: str) -> str:
    for key, name in _TEXT_KEYS.items():
        if name == field_name:
            return key
    return field_name


def declaration_to_core(record: Declaration) -> core.Declaration:
    data = {
        "schema": core.SCHEMA,
        "fiscal_year": record.fiscal_year,
        "project_name": record.project_name,
        "department_code": record.department.code,
        "project_type": record.project_type or None,
        "period_years": record.period_years,
        "funds": {period: record.funds_half(period) for period in PERIODS},
        "indicators": [
            {
                "period": ind.period,
                "level1": ind.level1,
                "level2": ind.level2,
                "name": ind.name,
                "value": ind.value,
            }
            for ind in record.indicators.all()
        ],
        "filled_at": _naive_local(record.filled_at),
    }
    for name in TEXT_FIELD_NAMES:
        data[_core_key(name)] = getattr(record, name) or None
    if data["department_name"] is None:
        data["department_name"] = record.department.name
    return core.Declaration.model_validate(data)


def _naive_local(value: datetime | None) -> datetime | None:
    if value is None:
        return None
    return timezone.localtime(value, SHANGHAI).replace(tzinfo=None)


def _aware(value: datetime | None) -> datetime | None:
    if value is None:
        return None
    if timezone.is_aware(value):
        return value
    return value.replace(tzinfo=SHANGHAI)


def declaration_fields(decl: core.Declaration) -> dict:
    """The scalar model fields of a core declaration (not department, unit or indicators)."""
    fields: dict = {
        "fiscal_year": decl.fiscal_year,
        "project_name": decl.project_name,
        "project_type": decl.project_type or "",
        "period_years": decl.period_years,
        "filled_at": _aware(decl.filled_at),
    }
    for name in TEXT_FIELD_NAMES:
        fields[name] = getattr(decl, _core_key(name)) or ""
    for period in PERIODS:
        half = decl.funds.half(period)
        for source in ("total", *FUND_SOURCES):
            fields[fund_field(period, source)] = getattr(half, source)
    _check_lengths(fields, Declaration)
    return fields


def indicator_rows(decl: core.Declaration) -> list[dict]:
    """The indicator rows of a core declaration, in the form's order, with their readings."""
    rows = []
    for order, ind in enumerate(decl.indicators):
        row = {
            "period": ind.period,
            "level1": ind.level1,
            "level2": ind.level2,
            "name": ind.name,
            "value": ind.value,
            "reading": parse_value(ind.value, year=decl.fiscal_year).to_dict(),
            "order": order,
        }
        _check_lengths(row, Indicator, where=f"第 {order + 1} 个绩效指标的")
        rows.append(row)
    return rows


def _check_lengths(values: dict, model, *, where: str = "") -> None:
    """Refuse a value longer than its column, with the field's name: PostgreSQL would refuse
    it with an error no user can read, SQLite would store it silently."""
    for name, value in values.items():
        if not isinstance(value, str):
            continue
        field = model._meta.get_field(name)
        limit = getattr(field, "max_length", None)
        if limit and len(value) > limit:
            raise FormError(
                f"{where}「{field.verbose_name}」过长（{len(value)} 字，最多 {limit} 字）",
                field=str(field.verbose_name),
            )
    amounts = [v for k, v in values.items() if k in _MONEY_FIELDS and v is not None]
    for amount in amounts:
        if abs(amount) >= 10**16 or amount != amount.quantize(_CENT):
            raise FormError(f"金额 {amount} 超出范围（最多 16 位整数、2 位小数）", field="项目资金")


_MONEY_FIELDS = {fund_field(p, s) for p in PERIODS for s in ("total", *FUND_SOURCES)}
_CENT = Decimal("0.01")
