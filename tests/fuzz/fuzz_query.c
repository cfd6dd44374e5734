/* fuzz_query.c: url_decode, query_parse and url_encode on arbitrary input */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "http/query.h"
#include "util/arena.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

/*
 * Besides not crashing: every decoded string has no NUL before its end, and
 * decode(encode(s)) == s for the input taken as a string.
 */
int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct arena	 a;
	struct kvlist	 l;
	const char	*p = (const char *)data;
	char		*s, *enc, *back, *str;
	size_t		 n, i;

	arena_init(&a, 16 * 1024 * 1024);
	if (url_decode(&a, p, size, 1, &s, &n) == 0 && strlen(s) != n)
		abort();
	if (url_decode(&a, p, size, 0, &s, &n) == 0 && strlen(s) != n)
		abort();
	if (query_parse(&a, p, size, 64, &l) == 0) {
		if (l.n > 64)
			abort();
		for (i = 0; i < l.n; i++)
			if (strlen(l.v[i].val) != l.v[i].vlen ||
			    kv_get(&l, l.v[i].key) == NULL)
				abort();
	} else if (l.n != 0)
		abort();
	if ((str = arena_strndup(&a, p, size)) != NULL &&
	    (enc = url_encode(&a, str)) != NULL) {
		if (url_decode(&a, enc, strlen(enc), 0, &back, &n) == -1)
			abort();
		if (strcmp(back, str) != 0)
			abort();
		for (i = 0; enc[i] != '\0'; i++)
			if (strchr("%-._~", enc[i]) == NULL &&
			    !(enc[i] >= '0' && enc[i] <= '9') &&
			    !(enc[i] >= 'A' && enc[i] <= 'Z') &&
			    !(enc[i] >= 'a' && enc[i] <= 'z'))
				abort();
	}
	arena_release(&a);
	return 0;
}
