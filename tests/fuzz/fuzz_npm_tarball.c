/* fuzz_npm_tarball.c: libFuzzer target for npm tarball inspection */
#include <archive.h>
#include <archive_entry.h>
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

/*
 * Gzip p so that mutations reach the tar reader instead of dying on the
 * gzip checksum. Returns a malloc'd buffer, or NULL.
 */
static unsigned char *
gzip(const uint8_t *p, size_t n, size_t *outn)
{
	struct archive		*w;
	struct archive_entry	*e;
	unsigned char		*out;
	size_t			 cap = n + n / 2 + 1024;

	if ((out = malloc(cap)) == NULL)
		return NULL;
	w = archive_write_new();
	e = archive_entry_new();
	archive_entry_set_pathname(e, "x");
	archive_entry_set_filetype(e, AE_IFREG);
	archive_entry_set_size(e, (la_int64_t)n);
	if (w == NULL || e == NULL ||
	    archive_write_set_format_raw(w) != ARCHIVE_OK ||
	    archive_write_add_filter_gzip(w) != ARCHIVE_OK ||
	    archive_write_set_bytes_in_last_block(w, 1) != ARCHIVE_OK ||
	    archive_write_open_memory(w, out, cap, outn) != ARCHIVE_OK ||
	    archive_write_header(w, e) != ARCHIVE_OK ||
	    (n > 0 && archive_write_data(w, p, n) != (la_ssize_t)n) ||
	    archive_write_close(w) != ARCHIVE_OK)
		abort();
	archive_entry_free(e);
	archive_write_free(w);
	return out;
}

/*
 * The input is written to one temp file, reused across runs: as is when it
 * starts as gzip does, else gzipped first (so it is fuzzed as a tar).
 */
int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct arena		 a;
	struct npm_tarball	 t;
	unsigned char		*z = NULL;
	size_t			 zn;
	char			 err[256];
	int			 rc;

	if (fd == -1) {
		snprintf(path, sizeof(path), "/tmp/fuzz_npm_tarball.XXXXXX");
		if ((fd = mkstemp(path)) == -1)
			abort();
		unlink(path);
		snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	}
	if (size < 2 || data[0] != 0x1f || data[1] != 0x8b) {
		if ((z = gzip(data, size, &zn)) == NULL)
			return 0;
		data = z;
		size = zn;
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
	free(z);
	return 0;
}
