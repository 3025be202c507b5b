# Deploy tests: install the host and its manifests into a scratch DESTDIR, for every browser, system-wide
# and per user, on the Linux and macOS layouts, then uninstall; and the refusals when something is missing.

chromium_id=bnalbfjhmnlchfmjgkalbiaphjodpaam
family_of() { case "$1" in firefox) echo firefox ;; *) echo chromium ;; esac; }

# expect_manifests ROOT HOST_PATH FILE-FOR-chrome FILE-FOR-chromium FILE-FOR-edge FILE-FOR-firefox
expect_manifests() {
  root=$1 host=$2; shift 2
  for browser in chrome chromium edge firefox; do
    check "$browser manifest at $1 names $host" \
      node tests/deploy/check-manifest.js "$root$1" "$(family_of "$browser")" "$host"
    shift
  done
}

stage=$scratch/system
check "make install-host stages the binary under DESTDIR" mk install-host DESTDIR="$stage" PREFIX=/usr
check "the staged binary is the built one, executable" \
  sh -c "cmp '$BUILD/noticeboard-host' '$stage/usr/bin/noticeboard-host' && test -x '$stage/usr/bin/noticeboard-host'"
for browser in chrome chromium edge firefox; do
  check "make hosts-$browser writes its manifest" mk "hosts-$browser" DESTDIR="$stage" PREFIX=/usr
done
expect_manifests "$stage" /usr/bin/noticeboard-host \
  /etc/opt/chrome/native-messaging-hosts/org.noticeboard.host.json \
  /etc/chromium/native-messaging-hosts/org.noticeboard.host.json \
  /etc/opt/edge/native-messaging-hosts/org.noticeboard.host.json \
  /usr/lib/mozilla/native-messaging-hosts/org.noticeboard.host.json

check "the host the staged Chromium manifest names answers hello, with its dictionary" \
  node tests/deploy/hello.js "$stage/etc/chromium/native-messaging-hosts/org.noticeboard.host.json" "$stage"
check "the host the staged Firefox manifest names answers hello, with its dictionary" \
  node tests/deploy/hello.js "$stage/usr/lib/mozilla/native-messaging-hosts/org.noticeboard.host.json" "$stage"

check "make uninstall removes the binary and every manifest" mk uninstall DESTDIR="$stage" PREFIX=/usr
left=$(find "$stage" -type f)
if [ -z "$left" ]; then ok "nothing is left behind after uninstall"; else bad "nothing is left behind after uninstall" "$left"; fi

home=$scratch/home
check "make install USER=1 installs for one user" env HOME="$home" make --no-print-directory -s BUILD="$BUILD" install USER=1
expect_manifests "" "$home/.local/bin/noticeboard-host" \
  "$home/.config/google-chrome/NativeMessagingHosts/org.noticeboard.host.json" \
  "$home/.config/chromium/NativeMessagingHosts/org.noticeboard.host.json" \
  "$home/.config/microsoft-edge/NativeMessagingHosts/org.noticeboard.host.json" \
  "$home/.mozilla/native-messaging-hosts/org.noticeboard.host.json"
check "make hosts-brave USER=1 registers for Brave" env HOME="$home" make --no-print-directory -s BUILD="$BUILD" hosts-brave USER=1
check "brave manifest names $home/.local/bin/noticeboard-host" node tests/deploy/check-manifest.js \
  "$home/.config/BraveSoftware/Brave-Browser/NativeMessagingHosts/org.noticeboard.host.json" chromium "$home/.local/bin/noticeboard-host"
check "make uninstall-hosts-brave USER=1 unregisters Brave" \
  env HOME="$home" make --no-print-directory -s BUILD="$BUILD" uninstall-hosts-brave USER=1
check "make uninstall USER=1 cleans up" env HOME="$home" make --no-print-directory -s BUILD="$BUILD" uninstall USER=1
left=$(find "$home" -type f)
if [ -z "$left" ]; then ok "nothing is left in the home folder"; else bad "nothing is left in the home folder" "$left"; fi

mac=$scratch/macos
check "make install OS=macos stages the macOS layout" mk install OS=macos DESTDIR="$mac"
expect_manifests "$mac" /usr/local/bin/noticeboard-host \
  "/Library/Google/Chrome/NativeMessagingHosts/org.noticeboard.host.json" \
  "/Library/Application Support/Chromium/NativeMessagingHosts/org.noticeboard.host.json" \
  "/Library/Microsoft/Edge/NativeMessagingHosts/org.noticeboard.host.json" \
  "/Library/Application Support/Mozilla/NativeMessagingHosts/org.noticeboard.host.json"

empty=$scratch/empty
refuses "hosts-chrome refuses when the host is not installed, and says how to install it" \
  "make install-host" mk hosts-chrome DESTDIR="$empty"
if [ ! -e "$empty/etc" ]; then ok "a refused registration writes nothing"
else bad "a refused registration writes nothing" "$(find "$empty")"; fi
refuses "a relative HOST_PATH is refused" "absolute path" mk hosts-firefox HOST_PATH=bin/noticeboard-host
refuses "Brave system-wide is refused, pointing to USER=1" "USER=1" mk hosts-brave DESTDIR="$empty"
refuses "an unknown browser is refused with the list of known ones" "chrome, chromium, edge, firefox or brave" \
  manifests/unix/host-install register opera --destdir "$empty"
refuses "installing a binary that does not exist says to build it" "make" \
  manifests/unix/host-install binary --source "$scratch/nothing-here" --destdir "$empty"

# Hiding the system dictionary needs a private mount namespace, so only where unshare works (root).
if [ "$(id -u)" -eq 0 ] && unshare -m true 2>/dev/null; then
  nodict=$scratch/nodict
  mkdir -p "$scratch/no-hunspell"
  without_dictionary() {
    unshare -m sh -c 'mount --bind "$1" /usr/share/hunspell && shift && exec "$@"' sh "$scratch/no-hunspell" "$@"
  }
  refuses "install-host with no en_GB dictionary anywhere refuses and names the package to install" \
    "apt-get install hunspell-en-gb" without_dictionary make --no-print-directory -s BUILD="$BUILD" install-host DESTDIR="$nodict"
  if [ ! -e "$nodict/usr" ]; then ok "a refused install-host writes nothing"
  else bad "a refused install-host writes nothing" "$(find "$nodict")"; fi
  check "install-host NO_DICT=1 installs without a dictionary when told to" \
    without_dictionary make --no-print-directory -s BUILD="$BUILD" install-host DESTDIR="$nodict" NO_DICT=1
else
  skip "install-host without a dictionary: hiding /usr/share/hunspell needs root and unshare"
fi
