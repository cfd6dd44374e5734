#!/usr/bin/env bash
# t7000-rest-registries: the registries REST API (REFERENCE.md 3.1) with
# curl: create, list, get, update by POST, PATCH and PUT, delete; every field
# of the registry object; slugs (kebab-case of the name, collisions, renames
# that move every URL); validation (unknown fields, malformed JSON, bad
# UTF-8, 10,000-character names, emoji, color, oidc_policy, the immutable
# ecosystem), never a 5xx; deleting a registry deletes its packages and the
# blobs no other registry shares.
# shellcheck source=tests/integration/lib.sh
. "$(dirname "$0")/lib.sh"

new_org t7000
API=$DEPOT_URL/api/v2/packages/organizations/$ORG
API_URL=$(conf_get api_url)
WEB_URL=$(conf_get web_url)
PKG_URL=$(conf_get packages_url)
BLOBS=$DEPOT_DIR/data/blobs/sha256
JSON=(-H 'Content-Type: application/json')
UUID_RE='^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$'
TIME_RE='^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}\.[0-9]{3}Z$'

# api METHOD PATH [CURL ARGS...]: the admin's JSON request to $API PATH.
api() {
	local verb=$1 path=$2
	shift 2
	http "$verb" "$API$path" "${AUTH[@]}" "${JSON[@]}" "$@"
}

# want CODE: the last response had status CODE (else print it).
want() {
	[[ $STATUS == "$1" ]] && return 0
	echo "expected HTTP $1, got $STATUS"
	tr -d '\r' <"$HEADERS" | head -n 20
	head -c 2000 "$BODY"
	echo
	return 1
}

# field_error FIELD [CODE]: a 422 Validation Failed naming FIELD.
field_error() {
	want 422 &&
		expect_json .message "Validation Failed" &&
		expect_json '.errors | length' 1 &&
		expect_json '.errors[0].field' "$1" &&
		expect_json '.errors[0] | has("code") and has("message")' true || return 1
	[[ -z ${2:-} ]] || expect_json '.errors[0].code' "$2"
}

# json_error CODE: an error status with a JSON {"message"} body.
json_error() {
	want "$1" && expect_json '.message | type' string &&
		[[ $(header Content-Type) == application/json* ]]
}

# ---- create: every field of the registry object
create_full() {
	api POST /registries -d '{"name":"My Registry","ecosystem":"javascript",
		"description":"Things we ship","emoji":":sunflower:","color":"#f0ccff"}'
	want 200 || return 1
	cp "$BODY" "$TEST_TMP/created.json"
	REG_ID=$(json_get .id)
	[[ $REG_ID =~ $UUID_RE ]] || {
		echo "id '$REG_ID' is not a UUID"
		return 1
	}
	expect_json '[keys[]] | join(",")' \
		color,created_at,description,ecosystem,emoji,graphql_id,id,name,oidc_policy,packages_url,public,slug,team_ids,type,updated_at,url,web_url &&
		expect_json .graphql_id "$(printf 'Registry---%s' "$REG_ID" | base64 -w0)" &&
		expect_json .slug my-registry &&
		expect_json .url "$API_URL/v2/packages/organizations/$ORG/registries/my-registry" &&
		expect_json .web_url "$WEB_URL/organizations/$ORG/packages/registries/my-registry" &&
		expect_json .packages_url "$PKG_URL/$ORG/my-registry" &&
		expect_json .name "My Registry" &&
		expect_json .ecosystem javascript &&
		expect_json .description "Things we ship" &&
		expect_json .emoji :sunflower: &&
		expect_json .color "#f0ccff" &&
		expect_json .public false &&
		expect_json .oidc_policy null &&
		expect_json '.team_ids | tojson' '[]' &&
		expect_json .type source &&
		[[ $(json_get .created_at) =~ $TIME_RE ]] &&
		expect_json '.updated_at == .created_at' true &&
		[[ $(header Content-Type) == application/json* ]]
}
check "create: 200 with every registry field (REFERENCE 3.1)" create_full
[[ -n ${REG_ID:-} ]] || bail "no registry to test with"

get_same() {
	api GET /registries/my-registry
	want 200 || return 1
	jq -e --slurpfile a "$TEST_TMP/created.json" '. == $a[0]' "$BODY" >/dev/null || {
		echo "GET differs from the create response:"
		cat "$BODY"
		return 1
	}
}
check "get: the same object as create returned" get_same

create_minimal() {
	api POST /registries -d '{"name":"Bare","ecosystem":"javascript"}'
	want 200 && expect_json .slug bare && expect_json .description "" &&
		expect_json .emoji null && expect_json .color null &&
		expect_json .oidc_policy null && expect_json .public false
}
check "create with only name and ecosystem: defaults (private, nulls)" create_minimal

list_all() {
	api GET /registries
	want 200 && expect_json 'type' array &&
		expect_json '[.[].slug] | sort | join(",")' bare,my-registry &&
		jq -e --slurpfile a "$TEST_TMP/created.json" \
			'[.[] | select(.slug == "my-registry")][0] == $a[0]' "$BODY" >/dev/null
}
check "list: a bare array of registry objects" list_all

# ---- slugs
slug_of() {
	local name=$1 slug=$2 body
	body=$(jq -nc --arg n "$name" '{name: $n, ecosystem: "javascript"}')
	api POST /registries -d "$body"
	want 200 && expect_json .slug "$slug" && expect_json .name "$name" || return 1
	api GET "/registries/$slug"
	want 200 && expect_json .name "$name"
}
check "slug: 'Hello, World! v2' -> hello-world-v2" slug_of 'Hello, World! v2' hello-world-v2
check "slug: '  Spaces   Around  ' -> spaces-around" slug_of '  Spaces   Around  ' spaces-around
check "slug: 'snake_case.and.dots' -> snake-case-and-dots" slug_of 'snake_case.and.dots' snake-case-and-dots
check "slug: 'CamelCase42' -> camelcase42" slug_of CamelCase42 camelcase42

same_slug() {
	local n
	for n in 'my registry' 'MY-REGISTRY' 'My  Registry!'; do
		api POST /registries -d "$(jq -nc --arg n "$n" '{name: $n, ecosystem: "javascript"}')"
		field_error name already_exists || {
			echo "(name '$n')"
			return 1
		}
	done
	api GET /registries
	expect_json '[.[] | select(.slug == "my-registry")] | length' 1
}
check "a second registry with the same slug: 422, field name" same_slug

# ---- update by POST, PATCH and PUT
update_verb() {
	local verb=$1 desc="set by $1" before
	before=$(json_get .updated_at "$TEST_TMP/created.json")
	api "$verb" /registries/my-registry -d "$(jq -nc --arg d "$desc" '{description: $d}')"
	want 200 && expect_json .description "$desc" && expect_json .id "$REG_ID" &&
		expect_json .slug my-registry && expect_json .emoji :sunflower: &&
		expect_json '.updated_at > "'"$before"'"' true || return 1
	api GET /registries/my-registry
	want 200 && expect_json .description "$desc"
}
check "update by POST (the documented verb)" update_verb POST
check "update by PATCH (go-buildkite)" update_verb PATCH
check "update by PUT (terraform)" update_verb PUT

update_fields() {
	api PATCH /registries/my-registry -d '{"emoji":"🌻","color":"#FFE0F1"}'
	want 200 && expect_json .emoji 🌻 && expect_json .color "#FFE0F1" || return 1
	api PATCH /registries/my-registry -d '{"color":"#abc"}'
	want 200 && expect_json .color "#abc" && expect_json .emoji 🌻 || return 1
	api PATCH /registries/my-registry -d '{"emoji":null,"color":null}'
	want 200 && expect_json .emoji null && expect_json .color null
}
check "update emoji and color; null clears them; absent fields stay" update_fields

oidc_policy() {
	local yaml
	yaml=$'- iss: https://agent.buildkite.com\n  scopes: [read_packages]\n  claims:\n    organization_slug: acme\n'
	api PATCH /registries/my-registry -d "$(jq -nc --arg p "$yaml" '{oidc_policy: $p}')"
	want 200 && jq -e --arg p "$yaml" '.oidc_policy == $p' "$BODY" >/dev/null || return 1
	api PATCH /registries/my-registry -d '{"oidc_policy":[{"iss":"https://agent.buildkite.com","scopes":["read_packages"]}]}'
	want 200 && expect_json '.oidc_policy | fromjson | .[0].iss' https://agent.buildkite.com || return 1
	api PATCH /registries/my-registry -d '{"oidc_policy":42}'
	field_error oidc_policy || return 1
	api PATCH /registries/my-registry -d '{"oidc_policy":null}'
	want 200 && expect_json .oidc_policy null
}
check "oidc_policy: YAML text kept as given, a JSON array, 42 is 422, null clears" oidc_policy

ecosystem_fixed() {
	api PATCH /registries/my-registry -d '{"ecosystem":"python"}'
	field_error ecosystem immutable || return 1
	api PUT /registries/my-registry -d '{"ecosystem":"ruby","description":"no"}'
	field_error ecosystem immutable || return 1
	api GET /registries/my-registry
	expect_json .ecosystem javascript && expect_json '.description != "no"' true || return 1
	# Sending the same ecosystem (a PUT of the whole object) is fine.
	api PUT /registries/my-registry -d '{"name":"My Registry","ecosystem":"javascript"}'
	want 200 && expect_json .ecosystem javascript
}
check "ecosystem cannot change: 422 field ecosystem; unchanged value accepted" ecosystem_fixed

# ---- rename: the slug and every URL move; the old ones are gone
rename() {
	api PATCH /registries/my-registry -d '{"name":"Renamed Registry"}'
	want 200 && expect_json .slug renamed-registry && expect_json .id "$REG_ID" &&
		expect_json .url "$API_URL/v2/packages/organizations/$ORG/registries/renamed-registry" &&
		expect_json .web_url "$WEB_URL/organizations/$ORG/packages/registries/renamed-registry" &&
		expect_json .packages_url "$PKG_URL/$ORG/renamed-registry" || return 1
	api GET /registries/renamed-registry
	want 200 && expect_json .name "Renamed Registry" || return 1
	api GET /registries/my-registry
	json_error 404 || return 1
	api PATCH /registries/my-registry -d '{"description":"x"}'
	json_error 404 || return 1
	api GET /registries/my-registry/packages
	json_error 404 || return 1
	http GET "$DEPOT_URL/$ORG/my-registry/npm/anything" "${AUTH[@]}"
	json_error 404
}
check "rename changes the slug and URLs; the old URL answers 404" rename

rename_collision() {
	api PATCH /registries/renamed-registry -d '{"name":"BARE"}'
	field_error name already_exists || return 1
	api GET /registries/renamed-registry
	want 200 && expect_json .name "Renamed Registry"
}
check "rename onto another registry's slug: 422 field name, nothing changes" rename_collision

# ---- validation: never a 5xx, always the documented error
unknown_field() {
	api POST /registries -d '{"name":"Unknown F","ecosystem":"javascript","colour":"#fff"}'
	field_error colour unknown || return 1
	api PATCH /registries/renamed-registry -d '{"public":true}'
	field_error public unknown || return 1
	api GET /registries/unknown-f
	want 404
}
check "unknown JSON fields: 422 naming the field (create and update)" unknown_field

malformed() {
	local b
	for b in '{"name":' '{"name":"x"} trailing' '' '{name: "x"}' "{'name':'x'}" '[]' '"name"'; do
		api POST /registries -d "$b"
		json_error 400 || {
			echo "(body '$b')"
			return 1
		}
		api PATCH /registries/renamed-registry -d "$b"
		json_error 400 || {
			echo "(update body '$b')"
			return 1
		}
	done
}
check "malformed JSON (truncated, trailing text, empty, not an object): 400" malformed

wrong_type() {
	http POST "$API/registries" "${AUTH[@]}" -d 'name=x&ecosystem=javascript'
	json_error 415
}
check "a form body instead of JSON: 415" wrong_type

missing() {
	api POST /registries -d '{"ecosystem":"javascript"}'
	field_error name missing || return 1
	api POST /registries -d '{"name":"","ecosystem":"javascript"}'
	field_error name || return 1
	api POST /registries -d '{"name":"No Eco"}'
	field_error ecosystem missing || return 1
	api POST /registries -d '{"name":"Cobol","ecosystem":"cobol"}'
	field_error ecosystem invalid || return 1
	api POST /registries -d '{"name":"!!!","ecosystem":"javascript"}'
	field_error name || return 1
	api POST /registries -d '{"name":42,"ecosystem":"javascript"}'
	field_error name
}
check "missing or bad name/ecosystem: 422 naming the field" missing

# bad_name FILE 400|422: the body in FILE, as create and as update. Bytes
# that are not UTF-8 make the body malformed JSON (RFC 8259 8.1): 400 saying
# so. Well-formed JSON whose name is not acceptable text (an escaped NUL) is
# a 422 naming name. Never a 5xx, and nothing changes.
bad_name() {
	local f=$1 want=$2 m
	for m in POST PATCH; do
		if [[ $m == POST ]]; then
			api POST /registries --data-binary "@$f"
		else
			api PATCH /registries/renamed-registry --data-binary "@$f"
		fi
		if [[ $want == 422 ]]; then
			field_error name invalid || return 1
		else
			json_error 400 && expect_json '.message | test("UTF-8")' true || return 1
		fi
	done
	api GET /registries/renamed-registry
	expect_json .name "Renamed Registry"
}
printf '{"name":"bad \xff\xfe name","ecosystem":"javascript"}' >"$TEST_TMP/latin.json"
printf '{"name":"caf\xe9 latin-1","ecosystem":"javascript"}' >"$TEST_TMP/latin1.json"
printf '{"name":"overlong \xc0\xaf","ecosystem":"javascript"}' >"$TEST_TMP/overlong.json"
printf '{"name":"surrogate \xed\xa0\x80","ecosystem":"javascript"}' >"$TEST_TMP/surrogate.json"
printf '{"name":"nul \\u0000 inside","ecosystem":"javascript"}' >"$TEST_TMP/nul.json"
check "name with bytes 0xff 0xfe (not UTF-8): 400 not UTF-8, never 5xx" bad_name "$TEST_TMP/latin.json" 400
check "name in Latin-1: 400 not UTF-8" bad_name "$TEST_TMP/latin1.json" 400
check "name with an overlong UTF-8 encoding: 400 not UTF-8" bad_name "$TEST_TMP/overlong.json" 400
check "name with a UTF-8-encoded surrogate: 400 not UTF-8" bad_name "$TEST_TMP/surrogate.json" 400
check "name with an escaped NUL (valid JSON): 422 name" bad_name "$TEST_TMP/nul.json" 422

long_names() {
	local n
	for n in 101 10000; do
		jq -nc --arg n "$(head -c "$n" /dev/zero | tr '\0' a)" \
			'{name: $n, ecosystem: "javascript"}' >"$TEST_TMP/long.json"
		api POST /registries --data-binary "@$TEST_TMP/long.json"
		field_error name invalid || return 1
		api PATCH /registries/renamed-registry --data-binary "@$TEST_TMP/long.json"
		field_error name invalid || return 1
	done
	# 100 characters is the limit, counted in characters, not bytes.
	jq -nc --arg n "$(printf 'é%.0s' {1..99})x" '{name: $n, ecosystem: "javascript"}' >"$TEST_TMP/long.json"
	api POST /registries --data-binary "@$TEST_TMP/long.json"
	want 200 || return 1
	api DELETE "/registries/$(json_get .slug)"
	want 200
}
check "101- and 10,000-character names: 422 name; 100 two-byte characters fit" long_names

other_fields() {
	local v f
	for v in '"red"' '"#12345"' '"f0ccff"' '"#gggggg"' '"#f0ccff "' '""' '12'; do
		api PATCH /registries/renamed-registry -d "{\"color\":$v}"
		field_error color || {
			echo "(color $v)"
			return 1
		}
	done
	for v in '""' '"a\nb"' "\"$(head -c 65 /dev/zero | tr '\0' x)\"" '7' '"\u0007"'; do
		api PATCH /registries/renamed-registry -d "{\"emoji\":$v}"
		field_error emoji || {
			echo "(emoji $v)"
			return 1
		}
	done
	api PATCH /registries/renamed-registry -d '{"description":"cut \u0000 short"}'
	field_error description invalid || return 1
	jq -nc --arg d "$(head -c 1001 /dev/zero | tr '\0' d)" '{description: $d}' >"$TEST_TMP/desc.json"
	api PATCH /registries/renamed-registry --data-binary "@$TEST_TMP/desc.json"
	field_error description || return 1
	api PATCH /registries/renamed-registry -d '{"description":"two\nlines are fine"}'
	want 200 && expect_json .description $'two\nlines are fine' || return 1
	api PATCH /registries/renamed-registry -d '{"team_ids":[]}'
	field_error team_ids
}
check "color must be hex (#rgb or #rrggbb); emoji one short line; description <= 1000" other_fields

no_5xx_log() {
	! grep -E "$ORG.* -> 5[0-9][0-9]" "$DEPOT_DIR/logs/depotd.log"
}
check "no request of this test so far was answered with a 5xx" no_5xx_log

# ---- delete: packages and their blobs go, shared blobs stay
# tgz NAME VERSION: an npm tarball made with tar; prints its path.
tgz() {
	local d=$TEST_TMP/pkg-$1-$2
	mkdir -p "$d/package"
	printf '{"name":"%s","version":"%s","description":"t7000 %s"}\n' "$1" "$2" "$RANDOM" \
		>"$d/package/package.json"
	printf 'module.exports = "%s %s";\n' "$1" "$2" >"$d/package/index.js"
	tar czf "$d.tgz" -C "$d" package
	printf '%s.tgz\n' "$d"
}

upload() {
	http POST "$API/registries/$1/packages" "${AUTH[@]}" -F "file=@$2"
	want 200 && expect_json .digests.sha256 "$(sha256sum "$2" | cut -d' ' -f1)"
}

blob() { printf '%s/%s/%s\n' "$BLOBS" "${1:0:2}" "$1"; }

api POST /registries -d '{"name":"Doomed","ecosystem":"javascript"}'
api POST /registries -d '{"name":"Keeper","ecosystem":"javascript"}'
only_tgz=$(tgz doomed-only 1.0.0)
shared_tgz=$(tgz doomed-shared 1.0.0)
only_sha=$(sha256sum "$only_tgz" | cut -d' ' -f1)
shared_sha=$(sha256sum "$shared_tgz" | cut -d' ' -f1)
check "upload two packages into 'doomed'" upload doomed "$only_tgz"
check "upload the package to be shared" upload doomed "$shared_tgz"
shared_id=$(json_get .id)

copy_shared() {
	api POST "/registries/doomed/packages/$shared_id/copy?to=keeper"
	want 200 && expect_json .registry.slug keeper &&
		expect_json .digests.sha256 "$shared_sha"
}
check "copy one of them into 'keeper' (the copy shares the blob)" copy_shared

blobs_there() {
	[[ -f $(blob "$only_sha") && -f $(blob "$shared_sha") ]] || {
		echo "missing under $BLOBS:"
		find "$BLOBS" -type f | head -n 20
		return 1
	}
	cmp "$only_tgz" "$(blob "$only_sha")"
}
check "both blobs are stored under data/blobs/sha256/" blobs_there

delete_doomed() {
	api DELETE /registries/doomed
	want 200 || return 1
	[[ ! -s $BODY ]] || jq -e . "$BODY" >/dev/null || {
		echo "body is neither empty nor JSON"
		return 1
	}
	api GET /registries/doomed
	json_error 404 || return 1
	api GET /registries/doomed/packages
	json_error 404 || return 1
	api GET "/registries/doomed/packages/$shared_id"
	json_error 404 || return 1
	http GET "$DEPOT_URL/$ORG/doomed/npm/doomed-only" "${AUTH[@]}"
	json_error 404 || return 1
	api DELETE /registries/doomed
	json_error 404 || return 1
	api GET /registries
	expect_json '[.[].slug] | index("doomed")' null
}
check "delete: 200; the registry, its packages and packuments 404; delete again 404" delete_doomed

blobs_after() {
	[[ ! -e $(blob "$only_sha") ]] || {
		echo "blob of the deleted package is still there"
		return 1
	}
	[[ -f $(blob "$shared_sha") ]] || {
		echo "the blob keeper still uses is gone"
		return 1
	}
	http GET "$DEPOT_URL/$ORG/keeper/npm/doomed-shared/-/doomed-shared-1.0.0.tgz" "${AUTH[@]}"
	want 200 && cmp "$BODY" "$shared_tgz"
}
check "its own blob is gone; the shared blob stays and keeper still serves it" blobs_after

db_rows_gone() {
	local n
	n=$(psql -XAtq -c "SELECT count(*) FROM packages p JOIN registries r ON r.id = p.registry_id
		JOIN organizations o ON o.id = r.org_id WHERE o.slug = '$ORG' AND r.slug = 'doomed'")
	[[ $n == 0 ]] || {
		echo "$n package rows left"
		return 1
	}
	n=$(psql -XAtq -c "SELECT count(*) FROM package_files WHERE sha256 = '$only_sha'")
	[[ $n == 0 ]] || {
		echo "$n package_files rows left for the deleted blob"
		return 1
	}
}
if command -v psql >/dev/null && [[ -n ${PGHOST:-} ]]; then
	check "no package or file rows of the deleted registry remain" db_rows_gone
else
	skip "no package or file rows of the deleted registry remain" "no psql"
fi

delete_last_user() {
	api DELETE /registries/keeper
	want 200 && [[ ! -e $(blob "$shared_sha") ]]
}
check "deleting the last registry using the shared blob removes it" delete_last_user

recreate() {
	api POST /registries -d '{"name":"Doomed","ecosystem":"javascript"}'
	want 200 && expect_json .slug doomed && expect_json ".id != \"$REG_ID\"" true || return 1
	api GET /registries/doomed/packages
	want 200 && expect_json '.items | length' 0
}
check "a registry made again under a deleted one's name starts empty" recreate

no_5xx_at_all() {
	! grep -E "$ORG.* -> 5[0-9][0-9]" "$DEPOT_DIR/logs/depotd.log"
}
check "no request of this test was answered with a 5xx" no_5xx_at_all
