"""Base for console commands that read or write form files.

A domain error (``JixiaoError``: a bad file, a bad argument the domain detects) becomes one
Chinese line on stderr and exit status 2; never a traceback.
"""

from __future__ import annotations

import sys

from django.core.management.base import BaseCommand

from jixiao.core.errors import JixiaoError


class FormCommand(BaseCommand):
    def execute(self, *args, **options):
        try:
            return super().execute(*args, **options)
        except JixiaoError as exc:
            self.stderr.write(f"错误：{exc}")
            sys.exit(2)
