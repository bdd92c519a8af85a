"""One self-contained HTML page for people: counts by verdict, level and folder, then a
sortable, filterable table of the files that need action, each with its findings and marks.

No external resources (no fonts, scripts or styles from elsewhere: the page is read on
offline machines); every piece of document text goes through html.escape. Results are added
one at a time so a sweep of many files keeps only the files that need action in memory."""
from __future__ import annotations

import html
import os
from collections import Counter

from ..messages import describe_location, mark_text, render as render_message, verdict_label
from ..model import LEVELS, Report, Result
from ..names import shown
from .json_report import redacted
from .redact import as_redaction

FOLDERS_SHOWN = 50

_T = {  # (zh, en)
    "title": ("密级标志检查报告", "Secrecy marking report"),
    "verdicts": ("按结论", "By verdict"), "levels": ("按密级", "By level"),
    "folders": ("按文件夹（需处理的文件最多的前 {n} 个）", "By folder (top {n} by files to act on)"),
    "action": ("需处理的文件", "Files that need action"),
    "filter": ("筛选（路径、代码、证据…）", "filter (path, code, evidence…)"),
    "all": ("全部", "all"), "none": ("无", "none"),
    "path": ("文件", "file"), "verdict": ("结论", "verdict"), "level": ("密级", "level"),
    "codes": ("问题", "findings"), "marking": ("标志", "marking"),
    "folder": ("文件夹", "folder"), "files": ("文件数", "files"),
    "marks": ("标志", "marks"), "findings": ("问题", "findings"),
    "waived": ("已豁免", "waived"), "ends": ("期限届满", "ends"),
    "nothing": ("没有需要处理的文件。", "No file needs action."),
    "count": ("数量", "count"),
}
_SYMBOL = {"block": "✗", "review": "!", "info": "·"}

STYLE = """
body{font-family:sans-serif;margin:1.5em;color:#222}
h1{font-size:1.4em}h2{font-size:1.1em;margin-top:1.5em}
table{border-collapse:collapse;margin:.5em 0}
td,th{border:1px solid #ccc;padding:.25em .5em;text-align:left;vertical-align:top}
th{background:#f3f3f3;cursor:pointer;user-select:none}
.block{color:#b00;font-weight:bold}.review{color:#a60}.pass{color:#070}
.info{color:#777}.meta{color:#555;font-size:.9em}
details summary{cursor:pointer}details ul{margin:.3em 0;padding-left:1.2em}
.ev{background:#fff6d5}.small{font-size:.85em;color:#555}
#files td:first-child{max-width:48em;word-break:break-all}
#files td:not(:first-child),#files th{white-space:nowrap}
"""

SCRIPT = """
(function(){
var t=document.getElementById('files');if(!t)return;
var body=t.tBodies[0],q=document.getElementById('q'),v=document.getElementById('v');
function filter(){var s=q.value.toLowerCase(),w=v.value;
for(var r of body.rows){var ok=(!w||r.dataset.verdict===w)&&(!s||r.textContent.toLowerCase().indexOf(s)>=0);
r.style.display=ok?'':'none';}}
q.addEventListener('input',filter);v.addEventListener('change',filter);
t.tHead.querySelectorAll('th').forEach(function(th,i){th.addEventListener('click',function(){
var dir=th.dataset.dir==='1'?-1:1;th.dataset.dir=dir===1?'1':'-1';
var rows=Array.from(body.rows);rows.sort(function(a,b){
var x=a.cells[i].dataset.sort||a.cells[i].textContent,y=b.cells[i].dataset.sort||b.cells[i].textContent;
return (x<y?-1:x>y?1:0)*dir;});rows.forEach(function(r){body.appendChild(r);});});});
})();
"""

_VERDICT_RANK = {"block": "0", "review": "1", "pass": "2"}
_LEVEL_RANK = {level: str(i) for i, level in enumerate(LEVELS)}


def _e(text) -> str:
    return html.escape(shown("" if text is None else str(text)), quote=True)


class HtmlReport:
    def __init__(self, lang: str = "zh", redact=False):
        self.lang, self.redact = lang, as_redaction(redact)
        self.by_verdict: Counter = Counter()
        self.by_level: Counter = Counter()
        self.by_folder: dict[str, Counter] = {}
        self.rows: list[str] = []

    def t(self, key: str, **args) -> str:
        return _T[key][1 if self.lang == "en" else 0].format(**args)

    def add(self, result: Result, waived: dict | None = None) -> None:
        """Count a file; keep a table row when it needs action. waived: waiver of each
        waived finding by id() of the finding (see scanner.sweep.waivers)."""
        self.count(result.path, result.verdict, result.level)
        if result.verdict != "pass":
            self.rows.append(self._row(result, waived or {}))

    def count(self, path: str, verdict: str, level: str | None) -> None:
        """Count a file that needs no row (a passing file known by its verdict alone)."""
        self.by_verdict[verdict] += 1
        self.by_level[level or ""] += 1
        folder = os.path.dirname(path) or "."
        self.by_folder.setdefault(folder, Counter())[verdict] += 1

    def _row(self, result: Result, waived: dict) -> str:
        codes = sorted({f.code for f in _findings(result) if f.severity != "info"})
        level = result.level or ""
        details = "".join(self._details(r, waived) for r in _walk(result))
        return (f'<tr data-verdict="{_e(result.verdict)}">'
                f'<td><details><summary>{_e(result.path)}</summary>{details}</details></td>'
                f'<td class="{_e(result.verdict)}" data-sort="{_VERDICT_RANK[result.verdict]}">'
                f'{_e(verdict_label(result.verdict, self.lang))}</td>'
                f'<td data-sort="{_LEVEL_RANK.get(level, "9")}">{_e(level or "-")}</td>'
                f'<td>{_e(result.marking)}</td><td>{_e(" ".join(codes))}</td></tr>')

    def _details(self, result: Result, waived: dict) -> str:
        out = []
        if result.part.path:
            out.append(f'<div class="small">{_e(result.part.path)}</div>')
        if result.marks:
            items = []
            for m in result.marks:
                where = describe_location(m.location, self.lang)
                ends = (f'; {self.t("ends")} {_e(m.period.ends)}'
                        if m.period and m.period.ends else "")
                shown = mark_text(redacted(m.text, self.redact), m.normal, self.lang)
                items.append(f'<li><span class="ev">{_e(shown)}</span>'
                             f' {_e(m.kind)} {_e(m.level or "")} — {_e(where)}{ends}</li>')
            out.append(f'<div>{self.t("marks")}</div><ul>{"".join(items)}</ul>')
        if result.findings:
            items = []
            for f in result.findings:
                evidence = redacted(f.evidence, self.redact)
                message = render_message(f.code, f.args, evidence, self.lang)
                where = describe_location(f.location, self.lang)
                note = ""
                if id(f) in waived:
                    note = (f' <span class="info">[{self.t("waived")}: '
                            f'{_e(waived[id(f)].reason)}]</span>')
                items.append(f'<li class="{_e(f.severity)}">{_SYMBOL.get(f.severity, "?")} '
                             f'<b>{_e(f.code)}</b> {_e(message)}'
                             + (f' <span class="small">[{_e(where)}]</span>' if where else "")
                             + note + '</li>')
            out.append(f'<div>{self.t("findings")}</div><ul>{"".join(items)}</ul>')
        return "".join(out)

    def _counts(self) -> str:
        verdicts = "".join(f'<tr><td class="{v}">{_e(verdict_label(v, self.lang))}</td>'
                           f'<td>{self.by_verdict.get(v, 0)}</td></tr>'
                           for v in ("block", "review", "pass"))
        levels = "".join(f'<tr><td>{_e(level or self.t("none"))}</td>'
                         f'<td>{self.by_level.get(level, 0)}</td></tr>'
                         for level in LEVELS + ("",))
        ranked = sorted(self.by_folder.items(),
                        key=lambda kv: (-(kv[1]["block"] + kv[1]["review"]), -kv[1]["block"],
                                        kv[0]))[:FOLDERS_SHOWN]
        folders = "".join(
            f'<tr><td>{_e(name)}</td><td class="block">{c["block"]}</td>'
            f'<td class="review">{c["review"]}</td><td>{sum(c.values())}</td></tr>'
            for name, c in ranked)
        vb, vr = verdict_label("block", self.lang), verdict_label("review", self.lang)
        return (f'<h2>{self.t("verdicts")}</h2><table>{verdicts}</table>'
                f'<h2>{self.t("levels")}</h2><table>{levels}</table>'
                f'<h2>{self.t("folders", n=FOLDERS_SHOWN)}</h2><table><tr>'
                f'<th>{self.t("folder")}</th><th>{_e(vb)}</th><th>{_e(vr)}</th>'
                f'<th>{self.t("files")}</th></tr>{folders}</table>')

    def render(self, meta: list[tuple[str, str]] = ()) -> str:
        lang = "en" if self.lang == "en" else "zh-CN"
        if self.redact:
            meta = list(meta) + [("redaction", f"hmac-sha256, key: {self.redact.source}")]
        info = " · ".join(f"{_e(k)}: {_e(v)}" for k, v in meta)
        options = "".join(f'<option value="{v}">{_e(verdict_label(v, self.lang))}</option>'
                          for v in ("block", "review"))
        if self.rows:
            table = (f'<p><input id="q" type="search" placeholder="{_e(self.t("filter"))}" '
                     f'size="40"> <select id="v"><option value="">{self.t("all")}</option>'
                     f'{options}</select></p><table id="files"><thead><tr>'
                     + "".join(f"<th>{self.t(k)}</th>" for k in
                               ("path", "verdict", "level", "marking", "codes"))
                     + f'</tr></thead><tbody>{"".join(self.rows)}</tbody></table>')
        else:
            table = f'<p>{self.t("nothing")}</p>'
        return (f'<!DOCTYPE html>\n<html lang="{lang}"><head><meta charset="utf-8">'
                f'<meta name="viewport" content="width=device-width">'
                f'<title>{self.t("title")}</title><style>{STYLE}</style></head><body>'
                f'<h1>{self.t("title")}</h1><p class="meta">{info}</p>{self._counts()}'
                f'<h2>{self.t("action")} ({len(self.rows)})</h2>{table}'
                f'<script>{SCRIPT}</script></body></html>\n')


def _walk(result: Result):
    yield result
    for child in result.parts:
        yield from _walk(child)


def _findings(result: Result):
    for r in _walk(result):
        yield from r.findings


def render_html(report: Report, redact: bool = False) -> str:
    page = HtmlReport(report.lang, redact)
    for result in report.files:
        page.add(result)
    return page.render([("secmark", report.version), ("profile", report.profile),
                        ("today", report.today)])
