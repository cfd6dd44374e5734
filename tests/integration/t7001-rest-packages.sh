#!/usr/bin/env bash
# t7001-rest-packages: the packages REST API (REFERENCE.md 3.2) with curl:
# upload (multipart "file"), the package object with digests equal to
# sha256sum/sha512sum of the file, get, list (newest first, ?name=, cursor
# pages walked through links.next and links.prev, per_page default 30 and
# 1..100, tampered cursors 400, past the end empty), delete (needs
# delete_packages; the blob goes), copy ?to= (same organization; 409 when
# there; 404 for another organization's registry).
# shellcheck source=tests/integration/lib.sh
. "$(dirname "$0")/lib.sh"

new_org t7001
ORG1=$ORG
ADMIN1=$ADMIN_EMAIL
TOKEN1=$TOKEN
API=$DEPOT_URL/api/v2/packages/organizations/$ORG
API_URL=$(conf_get api_url)
WEB_URL=$(conf_get web_url)
BLOBS=$DEPOT_DIR/data/blobs/sha256
JSON=(-H 'Content-Type: application/json')
UUID_RE='^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$'
TIME_RE='^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}\.[0-9]{3}Z$'

api() {
	local verb=$1 path=$2
	shift 2
	http "$verb" "$API$path" "${AUTH[@]}" "${JSON[@]}" "$@"
}

want() {
	[[ $STATUS == "$1" ]] && return 0
	echo "expected HTTP $1, got $STATUS"
	head -c 2000 "$BODY"
	echo
	return 1
}

json_error() {
	want "$1" && expect_json '.message | type' string
}

# tgz NAME VERSION: an npm tarball made with tar; prints its path.
tgz() {
	local d=$TEST_TMP/src/$1-$2
	mkdir -p "$d/package"
	printf '{"name":"%s","version":"%s","description":"t7001 %s %s"}\n' \
		"$1" "$2" "$1" "$2" >"$d/package/package.json"
	printf 'module.exports = "%s %s";\n' "$1" "$2" >"$d/package/index.js"
	tar czf "$d.tgz" -C "$d" package
	printf '%s.tgz\n' "$d"
}

# upload REG FILE [TOKEN]: POST the file; the body is the package.
upload() {
	http POST "$API/registries/$1/packages" -H "Authorization: Bearer ${3:-$TOKEN}" \
		-F "file=@$2"
}

blob() { printf '%s/%s/%s\n' "$BLOBS" "${1:0:2}" "$1"; }

api POST /registries -d '{"name":"Pkgs","ecosystem":"javascript"}'
[[ $STATUS == 200 ]] || bail "cannot create registry pkgs: $STATUS $(cat "$BODY")"
cp "$BODY" "$TEST_TMP/registry.json"
REG_ID=$(json_get .id)
api POST /registries -d '{"name":"Mirror","ecosystem":"javascript"}'
[[ $STATUS == 200 ]] || bail "cannot create registry mirror"
api GET /registries/pkgs
cp "$BODY" "$TEST_TMP/registry.json"

# ---- upload and the package object
first=$(tgz alpha 1.0.0)
upload_object() {
	upload pkgs "$first"
	want 200 || return 1
	cp "$BODY" "$TEST_TMP/alpha.json"
	PKG_ID=$(json_get .id)
	[[ $PKG_ID =~ $UUID_RE ]] || {
		echo "id '$PKG_ID' is not a UUID"
		return 1
	}
	expect_json '[keys[]] | join(",")' \
		created_at,digests,downloads,id,name,organization,registry,size,url,version,web_url &&
		expect_json .url "$API_URL/v2/packages/organizations/$ORG/registries/pkgs/packages/$PKG_ID" &&
		expect_json .web_url "$WEB_URL/organizations/$ORG/packages/registries/pkgs/packages/$PKG_ID" &&
		expect_json .name alpha &&
		expect_json .version 1.0.0 &&
		expect_json .size "$(stat -c %s "$first")" &&
		expect_json .downloads 0 &&
		expect_json '.digests | keys | join(",")' sha256,sha512 &&
		expect_json .digests.sha256 "$(sha256sum "$first" | cut -d' ' -f1)" &&
		expect_json .digests.sha512 "$(sha512sum "$first" | cut -d' ' -f1)" &&
		expect_json '.organization | keys | join(",")' id,slug,url,web_url &&
		expect_json .organization.slug "$ORG" &&
		expect_json .organization.url "$API_URL/v2/organizations/$ORG" &&
		expect_json '.organization.id | test("^[0-9a-f-]{36}$")' true &&
		[[ $(json_get .created_at) =~ $TIME_RE ]] || return 1
	jq -e --slurpfile g "$TEST_TMP/registry.json" '.registry == $g[0]' "$BODY" >/dev/null || {
		echo "registry differs from GET registries/pkgs:"
		jq -c .registry "$BODY"
		cat "$TEST_TMP/registry.json"
		return 1
	}
	[[ -f $(blob "$(sha256sum "$first" | cut -d' ' -f1)") ]]
}
check "upload: 200, the package object (REFERENCE 3.2), digests = sha256sum/sha512sum" upload_object
[[ -n ${PKG_ID:-} ]] || bail "no package to test with"

get_same() {
	api GET "/registries/pkgs/packages/$PKG_ID"
	want 200 || return 1
	jq -e --slurpfile a "$TEST_TMP/alpha.json" '. == $a[0]' "$BODY" >/dev/null || {
		echo "GET differs from the upload response"
		cat "$BODY"
		return 1
	}
}
check "get: the same object the upload returned" get_same

get_missing() {
	api GET /registries/pkgs/packages/00000000-0000-4000-8000-000000000000
	json_error 404 || return 1
	api GET /registries/pkgs/packages/not-a-uuid
	json_error 404 || return 1
	api GET "/registries/mirror/packages/$PKG_ID"
	json_error 404
}
check "get: unknown id, malformed id, or the id in another registry: 404" get_missing

upload_errors() {
	upload pkgs "$first"
	json_error 409 || return 1
	http POST "$API/registries/pkgs/packages" "${AUTH[@]}" -F "other=@$first"
	json_error 400 || return 1
	http POST "$API/registries/pkgs/packages" "${AUTH[@]}" -F "file=@$first" -F "file=@$first"
	json_error 400 || return 1
	http POST "$API/registries/pkgs/packages" "${AUTH[@]}" "${JSON[@]}" -d '{}'
	json_error 415 || return 1
	printf 'not a tarball' >"$TEST_TMP/junk.tgz"
	upload pkgs "$TEST_TMP/junk.tgz"
	[[ $STATUS == 400 || $STATUS == 422 ]] || {
		echo "junk upload: HTTP $STATUS"
		return 1
	}
	expect_json '.message | type' string || return 1
	api GET /registries/pkgs/packages
	expect_json '.items | length' 1
}
check "upload errors: same version 409, no 'file' 400, two files 400, JSON 415, junk 4xx" upload_errors

# ---- list: newest first, name filter, pages
many() {
	local i f
	for ((i = 1; i <= 36; i++)); do
		if ((i % 3 == 0)); then
			f=$(tgz gamma "2.0.$i")
		else
			f=$(tgz beta "1.0.$i")
		fi
		upload pkgs "$f"
		want 200 || return 1
		json_get .id >>"$TEST_TMP/uploaded.ids"
	done
}
check "upload 36 more packages (beta and gamma versions)" many
# Newest first: alpha was first, so it comes last.
tac "$TEST_TMP/uploaded.ids" >"$TEST_TMP/expected.ids"
printf '%s\n' "$PKG_ID" >>"$TEST_TMP/expected.ids"
TOTAL=$(wc -l <"$TEST_TMP/expected.ids")

list_default() {
	api GET /registries/pkgs/packages
	want 200 || return 1
	expect_json '.items | length' 30 &&
		expect_json '.links | keys | join(",")' first,next,self &&
		expect_json .links.self "$API_URL/v2/packages/organizations/$ORG/registries/pkgs/packages" &&
		expect_json '.links.first' "$API_URL/v2/packages/organizations/$ORG/registries/pkgs/packages?per_page=30" || return 1
	diff <(json_get '.items[].id') <(head -n 30 "$TEST_TMP/expected.ids")
}
check "list: 30 items by default, newest first, links self/first/next" list_default

list_item_shape() {
	api GET '/registries/pkgs/packages?per_page=100'
	want 200 && expect_json '.items | length' "$TOTAL" || return 1
	diff <(json_get '.items[].id') "$TEST_TMP/expected.ids" || return 1
	jq -e --slurpfile a "$TEST_TMP/alpha.json" '.items[-1] == $a[0]' "$BODY" >/dev/null || {
		echo "the list item for alpha differs from GET:"
		jq -c '.items[-1]' "$BODY"
		return 1
	}
	expect_json '.links | has("next")' false &&
		expect_json '[.items[].created_at] | . == (sort | reverse)' true
}
check "per_page=100: every package, newest first, items equal to GET" list_item_shape

per_page_bad() {
	local v
	for v in 0 101 100000 -1 abc 1.5 '' 99999999999999999999; do
		api GET "/registries/pkgs/packages?per_page=$v"
		if ! { want 422 && expect_json .message "Validation Failed" &&
			expect_json '.errors[0].field' per_page; }; then
			echo "(per_page=$v)"
			return 1
		fi
	done
	api GET '/registries/pkgs/packages?per_page=1'
	want 200 && expect_json '.items | length' 1
}
check "per_page outside 1..100 (0, 101, 100000, -1, abc): 422 field per_page" per_page_bad

name_filter() {
	api GET '/registries/pkgs/packages?name=gamma&per_page=100'
	want 200 && expect_json '.items | length' 12 &&
		expect_json '[.items[].name] | unique | join(",")' gamma &&
		expect_json '.items[0].version' 2.0.36 || return 1
	api GET '/registries/pkgs/packages?name=alpha'
	want 200 && expect_json '[.items[].id] | join(",")' "$PKG_ID" || return 1
	api GET '/registries/pkgs/packages?name=nothing-called-this'
	want 200 && expect_json '.items | length' 0 && expect_json '.links | has("next")' false || return 1
	api GET '/registries/pkgs/packages?name=%ff%fe'
	json_error 400
}
check "?name= filters (gamma 12, alpha 1, unknown 0); non-UTF-8 name 400" name_filter

# walk QUERY: follow links.next from the first page; ids in $TEST_TMP/walk.
walk() {
	local url="$API/registries/pkgs/packages?$1" pages=0
	: >"$TEST_TMP/walk"
	while [[ -n $url && $url != null ]] && ((pages < 60)); do
		http GET "$url" "${AUTH[@]}"
		want 200 || return 1
		json_get '.items[].id' >>"$TEST_TMP/walk"
		# The links are built from api_url; follow them on this stack.
		url=$(json_get '.links.next // empty')
		url=${url/#$API_URL/$DEPOT_URL/api}
		pages=$((pages + 1))
	done
	WALK_PAGES=$pages
}

walk_next() {
	walk per_page=7 || return 1
	diff "$TEST_TMP/walk" "$TEST_TMP/expected.ids" || return 1
	[[ $(sort "$TEST_TMP/walk" | uniq -d | wc -l) == 0 ]] || {
		echo "duplicates"
		return 1
	}
	((WALK_PAGES == (TOTAL + 6) / 7)) || {
		echo "$WALK_PAGES pages for $TOTAL packages"
		return 1
	}
}
check "walking links.next (per_page=7) gives every package exactly once, in order" walk_next

walk_filtered() {
	walk 'per_page=5&name=beta' || return 1
	diff "$TEST_TMP/walk" <(grep -Fxf <(psql -XAtq -c "SELECT p.id FROM packages p
		WHERE p.registry_id = '$REG_ID' AND p.name = 'beta'") "$TEST_TMP/expected.ids")
}
if command -v psql >/dev/null; then
	check "walking links.next with ?name=beta keeps the filter" walk_filtered
else
	skip "walking links.next with ?name=beta keeps the filter" "no psql"
fi

walk_prev() {
	local url pages=0
	api GET '/registries/pkgs/packages?per_page=8'
	url=$(json_get .links.next)
	url=${url/#$API_URL/$DEPOT_URL/api}
	# to the last page
	while ((pages < 20)); do
		http GET "$url" "${AUTH[@]}"
		want 200 || return 1
		[[ $(json_get '.links.next // empty') == "" ]] && break
		url=$(json_get .links.next)
		url=${url/#$API_URL/$DEPOT_URL/api}
		pages=$((pages + 1))
	done
	: >"$TEST_TMP/back"
	pages=0
	while ((pages < 20)); do
		json_get '.items[].id' | cat - "$TEST_TMP/back" >"$TEST_TMP/back.new"
		mv "$TEST_TMP/back.new" "$TEST_TMP/back"
		url=$(json_get '.links.prev // empty')
		[[ -n $url ]] || break
		url=${url/#$API_URL/$DEPOT_URL/api}
		http GET "$url" "${AUTH[@]}"
		want 200 || return 1
		pages=$((pages + 1))
	done
	# prev ends at the first page, which has no prev
	diff "$TEST_TMP/back" "$TEST_TMP/expected.ids"
}
check "walking links.prev back from the last page gives the same list" walk_prev

past_end() {
	local c
	api GET '/registries/pkgs/packages?per_page=100'
	# the cursor of the oldest package, taken from a page that ends there
	api GET "/registries/pkgs/packages?per_page=$((TOTAL - 1))"
	c=$(json_get .links.next)
	c=${c##*after=}
	api GET "/registries/pkgs/packages?per_page=1&after=$c"
	want 200 && expect_json '[.items[].id] | join(",")' "$PKG_ID" || return 1
	c=$(json_get '.links.next // empty')
	if [[ -n $c ]]; then
		c=${c##*after=}
		api GET "/registries/pkgs/packages?per_page=1&after=$c"
		want 200 && expect_json '.items | length' 0 && expect_json '.links | has("next")' false
	fi
}
check "past the end: empty items, no next link" past_end

tampered() {
	local c bad flip
	api GET '/registries/pkgs/packages?per_page=2'
	c=$(json_get .links.next)
	c=${c##*after=}
	api GET "/registries/pkgs/packages?per_page=2&after=$c"
	want 200 || return 1
	# one character changed, at the start, middle and end
	for flip in 0 $((${#c} / 2)) $((${#c} - 2)); do
		if [[ ${c:flip:1} == A ]]; then bad=${c:0:flip}B${c:flip+1}; else bad=${c:0:flip}A${c:flip+1}; fi
		api GET "/registries/pkgs/packages?after=$bad"
		json_error 400 || {
			echo "(changed at $flip: $bad)"
			return 1
		}
	done
	for bad in "${c:0:${#c}-4}" "${c}AAAA" '!!!!' 'AAAA' "$(head -c 300 /dev/zero | tr '\0' A)" \
		"$(printf '2026-02-30T03:45:40.824567Z|%s' "$PKG_ID" | base64 -w0 | tr '+/' '-_' | tr -d =)" \
		"$(printf '2026-13-01T03:45:40.824567Z|%s' "$PKG_ID" | base64 -w0 | tr '+/' '-_' | tr -d =)" \
		"$(printf '2099-01-01T00:00:00.000000Z|%s' "$PKG_ID" | base64 -w0 | tr '+/' '-_' | tr -d =)" \
		"$(printf '1970-01-01T00:00:00.000000Z|%s' "$PKG_ID" | base64 -w0 | tr '+/' '-_' | tr -d =)" \
		"$(printf "2026-01-01T00:00:00.000000Z|x' OR 1=1 --" | base64 -w0 | tr '+/' '-_' | tr -d =)"; do
		api GET "/registries/pkgs/packages?after=$bad"
		json_error 400 || {
			echo "(after=$bad)"
			return 1
		}
		api GET "/registries/pkgs/packages?before=$bad"
		json_error 400 || return 1
	done
	api GET "/registries/pkgs/packages?after=$c&before=$c"
	json_error 400 || return 1
	api GET "/registries/pkgs/packages?after="
	json_error 400
}
check "tampered cursors (changed, cut, padded, forged, impossible dates): 400" tampered

cursor_other_list() {
	local c
	api GET '/registries/pkgs/packages?per_page=1'
	c=$(json_get .links.next)
	c=${c##*after=}
	http GET "$DEPOT_URL/api/v2/organizations/$ORG/audit_events?after=$c" "${AUTH[@]}"
	# The admin's token has no read_audit_events: the route refuses it
	# first (403); with the scope, a packages cursor is still no audit
	# cursor (t7002 checks that side).
	[[ $STATUS == 400 || $STATUS == 403 ]]
}
check "a packages cursor is not accepted by another list" cursor_other_list

no_5xx() {
	! grep -E "$ORG1.* -> 5[0-9][0-9]" "$DEPOT_DIR/logs/depotd.log"
}
check "no request so far was answered with a 5xx" no_5xx

# ---- delete (needs delete_packages)
RW_TOKEN=$(depotctl token create --org "$ORG" --user "$ADMIN1" \
	--scopes read_packages,write_packages,read_registries)
RO_TOKEN=$(depotctl token create --org "$ORG" --user "$ADMIN1" --scopes read_packages)

delete_scope() {
	local sha
	sha=$(json_get .digests.sha256 "$TEST_TMP/alpha.json")
	http DELETE "$API/registries/pkgs/packages/$PKG_ID" -H "Authorization: Bearer $RW_TOKEN"
	json_error 403 && expect_json '.message | test("delete_packages")' true || return 1
	http DELETE "$API/registries/pkgs/packages/$PKG_ID" -H "Authorization: Bearer $RO_TOKEN"
	json_error 403 || return 1
	http DELETE "$API/registries/pkgs/packages/$PKG_ID"
	json_error 401 && [[ -n $(header WWW-Authenticate) ]] || return 1
	api GET "/registries/pkgs/packages/$PKG_ID"
	want 200 && [[ -f $(blob "$sha") ]]
}
check "delete without delete_packages: 403 naming it; anonymous 401; nothing deleted" delete_scope

delete_ok() {
	local sha
	sha=$(json_get .digests.sha256 "$TEST_TMP/alpha.json")
	api DELETE "/registries/pkgs/packages/$PKG_ID"
	want 200 || return 1
	api GET "/registries/pkgs/packages/$PKG_ID"
	json_error 404 || return 1
	api DELETE "/registries/pkgs/packages/$PKG_ID"
	json_error 404 || return 1
	http GET "$DEPOT_URL/$ORG/pkgs/npm/alpha" "${AUTH[@]}"
	json_error 404 || return 1
	[[ ! -e $(blob "$sha") ]] || {
		echo "blob $sha is still there"
		return 1
	}
	api GET '/registries/pkgs/packages?name=alpha'
	expect_json '.items | length' 0
}
check "delete: 200; then 404 (get, delete, packument); its blob is gone" delete_ok

# ---- copy ?to=
new_org t7001b
ORG2=$ORG
TOKEN2=$TOKEN
API2=$DEPOT_URL/api/v2/packages/organizations/$ORG2
http POST "$API2/registries" -H "Authorization: Bearer $TOKEN2" "${JSON[@]}" \
	-d '{"name":"Foreign","ecosystem":"javascript"}'
[[ $STATUS == 200 ]] || bail "cannot create the other organization's registry"
ORG=$ORG1
TOKEN=$TOKEN1
AUTH=(-H "Authorization: Bearer $TOKEN1")

copy_ok() {
	local src_id sha
	src_id=$(head -n 1 "$TEST_TMP/expected.ids")
	api GET "/registries/pkgs/packages/$src_id"
	cp "$BODY" "$TEST_TMP/src.json"
	sha=$(json_get .digests.sha256)
	api POST "/registries/pkgs/packages/$src_id/copy?to=mirror"
	want 200 || return 1
	COPY_ID=$(json_get .id)
	expect_json ".id != \"$src_id\"" true &&
		expect_json .registry.slug mirror &&
		expect_json .url "$API_URL/v2/packages/organizations/$ORG/registries/mirror/packages/$COPY_ID" &&
		jq -e --slurpfile s "$TEST_TMP/src.json" \
			'.name == $s[0].name and .version == $s[0].version and .digests == $s[0].digests and .size == $s[0].size' \
			"$BODY" >/dev/null || return 1
	api GET "/registries/mirror/packages/$COPY_ID"
	want 200 && expect_json .digests.sha256 "$sha" || return 1
	api GET "/registries/pkgs/packages/$src_id"
	want 200 || return 1
	http GET "$DEPOT_URL/$ORG/mirror/npm/gamma" "${AUTH[@]}"
	want 200 && expect_json '.versions | keys | join(",")' 2.0.36
}
check "copy ?to=mirror: 200, a new package in mirror with the same name, version, digests" copy_ok

copy_errors() {
	local src_id
	src_id=$(head -n 1 "$TEST_TMP/expected.ids")
	api POST "/registries/pkgs/packages/$src_id/copy?to=mirror"
	json_error 409 || return 1
	api POST "/registries/pkgs/packages/$src_id/copy?to=foreign"
	json_error 404 || return 1
	api POST "/registries/pkgs/packages/$src_id/copy?to=no-such-registry"
	json_error 404 || return 1
	api POST "/registries/pkgs/packages/$src_id/copy"
	json_error 400 || return 1
	api POST "/registries/pkgs/packages/00000000-0000-4000-8000-000000000000/copy?to=mirror"
	json_error 404 || return 1
	http POST "$API/registries/pkgs/packages/$src_id/copy?to=mirror" -H "Authorization: Bearer $RO_TOKEN"
	json_error 403 || return 1
	# Another organization's admin cannot see pkgs at all.
	http POST "$API/registries/pkgs/packages/$src_id/copy?to=foreign" -H "Authorization: Bearer $TOKEN2"
	json_error 404 || return 1
	http POST "$API2/registries/foreign/packages/$src_id/copy?to=mirror" -H "Authorization: Bearer $TOKEN2"
	json_error 404 || return 1
	http GET "$API2/registries/foreign/packages" -H "Authorization: Bearer $TOKEN2"
	want 200 && expect_json '.items | length' 0
}
check "copy: again 409; another org's registry 404; unknown 404; no ?to 400; read-only 403" copy_errors

copy_ecosystem() {
	local src_id
	src_id=$(head -n 2 "$TEST_TMP/expected.ids" | tail -n 1)
	api POST "/registries/pkgs/packages/$src_id/copy?to=loose"
	json_error 422 && expect_json '.message | test("files")' true || return 1
	api POST "/registries/pkgs/packages/$src_id/copy?to=pkgs"
	[[ $STATUS == 409 || $STATUS == 422 ]] || {
		echo "copy into its own registry: HTTP $STATUS"
		return 1
	}
	api GET /registries/loose/packages
	want 200 && expect_json '.items | length' 0
}
api POST /registries -d '{"name":"Loose","ecosystem":"files"}'
if [[ $STATUS == 200 ]]; then
	check "copy into a registry of another ecosystem (files): 422; into its own: 4xx" copy_ecosystem
else
	skip "copy into a registry of another ecosystem: 422" "no files ecosystem in this build"
fi

copy_shares_blob() {
	local src_id sha
	src_id=$(head -n 1 "$TEST_TMP/expected.ids")
	api GET "/registries/pkgs/packages/$src_id"
	sha=$(json_get .digests.sha256)
	api DELETE "/registries/pkgs/packages/$src_id"
	want 200 || return 1
	[[ -f $(blob "$sha") ]] || {
		echo "the copy's blob went with the original"
		return 1
	}
	api GET "/registries/mirror/packages/$COPY_ID"
	want 200 || return 1
	api DELETE "/registries/mirror/packages/$COPY_ID"
	want 200 && [[ ! -e $(blob "$sha") ]]
}
check "the copy shares the blob: it stays until the last package using it goes" copy_shares_blob

no_5xx_end() {
	! grep -E "($ORG1|$ORG2).* -> 5[0-9][0-9]" "$DEPOT_DIR/logs/depotd.log"
}
check "no request of this test was answered with a 5xx" no_5xx_end
