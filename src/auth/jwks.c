/* jwks.c: issuer key sets from files or HTTPS (libcurl), cached per worker */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <curl/curl.h>
#include <json-c/json.h>

#include "auth/jwks.h"
#include "util/buf.h"
#include "util/log.h"
#include "util/banned.h"

#define JWKS_MAX	(1024 * 1024)
#define MAX_ISSUERS	64
#define MAX_KEYS	64
#define REFETCH_MIN	30	/* seconds between fetches of one issuer */

struct issuer {
	char		*iss;
	char		*src;
	cjose_jwk_t	**keys;
	size_t		 nkeys;
	int		 loaded;
	time_t		 fetched;
};

static struct issuer	 issuers[MAX_ISSUERS];
static size_t		 nissuers;

void
jwks_free_keys(cjose_jwk_t **keys, size_t n)
{
	size_t	 i;

	for (i = 0; i < n; i++)
		cjose_jwk_release(keys[i]);
	free(keys);
}

int
jwks_parse(const char *json, size_t len, cjose_jwk_t ***keys, size_t *n,
    char *err, size_t errsz)
{
	struct json_tokener	*tk;
	struct json_object	*root, *arr, *k, *use;
	cjose_jwk_t		*jwk;
	cjose_err		 cerr;
	const char		*s;
	size_t			 i;

	*keys = NULL;
	*n = 0;
	if (len > JWKS_MAX) {
		snprintf(err, errsz, "key set is larger than 1 MiB");
		return -1;
	}
	if ((tk = json_tokener_new_ex(8)) == NULL)
		return -1;
	root = json_tokener_parse_ex(tk, json, (int)len);
	json_tokener_free(tk);
	if (root == NULL || !json_object_object_get_ex(root, "keys", &arr) ||
	    !json_object_is_type(arr, json_type_array)) {
		snprintf(err, errsz, "not a JWK Set (no \"keys\" array)");
		json_object_put(root);
		return -1;
	}
	if ((*keys = calloc(MAX_KEYS, sizeof(**keys))) == NULL) {
		json_object_put(root);
		return -1;
	}
	for (i = 0; i < json_object_array_length(arr) && *n < MAX_KEYS; i++) {
		k = json_object_array_get_idx(arr, i);
		if (k == NULL || !json_object_is_type(k, json_type_object))
			continue;
		if (json_object_object_get_ex(k, "use", &use) && use &&
		    strcmp(json_object_get_string(use), "sig") != 0)
			continue;
		s = json_object_to_json_string_ext(k, JSON_C_TO_STRING_PLAIN);
		if ((jwk = cjose_jwk_import(s, strlen(s), &cerr)) == NULL)
			continue;
		switch (cjose_jwk_get_kty(jwk, &cerr)) {
		case CJOSE_JWK_KTY_RSA:
		case CJOSE_JWK_KTY_EC:
			(*keys)[(*n)++] = jwk;
			break;
		default:
			/* Symmetric keys never verify tokens here. */
			cjose_jwk_release(jwk);
		}
	}
	json_object_put(root);
	if (*n == 0) {
		snprintf(err, errsz, "key set has no RSA or EC signing key");
		jwks_free_keys(*keys, 0);
		*keys = NULL;
		return -1;
	}
	return 0;
}

int
jwks_configure(const struct conf_list *l, char *err, size_t errsz)
{
	size_t	 i, j;
	char	*sp;

	for (i = 0; i < nissuers; i++) {
		free(issuers[i].iss);
		free(issuers[i].src);
		jwks_free_keys(issuers[i].keys, issuers[i].nkeys);
	}
	memset(issuers, 0, sizeof(issuers));
	nissuers = 0;
	for (i = 0; i < l->n && i < MAX_ISSUERS; i++) {
		if ((sp = strchr(l->v[i], ' ')) == NULL) {
			snprintf(err, errsz, "oidc_issuer '%s': expected "
			    "'ISSUER-URL JWKS-FILE-OR-URL'", l->v[i]);
			return -1;
		}
		issuers[i].iss = strndup(l->v[i], (size_t)(sp - l->v[i]));
		while (*sp == ' ')
			sp++;
		issuers[i].src = strdup(sp);
		nissuers++;
		if (issuers[i].iss == NULL || issuers[i].src == NULL)
			return -1;
		if (strncmp(issuers[i].iss, "https://", 8) != 0 &&
		    strncmp(issuers[i].iss, "http://", 7) != 0) {
			snprintf(err, errsz, "oidc_issuer '%s' is not a URL",
			    issuers[i].iss);
			return -1;
		}
		if (strncmp(issuers[i].src, "https://", 8) != 0 &&
		    issuers[i].src[0] != '/') {
			snprintf(err, errsz, "oidc_issuer '%s': the key set "
			    "must be an absolute path or an https:// URL",
			    issuers[i].iss);
			return -1;
		}
		for (j = 0; j < i; j++)
			if (strcmp(issuers[j].iss, issuers[i].iss) == 0) {
				snprintf(err, errsz, "oidc_issuer '%s' given "
				    "twice", issuers[i].iss);
				return -1;
			}
	}
	return 0;
}

int
jwks_trusted(const char *iss)
{
	size_t	 i;

	for (i = 0; i < nissuers; i++)
		if (strcmp(issuers[i].iss, iss) == 0)
			return 1;
	return 0;
}

static size_t
on_data(char *p, size_t size, size_t n, void *arg)
{
	if (buf_add(arg, p, size * n) == -1)
		return 0;
	return size * n;
}

/* Read the key set of is from its file or URL into b. */
static int
fetch(struct issuer *is, struct buf *b)
{
	FILE		*f;
	CURL		*c;
	char		 chunk[8192];
	size_t		 n;
	long		 code = 0;
	CURLcode	 cc;

	if (is->src[0] == '/') {
		if ((f = fopen(is->src, "r")) == NULL)
			return log_err("cannot open JWKS '%s'", is->src);
		while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
			if (buf_add(b, chunk, n) == -1) {
				fclose(f);
				return log_errx("JWKS '%s' is too large",
				    is->src);
			}
		fclose(f);
		return 0;
	}
	if ((c = curl_easy_init()) == NULL)
		return -1;
	curl_easy_setopt(c, CURLOPT_URL, is->src);
	curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "https");
	curl_easy_setopt(c, CURLOPT_TIMEOUT, 10L);
	curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, 5L);
	curl_easy_setopt(c, CURLOPT_MAXFILESIZE, (long)JWKS_MAX);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_data);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, b);
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	cc = curl_easy_perform(c);
	curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &code);
	curl_easy_cleanup(c);
	if (cc != CURLE_OK || code != 200)
		return log_errx("cannot fetch JWKS '%s': %s (HTTP %ld)",
		    is->src, curl_easy_strerror(cc), code);
	return 0;
}

static void
load(struct issuer *is)
{
	struct buf	 b;
	char		 err[256];
	cjose_jwk_t	**keys;
	size_t		 n;

	is->fetched = time(NULL);
	buf_init(&b, JWKS_MAX);
	if (fetch(is, &b) == 0) {
		if (jwks_parse(b.data, b.len, &keys, &n, err, sizeof(err)) ==
		    0) {
			jwks_free_keys(is->keys, is->nkeys);
			is->keys = keys;
			is->nkeys = n;
			is->loaded = 1;
		} else
			log_warnx("JWKS of '%s': %s", is->iss, err);
	}
	buf_release(&b);
}

static const cjose_jwk_t *
find(struct issuer *is, const char *kid, const char *alg)
{
	cjose_err		 err;
	cjose_jwk_kty_t		 want;
	const char		*k;
	size_t			 i;

	want = strcmp(alg, "RS256") == 0 ? CJOSE_JWK_KTY_RSA : CJOSE_JWK_KTY_EC;
	for (i = 0; i < is->nkeys; i++) {
		if (cjose_jwk_get_kty(is->keys[i], &err) != want)
			continue;
		if (want == CJOSE_JWK_KTY_EC &&
		    cjose_jwk_EC_get_curve(is->keys[i], &err) !=
		    CJOSE_JWK_EC_P_256)
			continue;
		k = cjose_jwk_get_kid(is->keys[i], &err);
		/* Without a kid, a token may use the issuer's only key. */
		if (kid == NULL ? is->nkeys == 1 : (k && strcmp(k, kid) == 0))
			return is->keys[i];
	}
	return NULL;
}

const cjose_jwk_t *
jwks_key(void *arg, const char *iss, const char *kid, const char *alg)
{
	const cjose_jwk_t	*key;
	struct issuer		*is = NULL;
	size_t			 i;

	(void)arg;
	for (i = 0; i < nissuers; i++)
		if (strcmp(issuers[i].iss, iss) == 0)
			is = &issuers[i];
	if (is == NULL)
		return NULL;
	if (!is->loaded)
		load(is);
	if ((key = find(is, kid, alg)) != NULL)
		return key;
	/* An unknown key id: the issuer may have rotated its keys. */
	if (is->src[0] != '/' && time(NULL) - is->fetched >= REFETCH_MIN) {
		load(is);
		key = find(is, kid, alg);
	}
	return key;
}
