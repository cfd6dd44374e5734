/* fuzz_pypi_name.c: libFuzzer target for PyPI names, versions, file names and Accept headers */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "eco/pypi.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

/*
 * The input is taken whole as a name, a version, a file name and an Accept
 * header. Checks: normalizing is idempotent and keeps names valid; a
 * normalized version normalizes to itself; a parsed file name is valid
 * and, for wheels, matches its own name and version when those are valid.
 */
int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct arena		 a;
	struct pypi_filename	 fn;
	const char		*why;
	char			*s, *n, *nn, v[PYPI_VERSION_BUF];
	char			 v2[PYPI_VERSION_BUF];
	enum pypi_format	 f;

	arena_init(&a, 16 * 1024 * 1024);
	if ((s = arena_strndup(&a, (const char *)data, size)) == NULL)
		abort();
	if ((n = pypi_name_normalize(&a, s)) == NULL ||
	    (nn = pypi_name_normalize(&a, n)) == NULL || strcmp(n, nn) != 0)
		abort();
	if (pypi_name_valid((const char *)data, size) &&
	    !pypi_name_valid(n, strlen(n)))
		abort();
	if (pypi_version_normalize((const char *)data, size, v,
	    sizeof(v)) == 0) {
		if (pypi_version_normalize(v, strlen(v), v2, sizeof(v2)) ==
		    -1 || strcmp(v, v2) != 0)
			abort();
	}
	if (pypi_filename_parse(&a, s, &fn, &why) == 0) {
		/* s stops at a NUL in the input: that prefix was parsed. */
		if (strlen(s) > PYPI_FILENAME_MAX ||
		    fn.kind >= PYPI_KIND__MAX || fn.stem == NULL)
			abort();
		if (fn.kind == PYPI_WHEEL && pypi_name_valid(fn.name,
		    strlen(fn.name)) && pypi_version_normalize(fn.version,
		    strlen(fn.version), v, sizeof(v)) == 0 &&
		    !pypi_filename_matches(&a, &fn,
		    pypi_name_normalize(&a, fn.name), v))
			abort();
	} else if (why == NULL)
		abort();
	f = pypi_negotiate((const char *)data, size);
	if (f >= PYPI_FMT__MAX || pypi_format_type(f) == NULL)
		abort();
	arena_release(&a);
	return 0;
}
