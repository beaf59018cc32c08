# Shared by the deploy tests (bash). Source it after setting `tmp`.
server="" port=""

fail() {
  echo "FAIL: $*"
  [ -f "$tmp/server.log" ] && cat "$tmp/server.log"
  exit 1
}

cleanup() {
  [ -n "$server" ] && kill "$server" 2>/dev/null
  wait 2>/dev/null
  rm -rf "$tmp"
}

# start_server CMD...: runs CMD in the background with its output in
# $tmp/server.log; returns once the log names the port it listens on
# (sets $server and $port), or fails after 20 s of silence.
start_server() {
  mkfifo "$tmp/server.out"
  "$@" > "$tmp/server.out" 2>&1 &
  server=$!
  exec {out}<"$tmp/server.out"
  local line
  while IFS= read -r -t 20 line <&"$out"; do
    echo "$line" >> "$tmp/server.log"
    if [[ $line =~ listening\ on\ https?://[^\ ]*:([0-9]+) ]]; then
      port=${BASH_REMATCH[1]}
      break
    fi
  done
  [ -n "$port" ] || fail "server did not start"
  cat <&"$out" >> "$tmp/server.log" &  # keep reading: a full pipe would stall it
}

# wait_log TEXT: returns once the server's log holds TEXT (a fixed string),
# woken by each line written (tail -F follows with inotify); fails after 20 s.
wait_log() {
  local text=$1 line found="" follow
  exec {follow}< <(exec timeout 20 tail -n +1 -F "$tmp/server.log" 2>/dev/null)
  local follower=$!
  while IFS= read -r line <&"$follow"; do
    if [[ $line == *"$text"* ]]; then found=1; break; fi
  done
  kill "$follower" 2>/dev/null || true
  exec {follow}<&-
  [ -n "$found" ] || fail "the log never said: $text"
}

# status URL [curl options]: the HTTP status of a GET.
status() {
  local url=$1; shift
  curl -s -o /dev/null -w '%{http_code}' "$@" "$url"
}

# expect_status CODE PATH [curl options]
expect_status() {
  local want=$1 path=$2; shift 2
  local got
  got=$(status "http://127.0.0.1:$port$path" "$@")
  [ "$got" = "$want" ] || fail "GET $path answered $got, expected $want"
}

# check_installed_server CONFIG STATE_DIR: a started server from an installed
# tree serves its pages, its own copy of the static files and only the
# vendor files it installed; its one-time password is in STATE_DIR.
check_installed_server() {
  local config=$1 state=$2
  grep -q "has no credentials in $config" "$tmp/server.log" || fail "server did not read $config"
  local page
  page=$(curl -sf "http://127.0.0.1:$port/guest?room=Lobby") || fail "no guest page"
  grep -q 'id="role-label">Regular User<' <<<"$page" || fail "guest page lacks its label"
  local css # read whole: `curl | grep -q` can fail with SIGPIPE under pipefail
  css=$(curl -sf "http://127.0.0.1:$port/static/rolecall.css") || fail "no stylesheet"
  grep -q "installed copy" <<<"$css" || fail "static files are not the installed ones"
  expect_status 200 /static/vendor/bootstrap/css/bootstrap.min.css
  expect_status 200 /static/vendor/signalwire/index.umd.js
  expect_status 200 /static/vendor/bootstrap-icons/bootstrap-icons.min.css
  expect_status 200 /static/vendor/bootstrap-icons/fonts/bootstrap-icons.woff2
  # In node_modules, but not needed by any page, so not installed.
  expect_status 404 /static/vendor/bootstrap/css/bootstrap.css
  expect_status 404 /static/vendor/bootstrap-icons/bootstrap-icons.css
  [ "$(stat -c %a "$state/initial-password")" = 600 ] || fail "initial-password is not mode 0600"
  local password
  password=$(sed -n 's/^role moderator: user moderator, password //p' "$state/initial-password")
  [ -n "$password" ] || fail "no password in $state/initial-password"
  expect_status 401 /
  expect_status 200 / -u "moderator:$password"
}
