#!/usr/bin/env bash
# tests/bench/pypi.sh: PyPI simple-page benchmark (not part of scripts/test).
#
# Usage:
#   tests/bench/pypi.sh                start a private stack, measure, stop it
#   eval "$(scripts/stack env DIR)"; tests/bench/pypi.sh
#                                      use that running stack (DEPOT_URL set)
# Environment: BENCH_DURATION (wrk -d, default 5s), BENCH_CONNS (wrk -c,
# default 32), BENCH_ROUNDS (default 3, the median is reported), BENCH_PORT
# (own stack's port, default: a free one near 18760), BENCH_SIZES (project
# sizes in versions, default "10 200 1000").
#
# For each size N it uploads a project with N versions (one small wheel
# per version, so N wheels plus N .metadata files; the wheels are made
# with Python's zipfile and sent as twine's form with curl), then measures:
#   req/s of GET /pypi/simple/<project>/ with `wrk -t2 -cBENCH_CONNS`, as
#     PEP 691 JSON (pip's Accept) and as HTML, with a token (the auth path,
#     private registry): pages come from each worker's cache;
#   the time of one uncached GET (median of 15, curl time_total): every
#     worker's cache is dropped before each (NOTIFY depot_index), so this is
#     the query plus the rendering.
# It prints one table; "x10" compares 1000 versions with 10.
set -euo pipefail

TOP=$(cd "$(dirname "$0")/../.." && pwd)
DUR=${BENCH_DURATION:-5s}
CONNS=${BENCH_CONNS:-32}
ROUNDS=${BENCH_ROUNDS:-3}
SIZES=${BENCH_SIZES:-10 200 1000}
COLD_RUNS=15
PY=/usr/bin/python3
PIP_ACCEPT='application/vnd.pypi.simple.v1+json, application/vnd.pypi.simple.v1+html; q=0.1, text/html; q=0.01'

say() { printf 'bench: %s\n' "$*" >&2; }
die() {
	printf 'bench: %s\n' "$*" >&2
	exit 1
}

for c in wrk curl psql jq "$PY"; do
	command -v "$c" >/dev/null || die "missing $c (scripts/deps install)"
done

W=$(mktemp -d /tmp/depot-bench-pypi.XXXXXX)
chmod 755 "$W" # PostgreSQL of our own stack runs as its own user
CLEANUP=()
cleanup() {
	local i
	set +e
	for ((i = ${#CLEANUP[@]} - 1; i >= 0; i--)); do
		eval "${CLEANUP[i]}"
	done
	rm -rf "$W"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
on_exit() { CLEANUP+=("$*"); }

free_port() {
	local p
	for p in "$@"; do
		(exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null && continue
		printf '%s\n' "$p"
		return 0
	done
	return 1
}

# ---- the stack
if [[ -z ${DEPOT_URL:-} ]]; then
	port=${BENCH_PORT:-$(free_port 18760 18770 18780 18790)} || die "no free port"
	say "starting a private stack in $W/stack on port $port"
	on_exit "'$TOP/scripts/stack' down '$W/stack' 2>/dev/null"
	"$TOP/scripts/stack" up "$W/stack" "$port" >/dev/null 2>"$W/stack-up.log" || {
		tail -n 20 "$W/stack-up.log" >&2
		die "stack up failed"
	}
	eval "$("$TOP/scripts/stack" env "$W/stack")"
else
	say "using the running stack at $DEPOT_URL ($DEPOT_DIR)"
fi
for v in DEPOT_URL DEPOT_CONF DEPOTCTL DEPOT_DIR PGHOST; do
	[[ -n ${!v:-} ]] || die "$v is not set (eval \"\$(scripts/stack env DIR)\")"
done
ctl() { "$DEPOTCTL" -c "$DEPOT_CONF" "$@"; }

# ---- organization, registry
ORG=bench-$(date +%s)-$$
ctl org create "$ORG" >/dev/null
printf 'bench-password-%s\n' "$RANDOM$RANDOM" |
	ctl user create "admin@$ORG.test" --org "$ORG" --admin --password-stdin >/dev/null
TOKEN=$(ctl token create --org "$ORG" --user "admin@$ORG.test" \
	--scopes read_registries,write_registries,read_packages,write_packages,delete_packages)
API=$DEPOT_URL/api/v2/packages/organizations/$ORG
code=$(curl -s -o "$W/reg.json" -w '%{http_code}' -X POST -H "Authorization: Bearer $TOKEN" \
	-H 'Content-Type: application/json' -d '{"name":"Py","ecosystem":"python"}' "$API/registries")
[[ $code == 200 || $code == 201 ]] || die "create registry: HTTP $code $(cat "$W/reg.json")"
REG_ID=$(jq -r .id "$W/reg.json")
PYPI=$DEPOT_URL/$ORG/py/pypi
on_exit "curl -s -o /dev/null --max-time 60 -X DELETE -H 'Authorization: Bearer $TOKEN' '$API/registries/py'"

# ---- projects: N versions of bench-N, one wheel each, uploaded like twine
cat >"$W/upload.py" <<'EOF'
# upload.py URL TOKEN NAME N: N wheels of NAME (versions 1.0.0 ...) as twine's form.
import hashlib, io, os, sys, urllib.request, zipfile, base64
url, token, name, n = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
auth = 'Basic ' + base64.b64encode(('__token__:' + token).encode()).decode()
mod = name.replace('-', '_')
for i in range(n):
    v = '1.%d.%d' % (i // 100, i % 100)
    info = '%s-%s.dist-info/' % (mod, v)
    meta = ('Metadata-Version: 2.1\nName: %s\nVersion: %s\nSummary: bench\n'
            'Requires-Python: >=3.7\nRequires-Dist: requests>=2\n\nreadme\n' % (name, v)).encode()
    b = io.BytesIO()
    with zipfile.ZipFile(b, 'w', zipfile.ZIP_DEFLATED) as z:
        z.writestr(mod + '/__init__.py', 'VERSION = %r\n' % v)
        z.writestr(info + 'METADATA', meta)
        z.writestr(info + 'WHEEL', 'Wheel-Version: 1.0\n')
    data = b.getvalue()
    fname = '%s-%s-py3-none-any.whl' % (mod, v)
    bd = 'bench' + os.urandom(8).hex()
    body = b''
    for k, val in ((':action', 'file_upload'), ('protocol_version', '1'),
                   ('sha256_digest', hashlib.sha256(data).hexdigest())):
        body += ('--%s\r\nContent-Disposition: form-data; name="%s"\r\n\r\n%s\r\n' % (bd, k, val)).encode()
    body += ('--%s\r\nContent-Disposition: form-data; name="content"; filename="%s"\r\n'
             'Content-Type: application/octet-stream\r\n\r\n' % (bd, fname)).encode() + data
    body += ('\r\n--%s--\r\n' % bd).encode()
    req = urllib.request.Request(url, body, {'Authorization': auth,
        'Content-Type': 'multipart/form-data; boundary=' + bd})
    urllib.request.urlopen(req, timeout=60).read()
EOF
for n in $SIZES; do
	say "uploading bench-$n: $n versions"
	"$PY" "$W/upload.py" "$PYPI/" "$TOKEN" "bench-$n" "$n" || die "upload of bench-$n failed"
done

# ---- measurements
# wrk_rps URL ACCEPT: median req/s over ROUNDS runs
wrk_rps() {
	local i out vals=()
	for ((i = 0; i < ROUNDS; i++)); do
		out=$(wrk -t2 -c"$CONNS" -d"$DUR" -H "Authorization: Bearer $TOKEN" \
			-H "Accept: $2" "$1" 2>&1) || die "wrk failed: $out"
		grep -q 'Non-2xx' <<<"$out" && die "wrk saw errors on $1: $out"
		vals+=("$(awk '/Requests\/sec/ {printf "%d", $2}' <<<"$out")")
	done
	printf '%s\n' "${vals[@]}" | sort -n | sed -n "$(((ROUNDS + 1) / 2))p"
}
# cold_ms URL: median time of one GET right after every cache was dropped
cold_ms() {
	local i vals=()
	for ((i = 0; i < COLD_RUNS; i++)); do
		psql -XAtq -c "NOTIFY depot_index, '$REG_ID'" >/dev/null
		sleep 0.05
		vals+=("$(curl -s -o /dev/null -w '%{time_total}' -H "Authorization: Bearer $TOKEN" \
			-H "Accept: $PIP_ACCEPT" "$1")")
	done
	printf '%s\n' "${vals[@]}" | sort -n | sed -n "$(((COLD_RUNS + 1) / 2))p" |
		awk '{printf "%.1f", $1 * 1000}'
}
declare -A JSON HTML COLD BYTES
for n in $SIZES; do
	u=$PYPI/simple/bench-$n/
	BYTES[$n]=$(curl -s -H "Authorization: Bearer $TOKEN" -H "Accept: $PIP_ACCEPT" "$u" | wc -c)
	say "bench-$n: JSON page ${BYTES[$n]} bytes"
	JSON[$n]=$(wrk_rps "$u" "$PIP_ACCEPT")
	HTML[$n]=$(wrk_rps "$u" text/html)
	COLD[$n]=$(cold_ms "$u")
done

printf '\nPyPI simple page, %s connections, %s per run, median of %s (cold: of %s)\n' \
	"$CONNS" "$DUR" "$ROUNDS" "$COLD_RUNS"
printf '%-10s %10s %12s %12s %14s\n' versions "JSON bytes" "JSON req/s" "HTML req/s" "uncached ms"
for n in $SIZES; do
	printf '%-10s %10s %12s %12s %14s\n' "$n" "${BYTES[$n]}" "${JSON[$n]}" "${HTML[$n]}" "${COLD[$n]}"
done
if [[ -n ${COLD[10]:-} && -n ${COLD[1000]:-} ]]; then
	awk -v a="${COLD[10]}" -v b="${COLD[1000]}" -v c="${JSON[10]}" -v d="${JSON[1000]}" \
		'BEGIN { printf "1000 vs 10 versions: uncached x%.1f, cached req/s x%.2f\n", b / a, d / c }'
fi
