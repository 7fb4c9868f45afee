"""Base for console commands that read or write form files.

A domain error (``JixiaoError``: a bad file, a bad argument the domain detects) becomes one
Chinese line on stderr and exit status 2; never a traceback.
"""

from __future__ import annotations

import sys

from django.conf import settings
from django.core.management.base import BaseCommand

from jixiao.core.errors import JixiaoError
from jixiao.core.importers.limits import ImportLimits


class FormCommand(BaseCommand):
    @property
    def limits(self) -> ImportLimits:
        """What one file may cost (``JIXIAO_IMPORT_*``, as for the browser import)."""
        return ImportLimits.from_mapping(settings.JIXIAO_IMPORT_LIMITS)

    def execute(self, *args, **options):
        try:
            return super().execute(*args, **options)
        except JixiaoError as exc:
            self.stderr.write(f"错误：{exc}")
            sys.exit(2)
