"""The sandbox bounds what a template or a text may compute (reportgen/render/sandbox.py): each runaway
is refused at once with a Chinese message, while the arithmetic a text legitimately does still works."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from types import SimpleNamespace

import pytest
from jinja2 import TemplateError

from reportgen.models.settings import Settings
from reportgen.render import sandbox
from reportgen.render.environment import Narratives, make_environment, template_error
from reportgen.render.format import Formatter


@pytest.fixture
def render(tmp_path: Path) -> Callable[[str], str]:
    env = make_environment(tmp_path, set(), Formatter(Settings()))

    def run(source: str) -> str:
        return env.from_string(source).render()

    return run


RUNAWAYS = {
    '{{ "x" * 10000000000 }}': "重复",
    '{{ 10000000000 * "x" }}': "重复",
    '{{ [0] * 10 ** 9 }}': "重复",
    '{{ 7 ** 1000000 }}': "次方过大",
    '{{ "%99999999s" % "a" }}': "宽度或精度",
    '{{ "%*s" % (99999999, "a") }}': "宽度或精度",
    '{{ "{:>99999999}".format(1) }}': "宽度或精度",
    '{{ "{:{}}".format(1, 99999999) }}': "宽度或精度",
    '{{ "a"|center(10 ** 10) }}': "宽度",
    '{{ "a".rjust(10 ** 10) }}': "宽度",
    '{{ "a\nb"|indent(10 ** 9) }}': "缩进",
    '{{ ("x" * 1000000)|replace("x", "yyy") }}': "替换",
    '{{ ("x" * 1000)|replace("", "y" * 100000) }}': "替换",
    '{{ "\t\t".expandtabs(10 ** 9) }}': "制表符",
    '{{ "%s"|format("a") ~ "x" * 2000000 ~ "y" * 1000 }}': "拼接",
    '{% set ns = namespace(s="ab") %}{% for i in range(40) %}{% set ns.s = ns.s ~ ns.s %}{% endfor %}': "拼接",
    '{% set ns = namespace(s=[1]) %}{% for i in range(40) %}{% set ns.s = ns.s + ns.s %}{% endfor %}': "相加",
    '{% for i in range(10 ** 9) %}{% endfor %}': "range()",
    '{% macro m() %}{{ m() }}{% endmacro %}{{ m() }}': "套用了自己",
    '{% set x %}{% for i in range(10000) %}{{ "y" * 1000 }}{% endfor %}{% endset %}': "拼接",
}


@pytest.mark.parametrize("source", RUNAWAYS, ids=list(RUNAWAYS.values()))
def test_a_runaway_is_refused_at_once(render, source: str) -> None:
    start = time.monotonic()
    with pytest.raises(TemplateError) as info:
        render(source)
    assert time.monotonic() - start < 5
    message = template_error(info.value, "t").findings[0].message
    assert RUNAWAYS[source] in message, message


def test_lipsum_is_gone(render) -> None:
    with pytest.raises(TemplateError):
        render("{{ lipsum(10 ** 9) }}")


@pytest.mark.parametrize(("source", "expected"), [
    ('{{ "ab" * 3 }}', "ababab"), ("{{ 2 ** 10 }}", "1024"), ('{{ "%5.1f" % 3.14159 }}', "  3.1"),
    ('{{ "{:>6}".format("x") }}', "     x"), ('{{ "a"|center(5) }}', "  a  "), ("{{ [1, 2] + [3] }}", "[1, 2, 3]"),
    ('{{ "a" ~ 1 ~ "b" }}', "a1b"), ('{{ range(3)|list }}', "[0, 1, 2]"), ('{{ "a-b"|replace("-", "—") }}', "a—b"),
    ('{% set x %}块{% endset %}{{ x }}', "块"), ("{{ 7 * 6 }}", "42"), ('{{ "x\ny"|indent(2) }}', "x\n  y"),
])
def test_ordinary_arithmetic_still_works(render, source: str, expected: str) -> None:
    assert render(source) == expected


def test_a_loop_without_end_runs_out_of_time(render, monkeypatch: pytest.MonkeyPatch) -> None:
    """Loops over a long text, nested: no single step is too large, the time budget stops it."""
    monkeypatch.setattr(sandbox, "RENDER_SECONDS", 0.5)
    start = time.monotonic()
    with pytest.raises(TemplateError) as info:
        render('{% set s = "x" * 100000 %}{% for a in s %}{% for b in s %}{% endfor %}{% endfor %}')
    assert time.monotonic() - start < 3
    assert "秒仍未结束" in template_error(info.value, "t").findings[0].message


def test_the_output_budget(render, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sandbox, "MAX_OUTPUT", 10_000)
    with pytest.raises(TemplateError) as info:
        render('{% for i in range(1000) %}{{ "y" * 100 }}{% endfor %}')
    assert "生成的内容超过" in template_error(info.value, "t").findings[0].message


def test_the_timer_is_cleared_after_a_render(render) -> None:
    import signal

    render("{{ 1 }}")
    before = signal.getsignal(signal.SIGALRM)
    render("{{ 2 }}")
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)
    assert signal.getsignal(signal.SIGALRM) == before


HEAVY = {
    '{% set s = "x" * 2000000 %}{{ [s] * 1000 }}': "重复",
    '{% set s = "x" * 2000000 %}{{ [s, s, s, s] }}': "要印出的内容过长",
    '{% set s = "x" * 2000000 %}{{ [s, s]|string }}': "交给过滤器的内容过长",
    '{% set s = "x" * 1000000 %}{{ [s, s, s]|join("-") }}': "过长",
    '{% set s = "x" * 1000000 %}{{ "-".join([s, s, s]) }}': "过长",
    '{% set s = "x" * 1000000 %}{{ "%s%s%s" % (s, s, s) }}': "填入格式",
    '{% set s = "x" * 1000000 %}{{ "{0}{0}{0}".format(s) }}': "填入格式",
    '{% set s = "x" * 1000000 %}{{ [s, s] ~ "" }}': "拼接",
    '{% set s = "x" * 1000000 %}{{ [s] + [s, s] }}': "相加",
    '{% set ns = namespace(l=[1]) %}{% for i in range(40) %}{% set _ = ns.l.extend(ns.l) %}{% endfor %}': "不允许",
}


@pytest.mark.parametrize("source", HEAVY, ids=list(HEAVY.values()))
def test_a_short_list_of_long_texts_is_as_heavy_as_its_texts(render: Callable[[str], str], source: str) -> None:
    """A list holding one long text many times is small by count, huge when printed: weighed by what it holds."""
    with pytest.raises(TemplateError) as info:
        render(source)
    assert HEAVY[source] in template_error(info.value, "t").findings[0].message


def test_a_list_that_holds_itself_is_heavy_not_endless() -> None:
    loop: list[object] = [1]
    loop.append(loop)
    assert sandbox.weight(loop) > sandbox.MAX_SIZE


@pytest.mark.parametrize("text", ["  按时完成。\n", "100% 完成}} 与 %} 照印", "第一行\r\n第二行\r第三行", "结案率 {{ 1 + 1 }}"])
def test_a_text_prints_as_jinja_prints_it_whether_or_not_it_has_template_syntax(tmp_path: Path, text: str):
    """Narratives skips Jinja for a text without {{, {% or {# (most texts): the output must not tell."""
    env = make_environment(tmp_path, set(), Formatter(Settings()))
    narratives = Narratives(env, None, {}, lambda owner, path: {})  # type: ignore[arg-type]  # no court: no error here
    assert narratives(SimpleNamespace(text=text), "text") == env.from_string(text).render().strip()
