#!/usr/bin/env bash
# t6003-s3-proxy-download: with s3_proxy_location = /_s3/ in depot.conf,
# files in private storage come through nginx (X-Accel-Redirect to the
# internal /_s3/ location that proxies the presigned URL): 200 with the
# bytes, HEAD and Range work, no redirect, neither the bucket's address nor
# a signature nor a credential reaches the client, and /_s3/ is not
# reachable from outside. Restarts the stack twice (and restores its
# depot.conf).
# shellcheck source=tests/integration/lib.sh
. "$(dirname "$0")/lib.sh"

s3_up || bail "cannot start the S3 server (scripts/s3node; Debian package swift)"

restart_stack() {
	"$DEPOT_TOP/scripts/stack" restart "$DEPOT_DIR" >"$TEST_TMP/restart.out" 2>&1 || {
		cat "$TEST_TMP/restart.out" >&2
		return 1
	}
}
cp "$DEPOT_CONF" "$TEST_TMP/depot.conf.orig"
at_exit eval 'cp "$TEST_TMP/depot.conf.orig" "$DEPOT_CONF" && restart_stack'
sed -i '/^s3_proxy_location/d' "$DEPOT_CONF"
echo 's3_proxy_location = /_s3/' >>"$DEPOT_CONF"
restart_stack || bail "cannot restart the stack with s3_proxy_location"

new_org t6003
API=$DEPOT_URL/api/v2/packages/organizations/$ORG
LINK=$(s3_link proxied "$ORG/" 2>"$TEST_TMP/diag") || {
	cat "$TEST_TMP/diag" >&2
	bail "storage add failed"
}
check "create a files-like javascript registry on the link" eval '
	expect_status 200 POST "$API/registries" "${AUTH[@]}" \
		-H "Content-Type: application/json" -d "{\"name\":\"Px\",\"ecosystem\":\"javascript\"}" &&
	depotctl storage use --org "$ORG" --registry px proxied >/dev/null'

dir=$TEST_TMP/src
mkdir -p "$dir"
printf '{"name":"proxied","version":"1.0.0","license":"MIT"}\n' >"$dir/package.json"
head -c 3000000 /dev/urandom >"$dir/data.bin"
TGZ=$TEST_TMP/$(cd "$dir" && HOME=$TEST_TMP npm pack --silent --pack-destination "$TEST_TMP" 2>/dev/null | tail -n 1)
URL=$DEPOT_URL/$ORG/px/npm/proxied/-/proxied-1.0.0.tgz

check "upload the tarball" \
	expect_status 200 POST "$API/registries/px/packages" "${AUTH[@]}" -F "file=@$TGZ"
proxied_get() {
	curl -sS --max-time 30 "${AUTH[@]}" -D "$HEADERS" -o "$TEST_TMP/got.tgz" \
		-w '%{http_code}' "$URL" >"$TEST_TMP/code" || return 1
	[[ $(cat "$TEST_TMP/code") == 200 ]] || {
		echo "HTTP $(cat "$TEST_TMP/code")"
		tr -d '\r' <"$HEADERS"
		return 1
	}
	cmp "$TGZ" "$TEST_TMP/got.tgz" || return 1
	! grep -qi "^location:\|$DEPOT_S3_ENDPOINT\|X-Amz-\|x-amz-meta\|$DEPOT_S3_SECRET" "$HEADERS" || {
		echo "bucket details in the response headers:"
		tr -d '\r' <"$HEADERS"
		return 1
	}
	grep -qi '^content-disposition: attachment; filename="proxied-1.0.0.tgz"' "$HEADERS"
}
check "GET: 200 with the bytes through nginx, nothing of the bucket shown" proxied_get
check "HEAD: 200" eval 'http HEAD "$URL" "${AUTH[@]}" && [[ $STATUS == 200 ]]'
range_get() {
	http GET "$URL" "${AUTH[@]}" -r 100-199
	[[ $STATUS == 206 && $(stat -c %s "$BODY") == 100 ]] || {
		echo "HTTP $STATUS, $(stat -c %s "$BODY") bytes"
		return 1
	}
	cmp <(tail -c +101 "$TGZ" | head -c 100) "$BODY"
}
check "Range: 206 with the right 100 bytes" range_get
check "/_s3/ is internal (404 from outside)" \
	expect_status 404 GET "$DEPOT_URL/_s3/${DEPOT_S3_ENDPOINT/:\/\//\/}/$DEPOT_S3_BUCKET/$ORG/sha256/x"
check "without credentials: still refused" \
	eval 'http GET "$URL"; [[ $STATUS == 401 || $STATUS == 404 ]]'
