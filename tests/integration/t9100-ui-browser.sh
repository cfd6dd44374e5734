#!/usr/bin/env bash
# t9100-ui-browser: the web interface in headless Chromium (selenium with
# Debian's chromium, chromium-driver and python3-selenium, run by
# /usr/bin/python3): log in, create a registry after a validation error,
# read the publish instructions, rename it and set emoji and color, create,
# reveal, copy, edit and delete registry tokens, make it public (the Tokens
# page closes) and private again (the token is back), save a bad and a good
# OIDC policy, delete it with a wrong and then the exact name, see an npm
# package's README rendered from Markdown, the audit log, log out. Every
# page is parsed strictly with html5lib. Screenshots of each page (laptop
# and phone sizes) are kept for review in $DEPOT_UI_SHOTS (default:
# ui-shots/ in the build folder, which outlives the test stack).
# shellcheck source=tests/integration/lib.sh
. "$(dirname "$0")/lib.sh"

PY=/usr/bin/python3
[[ -x /usr/bin/chromium && -x /usr/bin/chromedriver ]] ||
	bail "chromium and chromium-driver (Debian packages) are not installed"
$PY -c 'import selenium, html5lib' 2>/dev/null ||
	bail "python3-selenium and python3-html5lib are not installed for $PY"

new_org ui
API=$DEPOT_URL/api/v2/packages/organizations/$ORG
SHOTS=${DEPOT_UI_SHOTS:-${DEPOT_BUILD:-$DEPOT_DIR}/ui-shots}
rm -rf "$SHOTS"
mkdir -p "$SHOTS"

# An npm package with a README in Markdown (and raw HTML that must not
# render), uploaded through the REST API into its own registry.
check "create an npm registry for the README check" \
	expect_status 200 POST "$API/registries" "${AUTH[@]}" \
	-H 'Content-Type: application/json' -d '{"name":"Docs","ecosystem":"javascript"}'
mkdir -p "$TEST_TMP/pkg/package"
cat >"$TEST_TMP/pkg/package/package.json" <<'EOF'
{"name": "readme-demo", "version": "1.2.3", "description": "Shows a README",
 "license": "MIT", "homepage": "https://example.com/readme-demo",
 "dependencies": {"left-pad": "^1.3.0"}}
EOF
cat >"$TEST_TMP/pkg/package/README.md" <<'EOF'
# readme-demo

Some **bold** text, a [link](https://example.com) and `code`.

<script>window.__pwned = 1</script>
<img src=x onerror="window.__pwned = 1">

- one
- two
EOF
tar -C "$TEST_TMP/pkg" -czf "$TEST_TMP/readme-demo-1.2.3.tgz" package
check "upload the npm package" \
	expect_status 200 POST "$API/registries/docs/packages" "${AUTH[@]}" \
	-F "file=@$TEST_TMP/readme-demo-1.2.3.tgz"
PKG_ID=$(json_get .id)
[[ $PKG_ID =~ ^[0-9a-f-]{36}$ ]] || bail "no package id: $(cat "$BODY")"

PROFILE=$TEST_TMP/chromium
mkdir -p "$PROFILE"
out=$TEST_TMP/browser.out
set +e
$PY "$DEPOT_TOP/tests/integration/ui_browser.py" --url "$DEPOT_URL" \
	--email "$ADMIN_EMAIL" --password "$ADMIN_PASSWORD" --org "$ORG" \
	--readme-path "/organizations/$ORG/packages/registries/docs/packages/$PKG_ID" \
	--shots "$SHOTS" --profile "$PROFILE" >"$out" 2>"$TEST_TMP/browser.err"
rc=$?
set -e
# Re-number the script's results as this test's own.
while IFS= read -r line; do
	case $line in
	"ok "*) ok "${line#ok * - }" ;;
	"not ok "*) not_ok "${line#not ok * - }" ;;
	esac
done <"$out"
if grep -q '^#' "$TEST_TMP/browser.err"; then
	grep '^#' "$TEST_TMP/browser.err" | head -n 60 >&2
fi
if ((rc != 0)) && ! grep -q '^not ok' "$out"; then
	not_ok "ui_browser.py exited with status $rc" "$(tail -n 20 "$TEST_TMP/browser.err")"
fi
n=$(find "$SHOTS" -name '*.png' | wc -l)
if ((n >= 15)); then
	ok "$n screenshots saved in $SHOTS"
else
	not_ok "screenshots saved in $SHOTS" "only $n"
fi
