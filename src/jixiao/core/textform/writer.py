"""A declaration laid out as the published form looks as text (the PDF turned into text).

The cells have fixed widths, so the writer does to a declaration what the print does: long
names are cut and glued to their value, the left level2 label is cut, text is wrapped at the
printed width, a level2 label spanning rows is printed once per half above its rows.  It is
the inverse of ``jixiao.core.importers.text`` (up to what the layout itself loses), which makes
it the generator of test corpora and benchmarks.
"""

from __future__ import annotations

from collections.abc import Iterable

from jixiao.core.declaration import PROJECT_TYPE_LABELS, Declaration, Indicator
from jixiao.core.framework import Framework, get_framework
from jixiao.core.textform.layout import (
    FUND_SOURCE_LABELS,
    FUND_TOTAL_LABELS,
    GOAL_HEADER,
    GOAL_LABEL,
    GOAL_LEFT_WIDTH,
    GOAL_RIGHT_WIDTH,
    LEFT_NAME_WIDTH,
    LEVEL2_WIDTH,
    LOCAL_LABEL_CUT,
    RIGHT_NAME_WIDTH,
    TABLE_HEADER,
    TABLE_MARK,
    TEXT_LABELS,
    TEXT_WIDTH,
    display_width,
    format_amount,
    wrap,
)

DEFAULT_TITLE = "预算部门（单位）项目支出绩效目标申报表"
_INDENT = "     "
_GAP = "       "


def write_texts(declarations: Iterable[Declaration]) -> str:
    """Several forms in one text, as the published file has them."""
    return "\n\n".join(write_text(d) for d in declarations)


def write_text(declaration: Declaration, *, framework: Framework | None = None) -> str:
    """One form in the published text layout."""
    d = declaration
    fw = framework or _framework_for(d)
    out: list[str] = ["", d.title or DEFAULT_TITLE, f"（{d.fiscal_year}年度）"]
    out.append(f"项目名称 {d.project_name}")
    dept = "-".join(p for p in (d.department_code, d.department_name) if p)
    out.append(_cells("主管部门及代码", dept, "实施单位", d.implementing_unit))
    label = d.project_type_label or (PROJECT_TYPE_LABELS[d.project_type] if d.project_type else "")
    years = f"{d.period_years}年" if d.period_years is not None else ""
    out.append(_cells("项目属性", label, "项目期", years))
    out += _funds(d)
    for key, label in TEXT_LABELS.items():
        out += _text_field(label, getattr(d, key))
    out.append(GOAL_HEADER)
    out += _goals(d.goal_implementation, d.goal_annual)
    out += list(TABLE_MARK)
    out.append(TABLE_HEADER)
    out += _table(d.indicators, fw)
    out.append(
        f"负责人：{_sp(d.responsible_person)} 经办人：{_sp(d.handler)} "
        f"联系电话：{_sp(d.phone)} 填报日期：    "
        + (d.filled_at.strftime("%Y%m%d%H%M%S") if d.filled_at else "")
    )
    return "\n\n".join(line.rstrip() for line in out) + "\n"


def _framework_for(d: Declaration) -> Framework:
    level2s = {ind.level2 for ind in d.indicators}
    seed = get_framework("seed")
    return seed if level2s <= set(seed.level2s) else get_framework("2021")


def _sp(text: str | None) -> str:
    return f" {text}" if text else ""


def _cells(label1: str, text1: str | None, label2: str, text2: str | None) -> str:
    return f"{label1}{_sp(text1)} {label2}{_sp(text2)}"


# -- funds ------------------------------------------------------------------------------


def _funds(d: Declaration) -> list[str]:
    unit = "（元）"
    impl, annual = d.funds.implementation, d.funds.annual
    lines = ["项目资金", unit]
    total_i, total_a = format_amount(impl.total), format_amount(annual.total)
    lines.append(
        f"{FUND_TOTAL_LABELS['implementation']}：{_sp(total_i)} "
        f"{FUND_TOTAL_LABELS['annual']}：{_sp(total_a)}"
    )
    for key, label in FUND_SOURCE_LABELS.items():
        a, b = format_amount(getattr(impl, key)), format_amount(getattr(annual, key))
        if key == "central":
            lines.append(f"其中：{label}{_sp(a)} 其中：{label}{_sp(b)}")
        elif key == "local":
            # The published form cuts this label in the left cell: 市县（区）财政资 / 金, and
            # prints the amount on the line of the right half.
            lines += [_INDENT + label[:LOCAL_LABEL_CUT], label[LOCAL_LABEL_CUT:]]
            lines.append(f"{a}{_GAP}{label}{_sp(b)}".lstrip())
        else:
            lines.append(f"{_INDENT}{label}{_sp(a)}{_GAP}{label}{_sp(b)}")
    return lines


# -- text -------------------------------------------------------------------------------


def _text_field(label: str, text: str | None) -> list[str]:
    if not text:
        return [label]
    if display_width(text) <= TEXT_WIDTH + 1e-9:
        return [f"{label} {text}"]
    return [label + "\n" + "\n".join(wrap(text, TEXT_WIDTH))]


def _goals(left: str | None, right: str | None) -> list[str]:
    lines_l = wrap(left, GOAL_LEFT_WIDTH) if left else []
    lines_r = wrap(right, GOAL_RIGHT_WIDTH) if right else []
    if len(lines_l) <= 1 and len(lines_r) <= 1:
        return [" ".join([GOAL_LABEL, *lines_l, *lines_r])]
    if len(lines_l) == 1:
        return [f"{GOAL_LABEL} {lines_l[0]}\n" + "\n".join(lines_r)]
    return [GOAL_LABEL + "\n" + "\n".join(lines_l + lines_r)]


# -- the indicator table -----------------------------------------------------------------


def _half(ind: Indicator, width: int) -> str:
    # A name that fills its cell is cut there and its value printed right after it.
    name = ind.name[:width]
    return f"{name}{'' if len(ind.name) >= width else ' '}{ind.value}"


def _label(level2: str, *, left: bool, row: str | None) -> str:
    printed = level2[:LEVEL2_WIDTH] if left else level2
    if row is None:
        return printed
    return f"{printed}{'' if len(printed) >= LEVEL2_WIDTH else ' '}{row}"


def _block(level2: str, lefts: list[Indicator], rights: list[Indicator]) -> list[str]:
    left = [_half(i, LEFT_NAME_WIDTH) for i in lefts]
    right = [_half(i, RIGHT_NAME_WIDTH) for i in rights]
    label_l = _label(level2, left=True, row=None)
    label_r = _label(level2, left=False, row=None)
    if len(left) <= 1 and len(right) <= 1:
        return [
            " ".join(
                [
                    _label(level2, left=True, row=left[0] if left else None),
                    _label(level2, left=False, row=right[0] if right else None),
                ]
            )
        ]
    if not right:
        return [f"{_label(level2, left=True, row=left[0])} {label_r}", *left[1:]]
    if not left:
        return [f"{label_l} {_label(level2, left=False, row=right[0])}", *right[1:]]
    # A label spanning rows is printed above its rows, once for each half; the first row of
    # each half goes with it, the other rows of both halves share their lines.
    lines = [label_l, left[0], label_r, right[0]]
    for i in range(1, max(len(left), len(right))):
        lines.append(" ".join(h[i] for h in (left, right) if i < len(h)))
    return lines


def _table(indicators: list[Indicator], fw: Framework) -> list[str]:
    out = []
    for level1, level2s in fw.levels.items():
        group: list[str] = []
        for level2 in level2s:
            lefts = [i for i in indicators if i.level2 == level2 and i.period == "implementation"]
            rights = [i for i in indicators if i.level2 == level2 and i.period == "annual"]
            group += _block(level2, lefts, rights)
        if len(group) == 1:
            out.append(f"{level1} {group[0]}")
        else:
            out += [level1, *group]
    return out
