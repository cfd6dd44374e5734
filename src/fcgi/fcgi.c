/* fcgi.c: struct req from libfcgi's request */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <fcgiapp.h>
#include <openssl/rand.h>

#include "fcgi/fcgi.h"
#include "util/digest.h"
#include "util/log.h"
#include "util/banned.h"

static const char *const method_names[M__MAX] = {
	"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "OTHER"
};

const char *
req_env(const struct req *r, const char *name)
{
	return FCGX_GetParam(name, r->fcgi->envp);
}

static const char *
env_or(const struct req *r, const char *name, const char *def)
{
	const char	*v = req_env(r, name);

	return v ? v : def;
}

int
fcgi_req_init(struct req *r, FCGX_Request *f, struct arena *a, struct ctx *c)
{
	const char	*v, *q;
	unsigned char	 rnd[8];
	char		*end;
	int		 i;

	memset(r, 0, sizeof(*r));
	r->fcgi = f;
	r->arena = a;
	r->ctx = c;
	if (RAND_bytes(rnd, sizeof(rnd)) != 1)
		memset(rnd, 0, sizeof(rnd));
	hex_encode(rnd, sizeof(rnd), r->id);

	r->method_name = env_or(r, "REQUEST_METHOD", "GET");
	r->method = M_OTHER;
	for (i = 0; i < M_OTHER; i++)
		if (strcmp(r->method_name, method_names[i]) == 0)
			r->method = (enum method)i;
	if ((v = req_env(r, "REQUEST_URI")) == NULL &&
	    (v = req_env(r, "DOCUMENT_URI")) == NULL)
		return log_errx("FastCGI request without REQUEST_URI");
	r->uri = v;
	q = strchr(v, '?');
	r->path = q ? arena_strndup(a, v, (size_t)(q - v)) :
	    arena_strdup(a, v);
	if (r->path == NULL)
		return -1;
	r->query_string = q ? q + 1 : env_or(r, "QUERY_STRING", "");
	r->content_type = env_or(r, "CONTENT_TYPE", "");
	r->content_length = -1;
	if ((v = req_env(r, "CONTENT_LENGTH")) != NULL && *v) {
		r->content_length = strtoll(v, &end, 10);
		if (*end || r->content_length < 0)
			r->content_length = -1;
	}
	r->remote_addr = env_or(r, "REMOTE_ADDR", "");
	r->user_agent = env_or(r, "HTTP_USER_AGENT", "");
	r->accept = env_or(r, "HTTP_ACCEPT", "");
	r->authorization = req_env(r, "HTTP_AUTHORIZATION");
	r->if_none_match = req_env(r, "HTTP_IF_NONE_MATCH");
	r->npm_command = req_env(r, "HTTP_NPM_COMMAND");
	v = req_env(r, "HTTPS");
	r->https = v && (strcmp(v, "on") == 0 || strcmp(v, "1") == 0);
	return 0;
}

long
req_read(void *arg, char *buf, size_t n)
{
	struct req	*r = arg;
	int		 got;

	if (n > (1 << 30))
		n = 1 << 30;
	got = FCGX_GetStr(buf, (int)n, r->fcgi->in);
	if (got < 0)
		return -1;
	if (got == 0 && FCGX_GetError(r->fcgi->in) != 0)
		return -1;
	r->body_read += got;
	return got;
}

void
fcgi_req_drain(struct req *r)
{
	char	 scratch[16384];

	while (FCGX_GetStr(scratch, sizeof(scratch), r->fcgi->in) > 0)
		;
}

enum status
req_fail(struct req *r, enum status st, const char *fmt, ...)
{
	va_list	 ap;

	va_start(ap, fmt);
	r->errmsg = arena_vstrfmt(r->arena, fmt, ap);
	va_end(ap);
	return st;
}
