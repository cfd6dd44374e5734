#!/usr/bin/env bash
# t6100-multihost-two-depotd: two depotd instances on one database and one
# bucket, as two hosts would run: the stack's depotd (A) and a second one
# (B) from the same build with a copied depot.conf (its own socket and pid
# file), behind a private nginx with one upstream over both sockets plus a
# server for each host alone. What one publishes the other serves at once;
# the other's cached packuments and registry rows follow every change (new
# version, dist-tag, unpublish, visibility, storage); stopping B under load
# (GETs and publishes through the shared upstream) loses no request.
# shellcheck source=tests/integration/lib.sh
. "$(dirname "$0")/lib.sh"

s3_up || bail "cannot start the S3 server (scripts/s3node; Debian package swift)"

new_org t6100
API=/api/v2/packages/organizations/$ORG
LINK=$(s3_link shared "$ORG/" 2>"$TEST_TMP/diag") || {
	cat "$TEST_TMP/diag" >&2
	bail "storage add failed"
}
http POST "$DEPOT_URL$API/registries" "${AUTH[@]}" -H 'Content-Type: application/json' \
	-d '{"name":"Shared","ecosystem":"javascript"}'
[[ $STATUS == 200 ]] || bail "cannot create the registry: HTTP $STATUS"
depotctl storage use --org "$ORG" --registry shared shared >/dev/null ||
	bail "storage use failed"

# ---- host B: same build, copied depot.conf, own socket and pid file
B=$TEST_TMP/b
mkdir -p "$B"
sed -e "s|^listen *=.*|listen = unix:$B/depotd.sock|" \
	-e "s|^pid_file *=.*|pid_file = $B/depotd.pid|" "$DEPOT_CONF" >"$B/depot.conf"
A_SOCK=$(conf_get listen)
A_SOCK=${A_SOCK#unix:}
stop_b() {
	local pid
	pid=$(cat "$B/depotd.pid" 2>/dev/null || true)
	[[ -n $pid ]] || return 0
	kill -TERM "$pid" 2>/dev/null || true
	wait_until 15 eval '! kill -0 '"$pid"
}
start_b() {
	rm -f "$B/depotd.pid"
	setsid "$DEPOTD" -f -c "$B/depot.conf" </dev/null >>"$B/depotd.log" 2>&1 &
	wait_until 10 test -S "$B/depotd.sock" -a -s "$B/depotd.pid" || {
		tail -5 "$B/depotd.log"
		return 1
	}
}
at_exit stop_b
start_b || bail "host B did not start"

# ---- nginx: port P over both hosts, PA only A, PB only B
free_port() {
	local p=$1
	while (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; do
		p=$((p + 1))
	done
	printf '%s\n' "$p"
}
P=$(free_port $((DEPOT_PORT + 2000)))
PA=$(free_port $((P + 1)))
PB=$(free_port $((PA + 1)))
NG=$TEST_TMP/ngx
mkdir -p "$NG/conf" "$NG/logs" "$NG/tmp"
SITE=$DEPOT_DIR/nginx/conf/depot-site.conf
# site NAME PORT SERVER-LINES: the stack's site with its own upstream.
site() {
	sed -e "s|^upstream depotd {|upstream $1 {|" \
		-e "s|^    server unix:$A_SOCK;|$3|" \
		-e "s|fastcgi_pass depotd;|fastcgi_pass $1;|" \
		-e "s|listen 127.0.0.1:$DEPOT_PORT;|listen 127.0.0.1:$2;|" "$SITE"
}
site both "$P" "    server unix:$A_SOCK max_fails=0;\\n    server unix:$B/depotd.sock max_fails=0;" >"$NG/conf/both.conf"
site only_a "$PA" "    server unix:$A_SOCK;" >"$NG/conf/a.conf"
site only_b "$PB" "    server unix:$B/depotd.sock;" >"$NG/conf/b.conf"
sed -e "s|$DEPOT_DIR/nginx/|$NG/|g" \
	-e "s|include $NG/conf/depot-site.conf;|include $NG/conf/both.conf; include $NG/conf/a.conf; include $NG/conf/b.conf;|" \
	"$DEPOT_DIR/nginx/conf/nginx.conf" >"$NG/conf/nginx.conf"
cp "$DEPOT_DIR/nginx/conf/mime.types" "$NG/conf/"
ngx() { nginx -p "$NG/" -c "$NG/conf/nginx.conf" -e "$NG/logs/error.log" "$@"; }
ngx -t -q >"$NG/logs/t.out" 2>&1 || bail "nginx rejects the config: $(cat "$NG/logs/t.out")"
ngx </dev/null >"$NG/logs/start.out" 2>&1 || bail "nginx did not start: $(cat "$NG/logs/start.out")"
at_exit eval 'kill -QUIT "$(cat "$NG/logs/nginx.pid")" 2>/dev/null || true'
ALL=http://127.0.0.1:$P
HA=http://127.0.0.1:$PA
HB=http://127.0.0.1:$PB
check "both hosts answer /-/health" eval '
	expect_status 200 GET "$HA/-/health" && expect_status 200 GET "$HB/-/health" &&
	expect_status 200 GET "$ALL/-/health"'

# tarball NAME VERSION: an npm tarball (npm pack) in $TEST_TMP; its path.
tarball() {
	local dir=$TEST_TMP/src/$1-$2
	mkdir -p "$dir"
	printf '{"name":"%s","version":"%s","license":"MIT"}\n' "$1" "$2" >"$dir/package.json"
	printf '%s %s %s\n' "$1" "$2" "$RANDOM" >"$dir/index.js"
	(cd "$dir" && HOME=$TEST_TMP npm pack --silent --pack-destination "$TEST_TMP" 2>/dev/null |
		tail -n 1 | sed "s|^|$TEST_TMP/|")
}
upload() {
	http POST "$1$API/registries/shared/packages" "${AUTH[@]}" -F "file=@$2"
	[[ $STATUS == 200 ]] || {
		echo "upload to $1: HTTP $STATUS"
		cat "$BODY"
		return 1
	}
}
# versions HOST: the packument's versions, sorted, comma-joined.
versions() {
	http GET "$1/$ORG/shared/npm/multi" "${AUTH[@]}" || return 1
	[[ $STATUS == 200 ]] || { echo "HTTP $STATUS"; return 1; }
	json_get '.versions | keys | join(",")'
}
# every_worker HOST EXPR WANT: four GETs (both workers, whatever each cached)
# all give WANT.
every_worker() {
	local i got
	for i in 1 2 3 4; do
		got=$("$@" 2>&1) || true
		[[ $got == "$WANT" ]] || {
			echo "GET $i: '$got', want '$WANT'"
			return 1
		}
	done
}

T1=$(tarball multi 1.0.0)
T2=$(tarball multi 1.1.0)
T3=$(tarball multi 1.2.0)

check "publish multi@1.0.0 through host A" upload "$HA" "$T1"
WANT=1.0.0
check "host B serves it at once (every worker)" every_worker versions "$HB"
tarball_from() {
	curl -sfL --max-time 30 "${AUTH[@]}" -o "$TEST_TMP/got.tgz" \
		"$1/$ORG/shared/npm/multi/-/multi-$2.tgz" && cmp "$3" "$TEST_TMP/got.tgz"
}
check "host B sends its tarball from the bucket" tarball_from "$HB" 1.0.0 "$T1"
check "publish multi@1.1.0 through host B" upload "$HB" "$T2"
WANT=1.0.0,1.1.0
check "host A serves it at once" every_worker versions "$HA"
check "host A sends the tarball B stored" tarball_from "$HA" 1.1.0 "$T2"

# ---- caches on the other host follow every change
latest() {
	http GET "$1/$ORG/shared/npm/multi" "${AUTH[@]}" || return 1
	json_get '.["dist-tags"] | to_entries | map("\(.key)=\(.value)") | sort | join(",")'
}
WANT=latest=1.1.0
check "host B has the packument cached (latest=1.1.0)" every_worker latest "$HB"
tag_on_a() {
	http PUT "$HA/$ORG/shared/npm/-/package/multi/dist-tags/stable" "${AUTH[@]}" \
		-H 'Content-Type: application/json' -d '"1.0.0"'
	[[ $STATUS == 200 || $STATUS == 201 ]] || { echo "HTTP $STATUS"; cat "$BODY"; return 1; }
}
check "add dist-tag stable=1.0.0 through host A" tag_on_a
WANT=latest=1.1.0,stable=1.0.0
check "host B's cached packument shows it at once" every_worker latest "$HB"
check "publish multi@1.2.0 through host A" upload "$HA" "$T3"
WANT=1.0.0,1.1.0,1.2.0
check "host B lists 1.2.0 at once" every_worker versions "$HB"
unpublish_on_b() {
	http DELETE "$HB/$ORG/shared/npm/multi/-/multi-1.1.0.tgz/-rev/1" "${AUTH[@]}"
	[[ $STATUS == 200 ]] || { echo "HTTP $STATUS"; cat "$BODY"; return 1; }
}
check "unpublish 1.1.0 through host B" unpublish_on_b
WANT=1.0.0,1.2.0
check "host A drops it at once" every_worker versions "$HA"
anon() {
	http GET "$1/$ORG/shared/npm/multi"
	printf '%s\n' "$STATUS"
}
check "make the registry public (depotctl, like a third host)" \
	depotctl registry visibility shared public --org "$ORG"
WANT=200
check "both hosts serve it anonymously at once" eval 'every_worker anon "$HA" && every_worker anon "$HB"'
check "and private again" depotctl registry visibility shared private --org "$ORG"
private_everywhere() {
	local h i
	for h in "$HA" "$HB"; do
		for i in 1 2 3 4; do
			http GET "$h/$ORG/shared/npm/multi"
			[[ $STATUS == 401 || $STATUS == 404 ]] || {
				echo "$h: HTTP $STATUS"
				return 1
			}
		done
	done
}
check "neither host serves it anonymously any more" private_everywhere
check "switch the registry to hosted storage" \
	depotctl storage use --org "$ORG" --registry shared hosted
switched() {
	upload "$HB" "$(tarball multi 1.3.0)" || return 1
	[[ $(psql -XAtc "SELECT f.storage FROM package_files f JOIN packages p ON
		p.id = f.package_id JOIN registries r ON r.id = p.registry_id JOIN
		organizations o ON o.id = r.org_id WHERE o.slug = '$ORG' AND
		p.version = '1.3.0'") == hosted ]]
}
check "host B's next publish goes to hosted storage" switched
check "host A still sends 1.0.0 from the bucket" tarball_from "$HA" 1.0.0 "$T1"
depotctl storage use --org "$ORG" --registry shared shared >/dev/null

# ---- stop host B while both its workers are busy and requests wait in its
# queue (through the B-only server, so nginx has nowhere else to send them)
big_tarball() {
	local dir=$TEST_TMP/src/busy-$1
	mkdir -p "$dir"
	printf '{"name":"busy","version":"%s","license":"MIT"}\n' "$1" >"$dir/package.json"
	head -c $((60 * 1024 * 1024)) /dev/urandom >"$dir/data.bin"
	(cd "$dir" && HOME=$TEST_TMP npm pack --silent --pack-destination "$TEST_TMP" 2>/dev/null |
		tail -n 1 | sed "s|^|$TEST_TMP/|")
}
BUSY1=$(big_tarball 1.0.0)
BUSY2=$(big_tarball 2.0.0)
busy_stop() {
	local q=$TEST_TMP/queued pids=() i bad
	mkdir -p "$q"
	for t in "$BUSY1" "$BUSY2"; do
		curl -s -o /dev/null --max-time 120 "${AUTH[@]}" -F "file=@$t" \
			-w '%{http_code} POST\n' "$HB$API/registries/shared/packages" \
			>"$q/$(basename "$t")" &
		pids+=($!)
	done
	# Both workers take an upload (nginx first reads each body whole).
	sleep 1
	for i in 1 2 3 4 5 6; do
		curl -s -o /dev/null --max-time 120 "${AUTH[@]}" -w '%{http_code} GET\n' \
			"$HB/$ORG/shared/npm/multi" >"$q/get$i" &
		pids+=($!)
	done
	sleep 0.5
	stop_b || {
		echo "host B did not stop"
		return 1
	}
	wait "${pids[@]}"
	bad=$(cat "$q"/* | grep -cv '^200 ' || true)
	[[ $bad == 0 ]] || {
		echo "answers while host B stopped:"
		cat "$q"/* | sort | uniq -c
		return 1
	}
}
check "stop host B with both workers busy and 6 requests queued: all served" busy_stop
check "start host B again" start_b
BUSY3=$(big_tarball 3.0.0)
BUSY4=$(big_tarball 4.0.0)
uploads_stop() {
	local q=$TEST_TMP/uploads pids=() bad
	mkdir -p "$q"
	for t in "$BUSY3" "$BUSY4"; do
		curl -s -o "$q/$(basename "$t").body" --max-time 120 "${AUTH[@]}" \
			-F "file=@$t" -w '%{http_code} POST\n' \
			"$HB$API/registries/shared/packages" >"$q/$(basename "$t")" &
		pids+=($!)
	done
	# Stop as soon as host B has both connections (its accepted and
	# queued ones show its socket's path in /proc/net/unix, connected),
	# while the workers read the bodies or store them.
	wait_until 20 eval '(( $(grep -c " 03 [0-9]* $B/depotd.sock\$" /proc/net/unix) >= 2 ))' || {
		echo "the uploads did not reach host B"
		return 1
	}
	stop_b || {
		echo "host B did not stop"
		return 1
	}
	wait "${pids[@]}"
	bad=$(cat "$q"/*.tgz | grep -cv '^200 ' || true)
	[[ $bad == 0 ]] || {
		echo "uploads while host B stopped:"
		cat "$q"/*
		return 1
	}
}
check "stop host B during two 60 MB uploads: both finish (200)" uploads_stop
check "start host B again" start_b

# ---- stop host B under load through the shared upstream
LOAD=$TEST_TMP/load
mkdir -p "$LOAD"
getter() {
	local i url
	for ((i = 0; i < 120; i++)); do
		if ((i % 2)); then
			url=$ALL/$ORG/shared/npm/multi
		else
			url=$ALL/$ORG/shared/npm/multi/-/multi-1.0.0.tgz
		fi
		curl -s -o /dev/null --max-time 30 "${AUTH[@]}" -w '%{http_code} GET\n' "$url" \
			>>"$LOAD/$1" || echo "000 GET" >>"$LOAD/$1"
	done
}
publisher() {
	local i t
	for ((i = 0; i < 12; i++)); do
		t=$(tarball load "1.0.$i")
		curl -s -o "$LOAD/pub.body" --max-time 60 "${AUTH[@]}" -F "file=@$t" \
			-w '%{http_code} POST\n' "$ALL$API/registries/shared/packages" \
			>>"$LOAD/pub" || echo "000 POST" >>"$LOAD/pub"
	done
}
under_load() {
	local pids=() bad n
	getter g1 &
	pids+=($!)
	getter g2 &
	pids+=($!)
	getter g3 &
	pids+=($!)
	publisher &
	pids+=($!)
	sleep 1.5
	stop_b || {
		echo "host B did not stop"
		return 1
	}
	wait "${pids[@]}"
	n=$(cat "$LOAD"/g* "$LOAD/pub" | grep -c .)
	bad=$(cat "$LOAD"/g* "$LOAD/pub" | grep -cv '^\(200\|302\) ' || true)
	[[ $n == $((3 * 120 + 12)) && $bad == 0 ]] || {
		echo "$n requests, $bad failed:"
		cat "$LOAD"/g* "$LOAD/pub" | sort | uniq -c
		return 1
	}
	# Both hosts took part before B stopped.
	n=$(grep -c 'published load ' "$B/depotd.log" || true)
	diag "host B recorded $n of the 12 publishes before it stopped"
	[[ $(grep -c 'published load ' "$DEPOT_DIR/logs/depotd.log") -gt 0 ]] || {
		echo "host A took no publish"
		return 1
	}
}
check "stop host B during 360 GETs and 12 publishes: every request answered" under_load
check "host B is gone, the shared upstream still serves" eval '
	! test -S "$B/depotd.sock" && expect_status 200 GET "$ALL/$ORG/shared/npm/multi" "${AUTH[@]}"'
load_rows() {
	local n
	n=$(psql -XAtc "SELECT count(*) FROM packages p JOIN registries r ON
		r.id = p.registry_id JOIN organizations o ON o.id = r.org_id
		WHERE o.slug = '$ORG' AND p.name = 'load'")
	[[ $n == 12 ]] || {
		echo "$n of the 12 publishes recorded"
		return 1
	}
}
check "all 12 publishes are recorded" load_rows
