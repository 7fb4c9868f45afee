"""``jixiao load_monitoring_demo`` files a round through the services, once."""

from io import StringIO

import pytest
from django.core.management import call_command

from jixiao.monitoring.models import MonitoringReport, MonitoringRound, SelfEvaluation
from tests.factories import clean_form, make_declaration

pytestmark = pytest.mark.django_db


def test_it_loads_a_round_with_every_light_once(
    filer, finance_reviewer, approved, outsider_approved, expected_data
):
    make_declaration(clean_form(expected_data, 6), user=filer, status="finance_approved")
    out = StringIO()
    call_command("load_monitoring_demo", stdout=out)
    # sorted by department and name: 保障性住房 on track, 海子河 behind, 农村公路 (405) unreported.
    # Self-evaluations execute 96% of the budget (9.6); 海子河 (4 outputs with clean_form's
    # cost indicator, 12.5 each) reaches 90% of its 2个 parks: 0.9 × 12.5 = 11.25, so
    # 9.6 + 48.75 + 30 + 10 = 98.35
    assert out.getvalue().splitlines() == [
        "开启2023年度运行监控（数据截至07月31日）",
        "  保障性住房建设项目：按进度执行，监控绿灯；自评 99.60 分（优）",
        "  海子河游园、黎都公园提档升级工程：进度滞后，监控红灯；自评 98.35 分（优）",
        "  长治市上党区2023年农村公路建设项目：未填报（本轮关闭后为红灯）",
    ]
    assert MonitoringRound.objects.count() == 1
    assert set(MonitoringReport.objects.values_list("status", flat=True)) == {"submitted"}
    assert SelfEvaluation.objects.filter(status="submitted").count() == 2

    again = StringIO()
    call_command("load_monitoring_demo", stdout=again)
    assert again.getvalue().strip() == "监控轮次已存在，未改动"
    assert MonitoringReport.objects.count() == 2
