"""The summary of scores and warnings by department, with its charts."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import reverse

from jixiao.monitoring.models import MonitoringRound
from jixiao.monitoring.overview import chart_data, year_summary
from jixiao.monitoring.views.common import query_asked, year_asked


@login_required
def summary_page(request):
    query = query_asked(request)
    year = year_asked(request, query)
    rounds = MonitoringRound.objects.for_year(year)
    asked = query.values.get("round")
    chosen = (rounds.filter(pk=asked).first() if asked else None) or rounds.first()
    summaries = year_summary(request.user, year, chosen)
    return render(request, "monitoring/summary.html", {
        "nav": "monitoring",
        "year": year,
        "rounds": rounds,
        "round": chosen,
        "summaries": summaries,
        "chart": chart_data(summaries),
        "self_evaluations_url": reverse("monitoring:self_evaluations") + f"?year={year}",
    })  # fmt: skip
