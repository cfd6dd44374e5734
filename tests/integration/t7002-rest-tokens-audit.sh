#!/usr/bin/env bash
# t7002-rest-tokens-audit: registry tokens (REFERENCE.md 3.4, 4.3) and the
# audit log (6.1) with curl. Tokens: create/list/get/update/delete, the
# token object, the secret shown on create and again by GET to those with
# full access, unavailable (409) while the registry is public and back when
# it is private; a registry token reads its own registry's packuments
# (Bearer and Basic), is 404 on another private registry of the organization,
# 401 while its registry is public, 403 on the REST API. Audit: every
# change recorded with actor, subject, request IP, user agent and the changed
# fields, newest first, type filter, cursor pages, no secret anywhere,
# read_audit_events and admins only.
# shellcheck source=tests/integration/lib.sh
. "$(dirname "$0")/lib.sh"

new_org t7002o
ORG_OTHER=$ORG
TOKEN_OTHER=$(depotctl token create --org "$ORG" --user "$ADMIN_EMAIL" \
	--scopes "$ALL_SCOPES,read_audit_events")
new_org t7002
API=$DEPOT_URL/api/v2/packages/organizations/$ORG
EVENTS=$DEPOT_URL/api/v2/organizations/$ORG/audit_events
API_URL=$(conf_get api_url)
UA=t7002-agent/1.0
JSON=(-H 'Content-Type: application/json')
UUID_RE='^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$'
TIME_RE='^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}\.[0-9]{3}Z$'
AUDIT_TOKEN=$(depotctl token create --org "$ORG" --user "$ADMIN_EMAIL" \
	--scopes "$ALL_SCOPES,read_audit_events")
# Every secret this test sees; none may appear in an audit event.
SECRETS=("$TOKEN" "$AUDIT_TOKEN")

# api METHOD PATH [CURL ARGS...]: the admin's JSON request, with our agent.
api() {
	local verb=$1 path=$2
	shift 2
	http "$verb" "$API$path" "${AUTH[@]}" "${JSON[@]}" -A "$UA" "$@"
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

field_error() {
	want 422 && expect_json .message "Validation Failed" &&
		expect_json '.errors[0].field' "$1"
}

# packument REG [CURL ARGS...]: GET an npm packument of REG.
packument() {
	local reg=$1
	shift
	http GET "$DEPOT_URL/$ORG/$reg/npm/vault-pkg" "$@"
}

tgz() {
	local d=$TEST_TMP/src/$1
	mkdir -p "$d/package"
	printf '{"name":"vault-pkg","version":"%s"}\n' "$1" >"$d/package/package.json"
	tar czf "$d.tgz" -C "$d" package
	printf '%s.tgz\n' "$d"
}

api POST /registries -d '{"name":"Vault","ecosystem":"javascript"}'
[[ $STATUS == 200 ]] || bail "cannot create vault: $STATUS"
VAULT_ID=$(json_get .id)
api POST /registries -d '{"name":"Other Vault","ecosystem":"javascript"}'
[[ $STATUS == 200 ]] || bail "cannot create other-vault"
OTHER_ID=$(json_get .id)
for r in vault other-vault; do
	http POST "$API/registries/$r/packages" "${AUTH[@]}" -F "file=@$(tgz "1.0.0")"
	[[ $STATUS == 200 ]] || bail "cannot upload to $r: $STATUS $(cat "$BODY")"
done

# ---- create
create_invalid() {
	api POST /registries/vault/tokens -d '{}'
	field_error description || return 1
	api POST /registries/vault/tokens -d '{"description":""}'
	field_error description || return 1
	api POST /registries/vault/tokens -d '{"description":42}'
	field_error description || return 1
	api POST /registries/vault/tokens -d "$(jq -nc --arg d "$(head -c 256 /dev/zero | tr '\0' d)" '{description: $d}')"
	field_error description || return 1
	api POST /registries/vault/tokens -d '{"description":"two\nlines"}'
	field_error description || return 1
	api POST /registries/vault/tokens -d '{"description":"cut \u0000 short"}'
	field_error description || return 1
	api POST /registries/vault/tokens -d '{"description":"ok","scopes":["write_packages"]}'
	field_error scopes || return 1
	api POST /registries/vault/tokens -d '{"description":'
	json_error 400 || return 1
	printf '{"description":"caf\xe9"}' >"$TEST_TMP/latin1.json"
	api POST /registries/vault/tokens --data-binary "@$TEST_TMP/latin1.json"
	json_error 400 || return 1
	api GET /registries/vault/tokens
	want 200 && expect_json 'length' 0
}
check "create: description required, one line, <= 255; unknown fields 422; bad JSON 400" create_invalid

create_ok() {
	api POST /registries/vault/tokens -d "{\"description\":\"CI $(printf 'é%.0s' {1..200})\"}"
	want 200 || return 1
	cp "$BODY" "$TEST_TMP/token.json"
	RT=$(json_get .token)
	RT_ID=$(json_get .id)
	ADMIN_ID=$(json_get .created_by.id)
	SECRETS+=("$RT")
	[[ $RT_ID =~ $UUID_RE && $ADMIN_ID =~ $UUID_RE ]] || return 1
	[[ $RT =~ ^depotr_[A-Za-z0-9_-]{20,}$ ]] || {
		echo "token '$RT'"
		return 1
	}
	expect_json '[keys[]] | join(",")' \
		created_at,created_by,description,graphql_id,id,organization,registry,token,updated_at,url &&
		expect_json .graphql_id "$(printf 'RegistryToken---%s' "$RT_ID" | base64 -w0)" &&
		expect_json .url "$API_URL/v2/packages/organizations/$ORG/registries/vault/tokens/$RT_ID" &&
		expect_json '.description | length' 203 &&
		expect_json '.created_by | [keys[]] | join(",")' avatar_url,created_at,email,graphql_id,id,name &&
		expect_json .created_by.email "$ADMIN_EMAIL" &&
		expect_json .created_by.graphql_id "$(printf 'User---%s' "$ADMIN_ID" | base64 -w0)" &&
		expect_json .created_by.avatar_url null &&
		expect_json .organization.slug "$ORG" &&
		expect_json .registry.id "$VAULT_ID" &&
		expect_json .registry.slug vault &&
		[[ $(json_get .created_at) =~ $TIME_RE ]] || return 1
	api GET /registries/vault
	jq -e --slurpfile t "$TEST_TMP/token.json" '. == $t[0].registry' "$BODY" >/dev/null
}
check "create: 200, the token object (REFERENCE 3.4) with the secret in 'token'" create_ok
[[ -n ${RT:-} ]] || bail "no registry token"

list_get() {
	api GET /registries/vault/tokens
	want 200 && expect_json type array && expect_json length 1 || return 1
	jq -e --slurpfile t "$TEST_TMP/token.json" '.[0] == ($t[0] | del(.token))' "$BODY" >/dev/null || {
		echo "the listed token is not the created one without its secret:"
		cat "$BODY"
		return 1
	}
	api GET "/registries/vault/tokens/$RT_ID"
	want 200 || return 1
	jq -e --slurpfile t "$TEST_TMP/token.json" '. == $t[0]' "$BODY" >/dev/null || {
		echo "GET is not the created token (with its secret):"
		cat "$BODY"
		return 1
	}
	api GET /registries/vault/tokens/00000000-0000-4000-8000-000000000000
	json_error 404 || return 1
	api GET "/registries/other-vault/tokens/$RT_ID"
	json_error 404 || return 1
	api GET /registries/other-vault/tokens
	want 200 && expect_json length 0
}
check "list: bare array without secrets; GET shows the secret again; other registry 404" list_get

update() {
	local verb=$1 d="renamed by $1"
	api "$verb" "/registries/vault/tokens/$RT_ID" -d "{\"description\":\"$d\"}"
	want 200 && expect_json .description "$d" && expect_json .id "$RT_ID" &&
		expect_json 'has("token")' false &&
		expect_json ".updated_at > \"$(json_get .created_at "$TEST_TMP/token.json")\"" true || return 1
	api GET "/registries/vault/tokens/$RT_ID"
	want 200 && expect_json .description "$d" && expect_json .token "$RT"
}
check "update by POST: description changes, the secret stays" update POST
check "update by PATCH" update PATCH

update_invalid() {
	api POST "/registries/vault/tokens/$RT_ID" -d '{"description":""}'
	field_error description || return 1
	api POST "/registries/vault/tokens/$RT_ID" -d '{"description":"x","token":"mine"}'
	field_error token || return 1
	api POST /registries/vault/tokens/00000000-0000-4000-8000-000000000000 -d '{"description":"x"}'
	json_error 404
}
check "update: blank 422, unknown field 422, unknown token 404" update_invalid

# ---- using a registry token
use_token() {
	packument vault -H "Authorization: Bearer $RT"
	want 200 && expect_json .name vault-pkg || return 1
	packument vault -u "buildkite:$RT"
	want 200 && expect_json .name vault-pkg || return 1
	packument vault -u "anything-at-all:$RT"
	want 200 || return 1
	http GET "$DEPOT_URL/$ORG/vault/npm/vault-pkg/-/vault-pkg-1.0.0.tgz" -H "Authorization: Bearer $RT"
	want 200 || return 1
	packument other-vault -H "Authorization: Bearer $RT"
	json_error 404 || return 1
	packument other-vault -u "buildkite:$RT"
	json_error 404 || return 1
	http GET "$DEPOT_URL/$ORG_OTHER/vault/npm/vault-pkg" -H "Authorization: Bearer $RT"
	json_error 404 || return 1
	http GET "$API/registries/vault" -H "Authorization: Bearer $RT"
	json_error 403 || return 1
	http GET "$API/registries/vault/packages" -H "Authorization: Bearer $RT"
	json_error 403 || return 1
	http GET "$API/registries/vault/tokens/$RT_ID" -H "Authorization: Bearer $RT"
	json_error 403 || return 1
	http PUT "$DEPOT_URL/$ORG/vault/npm/vault-pkg" -H "Authorization: Bearer $RT" "${JSON[@]}" -d '{}'
	[[ $STATUS == 403 ]] || {
		echo "publish with a registry token: HTTP $STATUS"
		return 1
	}
	packument vault
	json_error 401 && [[ -n $(header WWW-Authenticate) ]] || return 1
	packument vault -H "Authorization: Bearer depotr_notarealtokenatallnotarealtokenatall1234"
	json_error 401
}
check "registry token: reads vault (Bearer, Basic any user), 404 on other-vault, 403 on REST and publish" use_token

# visible PUBLIC: GET vault shows "public": PUBLIC. Workers drop their
# cached registry on a NOTIFY from the change, which PostgreSQL delivers
# asynchronously: allow it a second (one run saw a stale registry right
# after depotctl returned).
visible() {
	api GET /registries/vault
	[[ $STATUS == 200 && $(json_get .public) == "$1" ]]
}

public_phase() {
	local ep
	depotctl registry visibility vault public --org "$ORG" >/dev/null || return 1
	if ! { wait_until 1 visible true && wait_until 1 visible true; }; then
		echo "vault is still private a second after depotctl made it public"
		return 1
	fi
	for ep in "GET /registries/vault/tokens" "GET /registries/vault/tokens/$RT_ID" \
		"POST /registries/vault/tokens" "POST /registries/vault/tokens/$RT_ID" \
		"DELETE /registries/vault/tokens/$RT_ID"; do
		if [[ $ep == POST* ]]; then
			api POST "${ep#POST }" -d '{"description":"while public"}'
		else
			api "${ep%% *}" "${ep#* }"
		fi
		if ! { json_error 409 && expect_json '.message | test("public")' true; }; then
			echo "($ep)"
			return 1
		fi
		grep -q depotr_ "$BODY" && return 1
	done
	packument vault -H "Authorization: Bearer $RT"
	json_error 401 || return 1
	packument vault -u "buildkite:$RT"
	json_error 401 || return 1
	packument vault
	want 200 && expect_json .name vault-pkg || return 1
	packument other-vault -H "Authorization: Bearer $RT"
	json_error 404
}
check "public: token endpoints 409; the token 401 on vault, anonymous 200; still 404 elsewhere" public_phase

private_again() {
	depotctl registry visibility vault private --org "$ORG" >/dev/null || return 1
	if ! { wait_until 1 visible false && wait_until 1 visible false; }; then
		echo "vault is still public a second after depotctl made it private"
		return 1
	fi
	api GET /registries/vault/tokens
	want 200 && expect_json length 1 && expect_json '.[0].id' "$RT_ID" || return 1
	api GET "/registries/vault/tokens/$RT_ID"
	want 200 && expect_json .token "$RT" || return 1
	packument vault -H "Authorization: Bearer $RT"
	want 200 || return 1
	packument vault
	json_error 401
}
check "private again: the same token is listed, readable and works; anonymous 401" private_again

# ---- full access reads the secret; less does not
teams() {
	local u
	depotctl team create full --org "$ORG" >"$TEST_TMP/team-full" || return 1
	depotctl team create writers --org "$ORG" >/dev/null || return 1
	for u in full writer; do
		depotctl user create "$u@$ORG.test" --org "$ORG" </dev/null >/dev/null || return 1
	done
	depotctl team add-member full "full@$ORG.test" --org "$ORG" &&
		depotctl team add-member writers "writer@$ORG.test" --org "$ORG" &&
		depotctl team grant full vault READ_WRITE_AND_ADMIN --org "$ORG" &&
		depotctl team grant writers vault READ_AND_WRITE --org "$ORG" || return 1
	FULL_TOKEN=$(depotctl token create --org "$ORG" --user "full@$ORG.test" \
		--scopes "$ALL_SCOPES,read_audit_events") || return 1
	WRITER_TOKEN=$(depotctl token create --org "$ORG" --user "writer@$ORG.test" \
		--scopes "$ALL_SCOPES") || return 1
	SECRETS+=("$FULL_TOKEN" "$WRITER_TOKEN")
}
check "teams: 'full' (READ_WRITE_AND_ADMIN) and 'writers' (READ_AND_WRITE) on vault" teams
TEAM_FULL_ID=$(cat "$TEST_TMP/team-full")

full_access_reads() {
	http GET "$API/registries/vault/tokens/$RT_ID" -H "Authorization: Bearer $FULL_TOKEN"
	want 200 && expect_json .token "$RT" || return 1
	http GET "$API/registries/vault/tokens" -H "Authorization: Bearer $FULL_TOKEN"
	want 200 && expect_json length 1 || return 1
	http GET "$API/registries/vault/tokens/$RT_ID" -H "Authorization: Bearer $WRITER_TOKEN"
	json_error 403 || return 1
	grep -q depotr_ "$BODY" && return 1
	http GET "$API/registries/vault/tokens" -H "Authorization: Bearer $WRITER_TOKEN"
	json_error 403 || return 1
	http GET "$API/registries/other-vault/tokens" -H "Authorization: Bearer $FULL_TOKEN"
	json_error 404
}
check "a full-access team member reads the secret; read & write 403; no access 404" full_access_reads

# ---- delete
delete_token() {
	api POST /registries/vault/tokens -d '{"description":"short-lived"}'
	want 200 || return 1
	RT2=$(json_get .token)
	RT2_ID=$(json_get .id)
	SECRETS+=("$RT2")
	packument vault -H "Authorization: Bearer $RT2"
	want 200 || return 1
	api DELETE "/registries/vault/tokens/$RT2_ID"
	want 200 || return 1
	api GET "/registries/vault/tokens/$RT2_ID"
	json_error 404 || return 1
	api DELETE "/registries/vault/tokens/$RT2_ID"
	json_error 404 || return 1
	api GET /registries/vault/tokens
	want 200 && expect_json '[.[].id] | join(",")' "$RT_ID" || return 1
	packument vault -H "Authorization: Bearer $RT2"
	json_error 401 || return 1
	packument vault -H "Authorization: Bearer $RT"
	want 200
}
check "delete: 200, then 404; the deleted token no longer authenticates, the other still does" delete_token

# ---- audit log
api PATCH /registries/other-vault -d '{"description":"new words","color":"#abcdef","emoji":null}'
api PATCH /registries/other-vault -d '{"description":"new words"}'
api PATCH /registries/other-vault -d '{"name":"Second Vault"}'
api POST /registries -d "{\"name\":\"Team Reg\",\"ecosystem\":\"javascript\",\"team_ids\":[\"$TEAM_FULL_ID\"]}"
TEAM_REG_ID=$(json_get .id)
api DELETE /registries/team-reg
http POST "$DEPOT_URL/api/v2/packages/organizations/$ORG_OTHER/registries" \
	-H "Authorization: Bearer $TOKEN_OTHER" "${JSON[@]}" -d '{"name":"Vault","ecosystem":"javascript"}'
FOREIGN_ID=$(json_get .id)

# events [QUERY]: every event of the org (walking links.next, per_page=100)
# into $TEST_TMP/events.json as one array.
events() {
	local url="$EVENTS?per_page=100${1:+&$1}" n=0
	: >"$TEST_TMP/events.ndjson"
	while [[ -n $url ]] && ((n < 50)); do
		http GET "$url" -H "Authorization: Bearer $AUDIT_TOKEN"
		want 200 || return 1
		jq -c '.items[]' "$BODY" >>"$TEST_TMP/events.ndjson"
		url=$(json_get '.links.next // empty')
		url=${url/#$API_URL/$DEPOT_URL/api}
		n=$((n + 1))
	done
	jq -s . "$TEST_TMP/events.ndjson" >"$TEST_TMP/events.json"
}

# event TYPE SUBJECT_ID [N]: the Nth newest event of TYPE about SUBJECT_ID
# into $TEST_TMP/event.json.
event() {
	jq -e --arg t "$1" --arg s "$2" --argjson n "${3:-0}" \
		'[.[] | select(.type == $t and .subject.uuid == $s)][$n]' \
		"$TEST_TMP/events.json" >"$TEST_TMP/event.json" || {
		echo "no event $1 about $2 (index ${3:-0}); types seen:"
		jq -r '.[] | "\(.type) \(.subject.uuid)"' "$TEST_TMP/events.json"
		return 1
	}
}

E=$TEST_TMP/event.json

# by_user TYPE SUBJECT_TYPE SUBJECT_ID SUBJECT_NAME DATA [N]: the event has
# the full shape, the admin as actor, our IP and agent, and exactly DATA.
by_user() {
	event "$1" "$3" "${6:-0}" || return 1
	expect_json '[keys[]] | join(",")' actor,context,data,graphql_id,occurred_at,subject,type,url,uuid "$E" &&
		[[ $(json_get .uuid "$E") =~ $UUID_RE ]] &&
		expect_json .graphql_id "$(printf 'AuditEvent---%s' "$(json_get .uuid "$E")" | base64 -w0)" "$E" &&
		expect_json .url "$API_URL/v2/organizations/$ORG/audit_events/$(json_get .uuid "$E")" "$E" &&
		expect_json '.occurred_at | test("^[0-9-]{10}T[0-9:]{8}\\.[0-9]+Z$")' true "$E" &&
		expect_json '.actor | [keys[]] | join(",")' name,type,uuid "$E" &&
		expect_json .actor.type USER "$E" &&
		expect_json .actor.uuid "$ADMIN_ID" "$E" &&
		expect_json .actor.name "$ADMIN_EMAIL" "$E" &&
		expect_json '.subject | [keys[]] | join(",")' name,type,uuid "$E" &&
		expect_json .subject.type "$2" "$E" &&
		expect_json .subject.name "$4" "$E" &&
		expect_json '.context | [keys[]] | join(",")' request_ip,request_user_agent,type "$E" &&
		expect_json .context.request_ip 127.0.0.1 "$E" &&
		expect_json .context.request_user_agent "$UA" "$E" || return 1
	jq -e --argjson d "$5" '.data == $d' "$E" >/dev/null || {
		echo "data: expected $5, got $(jq -c .data "$E")"
		return 1
	}
}

check "list every event (walking pages)" events
check "REGISTRY_CREATED: actor, subject, IP, agent, data {name, slug, ecosystem}" \
	by_user REGISTRY_CREATED REGISTRY "$VAULT_ID" Vault '{"name":"Vault","slug":"vault","ecosystem":"javascript"}' 0
check "REGISTRY_UPDATED: data holds the changed fields only (rename: name and slug)" \
	by_user REGISTRY_UPDATED REGISTRY "$OTHER_ID" "Second Vault" '{"name":"Second Vault","slug":"second-vault"}' 0
check "REGISTRY_UPDATED: description, color and emoji when they change" \
	by_user REGISTRY_UPDATED REGISTRY "$OTHER_ID" "Other Vault" '{"description":"new words","color":"#abcdef"}' 1

no_op_update() {
	local n
	n=$(jq --arg s "$OTHER_ID" '[.[] | select(.type == "REGISTRY_UPDATED" and .subject.uuid == $s)] | length' \
		"$TEST_TMP/events.json")
	[[ $n == 2 ]] || {
		echo "$n REGISTRY_UPDATED events for 2 changing updates and 1 that changed nothing"
		return 1
	}
}
check "an update that changes nothing records no event" no_op_update
check "REGISTRY_TOKEN_CREATED: data {description}, no secret" \
	by_user REGISTRY_TOKEN_CREATED REGISTRY_TOKEN "$RT_ID" "CI $(printf 'é%.0s' {1..200})" \
	"$(jq -c '{description}' "$TEST_TMP/token.json")"
check "REGISTRY_TOKEN_UPDATED (PATCH, newest)" \
	by_user REGISTRY_TOKEN_UPDATED REGISTRY_TOKEN "$RT_ID" "renamed by PATCH" '{"description":"renamed by PATCH"}' 0
check "REGISTRY_TOKEN_UPDATED (POST)" \
	by_user REGISTRY_TOKEN_UPDATED REGISTRY_TOKEN "$RT_ID" "renamed by POST" '{"description":"renamed by POST"}' 1
check "REGISTRY_TOKEN_DELETED" \
	by_user REGISTRY_TOKEN_DELETED REGISTRY_TOKEN "$RT2_ID" short-lived '{}'
# A grant records which team got which level (depotctl's do, as data
# {team, access_level}).
team_grant_event() {
	event TEAM_REGISTRY_CREATED "$TEAM_REG_ID" 0 || return 1
	by_user TEAM_REGISTRY_CREATED TEAM_REGISTRY "$TEAM_REG_ID" "Team Reg" \
		"$(jq -c .data "$E")" || return 1
	jq -e --arg t "$TEAM_FULL_ID" \
		'.data.access_level == "READ_AND_WRITE" and (.data.team_id // .data.team) == $t' \
		"$E" >/dev/null || {
		echo "data does not say which team got which level: $(jq -c .data "$E")"
		return 1
	}
}
check "TEAM_REGISTRY_CREATED from a create with team_ids: data names the team and level" team_grant_event
check "REGISTRY_DELETED" \
	by_user REGISTRY_DELETED REGISTRY "$TEAM_REG_ID" "Team Reg" '{}'

ctl_events() {
	event REGISTRY_VISIBILITY_CHANGED "$VAULT_ID" 0 || return 1
	expect_json .data.public false "$E" && expect_json .subject.type REGISTRY "$E" &&
		expect_json .subject.name Vault "$E" && expect_json .actor.type SYSTEM "$E" || return 1
	event REGISTRY_VISIBILITY_CHANGED "$VAULT_ID" 1 || return 1
	expect_json .data.public true "$E" || return 1
	event TEAM_REGISTRY_CREATED "$VAULT_ID" 0 || return 1
	expect_json .subject.type TEAM_REGISTRY "$E" &&
		expect_json .data.access_level READ_AND_WRITE "$E" &&
		expect_json .data.team writers "$E" || return 1
	event TEAM_REGISTRY_CREATED "$VAULT_ID" 1 || return 1
	expect_json .data.access_level READ_WRITE_AND_ADMIN "$E"
}
check "depotctl changes: REGISTRY_VISIBILITY_CHANGED (public, then private), TEAM_REGISTRY_CREATED" ctl_events

newest_first() {
	jq -e '[.[].occurred_at] | . == (sort | reverse)' "$TEST_TMP/events.json" >/dev/null || {
		jq -r '.[].occurred_at' "$TEST_TMP/events.json"
		return 1
	}
	# the last change made is the newest event
	expect_json '.[0].type' REGISTRY_DELETED "$TEST_TMP/events.json"
}
check "events are newest first" newest_first

no_secrets() {
	local s
	for s in "${SECRETS[@]}"; do
		if grep -qF "$s" "$TEST_TMP/events.json"; then
			echo "a secret (${s:0:10}...) is in the audit log"
			return 1
		fi
	done
	! grep -q 'depotr_\|"token"' "$TEST_TMP/events.json" || {
		echo "something token-like is in the audit log:"
		grep -o '.\{40\}depotr_.\{10\}' "$TEST_TMP/events.json"
		return 1
	}
}
check "no token value (API or registry) appears in any event" no_secrets

no_secrets_in_log() {
	local s
	for s in "${SECRETS[@]}"; do
		! grep -qF "$s" "$DEPOT_DIR/logs/depotd.log" || {
			echo "a secret (${s:0:10}...) is in depotd.log"
			return 1
		}
	done
}
check "and none in depotd's log" no_secrets_in_log

other_org_apart() {
	! grep -q "$FOREIGN_ID" "$TEST_TMP/events.json" || return 1
	http GET "$DEPOT_URL/api/v2/organizations/$ORG_OTHER/audit_events" -H "Authorization: Bearer $TOKEN_OTHER"
	want 200 || return 1
	! grep -q "$VAULT_ID\|$ORG\.test" "$BODY" || {
		echo "the other organization sees this one's events"
		return 1
	}
	expect_json "[.items[] | select(.subject.uuid == \"$FOREIGN_ID\")] | length" 1
}
check "each organization sees only its own events" other_org_apart

type_filter() {
	http GET "$EVENTS?type=REGISTRY_TOKEN_UPDATED" -H "Authorization: Bearer $AUDIT_TOKEN"
	want 200 && expect_json '.items | length' 2 &&
		expect_json '[.items[].type] | unique | join(",")' REGISTRY_TOKEN_UPDATED &&
		expect_json '.links.first | test("type=REGISTRY_TOKEN_UPDATED")' true || return 1
	http GET "$EVENTS?type=NO_SUCH_TYPE" -H "Authorization: Bearer $AUDIT_TOKEN"
	want 200 && expect_json '.items | length' 0 || return 1
	http GET "$EVENTS?type=registry-created" -H "Authorization: Bearer $AUDIT_TOKEN"
	json_error 400 || return 1
	http GET "$EVENTS?type=%27%20OR%201%3D1" -H "Authorization: Bearer $AUDIT_TOKEN"
	json_error 400
}
check "?type= filters exactly; a malformed type is 400" type_filter

paging() {
	local url n=0 total
	total=$(jq length "$TEST_TMP/events.json")
	url="$EVENTS?per_page=3"
	: >"$TEST_TMP/paged"
	while [[ -n $url ]] && ((n < 100)); do
		http GET "$url" -H "Authorization: Bearer $AUDIT_TOKEN"
		want 200 || return 1
		json_get '.items[].uuid' >>"$TEST_TMP/paged"
		url=$(json_get '.links.next // empty')
		url=${url/#$API_URL/$DEPOT_URL/api}
		n=$((n + 1))
	done
	diff "$TEST_TMP/paged" <(jq -r '.[].uuid' "$TEST_TMP/events.json") || return 1
	((n == (total + 2) / 3 || n == (total + 2) / 3 + 1)) || {
		echo "$n pages of 3 for $total events"
		return 1
	}
	http GET "$EVENTS?per_page=101" -H "Authorization: Bearer $AUDIT_TOKEN"
	want 422 && expect_json '.errors[0].field' per_page || return 1
	http GET "$EVENTS" -H "Authorization: Bearer $AUDIT_TOKEN"
	want 200 && expect_json '.items | length' "$((total < 30 ? total : 30))"
}
check "pages of 3 walked by links.next give every event once; per_page 101 is 422" paging

cursors() {
	local c
	http GET "$EVENTS?per_page=2" -H "Authorization: Bearer $AUDIT_TOKEN"
	c=$(json_get .links.next)
	c=${c##*after=}
	http GET "$EVENTS?after=${c:0:${#c}-3}xyz" -H "Authorization: Bearer $AUDIT_TOKEN"
	json_error 400 || return 1
	http GET "$API/registries/vault/packages?after=$c" "${AUTH[@]}"
	json_error 400 || return 1
	http GET "$API/registries/vault/packages?per_page=1" "${AUTH[@]}"
	c=$(json_get .links.next)
	c=${c##*after=}
	http GET "$EVENTS?after=$c" -H "Authorization: Bearer $AUDIT_TOKEN"
	json_error 400
}
check "a tampered cursor is 400; a cursor of one list is 400 on another" cursors

get_one() {
	local id
	id=$(jq -r '.[3].uuid' "$TEST_TMP/events.json")
	http GET "$EVENTS/$id" -H "Authorization: Bearer $AUDIT_TOKEN"
	want 200 || return 1
	jq -e --slurpfile a "$TEST_TMP/events.json" '. == $a[0][3]' "$BODY" >/dev/null || return 1
	http GET "$EVENTS/00000000-0000-4000-8000-000000000000" -H "Authorization: Bearer $AUDIT_TOKEN"
	json_error 404 || return 1
	http GET "$DEPOT_URL/api/v2/organizations/$ORG_OTHER/audit_events/$id" -H "Authorization: Bearer $TOKEN_OTHER"
	json_error 404
}
check "GET audit_events/{uuid}: the listed event; unknown 404; another org's 404" get_one

who_may() {
	http GET "$EVENTS" "${AUTH[@]}"
	json_error 403 && expect_json '.message | test("read_audit_events")' true || return 1
	http GET "$EVENTS" -H "Authorization: Bearer $FULL_TOKEN"
	json_error 403 && expect_json '.message | test("administrator")' true || return 1
	http GET "$EVENTS"
	json_error 401 && [[ -n $(header WWW-Authenticate) ]] || return 1
	http GET "$EVENTS" -H "Authorization: Bearer $TOKEN_OTHER"
	json_error 404 || return 1
	http GET "$EVENTS" -H "Authorization: Bearer $RT"
	json_error 403 || return 1
	http GET "$EVENTS/$(jq -r '.[0].uuid' "$TEST_TMP/events.json")" -H "Authorization: Bearer $FULL_TOKEN"
	json_error 403
}
check "audit events: admin without read_audit_events 403, member 403, anonymous 401, other org 404" who_may

no_5xx() {
	! grep -E "($ORG|$ORG_OTHER).* -> 5[0-9][0-9]" "$DEPOT_DIR/logs/depotd.log"
}
check "no request of this test was answered with a 5xx" no_5xx
