"""The declaration (项目支出绩效目标申报表) and its interchange format, declaration/1.

One declaration is one JSON object with exactly the keys of ``shared/spec/declaration.md``; a
file of many is a JSON list.  The same shape is what the importers produce, what the API returns
and what the exporters read back, so import → export → import changes nothing.

Money is ``Decimal`` in 元.  In JSON an amount is a number: an integer when it has no fraction
(``15000000``), otherwise a decimal number.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import datetime
from decimal import Decimal
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from jixiao.core.errors import FormError

SCHEMA = "declaration/1"

Period = Literal["implementation", "annual"]
ProjectType = Literal["one_off", "continuing"]

PERIODS: tuple[Period, ...] = ("implementation", "annual")
PERIOD_LABELS = {"implementation": "实施期", "annual": "年度"}
PROJECT_TYPE_LABELS = {
    "one_off": "一次性项目（1年结束）",
    "continuing": "延续性项目（阶段开展）",
}
FUND_SOURCES = ("central", "provincial", "local", "self_raised", "other")
FUND_LABELS = {
    "total": "资金总额",
    "central": "中央财政资金",
    "provincial": "省级财政资金",
    "local": "市县（区）财政资金",
    "self_raised": "单位自筹",
    "other": "其他资金",
}
TEXT_FIELDS = ("overview", "basis", "necessity", "safeguards", "plan")
GOAL_FIELDS = ("goal_implementation", "goal_annual")
FIELD_LABELS = {
    "title": "标题",
    "fiscal_year": "年度",
    "project_name": "项目名称",
    "department_code": "主管部门代码",
    "department_name": "主管部门",
    "implementing_unit": "实施单位",
    "project_type": "项目属性",
    "project_type_label": "项目属性",
    "period_years": "项目期",
    "funds": "项目资金",
    "funds.implementation": "实施期资金",
    "funds.annual": "年度资金",
    "overview": "项目概况",
    "basis": "立项依据",
    "necessity": "项目设立必要性",
    "safeguards": "保证项目实施的制度、措施",
    "plan": "项目实施计划",
    "goal_implementation": "实施期目标",
    "goal_annual": "年度目标",
    "indicators": "绩效指标",
    "responsible_person": "负责人",
    "handler": "经办人",
    "phone": "联系电话",
    "filled_at": "填报日期",
}


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True, validate_assignment=True)


class FundBreakdown(_Strict):
    """One half of the funds block: the total and each source, in 元; ``None`` = empty cell."""

    total: Decimal | None = None
    central: Decimal | None = None
    provincial: Decimal | None = None
    local: Decimal | None = None
    self_raised: Decimal | None = None
    other: Decimal | None = None

    def sources_sum(self) -> Decimal:
        return sum((getattr(self, s) or Decimal(0) for s in FUND_SOURCES), Decimal(0))


class Funds(_Strict):
    implementation: FundBreakdown = Field(default_factory=FundBreakdown)
    annual: FundBreakdown = Field(default_factory=FundBreakdown)

    def half(self, period: Period) -> FundBreakdown:
        return getattr(self, period)


class Indicator(_Strict):
    """One third-level indicator (三级指标) with its target value (指标值), as printed."""

    period: Period
    level1: str
    level2: str
    name: str
    value: str


class Declaration(_Strict):
    schema_: Literal["declaration/1"] = Field(default=SCHEMA, alias="schema")
    title: str | None = None
    fiscal_year: int
    project_name: str
    department_code: str | None = None
    department_name: str | None = None
    implementing_unit: str | None = None
    project_type: ProjectType | None = None
    project_type_label: str | None = None
    period_years: int | None = None
    funds: Funds = Field(default_factory=Funds)
    overview: str | None = None
    basis: str | None = None
    necessity: str | None = None
    safeguards: str | None = None
    plan: str | None = None
    goal_implementation: str | None = None
    goal_annual: str | None = None
    indicators: list[Indicator] = Field(default_factory=list)
    responsible_person: str | None = None
    handler: str | None = None
    phone: str | None = None
    filled_at: datetime | None = None

    @field_validator("filled_at")
    @classmethod
    def _local_time(cls, value: datetime | None) -> datetime | None:
        # The form prints local time with no zone; keep it naive (Asia/Shanghai by convention).
        if value is not None and value.tzinfo is not None:
            from zoneinfo import ZoneInfo

            value = value.astimezone(ZoneInfo("Asia/Shanghai")).replace(tzinfo=None)
        return value

    # -- reads ----------------------------------------------------------------------------

    def indicators_of(self, period: Period) -> list[Indicator]:
        return [ind for ind in self.indicators if ind.period == period]

    @property
    def key(self) -> tuple[int, str | None, str]:
        """What identifies a declaration: fiscal year, department code and project name."""
        return (self.fiscal_year, self.department_code, self.project_name)

    # -- interchange format ---------------------------------------------------------------

    def to_dict(self) -> dict[str, Any]:
        """The declaration/1 object, keys in the spec's order, amounts as JSON numbers."""
        data = self.model_dump(by_alias=True, mode="python")
        for half in PERIODS:
            data["funds"][half] = {k: _json_amount(v) for k, v in data["funds"][half].items()}
        data["filled_at"] = self.filled_at.isoformat() if self.filled_at else None
        return data

    def to_json(self, *, indent: int | None = 2) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=indent)

    @classmethod
    def from_dict(
        cls, data: Any, *, source: str | None = None, index: int | None = None
    ) -> Declaration:
        try:
            return cls.model_validate(data)
        except ValidationError as exc:
            raise FormError(_validation_message(exc, index), file=source) from None


def _json_amount(value: Decimal | None) -> int | float | None:
    if value is None:
        return None
    if value == value.to_integral_value():
        return int(value)
    # Amounts carry at most a few decimals; the shortest float repr round-trips them exactly.
    return float(value)


def _validation_message(exc: ValidationError, index: int | None) -> str:
    first = exc.errors()[0]
    loc = ".".join(str(p) for p in first["loc"])
    where = f"第 {index + 1} 个申报表的" if index is not None else ""
    label = FIELD_LABELS.get(str(first["loc"][0]), "") if first["loc"] else ""
    label = f"（{label}）" if label else ""
    kind = first["type"]
    if kind == "missing":
        what = "缺少必填项"
    elif kind == "extra_forbidden":
        what = "含有格式之外的键"
    else:
        what = f"取值不合格式：{first['msg']}"
    more = f"（另有 {len(exc.errors()) - 1} 处问题）" if len(exc.errors()) > 1 else ""
    return f"{where}字段 {loc}{label}{what}{more}"


def dumps(declarations: Iterable[Declaration], *, indent: int | None = 2) -> str:
    """A JSON list of declarations in the interchange format."""
    return json.dumps([d.to_dict() for d in declarations], ensure_ascii=False, indent=indent)


_JSON_DIGITS = 40  # far beyond any amount or year; a longer number costs time to convert


def _json_number(text: str) -> Decimal | int:
    """A JSON number: an integer, or a Decimal (amounts are exact); a number with more digits
    or a larger exponent than any form has is refused before it is converted."""
    digits = sum(ch.isdigit() for ch in text)
    mantissa, _, exponent = text.lower().partition("e")
    if digits > _JSON_DIGITS or (exponent and abs(int(exponent)) > _JSON_DIGITS):
        shown = text if len(text) <= 24 else f"{text[:20]}…"
        raise FormError(
            f"JSON 中的数字 {shown} 位数或指数过大（共 {len(text):,} 个字符），不是金额或年度"
        )
    if not exponent and "." not in mantissa:
        return int(text)
    return Decimal(text)


def loads(text: str, *, source: str | None = None) -> list[Declaration]:
    """Declarations from interchange-format JSON: one object or a list of them."""
    try:
        data = json.loads(text, parse_float=_json_number, parse_int=_json_number)
    except json.JSONDecodeError as exc:
        raise FormError(f"不是有效的 JSON：{exc.msg}", file=source, line=exc.lineno) from None
    except RecursionError:
        raise FormError("不是申报表 JSON：对象或列表嵌套过深", file=source) from None
    except FormError as exc:
        raise FormError(exc.message, file=source) from None
    items = data if isinstance(data, list) else [data]
    out = []
    for i, item in enumerate(items):
        if not isinstance(item, dict):
            raise FormError(f"第 {i + 1} 项不是申报表对象", file=source)
        if item.get("schema") not in (SCHEMA, None):
            raise FormError(
                f"第 {i + 1} 项的 schema 为 {item.get('schema')!r}，应为 {SCHEMA}", file=source
            )
        out.append(Declaration.from_dict(item, source=source, index=i if len(items) > 1 else None))
    return out
