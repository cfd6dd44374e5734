#!/usr/bin/env bash
# tests/bench/storage.sh: publish and download throughput of a 100 MB
# package through hosted storage and through private storage (a real S3
# server: Swift with s3api, scripts/s3node), side by side in one run on this
# machine (not part of scripts/test).
#
# Usage:
#   tests/bench/storage.sh             start a private stack with --s3,
#                                      measure, stop it
#   eval "$(scripts/stack env DIR)"; tests/bench/storage.sh
#                                      use that running stack (started with
#                                      --s3, or its S3 server is started)
# Environment: BENCH_MB (package size, default 100), BENCH_ROUNDS (default
# 3; the median is reported), BENCH_PORT (own stack's port, default a free
# one near 18760), BENCH_PROXY (default 1 with an own stack: also measure
# downloads proxied by nginx, s3_proxy_location = /_s3/, after a restart).
#
# Each round, for each storage: publish a new version (REST upload,
# multipart/form-data, curl's time_total: body to nginx, FastCGI to depotd,
# spool and digests, tarball inspection, store, database), then download it
# (curl -L: nginx sendfile from hosted storage, or the 302 to a presigned
# URL and the GET from the bucket). Baseline: the same bytes PUT and GET
# straight to the S3 server with curl --aws-sigv4.
set -euo pipefail

TOP=$(cd "$(dirname "$0")/../.." && pwd)
MB=${BENCH_MB:-100}
ROUNDS=${BENCH_ROUNDS:-3}

say() { printf 'bench: %s\n' "$*" >&2; }
die() {
	printf 'bench: %s\n' "$*" >&2
	exit 1
}

for c in curl jq psql gzip; do
	command -v "$c" >/dev/null || die "missing $c (scripts/deps install)"
done

W=$(mktemp -d /tmp/depot-bench.XXXXXX)
chmod 755 "$W"
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

# ---- the stack and its S3 server
OWN=
if [[ -z ${DEPOT_URL:-} ]]; then
	OWN=1
	port=${BENCH_PORT:-$(free_port 18760 18770 18780 18790)} || die "no free port"
	say "starting a private stack with an S3 server in $W/stack on port $port"
	on_exit "'$TOP/scripts/stack' down '$W/stack' >/dev/null 2>&1"
	"$TOP/scripts/stack" up "$W/stack" "$port" --s3 >/dev/null 2>"$W/stack-up.log" || {
		tail -n 20 "$W/stack-up.log" >&2
		die "stack up failed"
	}
	eval "$("$TOP/scripts/stack" env "$W/stack")"
else
	say "using the running stack at $DEPOT_URL ($DEPOT_DIR)"
	"$TOP/scripts/s3node" up "$DEPOT_DIR/s3" "$((${DEPOT_PORT:-18080} + 1000))" >/dev/null ||
		die "cannot start the S3 server"
	eval "$("$TOP/scripts/s3node" env "$DEPOT_DIR/s3")"
fi
ctl() { "$DEPOTCTL" -c "$DEPOT_CONF" "$@"; }

ORG=bench-$(date +%s)-$$
ctl org create "$ORG" >/dev/null
printf 'bench-password-%s\n' "$RANDOM$RANDOM" |
	ctl user create "admin@$ORG.test" --org "$ORG" --admin --password-stdin >/dev/null
TOKEN=$(ctl token create --org "$ORG" --user "admin@$ORG.test" \
	--scopes read_registries,write_registries,read_packages,write_packages,delete_packages)
AUTH=(-H "Authorization: Bearer $TOKEN")
API=$DEPOT_URL/api/v2/packages/organizations/$ORG
for name in hosted s3; do
	code=$(curl -s -o "$W/reg.json" -w '%{http_code}' -X POST "${AUTH[@]}" \
		-H 'Content-Type: application/json' \
		-d "{\"name\":\"$name\",\"ecosystem\":\"javascript\"}" "$API/registries")
	[[ $code == 200 || $code == 201 ]] || die "create registry $name: HTTP $code"
done
printf '%s\n' "$DEPOT_S3_SECRET" | ctl storage add --org "$ORG" --name bench \
	--endpoint "$DEPOT_S3_ENDPOINT" --region "$DEPOT_S3_REGION" \
	--bucket "$DEPOT_S3_BUCKET" --prefix "$ORG/" \
	--access-key-id "$DEPOT_S3_ACCESS_KEY" --secret-stdin >/dev/null 2>"$W/diag" || {
	cat "$W/diag" >&2
	die "storage add failed"
}
ctl storage use --org "$ORG" --registry s3 bench >/dev/null

# pkg VERSION: a package tarball of MB random bytes in $W/p-VERSION.tgz
# (gzip -1: random data does not shrink, so the tarball is MB too).
pkg() {
	local d=$W/src
	rm -rf "$d"
	mkdir -p "$d/package"
	printf '{"name":"big","version":"%s","license":"MIT"}\n' "$1" >"$d/package/package.json"
	head -c "$((MB * 1024 * 1024))" /dev/urandom >"$d/package/data.bin"
	tar cf - -C "$d" package | gzip -1 >"$W/p-$1.tgz"
	rm -rf "$d"
}

# mbs BYTES SECONDS: MB/s.
mbs() { awk -v b="$1" -v s="$2" 'BEGIN { printf "%.1f", b / 1048576 / s }'; }
median() { sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }

declare -A RES
note() { RES[$1]+="$2 "; }

publish() {
	local reg=$1 f=$W/p-$2.tgz t code
	read -r code t < <(curl -s -o "$W/pub.json" -w '%{http_code} %{time_total}\n' \
		"${AUTH[@]}" -F "file=@$f" "$API/registries/$reg/packages")
	[[ $code == 200 ]] || die "publish to $reg: HTTP $code $(cat "$W/pub.json")"
	note "publish $reg" "$(mbs "$(stat -c %s "$f")" "$t")"
}
download() {
	local reg=$1 v=$2 key=$3 t code
	read -r code t < <(curl -sL -o "$W/got.tgz" -w '%{http_code} %{time_total}\n' \
		"${AUTH[@]}" "$DEPOT_URL/$ORG/$reg/npm/big/-/big-$v.tgz")
	[[ $code == 200 ]] || die "download from $reg: HTTP $code"
	cmp -s "$W/p-$v.tgz" "$W/got.tgz" || die "download from $reg: other bytes"
	note "$key" "$(mbs "$(stat -c %s "$W/got.tgz")" "$t")"
}
s3_direct() {
	local f=$W/p-$1.tgz user t code
	user=$(jq -rn --arg k "$DEPOT_S3_ACCESS_KEY" '$k | @uri'):$DEPOT_S3_SECRET
	local url=${DEPOT_S3_ENDPOINT/\/\////$user@}/$DEPOT_S3_BUCKET/$ORG/baseline-$1
	read -r code t < <(curl -s -o /dev/null -w '%{http_code} %{time_total}\n' \
		--aws-sigv4 "aws:amz:$DEPOT_S3_REGION:s3" -H "x-amz-content-sha256: UNSIGNED-PAYLOAD" \
		-T "$f" "$url")
	[[ $code == 200 ]] || die "direct PUT: HTTP $code"
	note "publish baseline" "$(mbs "$(stat -c %s "$f")" "$t")"
	read -r code t < <(curl -s -o "$W/got.tgz" -w '%{http_code} %{time_total}\n' \
		--aws-sigv4 "aws:amz:$DEPOT_S3_REGION:s3" -H "x-amz-content-sha256: UNSIGNED-PAYLOAD" \
		"$url")
	[[ $code == 200 ]] || die "direct GET: HTTP $code"
	note "download baseline" "$(mbs "$(stat -c %s "$W/got.tgz")" "$t")"
}

say "$ROUNDS rounds of a $MB MB package"
for ((r = 1; r <= ROUNDS; r++)); do
	pkg "1.0.$r"
	publish hosted "1.0.$r"
	publish s3 "1.0.$r"
	download hosted "1.0.$r" "download hosted"
	download s3 "1.0.$r" "download s3"
	s3_direct "1.0.$r"
done

if [[ -n $OWN && ${BENCH_PROXY:-1} == 1 ]]; then
	say "restarting with s3_proxy_location = /_s3/"
	echo 's3_proxy_location = /_s3/' >>"$DEPOT_CONF"
	"$TOP/scripts/stack" restart "$W/stack" >/dev/null 2>"$W/restart.log" ||
		die "restart failed: $(tail -5 "$W/restart.log")"
	for ((r = 1; r <= ROUNDS; r++)); do
		download s3 "1.0.$r" "download s3-proxied"
	done
fi

row() {
	local k v
	printf '%-34s' "$1"
	shift
	for k in "$@"; do
		if [[ -n ${RES[$k]:-} ]]; then
			v=$(printf '%s\n' ${RES[$k]} | median)
			printf '%12s' "$v"
		else
			printf '%12s' "-"
		fi
	done
	printf '\n'
}
printf '\n%s MB package, median of %s rounds, MB/s (2 cores shared by client, nginx,\n' "$MB" "$ROUNDS"
printf 'depotd, PostgreSQL and the S3 server)\n\n'
printf '%-34s%12s%12s%12s\n' "" hosted s3 "S3 direct"
row "publish (REST upload)" "publish hosted" "publish s3" "publish baseline"
row "download (curl -L)" "download hosted" "download s3" "download baseline"
if [[ -n ${RES["download s3-proxied"]:-} ]]; then
	row "download, s3 proxied by nginx" "download hosted" "download s3-proxied" "download baseline"
fi
