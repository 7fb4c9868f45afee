from django.apps import AppConfig


class ExportsConfig(AppConfig):
    name = "jixiao.exports"
    verbose_name = "导出与公开"
