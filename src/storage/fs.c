/* fs.c: hosted blob storage on the local file system */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "storage/storage.h"
#include "util/log.h"
#include "util/banned.h"

/*
 * Layout: DATA/blobs/sha256/ab/<hex>, uploads spooled in DATA/tmp (same file
 * system, so taking a spool over is one rename). Files are fsynced before
 * the rename and the folder after it, so a blob is whole under its final
 * name or absent. nginx serves DATA/blobs/ at the internal location
 * accel_prefix (X-Accel-Redirect), with sendfile.
 */
struct fs {
	char	 blobs[PATH_MAX];
	char	 accel[256];
};

static int
mkdirs(const char *path)
{
	char	 tmp[PATH_MAX], *p;

	if ((size_t)snprintf(tmp, sizeof(tmp), "%s", path) >= sizeof(tmp))
		return -1;
	for (p = tmp + 1; *p; p++)
		if (*p == '/') {
			*p = '\0';
			if (mkdir(tmp, 0755) == -1 && errno != EEXIST)
				return -1;
			*p = '/';
		}
	if (mkdir(tmp, 0755) == -1 && errno != EEXIST)
		return -1;
	return 0;
}

static int
blob_path(struct fs *fs, const char *sha256, char *out, size_t outsz,
    char *dir, size_t dirsz)
{
	if (dir && (size_t)snprintf(dir, dirsz, "%s/sha256/%.2s", fs->blobs,
	    sha256) >= dirsz)
		return -1;
	if ((size_t)snprintf(out, outsz, "%s/sha256/%.2s/%s", fs->blobs,
	    sha256, sha256) >= outsz)
		return -1;
	return 0;
}

static int
fsync_dir(const char *dir)
{
	int	 fd, rc;

	if ((fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) == -1)
		return -1;
	rc = fsync(fd);
	close(fd);
	return rc;
}

/* Log and keep the message (with errno's text) for the caller. */
static int __attribute__((format(printf, 2, 3)))
fs_fail(struct storage *st, const char *fmt, ...)
{
	va_list	 ap;
	char	 msg[384];
	int	 e = errno;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	snprintf(st->errmsg, sizeof(st->errmsg), "%s: %s", msg, strerror(e));
	log_warnx("%s", st->errmsg);
	return -1;
}

static int
fs_put_spool(struct storage *st, struct spool *sp)
{
	struct fs	*fs = st->priv;
	char		 path[PATH_MAX], dir[PATH_MAX];
	const char	*sha = sp->digests.sha256;

	if (blob_path(fs, sha, path, sizeof(path), dir, sizeof(dir)) == -1)
		return log_errx("blob path too long");
	if (mkdirs(dir) == -1)
		return fs_fail(st, "cannot create '%s'", dir);
	if (fchmod(sp->fd, 0644) == -1)
		return fs_fail(st, "cannot chmod '%s'", sp->path);
	/* Same content may already be there: rename replaces it atomically. */
	if (rename(sp->path, path) == -1)
		return fs_fail(st, "cannot rename '%s' to '%s'", sp->path,
		    path);
	spool_release(sp);
	if (fsync_dir(dir) == -1)
		log_warn("cannot fsync '%s'", dir);
	return 0;
}

static int
fs_exists(struct storage *st, const char *sha256)
{
	char		 path[PATH_MAX];
	struct stat	 sb;

	if (blob_path(st->priv, sha256, path, sizeof(path), NULL, 0) == -1)
		return -1;
	if (stat(path, &sb) == 0)
		return 1;
	return errno == ENOENT ? 0 : -1;
}

static int
fs_remove(struct storage *st, const char *sha256)
{
	char		 path[PATH_MAX];

	if (blob_path(st->priv, sha256, path, sizeof(path), NULL, 0) == -1)
		return -1;
	if (unlink(path) == -1 && errno != ENOENT)
		return log_err("cannot remove '%s'", path);
	return 0;
}

static int
fs_locate(struct storage *st, struct arena *a, const char *sha256,
    enum blob_send *how, char **uri)
{
	struct fs	*fs = st->priv;

	*how = BS_ACCEL;
	*uri = arena_strfmt(a, "%ssha256/%.2s/%s", fs->accel, sha256, sha256);
	return *uri ? 0 : -1;
}

static int
fs_check(struct storage *st, char *err, size_t errsz)
{
	struct fs	*fs = st->priv;

	if (access(fs->blobs, R_OK | W_OK | X_OK) == -1) {
		snprintf(err, errsz, "cannot use '%s': %s", fs->blobs,
		    strerror(errno));
		return -1;
	}
	if (access(st->spool_dir, R_OK | W_OK | X_OK) == -1) {
		snprintf(err, errsz, "cannot use '%s': %s", st->spool_dir,
		    strerror(errno));
		return -1;
	}
	return 0;
}

static void
fs_free(struct storage *st)
{
	free(st->priv);
	free(st);
}

static const struct storage_ops fs_ops = {
	"hosted", fs_put_spool, fs_exists, fs_remove, fs_locate, fs_check,
	fs_free
};

struct storage *
storage_fs_new(const char *data_dir, const char *accel_prefix)
{
	struct storage	*st;
	struct fs	*fs;

	st = calloc(1, sizeof(*st));
	fs = calloc(1, sizeof(*fs));
	if (st == NULL || fs == NULL)
		goto fail;
	st->ops = &fs_ops;
	st->priv = fs;
	snprintf(st->label, sizeof(st->label), "hosted storage");
	if ((size_t)snprintf(fs->blobs, sizeof(fs->blobs), "%s/blobs",
	    data_dir) >= sizeof(fs->blobs) ||
	    (size_t)snprintf(st->spool_dir, sizeof(st->spool_dir), "%s/tmp",
	    data_dir) >= sizeof(st->spool_dir) ||
	    (size_t)snprintf(fs->accel, sizeof(fs->accel), "%s%s",
	    accel_prefix, accel_prefix[strlen(accel_prefix) - 1] == '/' ?
	    "" : "/") >= sizeof(fs->accel)) {
		log_warnx("data_dir path too long");
		goto fail;
	}
	if (mkdirs(fs->blobs) == -1 || mkdirs(st->spool_dir) == -1) {
		log_warn("cannot create folders under '%s'", data_dir);
		goto fail;
	}
	return st;
fail:
	free(fs);
	free(st);
	return NULL;
}
