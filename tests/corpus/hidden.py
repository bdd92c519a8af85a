"""Corpus of disagreeing places and hidden layers, as DOCX, PDF and HTML, next to
clean look-alikes: the same documents with places that agree and hidden layers that hold
nothing (a deleted typo, a formatting comment, the invisible OCR layer of a scan…).

    from tests.corpus.hidden import generate
    for case in generate(seed=2026): case.name, case.fmt, case.kind, case.expect, case.data

case.expect is (code, layer) for a positive, None for a look-alike.
"""
from __future__ import annotations

import io
import random
import re
from dataclasses import dataclass

LEVELS = ("绝密", "机密", "秘密")
MAX_YEARS = {"绝密": 30, "机密": 20, "秘密": 10}
INTERNAL = ("内部资料", "内部", "工作秘密", "内部资料　注意保存", "（此件不公开）")
SCOPE = (
    "拟提名王建国同志为市财政局局长人选，请于3月20日前完成考察。",
    "涉密网络服务器地址为10.12.3.4，管理员口令：Abc#2026x。",
    "省委书记将于5月12日上午9时抵达我市视察，途经中山路12号。",
    "DF-41型导弹试验数据：射程 12000 千米，命中精度 50 米。",
    "后备干部名单：张三同志，男，1978年出生，拟任副局长。",
    "经研究，拟任李明同志为办公室主任，不再担任副主任职务。",
)
HARMLESS = ("请核对第三段的数字。", "此处改为“公开”。", "格式按公文格式调整。", "会议议程：上午九点开会，请准时参加。",
            "不该说的秘密不说，不该问的秘密不问。", "机密级文件的管理要求见附件。", "《绝密使命》观后感")
TITLES = ("关于做好2026年安全生产工作的通知", "关于召开全市教育工作会议的通知", "关于开展档案清理工作的通知",
          "关于加强节能降耗管理的意见")
BODY = ("各单位：", "　　为做好有关工作，现将有关事项通知如下。", "　　一、提高认识，加强组织领导。",
        "　　二、明确任务，落实工作责任。", "　　三、加强督查，确保工作实效。", "××市人民政府办公室",
        "2026年3月12日")

# kind -> formats; positives expect (code, layer), look-alikes expect None
HIDDEN_KINDS = {
    "docx": ("tracked-deletion", "comment", "hidden", "white-text", "tiny-text", "highlight"),
    "pdf": ("invisible", "off-page", "annotation", "form-field", "xmp"),
    "html": ("html-comment", "commented-markup", "display-none", "visibility-hidden",
             "hidden-attr", "alt", "title-attr", "meta", "hidden-input"),
}
LAYER_OF = {"highlight": "white-text", "commented-markup": "html-comment",
            "display-none": "hidden", "visibility-hidden": "hidden", "hidden-attr": "hidden",
            "alt": "alt-text", "title-attr": "alt-text", "hidden-input": "form-field"}
PLACE_KINDS = {
    "docx": ("filename", "header", "properties", "attachment", "public-note", "name-only"),
    "pdf": ("filename", "header", "properties", "attachment", "public-note", "name-only"),
    "html": ("filename", "attachment", "public-note", "name-only"),
}
FORMATS = ("docx", "pdf", "html")


@dataclass
class Case:
    name: str
    fmt: str
    kind: str
    expect: tuple[str, str | None] | None
    payload: str
    data: bytes

    def __repr__(self) -> str:
        return f"Case({self.name!r}, {self.kind}, {self.payload!r} -> {self.expect})"


@dataclass
class Spec:
    """A document: lines of the body (a None line is a page break), its file name, a
    header, properties, and one hidden item (kind, text) or None."""
    name: str
    lines: list
    header: str | None = None
    keywords: str | None = None
    hidden: tuple[str, str] | None = None


# ---- marks -------------------------------------------------------------------------------

def mark(rng: random.Random, level: str, years: int | None = None) -> str:
    if years is None:
        form = rng.choice(("years", "years", "long", "condition", "none"))
        if form == "long":
            return f"{level}★长期"
        if form == "condition":
            return f"{level}★启用前"
        if form == "none":
            return level
        years = rng.randint(1, MAX_YEARS[level])
    return f"{level}★{years}年"


def payload(rng: random.Random, i: int) -> str:
    """What a hidden layer holds: a mark, an internal mark or scope content, in turn."""
    what = i % 3
    if what == 0:
        return mark(rng, rng.choice(LEVELS))
    if what == 1:
        return rng.choice(INTERNAL)
    return rng.choice(SCOPE)


def base_lines(rng: random.Random, top: str | None = None) -> list:
    lines = ([top] if top else []) + [rng.choice(TITLES)] + list(BODY)
    return lines


# ---- DOCX --------------------------------------------------------------------------------

W_NS = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def _esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def to_docx(spec: Spec) -> bytes:
    import docx
    from docx.enum.text import WD_COLOR_INDEX
    from docx.oxml import parse_xml
    from docx.shared import Pt, RGBColor

    from .render import normalize_zip
    d = docx.Document()
    if spec.header:
        d.sections[0].header.paragraphs[0].text = spec.header
    hidden_at = 2 if spec.hidden else -1
    for k, line in enumerate(spec.lines):
        if k == hidden_at:
            _docx_hidden(d, *spec.hidden, parse_xml, Pt, RGBColor, WD_COLOR_INDEX)
        if line is None:
            d.add_page_break()
        else:
            d.add_paragraph(line)
    props = d.core_properties
    import datetime as dt
    props.created = props.modified = dt.datetime(2026, 3, 12, 9, 0)
    props.author = props.last_modified_by = "办公室"
    props.title = spec.lines[1] if len(spec.lines) > 1 and spec.lines[1] else ""
    if spec.keywords:
        props.keywords = spec.keywords
    buf = io.BytesIO()
    d.save(buf)
    return normalize_zip(buf.getvalue())


def _docx_hidden(d, kind, text, parse_xml, Pt, RGBColor, WD_COLOR_INDEX):
    if kind == "tracked-deletion":
        p = d.add_paragraph()
        p._p.append(parse_xml(f'<w:del {W_NS} w:id="90" w:author="张" '
                              f'w:date="2026-03-10T09:00:00Z"><w:r><w:delText xml:space='
                              f'"preserve">{_esc(text)}</w:delText></w:r></w:del>'))
    elif kind == "deleted-word":           # look-alike: a word deleted inside a sentence
        before, word, after = text.partition("秘密")
        p = d.add_paragraph(before)
        p._p.append(parse_xml(f'<w:del {W_NS} w:id="91" w:author="张" '
                              f'w:date="2026-03-10T09:00:00Z"><w:r><w:delText>{word}'
                              f'</w:delText></w:r></w:del>'))
        p.add_run(after)
    elif kind == "inserted":               # look-alike: a tracked insertion is visible text
        p = d.add_paragraph()
        p._p.append(parse_xml(f'<w:ins {W_NS} w:id="92" w:author="张" '
                              f'w:date="2026-03-10T09:00:00Z"><w:r><w:t>{_esc(text)}</w:t>'
                              f'</w:r></w:ins>'))
    elif kind == "comment":
        p = d.add_paragraph("请审阅以上内容。")
        comment = d.add_comment(p.runs, text=text, author="张", initials="Z")
        comment._comment_elm.set(
            "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}date",
            "2026-03-10T09:00:00Z")                  # python-docx stamps the clock time
    elif kind == "hidden":
        d.add_paragraph().add_run(text).font.hidden = True
    elif kind == "white-text":
        d.add_paragraph().add_run(text).font.color.rgb = RGBColor(0xFF, 0xFF, 0xFF)
    elif kind == "tiny-text":
        d.add_paragraph().add_run(text).font.size = Pt(1)
    elif kind == "highlight":
        run = d.add_paragraph().add_run(text)
        run.font.highlight_color = WD_COLOR_INDEX.YELLOW
        run.font.color.rgb = RGBColor(0xFF, 0xFF, 0x00)
    elif kind == "white-on-dark":          # look-alike: white text on a dark paragraph
        p = d.add_paragraph()
        p.add_run(text).font.color.rgb = RGBColor(0xFF, 0xFF, 0xFF)
        p._p.get_or_add_pPr().append(parse_xml(
            f'<w:shd {W_NS} w:val="clear" w:color="auto" w:fill="1F3864"/>'))
    else:
        raise ValueError(kind)


# ---- PDF ---------------------------------------------------------------------------------

def to_pdf(spec: Spec) -> bytes:
    from reportlab.pdfgen import canvas

    from .render import A4_H, A4_W, FONT, LEFT, _register
    _register()
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=(A4_W, A4_H), invariant=1)
    if spec.keywords:
        c.setKeywords(spec.keywords)
    c.setTitle(spec.lines[1] if len(spec.lines) > 1 and spec.lines[1] else "")
    field_value = None
    y = A4_H - 80

    def header():
        if spec.header:
            c.setFont(FONT, 10.5)
            c.drawRightString(A4_W - 74, A4_H - 36, spec.header)
    header()
    for k, line in enumerate(spec.lines):
        if k == 2 and spec.hidden:
            field_value = _pdf_hidden(c, *spec.hidden, y=y - 300)
        if line is None:
            c.showPage()
            header()
            y = A4_H - 80
            continue
        c.setFont(FONT, 16)
        c.drawString(LEFT, y, line)
        y -= 28
    c.showPage()
    c.save()
    data = buf.getvalue()
    if field_value is not None:
        placeholder, value = field_value
        data = data.replace(b"/V (" + placeholder + b")", b"/V " + value)
    if spec.hidden and spec.hidden[0] in ("xmp", "xmp-plain"):
        data = add_xmp(data, spec.hidden[1])
    return data


def _pdf_hidden(c, kind, text, y):
    from .render import A4_H, FONT, LEFT
    if kind == "ocr-layer":
        y = A4_H - 45                      # a scan's mark line stands at the top
    if kind in ("invisible", "ocr-layer"):
        if kind == "ocr-layer":            # look-alike: a scan with its OCR text layer
            from PIL import Image
            from reportlab.lib.utils import ImageReader
            img = Image.new("L", (400, 60), 230)
            c.drawImage(ImageReader(img), LEFT - 10, y - 20, width=400, height=60)
        t = c.beginText(LEFT, y)
        t.setFont(FONT, 16)
        t.setTextRenderMode(3)
        t.textLine(text)
        t.setTextRenderMode(0)             # Tr outlives the text object: reset it
        c.drawText(t)
    elif kind == "off-page":
        c.setFont(FONT, 16)
        c.drawString(-900, y, text)
    elif kind == "annotation":
        c.textAnnotation(text, Rect=(LEFT, y, LEFT + 40, y + 40), relative=0)
    elif kind == "form-field":
        value = b"<FEFF" + text.encode("utf-16-be").hex().upper().encode() + b">"
        placeholder = b"X" * (len(value) - 2)
        c.acroForm.textfield(name="field1", value=placeholder.decode(), x=LEFT, y=y,
                             width=200, height=20)
        return placeholder, value
    elif kind in ("xmp", "xmp-plain"):
        pass                               # added after saving
    else:
        raise ValueError(kind)
    return None


def add_xmp(data: bytes, text: str) -> bytes:
    """An incremental update adding an XMP metadata stream to the catalog."""
    m = re.search(rb"(\d+) 0 obj\s*<<([^>]*?/Type /Catalog.*?)>>\s*endobj", data, re.S)
    root, catalog = int(m.group(1)), m.group(2)
    size = int(re.findall(rb"/Size (\d+)", data)[-1])
    prev = int(re.findall(rb"startxref\s+(\d+)", data)[-1])
    info = re.findall(rb"/Info (\d+ 0 R)", data)
    packet = ('<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>'
              '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF '
              'xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
              '<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/">'
              f'<dc:subject><rdf:Bag><rdf:li>{_esc(text)}</rdf:li></rdf:Bag></dc:subject>'
              '</rdf:Description></rdf:RDF></x:xmpmeta><?xpacket end="w"?>').encode()
    out = bytearray(data if data.endswith(b"\n") else data + b"\n")
    meta_at = len(out)
    out += (f"{size} 0 obj\n<< /Type /Metadata /Subtype /XML /Length {len(packet)} >>\n"
            "stream\n").encode() + packet + b"\nendstream\nendobj\n"
    cat_at = len(out)
    out += f"{root} 0 obj\n<<".encode() + catalog + f" /Metadata {size} 0 R >>\nendobj\n".encode()
    xref_at = len(out)
    out += (f"xref\n{root} 1\n{cat_at:010d} 00000 n \n{size} 1\n{meta_at:010d} 00000 n \n"
            f"trailer\n<< /Size {size + 1} /Root {root} 0 R /Prev {prev}"
            + (f" /Info {info[-1].decode()}" if info else "")
            + f" >>\nstartxref\n{xref_at}\n%%EOF\n").encode()
    return bytes(out)


# ---- HTML --------------------------------------------------------------------------------

HTML_HIDDEN = {
    "html-comment": "<!-- {t} -->",
    "commented-markup": "<!-- <div class=\"mark\">{t}</div> -->",
    "display-none": '<div style="display: none">{t}</div>',
    "visibility-hidden": '<p style="visibility:hidden">{t}</p>',
    "hidden-attr": "<p hidden>{t}</p>",
    "alt": '<p><img src="seal.png" alt="{t}"></p>',
    "title-attr": '<p><a href="#" title="{t}">详情</a></p>',
    "meta": "",
    "hidden-input": '<form><input type="hidden" name="level" value="{t}"></form>',
}


def to_html(spec: Spec) -> bytes:
    head = '<meta charset="utf-8">'
    body = []
    for k, line in enumerate(spec.lines):
        if k == 2 and spec.hidden:
            kind, text = spec.hidden
            if kind == "meta":
                head += f'<meta name="keywords" content="{_esc(text)}">'
            else:
                body.append(HTML_HIDDEN[kind].format(t=_esc(text)))
        if line is not None:
            body.append(f"<p>{_esc(line)}</p>")
    title = spec.lines[1] if len(spec.lines) > 1 and spec.lines[1] else ""
    return (f'<!DOCTYPE html><html lang="zh-CN"><head>{head}<title>{_esc(title)}</title>'
            f'</head><body>{"".join(body)}</body></html>').encode()


RENDER = {"docx": to_docx, "pdf": to_pdf, "html": to_html}


# ---- cases -------------------------------------------------------------------------------

def hidden_cases(rng: random.Random, repeat: int) -> list[Case]:
    cases = []
    i = 0
    for fmt, kinds in HIDDEN_KINDS.items():
        for kind in kinds:
            for r in range(repeat):
                text = payload(rng, i)
                if kind in ("meta", "xmp") and text in SCOPE:
                    text = mark(rng, rng.choice(LEVELS))   # property values are words
                i += 1
                top = mark(rng, rng.choice(LEVELS)) if r % 4 == 3 else None  # marked docs too
                spec = Spec(f"通知{i}.{fmt}", base_lines(rng, top), hidden=(kind, text))
                cases.append(Case(f"hidden_{i:03d}_{kind}.{fmt}", fmt, kind,
                                  ("HIDDEN_CONTENT", LAYER_OF.get(kind, kind)), text,
                                  RENDER[fmt](spec)))
    return cases


# Look-alikes: (kind, formats, text source)
CLEAN_HIDDEN = {
    "docx": ("tracked-deletion", "comment", "hidden", "white-text", "tiny-text", "highlight",
             "deleted-word", "inserted", "white-on-dark"),
    "pdf": ("invisible", "off-page", "annotation", "form-field", "xmp", "ocr-layer"),
    "html": tuple(HIDDEN_KINDS["html"]),
}


def clean_hidden_cases(rng: random.Random, repeat: int) -> list[Case]:
    cases = []
    i = 0
    for fmt, kinds in CLEAN_HIDDEN.items():
        for kind in kinds:
            for _r in range(repeat):
                i += 1
                if kind == "deleted-word":
                    text = "不该说的秘密不说"
                elif kind in ("inserted", "white-on-dark", "ocr-layer"):
                    text = mark(rng, rng.choice(LEVELS))   # visible: a mark, not hidden
                elif kind in ("meta", "xmp"):
                    text = rng.choice(("通知,安全生产", "会议通知", "办公室,工作要点"))
                else:
                    text = rng.choice(HARMLESS)
                top = text if kind in ("inserted", "white-on-dark", "ocr-layer") else None
                lines = base_lines(rng, None)
                spec = Spec(f"通知{i}.{fmt}", lines, hidden=(kind, text))
                cases.append(Case(f"clean_hidden_{i:03d}_{kind}.{fmt}", fmt, kind, None,
                                  text if top is None else f"visible {text}",
                                  RENDER[fmt](spec)))
    return cases


def place_spec(rng: random.Random, kind: str, fmt: str, clean: bool, i: int) -> Spec:
    """A document whose places disagree (or, clean, agree) in the way kind names."""
    level = rng.choice(LEVELS[:2])                 # 绝密 or 机密 above, 秘密 below
    low = LEVELS[LEVELS.index(level) + 1]
    own = mark(rng, level, rng.randint(1, MAX_YEARS[level]))
    other = own if clean else mark(rng, low, rng.randint(1, MAX_YEARS[low]))
    lines = base_lines(rng, own)
    name = f"通知{'c' if clean else ''}{i}.{fmt}"
    spec = Spec(name, lines)
    if kind == "filename":
        tag = rng.choice(("【{}】", "[{}]", "（{}）", "{}_"))
        spec.name = tag.format(other.split("★")[0]) + name
    elif kind == "header":
        spec.header = other
        spec.lines = lines + [None, "　　（续）有关事项如下。"]   # two pages: a running header
    elif kind == "properties":
        spec.keywords = other.split("★")[0] + ",通知"
    elif kind == "attachment":
        # the main text carries the lower mark, the attachment the higher one (or lower)
        main, attached = (own, mark(rng, low, 5)) if clean else (other, own)
        spec.lines = [main] + lines[1:] + [None, "附件", attached, "有关名单", "一、……"]
        if fmt == "html":                          # no pages: the attachment is far down
            spec.lines = [main] + lines[1:] + ["　　……"] * 4 + ["附件", attached, "有关名单"]
    elif kind == "public-note":
        note = rng.choice(("（此件公开发布）", "（此件主动公开）", "（此件依申请公开）"))
        spec.lines = ([] if clean else [rng.choice((own, rng.choice(INTERNAL[:3])))]) \
            + lines[1:] + [note]
    elif kind == "name-only":
        spec.lines = lines[1:]                     # the body carries no mark
        if clean:
            spec.name = rng.choice(("机密文件管理办法", "秘密花园读后感", "内部控制手册")) + f"{i}.{fmt}"
        else:
            spec.name = f"【{level}】" + name
    return spec


def place_cases(rng: random.Random, repeat: int, clean: bool) -> list[Case]:
    cases = []
    i = 0
    for fmt, kinds in PLACE_KINDS.items():
        for kind in kinds:
            for _ in range(repeat):
                i += 1
                spec = place_spec(rng, kind, fmt, clean, i)
                code = "PUBLIC_NOTE_CONFLICT" if kind == "public-note" else "INCONSISTENT_LEVEL"
                cases.append(Case(spec.name, fmt, kind, None if clean else (code, None),
                                  f"{spec.header or ''} {spec.keywords or ''} {spec.lines[0]}",
                                  RENDER[fmt](spec)))
    return cases


def generate(seed: int = 2026, repeat: int = 6) -> list[Case]:
    """Every hidden layer and every kind of disagreement `repeat` times per format, and as
    many clean look-alikes."""
    rng = random.Random(seed)
    return (hidden_cases(rng, repeat) + clean_hidden_cases(rng, repeat)
            + place_cases(rng, repeat, clean=False) + place_cases(rng, repeat, clean=True))
