#!/usr/bin/env bash
# demo.sh: `make demo`: checks every sample post in examples/ through the real host and the embedded
# default pack, printing the warnings as a user of the command line sees them.
#
# Usage: host/demo.sh HOST EXAMPLES_DIR
set -u
host=${1:-build/noticeboard-host} dir=${2:-examples}
posts=0 flagged=0
for post in "$dir"/*.txt; do
  posts=$((posts + 1))
  echo "=== $post"
  sed 's/^/    /' "$post"
  echo
  "$host" check "$post"
  case $? in
    0) echo "no warnings" ;;
    1) flagged=$((flagged + 1)) ;;
    *) echo "noticeboard-host failed on $post" >&2; exit 2 ;;
  esac
  echo
done
echo "$posts sample posts checked with the $("$host" packs | awk '/\[default\]/ {print $1}') pack: $flagged with warnings, $((posts - flagged)) clean."
