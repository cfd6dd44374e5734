/* cookie.c: Cookie request header parsing (RFC 6265 section 5.4) */
#include <errno.h>
#include <string.h>

#include "http/cookie.h"
#include "util/banned.h"

#define OWS(c)	((c) == ' ' || (c) == '\t')

struct span {
	const char	*p;
	size_t		 len;
};

/*
 * Find the next pair to keep at or after *off: one with an '=', a non-empty
 * name and no NUL byte (a NUL would cut the C string short). Returns 0 when
 * no pair is left.
 */
static int
next_cookie(const char *p, size_t len, size_t *off, struct span *name,
    struct span *val)
{
	const char	*semi, *eq, *s, *e;

	while (*off < len) {
		s = p + *off;
		semi = memchr(s, ';', len - *off);
		e = semi ? semi : p + len;
		*off = semi ? (size_t)(semi - p) + 1 : len;
		if (memchr(s, '\0', (size_t)(e - s)) != NULL)
			continue;
		if ((eq = memchr(s, '=', (size_t)(e - s))) == NULL)
			continue;
		name->p = s;
		name->len = (size_t)(eq - s);
		while (name->len > 0 && OWS(name->p[0])) {
			name->p++;
			name->len--;
		}
		while (name->len > 0 && OWS(name->p[name->len - 1]))
			name->len--;
		if (name->len == 0)
			continue;
		val->p = eq + 1;
		val->len = (size_t)(e - val->p);
		while (val->len > 0 && OWS(val->p[0])) {
			val->p++;
			val->len--;
		}
		while (val->len > 0 && OWS(val->p[val->len - 1]))
			val->len--;
		if (val->len >= 2 && val->p[0] == '"' &&
		    val->p[val->len - 1] == '"') {
			val->p++;
			val->len -= 2;
		}
		return 1;
	}
	return 0;
}

int
cookie_parse(struct arena *a, const char *p, size_t len, size_t max,
    struct kvlist *out)
{
	struct kv	*v;
	struct span	 name, val;
	size_t		 off = 0, n = 0, i = 0;

	out->v = NULL;
	out->n = 0;
	while (next_cookie(p, len, &off, &name, &val))
		if (++n > max) {
			errno = E2BIG;
			return -1;
		}
	if (n == 0)
		return 0;
	if ((v = arena_calloc(a, n, sizeof(*v))) == NULL) {
		errno = ENOMEM;
		return -1;
	}
	off = 0;
	while (next_cookie(p, len, &off, &name, &val)) {
		if ((v[i].key = arena_strndup(a, name.p, name.len)) == NULL ||
		    (v[i].val = arena_strndup(a, val.p, val.len)) == NULL) {
			errno = ENOMEM;
			return -1;
		}
		v[i].vlen = val.len;
		i++;
	}
	out->v = v;
	out->n = n;
	return 0;
}
