#!/usr/bin/env bash
# t9001-ui-forms: every form of the web interface with curl: each refuses
# a POST without its CSRF token (403) and with another session's token;
# validation errors come back as the same form (422) with the values kept
# and the message beside its field; a registry named
# <script>alert(1)</script> is shown as text on every page; every page is
# well-formed HTML (html5lib, strict); each change is what the REST API
# then reads and an audit event by the user.
# shellcheck source=tests/integration/lib.sh
. "$(dirname "$0")/lib.sh"
# shellcheck source=tests/integration/ui_lib.sh
. "$(dirname "$0")/ui_lib.sh"

new_org ui
API=$DEPOT_URL/api/v2/packages/organizations/$ORG
J=$TEST_TMP/jar
check "log in" ui_login "$J" "$ADMIN_EMAIL" "$ADMIN_PASSWORD"
TOK=$UI_TOKEN
REGS=/organizations/$ORG/packages

# A second session of the same user: its token must not work for ours.
check "log in a second time (another session)" ui_login "$TEST_TMP/jar2" "$ADMIN_EMAIL" "$ADMIN_PASSWORD"
OTHER=$UI_TOKEN
[[ $OTHER != "$TOK" ]] || not_ok "two sessions have two CSRF tokens"

status_is() { # status_is CODE [TEXT]
	[[ $STATUS == "$1" ]] || { echo "HTTP $STATUS, want $1"; head -c 800 "$BODY"; echo; return 1; }
	[[ -z ${2:-} ]] || body_has "$2"
}

# ---- create: validation
ui_post "$J" "$REGS/registries/new" "$TOK" --data-urlencode "name=" \
	--data-urlencode "ecosystem=javascript" --data-urlencode "description=kept text"
check "create without a name: 422, the form with the message beside Name" \
	status_is 422 'id="f-name-error">Name can&#39;t be blank'
check "the form keeps the description and the ecosystem" \
	eval 'body_has ">kept text</textarea>" && body_has "<option value=\"javascript\" selected>"'
check "the invalid field is marked for assistive technology" \
	body_has 'aria-invalid="true" aria-describedby="f-name-error"'
ui_post "$J" "$REGS/registries/new" "$TOK" --data-urlencode "name=X" --data-urlencode "ecosystem=cobol"
check "an unknown ecosystem: 422 beside the ecosystem" status_is 422 'id="f-ecosystem-error">Ecosystem must be one of'
ui_post "$J" "$REGS/registries/new" "$TOK" --data-urlencode "name=!!!" --data-urlencode "ecosystem=files"
check "a name without a letter or digit: 422" status_is 422 "Name must contain a letter or digit"

# ---- create the hostile registry, see it as text everywhere
XSS='<script>alert(1)</script>'
ui_post "$J" "$REGS/registries/new" "$TOK" --data-urlencode "name=$XSS" \
	--data-urlencode "ecosystem=javascript" --data-urlencode "description=<img src=x onerror=alert(2)>"
check "create '$XSS': 303 to its page" \
	eval '[[ $STATUS == 303 && $(header Location) == "$REGS/registries/script-alert-1-script?done=created" ]]'
R=$REGS/registries/script-alert-1-script
check "REST sees the registry with the name as given" \
	eval 'expect_status 200 GET "$API/registries/script-alert-1-script" "${AUTH[@]}" && expect_json .name "$XSS"'
REG_ID=$(json_get .id)
# A package and a token, so their pages exist too.
mkdir -p "$TEST_TMP/p/package"
printf '{"name":"xss-pkg","version":"1.0.0","description":"%s"}\n' '<b>bold</b>' >"$TEST_TMP/p/package/package.json"
printf '# Hello %s\n\n<script>alert(3)</script>\n' '& <friends>' >"$TEST_TMP/p/package/README.md"
tar -C "$TEST_TMP/p" -czf "$TEST_TMP/x.tgz" package
check "upload a package into it" expect_status 200 POST "$API/registries/script-alert-1-script/packages" \
	"${AUTH[@]}" -F "file=@$TEST_TMP/x.tgz"
PKG=$(json_get .id)
ui_post "$J" "$R/settings/tokens" "$TOK" --data-urlencode "description=$XSS"
check "create a token named '$XSS' in the page: 303 to the token" \
	eval '[[ $STATUS == 303 && $(header Location) == "$R/settings/tokens/"*"?done=token-created" ]]'
TID=$(header Location | sed 's|.*/tokens/||; s|?.*||')

pages=("$REGS" "$REGS?q=script" "$REGS/registries/new" "$R" "$R?q=xss" "$R/publish"
	"$R/packages/$PKG" "$R/packages/$PKG/delete" "$R/settings" "$R/settings/visibility"
	"$R/settings/oidc" "$R/settings/tokens" "$R/settings/tokens/$TID"
	"$R/settings/tokens/$TID/delete" "$R/settings/storage"
	"/organizations/$ORG/storage" "/organizations/$ORG/audit-log" /logout
	"/organizations/$ORG/packages/registries/nothing-here")
n=0
for p in "${pages[@]}"; do
	n=$((n + 1))
	ui_get "$J" "$p"
	cp "$BODY" "$TEST_TMP/page$n.html"
	want=200
	[[ $p == */nothing-here ]] && want=404
	if [[ $STATUS != "$want" ]]; then
		not_ok "GET $p: $want" "HTTP $STATUS: $(head -c 300 "$BODY")"
	elif grep -qF "$XSS" "$BODY" || grep -q '<img src=x' "$BODY" || grep -q '<b>bold' "$BODY" ||
		grep -qi '<script>alert' "$BODY"; then
		not_ok "GET $p: the hostile name is text, never markup" "$(grep -oF "$XSS" "$BODY" | head -n 2)"
	elif [[ $p != */nothing-here && $p != /organizations/$ORG/storage && $p != /logout &&
		$p != "$REGS/registries/new" ]] && ! grep -qF '&lt;script&gt;alert(1)&lt;/script&gt;' "$BODY"; then
		not_ok "GET $p: the name is shown escaped" "$(head -c 600 "$BODY")"
	else
		ok "GET $p: $want, '$XSS' shown as text"
	fi
done
check "every page is well-formed HTML (html5lib, strict)" html_valid "$TEST_TMP"/page*.html
check "the README is Markdown made safe: heading kept, script dropped" \
	eval 'ui_get "$J" "$R/packages/$PKG" && body_has "<h1>Hello &amp; <!-- raw HTML omitted --></h1>" && body_has "<!-- raw HTML omitted -->" && body_lacks "alert(3)"'

# ---- every form without its CSRF token, and with another session's
forms=("$REGS/registries/new|name=a&ecosystem=files" "$R/settings|name=renamed"
	"$R/settings/visibility|public=1" "$R/settings/delete|confirm=$XSS"
	"$R/settings/oidc|policy=" "$R/settings/tokens|description=x"
	"$R/settings/tokens/$TID|description=y" "$R/settings/tokens/$TID/delete|"
	"$R/settings/storage|storage=hosted" "$R/packages/$PKG/delete|" "/logout|"
	"/organizations/$ORG/storage/new|name=x&endpoint=http://127.0.0.1:1&region=r&bucket=bb&access_key_id=k&secret=s"
	"/organizations/$ORG/storage/default|storage=hosted")
for f in "${forms[@]}"; do
	path=${f%%|*}
	data=${f#*|}
	ui_post "$J" "$path" - -d "$data"
	s1=$STATUS
	ui_post "$J" "$path" "$OTHER" -d "$data"
	s2=$STATUS
	if [[ $s1 == 403 && $s2 == 403 ]]; then
		ok "POST $path without the session's CSRF token: 403 (none, another session's)"
	else
		not_ok "POST $path without the session's CSRF token: 403" "without: $s1, another session's: $s2"
	fi
done
check "nothing changed: the registry, its token and package are all there" \
	eval 'expect_status 200 GET "$API/registries/script-alert-1-script" "${AUTH[@]}" &&
		expect_json .public false &&
		expect_status 200 GET "$API/registries/script-alert-1-script/tokens/$TID" "${AUTH[@]}" &&
		expect_status 200 GET "$API/registries/script-alert-1-script/packages/$PKG" "${AUTH[@]}"'
ui_post "$J" "$R/settings" "$TOK" -H 'Content-Type: text/plain' --data-binary "name=x&csrf_token=$TOK"
check "a POST that is not a form: 415 page" status_is 415

# ---- settings: validation, then rename, emoji, color
ui_post "$J" "$R/settings" "$TOK" --data-urlencode "name=$XSS" --data-urlencode "description=d" \
	--data-urlencode "emoji=:rocket:" --data-urlencode "color=red"
check "a bad color: 422, message beside Color, the other values kept" \
	eval 'status_is 422 "id=\"f-color-error\">Color must be a hex color" && body_has "value=\":rocket:\"" && body_has "value=\"red\""'
ui_post "$J" "$R/settings" "$TOK" --data-urlencode "name=Web Things" --data-urlencode "description=two
lines" --data-urlencode "emoji=:sunflower:" --data-urlencode "color=#FFE0F1"
check "rename: 303 to the settings under the new slug" \
	eval '[[ $STATUS == 303 && $(header Location) == "$REGS/registries/web-things/settings?done=saved" ]]'
R=$REGS/registries/web-things
check "REST reads the new name, slug, description, emoji and color" \
	eval 'expect_status 200 GET "$API/registries/web-things" "${AUTH[@]}" && expect_json .slug web-things &&
		expect_json .emoji :sunflower: && expect_json .color "#FFE0F1" && expect_json .description "two
lines"'
check "the old slug is gone (404 page)" eval 'ui_get "$J" "$REGS/registries/script-alert-1-script" && status_is 404'

# ---- OIDC policy
ui_post "$J" "$R/settings/oidc" "$TOK" --data-urlencode "policy=- iss: https://agent.buildkite.com
  scopes: [read_packages]
  claims:
    pipeline_slug: {bogus: 1}"
check "a bad policy: 422 naming the line, the line marked, the text kept" \
	eval 'status_is 422 "Line 4: statement 1" && body_has "id=\"policy-error-line\"" && body_has "{bogus: 1}"'
ui_post "$J" "$R/settings/oidc" "$TOK" --data-urlencode "policy=- iss: https://agent.buildkite.com
  claims:
    organization_slug: acme"
check "a good policy: 303, and REST reads it with LF line ends" \
	eval '[[ $STATUS == 303 ]] && expect_status 200 GET "$API/registries/web-things" "${AUTH[@]}" &&
		[[ $(json_get .oidc_policy) == "- iss: https://agent.buildkite.com"$'"'"'\n'"'"'* ]]'
ui_post "$J" "$R/settings/oidc" "$TOK" --data-urlencode "policy=   "
check "a blank policy removes it" \
	eval '[[ $STATUS == 303 ]] && expect_status 200 GET "$API/registries/web-things" "${AUTH[@]}" && expect_json .oidc_policy null'

# ---- tokens
ui_post "$J" "$R/settings/tokens" "$TOK" --data-urlencode "description="
check "a token without a description: 422 beside the field" status_is 422 'id="f-description-error">Description can&#39;t be blank'
ui_get "$J" "$R/settings/tokens/$TID"
SECRET=$(grep -o 'id="token-value">depotr_[A-Za-z0-9_-]*' "$BODY" | sed 's/.*>//')
check "the token page shows the secret again" eval '[[ $SECRET == depotr_* ]]'
check "the secret installs from the private registry" \
	expect_status 200 GET "$DEPOT_URL/$ORG/web-things/npm/xss-pkg" -H "Authorization: Bearer $SECRET"
ui_post "$J" "$R/settings/tokens/$TID" "$TOK" --data-urlencode "description=ci"
check "edit the description: 303, REST reads it" \
	eval '[[ $STATUS == 303 ]] && expect_status 200 GET "$API/registries/web-things/tokens/$TID" "${AUTH[@]}" && expect_json .description ci'

# ---- visibility
ui_post "$J" "$R/settings/visibility" "$TOK" --data-urlencode "public=1"
check "make public: 303, REST reads public true" \
	eval '[[ $STATUS == 303 && $(header Location) == *done=public ]] && expect_status 200 GET "$API/registries/web-things" "${AUTH[@]}" && expect_json .public true'
check "while public the Tokens page explains, and lists no token" \
	eval 'ui_get "$J" "$R/settings/tokens" && status_is 200 "tokens-unavailable" && body_lacks ">ci<"'
check "while public a token's page is a 409 page" eval 'ui_get "$J" "$R/settings/tokens/$TID" && status_is 409 "unavailable while the registry is public"'
check "the Public mark on the Registries page" eval 'ui_get "$J" "$REGS" && body_has "badge-public"'
ui_post "$J" "$R/settings/visibility" "$TOK" --data-urlencode "public=0"
check "make private: the token is back" eval 'ui_get "$J" "$R/settings/tokens" && body_has ">ci<"'

# ---- delete a package, the token, then the registry
ui_post "$J" "$R/packages/$PKG/delete" "$TOK"
check "delete the package: 303 to the registry, REST 404" \
	eval '[[ $STATUS == 303 ]] && expect_status 404 GET "$API/registries/web-things/packages/$PKG" "${AUTH[@]}"'
ui_post "$J" "$R/settings/tokens/$TID/delete" "$TOK"
check "delete the token: 303, REST 404" \
	eval '[[ $STATUS == 303 ]] && expect_status 404 GET "$API/registries/web-things/tokens/$TID" "${AUTH[@]}"'
for wrong in "web things" "Web Things " "web-things" ""; do
	ui_post "$J" "$R/settings/delete" "$TOK" --data-urlencode "confirm=$wrong"
	if [[ $STATUS == 422 ]] && grep -q "not the registry&#39;s name" "$BODY" &&
		expect_status 200 GET "$API/registries/web-things" "${AUTH[@]}" >/dev/null; then
		ok "delete with confirm='$wrong': refused (422), the registry stays"
	else
		not_ok "delete with confirm='$wrong': refused" "HTTP $STATUS"
	fi
done
ui_post "$J" "$R/settings/delete" "$TOK" --data-urlencode "confirm=Web Things"
check "delete with the exact name: 303 to the registries, REST 404" \
	eval '[[ $STATUS == 303 && $(header Location) == "$REGS?done=deleted" ]] && expect_status 404 GET "$API/registries/web-things" "${AUTH[@]}"'

# ---- the audit log: every change, by the user, from the browser
AUDIT_TOKEN=$(depotctl token create --org "$ORG" --user "$ADMIN_EMAIL" --scopes read_audit_events) ||
	bail "cannot create an audit token"
audit_has() {
	expect_status 200 GET "$DEPOT_URL/api/v2/organizations/$ORG/audit_events?per_page=100" \
		-H "Authorization: Bearer $AUDIT_TOKEN" || return 1
	jq -e --arg t "$1" --arg e "$ADMIN_EMAIL" \
		'[.items[] | select(.type == $t and .actor.type == "USER" and .actor.name == $e and
			.context.type == "WebContext" and .context.request_user_agent != "")] | length > 0' \
		"$BODY" >/dev/null ||
		{ echo "no $1 by $ADMIN_EMAIL"; return 1; }
}
for t in REGISTRY_CREATED REGISTRY_UPDATED REGISTRY_VISIBILITY_CHANGED REGISTRY_TOKEN_CREATED \
	REGISTRY_TOKEN_UPDATED REGISTRY_TOKEN_DELETED REGISTRY_DELETED; do
	check "audit event $t recorded for the user's page action (WebContext)" audit_has "$t"
done
check "the audit log page lists them, filtered by type" \
	eval 'ui_get "$J" "/organizations/$ORG/audit-log?type=REGISTRY_DELETED" && status_is 200 "REGISTRY_DELETED" && body_lacks "<code>REGISTRY_CREATED</code>"'
ui_get "$J" "/organizations/$ORG/audit-log?type=x;drop"
check "a malformed type filter: 400 page" status_is 400
