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

from jixiao.core import declaration as core
from jixiao.core.declaration import FUND_SOURCES, PERIODS, PROJECT_TYPE_LABELS, TEXT_FIELDS
from jixiao.web.indicator_rows import IndicatorRow, rows_to_indicators

FUND_KEYS = ("total", *FUND_SOURCES)
SIGNATURE_FIELDS = ("responsible_person", "handler", "phone")


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
            "widget", forms.TextInput(attrs={"inputmode": "decimal", "class": "money"})
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


class DeclarationForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    title = forms.CharField(label="标题", required=False, max_length=300)
    fiscal_year = forms.IntegerField(label="年度", min_value=2000, max_value=2100)
    project_name = forms.CharField(label="项目名称", max_length=300)
    implementing_unit = forms.CharField(label="实施单位", required=False, max_length=200)
    project_type = forms.ChoiceField(
        label="项目属性",
        required=False,
        choices=[("", "请选择"), *PROJECT_TYPE_LABELS.items()],
    )
    period_years = forms.IntegerField(
        label="项目期（年）", required=False, min_value=1, max_value=20
    )
    overview = forms.CharField(label="项目概况", required=False, widget=forms.Textarea)
    basis = forms.CharField(label="立项依据", required=False, widget=forms.Textarea)
    necessity = forms.CharField(label="项目设立必要性", required=False, widget=forms.Textarea)
    safeguards = forms.CharField(
        label="保证项目实施的制度、措施", required=False, widget=forms.Textarea
    )
    plan = forms.CharField(label="项目实施计划", required=False, widget=forms.Textarea)
    goal_implementation = forms.CharField(label="实施期目标", required=False, widget=forms.Textarea)
    goal_annual = forms.CharField(label="年度目标", required=False, widget=forms.Textarea)
    responsible_person = forms.CharField(label="负责人", required=False, max_length=100)
    handler = forms.CharField(label="经办人", required=False, max_length=100)
    phone = forms.CharField(label="联系电话", required=False, max_length=50)
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
                self.fields[fund_name(period, key)] = MoneyField(label=f"{period}.{key}")

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
