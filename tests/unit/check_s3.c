/* check_s3.c: unit tests for SigV4 signing, presigned URLs, the S3 XML
 * answer parser and the S3 request builder (no network) */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "storage/s3.h"
#include "storage/s3_req.h"
#include "storage/s3_xml.h"
#include "storage/sigv4.h"
#include "util/arena.h"
#include "util/buf.h"
#include "util/digest.h"

static struct arena	 a;

static void
setup(void)
{
	arena_init(&a, 64 << 20);
}

static void
teardown(void)
{
	arena_release(&a);
}

static void
sha256_hex(const char *s, char out[65])
{
	unsigned char	 md[32];

	digest_sha256(s, strlen(s), md);
	hex_encode(md, 32, out);
}

/* ---------------------------------------------------------------- sigv4 */

/* AWS SigV4 test suite credentials (docs, "get-vanilla" and friends). */
static void
suite_creds(struct sigv4 *s)
{
	memset(s, 0, sizeof(*s));
	s->access_key_id = "AKIDEXAMPLE";
	s->secret = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
	s->region = "us-east-1";
	s->service = "service";
	snprintf(s->amz_date, sizeof(s->amz_date), "20150830T123600Z");
}

/* Credentials of the S3 documentation examples (sig-v4-header-based-auth). */
static void
s3doc_creds(struct sigv4 *s)
{
	memset(s, 0, sizeof(*s));
	s->access_key_id = "AKIAIOSFODNN7EXAMPLE";
	s->secret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
	s->region = "us-east-1";
	s->service = "s3";
	snprintf(s->amz_date, sizeof(s->amz_date), "20130524T000000Z");
}

/* Canonical request, string to sign and signature of one request. */
static void
sign(const struct sigv4 *s, const char *method, const char *uri,
    const char *query, const struct sigv4_header *h, size_t nh,
    const char *payload, struct buf *creq, struct buf *sts,
    struct buf *names, char sig[65])
{
	ck_assert_int_eq(sigv4_canonical_request(creq, method, uri, query, h,
	    nh, payload, names), 0);
	ck_assert_int_eq(sigv4_string_to_sign(sts, s, creq->data), 0);
	ck_assert_int_eq(sigv4_signature(s, sts->data, sig), 0);
}

START_TEST(test_sigv4_sign_get_vanilla)
{
	struct sigv4		 s;
	struct sigv4_header	 h[2] = {
		/* Out of order on purpose: the signer sorts. */
		{ "x-amz-date", "20150830T123600Z" },
		{ "host", "example.amazonaws.com" },
	};
	struct buf		 creq, sts, names;
	char			 sig[65];

	suite_creds(&s);
	buf_init(&creq, 0);
	buf_init(&sts, 0);
	buf_init(&names, 0);
	sign(&s, "GET", "/", "", h, 2, S3_EMPTY_SHA256, &creq, &sts, &names,
	    sig);
	ck_assert_str_eq(creq.data, "GET\n/\n\n"
	    "host:example.amazonaws.com\nx-amz-date:20150830T123600Z\n\n"
	    "host;x-amz-date\n" S3_EMPTY_SHA256);
	ck_assert_str_eq(names.data, "host;x-amz-date");
	ck_assert_str_eq(sts.data, "AWS4-HMAC-SHA256\n20150830T123600Z\n"
	    "20150830/us-east-1/service/aws4_request\n"
	    "bb579772317eb040ac9ed261061d46c1f17a8133879d6129b6e1c25292927e63");
	ck_assert_str_eq(sig,
	    "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31");
	buf_release(&creq);
	buf_release(&sts);
	buf_release(&names);
}
END_TEST

START_TEST(test_sigv4_sign_query_order)
{
	struct sigv4		 s;
	struct sigv4_header	 h[2] = {
		{ "host", "example.amazonaws.com" },
		{ "x-amz-date", "20150830T123600Z" },
	};
	struct buf		 creq, sts;
	char			 sig[65];

	/* get-vanilla-query-order-key-case: the query, sorted. */
	suite_creds(&s);
	buf_init(&creq, 0);
	buf_init(&sts, 0);
	sign(&s, "GET", "/", "Param1=value1&Param2=value2", h, 2,
	    S3_EMPTY_SHA256, &creq, &sts, NULL, sig);
	ck_assert_str_eq(sig,
	    "b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500");
	buf_release(&creq);
	buf_release(&sts);
}
END_TEST

START_TEST(test_sigv4_sign_s3_get_range)
{
	struct sigv4		 s;
	struct sigv4_header	 h[4] = {
		{ "host", "examplebucket.s3.amazonaws.com" },
		{ "range", "bytes=0-9" },
		{ "x-amz-content-sha256", S3_EMPTY_SHA256 },
		{ "x-amz-date", "20130524T000000Z" },
	};
	struct buf		 creq, sts, names;
	char			 sig[65];

	s3doc_creds(&s);
	buf_init(&creq, 0);
	buf_init(&sts, 0);
	buf_init(&names, 0);
	sign(&s, "GET", "/test.txt", "", h, 4, S3_EMPTY_SHA256, &creq, &sts,
	    &names, sig);
	ck_assert_str_eq(names.data,
	    "host;range;x-amz-content-sha256;x-amz-date");
	ck_assert_str_eq(sts.data, "AWS4-HMAC-SHA256\n20130524T000000Z\n"
	    "20130524/us-east-1/s3/aws4_request\n"
	    "7344ae5b7ee6c3e7e6b0fe0640412a37625d1fbfff95c48bbb2dc43964946972");
	ck_assert_str_eq(sig,
	    "f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41");
	buf_release(&creq);
	buf_release(&sts);
	buf_release(&names);
}
END_TEST

START_TEST(test_sigv4_sign_s3_put_escaped_key)
{
	struct sigv4		 s;
	struct sigv4_header	 h[5] = {
		{ "date", "Fri, 24 May 2013 00:00:00 GMT" },
		{ "host", "examplebucket.s3.amazonaws.com" },
		{ "x-amz-content-sha256", NULL },
		{ "x-amz-date", "20130524T000000Z" },
		{ "x-amz-storage-class", "REDUCED_REDUNDANCY" },
	};
	struct buf		 uri, creq, sts;
	char			 sig[65], body[65];

	s3doc_creds(&s);
	sha256_hex("Welcome to Amazon S3.", body);
	ck_assert_str_eq(body, "44ce7dd67c959e0d3524ffac1771dfbba87d2b6b"
	    "4b4e99e42034a8b803f8b072");
	h[2].value = body;
	buf_init(&uri, 0);
	buf_init(&creq, 0);
	buf_init(&sts, 0);
	ck_assert_int_eq(buf_addch(&uri, '/'), 0);
	ck_assert_int_eq(sigv4_uri_encode(&uri, "test$file.text", 1), 0);
	ck_assert_str_eq(uri.data, "/test%24file.text");
	sign(&s, "PUT", uri.data, "", h, 5, body, &creq, &sts, NULL, sig);
	ck_assert_str_eq(sig,
	    "98ad721746da40c64f1a55b78f14c238d841ea1380cd77a1b5971af0ece108bd");
	buf_release(&uri);
	buf_release(&creq);
	buf_release(&sts);
}
END_TEST

START_TEST(test_sigv4_uri_encode_rules)
{
	struct buf	 b;

	buf_init(&b, 0);
	ck_assert_int_eq(sigv4_uri_encode(&b, "a-Z_0.~/b c+%\xe1\x88\xb4", 1),
	    0);
	ck_assert_str_eq(b.data, "a-Z_0.~/b%20c%2B%25%E1%88%B4");
	buf_reset(&b);
	ck_assert_int_eq(sigv4_uri_encode(&b, "AKID/20130524/x", 0), 0);
	ck_assert_str_eq(b.data, "AKID%2F20130524%2Fx");
	buf_release(&b);
}
END_TEST

START_TEST(test_sigv4_presign_aws_example)
{
	struct sigv4	 s;
	struct buf	 url;

	/* "Authenticating Requests: Using Query Parameters", GET example. */
	s3doc_creds(&s);
	buf_init(&url, 0);
	ck_assert_int_eq(sigv4_presign(&url, &s, "GET", "https",
	    "examplebucket.s3.amazonaws.com", "/test.txt", 86400, NULL), 0);
	ck_assert_str_eq(url.data, "https://examplebucket.s3.amazonaws.com/"
	    "test.txt?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential="
	    "AKIAIOSFODNN7EXAMPLE%2F20130524%2Fus-east-1%2Fs3%2Faws4_request"
	    "&X-Amz-Date=20130524T000000Z&X-Amz-Expires=86400"
	    "&X-Amz-SignedHeaders=host&X-Amz-Signature="
	    "aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404");
	buf_release(&url);
}
END_TEST

START_TEST(test_sigv4_set_time_format)
{
	struct sigv4	 s;

	sigv4_set_time(&s, (time_t)1369353600);	/* 2013-05-24 00:00:00 */
	ck_assert_str_eq(s.amz_date, "20130524T000000Z");
}
END_TEST

/* ---------------------------------------------------------------- locate */

static struct storage *
test_backend(const char *proxy, int path_style, long ttl)
{
	struct s3_conf	 c;
	struct storage	*st;
	char		 err[256];

	memset(&c, 0, sizeof(c));
	c.label = "storage link 'test'";
	c.endpoint = "http://127.0.0.1:9000";
	c.region = "us-east-1";
	c.bucket = "depot";
	c.prefix = "org/";
	c.path_style = path_style;
	c.access_key_id = "AKIAIOSFODNN7EXAMPLE";
	c.secret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
	c.multipart_threshold = 64 << 20;
	c.part_size = 16 << 20;
	c.presign_ttl = ttl;
	c.proxy_location = proxy;
	c.timeout = 5;
	st = storage_s3_new(&c, "/tmp", err, sizeof(err));
	ck_assert_msg(st != NULL, "storage_s3_new: %s", err);
	return st;
}

#define SHA "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"

START_TEST(test_s3_locate_presigned_stable)
{
	struct storage	*st = test_backend("", 1, 3600);
	enum blob_send	 how;
	char		*u1, *u2, *d;
	const char	*pfx = "http://127.0.0.1:9000/depot/org/sha256/" SHA
	    "?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential="
	    "AKIAIOSFODNN7EXAMPLE%2F";

	ck_assert(storage_is_s3(st));
	ck_assert_int_eq(storage_locate(st, &a, SHA, &how, &u1), 0);
	ck_assert_int_eq(how, BS_REDIRECT);
	ck_assert_int_eq(storage_locate(st, &a, SHA, &how, &u2), 0);
	/* Same window, same URL (a cache keyed on URLs keeps working). */
	ck_assert_str_eq(u1, u2);
	ck_assert_msg(strncmp(u1, pfx, strlen(pfx)) == 0, "%s", u1);
	ck_assert_ptr_nonnull(strstr(u1, "&X-Amz-Expires=7200&"));
	ck_assert_ptr_nonnull(strstr(u1, "&X-Amz-Signature="));
	ck_assert_ptr_null(strstr(u1, "wJalr"));	/* no secret */
	/* The date is the start of the current hour-long window. */
	ck_assert_ptr_nonnull(d = strstr(u1, "X-Amz-Date="));
	ck_assert_int_eq(strncmp(d + 11 + 11, "0000Z&", 6), 0);
	storage_free(st);
}
END_TEST

START_TEST(test_s3_locate_proxy_and_virtual_host)
{
	struct storage	*st = test_backend("/_s3/", 0, 300);
	enum blob_send	 how;
	char		*u;
	const char	*pfx = "/_s3/http/depot.127.0.0.1:9000/org/sha256/"
	    SHA
	    "?X-Amz-Algorithm=";

	ck_assert_int_eq(storage_locate(st, &a, SHA, &how, &u), 0);
	ck_assert_int_eq(how, BS_ACCEL);
	ck_assert_msg(strncmp(u, pfx, strlen(pfx)) == 0, "%s", u);
	ck_assert_ptr_nonnull(strstr(u, "&X-Amz-Expires=600&"));
	ck_assert_int_eq(storage_locate(st, &a, "not-a-digest", &how, &u), -1);
	storage_free(st);
}
END_TEST

START_TEST(test_s3_new_rejects_endpoints)
{
	struct s3_conf	 c;
	char		 err[256];
	const char	*bad[] = { "ftp://h", "http://", "http://h/path",
	    "https://user@h", "h:9000", NULL };
	size_t		 i;

	memset(&c, 0, sizeof(c));
	c.label = "x";
	c.region = "us-east-1";
	c.bucket = "b";
	c.access_key_id = "k";
	c.secret = "s";
	for (i = 0; bad[i]; i++) {
		c.endpoint = bad[i];
		ck_assert_msg(storage_s3_new(&c, "/tmp", err, sizeof(err)) ==
		    NULL, "%s accepted", bad[i]);
	}
}
END_TEST

/* ---------------------------------------------------------------- xml */

static int
parse(const char *s, struct s3_xml *x)
{
	char	 err[128];

	return s3_xml_parse(s, strlen(s), &a, x, err, sizeof(err));
}

START_TEST(test_s3_xml_parse_error)
{
	struct s3_xml	 x;

	ck_assert_int_eq(parse("<?xml version='1.0' encoding='UTF-8'?>\n"
	    "<Error><Code>SignatureDoesNotMatch</Code><Message>The request "
	    "signature we calculated does not match</Message><RequestId>tx1"
	    "</RequestId></Error>", &x), 0);
	ck_assert_int_eq(x.kind, S3X_ERROR);
	ck_assert_str_eq(x.code, "SignatureDoesNotMatch");
	ck_assert_str_eq(x.message, "The request signature we calculated "
	    "does not match");
	/* An Error without a Message still has strings. */
	ck_assert_int_eq(parse("<Error><Code>NoSuchKey</Code></Error>", &x), 0);
	ck_assert_str_eq(x.message, "");
}
END_TEST

START_TEST(test_s3_xml_parse_multipart)
{
	struct s3_xml	 x;

	ck_assert_int_eq(parse("<InitiateMultipartUploadResult xmlns=\"http://"
	    "s3.amazonaws.com/doc/2006-03-01/\"><Bucket>b</Bucket><Key>k</Key>"
	    "<UploadId> VXBsb2FkIElE </UploadId>"
	    "</InitiateMultipartUploadResult>", &x), 0);
	ck_assert_int_eq(x.kind, S3X_INITIATE);
	ck_assert_str_eq(x.upload_id, "VXBsb2FkIElE");
	ck_assert_int_eq(parse("<InitiateMultipartUploadResult>"
	    "<UploadId></UploadId></InitiateMultipartUploadResult>", &x), -1);
	ck_assert_int_eq(parse("<CompleteMultipartUploadResult><ETag>"
	    "&quot;3858f62230ac3c915f300c664312c11f-9&quot;</ETag>"
	    "</CompleteMultipartUploadResult>", &x), 0);
	ck_assert_int_eq(x.kind, S3X_COMPLETE);
	ck_assert_str_eq(x.etag, "\"3858f62230ac3c915f300c664312c11f-9\"");
	ck_assert_int_eq(parse("<CopyObjectResult><LastModified>2024-01-01T00:"
	    "00:00.000Z</LastModified><ETag>\"e\"</ETag></CopyObjectResult>",
	    &x), 0);
	ck_assert_int_eq(x.kind, S3X_COPY);
}
END_TEST

START_TEST(test_s3_xml_parse_list)
{
	struct s3_xml	 x;
	struct buf	 b;
	int		 i;
	char		 err[128];

	ck_assert_int_eq(parse("<ListBucketResult xmlns=\"http://s3.amazonaws."
	    "com/doc/2006-03-01/\"><Name>depot</Name><KeyCount>2</KeyCount>"
	    "<IsTruncated>true</IsTruncated><NextContinuationToken>1ueGcx"
	    "</NextContinuationToken><Contents><Key>p/sha256/aa</Key>"
	    "<LastModified>2026-12-01T03:41:47.000Z</LastModified>"
	    "<Size>6</Size></Contents><Contents><Key>p/sha256/bb</Key>"
	    "<Size>-3</Size></Contents></ListBucketResult>", &x), 0);
	ck_assert_int_eq(x.kind, S3X_LIST);
	ck_assert_uint_eq(x.nobjects, 2);
	ck_assert_str_eq(x.objects[0].key, "p/sha256/aa");
	ck_assert_str_eq(x.objects[0].last_modified,
	    "2026-12-01T03:41:47.000Z");
	ck_assert_int_eq(x.objects[0].size, 6);
	ck_assert_int_eq(x.objects[1].size, -1);
	ck_assert_ptr_null(x.objects[1].last_modified);
	ck_assert(x.truncated);
	ck_assert_str_eq(x.next_token, "1ueGcx");
	/* A Contents without a Key is malformed. */
	ck_assert_int_eq(parse("<ListBucketResult><Contents><Size>1</Size>"
	    "</Contents></ListBucketResult>", &x), -1);

	/* At most S3_XML_MAX_OBJECTS entries are read. */
	buf_init(&b, 0);
	buf_adds(&b, "<ListBucketResult>");
	for (i = 0; i < S3_XML_MAX_OBJECTS + 50; i++)
		buf_printf(&b, "<Contents><Key>k%d</Key></Contents>", i);
	buf_adds(&b, "</ListBucketResult>");
	ck_assert_int_eq(s3_xml_parse(b.data, b.len, &a, &x, err, sizeof(err)),
	    0);
	ck_assert_uint_eq(x.nobjects, S3_XML_MAX_OBJECTS);
	buf_release(&b);
}
END_TEST

START_TEST(test_s3_xml_parse_tagging)
{
	struct s3_xml	 x;

	ck_assert_int_eq(parse("<Tagging xmlns=\"http://s3.amazonaws.com/doc/"
	    "2006-03-01/\"><TagSet><Tag><Key>team</Key><Value>a&amp;b</Value>"
	    "</Tag><Tag><Key>deleted</Key><Value>2024-05-01T10:00:00Z</Value>"
	    "</Tag></TagSet></Tagging>", &x), 0);
	ck_assert_int_eq(x.kind, S3X_TAGGING);
	ck_assert_uint_eq(x.ntags, 2);
	ck_assert_str_eq(s3_xml_tag(&x, "team"), "a&b");
	ck_assert_str_eq(s3_xml_tag(&x, "deleted"), "2024-05-01T10:00:00Z");
	ck_assert_ptr_null(s3_xml_tag(&x, "other"));
	/* Swift's s3api: an empty set. */
	ck_assert_int_eq(parse("<?xml version='1.0' encoding='UTF-8'?>\n"
	    "<Tagging xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">"
	    "<TagSet/></Tagging>", &x), 0);
	ck_assert_uint_eq(x.ntags, 0);
}
END_TEST

START_TEST(test_s3_xml_parse_rejects)
{
	struct s3_xml	 x;
	char		 err[128], *big;
	size_t		 n = S3_XML_MAX + 1;

	/* Entities and DTDs, whatever they would do. */
	ck_assert_int_eq(parse("<?xml version=\"1.0\"?><!DOCTYPE Error "
	    "[<!ENTITY a \"aaaaaaaaaa\">"
	    "<!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;\">]>"
	    "<Error><Code>&b;</Code></Error>", &x), -1);
	ck_assert_int_eq(parse("<!DOCTYPE Error SYSTEM \"http://127.0.0.1:9/x"
	    ".dtd\"><Error><Code>x</Code></Error>", &x), -1);
	ck_assert_int_eq(parse("<Error><Code>&xxe;</Code></Error>", &x), -1);
	ck_assert_int_eq(parse("<Error><Code>x</Code>", &x), -1);
	ck_assert_int_eq(parse("not xml", &x), -1);
	ck_assert_int_eq(parse("", &x), -1);
	ck_assert_int_eq(s3_xml_parse("<Error>\0</Error>", 16, &a, &x, err,
	    sizeof(err)), -1);
	big = malloc(n);
	ck_assert_ptr_nonnull(big);
	memset(big, ' ', n);
	memcpy(big, "<Error>", 7);
	ck_assert_int_eq(s3_xml_parse(big, n, &a, &x, err, sizeof(err)), -1);
	ck_assert_ptr_nonnull(strstr(err, "too large"));
	free(big);
	/* Another root is fine, and says so. */
	ck_assert_int_eq(parse("<ListAllMyBucketsResult/>", &x), 0);
	ck_assert_int_eq(x.kind, S3X_OTHER);
}
END_TEST

START_TEST(test_s3_xml_parse_long_text_cut)
{
	struct s3_xml	 x;
	struct buf	 b;
	char		 err[128];
	int		 i;

	buf_init(&b, 0);
	buf_adds(&b, "<Error><Code>C</Code><Message>");
	for (i = 0; i < S3_XML_MAX_TEXT; i++)
		buf_adds(&b, "\xc3\xa9");	/* 2-byte UTF-8 */
	buf_adds(&b, "</Message></Error>");
	ck_assert_int_eq(s3_xml_parse(b.data, b.len, &a, &x, err, sizeof(err)),
	    0);
	ck_assert_uint_eq(strlen(x.message), S3_XML_MAX_TEXT);
	buf_release(&b);
}
END_TEST

/* ---------------------------------------------------------------- requests */

static const struct s3_target path_target = {
	"http", "127.0.0.1:8080", "depot", 1
};
static const struct s3_target vhost_target = {
	"https", "s3.eu-west-1.amazonaws.com", "depot", 0
};

START_TEST(test_s3_req_tag_deleted_keeps_tags)
{
	struct s3_req	 q;
	struct s3_xml	 tags;
	char		 want[65];
	const char	*body =
	    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	    "<Tagging xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">"
	    "<TagSet><Tag><Key>team</Key><Value>a&amp;b&lt;c</Value></Tag>"
	    "<Tag><Key>deleted</Key><Value>2024-05-01T10:00:00Z</Value></Tag>"
	    "</TagSet></Tagging>\n";

	ck_assert_int_eq(parse("<Tagging><TagSet><Tag><Key>team</Key><Value>"
	    "a&amp;b&lt;c</Value></Tag><Tag><Key>deleted</Key><Value>old"
	    "</Value></Tag></TagSet></Tagging>", &tags), 0);
	s3_req_init(&q);
	ck_assert_int_eq(s3_req_tag_deleted(&q, &path_target, "p/sha256/" SHA,
	    "2024-05-01T10:00:00Z", &tags), 0);
	ck_assert_str_eq(q.method, "PUT");
	ck_assert_str_eq(q.url.data, "http://127.0.0.1:8080/depot/p/sha256/"
	    SHA "?tagging=");
	ck_assert_str_eq(q.query.data, "tagging=");
	ck_assert_str_eq(q.host.data, "127.0.0.1:8080");
	ck_assert_str_eq(q.body.data, body);
	sha256_hex(body, want);
	ck_assert_str_eq(q.payload_sha256, want);
	ck_assert_ptr_nonnull(strstr(q.headers.data,
	    "Content-Type: application/xml\n"));
	ck_assert_ptr_nonnull(strstr(q.headers.data, "Content-MD5: "));
	ck_assert_ptr_null(strstr(q.headers.data, "x-amz-copy-source"));
	/* A time that would need escaping is refused. */
	ck_assert_int_eq(s3_req_tag_deleted(&q, &path_target, "k",
	    "<x>", NULL), -1);
	s3_req_release(&q);
}
END_TEST

START_TEST(test_s3_req_meta_deleted_copy_in_place)
{
	struct s3_req	 q;

	s3_req_init(&q);
	ck_assert_int_eq(s3_req_meta_deleted(&q, &path_target, "p/sha256/" SHA,
	    "2024-05-01T10:00:00Z"), 0);
	ck_assert_str_eq(q.method, "PUT");
	ck_assert_str_eq(q.url.data, "http://127.0.0.1:8080/depot/p/sha256/"
	    SHA);
	ck_assert_str_eq(q.query.data, "");
	ck_assert_str_eq(q.headers.data,
	    "Content-Type: application/octet-stream\n"
	    "x-amz-copy-source: /depot/p/sha256/" SHA "\n"
	    "x-amz-metadata-directive: REPLACE\n"
	    "x-amz-meta-depot-deleted: 2024-05-01T10:00:00Z\n");
	ck_assert_uint_eq(q.body.len, 0);
	ck_assert_str_eq(q.payload_sha256, S3_EMPTY_SHA256);
	/* Virtual-host addressing: the bucket moves into the host. */
	ck_assert_int_eq(s3_req_meta_deleted(&q, &vhost_target, "a b",
	    "2024-05-01T10:00:00Z"), 0);
	ck_assert_str_eq(q.url.data,
	    "https://depot.s3.eu-west-1.amazonaws.com/a%20b");
	ck_assert_str_eq(q.host.data, "depot.s3.eu-west-1.amazonaws.com");
	ck_assert_ptr_nonnull(strstr(q.headers.data,
	    "x-amz-copy-source: /depot/a%20b\n"));
	s3_req_release(&q);
}
END_TEST

START_TEST(test_s3_req_multipart_and_list)
{
	struct s3_req	 q;
	char		 e1[] = "\"e1\"", e2[] = "\"e2\"", x[] = "<x>";
	char		*etags[2] = { e1, e2 };
	char		*bad[1] = { x };

	s3_req_init(&q);
	ck_assert_int_eq(s3_req_initiate(&q, &path_target, "k"), 0);
	ck_assert_str_eq(q.method, "POST");
	ck_assert_str_eq(q.url.data, "http://127.0.0.1:8080/depot/k?uploads=");
	ck_assert_int_eq(s3_req_part(&q, &path_target, "k", "a/b+c=", 3,
	    SHA), 0);
	ck_assert_str_eq(q.method, "PUT");
	/* Sorted, each value encoded: libcurl signs the query as given. */
	ck_assert_str_eq(q.query.data, "partNumber=3&uploadId=a%2Fb%2Bc%3D");
	ck_assert_str_eq(q.payload_sha256, SHA);
	ck_assert_int_eq(s3_req_part(&q, &path_target, "k", "u", 1, "short"),
	    -1);
	ck_assert_int_eq(s3_req_complete(&q, &path_target, "k", "u", etags, 2),
	    0);
	ck_assert_str_eq(q.method, "POST");
	ck_assert_str_eq(q.query.data, "uploadId=u");
	ck_assert_ptr_nonnull(strstr(q.body.data, "<Part><PartNumber>1"
	    "</PartNumber><ETag>\"e1\"</ETag></Part><Part><PartNumber>2"
	    "</PartNumber><ETag>\"e2\"</ETag></Part></CompleteMultipart"
	    "Upload>"));
	ck_assert_int_eq(s3_req_complete(&q, &path_target, "k", "u", bad, 1),
	    -1);
	ck_assert_int_eq(s3_req_abort(&q, &path_target, "k", "u"), 0);
	ck_assert_str_eq(q.method, "DELETE");
	ck_assert_int_eq(s3_req_list(&q, &path_target, "p/sha256/", NULL), 0);
	ck_assert_str_eq(q.url.data, "http://127.0.0.1:8080/depot?list-type=2&"
	    "max-keys=1000&prefix=p%2Fsha256%2F");
	ck_assert_int_eq(s3_req_list(&q, &vhost_target, "", "t/1="), 0);
	ck_assert_str_eq(q.url.data, "https://depot.s3.eu-west-1.amazonaws.com"
	    "/?continuation-token=t%2F1%3D&list-type=2&max-keys=1000&prefix=");
	/* Header injection is refused. */
	ck_assert_int_eq(s3_req_header(&q, "x-a", "v\r\nx-b: w"), -1);
	s3_req_release(&q);
}
END_TEST

static Suite *
s3_suite(void)
{
	Suite	*s = suite_create("s3");
	TCase	*tc;

	tc = tcase_create("sigv4");
	tcase_add_test(tc, test_sigv4_sign_get_vanilla);
	tcase_add_test(tc, test_sigv4_sign_query_order);
	tcase_add_test(tc, test_sigv4_sign_s3_get_range);
	tcase_add_test(tc, test_sigv4_sign_s3_put_escaped_key);
	tcase_add_test(tc, test_sigv4_uri_encode_rules);
	tcase_add_test(tc, test_sigv4_presign_aws_example);
	tcase_add_test(tc, test_sigv4_set_time_format);
	suite_add_tcase(s, tc);
	tc = tcase_create("locate");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_s3_locate_presigned_stable);
	tcase_add_test(tc, test_s3_locate_proxy_and_virtual_host);
	tcase_add_test(tc, test_s3_new_rejects_endpoints);
	suite_add_tcase(s, tc);
	tc = tcase_create("xml");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_s3_xml_parse_error);
	tcase_add_test(tc, test_s3_xml_parse_multipart);
	tcase_add_test(tc, test_s3_xml_parse_list);
	tcase_add_test(tc, test_s3_xml_parse_tagging);
	tcase_add_test(tc, test_s3_xml_parse_rejects);
	tcase_add_test(tc, test_s3_xml_parse_long_text_cut);
	suite_add_tcase(s, tc);
	tc = tcase_create("requests");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_s3_req_tag_deleted_keeps_tags);
	tcase_add_test(tc, test_s3_req_meta_deleted_copy_in_place);
	tcase_add_test(tc, test_s3_req_multipart_and_list);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner	*sr = srunner_create(s3_suite());
	int	 failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
