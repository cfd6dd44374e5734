/* cookie.h: Cookie request header parsing */
#ifndef DEPOT_COOKIE_H
#define DEPOT_COOKIE_H

#include <stddef.h>

#include "http/kv.h"
#include "util/arena.h"

/*
 * Parse "a=1; b=2" (RFC 6265 cookie-string) into out. Names and values are
 * taken as they are (no percent-decoding); surrounding double quotes on a
 * value are removed; pairs without '=' are skipped. Fails (-1) when there are
 * more than max pairs. Never reads past len.
 *
 * Spaces and tabs around names and values are trimmed. Pairs with an empty
 * name or holding a NUL byte are skipped too, and do not count against max.
 * On failure out is empty and errno is E2BIG (too many) or ENOMEM.
 */
int	 cookie_parse(struct arena *, const char *p, size_t len, size_t max,
	    struct kvlist *out);

#endif
