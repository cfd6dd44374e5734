# tests/integration/lib.sh: helpers for the integration tests; each
# tNNNN-*.sh sources it first.
# shellcheck shell=bash
#
# A test runs against a stack started by scripts/stack and finds it through
# the variables of `scripts/stack env DIR`: DEPOT_URL, DEPOT_CONF, DEPOTCTL,
# DEPOTD, DEPOT_DIR, PGHOST, PGPORT, PGDATABASE, PGUSER.  By hand:
#   scripts/stack up /tmp/depot-dev 18080
#   eval "$(scripts/stack env /tmp/depot-dev)"
#   bash tests/integration/t0000-stack-basics.sh
#
# Output is TAP: `ok N - what` or `not ok N - what` on stdout, diagnostics as
# `# ...` lines on stderr, the plan `1..N` and a summary line at the end.
# The script exits non-zero if anything failed.
#
# Helpers:
#   check DESC CMD...        run CMD; ok if it succeeds, else not ok with its
#                            output as diagnostics
#   ok DESC / not_ok DESC [DIAG...] / skip DESC REASON / diag LINE...
#   bail REASON              fail and stop the script (setup went wrong)
#   http METHOD URL [CURL ARGS...]
#                            request; sets STATUS, body in $BODY, headers
#                            in $HEADERS (curl --max-time 30, loopback)
#   expect_status CODE METHOD URL [CURL ARGS...]
#                            http, and fail (printing the body) unless the
#                            status is CODE
#   header NAME              a header of the last response
#   json_get EXPR [FILE]     jq -r EXPR on FILE (default: the last body)
#   expect_json EXPR WANT [FILE]
#                            fail unless json_get EXPR gives WANT
#   depotctl ARGS...         the built depotctl with this stack's config
#   new_org [PREFIX]         new org, admin user and all-scopes token;
#                            sets and exports ORG, TOKEN, ADMIN_EMAIL,
#                            ADMIN_PASSWORD; AUTH=(-H "Authorization: ...")
#   wait_until SECONDS CMD... poll CMD every 0.2 s until it succeeds
#   at_exit CMD...           run CMD when the script ends (last added first)
#   conf_get KEY             a value from $DEPOT_CONF
#   TEST_TMP                 a private temp folder, removed at exit
#   DEPOT_TOP                the source tree (for scripts/stack)

set -euo pipefail

for _v in DEPOT_URL DEPOT_CONF DEPOTCTL DEPOTD DEPOT_DIR; do
	if [[ -z ${!_v:-} ]]; then
		echo "lib.sh: $_v is not set; run under scripts/test, or: eval \"\$(scripts/stack env DIR)\"" >&2
		exit 1
	fi
done
unset _v
case $DEPOT_URL in
http://127.0.0.1:* | http://localhost:* | http://\[::1\]:*) ;;
*)
	echo "lib.sh: DEPOT_URL=$DEPOT_URL is not a loopback address" >&2
	exit 1
	;;
esac

DEPOT_TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
export DEPOT_TOP
TEST_NAME=$(basename "$0" .sh)
TEST_TMP=$(mktemp -d "/tmp/depot-it.XXXXXX")
BODY=$TEST_TMP/body
HEADERS=$TEST_TMP/headers
STATUS=
ALL_SCOPES=read_registries,write_registries,delete_registries,read_packages,write_packages,delete_packages
_T_N=0
_T_FAIL=0
_T_AT_EXIT=()
: >"$BODY"
: >"$HEADERS"

diag() {
	local line
	for line in "$@"; do
		printf '%s\n' "$line"
	done | sed 's/^/# /' >&2
}

ok() {
	_T_N=$((_T_N + 1))
	printf 'ok %d - %s\n' "$_T_N" "$1"
}

not_ok() {
	_T_N=$((_T_N + 1))
	_T_FAIL=$((_T_FAIL + 1))
	printf 'not ok %d - %s\n' "$_T_N" "$1"
	shift
	(($# == 0)) || diag "$@"
}

skip() {
	_T_N=$((_T_N + 1))
	printf 'ok %d - %s # SKIP %s\n' "$_T_N" "$1" "${2:-}"
}

bail() {
	not_ok "$1"
	echo "Bail out! $1"
	exit 1
}

# check DESC CMD...: the command runs in this shell (not a subshell), so
# variables it sets (STATUS, ORG, ...) are visible afterwards.
check() {
	local desc=$1 out=$TEST_TMP/check.out
	shift
	if "$@" >"$out" 2>&1; then
		ok "$desc"
	else
		not_ok "$desc" "command: $*"
		head -c 4000 "$out" | sed 's/^/# /' >&2
		echo >&2
	fi
}

at_exit() {
	_T_AT_EXIT+=("$(printf '%q ' "$@")")
}

_t_exit() {
	local rc=$? i
	set +e
	for ((i = ${#_T_AT_EXIT[@]} - 1; i >= 0; i--)); do
		eval "${_T_AT_EXIT[i]}" || diag "cleanup failed: ${_T_AT_EXIT[i]}"
	done
	rm -rf "$TEST_TMP"
	if ((rc != 0 && _T_FAIL == 0)); then
		diag "$TEST_NAME: stopped with status $rc (line of the failing command above)"
	fi
	echo "1..$_T_N"
	echo "# $TEST_NAME: $((_T_N - _T_FAIL)) passed, $_T_FAIL failed"
	if ((_T_FAIL > 0)); then
		exit 1
	fi
	exit "$rc"
}
trap _t_exit EXIT
trap 'diag "$TEST_NAME: command failed at line $LINENO: $BASH_COMMAND"' ERR

# http METHOD URL [CURL ARGS...]
http() {
	local method=$1 url=$2 m
	shift 2
	m=(-X "$method")
	[[ $method == HEAD ]] && m=(--head)
	STATUS=$(curl -sS --max-time 30 -o "$BODY" -D "$HEADERS" -w '%{http_code}' \
		"${m[@]}" "$@" "$url") || STATUS=${STATUS:-000}
}

# expect_status CODE METHOD URL [CURL ARGS...]
expect_status() {
	local want=$1
	shift
	http "$@"
	[[ $STATUS == "$want" ]] && return 0
	echo "expected HTTP $want, got $STATUS from $1 $2"
	echo "response headers:"
	tr -d '\r' <"$HEADERS"
	echo "response body:"
	head -c 2000 "$BODY"
	echo
	return 1
}

header() {
	tr -d '\r' <"$HEADERS" | sed -n "s/^$1:[[:space:]]*//Ip" | tail -n 1
}

json_get() {
	jq -r "$1" "${2:-$BODY}"
}

expect_json() {
	local got
	got=$(json_get "$1" "${3:-$BODY}" 2>&1) || true
	[[ $got == "$2" ]] && return 0
	echo "$1: expected '$2', got '$got' in:"
	head -c 2000 "${3:-$BODY}"
	echo
	return 1
}

depotctl() {
	"$DEPOTCTL" -c "$DEPOT_CONF" "$@"
}

conf_get() {
	sed -n "s/^[[:space:]]*$1[[:space:]]*=[[:space:]]*//p" "$DEPOT_CONF" |
		tail -n 1 | sed 's/[[:space:]]*$//'
}

wait_until() {
	local tries=$(($1 * 5))
	shift
	while ((tries-- > 0)); do
		"$@" >/dev/null 2>&1 && return 0
		sleep 0.2
	done
	return 1
}

# new_org [PREFIX]: a fresh organization for this test, so tests never see
# each other's data even when they share a stack.
new_org() {
	local prefix=${1:-it} out=$TEST_TMP/new_org.out
	ORG=$prefix-$(date +%s)-$$-$RANDOM
	ADMIN_EMAIL=admin@$ORG.test
	ADMIN_PASSWORD=$(head -c 18 /dev/urandom | base64 | tr -d '/+=')
	depotctl org create "$ORG" >"$out" 2>&1 ||
		bail "new_org: depotctl org create $ORG failed: $(cat "$out")"
	printf '%s\n' "$ADMIN_PASSWORD" |
		depotctl user create "$ADMIN_EMAIL" --org "$ORG" --admin --password-stdin >"$out" 2>&1 ||
		bail "new_org: depotctl user create $ADMIN_EMAIL failed: $(cat "$out")"
	TOKEN=$(depotctl token create --org "$ORG" --user "$ADMIN_EMAIL" --scopes "$ALL_SCOPES" \
		--description "integration test $TEST_NAME" 2>"$out") ||
		bail "new_org: depotctl token create failed: $(cat "$out")"
	[[ -n $TOKEN && $TOKEN != *[[:space:]]* ]] ||
		bail "new_org: depotctl token create printed '$TOKEN', not one token"
	# shellcheck disable=SC2034 # for the tests that source this file
	AUTH=(-H "Authorization: Bearer $TOKEN")
	export ORG TOKEN ADMIN_EMAIL ADMIN_PASSWORD
}

# ---- private storage (an S3 server that checks SigV4: scripts/s3node)
#   s3_up                    start the stack's S3 server if it is not running
#                            (state in $DEPOT_DIR/s3, about 5 s; `scripts/stack
#                            down` stops it) and export DEPOT_S3_ENDPOINT,
#                            _REGION, _BUCKET, _ACCESS_KEY, _SECRET
#   s3_link NAME [PREFIX] [SECRET]
#                            depotctl storage add for $ORG on that server;
#                            prints the new link's id (diagnostic on stderr)
#   s3_http METHOD KEY [CURL ARGS...]
#                            a SigV4-signed request for KEY in the bucket, as
#                            http (STATUS, $BODY, $HEADERS)

s3_up() {
	if [[ -z ${DEPOT_S3_ENDPOINT:-} ]] ||
		! "$DEPOT_TOP/scripts/s3node" status "$DEPOT_DIR/s3" >/dev/null 2>&1; then
		"$DEPOT_TOP/scripts/s3node" up "$DEPOT_DIR/s3" \
			"$((${DEPOT_PORT:-18080} + 1000))" >/dev/null || return 1
	fi
	eval "$("$DEPOT_TOP/scripts/s3node" env "$DEPOT_DIR/s3")"
}

s3_link() {
	local name=$1 prefix=${2:-$ORG/} secret=${3:-$DEPOT_S3_SECRET}
	printf '%s\n' "$secret" | depotctl storage add --org "$ORG" --name "$name" \
		--endpoint "$DEPOT_S3_ENDPOINT" --region "$DEPOT_S3_REGION" \
		--bucket "$DEPOT_S3_BUCKET" --prefix "$prefix" \
		--access-key-id "$DEPOT_S3_ACCESS_KEY" --secret-stdin
}

s3_http() {
	local method=$1 key=$2 user
	shift 2
	# The access key holds a colon: curl takes it URL-encoded in the URL.
	user=$(jq -rn --arg k "$DEPOT_S3_ACCESS_KEY" '$k | @uri'):$DEPOT_S3_SECRET
	http "$method" "${DEPOT_S3_ENDPOINT/\/\////$user@}/$DEPOT_S3_BUCKET/$key" \
		--aws-sigv4 "aws:amz:$DEPOT_S3_REGION:s3" \
		-H "x-amz-content-sha256: UNSIGNED-PAYLOAD" "$@"
}
