from django.core.management.base import BaseCommand

from jixiao.jobs.services import job_cleanup


class Command(BaseCommand):
    help = "删除超过保留天数（JIXIAO_JOB_KEEP_DAYS）的后台任务及其结果文件"

    def handle(self, *args, **options):
        count = job_cleanup()
        self.stdout.write(f"已删除 {count} 个过期任务")
