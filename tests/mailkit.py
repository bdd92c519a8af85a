"""Builders for the mail and archive tests: messages, attachments and archives made in
memory, and an SMTP sink that records what reaches the upstream."""
from __future__ import annotations

import asyncio
import io
import tarfile
import threading
import zipfile
from email.message import EmailMessage
from email.mime.application import MIMEApplication
from email.mime.multipart import MIMEMultipart
from email.mime.nonmultipart import MIMENonMultipart

import docx
from aiosmtpd.smtp import SMTP

MARKED_TEXT = "000123\n机密★10年\n特急\n关于人员调整的通知\n各单位：现将有关事项通知如下。\n"
PUBLIC_TEXT = "关于开展保密宣传月活动的通知\n各单位：保守国家秘密是每个公民的义务。\n请认真组织学习。\n"


def word(*lines: str) -> bytes:
    document = docx.Document()
    for line in lines:
        document.add_paragraph(line)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def zip_of(members: dict[str, bytes], gbk_names: bool = False) -> bytes:
    """gbk_names: names stored as GBK bytes without the UTF-8 flag (Chinese Windows tools)."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            info = zipfile.ZipInfo(name, date_time=(2026, 3, 12, 9, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, data)
    data = buf.getvalue()
    if gbk_names:
        data = _gbk_names(data, members)
    return data


def _gbk_names(data: bytes, members: dict[str, bytes]) -> bytes:
    """Rewrite the stored names as GBK and clear the UTF-8 flag (same length needed: the
    names are padded with spaces when GBK is shorter, which it always is for Chinese)."""
    for name in members:
        utf8, gbk = name.encode("utf-8"), name.encode("gbk")
        if utf8 == gbk:
            continue
        stem, dot, ext = name.rpartition(".")
        padded = (stem.encode("gbk") + b"_" * (len(utf8) - len(gbk)) + (b"." + ext.encode()
                                                                         if dot else b""))
        assert len(padded) == len(utf8)
        data = data.replace(utf8, padded)
    # general purpose flag: local headers at +6, central directory at +8
    out = bytearray(data)
    for sig, offset in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        i = out.find(sig)
        while i >= 0:
            flag = int.from_bytes(out[i + offset:i + offset + 2], "little") & ~0x800
            out[i + offset:i + offset + 2] = flag.to_bytes(2, "little")
            i = out.find(sig, i + 4)
    return bytes(out)


def gbk_padded(name: str) -> str:
    """The name _gbk_names stores for a Chinese name."""
    stem, dot, ext = name.rpartition(".")
    pad = len(name.encode("utf-8")) - len(name.encode("gbk"))
    return stem + "_" * pad + (dot + ext if dot else "")


def encrypt_flag(data: bytes) -> bytes:
    """Mark every member as encrypted (flag bit 0), as a password-protected zip is."""
    out = bytearray(data)
    for sig, offset in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        i = out.find(sig)
        while i >= 0:
            out[i + offset] |= 0x01
            i = out.find(sig, i + 4)
    return bytes(out)


def tar_of(members: dict[str, bytes], mode: str = "w") -> bytes:
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode=mode, format=tarfile.GNU_FORMAT,
                      encoding="utf-8") as archive:
        for name, data in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
    return buf.getvalue()


def message(subject: str = "工作联系", body: str = "您好，请查收。", *, charset: str = "utf-8",
            attachments: list[tuple[str, bytes]] = (), html: str | None = None,
            forwarded: list[bytes] = ()) -> bytes:
    """A message as a common client writes it: UTF-8 or GBK, RFC 2231 attachment names."""
    msg = EmailMessage()
    msg["From"] = "张三 <zhangsan@example.cn>"
    msg["To"] = "lisi@example.com"
    msg["Subject"] = subject
    msg["Date"] = "Thu, 12 Mar 2026 09:30:00 +0800"
    msg.set_content(body, charset=charset)
    if html is not None:
        msg.add_alternative(html, subtype="html", charset=charset)
    for name, data in attachments:
        maintype, subtype = _mime(name)
        msg.add_attachment(data, maintype=maintype, subtype=subtype, filename=name)
    for inner in forwarded:
        msg.add_attachment(_parse(inner))
    return msg.as_bytes()


def _parse(data: bytes):
    from email import policy
    from email.parser import BytesParser
    return BytesParser(policy=policy.default).parsebytes(data)


def _mime(name: str) -> tuple[str, str]:
    ext = name.rsplit(".", 1)[-1].lower()
    return {"txt": ("text", "plain"), "docx": ("application", "vnd.openxmlformats-"
                                                "officedocument.wordprocessingml.document"),
            "zip": ("application", "zip"), "png": ("image", "png"),
            "pdf": ("application", "pdf")}.get(ext, ("application", "octet-stream"))


def outlook_style(subject: str, body: str, name: str, data: bytes) -> bytes:
    """GB2312-declared message whose subject and attachment name are RFC 2047 words in GBK,
    the attachment name inside quotes (Outlook, Foxmail): not RFC 2231."""
    msg = MIMEMultipart()
    msg["From"] = "=?GB2312?B?" + _b64("王五".encode("gbk")) + "?= <wangwu@example.cn>"
    msg["To"] = "x@example.com"
    msg["Subject"] = "=?GB2312?B?" + _b64(subject.encode("gbk")) + "?="
    msg.attach(gbk_text(body))
    part = MIMEApplication(data)
    encoded = "=?GB2312?B?" + _b64(name.encode("gbk")) + "?="
    part.add_header("Content-Disposition", "attachment")
    part.replace_header("Content-Disposition", f'attachment; filename="{encoded}"')
    msg.attach(part)
    return msg.as_bytes()


def gbk_text(body: str, declared: str = "gb2312"):
    """A text part in GBK bytes (characters GB2312 lacks included) declared as `declared`."""
    part = MIMENonMultipart("text", "plain", charset=declared)
    part.set_payload(_b64(body.encode("gbk")))
    part["Content-Transfer-Encoding"] = "base64"
    return part


def _b64(data: bytes) -> str:
    import base64
    return base64.b64encode(data).decode("ascii")


class Sink:
    """An upstream MTA on loopback (ephemeral port) that keeps what it receives."""

    def __init__(self, reply: str | None = None):
        self.received: list[tuple[str, list[str], bytes]] = []
        self.reply = reply
        self.loop = asyncio.new_event_loop()
        self.address: tuple[str, int] | None = None
        self._ready = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._server = None

    async def handle_DATA(self, server, session, envelope):
        self.received.append((envelope.mail_from, list(envelope.rcpt_tos),
                              envelope.original_content))
        return self.reply or "250 OK"

    def _run(self):
        asyncio.set_event_loop(self.loop)

        async def start():
            self._server = await self.loop.create_server(
                lambda: SMTP(self, hostname="sink", enable_SMTPUTF8=True), "127.0.0.1", 0)
            self.address = self._server.sockets[0].getsockname()[:2]
            self._ready.set()
        self.loop.run_until_complete(start())
        self.loop.run_forever()
        self._server.close()

    def __enter__(self):
        self._thread.start()
        self._ready.wait(10)
        return self

    def __exit__(self, *exc):
        self.loop.call_soon_threadsafe(self.loop.stop)
        self._thread.join(10)


def _ambiguous() -> dict[str, bytes]:
    """Messages mail programs can read more than one way, each hiding a marked DOCX from the
    reading the standard library makes (what the gate saw before: 250, relayed)."""
    import base64
    doc = base64.encodebytes(word(*MARKED_TEXT.splitlines())).replace(b"\n", b"\r\n")
    attachment = (b"Content-Type: application/vnd.openxmlformats-officedocument."
                  b"wordprocessingml.document\r\n"
                  b'Content-Disposition: attachment; filename="list.docx"\r\n'
                  b"Content-Transfer-Encoding: base64\r\n\r\n" + doc)
    parts = (b"--REAL\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nhello\r\n--REAL\r\n"
             + attachment + b"--REAL--\r\n")
    head = (b"From: a@example.cn\r\nTo: b@example.com\r\nSubject: report\r\n"
            b"MIME-Version: 1.0\r\n")
    multipart = b'Content-Type: multipart/mixed; boundary="REAL"\r\n'
    return {
        "boundary never appears": head + b'Content-Type: multipart/mixed; boundary="NOPE"'
                                         b"\r\n\r\n" + parts,
        "multipart without boundary": head + b"Content-Type: multipart/mixed\r\n\r\n" + parts,
        "two content-type headers": head + b"Content-Type: text/plain\r\n" + multipart
                                           + b"\r\n" + parts,
        "two boundaries": head + b'Content-Type: multipart/mixed; boundary="NOPE"; '
                                 b'boundary="REAL"\r\n\r\n' + parts,
        "a header line that is no header": head + b"X-Note\r\n" + multipart + b"\r\n" + parts,
        "two transfer encodings": head + multipart + b"\r\n" + parts.replace(
            b"Content-Transfer-Encoding: base64\r\n",
            b"Content-Transfer-Encoding: 7bit\r\nContent-Transfer-Encoding: base64\r\n"),
    }


AMBIGUOUS = _ambiguous()
