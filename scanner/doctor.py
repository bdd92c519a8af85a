"""`secmark doctor`: what this installation can do, on one screen.

Every check gives rows. A row the default profile needs that is missing makes the exit status
1 and names the package to install; warnings and notes only inform. The list of libraries is
the package's own dependency list (pyproject.toml in a checkout, else the installed metadata),
so a dependency added there is checked here without a change."""
from __future__ import annotations

import importlib
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import tomllib
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

from . import __version__
from .errors import ExitCode
from .messages import DOCTOR, DOCTOR_USES

OK, MISSING, WARN, NOTE = "ok", "missing", "warn", "note"
SIGNS = {OK: "✓", MISSING: "✗", WARN: "!", NOTE: "·"}
PACKAGE_DIR = Path(__file__).resolve().parent


@dataclass(frozen=True)
class Row:
    state: str
    key: str                       # words in messages.DOCTOR
    args: dict = field(default_factory=dict)
    install: str = ""              # "apt:NAME" or "pip:NAME" when the row is not OK
    needed: bool = True            # the default profile needs it: MISSING fails the check


# ---- libraries -------------------------------------------------------------------------

def _normal(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def runtime_requirements() -> list[str] | None:
    """Names of the runtime dependencies: pyproject.toml of a source checkout, else the
    metadata of the installed distribution; None when neither is there."""
    pyproject = PACKAGE_DIR.parent / "pyproject.toml"
    specs = None
    if pyproject.is_file():
        project = tomllib.loads(pyproject.read_text(encoding="utf-8")).get("project", {})
        if project.get("name") == "secmark":
            specs = project.get("dependencies", [])
    if specs is None:
        try:
            specs = [s for s in metadata.requires("secmark") or []
                     if not re.search(r"extra\s*==", s)]
        except metadata.PackageNotFoundError:
            return None
    return [re.match(r"[A-Za-z0-9._-]+", s).group(0) for s in specs]


def _module_of(dist: str, modules: dict[str, list[str]]) -> str | None:
    """The top-level module of a distribution: the one named like it, else the shortest."""
    mods = [m for m, dists in modules.items()
            if dist in map(_normal, dists) and not m.startswith("_")]
    wanted = dist.replace("-", "_")
    return wanted if wanted in mods else min(mods, key=len, default=None)


def library_rows(names: list[str] | None) -> list[Row]:
    if names is None:
        return [Row(WARN, "no_requirements", needed=False)]
    rows = []
    modules = metadata.packages_distributions()
    for name in names:
        dist = _normal(name)
        try:
            version = metadata.version(dist)
        except metadata.PackageNotFoundError:
            rows.append(Row(MISSING, "lib_missing", {"name": name, "use": dist},
                            install=f"pip:{name}"))
            continue
        module = _module_of(dist, modules)
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                if module:
                    importlib.import_module(module)
        except Exception as exc:   # a broken native library shows here, not mid-scan
            rows.append(Row(MISSING, "lib_broken", {"name": name, "version": version,
                                                    "error": f"{type(exc).__name__}: {exc}"},
                            install=f"pip:{name}"))
            continue
        rows.append(Row(OK, "lib", {"name": name, "version": version + _detail(dist),
                                    "use": dist}))
    return rows


def _detail(dist: str) -> str:
    """The native library behind a wrapper, where the wrapper says."""
    try:
        if dist == "pypdfium2":
            import pypdfium2
            return f" (pdfium {str(pypdfium2.PDFIUM_INFO).split('@')[0]})"
        if dist == "lxml":
            from lxml import etree
            return " (libxml2 " + ".".join(map(str, etree.LIBXML_VERSION)) + ")"
    except Exception:
        pass
    return ""


# ---- OCR engines -------------------------------------------------------------------------

def tesseract_rows() -> list[Row]:
    """The tesseract program on PATH, asked for its version and its language data."""
    from .ocr import LANGS
    install = "apt:tesseract-ocr " + " ".join(_lang_package(lang) for lang in LANGS.split("+"))
    program = shutil.which("tesseract")
    if not program:
        return [Row(MISSING, "tesseract_missing", install=install)]
    asked = [subprocess.run([program, arg], capture_output=True, text=True, timeout=30)
             for arg in ("--version", "--list-langs")]
    version = (asked[0].stdout + asked[0].stderr).split()[1:2] or ["?"]
    langs = {row.strip() for row in asked[1].stdout.splitlines()[1:] if row.strip()}
    rows = [Row(OK, "tesseract", {"version": version[0], "langs": ", ".join(sorted(langs)) or "-"})]
    for lang in LANGS.split("+"):
        if lang not in langs:
            rows.append(Row(MISSING, "tesseract_lang", {"language": lang},
                            install="apt:" + _lang_package(lang)))
    if "osd" not in langs:
        rows.append(Row(WARN, "tesseract_osd", install="apt:tesseract-ocr-osd", needed=False))
    return rows


def _lang_package(lang: str) -> str:
    return "tesseract-ocr-" + lang.replace("_", "-").lower()


def ppocr_rows() -> list[Row]:
    """PP-OCR through rapidocr: the two models the default engine reads with
    (scanner.ocr_paddle), each loaded with onnxruntime."""
    from .ocr_paddle import DET_MODEL, REC_MODEL
    try:
        import rapidocr
    except ImportError:
        return [Row(MISSING, "ppocr_absent", install="pip:rapidocr")]
    version = metadata.version("rapidocr")
    folder = Path(rapidocr.__file__).parent / "models"
    models = [folder / name for name in (DET_MODEL, REC_MODEL)]
    if not all(m.is_file() for m in models):
        return [Row(MISSING, "ppocr_no_models", {"version": version}, install="pip:rapidocr")]
    try:
        import onnxruntime
        for model in models:
            onnxruntime.InferenceSession(str(model), providers=["CPUExecutionProvider"])
    except Exception as exc:
        return [Row(MISSING, "ppocr_broken", {"version": version,
                                              "error": f"{type(exc).__name__}: {exc}"[:120]},
                    install="pip:onnxruntime")]
    return [Row(OK, "ppocr", {"version": version, "count": len(models)})]


@dataclass(frozen=True)
class Engine:
    name: str
    check: Callable[[], list[Row]]
    needed: bool      # the default profile reads scans with it


OCR_ENGINES = (
    Engine("tesseract", tesseract_rows, needed=True),
    Engine("ppocr", ppocr_rows, needed=True),     # the default engine reads mark zones with it
)


def ocr_rows(engines=OCR_ENGINES) -> list[Row]:
    rows = []
    for engine in engines:
        for row in _guarded(engine.check):
            needed = row.needed and engine.needed
            rows.append(Row(row.state, row.key, row.args, row.install, needed))
    return rows


# ---- fonts, lexicons, cache --------------------------------------------------------------

def font_rows() -> list[Row]:
    """No code draws text: scans are read as pictures, the review page's boxes are drawn by
    the browser. The Chinese fonts found are shown for whoever renders PDFs elsewhere."""
    if not shutil.which("fc-list"):
        return [Row(NOTE, "fonts_unknown")]
    out = subprocess.run(["fc-list", ":lang=zh", "family"], capture_output=True, text=True,
                         timeout=20).stdout
    families = {line.split(",")[0].strip() for line in out.splitlines() if line.strip()}
    return [Row(NOTE, "fonts", {"count": len(families)})]


def lexicon_rows(extra_dirs: tuple[str, ...] = ()) -> list[Row]:
    from . import lexicon
    try:
        lexset = lexicon.load(extra_dirs)
    except lexicon.LexiconError as exc:
        return [Row(MISSING, "lexicons_bad", {"why": ", ".join(map(str, exc.args_.values()))},
                    install="pip:secmark")]
    rows = [Row(OK, "lexicon", {"name": lx.name, "entries": len(lx.entries),
                                "sha": lx.sha256[:12]}) for lx in lexset.lexicons]
    return rows or [Row(MISSING, "lexicons_bad", {"why": str(lexicon.BUILTIN_DIR)},
                        install="pip:secmark")]


def cache_folder() -> Path:
    from .detectors.wordfreq import cache_dir
    return cache_dir()


def cache_rows(folder: Path) -> list[Row]:
    try:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        with tempfile.NamedTemporaryFile(dir=folder, prefix=".doctor-"):
            pass
    except OSError as exc:
        return [Row(WARN, "cache_unwritable", {"error": exc.strerror or str(exc)},
                    needed=False)]
    cached = any(folder.glob("jieba-dict-*.trie"))
    return [Row(OK, "cache_dict" if cached else "cache_ok")]


def _guarded(check: Callable[[], list[Row]]) -> list[Row]:
    """A check that cannot even run (a library missing under it) is a missing row."""
    try:
        return check()
    except Exception as exc:
        return [Row(MISSING, "check_failed", {"error": f"{type(exc).__name__}: {exc}"[:160]})]


# ---- the screen --------------------------------------------------------------------------

def _say(key: str, lang: str, /, **args) -> str:
    zh, en = DOCTOR[key]
    return (en if lang == "en" else zh).format(**args)


def _use(dist: str, lang: str) -> str:
    pair = DOCTOR_USES.get(dist)
    return (pair[1] if lang == "en" else pair[0]) if pair else ""


def render(sections: list[tuple[str, dict, list[Row]]], lang: str) -> tuple[str, int]:
    lines = [_say("title", lang, version=__version__, python=platform.python_version(),
                  where=PACKAGE_DIR)]
    for title, args, rows in sections:
        lines.append(_say(title, lang, **args))
        others = []
        for row in rows:
            values = dict(row.args)
            if "use" in values:
                values["use"] = _use(values["use"], lang) or values["name"]
            if row.key == "lib" and not _use(row.args["use"], lang):
                others.append(f"{values['name']} {values['version']}")
                continue
            text = _say(row.key, lang, **values)
            if row.state != OK and row.install:
                text += _say("install_one", lang, what=_install_line([row.install]))
            lines.append(f"  {SIGNS[row.state]} {text}")
        if others:
            lines.append("  " + SIGNS[OK] + " " + _say("others", lang, libs=", ".join(others)))
    rows = [row for _, _, rs in sections for row in rs]
    failed = [row for row in rows if row.state == MISSING and row.needed]
    warned = [row for row in rows if row.state == WARN or (row.state == MISSING and not row.needed)]
    if failed:
        lines.append(_say("verdict_missing", lang, count=len(failed)))
        install = _install_line([r.install for r in failed if r.install])
        if install:
            lines.append("  " + _say("install_all", lang, what=install))
    else:
        lines.append(_say("verdict_ok", lang))
    if warned:
        lines.append(_say("warnings", lang, count=len(warned)))
    return "\n".join(lines) + "\n", (ExitCode.FOUND if failed else ExitCode.OK)


def _install_line(installs: list[str]) -> str:
    """apt:a b, pip:c → 'apt-get install a b; pip install c'."""
    apt, pip = [], []
    for item in installs:
        kind, _, names = item.partition(":")
        for name in names.split():
            target = apt if kind == "apt" else pip
            if name not in target:
                target.append(name)
    parts = ([f"apt-get install {' '.join(apt)}"] if apt else []) + (
        [f"pip install {' '.join(pip)}"] if pip else [])
    return "; ".join(parts)


def _builtin_lexicons() -> Path:
    from .lexicon import BUILTIN_DIR
    return BUILTIN_DIR


def _where(find: Callable[[], Path]) -> Path | str:
    """A folder for a heading; '?' when even finding it fails (its rows then say why)."""
    try:
        return find()
    except Exception:
        return "?"


def sections(extra_lexicons: tuple[str, ...] = ()) -> list[tuple[str, dict, list[Row]]]:
    return [
        ("sec_libraries", {}, _guarded(lambda: library_rows(runtime_requirements()))),
        ("sec_ocr", {}, ocr_rows()),
        ("sec_fonts", {}, _guarded(font_rows)),
        ("sec_lexicons", {"path": _where(_builtin_lexicons)},
         _guarded(lambda: lexicon_rows(extra_lexicons))),
        ("sec_cache", {"path": _where(cache_folder)},
         _guarded(lambda: cache_rows(cache_folder()))),
    ]


def add_command(sub) -> None:
    from .cli_lang import h
    p = sub.add_parser("doctor", help=h("doctor.help"), description=h("doctor.description"))
    p.add_argument("--lang", choices=("zh", "en"), default="zh", help=h("doctor.lang"))
    p.add_argument("--lexicon", action="append", default=[], type=Path, metavar="DIR",
                   help=h("doctor.lexicon"))
    p.set_defaults(run=run)


def run(args) -> int:
    text, code = render(sections(tuple(str(d) for d in args.lexicon)), args.lang)
    sys.stdout.write(text)
    sys.stdout.flush()
    return code
