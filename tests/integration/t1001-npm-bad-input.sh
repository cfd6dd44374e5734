#!/usr/bin/env bash
# t1001-npm-bad-input: publishes that must fail do so with the right status
# and a JSON {"message"} saying what is wrong, and leave nothing behind: the
# packument still 404s (or keeps its versions), no new file under
# data/blobs, nothing left in data/tmp.  Also: bad package names and
# credentials, and a private registry hiding itself (401 anonymous, 404 to
# another organization, never 403).  The body size limit is tested on a
# second stack with upload_max = 64K.
# shellcheck source=tests/integration/lib.sh
. "$(dirname "$0")/lib.sh"

# A TERM from the runner's timeout still runs the cleanup (second stack).
trap 'exit 143' TERM INT

command -v node >/dev/null || bail "node is not installed"

new_org t1001
API=$DEPOT_URL/api/v2/packages/organizations/$ORG
REG=$DEPOT_URL/$ORG/web/npm/
DATA=$(conf_get data_dir)

make_registry() { # make_registry API_BASE AUTH_HEADER
	http POST "$1/registries" -H "$2" -H 'Content-Type: application/json' \
		-d '{"name":"Web","ecosystem":"javascript"}'
	[[ ($STATUS == 200 || $STATUS == 201) && $(json_get .slug) == web ]] || {
		echo "HTTP $STATUS"
		cat "$BODY"
		return 1
	}
}
make_registry "$API" "${AUTH[1]}" || bail "cannot create the registry"

RO_TOKEN=$(depotctl token create --org "$ORG" --user "$ADMIN_EMAIL" \
	--scopes read_registries,read_packages --description "t1001 read only")
# Another organization with an all-scopes token.
own_token=$TOKEN own_org=$ORG own_auth=("${AUTH[@]}")
new_org t1001x
OTHER_TOKEN=$TOKEN OTHER_ORG=$ORG
TOKEN=$own_token ORG=$own_org AUTH=("${own_auth[@]}")

# ---- artifacts
cat >"$TEST_TMP/mkbody.js" <<'EOF'
// node mkbody.js FILE NAME VERSION OUT: an npm publish body for NAME@VERSION
// whose attachment is FILE (whatever it holds).
const fs = require('fs'), crypto = require('crypto');
const [file, name, version, out] = process.argv.slice(2);
const data = fs.readFileSync(file);
const fname = name.replace(/^@[^/]+\//, '') + '-' + version + '.tgz';
const body = {
  _id: name, name, description: 'x', 'dist-tags': { latest: version },
  versions: { [version]: { name, version, _id: name + '@' + version,
    dist: { integrity: 'sha512-' + crypto.createHash('sha512').update(data).digest('base64'),
      shasum: crypto.createHash('sha1').update(data).digest('hex'),
      tarball: 'http://127.0.0.1/' + name + '/-/' + fname } } },
  access: null,
  _attachments: { [fname]: { content_type: 'application/octet-stream',
    data: data.toString('base64'), length: data.length } } };
fs.writeFileSync(out, JSON.stringify(body));
EOF

A=$TEST_TMP/art
mkdir -p "$A"
# tgz NAME VERSION OUT [no-package-json]: a package tarball as npm packs it
tgz() {
	local d=$A/build-$RANDOM
	mkdir -p "$d/package"
	echo 'module.exports = 1;' >"$d/package/index.js"
	[[ ${4:-} == no-package-json ]] ||
		printf '{"name":"%s","version":"%s","main":"index.js"}\n' "$1" "$2" >"$d/package/package.json"
	tar czf "$3" -C "$d" package
	rm -rf "$d"
}
body() { node "$TEST_TMP/mkbody.js" "$@"; }

tgz kept 1.0.0 "$A/kept-1.0.0.tgz"
tgz kept 1.1.0 "$A/kept-1.1.0.tgz"
tgz bad-pkg 1.0.0 "$A/bad-1.0.0.tgz"
tgz other-name 1.0.0 "$A/other-1.0.0.tgz"
tgz bad-pkg 2.0.0 "$A/bad-2.0.0.tgz"
tgz bad-pkg 1.0.0 "$A/nopj.tgz" no-package-json
printf 'this is not gzip, just text\n' >"$A/plain.txt"
body "$A/kept-1.0.0.tgz" kept 1.0.0 "$A/kept-1.0.0.json"
body "$A/kept-1.1.0.tgz" kept 1.1.0 "$A/kept-1.1.0.json"
body "$A/bad-1.0.0.tgz" bad-pkg 1.0.0 "$A/bad.json"
body "$A/plain.txt" bad-pkg 1.0.0 "$A/notgzip.json"
body "$A/nopj.tgz" bad-pkg 1.0.0 "$A/nopj.json"
body "$A/other-1.0.0.tgz" bad-pkg 1.0.0 "$A/othername.json"
body "$A/bad-2.0.0.tgz" bad-pkg 1.0.0 "$A/otherversion.json"

json_put() { # json_put URL FILE [CURL ARGS...]
	local url=$1 file=$2
	shift 2
	http PUT "$url" -H 'Content-Type: application/json' --data-binary "@$file" "$@"
}

publish_kept() {
	json_put "${REG}kept" "$A/kept-1.0.0.json" "${AUTH[@]}"
	[[ $STATUS == 200 || $STATUS == 201 ]] || {
		echo "HTTP $STATUS"
		cat "$BODY"
		return 1
	}
}
check "publish kept@1.0.0 (the control: a valid body works)" publish_kept

# ---- "nothing behind"
blobs_now() { find "$1/blobs" -type f | sort; }
snapshot() { blobs_now "${1:-$DATA}" >"$TEST_TMP/blobs.before"; }
# nothing_left NAME [VERSIONS] [DATA_DIR] [REGISTRY_URL] [AUTH HEADER]:
# NAME's packument 404s (or lists exactly VERSIONS, comma-separated), no
# blob appeared since the snapshot, DATA_DIR/tmp is empty.
nothing_left() {
	local name=$1 versions=${2:-} data=${3:-$DATA} reg=${4:-$REG} auth=${5:-${AUTH[1]}} left
	if [[ -z $versions ]]; then
		expect_status 404 GET "$reg$name" -H "$auth" || return 1
	else
		expect_status 200 GET "$reg$name" -H "$auth" &&
			expect_json '.versions | keys | join(",")' "$versions" || return 1
	fi
	if ! blobs_now "$data" | cmp -s - "$TEST_TMP/blobs.before"; then
		echo "new files under $data/blobs:"
		blobs_now "$data" | comm -13 "$TEST_TMP/blobs.before" -
		return 1
	fi
	left=$(find "$data/tmp" -mindepth 1 2>/dev/null | head -n 5)
	[[ -z $left ]] || {
		echo "left in $data/tmp:"
		echo "$left"
		return 1
	}
}

# refused DESC CODE REGEX NAME VERSIONS METHOD URL [CURL ARGS...]: the
# request gets CODE with a JSON message matching REGEX (case-insensitive),
# and nothing is left behind.
refused() {
	local desc=$1 code=$2 re=$3 name=$4 versions=$5
	shift 5
	snapshot
	_refused() {
		expect_status "$code" "$@" || return 1
		[[ $(header Content-Type) == application/json* ]] || {
			echo "Content-Type: $(header Content-Type)"
			return 1
		}
		expect_json ".message | type == \"string\" and test(\"$re\"; \"i\")" true
	}
	check "$desc: $code, message /$re/" _refused "$@"
	check "$desc: nothing left behind" nothing_left "$name" "$versions"
}

J=(-H 'Content-Type: application/json')

# ---- credentials
refused "publish without a token" 401 "auth" bad-pkg "" \
	PUT "${REG}bad-pkg" "${J[@]}" --data-binary "@$A/bad.json"
refused "publish with another organization's token" 404 "not found" bad-pkg "" \
	PUT "${REG}bad-pkg" "${J[@]}" --data-binary "@$A/bad.json" \
	-H "Authorization: Bearer $OTHER_TOKEN"
refused "publish with a read-only token" 403 "write_packages" kept 1.0.0 \
	PUT "${REG}kept" "${J[@]}" --data-binary "@$A/kept-1.1.0.json" \
	-H "Authorization: Bearer $RO_TOKEN"
refused "publish with a Basic header that is not base64" 401 "." bad-pkg "" \
	PUT "${REG}bad-pkg" "${J[@]}" --data-binary "@$A/bad.json" \
	-H 'Authorization: Basic !!not*base64~~'
refused "publish with an unknown token" 401 "token" bad-pkg "" \
	PUT "${REG}bad-pkg" "${J[@]}" --data-binary "@$A/bad.json" \
	-H "Authorization: Bearer depot_$(head -c 32 /dev/urandom | base64 | tr -d '/+=')"
refused "publish with an unknown token as npm's Basic (any user, token as password)" 401 "." bad-pkg "" \
	PUT "${REG}bad-pkg" "${J[@]}" --data-binary "@$A/bad.json" \
	-H "Authorization: Basic $(printf 'npm:depot_nosuchtoken' | base64 -w0)"

# ---- malformed bodies
printf '{"name": "bad-pkg", "versions": {"1.0.0": {' >"$A/truncated.json"
printf 'not json at all' >"$A/garbage.json"
printf '[1, 2, 3]' >"$A/array.json"
refused "publish with a truncated JSON body" 400 "malformed|json" bad-pkg "" \
	PUT "${REG}bad-pkg" "${AUTH[@]}" "${J[@]}" --data-binary "@$A/truncated.json"
refused "publish with a body that is not JSON" 400 "malformed|json" bad-pkg "" \
	PUT "${REG}bad-pkg" "${AUTH[@]}" "${J[@]}" --data-binary "@$A/garbage.json"
refused "publish with a JSON array body" 400 "malformed|object" bad-pkg "" \
	PUT "${REG}bad-pkg" "${AUTH[@]}" "${J[@]}" --data-binary "@$A/array.json"
refused "publish whose attachment is not gzip" 400 "tarball|gzip" bad-pkg "" \
	PUT "${REG}bad-pkg" "${AUTH[@]}" "${J[@]}" --data-binary "@$A/notgzip.json"
refused "publish of a gzip tarball without package.json" 400 "package.json" bad-pkg "" \
	PUT "${REG}bad-pkg" "${AUTH[@]}" "${J[@]}" --data-binary "@$A/nopj.json"
refused "publish whose tarball is another package" 400 "other-name" bad-pkg "" \
	PUT "${REG}bad-pkg" "${AUTH[@]}" "${J[@]}" --data-binary "@$A/othername.json"
check "... and that other package was not created" \
	expect_status 404 GET "${REG}other-name" "${AUTH[@]}"
refused "publish whose tarball has another version" 400 "2\\\\.0\\\\.0" bad-pkg "" \
	PUT "${REG}bad-pkg" "${AUTH[@]}" "${J[@]}" --data-binary "@$A/otherversion.json"
refused "publish whose body names another package than the URL" 400 "name|match" kept 1.0.0 \
	PUT "${REG}kept" "${AUTH[@]}" "${J[@]}" --data-binary "@$A/bad.json"
# A valid body whose base64 was corrupted in the middle.
sed 's/"data":"H4sI/"data":"H4sI*%$/' "$A/kept-1.1.0.json" >"$A/badb64.json"
refused "publish with broken base64 in the attachment" 400 "." kept 1.0.0 \
	PUT "${REG}kept" "${AUTH[@]}" "${J[@]}" --data-binary "@$A/badb64.json"
refused "publish with a text/plain body" 415 "json" kept 1.0.0 \
	PUT "${REG}kept" "${AUTH[@]}" -H 'Content-Type: text/plain' --data-binary "@$A/kept-1.1.0.json"

# REST upload: not a package tarball
refused "REST upload of a file that is not gzip" 400 "tarball|gzip" bad-pkg "" \
	POST "$API/registries/web/packages" "${AUTH[@]}" -F "file=@$A/plain.txt"
refused "REST upload of a tarball without package.json" 400 "package.json" bad-pkg "" \
	POST "$API/registries/web/packages" "${AUTH[@]}" -F "file=@$A/nopj.tgz"
refused "REST upload with no field 'file'" 400 "file" bad-pkg "" \
	POST "$API/registries/web/packages" "${AUTH[@]}" -F "other=@$A/bad-1.0.0.tgz"

# ---- dist-tags that cannot be
tag_put() { http PUT "${REG}-/package/kept/dist-tags/$1" "${AUTH[@]}" "${J[@]}" -d "$2"; }
bad_tag() { # bad_tag CODE REGEX TAG BODY
	tag_put "$3" "$4"
	[[ $STATUS == "$1" ]] || {
		echo "HTTP $STATUS $(cat "$BODY")"
		return 1
	}
	expect_json ".message | test(\"$2\"; \"i\")" true
}
check "dist-tag to a version that does not exist: 404" bad_tag 404 "not found" beta '"9.9.9"'
check "dist-tag named like a version: 400" bad_tag 400 "invalid tag" 1.0.0 '"1.0.0"'
check "dist-tag that is not a JSON string: 400" bad_tag 400 "string" beta '{"version": "1.0.0"}'
check "removing the latest tag: 400" \
	expect_status 400 DELETE "${REG}-/package/kept/dist-tags/latest" "${AUTH[@]}"
check "kept's tags are unchanged" expect_status 200 GET "${REG}-/package/kept/dist-tags" "${AUTH[@]}"
check "... only latest: 1.0.0" expect_json 'to_entries | map("\(.key)=\(.value)") | join(",")' latest=1.0.0

# ---- concurrent publishes of one new version: one wins, the rest get 403
tgz race-pkg 1.0.0 "$A/race.tgz"
body "$A/race.tgz" race-pkg 1.0.0 "$A/race.json"
race() {
	local codes=$TEST_TMP/race.codes won
	snapshot
	printf 'Authorization: Bearer %s\n' "$TOKEN" >"$TEST_TMP/auth.hdr"
	seq 6 | timeout 60 xargs -P 6 -I{} curl -s -o /dev/null -w '%{http_code}\n' --max-time 30 \
		-X PUT -H "@$TEST_TMP/auth.hdr" "${J[@]}" --data-binary "@$A/race.json" \
		"${REG}race-pkg" >"$codes"
	won=$(grep -cE '^20[01]$' "$codes" || true)
	echo "statuses: $(sort "$codes" | uniq -c | tr '\n' ' ')"
	((won == 1)) && (($(grep -cx 403 "$codes") == 5)) || return 1
	expect_status 200 GET "${REG}race-pkg/-/race-pkg-1.0.0.tgz" "${AUTH[@]}" &&
		cmp "$BODY" "$A/race.tgz" || return 1
	(($(blobs_now "$DATA" | comm -13 "$TEST_TMP/blobs.before" - | wc -l) == 1)) || {
		echo "new blobs:"
		blobs_now "$DATA" | comm -13 "$TEST_TMP/blobs.before" -
		return 1
	}
}
check "6 concurrent publishes of one version: one 201, five 403, the tarball intact, one blob" race

# ---- package names in the URL: 400 or 404 with a JSON message, never 500
long=$(printf 'a%.0s' $(seq 215))
names=(
	'..' '%2e%2e' '%2E%2E' '.' '%2e' '..%2f..%2fetc%2fpasswd' '%2e%2e%2f%2e%2e'
	'@acme%2f..' '@acme%2f%2e%2e' '@acme/..' '@..%2fx' '@%2fx' '@acme%2f'
	'foo%2fbar' 'foo%2f..%2fbar' '@acme/foo/bar' '@acme%2ffoo%2fbar' 'foo%5cbar'
	'Upper-Case' '@Acme%2fwidget' "$long" '@acme%2f'"$long" '.hidden' '_under'
	'foo%20bar' '%252e%252e' 'node_modules' 'kept%2f'
)
name_cases() {
	local n bad=0 code want
	for n in "${names[@]}"; do
		for want in GET PUT; do
			if [[ $want == GET ]]; then
				http GET "$REG$n" "${AUTH[@]}" --path-as-is
			else
				http PUT "$REG$n" "${AUTH[@]}" --path-as-is "${J[@]}" --data-binary "@$A/bad.json"
			fi
			code=$STATUS
			if [[ $code != 400 && $code != 404 ]] ||
				! jq -e '.message | type == "string" and length > 0' "$BODY" >/dev/null 2>&1; then
				echo "$want ${n:0:60}: HTTP $code $(head -c 200 "$BODY")"
				bad=$((bad + 1))
			fi
		done
		# the tarball route with the same name and a path in the file name
		http GET "$REG$n/-/x-1.0.0.tgz" "${AUTH[@]}" --path-as-is
		[[ $STATUS == 400 || $STATUS == 404 ]] || {
			echo "GET ${n:0:60}/-/x-1.0.0.tgz: HTTP $STATUS"
			bad=$((bad + 1))
		}
	done
	((bad == 0))
}
# nginx itself refuses a NUL in the path (its own HTML 400, before depotd).
nul_name() {
	expect_status 400 GET "${REG}foo%00bar" "${AUTH[@]}" &&
		expect_status 400 PUT "${REG}foo%00bar" "${AUTH[@]}" "${J[@]}" --data-binary "@$A/bad.json"
}
snapshot
check "a NUL in the name (%00): 400" nul_name
check "${#names[@]} bad names (.., %2e%2e, / tricks, upper case, 215 chars): 400 or 404 JSON, never 500" name_cases
check "bad names: nothing left behind" nothing_left kept 1.0.0

file_tricks() {
	local f bad=0
	for f in '..%2f..%2f..%2fetc%2fpasswd' '%2e%2e' 'kept-1.0.0.tgz%00.txt' '..' \
		'..%2fkept-1.0.0.tgz' 'kept-1.0.0.tgz%2f..%2f..'; do
		http GET "${REG}kept/-/$f" "${AUTH[@]}" --path-as-is
		[[ $STATUS == 400 || $STATUS == 404 ]] || {
			echo "GET kept/-/$f: HTTP $STATUS $(head -c 200 "$BODY")"
			bad=$((bad + 1))
		}
		! grep -q 'root:' "$BODY" || bad=$((bad + 1))
	done
	((bad == 0))
}
check "tarball file names with path tricks: 400 or 404" file_tricks

# ---- a private registry hides itself
check "anonymous GET of a packument in a private registry: 401" \
	expect_status 401 GET "${REG}kept"
check "... with a JSON message" expect_json '.message | length > 0' true
check "GET of a packument with another organization's token: 404" \
	expect_status 404 GET "${REG}kept" -H "Authorization: Bearer $OTHER_TOKEN"
check "anonymous GET of a tarball in a private registry: 401" \
	expect_status 401 GET "${REG}kept/-/kept-1.0.0.tgz"
check "GET of a tarball with another organization's token: 404" \
	expect_status 404 GET "${REG}kept/-/kept-1.0.0.tgz" -H "Authorization: Bearer $OTHER_TOKEN"
# RFC 9111: "public" lets a shared cache store a response to a request with
# Authorization and serve it to anyone.
not_public() {
	local cc
	expect_status 200 GET "$1" "${AUTH[@]}" || return 1
	cc=$(header Cache-Control)
	[[ $cc != *public* ]] || {
		echo "Cache-Control: $cc on $1 (private registry)"
		return 1
	}
}
check "a private registry's packument is not Cache-Control: public" not_public "${REG}kept"
check "a private registry's tarball is not Cache-Control: public" \
	not_public "${REG}kept/-/kept-1.0.0.tgz"
never_403() {
	local u code bad=0
	for u in "${REG}kept" "${REG}kept/-/kept-1.0.0.tgz" "${REG}-/package/kept/dist-tags" \
		"${REG}nonexistent" "$DEPOT_URL/$ORG/no-such-registry/npm/kept"; do
		for a in "" "Authorization: Bearer $OTHER_TOKEN"; do
			code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 10 ${a:+-H "$a"} "$u")
			[[ $code != 403 && $code != 200 ]] || {
				echo "GET $u ${a:+(other org)}: HTTP $code"
				bad=$((bad + 1))
			}
		done
	done
	((bad == 0))
}
check "nothing in a private registry answers 403 or 200 to outsiders" never_403
check "another organization's token cannot see the org's registry over REST: 404" \
	expect_status 404 GET "$API/registries/web" -H "Authorization: Bearer $OTHER_TOKEN"
check "the other organization exists (sanity): its own registry list is 200" \
	expect_status 200 GET "$DEPOT_URL/api/v2/packages/organizations/$OTHER_ORG/registries" \
	-H "Authorization: Bearer $OTHER_TOKEN"

# ---- body over the limit: a second stack with upload_max = 64K
free_port() {
	local p
	for p in $((DEPOT_PORT + 101)) $((DEPOT_PORT + 211)) $((DEPOT_PORT + 307)) 18977 19377; do
		((p < 65536)) || continue
		(exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null && continue
		printf '%s\n' "$p"
		return 0
	done
	return 1
}
DEPOT_PORT=${DEPOT_PORT:-${DEPOT_URL##*:}}
S2=$(mktemp -d /tmp/depot-s2.XXXXXX)
chmod 755 "$S2" # PostgreSQL runs as its own user
at_exit rm -rf "$S2"
PORT2=$(free_port) || bail "no free port for the second stack"
stack2_down() { "$DEPOT_TOP/scripts/stack" down "$S2" 2>/dev/null; }
at_exit stack2_down
stack2_up() {
	"$DEPOT_TOP/scripts/stack" up "$S2" "$PORT2" >/dev/null 2>"$TEST_TMP/stack2.log" || {
		tail -n 20 "$TEST_TMP/stack2.log"
		return 1
	}
	printf 'upload_max = 64K\n' >>"$S2/depot.conf"
	"$DEPOT_TOP/scripts/stack" restart "$S2" >/dev/null 2>"$TEST_TMP/stack2.log" || {
		tail -n 20 "$TEST_TMP/stack2.log"
		return 1
	}
}
if check "a second stack with upload_max = 64K on port $PORT2" stack2_up &&
	[[ -f $S2/depot.conf ]]; then
	URL2=http://127.0.0.1:$PORT2
	ctl2() { "$DEPOTCTL" -c "$S2/depot.conf" "$@"; }
	ctl2 org create big >/dev/null
	printf 'password-%s\n' "$RANDOM$RANDOM" | ctl2 user create admin@big.test --org big --admin --password-stdin >/dev/null
	TOKEN2=$(ctl2 token create --org big --user admin@big.test --scopes "$ALL_SCOPES")
	check "registry on the second stack" \
		make_registry "$URL2/api/v2/packages/organizations/big" "Authorization: Bearer $TOKEN2"
	REG2=$URL2/big/web/npm/
	# A valid package whose publish body is about 100 KiB.
	mkdir -p "$A/big/package"
	printf '{"name":"big-pkg","version":"1.0.0"}\n' >"$A/big/package/package.json"
	head -c 70000 /dev/urandom >"$A/big/package/blob.bin"
	tar czf "$A/big.tgz" -C "$A/big" package
	body "$A/big.tgz" big-pkg 1.0.0 "$A/big.json"
	tgz small-pkg 1.0.0 "$A/small.tgz"
	body "$A/small.tgz" small-pkg 1.0.0 "$A/small.json"
	too_big() {
		snapshot "$S2/data"
		expect_status 413 "$@" || return 1
		expect_json '.message | test("large|limit|size"; "i")' true || return 1
		nothing_left big-pkg "" "$S2/data" "$REG2" "Authorization: Bearer $TOKEN2"
	}
	check "publish body over upload_max ($(stat -c %s "$A/big.json") bytes > 64K): 413, nothing left" \
		too_big PUT "${REG2}big-pkg" -H "Authorization: Bearer $TOKEN2" "${J[@]}" \
		--data-binary "@$A/big.json"
	check "chunked publish body over upload_max: 413, nothing left" \
		too_big PUT "${REG2}big-pkg" -H "Authorization: Bearer $TOKEN2" "${J[@]}" \
		-H 'Transfer-Encoding: chunked' --data-binary "@$A/big.json"
	check "REST upload over upload_max: 413, nothing left" \
		too_big POST "$URL2/api/v2/packages/organizations/big/registries/web/packages" \
		-H "Authorization: Bearer $TOKEN2" -F "file=@$A/big.tgz"
	small_ok() {
		json_put "${REG2}small-pkg" "$A/small.json" -H "Authorization: Bearer $TOKEN2"
		[[ $STATUS == 200 || $STATUS == 201 ]] || {
			echo "HTTP $STATUS"
			cat "$BODY"
			return 1
		}
	}
	check "a publish under the limit still works there" small_ok
fi
