"""secmark installs as a package: the wheel carries every file the package reads and, in a fresh
virtual environment run from another folder, scans the samples with their expected verdicts;
the offline bundle installs and scans with no network (`unshare -n`).

The bundle is built once per content of what goes into it and kept in
~/.cache/secmark-tests/ (SECMARK_TEST_CACHE); the install and the scans run every time."""
from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

import pytest
from test_samples_golden import EXPECTED, NOT_SAMPLES, TODAY

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"
CACHE = Path(os.environ.get("SECMARK_TEST_CACHE", Path.home() / ".cache" / "secmark-tests"))
BUNDLE_INPUTS = ("pyproject.toml", "README.md", "scanner", "lexicons", "scripts/offline-bundle.sh",
                 "scripts/offline-install.sh", "scripts/debian_closure.py")


def run(cmd, **kw) -> subprocess.CompletedProcess:
    kw.setdefault("timeout", 900)
    kw.setdefault("env", clean_env())
    return subprocess.run([str(c) for c in cmd], capture_output=True, text=True, **kw)


def checked(cmd, codes=(0,), **kw) -> subprocess.CompletedProcess:
    proc = run(cmd, **kw)
    assert proc.returncode in codes, f"{cmd}: {proc.returncode}\n{proc.stdout[-3000:]}\n" \
                                     f"{proc.stderr[-3000:]}"
    return proc


def copy_source(dest: Path) -> Path:
    """What a wheel is built from, without build/ or __pycache__ leftovers."""
    dest.mkdir(parents=True)
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(ROOT / name, dest / name)
    for name in ("scanner", "lexicons"):
        shutil.copytree(ROOT / name, dest / name, ignore=shutil.ignore_patterns("__pycache__"))
    return dest


def verdict_mismatches(report: Path) -> list[str]:
    files = json.loads(report.read_text(encoding="utf-8"))["files"]
    got = {Path(f["path"]).name: f for f in files if Path(f["path"]).name not in NOT_SAMPLES}
    bad = sorted(set(EXPECTED) ^ set(got))
    for name, want in EXPECTED.items():
        if name not in got:
            continue
        codes = {f["code"] for f in got[name]["findings"]}
        if (got[name]["verdict"], got[name]["level"]) != (want["verdict"], want["level"]) or \
                not set(want["codes"]) <= codes:
            bad.append(f"{name}: {got[name]['verdict']} {got[name]['level']} {sorted(codes)}")
    return bad


def scan_samples(secmark: Path, where: Path, prefix=()) -> list[str]:
    """Scan samples/ with an installed secmark from a folder outside the repository."""
    where.mkdir(parents=True, exist_ok=True)
    report = where / "report.json"
    checked([*prefix, secmark, "scan", SAMPLES, "--format", "json", "--today", TODAY,
             "--output", report], codes=(1,), cwd=where, env=clean_env())
    return verdict_mismatches(report)


def clean_env() -> dict:
    """No PYTHONPATH (which would import the checkout), no pip settings of this machine."""
    return {k: v for k, v in os.environ.items()
            if k not in ("PYTHONPATH", "VIRTUAL_ENV") and not k.startswith("PIP_")}


# ---- the wheel ----------------------------------------------------------------------------

@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    tmp = tmp_path_factory.mktemp("wheel")
    checked([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", tmp / "dist",
             copy_source(tmp / "src")])
    return next((tmp / "dist").glob("secmark-*.whl"))


def test_wheel_carries_every_file_the_package_reads(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    lexicons = {f"scanner/lexicons/{p.name}" for p in (ROOT / "lexicons").glob("*.toml")}
    static = {f"scanner/web/static/{p.name}" for p in (ROOT / "scanner/web/static").iterdir()}
    assert lexicons and lexicons <= names
    assert static <= names
    packages = {p.parent.relative_to(ROOT).as_posix()
                for p in (ROOT / "scanner").rglob("__init__.py")}
    assert {f"{p}/__init__.py" for p in packages} <= names


def test_wheel_requires_what_pyproject_lists_and_no_test_tool(wheel):
    with zipfile.ZipFile(wheel) as z:
        meta = z.read(next(n for n in z.namelist() if n.endswith(".dist-info/METADATA")))
    requires = [row.split(":", 1)[1].strip() for row in meta.decode().splitlines()
                if row.startswith("Requires-Dist:")]
    runtime = [r for r in requires if "extra ==" not in r]
    listed = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]
    assert len(runtime) == len(listed["dependencies"])
    for tool in ("pytest", "playwright", "python-docx", "pdfplumber", "reportlab"):
        assert not any(r.startswith(tool) for r in runtime), tool


@pytest.mark.slow
def test_wheel_in_a_fresh_venv_scans_the_samples_from_another_folder(wheel, tmp_path):
    venv = tmp_path / "venv"
    checked([sys.executable, "-m", "venv", venv])
    checked([venv / "bin/python", "-m", "pip", "install", "-q", wheel], cwd=tmp_path)
    assert scan_samples(venv / "bin/secmark", tmp_path / "elsewhere") == []
    version = checked([venv / "bin/secmark", "--version"], cwd=tmp_path).stdout
    assert version.strip() == f"secmark {wheel.name.split('-')[1]}"


# ---- the offline bundle -------------------------------------------------------------------

def bundle_key() -> str:
    """What decides the bundle's content: its inputs and the Python it is built for."""
    digest = hashlib.sha256(BUNDLE_PYTHON.encode())
    for name in BUNDLE_INPUTS:
        path = ROOT / name
        for file in sorted(path.rglob("*") if path.is_dir() else [path]):
            if file.is_file() and "__pycache__" not in file.parts:
                digest.update(file.relative_to(ROOT).as_posix().encode() + b"\0")
                digest.update(file.read_bytes())
    return digest.hexdigest()[:16]


def can_unshare() -> bool:
    return shutil.which("unshare") is not None and run(["unshare", "-n", "true"]).returncode == 0


needs_unshare = pytest.mark.skipif(not can_unshare(), reason="unshare -n needs root")
needs_apt = pytest.mark.skipif(shutil.which("apt-get") is None, reason="no apt-get")


# Debian's own Python when there is one: the bundle then fits a plain Debian and this machine
BUNDLE_PYTHON = "/usr/bin/python3" if Path("/usr/bin/python3").exists() else sys.executable


@pytest.fixture(scope="module")
def bundle() -> Path:
    out = CACHE / f"bundle-{bundle_key()}"
    if not (out / "install.sh").exists():
        for old in CACHE.glob("bundle-*"):
            shutil.rmtree(old)
        env = clean_env() | {"SECMARK_DEB_CACHE": str(CACHE / "debs"), "PYTHON": BUNDLE_PYTHON}
        proc = checked([ROOT / "scripts/offline-bundle.sh", out.with_suffix(".tmp")], env=env,
                       timeout=1800)
        print(proc.stderr.splitlines()[-2:])
        out.with_suffix(".tmp").rename(out)
    return out


@pytest.fixture(scope="module")
def installed(bundle, tmp_path_factory) -> tuple[Path, subprocess.CompletedProcess]:
    target = tmp_path_factory.mktemp("offline") / "secmark"
    proc = run(["unshare", "-n", bundle / "install.sh", target], env=clean_env(),
               cwd=tmp_path_factory.mktemp("cwd"))
    return target, proc


@pytest.mark.slow
@needs_apt
@needs_unshare
def test_bundle_holds_wheels_debs_and_no_test_tools(bundle):
    wheels = {p.name.split("-")[0].lower() for p in (bundle / "wheels").glob("*.whl")}
    assert {"secmark", "pip", "pypdfium2", "lxml", "jieba"} <= wheels
    assert not wheels & {"pytest", "playwright", "python_docx", "reportlab", "pdfplumber"}
    debs = {p.name.split("_")[0] for p in (bundle / "debs").glob("*.deb")}
    assert {"tesseract-ocr", "tesseract-ocr-chi-sim", "libtesseract5"} <= debs
    assert not debs & {"libc6", "dpkg", "bash", "chromium"}   # what minimal Debian has / no browser


@pytest.mark.slow
@needs_apt
@needs_unshare
def test_bundle_installs_with_no_network_and_doctor_is_green(installed):
    target, proc = installed
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    assert "本机可以完成默认" in proc.stdout and "✗" not in proc.stdout
    assert str(target) in proc.stdout          # doctor ran from the installed package


@pytest.mark.slow
@needs_apt
@needs_unshare
def test_offline_install_scans_the_samples_with_no_network(installed, tmp_path):
    target, proc = installed
    assert proc.returncode == 0
    assert scan_samples(target / "bin/secmark", tmp_path / "elsewhere",
                        prefix=("unshare", "-n")) == []


def fake_commands(folder: Path, uid: int, installed_packages: set[str], log: Path) -> dict:
    """id, dpkg-query and dpkg doubles in front of the real PATH."""
    folder.mkdir()
    scripts = {
        "id": f"#!/bin/sh\necho {uid}\n",
        "dpkg-query": "#!/bin/sh\nfor last; do :; done\ncase \" "
                      + " ".join(sorted(installed_packages))
                      + " \" in *\" $last \"*) printf 'install ok installed';; *) exit 1;; esac\n",
        "dpkg": f"#!/bin/sh\necho \"$@\" >> {log}\n",
    }
    for name, text in scripts.items():
        (folder / name).write_text(text)
        (folder / name).chmod(0o755)
    return clean_env() | {"PATH": f"{folder}:{os.environ['PATH']}"}


@pytest.mark.slow
@needs_apt
@needs_unshare
@pytest.mark.parametrize("uid, installs", [(0, True), (1000, False)])
def test_install_sh_installs_only_missing_debs_and_only_as_root(bundle, installed, tmp_path,
                                                                 uid, installs):
    target, _ = installed
    debs = {p.name.split("_")[0]: p for p in (bundle / "debs").glob("*.deb")}
    present = set(debs) - {"tesseract-ocr-chi-sim", "libtesseract5"}
    log = tmp_path / "dpkg.log"
    env = fake_commands(tmp_path / "bin", uid, present, log)
    proc = run(["unshare", "-n", bundle / "install.sh", target], env=env, cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr[-2000:]
    if installs:
        args = log.read_text().split()
        assert args[0] == "-i"
        assert sorted(Path(a).name.split("_")[0] for a in args[1:]) == [
            "libtesseract5", "tesseract-ocr-chi-sim"]
    else:
        assert not log.exists()
        assert "not root: 2 Debian packages" in proc.stderr and "dpkg -i" in proc.stderr


@needs_apt
@needs_unshare
@pytest.mark.slow
def test_install_sh_refuses_another_python(bundle, tmp_path):
    fake = tmp_path / "python3"
    fake.write_text("#!/bin/sh\necho 3.9\n")
    fake.chmod(0o755)
    proc = run([bundle / "install.sh", tmp_path / "t"], env=clean_env() | {"PYTHON": str(fake)})
    assert proc.returncode == 1
    assert "this bundle is for Python 3." in proc.stderr and "here: Python 3.9" in proc.stderr
    assert not (tmp_path / "t").exists()


# ---- a minimal Debian: the .deb closure is complete --------------------------------------

def codename() -> str:
    for line in Path("/etc/os-release").read_text().splitlines():
        if line.startswith("VERSION_CODENAME="):
            return line.split("=", 1)[1].strip('"')
    return ""


needs_debootstrap = pytest.mark.skipif(
    shutil.which("debootstrap") is None or not codename(), reason="no debootstrap (scripts/setup.sh)")


@pytest.fixture(scope="module")
def minbase(tmp_path_factory) -> Path:
    """A fresh minimal Debian (debootstrap minbase, plus python3) of this machine's release,
    made once and kept as a tar file; unpacked anew for each use."""
    tar = CACHE / f"minbase-{codename()}.tar"
    if not tar.exists():
        build = CACHE / f"minbase-{codename()}.tmp"
        shutil.rmtree(build, ignore_errors=True)
        checked(["debootstrap", "--variant=minbase", "--include=python3", codename(), build,
                 "http://deb.debian.org/debian"], timeout=1800)
        checked(["tar", "-C", build, "-cf", tar.with_suffix(".part"), "."])
        tar.with_suffix(".part").rename(tar)
        shutil.rmtree(build)
    root = tmp_path_factory.mktemp("minbase")
    checked(["tar", "-C", root, "-xf", tar])
    return root


@pytest.mark.slow
@needs_apt
@needs_unshare
@needs_debootstrap
def test_bundle_installs_on_a_minimal_debian_with_no_network(bundle, minbase):
    assert not (minbase / "usr/bin/tesseract").exists()
    shutil.copytree(bundle, minbase / "bundle")
    shutil.copytree(SAMPLES, minbase / "samples")
    jail = ["unshare", "-n", "-m", "-p", "-f", f"--mount-proc={minbase / 'proc'}",
            "chroot", minbase]
    env = {"PATH": "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
           "HOME": "/root", "LANG": "C.UTF-8"}
    proc = run([*jail, "/bundle/install.sh", "/opt/secmark"], env=env)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    assert "installing" in proc.stderr and "Debian packages" in proc.stderr   # dpkg -i ran
    assert "本机可以完成默认" in proc.stdout and "chi_sim" in proc.stdout
    report = minbase / "report.json"
    scan = run([*jail, "/opt/secmark/bin/secmark", "scan", "/samples", "--format", "json",
                "--today", TODAY, "--output", "/report.json"], env=env)
    assert scan.returncode == 1, scan.stderr[-3000:]
    assert verdict_mismatches(report) == []
