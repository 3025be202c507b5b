# Deploy tests: build the Windows MSI with wixl and read its tables back with msiinfo and msiextract.
#
# With MinGW-w64 installed, the MSI is built the default way, around the real Windows host that
# `make windows` cross-compiles, and the exe unpacked from it is run under Wine beside the dictionary
# unpacked with it. Without MinGW-w64, a small stand-in file takes the exe's place and only the
# package itself is tested: its files, registry values, components and version.

# PowerShell cannot run here, so the script is held to the MSI: the same registry keys, the same ids.
wxs_keys=$(xmllint --xpath '//*[local-name()="RegistryValue"]/@Key' manifests/windows/noticeboard.wxs |
           sed -E 's/^ *Key="([^"]*)"$/\1/' | sort)
ps1_keys=$(grep -oE '"SOFTWARE\\[^"]*\$HostName"' manifests/windows/install-noticeboard.ps1 |
           sed -e 's/^"//' -e 's/\$HostName"$/org.noticeboard.host/' | sort)
if [ -n "$wxs_keys" ] && [ "$wxs_keys" = "$ps1_keys" ]; then
  ok "install-noticeboard.ps1 registers the same four keys as the MSI"
else bad "install-noticeboard.ps1 registers the same four keys as the MSI" "MSI: $wxs_keys
script: $ps1_keys"; fi
for id in "chrome-extension://$chromium_id/" noticeboard@noticeboard.org org.noticeboard.host; do
  if grep -qF "'$id'" manifests/windows/install-noticeboard.ps1; then ok "install-noticeboard.ps1 uses the fixed identity $id"
  else bad "install-noticeboard.ps1 uses the fixed identity $id"; fi
done

if ! command -v wixl >/dev/null || ! command -v msiinfo >/dev/null; then
  skip "the MSI checks need wixl and msitools (sudo apt-get install wixl msitools)"
  return 0
fi

refuses "make msi without HOST_EXE says to name the Windows host" "HOST_EXE" mk msi HOST_EXE=
refuses "make msi with a missing HOST_EXE says so" "does not exist" mk msi HOST_EXE="$scratch/none.exe"

msi_version=$(printf '%s\n' "$version" | sed -E 's/^([0-9]+\.[0-9]+(\.[0-9]+)?).*/\1/')
msi="$BUILD/noticeboard-$version-x64.msi"
rm -f "$msi"
if command -v x86_64-w64-mingw32-gcc >/dev/null; then
  host_exe=$BUILD/windows/noticeboard-host.exe
  check "make windows builds the Windows host for the MSI" mk windows
  check "make msi builds $msi around $host_exe by default" mk msi
else
  skip "the MSI carries a stand-in exe: the real one needs MinGW-w64 (sudo apt-get install mingw-w64 cmake)"
  host_exe=$scratch/noticeboard-host.exe
  printf 'MZ stand-in for noticeboard-host.exe, built by the deploy tests\r\n' >"$host_exe"
  check "make msi HOST_EXE=... builds $msi" mk msi HOST_EXE="$host_exe"
fi
if [ ! -f "$msi" ]; then
  bad "the MSI exists at $msi"
  return 0
fi

# table NAME: the rows of one MSI table, tab-separated, without the three header lines.
table() { msiinfo export "$msi" "$1" | tr -d '\r' | tail -n +4; }

files=$(table File | cut -f3)
for want in noticeboard-host.exe en_GB.dic en_GB.aff org.noticeboard.host.chromium.json org.noticeboard.host.firefox.json; do
  if printf '%s\n' "$files" | grep -qx -- "$want"; then ok "the MSI installs $want"
  else bad "the MSI installs $want" "$files"; fi
done

registry=$(table Registry)
for want in "SOFTWARE\\Google\\Chrome\\NativeMessagingHosts\\org.noticeboard.host	[#ChromiumManifestJson]" \
            "SOFTWARE\\Chromium\\NativeMessagingHosts\\org.noticeboard.host	[#ChromiumManifestJson]" \
            "SOFTWARE\\Microsoft\\Edge\\NativeMessagingHosts\\org.noticeboard.host	[#ChromiumManifestJson]" \
            "SOFTWARE\\Mozilla\\NativeMessagingHosts\\org.noticeboard.host	[#FirefoxManifestJson]"; do
  key=${want%%	*} value=${want#*	}
  # Root 2 is HKEY_LOCAL_MACHINE; an empty Name is the key's default value, which browsers read.
  if printf '%s\n' "$registry" | awk -F'\t' -v k="$key" -v v="$value" \
       '$2 == 2 && $3 == k && $4 == "" && $5 == v { found = 1 } END { exit !found }'; then
    ok "the MSI sets HKLM\\$key to the manifest's full path"
  else bad "the MSI sets HKLM\\$key to the manifest's full path" "$registry"; fi
done

if table Component | awk -F'\t' '$4 != 256 { bad = 1 } END { exit bad }'; then
  ok "every MSI component is 64-bit, so its registry values land where 64-bit browsers look first"
else bad "every MSI component is 64-bit" "$(table Component)"; fi
properties=$(table Property)
for want in "ProductVersion	$msi_version" "ALLUSERS	1" "UpgradeCode	{A756D318-C999-4ACE-BD3C-D8B22C5FF03E}"; do
  if printf '%s\n' "$properties" | grep -qxF -- "$want"; then ok "the MSI property $(printf '%s' "$want" | tr '\t' =)"
  else bad "the MSI property $(printf '%s' "$want" | tr '\t' =)" "$properties"; fi
done

if table LaunchCondition | grep -q '^VersionNT64	'; then ok "the MSI refuses 32-bit Windows, where the 64-bit host could not run"
else bad "the MSI refuses 32-bit Windows" "$(table LaunchCondition)"; fi
if table InstallExecuteSequence | grep -q '^RemoveExistingProducts	' &&
   table Upgrade | grep -q '^{A756D318-C999-4ACE-BD3C-D8B22C5FF03E}	'; then
  ok "a newer MSI replaces an older one (Upgrade table and RemoveExistingProducts)"
else bad "a newer MSI replaces an older one" "$(table Upgrade)"; fi

# msi_exe_check DIR: the real exe unpacked from the MSI is a 64-bit Windows program, and run where
# the MSI put it, it finds the dictionary unpacked beside it (a misspelling draws a spelling warning).
msi_exe_check() {
  local format out
  format=$(x86_64-w64-mingw32-objdump -f "$1/noticeboard-host.exe" 2>&1 | sed -n 's/.*file format //p')
  if [ "$format" = pei-x86-64 ]; then ok "the MSI's noticeboard-host.exe is a PE32+ x86-64 program"
  else bad "the MSI's noticeboard-host.exe is a PE32+ x86-64 program" "format: $format"; fi
  . tests/windows/wine.sh
  if ! wine_start; then
    skip "running the MSI's exe needs wine64 (sudo apt-get install wine64)"
    return 0
  fi
  out=$(printf 'The patient recieved her results\n' | wine_run "$1/noticeboard-host.exe" check --json 2>&1)
  if printf '%s' "$out" | grep -q '"category":"spelling"'; then
    ok "the MSI's exe, run by Wine where the MSI put it, spells with the dictionary beside it"
  else bad "the MSI's exe, run by Wine where the MSI put it, spells with the dictionary beside it" "$out"; fi
  wine_stop
}

extracted=$scratch/msi
mkdir -p "$extracted"
msi_absolute=$(cd "$(dirname "$msi")" && pwd)/$(basename "$msi")
if command -v msiextract >/dev/null && (cd "$extracted" && msiextract "$msi_absolute" >/dev/null 2>&1) &&
   [ -n "$(find "$extracted" -name noticeboard-host.exe)" ]; then
  dir=$(dirname "$(find "$extracted" -name noticeboard-host.exe | head -n 1)")
  check "the MSI carries the given exe unchanged" cmp "$host_exe" "$dir/noticeboard-host.exe"
  check "the MSI carries the en_GB dictionary unchanged" cmp /usr/share/hunspell/en_GB.dic "$dir/en_GB.dic"
  check "the MSI's Chromium-family manifest names the exe beside it" \
    node tests/deploy/check-manifest.js "$dir/org.noticeboard.host.chromium.json" chromium noticeboard-host.exe
  check "the MSI's Firefox manifest names the exe beside it" \
    node tests/deploy/check-manifest.js "$dir/org.noticeboard.host.firefox.json" firefox noticeboard-host.exe
  [ "$host_exe" = "$BUILD/windows/noticeboard-host.exe" ] && msi_exe_check "$dir"
else
  bad "msiextract unpacks the MSI"
fi
