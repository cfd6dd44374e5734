#!/usr/bin/env bash
# t4001-maven-bad-input: maven2 requests that must fail do so with the right
# status and a JSON {"message"}, and leave nothing behind (no package row,
# no new file under data/blobs, nothing in data/tmp): unsafe or malformed
# paths ("..", control characters, %2F, odd characters, too long), poms
# that are not XML or use entities (external, expansion bombs, DTDs) or
# name other coordinates, jars that are not zips, zip bombs, entries named
# ../../x, checksums that disagree (the fresh file is removed) or are
# malformed, client maven-metadata.xml that is hostile or names another
# artifact (a good one is accepted but the server keeps its own), the wrong
# ecosystem, missing credentials or scopes, a 2 GB body. Also: a release
# file PUT again is 409 and unchanged; a plain -SNAPSHOT file PUT again
# replaces the old one (and its blob).
# shellcheck source=tests/integration/lib.sh
. "$(dirname "$0")/lib.sh"

command -v python3 >/dev/null || bail "python3 is not installed"
command -v psql >/dev/null || bail "psql is not installed"

new_org t4001
API=$DEPOT_URL/api/v2/packages/organizations/$ORG
REPO=$DEPOT_URL/$ORG/jvm/maven2
G=$REPO/com/example
DATA=$(conf_get data_dir)

make_registry() { # make_registry NAME ECOSYSTEM
	http POST "$API/registries" "${AUTH[@]}" -H 'Content-Type: application/json' \
		-d "{\"name\":\"$1\",\"ecosystem\":\"$2\"}"
	[[ $STATUS == 200 || $STATUS == 201 ]] || {
		echo "HTTP $STATUS"
		cat "$BODY"
		return 1
	}
}
make_registry Jvm java || bail "cannot create the java registry"
make_registry Bins files || bail "cannot create the files registry"
make_registry Web javascript || bail "cannot create the npm registry"
RO_TOKEN=$(depotctl token create --org "$ORG" --user "$ADMIN_EMAIL" \
	--scopes read_registries,read_packages --description "t4001 read only")
own_token=$TOKEN own_org=$ORG own_auth=("${AUTH[@]}")
new_org t4001x
OTHER_TOKEN=$TOKEN
TOKEN=$own_token ORG=$own_org AUTH=("${own_auth[@]}")

F=$TEST_TMP/f
mkdir -p "$F"
# zips OUT KIND: a good jar, a zip bomb, or jars with unsafe entry names.
python3 - "$F" <<-'EOF'
	import sys, zipfile
	d = sys.argv[1]
	def z(name, entries):
	    with zipfile.ZipFile(d + "/" + name, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as f:
	        for n, data in entries:
	            f.writestr(n, data)
	z("good.jar", [("META-INF/MANIFEST.MF", "Manifest-Version: 1.0\r\n\r\n"), ("a.txt", "a" * 100)])
	z("good2.jar", [("META-INF/MANIFEST.MF", "Manifest-Version: 1.0\r\n\r\n"), ("b.txt", "b" * 100)])
	z("bomb.jar", [("zeros.bin", b"\0" * (64 << 20))])
	z("dotdot.jar", [("META-INF/MANIFEST.MF", "x"), ("../../x", "pwned")])
	z("absolute.jar", [("/etc/x", "pwned")])
EOF
printf 'hello\n' >"$F/plain.txt"
pom() { # pom GROUP ARTIFACT VERSION [EXTRA]
	printf '<?xml version="1.0"?>\n<project xmlns="http://maven.apache.org/POM/4.0.0">'
	printf '<modelVersion>4.0.0</modelVersion><groupId>%s</groupId><artifactId>%s</artifactId>' "$1" "$2"
	printf '<version>%s</version>%s</project>\n' "$3" "${4:-}"
}

# ---- controls: what is there before the bad requests
put() { # put CODE URL FILE [CURL ARGS...]
	local code=$1 url=$2 file=$3
	shift 3
	expect_status "$code" PUT "$url" "${AUTH[@]}" --data-binary "@$file" "$@"
}
pom com.example ok 1.0 >"$F/ok.pom"
check "control: PUT ok-1.0.jar: 201" put 201 "$G/ok/1.0/ok-1.0.jar" "$F/good.jar"
check "control: PUT ok-1.0.pom: 201" put 201 "$G/ok/1.0/ok-1.0.pom" "$F/ok.pom"
check "control: PUT ok-1.0.jar.sha1 (right): 201" expect_status 201 PUT "$G/ok/1.0/ok-1.0.jar.sha1" \
	"${AUTH[@]}" --data-binary "$(sha1sum <"$F/good.jar" | cut -d' ' -f1)"

# The controls were deployed an hour ago: a checksum that disagrees with
# them now is refused without removing them (only fresh files go).
psql -qAtX -v ON_ERROR_STOP=1 -c "UPDATE package_files SET created_at = now() - interval '1 hour'
	WHERE filename LIKE 'ok-1.0.%'" >/dev/null || bail "cannot age the control files"

blobs_now() { find "$DATA/blobs" -type f | sort; }
snapshot() { blobs_now >"$TEST_TMP/blobs.before"; }
snapshot
rows() {
	psql -qAtX -c "SELECT string_agg(p.name || ':' || p.version, ',' ORDER BY p.name, p.version)
		FROM packages p JOIN registries r ON r.id = p.registry_id
		JOIN organizations o ON o.id = r.org_id WHERE o.slug = '$ORG'"
}
ROWS_BEFORE=$(rows)
nothing_left() {
	local left now
	now=$(rows)
	[[ $now == "$ROWS_BEFORE" ]] || {
		echo "packages: '$now', before: '$ROWS_BEFORE'"
		return 1
	}
	blobs_now | cmp -s - "$TEST_TMP/blobs.before" || {
		echo "blobs changed under $DATA/blobs:"
		blobs_now | diff "$TEST_TMP/blobs.before" - || true
		return 1
	}
	left=$(find "$DATA/tmp" -mindepth 1 2>/dev/null | head -n 5)
	[[ -z $left ]] || {
		echo "left in $DATA/tmp:"
		echo "$left"
		return 1
	}
}

# refused CODE REGEX METHOD URL [CURL ARGS...]: CODE with a JSON message
# matching REGEX (case-insensitive), and nothing left behind.
refused() {
	local code=$1 re=$2
	shift 2
	expect_status "$code" "$@" || return 1
	json_get .message | grep -qiE -- "$re" || {
		echo "message does not match /$re/:"
		cat "$BODY"
		return 1
	}
	nothing_left
}
bad_put() { # bad_put CODE REGEX PATH [FILE]
	refused "$1" "$2" PUT "$REPO/$3" --path-as-is "${AUTH[@]}" \
		--data-binary "@${4:-$F/plain.txt}"
}

# ---- paths
check "'..' segment: 400" bad_put 400 "'\\.' or '\\.\\.'" "com/example/../x/1.0/x-1.0.txt"
check "'..' as a file name: 400" bad_put 400 "'\\.' or '\\.\\.'" "com/example/x/1.0/.."
check "'%2e%2e' segment: 400" bad_put 400 "'\\.' or '\\.\\.'" "com/%2e%2e/x/1.0/x-1.0.txt"
check "'.' segment: 400" bad_put 400 "'\\.' or '\\.\\.'" "com/example/x/./x-1.0.txt"
check "a hidden file name (.x): 400" bad_put 400 "starts with" "com/example/x/1.0/.x-1.0.txt"
check "%01 in a file name: 400" bad_put 400 "control character" "com/example/x/1.0/x-1.0%01.txt"
check "%0A in a version: 400" bad_put 400 "control character" "com/example/x/1%0A.0/x-1%0A.0.txt"
check "%7F in a group: 400" bad_put 400 "control character" "com/ex%7Fample/x/1.0/x-1.0.txt"
check "a backslash (%5C): 400" bad_put 400 "character other than" "com/example/x/1.0/x-1.0%5C..%5Cx.txt"
check "a space: 400" bad_put 400 "character other than" "com/example/x/1.0/x-1.0%20.txt"
check "a ':' in an artifactId: 400" bad_put 400 "character other than" "com/example/x:y/1.0/x:y-1.0.txt"
check "non-ASCII: 400" bad_put 400 "character other than" "com/example/x/1.0/x-1.0.t%C3%A4t"
check "a '.' in a group segment: 400" bad_put 400 "groupId" "com/exa.mple/x/1.0/x-1.0.txt"
check "an empty segment (//): 400" bad_put 400 "empty" "com/example//x/1.0/x-1.0.txt"
check "%2F inside a segment does not add a level: 404" \
	refused 404 "not found" PUT "$REPO/com%2Fexample/x/1.0/x-1.0.txt" "${AUTH[@]}" \
	--data-binary "@$F/plain.txt"
check "a checksum of a checksum: 400" bad_put 400 "checksum of a checksum" \
	"com/example/ok/1.0/ok-1.0.jar.sha1.md5"
check "a file name that is not {artifactId}-{version}: 400" bad_put 400 "artifactId" \
	"com/example/x/1.0/y-1.0.txt"
check "a file of another version in a version folder: 400" bad_put 400 "artifactId" \
	"com/example/x/1.0/x-1.0.1.txt"
check "a timestamped build in a release folder: 400" bad_put 400 "artifactId" \
	"com/example/x/1.0/x-1.0-20240101.120000-1.jar"
check "no groupId: 400" bad_put 400 "groupId" "x/1.0/x-1.0.txt"
check "a path of 1100 bytes: 400" bad_put 400 "too long" \
	"com/$(printf 'a%.0s' {1..1100})/x/1.0/x-1.0.txt"
check "25 segments: 400" bad_put 400 "too many" "$(printf 'g/%.0s' {1..22})x/1.0/x-1.0.txt"
check "GET of an unsafe path: 400" \
	refused 400 "'\\.' or '\\.\\.'" GET "$REPO/com/example/../../../etc/passwd" --path-as-is "${AUTH[@]}"
check "GET of a path outside the layout: 404" \
	refused 404 "not found" GET "$REPO/com/example/x/1.0/y-1.0.jar" "${AUTH[@]}"

# ---- poms
printf 'this is not XML\n' >"$F/notxml.pom"
cat >"$F/xxe.pom" <<-'EOF'
	<?xml version="1.0"?>
	<!DOCTYPE project [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
	<project><groupId>com.example</groupId><artifactId>x</artifactId><version>1.0</version>
	<description>&xxe;</description></project>
EOF
cat >"$F/lol.pom" <<-'EOF'
	<?xml version="1.0"?>
	<!DOCTYPE project [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
	<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">]>
	<project><groupId>com.example</groupId><artifactId>x</artifactId><version>1.0</version>
	<description>&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;</description></project>
EOF
cat >"$F/dtd.pom" <<-EOF
	<?xml version="1.0"?>
	<!DOCTYPE project SYSTEM "$DEPOT_URL/never-fetched.dtd">
	<project><groupId>com.example</groupId><artifactId>x</artifactId><version>1.0</version></project>
EOF
printf '<project><groupId>com.example</groupId><artifactId>x</artifactId><version>1.0</version><name>&undefined;</name></project>' \
	>"$F/undefined.pom"
pom com.example other 1.0 >"$F/other.pom"
pom com.example x 2.0 >"$F/v2.pom"
pom com.example x 1.0 "<description>$(head -c 1100000 /dev/zero | tr '\0' 'x')</description>" >"$F/huge.pom"
check "a pom that is not XML: 400" bad_put 400 "invalid pom: pom is not XML" \
	com/example/x/1.0/x-1.0.pom "$F/notxml.pom"
xxe_refused() {
	bad_put 400 "DOCTYPE" com/example/x/1.0/x-1.0.pom "$F/xxe.pom" || return 1
	! grep -q 'root:' "$BODY"
}
check "a pom with an external entity (XXE): 400, nothing of /etc/passwd echoed" xxe_refused
check "a pom with an entity expansion bomb: 400" bad_put 400 "DOCTYPE" \
	com/example/x/1.0/x-1.0.pom "$F/lol.pom"
check "a pom with an external DTD: 400" bad_put 400 "DOCTYPE" com/example/x/1.0/x-1.0.pom "$F/dtd.pom"
check "a pom with an undefined entity: 400" bad_put 400 "not XML" \
	com/example/x/1.0/x-1.0.pom "$F/undefined.pom"
check "a pom for another artifactId: 400" bad_put 400 "pom is for com.example:other:1.0" \
	com/example/x/1.0/x-1.0.pom "$F/other.pom"
check "a pom for another version: 400" bad_put 400 "pom is for com.example:x:2.0" \
	com/example/x/1.0/x-1.0.pom "$F/v2.pom"
check "a pom over 1 MiB: 400" bad_put 400 "larger than" com/example/x/1.0/x-1.0.pom "$F/huge.pom"

# ---- jars
check "a jar that is not a zip: 400" bad_put 400 "invalid jar: not a zip" \
	com/example/x/1.0/x-1.0.jar "$F/plain.txt"
check "a zip bomb jar (64 MiB of zeros): 400" bad_put 400 "invalid jar: .*expands too much" \
	com/example/x/1.0/x-1.0.jar "$F/bomb.jar"
check "a jar with an entry ../../x: 400" bad_put 400 "invalid jar: unsafe path" \
	com/example/x/1.0/x-1.0.jar "$F/dotdot.jar"
check "a sources jar with an absolute entry: 400" bad_put 400 "invalid jar: unsafe path" \
	com/example/x/1.0/x-1.0-sources.jar "$F/absolute.jar"

# ---- checksums
sha1_mismatch() {
	put 201 "$G/x/1.0/x-1.0.jar" "$F/good.jar" || return 1
	refused 400 "checksum mismatch.*removed" PUT "$G/x/1.0/x-1.0.jar.sha1" "${AUTH[@]}" \
		--data-binary 0000000000000000000000000000000000000000 || return 1
	expect_status 404 GET "$G/x/1.0/x-1.0.jar" "${AUTH[@]}"
}
check "a .sha1 that disagrees with the jar just PUT: 400, the jar is removed, nothing left" sha1_mismatch
md5_mismatch_old() {
	refused 400 "checksum mismatch.*stored file has md5" PUT "$G/ok/1.0/ok-1.0.jar.md5" \
		"${AUTH[@]}" --data-binary d41d8cd98f00b204e9800998ecf8427e || return 1
	expect_status 200 GET "$G/ok/1.0/ok-1.0.jar" "${AUTH[@]}" && cmp "$BODY" "$F/good.jar"
}
check "a .md5 that disagrees with an hour-old jar: 400, the jar stays" md5_mismatch_old
check "a malformed .sha256 (not hex): 400" \
	refused 400 "malformed \\.sha256" PUT "$G/ok/1.0/ok-1.0.jar.sha256" "${AUTH[@]}" \
	--data-binary "$(printf 'z%.0s' {1..64})"
check "a .sha512 of the wrong length: 400" \
	refused 400 "expected 128 hex digits" PUT "$G/ok/1.0/ok-1.0.jar.sha512" "${AUTH[@]}" \
	--data-binary "$(sha1sum <"$F/good.jar" | cut -d' ' -f1)"
check "a checksum for a file never deployed: 400" \
	refused 400 "deploy the file first" PUT "$G/ok/1.0/ok-1.0-javadoc.jar.sha1" "${AUTH[@]}" \
	--data-binary "$(sha1sum <"$F/good.jar" | cut -d' ' -f1)"
check "a checksum file over 1 KiB: 413" \
	refused 413 "larger than" PUT "$G/ok/1.0/ok-1.0.jar.sha1" "${AUTH[@]}" \
	--data-binary "$(printf ' %.0s' {1..2000})"
check "the checksums of the control jar are still served" \
	expect_status 200 GET "$G/ok/1.0/ok-1.0.jar.sha1" "${AUTH[@]}"

# ---- client maven-metadata.xml
md() { printf '<metadata><groupId>%s</groupId><artifactId>%s</artifactId>%s</metadata>' "$@"; }
check "client metadata that is not XML: 400" \
	refused 400 "invalid maven-metadata.xml" PUT "$G/ok/maven-metadata.xml" "${AUTH[@]}" \
	--data-binary 'not xml'
check "client metadata with an external entity: 400" \
	refused 400 "DOCTYPE" PUT "$G/ok/maven-metadata.xml" "${AUTH[@]}" --data-binary \
	'<!DOCTYPE metadata [<!ENTITY e SYSTEM "file:///etc/passwd">]><metadata><groupId>&e;</groupId></metadata>'
check "client metadata for another artifact: 400" \
	refused 400 "is for com.example:other" PUT "$G/ok/maven-metadata.xml" "${AUTH[@]}" \
	--data-binary "$(md com.example other '')"
check "client snapshot metadata for another version: 400" \
	refused 400 "not for its path" PUT "$G/ok/1.1-SNAPSHOT/maven-metadata.xml" "${AUTH[@]}" \
	--data-binary "$(md com.example ok '<version>9-SNAPSHOT</version>')"
check "a malformed .sha1 of maven-metadata.xml: 400" \
	refused 400 "malformed" PUT "$G/ok/maven-metadata.xml.sha1" "${AUTH[@]}" --data-binary 'nope'
server_keeps_its_own() {
	expect_status 201 PUT "$G/ok/maven-metadata.xml" "${AUTH[@]}" --data-binary \
		"$(md com.example ok '<versioning><release>9.9</release><versions><version>9.9</version></versions></versioning>')" ||
		return 1
	nothing_left || return 1
	expect_status 200 GET "$G/ok/maven-metadata.xml" "${AUTH[@]}" &&
		grep -q '<release>1.0</release>' "$BODY" && ! grep -q 9.9 "$BODY"
}
check "a good client maven-metadata.xml: 201, but the server serves its own" server_keeps_its_own

# ---- releases are immutable, plain snapshots are replaced
release_redeploy() {
	refused 409 "cannot redeploy 'ok-1.0.jar'" PUT "$G/ok/1.0/ok-1.0.jar" "${AUTH[@]}" \
		--data-binary "@$F/good2.jar" || return 1
	expect_status 200 GET "$G/ok/1.0/ok-1.0.jar" "${AUTH[@]}" && cmp "$BODY" "$F/good.jar"
}
check "a release jar PUT again: 409, unchanged" release_redeploy
snapshot_replace() {
	local n0 n1
	put 201 "$G/ok/2.0-SNAPSHOT/ok-2.0-SNAPSHOT.jar" "$F/good.jar" || return 1
	n0=$(blobs_now | wc -l)
	put 201 "$G/ok/2.0-SNAPSHOT/ok-2.0-SNAPSHOT.jar" "$F/good2.jar" || return 1
	n1=$(blobs_now | wc -l)
	expect_status 200 GET "$G/ok/2.0-SNAPSHOT/ok-2.0-SNAPSHOT.jar" "${AUTH[@]}" &&
		cmp "$BODY" "$F/good2.jar" || return 1
	# good.jar's blob stays (ok-1.0.jar has the same bytes); good2 is new
	((n1 == n0 + 1)) || {
		echo "blobs: $n0 then $n1"
		return 1
	}
	expect_status 200 GET "$G/ok/2.0-SNAPSHOT/maven-metadata.xml" "${AUTH[@]}" &&
		grep -q '<value>2.0-SNAPSHOT</value>' "$BODY"
}
check "a plain -SNAPSHOT jar PUT again replaces the old one" snapshot_replace
ROWS_BEFORE=$(rows)
snapshot

# ---- who and where
check "anonymous PUT: 401, nothing left" \
	refused 401 "authentication" PUT "$G/x/1.0/x-1.0.txt" --data-binary "@$F/plain.txt"
check "a read-only token PUT: 403, nothing left" \
	refused 403 . PUT "$G/x/1.0/x-1.0.txt" -H "Authorization: Bearer $RO_TOKEN" \
	--data-binary "@$F/plain.txt"
check "another organization's token PUT: 404, nothing left" \
	refused 404 "not found" PUT "$G/x/1.0/x-1.0.txt" -H "Authorization: Bearer $OTHER_TOKEN" \
	--data-binary "@$F/plain.txt"
check "another organization's token GET: 404" \
	expect_status 404 GET "$G/ok/1.0/ok-1.0.jar" -H "Authorization: Bearer $OTHER_TOKEN"
check "a maven2 PUT to a files registry: 400, nothing left" \
	refused 400 "not a java" PUT "$DEPOT_URL/$ORG/bins/maven2/com/example/x/1.0/x-1.0.txt" \
	"${AUTH[@]}" --data-binary "@$F/plain.txt"
check "a maven2 GET on a javascript registry: 404" \
	refused 404 "not a java" GET "$DEPOT_URL/$ORG/web/maven2/com/example/ok/maven-metadata.xml" \
	"${AUTH[@]}"
too_big() {
	local code
	code=$(curl -s -o "$BODY" -w '%{http_code}' --max-time 20 -X PUT "${AUTH[@]}" \
		-H 'Content-Length: 2147483648' --data-binary 'x' \
		"$G/x/1.0/x-1.0.jar" 2>/dev/null) || true
	[[ $code == 413 ]] || {
		echo "HTTP $code"
		cat "$BODY"
		return 1
	}
	json_get .message | grep -qi 'too large' && nothing_left
}
check "a 2 GB PUT: 413 with a JSON message, nothing left" too_big
