"""The published form as a PDF: pdfplumber extracts the text, the text reader reads it.

The shared ``shangdang-2023-targets.txt`` is exactly such a PDF turned into text, so the PDF
reader adds only the extraction and a translation of line numbers into pages (a user has a PDF
open, not its text).  A PDF without text (a scan), encrypted or damaged is refused.

Our own PDF (``core/exporters/pdf.py``) is read through its layout reader; poppler's
``pdftotext -layout`` keeps its columns more faithfully than pdfplumber, so it is used for that
when it is installed (pdfplumber otherwise).

The extraction runs in a worker process (``pdf_worker.py``) under the file's deadline and a
memory cap: pdfminer cannot be bounded from inside (see there).
"""

from __future__ import annotations

import json
import subprocess
import sys
from bisect import bisect_right

from jixiao.core.declaration import Declaration
from jixiao.core.errors import FormError
from jixiao.core.importers.base import ImportNote
from jixiao.core.importers.limits import DEFAULT_LIMITS, Deadline, ImportLimits, LimitError, size
from jixiao.core.importers.text import check_lines, our_layout, read_text


def read_pdf_bytes(
    data: bytes,
    source: str,
    *,
    limits: ImportLimits = DEFAULT_LIMITS,
    deadline: Deadline | None = None,
) -> tuple[list[Declaration], list[ImportNote]]:
    """Forms from the bytes of a PDF."""
    deadline = deadline or limits.deadline()
    layout = our_layout()
    extracted = _extract(data, source, limits, deadline, layout=layout is not None)
    pages = extracted["pages"]
    if not any(page.strip() for page in pages):
        raise FormError("PDF 中没有可提取的文字（可能是扫描件），无法读取", file=source)
    layout_text = extracted.get("layout")
    if layout is not None and layout_text and layout.looks_like(layout_text):
        check_lines(layout_text, source, limits)
        return layout.read_layout_text(layout_text, source)

    # One text, page after page: page numbers and repeated headers are furniture to the reader.
    starts = []  # first line number of each page in the joined text
    line = 1
    for page in pages:
        starts.append(line)
        line += page.count("\n") + 1
    text = "\n".join(pages)

    def page_of(no: int | None) -> str:
        if not no:
            return ""
        page = bisect_right(starts, no)
        return f"PDF 第 {page} 页（提取文字第 {no} 行）"

    try:
        declarations, notes = read_text(text, source, limits=limits, deadline=deadline)
    except LimitError as exc:
        where = page_of(exc.line)
        message = f"{where}：{exc.message}" if where else exc.message
        raise LimitError(message, limit=exc.limit, file=source) from None
    except FormError as exc:
        where = page_of(exc.line)
        raise FormError(f"{where}：{exc.message}" if where else exc.message, file=source) from None
    notes = [
        ImportNote(n.file, n.line, n.kind, f"{page_of(n.line)}：{n.message}", n.project_name)
        for n in notes
    ]
    return declarations, notes


def _extract(
    data: bytes, source: str, limits: ImportLimits, deadline: Deadline, *, layout: bool
) -> dict:
    """The pages' text from the worker process, or the refusal it reports."""
    config = {
        "pages": limits.pages,
        "chars": limits.file_bytes,
        "memory_bytes": limits.memory_bytes,
        "seconds": deadline.left(),
        "layout": layout,
    }
    command = [sys.executable, "-m", "jixiao.core.importers.pdf_worker", json.dumps(config)]
    # The worker's own CPU limit stops it (and the CPU it used counts against the budget); the
    # wait is bounded too, in case it sleeps or the machine is starved.
    wait = 3 * deadline.left() + 10
    try:
        done = subprocess.run(command, input=data, capture_output=True, timeout=wait)
    except subprocess.TimeoutExpired:
        raise deadline.error(file=source) from None
    try:
        answer = json.loads(done.stdout)
    except ValueError:
        answer = {"error": "crashed", "code": done.returncode}
    deadline.spend(answer.get("cpu", 0.0))
    error = answer.get("error")
    if error is None:
        return answer
    if error == "pages":
        count = answer.get("count")
        said = f"有 {count:,} 页" if isinstance(count, int) else f"超过 {limits.pages:,} 页"
        raise LimitError(f"PDF {said}，超过上限 {limits.pages:,} 页", limit="pages", file=source)
    if error == "chars":
        raise LimitError(
            f"PDF 提取出的文字到第 {answer.get('page')} 页已超过上限 {size(limits.file_bytes)}",
            limit="file_bytes",
            file=source,
        )
    if error == "encrypted":
        raise FormError("PDF 已加密（需要密码），无法读取", file=source)
    if error == "damaged":
        raise FormError(
            f"不是有效的 PDF 文件（文件损坏或不完整：{answer.get('detail')}）", file=source
        )
    if error == "crashed" and done.returncode in (-24, 152):  # SIGXCPU: its CPU time is up
        raise deadline.error(file=source)
    # A MemoryError, or a worker that died of its memory cap before it could say so.
    raise LimitError(
        f"PDF 读取所需内存超过上限 {size(limits.memory_bytes)}（文件过于复杂或含压缩炸弹）",
        limit="memory_bytes",
        file=source,
    )
