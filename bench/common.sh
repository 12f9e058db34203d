# What bench/run.sh and bench/compare.sh share: the JVM flags, the request they send, a scratch directory whose
# processes end with the script, free ports, nginx servers, and CPU ticks from /proc. Sourced, from the project root.
# The JVM flags README.md recommends for production (and the Docker image's JAVA_OPTS).
JVM_FLAGS=${JVM_FLAGS:-"-XX:+UseParallelGC -Xms128m -Xmx128m -XX:MaxMetaspaceSize=80m -XX:ReservedCodeCacheSize=48m -Xss512k -XX:-DontCompileHugeMethods -XX:+ExitOnOutOfMemoryError"}
TOKEN=$(cat bench/bench-token.txt)
PATH_Q='/core/v1/organizations/organization/deletion_steps?organization%5Bid%5D=org_5xk2n8qvd3'
BODY='{"steps":{"virtual_machines":{"satisfied":true,"description":"none"},"disks":{"satisfied":true,"description":"none"}}}'
CLK=$(getconf CLK_TCK)

work=$(mktemp -d)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; sleep 0.5; rm -rf "$work"; }
trap cleanup EXIT
# A free port, never one handed out before in this run: a port let go of can come back from the next bind to port 0,
# and two contenders on one port made one of them measure the other (a failed bind, another process answering).
port() {
  local p
  while :; do
    p=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
    grep -qx "$p" "$work/ports" 2>/dev/null || { echo "$p" >> "$work/ports"; echo "$p"; return; }
  done
}
# utime + stime of the given processes, in clock ticks (CLK per second)
ticks() { local t=0; for p in $1; do t=$((t + $(awk '{print $14 + $15}' "/proc/$p/stat" 2>/dev/null || echo 0))); done; echo "$t"; }
# a process's peak resident memory so far
rss() { awk '/VmHWM/ {printf "%.0f MiB", $2/1024}' "/proc/$1/status"; }

# An nginx with one http block ($3), its files under $work/$1, ended with the script: $1 name, $2 workers
nginx_conf() {
  mkdir -p "$work/$1"
  cat > "$work/$1/nginx.conf" <<CONF
worker_processes $2;
pid $work/$1/nginx.pid;
error_log $work/$1/error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  client_body_temp_path $work/$1; proxy_temp_path $work/$1; fastcgi_temp_path $work/$1; uwsgi_temp_path $work/$1; scgi_temp_path $work/$1;
  keepalive_requests 1000000;
  $3
}
CONF
  nginx -c "$work/$1/nginx.conf"
  sleep 0.3
  pids+=("$(cat "$work/$1/nginx.pid")")
}

# The deletion rounds' request: an F5 cascade delete of a new user each (no two share a lease), written to
# $work/cascade.lua for wrk -s; with KEYED=1 in wrk's environment each carries an Idempotency-Key of its own. Ids are
# unique across wrk runs, not only within one: wrk's Lua random numbers start from the same seed in every run, and a
# key seen in an earlier run is answered from its record (a replay that never reaches the backend).
CASCADE='/api/web/custom/namespaces/system/users/cascade_delete'
cat > "$work/cascade.lua" <<'LUA'
-- A new user per request (so no two share a lease); KEYED=1 adds an Idempotency-Key of its own.
local counter, thread_id = 0, 0
local keyed = os.getenv("KEYED") == "1"
local run = os.getenv("RUN")  -- a nonce per wrk run, set by run.sh and compare.sh
function setup(thread) thread:set("tid", run .. "-" .. tostring(math.random(1, 1000000000))) end
function init(args) thread_id = tid end
request = function()
  counter = counter + 1
  local id = thread_id .. "-" .. counter
  local headers = {["Content-Type"] = "application/json", ["Authorization"] = "APIToken " .. os.getenv("TOKEN")}
  if keyed then headers["Idempotency-Key"] = '"' .. id .. '"' end
  return wrk.format("POST", os.getenv("CASCADE"), headers, '{"email":"u' .. id .. '@example.com","namespace":"system"}')
end
LUA
