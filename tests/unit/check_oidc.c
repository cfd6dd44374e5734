/* check_oidc.c: unit tests for OIDC policies, JWT verification and JWKS */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cjose/cjose.h>
#include <json-c/json.h>

#include "auth/jwks.h"
#include "auth/jwt.h"
#include "auth/oidc_policy.h"
#include "auth/principal.h"
#include "util/arena.h"

#define ISS	"https://agent.buildkite.com"
#define AUD	"https://packages.example.com/acme/web"

static struct arena	 a;
static cjose_jwk_t	*rsa, *ec, *other, *oct;
static time_t		 now;

static void
setup(void)
{
	static const uint8_t	 e[] = { 1, 0, 1 };
	cjose_err		 err;

	arena_init(&a, 1 << 24);
	now = time(NULL);
	if (rsa == NULL) {
		rsa = cjose_jwk_create_RSA_random(2048, e, sizeof(e), &err);
		ec = cjose_jwk_create_EC_random(CJOSE_JWK_EC_P_256, &err);
		other = cjose_jwk_create_RSA_random(2048, e, sizeof(e), &err);
		oct = cjose_jwk_create_oct_random(32, &err);
		cjose_jwk_set_kid(rsa, "k-rsa", 5, &err);
		cjose_jwk_set_kid(ec, "k-ec", 4, &err);
		cjose_jwk_set_kid(other, "k-rsa", 5, &err);
		cjose_jwk_set_kid(oct, "k-oct", 5, &err);
	}
}

static void
teardown(void)
{
	arena_release(&a);
}

/* The trusted keys: RSA and EC of ISS. */
static const cjose_jwk_t *
keys(void *arg, const char *iss, const char *kid, const char *alg)
{
	(void)arg;
	if (strcmp(iss, ISS) != 0 || kid == NULL)
		return NULL;
	if (strcmp(alg, "RS256") == 0 && strcmp(kid, "k-rsa") == 0)
		return rsa;
	if (strcmp(alg, "ES256") == 0 && strcmp(kid, "k-ec") == 0)
		return ec;
	return NULL;
}

/* A signed token with these claims; the caller frees the string. */
static char *
sign(const cjose_jwk_t *k, const char *alg, const char *kid,
    const char *claims)
{
	cjose_err	 err;
	cjose_header_t	*h = cjose_header_new(&err);
	cjose_jws_t	*jws;
	const char	*ser;
	char		*out;

	cjose_header_set(h, CJOSE_HDR_ALG, alg, &err);
	if (kid)
		cjose_header_set(h, CJOSE_HDR_KID, kid, &err);
	jws = cjose_jws_sign(k, h, (const uint8_t *)claims, strlen(claims),
	    &err);
	ck_assert_ptr_nonnull(jws);
	ck_assert(cjose_jws_export(jws, &ser, &err));
	out = strdup(ser);
	cjose_jws_release(jws);
	cjose_header_release(h);
	return out;
}

static char *
claims(const char *aud, long iat, long exp, const char *extra)
{
	static char	 c[1024];

	snprintf(c, sizeof(c), "{\"iss\":\"%s\",\"sub\":\"job\",\"aud\":%s,"
	    "\"iat\":%ld,\"exp\":%ld%s}", ISS, aud, iat, exp, extra);
	return c;
}

static int
verify(const char *tok, const char **why)
{
	struct jwt	 j;
	int		 rc;

	rc = jwt_verify(tok, strlen(tok), AUD, now, keys, NULL, &j, why);
	if (rc == 0)
		json_object_put(j.claims);
	return rc;
}

START_TEST(test_jwt_verify_valid)
{
	const char	*why;
	char		*t;

	t = sign(rsa, "RS256", "k-rsa", claims("\"" AUD "\"", now - 5,
	    now + 60, ""));
	ck_assert_int_eq(verify(t, &why), 0);
	free(t);
	t = sign(ec, "ES256", "k-ec", claims("[\"x\",\"" AUD "\"]", now,
	    now + 300, ",\"nbf\":1"));
	ck_assert_int_eq(verify(t, &why), 0);
	free(t);
}
END_TEST

static void
refused(char *t, const char *want)
{
	const char	*why = NULL;

	ck_assert_int_eq(verify(t, &why), -1);
	ck_assert_msg(strstr(why, want) != NULL, "why '%s', wanted '%s'", why,
	    want);
	free(t);
}

START_TEST(test_jwt_verify_refuses)
{
	char	*t, big[JWT_MAX_LEN + 64];

	refused(sign(rsa, "RS256", "k-rsa", claims("\"" AUD "\"", now - 100,
	    now - 1, "")), "expired");
	refused(sign(rsa, "RS256", "k-rsa", claims("\"" AUD "\"", now + 120,
	    now + 200, "")), "not valid yet");
	refused(sign(rsa, "RS256", "k-rsa", claims("\"" AUD "\"", now,
	    now + 60, ",\"nbf\":9999999999")), "not valid yet");
	refused(sign(rsa, "RS256", "k-rsa", claims("\"" AUD "\"", now - 10,
	    now + 400, "")), "300 seconds");
	refused(sign(rsa, "RS256", "k-rsa", claims("\"https://other/x\"",
	    now, now + 60, "")), "audience");
	refused(sign(rsa, "RS256", "k-rsa", claims("[\"a\",\"b\"]", now,
	    now + 60, "")), "audience");
	/* re-signed with another key that claims the same kid */
	refused(sign(other, "RS256", "k-rsa", claims("\"" AUD "\"", now,
	    now + 60, "")), "signature");
	/* HMAC, even with a key the issuer never published */
	refused(sign(oct, "HS256", "k-rsa", claims("\"" AUD "\"", now,
	    now + 60, "")), "RS256 or ES256");
	/* an unknown kid */
	refused(sign(rsa, "RS256", "nope", claims("\"" AUD "\"", now,
	    now + 60, "")), "not trusted");
	/* alg none: header {"alg":"none"}, no signature */
	t = strdup("eyJhbGciOiJub25lIn0.eyJpc3MiOiJodHRwczovL2FnZW50LmJ1aWxk"
	    "a2l0ZS5jb20ifQ.");
	refused(t, "");
	/* truncated */
	t = sign(rsa, "RS256", "k-rsa", claims("\"" AUD "\"", now, now + 60,
	    ""));
	t[strlen(t) - 10] = '\0';
	refused(t, "");
	/* oversized */
	memset(big, 'A', sizeof(big) - 1);
	memcpy(big, "eyJ", 3);
	big[100] = '.';
	big[200] = '.';
	big[sizeof(big) - 1] = '\0';
	refused(strdup(big), "too long");
	/* no exp */
	refused(sign(rsa, "RS256", "k-rsa", "{\"iss\":\"" ISS "\",\"aud\":\""
	    AUD "\",\"iat\":1}"), "iat and exp");
}
END_TEST

START_TEST(test_jwks_parse_sets)
{
	cjose_err	 err;
	cjose_jwk_t	**k;
	size_t		 n;
	char		*pub, json[8192], e[256];

	pub = cjose_jwk_to_json(rsa, false, &err);
	snprintf(json, sizeof(json), "{\"keys\":[%s,{\"kty\":\"oct\","
	    "\"k\":\"c2VjcmV0\"}]}", pub);
	free(pub);
	ck_assert_int_eq(jwks_parse(json, strlen(json), &k, &n, e, sizeof(e)),
	    0);
	ck_assert_uint_eq(n, 1);	/* the oct key is dropped */
	jwks_free_keys(k, n);
	ck_assert_int_eq(jwks_parse("{\"keys\":[{\"kty\":\"oct\",\"k\":\"YQ\"}]}",
	    37, &k, &n, e, sizeof(e)), -1);
	ck_assert_int_eq(jwks_parse("[]", 2, &k, &n, e, sizeof(e)), -1);
	ck_assert_int_eq(jwks_parse("{", 1, &k, &n, e, sizeof(e)), -1);
}
END_TEST

static const char example[] =
    "- iss: https://agent.buildkite.com\n"
    "  scopes: [read_packages, write_packages]\n"
    "  claims:\n"
    "    organization_slug: {equals: acme}\n"
    "    pipeline_slug: {in: [one, two]}\n"
    "    build_branch: {matches: [main, \"feature/*\"], "
    "not_equals: feature/not-this}\n"
    "- iss: https://token.actions.githubusercontent.com\n"
    "  scopes: [delete_packages]\n"
    "  claims:\n"
    "    repository: {matches: \"acme/*\"}\n"
    "    actor: {in: [deploy-bot]}\n"
    "- iss: https://agent.buildkite.com\n"
    "  claims:\n"
    "    build_number: 42\n"
    "    runner: {not_in: [hosted]}\n";

START_TEST(test_policy_parse_forms)
{
	struct policy	 p;
	char		 err[256];
	const char	*json = "[{\"iss\":\"" ISS "\",\"scopes\":"
	    "[\"read_packages\"],\"claims\":{\"pipeline_slug\":\"web\"}}]";

	ck_assert_int_eq(policy_parse(&a, example, strlen(example), &p, err,
	    sizeof(err)), 0);
	ck_assert_uint_eq(p.n, 3);
	ck_assert_uint_eq(p.st[0].nrules, 4);
	ck_assert_uint_eq(p.st[1].scopes, SC_DELETE_PACKAGES);
	ck_assert_uint_eq(p.st[2].scopes, SC_READ_PACKAGES | SC_WRITE_PACKAGES);
	ck_assert_int_eq(policy_parse(&a, json, strlen(json), &p, err,
	    sizeof(err)), 0);
	ck_assert_uint_eq(p.n, 1);
	ck_assert_uint_eq(p.st[0].scopes, SC_READ_PACKAGES);
}
END_TEST

START_TEST(test_policy_parse_rejects)
{
	static const struct {
		const char	*text;
		const char	*want;
	} bad[] = {
		{ "- iss: x\n  scope: [read_packages]\n",
		    "line 2: statement 1: unknown key 'scope'" },
		{ "- iss: x\n- iss: y\n  scopes: [root]\n",
		    "statement 2: scopes: unknown scope 'root'" },
		{ "- scopes: [read_packages]\n", "iss is required" },
		{ "- iss: [x]\n", "iss to be a URL" },
		{ "- iss: x\n  claims: [a]\n", "claims to be a map" },
		{ "- iss: x\n  claims: {a: {like: b}}\n", "unknown matcher" },
		{ "- iss: x\n  claims: {a: {in: b}}\n", "needs a list" },
		{ "- iss: x\n  claims: {a: {equals: [b]}}\n", "one value" },
		{ "- &s iss: x\n", "anchors" },
		{ "- iss: &u x\n- iss: *u\n", "anchors" },
		{ "- iss: !!str x\n", "tags" },
		{ "- !custom {iss: x}\n", "tags" },
		{ "iss: x\n", "a list of statements" },
		{ "- iss: x\n  claims: {a: {in: [[[[[b]]]]]}}\n", "expected" },
		{ "- [- iss: x\n", "line 1" },
		{ "- iss: x\n---\n- iss: y\n", "one document" },
		{ NULL, NULL }
	};
	struct policy	 p;
	char		 err[256], *huge;
	size_t		 i, off;

	for (i = 0; bad[i].text; i++) {
		err[0] = '\0';
		ck_assert_msg(policy_parse(&a, bad[i].text, strlen(bad[i].text),
		    &p, err, sizeof(err)) == -1, "accepted: %s", bad[i].text);
		ck_assert_msg(strstr(err, bad[i].want) != NULL,
		    "'%s': got '%s', wanted '%s'", bad[i].text, err,
		    bad[i].want);
	}
	/* a list of 300 values */
	huge = calloc(1, 8192);
	off = (size_t)snprintf(huge, 8192, "- iss: x\n  claims: {a: {in: [");
	for (i = 0; i < 300; i++)
		off += (size_t)snprintf(huge + off, 8192 - off, "v%zu,", i);
	snprintf(huge + off - 1, 8192 - off + 1, "]}}\n");
	ck_assert_int_eq(policy_parse(&a, huge, strlen(huge), &p, err,
	    sizeof(err)), -1);
	ck_assert_ptr_nonnull(strstr(err, "more than 256 values"));
	/* 70 statements */
	off = 0;
	for (i = 0; i < 70; i++)
		off += (size_t)snprintf(huge + off, 8192 - off, "- iss: x\n");
	ck_assert_int_eq(policy_parse(&a, huge, strlen(huge), &p, err,
	    sizeof(err)), -1);
	ck_assert_ptr_nonnull(strstr(err, "more than 64 statements"));
	free(huge);
}
END_TEST

START_TEST(test_policy_match_table)
{
	static const struct {
		const char	*iss;
		const char	*claims;
		unsigned	 want;
	} rows[] = {
		{ ISS, "{\"organization_slug\":\"acme\",\"pipeline_slug\":\"one\","
		    "\"build_branch\":\"main\"}",
		    SC_READ_PACKAGES | SC_WRITE_PACKAGES },
		{ ISS, "{\"organization_slug\":\"acme\",\"pipeline_slug\":\"two\","
		    "\"build_branch\":\"feature/x\"}",
		    SC_READ_PACKAGES | SC_WRITE_PACKAGES },
		/* not_equals beats matches */
		{ ISS, "{\"organization_slug\":\"acme\",\"pipeline_slug\":\"two\","
		    "\"build_branch\":\"feature/not-this\",\"build_number\":1,"
		    "\"runner\":\"self\"}", 0 },
		/* falls through to statement 3 */
		{ ISS, "{\"organization_slug\":\"other\",\"build_number\":42,"
		    "\"runner\":\"self\"}",
		    SC_READ_PACKAGES | SC_WRITE_PACKAGES },
		/* number rule vs string claim */
		{ ISS, "{\"build_number\":\"42\",\"runner\":\"self\"}", 0 },
		/* not_in */
		{ ISS, "{\"build_number\":42,\"runner\":\"hosted\"}", 0 },
		/* a missing claim fails the statement */
		{ ISS, "{\"organization_slug\":\"acme\",\"build_branch\":"
		    "\"main\"}", 0 },
		{ "https://token.actions.githubusercontent.com",
		    "{\"repository\":\"acme/web\",\"actor\":\"deploy-bot\"}",
		    SC_DELETE_PACKAGES },
		{ "https://token.actions.githubusercontent.com",
		    "{\"repository\":\"evil/web\",\"actor\":\"deploy-bot\"}", 0 },
		/* matches is ignored for non-string claims */
		{ "https://token.actions.githubusercontent.com",
		    "{\"repository\":7,\"actor\":\"deploy-bot\"}",
		    SC_DELETE_PACKAGES },
		{ "https://unknown.example", "{}", 0 },
		{ NULL, NULL, 0 }
	};
	struct policy		 p;
	struct json_object	*c;
	char			 err[256];
	size_t			 i;

	ck_assert_int_eq(policy_parse(&a, example, strlen(example), &p, err,
	    sizeof(err)), 0);
	for (i = 0; rows[i].iss; i++) {
		c = json_tokener_parse(rows[i].claims);
		ck_assert_ptr_nonnull(c);
		ck_assert_msg(policy_match(&p, rows[i].iss, c) == rows[i].want,
		    "row %zu", i);
		json_object_put(c);
	}
}
END_TEST

START_TEST(test_policy_glob_table)
{
	ck_assert(policy_glob("feature/*", "feature/x"));
	ck_assert(policy_glob("*", ""));
	ck_assert(policy_glob("a?c", "abc"));
	ck_assert(!policy_glob("a?c", "ac"));
	ck_assert(policy_glob("*b*b*", "abxbx"));
	ck_assert(!policy_glob("main", "main2"));
	ck_assert(policy_glob("**", "anything"));
	ck_assert(!policy_glob("a*c", "abcd"));
}
END_TEST

static Suite *
oidc_suite(void)
{
	Suite	*s = suite_create("oidc");
	TCase	*tc;

	tc = tcase_create("jwt");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, test_jwt_verify_valid);
	tcase_add_test(tc, test_jwt_verify_refuses);
	tcase_add_test(tc, test_jwks_parse_sets);
	suite_add_tcase(s, tc);
	tc = tcase_create("policy");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, test_policy_parse_forms);
	tcase_add_test(tc, test_policy_parse_rejects);
	tcase_add_test(tc, test_policy_match_table);
	tcase_add_test(tc, test_policy_glob_table);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner	*sr = srunner_create(oidc_suite());
	int	 failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
