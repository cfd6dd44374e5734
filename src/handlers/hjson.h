/* hjson.h: JSON request bodies and the JSON shape of each model object */
#ifndef DEPOT_HJSON_H
#define DEPOT_HJSON_H

#include <json-c/json.h>

#include "db/model.h"
#include "req.h"

/*
 * Read the whole body (at most json_max bytes) and parse it as one JSON
 * value, depth at most 32. The caller puts *out. ST_BADREQ / ST_TOOBIG /
 * ST_UNSUPPORTED with a message on failure.
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

#endif
