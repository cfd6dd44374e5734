#!/usr/bin/env bash
# t1003-upload-memory: a depotd worker's memory stays flat (RSS under 32 MB)
# while a 200 MB package streams through the REST multipart upload, and
# while npm's own publish body (JSON, the tarball in base64, about 270 MB)
# streams through PUT {pkg}.  VmRSS of every worker is polled every 50 ms;
# the maximum is reported in the test description.
# shellcheck source=tests/integration/lib.sh
. "$(dirname "$0")/lib.sh"

trap 'exit 143' TERM INT

SIZE_MB=${DEPOT_T1003_MB:-200}
LIMIT_KB=$((32 * 1024))
POLL_MAX=2400 # 2 minutes of 50 ms polls at most

new_org t1003
API=$DEPOT_URL/api/v2/packages/organizations/$ORG
REG=$DEPOT_URL/$ORG/web/npm/
upload_max=$(conf_get upload_max)
diag "upload_max = ${upload_max:-default}; package of $SIZE_MB MB"

create_registry() {
	http POST "$API/registries" "${AUTH[@]}" -H 'Content-Type: application/json' \
		-d '{"name":"Web","ecosystem":"javascript"}'
	[[ $STATUS == 200 || $STATUS == 201 ]] || {
		echo "HTTP $STATUS $(cat "$BODY")"
		return 1
	}
}
check "create a javascript registry" create_registry

# Unpublish what this test stored, so the stack does not keep 400 MB.
cleanup_packages() {
	curl -s -o /dev/null --max-time 30 -X DELETE "${AUTH[@]}" "${REG}big-pkg/-rev/1" || true
}
at_exit cleanup_packages

# ---- the artifacts: one 200 MB random file, two versions around it
W=$TEST_TMP/big
mkdir -p "$W/package"
make_artifacts() {
	head -c "$((SIZE_MB * 1024 * 1024))" /dev/urandom >"$W/package/blob.bin" || return 1
	printf 'module.exports = 1;\n' >"$W/package/index.js"
	printf '{"name":"big-pkg","version":"1.0.0","main":"index.js"}\n' >"$W/package/package.json"
	tar cf - -C "$W" package | gzip -1 >"$W/big-1.0.0.tgz" || return 1
	printf '{"name":"big-pkg","version":"2.0.0","main":"index.js"}\n' >"$W/package/package.json"
	tar cf - -C "$W" package | gzip -1 >"$W/big-2.0.0.tgz" || return 1
	rm -f "$W/package/blob.bin"
	# npm's publish body, written as a stream: base64 never all in memory.
	node - "$W/big-2.0.0.tgz" "$W/publish.json" <<-'EOF'
		const fs = require('fs'), crypto = require('crypto');
		const [tgz, out] = process.argv.slice(2);
		const size = fs.statSync(tgz).size;
		const h = crypto.createHash('sha512');
		const fd = fs.openSync(tgz, 'r'), buf = Buffer.alloc(3 << 20);
		let n;
		while ((n = fs.readSync(fd, buf, 0, buf.length)) > 0) h.update(buf.subarray(0, n));
		const integrity = 'sha512-' + h.digest('base64');
		const o = fs.openSync(out, 'w');
		fs.writeSync(o, JSON.stringify({
			_id: 'big-pkg', name: 'big-pkg', 'dist-tags': { latest: '2.0.0' },
			versions: { '2.0.0': { name: 'big-pkg', version: '2.0.0', _id: 'big-pkg@2.0.0',
				dist: { integrity } } },
			access: null }).slice(0, -1));
		fs.writeSync(o, ',"_attachments":{"big-pkg-2.0.0.tgz":{"content_type":' +
			'"application/octet-stream","length":' + size + ',"data":"');
		let pos = 0;
		while ((n = fs.readSync(fd, buf, 0, buf.length, pos)) > 0) {
			// buf.length is a multiple of 3: no padding until the end
			fs.writeSync(o, buf.subarray(0, n).toString('base64'));
			pos += n;
		}
		fs.writeSync(o, '"}}}');
		fs.closeSync(o);
	EOF
}
check "make two ${SIZE_MB} MB package tarballs and a publish body" make_artifacts
diag "tarball $(stat -c %s "$W/big-1.0.0.tgz") bytes, publish body $(stat -c %s "$W/publish.json") bytes"

# ---- RSS polling
MASTER=$(cat "$(conf_get pid_file)")
# poll_rss OUT STOPFILE: every 50 ms, the largest VmRSS (kB) of any worker
# so far goes to OUT (as "kB pid"); stops when STOPFILE exists.
poll_rss() {
	local out=$1 stop=$2 max=0 maxpid=- i pid rss kids samples=0
	for ((i = 0; i < POLL_MAX; i++)); do
		[[ -e $stop ]] && break
		kids=()
		read -ra kids <"/proc/$MASTER/task/$MASTER/children" 2>/dev/null || true
		for pid in "${kids[@]}"; do
			rss=$(sed -n 's/^VmRSS:[[:space:]]*\([0-9]*\).*/\1/p' "/proc/$pid/status" 2>/dev/null)
			[[ -n $rss ]] || continue
			samples=$((samples + 1))
			if ((rss > max)); then
				max=$rss maxpid=$pid
			fi
		done
		sleep 0.05
	done
	printf '%s %s %s\n' "$max" "$maxpid" "$samples" >"$out"
}

# measure NAME CMD...: run CMD while polling; sets MAX_KB and MAX_PID.
measure() {
	local name=$1 poller
	shift
	rm -f "$TEST_TMP/stop.$name"
	poll_rss "$TEST_TMP/rss.$name" "$TEST_TMP/stop.$name" &
	poller=$!
	"$@"
	touch "$TEST_TMP/stop.$name"
	wait "$poller" || true
	read -r MAX_KB MAX_PID SAMPLES <"$TEST_TMP/rss.$name" || true
	MAX_KB=${MAX_KB:-0}
	diag "$name: $SAMPLES RSS samples, max $MAX_KB kB (pid $MAX_PID)"
}

baseline() { sleep 0.5; }
measure idle baseline
check "worker RSS at rest: ${MAX_KB} kB" test "$MAX_KB" -gt 0
IDLE_KB=$MAX_KB

# ---- REST multipart upload
rest_upload() {
	STATUS=$(curl -sS --max-time 120 -o "$BODY" -w '%{http_code}' -H 'Expect:' \
		"${AUTH[@]}" -F "file=@$W/big-1.0.0.tgz;type=application/gzip" \
		"$API/registries/web/packages") || true
}
measure rest rest_upload
REST_KB=$MAX_KB REST_PID=$MAX_PID
check "RSS was sampled during the upload ($SAMPLES samples)" test "${SAMPLES:-0}" -ge 20
rest_ok() {
	[[ $STATUS == 200 || $STATUS == 201 ]] || {
		echo "HTTP $STATUS $(head -c 500 "$BODY")"
		return 1
	}
	expect_json .version 1.0.0 &&
		expect_json .digests.sha256 "$(sha256sum "$W/big-1.0.0.tgz" | cut -d' ' -f1)"
}
check "REST upload of the ${SIZE_MB} MB tarball succeeds (sha256 matches)" rest_ok
check "max worker RSS during the multipart upload: $REST_KB kB (pid $REST_PID, at rest $IDLE_KB kB) < $LIMIT_KB kB" \
	test "$REST_KB" -lt "$LIMIT_KB"
rm -f "$W/big-1.0.0.tgz"

# ---- npm publish body (JSON with base64)
json_publish() {
	STATUS=$(curl -sS --max-time 120 -o "$BODY" -w '%{http_code}' -H 'Expect:' \
		"${AUTH[@]}" -H 'Content-Type: application/json' -T "$W/publish.json" \
		"${REG}big-pkg") || true
}
measure json json_publish
JSON_KB=$MAX_KB JSON_PID=$MAX_PID
check "RSS was sampled during the publish ($SAMPLES samples)" test "${SAMPLES:-0}" -ge 20
json_ok() {
	[[ $STATUS == 200 || $STATUS == 201 ]] || {
		echo "HTTP $STATUS $(head -c 500 "$BODY")"
		return 1
	}
}
check "PUT of the $(($(stat -c %s "$W/publish.json") / 1048576)) MB npm publish body succeeds" json_ok
check "max worker RSS during the JSON publish: $JSON_KB kB (pid $JSON_PID) < $LIMIT_KB kB" \
	test "$JSON_KB" -lt "$LIMIT_KB"
rm -f "$W/publish.json"

published() {
	expect_status 200 GET "${REG}big-pkg" "${AUTH[@]}" &&
		expect_json '.versions | keys | join(",")' 1.0.0,2.0.0 &&
		expect_json '.versions["2.0.0"].dist.integrity | startswith("sha512-")' true
}
check "both versions are in the packument" published
tarball_size() {
	local got
	got=$(curl -s -o /dev/null -w '%{size_download}' --max-time 60 "${AUTH[@]}" \
		"${REG}big-pkg/-/big-pkg-2.0.0.tgz")
	[[ $got == "$(stat -c %s "$W/big-2.0.0.tgz")" ]] || {
		echo "downloaded $got bytes"
		return 1
	}
}
check "the published tarball downloads whole" tarball_size
