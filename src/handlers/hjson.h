/* hjson.h: JSON request bodies and the JSON shape of each model object */
#ifndef DEPOT_HJSON_H
#define DEPOT_HJSON_H

#include <json-c/json.h>

#include "db/model.h"
#include "req.h"

/*
 * Read the whole body (at most json_max bytes) and parse it strictly as one
 * JSON value, depth at most 32. The caller puts *out. ST_BADREQ (malformed
 * JSON, or bytes that are not UTF-8: RFC 8259 allows no other encoding) /
 * ST_TOOBIG / ST_UNSUPPORTED with a message on failure. A string that is
 * well-formed JSON but not acceptable text (an escaped \u0000) is the
 * caller's 422.
 */
enum status	 hjson_read(struct req *, struct json_object **out);
/* Registry object as in REFERENCE.md 3.1. */
struct json_object *hjson_registry(struct req *, const struct registry *);
/* Package object as in REFERENCE.md 3.2, in r->registry. */
struct json_object *hjson_package(struct req *, const struct pkg *);
/* {id, slug, url, web_url} of the request's organization. */
struct json_object *hjson_org_ref(struct req *, const char *id,
		    const char *slug);
/* base64 of "Type---uuid", Buildkite's graphql_id. */
char		*hjson_graphql_id(struct req *, const char *type,
		    const char *uuid);
/* New string object or JSON null for NULL. */
struct json_object *hjson_str(const char *);
/* String member or NULL; *bad set when present with another type. */
const char	*hjson_get_str(struct json_object *, const char *key, int *bad);
/*
 * len bytes of well-formed UTF-8 (RFC 3629: no overlong forms, surrogates,
 * code points past U+10FFFF or NUL bytes)? Its length in code points goes
 * to *nchars when not NULL. json-c passes invalid bytes through and keeps
 * an escaped \u0000, so every text field is checked with this before it
 * is stored (PostgreSQL refuses it, which would be a 5xx).
 */
int		 hjson_utf8(const char *s, size_t len, size_t *nchars);
/*
 * Fail with 422 {"message": "Validation Failed", "errors": [{"field",
 * "code", "message"}]}: Buildkite's shape plus a message a person reads.
 */
enum status	 hjson_invalid(struct req *, const char *field,
		    const char *code, const char *msg);

#endif
