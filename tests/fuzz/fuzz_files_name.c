/* fuzz_files_name.c: libFuzzer target for the files ecosystem's name rule */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "eco/files.h"
#include "eco/semver.h"
#include "util/arena.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

/*
 * A name that parses is exactly BASENAME-SEMVER.EXT of its parts, with a
 * valid SemVer and a BASENAME of letters, digits and '-'.
 */
int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct arena		 a;
	struct files_name	 fn;
	char			*joined;
	size_t			 i;

	arena_init(&a, 1 << 20);
	if (files_name_parse(&a, (const char *)data, size, &fn) == 0) {
		joined = arena_strfmt(&a, "%s-%s.%s", fn.basename, fn.version,
		    fn.ext);
		if (joined == NULL || strlen(joined) != size ||
		    memcmp(joined, data, size) != 0 ||
		    !semver_valid(fn.version))
			abort();
		for (i = 0; fn.basename[i]; i++)
			if (strchr("./+_", fn.basename[i]) != NULL)
				abort();
		(void)files_content_type(fn.ext);
	}
	arena_release(&a);
	return 0;
}
