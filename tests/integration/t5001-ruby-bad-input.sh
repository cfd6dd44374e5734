#!/usr/bin/env bash
# t5001-ruby-bad-input: gem pushes that must fail do so with the right
# status and a plain-text message (gem prints the body as it is), and leave
# nothing behind: the gem is in no index, no new file under data/blobs,
# nothing in data/tmp.  A gem without metadata, entries named ../../x, not a
# tar, hostile metadata YAML (aliases, unknown tags, a bad name), a
# metadata bomb, the wrong ecosystem both ways, credentials, yank mistakes,
# and bodies over the limit (nginx's for a 2 GB claim; depotd's own on a
# second stack with upload_max = 64K, with the real gem client).
# shellcheck source=tests/integration/lib.sh
. "$(dirname "$0")/lib.sh"

# A TERM from the runner's timeout still runs the cleanup (second stack).
trap 'exit 143' TERM INT

command -v gem >/dev/null || bail "gem (Debian package ruby) is not installed"

new_org t5001
API=$DEPOT_URL/api/v2/packages/organizations/$ORG
SRC=$DEPOT_URL/$ORG/gems
DATA=$(conf_get data_dir)
A=$TEST_TMP/a
mkdir -p "$A" "$TEST_TMP/home"

make_registry() { # make_registry API_BASE AUTH_HEADER NAME ECOSYSTEM
	http POST "$1/registries" -H "$2" -H 'Content-Type: application/json' \
		-d "{\"name\":\"$3\",\"ecosystem\":\"$4\"}"
	[[ $STATUS == 200 || $STATUS == 201 ]] || {
		echo "HTTP $STATUS"
		cat "$BODY"
		return 1
	}
}
check "a ruby registry (gems) and a javascript one (web)" eval \
	'make_registry "$API" "${AUTH[1]}" Gems ruby && make_registry "$API" "${AUTH[1]}" Web javascript'

# tarball OUT [NAME=FILE | NAME=@TEXT ...]: a plain tar (as a .gem is) with
# those entries, written by RubyGems' own tar writer; "+gz" after a name
# gzips the content.
tarball() {
	local out=$1
	shift
	ruby -rrubygems/package -rzlib -e '
		File.open(ARGV.shift, "wb") do |io|
			Gem::Package::TarWriter.new(io) do |t|
				ARGV.each do |arg|
					name, src = arg.split("=", 2)
					data = src.start_with?("@") ? src[1..-1] : File.binread(src)
					if name.end_with?("+gz")
						name = name.chomp("+gz")
						data = Zlib.gzip(data)
					end
					t.add_file_simple(name, 0444, data.bytesize) { |f| f.write(data) }
				end
			end
		end' "$out" "$@"
}

# A valid gem (the control), and its metadata to build bad ones from.
mkdir -p "$A/src/lib"
echo 'module Okay; end' >"$A/src/lib/okay.rb"
cat >"$A/src/okay.gemspec" <<'EOF'
Gem::Specification.new do |s|
  s.name = "okay"
  s.version = "1.0.0"
  s.summary = "a valid gem"
  s.authors = ["Depot Tests"]
  s.files = ["lib/okay.rb"]
end
EOF
(cd "$A/src" && HOME=$TEST_TMP/home gem build okay.gemspec -o "$A/okay-1.0.0.gem") >/dev/null 2>&1 ||
	bail "gem build failed"
tar -xOf "$A/okay-1.0.0.gem" metadata.gz | gunzip >"$A/okay.yaml"
tar -xOf "$A/okay-1.0.0.gem" data.tar.gz >"$A/data.tar.gz"
# bad_meta NAME YAML: a gem like okay whose metadata.gz holds YAML.
bad_meta() {
	printf '%s' "$2" >"$A/$1.yaml"
	tarball "$A/$1.gem" "metadata.gz+gz=$A/$1.yaml" "data.tar.gz=$A/data.tar.gz"
}
HEADER='--- !ruby/object:Gem::Specification
name: evil
version: !ruby/object:Gem::Version
  version: 1.0.0
'
bad_meta alias "${HEADER}authors: &a [x]
licenses: *a
"
bad_meta tag "${HEADER}metadata: !ruby/hash:ActiveSupport::HashWithIndifferentAccess {a: b}
"
bad_meta object "--- !ruby/object:Gem::Installer
name: evil
"
bad_meta dotname "--- !ruby/object:Gem::Specification
name: ../../evil
version: 1.0.0
"
bad_meta deep "${HEADER}summary: $(printf '[%.0s' $(seq 1 200))$(printf ']%.0s' $(seq 1 200))
"
tarball "$A/nometa.gem" "data.tar.gz=$A/data.tar.gz" "checksums.yaml.gz+gz=@--- {}"
tarball "$A/dotdot.gem" "metadata.gz+gz=$A/okay.yaml" "../../x=@owned" "data.tar.gz=$A/data.tar.gz"
head -c 3000 /dev/urandom >"$A/random.gem"
printf 'console.log(1)\n' >"$A/index.js"
tar -czf "$A/npm.tgz" -C "$A" index.js
# A metadata bomb: 16 MiB of YAML that gzips to a few KiB.
{
	printf '%s' "$HEADER"
	printf 'description: '
	head -c $((16 << 20)) /dev/zero | tr '\0' x
	printf '\n'
} >"$A/bomb.yaml"
tarball "$A/bomb.gem" "metadata.gz+gz=$A/bomb.yaml" "data.tar.gz=$A/data.tar.gz"

# ---- "nothing behind"
blobs_now() { find "$1/blobs" -type f | sort; }
snapshot() { blobs_now "${1:-$DATA}" >"$TEST_TMP/blobs.before"; }
# nothing_left [NAME] [DATA_DIR]: no new blob, DATA_DIR/tmp empty, and
# NAME (default evil) in no index.
nothing_left() {
	local name=${1:-evil} data=${2:-$DATA} left
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
	[[ $data != "$DATA" ]] && return 0
	expect_status 200 GET "$SRC/names" "${AUTH[@]}" || return 1
	! grep -qx -- "$name" "$BODY" || {
		echo "$name is in /names"
		return 1
	}
}

# refused DESC CODE REGEX METHOD URL [CURL ARGS...]: CODE with a plain-text
# message matching REGEX (case-insensitive), and nothing left behind.
refused() {
	local desc=$1 code=$2 re=$3
	shift 3
	snapshot
	_refused() {
		expect_status "$code" "$@" || return 1
		[[ $(header Content-Type) == text/plain* ]] || {
			echo "Content-Type: $(header Content-Type)"
			return 1
		}
		grep -Eqi -- "$re" "$BODY" || {
			echo "message: $(cat "$BODY")"
			return 1
		}
	}
	check "$desc: $code, message /$re/" _refused "$@"
	check "$desc: nothing left behind" nothing_left
}
KEY=(-H "Authorization: $TOKEN")
PUSH=(POST "$SRC/api/v1/gems")

# ---- what is not a gem
refused "a gem without metadata.gz" 400 "no metadata\\.gz" \
	"${PUSH[@]}" "${KEY[@]}" --data-binary "@$A/nometa.gem"
refused "a gem with an entry named ../../x" 400 "unsafe path '\\.\\./\\.\\./x'" \
	"${PUSH[@]}" "${KEY[@]}" --data-binary "@$A/dotdot.gem"
refused "random bytes" 400 "not a tar archive" \
	"${PUSH[@]}" "${KEY[@]}" --data-binary "@$A/random.gem"
refused "an npm tarball (tar.gz) pushed as a gem" 400 "not a tar archive" \
	"${PUSH[@]}" "${KEY[@]}" --data-binary "@$A/npm.tgz"
refused "an empty body" 400 "\\.gem file" \
	"${PUSH[@]}" "${KEY[@]}" --data-binary ''
refused "metadata with a YAML anchor and alias" 400 "anchors are not allowed" \
	"${PUSH[@]}" "${KEY[@]}" --data-binary "@$A/alias.gem"
refused "metadata with an unknown Ruby tag" 400 "tag '!ruby/hash:.*' is not allowed" \
	"${PUSH[@]}" "${KEY[@]}" --data-binary "@$A/tag.gem"
refused "metadata that is another Ruby object" 400 "tag '!ruby/object:Gem::Installer' is not allowed" \
	"${PUSH[@]}" "${KEY[@]}" --data-binary "@$A/object.gem"
refused "metadata naming the gem ../../evil" 400 "gem name" \
	"${PUSH[@]}" "${KEY[@]}" --data-binary "@$A/dotname.gem"
refused "metadata nested 200 deep" 400 "deeper than" \
	"${PUSH[@]}" "${KEY[@]}" --data-binary "@$A/deep.gem"
refused "a metadata bomb ($(stat -c %s "$A/bomb.gem") bytes, 16 MiB of YAML)" 400 "larger than" \
	"${PUSH[@]}" "${KEY[@]}" --data-binary "@$A/bomb.gem"

# ---- credentials
RO_TOKEN=$(depotctl token create --org "$ORG" --user "$ADMIN_EMAIL" --scopes read_packages)
refused "push without a key" 401 "auth" "${PUSH[@]}" --data-binary "@$A/okay-1.0.0.gem"
refused "push with a read-only key" 403 "write" "${PUSH[@]}" -H "Authorization: $RO_TOKEN" \
	--data-binary "@$A/okay-1.0.0.gem"

# ---- the wrong ecosystem, both ways
snapshot
wrong_push() {
	http POST "$DEPOT_URL/$ORG/web/api/v1/gems" "${KEY[@]}" --data-binary "@$A/okay-1.0.0.gem"
	[[ $STATUS == 400 ]] && grep -q "is a javascript registry" "$BODY" || {
		echo "HTTP $STATUS: $(cat "$BODY")"
		return 1
	}
	GEM_HOST_API_KEY=$TOKEN HOME=$TEST_TMP/home gem push --host "$DEPOT_URL/$ORG/web" \
		"$A/okay-1.0.0.gem" >"$TEST_TMP/gem.out" 2>&1 </dev/null && return 1
	grep -q "is a javascript registry: gem push needs a ruby registry" "$TEST_TMP/gem.out"
}
check "gem push to a javascript registry: 400, gem prints why" wrong_push
check "... nothing left behind" nothing_left okay
check "the compact index of a javascript registry: 404" \
	expect_status 404 GET "$DEPOT_URL/$ORG/web/versions" "${AUTH[@]}"
check "specs.4.8.gz of a javascript registry: 404" \
	expect_status 404 GET "$DEPOT_URL/$ORG/web/specs.4.8.gz" "${AUTH[@]}"
rest_wrong() { # rest_wrong REGISTRY FILE REGEX
	http POST "$API/registries/$1/packages" "${AUTH[@]}" -F "file=@$2"
	[[ $STATUS == 400 ]] && expect_json ".message | test(\"$3\")" true
}
check "REST upload of a .gem into the javascript registry: 400" \
	rest_wrong web "$A/okay-1.0.0.gem" "tarball"
check "REST upload of an npm tarball into the ruby registry: 400 not a tar archive" \
	rest_wrong gems "$A/npm.tgz" "invalid gem: not a tar archive"
check "... nothing left behind" nothing_left okay

# ---- the control, then yank mistakes
check "the valid gem pushes (control)" eval \
	'http POST "$SRC/api/v1/gems" "${KEY[@]}" --data-binary "@$A/okay-1.0.0.gem" && [[ $STATUS == 200 ]]'
yank_bad() { # yank_bad CODE REGEX FORM
	http DELETE "$SRC/api/v1/gems/yank" "${KEY[@]}" --data "$3"
	[[ $STATUS == "$1" ]] && grep -Eq "$2" "$BODY" || {
		echo "HTTP $STATUS: $(cat "$BODY")"
		return 1
	}
}
check "yank without a version: 400" yank_bad 400 "required" "gem_name=okay"
check "yank of a version that does not exist: 404" yank_bad 404 "does not exist" \
	"gem_name=okay&version=9.9.9"
check "yank with a bad name: 400" yank_bad 400 "invalid gem name" \
	"gem_name=../x&version=1.0.0"
check "yank with a read-only key: 403, the gem stays" eval \
	'http DELETE "$SRC/api/v1/gems/yank" -H "Authorization: $RO_TOKEN" --data "gem_name=okay&version=1.0.0" && [[ $STATUS == 403 ]] && expect_status 200 GET "$SRC/gems/okay-1.0.0.gem" "${AUTH[@]}"'

# ---- over the limit
claim() {
	snapshot
	# nginx refuses on the header alone: nothing is sent after it.
	http POST "$SRC/api/v1/gems" "${KEY[@]}" -H 'Content-Length: 2147483648' \
		-H 'Content-Type: application/octet-stream' --data-binary "@$A/okay-1.0.0.gem"
	[[ $STATUS == 413 ]] || {
		echo "HTTP $STATUS: $(cat "$BODY")"
		return 1
	}
	nothing_left
}
check "a push claiming 2 GB (over nginx's client_max_body_size): 413, nothing left" claim

free_port() {
	local p
	for p in $((DEPOT_PORT + 131)) $((DEPOT_PORT + 241)) $((DEPOT_PORT + 337)) 18987 19387; do
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
	check "ruby registry on the second stack" \
		make_registry "$URL2/api/v2/packages/organizations/big" "Authorization: Bearer $TOKEN2" Gems ruby
	# A valid gem of about 100 KiB.
	mkdir -p "$A/big/lib"
	head -c 100000 /dev/urandom | base64 >"$A/big/lib/blob.txt"
	cat >"$A/big/big.gemspec" <<'EOF'
Gem::Specification.new do |s|
  s.name = "big"
  s.version = "1.0.0"
  s.summary = "a big gem"
  s.authors = ["Depot Tests"]
  s.files = ["lib/blob.txt"]
end
EOF
	(cd "$A/big" && HOME=$TEST_TMP/home gem build big.gemspec -o "$A/big-1.0.0.gem") >/dev/null 2>&1
	too_big() {
		snapshot "$S2/data"
		if GEM_HOST_API_KEY=$TOKEN2 HOME=$TEST_TMP/home gem push --host "$URL2/big/gems" \
			"$A/big-1.0.0.gem" >"$TEST_TMP/gem.out" 2>&1 </dev/null; then
			echo "gem push succeeded"
			return 1
		fi
		grep -qi "limit" "$TEST_TMP/gem.out" || {
			cat "$TEST_TMP/gem.out"
			return 1
		}
		http POST "$URL2/big/gems/api/v1/gems" -H "Authorization: $TOKEN2" \
			-H 'Transfer-Encoding: chunked' --data-binary "@$A/big-1.0.0.gem"
		[[ $STATUS == 413 ]] || {
			echo "chunked: HTTP $STATUS"
			return 1
		}
		nothing_left big "$S2/data"
	}
	check "gem push of a $(stat -c %s "$A/big-1.0.0.gem")-byte gem over upload_max = 64K: 413, gem prints the limit, nothing left" \
		too_big
	small_ok() {
		GEM_HOST_API_KEY=$TOKEN2 HOME=$TEST_TMP/home gem push --host "$URL2/big/gems" \
			"$A/okay-1.0.0.gem" </dev/null
	}
	check "a gem under the limit still pushes there" small_ok
fi
