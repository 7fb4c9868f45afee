"""What every importer returns, and the dispatch by format."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from jixiao.core.declaration import FUND_LABELS, PERIOD_LABELS, PERIODS, Declaration
from jixiao.core.errors import FormError
from jixiao.core.importers.limits import DEFAULT_LIMITS, ImportLimits, check

FORMATS = ("auto", "text", "json", "xlsx", "pdf")
# What users see of a format.
FORMAT_LABELS = {"text": "文本", "json": "JSON", "xlsx": "Excel", "pdf": "PDF"}

# What users see of a note's kind; the kind itself is for code and the stored record.
NOTE_KIND_LABELS = {
    "restored": "恢复截断",
    "cut": "可能截断",
    "glued": "拆分粘连",
    "label": "栏目名称",
    "one_half": "只有一栏",
    "differ": "两栏不同",
    "goals": "目标分栏",
    "unit": "单位换算",
    "page": "分页",
    "repaired": "已修复",
    "doubtful": "存疑",
    "encoding": "文件编码",
    # Set by the import itself, not by a reader.
    "locked": "不覆盖",
    "skipped": "跳过",
}


def note_kind_label(kind: str) -> str:
    return NOTE_KIND_LABELS.get(kind, "说明")


def format_choices() -> list[tuple[str, str]]:
    return list(FORMAT_LABELS.items())


def format_label(fmt: str) -> str:
    return FORMAT_LABELS.get(fmt, fmt)


@dataclass(frozen=True)
class ImportNote:
    """A judgement the importer made: a restored name, cut text, anything repaired or doubtful."""

    file: str
    line: int | None
    kind: str  # a key of NOTE_KIND_LABELS
    message: str
    project_name: str | None = None

    @property
    def kind_label(self) -> str:
        return note_kind_label(self.kind)

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return f"{where}: [{self.kind_label}] {self.message}"


@dataclass
class ImportResult:
    """The declarations read from one file, with the notes and the file's provenance."""

    source: str
    format: str
    sha256: str
    declarations: list[Declaration] = field(default_factory=list)
    notes: list[ImportNote] = field(default_factory=list)

    @property
    def format_label(self) -> str:
        return format_label(self.format)


Read = tuple[list[Declaration], list[ImportNote]]
Reader = Callable[..., Read]  # (data, source, *, limits, deadline)


def _read_json(
    data: bytes, source: str, *, limits: ImportLimits = DEFAULT_LIMITS, deadline=None
) -> Read:
    from jixiao.core import declaration

    text, notes = decode(data, source)
    # Every object, list and value costs memory once parsed: count them (an upper bound, by
    # their brackets and commas) before parsing.
    items = text.count("{") + text.count("[") + text.count(",")
    check(items, limits, "json_items", "JSON 中的对象、列表和值", file=source)
    return declaration.loads(text, source=source), notes


def _reader(fmt: str) -> Reader:
    # Imported lazily: reading JSON must not pay for pdfplumber or openpyxl.
    if fmt == "json":
        return _read_json
    if fmt == "text":
        from jixiao.core.importers.text import read_text_bytes

        return read_text_bytes
    if fmt == "pdf":
        from jixiao.core.importers.pdf import read_pdf_bytes

        return read_pdf_bytes
    if fmt == "xlsx":
        from jixiao.core.importers.xlsx import read_xlsx_bytes

        return read_xlsx_bytes
    raise FormError(f"不支持的格式 {fmt!r}（可选：{'、'.join(FORMATS)}）")


def decode(data: bytes, source: str) -> tuple[str, list[ImportNote]]:
    """The text of a file, with a note when it was not plain UTF-8 (GBK, a BOM, UTF-16)."""
    from jixiao.core.importers.encoding import decode_text

    text, encoding = decode_text(data, source)
    if encoding is None:
        return text, []
    note = ImportNote(source, None, "encoding", f"文件按 {encoding} 编码读取，已转换为 UTF-8")
    return text, [note]


def detect_format(data: bytes, name: str) -> str:
    """The format of a file, from its first bytes, else its name."""
    head = data[:8]
    if head.startswith(b"%PDF"):
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        return "xlsx"
    suffix = Path(name).suffix.lower()
    if suffix in (".json",):
        return "json"
    if suffix in (".xlsx", ".xlsm"):
        return "xlsx"
    if suffix == ".pdf":
        return "pdf"
    stripped = data.lstrip(b"\xef\xbb\xbf \t\r\n")
    if stripped[:1] in (b"[", b"{"):
        return "json"
    return "text"


def read_bytes(
    data: bytes, name: str, *, format: str = "auto", limits: ImportLimits = DEFAULT_LIMITS
) -> ImportResult:
    """Read forms from the bytes of one file called ``name``, within ``limits``."""
    deadline = limits.deadline()
    if format not in FORMATS:
        raise FormError(f"不支持的格式 {format!r}（可选：{'、'.join(FORMATS)}）", file=name)
    check(len(data), limits, "file_bytes", "文件", file=name)
    if not data.strip():
        raise FormError("文件为空", file=name, line=1)
    fmt = detect_format(data, name) if format == "auto" else format
    declarations, notes = _reader(fmt)(data, name, limits=limits, deadline=deadline)
    if not declarations:
        raise FormError("文件中没有找到申报表", file=name)
    check_declarations(declarations, name, limits)
    return ImportResult(
        source=name,
        format=fmt,
        sha256=hashlib.sha256(data).hexdigest(),
        declarations=declarations,
        notes=notes,
    )


# The largest amount a form may carry: what the database stores (18 digits, 2 of them 分).
AMOUNT_LIMIT = 10**16


def check_declarations(declarations: list[Declaration], source: str, limits: ImportLimits) -> None:
    """The bounds every format shares: forms per file, indicators per form, amounts."""
    check(len(declarations), limits, "forms", "文件中的申报表", file=source)
    for decl in declarations:
        where = f"申报表「{decl.project_name[:40]}」"
        check(len(decl.indicators), limits, "indicators", f"{where}的绩效指标", file=source)
        for period in PERIODS:
            half = decl.funds.half(period)
            for key, value in half:
                if value is not None and not (value.is_finite() and abs(value) < AMOUNT_LIMIT):
                    raise FormError(
                        f"{where}的{PERIOD_LABELS[period]}{FUND_LABELS[key]} {_short(value)} "
                        "超出范围（最多 16 位整数）",
                        file=source,
                        field="项目资金",
                    )


def _short(value) -> str:
    text = str(value)
    return text if len(text) <= 24 else f"{text[:20]}…（共 {len(text):,} 位）"


def read_forms(
    path: str | Path, *, format: str = "auto", limits: ImportLimits = DEFAULT_LIMITS
) -> ImportResult:
    """Read forms from a file on disk, within ``limits`` (a file over the size limit is not
    even read)."""
    path = Path(path)
    try:
        if path.is_file():
            check(path.stat().st_size, limits, "file_bytes", "文件", file=str(path))
        data = path.read_bytes()
    except FileNotFoundError:
        raise FormError("文件不存在", file=str(path)) from None
    except IsADirectoryError:
        raise FormError("是目录，不是文件", file=str(path)) from None
    except OSError as exc:
        raise FormError(f"无法读取：{exc.strerror}", file=str(path)) from None
    return read_bytes(data, str(path), format=format, limits=limits)
