/* fuzz_credential.c: libFuzzer target for Authorization header parsing */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "auth/credential.h"
#include "util/arena.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct arena		 a;
	struct credential	 c;
	const char		*why;
	char			*h;

	arena_init(&a, 1 << 22);
	h = malloc(size + 1);
	if (h == NULL)
		return 0;
	memcpy(h, data, size);
	h[size] = '\0';
	(void)credential_parse(&a, h, strlen(h), &c, &why);
	free(h);
	arena_release(&a);
	return 0;
}
