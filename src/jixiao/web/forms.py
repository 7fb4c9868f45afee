"""The filing form: the printed declaration's header, funds and text cells as one Django form.

The form turns what the filer typed into a ``jixiao.core.declaration.Declaration``; the
services store it.  It refuses only what cannot be stored (an amount that is not a number, a
missing project name); everything else a reviewer would object to is a review finding, so a
half-finished draft can always be saved.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django import forms
from django.core.exceptions import ValidationError
from django.utils.functional import Promise

from jixiao.core import declaration as core
from jixiao.core.declaration import (
    FUND_LABELS,
    FUND_SOURCES,
    PERIOD_LABELS,
    PERIODS,
    PROJECT_TYPE_LABELS,
    TEXT_FIELDS,
)
from jixiao.declarations.models import Declaration
from jixiao.web.indicator_rows import IndicatorRow, rows_to_indicators

FUND_KEYS = ("total", *FUND_SOURCES)
SIGNATURE_FIELDS = ("responsible_person", "handler", "phone")
# The longest amount a filer types: 18 digits, separators, decimals, 万 or 元.
MONEY_INPUT_MAX = 32

# Every message a form field may give, in Chinese and naming the field, so that the message
# says what is wrong and where wherever it is shown (beside the field, in a summary).
MESSAGES = {
    "required": "请填写{label}",
    "max_length": "{label}最多 %(limit_value)d 个字，现有 %(show_value)d 个",
    "min_length": "{label}至少 %(limit_value)d 个字，现有 %(show_value)d 个",
    "min_value": "{label}不能小于 %(limit_value)s",
    "max_value": "{label}不能大于 %(limit_value)s",
    "invalid_choice": "{label}不是可选的值",
    "null_characters_not_allowed": "{label}含有不可见的空字符，请删除后再保存",
    "max_digits": "{label}最多 %(max)s 位数字",
    "max_decimal_places": "{label}最多 %(max)s 位小数",
    "max_whole_digits": "{label}的整数部分最多 %(max)s 位",
    "step_size": "{label}应为 %(limit_value)s 的整数倍",
    "invalid_list": "{label}应为一组可选的值",
}
INVALID = (
    (forms.IntegerField, "{label}应为整数"),
    (forms.DecimalField, "{label}应为数字"),
    (forms.DateTimeField, "{label}应为日期和时间，例如 2023-03-01 10:30"),
    (forms.DateField, "{label}应为日期，例如 2023-07-31"),
    (forms.ModelChoiceField, "{label}不是可选的值"),
)


def chinese_errors(form: forms.Form) -> None:
    """Give every field of ``form`` Chinese messages naming it, in place of Django's own
    (which follow the browser's language and name nothing); a message the field was given
    on purpose is kept."""
    for name, field in form.fields.items():
        label = str(field.label or name).replace("%", "%%")
        messages = field.error_messages
        for code, text in MESSAGES.items():
            if isinstance(messages.get(code, Promise()), Promise):
                messages[code] = text.format(label=label)
        if isinstance(messages.get("invalid", Promise()), Promise):
            invalid = next((t for cls, t in INVALID if isinstance(field, cls)), "{label}格式不对")
            messages["invalid"] = invalid.format(label=label)


class ChineseForm(forms.Form):
    """A form whose every field speaks Chinese and names itself (see ``chinese_errors``);
    fields added in ``__init__`` are covered too."""

    def full_clean(self):
        chinese_errors(self)
        super().full_clean()


def max_length(field: str) -> int:
    """The stored length of a declaration's field: the form refuses what the database would."""
    return Declaration._meta.get_field(field).max_length


def _text(label: str, *, rows: int = 3) -> forms.CharField:
    return forms.CharField(label=label, required=False, widget=forms.Textarea(attrs={"rows": rows}))


class TelInput(forms.TextInput):
    input_type = "tel"


def fund_name(period: str, key: str) -> str:
    """The form field of one funds cell: ``funds_annual_local``."""
    return f"funds_{period}_{key}"


class MoneyField(forms.DecimalField):
    """An amount in 元 as people type it: ``15,000,000``, ``15 000 000`` or ``1500万``."""

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("max_digits", 18)
        kwargs.setdefault("decimal_places", 2)
        kwargs.setdefault("min_value", Decimal(0))
        kwargs.setdefault(
            "widget",
            forms.TextInput(
                attrs={"inputmode": "decimal", "class": "money", "maxlength": MONEY_INPUT_MAX}
            ),
        )
        super().__init__(**kwargs)
        self.error_messages["invalid"] = "请填写金额（元），例如 15000000 或 1,500,000.50"

    def to_python(self, value):
        if isinstance(value, str):
            text = value.strip().replace(",", "").replace("，", "").replace(" ", "")
            text = text.replace("元", "")
            if text.endswith("万"):
                try:
                    return Decimal(text[:-1]) * 10000
                except InvalidOperation:
                    raise ValidationError(self.error_messages["invalid"], code="invalid") from None
            value = text
        return super().to_python(value)


class DeclarationForm(ChineseForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    title = forms.CharField(
        label="标题",
        required=False,
        max_length=max_length("title"),
        widget=forms.TextInput(
            attrs={
                "placeholder": "项目支出绩效目标申报表（标题）",
                "style": "text-align:center;font-weight:600;font-size:1.15rem",
            }
        ),
    )
    fiscal_year = forms.IntegerField(
        label="年度",
        min_value=2000,
        max_value=2100,
        widget=forms.NumberInput(
            attrs={"style": "width:90px;display:inline-block;text-align:center"}
        ),
    )
    project_name = forms.CharField(label="项目名称", max_length=max_length("project_name"))
    implementing_unit = forms.CharField(
        label="实施单位",
        required=False,
        max_length=max_length("implementing_unit_name"),
        widget=forms.TextInput(attrs={"list": "unit-names"}),
    )
    project_type = forms.ChoiceField(
        label="项目属性",
        required=False,
        choices=[("", "请选择"), *PROJECT_TYPE_LABELS.items()],
    )
    period_years = forms.IntegerField(
        label="项目期（年）", required=False, min_value=1, max_value=20
    )
    overview = _text("项目概况")
    basis = _text("立项依据")
    necessity = _text("项目设立必要性")
    safeguards = _text("保证项目实施的制度、措施")
    plan = _text("项目实施计划")
    goal_implementation = _text("实施期目标")
    goal_annual = _text("年度目标")
    responsible_person = forms.CharField(
        label="负责人", required=False, max_length=max_length("responsible_person")
    )
    handler = forms.CharField(label="经办人", required=False, max_length=max_length("handler"))
    phone = forms.CharField(
        label="联系电话", required=False, max_length=max_length("phone"), widget=TelInput
    )
    filled_at = forms.DateTimeField(
        label="填报日期",
        required=False,
        input_formats=["%Y-%m-%dT%H:%M:%S", "%Y-%m-%dT%H:%M", "%Y-%m-%d"],
        widget=forms.DateTimeInput(
            attrs={"type": "datetime-local", "step": "1"}, format="%Y-%m-%dT%H:%M:%S"
        ),
    )

    def __init__(
        self,
        *args,
        department=None,
        departments=None,
        rows: list[IndicatorRow] | None = None,
        **kwargs,
    ):
        """``department``: the one the declaration belongs to; ``departments``: the choice an
        administrator (who belongs to none) makes when creating one."""
        super().__init__(*args, **kwargs)
        self.department = department
        if departments is not None:
            self.fields["owner_department"] = forms.ModelChoiceField(
                label="主管部门", queryset=departments, empty_label="请选择主管部门"
            )
        self.rows = rows or []
        self.row_errors: list[str] = []
        for period in PERIODS:
            for key in FUND_KEYS:
                label = f"{PERIOD_LABELS[period]}{FUND_LABELS[key]}"
                self.fields[fund_name(period, key)] = MoneyField(label=label)
        for field in self.fields.values():
            # Each input names itself to a screen reader; the printed form has no <label>s.
            if field.label and not field.widget.is_hidden:
                field.widget.attrs.setdefault("aria-label", field.label)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("owner_department") is not None:
            self.department = cleaned["owner_department"]
        self.row_errors = [row.error for row in self.rows if row.error]
        if self.row_errors:
            raise ValidationError("绩效指标有未填完整的行，请补全或删除。")
        return cleaned

    def funds_cells(self, period: str):
        """The bound fields of one half of the funds table, total first."""
        return [(key, self[fund_name(period, key)]) for key in FUND_KEYS]

    def to_declaration(self) -> core.Declaration:
        """The core declaration the filer typed (call after ``is_valid()``)."""
        data = self.cleaned_data
        funds = {
            period: {key: data.get(fund_name(period, key)) for key in FUND_KEYS}
            for period in PERIODS
        }
        project_type = data.get("project_type") or None
        text = {name: (data.get(name) or "").strip() or None for name in TEXT_FIELDS}
        return core.Declaration(
            title=data.get("title") or None,
            fiscal_year=data["fiscal_year"],
            project_name=data["project_name"].strip(),
            department_code=self.department.code if self.department else None,
            department_name=self.department.name if self.department else None,
            implementing_unit=(data.get("implementing_unit") or "").strip() or None,
            project_type=project_type,
            project_type_label=PROJECT_TYPE_LABELS.get(project_type) if project_type else None,
            period_years=data.get("period_years"),
            funds=core.Funds.model_validate(funds),
            goal_implementation=(data.get("goal_implementation") or "").strip() or None,
            goal_annual=(data.get("goal_annual") or "").strip() or None,
            indicators=rows_to_indicators(self.rows),
            filled_at=_naive(data.get("filled_at")),
            **text,
            **{name: (data.get(name) or "").strip() or None for name in SIGNATURE_FIELDS},
        )


def _naive(value):
    if value is None:
        return None
    from django.utils import timezone

    if timezone.is_aware(value):
        value = timezone.localtime(value).replace(tzinfo=None)
    return value


def initial_from_declaration(decl: core.Declaration, *, version: int | None = None) -> dict:
    """The form's initial values for a stored declaration."""
    initial = {
        "version": version,
        "title": decl.title or "",
        "fiscal_year": decl.fiscal_year,
        "project_name": decl.project_name,
        "implementing_unit": decl.implementing_unit or "",
        "project_type": decl.project_type or "",
        "period_years": decl.period_years,
        "filled_at": decl.filled_at,
    }
    for name in (*TEXT_FIELDS, "goal_implementation", "goal_annual", *SIGNATURE_FIELDS):
        initial[name] = getattr(decl, name) or ""
    for period in PERIODS:
        half = decl.funds.half(period)
        for key in FUND_KEYS:
            initial[fund_name(period, key)] = getattr(half, key)
    return initial
