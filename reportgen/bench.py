"""`make bench`: how fast reportgen is against pandoc, and how builds scale with the number of courts.

    python -m reportgen.bench [--max 100] [--repeat 5] [--profile] [--keep DIR]

(a) the lanzhou-xinqu report in both formats — in-process, and as the whole `reportgen build -E`
command, started afresh and through a command server — against pandoc turning our HTML of the
same report into DOCX;
(b) N synthetic courts made from the real ones (perturbed figures, varied numbers of projects and
indicators), full and no-op `reportgen build --all` for N = 10, 100, 1000: cost per document,
throughput, peak memory per worker process.
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import io
import json
import os
import platform
import random
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import tomllib
from collections.abc import Callable, Iterator
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
CONTENT = REPO / "content"
BASE_COURT = "lanzhou-xinqu"  # report and forms
PROJECT_SOURCES = ("lanzhou-xinqu", "pingtang")
SIZES = (10, 100, 1000)
#: targets of the issue, on a 2-core machine
TARGET_FULL_1000 = 60.0
TARGET_NOOP_1000 = 2.0
TARGET_WORKER_MB = 150.0
TARGET_PANDOC_RATIO = 0.5


# ── synthetic courts ──────────────────────────────────────────────────────────────────────────

def _project_pool() -> list[tuple[Path, dict[str, Any], Decimal]]:
    """Every real project with the factor that converts its amounts to the base court's unit."""
    pool = []
    for slug in PROJECT_SOURCES:
        court = tomllib.loads((CONTENT / slug / "court.toml").read_text(encoding="utf-8"))
        unit = court.get("settings", {}).get("amount_unit", "万元")
        scale = Decimal(1) if unit == "万元" else Decimal("0.0001")
        year_dir = max(p for p in (CONTENT / slug).iterdir() if re.fullmatch(r"\d{4}", p.name))
        for path in sorted((year_dir / "projects").glob("*.toml")):
            pool.append((path, tomllib.loads(path.read_text(encoding="utf-8"), parse_float=Decimal), scale))
    return pool


def _strip_stated(value: Any) -> Any:
    """Printed figures (stated_*) only make sense for the real documents."""
    if isinstance(value, dict):
        return {k: _strip_stated(v) for k, v in value.items() if not k.startswith("stated_")}
    if isinstance(value, list):
        return [_strip_stated(v) for v in value]
    return value


def _file_refs(value: Any) -> list[str]:
    if isinstance(value, dict):
        if set(value) == {"file"}:
            return [value["file"]]
        return [ref for v in value.values() for ref in _file_refs(v)]
    if isinstance(value, list):
        return [ref for v in value for ref in _file_refs(v)]
    return []


def _money(value: Decimal, factor: float) -> Decimal:
    return (value * Decimal(str(round(factor, 4)))).quantize(Decimal("0.01"))


def _perturb(project: dict[str, Any], scale: Decimal, rng: random.Random, tag: str) -> dict[str, Any]:
    p: dict[str, Any] = _strip_stated(project)
    p["name"] = f"{p['name']}{tag}"
    if "code" in p:
        p["code"] = f"{p['code']}{tag}"
    for fund in p.get("funds", []):
        factor = rng.uniform(0.6, 1.6) * float(scale)
        budget = _money(fund.get("budget", Decimal(0)), factor)
        for key in ("initial", "budget"):
            if key in fund:
                fund[key] = _money(fund[key], factor)
        if "spent" in fund:
            fund["spent"] = min(budget, _money(budget, rng.uniform(0.7, 1.02)))
    indicators = []
    for ind in p.get("indicators", []):
        actual = ind.get("actual")
        if isinstance(actual, str) and re.fullmatch(r"\d+(\.\d+)?", actual):
            decimals = len(actual.partition(".")[2])
            ind["actual"] = f"{float(actual) * rng.uniform(0.97, 1.03):.{decimals}f}"
        # Split some indicators in two halves (weight and score halve exactly): more indicators,
        # same totals.
        if rng.random() < 0.25 and isinstance(ind.get("weight"), (int, Decimal)):
            weight, score = Decimal(ind["weight"]) / 2, ind.get("score")
            halves = {"weight": weight}
            if isinstance(score, (int, Decimal)):
                halves["score"] = Decimal(score) / 2
            indicators += [dict(ind, **halves), dict(ind, **halves, name=f"{ind['name']}（分项二）")]
        else:
            indicators.append(ind)
    if "indicators" in p:
        p["indicators"] = indicators
    return p


def _json_default(value: Any) -> Any:
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, date):
        return value.isoformat()
    raise TypeError(type(value).__name__)


def synthesize(content: Path, count: int, seed: int = 2024) -> list[str]:
    """`count` valid courts under `content`, each a variant of the base court with 1–8 projects."""
    rng = random.Random(seed)
    pool = _project_pool()
    base = CONTENT / BASE_COURT
    year = max(p.name for p in base.iterdir() if re.fullmatch(r"\d{4}", p.name))
    court_toml = (base / "court.toml").read_text(encoding="utf-8")
    slugs = []
    for i in range(count):
        slug = f"synthetic-{i:04d}"
        court = content / slug
        shutil.copytree(base, court, ignore=shutil.ignore_patterns("projects"))
        (court / "court.toml").write_text(
            re.sub(r'^name = "[^"]*"', f'name = "合成测试{i + 1}号人民法院"', court_toml, count=1, flags=re.M),
            encoding="utf-8")
        department = court / year / "department.toml"
        if department.is_file():  # without its printed figures (stated_*), as JSON
            data = _strip_stated(tomllib.loads(department.read_text(encoding="utf-8"), parse_float=Decimal))
            department.unlink()
            department.with_suffix(".json").write_text(
                json.dumps(data, ensure_ascii=False, indent=1, default=_json_default), encoding="utf-8")
        projects = court / year / "projects"
        projects.mkdir()
        for j in range(rng.randint(1, 8)):
            source, data, scale = rng.choice(pool)
            for ref in _file_refs(data):  # the project's narrative files, at the same relative place
                target = (projects / ref).resolve()
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile((source.parent / ref).resolve(), target)
            body = _perturb(json.loads(json.dumps(data, default=_json_default), parse_float=Decimal),
                            scale, rng, f"（{j + 1}）")
            (projects / f"{j + 1:02d}-{source.stem}.json").write_text(
                json.dumps(body, ensure_ascii=False, indent=1, default=_json_default), encoding="utf-8")
        slugs.append(slug)
    return slugs


# ── measuring ────────────────────────────────────────────────────────────────────────────────

def _best(fn: Callable[[], Any], repeat: int) -> tuple[float, float]:
    """(median, minimum) wall seconds of `repeat` runs after one warm-up."""
    fn()
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times), min(times)


def _reportgen_cmd() -> list[str]:
    """`reportgen` as the user runs it (the console script), from the same code as this benchmark."""
    script = Path(sys.executable).with_name("reportgen")
    return [str(script)] if script.is_file() else [sys.executable, "-m", "reportgen"]


@contextlib.contextmanager
def _command_server(content: Path, runtime: Path) -> Iterator[dict[str, str] | None]:
    """A command server (`reportgen server start`) in a private folder: yields the environment
    that reaches it, or None when it cannot start."""
    env = {**os.environ, "REPORTGEN_RUNTIME_DIR": str(runtime)}
    started = subprocess.run(_reportgen_cmd() + ["--content", str(content), "server", "start"], env=env,
                             capture_output=True).returncode == 0
    try:
        yield env if started else None
    finally:
        subprocess.run(_reportgen_cmd() + ["server", "stop"], env=env, capture_output=True)


def _run(cmd: list[str], env: dict[str, str] | None = None) -> None:
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)


def _mb(kb: int) -> float:
    return kb / 1024


def single_report(work: Path, repeat: int) -> None:
    """(a) the lanzhou-xinqu report, both formats, against pandoc's HTML → DOCX."""
    from reportgen.build import build_court

    content = work / "single"
    shutil.copytree(CONTENT / BASE_COURT, content / BASE_COURT)
    year_toml = next((content / BASE_COURT).glob("*/year.toml"))
    year_toml.write_text(re.sub(r"^documents = .*$", 'documents = ["report"]', year_toml.read_text(encoding="utf-8"),
                                count=1, flags=re.M), encoding="utf-8")
    out = work / "single-out"
    print("(a) 单份报告：兰州新区人民法院自评报告（DOCX + HTML）")
    for builders in (("docx", "html"), ("docx",), ("html",)):
        med, low = _best(functools.partial(build_court, content, BASE_COURT, None, out, builders, force=True), repeat)
        print(f"    进程内 {'+'.join(builders):9s} 中位 {med * 1000:7.1f} ms（最快 {low * 1000:.1f} ms）")
    both = ["--content", str(content), "build", BASE_COURT, "-E", "-o", str(out)]
    ours, ours_low = _best(lambda: _run(_reportgen_cmd() + both), repeat)
    print(f"    整条命令 reportgen build {BASE_COURT} -E（两种格式）中位 {ours * 1000:7.1f} ms（最快 {ours_low * 1000:.1f} ms）")
    noop, _ = _best(lambda: _run(_reportgen_cmd() + both[:-3] + ["-o", str(out)]), repeat)
    print(f"    整条命令，未变化（跳过）                       中位 {noop * 1000:7.1f} ms")
    served = None
    with _command_server(content, work / "run") as env:
        if env is not None:
            served, served_low = _best(lambda: _run(_reportgen_cmd() + both, env), repeat)
            print(f"    整条命令，后台服务运行中（reportgen server start）中位 {served * 1000:7.1f} ms"
                  f"（最快 {served_low * 1000:.1f} ms）")
        else:
            print("    后台服务无法启动（本系统不支持），跳过")
    pandoc = shutil.which("pandoc")
    if not pandoc:
        print("    未安装 pandoc，跳过对比")
        return
    html = next(out.glob("*/*/report.html"))
    version = subprocess.run([pandoc, "--version"], capture_output=True, text=True).stdout.splitlines()[0]
    theirs, _ = _best(lambda: _run([pandoc, "-f", "html", "-t", "docx", "-o", str(work / "pandoc.docx"), str(html)]),
                      repeat)
    print(f"    {version}：HTML → DOCX 中位 {theirs * 1000:7.1f} ms")
    for label, time_ in (("每次启动", ours), ("后台服务", served)):
        if time_ is not None:
            ratio = time_ / theirs
            verdict = "达标" if ratio <= TARGET_PANDOC_RATIO else "未达标"
            print(f"    比值 我们(两种格式，整条命令，{label}) / pandoc(仅 DOCX) = {ratio:.2f}"
                  f"（目标 ≤ {TARGET_PANDOC_RATIO}，{verdict}）")


def _batch(content: Path, out: Path, force: bool) -> dict[str, Any]:
    """One `reportgen build --all` in a fresh process; wall time measured here, memory in there."""
    cmd = [sys.executable, "-m", "reportgen.bench", "--run-cli", "--content", str(content), "build", "--all",
           "-o", str(out)] + (["-E"] if force else [])
    start = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True)
    wall = time.perf_counter() - start
    if proc.returncode != 0 or not proc.stdout.strip():
        raise SystemExit(f"批量生成失败（退出码 {proc.returncode}）：\n{proc.stderr[-3000:]}")
    stats: dict[str, Any] = json.loads(proc.stdout.strip().splitlines()[-1])
    stats["wall"] = wall
    return stats


def run_cli(argv: list[str]) -> int:
    """Hidden mode for _batch: the real CLI, then its own and its workers' peak memory as JSON."""
    from reportgen.cli import main

    err = io.StringIO()
    with contextlib.redirect_stderr(err):
        rc = main(argv)
    me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    summary = err.getvalue().strip().splitlines()[-1] if err.getvalue().strip() else ""
    print(json.dumps({"rc": rc, "summary": summary, "self_kb": me.ru_maxrss, "workers_kb": kids.ru_maxrss,
                      "cpu": me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime}, ensure_ascii=False))
    if rc != 0:
        print(err.getvalue()[-3000:], file=sys.stderr)
    return rc


def scaling(work: Path, sizes: list[int]) -> None:
    """(b) full and no-op builds of N synthetic courts."""
    print(f"(b) 批量：合成法院（每院自评报告 + 自评表，DOCX + HTML），{os.cpu_count()} 个工作进程")
    print("       N   文件数   全量(s)  每份文档(ms)  文档/秒   CPU(s)  空跑(s)  工作进程峰值(MB)  主进程峰值(MB)")
    rows = []
    for n in sizes:
        content, out = work / f"courts-{n}", work / f"out-{n}"
        synthesize(content, n)
        full = _batch(content, out, force=True)
        noop = _batch(content, out, force=False)
        documents = sum(1 for _ in out.glob("*/*/*.docx"))  # one per document, HTML alongside
        files = documents * 2
        per_doc = full["wall"] / documents
        rows.append((n, per_doc, full, noop))
        print(f"  {n:6d} {files:8d} {full['wall']:9.2f} {per_doc * 1000:12.1f} {documents / full['wall']:9.1f}"
              f" {full['cpu']:8.1f} {noop['wall']:8.2f} {_mb(full['workers_kb']):17.1f} {_mb(full['self_kb']):15.1f}")
        if "失败 0 个" not in full["summary"] or "生成 0 个" not in noop["summary"]:
            print(f"    意外：{full['summary']} / {noop['summary']}")
        shutil.rmtree(content)
        shutil.rmtree(out)
    if len(rows) > 1:
        first, last = rows[0], rows[-1]
        print(f"    增长：N 从 {first[0]} 到 {last[0]}（×{last[0] // first[0]}），每份文档耗时 ×{last[1] / first[1]:.2f}"
              f"，全量总耗时 ×{last[2]['wall'] / first[2]['wall']:.1f}（线性增长时二者分别约为 ×1 与 ×{last[0] // first[0]}）")
    for n, _, full, noop in rows:
        if n == 1000:
            print(f"    目标（1000 个法院）：全量 {full['wall']:.1f} s（≤ {TARGET_FULL_1000:.0f} s，"
                  f"{'达标' if full['wall'] <= TARGET_FULL_1000 else '未达标'}）；空跑 {noop['wall']:.2f} s（≤ "
                  f"{TARGET_NOOP_1000:.0f} s，{'达标' if noop['wall'] <= TARGET_NOOP_1000 else '未达标'}）")
    worst = max(_mb(full["workers_kb"]) for _, _, full, _ in rows) if rows else 0
    if rows:
        print(f"    工作进程峰值内存 {worst:.1f} MB（≤ {TARGET_WORKER_MB:.0f} MB，"
              f"{'达标' if worst <= TARGET_WORKER_MB else '未达标'}）")


def profile(work: Path) -> None:
    """cProfile of one synthetic court, in-process: where a document's time goes."""
    import cProfile
    import pstats

    from reportgen.build import build_court

    content = work / "profile"
    slugs = synthesize(content, 5, seed=7)
    for slug in slugs:  # warm-up: imports and first-use caches
        build_court(content, slug, None, work / "profile-out", force=True)
    prof = cProfile.Profile()
    prof.enable()
    for slug in slugs:
        build_court(content, slug, None, work / "profile-out", force=True)
    prof.disable()
    print("(c) cProfile：5 个合成法院，按自身耗时排序")
    pstats.Stats(prof, stream=sys.stdout).sort_stats("tottime").print_stats(15)


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["--run-cli"]:
        return run_cli(argv[1:])
    parser = argparse.ArgumentParser(prog="python -m reportgen.bench", description="reportgen 性能测试")
    parser.add_argument("--max", type=int, default=max(SIZES), help="最多合成多少个法院（默认 1000）")
    parser.add_argument("--repeat", type=int, default=5, help="单份报告计时的重复次数")
    parser.add_argument("--profile", action="store_true", help="另外输出 cProfile 结果")
    parser.add_argument("--keep", type=Path, help="在此目录下工作并保留（默认用临时目录）")
    args = parser.parse_args(argv)
    print(f"机器：{os.cpu_count()} 核，{platform.machine()}，Python {platform.python_version()}，{platform.platform()}")
    with tempfile.TemporaryDirectory(prefix="reportgen-bench-") as tmp:
        work = args.keep or Path(tmp)
        work.mkdir(parents=True, exist_ok=True)
        single_report(work, args.repeat)
        scaling(work, [n for n in SIZES if n <= args.max] or [args.max])
        if args.profile:
            profile(work)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
