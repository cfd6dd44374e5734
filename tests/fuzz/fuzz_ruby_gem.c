/* fuzz_ruby_gem.c: libFuzzer target for .gem inspection */
#include <archive.h>
#include <archive_entry.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "eco/ruby.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static char	 path[64];
static int	 fd = -1;

static const struct archive_limits lim = {
	.max_entries = 100,
	.max_entry_size = 256 * 1024,
	.max_total = 8 * 1024 * 1024,
	.max_ratio = 0,
};

static const struct gem_yaml_limits ylim = {
	256 * 1024, 20000, 64 * 1024, 16
};

/*
 * Wrap p as the metadata.gz of a tar next to a data.tar.gz, so that
 * mutations of YAML text reach the reader through the whole .gem path.
 * Returns a malloc'd buffer, or NULL.
 */
static unsigned char *
wrap(const uint8_t *p, size_t n, size_t *outn)
{
	struct archive		*w;
	struct archive_entry	*e;
	struct buf		 z;
	unsigned char		*out;
	size_t			 cap;

	buf_init(&z, 4 * n + 1024);
	if (gem_gzip(p, n, &z) == -1) {
		buf_release(&z);
		return NULL;
	}
	cap = z.len + 8192;
	if ((out = malloc(cap)) == NULL)
		abort();
	w = archive_write_new();
	e = archive_entry_new();
	if (w == NULL || e == NULL ||
	    archive_write_set_format_ustar(w) != ARCHIVE_OK ||
	    archive_write_set_bytes_in_last_block(w, 1) != ARCHIVE_OK ||
	    archive_write_open_memory(w, out, cap, outn) != ARCHIVE_OK)
		abort();
	archive_entry_set_pathname(e, "metadata.gz");
	archive_entry_set_filetype(e, AE_IFREG);
	archive_entry_set_perm(e, 0444);
	archive_entry_set_size(e, (la_int64_t)z.len);
	if (archive_write_header(w, e) != ARCHIVE_OK ||
	    archive_write_data(w, z.data, z.len) != (la_ssize_t)z.len)
		abort();
	archive_entry_clear(e);
	archive_entry_set_pathname(e, "data.tar.gz");
	archive_entry_set_filetype(e, AE_IFREG);
	archive_entry_set_perm(e, 0444);
	archive_entry_set_size(e, 0);
	if (archive_write_header(w, e) != ARCHIVE_OK ||
	    archive_write_close(w) != ARCHIVE_OK)
		abort();
	archive_entry_free(e);
	archive_write_free(w);
	buf_release(&z);
	return out;
}

/*
 * The input is written to one temp file, reused across runs: as is when it
 * is a tar (ustar magic at 257), else wrapped as a gem's metadata first.
 */
int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct arena	 a;
	struct gem_spec	 s;
	unsigned char	*z = NULL;
	size_t		 zn;
	const char	*why;
	char		 err[256];
	int		 rc;

	if (fd == -1) {
		snprintf(path, sizeof(path), "/tmp/fuzz_ruby_gem.XXXXXX");
		if ((fd = mkstemp(path)) == -1)
			abort();
		unlink(path);
		snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	}
	if (size < 262 || memcmp(data + 257, "ustar", 5) != 0) {
		if ((z = wrap(data, size, &zn)) == NULL)
			return 0;
		data = z;
		size = zn;
	}
	if (ftruncate(fd, 0) == -1 ||
	    pwrite(fd, data, size, 0) != (ssize_t)size)
		abort();
	arena_init(&a, 64 * 1024 * 1024);
	rc = gem_inspect(path, &lim, &ylim, &a, &s, err, sizeof(err));
	if (rc == 0) {
		if (!gem_name_valid(s.name, &why) ||
		    !gem_version_valid(s.version) ||
		    !gem_platform_valid(s.platform))
			abort();
	} else if (err[0] == '\0')
		abort();
	arena_release(&a);
	free(z);
	return 0;
}
