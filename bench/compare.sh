#!/usr/bin/env bash
# Compares gateway builds (or JVM flags) by CPU per request, each variant measured at the same time as the baseline,
# so whatever else this shared machine runs weighs on both alike (interleaved rounds still moved ±15 % here).
# Usage: bench/compare.sh ROUNDS SECONDS "name|jar|jvm flags" "name|jar|jvm flags" ...   (the first is the baseline)
#   e.g. bench/compare.sh 6 8 "before|/tmp/before.jar|" "after|target/deletion-gateway.jar|"
# Each gateway serves bench/gateway-bench.yaml in front of one static nginx backend, with the embedded limiter, or
# with LIMITER=redis a redis-server of its own, whose CPU then counts in the variant's; per round and variant,
# wrk -t1 -c32 drives the baseline and the variant together, with reads, or with WORKLOAD=deletion the deletion
# rounds' cascade deletes (a new user each). Prints each round and, per variant, the median of its
# CPU-per-request ratios to the baseline, then each gateway's peak RSS.
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=$1; seconds=$2; shift 2
. bench/common.sh
BACKEND=$(port)
nginx_conf backend 1 "server { listen 127.0.0.1:$BACKEND; location / { default_type application/json; return 200 '$BODY'; } }"
names=(); declare -A PORT CPU_PIDS GATEWAY_PID RATIOS
for spec in "$@"; do
  IFS='|' read -r name jar flags <<< "$spec"; names+=("$name")
  PORT[$name]=$(port); redis_url=""
  if [ "${LIMITER:-embedded}" = redis ]; then
    redis_port=$(port); redis_url="redis://127.0.0.1:$redis_port"
    redis-server --port "$redis_port" --bind 127.0.0.1 --save "" --appendonly no --daemonize yes \
      --pidfile "$work/redis-$name.pid" --dir "$work" >/dev/null
    sleep 0.3; pids+=("$(cat "$work/redis-$name.pid")")
  fi
  # shellcheck disable=SC2086
  GATEWAY_PORT=${PORT[$name]} ADMIN_PORT=$(port) AUDIT_LOG="$work/audit-$name.log" BACKEND_URL="http://127.0.0.1:$BACKEND" \
    REDIS_URL="$redis_url" java $JVM_FLAGS $flags -jar "$jar" serve bench/gateway-bench.yaml > "$work/gw-$name.log" 2>&1 &
  pids+=("$!"); GATEWAY_PID[$name]=$!; CPU_PIDS[$name]="$! $(cat "$work/redis-$name.pid" 2>/dev/null || true)"
  for _ in $(seq 1 100); do grep -qs listening "$work/gw-$name.log" && break; sleep 0.2; done
  grep -qs listening "$work/gw-$name.log" || { cat "$work/gw-$name.log"; exit 1; }
done
run() {  # $1 variant, $2 seconds -> CPU us per request
  local before after out requests
  before=$(ticks "${CPU_PIDS[$1]}")
  if [ "${WORKLOAD:-read}" = deletion ]; then
    out=$(TOKEN=$TOKEN CASCADE=$CASCADE RUN=$(date +%s%N) wrk -t1 -c32 -d"$2"s -s "$work/cascade.lua" "http://127.0.0.1:${PORT[$1]}")
  else
    out=$(wrk -t1 -c32 -d"$2"s -H "Authorization: Bearer $TOKEN" "http://127.0.0.1:${PORT[$1]}$PATH_Q")
  fi
  after=$(ticks "${CPU_PIDS[$1]}")
  ! echo "$out" | grep -q Non-2xx || { echo "$1: $(echo "$out" | grep Non-2xx)" >&2; exit 1; }
  requests=$(echo "$out" | awk '/requests in/ {print $1}')
  awk -v t=$((after - before)) -v c="$CLK" -v r="$requests" 'BEGIN{printf "%.1f", t / c * 1e6 / r}'
}
for _ in 1 2 3; do for v in "${names[@]}"; do run "$v" 8 >/dev/null; done; done  # warm-up
base=${names[0]}
for r in $(seq 1 "$rounds"); do
  line="round $r"
  for v in "${names[@]:1}"; do
    run "$base" "$seconds" > "$work/base.out" & together=$!
    mine=$(run "$v" "$seconds"); wait "$together"; theirs=$(cat "$work/base.out")
    RATIOS[$v]="${RATIOS[$v]:-} $(awk -v a="$mine" -v b="$theirs" 'BEGIN{printf "%.4f", a/b}')"
    line="$line  $v $mine vs $base $theirs us/req"
  done
  echo "$line"
done
for v in "${names[@]:1}"; do
  echo "$v/$base cpu-per-request, median of $rounds side-by-side rounds: $(echo "${RATIOS[$v]}" | tr ' ' '\n' | grep . | sort -n \
    | awk '{a[NR]=$1} END {printf "%.3f", (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}')"
done
for v in "${names[@]}"; do echo "$v peak RSS: $(rss "${GATEWAY_PID[$v]}")"; done
