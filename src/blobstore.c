/* blobstore.c: storage references to backends: hosted, or a storage link */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <openssl/crypto.h>

#include "blobstore.h"
#include "db/db_storage.h"
#include "storage/s3.h"
#include "util/arena.h"
#include "util/log.h"
#include "util/secret.h"
#include "util/banned.h"

#define POOL_MAX	64
#define HEALTH_MAX	100	/* links checked by /-/health */
#define HEALTH_TTL	10	/* seconds a health answer is reused */
#define SECRET_MAX	1024

struct link_backend {
	char			 id[40];
	struct storage		*st;
	unsigned long long	 used;	/* LRU clock */
};

static const struct conf	*bconf;
static struct storage		*hosted;
static struct link_backend	 pool[POOL_MAX];
static size_t			 npool;
static unsigned long long	 clock_now;

static struct {
	time_t			 at;
	int			 ok;
	struct json_object	*failing;
} health;

void
blobstore_init(const struct conf *c, struct storage *h)
{
	bconf = c;
	hosted = h;
}

void
blobstore_flush(void)
{
	size_t	 i;

	for (i = 0; i < npool; i++)
		storage_free(pool[i].st);
	npool = 0;
	health.at = 0;
}

void
blobstore_release(void)
{
	blobstore_flush();
	if (health.failing)
		json_object_put(health.failing);
	health.failing = NULL;
	hosted = NULL;
}

/* A backend for link l (its secret opened with the server key). */
static struct storage *
link_open(const struct storage_link *l, char *err, size_t errsz)
{
	struct s3_conf	 c;
	struct storage	*st;
	char		 secret[SECRET_MAX], aad[64], label[160];
	char		*proxy = NULL;
	size_t		 len, plen;

	if (!secret_loaded()) {
		snprintf(err, errsz, "storage link '%s': secret_key_file is "
		    "not set, so its credentials cannot be opened", l->name);
		return NULL;
	}
	snprintf(aad, sizeof(aad), "storage_link:%s", l->id);
	if (secret_open(aad, l->secret_sealed, secret, sizeof(secret), &len)
	    == -1) {
		snprintf(err, errsz, "storage link '%s': cannot open its "
		    "secret (another secret_key_file?)", l->name);
		return NULL;
	}
	snprintf(label, sizeof(label), "storage link '%s'", l->name);
	memset(&c, 0, sizeof(c));
	c.label = label;
	c.endpoint = l->endpoint;
	c.region = l->region;
	c.bucket = l->bucket;
	c.prefix = l->prefix;
	c.path_style = l->path_style;
	c.access_key_id = l->access_key_id;
	c.secret = secret;
	c.multipart_threshold = bconf->s3_multipart_threshold;
	c.part_size = bconf->s3_part_size;
	c.presign_ttl = bconf->s3_presign_ttl;
	c.timeout = bconf->s3_timeout;
	c.proxy_location = "";
	plen = bconf->s3_proxy_location ? strlen(bconf->s3_proxy_location) : 0;
	if (plen > 0) {
		/* "/_s3" or "/_s3/": the location, with one trailing '/'. */
		if ((proxy = malloc(plen + 2)) == NULL) {
			OPENSSL_cleanse(secret, sizeof(secret));
			snprintf(err, errsz, "out of memory");
			return NULL;
		}
		snprintf(proxy, plen + 2, "%s%s", bconf->s3_proxy_location,
		    bconf->s3_proxy_location[plen - 1] == '/' ? "" : "/");
		c.proxy_location = proxy;
	}
	st = storage_s3_new(&c, hosted->spool_dir, err, errsz);
	OPENSSL_cleanse(secret, sizeof(secret));
	free(proxy);
	return st;
}

struct storage *
blobstore_get(struct db *db, const char *ref, char *err, size_t errsz)
{
	struct storage_link	 l;
	struct arena		 a;
	struct storage		*st = NULL;
	size_t			 i, lru;
	int			 rc;

	if (hosted == NULL)
		BUG("blobstore_get before blobstore_init");
	if (ref == NULL || strcmp(ref, STORAGE_HOSTED) == 0)
		return hosted;
	for (i = 0; i < npool; i++)
		if (strcmp(pool[i].id, ref) == 0) {
			pool[i].used = ++clock_now;
			return pool[i].st;
		}
	if (strlen(ref) >= sizeof(pool[0].id)) {
		snprintf(err, errsz, "bad storage reference");
		return NULL;
	}
	arena_init(&a, 1 << 20);
	rc = db_storage_get(db, &a, ref, &l);
	if (rc == -1)
		snprintf(err, errsz, "database unavailable");
	else if (rc == 1)
		snprintf(err, errsz, "storage link %s no longer exists", ref);
	else if ((st = link_open(&l, err, errsz)) != NULL) {
		/*
		 * Full: replace the least recently used backend, never one a
		 * caller of this request still holds (those were used last).
		 */
		if (npool == POOL_MAX) {
			for (i = 1, lru = 0; i < npool; i++)
				if (pool[i].used < pool[lru].used)
					lru = i;
			storage_free(pool[lru].st);
			pool[lru] = pool[--npool];
		}
		snprintf(pool[npool].id, sizeof(pool[npool].id), "%s", ref);
		pool[npool].st = st;
		pool[npool].used = ++clock_now;
		npool++;
	}
	arena_release(&a);
	return st;
}

struct storage *
blobstore_for_registry(struct db *db, struct arena *a, const char *registry_id,
    const char **ref, char *err, size_t errsz)
{
	char	*id;
	int	 rc;

	rc = db_storage_of_registry(db, a, registry_id, &id);
	if (rc != 0) {
		snprintf(err, errsz, rc == 1 ? "no such registry" :
		    "database unavailable");
		return NULL;
	}
	*ref = id ? id : STORAGE_HOSTED;
	return blobstore_get(db, *ref, err, errsz);
}

struct json_object *
blobstore_health(struct db *db, int *ok)
{
	struct storage_link	*l;
	struct storage		*st;
	struct json_object	*o;
	struct arena		 a;
	char			 err[512];
	size_t			 n, i;
	time_t			 now = time(NULL);

	if (health.at != 0 && now - health.at < HEALTH_TTL &&
	    health.failing != NULL) {
		*ok = health.ok;
		return json_object_get(health.failing);
	}
	if (health.failing)
		json_object_put(health.failing);
	health.failing = json_object_new_array();
	health.ok = 1;
	arena_init(&a, 4 << 20);
	if (db_storage_in_use(db, &a, HEALTH_MAX, &l, &n) == -1)
		n = 0;	/* the database check reports it */
	for (i = 0; i < n; i++) {
		err[0] = '\0';
		st = blobstore_get(db, l[i].id, err, sizeof(err));
		if (st != NULL && storage_check(st, err, sizeof(err)) == 0)
			continue;
		log_warnx("health: storage link %s ('%s'): %s", l[i].id,
		    l[i].name, err);
		health.ok = 0;
		o = json_object_new_object();
		json_object_object_add(o, "id",
		    json_object_new_string(l[i].id));
		json_object_object_add(o, "status",
		    json_object_new_string("unavailable"));
		json_object_array_add(health.failing, o);
	}
	arena_release(&a);
	health.at = now;
	*ok = health.ok;
	return json_object_get(health.failing);
}

/* ---------------------------------------------------------------- links */

static int
valid_name(const char *s)
{
	size_t	 i, n = strlen(s);

	if (n == 0 || n > 100 || !isalnum((unsigned char)s[0]))
		return 0;
	for (i = 0; i < n; i++)
		if (!isalnum((unsigned char)s[i]) && !strchr("._-", s[i]))
			return 0;
	return 1;
}

/* S3 bucket naming rules (lower case, digits, '.', '-'; 3 to 63). */
static int
valid_bucket(const char *s)
{
	size_t	 i, n = strlen(s);

	if (n < 3 || n > 63 || !isalnum((unsigned char)s[0]) ||
	    !isalnum((unsigned char)s[n - 1]))
		return 0;
	for (i = 0; i < n; i++)
		if (!(islower((unsigned char)s[i]) ||
		    isdigit((unsigned char)s[i]) || s[i] == '.' || s[i] == '-'))
			return 0;
	return 1;
}

static int
valid_region(const char *s)
{
	size_t	 i, n = strlen(s);

	if (n == 0 || n > 64)
		return 0;
	for (i = 0; i < n; i++)
		if (!(islower((unsigned char)s[i]) ||
		    isdigit((unsigned char)s[i]) || s[i] == '-'))
			return 0;
	return 1;
}

/* Key prefix: [A-Za-z0-9._/-], no leading '/', no "..", no "//". */
static int
valid_prefix(const char *s)
{
	size_t	 i, n = strlen(s);

	if (n > 512 || s[0] == '/' || strstr(s, "..") || strstr(s, "//"))
		return 0;
	for (i = 0; i < n; i++)
		if (!isalnum((unsigned char)s[i]) && !strchr("._/-", s[i]))
			return 0;
	return 1;
}

static int
valid_key_id(const char *s)
{
	size_t	 i, n = strlen(s);

	if (n == 0 || n > 256)
		return 0;
	for (i = 0; i < n; i++)
		if (!isgraph((unsigned char)s[i]))
			return 0;
	return 1;
}

/* http(s)://host[:port], a trailing '/' dropped; NULL if not that. */
static char *
clean_endpoint(struct arena *a, const char *s)
{
	const char	*h;
	size_t		 n = strlen(s), i;

	while (n > 0 && s[n - 1] == '/')
		n--;
	if (strncmp(s, "https://", 8) == 0)
		h = s + 8;
	else if (strncmp(s, "http://", 7) == 0)
		h = s + 7;
	else
		return NULL;
	if ((size_t)(h - s) >= n || n > 512)
		return NULL;
	for (i = (size_t)(h - s); i < n; i++)
		if (!isalnum((unsigned char)s[i]) && !strchr(".-:[]", s[i]))
			return NULL;
	return arena_strndup(a, s, n);
}

int
blobstore_link_check(struct arena *a, struct link_input *in, char *err,
    size_t errsz)
{
	const char	*endpoint = in->endpoint;

	if (!valid_name(in->name)) {
		snprintf(err, errsz, "invalid name '%s': letters, digits, '.', "
		    "'_' and '-', at most 100", in->name);
		return -1;
	}
	if ((in->endpoint = clean_endpoint(a, endpoint)) == NULL) {
		snprintf(err, errsz, "invalid endpoint '%s': use "
		    "http(s)://host[:port] with no path", endpoint);
		return -1;
	}
	if (!valid_region(in->region)) {
		snprintf(err, errsz, "invalid region '%s'", in->region);
		return -1;
	}
	if (!valid_bucket(in->bucket)) {
		snprintf(err, errsz, "invalid bucket name '%s'", in->bucket);
		return -1;
	}
	if (!valid_key_id(in->access_key_id)) {
		snprintf(err, errsz, "invalid access key id");
		return -1;
	}
	if (in->prefix == NULL)
		in->prefix = "";
	if (!valid_prefix(in->prefix)) {
		snprintf(err, errsz, "invalid prefix '%s': letters, digits, "
		    "'.', '_', '-' and '/', not starting with '/'", in->prefix);
		return -1;
	}
	in->prefix = arena_strfmt(a, "%s%s", in->prefix, *in->prefix &&
	    in->prefix[strlen(in->prefix) - 1] != '/' ? "/" : "");
	/* AWS prefers virtual-host addressing; other services path-style. */
	if (in->path_style == -1)
		in->path_style = strstr(in->endpoint, ".amazonaws.com") == NULL;
	return in->prefix ? 0 : -1;
}

char *
blobstore_diag_json(struct arena *a, const struct s3_diag *d)
{
	struct json_object	*arr, *o;
	char			*s;
	int			 i;

	arr = json_object_new_array();
	for (i = 0; i < S3D__MAX; i++) {
		if (!d->step[i].ran)
			continue;
		o = json_object_new_object();
		json_object_object_add(o, "step",
		    json_object_new_string(d->step[i].name));
		json_object_object_add(o, "ok",
		    json_object_new_boolean(d->step[i].ok));
		json_object_object_add(o, "message",
		    json_object_new_string(d->step[i].message));
		json_object_array_add(arr, o);
	}
	s = arena_strdup(a, json_object_to_json_string_ext(arr,
	    JSON_C_TO_STRING_PLAIN));
	json_object_put(arr);
	return s;
}

enum blobstore_link
blobstore_link_add(struct db *db, struct arena *a, const struct link_input *in,
    struct s3_diag *d, char **id, char *err, size_t errsz)
{
	struct storage_link	 l;
	struct s3_conf		 c;
	struct storage		*st = NULL;
	char			 label[160], aad[64], *sealed;
	size_t			 slen = strlen(in->secret), sz;
	enum blobstore_link	 rc = BL_ERROR;
	int			 r;

	memset(d, 0, sizeof(*d));
	if (!secret_loaded()) {
		snprintf(err, errsz, "secret_key_file is not set: storage "
		    "credentials are stored sealed under the server key");
		return BL_ERROR;
	}
	snprintf(label, sizeof(label), "storage link '%s'", in->name);
	memset(&c, 0, sizeof(c));
	c.label = label;
	c.endpoint = in->endpoint;
	c.region = in->region;
	c.bucket = in->bucket;
	c.prefix = in->prefix;
	c.path_style = in->path_style;
	c.access_key_id = in->access_key_id;
	c.secret = in->secret;
	c.multipart_threshold = bconf->s3_multipart_threshold;
	c.part_size = bconf->s3_part_size;
	c.presign_ttl = bconf->s3_presign_ttl;
	c.timeout = bconf->s3_timeout;
	c.proxy_location = "";
	st = storage_s3_new(&c, hosted ? hosted->spool_dir : "/nonexistent",
	    err, errsz);
	if (st == NULL)
		return BL_INVALID;
	if (storage_s3_diagnose(st, d) == -1) {
		rc = BL_DIAG_FAILED;
		goto out;
	}
	if (db_storage_new_id(db, a, id) == -1) {
		snprintf(err, errsz, "database unavailable");
		goto out;
	}
	snprintf(aad, sizeof(aad), "storage_link:%s", *id);
	sz = 2 * (28 + slen) + 1;
	if ((sealed = arena_alloc(a, sz)) == NULL ||
	    secret_seal(aad, in->secret, slen, sealed, sz) == -1) {
		snprintf(err, errsz, "cannot seal the secret");
		goto out;
	}
	memset(&l, 0, sizeof(l));
	l.id = *id;
	l.org_id = (char *)in->org_id;
	l.name = (char *)in->name;
	l.kind = (char *)"s3";
	l.endpoint = (char *)in->endpoint;
	l.region = (char *)in->region;
	l.bucket = (char *)in->bucket;
	l.prefix = (char *)in->prefix;
	l.path_style = in->path_style;
	l.access_key_id = (char *)in->access_key_id;
	l.secret_sealed = sealed;
	l.status = (char *)"active";
	l.diagnostic = blobstore_diag_json(a, d);
	if ((r = db_storage_create(db, &l)) == -1)
		snprintf(err, errsz, "database unavailable");
	else
		rc = r == 1 ? BL_NAME_TAKEN : BL_OK;
out:
	storage_free(st);
	return rc;
}
