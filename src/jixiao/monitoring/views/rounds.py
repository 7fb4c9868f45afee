"""Rounds: the list, opening and closing, a round's lights by department."""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from jixiao.monitoring import permissions, services
from jixiao.monitoring.errors import MonitoringError
from jixiao.monitoring.forms import RoundOpenForm
from jixiao.monitoring.models import MonitoringRound
from jixiao.monitoring.overview import round_rows, warnings_by_department
from jixiao.monitoring.views.common import year_asked


@login_required
def index(request):
    year = year_asked(request)
    return render(request, "monitoring/index.html", {
        "nav": "monitoring",
        "rounds": MonitoringRound.objects.all(),
        "open_form": RoundOpenForm(initial={"fiscal_year": year, "cut_off": date(year, 7, 31)}),
        "may_open": permissions.may_open_round(request.user),
    })  # fmt: skip


@login_required
@require_POST
def round_open(request):
    form = RoundOpenForm(request.POST)
    if not form.is_valid():
        messages.error(request, "开启失败：请填写年度和数据截止日期")
        return redirect("monitoring:index")
    try:
        monitoring_round = services.monitoring_round_open(user=request.user, **form.cleaned_data)
    except MonitoringError as exc:
        messages.error(request, str(exc))
        return redirect("monitoring:index")
    messages.success(request, f"已开启{monitoring_round}")
    return redirect("monitoring:round", round_id=monitoring_round.pk)


@login_required
def round_detail(request, round_id):
    monitoring_round = get_object_or_404(MonitoringRound, pk=round_id)
    rows = round_rows(monitoring_round, request.user)
    return render(request, "monitoring/round.html", {
        "nav": "monitoring",
        "round": monitoring_round,
        "rows": rows,
        "warnings": warnings_by_department(rows),
        "is_finance": permissions.is_finance(request.user),
        "audit": monitoring_round.audit_entries.filter(report=None).select_related("actor"),
    })  # fmt: skip


@login_required
@require_POST
def round_close(request, round_id):
    monitoring_round = get_object_or_404(MonitoringRound, pk=round_id)
    try:
        services.monitoring_round_close(user=request.user, monitoring_round=monitoring_round)
        messages.success(request, "本轮监控已关闭；未提交监控表的项目为红灯。")
    except MonitoringError as exc:
        messages.error(request, str(exc))
    return redirect("monitoring:round", round_id=round_id)
