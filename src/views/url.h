/* url.h: building the URLs pages link to, one escaped segment at a time */
#ifndef DEPOT_URL_H
#define DEPOT_URL_H

#include <stdarg.h>

#include "util/arena.h"

/*
 * base followed by each segment, percent-encoded (url_encode: all but
 * RFC 3986 unreserved characters) and joined with '/'. The list ends with
 * NULL. base is taken as it is: "" for a path from the root, or a
 * configured URL. A segment can never add a level ("a/b" -> "a%2Fb") nor
 * turn the link into another scheme or host. Arena string, NULL on
 * allocation failure.
 */
char	*url_path(struct arena *, const char *base, ...)
	    __attribute__((sentinel));
/* The same with the segments in a va_list (ending with NULL). */
char	*url_vpath(struct arena *, const char *base, va_list);
/*
 * url with a query: (key, value) pairs ending with NULL; a pair whose
 * value is NULL or "" is left out. Keys and values are percent-encoded.
 */
char	*url_query(struct arena *, const char *url, ...)
	    __attribute__((sentinel));
/*
 * s when it is an absolute http:// or https:// URL without spaces or
 * control characters (a homepage read from a package), else NULL: links
 * taken from package metadata never run script (javascript:, data:).
 */
const char *url_external(const char *s);
/* The path part of a configured base URL ("https://h/x" -> "/x", else ""). */
const char *url_base_path(struct arena *, const char *url);

#endif
