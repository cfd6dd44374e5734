/* check_files.c: unit tests for the files ecosystem's file name rule */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "eco/files.h"
#include "util/arena.h"

static struct arena	 arena;

static void
setup(void)
{
	arena_init(&arena, 1 << 20);
}

static void
teardown(void)
{
	arena_release(&arena);
}

static const struct {
	const char	*name;
	const char	*basename;	/* NULL: refused */
	const char	*version;
	const char	*ext;
} name_table[] = {
	/* REFERENCE.md section 2.3's examples */
	{ "my-app-1.0.0.zip", "my-app", "1.0.0", "zip" },
	{ "firmware-2.3.1-beta.1.bin", "firmware", "2.3.1-beta.1", "bin" },
	{ "my-custom-app-1.0.0.ipa", "my-custom-app", "1.0.0", "ipa" },
	{ "app-1.0.0+build.123.zip", "app", "1.0.0+build.123", "zip" },
	/* compound and odd extensions */
	{ "app-1.0.0.tar.gz", "app", "1.0.0", "tar.gz" },
	{ "app-1.0.0-rc.1.tar.xz", "app", "1.0.0-rc.1", "tar.xz" },
	{ "app-1.0.0.tar", "app", "1.0.0", "tar" },
	{ "app-1.0.0.AppImage", "app", "1.0.0", "AppImage" },
	{ "app-1.0.0.x_y", "app", "1.0.0", "x_y" },
	/* the version starts at the first "-digit" that leaves valid parts */
	{ "app-2x-1.0.0.zip", "app-2x", "1.0.0", "zip" },
	{ "a-1-1.0.0.zip", "a-1", "1.0.0", "zip" },
	{ "A9-10.20.30.bin", "A9", "10.20.30", "bin" },
	{ "x-1.0.0-alpha.beta.zip", "x", "1.0.0-alpha.beta", "zip" },
	/* refused */
	{ "", NULL, NULL, NULL },
	{ "app.zip", NULL, NULL, NULL },
	{ "app-1.0.zip", NULL, NULL, NULL },
	{ "app-1.0.0", NULL, NULL, NULL },
	{ "app-1.0.0.", NULL, NULL, NULL },
	{ "app-v1.0.0.zip", NULL, NULL, NULL },
	{ "app-01.0.0.zip", NULL, NULL, NULL },
	{ "-1.0.0.zip", NULL, NULL, NULL },
	{ "1.0.0.zip", NULL, NULL, NULL },
	{ "my_app-1.0.0.zip", NULL, NULL, NULL },
	{ "my app-1.0.0.zip", NULL, NULL, NULL },
	{ "my.app-1.0.0.zip", NULL, NULL, NULL },
	{ "dir/app-1.0.0.zip", NULL, NULL, NULL },
	{ "..\\app-1.0.0.zip", NULL, NULL, NULL },
	{ "../app-1.0.0.zip", NULL, NULL, NULL },
	{ "app-1.0.0.zip\n", NULL, NULL, NULL },
	{ "app\r-1.0.0.zip", NULL, NULL, NULL },
	{ "app-1.0.0.z\x01p", NULL, NULL, NULL },
	{ "caf\xc3\xa9-1.0.0.zip", NULL, NULL, NULL },
	{ "app-1.0.0.tar-gz", NULL, NULL, NULL },
	{ "app-1.0.0..zip", NULL, NULL, NULL },
	{ "app-1.0.0.0123456789012345678901234567890123", NULL, NULL, NULL },
};

START_TEST(test_files_name_parse_table)
{
	struct files_name	 fn;
	const char		*n = name_table[_i].name;
	int			 rc;

	rc = files_name_parse(&arena, n, strlen(n), &fn);
	if (name_table[_i].basename == NULL) {
		ck_assert_msg(rc == -1, "'%s' accepted", n);
		return;
	}
	ck_assert_msg(rc == 0, "'%s' refused", n);
	ck_assert_str_eq(fn.basename, name_table[_i].basename);
	ck_assert_str_eq(fn.version, name_table[_i].version);
	ck_assert_str_eq(fn.ext, name_table[_i].ext);
}
END_TEST

START_TEST(test_files_name_parse_nul)
{
	struct files_name	 fn;
	static const char	 n[] = "app-1.0.0.zip\0.exe";

	ck_assert_int_eq(files_name_parse(&arena, n, sizeof(n) - 1, &fn), -1);
	ck_assert_int_eq(files_name_parse(&arena, n, 13, &fn), 0);
	ck_assert_str_eq(fn.ext, "zip");
	/* found by fuzz_files_name: a NUL once passed the character check */
	ck_assert_int_eq(files_name_parse(&arena, "app-1.0.0\0+b.0.rc..gz",
	    22, &fn), -1);
	ck_assert_int_eq(files_name_parse(&arena, "app-1.0.0+b\0.gz", 16,
	    &fn), -1);
}
END_TEST

START_TEST(test_files_name_parse_length)
{
	struct files_name	 fn;
	char			 n[FILES_NAME_MAX + 2];

	memset(n, 'a', sizeof(n));
	memcpy(n + FILES_NAME_MAX - 10, "-1.0.0.zip", 10);
	ck_assert_int_eq(files_name_parse(&arena, n, FILES_NAME_MAX, &fn), 0);
	memset(n, 'a', sizeof(n));
	memcpy(n + FILES_NAME_MAX + 1 - 10, "-1.0.0.zip", 10);
	ck_assert_int_eq(files_name_parse(&arena, n, FILES_NAME_MAX + 1, &fn),
	    -1);
}
END_TEST

START_TEST(test_files_content_type_table)
{
	ck_assert_str_eq(files_content_type("zip"), "application/zip");
	ck_assert_str_eq(files_content_type("tar.gz"), "application/gzip");
	ck_assert_str_eq(files_content_type("html"),
	    "application/octet-stream");
	ck_assert_str_eq(files_content_type("svg"), "application/octet-stream");
	ck_assert_str_eq(files_content_type("bin"), "application/octet-stream");
}
END_TEST

static Suite *
files_suite(void)
{
	Suite	*s = suite_create("files");
	TCase	*tc;

	tc = tcase_create("files_name_parse");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_loop_test(tc, test_files_name_parse_table, 0,
	    sizeof(name_table) / sizeof(name_table[0]));
	tcase_add_test(tc, test_files_name_parse_nul);
	tcase_add_test(tc, test_files_name_parse_length);
	suite_add_tcase(s, tc);
	tc = tcase_create("files_content_type");
	tcase_add_test(tc, test_files_content_type_table);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner	*sr = srunner_create(files_suite());
	int	 failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
