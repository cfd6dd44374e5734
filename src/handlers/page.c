/* page.c: cursors and the {items, links} envelope */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "handlers/hjson.h"
#include "handlers/page.h"
#include "router.h"
#include "util/secret.h"
#include "util/banned.h"

/* Hex digits of the HMAC a cursor carries (96 bits). */
#define CURSOR_MAC	24
#define CURSOR_MAX	160

static const char b64url[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/*
 * The cursor's MAC: HMAC under the server key of the route's pattern and
 * "time|id", so a cursor is good for the list that made it and no other,
 * and a changed one is refused before it reaches SQL. Without a server key
 * cursors carry no MAC (their shape is still checked).
 */
static int
cursor_mac(struct req *r, const char *raw, char out[CURSOR_MAC + 1])
{
	char	 mac[65];
	char	*msg;

	if (!secret_loaded())
		return 0;
	msg = arena_strfmt(r->arena, "%s|%s", r->route ? r->route->pattern :
	    "", raw);
	if (msg == NULL || secret_mac(msg, strlen(msg), mac) == -1)
		return -1;
	memcpy(out, mac, CURSOR_MAC);
	out[CURSOR_MAC] = '\0';
	return 1;
}

static char *
cursor_encode(struct req *r, const char *t, const char *id)
{
	struct arena	*a = r->arena;
	char		*raw = arena_strfmt(a, "%s|%s", t, id), *out;
	char		 mac[CURSOR_MAC + 1];
	size_t		 n, i, o = 0;
	unsigned	 acc = 0;
	int		 bits = 0;

	if (raw == NULL)
		return NULL;
	switch (cursor_mac(r, raw, mac)) {
	case -1:
		return NULL;
	case 1:
		raw = arena_strfmt(a, "%s|%s", raw, mac);
		break;
	}
	n = strlen(raw);
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

static int
num(const char *s, size_t n)
{
	int	 v = 0;

	while (n--)
		v = v * 10 + (*s++ - '0');
	return v;
}

/*
 * "2026-12-01T03:23:13.578123Z": the only time shape cursors carry, and a
 * real date and time (PostgreSQL refuses 2026-02-30).
 */
static int
valid_time(const char *s)
{
	static const char	 shape[] = "dddd-dd-ddTdd:dd:dd.ddddddZ";
	static const int	 mdays[] = { 31, 29, 31, 30, 31, 30, 31, 31, 30,
	    31, 30, 31 };
	size_t			 i;
	int			 y, m, d;

	if (strlen(s) != sizeof(shape) - 1)
		return 0;
	for (i = 0; shape[i]; i++)
		if (shape[i] == 'd' ? !isdigit((unsigned char)s[i]) :
		    s[i] != shape[i])
			return 0;
	y = num(s, 4);
	m = num(s + 5, 2);
	d = num(s + 8, 2);
	if (y < 1 || m < 1 || m > 12 || d < 1 || d > mdays[m - 1])
		return 0;
	if (m == 2 && d == 29 && !(y % 4 == 0 && (y % 100 != 0 ||
	    y % 400 == 0)))
		return 0;
	return num(s + 11, 2) < 24 && num(s + 14, 2) < 60 &&
	    num(s + 17, 2) < 60;
}

/* Equal strings of n bytes, in time that does not depend on where. */
static int
same_mac(const char *a, const char *b, size_t n)
{
	unsigned char	 diff = 0;
	size_t		 i;

	for (i = 0; i < n; i++)
		diff |= (unsigned char)(a[i] ^ b[i]);
	return diff == 0;
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
cursor_decode(struct req *r, const char *c, const char **t,
    const char **id)
{
	char		*out, *bar, *macp, mac[CURSOR_MAC + 1];
	const char	*p;
	size_t		 n = strlen(c), o = 0;
	unsigned	 acc = 0;
	int		 bits = 0, keyed;

	if (n == 0 || n > CURSOR_MAX || (out = arena_alloc(r->arena, n)) ==
	    NULL)
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
	if (strlen(out) != o)
		return -1;
	/* time|id, then |mac when the server has a key */
	if ((macp = strrchr(out, '|')) != NULL && macp - out > 27) {
		*macp++ = '\0';
		if ((keyed = cursor_mac(r, out, mac)) == -1)
			return -1;
		if (keyed && (strlen(macp) != CURSOR_MAC ||
		    !same_mac(macp, mac, CURSOR_MAC)))
			return -1;
	} else if (secret_loaded())
		return -1;
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
		if (*pp == '\0' || *end || n < 1 || n > PAGE_MAX)
			return hjson_invalid(r, "per_page", "invalid",
			    arena_strfmt(r->arena, "per_page must be between "
			    "1 and %d", PAGE_MAX));
		pg->per_page = (int)n;
	}
	if (after && before)
		return req_fail(r, ST_BADREQ, "give after or before, not both");
	if (after || before) {
		if (cursor_decode(r, after ? after : before, &pg->time,
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
		    cursor_encode(r, first_time, first_id))));
	if ((more || (pg->before && pg->time)) && last_time)
		json_object_object_add(links, "next", json_object_new_string(
		    arena_strfmt(r->arena, "%s?%sper_page=%d&after=%s", base,
		    extra, pg->per_page,
		    cursor_encode(r, last_time, last_id))));
	json_object_object_add(o, "links", links);
	return o;
}
