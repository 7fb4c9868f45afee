"""A printed table that fits the page whatever it holds.

reportlab splits a table only between rows that no row span crosses, and a row only where
every cell can split itself; when it cannot, the whole document fails.  A form with many
indicators under one level (one long span) or a text longer than a page is ordinary input,
so ``GridTable`` splits itself:

- each page gets one plain reportlab table: the head rows (repeated on every page), then the
  rows that fit;
- a row span that the page break cuts starts again on the next page, its text repeated
  (``repeat``: the level labels of an indicator table) or left blank (the label of a long
  text, which reads as its continuation);
- a row taller than what is left of the page is cut between two lines of its cells, unless
  it fits a page whole and ``keep_rows_within`` says to move such rows whole.

Every cell's text is broken into lines here (``pdfkit.wrap_lines``), so a cut never loses or
repeats a character, and no line is wider than its cell.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable, Paragraph, Table, TableStyle

from jixiao.core.exporters.pdfkit import NO_BREAK_SPACE, styles, wrap_lines


@dataclass(frozen=True)
class GridCell:
    """One cell: its text, its column and how many columns and rows it spans."""

    text: str
    col: int
    span: int = 1
    rows: int = 1
    style: str = "cell"
    repeat: bool = False  # print the text again where a row span continues on a new page
    fill: str | None = None  # background, hex RGB


@dataclass(frozen=True, eq=False)
class _Placed:
    """A cell with its text broken into lines; ``spans`` if it covers rows below."""

    cell: GridCell
    lines: tuple[str, ...]
    spans: bool = False


@dataclass(frozen=True)
class _Cover:
    """A position under the row span of ``placed``, which begins in a row above."""

    placed: _Placed


Row = dict[int, "_Placed | _Cover"]
MIN_LINES = 2


class GridTable(Flowable):
    """A table of ``GridCell`` rows; the first ``head`` rows are repeated on every page.

    ``commands`` are table style commands applied to every page's table (row indices count
    from the page's first row, head included).  ``padding`` is the vertical cell padding
    the commands set, used to cut rows by lines.
    """

    def __init__(
        self,
        rows: Sequence[Sequence[GridCell]],
        widths: Sequence[float],
        *,
        head: int = 0,
        commands: Sequence[tuple] = (),
        padding: float = 3,
        cell_styles: Mapping[str, ParagraphStyle] | None = None,
        keep_rows_within: float | None = None,
    ) -> None:
        super().__init__()
        self.widths = list(widths)
        self.commands = list(commands)
        self.padding = padding
        # The lines are broken here: reportlab only sets them (its CJK line breaking of
        # every character again would be most of the time a long table costs).
        self.cell_styles = {
            name: ParagraphStyle(f"{name}-lines", parent=style, wordWrap=None)
            for name, style in (cell_styles or styles()).items()
        }
        self.keep_rows_within = keep_rows_within
        self.hAlign = "CENTER"
        grid = self._grid(rows)
        self.head, self.body = grid[:head], grid[head:]
        self._whole: Table | None = None
        self._head_cache: float | None = None

    @classmethod
    def _continued(cls, template: GridTable, body: list[Row]) -> GridTable:
        """The rest of ``template`` from ``body`` on, for the next page."""
        rest = cls([], template.widths)
        for name in ("commands", "padding", "cell_styles", "keep_rows_within", "head"):
            setattr(rest, name, getattr(template, name))
        rest.body, rest._head_cache = body, template._head_cache
        return rest

    # -- laying out ---------------------------------------------------------------------

    def _grid(self, rows: Sequence[Sequence[GridCell]]) -> list[Row]:
        grid: list[Row] = [{} for _ in rows]
        for r, cells in enumerate(rows):
            for cell in cells:
                width = sum(self.widths[cell.col : cell.col + cell.span])
                placed = _Placed(cell, tuple(self._lines(cell, width)), cell.rows > 1)
                grid[r][cell.col] = placed
                for below in range(1, min(cell.rows, len(rows) - r)):
                    grid[r + below][cell.col] = _Cover(placed)
        return grid

    def _lines(self, cell: GridCell, width: float) -> list[str]:
        if not cell.text:
            return []
        style = self.cell_styles[cell.style]
        inner = width - 2 * self._pad_x() - style.leftIndent - style.rightIndent - 0.5
        return wrap_lines(cell.text, inner, style.fontSize)

    def _pad_x(self) -> float:
        pads = [c[3] for c in self.commands if c[0] in ("LEFTPADDING", "RIGHTPADDING")]
        return max(pads, default=6)

    def _table(self, body: list[Row]) -> Table:
        rows = self.head + body
        data: list[list] = [[""] * len(self.widths) for _ in rows]
        commands = list(self.commands)
        in_head = {id(i) for row in self.head for i in row.values()}
        for r, row in enumerate(rows):
            for col, item in row.items():
                if isinstance(item, _Cover):
                    # Drawn by its span's first cell, unless that is on an earlier page:
                    # then the span starts again here, its text repeated or left out.
                    if r != len(self.head) or id(item.placed) in in_head:
                        continue
                    placed = item.placed
                    lines = placed.lines if placed.cell.repeat else ()
                else:
                    placed, lines = item, item.lines
                cell = placed.cell
                last = r
                while last + 1 < len(rows) and _covers(rows[last + 1].get(col), placed):
                    last += 1
                end = (col + cell.span - 1, last)
                if lines:
                    data[r][col] = self._paragraph(cell, lines)
                if end != (col, r):
                    commands.append(("SPAN", (col, r), end))
                if cell.fill:
                    commands.append(("BACKGROUND", (col, r), end, colors.HexColor("#" + cell.fill)))
        table = Table(data, colWidths=self.widths)
        table.setStyle(TableStyle(commands))
        return table

    def _paragraph(self, cell: GridCell, lines: Sequence[str]) -> Paragraph:
        # No-break spaces: reportlab must not break a line again at a space of the data.
        body = "<br/>".join(escape(line).replace(" ", NO_BREAK_SPACE) for line in lines)
        return Paragraph(body, self.cell_styles[cell.style])

    # -- the Flowable protocol -------------------------------------------------------------

    def wrap(self, avail_width, avail_height):
        # Laying out a long table only to learn that it does not fit would cost as much as
        # printing it, once per page: a row's estimate never exceeds its height, so an
        # estimate over the room is answer enough (the frame then asks for a split).
        estimate = self._head_height(avail_width) + sum(map(self._row_estimate, self.body))
        if estimate > avail_height:
            self._whole = None
            self.width, self.height = sum(self.widths), estimate
        else:
            self._whole = self._table(self.body)
            self.width, self.height = self._whole.wrap(avail_width, avail_height)
        return self.width, self.height

    def draw(self):
        if self._whole is None:  # wrapped for less room than it is drawn in
            self._whole = self._table(self.body)
            self._whole.wrap(self.width, 10**6)
        self._whole.drawOn(self.canv, 0, 0)

    def split(self, avail_width, avail_height):
        if not self.body:
            return []
        fits, table = self._rows_that_fit(avail_width, avail_height)
        if fits == len(self.body):
            return [table]
        if fits or self.keep_rows_within is None:
            cut = self._cut_to_fit(fits, avail_width, avail_height)
            if cut is not None:
                return cut
        if fits:
            return [table, self._continued(self, self.body[fits:])]
        first = self.body[0]
        if self.keep_rows_within is not None and self._height([first], avail_width) <= (
            self.keep_rows_within
        ):
            return []  # the row fits the next page whole
        return self._cut_to_fit(0, avail_width, avail_height) or []

    def _cut_to_fit(self, fits: int, avail_width: float, avail_height: float) -> list | None:
        """The ``fits`` rows and the top of the next one, cut to fill the room; ``None``
        if not two lines of it fit (or ``keep_rows_within`` keeps rows whole)."""
        if fits >= len(self.body) or (fits and self.keep_rows_within is not None):
            return None
        row = self.body[fits]
        lines = self._lines_that_fit(self.body[:fits], row, avail_width, avail_height)
        if not lines:
            return None
        top, rest = _cut(row, lines)
        return [
            self._table([*self.body[:fits], top]),
            self._continued(self, [rest, *self.body[fits + 1 :]]),
        ]

    def _head_height(self, avail_width: float) -> float:
        if self._head_cache is None:
            self._head_cache = self._table([]).wrap(avail_width, 10**6)[1] if self.head else 0
        return self._head_cache

    def _height(self, body: list[Row], avail_width: float) -> float:
        return self._table(body).wrap(avail_width, 10**6)[1]

    def _rows_that_fit(self, avail_width: float, avail_height: float) -> tuple[int, Table | None]:
        # Estimate from each row's tallest cell, then confirm with reportlab's own measure
        # (a span may need more than the estimate).
        room = avail_height - self._head_height(avail_width)
        count, used = 0, 0.0
        for row in self.body:
            used += self._row_estimate(row)
            if used > room:
                break
            count += 1
        while count:
            table = self._table(self.body[:count])
            if table.wrap(avail_width, avail_height)[1] <= avail_height:
                return count, table
            count -= 1
        return 0, None

    def _row_estimate(self, row: Row) -> float:
        heights = [
            len(item.lines) * self.cell_styles[item.cell.style].leading
            for item in row.values()
            if isinstance(item, _Placed) and not item.spans
        ]
        return max(heights, default=0) + 2 * self.padding

    def _lines_that_fit(
        self, above: list[Row], row: Row, avail_width: float, avail_height: float
    ) -> int:
        placed = [i for i in row.values() if isinstance(i, _Placed)]
        longest = max((len(i.lines) for i in placed), default=0)
        leading = max((self.cell_styles[i.cell.style].leading for i in placed), default=1)
        used = self._head_height(avail_width) + sum(map(self._row_estimate, above))
        # Leave at least two lines on each side of the cut, as a paragraph would.
        lines = min(longest - MIN_LINES, int((avail_height - used - 2 * self.padding) // leading))
        while lines >= MIN_LINES:
            if self._height([*above, _cut(row, lines)[0]], avail_width) <= avail_height:
                return lines
            lines -= 1
        return 0


def _cut(row: Row, lines: int) -> tuple[Row, Row]:
    """The row's first ``lines`` lines, and the rest as the first row of the next page."""
    top: Row = {}
    rest: Row = {}
    for col, item in row.items():
        if isinstance(item, _Cover):
            top[col] = rest[col] = item
        elif item.spans:
            top[col], rest[col] = item, _Cover(item)
        else:
            top[col] = replace(item, lines=item.lines[:lines])
            rest[col] = item if item.cell.repeat else replace(item, lines=item.lines[lines:])
    return top, rest


def _covers(item: _Placed | _Cover | None, placed: _Placed) -> bool:
    return isinstance(item, _Cover) and item.placed is placed
