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

# Pack inheritance (docs/pack-format.md): the fixture takes the nhs rules and cites its own sections.
# The insult is more than one word and the swap is asked in full: the model reads the post as a
# whole, and one mild insult, or a bare "swap my shift", among a patient and the rest is a post whose
# words do not argue for that category, so nhs's doubt would withdraw it.
heir=$fixtures/inherit.json
post='Anyone swap my late shift on Saturday for an early? Mrs Patel in bay 3 pulled her cannula out. Some bellend parked across the ambulance bay again, what an absolute moron'
expect "inheriting pack" 1 sh -c "echo '$post' | $host check --json --pack $heir"
python3 - "$tmp/out" <<'PY' && ok || fail "inherited rules cite the inheriting pack's sections, with its overrides"
import json, sys
ws = {w["rule"]: w for w in json.loads(open(sys.argv[1]).read())["warnings"]}
assert ws["nhs.shift-swap"]["policy"] == {"pack": "heir", "section": "1", "title": "Rotas",
                                          "url": "https://example.org/heir.pdf#page=1"}, ws["nhs.shift-swap"]
assert ws["nhs.shift-swap"]["message"] == "Ask the rota office for swaps.", ws["nhs.shift-swap"]
assert ws["nhs.patient-name"]["policy"]["title"] == "Patients", ws["nhs.patient-name"]
assert ws["nhs.patient-name"]["policy"]["url"] == "https://example.org/heir.pdf", ws["nhs.patient-name"]
assert ws["nhs.insult"]["policy"]["section"] == "3" and ws["nhs.insult"]["severity"] == "warning", ws["nhs.insult"]
PY
for text in 'the number is 9434765919' 'What a retard, honestly'; do
  expect "the default pack flags '$text'" 1 sh -c "echo '$text' | $host check"
  expect "excepted or unmapped rules are not inherited: '$text'" 0 sh -c "echo '$text' | $host check --pack $heir"
done
expect "pack-test runs inherited examples" 0 "$host" pack-test "$heir"
n=$(grep -oE '^[0-9]+ passed' "$tmp/out" | grep -oE '[0-9]+')
[ "${n:-0}" -gt 60 ] && ok || fail "pack-test on the inheriting fixture ran only ${n:-0} examples"
expect "a seed pack cites its own policy" 1 sh -c "echo 'anyone swap my shift on Sat' | $host check --json --pack uhl"
contains out '"policy":{"pack":"uhl","section":"1.7","title":"Introduction"' "uhl shift swaps cite 1.7"

# bad_heir NAME SED-EXPRESSION WANT: the fixture changed by SED must fail to load with WANT on stderr.
bad_heir() {
  sed "$2" "$heir" >"$tmp/heir.json"
  expect "$1" 2 "$host" pack-check "$tmp/heir.json"
  contains err "$tmp/heir.json:$3" "$1: FILE:LINE:COL and reason"
}
bad_heir "unknown pack" 's/"pack": "nhs"/"pack": "nope"/' '14:13: inherit: unknown pack "nope"'
bad_heir "unknown parent section" 's/"P5": null/"P99": null/' '17:7: inherit: "P99" is not a section of pack "nhs"'
bad_heir "unknown own section" 's/"P1": "2"/"P1": "9"/' '16:7: inherit: section "9" (for P1) is not in the pack'
bad_heir "inheritance cycle" 's/"id": "heir"/"id": "nhs"/' '14:13: inherit: inheritance cycle nhs -> nhs'
bad_heir "unknown excepted rule" 's/"nhs.nhs-number"/"nhs.nope"/' '23:16: inherit: "except" names "nhs.nope"'
bad_heir "unknown replaced rule" 's/"nhs.shift-swap-date"/"nhs.nope"/' '29:20: rule heir.swap-board: "replaces" names "nhs.nope"'
bad_heir "unknown parent section with an override" 's/"P10": {/"P10x": {/' '18:7: inherit: "P10x" is not a section'
bad_heir "override of a rule not inherited" 's/\["nhs.nhs-number"\]/["nhs.nhs-number", "nhs.insult"]/' \
  '21:7: inherit: rule "nhs.insult" is overridden but not inherited'

# words: what the word model reads, one JSON array per file, so training sees the host's own words.
printf 'Mrs Patel, 78, in Bed 4 https://example.org/x can\xe2\x80\x99t wait #ShiftSwap' >"$tmp/w1.txt"
printf 'second post \xf0\x9f\x99\x84\xe2\x9d\x84\xef\xb8\x8f' >"$tmp/w2.txt"
expect "words" 0 "$host" words "$tmp/w1.txt" "$tmp/w2.txt"
if [ "$(cat "$tmp/out")" = $'["mrs","patel","00","in","bed","0","can\'t","wait","shiftswap"]\n["second","post","\xf0\x9f\x99\x84","\xe2\x9d\x84"]' ]; then ok
else fail "words: lower case, digits as 0, links out, curly apostrophe straight, emoji as words: $(cat "$tmp/out")"; fi
expect "words of a missing file" 2 "$host" words "$tmp/nowhere.txt"
contains err "cannot read $tmp/nowhere.txt" "words names the file it cannot read"
expect "help lists words" 0 "$host" --help
contains out "words [FILE...]" "--help lists the words command"

# A model rule names a category the word model was trained on, and "percent" is a whole percentage.
model_rule() {
  python3 - "$1" "$2" >"$tmp/model-pack.json" <<'PY'
import json, sys
pack = json.load(open("packs/nhs.json"))
rule = next(r for r in pack["rules"] if r["id"] == "nhs.model-legal")
rule["match"] = json.loads(sys.argv[1])
pack["id"] = "model-test"
print(json.dumps(pack, indent=2))
PY
  expect "model rule: $1" 2 "$host" pack-check "$tmp/model-pack.json"
  contains err "$2" "model rule: $1: reason"
}
model_rule '{"model": "gossip"}' 'rule nhs.model-legal: the word model has no output "gossip"'
model_rule '{"model": "legal", "percent": 100}' 'rule nhs.model-legal: "percent" must be a whole number from 1 to 99'

echo "cli: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
