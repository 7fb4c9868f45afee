"""`jixiao parse FILE...`: forms in any supported format → interchange-format JSON on stdout.

Nothing but the JSON goes to stdout, so the output can be piped; ``--notes`` prints the import
notes (restored names, cut text, anything repaired or doubtful) to stderr.  No database is
touched.  A bad file stops the command with one line on stderr and exit status 2, before
anything is printed.
"""

from __future__ import annotations

from jixiao.core.declaration import dumps
from jixiao.core.importers.base import FORMATS, read_forms
from jixiao.declarations.management.base import FormCommand


class Command(FormCommand):
    help = "读取申报表文件（文本、PDF、Excel 或 JSON），以交换格式 JSON 输出到标准输出。"
    requires_system_checks: list[str] = []
    requires_migrations_checks = False

    def add_arguments(self, parser) -> None:
        parser.add_argument("files", nargs="+", metavar="FILE", help="申报表文件")
        parser.add_argument(
            "--format",
            choices=FORMATS,
            default="auto",
            help="文件格式（默认 auto：按内容和扩展名判断）",
        )
        parser.add_argument(
            "--notes",
            action="store_true",
            help="把导入说明（恢复的名称、截断的文字、修正或存疑之处）输出到标准错误",
        )

    def handle(self, *args, files: list[str], format: str, notes: bool, **options) -> None:
        results = [read_forms(path, format=format, limits=self.limits) for path in files]
        if notes:
            for result in results:
                for note in result.notes:
                    self.stderr.write(str(note))
        declarations = [d for result in results for d in result.declarations]
        self.stdout.write(dumps(declarations))
