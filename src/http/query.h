/* query.h: application/x-www-form-urlencoded parsing and URL escaping */
#ifndef DEPOT_QUERY_H
#define DEPOT_QUERY_H

#include <stddef.h>

#include "http/kv.h"
#include "util/arena.h"

/*
 * Percent-decode p[0..len) into a new arena string. With plus_is_space, '+'
 * becomes ' ' (query strings and form bodies; never in paths). Fails (-1) on
 * a malformed escape ("%4", "%zz") or a decoded NUL byte, so no caller ever
 * sees a string cut short by an embedded NUL. A raw NUL in the input fails
 * the same way. errno is EINVAL for bad input, ENOMEM when the arena is full.
 */
int	 url_decode(struct arena *, const char *p, size_t len,
	    int plus_is_space, char **out, size_t *outlen);

/*
 * Parse "a=1&b=2" into out (arena memory). Empty pairs ("&&") are skipped; a
 * pair without '=' has value "". Fails (-1) on a bad escape or when there are
 * more than max_fields pairs. Never reads past len. On failure out is empty
 * and errno says why: EINVAL (bad escape), E2BIG (too many pairs) or ENOMEM.
 */
int	 query_parse(struct arena *, const char *p, size_t len,
	    size_t max_fields, struct kvlist *out);

/*
 * Percent-encode one path segment or query value: everything but the RFC 3986
 * unreserved characters (ALPHA DIGIT - . _ ~) is escaped. Returns an arena
 * string or NULL on allocation failure.
 */
char	*url_encode(struct arena *, const char *s);

#endif
