/* npm_name.c: npm package names and tarball file names */
#include <string.h>

#include "eco/npm.h"
#include "util/banned.h"

#define NPM_NAME_MAX	214

/* Names npm itself refuses because they clash with files and folders. */
static const char *const npm_name_reserved[] = {
	"node_modules",
	"favicon.ico",
};

static int
npm_name_char(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
	    c == '-' || c == '.' || c == '_' || c == '~';
}

/* One part (scope or name) of n bytes; *why set on failure. */
static int
npm_name_part(const char *p, size_t n, const char *what, const char **why)
{
	size_t	 i;

	if (n == 0) {
		*why = what[0] == 's' ? "scope is empty" : "name is empty";
		return 0;
	}
	if (p[0] == '.' || p[0] == '_') {
		*why = what[0] == 's' ? "scope starts with '.' or '_'" :
		    "name starts with '.' or '_'";
		return 0;
	}
	for (i = 0; i < n; i++)
		if (!npm_name_char((unsigned char)p[i])) {
			*why = what[0] == 's' ?
			    "scope has characters other than a-z 0-9 - . _ ~" :
			    "name has characters other than a-z 0-9 - . _ ~";
			return 0;
		}
	return 1;
}

/*
 * The reserved names are refused as the whole name and as the name part of
 * a scoped name ("@s/node_modules"), which is stricter than npm.
 */
int
npm_name_valid(const char *name, const char **why)
{
	const char	*dummy, *slash, *base;
	size_t		 len, i;

	if (why == NULL)
		why = &dummy;
	if (name == NULL) {
		*why = "name is empty";
		return 0;
	}
	len = strnlen(name, NPM_NAME_MAX + 1);
	if (len > NPM_NAME_MAX) {
		*why = "name is longer than 214 bytes";
		return 0;
	}
	base = name;
	if (name[0] == '@') {
		if ((slash = strchr(name, '/')) == NULL) {
			*why = "scoped name has no '/'";
			return 0;
		}
		if (!npm_name_part(name + 1, (size_t)(slash - name - 1),
		    "scope", why))
			return 0;
		base = slash + 1;
	}
	if (!npm_name_part(base, strlen(base), "name", why))
		return 0;
	for (i = 0; i < sizeof(npm_name_reserved) /
	    sizeof(npm_name_reserved[0]); i++)
		if (strcmp(base, npm_name_reserved[i]) == 0) {
			*why = "name is reserved";
			return 0;
		}
	*why = NULL;
	return 1;
}

char *
npm_tarball_name(struct arena *a, const char *name, const char *version)
{
	const char	*slash;

	if (name[0] == '@' && (slash = strchr(name, '/')) != NULL)
		name = slash + 1;
	return arena_strfmt(a, "%s-%s.tgz", name, version);
}
