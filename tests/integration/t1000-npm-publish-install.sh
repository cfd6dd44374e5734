#!/usr/bin/env bash
# t1000-npm-publish-install: the npm registry protocol with the real npm
# client: publish (token in .npmrc, scoped packages, publishConfig.registry),
# install from a clean cache, abbreviated and full packuments, tarballs sent
# by nginx, ETag/If-None-Match, npm view, dist-tag, deprecate, unpublish
# (needs delete_packages), republish refused, and the REST upload of a
# tarball.
# shellcheck source=tests/integration/lib.sh
. "$(dirname "$0")/lib.sh"

command -v npm >/dev/null || bail "npm is not installed"

new_org t1000
API=$DEPOT_URL/api/v2/packages/organizations/$ORG
REG=$DEPOT_URL/$ORG/web/npm/
# The .npmrc key for this registry: the URL without its scheme.
NPMRC_KEY=${REG#http:}
DEAD=http://127.0.0.1:9/ # nothing listens there: npm must never use it

create_registry() {
	http POST "$API/registries" "${AUTH[@]}" -H 'Content-Type: application/json' \
		-d '{"name":"Web","ecosystem":"javascript"}'
	[[ $STATUS == 200 || $STATUS == 201 ]] || {
		echo "HTTP $STATUS"
		cat "$BODY"
		return 1
	}
	expect_json .slug web && expect_json .ecosystem javascript
}
check "create a javascript registry (slug web)" create_registry

# npmrc FILE TOKEN [LINES...]: an npm config file with the token for REG.
npmrc() {
	local f=$1 tok=$2
	shift 2
	{
		printf 'registry=%s\n' "$REG"
		printf '@acme:registry=%s\n' "$REG"
		printf '%s:_authToken=%s\n' "$NPMRC_KEY" "$tok"
		printf 'audit=false\nfund=false\nupdate-notifier=false\n'
		printf 'fetch-retries=0\nloglevel=warn\n'
		printf '%s\n' "$@"
	} >"$f"
}
mkdir -p "$TEST_TMP/home"
npmrc "$TEST_TMP/npmrc" "$TOKEN"

# npmx [NPMRC=FILE] [CACHE=DIR] ARGS...: npm with an isolated config and
# cache; output in $TEST_TMP/npm.out (and on stdout).
npmx() {
	local rc_file=$TEST_TMP/npmrc cache=$TEST_TMP/cache rc=0
	while [[ ${1:-} == NPMRC=* || ${1:-} == CACHE=* ]]; do
		case $1 in
		NPMRC=*) rc_file=${1#NPMRC=} ;;
		CACHE=*) cache=${1#CACHE=} ;;
		esac
		shift
	done
	npm_config_userconfig=$rc_file npm_config_cache=$cache \
		npm_config_globalconfig=$TEST_TMP/no-globalconfig \
		HOME=$TEST_TMP/home timeout 120 npm "$@" >"$TEST_TMP/npm.out" 2>&1 || rc=$?
	cat "$TEST_TMP/npm.out"
	return "$rc"
}

# make_pkg DIR NAME VERSION [EXTRA JSON]: a package folder with an index.js
# that exports "NAME VERSION" and a README.
make_pkg() {
	local dir=$1 name=$2 version=$3 extra=${4:-}
	mkdir -p "$dir"
	cat >"$dir/package.json" <<-EOF
		{
		  "name": "$name",
		  "version": "$version",
		  "description": "Depot test package $name",
		  "main": "index.js",
		  "license": "MIT"${extra:+,
		  $extra}
		}
	EOF
	printf 'module.exports = "%s %s";\n' "$name" "$version" >"$dir/index.js"
	printf '# %s\n\nThe readme of %s %s.\n' "$name" "$name" "$version" >"$dir/README.md"
}

# pack DIR: npm pack into $TEST_TMP/packed; prints the tarball's path.
pack() {
	local out
	mkdir -p "$TEST_TMP/packed"
	out=$(cd "$1" && npmx pack --pack-destination "$TEST_TMP/packed" | tail -n 1)
	printf '%s/%s\n' "$TEST_TMP/packed" "$out"
}

sri() { printf 'sha512-%s' "$(openssl dgst -sha512 -binary "$1" | base64 -w0)"; }

# ---- publish
P=$TEST_TMP/src
make_pkg "$P/hello-1.0.0" depot-hello 1.0.0
make_pkg "$P/hello-1.1.0" depot-hello 1.1.0
make_pkg "$P/widget" @acme/widget 2.0.0
make_pkg "$P/viaconf" depot-viaconf 0.3.0 "\"publishConfig\": {\"registry\": \"$REG\"}"

publish_in() { (cd "$1" && npmx publish); }
check "npm publish depot-hello@1.0.0 (token in .npmrc)" publish_in "$P/hello-1.0.0"
check "npm publish depot-hello@1.1.0" publish_in "$P/hello-1.1.0"
check "npm publish @acme/widget@2.0.0 (scoped)" publish_in "$P/widget"

# publishConfig.registry: the user config points at a dead port; only
# package.json says where to publish.
npmrc "$TEST_TMP/npmrc-dead" "$TOKEN"
sed -i "s|^registry=.*|registry=$DEAD|; s|^@acme:registry=.*|@acme:registry=$DEAD|" "$TEST_TMP/npmrc-dead"
publish_viaconf() { (cd "$P/viaconf" && npmx NPMRC="$TEST_TMP/npmrc-dead" publish); }
check "npm publish depot-viaconf with publishConfig.registry" publish_viaconf
check "depot-viaconf is in the registry" \
	expect_status 200 GET "${REG}depot-viaconf" "${AUTH[@]}"

hello1=$(pack "$P/hello-1.0.0")
hello2=$(pack "$P/hello-1.1.0")
widget=$(pack "$P/widget")

# ---- install from a clean cache into a fresh project
n_install=0
# install SPEC PKGNAME WANT: npm install SPEC in a new project with a new
# cache; node_modules/PKGNAME/index.js must say WANT.
install_check() {
	local spec=$1 name=$2 want=$3 proj got
	n_install=$((n_install + 1))
	proj=$TEST_TMP/proj$n_install
	mkdir -p "$proj"
	printf '{"name":"consumer-%d","version":"1.0.0","private":true}\n' "$n_install" >"$proj/package.json"
	(cd "$proj" && npmx NPMRC="${INSTALL_NPMRC:-$TEST_TMP/npmrc}" \
		CACHE="$TEST_TMP/cache-install$n_install" install "$spec") || return 1
	got=$(cd "$proj" && node -p "require('$name')") || return 1
	[[ $got == "$want" ]] || {
		echo "require('$name') gives '$got', want '$want'"
		return 1
	}
	cmp "$P/$4/README.md" "$proj/node_modules/$name/README.md" || return 1
	grep -q "\"resolved\": \"$REG" "$proj/package-lock.json" || {
		echo "package-lock.json does not resolve to $REG:"
		cat "$proj/package-lock.json"
		return 1
	}
}
check "npm install depot-hello gets 1.1.0 (latest)" \
	install_check depot-hello depot-hello "depot-hello 1.1.0" hello-1.1.0
check "npm install depot-hello@1.0.0 gets 1.0.0" \
	install_check depot-hello@1.0.0 depot-hello "depot-hello 1.0.0" hello-1.0.0
check "npm install @acme/widget" \
	install_check @acme/widget @acme/widget "@acme/widget 2.0.0" widget
# npm audit asks the registry for advisories (a gzip-compressed POST): the
# registry knows none, so the audit passes instead of failing the command.
audit_clean() {
	(cd "$TEST_TMP/proj$n_install" && npmx NPMRC="$TEST_TMP/npmrc" \
		CACHE="$TEST_TMP/cache-audit" audit --audit=true) || return 1
	grep -q "found 0 vulnerabilities" "$TEST_TMP/npm.out"
}
check "npm audit against the registry: found 0 vulnerabilities" audit_clean

# HTTP Basic as npm sends it from `_auth`: any user name, the token as the
# password.
{
	printf 'registry=%s\n' "$REG"
	printf '%s:_auth=%s\n' "$NPMRC_KEY" "$(printf 'npm-user:%s' "$TOKEN" | base64 -w0)"
	printf 'audit=false\nfund=false\nupdate-notifier=false\nfetch-retries=0\n'
} >"$TEST_TMP/npmrc-basic"
INSTALL_NPMRC=$TEST_TMP/npmrc-basic
check "npm install with _auth (Basic, token as password)" \
	install_check depot-hello@1.0.0 depot-hello "depot-hello 1.0.0" hello-1.0.0
INSTALL_NPMRC=

# ---- packuments
abbreviated() {
	expect_status 200 GET "${REG}depot-hello" "${AUTH[@]}" \
		-H 'Accept: application/vnd.npm.install-v1+json; q=1.0, application/json; q=0.8, */*' ||
		return 1
	[[ $(header Content-Type) == application/vnd.npm.install-v1+json* ]] || {
		echo "Content-Type: $(header Content-Type)"
		return 1
	}
	[[ $(header Vary) == *Accept* ]] || {
		echo "no Vary: Accept (Vary: $(header Vary))"
		return 1
	}
	expect_json 'has("readme")' false &&
		expect_json '.versions | keys | join(",")' 1.0.0,1.1.0 &&
		expect_json '.["dist-tags"].latest' 1.1.0 &&
		expect_json '.versions["1.0.0"].dist.integrity' "$(sri "$hello1")" &&
		expect_json '[.versions[] | has("readme")] | any' false
}
check "abbreviated packument: its content type, Vary: Accept, no readme" abbreviated

full_packument() {
	expect_status 200 GET "${REG}depot-hello" "${AUTH[@]}" -H 'Accept: application/json' ||
		return 1
	[[ $(header Content-Type) == application/json* ]] || {
		echo "Content-Type: $(header Content-Type)"
		return 1
	}
	[[ $(header Vary) == *Accept* ]] || {
		echo "no Vary: Accept (Vary: $(header Vary))"
		return 1
	}
	expect_json .name depot-hello &&
		expect_json '.readme | test("The readme of depot-hello")' true &&
		expect_json '.time | has("created") and has("modified") and has("1.0.0") and has("1.1.0")' true &&
		expect_json '.versions["1.0.0"].dist.integrity' "$(sri "$hello1")" &&
		expect_json '.versions["1.1.0"].dist.integrity' "$(sri "$hello2")" &&
		expect_json '.versions["1.1.0"].dist.shasum' "$(sha1sum "$hello2" | cut -d' ' -f1)" &&
		expect_json '.versions["1.1.0"].description' "Depot test package depot-hello" &&
		expect_json '.versions["1.0.0"].dist.tarball' "${REG}depot-hello/-/depot-hello-1.0.0.tgz"
}
check "full packument: readme, time, dist.integrity = sha512 of npm pack" full_packument

scoped_packument() {
	expect_status 200 GET "$REG@acme%2fwidget" "${AUTH[@]}" &&
		expect_json .name @acme/widget &&
		expect_json '.versions["2.0.0"].dist.integrity' "$(sri "$widget")"
}
check "scoped packument at /@acme%2fwidget" scoped_packument

etag_304() {
	local etag
	expect_status 200 GET "${REG}depot-hello" "${AUTH[@]}" || return 1
	etag=$(header ETag)
	[[ -n $etag ]] || {
		echo "no ETag"
		return 1
	}
	: >"$BODY" # curl writes no file for an empty body
	expect_status 304 GET "${REG}depot-hello" "${AUTH[@]}" -H "If-None-Match: $etag" || return 1
	[[ ! -s $BODY ]] || {
		echo "304 with a body"
		return 1
	}
	expect_status 200 GET "${REG}depot-hello" "${AUTH[@]}" -H 'If-None-Match: "not-it"'
}
check "packument ETag + If-None-Match gives 304" etag_304

# ---- tarballs through nginx
tarball_via_nginx() {
	local url
	url="${REG}depot-hello/-/depot-hello-1.1.0.tgz"
	expect_status 200 GET "$url" "${AUTH[@]}" || return 1
	cmp "$BODY" "$hello2" || return 1
	[[ $(header Accept-Ranges) == bytes ]] || {
		echo "no Accept-Ranges: bytes"
		tr -d '\r' <"$HEADERS"
		return 1
	}
	[[ -n $(header ETag) && -n $(header Last-Modified) ]] || {
		echo "no ETag or Last-Modified"
		tr -d '\r' <"$HEADERS"
		return 1
	}
	[[ $(header Content-Length) == "$(stat -c %s "$hello2")" ]] || {
		echo "Content-Length $(header Content-Length)"
		return 1
	}
	# Only nginx's file sending answers ranges.
	expect_status 206 GET "$url" "${AUTH[@]}" -H 'Range: bytes=0-9' || return 1
	cmp "$BODY" <(head -c 10 "$hello2")
}
check "tarball GET is sent by nginx (Accept-Ranges, ETag, Range), bytes = npm pack" tarball_via_nginx
check "scoped tarball GET" \
	expect_status 200 GET "${REG}@acme/widget/-/widget-2.0.0.tgz" "${AUTH[@]}"
check "scoped tarball bytes = npm pack" cmp "$BODY" "$widget"
check "tarball of an unknown version is 404" \
	expect_status 404 GET "${REG}depot-hello/-/depot-hello-9.9.9.tgz" "${AUTH[@]}"

# ---- npm view, dist-tag, deprecate
view_is() {
	local want=$1 got
	shift
	got=$(npmx view "$@" --prefer-online) || return 1
	[[ $got == "$want" ]] || {
		echo "npm view $*: '$got', want '$want'"
		return 1
	}
}
check "npm view depot-hello version" view_is 1.1.0 depot-hello version
check "npm view depot-hello versions" view_is "[ '1.0.0', '1.1.0' ]" depot-hello versions
check "npm view @acme/widget@2.0.0 description" \
	view_is "Depot test package @acme/widget" @acme/widget@2.0.0 description
whoami() {
	local got
	got=$(npmx whoami) || return 1
	[[ $got == "$ADMIN_EMAIL" ]] || {
		echo "npm whoami: '$got', want '$ADMIN_EMAIL'"
		return 1
	}
}
check "npm whoami names the token's user" whoami

dist_tags() {
	npmx dist-tag add depot-hello@1.0.0 stable || return 1
	npmx dist-tag ls depot-hello | grep -qx 'stable: 1.0.0' || return 1
	# Every worker sees the change at once (their caches are dropped).
	for _ in 1 2 3 4 5 6; do
		expect_status 200 GET "${REG}depot-hello" "${AUTH[@]}" &&
			expect_json '.["dist-tags"].stable' 1.0.0 || return 1
	done
	npmx dist-tag rm depot-hello stable || return 1
	! npmx dist-tag ls depot-hello | grep -q stable || {
		echo "stable still listed"
		return 1
	}
	npmx dist-tag ls depot-hello | grep -qx 'latest: 1.1.0'
}
check "npm dist-tag add / ls / rm" dist_tags

deprecate() {
	npmx deprecate depot-hello@1.0.0 "use 1.1.0 instead" || return 1
	view_is "use 1.1.0 instead" depot-hello@1.0.0 deprecated || return 1
	view_is "" depot-hello@1.1.0 deprecated
}
check "npm deprecate, then npm view name deprecated" deprecate

# ---- republish refused
# npm 11 looks at the packument first and refuses by itself; the server's
# answer to the same PUT (what older clients and other tools see) is
# checked with the body npm would send.
republish() {
	local rc=0
	(cd "$P/hello-1.1.0" && npmx publish) || rc=$?
	((rc != 0)) || {
		echo "npm publish of an existing version succeeded"
		return 1
	}
	grep -qi "cannot publish over" "$TEST_TMP/npm.out"
}
check "publishing an existing version again: npm exits non-zero, 'cannot publish over'" republish

cat >"$TEST_TMP/mkbody.js" <<'EOF'
// node mkbody.js TGZ NAME VERSION OUT: the JSON body of npm publish
const fs = require('fs'), crypto = require('crypto');
const [tgz, name, version, out] = process.argv.slice(2);
const data = fs.readFileSync(tgz);
const file = name.replace(/^@[^/]+\//, '') + '-' + version + '.tgz';
const body = {
  _id: name, name, description: 'x', 'dist-tags': { latest: version },
  versions: { [version]: { name, version, _id: name + '@' + version,
    dist: { integrity: 'sha512-' + crypto.createHash('sha512').update(data).digest('base64'),
      shasum: crypto.createHash('sha1').update(data).digest('hex'),
      tarball: 'http://127.0.0.1/' + name + '/-/' + file } } },
  access: null,
  _attachments: { [file]: { content_type: 'application/octet-stream',
    data: data.toString('base64'), length: data.length } } };
fs.writeFileSync(out, JSON.stringify(body));
EOF
republish_raw() {
	node "$TEST_TMP/mkbody.js" "$hello2" depot-hello 1.1.0 "$TEST_TMP/republish.json" || return 1
	expect_status 403 PUT "${REG}depot-hello" "${AUTH[@]}" \
		-H 'Content-Type: application/json' --data-binary "@$TEST_TMP/republish.json" &&
		expect_json '.message | test("cannot publish over")' true
}
check "the server refuses the same PUT with 403 'cannot publish over'" republish_raw

# ---- unpublish needs delete_packages
RW_TOKEN=$(depotctl token create --org "$ORG" --user "$ADMIN_EMAIL" \
	--scopes read_packages,write_packages --description "t1000 no delete")
npmrc "$TEST_TMP/npmrc-rw" "$RW_TOKEN"
unpublish_refused() {
	local rc=0
	npmx NPMRC="$TEST_TMP/npmrc-rw" unpublish depot-hello@1.0.0 || rc=$?
	((rc != 0)) || {
		echo "unpublish without delete_packages succeeded"
		return 1
	}
	grep -q E403 "$TEST_TMP/npm.out" && grep -q delete_packages "$TEST_TMP/npm.out"
}
check "npm unpublish with a token lacking delete_packages: E403 naming the scope" unpublish_refused
check "... and 1.0.0 is still there" \
	expect_status 200 GET "${REG}depot-hello/-/depot-hello-1.0.0.tgz" "${AUTH[@]}"

unpublish_ok() {
	npmx unpublish depot-hello@1.0.0 || return 1
	expect_status 200 GET "${REG}depot-hello" "${AUTH[@]}" &&
		expect_json '.versions | keys | join(",")' 1.1.0 &&
		expect_json '.["dist-tags"].latest' 1.1.0 &&
		expect_status 404 GET "${REG}depot-hello/-/depot-hello-1.0.0.tgz" "${AUTH[@]}"
}
check "npm unpublish depot-hello@1.0.0 with delete_packages" unpublish_ok
check "npm view depot-hello versions after unpublish" view_is "1.1.0" depot-hello versions

# ---- REST upload of a tarball
make_pkg "$P/rest" depot-rest 0.1.0
rest_tgz=$(pack "$P/rest")
rest_upload() {
	http POST "$API/registries/web/packages" "${AUTH[@]}" -F "file=@$rest_tgz"
	[[ $STATUS == 200 || $STATUS == 201 ]] || {
		echo "HTTP $STATUS"
		cat "$BODY"
		return 1
	}
	expect_json .name depot-rest &&
		expect_json .version 0.1.0 &&
		expect_json .digests.sha256 "$(sha256sum "$rest_tgz" | cut -d' ' -f1)" &&
		expect_json .size "$(stat -c %s "$rest_tgz")"
}
check "REST upload of a tarball returns the package (name, version, sha256)" rest_upload
check "REST-uploaded package installs with npm" \
	install_check depot-rest depot-rest "depot-rest 0.1.0" rest
