/* resp.c: the one response writer */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <fcgiapp.h>

#include "http/resp.h"
#include "util/buf.h"
#include "util/log.h"
#include "util/banned.h"

static const struct {
	int		 code;
	const char	*text;
	const char	*msg;	/* default error message */
} statuses[ST__MAX] = {
	[ST_OK] = { 200, "OK", "ok" },
	[ST_BADREQ] = { 400, "Bad Request", "bad request" },
	[ST_UNAUTH] = { 401, "Unauthorized", "authentication required" },
	[ST_FORBIDDEN] = { 403, "Forbidden", "forbidden" },
	[ST_NOTFOUND] = { 404, "Not Found", "not found" },
	[ST_BADMETHOD] = { 405, "Method Not Allowed", "method not allowed" },
	[ST_CONFLICT] = { 409, "Conflict", "conflict" },
	[ST_TOOBIG] = { 413, "Content Too Large", "request body too large" },
	[ST_UNSUPPORTED] = { 415, "Unsupported Media Type",
	    "unsupported content type" },
	[ST_INVALID] = { 422, "Unprocessable Content", "validation failed" },
	[ST_INTERNAL] = { 500, "Internal Server Error", "internal error" },
	[ST_UNAVAIL] = { 503, "Service Unavailable",
	    "service unavailable, try again" },
};

/*
 * libfcgi's own printf knows no %zu or %lld: format with the C library.
 * Header lines are short; a longer one is cut, never overflowed.
 */
static void __attribute__((format(printf, 2, 3)))
outf(FCGX_Stream *out, const char *fmt, ...)
{
	char	 line[8192];
	va_list	 ap;
	int	 n;

	va_start(ap, fmt);
	n = vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	if ((size_t)n >= sizeof(line))
		n = sizeof(line) - 1;
	FCGX_PutStr(line, n, out);
}

/* Headers added by handlers for the next response. */
static struct buf	 extra = { NULL, 0, 0, 0 };
/* A reason phrase for the next response's status line, or "". */
static char		 reason[RESP_REASON_MAX + 1];

int
status_code(enum status st)
{
	return st < ST__MAX ? statuses[st].code : 500;
}

const char *
status_text(int code)
{
	size_t	 i;

	switch (code) {
	case 201: return "Created";
	case 204: return "No Content";
	case 301: return "Moved Permanently";
	case 302: return "Found";
	case 303: return "See Other";
	case 304: return "Not Modified";
	case 429: return "Too Many Requests";
	}
	for (i = 0; i < ST__MAX; i++)
		if (statuses[i].code == code)
			return statuses[i].text;
	return "Unknown";
}

void
resp_reset(void)
{
	if (extra.data == NULL)
		buf_init(&extra, 16384);
	buf_reset(&extra);
	reason[0] = '\0';
}

void
resp_reason(struct req *r, const char *text)
{
	size_t	 i;

	(void)r;
	for (i = 0; text != NULL && text[i] != '\0' && i < RESP_REASON_MAX;
	    i++)
		reason[i] = text[i] >= 0x20 && text[i] < 0x7f ? text[i] : ' ';
	reason[i] = '\0';
}

void
resp_header(struct req *r, const char *name, const char *fmt, ...)
{
	va_list	 ap;
	size_t	 mark;

	(void)r;
	if (extra.data == NULL)
		buf_init(&extra, 16384);
	mark = extra.len;
	va_start(ap, fmt);
	if (buf_printf(&extra, "%s: ", name) == -1 ||
	    buf_vprintf(&extra, fmt, ap) == -1 ||
	    buf_adds(&extra, "\r\n") == -1)
		buf_truncate(&extra, mark);
	va_end(ap);
	/* A header value never carries a line break into the response. */
	for (; mark < extra.len; mark++)
		if ((extra.data[mark] == '\r' || extra.data[mark] == '\n') &&
		    mark + 2 != extra.len && mark + 1 != extra.len)
			extra.data[mark] = ' ';
}

void
resp_cookie(struct req *r, const char *name, const char *value, long max_age)
{
	const char	*web = NULL;
	int		 secure;

	if (r->ctx && r->ctx->conf)
		web = r->ctx->conf->web_url;
	secure = r->https || (web && strncmp(web, "https:", 6) == 0);
	resp_header(r, "Set-Cookie", "%s=%s; Path=/; Max-Age=%ld; HttpOnly; "
	    "SameSite=Lax%s", name, value, max_age, secure ? "; Secure" : "");
}

static void
head(struct req *r, int code, const char *ctype)
{
	FCGX_Stream	*out = r->fcgi->out;

	r->status_code = code;
	r->responded = 1;
	outf(out, "Status: %d %s\r\n", code, reason[0] != '\0' && code >= 400 ?
	    reason : status_text(code));
	if (ctype)
		outf(out, "Content-Type: %s\r\n", ctype);
	FCGX_PutS("X-Content-Type-Options: nosniff\r\n"
	    "X-Frame-Options: DENY\r\n"
	    "Referrer-Policy: same-origin\r\n", out);
	if (ctype && strncmp(ctype, "text/html", 9) == 0)
		FCGX_PutS("Content-Security-Policy: default-src 'self'; "
		    "script-src 'self'; style-src 'self'; img-src 'self' data:; "
		    "object-src 'none'; base-uri 'none'; "
		    "frame-ancestors 'none'; form-action 'self'\r\n", out);
	if (extra.data && extra.len)
		FCGX_PutStr(extra.data, (int)extra.len, out);
	resp_reset();
}

/* Does If-None-Match name etag (or "*")? */
static int
etag_matches(const char *inm, const char *etag)
{
	const char	*p = inm;
	size_t		 n = strlen(etag);

	while (*p) {
		while (*p == ' ' || *p == ',')
			p++;
		if (strncmp(p, "W/", 2) == 0)
			p += 2;
		if (*p == '*')
			return 1;
		if (strncmp(p, etag, n) == 0 && (p[n] == '\0' || p[n] == ',' ||
		    p[n] == ' '))
			return 1;
		while (*p && *p != ',')
			p++;
	}
	return 0;
}

enum status
resp_send(struct req *r, int code, const char *ctype, const void *data,
    size_t len, const char *etag, const char *cache_control)
{
	FCGX_Stream	*out = r->fcgi->out;

	if (etag && code == 200 && r->if_none_match &&
	    etag_matches(r->if_none_match, etag)) {
		head(r, 304, NULL);
		outf(out, "ETag: %s\r\n", etag);
		if (cache_control)
			outf(out, "Cache-Control: %s\r\n",
			    cache_control);
		FCGX_PutS("\r\n", out);
		return ST_OK;
	}
	head(r, code, ctype);
	if (etag)
		outf(out, "ETag: %s\r\n", etag);
	if (cache_control)
		outf(out, "Cache-Control: %s\r\n", cache_control);
	outf(out, "Content-Length: %zu\r\n\r\n", len);
	if (r->method != M_HEAD && len)
		FCGX_PutStr(data, (int)len, out);
	return ST_OK;
}

enum status
resp_json(struct req *r, int code, struct json_object *obj)
{
	const char	*s;
	size_t		 len;

	s = json_object_to_json_string_length(obj, JSON_C_TO_STRING_PLAIN |
	    JSON_C_TO_STRING_NOSLASHESCAPE, &len);
	return resp_send(r, code, "application/json; charset=utf-8", s, len,
	    NULL, "no-store");
}

enum status
resp_error(struct req *r, enum status st, const char *msg)
{
	struct json_object	*o;
	struct json_object	*ex = NULL;
	enum status		 rc;

	if (st >= ST__MAX)
		st = ST_INTERNAL;
	o = json_object_new_object();
	json_object_object_add(o, "message",
	    json_object_new_string(msg ? msg : statuses[st].msg));
	if (r->errextra && (ex = json_tokener_parse(r->errextra)) != NULL) {
		json_object_object_foreach(ex, k, v)
			json_object_object_add(o, k, json_object_get(v));
		json_object_put(ex);
	}
	if (st == ST_UNAUTH)
		resp_header(r, "WWW-Authenticate", "Basic realm=\"depot\"");
	rc = resp_json(r, status_code(st), o);
	json_object_put(o);
	return rc;
}

enum status
resp_accel(struct req *r, const char *uri, const char *ctype,
    const char *filename, const char *etag)
{
	FCGX_Stream	*out = r->fcgi->out;

	head(r, 200, ctype);
	if (filename)
		outf(out, "Content-Disposition: attachment; "
		    "filename=\"%s\"\r\n", filename);
	if (etag)
		outf(out, "ETag: %s\r\n", etag);
	/*
	 * Package files never change under their URL; only a public
	 * registry's may sit in shared caches.
	 */
	outf(out, "Cache-Control: %s, max-age=31536000, immutable\r\n",
	    r->registry && r->registry->public ? "public" : "private");
	outf(out, "X-Accel-Redirect: %s\r\n\r\n", uri);
	return ST_OK;
}

enum status
resp_redirect(struct req *r, int code, const char *location)
{
	FCGX_Stream	*out = r->fcgi->out;

	head(r, code, NULL);
	outf(out, "Location: %s\r\nContent-Length: 0\r\n\r\n",
	    location);
	return ST_OK;
}
