"""Write the sample catalogue into samples/: documents, README.md and expected.json.

    PYTHONPATH=. python scripts/make_samples.py [OUTDIR]

Deterministic: fixed seed, fixed metadata dates (reportlab invariant mode with
SOURCE_DATE_EPOCH, DOCX zip members with a fixed timestamp). The catalogue table below is the
single source of the files, the README table and the golden expectations.
"""
from __future__ import annotations

import datetime as dt
import io
import json
import random
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from tests.corpus import formats, talk  # noqa: E402
from tests.corpus.marked import exam, gongwen  # noqa: E402
from tests.corpus.render import FIXED_ZIP_TIME, Doc, Line, to_docx, to_pdf, to_txt  # noqa: E402

SEED = 9704
HERE = ROOT / "samples"


def rng() -> random.Random:
    return random.Random(SEED)


# ---- builders ---------------------------------------------------------------------------

def standard(**kw) -> Doc:
    kw.setdefault("mark", "机密★10年")
    kw.setdefault("issuer", "××市人民政府")
    kw.setdefault("title", "关于加强重要设施安全防护工作的意见")
    return gongwen(rng(), **kw)


def layout_1999() -> Doc:
    return gongwen(rng(), mark_right="秘\u3000密★5年", urgency=None, year=2004,
                   date=dt.date(2004, 5, 18), issuer="××市人民政府",
                   title="关于调整部分干部职务的通知")


def header_only() -> Doc:
    # two pages, so the PDF header repeats and reads as a running header
    return gongwen(rng(), mark=None, header="机密★10年", issuer="××市人民政府",
                   title="关于召开全市工作会议的通知", paragraphs=7)


def table_cell() -> Doc:
    return gongwen(rng(), mark=None, table_mark="机密★5年", issuer="××市人民政府",
                   title="关于印发《应急处置工作方案》的通知")


def textbox() -> Doc:
    return gongwen(rng(), mark=None, textbox_mark="机密★3年", issuer="××市人民政府")


def no_copy_number() -> Doc:
    return gongwen(rng(), copy_number=None, mark="机密★10年", issuer="××市公安局")


def period_15() -> Doc:
    return gongwen(rng(), mark="秘密★15年", issuer="××县教育局")


def expired_2016() -> Doc:
    return gongwen(rng(), mark="秘密★1年", urgency="加急", year=2016, date=dt.date(2016, 4, 8),
                   issuer="××区发展和改革委员会", title="关于2016年第一季度安全生产情况的通报")


def exam_paper() -> Doc:
    return exam(rng(), "绝密★启用前")


def internal() -> Doc:
    doc = Doc(title="工作情况通报", date=dt.date(2026, 3, 12))
    doc.add(Line("内部资料\u3000注意保存", size=14, bold=True), Line(""))
    doc.add(Line("工作情况通报", align="center", size=22, bold=True))
    doc.add(Line("第12期", align="center"), Line("××市人民政府办公室编\u3000\u30002026年3月12日", align="center"))
    doc.add(Line("\u3000\u3000本期通报一季度重点项目推进情况和存在的问题，供各级领导参阅，请勿外传。"))
    doc.add(Line("\u3000\u3000截至3月底，全市42个重点项目中已开工31个，开工率73.8%。"))
    return doc


def work_secret() -> Doc:
    doc = Doc(title="会议纪要", date=dt.date(2026, 3, 12))
    doc.add(Line("工作秘密", size=16, bold=True))
    doc.add(Line("××区人民政府常务会议纪要", align="center", size=22, bold=True))
    doc.add(Line("〔2026〕第5次", align="center"))
    doc.add(Line("\u3000\u30003月10日，区长主持召开区政府第5次常务会议，研究了以下事项。"))
    doc.add(Line("\u3000\u3000一、原则同意《老旧小区改造实施方案（征求意见稿）》，请住建局修改完善后按程序报批。"))
    return doc


def public_notice() -> Doc:
    doc = Doc(title="关于开展2026年保密宣传月活动的通知", date=dt.date(2026, 3, 12))
    doc.add(Line("××市人民政府办公室文件", align="center", size=26, red=True, bold=True), Line(""))
    doc.add(Line("青政办发〔2026〕8号", align="center"))
    doc.add(Line("关于开展2026年保密宣传月活动的通知", align="center", size=22, bold=True), Line(""))
    doc.add(Line("各区（市）人民政府，市政府各部门："))
    for s in ("为深入宣传《中华人民共和国保守国家秘密法》，增强全社会保密意识，市政府决定于5月开展保密宣传月活动。",
              "各单位要组织干部职工学习保密法律法规，观看保密警示教育片，开展保密知识竞赛。",
              "要结合典型案例，讲清国家秘密的密级划分和保密期限，做到不该说的秘密不说。",
              "活动总结请于6月10日前报市保密局。"):
        doc.add(Line("\u3000\u3000" + s))
    doc.add(Line(""), Line("××市人民政府办公室", align="right"), Line("2026年3月12日", align="right"))
    doc.add(Line("\u3000\u3000（此件公开发布）"))
    return doc


def secrecy_text() -> Doc:
    doc = Doc(title="保密知识学习材料", date=dt.date(2026, 5, 6))
    doc.add(Line("保密知识学习材料", align="center", size=22, bold=True), Line(""))
    for s in (talk.REGULATION[0], talk.REGULATION[1], talk.REGULATION[4], talk.QUOTED[0],
              talk.QUOTED[1], talk.SLOGANS[0],
              talk.NEWS[0].format(date="5月6日", org="市科技局", person="市保密局副局长"),
              talk.NEWS[5].format(org="市科技局"), talk.TRADE[0], talk.TRADE[1], talk.FILM[0],
              talk.FILM[1], talk.REGULATION[18]):
        doc.add(Line("\u3000\u3000" + s))
    return doc


def manual_cover() -> Doc:
    doc = Doc(title="用户手册", date=dt.date(2026, 5, 20))
    doc.add(Line("密级状态：绝密( ) 秘密( ) 内部( ) 公开(√)", size=12), Line(""))
    doc.add(Line("××型智能终端用户手册", align="center", size=22, bold=True))
    doc.add(Line("版本：V2.1\u3000\u3000发布日期：2026年5月", align="center", size=12))
    doc.add(Line("一、安全须知", bold=True))
    doc.add(Line("\u3000\u3000使用前请仔细阅读本手册，并妥善保管。"))
    return doc


def meeting_minutes() -> Doc:
    doc = Doc(title="会议纪要", date=dt.date(2026, 3, 12))
    doc.add(Line("项目协调会会议纪要", align="center", size=22, bold=True))
    doc.add(Line("时间：2026年3月12日上午\u3000\u3000地点：三楼会议室"))
    doc.add(Line("\u3000\u3000会议听取了各单位关于项目进展的汇报，明确了下一步工作安排。"))
    return doc


def html_page() -> bytes:
    body = "\n".join(f"<p>{s}</p>" for s in (
        "\u3000\u3000为做好会议筹备工作，现将有关事项通知如下。",
        "\u3000\u3000请各单位于3月20日前报送参会人员名单。"))
    page = f"""<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>会议通知</title></head>
<body>
<div class="mark">秘密★3年</div>
<h1>关于召开全市安全生产工作会议的通知</h1>
<p>各区（市）人民政府，市政府各部门：</p>
{body}
<p style="text-align:right">××市人民政府办公室</p>
<p style="text-align:right">2026年3月12日</p>
</body></html>
"""
    return page.encode("utf-8")


def zip_bytes(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in members.items():
            z.writestr(zipfile.ZipInfo(name, date_time=FIXED_ZIP_TIME), data)
    return out.getvalue()


def encrypted_pdf() -> bytes:
    return to_pdf(standard(), encrypt="secmark")


def corrupt_pdf() -> bytes:
    good = to_pdf(standard())
    # keep the header, scramble the body: the file still claims to be a PDF
    return good[:9] + bytes((b * 7 + 13) % 256 for b in good[9:400]) + b"\n%%EOF\n"


def truncated_docx() -> bytes:
    good = to_docx(standard())
    return good[: len(good) // 2]


def ofd_placeholder() -> bytes:
    return zip_bytes({"OFD.xml": b'<?xml version="1.0" encoding="UTF-8"?>\n'
                      b'<ofd:OFD xmlns:ofd="http://www.ofdspec.org/2016" Version="1.0">'
                      b'<ofd:DocBody><ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot></ofd:DocBody>'
                      b'</ofd:OFD>\n'})


def wps_placeholder() -> bytes:
    # an OLE compound-file header only (legacy WPS/Word binary format)
    return b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504)


# ---- the catalogue ----------------------------------------------------------------------
# name, bytes builder, what it shows, verdict, level, codes that must appear

MC = "MARKED_CLASSIFIED"
MI = "MARKED_INTERNAL"
CATALOGUE = [
    ("gongwen_jimi_10nian.docx", lambda: to_docx(standard()),
     "GB/T 9704-2012 公文: 份号 000123, 机密★10年, 特急, red head, 青政发〔2026〕号, 附注, 抄送, 印发",
     "block", "机密", [MC]),
    ("gongwen_jimi_10nian.pdf", lambda: to_pdf(standard()),
     "the same 公文 as a PDF (A4, mark top-left ~10% down)", "block", "机密", [MC]),
    ("gongwen_1999_youshang.docx", lambda: to_docx(layout_1999()),
     "GB/T 9704-1999 layout: 份号 left, 秘　密★5年 top right; dated 2004, so expired",
     "block", "秘密", [MC, "EXPIRED_PERIOD"]),
    ("gongwen_1999_youshang.pdf", lambda: to_pdf(layout_1999()),
     "the 1999 layout as a PDF", "block", "秘密", [MC, "EXPIRED_PERIOD"]),
    ("gongwen_yemei.docx", lambda: to_docx(header_only()),
     "mark only in the page header (机密★10年)", "block", "机密", [MC]),
    ("gongwen_yemei.pdf", lambda: to_pdf(header_only()),
     "mark only in the running header of a two-page PDF", "block", "机密", [MC]),
    ("gongwen_biaoge.docx", lambda: to_docx(table_cell()),
     "mark in a cell of a table at the top (发文稿纸: 份号 | 000123 | 密级 | 机密★5年)",
     "block", "机密", [MC]),
    ("gongwen_biaoge.pdf", lambda: to_pdf(table_cell()),
     "the table-cell mark as a PDF", "block", "机密", [MC]),
    ("gongwen_wenbenkuang.docx", lambda: to_docx(textbox()),
     "mark in a text box at the top (机密★3年), DrawingML with VML fallback", "block", "机密", [MC]),
    ("gongwen_wu_fenhao.docx", lambda: to_docx(no_copy_number()),
     "classified 公文 without 份号", "block", "机密", [MC, "MISSING_COPY_NUMBER"]),
    ("gongwen_wu_fenhao.pdf", lambda: to_pdf(no_copy_number()),
     "classified 公文 without 份号, PDF", "block", "机密", [MC, "MISSING_COPY_NUMBER"]),
    ("gongwen_15nian.docx", lambda: to_docx(period_15()),
     "秘密★15年: over the 10-year maximum for 秘密", "block", "秘密", [MC, "INVALID_PERIOD"]),
    ("gongwen_guoqi_2016.pdf", lambda: to_pdf(expired_2016()),
     "秘密★1年, 成文日期 2016年4月8日: period ended 2017-04-08", "block", "秘密",
     [MC, "EXPIRED_PERIOD"]),
    ("shijuan_qiyongqian.pdf", lambda: to_pdf(exam_paper()),
     "exam paper, 绝密★启用前 on the first line", "block", "绝密", [MC]),
    ("shijuan_qiyongqian.docx", lambda: to_docx(exam_paper()),
     "the exam paper as DOCX", "block", "绝密", [MC]),
    ("neibu_ziliao.docx", lambda: to_docx(internal()),
     "internal bulletin marked 内部资料　注意保存", "block", None, [MI]),
    ("gongzuo_mimi.docx", lambda: to_docx(work_secret()),
     "work secret (工作秘密) minutes", "block", None, [MI]),
    ("gongkai_tongzhi.pdf", lambda: to_pdf(public_notice()),
     "public 公文 about 保密宣传月 with （此件公开发布）", "pass", None, []),
    ("baomi_zhishi.docx", lambda: to_docx(secrecy_text()),
     "text about secrecy: 保密法 articles, quoted marks, training news, 商业秘密, 《绝密使命》",
     "pass", None, []),
    ("baomi_zhishi.pdf", lambda: to_pdf(secrecy_text()),
     "the same text about secrecy as a PDF", "pass", None, []),
    ("gbk_jimi.txt", lambda: to_txt(standard(mark="机密★5年"), "gbk"),
     "GBK-encoded plain-text 公文 marked 机密★5年", "block", "机密", [MC]),
    ("utf16_mimi.txt", lambda: to_txt(standard(mark="秘密★2年"), "utf-16"),
     "UTF-16 (with BOM) plain-text 公文 marked 秘密★2年", "block", "秘密", [MC]),
    ("huiyi_tongzhi.html", html_page,
     "HTML page with 秘密★3年 in a div above the title", "block", "秘密", [MC]),
    ("【机密】会议纪要.txt", lambda: to_txt(meeting_minutes()),
     "mark only in the file name (【机密】), body unmarked", "block", "机密", [MC]),
    ("chanpin_shouce.pdf", lambda: to_pdf(manual_cover()),
     "product manual cover: 密级状态：绝密( ) 秘密( ) 内部( ) 公开(√)", "pass", None, []),
    ("chanpin_shouce.docx", lambda: to_docx(manual_cover()),
     "the manual cover as DOCX", "pass", None, []),
    ("sunhuai.pdf", corrupt_pdf, "corrupt PDF (header kept, body scrambled)", "block", None,
     ["UNREADABLE"]),
    ("jieduan.docx", truncated_docx, "DOCX cut in half", "block", None, ["UNREADABLE"]),
    ("kong.txt", lambda: b"", "empty file", "review", None, ["EMPTY_FILE"]),
    ("jiami.pdf", encrypted_pdf, "PDF encrypted with a user password", "block", None,
     ["UNREADABLE"]),
    ("gongwen.ofd", ofd_placeholder, "OFD with OFD.xml only (its Document.xml is missing)",
     "block", None, ["UNREADABLE"]),
    ("jiu_geshi.wps", wps_placeholder, "legacy WPS binary cut to its OLE header", "block", None,
     ["UNREADABLE"]),
]
# Office formats: a 公文 / list / slide marked 机密★5年, and an unmarked twin.
# Legacy and ODF/RTF files are written by LibreOffice from the DOCX, XLSX or PPTX.
for _fmt, _marked, _plain, _what in (
        ("doc", "gongwen_jimi.doc", "tongzhi.doc", "Word 97 binary"),
        ("wps", "gongwen_jimi.wps", "tongzhi.wps", "WPS text (Word binary under .wps)"),
        ("rtf", "gongwen_jimi.rtf", "tongzhi.rtf", "RTF"),
        ("odt", "gongwen_jimi.odt", "tongzhi.odt", "ODF text"),
        ("ofd", "gongwen_jimi.ofd", "tongzhi.ofd", "OFD (GB/T 33190), one TextObject a line"),
        ("xlsx", "mingdan_jimi.xlsx", "kucun.xlsx", "XLSX: names, birth years, posts"),
        ("xls", "mingdan_jimi.xls", "kucun.xls", "Excel 97 binary"),
        ("et", "mingdan_jimi.et", "kucun.et", "WPS ET (Excel binary under .et)"),
        ("ods", "mingdan_jimi.ods", "kucun.ods", "ODF spreadsheet"),
        ("pptx", "huibao_jimi.pptx", "yundonghui.pptx", "PPTX: text box at the top left"),
        ("ppt", "huibao_jimi.ppt", "yundonghui.ppt", "PowerPoint 97 binary"),
        ("dps", "huibao_jimi.dps", "yundonghui.dps", "WPS DPS (PowerPoint binary under .dps)"),
        ("odp", "huibao_jimi.odp", "yundonghui.odp", "ODF presentation")):
    CATALOGUE.append((_marked, lambda f=_fmt: formats.sample(f, formats.SAMPLE_MARK),
                      f"{_what}, marked {formats.SAMPLE_MARK} at the top", "block", "机密", [MC]))
    CATALOGUE.append((_plain, lambda f=_fmt: formats.sample(f, None),
                      f"{_what}, unmarked (a notice, a price list, a sports-day slide)", "pass",
                      None, []))
CATALOGUE += [
    ("mingdan_yincang.xlsx", formats.hidden_sheet_xlsx,
     "XLSX: price list shown, 机密★5年 and a list of names on a hidden sheet", "block", None,
     ["HIDDEN_CONTENT"]),
    ("jiami.xlsx", lambda: formats.encrypt_ooxml(formats.sample("xlsx", formats.SAMPLE_MARK)),
     "XLSX encrypted with a password (OLE EncryptedPackage)", "block", None, ["UNREADABLE"]),
]


def expected() -> dict:
    return {name: {"verdict": verdict, "level": level, "codes": codes}
            for name, _, _, verdict, level, codes in CATALOGUE}


def readme() -> str:
    rows = ["| file | what it shows | verdict | level | codes that must appear |",
            "|---|---|---|---|---|"]
    for name, _, what, verdict, level, codes in CATALOGUE:
        rows.append(f"| `{name}` | {what} | {verdict} | {level or '—'} | "
                    f"{', '.join(codes) or '—'} |")
    return f"""# Sample catalogue

Small documents, one case each, written by `scripts/make_samples.py` (deterministic: fixed seed, fixed
metadata dates). `expected.json` holds the golden verdict, level and finding codes of each file,
checked by `tests/test_samples_golden.py` with `--today 2026-11-26` and the `publish` profile.
Codes listed must appear; other codes may appear too (a 公文 附注 such as （此件不公开） adds
MARKED_INTERNAL, for instance).

Regenerate (then review the diff of `expected.json` and this file):

    cd /work/main && PYTHONPATH=. python scripts/make_samples.py

{chr(10).join(rows)}

PDFs are drawn with reportlab and the `STSong-Light` CID font (not embedded), A4, margins of
GB/T 9704 (28 mm left, 37 mm top). DOCX files are written with python-docx; text boxes and the
1999 right tab are raw WordprocessingML.
"""


def main(argv: list[str]) -> int:
    out = Path(argv[0]) if argv else HERE
    out.mkdir(parents=True, exist_ok=True)
    for name, build, *_ in CATALOGUE:
        (out / name).write_bytes(build())
    (out / "expected.json").write_text(json.dumps(expected(), ensure_ascii=False, indent=2) + "\n",
                                       encoding="utf-8")
    (out / "README.md").write_text(readme(), encoding="utf-8")
    print(f"wrote {len(CATALOGUE)} samples to {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
