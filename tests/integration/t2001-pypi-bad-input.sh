#!/usr/bin/env bash
# t2001-pypi-bad-input: uploads that must fail do so with the right status,
# a JSON {"message"} saying what is wrong (also in the status line, where
# twine prints it), and leave nothing behind: the project's files are
# unchanged (or it still 404s), no new file under data/blobs, nothing left
# in data/tmp.  Covered: credentials, the form (type, :action, field,
# digests, name, filetype), file names (extension, control characters,
# paths), archives (not a zip, not gzip, zip bomb, ../../x, no .dist-info,
# bad METADATA), a second sdist, the wrong ecosystem both ways, names on
# the simple pages, yank errors, and a body over upload_max on a second
# stack with upload_max = 64K.
# shellcheck source=tests/integration/lib.sh
. "$(dirname "$0")/lib.sh"

# A TERM from the runner's timeout still runs the cleanup (second stack).
trap 'exit 143' TERM INT

PY=/usr/bin/python3
command -v "$PY" >/dev/null || bail "python3 is not installed"

new_org t2001
API=$DEPOT_URL/api/v2/packages/organizations/$ORG
PYPI=$DEPOT_URL/$ORG/py/pypi
SIMPLE=$PYPI/simple
DATA=$(conf_get data_dir)
PIP_JSON='application/vnd.pypi.simple.v1+json'

make_registry() { # make_registry API_BASE AUTH_HEADER NAME ECOSYSTEM SLUG
	http POST "$1/registries" -H "$2" -H 'Content-Type: application/json' \
		-d "{\"name\":\"$3\",\"ecosystem\":\"$4\"}"
	[[ ($STATUS == 200 || $STATUS == 201) && $(json_get .slug) == "$5" ]] || {
		echo "HTTP $STATUS"
		cat "$BODY"
		return 1
	}
}
make_registry "$API" "${AUTH[1]}" Py python py || bail "cannot create the python registry"
make_registry "$API" "${AUTH[1]}" Web javascript web || bail "cannot create the javascript registry"

RO_TOKEN=$(depotctl token create --org "$ORG" --user "$ADMIN_EMAIL" \
	--scopes read_registries,read_packages --description "t2001 read only")
own_token=$TOKEN own_org=$ORG own_auth=("${AUTH[@]}")
new_org t2001x
OTHER_TOKEN=$TOKEN
TOKEN=$own_token ORG=$own_org AUTH=("${own_auth[@]}")

# ---- artifacts, made with Python's zipfile and tarfile
A=$TEST_TMP/art
mkdir -p "$A"
cat >"$TEST_TMP/mkart.py" <<'EOF'
# mkart.py DIR: every artifact this test uploads.
import gzip, io, os, sys, tarfile, zipfile
d = sys.argv[1]
def meta(name='kept', version='1.0', extra=b''):
    return (b'Metadata-Version: 2.1\nName: ' + name.encode() + b'\nVersion: ' +
            version.encode() + b'\nRequires-Python: >=3.7\n' + extra + b'\nreadme\n')
def wheel(fname, entries):
    with zipfile.ZipFile(os.path.join(d, fname), 'w', zipfile.ZIP_DEFLATED) as z:
        for p, data in entries:
            z.writestr(p, data)
def sdist(fname, entries):
    b = io.BytesIO()
    with tarfile.open(fileobj=b, mode='w') as t:
        for p, data in entries:
            ti = tarfile.TarInfo(p)
            ti.size = len(data)
            t.addfile(ti, io.BytesIO(data))
    open(os.path.join(d, fname), 'wb').write(gzip.compress(b.getvalue()))
def ok_wheel(name, version, fname=None, extra=()):
    info = '%s-%s.dist-info/' % (name, version)
    wheel(fname or '%s-%s-py3-none-any.whl' % (name, version),
          [(name + '/__init__.py', b'x = 1\n'), (info + 'METADATA', meta(name, version)),
           (info + 'WHEEL', b'Wheel-Version: 1.0\n')] + list(extra))
ok_wheel('kept', '1.0')
sdist('kept-1.0.tar.gz', [('kept-1.0/PKG-INFO', meta()), ('kept-1.0/setup.py', b'')])
with zipfile.ZipFile(os.path.join(d, 'kept-1.0.zip'), 'w') as z:
    z.writestr('kept-1.0/PKG-INFO', meta())
ok_wheel('bad', '1.0')
ok_wheel('bad', '2.0')
open(os.path.join(d, 'notzip.whl'), 'wb').write(b'this is not a zip file\n')
open(os.path.join(d, 'notgz.tar.gz'), 'wb').write(b'this is not gzip\n')
# 64 MiB of zeros deflate to about 64 KiB: far past the 200x ratio.
ok_wheel('bad', '1.0', 'bomb.whl', [('bad/zeros.bin', b'\0' * (64 << 20))])
ok_wheel('bad', '1.0', 'dotdot.whl', [('../../x', b'evil\n')])
wheel('noinfo.whl', [('bad/__init__.py', b'')])
wheel('nover.whl', [('bad-1.0.dist-info/METADATA', b'Metadata-Version: 2.1\nName: bad\n')])
wheel('badutf8.whl', [('bad-1.0.dist-info/METADATA', meta(extra=b'Summary: \xc3\x28\n'))])
ok_wheel('other', '1.0', 'other.whl')
# Over 64 KiB, for the second stack: random bytes do not compress.
ok_wheel('big', '1.0', 'big.whl', [('big/blob.bin', os.urandom(100 * 1024))])
# An npm package tarball, for the wrong ecosystem.
sdist('npm.tgz', [('package/package.json', b'{"name":"x","version":"1.0.0"}')])
EOF
$PY "$TEST_TMP/mkart.py" "$A" || bail "cannot make the artifacts"

cat >"$TEST_TMP/mkform.py" <<'EOF'
# mkform.py OUT FILE FILENAME [KEY=VALUE|KEY=-] ...: a multipart body as
# twine sends it (its digests computed from FILE) on stdout the boundary.
# KEY=- drops a field; the file goes in field "content" (or @field=NAME).
import hashlib, os, sys
out, path, fname = sys.argv[1], sys.argv[2], os.fsencode(sys.argv[3])
data = open(path, 'rb').read()
fields = {':action': 'file_upload', 'protocol_version': '1', 'name': '',
          'version': '', 'filetype': '', 'pyversion': '', 'metadata_version': '2.1',
          'summary': '', 'sha256_digest': hashlib.sha256(data).hexdigest(),
          'md5_digest': hashlib.md5(data).hexdigest()}
field = 'content'
for kv in sys.argv[4:]:
    k, v = kv.split('=', 1)
    if k == '@field':
        field = v
    elif v == '-':
        fields.pop(k, None)
    else:
        fields[k] = v
b = 'depot' + os.urandom(12).hex()
body = b''
for k, v in fields.items():
    body += ('--%s\r\nContent-Disposition: form-data; name="%s"\r\n\r\n%s\r\n' % (b, k, v)).encode()
body += ('--%s\r\nContent-Disposition: form-data; name="%s"; filename="' % (b, field)).encode()
body += fname + b'"\r\nContent-Type: application/octet-stream\r\n\r\n' + data + b'\r\n'
body += ('--%s--\r\n' % b).encode()
open(out, 'wb').write(body)
print(b)
EOF
# form_post URL_BASE AUTH_HEADER FILE FILENAME [FIELDS...]: upload like twine
form_post() {
	local url=$1 auth=$2 file=$3 name=$4 b
	shift 4
	b=$($PY "$TEST_TMP/mkform.py" "$TEST_TMP/form.bin" "$file" "$name" "$@") || return 1
	http POST "$url" ${auth:+-H "$auth"} -H "Content-Type: multipart/form-data; boundary=$b" \
		--data-binary "@$TEST_TMP/form.bin"
}
up() { # up FILE FILENAME [FIELDS...]: form_post to the python registry
	form_post "$PYPI/" "${AUTH[1]}" "$@"
}

control_upload() {
	local f
	for f in kept-1.0-py3-none-any.whl kept-1.0.tar.gz; do
		up "$A/$f" "$f" || return 1
		[[ $STATUS == 200 ]] || {
			echo "HTTP $STATUS for $f: $(cat "$BODY")"
			return 1
		}
	done
	expect_json .name kept && expect_json .version 1.0
}
check "upload kept 1.0 wheel and sdist (the control: a valid form works)" control_upload

# ---- "nothing behind"
blobs_now() { find "$1/blobs" -type f | sort; }
snapshot() { blobs_now "${1:-$DATA}" >"$TEST_TMP/blobs.before"; }
files_of() { # files_of PROJECT: its file names on the JSON page, or 404
	http GET "$SIMPLE/$1/" "${AUTH[@]}" -H "Accept: $PIP_JSON"
	if [[ $STATUS == 404 ]]; then
		echo 404
	else
		json_get '[.files[].filename] | join(",")'
	fi
}
KEPT_FILES=kept-1.0-py3-none-any.whl,kept-1.0.tar.gz
# nothing_left PROJECT [FILES] [DATA_DIR]: PROJECT 404s (or has exactly
# FILES), no blob appeared since the snapshot, DATA_DIR/tmp is empty.
nothing_left() {
	local want=${2:-404} data=${3:-$DATA} got left
	got=$(files_of "$1")
	[[ $got == "$want" ]] || {
		echo "files of $1: $got, want $want"
		return 1
	}
	if ! blobs_now "$data" | cmp -s - "$TEST_TMP/blobs.before"; then
		echo "new files under $data/blobs:"
		blobs_now "$data" | comm -13 "$TEST_TMP/blobs.before" -
		return 1
	fi
	left=$(find "$data/tmp" -mindepth 1 2>/dev/null | head -n 5)
	[[ -z $left ]] || {
		echo "left in $data/tmp:"
		echo "$left"
		return 1
	}
}
# refused DESC CODE REGEX PROJECT FILES CMD...: CMD (an upload through
# form_post/up or http) gets CODE with a JSON message matching REGEX
# (case-insensitive) that the status line repeats, and nothing is left.
refused() {
	local desc=$1 code=$2 re=$3 name=$4 files=$5
	shift 5
	snapshot
	_refused() {
		"$@" || return 1
		[[ $STATUS == "$code" ]] || {
			echo "HTTP $STATUS, want $code: $(head -c 2000 "$BODY")"
			return 1
		}
		[[ $(header Content-Type) == application/json* ]] || {
			echo "Content-Type: $(header Content-Type)"
			return 1
		}
		expect_json ".message | type == \"string\" and test(\"$re\"; \"i\")" true || return 1
		# The PyPI routes (not the REST API) repeat it in the status line.
		if ((code != 401 && code != 403 && code != 404)) && [[ $* == */pypi/* ]]; then
			local line msg
			line=$(head -n 1 "$HEADERS" | tr -d '\r')
			msg=$(json_get .message | head -c 60)
			[[ $line == *"$msg"* ]] || {
				echo "status line '$line' lacks the message '$msg'"
				return 1
			}
		fi
	}
	check "$desc: $code, message /$re/" _refused "$@"
	check "$desc: nothing left behind" nothing_left "$name" "$files"
}

# ---- credentials
refused "upload without credentials" 401 "auth" bad "" \
	form_post "$PYPI/" "" "$A/bad-1.0-py3-none-any.whl" bad-1.0-py3-none-any.whl
refused "upload with a read-only token" 403 "write_packages" bad "" \
	form_post "$PYPI/" "Authorization: Bearer $RO_TOKEN" "$A/bad-1.0-py3-none-any.whl" bad-1.0-py3-none-any.whl
refused "upload with another organization's token" 404 "not found" bad "" \
	form_post "$PYPI/" "Authorization: Basic $(printf '__token__:%s' "$OTHER_TOKEN" | base64 -w0)" \
	"$A/bad-1.0-py3-none-any.whl" bad-1.0-py3-none-any.whl

# ---- the form
refused "upload with a JSON body" 415 "multipart" bad "" \
	http POST "$PYPI/" "${AUTH[@]}" -H 'Content-Type: application/json' -d '{}'
refused "upload with :action=submit" 400 ":action" bad "" \
	up "$A/bad-1.0-py3-none-any.whl" bad-1.0-py3-none-any.whl :action=submit
refused "upload without :action" 400 ":action" bad "" \
	up "$A/bad-1.0-py3-none-any.whl" bad-1.0-py3-none-any.whl :action=-
refused "upload with the file in another field" 400 "content" bad "" \
	up "$A/bad-1.0-py3-none-any.whl" bad-1.0-py3-none-any.whl @field=file
refused "upload whose sha256_digest is not the file's" 400 "digest" bad "" \
	up "$A/bad-1.0-py3-none-any.whl" bad-1.0-py3-none-any.whl \
	sha256_digest=0000000000000000000000000000000000000000000000000000000000000000
refused "upload whose md5_digest is not the file's" 400 "digest" bad "" \
	up "$A/bad-1.0-py3-none-any.whl" bad-1.0-py3-none-any.whl md5_digest=00000000000000000000000000000000
refused "upload whose form names another project" 400 "name" bad "" \
	up "$A/bad-1.0-py3-none-any.whl" bad-1.0-py3-none-any.whl name=other
refused "upload whose form gives another version" 400 "version" bad "" \
	up "$A/bad-1.0-py3-none-any.whl" bad-1.0-py3-none-any.whl version=3.0
refused "upload of a wheel as filetype sdist" 400 "filetype" bad "" \
	up "$A/bad-1.0-py3-none-any.whl" bad-1.0-py3-none-any.whl filetype=sdist
check "a form with matching name, version, filetype and digests is taken (bad 2.0)" \
	up "$A/bad-2.0-py3-none-any.whl" bad-2.0-py3-none-any.whl name=Bad version=2.0 filetype=bdist_wheel
if [[ $STATUS == 200 ]]; then
	ok "... 200"
else
	not_ok "... HTTP $STATUS $(cat "$BODY")"
fi

# ---- file names
BAD2=bad-2.0-py3-none-any.whl
refused "upload of a .exe" 400 "not a wheel" bad "$BAD2" \
	up "$A/bad-1.0-py3-none-any.whl" bad-1.0.exe
# Control characters other than tab already fail the multipart parser.
refused "upload whose file name has a control character" 400 "file name|part header" bad "$BAD2" \
	up "$A/bad-1.0-py3-none-any.whl" "$(printf 'bad-1.0-py3-none-any\001.whl')"
refused "upload whose file name has a tab" 400 "file name" bad "$BAD2" \
	up "$A/bad-1.0-py3-none-any.whl" "$(printf 'bad-1.0-py3-none-any\t.whl')"
refused "upload whose file name has a newline" 400 "file name|part header" bad "$BAD2" \
	up "$A/bad-1.0-py3-none-any.whl" "$(printf 'bad-1.0-py3\nnone-any.whl')"
refused "upload whose file name is a path (../)" 400 "file name" bad "$BAD2" \
	up "$A/bad-1.0-py3-none-any.whl" ../bad-1.0-py3-none-any.whl
refused "upload whose file name names another project" 400 "does not match" bad "$BAD2" \
	up "$A/bad-1.0-py3-none-any.whl" other-1.0-py3-none-any.whl
refused "upload whose file name has another version" 400 "does not match" bad "$BAD2" \
	up "$A/bad-1.0-py3-none-any.whl" bad-1.1-py3-none-any.whl

# ---- archives
refused "a wheel that is not a zip" 400 "not a zip" bad "$BAD2" \
	up "$A/notzip.whl" bad-1.0-py3-none-any.whl
refused "an sdist that is not gzip" 400 "not a gzip" bad "$BAD2" \
	up "$A/notgz.tar.gz" bad-1.0.tar.gz
refused "a zip bomb ($(stat -c %s "$A/bomb.whl") bytes, 64 MiB inside)" 400 "expands too much" bad "$BAD2" \
	up "$A/bomb.whl" bad-1.0-py3-none-any.whl
refused "a wheel with an entry ../../x" 400 "unsafe path" bad "$BAD2" \
	up "$A/dotdot.whl" bad-1.0-py3-none-any.whl
refused "a wheel without .dist-info" 400 "dist-info" bad "$BAD2" \
	up "$A/noinfo.whl" bad-1.0-py3-none-any.whl
refused "a wheel whose METADATA has no Version" 400 "no Version" bad "$BAD2" \
	up "$A/nover.whl" bad-1.0-py3-none-any.whl
refused "a wheel whose METADATA is not UTF-8" 400 "UTF-8" bad "$BAD2" \
	up "$A/badutf8.whl" bad-1.0-py3-none-any.whl
check "... and the project 'other' inside other.whl was never created" \
	expect_status 404 GET "$SIMPLE/other/" "${AUTH[@]}"

# ---- duplicates
refused "the same wheel again" 409 "File already exists" kept "$KEPT_FILES" \
	up "$A/kept-1.0-py3-none-any.whl" kept-1.0-py3-none-any.whl
refused "a second sdist (.zip) of kept 1.0" 400 "one sdist" kept "$KEPT_FILES" \
	up "$A/kept-1.0.zip" kept-1.0.zip

# ---- wrong ecosystem, both ways
WEB_PYPI=$DEPOT_URL/$ORG/web/pypi
refused "twine-style upload to a javascript registry" 400 "javascript" bad "$BAD2" \
	form_post "$WEB_PYPI/" "${AUTH[1]}" "$A/bad-1.0-py3-none-any.whl" bad-1.0-py3-none-any.whl
check "the simple index of a javascript registry: 404" \
	expect_status 404 GET "$WEB_PYPI/simple/" "${AUTH[@]}"
check "a project page in a javascript registry: 404" \
	expect_status 404 GET "$WEB_PYPI/simple/kept/" "${AUTH[@]}"
refused "REST upload of a wheel to a javascript registry" 400 "tarball|gzip" bad "$BAD2" \
	http POST "$API/registries/web/packages" "${AUTH[@]}" -F "file=@$A/bad-1.0-py3-none-any.whl"
refused "REST upload of an npm tarball to a python registry" 400 "not a wheel" bad "$BAD2" \
	http POST "$API/registries/py/packages" "${AUTH[@]}" -F "file=@$A/npm.tgz"
refused "REST upload of a wheel under a name that is not its own" 400 "does not match" bad "$BAD2" \
	http POST "$API/registries/py/packages" "${AUTH[@]}" \
	-F "file=@$A/bad-1.0-py3-none-any.whl;filename=zzz-1.0-py3-none-any.whl"

# ---- names on the simple pages
check "an invalid project name (-x): 404" expect_status 404 GET "$SIMPLE/-x/" "${AUTH[@]}"
check "a project name with a NUL (%00): 400 (nginx)" expect_status 400 GET "$SIMPLE/a%00b/" "${AUTH[@]}"
check "a project name with a control character (%01): 404" \
	expect_status 404 GET "$SIMPLE/a%01b/" "${AUTH[@]}"
check "a file of another project: 404" \
	expect_status 404 GET "$PYPI/files/bad/kept-1.0.tar.gz" "${AUTH[@]}"
check "a .metadata of an sdist (none is kept): 404" \
	expect_status 404 GET "$PYPI/files/kept/kept-1.0.tar.gz.metadata" "${AUTH[@]}"

# ---- yank errors
http GET "$API/registries/py/packages?name=kept" "${AUTH[@]}"
KEPT_ID=$(json_get '.items[0].id')
YANK=$API/registries/py/packages/$KEPT_ID/yank
not_yanked() {
	expect_status 200 GET "$SIMPLE/kept/" "${AUTH[@]}" -H "Accept: $PIP_JSON" &&
		expect_json '[.files[].yanked] | unique | join(",")' false
}
yank_refused() { # yank_refused CODE REGEX CURL ARGS...
	local code=$1 re=$2
	shift 2
	expect_status "$code" "$@" || return 1
	expect_json ".message | test(\"$re\"; \"i\")" true || return 1
	not_yanked
}
J=(-H 'Content-Type: application/json')
check "yank with an unknown field: 400, not yanked" \
	yank_refused 400 "unknown field" POST "$YANK" "${AUTH[@]}" "${J[@]}" -d '{"why": "x"}'
check "yank with a reason that is not a string: 400" \
	yank_refused 400 "reason" POST "$YANK" "${AUTH[@]}" "${J[@]}" -d '{"reason": 5}'
check "yank with a 2000-byte reason: 400" \
	yank_refused 400 "reason" POST "$YANK" "${AUTH[@]}" "${J[@]}" \
	-d "{\"reason\": \"$(head -c 2000 /dev/zero | tr '\0' x)\"}"
check "yank with a body that is not JSON: 400" \
	yank_refused 400 "json" POST "$YANK" "${AUTH[@]}" "${J[@]}" -d 'nope'
check "yank with a read-only token: 403" \
	yank_refused 403 "write_packages" POST "$YANK" -H "Authorization: Bearer $RO_TOKEN"
check "yank with another organization's token: 404" \
	yank_refused 404 "not found" POST "$YANK" -H "Authorization: Bearer $OTHER_TOKEN"
check "yank of a package that does not exist: 404" \
	yank_refused 404 "not found" POST "$API/registries/py/packages/00000000-0000-4000-8000-000000000000/yank" "${AUTH[@]}"
check "yank in a javascript registry: 422" \
	yank_refused 422 "python" POST "$API/registries/web/packages/$KEPT_ID/yank" "${AUTH[@]}"

# ---- body over the limit: a second stack with upload_max = 64K
free_port() {
	local p
	for p in $((DEPOT_PORT + 113)) $((DEPOT_PORT + 223)) $((DEPOT_PORT + 331)) 18979 19379; do
		((p < 65536)) || continue
		(exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null && continue
		printf '%s\n' "$p"
		return 0
	done
	return 1
}
DEPOT_PORT=${DEPOT_PORT:-${DEPOT_URL##*:}}
S2=$(mktemp -d /tmp/depot-s2.XXXXXX)
chmod 755 "$S2" # PostgreSQL runs as its own user
at_exit rm -rf "$S2"
PORT2=$(free_port) || bail "no free port for the second stack"
stack2_down() { "$DEPOT_TOP/scripts/stack" down "$S2" 2>/dev/null; }
at_exit stack2_down
stack2_up() {
	"$DEPOT_TOP/scripts/stack" up "$S2" "$PORT2" >/dev/null 2>"$TEST_TMP/stack2.log" || {
		tail -n 20 "$TEST_TMP/stack2.log"
		return 1
	}
	printf 'upload_max = 64K\n' >>"$S2/depot.conf"
	"$DEPOT_TOP/scripts/stack" restart "$S2" >/dev/null 2>"$TEST_TMP/stack2.log" || {
		tail -n 20 "$TEST_TMP/stack2.log"
		return 1
	}
}
if check "a second stack with upload_max = 64K on port $PORT2" stack2_up &&
	[[ -f $S2/depot.conf ]]; then
	URL2=http://127.0.0.1:$PORT2
	ctl2() { "$DEPOTCTL" -c "$S2/depot.conf" "$@"; }
	ctl2 org create big >/dev/null
	printf 'password-%s\n' "$RANDOM$RANDOM" | ctl2 user create admin@big.test --org big --admin --password-stdin >/dev/null
	TOKEN2=$(ctl2 token create --org big --user admin@big.test --scopes "$ALL_SCOPES")
	AUTH2="Authorization: Bearer $TOKEN2"
	check "python registry on the second stack" \
		make_registry "$URL2/api/v2/packages/organizations/big" "$AUTH2" Py python py
	too_big() {
		snapshot "$S2/data"
		"$@" || return 1
		[[ $STATUS == 413 ]] || {
			echo "HTTP $STATUS, want 413: $(head -c 500 "$BODY")"
			return 1
		}
		expect_json '.message | test("large|limit|size"; "i")' true || return 1
		[[ $(curl -s -o /dev/null -w '%{http_code}' -H "$AUTH2" "$URL2/big/py/pypi/simple/big/") == 404 ]] || {
			echo "project big exists"
			return 1
		}
		blobs_now "$S2/data" | cmp -s - "$TEST_TMP/blobs.before" &&
			[[ -z $(find "$S2/data/tmp" -mindepth 1 2>/dev/null | head -n 1) ]]
	}
	check "twine-style upload over upload_max ($(stat -c %s "$A/big.whl") bytes > 64K): 413, nothing left" \
		too_big form_post "$URL2/big/py/pypi/" "$AUTH2" "$A/big.whl" big-1.0-py3-none-any.whl
	check "REST upload over upload_max: 413, nothing left" \
		too_big http POST "$URL2/api/v2/packages/organizations/big/registries/py/packages" \
		-H "$AUTH2" -F "file=@$A/big.whl;filename=big-1.0-py3-none-any.whl"
	small_ok() {
		form_post "$URL2/big/py/pypi/" "$AUTH2" "$A/kept-1.0-py3-none-any.whl" kept-1.0-py3-none-any.whl
		[[ $STATUS == 200 ]] || {
			echo "HTTP $STATUS $(cat "$BODY")"
			return 1
		}
	}
	check "an upload under the limit still works there" small_ok
fi
