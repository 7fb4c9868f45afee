"""The PDF reader: the published text printed to a PDF (with page numbers) reads the same."""

from __future__ import annotations

import io

import pytest
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas

from jixiao.core.errors import FormError
from jixiao.core.importers.base import read_bytes
from jixiao.core.importers.pdf import read_pdf_bytes
from tests.conftest import TARGETS_TXT

FONT = "STSong-Light"


def print_pdf(text: str, *, lines_per_page: int = 60, encrypt: str | None = None) -> bytes:
    """The text printed line by line, with a page number at the foot of every page."""
    pdfmetrics.registerFont(UnicodeCIDFont(FONT))
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, encrypt=encrypt)
    lines = [line for line in text.split("\n") if line.strip()]
    for number, first in enumerate(range(0, len(lines), lines_per_page), 1):
        pdf.setFont(FONT, 9)
        for i, line in enumerate(lines[first : first + lines_per_page]):
            pdf.drawString(30, 800 - 13 * i, line)
        pdf.drawCentredString(300, 20, f"- {number} -")
        pdf.showPage()
    if not lines:
        pdf.showPage()
    pdf.save()
    return buffer.getvalue()


@pytest.fixture(scope="module")
def shared_pdf() -> bytes:
    return print_pdf(TARGETS_TXT.read_text("utf-8"))


def test_it_reads_the_shared_forms_from_a_pdf_split_across_pages(shared_pdf, expected_data):
    result = read_bytes(shared_pdf, "shangdang.pdf")
    assert result.format == "pdf"
    assert [d.to_dict() for d in result.declarations] == expected_data


def test_it_places_notes_on_their_pdf_page(shared_pdf):
    _, notes = read_pdf_bytes(shared_pdf, "shangdang.pdf")
    first = next(n for n in notes if n.kind == "restored")
    assert first.message.startswith("PDF 第 1 页")
    assert "改善低收入人群居住环境" in first.message
    assert any(n.kind == "page" for n in notes)  # the page numbers were dropped, and said so


def test_it_names_the_page_of_a_truncated_form(shared_pdf):
    lines = TARGETS_TXT.read_text("utf-8").split("\n")[:150]
    with pytest.raises(FormError) as info:
        read_pdf_bytes(print_pdf("\n".join(lines)), "cut.pdf")
    assert "截断" in str(info.value)
    assert "PDF 第 2 页" in str(info.value)


def test_it_refuses_an_encrypted_pdf():
    data = print_pdf(TARGETS_TXT.read_text("utf-8")[:500], encrypt="secret")
    with pytest.raises(FormError, match="加密"):
        read_pdf_bytes(data, "locked.pdf")


def test_it_refuses_a_damaged_pdf(shared_pdf):
    with pytest.raises(FormError, match="不是有效的 PDF") as info:
        read_bytes(shared_pdf[:400], "damaged.pdf")
    assert "damaged.pdf" in str(info.value)


def test_it_refuses_a_pdf_without_text():
    with pytest.raises(FormError, match="没有可提取的文字"):
        read_pdf_bytes(print_pdf(""), "scan.pdf")
