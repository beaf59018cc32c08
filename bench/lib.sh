# shellcheck shell=bash disable=SC2034,SC2154 # sets variables for, and reads bench_name from, its caller
# Shared by the bench/ scripts; sourced, not run. Before sourcing, set
#   bench_name   how messages are prefixed, e.g. bench/pages
# and after it, call bench_setup. It provides:
#   repo BUILD_DIR BENCH_SECONDS bin tmp pid port base user password auth
#   die MESSAGE                  print "$bench_name: MESSAGE" and exit 1
#   bench_start_server [SERVER_KEYS [SECTIONS]]
#                                start the server on a free loopback port
#   bench_stop_server            stop it and remove its copies (to start another)
#   bench_attach PORT PID        use a server that is already running instead
#                                (sampled, never stopped)
#   bench_limits MEMBERS ROOMS   the [limits] section for that many members
#                                (empty when BENCH_LIMITS=0)
#   bench_nofile NEED            raise ulimit -n to NEED or die
#   bench_wrk WRK_ARGS URL NAME [HEADER]
#                                -> "NAME req/s p99-ms errors requests cpu-us/request"
#                                CPU: of the processes in $bench_cpu_pids (default
#                                the server) during the run
#   bench_status KEY             a field of /proc/<server pid>/status, e.g. VmRSS
#   bench_rss                    the server's VmRSS in kB
#   bench_ticks PID...           their CPU time (utime + stime), in clock ticks
#   bench_cpu TICKS0 TICKS1 SECONDS -> per cent of one CPU
#   bench_cpu_s TICKS0 TICKS1    -> CPU seconds
#   bench_now                    seconds since the epoch, with decimals
#   bench_loadavg                the 1, 5 and 15 min load averages
#   bench_phase FILE NAME SECONDS GEN_PID
#                                wait until FILE has a line "phase NAME"
#   bench_result FILE KEY        the value of "result KEY VALUE" in FILE
# A script may define bench_cleanup_hook: it runs first on every exit. One that
# runs no wrk sets bench_uses_wrk=0 before bench_setup.

die() { echo "$bench_name: $*" >&2; exit 1; }

bench_setup() {
  repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
  BUILD_DIR=${BUILD_DIR:-$repo/build}
  BENCH_SECONDS=${BENCH_SECONDS:-5}
  bin=$BUILD_DIR/rolecall

  [ -x "$bin" ] || die "no server binary at $bin; build it first (./scripts/setup) or set BUILD_DIR"
  [ -d "$BUILD_DIR/plugins" ] || die "no plugins in $BUILD_DIR/plugins; build first (./scripts/setup)"
  [ "${bench_uses_wrk:-1}" = 0 ] || command -v wrk >/dev/null || die "wrk is not installed; run ./scripts/setup (it installs the wrk package)"
  command -v curl >/dev/null || die "curl is not installed; run ./scripts/setup"
  [[ $BENCH_SECONDS =~ ^[1-9][0-9]*$ ]] || die "BENCH_SECONDS must be a whole number of seconds"

  tmp=$(mktemp -d "${TMPDIR:-/tmp}/rolecall-bench.XXXXXX")
  pid=""
  trap bench_cleanup EXIT
  trap 'exit 130' INT TERM
}

# Runs on every exit (error, Ctrl-C, normal end): the server must not outlive us.
bench_cleanup() {
  local status=0
  if declare -F bench_cleanup_hook >/dev/null; then bench_cleanup_hook || true; fi
  if [ -n "${bench_attached:-}" ]; then
    : # not ours to stop
  elif [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  elif [ -n "$pid" ]; then # it ended on its own: say how
    wait "$pid" 2>/dev/null || status=$?
    [ "$status" -gt 128 ] && echo "$bench_name: the server was killed by SIG$(kill -l $((status - 128)))" >&2
  fi
  rm -rf "$tmp"
}

# bench_start_server [extra [server] keys] [extra sections]
# Sets pid, port, base, and user/password/auth (a moderator login).
bench_start_server() {
  cp -R "$repo/templates" "$tmp/templates"
  mkdir -p "$tmp/templates/static" "$tmp/state"

  user=bench
  password=$(head -c 18 /dev/urandom | base64 | tr -d '/+=')
  local hash
  hash=$(printf '%s\n' "$password" | "$bin" passwd) || die "'rolecall passwd' failed"
  auth="Authorization: Basic $(printf '%s:%s' "$user" "$password" | base64 | tr -d '\n')"

  # port = 0: the kernel picks a free port and the server logs it, so there is no
  # window in which another process could take a port we picked beforehand.
  cat >"$tmp/bench.ini" <<EOF
[server]
host = 127.0.0.1
port = 0
threads = 16
default_room = Main_Office
template_dir = $tmp/templates
vendor_dir = $repo/node_modules
plugin_dir = $BUILD_DIR/plugins
state_dir = $tmp/state
${1:-}
[tokens]
ttl = 3600
[role.moderator]
plugin = moderator
route = /
auth = basic
credentials = $user:$hash
[role.guest]
plugin = guest
route = /guest
auth = none
${2:-}
EOF

  # Run from the temp dir: the server reads ./.env, and a developer's .env
  # (SignalWire keys, signing key) should not change what is measured.
  : >"$tmp/server.log" # exists before the loop below reads it
  (cd "$tmp" && exec "$bin" --config="$tmp/bench.ini") >"$tmp/server.log" 2>&1 &
  pid=$!

  port=""
  for _ in $(seq 100); do # at most ~10 s
    kill -0 "$pid" 2>/dev/null || { cat "$tmp/server.log" >&2; die "the server exited at start"; }
    port=$(sed -n 's|.*rolecall listening on http://127\.0\.0\.1:\([0-9]*\).*|\1|p' "$tmp/server.log")
    [ -n "$port" ] && curl -sf --noproxy '*' -m 1 -o /dev/null "http://127.0.0.1:$port/healthz" && break
    port=""
    sleep 0.1
  done
  [ -n "$port" ] || { cat "$tmp/server.log" >&2; die "the server did not answer /healthz within 10 s"; }
  base="http://127.0.0.1:$port"
}

# bench_attach port pid: a server someone else started, on 127.0.0.1:port.
# Sets pid, port, base; bench_cleanup leaves it running.
bench_attach() {
  bench_attached=1
  pid=$2 port=$1
  if ! [ -r "/proc/$pid/status" ] || ! ls "/proc/$pid/fd" >/dev/null 2>&1; then
    die "cannot read /proc/$pid (no such process, or not yours: run as its user)"
  fi
  base="http://127.0.0.1:$port"
  curl -sf --noproxy '*' -m 5 -o /dev/null "$base/healthz" || die "no server answers $base/healthz"
}

# Stops the server started by bench_start_server and removes its copies, so
# that another can be started.
bench_stop_server() {
  if [ -n "$pid" ]; then
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  fi
  pid=""
  rm -rf "$tmp/templates" "$tmp/state"
}

# bench_limits members rooms -> the [limits] section the event-loop server
# needs to hold that load. Today's server refuses unknown keys: BENCH_LIMITS=0
# leaves the section out.
bench_limits() {
  [ "${BENCH_LIMITS:-1}" = 0 ] && return 0
  printf '[limits]\nmax_connections = %s\nmax_connections_per_address = %s\nmax_members = %s\nmax_rooms = %s\n' \
    $(($1 + 1000)) $(($1 + 1000)) $(($1 + 100)) $(($2 + 100))
}

# bench_nofile need: one descriptor per member on each side, plus wrk's and
# the HTTP server's. The server and the load generator inherit the limit.
bench_nofile() {
  local have hard
  have=$(ulimit -n) hard=$(ulimit -Hn)
  [ "$have" = unlimited ] && return 0
  [ "$have" -ge "$1" ] && return 0
  if [ "$hard" != unlimited ] && [ "$hard" -lt "$1" ]; then
    die "need $1 open files, and the hard limit (ulimit -Hn) is $hard; use fewer members"
  fi
  ulimit -n "$1" 2>/dev/null || die "need $1 open files (ulimit -n is $have, and it cannot be raised)"
}

bench_now() { date +%s.%N; }
bench_loadavg() { cut -d' ' -f1-3 /proc/loadavg; }
bench_rss() { local v; v=$(bench_status VmRSS); echo "${v%% *}"; }

# bench_ticks pid... -> utime + stime in clock ticks, summed (0 for a gone pid).
# The command name in /proc/PID/stat may hold spaces: fields count after ") ".
bench_ticks() {
  local p total=0 t
  for p in "$@"; do
    t=$(awk '{ sub(/^.*\) /, ""); print $12 + $13 }' "/proc/$p/stat" 2>/dev/null) || t=0
    total=$((total + ${t:-0}))
  done
  echo "$total"
}
bench_cpu() { # ticks0 ticks1 seconds -> % of one CPU
  awk -v a="$1" -v b="$2" -v s="$3" -v hz="$(getconf CLK_TCK)" 'BEGIN { printf "%.0f", (s > 0 ? (b - a) / hz / s * 100 : 0) }'
}
bench_cpu_s() { # ticks0 ticks1 -> CPU seconds
  awk -v a="$1" -v b="$2" -v hz="$(getconf CLK_TCK)" 'BEGIN { printf "%.2f", (b - a) / hz }'
}

# bench_phase file name seconds gen_pid: waits for the load generator's
# "phase NAME" line; dies with its messages if it stops first.
bench_phase() {
  local i
  for i in $(seq $(($3 * 10))); do
    grep -q "^phase $2\$" "$1" && return 0
    if ! kill -0 "$4" 2>/dev/null; then
      cat "$tmp/load.err" >&2 2>/dev/null || true
      kill -0 "$pid" 2>/dev/null || { tail -n 20 "$tmp/server.log" >&2; die "the server died before phase $2"; }
      grep -q "^phase $2\$" "$1" && return 0
      die "the load generator stopped before phase $2 (its messages above)"
    fi
    sleep 0.1
  done
  cat "$tmp/load.err" >&2 2>/dev/null || true
  die "the load generator did not reach phase $2 within $3 s"
}
bench_result() { awk -v k="$2" '$1 == "result" && $2 == k { print $3 }' "$1"; }

# bench_wrk "wrk args" url name [header]
#   -> prints "name req/s p99-ms errors requests cpu-us/request"
# cpu-us/request: CPU time of $bench_cpu_pids (default: the server) during the
# run, over the requests wrk completed.
bench_wrk() {
  local out status=0 c0 c1
  # shellcheck disable=SC2086 # lists of pids and of wrk options
  c0=$(bench_ticks ${bench_cpu_pids:-$pid})
  # shellcheck disable=SC2086
  out=$(timeout $((BENCH_SECONDS + 30)) wrk $1 -d"${BENCH_SECONDS}s" --latency \
    ${4:+-H "$4"} "$2") || status=$?
  # shellcheck disable=SC2086
  c1=$(bench_ticks ${bench_cpu_pids:-$pid})
  # A crash under load is a finding in itself; its numbers would mean nothing.
  if ! kill -0 "$pid" 2>/dev/null; then
    tail -n 20 "$tmp/server.log" >&2
    die "the server died during the $3 run (log above); no figures reported"
  fi
  [ "$status" = 0 ] || { echo "$out" >&2; die "wrk failed (status $status) on $2"; }
  # Latency lines read e.g. "99%  812.00us"; wrk's units are us, ms, s, m.
  echo "$out" | awk -v name="$3" -v ticks=$((c1 - c0)) -v hz="$(getconf CLK_TCK)" '
    /^Requests\/sec:/ { rps = $2 }
    / requests in / { requests = $1 }
    /^ *99%/ {
      v = $2; u = v; sub(/^[0-9.]+/, "", u); v += 0
      if (u == "us") v /= 1000; else if (u == "s") v *= 1000; else if (u == "m") v *= 60000
      p99 = v
    }
    /Non-2xx or 3xx responses:/ { bad += $NF }
    /Socket errors:/ { gsub(/,/, ""); bad += $4 + $6 + $8 + $10 }
    END {
      if (rps == "" || p99 == "" || requests == "") exit 1
      printf "%s %.2f %.3f %d %d %.2f\n", name, rps, p99, bad, requests,
        (requests > 0 ? ticks / hz * 1e6 / requests : -1)
    }' || { echo "$out" >&2; die "could not read wrk output for $2 (shown above)"; }
}

# bench_status VmRSS -> "123456 kB"; Threads -> "17"
bench_status() {
  sed -n "s/^$1:[[:space:]]*//p" "/proc/$pid/status" 2>/dev/null
}
