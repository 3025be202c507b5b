# Shared by the deploy test files: counting, reporting and a scratch folder removed at exit.
#
# Each check calls ok or bad with a sentence saying what was expected, so a failure reads as what broke.
# skip says why a check could not run here; skipped checks count as neither passed nor failed, and
# the suite lists them so nothing is silently passed.

passed=0 failed=0 skipped=0
scratch=$(mktemp -d "${TMPDIR:-/tmp}/noticeboard-deploy.XXXXXX")
# deb.sh sets this while the package it installed is on the machine, so even a suite that dies
# half-way does not leave noticeboard installed.
package_installed_by_test=no
cleanup() {
  rm -rf "$scratch"
  if [ "$package_installed_by_test" = yes ]; then
    DEBIAN_FRONTEND=noninteractive apt-get -y -q -o DPkg::Lock::Timeout=120 remove noticeboard >/dev/null 2>&1
  fi
}
trap cleanup EXIT

ok()   { passed=$((passed + 1)); printf 'ok   %s\n' "$1"; }
bad()  { failed=$((failed + 1)); printf 'FAIL %s\n' "$1"; [ -n "${2:-}" ] && printf '%s\n' "$2" | sed 's/^/     /'; return 0; }
skip() { skipped=$((skipped + 1)); printf 'skip %s\n' "$1"; }

# check "what" command...: passes when the command succeeds, shows its output when it does not.
check() {
  what=$1; shift
  if out=$("$@" 2>&1); then ok "$what"; else bad "$what" "$out"; fi
}

# refuses "what" "expected text" command...: passes when the command fails and says the expected text.
refuses() {
  what=$1 expected=$2; shift 2
  if out=$("$@" 2>&1); then bad "$what (it succeeded)" "$out"
  elif printf '%s' "$out" | grep -qF -- "$expected"; then ok "$what"
  else bad "$what (no \"$expected\" in the message)" "$out"; fi
}

# The Chromium the real-browser checks drive, when there is one.
chromium_bin=$(command -v chromium || command -v chromium-browser || true)

# The same make the suite runs under, quiet, with the build folder it was given.
mk() { make --no-print-directory -s BUILD="$BUILD" "$@"; }
