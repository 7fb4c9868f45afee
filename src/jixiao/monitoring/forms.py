"""The forms of the monitoring report and the self-evaluation: one for the form's own fields,
one per annual indicator (prefixed with the indicator's id).  Every message is Chinese and
names its field (``ChineseForm``); a bounded field's input carries ``maxlength``."""

from __future__ import annotations

from django import forms

from jixiao.monitoring.models import CAUSE_CHOICES, GRADE_CHOICES, LIKELIHOOD_CHOICES
from jixiao.web.forms import ChineseForm

BLANK = [("", "—")]


def _money(label: str, *, required: bool = True) -> forms.DecimalField:
    return forms.DecimalField(
        label=label, max_digits=18, decimal_places=2, min_value=0, required=required,
        widget=forms.NumberInput(attrs={"step": "0.01", "class": "num"}),
    )  # fmt: skip


def _text(label: str, *, rows: int = 2, required: bool = False) -> forms.CharField:
    return forms.CharField(
        label=label, required=required, widget=forms.Textarea(attrs={"rows": rows})
    )


def _short(label: str) -> forms.CharField:
    return forms.CharField(label=label, required=False, max_length=100)


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
    money_cause = forms.ChoiceField(label="偏差原因", choices=BLANK + CAUSE_CHOICES, required=False)
    money_explanation = _text("偏差原因说明")
    money_measure = _text("改进措施")


class ProgressForm(ChineseForm):
    achieved = _short("截至截止日期完成值")
    expected = _short("预计年底完成值")
    likelihood = forms.ChoiceField(
        label="完成目标可能性", choices=BLANK + LIKELIHOOD_CHOICES, required=False
    )
    cause = forms.ChoiceField(label="偏差原因", choices=BLANK + CAUSE_CHOICES, required=False)
    explanation = _text("偏差原因说明", rows=1)
    measure = _text("改进措施", rows=1)


class SelfEvaluationForm(ChineseForm):
    budget = _money("全年预算数（元）")
    executed = _money("全年执行数（元）")
    achievement = _text("年度总体目标实际完成情况", rows=3)


class ResultForm(ChineseForm):
    actual = _short("实际完成值")
    weight = forms.IntegerField(
        label="权重（分）", min_value=0, max_value=100, required=False,
        widget=forms.NumberInput(attrs={"class": "num", "placeholder": "平均"}),
    )  # fmt: skip
    grade = forms.ChoiceField(label="完成等级", choices=BLANK + GRADE_CHOICES, required=False)
    proposed = forms.DecimalField(
        label="拟评分", max_digits=6, decimal_places=2, min_value=0, required=False,
        widget=forms.NumberInput(attrs={"step": "0.01", "class": "num"}),
    )  # fmt: skip
    deviation = _text("偏差原因分析及改进措施", rows=1)


def row_forms(form_class, indicators, *, data=None, initial_by_id=None):
    """One form per indicator, prefixed ``i<id>``; returns ``[(indicator, form)]``."""
    initial_by_id = initial_by_id or {}
    return [
        (ind, form_class(data, prefix=f"i{ind.pk}", initial=initial_by_id.get(ind.pk, {})))
        for ind in indicators
    ]
