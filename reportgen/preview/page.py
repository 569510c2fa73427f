"""The preview page: the document in a frame, its findings beside it, and a small script that
reloads the page when /version changes (the published HTML itself stays script-free)."""

from __future__ import annotations

from html import escape

from reportgen.findings import Finding
from reportgen.preview.snapshot import Snapshot

CSS = """
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.5 "Noto Sans CJK SC", "Microsoft YaHei", sans-serif; color: #111; }
header { display: flex; gap: 1rem; align-items: baseline; padding: .5rem 1rem; background: #2f4f7f; color: #fff; }
header h1 { font-size: 1rem; margin: 0; } header a { color: #fff; } header a.current { font-weight: bold; text-decoration: none; }
#status { margin-left: auto; font-size: .85rem; opacity: .85; }
.layout { display: flex; height: calc(100vh - 2.6rem); }
iframe { flex: 1 1 auto; border: 0; border-right: 1px solid #ccc; height: 100%; background: #fff; }
aside { flex: 0 0 26rem; overflow: auto; padding: .5rem 1rem; background: #fafafa; }
aside h2 { font-size: .95rem; margin: .5rem 0; }
ol.findings { padding-left: 1.2rem; margin: 0; } ol.findings li { margin: 0 0 .6rem; }
.error .label { color: #b00020; font-weight: bold; } .warning .label { color: #8a6d00; font-weight: bold; }
.where { font-family: monospace; color: #444; display: block; word-break: break-all; }
.blocking { margin: 2rem; padding: 1rem 1.5rem; border: 2px solid #b00020; background: #fff4f4; flex: 1 1 auto; overflow: auto; }
@media (max-width: 60rem) { .layout { flex-direction: column; height: auto; } iframe { height: 80vh; } aside { flex: none; } }
"""

#: reloads when the server's version changes; keeps the document's scroll position across reloads
SCRIPT = """
const shown = document.documentElement.dataset.version;
const frame = document.querySelector("iframe");
if (frame) frame.addEventListener("load", () => {
  const y = sessionStorage.getItem("reportgen-y");
  if (y !== null) frame.contentWindow.scrollTo(0, Number(y));
});
async function poll() {
  try {
    const r = await fetch("/version", {cache: "no-store"});
    const now = (await r.text()).trim();
    document.getElementById("status").textContent = "实时预览中";
    if (now !== shown) {
      if (frame) sessionStorage.setItem("reportgen-y", String(frame.contentWindow.scrollY));
      location.reload();
      return;
    }
  } catch (e) {
    document.getElementById("status").textContent = "预览已停止（重新运行 make preview 后会自动刷新）";
  }
  setTimeout(poll, 400);
}
setTimeout(poll, 400);
"""


def _finding(f: Finding) -> str:
    label = "错误" if f.severity == "error" else "警告"
    where = str(f.location)
    return (f'<li class="{escape(f.severity)}"><span class="label">{label} {escape(f.code)}</span> '
            f'{escape(f.message)}{f"<span class=where>{escape(where)}</span>" if where else ""}</li>')


def findings_list(findings: list[Finding]) -> str:
    errors = sum(f.severity == "error" for f in findings)
    head = f"<h2>数据核对：{errors} 个错误，{len(findings) - errors} 个警告</h2>"
    if not findings:
        return head + "<p>没有发现问题。</p>"
    ordered = sorted(findings, key=lambda f: f.severity != "error")  # errors first, each kind in check order
    return head + '<ol class="findings">' + "".join(_finding(f) for f in ordered) + "</ol>"


def render_page(snap: Snapshot, version: int, kind: str | None) -> bytes:
    """The page of document `kind` (None: the first), or of the blocking messages."""
    current = next((d for d in snap.documents if d.kind == kind), snap.documents[0] if snap.documents else None)
    tabs = "".join(f'<a href="/doc/{escape(d.kind)}"{" class=current" if d is current else ""}>{escape(d.title)}</a>'
                   for d in snap.documents)
    year = f" {snap.year} 年" if snap.year else ""
    if snap.blocking or current is None:
        problems = snap.blocking or [f for f in snap.findings if f.severity == "error"]
        main = ('<section class="blocking" id="blocking"><h2>暂时无法显示文件，请按下面的提示修改；保存后本页自动刷新。</h2>'
                + '<ol class="findings">' + "".join(_finding(f) for f in problems) + "</ol></section>")
    else:
        main = (f'<iframe title="{escape(current.title)}" sandbox="allow-same-origin" '
                f'srcdoc="{escape(current.html.decode("utf-8"))}"></iframe>')
    page = f"""<!DOCTYPE html>
<html lang="zh-CN" data-version="{version}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>预览：{escape(snap.court)}{year}</title>
<style>{CSS}</style>
</head>
<body>
<header><h1>{escape(snap.court)}{year}</h1>{tabs}<span id="status">实时预览中</span></header>
<div class="layout">
{main}
<aside id="findings">{findings_list(snap.findings)}</aside>
</div>
<script>{SCRIPT}</script>
</body>
</html>
"""
    return page.encode("utf-8")
