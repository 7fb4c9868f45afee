"""The encoding of a text file: UTF-8, else what a byte-order mark or charset-normalizer says.

Older Windows tools save GBK (GB18030 is its superset); Notepad may add a BOM or save UTF-16.
Such a file is converted, with a note saying so; a file that no encoding explains (or that
holds NUL bytes without a UTF-16/32 mark: a binary file) is refused.
"""

from __future__ import annotations

import codecs

from jixiao.core.errors import FormError

# Encodings a Chinese form may come in; charset-normalizer chooses among these only, so a
# GBK file is never read as some Western code page.
CANDIDATES = ["utf_8", "gb18030", "big5", "utf_16", "utf_32"]
_BOMS = (  # longest first: the UTF-32 LE mark starts with the UTF-16 LE one
    (codecs.BOM_UTF32_LE, "utf_32", "UTF-32"),
    (codecs.BOM_UTF32_BE, "utf_32", "UTF-32"),
    (codecs.BOM_UTF8, "utf_8_sig", "UTF-8（带 BOM）"),
    (codecs.BOM_UTF16_LE, "utf_16", "UTF-16"),
    (codecs.BOM_UTF16_BE, "utf_16", "UTF-16"),
    (b"\x84\x31\x95\x33", "gb18030", "GB18030"),
)
_NAMES = {"gb18030": "GB18030", "big5": "Big5", "utf_16": "UTF-16", "utf_32": "UTF-32"}


def decode_text(data: bytes, source: str) -> tuple[str, str | None]:
    """The text of ``data`` and, when it was not plain UTF-8, the encoding's name for a note."""
    for bom, codec, name in _BOMS:
        if data.startswith(bom):
            return _decode(data, codec, source), name
    if b"\x00" in data:
        line = data[: data.index(b"\x00")].count(b"\n") + 1
        raise FormError("不是文本文件（含有二进制内容）", file=source, line=line)
    try:
        return _whole(data, "utf_8"), None
    except UnicodeDecodeError as exc:
        utf8_error = exc
    codec = _detect(data)
    if codec is None:
        line = data[: utf8_error.start].count(b"\n") + 1
        raise FormError(
            "无法识别文件的编码（不是 UTF-8，也不是 GBK/GB18030、Big5 或带 BOM 的 UTF-16），"
            "请另存为 UTF-8",
            file=source,
            line=line,
        )
    if codec == "gb18030":
        # GBK is the common case and the name users know; GB18030 only when GBK cannot say it.
        try:
            return _whole(data, "gbk"), "GBK"
        except UnicodeDecodeError:
            pass
    return _decode(data, codec, source), _NAMES.get(codec, codec)


def _detect(data: bytes) -> str | None:
    import charset_normalizer

    # A file cut inside its last character: detect on the whole characters before it.
    for cut in range(4 if data[-1] >= 0x80 else 1):
        matches = list(
            charset_normalizer.from_bytes(data[: len(data) - cut], cp_isolation=CANDIDATES)
        )
        if matches:
            # Forms here are mainland forms: where GB18030 reads the bytes as cleanly as
            # another encoding (a short text may be valid Big5 too), it is GB18030.
            best = min(matches, key=lambda m: (m.chaos, m.encoding != "gb18030"))
            return best.encoding
    return None


def _whole(data: bytes, codec: str) -> str:
    """``data`` decoded; a character cut at the very end (a truncated file) is dropped, so the
    reader can say where the form stops."""
    try:
        return data.decode(codec)
    except UnicodeDecodeError as exc:
        if exc.end == len(data) and ("end of data" in exc.reason or "incomplete" in exc.reason):
            return data[: exc.start].decode(codec)
        raise


def _decode(data: bytes, codec: str, source: str) -> str:
    try:
        return _whole(data, codec)
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise FormError(
            f"不是有效的 {_NAMES.get(codec, codec)} 文本", file=source, line=line
        ) from None
