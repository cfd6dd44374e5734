#!/usr/bin/env bash
# t3001-files-bad-input: uploads to a files registry that must fail do so
# with the right status and a JSON {"message"}, and leave nothing behind (no
# package row, no new file under data/blobs, nothing in data/tmp): file
# names outside {BASENAME}-{SEMVER}.{EXT} (422 with the documented
# message), control characters and paths in the name, bodies that are not
# multipart or lack the file, the wrong ecosystem, a 2 GB body, missing
# credentials or scopes.
# shellcheck source=tests/integration/lib.sh
. "$(dirname "$0")/lib.sh"

command -v psql >/dev/null || bail "psql is not installed"

new_org t3001
API=$DEPOT_URL/api/v2/packages/organizations/$ORG
DATA=$(conf_get data_dir)
NAME_ERROR='Invalid filename format. Expected: {BASENAME}-{SEMVER}.{EXT}'

make_registry() { # make_registry NAME ECOSYSTEM
	http POST "$API/registries" "${AUTH[@]}" -H 'Content-Type: application/json' \
		-d "{\"name\":\"$1\",\"ecosystem\":\"$2\"}"
	[[ $STATUS == 200 || $STATUS == 201 ]] || {
		echo "HTTP $STATUS"
		cat "$BODY"
		return 1
	}
}
make_registry Bins files || bail "cannot create the files registry"
make_registry Web javascript || bail "cannot create the npm registry"
make_registry Jvm java || bail "cannot create the java registry"
RO_TOKEN=$(depotctl token create --org "$ORG" --user "$ADMIN_EMAIL" \
	--scopes read_registries,read_packages --description "t3001 read only")

printf 'payload\n' >"$TEST_TMP/payload"

blobs_now() { find "$DATA/blobs" -type f | sort; }
blobs_now >"$TEST_TMP/blobs.before"
rows() { # rows REGISTRY_SLUG: its package count
	psql -qAtX -c "SELECT count(*) FROM packages p JOIN registries r ON r.id = p.registry_id
		JOIN organizations o ON o.id = r.org_id WHERE o.slug = '$ORG' AND r.slug = '$1'"
}
nothing_left() {
	local left n
	n=$(rows "${1:-bins}")
	[[ $n == 0 ]] || {
		echo "$n package rows in ${1:-bins}"
		return 1
	}
	blobs_now | cmp -s - "$TEST_TMP/blobs.before" || {
		echo "new files under $DATA/blobs:"
		blobs_now | comm -13 "$TEST_TMP/blobs.before" -
		return 1
	}
	left=$(find "$DATA/tmp" -mindepth 1 2>/dev/null | head -n 5)
	[[ -z $left ]] || {
		echo "left in $DATA/tmp:"
		echo "$left"
		return 1
	}
}

# multipart NAME: a multipart body with the payload under file name NAME
# (bytes as given, control characters included), in $TEST_TMP/mp.
multipart() {
	{
		printf -- '--XyZ\r\nContent-Disposition: form-data; name="file"; filename="%s"\r\n' "$1"
		printf 'Content-Type: application/octet-stream\r\n\r\n'
		cat "$TEST_TMP/payload"
		printf '\r\n--XyZ--\r\n'
	} >"$TEST_TMP/mp"
}

# refused CODE REGEX [REGISTRY] -- CURL ARGS...: the upload gets CODE with
# a message matching REGEX, and nothing is left behind.
refused() {
	local code=$1 re=$2 reg=bins
	shift 2
	if [[ $1 != -- ]]; then
		reg=$1
		shift
	fi
	shift
	expect_status "$code" POST "$API/registries/$reg/packages" "$@" || return 1
	json_get .message | grep -qiE -- "$re" || {
		echo "message does not match /$re/:"
		cat "$BODY"
		return 1
	}
	nothing_left "$reg"
}

bad_name() { # bad_name NAME
	multipart "$1"
	refused 422 "Invalid filename format" -- "${AUTH[@]}" \
		-H 'Content-Type: multipart/form-data; boundary=XyZ' --data-binary "@$TEST_TMP/mp" &&
		expect_json .message "$NAME_ERROR"
}
for n in my_app-1.0.0.zip app-1.0.zip app.zip app-v1.0.0.zip app-01.0.0.zip \
	-1.0.0.zip app-1.0.0 'my app-1.0.0.zip' 'app-1.0.0.tar-gz' \
	'../../app-1.0.0.zip' 'dir/app-1.0.0.zip' 'C:\temp\app-1.0.0.zip' \
	"caf$(printf '\xc3\xa9')-1.0.0.zip"; do
	check "file name '$n': 422 with the documented message, nothing left" bad_name "$n"
done
# The multipart reader refuses control characters in part headers first.
ctl_name() {
	multipart "$(printf 'app\001-1.0.0.zip')"
	refused 400 "malformed part header" -- "${AUTH[@]}" \
		-H 'Content-Type: multipart/form-data; boundary=XyZ' --data-binary "@$TEST_TMP/mp"
}
check "file name with a control character (\\x01): 400, nothing left" ctl_name
check "file name with a tab: 422, nothing left" bad_name "$(printf 'app-1.0.0.zip\t')"
check "file name of 300 bytes: 422, nothing left" \
	bad_name "$(printf 'a%.0s' {1..290})-1.0.0.zip"

check "a body that is not multipart: 415, nothing left" \
	refused 415 multipart -- "${AUTH[@]}" -H 'Content-Type: application/octet-stream' \
	--data-binary "@$TEST_TMP/payload"
check "multipart without the field 'file': 400, nothing left" \
	refused 400 "field 'file'" -- "${AUTH[@]}" -F "other=@$TEST_TMP/payload;filename=app-1.0.0.zip"
check "anonymous upload: 401, nothing left" \
	refused 401 authentication -- -F "file=@$TEST_TMP/payload;filename=app-1.0.0.zip"
check "read-only token: 403, nothing left" \
	refused 403 . -- -H "Authorization: Bearer $RO_TOKEN" \
	-F "file=@$TEST_TMP/payload;filename=app-1.0.0.zip"

# ---- the wrong ecosystem
check "a zip to a javascript registry: 400 (not an npm tarball), nothing left" \
	refused 400 tarball web -- "${AUTH[@]}" -F "file=@$TEST_TMP/payload;filename=app-1.0.0.zip"
check "a file to a java registry: 422 naming mvn deploy, nothing left" \
	refused 422 "mvn deploy" jvm -- "${AUTH[@]}" \
	-F "file=@$TEST_TMP/payload;filename=app-1.0.0.jar"
check "files/{name} on a java registry: 404" \
	expect_status 404 GET "$DEPOT_URL/$ORG/jvm/files/app-1.0.0.zip" "${AUTH[@]}"

# ---- 2 GB: refused from its Content-Length, before any byte is read
too_big() {
	local code
	code=$(curl -s -o "$BODY" -w '%{http_code}' --max-time 20 -X POST "${AUTH[@]}" \
		-H 'Content-Type: multipart/form-data; boundary=XyZ' \
		-H 'Content-Length: 2147483648' --data-binary 'x' \
		"$API/registries/bins/packages" 2>/dev/null) || true
	[[ $code == 413 ]] || {
		echo "HTTP $code"
		cat "$BODY"
		return 1
	}
	json_get .message | grep -qi 'too large' && nothing_left
}
check "a 2 GB upload: 413 with a JSON message, nothing left" too_big

check "after all that, the registry is empty and a good upload still works" \
	expect_status 200 POST "$API/registries/bins/packages" "${AUTH[@]}" \
	-F "file=@$TEST_TMP/payload;filename=app-1.0.0.zip"
