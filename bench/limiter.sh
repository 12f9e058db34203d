#!/usr/bin/env bash
# Rate-limiter decisions per second, embedded store vs Redis (a redis-server started here on a free port).
# Usage: bench/limiter.sh [seconds-per-store] [in-flight] [keys]
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-10}; inflight=${2:-256}; keys=${3:-1000}

command -v redis-server >/dev/null || { echo "needs redis-server (apt-get install -y redis-server)"; exit 1; }
mvn -B -q test-compile
cp_file=$(mktemp); mvn -B -q dependency:build-classpath -Dmdep.outputFile="$cp_file" >/dev/null
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
dir=$(mktemp -d)
redis-server --port "$port" --bind 127.0.0.1 --save "" --appendonly no --dir "$dir" --daemonize yes --pidfile "$dir/redis.pid" >/dev/null
trap 'kill "$(cat "$dir/redis.pid")" 2>/dev/null || true; rm -rf "$dir" "$cp_file"' EXIT
sleep 0.5
echo "# $(nproc) cores; $(redis-server --version | cut -d' ' -f3); $(java -version 2>&1 | head -1)"
java -Xms256m -Xmx256m -cp "target/classes:target/test-classes:$(cat "$cp_file")" \
  io.deletiongateway.bench.LimiterBench "redis://127.0.0.1:$port" "$seconds" "$inflight" "$keys"
