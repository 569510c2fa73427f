"""HTML builder: one self-contained page to publish (inline CSS, no script, no network)."""

from __future__ import annotations

from html import escape

from reportgen import doctree as dt
from reportgen.builders import register
from reportgen.builders.base import Builder, Translator
from reportgen.builders.svgchart import render_svg

CSS = """
:root { --ink: #111; --rule: #444; --muted: #666; }
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body { margin: 0 auto; max-width: 50rem; padding: 1.5rem 1rem 4rem; color: var(--ink); background: #fff;
  font: 1.0625rem/1.9 "仿宋_GB2312", "FangSong_GB2312", "FangSong", "STFangsong", "Noto Serif CJK SC", fangsong, serif; }
h1, h2, h3, h4, h5 { font-size: 1.0625rem; margin: 1.2em 0 .4em; line-height: 1.6; }
h1.doc-title { font: 1.55rem/1.5 "方正小标宋简体", "FZXiaoBiaoSong-B05S", "STZhongsong", "Noto Serif CJK SC", "SimSun", serif;
  text-align: center; margin: .5em 0 1.2em; }
h1.doc-title span { display: block; }
h2 { font-family: "黑体", "SimHei", "Noto Sans CJK SC", sans-serif; font-weight: normal; }
h3 { font-family: "楷体_GB2312", "KaiTi_GB2312", "KaiTi", "STKaiti", kai, serif; font-weight: bold; }
h4 { font-weight: bold; }
h5 { font-weight: normal; }
p { margin: 0 0 .3em; text-indent: 2em; text-align: justify; }
p.form-title { text-indent: 0; text-align: center; font-size: 1.45rem; font-family: "方正小标宋简体", "STZhongsong", "Noto Serif CJK SC", serif; margin: 0; }
p.form-title + p.form-title { font-size: 1.0625rem; margin-bottom: .5em; }
p.form-meta, p.note { text-indent: 0; font-size: .95rem; }
p.caption { text-indent: 0; text-align: center; font-weight: bold; margin-top: 1em; }
p.signature { text-align: right; text-indent: 0; }
.table-wrap { overflow-x: auto; margin: .6em 0 1em; -webkit-overflow-scrolling: touch; }
table { border-collapse: collapse; width: 100%; font-size: .875rem; line-height: 1.5; }
caption { font-weight: bold; padding: .3em 0; }
th, td { border: 1px solid var(--rule); padding: .25em .4em; vertical-align: middle; }
th { font-weight: bold; background: #f3f3f3; }
td p, th p { text-indent: 0; margin: 0; text-align: inherit; }
.left { text-align: left; } .center { text-align: center; } .right { text-align: right; }
.justify { text-align: justify; }
.vertical { writing-mode: vertical-rl; text-orientation: upright; letter-spacing: .2em; white-space: nowrap; margin: auto; }
table.form { font-size: .8125rem; }
.page-break { border-top: 1px dashed #bbb; margin: 2rem 0; }
@media (max-width: 40rem) { body { font-size: 1rem; padding: 1rem .75rem; } table { font-size: .8125rem; } }
@page { size: A4; margin: 37mm 26mm 35mm 28mm; }
@media print {
  body { max-width: none; padding: 0; font-size: 16pt; line-height: 28pt; }
  h1.doc-title { font-size: 22pt; }
  table { font-size: 10.5pt; page-break-inside: auto; }
  thead { display: table-header-group; }
  tr { page-break-inside: avoid; break-inside: avoid; }
  h2, h3, h4, h5, caption, p.caption { page-break-after: avoid; break-after: avoid; }
  .table-wrap { overflow: visible; }
  .page-break { border: 0; margin: 0; break-after: page; page-break-after: always; }
}
"""

CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'"


def _class(*names: str | None) -> str:
    joined = " ".join(n for n in names if n)
    return f' class="{joined}"' if joined else ""


class HtmlTranslator(Translator):
    def __init__(self, context: object) -> None:
        super().__init__(context)  # type: ignore[arg-type]
        self.body: list[str] = []
        self.title_lines: list[str] = []

    def flush_title(self) -> None:
        if self.title_lines:
            spans = "".join(f"<span>{line}</span>" for line in self.title_lines)
            self.body.append(f'<h1 class="doc-title">{spans}</h1>')
            self.title_lines = []

    def visit(self, node: dt.Block) -> None:
        if not (isinstance(node, dt.Paragraph) and node.style == "title"):
            self.flush_title()
        super().visit(node)

    def inlines(self, inlines: list[dt.Text]) -> str:
        out = []
        for t in inlines:
            text = escape(t.text).replace("\n", "<br>")
            if t.bold:
                text = f"<strong>{text}</strong>"
            if t.italic:
                text = f"<em>{text}</em>"
            out.append(text)
        return "".join(out)

    def visit_heading(self, node: dt.Heading) -> None:
        level = node.level + 1
        self.body.append(f"<h{level}>{escape(node.number)}{self.inlines(node.inlines)}</h{level}>")

    def visit_paragraph(self, node: dt.Paragraph) -> None:
        if node.style == "title":
            self.title_lines.append(self.inlines(node.inlines))
            return
        style = None if node.style == "body" else node.style
        self.body.append(f"<p{_class(style, node.align)}>{self.inlines(node.inlines)}</p>")

    def visit_pagebreak(self, node: dt.PageBreak) -> None:
        self.body.append('<div class="page-break" role="separator"></div>')

    def visit_chart(self, node: dt.Chart) -> None:
        caption = f'<figcaption style="text-align:center;font-weight:bold;font-size:.875rem">{escape(node.caption)}</figcaption>' \
            if node.caption else ""
        self.body.append(f'<figure class="chart" style="margin:.6em 0 1em">{render_svg(node)}{caption}</figure>')

    def visit_table(self, node: dt.Table) -> None:
        out = ['<div class="table-wrap">', f"<table{_class(node.style if node.style != 'grid' else None)}>"]
        if node.caption:
            out.append(f"<caption>{escape(node.caption)}</caption>")
        total = sum(node.widths) or 1
        out.append("<colgroup>" + "".join(f'<col style="width:{w * 100 / total:.1f}%">' for w in node.widths)
                   + "</colgroup>")
        head = node.header_rows if _head_is_closed(node) else 0
        for r, row in enumerate(node.rows):
            if r == 0 and head:
                out.append("<thead>")
            if r == head:
                out.append("<tbody>")
            out.append("<tr>")
            column_labels = r < node.header_rows or all(c.header or c.vertical for c in row)
            for c in row:
                out.append(self.cell(c, in_head=r < node.header_rows, column_label=column_labels))
            out.append("</tr>")
            if head and r == head - 1:
                out.append("</thead>")
        if len(node.rows) > head:
            out.append("</tbody>")
        out.append("</table></div>")
        self.body.append("".join(out))

    def cell(self, c: dt.Cell, in_head: bool, column_label: bool) -> str:
        """A header cell labels its column when its whole row is labels, else its row."""
        tag = "th" if c.header or in_head else "td"
        attrs = ""
        if tag == "th":
            attrs += ' scope="col"' if column_label else ' scope="row"'
        if c.rowspan > 1:
            attrs += f' rowspan="{c.rowspan}"'
        if c.colspan > 1:
            attrs += f' colspan="{c.colspan}"'
        attrs += _class(c.align)
        content = "<br>".join(self.inlines(p.inlines) for p in c.blocks)
        if c.vertical:
            content = f'<span class="vertical">{content}</span>'
        return f"<{tag}{attrs}>{content}</{tag}>"


def _head_is_closed(table: dt.Table) -> bool:
    """HTML rowspans cannot cross from <thead> into <tbody>; such a table gets no <thead>."""
    return all(r + c.rowspan <= table.header_rows for r, row in enumerate(table.rows[: table.header_rows])
               for c in row)


@register
class HtmlBuilder(Builder):
    name = "html"
    extension = ".html"

    def render(self, document: dt.Document) -> bytes:
        tr = HtmlTranslator(self.context)
        tr.translate(document)
        tr.flush_title()
        body = "\n".join(tr.body)
        page = f"""<!DOCTYPE html>
<html lang="{escape(document.lang)}">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="{CSP}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="reportgen">
<title>{escape(document.title)}</title>
<style>{CSS}</style>
</head>
<body>
<main>
{body}
</main>
</body>
</html>
"""
        return page.encode("utf-8")
