/* scope.c: scope names */
#include <ctype.h>
#include <string.h>

#include "auth/scope.h"
#include "util/buf.h"
#include "util/banned.h"

static const struct {
	unsigned	 bit;
	const char	*name;
} scopes[] = {
	{ SC_READ_REGISTRIES, "read_registries" },
	{ SC_WRITE_REGISTRIES, "write_registries" },
	{ SC_DELETE_REGISTRIES, "delete_registries" },
	{ SC_READ_PACKAGES, "read_packages" },
	{ SC_WRITE_PACKAGES, "write_packages" },
	{ SC_DELETE_PACKAGES, "delete_packages" },
	{ SC_READ_AUDIT_EVENTS, "read_audit_events" },
};

#define NSCOPES (sizeof(scopes) / sizeof(scopes[0]))

const char *
scope_name(unsigned bit)
{
	size_t	 i;

	for (i = 0; i < NSCOPES; i++)
		if (scopes[i].bit == bit)
			return scopes[i].name;
	return NULL;
}

int
scope_parse(struct arena *a, const char *list, unsigned *out,
    const char **bad)
{
	const char	*p = list, *s, *e;
	size_t		 i, len;

	*out = 0;
	while (*p) {
		while (*p == ',' || isspace((unsigned char)*p))
			p++;
		if (*p == '\0')
			break;
		s = p;
		while (*p && *p != ',')
			p++;
		e = p;
		while (e > s && isspace((unsigned char)e[-1]))
			e--;
		len = (size_t)(e - s);
		for (i = 0; i < NSCOPES; i++)
			if (strlen(scopes[i].name) == len &&
			    strncmp(scopes[i].name, s, len) == 0)
				break;
		if (i == NSCOPES) {
			*bad = arena_strndup(a, s, len);
			return -1;
		}
		*out |= scopes[i].bit;
	}
	return 0;
}

char *
scope_pg_array(struct arena *a, unsigned bits)
{
	struct buf	 b;
	char		*s;
	size_t		 i;
	int		 first = 1;

	buf_init(&b, 1024);
	buf_addch(&b, '{');
	for (i = 0; i < NSCOPES; i++)
		if (bits & scopes[i].bit) {
			if (!first)
				buf_addch(&b, ',');
			buf_adds(&b, scopes[i].name);
			first = 0;
		}
	buf_addch(&b, '}');
	s = arena_strdup(a, b.data);
	buf_release(&b);
	return s;
}
