/* hjson.c: JSON bodies and model writers for the REST API */
#include <string.h>

#include "db/db_team.h"
#include "handlers/hjson.h"
#include "http/query.h"
#include "util/buf.h"
#include "util/digest.h"
#include "util/banned.h"

#define JSON_DEPTH 32

enum status
hjson_read(struct req *r, struct json_object **out)
{
	struct json_tokener	*tok = NULL;
	struct buf		 b;
	char			 chunk[16384];
	long			 n;
	enum status		 st = ST_OK;

	*out = NULL;
	if (strncmp(r->content_type, "application/json", 16) != 0 &&
	    r->content_type[0] != '\0')
		return req_fail(r, ST_UNSUPPORTED, "expected a JSON body "
		    "(Content-Type: application/json)");
	buf_init(&b, (size_t)r->ctx->conf->json_max);
	while ((n = req_read(r, chunk, sizeof(chunk))) > 0)
		if (buf_add(&b, chunk, (size_t)n) == -1) {
			st = req_fail(r, ST_TOOBIG, "request body is larger "
			    "than the limit of %lld bytes",
			    r->ctx->conf->json_max);
			goto out;
		}
	if (n < 0) {
		st = req_fail(r, ST_BADREQ, "cannot read the request body");
		goto out;
	}
	/* RFC 8259: JSON text is UTF-8 (json-c's own check misses much). */
	if (!hjson_utf8(b.data, b.len, NULL)) {
		st = req_fail(r, ST_BADREQ, "malformed JSON body: not UTF-8");
		goto out;
	}
	if ((tok = json_tokener_new_ex(JSON_DEPTH)) == NULL) {
		st = ST_INTERNAL;
		goto out;
	}
	/* No single quotes, trailing commas or other leniencies. */
	json_tokener_set_flags(tok, JSON_TOKENER_STRICT);
	*out = json_tokener_parse_ex(tok, b.data, (int)b.len);
	if (json_tokener_get_error(tok) != json_tokener_success ||
	    (size_t)json_tokener_get_parse_end(tok) != b.len) {
		if (*out)
			json_object_put(*out);
		*out = NULL;
		st = req_fail(r, ST_BADREQ, "malformed JSON body: %s",
		    b.len == 0 ? "empty" : json_tokener_error_desc(
		    json_tokener_get_error(tok)));
	}
out:
	if (tok)
		json_tokener_free(tok);
	buf_release(&b);
	return st;
}

struct json_object *
hjson_str(const char *s)
{
	return s ? json_object_new_string(s) : NULL;
}

const char *
hjson_get_str(struct json_object *o, const char *key, int *bad)
{
	struct json_object	*v;

	if (!json_object_object_get_ex(o, key, &v) || v == NULL)
		return NULL;
	if (!json_object_is_type(v, json_type_string)) {
		*bad = 1;
		return NULL;
	}
	return json_object_get_string(v);
}

int
hjson_utf8(const char *s, size_t len, size_t *nchars)
{
	const unsigned char	*p = (const unsigned char *)s;
	const unsigned char	*end = p + len;
	unsigned		 cp, min;
	size_t			 n = 0;
	int			 more;

	while (p < end) {
		if (*p == 0)
			return 0;
		if (*p < 0x80) {
			p++;
			n++;
			continue;
		}
		if (*p >= 0xc2 && *p <= 0xdf) {
			cp = *p & 0x1f;
			more = 1;
			min = 0x80;
		} else if ((*p & 0xf0) == 0xe0) {
			cp = *p & 0x0f;
			more = 2;
			min = 0x800;
		} else if (*p >= 0xf0 && *p <= 0xf4) {
			cp = *p & 0x07;
			more = 3;
			min = 0x10000;
		} else
			return 0;
		if (end - p <= more)
			return 0;
		for (p++; more > 0; more--, p++) {
			if ((*p & 0xc0) != 0x80)
				return 0;
			cp = (cp << 6) | (*p & 0x3f);
		}
		if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
			return 0;
		n++;
	}
	if (nchars)
		*nchars = n;
	return 1;
}

enum status
hjson_invalid(struct req *r, const char *field, const char *code,
    const char *msg)
{
	struct json_object	*o, *arr, *e;

	o = json_object_new_object();
	arr = json_object_new_array();
	e = json_object_new_object();
	json_object_object_add(e, "field", json_object_new_string(field));
	json_object_object_add(e, "code", json_object_new_string(code));
	json_object_object_add(e, "message", json_object_new_string(msg));
	json_object_array_add(arr, e);
	json_object_object_add(o, "errors", arr);
	r->errextra = arena_strdup(r->arena,
	    json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN));
	json_object_put(o);
	return req_fail(r, ST_INVALID, "Validation Failed");
}

char *
hjson_graphql_id(struct req *r, const char *type, const char *uuid)
{
	char		*raw, *out;

	raw = arena_strfmt(r->arena, "%s---%s", type, uuid);
	out = arena_alloc(r->arena, 4 * (strlen(raw) + 2) / 3 + 4);
	base64_encode((const unsigned char *)raw, strlen(raw), out);
	return out;
}

struct json_object *
hjson_org_ref(struct req *r, const char *id, const char *slug)
{
	const struct conf	*c = r->ctx->conf;
	struct json_object	*o = json_object_new_object();
	char			*eslug = url_encode(r->arena, slug);

	json_object_object_add(o, "id", json_object_new_string(id));
	json_object_object_add(o, "slug", json_object_new_string(slug));
	json_object_object_add(o, "url", json_object_new_string(
	    arena_strfmt(r->arena, "%s/v2/organizations/%s", c->api_url,
	    eslug)));
	json_object_object_add(o, "web_url", json_object_new_string(
	    arena_strfmt(r->arena, "%s/organizations/%s", c->web_url, eslug)));
	return o;
}

struct json_object *
hjson_registry(struct req *r, const struct registry *g)
{
	const struct conf	*c = r->ctx->conf;
	struct json_object	*o = json_object_new_object(), *ids;
	char			*eorg = url_encode(r->arena, g->org_slug);
	char			*ereg = url_encode(r->arena, g->slug);
	char			**tids;
	size_t			 ntids, i;

	json_object_object_add(o, "id", json_object_new_string(g->id));
	json_object_object_add(o, "graphql_id", json_object_new_string(
	    hjson_graphql_id(r, "Registry", g->id)));
	json_object_object_add(o, "slug", json_object_new_string(g->slug));
	json_object_object_add(o, "url", json_object_new_string(
	    arena_strfmt(r->arena, "%s/v2/packages/organizations/%s/"
	    "registries/%s", c->api_url, eorg, ereg)));
	json_object_object_add(o, "web_url", json_object_new_string(
	    arena_strfmt(r->arena, "%s/organizations/%s/packages/"
	    "registries/%s", c->web_url, eorg, ereg)));
	json_object_object_add(o, "packages_url", json_object_new_string(
	    arena_strfmt(r->arena, "%s/%s/%s", c->packages_url, eorg, ereg)));
	json_object_object_add(o, "name", json_object_new_string(g->name));
	json_object_object_add(o, "ecosystem",
	    json_object_new_string(g->ecosystem));
	json_object_object_add(o, "description",
	    json_object_new_string(g->description ? g->description : ""));
	json_object_object_add(o, "emoji", hjson_str(g->emoji));
	json_object_object_add(o, "color", hjson_str(g->color));
	json_object_object_add(o, "public", json_object_new_boolean(g->public));
	json_object_object_add(o, "oidc_policy", hjson_str(g->oidc_policy));
	json_object_object_add(o, "team_ids", ids = json_object_new_array());
	if (r->principal.teams && db_team_ids(r->ctx->db, r->arena, g->id,
	    &tids, &ntids) == 0)
		for (i = 0; i < ntids; i++)
			json_object_array_add(ids,
			    json_object_new_string(tids[i]));
	json_object_object_add(o, "type", json_object_new_string("source"));
	json_object_object_add(o, "created_at",
	    json_object_new_string(g->created_at));
	json_object_object_add(o, "updated_at",
	    json_object_new_string(g->updated_at));
	return o;
}

struct json_object *
hjson_package(struct req *r, const struct pkg *p)
{
	const struct conf	*c = r->ctx->conf;
	const struct registry	*g = r->registry;
	struct json_object	*o = json_object_new_object(), *d, *reg;
	char			*eorg = url_encode(r->arena, g->org_slug);
	char			*ereg = url_encode(r->arena, g->slug);

	json_object_object_add(o, "id", json_object_new_string(p->id));
	json_object_object_add(o, "url", json_object_new_string(
	    arena_strfmt(r->arena, "%s/v2/packages/organizations/%s/"
	    "registries/%s/packages/%s", c->api_url, eorg, ereg, p->id)));
	json_object_object_add(o, "web_url", json_object_new_string(
	    arena_strfmt(r->arena, "%s/organizations/%s/packages/"
	    "registries/%s/packages/%s", c->web_url, eorg, ereg, p->id)));
	json_object_object_add(o, "name", json_object_new_string(p->name));
	json_object_object_add(o, "version",
	    json_object_new_string(p->version));
	json_object_object_add(o, "created_at",
	    json_object_new_string(p->created_at));
	json_object_object_add(o, "size", json_object_new_int64(p->size));
	json_object_object_add(o, "downloads",
	    json_object_new_int64(p->downloads));
	d = json_object_new_object();
	json_object_object_add(d, "sha256", hjson_str(p->sha256));
	json_object_object_add(d, "sha512", hjson_str(p->sha512));
	json_object_object_add(o, "digests", d);
	json_object_object_add(o, "organization",
	    hjson_org_ref(r, g->org_id, g->org_slug));
	reg = hjson_registry(r, g);
	json_object_object_add(o, "registry", reg);
	return o;
}
