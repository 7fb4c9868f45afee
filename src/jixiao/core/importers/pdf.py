"""The published form as a PDF: pdfplumber extracts the text, the text reader reads it.

The shared ``shangdang-2023-targets.txt`` is exactly such a PDF turned into text, so the PDF
reader adds only the extraction and a translation of line numbers into pages (a user has a PDF
open, not its text).  A PDF without text (a scan), encrypted or damaged is refused.
"""

from __future__ import annotations

import io
import logging
from bisect import bisect_right

from jixiao.core.declaration import Declaration
from jixiao.core.errors import FormError
from jixiao.core.importers.base import ImportNote
from jixiao.core.importers.text import read_text


def read_pdf_bytes(data: bytes, source: str) -> tuple[list[Declaration], list[ImportNote]]:
    """Forms from the bytes of a PDF."""
    pages = _extract(data, source, layout=False)
    if not any(page.strip() for page in pages):
        raise FormError("PDF 中没有可提取的文字（可能是扫描件），无法读取", file=source)
    layout = _our_layout()
    if layout is not None:
        layout_text = "\n".join(_extract(data, source, layout=True))
        if layout.looks_like(layout_text):
            return layout.read_layout_text(layout_text, source)

    # One text, pages separated by a form feed (page furniture to the text reader).
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


def _our_layout():
    try:  # the exports package may add a reader for the layout of our own PDF
        from jixiao.core.importers import jixiao_layout
    except ImportError:
        return None
    return jixiao_layout


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
