"""argparse in Chinese: the command line's own errors (a missing court, `--year abc`, a mistyped
command) and its help headings, for clerks who read no English. Exit status 2, as argparse's."""

from __future__ import annotations

import argparse
import re
import sys
from typing import Any, NoReturn

#: argparse's messages (Python 3.11+) and what a clerk is told instead; {0}… are the English groups
_MESSAGES: list[tuple[re.Pattern[str], str]] = [(re.compile(p), m) for p, m in [
    (r"^the following arguments are required: (.+)$", "缺少{0}"),
    (r"^unrecognized arguments: (.+)$", "多余或不认识的参数：{0}（法院代号只能写一个；名称中不能有空格）"),
    (r"^argument (\S+): invalid choice: '(.*)' \(choose from (.+)\)$", "{0} “{1}”不可用，可选：{2}"),
    (r"^argument (\S+): invalid int value: '(.*)'$", "{0} 的取值“{1}”不是整数"),
    (r"^argument (\S+): invalid \S+ value: '(.*)'$", "{0} 的取值“{1}”无效"),
    (r"^argument (\S+): expected one argument$", "{0} 后面缺少取值"),
    (r"^argument (\S+): expected at most one argument$", "{0} 最多只能跟一个取值"),
    (r"^argument (\S+): expected at least one argument$", "{0} 后面至少要有一个取值"),
    (r"^argument (\S+): not allowed with argument (\S+)$", "{0} 不能与 {1} 同时使用"),
    (r"^argument (\S+): ignored explicit argument '(.*)'$", "{0} 不接受取值“{1}”"),
    (r"^ambiguous option: (\S+) could match (.+)$", "选项 {0} 不明确，可能是：{1}"),
    (r"^one of the arguments (.+) is required$", "须给出以下之一：{0}"),
    (r"^argument (\S+): (.*[\u4e00-\u9fff].*)$", "{0}：{1}"),  # our own type checks, already Chinese
]]

#: how argparse names an argument in its messages, and how a clerk would
_NAMES = {"court": "法院代号（如 lanzhou-xinqu）", "command": "命令（check、build、new-year 等）",
          "action": "操作（start、stop 或 status）"}


def _name(text: str) -> str:
    """An argument's name as argparse writes it ("court", "--year", "-b/--builder") in Chinese words."""
    names = [n.strip() for n in re.split(r",\s*|/", text)]
    return "、".join(_NAMES.get(n, f"参数 {n}") for n in names)


def _choices(text: str) -> str:
    return "、".join(c.strip().strip("'") for c in text.split(","))


def translate(message: str) -> str:
    """argparse's English message in Chinese; one that is already Chinese (our own) stays as it is."""
    for pattern, chinese in _MESSAGES:
        m = pattern.match(message)
        if m:
            groups = list(m.groups())
            if pattern.pattern.startswith("^argument") or "required" in pattern.pattern:
                groups[0] = _name(groups[0])
            if "choose from" in pattern.pattern:
                groups[2] = _choices(groups[2])
            return chinese.format(*groups)
    return message if re.search(r"[\u4e00-\u9fff]", message) else f"命令行参数有误（{message}）"


class _Formatter(argparse.HelpFormatter):
    def _format_usage(self, usage: Any, actions: Any, groups: Any, prefix: str | None) -> str:
        return super()._format_usage(usage, actions, groups, "用法：" if prefix is None else prefix)


class ChineseArgumentParser(argparse.ArgumentParser):
    """ArgumentParser whose errors, headings and -h are Chinese; subcommands' parsers are of this class too."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", _Formatter)
        kwargs["add_help"] = False
        super().__init__(*args, **kwargs)
        self._positionals.title = "位置参数"
        self._optionals.title = "选项"
        self.add_argument("-h", "--help", action="help", help="显示本帮助并退出")

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}：命令行有误：{translate(message)}。运行 {self.prog} -h 查看用法\n")


def year(text: str) -> int:
    """--year: a four-digit year."""
    if not re.fullmatch(r"\d{4}", text.strip()):
        raise argparse.ArgumentTypeError(f"年度“{text}”不合规，应为四位数字，如 2024")
    return int(text)
