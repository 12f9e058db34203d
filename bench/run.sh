#!/usr/bin/env bash
# The full gateway against nginx as a plain reverse proxy, same backend, same run.
# Usage: bench/run.sh [seconds-per-round] [connections] [rounds]   (WARMUP=seconds per warm-up chunk, default 5)
#   CONTENDERS="vertx-bare gateway-embedded" measures only those (all by default);
#   PROFILE=1 adds a round each of vertx-bare and gateway-embedded under async-profiler and prints their CPU per
#   stage and framework part side by side (bench/stages.py).
# The TLS round: nginx-tls and gateway-tls terminate TLS with one development certificate (keep-alive, wrk over https).
# Starts: one static backend (an nginx server answering fixed JSON), Redis, nginx as a keep-alive reverse proxy,
# the gateway twice (Redis limiter, embedded limiter) and, as the framework's ceiling, a bare Vert.x proxy with
# no policy at all on the same JVM flags. Drives each with wrk in interleaved rounds after a warm-up and prints
# requests/s, p50/p99 latency, CPU per request (utime+stime of the contender's own processes from /proc, nginx summed
# over its workers; Redis's apart), the JVMs' peak RSS, the ratios, and Redis commands per gateway request. Deletion
# rounds: F5 cascade deletes of a new user each (leases), with and without an Idempotency-Key.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-10}; connections=${2:-64}; rounds=${3:-3}; warmup=${WARMUP:-5}

need=()
for tool in nginx wrk redis-server; do command -v "$tool" >/dev/null || need+=("$tool"); done
if [ ${#need[@]} -gt 0 ]; then
  [ "$(id -u)" = 0 ] || { echo "needs: ${need[*]} (apt-get install -y nginx wrk redis-server)"; exit 1; }
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx wrk redis-server >/dev/null
fi
mvn -B -q package -DskipTests
cp_file=$(mktemp); mvn -B -q dependency:build-classpath -Dmdep.outputFile="$cp_file" >/dev/null
TEST_CP="target/classes:target/test-classes:$(cat "$cp_file")"; rm -f "$cp_file"
. bench/common.sh

BACKEND=$(port); PROXY=$(port); REDIS=$(port); GW_REDIS=$(port); GW_EMBED=$(port); BARE=$(port); PROXY_TLS=$(port); GW_TLS=$(port)
GW_TRACED=$(port); GW_TRACED_1=$(port); GW_KEYED=$(port); BARE_WEB=$(port)

nginx_conf backend 1 "server { listen 127.0.0.1:$BACKEND; location / { default_type application/json; return 200 '$BODY'; }
  location /v1/traces { return 200 ''; } }"   # also the OTLP sink of the traced contenders
nginx_conf proxy auto "upstream backend { server 127.0.0.1:$BACKEND; keepalive 128; }
  server { listen 127.0.0.1:$PROXY; location / { proxy_pass http://backend; proxy_http_version 1.1; proxy_set_header Connection \"\"; } }"
# The TLS round: nginx and the gateway terminate TLS with the same (development) certificate.
java -jar target/deletion-gateway.jar cert dev "$work/tls" >/dev/null
nginx_conf proxytls auto "upstream backend { server 127.0.0.1:$BACKEND; keepalive 128; }
  server { listen 127.0.0.1:$PROXY_TLS ssl; ssl_certificate $work/tls/gateway.crt; ssl_certificate_key $work/tls/gateway.key;
    ssl_protocols TLSv1.2 TLSv1.3; location / { proxy_pass http://backend; proxy_http_version 1.1; proxy_set_header Connection \"\"; } }"
redis-server --port "$REDIS" --bind 127.0.0.1 --save "" --appendonly no --daemonize yes --pidfile "$work/redis.pid" --dir "$work" >/dev/null
sleep 0.3; pids+=("$(cat "$work/redis.pid")")

start_gateway() {  # $1 port, $2 redis url or empty; sets STARTED_PID and STARTED_ADMIN (its admin port)
  local admin; admin=$(port)
  GATEWAY_PORT=$1 ADMIN_PORT=$admin AUDIT_LOG="$work/audit-$1.log" BACKEND_URL="http://127.0.0.1:$BACKEND" REDIS_URL="$2" \
    java $JVM_FLAGS ${EXTRA_JVM_FLAGS:-} -jar target/deletion-gateway.jar serve bench/gateway-bench.yaml > "$work/gw-$1.log" 2>&1 &
  STARTED_PID=$!; STARTED_ADMIN=$admin
  pids+=("$STARTED_PID")
  for _ in $(seq 1 100); do grep -qs "listening" "$work/gw-$1.log" && break; sleep 0.2; done
  grep -qs "listening" "$work/gw-$1.log" || { cat "$work/gw-$1.log"; exit 1; }
}
start_gateway "$GW_REDIS" "redis://127.0.0.1:$REDIS"; GW_REDIS_PID=$STARTED_PID; GW_REDIS_ADMIN=$STARTED_ADMIN
GATEWAY_TLS_PORT=$GW_TLS GATEWAY_TLS_CERT="$work/tls/gateway.crt" GATEWAY_TLS_KEY="$work/tls/gateway.key" \
  start_gateway "$GW_EMBED" ""; GW_EMBED_PID=$STARTED_PID; GW_EMBED_ADMIN=$STARTED_ADMIN
# Tracing on (OpenTelemetry, OTLP to the static nginx), every request sampled and one in a hundred.
OTEL_EXPORTER_OTLP_ENDPOINT="http://127.0.0.1:$BACKEND" OTEL_TRACES_SAMPLER=always_on start_gateway "$GW_TRACED" ""; GW_TRACED_PID=$STARTED_PID
OTEL_EXPORTER_OTLP_ENDPOINT="http://127.0.0.1:$BACKEND" OTEL_TRACES_SAMPLER=traceidratio OTEL_TRACES_SAMPLER_ARG=0.01 \
  start_gateway "$GW_TRACED_1" ""; GW_TRACED_1_PID=$STARTED_PID
# Keyed deletions on an instance of their own: each leaves a 24-hour idempotency record (about a kilobyte) in the
# embedded store, which would fill the 128 MiB heap the read contenders are measured with; room here for the
# 90 s of warm-up and rounds at up to 30k deletions a second.
EXTRA_JVM_FLAGS="-Xms4g -Xmx4g" MAX_BUCKETS=3000000 start_gateway "$GW_KEYED" ""; GW_KEYED_PID=$STARTED_PID; GW_KEYED_ADMIN=$STARTED_ADMIN
java $JVM_FLAGS -cp "$TEST_CP" io.deletiongateway.bench.BareVertxProxy "$BARE" "$BACKEND" "$(nproc)" > "$work/bare.log" 2>&1 &
BARE_PID=$!; pids+=("$BARE_PID")
# The same bare proxy behind vertx-web, routed as the gateway routes a read (17 handlers passing on, a BodyHandler,
# then the forward): what vertx-web's dispatch costs, apart from the gateway's own work.
java $JVM_FLAGS -cp "$TEST_CP" io.deletiongateway.bench.BareWebProxy "$BARE_WEB" "$BACKEND" "$(nproc)" > "$work/bare-web.log" 2>&1 &
BARE_WEB_PID=$!; pids+=("$BARE_WEB_PID")
for log in bare bare-web; do
  for _ in $(seq 1 100); do grep -qs "listening" "$work/$log.log" && break; sleep 0.2; done
  grep -qs "listening" "$work/$log.log" || { cat "$work/$log.log"; exit 1; }
done

# Every contender must give the same answer before it is measured.
declare -A URL=([direct]=http://127.0.0.1:$BACKEND [nginx]=http://127.0.0.1:$PROXY [vertx-bare]=http://127.0.0.1:$BARE
  [vertx-web-bare]=http://127.0.0.1:$BARE_WEB
  [gateway-redis]=http://127.0.0.1:$GW_REDIS [gateway-embedded]=http://127.0.0.1:$GW_EMBED
  [nginx-tls]=https://127.0.0.1:$PROXY_TLS [gateway-tls]=https://127.0.0.1:$GW_TLS
  [deletion-embedded]=http://127.0.0.1:$GW_EMBED [deletion-keyed]=http://127.0.0.1:$GW_KEYED [deletion-redis]=http://127.0.0.1:$GW_REDIS
  [traced-100pct]=http://127.0.0.1:$GW_TRACED [traced-1pct]=http://127.0.0.1:$GW_TRACED_1)
# Whose CPU a contender's requests cost (the static backend's is common to all and left out).
children() { echo "$1 $(pgrep -P "$1" | tr '\n' ' ')"; }
declare -A CPU_PIDS=([direct]="$(children "$(cat "$work/backend/nginx.pid")")" [nginx]="$(children "$(cat "$work/proxy/nginx.pid")")"
  [vertx-bare]=$BARE_PID [vertx-web-bare]=$BARE_WEB_PID [gateway-redis]=$GW_REDIS_PID [gateway-embedded]=$GW_EMBED_PID
  [nginx-tls]="$(children "$(cat "$work/proxytls/nginx.pid")")" [gateway-tls]=$GW_EMBED_PID
  [deletion-embedded]=$GW_EMBED_PID [deletion-keyed]=$GW_KEYED_PID [deletion-redis]=$GW_REDIS_PID
  [traced-100pct]=$GW_TRACED_PID [traced-1pct]=$GW_TRACED_1_PID)
REDIS_PID=$(cat "$work/redis.pid")
# Each deletion round must be deletions: every request answered by the backend once, none a replay of a recorded answer.
declare -A ADMIN=([deletion-embedded]=$GW_EMBED_ADMIN [deletion-keyed]=$GW_KEYED_ADMIN [deletion-redis]=$GW_REDIS_ADMIN)
backend_exchanges() { curl -s "http://127.0.0.1:${ADMIN[$1]}/metrics" \
  | awk '/^gateway_backend_request_duration_seconds_count/ {s += $NF} END {printf "%d", s}'; }
order=(direct nginx vertx-bare vertx-web-bare gateway-redis gateway-embedded nginx-tls gateway-tls deletion-embedded deletion-keyed deletion-redis
  traced-100pct traced-1pct)
[ -z "${CONTENDERS:-}" ] || read -r -a order <<< "$CONTENDERS"
for c in direct nginx vertx-bare vertx-web-bare gateway-redis gateway-embedded nginx-tls gateway-tls traced-100pct traced-1pct; do
  got=$(curl -sk -H "Authorization: Bearer $TOKEN" "${URL[$c]}$PATH_Q")
  [ "$got" = "$BODY" ] || { echo "$c answered: $got"; exit 1; }
done
got=$(curl -s -o /dev/null -w '%{http_code}' -X POST -H "Authorization: APIToken $TOKEN" -H 'Content-Type: application/json' \
  -d '{"email":"probe@example.com","namespace":"system"}' "http://127.0.0.1:$GW_EMBED$CASCADE")
[ "$got" = 200 ] || { echo "deletion probe answered $got"; exit 1; }

to_ms() { awk -v v="$1" 'BEGIN { if (v ~ /us$/) printf "%.3f", v/1000; else if (v ~ /ms$/) printf "%.3f", v+0; else if (v ~ /s$/) printf "%.3f", v*1000; else print v }'; }
# Commands clients sent Redis (round trips): commandstats also counts the calls the scripts make inside Redis
# (TIME, HMGET, HSET, PEXPIRE, GET, SET, PTTL, DEL, HGET), which the gateway never sends itself.
redis_commands() { redis-cli -p "$REDIS" info commandstats | awk -F'[:=,]' '/^cmdstat_/ && $1 !~ /^cmdstat_(info|time|hmget|hset|pexpire|get|set|pttl|del|hget)$/ {s += $3} END {print s+0}'; }
run() {  # $1 contender, $2 seconds -> "rps p50 p99 requests cpu_us_per_request redis_cpu_us_per_request"
  local out before after rbefore rafter
  before=$(ticks "${CPU_PIDS[$1]}"); rbefore=$(ticks "$REDIS_PID")
  case $1 in
    deletion-*) out=$(TOKEN=$TOKEN CASCADE=$CASCADE RUN=$(date +%s%N) KEYED=$([ "$1" = deletion-keyed ] && echo 1 || echo 0) \
      wrk -t2 -c"$connections" -d"$2"s --latency -s "$work/cascade.lua" "${URL[$1]}") ;;
    *) out=$(wrk -t2 -c"$connections" -d"$2"s --latency -H "Authorization: Bearer $TOKEN" "${URL[$1]}$PATH_Q") ;;
  esac
  after=$(ticks "${CPU_PIDS[$1]}"); rafter=$(ticks "$REDIS_PID")
  local non2xx; non2xx=$(echo "$out" | awk '/Non-2xx/ {print $NF}')
  [ -z "$non2xx" ] || { echo "$1: $non2xx non-2xx answers" >&2; exit 1; }
  local requests; requests=$(echo "$out" | awk '/requests in/ {print $1}')
  echo "$(echo "$out" | awk '/Requests\/sec/ {print $2}') $(to_ms "$(echo "$out" | awk '$1=="50%" {print $2}')") $(to_ms "$(echo "$out" | awk '$1=="99%" {print $2}')") $requests" \
    "$(awk -v t=$((after - before)) -v c="$CLK" -v r="$requests" 'BEGIN{printf "%.1f", t / c * 1e6 / r}')" \
    "$(awk -v t=$((rafter - rbefore)) -v c="$CLK" -v r="$requests" 'BEGIN{printf "%.1f", t / c * 1e6 / r}')"
}

echo "# $(nproc) cores, $(nginx -v 2>&1 | cut -d/ -f2), wrk -t2 -c$connections, ${seconds}s x $rounds interleaved rounds, gateway JVM: $JVM_FLAGS"
# Warm-up: chunks of WARMUP seconds until two consecutive ones agree within 5 % (at least 3 chunks, so a JVM still
# compiling its hot methods, which can be flat for two chunks, is not measured yet; at most 12).
for c in "${order[@]}"; do
  prev=0; n=0
  while :; do
    read -r rps _ <<< "$(run "$c" "$warmup")"; n=$((n + 1))
    if [ "$n" -ge 12 ] || { [ "$n" -ge 3 ] && awk -v a="$rps" -v b="$prev" 'BEGIN{exit !(b > 0 && (a-b)/b < 0.05 && (b-a)/b < 0.05)}'; }; then break; fi
    prev=$rps
  done
  printf "# warm-up %-17s %2d chunks of %ss, last %8.0f req/s\n" "$c" "$n" "$warmup" "$rps"
done
declare -A RPS P50 P99 CPU RCPU DELETIONS EXCHANGES
redis_before=$(redis_commands); gateway_redis_requests=0
deletion_redis_before=0; deletion_redis_requests=0; deletion_redis_commands=0
for r in $(seq 1 "$rounds"); do
  for c in "${order[@]}"; do
    [ "$c" = deletion-redis ] && deletion_redis_before=$(redis_commands)
    [ -z "${ADMIN[$c]:-}" ] || exchanges_before=$(backend_exchanges "$c")
    read -r rps p50 p99 requests cpu rcpu <<< "$(run "$c" "$seconds")"
    if [ -n "${ADMIN[$c]:-}" ]; then
      DELETIONS[$c]=$(( ${DELETIONS[$c]:-0} + requests )); EXCHANGES[$c]=$(( ${EXCHANGES[$c]:-0} + $(backend_exchanges "$c") - exchanges_before ))
    fi
    [ "$c" = gateway-redis ] && gateway_redis_requests=$((gateway_redis_requests + requests))
    if [ "$c" = deletion-redis ]; then
      deletion_redis_requests=$((deletion_redis_requests + requests))
      deletion_redis_commands=$((deletion_redis_commands + $(redis_commands) - deletion_redis_before))
    fi
    printf "round %d  %-17s %10.0f req/s  p50 %7.3f ms  p99 %7.3f ms  cpu %7.1f us/req  redis cpu %6.1f us/req\n" \
      "$r" "$c" "$rps" "$p50" "$p99" "$cpu" "$rcpu"
    RPS[$c]="${RPS[$c]:-} $rps"; P50[$c]="${P50[$c]:-} $p50"; P99[$c]="${P99[$c]:-} $p99"; CPU[$c]="${CPU[$c]:-} $cpu"; RCPU[$c]="${RCPU[$c]:-} $rcpu"
  done
done
if [ "${PROFILE:-0}" = 1 ]; then
  # async-profiler (Maven Central's tools.profiler:async-profiler), attached for one more round each to the bare
  # proxy and the embedded-limiter gateway: CPU samples with kernel stacks, charged to stages by bench/stages.py.
  mvn -B -q dependency:copy -Dartifact=tools.profiler:async-profiler:4.2 -DoutputDirectory="$work/ap" >/dev/null
  arch=$(uname -m | sed 's/x86_64/x64/; s/aarch64/arm64/')
  (cd "$work/ap" && unzip -q -o async-profiler-4.2.jar "linux-$arch/libasyncProfiler.so")
  lib="$work/ap/linux-$arch/libasyncProfiler.so"
  columns=()
  for c in vertx-bare gateway-embedded; do
    pid=${CPU_PIDS[$c]}
    jcmd "$pid" JVMTI.agent_load "$lib" '"start,event=cpu,interval=1ms"' >/dev/null
    read -r rps p50 p99 requests cpu rcpu <<< "$(run "$c" "$seconds")"
    jcmd "$pid" JVMTI.agent_load "$lib" "\"stop,file=$work/$c.collapsed,collapsed\"" >/dev/null
    mkdir -p target && cp "$work/$c.collapsed" "target/bench-profile-$c.collapsed"
    printf "# profile round: %s %.0f req/s, %s cpu us/req (stacks in target/bench-profile-%s.collapsed)\n" "$c" "$rps" "$cpu" "$c"
    columns+=("$c" "$work/$c.collapsed" "$cpu")
  done
  python3 bench/stages.py "${columns[@]}"
fi
mean() { echo "$1" | awk '{ s=0; for (i=1;i<=NF;i++) s+=$i; if (NF) printf "%.3f", s/NF; else print "nan" }'; }
echo
printf "%-17s %10s %9s %9s %10s %10s %10s %10s\n" contender "req/s" "p50 ms" "p99 ms" "cpu us/req" "redis us" "vs nginx" "peak RSS"
for c in "${order[@]}"; do
  r=$(mean "${RPS[$c]:-}"); n=$(mean "${RPS[nginx]:-}")
  mem="-"; case $c in gateway-redis|deletion-redis) mem=$(rss "$GW_REDIS_PID");; deletion-keyed) mem=$(rss "$GW_KEYED_PID");; gateway-embedded|gateway-tls|deletion-*) mem=$(rss "$GW_EMBED_PID");;
    vertx-bare) mem=$(rss "$BARE_PID");; vertx-web-bare) mem=$(rss "$BARE_WEB_PID");; traced-100pct) mem=$(rss "$GW_TRACED_PID");; traced-1pct) mem=$(rss "$GW_TRACED_1_PID");; esac
  printf "%-17s %10.0f %9.3f %9.3f %10.1f %10.1f %9.2fx %10s\n" "$c" "$r" "$(mean "${P50[$c]:-}")" "$(mean "${P99[$c]:-}")" \
    "$(mean "${CPU[$c]:-}")" "$(mean "${RCPU[$c]:-}")" "$(awk -v a="$r" -v b="$n" 'BEGIN{if (b + 0 > 0) print a/b; else print "nan"}')" "$mem"
done
p99n=$(mean "${P99[nginx]:-}")
for c in gateway-redis gateway-embedded; do
  echo "$c p99 minus nginx p99: $(awk -v a="$(mean "${P99[$c]:-}")" -v b="$p99n" 'BEGIN{printf "%+.3f ms", a-b}')"
done
ratio() { awk -v a="$1" -v b="$2" 'BEGIN{if (b + 0 > 0 && a == a + 0) printf "%.2f", a/b; else print "n/a"}'; }
# The CPU ratios are the median of the per-round ratios: contenders of one round ran minutes apart at most, so a
# round in which the shared machine was slower for everyone cancels out, and one odd round does not move the median.
round_ratio() {  # $1 numerator list, $2 denominator list -> median of element-wise ratios
  awk -v a="$1" -v b="$2" 'BEGIN { n = split(a, x, " "); split(b, y, " "); m = 0
    for (i = 1; i <= n; i++) if (y[i] > 0) r[++m] = x[i] / y[i]
    if (m == 0) { print "n/a"; exit }
    for (i = 1; i <= m; i++) for (j = i + 1; j <= m; j++) if (r[j] < r[i]) { t = r[i]; r[i] = r[j]; r[j] = t }
    printf "%.2f", (m % 2) ? r[(m + 1) / 2] : (r[m / 2] + r[m / 2 + 1]) / 2 }'
}
with_redis=$(awk -v a="${CPU[gateway-redis]:-}" -v b="${RCPU[gateway-redis]:-}" 'BEGIN { n = split(a, x, " "); split(b, y, " ")
  for (i = 1; i <= n; i++) printf "%s%.1f", (i > 1 ? " " : ""), x[i] + y[i] }')
echo "cpu-per-request gateway-embedded/vertx-bare: $(round_ratio "${CPU[gateway-embedded]:-}" "${CPU[vertx-bare]:-}")"
echo "cpu-per-request gateway-redis/vertx-bare: $(round_ratio "$with_redis" "${CPU[vertx-bare]:-}")"
echo "cpu-per-request vertx-bare/nginx: $(round_ratio "${CPU[vertx-bare]:-}" "${CPU[nginx]:-}")"
echo "cpu-per-request vertx-web-bare/vertx-bare: $(round_ratio "${CPU[vertx-web-bare]:-}" "${CPU[vertx-bare]:-}") (vertx-web's dispatch alone)"
echo "tls: gateway-tls/nginx-tls req/s: $(ratio "$(mean "${RPS[gateway-tls]:-}")" "$(mean "${RPS[nginx-tls]:-}")"), cpu-per-request: $(ratio "$(mean "${CPU[gateway-tls]:-}")" "$(mean "${CPU[nginx-tls]:-}")")"
echo "deletions: cpu us/request read $(mean "${CPU[gateway-embedded]:-}"), deletion (lease) $(mean "${CPU[deletion-embedded]:-}"), keyed (lease + record) $(mean "${CPU[deletion-keyed]:-}")"
echo "tracing: cpu us/request off $(mean "${CPU[gateway-embedded]:-}"), sampled 1 % $(mean "${CPU[traced-1pct]:-}"), sampled 100 % $(mean "${CPU[traced-100pct]:-}")"
for c in deletion-embedded deletion-keyed deletion-redis; do
  [ -n "${DELETIONS[$c]:-}" ] || continue
  per=$(awk -v e="${EXCHANGES[$c]}" -v d="${DELETIONS[$c]}" 'BEGIN{printf "%.3f", e / d}')
  echo "backend exchanges per $c request: $per (1 when every one is a deletion, not a replay)"
  awk -v p="$per" 'BEGIN{exit !(p < 0.99)}' && { echo "$c: its requests were not all deletions" >&2; exit 1; }
done
echo "Redis round trips per gateway-redis read: $(awk -v c="$(( $(redis_commands) - redis_before - deletion_redis_commands ))" -v r="$gateway_redis_requests" 'BEGIN{if (r) printf "%.3f", c/r; else print "n/a"}')"
echo "Redis calls per deletion (redis): $(awk -v c="$deletion_redis_commands" -v r="$deletion_redis_requests" 'BEGIN{if (r) printf "%.3f", c/r; else print "n/a"}') (one before forwarding, one to release the lease after)"
