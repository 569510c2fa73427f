"""HTML builder: one self-contained page to publish (inline CSS, no script, no network).

The page shell and its style sheet are templates (templates/html/page.html.j2 and style.css); a court
overrides either with a file of the same name in its own templates/html/, as it may bring its own
reference.docx. A court's page template that fails falls back to the built-in one, with a warning.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from functools import lru_cache
from html import escape
from pathlib import Path

from jinja2 import StrictUndefined, Template, TemplateError
from markupsafe import Markup

from reportgen import doctree as dt
from reportgen.builders import register
from reportgen.builders.base import Builder, Translator
from reportgen.builders.docx.reference import MARGIN_INSIDE, MARGIN_OUTSIDE, PAGE_WIDTH
from reportgen.builders.docx.styles import spec_for
from reportgen.builders.docx.tables import CELL_MARGIN
from reportgen.builders.svgchart import render_svg
from reportgen.builders.widths import fit_page
from reportgen.findings import Finding, Location
from reportgen.render.environment import DEFAULT_TEMPLATES, BoundedTemplate
from reportgen.render.sandbox import BoundedEnvironment
from reportgen.textfile import TextFileError, os_message, read_text

#: the printed page's text width (twips) and table text size: the HTML has the DOCX's column widths
TEXT_WIDTH = PAGE_WIDTH - MARGIN_INSIDE - MARGIN_OUTSIDE
TABLE_SIZE_PT = spec_for("table").size_pt

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
        if len(inlines) == 1 and not (inlines[0].bold or inlines[0].italic):  # most: a table cell's text
            return escape(inlines[0].text).replace("\n", "<br>")
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
        widths, size = _fit(node)
        small = "small" if size < TABLE_SIZE_PT else None
        out = ['<div class="table-wrap">',
               f"<table{_class(node.style if node.style != 'grid' else None, small)}"
               f' style="min-width:{sum(widths):.0f}em">']
        if node.caption:
            out.append(f"<caption>{escape(node.caption)}</caption>")
        out.append("<colgroup>" + "".join(f'<col style="width:{w * 100 / sum(widths):.1f}%">' for w in widths)
                   + "</colgroup>")
        total = len(node.rows) - node.total_rows if node.total_rows else -1
        head = node.header_rows if dt.head_is_closed(node) else 0  # a rowspan cannot cross into <tbody>
        for r, row in enumerate(node.rows):
            if r == 0 and head:
                out.append("<thead>")
            if r == head:
                out.append("<tbody>")
            out.append('<tr class="total">' if r == total else "<tr>")
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
        """A header cell labels its column when its whole row is labels, else its row. (A court has
        some 1500 cells: the common case, one line and no spans, takes the shortest way.)"""
        tag = "th" if c.header or in_head else "td"
        attrs = (' scope="col"' if column_label else ' scope="row"') if tag == "th" else ""
        if c.rowspan > 1:
            attrs += f' rowspan="{c.rowspan}"'
        if c.colspan > 1:
            attrs += f' colspan="{c.colspan}"'
        if c.align:
            attrs += f' class="{c.align}"'
        blocks = c.blocks
        content = self.inlines(blocks[0].inlines) if len(blocks) == 1 else \
            "<br>".join([self.inlines(p.inlines) for p in blocks])
        if c.vertical:
            content = f'<span class="vertical">{content}</span>'
        return f"<{tag}{attrs}>{content}</{tag}>"


def _fit(node: dt.Table) -> tuple[list[float], float]:
    """The widths (ems of the table's text) and text size the DOCX builder fits on the built-in page:
    the <colgroup>, and the table's width on a phone, where it scrolls sideways instead of squeezing
    its columns (the style sheet gives every cell a readable minimum too)."""
    try:
        fit, size = fit_page(node, TEXT_WIDTH / 20, TABLE_SIZE_PT, 2 * CELL_MARGIN / 20)
    except ValueError:  # a broken grid: equal columns
        return [1.0] * max(node.ncols, 1), TABLE_SIZE_PT
    return fit.widths, size


#: the built-in page shell and style sheet; a court's templates/html/ files of these names replace them
PAGE_TEMPLATE, STYLE_SHEET = "page.html.j2", "style.css"
SHELL = DEFAULT_TEMPLATES / "html"
#: bounded as the document templates are: a court's page shell cannot run for ever or fill the memory
_ENV = BoundedEnvironment(autoescape=True, keep_trailing_newline=True, undefined=StrictUndefined)
_ENV.template_class = BoundedTemplate


@lru_cache(maxsize=64)
def _read(path: Path, stamp: tuple[int, int]) -> str:
    """A shell file's text, read once per version (`stamp`: size and modification time); a court's
    file is read as every input is (textfile: no pipes, UTF-8, no control characters)."""
    return read_text(path)


@lru_cache(maxsize=64)
def _compile(source: str) -> Template:
    return _ENV.from_string(source)


def _text(path: Path) -> str:
    st = os.stat(path)
    return _read(path, (st.st_size, st.st_mtime_ns))


@register
class HtmlBuilder(Builder):
    name = "html"
    extension = ".html"

    def render(self, document: dt.Document) -> bytes:
        tr = HtmlTranslator(self.context)
        tr.translate(document)
        tr.flush_title()
        # escaped as the body is (html.escape), so a title reads the same in <title> and in the text
        names = {"lang": Markup(escape(document.lang)), "title": Markup(escape(document.title)), "csp": Markup(CSP),
                 "css": Markup(self._shell(STYLE_SHEET, str)), "body": Markup("\n".join(tr.body))}
        return self._shell(PAGE_TEMPLATE, lambda source: _compile(source).render(names)).encode("utf-8")

    def _shell(self, name: str, use: Callable[[str], str]) -> str:
        """`use` applied to the court's templates/html/<name>, or to the built-in one when the court has
        none or its file cannot be read or used (W-HTML-TEMPLATE). The file read is recorded."""
        court = self.context.templates
        path = court / "html" / name if court is not None else None
        if path is not None and os.path.lexists(path):
            try:
                result = use(_text(path))
                self.context.used.add(path)
                return result
            except TextFileError as exc:
                problem = exc.message
            except OSError as exc:
                problem = os_message(exc)
            except TemplateError as exc:
                problem = f"模板有误：{exc}"
            self.context.warnings.append(Finding(
                "W-HTML-TEMPLATE", "warning", f"本院网页文件 {name} 无法使用（{problem}），已改用内置的", Location(str(path))))
        self.context.used.add(SHELL / name)
        return use(_text(SHELL / name))
