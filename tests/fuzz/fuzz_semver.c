/* fuzz_semver.c: libFuzzer target for SemVer parsing and precedence */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "eco/semver.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static const char *const fixed[] = {
	"0.0.0", "1.0.0-alpha", "1.0.0-alpha.1", "1.0.0", "2.0.0+b", "x",
};

/*
 * The input, split at the first NUL, is two versions. Checks that
 * comparison is a consistent order: reflexive, antisymmetric, and agrees
 * with validity and the fixed set.
 */
int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char	*a, *b;
	size_t	 i;
	int	 ab, ba, va;

	if ((a = malloc(size + 2)) == NULL)
		return 0;
	memcpy(a, data, size);
	a[size] = '\0';
	a[size + 1] = '\0';
	b = a + strlen(a) + 1;
	va = semver_valid(a);
	if (semver_is_prerelease(a) && !va)
		abort();
	if (semver_cmp(a, a) != 0)
		abort();
	ab = semver_cmp(a, b);
	ba = semver_cmp(b, a);
	if ((ab > 0) != (ba < 0) || (ab == 0) != (ba == 0))
		abort();
	if (va != semver_valid(b) && (ab > 0) != va)
		abort();
	for (i = 0; i < sizeof(fixed) / sizeof(fixed[0]); i++) {
		ab = semver_cmp(a, fixed[i]);
		ba = semver_cmp(fixed[i], a);
		if ((ab > 0) != (ba < 0) || (ab == 0) != (ba == 0))
			abort();
	}
	free(a);
	return 0;
}
