#!/usr/bin/env bash
# `cmake --install` gives a runnable server that finds its own files: the
# tree is moved after installing and started from another working folder
# with no --config; it must serve from itself, never from the checkout.
#   install.sh BUILD_DIR
set -euo pipefail
build=$1
tmp=$(mktemp -d)
source "$(dirname "$0")/lib.sh"
trap cleanup EXIT

cmake --install "$build" --prefix "$tmp/installed" >/dev/null
mv "$tmp/installed" "$tmp/moved"
p=$tmp/moved
for f in bin/rolecall lib/rolecall/plugins/guest.so lib/rolecall/plugins/moderator.so \
  share/rolecall/templates/layout.html share/rolecall/vendor/bootstrap/dist/css/bootstrap.min.css \
  share/rolecall/vendor/@signalwire/js/dist/index.umd.js etc/rolecall/rolecall.ini \
  include/rolecall/RolePlugin.h; do
  [ -f "$p/$f" ] || fail "cmake --install did not install $f"
done
# No path of the checkout is compiled into the server.
# (Read whole first: under pipefail, `readelf | grep -q` that matches early
# can fail with SIGPIPE and so pass.)
strings=$(readelf -p .rodata "$p/bin/rolecall")
if grep -qF "$(cd "$build/.." && pwd)" <<<"$strings"; then
  fail "the binary names a source path"
fi

grep -q '^port = 5000$' "$p/etc/rolecall/rolecall.ini" || fail "installed config has no port line"
sed -i 's/^port = 5000$/port = 0/' "$p/etc/rolecall/rolecall.ini"
echo "/* installed copy */" >> "$p/share/rolecall/templates/static/rolecall.css"

cd /
start_server env -u STATE_DIRECTORY "$p/bin/rolecall"
check_installed_server "$p/etc/rolecall/rolecall.ini" "$p/var/lib/rolecall"
echo "installed tree, moved, serves from itself"
echo "1 passed, 0 failed"
