/* req.h: one request as the router and handlers see it */
#ifndef DEPOT_REQ_H
#define DEPOT_REQ_H

#include <stddef.h>

#include "auth/principal.h"
#include "db/db.h"
#include "db/model.h"
#include "http/kv.h"
#include "util/arena.h"
#include "util/buf.h"
#include "util/conf.h"

struct FCGX_Request;
struct route;
struct storage;

enum method {
	M_GET,
	M_HEAD,
	M_POST,
	M_PUT,
	M_PATCH,
	M_DELETE,
	M_OPTIONS,
	M_OTHER,
	M__MAX
};

/*
 * Handlers return a status. ST_OK means the handler wrote the response;
 * every other value is rendered by the router, one way, as a JSON
 * {"message": ...} body using req->errmsg (set by req_fail) or the status's
 * default text.
 */
enum status {
	ST_OK,
	ST_BADREQ,	/* 400 */
	ST_UNAUTH,	/* 401 */
	ST_FORBIDDEN,	/* 403 */
	ST_NOTFOUND,	/* 404 */
	ST_BADMETHOD,	/* 405 */
	ST_CONFLICT,	/* 409 */
	ST_TOOBIG,	/* 413 */
	ST_UNSUPPORTED,	/* 415 */
	ST_INVALID,	/* 422 */
	ST_INTERNAL,	/* 500 */
	ST_UNAVAIL,	/* 503 */
	ST__MAX
};

#define REQ_MAX_PARAMS	8

/* Process-lived context a worker passes to every request. */
struct ctx {
	const struct conf	*conf;
	struct db		*db;
	struct storage		*storage;
};

struct req {
	struct FCGX_Request	*fcgi;
	struct arena		*arena;
	struct ctx		*ctx;
	char			 id[17];	/* request id for logs */

	/* From the FastCGI parameters. */
	enum method		 method;
	const char		*method_name;
	const char		*uri;		/* REQUEST_URI as sent */
	char			*path;		/* raw path, no query */
	const char		*query_string;
	const char		*content_type;	/* "" when absent */
	long long		 content_length;	/* -1 when absent */
	const char		*remote_addr;
	const char		*user_agent;
	const char		*accept;
	const char		*authorization;
	const char		*if_none_match;
	const char		*npm_command;	/* npm-command header */
	int			 https;
	struct kvlist		 query;

	/* Set by the router. */
	const struct route	*route;
	const char		*param_name[REQ_MAX_PARAMS];
	const char		*param[REQ_MAX_PARAMS];
	size_t			 nparams;
	struct principal	 principal;
	struct org		*org;		/* {org} in the path */
	struct registry		*registry;	/* {org}/{reg} in the path */
	struct kvlist		 form;		/* RT_UI POST: the form fields */

	/* Response state. */
	int			 responded;
	const char		*errmsg;
	const char		*errextra;	/* extra JSON members */
	int			 status_code;	/* for the access log */
	long long		 body_read;
};

/* The value of route parameter name ("org", "reg", "pkg" ...), or NULL. */
const char	*req_param(const struct req *, const char *name);
/* Another FastCGI parameter (HTTP_X_FOO ...), or NULL. */
const char	*req_env(const struct req *, const char *name);
/* Read up to n bytes of the body: bytes read, 0 at the end, -1 on error. */
long		 req_read(void *req, char *buf, size_t n);
/* Record the message for an error status and return the status. */
enum status	 req_fail(struct req *, enum status, const char *fmt, ...)
		    __attribute__((format(printf, 3, 4)));

#endif
