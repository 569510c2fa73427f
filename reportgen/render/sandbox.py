"""The sandbox a court template or a clerk's text runs in, with bounds on what it may compute.

Jinja's SandboxedEnvironment keeps a template away from Python's internals, but lets it compute
anything: `{{ "x" * 10000000000 }}` asks for 10 GB, a loop can run for ever. Here every operation
that can make a value much larger than its operands (`*`, `**`, `+`, `%`, `~`, format, join,
widths in filters and str methods, `range`, captured blocks, printing a list) is checked before it
runs, by the weight of what it would produce (a list of one long text repeated weighs as much as
the text it prints); lists cannot be changed in place; and a render has a budget of time and output. Exceeding a bound is a LimitError, reported as E-TEMPLATE with file and line.
"""

from __future__ import annotations

import functools
import re
import signal
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import Any

from jinja2 import TemplateRuntimeError, nodes
from jinja2.compiler import CodeGenerator, Frame
from jinja2.sandbox import ImmutableSandboxedEnvironment

#: characters (or items) any one value may have; a court's whole report is a few hundred thousand
MAX_SIZE = 2_000_000
#: characters one render may produce
MAX_OUTPUT = 20_000_000
#: items of a range()
MAX_RANGE = 10_000
#: bits of an integer power: 10 ** 3000 at most
MAX_POWER_BITS = 10_000
#: seconds a render (a document, with the texts it contains) may take
RENDER_SECONDS = 20.0

#: a %-format or a str.format field with a width or precision of five digits or more, or taken from an argument
_WIDE_PERCENT = re.compile(r"%[-+ #0]*(?:\d{5,}|\*)|%[-+ #0]*\d*\.(?:\d{5,}|\*)")
_WIDE_BRACE = re.compile(r"\{[^{}]*:[^{}]*(?:\d{5,}|\{)")


class LimitError(TemplateRuntimeError):
    """A template asked for more than the sandbox allows; the message is Chinese and says what."""


def _limit(what: str) -> LimitError:
    return LimitError(f"{what}，超出了允许的范围（模板或文字中的计算应只用于填入数字和文字）")


def weight(value: Any) -> int:
    """About how many characters `value` would print as: a text its length, a list or a table the weight of
    what it holds (a list of one long text repeated is heavy, however short). Counted without recursion
    and only up to just over MAX_SIZE, so a list that holds itself is heavy, not endless. Plain str,
    dict and list are told by their exact type first (every table spec is weighed: 20% faster)."""
    total, stack = 0, [value]
    while stack and total <= MAX_SIZE:
        item = stack.pop()
        kind = type(item)
        if kind is str:
            total += len(item)
        elif kind is dict or kind is list:
            total += len(item) + 1
            if total <= MAX_SIZE:
                stack.extend(item.values() if kind is dict else item)
        else:
            total += _other_weight(item, stack, MAX_SIZE - total)
    return total


def _other_weight(item: Any, stack: list[Any], room: int) -> int:
    """weight() of what is not exactly a str, dict or list (subclasses, tuples, numbers); what it holds
    is weighed next if it leaves room."""
    if isinstance(item, str):
        return len(item)
    if isinstance(item, (list, tuple, dict)):
        if len(item) + 1 <= room:
            stack.extend(item.values() if isinstance(item, dict) else item)
        return len(item) + 1
    return 1


def _check_repeat(seq: Any, times: Any) -> None:
    if isinstance(seq, (str, list, tuple)) and isinstance(times, int) and times > 1:
        size = weight(seq) * times
        if size > MAX_SIZE:
            raise _limit(f"把内容重复 {times} 次会得到约 {size} 个字符或项目")


def _check_format(spec: Any, pattern: re.Pattern[str]) -> None:
    if isinstance(spec, str) and pattern.search(spec):
        raise _limit("格式中的宽度或精度过大")


def _check_width(width: Any) -> None:
    if isinstance(width, int) and width > MAX_SIZE:
        raise _limit(f"宽度 {width} 过大")


def _check_replace(text: Any, old: Any, new: Any) -> None:
    if isinstance(text, str) and isinstance(old, str) and isinstance(new, str):
        count = text.count(old) if old else len(text) + 1
        if len(text) + count * (len(new) - len(old)) > MAX_SIZE:
            raise _limit("替换后的文字过长")


def bounded_concat(parts: Iterable[str]) -> str:
    """Environment.concat: the output of a captured block or a macro, measured before it is joined."""
    parts = list(parts)
    size = sum(map(len, parts))
    if size > MAX_SIZE:
        raise _limit(f"拼接出的文字长达 {size} 个字符")
    return "".join(parts)


def concat_values(values: tuple[Any, ...]) -> str:
    """`a ~ b ~ c`: each operand weighed before it is turned into text (a list of long texts prints long)."""
    if sum(weight(v) for v in values) > MAX_SIZE:
        raise _limit("拼接出的文字过长")
    return "".join(map(str, values))


def bounded_output(value: Any) -> Any:
    """Environment.finalize: what a {{ … }} prints is weighed before it is turned into text."""
    if not isinstance(value, (str, int, float)) and weight(value) > MAX_SIZE:
        raise _limit("要印出的内容过长")
    return value


def bounded_range(*args: int) -> range:
    rng = range(*args)
    if len(rng) > MAX_RANGE:
        raise _limit(f"range() 有 {len(rng)} 项（最多 {MAX_RANGE} 项）")
    return rng


class _BoundedCodeGenerator(CodeGenerator):
    """`a ~ b` is compiled to the environment's bounded concat_values (Jinja calls a module function)."""

    def visit_Concat(self, node: nodes.Concat, frame: Frame) -> None:
        if frame.eval_ctx.volatile or frame.eval_ctx.autoescape:
            super().visit_Concat(node, frame)
            return
        self.write("environment.concat_values((")
        for arg in node.nodes:
            self.visit(arg, frame)
            self.write(", ")
        self.write("))")


def _bounded_filter(fn: Callable[..., Any], check: Callable[..., None] | None = None) -> Callable[..., Any]:
    """A filter that refuses a list or table too heavy to print (|string, |join, |tojson, |sum …), and runs
    `check` on its arguments first."""
    @functools.wraps(fn)  # keeps Jinja's pass_context / pass_eval_context marks
    def bounded(*args: Any, **kwargs: Any) -> Any:
        for arg in args:
            if isinstance(arg, (list, tuple, dict)) and weight(arg) > MAX_SIZE:
                raise _limit("交给过滤器的内容过长")
        if check is not None:
            check(*args, **kwargs)
        return fn(*args, **kwargs)

    return bounded


def _center(value: Any, width: Any = 80) -> None:
    _check_width(width)


def _indent(s: Any, width: Any = 4, *args: Any, **kwargs: Any) -> None:
    pad = width if isinstance(width, int) else len(width) if isinstance(width, str) else 0
    if isinstance(s, str) and pad * (s.count("\n") + 1) > MAX_SIZE:
        raise _limit("缩进后的文字过长")


def _format(value: Any, *args: Any, **kwargs: Any) -> None:
    _check_format(value, _WIDE_PERCENT)
    if isinstance(value, str):
        _check_fill(value, value.count("%"), (*args, *kwargs.values()))


def _replace(eval_ctx: Any, s: Any, old: Any, new: Any, count: Any = None) -> None:
    _check_replace(s, old, new)


def _join(eval_ctx: Any, value: Any, d: Any = "", attribute: Any = None) -> None:
    _check_join(d, value)


def _check_join(separator: Any, items: Any) -> None:
    if isinstance(separator, str) and isinstance(items, (list, tuple)):
        if len(separator) * len(items) + weight(items) > MAX_SIZE:
            raise _limit("连接后的文字过长")


def _check_fill(template: str, fields: int, values: tuple[Any, ...]) -> None:
    """A format with `fields` places filled from `values`: at most each place takes the heaviest value."""
    heaviest = max((weight(v) for v in values), default=0)
    if len(template) + fields * heaviest > MAX_SIZE:
        raise _limit("填入格式后的文字过长")


_WIDTH_METHODS = frozenset({"center", "ljust", "rjust", "zfill"})
#: Jinja's filters that turn a list or a table into text, or join lists: a heavy one is refused
_TO_TEXT = ("string", "pprint", "tojson", "sum", "e", "escape", "forceescape", "safe", "xmlattr", "urlencode",
            "wordwrap", "truncate", "title", "upper", "lower", "capitalize", "trim", "striptags", "urlize")


#: is_safe_attribute's answers by (type, attribute name), for every environment of the process (bounded)
_SAFE_ATTRIBUTES: dict[tuple[type, str], bool] = {}
_SAFE_LIMIT = 4096


class BoundedEnvironment(ImmutableSandboxedEnvironment):
    """Jinja's sandbox with every value-growing operation bounded (see the module's docstring); lists and
    tables cannot be changed in place (ns.l.extend(ns.l) would double without an operator to check)."""

    intercepted_binops = frozenset({"*", "**", "+", "%"})
    code_generator_class = _BoundedCodeGenerator
    concat = staticmethod(bounded_concat)
    concat_values = staticmethod(concat_values)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, finalize=bounded_output, **kwargs)
        self.globals["range"] = bounded_range
        del self.globals["lipsum"]  # lipsum(n=10**9) writes for ever, and no document needs it
        checks: dict[str, Callable[..., None]] = {"center": _center, "indent": _indent, "format": _format,
                                                  "replace": _replace, "join": _join}
        for name in (*checks, *_TO_TEXT):
            self.filters[name] = _bounded_filter(self.filters[name], checks.get(name))

    def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
        """Jinja's answer hangs on the object's type and the name only: asked once a pair and
        remembered (templates read about 700 attributes a court, each check cost 2.5 µs: 1.7 ms a court)."""
        key = (type(obj), attr)
        safe = _SAFE_ATTRIBUTES.get(key)
        if safe is None:
            if len(_SAFE_ATTRIBUTES) >= _SAFE_LIMIT:
                _SAFE_ATTRIBUTES.clear()
            safe = _SAFE_ATTRIBUTES[key] = super().is_safe_attribute(obj, attr, value)
        return safe

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        if operator == "*":
            _check_repeat(left, right)
            _check_repeat(right, left)
        elif operator == "+":
            if isinstance(left, (str, list, tuple)) and isinstance(right, (str, list, tuple)):
                size = weight(left) + weight(right)
                if size > MAX_SIZE:
                    raise _limit(f"相加得到约 {size} 个字符或项目")
        elif operator == "**":
            if isinstance(left, int) and isinstance(right, int) and abs(left) > 1 \
                    and right * abs(left).bit_length() > MAX_POWER_BITS:
                raise _limit(f"{left} 的 {right} 次方过大")
        elif operator == "%" and isinstance(left, str):
            _format(left, *(right if isinstance(right, tuple) else (right,)))  # the |format filter's check
        return super().call_binop(context, operator, left, right)

    def call(__self, __context: Any, __obj: Any, *args: Any, **kwargs: Any) -> Any:
        target = getattr(__obj, "__wrapped__", __obj)  # str.format comes wrapped by the sandbox
        owner, name = getattr(target, "__self__", None), getattr(target, "__name__", "")
        if isinstance(owner, str):
            if name in _WIDTH_METHODS and args:
                _check_width(args[0])
            elif name == "replace" and len(args) >= 2:
                _check_replace(owner, args[0], args[1])
            elif name == "expandtabs":
                tabsize = args[0] if args and isinstance(args[0], int) else 8
                if tabsize * owner.count("\t") > MAX_SIZE:
                    raise _limit("展开制表符后的文字过长")
            elif name in ("format", "format_map"):
                _check_format(owner, _WIDE_BRACE)
                _check_fill(owner, owner.count("{"), (*args, *kwargs.values()))
            elif name == "join" and args:
                _check_join(owner, list(args[0]) if isinstance(args[0], (set, frozenset)) else args[0])
        return super().call(__context, __obj, *args, **kwargs)


class Overtime(Exception):
    """Raised inside a render that ran out of time (from a timer signal)."""


_depth = 0
_deadline = 0.0


def _ring(signum: int, frame: Any) -> None:
    if _depth and time.monotonic() >= _deadline:
        raise Overtime


@contextmanager
def budget() -> Iterator[None]:
    """A time budget for the outermost render of this thread: a timer signal interrupts any loop once
    RENDER_SECONDS are spent (and again every quarter second, should a handler swallow it). Only the
    main thread of a POSIX system can take such signals; elsewhere the other bounds still hold."""
    global _depth, _deadline
    if threading.current_thread() is not threading.main_thread() or not hasattr(signal, "setitimer"):  # Windows
        yield
        return
    if _depth:
        _depth += 1
        try:
            yield
        finally:
            _depth -= 1
        return
    _depth, _deadline = 1, time.monotonic() + RENDER_SECONDS
    previous = signal.signal(signal.SIGALRM, _ring)
    signal.setitimer(signal.ITIMER_REAL, RENDER_SECONDS, 0.25)
    try:
        yield
    finally:
        _depth = 0
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def render_bounded(parts: Iterator[str]) -> str:
    """A render's output, counted as it is produced: at most MAX_OUTPUT characters."""
    out, size = [], 0
    for part in parts:
        size += len(part)
        if size > MAX_OUTPUT:
            raise _limit(f"生成的内容超过 {MAX_OUTPUT} 个字符")
        out.append(part)
    return "".join(out)
