#!/usr/bin/env bash
# t9002-ui-permissions: the pages follow the same access rules as the REST
# API. In an organization with teams: a READ_ONLY team member sees the
# registry and its packages but no Settings tab, no Delete and no New
# registry, and gets 403 from settings pages and forms; a member without
# access, and another organization's admin, get 404 from every page of a
# private registry (and of the organization); a public registry shows to
# any member, read only; only administrators see the audit log and
# storage pages.
# shellcheck source=tests/integration/lib.sh
. "$(dirname "$0")/lib.sh"
# shellcheck source=tests/integration/ui_lib.sh
. "$(dirname "$0")/ui_lib.sh"

new_org other
OTHER_ORG=$ORG
OTHER_EMAIL=$ADMIN_EMAIL
OTHER_PW=$ADMIN_PASSWORD
new_org ui
API=$DEPOT_URL/api/v2/packages/organizations/$ORG
REGS=/organizations/$ORG/packages

member() { # member NAME: a member with a password; sets PW_NAME
	local pw
	pw=$(head -c 12 /dev/urandom | base64 | tr -d '/+=')
	printf '%s\n' "$pw" | depotctl user create "$1@$ORG.test" --org "$ORG" --password-stdin >/dev/null ||
		bail "cannot create $1"
	printf -v "PW_$1" '%s' "$pw"
}
member reader
member writer
member nobody
for r in shared secret open; do
	expect_status 200 POST "$API/registries" "${AUTH[@]}" -H 'Content-Type: application/json' \
		-d "{\"name\":\"$r\",\"ecosystem\":\"javascript\"}" >/dev/null || bail "create $r"
done
depotctl registry visibility open public --org "$ORG" || bail "make open public"
mkdir -p "$TEST_TMP/p/package"
printf '{"name":"perm-pkg","version":"1.0.0"}\n' >"$TEST_TMP/p/package/package.json"
tar -C "$TEST_TMP/p" -czf "$TEST_TMP/p.tgz" package
for r in shared secret open; do
	expect_status 200 POST "$API/registries/$r/packages" "${AUTH[@]}" -F "file=@$TEST_TMP/p.tgz" >/dev/null ||
		bail "upload into $r"
	printf -v "PKG_$r" '%s' "$(json_get .id)"
done
# Teams: readers (READ_ONLY on shared), writers (READ_AND_WRITE on shared,
# may delete packages). Creating a team turns teams on for the org.
{
	depotctl team create readers --org "$ORG" &&
		depotctl team add-member readers "reader@$ORG.test" --org "$ORG" &&
		depotctl team grant readers shared READ_ONLY --org "$ORG" &&
		depotctl team create writers --org "$ORG" --can-delete-packages &&
		depotctl team add-member writers "writer@$ORG.test" --org "$ORG" &&
		depotctl team grant writers shared READ_AND_WRITE --org "$ORG"
} >/dev/null || bail "team setup failed"

SH=$REGS/registries/shared
SE=$REGS/registries/secret
OP=$REGS/registries/open
pages_of() { # pages_of REGPATH PKG: every GET page of a registry
	printf '%s\n' "$1" "$1/publish" "$1/packages/$2" "$1/packages/$2/download" \
		"$1/packages/$2/delete" "$1/settings" "$1/settings/visibility" "$1/settings/oidc" \
		"$1/settings/tokens" "$1/settings/storage"
}

# ---- the READ_ONLY member
RJ=$TEST_TMP/reader
check "the reader logs in" ui_login "$RJ" "reader@$ORG.test" "$PW_reader"
RT=$UI_TOKEN
check "the reader's Registries page lists shared and open, not secret, and no New registry" \
	eval 'ui_get "$RJ" "$REGS" && [[ $STATUS == 200 ]] && body_has ">shared<" && body_has ">open<" &&
		body_lacks ">secret<" && body_lacks "New registry"'
check "no Storage or Audit Log in the reader's navigation" \
	eval 'body_lacks "/audit-log\"" && body_lacks "/storage\""'
read_only() {
	ui_get "$RJ" "$1"
	[[ $STATUS == 200 ]] || { echo "GET $1: $STATUS"; return 1; }
	body_lacks "/settings\"" && body_lacks "delete-package" && body_lacks "Delete"
}
check "the reader sees shared's packages without a Settings tab" read_only "$SH"
check "the reader sees shared's publish instructions without Settings" read_only "$SH/publish"
check "the reader sees the package without Delete" read_only "$SH/packages/$PKG_shared"
check "the reader can download the package" eval 'ui_get "$RJ" "$SH/packages/$PKG_shared/download" && [[ $STATUS == 200 ]]'
for p in "$SH/settings" "$SH/settings/oidc" "$SH/settings/tokens" "$SH/settings/storage" \
	"$SH/settings/visibility" "$SH/packages/$PKG_shared/delete" "$REGS/registries/new" \
	"/organizations/$ORG/audit-log" "/organizations/$ORG/storage"; do
	ui_get "$RJ" "$p"
	if [[ $STATUS == 403 ]] && header Content-Type | grep -q text/html; then
		ok "reader: GET $p is a 403 page"
	else
		not_ok "reader: GET $p is a 403 page" "HTTP $STATUS"
	fi
done
for f in "$SH/settings|name=hacked" "$SH/settings/visibility|public=1" "$SH/settings/delete|confirm=shared" \
	"$SH/settings/oidc|policy=" "$SH/settings/tokens|description=x" "$SH/packages/$PKG_shared/delete|" \
	"$REGS/registries/new|name=mine&ecosystem=files"; do
	ui_post "$RJ" "${f%%|*}" "$RT" -d "${f#*|}"
	if [[ $STATUS == 403 ]]; then
		ok "reader: POST ${f%%|*} with a valid CSRF token is 403"
	else
		not_ok "reader: POST ${f%%|*} with a valid CSRF token is 403" "HTTP $STATUS"
	fi
done
check "nothing the reader posted changed anything" \
	eval 'expect_status 200 GET "$API/registries/shared" "${AUTH[@]}" && expect_json .public false &&
		expect_status 200 GET "$API/registries/shared/packages/$PKG_shared" "${AUTH[@]}" &&
		expect_status 404 GET "$API/registries/mine" "${AUTH[@]}"'
while IFS= read -r p; do
	ui_get "$RJ" "$p"
	if [[ $STATUS == 404 ]] && body_lacks "$PKG_secret" >/dev/null && body_lacks ">secret<" >/dev/null; then
		ok "reader: GET $p is 404 and names nothing of it"
	else
		not_ok "reader: GET $p is 404" "HTTP $STATUS"
	fi
done < <(pages_of "$SE" "$PKG_secret")
ui_post "$RJ" "$SE/settings" "$RT" --data-urlencode "name=x"
check "reader: POST to the private registry's settings is 404 too" eval '[[ $STATUS == 404 ]]'
check "the public registry reads for the reader, without Settings" read_only "$OP"

# A user in two organizations switches between them in the header.
depotctl user create "reader@$ORG.test" --org "$OTHER_ORG" >/dev/null || bail "add reader to $OTHER_ORG"
switch_orgs() {
	ui_get "$RJ" "$REGS"
	body_has '<details class="orgs">' && body_has "href=\"/organizations/$OTHER_ORG/packages\"" || return 1
	ui_get "$RJ" "/organizations/$OTHER_ORG/packages"
	[[ $STATUS == 200 ]] || { echo "other org: $STATUS"; return 1; }
	# There the reader is a plain member: no Storage or Audit Log either.
	body_lacks "/audit-log\"" && html_valid
}
check "a user of two organizations gets a switcher and the other's pages" switch_orgs

# ---- the writer: may delete packages, not change settings
WJ=$TEST_TMP/writer
check "the writer logs in" ui_login "$WJ" "writer@$ORG.test" "$PW_writer"
check "the writer sees Delete on the package, no Settings tab" \
	eval 'ui_get "$WJ" "$SH/packages/$PKG_shared" && body_has "delete-package" && body_lacks "/settings\""'
check "the writer gets 403 from Settings" eval 'ui_get "$WJ" "$SH/settings" && [[ $STATUS == 403 ]]'
ui_post "$WJ" "$SH/packages/$PKG_shared/delete" "$UI_TOKEN"
check "the writer deletes the package (303; REST 404)" \
	eval '[[ $STATUS == 303 ]] && expect_status 404 GET "$API/registries/shared/packages/$PKG_shared" "${AUTH[@]}"'

# ---- a member in no team
NJ=$TEST_TMP/nobody
check "the member without teams logs in" ui_login "$NJ" "nobody@$ORG.test" "$PW_nobody"
check "their Registries page lists only the public registry" \
	eval 'ui_get "$NJ" "$REGS" && body_has ">open<" && body_lacks ">shared<" && body_lacks ">secret<"'
for p in "$SH" "$SH/settings" "$SE" "$SE/publish" "$SE/packages/$PKG_secret"; do
	ui_get "$NJ" "$p"
	if [[ $STATUS == 404 ]]; then ok "no team: GET $p is 404"; else not_ok "no team: GET $p is 404" "HTTP $STATUS"; fi
done
check "the public registry shows, read only" \
	eval 'ui_get "$NJ" "$OP" && [[ $STATUS == 200 ]] && body_lacks "/settings\""'

# ---- another organization's admin
XJ=$TEST_TMP/outsider
check "another organization's admin logs in" ui_login "$XJ" "$OTHER_EMAIL" "$OTHER_PW"
for p in "$REGS" "$REGS/registries/new" "/organizations/$ORG/audit-log" "/organizations/$ORG/storage" \
	$(pages_of "$SE" "$PKG_secret") $(pages_of "$SH" "$PKG_shared"); do
	ui_get "$XJ" "$p"
	if [[ $STATUS == 404 ]] && body_lacks "$PKG_secret" >/dev/null; then
		ok "outsider: GET $p is 404"
	else
		not_ok "outsider: GET $p is 404" "HTTP $STATUS"
	fi
done
ui_post "$XJ" "$SE/settings/delete" "$UI_TOKEN" --data-urlencode "confirm=secret"
check "outsider: POST delete of the private registry is 404, and it stays" \
	eval '[[ $STATUS == 404 ]] && expect_status 200 GET "$API/registries/secret" "${AUTH[@]}"'
check "the outsider's own Registries page still works" \
	eval 'ui_get "$XJ" "/organizations/$OTHER_ORG/packages" && [[ $STATUS == 200 ]]'

# ---- the admin sees everything
AJ=$TEST_TMP/admin
check "the admin logs in" ui_login "$AJ" "$ADMIN_EMAIL" "$ADMIN_PASSWORD"
check "the admin sees all three registries, New registry, Storage and Audit Log" \
	eval 'ui_get "$AJ" "$REGS" && body_has ">shared<" && body_has ">secret<" && body_has ">open<" &&
		body_has "New registry" && body_has "/audit-log\"" && body_has "/storage\""'
check "the admin sees the Settings tab and Delete Registry" \
	eval 'ui_get "$AJ" "$SE/settings" && [[ $STATUS == 200 ]] && body_has "delete-registry"'
check "the admin's Settings shows the teams with access" \
	eval 'ui_get "$AJ" "$SH/settings" && body_has "<strong>readers</strong> — Read Only" && body_has "<strong>writers</strong> — Read &amp; Write"'
check "with teams, the New registry form offers the teams" \
	eval 'ui_get "$AJ" "$REGS/registries/new" && body_has "name=\"team\"" && body_has ">readers</label>"'
