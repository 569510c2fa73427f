"""Map the tree's semantic style names to the paragraph styles of the reference document.

A court may bring its own reference document, possibly saved by a Chinese Word that gives
built-in styles localised ids ("1" for heading 1). So a style is found by id, then by name,
then by a fallback semantic; a missing style is a warning, never a crash.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple

from docx.oxml.ns import qn
from lxml import etree

from reportgen.builders.docx.reference import STYLE_SPECS, StyleSpec

#: where to look when the reference document lacks a style (None: the document's default style)
FALLBACK: dict[str, str | None] = {
    "body": None,
    "title": None,
    "subtitle": "body",
    "caption": "body",
    "note": "body",
    "signature": "body",
    "form-title": "title",
    "form-meta": "body",
    "heading1": "body",
    "heading2": "body",
    "heading3": "body",
    "heading4": "body",
    "table": None,
    "form-table": "table",
    "page-number": None,
}

#: how a user recognises a missing style in a warning
LABEL = {
    "body": "正文", "title": "标题", "subtitle": "副标题", "caption": "表格标题", "note": "附注",
    "signature": "落款", "form-title": "表单标题", "form-meta": "表单信息", "table": "表格文字",
    "form-table": "表单表格文字", "page-number": "页码",
    **{f"heading{n}": f"{n}级标题" for n in range(1, 5)},
}

_SPECS = {spec.semantic: spec for spec in STYLE_SPECS}


def spec_for(semantic: str) -> StyleSpec:
    """The built-in style a semantic name stands for, following FALLBACK (the default style: body):
    what the builders estimate sizes and pitches from, whatever the reference document holds."""
    while semantic not in _SPECS:
        semantic = FALLBACK.get(semantic) or "body"
    return _SPECS[semantic]


class StyleIndex(NamedTuple):
    """The paragraph styles of a reference document: ids, and ids by lower-cased name."""

    ids: frozenset[str]
    names: dict[str, str]

    @classmethod
    def of(cls, styles: etree._Element) -> StyleIndex:
        ids: set[str] = set()
        names: dict[str, str] = {}
        for st in styles.iter(qn("w:style")):
            if st.get(qn("w:type")) != "paragraph":
                continue
            sid = st.get(qn("w:styleId"))
            if sid is None:
                continue
            ids.add(sid)
            name = st.find(qn("w:name"))
            if name is not None:
                names.setdefault(name.get(qn("w:val"), "").lower(), sid)
        return cls(frozenset(ids), names)


class StyleMap:
    """Resolves semantic names to style ids once each, reporting what is missing once per document."""

    def __init__(self, index: StyleIndex, warn: Callable[[str], None]) -> None:
        self._warn = warn
        self._ids, self._names = index
        self._cache: dict[str, str | None] = {}
        self.missing: set[str] = set()

    def has(self, semantic: str) -> bool:
        """Whether the reference document has this style itself (not a fallback)."""
        self.resolve(semantic)
        return semantic not in self.missing

    def resolve(self, semantic: str) -> str | None:
        """The style id for `semantic`; None means the document's default paragraph style."""
        if semantic in self._cache:
            return self._cache[semantic]
        found = self._lookup(semantic)
        if found is None:
            self.missing.add(semantic)
            fallback = FALLBACK.get(semantic, "body")
            found = self.resolve(fallback) if fallback else None
            label = LABEL.get(semantic, semantic)
            if semantic in _SPECS:
                spec = _SPECS[semantic]
                self._warn(f"参考文档缺少“{label}”样式（{spec.name}，样式 ID {spec.style_id}），"
                           f"已改用{'“' + LABEL[fallback] + '”样式' if fallback else '默认段落样式'}")
            else:
                self._warn(f"未知的段落样式“{semantic}”，已按正文排版")
        self._cache[semantic] = found
        return found

    def _lookup(self, semantic: str) -> str | None:
        spec = _SPECS.get(semantic)
        if spec is None:
            return None
        if spec.style_id in self._ids:
            return spec.style_id
        return self._names.get(spec.name.lower())
