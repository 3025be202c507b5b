# Deploy tests: the enterprise policy files. Well-formed XML and JSON, the ADMX and ADML agree with each
# other, every setting in the extension's schema has a Group Policy for Chrome and Edge and a place in
# every example, and the committed files are what the generator makes from the current schema.

admx=manifests/windows/policy/noticeboard.admx
adml=manifests/windows/policy/en-US/noticeboard.adml
schema=extension/managed_schema.json
policy_root="3rdparty\\extensions\\$chromium_id\\policy"

for f in "$admx" "$adml" manifests/macos/noticeboard.mobileconfig manifests/policy/updates.xml; do
  check "$f is well-formed XML (xmllint)" xmllint --noout "$f"
done
for f in manifests/policy/noticeboard-managed.json manifests/firefox/policies.json; do
  check "$f is valid JSON" node -e 'JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"))' "$f"
done

# xpath_values FILE XPATH: one attribute value or text per line, namespaces ignored.
xpath_values() {
  xmllint --xpath "$2" "$1" 2>/dev/null | sed -E 's/^ *[A-Za-z]+="([^"]*)"$/\1/' | tr ' ' '\n' |
    sed -E 's/^[A-Za-z]+="([^"]*)"$/\1/' | grep -v '^$' | sort -u
}
missing_from() { comm -23 <(printf '%s\n' "$1") <(printf '%s\n' "$2") | grep -v '^$'; }

used_strings=$(grep -o '\$(string\.[A-Za-z0-9_-]*)' "$admx" | sed -E 's/^\$\(string\.(.*)\)$/\1/' | sort -u)
defined_strings=$(xpath_values "$adml" '//*[local-name()="string"]/@id')
gap=$(missing_from "$used_strings" "$defined_strings")
if [ -n "$used_strings" ] && [ -z "$gap" ]; then ok "every string the ADMX uses is in the ADML"
else bad "every string the ADMX uses is in the ADML" "missing: $gap"; fi

used_presentations=$(grep -o '\$(presentation\.[A-Za-z0-9_-]*)' "$admx" | sed -E 's/^\$\(presentation\.(.*)\)$/\1/' | sort -u)
defined_presentations=$(xpath_values "$adml" '//*[local-name()="presentation"]/@id')
gap=$(missing_from "$used_presentations" "$defined_presentations")
if [ -z "$gap" ]; then ok "every presentation the ADMX uses is in the ADML"
else bad "every presentation the ADMX uses is in the ADML" "missing: $gap"; fi

element_ids=$(xpath_values "$admx" '//*[local-name()="elements"]/*/@id')
ref_ids=$(xpath_values "$adml" '//*[local-name()="presentation"]/*/@refId')
gap=$(missing_from "$ref_ids" "$element_ids")
if [ -z "$gap" ]; then ok "every ADML control refers to an ADMX element"
else bad "every ADML control refers to an ADMX element" "dangling: $gap"; fi

categories=$(xpath_values "$admx" '//*[local-name()="category"]/@name')
parents=$(xpath_values "$admx" '//*[local-name()="parentCategory"]/@ref')
gap=$(missing_from "$parents" "$categories")
if [ -z "$gap" ]; then ok "every parent category the ADMX names is defined"
else bad "every parent category the ADMX names is defined" "undefined: $gap"; fi

names=$(xmllint --xpath '//*[local-name()="policy"]/@name' "$admx" | tr ' ' '\n' | grep -v '^$')
if [ -n "$names" ] && [ -z "$(printf '%s\n' "$names" | sort | uniq -d)" ]; then ok "every ADMX policy name is unique"
else bad "every ADMX policy name is unique" "$(printf '%s\n' "$names" | sort | uniq -d)"; fi
ids=$(xmllint --xpath '//*[local-name()="string"]/@id' "$adml" | tr ' ' '\n' | grep -v '^$')
if [ -z "$(printf '%s\n' "$ids" | sort | uniq -d)" ]; then ok "every ADML string id is unique"
else bad "every ADML string id is unique" "$(printf '%s\n' "$ids" | sort | uniq -d)"; fi

# regedit wants the version header first and CRLF line ends; policies belong under HKLM\...\Policies.
for reg in manifests/windows/*.reg; do
  if [ "$(head -c 38 "$reg")" = "$(printf 'Windows Registry Editor Version 5.00\r\n')" ] &&
     ! grep -qv $'\r$' "$reg" &&
     ! grep '^\[' "$reg" | grep -qv '^\[-\{0,1\}HKEY_LOCAL_MACHINE\\Software\\Policies\\'; then
    ok "$reg has the regedit header, CRLF lines and only HKLM policy keys"
  else bad "$reg has the regedit header, CRLF lines and only HKLM policy keys" "$(head -n 5 "$reg" | cat -A)"; fi
done

if [ ! -f "$schema" ]; then
  skip "the policy files match $schema: it does not exist yet"
  return 0
fi

# One line per setting: NAME TYPE.
settings=$(node -e '
  const s = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
  for (const [name, p] of Object.entries(s.properties)) console.log(name, p.type);' "$schema")
if [ -z "$settings" ]; then bad "$schema lists settings"; fi
while read -r name type; do
  for browser in chrome edge; do
    case $browser in chrome) key="Software\\Policies\\Google\\Chrome\\$policy_root" ;;
                     edge)   key="Software\\Policies\\Microsoft\\Edge\\$policy_root" ;; esac
    policy="//*[local-name()='policy'][@name='${browser}_$name']"
    policy_key=$(xmllint --xpath "string($policy/@key)" "$admx" 2>/dev/null)
    case $type in
      boolean) element=$(xmllint --xpath "string($policy/@valueName)" "$admx" 2>/dev/null)
               expected=$name ;;
      array)   element=$(xmllint --xpath "string($policy//*[local-name()='list']/@key)" "$admx" 2>/dev/null)
               expected="$key\\$name" ;;
      *)       element=$(xmllint --xpath "string($policy//*[local-name()='elements']/*/@valueName)" "$admx" 2>/dev/null)
               expected=$name ;;
    esac
    if [ "$policy_key" = "$key" ] && [ "$element" = "$expected" ]; then
      ok "setting $name ($type) has a $browser Group Policy writing $expected"
    else
      bad "setting $name ($type) has a $browser Group Policy writing $expected" "key: $policy_key, writes: $element"
    fi
  done
done <<<"$settings"

check "every setting in the examples exists in the schema, and the committed files are regenerated" \
  node manifests/policy/generate.js "$schema" manifests/policy/examples.json "$scratch/generated"
for f in $(cd "$scratch/generated" && find . -type f | sort); do
  check "${f#./} is up to date with $schema (else: make policy-templates)" cmp "$scratch/generated/$f" "manifests/$f"
done

# The examples carry the settings with the types the schema declares, wherever they are written.
check "the Linux managed policy, Firefox policies.json and macOS profile agree with the schema's types" \
  node tests/deploy/check-policy-types.js "$schema" manifests/policy/noticeboard-managed.json manifests/firefox/policies.json

# Chromium reads /etc/chromium/policies/managed only, so this needs root; the probe uses its own
# throwaway extension id, so other Chromium runs on the machine are not affected.
if [ "$(id -u)" -ne 0 ] || [ -z "$chromium_bin" ]; then
  skip "a real Chromium applying the Linux policy file: needs root and chromium"
else
  check "a real Chromium gives an extension with the schema exactly the settings in noticeboard-managed.json" \
    node tests/deploy/browser-reads-policy.js "$chromium_bin" manifests/policy/noticeboard-managed.json "$schema"
fi
