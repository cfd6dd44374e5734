/* page.c: cursors and the {items, links} envelope */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "handlers/hjson.h"
#include "handlers/page.h"
#include "util/banned.h"

static const char b64url[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

static char *
cursor_encode(struct arena *a, const char *t, const char *id)
{
	char		*raw = arena_strfmt(a, "%s|%s", t, id), *out;
	size_t		 n = strlen(raw), i, o = 0;
	unsigned	 acc = 0;
	int		 bits = 0;

	if ((out = arena_alloc(a, n * 4 / 3 + 4)) == NULL)
		return NULL;
	for (i = 0; i < n; i++) {
		acc = (acc << 8) | (unsigned char)raw[i];
		bits += 8;
		while (bits >= 6) {
			bits -= 6;
			out[o++] = b64url[(acc >> bits) & 63];
		}
	}
	if (bits)
		out[o++] = b64url[(acc << (6 - bits)) & 63];
	out[o] = '\0';
	return out;
}

/* "2026-12-01T03:23:13.578123Z": the only time shape cursors carry. */
static int
valid_time(const char *s)
{
	static const char	 shape[] = "dddd-dd-ddTdd:dd:dd.ddddddZ";
	size_t			 i;

	if (strlen(s) != sizeof(shape) - 1)
		return 0;
	for (i = 0; shape[i]; i++)
		if (shape[i] == 'd' ? !isdigit((unsigned char)s[i]) :
		    s[i] != shape[i])
			return 0;
	return 1;
}

static int
valid_uuid(const char *s)
{
	size_t	 i;

	if (strlen(s) != 36)
		return 0;
	for (i = 0; i < 36; i++)
		if ((i == 8 || i == 13 || i == 18 || i == 23) ? s[i] != '-' :
		    !isxdigit((unsigned char)s[i]))
			return 0;
	return 1;
}

static int
cursor_decode(struct arena *a, const char *c, const char **t,
    const char **id)
{
	char		*out, *bar;
	const char	*p;
	size_t		 n = strlen(c), o = 0;
	unsigned	 acc = 0;
	int		 bits = 0;

	if (n == 0 || n > 128 || (out = arena_alloc(a, n)) == NULL)
		return -1;
	for (; *c; c++) {
		if ((p = strchr(b64url, *c)) == NULL || *c == '\0')
			return -1;
		acc = (acc << 6) | (unsigned)(p - b64url);
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			out[o++] = (char)((acc >> bits) & 0xff);
		}
	}
	out[o] = '\0';
	if ((bar = strchr(out, '|')) == NULL)
		return -1;
	*bar = '\0';
	if (!valid_time(out) || !valid_uuid(bar + 1))
		return -1;
	*t = out;
	*id = bar + 1;
	return 0;
}

enum status
page_parse(struct req *r, struct page *pg)
{
	const char	*pp = kv_get(&r->query, "per_page");
	const char	*after = kv_get(&r->query, "after");
	const char	*before = kv_get(&r->query, "before");
	char		*end;
	long		 n;

	memset(pg, 0, sizeof(*pg));
	pg->per_page = PAGE_DEFAULT;
	if (pp) {
		n = strtol(pp, &end, 10);
		if (*pp == '\0' || *end || n < 1 || n > PAGE_MAX) {
			r->errextra = "{\"errors\":[{\"field\":\"per_page\","
			    "\"code\":\"invalid\"}]}";
			return req_fail(r, ST_INVALID, "Validation Failed: "
			    "per_page must be between 1 and %d", PAGE_MAX);
		}
		pg->per_page = (int)n;
	}
	if (after && before)
		return req_fail(r, ST_BADREQ, "give after or before, not both");
	if (after || before) {
		if (cursor_decode(r->arena, after ? after : before, &pg->time,
		    &pg->id) == -1)
			return req_fail(r, ST_BADREQ, "invalid cursor");
		pg->before = before != NULL;
	}
	return ST_OK;
}

struct json_object *
page_wrap(struct req *r, const struct page *pg, struct json_object *items,
    const char *base, const char *extra, const char *first_time,
    const char *first_id, const char *last_time, const char *last_id,
    int more)
{
	struct json_object	*o = json_object_new_object();
	struct json_object	*links = json_object_new_object();

	json_object_object_add(o, "items", items);
	json_object_object_add(links, "self", json_object_new_string(
	    arena_strfmt(r->arena, "%s%s", base, r->query_string[0] ?
	    arena_strfmt(r->arena, "?%s", r->query_string) : "")));
	json_object_object_add(links, "first", json_object_new_string(
	    arena_strfmt(r->arena, "%s?%sper_page=%d", base, extra,
	    pg->per_page)));
	/* Going back needs a cursor: only pages reached by one have a prev. */
	if (pg->time && first_time)
		json_object_object_add(links, "prev", json_object_new_string(
		    arena_strfmt(r->arena, "%s?%sper_page=%d&before=%s", base,
		    extra, pg->per_page,
		    cursor_encode(r->arena, first_time, first_id))));
	if ((more || (pg->before && pg->time)) && last_time)
		json_object_object_add(links, "next", json_object_new_string(
		    arena_strfmt(r->arena, "%s?%sper_page=%d&after=%s", base,
		    extra, pg->per_page,
		    cursor_encode(r->arena, last_time, last_id))));
	json_object_object_add(o, "links", links);
	return o;
}
