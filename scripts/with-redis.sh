#!/usr/bin/env bash
# Run a command with a throwaway Redis server on 127.0.0.1, in a temporary directory, then
# stop the server and delete it. Installs Debian's redis-server if missing.
#   scripts/with-redis.sh env CACHE_URL='$REDIS_URL' ...   (REDIS_URL is exported)
set -euo pipefail

sudo_if_needed() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

if ! command -v redis-server >/dev/null; then
  echo "Installing Redis from Debian's packages..."
  sudo_if_needed apt-get update -qq
  DEBIAN_FRONTEND=noninteractive sudo_if_needed apt-get install -y -qq redis-server
fi

datadir=$(mktemp -d /tmp/shoal-redis.XXXXXX)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')

cleanup() {
  local pid
  pid=$(cat "$datadir/redis.pid" 2>/dev/null || true)
  if [ -n "$pid" ]; then
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  fi
  rm -rf "$datadir"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# In memory only (no snapshots), loopback only, a bounded size like a real cache.
redis-server --bind 127.0.0.1 --port "$port" --dir "$datadir" --save '' --appendonly no \
  --daemonize yes --pidfile "$datadir/redis.pid" --logfile "$datadir/redis.log" \
  --maxmemory 256mb --maxmemory-policy allkeys-lru >/dev/null
for _ in $(seq 100); do
  redis-cli -h 127.0.0.1 -p "$port" ping 2>/dev/null | grep -q PONG && break
  sleep 0.1
done
redis-cli -h 127.0.0.1 -p "$port" ping | grep -q PONG
echo "Redis $(redis-server --version | sed -n 's/.*v=\([^ ]*\).*/\1/p') running on 127.0.0.1:$port"

export REDIS_URL="redis://127.0.0.1:$port/0"
"$@"
