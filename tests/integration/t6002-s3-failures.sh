#!/usr/bin/env bash
# t6002-s3-failures: the diagnostic fails, step by step with the service's
# words, for a wrong secret, a missing bucket and an unreachable endpoint,
# and nothing is stored; with the S3 server stopped before a publish and in
# the middle of a multipart upload, publishing answers 503 naming the
# storage link, leaves no package row and no spool file, and works again
# once the server is back; /-/health reports the failing link (degraded,
# still 200) and `storage check` marks it failing, so `storage use` refuses
# it until it passes again.
# shellcheck source=tests/integration/lib.sh
. "$(dirname "$0")/lib.sh"

s3_up || bail "cannot start the S3 server (scripts/s3node; Debian package swift)"
S3NODE=$DEPOT_TOP/scripts/s3node
# Whatever happens, leave the S3 server running for the next tests.
at_exit eval '"$S3NODE" up "$DEPOT_DIR/s3" >/dev/null 2>&1 || true'

new_org t6002
API=$DEPOT_URL/api/v2/packages/organizations/$ORG

# add_fails NAME EXPECT [storage add options...]: the diagnostic fails with
# EXPECT in the first step's message, exit 1, no link row.
add_fails() {
	local name=$1 want=$2 secret=$DEPOT_S3_SECRET endpoint=$DEPOT_S3_ENDPOINT
	local bucket=$DEPOT_S3_BUCKET n
	shift 2
	while (($#)); do
		case $1 in
		secret=*) secret=${1#secret=} ;;
		endpoint=*) endpoint=${1#endpoint=} ;;
		bucket=*) bucket=${1#bucket=} ;;
		esac
		shift
	done
	if printf '%s\n' "$secret" | depotctl storage add --org "$ORG" --name "$name" \
		--endpoint "$endpoint" --region "$DEPOT_S3_REGION" --bucket "$bucket" \
		--access-key-id "$DEPOT_S3_ACCESS_KEY" --secret-stdin \
		>"$TEST_TMP/add.out" 2>"$TEST_TMP/add.err"; then
		echo "storage add succeeded"
		return 1
	fi
	grep -q "publish (PUT) *Fail .*$want" "$TEST_TMP/add.err" &&
		grep -q 'download (GET) *- *not run' "$TEST_TMP/add.err" &&
		grep -q 'storage link not created' "$TEST_TMP/add.err" || {
		cat "$TEST_TMP/add.err"
		return 1
	}
	[[ ! -s $TEST_TMP/add.out ]] || {
		echo "printed an id: $(cat "$TEST_TMP/add.out")"
		return 1
	}
	n=$(psql -XAtc "SELECT count(*) FROM storage_links WHERE name = '$name'")
	[[ $n == 0 ]] || {
		echo "a link row was stored"
		return 1
	}
}
check "wrong secret: the diagnostic fails (SignatureDoesNotMatch), nothing stored" \
	add_fails wrongsecret SignatureDoesNotMatch "secret=not-the-secret"
check "missing bucket: the diagnostic fails (NoSuchBucket)" \
	add_fails nobucket NoSuchBucket "bucket=no-such-bucket-$RANDOM"
check "unreachable endpoint: the diagnostic fails (connect)" \
	add_fails unreachable "onnect" "endpoint=http://127.0.0.1:9"
check "no STORAGE_CREATED event for failed links" \
	eval '[[ $(psql -XAtc "SELECT count(*) FROM audit_events a JOIN organizations o
		ON o.id = a.org_id WHERE o.slug = '"'$ORG'"' AND a.type = '"'STORAGE_CREATED'"'") == 0 ]]'
check "a secret on the command line is not accepted (usage)" \
	eval '! depotctl storage add --org "$ORG" --name x --endpoint "$DEPOT_S3_ENDPOINT" \
		--region us-east-1 --bucket depot --access-key-id a --secret s </dev/null 2>/dev/null'

# ---- a link that works, and a registry on it
LINK=$(s3_link good "$ORG/" 2>"$TEST_TMP/diag") || {
	cat "$TEST_TMP/diag" >&2
	bail "storage add failed"
}
check "create registry 'files' (javascript) on the link" eval '
	expect_status 200 POST "$API/registries" "${AUTH[@]}" \
		-H "Content-Type: application/json" -d "{\"name\":\"Files\",\"ecosystem\":\"javascript\"}" &&
	depotctl storage use --org "$ORG" --registry files good >/dev/null'

# tarball DIR NAME VERSION MB: an npm package tarball (npm pack) with MB of
# random data; prints its path.
tarball() {
	local dir=$TEST_TMP/src/$2-$3
	mkdir -p "$dir"
	printf '{"name":"%s","version":"%s","license":"MIT"}\n' "$2" "$3" >"$dir/package.json"
	head -c "$(($4 * 1024 * 1024))" /dev/urandom >"$dir/data.bin"
	(cd "$dir" && HOME=$TEST_TMP npm pack --silent --pack-destination "$TEST_TMP" 2>/dev/null |
		tail -n 1 | sed "s|^|$TEST_TMP/|")
}
upload() {
	http POST "$API/registries/files/packages" "${AUTH[@]}" -F "file=@$1" --max-time 120
}
pkg_rows() {
	psql -XAtc "SELECT count(*) FROM packages p JOIN registries r ON
		r.id = p.registry_id JOIN organizations o ON o.id = r.org_id
		WHERE o.slug = '$ORG' AND p.name = '$1'"
}
spool_count() { find "$DEPOT_DIR/data/tmp" -type f | wc -l; }

SMALL=$(tarball x small 1.0.0 1)
BIG=$(tarball x big 1.0.0 100)

# ---- the server stopped before the publish
stopped_publish() {
	local before
	"$S3NODE" down "$DEPOT_DIR/s3" >/dev/null 2>&1
	before=$(spool_count)
	upload "$SMALL"
	[[ $STATUS == 503 || $STATUS == 502 ]] || {
		echo "HTTP $STATUS"
		cat "$BODY"
		return 1
	}
	expect_json '.message | test("storage link .good.")' true || return 1
	[[ $(pkg_rows small) == 0 ]] || {
		echo "a package row was left"
		return 1
	}
	[[ $(spool_count) == "$before" ]] || {
		echo "a spool file was left in data/tmp"
		return 1
	}
}
check "S3 server down: publish answers 503 naming the storage link, no package row" \
	stopped_publish
degraded() {
	http GET "$DEPOT_URL/-/health"
	[[ $STATUS == 200 ]] &&
		[[ $(json_get .status) == degraded ]] &&
		[[ $(json_get '.storage_links_failing | map(.id) | index("'"$LINK"'")') != null ]]
}
health_degraded() {
	# Each worker reuses its answer for up to 10 s.
	wait_until 25 degraded || {
		echo "last /-/health: HTTP $STATUS"
		cat "$BODY"
		return 1
	}
	expect_json .database ok
}
check "/-/health: degraded (still 200), the link listed as failing" health_degraded
check_failing() {
	! depotctl storage check --org "$ORG" good >"$TEST_TMP/check.out" 2>&1 || {
		cat "$TEST_TMP/check.out"
		return 1
	}
	[[ $(psql -XAtc "SELECT status FROM storage_links WHERE id = '$LINK'") == failing ]]
}
check "storage check records the link as failing" check_failing
check "storage use refuses a failing link" \
	eval '! depotctl storage use --org "$ORG" good 2>/dev/null'

# ---- the server stopped in the middle of a multipart upload
restart_s3() { "$S3NODE" up "$DEPOT_DIR/s3" >/dev/null; }
check "S3 server back" restart_s3
# uploading: is a multipart upload of our prefix in progress?
uploading() {
	s3_http GET "?prefix=$ORG%2F&uploads=" >/dev/null 2>&1
	grep -q '<UploadId>' "$BODY"
}
midway() {
	local pid n=0 before
	before=$(spool_count)
	( upload "$BIG"; printf '%s\n' "$STATUS" >"$TEST_TMP/mid.status"; cp "$BODY" "$TEST_TMP/mid.body" ) &
	pid=$!
	while ! uploading; do
		n=$((n + 1))
		if ((n > 300)) || ! kill -0 "$pid" 2>/dev/null; then
			echo "no multipart upload seen"
			wait "$pid"
			cat "$TEST_TMP/mid.body" 2>/dev/null
			return 1
		fi
		sleep 0.1
	done
	"$S3NODE" down "$DEPOT_DIR/s3" >/dev/null 2>&1
	wait "$pid"
	STATUS=$(cat "$TEST_TMP/mid.status")
	cp "$TEST_TMP/mid.body" "$BODY"
	[[ $STATUS == 503 || $STATUS == 502 ]] || {
		echo "HTTP $STATUS"
		cat "$BODY"
		return 1
	}
	expect_json '.message | test("storage link .good.")' true || return 1
	[[ $(pkg_rows big) == 0 ]] || {
		echo "a package row was left"
		return 1
	}
	[[ $(spool_count) == "$before" ]] || {
		echo "a spool file was left in data/tmp"
		return 1
	}
}
check "S3 server stopped during a 100 MB multipart upload: 503 naming the link, no row" midway

check "S3 server back again" restart_s3
check "storage check: active again" \
	eval 'depotctl storage check --org "$ORG" good >/dev/null 2>&1'
healthy() {
	http GET "$DEPOT_URL/-/health"
	[[ $STATUS == 200 && $(json_get .status) == ok ]]
}
check "/-/health: ok again" wait_until 25 healthy
publish_after() {
	upload "$SMALL"
	[[ $STATUS == 200 || $STATUS == 201 ]] || {
		echo "HTTP $STATUS"
		cat "$BODY"
		return 1
	}
	upload "$BIG"
	[[ $STATUS == 200 || $STATUS == 201 ]] || {
		echo "HTTP $STATUS"
		cat "$BODY"
		return 1
	}
	[[ $(pkg_rows small) == 1 && $(pkg_rows big) == 1 ]]
}
check "the same publishes succeed once the server is back" publish_after
download_big() {
	curl -sfL --max-time 60 "${AUTH[@]}" -o "$TEST_TMP/big.tgz" \
		"$DEPOT_URL/$ORG/files/npm/big/-/big-1.0.0.tgz" || return 1
	cmp "$BIG" "$TEST_TMP/big.tgz"
}
check "and the 100 MB tarball reads back intact" download_big
