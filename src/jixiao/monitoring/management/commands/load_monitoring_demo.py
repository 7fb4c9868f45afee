"""``jixiao load_monitoring_demo``: a monitoring round and self-evaluations on the demo's
approved declarations (run after ``load_demo``; idempotent)."""

from jixiao.declarations.management.base import FormCommand
from jixiao.monitoring.demo import monitoring_demo_load


class Command(FormCommand):
    help = "载入运行监控与绩效自评的演示数据（先运行 load_demo；可重复执行）。"

    def handle(self, *args, **options):
        for line in monitoring_demo_load():
            self.stdout.write(line)
