"""The two OCR engines: Tesseract run without files (stdin → stdout), PP-OCR on the mark
zone, how their readings are merged, the choice of engine, and when a poor reading is worth
a review."""
import datetime as dt
import io
import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from PIL import Image
from test_ocr import FakeEngine, line, png

from scanner import ocr
from scanner.api import scan_bytes
from scanner.cli import main
from scanner.errors import ExtractionError
from scanner.model import BBox
from scanner.ocr import OcrLine, OcrPage, parse_tsv
from scanner.options import ScanOptions

TODAY = dt.date(2026, 11, 26)
ROOT = Path(__file__).resolve().parents[1]
needs_tesseract = pytest.mark.skipif(shutil.which("tesseract") is None,
                                     reason="Tesseract is not installed")
try:
    import rapidocr  # noqa: F401
    HAVE_PADDLE = True
except ImportError:
    HAVE_PADDLE = False
needs_paddle = pytest.mark.skipif(not HAVE_PADDLE, reason="rapidocr is not installed")


@pytest.fixture
def fake():
    holder = {}

    def use(engine):
        holder["old"] = ocr.set_engine(engine)
        return engine
    yield use
    ocr.set_engine(holder.get("old"))


def scan(data, name="scan.png", **opts):
    return scan_bytes(name, data, ScanOptions(today=TODAY, **opts))


def page_image(top, body_lines=8, **kw) -> Image.Image:
    from samples_render import render_page
    return render_page(top, ["现将有关事项通知如下，请认真贯彻执行。"] * body_lines, **kw)


def encoded(image: Image.Image, fmt="PNG") -> bytes:
    buf = io.BytesIO()
    image.save(buf, format=fmt)
    return buf.getvalue()


# --- Tesseract's table ----------------------------------------------------------------------

TSV = ("level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext\n"
       "1\t1\t0\t0\t0\t0\t0\t0\t1000\t1000\t-1\t\n"
       "5\t1\t1\t1\t1\t1\t100\t100\t20\t20\t91.5\t机\n"
       "5\t1\t1\t1\t1\t2\t125\t100\t20\t20\t88\t密\n")


def test_tsv_is_read_as_columns():
    data = parse_tsv(TSV)
    assert data["text"] == ["", "机", "密"] and data["conf"] == [-1.0, 91.5, 88.0]
    assert data["left"][1] == 100 and data["line_num"][2] == 1


@pytest.mark.parametrize("garbage", ["", "no table here", "5\t1\tx\t1\n", "\t\t\t\n"])
def test_tsv_garbage_gives_an_empty_table(garbage):
    assert parse_tsv(garbage)["text"] == []


# --- Tesseract leaves nothing behind ---------------------------------------------------------

def fake_tesseract(tmp_path, body: str) -> str:
    """A stand-in `tesseract` command (shell script) that does what body says."""
    script = tmp_path / "bin" / "tesseract"
    script.parent.mkdir()
    script.write_text("#!/bin/sh\n" + body + "\n")
    script.chmod(script.stat().st_mode | stat.S_IXUSR)
    return str(script)


@pytest.fixture
def private_tmp(tmp_path, monkeypatch):
    """TMPDIR pointed at an empty folder: whatever lands in it was left by the engine."""
    folder = tmp_path / "tmp"
    folder.mkdir()
    monkeypatch.setenv("TMPDIR", str(folder))
    monkeypatch.setattr("tempfile.tempdir", str(folder))
    return folder


def test_a_hung_tesseract_is_killed_and_leaves_no_file(tmp_path, private_tmp):
    command = fake_tesseract(tmp_path, 'case "$1" in --list-langs) echo "List:"; echo chi_sim;;'
                                       ' *) cat > /dev/null; sleep 30;; esac')
    engine = ocr.TesseractEngine(command=command, timeout=0.5)
    with pytest.raises(ExtractionError) as caught:
        engine.read(Image.new("L", (400, 600), 255))
    assert caught.value.key == "ocr_timeout"
    assert list(private_tmp.iterdir()) == []
    leftover = subprocess.run(["pgrep", "-f", command], capture_output=True, text=True)
    assert leftover.stdout == ""


def test_a_crashing_tesseract_is_a_page_failure_not_clean(tmp_path, fake):
    command = fake_tesseract(tmp_path, 'case "$1" in --list-langs) echo "List:"; echo chi_sim;;'
                                       ' *) echo "Error in pixReadMem" >&2; exit 1;; esac')
    fake(ocr.TesseractEngine(command=command))
    result = scan(png())
    assert [(f.code, f.args["reason"]) for f in result.findings] == [("UNREADABLE", "ocr_failed")]
    assert "pixReadMem" in result.findings[0].args["error"]


def test_missing_language_data_is_named(tmp_path):
    command = fake_tesseract(tmp_path, 'echo "List of available languages (1):"; echo eng')
    with pytest.raises(ocr.OcrUnavailable) as caught:
        ocr.TesseractEngine(command=command).check()
    assert "chi_sim" in caught.value.args_["detail"]


@pytest.mark.tesseract
@needs_tesseract
def test_real_tesseract_writes_nothing_to_the_temp_folder(private_tmp):
    page = ocr.TesseractEngine().read(page_image(["000123", "机密★10年"], dpi=150))
    assert any("机密" in ln.text for ln in page.lines)
    assert list(private_tmp.iterdir()) == []


@pytest.mark.tesseract
@needs_tesseract
def test_real_tesseract_timeout_leaves_nothing(private_tmp):
    engine = ocr.TesseractEngine(timeout=0.05)
    engine.check()
    with pytest.raises(ExtractionError):
        engine.read(page_image(["000123", "机密★10年"], body_lines=30, dpi=300))
    assert list(private_tmp.iterdir()) == []


# --- PP-OCR lines: letter-spaced headers, spreads ---------------------------------------------

def piece(text, x0, x1, y0=100, h=30, conf=95.0):
    return OcrLine(text, BBox(x0, y0, x1, y0 + h), conf)


@pytest.mark.parametrize("pieces,lines", [
    ([piece("机", 100, 130), piece("密", 220, 250)], ["机 密"]),              # letter-spaced
    ([piece("特", 100, 130), piece("急", 190, 220, y0=104)], ["特 急"]),      # a little askew
    ([piece("机密★启用前", 100, 280), piece("一、选择题", 1300, 1600)],
     ["机密★启用前", "一、选择题"]),                                           # two columns
    ([piece("000123", 100, 200), piece("秘密★5年", 100, 230, y0=150)],
     ["000123", "秘密★5年"]),                                                 # two rows
    ([piece("○○密封", 40, 120), piece("绝密★启用前", 160, 330)],
     ["○○密封", "绝密★启用前"]),                                              # a real spread
    ([piece("绝密", 100, 160), piece("★启用前", 200, 320)], ["绝密 ★启用前"]),
])
def test_pieces_on_one_row_and_close_are_one_line(pieces, lines):
    from scanner.ocr_paddle import rows
    assert [ln.text for ln in rows(pieces)] == lines


def test_joined_line_keeps_the_weakest_confidence():
    from scanner.ocr_paddle import rows
    [joined] = rows([piece("机", 100, 130, conf=99), piece("密", 200, 230, conf=61)])
    assert joined.confidence == 61 and joined.bbox.x0 == 100 and joined.bbox.x1 == 230


@needs_paddle
@pytest.mark.tesseract
@needs_tesseract
def test_paddle_reading_replaces_tesseract_words_in_the_mark_zone():
    """A phone photo whose mark line Tesseract misreads: the merged page carries PP-OCR's
    line once, and Tesseract's body below it."""
    from corpus.photos import generate
    case = next(c for c in generate(5) if c.kind == "right-1999")
    image = Image.open(io.BytesIO(case.data))
    page = ocr.engine("paddle").read(image)
    texts = [ln.text for ln in page.lines]
    assert any("★" in t and t.startswith(case.level) for t in texts), texts
    assert page.text_found is True and page.zone_confidence > 80
    assert sum("厅文件" in t for t in texts) == 1          # the title, read once
    assert len(texts) > 10                                 # the body is still read


@needs_paddle
def test_paddle_alone_reads_the_whole_page_when_tesseract_is_missing():
    from scanner.ocr_paddle import PaddleEngine
    engine = PaddleEngine(ocr.TesseractEngine(command="/nonexistent/tesseract"))
    page = engine.read(page_image(["000123", "秘密★5年"], body_lines=3, dpi=100))
    texts = [ln.text for ln in page.lines]
    assert "秘密★5年" in texts and any("通知如下" in t for t in texts)


def diagram() -> Image.Image:
    from PIL import ImageDraw
    image = Image.new("L", (900, 700), 255)
    draw = ImageDraw.Draw(image)
    draw.rectangle((50, 40, 300, 200), outline=0, width=3)
    draw.rectangle((500, 40, 800, 200), outline=0, width=3)
    draw.line((300, 120, 500, 120), fill=0, width=3)
    draw.polygon([(500, 120), (480, 110), (480, 130)], fill=0)
    draw.rectangle((250, 400, 650, 600), outline=0, width=3)
    draw.line((175, 200, 450, 400), fill=0, width=3)
    return image


def photo() -> Image.Image:
    import numpy as np
    from PIL import ImageFilter
    noise = (np.random.default_rng(1).random((600, 800)) * 255).astype("uint8")
    return Image.fromarray(noise).filter(ImageFilter.GaussianBlur(6))


@needs_paddle
@pytest.mark.parametrize("picture", [diagram, photo])
def test_paddle_sees_no_text_in_a_picture_without_words(picture):
    from scanner.ocr_paddle import read_zone
    models = ocr.engine("paddle").models()
    lines, found, confidence, _ = read_zone(ocr.grayscale(picture()), models, 0.3)
    assert found is False and lines == [] and confidence is None


# --- A poor reading is worth a review only where a mark could stand ----------------------------

@pytest.mark.parametrize("text_found,conf,flagged", [
    (True, 35.0, True),     # text in the mark zone, read badly
    (None, 35.0, True),     # no detector (Tesseract alone): as before
    (False, 35.0, False),   # a formula, a diagram, a photo: nothing that could be a mark
    (True, 90.0, False),    # read well
])
def test_low_confidence_needs_text_where_a_mark_would_stand(fake, text_found, conf, flagged):
    fake(FakeEngine(OcrPage([line("x² + y² = r²", 0.1, conf=conf)], text_found=text_found,
                            zone_confidence=conf if text_found else None)))
    codes = [f.code for f in scan(png()).findings]
    assert ("LOW_OCR_CONFIDENCE" in codes) is flagged


def test_zone_confidence_is_what_is_judged(fake):
    """Tesseract's body read poorly, PP-OCR's mark zone read well: no review for that."""
    fake(FakeEngine(OcrPage([line("绝密★启用前", 0.05, conf=98.0), line("乱码 乱码", 0.5, conf=20.0)],
                            text_found=True, zone_confidence=98.0)))
    result = scan(png())
    assert result.level == "绝密" and "LOW_OCR_CONFIDENCE" not in [f.code for f in result.findings]


# --- Choosing the engine ------------------------------------------------------------------------

def test_engines_by_name():
    assert ocr.engine("tesseract").name == "tesseract"
    assert ocr.engine("paddle").name == "paddle"
    with pytest.raises(ValueError):
        ocr.engine("abbyy")


@pytest.mark.parametrize("argv,expected", [([], "paddle"), (["--ocr-engine", "tesseract"],
                                                               "tesseract")])
def test_cli_passes_the_engine_down(monkeypatch, tmp_path, argv, expected):
    asked = tmp_path / "asked"   # the scan runs in a worker process: it writes down the name

    def engine(name=ocr.DEFAULT_ENGINE):
        with open(asked, "a") as out:
            out.write(name + "\n")
        return FakeEngine(OcrPage([line("正文", 0.5)]))
    monkeypatch.setattr(ocr, "engine", engine)
    image = tmp_path / "scan.png"
    image.write_bytes(png())
    assert main(["scan", str(image), "--jobs", "1", "--today", "2026-11-26", *argv]) == 0
    assert asked.read_text().split() == [expected]


def test_unknown_engine_is_a_usage_error(tmp_path, capsys):
    image = tmp_path / "scan.png"
    image.write_bytes(png())
    assert main(["scan", str(image), "--ocr-engine", "abbyy"]) not in (0, 1)
    assert "--ocr-engine" in capsys.readouterr().err


# --- Offline, one OpenCV, no noise ------------------------------------------------------------

OFFLINE_READ = r"""
import socket, sys, io
def refuse(*a, **k):
    raise OSError("network use at run time")
socket.socket.connect = refuse
socket.socket.connect_ex = refuse
socket.create_connection = refuse
socket.getaddrinfo = refuse
sys.path.insert(0, "tests")
from samples_render import render_page
from scanner import ocr
from scanner.ocr_paddle import PaddleEngine
engine = PaddleEngine(ocr.TesseractEngine(command="/nonexistent/tesseract"))
page = engine.read(render_page(["000123", "机密★10年"], ["现将有关事项通知如下。"], dpi=100))
print("\n".join(l.text for l in page.lines))
"""


@needs_paddle
def test_paddle_runs_with_sockets_blocked_and_says_nothing_on_stderr():
    proc = subprocess.run([sys.executable, "-c", OFFLINE_READ], capture_output=True, text=True,
                          cwd=ROOT, timeout=300, env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert proc.returncode == 0, proc.stderr
    assert "机密★10年" in proc.stdout
    assert proc.stderr.strip() == ""


@needs_paddle
def test_one_opencv_and_it_is_the_headless_build():
    from importlib import metadata
    names = {d.metadata["Name"].lower() for d in metadata.distributions()}
    assert "opencv-python-headless" in names
    assert not names & {"opencv-python", "opencv-contrib-python"}
    checked = subprocess.run([sys.executable, "-c", "import cv2, rapidocr, onnxruntime"],
                             capture_output=True, text=True, timeout=120)
    assert checked.returncode == 0 and "libGL" not in checked.stderr


@needs_paddle
@pytest.mark.parametrize("size", [(60, 40), (200, 20), (120, 900)])
def test_paddle_reads_tiny_and_odd_pictures_without_failing(size):
    from scanner.ocr_paddle import read_zone
    lines, found, _, _ = read_zone(Image.new("L", size, 255), ocr.engine("paddle").models(), 0.3)
    assert lines == [] and found is False
