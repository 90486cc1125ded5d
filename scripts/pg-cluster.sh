#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for tests and CI.
#
#   scripts/pg-cluster.sh start DIR PORT   # initdb in DIR, listen on 127.0.0.1:PORT, create db sitrep_test
#   scripts/pg-cluster.sh stop DIR         # stop it and delete DIR
#
# Connect with postgresql://postgres@127.0.0.1:PORT/sitrep_test (trust auth, no password).
# Installs Debian's postgresql package when no server binaries are found. initdb refuses to run as
# root, so as root the server runs as the `postgres` user, which must be able to reach DIR: pick DIR
# in a world-traversable place such as /tmp (not under a 0700 directory).
set -euo pipefail

usage() { echo "usage: $0 start DIR PORT | stop DIR" >&2; exit 2; }

find_bindir() {
  local dir
  dir="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)"
  if [[ -n "$dir" && -x "$dir/initdb" && -x "$dir/pg_ctl" ]]; then
    echo "$dir"
  elif command -v initdb >/dev/null && command -v pg_ctl >/dev/null; then
    dirname "$(command -v pg_ctl)"
  fi
}

install_postgres() {
  echo "pg-cluster: installing Debian's postgresql package" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get install -y --no-install-recommends postgresql >&2 \
    || { apt-get update >&2 && apt-get install -y --no-install-recommends postgresql >&2; }
}

# Run a command as the cluster owner: `postgres` when we are root, else ourselves.
as_owner() {
  if [[ "$(id -u)" == 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi
}

start() {
  local dir="$1" port="$2" bindir
  bindir="$(find_bindir)"
  if [[ -z "$bindir" ]]; then
    install_postgres
    bindir="$(find_bindir)"
    [[ -n "$bindir" ]] || { echo "pg-cluster: no initdb/pg_ctl after installing postgresql" >&2; exit 1; }
  fi
  mkdir -p "$dir/sock"
  [[ "$(id -u)" == 0 ]] && chown -R postgres: "$dir"
  as_owner "$bindir/initdb" -D "$dir/data" -U postgres --auth=trust -E UTF8 --locale=C >"$dir/initdb.log" 2>&1 \
    || { cat "$dir/initdb.log" >&2; exit 1; }
  # Durability settings off: this cluster holds test data only and dies with the run.
  if ! as_owner "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 start \
      -o "-c listen_addresses=127.0.0.1 -p $port -k $dir/sock -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
      >/dev/null; then
    echo "pg-cluster: server did not start; log follows" >&2
    tail -n 30 "$dir/server.log" >&2 || true
    exit 1
  fi
  as_owner "$bindir/createdb" -h 127.0.0.1 -p "$port" -U postgres sitrep_test
  echo "postgresql://postgres@127.0.0.1:$port/sitrep_test"
}

stop() {
  local dir="$1" bindir
  bindir="$(find_bindir)"
  if [[ -n "$bindir" && -f "$dir/data/postmaster.pid" ]]; then
    as_owner "$bindir/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null || true
  fi
  rm -rf "$dir"
}

case "${1:-}" in
  start) [[ $# -eq 3 ]] || usage; start "$2" "$3" ;;
  stop) [[ $# -ge 2 ]] || usage; stop "$2" ;;
  *) usage ;;
esac
