#!/usr/bin/env bash
# bench/soak works at CI length: a 30 s churn against its own server joins,
# toggles and leaves in every way with 0 errors and both aims reported; against
# a running server (--port/--pid) whose rooms take one member, the refused
# joins are counted as errors ("0 errors: NOT met") and that server is left
# running.
#   soak.sh SOURCE_DIR BUILD_DIR
set -euo pipefail
source_dir=$1 build_dir=$2
tmp=$(mktemp -d)
source "$source_dir/tests/deploy/lib.sh"
trap cleanup EXIT
soak() { BUILD_DIR=$build_dir "$source_dir/bench/soak" --seconds 30 --stay-max 3 --rate 10 "$@"; }

soak >"$tmp/own.out" 2>&1 || { cat "$tmp/own.out"; fail "bench/soak against its own server failed"; }
out=$(cat "$tmp/own.out")
grep -q '^  0 errors: 0, met$' <<<"$out" || { echo "$out"; fail "errors under churn"; }
grep -qE '^  RSS ends within 5% of where it settled: [-+][0-9.]+%, (met|NOT met)$' <<<"$out" ||
  { echo "$out"; fail "no RSS verdict"; }
for kind in abrupt_fin abrupt_reset close_frame room_leave; do
  grep -qE "left \(.*$kind=[1-9]" <<<"$out" || { echo "$out"; fail "no leave by $kind"; }
done
grep -qE '^ +[0-9]+ s  RSS .* fds .* threads ' <<<"$out" || { echo "$out"; fail "no sample lines"; }

cat >"$tmp/one.ini" <<INI
[server]
host = 127.0.0.1
port = 0
max_participants = 1
template_dir = $source_dir/templates
vendor_dir = $source_dir/node_modules
plugin_dir = $build_dir/plugins
state_dir = $tmp/state
[role.guest]
plugin = guest
route = /guest
auth = none
INI
start_server "$build_dir/rolecall" --config="$tmp/one.ini"
soak --size 3 --port "$port" --pid "$server" >"$tmp/attached.out" 2>&1 ||
  { cat "$tmp/attached.out"; fail "bench/soak against a running server failed"; }
out=$(cat "$tmp/attached.out")
grep -qE '^  0 errors: [1-9][0-9]*, NOT met$' <<<"$out" || { echo "$out"; fail "refused joins not counted"; }
grep -qE '^errors .*join=[1-9]' <<<"$out" || { echo "$out"; fail "refused joins not named"; }
grep -q 'room is full' <<<"$out" || { echo "$out"; fail "the refusal is not shown"; }
kill -0 "$server" || fail "bench/soak stopped a server it did not start"
echo "ok"
