"""Inputs for the importers' fuzz tests and bomb tests: the real shared forms and the project's
own exports of them (the corpus), ways to damage them (mutations), and small files that
describe huge things (bombs).  Used by ``tests/importers/test_fuzz.py`` (hypothesis, in
``make test``) and ``tests/fuzz/run_long.py`` (``make fuzz``, 10,000 inputs)."""

from __future__ import annotations

import io
import json
import random
import re
import zipfile
from functools import cache

from tests.conftest import EXPECTED_JSON, TARGETS_TXT

UNICODE = (
    "项目名称资金指标绩效服务对象满意度数量质量时效成本 ≥≤＞＜%％,.，。：:（）()-—\t\u3000\u00a0"
    "\u200b\ufeff\u202e𠀀🙂é\r\n0123456789０１２３"
)


@cache
def corpus() -> list[tuple[str, bytes]]:
    """(file name, bytes) of the real forms in every format the importers read."""
    from jixiao.core.declaration import Declaration, dumps
    from jixiao.core.exporters.pdf import render_pdf
    from jixiao.core.exporters.xlsx import render_xlsx
    from jixiao.core.textform.writer import write_texts

    decls = [Declaration.from_dict(d) for d in json.loads(EXPECTED_JSON.read_text("utf-8"))]
    pdf = render_pdf(decls[:1])
    return [
        *_layout_text(pdf),
        ("targets.txt", TARGETS_TXT.read_bytes()),
        ("written.txt", write_texts(decls[:3]).encode()),
        ("forms.json", EXPECTED_JSON.read_bytes()),
        ("one.json", dumps(decls[4:5]).encode()),
        ("forms.xlsx", render_xlsx(decls[:3])),
        ("one.xlsx", render_xlsx(decls[7:8])),
        ("one.pdf", pdf),
    ]


def _layout_text(pdf: bytes) -> list[tuple[str, bytes]]:
    """Our own PDF as ``pdftotext -layout`` extracts it (read by ``jixiao_layout``), where
    poppler is installed."""
    import shutil
    import subprocess

    if shutil.which("pdftotext") is None:
        return []
    done = subprocess.run(
        ["pdftotext", "-layout", "-enc", "UTF-8", "-", "-"], input=pdf, capture_output=True
    )
    return [("layout.txt", done.stdout)] if done.returncode == 0 else []


def of_format(suffix: str) -> list[tuple[str, bytes]]:
    return [(name, data) for name, data in corpus() if name.endswith(suffix)]


# -- mutations -------------------------------------------------------------------------------


def _unicode(rng: random.Random, n: int) -> str:
    return "".join(rng.choice(UNICODE) for _ in range(n))


def _digits(rng: random.Random) -> str:
    return "".join(rng.choice("0123456789") for _ in range(rng.choice((1, 5, 17, 40, 5000))))


def mutate_bytes(rng: random.Random, data: bytes) -> bytes:
    at = rng.randrange(len(data) + 1)
    kind = rng.randrange(5)
    if kind == 0:  # truncation
        return data[:at]
    if kind == 1:  # a range deleted
        return data[:at] + data[at + rng.randint(1, 200) :]
    if kind == 2:  # a range duplicated
        return data[:at] + data[at : at + rng.randint(1, 500)] + data[at:]
    if kind == 3:  # bytes flipped
        out = bytearray(data)
        for _ in range(rng.randint(1, 8)):
            if out:
                out[rng.randrange(len(out))] = rng.randrange(256)
        return bytes(out)
    return data[:at] + _unicode(rng, rng.randint(1, 30)).encode() + data[at:]


def mutate_lines(rng: random.Random, data: bytes) -> bytes:
    lines = data.decode("utf-8", "replace").split("\n")
    for _ in range(rng.randint(1, 4)):
        i, j = rng.randrange(len(lines)), rng.randrange(len(lines))
        kind = rng.randrange(7)
        if kind == 0:
            lines[i], lines[j] = lines[j], lines[i]
        elif kind == 1:
            lines.insert(i, lines[j])
        elif kind == 2:
            del lines[i : i + rng.randint(1, 30)]
        elif kind == 3:  # digits changed, numbers made longer or shorter
            lines[i] = re.sub(r"\d+", lambda m: _digits(rng), lines[i])
        elif kind == 4:  # a huge cell
            cell = rng.choice(("9" * 3000, "9 " * 900, "a1" * 900, _unicode(rng, 1500)))
            lines[i] = f"{lines[i]} {cell}"
        elif kind == 5:
            lines.insert(i, _unicode(rng, rng.randint(0, 60)))
        if not lines:
            lines = [""]
    return "\n".join(lines).encode()


def mutate_json(rng: random.Random, data: bytes) -> bytes:
    text = data.decode()
    kind = rng.randrange(4)
    numbers = list(re.finditer(r"-?\d[\d.eE+-]*", text))
    strings = list(re.finditer(r'"[^"\\]*"', text))
    if kind == 0 and strings:  # deep nesting in place of a value
        m = rng.choice(strings)
        depth = rng.choice((3, 50, 900, 5000, 100_000))
        return (text[: m.start()] + "[" * depth + "1" + "]" * depth + text[m.end() :]).encode()
    if kind == 1 and numbers:  # a number of any length or exponent
        m = rng.choice(numbers)
        value = rng.choice(
            (_digits(rng), "1e999999999", "-0", "1.5e-400", "9" * 100_000, "NaN", "Infinity")
        )
        return (text[: m.start()] + value + text[m.end() :]).encode()
    if kind == 2 and strings:  # a value of another type
        m = rng.choice(strings)
        value = rng.choice(("null", "{}", "[]", "true", "12", '"' + "字" * 5000 + '"'))
        return (text[: m.start()] + value + text[m.end() :]).encode()
    return mutate_lines(rng, data)


def mutate_zip(rng: random.Random, data: bytes) -> bytes:
    """A workbook with one member damaged: its XML cut or altered, a cell made huge, the
    member dropped or garbled, the sheet's dimension enlarged."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zin:
            members = [(i.filename, zin.read(i.filename)) for i in zin.infolist()]
    except Exception:  # already damaged beyond reading (an earlier round): damage it further
        return mutate_bytes(rng, data)
    if not members:
        return mutate_bytes(rng, data)
    at = rng.randrange(len(members))
    name, content = members[at]
    sheets = [i for i, (n, _) in enumerate(members) if n.startswith("xl/worksheets/")]
    kind = rng.randrange(6)
    if kind == 0:
        members[at] = (name, mutate_bytes(rng, content))
    elif kind == 1:
        del members[at]
    elif kind == 2 and sheets:  # a cell value changed: digits, a huge number, text
        i = rng.choice(sheets)
        name, content = members[i]
        value = rng.choice((_digits(rng), "9" * 5000, "1e308", "x", "-1", "inf"))
        content = re.sub(rb"<v>[^<]*</v>", f"<v>{value}</v>".encode(), content, count=1)
        members[i] = (name, content)
    elif kind == 3 and sheets:  # a huge inline cell
        i = rng.choice(sheets)
        name, content = members[i]
        cell = rng.choice(("9" * 1_000_000, "字" * 30_000))
        inline = f'<c r="B3" t="inlineStr"><is><t>{cell}</t></is></c>'.encode()
        content = re.sub(rb'<c r="B3"[^>]*?(/>|>.*?</c>)', inline, content, count=1)
        members[i] = (name, content)
    elif kind == 4 and sheets:  # a dimension far beyond the data
        i = rng.choice(sheets)
        name, content = members[i]
        ref = rng.choice(("A1:XFD1048576", "A1:G20000", "A1:ZZ50", "B2:A1", "garbage"))
        content = re.sub(rb'<dimension ref="[^"]*"', f'<dimension ref="{ref}"'.encode(), content)
        members[i] = (name, content)
    else:  # the package itself damaged
        return mutate_bytes(rng, data)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for member, content in members:
            zout.writestr(member, content)
    return out.getvalue()


def mutated(rng: random.Random, name: str, data: bytes) -> bytes:
    """One damaged copy of a corpus file, in a way that suits its format."""
    if name.endswith(".xlsx"):
        return mutate_zip(rng, data)
    if name.endswith(".pdf"):
        return mutate_bytes(rng, data)
    if name.endswith(".json"):
        return mutate_json(rng, data)
    return rng.choice((mutate_lines, mutate_lines, mutate_bytes))(rng, data)


# -- bombs -----------------------------------------------------------------------------------


def xlsx_dimension_bomb(cell: str = "XFD1048576", *, dimension: bool = True) -> bytes:
    """A workbook of a few KB with one cell far away: its sheet spans billions of cells."""
    from openpyxl import Workbook

    wb = Workbook()
    wb.active.title = "Sheet1"
    wb.active["A1"] = "（2023年度）"
    wb.active[cell] = 1
    out = io.BytesIO()
    wb.save(out)
    if dimension:
        return out.getvalue()
    return _rezip(out.getvalue(), lambda n, c: re.sub(rb"<dimension [^>]*/>", b"", c))


def zip_bomb(inflated: int = 1024 * 1024 * 1024) -> bytes:
    """A workbook whose sheet inflates to ``inflated`` bytes of blanks (about 1,000 : 1)."""
    from openpyxl import Workbook

    wb = Workbook()
    out = io.BytesIO()
    wb.save(out)
    with zipfile.ZipFile(io.BytesIO(out.getvalue())) as zin:
        members = [(i.filename, zin.read(i.filename)) for i in zin.infolist()]
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as zout:
        for name, content in members:
            if name != "xl/worksheets/sheet1.xml":
                zout.writestr(name, content)
                continue
            with zout.open(name, "w", force_zip64=True) as member:
                member.write(content.replace(b"<sheetData/>", b"<sheetData>"))
                chunk = b" " * (1024 * 1024)
                for _ in range(inflated // len(chunk)):
                    member.write(chunk)
                member.write(b"</sheetData></worksheet>")
    return bomb.getvalue()


def _rezip(data: bytes, change) -> bytes:
    with zipfile.ZipFile(io.BytesIO(data)) as zin:
        members = [(i.filename, zin.read(i.filename)) for i in zin.infolist()]
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for name, content in members:
            zout.writestr(name, change(name, content))
    return out.getvalue()


def many_page_pdf(pages: int = 2000) -> bytes:
    from reportlab.pdfgen import canvas

    out = io.BytesIO()
    pdf = canvas.Canvas(out)
    for page in range(1, pages + 1):
        pdf.drawString(72, 720, f"Page {page} of a long document")
        pdf.showPage()
    pdf.save()
    return out.getvalue()


def digit_cell_text(size: int = 1024 * 1024) -> bytes:
    """The shared form with one indicator value of ``size`` digits."""
    text = TARGETS_TXT.read_text("utf-8")
    return text.replace("≥90%", "9" * size, 1).encode()


def huge_text(size: int = 10 * 1024 * 1024) -> bytes:
    """The shared forms repeated to ``size`` bytes: thousands of forms."""
    data = TARGETS_TXT.read_bytes()
    return (data * (size // len(data) + 1))[:size]


def bombs() -> dict[str, tuple[str, bytes]]:
    """Every bomb, by name: (file name, bytes)."""
    return {
        "xlsx-dimension": ("bomb.xlsx", xlsx_dimension_bomb()),
        "xlsx-no-dimension": ("bomb.xlsx", xlsx_dimension_bomb("G20000", dimension=False)),
        "zip-bomb": ("bomb.xlsx", zip_bomb()),
        "pdf-2000-pages": ("long.pdf", many_page_pdf()),
        "text-1mb-digit-cell": ("digits.txt", digit_cell_text()),
        "json-1mb-digit-amount": (
            "digits.json",
            EXPECTED_JSON.read_bytes().replace(b"15000000", b"9" * 1024 * 1024, 1),
        ),
        "text-10mb": ("huge.txt", huge_text()),
        "text-10mb-one-line": ("line.txt", b"9" * 10 * 1024 * 1024),
    }
