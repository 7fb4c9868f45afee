"""The published text form (PDF turned into text) → declarations, undoing what the print did.

One file holds one or more forms.  A form starts at its title (or at ``项目名称``) and runs to
the line ``负责人：… 填报日期：…``.  Page furniture (page numbers, a title or table header repeated
on a new page) is dropped wherever it falls.  Blank lines carry no meaning (the PDF leaves them
anywhere, even inside a cell).  Every judgement becomes an ``ImportNote`` with its line; a file
that is not such a form raises ``FormError`` naming the file and the line.
"""

from __future__ import annotations

import re
from datetime import datetime
from functools import cache
from typing import NamedTuple

from pydantic import ValidationError

from jixiao.core.declaration import FIELD_LABELS, Declaration, Funds
from jixiao.core.errors import FormError
from jixiao.core.importers.base import ImportNote, decode
from jixiao.core.importers.limits import DEFAULT_LIMITS, Deadline, ImportLimits, check
from jixiao.core.importers.text_funds import read_funds
from jixiao.core.importers.text_goals import read_goals
from jixiao.core.importers.text_table import read_table
from jixiao.core.textform.layout import (
    GOAL_LABEL,
    HEADER_WORDS,
    TABLE_MARK,
    TEXT_LABELS,
    TEXT_WIDTH,
    TITLE_MARK,
    clean_text,
    is_full,
)


class Line(NamedTuple):
    no: int
    text: str


def read_text_bytes(
    data: bytes,
    source: str,
    *,
    limits: ImportLimits = DEFAULT_LIMITS,
    deadline: Deadline | None = None,
) -> tuple[list[Declaration], list[ImportNote]]:
    """Forms from the bytes of a text file (UTF-8; GBK, UTF-16 and the like are converted)."""
    if not data.strip():
        raise FormError("文件为空", file=source, line=1)
    text, notes = decode(data, source)
    declarations, read_notes = read_text(text, source, limits=limits, deadline=deadline)
    return declarations, notes + read_notes


def read_text(
    text: str,
    source: str,
    *,
    limits: ImportLimits = DEFAULT_LIMITS,
    deadline: Deadline | None = None,
) -> tuple[list[Declaration], list[ImportNote]]:
    """Forms from text: our own PDF's layout if it is that, else the published layout."""
    check_lines(text, source, limits)
    jixiao_layout = our_layout()
    if jixiao_layout is not None and jixiao_layout.looks_like(text):
        return jixiao_layout.read_layout_text(text, source)
    return _Reader(text, source, limits, deadline or limits.deadline()).read()


def check_lines(text: str, source: str, limits: ImportLimits) -> None:
    """The text's line count and its longest line, before any line is read: a printed form's
    lines are short, and the reader's work grows with a line's length."""
    if len(text) <= limits.line_chars:
        return
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    check(len(lines), limits, "lines", "文本", file=source)
    for no, line in enumerate(lines, 1):
        check(len(line), limits, "line_chars", "这一行", file=source, line=no)


@cache
def our_layout():
    """The reader of our own PDF's layout, which the exports package may add; else None."""
    try:
        from jixiao.core.importers import jixiao_layout
    except ImportError:
        return None
    return jixiao_layout


# -- lines and page furniture -------------------------------------------------------------

_PAGE_LINE = re.compile(
    r"^(?:第\s*\d+\s*页(?:\s*[/，,]?\s*共\s*\d+\s*页)?|[-—–－]\s*\d+\s*[-—–－]|\d+\s*/\s*\d+"
    r"|共\s*\d+\s*页\s*第\s*\d+\s*页|[Pp]age\s*\d+(?:\s*(?:of|/)\s*\d+)?|\d{1,3})$"
)
_DATE_ONLY = re.compile(r"^[\d\s:/.\-年月日时分秒]+$")
_TITLE_HINTS = ("申报表", "绩效目标", "预算部门", "项目支出")
_YEAR_LINE = re.compile(r"^[（(]\s*(\d{4})\s*年度?\s*[)）]$")
# The table's header; an extraction may break it over lines, so its middle is enough.
_TABLE_HEADER = re.compile(r"三级指标\s*指标值")
_CONTROL = re.compile(r"[\x01-\x08\x0e-\x1f\x7f]")


def _lines(text: str, source: str) -> list[Line]:
    control = _CONTROL.search(text)
    if control:
        line = text.count("\n", 0, control.start()) + 1
        raise FormError("不是文本文件（含有控制字符）", file=source, line=line)
    text = clean_text(text.replace("\r\n", "\n").replace("\r", "\n"))
    return [Line(no, line) for no, raw in enumerate(text.split("\n"), 1) if (line := raw.strip())]


def _is_title(text: str) -> bool:
    # The title line ends with the form's name; a text that only mentions it is no title.
    return text.endswith(TITLE_MARK) and len(text) <= 60 and not text.startswith("项目名称")


def _is_title_part(text: str) -> bool:
    return len(text) <= 40 and any(hint in text for hint in _TITLE_HINTS) and not _is_footer(text)


def _is_footer(text: str) -> bool:
    return text.startswith("负责人") or ("经办人" in text and "填报日期" in text)


# -- the reader -----------------------------------------------------------------------------


class _Reader:
    def __init__(self, text: str, source: str, limits: ImportLimits, deadline: Deadline) -> None:
        self.source = source
        self.limits = limits
        self.deadline = deadline
        self.lines = _lines(text, source)
        self.notes: list[ImportNote] = []
        self.project: str | None = None

    def note(self, line: int | None, kind: str, message: str) -> None:
        self.notes.append(ImportNote(self.source, line, kind, message, self.project))

    def error(self, message: str, line: int | None, field: str | None = None) -> FormError:
        return FormError(message, file=self.source, line=line, field=field)

    def read(self) -> tuple[list[Declaration], list[ImportNote]]:
        starts = self._form_starts()
        if not starts:
            line = self.lines[0].no if self.lines else 1
            raise self.error(
                "没有找到申报表（缺少「项目名称」一行），不是项目支出绩效目标申报表", line
            )
        check(len(starts), self.limits, "forms", "文件中的申报表", file=self.source)
        declarations = []
        for i, (start, name_at) in enumerate(starts):
            self.deadline.check(file=self.source, line=self.lines[name_at].no)
            end = starts[i + 1][0] if i + 1 < len(starts) else len(self.lines)
            declarations.append(self._form(start, name_at, end))
        # Notes in the order of the file, whatever step of the reading made them.
        return declarations, sorted(self.notes, key=lambda n: n.line or 0)

    def _form_starts(self) -> list[tuple[int, int]]:
        """(first line, 项目名称 line) of each form, as indexes into ``self.lines``."""
        starts = []
        for i, line in enumerate(self.lines):
            if not line.text.startswith("项目名称"):
                continue
            start = i
            # The title and the year line above it, maybe with a page number in between; a
            # long title may wrap over two or three lines.
            for j in range(i - 1, max(i - 7, -1), -1):
                text = self.lines[j].text
                if _YEAR_LINE.match(text) or _is_title(text) or _is_title_part(text):
                    start = j
                elif not _PAGE_LINE.match(text):
                    break
            starts.append((start, i))
        return starts

    # -- one form ---------------------------------------------------------------------

    def _form(self, start: int, name_at: int, end: int) -> Declaration:
        head = self.lines[start:name_at]
        self.project = self.lines[name_at].text[len("项目名称") :].strip() or None
        body = self._drop_furniture(self.lines[name_at:end])
        title_lines = [ln.text for ln in head if not _YEAR_LINE.match(ln.text)]
        title_lines = [t for t in title_lines if not _PAGE_LINE.match(t)]
        title = "".join(title_lines) or None
        year = None
        for ln in head:
            m = _YEAR_LINE.match(ln.text)
            if m:
                year = int(m.group(1))
        if year is None and title:
            m = re.search(r"(\d{4})\s*年", title)
            year = int(m.group(1)) if m else None
        if year is None:
            raise self.error("缺少年度（如「（2023年度）」）", self.lines[name_at].no, "年度")

        table_at = next((i for i, ln in enumerate(body) if _TABLE_HEADER.search(ln.text)), None)
        footer_at = next(
            (i for i, ln in enumerate(body) if i > (table_at or 0) and _is_footer(ln.text)), None
        )
        if table_at is None:
            where = body[-1].no if body else self.lines[name_at].no
            if footer_at is None:
                raise self.error(
                    "申报表不完整（文件在此处截断？）：缺少绩效指标表和填报信息", where
                )
            raise self.error("缺少绩效指标表（「一级指标 二级指标 三级指标 指标值」）", where)
        if footer_at is None:
            raise self.error(
                "申报表不完整（文件在此处截断？）：绩效指标表之后缺少「负责人/经办人/联系电话/填报日期」一行",
                body[-1].no,
            )

        fields: dict = {"title": title, "fiscal_year": year}
        at = _first_lines(body[:table_at], _SECTION_PREFIXES)
        dept_at, attr_at, funds_at = at["主管部门"], at["项目属性"], at["项目资金"]
        text_at = {key: at[label] for key, label in TEXT_LABELS.items()}
        goal_at = at[GOAL_LABEL]
        marks = sorted({0, table_at} | {i for i in at.values() if i is not None})

        def region(at: int) -> list[Line]:
            nxt = next((m for m in marks if m > at), table_at)
            return body[at:nxt]

        name_lines = region(0)
        fields["project_name"] = _join(name_lines, "项目名称")
        if not fields["project_name"]:
            raise self.error("项目名称为空", body[0].no, "项目名称")
        self.project = fields["project_name"]
        if dept_at is not None:
            fields.update(self._department(region(dept_at)))
        if attr_at is not None:
            fields.update(self._attributes(region(attr_at)))
        if funds_at is not None:
            fields["funds"] = self._funds(region(funds_at))
        for key, at in text_at.items():
            if at is not None:
                fields[key] = self._text_field(region(at), TEXT_LABELS[key])
        if goal_at is not None:
            goal_lines = body[goal_at:table_at]
            # 绩/效/指/标 printed down the table's first column, one character a line.
            if [ln.text for ln in goal_lines[-len(TABLE_MARK) :]] == list(TABLE_MARK):
                goal_lines = goal_lines[: -len(TABLE_MARK)]
            while goal_lines and (
                goal_lines[-1].text in (TABLE_MARK, " ".join(TABLE_MARK))
                or set(goal_lines[-1].text.split()) <= HEADER_WORDS
            ):
                goal_lines = goal_lines[:-1]  # the mark or the header's start, on its own line
            impl, annual = self._goals(goal_lines)
            fields["goal_implementation"], fields["goal_annual"] = impl, annual

        try:
            table = read_table(
                [(ln.no, ln.text) for ln in body[table_at + 1 : footer_at]], self.deadline
            )
        except FormError as exc:
            raise exc.located(file=self.source) from None
        for line, kind, message in table.notes:
            self.note(line, kind, message)
        fw = table.framework
        implementation = [r for r in table.rows if r.period == "implementation"]
        annual = [r for r in table.rows if r.period == "annual"]
        level1_of = {l2: l1 for l1, l2s in fw.levels.items() for l2 in l2s}
        # Plain dicts: the Declaration below validates them all in one pass.
        fields["indicators"] = [
            {
                "period": r.period,
                "level1": level1_of.get(r.level2, ""),
                "level2": r.level2,
                "name": r.name,
                "value": r.value,
            }
            for r in implementation + annual
        ]
        # The footer is its line, and the next ones only while its date is still to come.
        footer_end = footer_at + 1
        while footer_end < len(body) and "填报日期" not in body[footer_end - 1].text:
            footer_end += 1
        if footer_end < len(body) and _DATE_ONLY.match(body[footer_end].text):
            footer_end += 1  # the date wrapped onto a line of its own
        for ln in body[footer_end:]:
            self.note(
                ln.no, "doubtful", f"申报表之后的文字「{ln.text[:20]}」不属于任何栏目，已略去"
            )
        fields.update(self._footer(body[footer_at:footer_end]))
        try:
            return Declaration(**fields)
        except ValidationError as exc:
            loc = exc.errors()[0]["loc"]
            label = FIELD_LABELS.get(str(loc[0]), str(loc[0])) if loc else ""
            raise self.error(
                f"读出的内容不合申报表格式（{'.'.join(map(str, loc))}）",
                self.lines[name_at].no,
                label,
            ) from None

    def _drop_furniture(self, lines: list[Line]) -> list[Line]:
        out: list[Line] = []
        header_seen = False
        after_title = False
        for ln in lines:
            text = ln.text
            if _is_title(text):
                self.note(ln.no, "page", "分页处重复的标题，已略去")
                after_title = True
                continue
            if after_title and _YEAR_LINE.match(text):
                after_title = False
                continue
            after_title = False
            # In the funds block a bare number is an amount (an amount may sit on a line alone).
            if (
                len(text) < 24
                and _PAGE_LINE.match(text)
                and not (text.isdigit() and _in_funds(out))
            ):
                self.note(ln.no, "page", f"「{text}」是页码，已略去")
                continue
            if "三级指标" in text and _TABLE_HEADER.search(text):
                if header_seen:
                    self.note(ln.no, "page", "分页处重复的表头，已略去")
                    continue
                header_seen = True
            out.append(ln)
        return out

    # -- sections ---------------------------------------------------------------------

    def _department(self, lines: list[Line]) -> dict:
        text = " ".join(ln.text for ln in lines)
        m = re.match(
            r"主管部门(?:及代码)?\s*[：:]?\s*(?:(?P<code>[0-9A-Za-z]+)\s*[-－—–]\s*)?(?P<name>.*?)"
            r"\s*(?:实施单位\s*[：:]?\s*(?P<unit>.*))?$",
            text,
        )
        assert m is not None  # the pattern matches any line starting with 主管部门
        return {
            "department_code": m.group("code"),
            "department_name": m.group("name") or None,
            "implementing_unit": (m.group("unit") or "").strip() or None,
        }

    def _attributes(self, lines: list[Line]) -> dict:
        text = " ".join(ln.text for ln in lines)
        m = re.match(
            r"项目属性\s*[：:]?\s*(?P<label>.*?)\s*(?:项目期\s*[：:]?\s*(?P<years>.*))?$", text
        )
        assert m is not None
        label = m.group("label") or None
        out: dict = {"project_type_label": label, "project_type": None, "period_years": None}
        if label and "一次性" in label:
            out["project_type"] = "one_off"
        elif label and "延续性" in label:
            out["project_type"] = "continuing"
        elif label:
            self.note(lines[0].no, "doubtful", f"项目属性「{label}」既非一次性也非延续性项目")
        years = (m.group("years") or "").strip()
        if years:
            ym = re.fullmatch(r"(\d+)\s*年?", years)
            if ym is None:
                raise self.error(f"项目期「{years}」不是年数", lines[0].no, "项目期")
            out["period_years"] = int(ym.group(1))
        return out

    def _funds(self, lines: list[Line]) -> Funds:
        funds, notes = read_funds([(ln.no, ln.text) for ln in lines], self.source)
        for line, kind, message in notes:
            self.note(line, kind, message)
        return funds

    def _text_field(self, lines: list[Line], label: str) -> str | None:
        first = _after_label(lines[0].text, label)
        parts = ([first] if first else []) + [ln.text for ln in lines[1:]]
        text = "".join(parts) or None
        last = lines[-1].text if not first or len(lines) > 1 else first
        if text and len(parts) > 1 and is_full(last, TEXT_WIDTH) and not _ends_sentence(text):
            self.note(
                lines[-1].no,
                "cut",
                f"「{label}」的最后一行（第 {lines[-1].no} 行）占满整行且没有下文，文字可能被截断",
            )
        return text

    def _goals(self, lines: list[Line]) -> tuple[str | None, str | None]:
        implementation, annual, notes = read_goals(lines)
        for line, kind, message in notes:
            self.note(line, kind, message)
        return implementation, annual

    def _footer(self, lines: list[Line]) -> dict:
        text = " ".join(ln.text for ln in lines)
        no = lines[0].no

        def after(label: str, *stops: str) -> str | None:
            m = _after(label, stops).search(text)
            return (m.group(1).strip() or None) if m else None

        out = {
            "responsible_person": after("负责人", "经办人", "联系电话", "填报日期"),
            "handler": after("经办人", "联系电话", "填报日期"),
            "phone": after("联系电话", "填报日期"),
            "filled_at": None,
        }
        raw = after("填报日期")
        if raw:
            out["filled_at"] = _filled_at(raw)
            if out["filled_at"] is None:
                self.note(no, "doubtful", f"填报日期「{raw}」读不出日期，已留空")
        return out


_SECTION_PREFIXES = (
    "主管部门",
    "项目属性",
    "项目资金",
    *TEXT_LABELS.values(),
    "实施期目标",
    GOAL_LABEL,
)


def _first_lines(lines: list[Line], prefixes: tuple[str, ...]) -> dict[str, int | None]:
    """Index of the first line starting with each prefix (None where there is none)."""
    found: dict[str, int | None] = dict.fromkeys(prefixes)
    for i, ln in enumerate(lines):
        if not ln.text.startswith(prefixes):
            continue  # most lines: one test in C instead of one per prefix
        for prefix in prefixes:
            if found[prefix] is None and ln.text.startswith(prefix):
                found[prefix] = i
                break
    return found


def _in_funds(lines: list[Line]) -> bool:
    """Whether the last kept line is inside the funds block (where a bare number is an amount)."""
    for ln in reversed(lines):
        if ln.text.startswith("项目资金"):
            return True
        if any(ln.text.startswith(label) for label in TEXT_LABELS.values()):
            return False
    return False


def _after_label(text: str, label: str) -> str:
    """What follows a label on its line (a colon after the label is the label's)."""
    return text[len(label) :].lstrip(" ：:").strip()


def _join(lines: list[Line], label: str) -> str | None:
    first = _after_label(lines[0].text, label)
    return "".join([first] + [ln.text for ln in lines[1:]]) or None


def _ends_sentence(text: str) -> bool:
    return text[-1] in "。．.！!？?；;）)」』”"


@cache
def _after(label: str, stops: tuple[str, ...]) -> re.Pattern:
    """What follows ``label：`` up to the next of ``stops`` (the footer's cells)."""
    stop = "|".join(f"{s}\\s*[：:]" for s in stops) or "$^"
    return re.compile(rf"{label}\s*[：:]\s*(.*?)\s*(?:{stop}|$)")


_STAMP = ((0, 4), (4, 6), (6, 8), (8, 10), (10, 12), (12, 14))


def _filled_at(raw: str) -> datetime | None:
    digits = "".join(raw.split())
    if len(digits) == 14 and digits.isdigit():  # the published form: 20230317171740
        try:
            return datetime(*(int(digits[a:b]) for a, b in _STAMP))
        except ValueError:
            return None
    formats = ("%Y%m%d%H%M%S", "%Y%m%d%H%M", "%Y%m%d", "%Y-%m-%d%H:%M:%S", "%Y-%m-%d%H:%M")
    formats += ("%Y-%m-%d", "%Y/%m/%d%H:%M:%S", "%Y/%m/%d", "%Y年%m月%d日")
    for fmt in formats:
        try:
            return datetime.strptime(digits, fmt)
        except ValueError:
            continue
    return None
