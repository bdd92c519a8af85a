#!/usr/bin/env bash
# Set up everything secmark needs on a fresh Debian machine: system packages (when root),
# a virtual environment in .venv and the package with its test tools. Safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."

APT_PACKAGES=(tesseract-ocr tesseract-ocr-chi-sim poppler-utils fonts-wqy-zenhei chromium)
# LibreOffice writes the legacy and ODF test corpus and samples (docs/formats.md); scanning
# reads .doc/.xls/.ppt directly and never needs it.
APT_PACKAGES+=(libreoffice-writer-nogui libreoffice-calc-nogui libreoffice-impress-nogui)
# debootstrap makes the minimal Debian the offline bundle is installed on in tests/test_install.py
APT_PACKAGES+=(debootstrap)
missing=()
for pkg in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "secmark setup: installing ${missing[*]}" >&2
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  else
    echo "secmark setup: please install these Debian packages first (as root):" >&2
    echo "  apt-get install ${missing[*]}" >&2
  fi
fi

PYTHON=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  "$PYTHON" -m venv .venv
fi
if [ ! -f .venv/.installed ] || [ pyproject.toml -nt .venv/.installed ]; then
  echo "secmark setup: installing Python packages into .venv (first run only)" >&2
  if ! { .venv/bin/python -m pip install -q --upgrade pip &&
         .venv/bin/python -m pip install -q -e ".[test]"; } >.venv/pip.log 2>&1; then
    cat .venv/pip.log >&2
    echo "secmark setup: pip failed (log above, also in .venv/pip.log)" >&2
    exit 1
  fi
  touch .venv/.installed
fi
