/* resp.h: writing responses: status, headers, JSON, errors, blob sends */
#ifndef DEPOT_RESP_H
#define DEPOT_RESP_H

#include <stddef.h>

#include <json-c/json.h>

#include "req.h"

/*
 * Every response goes out through these functions, which add the security
 * headers once (X-Content-Type-Options, frame denial, CSP on HTML) and never
 * send a body to HEAD. Each returns ST_OK so a handler can end with
 * "return resp_json(...)".
 */
int	 status_code(enum status);
const char *status_text(int code);

/* Send data with a type; with etag, honour If-None-Match (304). */
enum status	 resp_send(struct req *, int code, const char *ctype,
		    const void *data, size_t len, const char *etag,
		    const char *cache_control);
/* Serialise obj (not consumed) as application/json. */
enum status	 resp_json(struct req *, int code, struct json_object *obj);
/* {"message": msg} with the status's code; msg NULL = default text. */
enum status	 resp_error(struct req *, enum status, const char *msg);
/* Hand the bytes to nginx: X-Accel-Redirect to an internal location. */
enum status	 resp_accel(struct req *, const char *uri, const char *ctype,
		    const char *filename, const char *etag);
enum status	 resp_redirect(struct req *, int code, const char *location);
/* Add a header to the next response (before resp_* is called). */
void		 resp_header(struct req *, const char *name, const char *fmt, ...)
		    __attribute__((format(printf, 3, 4)));
/*
 * Use text as the reason phrase of the next response's status line when it
 * is an error (twine and pip print the phrase, not the body, as PyPI puts
 * its messages there). Bytes outside printable ASCII become spaces; at most
 * RESP_REASON_MAX are kept.
 */
#define RESP_REASON_MAX	200
void		 resp_reason(struct req *, const char *text);
/*
 * Set a cookie on the next response: Path=/, HttpOnly, SameSite=Lax, and
 * Secure when the request came over TLS or web_url is https (behind a TLS
 * proxy). max_age in seconds; 0 deletes the cookie. value must be a cookie
 * token (no spaces, quotes, commas, semicolons or backslashes).
 */
void		 resp_cookie(struct req *, const char *name, const char *value,
		    long max_age);
/* Reset pending headers and the reason phrase (between requests). */
void		 resp_reset(void);

#endif
