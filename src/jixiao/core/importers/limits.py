"""The bounds on what one imported file may cost, and the error that names the bound.

A small file can describe a huge thing: one cell at ``XFD1048576`` makes a sheet of 17
billion cells, a 1 MB zip member can inflate to gigabytes, a PDF can have thousands of pages.
Every reader checks the size a file *declares* before it reads, reads row by row, line by line
and page by page within these bounds, and refuses with ``LimitError`` (a ``FormError`` that
says which bound, with both numbers) instead of running out of memory or time.

The defaults read every real form file with room to spare (a county's file of hundreds of
forms) and keep any file of at most the upload limit within a few seconds and a few hundred
MB.  The web and the command line pass the values of ``settings.JIXIAO_IMPORT_*``; the core
knows nothing of where they come from.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, fields

from jixiao.core.errors import FormError

MIB = 1024 * 1024


@dataclass(frozen=True)
class ImportLimits:
    file_bytes: int = 10 * MIB  # a file, and the text extracted from a PDF
    unzipped_bytes: int = 40 * MIB  # an Excel package, every member uncompressed
    member_bytes: int = 20 * MIB  # one member of the package, uncompressed
    zip_ratio: int = 100  # uncompressed / compressed size of a member over 1 MiB
    zip_members: int = 2_000
    sheet_rows: int = 2_000  # per worksheet
    sheet_columns: int = 50  # per worksheet
    cells: int = 200_000  # non-empty cells read, per file
    pages: int = 100  # per PDF
    forms: int = 500  # per file
    indicators: int = 300  # per form
    cell_chars: int = 20_000  # one cell of a sheet, one text field
    line_chars: int = 2_000  # one line of a text file
    lines: int = 200_000  # per text file
    json_items: int = 1_000_000  # objects, lists and values of a JSON file
    seconds: float = 5.0  # CPU time for one file, the PDF worker's included
    memory_bytes: int = 200 * MIB  # extra memory of the PDF text extraction

    @classmethod
    def from_mapping(cls, values: dict) -> ImportLimits:
        """Limits from ``{field: value}``; unknown keys and ``None`` values are ignored."""
        known = {f.name: f.type for f in fields(cls)}
        return cls(**{k: v for k, v in values.items() if k in known and v is not None})

    def deadline(self) -> Deadline:
        return Deadline(self.seconds)


DEFAULT_LIMITS = ImportLimits()

# How each bound is named in a message ("超过上限 2,000 行").
UNITS = {
    "file_bytes": "字节",
    "unzipped_bytes": "字节",
    "member_bytes": "字节",
    "zip_ratio": "倍",
    "zip_members": "个",
    "sheet_rows": "行",
    "sheet_columns": "列",
    "cells": "个",
    "pages": "页",
    "forms": "份",
    "indicators": "个",
    "cell_chars": "字",
    "line_chars": "字",
    "lines": "行",
    "json_items": "个",
    "seconds": "秒",
    "memory_bytes": "字节",
}


def amount(value: int | float) -> str:
    """A count as users read it: ``1,048,576``; sizes in bytes as MB."""
    return f"{value:,}"


def size(value: int) -> str:
    return f"{value / MIB:,.1f} MB" if value >= MIB else f"{value:,} 字节"


class LimitError(FormError):
    """A file over one of the import limits; ``limit`` is the field of ``ImportLimits``."""

    def __init__(self, message: str, *, limit: str, **where) -> None:
        super().__init__(message, **where)
        self.limit = limit

    def located(self, *, file: str | None = None, line: int | None = None) -> LimitError:
        return LimitError(
            self.message,
            limit=self.limit,
            file=self.file or file,
            line=self.line or line,
            field=self.field,
        )


def check(value: int, limits: ImportLimits, limit: str, what: str, **where) -> None:
    """Refuse ``value`` over ``limits.<limit>``: 「<what>有 1,048,576 行，超过上限 2,000 行」."""
    bound = getattr(limits, limit)
    if value > bound:
        if limit.endswith("_bytes"):
            said = f"{what}有 {size(value)}，超过上限 {size(bound)}"
        else:
            unit = UNITS[limit]
            said = f"{what}有 {amount(value)} {unit}，超过上限 {amount(bound)} {unit}"
        raise LimitError(said, limit=limit, **where)


class Deadline:
    """The time budget of one file; readers call ``check`` in their loops.

    It counts the CPU time of the reading thread, not the wall clock: a file must not hold
    the server's processor for long, and a busy machine must not make a good file fail.  (A
    worker process, such as the PDF extraction, gets the CPU time left as its own limit.)
    """

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.end = time.thread_time() + seconds

    def left(self) -> float:
        return max(0.0, self.end - time.thread_time())

    def spend(self, seconds: float) -> None:
        """Count time spent elsewhere for this file (waiting for a worker process)."""
        self.end -= seconds

    def check(self, *, file: str | None = None, line: int | None = None) -> None:
        if time.thread_time() > self.end:
            raise self.error(file=file, line=line)

    def error(self, *, file: str | None = None, line: int | None = None) -> LimitError:
        return LimitError(
            f"读取超过时间上限 {self.seconds:g} 秒，已停止（文件过大或过于复杂，请拆分后再导入）",
            limit="seconds",
            file=file,
            line=line,
        )
