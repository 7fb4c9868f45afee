"""Reads back the text that ``pdftotext -layout`` extracts from the PDFs we write.

The form (``core/exporters/pdf.py``) is laid out so that its extracted text is unambiguous:

- every page ends with the marker line ``绩效目标管理系统导出  第 N 页`` (dropped here);
- every cell is top-aligned and rows carry padding, so a table row is a run of non-blank
  lines and rows are separated by a blank line; lines inside a cell have no blank between;
- spaces inside data are printed as no-break spaces, so an ASCII space in the extracted text
  always separates cells ("chunks");
- row labels are fixed and never wrap; a cell's continuation lines start at its own column,
  so a continuation chunk belongs to the nearest cell of the row's first line.

Everything is read from the visible form; nothing hidden carries data.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from jixiao.core.declaration import (
    FUND_SOURCES,
    PERIODS,
    Declaration,
    FundBreakdown,
    Funds,
    Indicator,
)
from jixiao.core.errors import FormError
from jixiao.core.exporters import layout
from jixiao.core.framework import all_level2s
from jixiao.core.importers.base import ImportNote

_CHUNK = re.compile(r"[^ \t\r\n]+")
_PHRASE = re.compile(r"[^ \t\r\n]+(?: [^ \t\r\n]+)*")
_YEAR = re.compile(r"^（(\d{4})年度）$")
NBSP = "\u00a0"


def looks_like(text: str) -> bool:
    """Whether ``text`` was extracted from a PDF this system wrote."""
    return layout.MARKER in text


@dataclass
class Chunk:
    col: int
    text: str


@dataclass
class Line:
    number: int
    chunks: list[Chunk]
    raw: str = ""

    def phrases(self) -> Line:
        """The line cut only at runs of two or more spaces: a single space may be data."""
        chunks = [Chunk(m.start(), m.group()) for m in _PHRASE.finditer(self.raw)]
        return Line(self.number, chunks, self.raw)

    @property
    def texts(self) -> list[str]:
        return [c.text for c in self.chunks]


@dataclass
class Group:
    """One table row: consecutive non-blank lines; ``after_break`` if a page began with it."""

    lines: list[Line]
    after_break: bool = False

    @property
    def first(self) -> Line:
        return self.lines[0]

    @property
    def number(self) -> int:
        return self.first.number

    @property
    def texts(self) -> list[str]:
        return self.first.texts


@dataclass
class Cell:
    """One cell's text: chunks of one line are joined by a space (the data had one), wrapped
    lines by nothing (Chinese text has no spaces between words)."""

    col: int
    parts: list[str] = field(default_factory=list)
    last_line: int = -1

    def add(self, chunk: Chunk, line: int) -> None:
        if self.parts and line == self.last_line:
            self.parts.append(" ")
        self.parts.append(chunk.text)
        self.last_line = line

    @property
    def text(self) -> str:
        return "".join(self.parts)


def _groups(text: str) -> list[Group]:
    """The text's rows: runs of non-blank lines, page footers dropped."""
    groups: list[Group] = []
    number = 0
    for page_index, page in enumerate(text.split("\f")):
        current: list[Line] = []
        after_break = page_index > 0
        for raw in page.split("\n"):
            number += 1
            if layout.MARKER in raw:
                continue
            raw = raw.replace(NBSP, " ").rstrip("\r")
            chunks = [Chunk(m.start(), m.group()) for m in _CHUNK.finditer(raw)]
            if chunks:
                current.append(Line(number, chunks, raw))
            elif current:
                groups.append(Group(current, after_break))
                current, after_break = [], False
        if current:
            groups.append(Group(current, after_break))
    return groups


def _row_labels() -> set[str]:
    return {
        *layout.HEADER_LABELS.values(),
        layout.FUNDS_LABEL,
        *(layout.source_label(s) for s in FUND_SOURCES),
        *layout.TEXT_LABELS.values(),
        layout.GOALS_LABEL,
        *layout.GOAL_LABELS.values(),
        layout.INDICATORS_LABEL,
        layout.FOOTER_LABELS["responsible_person"],
    }


_FOOTER = layout.FOOTER_LABELS["responsible_person"]


def _split_at_labels(groups: list[Group]) -> list[Group]:
    """Cut a group where a line starts with a row label left of the first line's content.

    Some extractors (pdfplumber) drop the blank line between two rows now and then; a row
    label standing where labels stand still tells where the next row begins.
    """
    labels = _row_labels()
    out: list[Group] = []
    for group in groups:
        first = group.first.chunks
        limit = first[1].col if len(first) > 1 else first[0].col
        current = Group([group.first], group.after_break)
        for line in group.lines[1:]:
            head = line.chunks[0]
            if head.col <= limit and (head.text in labels or head.text.startswith(_FOOTER)):
                out.append(current)
                current = Group([line])
            else:
                current.lines.append(line)
        out.append(current)
    return out


def _fill(cells: list[Cell], lines: list[Line]) -> None:
    """Give each continuation chunk to the nearest cell of the row's first line."""
    if not cells:
        return
    for line in lines:
        for chunk in line.chunks:
            nearest = min(cells, key=lambda c: abs(c.col - chunk.col))
            nearest.add(chunk, line.number)


def _labelled(group: Group, labels: list[str], source: str) -> dict[str, str]:
    """A row of label cells each followed by its value cell; values may wrap."""
    values: dict[str, Cell] = {}
    pending = list(labels)
    current: str | None = None
    for chunk in group.first.chunks:
        if pending and chunk.text.startswith(pending[0]):
            current = pending.pop(0)
            values[current] = Cell(col=-1)
            rest = chunk.text[len(current) :]
            if not rest:
                continue
            # Some extractors glue a right-aligned label to its value: 经办人：李小军.
            chunk = Chunk(chunk.col + len(current), rest)
        if current is None:
            raise FormError(
                f"此处应为「{labels[0]}」，却是「{chunk.text}」", file=source, line=group.number
            )
        cell = values[current]
        if cell.col < 0:
            cell.col = chunk.col
        cell.add(chunk, group.first.number)
    if pending:
        raise FormError(f"缺少「{pending[0]}」一栏", file=source, line=group.number)
    _fill([c for c in values.values() if c.col >= 0], group.lines[1:])
    return {label: cell.text for label, cell in values.items()}


@dataclass
class _Reader:
    groups: list[Group]
    source: str
    pos: int = 0

    def peek(self) -> Group | None:
        return self.groups[self.pos] if self.pos < len(self.groups) else None

    def take(self, what: str) -> Group:
        group = self.peek()
        if group is None:
            raise FormError(f"表格不完整，缺少「{what}」", file=self.source)
        self.pos += 1
        return group

    def expect(self, label: str) -> Group:
        group = self.take(label)
        if group.texts[0] != label:
            raise FormError(
                f"此处应为「{label}」，却是「{group.texts[0]}」",
                file=self.source,
                line=group.number,
            )
        return group


def read_layout_text(text: str, source: str) -> tuple[list[Declaration], list[ImportNote]]:
    """The declarations in text extracted (``pdftotext -layout``) from our PDF."""
    groups = _split_at_labels(_groups(text))
    starts = [i for i, g in enumerate(groups) if _YEAR.match("".join(g.lines[-1].texts))]
    if not starts:
        raise FormError("没有找到“（YYYY年度）”一行，不是本系统导出的申报表", file=source)
    declarations = []
    for n, start in enumerate(starts):
        end = starts[n + 1] if n + 1 < len(starts) else len(groups)
        head = groups[start]
        title_lines = head.lines[:-1] or (groups[start - 1].lines if start > 0 else [])
        body = groups[start + 1 : end]
        if n + 1 < len(starts) and len(groups[end].lines) == 1:
            body = body[:-1]  # the next form's title stands alone
        try:
            declarations.append(_declaration(title_lines, head.lines[-1], body, source))
        except (ValueError, IndexError, ArithmeticError) as exc:
            # Text that only resembles our layout (edited by hand, another extractor): one
            # clear line naming the form, never a traceback.
            raise FormError(
                f"第 {n + 1} 张申报表不符合本系统导出的版式：{exc}",
                file=source,
                line=head.lines[-1].number,
            ) from None
    return declarations, []


def _declaration(title: list[Line], year: Line, body: list[Group], source: str) -> Declaration:
    reader = _Reader(body, source)
    data: dict = {
        "title": "".join("".join(line.texts) for line in title) or None,
        "fiscal_year": int(_YEAR.match("".join(year.texts)).group(1)),
    }
    labels = layout.HEADER_LABELS
    while (group := reader.peek()) and group.texts[0].startswith(layout.STAMP_LABEL[:4]):
        reader.pos += 1  # the stamp line above the table carries no data
    row = _labelled(reader.expect(labels["project_name"]), [labels["project_name"]], source)
    data["project_name"] = row[labels["project_name"]]
    row = _labelled(
        reader.expect(labels["department"]),
        [labels["department"], labels["implementing_unit"]],
        source,
    )
    data["department_code"], data["department_name"] = layout.split_department(
        row[labels["department"]]
    )
    data["implementing_unit"] = row[labels["implementing_unit"]] or None
    row = _labelled(
        reader.expect(labels["project_type"]),
        [labels["project_type"], labels["period_years"]],
        source,
    )
    type_label = row[labels["project_type"]]
    data["project_type_label"] = type_label or None
    data["project_type"] = layout.project_type_of(type_label)
    years = row[labels["period_years"]].removesuffix("年")
    if years and not years.isdigit():
        raise FormError(
            f"项目期「{years}」不是年数", file=source, line=reader.groups[reader.pos - 1].number
        )
    data["period_years"] = int(years) if years else None
    data["funds"] = _funds(reader, source)
    _texts(reader, data, source)
    _goals(reader, data, source)
    data["indicators"] = _indicators(reader, source)
    _footer(reader, data, source)
    try:
        return Declaration.model_validate(data)
    except ValueError as exc:
        raise FormError(f"申报表内容不合格式：{exc}", file=source, line=year.number) from None


def _funds(reader: _Reader, source: str) -> Funds:
    halves = {p: {} for p in PERIODS}
    first = reader.expect(layout.FUNDS_LABEL)
    row = _labelled(
        first,
        [layout.FUNDS_LABEL, *(layout.HALF_TOTAL_LABELS[p] for p in PERIODS)],
        source,
    )
    for period in PERIODS:
        halves[period]["total"] = _amount(row[layout.HALF_TOTAL_LABELS[period]], source, first)
    for src in FUND_SOURCES:
        label = layout.source_label(src)
        group = reader.expect(label)
        values = _labelled_twice(group, label, source)
        for period, value in zip(PERIODS, values, strict=True):
            halves[period][src] = _amount(value, source, group)
    return Funds(**{p: FundBreakdown(**halves[p]) for p in PERIODS})


def _labelled_twice(group: Group, label: str, source: str) -> list[str]:
    out: list[str] = []
    for chunk in group.first.chunks:
        if chunk.text == label:
            out.append("")
        elif out:
            out[-1] += chunk.text
    if len(out) != 2:
        raise FormError(f"「{label}」一行应有两栏", file=source, line=group.number)
    return out


def _amount(text: str, source: str, group: Group):
    try:
        return layout.parse_amount(text)
    except ArithmeticError:
        raise FormError(
            f"金额「{text}」不是数字", file=source, line=group.number, field="项目资金"
        ) from None


def _texts(reader: _Reader, data: dict, source: str) -> None:
    for key, label in layout.TEXT_LABELS.items():
        group = reader.expect(label)
        parts = [_labelled(group, [label], source)[label]]
        parts += _page_continuations(reader)
        data[key] = "".join(parts) or None


def _page_continuations(reader: _Reader) -> list[str]:
    """Text of a row the page break cut: groups after the break that start with no label."""
    parts = []
    while (group := reader.peek()) and group.after_break and group.texts[0] not in _ALL_LABELS:
        reader.pos += 1
        parts += ["".join(line.texts) for line in group.lines]
    return parts


_ALL_LABELS = {
    *layout.HEADER_LABELS.values(),
    *layout.TEXT_LABELS.values(),
    layout.GOALS_LABEL,
    *layout.GOAL_LABELS.values(),  # 年度目标 may begin a page: not 实施期目标's continuation
    layout.INDICATORS_LABEL,
    layout.FUNDS_LABEL,
}


def _goals(reader: _Reader, data: dict, source: str) -> None:
    first = True
    for key, label in layout.GOAL_LABELS.items():
        group = reader.take(label)
        labels = [layout.GOALS_LABEL, label] if first else [label]
        if group.texts[: len(labels)] != labels:
            raise FormError(
                f"此处应为「{'　'.join(labels)}」，却是「{group.texts[0]}」",
                file=source,
                line=group.number,
            )
        row = _labelled(group, labels, source)
        parts = [row[label]] + _page_continuations(reader)
        data[key] = "".join(parts) or None
        first = False


_HEADER_ROWS = (
    [layout.INDICATORS_LABEL],
    [layout.INDICATOR_HEADERS[0], *layout.HALF_LABELS.values()],
    [*layout.INDICATOR_HEADERS[1:]] * 2,
)


def _indicators(reader: _Reader, source: str) -> list[Indicator]:
    reader.expect(layout.INDICATORS_LABEL)
    halves: dict[str, list[Indicator]] = {p: [] for p in PERIODS}
    level1 = level2 = None
    anchors: dict[str, int] = {}
    while (group := reader.peek()) and group.texts[0] != layout.FOOTER_LABELS["responsible_person"]:
        reader.pos += 1
        texts = group.texts
        if texts in _HEADER_ROWS:
            if texts == _HEADER_ROWS[2]:
                anchors = {
                    "left": group.first.chunks[0].col,
                    "right": group.first.chunks[3].col,
                }
            continue
        try:
            row = _indicator_row(group, level1, level2, anchors, source)
        except FormError:
            # Data with a space in it splits a cell in two; read the row again cutting only
            # where the gap between cells is wider than one space.
            wide = Group([line.phrases() for line in group.lines], group.after_break)
            row = _indicator_row(wide, level1, level2, anchors, source)
        level1, level2 = row.level1, row.level2
        for period in PERIODS:
            name, value = row.cells[period]
            if name is not None:
                halves[period].append(
                    Indicator(
                        period=period,
                        level1=level1,
                        level2=level2,
                        name=name.text,
                        value=value.text,
                    )
                )
    return halves["implementation"] + halves["annual"]


@dataclass
class _Row:
    level1: str
    level2: str
    cells: dict[str, tuple[Cell | None, Cell | None]]


def _indicator_row(
    group: Group, level1: str | None, level2: str | None, anchors: dict[str, int], source: str
) -> _Row:
    chunks = group.first.chunks
    texts = [c.text for c in chunks]
    labels_at = _level2_pair(texts)
    if labels_at is not None:
        k, j = labels_at
        if k == 1:
            level1 = texts[0]
        level2 = texts[k]
        left, right = chunks[k + 1 : j], chunks[j + 1 :]
        anchors = {**anchors, "right": chunks[j].col}
    else:
        split = anchors.get("right")
        if split is None or level2 is None:
            raise FormError(
                "绩效指标表的行缺少二级指标", file=source, line=group.number, field="绩效指标"
            )
        if len(chunks) == 4:
            left, right = chunks[:2], chunks[2:]
        else:
            left = [c for c in chunks if c.col < split]
            right = [c for c in chunks if c.col >= split]
    if level1 is None or level2 is None:
        raise FormError("绩效指标表的行缺少一级或二级指标", file=source, line=group.number)
    cells: dict[str, tuple[Cell | None, Cell | None]] = {}
    present: list[Cell] = []
    for period, half in zip(PERIODS, (left, right), strict=True):
        if not half:
            cells[period] = (None, None)
            continue
        if len(half) > 2:
            raise FormError(
                f"绩效指标表的一行中有多余的内容「{' '.join(c.text for c in half)}」",
                file=source,
                line=group.number,
            )
        name = Cell(half[0].col)
        name.add(half[0], group.number)
        value = Cell(half[1].col if len(half) > 1 else 10**6)
        if len(half) > 1:
            value.add(half[1], group.number)
        cells[period] = (name, value)
        present += [name] + ([value] if len(half) > 1 else [])
    _fill(present, group.lines[1:])
    return _Row(level1, level2, cells)


def _level2_pair(texts: list[str]) -> tuple[int, int] | None:
    """Where the level2 label stands in both halves of a row that starts a level2 group."""
    for k in (0, 1):
        for j in (k + 1, k + 3):
            if j < len(texts) and texts[k] == texts[j] and _is_label(texts[k]):
                return k, j
    return None


def _is_label(text: str) -> bool:
    return text in all_level2s() or text.endswith("指标")


def _footer(reader: _Reader, data: dict, source: str) -> None:
    labels = list(layout.FOOTER_LABELS.values())
    group = reader.expect(labels[0])
    row = _labelled(group, labels, source)
    for key, label in layout.FOOTER_LABELS.items():
        value = row[label] or None
        if key == "filled_at" and value:
            try:
                value = layout.parse_date(value)
            except ValueError:
                raise FormError(
                    f"填报日期「{value}」格式不对", file=source, line=group.number, field="填报日期"
                ) from None
        data[key] = value
