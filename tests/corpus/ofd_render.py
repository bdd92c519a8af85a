"""Write an OFD package (GB/T 33190-2016 structure) from the render.Doc model: OFD.xml with
DocInfo, Doc_0/Document.xml with the PhysicalBox, one Content.xml per page with one
TextObject per line (Boundary and TextCode X/Y in mm), optional annotations, signatures
and a picture resource. Deterministic: fixed zip times."""
from __future__ import annotations

import io
import zipfile
from xml.sax.saxutils import escape, quoteattr

from tests.corpus.render import FIXED_ZIP_TIME, Doc, Line, PageBreak, Table, TextBox

NS = 'xmlns:ofd="http://www.ofdspec.org/2016"'
LEFT, TOP, WIDTH, HEIGHT = 28.0, 37.0, 210.0, 297.0
PT = 0.3528                      # mm per point


def _text_object(oid: int, x: float, y: float, text: str, size_mm: float) -> str:
    width = max(size_mm, size_mm * len(text))
    return (f'<ofd:TextObject ID="{oid}" '
            f'Boundary="{x:.2f} {y:.2f} {width:.2f} {size_mm * 1.2:.2f}" '
            f'Font="1" Size="{size_mm:.2f}"><ofd:TextCode X="0" Y="{size_mm:.2f}">'
            f'{escape(text)}</ofd:TextCode></ofd:TextObject>')


def _lines(doc: Doc):
    """(page, x mm, text, size mm) of every line, laid out top to bottom."""
    y = TOP
    pages: list[list] = [[]]
    for item in doc.items:
        if isinstance(item, PageBreak) or y > HEIGHT - 35:
            pages.append([])
            y = TOP
            if isinstance(item, PageBreak):
                continue
        if isinstance(item, Line):
            rows = [(item.text, item.align, item.size)]
            if item.right:
                rows.append((item.right, "right", item.size))
        elif isinstance(item, Table):
            rows = [("\u3000".join(r), "left", 14) for r in item.rows]
        elif isinstance(item, TextBox):
            rows = [(item.text, item.align, 16)]
        else:
            continue
        for n, (text, align, size) in enumerate(rows):
            size_mm = size * PT
            width = size_mm * len(text)
            x = {"left": LEFT, "center": (WIDTH - width) / 2,
                 "right": WIDTH - 26 - width}.get(align, LEFT)
            if text.strip():
                pages[-1].append((x, y, text, size_mm))
            if n == len(rows) - 1 or not (item.__class__ is Line and item.right):
                y += size_mm * 1.75
    return pages


def to_ofd(doc: Doc, annotation: str | None = None, signed: bool = False,
           custom: dict | None = None, image: bytes | None = None) -> bytes:
    files: dict[str, str | bytes] = {}
    pages = _lines(doc)
    if doc.header:
        for page in pages:
            page.insert(0, (WIDTH - 26 - 10.5 * PT * len(doc.header), 15.0, doc.header,
                            10.5 * PT))
    oid = 10
    page_refs = []
    for k, page in enumerate(pages):
        objs = []
        for x, y, text, size in page:
            oid += 1
            objs.append(_text_object(oid, x, y, text, size))
        if image is not None and k == 0:
            oid += 1
            objs.append(f'<ofd:ImageObject ID="{oid}" ResourceID="5" Boundary="28 120 150 150" '
                        'CTM="150 0 0 150 0 0"/>')
        files[f"Doc_0/Pages/Page_{k}/Content.xml"] = (
            f'<?xml version="1.0" encoding="UTF-8"?><ofd:Page {NS}><ofd:Content>'
            f'<ofd:Layer ID="{k + 2}">{"".join(objs)}</ofd:Layer></ofd:Content></ofd:Page>')
        page_refs.append(f'<ofd:Page ID="{100 + k}" BaseLoc="Pages/Page_{k}/Content.xml"/>')
    annots = ""
    if annotation:
        annots = "<ofd:Annotations>Annots/Annotations.xml</ofd:Annotations>"
        files["Doc_0/Annots/Annotations.xml"] = (
            f'<?xml version="1.0" encoding="UTF-8"?><ofd:Annotations {NS}>'
            '<ofd:Page PageID="100"><ofd:FileLoc>Page_0/Annotation.xml</ofd:FileLoc></ofd:Page>'
            '</ofd:Annotations>')
        files["Doc_0/Annots/Page_0/Annotation.xml"] = (
            f'<?xml version="1.0" encoding="UTF-8"?><ofd:PageAnnot {NS}>'
            f'<ofd:Annot ID="900" Type="Stamp"><ofd:Remark>{escape(annotation)}</ofd:Remark>'
            '</ofd:Annot></ofd:PageAnnot>')
    res = ""
    if image is not None:
        res = "<ofd:DocumentRes>DocumentRes.xml</ofd:DocumentRes>"
        files["Doc_0/DocumentRes.xml"] = (
            f'<?xml version="1.0" encoding="UTF-8"?><ofd:Res {NS} BaseLoc="Res">'
            '<ofd:MultiMedias><ofd:MultiMedia ID="5" Type="Image">'
            '<ofd:MediaFile>image_5.png</ofd:MediaFile></ofd:MultiMedia></ofd:MultiMedias>'
            '</ofd:Res>')
        files["Doc_0/Res/image_5.png"] = image
    files["Doc_0/Document.xml"] = (
        f'<?xml version="1.0" encoding="UTF-8"?><ofd:Document {NS}><ofd:CommonData>'
        f'<ofd:MaxUnitID>{oid + 1}</ofd:MaxUnitID><ofd:PageArea>'
        f'<ofd:PhysicalBox>0 0 {WIDTH:.0f} {HEIGHT:.0f}</ofd:PhysicalBox></ofd:PageArea>'
        f'<ofd:PublicRes>PublicRes.xml</ofd:PublicRes>{res}</ofd:CommonData>'
        f'<ofd:Pages>{"".join(page_refs)}</ofd:Pages>{annots}</ofd:Document>')
    files["Doc_0/PublicRes.xml"] = (
        f'<?xml version="1.0" encoding="UTF-8"?><ofd:Res {NS} BaseLoc="Res"><ofd:Fonts>'
        '<ofd:Font ID="1" FontName="宋体" FamilyName="宋体"/></ofd:Fonts></ofd:Res>')
    sigs = ""
    if signed:
        sigs = "<ofd:Signatures>Doc_0/Signs/Signatures.xml</ofd:Signatures>"
        files["Doc_0/Signs/Signatures.xml"] = (
            f'<?xml version="1.0" encoding="UTF-8"?><ofd:Signatures {NS}>'
            '<ofd:Signature ID="1" Type="Seal" BaseLoc="Sign_0/Signature.xml"/></ofd:Signatures>')
    customs = "".join(f"<ofd:CustomData Name={quoteattr(k)}>{escape(v)}</ofd:CustomData>"
                      for k, v in (custom or {}).items())
    files["OFD.xml"] = (
        f'<?xml version="1.0" encoding="UTF-8"?><ofd:OFD {NS} Version="1.0" DocType="OFD">'
        f'<ofd:DocBody><ofd:DocInfo><ofd:DocID>0c9a1d3e5f7b4a2c8e6d0b1a3c5e7f90</ofd:DocID>'
        f'<ofd:Title>{escape(doc.title)}</ofd:Title>'
        f'<ofd:CreationDate>{doc.date.isoformat()}</ofd:CreationDate>'
        f'{"<ofd:CustomDatas>" + customs + "</ofd:CustomDatas>" if customs else ""}'
        f'</ofd:DocInfo><ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot>{sigs}</ofd:DocBody>'
        '</ofd:OFD>')
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name in sorted(files, key=lambda n: (n != "OFD.xml", n)):
            data = files[name]
            z.writestr(zipfile.ZipInfo(name, date_time=FIXED_ZIP_TIME),
                       data.encode("utf-8") if isinstance(data, str) else data)
    return out.getvalue()
