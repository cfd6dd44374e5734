/* fuzz_maven_path.c: libFuzzer target for maven2 paths, checksums, versions */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "eco/maven.h"
#include "util/arena.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

/* Does p[0..len) have a segment that starts with '.' ("..", ".", ".x")? */
static int
dot_segment(const char *p, size_t len)
{
	size_t	 i;

	for (i = 0; i < len; i++)
		if (p[i] == '.' && (i == 0 || p[i - 1] == '/'))
			return 1;
	return 0;
}

static void
check_path(struct arena *a, const char *p, size_t len)
{
	struct maven_path	 mp;
	const char		*why = NULL;
	char			*cl, *ext, *ts, *name;
	unsigned		 build;
	int			 rc;

	rc = maven_path_parse(a, p, len, &mp, &why);
	if (rc != 0) {
		if (why == NULL || (rc != -1 && rc != 1))
			abort();
		return;
	}
	name = arena_strfmt(a, "%s:%s", mp.group, mp.artifact);
	if (name == NULL || strcmp(name, mp.name) != 0)
		abort();
	/* Nothing unsafe survives a successful parse. */
	if (dot_segment(p, len))
		abort();
	if (strchr(mp.group, '/') || strchr(mp.artifact, '/') ||
	    strchr(mp.filename, '/') || mp.artifact[0] == '.' ||
	    mp.filename[0] == '.')
		abort();
	if (mp.kind == MK_META_ARTIFACT && mp.version != NULL)
		abort();
	if (mp.kind != MK_FILE)
		return;
	if (mp.version == NULL || mp.extension == NULL ||
	    maven_file_parse(a, mp.artifact, mp.version, mp.filename, &cl,
	    &ext, &ts, &build) != 0 || strcmp(ext, mp.extension) != 0 ||
	    build != mp.build || (ts == NULL) != (mp.timestamp == NULL))
		abort();
}

/*
 * The input is a path, a checksum body, and (split at the first NUL) two
 * versions whose order must be consistent.
 */
int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct arena	 a;
	char		*s, *b, out[129];
	enum maven_sum	 m;
	int		 ab, ba;

	arena_init(&a, 1 << 20);
	check_path(&a, (const char *)data, size);
	for (m = MS_MD5; m < MS__MAX; m++)
		if (maven_checksum_parse((const char *)data, size, m,
		    out) == 0 && strlen(out) != maven_sum_hexlen(m))
			abort();
	if ((s = malloc(size + 2)) != NULL) {
		memcpy(s, data, size);
		s[size] = s[size + 1] = '\0';
		b = s + strlen(s) + 1;
		if (maven_version_cmp(s, s) != 0)
			abort();
		ab = maven_version_cmp(s, b);
		ba = maven_version_cmp(b, s);
		if ((ab > 0) != (ba < 0) || (ab == 0) != (ba == 0) ||
		    (ab == 0) != (strcmp(s, b) == 0))
			abort();
		free(s);
	}
	arena_release(&a);
	return 0;
}
