#!/usr/bin/env bash
# Build an offline bundle of secmark: scripts/offline-bundle.sh OUT
#
# Run it on a connected machine of the same Debian release, architecture and Python as the
# machines it is for (PYTHON=/usr/bin/python3 for Debian's; default python3 on PATH). OUT/ then holds secmark's wheel, wheels of every runtime dependency
# (read from the wheel's own metadata), pip, the .deb files of the OCR packages with whatever a
# minimal Debian lacks for them, and install.sh; `OUT/install.sh TARGET` installs it all there
# with no network (docs/operations.md). No test tools, no browsers.
#
# SECMARK_DEB_CACHE=DIR keeps downloaded .deb files between runs (checked by SHA-256).
# SECMARK_EXTRAS=cluster adds the wheels of that extra (docs/operations.md, --cluster).
set -euo pipefail
OUT=${1:?usage: scripts/offline-bundle.sh OUT}
REPO=$(cd "$(dirname "$0")/.." && pwd)
PYTHON=${PYTHON:-python3}
DEB_PACKAGES=(tesseract-ocr tesseract-ocr-chi-sim)   # what scanning needs from Debian
start=$SECONDS

mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd)
rm -rf "$OUT/wheels" "$OUT/debs"         # never mix versions of two builds
mkdir -p "$OUT/wheels" "$OUT/debs"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

say() { echo "offline-bundle: $*" >&2; }

# pip runs in a venv of the target's Python: what it resolves (Requires-Python, wheel tags) is
# what that Python accepts, and a Debian python3 without pip works too
say "preparing pip for $("$PYTHON" -V 2>&1)"
"$PYTHON" -m venv "$work/venv"
pip=("$work/venv/bin/python" -m pip)
"${pip[@]}" install -q --upgrade pip

# 1. secmark's wheel, built from a clean copy (a stale build/ folder can leak removed files)
say "building secmark's wheel"
mkdir "$work/src"
cp -r "$REPO/pyproject.toml" "$REPO/README.md" "$REPO/scanner" "$REPO/lexicons" "$work/src/"
find "$work/src" -name __pycache__ -prune -exec rm -rf {} +
"${pip[@]}" wheel -q --no-deps -w "$OUT/wheels" "$work/src"
wheel=$(ls "$OUT"/wheels/secmark-*.whl)

# 2. every runtime dependency as a wheel (sdists such as jieba's are built here), and pip
say "collecting the runtime dependencies"
"${pip[@]}" wheel -q -w "$OUT/wheels" "$wheel${SECMARK_EXTRAS:+[$SECMARK_EXTRAS]}"
"${pip[@]}" download -q --no-deps --only-binary=:all: -d "$OUT/wheels" pip

# 3. the Debian packages and what a minimal Debian lacks for them
say "resolving ${DEB_PACKAGES[*]} against a minimal Debian"
"$PYTHON" "$REPO/scripts/debian_closure.py" "${DEB_PACKAGES[@]}" >"$work/debs.txt"
cache=${SECMARK_DEB_CACHE:-$work/deb-cache}
mkdir -p "$cache"
# 'URI' FILE SIZE SHA256:HASH, one line a package
apt-get download --print-uris $(cat "$work/debs.txt") >"$work/uris.txt"
fetch=()
while read -r _ file _ hash; do
  if ! echo "${hash#SHA256:}  $cache/$file" | sha256sum -c --status 2>/dev/null; then
    fetch+=("${file%%_*}")       # name_version_arch.deb: the candidate, as printed
  fi
done <"$work/uris.txt"
if [ ${#fetch[@]} -gt 0 ]; then
  say "downloading ${#fetch[@]} .deb files"
  (cd "$cache" && apt-get download -qq "${fetch[@]}" 2>&1 | grep -v "unsandboxed" >&2 || true)
fi
while read -r _ file _ hash; do
  echo "${hash#SHA256:}  $cache/$file" | sha256sum -c --status ||
    { say "download of $file failed"; exit 1; }
  cp "$cache/$file" "$OUT/debs/"
done <"$work/uris.txt"

# 4. the installer and what it checks the target against
cp "$REPO/scripts/offline-install.sh" "$OUT/install.sh"
chmod +x "$OUT/install.sh"
version=$(sed 's/^secmark-\([^-]*\)-.*/\1/' <<<"$(basename "$wheel")")
cat >"$OUT/bundle.txt" <<EOF
SECMARK_VERSION=$version
PYTHON_VERSION=$("$PYTHON" -c 'import sys; print("%d.%d" % sys.version_info[:2])')
PYTHON_BUILT_WITH=$("$PYTHON" -c 'import platform; print(platform.python_version())')
MACHINE=$(uname -m)
DEBIAN=$(. /etc/os-release && echo "$ID $VERSION_ID")
DEB_PACKAGES="${DEB_PACKAGES[*]}"
EOF

wheels=$(ls "$OUT"/wheels/*.whl | wc -l)
debs=$(ls "$OUT"/debs/*.deb | wc -l)
say "done in $((SECONDS - start)) s: $OUT"
say "  $wheels wheels $(du -sh "$OUT/wheels" | cut -f1), $debs .deb files $(du -sh "$OUT/debs" | cut -f1), in all $(du -sh "$OUT" | cut -f1)"
