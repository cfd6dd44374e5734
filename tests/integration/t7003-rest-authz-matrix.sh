#!/usr/bin/env bash
# t7003-rest-authz-matrix: every REST route (and the npm routes of the
# package host) against every kind of caller, on a private and on a public
# registry; the expected status of each cell is the table below. A caller
# who may not see a private registry gets 404 (never 403) and nothing in
# the answer (body or headers) names the registry, its id or its packages;
# anonymous callers get 401 with WWW-Authenticate; a caller who sees the
# registry but lacks the level, scope or team permission gets 403.
# shellcheck source=tests/integration/lib.sh
. "$(dirname "$0")/lib.sh"

# ---------------------------------------------------------------- callers
#   A     anonymous
#   N     org admin's token with only write_packages (lacks the route's scope)
#   R     org admin's token: read_registries, read_packages
#   W     org admin's token: read_/write_ registries and packages
#   D     org admin's token: all six registry and package scopes
#   O     another organization's admin, every scope
#   T     a registry token of the registry under test (made while private)
#   RO    member of a team with READ_ONLY on the registries
#   RW    member of a team with READ_AND_WRITE
#   ADM   member of a team with READ_WRITE_AND_ADMIN
#   PERM  member of a READ_AND_WRITE team whose members may create and
#         delete registries and delete packages
#   M     member of the organization in no team
#   AD    org admin, every scope and read_audit_events
# Team members' tokens have every scope, so their level is what counts.
CALLERS=(A N R W D O T RO RW ADM PERM M AD)

# ---------------------------------------------------------------- the table
# route        vis   A   N   R   W   D   O   T   RO  RW  ADM PERM M   AD
# vis: priv / pub (the registry under test), any (not about one registry).
# A registry token is refused (401) on its registry while that is public,
# whatever the route; npm publish answers 201 as npm's registry does.
read -r -d '' TABLE <<'EOF' || true
reg.list       any   401 403 200 200 200 404 403 200 200 200 200 200 200
reg.create     any   401 403 403 200 200 404 403 403 403 403 200 403 200
audit.list     any   401 403 403 403 403 404 403 403 403 403 403 403 200
audit.get      any   401 403 403 403 403 404 403 403 403 403 403 403 200
reg.get        priv  401 403 200 200 200 404 403 200 200 200 200 404 200
reg.get        pub   401 403 200 200 200 200 403 200 200 200 200 200 200
reg.post       priv  401 403 403 200 200 404 403 403 403 200 403 404 200
reg.post       pub   401 403 403 200 200 403 403 403 403 200 403 403 200
reg.patch      priv  401 403 403 200 200 404 403 403 403 200 403 404 200
reg.patch      pub   401 403 403 200 200 403 403 403 403 200 403 403 200
reg.put        priv  401 403 403 200 200 404 403 403 403 200 403 404 200
reg.put        pub   401 403 403 200 200 403 403 403 403 200 403 403 200
reg.delete     priv  401 403 403 403 200 404 403 403 403 403 403 404 200
reg.delete     pub   401 403 403 403 200 403 403 403 403 403 403 403 200
pkg.list       priv  401 403 200 200 200 404 403 200 200 200 200 404 200
pkg.list       pub   401 403 200 200 200 200 403 200 200 200 200 200 200
pkg.upload     priv  401 403 403 200 200 404 403 403 200 200 200 404 200
pkg.upload     pub   401 403 403 200 200 403 403 403 200 200 200 403 200
pkg.get        priv  401 403 200 200 200 404 403 200 200 200 200 404 200
pkg.get        pub   401 403 200 200 200 200 403 200 200 200 200 200 200
pkg.delete     priv  401 403 403 403 200 404 403 403 403 403 200 404 200
pkg.delete     pub   401 403 403 403 200 403 403 403 403 403 200 403 200
pkg.copy       priv  401 403 403 200 200 404 403 403 200 200 200 404 200
pkg.copy       pub   401 403 403 200 200 403 403 403 200 200 200 403 200
tok.list       priv  401 403 200 200 200 404 403 403 403 200 403 404 200
tok.list       pub   401 403 409 409 409 403 403 403 403 409 403 403 409
tok.create     priv  401 403 403 200 200 404 403 403 403 200 403 404 200
tok.create     pub   401 403 403 409 409 403 403 403 403 409 403 403 409
tok.get        priv  401 403 200 200 200 404 403 403 403 200 403 404 200
tok.get        pub   401 403 409 409 409 403 403 403 403 409 403 403 409
tok.post       priv  401 403 403 200 200 404 403 403 403 200 403 404 200
tok.post       pub   401 403 403 409 409 403 403 403 403 409 403 403 409
tok.patch      priv  401 403 403 200 200 404 403 403 403 200 403 404 200
tok.patch      pub   401 403 403 409 409 403 403 403 403 409 403 403 409
tok.delete     priv  401 403 403 200 200 404 403 403 403 200 403 404 200
tok.delete     pub   401 403 403 409 409 403 403 403 403 409 403 403 409
npm.packument  priv  401 403 200 200 200 404 200 200 200 200 200 404 200
npm.packument  pub   200 200 200 200 200 200 401 200 200 200 200 200 200
npm.tarball    priv  401 403 200 200 200 404 200 200 200 200 200 404 200
npm.tarball    pub   200 200 200 200 200 200 401 200 200 200 200 200 200
npm.tags       priv  401 403 200 200 200 404 200 200 200 200 200 404 200
npm.tags       pub   200 200 200 200 200 200 401 200 200 200 200 200 200
npm.whoami     priv  401 200 200 200 200 404 401 200 200 200 200 404 200
npm.whoami     pub   401 200 200 200 200 200 401 200 200 200 200 200 200
npm.tag.put    priv  401 403 403 200 200 404 403 403 200 200 200 404 200
npm.tag.put    pub   401 403 403 200 200 403 401 403 200 200 200 403 200
npm.publish    priv  401 403 403 201 201 404 403 403 201 201 201 404 201
npm.publish    pub   401 403 403 201 201 403 401 403 201 201 201 403 201
EOF

# ---------------------------------------------------------------- setup
new_org t7003x
ORG_X=$ORG
O_TOKEN=$(depotctl token create --org "$ORG" --user "$ADMIN_EMAIL" \
	--scopes "$ALL_SCOPES,read_audit_events")
new_org t7003
API=$DEPOT_URL/api/v2/packages/organizations/$ORG
EVENTS=$DEPOT_URL/api/v2/organizations/$ORG/audit_events
JSON=(-H 'Content-Type: application/json')
# The private registry and its package: names no outsider may ever see.
PRIV_NAME="Secret Vault Alpha"
PRIV='secret-vault-alpha'
PRIV_PKG=hidden-pkg-zeta
PRIV_DEST_NAME="Covert Depot Beta"
PRIV_DEST=covert-depot-beta
PUB=open-shelf
PUB_PKG=open-pkg
PUB_DEST=open-dest
N_FRESH=0

admin() {
	local verb=$1 path=$2
	shift 2
	http "$verb" "$API$path" "${AUTH[@]}" "${JSON[@]}" "$@"
}

setup_fail() { bail "setup: $* (HTTP $STATUS: $(head -c 500 "$BODY"))"; }

# tgz NAME VERSION: an npm tarball; prints its path.
tgz() {
	local d=$TEST_TMP/src/$1-$2
	mkdir -p "$d/package"
	printf '{"name":"%s","version":"%s"}\n' "$1" "$2" >"$d/package/package.json"
	tar czf "$d.tgz" -C "$d" package
	printf '%s.tgz\n' "$d"
}

# upload_as_admin REG NAME VERSION: prints the new package's id.
upload_as_admin() {
	http POST "$API/registries/$1/packages" "${AUTH[@]}" -F "file=@$(tgz "$2" "$3")"
	[[ $STATUS == 200 ]] || setup_fail "upload $2@$3 to $1"
	json_get .id
}

for r in "$PRIV_NAME" "$PRIV_DEST_NAME" "Open Shelf" "Open Dest"; do
	admin POST /registries -d "$(jq -nc --arg n "$r" '{name: $n, ecosystem: "javascript"}')"
	[[ $STATUS == 200 ]] || setup_fail "create $r"
done
admin GET "/registries/$PRIV"
PRIV_ID=$(json_get .id)
admin GET "/registries/$PRIV_DEST"
PRIV_DEST_ID=$(json_get .id)
PRIV_PKG_ID=$(upload_as_admin "$PRIV" "$PRIV_PKG" 1.0.0)
PUB_PKG_ID=$(upload_as_admin "$PUB" "$PUB_PKG" 1.0.0)

# Registry tokens: one per registry under test, both made while private.
admin POST "/registries/$PRIV/tokens" -d '{"description":"matrix"}'
[[ $STATUS == 200 ]] || setup_fail "registry token"
T_PRIV=$(json_get .token)
T_PRIV_ID=$(json_get .id)
admin POST "/registries/$PUB/tokens" -d '{"description":"matrix"}'
[[ $STATUS == 200 ]] || setup_fail "registry token"
T_PUB=$(json_get .token)
T_PUB_ID=$(json_get .id)

# Teams (this turns teams on for the organization).
depotctl team create t-ro --org "$ORG" >/dev/null || bail "team create"
depotctl team create t-rw --org "$ORG" >/dev/null || bail "team create"
depotctl team create t-adm --org "$ORG" >/dev/null || bail "team create"
PERM_TEAM_ID=$(depotctl team create t-perm --org "$ORG" --can-create-registries \
	--can-delete-registries --can-delete-packages) || bail "team create"
for u in ro rw adm perm noteam; do
	depotctl user create "$u@$ORG.test" --org "$ORG" </dev/null >/dev/null || bail "user create $u"
done
for t in ro rw adm perm; do
	depotctl team add-member "t-$t" "$t@$ORG.test" --org "$ORG" || bail "add-member $t"
done

# grant_all REG: each team its level on REG.
grant_all() {
	depotctl team grant t-ro "$1" READ_ONLY --org "$ORG" &&
		depotctl team grant t-rw "$1" READ_AND_WRITE --org "$ORG" &&
		depotctl team grant t-adm "$1" READ_WRITE_AND_ADMIN --org "$ORG" &&
		depotctl team grant t-perm "$1" READ_AND_WRITE --org "$ORG"
}
for r in "$PRIV" "$PRIV_DEST" "$PUB" "$PUB_DEST"; do
	grant_all "$r" || bail "grant on $r"
done
for r in "$PUB" "$PUB_DEST"; do
	depotctl registry visibility "$r" public --org "$ORG" >/dev/null || bail "visibility $r"
done

tok() { depotctl token create --org "$ORG" --user "$1" --scopes "$2"; }
declare -A CRED
CRED[N]=$(tok "$ADMIN_EMAIL" write_packages)
CRED[R]=$(tok "$ADMIN_EMAIL" read_registries,read_packages)
CRED[W]=$(tok "$ADMIN_EMAIL" read_registries,write_registries,read_packages,write_packages)
CRED[D]=$TOKEN
CRED[O]=$O_TOKEN
CRED[RO]=$(tok "ro@$ORG.test" "$ALL_SCOPES,read_audit_events")
CRED[RW]=$(tok "rw@$ORG.test" "$ALL_SCOPES,read_audit_events")
CRED[ADM]=$(tok "adm@$ORG.test" "$ALL_SCOPES,read_audit_events")
CRED[PERM]=$(tok "perm@$ORG.test" "$ALL_SCOPES,read_audit_events")
CRED[M]=$(tok "noteam@$ORG.test" "$ALL_SCOPES,read_audit_events")
CRED[AD]=$(tok "$ADMIN_EMAIL" "$ALL_SCOPES,read_audit_events")
for c in "${CALLERS[@]}"; do
	[[ $c == A || $c == T || -n ${CRED[$c]} ]] || bail "no token for caller $c"
done
http GET "$EVENTS?per_page=1" -H "Authorization: Bearer ${CRED[AD]}"
EVENT_ID=$(json_get '.items[0].uuid')
[[ -n $EVENT_ID && $EVENT_ID != null ]] || setup_fail "an audit event id"

# The workers' registry caches follow visibility changes by NOTIFY.
wait_public() {
	http GET "$API/registries/$PUB" "${AUTH[@]}"
	[[ $(json_get .public) == true ]]
}
wait_until 5 wait_public || bail "$PUB did not become public"

# ---------------------------------------------------------------- cells
# fresh_registry VIS: a new registry with the teams' grants; prints slug.
fresh_registry() {
	local slug
	N_FRESH=$((N_FRESH + 1))
	slug=gone-$1-$N_FRESH
	admin POST /registries -d "{\"name\":\"$slug\",\"ecosystem\":\"javascript\"}"
	[[ $STATUS == 200 ]] || setup_fail "create $slug"
	grant_all "$slug" >/dev/null || bail "grant $slug"
	if [[ $1 == pub ]]; then
		depotctl registry visibility "$slug" public --org "$ORG" >/dev/null || bail "visibility $slug"
	fi
	printf '%s\n' "$slug"
}

# request ROUTE VIS CALLER: set REQ (curl arguments after the method) and
# METHOD for one cell, making whatever the cell consumes.
request() {
	local route=$1 vis=$2 caller=$3 reg pkg pkgid dest tokid v body
	if [[ $vis == pub ]]; then
		reg=$PUB pkg=$PUB_PKG pkgid=$PUB_PKG_ID dest=$PUB_DEST tokid=$T_PUB_ID
	else
		reg=$PRIV pkg=$PRIV_PKG pkgid=$PRIV_PKG_ID dest=$PRIV_DEST tokid=$T_PRIV_ID
	fi
	N_FRESH=$((N_FRESH + 1))
	v=2.$N_FRESH.0
	REQ=()
	case $route in
	reg.list) METHOD=GET REQ=("$API/registries") ;;
	reg.create)
		METHOD=POST REQ=("$API/registries" "${JSON[@]}" -d
			"{\"name\":\"made by $caller $N_FRESH\",\"ecosystem\":\"javascript\",\"team_ids\":[\"$PERM_TEAM_ID\"]}")
		;;
	audit.list) METHOD=GET REQ=("$EVENTS") ;;
	audit.get) METHOD=GET REQ=("$EVENTS/$EVENT_ID") ;;
	reg.get) METHOD=GET REQ=("$API/registries/$reg") ;;
	reg.post | reg.patch | reg.put)
		METHOD=${route#reg.}
		METHOD=${METHOD^^}
		REQ=("$API/registries/$reg" "${JSON[@]}" -d "{\"description\":\"set by $caller $N_FRESH\"}")
		;;
	reg.delete) METHOD=DELETE REQ=("$API/registries/$(fresh_registry "$vis")") ;;
	pkg.list) METHOD=GET REQ=("$API/registries/$reg/packages") ;;
	pkg.upload) METHOD=POST REQ=("$API/registries/$reg/packages" -F "file=@$(tgz "$pkg" "$v")") ;;
	pkg.get) METHOD=GET REQ=("$API/registries/$reg/packages/$pkgid") ;;
	pkg.delete)
		METHOD=DELETE REQ=("$API/registries/$reg/packages/$(upload_as_admin "$reg" "$pkg" "$v")")
		;;
	pkg.copy)
		METHOD=POST
		REQ=("$API/registries/$reg/packages/$(upload_as_admin "$reg" "$pkg" "$v")/copy?to=$dest")
		;;
	tok.list) METHOD=GET REQ=("$API/registries/$reg/tokens") ;;
	tok.create)
		METHOD=POST REQ=("$API/registries/$reg/tokens" "${JSON[@]}" -d '{"description":"by caller"}')
		;;
	tok.get) METHOD=GET REQ=("$API/registries/$reg/tokens/$tokid") ;;
	tok.post | tok.patch)
		METHOD=${route#tok.}
		METHOD=${METHOD^^}
		REQ=("$API/registries/$reg/tokens/$tokid" "${JSON[@]}" -d "{\"description\":\"by $caller\"}")
		;;
	tok.delete)
		if [[ $vis == priv ]]; then
			admin POST "/registries/$reg/tokens" -d '{"description":"to delete"}'
			[[ $STATUS == 200 ]] || setup_fail "token to delete"
			tokid=$(json_get .id)
		fi
		METHOD=DELETE REQ=("$API/registries/$reg/tokens/$tokid")
		;;
	npm.packument) METHOD=GET REQ=("$DEPOT_URL/$ORG/$reg/npm/$pkg") ;;
	npm.tarball) METHOD=GET REQ=("$DEPOT_URL/$ORG/$reg/npm/$pkg/-/$pkg-1.0.0.tgz") ;;
	npm.tags) METHOD=GET REQ=("$DEPOT_URL/$ORG/$reg/npm/-/package/$pkg/dist-tags") ;;
	npm.whoami) METHOD=GET REQ=("$DEPOT_URL/$ORG/$reg/npm/-/whoami") ;;
	npm.tag.put)
		METHOD=PUT REQ=("$DEPOT_URL/$ORG/$reg/npm/-/package/$pkg/dist-tags/ci" "${JSON[@]}" -d '"1.0.0"')
		;;
	npm.publish)
		body=$TEST_TMP/publish-$N_FRESH.json
		jq -nc --arg n "$pkg" --arg v "$v" --arg d "$(base64 -w0 "$(tgz "$pkg" "$v")")" \
			--argjson l "$(stat -c %s "$TEST_TMP/src/$pkg-$v.tgz")" \
			--arg t "$DEPOT_URL/$ORG/$reg/npm/$pkg/-/$pkg-$v.tgz" \
			'{_id: $n, name: $n, "dist-tags": {latest: $v},
			  versions: {($v): {name: $n, version: $v, dist: {tarball: $t}}},
			  _attachments: {("\($n)-\($v).tgz"): {content_type: "application/octet-stream",
			    data: $d, length: $l}}}' >"$body"
		METHOD=PUT REQ=("$DEPOT_URL/$ORG/$reg/npm/$pkg" "${JSON[@]}" --data-binary "@$body")
		;;
	*) bail "no request for route $route" ;;
	esac
}

# cred CALLER VIS: the caller's Authorization header into AUTHZ.
cred() {
	AUTHZ=()
	case $1 in
	A) ;;
	T) if [[ $2 == pub ]]; then
		AUTHZ=(-H "Authorization: Bearer $T_PUB")
	else
		AUTHZ=(-H "Authorization: Bearer $T_PRIV")
	fi ;;
	*) AUTHZ=(-H "Authorization: Bearer ${CRED[$1]}") ;;
	esac
}

# Things an outsider must never read about the private registry.
LEAKS=("$PRIV_NAME" "$PRIV_ID" "$PRIV_PKG" "$PRIV_PKG_ID" "$PRIV_DEST_NAME" "$PRIV_DEST_ID" "$T_PRIV_ID")

# leaked: the last response (headers and body) names something of LEAKS.
leaked() {
	local s
	for s in "${LEAKS[@]}"; do
		if grep -qF "$s" "$HEADERS" "$BODY"; then
			LEAKED=$s
			return 0
		fi
	done
	return 1
}

# row ROUTE VIS EXPECTED...: run every caller's cell; fail with the cells
# that differ.
row() {
	local route=$1 vis=$2 i c want bad=() leaks=()
	shift 2
	for i in "${!CALLERS[@]}"; do
		c=${CALLERS[i]}
		want=${*:i+1:1}
		request "$route" "$vis" "$c"
		cred "$c" "$vis"
		http "$METHOD" "${REQ[0]}" "${AUTHZ[@]}" "${REQ[@]:1}"
		if [[ $STATUS != "$want" ]]; then
			bad+=("$c: want $want, got $STATUS $(head -c 160 "$BODY" | tr '\n' ' ')")
		elif [[ $STATUS == 401 && -z $(header WWW-Authenticate) ]]; then
			bad+=("$c: 401 without WWW-Authenticate")
		elif [[ $STATUS == 4* ]] && ! jq -e '.message | type == "string"' "$BODY" >/dev/null 2>&1; then
			bad+=("$c: $STATUS without a JSON message: $(head -c 160 "$BODY")")
		fi
		# Outsiders: anonymous, another org, a member with no access,
		# and a registry token anywhere but its own registry.
		if [[ $vis != pub && ($c == A || $c == O || $c == M) ]] && leaked; then
			leaks+=("$c got '$LEAKED' in HTTP $STATUS")
		fi
	done
	if ((${#bad[@]} + ${#leaks[@]} == 0)); then
		return 0
	fi
	printf '%s\n' "${bad[@]}" "${leaks[@]}"
	return 1
}

# The rows: one check each.
while read -r route vis rest; do
	[[ -n $route && $route != \#* ]] || continue
	# shellcheck disable=SC2086 # the expected statuses, one word each
	set -- $rest
	(($# == ${#CALLERS[@]})) || bail "table row '$route $vis' has $# columns"
	check "$route ($vis): $(for i in "${!CALLERS[@]}"; do printf '%s=%s ' "${CALLERS[i]}" "${*:i+1:1}"; done)" \
		row "$route" "$vis" "$@"
done <<<"$TABLE"

# ---------------------------------------------------------------- details
# What a 403 says: the missing scope, level or permission.
says() {
	local caller=$1 route=$2 vis=$3 want=$4
	request "$route" "$vis" "$caller"
	cred "$caller" "$vis"
	http "$METHOD" "${REQ[0]}" "${AUTHZ[@]}" "${REQ[@]:1}"
	if ! { [[ $STATUS == 403 ]] && jq -e --arg w "$want" '.message | test($w)' "$BODY" >/dev/null; }; then
		echo "$caller $route ($vis): HTTP $STATUS $(cat "$BODY"), want 403 saying /$want/"
		return 1
	fi
}
check "403 names the missing scope (read_packages)" says N pkg.list priv read_packages
check "403 names the missing scope (write_registries)" says R reg.patch priv write_registries
check "403 names the missing scope (delete_packages)" says W pkg.delete priv delete_packages
check "403 names the missing level (write access)" says RO pkg.upload priv write
check "403 names the missing level (full access)" says RW reg.patch priv full
check "403 names the missing team permission (delete registries)" says ADM reg.delete priv 'delete registries'
check "403 names the missing team permission (delete packages)" says RW pkg.delete priv 'delete packages'
check "403 says only administrators read the audit log" says M audit.list any administrator

outsider_list() {
	local c want_slugs
	for c in M O; do
		cred "$c" priv
		http GET "$API/registries" "${AUTHZ[@]}"
		if leaked; then
			echo "$c's registry list names '$LEAKED'"
			return 1
		fi
	done
	admin GET /registries
	want_slugs=$(json_get '[.[] | select(.public) | .slug] | sort | join(",")')
	cred M priv
	http GET "$API/registries" "${AUTHZ[@]}"
	[[ $(json_get '[.[].slug] | sort | join(",")') == "$want_slugs" ]] || {
		echo "a member in no team lists: $(json_get '[.[].slug] | sort | join(",")')"
		echo "the public registries are: $want_slugs"
		return 1
	}
}
check "a member in no team lists only the public registries; nothing private leaks" outsider_list

member_sees_granted() {
	cred RO priv
	http GET "$API/registries" "${AUTHZ[@]}"
	jq -e --arg s "$PRIV" '[.[].slug] | index($s) != null' "$BODY" >/dev/null
}
check "a READ_ONLY member lists the private registry granted to the team" member_sees_granted

unknown_same_as_hidden() {
	local a b
	cred O priv
	http GET "$API/registries/$PRIV/packages" "${AUTHZ[@]}"
	a="$STATUS $(cat "$BODY")"
	http GET "$API/registries/no-such-registry-at-all/packages" "${AUTHZ[@]}"
	b="$STATUS $(cat "$BODY")"
	[[ $a == "$b" ]] || {
		echo "hidden: $a"
		echo "absent: $b"
		return 1
	}
	http GET "$DEPOT_URL/$ORG/$PRIV/npm/$PRIV_PKG" "${AUTHZ[@]}"
	a="$STATUS $(cat "$BODY")"
	http GET "$DEPOT_URL/$ORG/no-such-registry-at-all/npm/$PRIV_PKG" "${AUTHZ[@]}"
	b="$STATUS $(cat "$BODY")"
	[[ $a == "$b" ]]
}
check "a hidden registry answers exactly like one that does not exist" unknown_same_as_hidden

registry_token_elsewhere() {
	http GET "$DEPOT_URL/$ORG/$PRIV_DEST/npm/$PRIV_PKG" -H "Authorization: Bearer $T_PRIV"
	[[ $STATUS == 404 ]] || return 1
	http GET "$DEPOT_URL/$ORG_X/$PRIV/npm/$PRIV_PKG" -H "Authorization: Bearer $T_PRIV"
	[[ $STATUS == 404 ]]
}
check "a registry token is 404 on another private registry and another org" registry_token_elsewhere

no_5xx() {
	! grep -E "($ORG|$ORG_X).* -> 5[0-9][0-9]" "$DEPOT_DIR/logs/depotd.log"
}
check "no cell was answered with a 5xx" no_5xx
