/* check_util.c: unit tests for buf, arena and digests */
#include <check.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "util/arena.h"
#include "util/buf.h"
#include "util/digest.h"
#include "util/secret.h"

START_TEST(test_buf_add_bounded)
{
	struct buf	 b;

	buf_init(&b, 8);
	ck_assert_str_eq(b.data, "");
	ck_assert_int_eq(buf_adds(&b, "abcd"), 0);
	ck_assert_int_eq(buf_adds(&b, "efgh"), 0);
	ck_assert_str_eq(b.data, "abcdefgh");
	ck_assert_int_eq(buf_addch(&b, 'i'), -1);
	ck_assert_int_eq(errno, EFBIG);
	ck_assert_str_eq(b.data, "abcdefgh");
	buf_release(&b);
}
END_TEST

START_TEST(test_buf_printf_grows)
{
	struct buf	 b;
	int		 i;

	buf_init(&b, 0);
	for (i = 0; i < 1000; i++)
		ck_assert_int_eq(buf_printf(&b, "%d,", i), 0);
	ck_assert_uint_eq(b.len, strlen(b.data));
	ck_assert(strncmp(b.data, "0,1,2,", 6) == 0);
	buf_truncate(&b, 2);
	ck_assert_str_eq(b.data, "0,");
	buf_release(&b);
}
END_TEST

START_TEST(test_arena_alloc_reset)
{
	struct arena	 a;
	char		*s, *big;

	arena_init(&a, 1 << 20);
	s = arena_strfmt(&a, "%s-%d", "x", 42);
	ck_assert_str_eq(s, "x-42");
	big = arena_alloc(&a, 300000);
	ck_assert_ptr_nonnull(big);
	memset(big, 1, 300000);
	ck_assert_ptr_null(arena_alloc(&a, 1 << 20));
	arena_reset(&a);
	ck_assert_uint_eq(a.used, 0);
	s = arena_strndup(&a, "hello", 3);
	ck_assert_str_eq(s, "hel");
	arena_release(&a);
}
END_TEST

START_TEST(test_digest_hasher_known)
{
	struct hasher	*h;
	struct digests	 d;

	h = hasher_new();
	ck_assert_ptr_nonnull(h);
	ck_assert_int_eq(hasher_update(h, "abc", 3), 0);
	ck_assert_int_eq(hasher_final(h, &d), 0);
	hasher_free(h);
	ck_assert_str_eq(d.md5, "900150983cd24fb0d6963f7d28e17f72");
	ck_assert_str_eq(d.sha1, "a9993e364706816aba3e25717850c26c9cd0d89d");
	ck_assert_str_eq(d.sha256,
	    "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
	ck_assert(strncmp(d.sha512, "ddaf35a193617aba", 16) == 0);
}
END_TEST

START_TEST(test_digest_hex_roundtrip)
{
	unsigned char	 raw[4] = { 0, 0x7f, 0x80, 0xff }, back[4];
	char		 hex[9], b64[9];

	hex_encode(raw, 4, hex);
	ck_assert_str_eq(hex, "007f80ff");
	ck_assert_int_eq(hex_decode(hex, 8, back, sizeof(back)), 0);
	ck_assert(digest_equal(raw, back, 4));
	ck_assert_int_eq(hex_decode("0g", 2, back, sizeof(back)), -1);
	ck_assert_uint_eq(base64_encode((const unsigned char *)"ab", 2, b64), 4);
	ck_assert_str_eq(b64, "YWI=");
}
END_TEST

START_TEST(test_secret_seal_open)
{
	unsigned char	 k[SECRET_KEY_LEN];
	char		 sealed[256], plain[64], mac1[65], mac2[65];
	size_t		 len;

	secret_set_key(NULL);
	ck_assert_int_eq(secret_seal("id", "x", 1, sealed, sizeof(sealed)), -1);
	memset(k, 7, sizeof(k));
	secret_set_key(k);
	ck_assert_int_eq(secret_seal("row-1", "hunter2", 7, sealed,
	    sizeof(sealed)), 0);
	ck_assert_int_eq(secret_open("row-1", sealed, plain, sizeof(plain),
	    &len), 0);
	ck_assert_uint_eq(len, 7);
	ck_assert_str_eq(plain, "hunter2");
	/* bound to its row */
	ck_assert_int_eq(secret_open("row-2", sealed, plain, sizeof(plain),
	    &len), -1);
	/* tampered */
	sealed[30] = sealed[30] == '0' ? '1' : '0';
	ck_assert_int_eq(secret_open("row-1", sealed, plain, sizeof(plain),
	    &len), -1);
	ck_assert_int_eq(secret_open("row-1", "00", plain, sizeof(plain),
	    &len), -1);
	ck_assert_int_eq(secret_mac("abc", 3, mac1), 0);
	memset(k, 8, sizeof(k));
	secret_set_key(k);
	ck_assert_int_eq(secret_mac("abc", 3, mac2), 0);
	ck_assert_str_ne(mac1, mac2);
	secret_set_key(NULL);
}
END_TEST

static Suite *
util_suite(void)
{
	Suite	*s = suite_create("util");
	TCase	*tc;

	tc = tcase_create("buf");
	tcase_add_test(tc, test_buf_add_bounded);
	tcase_add_test(tc, test_buf_printf_grows);
	suite_add_tcase(s, tc);
	tc = tcase_create("arena");
	tcase_add_test(tc, test_arena_alloc_reset);
	suite_add_tcase(s, tc);
	tc = tcase_create("digest");
	tcase_add_test(tc, test_digest_hasher_known);
	tcase_add_test(tc, test_digest_hex_roundtrip);
	tcase_add_test(tc, test_secret_seal_open);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner	*sr = srunner_create(util_suite());
	int	 failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
