/* fuzz_cookie.c: cookie_parse on arbitrary Cookie header values */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "http/cookie.h"
#include "util/arena.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

/* Besides not crashing: names non-empty, no string cut short by a NUL. */
int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct arena	 a;
	struct kvlist	 l;
	size_t		 i;

	arena_init(&a, 16 * 1024 * 1024);
	if (cookie_parse(&a, (const char *)data, size, 32, &l) == 0) {
		if (l.n > 32)
			abort();
		for (i = 0; i < l.n; i++) {
			if (l.v[i].key[0] == '\0' ||
			    strlen(l.v[i].val) != l.v[i].vlen ||
			    strchr(l.v[i].key, '=') != NULL ||
			    strchr(l.v[i].key, ';') != NULL ||
			    strchr(l.v[i].val, ';') != NULL)
				abort();
		}
	} else if (l.n != 0)
		abort();
	arena_release(&a);
	return 0;
}
