"""The forms of the monitoring report and the self-evaluation: one for the form's own fields,
one per annual indicator (prefixed with the indicator's id).

Every field says in Chinese what is wrong with it, and takes what a filer types as typed:
amounts are text inputs that accept ``15,000,000.00`` and full-width digits (a number input
would drop a pasted ``15,000,000`` before the server ever saw it, so the filer could not get
it back).  Every message names its field (``ChineseForm``); a bounded field's input carries
``maxlength``.  The main forms carry the record's ``version`` for the optimistic lock.
"""

from __future__ import annotations

import unicodedata

from django import forms

from jixiao.monitoring.models import (
    CAUSE_CHOICES,
    GRADE_CHOICES,
    LIKELIHOOD_CHOICES,
    SHORT_MAX_LENGTH,
    TEXT_MAX_LENGTH,
)
from jixiao.web.forms import ChineseForm

BLANK = [("", "—")]
TOO_LONG = "最多 %(limit_value)d 字（现为 %(show_value)d 字）"


def _plain_number(value):
    """``15,000,000.00`` / full-width digits / surrounding spaces → ``15000000.00``."""
    if isinstance(value, str):
        value = unicodedata.normalize("NFKC", value).replace(",", "").replace(" ", "").strip()
    return value


class MoneyField(forms.DecimalField):
    def to_python(self, value):
        return super().to_python(_plain_number(value))


class WholeField(forms.IntegerField):
    def to_python(self, value):
        return super().to_python(_plain_number(value))


def _number_widget(**attrs) -> forms.TextInput:
    return forms.TextInput(attrs={"inputmode": "decimal", "class": "num", **attrs})


def _money(label: str, *, required: bool = True) -> MoneyField:
    return MoneyField(
        label=label, max_digits=18, decimal_places=2, min_value=0, required=required,
        widget=_number_widget(maxlength=30),
        error_messages={
            "required": f"请填写{label.split('（')[0]}",
            "invalid": "请填写数字金额（元），如 15000000 或 15,000,000.00",
            "min_value": "金额不能为负数",
            "max_digits": "金额过大：最多 16 位整数和 2 位小数",
            "max_whole_digits": "金额过大：整数部分最多 16 位",
            "max_decimal_places": "金额最多保留 2 位小数（到分）",
        },
    )  # fmt: skip


def _choice(label: str, choices) -> forms.ChoiceField:
    return forms.ChoiceField(
        label=label, choices=BLANK + choices, required=False,
        error_messages={"invalid_choice": f"请从列表中选择{label}"},
    )  # fmt: skip


def _text(label: str, *, rows: int = 2) -> forms.CharField:
    return forms.CharField(
        label=label, required=False, max_length=TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": rows}),
        error_messages={"max_length": TOO_LONG},
    )  # fmt: skip


def _short(label: str) -> forms.CharField:
    return forms.CharField(
        label=label, required=False, max_length=SHORT_MAX_LENGTH,
        error_messages={"max_length": TOO_LONG},
    )  # fmt: skip


def _version() -> forms.CharField:
    # The version the page was loaded at, read by ``posted_version``: a hidden field cannot
    # show an error, and a tampered value only ever makes the save refused as stale.
    return forms.CharField(required=False, widget=forms.HiddenInput)


class RoundOpenForm(ChineseForm):
    fiscal_year = forms.IntegerField(label="年度", min_value=2000, max_value=2100)
    cut_off = forms.DateField(
        label="数据截止日期", widget=forms.DateInput(attrs={"type": "date"}),
        help_text="如 7 月 31 日：监控 1–7 月的执行情况。",
    )  # fmt: skip


class MoneyForm(ChineseForm):
    budget = _money("年度预算数（元）")
    executed = _money("截至截止日期执行数（元）")
    expected = _money("全年预计执行数（元）", required=False)
    money_cause = _choice("偏差原因", CAUSE_CHOICES)
    money_explanation = _text("偏差原因说明")
    money_measure = _text("改进措施")
    version = _version()

    def entered(self) -> dict:
        """The money as the service takes it (without the version)."""
        return {k: v for k, v in self.cleaned_data.items() if k != "version"}


class ProgressForm(ChineseForm):
    achieved = _short("截至截止日期完成值")
    expected = _short("预计年底完成值")
    likelihood = _choice("完成目标可能性", LIKELIHOOD_CHOICES)
    cause = _choice("偏差原因", CAUSE_CHOICES)
    explanation = _text("偏差原因说明", rows=1)
    measure = _text("改进措施", rows=1)


class SelfEvaluationForm(ChineseForm):
    budget = _money("全年预算数（元）")
    executed = _money("全年执行数（元）")
    achievement = _text("年度总体目标实际完成情况", rows=3)
    version = _version()

    def entered(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if k != "version"}


class ResultForm(ChineseForm):
    actual = _short("实际完成值")
    weight = WholeField(
        label="权重（分）", min_value=0, max_value=100, required=False,
        widget=_number_widget(placeholder="平均", inputmode="numeric", maxlength=10),
        error_messages={
            "invalid": "权重须为 0–100 的整数", "min_value": "权重须为 0–100 的整数",
            "max_value": "权重须为 0–100 的整数",
        },
    )  # fmt: skip
    grade = _choice("完成等级", GRADE_CHOICES)
    proposed = MoneyField(
        label="拟评分", max_digits=6, decimal_places=2, min_value=0, required=False,
        widget=_number_widget(maxlength=10),
        error_messages={
            "invalid": "拟评分须为数字，如 18.5", "min_value": "拟评分不能为负数",
            "max_digits": "拟评分过大", "max_whole_digits": "拟评分过大",
            "max_decimal_places": "拟评分最多保留 2 位小数",
        },
    )  # fmt: skip
    deviation = _text("偏差原因分析及改进措施", rows=1)


def row_forms(form_class, indicators, *, data=None, initial_by_id=None):
    """One form per indicator, prefixed ``i<id>``; returns ``[(indicator, form)]``."""
    initial_by_id = initial_by_id or {}
    return [
        (ind, form_class(data, prefix=f"i{ind.pk}", initial=initial_by_id.get(ind.pk, {})))
        for ind in indicators
    ]


def posted_version(form) -> int:
    """The version a bound main form was loaded at (0: the record did not exist yet; -1:
    unreadable, which no record has)."""
    value = (form.data.get(form.add_prefix("version")) or "0").strip()
    return int(value) if value.isdigit() and len(value) < 10 else -1
