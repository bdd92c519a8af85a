"""Mail scanned through the CLI: subject, headers, bodies in Chinese charsets, attachments at
any depth as nested parts with their own verdicts, forwarded mail, Outlook .msg."""
import json
from email.mime.multipart import MIMEMultipart
from pathlib import Path

import jsonschema
import pytest
from mailkit import AMBIGUOUS, MARKED_TEXT, PUBLIC_TEXT, gbk_text, message, outlook_style, word, zip_of
from test_ocr import MARKED_SCAN, FakeEngine

from scanner import cli, ocr
from scanner.extractors import sniff

SCHEMA = json.loads((Path(__file__).parent.parent / "docs" / "report-schema.json").read_text())
TODAY = ["--today", "2026-11-26"]


def scan(tmp_path, capsys, name: str, data: bytes, *extra: str) -> tuple[int, dict]:
    path = tmp_path / name
    path.write_bytes(data)
    code = cli.main(["scan", str(path), "--format", "json", "--profile", "email", *TODAY,
                     *extra])
    out = capsys.readouterr().out
    report = json.loads(out)
    jsonschema.validate(report, SCHEMA)
    return code, report["files"][0]


def part(entry: dict, path: str) -> dict:
    """The nested report entry of a part path."""
    for child in entry["parts"]:
        if child["path"] == path:
            return child
        try:
            return part(child, path)
        except KeyError:
            pass
    raise KeyError(path)


def codes(entry: dict) -> list[str]:
    return [f["code"] for f in entry["findings"]]


def test_clean_message_with_clean_attachments_passes(tmp_path, capsys):
    data = message("周例会通知", "各位同事：周五下午三点开会。",
                   attachments=[("议程.docx", word(*PUBLIC_TEXT.splitlines())),
                                ("说明.txt", PUBLIC_TEXT.encode("utf-8"))])
    code, entry = scan(tmp_path, capsys, "mail.eml", data)
    assert code == 0 and entry["verdict"] == "pass", entry
    assert entry["format"] == "email"
    assert [c["path"] for c in entry["parts"]] == ["议程.docx", "说明.txt"]
    assert [c["format"] for c in entry["parts"]] == ["docx", "text"]


def test_marked_docx_attachment_blocks_the_message_with_its_level(tmp_path, capsys):
    data = message("材料", "请查收附件。",
                   attachments=[("公开.txt", PUBLIC_TEXT.encode()),
                                ("名单.docx", word(*MARKED_TEXT.splitlines()))])
    code, entry = scan(tmp_path, capsys, "mail.eml", data)
    assert code == 1 and entry["verdict"] == "block" and entry["level"] == "机密"
    marked = part(entry, "名单.docx")
    assert marked["verdict"] == "block" and marked["level"] == "机密"
    assert "MARKED_CLASSIFIED" in codes(marked)
    assert marked["findings"][0]["location"]["part"] == "名单.docx"
    assert part(entry, "公开.txt")["verdict"] == "pass"
    assert codes(entry) == []            # the message itself is clean: the part is not


def test_zip_inside_zip_inside_mail_gives_the_nested_path(tmp_path, capsys):
    inner = zip_of({"名单.docx": word(*MARKED_TEXT.splitlines()), "说明.txt": b"hello"})
    outer = zip_of({"资料/内层.zip": inner, "readme.txt": PUBLIC_TEXT.encode()})
    data = message("资料", "见附件", attachments=[("附件.zip", outer)])
    code, entry = scan(tmp_path, capsys, "mail.eml", data)
    deep = part(entry, "附件.zip!资料/内层.zip!名单.docx")
    assert deep["level"] == "机密" and deep["verdict"] == "block"
    assert deep["findings"][0]["location"]["part"] == "附件.zip!资料/内层.zip!名单.docx"
    assert part(entry, "附件.zip")["level"] == "机密"          # highest of its parts (§1)
    assert part(entry, "附件.zip!readme.txt")["verdict"] == "pass"
    assert entry["level"] == "机密" and code == 1


def test_text_report_shows_the_nested_parts(tmp_path, capsys):
    outer = zip_of({"名单.txt": MARKED_TEXT.encode()})
    path = tmp_path / "mail.eml"
    path.write_bytes(message("资料", "见附件", attachments=[("附件.zip", outer)]))
    assert cli.main(["scan", str(path), *TODAY]) == 1
    out = capsys.readouterr().out
    assert "附件.zip!名单.txt" in out and "标有国家秘密标志「机密★10年」" in out


def test_subject_is_a_mark_place(tmp_path, capsys):
    code, entry = scan(tmp_path, capsys, "mail.eml", message("【机密】关于名单的报告", "见附件"))
    marks = entry["marks"]
    assert marks and marks[0]["location"]["region"] == "subject" and marks[0]["level"] == "机密"
    assert entry["verdict"] == "block"


def test_gbk_body_declared_gb2312_with_characters_gb2312_lacks(tmp_path, capsys):
    msg = MIMEMultipart()
    msg["Subject"] = "=?GB2312?B?uaTX99bYtePKwc/u?="      # 工作重点事项, RFC 2047 in GB2312
    msg["From"] = "a@example.cn"
    msg.attach(gbk_text("朱镕基同志讲话摘要\n内部资料　注意保存\n"))
    code, entry = scan(tmp_path, capsys, "gbk.eml", msg.as_bytes())
    assert entry["marking"] == "internal" and code == 1
    assert "UNREADABLE" not in codes(entry)


@pytest.mark.parametrize("declared,encoding", [
    ("gbk", "gbk"), ("gb18030", "gb18030"), ("big5", "big5"), ("utf-8", "utf-8"),
    ("x-unknown", "gbk"),             # a charset nobody knows
    ("gb2312", "utf-8"),              # UTF-8 labelled GB2312 by a careless client
    ("us-ascii", "gbk")])             # GBK labelled ASCII
def test_bodies_in_other_charsets_or_broken_declarations(tmp_path, capsys, declared, encoding):
    body = "秘密★1年\n人員名單\n" if encoding == "big5" else "秘密★1年\n人员名单\n"
    msg = MIMEMultipart()
    msg["Subject"] = "x"
    text = gbk_text(body, declared)
    import base64
    text.set_payload(base64.b64encode(body.encode(encoding)).decode())
    msg.attach(text)
    code, entry = scan(tmp_path, capsys, "m.eml", msg.as_bytes())
    assert entry["level"] == "秘密", entry


def test_outlook_style_encoded_words_in_quoted_attachment_name(tmp_path, capsys):
    data = outlook_style("周报", "见附件", "【秘密】周报.txt", PUBLIC_TEXT.encode())
    code, entry = scan(tmp_path, capsys, "m.eml", data)
    child = entry["parts"][0]
    assert child["path"] == "【秘密】周报.txt"
    assert child["marks"][0]["form"] == "filename" and child["level"] == "秘密"


def test_rfc2231_attachment_name_declared_gb2312(tmp_path, capsys):
    from urllib.parse import quote_from_bytes
    raw = message("x", "见附件", attachments=[("placeholder.txt", PUBLIC_TEXT.encode())])
    encoded = quote_from_bytes("机密★5年_名单镕.txt".encode("gbk"))
    raw = raw.replace(b'filename="placeholder.txt"',
                      f"filename*=gb2312''{encoded}".encode("ascii"))
    code, entry = scan(tmp_path, capsys, "m.eml", raw)
    assert entry["parts"][0]["path"] == "机密★5年_名单镕.txt"
    assert entry["parts"][0]["level"] == "机密"


def test_forwarded_message_is_read_recursively(tmp_path, capsys):
    original = message("原始邮件", "请看附件", attachments=[("名单.txt", MARKED_TEXT.encode())])
    data = message("转发：原始邮件", "转给你看看", forwarded=[original])
    code, entry = scan(tmp_path, capsys, "fw.eml", data)
    forwarded = entry["parts"][0]
    assert forwarded["format"] == "email" and forwarded["path"].endswith(".eml")
    deep = forwarded["parts"][0]
    assert deep["path"] == forwarded["path"] + "!名单.txt" and deep["level"] == "机密"
    assert entry["verdict"] == "block" and entry["level"] == "机密"


def test_html_body_is_read_by_the_html_reader(tmp_path, capsys):
    data = message("通知", "见下文", html="<html><body><p>绝密★启用前</p><p>试题</p></body></html>")
    code, entry = scan(tmp_path, capsys, "m.eml", data)
    assert entry["level"] == "绝密"


def test_image_attachment_is_read_by_ocr(tmp_path, capsys):
    import io

    from PIL import Image
    png = io.BytesIO()
    Image.new("L", (1240, 1754), 255).save(png, format="PNG")
    old = ocr.set_engine(FakeEngine(MARKED_SCAN))
    try:
        code, entry = scan(tmp_path, capsys, "m.eml",
                           message("扫描件", "见附件", attachments=[("scan.png", png.getvalue())]))
    finally:
        ocr.set_engine(old)
    assert entry["parts"][0]["format"] == "image" and entry["level"] == "机密"


def test_eml_is_sniffed_without_its_extension():
    assert sniff("noname", message("x", "y")) == "email"
    assert sniff("notes.txt", b"From: a\nTo: b\n\nhello") == "text"


def test_broken_outlook_msg_is_unreadable_never_clean(tmp_path, capsys):
    fake = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 4000
    code, entry = scan(tmp_path, capsys, "mail.msg", fake)
    assert entry["format"] == "msg" and codes(entry) == ["UNREADABLE"] and code == 1


def test_rar_is_unsupported_never_clean(tmp_path, capsys):
    code, entry = scan(tmp_path, capsys, "x.rar", b"Rar!\x1a\x07\x01\x00" + b"\0" * 100)
    assert codes(entry) == ["UNSUPPORTED_FORMAT"] and entry["verdict"] == "block"


class FakeAttachment:
    def __init__(self, name, data):
        self.longFilename, self.data = name, data


class FakeOutlook:
    """What extract-msg hands back for an Outlook message (no .msg writer exists to build a
    real one in a test)."""
    def __init__(self, subject, body, attachments=(), html=None):
        self.subject, self.body, self.htmlBody = subject, body, html
        self.sender, self.to, self.cc, self.bcc, self.date = "张三 <a@b.cn>", "x@y.com", None, None, None
        self.attachments = list(attachments)

    def exportBytes(self):
        return b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1 embedded " + self.subject.encode()

    def close(self):
        pass


def test_outlook_msg_subject_body_and_attachments(tmp_path, capsys, monkeypatch):
    import extract_msg
    embedded = FakeOutlook("【机密】原始邮件", "正文")
    outer = FakeOutlook("周报", "各位：\n内部资料\n", [
        FakeAttachment("名单.txt", MARKED_TEXT.encode()), FakeAttachment("原始邮件", embedded)])
    opened = iter([outer, embedded])
    monkeypatch.setattr(extract_msg, "openMsg", lambda data, **kw: next(opened))
    code, entry = scan(tmp_path, capsys, "mail.msg",
                       b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600)
    assert entry["format"] == "msg" and entry["marking"] != "none"
    assert [c["path"] for c in entry["parts"]] == ["名单.txt", "原始邮件.msg"]
    assert entry["parts"][0]["level"] == "机密"
    inner = entry["parts"][1]
    assert inner["format"] == "msg" and inner["marks"][0]["location"]["region"] == "subject"


def levels(entry: dict):
    yield entry.get("level")
    for child in entry["parts"]:
        yield from levels(child)


# Whether the marked attachment can be found in another reading (a boundary can be guessed,
# a header kept alone), or only the ambiguity itself can be reported (a nested part's two
# transfer encodings: the part is read the standard library's way, and refused).
FOUND_IN_ANOTHER_READING = {"boundary never appears": True, "multipart without boundary": True,
                            "two content-type headers": True, "two boundaries": True,
                            "a header line that is no header": True,
                            "two transfer encodings": False}


@pytest.mark.parametrize("case", sorted(AMBIGUOUS))
def test_mail_read_two_ways_is_unreadable_and_every_reading_is_scanned(tmp_path, capsys, case):
    code, entry = scan(tmp_path, capsys, "mail.eml", AMBIGUOUS[case])
    assert code == 1 and entry["verdict"] == "block"
    (ambiguous,) = [f for f in entry["findings"] if f["code"] == "UNREADABLE"]
    assert "邮件结构有歧义" in ambiguous["message"]
    assert ("机密" in levels(entry)) == FOUND_IN_ANOTHER_READING[case]


def test_the_same_mail_read_one_way_is_not_called_ambiguous(tmp_path, capsys):
    one_way = AMBIGUOUS["two content-type headers"].replace(b"Content-Type: text/plain\r\n", b"",
                                                            1)
    code, entry = scan(tmp_path, capsys, "mail.eml", one_way)
    assert code == 1 and codes(entry) == []      # blocked for the attachment alone
    assert part(entry, "list.docx")["level"] == "机密"
