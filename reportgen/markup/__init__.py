"""Markdown with block directives → the document tree."""

from reportgen.markup.parser import parse

__all__ = ["parse"]
