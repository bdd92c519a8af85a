"""The sweep's dashboard: one self-contained HTML page for a secrecy officer. At the top what
to do first (files to act on by folder, a bar chart in inline SVG) and the counts; a sticky
bar of links to the list of files (filterable, sortable, the counts following the filter),
the expiry calendar, the trend across the database's runs, and each finding code in words.

No external resources (no fonts, scripts or styles from elsewhere: the page is read on
offline machines); every piece of document text goes through html.escape. Results are added
one at a time so a sweep of many files keeps only the files that need action in memory."""
from __future__ import annotations

import html
import os
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence

from ..messages import (
    DASHBOARD,
    DASHBOARD_META,
    PROFILE_NAMES,
    code_title,
    describe_location,
    kind_label,
    mark_text,
    verdict_label,
    word,
)
from ..messages import render as render_message
from ..model import LEVELS, Finding, Result
from ..names import shown
from .json_report import redacted
from .redact import as_redaction

FOLDERS_SHOWN = 50      # rows of the folder table
BARS_SHOWN = 12         # bars of the "what to do first" chart
EXPIRY_SHOWN = 300      # rows per expiry bucket

_SYMBOL = {"block": "✗", "review": "!", "info": "·"}
_COLOR = {"block": "#b3261e", "review": "#c77700", "pass": "#2e7d32"}

STYLE = """
*{box-sizing:border-box}
body{font-family:"Noto Sans CJK SC","WenQuanYi Zen Hei","Microsoft YaHei","PingFang SC",sans-serif;
margin:0;color:#1f2328;background:#f6f7f9;line-height:1.45}
header.top{background:#1f3a5f;color:#fff;padding:.8em 1.5em}
header.top h1{font-size:1.35em;margin:0 0 .2em}
header.top .meta{color:#d5deea;font-size:.85em;margin:0}
nav.bar{position:sticky;top:0;z-index:5;background:#fff;border-bottom:1px solid #d0d7de;
padding:.45em 1.5em;display:flex;gap:1.2em;flex-wrap:wrap;font-size:.95em}
nav.bar a{color:#1f3a5f;text-decoration:none;font-weight:600}
nav.bar a:hover{text-decoration:underline}
nav.bar .n{color:#57606a;font-weight:normal}
main{padding:0 1.5em 2em}
section{scroll-margin-top:3em}
h2{font-size:1.1em;margin:1.3em 0 .5em}h3{font-size:1em;margin:1em 0 .4em}
.cards{display:flex;gap:.8em;flex-wrap:wrap;margin:1em 0 .4em}
.card{background:#fff;border:1px solid #d0d7de;border-radius:6px;padding:.5em .9em;min-width:8em}
.card .num{font-size:1.6em;font-weight:700}.card .lbl{font-size:.85em;color:#57606a}
.grid{display:grid;grid-template-columns:minmax(0,3fr) minmax(0,2fr);gap:1.2em}
@media (max-width:900px){.grid{grid-template-columns:1fr}}
.panel{background:#fff;border:1px solid #d0d7de;border-radius:6px;padding:.6em 1em}
.panel h2{margin-top:.3em}
table{border-collapse:collapse;margin:.4em 0;background:#fff}
td,th{border:1px solid #d0d7de;padding:.25em .5em;text-align:left;vertical-align:top}
th{background:#eef1f4}
#files th{cursor:pointer;user-select:none}
.block{color:#b3261e;font-weight:bold}.review{color:#9a5b00}.pass{color:#2e7d32}
.info{color:#6e7781}.num-cell{text-align:right}
details summary{cursor:pointer}details ul{margin:.3em 0;padding-left:1.2em}
.ev{background:#fff3c4}.small{font-size:.85em;color:#57606a}
code{font-size:.85em;color:#57606a}
#files td:first-child{max-width:46em;word-break:break-all}
#files td:nth-child(n+2),#files th{white-space:nowrap}
#files td:last-child{white-space:normal;max-width:22em}
.filter{display:flex;gap:.6em;align-items:center;flex-wrap:wrap;margin:.4em 0}
.filter input{padding:.3em .5em;min-width:22em}
tbody.ended td:last-child{color:#b3261e;font-weight:bold}
.key{display:inline-block;width:.8em;height:.8em;margin:0 .25em 0 .6em;vertical-align:-.05em}
table.cal{width:100%}table.cal td:not(:first-child),table.cal th{white-space:nowrap}
table.cal td:first-child{word-break:break-all}
table.cal th.group{background:#fff;border-left:0;border-right:0;padding-top:.8em;font-size:1em}
svg text{font-family:inherit}
"""

SCRIPT = """
(function(){
var t=document.getElementById('files');if(!t)return;
var body=t.tBodies[0],q=document.getElementById('q'),v=document.getElementById('v'),
out=document.getElementById('shown'),tpl=out.dataset.template;
function filter(){var s=q.value.toLowerCase(),w=v.value,n=0,c={block:0,review:0};
for(var r of body.rows){var ok=(!w||r.dataset.verdict===w)&&(!s||r.textContent.toLowerCase().indexOf(s)>=0);
r.style.display=ok?'':'none';if(ok){n++;c[r.dataset.verdict]=(c[r.dataset.verdict]||0)+1;}}
out.textContent=tpl.replace('{n}',n).replace('{block}',c.block).replace('{review}',c.review);}
q.addEventListener('input',filter);v.addEventListener('change',filter);filter();
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


def _common_folder(folders: list[str]) -> str:
    """The folder all these share (the swept root, usually), or "" when it is only "/"."""
    try:
        common = os.path.commonpath(folders)
    except ValueError:
        return ""
    return "" if common in ("", "/", ".") else common


def _relative(folder: str, base: str) -> str:
    if not base:
        return folder
    rest = os.path.relpath(folder, base)
    return "." if rest == "." else rest


def _short(path: str, limit: int = 70) -> str:
    return path if len(path) <= limit else "…" + path[-(limit - 1):]


class HtmlReport:
    def __init__(self, lang: str = "zh", redact=False):
        self.lang, self.redact = lang, as_redaction(redact)
        self.by_verdict: Counter = Counter()
        self.by_level: Counter = Counter()
        self.by_folder: dict[str, Counter] = {}
        self.by_code: Counter = Counter()
        self.rows: list[str] = []
        # Filled by the sweep from its database: (run, started, block, review, pass) oldest
        # first, and the expiry calendar (scanner.sweep.expiry.Expiry items).
        self.trend: Sequence[tuple] = ()
        self.expiry: Sequence = ()

    def t(self, key: str, **args: object) -> str:
        return word(DASHBOARD, key, self.lang, **args)

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
        self.by_code.update(codes)
        level = result.level or ""
        details = "".join(self._details(r, waived) for r in result.walk())
        words = "；".join(code_title(c, self.lang) for c in codes) if self.lang != "en" else \
            "; ".join(code_title(c, self.lang) for c in codes)
        return (f'<tr data-verdict="{_e(result.verdict)}">'
                f'<td><details><summary>{_e(result.path)}</summary>{details}</details></td>'
                f'<td class="{_e(result.verdict)}" data-sort="{_VERDICT_RANK[result.verdict]}">'
                f'{_e(verdict_label(result.verdict, self.lang))}</td>'
                f'<td data-sort="{_LEVEL_RANK.get(level, "9")}">{_e(level or "-")}</td>'
                f'<td>{_e(kind_label(result.marking, self.lang))}</td>'
                f'<td>{_e(words)} <code>{_e(" ".join(codes))}</code></td></tr>')

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
                shown = mark_text(redacted(m.text, self.redact), m.normal, self.lang,
                                  bool(self.redact))
                items.append(f'<li><span class="ev">{_e(shown)}</span>'
                             f' {_e(kind_label(m.kind, self.lang))} {_e(m.level or "")}'
                             f' — {_e(where)}{ends}</li>')
            out.append(f'<div>{self.t("marks")}</div><ul>{"".join(items)}</ul>')
        if result.findings:
            items = []
            for f in result.findings:
                evidence = redacted(f.evidence, self.redact)
                message = render_message(f.code, f.args, evidence, self.lang,
                                         bool(self.redact))
                where = describe_location(f.location, self.lang)
                note = ""
                if id(f) in waived:
                    note = (f' <span class="info">[{self.t("waived")}: '
                            f'{_e(waived[id(f)].reason)}]</span>')
                items.append(f'<li class="{_e(f.severity)}">{_SYMBOL.get(f.severity, "?")} '
                             f'<b>{_e(code_title(f.code, self.lang))}</b> '
                             f'<code>{_e(f.code)}</code> {_e(message)}'
                             + (f' <span class="small">[{_e(where)}]</span>' if where else "")
                             + note + '</li>')
            out.append(f'<div>{self.t("findings")}</div><ul>{"".join(items)}</ul>')
        return "".join(out)

    # --- the summary at the top ---

    def _ranked_folders(self) -> list[tuple[str, Counter]]:
        return sorted(((name, c) for name, c in self.by_folder.items()
                       if c["block"] + c["review"]),
                      key=lambda kv: (-kv[1]["block"], -kv[1]["review"], kv[0]))

    def _cards(self) -> str:
        ended = sum(1 for e in self.expiry if e.days < 0)
        soon = sum(1 for e in self.expiry if 0 <= e.days <= 90)
        cards = [("", sum(self.by_verdict.values()), self.t("n_files"))]
        cards += [(v, self.by_verdict.get(v, 0), verdict_label(v, self.lang))
                  for v in ("block", "review", "pass")]
        cards += [("block", ended, self.t("n_ended")), ("review", soon, self.t("n_soon"))]
        return '<div class="cards">' + "".join(
            f'<div class="card"><div class="num {cls}">{n}</div>'
            f'<div class="lbl">{_e(label)}</div></div>' for cls, n, label in cards) + '</div>'

    def _first_chart(self) -> str:
        ranked = self._ranked_folders()[:BARS_SHOWN]
        if not ranked:
            return f'<p>{self.t("nothing_first")}</p>'
        base = _common_folder([name for name, _ in ranked])
        width, label_h, bar_h, gap = 640, 16, 14, 10
        top = max(c["block"] + c["review"] for _, c in ranked) or 1
        vb, vr = verdict_label("block", self.lang), verdict_label("review", self.lang)
        row_h = label_h + bar_h + gap
        parts = []
        for i, (name, c) in enumerate(ranked):
            y = i * row_h
            wb = round(c["block"] / top * (width - 150), 1)
            wr = round(c["review"] / top * (width - 150), 1)
            parts.append(
                f'<g><title>{_e(name)}</title>'
                f'<text x="0" y="{y + 12}" font-size="12" fill="#1f2328">'
                f'{_e(_short(_relative(name, base)))}</text>'
                f'<rect x="0" y="{y + label_h}" width="{wb}" height="{bar_h}" '
                f'fill="{_COLOR["block"]}"/>'
                f'<rect x="{wb}" y="{y + label_h}" width="{wr}" height="{bar_h}" '
                f'fill="{_COLOR["review"]}"/>'
                f'<text x="{wb + wr + 6}" y="{y + label_h + 11}" font-size="12" '
                f'fill="#1f2328">{_e(vb)} {c["block"]} · {_e(vr)} {c["review"]}</text></g>')
        height = len(ranked) * row_h
        under = f'<p class="small">{self.t("under", path=_e(base))}</p>' if base else ""
        return (f'<p class="small">{self.t("first_note", n=BARS_SHOWN)} {self._legend()}</p>'
                f'{under}<svg role="img" viewBox="0 0 {width} {height}" width="100%" '
                f'style="max-width:{width}px">'
                f'{"".join(parts)}</svg>')

    def _legend(self) -> str:
        return "".join(f'<span class="key" style="background:{_COLOR[v]}"></span>'
                       f'{_e(verdict_label(v, self.lang))}' for v in ("block", "review"))

    def _levels(self) -> str:
        rows = "".join(f'<tr><td>{_e(level or self.t("none"))}</td>'
                       f'<td class="num-cell">{self.by_level.get(level, 0)}</td></tr>'
                       for level in LEVELS + ("",))
        return f'<table>{rows}</table>'

    def _folders(self) -> str:
        ranked = self._ranked_folders()[:FOLDERS_SHOWN]
        if not ranked:
            return ""
        vb, vr = verdict_label("block", self.lang), verdict_label("review", self.lang)
        rows = "".join(
            f'<tr><td>{_e(name)}</td><td class="block num-cell">{c["block"]}</td>'
            f'<td class="review num-cell">{c["review"]}</td>'
            f'<td class="num-cell">{sum(c.values())}</td></tr>' for name, c in ranked)
        return (f'<details><summary>{self.t("folders", n=FOLDERS_SHOWN)}</summary><table><tr>'
                f'<th>{self.t("folder")}</th><th>{_e(vb)}</th><th>{_e(vr)}</th>'
                f'<th>{self.t("files")}</th></tr>{rows}</table></details>')

    # --- the sections below ---

    def _files(self) -> str:
        if not self.rows:
            return f'<p>{self.t("nothing")}</p>'
        options = "".join(f'<option value="{v}">{_e(verdict_label(v, self.lang))}</option>'
                          for v in ("block", "review"))
        return (f'<div class="filter"><input id="q" type="search" '
                f'placeholder="{_e(self.t("filter"))}" aria-label="{_e(self.t("filter"))}">'
                f'<select id="v" aria-label="{_e(self.t("verdict"))}"><option value="">'
                f'{self.t("all")}</option>{options}</select>'
                f'<span id="shown" class="small" role="status" '
                f'data-template="{_e(self.t("shown", n="{n}", block="{block}", review="{review}"))}">'
                f'</span></div>'
                f'<table id="files"><thead><tr>'
                + "".join(f"<th>{self.t(k)}</th>" for k in
                          ("path", "verdict", "level", "marking", "codes"))
                + f'</tr></thead><tbody>{"".join(self.rows)}</tbody></table>')

    def _expiry(self) -> str:
        if not self.expiry:
            return f'<p>{self.t("no_expiry")}</p>'
        from ..sweep.expiry import bucket
        groups: dict[str, list] = {"ended": [], "d30": [], "d90": [], "d365": [], "later": []}
        for e in self.expiry:
            groups.setdefault(bucket(e.days), []).append(e)
        groups["ended"].reverse()       # the most recently ended first
        cards = "".join(f'<div class="card"><div class="num {"block" if k == "ended" else "review"}">'
                        f'{len(groups[k])}</div><div class="lbl">{self.t(k)}</div></div>'
                        for k in ("ended", "d30", "d90", "d365"))
        head = "".join(f"<th>{self.t(c)}</th>" for c in
                       ("path", "mark", "level", "period", "end_date", "days"))
        body = []
        for k in ("ended", "d30", "d90", "d365", "later"):
            items = groups[k]
            if not items:
                continue
            n = f"（{len(items)}）" if self.lang != "en" else f" ({len(items)})"
            body.append(f'<tbody class="{"ended" if k == "ended" else ""}"><tr>'
                        f'<th class="group" colspan="6">{self.t(k)}{n}</th></tr>')
            for e in items[:EXPIRY_SHOWN]:
                where = e.path + (f" › {e.part}" if e.part else "")
                left = self.t("ago", n=-e.days) if e.days < 0 else str(e.days)
                period = redacted(e.period, self.redact) if e.period else self.t("default_period")
                body.append(f'<tr><td>{_e(where)}</td>'
                            f'<td><span class="ev">{_e(redacted(e.mark, self.redact))}</span></td>'
                            f'<td>{_e(e.level or kind_label(e.kind, self.lang))}</td>'
                            f'<td>{_e(period)}</td><td>{_e(e.ends)}</td>'
                            f'<td class="num-cell">{_e(left)}</td></tr>')
            if len(items) > EXPIRY_SHOWN:
                body.append(f'<tr><td colspan="6" class="small">'
                            f'{self.t("more_rows", n=len(items) - EXPIRY_SHOWN)}</td></tr>')
            body.append('</tbody>')
        return (f'<p class="small">{self.t("expiry_note")}</p><div class="cards">{cards}</div>'
                f'<table class="cal"><thead><tr>{head}</tr></thead>{"".join(body)}</table>')

    def _trend(self) -> str:
        runs = list(self.trend)
        if len(runs) < 2:
            table = self._trend_table(runs)
            return f'<p>{self.t("no_trend")}</p>{table}'
        width, height, pad = 640, 180, 28
        top = max(b + r for _, _, b, r, _ in runs) or 1
        step = (width - pad) / len(runs)
        bar = max(6.0, min(40.0, step * 0.6))
        parts = [f'<line x1="{pad}" y1="{height - 20}" x2="{width}" y2="{height - 20}" '
                 f'stroke="#8c959f"/>',
                 f'<text x="0" y="12" font-size="11" fill="#57606a">{top}</text>']
        for i, (run, started, b, r, p) in enumerate(runs):
            x = pad + i * step + (step - bar) / 2
            hb = (height - 40) * b / top
            hr = (height - 40) * r / top
            base = height - 20
            parts.append(
                f'<g><title>#{run} {_e(started)}: {_e(verdict_label("block", self.lang))} {b}, '
                f'{_e(verdict_label("review", self.lang))} {r}, '
                f'{_e(verdict_label("pass", self.lang))} {p}</title>'
                f'<rect x="{x:.1f}" y="{base - hb:.1f}" width="{bar:.1f}" height="{hb:.1f}" '
                f'fill="{_COLOR["block"]}"/>'
                f'<rect x="{x:.1f}" y="{base - hb - hr:.1f}" width="{bar:.1f}" height="{hr:.1f}" '
                f'fill="{_COLOR["review"]}"/>'
                f'<text x="{x + bar / 2:.1f}" y="{base - hb - hr - 4:.1f}" font-size="11" '
                f'text-anchor="middle" fill="#1f2328">{b + r}</text>'
                f'<text x="{x + bar / 2:.1f}" y="{height - 6}" font-size="11" '
                f'text-anchor="middle" fill="#57606a">#{run}</text></g>')
        svg = (f'<svg role="img" viewBox="0 0 {width} {height}" width="100%" '
               f'style="max-width:{width}px">'
               f'{"".join(parts)}</svg>')
        return (f'<p class="small">{self.t("trend_note", n=len(runs))} {self._legend()}</p>{svg}'
                f'{self._trend_table(runs)}')

    def _trend_table(self, runs: list) -> str:
        if not runs:
            return ""
        head = (f'<tr><th>{self.t("run")}</th><th>{self.t("started")}</th>'
                + "".join(f'<th class="{v}">{_e(verdict_label(v, self.lang))}</th>'
                          for v in ("block", "review", "pass")) + '</tr>')
        rows = "".join(f'<tr><td>#{run}</td><td>{_e(started)}</td>'
                       f'<td class="num-cell">{b}</td><td class="num-cell">{r}</td>'
                       f'<td class="num-cell">{p}</td></tr>'
                       for run, started, b, r, p in reversed(runs))
        return f'<details><summary>{self.t("trend")}</summary><table>{head}{rows}</table></details>'

    def _glossary(self) -> str:
        if not self.by_code:
            return f'<p>{self.t("nothing")}</p>'
        head = (f'<tr><th>{self.t("code")}</th><th>{self.t("meaning")}</th>'
                f'<th>{self.t("files_with")}</th></tr>')
        rows = "".join(f'<tr><td><code>{_e(code)}</code></td>'
                       f'<td>{_e(code_title(code, self.lang))}</td>'
                       f'<td class="num-cell">{n}</td></tr>'
                       for code, n in sorted(self.by_code.items(), key=lambda kv: (-kv[1], kv[0])))
        return f'<table>{head}{rows}</table>'

    def _meta(self, meta: Iterable[tuple[str, str]]) -> str:
        bits = []
        for k, v in meta:
            label = word(DASHBOARD_META, k, self.lang) if k in DASHBOARD_META else k
            value = word(PROFILE_NAMES, v, self.lang) if k == "profile" and v in PROFILE_NAMES \
                else v
            bits.append(f"{_e(label)}: {_e(value)}" if self.lang == "en" else
                        f"{_e(label)}：{_e(value)}")
        return " · ".join(bits)

    def _page(self, meta, body: str) -> str:
        lang = "en" if self.lang == "en" else "zh-CN"
        if self.redact:
            meta = list(meta) + [("redaction", self.t("redaction", source=self.redact.source))]
        return (f'<!DOCTYPE html>\n<html lang="{lang}"><head><meta charset="utf-8">'
                f'<meta name="viewport" content="width=device-width">'
                f'<title>{self.t("title")}</title><style>{STYLE}</style></head><body>'
                f'<header class="top"><h1>{self.t("title")}</h1>'
                f'<p class="meta">{self._meta(meta)}</p></header>{body}'
                f'<script>{SCRIPT}</script></body></html>\n')

    def render_expiry(self, meta: list[tuple[str, str]] = ()) -> str:
        """A page with the expiry calendar alone (secmark sweep --expiring)."""
        return self._page(meta, f'<main><section id="expiry"><h2>{self.t("expiry")}</h2>'
                                f'{self._expiry()}</section></main>')

    def render(self, meta: list[tuple[str, str]] = ()) -> str:
        n_expiry = sum(1 for e in self.expiry if e.days <= 365)
        nav = (f'<nav class="bar">'
               f'<a href="#top">{self.t("nav_top")}</a>'
               f'<a href="#action">{self.t("nav_files")} <span class="n">({len(self.rows)})</span></a>'
               f'<a href="#expiry">{self.t("nav_expiry")} <span class="n">({n_expiry})</span></a>'
               f'<a href="#trend">{self.t("nav_trend")}</a>'
               f'<a href="#codes">{self.t("nav_codes")}</a></nav>')
        summary = (f'<section id="top">{self._cards()}<div class="grid">'
                   f'<div class="panel"><h2>{self.t("first")}</h2>{self._first_chart()}'
                   f'{self._folders()}</div>'
                   f'<div class="panel"><h2>{self.t("levels")}</h2>{self._levels()}</div>'
                   f'</div></section>')
        return self._page(meta, (
            f'{nav}<main>{summary}'
            f'<section id="action"><h2>{self.t("action")} ({len(self.rows)})</h2>'
            f'{self._files()}</section>'
            f'<section id="expiry"><h2>{self.t("expiry")}</h2>{self._expiry()}</section>'
            f'<section id="trend"><h2>{self.t("trend")}</h2>{self._trend()}</section>'
            f'<section id="codes"><h2>{self.t("glossary")}</h2>{self._glossary()}</section>'
            f'</main>'))


def _findings(result: Result) -> Iterator[Finding]:
    for r in result.walk():
        yield from r.findings
