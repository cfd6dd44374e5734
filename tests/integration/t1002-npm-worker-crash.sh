#!/usr/bin/env bash
# t1002-npm-worker-crash: kill -9 one depotd worker while packument GETs are
# in flight: at most the request that worker was serving fails, the master
# respawns it (same number of workers, a new pid) and every later request
# succeeds.
# shellcheck source=tests/integration/lib.sh
. "$(dirname "$0")/lib.sh"

trap 'exit 143' TERM INT

LOAD_N=200      # GETs during the crash
LOAD_P=4        # in parallel
AFTER_N=50      # GETs after the respawn

new_org t1002
API=$DEPOT_URL/api/v2/packages/organizations/$ORG
REG=$DEPOT_URL/$ORG/web/npm/

setup() {
	http POST "$API/registries" "${AUTH[@]}" -H 'Content-Type: application/json' \
		-d '{"name":"Web","ecosystem":"javascript"}'
	[[ $STATUS == 200 || $STATUS == 201 ]] || {
		echo "create registry: HTTP $STATUS $(cat "$BODY")"
		return 1
	}
	mkdir -p "$TEST_TMP/pkg/package"
	printf '{"name":"crash-pkg","version":"1.0.0"}\n' >"$TEST_TMP/pkg/package/package.json"
	tar czf "$TEST_TMP/crash.tgz" -C "$TEST_TMP/pkg" package
	node -e '
		const fs = require("fs"), c = require("crypto");
		const d = fs.readFileSync(process.argv[1]);
		fs.writeFileSync(process.argv[2], JSON.stringify({
			_id: "crash-pkg", name: "crash-pkg", "dist-tags": { latest: "1.0.0" },
			versions: { "1.0.0": { name: "crash-pkg", version: "1.0.0",
				dist: { integrity: "sha512-" + c.createHash("sha512").update(d).digest("base64") } } },
			_attachments: { "crash-pkg-1.0.0.tgz": { content_type: "application/octet-stream",
				data: d.toString("base64"), length: d.length } } }));
	' "$TEST_TMP/crash.tgz" "$TEST_TMP/crash.json" || return 1
	http PUT "${REG}crash-pkg" "${AUTH[@]}" -H 'Content-Type: application/json' \
		--data-binary "@$TEST_TMP/crash.json"
	[[ $STATUS == 200 || $STATUS == 201 ]] || {
		echo "publish: HTTP $STATUS $(cat "$BODY")"
		return 1
	}
	expect_status 200 GET "${REG}crash-pkg" "${AUTH[@]}"
}
check "registry and package crash-pkg" setup || true

MASTER_PIDFILE=$(conf_get pid_file)
MASTER_PIDFILE=${MASTER_PIDFILE:-$DEPOT_DIR/run/depotd.pid}
master_pid() {
	local pid
	read -r pid <"$MASTER_PIDFILE"
	printf '%s\n' "$pid"
}

# workers: live (non-zombie) children of the master, sorted.
workers() {
	local c m
	m=$(master_pid)
	for c in $(pgrep -P "$m" || true); do
		[[ -r /proc/$c/stat && $(sed 's/.*) //; s/ .*//' "/proc/$c/stat") != Z ]] &&
			printf '%s\n' "$c"
	done | sort
	return 0
}

MASTER=$(master_pid)
mapfile -t BEFORE < <(workers)
check "depotd has workers before the crash (${#BEFORE[@]})" test "${#BEFORE[@]}" -ge 1

# ---- the load, with the crash in the middle
RESULTS=$TEST_TMP/results
: >"$RESULTS"
printf '%s\n' "Authorization: Bearer $TOKEN" >"$TEST_TMP/auth.hdr"
load() { # load N OUTFILE: N GETs, LOAD_P at a time; one status code a line
	seq "$1" | timeout 120 xargs -P "$LOAD_P" -I{} \
		curl -s -o /dev/null -w '%{http_code}\n' --max-time 10 \
		-H "@$TEST_TMP/auth.hdr" "${REG}crash-pkg" >>"$2" 2>/dev/null
}
load "$LOAD_N" "$RESULTS" &
LOAD_PID=$!
stop_load() { kill "$LOAD_PID" 2>/dev/null || true; }
at_exit stop_load

# Kill once a quarter of the requests are done (bounded wait).
quarter() { (($(wc -l <"$RESULTS") >= LOAD_N / 4)); }
wait_until 30 quarter || diag "load is slow: $(wc -l <"$RESULTS") answers after 30 s"
VICTIM=${BEFORE[0]:-}
killed() {
	[[ -n $VICTIM ]] || return 1
	kill -9 "$VICTIM"
}
check "kill -9 worker $VICTIM with requests in flight (after $(wc -l <"$RESULTS") answers)" killed
wait "$LOAD_PID" || true

count_results() {
	local total ok
	total=$(wc -l <"$RESULTS")
	ok=$(grep -cx 200 "$RESULTS" || true)
	FAILED=$((total - ok))
	echo "$total answers, $ok were 200, $FAILED failed: $(grep -vx 200 "$RESULTS" | sort | uniq -c | tr '\n' ' ')"
	((total == LOAD_N))
}
check "all $LOAD_N requests of the load got an answer" count_results
check "at most the request in flight on the killed worker failed (failed: ${FAILED:-?})" \
	test "${FAILED:-99}" -le 1

# ---- respawn
respawned() {
	local now
	mapfile -t now < <(workers)
	((${#now[@]} == ${#BEFORE[@]})) || return 1
	! printf '%s\n' "${now[@]}" | grep -qx "$VICTIM"
}
check "the master respawns the worker within 10 s (${#BEFORE[@]} workers, a new pid)" \
	wait_until 10 respawned
check "the master is the same process" test "$(master_pid)" = "$MASTER"
new_pids() {
	local now
	mapfile -t now < <(workers)
	echo "before: ${BEFORE[*]}; after: ${now[*]}"
	printf '%s\n' "${now[@]}" | grep -qvxF -f <(printf '%s\n' "${BEFORE[@]}")
}
check "there is a worker pid that did not exist before" new_pids
logged() {
	grep -q "worker $VICTIM killed by signal 9" "$DEPOT_DIR/logs/depotd.log"
}
check "depotd.log records the killed worker" logged

after() {
	local out=$TEST_TMP/after
	: >"$out"
	load "$AFTER_N" "$out"
	(($(grep -cx 200 "$out") == AFTER_N)) || {
		sort "$out" | uniq -c
		return 1
	}
}
check "$AFTER_N further GETs all return 200" after
