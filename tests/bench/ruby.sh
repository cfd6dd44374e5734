#!/usr/bin/env bash
# tests/bench/ruby.sh: RubyGems read-path benchmark, the companion of
# tests/bench/npm.sh (same stack handling, wrk settings and rounds; not part
# of scripts/test).
#
# Usage:
#   tests/bench/ruby.sh                start a private stack, measure, stop it
#   eval "$(scripts/stack env DIR)"; tests/bench/ruby.sh
#                                      use that running stack (DEPOT_URL set)
# Environment: BENCH_DURATION (wrk -d, default 5s), BENCH_CONNS (wrk -c,
# default 32), BENCH_ROUNDS (default 3, targets interleaved, median
# reported), BENCH_PORT (own stack's port, default: a free one near 18800),
# BENCH_SIZES (default "10 200 1000": gems with that many versions).
#
# Gems benchN with N versions (each with two runtime dependencies and a
# required_ruby_version) are built by RubyGems itself and pushed over the
# API into a public and a private registry. Measured:
#   /info/bench200 (the compact index document bundler reads per gem) with
#     wrk: public and anonymous, private with the token as gem/bundler send
#     it (Basic, token as password);
#   /info/benchN for every N: req/s served from the worker's cache, and the
#     time of the first request after the cache is dropped (NOTIFY
#     depot_index: the render from the database), median of 5;
#   /versions and specs.4.8.gz of the registry (all the gems): the same two
#     figures.
set -euo pipefail

TOP=$(cd "$(dirname "$0")/../.." && pwd)
DUR=${BENCH_DURATION:-5s}
CONNS=${BENCH_CONNS:-32}
ROUNDS=${BENCH_ROUNDS:-3}
read -ra SIZES <<<"${BENCH_SIZES:-10 200 1000}"
COLD_SAMPLES=5

say() { printf 'bench: %s\n' "$*" >&2; }
die() {
	printf 'bench: %s\n' "$*" >&2
	exit 1
}

for c in wrk curl ruby psql; do
	command -v "$c" >/dev/null || die "missing $c (scripts/deps install)"
done

W=$(mktemp -d /tmp/depot-bench-ruby.XXXXXX)
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
	port=${BENCH_PORT:-$(free_port 18800 18810 18820 18830 18840)} || die "no free port"
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

# ---- organization, registries, gems
ORG=bench-$(date +%s)-$$
ctl org create "$ORG" >/dev/null
printf 'bench-password-%s\n' "$RANDOM$RANDOM" |
	ctl user create "admin@$ORG.test" --org "$ORG" --admin --password-stdin >/dev/null
TOKEN=$(ctl token create --org "$ORG" --user "admin@$ORG.test" \
	--scopes read_registries,write_registries,read_packages,write_packages,delete_packages)
API=$DEPOT_URL/api/v2/packages/organizations/$ORG
for name in Public Private; do
	code=$(curl -s -o "$W/reg.json" -w '%{http_code}' -X POST -H "Authorization: Bearer $TOKEN" \
		-H 'Content-Type: application/json' -d "{\"name\":\"$name\",\"ecosystem\":\"ruby\"}" \
		"$API/registries")
	[[ $code == 200 || $code == 201 ]] || die "create registry $name: HTTP $code $(cat "$W/reg.json")"
done
psql -XAtq -v ON_ERROR_STOP=1 >/dev/null <<-EOF || die "cannot make the registry public"
	UPDATE registries SET public = true
	 WHERE slug = 'public' AND org_id = (SELECT id FROM organizations WHERE slug = '$ORG');
	NOTIFY depot_meta;
EOF
PUB=$DEPOT_URL/$ORG/public
PRIV=$DEPOT_URL/$ORG/private
reg_id() {
	psql -XAtq -c "SELECT r.id FROM registries r JOIN organizations o ON o.id = r.org_id
		WHERE o.slug = '$ORG' AND r.slug = '$1'"
}
PUB_ID=$(reg_id public)

say "building gems bench${SIZES[*]// /, bench} with RubyGems"
mkdir -p "$W/gems"
ruby -rrubygems/package -e '
	Dir.chdir(ARGV.shift)
	ARGV.each do |n|
		n.to_i.times do |i|
			s = Gem::Specification.new do |s|
				s.name = "bench#{n}"
				s.version = "#{1 + i / 100}.#{(i / 10) % 10}.#{i % 10}"
				s.summary = "benchmark gem"
				s.authors = ["Depot bench"]
				s.files = []
				s.required_ruby_version = ">= 2.7"
				s.add_runtime_dependency "dep_a", "~> 1.0"
				s.add_runtime_dependency "rack", ">= 2.0", "< 4"
			end
			Gem::DefaultUserInteraction.use_ui(Gem::SilentUI.new) { Gem::Package.build(s) }
		end
	end' "$W/gems" "${SIZES[@]}" || die "cannot build the gems"
total=$(find "$W/gems" -name '*.gem' | wc -l)
say "pushing $total gems to both registries"
for r in "$PUB" "$PRIV"; do
	for g in "$W"/gems/*.gem; do
		code=$(curl -s -o "$W/push.out" -w '%{http_code}' --max-time 30 -X POST \
			-H "Authorization: $TOKEN" -H 'Content-Type: application/octet-stream' \
			--data-binary "@$g" "$r/api/v1/gems")
		[[ $code == 200 ]] || die "push $(basename "$g") to $r: HTTP $code $(cat "$W/push.out")"
	done
done

# ---- sanity
BASIC="Authorization: Basic $(printf 'buildkite:%s' "$TOKEN" | base64 -w0)"
expect_200() { # expect_200 URL [HEADER]
	local code
	code=$(curl -s -o "$W/probe" -w '%{http_code}' --max-time 30 ${2:+-H "$2"} "$1")
	[[ $code == 200 ]] || die "GET $1: HTTP $code $(head -c 300 "$W/probe")"
}
for n in "${SIZES[@]}"; do
	expect_200 "$PUB/info/bench$n"
	(($(grep -c '|checksum:' "$W/probe") == n)) || die "/info/bench$n does not list $n versions"
done
expect_200 "$PRIV/info/bench${SIZES[0]}" "$BASIC"
code=$(curl -s -o /dev/null -w '%{http_code}' "$PRIV/info/bench${SIZES[0]}")
[[ $code == 401 ]] || die "the private registry answers $code to anonymous"
expect_200 "$PUB/versions"
expect_200 "$PUB/specs.4.8.gz"

# ---- measurements
declare -A RPS ERR RUNS COLD BYTES
run() { # run KEY URL [wrk args...]
	local key=$1 url=$2 out=$W/wrk-$1.out
	shift 2
	say "round $round/$ROUNDS wrk $key: $url"
	timeout 120 wrk -t2 -c"$CONNS" -d"$DUR" "$@" "$url" >"$out" 2>&1 || {
		cat "$out" >&2
		die "wrk failed for $key"
	}
	RPS[$key]+=" $(awk '/^Requests\/sec:/ { printf "%.0f", $2 }' "$out")"
	ERR[$key]=$((${ERR[$key]:-0} + $(awk '/Non-2xx or 3xx responses:/ { n += $NF }
		/Socket errors:/ { gsub(/,/, ""); n += $4 + $6 + $8 + $10 }
		END { print n + 0 }' "$out")))
}
median() {
	tr ' ' '\n' <<<"$1" | sed '/^$/d' | sort -g |
		awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}
# cold KEY URL: the first GET after every worker dropped its cache, in ms,
# median of COLD_SAMPLES (each after its own NOTIFY).
cold() {
	local key=$1 url=$2 i t all=
	for ((i = 0; i < COLD_SAMPLES; i++)); do
		psql -XAtq -c "NOTIFY depot_index, '$PUB_ID'" >/dev/null
		sleep 0.2
		t=$(curl -s -o /dev/null -w '%{time_total}' --max-time 60 "$url")
		all+=" $(awk -v t="$t" 'BEGIN { printf "%.1f", t * 1000 }')"
	done
	COLD[$key]=$(median "$all")
	BYTES[$key]=$(curl -s "$url" | wc -c)
}
for n in "${SIZES[@]}"; do
	cold "info$n" "$PUB/info/bench$n"
done
cold versions "$PUB/versions"
cold specs "$PUB/specs.4.8.gz"
for ((round = 1; round <= ROUNDS; round++)); do
	for n in "${SIZES[@]}"; do
		run "info$n" "$PUB/info/bench$n"
	done
	run info200_token "$PRIV/info/bench200" -H "$BASIC"
	run versions "$PUB/versions"
	run specs "$PUB/specs.4.8.gz"
done
for key in "${!RPS[@]}"; do
	RUNS[$key]=${RPS[$key]# }
	RPS[$key]=$(median "${RPS[$key]}")
done

# ---- report
echo
echo "RubyGems benchmark: wrk -t2 -c$CONNS -d$DUR, median of $ROUNDS rounds, $(nproc) cores, depotd workers=${WORKERS:-?}"
echo "cold = first GET after the workers' caches are dropped (rendered from the database), median of $COLD_SAMPLES"
printf '%-40s %9s %9s %8s %6s  %s\n' target bytes req/s "cold ms" errors "req/s of each round"
line() {
	printf '%-40s %9s %9.0f %8s %6s  %s\n' "$1" "${BYTES[$2]:--}" "${RPS[$2]}" \
		"${COLD[$2]:--}" "${ERR[$2]}" "${RUNS[$2]}"
}
for n in "${SIZES[@]}"; do
	line "/info/bench$n ($n versions), anonymous" "info$n"
done
line "/info/bench200, private + token (Basic)" info200_token
line "/versions ($total versions, ${#SIZES[@]} gems)" versions
line "specs.4.8.gz ($total versions)" specs
