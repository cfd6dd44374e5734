# tests/integration/ui_lib.sh: helpers for the web interface tests
# (t9000-t9099), sourced after lib.sh. A browser is a curl cookie jar.
# shellcheck shell=bash
#
#   ui_get JAR PATH [CURL ARGS...]     GET with the jar's cookies; STATUS,
#                                      $BODY, $HEADERS as http() sets them
#   ui_post JAR PATH TOKEN [CURL ARGS...]
#                                      POST a form (csrf_token=TOKEN unless
#                                      TOKEN is "-"), fields as
#                                      --data-urlencode 'k=v' arguments
#   ui_csrf [FILE]                     the csrf_token of a page (default:
#                                      the last body)
#   ui_login JAR EMAIL PASSWORD        log in (fails unless 303); sets
#                                      UI_TOKEN to the session's CSRF token
#   html_valid [FILE...]               parse strictly with html5lib
#                                      (/usr/bin/python3); print the errors
#   body_has TEXT / body_lacks TEXT    grep -F the last body

ui_get() {
	local jar=$1 path=$2
	shift 2
	http GET "$DEPOT_URL$path" -b "$jar" -c "$jar" "$@"
}

ui_post() {
	local jar=$1 path=$2 tok=$3 t=()
	shift 3
	[[ $tok == - ]] || t=(--data-urlencode "csrf_token=$tok")
	http POST "$DEPOT_URL$path" -b "$jar" -c "$jar" "${t[@]}" "$@"
}

ui_csrf() {
	grep -o 'name="csrf_token" value="[^"]*"' "${1:-$BODY}" | head -n 1 |
		sed 's/.*value="//; s/"$//'
}

ui_login() {
	local jar=$1 email=$2 pw=$3 tok
	: >"$jar"
	ui_get "$jar" /login
	[[ $STATUS == 200 ]] || { echo "GET /login: $STATUS"; return 1; }
	tok=$(ui_csrf)
	ui_post "$jar" /login "$tok" --data-urlencode "email=$email" \
		--data-urlencode "password=$pw"
	[[ $STATUS == 303 ]] || { echo "POST /login: $STATUS $(head -c 300 "$BODY")"; return 1; }
	ui_get "$jar" /logout
	UI_TOKEN=$(ui_csrf)
	[[ -n $UI_TOKEN ]] || { echo "no CSRF token on /logout"; return 1; }
}

html_valid() {
	/usr/bin/python3 - "${@:-$BODY}" <<'EOF'
import sys, html5lib
bad = 0
for f in sys.argv[1:]:
    data = open(f, "rb").read()
    try:
        html5lib.HTMLParser(strict=True).parse(data)
    except Exception as e:
        bad += 1
        print("%s: %s" % (f, e))
sys.exit(1 if bad else 0)
EOF
}

body_has() {
	grep -qF -- "$1" "$BODY" && return 0
	echo "the page does not contain '$1':"
	head -c 1500 "$BODY"
	echo
	return 1
}

body_lacks() {
	grep -qF -- "$1" "$BODY" || return 0
	echo "the page contains '$1':"
	grep -oF -- "$1" "$BODY" | head -n 3
	return 1
}
