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
[ -f "$tmp/prefix/include/rolecall/TEMPLATES.md" ] || fail "the SDK does not install TEMPLATES.md"
# The SDK asks for the very Poco release the server was built with.
poco_dir=$(sed -n 's/^Poco_DIR:PATH=//p' "$build/CMakeCache.txt")
poco=$(sed -n 's/^set(PACKAGE_VERSION "\([0-9.]*\)")$/\1/p' "$poco_dir/PocoConfigVersion.cmake")
grep -rq "find_dependency(Poco $poco EXACT" "$tmp/prefix"/lib*/cmake/rolecall/rolecallConfig.cmake \
  || fail "the SDK's CMake package does not require Poco $poco exactly"
cp -r "$source/examples/helpdesk" "$tmp/helpdesk"
cmake -S "$tmp/helpdesk" -B "$tmp/helpdesk/build" -DCMAKE_PREFIX_PATH="$tmp/prefix" >/dev/null
cmake --build "$tmp/helpdesk/build" >/dev/null
[ -f "$tmp/helpdesk/build/helpdesk.so" ] || fail "no helpdesk.so built"

# Installed as an admin would: into the server's plugin folder, with its template.
cmake --install "$tmp/helpdesk/build" --prefix "$tmp/served" >/dev/null
plugins=$tmp/served/lib/rolecall/plugins
[ -f "$plugins/helpdesk.so" ] && [ -f "$plugins/helpdesk.html" ] \
  || fail "cmake --install did not put helpdesk.so and helpdesk.html in lib/rolecall/plugins"

cat > "$tmp/rolecall.ini" <<INI
[server]
host = 127.0.0.1
port = 0
plugin_dir = $plugins
template_dir = $source/templates
vendor_dir = $source/node_modules
state_dir = $tmp/state
[role.helpdesk]
plugin = helpdesk
auth = none
greeting = Desk <7> is open
INI
"$build/rolecall" --config="$tmp/rolecall.ini" --list-roles >"$tmp/roles.txt"
grep -q "^helpdesk *\/helpdesk *Help desk" "$tmp/roles.txt" || fail "--list-roles does not show the plugin's role"
grep -q "^    greeting = Desk <7> is open  (text, default 'How can we help?')" "$tmp/roles.txt" \
  || fail "--list-roles does not show the plugin's setting: $(cat "$tmp/roles.txt")"
start_server "$build/rolecall" --config="$tmp/rolecall.ini"
page=$(curl -sf "http://127.0.0.1:$port/helpdesk?room=Desk")
grep -q 'id="role-label">Help desk</span>' <<<"$page" || fail "page lacks the label"
grep -q '<span id="user-name">agent</span>' <<<"$page" || fail "plugin's user name policy not used"
# Its own template (not in the server's template folder), with its setting, escaped.
grep -q '<h2 class="h6" id="helpdesk-greeting">Desk &lt;7&gt; is open</h2>' <<<"$page" \
  || fail "page is not the plugin's own template with its setting"
token=$(curl -sf "http://127.0.0.1:$port/api/token?role=helpdesk&room=Desk")
grep -q '"permissions":\["room.self.audio_mute","room.self.audio_unmute","room.self.video_mute","room.self.video_unmute","room.member.audio_mute"\]' <<<"$token" \
  || fail "token lacks the plugin's permissions: $token"

# Upgraded live: rebuilt with another label, copied over the served file in
# place (cp), then `rolecall reload`; no restart.
sed -i 's/return "Help desk";/return "Help desk v2";/' "$tmp/helpdesk/HelpdeskRole.cpp"
cmake --build "$tmp/helpdesk/build" >/dev/null
cp "$tmp/helpdesk/build/helpdesk.so" "$plugins/helpdesk.so"
"$build/rolecall" reload --config="$tmp/rolecall.ini" >/dev/null || fail "rolecall reload failed"
# Logged once the new roles are served.
wait_log "changed role helpdesk: label, plugin rebuilt"
# Read whole, then matched: `curl | grep -q` fails under pipefail whenever
# grep stops reading before curl has written everything (SIGPIPE).
page=$(curl -sf "http://127.0.0.1:$port/helpdesk?room=Desk")
grep -q 'id="role-label">Help desk v2<' <<<"$page" || fail "the rebuilt plugin is not served after reload"
echo "out-of-tree plugin with a setting and its own template built against the installed SDK, served, and upgraded live"
echo "1 passed, 0 failed"
