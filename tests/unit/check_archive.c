/* check_archive.c: unit tests for bounded archive reading */
#include <archive.h>
#include <archive_entry.h>
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "eco/archive.h"

/* One entry of a fixture archive; data NULL means len zero bytes. */
struct ent {
	const char	*path;
	const char	*data;
	size_t		 len;
	int		 type;	/* 0 file, 'd' directory, 'l' symlink */
};

static char	 tmpdir[64];
static char	 apath[128];
static char	 err[256];

static void
setup(void)
{
	snprintf(tmpdir, sizeof(tmpdir), "/tmp/check_archive.XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(tmpdir));
	snprintf(apath, sizeof(apath), "%s/a", tmpdir);
	err[0] = '\0';
}

static void
teardown(void)
{
	unlink(apath);
	rmdir(tmpdir);
}

static void
write_archive(const char *path, enum archive_format fmt,
    const struct ent *e, size_t n)
{
	struct archive		*a;
	struct archive_entry	*ae;
	static char		 zeros[65536];
	size_t			 i, left, k;

	a = archive_write_new();
	ck_assert_ptr_nonnull(a);
	if (fmt == AF_ZIP)
		ck_assert_int_eq(archive_write_set_format_zip(a), ARCHIVE_OK);
	else
		ck_assert_int_eq(archive_write_set_format_pax_restricted(a),
		    ARCHIVE_OK);
	if (fmt == AF_TAR_GZ)
		ck_assert_int_eq(archive_write_add_filter_gzip(a), ARCHIVE_OK);
	ck_assert_int_eq(archive_write_open_filename(a, path), ARCHIVE_OK);
	for (i = 0; i < n; i++) {
		ae = archive_entry_new();
		archive_entry_set_pathname(ae, e[i].path);
		archive_entry_set_mtime(ae, 1700000000, 0);
		if (e[i].type == 'd') {
			archive_entry_set_filetype(ae, AE_IFDIR);
			archive_entry_set_perm(ae, 0755);
		} else if (e[i].type == 'l') {
			archive_entry_set_filetype(ae, AE_IFLNK);
			archive_entry_set_symlink(ae, e[i].data);
			archive_entry_set_perm(ae, 0777);
		} else {
			archive_entry_set_filetype(ae, AE_IFREG);
			archive_entry_set_perm(ae, 0644);
			archive_entry_set_size(ae, (la_int64_t)e[i].len);
		}
		ck_assert_int_eq(archive_write_header(a, ae), ARCHIVE_OK);
		if (e[i].type == 0 && e[i].data != NULL)
			ck_assert_int_eq(archive_write_data(a, e[i].data,
			    e[i].len), (la_ssize_t)e[i].len);
		else if (e[i].type == 0)
			for (left = e[i].len; left > 0; left -= k) {
				k = left < sizeof(zeros) ? left : sizeof(zeros);
				ck_assert_int_eq(archive_write_data(a, zeros,
				    k), (la_ssize_t)k);
			}
		archive_entry_free(ae);
	}
	ck_assert_int_eq(archive_write_close(a), ARCHIVE_OK);
	archive_write_free(a);
}

static void
write_file(const char *path, const void *p, size_t n)
{
	FILE	*f = fopen(path, "wb");

	ck_assert_ptr_nonnull(f);
	ck_assert_uint_eq(fwrite(p, 1, n, f), n);
	fclose(f);
}

/* What the callbacks saw. */
struct seen {
	int	 nwant;
	int	 nentry;
	char	 paths[8][128];
	char	 data[8][256];
	size_t	 len[8];
	int	 stop;
};

static int
want_json(void *arg, const char *path)
{
	struct seen	*s = arg;

	s->nwant++;
	return strstr(path, ".json") != NULL;
}

static int
on_entry(void *arg, const char *path, const char *data, size_t len)
{
	struct seen	*s = arg;

	if (s->nentry < 8) {
		snprintf(s->paths[s->nentry], sizeof(s->paths[0]), "%s", path);
		snprintf(s->data[s->nentry], sizeof(s->data[0]), "%s", data);
		s->len[s->nentry] = len;
		ck_assert_int_eq(data[len], '\0');
	}
	s->nentry++;
	return s->stop ? -1 : 0;
}

static const struct archive_limits lim = {
	.max_entries = 100,
	.max_entry_size = 4096,
	.max_total = 1024 * 1024,
	.max_ratio = 100,
};

static int
scan(enum archive_format fmt, const struct archive_limits *l,
    struct seen *s)
{
	memset(s, 0, sizeof(*s));
	return archive_scan(apath, fmt, l, want_json, on_entry, s, err,
	    sizeof(err));
}

START_TEST(test_archive_scan_targz_ok)
{
	struct ent	 e[] = {
		{ "package/", NULL, 0, 'd' },
		{ "package/package.json", "{\"name\":\"x\"}", 12, 0 },
		{ "package/index.js", "module.exports = 1;\n", 20, 0 },
		{ "package/lib/a.json", "[]", 2, 0 },
		{ "package/link", "/etc/passwd", 0, 'l' },
	};
	struct seen	 s;

	write_archive(apath, AF_TAR_GZ, e, 5);
	ck_assert_int_eq(scan(AF_TAR_GZ, &lim, &s), 0);
	ck_assert_str_eq(err, "");
	ck_assert_int_eq(s.nwant, 3);
	ck_assert_int_eq(s.nentry, 2);
	ck_assert_str_eq(s.paths[0], "package/package.json");
	ck_assert_str_eq(s.data[0], "{\"name\":\"x\"}");
	ck_assert_uint_eq(s.len[0], 12);
	ck_assert_str_eq(s.paths[1], "package/lib/a.json");
}
END_TEST

START_TEST(test_archive_scan_tar_ok)
{
	struct ent	 e[] = {
		{ "data.tar.gz", "xx", 2, 0 },
		{ "metadata.json", "{}", 2, 0 },
	};
	struct seen	 s;

	write_archive(apath, AF_TAR, e, 2);
	ck_assert_int_eq(scan(AF_TAR, &lim, &s), 0);
	ck_assert_int_eq(s.nentry, 1);
	ck_assert_str_eq(s.paths[0], "metadata.json");
}
END_TEST

START_TEST(test_archive_scan_zip_ok)
{
	struct ent	 e[] = {
		{ "pkg/__init__.py", "", 0, 0 },
		{ "pkg-1.0.dist-info/", NULL, 0, 'd' },
		{ "pkg-1.0.dist-info/meta.json", "{\"a\":1}", 7, 0 },
	};
	struct seen	 s;

	write_archive(apath, AF_ZIP, e, 3);
	ck_assert_int_eq(scan(AF_ZIP, &lim, &s), 0);
	ck_assert_int_eq(s.nentry, 1);
	ck_assert_str_eq(s.data[0], "{\"a\":1}");
}
END_TEST

START_TEST(test_archive_scan_dotslash)
{
	struct ent	 e[] = {
		{ "./", NULL, 0, 'd' },
		{ "./package/package.json", "{}", 2, 0 },
		{ ".//package/b.json", "{}", 2, 0 },
	};
	struct seen	 s;

	write_archive(apath, AF_TAR_GZ, e, 3);
	ck_assert_int_eq(scan(AF_TAR_GZ, &lim, &s), 0);
	ck_assert_int_eq(s.nentry, 2);
	ck_assert_str_eq(s.paths[0], "package/package.json");
	ck_assert_str_eq(s.paths[1], "package/b.json");
}
END_TEST

static void
expect_unsafe(const char *path, enum archive_format fmt)
{
	struct ent	 e[] = {
		{ "package/ok.json", "{}", 2, 0 },
		{ path, "x", 1, 0 },
	};
	struct seen	 s;
	char		 want[256];

	write_archive(apath, fmt, e, 2);
	ck_assert_int_eq(scan(fmt, &lim, &s), -1);
	snprintf(want, sizeof(want), "unsafe path '%s' in archive", path);
	ck_assert_str_eq(err, want);
}

START_TEST(test_archive_scan_absolute)
{
	expect_unsafe("/etc/passwd", AF_TAR_GZ);
	expect_unsafe("/x.json", AF_ZIP);
}
END_TEST

START_TEST(test_archive_scan_dotdot)
{
	struct ent	 e[] = {
		{ "package/..a/b..", "x", 1, 0 },
		{ "package/.../x", "x", 1, 0 },
	};
	struct seen	 s;

	expect_unsafe("../evil", AF_TAR_GZ);
	expect_unsafe("package/../../evil", AF_TAR_GZ);
	expect_unsafe("./../evil", AF_TAR_GZ);
	expect_unsafe("package/..", AF_TAR);
	expect_unsafe("package\\..\\evil", AF_TAR);
	expect_unsafe("a/../../b.json", AF_ZIP);
	write_archive(apath, AF_TAR_GZ, e, 2);
	ck_assert_int_eq(scan(AF_TAR_GZ, &lim, &s), 0);
}
END_TEST

START_TEST(test_archive_scan_symlink_dir_unsafe)
{
	struct ent	 e[] = {
		{ "../up", NULL, 0, 'd' },
	};
	struct seen	 s;

	write_archive(apath, AF_TAR_GZ, e, 1);
	ck_assert_int_eq(scan(AF_TAR_GZ, &lim, &s), -1);
	ck_assert_str_eq(err, "unsafe path '../up/' in archive");
}
END_TEST

START_TEST(test_archive_scan_too_many)
{
	struct ent		 e[12];
	char			 names[12][32];
	struct seen		 s;
	struct archive_limits	 l = lim;
	int			 i;

	for (i = 0; i < 12; i++) {
		snprintf(names[i], sizeof(names[i]), "p/f%d", i);
		e[i].path = names[i];
		e[i].data = "";
		e[i].len = 0;
		e[i].type = 0;
	}
	l.max_entries = 12;
	write_archive(apath, AF_TAR_GZ, e, 12);
	ck_assert_int_eq(scan(AF_TAR_GZ, &l, &s), 0);
	l.max_entries = 11;
	ck_assert_int_eq(scan(AF_TAR_GZ, &l, &s), -1);
	ck_assert_str_eq(err, "archive has more than 11 entries");
	write_archive(apath, AF_ZIP, e, 12);
	ck_assert_int_eq(scan(AF_ZIP, &l, &s), -1);
	ck_assert_str_eq(err, "archive has more than 11 entries");
}
END_TEST

START_TEST(test_archive_scan_entry_too_large)
{
	struct ent	 e[] = {
		{ "p/big.bin", NULL, 100000, 0 },
		{ "p/package.json", NULL, 4097, 0 },
	};
	struct seen	 s;

	/* Unwanted entries may be big; wanted ones not. */
	write_archive(apath, AF_TAR_GZ, e, 1);
	ck_assert_int_eq(scan(AF_TAR_GZ, &lim, &s), 0);
	write_archive(apath, AF_TAR_GZ, e, 2);
	ck_assert_int_eq(scan(AF_TAR_GZ, &lim, &s), -1);
	ck_assert_str_eq(err, "entry 'p/package.json' is too large");
	write_archive(apath, AF_ZIP, e, 2);
	ck_assert_int_eq(scan(AF_ZIP, &lim, &s), -1);
	ck_assert_str_eq(err, "entry 'p/package.json' is too large");
	e[1].len = 4096;
	write_archive(apath, AF_TAR_GZ, e, 2);
	ck_assert_int_eq(scan(AF_TAR_GZ, &lim, &s), 0);
	ck_assert_uint_eq(s.len[0], 4096);
}
END_TEST

START_TEST(test_archive_scan_total)
{
	struct ent		 e[] = {
		{ "p/a", NULL, 300000, 0 },
		{ "p/b", NULL, 300000, 0 },
		{ "p/c", NULL, 300000, 0 },
	};
	struct seen		 s;
	struct archive_limits	 l = lim;

	l.max_ratio = 0;
	l.max_total = 800000;
	write_archive(apath, AF_TAR_GZ, e, 3);
	ck_assert_int_eq(scan(AF_TAR_GZ, &l, &s), -1);
	ck_assert_str_eq(err, "archive is larger than 800000 bytes "
	    "uncompressed");
	write_archive(apath, AF_ZIP, e, 3);
	ck_assert_int_eq(scan(AF_ZIP, &l, &s), -1);
	ck_assert_str_eq(err, "archive is larger than 800000 bytes "
	    "uncompressed");
	l.max_total = 1000000;
	ck_assert_int_eq(scan(AF_ZIP, &l, &s), 0);
}
END_TEST

/* 20 MB of zeros compress to about 20 KB: a small bomb. */
START_TEST(test_archive_scan_ratio)
{
	struct ent		 bomb[] = { { "p/zero", NULL, 20u << 20, 0 } };
	struct ent		 small[] = { { "p/zero", NULL, 500000, 0 } };
	struct seen		 s;
	struct archive_limits	 l = lim;

	l.max_total = (uint64_t)1 << 30;
	write_archive(apath, AF_TAR_GZ, bomb, 1);
	ck_assert_int_eq(scan(AF_TAR_GZ, &l, &s), -1);
	ck_assert_str_eq(err, "archive expands too much");
	write_archive(apath, AF_ZIP, bomb, 1);
	ck_assert_int_eq(scan(AF_ZIP, &l, &s), -1);
	ck_assert_str_eq(err, "archive expands too much");
	/* Tiny archives pass thanks to the floor, though they expand a lot. */
	write_archive(apath, AF_TAR_GZ, small, 1);
	ck_assert_int_eq(scan(AF_TAR_GZ, &l, &s), 0);
	l.max_ratio = 0;
	write_archive(apath, AF_TAR_GZ, bomb, 1);
	ck_assert_int_eq(scan(AF_TAR_GZ, &l, &s), 0);
}
END_TEST

START_TEST(test_archive_scan_wrong_format)
{
	struct ent	 e[] = { { "p/x.json", "{}", 2, 0 } };
	struct seen	 s;
	char		 junk[2048];

	write_archive(apath, AF_TAR, e, 1);
	ck_assert_int_eq(scan(AF_TAR_GZ, &lim, &s), -1);
	ck_assert_str_eq(err, "not a gzip-compressed tar archive");
	ck_assert_int_eq(scan(AF_ZIP, &lim, &s), -1);
	ck_assert_str_eq(err, "not a zip archive");
	write_archive(apath, AF_TAR_GZ, e, 1);
	ck_assert_int_eq(scan(AF_TAR, &lim, &s), -1);
	ck_assert_str_eq(err, "not a tar archive");
	write_archive(apath, AF_ZIP, e, 1);
	ck_assert_int_eq(scan(AF_TAR_GZ, &lim, &s), -1);
	ck_assert_str_eq(err, "not a gzip-compressed tar archive");
	memset(junk, 'j', sizeof(junk));
	write_file(apath, junk, sizeof(junk));
	ck_assert_int_eq(scan(AF_TAR_GZ, &lim, &s), -1);
	ck_assert_str_eq(err, "not a gzip-compressed tar archive");
	write_file(apath, "", 0);
	ck_assert_int_eq(scan(AF_TAR_GZ, &lim, &s), -1);
	ck_assert_str_eq(err, "not a gzip-compressed tar archive");
}
END_TEST

START_TEST(test_archive_scan_truncated)
{
	struct ent	 e[] = {
		{ "p/a.json", NULL, 3000, 0 },
		{ "p/b.bin", NULL, 100000, 0 },
	};
	struct seen	 s;
	FILE		*f;
	char		*p;
	long		 n;

	write_archive(apath, AF_TAR, e, 2);
	f = fopen(apath, "rb");
	ck_assert_ptr_nonnull(f);
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	fseek(f, 0, SEEK_SET);
	p = malloc((size_t)n);
	ck_assert_uint_eq(fread(p, 1, (size_t)n, f), (size_t)n);
	fclose(f);
	write_file(apath, p, 5000);
	ck_assert_int_eq(scan(AF_TAR, &lim, &s), -1);
	ck_assert(strncmp(err, "malformed archive", 17) == 0);
	free(p);
	/* A cut gzip stream is damaged, not of the wrong kind. */
	write_archive(apath, AF_TAR_GZ, e, 2);
	f = fopen(apath, "rb");
	ck_assert_ptr_nonnull(f);
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	fseek(f, 0, SEEK_SET);
	p = malloc((size_t)n);
	ck_assert_uint_eq(fread(p, 1, (size_t)n, f), (size_t)n);
	fclose(f);
	write_file(apath, p, 20);
	ck_assert_int_eq(scan(AF_TAR_GZ, &lim, &s), -1);
	ck_assert_msg(strncmp(err, "malformed archive", 17) == 0, "%s", err);
	write_file(apath, p, (size_t)n - 10);
	ck_assert_int_eq(scan(AF_TAR_GZ, &lim, &s), -1);
	ck_assert_msg(strncmp(err, "malformed archive", 17) == 0, "%s", err);
	free(p);
}
END_TEST

START_TEST(test_archive_scan_callback_stop)
{
	struct ent	 e[] = {
		{ "p/a.json", "1", 1, 0 },
		{ "p/b.json", "2", 1, 0 },
	};
	struct seen	 s;

	write_archive(apath, AF_TAR_GZ, e, 2);
	memset(&s, 0, sizeof(s));
	s.stop = 1;
	ck_assert_int_eq(archive_scan(apath, AF_TAR_GZ, &lim, want_json,
	    on_entry, &s, err, sizeof(err)), -1);
	ck_assert_int_eq(s.nentry, 1);
	ck_assert_str_ne(err, "");
}
END_TEST

START_TEST(test_archive_scan_missing)
{
	struct seen	 s;

	ck_assert_int_eq(scan(AF_TAR_GZ, &lim, &s), -1);
	ck_assert(strncmp(err, "cannot open archive", 19) == 0);
}
END_TEST

START_TEST(test_archive_scan_empty_targz)
{
	struct seen	 s;

	write_archive(apath, AF_TAR_GZ, NULL, 0);
	ck_assert_int_eq(scan(AF_TAR_GZ, &lim, &s), 0);
	ck_assert_int_eq(s.nwant, 0);
}
END_TEST

static Suite *
archive_suite(void)
{
	Suite	*s = suite_create("archive");
	TCase	*tc;

	tc = tcase_create("archive_scan");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_archive_scan_targz_ok);
	tcase_add_test(tc, test_archive_scan_tar_ok);
	tcase_add_test(tc, test_archive_scan_zip_ok);
	tcase_add_test(tc, test_archive_scan_dotslash);
	tcase_add_test(tc, test_archive_scan_absolute);
	tcase_add_test(tc, test_archive_scan_dotdot);
	tcase_add_test(tc, test_archive_scan_symlink_dir_unsafe);
	tcase_add_test(tc, test_archive_scan_too_many);
	tcase_add_test(tc, test_archive_scan_entry_too_large);
	tcase_add_test(tc, test_archive_scan_total);
	tcase_add_test(tc, test_archive_scan_ratio);
	tcase_add_test(tc, test_archive_scan_wrong_format);
	tcase_add_test(tc, test_archive_scan_truncated);
	tcase_add_test(tc, test_archive_scan_callback_stop);
	tcase_add_test(tc, test_archive_scan_missing);
	tcase_add_test(tc, test_archive_scan_empty_targz);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner	*sr = srunner_create(archive_suite());
	int	 failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
