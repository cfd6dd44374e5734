#!/usr/bin/env bash
# t9000-ui-login: logging in and out of the web interface with curl: the
# login form and its CSRF cookie, security headers, refusals (no token, a
# wrong token, a wrong password), the session cookie's flags, pages
# without a session sent to /login, next= kept to this site, logout ending
# the session on the server, and failed logins rate-limited per account.
# shellcheck source=tests/integration/lib.sh
. "$(dirname "$0")/lib.sh"
# shellcheck source=tests/integration/ui_lib.sh
. "$(dirname "$0")/ui_lib.sh"

new_org ui
# Every test logs in from 127.0.0.1: start and end with its count clear.
clear_ip() { psql -qc "DELETE FROM login_failures WHERE key LIKE 'ip:%'" >/dev/null; }
clear_ip
at_exit clear_ip
J=$TEST_TMP/jar
REGS=/organizations/$ORG/packages

root() {
	http GET "$DEPOT_URL/" -H 'Accept: text/html,application/xhtml+xml,*/*;q=0.8'
	[[ $STATUS == 303 && $(header Location) == /login ]] || { echo "browser: $STATUS"; return 1; }
	http GET "$DEPOT_URL/"
	[[ $STATUS == 200 ]] && jq -e .timestamp "$BODY" >/dev/null
}
check "/ sends a browser to /login and still answers API clients with JSON" root

login_form() {
	: >"$J"
	ui_get "$J" /login
	[[ $STATUS == 200 ]] || return 1
	header Content-Type | grep -q '^text/html' || return 1
	grep -q 'depot_login_csrf' "$J"
}
check "GET /login: a form and a login CSRF cookie" login_form
TOK=$(ui_csrf)
security_headers() {
	local csp
	csp=$(header Content-Security-Policy)
	[[ $csp == *"script-src 'self'"* && $csp != *unsafe-inline* &&
		$csp == *"frame-ancestors 'none'"* && $csp == *"form-action 'self'"* ]] ||
		{ echo "CSP: $csp"; return 1; }
	[[ $(header X-Content-Type-Options) == nosniff ]] || return 1
	[[ $(header X-Frame-Options) == DENY ]] || return 1
	[[ $(header Cache-Control) == no-store ]] || { echo "Cache-Control: $(header Cache-Control)"; return 1; }
	header Set-Cookie | grep -q 'HttpOnly; SameSite=Lax' || { echo "Set-Cookie: $(header Set-Cookie)"; return 1; }
	body_lacks '<script>' && html_valid
}
check "the login page: CSP without inline script, nosniff, DENY, no-store, HttpOnly SameSite=Lax cookie, valid HTML" \
	security_headers

refused() { # refused STATUS TEXT: the last answer
	[[ $STATUS == "$1" ]] || { echo "HTTP $STATUS, want $1"; head -c 500 "$BODY"; return 1; }
	header Content-Type | grep -q '^text/html' || { echo "not HTML"; return 1; }
	[[ -z ${2:-} ]] || body_has "$2"
}
ui_post "$J" /login - --data-urlencode "email=$ADMIN_EMAIL" --data-urlencode "password=$ADMIN_PASSWORD"
check "POST /login without csrf_token: 403 page" refused 403 "This form has expired"
ui_post "$J" /login "${TOK}x" --data-urlencode "email=$ADMIN_EMAIL" --data-urlencode "password=$ADMIN_PASSWORD"
check "POST /login with a wrong csrf_token: 403" refused 403
http POST "$DEPOT_URL/login" --data-urlencode "csrf_token=$TOK" \
	--data-urlencode "email=$ADMIN_EMAIL" --data-urlencode "password=$ADMIN_PASSWORD"
check "POST /login with the token but without its cookie (another site's form): 403" refused 403
ui_post "$J" /login "$TOK" --data-urlencode "email=$ADMIN_EMAIL" --data-urlencode "password=wrong"
check "a wrong password: 403, the form again with one message, the email kept" \
	refused 403 "Wrong email or password"
body_has "value=\"$ADMIN_EMAIL\"" >/dev/null || not_ok "the email is kept in the form"
ui_post "$J" /login "$TOK" --data-urlencode "email=nobody@$ORG.test" --data-urlencode "password=wrong"
check "an unknown email: the same 403 and message" refused 403 "Wrong email or password"
ui_post "$J" /login "$TOK" --data-urlencode "email=$ADMIN_EMAIL" --data-urlencode "password="
check "an empty password: 422 asking for both" refused 422 "Enter your email and password"

good_login() {
	ui_post "$J" /login "$TOK" --data-urlencode "email=$ADMIN_EMAIL" \
		--data-urlencode "password=$ADMIN_PASSWORD" \
		--data-urlencode "next=$REGS?q=x"
	[[ $STATUS == 303 ]] || { echo "HTTP $STATUS"; return 1; }
	[[ $(header Location) == "$REGS?q=x" ]] || { echo "Location: $(header Location)"; return 1; }
	grep -i '^set-cookie: depot_session=' "$HEADERS" | grep -q 'Path=/; Max-Age=43200; HttpOnly; SameSite=Lax' ||
		{ grep -i set-cookie "$HEADERS"; return 1; }
	# Plain HTTP to the stack: no Secure flag (it needs TLS).
	! grep -i '^set-cookie: depot_session=' "$HEADERS" | grep -q Secure
}
check "the right password: 303 to next=, depot_session cookie HttpOnly, SameSite=Lax, 12 h" good_login
SESSION=$(awk '$6 == "depot_session" { print $7 }' "$J")
[[ ${#SESSION} == 43 ]] || bail "no session cookie in the jar"
in_db() {
	local hash
	hash=$(printf '%s' "$SESSION" | sha256sum | cut -d' ' -f1)
	[[ $(psql -Atc "SELECT count(*) FROM sessions WHERE id_hash = decode('$hash', 'hex')") == 1 ]] || return 1
	[[ $(psql -Atc "SELECT count(*) FROM sessions WHERE encode(id_hash, 'escape') LIKE '%$SESSION%'") == 0 ]]
}
check "the database keeps the session id's SHA-256, never the id" in_db
ui_get "$J" "$REGS"
check "with the session the Registries page answers 200" refused 200 "Registries"

ui_get "$TEST_TMP/nojar" "$REGS/registries/new"
check "a page without a session: 303 to /login?next=the page" \
	eval '[[ $STATUS == 303 && $(header Location) == "/login?next=%2Forganizations%2F$ORG%2Fpackages%2Fregistries%2Fnew" ]]'
ui_get "$J" /login
check "GET /login with a session goes on to the registries" \
	eval '[[ $STATUS == 303 && $(header Location) == "$REGS" ]]'
for next in //evil.example/x https://evil.example/ '/\evil.example' /organizations/../../x/../x; do
	: >"$TEST_TMP/j2"
	ui_get "$TEST_TMP/j2" /login
	ui_post "$TEST_TMP/j2" /login "$(ui_csrf)" --data-urlencode "email=$ADMIN_EMAIL" \
		--data-urlencode "password=$ADMIN_PASSWORD" --data-urlencode "next=$next"
	loc=$(header Location)
	if [[ $STATUS == 303 && ($loc == "$REGS" || $loc == /organizations/*) && $loc != *//* && $loc != *evil* ]]; then
		ok "next=$next stays on this site ($loc)"
	else
		not_ok "next=$next stays on this site" "HTTP $STATUS Location: $loc"
	fi
done

cookie_only_here() {
	# The REST API and the package host ignore the session cookie.
	http GET "$DEPOT_URL/api/v2/packages/organizations/$ORG/registries" -b "$J"
	[[ $STATUS == 401 ]] || { echo "REST with only the cookie: $STATUS"; return 1; }
}
check "the session cookie does not authenticate REST calls (401)" cookie_only_here

# ---- logout
ui_get "$J" /logout
UI_TOKEN=$(ui_csrf)
ui_post "$J" /logout -
check "POST /logout without csrf_token: 403" refused 403
logout() {
	ui_post "$J" /logout "$UI_TOKEN"
	[[ $STATUS == 303 && $(header Location) == "/login?done=logged-out" ]] || { echo "HTTP $STATUS $(header Location)"; return 1; }
	grep -i '^set-cookie: depot_session=;' "$HEADERS" | grep -q 'Max-Age=0' || return 1
	http GET "$DEPOT_URL$REGS" -H "Cookie: depot_session=$SESSION"
	[[ $STATUS == 303 && $(header Location) == /login* ]] || { echo "old session: $STATUS"; return 1; }
}
check "logout clears the cookie and the old session no longer works" logout

# ---- rate limiting: five failures lock the account for a while
EMAIL2=limit@$ORG.test
PW2=$(head -c 12 /dev/urandom | base64 | tr -d '/+=')
printf '%s\n' "$PW2" | depotctl user create "$EMAIL2" --org "$ORG" --password-stdin >/dev/null ||
	bail "cannot create $EMAIL2"
: >"$TEST_TMP/j3"
ui_get "$TEST_TMP/j3" /login
T3=$(ui_csrf)
for i in 1 2 3 4 5; do
	ui_post "$TEST_TMP/j3" /login "$T3" --data-urlencode "email=$EMAIL2" --data-urlencode "password=wrong$i"
	[[ $STATUS == 403 ]] || not_ok "failure $i is a 403" "HTTP $STATUS"
done
ui_post "$TEST_TMP/j3" /login "$T3" --data-urlencode "email=$EMAIL2" --data-urlencode "password=$PW2"
check "after 5 failures even the right password is refused: 429 with Retry-After" \
	eval '[[ $STATUS == 429 && $(header Retry-After) =~ ^[0-9]+$ ]] && body_has "Too many failed logins"'
ui_post "$TEST_TMP/j3" /login "$T3" --data-urlencode "email=$ADMIN_EMAIL" --data-urlencode "password=$ADMIN_PASSWORD"
check "another account from the same address still logs in" eval '[[ $STATUS == 303 ]]'
psql -qc "DELETE FROM login_failures WHERE key = 'user:$EMAIL2'" >/dev/null
: >"$TEST_TMP/j4"
ui_get "$TEST_TMP/j4" /login
ui_post "$TEST_TMP/j4" /login "$(ui_csrf)" --data-urlencode "email=$EMAIL2" --data-urlencode "password=$PW2"
check "once the window has passed the account logs in again" eval '[[ $STATUS == 303 ]] || { echo "HTTP $STATUS"; head -c 600 "$BODY"; false; }'
no_password_logged() {
	! grep -qF -- "$PW2" "$DEPOT_DIR/logs/depotd.log" &&
		! grep -qF -- "$SESSION" "$DEPOT_DIR/logs/depotd.log"
}
check "no password or session id in depotd's log" no_password_logged
