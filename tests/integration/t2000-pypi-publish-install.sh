#!/usr/bin/env bash
# t2000-pypi-publish-install: the PyPI protocols with Debian's twine and pip:
# twine upload of wheels and sdists built by python3 -m build (token as the
# password, any user name), the duplicate refused in twine's words and
# skipped with --skip-existing; simple pages as PEP 503 HTML and PEP 691
# JSON by Accept (hashes, data-requires-python, PEP 658/714 core metadata
# and its .metadata file, redirects to the normalized URL, ETag); files
# sent by nginx; pip install with credentials in --index-url and through
# --extra-index-url, pip download, a requirements file with --hash (pip
# installs into venvs made by python3 -m venv); the
# registry made public (psql) and installed from anonymously; yank and
# unyank through the REST API (pip then skips the yanked version unless
# pinned with ==); the REST upload of a wheel.
# shellcheck source=tests/integration/lib.sh
. "$(dirname "$0")/lib.sh"

PY=/usr/bin/python3
command -v twine >/dev/null || bail "twine is not installed (Debian package twine)"
$PY -c 'import build, wheel, setuptools, venv' 2>/dev/null ||
	bail "python3-build, python3-wheel, python3-setuptools, python3-venv are needed"
command -v psql >/dev/null || bail "psql is not installed"

new_org t2000
API=$DEPOT_URL/api/v2/packages/organizations/$ORG
HOSTPORT=${DEPOT_URL#http://}
PYPI=$DEPOT_URL/$ORG/py/pypi
SIMPLE=$PYPI/simple
# pip and twine with the token in the URL (Basic: user __token__).
AUTH_SIMPLE=http://__token__:$TOKEN@$HOSTPORT/$ORG/py/pypi/simple/
PIP_JSON='application/vnd.pypi.simple.v1+json, application/vnd.pypi.simple.v1+html; q=0.1, text/html; q=0.01'

make_registry() { # make_registry NAME ECOSYSTEM SLUG
	http POST "$API/registries" "${AUTH[@]}" -H 'Content-Type: application/json' \
		-d "{\"name\":\"$1\",\"ecosystem\":\"$2\"}"
	[[ ($STATUS == 200 || $STATUS == 201) && $(json_get .slug) == "$3" ]] || {
		echo "HTTP $STATUS"
		cat "$BODY"
		return 1
	}
}
check "create a python registry (slug py)" make_registry Py python py
check "create a second, empty python registry (slug other)" make_registry Other python other

# ---- build: Demo.Hello 1.0.0 and 1.1.0 (which needs depot-dep), depot-dep 0.1.0
B=$TEST_TMP/build
DIST=$TEST_TMP/dist
mkdir -p "$DIST"
# mkproj NAME VERSION MODULE [DEPENDENCY]: a setuptools project in $B/NAME-VERSION
mkproj() {
	local d=$B/$1-$2 deps=
	[[ -n ${4:-} ]] && deps="dependencies = [\"$4\"]"
	mkdir -p "$d/src/$3"
	cat >"$d/pyproject.toml" <<-EOF
		[build-system]
		requires = ["setuptools>=61"]
		build-backend = "setuptools.build_meta"

		[project]
		name = "$1"
		version = "$2"
		description = "Depot test project $1 <$2> & co"
		readme = "README.md"
		requires-python = ">=3.7"
		$deps
	EOF
	printf '# %s\n\nVersion %s.\n' "$1" "$2" >"$d/README.md"
	printf 'VERSION = "%s"\n' "$2" >"$d/src/$3/__init__.py"
}
# build NAME VERSION: wheel and sdist into $DIST/NAME-VERSION/
build() {
	local d=$B/$1-$2
	(cd "$d" && timeout 120 $PY -m build --no-isolation --outdir "$DIST/$1-$2" . \
		>"$TEST_TMP/build.log" 2>&1) || {
		tail -n 20 "$TEST_TMP/build.log"
		return 1
	}
	ls "$DIST/$1-$2"/*.whl "$DIST/$1-$2"/*.tar.gz >/dev/null
}
mkproj Demo.Hello 1.0.0 demo_hello
mkproj Demo.Hello 1.1.0 demo_hello "depot-dep>=0.1"
mkproj depot_dep 0.1.0 depot_dep
for p in Demo.Hello-1.0.0 Demo.Hello-1.1.0 depot_dep-0.1.0; do
	check "python3 -m build --no-isolation $p (wheel and sdist)" build "${p%-*}" "${p##*-}"
done
WHL1=$(ls "$DIST"/Demo.Hello-1.0.0/*.whl)
SD1=$(ls "$DIST"/Demo.Hello-1.0.0/*.tar.gz)
WHL2=$(ls "$DIST"/Demo.Hello-1.1.0/*.whl)

# ---- twine upload
# twine_up USER ARGS...: twine upload to the registry with the token.
twine_up() {
	local user=$1
	shift
	TWINE_NON_INTERACTIVE=1 timeout 120 twine upload --disable-progress-bar \
		--repository-url "$PYPI/" -u "$user" -p "$TOKEN" "$@" >"$TEST_TMP/twine.out" 2>&1
	local rc=$?
	cat "$TEST_TMP/twine.out"
	return $rc
}
check "twine upload Demo.Hello 1.0.0 (wheel, sdist) as __token__" \
	twine_up __token__ "$DIST"/Demo.Hello-1.0.0/*
check "twine upload Demo.Hello 1.1.0 and depot_dep 0.1.0 with any user name" \
	twine_up someone "$DIST"/Demo.Hello-1.1.0/* "$DIST"/depot_dep-0.1.0/*
dup_refused() {
	if twine_up __token__ "$WHL1"; then
		echo "a second upload of the same file succeeded"
		return 1
	fi
	grep -q "409 Conflict" "$TEST_TMP/twine.out" &&
		grep -q "File already exists" "$TEST_TMP/twine.out"
}
check "twine upload of a file already there: 409, twine prints 'File already exists'" dup_refused
check "twine upload --skip-existing skips it" \
	twine_up __token__ --skip-existing "$DIST"/Demo.Hello-1.0.0/*

# ---- simple pages
check "project list (HTML) names both projects" \
	expect_status 200 GET "$SIMPLE/" "${AUTH[@]}"
if grep -q '<a href="demo-hello/">demo-hello</a>' "$BODY" && grep -q '<a href="depot-dep/">' "$BODY"; then
	ok "... with links to demo-hello/ and depot-dep/"
else
	not_ok "... links" "$(cat "$BODY")"
fi
check "project list (JSON)" expect_status 200 GET "$SIMPLE/" "${AUTH[@]}" -H "Accept: $PIP_JSON"
check "... lists 2 projects" expect_json '[.projects[].name] | sort | join(",")' demo-hello,depot-dep

sha() { sha256sum "$1" | cut -d' ' -f1; }
json_page() {
	expect_status 200 GET "$SIMPLE/demo-hello/" "${AUTH[@]}" -H "Accept: $PIP_JSON" || return 1
	[[ $(header Content-Type) == application/vnd.pypi.simple.v1+json ]] || {
		echo "Content-Type: $(header Content-Type)"
		return 1
	}
	[[ $(header Vary) == *Accept* ]] || {
		echo "Vary: $(header Vary)"
		return 1
	}
	cp "$BODY" "$TEST_TMP/page.json"
	expect_json '.meta["api-version"]' 1.1 &&
		expect_json '.name' demo-hello &&
		expect_json '.versions | join(",")' 1.0.0,1.1.0 &&
		expect_json '.files | length' 4 &&
		expect_json ".files[] | select(.filename == \"$(basename "$WHL1")\") | .hashes.sha256" "$(sha "$WHL1")" &&
		expect_json ".files[] | select(.filename == \"$(basename "$SD1")\") | .hashes.sha256" "$(sha "$SD1")" &&
		expect_json ".files[] | select(.filename == \"$(basename "$WHL1")\") | .size" "$(stat -c %s "$WHL1")" &&
		expect_json '[.files[]["requires-python"]] | unique | join(",")' '>=3.7' &&
		expect_json '[.files[].yanked] | unique | join(",")' false
}
check "project page, PEP 691 JSON (pip's Accept): versions, files, sha256, size, requires-python" json_page
core_meta() {
	local meta=$TEST_TMP/METADATA
	unzip -p "$WHL1" '*.dist-info/METADATA' >"$meta" || return 1
	expect_json ".files[] | select(.filename == \"$(basename "$WHL1")\") | .[\"core-metadata\"].sha256" \
		"$(sha "$meta")" "$TEST_TMP/page.json" || return 1
	expect_json ".files[] | select(.filename == \"$(basename "$SD1")\") | .[\"core-metadata\"]" false \
		"$TEST_TMP/page.json" || return 1
	expect_status 200 GET "$PYPI/files/demo-hello/$(basename "$WHL1").metadata" "${AUTH[@]}" || return 1
	cmp "$BODY" "$meta"
}
check "core-metadata (PEP 658/714): the wheel's METADATA sha256, served at <wheel>.metadata" core_meta
html_page() {
	expect_status 200 GET "$SIMPLE/demo-hello/" "${AUTH[@]}" || return 1
	[[ $(header Content-Type) == text/html* ]] || {
		echo "Content-Type: $(header Content-Type)"
		return 1
	}
	local w m
	w=$(basename "$WHL1")
	m=$(sha256sum <(unzip -p "$WHL1" '*.dist-info/METADATA') | cut -d' ' -f1)
	grep -qF "<a href=\"$PYPI/files/demo-hello/$w#sha256=$(sha "$WHL1")\" data-requires-python=\"&gt;=3.7\" data-dist-info-metadata=\"sha256=$m\" data-core-metadata=\"sha256=$m\">$w</a>" "$BODY" || {
		echo "no link for $w in:"
		cat "$BODY"
		return 1
	}
	grep -qF "<meta name=\"pypi:repository-version\" content=\"1.1\">" "$BODY"
}
check "project page, PEP 503 HTML: #sha256, escaped data-requires-python, core metadata attributes" html_page
check "project page as application/vnd.pypi.simple.v1+html when asked" \
	expect_status 200 GET "$SIMPLE/demo-hello/" "${AUTH[@]}" -H 'Accept: application/vnd.pypi.simple.v1+html'
if [[ $(header Content-Type) == application/vnd.pypi.simple.v1+html ]]; then
	ok "... with that Content-Type"
else
	not_ok "... Content-Type: $(header Content-Type)"
fi
check "?format=application/vnd.pypi.simple.v1+json gives JSON" \
	expect_status 200 GET "$SIMPLE/demo-hello/?format=application/vnd.pypi.simple.v1%2Bjson" "${AUTH[@]}"
check "... a JSON page" expect_json .name demo-hello
redirects() { # redirects PATH WANT (PATH "-": the list without its slash)
	local url=$SIMPLE/$1
	[[ $1 == - ]] && url=$SIMPLE
	expect_status 301 GET "$url" "${AUTH[@]}" || return 1
	[[ $(header Location) == "$SIMPLE/$2" ]] || {
		echo "Location: $(header Location)"
		return 1
	}
}
check "Demo.Hello/ redirects to demo-hello/" redirects Demo.Hello/ demo-hello/
check "DEMO__hello (no slash) redirects to demo-hello/" redirects DEMO__hello demo-hello/
check "demo-hello (no slash) redirects to demo-hello/" redirects demo-hello demo-hello/
check "the project list without its slash redirects" redirects - ""
etag_304() {
	expect_status 200 GET "$SIMPLE/demo-hello/" "${AUTH[@]}" -H "Accept: $PIP_JSON" || return 1
	local etag
	etag=$(header ETag)
	[[ -n $etag ]] || return 1
	expect_status 304 GET "$SIMPLE/demo-hello/" "${AUTH[@]}" -H "Accept: $PIP_JSON" -H "If-None-Match: $etag"
}
check "ETag and If-None-Match: 304" etag_304
check "an unknown project: 404" expect_status 404 GET "$SIMPLE/no-such-project/" "${AUTH[@]}"
check "a private registry's page is not Cache-Control: public" \
	expect_status 200 GET "$SIMPLE/demo-hello/" "${AUTH[@]}"
if [[ $(header Cache-Control) != *public* ]]; then
	ok "... (Cache-Control: $(header Cache-Control))"
else
	not_ok "... Cache-Control: $(header Cache-Control)"
fi

# ---- files, sent by nginx
file_get() {
	expect_status 200 GET "$PYPI/files/demo-hello/$(basename "$WHL1")" "${AUTH[@]}" || return 1
	cmp "$BODY" "$WHL1"
}
check "a wheel downloads byte for byte" file_get
check "Range request on a wheel: 206 (nginx sends the file)" \
	expect_status 206 GET "$PYPI/files/demo-hello/$(basename "$WHL1")" "${AUTH[@]}" -H 'Range: bytes=0-9'
check "anonymous download from a private registry: 401" \
	expect_status 401 GET "$PYPI/files/demo-hello/$(basename "$WHL1")"
check "anonymous simple page of a private registry: 401" \
	expect_status 401 GET "$SIMPLE/demo-hello/"

# ---- pip
# Only these settings: no user or site config, no find-links from outside.
for v in $(compgen -e | grep '^PIP_'); do
	unset "$v"
done
export PIP_CONFIG_FILE=/dev/null PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_NO_INPUT=1
nvenv=0
# pipx VENV ARGS...: Debian's pip working on a venv (pip --python: the
# venvs need no pip of their own, which makes them 10 times faster to
# create), bounded, output in $TEST_TMP/pip.out
pipx() {
	local v=$1 rc=0
	shift
	timeout 180 $PY -m pip --python "$v/bin/python" --no-cache-dir "$@" \
		>"$TEST_TMP/pip.out" 2>&1 || rc=$?
	cat "$TEST_TMP/pip.out"
	return $rc
}
new_venv() {
	nvenv=$((nvenv + 1))
	VENV=$TEST_TMP/venv$nvenv
	timeout 120 $PY -m venv --without-pip "$VENV"
}
# installed VENV MODULE WANT: the module's VERSION in that venv
installed() {
	local got
	got=$("$1/bin/python" -c "import $2; print($2.VERSION)" 2>&1) || true
	[[ $got == "$3" ]] || {
		echo "$2.VERSION is '$got', want '$3'"
		return 1
	}
}
pip_install() { # pip_install WANT ARGS...
	local want=$1
	shift
	new_venv || return 1
	pipx "$VENV" install "$@" || return 1
	installed "$VENV" demo_hello "$want"
}
check "pip install demo.hello with the token in --index-url: 1.1.0 and its dependency" \
	pip_install 1.1.0 --index-url "$AUTH_SIMPLE" demo.hello
if installed "$VENV" depot_dep 0.1.0 >/dev/null; then
	ok "... depot-dep 0.1.0 came from the registry too"
else
	not_ok "... depot-dep not installed" "$(cat "$TEST_TMP/pip.out")"
fi
check "pip install Demo_Hello==1.0.0" \
	pip_install 1.0.0 --index-url "$AUTH_SIMPLE" 'Demo_Hello==1.0.0'
check "pip install through --extra-index-url (the --index-url registry is empty)" \
	pip_install 1.1.0 --index-url "http://__token__:$TOKEN@$HOSTPORT/$ORG/other/pypi/simple/" \
	--extra-index-url "$AUTH_SIMPLE" demo-hello
pip_download() {
	local d=$TEST_TMP/dl
	pipx "$VENV" download --no-deps --dest "$d" --index-url "$AUTH_SIMPLE" demo-hello==1.0.0 || return 1
	cmp "$d/$(basename "$WHL1")" "$WHL1"
}
check "pip download demo-hello==1.0.0: the very wheel uploaded" pip_download
pip_hashes() { # pip_hashes HASH
	printf 'demo-hello==1.0.0 --hash=sha256:%s\n' "$1" >"$TEST_TMP/req.txt"
	new_venv || return 1
	pipx "$VENV" install --no-deps --require-hashes --index-url "$AUTH_SIMPLE" -r "$TEST_TMP/req.txt"
}
check "requirements.txt with --hash and --require-hashes installs" \
	pip_hashes "$(sha "$WHL1")"
hash_mismatch() {
	if pip_hashes 0000000000000000000000000000000000000000000000000000000000000000; then
		echo "installed despite a wrong hash"
		return 1
	fi
	grep -qi "hash" "$TEST_TMP/pip.out"
}
check "... and refuses a wrong hash" hash_mismatch
no_creds() {
	new_venv || return 1
	if pipx "$VENV" install -vv --index-url "$SIMPLE/" demo-hello; then
		echo "installed from a private registry without credentials"
		return 1
	fi
	grep -q "401 Client Error" "$TEST_TMP/pip.out"
}
check "pip without credentials on the private registry fails (401)" no_creds

# ---- public registry: anonymous installs
set_public() {
	psql -qAtX -v ON_ERROR_STOP=1 -c "UPDATE registries SET public = $1 WHERE slug = 'py'
		AND org_id = (SELECT id FROM organizations WHERE slug = '$ORG'); NOTIFY depot_meta, ''" >/dev/null
}
anon_is() { [[ $(curl -s -o /dev/null -w '%{http_code}' --max-time 10 "$SIMPLE/demo-hello/") == "$1" ]]; }
go_public() {
	set_public true || return 1
	wait_until 5 anon_is 200 || return 1
	local i
	for i in 1 2 3 4 5 6; do
		anon_is 200 || return 1
	done
}
if check "make the registry public (psql, NOTIFY depot_meta)" go_public; then
	check "anonymous simple page: 200, Cache-Control public" \
		expect_status 200 GET "$SIMPLE/demo-hello/"
	if [[ $(header Cache-Control) == *public* ]]; then
		ok "... Cache-Control: $(header Cache-Control)"
	else
		not_ok "... Cache-Control: $(header Cache-Control)"
	fi
	check "pip install from the public registry without credentials" \
		pip_install 1.1.0 --index-url "$SIMPLE/" demo-hello
	check "anonymous upload to a public registry: 401" \
		expect_status 401 POST "$PYPI/" -F ':action=file_upload' -F "content=@$WHL2"
	set_public false
	if wait_until 5 anon_is 401; then
		ok "private again: anonymous 401"
	else
		not_ok "private again"
	fi
fi

# ---- yank (PEP 592) through the REST API
pkg_id() { # pkg_id VERSION
	http GET "$API/registries/py/packages?name=demo-hello" "${AUTH[@]}"
	json_get ".items[] | select(.version == \"$1\") | .id"
}
ID2=$(pkg_id 1.1.0)
yank() {
	expect_status 200 POST "$API/registries/py/packages/$ID2/yank" "${AUTH[@]}" \
		-H 'Content-Type: application/json' -d '{"reason": "broken <build> & \"more\""}' || return 1
	expect_json .yanked true && expect_json .yanked_reason 'broken <build> & "more"'
}
check "yank demo-hello 1.1.0 with a reason (POST .../packages/{id}/yank)" yank
yanked_pages() {
	expect_status 200 GET "$SIMPLE/demo-hello/" "${AUTH[@]}" || return 1
	grep -qF "data-yanked=\"broken &lt;build&gt; &amp; &quot;more&quot;\">$(basename "$WHL2")</a>" "$BODY" || {
		cat "$BODY"
		return 1
	}
	expect_status 200 GET "$SIMPLE/demo-hello/" "${AUTH[@]}" -H "Accept: $PIP_JSON" || return 1
	expect_json ".files[] | select(.filename == \"$(basename "$WHL2")\") | .yanked" 'broken <build> & "more"' &&
		expect_json ".files[] | select(.filename == \"$(basename "$WHL1")\") | .yanked" false
}
check "the pages show it at once: data-yanked (escaped) and \"yanked\": reason" yanked_pages
check "pip install demo-hello skips the yanked 1.1.0: gets 1.0.0" \
	pip_install 1.0.0 --index-url "$AUTH_SIMPLE" demo-hello
check "pip install demo-hello==1.1.0 still installs the yanked version" \
	pip_install 1.1.0 --index-url "$AUTH_SIMPLE" demo-hello==1.1.0
unyank() {
	expect_status 200 DELETE "$API/registries/py/packages/$ID2/yank" "${AUTH[@]}" || return 1
	expect_json .yanked false
}
check "unyank (DELETE .../yank)" unyank
check "pip install demo-hello gets 1.1.0 again" \
	pip_install 1.1.0 --index-url "$AUTH_SIMPLE" demo-hello
yank_empty() {
	expect_status 200 POST "$API/registries/py/packages/$ID2/yank" "${AUTH[@]}" || return 1
	expect_json .yanked true || return 1
	expect_status 200 GET "$SIMPLE/demo-hello/" "${AUTH[@]}" -H "Accept: $PIP_JSON" || return 1
	expect_json ".files[] | select(.filename == \"$(basename "$WHL2")\") | .yanked" true || return 1
	expect_status 200 DELETE "$API/registries/py/packages/$ID2/yank" "${AUTH[@]}"
}
check "yank without a body: \"yanked\": true, then unyank" yank_empty

# ---- REST upload
rest_upload() {
	mkproj rest_pkg 2.0 rest_pkg && build rest_pkg 2.0 || return 1
	expect_status 200 POST "$API/registries/py/packages" "${AUTH[@]}" \
		-F "file=@$(ls "$DIST"/rest_pkg-2.0/*.whl)" || return 1
	expect_json .name rest-pkg && expect_json .version 2.0 || return 1
	expect_status 200 GET "$SIMPLE/rest-pkg/" "${AUTH[@]}" -H "Accept: $PIP_JSON" || return 1
	expect_json '.files[0].hashes.sha256' "$(sha "$(ls "$DIST"/rest_pkg-2.0/*.whl)")"
}
check "REST upload of a wheel (field 'file'): package rest-pkg 2.0, on its simple page" rest_upload
