/* check_http.c: unit tests for kv, query, cookie, multipart and form */
#include <check.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "http/cookie.h"
#include "http/form.h"
#include "http/kv.h"
#include "http/multipart.h"
#include "http/query.h"
#include "util/arena.h"
#include "util/buf.h"
#include "util/digest.h"

static struct arena	 arena;

static void
arena_setup(void)
{
	arena_init(&arena, 64 * 1024 * 1024);
}

static void
arena_teardown(void)
{
	arena_release(&arena);
}

/* kv */

START_TEST(test_kv_kv_get_first)
{
	struct kv	 v[3] = {
		{ "a", "1", 1 }, { "b", "2", 1 }, { "a", "3", 1 }
	};
	struct kvlist	 l = { v, 3 }, empty = { NULL, 0 };

	ck_assert_str_eq(kv_get(&l, "a"), "1");
	ck_assert_str_eq(kv_get(&l, "b"), "2");
	ck_assert_ptr_null(kv_get(&l, "c"));
	ck_assert_ptr_null(kv_get(&l, ""));
	ck_assert_ptr_null(kv_get(&empty, "a"));
}
END_TEST

/* query */

START_TEST(test_query_url_decode_basic)
{
	char	*s;
	size_t	 n;

	ck_assert_int_eq(url_decode(&arena, "a%20b+c%2B%7e%7E", 16, 1, &s, &n),
	    0);
	ck_assert_str_eq(s, "a b c+~~");
	ck_assert_uint_eq(n, 8);
	ck_assert_int_eq(url_decode(&arena, "a+b%2f", 6, 0, &s, &n), 0);
	ck_assert_str_eq(s, "a+b/");
	ck_assert_int_eq(url_decode(&arena, "", 0, 1, &s, &n), 0);
	ck_assert_str_eq(s, "");
	ck_assert_uint_eq(n, 0);
	/* Only len bytes are read. */
	ck_assert_int_eq(url_decode(&arena, "ab%41", 2, 1, &s, NULL), 0);
	ck_assert_str_eq(s, "ab");
	ck_assert_int_eq(url_decode(&arena, "%C3%A9", 6, 1, &s, &n), 0);
	ck_assert_str_eq(s, "\xc3\xa9");
}
END_TEST

START_TEST(test_query_url_decode_bad_escape)
{
	static const char	*bad[] = { "%", "%4", "a%4", "%zz", "%0g",
	    "%g0", "x%%41" };
	char			*s;
	size_t			 i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		errno = 0;
		ck_assert_int_eq(url_decode(&arena, bad[i], strlen(bad[i]), 1,
		    &s, NULL), -1);
		ck_assert_int_eq(errno, EINVAL);
		ck_assert_ptr_null(s);
	}
	/* "%4" cut off by len is malformed even if "%41" follows. */
	ck_assert_int_eq(url_decode(&arena, "%41", 2, 1, &s, NULL), -1);
}
END_TEST

START_TEST(test_query_url_decode_nul)
{
	char	*s;

	ck_assert_int_eq(url_decode(&arena, "a%00b", 5, 1, &s, NULL), -1);
	ck_assert_int_eq(url_decode(&arena, "a\0b", 3, 1, &s, NULL), -1);
	ck_assert_int_eq(url_decode(&arena, "%01", 3, 1, &s, NULL), 0);
	ck_assert_str_eq(s, "\x01");
}
END_TEST

START_TEST(test_query_query_parse_basic)
{
	struct kvlist	 l;
	const char	*q = "a=1&b=x+y%21&&c&=e&d=%41=B&";

	ck_assert_int_eq(query_parse(&arena, q, strlen(q), 10, &l), 0);
	ck_assert_uint_eq(l.n, 5);
	ck_assert_str_eq(l.v[0].key, "a");
	ck_assert_str_eq(l.v[0].val, "1");
	ck_assert_str_eq(l.v[1].key, "b");
	ck_assert_str_eq(l.v[1].val, "x y!");
	ck_assert_uint_eq(l.v[1].vlen, 4);
	ck_assert_str_eq(l.v[2].key, "c");
	ck_assert_str_eq(l.v[2].val, "");
	ck_assert_uint_eq(l.v[2].vlen, 0);
	ck_assert_str_eq(l.v[3].key, "");
	ck_assert_str_eq(l.v[3].val, "e");
	ck_assert_str_eq(kv_get(&l, "d"), "A=B");
}
END_TEST

START_TEST(test_query_query_parse_empty)
{
	struct kvlist	 l;

	ck_assert_int_eq(query_parse(&arena, "", 0, 0, &l), 0);
	ck_assert_uint_eq(l.n, 0);
	ck_assert_int_eq(query_parse(&arena, "&&&", 3, 0, &l), 0);
	ck_assert_uint_eq(l.n, 0);
	ck_assert_ptr_null(kv_get(&l, "a"));
}
END_TEST

START_TEST(test_query_query_parse_max_fields)
{
	struct kvlist	 l;

	errno = 0;
	ck_assert_int_eq(query_parse(&arena, "a&b&c", 5, 2, &l), -1);
	ck_assert_int_eq(errno, E2BIG);
	ck_assert_uint_eq(l.n, 0);
	ck_assert_int_eq(query_parse(&arena, "a&b&c", 5, 3, &l), 0);
	ck_assert_uint_eq(l.n, 3);
	/* Empty pairs do not count. */
	ck_assert_int_eq(query_parse(&arena, "&&&&a&&", 7, 1, &l), 0);
	ck_assert_uint_eq(l.n, 1);
}
END_TEST

START_TEST(test_query_query_parse_bad_escape)
{
	struct kvlist	 l;

	errno = 0;
	ck_assert_int_eq(query_parse(&arena, "a=1&b=%zz", 9, 10, &l), -1);
	ck_assert_int_eq(errno, EINVAL);
	ck_assert_uint_eq(l.n, 0);
	ck_assert_int_eq(query_parse(&arena, "a%00=1", 6, 10, &l), -1);
}
END_TEST

START_TEST(test_query_query_parse_bounded)
{
	struct kvlist	 l;
	char		 q[7];

	/* Not NUL-terminated: the parser must stop at len. */
	memcpy(q, "a=1&b=2", 7);
	ck_assert_int_eq(query_parse(&arena, q, sizeof(q), 10, &l), 0);
	ck_assert_uint_eq(l.n, 2);
	ck_assert_str_eq(kv_get(&l, "b"), "2");
	ck_assert_int_eq(query_parse(&arena, q, 5, 10, &l), 0);
	ck_assert_str_eq(kv_get(&l, "b"), "");
}
END_TEST

START_TEST(test_query_url_encode_basic)
{
	const char	*in = "a b/\xc3\xa9~-._&=+%";
	char		*s, *back;

	s = url_encode(&arena, in);
	ck_assert_str_eq(s, "a%20b%2F%C3%A9~-._%26%3D%2B%25");
	ck_assert_int_eq(url_decode(&arena, s, strlen(s), 0, &back, NULL), 0);
	ck_assert_str_eq(back, in);
	ck_assert_str_eq(url_encode(&arena, ""), "");
	ck_assert_str_eq(url_encode(&arena, "AZaz09"), "AZaz09");
}
END_TEST

/* cookie */

START_TEST(test_cookie_cookie_parse_basic)
{
	struct kvlist	 l;
	const char	*c = "a=1; b=2;c=3";

	ck_assert_int_eq(cookie_parse(&arena, c, strlen(c), 10, &l), 0);
	ck_assert_uint_eq(l.n, 3);
	ck_assert_str_eq(l.v[0].key, "a");
	ck_assert_str_eq(l.v[0].val, "1");
	ck_assert_str_eq(kv_get(&l, "b"), "2");
	ck_assert_str_eq(kv_get(&l, "c"), "3");
}
END_TEST

START_TEST(test_cookie_cookie_parse_quotes)
{
	struct kvlist	 l;
	const char	*c = "a=\"x y\"; b=\"\"; c=\"; d=%41+; e=a=b";

	ck_assert_int_eq(cookie_parse(&arena, c, strlen(c), 10, &l), 0);
	ck_assert_uint_eq(l.n, 5);
	ck_assert_str_eq(kv_get(&l, "a"), "x y");
	ck_assert_str_eq(kv_get(&l, "b"), "");
	ck_assert_uint_eq(l.v[1].vlen, 0);
	ck_assert_str_eq(kv_get(&l, "c"), "\"");
	ck_assert_str_eq(kv_get(&l, "d"), "%41+");
	ck_assert_str_eq(kv_get(&l, "e"), "a=b");
}
END_TEST

START_TEST(test_cookie_cookie_parse_skip)
{
	struct kvlist	 l;
	const char	 c[] = "foo; =bar; a=1;; \t b = 2 \t;x\0y=1;z=\0;";

	ck_assert_int_eq(cookie_parse(&arena, c, sizeof(c) - 1, 2, &l), 0);
	ck_assert_uint_eq(l.n, 2);
	ck_assert_str_eq(l.v[0].key, "a");
	ck_assert_str_eq(l.v[0].val, "1");
	ck_assert_str_eq(l.v[1].key, "b");
	ck_assert_str_eq(l.v[1].val, "2");
	ck_assert_int_eq(cookie_parse(&arena, "", 0, 0, &l), 0);
	ck_assert_uint_eq(l.n, 0);
}
END_TEST

START_TEST(test_cookie_cookie_parse_max)
{
	struct kvlist	 l;

	errno = 0;
	ck_assert_int_eq(cookie_parse(&arena, "a=1;b=2;c=3", 11, 2, &l), -1);
	ck_assert_int_eq(errno, E2BIG);
	ck_assert_uint_eq(l.n, 0);
	ck_assert_int_eq(cookie_parse(&arena, "a=1;b=2;c=3", 11, 3, &l), 0);
	/* Only len bytes are read. */
	ck_assert_int_eq(cookie_parse(&arena, "a=1;b=2;c=3", 5, 3, &l), 0);
	ck_assert_uint_eq(l.n, 1);
}
END_TEST

/* multipart */

/*
 * A recorder turns callbacks into one transcript: "[name|filename|type]",
 * the data, then "<end>"; absent strings show as "-".
 */
struct rec {
	struct buf	 t;
	int		 fail_at;	/* fail this callback, 0: none */
	int		 calls;
};

static int
rec_begin(void *arg, const struct mp_part *p)
{
	struct rec	*r = arg;

	if (++r->calls == r->fail_at)
		return -1;
	ck_assert_ptr_nonnull(p->name);
	buf_printf(&r->t, "[%s|%s|%s]", p->name,
	    p->filename ? p->filename : "-",
	    p->content_type ? p->content_type : "-");
	return 0;
}

static int
rec_data(void *arg, const char *p, size_t n)
{
	struct rec	*r = arg;

	if (++r->calls == r->fail_at)
		return -1;
	ck_assert_uint_gt(n, 0);
	buf_add(&r->t, p, n);
	return 0;
}

static int
rec_end(void *arg)
{
	struct rec	*r = arg;

	if (++r->calls == r->fail_at)
		return -1;
	buf_adds(&r->t, "<end>");
	return 0;
}

static const struct mp_callbacks rec_cb = { rec_begin, rec_data, rec_end };
static const struct mp_limits def_lim = { 16, 1024 };

/*
 * Feed body in chunks of chunk bytes (0: all at once), then finish. Returns
 * 0 or -1; *err gets the parser's message (static storage).
 */
static int
mp_run(const char *boundary, const char *body, size_t len, size_t chunk,
    const struct mp_limits *lim, struct rec *r, const char **err,
    int *toobig)
{
	static char		 msg[64];
	struct multipart	*mp;
	size_t			 off = 0, n;
	int			 rc = 0;

	buf_init(&r->t, 0);
	r->calls = 0;
	r->fail_at = 0;
	mp = multipart_new(boundary, strlen(boundary), lim ? lim : &def_lim,
	    &rec_cb, r);
	ck_assert_ptr_nonnull(mp);
	if (chunk == 0)
		chunk = len ? len : 1;
	while (off < len && rc == 0) {
		n = len - off < chunk ? len - off : chunk;
		rc = multipart_feed(mp, body + off, n);
		off += n;
	}
	if (rc == 0)
		rc = multipart_finish(mp);
	snprintf(msg, sizeof(msg), "%s", multipart_error(mp));
	if (err)
		*err = msg;
	if (toobig)
		*toobig = multipart_toobig(mp);
	multipart_free(mp);
	return rc;
}

static const size_t chunks[] = { 1, 7, 0 };

START_TEST(test_multipart_boundary_parse)
{
	const char	*b;
	size_t		 n;
	char		 ct[128];

	ck_assert_int_eq(multipart_boundary(
	    "multipart/form-data; boundary=abc", &b, &n), 0);
	ck_assert_uint_eq(n, 3);
	ck_assert(strncmp(b, "abc", 3) == 0);
	ck_assert_int_eq(multipart_boundary(
	    "Multipart/Form-Data;charset=utf-8;BOUNDARY=\"a b:c\" ; x=y",
	    &b, &n), 0);
	ck_assert_uint_eq(n, 5);
	ck_assert(strncmp(b, "a b:c", 5) == 0);
	ck_assert_int_eq(multipart_boundary(
	    "multipart/form-data; x=\"; boundary=evil\"; boundary=good",
	    &b, &n), 0);
	ck_assert(n == 4 && strncmp(b, "good", 4) == 0);
	ck_assert_int_eq(multipart_boundary(
	    " \tmultipart/form-data ; x=\"\\\"; boundary=evil\" ;"
	    "boundary = good ; ", &b, &n), 0);
	ck_assert(n == 4 && strncmp(b, "good", 4) == 0);
	ck_assert_int_eq(multipart_boundary(
	    "multipart/form-data; boundary=----WebKitFormBoundaryX3n;", &b,
	    &n), 0);
	ck_assert_uint_eq(n, 25);
	/* 70 bytes is the most. */
	snprintf(ct, sizeof(ct), "multipart/form-data; boundary=%070d", 7);
	ck_assert_int_eq(multipart_boundary(ct, &b, &n), 0);
	ck_assert_uint_eq(n, 70);
	snprintf(ct, sizeof(ct), "multipart/form-data; boundary=%071d", 7);
	ck_assert_int_eq(multipart_boundary(ct, &b, &n), -1);
}
END_TEST

START_TEST(test_multipart_boundary_reject)
{
	static const char	*bad[] = {
		"text/plain; boundary=abc",
		"multipart/mixed; boundary=abc",
		"multipart/form-data",
		"multipart/form-data;",
		"multipart/form-data; boundary=",
		"multipart/form-data; boundary=\"\"",
		"multipart/form-data; boundary=\"abc",
		"multipart/form-data; boundary=\"a\\\"b\"",
		"multipart/form-data; boundary=\"abc \"",
		"multipart/form-data; boundary=a; boundary=b",
		"multipart/form-data; boundary abc",
		"multipart/form-datax; boundary=abc",
		"multipart/form-data boundary=abc",
		"multipart/form-data; =abc; boundary=abc",
		"multipart/form-data; boundary=a\x01b",
		"",
	};
	const char		*b;
	size_t			 i, n;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		ck_assert_msg(multipart_boundary(bad[i], &b, &n) == -1,
		    "accepted '%s'", bad[i]);
}
END_TEST

START_TEST(test_multipart_new_bad_boundary)
{
	char	 b[72];

	memset(b, 'x', sizeof(b));
	ck_assert_ptr_null(multipart_new(b, 0, &def_lim, &rec_cb, NULL));
	ck_assert_ptr_null(multipart_new(b, 71, &def_lim, &rec_cb, NULL));
}
END_TEST

static const char basic_body[] =
	"This is the preamble.\r\n--not the boundary\r\n"
	"--XyZ\r\n"
	"Content-Disposition: form-data; name=\"title\"\r\n"
	"\r\n"
	"hello\r\nworld\r\n"
	"--XyZ\r\n"
	"content-disposition: form-data; name=\"up\"; filename=\"a.txt\"\r\n"
	"Content-Type: text/plain\r\n"
	"X-Other: ignored\r\n"
	"\r\n"
	"file\r\n-data--\r\n"
	"--XyZ--\r\n"
	"epilogue --XyZ\r\ngarbage";

static const char basic_want[] =
	"[title|-|-]hello\r\nworld<end>"
	"[up|a.txt|text/plain]file\r\n-data--<end>";

START_TEST(test_multipart_feed_basic)
{
	struct rec	 r;
	size_t		 i;
	const char	*err;

	for (i = 0; i < 3; i++) {
		ck_assert_int_eq(mp_run("XyZ", basic_body,
		    sizeof(basic_body) - 1, chunks[i], NULL, &r, &err, NULL),
		    0);
		ck_assert_str_eq(r.t.data, basic_want);
		buf_release(&r.t);
	}
}
END_TEST

START_TEST(test_multipart_feed_split_anywhere)
{
	struct multipart	*mp;
	struct rec		 r;
	size_t			 i, len = sizeof(basic_body) - 1;

	for (i = 0; i <= len; i++) {
		buf_init(&r.t, 0);
		r.fail_at = r.calls = 0;
		mp = multipart_new("XyZ", 3, &def_lim, &rec_cb, &r);
		ck_assert_int_eq(multipart_feed(mp, basic_body, i), 0);
		ck_assert_int_eq(multipart_feed(mp, basic_body + i, len - i),
		    0);
		ck_assert_int_eq(multipart_finish(mp), 0);
		ck_assert_str_eq(r.t.data, basic_want);
		multipart_free(mp);
		buf_release(&r.t);
	}
}
END_TEST

START_TEST(test_multipart_feed_no_preamble)
{
	static const char	 body[] =
	    "--b\r\nContent-Disposition: form-data; name=a\r\n\r\n1\r\n"
	    "--b\r\nContent-Disposition: form-data; name=e\r\n\r\n\r\n"
	    "--b--";
	struct rec		 r;
	size_t			 i;

	for (i = 0; i < 3; i++) {
		ck_assert_int_eq(mp_run("b", body, sizeof(body) - 1,
		    chunks[i], NULL, &r, NULL, NULL), 0);
		ck_assert_str_eq(r.t.data, "[a|-|-]1<end>[e|-|-]<end>");
		buf_release(&r.t);
	}
	/* No part at all is a valid, empty body. */
	ck_assert_int_eq(mp_run("b", "--b--", 5, 0, NULL, &r, NULL, NULL), 0);
	ck_assert_str_eq(r.t.data, "");
	buf_release(&r.t);
}
END_TEST

START_TEST(test_multipart_feed_padding)
{
	static const char	 body[] =
	    "--b \t \r\nContent-Disposition:form-data;name=a\r\n\r\n1\r\n"
	    "--b\t\r\nContent-Disposition: form-data; name=c\r\n\r\n2\r\n"
	    "--b-- \r\n";
	struct rec		 r;
	size_t			 i;

	for (i = 0; i < 3; i++) {
		ck_assert_int_eq(mp_run("b", body, sizeof(body) - 1,
		    chunks[i], NULL, &r, NULL, NULL), 0);
		ck_assert_str_eq(r.t.data, "[a|-|-]1<end>[c|-|-]2<end>");
		buf_release(&r.t);
	}
}
END_TEST

START_TEST(test_multipart_feed_quoted_filename)
{
	static const char	 body[] =
	    "--b\r\nContent-Disposition: form-data; name=\"f\\\"x\"; "
	    "filename=\"a \\\"q\\\" \\\\ b;c.txt\"\r\n\r\n1\r\n"
	    "--b\r\nContent-Disposition: FORM-DATA; FILENAME=\"C:\\dir\\f.txt\""
	    " ; NAME = tok\r\nContent-Type:  image/png ; x=1  \r\n\r\n2\r\n"
	    "--b\r\nContent-Disposition: form-data; name=e; filename=\"\"\r\n"
	    "\r\n\r\n"
	    "--b\r\nContent-Disposition: form-data; name=t  ; filename*=x; \r\n"
	    "\r\n\r\n--b--";
	struct rec		 r;
	size_t			 i;

	for (i = 0; i < 3; i++) {
		ck_assert_int_eq(mp_run("b", body, sizeof(body) - 1,
		    chunks[i], NULL, &r, NULL, NULL), 0);
		ck_assert_str_eq(r.t.data,
		    "[f\"x|a \"q\" \\ b;c.txt|-]1<end>"
		    "[tok|C:\\dir\\f.txt|image/png ; x=1]2<end>"
		    "[e||-]<end>[t|-|-]<end>");
		buf_release(&r.t);
	}
}
END_TEST

START_TEST(test_multipart_feed_folded_header)
{
	static const char	 body[] =
	    "--b\r\nContent-Disposition: form-data;\r\n name=\"a\";\r\n\t"
	    "filename=\"x\"\r\n\r\nz\r\n--b--";
	struct rec		 r;

	ck_assert_int_eq(mp_run("b", body, sizeof(body) - 1, 1, NULL, &r,
	    NULL, NULL), 0);
	ck_assert_str_eq(r.t.data, "[a|x|-]z<end>");
	buf_release(&r.t);
}
END_TEST

/*
 * Binary data full of near-delimiters: CR LF "--", partial boundaries,
 * "--boundary" without CR LF before it, the boundary followed by a byte that
 * does not end a boundary line, and CRs doubled up.
 */
START_TEST(test_multipart_feed_binary)
{
	static const char	*pieces[] = {
		"\r\n--", "\r\n--bound", "x--boundary\r\n", "\r\r\n--boundar",
		"\r\n-", "\r\n--boundaryX", "\r\n--boundar\r\n--boundarz",
		"\r", "\n", "\0", "\xff", "\r\n\r\n", "-", "--"
	};
	struct buf	 data, body;
	struct rec	 r;
	uint32_t	 x = 12345;
	size_t		 i, k, want_len;
	const char	*err;

	buf_init(&data, 0);
	for (i = 0; i < 3000; i++) {
		x = x * 1103515245 + 12345;
		k = (x >> 16) % (sizeof(pieces) / sizeof(pieces[0]) + 4);
		if (k < sizeof(pieces) / sizeof(pieces[0]))
			buf_add(&data, pieces[k], k == 9 ? 1 :
			    strlen(pieces[k]));
		else if ((x >> 24) == 'y')	/* "boundar" + 'y' */
			buf_addch(&data, 'Y');
		else
			buf_addch(&data, (int)(x >> 24));
	}
	buf_add(&data, "\r\n--boundar", 11);	/* ends on a near-miss */
	buf_init(&body, 0);
	buf_adds(&body, "--boundary\r\nContent-Disposition: form-data; "
	    "name=bin; filename=b.bin\r\n\r\n");
	buf_add(&body, data.data, data.len);
	buf_adds(&body, "\r\n--boundary--\r\n");
	want_len = strlen("[bin|b.bin|-]") + data.len + strlen("<end>");
	for (i = 0; i < 3; i++) {
		ck_assert_msg(mp_run("boundary", body.data, body.len,
		    chunks[i], NULL, &r, &err, NULL) == 0, "%s", err);
		ck_assert_uint_eq(r.t.len, want_len);
		ck_assert(memcmp(r.t.data + 13, data.data, data.len) == 0);
		buf_release(&r.t);
	}
	buf_release(&data);
	buf_release(&body);
}
END_TEST

/*
 * Random data over a small alphabet, against boundaries whose delimiter
 * overlaps itself ("\r\n--" + "\r\n-" has the border "\r\n-"): the data
 * must come back unchanged whatever the feed size. Data in which the
 * delimiter would show up early is skipped.
 */
START_TEST(test_multipart_feed_overlapping_boundary)
{
	static const char	*bounds[] = { "\r\n-", "-", "x-x", "\r\n--x" };
	static const char	 alpha[] = "\r\n-x";
	struct buf		 data, body, pat;
	struct rec		 r;
	uint32_t		 x = 7;
	size_t			 i, k, bi, n, runs = 0;
	size_t			 chunk[] = { 1, 7, 0 };
	const char		*err;

	buf_init(&data, 0);
	buf_init(&body, 0);
	buf_init(&pat, 0);
	for (bi = 0; bi < sizeof(bounds) / sizeof(bounds[0]); bi++) {
		buf_reset(&pat);
		buf_printf(&pat, "\r\n--%s", bounds[bi]);
		for (i = 0; i < 300; i++) {
			buf_reset(&data);
			x = x * 1103515245 + 12345;
			n = (x >> 16) % 64;
			for (k = 0; k < n; k++) {
				x = x * 1103515245 + 12345;
				buf_addch(&data, alpha[(x >> 16) % 4]);
			}
			buf_add(&data, pat.data, pat.len);
			if ((size_t)((char *)memmem(data.data, data.len,
			    pat.data, pat.len) - data.data) != n)
				continue;
			buf_truncate(&data, n);
			buf_reset(&body);
			buf_printf(&body, "--%s\r\nContent-Disposition: "
			    "form-data; name=d\r\n\r\n", bounds[bi]);
			buf_add(&body, data.data, data.len);
			buf_printf(&body, "\r\n--%s--", bounds[bi]);
			for (k = 0; k < 3; k++) {
				ck_assert_msg(mp_run(bounds[bi], body.data,
				    body.len, chunk[k], NULL, &r, &err,
				    NULL) == 0, "%s", err);
				ck_assert_uint_eq(r.t.len, 7 + n + 5);
				ck_assert(memcmp(r.t.data + 7, data.data, n)
				    == 0);
				buf_release(&r.t);
			}
			runs++;
		}
	}
	ck_assert_uint_gt(runs, 1000);
	buf_release(&data);
	buf_release(&body);
	buf_release(&pat);
}
END_TEST

/* Long runs with no CR go to the data callback without being copied. */
START_TEST(test_multipart_feed_long_run)
{
	struct buf	 data, body;
	struct rec	 r;
	size_t		 i, k, chunk[] = { 7, 5000, 0 };

	buf_init(&data, 0);
	for (i = 0; i < 200000; i++)
		buf_addch(&data, 'a' + (int)(i % 26));
	buf_init(&body, 0);
	buf_adds(&body, "--b\r\nContent-Disposition: form-data; name=x\r\n"
	    "\r\n");
	buf_add(&body, data.data, data.len);
	buf_adds(&body, "\r\n--b--");
	for (k = 0; k < 3; k++) {
		ck_assert_int_eq(mp_run("b", body.data, body.len, chunk[k],
		    NULL, &r, NULL, NULL), 0);
		ck_assert_uint_eq(r.t.len, 7 + data.len + 5);
		ck_assert(memcmp(r.t.data + 7, data.data, data.len) == 0);
		buf_release(&r.t);
	}
	buf_release(&data);
	buf_release(&body);
}
END_TEST

START_TEST(test_multipart_feed_missing_name)
{
	static const char	*bodies[] = {
	    "--b\r\nContent-Disposition: form-data\r\n\r\nx\r\n--b--",
	    "--b\r\nContent-Disposition: form-data; name=\"\"\r\n\r\nx\r\n"
		"--b--",
	    "--b\r\nContent-Disposition: form-data; filename=f\r\n\r\nx\r\n"
		"--b--",
	    "--b\r\nContent-Type: text/plain\r\n\r\nx\r\n--b--",
	    "--b\r\n\r\nx\r\n--b--",
	};
	struct rec		 r;
	const char		*err;
	size_t			 i;

	for (i = 0; i < sizeof(bodies) / sizeof(bodies[0]); i++) {
		ck_assert_int_eq(mp_run("b", bodies[i], strlen(bodies[i]), 0,
		    NULL, &r, &err, NULL), -1);
		ck_assert_str_eq(err, "missing part name");
		buf_release(&r.t);
	}
}
END_TEST

START_TEST(test_multipart_feed_malformed_header)
{
	static const char	*bodies[] = {
	    "--b\r\nContent-Disposition: form-data; name=a\n\r\nx\r\n--b--",
	    "--b\r\nContent-Disposition: form-data; name=a\rX\r\n\r\n--b--",
	    "--b\r\nContent-Disposition: attachment; name=a\r\n\r\n\r\n--b--",
	    "--b\r\nContent-Disposition: form-data; name=\"a\r\n\r\n\r\n--b--",
	    "--b\r\nContent-Disposition: form-data; name=a; name=b\r\n\r\n"
		"\r\n--b--",
	    "--b\r\nContent-Disposition: form-data; name=a\r\n"
		"Content-Disposition: form-data; name=b\r\n\r\n\r\n--b--",
	    "--b\r\nContent-Disposition: form-data; name=a\r\n"
		"Content-Type: a\r\nContent-Type: b\r\n\r\n\r\n--b--",
	    "--b\r\nContent-Disposition: form-data; name=a b\"\r\n\r\n\r\n"
		"--b--",
	    "--b\r\nContent-Disposition: form-data; name\r\n\r\n\r\n--b--",
	    "--b\r\nContent-Disposition: form-data name=a\r\n\r\n\r\n--b--",
	    "--b\r\nContent-Disposition : form-data; name=a\r\n\r\n\r\n--b--",
	    "--b\r\nNo colon\r\n\r\n\r\n--b--",
	    "--b\r\nContent-Disposition: form-data; =x; name=a\r\n\r\n\r\n"
		"--b--",
	    "--b\r\nContent-Disposition: form-data; name=a; filename=x; "
		"Filename=y\r\n\r\n\r\n--b--",
	    "--b\r\n: x\r\n\r\n\r\n--b--",
	    "--b\r\n Content-Disposition: form-data; name=a\r\n\r\n\r\n--b--",
	};
	static const char	 nul[] =
	    "--b\r\nContent-Disposition: form-data; name=\"a\0\"\r\n\r\n--b--";
	struct rec		 r;
	const char		*err;
	size_t			 i;

	for (i = 0; i < sizeof(bodies) / sizeof(bodies[0]); i++) {
		ck_assert_msg(mp_run("b", bodies[i], strlen(bodies[i]), 0, NULL,
		    &r, &err, NULL) == -1, "accepted body %zu", i);
		ck_assert_str_eq(err, "malformed part header");
		buf_release(&r.t);
	}
	ck_assert_int_eq(mp_run("b", nul, sizeof(nul) - 1, 0, NULL, &r, &err,
	    NULL), -1);
	ck_assert_str_eq(err, "malformed part header");
	buf_release(&r.t);
}
END_TEST

START_TEST(test_multipart_feed_malformed_boundary_line)
{
	static const char	*bodies[] = {
	    "--b-x",
	    "--b\n",
	    "--b  x\r\n",
	    "--b\rx",
	    "--b\r\nContent-Disposition: form-data; name=a\r\n\r\nx\r\n--b\n",
	};
	struct rec		 r;
	const char		*err;
	size_t			 i;

	for (i = 0; i < sizeof(bodies) / sizeof(bodies[0]); i++) {
		ck_assert_int_eq(mp_run("b", bodies[i], strlen(bodies[i]), 0,
		    NULL, &r, &err, NULL), -1);
		ck_assert_str_eq(err, "malformed boundary line");
		buf_release(&r.t);
	}
	/* "--bx" is not a boundary: all preamble, then no end. */
	ck_assert_int_eq(mp_run("b", "--bx\r\n", 6, 0, NULL, &r, &err, NULL),
	    -1);
	ck_assert_str_eq(err, "unexpected end of body");
	buf_release(&r.t);
}
END_TEST

START_TEST(test_multipart_feed_header_too_big)
{
	struct mp_limits	 lim = { 4, 64 };
	struct buf		 body;
	struct rec		 r;
	const char		*err;
	int			 toobig;
	size_t			 i;

	/* The header block is 49 bytes without its CRs: fits in 64. */
	buf_init(&body, 0);
	buf_adds(&body, "--b\r\nContent-Disposition: form-data; name=aaaaaa\r\n"
	    "X: 1\r\n\r\nv\r\n--b--");
	ck_assert_int_eq(mp_run("b", body.data, body.len, 1, &lim, &r, &err,
	    &toobig), 0);
	buf_release(&r.t);
	buf_reset(&body);
	buf_adds(&body, "--b\r\nContent-Disposition: form-data; name=a\r\n");
	for (i = 0; i < 100000; i++)
		buf_adds(&body, "X-Pad: 0123456789\r\n");
	buf_adds(&body, "\r\nv\r\n--b--");
	for (i = 0; i < 3; i++) {
		ck_assert_int_eq(mp_run("b", body.data, body.len, chunks[i],
		    &lim, &r, &err, &toobig), -1);
		ck_assert_str_eq(err, "part header too large");
		ck_assert_int_eq(toobig, 1);
		ck_assert_str_eq(r.t.data, "");
		buf_release(&r.t);
	}
	buf_release(&body);
}
END_TEST

START_TEST(test_multipart_feed_max_parts)
{
	struct mp_limits	 lim = { 2, 1024 };
	static const char	 part[] =
	    "--b\r\nContent-Disposition: form-data; name=p\r\n\r\nx\r\n";
	struct buf		 body;
	struct rec		 r;
	const char		*err;
	int			 toobig;

	buf_init(&body, 0);
	buf_adds(&body, part);
	buf_adds(&body, part);
	buf_adds(&body, "--b--");
	ck_assert_int_eq(mp_run("b", body.data, body.len, 7, &lim, &r, &err,
	    &toobig), 0);
	buf_release(&r.t);
	buf_reset(&body);
	buf_adds(&body, part);
	buf_adds(&body, part);
	buf_adds(&body, part);
	buf_adds(&body, "--b--");
	ck_assert_int_eq(mp_run("b", body.data, body.len, 7, &lim, &r, &err,
	    &toobig), -1);
	ck_assert_str_eq(err, "too many parts");
	ck_assert_int_eq(toobig, 1);
	ck_assert_str_eq(r.t.data, "[p|-|-]x<end>[p|-|-]x<end>");
	buf_release(&r.t);
	buf_release(&body);
}
END_TEST

START_TEST(test_multipart_feed_abort)
{
	struct multipart	*mp;
	struct rec		 r;
	int			 at;

	for (at = 1; at <= 3; at++) {
		buf_init(&r.t, 0);
		r.calls = 0;
		r.fail_at = at;
		mp = multipart_new("XyZ", 3, &def_lim, &rec_cb, &r);
		ck_assert_int_eq(multipart_feed(mp, basic_body,
		    sizeof(basic_body) - 1), -1);
		ck_assert_str_eq(multipart_error(mp), "aborted");
		ck_assert_int_eq(multipart_toobig(mp), 0);
		/* Once failed, it stays failed. */
		ck_assert_int_eq(multipart_feed(mp, "x", 1), -1);
		ck_assert_int_eq(multipart_feed(mp, "", 0), -1);
		ck_assert_int_eq(multipart_finish(mp), -1);
		ck_assert_str_eq(multipart_error(mp), "aborted");
		multipart_free(mp);
		buf_release(&r.t);
	}
}
END_TEST

/* Every proper prefix of a valid body fails at finish, fed in any way. */
START_TEST(test_multipart_finish_truncated)
{
	struct rec	 r;
	const char	*err;
	size_t		 i, full;

	full = strstr(basic_body, "--XyZ--") + 7 - basic_body;
	for (i = 0; i < full; i++) {
		ck_assert_int_eq(mp_run("XyZ", basic_body, i, 0, NULL, &r,
		    &err, NULL), -1);
		ck_assert_msg(strcmp(err, "unexpected end of body") == 0,
		    "prefix %zu: %s", i, err);
		buf_release(&r.t);
		ck_assert_int_eq(mp_run("XyZ", basic_body, i, 1, NULL, &r,
		    &err, NULL), -1);
		buf_release(&r.t);
	}
	ck_assert_int_eq(mp_run("XyZ", basic_body, full, 1, NULL, &r, &err,
	    NULL), 0);
	buf_release(&r.t);
	ck_assert_int_eq(mp_run("XyZ", "", 0, 0, NULL, &r, &err, NULL), -1);
	buf_release(&r.t);
}
END_TEST

/* form */

static char	 spooldir[64];

static void
spool_setup(void)
{
	arena_setup();
	snprintf(spooldir, sizeof(spooldir), "/tmp/check_http.XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(spooldir));
}

static size_t
dir_entries(const char *dir)
{
	DIR		*d;
	struct dirent	*de;
	size_t		 n = 0;

	if ((d = opendir(dir)) == NULL)
		return (size_t)-1;
	while ((de = readdir(d)) != NULL)
		if (strcmp(de->d_name, ".") != 0 &&
		    strcmp(de->d_name, "..") != 0)
			n++;
	closedir(d);
	return n;
}

static void
spool_teardown(void)
{
	DIR		*d;
	struct dirent	*de;
	char		 path[PATH_MAX + 64];

	if ((d = opendir(spooldir)) != NULL) {
		while ((de = readdir(d)) != NULL) {
			if (de->d_name[0] == '.')
				continue;
			snprintf(path, sizeof(path), "%s/%s", spooldir,
			    de->d_name);
			unlink(path);
		}
		closedir(d);
	}
	rmdir(spooldir);
	arena_teardown();
}

/* Reads a memory body in pieces of at most step bytes; fails at fail_at. */
struct memrd {
	const char	*p;
	size_t		 len, off, step, fail_at;
};

static long
mem_read(void *ctx, char *buf, size_t n)
{
	struct memrd	*m = ctx;

	if (m->fail_at && m->off >= m->fail_at)
		return -1;
	if (n > m->step)
		n = m->step;
	if (n > m->len - m->off)
		n = m->len - m->off;
	memcpy(buf, m->p + m->off, n);
	m->off += n;
	return (long)n;
}

static struct form_limits
test_limits(void)
{
	struct form_limits	 lim;

	lim.max_fields = 8;
	lim.max_field_size = 64;
	lim.max_files = 4;
	lim.max_file_size = 1024;
	lim.spool_dir = spooldir;
	return lim;
}

#define CT	"multipart/form-data; boundary=zz"

static const char form_body[] =
	"--zz\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n1\r\n"
	"--zz\r\nContent-Disposition: form-data; name=\"f\"; filename=\"x.txt\""
	"\r\nContent-Type: text/plain\r\n\r\nabc\r\n"
	"--zz\r\nContent-Disposition: form-data; name=\"b\"\r\n\r\n"
	"two\r\nlines\r\n"
	"--zz\r\nContent-Disposition: form-data; name=\"g\"; filename=\"\""
	"\r\n\r\n\r\n"
	"--zz--\r\n";

START_TEST(test_form_read_multipart_basic)
{
	struct form_limits	 lim = test_limits();
	struct memrd		 m = { form_body, sizeof(form_body) - 1,
	    0, 5, 0 };
	struct form		 f;
	const char		*err = "x";
	char			 got[8];
	struct stat		 st;
	int			 fd;

	ck_assert_int_eq(form_read_multipart(&arena, CT, mem_read, &m, &lim,
	    &f, &err), FORM_OK);
	ck_assert_ptr_null(err);
	ck_assert_uint_eq(f.fields.n, 2);
	ck_assert_str_eq(kv_get(&f.fields, "a"), "1");
	ck_assert_str_eq(kv_get(&f.fields, "b"), "two\r\nlines");
	ck_assert_uint_eq(f.fields.v[1].vlen, 10);
	ck_assert_uint_eq(f.nfiles, 2);
	ck_assert_str_eq(f.files[0].field, "f");
	ck_assert_str_eq(f.files[0].filename, "x.txt");
	ck_assert_str_eq(f.files[0].content_type, "text/plain");
	ck_assert_int_eq(f.files[0].spool.size, 3);
	ck_assert_str_eq(f.files[0].spool.digests.sha256,
	    "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
	ck_assert_str_eq(f.files[0].spool.digests.md5,
	    "900150983cd24fb0d6963f7d28e17f72");
	fd = open(f.files[0].spool.path, O_RDONLY);
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(read(fd, got, sizeof(got)), 3);
	ck_assert(memcmp(got, "abc", 3) == 0);
	close(fd);
	ck_assert_str_eq(f.files[1].field, "g");
	ck_assert_str_eq(f.files[1].filename, "");
	ck_assert_ptr_null(f.files[1].content_type);
	ck_assert_int_eq(f.files[1].spool.size, 0);
	ck_assert_int_eq(stat(f.files[1].spool.path, &st), 0);
	ck_assert_uint_eq(dir_entries(spooldir), 2);
	form_release(&f);
	ck_assert_uint_eq(dir_entries(spooldir), 0);
	form_release(&f);
}
END_TEST

/*
 * Generates a multipart body with one file part of size bytes, a few bytes
 * at a time, hashing the file's bytes as it goes: the body never exists in
 * memory as a whole.
 */
struct genrd {
	const char	*head, *tail;
	size_t		 hlen, tlen;
	uint64_t	 size;		/* file bytes */
	uint64_t	 pos;		/* over head, file, tail */
	uint64_t	 stop;		/* end the body here, 0: never */
	uint32_t	 x;
	struct hasher	*h;
	unsigned	 calls;
};

static long
gen_read(void *ctx, char *buf, size_t n)
{
	struct genrd	*g = ctx;
	uint64_t	 total = g->hlen + g->size + g->tlen, fpos;
	size_t		 i = 0, fstart = 0, fn = 0;

	if (g->calls++ % 3 == 1 && n > 1000)
		n = 1000;	/* short reads now and then */
	while (i < n && g->pos < total && (g->stop == 0 || g->pos < g->stop)) {
		if (g->pos < g->hlen)
			buf[i] = g->head[g->pos];
		else if (g->pos < g->hlen + g->size) {
			fpos = g->pos - g->hlen;
			/* Near-delimiters every 4099 bytes, noise elsewhere. */
			if (fpos % 4099 < 6)
				buf[i] = "\r\n--z\r"[fpos % 4099];
			else {
				g->x ^= g->x << 13;
				g->x ^= g->x >> 17;
				g->x ^= g->x << 5;
				buf[i] = (char)(g->x >> 11);
			}
			if (fn++ == 0)
				fstart = i;
		} else
			buf[i] = g->tail[g->pos - g->hlen - g->size];
		i++;
		g->pos++;
	}
	if (fn > 0)
		hasher_update(g->h, buf + fstart, fn);
	return (long)i;
}

START_TEST(test_form_read_multipart_50mb)
{
	struct form_limits	 lim = test_limits();
	struct genrd		 g;
	struct form		 f;
	struct digests		 d;
	const char		*err;
	struct stat		 st;

	memset(&g, 0, sizeof(g));
	g.head = "--zz\r\nContent-Disposition: form-data; name=\"pkg\"; "
	    "filename=\"big.tgz\"\r\n\r\n";
	g.hlen = strlen(g.head);
	g.tail = "\r\n--zz\r\nContent-Disposition: form-data; name=\"v\"\r\n"
	    "\r\n1.0\r\n--zz--\r\n";
	g.tlen = strlen(g.tail);
	g.size = (uint64_t)50 * 1024 * 1024;
	g.x = 2463534242u;
	g.h = hasher_new();
	lim.max_file_size = 64 * 1024 * 1024;
	ck_assert_int_eq(form_read_multipart(&arena, CT, gen_read, &g, &lim,
	    &f, &err), FORM_OK);
	ck_assert_int_eq(hasher_final(g.h, &d), 0);
	hasher_free(g.h);
	ck_assert_uint_eq(f.nfiles, 1);
	ck_assert_int_eq(f.files[0].spool.size, (off_t)g.size);
	ck_assert_int_eq(stat(f.files[0].spool.path, &st), 0);
	ck_assert_int_eq(st.st_size, (off_t)g.size);
	ck_assert_str_eq(f.files[0].spool.digests.sha256, d.sha256);
	ck_assert_str_eq(f.files[0].spool.digests.sha512, d.sha512);
	ck_assert_str_eq(kv_get(&f.fields, "v"), "1.0");
	/* Streamed: the arena holds names, not the file. */
	ck_assert_uint_lt(arena.used, 64 * 1024);
	form_release(&f);
	ck_assert_uint_eq(dir_entries(spooldir), 0);
}
END_TEST

/* More parts than the arrays start with: they grow, spools survive. */
START_TEST(test_form_read_multipart_many)
{
	struct form_limits	 lim = test_limits();
	struct buf		 body;
	struct memrd		 m;
	struct form		 f;
	const char		*err;
	char			 key[16];
	int			 i;

	buf_init(&body, 0);
	for (i = 0; i < 20; i++) {
		buf_printf(&body, "--zz\r\nContent-Disposition: form-data; "
		    "name=\"k%d\"\r\n\r\nv%d\r\n", i, i);
		buf_printf(&body, "--zz\r\nContent-Disposition: form-data; "
		    "name=\"f%d\"; filename=\"f%d\"\r\n\r\n%*s\r\n", i, i,
		    i, "");
	}
	buf_adds(&body, "--zz--");
	memset(&m, 0, sizeof(m));
	m.p = body.data;
	m.len = body.len;
	m.step = 33;
	lim.max_fields = 20;
	lim.max_files = 20;
	ck_assert_int_eq(form_read_multipart(&arena, CT, mem_read, &m, &lim,
	    &f, &err), FORM_OK);
	ck_assert_uint_eq(f.fields.n, 20);
	ck_assert_uint_eq(f.nfiles, 20);
	for (i = 0; i < 20; i++) {
		snprintf(key, sizeof(key), "k%d", i);
		ck_assert_str_eq(f.fields.v[i].key, key);
		snprintf(key, sizeof(key), "v%d", i);
		ck_assert_str_eq(f.fields.v[i].val, key);
		snprintf(key, sizeof(key), "f%d", i);
		ck_assert_str_eq(f.files[i].filename, key);
		ck_assert_int_eq(f.files[i].spool.size, i);
		ck_assert_int_ge(f.files[i].spool.fd, 0);
		ck_assert_str_eq(f.files[i].spool.digests.sha256, i == 0 ?
		    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b"
		    "7852b855" : f.files[i].spool.digests.sha256);
	}
	ck_assert_uint_eq(dir_entries(spooldir), 20);
	form_release(&f);
	ck_assert_uint_eq(dir_entries(spooldir), 0);

	/* One file too many: every spool made so far goes. */
	lim.max_files = 19;
	m.off = 0;
	ck_assert_int_eq(form_read_multipart(&arena, CT, mem_read, &m, &lim,
	    &f, &err), FORM_TOOBIG);
	ck_assert_uint_eq(dir_entries(spooldir), 0);
	buf_release(&body);
}
END_TEST

START_TEST(test_form_read_multipart_truncated)
{
	struct form_limits	 lim = test_limits();
	struct memrd		 m;
	struct form		 f;
	const char		*err;
	const char		*cut;
	struct genrd		 g;

	/* Cut inside the empty file part, after two spools exist. */
	cut = strstr(form_body, "--zz--") - 2;
	memset(&m, 0, sizeof(m));
	m.p = form_body;
	m.len = (size_t)(cut - form_body);
	m.step = 7;
	ck_assert_int_eq(form_read_multipart(&arena, CT, mem_read, &m, &lim,
	    &f, &err), FORM_BAD);
	ck_assert_str_eq(err, "unexpected end of body");
	ck_assert_uint_eq(f.nfiles, 0);
	ck_assert_uint_eq(f.fields.n, 0);
	ck_assert_uint_eq(dir_entries(spooldir), 0);

	/* A big file cut in its middle. */
	memset(&g, 0, sizeof(g));
	g.head = "--zz\r\nContent-Disposition: form-data; name=\"pkg\"; "
	    "filename=\"big.tgz\"\r\n\r\n";
	g.hlen = strlen(g.head);
	g.tail = "\r\n--zz--\r\n";
	g.tlen = strlen(g.tail);
	g.size = 3 * 1024 * 1024;
	g.stop = 1024 * 1024;
	g.x = 1;
	g.h = hasher_new();
	lim.max_file_size = 64 * 1024 * 1024;
	ck_assert_int_eq(form_read_multipart(&arena, CT, gen_read, &g, &lim,
	    &f, &err), FORM_BAD);
	hasher_free(g.h);
	ck_assert_uint_eq(dir_entries(spooldir), 0);
}
END_TEST

START_TEST(test_form_read_multipart_read_error)
{
	struct form_limits	 lim = test_limits();
	struct memrd		 m = { form_body, sizeof(form_body) - 1,
	    0, 9, sizeof(form_body) - 20 };
	struct form		 f;
	const char		*err;

	ck_assert_int_eq(form_read_multipart(&arena, CT, mem_read, &m, &lim,
	    &f, &err), FORM_IO);
	ck_assert_str_eq(err, "cannot read body");
	ck_assert_uint_eq(f.nfiles, 0);
	ck_assert_uint_eq(dir_entries(spooldir), 0);
}
END_TEST

START_TEST(test_form_read_multipart_limits)
{
	struct form_limits	 lim;
	struct memrd		 m;
	struct form		 f;
	const char		*err;

	memset(&m, 0, sizeof(m));
	m.p = form_body;
	m.len = sizeof(form_body) - 1;
	m.step = 64 * 1024;

	lim = test_limits();
	lim.max_file_size = 2;
	m.off = 0;
	ck_assert_int_eq(form_read_multipart(&arena, CT, mem_read, &m, &lim,
	    &f, &err), FORM_TOOBIG);
	ck_assert_str_eq(err, "file too large");
	ck_assert_uint_eq(dir_entries(spooldir), 0);

	lim = test_limits();
	lim.max_file_size = 0;
	m.off = 0;
	ck_assert_int_eq(form_read_multipart(&arena, CT, mem_read, &m, &lim,
	    &f, &err), FORM_TOOBIG);

	lim = test_limits();
	lim.max_files = 1;
	m.off = 0;
	ck_assert_int_eq(form_read_multipart(&arena, CT, mem_read, &m, &lim,
	    &f, &err), FORM_TOOBIG);
	ck_assert_str_eq(err, "too many files");
	ck_assert_uint_eq(dir_entries(spooldir), 0);

	lim = test_limits();
	lim.max_fields = 1;
	m.off = 0;
	ck_assert_int_eq(form_read_multipart(&arena, CT, mem_read, &m, &lim,
	    &f, &err), FORM_TOOBIG);
	ck_assert_str_eq(err, "too many fields");
	ck_assert_uint_eq(dir_entries(spooldir), 0);

	lim = test_limits();
	lim.max_field_size = 9;
	m.off = 0;
	ck_assert_int_eq(form_read_multipart(&arena, CT, mem_read, &m, &lim,
	    &f, &err), FORM_TOOBIG);
	ck_assert_str_eq(err, "field too large");
	ck_assert_uint_eq(dir_entries(spooldir), 0);

	/* Exactly at the limits passes. */
	lim = test_limits();
	lim.max_field_size = 10;
	lim.max_fields = 2;
	lim.max_files = 2;
	lim.max_file_size = 3;
	m.off = 0;
	ck_assert_int_eq(form_read_multipart(&arena, CT, mem_read, &m, &lim,
	    &f, &err), FORM_OK);
	form_release(&f);
	ck_assert_uint_eq(dir_entries(spooldir), 0);
}
END_TEST

START_TEST(test_form_read_multipart_bad)
{
	static const char	 nul[] =
	    "--zz\r\nContent-Disposition: form-data; name=a\r\n\r\nx\0y\r\n"
	    "--zz--";
	static const char	 noname[] =
	    "--zz\r\nContent-Disposition: form-data; filename=a\r\n\r\nx\r\n"
	    "--zz--";
	struct form_limits	 lim = test_limits();
	struct memrd		 m;
	struct form		 f;
	const char		*err;

	memset(&m, 0, sizeof(m));
	m.p = form_body;
	m.len = sizeof(form_body) - 1;
	m.step = 100;
	ck_assert_int_eq(form_read_multipart(&arena, "text/plain", mem_read,
	    &m, &lim, &f, &err), FORM_BAD);
	ck_assert_str_eq(err, "bad multipart content type");
	ck_assert_int_eq(form_read_multipart(&arena, NULL, mem_read,
	    &m, &lim, &f, &err), FORM_BAD);
	m.p = nul;
	m.len = sizeof(nul) - 1;
	m.off = 0;
	ck_assert_int_eq(form_read_multipart(&arena, CT, mem_read, &m, &lim,
	    &f, &err), FORM_BAD);
	m.p = noname;
	m.len = sizeof(noname) - 1;
	m.off = 0;
	ck_assert_int_eq(form_read_multipart(&arena, CT, mem_read, &m, &lim,
	    &f, &err), FORM_BAD);
	ck_assert_str_eq(err, "missing part name");
	ck_assert_uint_eq(dir_entries(spooldir), 0);
	/* Spool directory missing: 500. */
	lim.spool_dir = "/nonexistent/depot-spool";
	m.p = form_body;
	m.len = sizeof(form_body) - 1;
	m.off = 0;
	ck_assert_int_eq(form_read_multipart(&arena, CT, mem_read, &m, &lim,
	    &f, &err), FORM_IO);
	ck_assert_uint_eq(dir_entries(spooldir), 0);
}
END_TEST

START_TEST(test_form_read_urlencoded_basic)
{
	static const char	 body[] = "a=1&b=hello+world&c=%2F";
	struct memrd		 m = { body, sizeof(body) - 1, 0, 3, 0 };
	struct form		 f;
	const char		*err = "x";

	ck_assert_int_eq(form_read_urlencoded(&arena, mem_read, &m,
	    sizeof(body) - 1, 3, &f, &err), FORM_OK);
	ck_assert_ptr_null(err);
	ck_assert_uint_eq(f.fields.n, 3);
	ck_assert_str_eq(kv_get(&f.fields, "b"), "hello world");
	ck_assert_str_eq(kv_get(&f.fields, "c"), "/");
	ck_assert_uint_eq(f.nfiles, 0);
	m.len = 0;
	m.off = 0;
	ck_assert_int_eq(form_read_urlencoded(&arena, mem_read, &m, 0, 0, &f,
	    &err), FORM_OK);
	ck_assert_uint_eq(f.fields.n, 0);
}
END_TEST

START_TEST(test_form_read_urlencoded_limits)
{
	static const char	 body[] = "a=1&b=2&c=%zz";
	struct memrd		 m = { body, 7, 0, 64 * 1024, 0 };
	struct form		 f;
	const char		*err;

	ck_assert_int_eq(form_read_urlencoded(&arena, mem_read, &m, 6, 10,
	    &f, &err), FORM_TOOBIG);
	ck_assert_str_eq(err, "body too large");
	ck_assert_uint_le(m.off, 7);
	m.off = 0;
	ck_assert_int_eq(form_read_urlencoded(&arena, mem_read, &m, 7, 1,
	    &f, &err), FORM_TOOBIG);
	ck_assert_str_eq(err, "too many fields");
	m.off = 0;
	m.len = sizeof(body) - 1;
	ck_assert_int_eq(form_read_urlencoded(&arena, mem_read, &m, 100, 10,
	    &f, &err), FORM_BAD);
	m.off = 0;
	m.fail_at = 2;
	m.step = 2;
	ck_assert_int_eq(form_read_urlencoded(&arena, mem_read, &m, 100, 10,
	    &f, &err), FORM_IO);
}
END_TEST

static Suite *
http_suite(void)
{
	Suite	*s = suite_create("http");
	TCase	*tc;

	tc = tcase_create("kv_get");
	tcase_add_test(tc, test_kv_kv_get_first);
	suite_add_tcase(s, tc);

	tc = tcase_create("url_decode");
	tcase_add_checked_fixture(tc, arena_setup, arena_teardown);
	tcase_add_test(tc, test_query_url_decode_basic);
	tcase_add_test(tc, test_query_url_decode_bad_escape);
	tcase_add_test(tc, test_query_url_decode_nul);
	suite_add_tcase(s, tc);
	tc = tcase_create("query_parse");
	tcase_add_checked_fixture(tc, arena_setup, arena_teardown);
	tcase_add_test(tc, test_query_query_parse_basic);
	tcase_add_test(tc, test_query_query_parse_empty);
	tcase_add_test(tc, test_query_query_parse_max_fields);
	tcase_add_test(tc, test_query_query_parse_bad_escape);
	tcase_add_test(tc, test_query_query_parse_bounded);
	suite_add_tcase(s, tc);
	tc = tcase_create("url_encode");
	tcase_add_checked_fixture(tc, arena_setup, arena_teardown);
	tcase_add_test(tc, test_query_url_encode_basic);
	suite_add_tcase(s, tc);

	tc = tcase_create("cookie_parse");
	tcase_add_checked_fixture(tc, arena_setup, arena_teardown);
	tcase_add_test(tc, test_cookie_cookie_parse_basic);
	tcase_add_test(tc, test_cookie_cookie_parse_quotes);
	tcase_add_test(tc, test_cookie_cookie_parse_skip);
	tcase_add_test(tc, test_cookie_cookie_parse_max);
	suite_add_tcase(s, tc);

	tc = tcase_create("multipart_boundary");
	tcase_add_test(tc, test_multipart_boundary_parse);
	tcase_add_test(tc, test_multipart_boundary_reject);
	suite_add_tcase(s, tc);
	tc = tcase_create("multipart_new");
	tcase_add_test(tc, test_multipart_new_bad_boundary);
	suite_add_tcase(s, tc);
	tc = tcase_create("multipart_feed");
	tcase_add_test(tc, test_multipart_feed_basic);
	tcase_add_test(tc, test_multipart_feed_split_anywhere);
	tcase_add_test(tc, test_multipart_feed_no_preamble);
	tcase_add_test(tc, test_multipart_feed_padding);
	tcase_add_test(tc, test_multipart_feed_quoted_filename);
	tcase_add_test(tc, test_multipart_feed_folded_header);
	tcase_add_test(tc, test_multipart_feed_binary);
	tcase_add_test(tc, test_multipart_feed_long_run);
	tcase_add_test(tc, test_multipart_feed_overlapping_boundary);
	tcase_add_test(tc, test_multipart_feed_missing_name);
	tcase_add_test(tc, test_multipart_feed_malformed_header);
	tcase_add_test(tc, test_multipart_feed_malformed_boundary_line);
	tcase_add_test(tc, test_multipart_feed_header_too_big);
	tcase_add_test(tc, test_multipart_feed_max_parts);
	tcase_add_test(tc, test_multipart_feed_abort);
	suite_add_tcase(s, tc);
	tc = tcase_create("multipart_finish");
	tcase_add_test(tc, test_multipart_finish_truncated);
	suite_add_tcase(s, tc);

	tc = tcase_create("form_read_multipart");
	tcase_add_checked_fixture(tc, spool_setup, spool_teardown);
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, test_form_read_multipart_basic);
	tcase_add_test(tc, test_form_read_multipart_50mb);
	tcase_add_test(tc, test_form_read_multipart_many);
	tcase_add_test(tc, test_form_read_multipart_truncated);
	tcase_add_test(tc, test_form_read_multipart_read_error);
	tcase_add_test(tc, test_form_read_multipart_limits);
	tcase_add_test(tc, test_form_read_multipart_bad);
	suite_add_tcase(s, tc);
	tc = tcase_create("form_read_urlencoded");
	tcase_add_checked_fixture(tc, arena_setup, arena_teardown);
	tcase_add_test(tc, test_form_read_urlencoded_basic);
	tcase_add_test(tc, test_form_read_urlencoded_limits);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner	*sr = srunner_create(http_suite());
	int	 failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
