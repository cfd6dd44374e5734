/* check_core.c: unit tests for config, credentials, scopes, tokens, router */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "auth/credential.h"
#include "auth/scope.h"
#include "auth/token.h"
#include "router.h"
#include "util/arena.h"
#include "util/cache.h"
#include "util/conf.h"

static struct arena	 a;

static void
setup(void)
{
	arena_init(&a, 1 << 24);
}

static void
teardown(void)
{
	arena_release(&a);
}

static char *
write_conf(const char *text)
{
	static char	 path[] = "/tmp/check_core_conf.XXXXXX";
	int		 fd;

	memcpy(path + strlen(path) - 6, "XXXXXX", 6);
	fd = mkstemp(path);
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(write(fd, text, strlen(text)), (int)strlen(text));
	close(fd);
	return path;
}

START_TEST(test_conf_load_values)
{
	struct conf	 c;
	char		 err[256];
	char		*p = write_conf("# comment\nworkers = 7\n"
	    "upload_max = 2M\npackages_url = https://p.example.com/\n"
	    "log_level = debug\n");

	ck_assert_int_eq(conf_load(p, &c, err, sizeof(err)), 0);
	ck_assert_int_eq(c.workers, 7);
	ck_assert_int_eq(c.upload_max, 2 * 1024 * 1024);
	ck_assert_str_eq(c.packages_url, "https://p.example.com");
	ck_assert_str_eq(c.api_url, "http://127.0.0.1:8080/api");
	ck_assert_int_eq(c.log_level, LL_DEBUG);
	conf_release(&c);
	unlink(p);
}
END_TEST

START_TEST(test_conf_load_rejects)
{
	static const char *const bad[] = {
		"nope = 1\n", "workers = 0\n", "workers = 9x\n",
		"upload_max = 5Q\n", "web_url = ftp://x\n", "data_dir = rel\n",
		"workers\n", "log_level = loud\n", NULL
	};
	struct conf	 c;
	char		 err[256];
	char		*p;
	size_t		 i;

	for (i = 0; bad[i]; i++) {
		p = write_conf(bad[i]);
		ck_assert_msg(conf_load(p, &c, err, sizeof(err)) == -1,
		    "accepted '%s'", bad[i]);
		ck_assert_ptr_nonnull(strstr(err, ":1:"));
		unlink(p);
	}
}
END_TEST

/* Every key of the option table is documented in depot.conf(5). */
START_TEST(test_conf_key_documented)
{
	const char	*top = getenv("top_srcdir");
	char		 path[4096], needle[128], *text;
	FILE		*f;
	long		 n;
	size_t		 i;

	snprintf(path, sizeof(path), "%s/man/depot.conf.5", top ? top : ".");
	f = fopen(path, "r");
	ck_assert_ptr_nonnull(f);
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	fseek(f, 0, SEEK_SET);
	text = calloc(1, (size_t)n + 1);
	ck_assert_int_eq(fread(text, 1, (size_t)n, f), (size_t)n);
	fclose(f);
	for (i = 0; conf_key(i) != NULL; i++) {
		snprintf(needle, sizeof(needle), ".It Ic %s ", conf_key(i));
		ck_assert_msg(strstr(text, needle) != NULL,
		    "key '%s' missing from depot.conf.5", conf_key(i));
	}
	free(text);
}
END_TEST

START_TEST(test_credential_parse_forms)
{
	struct credential	 c;
	const char		*why = NULL;
	const char		*h;

	ck_assert_int_eq(credential_parse(&a, NULL, 0, &c, &why), 0);
	ck_assert_int_eq(c.kind, CRED_NONE);
	h = "Bearer depot_abc";
	ck_assert_int_eq(credential_parse(&a, h, strlen(h), &c, &why), 0);
	ck_assert_int_eq(c.kind, CRED_BEARER);
	ck_assert_str_eq(c.secret, "depot_abc");
	h = "Basic YnVpbGRraXRlOnMzY3IzdA==";	/* buildkite:s3cr3t */
	ck_assert_int_eq(credential_parse(&a, h, strlen(h), &c, &why), 0);
	ck_assert_int_eq(c.kind, CRED_BASIC);
	ck_assert_str_eq(c.user, "buildkite");
	ck_assert_str_eq(c.secret, "s3cr3t");
	h = "depot_rawkey";
	ck_assert_int_eq(credential_parse(&a, h, strlen(h), &c, &why), 0);
	ck_assert_int_eq(c.kind, CRED_RAW);
}
END_TEST

START_TEST(test_credential_parse_rejects)
{
	static const char *const bad[] = {
		"Basic !!!notbase64", "Basic YWJj",	/* "abc": no colon */
		"Basic Og==",				/* ":" empty secret */
		"Bearer ", "Bearer a\tb", "two words", NULL
	};
	static char		 big[CRED_MAX_LEN + 16];
	struct credential	 c;
	const char		*why;
	size_t			 i;

	for (i = 0; bad[i]; i++) {
		why = NULL;
		ck_assert_msg(credential_parse(&a, bad[i], strlen(bad[i]), &c,
		    &why) == -1, "accepted '%s'", bad[i]);
		ck_assert_ptr_nonnull(why);
	}
	memcpy(big, "Bearer ", 7);
	memset(big + 7, 'a', CRED_MAX_LEN);
	ck_assert_int_eq(credential_parse(&a, big, strlen(big), &c, &why), -1);
}
END_TEST

START_TEST(test_scope_parse_roundtrip)
{
	unsigned	 bits;
	const char	*bad = NULL;

	ck_assert_int_eq(scope_parse(&a, "read_packages, write_packages",
	    &bits, &bad), 0);
	ck_assert_uint_eq(bits, SC_READ_PACKAGES | SC_WRITE_PACKAGES);
	ck_assert_str_eq(scope_pg_array(&a, bits),
	    "{read_packages,write_packages}");
	ck_assert_int_eq(scope_parse(&a, "read_packages,root", &bits, &bad),
	    -1);
	ck_assert_str_eq(bad, "root");
}
END_TEST

START_TEST(test_token_generate_shape)
{
	char		 t1[TOKEN_LEN + 1], t2[TOKEN_LEN + 1];
	unsigned char	 h1[32], h2[32];

	ck_assert_int_eq(token_generate(t1), 0);
	ck_assert_int_eq(token_generate(t2), 0);
	ck_assert(token_looks_api(t1));
	ck_assert_str_ne(t1, t2);
	token_hash(t1, strlen(t1), h1);
	token_hash(t2, strlen(t2), h2);
	ck_assert(memcmp(h1, h2, 32) != 0);
	ck_assert(!token_looks_api("depot_short"));
}
END_TEST

static const struct route *
route_for(enum method m, const char *path, struct req *r, int *allowed)
{
	memset(r, 0, sizeof(*r));
	r->arena = &a;
	r->method = m;
	r->path = arena_strdup(&a, path);
	return router_match(r, allowed);
}

START_TEST(test_router_match_npm)
{
	struct req		 r;
	const struct route	*rt;
	int			 allowed;

	rt = route_for(M_GET, "/acme/web/npm/left-pad", &r, &allowed);
	ck_assert_ptr_nonnull(rt);
	ck_assert_str_eq(req_param(&r, "org"), "acme");
	ck_assert_str_eq(req_param(&r, "reg"), "web");
	ck_assert_str_eq(req_param(&r, "pkg"), "left-pad");
	/* scoped names, encoded and not */
	rt = route_for(M_GET, "/acme/web/npm/@s%2fx", &r, &allowed);
	ck_assert_ptr_nonnull(rt);
	ck_assert_str_eq(req_param(&r, "pkg"), "@s/x");
	rt = route_for(M_GET, "/acme/web/npm/@s/x/-/x-1.0.0.tgz", &r,
	    &allowed);
	ck_assert_ptr_nonnull(rt);
	ck_assert_str_eq(req_param(&r, "pkg"), "@s/x");
	ck_assert_str_eq(req_param(&r, "file"), "x-1.0.0.tgz");
	/* HEAD is served by GET routes */
	ck_assert_ptr_nonnull(route_for(M_HEAD, "/acme/web/npm/x", &r,
	    &allowed));
	/* dist-tags are not a package called "-" */
	rt = route_for(M_GET, "/acme/web/npm/-/package/x/dist-tags", &r,
	    &allowed);
	ck_assert_ptr_nonnull(rt);
	ck_assert_str_eq(req_param(&r, "pkg"), "x");
}
END_TEST

START_TEST(test_router_match_rejects)
{
	struct req	 r;
	int		 allowed;

	ck_assert_ptr_null(route_for(M_GET, "/nothing", &r, &allowed));
	ck_assert_int_eq(allowed, 0);
	ck_assert_ptr_null(route_for(M_PATCH, "/acme/web/npm/x", &r,
	    &allowed));
	ck_assert_int_eq(allowed, 1);
	/* malformed escapes and ids never reach a handler */
	ck_assert_ptr_null(route_for(M_GET, "/acme/web/npm/%zz", &r,
	    &allowed));
	ck_assert_ptr_null(route_for(M_GET, "/api/v2/packages/organizations/"
	    "acme/registries/web/packages/1;drop", &r, &allowed));
	ck_assert_ptr_nonnull(route_for(M_GET, "/api/v2/packages/"
	    "organizations/acme/registries/web/packages/"
	    "0191df84-85e4-77aa-8a4f-0123456789ab", &r, &allowed));
}
END_TEST

START_TEST(test_cache_put_get_drop)
{
	const struct cache_entry	*e;
	const char			*f[3] = { "a", NULL, "c" };
	char				*out[3];
	struct buf			 b;

	cache_init(2);
	ck_assert_int_eq(cache_put("k1", "g1", "one", 3, "\"e1\"", 0), 0);
	ck_assert_int_eq(cache_put("k2", "g2", "two", 3, NULL, 0), 0);
	e = cache_get("k1", 0);
	ck_assert_ptr_nonnull(e);
	ck_assert_str_eq(e->data, "one");
	cache_drop_group("g1");
	ck_assert_ptr_null(cache_get("k1", 0));
	ck_assert_ptr_nonnull(cache_get("k2", 0));
	ck_assert_int_eq(cache_put("k3", "g", "x", 1, NULL, 100), 0);
	ck_assert_ptr_null(cache_get("k3", 100));	/* expired */
	buf_init(&b, 100);
	ck_assert_int_eq(cache_pack(&b, f, 3), 0);
	ck_assert_int_eq(cache_unpack(&a, b.data, b.len, out, 3), 0);
	ck_assert_str_eq(out[0], "a");
	ck_assert_ptr_null(out[1]);
	ck_assert_str_eq(out[2], "c");
	ck_assert_int_eq(cache_unpack(&a, b.data, b.len - 1, out, 3), -1);
	buf_release(&b);
	cache_clear();
}
END_TEST

static Suite *
core_suite(void)
{
	Suite	*s = suite_create("core");
	TCase	*tc;

	tc = tcase_create("conf");
	tcase_add_test(tc, test_conf_load_values);
	tcase_add_test(tc, test_conf_load_rejects);
	tcase_add_test(tc, test_conf_key_documented);
	suite_add_tcase(s, tc);
	tc = tcase_create("credential");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_credential_parse_forms);
	tcase_add_test(tc, test_credential_parse_rejects);
	tcase_add_test(tc, test_scope_parse_roundtrip);
	tcase_add_test(tc, test_token_generate_shape);
	suite_add_tcase(s, tc);
	tc = tcase_create("router");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_router_match_npm);
	tcase_add_test(tc, test_router_match_rejects);
	tcase_add_test(tc, test_cache_put_get_drop);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner	*sr = srunner_create(core_suite());
	int	 failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
