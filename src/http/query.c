/* query.c: percent-decoding, urlencoded pairs and URL escaping */
#include <errno.h>
#include <stdint.h>
#include <string.h>

#include "http/query.h"
#include "util/banned.h"

static int
hexval(unsigned char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/*
 * The decoded string is never longer than its input, so one allocation of
 * len + 1 bytes holds it. A raw NUL in the input is refused like a decoded
 * one: either would cut the string short for every C caller.
 */
int
url_decode(struct arena *a, const char *p, size_t len, int plus_is_space,
    char **out, size_t *outlen)
{
	char	*s;
	size_t	 i, n = 0;
	int	 hi, lo;

	*out = NULL;
	if (outlen)
		*outlen = 0;
	if (len == SIZE_MAX || (s = arena_alloc(a, len + 1)) == NULL) {
		errno = ENOMEM;
		return -1;
	}
	for (i = 0; i < len; i++) {
		if (p[i] == '%') {
			if (len - i < 3 ||
			    (hi = hexval((unsigned char)p[i + 1])) == -1 ||
			    (lo = hexval((unsigned char)p[i + 2])) == -1 ||
			    (hi == 0 && lo == 0)) {
				errno = EINVAL;
				return -1;
			}
			s[n++] = (char)(hi << 4 | lo);
			i += 2;
		} else if (p[i] == '+' && plus_is_space)
			s[n++] = ' ';
		else if (p[i] == '\0') {
			errno = EINVAL;
			return -1;
		} else
			s[n++] = p[i];
	}
	s[n] = '\0';
	*out = s;
	if (outlen)
		*outlen = n;
	return 0;
}

/*
 * Find the next non-empty pair at or after *off; 0 when there is none left.
 */
static int
next_pair(const char *p, size_t len, size_t *off, size_t *start, size_t *end)
{
	const char	*amp;
	size_t		 s, e;

	while (*off < len) {
		s = *off;
		amp = memchr(p + s, '&', len - s);
		e = amp ? (size_t)(amp - p) : len;
		*off = amp ? e + 1 : len;
		if (e > s) {
			*start = s;
			*end = e;
			return 1;
		}
	}
	return 0;
}

int
query_parse(struct arena *a, const char *p, size_t len, size_t max_fields,
    struct kvlist *out)
{
	struct kv	*v = NULL;
	const char	*eq;
	char		*key, *val;
	size_t		 off, s, e, n = 0, i = 0, vlen;

	out->v = NULL;
	out->n = 0;
	off = 0;
	while (next_pair(p, len, &off, &s, &e))
		if (++n > max_fields) {
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
	while (next_pair(p, len, &off, &s, &e)) {
		eq = memchr(p + s, '=', e - s);
		if (eq == NULL) {
			if (url_decode(a, p + s, e - s, 1, &key, NULL) == -1 ||
			    url_decode(a, "", 0, 1, &val, &vlen) == -1)
				return -1;
		} else if (url_decode(a, p + s, (size_t)(eq - (p + s)), 1,
		    &key, NULL) == -1 ||
		    url_decode(a, eq + 1, e - (size_t)(eq + 1 - p), 1,
		    &val, &vlen) == -1)
			return -1;
		v[i].key = key;
		v[i].val = val;
		v[i].vlen = vlen;
		i++;
	}
	out->v = v;
	out->n = n;
	return 0;
}

char *
url_encode(struct arena *a, const char *s)
{
	static const char	 hex[] = "0123456789ABCDEF";
	unsigned char		 c;
	size_t			 len, i, n = 0;
	char			*out;

	len = strlen(s);
	if (len > (SIZE_MAX - 1) / 3 ||
	    (out = arena_alloc(a, len * 3 + 1)) == NULL)
		return NULL;
	for (i = 0; i < len; i++) {
		c = (unsigned char)s[i];
		if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
		    (c >= '0' && c <= '9') || c == '-' || c == '.' ||
		    c == '_' || c == '~')
			out[n++] = (char)c;
		else {
			out[n++] = '%';
			out[n++] = hex[c >> 4];
			out[n++] = hex[c & 0xf];
		}
	}
	out[n] = '\0';
	return out;
}
