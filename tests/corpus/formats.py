"""Generated documents in the office formats secmark reads, marked and unmarked, ≥ 20 per
format. Word-like formats come from DOCX (render.to_docx), spreadsheets from XLSX
(openpyxl), slides from PPTX (python-pptx), OFD from ofd_render; LibreOffice headless writes
.doc/.rtf/.odt, .xls/.ods and .ppt/.odp from them (one batch per format, private profile).
WPS, ET and DPS are the Word, Excel and PowerPoint binaries under Kingsoft's names."""
from __future__ import annotations

import io
import os
import random
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from tests.corpus import marked
from tests.corpus.ofd_render import to_ofd
from tests.corpus.render import Doc, Line, normalize_zip, to_docx

# format -> (family, LibreOffice target or None, renamed from)
FORMATS = {
    "doc": ("text", "doc"), "wps": ("text", "doc"), "rtf": ("text", "rtf"),
    "odt": ("text", "odt"), "ofd": ("text", None),
    "xlsx": ("sheet", None), "xls": ("sheet", "xls"), "et": ("sheet", "xls"),
    "ods": ("sheet", "ods"),
    "pptx": ("slides", None), "ppt": ("slides", "ppt"), "dps": ("slides", "ppt"),
    "odp": ("slides", "odp"),
}
SOURCE = {"text": "docx", "sheet": "xlsx", "slides": "pptx"}
BENIGN = ("为做好本年度职工运动会筹备工作，现将有关事项通知如下。",
          "运动会设田径、球类和趣味项目，请各单位做好报名工作。",
          "报名表请于4月10日前报工会办公室。",
          "联系人：王老师，电话：0532-12345678。",
          "请各单位安排好工作，鼓励职工积极参加。")
PRODUCTS = [("产品", "型号", "单价", "库存"), ("打印纸", "A4", "25", "300"),
            ("签字笔", "0.5mm", "2", "1200"), ("文件夹", "F-20", "6", "450"),
            ("订书机", "S-10", "18", "80")]
NAMES = [("姓名", "性别", "出生年月", "现任职务"),
         ("张建国", "男", "1968.05", "市财政局副局长"),
         ("李晓梅", "女", "1972.11", "市教育局处长"),
         ("王志强", "男", "1980.03", "区发改委科长")]


@dataclass
class Case:
    name: str
    fmt: str
    level: str | None        # expected level; None: unmarked, expected to pass
    mark: str
    data: bytes = b""


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def _mark(rng: random.Random) -> tuple[str, str]:
    level = rng.choice(marked.LEVELS)
    form = rng.choice(("years", "years", "months", "long", "condition", "none"))
    return level, marked.build_mark(rng, level, form, "★", rng.choice(("plain", "ideo")),
                                    False, False)


def _text_doc(rng: random.Random, mark: str | None, where: str) -> Doc:
    if mark is None:
        doc = Doc(title="关于举办职工运动会的通知")
        doc.add(Line("××市总工会文件", align="center", size=26, red=True),
                Line("关于举办职工运动会的通知", align="center", size=22))
        for s in rng.sample(BENIGN, 4):
            doc.add(Line("\u3000\u3000" + s))
        return doc
    kw = {"mark": mark} if where == "line" else {"header": mark} if where == "header" \
        else {"table_mark": mark}
    return marked.gongwen(rng, note="", **kw)


def _xlsx(rng: random.Random, mark: str | None, where: str) -> bytes:
    import openpyxl
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "名单" if mark else "库存"
    if mark and where == "line":
        ws.append([mark])
    elif mark and where == "header":
        ws.oddHeader.left.text = mark
    elif mark:
        ws.title = f"名单（{mark.split('★')[0].replace(chr(0x3000), '')}）"
        ws.append(["密级", mark])
    for row in (NAMES if mark else PRODUCTS):
        ws.append(list(row))
    _fixed_dates(wb)
    buf = io.BytesIO()
    wb.save(buf)
    return normalize_zip(_pin_modified(buf.getvalue()))


def _fixed_dates(wb) -> None:
    import datetime as dt
    wb.properties.created = dt.datetime(2026, 3, 12, 9, 0)


def _pin_modified(data: bytes) -> bytes:
    """openpyxl stamps the time of saving; samples stay byte-identical across runs."""
    import re
    import zipfile
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            body = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                body = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*", rb"\g<1>2026-03-12T09:00:00Z",
                              body)
            dst.writestr(info, body)
    return out.getvalue()


def _pptx(rng: random.Random, mark: str | None, where: str) -> bytes:
    from pptx import Presentation
    from pptx.util import Emu
    pres = Presentation()
    slide = pres.slides.add_slide(pres.slide_layouts[6])
    if mark:
        top = 4300000 if where == "further" else 150000
        slide.shapes.add_textbox(Emu(300000), Emu(top), Emu(2400000), Emu(400000)) \
            .text_frame.text = mark
    title = "工作情况汇报" if mark else "职工运动会安排"
    slide.shapes.add_textbox(Emu(900000), Emu(1600000), Emu(7000000), Emu(800000)) \
        .text_frame.text = title
    body = slide.shapes.add_textbox(Emu(900000), Emu(2600000), Emu(7000000), Emu(1500000))
    body.text_frame.text = rng.choice(BENIGN)
    second = pres.slides.add_slide(pres.slide_layouts[6])
    second.shapes.add_textbox(Emu(900000), Emu(900000), Emu(7000000), Emu(2000000)) \
        .text_frame.text = rng.choice(BENIGN)
    pres.core_properties.title = title
    buf = io.BytesIO()
    pres.save(buf)
    return normalize_zip(buf.getvalue())


def _convert(sources: dict[str, bytes], target: str, tool: str) -> dict[str, bytes]:
    """Convert files with LibreOffice in one batch; name -> bytes of the result."""
    with tempfile.TemporaryDirectory(prefix="secmark-lo-") as tmp:
        folder = Path(tmp)
        for name, data in sources.items():
            (folder / name).write_bytes(data)
        env = dict(os.environ, HOME=tmp)
        subprocess.run([tool, f"-env:UserInstallation=file://{tmp}/profile", "--headless",
                        "--norestore", "--convert-to", target, "--outdir", str(folder / "out"),
                        *[str(folder / n) for n in sources]], check=True, timeout=600,
                       capture_output=True, env=env)
        return {name: (folder / "out" / (Path(name).stem + "." + target)).read_bytes()
                for name in sources}


def generate(fmt: str, seed: int = 10, count: int = 20) -> list[Case]:
    """count cases of one format: about two thirds marked (levels, periods, places vary)."""
    family, target = FORMATS[fmt]
    rng = random.Random(f"{seed}-{fmt}")
    cases: list[Case] = []
    sources: dict[str, bytes] = {}
    places = {"text": ("line", "header", "table"), "sheet": ("line", "header", "sheetname"),
              "slides": ("top", "top", "further")}[family]
    for k in range(count):
        marked_case = k % 3 != 2
        level, mark = _mark(rng) if marked_case else (None, "")
        where = places[k % len(places)]
        if family == "text":
            doc = _text_doc(rng, mark or None, where)
            source = to_ofd(doc) if fmt == "ofd" else to_docx(doc)
        elif family == "sheet":
            source = _xlsx(rng, mark or None, where)
        else:
            source = _pptx(rng, mark or None, where)
        name = f"{fmt}_{k:02d}_{where if mark else 'plain'}"
        sources[f"{name}.{SOURCE[family]}"] = source
        cases.append(Case(f"{name}.{fmt}", fmt, level, mark))
    if target is None:
        datas = list(sources.values())
    else:
        tool = soffice()
        if tool is None:
            raise RuntimeError("LibreOffice (soffice) is needed to write " + fmt)
        converted = _convert(sources, target, tool)
        datas = [converted[n] for n in sources]
    for case, data in zip(cases, datas):
        case.data = data
    return cases


SAMPLE_MARK = "机密★5年"


def sample(fmt: str, mark: str | None) -> bytes:
    """One sample document of a format for the catalogue (scripts/make_samples.py)."""
    family, target = FORMATS[fmt]
    rng = random.Random(f"sample-{fmt}")
    where = {"text": "line", "sheet": "line", "slides": "top"}[family]
    if family == "text":
        doc = _text_doc(rng, mark, where)
        source = to_ofd(doc) if fmt == "ofd" else to_docx(doc)
    elif family == "sheet":
        source = _xlsx(rng, mark, where)
    else:
        source = _pptx(rng, mark, where)
    if target is None:
        return source
    tool = soffice()
    if tool is None:
        raise RuntimeError("LibreOffice (soffice) is needed to write " + fmt)
    name = f"sample.{SOURCE[family]}"
    return _convert({name: source}, target, tool)[name]


def hidden_sheet_xlsx() -> bytes:
    """A visible price list; the mark and a list of names sit on a hidden sheet."""
    import openpyxl
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "库存"
    for row in PRODUCTS:
        ws.append(list(row))
    hidden = wb.create_sheet("名单")
    hidden.append([SAMPLE_MARK])
    for row in NAMES:
        hidden.append(list(row))
    hidden.sheet_state = "hidden"
    _fixed_dates(wb)
    buf = io.BytesIO()
    wb.save(buf)
    return normalize_zip(_pin_modified(buf.getvalue()))


def encrypt_ooxml(data: bytes, password: str = "secmark") -> bytes:
    """An OOXML package encrypted with a password (an OLE file with EncryptedPackage)."""
    from msoffcrypto.format.ooxml import OOXMLFile
    out = io.BytesIO()
    OOXMLFile(io.BytesIO(data)).encrypt(password, out)
    return out.getvalue()
