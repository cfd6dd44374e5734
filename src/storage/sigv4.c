/* sigv4.c: AWS Signature Version 4 signing with OpenSSL HMAC */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include "storage/sigv4.h"
#include "util/digest.h"
#include "util/banned.h"

void
sigv4_set_time(struct sigv4 *s, time_t t)
{
	struct tm	 tm;

	gmtime_r(&t, &tm);
	strftime(s->amz_date, sizeof(s->amz_date), "%Y%m%dT%H%M%SZ", &tm);
}

int
sigv4_uri_encode(struct buf *b, const char *s, int keep_slash)
{
	static const char	 hex[] = "0123456789ABCDEF";
	const unsigned char	*p;

	for (p = (const unsigned char *)s; *p; p++) {
		if ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') ||
		    (*p >= '0' && *p <= '9') || *p == '-' || *p == '.' ||
		    *p == '_' || *p == '~' || (*p == '/' && keep_slash)) {
			if (buf_addch(b, *p) == -1)
				return -1;
		} else if (buf_addch(b, '%') == -1 ||
		    buf_addch(b, hex[*p >> 4]) == -1 ||
		    buf_addch(b, hex[*p & 15]) == -1)
			return -1;
	}
	return 0;
}

static int
hdrcmp(const void *a, const void *b)
{
	return strcmp(((const struct sigv4_header *)a)->name,
	    ((const struct sigv4_header *)b)->name);
}

int
sigv4_canonical_request(struct buf *out, const char *method, const char *uri,
    const char *query, const struct sigv4_header *h, size_t nh,
    const char *payload_hash, struct buf *signed_headers)
{
	struct sigv4_header	 s[SIGV4_MAX_HEADERS];
	struct buf		 names;
	size_t			 i;
	int			 rc = -1;

	if (nh > SIGV4_MAX_HEADERS)
		return -1;
	memcpy(s, h, nh * sizeof(*h));
	qsort(s, nh, sizeof(*s), hdrcmp);
	buf_init(&names, 4096);
	for (i = 0; i < nh; i++)
		if ((i > 0 && buf_addch(&names, ';') == -1) ||
		    buf_adds(&names, s[i].name) == -1)
			goto out;
	if (buf_printf(out, "%s\n%s\n%s\n", method, uri, query) == -1)
		goto out;
	for (i = 0; i < nh; i++)
		if (buf_printf(out, "%s:%s\n", s[i].name, s[i].value) == -1)
			goto out;
	if (buf_printf(out, "\n%s\n%s", names.data, payload_hash) == -1)
		goto out;
	if (signed_headers && buf_adds(signed_headers, names.data) == -1)
		goto out;
	rc = 0;
out:
	buf_release(&names);
	return rc;
}

int
sigv4_string_to_sign(struct buf *out, const struct sigv4 *s,
    const char *creq)
{
	unsigned char	 md[32];
	char		 hex[65];

	digest_sha256(creq, strlen(creq), md);
	hex_encode(md, sizeof(md), hex);
	return buf_printf(out, "AWS4-HMAC-SHA256\n%s\n%.8s/%s/%s/aws4_request\n"
	    "%s", s->amz_date, s->amz_date, s->region, s->service, hex);
}

static int
hmac(const unsigned char *key, size_t klen, const char *msg,
    unsigned char out[32])
{
	unsigned int	 len = 32;

	if (HMAC(EVP_sha256(), key, (int)klen, (const unsigned char *)msg,
	    strlen(msg), out, &len) == NULL || len != 32)
		return -1;
	return 0;
}

int
sigv4_signature(const struct sigv4 *s, const char *sts, char sig[65])
{
	unsigned char	 k[32], m[32];
	char		 date[9], *seed = NULL;
	size_t		 n;
	int		 rc = -1;

	n = strlen(s->secret) + 5;
	if ((seed = malloc(n)) == NULL)
		return -1;
	snprintf(seed, n, "AWS4%s", s->secret);
	snprintf(date, sizeof(date), "%.8s", s->amz_date);
	if (hmac((unsigned char *)seed, n - 1, date, k) == -1 ||
	    hmac(k, 32, s->region, k) == -1 ||
	    hmac(k, 32, s->service, k) == -1 ||
	    hmac(k, 32, "aws4_request", k) == -1 ||
	    hmac(k, 32, sts, m) == -1)
		goto out;
	hex_encode(m, sizeof(m), sig);
	rc = 0;
out:
	OPENSSL_cleanse(k, sizeof(k));
	OPENSSL_cleanse(seed, n);
	free(seed);
	return rc;
}

int
sigv4_presign(struct buf *url, const struct sigv4 *s, const char *method,
    const char *scheme, const char *host, const char *uri, long expires,
    const char *extra)
{
	struct buf		 q, cred, creq, sts;
	struct sigv4_header	 h[1];
	char			 sig[65];
	int			 rc = -1;

	buf_init(&q, 8192);
	buf_init(&cred, 1024);
	buf_init(&creq, 16384);
	buf_init(&sts, 1024);
	if (buf_printf(&cred, "%s/%.8s/%s/%s/aws4_request", s->access_key_id,
	    s->amz_date, s->region, s->service) == -1)
		goto out;
	if (buf_adds(&q, "X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=")
	    == -1 || sigv4_uri_encode(&q, cred.data, 0) == -1 ||
	    buf_printf(&q, "&X-Amz-Date=%s&X-Amz-Expires=%ld"
	    "&X-Amz-SignedHeaders=host", s->amz_date, expires) == -1)
		goto out;
	if (extra && *extra && buf_printf(&q, "&%s", extra) == -1)
		goto out;
	h[0].name = "host";
	h[0].value = host;
	if (sigv4_canonical_request(&creq, method, uri, q.data, h, 1,
	    SIGV4_UNSIGNED, NULL) == -1 ||
	    sigv4_string_to_sign(&sts, s, creq.data) == -1 ||
	    sigv4_signature(s, sts.data, sig) == -1)
		goto out;
	if (buf_printf(url, "%s://%s%s?%s&X-Amz-Signature=%s", scheme, host,
	    uri, q.data, sig) == -1)
		goto out;
	rc = 0;
out:
	buf_release(&q);
	buf_release(&cred);
	buf_release(&creq);
	buf_release(&sts);
	return rc;
}
