#!/usr/bin/env bash
# Run a command against a throwaway PostgreSQL server on 127.0.0.1, in a temporary
# directory, then stop the server and delete it. Installs Debian's PostgreSQL if missing.
#   scripts/with-postgres.sh .venv/bin/python -m pytest
set -euo pipefail

sudo_if_needed() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

find_bindir() {
  local dir
  for dir in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
    [ -x "$dir/pg_ctl" ] && { echo "$dir"; return; }
  done
}

bindir=$(find_bindir)
if [ -z "$bindir" ]; then
  echo "Installing PostgreSQL from Debian's packages..."
  sudo_if_needed apt-get update -qq
  DEBIAN_FRONTEND=noninteractive sudo_if_needed apt-get install -y -qq postgresql
  bindir=$(find_bindir)
fi

datadir=$(mktemp -d /tmp/shoal-pg.XXXXXX)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')

# PostgreSQL refuses to run as root: run the server as the "postgres" system user then.
as_pg() { "$@"; }
if [ "$(id -u)" = 0 ]; then
  id postgres >/dev/null 2>&1 || useradd --system --home-dir /var/lib/postgresql postgres
  chown postgres "$datadir"
  as_pg() { runuser -u postgres -- "$@"; }
fi

cleanup() {
  as_pg "$bindir/pg_ctl" -D "$datadir/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$datadir"
}
trap cleanup EXIT

as_pg "$bindir/initdb" -D "$datadir/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
as_pg "$bindir/pg_ctl" -D "$datadir/data" -l "$datadir/server.log" -w \
  -o "-h 127.0.0.1 -p $port -k $datadir -c fsync=off -c synchronous_commit=off -c full_page_writes=off" start >/dev/null
echo "PostgreSQL $("$bindir/postgres" --version | awk '{print $3}') running on 127.0.0.1:$port"
# The database DATABASE_URL names, for commands such as migrate (pytest makes test_shoal).
as_pg "$bindir/createdb" -h 127.0.0.1 -p "$port" -U postgres shoal

export DATABASE_URL="postgres://postgres@127.0.0.1:$port/shoal"
"$@"
