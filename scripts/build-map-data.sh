#!/usr/bin/env bash
# Build src/sitrep/analysis/data/countries-110m.json from the npm package world-atlas
# (Natural Earth 1:110m country outlines, public domain). Run at build time, never at run time.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(dirname "$here")"
version="${WORLD_ATLAS_VERSION:-2.0.2}"
python="${PYTHON:-$root/.venv/bin/python}"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
(cd "$tmp" && npm pack --silent "world-atlas@$version" >/dev/null && tar xzf world-atlas-*.tgz)
"$python" "$here/build_map_data.py" "$tmp/package/countries-110m.json" \
  --source "npm world-atlas@$version countries-110m.json (Natural Earth 1:110m)" \
  -o "$root/src/sitrep/analysis/data/countries-110m.json"
