"""The sandbox a court template or a clerk's text runs in, with bounds on what it may compute.

Jinja's SandboxedEnvironment keeps a template away from Python's internals, but lets it compute
anything: `{{ "x" * 10000000000 }}` asks for 10 GB, a loop can run for ever. Here every operation
that can make a value much larger than its operands (`*`, `**`, `+`, `%`, `~`, widths in filters
and str methods, `range`, captured blocks) is checked before it runs, and a render has a budget
of time and output. Exceeding a bound is a LimitError, reported as E-TEMPLATE with file and line.
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
from jinja2.filters import do_center, do_format, do_indent, do_replace
from jinja2.sandbox import SandboxedEnvironment

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


def _size(value: Any) -> int | None:
    return len(value) if isinstance(value, (str, list, tuple)) else None


def _check_repeat(seq: Any, times: Any) -> None:
    size = _size(seq)
    if size is not None and isinstance(times, int) and size * times > MAX_SIZE:
        raise _limit(f"把内容重复 {times} 次会得到 {size * times} 个字符或项目")


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
    """Environment.concat: a captured block, a macro's output, `~`."""
    text = "".join(parts)
    if len(text) > MAX_SIZE:
        raise _limit(f"拼接出的文字长达 {len(text)} 个字符")
    return text


def bounded_range(*args: int) -> range:
    rng = range(*args)
    if len(rng) > MAX_RANGE:
        raise _limit(f"range() 有 {len(rng)} 项（最多 {MAX_RANGE} 项）")
    return rng


class _BoundedCodeGenerator(CodeGenerator):
    """`a ~ b` is compiled to the environment's bounded concat (Jinja calls a module function)."""

    def visit_Concat(self, node: nodes.Concat, frame: Frame) -> None:
        if frame.eval_ctx.volatile or frame.eval_ctx.autoescape:
            super().visit_Concat(node, frame)
            return
        self.write("environment.concat(map(str, (")
        for arg in node.nodes:
            self.visit(arg, frame)
            self.write(", ")
        self.write(")))")


def _bounded_filter(fn: Callable[..., Any], check: Callable[..., None]) -> Callable[..., Any]:
    @functools.wraps(fn)  # keeps Jinja's pass_eval_context mark of do_replace
    def bounded(*args: Any, **kwargs: Any) -> Any:
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


def _replace(eval_ctx: Any, s: Any, old: Any, new: Any, count: Any = None) -> None:
    _check_replace(s, old, new)


_WIDTH_METHODS = frozenset({"center", "ljust", "rjust", "zfill"})


class BoundedEnvironment(SandboxedEnvironment):
    """SandboxedEnvironment with every value-growing operation bounded (see the module's docstring)."""

    intercepted_binops = frozenset({"*", "**", "+", "%"})
    code_generator_class = _BoundedCodeGenerator
    concat = staticmethod(bounded_concat)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.globals["range"] = bounded_range
        del self.globals["lipsum"]  # lipsum(n=10**9) writes for ever, and no document needs it
        for name, fn, check in (("center", do_center, _center), ("indent", do_indent, _indent),
                                ("format", do_format, _format), ("replace", do_replace, _replace)):
            self.filters[name] = _bounded_filter(fn, check)

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        if operator == "*":
            _check_repeat(left, right)
            _check_repeat(right, left)
        elif operator == "+":
            a, b = _size(left), _size(right)
            if a is not None and b is not None and a + b > MAX_SIZE:
                raise _limit(f"相加得到 {a + b} 个字符或项目")
        elif operator == "**":
            if isinstance(left, int) and isinstance(right, int) and abs(left) > 1 \
                    and right * abs(left).bit_length() > MAX_POWER_BITS:
                raise _limit(f"{left} 的 {right} 次方过大")
        elif operator == "%":
            _check_format(left, _WIDE_PERCENT)
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
    main thread can take signals; elsewhere the other bounds still hold."""
    global _depth, _deadline
    if threading.current_thread() is not threading.main_thread():
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
