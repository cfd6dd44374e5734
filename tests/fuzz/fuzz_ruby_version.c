/* fuzz_ruby_version.c: libFuzzer target for gem versions and names */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "eco/ruby.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static const char *const fixed[] = {
	"0", "1.0", "1.0.a", "1.0.0.pre.rc1", "2", "10.0.b1", "x",
};

/*
 * The input, split at the first NUL, is two versions. Checks that
 * gem_version_cmp is a consistent order (reflexive, antisymmetric against
 * a fixed set too) and that normalizing leaves no '-' behind.
 */
int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct arena	 ar;
	char		*a, *b, *n;
	const char	*why;
	size_t		 i;
	int		 ab, ba;

	if ((a = malloc(size + 2)) == NULL)
		return 0;
	memcpy(a, data, size);
	a[size] = '\0';
	a[size + 1] = '\0';
	b = a + strlen(a) + 1;
	arena_init(&ar, 1 << 20);
	if (gem_version_cmp(a, a) != 0)
		abort();
	ab = gem_version_cmp(a, b);
	ba = gem_version_cmp(b, a);
	if (ab != -ba)
		abort();
	for (i = 0; i < sizeof(fixed) / sizeof(fixed[0]); i++)
		if (gem_version_cmp(a, fixed[i]) != -gem_version_cmp(fixed[i],
		    a))
			abort();
	if ((n = gem_version_norm(&ar, a, strlen(a))) != NULL &&
	    strchr(n, '-') != NULL)
		abort();
	if (gem_version_valid(a) && strchr(a, '-') != NULL)
		abort();
	if (gem_name_valid(a, &why) && (strchr(a, '/') != NULL ||
	    strcmp(a, "..") == 0))
		abort();
	arena_release(&ar);
	free(a);
	return 0;
}
