#!/usr/bin/env bash
# `./scripts/run` builds the `serve` target: the server and its plugins, and
# nothing of the tests or benchmarks. Read from a dry run (make -n) of a
# freshly configured tree, so nothing is compiled here.
#   serve_target.sh SOURCE_DIR
set -euo pipefail
source_dir=$1
tmp=$(mktemp -d)
source "$(dirname "$0")/lib.sh"
trap cleanup EXIT

cmake -S "$source_dir" -B "$tmp/build" -G "Unix Makefiles" -DBUILD_TESTING=ON >/dev/null
# -k: a dry run cannot link against a library it did not build; go on.
plan=$(cmake --build "$tmp/build" --target serve -- -n -k 2>&1 || true)
for wanted in core/src/app/main.cpp plugins/guest/GuestRole.cpp plugins/moderator/ModeratorRole.cpp; do
  grep -qF "$source_dir/$wanted" <<<"$plan" || fail "serve does not build $wanted"
done
if grep -E "$source_dir/(tests|bench)/" <<<"$plan" | head -3 | grep .; then
  fail "serve builds test or benchmark sources"
fi
grep -q 'scripts/setup$' "$source_dir/scripts/run" && grep -q -- '--target serve' "$source_dir/scripts/setup" \
  || fail "scripts/run does not build the serve target"
echo "serve builds $(grep -c -- ' -c ' <<<"$plan") sources, none of the tests"
echo "1 passed, 0 failed"
