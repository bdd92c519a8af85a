#!/usr/bin/env bash
# Install secmark from this bundle with no network: ./install.sh TARGET
#
# As root, the Debian packages in debs/ that are not installed yet are installed (OCR: Tesseract
# with Chinese); TARGET becomes a virtual environment with secmark and its libraries from
# wheels/; then TARGET/bin/secmark doctor says what the installation can do (exit 1 when
# something is missing). Made by scripts/offline-bundle.sh; run it again to repair or upgrade.
set -euo pipefail
TARGET=${1:?usage: install.sh TARGET (a folder for the virtual environment)}
HERE=$(cd "$(dirname "$0")" && pwd)
PYTHON=${PYTHON:-python3}
say() { echo "secmark install: $*" >&2; }
field() { sed -n "s/^$1=//p" "$HERE/bundle.txt" | tr -d '"'; }

# 1. this bundle fits this machine
want=$(field PYTHON_VERSION)
have=$("$PYTHON" -c 'import sys; print("%d.%d" % sys.version_info[:2])') ||
  { say "no $PYTHON here: install Python $want (or set PYTHON=/path/to/python$want)"; exit 1; }
if [ "$have" != "$want" ] || [ "$(uname -m)" != "$(field MACHINE)" ]; then
  say "this bundle is for Python $want on $(field MACHINE); here: Python $have on $(uname -m)"
  exit 1
fi

built=$(field PYTHON_BUILT_WITH)
if [ -n "$built" ] && [ "$(printf '%s\n' "$built" "$("$PYTHON" -c 'import platform; print(platform.python_version())')" | sort -V | head -n1)" != "$built" ]; then
  say "warning: built with Python $built, this is older: pip may refuse a library that needs a newer Python"
fi

# 2. Debian packages that are missing (never reinstalls or changes an installed one)
missing=()
if command -v dpkg-query >/dev/null; then
  for deb in "$HERE"/debs/*.deb; do
    [ -e "$deb" ] || continue
    name=$(dpkg-deb -f "$deb" Package)
    dpkg-query -W -f='${Status}' "$name" 2>/dev/null | grep -q "install ok installed" ||
      missing+=("$deb")
  done
fi
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then
    say "installing ${#missing[@]} Debian packages ($(field DEB_PACKAGES) and what they need)"
    dpkg -i "${missing[@]}" >/dev/null
  else
    say "not root: ${#missing[@]} Debian packages for OCR are missing; as root, run:"
    say "  dpkg -i ${missing[*]}"
  fi
fi

# 3. the virtual environment, from this folder only
for var in $(compgen -e | grep '^PIP_' || true); do unset "$var"; done
export PIP_CONFIG_FILE=/dev/null PIP_NO_INDEX=1 PIP_DISABLE_PIP_VERSION_CHECK=1
if [ -e "$TARGET" ] && [ ! -f "$TARGET/pyvenv.cfg" ] && [ -n "$(ls -A "$TARGET")" ]; then
  say "$TARGET exists and is not a virtual environment: give a new folder"
  exit 1
fi
"$PYTHON" -m venv --without-pip "$TARGET"   # pip comes from the bundle: no python3-venv needed
pip_wheel=$(ls "$HERE"/wheels/pip-*.whl | head -n1)
say "installing secmark $(field SECMARK_VERSION) into $TARGET"
"$TARGET/bin/python" "$pip_wheel/pip" install -q --no-index --no-cache-dir \
  --find-links "$HERE/wheels" pip "secmark==$(field SECMARK_VERSION)"

# 4. what this installation can do
"$TARGET/bin/secmark" doctor "${@:2}"
