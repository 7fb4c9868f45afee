"""The published text form (PDF turned into text) → declarations, undoing what the print did.

One file holds one or more forms.  A form starts at its title (or at ``项目名称``) and runs to
the line ``负责人：… 填报日期：…``.  Page furniture (page numbers, a title or table header repeated
on a new page) is dropped wherever it falls.  Blank lines carry no meaning (the PDF leaves them
anywhere, even inside a cell).  Every judgement becomes an ``ImportNote`` with its line; a file
that is not such a form raises ``FormError`` naming the file and the line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from pydantic import ValidationError

from jixiao.core.declaration import Declaration, Funds, Indicator
from jixiao.core.errors import FormError
from jixiao.core.importers.base import ImportNote, decode_utf8
from jixiao.core.importers.text_table import read_table
from jixiao.core.textform.layout import (
    GOAL_LABEL,
    GOAL_LEFT_WIDTH,
    GOAL_RIGHT_WIDTH,
    TABLE_MARK,
    TEXT_LABELS,
    TEXT_WIDTH,
    TITLE_MARK,
    clean_line,
    display_width,
    is_full,
)


@dataclass(frozen=True)
class Line:
    no: int
    text: str


def read_text_bytes(data: bytes, source: str) -> tuple[list[Declaration], list[ImportNote]]:
    """Forms from the bytes of a text file (UTF-8)."""
    if not data.strip():
        raise FormError("文件为空", file=source, line=1)
    if b"\x00" in data:
        line = data[: data.index(b"\x00")].count(b"\n") + 1
        raise FormError("不是文本文件（含有二进制内容）", file=source, line=line)
    return read_text(decode_utf8(_whole_characters(data), source), source)


def _whole_characters(data: bytes) -> bytes:
    """The bytes without a character cut at the very end (a truncated file), else unchanged."""
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        if exc.reason == "unexpected end of data" and exc.end == len(data):
            return data[: exc.start]
    return data


def read_text(text: str, source: str) -> tuple[list[Declaration], list[ImportNote]]:
    """Forms from text: our own PDF's layout if it is that, else the published layout."""
    try:  # The exports package may add a reader for the layout of our own PDF.
        from jixiao.core.importers import jixiao_layout
    except ImportError:
        jixiao_layout = None
    if jixiao_layout is not None and jixiao_layout.looks_like(text):
        return jixiao_layout.read_layout_text(text, source)
    return _Reader(text, source).read()


# -- lines and page furniture -------------------------------------------------------------

_PAGE_LINE = re.compile(
    r"^(?:第\s*\d+\s*页(?:\s*[/，,]?\s*共\s*\d+\s*页)?|[-—–－]\s*\d+\s*[-—–－]|\d+\s*/\s*\d+"
    r"|共\s*\d+\s*页\s*第\s*\d+\s*页|[Pp]age\s*\d+(?:\s*(?:of|/)\s*\d+)?|\d{1,3})$"
)
_YEAR_LINE = re.compile(r"^[（(]\s*(\d{4})\s*年度?\s*[)）]$")
_TABLE_HEADER = re.compile(r"一级指标\s*二级指标\s*三级指标\s*指标值")
_CONTROL = re.compile(r"[\x01-\x08\x0e-\x1f\x7f]")


def _lines(text: str, source: str) -> list[Line]:
    out = []
    for no, raw in enumerate(text.replace("\r\n", "\n").replace("\r", "\n").split("\n"), 1):
        line = clean_line(raw).strip()
        if not line:
            continue
        if _CONTROL.search(line):
            raise FormError("不是文本文件（含有控制字符）", file=source, line=no)
        out.append(Line(no, line))
    return out


def _is_title(text: str) -> bool:
    return TITLE_MARK in text and not text.startswith("项目名称")


# -- the reader -----------------------------------------------------------------------------


class _Reader:
    def __init__(self, text: str, source: str) -> None:
        self.source = source
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
        declarations = []
        for i, (start, name_at) in enumerate(starts):
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
            # The title and the year line above it, maybe with a page number in between.
            for j in range(i - 1, max(i - 5, -1), -1):
                text = self.lines[j].text
                if _YEAR_LINE.match(text) or _is_title(text):
                    start = j
                elif not _PAGE_LINE.match(text):
                    break
            starts.append((start, i))
        return starts

    # -- one form ---------------------------------------------------------------------

    def _form(self, start: int, name_at: int, end: int) -> Declaration:
        head = self.lines[start:name_at]
        body = self._drop_furniture(self.lines[name_at:end])
        self.project = None
        title = next((ln.text for ln in head if _is_title(ln.text)), None)
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

        anchors = _Anchors(body)
        footer_at = anchors.first(lambda t: t.startswith("负责人") or "填报日期" in t)
        table_at = anchors.first(lambda t: bool(_TABLE_HEADER.search(t)))
        if table_at is None or (footer_at is not None and table_at > footer_at):
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
        attr_at = anchors.first(lambda t: t.startswith("项目属性"), stop=table_at)
        dept_at = anchors.first(lambda t: t.startswith("主管部门"), stop=table_at)
        funds_at = anchors.first(lambda t: t.startswith("项目资金"), stop=table_at)
        text_at = {
            key: anchors.first(lambda t, lab=label: t.startswith(lab), stop=table_at)
            for key, label in TEXT_LABELS.items()
        }
        goal_at = anchors.first(lambda t: t.startswith(GOAL_LABEL), stop=table_at)
        goal_header_at = anchors.first(lambda t: t.startswith("实施期目标"), stop=table_at)
        marks = sorted(
            i
            for i in (0, dept_at, attr_at, funds_at, goal_header_at, goal_at, table_at)
            if i is not None
        )
        marks = sorted(set(marks) | {i for i in text_at.values() if i is not None})

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
            impl, annual = self._goals(goal_lines)
            fields["goal_implementation"], fields["goal_annual"] = impl, annual

        table = read_table([(ln.no, ln.text) for ln in body[table_at + 1 : footer_at]])
        for line, kind, message in table.notes:
            self.note(line, kind, message)
        fw = table.framework
        implementation = [r for r in table.rows if r.period == "implementation"]
        annual = [r for r in table.rows if r.period == "annual"]
        fields["indicators"] = [
            Indicator(
                period=r.period,
                level1=fw.level1_of(r.level2) or "",
                level2=r.level2,
                name=r.name,
                value=r.value,
            )
            for r in implementation + annual
        ]
        fields.update(self._footer(body[footer_at:]))
        try:
            return Declaration(**fields)
        except ValidationError as exc:
            first = exc.errors()[0]
            raise self.error(
                f"申报表内容不合格式：{'.'.join(map(str, first['loc']))} {first['msg']}",
                self.lines[name_at].no,
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
            if _PAGE_LINE.match(text) and not (text.isdigit() and _in_funds(out)):
                self.note(ln.no, "page", f"「{text}」是页码，已略去")
                continue
            if _TABLE_HEADER.search(text):
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
            r"主管部门(?:及代码)?\s*(?:(?P<code>[0-9A-Za-z]+)\s*[-－—–]\s*)?(?P<name>.*?)"
            r"\s*(?:实施单位\s*(?P<unit>.*))?$",
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
        m = re.match(r"项目属性\s*(?P<label>.*?)\s*(?:项目期\s*(?P<years>.*))?$", text)
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
        from jixiao.core.importers.text_funds import read_funds

        funds, notes = read_funds([(ln.no, ln.text) for ln in lines], self.source)
        for line, kind, message in notes:
            self.note(line, kind, message)
        return funds

    def _text_field(self, lines: list[Line], label: str) -> str | None:
        first = lines[0].text[len(label) :].strip()
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
        lines = [ln for ln in lines if not ln.text.startswith("实施期目标")]
        if not lines:
            return None, None
        first = lines[0].text[len(GOAL_LABEL) :].strip()
        parts = ([Line(lines[0].no, first)] if first else []) + lines[1:]
        if not parts:
            return None, None
        if len(parts) == 1:
            return self._goals_one_line(parts[0])
        texts = [p.text for p in parts]
        candidates = []
        for k in range(1, len(texts)):
            left, right = texts[:k], texts[k:]
            fits = (
                all(is_full(t, GOAL_LEFT_WIDTH) for t in left[:-1])
                and display_width(left[-1]) <= GOAL_LEFT_WIDTH
                and all(is_full(t, GOAL_RIGHT_WIDTH) for t in right[:-1])
                and all(display_width(t) <= GOAL_RIGHT_WIDTH for t in right)
            )
            same = "".join(left) == "".join(right)
            candidates.append(((same, fits, -k), k))
        (same, fits, _), k = max(candidates)
        if not fits and not same:
            self.note(
                parts[k].no,
                "doubtful",
                f"总体目标的实施期目标与年度目标分界不明，按第 {parts[k].no} 行起为年度目标读入",
            )
        return "".join(texts[:k]), "".join(texts[k:])

    def _goals_one_line(self, part: Line) -> tuple[str | None, str | None]:
        text = part.text
        spaces = [m.start() for m in re.finditer(r" +", text)]
        if not spaces:
            self.note(part.no, "one_half", "总体目标只印了一栏，按实施期目标读入")
            return text, None
        splits = []
        for pos in spaces:
            left, right = text[:pos].strip(), text[pos:].strip()
            fits = (
                display_width(left) <= GOAL_LEFT_WIDTH and display_width(right) <= GOAL_RIGHT_WIDTH
            )
            splits.append(((left == right, fits, -pos), left, right))
        (same, fits, _), left, right = max(splits)
        if not same:
            self.note(
                part.no,
                "goals",
                f"总体目标分为两栏：实施期「{left}」，年度「{right}」",
            )
        return left, right

    def _footer(self, lines: list[Line]) -> dict:
        text = " ".join(ln.text for ln in lines)
        no = lines[0].no

        def after(label: str, *stops: str) -> str | None:
            stop = "|".join(f"{s}\\s*[：:]" for s in stops) or "$^"
            m = re.search(rf"{label}\s*[：:]\s*(.*?)\s*(?:{stop}|$)", text)
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


class _Anchors:
    """Where labelled lines sit in a form's body (indexes), searched in order."""

    def __init__(self, body: list[Line]) -> None:
        self.body = body

    def first(self, pred, stop: int | None = None) -> int | None:
        for i, ln in enumerate(self.body[:stop]):
            if pred(ln.text):
                return i
        return None


def _in_funds(lines: list[Line]) -> bool:
    """Whether the last kept line is inside the funds block (where a bare number is an amount)."""
    for ln in reversed(lines):
        if ln.text.startswith("项目资金"):
            return True
        if any(ln.text.startswith(label) for label in TEXT_LABELS.values()):
            return False
    return False


def _join(lines: list[Line], label: str) -> str | None:
    first = lines[0].text[len(label) :].strip()
    return "".join([first] + [ln.text for ln in lines[1:]]) or None


def _ends_sentence(text: str) -> bool:
    return text[-1] in "。．.！!？?；;）)」』”"


def _filled_at(raw: str) -> datetime | None:
    digits = re.sub(r"\s", "", raw)
    formats = ("%Y%m%d%H%M%S", "%Y%m%d%H%M", "%Y%m%d", "%Y-%m-%d%H:%M:%S", "%Y-%m-%d%H:%M")
    formats += ("%Y-%m-%d", "%Y/%m/%d%H:%M:%S", "%Y/%m/%d", "%Y年%m月%d日")
    for fmt in formats:
        try:
            return datetime.strptime(digits, fmt)
        except ValueError:
            continue
    return None
