"""The funds block (项目资金) of the published text form.

Each row prints the implementation half, then the annual half: ``label amount label amount``.
A label may be cut over lines (``市县（区）财政资`` / ``金``), an amount may sit on the line of
the next label, and an empty cell prints nothing.  So the block is read as one stream of labels
and the amounts between them, not line by line.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from decimal import Decimal
from functools import cache

from jixiao.core.declaration import FundBreakdown, Funds
from jixiao.core.errors import FormError
from jixiao.core.textform.layout import FUND_SOURCE_LABELS, FUND_TOTAL_LABELS

_WAN_YUAN = re.compile(r"[（(]\s*万元\s*[)）]")
_DECIMAL = re.compile(r"[+]?(?:\d+(?:\.\d*)?|\.\d+)")
PERIOD_NAMES = {"implementation": "实施期", "annual": "年度"}
AMOUNT_DIGITS = 16  # what the database stores (importers/base.py AMOUNT_LIMIT)


def _spaced(label: str) -> str:
    # A cut label continues on a later line: allow any whitespace between its characters.
    return r"\s*".join(re.escape(ch) for ch in label)


@cache
def _label_re() -> re.Pattern:
    parts = [f"(?P<total_{k}>{_spaced(v)})\\s*[：:]?" for k, v in FUND_TOTAL_LABELS.items()]
    parts += [f"(?P<src_{k}>{_spaced(v)})" for k, v in FUND_SOURCE_LABELS.items()]
    # Every label starts with one of a few characters: the lookahead lets the scan skip the
    # other positions without trying each label there (a third of the time).
    firsts = sorted({v[0] for v in (*FUND_TOTAL_LABELS.values(), *FUND_SOURCE_LABELS.values())})
    return re.compile(f"(?=[{re.escape(''.join(firsts))}])(?:{'|'.join(parts)})")


_NOISE = re.compile(r"项目资金|[（(]\s*(?:万?元)\s*[)）]|其中\s*[：:]")


def read_funds(
    lines: list[tuple[int, str]], source: str
) -> tuple[Funds, list[tuple[int, str, str]]]:
    """The funds of both halves, in 元, with notes (line, kind, message)."""
    notes: list[tuple[int, str, str]] = []
    text = "\n".join(t for _, t in lines)
    starts = []
    pos = 0
    for _, t in lines:
        starts.append(pos)
        pos += len(t) + 1

    def line_at(offset: int) -> int:
        return lines[bisect_right(starts, offset) - 1][0]

    factor = Decimal(1)
    unit = _WAN_YUAN.search(text) if "万元" in text else None
    if unit:
        factor = Decimal(10_000)
        notes.append((line_at(unit.start()), "unit", "项目资金以万元填报，已换算为元"))

    halves: dict[str, dict[str, Decimal | None]] = {"implementation": {}, "annual": {}}
    seen: dict[str, int] = {}
    matches = list(_label_re().finditer(text))
    for i, m in enumerate(matches):
        group = m.lastgroup
        kind, key = group.split("_", 1)
        if kind == "total":
            period = key
            key = "total"
        else:
            count = seen.get(key, 0)
            seen[key] = count + 1
            if count > 1:
                notes.append(
                    (
                        line_at(m.start()),
                        "doubtful",
                        f"资金项「{FUND_SOURCE_LABELS[key]}」出现两次以上，多出的已略去",
                    )
                )
                continue
            period = "implementation" if count == 0 else "annual"
        printed = m.group(group)
        if "\n" in printed:
            shown = "/".join(printed.split())
            label = "".join(printed.split())
            notes.append(
                (line_at(m.start()), "label", f"资金项「{shown}」被分行印出，读作「{label}」")
            )
        end = matches[i + 1].start() if i + 1 < len(matches) else len(text)
        cell = [part.strip() for part in _NOISE.sub(" ", text[m.end() : end]).split("\n")]
        cell = [part for part in cell if part]
        if len(cell) > 1:
            # A page number printed between two rows: a short bare number on a line of its own.
            # The amount is the one that is not such a number, else the first one.
            short = [part.isdigit() and len(part) <= 3 for part in cell]
            keep = short.index(False) if False in short else 0
            for j, part in enumerate(cell):
                if j != keep and short[j]:
                    offset = text.index(part, m.end())
                    notes.append((line_at(offset), "page", f"「{part}」是页码，已略去"))
            cell = [part for j, part in enumerate(cell) if j == keep or not short[j]]
        raw = " ".join(cell)
        if len(raw.split()) > 1:
            raise FormError(
                f"资金项「{''.join(printed.split())}」后有不止一个金额：{raw}",
                file=source,
                line=line_at(m.end()),
            )
        amount = _amount(raw, source, m.end(), line_at, period, key)
        if amount is not None and factor != 1:
            amount = amount * factor
            if amount == amount.to_integral_value():
                amount = amount.quantize(Decimal(1))
        halves[period][key] = amount
    return Funds(**{k: FundBreakdown(**v) for k, v in halves.items()}), notes


def _amount(raw: str, source: str, offset: int, line_at, period: str, key: str) -> Decimal | None:
    text = "".join(raw.replace(",", "").replace("，", "").split())
    if not text:
        return None
    label = FUND_TOTAL_LABELS[period] if key == "total" else FUND_SOURCE_LABELS[key]
    number = text[:-1] if text.endswith("元") else text  # 15,000,000元: the block's unit is 元
    if not ((number.isascii() and number.isdigit()) or _DECIMAL.fullmatch(number)):
        problem = f"「{raw}」不是数字"
    elif (digits := len(number.lstrip("+").split(".")[0])) > AMOUNT_DIGITS:
        # Refused before it is converted or multiplied (a 万元 amount is scaled by 10,000).
        problem = f"有 {digits:,} 位整数，超出范围（最多 16 位整数）"
    else:
        return Decimal(number)
    raise FormError(
        f"{PERIOD_NAMES[period]}「{label}」的金额{problem}",
        file=source,
        line=line_at(offset),
        field=label,
    )
