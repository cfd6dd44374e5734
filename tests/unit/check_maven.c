/* check_maven.c: unit tests for maven2 paths, versions, poms and metadata */
#include <check.h>
#include <json-c/json.h>
#include <libxml/parser.h>
#include <libxml/xpath.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "eco/maven.h"
#include "util/arena.h"
#include "util/buf.h"

static struct arena	 arena;
static char		 err[256];

static void
setup(void)
{
	arena_init(&arena, 16 << 20);
	err[0] = '\0';
}

static void
teardown(void)
{
	arena_release(&arena);
}

/*
 * Paths.
 */

#define G "com/example/demo/"
#define BAD(p, rc) { p, rc, MK_FILE, MS_NONE, NULL, NULL, NULL, NULL, NULL, 0 }
static const struct {
	const char	*path;
	int		 rc;
	enum maven_kind	 kind;
	enum maven_sum	 sum;
	const char	*name;
	const char	*version;
	const char	*classifier;
	const char	*extension;
	const char	*timestamp;
	unsigned	 build;
} path_table[] = {
	{ G "hello/1.0.0/hello-1.0.0.jar", 0, MK_FILE, MS_NONE,
	    "com.example.demo:hello", "1.0.0", NULL, "jar", NULL, 0 },
	{ G "hello/1.0.0/hello-1.0.0.pom.sha1", 0, MK_FILE, MS_SHA1,
	    "com.example.demo:hello", "1.0.0", NULL, "pom", NULL, 0 },
	{ G "hello/1.0.0/hello-1.0.0.jar.md5", 0, MK_FILE, MS_MD5,
	    "com.example.demo:hello", "1.0.0", NULL, "jar", NULL, 0 },
	{ G "hello/1.0.0/hello-1.0.0.jar.sha256", 0, MK_FILE, MS_SHA256,
	    "com.example.demo:hello", "1.0.0", NULL, "jar", NULL, 0 },
	{ G "hello/1.0.0/hello-1.0.0.jar.sha512", 0, MK_FILE, MS_SHA512,
	    "com.example.demo:hello", "1.0.0", NULL, "jar", NULL, 0 },
	{ G "hello/1.0.0/hello-1.0.0-sources.jar", 0, MK_FILE, MS_NONE,
	    "com.example.demo:hello", "1.0.0", "sources", "jar", NULL, 0 },
	{ G "hello/1.0.0/hello-1.0.0-linux-x86_64.so", 0, MK_FILE, MS_NONE,
	    "com.example.demo:hello", "1.0.0", "linux-x86_64", "so", NULL, 0 },
	{ G "hello/1.0.0/hello-1.0.0.tar.gz", 0, MK_FILE, MS_NONE,
	    "com.example.demo:hello", "1.0.0", NULL, "tar.gz", NULL, 0 },
	{ G "hello/1.0.0/hello-1.0.0.jar.asc", 0, MK_FILE, MS_NONE,
	    "com.example.demo:hello", "1.0.0", NULL, "jar.asc", NULL, 0 },
	{ G "hello/1.0.0/hello-1.0.0.jar.asc.md5", 0, MK_FILE, MS_MD5,
	    "com.example.demo:hello", "1.0.0", NULL, "jar.asc", NULL, 0 },
	{ "org/eclipse/jdt/org.eclipse.jdt.core/3.1+x/"
	    "org.eclipse.jdt.core-3.1+x.jar", 0, MK_FILE, MS_NONE,
	    "org.eclipse.jdt:org.eclipse.jdt.core", "3.1+x", NULL, "jar",
	    NULL, 0 },
	{ "x/a/1/a-1.jar", 0, MK_FILE, MS_NONE, "x:a", "1", NULL, "jar",
	    NULL, 0 },
	{ G "hello/1.1-SNAPSHOT/hello-1.1-20240101.120000-3.jar", 0, MK_FILE,
	    MS_NONE, "com.example.demo:hello", "1.1-SNAPSHOT", NULL, "jar",
	    "20240101.120000", 3 },
	{ G "hello/1.1-SNAPSHOT/hello-1.1-20240101.120000-12-sources.jar.sha1",
	    0, MK_FILE, MS_SHA1, "com.example.demo:hello", "1.1-SNAPSHOT",
	    "sources", "jar", "20240101.120000", 12 },
	{ G "hello/1.1-SNAPSHOT/hello-1.1-SNAPSHOT.jar", 0, MK_FILE, MS_NONE,
	    "com.example.demo:hello", "1.1-SNAPSHOT", NULL, "jar", NULL, 0 },
	{ G "hello/maven-metadata.xml", 0, MK_META_ARTIFACT, MS_NONE,
	    "com.example.demo:hello", NULL, NULL, NULL, NULL, 0 },
	{ G "hello/maven-metadata.xml.sha1", 0, MK_META_ARTIFACT, MS_SHA1,
	    "com.example.demo:hello", NULL, NULL, NULL, NULL, 0 },
	{ G "hello/1.1-SNAPSHOT/maven-metadata.xml", 0, MK_META_VERSION,
	    MS_NONE, "com.example.demo:hello", "1.1-SNAPSHOT", NULL, NULL,
	    NULL, 0 },
	{ G "hello/1.1-SNAPSHOT/maven-metadata.xml.md5", 0, MK_META_VERSION,
	    MS_MD5, "com.example.demo:hello", "1.1-SNAPSHOT", NULL, NULL,
	    NULL, 0 },
	/* well-formed but outside the layout: 1 */
	BAD("com/maven-metadata.xml", 1),
	BAD("com/hello-1.0.jar", 1),
	BAD("com/hello/hello-1.0.jar", 1),
	BAD(G "hello/1.0.0/other-1.0.0.jar", 1),
	BAD(G "hello/1.0.0/hello-1.0.1.jar", 1),
	BAD(G "hello/1.0.0/hello-1.0.0", 1),
	BAD(G "hello/1.0.0/hello-1.0.0.", 1),
	BAD(G "hello/1.0.0/hello-1.0.0-.jar", 1),
	BAD(G "hello/1.0.0/hello-1.0.0.1jar", 1),
	BAD(G "hello/1.1-SNAPSHOT/hello-1.1-2024010.120000-3.jar", 1),
	BAD(G "hello/1.1-SNAPSHOT/hello-1.1-20240101.120000-.jar", 1),
	BAD(G "hello/1.1-SNAPSHOT/hello-1.1-20240101.120000-1234567890.jar", 1),
	BAD(G "hello/1.0.0/hello-1.0.0-20240101.120000-3.jar", 1),
	/* malformed or unsafe: -1 */
	BAD("", -1),
	BAD("/", -1),
	BAD(G "hello//1.0.0/hello-1.0.0.jar", -1),
	BAD(G "hello/1.0.0/hello-1.0.0.jar/", -1),
	BAD(G "../1.0.0/hello-1.0.0.jar", -1),
	BAD("com/example/../hello/1.0.0/hello-1.0.0.jar", -1),
	BAD(G "hello/./hello-1.0.0.jar", -1),
	BAD(G "hello/1.0.0/.hidden", -1),
	BAD(G "hello/1.0.0/hello-1.0.0.jar\n", -1),
	BAD(G "hello/1.0.0/hello-1.0.0\x01.jar", -1),
	BAD(G "hello/1.0.0/hello 1.0.0.jar", -1),
	BAD(G "hello/1.0.0/hello-1.0.0%2ejar", -1),
	BAD(G "hello/1.0.0/hello:1.0.0.jar", -1),
	BAD(G "hello/1.0.0/hello\\1.0.0.jar", -1),
	BAD(G "hello/1.0.0/hello-1.0.0.j\xc3\xa4r", -1),
	BAD("com/exa.mple/hello/1.0.0/hello-1.0.0.jar", -1),
	BAD(G "hello/1.0.0/hello-1.0.0.jar.sha1.md5", -1),
	BAD(G "hello/maven-metadata.xml.sha1.sha1", -1),
};

START_TEST(test_maven_path_parse_table)
{
	struct maven_path	 mp;
	const char		*p = path_table[_i].path, *why = NULL;
	int			 rc;

	rc = maven_path_parse(&arena, p, strlen(p), &mp, &why);
	ck_assert_msg(rc == path_table[_i].rc, "'%s': %d, not %d (%s)", p, rc,
	    path_table[_i].rc, why ? why : "");
	if (rc != 0) {
		ck_assert_ptr_nonnull(why);
		return;
	}
	ck_assert_int_eq(mp.kind, path_table[_i].kind);
	ck_assert_int_eq(mp.sum, path_table[_i].sum);
	ck_assert_str_eq(mp.name, path_table[_i].name);
	if (path_table[_i].version)
		ck_assert_str_eq(mp.version, path_table[_i].version);
	else
		ck_assert_ptr_null(mp.version);
	if (path_table[_i].classifier)
		ck_assert_str_eq(mp.classifier, path_table[_i].classifier);
	else
		ck_assert_ptr_null(mp.classifier);
	if (path_table[_i].extension)
		ck_assert_str_eq(mp.extension, path_table[_i].extension);
	if (path_table[_i].timestamp)
		ck_assert_str_eq(mp.timestamp, path_table[_i].timestamp);
	else
		ck_assert_ptr_null(mp.timestamp);
	ck_assert_uint_eq(mp.build, path_table[_i].build);
}
END_TEST

START_TEST(test_maven_path_parse_limits)
{
	struct maven_path	 mp;
	struct buf		 b;
	const char		*why;
	size_t			 i;

	/* MAVEN_SEGS_MAX segments parse; one more does not. */
	buf_init(&b, 1 << 16);
	for (i = 0; i < MAVEN_SEGS_MAX - 3; i++)
		buf_adds(&b, "g/");
	buf_adds(&b, "a/1/a-1.jar");
	ck_assert_int_eq(maven_path_parse(&arena, b.data, b.len, &mp, &why),
	    0);
	buf_reset(&b);
	for (i = 0; i < MAVEN_SEGS_MAX - 2; i++)
		buf_adds(&b, "g/");
	buf_adds(&b, "a/1/a-1.jar");
	ck_assert_int_eq(maven_path_parse(&arena, b.data, b.len, &mp, &why),
	    -1);
	/* A segment of MAVEN_SEG_MAX + 1 bytes. */
	buf_reset(&b);
	buf_adds(&b, "g/");
	for (i = 0; i <= MAVEN_SEG_MAX; i++)
		buf_addch(&b, 'a');
	buf_adds(&b, "/1/a-1.jar");
	ck_assert_int_eq(maven_path_parse(&arena, b.data, b.len, &mp, &why),
	    -1);
	/* Too long overall; a NUL inside. */
	buf_reset(&b);
	for (i = 0; i < MAVEN_PATH_MAX; i++)
		buf_adds(&b, "g/");
	ck_assert_int_eq(maven_path_parse(&arena, b.data, b.len, &mp, &why),
	    -1);
	ck_assert_int_eq(maven_path_parse(&arena, "g/a/1/a-1.jar\0x", 15, &mp,
	    &why), -1);
	buf_release(&b);
}
END_TEST

START_TEST(test_maven_checksum_parse_cases)
{
	char	 out[129];

	ck_assert_int_eq(maven_checksum_parse(
	    "d41d8cd98f00b204e9800998ecf8427e", 32, MS_MD5, out), 0);
	ck_assert_str_eq(out, "d41d8cd98f00b204e9800998ecf8427e");
	ck_assert_int_eq(maven_checksum_parse(
	    "  D41D8CD98F00B204E9800998ECF8427E  x.jar\n", 42, MS_MD5, out), 0);
	ck_assert_str_eq(out, "d41d8cd98f00b204e9800998ecf8427e");
	ck_assert_int_eq(maven_checksum_parse(
	    "d41d8cd98f00b204e9800998ecf8427e\r\n", 34, MS_MD5, out), 0);
	/* wrong length, not hex, glued name, control characters, empty */
	ck_assert_int_eq(maven_checksum_parse(
	    "d41d8cd98f00b204e9800998ecf8427", 31, MS_MD5, out), -1);
	ck_assert_int_eq(maven_checksum_parse(
	    "d41d8cd98f00b204e9800998ecf8427e0", 33, MS_MD5, out), -1);
	ck_assert_int_eq(maven_checksum_parse(
	    "d41d8cd98f00b204e9800998ecf8427g", 32, MS_MD5, out), -1);
	ck_assert_int_eq(maven_checksum_parse(
	    "d41d8cd98f00b204e9800998ecf8427e.jar", 36, MS_MD5, out), -1);
	ck_assert_int_eq(maven_checksum_parse(
	    "d41d8cd98f00b204e9800998ecf8427e \x01", 34, MS_MD5, out), -1);
	ck_assert_int_eq(maven_checksum_parse("", 0, MS_SHA1, out), -1);
	ck_assert_int_eq(maven_checksum_parse(
	    "d41d8cd98f00b204e9800998ecf8427e", 32, MS_SHA1, out), -1);
	ck_assert_int_eq(maven_checksum_parse(
	    "d41d8cd98f00b204e9800998ecf8427e", 32, MS_NONE, out), -1);
}
END_TEST

START_TEST(test_maven_checksum_parse_toobig)
{
	char	 body[1100], out[129];

	memset(body, ' ', sizeof(body));
	memcpy(body, "d41d8cd98f00b204e9800998ecf8427e", 32);
	ck_assert_int_eq(maven_checksum_parse(body, 1024, MS_MD5, out), 0);
	ck_assert_int_eq(maven_checksum_parse(body, 1025, MS_MD5, out), -1);
}
END_TEST

/*
 * Versions: each is less than the next, or equal with "=" before it.
 */
static const char *const version_order[] = {
	"0.9", "1-alpha-1", "1.0-alpha-2", "1.0-a3", "1.0-alpha-10",
	"1.0-beta", "1.0-b2", "1.0-milestone-1", "1.0-rc1", "=1.0-cr1",
	"1.0-RC2", "1.0-SNAPSHOT", "1.0", "=1.0.0", "=1.0-ga", "=1.0-final",
	"1.0-sp", "1.0-sp1", "1.0-foo", "1.0-xyz", "1.0.1", "1.1-SNAPSHOT",
	"1.1", "1.9", "1.10", "2", "10.0.0", "99999999999999999999",
};

START_TEST(test_maven_version_cmp_order)
{
	size_t		 n = sizeof(version_order) / sizeof(version_order[0]);
	size_t		 i, j, group[64];
	const char	*a, *b;
	int		 c;

	ck_assert_uint_le(n, 64);
	for (i = 0; i < n; i++)
		group[i] = i == 0 ? 0 : group[i - 1] +
		    (version_order[i][0] != '=');
	for (i = 0; i < n; i++)
		for (j = 0; j < n; j++) {
			a = version_order[i] + (version_order[i][0] == '=');
			b = version_order[j] + (version_order[j][0] == '=');
			c = maven_version_cmp(a, b);
			ck_assert_int_eq(c, -maven_version_cmp(b, a));
			if (i == j) {
				ck_assert_int_eq(c, 0);
				continue;
			}
			/* Equal in Maven's order: strcmp decides. */
			if (group[i] == group[j]) {
				ck_assert_int_eq(c, strcmp(a, b) < 0 ? -1 : 1);
				continue;
			}
			ck_assert_msg(c == (i < j ? -1 : 1), "%s vs %s: %d", a,
			    b, c);
		}
}
END_TEST

/*
 * POMs.
 */

static const char good_pom[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    "<project xmlns=\"http://maven.apache.org/POM/4.0.0\">\n"
    "  <modelVersion>4.0.0</modelVersion>\n"
    "  <parent><groupId>com.example</groupId><artifactId>parent"
    "</artifactId><version>7</version></parent>\n"
    "  <artifactId> demo </artifactId>\n"
    "  <version>1.0.0</version>\n"
    "  <name>Demo &amp; co</name>\n"
    "  <description><![CDATA[a <b>bold</b> demo]]></description>\n"
    "  <licenses><license><name>MIT</name></license></licenses>\n"
    "  <dependencies>\n"
    "    <dependency><groupId>junit</groupId><artifactId>junit"
    "</artifactId><version>4.13</version><scope>test</scope></dependency>\n"
    "    <dependency><groupId>g</groupId><artifactId>managed</artifactId>"
    "<optional>true</optional></dependency>\n"
    "    <dependency><artifactId>no-group</artifactId></dependency>\n"
    "  </dependencies>\n"
    "</project>\n";

START_TEST(test_maven_pom_read_ok)
{
	struct maven_pom	 pom;
	struct json_object	*o, *v;
	char			*json;

	ck_assert_int_eq(maven_pom_read(&arena, good_pom, sizeof(good_pom) - 1,
	    &pom, err, sizeof(err)), 0);
	ck_assert_str_eq(pom.group, "com.example");
	ck_assert_str_eq(pom.artifact, "demo");
	ck_assert_str_eq(pom.version, "1.0.0");
	ck_assert_str_eq(pom.packaging, "jar");
	ck_assert_str_eq(pom.name, "Demo & co");
	ck_assert_str_eq(pom.description, "a <b>bold</b> demo");
	ck_assert_str_eq(pom.parent, "com.example:parent:7");
	ck_assert_uint_eq(pom.nlicenses, 1);
	ck_assert_uint_eq(pom.ndeps, 2);
	ck_assert_str_eq(pom.deps[0].scope, "test");
	ck_assert_ptr_null(pom.deps[1].version);
	ck_assert_int_eq(pom.deps[1].optional, 1);
	json = maven_pom_json(&arena, &pom);
	ck_assert_ptr_nonnull(json);
	o = json_tokener_parse(json);
	ck_assert_ptr_nonnull(o);
	ck_assert(json_object_object_get_ex(o, "dependencies", &v));
	ck_assert_int_eq(json_object_array_length(v), 2);
	ck_assert(json_object_object_get_ex(o, "name", &v));
	ck_assert_str_eq(json_object_get_string(v), "Demo & co");
	json_object_put(o);
}
END_TEST

START_TEST(test_maven_pom_read_no_namespace)
{
	static const char	 p[] = "<project><groupId>g</groupId>"
	    "<artifactId>a</artifactId><version>1</version>"
	    "<packaging>pom</packaging></project>";
	struct maven_pom	 pom;

	ck_assert_int_eq(maven_pom_read(&arena, p, sizeof(p) - 1, &pom, err,
	    sizeof(err)), 0);
	ck_assert_str_eq(pom.packaging, "pom");
}
END_TEST

static const struct {
	const char	*pom;
	const char	*why;	/* part of the message */
} hostile_poms[] = {
	/* external entity (XXE) */
	{ "<?xml version=\"1.0\"?>\n<!DOCTYPE project [\n"
	    "<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>\n"
	    "<project><groupId>g</groupId><artifactId>&xxe;</artifactId>"
	    "<version>1</version></project>", "DOCTYPE" },
	/* billion laughs */
	{ "<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY lol \"lol\">"
	    "<!ENTITY lol2 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">]>"
	    "<project><name>&lol2;</name></project>", "DOCTYPE" },
	/* external DTD, parameter entities */
	{ "<!DOCTYPE project SYSTEM \"http://127.0.0.1:9/x.dtd\">"
	    "<project/>", "DOCTYPE" },
	{ "<project><!ENTITY x \"y\"></project>", "ENTITY" },
	/* an entity reference without a DTD: not well-formed */
	{ "<project><groupId>&xxe;</groupId></project>", "not XML" },
	/* not XML at all, or not a pom */
	{ "not xml", "not XML" },
	{ "PK\x03\x04 a zip", "not XML" },
	{ "<project>", "not XML" },
	{ "<project></project><project/>", "not XML" },
	{ "<metadata/>", "root element" },
	{ "<project xmlns=\"urn:other\"><groupId>g</groupId></project>",
	    "root element" },
	/* missing coordinates */
	{ "<project><groupId>g</groupId><version>1</version></project>",
	    "artifactId" },
	{ "<project><artifactId>a</artifactId><version>1</version></project>",
	    "groupId" },
	{ "<project><groupId>g</groupId><artifactId>a</artifactId></project>",
	    "version" },
	{ "<project><groupId><x/></groupId><artifactId>a</artifactId>"
	    "<version>1</version></project>", "groupId" },
	{ "", "empty" },
};

START_TEST(test_maven_pom_read_hostile)
{
	struct maven_pom	 pom;
	const char		*p = hostile_poms[_i].pom;

	ck_assert_int_eq(maven_pom_read(&arena, p, strlen(p), &pom, err,
	    sizeof(err)), -1);
	ck_assert_msg(strstr(err, hostile_poms[_i].why) != NULL,
	    "pom %d: '%s' lacks '%s'", _i, err, hostile_poms[_i].why);
}
END_TEST

START_TEST(test_maven_pom_read_nul_and_size)
{
	static const char	 p[] = "<project><groupId>g</groupId>"
	    "<artifactId>a\0b</artifactId><version>1</version></project>";
	struct maven_pom	 pom;
	char			*big;

	ck_assert_int_eq(maven_pom_read(&arena, p, sizeof(p) - 1, &pom, err,
	    sizeof(err)), -1);
	ck_assert_ptr_nonnull(strstr(err, "NUL"));
	big = malloc(MAVEN_POM_MAX + 1);
	ck_assert_ptr_nonnull(big);
	memset(big, ' ', MAVEN_POM_MAX + 1);
	memcpy(big, "<project>", 9);
	ck_assert_int_eq(maven_pom_read(&arena, big, MAVEN_POM_MAX + 1, &pom,
	    err, sizeof(err)), -1);
	ck_assert_ptr_nonnull(strstr(err, "larger"));
	free(big);
}
END_TEST

/* XInclude is never processed: the include stays an unknown element. */
START_TEST(test_maven_pom_read_xinclude)
{
	static const char	 p[] = "<project xmlns:xi=\"http://www.w3.org/"
	    "2001/XInclude\"><groupId>g</groupId><artifactId>a</artifactId>"
	    "<version>1</version><name><xi:include href=\"/etc/passwd\" "
	    "parse=\"text\"/></name></project>";
	struct maven_pom	 pom;

	ck_assert_int_eq(maven_pom_read(&arena, p, sizeof(p) - 1, &pom, err,
	    sizeof(err)), 0);
	ck_assert_ptr_null(pom.name);
}
END_TEST

START_TEST(test_maven_pom_read_long_values)
{
	struct maven_pom	 pom;
	struct buf		 b;
	size_t			 i;

	buf_init(&b, 1 << 20);
	buf_adds(&b, "<project><groupId>g</groupId><artifactId>a</artifactId>"
	    "<version>1</version><name>");
	for (i = 0; i < MAVEN_VALUE_MAX; i++)
		buf_adds(&b, "\xc3\xa9");
	buf_adds(&b, "</name><dependencies>");
	for (i = 0; i < MAVEN_DEPS_MAX + 5; i++)
		buf_adds(&b, "<dependency><groupId>g</groupId>"
		    "<artifactId>d</artifactId></dependency>");
	buf_adds(&b, "</dependencies></project>");
	ck_assert_int_eq(maven_pom_read(&arena, b.data, b.len, &pom, err,
	    sizeof(err)), 0);
	ck_assert_uint_le(strlen(pom.name), MAVEN_VALUE_MAX);
	/* cut between characters, never inside one */
	ck_assert_uint_eq(strlen(pom.name) % 2, 0);
	ck_assert_uint_eq(pom.ndeps, MAVEN_DEPS_MAX);
	buf_release(&b);
}
END_TEST

/*
 * Client metadata.
 */

START_TEST(test_maven_metadata_read_cases)
{
	static const char	 client[] = "<metadata><groupId>com.example"
	    "</groupId><artifactId>demo</artifactId><versioning><release>1.0"
	    "</release><versions><version>1.0</version></versions>"
	    "<lastUpdated>20261201021817</lastUpdated></versioning>"
	    "</metadata>";
	static const char	 plugins[] = "<?xml version=\"1.0\"?><metadata>"
	    "<plugins><plugin><name>x</name><prefix>x</prefix><artifactId>"
	    "x-maven-plugin</artifactId></plugin></plugins></metadata>";
	static const char	 xxe[] = "<!DOCTYPE metadata [<!ENTITY e "
	    "SYSTEM \"file:///etc/passwd\">]><metadata><groupId>&e;"
	    "</groupId></metadata>";
	struct maven_meta_in	 in;

	ck_assert_int_eq(maven_metadata_read(&arena, client,
	    sizeof(client) - 1, &in, err, sizeof(err)), 0);
	ck_assert_str_eq(in.group, "com.example");
	ck_assert_str_eq(in.artifact, "demo");
	ck_assert_ptr_null(in.version);
	ck_assert_int_eq(in.plugins, 0);
	ck_assert_int_eq(maven_metadata_read(&arena, plugins,
	    sizeof(plugins) - 1, &in, err, sizeof(err)), 0);
	ck_assert_int_eq(in.plugins, 1);
	ck_assert_int_eq(maven_metadata_read(&arena, xxe, sizeof(xxe) - 1, &in,
	    err, sizeof(err)), -1);
	ck_assert_int_eq(maven_metadata_read(&arena, "<project/>", 10, &in,
	    err, sizeof(err)), -1);
	ck_assert_int_eq(maven_metadata_read(&arena, "junk", 4, &in, err,
	    sizeof(err)), -1);
}
END_TEST

/*
 * Metadata written by the server, parsed back with libxml2.
 */

/* The text of the nodes at an XPath, joined with ','; "" for none. */
static char *
xp(xmlDocPtr doc, const char *expr)
{
	static char		 out[4096];
	xmlXPathContextPtr	 ctx;
	xmlXPathObjectPtr	 o;
	xmlChar			*t;
	int			 i;
	size_t			 len = 0;

	out[0] = '\0';
	ctx = xmlXPathNewContext(doc);
	ck_assert_ptr_nonnull(ctx);
	o = xmlXPathEvalExpression(BAD_CAST expr, ctx);
	ck_assert_ptr_nonnull(o);
	for (i = 0; o->nodesetval && i < o->nodesetval->nodeNr; i++) {
		t = xmlNodeGetContent(o->nodesetval->nodeTab[i]);
		len += (size_t)snprintf(out + len, sizeof(out) - len, "%s%s",
		    i ? "," : "", (const char *)t);
		xmlFree(t);
	}
	xmlXPathFreeObject(o);
	xmlXPathFreeContext(ctx);
	return out;
}

static const struct maven_file_row rows[] = {
	{ "1.0", "demo-1.0.jar", "20240101000000" },
	{ "1.0", "demo-1.0.pom", "20240101000001" },
	{ "1.10", "demo-1.10.pom", "20240301000000" },
	{ "1.9", "demo-1.9.pom", "20240201000000" },
	{ "2.0-SNAPSHOT", "demo-2.0-20240401.101010-1.jar", "20240401101011" },
	{ "2.0-SNAPSHOT", "demo-2.0-20240401.101010-1.pom", "20240401101012" },
	{ "2.0-SNAPSHOT", "demo-2.0-20240402.111111-2.jar", "20240402111112" },
	{ "2.0-SNAPSHOT", "demo-2.0-20240402.111111-2.pom", "20240402111113" },
	{ "2.0-SNAPSHOT", "demo-2.0-20240401.101010-1-sources.jar",
	    "20240401101013" },
	{ "2.0-SNAPSHOT", "demo-2.0-SNAPSHOT-javadoc.jar", "20240301000000" },
	{ "2.0-SNAPSHOT", "demo-2.0-SNAPSHOT.jar", "20240301000000" },
	{ "2.0-SNAPSHOT", "not-ours.txt", "20991231000000" },
};
#define NROWS (sizeof(rows) / sizeof(rows[0]))

START_TEST(test_maven_metadata_artifact_render)
{
	struct buf	 b;
	xmlDocPtr	 doc;

	buf_init(&b, 1 << 20);
	ck_assert_int_eq(maven_metadata_artifact(&arena, "com.example",
	    "demo", rows, NROWS, &b), 0);
	doc = xmlReadMemory(b.data, (int)b.len, NULL, NULL, XML_PARSE_NONET);
	ck_assert_msg(doc != NULL, "not XML:\n%s", b.data);
	ck_assert_str_eq(xp(doc, "/metadata/groupId"), "com.example");
	ck_assert_str_eq(xp(doc, "/metadata/artifactId"), "demo");
	ck_assert_str_eq(xp(doc, "/metadata/versioning/latest"),
	    "2.0-SNAPSHOT");
	ck_assert_str_eq(xp(doc, "/metadata/versioning/release"), "1.10");
	ck_assert_str_eq(xp(doc, "/metadata/versioning/versions/version"),
	    "1.0,1.9,1.10,2.0-SNAPSHOT");
	/* rows outside the layout do not count */
	ck_assert_str_eq(xp(doc, "/metadata/versioning/lastUpdated"),
	    "20240402111113");
	xmlFreeDoc(doc);
	buf_release(&b);
}
END_TEST

START_TEST(test_maven_metadata_artifact_snapshots_only)
{
	struct buf	 b;
	xmlDocPtr	 doc;

	buf_init(&b, 1 << 20);
	ck_assert_int_eq(maven_metadata_artifact(&arena, "com.example",
	    "demo", rows + 4, 2, &b), 0);
	doc = xmlReadMemory(b.data, (int)b.len, NULL, NULL, XML_PARSE_NONET);
	ck_assert_ptr_nonnull(doc);
	ck_assert_str_eq(xp(doc, "/metadata/versioning/release"), "");
	ck_assert_str_eq(xp(doc, "/metadata/versioning/latest"),
	    "2.0-SNAPSHOT");
	xmlFreeDoc(doc);
	buf_reset(&b);
	ck_assert_int_eq(maven_metadata_artifact(&arena, "com.example",
	    "demo", rows + NROWS - 1, 1, &b), 1);
	ck_assert_int_eq(maven_metadata_artifact(&arena, "com.example",
	    "demo", rows, 0, &b), 1);
	ck_assert_uint_eq(b.len, 0);
	buf_release(&b);
}
END_TEST

START_TEST(test_maven_metadata_version_render)
{
	struct buf	 b;
	xmlDocPtr	 doc;

	buf_init(&b, 1 << 20);
	ck_assert_int_eq(maven_metadata_version(&arena, "com.example", "demo",
	    "2.0-SNAPSHOT", rows, NROWS, &b), 0);
	doc = xmlReadMemory(b.data, (int)b.len, NULL, NULL, XML_PARSE_NONET);
	ck_assert_msg(doc != NULL, "not XML:\n%s", b.data);
	ck_assert_str_eq(xp(doc, "/metadata/@modelVersion"), "1.1.0");
	ck_assert_str_eq(xp(doc, "/metadata/version"), "2.0-SNAPSHOT");
	ck_assert_str_eq(xp(doc, "/metadata/versioning/snapshot/timestamp"),
	    "20240402.111111");
	ck_assert_str_eq(xp(doc, "/metadata/versioning/snapshot/buildNumber"),
	    "2");
	ck_assert_str_eq(xp(doc, "/metadata/versioning/lastUpdated"),
	    "20240402111113");
	ck_assert_str_eq(xp(doc, "//snapshotVersion[not(classifier)]"
	    "[extension='jar']/value"), "2.0-20240402.111111-2");
	ck_assert_str_eq(xp(doc, "//snapshotVersion[not(classifier)]"
	    "[extension='jar']/updated"), "20240402111111");
	ck_assert_str_eq(xp(doc, "//snapshotVersion[not(classifier)]"
	    "[extension='pom']/value"), "2.0-20240402.111111-2");
	/* a classifier only in build 1 keeps build 1 */
	ck_assert_str_eq(xp(doc, "//snapshotVersion[classifier='sources']"
	    "/value"), "2.0-20240401.101010-1");
	/* a plain -SNAPSHOT file counts when no build has its kind */
	ck_assert_str_eq(xp(doc, "//snapshotVersion[classifier='javadoc']"
	    "/value"), "2.0-SNAPSHOT");
	ck_assert_str_eq(xp(doc, "//snapshotVersion/extension"),
	    "jar,pom,jar,jar");
	xmlFreeDoc(doc);
	buf_release(&b);
}
END_TEST

START_TEST(test_maven_metadata_version_plain)
{
	static const struct maven_file_row plain[] = {
		{ "3.0-SNAPSHOT", "demo-3.0-SNAPSHOT.jar", "20240501000000" },
		{ "3.0-SNAPSHOT", "demo-3.0-SNAPSHOT.pom", "20240501000002" },
	};
	struct buf	 b;
	xmlDocPtr	 doc;

	buf_init(&b, 1 << 20);
	ck_assert_int_eq(maven_metadata_version(&arena, "g", "demo",
	    "3.0-SNAPSHOT", plain, 2, &b), 0);
	doc = xmlReadMemory(b.data, (int)b.len, NULL, NULL, XML_PARSE_NONET);
	ck_assert_ptr_nonnull(doc);
	ck_assert_str_eq(xp(doc, "/metadata/versioning/snapshot"), "");
	ck_assert_str_eq(xp(doc, "//snapshotVersion/value"),
	    "3.0-SNAPSHOT,3.0-SNAPSHOT");
	ck_assert_str_eq(xp(doc, "/metadata/versioning/lastUpdated"),
	    "20240501000002");
	xmlFreeDoc(doc);
	buf_reset(&b);
	/* a release version has no version-level metadata */
	ck_assert_int_eq(maven_metadata_version(&arena, "g", "demo", "1.0",
	    rows, NROWS, &b), 1);
	ck_assert_int_eq(maven_metadata_version(&arena, "g", "demo",
	    "9-SNAPSHOT", rows, NROWS, &b), 1);
	buf_release(&b);
}
END_TEST

static Suite *
maven_suite(void)
{
	Suite	*s = suite_create("maven");
	TCase	*tc;

	tc = tcase_create("maven_path_parse");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_loop_test(tc, test_maven_path_parse_table, 0,
	    sizeof(path_table) / sizeof(path_table[0]));
	tcase_add_test(tc, test_maven_path_parse_limits);
	suite_add_tcase(s, tc);

	tc = tcase_create("maven_checksum_parse");
	tcase_add_test(tc, test_maven_checksum_parse_cases);
	tcase_add_test(tc, test_maven_checksum_parse_toobig);
	suite_add_tcase(s, tc);

	tc = tcase_create("maven_version_cmp");
	tcase_add_test(tc, test_maven_version_cmp_order);
	suite_add_tcase(s, tc);

	tc = tcase_create("maven_pom_read");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_maven_pom_read_ok);
	tcase_add_test(tc, test_maven_pom_read_no_namespace);
	tcase_add_loop_test(tc, test_maven_pom_read_hostile, 0,
	    sizeof(hostile_poms) / sizeof(hostile_poms[0]));
	tcase_add_test(tc, test_maven_pom_read_nul_and_size);
	tcase_add_test(tc, test_maven_pom_read_xinclude);
	tcase_add_test(tc, test_maven_pom_read_long_values);
	suite_add_tcase(s, tc);

	tc = tcase_create("maven_metadata_read");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_maven_metadata_read_cases);
	suite_add_tcase(s, tc);

	tc = tcase_create("maven_metadata_render");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_maven_metadata_artifact_render);
	tcase_add_test(tc, test_maven_metadata_artifact_snapshots_only);
	tcase_add_test(tc, test_maven_metadata_version_render);
	tcase_add_test(tc, test_maven_metadata_version_plain);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner	*sr = srunner_create(maven_suite());
	int	 failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
