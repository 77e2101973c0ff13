"""The HTML shell of a printed report: one self-contained file that prints well.

Spec card:
    What: ``document(title, sections)`` wraps body markup in a complete HTML5 page with its
        style sheet inline (no fonts, scripts or images fetched: it opens offline), print CSS
        (A4, margins, a page break before every ``section.page``, no figure or table row
        split across pages) and a screen look that matches the print. ``table`` builds an
        escaped table; ``esc`` escapes text for HTML.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

CSS = """
:root { color-scheme: light; }
body { font: 10pt/1.35 "DejaVu Sans", "Liberation Sans", Arial, sans-serif; color: #111;
  background: #e9edf2; margin: 0; }
.page { background: #fff; max-width: 190mm; margin: 8mm auto; padding: 10mm 12mm;
  box-shadow: 0 1px 4px rgba(0,0,0,.25); }
h1 { font-size: 18pt; margin: 0 0 1mm; }
h2 { font-size: 12pt; margin: 3mm 0 1.5mm; border-bottom: 1.5px solid #333; }
h3 { font-size: 11pt; margin: 3mm 0 1mm; }
.sub { color: #444; margin: 0 0 3mm; }
table { border-collapse: collapse; width: 100%; margin: 1mm 0 3mm; font-size: 9.5pt; }
th, td { border: 1px solid #999; padding: 1px 5px; text-align: left; vertical-align: top; }
th { background: #eef1f5; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
tr { break-inside: avoid; }
figure { margin: 2mm 0; break-inside: avoid; }
svg.map { width: 100%; height: auto; max-height: 50mm; display: block; }
.rules { font-size: 9pt; } .rules p { margin: 0 0 1.5mm; } .rules table { font-size: 8.5pt; }
svg.chart { width: 100%; height: auto; display: block; }
.legend { font-size: 9pt; color: #333; }
.legend .swatch, .legend .key { margin-right: 10px; white-space: nowrap; }
.legend svg { vertical-align: middle; }
.briefing { white-space: pre-wrap; }
.good { color: #17672f; } .bad { color: #9c1c1c; }
ul.timeline { list-style: none; padding-left: 0; font-size: 9.5pt; }
ul.timeline li { margin: 0 0 1px; break-inside: avoid; }
.turn { font-weight: bold; margin-top: 2mm; }
.note { font-size: 9pt; color: #444; }
.cols { display: flex; gap: 6mm; } .cols > div { flex: 1; }
@page { size: A4; margin: 9mm 10mm; }
@media print {
  body { background: #fff; font-size: 9pt; }
  table { font-size: 8.5pt; }
  .page { box-shadow: none; margin: 0; max-width: none; padding: 0; }
  .page + .page { break-before: page; page-break-before: always; }
  h2, h3 { break-after: avoid; }
}
"""


def esc(text: object) -> str:
    """Text escaped for HTML."""
    return escape(str(text))


def document(title: str, sections: Sequence[str]) -> str:
    """A whole HTML page; each section is markup for one ``<section class="page">``."""
    body = "\n".join(f'<section class="page">\n{s}\n</section>' for s in sections)
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{esc(title)}</title><style>{CSS}</style></head>\n"
        f"<body>\n{body}\n</body></html>\n"
    )


def table(
    head: Sequence[str], rows: Sequence[Sequence[object]], numeric: Sequence[int] = ()
) -> str:
    """A table; columns whose index is in ``numeric`` are right-aligned. Cells are escaped
    unless they are ``Markup``."""
    num = set(numeric)

    def cell(tag: str, i: int, value: object) -> str:
        cls = ' class="num"' if i in num else ""
        text = value.html if isinstance(value, Markup) else esc(value)
        return f"<{tag}{cls}>{text}</{tag}>"

    out = ["<table><thead><tr>"]
    out += [cell("th", i, h) for i, h in enumerate(head)]
    out.append("</tr></thead><tbody>")
    for row in rows:
        out.append("<tr>" + "".join(cell("td", i, v) for i, v in enumerate(row)) + "</tr>")
    out.append("</tbody></table>")
    return "".join(out)


class Markup:
    """Markup that ``table`` puts in a cell as it is (already escaped by its maker)."""

    def __init__(self, html: str):
        self.html = html
