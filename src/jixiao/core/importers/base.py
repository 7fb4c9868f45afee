"""What every importer returns, and the dispatch by format."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from jixiao.core.declaration import Declaration
from jixiao.core.errors import FormError

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


Reader = Callable[[bytes, str], tuple[list[Declaration], list[ImportNote]]]


def _read_json(data: bytes, source: str) -> tuple[list[Declaration], list[ImportNote]]:
    from jixiao.core import declaration

    return declaration.loads(decode_utf8(data, source), source=source), []


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


def decode_utf8(data: bytes, source: str) -> str:
    """UTF-8 text (a BOM is allowed); anything else is refused with the line it fails on."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        hint = ""
        try:
            data.decode("gb18030")
            hint = "，看起来是 GBK/GB18030 编码，请另存为 UTF-8"
        except UnicodeDecodeError:
            pass
        raise FormError(f"不是 UTF-8 编码的文本{hint}", file=source, line=line) from None


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


def read_bytes(data: bytes, name: str, *, format: str = "auto") -> ImportResult:
    """Read forms from the bytes of one file called ``name``."""
    if format not in FORMATS:
        raise FormError(f"不支持的格式 {format!r}（可选：{'、'.join(FORMATS)}）", file=name)
    if not data.strip():
        raise FormError("文件为空", file=name, line=1)
    fmt = detect_format(data, name) if format == "auto" else format
    declarations, notes = _reader(fmt)(data, name)
    if not declarations:
        raise FormError("文件中没有找到申报表", file=name)
    return ImportResult(
        source=name,
        format=fmt,
        sha256=hashlib.sha256(data).hexdigest(),
        declarations=declarations,
        notes=notes,
    )


def read_forms(path: str | Path, *, format: str = "auto") -> ImportResult:
    """Read forms from a file on disk."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise FormError("文件不存在", file=str(path)) from None
    except IsADirectoryError:
        raise FormError("是目录，不是文件", file=str(path)) from None
    except OSError as exc:
        raise FormError(f"无法读取：{exc.strerror}", file=str(path)) from None
    return read_bytes(data, str(path), format=format)
