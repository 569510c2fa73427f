"""Where things came from travels with them: document-tree nodes know their Markdown line (as
MyST's nodes do), and every model read from a file knows its file and the line of each field."""

from __future__ import annotations

from dataclasses import dataclass

from reportgen import doctree as dt
from reportgen import markup
from reportgen.builders.base import BuildContext
from reportgen.builders.docx.translator import DocxTranslator
from reportgen.builders.html import HtmlTranslator
from reportgen.loader import load
from tests.conftest import CONTENT

MARKDOWN = """# 一级标题

正文一段。

```{table}
{"widths": [1, 1], "rows": [[{"text": "甲"}, {"text": "乙"}]]}
```

- 列表项
"""


def test_tree_nodes_carry_the_line_they_start_on():
    doc = markup.parse(MARKDOWN, title="t", kind="report", source_name="report.md", warnings=[])
    assert [(type(b).__name__, b.line) for b in doc.children] == [
        ("Heading", 1), ("Paragraph", 3), ("Table", 5), ("Paragraph", 9)]
    assert doc.source == "report.md"


@dataclass
class Unknown(dt.Node):
    """A node no builder knows."""


def test_builder_warnings_name_the_markdown_file_and_line():
    doc = markup.parse(MARKDOWN, title="t", kind="report", source_name="report.md", warnings=[])
    doc.children.append(Unknown(line=12))
    translator = HtmlTranslator(BuildContext())
    translator.translate(doc)
    (finding,) = translator.context.warnings
    assert (finding.code, str(finding.location)) == ("W-RENDER", "report.md:12")


def test_a_table_that_cannot_be_laid_out_names_its_line():
    context = BuildContext()
    translator = DocxTranslator(context, styles=None, text_width=9000)  # type: ignore[arg-type]
    bad = dt.Table([[dt.Cell([], colspan=3)]], widths=[1, 1], line=7)  # wider than the table
    translator.translate(dt.Document("t", [bad], source="forms.md"))
    (finding,) = context.warnings
    assert (finding.code, str(finding.location)) == ("E-DOCX-TABLE", "forms.md:7")


def line_of(path, text: str, start: int = 1) -> int:
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(i for i, line in enumerate(lines, start=1) if i >= start and line.strip().startswith(text))


def test_every_model_knows_its_file_and_the_line_of_each_field():
    cy = load(CONTENT, "lanzhou-xinqu")
    project = cy.data.projects[1]
    path = CONTENT / "lanzhou-xinqu" / "2024" / "projects" / "02-fating-yunweifei.toml"
    where = cy.source_of(project).locate("name")
    assert (where.file.endswith("02-fating-yunweifei.toml"), where.line) == (True, line_of(path, "name ="))
    third = project.indicators[2]
    table = line_of(path, "[[indicators]]")
    for _ in range(2):
        table = line_of(path, "[[indicators]]", table + 1)
    located = cy.source_of(third).locate("target")
    assert (located.field, located.line) == ("indicators[2].target", line_of(path, "target =", table))
    assert cy.source_of(project.funds[0]).locate("source").field == "funds[0].source"
    assert cy.source_of(cy.data.info.report).locate().file.endswith("year.toml")  # nested in a file


def test_a_model_built_in_code_has_no_location():
    cy = load(CONTENT, "lanzhou-xinqu")
    assert cy.source_of(cy.data) is None  # assembled from the files, read from none
