#!/usr/bin/env bash
# t0000-stack-basics: the stack itself: health, error bodies, the internal
# blob location, config checking, worker respawn, reload with a bad config.
# shellcheck source=tests/integration/lib.sh
. "$(dirname "$0")/lib.sh"

# health_ok: /-/health answers 200 with JSON saying database and storage are
# ok (either "database": "ok" or "database": {"status": "ok"}).
health_ok() {
	expect_status 200 GET "$DEPOT_URL/-/health" || return 1
	expect_json '[.database, .storage]
		| map(if type == "object" then .status else . end)
		| all(. == "ok")' true
}

# master_pid: depotd's master, from its pid file.
master_pid() {
	local pid
	read -r pid <"$(conf_get pid_file)"
	printf '%s\n' "$pid"
}

# live_workers PID: live (non-zombie) child processes of PID.
live_workers() {
	local c
	for c in $(pgrep -P "$1" || true); do
		[[ -r /proc/$c/stat && $(sed 's/.*) //; s/ .*//' "/proc/$c/stat") != Z ]] &&
			printf '%s\n' "$c"
	done
	return 0
}

# n_requests N: N health requests in a row, all 200.
n_requests() {
	local i code bad=0
	for ((i = 0; i < $1; i++)); do
		code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 10 "$DEPOT_URL/-/health" || true)
		[[ $code == 200 ]] || { echo "request $i: HTTP $code"; bad=$((bad + 1)); }
	done
	((bad == 0))
}

# ---- HTTP basics
check "/-/health is 200 JSON with database and storage ok" health_ok
json_type() { [[ $(header Content-Type) == application/json* ]]; }
check "/-/health has a JSON content type" json_type

check "unknown API path is 404" \
	expect_status 404 GET "$DEPOT_URL/api/v2/no-such-endpoint"
check "its body is JSON {\"message\": ...}" \
	expect_json '.message | type == "string" and length > 0' true
unknown_ops_path() {
	expect_status 404 GET "$DEPOT_URL/-/no-such-thing" &&
		expect_json '.message | type' string
}
check "unknown /-/ path is 404 with a JSON message" unknown_ops_path

# A real blob file, requested directly: the location is internal.
data_dir=$(conf_get data_dir)
hex=$(printf 'depot t0000 %s' "$$" | sha256sum | cut -d' ' -f1)
blob=$data_dir/blobs/sha256/${hex:0:2}/$hex
mkdir -p "${blob%/*}"
printf 'secret blob\n' >"$blob"
at_exit rm -f "$blob"
check "/_blobs/... is not reachable directly (404)" \
	expect_status 404 GET "$DEPOT_URL/_blobs/sha256/${hex:0:2}/$hex"
no_leak() { ! grep -q "secret blob" "$BODY"; }
check "the 404 does not leak the blob" no_leak

# ---- configuration checking
bad_conf=$TEST_TMP/bad.conf
cp "$DEPOT_CONF" "$bad_conf"
echo "no_such_key = 1" >>"$bad_conf"
n_accepts() {
	"$DEPOTD" -n -c "$DEPOT_CONF" >"$TEST_TMP/n.out" 2>&1 || { cat "$TEST_TMP/n.out"; return 1; }
	cat "$TEST_TMP/n.out"
	grep -q "configuration OK" "$TEST_TMP/n.out"
}
n_rejects() {
	! "$DEPOTD" -n -c "$bad_conf" >"$TEST_TMP/n.out" 2>&1 || { cat "$TEST_TMP/n.out"; return 1; }
	cat "$TEST_TMP/n.out"
	grep -q no_such_key "$TEST_TMP/n.out"
}
ctl_rejects() { ! "$DEPOTCTL" -c "$bad_conf" check-config; }
check "depotd -n accepts the stack's config" n_accepts
check "depotd -n rejects an unknown key, naming it" n_rejects
check "depotctl check-config accepts the stack's config" depotctl check-config
check "depotctl check-config rejects an unknown key" ctl_rejects

# ---- depotctl: organization, admin user, token
new_org basics
has_org() { [[ -n $ORG && -n $TOKEN ]]; }
check "new_org made an org, an admin and a token" has_org

# ---- a worker killed with SIGKILL is respawned
master=$(master_pid)
check "depotd master (pid $master) is alive" kill -0 "$master"
mapfile -t before < <(live_workers "$master")
has_workers() { ((${#before[@]} >= 1)); }
check "depotd has workers (${#before[@]})" has_workers

loop_out=$TEST_TMP/loop.out
(
	for ((i = 0; i < 200; i++)); do
		curl -s -o /dev/null -w '%{http_code}\n' --max-time 10 "$DEPOT_URL/-/health" || true
		[[ -e $TEST_TMP/stop-loop ]] && break
	done
) >"$loop_out" &
loop=$!
sleep 0.3
victim=${before[0]:-}
if [[ -n $victim ]]; then
	kill -KILL "$victim"
	respawned() {
		local now
		mapfile -t now < <(live_workers "$master")
		((${#now[@]} == ${#before[@]})) && ! printf '%s\n' "${now[@]}" | grep -qx "$victim"
	}
	check "master respawns a worker killed with SIGKILL (within 10 s)" wait_until 10 respawned
fi
touch "$TEST_TMP/stop-loop"
wait "$loop" || true
during=$(grep -cvx 200 "$loop_out" || true)
diag "during the kill: $(wc -l <"$loop_out") requests, $during not 200"
check "the master survived" kill -0 "$master"
check "20 requests after the respawn all succeed" n_requests 20

# ---- SIGHUP with a broken config keeps serving; a good one rolls workers
cp "$DEPOT_CONF" "$TEST_TMP/depot.conf.orig"
at_exit cp "$TEST_TMP/depot.conf.orig" "$DEPOT_CONF"
echo "this line is not a setting" >>"$DEPOT_CONF"
kill -HUP "$master"
sleep 1
check "after SIGHUP with a broken config the master is alive" kill -0 "$master"
check "and 20 requests all succeed" n_requests 20
cp "$TEST_TMP/depot.conf.orig" "$DEPOT_CONF"
mapfile -t before < <(live_workers "$master")
kill -HUP "$master"
rolled() {
	local now w
	mapfile -t now < <(live_workers "$master")
	((${#now[@]} >= 1)) || return 1
	for w in "${now[@]}"; do
		printf '%s\n' "${before[@]}" | grep -qx "$w" && return 1
	done
	return 0
}
check "SIGHUP with the good config replaces every worker (within 10 s)" wait_until 10 rolled
check "and 20 requests all succeed" n_requests 20

# ---- SIGTERM stops depotd and its workers; nginx then answers JSON 502;
# `scripts/stack up` brings depotd back with the data kept
master=$(master_pid)
mapfile -t workers < <(live_workers "$master")
kill -TERM "$master"
gone() {
	local p
	for p in "$master" "${workers[@]}"; do
		[[ -r /proc/$p/stat && $(sed 's/.*) //; s/ .*//' "/proc/$p/stat") != Z ]] && return 1
	done
	return 0
}
check "SIGTERM stops the master and its workers (within 10 s)" wait_until 10 gone
unavailable() {
	expect_status 502 GET "$DEPOT_URL/-/health" &&
		expect_json '.message | type' string
}
check "with depotd down nginx answers 502 with a JSON message" unavailable
check "scripts/stack up restarts depotd" "$DEPOT_TOP/scripts/stack" up "$DEPOT_DIR"
check "/-/health is 200 again" health_ok
check "the org and token made before the restart still work" \
	expect_status 200 GET "$DEPOT_URL/api/v2/packages/organizations/$ORG/registries" "${AUTH[@]}"
