"""docs/templates.md lists every name a template can use: compared with the real render context, the filters,
the names of texts, the macros and the blocks of every default report template, so the two cannot drift."""

from __future__ import annotations

import re

import pytest
from conftest import CONTENT, REPO
from jinja2 import Environment, nodes

from reportgen.loader import load
from reportgen.render.context import build_context
from reportgen.render.environment import DEFAULT_TEMPLATES, make_environment
from reportgen.render.figures import Figures
from reportgen.render.format import Formatter
from reportgen.scoring import score_year

DOC = (REPO / "docs" / "templates.md").read_text(encoding="utf-8")


def section(title: str) -> str:
    m = re.search(rf"^## {re.escape(title)}.*?$(.*?)(?=^## |\Z)", DOC, flags=re.M | re.S)
    assert m, f"docs/templates.md has no section “{title}”"
    return m.group(1)


def listed(title: str) -> list[str]:
    return re.findall(r"^- `([^`]+)`", section(title), flags=re.M)


@pytest.fixture(scope="module", params=["lanzhou-xinqu", "hexi-zhongyuan"])
def rendering(request):
    cy = load(CONTENT, request.param)
    result = score_year(cy)
    fmt = Formatter(cy.court.settings)
    env = make_environment(cy.court_dir, set(), fmt)
    return cy, result, env, build_context(cy, result, env, fmt)


def test_names_in_templates(rendering):
    *_, context = rendering
    assert sorted(listed("模板中的名称")) == sorted(context)


def test_filters(rendering):
    _, _, env, _ = rendering
    assert sorted(listed("过滤器")) == sorted(set(env.filters) - set(Environment().filters))


def test_names_in_texts(rendering):
    cy, result, _, context = rendering
    figures = Figures(Formatter(cy.court.settings))
    scored = result.department or result.projects[0]
    names = list(figures.evaluation(scored, str)) + list(figures.indicator(scored.indicators[0], str))
    assert listed("文字中的名称") == names
    for base in ("court", "year", "finance", "metrics"):  # what every text sees, named in the section's prose
        assert f"`{base}`" in section("文字中的名称") and base in context


def _parse(name: str) -> nodes.Template:
    env = Environment()
    return env.parse((DEFAULT_TEMPLATES / name).read_text(encoding="utf-8"))


def test_macros():
    found = [m.name for name in ("macros.md.j2", "report/narrative/macros.md.j2") for m in _parse(name).find_all(nodes.Macro)]
    assert listed("宏") == found


def test_blocks_of_every_default_report_template():
    documented = {m[0]: m[1].replace("`", "").split(", ")
                  for m in re.findall(r"^- `([^`]+\.md\.j2)`: (.+)$", section("块"), flags=re.M)}
    actual = {}
    for path in sorted((DEFAULT_TEMPLATES / "report").rglob("*.j2")):
        name = path.relative_to(DEFAULT_TEMPLATES).as_posix()
        if name.endswith("macros.md.j2"):
            continue
        blocks = [b.name for b in _parse(name).find_all(nodes.Block)]
        assert blocks, f"{name} has no named block to extend"
        actual[name] = blocks
    assert documented == actual
