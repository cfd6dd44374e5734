/* fuzz_npm_tarball.c: libFuzzer target for npm tarball inspection */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "eco/npm.h"
#include "eco/semver.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static char	 path[64];
static int	 fd = -1;

static const struct archive_limits lim = {
	.max_entries = 200,
	.max_entry_size = 64 * 1024,
	.max_total = 4 * 1024 * 1024,
	.max_ratio = 100,
};

/* The input is written to one temp file, reused across runs. */
int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct arena		 a;
	struct npm_tarball	 t;
	char			 err[256];
	int			 rc;

	if (fd == -1) {
		snprintf(path, sizeof(path), "/tmp/fuzz_npm_tarball.XXXXXX");
		if ((fd = mkstemp(path)) == -1)
			abort();
		unlink(path);
		snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	}
	if (ftruncate(fd, 0) == -1 ||
	    pwrite(fd, data, size, 0) != (ssize_t)size)
		abort();
	arena_init(&a, 16 * 1024 * 1024);
	rc = npm_tarball_inspect(path, &lim, &a, &t, err, sizeof(err));
	if (rc == 0) {
		if (t.name == NULL || t.version == NULL ||
		    !semver_valid(t.version) || t.manifest == NULL ||
		    t.manifest_len > lim.max_entry_size)
			abort();
		if (t.readme != NULL && t.readme_len > 1024 * 1024)
			abort();
	} else if (err[0] == '\0')
		abort();
	arena_release(&a);
	return 0;
}
