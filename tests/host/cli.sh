#!/usr/bin/env bash
# cli.sh: the command line as users and scripts see it (CONTRACT.md), run against the real binary.
#
# Usage: tests/host/cli.sh build/noticeboard-host
# Prints one line per failure and a closing "cli: N passed, N failed".
set -u
host=${1:-build/noticeboard-host}
fixtures=tests/host/fixtures
passed=0 failed=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

ok() { passed=$((passed + 1)); }
fail() { failed=$((failed + 1)); echo "FAIL $*"; }
# expect NAME STATUS COMMAND...: runs COMMAND with its output in $tmp/out and $tmp/err.
expect() {
  local name=$1 want=$2; shift 2
  "$@" >"$tmp/out" 2>"$tmp/err"
  local got=$?
  if [ "$got" -eq "$want" ]; then ok; else fail "$name: exit $got, expected $want ($(head -c 300 "$tmp/err"))"; fi
}
contains() { if grep -qF -- "$2" "$tmp/$1"; then ok; else fail "$3: '$2' not in $1: $(head -c 300 "$tmp/$1")"; fi; }

patient='Mrs Patel in bed 4, NHS no 943 476 5919, was discharged today'

expect "check --json finds the patient" 1 sh -c "echo '$patient' | $host check --json"
python3 - "$tmp/out" "$patient" <<'PY' && ok || fail "check --json spans and policy"
import json, sys
text = sys.argv[2]
lines = open(sys.argv[1]).read().splitlines()
assert len(lines) == 1, lines
ws = [w for w in json.loads(lines[0])["warnings"] if w["category"] == "patient-identifiable"]
spans = {text[w["start"]:w["end"]] for w in ws}
assert "Mrs Patel" in spans and "943 476 5919" in spans, spans
assert all(w["policy"]["section"] and w["policy"]["url"] for w in ws)
PY

expect "checksum-failing number" 1 sh -c "echo '${patient/5919/5918}' | $host check --json"
if grep -q 'nhs-number' "$tmp/out"; then fail "a checksum-failing number raised an NHS-number warning"; else ok; fi

expect "clean post exits 0" 0 sh -c "echo 'Lovely walk by the river this morning' | $host check"
[ ! -s "$tmp/out" ] && ok || fail "clean post printed something: $(cat "$tmp/out")"

printf 'First line is fine\nthe patient in bed 4 was discharged\n' >"$tmp/post.txt"
expect "human output" 1 "$host" check "$tmp/post.txt"
contains out "$tmp/post.txt:2:" "location is FILE:LINE:COL"
contains out "^~~~" "caret and tildes under the span"
contains out "  see nhs §" "policy reference"

expect "several files, one JSON line each" 1 "$host" check --json "$tmp/post.txt" "$tmp/post.txt"
[ "$(wc -l <"$tmp/out")" -eq 2 ] && ok || fail "two files should give two JSON lines"

expect "missing file" 2 "$host" check /nonexistent/post.txt
contains err "cannot read /nonexistent/post.txt" "missing file reason"

expect "unknown pack id" 2 sh -c "echo hi | $host check --pack nope"
contains err 'unknown pack "nope"' "unknown pack reason"

expect "bad pack file" 2 sh -c "echo hi | $host check --pack $fixtures/bad-category.json"
contains err "$fixtures/bad-category.json:106:16: rule mini.swap: unknown category \"gossip\"" "FILE:LINE:COL: rule ID: problem"

printf '{"format": 1,\n  "id": }\n' >"$tmp/broken.json"
expect "broken JSON pack" 2 "$host" pack-check "$tmp/broken.json"
contains err "$tmp/broken.json:2:" "JSON error with its line"

expect "pack file by path" 1 sh -c "echo 'can I swap my shift' | $host check --pack $fixtures/mini.json"
contains out "[mini.swap]" "rule from the pack file"

expect "pack-test on a fixture" 0 "$host" pack-test "$fixtures/mini.json"
contains out "30 passed, 0 failed" "pack-test count"

python3 - "$fixtures/mini.json" "$tmp/wrong.json" <<'PY'
import json, sys
p = json.load(open(sys.argv[1]))
p["rules"][2]["examples"]["pass"][0] = "swap my shift please"
json.dump(p, open(sys.argv[2], "w"))
PY
expect "pack-test reports a failing example" 1 "$host" pack-test "$tmp/wrong.json"
contains out 'mini: rule mini.swap: pass example "swap my shift please": flagged' "readable failure"

expect "--help" 0 "$host" --help
for word in check pack-test packs --pack --json --dict serve; do contains out "$word" "--help documents $word"; done
expect "--version" 0 "$host" --version
contains out "noticeboard-host " "--version output"
expect "packs" 0 "$host" packs
contains out "[default]" "packs marks the default"
expect "unknown option" 2 "$host" check --frobnicate
expect "no command" 2 "$host"

expect "no dictionary: still checks, says so once" 1 sh -c "echo '$patient' | $host check --dict /nonexistent"
[ "$(grep -c 'spelling is off' "$tmp/err")" -eq 1 ] && ok || fail "missing dictionary should be reported once on stderr"
contains out "nhs.nhs-number" "checks run without a dictionary"

printf 'caf\xc3\xa9 \xff\xfe the patient in bed 4 \xf0\x9f\x98\x80 NHS 943 476 5919\n' >"$tmp/invalid.txt"
expect "invalid UTF-8 input" 1 "$host" check --json "$tmp/invalid.txt"
python3 - "$tmp/out" <<'PY' && ok || fail "invalid bytes count as one U+FFFD each in offsets"
import json, sys
units = "café \ufffd\ufffd the patient in bed 4 😀 NHS 943 476 5919\n".encode("utf-16-le")
ws = json.loads(open(sys.argv[1]).read())["warnings"]
assert any(units[2 * w["start"]:2 * w["end"]].decode("utf-16-le") == "943 476 5919" for w in ws), ws
PY

echo "cli: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
