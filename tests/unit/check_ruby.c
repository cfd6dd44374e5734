/* check_ruby.c: unit tests for gem specs, .gem files, Marshal, indexes */
#include <archive.h>
#include <archive_entry.h>
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <zlib.h>

#include "eco/ruby.h"

static char		 tmpdir[64];
static char		 gpath[128];
static char		 err[256];
static struct arena	 arena;

static const struct gem_yaml_limits ylim = {
	GEM_YAML_MAX_LEN, GEM_YAML_MAX_NODES, GEM_YAML_MAX_SCALAR,
	GEM_YAML_MAX_DEPTH
};

static const struct archive_limits glim = {
	100,			/* entries */
	1024 * 1024,		/* metadata.gz */
	(uint64_t)64 << 20,	/* total */
	0			/* ratio: a .gem's members are compressed */
};

static void
setup(void)
{
	snprintf(tmpdir, sizeof(tmpdir), "/tmp/check_ruby.XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(tmpdir));
	snprintf(gpath, sizeof(gpath), "%s/t.gem", tmpdir);
	err[0] = '\0';
	arena_init(&arena, 64 * 1024 * 1024);
}

static void
teardown(void)
{
	arena_release(&arena);
	unlink(gpath);
	rmdir(tmpdir);
}

/*
 * Expected Marshal bytes, printed by tests/unit/ruby_vectors.rb with Ruby
 * 3.1: Marshal.dump of each value, built of distinct objects so that no '@'
 * link appears.
 */
static const struct {
	const char	*name;
	const char	*bytes;
	size_t		 len;
} vectors[] = {
	{ "nil", "\x04\x08""0", 3 },
	{ "true", "\x04\x08T", 3 },
	{ "false", "\x04\x08""F", 3 },
	{ "int 0", "\x04\x08i\x00", 4 },
	{ "int 1", "\x04\x08i\x06", 4 },
	{ "int 122", "\x04\x08i\x7f", 4 },
	{ "int 123", "\x04\x08i\x01{", 5 },
	{ "int 255", "\x04\x08i\x01\xff", 5 },
	{ "int 256", "\x04\x08i\x02\x00\x01", 6 },
	{ "int -1", "\x04\x08i\xfa", 4 },
	{ "int -123", "\x04\x08i\x80", 4 },
	{ "int -124", "\x04\x08i\xff\x84", 5 },
	{ "int -256", "\x04\x08i\xff\x00", 5 },
	{ "int -257", "\x04\x08i\xfe\xff\xfe", 6 },
	{ "int 65535", "\x04\x08i\x02\xff\xff", 6 },
	{ "int 65536", "\x04\x08i\x03\x00\x00\x01", 7 },
	{ "int 16777216", "\x04\x08i\x04\x00\x00\x00\x01", 8 },
	{ "int 1073741823", "\x04\x08i\x04\xff\xff\xff\x3f", 8 },
	{ "int -1073741824", "\x04\x08i\xfc\x00\x00\x00\xc0", 8 },
	{ "str utf8", "\x04\x08I\x22\x0bh\xc3\xa9llo\x06:\x06""ET", 16 },
	{ "str ascii", "\x04\x08I\x22\x08UTC\x06:\x06""EF", 13 },
	{ "str binary", "\x04\x08\x22\x07\x00\xff", 6 },
	{ "str long", "\x04\x08I\x22\x02,\x01xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
	    "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
	    "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
	    "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
	    "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
	    "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\x06:\x06""ET", 312 },
	{ "syms", "\x04\x08[\x09:\x06""a:\x06""b;\x00;\x06", 14 },
	{ "hash", "\x04\x08{\x06I\x22\x06k\x06:\x06""ETI\x22\x06v\x06;\x00T", 21 },
	{ "version", "\x04\x08U:\x11Gem::Version[\x06I\x22\x0a""1.0.0\x06:\x06"
	    "ET", 32 },
	{ "time", "\x04\x08Iu:\x09Time\x0d \xac\x1f\xc0\x00\x00\x00\x00\x06"
	    ":\x09zoneI\x22\x08UTC\x06:\x06""EF", 37 },
	{ "time 1999", "\x04\x08Iu:\x09Time\x0d\xe0\xc3\x18\xc0\x00\x00\x00\x00\x06"
	    ":\x09zoneI\x22\x08UTC\x06:\x06""EF", 37 },
	{ "specs", "\x04\x08[\x07[\x08I\x22\x09""demo\x06:\x06""ETU:\x11Gem:"
	    ":Version[\x06I\x22\x0a""1.0.0\x06;\x00TI\x22\x09ruby\x06"
	    ";\x00T[\x08I\x22\x09""demo\x06;\x00TU;\x06[\x06I\x22\x12"
	    "2.0.0.pre.rc1\x06;\x00TI\x22\x11x86_64-linux\x06;\x00T", 115 },
	{ "quick", "\x04\x08u:\x17Gem::Specification\x02\xc3\x02\x04\x08[\x18"
	    "I\x22\x0b""3.3.15\x06:\x06""ETi\x09I\x22\x09""demo\x06;\x00"
	    "TU:\x11Gem::Version[\x06I\x22\x0a""1.0.0\x06;\x00TIu:\x09"
	    "Time\x0d \xac\x1f\xc0\x00\x00\x00\x00\x06:\x09zoneI\x22\x08"
	    "UTC\x06;\x00""FI\x22\x0aHello\x06;\x00TU:\x15Gem::Requir"
	    "ement[\x06[\x06[\x07I\x22\x07>=\x06;\x00TU;\x06[\x06I\x22"
	    "\x08""2.7\x06;\x00TU;\x09[\x06[\x06[\x07I\x22\x07>=\x06;"
	    "\x00TU;\x06[\x06I\x22\x06""0\x06;\x00TI\x22\x09ruby\x06;"
	    "\x00T[\x07o:\x14Gem::Dependency\x0a:\x0a@nameI\x22\x0a""d"
	    "ep_a\x06;\x00T:\x11@requirementU;\x09[\x06[\x07[\x07I\x22"
	    "\x07~>\x06;\x00TU;\x06[\x06I\x22\x08""1.0\x06;\x00T[\x07"
	    "I\x22\x07>=\x06;\x00TU;\x06[\x06I\x22\x0a""1.0.2\x06;\x00"
	    "T:\x0a@type:\x0cruntime:\x10@prereleaseF:\x1a@version_re"
	    "quirementsU;\x09[\x06[\x07[\x07I\x22\x07~>\x06;\x00TU;\x06"
	    "[\x06I\x22\x08""1.0\x06;\x00T[\x07I\x22\x07>=\x06;\x00TU"
	    ";\x06[\x06I\x22\x0a""1.0.2\x06;\x00To;\x0a\x0a;\x0bI\x22"
	    "\x09rake\x06;\x00T;\x0cU;\x09[\x06[\x06[\x07I\x22\x07>=\x06"
	    ";\x00TU;\x06[\x06I\x22\x06""0\x06;\x00T;\x0d:\x10""devel"
	    "opment;\x0f""F;\x10U;\x09[\x06[\x06[\x07I\x22\x07>=\x06;"
	    "\x00TU;\x06[\x06I\x22\x06""0\x06;\x00TI\x22\x00\x06;\x00"
	    "TI\x22\x12""a@example.com\x06;\x00T[\x07I\x22\x08""Ann\x06"
	    ";\x00TI\x22\x08""Bob\x06;\x00TI\x22\x19""A longer\x0a""d"
	    "escription\x06;\x00TI\x22\x18https://example.com\x06;\x00"
	    "TTI\x22\x09ruby\x06;\x00T[\x06I\x22\x08MIT\x06;\x00T{\x06"
	    "I\x22\x14source_code_uri\x06;\x00TI\x22\x1chttps://examp"
	    "le.com/src\x06;\x00T", 733 },
};

static void
expect_vec(const char *name, const struct buf *b)
{
	size_t	 i;

	for (i = 0; i < sizeof(vectors) / sizeof(vectors[0]); i++)
		if (strcmp(vectors[i].name, name) == 0)
			break;
	ck_assert_msg(i < sizeof(vectors) / sizeof(vectors[0]),
	    "no vector %s", name);
	ck_assert_msg(b->len == vectors[i].len, "%s: %zu bytes, want %zu",
	    name, b->len, vectors[i].len);
	ck_assert_msg(memcmp(b->data, vectors[i].bytes, b->len) == 0,
	    "%s: bytes differ", name);
}

/* The metadata.gz YAML of a gem built by gem 3.3.15 (demo.gemspec). */
static const char demo_yaml[] =
	"--- !ruby/object:Gem::Specification\n"
	"name: demo_hello\n"
	"version: !ruby/object:Gem::Version\n"
	"  version: 1.0.0\n"
	"platform: ruby\n"
	"authors:\n"
	"- Ann\n"
	"- Bob\n"
	"autorequire:\n"
	"bindir: bin\n"
	"cert_chain: []\n"
	"date: 2026-12-01 00:00:00.000000000 Z\n"
	"dependencies:\n"
	"- !ruby/object:Gem::Dependency\n"
	"  name: dep_a\n"
	"  requirement: !ruby/object:Gem::Requirement\n"
	"    requirements:\n"
	"    - - \"~>\"\n"
	"      - !ruby/object:Gem::Version\n"
	"        version: '1.0'\n"
	"    - - \">=\"\n"
	"      - !ruby/object:Gem::Version\n"
	"        version: 1.0.2\n"
	"  type: :runtime\n"
	"  prerelease: false\n"
	"  version_requirements: !ruby/object:Gem::Requirement\n"
	"    requirements:\n"
	"    - - \"~>\"\n"
	"      - !ruby/object:Gem::Version\n"
	"        version: '1.0'\n"
	"    - - \">=\"\n"
	"      - !ruby/object:Gem::Version\n"
	"        version: 1.0.2\n"
	"- !ruby/object:Gem::Dependency\n"
	"  name: rake\n"
	"  requirement: !ruby/object:Gem::Requirement\n"
	"    requirements:\n"
	"    - - \">=\"\n"
	"      - !ruby/object:Gem::Version\n"
	"        version: '0'\n"
	"  type: :development\n"
	"  prerelease: false\n"
	"  version_requirements: !ruby/object:Gem::Requirement\n"
	"    requirements:\n"
	"    - - \">=\"\n"
	"      - !ruby/object:Gem::Version\n"
	"        version: '0'\n"
	"description: |-\n"
	"  A longer\n"
	"  description: with colon\n"
	"email: a@example.com\n"
	"executables: []\n"
	"extensions: []\n"
	"extra_rdoc_files: []\n"
	"files:\n"
	"- lib/demo_hello.rb\n"
	"homepage: https://example.com\n"
	"licenses:\n"
	"- MIT\n"
	"metadata:\n"
	"  source_code_uri: https://example.com/src\n"
	"post_install_message:\n"
	"rdoc_options: []\n"
	"require_paths:\n"
	"- lib\n"
	"required_ruby_version: !ruby/object:Gem::Requirement\n"
	"  requirements:\n"
	"  - - \">=\"\n"
	"    - !ruby/object:Gem::Version\n"
	"      version: '2.7'\n"
	"required_rubygems_version: !ruby/object:Gem::Requirement\n"
	"  requirements:\n"
	"  - - \">=\"\n"
	"    - !ruby/object:Gem::Version\n"
	"      version: '0'\n"
	"requirements: []\n"
	"rubygems_version: 3.3.15\n"
	"signing_key:\n"
	"specification_version: 4\n"
	"summary: Hello\n"
	"test_files: []\n"
;

/*
 * Names, versions, platforms.
 */

START_TEST(test_ruby_name_valid)
{
	static const struct {
		const char	*name;
		int		 valid;
	} t[] = {
		{ "rails", 1 }, { "demo_hello", 1 }, { "net-http", 1 },
		{ "A.b-c_d", 1 }, { "x1", 1 }, { "_x", 1 },
		{ "", 0 }, { "123", 0 }, { ".x", 0 }, { "-x", 0 },
		{ "a b", 0 }, { "a/b", 0 }, { "../x", 0 }, { "a:b", 0 },
		{ "caf\xc3\xa9", 0 }, { "a,b", 0 }, { "a|b", 0 },
	};
	char		 long_name[GEM_NAME_MAX + 2];
	const char	*why;
	size_t		 i;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++)
		ck_assert_msg(gem_name_valid(t[i].name, &why) == t[i].valid,
		    "%s", t[i].name);
	memset(long_name, 'a', sizeof(long_name) - 1);
	long_name[sizeof(long_name) - 1] = '\0';
	ck_assert_int_eq(gem_name_valid(long_name, &why), 0);
	ck_assert_ptr_nonnull(why);
	long_name[GEM_NAME_MAX] = '\0';
	ck_assert_int_eq(gem_name_valid(long_name, &why), 1);
}
END_TEST

START_TEST(test_ruby_version_valid)
{
	static const struct {
		const char	*v;
		int		 valid;
		int		 pre;
	} t[] = {
		{ "1", 1, 0 }, { "1.0.0", 1, 0 }, { "1.0.0.pre.rc1", 1, 1 },
		{ "1.a", 1, 1 }, { "1.0b1", 1, 1 }, { "0", 1, 0 },
		{ "", 0, 0 }, { "a", 0, 1 }, { "1.", 0, 0 }, { "1..0", 0, 0 },
		{ "1.0-rc1", 0, 1 }, { " 1", 0, 0 }, { "1.0 ", 0, 0 },
		{ "v1", 0, 1 }, { "1.0_1", 0, 0 }, { "1/0", 0, 0 },
	};
	size_t	 i;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		ck_assert_msg(gem_version_valid(t[i].v) == t[i].valid, "%s",
		    t[i].v);
		ck_assert_msg(gem_version_prerelease(t[i].v) == t[i].pre,
		    "%s", t[i].v);
	}
}
END_TEST

START_TEST(test_ruby_version_norm)
{
	ck_assert_str_eq(gem_version_norm(&arena, " 1.0-rc1 ", 9),
	    "1.0.pre.rc1");
	ck_assert_str_eq(gem_version_norm(&arena, "2.0.0", 5), "2.0.0");
	ck_assert_str_eq(gem_version_norm(&arena, "1-a-b", 5),
	    "1.pre.a.pre.b");
}
END_TEST

/* Expected results from Ruby's Gem::Version#<=>. */
START_TEST(test_ruby_version_cmp)
{
	static const struct {
		const char	*a;
		const char	*b;
		int		 cmp;
	} t[] = {
		{ "1.0", "1", 0 },
		{ "1.0.0", "1.0.1", -1 },
		{ "1.10", "1.9", 1 },
		{ "1.0.a", "1.0", -1 },
		{ "1.0.0.pre.rc1", "1.0.0", -1 },
		{ "1.0.a", "1.0.b", -1 },
		{ "2", "10", -1 },
		{ "1.0.0.0.1", "1", 1 },
		{ "1.a.0", "1.a", 0 },
		{ "01", "1", 0 },
		{ "1.0b1", "1.0a2", 1 },
		{ "1.0.a10", "1.0.a9", 1 },
		{ "3.0.0.beta", "3.0.0.alpha", 1 },
		{ "0", "0.0.0", 0 },
		{ "1.2.3.4", "1.2.3.a", 1 },
		{ "99999999999999999999", "99999999999999999998", 1 },
	};
	size_t	 i;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		ck_assert_msg(gem_version_cmp(t[i].a, t[i].b) == t[i].cmp,
		    "%s <=> %s", t[i].a, t[i].b);
		ck_assert_msg(gem_version_cmp(t[i].b, t[i].a) == -t[i].cmp,
		    "%s <=> %s", t[i].b, t[i].a);
	}
}
END_TEST

START_TEST(test_ruby_platform_valid)
{
	ck_assert_int_eq(gem_platform_valid("ruby"), 1);
	ck_assert_int_eq(gem_platform_valid("x86_64-linux"), 1);
	ck_assert_int_eq(gem_platform_valid("universal-darwin-20"), 1);
	ck_assert_int_eq(gem_platform_valid(""), 0);
	ck_assert_int_eq(gem_platform_valid("-x"), 0);
	ck_assert_int_eq(gem_platform_valid("a/b"), 0);
	ck_assert_int_eq(gem_platform_valid("a b"), 0);
	ck_assert_str_eq(gem_index_version(&arena, "1.0", "ruby"), "1.0");
	ck_assert_str_eq(gem_index_version(&arena, "1.0", "java"),
	    "1.0-java");
	ck_assert_str_eq(gem_full_name(&arena, "n", "1.0", "ruby"), "n-1.0");
	ck_assert_str_eq(gem_full_name(&arena, "n", "1.0", "java"),
	    "n-1.0-java");
}
END_TEST

/*
 * Marshal.
 */

START_TEST(test_ruby_marshal_scalars)
{
	static const long ints[] = {
		0, 1, 122, 123, 255, 256, -1, -123, -124, -256, -257, 65535,
		65536, 1 << 24, (1L << 30) - 1, -(1L << 30),
	};
	struct marshal	 m;
	struct buf	 b;
	char		 name[32], x[300];
	size_t		 i;

	buf_init(&b, 4096);
	marshal_begin(&m, &b);
	marshal_nil(&m);
	ck_assert_int_eq(marshal_end(&m), 0);
	expect_vec("nil", &b);
	buf_reset(&b);
	marshal_begin(&m, &b);
	marshal_bool(&m, 1);
	expect_vec("true", &b);
	buf_reset(&b);
	marshal_begin(&m, &b);
	marshal_bool(&m, 0);
	expect_vec("false", &b);
	for (i = 0; i < sizeof(ints) / sizeof(ints[0]); i++) {
		buf_reset(&b);
		marshal_begin(&m, &b);
		marshal_int(&m, ints[i]);
		ck_assert_int_eq(marshal_end(&m), 0);
		snprintf(name, sizeof(name), "int %ld", ints[i]);
		expect_vec(name, &b);
	}
	buf_reset(&b);
	marshal_begin(&m, &b);
	marshal_int(&m, 1L << 30);
	ck_assert_int_eq(marshal_end(&m), -1);

	buf_reset(&b);
	marshal_begin(&m, &b);
	marshal_str(&m, "h\xc3\xa9llo", 6, MENC_UTF8);
	expect_vec("str utf8", &b);
	buf_reset(&b);
	marshal_begin(&m, &b);
	marshal_str(&m, "UTC", 3, MENC_ASCII);
	expect_vec("str ascii", &b);
	buf_reset(&b);
	marshal_begin(&m, &b);
	marshal_str(&m, "\x00\xff", 2, MENC_BINARY);
	expect_vec("str binary", &b);
	memset(x, 'x', sizeof(x));
	buf_reset(&b);
	marshal_begin(&m, &b);
	marshal_str(&m, x, sizeof(x), MENC_UTF8);
	expect_vec("str long", &b);
	buf_release(&b);
}
END_TEST

START_TEST(test_ruby_marshal_containers)
{
	struct marshal	 m;
	struct buf	 b;

	buf_init(&b, 4096);
	marshal_begin(&m, &b);
	marshal_array(&m, 4);
	marshal_sym(&m, "a");
	marshal_sym(&m, "b");
	marshal_sym(&m, "a");
	marshal_sym(&m, "b");
	ck_assert_int_eq(marshal_end(&m), 0);
	expect_vec("syms", &b);
	buf_reset(&b);
	marshal_begin(&m, &b);
	marshal_hash(&m, 1);
	marshal_str(&m, "k", 1, MENC_UTF8);
	marshal_str(&m, "v", 1, MENC_UTF8);
	expect_vec("hash", &b);
	buf_reset(&b);
	marshal_begin(&m, &b);
	marshal_user_marshal(&m, "Gem::Version");
	marshal_array(&m, 1);
	marshal_str(&m, "1.0.0", 5, MENC_UTF8);
	expect_vec("version", &b);
	buf_release(&b);
}
END_TEST

/* A full buf is an error, never a short write. */
START_TEST(test_ruby_marshal_bounded)
{
	struct marshal	 m;
	struct buf	 b;
	char		 x[64];

	memset(x, 'x', sizeof(x));
	buf_init(&b, 32);
	marshal_begin(&m, &b);
	marshal_str(&m, x, sizeof(x), MENC_UTF8);
	ck_assert_int_eq(marshal_end(&m), -1);
	ck_assert_uint_le(b.len, 32);
	buf_release(&b);
}
END_TEST

/* The demo spec, as gem 3.3.15 built it (see demo_yaml), by hand. */
static const struct gem_req r_ruby[] = { { ">=", "2.7" } };
static const struct gem_req r_any[] = { { ">=", "0" } };
static const struct gem_req r_dep_a[] = { { "~>", "1.0" }, { ">=", "1.0.2" } };
static const struct gem_dep demo_deps[] = {
	{ "dep_a", 0, r_dep_a, 2 },
	{ "rake", 1, r_any, 1 },
};
static const char *const demo_authors[] = { "Ann", "Bob" };
static const char *const demo_email[] = { "a@example.com" };
static const char *const demo_lic[] = { "MIT" };
static const char *const demo_mkeys[] = { "source_code_uri" };
static const char *const demo_mvals[] = { "https://example.com/src" };

static void
demo_spec(struct gem_spec *s)
{
	memset(s, 0, sizeof(*s));
	s->name = "demo";
	s->version = "1.0.0";
	s->platform = "ruby";
	s->summary = "Hello";
	s->description = "A longer\ndescription";
	s->homepage = "https://example.com";
	s->date = "2026-12-01";
	s->rubygems_version = "3.3.15";
	s->specification_version = 4;
	s->authors = demo_authors;
	s->nauthors = 2;
	s->emails = demo_email;
	s->nemails = 1;
	s->licenses = demo_lic;
	s->nlicenses = 1;
	s->ruby_reqs = r_ruby;
	s->nruby_reqs = 1;
	s->rubygems_reqs = r_any;
	s->nrubygems_reqs = 1;
	s->deps = demo_deps;
	s->ndeps = 2;
	s->meta_keys = demo_mkeys;
	s->meta_values = demo_mvals;
	s->nmeta = 1;
}

START_TEST(test_ruby_quick_render)
{
	struct gem_spec	 s;
	struct buf	 b;

	demo_spec(&s);
	buf_init(&b, 1 << 20);
	ck_assert_int_eq(gem_quick_render(&s, &b), 0);
	expect_vec("quick", &b);
	buf_release(&b);
}
END_TEST

START_TEST(test_ruby_specs_render)
{
	static const struct gem_tuple t[] = {
		{ "demo", "1.0.0", "ruby" },
		{ "demo", "2.0.0.pre.rc1", "x86_64-linux" },
	};
	struct buf	 b;

	buf_init(&b, 1 << 20);
	ck_assert_int_eq(gem_specs_render(t, 2, &b), 0);
	expect_vec("specs", &b);
	buf_reset(&b);
	ck_assert_int_eq(gem_specs_render(t, 0, &b), 0);
	ck_assert_uint_eq(b.len, 4);
	ck_assert(memcmp(b.data, "\x04\x08[\x00", 4) == 0);
	buf_release(&b);
}
END_TEST

START_TEST(test_ruby_latest)
{
	static const struct gem_tuple t[] = {
		{ "a", "1.0", "ruby" },
		{ "b", "1.0", "ruby" },
		{ "a", "1.10", "ruby" },
		{ "a", "1.9", "ruby" },
		{ "a", "2.0.pre", "ruby" },
		{ "a", "1.0", "java" },
		{ "c", "0.1.a", "ruby" },
	};
	struct gem_tuple	 out[7];
	size_t			 n;

	n = gem_latest(t, 7, out);
	ck_assert_uint_eq(n, 3);
	ck_assert_str_eq(out[0].name, "a");
	ck_assert_str_eq(out[0].version, "1.10");
	ck_assert_str_eq(out[1].name, "b");
	ck_assert_str_eq(out[2].platform, "java");
}
END_TEST

/*
 * zlib streams.
 */

START_TEST(test_ruby_zlib)
{
	struct buf	 z, u;
	char		 big[100000];
	uLongf		 ulen;
	char		 back[64];

	memset(big, 'y', sizeof(big));
	buf_init(&z, 1 << 20);
	buf_init(&u, 1 << 20);
	ck_assert_int_eq(gem_gzip("hello", 5, &z), 0);
	ck_assert_int_eq((unsigned char)z.data[0], 0x1f);
	ck_assert_int_eq(gem_gunzip(z.data, z.len, 100, &u), 0);
	ck_assert_uint_eq(u.len, 5);
	ck_assert(memcmp(u.data, "hello", 5) == 0);
	/* Over max: 1; not gzip or cut short: -1. */
	buf_reset(&u);
	ck_assert_int_eq(gem_gunzip(z.data, z.len, 4, &u), 1);
	buf_reset(&u);
	ck_assert_int_eq(gem_gunzip("hello", 5, 100, &u), -1);
	buf_reset(&u);
	ck_assert_int_eq(gem_gunzip(z.data, z.len - 9, 100, &u), -1);
	/* A bomb stops at max. */
	buf_reset(&z);
	buf_reset(&u);
	ck_assert_int_eq(gem_gzip(big, sizeof(big), &z), 0);
	ck_assert_uint_lt(z.len, 1000);
	ck_assert_int_eq(gem_gunzip(z.data, z.len, 50000, &u), 1);
	ck_assert_uint_le(u.len, 50000);
	/* deflate: a zlib stream, as Zlib::Inflate.inflate reads. */
	buf_reset(&z);
	ck_assert_int_eq(gem_deflate("hello", 5, &z), 0);
	ck_assert_int_eq((unsigned char)z.data[0], 0x78);
	ulen = sizeof(back);
	ck_assert_int_eq(uncompress((Bytef *)back, &ulen,
	    (const Bytef *)z.data, z.len), Z_OK);
	ck_assert_uint_eq(ulen, 5);
	buf_release(&z);
	buf_release(&u);
}
END_TEST

/*
 * YAML.
 */

START_TEST(test_ruby_yaml_demo)
{
	struct gem_spec	 s;

	ck_assert_msg(gem_spec_parse_yaml(demo_yaml, sizeof(demo_yaml) - 1,
	    &ylim, &arena, &s, err, sizeof(err)) == 0, "%s", err);
	ck_assert_str_eq(s.name, "demo_hello");
	ck_assert_str_eq(s.version, "1.0.0");
	ck_assert_str_eq(s.platform, "ruby");
	ck_assert_str_eq(s.summary, "Hello");
	ck_assert_str_eq(s.description, "A longer\ndescription: with colon");
	ck_assert_str_eq(s.homepage, "https://example.com");
	ck_assert_str_eq(s.date, "2026-12-01");
	ck_assert_str_eq(s.rubygems_version, "3.3.15");
	ck_assert_int_eq(s.specification_version, 4);
	ck_assert_uint_eq(s.nauthors, 2);
	ck_assert_str_eq(s.authors[1], "Bob");
	ck_assert_uint_eq(s.nemails, 1);
	ck_assert_int_eq(s.email_list, 0);
	ck_assert_str_eq(s.emails[0], "a@example.com");
	ck_assert_uint_eq(s.nlicenses, 1);
	ck_assert_str_eq(s.licenses[0], "MIT");
	ck_assert_uint_eq(s.nruby_reqs, 1);
	ck_assert_str_eq(s.ruby_reqs[0].op, ">=");
	ck_assert_str_eq(s.ruby_reqs[0].version, "2.7");
	ck_assert_uint_eq(s.nrubygems_reqs, 1);
	ck_assert_str_eq(s.rubygems_reqs[0].version, "0");
	ck_assert_uint_eq(s.ndeps, 2);
	ck_assert_str_eq(s.deps[0].name, "dep_a");
	ck_assert_int_eq(s.deps[0].development, 0);
	ck_assert_uint_eq(s.deps[0].nreqs, 2);
	ck_assert_str_eq(s.deps[0].reqs[0].op, "~>");
	ck_assert_str_eq(s.deps[0].reqs[1].version, "1.0.2");
	ck_assert_str_eq(s.deps[1].name, "rake");
	ck_assert_int_eq(s.deps[1].development, 1);
	ck_assert_uint_eq(s.nmeta, 1);
	ck_assert_str_eq(s.meta_keys[0], "source_code_uri");
	ck_assert_str_eq(s.meta_values[0], "https://example.com/src");
}
END_TEST

/* Small but complete: what a hostile document is built around. */
#define MINI "--- !ruby/object:Gem::Specification\nname: x\n" \
	"version: !ruby/object:Gem::Version\n  version: 1.0\n"

static int
parse(const char *yaml)
{
	struct gem_spec	 s;

	err[0] = '\0';
	return gem_spec_parse_yaml(yaml, strlen(yaml), &ylim, &arena, &s, err,
	    sizeof(err));
}

static void
refused(const char *yaml, const char *msg)
{
	ck_assert_msg(parse(yaml) == -1, "accepted: %s", yaml);
	ck_assert_msg(strstr(err, msg) != NULL, "'%s' lacks '%s'", err, msg);
}

#define PRE "--- !ruby/object:Gem::Specification\nname: x\n" \
	"version: 1.0-rc1\n"

START_TEST(test_ruby_yaml_minimal)
{
	struct gem_spec	 s;

	ck_assert_msg(parse(MINI) == 0, "%s", err);
	ck_assert_int_eq(gem_spec_parse_yaml(MINI "platform: java\n"
	    "email: [a, b]\nauthors: solo\ndescription:\n", strlen(MINI
	    "platform: java\nemail: [a, b]\nauthors: solo\ndescription:\n"),
	    &ylim, &arena, &s, err, sizeof(err)), 0);
	ck_assert_str_eq(s.platform, "java");
	ck_assert_int_eq(s.email_list, 1);
	ck_assert_uint_eq(s.nemails, 2);
	ck_assert_uint_eq(s.nauthors, 1);
	ck_assert_ptr_null(s.description);
	ck_assert_str_eq(s.summary, "");
	ck_assert_uint_eq(s.nruby_reqs, 1);
	ck_assert_str_eq(s.ruby_reqs[0].op, ">=");
	/* "-" in a version is ".pre.", as Gem::Version.new makes it. */
	ck_assert_int_eq(gem_spec_parse_yaml(PRE, strlen(PRE), &ylim, &arena,
	    &s, err, sizeof(err)), 0);
	ck_assert_str_eq(s.version, "1.0.pre.rc1");
}
END_TEST

START_TEST(test_ruby_yaml_aliases)
{
	refused(MINI "authors: &a [x]\nlicenses: *a\n", "anchors");
	refused("--- !ruby/object:Gem::Specification\nname: &n x\n"
	    "version: 1.0\n", "anchors");
	refused(MINI "summary: *nothing\n", "YAML");
	/* A billion laughs, refused at the first anchor. */
	refused(MINI "a: &a [\"lol\",\"lol\"]\nb: &b [*a,*a,*a,*a]\n"
	    "c: &c [*b,*b,*b,*b]\n", "anchors");
}
END_TEST

START_TEST(test_ruby_yaml_tags)
{
	refused("--- !ruby/object:Gem::Foo\nname: x\n", "not allowed");
	refused(MINI "metadata: !ruby/hash:Evil {}\n", "not allowed");
	refused(MINI "summary: !ruby/object:ERB x\n", "not allowed");
	refused(MINI "summary: !!python/object:os.system x\n", "not allowed");
	refused(MINI "authors: !ruby/array:Evil [a]\n", "not allowed");
	refused(MINI "summary: !binary aGk=\n", "not allowed");
	refused("--- !ruby/object:Gem::Version\nversion: 1.0\n",
	    "not a Gem::Specification");
	refused("--- {name: x, version: 1.0}\n", "not a Gem::Specification");
	refused("--- x\n", "not a Gem::Specification");
	refused(MINI "metadata: !ruby/object:Gem::Version {a: b}\n",
	    "metadata is not a mapping");
	/* !!str is harmless. */
	ck_assert_msg(parse(MINI "summary: !!str hi\n") == 0, "%s", err);
}
END_TEST

START_TEST(test_ruby_yaml_nesting)
{
	struct buf	 b;
	size_t		 i;

	buf_init(&b, 1 << 20);
	buf_adds(&b, MINI "summary: ");
	for (i = 0; i < 100; i++)
		buf_addch(&b, '[');
	for (i = 0; i < 100; i++)
		buf_addch(&b, ']');
	buf_addch(&b, '\n');
	refused(b.data, "deeper");
	buf_reset(&b);
	buf_adds(&b, MINI "files:\n");
	for (i = 0; i < GEM_YAML_MAX_NODES; i++)
		buf_adds(&b, "- a\n");
	refused(b.data, "more than");
	buf_release(&b);
}
END_TEST

START_TEST(test_ruby_yaml_sizes)
{
	struct gem_yaml_limits	 small = ylim;
	struct gem_spec		 s;
	struct buf		 b;
	size_t			 i;

	buf_init(&b, 8 << 20);
	buf_adds(&b, MINI "description: ");
	for (i = 0; i < GEM_YAML_MAX_SCALAR + 1; i++)
		buf_addch(&b, 'x');
	buf_addch(&b, '\n');
	refused(b.data, "scalar is larger");
	small.max_len = 64;
	ck_assert_int_eq(gem_spec_parse_yaml(b.data, b.len, &small, &arena,
	    &s, err, sizeof(err)), -1);
	ck_assert_ptr_nonnull(strstr(err, "larger than 64"));
	buf_release(&b);
}
END_TEST

START_TEST(test_ruby_yaml_values)
{
	refused("--- !ruby/object:Gem::Specification\nversion: 1.0\n",
	    "no name");
	refused("--- !ruby/object:Gem::Specification\nname: ../x\n"
	    "version: 1.0\n", "name");
	refused("--- !ruby/object:Gem::Specification\nname: x\n", "version");
	refused("--- !ruby/object:Gem::Specification\nname: x\n"
	    "version: 1.0.0; rm\n", "not a valid version");
	refused(MINI "platform: x/../y\n", "platform");
	refused(MINI "name: y\n", "twice");
	refused(MINI "summary: [a]\n", "summary is not a string");
	refused(MINI "summary: \"a\\0b\"\n", "NUL");
	refused(MINI "dependencies:\n- !ruby/object:Gem::Dependency\n"
	    "  name: a b\n", "dependency");
	refused(MINI "dependencies:\n- !ruby/object:Gem::Dependency\n"
	    "  name: a\n  requirement: !ruby/object:Gem::Requirement\n"
	    "    requirements:\n    - - \"=~\"\n      - 1\n", "operator");
	refused(MINI "dependencies:\n- !ruby/object:Gem::Dependency\n"
	    "  name: a\n  type: :weird\n", "type");
	refused(MINI "required_ruby_version: !ruby/object:Gem::Requirement\n"
	    "  requirements:\n  - [\">=\", \"2.7|x\"]\n", "version");
	refused(MINI "metadata: {a: b, a: c}\n", "twice");
	refused(MINI "metadata: {a: [b]}\n", "not a string");
	refused(MINI "--- !ruby/object:Gem::Specification\n", "YAML");
	refused(MINI "...\n--- x\n", "more than one document");
	refused("", "empty");
	refused("\x01\x02", "YAML");
}
END_TEST

/*
 * JSON.
 */

START_TEST(test_ruby_json_roundtrip)
{
	struct gem_spec	 s, t;
	struct buf	 a, b;

	buf_init(&a, 1 << 20);
	buf_init(&b, 1 << 20);
	ck_assert_int_eq(gem_spec_parse_yaml(demo_yaml, sizeof(demo_yaml) - 1,
	    &ylim, &arena, &s, err, sizeof(err)), 0);
	ck_assert_int_eq(gem_spec_to_json(&s, &a), 0);
	ck_assert_ptr_nonnull(strstr(a.data, "\"dependencies\":[{\"name\":"
	    "\"dep_a\",\"type\":\"runtime\",\"requirements\":[\"~> 1.0\","
	    "\">= 1.0.2\"]}"));
	ck_assert_int_eq(gem_spec_from_json(a.data, a.len, &arena, &t), 0);
	ck_assert_int_eq(gem_spec_to_json(&t, &b), 0);
	ck_assert_str_eq(a.data, b.data);
	/* What the indexes would serve is checked again on the way out. */
	ck_assert_int_eq(gem_spec_from_json("{\"name\":\"a b\",\"version\":"
	    "\"1\"}", 28, &arena, &t), -1);
	ck_assert_int_eq(gem_spec_from_json("{\"name\":\"a\",\"version\":"
	    "\"1\",\"dependencies\":[{\"name\":\"b\",\"requirements\":"
	    "[\"=~ 1\"]}]}", 74, &arena, &t), -1);
	ck_assert_int_eq(gem_spec_from_json("{\"name\":\"a\",\"version\":"
	    "\"1\"}", 26, &arena, &t), 0);
	ck_assert_str_eq(t.platform, "ruby");
	ck_assert_uint_eq(t.nruby_reqs, 1);
	ck_assert_int_eq(gem_spec_from_json("[1]", 3, &arena, &t), -1);
	/* Absent fields are JSON null and read back as absent. */
	buf_reset(&a);
	ck_assert_int_eq(gem_spec_parse_yaml(MINI, strlen(MINI), &ylim,
	    &arena, &s, err, sizeof(err)), 0);
	ck_assert_int_eq(gem_spec_to_json(&s, &a), 0);
	ck_assert_ptr_nonnull(strstr(a.data, "\"description\":null"));
	ck_assert_ptr_nonnull(strstr(a.data, "\"email\":null"));
	ck_assert_int_eq(gem_spec_from_json(a.data, a.len, &arena, &t), 0);
	ck_assert_ptr_null(t.description);
	ck_assert_uint_eq(t.nemails, 0);
	buf_release(&a);
	buf_release(&b);
}
END_TEST

/*
 * The compact index.
 */

START_TEST(test_ruby_compact_index)
{
	static const char *const names[] = { "a", "demo" };
	static const char *const vers[] = { "1.0.0", "1.1.0-java" };
	struct gem_versions_row	 row = { "demo", vers, 2,
	    "0123456789abcdef0123456789abcdef" };
	struct gem_info_ver	 iv[2];
	struct gem_spec		 s, j;
	struct buf		 b;
	char			 md5[33];

	demo_spec(&s);
	j = s;
	j.version = "1.1.0";
	j.platform = "java";
	j.ndeps = 1;
	j.ruby_reqs = r_any;
	j.rubygems_reqs = r_dep_a;
	j.nrubygems_reqs = 2;
	iv[0].spec = &s;
	iv[0].sha256 = "aa";
	iv[1].spec = &j;
	iv[1].sha256 = "bb";
	buf_init(&b, 1 << 20);
	ck_assert_int_eq(gem_info_render(iv, 2, &b), 0);
	ck_assert_str_eq(b.data, "---\n"
	    "1.0.0 dep_a:>= 1.0.2&~> 1.0|checksum:aa,ruby:>= 2.7\n"
	    "1.1.0-java dep_a:>= 1.0.2&~> 1.0|checksum:bb,"
	    "rubygems:>= 1.0.2&~> 1.0\n");
	buf_reset(&b);
	j.ndeps = 0;
	iv[1].spec = &j;
	ck_assert_int_eq(gem_info_render(iv + 1, 1, &b), 0);
	ck_assert_str_eq(b.data, "---\n1.1.0-java |checksum:bb,"
	    "rubygems:>= 1.0.2&~> 1.0\n");
	buf_reset(&b);
	ck_assert_int_eq(gem_versions_render("2026-12-01T00:00:00Z", &row, 1,
	    &b), 0);
	ck_assert_str_eq(b.data, "created_at: 2026-12-01T00:00:00Z\n---\n"
	    "demo 1.0.0,1.1.0-java 0123456789abcdef0123456789abcdef\n");
	buf_reset(&b);
	ck_assert_int_eq(gem_names_render(names, 2, &b), 0);
	ck_assert_str_eq(b.data, "---\na\ndemo\n");
	gem_md5_hex("", 0, md5);
	ck_assert_str_eq(md5, "d41d8cd98f00b204e9800998ecf8427e");
	buf_release(&b);
}
END_TEST

/*
 * .gem files.
 */

struct member {
	const char	*path;
	const void	*data;
	size_t		 len;
};

static void
write_tar(const char *path, const struct member *m, size_t n)
{
	struct archive		*w;
	struct archive_entry	*e;
	size_t			 i;

	ck_assert_ptr_nonnull(w = archive_write_new());
	ck_assert_int_eq(archive_write_set_format_ustar(w), ARCHIVE_OK);
	ck_assert_int_eq(archive_write_open_filename(w, path), ARCHIVE_OK);
	for (i = 0; i < n; i++) {
		e = archive_entry_new();
		archive_entry_set_pathname(e, m[i].path);
		archive_entry_set_filetype(e, AE_IFREG);
		archive_entry_set_perm(e, 0444);
		archive_entry_set_size(e, (la_int64_t)m[i].len);
		ck_assert_int_eq(archive_write_header(w, e), ARCHIVE_OK);
		if (m[i].len)
			ck_assert_int_eq(archive_write_data(w, m[i].data,
			    m[i].len), (la_ssize_t)m[i].len);
		archive_entry_free(e);
	}
	ck_assert_int_eq(archive_write_close(w), ARCHIVE_OK);
	archive_write_free(w);
}

static struct buf	 gz;

static int
inspect(const struct member *m, size_t n, struct gem_spec *s)
{
	write_tar(gpath, m, n);
	err[0] = '\0';
	return gem_inspect(gpath, &glim, &ylim, &arena, s, err, sizeof(err));
}

START_TEST(test_ruby_gem_inspect)
{
	struct gem_spec	 s;
	struct member	 m[4];
	struct buf	 bomb, bombz;
	size_t		 i;

	buf_init(&gz, 1 << 20);
	ck_assert_int_eq(gem_gzip(demo_yaml, sizeof(demo_yaml) - 1, &gz), 0);
	m[0] = (struct member){ "metadata.gz", gz.data, gz.len };
	m[1] = (struct member){ "data.tar.gz", "\x1f\x8b", 2 };
	m[2] = (struct member){ "checksums.yaml.gz", "\x1f\x8b", 2 };
	ck_assert_msg(inspect(m, 3, &s) == 0, "%s", err);
	ck_assert_str_eq(s.name, "demo_hello");
	ck_assert_str_eq(s.version, "1.0.0");

	/* Without metadata, without data, twice the metadata. */
	ck_assert_int_eq(inspect(m + 1, 2, &s), -1);
	ck_assert_str_eq(err, "gem has no metadata.gz");
	m[1] = m[2];
	ck_assert_int_eq(inspect(m, 2, &s), -1);
	ck_assert_str_eq(err, "gem has no data.tar.gz");
	m[1] = m[0];
	m[2] = (struct member){ "data.tar.gz", "\x1f\x8b", 2 };
	ck_assert_int_eq(inspect(m, 3, &s), -1);
	ck_assert_str_eq(err, "gem has more than one metadata.gz");

	/* Entries named ../../x, or absolute. */
	m[1] = (struct member){ "../../x", "x", 1 };
	ck_assert_int_eq(inspect(m, 3, &s), -1);
	ck_assert_ptr_nonnull(strstr(err, "unsafe path"));
	m[1] = (struct member){ "/etc/x", "x", 1 };
	ck_assert_int_eq(inspect(m, 3, &s), -1);
	ck_assert_ptr_nonnull(strstr(err, "unsafe path"));

	/* metadata.gz that is not gzip, or YAML that is hostile. */
	m[1] = (struct member){ "metadata.gz", "--- x\n", 6 };
	ck_assert_int_eq(inspect(m + 1, 2, &s), -1);
	ck_assert_str_eq(err, "metadata.gz is not valid gzip data");
	buf_reset(&gz);
	ck_assert_int_eq(gem_gzip(MINI "a: &x 1\n", strlen(MINI "a: &x 1\n"),
	    &gz), 0);
	m[1] = (struct member){ "metadata.gz", gz.data, gz.len };
	ck_assert_int_eq(inspect(m + 1, 2, &s), -1);
	ck_assert_str_eq(err, "metadata: YAML anchors are not allowed");

	/* A metadata bomb: 16 MiB of YAML in a few KiB. */
	buf_init(&bomb, 17 << 20);
	buf_init(&bombz, 1 << 20);
	buf_adds(&bomb, MINI "description: ");
	for (i = 0; i < (16u << 20); i++)
		buf_addch(&bomb, 'x');
	ck_assert_int_eq(gem_gzip(bomb.data, bomb.len, &bombz), 0);
	m[1] = (struct member){ "metadata.gz", bombz.data, bombz.len };
	ck_assert_int_eq(inspect(m + 1, 2, &s), -1);
	ck_assert_ptr_nonnull(strstr(err, "larger than"));
	buf_release(&bomb);
	buf_release(&bombz);
	buf_release(&gz);
}
END_TEST

START_TEST(test_ruby_gem_not_tar)
{
	struct gem_spec	 s;
	FILE		*f;

	ck_assert_ptr_nonnull(f = fopen(gpath, "w"));
	fputs("this is not a gem at all", f);
	fclose(f);
	ck_assert_int_eq(gem_inspect(gpath, &glim, &ylim, &arena, &s, err,
	    sizeof(err)), -1);
	ck_assert_str_eq(err, "not a tar archive");
	/* A tar.gz (an npm tarball, say) is not a .gem either. */
	buf_init(&gz, 1 << 20);
	ck_assert_int_eq(gem_gzip("x", 1, &gz), 0);
	ck_assert_ptr_nonnull(f = fopen(gpath, "w"));
	fwrite(gz.data, 1, gz.len, f);
	fclose(f);
	ck_assert_int_eq(gem_inspect(gpath, &glim, &ylim, &arena, &s, err,
	    sizeof(err)), -1);
	ck_assert_str_eq(err, "not a tar archive");
	buf_release(&gz);
}
END_TEST

static Suite *
ruby_suite(void)
{
	Suite	*s = suite_create("ruby");
	TCase	*tc;

	tc = tcase_create("names");
	tcase_add_test(tc, test_ruby_name_valid);
	tcase_add_test(tc, test_ruby_version_valid);
	tcase_add_test(tc, test_ruby_version_norm);
	tcase_add_test(tc, test_ruby_version_cmp);
	tcase_add_test(tc, test_ruby_platform_valid);
	tcase_add_checked_fixture(tc, setup, teardown);
	suite_add_tcase(s, tc);

	tc = tcase_create("marshal");
	tcase_add_test(tc, test_ruby_marshal_scalars);
	tcase_add_test(tc, test_ruby_marshal_containers);
	tcase_add_test(tc, test_ruby_marshal_bounded);
	tcase_add_test(tc, test_ruby_quick_render);
	tcase_add_test(tc, test_ruby_specs_render);
	tcase_add_test(tc, test_ruby_latest);
	tcase_add_test(tc, test_ruby_zlib);
	suite_add_tcase(s, tc);

	tc = tcase_create("yaml");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, test_ruby_yaml_demo);
	tcase_add_test(tc, test_ruby_yaml_minimal);
	tcase_add_test(tc, test_ruby_yaml_aliases);
	tcase_add_test(tc, test_ruby_yaml_tags);
	tcase_add_test(tc, test_ruby_yaml_nesting);
	tcase_add_test(tc, test_ruby_yaml_sizes);
	tcase_add_test(tc, test_ruby_yaml_values);
	tcase_add_test(tc, test_ruby_json_roundtrip);
	suite_add_tcase(s, tc);

	tc = tcase_create("index");
	tcase_add_test(tc, test_ruby_compact_index);
	suite_add_tcase(s, tc);

	tc = tcase_create("gem");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, test_ruby_gem_inspect);
	tcase_add_test(tc, test_ruby_gem_not_tar);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner	*sr;
	int	 failed;

	sr = srunner_create(ruby_suite());
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? 0 : 1;
}
