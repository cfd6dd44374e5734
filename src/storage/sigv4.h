/* sigv4.h: AWS Signature Version 4: canonical requests and presigned URLs */
#ifndef DEPOT_SIGV4_H
#define DEPOT_SIGV4_H

#include <stddef.h>
#include <time.h>

#include "util/buf.h"

/*
 * Requests to the bucket are signed by libcurl (CURLOPT_AWS_SIGV4); this
 * module signs what libcurl cannot: presigned GET URLs handed to clients.
 * It implements the whole SigV4 chain (canonical request, string to sign,
 * signing key, signature) so that the unit tests check it against AWS's
 * published test vectors.
 *
 * All strings are NUL-terminated; every function writes into a caller's
 * buf (bounded) and returns 0, or -1 when a buf is full or an input is
 * malformed.
 */
struct sigv4 {
	const char	*access_key_id;
	const char	*secret;
	const char	*region;	/* us-east-1 */
	const char	*service;	/* s3 */
	char		 amz_date[17];	/* 20130524T000000Z */
};

/* A header to sign: name in lower case, value trimmed. */
struct sigv4_header {
	const char	*name;
	const char	*value;
};

#define SIGV4_MAX_HEADERS	16
#define SIGV4_UNSIGNED		"UNSIGNED-PAYLOAD"

/* Set s->amz_date from t (UTC). */
void	 sigv4_set_time(struct sigv4 *, time_t);
/*
 * AWS URI encoding: A-Z a-z 0-9 - . _ ~ stay, everything else is %XX (upper
 * case hex); '/' stays when keep_slash (object key paths).
 */
int	 sigv4_uri_encode(struct buf *, const char *s, int keep_slash);
/*
 * The canonical request: method, canonical URI (already encoded), canonical
 * query (already sorted and encoded, "" for none), headers (any order:
 * sorted here by name; at most SIGV4_MAX_HEADERS), payload hash (hex sha256
 * or SIGV4_UNSIGNED). *signed_headers, if given, receives "host;x-amz-date"
 * (the names joined) in a second buf.
 */
int	 sigv4_canonical_request(struct buf *out, const char *method,
	    const char *uri, const char *query, const struct sigv4_header *,
	    size_t nheaders, const char *payload_hash,
	    struct buf *signed_headers);
/* "AWS4-HMAC-SHA256\n<date>\n<scope>\n<hex sha256 of canonical request>" */
int	 sigv4_string_to_sign(struct buf *out, const struct sigv4 *,
	    const char *canonical_request);
/* Hex HMAC-SHA256 of the string to sign under the derived signing key. */
int	 sigv4_signature(const struct sigv4 *, const char *string_to_sign,
	    char sig[65]);
/*
 * A presigned URL for method on scheme://host + uri (uri already encoded),
 * valid for expires seconds from s->amz_date, signing only the host header.
 * extra_query: more canonical query parameters (sorted and encoded, joined
 * with '&', each sorting after "X-Amz-SignedHeaders"; "" or NULL for none),
 * such as response-content-disposition.
 */
int	 sigv4_presign(struct buf *url, const struct sigv4 *,
	    const char *method, const char *scheme, const char *host,
	    const char *uri, long expires, const char *extra_query);

#endif
