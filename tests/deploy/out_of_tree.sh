#!/usr/bin/env bash
# A plugin author's walk, for real: install the SDK to a temporary prefix,
# build examples/helpdesk out of tree against it, serve it, fetch its page
# and token.
#   out_of_tree.sh BUILD_DIR SOURCE_DIR
set -euo pipefail
build=$1 source=$2
tmp=$(mktemp -d)
source "$(dirname "$0")/lib.sh"
trap cleanup EXIT

cmake --install "$build" --prefix "$tmp/prefix" >/dev/null
# The SDK asks for the very Poco release the server was built with.
poco_dir=$(sed -n 's/^Poco_DIR:PATH=//p' "$build/CMakeCache.txt")
poco=$(sed -n 's/^set(PACKAGE_VERSION "\([0-9.]*\)")$/\1/p' "$poco_dir/PocoConfigVersion.cmake")
grep -rq "find_dependency(Poco $poco EXACT" "$tmp/prefix"/lib*/cmake/rolecall/rolecallConfig.cmake \
  || fail "the SDK's CMake package does not require Poco $poco exactly"
cp -r "$source/examples/helpdesk" "$tmp/helpdesk"
cmake -S "$tmp/helpdesk" -B "$tmp/helpdesk/build" -DCMAKE_PREFIX_PATH="$tmp/prefix" >/dev/null
cmake --build "$tmp/helpdesk/build" >/dev/null
[ -f "$tmp/helpdesk/build/helpdesk.so" ] || fail "no helpdesk.so built"

cat > "$tmp/rolecall.ini" <<INI
[server]
host = 127.0.0.1
port = 0
plugin_dir = $tmp/helpdesk/build
template_dir = $source/templates
vendor_dir = $source/node_modules
state_dir = $tmp/state
[role.helpdesk]
plugin = helpdesk
auth = none
INI
"$build/rolecall" --config="$tmp/rolecall.ini" --list-roles | grep -q "^helpdesk *\/helpdesk *Help desk" \
  || fail "--list-roles does not show the plugin's role"
start_server "$build/rolecall" --config="$tmp/rolecall.ini"
page=$(curl -sf "http://127.0.0.1:$port/helpdesk?room=Desk")
grep -q '<span class="badge text-bg-info" id="role-label">Help desk</span>' <<<"$page" || fail "page lacks the label"
grep -q '<span id="user-name">agent</span>' <<<"$page" || fail "plugin's user name policy not used"
token=$(curl -sf "http://127.0.0.1:$port/api/token?role=helpdesk&room=Desk")
grep -q '"permissions":\["room.self.audio_mute","room.self.audio_unmute","room.self.video_mute","room.self.video_unmute","room.member.audio_mute"\]' <<<"$token" \
  || fail "token lacks the plugin's permissions: $token"
echo "out-of-tree plugin built against the installed SDK and served"
echo "1 passed, 0 failed"
