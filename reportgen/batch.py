"""`reportgen build --all`: every court in content/, built in parallel worker processes.

Up-to-date courts are recognised in the parent from their manifests (hashing files only), so a
no-op run starts no worker. One broken court — bad data or a bug — never stops the others: each
court's outcome is a plain picklable record, and a worker that dies is retried court by court in
a process of its own so that only the culprit is reported.
"""

from __future__ import annotations

import os
import sys
import time
import traceback
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

from reportgen.codes import shown
from reportgen.failures import explain
from reportgen.findings import Finding, InputError
from reportgen.loader import list_courts


@dataclass
class Outcome:
    """One court's result, small and picklable to travel back from a worker."""

    slug: str
    year: str = ""
    written: list[Path] = field(default_factory=list)
    skipped: list[Path] = field(default_factory=list)
    errors: int = 0
    warnings: int = 0
    shown: list[str] = field(default_factory=list)
    #: why the court could not be built (Chinese findings); None when it was built or skipped
    failure: list[str] | None = None
    #: the court's figures for build/summary.* (reportgen.summary.record), from its build or manifest
    summary: dict[str, Any] | None = None

    @property
    def status(self) -> str:
        if self.failure is not None:
            return "失败"
        if self.written:
            return f"已生成 {len(self.written)} 个文件"
        return f"未变化，跳过 {len(self.skipped)} 个文件"


def _outcome(slug: str, written: list[Path], skipped: list[Path], findings: list[Finding],
             summary: dict[str, Any] | None = None) -> Outcome:
    paths = written or skipped
    errors = sum(f.severity == "error" for f in findings)
    return Outcome(slug, paths[0].parent.name if paths else "", written, skipped, errors, len(findings) - errors,
                   [f.format() for f in findings if shown(f)], summary=summary)


def build_one(content: Path, slug: str, year: int | None, out_root: Path, builders: tuple[str, ...],
              force: bool) -> Outcome:
    """Build one court, turning every failure into a Chinese message (run in a worker)."""
    from reportgen.build import build_court

    try:
        result = build_court(content, slug, year, out_root, builders, force)
        outcome = _outcome(slug, result.written, result.skipped, result.findings, result.summary)
    except Exception as exc:
        findings = explain(exc)
        if findings is not None:
            return Outcome(slug, failure=[f.format() for f in findings])
        where = traceback.extract_tb(exc.__traceback__)[-1]
        outcome = Outcome(slug, failure=[f"程序内部错误 {type(exc).__name__}: {exc}"
                                         f"（{Path(where.filename).name}:{where.lineno}），请报告维护者"])
    return outcome


def fresh_outcome(content: Path, slug: str, year: int | None, out_root: Path,
                  builders: tuple[str, ...]) -> Outcome | None:
    """The outcome of an up-to-date court from its manifest alone; None when it needs building."""
    from reportgen.manifest import plan_court

    try:
        plan = plan_court(content, slug, year, out_root, builders, check_only=True)
    except InputError:
        return None  # the worker reports it
    if plan is None or not plan.complete:
        return None
    return _outcome(slug, [], plan.skipped(), plan.all_findings(), plan.summary)


class Progress:
    """A bar redrawn in place on a terminal; one plain line per court otherwise (logs, CI)."""

    def __init__(self, total: int, stream: TextIO) -> None:
        self.total, self.done, self.stream = total, 0, stream
        self.tty = stream.isatty()
        self.last = 0.0

    def update(self, outcome: Outcome) -> None:
        self.done += 1
        if not self.tty:
            width = len(str(self.total))
            print(f"[{self.done:>{width}}/{self.total}] {outcome.slug}：{outcome.status}", file=self.stream)
            return
        now = time.monotonic()
        if now - self.last < 0.05 and self.done < self.total:
            return
        self.last = now
        filled = 30 * self.done // self.total
        bar = "#" * filled + "-" * (30 - filled)
        self.stream.write(f"\r生成中 [{bar}] {self.done}/{self.total} {outcome.slug}\x1b[K")
        self.stream.flush()

    def close(self) -> None:
        if self.tty and self.done:
            self.stream.write("\n")
            self.stream.flush()


def build_all(content: Path, out_root: Path, builders: tuple[str, ...], *, year: int | None = None,
              force: bool = False, workers: int | None = None,
              on_done: Callable[[Outcome], None] = lambda o: None) -> list[Outcome]:
    """Build every court; outcomes in court order. Fresh courts are settled without a worker;
    the pool starts as soon as two courts need building, while the others are still checked."""
    outcomes: dict[str, Outcome] = {}
    stale: list[str] = []
    workers = workers or os.cpu_count() or 1
    args = (year, out_root, builders, force)
    pool: Pool | None = None
    try:
        for slug in list_courts(content):
            done = None if force else fresh_outcome(content, slug, year, out_root, builders)
            if done is not None:
                outcomes[slug] = done
                on_done(done)
                continue
            stale.append(slug)
            if pool is None and workers > 1 and len(stale) > 1:
                pool = Pool(content, args, workers)
                for pending in stale:
                    pool.submit(pending)
            elif pool is not None:
                pool.submit(slug)
        if pool is None:  # one court to build (or one core): no worker is worth starting
            for slug in stale:
                outcomes[slug] = build_one(content, slug, *args)
                on_done(outcomes[slug])
        else:
            for outcome in pool.results(on_done):
                outcomes[outcome.slug] = outcome
    finally:
        if pool is not None:
            pool.close()
    return [outcomes[slug] for slug in sorted(outcomes)]


class Pool:
    """Worker processes for the courts to build, and the retry of courts whose worker died."""

    def __init__(self, content: Path, args: tuple[Any, ...], workers: int) -> None:
        # Imported before the workers fork, so that each of them starts with everything loaded;
        # if that fails, each court reports the error.
        try:
            import reportgen.build  # noqa: F401
            from reportgen.builders import builder_names
            builder_names()
        except Exception:
            pass
        self.content, self.args = content, args
        self.executor = ProcessPoolExecutor(max_workers=workers, initializer=_start_worker)
        self.futures: dict[Future[Outcome], str] = {}

    def submit(self, slug: str) -> None:
        self.futures[self.executor.submit(build_one, self.content, slug, *self.args)] = slug

    def results(self, on_done: Callable[[Outcome], None]) -> Iterator[Outcome]:
        crashed: list[str] = []
        for future in as_completed(self.futures):
            try:
                outcome = future.result()
            except BrokenProcessPool:
                crashed.append(self.futures[future])
                continue
            on_done(outcome)
            yield outcome
        # A worker died (killed, out of memory, a crash in C code): rerun those courts one
        # process each, so that only the court that kills its process is reported.
        for slug in sorted(crashed):
            with ProcessPoolExecutor(max_workers=1) as single:
                try:
                    outcome = single.submit(build_one, self.content, slug, *self.args).result()
                except BrokenProcessPool:
                    outcome = Outcome(slug, failure=["生成该院文件的进程意外退出（可能是内存不足或程序崩溃），"
                                                     f"请单独运行 reportgen build {slug} 查看"])
            on_done(outcome)
            yield outcome

    def close(self) -> None:
        """Normally a no-op wait; on an interrupt, drop the courts not yet started."""
        self.executor.shutdown(wait=True, cancel_futures=True)


def print_summary(outcomes: list[Outcome], out_root: Path, seconds: float, stream: TextIO) -> None:
    print("汇总（错误、警告为数据核对结果，详见 make check COURT=<代号>）：", file=stream)
    for o in outcomes:
        if o.failure is not None:
            print(f"  {o.slug}：失败", file=stream)
            for line in o.failure:
                print(f"    {line}", file=stream)
            continue
        folder = out_root / o.slug / o.year
        print(f"  {o.slug} {o.year}：{o.status}（{folder}）；{o.errors} 个错误，{o.warnings} 个警告", file=stream)
        for line in o.shown:
            print(f"    {line}", file=stream)
    built = sum(bool(o.written) for o in outcomes)
    failed = [o.slug for o in outcomes if o.failure is not None]
    skipped = len(outcomes) - built - len(failed)
    print(f"共 {len(outcomes)} 个法院：生成 {built} 个，未变化跳过 {skipped} 个，失败 {len(failed)} 个"
          f"{'（' + '、'.join(failed) + '）' if failed else ''}；用时 {seconds:.1f} 秒", file=stream)


def _start_worker() -> None:
    """Import what a build needs once, then keep the collector off it: a worker's heap is mostly
    imported code and caches that live as long as the worker, and the cyclic collector scanned
    them again and again (measured: 4% off a 150-court build). Deterministic outputs do not
    depend on when garbage is collected."""
    import gc

    import reportgen.build
    import reportgen.builders

    reportgen.builders.builder_names()  # imports every builder
    gc.collect()
    gc.freeze()
    gc.set_threshold(20_000, 20, 20)


def run(content: Path, out_root: Path, builders: tuple[str, ...], *, year: int | None = None,
        force: bool = False, warning_is_error: bool = False, stream: TextIO | None = None) -> int:
    """The --all command: progress, summary, and exit status 2 if any court failed."""
    stream = stream or sys.stderr
    if not content.is_dir():
        print(f"找不到数据目录 {content}", file=stream)
        return 2
    total = len(list_courts(content))
    if not total:
        print(f"{content} 下没有任何法院（应为 {content}/<代号>/court.toml）", file=stream)
        return 2
    progress = Progress(total, stream)
    start = time.perf_counter()
    try:
        outcomes = build_all(content, out_root, builders, year=year, force=force, on_done=progress.update)
    finally:
        progress.close()
    from reportgen.summary import write_summary

    for path in write_summary(outcomes, out_root):  # before the totals, which stay the last line
        print(f"已生成汇总 {path}", file=stream)
    print_summary(outcomes, out_root, time.perf_counter() - start, stream)
    if any(o.failure is not None for o in outcomes):
        return 2
    return 1 if warning_is_error and any(o.errors or o.warnings for o in outcomes) else 0
