/* url.c: URLs for links: segments and query values percent-encoded */
#include <stdarg.h>
#include <string.h>

#include "http/query.h"
#include "util/buf.h"
#include "views/url.h"
#include "util/banned.h"

#define URL_MAX	(64 * 1024)

char *
url_vpath(struct arena *a, const char *base, va_list ap)
{
	struct buf	 b;
	const char	*seg;
	char		*enc, *out = NULL;
	int		 bad = 0;

	buf_init(&b, URL_MAX);
	if (buf_adds(&b, base) == -1)
		bad = 1;
	while (!bad && (seg = va_arg(ap, const char *)) != NULL)
		if ((enc = url_encode(a, seg)) == NULL ||
		    buf_addch(&b, '/') == -1 || buf_adds(&b, enc) == -1)
			bad = 1;
	if (!bad)
		out = arena_strndup(a, b.data, b.len);
	buf_release(&b);
	return out;
}

char *
url_path(struct arena *a, const char *base, ...)
{
	va_list	 ap;
	char	*out;

	va_start(ap, base);
	out = url_vpath(a, base, ap);
	va_end(ap);
	return out;
}

char *
url_query(struct arena *a, const char *url, ...)
{
	struct buf	 b;
	va_list		 ap;
	const char	*k, *v;
	char		*ek, *ev, *out = NULL;
	int		 bad = 0, first = strchr(url, '?') == NULL;

	buf_init(&b, URL_MAX);
	if (buf_adds(&b, url) == -1)
		bad = 1;
	va_start(ap, url);
	while (!bad && (k = va_arg(ap, const char *)) != NULL) {
		v = va_arg(ap, const char *);
		if (v == NULL || *v == '\0')
			continue;
		if ((ek = url_encode(a, k)) == NULL ||
		    (ev = url_encode(a, v)) == NULL ||
		    buf_addch(&b, first ? '?' : '&') == -1 ||
		    buf_adds(&b, ek) == -1 || buf_addch(&b, '=') == -1 ||
		    buf_adds(&b, ev) == -1)
			bad = 1;
		first = 0;
	}
	va_end(ap);
	if (!bad)
		out = arena_strndup(a, b.data, b.len);
	buf_release(&b);
	return out;
}

const char *
url_external(const char *s)
{
	const char	*p;

	if (s == NULL)
		return NULL;
	if (strncmp(s, "https://", 8) != 0 && strncmp(s, "http://", 7) != 0)
		return NULL;
	for (p = s; *p; p++)
		if ((unsigned char)*p <= 0x20 || *p == 0x7f || *p == '"' ||
		    *p == '\\' || *p == '<' || *p == '>')
			return NULL;
	return strlen(s) > 7 + 1 ? s : NULL;
}

const char *
url_base_path(struct arena *a, const char *url)
{
	const char	*p;
	size_t		 n;

	if (url == NULL || (p = strstr(url, "://")) == NULL)
		return "";
	if ((p = strchr(p + 3, '/')) == NULL)
		return "";
	n = strlen(p);
	while (n > 0 && p[n - 1] == '/')
		n--;
	return n ? arena_strndup(a, p, n) : "";
}
