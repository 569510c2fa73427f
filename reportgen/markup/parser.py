"""markdown-it-py tokens → our document tree, with `render_<type>` dispatch.

Raw HTML is off: a `<script>` in a clerk's text is plain text in every output. A construct we do
not render becomes a warning (as in MyST), never a crash.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from markdown_it import MarkdownIt
from markdown_it.token import Token

from reportgen import doctree as dt
from reportgen.chinese_numerals import heading_number
from reportgen.findings import Finding, Location
from reportgen.markup.directives import DIRECTIVES, DirectiveError

#: without the raw-HTML rules, which never match with html off but were still tried on every line
_MD = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False}).disable(
    ["html_block", "html_inline"])
_DIRECTIVE = re.compile(r"^\{([a-z-]+)\}\s*(.*)$")
_UNNUMBERED = re.compile(r"\s*\{-\}\s*$")


def _constructs(tokens: list[Token]) -> Iterator[tuple[Token, list[Token]]]:
    """Each construct of a token stream with the tokens inside it, as markdown-it's SyntaxTreeNode
    nests them (an opening token with those up to its closing one; a single token with its
    children), without a node object for each: the tree took 1.2 ms of a court's parse, and its
    parent links made garbage only the cyclic collector frees."""
    i, n = 0, len(tokens)
    while i < n:
        token = tokens[i]
        i += 1
        if token.nesting != 1:
            yield token, token.children or []
            continue
        start, depth = i, 1
        while depth and i < n:
            depth += tokens[i].nesting
            i += 1
        yield token, tokens[start:i - 1]


def _kind(token: Token) -> str:
    """The construct's name, as SyntaxTreeNode.type gives it: `bullet_list` for `bullet_list_open`."""
    return token.type.removesuffix("_open") if token.nesting == 1 else token.type


def _line(token: Token) -> int | None:
    """markdown-it's token map is 0-based [begin, end) lines; messages count from 1."""
    return token.map[0] + 1 if token.map else None


class TreeBuilder:
    def __init__(self, source_name: str, warnings: list[Finding]) -> None:
        self.source_name = source_name
        self.warnings = warnings
        self.counters = [0, 0, 0, 0, 0]
        self.blocks: list[dt.Block] = []

    def warn(self, line: int | None, message: str) -> None:
        self.warnings.append(Finding("W-MARKUP", "warning", message, Location(self.source_name, line)))

    def render(self, token: Token, inner: list[Token]) -> None:
        kind = _kind(token)
        method = getattr(self, f"render_{kind}", None)
        line = _line(token)
        if method is None:
            self.warn(line, f"不支持的 Markdown 结构“{kind}”，已跳过")
            return
        start = len(self.blocks)
        method(token, inner)
        for block in self.blocks[start:]:  # the blocks a construct made start at its line, unless they know better
            if block.line is None:
                block.line = line

    def render_heading(self, token: Token, inner: list[Token]) -> None:
        level = int(token.tag[1])
        inlines = self.inline(inner[0])
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

    def render_paragraph(self, token: Token, inner: list[Token], prefix: str = "") -> None:
        inlines = self.inline(inner[0]) if inner else []
        if prefix:
            inlines.insert(0, dt.Text(prefix))
        self.blocks.append(dt.Paragraph(inlines))

    def _list(self, token: Token, inner: list[Token], ordered: bool) -> None:
        start = int(token.attrs.get("start", 1)) if ordered else 1
        for i, (_item, item_inner) in enumerate(_constructs(inner)):
            prefix = f"{start + i}." if ordered else "· "
            for j, (child, child_inner) in enumerate(_constructs(item_inner)):
                if _kind(child) == "paragraph":
                    self.render_paragraph(child, child_inner, prefix if j == 0 else "")
                else:
                    self.render(child, child_inner)

    def render_bullet_list(self, token: Token, inner: list[Token]) -> None:
        self._list(token, inner, ordered=False)

    def render_ordered_list(self, token: Token, inner: list[Token]) -> None:
        self._list(token, inner, ordered=True)

    def render_fence(self, token: Token, inner: list[Token]) -> None:
        m = _DIRECTIVE.match(token.info.strip())
        if not m:
            self.warn(_line(token), "代码块不是已知的指令，按普通段落输出")
            self.blocks += [dt.Paragraph([dt.Text(line)]) for line in token.content.splitlines() if line.strip()]
            return
        name, args = m.groups()
        fn = DIRECTIVES.get(name)
        if fn is None:
            self.warn(_line(token), f"未知的指令“{{{name}}}”，已跳过")
            return
        try:
            self.blocks += fn(args, token.content)
        except DirectiveError as exc:
            self.warn(_line(token), f"指令“{{{name}}}”有误，已跳过：{exc}")

    def render_hr(self, token: Token, inner: list[Token]) -> None:
        self.blocks.append(dt.PageBreak())

    def inline(self, token: Token) -> list[dt.Text]:
        """The runs of an `inline` token (a heading's or a paragraph's text)."""
        return self.inlines(token.children or [], _line(token))

    def inlines(self, tokens: list[Token], line: int | None, bold: bool = False, italic: bool = False) \
            -> list[dt.Text]:
        """Runs of text; `line` is where the construct holding them starts, for a warning."""
        out: list[dt.Text] = []
        for child, inner in _constructs(tokens):
            kind = _kind(child)
            if kind in ("text", "code_inline"):
                out.append(dt.Text(child.content, bold, italic))
            elif kind == "softbreak":
                continue  # Chinese text joins wrapped lines without a space
            elif kind == "hardbreak":
                out.append(dt.Text("\n", bold, italic))
            elif kind == "strong":
                out += self.inlines(inner, _line(child), True, italic)
            elif kind == "em":
                out += self.inlines(inner, _line(child), bold, True)
            elif kind == "link":
                out += self.inlines(inner, _line(child), bold, italic)
            else:
                self.warn(line, f"不支持的行内结构“{kind}”，已跳过")
        return _merge(out)


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
    for token, inner in _constructs(_MD.parse(markdown)):
        builder.render(token, inner)
    return dt.Document(title, builder.blocks, kind, author=author, source=source_name)
