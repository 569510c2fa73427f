"""The `reportgen` command: build, check, schema, new-year, xlsx, reference-doc.

Exit status: 0 success, 1 check errors (or warnings with -W), 2 unreadable input or a failed build,
3 readable data not yet filled in (build and new-year refuse it).
"""

from __future__ import annotations

import argparse
import functools
import sys
from pathlib import Path

from reportgen.cliargs import ChineseArgumentParser, year
from reportgen.codes import shown
from reportgen.failures import explain
from reportgen.findings import Finding, IncompleteError, InputError


def _print_findings(findings: list[Finding]) -> None:
    for line in dict.fromkeys(f.format() for f in findings):  # once each: every document meets reference.docx
        print(line, file=sys.stderr)


def _summary(findings: list[Finding]) -> str:
    errors = sum(f.severity == "error" for f in findings)
    return f"{errors} 个错误，{len(findings) - errors} 个警告"


def cmd_check(args: argparse.Namespace) -> int:
    from reportgen.build import rendering_findings
    from reportgen.checks import run_checks, still_missing
    from reportgen.loader import load
    from reportgen.scoring import score_year

    cy = load(args.content, args.court, args.year)
    scores = score_year(cy)
    findings = run_checks(cy, scores)
    if not still_missing(findings):  # an unfilled year is not rendered (make report refuses it too)
        findings += rendering_findings(cy, scores)
    _print_findings(findings)
    print(f"{cy.court.name} {cy.year} 年：{_summary(findings)}", file=sys.stderr)
    failing = [f for f in findings if f.severity == "error" or args.warning_is_error]
    return 1 if failing else 0


def cmd_build(args: argparse.Namespace) -> int:
    builders = tuple(args.builders or ("docx", "html"))
    if "pdf" in builders:
        from reportgen.builders.pdf import MISSING, find_soffice

        if find_soffice() is None:
            print(MISSING, file=sys.stderr)
            return 2
    if args.all:
        from reportgen.batch import run

        return run(args.content, args.output, builders, year=args.year, force=args.force,
                   warning_is_error=args.warning_is_error)
    from reportgen.build import build_court

    result = build_court(args.content, args.court, args.year, args.output, builders, force=args.force)
    # Rendering problems are shown in full; data findings are summarised (make check lists them).
    _print_findings([f for f in result.findings if shown(f)])
    for path in result.written:
        print(f"已生成 {path}")
    for path in result.skipped:
        print(f"未变化，跳过 {path}")
    failing = [f for f in result.findings if args.warning_is_error]
    if result.findings:
        print(f"数据核对发现 {_summary(result.findings)}：文件中的合计与比率均按数据重新计算，定量指标自评分与计分规则不符又未说明原因的按规则改正；"
              f"运行 make check COURT={args.court} 查看每一处的位置和说明。", file=sys.stderr)
    return 1 if failing else 0


def cmd_new_year(args: argparse.Namespace) -> int:
    from reportgen.newyear import new_year

    year, path = new_year(args.content, args.court)
    print(f"已建立 {year} 年数据：{path}")
    print(f"下一步：填写实际完成值、得分和决算数据，然后运行 make check COURT={args.court} YEAR={year} 查看还缺什么。")
    return 0


def cmd_xlsx(args: argparse.Namespace) -> int:
    """Excel workbooks in and out (reportgen/xlsx/)."""
    if args.action == "export":
        from reportgen.atomic import write_bytes
        from reportgen.loader import load
        from reportgen.scoring import score_year
        from reportgen.xlsx.export import default_output, export_workbook

        cy = load(args.content, args.court, args.year)
        output = args.output or default_output(cy)
        write_bytes(output, export_workbook(cy, score_year(cy)))
        print(f"已导出 {output}：填好白色格子后运行 reportgen xlsx import {args.court} {output}")
        return 0
    from reportgen.xlsx.importer import import_workbook

    try:
        changed = import_workbook(args.content, args.court, args.file, args.year)
    except InputError as exc:
        from reportgen.codes import CODES

        if not all(f.code in CODES and CODES[f.code].stage == "xlsx" for f in exc.findings):
            raise  # the data files themselves cannot be read: the general message
        _print_findings(exc.findings)
        print(f"工作簿中有 {len(exc.findings)} 处问题，数据文件均未改动：请按上面的提示修改工作簿后重新导入。", file=sys.stderr)
        return 2
    for path in changed:
        print(f"已更新 {path}")
    if not changed:
        print("工作簿与数据一致，没有文件需要改动。")
    print(f"下一步：运行 make check COURT={args.court} 核对数据，然后 make report COURT={args.court} 生成文件。")
    return 0


def cmd_reference_doc(args: argparse.Namespace) -> int:
    from reportgen.atomic import write_bytes
    from reportgen.builders.docx.reference import default_reference_docx

    if args.output.exists() and not args.force:
        print(f"{args.output} 已存在；如要覆盖请加 --force", file=sys.stderr)
        return 2
    write_bytes(args.output, default_reference_docx())
    print(f"已导出内置 Word 样式到 {args.output}：在 Word 中修改样式（勿改样式名）后，放到 content/<法院>/reference.docx 即可生效")
    return 0


def cmd_schema(args: argparse.Namespace) -> int:
    from reportgen.schema import write_schemas

    for path in write_schemas(args.output):
        print(path)
    return 0


def cmd_preview(args: argparse.Namespace) -> int:
    from reportgen.preview import serve

    return serve(args.content, args.court, args.year, args.port)


@functools.cache
def make_parser() -> argparse.ArgumentParser:
    """Built once per process (parsing does not change it): the command server forks with it ready."""
    parser = ChineseArgumentParser(prog="reportgen", description="由数据生成法院预算绩效自评报告、自评表与目标申报表")
    parser.add_argument("--content", type=Path, default=Path("content"), help="数据目录（默认 content/）")
    sub = parser.add_subparsers(dest="command", required=True, title="命令")

    p = sub.add_parser("check", help="核对数据：计算得分并列出不一致之处")
    p.add_argument("court", help="法院代号，如 lanzhou-xinqu")
    p.add_argument("--year", type=year, help="年度（默认最新）")
    p.add_argument("-W", dest="warning_is_error", action="store_true", help="警告也视为错误")
    p.set_defaults(func=cmd_check)

    p = sub.add_parser("build", help="生成文件（Word 与网页）")
    p.add_argument("court", nargs="?", help="法院代号，如 lanzhou-xinqu（用 --all 时不填）")
    p.add_argument("--all", action="store_true", help="生成 content/ 下所有法院的文件（并行）")
    p.add_argument("-E", dest="force", action="store_true", help="全部重新生成，不跳过未变化的文件")
    p.add_argument("--year", type=year, help="年度（默认最新）")
    p.add_argument("-b", dest="builders", action="append", choices=["docx", "html", "pdf"], help="只生成某种格式，可重复（pdf 需要 LibreOffice）")
    p.add_argument("-o", "--output", type=Path, default=Path("build"), help="输出目录（默认 build/）")
    p.add_argument("-W", dest="warning_is_error", action="store_true", help="有任何警告或错误时以非零状态退出")
    p.set_defaults(func=cmd_build)

    p = sub.add_parser("preview", help="边写边看：在浏览器中实时预览文件，问题列在旁边（仅本机可访问）")
    p.add_argument("court", help="法院代号，如 lanzhou-xinqu")
    p.add_argument("--year", type=year, help="年度（默认最新）")
    p.add_argument("--port", type=int, default=8000, help="端口（默认 8000）")
    p.set_defaults(func=cmd_preview)

    p = sub.add_parser("new-year", help="以最新年度为底稿建立下一年度的数据")
    p.add_argument("court", help="法院代号")
    p.set_defaults(func=cmd_new_year)

    p = sub.add_parser("xlsx", help="Excel 工作簿：导出供填写，填好后导入回数据文件")
    xlsx = p.add_subparsers(dest="action", required=True)
    q = xlsx.add_parser("export", help="导出本院某年度的数据为 .xlsx 工作簿")
    q.add_argument("court", help="法院代号，如 lanzhou-xinqu")
    q.add_argument("--year", type=year, help="年度（默认最新）")
    q.add_argument("-o", "--output", type=Path, help="输出文件（默认 build/<法院>/<年度>/<法院>-<年度>-数据.xlsx）")
    q.set_defaults(func=cmd_xlsx)
    q = xlsx.add_parser("import", help="把填好的工作簿导入回数据文件（有任何问题时不改动文件）")
    q.add_argument("court", help="法院代号")
    q.add_argument("file", type=Path, help="填好的 .xlsx 文件")
    q.add_argument("--year", type=year, help="年度（默认为工作簿中记录的年度）")
    q.set_defaults(func=cmd_xlsx)

    p = sub.add_parser("reference-doc", help="导出内置的 Word 样式文件，供本院修改后使用")
    p.add_argument("-o", "--output", type=Path, default=Path("reference.docx"), help="输出文件（默认 reference.docx）")
    p.add_argument("--force", action="store_true", help="覆盖已有文件")
    p.set_defaults(func=cmd_reference_doc)

    p = sub.add_parser("server", help="后台服务：预先加载程序，之后每条命令只需几十毫秒（可选）")
    p.add_argument("action", choices=["start", "stop", "status"], help="启动、停止或查看")
    p.add_argument("--idle", type=float, default=30, help="闲置多少分钟后自动退出（默认 30）")
    # run by the client itself (reportgen.cmdserver.client), never by a server

    p = sub.add_parser("schema", help="输出数据文件的 JSON Schema，供编辑器校验与补全")
    p.add_argument("-o", "--output", type=Path, default=Path("schema"), help="输出目录（默认 schema/）")
    p.set_defaults(func=cmd_schema)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = make_parser()
    args = parser.parse_args(argv)
    if args.command == "build" and (args.court is None) == (not args.all):
        parser.error("请指定一个法院代号（如 reportgen build lanzhou-xinqu），或用 --all 生成所有法院，二者只能选一")
    try:
        code: int = args.func(args)
        return code
    except IncompleteError as exc:
        _print_findings(exc.findings)
        print("数据可以读取，但还没有填完：请补全上面列出的各项后重试。", file=sys.stderr)
        return 3
    except KeyboardInterrupt:
        return 130
    except (OSError, InputError, RecursionError, MemoryError) as exc:
        findings = explain(exc)
        if findings is None:
            raise
        _print_findings(findings)
        print("数据无法读取或文件无法写入，请按上面的提示修改后重试；原有的生成文件均未改动。", file=sys.stderr)
        return 2
