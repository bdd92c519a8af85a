"""Hard pages as phones and book scanners make them: exam papers and 公文 rendered with a CJK
font, then photographed (perspective, uneven light, blur, 1–3° turn, JPEG), spread over two
pages, or headed with the letter-spaced three-line block of GB/T 9704 (份号 / 机 密 / 特 急)."""
from __future__ import annotations

import io
import random
from dataclasses import dataclass

import numpy as np
from PIL import Image, ImageDraw, ImageFilter, ImageFont
from samples_render import A4_INCHES, font_path

EXAM_TITLES = ["2024年普通高等学校招生全国统一考试", "2025年全国硕士研究生招生考试",
               "2023年初中学业水平考试", "高等教育自学考试全国统一命题考试"]
EXAM_BODY = ["注意事项：", "1．答卷前，考生务必将自己的姓名、准考证号填写在答题卡上。",
             "2．回答选择题时，选出每小题答案后，用铅笔把答题卡上对应题目的答案标号涂黑。",
             "3．考试结束后，将本试卷和答题卡一并交回。",
             "一、选择题：本题共12小题，每小题5分，共60分。",
             "1．已知集合A={x|x²<4}，B={-1,0,1,2}，则A∩B=",
             "2．若复数z满足(1+i)z=2，则z的虚部为", "3．函数f(x)=sin2x的最小正周期是",
             "二、填空题：本题共4小题，每小题5分，共20分。"]
GONGWEN_BODY = ["各区县人民政府，市政府各部门：", "现将有关事项通知如下，请认真贯彻执行。",
                "一、提高认识，统一思想，切实增强做好工作的责任感。",
                "二、明确责任，狠抓落实，确保各项措施落到实处。",
                "三、加强督查，及时报送工作进展情况。", "请于本月底前将落实情况报送市政府办公室。"]
PUBLIC_TOP = ["关于开展保密宣传月活动的通知", "××大学研究生院", "第2026-15号"]


@dataclass(frozen=True)
class PhotoCase:
    name: str
    data: bytes
    level: str | None
    kind: str


def _font(size: int) -> ImageFont.FreeTypeFont:
    path = font_path()
    if path is None:
        raise RuntimeError("no CJK font: apt-get install fonts-wqy-zenhei")
    return ImageFont.truetype(path, size)


def spaced(text: str, n: int = 1) -> str:
    """`机密` → `机 密`: the letter-spaced header of GB/T 9704 figures."""
    return (" " * n).join(text)


def page(top: list[str], body: list[str], *, dpi: int, align: str = "left",
         title: str | None = None, red_title: bool = False) -> Image.Image:
    width, height = round(A4_INCHES[0] * dpi), round(A4_INCHES[1] * dpi)
    out = Image.new("RGB", (width, height), "white")
    draw = ImageDraw.Draw(out)
    size = round(15 / 72 * dpi)
    font, big = _font(size), _font(round(size * 1.5))
    margin = round(1.0 * dpi)
    y = round(0.07 * height)
    for text in top:   # exam papers and 公文 set the mark in bold 黑体
        x = margin if align == "left" else width - margin - round(draw.textlength(text, font=font))
        draw.text((x, y), text, font=font, fill="black", stroke_width=max(1, dpi // 150),
                  stroke_fill="black")
        y += round(size * 1.5)
    if title:
        y += size // 2
        w = draw.textlength(title, font=big)
        draw.text(((width - w) / 2, y), title, font=big,
                  fill=(200, 20, 20) if red_title else "black")
        y += round(size * 2.6)
        if red_title:
            draw.line((margin, y - size, width - margin, y - size), fill=(200, 20, 20), width=3)
    lines = list(body)
    while lines and y < height - 1.5 * margin:   # a full page, as real pages are
        text = lines.pop(0)
        lines.append(text)
        draw.text((margin, y), text, font=font, fill="black")
        y += round(size * 1.8)
    return out


def spread(left: Image.Image, right: Image.Image) -> Image.Image:
    gutter = left.width // 20
    out = Image.new("RGB", (left.width + right.width + gutter, max(left.height, right.height)),
                    "white")
    out.paste(left, (0, 0))
    out.paste(right, (left.width + gutter, 0))
    return out


def photograph(image: Image.Image, rng: random.Random, *, angle: float, perspective: float,
               light: float, blur: float, quality: int, scale: float = 1.0,
               bend: float = 0.0) -> bytes:
    """A phone photo of a page: on a desk, tilted, lit from one side, soft, JPEG."""
    import cv2
    if scale != 1.0:
        image = image.resize((round(image.width * scale), round(image.height * scale)),
                             Image.LANCZOS)
    w, h = image.size
    pad = round(0.05 * max(w, h))
    desk = Image.new("RGB", (w + 2 * pad, h + 2 * pad), (110, 100, 90))
    desk.paste(image, (pad, pad))
    desk = desk.rotate(angle, resample=Image.BICUBIC, expand=False, fillcolor=(110, 100, 90))
    arr = np.asarray(desk).astype(np.float32)
    W, H = desk.size
    if perspective:
        d = perspective * W
        src = np.float32([[0, 0], [W, 0], [W, H], [0, H]])
        dst = np.float32([[rng.uniform(0, d), rng.uniform(0, d)],
                          [W - rng.uniform(0, d), rng.uniform(0, d)],
                          [W - rng.uniform(0, d / 3), H - rng.uniform(0, d / 3)],
                          [rng.uniform(0, d / 3), H - rng.uniform(0, d / 3)]])
        matrix = cv2.getPerspectiveTransform(src, dst)
        arr = cv2.warpPerspective(arr, matrix, (W, H), borderValue=(110, 100, 90))
    if bend:   # a page lifted off the desk or a book's curve: rows shift by a smooth wave
        rows = np.arange(H, dtype=np.float32)
        cols = np.arange(W, dtype=np.float32)
        shift = bend * H * np.sin(np.pi * cols / W)
        map_x = np.tile(cols, (H, 1))
        map_y = rows[:, None] - shift[None, :]
        arr = cv2.remap(arr, map_x, map_y.astype(np.float32), cv2.INTER_LINEAR,
                        borderValue=(110, 100, 90))
    if light:
        xs = np.linspace(1.0, 1.0 - light, W, dtype=np.float32)
        ys = np.linspace(1.0 - light / 2, 1.0, H, dtype=np.float32)
        arr *= (ys[:, None] * xs[None, :])[..., None]
        arr[..., 2] *= 0.93   # warm lamp
    out = Image.fromarray(np.clip(arr, 0, 255).astype(np.uint8))
    if blur:
        out = out.filter(ImageFilter.GaussianBlur(blur))
    buf = io.BytesIO()
    out.save(buf, format="JPEG", quality=quality)
    return buf.getvalue()


def generate(n: int = 24, seed: int = 14) -> list[PhotoCase]:
    """n cases cycling through five kinds; every fifth one is a public page."""
    rng = random.Random(seed)
    cases = []
    marks = [("绝密★启用前", "绝密"), ("机密★启用前", "机密"), ("绝密★考试结束前", "绝密"),
             ("秘密★启用前", "秘密"), ("机密★10年", "机密"), ("秘密★5年", "秘密")]
    for i in range(n):
        kind = ("exam-photo", "spread", "gbt9704-header", "right-1999", "public")[i % 5]
        mark, level = marks[i % len(marks)]
        dpi = rng.choice((150, 200))
        if kind == "exam-photo":
            img = page([mark], EXAM_BODY, dpi=dpi, title=rng.choice(EXAM_TITLES))
        elif kind == "spread":
            left = page([mark], EXAM_BODY[:5], dpi=dpi, title=rng.choice(EXAM_TITLES))
            right = page([], EXAM_BODY[4:] + EXAM_BODY[1:4], dpi=dpi)
            img = spread(left, right)
        elif kind == "gbt9704-header":
            word = level if "★" not in mark or rng.random() < 0.5 else mark
            top = [f"{rng.randrange(1, 999999):06d}", spaced(word, rng.choice((2, 4))),
                   spaced(rng.choice(("特急", "加急")), 3)]
            img = page(top, GONGWEN_BODY, dpi=dpi, title="××市人民政府文件", red_title=True)
        elif kind == "right-1999":
            img = page([mark], GONGWEN_BODY, dpi=dpi, align="right",
                       title="××省教育厅文件", red_title=True)
        else:
            level = None
            img = page([rng.choice(PUBLIC_TOP)], rng.sample(GONGWEN_BODY + EXAM_BODY[4:], 8),
                       dpi=dpi, title=rng.choice(EXAM_TITLES))
        data = photograph(img, rng, angle=rng.choice((-1, 1)) * rng.uniform(1, 3),
                          perspective=rng.uniform(0.0, 0.05), light=rng.uniform(0.1, 0.45),
                          blur=rng.choice((0.6, 1.0, 1.4)), quality=rng.choice((40, 55, 75)),
                          scale=rng.uniform(1100, 1500) / max(img.size),   # as sent by a phone
                          bend=rng.uniform(0.0, 0.012))
        cases.append(PhotoCase(f"photo_{i:02d}_{kind}.jpg", data, level, kind))
    return cases
