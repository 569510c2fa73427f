"""Incremental builds: unchanged documents are skipped by content hash; any input change rebuilds."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest
from conftest import CONTENT, REPO

from reportgen import build as build_module
from reportgen import fingerprint, manifest
from reportgen.build import build_court
from reportgen.cli import main
from reportgen.render import environment

HTML = ("html",)


@pytest.fixture
def pingtang(tmp_path: Path) -> tuple[Path, Path]:
    """A copy of content/pingtang and an empty output folder."""
    content = tmp_path / "content"
    shutil.copytree(CONTENT / "pingtang", content / "pingtang")
    return content, tmp_path / "build"


def build(content: Path, out: Path, slug: str = "pingtang", force: bool = False,
          builders: tuple[str, ...] = HTML) -> build_module.BuildResult:
    return build_court(content, slug, None, out, builders, force=force)


def stamp(path: Path) -> tuple[int, int]:
    st = path.stat()
    return st.st_ino, st.st_mtime_ns


def test_unchanged_court_is_skipped_without_loading(pingtang, monkeypatch):
    content, out = pingtang
    first = build(content, out)
    html = out / "pingtang" / "2024" / "forms.html"
    assert first.written == [html] and not first.skipped
    before = stamp(html)

    def no_load(*args, **kwargs):
        raise AssertionError("an up-to-date court must not be loaded")

    monkeypatch.setattr(build_module, "load", no_load)
    second = build(content, out)
    assert second.written == [] and second.skipped == [html]
    assert stamp(html) == before  # not rewritten
    # The data findings of the last build are reported again, not lost.
    assert [f.format() for f in second.findings] == [f.format() for f in first.findings]
    assert any(f.severity == "error" for f in second.findings)


def test_cli_says_skipped(pingtang, capsys):
    content, out = pingtang
    args = ["--content", str(content), "build", "pingtang", "-b", "html", "-o", str(out)]
    assert main(args) == 0
    assert "已生成" in capsys.readouterr().out
    assert main(args) == 0
    captured = capsys.readouterr()
    assert f"未变化，跳过 {out / 'pingtang' / '2024' / 'forms.html'}" in captured.out
    assert "已生成" not in captured.out
    assert "1 个错误" in captured.err


def test_touch_without_change_is_still_skipped(pingtang):
    content, out = pingtang
    build(content, out)
    data = content / "pingtang" / "2024" / "projects" / "01-dianli-xitong-weixiu-gaizao.toml"
    os.utime(data, ns=(data.stat().st_atime_ns, data.stat().st_mtime_ns + 10**10))
    assert build(content, out).written == []


def test_data_file_change_rebuilds(pingtang):
    content, out = pingtang
    build(content, out)
    data = content / "pingtang" / "2024" / "projects" / "01-dianli-xitong-weixiu-gaizao.toml"
    text = data.read_text(encoding="utf-8")
    assert 'name = "电力系统维修改造专项资金"' in text
    data.write_text(text.replace('name = "电力系统维修改造专项资金"', 'name = "电力系统维修改造专项资金（改）"'),
                    encoding="utf-8")
    result = build(content, out)
    assert result.written == [out / "pingtang" / "2024" / "forms.html"]
    assert "电力系统维修改造专项资金（改）" in result.written[0].read_text(encoding="utf-8")


def test_narrative_change_rebuilds(pingtang):
    content, out = pingtang
    build(content, out)
    narrative = content / "pingtang" / "2024" / "text" / "dianli-xitong-weixiu-gaizao-conclusion.md"
    narrative.write_text(narrative.read_text(encoding="utf-8") + "\n增补的结论文字。\n", encoding="utf-8")
    result = build(content, out)
    assert result.written
    assert "增补的结论文字" in result.written[0].read_text(encoding="utf-8")


def test_court_template_added_then_changed_rebuilds(pingtang):
    content, out = pingtang
    build(content, out)
    template = content / "pingtang" / "templates" / "forms" / "forms.md.j2"
    template.parent.mkdir(parents=True)
    template.write_text('本院自定义的封面一\n\n{% include "default/forms/forms.md.j2" %}\n', encoding="utf-8")
    first = build(content, out)
    assert first.written and "本院自定义的封面一" in first.written[0].read_text(encoding="utf-8")
    assert build(content, out).written == []
    template.write_text(template.read_text(encoding="utf-8").replace("封面一", "封面二"), encoding="utf-8")
    second = build(content, out)
    assert second.written and "本院自定义的封面二" in second.written[0].read_text(encoding="utf-8")


def test_default_template_change_rebuilds_only_documents_that_read_it(tmp_path, monkeypatch):
    content, out = tmp_path / "content", tmp_path / "build"
    shutil.copytree(CONTENT / "lanzhou-xinqu", content / "lanzhou-xinqu")
    templates = tmp_path / "templates"
    shutil.copytree(REPO / "templates", templates)
    monkeypatch.setattr(environment, "DEFAULT_TEMPLATES", templates)
    first = build(content, out, "lanzhou-xinqu")
    report, forms = (out / "lanzhou-xinqu" / "2024" / name for name in ("report.html", "forms.html"))
    assert sorted(first.written) == sorted([report, forms])
    recorded = manifest.read(report.parent)["documents"]["report"]["templates"]
    assert str((templates / "report" / "06-other.md.j2").resolve()) in recorded

    chapter = templates / "report" / "06-other.md.j2"
    chapter.write_text(chapter.read_text(encoding="utf-8") + "\n默认模板新增的一段。\n", encoding="utf-8")
    second = build(content, out, "lanzhou-xinqu")
    assert second.written == [report] and second.skipped == [forms]
    assert "默认模板新增的一段" in report.read_text(encoding="utf-8")
    assert build(content, out, "lanzhou-xinqu").written == []


def test_files_the_data_does_not_refer_to_are_never_read(pingtang):
    """Only referenced texts are hashed: an unused note changes nothing, and a pipe or a link to /dev/zero
    left in a text folder neither blocks the check nor is read."""
    content, out = pingtang
    build(content, out)
    text_dir = content / "pingtang" / "2024" / "text"
    (text_dir / "notes.md").write_text("备忘\n", encoding="utf-8")
    os.mkfifo(text_dir / "pipe.md")
    (text_dir / "zero.md").symlink_to("/dev/zero")
    assert build(content, out).written == []


@pytest.mark.parametrize("change", ["add project", "delete project", "delete output"])
def test_new_deleted_files_and_outputs_rebuild(pingtang, change):
    content, out = pingtang
    build(content, out)
    year_dir = content / "pingtang" / "2024"
    projects = sorted((year_dir / "projects").glob("*.toml"))
    html = out / "pingtang" / "2024" / "forms.html"
    deleted = "基层立法联系点规范化建设"  # the name of projects/02-…
    assert deleted in html.read_text(encoding="utf-8")
    if change == "add project":
        text = projects[0].read_text(encoding="utf-8").replace('code = "PT2024-01"', 'code = "PT2024-11"')
        (year_dir / "projects" / "11-copy.toml").write_text(text.replace(
            'name = "电力系统维修改造专项资金"', 'name = "新增的项目"'), encoding="utf-8")
    elif change == "delete project":
        projects[1].unlink()
    else:
        html.unlink()
    result = build(content, out)
    assert result.written == [html]
    body = html.read_text(encoding="utf-8")
    assert ("新增的项目" in body) == (change == "add project")
    assert (deleted in body) == (change != "delete project")


def test_force_rebuilds_everything(pingtang, capsys):
    content, out = pingtang
    build(content, out)
    html = out / "pingtang" / "2024" / "forms.html"
    before = stamp(html)
    result = build(content, out, force=True)
    assert result.written == [html] and not result.skipped
    assert stamp(html) != before
    assert main(["--content", str(content), "build", "pingtang", "-E", "-b", "html", "-o", str(out)]) == 0
    assert "已生成" in capsys.readouterr().out


def test_other_builders_or_version_rebuild(pingtang, monkeypatch):
    content, out = pingtang
    build(content, out)
    monkeypatch.setattr(fingerprint, "digest", lambda: "9.9.9")
    assert build(content, out).written  # another reportgen version: rebuild
    assert build(content, out).written == []
    data = json.loads((out / "pingtang" / "2024" / manifest.NAME).read_text(encoding="utf-8"))
    assert data["builders"] == ["html"] and data["reportgen"] == "9.9.9"
    assert "2024/year.toml" in data["inputs"] and "court.toml" in data["inputs"]


@pytest.mark.parametrize("corrupt", ["{not json", '{"format": 1, "reportgen": "x"}', "broken findings"])
def test_corrupt_manifest_rebuilds(pingtang, corrupt):
    content, out = pingtang
    build(content, out)
    path = out / "pingtang" / "2024" / manifest.NAME
    if corrupt == "broken findings":
        data = json.loads(path.read_text(encoding="utf-8"))
        data["findings"] = [{"code": "E-X"}]
        data["reportgen"] = fingerprint.digest()
        corrupt = json.dumps(data)
    path.write_text(corrupt, encoding="utf-8")
    assert build(content, out).written
    assert build(content, out).written == []
