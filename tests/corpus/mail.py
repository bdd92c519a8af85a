"""Generated outgoing mail for the gate: marked, internal and secrecy-scope attachments hidden
at every depth (zip, zip in zip, GBK-named zip, tar.gz, 7z, forwarded mail), marked subjects
and bodies, encrypted members, and clean mail that talks about secrecy or carries public
documents. Seeded and deterministic.

    from corpus.mail import generate
    for case in generate(seed=2026): case.name, case.label, case.data, case.leaf, case.level
"""
from __future__ import annotations

import io
import random
from dataclasses import dataclass

import py7zr
from mailkit import encrypt_flag, gbk_padded, message, tar_of, word, zip_of

from . import scope

LEVEL_PERIODS = {"绝密": ("30年", "长期", "启用前"), "机密": ("10年", "20年", "2030年6月30日"),
                 "秘密": ("1年", "6个月", "5年", "")}
TITLES = ("干部名单", "工作方案", "会议纪要", "统计报表", "项目计划", "情况报告", "人员花名册")
PUBLIC_NAMES = ("会议通知.docx", "《秘密花园》读后感.txt", "保密宣传月活动方案.docx", "周报.txt",
                "培训安排.docx", "通讯录（公开版）.txt")
CONTAINERS = ("direct", "zip", "zip_gbk", "zip_in_zip", "tar_gz", "7z", "forwarded")


@dataclass
class MailCase:
    name: str
    label: str            # marked | internal | sensitive | unreadable | clean
    data: bytes
    leaf: str             # the part (path suffix) that must carry the finding; "" = the message
    level: str | None = None
    container: str = "direct"
    text: str = ""        # sensitive: the attachment's text, for the standalone comparison


def generate(seed: int = 2026, count: int = 120) -> list[MailCase]:
    rng = random.Random(seed)
    docs = scope.generate(seed=seed)
    sensitive = [d for d in docs if d.label == "sensitive"]
    public = [d for d in docs if d.label in ("public", "talk")]
    rng.shuffle(sensitive)
    rng.shuffle(public)
    plan = (["marked"] * 40 + ["sensitive"] * 20 + ["internal"] * 8 + ["unreadable"] * 4
            + ["clean"] * 48)
    cases = []
    for i in range(count):
        label = plan[i % len(plan)]
        container = CONTAINERS[i % len(CONTAINERS)]
        cases.append(_make(rng, i, label, container, sensitive, public))
    return cases


def _make(rng, i, label, container, sensitive, public) -> MailCase:
    subject, body = rng.choice((("材料", "请查收附件。"), ("转发：资料", "见附件，谢谢。"),
                                ("周报", "本周工作情况见附件。")))
    clean = _public_attachment(rng, public)
    level = text = None
    if label == "marked":
        level = rng.choice(tuple(LEVEL_PERIODS))
        period = rng.choice(LEVEL_PERIODS[level])
        mark = f"{level}★{period}" if period else level
        title = rng.choice(TITLES)
        where = rng.choice(("txt", "docx", "filename", "subject", "body"))
        if where in ("subject", "body"):
            if where == "subject":
                subject = f"【{level}】{title}"
            else:
                body = f"{mark}\n{title}\n请各单位抓好落实。\n"
            return MailCase(f"{i:03d}-{label}-{where}", label,
                            message(subject, body, attachments=[clean]), "", level, where)
        if where == "filename":
            name, data = f"【{mark}】{title}.docx", word(title, "正文内容。")
        elif where == "txt":
            name, data = f"{title}.txt", f"{mark}\n{title}\n正文内容。\n".encode()
        else:
            name, data = f"{title}.docx", word("000123", mark, title, "正文内容。")
    elif label == "internal":
        name, data = f"{rng.choice(TITLES)}.docx", word("内部资料　注意保存", "联系人名单")
    elif label == "sensitive":
        doc = sensitive.pop()
        text = doc.text
        name = f"{rng.choice(TITLES)}（草稿）." + rng.choice(("txt", "docx"))
        data = text.encode("utf-8") if name.endswith("txt") else word(*text.splitlines())
    elif label == "unreadable":
        return _unreadable(rng, i, subject, body, clean)
    else:
        name, data = _public_attachment(rng, public)
    attachments, leaf, forwarded = _wrap(rng, container, name, data)
    extra = [clean] if rng.random() < 0.5 and label != "clean" else []
    raw = message(subject, body, attachments=extra + attachments, forwarded=forwarded,
                  charset=rng.choice(("utf-8", "gb18030")))
    return MailCase(f"{i:03d}-{label}-{container}", label, raw, leaf, level, container,
                    text or "")


def _public_attachment(rng, public) -> tuple[str, bytes]:
    doc = public[rng.randrange(len(public))]
    name = rng.choice(PUBLIC_NAMES)
    data = doc.text.encode("utf-8") if name.endswith("txt") else word(*doc.text.splitlines())
    return name, data


def _wrap(rng, container: str, name: str, data: bytes):
    """(attachments, leaf path suffix, forwarded messages)"""
    if container == "zip":
        return [("资料.zip", zip_of({name: data}))], f"资料.zip!{name}", []
    if container == "zip_gbk":
        return ([("资料.zip", zip_of({name: data}, gbk_names=True))],
                f"资料.zip!{gbk_padded(name)}", [])
    if container == "zip_in_zip":
        inner = zip_of({name: data, "说明.txt": "附件说明。".encode()})
        return [("外层.zip", zip_of({"内层.zip": inner}))], f"外层.zip!内层.zip!{name}", []
    if container == "tar_gz":
        return [("材料.tar.gz", tar_of({f"材料/{name}": data}, "w:gz"))], f"材料/{name}", []
    if container == "7z":
        buf = io.BytesIO()
        with py7zr.SevenZipFile(buf, "w") as archive:
            archive.writestr(data, name)
        return [("材料.7z", buf.getvalue())], f"材料.7z!{name}", []
    if container == "forwarded":
        inner = message("原始邮件", "请看附件。", attachments=[(name, data)])
        return [], f".eml!{name}", [inner]
    return [(name, data)], name, []


def _unreadable(rng, i, subject, body, clean) -> MailCase:
    if i % 2:
        data = encrypt_flag(zip_of({"报告.docx": word("正文")}))
        name, leaf = "加密.zip", "加密.zip!报告.docx"
    else:
        buf = io.BytesIO()
        with py7zr.SevenZipFile(buf, "w", password="x") as archive:
            archive.writestr(b"text", "报告.txt")
        data = buf.getvalue()
        name, leaf = "加密.7z", "加密.7z!报告.txt"
    return MailCase(f"{i:03d}-unreadable", "unreadable",
                    message(subject, body, attachments=[clean, (name, data)]), leaf)
