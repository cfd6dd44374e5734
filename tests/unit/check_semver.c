/* check_semver.c: unit tests for SemVer 2.0.0 parsing and precedence */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "eco/semver.h"

static const struct {
	const char	*s;
	int		 valid;
	int		 pre;
} semver_valid_table[] = {
	{ "0.0.0", 1, 0 },
	{ "1.2.3", 1, 0 },
	{ "10.20.30", 1, 0 },
	{ "1.1.2-prerelease+meta", 1, 1 },
	{ "1.1.2+meta", 1, 0 },
	{ "1.1.2+meta-valid", 1, 0 },
	{ "1.0.0-alpha", 1, 1 },
	{ "1.0.0-beta", 1, 1 },
	{ "1.0.0-alpha.beta", 1, 1 },
	{ "1.0.0-alpha.beta.1", 1, 1 },
	{ "1.0.0-alpha.1", 1, 1 },
	{ "1.0.0-alpha0.valid", 1, 1 },
	{ "1.0.0-alpha.0valid", 1, 1 },
	{ "1.0.0-alpha-a.b-c-somethinglong+build.1-aef.1-its-okay", 1, 1 },
	{ "1.0.0-rc.1+build.1", 1, 1 },
	{ "2.0.0-rc.1+build.123", 1, 1 },
	{ "1.2.3-beta", 1, 1 },
	{ "10.2.3-DEV-SNAPSHOT", 1, 1 },
	{ "1.2.3-SNAPSHOT-123", 1, 1 },
	{ "2.0.0+build.1848", 1, 0 },
	{ "2.0.1-alpha.1227", 1, 1 },
	{ "1.0.0+0.build.1-rc.10000aaa-kk-0.1", 1, 0 },
	{ "99999999999999999999999.999999999999999999.99999999999999999", 1, 0 },
	{ "1.0.0-0A.is.legal", 1, 1 },
	{ "1.0.0-0", 1, 1 },
	{ "1.0.0-x-y-z.--", 1, 1 },
	{ "1.0.0+001", 1, 0 },
	{ "", 0, 0 },
	{ "1", 0, 0 },
	{ "1.2", 0, 0 },
	{ "1.2.3-0123", 0, 0 },
	{ "1.2.3-0123.0123", 0, 0 },
	{ "1.1.2+.123", 0, 0 },
	{ "+invalid", 0, 0 },
	{ "-invalid", 0, 0 },
	{ "-invalid+invalid", 0, 0 },
	{ "alpha", 0, 0 },
	{ "alpha.beta.1", 0, 0 },
	{ "1.0.0-alpha_beta", 0, 0 },
	{ "1.0.0-alpha..", 0, 0 },
	{ "1.0.0-alpha..1", 0, 0 },
	{ "1.0.0-alpha...1", 0, 0 },
	{ "1.0.0-", 0, 0 },
	{ "1.0.0+", 0, 0 },
	{ "1.0.0-a.", 0, 0 },
	{ "1.0.0+a.", 0, 0 },
	{ "01.1.1", 0, 0 },
	{ "1.01.1", 0, 0 },
	{ "1.1.01", 0, 0 },
	{ "1.2.3.DEV", 0, 0 },
	{ "1.2-SNAPSHOT", 0, 0 },
	{ "1.2.31.2.3----RC-SNAPSHOT.12.09.1--..12+788", 0, 0 },
	{ "+justmeta", 0, 0 },
	{ "9.8.7+meta+meta", 0, 0 },
	{ "9.8.7-whatever+meta+meta", 0, 0 },
	{ "v1.2.3", 0, 0 },
	{ " 1.2.3", 0, 0 },
	{ "1.2.3 ", 0, 0 },
	{ "1.2.3\n", 0, 0 },
	{ "1.2.-3", 0, 0 },
	{ "1.2.3-é", 0, 0 },
};

START_TEST(test_semver_valid_table)
{
	size_t	 i = (size_t)_i;

	ck_assert_msg(semver_valid(semver_valid_table[i].s) ==
	    semver_valid_table[i].valid, "semver_valid(\"%s\")",
	    semver_valid_table[i].s);
	ck_assert_msg(semver_is_prerelease(semver_valid_table[i].s) ==
	    semver_valid_table[i].pre, "semver_is_prerelease(\"%s\")",
	    semver_valid_table[i].s);
}
END_TEST

START_TEST(test_semver_valid_length_cap)
{
	char	 s[400];

	memset(s, 0, sizeof(s));
	memcpy(s, "1.0.0-", 6);
	memset(s + 6, 'a', 250);
	ck_assert_int_eq(semver_valid(s), 1);
	memset(s + 6, 'a', 251);
	ck_assert_int_eq(semver_valid(s), 0);
	ck_assert_int_eq(semver_valid(NULL), 0);
}
END_TEST

/* Each entry precedes the next (SemVer 2.0.0 section 11 and more). */
static const char *const semver_order[] = {
	"0.0.0",
	"0.0.1",
	"0.1.0",
	"0.9.0",
	"0.10.0",
	"1.0.0-0",
	"1.0.0-1",
	"1.0.0-2",
	"1.0.0-10",
	"1.0.0-A",
	"1.0.0-Z",
	"1.0.0-a",
	"1.0.0-alpha",
	"1.0.0-alpha.1",
	"1.0.0-alpha.beta",
	"1.0.0-beta",
	"1.0.0-beta.2",
	"1.0.0-beta.11",
	"1.0.0-rc.1",
	"1.0.0",
	"1.0.1",
	"2.0.0",
	"2.1.0",
	"2.1.1",
	"10.0.0",
	"99999999999999999999.0.0",
};

START_TEST(test_semver_cmp_order)
{
	size_t	 n = sizeof(semver_order) / sizeof(semver_order[0]);
	size_t	 i, j;
	int	 c, want;

	for (i = 0; i < n; i++)
		for (j = 0; j < n; j++) {
			c = semver_cmp(semver_order[i], semver_order[j]);
			want = (i > j) - (i < j);
			ck_assert_msg((c > 0) - (c < 0) == want,
			    "semver_cmp(\"%s\", \"%s\") = %d",
			    semver_order[i], semver_order[j], c);
		}
}
END_TEST

START_TEST(test_semver_cmp_build_ignored)
{
	ck_assert_int_eq(semver_cmp("1.0.0+a", "1.0.0+b"), 0);
	ck_assert_int_eq(semver_cmp("1.0.0-rc.1+x", "1.0.0-rc.1"), 0);
	ck_assert_int_lt(semver_cmp("1.0.0-rc.1+zzz", "1.0.0"), 0);
}
END_TEST

START_TEST(test_semver_cmp_invalid_first)
{
	ck_assert_int_lt(semver_cmp("banana", "0.0.0"), 0);
	ck_assert_int_gt(semver_cmp("0.0.0-0", "banana"), 0);
	ck_assert_int_lt(semver_cmp("apple", "banana"), 0);
	ck_assert_int_gt(semver_cmp("v2", "v1"), 0);
	ck_assert_int_eq(semver_cmp("x", "x"), 0);
	ck_assert_int_lt(semver_cmp(NULL, "x"), 0);
	ck_assert_int_eq(semver_cmp(NULL, NULL), 0);
}
END_TEST

static Suite *
semver_suite(void)
{
	Suite	*s = suite_create("semver");
	TCase	*tc;

	tc = tcase_create("semver_valid");
	tcase_add_loop_test(tc, test_semver_valid_table, 0,
	    (int)(sizeof(semver_valid_table) / sizeof(semver_valid_table[0])));
	tcase_add_test(tc, test_semver_valid_length_cap);
	suite_add_tcase(s, tc);
	tc = tcase_create("semver_cmp");
	tcase_add_test(tc, test_semver_cmp_order);
	tcase_add_test(tc, test_semver_cmp_build_ignored);
	tcase_add_test(tc, test_semver_cmp_invalid_first);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner	*sr = srunner_create(semver_suite());
	int	 failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
