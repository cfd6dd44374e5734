/* fuzz_pypi_dist.c: libFuzzer target for wheel and sdist inspection */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "eco/pypi.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static char	 path[64];
static int	 fd = -1;

static const struct archive_limits lim = {
	.max_entries = 200,
	.max_entry_size = 64 * 1024,
	.max_total = 4 * 1024 * 1024,
	.max_ratio = 100,
};

/*
 * The input is written to one temp file, reused across runs, and read as
 * a wheel when it starts as zip files do, else as a gzip-compressed sdist.
 * A success names the file's project with metadata of bounded size.
 */
int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct arena		 a;
	struct pypi_dist	 d;
	const char		*file;
	char			 err[256];

	if (fd == -1) {
		snprintf(path, sizeof(path), "/tmp/fuzz_pypi_dist.XXXXXX");
		if ((fd = mkstemp(path)) == -1)
			abort();
		unlink(path);
		snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	}
	if (ftruncate(fd, 0) == -1 ||
	    pwrite(fd, data, size, 0) != (ssize_t)size)
		abort();
	file = size >= 2 && data[0] == 'P' && data[1] == 'K' ?
	    "demo_hello-1.0-py3-none-any.whl" : "demo_hello-1.0.tar.gz";
	arena_init(&a, 16 * 1024 * 1024);
	if (pypi_dist_inspect(path, file, &lim, &a, &d, err,
	    sizeof(err)) == 0) {
		if (strcmp(d.name, "demo-hello") != 0 ||
		    strcmp(d.version, "1.0") != 0 || d.metadata == NULL ||
		    d.metadata_len > lim.max_entry_size)
			abort();
	} else if (err[0] == '\0' || d.name != NULL)
		abort();
	arena_release(&a);
	return 0;
}
