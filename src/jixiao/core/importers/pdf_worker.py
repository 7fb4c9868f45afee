"""Extracts the text of a PDF in a process of its own, under a memory and CPU limit.

pdfminer inflates a compressed stream whole (a 10 MB stream of zeros becomes gigabytes) and
repairs a damaged one byte by byte (quadratic); neither can be bounded from outside.  So the
parsing runs here: ``python -m jixiao.core.importers.pdf_worker LIMITS_JSON`` reads the PDF on
stdin and writes one JSON object on stdout, ``{"pages": [...], "layout": ...}`` or
``{"error": kind, ...}``.  The parent (``pdf.py``) kills it at the file's deadline; the
address-space limit set here turns a bomb into a ``MemoryError`` (or a dead worker), never a
server that swaps.  Only this module and pdfplumber are imported, so it starts quickly.
"""

from __future__ import annotations

import io
import json
import logging
import os
import shutil
import subprocess
import sys

MARKER = "绩效目标管理系统导出"  # the footer of our own PDF (core/exporters/layout.py MARKER)


class Refused(Exception):
    def __init__(self, kind: str, **data) -> None:
        super().__init__(kind)
        self.answer = {"error": kind, **data}


def limit_resources(memory_bytes: int, cpu_seconds: float) -> None:
    """Cap this process (and pdftotext, which inherits the caps) at its current address
    space plus ``memory_bytes``, and at ``cpu_seconds`` of CPU."""
    try:
        import resource
    except ImportError:  # not POSIX: the parent's deadline still holds
        return
    try:
        with open("/proc/self/statm") as statm:
            current = int(statm.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
        resource.setrlimit(resource.RLIMIT_AS, (current + memory_bytes, resource.RLIM_INFINITY))
    except (OSError, ValueError):
        pass
    seconds = max(1, int(cpu_seconds) + 1)
    resource.setrlimit(resource.RLIMIT_CPU, (seconds, resource.RLIM_INFINITY))


def extract(data: bytes, *, pages: int, chars: int, layout: bool) -> dict:
    """The plain text of each page; with ``layout``, for our own PDF (its marker on the pages)
    also the text with its columns: poppler's, else pdfplumber's layout mode."""
    plain = _pages(data, pages=pages, chars=chars, layout=False)
    answer = {"pages": plain, "layout": None}
    if layout and MARKER in "".join(plain):
        text = _pdftotext_layout(data, pages)
        if text is None or MARKER not in text:
            text = "\n".join(_pages(data, pages=pages, chars=chars, layout=True))
        answer["layout"] = text
    return answer


def _pages(data: bytes, *, pages: int, chars: int, layout: bool) -> list[str]:
    import pdfplumber
    from pdfminer.pdfdocument import PDFPasswordIncorrect
    from pdfminer.pdfpage import PDFPage
    from pdfminer.pdfparser import PDFSyntaxError
    from pdfplumber.utils.exceptions import PdfminerException

    # pdfminer logs every oddity of a damaged file; the user gets one line from us instead.
    logging.getLogger("pdfminer").setLevel(logging.CRITICAL)
    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            # Lazily, stopping one page past the bound (pdf.pages would make every page).
            for count, _ in enumerate(PDFPage.create_pages(pdf.doc), 1):
                if count > pages:
                    raise Refused("pages", count=_page_count(pdf.doc))
            texts, total = [], 0
            for page in pdf.pages:
                texts.append(page.extract_text(layout=layout) or "")
                total += len(texts[-1])
                if total > chars:
                    raise Refused("chars", page=len(texts))
                page.close()  # drop the page's parsed objects before the next one
            return texts
    except (Refused, MemoryError):
        raise
    except PDFPasswordIncorrect:
        raise Refused("encrypted") from None
    except (PDFSyntaxError, PdfminerException) as exc:
        cause = exc.args[0] if exc.args else exc
        if isinstance(cause, PDFPasswordIncorrect):
            raise Refused("encrypted") from None
        raise Refused("damaged", detail=type(cause).__name__) from None
    except Exception as exc:  # pdfminer raises many kinds on damaged files
        raise Refused("damaged", detail=type(exc).__name__) from None


def _page_count(doc) -> int | None:
    """The page count the document's page tree declares, if it declares one."""
    from pdfminer.pdftypes import resolve1

    try:
        count = resolve1(resolve1(doc.catalog["Pages"])["Count"])
    except Exception:  # a damaged tree: the caller says "over the limit" without the count
        return None
    return count if isinstance(count, int) else None


def _pdftotext_layout(data: bytes, pages: int) -> str | None:
    """The text of poppler's ``pdftotext -layout`` (our own PDF's columns survive it best),
    or None where poppler is missing or fails."""
    exe = shutil.which("pdftotext")
    if exe is None:
        return None
    try:
        done = subprocess.run(
            [exe, "-layout", "-enc", "UTF-8", "-l", str(pages), "-", "-"],
            input=data,
            capture_output=True,
            check=True,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return done.stdout.decode("utf-8", "replace")


def main() -> None:
    limits = json.loads(sys.argv[1])
    data = sys.stdin.buffer.read()
    import pdfplumber  # noqa: F401  (imported before the memory cap is measured)

    limit_resources(limits["memory_bytes"], limits["seconds"])
    try:
        answer = extract(
            data, pages=limits["pages"], chars=limits["chars"], layout=limits["layout"]
        )
    except Refused as exc:
        answer = exc.answer
    except MemoryError:
        answer = {"error": "memory"}
    except RecursionError:
        answer = {"error": "damaged", "detail": "RecursionError"}
    answer["cpu"] = _cpu_seconds()
    sys.stdout.write(json.dumps(answer, ensure_ascii=False))


def _cpu_seconds() -> float:
    """The CPU time this worker and its pdftotext used: the parent counts it against the
    file's budget."""
    try:
        import resource
    except ImportError:
        return 0.0
    used = [resource.getrusage(w) for w in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)]
    return sum(u.ru_utime + u.ru_stime for u in used)


if __name__ == "__main__":
    main()
