"""Searching an output for a phone number in clear, whatever script its digits are in.

Written apart from ``jixiao.core.disclosure`` on purpose: the search must not share the
masker's idea of what a digit or a separator is.
"""

import unicodedata

_CHINESE = dict(zip("〇零一幺二三四五六七八九", "001123456789", strict=True))
# Dropped before searching: what may sit between the digits of one number, line breaks of
# wrapped PDF text included.
_GLUE = set(" \u00a0\u3000-‐‑‒–—―－()（）\n\r\t")


def visible_digits(text: str) -> str:
    """``text`` as the digits a reader sees (ASCII), ``*`` for masked ones, ``|`` elsewhere."""
    out = []
    for ch in text:
        if ch in _GLUE:
            continue
        value = unicodedata.decimal(ch, None)
        if value is not None:
            out.append(str(value))
        elif ch in _CHINESE:
            out.append(_CHINESE[ch])
        elif ch in "*＊":
            out.append("*")
        else:
            out.append("|")
    return "".join(out)


def clear_windows(text: str, number: str, width: int = 7) -> list[str]:
    """The runs of ``width`` consecutive digits of ``number`` that ``text`` shows in clear."""
    digits = visible_digits(number).replace("|", "")
    seen = visible_digits(text)
    windows = {digits[i : i + width] for i in range(len(digits) - width + 1)}
    return sorted(w for w in windows if "*" not in w and w in seen)
