# Deploy tests: build the Debian package, inspect it, and (as root, with apt) install it for real, use
# the installed host through its installed manifest, and remove it again.

arch=$(dpkg-architecture -qDEB_HOST_ARCH 2>/dev/null || dpkg --print-architecture)
deb="$BUILD/noticeboard_${version}_$arch.deb"
rm -f "$deb"
check "make deb builds $deb" mk deb
if [ ! -f "$deb" ]; then
  bad "the package exists at $deb"
  return 0
fi

info=$(dpkg-deb -f "$deb" Package Version Architecture Depends)
for want in "Package: noticeboard" "Version: $version" "Architecture: $arch" libjansson4 libhunspell \
            libpcre2-8-0 hunspell-en-gb libc6; do
  if printf '%s' "$info" | grep -qF -- "$want"; then ok "the package control says $want"
  else bad "the package control says $want" "$info"; fi
done

contents=$(dpkg-deb -c "$deb")
for want in "./usr/bin/noticeboard-host" \
            "./usr/lib/noticeboard/chromium/org.noticeboard.host.json" \
            "./usr/lib/noticeboard/firefox/org.noticeboard.host.json" \
            "./etc/opt/chrome/native-messaging-hosts/org.noticeboard.host.json -> /usr/lib/noticeboard/chromium/org.noticeboard.host.json" \
            "./etc/chromium/native-messaging-hosts/org.noticeboard.host.json -> /usr/lib/noticeboard/chromium/org.noticeboard.host.json" \
            "./etc/opt/edge/native-messaging-hosts/org.noticeboard.host.json -> /usr/lib/noticeboard/chromium/org.noticeboard.host.json" \
            "./usr/lib/mozilla/native-messaging-hosts/org.noticeboard.host.json -> ../../noticeboard/firefox/org.noticeboard.host.json" \
            "./usr/share/doc/noticeboard/changelog.gz" "./usr/share/lintian/overrides/noticeboard"; do
  if printf '%s' "$contents" | grep -qF -- "$want"; then ok "the package holds $want"
  else bad "the package holds $want" "$contents"; fi
done
if printf '%s' "$contents" | awk '{print $2}' | grep -qv '^root/root$'; then
  bad "every file in the package is owned by root" "$contents"
else ok "every file in the package is owned by root"; fi

unpacked=$scratch/deb
dpkg-deb -x "$deb" "$unpacked"
check "the packaged Chromium-family manifest names /usr/bin/noticeboard-host" \
  node tests/deploy/check-manifest.js "$unpacked/usr/lib/noticeboard/chromium/org.noticeboard.host.json" chromium /usr/bin/noticeboard-host
check "the packaged Firefox manifest names /usr/bin/noticeboard-host" \
  node tests/deploy/check-manifest.js "$unpacked/usr/lib/noticeboard/firefox/org.noticeboard.host.json" firefox /usr/bin/noticeboard-host
strip --strip-unneeded --remove-section=.comment --remove-section=.note -o "$scratch/stripped" "$BUILD/noticeboard-host"
check "the packaged binary is the built one, stripped" cmp "$scratch/stripped" "$unpacked/usr/bin/noticeboard-host"

# A real install changes the machine, so only as root, and only when apt would fetch nothing: the
# dependencies must already be here (scripts/install-deps puts them in place). A dry run proves that
# instead of --no-download, which apt 2.6 refuses for a local .deb ("Pathname to install is not
# absolute", even with an absolute path).
apt_quiet() { DEBIAN_FRONTEND=noninteractive apt-get -y -q -o DPkg::Lock::Timeout=120 "$@"; }
if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null; then
  skip "installing the package for real needs root and apt-get"
  return 0
fi
if dpkg-query -W -f '${Status}' noticeboard 2>/dev/null | grep -q 'install ok installed'; then
  skip "installing the package for real: noticeboard is already installed here, and the test would remove it"
  return 0
fi
debpath=$(cd "$(dirname "$deb")" && pwd)/$(basename "$deb")
plan=$(apt-get -s install "$debpath" 2>&1 | grep '^Inst ' | grep -v '^Inst noticeboard ')
if [ -n "$plan" ]; then
  skip "installing the package for real: apt would first download $(printf '%s' "$plan" | wc -l) packages"
  return 0
fi
check "apt-get install ./noticeboard_${version}_$arch.deb installs it" apt_quiet install "$debpath"
package_installed_by_test=yes
check "/usr/bin/noticeboard-host --version reports $version" \
  sh -c "/usr/bin/noticeboard-host --version | grep -qF '$version'"
post="Bed 4 patient John Smith, NHS number 943 476 5919, is being discharged today"
/usr/bin/noticeboard-host check --json >"$scratch/check.json" 2>"$scratch/check.err" <<<"$post"
status=$?
if [ "$status" -eq 1 ] && node -e 'const r = JSON.parse(require("fs").readFileSync(0, "utf8"));
    process.exit(r.warnings.some((w) => w.category === "patient-identifiable") ? 0 : 1)' <"$scratch/check.json"; then
  ok "the installed noticeboard-host check flags a patient's NHS number (exit 1)"
else
  bad "the installed noticeboard-host check flags a patient's NHS number (exit 1)" \
    "exit $status: $(cat "$scratch/check.json" "$scratch/check.err")"
fi
check "the host behind the installed Chrome manifest answers hello, with its dictionary" \
  node tests/deploy/hello.js /etc/opt/chrome/native-messaging-hosts/org.noticeboard.host.json
check "the host behind the installed Firefox manifest answers hello, with its dictionary" \
  node tests/deploy/hello.js /usr/lib/mozilla/native-messaging-hosts/org.noticeboard.host.json
if [ -z "$chromium_bin" ]; then
  skip "a real Chromium finding the installed host: no chromium here"
elif [ ! -d tests/deploy/node_modules/playwright-core ]; then
  bad "a real Chromium finds the installed host: playwright-core is missing (make tests/deploy/node_modules/.package-lock.json)"
else
  check "a real Chromium, with no per-user manifest, reaches the host through /etc/chromium and gets its hello" \
    node tests/deploy/browser-finds-host.js "$chromium_bin"
fi
check "apt-get remove noticeboard removes it" apt_quiet remove noticeboard
package_installed_by_test=no
left=$(ls -d /usr/bin/noticeboard-host /usr/lib/noticeboard /etc/opt/chrome/native-messaging-hosts/org.noticeboard.host.json \
          /etc/chromium/native-messaging-hosts/org.noticeboard.host.json /etc/opt/edge/native-messaging-hosts/org.noticeboard.host.json \
          /usr/lib/mozilla/native-messaging-hosts/org.noticeboard.host.json 2>/dev/null)
if [ -z "$left" ]; then ok "removing the package leaves no host or manifest behind"
else bad "removing the package leaves no host or manifest behind" "$left"; fi
