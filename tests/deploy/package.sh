#!/usr/bin/env bash
# The Debian package: its name, control data (dependencies from shlibdeps,
# the conffile), its file list, its systemd unit (systemd-analyze), and its
# tree extracted with dpkg-deb -x serving pages with its own config.
#   package.sh BUILD_DIR VERSION
set -euo pipefail
build=$(cd "$1" && pwd) version=$2
tmp=$(mktemp -d)
source "$(dirname "$0")/lib.sh"
trap cleanup EXIT

cpack --config "$build/CPackConfig.cmake" -B "$tmp/pkg" >"$tmp/cpack.log" 2>&1 \
  || { cat "$tmp/cpack.log"; fail "cpack failed"; }
deb=$tmp/pkg/rolecall_${version}_$(dpkg --print-architecture).deb
[ -f "$deb" ] || fail "no $(basename "$deb") (made: $(ls "$tmp/pkg"))"

info=$(dpkg-deb -I "$deb")
# Nothing in our config names a dependency: these come from dpkg-shlibdeps.
for dep in libc6 libstdc++6 libpocofoundation80 libpoconet80 libpoconetssl80 libssl3; do
  grep -q "^ Depends:.* $dep " <<<"$info" || fail "Depends lacks $dep: $(grep Depends <<<"$info")"
done
[ "$(dpkg-deb --ctrl-tarfile "$deb" | tar -xO ./conffiles)" = /etc/rolecall/rolecall.ini ] \
  || fail "conffiles is not /etc/rolecall/rolecall.ini"

files=$(dpkg-deb -c "$deb" | awk '{print $6}' | grep -v '/$')
expected="./etc/rolecall/rolecall.ini ./usr/bin/rolecall ./usr/lib/systemd/system/rolecall.service
  ./usr/lib/rolecall/plugins/guest.so ./usr/lib/rolecall/plugins/moderator.so
  ./usr/lib/rolecall/plugins/presenter.so ./usr/lib/rolecall/plugins/generic.so
  ./usr/share/rolecall/templates/layout.html ./usr/share/rolecall/templates/static/rolecall.js
  ./usr/share/rolecall/vendor/bootstrap/dist/css/bootstrap.min.css
  ./usr/share/rolecall/vendor/@signalwire/js/dist/index.umd.js
  ./usr/share/rolecall/vendor/bootstrap-icons/font/bootstrap-icons.min.css
  ./usr/share/rolecall/vendor/bootstrap-icons/font/fonts/bootstrap-icons.woff2
  ./usr/share/rolecall/nginx/rolecall.conf"
for f in $expected; do
  grep -qxF "$f" <<<"$files" || fail "package lacks $f"
done
vendor_files=$(grep -c '^./usr/share/rolecall/vendor/' <<<"$files")
[ "$vendor_files" -le 10 ] || fail "package carries $vendor_files vendor files, not only what pages load"
if grep -E 'test|fake|node_modules' <<<"$files"; then fail "package carries test or npm files"; fi

root=$tmp/root
dpkg-deb -x "$deb" "$root"
unit=$root/usr/lib/systemd/system/rolecall.service
for line in DynamicUser=yes StateDirectory=rolecall 'ExecReload=/bin/kill -HUP $MAINPID' \
  NoNewPrivileges=yes ProtectSystem=strict ProtectHome=yes PrivateTmp=yes \
  CapabilityBoundingSet= 'RestrictAddressFamilies=AF_INET AF_INET6 AF_UNIX'; do
  grep -qxF "$line" "$unit" || fail "unit lacks '$line'"
done
# verify checks that ExecStart exists: point it at the extracted binary.
sed "s|/usr/bin/rolecall|$root/usr/bin/rolecall|" "$unit" > "$tmp/rolecall.service"
report=$(systemd-analyze verify "$tmp/rolecall.service" 2>&1) || fail "systemd-analyze verify: $report"
[ -z "$report" ] || fail "systemd-analyze verify: $report"
exposure=$(systemd-analyze security --offline=yes "$tmp/rolecall.service" 2>&1 \
  | sed -n 's/.*Overall exposure level for rolecall.service: \([0-9.]*\).*/\1/p')
awk -v e="$exposure" 'BEGIN { exit !(e != "" && e < 3.0) }' \
  || fail "systemd-analyze security exposure '$exposure' (want below 3.0)"
echo "systemd-analyze security: exposure $exposure"

config=$root/etc/rolecall/rolecall.ini
"$root/usr/bin/rolecall" --check-config >/dev/null || fail "the extracted tree's config does not check"
sed -i 's/^port = 5000$/port = 0/' "$config"
echo "/* installed copy */" >> "$root/usr/share/rolecall/templates/static/rolecall.css"
cd /
# As systemd runs it: state in $STATE_DIRECTORY.
start_server env STATE_DIRECTORY="$tmp/state" "$root/usr/bin/rolecall"
check_installed_server "$config" "$tmp/state"
echo "$(basename "$deb"): $(wc -l <<<"$files") files, serves from its extracted tree"
echo "1 passed, 0 failed"
