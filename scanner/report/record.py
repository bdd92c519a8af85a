"""The review record (保密审查记录) an editor prints and files: for each checked file its
name, SHA-256, size, pages, the time of the check, the secmark and rules versions, the verdict
and every finding in words with its place, then blank lines for the reviewer's name, opinion
(同意发布 / 不同意发布 / 修改后发布) and signature. One A4 page per file.

It renders the JSON report (report_dict, the contract of docs/report-schema.md) so the command
line and the review page (scanner/web/static/app.js builds the same record from the same JSON)
print the same thing. Self-contained: no external resources; document text is escaped."""
from __future__ import annotations

import datetime as dt
import html
from typing import Any, Iterator, Mapping

from ..messages import code_title, describe_location, kind_label, verdict_label
from ..model import Location

_T = {  # (zh, en)
    "title": ("保密审查记录", "Secrecy review record"),
    "file": ("文件名", "File"), "sha256": ("SHA-256", "SHA-256"), "size": ("大小", "Size"),
    "pages": ("页数", "Pages"), "format": ("格式", "Format"),
    "checked": ("检查时间", "Checked at"), "tool": ("检查工具", "Checked with"),
    "profile": ("判定规则", "Rules of judgement"),
    "verdict": ("检查结论", "Verdict"), "level": ("密级", "Level"),
    "marks": ("发现的标志", "Marks found"),
    "findings": ("发现的问题", "Findings"), "none": ("无", "none"),
    "no_findings": ("未发现问题。", "No findings."),
    "no_marks": ("未发现密级标志或非公开标志。", "No state-secret or non-public mark found."),
    "where": ("位置", "where"), "severity": ("处理", "action"),
    "review": ("审查意见（由审查人填写）", "Review (filled in by the reviewer)"),
    "reviewer": ("审查人", "Reviewer"), "unit": ("部门", "Department"),
    "opinion": ("审查意见", "Opinion"),
    "approve": ("同意发布", "approved for publication"),
    "reject": ("不同意发布", "not approved"),
    "amend": ("修改后发布", "publish after changes"),
    "notes": ("意见说明", "Notes"),
    "signature": ("签名", "Signature"), "date": ("日期", "Date"),
    "footer": ("本记录由 secmark 自动生成检查部分；结论须经审查人确认。第 {i}/{n} 份。",
               "The check part of this record was made by secmark; the reviewer confirms the "
               "verdict. Record {i} of {n}."),
    "pages_unknown": ("—（该格式无分页）", "— (no pages in this format)"),
    "bytes": ("{n} 字节", "{n} bytes"),
    "rules": ("规则版本", "rules"),
}
_ADVICE = {
    "block": ("不得发布：须先处理下列问题。", "Must not be published: deal with the findings first."),
    "review": ("须人工复核下列各项后再决定。", "Review the items below before deciding."),
    "pass": ("未发现密级标志或涉密迹象。", "No marks and no signs of secret content."),
}
_SEVERITY = {"block": ("阻止", "block"), "review": ("复核", "review"), "info": ("提示", "info")}
_PROFILES = {"publish": ("publish（发布前）", "publish"), "email": ("email（邮件）", "email"),
             "sweep": ("sweep（共享盘）", "sweep")}

STYLE = """
@page{size:A4;margin:14mm 15mm 12mm 15mm}
*{box-sizing:border-box}
body{font-family:"Noto Serif CJK SC","Noto Sans CJK SC","WenQuanYi Zen Hei","SimSun",
"Songti SC",serif;color:#000;margin:0;background:#fff;font-size:10.5pt;line-height:1.5}
.sheet{max-width:180mm;margin:0 auto;padding:0}
.sheet+.sheet{break-before:page;page-break-before:always}
h1{text-align:center;font-size:18pt;letter-spacing:.3em;margin:0 0 3mm}
h2{font-size:11.5pt;margin:5mm 0 2mm;border-bottom:1px solid #000;padding-bottom:1mm}
table.facts{width:100%;border-collapse:collapse}
table.facts th,table.facts td{border:1px solid #000;padding:.9mm 2mm;text-align:left;
vertical-align:top}
table.facts th{width:26mm;white-space:nowrap;background:#f2f2f2}
.mono{font-family:"DejaVu Sans Mono",monospace;font-size:9pt;word-break:break-all}
.name{word-break:break-all}
.verdict{font-weight:bold;font-size:12pt}
ol.findings{margin:0;padding-left:6mm}ol.findings li{margin:0 0 1.5mm}
.code{font-family:"DejaVu Sans Mono",monospace;font-size:8.5pt;color:#333}
.where{color:#333;font-size:9.5pt}
.ev{background:#eee}
.form .line{display:flex;align-items:flex-end;gap:3mm;margin:4mm 0 0}
.form .blank{flex:1;border-bottom:1px solid #000;min-height:6mm}
.form .ticks{margin:4mm 0 0;display:flex;gap:8mm;flex-wrap:wrap}
.form .box{display:inline-block;width:4mm;height:4mm;border:1px solid #000;
vertical-align:-0.5mm;margin-right:1.5mm}
.form .notes{border-bottom:1px solid #000;height:8mm}
.foot{margin-top:4mm;font-size:8.5pt;color:#444}
@media screen{body{background:#e9ecef}.sheet{background:#fff;margin:6mm auto;padding:14mm 15mm;
box-shadow:0 0 3mm rgba(0,0,0,.15);max-width:210mm}}
"""


def _e(text: Any) -> str:
    return html.escape("" if text is None else str(text), quote=True)


def record_meta() -> dict[str, str]:
    """The time of the check, local with its offset, as the record prints it."""
    now = dt.datetime.now().astimezone()
    return {"checked": now.strftime("%Y-%m-%d %H:%M:%S ") + now.strftime("%z")[:3] + ":"
            + now.strftime("%z")[3:]}


def _walk(entry: Mapping) -> Iterator[Mapping]:
    yield entry
    for child in entry.get("parts") or []:
        yield from _walk(child)


def _size(n: int | None, lang: str) -> str:
    if n is None:
        return "—"
    words = _pick(_T["bytes"], lang).format(n=f"{n:,}")
    if n >= 1024 * 1024:
        return f"{n / 1024 / 1024:.1f} MB（{words}）" if lang != "en" else \
            f"{n / 1024 / 1024:.1f} MB ({words})"
    if n >= 1024:
        return f"{n / 1024:.1f} KB（{words}）" if lang != "en" else f"{n / 1024:.1f} KB ({words})"
    return words


def _pick(pair, lang: str) -> str:
    return pair[1] if lang == "en" else pair[0]


def _place(entry: Mapping, location: Mapping, lang: str) -> str:
    return describe_location(Location(location.get("part") or "", location.get("page"),
                                      location.get("line"), location.get("region"),
                                      location.get("position")), lang)


def _sheet(entry: Mapping, report: Mapping, lang: str, i: int, n: int) -> str:
    t = lambda key: _pick(_T[key], lang)      # noqa: E731
    pages = entry.get("pages")
    tool = f'secmark {report.get("tool", {}).get("version", "")}'
    if report.get("rules"):
        tool += f' · {t("rules")} {report["rules"]}'
    profile = report.get("profile", "")
    facts = [
        (t("file"), f'<span class="name">{_e(entry.get("path"))}</span>'),
        (t("sha256"), f'<span class="mono">{_e(entry.get("sha256") or "—")}</span>'),
        (t("size"), _e(_size(entry.get("size"), lang))),
        (t("pages"), _e(pages if pages else t("pages_unknown"))),
        (t("format"), _e(entry.get("format") or "—")),
        (t("checked"), _e(report.get("checked") or report.get("today") or "—")),
        (t("tool"), _e(tool)),
        (t("profile"), _e(_pick(_PROFILES.get(profile, (profile, profile)), lang))),
    ]
    rows = "".join(f"<tr><th>{k}</th><td>{v}</td></tr>" for k, v in facts)
    verdict = entry.get("verdict", "block")
    level = entry.get("level") or kind_label(entry.get("marking"), lang)
    marks = []
    findings = []
    for part in _walk(entry):
        for m in part.get("marks") or []:
            where = _place(part, m.get("location") or {}, lang)
            ends = (m.get("period") or {}).get("ends")
            extra = f'，{_pick(("届满", "ends"), lang)} {ends}' if ends and lang != "en" else \
                (f", ends {ends}" if ends else "")
            marks.append(f'<li><span class="ev">{_e(m.get("text"))}</span> '
                         f'{_e(kind_label(m.get("kind"), lang))} {_e(m.get("level") or "")}'
                         f'<span class="where">（{_e(where)}{_e(extra)}）</span></li>'
                         if lang != "en" else
                         f'<li><span class="ev">{_e(m.get("text"))}</span> '
                         f'{_e(kind_label(m.get("kind"), lang))} {_e(m.get("level") or "")}'
                         f'<span class="where"> ({_e(where)}{_e(extra)})</span></li>')
        for f in part.get("findings") or []:
            where = _place(part, f.get("location") or {}, lang)
            severity = _pick(_SEVERITY.get(f.get("severity"), ("?", "?")), lang)
            findings.append(
                f'<li><b>{_e(code_title(f.get("code", ""), lang))}</b> '
                f'<span class="code">{_e(f.get("code"))} · {_e(severity)}</span><br>'
                f'{_e(f.get("message"))}'
                + (f'<br><span class="where">{t("where")}：{_e(where)}</span>' if where and
                   lang != "en" else
                   f'<br><span class="where">{t("where")}: {_e(where)}</span>' if where else "")
                + '</li>')
    marks_html = f'<ol class="findings">{"".join(marks)}</ol>' if marks else \
        f'<p>{t("no_marks")}</p>'
    findings_html = f'<ol class="findings">{"".join(findings)}</ol>' if findings else \
        f'<p>{t("no_findings")}</p>'
    ticks = "".join(f'<span><span class="box"></span>{t(k)}</span>'
                    for k in ("approve", "reject", "amend"))
    colon = ":" if lang == "en" else "："
    return (
        f'<section class="sheet"><h1>{t("title")}</h1>'
        f'<table class="facts">{rows}'
        f'<tr><th>{t("verdict")}</th><td><span class="verdict">'
        f'{_e(verdict_label(verdict, lang))}</span> {_e(_pick(_ADVICE[verdict], lang))}</td></tr>'
        f'<tr><th>{t("level")}</th><td>{_e(level)}</td></tr></table>'
        f'<h2>{t("marks")}</h2>{marks_html}'
        f'<h2>{t("findings")}</h2>{findings_html}'
        f'<h2>{t("review")}</h2><div class="form">'
        f'<div class="line"><span>{t("reviewer")}{colon}</span><span class="blank"></span>'
        f'<span>{t("unit")}{colon}</span><span class="blank"></span></div>'
        f'<div class="ticks"><span>{t("opinion")}{colon}</span>{ticks}</div>'
        f'<div class="line"><span>{t("notes")}{colon}</span><span class="blank"></span></div>'
        f'<div class="notes"></div><div class="notes"></div>'
        f'<div class="line"><span>{t("signature")}{colon}</span><span class="blank"></span>'
        f'<span>{t("date")}{colon}</span><span class="blank"></span></div></div>'
        f'<p class="foot">{_e(_pick(_T["footer"], lang).format(i=i, n=n))}</p></section>')


def render_record(report: Mapping, lang: str) -> str:
    """The record of every file of a JSON report (report_dict, with "checked" and "rules"
    when known)."""
    files = report.get("files") or []
    sheets = "".join(_sheet(entry, report, lang, i + 1, len(files))
                     for i, entry in enumerate(files))
    return (f'<!DOCTYPE html>\n<html lang="{"en" if lang == "en" else "zh-CN"}"><head>'
            f'<meta charset="utf-8"><title>{_pick(_T["title"], lang)}</title>'
            f'<style>{STYLE}</style></head><body>{sheets}</body></html>\n')
