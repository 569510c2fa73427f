"""markdown-it-py tokens → SyntaxTreeNode → our document tree, with `render_<type>` dispatch.

Raw HTML is off: a `<script>` in a clerk's text is plain text in every output. A construct we do
not render becomes a warning (as in MyST), never a crash.
"""

from __future__ import annotations

import re

from markdown_it import MarkdownIt
from markdown_it.tree import SyntaxTreeNode

from reportgen import doctree as dt
from reportgen.chinese_numerals import heading_number
from reportgen.findings import Finding, Location
from reportgen.markup.directives import DIRECTIVES, DirectiveError

#: without the raw-HTML rules, which never match with html off but were still tried on every line
_MD = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False}).disable(
    ["html_block", "html_inline"])
_DIRECTIVE = re.compile(r"^\{([a-z-]+)\}\s*(.*)$")
_UNNUMBERED = re.compile(r"\s*\{-\}\s*$")


class TreeBuilder:
    def __init__(self, source_name: str, warnings: list[Finding]) -> None:
        self.source_name = source_name
        self.warnings = warnings
        self.counters = [0, 0, 0, 0, 0]
        self.blocks: list[dt.Block] = []

    def warn(self, node: SyntaxTreeNode, message: str) -> None:
        self.warnings.append(Finding("W-MARKUP", "warning", message, Location(self.source_name, _line(node))))

    def render(self, node: SyntaxTreeNode) -> None:
        method = getattr(self, f"render_{node.type}", None)
        if method is None:
            self.warn(node, f"不支持的 Markdown 结构“{node.type}”，已跳过")
            return
        start = len(self.blocks)
        method(node)
        line = _line(node)
        for block in self.blocks[start:]:  # the blocks a node made start at its line, unless they know better
            if block.line is None:
                block.line = line

    def render_root(self, node: SyntaxTreeNode) -> None:
        for child in node.children:
            self.render(child)

    def render_heading(self, node: SyntaxTreeNode) -> None:
        level = int(node.tag[1])
        inlines = self.inlines(node.children[0])
        numbered = True
        if inlines and _UNNUMBERED.search(inlines[-1].text):
            inlines[-1].text = _UNNUMBERED.sub("", inlines[-1].text)
            numbered = False
        number = ""
        if numbered and level <= 4:
            self.counters[level] += 1
            for deeper in range(level + 1, 5):
                self.counters[deeper] = 0
            number = heading_number(level, self.counters[level])
        self.blocks.append(dt.Heading(min(level, 4), inlines, number))

    def render_paragraph(self, node: SyntaxTreeNode, prefix: str = "") -> None:
        inlines = self.inlines(node.children[0]) if node.children else []
        if prefix:
            inlines.insert(0, dt.Text(prefix))
        self.blocks.append(dt.Paragraph(inlines))

    def _list(self, node: SyntaxTreeNode, ordered: bool) -> None:
        start = int(node.attrs.get("start", 1)) if ordered else 1
        for i, item in enumerate(node.children):
            prefix = f"{start + i}." if ordered else "· "
            for j, child in enumerate(item.children):
                if child.type == "paragraph":
                    self.render_paragraph(child, prefix if j == 0 else "")
                else:
                    self.render(child)

    def render_bullet_list(self, node: SyntaxTreeNode) -> None:
        self._list(node, ordered=False)

    def render_ordered_list(self, node: SyntaxTreeNode) -> None:
        self._list(node, ordered=True)

    def render_fence(self, node: SyntaxTreeNode) -> None:
        m = _DIRECTIVE.match(node.info.strip())
        if not m:
            self.warn(node, "代码块不是已知的指令，按普通段落输出")
            self.blocks += [dt.Paragraph([dt.Text(line)]) for line in node.content.splitlines() if line.strip()]
            return
        name, args = m.groups()
        fn = DIRECTIVES.get(name)
        if fn is None:
            self.warn(node, f"未知的指令“{{{name}}}”，已跳过")
            return
        try:
            self.blocks += fn(args, node.content)
        except DirectiveError as exc:
            self.warn(node, f"指令“{{{name}}}”有误，已跳过：{exc}")

    def render_hr(self, node: SyntaxTreeNode) -> None:
        self.blocks.append(dt.PageBreak())

    def inlines(self, node: SyntaxTreeNode, bold: bool = False, italic: bool = False) -> list[dt.Text]:
        out: list[dt.Text] = []
        for child in node.children:
            kind = child.type
            if kind in ("text", "code_inline"):
                out.append(dt.Text(child.content, bold, italic))
            elif kind == "softbreak":
                continue  # Chinese text joins wrapped lines without a space
            elif kind == "hardbreak":
                out.append(dt.Text("\n", bold, italic))
            elif kind == "strong":
                out += self.inlines(child, True, italic)
            elif kind == "em":
                out += self.inlines(child, bold, True)
            elif kind == "link":
                out += self.inlines(child, bold, italic)
            else:
                self.warn(node, f"不支持的行内结构“{kind}”，已跳过")
        return _merge(out)


def _line(node: SyntaxTreeNode) -> int | None:
    """markdown-it's token map is 0-based [begin, end) lines; messages count from 1."""
    if node.is_root:
        return None
    return node.map[0] + 1 if node.map else None


def _merge(inlines: list[dt.Text]) -> list[dt.Text]:
    merged: list[dt.Text] = []
    for t in inlines:
        if merged and (merged[-1].bold, merged[-1].italic) == (t.bold, t.italic):
            merged[-1] = dt.Text(merged[-1].text + t.text, t.bold, t.italic)
        else:
            merged.append(t)
    return merged


def parse(markdown: str, *, title: str, kind: str, source_name: str, warnings: list[Finding],
          author: str = "") -> dt.Document:
    builder = TreeBuilder(source_name, warnings)
    builder.render(SyntaxTreeNode(_MD.parse(markdown)))
    return dt.Document(title, builder.blocks, kind, author=author, source=source_name)
