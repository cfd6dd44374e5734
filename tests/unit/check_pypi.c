/* check_pypi.c: unit tests for PyPI names, versions, file names, metadata, distributions, simple pages */
#include <archive.h>
#include <archive_entry.h>
#include <check.h>
#include <json-c/json.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "eco/pypi.h"

static char	 tmpdir[64];
static char	 tpath[128];
static char	 err[256];

static void
setup(void)
{
	snprintf(tmpdir, sizeof(tmpdir), "/tmp/check_pypi.XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(tmpdir));
	snprintf(tpath, sizeof(tpath), "%s/t.bin", tmpdir);
	err[0] = '\0';
}

static void
teardown(void)
{
	unlink(tpath);
	rmdir(tmpdir);
}

/*
 * Names.
 */

static const struct {
	const char	*name;
	int		 valid;
	const char	*norm;
} name_table[] = {
	{ "a", 1, "a" },
	{ "requests", 1, "requests" },
	{ "Demo.Hello", 1, "demo-hello" },
	{ "Foo__Bar-.baz", 1, "foo-bar-baz" },
	{ "zope.interface", 1, "zope-interface" },
	{ "A1", 1, "a1" },
	{ "9", 1, "9" },
	{ "", 0, "" },
	{ "-a", 0, "-a" },
	{ "a-", 0, "a-" },
	{ ".a", 0, "-a" },
	{ "a_", 0, "a-" },
	{ "a b", 0, "a b" },
	{ "a/b", 0, "a/b" },
	{ "caf\xc3\xa9", 0, "caf\xc3\xa9" },
	{ "a\nb", 0, "a\nb" },
	{ "a+b", 0, "a+b" },
};

START_TEST(test_pypi_name_table)
{
	struct arena	 a;
	size_t		 i = (size_t)_i;
	char		*n;

	arena_init(&a, 0);
	ck_assert_msg(pypi_name_valid(name_table[i].name,
	    strlen(name_table[i].name)) == name_table[i].valid,
	    "pypi_name_valid(\"%s\")", name_table[i].name);
	n = pypi_name_normalize(&a, name_table[i].name);
	ck_assert_ptr_nonnull(n);
	ck_assert_str_eq(n, name_table[i].norm);
	arena_release(&a);
}
END_TEST

START_TEST(test_pypi_name_valid_length)
{
	char	 name[PYPI_NAME_MAX + 2];

	memset(name, 'a', sizeof(name));
	ck_assert_int_eq(pypi_name_valid(name, PYPI_NAME_MAX), 1);
	ck_assert_int_eq(pypi_name_valid(name, PYPI_NAME_MAX + 1), 0);
}
END_TEST

/*
 * Versions: the normalized forms of packaging.version.Version.
 */

static const struct {
	const char	*in;
	const char	*out;	/* NULL: invalid */
} version_table[] = {
	{ "1.0.0", "1.0.0" },
	{ "1", "1" },
	{ "v1.0", "1.0" },
	{ "V2", "2" },
	{ "01.002.0", "1.2.0" },
	{ "0!1.0", "1.0" },
	{ "2!1.0", "2!1.0" },
	{ "1.0a1", "1.0a1" },
	{ "1.0alpha1", "1.0a1" },
	{ "1.0.a.1", "1.0a1" },
	{ "1.0-beta-2", "1.0b2" },
	{ "1.0b", "1.0b0" },
	{ "1.0c1", "1.0rc1" },
	{ "1.0pre1", "1.0rc1" },
	{ "1.0preview2", "1.0rc2" },
	{ "1.0RC1", "1.0rc1" },
	{ "1.0.post1", "1.0.post1" },
	{ "1.0-1", "1.0.post1" },
	{ "1.0post", "1.0.post0" },
	{ "1.0-r4", "1.0.post4" },
	{ "1.0rev4", "1.0.post4" },
	{ "1.0.dev", "1.0.dev0" },
	{ "1.0-dev-3", "1.0.dev3" },
	{ "1.0a1.post2.dev3", "1.0a1.post2.dev3" },
	{ "1.0a-1", "1.0a1" },
	{ "1.0a.post1", "1.0a0.post1" },
	{ "1.0+Ubuntu-1", "1.0+ubuntu.1" },
	{ "1.0+abc.007", "1.0+abc.7" },
	{ "1.0+local_v2", "1.0+local.v2" },
	{ "", NULL },
	{ "a", NULL },
	{ "1.", NULL },
	{ ".1", NULL },
	{ "1..0", NULL },
	{ "1.0 ", NULL },
	{ " 1.0", NULL },
	{ "1.0-", NULL },
	{ "1.0alphax", NULL },
	{ "1.0+", NULL },
	{ "1.0+a..b", NULL },
	{ "1.0+a-", NULL },
	{ "1!", NULL },
	{ "!1", NULL },
	{ "1.0/x", NULL },
	{ "1.0\n", NULL },
	{ "1234567890123456789", NULL },
	{ "123456789012345678", "123456789012345678" },
	{ "1.0-1-1", NULL },
	{ "1.0.post1.post2", NULL },
};

START_TEST(test_pypi_version_normalize_table)
{
	char	 out[PYPI_VERSION_BUF];
	size_t	 i = (size_t)_i;
	int	 rc;

	rc = pypi_version_normalize(version_table[i].in,
	    strlen(version_table[i].in), out, sizeof(out));
	if (version_table[i].out == NULL) {
		ck_assert_msg(rc == -1, "\"%s\" accepted as \"%s\"",
		    version_table[i].in, out);
		return;
	}
	ck_assert_msg(rc == 0, "\"%s\" refused", version_table[i].in);
	ck_assert_str_eq(out, version_table[i].out);
}
END_TEST

START_TEST(test_pypi_version_normalize_bounds)
{
	char	 in[PYPI_VERSION_MAX + 2], out[PYPI_VERSION_BUF];
	size_t	 i;

	/* "1.1.1...": PYPI_VERSION_MAX bytes pass, one more does not. */
	for (i = 0; i < sizeof(in); i++)
		in[i] = i % 2 ? '.' : '1';
	ck_assert_int_eq(pypi_version_normalize(in, PYPI_VERSION_MAX - 1,
	    out, sizeof(out)), 0);
	ck_assert_int_eq(pypi_version_normalize(in, PYPI_VERSION_MAX + 1,
	    out, sizeof(out)), -1);
	/*
	 * "1.1...1-1" grows by 4 bytes ("-1" is ".post1"): at 127 bytes it
	 * would pass PYPI_VERSION_MAX and fails; at 123 bytes it fits.
	 */
	memcpy(in + PYPI_VERSION_MAX - 3, "-1", 2);
	ck_assert_int_eq(pypi_version_normalize(in, PYPI_VERSION_MAX - 1,
	    out, sizeof(out)), -1);
	for (i = 0; i < sizeof(in); i++)
		in[i] = i % 2 ? '.' : '1';
	memcpy(in + PYPI_VERSION_MAX - 7, "-1", 2);
	ck_assert_int_eq(pypi_version_normalize(in, PYPI_VERSION_MAX - 5,
	    out, sizeof(out)), 0);
	ck_assert_uint_eq(strlen(out), PYPI_VERSION_MAX - 1);
	/* Too small an output buffer fails rather than truncates. */
	ck_assert_int_eq(pypi_version_normalize("1.0.0", 5, out, 5), -1);
	ck_assert_int_eq(pypi_version_normalize("1.0.0", 5, out, 6), 0);
	/* Only len bytes are read. */
	ck_assert_int_eq(pypi_version_normalize("1.0junk", 3, out,
	    sizeof(out)), 0);
	ck_assert_str_eq(out, "1.0");
	ck_assert_int_eq(pypi_version_normalize("1.0\0x", 5, out,
	    sizeof(out)), -1);
}
END_TEST

/*
 * File names.
 */

START_TEST(test_pypi_filename_parse_wheel)
{
	struct arena		 a;
	struct pypi_filename	 f;
	const char		*why;

	arena_init(&a, 0);
	ck_assert_int_eq(pypi_filename_parse(&a,
	    "Demo.Hello-1.0.0-py3-none-any.whl", &f, &why), 0);
	ck_assert_int_eq(f.kind, PYPI_WHEEL);
	ck_assert_str_eq(f.name, "Demo.Hello");
	ck_assert_str_eq(f.version, "1.0.0");
	ck_assert_ptr_null(f.build);
	ck_assert_str_eq(f.python, "py3");
	ck_assert_str_eq(f.abi, "none");
	ck_assert_str_eq(f.platform, "any");
	ck_assert_int_eq(pypi_filename_matches(&a, &f, "demo-hello",
	    "1.0.0"), 1);
	ck_assert_int_eq(pypi_filename_matches(&a, &f, "demo-hello",
	    "1.0"), 0);
	ck_assert_int_eq(pypi_filename_matches(&a, &f, "demo", "1.0.0"), 0);

	ck_assert_int_eq(pypi_filename_parse(&a,
	    "numpy-1.26.0-1-cp311-cp311-manylinux_2_17_x86_64.whl", &f,
	    &why), 0);
	ck_assert_str_eq(f.build, "1");
	ck_assert_str_eq(f.platform, "manylinux_2_17_x86_64");
	ck_assert_int_eq(pypi_filename_matches(&a, &f, "numpy", "1.26.0"), 1);

	ck_assert_int_eq(pypi_filename_parse(&a, "x-1.0-a-py3-none-any.whl",
	    &f, &why), -1);
	ck_assert_str_eq(why, "wheel build tag does not start with a digit");
	ck_assert_int_eq(pypi_filename_parse(&a, "x-1.0-py3-none.whl", &f,
	    &why), -1);
	ck_assert_int_eq(pypi_filename_parse(&a,
	    "x-1.0-1-2-py3-none-any.whl", &f, &why), -1);
	ck_assert_int_eq(pypi_filename_parse(&a, "x--py3-none-any.whl", &f,
	    &why), -1);
	arena_release(&a);
}
END_TEST

START_TEST(test_pypi_filename_parse_sdist)
{
	struct arena		 a;
	struct pypi_filename	 f;
	const char		*why;

	arena_init(&a, 0);
	ck_assert_int_eq(pypi_filename_parse(&a, "Demo.Hello-1.0.0.tar.gz",
	    &f, &why), 0);
	ck_assert_int_eq(f.kind, PYPI_SDIST_TGZ);
	ck_assert_str_eq(f.stem, "Demo.Hello-1.0.0");
	ck_assert_ptr_null(f.name);
	ck_assert_int_eq(pypi_filename_matches(&a, &f, "demo-hello",
	    "1.0.0"), 1);
	ck_assert_int_eq(pypi_filename_parse(&a, "my-pkg-1.0-1.zip", &f,
	    &why), 0);
	ck_assert_int_eq(f.kind, PYPI_SDIST_ZIP);
	ck_assert_int_eq(pypi_filename_matches(&a, &f, "my-pkg",
	    "1.0.post1"), 1);
	/* Ambiguous, as on PyPI: "my-pkg-1.0" is a valid name too. */
	ck_assert_int_eq(pypi_filename_matches(&a, &f, "my-pkg-1-0", "1"),
	    1);
	ck_assert_int_eq(pypi_filename_matches(&a, &f, "my", "1.0"), 0);
	ck_assert_int_eq(pypi_filename_parse(&a, "nodash.tar.gz", &f, &why),
	    -1);
	ck_assert_int_eq(pypi_filename_parse(&a, "x-.tar.gz", &f, &why), -1);
	arena_release(&a);
}
END_TEST

static const char *const bad_filenames[] = {
	"",
	"x-1.0.tgz",
	"x-1.0.tar.bz2",
	"x-1.0.egg",
	"x-1.0.exe",
	"x-1.0.TAR.GZ",
	".x-1.0.tar.gz",
	"-x-1.0.tar.gz",
	"../x-1.0.tar.gz",
	"a/x-1.0.tar.gz",
	"x\\y-1.0.tar.gz",
	"x-1.0\n.tar.gz",
	"x-1.0\r.whl",
	"x\t-1.0.tar.gz",
	"x\x7f-1.0.tar.gz",
	"x y-1.0.tar.gz",
	"caf\xc3\xa9-1.0.tar.gz",
	"x-1.0.tar.gz\"",
	"<x>-1.0.tar.gz",
	".whl",
	".tar.gz",
};

START_TEST(test_pypi_filename_parse_bad)
{
	struct arena		 a;
	struct pypi_filename	 f;
	const char		*why = NULL;
	size_t			 i = (size_t)_i;

	arena_init(&a, 0);
	ck_assert_msg(pypi_filename_parse(&a, bad_filenames[i], &f,
	    &why) == -1, "accepted \"%s\"", bad_filenames[i]);
	ck_assert_ptr_nonnull(why);
	arena_release(&a);
}
END_TEST

START_TEST(test_pypi_filename_parse_length)
{
	struct arena		 a;
	struct pypi_filename	 f;
	const char		*why;
	char			 name[PYPI_FILENAME_MAX + 2];

	arena_init(&a, 0);
	memset(name, 'a', sizeof(name));
	memcpy(name, "x-1", 3);
	memcpy(name + PYPI_FILENAME_MAX - 7, ".tar.gz", 8);
	ck_assert_int_eq(pypi_filename_parse(&a, name, &f, &why), 0);
	memcpy(name + PYPI_FILENAME_MAX - 7, "a.tar.gz", 9);
	ck_assert_int_eq(pypi_filename_parse(&a, name, &f, &why), -1);
	arena_release(&a);
}
END_TEST

/*
 * Content negotiation.
 */

#define PIP_ACCEPT "application/vnd.pypi.simple.v1+json, " \
	"application/vnd.pypi.simple.v1+html; q=0.1, text/html; q=0.01"

static const struct {
	const char		*accept;
	enum pypi_format	 want;
} accept_table[] = {
	{ "", PYPI_FMT_HTML },
	{ PIP_ACCEPT, PYPI_FMT_JSON_V1 },
	{ "text/html", PYPI_FMT_HTML },
	{ "*/*", PYPI_FMT_HTML },
	{ "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
	    PYPI_FMT_HTML },
	{ "application/vnd.pypi.simple.v1+html", PYPI_FMT_HTML_V1 },
	{ "application/vnd.pypi.simple.latest+json", PYPI_FMT_JSON_V1 },
	{ "application/vnd.pypi.simple.latest+html", PYPI_FMT_HTML_V1 },
	{ "application/vnd.pypi.simple.v1+json;q=0.2, text/html;q=0.5",
	    PYPI_FMT_HTML },
	{ "APPLICATION/VND.PYPI.SIMPLE.V1+JSON", PYPI_FMT_JSON_V1 },
	{ "application/vnd.pypi.simple.v1+json;q=0, text/html",
	    PYPI_FMT_HTML },
	{ "application/vnd.pypi.simple.v1+json;q=0", PYPI_FMT_NONE },
	{ "application/json", PYPI_FMT_NONE },
	{ "image/png, text/*;q=0.3", PYPI_FMT_HTML },
	{ "application/vnd.pypi.simple.v2+json", PYPI_FMT_NONE },
	{ "text/html;level=1;q=0.4, application/vnd.pypi.simple.v1+html;q=0.5",
	    PYPI_FMT_HTML_V1 },
	{ ",,, ;;", PYPI_FMT_NONE },
	{ "text/html;q=2", PYPI_FMT_HTML },
	{ "text/html;q=abc", PYPI_FMT_HTML },
};

START_TEST(test_pypi_negotiate_table)
{
	size_t	 i = (size_t)_i;

	ck_assert_msg(pypi_negotiate(accept_table[i].accept,
	    strlen(accept_table[i].accept)) == accept_table[i].want,
	    "Accept: %s", accept_table[i].accept);
}
END_TEST

START_TEST(test_pypi_negotiate_bounds)
{
	char	*big;
	size_t	 n = PYPI_ACCEPT_MAX * 2, i;

	ck_assert_int_eq(pypi_negotiate(NULL, 0), PYPI_FMT_HTML);
	/* Only len bytes are read. */
	ck_assert_int_eq(pypi_negotiate("text/htmlX", 9), PYPI_FMT_HTML);
	/* A long header of unknown types: read up to the limit, no crash. */
	big = malloc(n + 1);
	ck_assert_ptr_nonnull(big);
	for (i = 0; i < n; i++)
		big[i] = i % 8 == 7 ? ',' : 'x';
	big[n] = '\0';
	ck_assert_int_eq(pypi_negotiate(big, n), PYPI_FMT_NONE);
	free(big);
	ck_assert_str_eq(pypi_format_type(PYPI_FMT_JSON_V1),
	    "application/vnd.pypi.simple.v1+json");
	ck_assert_str_eq(pypi_format_type(PYPI_FMT_NONE),
	    "text/html; charset=utf-8");
}
END_TEST

/*
 * Core metadata.
 */

#define META_OK \
	"Metadata-Version: 2.1\n" \
	"Name: Demo.Hello\n" \
	"Version: 1.0.0\n" \
	"Summary: A <demo> & test\n" \
	"Requires-Python: >=3.7, <4\n" \
	"Classifier: A\n" \
	"Classifier: B\n" \
	"Requires-Dist: requests (>=2) ; python_version > \"3\"\n" \
	"License: MIT\n" \
	"        with more\n" \
	"\tlines\n" \
	"\n" \
	"# Demo\n\nBody text.\n"

START_TEST(test_pypi_meta_parse_ok)
{
	struct arena		 a;
	struct pypi_meta	 m;
	struct json_object	*o, *v;
	char			*js;

	arena_init(&a, 0);
	ck_assert_int_eq(pypi_meta_parse(&a, META_OK, strlen(META_OK), &m,
	    err, sizeof(err)), 0);
	ck_assert_str_eq(err, "");
	ck_assert_str_eq(m.metadata_version, "2.1");
	ck_assert_str_eq(m.name, "Demo.Hello");
	ck_assert_str_eq(m.version, "1.0.0");
	ck_assert_str_eq(m.norm_version, "1.0.0");
	ck_assert_uint_eq(m.nfields, 9);
	ck_assert_str_eq(pypi_meta_get(&m, "summary"), "A <demo> & test");
	ck_assert_str_eq(pypi_meta_get(&m, "REQUIRES-PYTHON"), ">=3.7, <4");
	ck_assert_str_eq(pypi_meta_get(&m, "Classifier"), "A");
	ck_assert_str_eq(pypi_meta_get(&m, "License"),
	    "MIT with more lines");
	ck_assert_ptr_null(pypi_meta_get(&m, "Author"));
	ck_assert_str_eq(pypi_meta_description(&m), "# Demo\n\nBody text.\n");
	ck_assert_uint_eq(m.body_len, strlen("# Demo\n\nBody text.\n"));

	js = pypi_meta_json(&a, &m);
	ck_assert_ptr_nonnull(js);
	o = json_tokener_parse(js);
	ck_assert_ptr_nonnull(o);
	ck_assert(json_object_object_get_ex(o, "name", &v));
	ck_assert_str_eq(json_object_get_string(v), "Demo.Hello");
	ck_assert(json_object_object_get_ex(o, "requires_python", &v));
	ck_assert_str_eq(json_object_get_string(v), ">=3.7, <4");
	ck_assert(json_object_object_get_ex(o, "classifiers", &v));
	ck_assert_uint_eq(json_object_array_length(v), 2);
	ck_assert_str_eq(json_object_get_string(
	    json_object_array_get_idx(v, 1)), "B");
	ck_assert(json_object_object_get_ex(o, "requires_dist", &v));
	ck_assert_str_eq(json_object_get_string(
	    json_object_array_get_idx(v, 0)),
	    "requests (>=2) ; python_version > \"3\"");
	ck_assert(!json_object_object_get_ex(o, "author", &v));
	ck_assert(!json_object_object_get_ex(o, "description", &v));
	json_object_put(o);
	arena_release(&a);
}
END_TEST

/* Old style: Description as a field, CRLF, a BOM, no body. */
START_TEST(test_pypi_meta_parse_description_field)
{
	static const char	 in[] = "\xef\xbb\xbfMetadata-Version: 1.1\r\n"
	    "Name: old\r\n"
	    "Version: 0.1\r\n"
	    "Description: first\r\n"
	    "        second\r\n"
	    "       |  third\r\n"
	    "        \r\n"
	    "        fifth\r\n"
	    "Platform: UNKNOWN\r\n";
	struct arena		 a;
	struct pypi_meta	 m;

	arena_init(&a, 0);
	ck_assert_int_eq(pypi_meta_parse(&a, in, sizeof(in) - 1, &m, err,
	    sizeof(err)), 0);
	ck_assert_ptr_null(m.body);
	ck_assert_str_eq(m.metadata_version, "1.1");
	ck_assert_str_eq(pypi_meta_description(&m),
	    "first\nsecond\n  third\n\nfifth");
	ck_assert_str_eq(pypi_meta_get(&m, "Platform"), "UNKNOWN");
	arena_release(&a);
}
END_TEST

static const struct {
	const char	*in;
	const char	*err;
} bad_meta[] = {
	{ "", "metadata has no Metadata-Version" },
	{ "Metadata-Version: 2.1\nName: x\n", "metadata has no Version" },
	{ "Metadata-Version: 2.1\nVersion: 1\n", "metadata has no Name" },
	{ "Metadata-Version: 2.1\nName: x\nVersion:\n",
	    "metadata has no Version" },
	{ "Metadata-Version: 2.1\nName: x\nVersion: 1\nVersion: 2\n",
	    "metadata has more than one Version" },
	{ "Metadata-Version: 2.1\nName: x\nName: y\nVersion: 1\n",
	    "metadata has more than one Name" },
	{ "Metadata-Version: 3.0\nName: x\nVersion: 1\n",
	    "unsupported Metadata-Version '3.0'" },
	{ "Metadata-Version: 2.1\nName: x y\nVersion: 1\n",
	    "metadata Name is not a valid project name" },
	{ "Metadata-Version: 2.1\nName: x\nVersion: one\n",
	    "metadata Version is not a valid PEP 440 version" },
	{ " Metadata-Version: 2.1\n",
	    "metadata line 1: continuation line before any field" },
	{ "Metadata-Version: 2.1\nno colon here\n",
	    "metadata line 2: not a 'Name: value' field" },
	{ "Metadata-Version: 2.1\n: empty key\n",
	    "metadata line 2: not a 'Name: value' field" },
	{ "Metadata-Version: 2.1\nBad Key: x\n",
	    "metadata line 2: bad character in field name" },
	{ "Metadata-Version: 2.1\nName: \xc3\x28\nVersion: 1\n",
	    "metadata is not valid UTF-8" },
	{ "Metadata-Version: 2.1\nName: \xed\xa0\x80\nVersion: 1\n",
	    "metadata is not valid UTF-8" },
	{ "Metadata-Version: 2.1\nName: \xc0\xaf\nVersion: 1\n",
	    "metadata is not valid UTF-8" },
	{ "Metadata-Version: 2.1\nName: x\nVersion: 1\n\xf0\x9f\x98",
	    "metadata is not valid UTF-8" },
};

START_TEST(test_pypi_meta_parse_bad)
{
	struct arena		 a;
	struct pypi_meta	 m;
	size_t			 i = (size_t)_i;

	arena_init(&a, 0);
	ck_assert_int_eq(pypi_meta_parse(&a, bad_meta[i].in,
	    strlen(bad_meta[i].in), &m, err, sizeof(err)), -1);
	ck_assert_str_eq(err, bad_meta[i].err);
	ck_assert_ptr_null(m.name);
	arena_release(&a);
}
END_TEST

START_TEST(test_pypi_meta_parse_nul)
{
	static const char	 in[] = "Metadata-Version: 2.1\nName: x\0y\n"
	    "Version: 1\n";
	struct arena		 a;
	struct pypi_meta	 m;

	arena_init(&a, 0);
	ck_assert_int_eq(pypi_meta_parse(&a, in, sizeof(in) - 1, &m, err,
	    sizeof(err)), -1);
	ck_assert_str_eq(err, "metadata holds a NUL byte");
	/* Only len bytes are read: cut before the NUL it parses. */
	ck_assert_int_eq(pypi_meta_parse(&a, "Metadata-Version: 2.1\nName: x\n"
	    "Version: 1\nSummary: s", 40, &m, err, sizeof(err)), 0);
	ck_assert_str_eq(m.version, "1");
	ck_assert_ptr_null(pypi_meta_get(&m, "Summary"));
	arena_release(&a);
}
END_TEST

START_TEST(test_pypi_meta_parse_limits)
{
	struct arena		 a;
	struct pypi_meta	 m;
	struct buf		 b;
	size_t			 i;

	arena_init(&a, 0);
	buf_init(&b, 2 * PYPI_META_MAX);
	buf_adds(&b, "Metadata-Version: 2.1\nName: x\nVersion: 1\n");
	/* No ck_assert in the loops: each costs a write to Check's pipe. */
	for (i = 0; i < PYPI_META_FIELDS - 3; i++)
		if (buf_adds(&b, "Classifier: c\n") == -1)
			ck_abort_msg("buf_adds");
	ck_assert_int_eq(pypi_meta_parse(&a, b.data, b.len, &m, err,
	    sizeof(err)), 0);
	ck_assert_uint_eq(m.nfields, PYPI_META_FIELDS);
	ck_assert_int_eq(buf_adds(&b, "Classifier: c\n"), 0);
	ck_assert_int_eq(pypi_meta_parse(&a, b.data, b.len, &m, err,
	    sizeof(err)), -1);
	ck_assert_str_eq(err, "metadata has more than 4096 fields");

	buf_reset(&b);
	buf_adds(&b, "Metadata-Version: 2.1\nName: x\nVersion: 1\n\n");
	while (b.len < PYPI_META_MAX)
		if (buf_addch(&b, 'x') == -1)
			ck_abort_msg("buf_addch");
	ck_assert_int_eq(pypi_meta_parse(&a, b.data, b.len, &m, err,
	    sizeof(err)), 0);
	ck_assert_uint_eq(m.body_len, PYPI_META_MAX - 42);
	ck_assert_int_eq(buf_addch(&b, 'x'), 0);
	ck_assert_int_eq(pypi_meta_parse(&a, b.data, b.len, &m, err,
	    sizeof(err)), -1);
	ck_assert_str_eq(err, "metadata is larger than 4194304 bytes");
	buf_release(&b);
	arena_release(&a);
}
END_TEST

/*
 * Distributions: wheels and sdists written with libarchive.
 */

struct tent {
	const char	*path;
	const char	*data;
	size_t		 len;	/* 0: strlen(data) */
};

static void
write_archive(const char *path, const struct tent *e, size_t n, int zip)
{
	struct archive		*a;
	struct archive_entry	*ae;
	size_t			 i, len;

	a = archive_write_new();
	ck_assert_ptr_nonnull(a);
	if (zip)
		ck_assert_int_eq(archive_write_set_format_zip(a), ARCHIVE_OK);
	else {
		ck_assert_int_eq(archive_write_set_format_ustar(a),
		    ARCHIVE_OK);
		ck_assert_int_eq(archive_write_add_filter_gzip(a),
		    ARCHIVE_OK);
	}
	ck_assert_int_eq(archive_write_open_filename(a, path), ARCHIVE_OK);
	for (i = 0; i < n; i++) {
		len = e[i].len ? e[i].len : strlen(e[i].data);
		ae = archive_entry_new();
		archive_entry_set_pathname(ae, e[i].path);
		archive_entry_set_filetype(ae, AE_IFREG);
		archive_entry_set_perm(ae, 0644);
		archive_entry_set_size(ae, (la_int64_t)len);
		ck_assert_int_eq(archive_write_header(a, ae), ARCHIVE_OK);
		ck_assert_int_eq(archive_write_data(a, e[i].data, len),
		    (la_ssize_t)len);
		archive_entry_free(ae);
	}
	ck_assert_int_eq(archive_write_close(a), ARCHIVE_OK);
	archive_write_free(a);
}

static const struct archive_limits tlim = {
	.max_entries = 1000,
	.max_entry_size = 1024 * 1024,
	.max_total = 16 * 1024 * 1024,
	.max_ratio = 200,
};

#define META_X "Metadata-Version: 2.1\nName: Demo_Hello\nVersion: 1.0\n" \
	"Requires-Python: >=3.8\n\nreadme\n"
#define WHL "demo_hello-1.0-py3-none-any.whl"

static int
inspect(const char *file, const struct tent *e, size_t n, struct arena *a,
    struct pypi_dist *d)
{
	size_t	 len = strlen(file);

	write_archive(tpath, e, n, len > 4 &&
	    (strcmp(file + len - 4, ".whl") == 0 ||
	    strcmp(file + len - 4, ".zip") == 0));
	return pypi_dist_inspect(tpath, file, &tlim, a, d, err, sizeof(err));
}

START_TEST(test_pypi_dist_inspect_wheel)
{
	struct tent		 e[] = {
		{ "demo_hello/__init__.py", "x = 1\n", 0 },
		{ "demo_hello-1.0.dist-info/METADATA", META_X, 0 },
		{ "demo_hello-1.0.dist-info/WHEEL", "Wheel-Version: 1.0\n", 0 },
		{ "demo_hello-1.0.dist-info/RECORD", "", 1 },
	};
	struct arena		 a;
	struct pypi_dist	 d;

	arena_init(&a, 0);
	ck_assert_int_eq(inspect(WHL, e, 3, &a, &d), 0);
	ck_assert_str_eq(err, "");
	ck_assert_str_eq(d.name, "demo-hello");
	ck_assert_str_eq(d.version, "1.0");
	ck_assert_str_eq(d.metadata, META_X);
	ck_assert_uint_eq(d.metadata_len, strlen(META_X));
	ck_assert_str_eq(d.meta.name, "Demo_Hello");
	ck_assert_str_eq(pypi_meta_get(&d.meta, "Requires-Python"), ">=3.8");
	ck_assert_int_eq(d.fn.kind, PYPI_WHEEL);
	/* The file name may spell the name another way. */
	ck_assert_int_eq(inspect("Demo.Hello-1.0.0-py3-none-any.whl", e, 3,
	    &a, &d), -1);
	ck_assert_str_eq(err, "file name 'Demo.Hello-1.0.0-py3-none-any.whl'"
	    " does not match the metadata's Demo_Hello 1.0");
	ck_assert_int_eq(inspect("Demo.Hello-1.0-py3-none-any.whl", e, 3, &a,
	    &d), 0);
	arena_release(&a);
}
END_TEST

START_TEST(test_pypi_dist_inspect_wheel_bad)
{
	struct tent		 e[] = {
		{ "demo_hello-1.0.dist-info/WHEEL", "Wheel-Version: 1.0\n", 0 },
		{ "demo_hello-1.0.dist-info/METADATA", META_X, 0 },
		{ "other-1.0.dist-info/METADATA", META_X, 0 },
		{ "demo_hello-1.0.dist-info/METADATA", META_X, 0 },
	};
	struct tent		 top[] = {
		{ "METADATA", META_X, 0 },
	};
	struct tent		 wrong[] = {
		{ "other-1.0.dist-info/METADATA", META_X, 0 },
	};
	struct tent		 dotdot[] = {
		{ "demo_hello-1.0.dist-info/METADATA", META_X, 0 },
		{ "../../x", "evil", 0 },
	};
	struct tent		 badmeta[] = {
		{ "demo_hello-1.0.dist-info/METADATA", "Name: x\n", 0 },
	};
	struct arena		 a;
	struct pypi_dist	 d;

	arena_init(&a, 0);
	ck_assert_int_eq(inspect(WHL, e, 1, &a, &d), -1);
	ck_assert_str_eq(err, "wheel .dist-info folder has no METADATA");
	ck_assert_int_eq(inspect(WHL, e, 3, &a, &d), -1);
	ck_assert_str_eq(err, "wheel has more than one .dist-info folder");
	ck_assert_int_eq(inspect(WHL, e + 1, 1, &a, &d), 0);
	ck_assert_int_eq(inspect(WHL, top, 1, &a, &d), -1);
	ck_assert_str_eq(err, "wheel has no .dist-info folder");
	ck_assert_int_eq(inspect(WHL, wrong, 1, &a, &d), -1);
	ck_assert_str_eq(err, "the .dist-info folder's name does not match "
	    "the project Demo_Hello");
	ck_assert_int_eq(inspect(WHL, dotdot, 2, &a, &d), -1);
	ck_assert_str_eq(err, "unsafe path '../../x' in archive");
	ck_assert_int_eq(inspect(WHL, badmeta, 1, &a, &d), -1);
	ck_assert_str_eq(err, "metadata has no Metadata-Version");
	ck_assert_ptr_null(d.name);
	arena_release(&a);
}
END_TEST

START_TEST(test_pypi_dist_inspect_wheel_duplicate_metadata)
{
	struct tent		 e[] = {
		{ "demo_hello-1.0.dist-info/METADATA", META_X, 0 },
		{ "demo_hello-1.0.dist-info/METADATA", META_X, 0 },
	};
	struct arena		 a;
	struct pypi_dist	 d;

	arena_init(&a, 0);
	ck_assert_int_eq(inspect(WHL, e, 2, &a, &d), -1);
	ck_assert_str_eq(err, "more than one METADATA");
	arena_release(&a);
}
END_TEST

START_TEST(test_pypi_dist_inspect_not_archive)
{
	struct arena		 a;
	struct pypi_dist	 d;
	FILE			*f;

	arena_init(&a, 0);
	f = fopen(tpath, "w");
	ck_assert_ptr_nonnull(f);
	fputs("this is not a zip file\n", f);
	fclose(f);
	ck_assert_int_eq(pypi_dist_inspect(tpath, WHL, &tlim, &a, &d, err,
	    sizeof(err)), -1);
	ck_assert_str_eq(err, "not a zip archive");
	ck_assert_int_eq(pypi_dist_inspect(tpath, "x-1.0.tar.gz", &tlim, &a,
	    &d, err, sizeof(err)), -1);
	ck_assert_str_eq(err, "not a gzip-compressed tar archive");
	ck_assert_int_eq(pypi_dist_inspect(tpath, "x-1.0.egg", &tlim, &a,
	    &d, err, sizeof(err)), -1);
	ck_assert_str_eq(err, "not a wheel (.whl) or sdist (.tar.gz, .zip) "
	    "file name");
	arena_release(&a);
}
END_TEST

/* 8 MiB of zeros deflates to a few KiB: past max_ratio 200. */
START_TEST(test_pypi_dist_inspect_bomb)
{
	struct tent		 e[2];
	struct arena		 a;
	struct pypi_dist	 d;
	char			*zeros;
	size_t			 n = 8 * 1024 * 1024;

	zeros = calloc(1, n);
	ck_assert_ptr_nonnull(zeros);
	e[0].path = "demo_hello-1.0.dist-info/METADATA";
	e[0].data = META_X;
	e[0].len = 0;
	e[1].path = "demo_hello/zeros.bin";
	e[1].data = zeros;
	e[1].len = n;
	arena_init(&a, 0);
	ck_assert_int_eq(inspect(WHL, e, 2, &a, &d), -1);
	ck_assert_str_eq(err, "archive expands too much");
	free(zeros);
	arena_release(&a);
}
END_TEST

START_TEST(test_pypi_dist_inspect_sdist)
{
	struct tent		 e[] = {
		{ "Demo_Hello-1.0/PKG-INFO", META_X, 0 },
		{ "Demo_Hello-1.0/setup.py", "", 1 },
		{ "Demo_Hello-1.0/src/x.egg-info/PKG-INFO", "junk", 0 },
		{ "elsewhere/file", "x", 0 },
	};
	struct arena		 a;
	struct pypi_dist	 d;

	arena_init(&a, 0);
	ck_assert_int_eq(inspect("Demo_Hello-1.0.tar.gz", e, 3, &a, &d), 0);
	ck_assert_str_eq(d.name, "demo-hello");
	ck_assert_int_eq(d.fn.kind, PYPI_SDIST_TGZ);
	ck_assert_str_eq(pypi_meta_description(&d.meta), "readme\n");
	ck_assert_int_eq(inspect("demo-hello-1.0.zip", e, 3, &a, &d), 0);
	ck_assert_int_eq(d.fn.kind, PYPI_SDIST_ZIP);
	ck_assert_int_eq(inspect("Demo_Hello-1.0.tar.gz", e, 4, &a, &d), -1);
	ck_assert_str_eq(err, "sdist entries are not under one top folder");
	ck_assert_int_eq(inspect("Demo_Hello-1.0.tar.gz", e + 1, 2, &a, &d),
	    -1);
	ck_assert_str_eq(err, "sdist top folder has no PKG-INFO");
	ck_assert_int_eq(inspect("Demo_Hello-2.0.tar.gz", e, 3, &a, &d), -1);
	ck_assert_str_eq(err, "file name 'Demo_Hello-2.0.tar.gz' does not "
	    "match the metadata's Demo_Hello 1.0");
	arena_release(&a);
}
END_TEST

/*
 * Simple pages.
 */

#define EVIL "<x>&\"'"

START_TEST(test_pypi_simple_project_html)
{
	struct pypi_file	 f[2];
	struct pypi_project	 p;
	struct buf		 b;
	const char		*vers[1] = { "1.0" };

	memset(f, 0, sizeof(f));
	f[0].filename = "x-1.0-py3-none-any.whl";
	f[0].url = "http://h/o/r/pypi/files/x/x-1.0-py3-none-any.whl";
	f[0].sha256 = "ab";
	f[0].requires_python = ">=3.7";
	f[0].core_metadata_sha256 = "cd";
	f[0].size = 10;
	f[1].filename = "x-1.0.tar.gz";
	f[1].url = "http://h/o/r/pypi/files/x/x-1.0.tar.gz";
	f[1].sha256 = "ef";
	f[1].yanked = "";
	memset(&p, 0, sizeof(p));
	p.name = "x";
	p.versions = vers;
	p.nversions = 1;
	p.files = f;
	p.nfiles = 2;
	buf_init(&b, 0);
	ck_assert_int_eq(pypi_simple_project(&p, 0, &b), 0);
	ck_assert_str_eq(b.data, "<!DOCTYPE html>\n<html>\n<head>\n"
	    "<meta name=\"pypi:repository-version\" content=\"1.1\">\n"
	    "<title>Links for x</title>\n</head>\n<body>\n"
	    "<h1>Links for x</h1>\n"
	    "<a href=\"http://h/o/r/pypi/files/x/x-1.0-py3-none-any.whl"
	    "#sha256=ab\" data-requires-python=\"&gt;=3.7\" "
	    "data-dist-info-metadata=\"sha256=cd\" "
	    "data-core-metadata=\"sha256=cd\">x-1.0-py3-none-any.whl</a><br>\n"
	    "<a href=\"http://h/o/r/pypi/files/x/x-1.0.tar.gz#sha256=ef\" "
	    "data-yanked=\"\">x-1.0.tar.gz</a><br>\n"
	    "</body>\n</html>\n");
	buf_release(&b);
}
END_TEST

/* Every value is escaped: nothing from the database reaches HTML raw. */
START_TEST(test_pypi_simple_project_html_escapes)
{
	struct pypi_file	 f;
	struct pypi_project	 p;
	struct buf		 b;

	memset(&f, 0, sizeof(f));
	f.filename = EVIL;
	f.url = EVIL;
	f.sha256 = EVIL;
	f.requires_python = EVIL;
	f.core_metadata_sha256 = EVIL;
	f.yanked = EVIL;
	memset(&p, 0, sizeof(p));
	p.name = EVIL;
	p.files = &f;
	p.nfiles = 1;
	buf_init(&b, 0);
	ck_assert_int_eq(pypi_simple_project(&p, 0, &b), 0);
	ck_assert_ptr_null(strstr(b.data, EVIL));
	ck_assert_ptr_null(strstr(b.data, "<x>"));
	ck_assert_ptr_null(strstr(b.data, "'"));
	ck_assert_ptr_nonnull(strstr(b.data, "<title>Links for "
	    "&lt;x&gt;&amp;&quot;&#39;</title>"));
	ck_assert_ptr_nonnull(strstr(b.data, " data-yanked=\"&lt;x&gt;&amp;"
	    "&quot;&#39;\">&lt;x&gt;&amp;&quot;&#39;</a>"));
	ck_assert_ptr_nonnull(strstr(b.data, "data-core-metadata=\"sha256="
	    "&lt;x&gt;"));
	buf_reset(&b);
	ck_assert_int_eq(pypi_simple_index((const char *const[]){ EVIL }, 1,
	    0, &b), 0);
	ck_assert_ptr_null(strstr(b.data, "<x>"));
	ck_assert_ptr_nonnull(strstr(b.data, "<a href=\"&lt;x&gt;&amp;&quot;"
	    "&#39;/\">&lt;x&gt;&amp;&quot;&#39;</a><br>\n"));
	buf_release(&b);
}
END_TEST

START_TEST(test_pypi_simple_project_json)
{
	struct pypi_file	 f[3];
	struct pypi_project	 p;
	struct buf		 b;
	struct json_object	*o, *v, *files, *x;
	const char		*vers[2] = { "1.0", EVIL };

	memset(f, 0, sizeof(f));
	f[0].filename = "x-1.0-py3-none-any.whl";
	f[0].url = "http://h/x-1.0-py3-none-any.whl";
	f[0].sha256 = "ab";
	f[0].requires_python = ">=3.7";
	f[0].core_metadata_sha256 = "cd";
	f[0].upload_time = "2024-01-02T03:04:05.678Z";
	f[0].size = 10;
	f[1].filename = "x-1.0.tar.gz";
	f[1].url = "http://h/x-1.0.tar.gz";
	f[1].sha256 = "ef";
	f[1].yanked = "";
	f[2].filename = "x-2.tar.gz";
	f[2].url = "http://h/x-2.tar.gz";
	f[2].sha256 = "01";
	f[2].yanked = EVIL;
	memset(&p, 0, sizeof(p));
	p.name = "x";
	p.versions = vers;
	p.nversions = 2;
	p.files = f;
	p.nfiles = 3;
	buf_init(&b, 0);
	ck_assert_int_eq(pypi_simple_project(&p, 1, &b), 0);
	o = json_tokener_parse(b.data);
	ck_assert_ptr_nonnull(o);
	ck_assert(json_object_object_get_ex(o, "meta", &v));
	ck_assert(json_object_object_get_ex(v, "api-version", &v));
	ck_assert_str_eq(json_object_get_string(v), "1.1");
	ck_assert(json_object_object_get_ex(o, "versions", &v));
	ck_assert_str_eq(json_object_get_string(
	    json_object_array_get_idx(v, 1)), EVIL);
	ck_assert(json_object_object_get_ex(o, "files", &files));
	ck_assert_uint_eq(json_object_array_length(files), 3);
	x = json_object_array_get_idx(files, 0);
	ck_assert(json_object_object_get_ex(x, "hashes", &v));
	ck_assert(json_object_object_get_ex(v, "sha256", &v));
	ck_assert_str_eq(json_object_get_string(v), "ab");
	ck_assert(json_object_object_get_ex(x, "requires-python", &v));
	ck_assert_str_eq(json_object_get_string(v), ">=3.7");
	ck_assert(json_object_object_get_ex(x, "core-metadata", &v));
	ck_assert(json_object_object_get_ex(v, "sha256", &v));
	ck_assert_str_eq(json_object_get_string(v), "cd");
	ck_assert(!json_object_object_get_ex(x, "dist-info-metadata", &v));
	ck_assert(json_object_object_get_ex(x, "yanked", &v));
	ck_assert(json_object_is_type(v, json_type_boolean));
	ck_assert(!json_object_get_boolean(v));
	ck_assert(json_object_object_get_ex(x, "size", &v));
	ck_assert_int_eq(json_object_get_int64(v), 10);
	ck_assert(json_object_object_get_ex(x, "upload-time", &v));
	x = json_object_array_get_idx(files, 1);
	ck_assert(json_object_object_get_ex(x, "yanked", &v));
	ck_assert(json_object_get_boolean(v));
	ck_assert(json_object_object_get_ex(x, "core-metadata", &v));
	ck_assert(json_object_is_type(v, json_type_boolean));
	ck_assert(!json_object_object_get_ex(x, "requires-python", &v));
	ck_assert(!json_object_object_get_ex(x, "upload-time", &v));
	x = json_object_array_get_idx(files, 2);
	ck_assert(json_object_object_get_ex(x, "yanked", &v));
	ck_assert_str_eq(json_object_get_string(v), EVIL);
	json_object_put(o);
	buf_release(&b);
}
END_TEST

START_TEST(test_pypi_simple_index)
{
	const char		*names[2] = { "a", "b-c" };
	struct buf		 b;
	struct json_object	*o, *v;

	buf_init(&b, 0);
	ck_assert_int_eq(pypi_simple_index(names, 2, 0, &b), 0);
	ck_assert_ptr_nonnull(strstr(b.data, "<title>Simple index</title>"));
	ck_assert_ptr_nonnull(strstr(b.data, "<a href=\"a/\">a</a><br>\n"
	    "<a href=\"b-c/\">b-c</a><br>\n</body>"));
	buf_reset(&b);
	ck_assert_int_eq(pypi_simple_index(names, 2, 1, &b), 0);
	o = json_tokener_parse(b.data);
	ck_assert_ptr_nonnull(o);
	ck_assert(json_object_object_get_ex(o, "projects", &v));
	ck_assert_uint_eq(json_object_array_length(v), 2);
	ck_assert(json_object_object_get_ex(json_object_array_get_idx(v, 1),
	    "name", &v));
	ck_assert_str_eq(json_object_get_string(v), "b-c");
	json_object_put(o);
	buf_reset(&b);
	ck_assert_int_eq(pypi_simple_index(names, 0, 1, &b), 0);
	ck_assert_str_eq(b.data, "{\"meta\":{\"api-version\":\"1.1\"},"
	    "\"projects\":[]}");
	buf_release(&b);
}
END_TEST

START_TEST(test_pypi_simple_project_toobig)
{
	struct pypi_file	 f;
	struct pypi_project	 p;
	struct buf		 b;

	memset(&f, 0, sizeof(f));
	f.filename = "x-1.0.tar.gz";
	f.url = "http://h/x-1.0.tar.gz";
	f.sha256 = "ab";
	memset(&p, 0, sizeof(p));
	p.name = "x";
	p.files = &f;
	p.nfiles = 1;
	buf_init(&b, 64);
	ck_assert_int_eq(pypi_simple_project(&p, 0, &b), -1);
	buf_release(&b);
	buf_init(&b, 64);
	ck_assert_int_eq(pypi_simple_project(&p, 1, &b), -1);
	buf_release(&b);
}
END_TEST

static Suite *
pypi_suite(void)
{
	Suite	*s = suite_create("pypi");
	TCase	*tc;

	tc = tcase_create("name");
	tcase_add_loop_test(tc, test_pypi_name_table, 0,
	    sizeof(name_table) / sizeof(name_table[0]));
	tcase_add_test(tc, test_pypi_name_valid_length);
	suite_add_tcase(s, tc);

	tc = tcase_create("version");
	tcase_add_loop_test(tc, test_pypi_version_normalize_table, 0,
	    sizeof(version_table) / sizeof(version_table[0]));
	tcase_add_test(tc, test_pypi_version_normalize_bounds);
	suite_add_tcase(s, tc);

	tc = tcase_create("filename");
	tcase_add_test(tc, test_pypi_filename_parse_wheel);
	tcase_add_test(tc, test_pypi_filename_parse_sdist);
	tcase_add_loop_test(tc, test_pypi_filename_parse_bad, 0,
	    sizeof(bad_filenames) / sizeof(bad_filenames[0]));
	tcase_add_test(tc, test_pypi_filename_parse_length);
	suite_add_tcase(s, tc);

	tc = tcase_create("negotiate");
	tcase_add_loop_test(tc, test_pypi_negotiate_table, 0,
	    sizeof(accept_table) / sizeof(accept_table[0]));
	tcase_add_test(tc, test_pypi_negotiate_bounds);
	suite_add_tcase(s, tc);

	tc = tcase_create("meta");
	tcase_add_test(tc, test_pypi_meta_parse_ok);
	tcase_add_test(tc, test_pypi_meta_parse_description_field);
	tcase_add_loop_test(tc, test_pypi_meta_parse_bad, 0,
	    sizeof(bad_meta) / sizeof(bad_meta[0]));
	tcase_add_test(tc, test_pypi_meta_parse_nul);
	tcase_add_test(tc, test_pypi_meta_parse_limits);
	suite_add_tcase(s, tc);

	tc = tcase_create("dist");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, test_pypi_dist_inspect_wheel);
	tcase_add_test(tc, test_pypi_dist_inspect_wheel_bad);
	tcase_add_test(tc, test_pypi_dist_inspect_wheel_duplicate_metadata);
	tcase_add_test(tc, test_pypi_dist_inspect_not_archive);
	tcase_add_test(tc, test_pypi_dist_inspect_bomb);
	tcase_add_test(tc, test_pypi_dist_inspect_sdist);
	suite_add_tcase(s, tc);

	tc = tcase_create("simple");
	tcase_add_test(tc, test_pypi_simple_project_html);
	tcase_add_test(tc, test_pypi_simple_project_html_escapes);
	tcase_add_test(tc, test_pypi_simple_project_json);
	tcase_add_test(tc, test_pypi_simple_index);
	tcase_add_test(tc, test_pypi_simple_project_toobig);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner	*sr = srunner_create(pypi_suite());
	int	 failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
