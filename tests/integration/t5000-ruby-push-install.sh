#!/usr/bin/env bash
# t5000-ruby-push-install: RubyGems with the real gem and bundler clients:
# gem build and gem push (GEM_HOST_API_KEY, the raw key in Authorization;
# ~/.gem/credentials),
# a repush refused with the message gem prints, the specs files and quick
# gemspecs read back by Ruby itself, the compact index (/versions, /info,
# /names: MD5 checksums and ETags as bundler checks them, 304), gem install
# of a gem with a runtime dependency from a private registry (credentials
# in the source URL) and without credentials once the registry is public,
# bundle install through the compact index (seen in nginx's access log),
# bundle update after a new push, a platform gem, the REST upload, gem
# yank (needs delete_packages).
# shellcheck source=tests/integration/lib.sh
. "$(dirname "$0")/lib.sh"

command -v gem >/dev/null || bail "gem (Debian package ruby) is not installed"
command -v bundle >/dev/null || bail "bundle (Debian package bundler) is not installed"
command -v psql >/dev/null || bail "psql is not installed"

new_org t5000
API=$DEPOT_URL/api/v2/packages/organizations/$ORG
HOSTPORT=${DEPOT_URL#http://}
SRC=$DEPOT_URL/$ORG/gems
CRED_SRC=http://buildkite:$TOKEN@$HOSTPORT/$ORG/gems/
ACCESS_LOG=$DEPOT_DIR/nginx/logs/access.log
A=$TEST_TMP/gems
mkdir -p "$A" "$TEST_TMP/home"

# gemx ARGS...: gem with a private HOME (no ~/.gemrc, no spec cache kept);
# output in $TEST_TMP/gem.out.
gemx() {
	local rc=0
	HOME=$TEST_TMP/home GEM_SPEC_CACHE=$TEST_TMP/home/specs \
		timeout 120 gem "$@" >"$TEST_TMP/gem.out" 2>&1 </dev/null || rc=$?
	cat "$TEST_TMP/gem.out"
	return $rc
}

create_registry() {
	http POST "$API/registries" "${AUTH[@]}" -H 'Content-Type: application/json' \
		-d '{"name":"Gems","ecosystem":"ruby"}'
	[[ $STATUS == 200 || $STATUS == 201 ]] || {
		echo "HTTP $STATUS"
		cat "$BODY"
		return 1
	}
	expect_json .slug gems && expect_json .ecosystem ruby
}
check "create a ruby registry (slug gems)" create_registry

# mkgem NAME VERSION [GEMSPEC LINES...]: build NAME-VERSION.gem in $A.
mkgem() {
	local name=$1 version=$2 d=$A/src/$1-$2
	shift 2
	mkdir -p "$d/lib"
	printf 'module M_%s; end\n' "${name//-/_}" >"$d/lib/$name.rb"
	{
		printf 'Gem::Specification.new do |s|\n'
		printf '  s.name = "%s"\n  s.version = "%s"\n' "$name" "$version"
		printf '  s.summary = "%s, a test gem"\n  s.authors = ["Depot Tests"]\n' "$name"
		printf '  s.files = ["lib/%s.rb"]\n  s.license = "MIT"\n' "$name"
		printf '  %s\n' "$@"
		printf 'end\n'
	} >"$d/$name.gemspec"
	(cd "$d" && HOME=$TEST_TMP/home gem build "$name.gemspec" && mv ./*.gem "$A/") \
		>"$TEST_TMP/build.out" 2>&1 || {
		cat "$TEST_TMP/build.out"
		return 1
	}
}
build_all() {
	mkgem dep_a 1.0.0 &&
		mkgem dep_a 1.1.0 &&
		mkgem dep_a 2.0.0.pre.1 &&
		mkgem app_gem 0.1.0 's.add_runtime_dependency "dep_a", "~> 1.0"' \
			's.add_development_dependency "rake", ">= 12"' \
			's.required_ruby_version = ">= 2.5"' \
			's.description = "An app gem.\nTwo lines."' \
			's.homepage = "https://example.com/app"' \
			's.metadata = { "source_code_uri" => "https://example.com/src" }' &&
		mkgem plat_gem 1.0.0 's.platform = "x86_64-linux"'
}
check "gem build: dep_a 1.0.0, 1.1.0, 2.0.0.pre.1, app_gem 0.1.0 (runtime dep on dep_a ~> 1.0), plat_gem (x86_64-linux)" build_all

push() { # push FILE: gem push with the key in GEM_HOST_API_KEY
	GEM_HOST_API_KEY=$TOKEN gemx push --host "$SRC" "$A/$1" &&
		grep -q "Successfully registered gem" "$TEST_TMP/gem.out"
}
for g in dep_a-1.0.0 dep_a-1.1.0 dep_a-2.0.0.pre.1 app_gem-0.1.0 plat_gem-1.0.0-x86_64-linux; do
	check "gem push $g.gem" push "$g.gem"
done

cred_push() {
	local h=$TEST_TMP/credhome
	mkgem cred_gem 1.0.0 || return 1
	mkdir -p "$h/.gem"
	printf -- '---\n%s: %s\n' "$SRC" "$TOKEN" >"$h/.gem/credentials"
	chmod 600 "$h/.gem/credentials"
	HOME=$h timeout 120 gem push --host "$SRC" "$A/cred_gem-1.0.0.gem" </dev/null
}
check "gem push with the key in ~/.gem/credentials under the registry URL" cred_push

repush() {
	if GEM_HOST_API_KEY=$TOKEN gemx push --host "$SRC" "$A/dep_a-1.0.0.gem"; then
		echo "gem push succeeded"
		return 1
	fi
	grep -q "Repushing of gem versions is not allowed" "$TEST_TMP/gem.out" || return 1
	# The same over curl: 409, plain text (gem prints the body as it is).
	http POST "$SRC/api/v1/gems" -H "Authorization: $TOKEN" \
		-H 'Content-Type: application/octet-stream' --data-binary "@$A/dep_a-1.0.0.gem"
	[[ $STATUS == 409 ]] && [[ $(header Content-Type) == text/plain* ]] &&
		grep -q "^Repushing of gem versions is not allowed" "$BODY"
}
check "a repush is refused: gem exits 1 printing 'Repushing of gem versions is not allowed', HTTP 409 text" repush

bad_key() {
	http POST "$SRC/api/v1/gems" -H "Authorization: not-a-token" \
		--data-binary "@$A/dep_a-1.0.0.gem"
	[[ $STATUS == 401 ]] || {
		echo "HTTP $STATUS"
		cat "$BODY"
		return 1
	}
	GEM_HOST_API_KEY=wrong-key gemx push --host "$SRC" "$A/app_gem-0.1.0.gem" && return 1
	return 0
}
check "push with an unknown key: 401, gem fails" bad_key

# ---- the specs files and quick gemspecs, read by Ruby
# Gem::Specification._load puts the licenses in @license (as for any gem
# server's quick specs), the .gem's spec has them in @licenses.
LIC='def lic(v) (v.licenses.empty? ? Array(v.instance_variable_get(:@license)) : v.licenses).join(","); end;'
ruby_read() { # ruby_read PATH: the Marshal document at PATH, inspected by Ruby
	curl -sf --max-time 30 -u "x:$TOKEN" "$SRC/$1" -o "$TEST_TMP/doc" || return 1
	ruby -rzlib -rrubygems -e "$LIC"'
		d = File.binread(ARGV[0])
		d = Zlib.gunzip(d) if ARGV[1].end_with?(".gz")
		d = Zlib::Inflate.inflate(d) if ARGV[1].end_with?(".rz")
		v = Marshal.load(d)
		if v.is_a?(Array)
			puts v.map { |n, ver, pl| "#{n} #{ver} #{pl}" }.sort
		else
			puts v.full_name, v.summary, v.dependencies.map(&:to_s).sort.join(";"),
				v.required_ruby_version.to_s, v.authors.join(","), lic(v),
				v.homepage.to_s, v.metadata.inspect, v.date.utc.strftime("%F"),
				v.platform.to_s
		end' "$TEST_TMP/doc" "$1"
}
specs_are() { # specs_are PATH LINE...
	local path=$1 got
	shift
	got=$(ruby_read "$path") || return 1
	[[ $got == "$(printf '%s\n' "$@")" ]] || {
		printf 'got:\n%s\nwant:\n' "$got"
		printf '%s\n' "$@"
		return 1
	}
}
check "specs.4.8.gz: every release, as Gem::Version objects" \
	specs_are specs.4.8.gz "app_gem 0.1.0 ruby" "cred_gem 1.0.0 ruby" "dep_a 1.0.0 ruby" \
	"dep_a 1.1.0 ruby" "plat_gem 1.0.0 x86_64-linux"
check "latest_specs.4.8.gz: the highest release per gem and platform" \
	specs_are latest_specs.4.8.gz "app_gem 0.1.0 ruby" "cred_gem 1.0.0 ruby" \
	"dep_a 1.1.0 ruby" "plat_gem 1.0.0 x86_64-linux"
check "prerelease_specs.4.8.gz: the prereleases" \
	specs_are prerelease_specs.4.8.gz "dep_a 2.0.0.pre.1 ruby"
check "specs.4.8 (not compressed) too" \
	specs_are specs.4.8 "app_gem 0.1.0 ruby" "cred_gem 1.0.0 ruby" "dep_a 1.0.0 ruby" \
	"dep_a 1.1.0 ruby" "plat_gem 1.0.0 x86_64-linux"

quick_matches() { # quick_matches GEM: the quick spec says what the .gem says
	local got want
	got=$(ruby_read "quick/Marshal.4.8/$1.gemspec.rz") || return 1
	want=$(ruby -rrubygems/package -e "$LIC"'
		v = Gem::Package.new(ARGV[0]).spec
		puts v.full_name, v.summary, v.dependencies.map(&:to_s).sort.join(";"),
			v.required_ruby_version.to_s, v.authors.join(","), lic(v),
			v.homepage.to_s, v.metadata.inspect, v.date.utc.strftime("%F"),
			v.platform.to_s' "$A/$1.gem") || return 1
	[[ $got == "$want" ]] || {
		printf 'quick spec:\n%s\nthe gem says:\n%s\n' "$got" "$want"
		return 1
	}
}
check "quick/Marshal.4.8/app_gem-0.1.0.gemspec.rz loads as the gem's own spec (deps, requirements, metadata, date)" \
	quick_matches app_gem-0.1.0
check "quick spec of the platform gem plat_gem-1.0.0-x86_64-linux" \
	quick_matches plat_gem-1.0.0-x86_64-linux
check "quick spec of an unknown version: 404" \
	expect_status 404 GET "$SRC/quick/Marshal.4.8/dep_a-9.9.9.gemspec.rz" "${AUTH[@]}"

# ---- the compact index
md5() { md5sum "$1" | cut -d' ' -f1; }
compact_index() {
	local info_md5 sum
	expect_status 200 GET "$SRC/names" "${AUTH[@]}" || return 1
	[[ $(cat "$BODY") == "$(printf -- '---\napp_gem\ncred_gem\ndep_a\nplat_gem')" ]] || {
		cat "$BODY"
		return 1
	}
	expect_status 200 GET "$SRC/info/app_gem" "${AUTH[@]}" || return 1
	sum=$(sha256sum "$A/app_gem-0.1.0.gem" | cut -d' ' -f1)
	[[ $(cat "$BODY") == "$(printf -- '---\n0.1.0 dep_a:~> 1.0|checksum:%s,ruby:>= 2.5' "$sum")" ]] || {
		cat "$BODY"
		return 1
	}
	[[ $(header ETag) == "\"$(md5 "$BODY")\"" ]] || {
		echo "info ETag $(header ETag), body MD5 $(md5 "$BODY")"
		return 1
	}
	info_md5=$(md5 "$BODY")
	expect_status 200 GET "$SRC/info/plat_gem" "${AUTH[@]}" || return 1
	grep -q '^1.0.0-x86_64-linux |checksum:' "$BODY" || return 1
	expect_status 200 GET "$SRC/versions" "${AUTH[@]}" || return 1
	head -n 1 "$BODY" | grep -q '^created_at: ' || return 1
	sed -n 2p "$BODY" | grep -qx -- '---' || return 1
	grep -qx "app_gem 0.1.0 $info_md5" "$BODY" || {
		cat "$BODY"
		return 1
	}
	grep -qx 'dep_a 1.0.0,1.1.0,2.0.0.pre.1 [0-9a-f]\{32\}' "$BODY" || return 1
	grep -qx 'plat_gem 1.0.0-x86_64-linux [0-9a-f]\{32\}' "$BODY" || return 1
	[[ $(header ETag) == "\"$(md5 "$BODY")\"" ]] || return 1
	# bundler asks again with If-None-Match (and a Range): 304.
	expect_status 304 GET "$SRC/versions" "${AUTH[@]}" -H "If-None-Match: $(header ETag)" \
		-H 'Range: bytes=10-'
}
check "compact index: /names, /info (checksum = sha256 of the .gem, ruby requirement), /versions (info MD5s), ETag = MD5, 304" \
	compact_index
check "/info of an unknown gem: 404" expect_status 404 GET "$SRC/info/nope" "${AUTH[@]}"

# ---- gem install from the private registry
install_private() {
	rm -rf "$TEST_TMP/inst"
	gemx install app_gem -v 0.1.0 --clear-sources --source "$CRED_SRC" \
		--install-dir "$TEST_TMP/inst" --no-document || return 1
	[[ -d $TEST_TMP/inst/gems/app_gem-0.1.0 && -d $TEST_TMP/inst/gems/dep_a-1.1.0 ]] || {
		ls "$TEST_TMP/inst/gems"
		return 1
	}
	[[ -f $TEST_TMP/inst/gems/app_gem-0.1.0/lib/app_gem.rb ]]
}
check "gem install app_gem -v 0.1.0 --source http://buildkite:TOKEN@.../ : app_gem and dep_a 1.1.0 installed" \
	install_private
install_platform() {
	gemx install plat_gem --clear-sources --source "$CRED_SRC" \
		--install-dir "$TEST_TMP/inst" --no-document &&
		[[ -d $TEST_TMP/inst/gems/plat_gem-1.0.0-x86_64-linux ]]
}
if [[ $(ruby -e 'print Gem::Platform.local.to_s') == x86_64-linux* ]]; then
	check "gem install plat_gem picks the x86_64-linux gem" install_platform
else
	skip "gem install plat_gem" "not an x86_64-linux machine"
fi
install_anon_refused() {
	rm -rf "$TEST_TMP/inst2"
	if gemx install app_gem --clear-sources --source "$SRC/" \
		--install-dir "$TEST_TMP/inst2" --no-document; then
		echo "installed without credentials"
		return 1
	fi
	expect_status 401 GET "$SRC/specs.4.8.gz"
}
check "without credentials the private registry refuses: gem install fails, specs 401" \
	install_anon_refused
cmp_gem_run() {
	curl -sf --max-time 30 -u "x:$TOKEN" "$SRC/gems/app_gem-0.1.0.gem" -o "$TEST_TMP/dl.gem" &&
		cmp "$TEST_TMP/dl.gem" "$A/app_gem-0.1.0.gem"
}

# ---- bundler, through the compact index
BUN=$TEST_TMP/bundle
bundlex() { # bundlex ARGS...: bundle in $BUN with everything kept there
	local rc=0
	(cd "$BUN" && HOME=$BUN/home BUNDLE_USER_HOME=$BUN/home/.bundle \
		BUNDLE_PATH=$BUN/vendor BUNDLE_APP_CONFIG=$BUN/.bundle \
		timeout 120 bundle "$@") >"$TEST_TMP/bundle.out" 2>&1 </dev/null || rc=$?
	cat "$TEST_TMP/bundle.out"
	return $rc
}
log_since() { tail -n +"$(($1 + 1))" "$ACCESS_LOG" | grep -F " /$ORG/gems/"; }
log_has() { log_since "$1" | grep -q "$2"; }
# log_mark: the access log's line count once everything before is in it
# (nginx buffers its log for up to a second): a unique request is sent and
# waited for.
log_mark() {
	local tag=t5000-mark-$RANDOM$RANDOM
	curl -s -o /dev/null --max-time 10 "$DEPOT_URL/-/health?$tag"
	wait_until 5 grep -q "$tag" "$ACCESS_LOG" || return 1
	grep -n "$tag" "$ACCESS_LOG" | tail -n 1 | cut -d: -f1
}
bundle_install() { # bundle_install SOURCE DEP_A_VERSION
	local mark
	mkdir -p "$BUN/home"
	printf 'source "%s"\ngem "app_gem", "0.1.0"\n' "$1" >"$BUN/Gemfile"
	rm -f "$BUN/Gemfile.lock"
	mark=$(log_mark) || return 1
	bundlex install || return 1
	grep -q "dep_a ($2)" "$BUN/Gemfile.lock" || return 1
	wait_until 5 log_has "$mark" "GET /$ORG/gems/info/dep_a HTTP/1.1\" 200 .*bundler/"
	log_since "$mark" >"$TEST_TMP/bundle.log"
	grep -q "GET /$ORG/gems/versions HTTP/1.1\" 200 .*bundler/" "$TEST_TMP/bundle.log" &&
		grep -q "GET /$ORG/gems/info/app_gem HTTP/1.1\" 200 .*bundler/" "$TEST_TMP/bundle.log" &&
		grep -q "GET /$ORG/gems/info/dep_a HTTP/1.1\" 200 .*bundler/" "$TEST_TMP/bundle.log" &&
		! grep -q "dependencies\|specs.4.8" "$TEST_TMP/bundle.log" || {
		echo "access log during bundle install:"
		cat "$TEST_TMP/bundle.log"
		return 1
	}
}
check "bundle install (Gemfile source with the token): compact index only (/versions, /info), app_gem and dep_a 1.1.0" \
	bundle_install "$CRED_SRC" 1.1.0
check "gems/app_gem-0.1.0.gem is the file pushed" cmp_gem_run

bundle_update() {
	mkgem dep_a 1.2.0 && push dep_a-1.2.0.gem || return 1
	bundlex update dep_a || return 1
	grep -q 'dep_a (1.2.0)' "$BUN/Gemfile.lock" || {
		cat "$BUN/Gemfile.lock"
		return 1
	}
}
check "push dep_a 1.2.0, bundle update dep_a: the new version is seen at once (cached indexes dropped)" \
	bundle_update

# ---- REST upload
rest_upload() {
	mkgem rest_gem 3.0.0 || return 1
	http POST "$API/registries/gems/packages" "${AUTH[@]}" -F "file=@$A/rest_gem-3.0.0.gem"
	[[ $STATUS == 200 || $STATUS == 201 ]] || {
		echo "HTTP $STATUS"
		cat "$BODY"
		return 1
	}
	expect_json .name rest_gem && expect_json .version 3.0.0 || return 1
	expect_status 200 GET "$SRC/info/rest_gem" "${AUTH[@]}"
}
check "REST upload of a .gem (multipart field file): name and version from its metadata, in the index" \
	rest_upload

# ---- yank
yank_scope() {
	local rtok
	rtok=$(depotctl token create --org "$ORG" --user "$ADMIN_EMAIL" \
		--scopes read_packages,write_packages) || return 1
	GEM_HOST_API_KEY=$rtok gemx yank dep_a -v 1.0.0 --host "$SRC" || true
	grep -qi "delete_packages\|forbidden\|scope" "$TEST_TMP/gem.out" || return 1
	expect_status 200 GET "$SRC/gems/dep_a-1.0.0.gem" "${AUTH[@]}"
}
check "gem yank with a token lacking delete_packages: refused, the gem stays" yank_scope
yank() {
	GEM_HOST_API_KEY=$TOKEN gemx yank dep_a -v 1.0.0 --host "$SRC" || return 1
	grep -q "Successfully deleted gem: dep_a (1.0.0)" "$TEST_TMP/gem.out" || return 1
	expect_status 404 GET "$SRC/gems/dep_a-1.0.0.gem" "${AUTH[@]}" || return 1
	expect_status 200 GET "$SRC/info/dep_a" "${AUTH[@]}" || return 1
	! grep -q '^1.0.0 ' "$BODY" || return 1
	specs_are specs.4.8.gz "app_gem 0.1.0 ruby" "cred_gem 1.0.0 ruby" "dep_a 1.1.0 ruby" \
		"dep_a 1.2.0 ruby" "plat_gem 1.0.0 x86_64-linux" "rest_gem 3.0.0 ruby"
}
check "gem yank dep_a -v 1.0.0: 'Successfully deleted gem', gone from the file URL, /info and specs" yank
yank_again() {
	GEM_HOST_API_KEY=$TOKEN gemx yank dep_a -v 1.0.0 --host "$SRC" || true
	grep -q "does not exist" "$TEST_TMP/gem.out"
}
check "yank it again: gem prints that the version does not exist" yank_again

# ---- public registry: no credentials needed
set_public() {
	psql -qAtX -v ON_ERROR_STOP=1 -c "UPDATE registries SET public = $1 WHERE slug = 'gems'
		AND org_id = (SELECT id FROM organizations WHERE slug = '$ORG'); NOTIFY depot_meta, ''" >/dev/null
}
anon_is() { [[ $(curl -s -o /dev/null -w '%{http_code}' --max-time 10 "$SRC/specs.4.8.gz") == "$1" ]]; }
install_public() {
	set_public true || return 1
	wait_until 5 anon_is 200 || return 1
	local i
	for i in 1 2 3 4 5 6; do
		anon_is 200 || return 1
	done
	rm -rf "$TEST_TMP/inst3" "$TEST_TMP/home/.gem" "$TEST_TMP/home/specs"
	gemx install app_gem -v 0.1.0 --clear-sources --source "$SRC/" \
		--install-dir "$TEST_TMP/inst3" --no-document || return 1
	[[ -d $TEST_TMP/inst3/gems/app_gem-0.1.0 && -d $TEST_TMP/inst3/gems/dep_a-1.2.0 ]] || {
		ls "$TEST_TMP/inst3/gems"
		return 1
	}
	[[ $(header Cache-Control) == public* ]] || true
}
check "public registry (psql + NOTIFY depot_meta): gem install without credentials" install_public
bundle_public() {
	rm -rf "$BUN"
	bundle_install "$SRC/" 1.2.0
}
check "public registry: bundle install without credentials, through the compact index" bundle_public
public_push_needs_key() {
	http POST "$SRC/api/v1/gems" --data-binary "@$A/dep_a-1.0.0.gem"
	[[ $STATUS == 401 ]]
}
check "public registry: push still needs a key (401)" public_push_needs_key
check "private again: anonymous specs 401" eval 'set_public false && wait_until 5 anon_is 401'

