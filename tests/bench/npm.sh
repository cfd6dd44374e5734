#!/usr/bin/env bash
# tests/bench/npm.sh: npm read-path benchmark with its baselines, all in one
# run on this machine (not part of scripts/test).
#
# Usage:
#   tests/bench/npm.sh                 start a private stack, measure, stop it
#   eval "$(scripts/stack env DIR)"; tests/bench/npm.sh
#                                      use that running stack (DEPOT_URL set)
# Environment: BENCH_DURATION (wrk -d, default 5s), BENCH_CONNS (wrk -c,
# default 32), BENCH_ROUNDS (default 3: every target that often, the
# targets interleaved; the median is reported), BENCH_PORT (own stack's
# port, default: a free one near 18700).
#
# What it measures, each with `wrk -t2 -cBENCH_CONNS -dBENCH_DURATION`:
#   packument GET, full and abbreviated (Accept: vnd.npm.install-v1+json),
#     anonymous on a public registry and with a Bearer token on a private
#     one (the auth path);
#   a ~10 MB tarball GET (depotd answers X-Accel-Redirect, nginx sends it);
# and the baselines:
#   the same 10 MB file as a static file from the same nginx (/assets/,
#     the stack's web/ folder; the file is removed at exit);
#   a FastCGI hello (libfcgi, 2 processes like depotd's 2 workers, written
#     and compiled here in a temp folder) behind a second nginx configured
#     like the stack's (no upstream keepalive, buffered access log).
# It prints req/s and MB/s for each and the ratios packument/hello and
# tarball/static.
set -euo pipefail

TOP=$(cd "$(dirname "$0")/../.." && pwd)
DUR=${BENCH_DURATION:-5s}
CONNS=${BENCH_CONNS:-32}
ROUNDS=${BENCH_ROUNDS:-3}
BIG_MB=10
HELLO_PROCS=2

say() { printf 'bench: %s\n' "$*" >&2; }
die() {
	printf 'bench: %s\n' "$*" >&2
	exit 1
}

for c in wrk curl gcc node nginx pkg-config psql; do
	command -v "$c" >/dev/null || die "missing $c (scripts/deps install)"
done
pkg-config --exists fcgi || die "missing libfcgi-dev"

W=$(mktemp -d /tmp/depot-bench.XXXXXX)
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
	port=${BENCH_PORT:-$(free_port 18700 18710 18720 18730 18740)} || die "no free port"
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
conf_get() {
	sed -n "s/^[[:space:]]*$1[[:space:]]*=[[:space:]]*//p" "$DEPOT_CONF" | tail -n 1
}
WORKERS=$(conf_get workers)

# ---- organization, registries, packages
ORG=bench-$(date +%s)-$$
ctl org create "$ORG" >/dev/null
printf 'bench-password-%s\n' "$RANDOM$RANDOM" |
	ctl user create "admin@$ORG.test" --org "$ORG" --admin --password-stdin >/dev/null
TOKEN=$(ctl token create --org "$ORG" --user "admin@$ORG.test" \
	--scopes read_registries,write_registries,read_packages,write_packages,delete_packages)
API=$DEPOT_URL/api/v2/packages/organizations/$ORG
for name in Public Private; do
	code=$(curl -s -o "$W/reg.json" -w '%{http_code}' -X POST -H "Authorization: Bearer $TOKEN" \
		-H 'Content-Type: application/json' -d "{\"name\":\"$name\",\"ecosystem\":\"javascript\"}" \
		"$API/registries")
	[[ $code == 200 || $code == 201 ]] || die "create registry $name: HTTP $code $(cat "$W/reg.json")"
done
# The REST API has no visibility setting yet: make "public" public in SQL
# (before any request, and with the NOTIFY that drops workers' caches).
psql -XAtq -v ON_ERROR_STOP=1 >/dev/null <<-EOF || die "cannot make the registry public"
	UPDATE registries SET public = true
	 WHERE slug = 'public' AND org_id = (SELECT id FROM organizations WHERE slug = '$ORG');
	NOTIFY depot_meta;
EOF
PUB=$DEPOT_URL/$ORG/public/npm
PRIV=$DEPOT_URL/$ORG/private/npm

# pkg NAME VERSION BYTES: a package tarball in $W/NAME.tgz with a README
# and BYTES of random data.
pkg() {
	local d=$W/src-$1
	mkdir -p "$d/package"
	printf '{"name":"%s","version":"%s","description":"bench package","main":"index.js","license":"MIT"}\n' \
		"$1" "$2" >"$d/package/package.json"
	printf 'module.exports = 1;\n' >"$d/package/index.js"
	printf '# %s\n\nA benchmark package.\n' "$1" >"$d/package/README.md"
	if (($3 > 0)); then head -c "$3" /dev/urandom >"$d/package/data.bin"; fi
	tar cf - -C "$d" package | gzip -1 >"$W/$1.tgz"
	rm -rf "$d"
}
# publish REG_URL NAME VERSION: npm's publish body, PUT with the token.
publish() {
	node -e '
		const fs = require("fs"), c = require("crypto");
		const [tgz, name, version, out] = process.argv.slice(1);
		const d = fs.readFileSync(tgz);
		fs.writeFileSync(out, JSON.stringify({
			_id: name, name, "dist-tags": { latest: version },
			versions: { [version]: { name, version, _id: name + "@" + version,
				dist: { integrity: "sha512-" + c.createHash("sha512").update(d).digest("base64") } } },
			_attachments: { [name + "-" + version + ".tgz"]: {
				content_type: "application/octet-stream", data: d.toString("base64"), length: d.length } } }));
	' "$W/$2.tgz" "$2" "$3" "$W/body.json"
	code=$(curl -s -o "$W/pub.out" -w '%{http_code}' -X PUT -H "Authorization: Bearer $TOKEN" \
		-H 'Content-Type: application/json' --data-binary "@$W/body.json" "$1/$2")
	[[ $code == 200 || $code == 201 ]] || die "publish $2 to $1: HTTP $code $(cat "$W/pub.out")"
	rm -f "$W/body.json"
}
say "publishing bench-small and bench-big (${BIG_MB} MB) to both registries"
pkg bench-small 1.0.0 0
pkg bench-big 1.0.0 $((BIG_MB * 1024 * 1024))
for r in "$PUB" "$PRIV"; do
	publish "$r" bench-small 1.0.0
	publish "$r" bench-big 1.0.0
done
unpublish_all() {
	local u
	for u in "$PUB/bench-small" "$PUB/bench-big" "$PRIV/bench-small" "$PRIV/bench-big"; do
		curl -s -o /dev/null --max-time 30 -X DELETE -H "Authorization: Bearer $TOKEN" "$u/-rev/1"
	done
}
on_exit unpublish_all
BIG_BYTES=$(stat -c %s "$W/bench-big.tgz")

# ---- static baseline: the same bytes from web/ through /assets/
STATIC_NAME=bench-static-$$.bin
cp "$W/bench-big.tgz" "$TOP/web/$STATIC_NAME"
on_exit "rm -f '$TOP/web/$STATIC_NAME'"

# ---- FastCGI hello baseline
mkdir -p "$W/hello/conf" "$W/hello/logs" "$W/hello/tmp"
cat >"$W/hello/hello.c" <<-'EOF'
	/* FastCGI hello: open SOCKET, fork N responders, wait for them. */
	#include <fcgiapp.h>
	#include <stdlib.h>
	#include <sys/stat.h>
	#include <sys/wait.h>
	#include <unistd.h>

	int
	main(int argc, char **argv)
	{
		FCGX_Request	 req;
		int		 fd, i, n = argc > 2 ? atoi(argv[2]) : 2;

		if (argc < 2 || FCGX_Init() != 0)
			return 2;
		umask(0);
		if ((fd = FCGX_OpenSocket(argv[1], 128)) < 0)
			return 1;
		for (i = 0; i < n; i++)
			if (fork() == 0) {
				FCGX_InitRequest(&req, fd, 0);
				while (FCGX_Accept_r(&req) >= 0) {
					FCGX_FPrintF(req.out, "Status: 200 OK\r\n"
					    "Content-Type: text/plain\r\n"
					    "Content-Length: 13\r\n\r\nHello, world\n");
					FCGX_Finish_r(&req);
				}
				_exit(0);
			}
		while (wait(NULL) > 0)
			;
		return 0;
	}
EOF
read -ra FCGI_FLAGS < <(pkg-config --cflags --libs fcgi)
gcc -O2 -Wall -o "$W/hello/hello" "$W/hello/hello.c" "${FCGI_FLAGS[@]}" ||
	die "cannot compile the FastCGI hello"
HPORT=$(free_port 18750 18751 18752 18753 18754) || die "no free port for the hello nginx"
"$W/hello/hello" "$W/hello/fcgi.sock" "$HELLO_PROCS" </dev/null >/dev/null 2>&1 &
HELLO_PID=$!
disown "$HELLO_PID" # no "Killed" job report at exit
# libfcgi catches SIGTERM; the responders go with KILL, children first.
on_exit "kill -KILL \$(pgrep -P $HELLO_PID) $HELLO_PID 2>/dev/null"
{
	((EUID == 0)) && echo "user root root;"
	cat <<-EOF
		worker_processes 2;
		pid $W/hello/logs/nginx.pid;
		error_log $W/hello/logs/error.log warn;
		events { worker_connections 1024; }
		http {
		    default_type application/octet-stream;
		    sendfile on;
		    tcp_nopush on;
		    access_log $W/hello/logs/access.log combined buffer=32k flush=1s;
		    client_body_temp_path $W/hello/tmp/client_body;
		    proxy_temp_path $W/hello/tmp/proxy;
		    fastcgi_temp_path $W/hello/tmp/fastcgi;
		    uwsgi_temp_path $W/hello/tmp/uwsgi;
		    scgi_temp_path $W/hello/tmp/scgi;
		    upstream hello { server unix:$W/hello/fcgi.sock; }
		    server {
		        listen 127.0.0.1:$HPORT;
		        location / {
		            fastcgi_pass hello;
		            fastcgi_param REQUEST_METHOD \$request_method;
		            fastcgi_param REQUEST_URI \$request_uri;
		            fastcgi_param QUERY_STRING \$query_string;
		        }
		    }
		}
	EOF
} >"$W/hello/conf/nginx.conf"
nginx -p "$W/hello/" -c "$W/hello/conf/nginx.conf" -e "$W/hello/logs/error.log" || die "the hello nginx did not start: $(cat "$W/hello/logs/error.log")"
on_exit "kill -QUIT \$(cat '$W/hello/logs/nginx.pid') 2>/dev/null; sleep 0.5"
HELLO=http://127.0.0.1:$HPORT/hello

# ---- sanity: every target answers 200 with the right bytes
AUTH="Authorization: Bearer $TOKEN"
ABBR="Accept: application/vnd.npm.install-v1+json; q=1.0, application/json; q=0.8, */*"
expect_200() { # expect_200 URL [HEADER]
	local code
	code=$(curl -s -o "$W/probe" -w '%{http_code}' --max-time 30 ${2:+-H "$2"} "$1")
	[[ $code == 200 ]] || die "GET $1: HTTP $code $(head -c 300 "$W/probe")"
}
expect_200 "$PUB/bench-small"
expect_200 "$PUB/bench-small" "$ABBR"
expect_200 "$PRIV/bench-small" "$AUTH"
code=$(curl -s -o /dev/null -w '%{http_code}' "$PRIV/bench-small")
[[ $code == 401 ]] || die "the private registry answers $code to anonymous"
expect_200 "$PUB/bench-big/-/bench-big-1.0.0.tgz"
cmp -s "$W/probe" "$W/bench-big.tgz" || die "the tarball GET returns other bytes"
expect_200 "$DEPOT_URL/assets/$STATIC_NAME"
cmp -s "$W/probe" "$W/bench-big.tgz" || die "the static GET returns other bytes"
expect_200 "$HELLO"
PACKUMENT_BYTES=$(curl -s "$PUB/bench-small" | wc -c)
ABBR_BYTES=$(curl -s -H "$ABBR" "$PUB/bench-small" | wc -c)

# ---- measurements
declare -A RPS MBS ERR RUNS
# to_mb VALUE: wrk's "Transfer/sec" value (12.3MB, 900.1KB, 1.2GB) in MB/s.
to_mb() {
	awk -v v="$1" 'BEGIN {
		n = v + 0; u = v; sub(/^[0-9.]+/, "", u)
		f = (u == "GB") ? 1024 : (u == "MB") ? 1 : (u == "KB") ? 1 / 1024 : 1 / 1048576
		printf "%.1f", n * f }'
}
# run KEY URL [wrk args...]: one wrk run; its numbers join KEY's lists.
run() {
	local key=$1 url=$2 out=$W/wrk-$1.out
	shift 2
	say "round $round/$ROUNDS wrk $key: $url"
	timeout 120 wrk -t2 -c"$CONNS" -d"$DUR" "$@" "$url" >"$out" 2>&1 || {
		cat "$out" >&2
		die "wrk failed for $key"
	}
	RPS[$key]+=" $(awk '/^Requests\/sec:/ { printf "%.0f", $2 }' "$out")"
	MBS[$key]+=" $(to_mb "$(awk '/^Transfer\/sec:/ { print $2 }' "$out")")"
	ERR[$key]=$((${ERR[$key]:-0} + $(awk '/Non-2xx or 3xx responses:/ { n += $NF }
		/Socket errors:/ { gsub(/,/, ""); n += $4 + $6 + $8 + $10 }
		END { print n + 0 }' "$out")))
}
# median LIST: the median of space-separated numbers.
median() {
	tr ' ' '\n' <<<"$1" | sed '/^$/d' | sort -g |
		awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}
# Rounds interleave the targets, so a noisy neighbour hits all of them.
for ((round = 1; round <= ROUNDS; round++)); do
	run hello "$HELLO"
	run pack_full_anon "$PUB/bench-small"
	run pack_abbr_anon "$PUB/bench-small" -H "$ABBR"
	run pack_full_token "$PRIV/bench-small" -H "$AUTH"
	run pack_abbr_token "$PRIV/bench-small" -H "$AUTH" -H "$ABBR"
	run static_10mb "$DEPOT_URL/assets/$STATIC_NAME" --timeout 10s
	run tarball_10mb "$PUB/bench-big/-/bench-big-1.0.0.tgz" --timeout 10s
	run tarball_10mb_token "$PRIV/bench-big/-/bench-big-1.0.0.tgz" --timeout 10s -H "$AUTH"
done
for key in "${!RPS[@]}"; do
	RUNS[$key]=${RPS[$key]# }
	RPS[$key]=$(median "${RPS[$key]}")
	MBS[$key]=$(median "${MBS[$key]}")
done

# ---- report
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.0f%%", 100 * a / b; else print "n/a" }'; }
echo
echo "npm benchmark: wrk -t2 -c$CONNS -d$DUR, median of $ROUNDS rounds, $(nproc) cores, depotd workers=${WORKERS:-?}, hello processes=$HELLO_PROCS"
echo "packument $PACKUMENT_BYTES bytes (abbreviated $ABBR_BYTES), tarball and static file $BIG_BYTES bytes"
printf '%-42s %9s %9s %6s  %s\n' target req/s MB/s errors "req/s of each round"
line() { printf '%-42s %9.0f %9.1f %6s  %s\n' "$1" "${RPS[$2]}" "${MBS[$2]}" "${ERR[$2]}" "${RUNS[$2]}"; }
line "FastCGI hello (baseline)" hello
line "packument, full, public, anonymous" pack_full_anon
line "packument, abbreviated, public, anonymous" pack_abbr_anon
line "packument, full, private + token" pack_full_token
line "packument, abbreviated, private + token" pack_abbr_token
line "static ${BIG_MB} MB file (baseline)" static_10mb
line "tarball ${BIG_MB} MB, public" tarball_10mb
line "tarball ${BIG_MB} MB, private + token" tarball_10mb_token
echo
echo "packument full / hello:           $(ratio "${RPS[pack_full_anon]}" "${RPS[hello]}") (goal >= 50%)"
echo "packument abbreviated / hello:    $(ratio "${RPS[pack_abbr_anon]}" "${RPS[hello]}")"
echo "packument full + token / hello:   $(ratio "${RPS[pack_full_token]}" "${RPS[hello]}")"
echo "tarball / static (MB/s):          $(ratio "${MBS[tarball_10mb]}" "${MBS[static_10mb]}") (goal >= 90%)"
echo "tarball + token / static (MB/s):  $(ratio "${MBS[tarball_10mb_token]}" "${MBS[static_10mb]}")"
