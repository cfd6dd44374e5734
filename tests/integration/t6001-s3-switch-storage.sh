#!/usr/bin/env bash
# t6001-s3-switch-storage: switching a registry between hosted and private
# storage affects new packages only: versions published before, after and
# after switching back each keep being served from where they went (npm
# install of each); the organization's default storage goes to new
# registries; storage use refuses what it must; deleting a hosted version
# removes its file, deleting a registry on private storage marks its
# objects; depotctl gc removes an unreferenced hosted blob and marks an
# unreferenced object, leaving referenced ones alone.
# shellcheck source=tests/integration/lib.sh
. "$(dirname "$0")/lib.sh"

command -v npm >/dev/null || bail "npm is not installed"
s3_up || bail "cannot start the S3 server (scripts/s3node; Debian package swift)"

new_org t6001
API=$DEPOT_URL/api/v2/packages/organizations/$ORG
REG=$DEPOT_URL/$ORG/mixed/npm/
NPMRC_KEY=${REG#http:}

LINK=$(s3_link bucket "$ORG/" 2>"$TEST_TMP/diag") || {
	cat "$TEST_TMP/diag" >&2
	bail "storage add failed"
}
check "create registry 'mixed' (hosted: the organization default)" \
	expect_status 200 POST "$API/registries" "${AUTH[@]}" \
	-H 'Content-Type: application/json' -d '{"name":"Mixed","ecosystem":"javascript"}'

mkdir -p "$TEST_TMP/home"
{
	printf 'registry=%s\n' "$REG"
	printf '%s:_authToken=%s\n' "$NPMRC_KEY" "$TOKEN"
	printf 'audit=false\nfund=false\nupdate-notifier=false\nfetch-retries=0\nloglevel=warn\n'
} >"$TEST_TMP/npmrc"
npmx() {
	local cache=$TEST_TMP/cache rc=0
	if [[ ${1:-} == CACHE=* ]]; then
		cache=${1#CACHE=}
		shift
	fi
	npm_config_userconfig=$TEST_TMP/npmrc npm_config_cache=$cache \
		npm_config_globalconfig=$TEST_TMP/no-globalconfig \
		HOME=$TEST_TMP/home timeout 120 npm "$@" >"$TEST_TMP/npm.out" 2>&1 || rc=$?
	cat "$TEST_TMP/npm.out"
	return "$rc"
}
publish() {
	local dir=$TEST_TMP/src/$1-$2
	mkdir -p "$dir"
	printf '{"name":"%s","version":"%s","main":"index.js","license":"MIT"}\n' \
		"$1" "$2" >"$dir/package.json"
	printf 'module.exports = "%s %s";\n' "$1" "$2" >"$dir/index.js"
	(cd "$dir" && npmx publish)
}
install_check() {
	local spec=$1 name=$2 want=$3 proj=$TEST_TMP/proj-$RANDOM got
	mkdir -p "$proj"
	printf '{"name":"consumer","version":"1.0.0","private":true}\n' >"$proj/package.json"
	(cd "$proj" && npmx CACHE="$proj.cache" install "$spec") || return 1
	got=$(cd "$proj" && node -p "require('$name')") || return 1
	[[ $got == "$want" ]] || {
		echo "require('$name') gives '$got', want '$want'"
		return 1
	}
}
# storage_of REGISTRY VERSION: package_files.storage of that version.
storage_of() {
	psql -XAtc "SELECT f.storage FROM package_files f JOIN packages p ON
		p.id = f.package_id JOIN registries r ON r.id = p.registry_id JOIN
		organizations o ON o.id = r.org_id WHERE o.slug = '$ORG' AND
		r.slug = '$1' AND p.version = '$2'"
}
sha_of() {
	psql -XAtc "SELECT f.sha256 FROM package_files f JOIN packages p ON
		p.id = f.package_id JOIN registries r ON r.id = p.registry_id JOIN
		organizations o ON o.id = r.org_id WHERE o.slug = '$ORG' AND
		r.slug = '$1' AND p.version = '$2'"
}
expect_storage() {
	local got
	got=$(storage_of "$1" "$2")
	[[ $got == "$3" ]] || {
		echo "$1 $2 is in '$got', want '$3'"
		return 1
	}
}

# ---- hosted, then the link, then hosted again
check "publish 1.0.0 while hosted" publish depot-mixed 1.0.0
check "1.0.0 went to hosted storage" expect_storage mixed 1.0.0 hosted
check "storage use --registry mixed <id>" \
	depotctl storage use --org "$ORG" --registry mixed "$LINK"
check "publish 1.1.0 on the link" publish depot-mixed 1.1.0
check "1.1.0 went to the link" expect_storage mixed 1.1.0 "$LINK"
check "storage use --registry mixed hosted" \
	depotctl storage use --org "$ORG" --registry mixed hosted
check "publish 1.2.0 hosted again" publish depot-mixed 1.2.0
check "1.2.0 went to hosted storage" expect_storage mixed 1.2.0 hosted

served_from() {
	expect_status "$2" GET "${REG}depot-mixed/-/depot-mixed-$1.tgz" "${AUTH[@]}" || return 1
	if [[ $2 == 302 ]]; then
		[[ $(header Location) == "$DEPOT_S3_ENDPOINT/"* ]] || {
			echo "Location: $(header Location)"
			return 1
		}
	fi
}
check "1.0.0 is sent by nginx from hosted storage (200)" served_from 1.0.0 200
check "1.1.0 redirects to the bucket (302)" served_from 1.1.0 302
check "1.2.0 is sent from hosted storage (200)" served_from 1.2.0 200
check "npm install depot-mixed@1.0.0 (hosted)" \
	install_check depot-mixed@1.0.0 depot-mixed "depot-mixed 1.0.0"
check "npm install depot-mixed@1.1.0 (bucket)" \
	install_check depot-mixed@1.1.0 depot-mixed "depot-mixed 1.1.0"
check "npm install depot-mixed (1.2.0, hosted)" \
	install_check depot-mixed depot-mixed "depot-mixed 1.2.0"
check "two storage-switch audit events (REGISTRY_UPDATED)" \
	eval '[[ $(psql -XAtc "SELECT count(*) FROM audit_events a JOIN organizations o
		ON o.id = a.org_id WHERE o.slug = '"'$ORG'"' AND a.type = '"'REGISTRY_UPDATED'"'
		AND a.data ? '"'storage'"'") == 2 ]]'

# ---- refusals
check "storage use with an unknown link fails" \
	eval '! depotctl storage use --org "$ORG" --registry mixed nosuchlink 2>/dev/null'
check "storage use on an unknown registry fails" \
	eval '! depotctl storage use --org "$ORG" --registry nosuch "$LINK" 2>/dev/null'
other_org_link() {
	(
		new_org t6001b
		! depotctl storage use --org "$ORG" "$LINK" 2>/dev/null
	) || {
		echo "another organization's link was accepted"
		return 1
	}
}
check "a link of another organization is refused" other_org_link

# ---- the organization's default
check "storage use --org (default for new registries)" \
	depotctl storage use --org "$ORG" bucket
check "storage list names the default" \
	eval 'depotctl storage list --org "$ORG" | grep -q "^default for new registries: bucket$"'
check "create registry 'later'" \
	expect_status 200 POST "$API/registries" "${AUTH[@]}" \
	-H 'Content-Type: application/json' -d '{"name":"Later","ecosystem":"javascript"}'
check "the new registry stores on the default link" \
	eval '[[ $(psql -XAtc "SELECT storage_id FROM registries r JOIN organizations o
		ON o.id = r.org_id WHERE o.slug = '"'$ORG'"' AND r.slug = '"'later'"'") == "$LINK" ]]'
check "the existing registry keeps hosted storage" \
	eval '[[ -z $(psql -XAtc "SELECT storage_id FROM registries r JOIN organizations o
		ON o.id = r.org_id WHERE o.slug = '"'$ORG'"' AND r.slug = '"'mixed'"'") ]]'
later_publish() {
	REG=$DEPOT_URL/$ORG/later/npm/
	sed -i "s|^registry=.*|registry=$REG|" "$TEST_TMP/npmrc"
	printf '%s:_authToken=%s\n' "${REG#http:}" "$TOKEN" >>"$TEST_TMP/npmrc"
	publish depot-later 0.1.0 && expect_storage later 0.1.0 "$LINK"
}
check "a publish to the new registry goes to the link" later_publish
check "storage use --org ... hosted resets the default" \
	depotctl storage use --org "$ORG" hosted

# ---- deletes
REG=$DEPOT_URL/$ORG/mixed/npm/
sed -i "s|^registry=.*|registry=$REG|" "$TEST_TMP/npmrc"
H100=$(sha_of mixed 1.0.0)
S110=$(sha_of mixed 1.1.0)
unpublish_hosted() {
	(cd "$TEST_TMP/src/depot-mixed-1.0.0" && npmx unpublish depot-mixed@1.0.0 --force) || return 1
	[[ ! -e $DEPOT_DIR/data/blobs/sha256/${H100:0:2}/$H100 ]] || {
		echo "the hosted file of 1.0.0 is still there"
		return 1
	}
}
check "unpublishing a hosted version removes its file" unpublish_hosted
delete_registry() {
	expect_status 204 DELETE "$API/registries/mixed" "${AUTH[@]}" ||
		[[ $STATUS == 200 ]] || return 1
	s3_http HEAD "$ORG/sha256/$S110"
	[[ $STATUS == 200 && -n $(header x-amz-meta-depot-deleted) ]] || {
		s3_http GET "$ORG/sha256/$S110?tagging="
		grep -q '<Key>deleted</Key>' "$BODY"
	} || {
		echo "1.1.0's object: HTTP $STATUS, not marked deleted"
		return 1
	}
}
check "deleting the registry marks its objects in the bucket (kept)" delete_registry

# ---- gc
gc_run() {
	local junk osha dir
	junk=$(printf 'orphan %s' "$ORG" | sha256sum | cut -d' ' -f1)
	dir=$DEPOT_DIR/data/blobs/sha256/${junk:0:2}
	mkdir -p "$dir"
	printf 'orphan %s' "$ORG" >"$dir/$junk"
	osha=$(printf 'object %s' "$ORG" | sha256sum | cut -d' ' -f1)
	s3_http PUT "$ORG/sha256/$osha" --data-binary "object $ORG" || return 1
	[[ $STATUS == 200 ]] || {
		echo "cannot put the orphan object: HTTP $STATUS"
		return 1
	}
	depotctl gc --min-age 0 --dry-run >"$TEST_TMP/gc.dry" || return 1
	grep -q "unreferenced: hosted $junk" "$TEST_TMP/gc.dry" &&
		grep -q "unreferenced: $LINK $osha" "$TEST_TMP/gc.dry" || {
		echo "dry run did not list the orphans:"
		cat "$TEST_TMP/gc.dry"
		return 1
	}
	[[ -e $DEPOT_DIR/data/blobs/sha256/${junk:0:2}/$junk ]] || {
		echo "the dry run removed a file"
		return 1
	}
	depotctl gc --min-age 0 >"$TEST_TMP/gc.out" 2>&1 || {
		cat "$TEST_TMP/gc.out"
		return 1
	}
	[[ ! -e $DEPOT_DIR/data/blobs/sha256/${junk:0:2}/$junk ]] || {
		echo "the hosted orphan is still there"
		return 1
	}
	s3_http HEAD "$ORG/sha256/$osha"
	[[ $STATUS == 200 && -n $(header x-amz-meta-depot-deleted) ]] || {
		echo "the orphan object is not marked (HTTP $STATUS)"
		return 1
	}
}
check "depotctl gc: removes an unreferenced hosted blob, marks an unreferenced object" gc_run
kept() {
	s3_http HEAD "$ORG/sha256/$(sha_of later 0.1.0)"
	[[ $STATUS == 200 && -z $(header x-amz-meta-depot-deleted) ]] || {
		echo "a referenced object was marked (HTTP $STATUS)"
		return 1
	}
}
check "gc leaves referenced blobs alone" kept
check "depot-later still installs after gc" \
	eval 'REG=$DEPOT_URL/$ORG/later/npm/; sed -i "s|^registry=.*|registry=$REG|" "$TEST_TMP/npmrc";
		install_check depot-later depot-later "depot-later 0.1.0"'
