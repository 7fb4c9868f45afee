"""``jixiao import FILE... [--format auto|text|json|xlsx|pdf]``: store forms in the database.

Every file is read before anything is stored, so a bad file (empty, binary, truncated, wrong
encoding, no indicator table) stops the command with one line and exit status 2 and leaves the
database unchanged.  Each file is then stored in its own transaction; importing a file again
updates what it created and never duplicates it.
"""

from __future__ import annotations

from jixiao.core.importers.base import FORMATS, read_forms
from jixiao.declarations.management.base import FormCommand
from jixiao.declarations.services import declaration_import


class Command(FormCommand):
    help = "导入申报表文件（文本、PDF、Excel 或 JSON）到数据库；同一文件重复导入只会更新。"

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+", metavar="FILE", help="申报表文件")
        parser.add_argument(
            "--format", default="auto", choices=FORMATS, help="文件格式（默认按内容识别）"
        )

    def handle(self, *args, files, format, **options):
        results = [read_forms(path, format=format, limits=self.limits) for path in files]
        for result in results:
            outcome = declaration_import(result=result)
            self.stdout.write(
                f"{result.source}：{len(result.declarations)} 份申报表，"
                f"新建 {len(outcome.created)}，更新 {len(outcome.updated)}，"
                f"未变 {len(outcome.unchanged)}，未覆盖 {len(outcome.locked)}；"
                f"导入说明 {len(result.notes)} 条"
            )
            for note in outcome.record.notes:
                if note["kind"] in ("locked", "skipped"):
                    self.stdout.write(f"  {note['message']}")
