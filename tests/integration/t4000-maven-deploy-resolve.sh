#!/usr/bin/env bash
# t4000-maven-deploy-resolve: the maven2 layout with the real mvn client
# (Debian's maven, deploy plugin 3.0.0, dependency plugin 3.5.0; plugins
# resolve from /usr/share/maven-repo): deploy-file of a release and of a
# SNAPSHOT twice (timestamped builds, a sources classifier) with Basic (any
# user, token as password) and with the Bearer header in settings.xml
# httpHeaders; mvn deploy of a project through its distributionManagement;
# the server's maven-metadata.xml (artifact and snapshot
# version level) and checksums of every file; HEAD, Range, ETag; a release
# deployed again is refused; dependency:get from a clean local repository
# with Basic, a tiny project resolving a dependency tree with Bearer, and
# anonymous resolution once the registry is made public with psql.
# shellcheck source=tests/integration/lib.sh
. "$(dirname "$0")/lib.sh"

MAVEN_REPO=/usr/share/maven-repo/org/apache/maven/plugins
command -v mvn >/dev/null || bail "mvn is not installed (apt-get install maven)"
command -v python3 >/dev/null || bail "python3 is not installed"
command -v psql >/dev/null || bail "psql is not installed"
[[ -d $MAVEN_REPO/maven-deploy-plugin/3.0.0 && -d $MAVEN_REPO/maven-dependency-plugin/3.5.0 ]] ||
	bail "Maven plugins missing: apt-get install libmaven-deploy-plugin-java libmaven-dependency-plugin-java junit4"
DEPLOY=org.apache.maven.plugins:maven-deploy-plugin:3.0.0
DEP=org.apache.maven.plugins:maven-dependency-plugin:3.5.0

new_org t4000
API=$DEPOT_URL/api/v2/packages/organizations/$ORG
REPO=$DEPOT_URL/$ORG/jvm/maven2
GROUP_PATH=com/example/demo

create_registry() {
	http POST "$API/registries" "${AUTH[@]}" -H 'Content-Type: application/json' \
		-d '{"name":"Jvm","ecosystem":"java"}'
	[[ $STATUS == 200 || $STATUS == 201 ]] || {
		echo "HTTP $STATUS"
		cat "$BODY"
		return 1
	}
	expect_json .slug jvm && expect_json .ecosystem java
}
check "create a java registry (slug jvm)" create_registry

W=$TEST_TMP/mvn
mkdir -p "$W"
# settings FILE LOCAL_REPO [SERVERS]: a settings.xml using Debian's plugins.
settings() {
	cat >"$1" <<-EOF
		<settings>
		  <localRepository>$2</localRepository>
		  <mirrors><mirror><id>debian</id><mirrorOf>central</mirrorOf><url>file:///usr/share/maven-repo</url></mirror></mirrors>
		  <servers>${3:-}</servers>
		</settings>
	EOF
}
SERVERS="
    <server><id>depot-basic</id><username>anyone</username><password>$TOKEN</password></server>
    <server><id>depot-bearer</id><configuration><httpHeaders><property>
      <name>Authorization</name><value>Bearer $TOKEN</value>
    </property></httpHeaders></configuration></server>"
settings "$W/settings.xml" "$W/m2-deploy" "$SERVERS"

# mvnx ARGS...: mvn -B with the settings above (SETTINGS=FILE to change);
# output in $TEST_TMP/mvn.out, printed on failure. Runs and seconds are
# counted for the summary at the end.
MVN_RUNS=0 MVN_SECONDS=0
# Short JVM runs start about three times faster on a busy machine with the
# client compiler only and the serial collector.
export MAVEN_OPTS=${MAVEN_OPTS:-"-XX:TieredStopAtLevel=1 -XX:+UseSerialGC"}
mvnx() {
	local s=${SETTINGS:-$W/settings.xml} rc=0 t0=$SECONDS
	timeout 180 mvn -B -s "$s" "$@" >"$TEST_TMP/mvn.out" 2>&1 || rc=$?
	MVN_RUNS=$((MVN_RUNS + 1))
	MVN_SECONDS=$((MVN_SECONDS + SECONDS - t0))
	((rc == 0)) || tail -n 40 "$TEST_TMP/mvn.out"
	return "$rc"
}

# make_jar OUT WORD: a small jar (zip) whose entries mention WORD.
make_jar() {
	python3 - "$1" "$2" <<-'EOF'
		import sys, zipfile
		with zipfile.ZipFile(sys.argv[1], "w", zipfile.ZIP_DEFLATED) as z:
		    z.writestr("META-INF/MANIFEST.MF", "Manifest-Version: 1.0\r\n\r\n")
		    z.writestr("com/example/demo/" + sys.argv[2] + ".txt", sys.argv[2] * 50)
	EOF
}
make_jar "$W/hello-1.0.0.jar" hello100
make_jar "$W/hello-1.0.0-sources.jar" hellosrc100
make_jar "$W/hello-snap1.jar" hellosnap1
make_jar "$W/hello-snap2.jar" hellosnap2
make_jar "$W/hello-snap-sources.jar" hellosnapsrc
make_jar "$W/app-1.0.0.jar" app100
cat >"$W/app.pom" <<-'EOF'
	<?xml version="1.0" encoding="UTF-8"?>
	<project xmlns="http://maven.apache.org/POM/4.0.0">
	  <modelVersion>4.0.0</modelVersion>
	  <groupId>com.example.demo</groupId>
	  <artifactId>demo-app</artifactId>
	  <version>1.0.0</version>
	  <name>Demo app</name>
	  <description>Depends on demo-hello</description>
	  <dependencies>
	    <dependency>
	      <groupId>com.example.demo</groupId>
	      <artifactId>demo-hello</artifactId>
	      <version>1.0.0</version>
	    </dependency>
	  </dependencies>
	</project>
EOF

deploy() { # deploy REPO_ID FILE VERSION [ARGS...]
	local id=$1 file=$2 version=$3
	shift 3
	mvnx "$DEPLOY:deploy-file" -Dfile="$file" -DgroupId=com.example.demo \
		-DartifactId=demo-hello -Dversion="$version" -Dpackaging=jar \
		-DrepositoryId="$id" -Durl="$REPO/" "$@"
}

# ---- deploy
check "mvn deploy-file demo-hello 1.0.0 with a sources jar (Basic: any user, token as password)" \
	deploy depot-basic "$W/hello-1.0.0.jar" 1.0.0 -Dsources="$W/hello-1.0.0-sources.jar"
check "mvn deploy-file demo-hello 1.1.0-SNAPSHOT with sources (Bearer in settings.xml httpHeaders)" \
	deploy depot-bearer "$W/hello-snap1.jar" 1.1.0-SNAPSHOT -Dsources="$W/hello-snap-sources.jar"
check "mvn deploy-file demo-hello 1.1.0-SNAPSHOT again: a second timestamped build" \
	deploy depot-bearer "$W/hello-snap2.jar" 1.1.0-SNAPSHOT
check "mvn deploy-file demo-app 1.0.0 with its own pom (depends on demo-hello 1.0.0)" \
	mvnx "$DEPLOY:deploy-file" -Dfile="$W/app-1.0.0.jar" -DpomFile="$W/app.pom" \
	-DrepositoryId=depot-bearer -Durl="$REPO/"

# mvn deploy of a project: its distributionManagement names the server id
# of settings.xml (REFERENCE.md 2.3). Debian has no compiler or install
# plugin, so the project packages prepared classes with jar:jar and runs
# deploy:deploy in the same build.
project_deploy() {
	local p=$W/lib
	mkdir -p "$p/target/classes/com/example/lib"
	printf 'lib\n' >"$p/target/classes/com/example/lib/Lib.txt"
	cat >"$p/pom.xml" <<-EOF
		<project xmlns="http://maven.apache.org/POM/4.0.0">
		  <modelVersion>4.0.0</modelVersion>
		  <groupId>com.example.demo</groupId>
		  <artifactId>demo-lib</artifactId>
		  <version>3.0.0</version>
		  <distributionManagement>
		    <repository><id>depot-bearer</id><url>$REPO/</url></repository>
		    <snapshotRepository><id>depot-bearer</id><url>$REPO/</url></snapshotRepository>
		  </distributionManagement>
		</project>
	EOF
	mvnx -f "$p/pom.xml" org.apache.maven.plugins:maven-jar-plugin:3.3.0:jar "$DEPLOY:deploy" ||
		return 1
	expect_status 200 GET "$REPO/$GROUP_PATH/demo-lib/3.0.0/demo-lib-3.0.0.jar" "${AUTH[@]}" &&
		cmp "$BODY" "$p/target/demo-lib-3.0.0.jar" &&
		expect_status 200 GET "$REPO/$GROUP_PATH/demo-lib/maven-metadata.xml" "${AUTH[@]}" &&
		grep -q '<release>3.0.0</release>' "$BODY"
}
check "mvn deploy of a project with distributionManagement (jar:jar deploy:deploy, Bearer)" \
	project_deploy

redeploy_refused() {
	! deploy depot-bearer "$W/app-1.0.0.jar" 1.0.0 >/dev/null || {
		echo "mvn deploy-file of a release again succeeded"
		return 1
	}
	grep -q '409' "$TEST_TMP/mvn.out" || {
		tail -n 20 "$TEST_TMP/mvn.out"
		return 1
	}
	expect_status 200 GET "$REPO/$GROUP_PATH/demo-hello/1.0.0/demo-hello-1.0.0.jar" "${AUTH[@]}" &&
		cmp "$BODY" "$W/hello-1.0.0.jar"
}
check "mvn deploy-file of release 1.0.0 again fails with 409; the jar is unchanged" redeploy_refused

# ---- what the server serves
# xml_values TAG [FILE]: the text of every <TAG>, comma-joined (the server
# writes one element a line).
xml_values() {
	sed -n "s:.*<$1>\(.*\)</$1>.*:\1:p" "${2:-$BODY}" | paste -sd, -
}
expect_xml() { # expect_xml TAG WANT
	local got
	got=$(xml_values "$1")
	[[ $got == "$2" ]] && return 0
	echo "<$1>: expected '$2', got '$got' in:"
	cat "$BODY"
	return 1
}

artifact_metadata() {
	expect_status 200 GET "$REPO/$GROUP_PATH/demo-hello/maven-metadata.xml" "${AUTH[@]}" &&
		[[ $(header Content-Type) == application/xml* ]] &&
		expect_xml groupId com.example.demo && expect_xml artifactId demo-hello &&
		expect_xml latest 1.1.0-SNAPSHOT && expect_xml release 1.0.0 &&
		expect_xml version 1.0.0,1.1.0-SNAPSHOT &&
		[[ $(xml_values lastUpdated) =~ ^20[0-9]{12}$ ]]
}
check "maven-metadata.xml: release 1.0.0, latest 1.1.0-SNAPSHOT, both versions" artifact_metadata

snapshot_metadata() {
	local ts
	expect_status 200 GET "$REPO/$GROUP_PATH/demo-hello/1.1.0-SNAPSHOT/maven-metadata.xml" \
		"${AUTH[@]}" || return 1
	ts=$(xml_values timestamp)
	[[ $ts =~ ^20[0-9]{6}\.[0-9]{6}$ ]] || {
		echo "timestamp '$ts'"
		cat "$BODY"
		return 1
	}
	expect_xml version 1.1.0-SNAPSHOT && expect_xml buildNumber 2 &&
		expect_xml extension jar,pom,jar && expect_xml classifier sources || return 1
	# jar and pom from build 2, sources only in build 1
	[[ $(xml_values value) =~ ^1\.1\.0-$ts-2,1\.1\.0-$ts-2,1\.1\.0-20[0-9]{6}\.[0-9]{6}-1$ ]] || {
		echo "values: $(xml_values value)"
		cat "$BODY"
		return 1
	}
	SNAP_VALUE=1.1.0-$ts-2
}
check "snapshot maven-metadata.xml: build 2 for jar and pom, build 1 for sources" snapshot_metadata

every_worker_sees_build_2() {
	local i
	for i in 1 2 3 4 5 6; do
		expect_status 200 GET "$REPO/$GROUP_PATH/demo-hello/1.1.0-SNAPSHOT/maven-metadata.xml" \
			"${AUTH[@]}" && expect_xml buildNumber 2 || return 1
	done
}
check "six GETs of the snapshot metadata all show build 2 (no stale worker cache)" \
	every_worker_sees_build_2

# sums URL FILE: the .md5/.sha1/.sha256/.sha512 of URL are FILE's digests.
sums() {
	local url=$1 file=$2 alg want
	for alg in md5 sha1 sha256 sha512; do
		want=$("${alg}sum" <"$file" | cut -d' ' -f1)
		expect_status 200 GET "$url.$alg" "${AUTH[@]}" || return 1
		[[ $(cat "$BODY") == "$want" ]] || {
			echo "$url.$alg: '$(cat "$BODY")', want $want"
			return 1
		}
	done
}
check "the jar's .md5, .sha1, .sha256 and .sha512" \
	sums "$REPO/$GROUP_PATH/demo-hello/1.0.0/demo-hello-1.0.0.jar" "$W/hello-1.0.0.jar"
check "the sources jar's checksums" \
	sums "$REPO/$GROUP_PATH/demo-hello/1.0.0/demo-hello-1.0.0-sources.jar" "$W/hello-1.0.0-sources.jar"
snapshot_jar_sums() {
	[[ -n ${SNAP_VALUE:-} ]] || return 1
	sums "$REPO/$GROUP_PATH/demo-hello/1.1.0-SNAPSHOT/demo-hello-$SNAP_VALUE.jar" "$W/hello-snap2.jar"
}
check "the timestamped snapshot jar's checksums" snapshot_jar_sums
metadata_sums() {
	local url=$REPO/$GROUP_PATH/demo-hello/$1maven-metadata.xml
	expect_status 200 GET "$url" "${AUTH[@]}" || return 1
	cp "$BODY" "$TEST_TMP/metadata.xml"
	sums "$url" "$TEST_TMP/metadata.xml"
}
check "maven-metadata.xml's checksums match the document served" metadata_sums ""
check "the snapshot maven-metadata.xml's checksums match too" metadata_sums 1.1.0-SNAPSHOT/
pom_sums() {
	local url=$REPO/$GROUP_PATH/demo-app/1.0.0/demo-app-1.0.0.pom
	expect_status 200 GET "$url" "${AUTH[@]}" || return 1
	cmp "$BODY" "$W/app.pom" && sums "$url" "$W/app.pom"
}
check "demo-app's pom is served as deployed, with its checksums" pom_sums

etag_304() {
	local url=$REPO/$GROUP_PATH/demo-hello/maven-metadata.xml etag
	expect_status 200 GET "$url" "${AUTH[@]}" || return 1
	etag=$(header ETag)
	[[ -n $etag ]] && expect_status 304 GET "$url" "${AUTH[@]}" -H "If-None-Match: $etag"
}
check "maven-metadata.xml has an ETag; If-None-Match gets 304" etag_304

head_and_range() {
	local url=$REPO/$GROUP_PATH/demo-hello/1.0.0/demo-hello-1.0.0.jar
	expect_status 200 HEAD "$url" "${AUTH[@]}" &&
		[[ $(header Content-Length) == "$(stat -c %s "$W/hello-1.0.0.jar")" ]] || return 1
	expect_status 206 GET "$url" "${AUTH[@]}" -H 'Range: bytes=0-3' &&
		[[ $(head -c 4 "$BODY" | od -An -tx1 | tr -d ' ') == 504b0304 ]]
}
check "HEAD of a jar gives its length; Range: bytes=0-3 gets the zip magic" head_and_range
not_public() {
	local u
	for u in demo-hello/1.0.0/demo-hello-1.0.0.jar demo-hello/1.0.0/demo-hello-1.0.0.jar.sha1 \
		demo-hello/maven-metadata.xml; do
		expect_status 200 HEAD "$REPO/$GROUP_PATH/$u" "${AUTH[@]}" || return 1
		[[ $(header Cache-Control) != *public* ]] || {
			echo "$u: Cache-Control: $(header Cache-Control)"
			return 1
		}
	done
}
check "a private registry's jar, checksum and metadata are not Cache-Control: public" not_public

package_metadata() {
	local id
	id=$(psql -qAtX -c "SELECT p.id FROM packages p JOIN registries r ON r.id = p.registry_id
		JOIN organizations o ON o.id = r.org_id WHERE o.slug = '$ORG'
		AND p.name = 'com.example.demo:demo-app' AND p.version = '1.0.0'")
	[[ -n $id ]] || {
		echo "no package row for demo-app 1.0.0"
		return 1
	}
	[[ $(psql -qAtX -c "SELECT metadata->>'description' || '|' ||
		(metadata->'dependencies'->0->>'artifactId') FROM packages WHERE id = '$id'") == \
		"Depends on demo-hello|demo-hello" ]] &&
		expect_status 200 GET "$API/registries/jvm/packages/$id" "${AUTH[@]}" &&
		expect_json .name com.example.demo:demo-app && expect_json .version 1.0.0
}
check "demo-app 1.0.0 is one package (g:a, version) with metadata read from its pom" package_metadata

# ---- resolve from a clean local repository
get_release_basic() {
	local m2=$W/m2-get
	rm -rf "$m2"
	settings "$W/settings-get.xml" "$m2" "$SERVERS"
	SETTINGS=$W/settings-get.xml mvnx -U "$DEP:get" -Dartifact=com.example.demo:demo-hello:1.0.0 \
		-DremoteRepositories="depot-basic::default::$REPO/" || return 1
	cmp "$m2/$GROUP_PATH/demo-hello/1.0.0/demo-hello-1.0.0.jar" "$W/hello-1.0.0.jar"
}
check "mvn dependency:get demo-hello:1.0.0 from a clean local repository (Basic)" get_release_basic

project_resolves() {
	local p=$W/project
	rm -rf "$p" "$W/m2-project"
	mkdir -p "$p"
	settings "$W/settings-project.xml" "$W/m2-project" "$SERVERS"
	cat >"$p/pom.xml" <<-EOF
		<project xmlns="http://maven.apache.org/POM/4.0.0">
		  <modelVersion>4.0.0</modelVersion>
		  <groupId>com.example.consumer</groupId>
		  <artifactId>consumer</artifactId>
		  <version>1</version>
		  <packaging>pom</packaging>
		  <repositories>
		    <repository>
		      <id>depot-bearer</id>
		      <url>$REPO/</url>
		      <releases><enabled>true</enabled></releases>
		      <snapshots><enabled>true</enabled></snapshots>
		    </repository>
		  </repositories>
		  <dependencies>
		    <dependency><groupId>com.example.demo</groupId><artifactId>demo-app</artifactId><version>1.0.0</version></dependency>
		    <dependency><groupId>com.example.demo</groupId><artifactId>demo-hello</artifactId><version>1.1.0-SNAPSHOT</version><classifier>sources</classifier></dependency>
		  </dependencies>
		</project>
	EOF
	SETTINGS=$W/settings-project.xml mvnx -U -f "$p/pom.xml" "$DEP:copy-dependencies" || return 1
	cmp "$p/target/dependency/demo-app-1.0.0.jar" "$W/app-1.0.0.jar" &&
		cmp "$p/target/dependency/demo-hello-1.0.0.jar" "$W/hello-1.0.0.jar" &&
		cmp "$p/target/dependency/demo-hello-1.1.0-SNAPSHOT-sources.jar" "$W/hello-snap-sources.jar"
}
check "a tiny project (Bearer) resolves demo-app, its dependency demo-hello, and a snapshot's sources" \
	project_resolves

# ---- public and private
set_public() {
	psql -qAtX -v ON_ERROR_STOP=1 -c "UPDATE registries SET public = $1 WHERE slug = 'jvm'
		AND org_id = (SELECT id FROM organizations WHERE slug = '$ORG'); NOTIFY depot_meta, ''" >/dev/null
}
anon_is() {
	[[ $(curl -s -o /dev/null -w '%{http_code}' --max-time 10 \
		"$REPO/$GROUP_PATH/demo-hello/maven-metadata.xml") == "$1" ]]
}
check "anonymous GET of maven-metadata.xml in the private registry: 401" anon_is 401
public_resolve() {
	local m2=$W/m2-anon
	set_public true || return 1
	wait_until 5 anon_is 200 || return 1
	rm -rf "$m2"
	settings "$W/settings-anon.xml" "$m2"
	SETTINGS=$W/settings-anon.xml mvnx -U "$DEP:get" \
		-Dartifact=com.example.demo:demo-hello:1.1.0-SNAPSHOT \
		-DremoteRepositories="public::default::$REPO/" || return 1
	[[ -n ${SNAP_VALUE:-} ]] &&
		cmp "$m2/$GROUP_PATH/demo-hello/1.1.0-SNAPSHOT/demo-hello-$SNAP_VALUE.jar" "$W/hello-snap2.jar"
}
check "made public with psql: dependency:get of the SNAPSHOT without credentials" public_resolve
private_again() {
	set_public false || return 1
	wait_until 5 anon_is 401 || return 1
	local i
	for i in 1 2 3 4 5 6; do
		anon_is 401 || return 1
	done
}
check "private again: anonymous 401 on every worker" private_again
diag "$MVN_RUNS mvn runs took ${MVN_SECONDS} s"
