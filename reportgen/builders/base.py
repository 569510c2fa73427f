"""The builder contract and the visitor that dispatches on node types by name."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import ClassVar

from reportgen.doctree import Block, Document, Node
from reportgen.findings import Finding, Location, Severity


@dataclass
class BuildContext:
    """What a builder may know besides the tree: resources and a place for warnings."""

    reference_doc: Path | None = None  # DOCX styles; None → the built-in zh-CN reference document
    templates: Path | None = None  # the court's templates folder (HTML page shell); None → built-in only
    used: set[Path] = field(default_factory=set)  # template files read, for the incremental-build manifest
    warnings: list[Finding] = field(default_factory=list)


class Builder:
    """One output format. Subclasses set `name` and `extension` and implement `render`."""

    #: registry name, as in `reportgen build -b <name>`
    name: ClassVar[str]
    #: file extension of the output, with the dot
    extension: ClassVar[str]

    def __init__(self, context: BuildContext) -> None:
        self.context = context

    def render(self, document: Document) -> bytes:
        raise NotImplementedError


class Translator:
    """Walks blocks with `visit_<node class name lower>` methods; an unknown node is a warning."""

    def __init__(self, context: BuildContext) -> None:
        self.context = context
        self.source = ""  # the Markdown the document was parsed from, named in warnings

    def translate(self, document: Document) -> None:
        self.source = document.source
        for node in document.children:
            self.visit(node)

    def visit(self, node: Block) -> None:
        method = getattr(self, f"visit_{type(node).__name__.lower()}", None)
        if method is None:
            self.warn(node, "W-RENDER", "warning", f"{type(self).__name__} 不支持 {type(node).__name__}，已跳过")
            return
        method(node)

    def warn(self, node: Node, code: str, severity: Severity, message: str) -> None:
        """A finding at the node's line in the document's Markdown."""
        self.context.warnings.append(Finding(code, severity, message, Location(self.source, node.line)))
