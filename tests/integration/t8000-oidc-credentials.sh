#!/usr/bin/env bash
# t8000-oidc-credentials: credentials on the package host for every kind of
# caller: OIDC tokens (JWTs signed by a key the test makes, JWKS file in
# depot.conf) checked against the registry's policy, for npm publish and the
# REST upload; registry tokens for npm install, refused on another registry
# and while public; and every kind of bad token refused with 401 and never
# written to the log.
# shellcheck source=tests/integration/lib.sh
. "$(dirname "$0")/lib.sh"

command -v npm >/dev/null || bail "npm is not installed"
command -v node >/dev/null || bail "node is not installed"

new_org t8000
API=$DEPOT_URL/api/v2/packages/organizations/$ORG
ISS=https://ci.depot.test
REG=web
AUD=$DEPOT_URL/$ORG/$REG
NPMREG=$AUD/npm/
NPMRC_KEY=${NPMREG#http:}

# ---- keys, a JWKS file and a token minter (node's crypto, no packages)
cat >"$TEST_TMP/jwt.js" <<'JS'
// node jwt.js keys DIR | node jwt.js sign DIR KEY ALG CLAIMS-JSON
const crypto = require('crypto'), fs = require('fs');
const [cmd, dir] = process.argv.slice(2, 4);
const b64 = (b) => Buffer.from(b).toString('base64url');
if (cmd === 'keys') {
  const jwks = { keys: [] };
  for (const [name, type, opts] of [['rsa', 'rsa', { modulusLength: 2048 }],
      ['ec', 'ec', { namedCurve: 'P-256' }], ['evil', 'rsa', { modulusLength: 2048 }]]) {
    const { publicKey, privateKey } = crypto.generateKeyPairSync(type, opts);
    fs.writeFileSync(`${dir}/${name}.pem`, privateKey.export({ type: 'pkcs8', format: 'pem' }));
    if (name !== 'evil')
      jwks.keys.push({ ...publicKey.export({ format: 'jwk' }), kid: name, use: 'sig' });
  }
  fs.writeFileSync(`${dir}/jwks.json`, JSON.stringify(jwks));
} else {
  const [key, alg, claims] = process.argv.slice(4);
  const kid = key === 'evil' ? 'rsa' : key;
  const head = b64(JSON.stringify({ alg, typ: 'JWT', kid }));
  const body = b64(claims);
  let sig = '';
  if (alg === 'RS256' || alg === 'ES256') {
    const k = crypto.createPrivateKey(fs.readFileSync(`${dir}/${key}.pem`));
    sig = b64(crypto.sign('sha256', Buffer.from(`${head}.${body}`),
      alg === 'ES256' ? { key: k, dsaEncoding: 'ieee-p1363' } : k));
  } else if (alg === 'HS256') {
    sig = b64(crypto.createHmac('sha256', 'secret').update(`${head}.${body}`).digest());
  }
  process.stdout.write(`${head}.${body}.${sig}`);
}
JS
node "$TEST_TMP/jwt.js" keys "$TEST_TMP" || bail "cannot make keys"

# mint KEY ALG [JQ-EDIT]: a token for this registry, valid for 2 minutes,
# with the claims edited by a jq expression.
mint() {
	local key=$1 alg=$2 edit=${3:-.} now
	now=$(date +%s)
	node "$TEST_TMP/jwt.js" sign "$TEST_TMP" "$key" "$alg" "$(jq -nc \
		--arg iss "$ISS" --arg aud "$AUD" --argjson now "$now" \
		"{iss: \$iss, aud: \$aud, sub: \"pipeline:web\", iat: \$now, nbf: \$now,
		  exp: (\$now + 120), organization_slug: \"acme\",
		  pipeline_slug: \"web-deploy\", build_branch: \"main\",
		  build_number: 42} | $edit")"
}

# Trust the issuer: one oidc_issuer line, then SIGHUP (workers roll).
cp "$DEPOT_CONF" "$TEST_TMP/depot.conf.orig"
restore_conf() {
	cp "$TEST_TMP/depot.conf.orig" "$DEPOT_CONF"
	kill -HUP "$(cat "$DEPOT_DIR/run/depotd.pid")"
	sleep 1
}
at_exit restore_conf
echo "oidc_issuer = $ISS $TEST_TMP/jwks.json" >>"$DEPOT_CONF"
check "depotd -n accepts the oidc_issuer line" "$DEPOTD" -n -c "$DEPOT_CONF"
kill -HUP "$(cat "$DEPOT_DIR/run/depotd.pid")"
sleep 1.5

# ---- the registry and its policy
POLICY='- iss: https://ci.depot.test
  scopes: [read_packages, write_packages]
  claims:
    organization_slug: acme
    pipeline_slug: {matches: "web-*"}
    build_branch: {in: [main, release]}'
mk_registry() {
	http POST "$API/registries" "${AUTH[@]}" -H 'Content-Type: application/json' \
		-d "$(jq -nc --arg p "$POLICY" '{name:"Web",ecosystem:"javascript",oidc_policy:$p}')"
	[[ $STATUS == 200 ]] || { cat "$BODY"; return 1; }
	expect_json .oidc_policy "$POLICY"
}
check "create a registry with a YAML OIDC policy (kept as given)" mk_registry

# ---- policies are checked when saved: 422 naming line, statement, field
bad_policy() {
	local desc=$1 policy=$2 want=$3
	http PATCH "$API/registries/$REG" "${AUTH[@]}" -H 'Content-Type: application/json' \
		-d "$(jq -nc --arg p "$policy" '{oidc_policy:$p}')"
	if [[ $STATUS == 422 ]] && jq -e --arg w "$want" \
		'.errors[0].field == "oidc_policy" and (.errors[0].message | contains($w))' \
		"$BODY" >/dev/null; then
		ok "policy with $desc: 422 /$want/"
	else
		not_ok "policy with $desc: 422 /$want/" "got $STATUS: $(cat "$BODY")"
	fi
}
bad_policy "an unknown key" $'- iss: https://x\n  scope: [read_packages]\n' \
	"line 2: statement 1: unknown key 'scope'"
bad_policy "a wrong type" $'- iss: [https://x]\n' "iss to be a URL"
bad_policy "an unknown scope" $'- iss: https://x\n  scopes: [admin]\n' "unknown scope 'admin'"
bad_policy "an alias" $'- iss: &i https://x\n- iss: *i\n' "anchors are not allowed"
bad_policy "deep nesting" $'- iss: https://x\n  claims: {a: {in: [[[[[[x]]]]]]}}\n' "statement 1"
huge=$'- iss: https://x\n  claims:\n    a:\n      in:\n'
for i in $(seq 1 300); do huge+="      - v$i"$'\n'; done
bad_policy "a huge list" "$huge" "more than 256 values"
http GET "$API/registries/$REG" "${AUTH[@]}"
check "... and the saved policy is unchanged" expect_json .oidc_policy "$POLICY"

# ---- npm publish with an OIDC token in .npmrc
mkdir -p "$TEST_TMP/home" "$TEST_TMP/pkg"
printf '{"name":"oidc-pkg","version":"1.0.0","description":"from CI"}\n' >"$TEST_TMP/pkg/package.json"
echo 'module.exports = 1;' >"$TEST_TMP/pkg/index.js"
npm_with() {
	local tok=$1
	shift
	printf 'registry=%s\n%s:_authToken=%s\naudit=false\nfund=false\nupdate-notifier=false\nfetch-retries=0\n' \
		"$NPMREG" "$NPMRC_KEY" "$tok" >"$TEST_TMP/npmrc"
	(cd "$TEST_TMP/pkg" && npm_config_userconfig=$TEST_TMP/npmrc \
		npm_config_cache=$TEST_TMP/cache HOME=$TEST_TMP/home \
		timeout 120 npm "$@") >"$TEST_TMP/npm.out" 2>&1
}
GOOD=$(mint rsa RS256)
check "npm publish with an OIDC token the policy admits" npm_with "$GOOD" publish
BAD_CLAIMS=$(mint rsa RS256 '.pipeline_slug = "other"')
sed -i 's/"1.0.0"/"1.0.1"/' "$TEST_TMP/pkg/package.json"
if npm_with "$BAD_CLAIMS" publish; then
	not_ok "npm publish with a token the policy does not admit fails"
else
	ok "npm publish with a token the policy does not admit fails"
fi
check "... and says why (E403, no matching statement)" grep -qi "403" "$TEST_TMP/npm.out"
http GET "${NPMREG}oidc-pkg" "${AUTH[@]}"
check "... and 1.0.1 was not published" test "$(json_get '.versions | keys | join(",")')" = "1.0.0"

# ---- REST upload with an OIDC bearer (ES256 this time)
(cd "$TEST_TMP/pkg" && tar czf ../up.tgz --transform 's,^\.,package,' .)
http POST "$API/registries/$REG/packages" -H "Authorization: Bearer $(mint ec ES256)" \
	-F "file=@$TEST_TMP/up.tgz"
check "REST upload with an OIDC bearer token (ES256): 200" test "$STATUS" = 200
check "... the package is oidc-pkg 1.0.1" expect_json .version 1.0.1

# ---- bad tokens: each a 401 with a message, on a packument GET
bad_token() {
	local desc=$1 tok=$2 want=$3
	http GET "${NPMREG}oidc-pkg" -H "Authorization: Bearer $tok"
	if [[ $STATUS == 401 ]] && grep -qi -- "$want" "$BODY"; then
		ok "$desc: 401 /$want/"
	else
		not_ok "$desc: 401 /$want/" "got $STATUS: $(cat "$BODY")"
	fi
}
NOW=$(date +%s)
bad_token "expired" "$(mint rsa RS256 ".iat = $((NOW - 200)) | .nbf = .iat | .exp = $((NOW - 10))")" expired
bad_token "not yet valid (nbf)" "$(mint rsa RS256 ".nbf = $((NOW + 600))")" "not valid yet"
bad_token "issued in the future" "$(mint rsa RS256 ".iat = $((NOW + 600)) | .exp = $((NOW + 700))")" "not valid yet"
bad_token "lives longer than 5 minutes" "$(mint rsa RS256 ".exp = $((NOW + 900))")" "300 seconds"
bad_token "wrong audience" "$(mint rsa RS256 ".aud = \"$DEPOT_URL/$ORG/other\"")" audience
bad_token "wrong issuer" "$(mint rsa RS256 '.iss = "https://evil.test"')" trusted
bad_token "unsigned (alg none)" "$(mint rsa none)" "RS256 or ES256"
bad_token "HMAC-signed" "$(mint rsa HS256)" "RS256 or ES256"
bad_token "re-signed with another key" "$(mint evil RS256)" signature
T=$(mint rsa RS256)
bad_token "truncated" "${T:0:$((${#T} - 20))}" "."
BIG=$(head -c 17000 /dev/zero | tr '\0' 'A')
bad_token "oversized (17 KB)" "eyJ$BIG.a.b" "too long"
http GET "${NPMREG}oidc-pkg" -H "Authorization: Basic %%%not-base64%%%"
check "a Basic header that is not base64: 401" test "$STATUS" = 401

# ---- registry tokens: install with one; refused elsewhere and while public
http POST "$API/registries" "${AUTH[@]}" -H 'Content-Type: application/json' \
	-d '{"name":"Other","ecosystem":"javascript"}'
check "a second registry" test "$STATUS" = 200
http POST "$API/registries/$REG/tokens" "${AUTH[@]}" -H 'Content-Type: application/json' \
	-d '{"description":"build boxes"}'
RTOK=$(json_get .token)
check "create a registry token" test -n "$RTOK"
mkdir -p "$TEST_TMP/cons"
echo '{"name":"c","version":"1.0.0"}' >"$TEST_TMP/cons/package.json"
install_with() {
	printf 'registry=%s\n%s:_authToken=%s\naudit=false\nfund=false\nupdate-notifier=false\nfetch-retries=0\n' \
		"$NPMREG" "$NPMRC_KEY" "$1" >"$TEST_TMP/npmrc-cons"
	(cd "$TEST_TMP/cons" && npm_config_userconfig=$TEST_TMP/npmrc-cons \
		npm_config_cache=$TEST_TMP/cache-cons HOME=$TEST_TMP/home \
		timeout 120 npm install oidc-pkg@1.0.1) >"$TEST_TMP/npm-cons.out" 2>&1 &&
		test -f "$TEST_TMP/cons/node_modules/oidc-pkg/index.js"
}
check "npm install with a registry token" install_with "$RTOK"
http GET "$DEPOT_URL/$ORG/other/npm/oidc-pkg" -H "Authorization: Bearer $RTOK"
check "the registry token on another registry: 404" test "$STATUS" = 404
http GET "${NPMREG}oidc-pkg" -u "buildkite:$RTOK"
check "the registry token as Basic password: 200" test "$STATUS" = 200
depotctl registry visibility "$REG" public --org "$ORG"
http GET "${NPMREG}oidc-pkg" -H "Authorization: Bearer $RTOK"
check "the registry token while the registry is public: 401" test "$STATUS" = 401
http GET "${NPMREG}oidc-pkg"
check "... while anyone reads it without credentials: 200" test "$STATUS" = 200
depotctl registry visibility "$REG" private --org "$ORG"
http GET "${NPMREG}oidc-pkg" -H "Authorization: Bearer $RTOK"
check "private again: the registry token works again" test "$STATUS" = 200

# ---- nothing secret in the log
leaks() {
	! grep -F -e "$GOOD" -e "$RTOK" -e "$TOKEN" "$DEPOT_DIR/logs/depotd.log"
}
check "no token appears in depotd.log" leaks
