#!/usr/bin/env bash
# Install the system packages the tests need, only when their binaries are missing:
#   postgresql (store tests start a throwaway cluster), chromium (dashboard tests drive it headless).
# Idempotent. Skips with a message, and succeeds, when not root or without apt-get: the tests that need a
# missing binary then report it themselves.
set -euo pipefail

missing=()
if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 && ! command -v initdb >/dev/null 2>&1; then
  missing+=(postgresql)
fi
if ! command -v chromium >/dev/null 2>&1; then
  missing+=(chromium)
fi

if [[ ${#missing[@]} -eq 0 ]]; then
  echo "system-deps: postgresql and chromium are installed"
  exit 0
fi
if [[ "$(id -u)" -ne 0 ]]; then
  echo "system-deps: not root, skipping install of: ${missing[*]} (install them with your package manager)"
  exit 0
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "system-deps: no apt-get, skipping install of: ${missing[*]}"
  exit 0
fi

echo "system-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get install -y --no-install-recommends "${missing[@]}" \
  || { apt-get update && apt-get install -y --no-install-recommends "${missing[@]}"; }
