"""The declaration as a printable HTML page (A4 landscape print CSS), same layout as the PDF.

Plain string building with escaping, no Django: the CLI writes it from files, and the web app
serves the same page as its print view.
"""

from __future__ import annotations

from collections.abc import Iterable
from html import escape

from jixiao.core.declaration import FUND_SOURCES, PERIODS, Declaration
from jixiao.core.exporters import layout

CSS = """
@page { size: A4 landscape; margin: 12mm; }
* { box-sizing: border-box; }
body { font-family: "Songti SC", "SimSun", "Noto Serif CJK SC", "WenQuanYi Micro Hei", serif;
       font-size: 10.5pt; color: #000; margin: 0; }
.form { width: 273mm; margin: 0 auto 12mm; page-break-after: always; }
.form:last-child { page-break-after: auto; }
h1 { font-size: 17pt; text-align: center; margin: 0 0 2mm; font-weight: bold; }
.year { text-align: center; font-size: 11.5pt; margin: 0 0 4mm; }
table { width: 100%; border-collapse: collapse; table-layout: fixed; margin-top: -1px; }
td, th { border: 0.6pt solid #000; padding: 1.5mm 1mm; vertical-align: top;
         word-break: break-all; overflow-wrap: anywhere; white-space: pre-wrap; }
th { background: #f2f2f2; font-weight: normal; }
td.label { width: 48mm; }
td.amount { text-align: right; }
td.l1 { width: 22mm; } td.l2 { width: 30mm; } td.v { width: 33mm; }
.split { border-right-width: 1.4pt; }
.indicators thead { display: table-header-group; }
.indicators tr { page-break-inside: avoid; }
.footer { display: flex; justify-content: space-between; margin-top: 3mm; }
.footer span { flex: 1; }
@media screen { body { background: #eee; } .form { background: #fff; padding: 8mm; margin: 6mm auto; } }
@media print { .noprint { display: none; } }
"""


def _cell(text, cls: str = "", *, colspan: int = 1, rowspan: int = 1, tag: str = "td") -> str:
    attrs = f' class="{cls}"' if cls else ""
    attrs += f' colspan="{colspan}"' if colspan > 1 else ""
    attrs += f' rowspan="{rowspan}"' if rowspan > 1 else ""
    return f"<{tag}{attrs}>{escape(str(text)) if text is not None else ''}</{tag}>"


def form_html(decl: Declaration) -> str:
    """One form as an HTML fragment (``<section class="form">``)."""
    h = layout.HEADER_LABELS
    out = [
        '<section class="form">',
        f"<h1>{escape(layout.title_of(decl))}</h1>",
        f'<p class="year">{escape(layout.year_line(decl.fiscal_year))}</p>',
        "<table>",
        f"<tr>{_cell(h['project_name'], 'label')}{_cell(decl.project_name, colspan=3)}</tr>",
        f"<tr>{_cell(h['department'], 'label')}{_cell(layout.department_text(decl))}"
        f"{_cell(h['implementing_unit'], 'label')}{_cell(decl.implementing_unit)}</tr>",
        f"<tr>{_cell(h['project_type'], 'label')}{_cell(layout.project_type_text(decl))}"
        f"{_cell(h['period_years'], 'label')}{_cell(layout.period_text(decl.period_years))}</tr>",
        "</table><table>",
    ]
    for i, key in enumerate(("total", *FUND_SOURCES)):
        row = _cell(layout.FUNDS_LABEL, "label", rowspan=len(FUND_SOURCES) + 1) if i == 0 else ""
        for period in PERIODS:
            label = layout.HALF_TOTAL_LABELS[period] if key == "total" else layout.source_label(key)
            amount = layout.amount_text(getattr(decl.funds.half(period), key))
            row += _cell(label) + _cell(amount, "amount")
        out.append(f"<tr>{row}</tr>")
    out.append("</table><table>")
    for key, label in layout.TEXT_LABELS.items():
        out.append(f"<tr>{_cell(label, 'label')}{_cell(getattr(decl, key))}</tr>")
    out += [
        "</table><table>",
        f"<tr>{_cell(layout.GOALS_LABEL, 'label', rowspan=2)}"
        + "".join(_cell(t, tag="th") for t in layout.GOAL_LABELS.values())
        + "</tr>",
        "<tr>" + "".join(_cell(getattr(decl, k)) for k in layout.GOAL_LABELS) + "</tr>",
        "</table>",
        _indicator_table(decl),
        '<div class="footer">',
    ]
    values = {
        "responsible_person": decl.responsible_person,
        "handler": decl.handler,
        "phone": decl.phone,
        "filled_at": layout.date_text(decl.filled_at),
    }
    for key, label in layout.FOOTER_LABELS.items():
        out.append(f"<span>{escape(label)}{escape(values[key] or '')}</span>")
    out.append("</div></section>")
    return "\n".join(out)


def _indicator_table(decl: Declaration) -> str:
    h1, h2, h3, h4 = layout.INDICATOR_HEADERS
    out = [
        '<table class="indicators"><thead>',
        f"<tr>{_cell(layout.INDICATORS_LABEL, colspan=7, tag='th')}</tr>",
        f"<tr>{_cell(h1, 'l1', rowspan=2, tag='th')}"
        f"{_cell(layout.HALF_LABELS['implementation'], 'split', colspan=3, tag='th')}"
        f"{_cell(layout.HALF_LABELS['annual'], colspan=3, tag='th')}</tr>",
        "<tr>"
        + "".join(
            _cell(
                h,
                ("l2" if h == h2 else "v" if h == h4 else "") + (" split" if i == 2 else ""),
                tag="th",
            )
            for i, h in enumerate((h2, h3, h4, h2, h3, h4))
        )
        + "</tr></thead><tbody>",
    ]
    for row in layout.indicator_rows(decl):
        cells = _cell(row.level1, rowspan=row.level1_span) if row.first_of_level1 else ""
        for period in PERIODS:
            ind = row.half(period)
            if row.first_of_level2:
                cells += _cell(row.level2, rowspan=row.level2_span)
            cells += _cell(ind.name if ind else "")
            cells += _cell(ind.value if ind else "", "split" if period == "implementation" else "")
        out.append(f"<tr>{cells}</tr>")
    out.append("</tbody></table>")
    return "\n".join(out)


def render_html(declarations: Iterable[Declaration], *, title: str | None = None) -> str:
    """A complete HTML document of the forms, one per printed page."""
    declarations = list(declarations)
    title = title or (declarations[0].project_name if len(declarations) == 1 else "绩效目标申报表")
    body = "\n".join(form_html(d) for d in declarations)
    return (
        '<!doctype html>\n<html lang="zh-CN">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{escape(title)}</title>\n<style>{CSS}</style>\n</head>\n<body>\n"
        '<p class="noprint" style="text-align:center">'
        '<button onclick="window.print()">打印</button></p>\n'
        f"{body}\n</body>\n</html>\n"
    )
