#!/usr/bin/env bash
# t6000-s3-npm-publish-install: a registry on private storage, with the real
# npm client and a real S3 server that checks SigV4 signatures (Swift with
# s3api): depotctl storage add runs the diagnostic and records
# STORAGE_CREATED; storage list; storage use; npm publish puts the tarball
# in the bucket (single PUT and multipart); npm install follows the
# redirect to a presigned URL that stays the same within its window; the
# bucket refuses unsigned reads; unpublish marks the object deleted and
# keeps it; /-/health checks the link.
# shellcheck source=tests/integration/lib.sh
. "$(dirname "$0")/lib.sh"

command -v npm >/dev/null || bail "npm is not installed"
s3_up || bail "cannot start the S3 server (scripts/s3node; Debian package swift)"

new_org t6000
API=$DEPOT_URL/api/v2/packages/organizations/$ORG
REG=$DEPOT_URL/$ORG/web/npm/
NPMRC_KEY=${REG#http:}

check "create a javascript registry" \
	expect_status 200 POST "$API/registries" "${AUTH[@]}" \
	-H 'Content-Type: application/json' -d '{"name":"Web","ecosystem":"javascript"}'

# ---- the link
add_link() {
	LINK=$(s3_link swift "$ORG/" 2>"$TEST_TMP/diag") || {
		cat "$TEST_TMP/diag"
		return 1
	}
	[[ $LINK =~ ^[0-9a-f-]{36}$ ]] || {
		echo "storage add printed '$LINK', not an id"
		return 1
	}
	for step in "publish (PUT)" "download (GET)" "download (presigned URL)" \
		"tag deleted" "delete (DELETE)"; do
		grep -q "$step *Pass" "$TEST_TMP/diag" || {
			echo "no Pass for $step:"
			cat "$TEST_TMP/diag"
			return 1
		}
	done
}
check "storage add: every diagnostic step passes, the id is printed" add_link

audit_recorded() {
	local n
	n=$(psql -XAtc "SELECT count(*) FROM audit_events a JOIN organizations o
		ON o.id = a.org_id WHERE o.slug = '$ORG' AND a.type = 'STORAGE_CREATED'
		AND a.subject_id = '$LINK' AND a.data->>'bucket' = '$DEPOT_S3_BUCKET'
		AND a.data::text NOT LIKE '%$DEPOT_S3_SECRET%'")
	[[ $n == 1 ]] || {
		echo "STORAGE_CREATED events: $n"
		return 1
	}
}
check "STORAGE_CREATED audit event, without the secret" audit_recorded

sealed() {
	local s
	s=$(psql -XAtc "SELECT secret_sealed FROM storage_links WHERE id = '$LINK'")
	[[ -n $s && $s != *"$DEPOT_S3_SECRET"* ]] || {
		echo "secret_sealed: '$s'"
		return 1
	}
}
check "the secret is stored sealed" sealed

listed() {
	depotctl storage list --org "$ORG" >"$TEST_TMP/list" || return 1
	grep -q "^$LINK	swift	active	0	s3://$DEPOT_S3_BUCKET/$ORG/	" "$TEST_TMP/list" &&
		grep -q '^default for new registries: hosted$' "$TEST_TMP/list" || {
		cat "$TEST_TMP/list"
		return 1
	}
}
check "storage list shows the link" listed
check "a second link with the same name is refused" \
	eval '! s3_link swift "$ORG/" 2>/dev/null'
check "storage use --registry web swift" \
	depotctl storage use --org "$ORG" --registry web swift
check "storage list counts the registry" \
	eval 'depotctl storage list --org "$ORG" | grep -q "	swift	active	1	"'

# ---- npm
mkdir -p "$TEST_TMP/home"
{
	printf 'registry=%s\n' "$REG"
	printf '%s:_authToken=%s\n' "$NPMRC_KEY" "$TOKEN"
	printf 'audit=false\nfund=false\nupdate-notifier=false\nfetch-retries=0\nloglevel=warn\n'
} >"$TEST_TMP/npmrc"

npmx() {
	local cache=$TEST_TMP/cache rc=0
	if [[ ${1:-} == CACHE=* ]]; then
		cache=${1#CACHE=}
		shift
	fi
	npm_config_userconfig=$TEST_TMP/npmrc npm_config_cache=$cache \
		npm_config_globalconfig=$TEST_TMP/no-globalconfig \
		HOME=$TEST_TMP/home timeout 120 npm "$@" >"$TEST_TMP/npm.out" 2>&1 || rc=$?
	cat "$TEST_TMP/npm.out"
	return "$rc"
}

# make_pkg DIR NAME VERSION [RANDOM-MB]
make_pkg() {
	mkdir -p "$1"
	printf '{"name":"%s","version":"%s","main":"index.js","license":"MIT"}\n' \
		"$2" "$3" >"$1/package.json"
	printf 'module.exports = "%s %s";\n' "$2" "$3" >"$1/index.js"
	if [[ -n ${4:-} ]]; then
		head -c "$(($4 * 1024 * 1024))" /dev/urandom >"$1/data.bin"
	fi
}

P=$TEST_TMP/src
make_pkg "$P/a1" depot-s3 1.0.0
# Above s3_multipart_threshold (64M by default): a multipart upload.
make_pkg "$P/a2" depot-s3 2.0.0 70

check "npm publish depot-s3@1.0.0 to private storage" \
	eval '(cd "$P/a1" && npmx publish)'
check "npm publish depot-s3@2.0.0 (70 MB: multipart upload)" \
	eval '(cd "$P/a2" && npmx publish)'

SHA1=$(psql -XAtc "SELECT f.sha256 FROM package_files f JOIN packages p ON
	p.id = f.package_id JOIN registries r ON r.id = p.registry_id JOIN
	organizations o ON o.id = r.org_id WHERE o.slug = '$ORG' AND p.version = '1.0.0'")
SHA2=$(psql -XAtc "SELECT f.sha256 FROM package_files f JOIN packages p ON
	p.id = f.package_id JOIN registries r ON r.id = p.registry_id JOIN
	organizations o ON o.id = r.org_id WHERE o.slug = '$ORG' AND p.version = '2.0.0'")

recorded_in_link() {
	local s
	s=$(psql -XAtc "SELECT DISTINCT f.storage FROM package_files f JOIN packages p
		ON p.id = f.package_id JOIN registries r ON r.id = p.registry_id JOIN
		organizations o ON o.id = r.org_id WHERE o.slug = '$ORG'")
	[[ $s == "$LINK" ]] || {
		echo "package_files.storage: $s"
		return 1
	}
}
check "package_files.storage names the link" recorded_in_link
check "the tarball is in the bucket under the prefix" \
	s3_http HEAD "$ORG/sha256/$SHA1"
in_bucket_multipart() {
	s3_http HEAD "$ORG/sha256/$SHA2" || return 1
	[[ $STATUS == 200 && $(header ETag) == *-[0-9]*\" ]] || {
		echo "HTTP $STATUS, ETag $(header ETag) (a multipart object ends in -N)"
		return 1
	}
}
check "the 70 MB tarball went up as a multipart upload" in_bucket_multipart
check "nothing is left in hosted storage" \
	eval '[[ ! -e $DEPOT_DIR/data/blobs/sha256/${SHA1:0:2}/$SHA1 ]]'

unsigned_refused() {
	http GET "$DEPOT_S3_ENDPOINT/$DEPOT_S3_BUCKET/$ORG/sha256/$SHA1"
	[[ $STATUS == 400 || $STATUS == 401 || $STATUS == 403 ]] || {
		echo "unsigned GET of the object: HTTP $STATUS"
		return 1
	}
}
check "the bucket refuses unsigned reads" unsigned_refused

redirect_stable() {
	local u1 u2
	expect_status 302 GET "${REG}depot-s3/-/depot-s3-1.0.0.tgz" "${AUTH[@]}" || return 1
	u1=$(header Location)
	expect_status 302 GET "${REG}depot-s3/-/depot-s3-1.0.0.tgz" "${AUTH[@]}" || return 1
	u2=$(header Location)
	[[ $u1 == "$DEPOT_S3_ENDPOINT/$DEPOT_S3_BUCKET/$ORG/sha256/$SHA1?"*X-Amz-Signature=* ]] || {
		echo "Location: $u1"
		return 1
	}
	[[ $u1 != *"$DEPOT_S3_SECRET"* ]] || {
		echo "the secret is in the URL"
		return 1
	}
	# Same window (s3_presign_ttl, 300 s): same URL. Rarely the window
	# turns between the two requests; then a third must match the second.
	if [[ $u1 != "$u2" ]]; then
		expect_status 302 GET "${REG}depot-s3/-/depot-s3-1.0.0.tgz" "${AUTH[@]}" || return 1
		[[ $(header Location) == "$u2" ]] || {
			echo "presigned URLs differ: $u1 / $u2"
			return 1
		}
	fi
	U1=$u2
}
check "tarball GET: 302 to a presigned URL, the same on the next request" redirect_stable

presigned_works() {
	curl -sf --max-time 30 -o "$TEST_TMP/got.tgz" "$U1" || return 1
	[[ $(sha256sum <"$TEST_TMP/got.tgz" | cut -d' ' -f1) == "$SHA1" ]]
}
check "the presigned URL gives the tarball" presigned_works
tampered_refused() {
	http GET "${U1/X-Amz-Expires=600/X-Amz-Expires=6000}"
	[[ $STATUS == 403 ]] || {
		echo "presigned URL with a longer expiry: HTTP $STATUS"
		return 1
	}
}
check "a tampered presigned URL is refused by the bucket" tampered_refused
anonymous_refused() {
	http GET "${REG}depot-s3/-/depot-s3-1.0.0.tgz"
	[[ $STATUS == 401 || $STATUS == 404 ]] || {
		echo "anonymous GET: HTTP $STATUS"
		return 1
	}
}
check "a private registry's tarball needs credentials" anonymous_refused

install_check() {
	local spec=$1 want=$2 proj=$TEST_TMP/proj-$RANDOM got
	mkdir -p "$proj"
	printf '{"name":"consumer","version":"1.0.0","private":true}\n' >"$proj/package.json"
	(cd "$proj" && npmx CACHE="$proj.cache" install "$spec") || return 1
	got=$(cd "$proj" && node -p "require('depot-s3')") || return 1
	[[ $got == "$want" ]] || {
		echo "require('depot-s3') gives '$got', want '$want'"
		return 1
	}
}
check "npm install depot-s3@1.0.0 from a clean cache" \
	install_check depot-s3@1.0.0 "depot-s3 1.0.0"
check "npm install depot-s3 (2.0.0, 70 MB) from a clean cache" \
	install_check depot-s3 "depot-s3 2.0.0"

health_ok() {
	expect_status 200 GET "$DEPOT_URL/-/health" || return 1
	expect_json .status ok && expect_json '.storage_links_failing | length' 0
}
check "/-/health checks the link: ok" health_ok

# ---- unpublish: the object is marked, never removed
unpublish() { (cd "$P/a1" && npmx unpublish depot-s3@1.0.0 --force); }
check "npm unpublish depot-s3@1.0.0" unpublish
marked() {
	local t
	t=$(date -u +%Y-%m-%dT%H)
	s3_http HEAD "$ORG/sha256/$SHA1"
	[[ $STATUS == 200 ]] || {
		echo "the object is gone (HEAD: $STATUS)"
		return 1
	}
	# Tag deleted=<time> where the service has tagging; Swift's s3api has
	# none, so the copy-in-place metadata.
	[[ $(header x-amz-meta-depot-deleted) == "$t"* ]] || {
		s3_http GET "$ORG/sha256/$SHA1?tagging="
		grep -q "<Key>deleted</Key><Value>$t" "$BODY"
	} || {
		echo "no deleted mark on the object"
		tr -d '\r' <"$HEADERS"
		return 1
	}
}
check "its object is still in the bucket, marked deleted=<now>" marked
check "the other version's object is not marked" \
	eval 's3_http HEAD "$ORG/sha256/$SHA2" && [[ -z $(header x-amz-meta-depot-deleted) ]]'
check "the unpublished tarball is gone from the registry" \
	expect_status 404 GET "${REG}depot-s3/-/depot-s3-1.0.0.tgz" "${AUTH[@]}"
# npm pack is reproducible: publishing 1.0.0 again uploads the same bytes,
# and the new PUT replaces the marked object.
republish() { (cd "$P/a1" && npmx publish --tag old); }
check "publish depot-s3@1.0.0 again (same bytes)" republish
unmarked() {
	s3_http HEAD "$ORG/sha256/$SHA1" || return 1
	[[ $STATUS == 200 && -z $(header x-amz-meta-depot-deleted) ]] || {
		echo "HTTP $STATUS, mark '$(header x-amz-meta-depot-deleted)'"
		return 1
	}
}
check "the object is live again (no deleted mark)" unmarked
check "1.0.0 installs again" install_check depot-s3@1.0.0 "depot-s3 1.0.0"
