#!/usr/bin/env bash
# t3000-files-upload-download: the files ecosystem end to end with curl:
# REST upload of {BASENAME}-{SEMVER}.{EXT} files (zip, tar.gz, pre-release,
# build metadata), download with `curl -L` and a Bearer token or Basic
# (token as password), HEAD and Range served by nginx, several files of
# one version, the same file name refused, a private registry (401
# anonymous, 404 to another organization) made public with psql (then
# anonymous downloads work) and private again.
# shellcheck source=tests/integration/lib.sh
. "$(dirname "$0")/lib.sh"

command -v psql >/dev/null || bail "psql is not installed"

new_org t3000
API=$DEPOT_URL/api/v2/packages/organizations/$ORG
FILES=$DEPOT_URL/$ORG/bins/files

create_registry() {
	http POST "$API/registries" "${AUTH[@]}" -H 'Content-Type: application/json' \
		-d '{"name":"Bins","ecosystem":"files"}'
	[[ $STATUS == 200 || $STATUS == 201 ]] || {
		echo "HTTP $STATUS"
		cat "$BODY"
		return 1
	}
	expect_json .slug bins && expect_json .ecosystem files
}
check "create a files registry (slug bins)" create_registry

mkdir -p "$TEST_TMP/up"
head -c 300000 /dev/urandom >"$TEST_TMP/up/my-app-1.0.0.zip"
head -c 1000 /dev/urandom >"$TEST_TMP/up/my-app-1.0.0.tar.gz"
printf 'firmware image\n' >"$TEST_TMP/up/firmware-2.3.1-beta.1.bin"
printf 'build 123\n' >"$TEST_TMP/up/my-app-1.0.0+build.123.zip"

# upload FILE NAME VERSION [joins]: REST upload answers the package (the
# version, described by its first file unless the upload joined it).
upload() {
	local f=$1
	http POST "$API/registries/bins/packages" "${AUTH[@]}" -F "file=@$TEST_TMP/up/$f"
	[[ $STATUS == 200 || $STATUS == 201 ]] || {
		echo "HTTP $STATUS"
		cat "$BODY"
		return 1
	}
	expect_json .name "$2" && expect_json .version "$3" || return 1
	[[ -n ${4:-} ]] && return 0
	expect_json .size "$(stat -c %s "$TEST_TMP/up/$f")" &&
		expect_json .digests.sha256 "$(sha256sum <"$TEST_TMP/up/$f" | cut -d' ' -f1)"
}
check "upload my-app-1.0.0.zip: my-app 1.0.0" upload my-app-1.0.0.zip my-app 1.0.0
check "upload my-app-1.0.0.tar.gz: joins my-app 1.0.0" \
	upload my-app-1.0.0.tar.gz my-app 1.0.0 joins
check "upload firmware-2.3.1-beta.1.bin: firmware 2.3.1-beta.1" \
	upload firmware-2.3.1-beta.1.bin firmware 2.3.1-beta.1
check "upload my-app-1.0.0+build.123.zip: my-app 1.0.0+build.123" \
	upload my-app-1.0.0+build.123.zip my-app 1.0.0+build.123

same_name_refused() {
	expect_status 409 POST "$API/registries/bins/packages" "${AUTH[@]}" \
		-F "file=@$TEST_TMP/up/my-app-1.0.0.zip" &&
		expect_json '.message | test("already exists")' true
}
check "the same file name again: 409" same_name_refused

# download FILE [CURL ARGS...]: curl -L gets the very bytes.
download() {
	local f=$1 url
	shift
	url=$FILES/$(jq -rn --arg f "$f" '$f|@uri')
	rm -f "$TEST_TMP/got"
	curl -sSfL --max-time 30 -o "$TEST_TMP/got" "$@" "$url" || return 1
	cmp "$TEST_TMP/got" "$TEST_TMP/up/$f"
}
check "curl -L with a Bearer token downloads my-app-1.0.0.zip" \
	download my-app-1.0.0.zip -H "Authorization: Bearer $TOKEN"
check "curl -L with Basic (any user, token as password) downloads the tar.gz" \
	download my-app-1.0.0.tar.gz -u "anyone:$TOKEN"
check "download firmware-2.3.1-beta.1.bin" \
	download firmware-2.3.1-beta.1.bin -H "Authorization: Bearer $TOKEN"
check "download my-app-1.0.0+build.123.zip ('+' percent-encoded)" \
	download my-app-1.0.0+build.123.zip -H "Authorization: Bearer $TOKEN"

head_works() {
	expect_status 200 HEAD "$FILES/my-app-1.0.0.zip" "${AUTH[@]}" || return 1
	[[ $(header Content-Length) == 300000 ]] || {
		echo "Content-Length: $(header Content-Length)"
		return 1
	}
	# (curl --head writes the headers where the body would go)
	[[ $(header Content-Type) == application/zip ]] &&
		[[ $(header Content-Disposition) == *my-app-1.0.0.zip* ]] &&
		! grep -qv $'^[[:print:]]*\r$' "$BODY"
}
check "HEAD: 200, Content-Length, type and name, no body" head_works
# RFC 9111: "public" would let a shared cache serve a private file to anyone.
not_public() {
	expect_status 200 HEAD "$FILES/my-app-1.0.0.zip" "${AUTH[@]}" &&
		[[ $(header Cache-Control) != *public* ]] || {
		echo "Cache-Control: $(header Cache-Control)"
		return 1
	}
}
check "a private registry's file is not Cache-Control: public" not_public

range_works() {
	expect_status 206 GET "$FILES/my-app-1.0.0.zip" "${AUTH[@]}" -H 'Range: bytes=1000-1999' ||
		return 1
	[[ $(stat -c %s "$BODY") == 1000 ]] &&
		cmp "$BODY" <(tail -c +1001 "$TEST_TMP/up/my-app-1.0.0.zip" | head -c 1000) &&
		[[ $(header Content-Range) == "bytes 1000-1999/300000" ]]
}
check "Range: bytes=1000-1999 gets 206 and those bytes" range_works

check "a file that was never uploaded: 404" \
	expect_status 404 GET "$FILES/my-app-9.9.9.zip" "${AUTH[@]}"
check "a name outside the rule: 404" expect_status 404 GET "$FILES/whatever.zip" "${AUTH[@]}"

# ---- who may download
check "anonymous download from the private registry: 401" \
	expect_status 401 GET "$FILES/my-app-1.0.0.zip"
own_token=$TOKEN own_org=$ORG own_auth=("${AUTH[@]}")
new_org t3000x
OTHER_TOKEN=$TOKEN
TOKEN=$own_token ORG=$own_org AUTH=("${own_auth[@]}")
check "another organization's token: 404" \
	expect_status 404 GET "$FILES/my-app-1.0.0.zip" -H "Authorization: Bearer $OTHER_TOKEN"

# set_public true|false: flip the registry with psql; workers drop their
# cached registries on the depot_meta NOTIFY.
set_public() {
	psql -qAtX -v ON_ERROR_STOP=1 -c "UPDATE registries SET public = $1 WHERE slug = 'bins'
		AND org_id = (SELECT id FROM organizations WHERE slug = '$ORG'); NOTIFY depot_meta, ''" >/dev/null
}
anon_code() {
	curl -s -o /dev/null -w '%{http_code}' --max-time 10 "$FILES/my-app-1.0.0.zip"
}
anon_is() { [[ $(anon_code) == "$1" ]]; }
public_download() {
	set_public true || return 1
	# Two workers, each told once: a few requests reach both.
	wait_until 5 anon_is 200 || {
		echo "anonymous GET: $(anon_code)"
		return 1
	}
	local i
	for i in 1 2 3 4 5 6; do
		anon_is 200 || return 1
	done
	download my-app-1.0.0.zip
}
check "made public with psql: anonymous curl -L downloads, on every worker" public_download
private_again() {
	set_public false || return 1
	wait_until 5 anon_is 401 || return 1
	local i
	for i in 1 2 3 4 5 6; do
		anon_is 401 || return 1
	done
}
check "private again: anonymous 401 on every worker" private_again

rest_get() {
	local id
	http POST "$API/registries/bins/packages" "${AUTH[@]}" \
		-F "file=@$TEST_TMP/up/firmware-2.3.1-beta.1.bin;filename=firmware-2.3.2.bin"
	[[ $STATUS == 200 || $STATUS == 201 ]] || {
		echo "HTTP $STATUS"
		cat "$BODY"
		return 1
	}
	id=$(json_get .id)
	expect_status 200 GET "$API/registries/bins/packages/$id" "${AUTH[@]}" &&
		expect_json .name firmware && expect_json .version 2.3.2
}
check "the multipart file name decides (firmware-2.3.2.bin); the package reads back" rest_get
