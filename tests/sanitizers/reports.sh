#!/bin/sh
# Sanitizer reports of a ROLECALL_SANITIZE test run. Every process the tests
# start writes its reports to DIR (ASAN/UBSAN_OPTIONS log_path), servers
# started by a test included, whose stderr that test may never read.
#   reports.sh start DIR   empty DIR (CTest fixture setup, before any test)
#   reports.sh check DIR   fail, printing them, if any report was written
set -eu
dir=$2
case $1 in
start)
  rm -rf "$dir"
  mkdir -p "$dir"
  ;;
check)
  found=$(find "$dir" -type f | sort)
  if [ -n "$found" ]; then
    for f in $found; do
      echo "=== $f"
      cat "$f"
    done
    echo "$(echo "$found" | wc -l) sanitizer report(s) in $dir"
    exit 1
  fi
  echo "no sanitizer reports"
  ;;
esac
