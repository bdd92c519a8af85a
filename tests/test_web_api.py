"""The web API (`secmark serve`): POST /api/scan, /healthz, limits, escaping, no disk."""
import datetime as dt
import io
import json
import logging
import os
import re
import shutil
import tempfile
import warnings
from pathlib import Path

import jsonschema
import pytest
from PIL import Image

with warnings.catch_warnings():   # starlette's TestClient nags about httpx; it still works
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

from test_ocr import MARKED_SCAN, FakeEngine

from scanner import cli, ocr
from scanner.web import upload
from scanner.web.app import WebConfig, create_app

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
SCHEMA = json.loads((ROOT / "docs" / "report-schema.json").read_text(encoding="utf-8"))
TODAY = dt.date(2026, 11, 26)
NOTICE = ("关于开展2026年保密宣传月活动的通知\n各区人民政府，市政府各部门：\n"
          "为增强全民保密意识，定于11月开展保密宣传月活动。请各单位组织学习保密法。\n"
          "××市人民政府办公室\n2026年10月8日")


@pytest.fixture
def client():
    app = create_app(WebConfig(today=TODAY, max_bytes=3 * 1024 * 1024, max_files=5))
    with TestClient(app) as c:
        yield c


@pytest.fixture
def fake_ocr():
    old = ocr.set_engine(FakeEngine(MARKED_SCAN))
    yield
    ocr.set_engine(old)


def sample(name: str):
    return ("files", (name, (SAMPLES / name).read_bytes(), "application/octet-stream"))


def png(size=(800, 1100)) -> bytes:
    buf = io.BytesIO()
    Image.new("L", size, 255).save(buf, format="PNG")
    return buf.getvalue()


def test_healthz(client):
    r = client.get("/healthz")
    assert r.status_code == 200 and r.json()["status"] == "ok"


def test_several_files_in_one_request(client):
    r = client.post("/api/scan", files=[sample("gongwen_jimi_10nian.pdf"),
                                        sample("gongkai_tongzhi.pdf")])
    assert r.status_code == 200
    report = r.json()
    jsonschema.validate(report, SCHEMA)
    assert [f["path"] for f in report["files"]] == ["gongwen_jimi_10nian.pdf",
                                                    "gongkai_tongzhi.pdf"]
    marked, public = report["files"]
    assert (marked["verdict"], marked["level"]) == ("block", "机密")
    assert (public["verdict"], public["level"]) == ("pass", None)
    assert report["summary"] == {"files": 2, "block": 1, "review": 0, "pass": 1}
    first = marked["findings"][0]
    assert first["code"] == "MARKED_CLASSIFIED"
    assert first["where"] == "第1页，第2行，左上"
    assert first["context"]["match"] == "机密★10年"
    assert first["context"]["before"] == "000123\n" and first["context"]["after"] == "\n特急"
    assert marked["views"] == [] and public["views"] == []   # text PDFs: no page images


def test_pasted_text_as_json(client):
    r = client.post("/api/scan", json={"text": NOTICE})
    assert r.status_code == 200
    report = r.json()
    jsonschema.validate(report, SCHEMA)
    assert report["files"][0]["verdict"] == "pass"
    assert report["files"][0]["path"] == "粘贴文本.txt"


def test_text_field_beside_files_in_multipart(client):
    r = client.post("/api/scan", files=[sample("gongkai_tongzhi.pdf")],
                    data={"text": "内部资料\n注意保存"})
    files = {f["path"]: f for f in r.json()["files"]}
    assert files["gongkai_tongzhi.pdf"]["verdict"] == "pass"
    assert files["粘贴文本.txt"]["verdict"] == "block"
    assert files["粘贴文本.txt"]["findings"][0]["code"] == "MARKED_INTERNAL"


def test_english_messages(client):
    r = client.post("/api/scan?lang=en", json={"text": "机密★10年\n正文"})
    finding = r.json()["files"][0]["findings"][0]
    assert finding["message"].startswith("Carries a state-secret mark")
    assert finding["where"].startswith("line 1")


def test_request_over_the_limit_is_413_in_chinese(client):
    r = client.post("/api/scan", files=[("files", ("big.txt", b"a" * (4 * 1024 * 1024)))])
    assert r.status_code == 413
    assert r.json()["error"]["message"] == "上传内容共 4.0 MB 超过上限 3.0 MB，请分批上传或拆分文件。"
    r = client.post("/api/scan", json={"text": "a" * (3 * 1024 * 1024)})   # JSON counts too
    assert r.status_code == 413
    assert re.fullmatch(r"上传内容共 \d+ B 超过上限 3145728 B，请分批上传或拆分文件。",
                        r.json()["error"]["message"])


def test_too_many_files_is_refused(client):
    files = [("files", (f"{i}.txt", b"x")) for i in range(6)]
    r = client.post("/api/scan", files=files)
    assert r.status_code == 413 and "最多检查 5 个文件" in r.json()["error"]["message"]


@pytest.mark.parametrize("kwargs, status", [
    ({"json": {"text": "  "}}, 400),
    ({"json": {"wrong": 1}}, 400),
    ({"content": b"{", "headers": {"content-type": "application/json"}}, 400),
    ({"content": b"hello", "headers": {"content-type": "text/plain"}}, 415),
    ({"content": b"--x\r\n", "headers": {"content-type": "multipart/form-data"}}, 400),
    ({"content": b"--x\r\nbroken", "headers": {"content-type": "multipart/form-data; boundary=x"}},
     400),
])
def test_bad_requests_say_why(client, kwargs, status):
    r = client.post("/api/scan", **kwargs)
    assert r.status_code == status
    assert r.json()["error"]["message"]


@pytest.mark.parametrize("fault", [KeyError("files"), LookupError("codec"), ValueError("bug"),
                                   RuntimeError("bug"), UnicodeDecodeError("utf-8", b"", 0, 1, "x")])
def test_a_fault_of_ours_reading_the_request_is_500_never_415_or_400(client, monkeypatch, caplog,
                                                                      fault):
    async def broken(self):      # a fault-injecting double for the form parser
        raise fault
    monkeypatch.setattr(upload._InMemoryParser, "parse", broken)
    caplog.set_level(logging.ERROR, logger="scanner.web")
    r = client.post("/api/scan", files=[("files", ("a.txt", b"x"))])
    assert r.status_code == 500 and r.json()["error"]["code"] == "internal"
    assert "未能检查的文件不能视为无密" in r.json()["error"]["message"]
    assert f"request not read: {type(fault).__name__}" in caplog.text
    r = client.post("/api/scan?lang=en", files=[("files", ("a.txt", b"x"))])
    assert r.status_code == 500 and "not clean" in r.json()["error"]["message"]


def test_script_in_a_document_comes_back_as_data(client):
    text = '机密★5年\n<script>window.__pwned=1</script><img src=x onerror="alert(1)">'
    name = '<img src=x onerror=alert(1)>.txt'
    r = client.post("/api/scan", files=[("files", (name, text.encode("utf-8"), "text/plain"))])
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("application/json")
    assert r.headers["x-content-type-options"] == "nosniff"
    entry = r.json()["files"][0]
    assert entry["path"] == name     # the name as sent, as a string: the page shows it as text
    context = entry["findings"][0]["context"]
    assert context["after"] == '\n<script>window.__pwned=1</script><img src=x onerror="alert(1)">'


def test_page_is_served_with_a_strict_policy(client):
    r = client.get("/")
    assert r.status_code == 200 and 'lang="zh-CN"' in r.text
    assert 'lang="en"' in client.get("/?lang=en").text
    policy = r.headers["content-security-policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy
    for asset in ("/static/app.js", "/static/app.css"):
        assert client.get(asset).status_code == 200
    assert "http://" not in r.text and "https://" not in r.text   # nothing from outside
    for asset in ("app.js", "app.css"):
        body = (ROOT / "scanner" / "web" / "static" / asset).read_text(encoding="utf-8")
        assert "innerHTML" not in body.replace("never uses innerHTML", "")
        assert "http://" not in body and "https://" not in body
    assert client.get("/docs").status_code == 404    # no Swagger page (it loads from a CDN)


def test_scanned_image_comes_with_its_page_and_the_mark_box(client, fake_ocr):
    r = client.post("/api/scan", files=[("files", ("扫描件.png", png(), "image/png"))])
    report = r.json()
    jsonschema.validate(report, SCHEMA)
    entry = report["files"][0]
    assert entry["verdict"] == "block" and entry["level"] == "机密"
    (view,) = entry["views"]
    assert view["page"] == 1 and view["image"].startswith("data:image/jpeg;base64,")
    assert (view["width"], view["height"]) == (800, 1100)
    mark = [b for b in view["boxes"] if b["kind"] == "mark"]
    assert mark == [{"kind": "mark", "x0": 0.1, "y0": 0.11, "x1": 0.3, "y1": 0.13,
                     "label": "机密★10年（识别为「机 密 女 10 年」）", "severity": None,
                     "line": 2}]   # what was read, with what it means
    # OCR spacing: the evidence is found in the line all the same
    assert entry["findings"][0]["context"]["match"] == "机 密 女 10 年"


def test_scanned_pdf_page_is_rendered(client, fake_ocr):
    buf = io.BytesIO()
    Image.new("L", (827, 1169), 255).save(buf, format="PDF", resolution=100)
    r = client.post("/api/scan", files=[("files", ("scan.pdf", buf.getvalue()))])
    entry = r.json()["files"][0]
    assert entry["verdict"] == "block"
    (view,) = entry["views"]
    assert view["image"].startswith("data:image/jpeg;base64,") and view["height"] == 1100
    assert any(b["kind"] == "mark" for b in view["boxes"])
    assert "views" not in client.post("/api/scan?views=0", files=[
        ("files", ("scan.pdf", buf.getvalue()))]).json()["files"][0]


def test_uploads_never_touch_the_disk(client, tmp_path, monkeypatch):
    spool = tmp_path / "tmp"
    spool.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(spool))
    rolled = []
    monkeypatch.setattr(tempfile.SpooledTemporaryFile, "rollover",
                        lambda self: rolled.append(self))
    before = sorted(os.listdir(ROOT))
    big = os.urandom(2 * 1024 * 1024)   # over Starlette's 1 MB spool threshold
    r = client.post("/api/scan", files=[("files", ("blob.bin", big)),
                                        sample("gongwen_jimi_10nian.pdf")])
    assert r.status_code == 200
    assert rolled == [] and list(spool.iterdir()) == []
    assert sorted(os.listdir(ROOT)) == before


def test_log_holds_counts_not_names_or_text(client, caplog):
    caplog.set_level(logging.INFO, logger="scanner.web")
    client.post("/api/scan", files=[sample("gongwen_jimi_10nian.pdf")],
                data={"text": "秘密★1年 绝无仅有的句子"})
    logged = "\n".join(r.getMessage() for r in caplog.records)
    assert "scanned 2 files" in logged and "block 2" in logged
    assert "gongwen" not in logged and "绝无仅有" not in logged


def test_serve_binds_to_localhost_by_default():
    args = cli.build_parser().parse_args(["serve"])
    assert (args.host, args.port) == ("127.0.0.1", 8700)
    assert args.max_bytes == 64 * 1024 * 1024


def test_serve_rejects_a_bad_limit(capsys):
    assert cli.main(["serve", "--max-mb", "0"]) == 2
    assert "--max-mb" in capsys.readouterr().err


@pytest.mark.tesseract
@pytest.mark.skipif(shutil.which("tesseract") is None, reason="tesseract not installed")
def test_real_scan_gets_its_box_on_the_mark_line(client):
    from samples_render import render_page
    old = ocr.set_engine(None)     # the real Tesseract engine
    try:
        image = render_page(["000123", "机密★10年", "特急"],
                            ["各区人民政府：", "现将有关事项通知如下。"], dpi=150)
        buf = io.BytesIO()
        image.save(buf, format="PNG")
        r = client.post("/api/scan", files=[("files", ("scan.png", buf.getvalue()))])
    finally:
        ocr.set_engine(old)
    entry = r.json()["files"][0]
    assert entry["verdict"] == "block" and entry["level"] == "机密"
    (box,) = [b for b in entry["views"][0]["boxes"] if b["kind"] == "mark"]
    assert box["x0"] < 0.3 and 0.08 < box["y0"] < 0.2    # the second line at the top left
