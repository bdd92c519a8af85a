"""secmark doctor: what the installation can do, and a red line naming the package for what is
missing; faults injected with a fake PATH, a fake tesseract, a cache under a file, fake
dependency lists and broken imports."""
from __future__ import annotations

import shutil
import stat
import sys
import tomllib
from pathlib import Path

import pytest
import regex

from scanner import doctor, messages
from scanner.cli import main

ROOT = Path(__file__).resolve().parents[1]
has_tesseract = pytest.mark.skipif(shutil.which("tesseract") is None, reason="no tesseract")


def fake_tesseract(folder: Path, langs: list[str]) -> Path:
    """A `tesseract` that answers --version and --list-langs like the real one."""
    folder.mkdir(exist_ok=True)
    script = folder / "tesseract"
    listing = "\\n".join(langs)
    script.write_text(
        "#!/bin/sh\n"
        'case "$1" in\n'
        '  --version) echo "tesseract 5.3.0"; echo " leptonica-1.82.0";;\n'
        f'  --list-langs) printf \'List of available languages in "/x/" ({len(langs)}):\\n'
        f'{listing}\\n\';;\n'
        "  *) exit 1;;\n"
        "esac\n", encoding="utf-8")
    script.chmod(script.stat().st_mode | stat.S_IXUSR)
    return folder


def doctor_run(capsys, *args) -> tuple[int, str]:
    code = main(["doctor", *args])
    return code, capsys.readouterr().out


@pytest.fixture
def path_only(monkeypatch, tmp_path):
    """PATH reduced to one folder of our own (plus nothing else)."""
    def use(folder: Path):
        monkeypatch.setenv("PATH", str(folder))
    return use


# ---- the whole screen through the CLI ----------------------------------------------------

@pytest.mark.tesseract
@has_tesseract
def test_this_machine_is_all_green(capsys):
    code, out = doctor_run(capsys)
    assert code == 0, out
    assert "✗" not in out and "本机可以完成默认" in out
    for dist in ("pypdfium2", "lxml", "olefile", "jieba"):
        assert f"✓ {dist} " in out
    assert "chi_sim" in out and "sha256" in out and "缓存目录" in out


@pytest.mark.tesseract
@has_tesseract
def test_english_screen(capsys):
    code, out = doctor_run(capsys, "--lang", "en")
    assert code == 0
    assert "installation check" in out and "Verdict: this installation can run" in out
    assert not regex.search(r"\p{Han}{3}", out.replace("中文", ""))   # no Chinese sentences


def test_tesseract_missing_is_a_red_line_naming_the_packages(capsys, path_only, tmp_path):
    empty = tmp_path / "bin"
    empty.mkdir()
    path_only(empty)
    code, out = doctor_run(capsys)
    assert code == 1
    red = [row for row in out.splitlines() if "✗" in row]
    assert any("未找到 Tesseract" in row and "apt-get install tesseract-ocr tesseract-ocr-chi-sim"
               in row for row in red), out
    assert "请安装：apt-get install tesseract-ocr tesseract-ocr-chi-sim" in out.split("结论")[1]


@pytest.mark.parametrize("langs, red, exit_code", [
    (["eng", "osd"], "chi_sim", 1),            # Chinese data removed: a red line, exit 1
    (["chi_sim", "eng"], None, 0),             # osd missing: a warning only
    (["chi_sim", "eng", "osd"], None, 0),
])
def test_tesseract_languages(capsys, path_only, tmp_path, monkeypatch, langs, red, exit_code):
    path_only(fake_tesseract(tmp_path / "bin", langs))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    code, out = doctor_run(capsys, "--lang", "en")
    ocr_lines = out.split("OCR engines")[1].split("Fonts")[0]
    assert "Tesseract 5.3.0" in ocr_lines
    if red:
        line = next(row for row in ocr_lines.splitlines() if "✗" in row)
        assert red in line and "apt-get install tesseract-ocr-chi-sim" in line
    else:
        assert "✗" not in ocr_lines
    assert ("! Tesseract lacks osd" in ocr_lines) == ("osd" not in langs)
    if exit_code == 0:
        assert "✗" not in out, out       # nothing else on the machine is missing
    assert code == exit_code


def test_cache_not_writable_is_a_warning_not_a_failure(tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    rows = doctor.cache_rows(blocker / "secmark")
    assert [(r.state, r.key, r.needed) for r in rows] == [
        (doctor.WARN, "cache_unwritable", False)]
    text, code = doctor.render([("sec_cache", {"path": blocker}, rows)], "zh")
    assert code == 0 and "! 不可写" in text and "另有 1 项提示" in text


def test_cache_writable_and_whether_the_dictionary_is_there(tmp_path):
    assert [r.key for r in doctor.cache_rows(tmp_path / "c")] == ["cache_ok"]
    (tmp_path / "c" / "jieba-dict-0123.trie").write_bytes(b"x")
    assert [r.key for r in doctor.cache_rows(tmp_path / "c")] == ["cache_dict"]
    assert not [p for p in (tmp_path / "c").iterdir() if p.name.startswith(".doctor-")]


@pytest.mark.tesseract
@has_tesseract
def test_unwritable_cache_through_the_cli(capsys, tmp_path, monkeypatch):
    (tmp_path / "file").write_text("x")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "file"))
    code, out = doctor_run(capsys)
    assert code == 0
    assert f"缓存目录：{tmp_path / 'file' / 'secmark'}" in out and "! 不可写" in out


# ---- libraries -------------------------------------------------------------------------

def test_the_libraries_checked_are_those_pyproject_lists():
    listed = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]
    names = [regex.match(r"[A-Za-z0-9._-]+", s).group(0) for s in listed["dependencies"]]
    assert doctor.runtime_requirements() == names


def test_installed_metadata_is_read_when_there_is_no_checkout(monkeypatch, tmp_path):
    monkeypatch.setattr(doctor, "PACKAGE_DIR", tmp_path / "site-packages" / "scanner")
    monkeypatch.setattr(doctor.metadata, "requires", lambda name: [
        "pypdfium2>=5.0", "lxml>=5.2", 'python-docx>=1.1; extra == "test"'])
    assert doctor.runtime_requirements() == ["pypdfium2", "lxml"]


@pytest.mark.parametrize("names, states", [
    (["lxml", "no-such-library-xyz"], ["ok", "missing"]),
    (["olefile"], ["ok"]),
    (None, ["warn"]),
])
def test_library_rows(names, states):
    rows = doctor.library_rows(names)
    assert [r.state for r in rows] == states
    missing = [r for r in rows if r.state == doctor.MISSING]
    assert all(r.install == "pip:no-such-library-xyz" for r in missing)


def test_a_library_that_does_not_load_is_missing(capsys, monkeypatch):
    real = doctor.importlib.import_module

    def broken(name, *args):
        if name == "cv2":
            raise ImportError("libGL.so.1: cannot open shared object file")
        return real(name, *args)
    monkeypatch.setattr(doctor.importlib, "import_module", broken)
    code, out = doctor_run(capsys, "--lang", "en")
    line = next(row for row in out.splitlines() if "opencv-python-headless" in row and "✗" in row)
    assert "libGL.so.1" in line and "pip install opencv-python-headless" in line
    assert code == 1


def test_a_missing_dependency_names_the_pip_package(capsys, monkeypatch):
    monkeypatch.setattr(doctor, "runtime_requirements", lambda: ["lxml", "xlrd-not-here"])
    code, out = doctor_run(capsys)
    assert code == 1
    assert "✗ xlrd-not-here 未安装" in out and "pip install xlrd-not-here" in out


# ---- OCR engine table, lexicons ------------------------------------------------------------

def test_ppocr_not_installed_fails_the_check_naming_the_package(monkeypatch):
    monkeypatch.setitem(sys.modules, "rapidocr", None)     # import raises ImportError
    rows = doctor.ppocr_rows()
    assert [(r.state, r.key) for r in rows] == [(doctor.MISSING, "ppocr_absent")]
    text, code = doctor.render([("sec_ocr", {}, rows)], "en")
    assert "rapidocr not installed" in text and "pip install rapidocr" in text and code == 1


def test_ppocr_models_are_the_ones_the_default_engine_loads():
    rows = doctor.ppocr_rows()
    assert [(r.state, r.key, r.args.get("count")) for r in rows] == [(doctor.OK, "ppocr", 2)]


@pytest.mark.parametrize("needed, exit_code", [(True, 1), (False, 0)])
def test_an_engine_in_the_table_fails_only_when_the_default_profile_needs_it(needed, exit_code):
    def broken():
        raise RuntimeError("engine exploded")
    engines = (doctor.Engine("fake", broken, needed=needed),)
    rows = doctor.ocr_rows(engines)
    assert [r.key for r in rows] == ["check_failed"]
    text, code = doctor.render([("sec_ocr", {}, rows)], "zh")
    assert code == exit_code and "engine exploded" in text


def test_bad_lexicon_folder_is_red(capsys, tmp_path):
    (tmp_path / "bad.toml").write_text("[lexicon\n", encoding="utf-8")
    code, out = doctor_run(capsys, "--lexicon", str(tmp_path))
    assert code == 1
    assert "✗ 词库无法加载" in out and "bad.toml" in out


def test_lexicon_hashes_are_those_of_the_files():
    import hashlib
    rows = {r.args["name"]: r.args["sha"] for r in doctor.lexicon_rows()}
    files = sorted((ROOT / "lexicons").glob("*.toml"))
    assert rows == {p.stem: hashlib.sha256(p.read_bytes()).hexdigest()[:12] for p in files}


# ---- words --------------------------------------------------------------------------------

def test_every_doctor_key_has_words_in_both_languages():
    source = (ROOT / "scanner" / "doctor.py").read_text(encoding="utf-8")
    keys = set(regex.findall(r'Row\(\w+, "(\w+)"', source))
    keys |= set(regex.findall(r'_say\("(\w+)"', source))
    keys |= set(regex.findall(r'\("(sec_\w+)"', source))
    assert len(keys) > 20
    assert sorted(k for k in keys if k not in messages.DOCTOR) == []
    assert all(zh and en for zh, en in messages.DOCTOR.values())


def test_install_line_merges_apt_and_pip():
    line = doctor._install_line(["apt:tesseract-ocr tesseract-ocr-chi-sim",
                                 "apt:tesseract-ocr-chi-sim", "pip:xlrd"])
    assert line == "apt-get install tesseract-ocr tesseract-ocr-chi-sim; pip install xlrd"


def test_a_library_missing_under_a_check_is_a_red_line_not_a_crash(capsys, monkeypatch):
    monkeypatch.setitem(sys.modules, "marisa_trie", None)     # the cache check imports it
    monkeypatch.delitem(sys.modules, "scanner.detectors.wordfreq", raising=False)
    monkeypatch.setattr(doctor, "runtime_requirements", lambda: ["lxml"])
    code, out = doctor_run(capsys, "--lang", "en")
    assert code == 1
    assert "Cache folder: ?" in out
    assert "✗ could not be checked (ModuleNotFoundError: import of marisa_trie halted" in out
    assert "Install:" not in out                     # nothing to name
