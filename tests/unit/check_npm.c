/* check_npm.c: unit tests for npm names, publish bodies, tarballs, packuments */
#include <archive.h>
#include <archive_entry.h>
#include <check.h>
#include <fcntl.h>
#include <json-c/json.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "eco/npm.h"
#include "util/digest.h"

static char	 tmpdir[64];
static char	 tpath[128];
static char	 err[256];

static void
setup(void)
{
	snprintf(tmpdir, sizeof(tmpdir), "/tmp/check_npm.XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(tmpdir));
	snprintf(tpath, sizeof(tpath), "%s/t.tgz", tmpdir);
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
} name_table[] = {
	{ "a", 1 },
	{ "lodash", 1 },
	{ "left-pad", 1 },
	{ "a-b.c_d~e", 1 },
	{ "9lives", 1 },
	{ "@babel/core", 1 },
	{ "@s/n", 1 },
	{ "@types/node", 1 },
	{ "", 0 },
	{ "A", 0 },
	{ "Lodash", 0 },
	{ ".x", 0 },
	{ "_x", 0 },
	{ "a b", 0 },
	{ "a/b", 0 },
	{ "caf\xc3\xa9", 0 },
	{ "a:b", 0 },
	{ "@", 0 },
	{ "@s", 0 },
	{ "@/x", 0 },
	{ "@s/", 0 },
	{ "@s/.x", 0 },
	{ "@.s/x", 0 },
	{ "@_s/x", 0 },
	{ "@S/x", 0 },
	{ "@s/a/b", 0 },
	{ "@s@/x", 0 },
	{ "node_modules", 0 },
	{ "favicon.ico", 0 },
	{ "@s/node_modules", 0 },
	{ "node_modules2", 1 },
};

START_TEST(test_npm_name_valid_table)
{
	const char	*why = "unset";
	size_t		 i = (size_t)_i;
	int		 v;

	v = npm_name_valid(name_table[i].name, &why);
	ck_assert_msg(v == name_table[i].valid, "npm_name_valid(\"%s\") = %d",
	    name_table[i].name, v);
	if (!v)
		ck_assert_ptr_nonnull(why);
	ck_assert_int_eq(npm_name_valid(name_table[i].name, NULL), v);
}
END_TEST

START_TEST(test_npm_name_valid_length)
{
	char		 s[300];
	const char	*why;

	memset(s, 'a', sizeof(s));
	s[214] = '\0';
	ck_assert_int_eq(npm_name_valid(s, &why), 1);
	s[214] = 'a';
	s[215] = '\0';
	ck_assert_int_eq(npm_name_valid(s, &why), 0);
	ck_assert_str_eq(why, "name is longer than 214 bytes");
	s[0] = '@';
	s[5] = '/';
	s[214] = '\0';
	ck_assert_int_eq(npm_name_valid(s, &why), 1);
}
END_TEST

START_TEST(test_npm_tarball_name_scoped)
{
	struct arena	 a;

	arena_init(&a, 0);
	ck_assert_str_eq(npm_tarball_name(&a, "lodash", "4.17.21"),
	    "lodash-4.17.21.tgz");
	ck_assert_str_eq(npm_tarball_name(&a, "@s/n", "1.0.0-rc.1"),
	    "n-1.0.0-rc.1.tgz");
	arena_release(&a);
}
END_TEST

/*
 * Publish bodies.
 */

struct run {
	struct spool		 sp;
	struct npm_body		*b;
	enum npm_body_err	 err;
};

/* Feed doc in chunks of the given size (0: whole), then finish. */
static void
body_run(struct run *r, const char *doc, size_t len, size_t chunk,
    size_t meta_max, unsigned depth, off_t spool_max)
{
	size_t	 off, n;

	memset(r, 0, sizeof(*r));
	ck_assert_int_eq(spool_open(&r->sp, tmpdir, spool_max), 0);
	r->b = npm_body_new(&r->sp, meta_max, depth);
	ck_assert_ptr_nonnull(r->b);
	if (chunk == 0)
		chunk = len ? len : 1;
	r->err = NPM_BODY_OK;
	for (off = 0; off < len && r->err == NPM_BODY_OK; off += n) {
		n = len - off < chunk ? len - off : chunk;
		r->err = npm_body_feed(r->b, doc + off, n);
	}
	if (r->err == NPM_BODY_OK)
		r->err = npm_body_finish(r->b);
}

static void
body_done(struct run *r)
{
	npm_body_free(r->b);
	spool_discard(&r->sp);
}

/* The spool's content, NUL-terminated, malloc'd. */
static char *
spool_content(struct run *r, size_t *lenp)
{
	char	*p;
	ssize_t	 n;

	p = malloc((size_t)r->sp.size + 1);
	ck_assert_ptr_nonnull(p);
	n = pread(r->sp.fd, p, (size_t)r->sp.size, 0);
	ck_assert_int_eq(n, r->sp.size);
	p[n] = '\0';
	*lenp = (size_t)n;
	return p;
}

static enum npm_body_err
body_status(const char *doc, size_t chunk, unsigned depth)
{
	struct run		 r;
	enum npm_body_err	 e;

	body_run(&r, doc, strlen(doc), chunk, 65536, depth, 1 << 20);
	e = r.err;
	body_done(&r);
	return e;
}

#define DOC_HEAD "{\"_id\":\"x\",\"name\":\"x\",\"versions\":{\"1.0.0\":" \
	"{\"name\":\"x\",\"version\":\"1.0.0\"}},"

static const struct {
	const char	*doc;
	const char	*meta;
	const char	*data;	/* decoded attachment */
	size_t		 datalen;
	const char	*name;
} body_table[] = {
	{ DOC_HEAD "\"_attachments\":{\"x-1.0.0.tgz\":{\"content_type\":"
	    "\"application/octet-stream\",\"data\":\"aGVsbG8gd29ybGQ=\","
	    "\"length\":11}}}",
	  DOC_HEAD "\"_attachments\":{\"x-1.0.0.tgz\":{\"content_type\":"
	    "\"application/octet-stream\",\"data\":\"\",\"length\":11}}}",
	  "hello world", 11, "x-1.0.0.tgz" },
	/* Key orders: data first, _attachments first. */
	{ "{\"_attachments\":{\"a.tgz\":{\"data\":\"aGk=\",\"length\":2}},"
	    "\"name\":\"x\"}",
	  "{\"_attachments\":{\"a.tgz\":{\"data\":\"\",\"length\":2}},"
	    "\"name\":\"x\"}",
	  "hi", 2, "a.tgz" },
	/* Escaped keys, white space everywhere, other attachments keys. */
	{ " {\n\"\\u005fattachments\" : { \"n\\u002d1.tgz\" : {\"length\":1,"
	    " \"d\\u0061ta\" : \"aA==\" } } , \"a\" : [ 1 , {\"data\":5} ] }\n",
	  " {\n\"\\u005fattachments\" : { \"n\\u002d1.tgz\" : {\"length\":1,"
	    " \"d\\u0061ta\" : \"\" } } , \"a\" : [ 1 , {\"data\":5} ] }\n",
	  "h", 1, "n-1.tgz" },
	/* No padding; an escaped slash inside the base64. */
	{ "{\"_attachments\":{\"a\":{\"data\":\"aGVsbG8gd29ybGQ\"}}}",
	  "{\"_attachments\":{\"a\":{\"data\":\"\"}}}",
	  "hello world", 11, "a" },
	{ "{\"_attachments\":{\"a\":{\"data\":\"\\/w\"}}}",
	  "{\"_attachments\":{\"a\":{\"data\":\"\"}}}",
	  "\xff", 1, "a" },
	{ "{\"_attachments\":{\"a\":{\"data\":\"aGk\"}}}",
	  "{\"_attachments\":{\"a\":{\"data\":\"\"}}}",
	  "hi", 2, "a" },
	{ "{\"_attachments\":{\"a\":{\"data\":\"aA=\"}}}",
	  "{\"_attachments\":{\"a\":{\"data\":\"\"}}}",
	  "h", 1, "a" },
	{ "{\"_attachments\":{\"a\":{\"data\":\"\"}}}",
	  "{\"_attachments\":{\"a\":{\"data\":\"\"}}}",
	  "", 0, "a" },
	/* "data" elsewhere is ordinary text. */
	{ "{\"data\":\"aGk=\",\"x\":{\"_attachments\":{\"a\":{\"data\":\"QQ\"}}},"
	    "\"_attachments\":{\"a\":{\"b\":{\"data\":\"QQ\"}},\"c\":\"d\","
	    "\"e\":[{\"data\":\"QQ\"}]}}",
	  "{\"data\":\"aGk=\",\"x\":{\"_attachments\":{\"a\":{\"data\":\"QQ\"}}},"
	    "\"_attachments\":{\"a\":{\"b\":{\"data\":\"QQ\"}},\"c\":\"d\","
	    "\"e\":[{\"data\":\"QQ\"}]}}",
	  NULL, 0, NULL },
	/* Strings with escapes and quotes around the data string. */
	{ "{\"s\":\"a\\\"b\\\\\\n\\u00e9\\ud83d\\ude00\",\"_attachments\":"
	    "{\"\\ud83d\\ude00\\ud800x\":{\"data\":\"QUJD\"}},\"t\":\"\\\"\"}",
	  "{\"s\":\"a\\\"b\\\\\\n\\u00e9\\ud83d\\ude00\",\"_attachments\":"
	    "{\"\\ud83d\\ude00\\ud800x\":{\"data\":\"\"}},\"t\":\"\\\"\"}",
	  "ABC", 3, "\xf0\x9f\x98\x80\xef\xbf\xbdx" },
};

static void
body_check(size_t i, size_t chunk)
{
	struct run	 r;
	const char	*meta;
	char		*data;
	size_t		 len;

	body_run(&r, body_table[i].doc, strlen(body_table[i].doc), chunk,
	    65536, 16, 1 << 20);
	ck_assert_msg(r.err == NPM_BODY_OK, "doc %zu chunk %zu: %s", i, chunk,
	    npm_body_error(r.b));
	meta = npm_body_meta(r.b, &len);
	ck_assert_str_eq(meta, body_table[i].meta);
	ck_assert_uint_eq(len, strlen(body_table[i].meta));
	if (body_table[i].data == NULL) {
		ck_assert_uint_eq(npm_body_attachments(r.b), 0);
		ck_assert_ptr_null(npm_body_attachment_name(r.b));
		ck_assert_int_eq(r.sp.size, 0);
	} else {
		ck_assert_uint_eq(npm_body_attachments(r.b), 1);
		ck_assert_str_eq(npm_body_attachment_name(r.b),
		    body_table[i].name);
		data = spool_content(&r, &len);
		ck_assert_uint_eq(len, body_table[i].datalen);
		ck_assert(memcmp(data, body_table[i].data, len) == 0);
		free(data);
	}
	body_done(&r);
}

START_TEST(test_npm_body_feed_whole)
{
	body_check((size_t)_i, 0);
}
END_TEST

START_TEST(test_npm_body_feed_bytewise)
{
	body_check((size_t)_i, 1);
}
END_TEST

START_TEST(test_npm_body_feed_chunks)
{
	size_t	 c;

	for (c = 2; c < 20; c++)
		body_check((size_t)_i, c);
}
END_TEST

START_TEST(test_npm_body_meta_parses)
{
	struct run		 r;
	struct json_object	*o, *v;
	const char		*meta;
	size_t			 len;

	body_run(&r, body_table[0].doc, strlen(body_table[0].doc), 3, 65536,
	    16, 1 << 20);
	ck_assert_int_eq(r.err, NPM_BODY_OK);
	meta = npm_body_meta(r.b, &len);
	o = json_tokener_parse(meta);
	ck_assert_ptr_nonnull(o);
	ck_assert(json_object_object_get_ex(o, "_attachments", &v));
	ck_assert(json_object_object_get_ex(v, "x-1.0.0.tgz", &v));
	ck_assert(json_object_object_get_ex(v, "data", &v));
	ck_assert_str_eq(json_object_get_string(v), "");
	json_object_put(o);
	body_done(&r);
}
END_TEST

static const struct {
	const char		*doc;
	enum npm_body_err	 err;
} body_bad_table[] = {
	{ "", NPM_BODY_BAD },
	{ "   ", NPM_BODY_BAD },
	{ "[]", NPM_BODY_BAD },
	{ "\"x\"", NPM_BODY_BAD },
	{ "{}x", NPM_BODY_BAD },
	{ "{}{}", NPM_BODY_BAD },
	{ "{} []", NPM_BODY_BAD },
	{ "{\"a\":1,}", NPM_BODY_BAD },
	{ "{\"a\" 1}", NPM_BODY_BAD },
	{ "{\"a\":}", NPM_BODY_BAD },
	{ "{,}", NPM_BODY_BAD },
	{ "{\"a\":[1,]}", NPM_BODY_BAD },
	{ "{\"a\":[1}", NPM_BODY_BAD },
	{ "{\"a\":{]}", NPM_BODY_BAD },
	{ "{'a':1}", NPM_BODY_BAD },
	{ "{\"a\":\"x\ny\"}", NPM_BODY_BAD },
	{ "{\"a\":\"\\x\"}", NPM_BODY_BAD },
	{ "{\"a\":\"\\u12g4\"}", NPM_BODY_BAD },
	{ "{\"a\\u0000\":1}", NPM_BODY_BAD },
	{ "{\"a\":1 /* c */}", NPM_BODY_BAD },
	/* Attachments. */
	{ "{\"_attachments\":{\"a\":{\"data\":5}}}", NPM_BODY_BAD },
	{ "{\"_attachments\":{\"a\":{\"data\":{}}}}", NPM_BODY_BAD },
	{ "{\"_attachments\":{\"a\":{\"data\":[\"QQ==\"]}}}", NPM_BODY_BAD },
	{ "{\"_attachments\":{\"a\":{\"data\":null}}}", NPM_BODY_BAD },
	{ "{\"_attachments\":{\"a\":{\"data\":\"QQ==\"},"
	    "\"b\":{\"data\":\"QQ==\"}}}", NPM_BODY_BAD },
	{ "{\"_attachments\":{\"a\":{\"data\":\"QQ==\",\"data\":\"\"}}}",
	    NPM_BODY_BAD },
	{ "{\"_attachments\":{\"a\":{\"data\":\"QQ==\"},\"a\":{}}}",
	    NPM_BODY_BAD },
	{ "{\"_attachments\":{},\"_attachments\":{}}", NPM_BODY_BAD },
	{ "{\"_attachments\":{\"a\":{\"data\":\"Q\"}}}", NPM_BODY_BAD },
	{ "{\"_attachments\":{\"a\":{\"data\":\"QQ==Q\"}}}", NPM_BODY_BAD },
	{ "{\"_attachments\":{\"a\":{\"data\":\"Q===\"}}}", NPM_BODY_BAD },
	{ "{\"_attachments\":{\"a\":{\"data\":\"=\"}}}", NPM_BODY_BAD },
	{ "{\"_attachments\":{\"a\":{\"data\":\"QUJD*\"}}}", NPM_BODY_BAD },
	{ "{\"_attachments\":{\"a\":{\"data\":\"QU JD\"}}}", NPM_BODY_BAD },
	{ "{\"_attachments\":{\"a\":{\"data\":\"QUJD\\n\"}}}", NPM_BODY_BAD },
	{ "{\"_attachments\":{\"a\":{\"data\":\"QUJD\\u00e9\"}}}",
	    NPM_BODY_BAD },
	{ "{\"_attachments\":{\"a\":{\"data\":\"QUJ\xc3\xa9\"}}}",
	    NPM_BODY_BAD },
	{ "{\"_attachments\":{\"a\":{\"data\":\"QUJD\"}}", NPM_BODY_BAD },
};

START_TEST(test_npm_body_feed_bad)
{
	size_t	 i = (size_t)_i;

	ck_assert_msg(body_status(body_bad_table[i].doc, 0, 16) ==
	    body_bad_table[i].err, "doc \"%s\"", body_bad_table[i].doc);
	ck_assert_msg(body_status(body_bad_table[i].doc, 1, 16) ==
	    body_bad_table[i].err, "doc \"%s\" bytewise",
	    body_bad_table[i].doc);
}
END_TEST

START_TEST(test_npm_body_feed_depth)
{
	ck_assert_int_eq(body_status("{\"a\":[[[1]]]}", 1, 4), NPM_BODY_OK);
	ck_assert_int_eq(body_status("{\"a\":[[[[1]]]]}", 1, 4),
	    NPM_BODY_BAD);
	ck_assert_int_eq(body_status("{\"a\":{\"b\":{\"c\":{}}}}", 0, 4),
	    NPM_BODY_OK);
	ck_assert_int_eq(body_status("{\"a\":{\"b\":{\"c\":{\"d\":1}}}}", 0,
	    3), NPM_BODY_BAD);
	ck_assert_int_eq(body_status("{}", 0, 0), NPM_BODY_BAD);
}
END_TEST

START_TEST(test_npm_body_feed_deep_array)
{
	char	*doc;
	size_t	 i, n = 100000;

	doc = malloc(2 * n + 8);
	ck_assert_ptr_nonnull(doc);
	memcpy(doc, "{\"a\":", 5);
	for (i = 0; i < n; i++)
		doc[5 + i] = '[';
	doc[5 + n] = '\0';
	ck_assert_int_eq(body_status(doc, 0, 64), NPM_BODY_BAD);
	free(doc);
}
END_TEST

START_TEST(test_npm_body_finish_truncated)
{
	const char	*doc = body_table[2].doc;
	struct run	 r;
	size_t		 len, cut;

	len = strlen(doc);
	/* The document ends with "}\n": every shorter prefix is truncated. */
	for (cut = 0; cut < len - 1; cut++) {
		body_run(&r, doc, cut, 1, 65536, 16, 1 << 20);
		ck_assert_msg(r.err == NPM_BODY_BAD, "prefix %zu", cut);
		ck_assert_str_ne(npm_body_error(r.b), "");
		body_done(&r);
	}
	body_run(&r, doc, len - 1, 1, 65536, 16, 1 << 20);
	ck_assert_int_eq(r.err, NPM_BODY_OK);
	body_done(&r);
}
END_TEST

START_TEST(test_npm_body_finish_garbage)
{
	const char	*doc = body_table[0].doc;
	char		 buf[1024];

	snprintf(buf, sizeof(buf), "%s \r\n\t", doc);
	ck_assert_int_eq(body_status(buf, 0, 16), NPM_BODY_OK);
	snprintf(buf, sizeof(buf), "%s x", doc);
	ck_assert_int_eq(body_status(buf, 0, 16), NPM_BODY_BAD);
	ck_assert_int_eq(body_status(buf, 1, 16), NPM_BODY_BAD);
	snprintf(buf, sizeof(buf), "%s{}", doc);
	ck_assert_int_eq(body_status(buf, 0, 16), NPM_BODY_BAD);
	snprintf(buf, sizeof(buf), "%s%c", doc, 0);
	ck_assert_int_eq(body_status(buf, 0, 16), NPM_BODY_OK);
}
END_TEST

START_TEST(test_npm_body_feed_sticky)
{
	struct run	 r;

	body_run(&r, "{\"a\":x}", 7, 0, 65536, 16, 1 << 20);
	ck_assert_int_eq(r.err, NPM_BODY_OK);
	body_done(&r);
	body_run(&r, "{,", 2, 0, 65536, 16, 1 << 20);
	ck_assert_int_eq(r.err, NPM_BODY_BAD);
	ck_assert_int_eq(npm_body_feed(r.b, "}", 1), NPM_BODY_BAD);
	ck_assert_int_eq(npm_body_finish(r.b), NPM_BODY_BAD);
	ck_assert_str_eq(npm_body_error(r.b), "object key expected");
	body_done(&r);
}
END_TEST

START_TEST(test_npm_body_feed_meta_toobig)
{
	struct run	 r;
	const char	*doc = body_table[0].doc;

	body_run(&r, doc, strlen(doc), 7, 40, 16, 1 << 20);
	ck_assert_int_eq(r.err, NPM_BODY_TOOBIG);
	body_done(&r);
	/* The data string does not count toward meta_max. */
	body_run(&r, doc, strlen(doc), 7, strlen(body_table[0].meta), 16,
	    1 << 20);
	ck_assert_int_eq(r.err, NPM_BODY_OK);
	body_done(&r);
}
END_TEST

START_TEST(test_npm_body_feed_spool_toobig)
{
	struct run	 r;
	const char	*doc = body_table[0].doc;

	body_run(&r, doc, strlen(doc), 0, 65536, 16, 10);
	ck_assert_int_eq(r.err, NPM_BODY_TOOBIG);
	body_done(&r);
	body_run(&r, doc, strlen(doc), 0, 65536, 16, 11);
	ck_assert_int_eq(r.err, NPM_BODY_OK);
	body_done(&r);
}
END_TEST

/*
 * 20 MiB of attachment through a 4 KiB metadata limit: the data never
 * reaches the kept buffer, and the spool's digest matches the input.
 */
START_TEST(test_npm_body_feed_large)
{
	struct run		 r;
	struct hasher		*h;
	struct digests		 want;
	unsigned char		 raw[48 * 1024];
	char			 b64[64 * 1024 + 8];
	const char		*head = "{\"name\":\"big\",\"_attachments\":"
				    "{\"big-1.0.0.tgz\":{\"data\":\"";
	const char		*tail = "\",\"length\":20971520}}}";
	size_t			 i, n, len;
	int			 k;

	for (i = 0; i < sizeof(raw); i++)
		raw[i] = (unsigned char)(i * 7 + (i >> 9));
	n = base64_encode(raw, sizeof(raw), b64);
	ck_assert_uint_eq(n, 65536);
	h = hasher_new();
	ck_assert_ptr_nonnull(h);
	memset(&r, 0, sizeof(r));
	ck_assert_int_eq(spool_open(&r.sp, tmpdir, 64 << 20), 0);
	r.b = npm_body_new(&r.sp, 4096, 16);
	ck_assert_ptr_nonnull(r.b);
	ck_assert_int_eq(npm_body_feed(r.b, head, strlen(head)), NPM_BODY_OK);
	for (k = 0; k < 20 * 1024 * 1024 / (int)sizeof(raw) + 1; k++) {
		/* Split each block unevenly to cross quads. */
		ck_assert_int_eq(npm_body_feed(r.b, b64, 1001), NPM_BODY_OK);
		ck_assert_int_eq(npm_body_feed(r.b, b64 + 1001, n - 1001),
		    NPM_BODY_OK);
		hasher_update(h, raw, sizeof(raw));
		npm_body_meta(r.b, &len);
		ck_assert_uint_lt(len, 200);
	}
	ck_assert_int_eq(npm_body_feed(r.b, tail, strlen(tail)), NPM_BODY_OK);
	ck_assert_int_eq(npm_body_finish(r.b), NPM_BODY_OK);
	ck_assert_int_eq(hasher_final(h, &want), 0);
	hasher_free(h);
	ck_assert_int_eq(spool_finish(&r.sp), 0);
	ck_assert_int_eq(r.sp.size, (off_t)k * (off_t)sizeof(raw));
	ck_assert_int_gt(r.sp.size, 20 * 1024 * 1024);
	ck_assert_str_eq(r.sp.digests.sha512, want.sha512);
	npm_body_meta(r.b, &len);
	ck_assert_uint_eq(len, strlen(head) + strlen(tail));
	body_done(&r);
}
END_TEST

/*
 * Tarballs.
 */

struct tent {
	const char	*path;
	const char	*data;
	size_t		 len;	/* 0: strlen(data) */
};

static void
write_tgz(const char *path, const struct tent *e, size_t n, int gzip)
{
	struct archive		*a;
	struct archive_entry	*ae;
	size_t			 i, len;

	a = archive_write_new();
	ck_assert_ptr_nonnull(a);
	ck_assert_int_eq(archive_write_set_format_ustar(a), ARCHIVE_OK);
	if (gzip)
		ck_assert_int_eq(archive_write_add_filter_gzip(a), ARCHIVE_OK);
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
	.max_entry_size = 2 * 1024 * 1024,
	.max_total = 64 * 1024 * 1024,
	.max_ratio = 200,
};

static int
inspect(const struct tent *e, size_t n, struct arena *a,
    struct npm_tarball *t)
{
	write_tgz(tpath, e, n, 1);
	return npm_tarball_inspect(tpath, &tlim, a, t, err, sizeof(err));
}

#define PKG_JSON "{\"name\":\"x\",\"version\":\"1.0.0\"}"

START_TEST(test_npm_tarball_inspect_ok)
{
	struct tent		 e[] = {
		{ "package/package.json", PKG_JSON, 0 },
		{ "package/index.js", "1", 0 },
		{ "package/README.md", "# x\n", 0 },
		{ "package/lib/README.md", "no", 0 },
	};
	struct arena		 a;
	struct npm_tarball	 t;

	arena_init(&a, 0);
	ck_assert_int_eq(inspect(e, 4, &a, &t), 0);
	ck_assert_str_eq(t.name, "x");
	ck_assert_str_eq(t.version, "1.0.0");
	ck_assert_str_eq(t.manifest, PKG_JSON);
	ck_assert_uint_eq(t.manifest_len, strlen(PKG_JSON));
	ck_assert_str_eq(t.readme, "# x\n");
	ck_assert_uint_eq(t.readme_len, 4);
	arena_release(&a);
}
END_TEST

START_TEST(test_npm_tarball_inspect_other_top)
{
	struct tent		 e[] = {
		{ "./node-x/README", "plain", 0 },
		{ "./node-x/package.json", PKG_JSON, 0 },
	};
	struct arena		 a;
	struct npm_tarball	 t;

	arena_init(&a, 0);
	ck_assert_int_eq(inspect(e, 2, &a, &t), 0);
	ck_assert_str_eq(t.name, "x");
	ck_assert_str_eq(t.readme, "plain");
	arena_release(&a);
}
END_TEST

START_TEST(test_npm_tarball_inspect_readme_order)
{
	struct tent		 e[] = {
		{ "package/readme.md", "lower", 0 },
		{ "package/README", "plain", 0 },
		{ "package/package.json", PKG_JSON, 0 },
		{ "package/README.md", "md", 0 },
	};
	struct arena		 a;
	struct npm_tarball	 t;

	arena_init(&a, 0);
	ck_assert_int_eq(inspect(e, 4, &a, &t), 0);
	ck_assert_str_eq(t.readme, "md");
	ck_assert_int_eq(inspect(e, 3, &a, &t), 0);
	ck_assert_str_eq(t.readme, "plain");
	ck_assert_int_eq(inspect(e, 1, &a, &t), -1);
	ck_assert_str_eq(err, "tarball has no package.json");
	e[1] = e[2];
	ck_assert_int_eq(inspect(e, 2, &a, &t), 0);
	ck_assert_str_eq(t.readme, "lower");
	ck_assert_int_eq(inspect(e + 1, 1, &a, &t), 0);
	ck_assert_ptr_null(t.readme);
	ck_assert_uint_eq(t.readme_len, 0);
	arena_release(&a);
}
END_TEST

/* A 1.5 MiB README of "a" then "é"s is cut to 1 MiB, on a character. */
START_TEST(test_npm_tarball_inspect_readme_cut)
{
	struct tent		 e[2];
	struct arena		 a;
	struct npm_tarball	 t;
	size_t			 n = 3 * 512 * 1024, i;
	char			*big;

	big = malloc(n + 1);
	ck_assert_ptr_nonnull(big);
	big[0] = 'a';
	for (i = 1; i + 1 < n; i += 2) {
		big[i] = (char)0xc3;
		big[i + 1] = (char)0xa9;
	}
	big[n - 1] = 'z';
	big[n] = '\0';
	e[0].path = "package/package.json";
	e[0].data = PKG_JSON;
	e[0].len = 0;
	e[1].path = "package/README.md";
	e[1].data = big;
	e[1].len = n;
	arena_init(&a, 0);
	ck_assert_int_eq(inspect(e, 2, &a, &t), 0);
	ck_assert_uint_eq(t.readme_len, 1024 * 1024 - 1);
	ck_assert_uint_eq(strlen(t.readme), t.readme_len);
	ck_assert_int_eq((unsigned char)t.readme[t.readme_len - 1], 0xa9);
	arena_release(&a);
	free(big);
}
END_TEST

static void
expect_fail(const struct tent *e, size_t n, const char *msg)
{
	struct arena		 a;
	struct npm_tarball	 t;

	arena_init(&a, 0);
	ck_assert_int_eq(inspect(e, n, &a, &t), -1);
	ck_assert_str_eq(err, msg);
	ck_assert_ptr_null(t.name);
	ck_assert_ptr_null(t.manifest);
	arena_release(&a);
}

START_TEST(test_npm_tarball_inspect_bad_manifest)
{
	struct tent	 e[] = { { "package/package.json", "", 0 } };
	static const struct {
		const char	*json;
		const char	*msg;
	} tab[] = {
		{ "{", "package.json is not valid JSON" },
		{ "[1]", "package.json is not valid JSON" },
		{ "\"x\"", "package.json is not valid JSON" },
		{ "{\"name\":\"x\",\"version\":\"1.0.0\"} x",
		    "package.json is not valid JSON" },
		{ "{\"name\":\"x\",\"version\":\"1.0.0\",\"n\":NaN}",
		    "package.json is not valid JSON" },
		{ "{\"name\":\"x\",\"version\":\"1.0.0\",}",
		    "package.json is not valid JSON" },
		{ "{\"name\":\"x\xff\",\"version\":\"1.0.0\"}",
		    "package.json is not valid JSON" },
		{ "{\"version\":\"1.0.0\"}", "package.json has no name" },
		{ "{\"name\":1,\"version\":\"1.0.0\"}",
		    "package.json has no name" },
		{ "{\"name\":\"\",\"version\":\"1.0.0\"}",
		    "package.json has no name" },
		{ "{\"name\":\"x\"}", "package.json has no version" },
		{ "{\"name\":\"x\",\"version\":1}",
		    "package.json has no version" },
		{ "{\"name\":\"x\",\"version\":\"v1.0.0\"}",
		    "package.json version is not valid semver" },
		{ "{\"name\":\"x\",\"version\":\"1.0\"}",
		    "package.json version is not valid semver" },
	};
	size_t		 i;

	for (i = 0; i < sizeof(tab) / sizeof(tab[0]); i++) {
		e[0].data = tab[i].json;
		expect_fail(e, 1, tab[i].msg);
	}
}
END_TEST

START_TEST(test_npm_tarball_inspect_bom)
{
	struct tent		 e[] = {
		{ "package/package.json", "\xef\xbb\xbf" PKG_JSON, 0 },
	};
	struct arena		 a;
	struct npm_tarball	 t;

	arena_init(&a, 0);
	ck_assert_int_eq(inspect(e, 1, &a, &t), 0);
	ck_assert_str_eq(t.manifest, PKG_JSON);
	arena_release(&a);
}
END_TEST

START_TEST(test_npm_tarball_inspect_layout)
{
	struct tent	 stray[] = {
		{ "package/package.json", PKG_JSON, 0 },
		{ "other/x.js", "1", 0 },
	};
	struct tent	 root[] = {
		{ "package.json", PKG_JSON, 0 },
	};
	struct tent	 twice[] = {
		{ "package/package.json", PKG_JSON, 0 },
		{ "package/package.json", PKG_JSON, 0 },
	};
	struct tent	 nested[] = {
		{ "package/sub/package.json", PKG_JSON, 0 },
	};
	struct tent	 unsafe[] = {
		{ "package/package.json", PKG_JSON, 0 },
		{ "package/../../etc/x", "1", 0 },
	};

	expect_fail(stray, 2, "tarball entries are not under one top folder");
	expect_fail(root, 1, "tarball entries are not under one top folder");
	expect_fail(twice, 2, "tarball has more than one package.json");
	expect_fail(nested, 1, "tarball has no package.json");
	expect_fail(unsafe, 2,
	    "unsafe path 'package/../../etc/x' in archive");
}
END_TEST

START_TEST(test_npm_tarball_inspect_not_gzip)
{
	struct tent		 e[] = { { "package/package.json", PKG_JSON, 0 } };
	struct arena		 a;
	struct npm_tarball	 t;

	write_tgz(tpath, e, 1, 0);
	arena_init(&a, 0);
	ck_assert_int_eq(npm_tarball_inspect(tpath, &tlim, &a, &t, err,
	    sizeof(err)), -1);
	ck_assert_str_eq(err, "not a gzip-compressed tar archive");
	arena_release(&a);
}
END_TEST

START_TEST(test_npm_tarball_inspect_manifest_too_large)
{
	struct tent		 e[] = { { "package/package.json", NULL, 0 } };
	struct archive_limits	 l = tlim;
	struct arena		 a;
	struct npm_tarball	 t;
	char			 big[5000];

	memset(big, ' ', sizeof(big));
	memcpy(big, PKG_JSON, strlen(PKG_JSON));
	e[0].data = big;
	e[0].len = sizeof(big);
	write_tgz(tpath, e, 1, 1);
	l.max_entry_size = 4096;
	arena_init(&a, 0);
	ck_assert_int_eq(npm_tarball_inspect(tpath, &l, &a, &t, err,
	    sizeof(err)), -1);
	ck_assert_str_eq(err, "entry 'package/package.json' is too large");
	l.max_entry_size = 5000;
	ck_assert_int_eq(npm_tarball_inspect(tpath, &l, &a, &t, err,
	    sizeof(err)), 0);
	ck_assert_uint_eq(t.manifest_len, 5000);
	arena_release(&a);
}
END_TEST

/*
 * Packuments.
 */

static struct json_object *
get(struct json_object *o, const char *path)
{
	char	 key[128];
	size_t	 n;

	while (o != NULL && *path != '\0') {
		n = strcspn(path, "/");
		snprintf(key, sizeof(key), "%.*s", (int)n, path);
		if (!json_object_object_get_ex(o, key, &o))
			return NULL;
		path += n;
		if (*path == '/')
			path++;
	}
	return o;
}

static const char *
gets_(struct json_object *o, const char *path)
{
	o = get(o, path);
	ck_assert_msg(o != NULL && json_object_is_type(o, json_type_string),
	    "no string at %s", path);
	return json_object_get_string(o);
}

static const struct npm_version pk_versions[] = {
	{ "1.0.0",
	  "{\"name\":\"@s/x\",\"version\":\"1.0.0\",\"description\":\"old\","
	  "\"_id\":\"evil\",\"_npmUser\":{},\"dist\":{\"tarball\":\"evil\"},"
	  "\"dependencies\":{\"a\":\"^1\"},\"scripts\":{\"test\":\"t\"},"
	  "\"deprecated\":\"self\",\"_hasShrinkwrap\":false}",
	  "https://r.example/@s/x/-/x-1.0.0.tgz", "aaaa", "sha512-AAAA",
	  NULL, "2024-01-01T00:00:00.000Z" },
	{ "1.1.0-bad", "{not json", "u", "s", "i", NULL,
	  "2024-01-02T00:00:00.000Z" },
	{ "2.0.0",
	  "{\"name\":\"@s/x\",\"version\":\"2.0.0\",\"description\":"
	  "\"new \\\"quoted\\\" \\u0001 \\u00e9 </script>\","
	  "\"bundledDependencies\":[\"a\"],\"bin\":{\"x\":\"x.js\"},"
	  "\"scripts\":{\"postinstall\":\"node x\"},\"readme\":\"r\","
	  "\"os\":[\"linux\"],\"cpu\":[\"x64\"],\"engines\":{\"node\":\">=18\"}}",
	  "https://r.example/@s/x/-/x-2.0.0.tgz", "bbbb", "sha512-BBBB",
	  "use 3", "2024-01-03T00:00:00.000Z" },
};

static const struct npm_tag pk_tags[] = {
	{ "latest", "2.0.0" },
	{ "beta", "1.1.0-bad" },
	{ "old", "1.0.0" },
	{ "gone", "9.9.9" },
};

static const struct npm_packument pk = {
	.name = "@s/x",
	.rev = "3-abc",
	.versions = pk_versions,
	.nversions = 3,
	.tags = pk_tags,
	.ntags = 4,
	.readme = "# x \"readme\"\n",
	.created = "2024-01-01T00:00:00.000Z",
	.modified = "2024-01-03T00:00:00.000Z",
};

static struct json_object *
render(const struct npm_packument *p, int abbreviated, struct buf *b)
{
	struct json_object	*o;

	buf_init(b, 0);
	ck_assert_int_eq(npm_packument_render(p, abbreviated, b), 0);
	o = json_tokener_parse(b->data);
	ck_assert_msg(o != NULL, "not JSON: %s", b->data);
	return o;
}

START_TEST(test_npm_packument_render_full)
{
	struct json_object	*o, *v;
	struct buf		 b;
	const char		*keys[] = { "_id", "_rev", "name", "dist-tags",
				    "versions", "time", "readme",
				    "description" };
	size_t			 i = 0;

	o = render(&pk, 0, &b);
	json_object_object_foreach(o, k, val) {
		(void)val;
		ck_assert_uint_lt(i, 8);
		ck_assert_str_eq(k, keys[i]);
		i++;
	}
	ck_assert_uint_eq(i, 8);
	ck_assert_str_eq(gets_(o, "_id"), "@s/x");
	ck_assert_str_eq(gets_(o, "_rev"), "3-abc");
	ck_assert_str_eq(gets_(o, "name"), "@s/x");
	ck_assert_str_eq(gets_(o, "readme"), "# x \"readme\"\n");
	ck_assert_str_eq(gets_(o, "description"),
	    "new \"quoted\" \x01 \xc3\xa9 </script>");
	ck_assert_str_eq(gets_(o, "dist-tags/latest"), "2.0.0");
	ck_assert_str_eq(gets_(o, "dist-tags/old"), "1.0.0");
	ck_assert_ptr_null(get(o, "dist-tags/beta"));
	ck_assert_ptr_null(get(o, "dist-tags/gone"));
	ck_assert_int_eq(json_object_object_length(get(o, "versions")), 2);
	ck_assert_ptr_null(get(o, "versions/1.1.0-bad"));
	ck_assert(strstr(b.data, "\"1.0.0\":{") <
	    strstr(b.data, "\"2.0.0\":{"));
	v = get(o, "versions/1.0.0");
	ck_assert_str_eq(gets_(v, "_id"), "@s/x@1.0.0");
	ck_assert_str_eq(gets_(v, "description"), "old");
	ck_assert_str_eq(gets_(v, "dependencies/a"), "^1");
	ck_assert_str_eq(gets_(v, "scripts/test"), "t");
	ck_assert_ptr_null(get(v, "_npmUser"));
	ck_assert_ptr_null(get(v, "_hasShrinkwrap"));
	ck_assert_ptr_null(get(v, "deprecated"));
	ck_assert_str_eq(gets_(v, "dist/tarball"),
	    "https://r.example/@s/x/-/x-1.0.0.tgz");
	ck_assert_str_eq(gets_(v, "dist/shasum"), "aaaa");
	ck_assert_str_eq(gets_(v, "dist/integrity"), "sha512-AAAA");
	v = get(o, "versions/2.0.0");
	ck_assert_str_eq(gets_(v, "deprecated"), "use 3");
	ck_assert_str_eq(gets_(v, "readme"), "r");
	ck_assert_str_eq(gets_(o, "time/created"), "2024-01-01T00:00:00.000Z");
	ck_assert_str_eq(gets_(o, "time/modified"),
	    "2024-01-03T00:00:00.000Z");
	ck_assert_str_eq(gets_(o, "time/1.0.0"), "2024-01-01T00:00:00.000Z");
	ck_assert_str_eq(gets_(o, "time/2.0.0"), "2024-01-03T00:00:00.000Z");
	ck_assert_ptr_null(get(o, "time/1.1.0-bad"));
	json_object_put(o);
	buf_release(&b);
}
END_TEST

START_TEST(test_npm_packument_render_abbreviated)
{
	struct json_object	*o, *v;
	struct buf		 b;
	const char		*top[] = { "name", "modified", "dist-tags",
				    "versions" };
	const char		*v2[] = { "name", "version",
				    "bundleDependencies", "bin", "engines",
				    "os", "cpu", "deprecated",
				    "hasInstallScript", "dist" };
	size_t			 i = 0;

	o = render(&pk, 1, &b);
	json_object_object_foreach(o, k, val) {
		(void)val;
		ck_assert_uint_lt(i, 4);
		ck_assert_str_eq(k, top[i]);
		i++;
	}
	ck_assert_uint_eq(i, 4);
	ck_assert_str_eq(gets_(o, "modified"), "2024-01-03T00:00:00.000Z");
	v = get(o, "versions/1.0.0");
	ck_assert_ptr_nonnull(v);
	ck_assert_ptr_null(get(v, "description"));
	ck_assert_ptr_null(get(v, "scripts"));
	ck_assert_ptr_null(get(v, "hasInstallScript"));
	ck_assert_ptr_null(get(v, "deprecated"));
	ck_assert_ptr_nonnull(get(v, "_hasShrinkwrap"));
	ck_assert_str_eq(gets_(v, "dependencies/a"), "^1");
	ck_assert_str_eq(gets_(v, "dist/shasum"), "aaaa");
	v = get(o, "versions/2.0.0");
	i = 0;
	json_object_object_foreach(v, k2, val2) {
		(void)val2;
		ck_assert_uint_lt(i, 10);
		ck_assert_str_eq(k2, v2[i]);
		i++;
	}
	ck_assert_uint_eq(i, 10);
	ck_assert(json_object_get_boolean(get(v, "hasInstallScript")));
	json_object_put(o);
	buf_release(&b);
}
END_TEST

START_TEST(test_npm_packument_render_empty)
{
	struct npm_packument	 p;
	struct json_object	*o;
	struct buf		 b;

	memset(&p, 0, sizeof(p));
	p.name = "x";
	o = render(&p, 0, &b);
	ck_assert_int_eq(json_object_object_length(get(o, "versions")), 0);
	ck_assert_int_eq(json_object_object_length(get(o, "dist-tags")), 0);
	ck_assert_ptr_null(get(o, "readme"));
	ck_assert_ptr_null(get(o, "_rev"));
	json_object_put(o);
	buf_release(&b);
}
END_TEST

START_TEST(test_npm_packument_render_toobig)
{
	struct buf	 b;

	buf_init(&b, 100);
	ck_assert_int_eq(npm_packument_render(&pk, 0, &b), -1);
	buf_release(&b);
}
END_TEST

static Suite *
npm_suite(void)
{
	Suite	*s = suite_create("npm");
	TCase	*tc;

	tc = tcase_create("npm_name_valid");
	tcase_add_loop_test(tc, test_npm_name_valid_table, 0,
	    (int)(sizeof(name_table) / sizeof(name_table[0])));
	tcase_add_test(tc, test_npm_name_valid_length);
	suite_add_tcase(s, tc);
	tc = tcase_create("npm_tarball_name");
	tcase_add_test(tc, test_npm_tarball_name_scoped);
	suite_add_tcase(s, tc);

	tc = tcase_create("npm_body");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 120);
	tcase_add_loop_test(tc, test_npm_body_feed_whole, 0,
	    (int)(sizeof(body_table) / sizeof(body_table[0])));
	tcase_add_loop_test(tc, test_npm_body_feed_bytewise, 0,
	    (int)(sizeof(body_table) / sizeof(body_table[0])));
	tcase_add_loop_test(tc, test_npm_body_feed_chunks, 0,
	    (int)(sizeof(body_table) / sizeof(body_table[0])));
	tcase_add_test(tc, test_npm_body_meta_parses);
	tcase_add_loop_test(tc, test_npm_body_feed_bad, 0,
	    (int)(sizeof(body_bad_table) / sizeof(body_bad_table[0])));
	tcase_add_test(tc, test_npm_body_feed_depth);
	tcase_add_test(tc, test_npm_body_feed_deep_array);
	tcase_add_test(tc, test_npm_body_finish_truncated);
	tcase_add_test(tc, test_npm_body_finish_garbage);
	tcase_add_test(tc, test_npm_body_feed_sticky);
	tcase_add_test(tc, test_npm_body_feed_meta_toobig);
	tcase_add_test(tc, test_npm_body_feed_spool_toobig);
	tcase_add_test(tc, test_npm_body_feed_large);
	suite_add_tcase(s, tc);

	tc = tcase_create("npm_tarball_inspect");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_npm_tarball_inspect_ok);
	tcase_add_test(tc, test_npm_tarball_inspect_other_top);
	tcase_add_test(tc, test_npm_tarball_inspect_readme_order);
	tcase_add_test(tc, test_npm_tarball_inspect_readme_cut);
	tcase_add_test(tc, test_npm_tarball_inspect_bad_manifest);
	tcase_add_test(tc, test_npm_tarball_inspect_bom);
	tcase_add_test(tc, test_npm_tarball_inspect_layout);
	tcase_add_test(tc, test_npm_tarball_inspect_not_gzip);
	tcase_add_test(tc, test_npm_tarball_inspect_manifest_too_large);
	suite_add_tcase(s, tc);

	tc = tcase_create("npm_packument_render");
	tcase_add_test(tc, test_npm_packument_render_full);
	tcase_add_test(tc, test_npm_packument_render_abbreviated);
	tcase_add_test(tc, test_npm_packument_render_empty);
	tcase_add_test(tc, test_npm_packument_render_toobig);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner	*sr = srunner_create(npm_suite());
	int	 failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
