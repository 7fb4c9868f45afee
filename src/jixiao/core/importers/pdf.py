"""The published form as a PDF: pdfplumber extracts the text, the text reader reads it.

The shared ``shangdang-2023-targets.txt`` is exactly such a PDF turned into text, so the PDF
reader adds only the extraction and a translation of line numbers into pages (a user has a PDF
open, not its text).  A PDF without text (a scan), encrypted or damaged is refused.

Our own PDF (``core/exporters/pdf.py``) is read through its layout reader; poppler's
``pdftotext -layout`` keeps its columns more faithfully than pdfplumber, so it is used for that
when it is installed (pdfplumber otherwise).
"""

from __future__ import annotations

import io
import logging
import shutil
import subprocess
from bisect import bisect_right

from jixiao.core.declaration import Declaration
from jixiao.core.errors import FormError
from jixiao.core.importers.base import ImportNote
from jixiao.core.importers.text import our_layout, read_text


def read_pdf_bytes(data: bytes, source: str) -> tuple[list[Declaration], list[ImportNote]]:
    """Forms from the bytes of a PDF."""
    pages = _extract(data, source, layout=False)
    if not any(page.strip() for page in pages):
        raise FormError("PDF 中没有可提取的文字（可能是扫描件），无法读取", file=source)
    layout = our_layout()
    if layout is not None:
        for layout_text in (
            _pdftotext_layout(data),
            "\n".join(_extract(data, source, layout=True)),
        ):
            if layout_text and layout.looks_like(layout_text):
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
        declarations, notes = read_text(text, source)
    except FormError as exc:
        where = page_of(exc.line)
        raise FormError(f"{where}：{exc.message}" if where else exc.message, file=source) from None
    notes = [
        ImportNote(n.file, n.line, n.kind, f"{page_of(n.line)}：{n.message}", n.project_name)
        for n in notes
    ]
    return declarations, notes


def _pdftotext_layout(data: bytes) -> str | None:
    """The text of ``pdftotext -layout``, or None where poppler is missing or fails."""
    exe = shutil.which("pdftotext")
    if exe is None:
        return None
    try:
        done = subprocess.run(
            [exe, "-layout", "-enc", "UTF-8", "-", "-"],
            input=data,
            capture_output=True,
            timeout=120,
            check=True,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return done.stdout.decode("utf-8", "replace")


def _extract(data: bytes, source: str, *, layout: bool) -> list[str]:
    import pdfplumber
    from pdfminer.pdfdocument import PDFPasswordIncorrect
    from pdfminer.pdfparser import PDFSyntaxError
    from pdfplumber.utils.exceptions import PdfminerException

    # pdfminer logs every oddity of a damaged file; the user gets one line from us instead.
    logging.getLogger("pdfminer").setLevel(logging.ERROR)
    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            return [page.extract_text(layout=layout) or "" for page in pdf.pages]
    except PDFPasswordIncorrect:
        raise FormError("PDF 已加密（需要密码），无法读取", file=source) from None
    except (PDFSyntaxError, PdfminerException) as exc:
        cause = exc.args[0] if exc.args else exc
        if isinstance(cause, PDFPasswordIncorrect):
            raise FormError("PDF 已加密（需要密码），无法读取", file=source) from None
        raise FormError("不是有效的 PDF 文件（文件损坏或不完整）", file=source) from None
    except Exception as exc:  # pdfminer raises many kinds on damaged files
        raise FormError(f"不是有效的 PDF 文件（{type(exc).__name__}）", file=source) from None
