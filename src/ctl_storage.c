/* ctl_storage.c: depotctl storage add|list|use|check and depotctl gc */
#include <dirent.h>
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <json-c/json.h>
#include <openssl/crypto.h>

#include "blobstore.h"
#include "ctl_storage.h"
#include "db/db_audit.h"
#include "db/db_org.h"
#include "db/db_pkg.h"
#include "db/db_registry.h"
#include "db/db_storage.h"
#include "storage/s3.h"
#include "storage/s3_req.h"
#include "util/log.h"
#include "util/secret.h"
#include "util/banned.h"

#define SECRET_MAX	1024
#define GC_MIN_AGE	3600

static const char *const storage_usage =
    "usage: depotctl storage add --org ORG --name NAME --endpoint URL "
    "--region REGION\n"
    "           --bucket BUCKET [--prefix P] [--path-style | "
    "--virtual-host]\n"
    "           --access-key-id ID --secret-stdin\n"
    "       depotctl storage list --org ORG\n"
    "       depotctl storage use --org ORG [--registry SLUG] ID|NAME|hosted\n"
    "       depotctl storage check --org ORG ID|NAME\n"
    "       depotctl gc [--min-age SECONDS] [--dry-run]\n";

static int
usage(void)
{
	fputs(storage_usage, stderr);
	return 2;
}

static int
need_db(const struct conf *c, struct db *db)
{
	if (db->conn != NULL)
		return 0;
	if (db_open(db, c->database) == -1) {
		fprintf(stderr, "depotctl: cannot connect to the database "
		    "(database = ...)\n");
		return -1;
	}
	return 0;
}

static int
need_key(void)
{
	if (secret_loaded())
		return 0;
	fprintf(stderr, "depotctl: secret_key_file is not set: storage "
	    "credentials are stored sealed under the server key (make one "
	    "with 'depotctl secret-key > FILE', see depot.conf(5))\n");
	return -1;
}

/* ---------------------------------------------------------------- output */

static void
print_diag(const struct s3_diag *d)
{
	int	 i;

	for (i = 0; i < S3D__MAX; i++) {
		if (!d->step[i].ran) {
			fprintf(stderr, "  %-26s -     not run\n",
			    d->step[i].name);
			continue;
		}
		fprintf(stderr, "  %-26s %s  %s\n", d->step[i].name,
		    d->step[i].ok ? "Pass" : "Fail", d->step[i].message);
	}
}

static void
record(struct db *db, struct arena *a, const char *org_id, const char *type,
    const char *subject_type, const char *subject_id,
    const char *subject_name, struct json_object *data)
{
	struct audit_event	 e;

	memset(&e, 0, sizeof(e));
	e.org_id = (char *)org_id;
	e.type = (char *)type;
	e.actor_type = (char *)"SYSTEM";
	e.actor_name = (char *)"depotctl";
	e.subject_type = (char *)subject_type;
	e.subject_id = (char *)subject_id;
	e.subject_name = (char *)subject_name;
	e.user_agent = (char *)"depotctl";
	e.data = arena_strdup(a, json_object_to_json_string_ext(data,
	    JSON_C_TO_STRING_PLAIN));
	if (db_audit_insert(db, &e) == -1)
		fprintf(stderr, "depotctl: cannot record audit event %s\n",
		    type);
	json_object_put(data);
}

/* ---------------------------------------------------------------- add */

static int
read_secret(char *out, size_t outsz)
{
	size_t	 n;

	if (fgets(out, (int)outsz, stdin) == NULL) {
		fprintf(stderr, "depotctl: no secret on standard input\n");
		return -1;
	}
	n = strlen(out);
	while (n > 0 && (out[n - 1] == '\n' || out[n - 1] == '\r' ||
	    out[n - 1] == ' '))
		out[--n] = '\0';
	if (n == 0 || n + 1 >= outsz) {
		fprintf(stderr, "depotctl: the secret must be one line of 1 to "
		    "%zu characters\n", outsz - 2);
		return -1;
	}
	return 0;
}

/* Run fn with the blobstore set up on hosted storage (links need both). */
static int
with_blobstore(const struct conf *c, struct db *db, struct arena *a, int argc,
    char *argv[], int (*fn)(const struct conf *, struct db *, struct arena *,
    int, char *[]))
{
	struct storage	*hosted_st;
	int		 rc;

	if ((hosted_st = storage_fs_new(c->data_dir, c->blob_location))
	    == NULL) {
		fprintf(stderr, "depotctl: cannot open hosted storage under "
		    "'%s'\n", c->data_dir);
		return 1;
	}
	blobstore_init(c, hosted_st);
	rc = fn(c, db, a, argc, argv);
	blobstore_release();
	storage_free(hosted_st);
	return rc;
}

static int
cmd_add(const struct conf *c, struct db *db, struct arena *a, int argc,
    char *argv[])
{
	static const struct option opts[] = {
		{ "org", required_argument, NULL, 'o' },
		{ "name", required_argument, NULL, 'n' },
		{ "endpoint", required_argument, NULL, 'e' },
		{ "region", required_argument, NULL, 'r' },
		{ "bucket", required_argument, NULL, 'b' },
		{ "prefix", required_argument, NULL, 'p' },
		{ "access-key-id", required_argument, NULL, 'k' },
		{ "secret-stdin", no_argument, NULL, 's' },
		{ "path-style", no_argument, NULL, 'P' },
		{ "virtual-host", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 }
	};
	struct link_input	 in;
	struct s3_diag		 d;
	struct org		 o;
	struct json_object	*data;
	const char		*org = NULL;
	char			 secret[SECRET_MAX], err[512], *id;
	int			 ch, stdin_secret = 0, rc = 1, r;

	memset(&in, 0, sizeof(in));
	in.prefix = "";
	in.path_style = -1;
	secret[0] = '\0';
	optind = 2;
	while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1)
		switch (ch) {
		case 'o': org = optarg; break;
		case 'n': in.name = optarg; break;
		case 'e': in.endpoint = optarg; break;
		case 'r': in.region = optarg; break;
		case 'b': in.bucket = optarg; break;
		case 'p': in.prefix = optarg; break;
		case 'k': in.access_key_id = optarg; break;
		case 's': stdin_secret = 1; break;
		case 'P': in.path_style = 1; break;
		case 'V': in.path_style = 0; break;
		default: return usage();
		}
	if (optind != argc || !org || !in.name || !in.endpoint || !in.region ||
	    !in.bucket || !in.access_key_id || !stdin_secret)
		return usage();
	if (blobstore_link_check(a, &in, err, sizeof(err)) == -1) {
		fprintf(stderr, "depotctl: %s\n", err);
		return 1;
	}
	if (need_key() == -1 || read_secret(secret, sizeof(secret)) == -1)
		goto out;
	in.secret = secret;
	if (need_db(c, db) == -1)
		goto out;
	if ((r = db_org_get(db, a, org, &o)) != 0) {
		fprintf(stderr, "depotctl: %s\n", r == 1 ?
		    "no such organization" : "database unavailable");
		goto out;
	}
	in.org_id = o.id;
	fprintf(stderr, "diagnostic of s3://%s/%s at %s (%s, %s "
	    "addressing):\n", in.bucket, in.prefix, in.endpoint, in.region,
	    in.path_style ? "path-style" : "virtual-host");
	r = blobstore_link_add(db, a, &in, &d, &id, err, sizeof(err));
	if (r == BL_DIAG_FAILED || r == BL_OK)
		print_diag(&d);
	switch (r) {
	case BL_OK:
		break;
	case BL_DIAG_FAILED:
		fprintf(stderr, "depotctl: storage link not created: the "
		    "diagnostic failed\n");
		goto out;
	case BL_NAME_TAKEN:
		fprintf(stderr, "depotctl: organization '%s' has a storage "
		    "link named '%s' already\n", org, in.name);
		goto out;
	default:
		fprintf(stderr, "depotctl: %s\n", err);
		goto out;
	}
	data = json_object_new_object();
	json_object_object_add(data, "name", json_object_new_string(in.name));
	json_object_object_add(data, "endpoint",
	    json_object_new_string(in.endpoint));
	json_object_object_add(data, "region",
	    json_object_new_string(in.region));
	json_object_object_add(data, "bucket",
	    json_object_new_string(in.bucket));
	json_object_object_add(data, "prefix",
	    json_object_new_string(in.prefix));
	json_object_object_add(data, "path_style",
	    json_object_new_boolean(in.path_style));
	record(db, a, o.id, "STORAGE_CREATED", "STORAGE_LINK", id, in.name,
	    data);
	fprintf(stderr, "storage link '%s' created: deleted files will be "
	    "marked with %s\n", in.name, d.mark && strcmp(d.mark, "metadata")
	    == 0 ? "metadata " S3_META_DELETED : "the tag deleted=<time>");
	printf("%s\n", id);
	rc = 0;
out:
	OPENSSL_cleanse(secret, sizeof(secret));
	return rc;
}

/* ---------------------------------------------------------------- list, use */

/* The org's link named or numbered arg; NULL (message printed) if none. */
static struct storage_link *
find_link(struct db *db, struct arena *a, const char *org_id,
    const char *arg)
{
	struct storage_link	*l;
	size_t			 n, i;

	if (db_storage_list(db, a, org_id, &l, &n) == -1)
		return NULL;
	for (i = 0; i < n; i++)
		if (strcmp(l[i].id, arg) == 0 || strcmp(l[i].name, arg) == 0)
			return &l[i];
	fprintf(stderr, "depotctl: no storage link '%s' in this "
	    "organization\n", arg);
	return NULL;
}

static int
org_opt(int argc, char *argv[], const char **org, const char **reg)
{
	static const struct option opts[] = {
		{ "org", required_argument, NULL, 'o' },
		{ "registry", required_argument, NULL, 'r' },
		{ NULL, 0, NULL, 0 }
	};
	int	 ch;

	optind = 2;
	while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1)
		switch (ch) {
		case 'o': *org = optarg; break;
		case 'r':
			if (reg == NULL)
				return -1;
			*reg = optarg;
			break;
		default: return -1;
		}
	return *org ? 0 : -1;
}

static int
cmd_list(const struct conf *c, struct db *db, struct arena *a, int argc,
    char *argv[])
{
	struct storage_link	*l;
	struct org		 o;
	const char		*org = NULL, *def = "hosted";
	size_t			 n, i;

	if (org_opt(argc, argv, &org, NULL) == -1 || optind != argc)
		return usage();
	if (need_db(c, db) == -1)
		return 1;
	if (db_org_get(db, a, org, &o) != 0) {
		fprintf(stderr, "depotctl: no organization '%s'\n", org);
		return 1;
	}
	if (db_storage_list(db, a, o.id, &l, &n) == -1)
		return 1;
	printf("ID\tNAME\tSTATUS\tREGISTRIES\tLOCATION\tENDPOINT\tREGION\t"
	    "CHECKED\n");
	for (i = 0; i < n; i++) {
		printf("%s\t%s\t%s\t%lld\ts3://%s/%s\t%s\t%s\t%s\n", l[i].id,
		    l[i].name, l[i].status, l[i].registries, l[i].bucket,
		    l[i].prefix, l[i].endpoint, l[i].region, l[i].checked_at);
		if (l[i].is_default)
			def = l[i].name;
	}
	printf("default for new registries: %s\n", def);
	return 0;
}

static int
cmd_use(const struct conf *c, struct db *db, struct arena *a, int argc,
    char *argv[])
{
	struct storage_link	*l = NULL;
	struct registry		 reg;
	struct org		 o;
	struct json_object	*data;
	const char		*org = NULL, *slug = NULL, *target;
	int			 r;

	if (org_opt(argc, argv, &org, &slug) == -1 || optind != argc - 1)
		return usage();
	target = argv[optind];
	if (need_db(c, db) == -1)
		return 1;
	if (db_org_get(db, a, org, &o) != 0) {
		fprintf(stderr, "depotctl: no organization '%s'\n", org);
		return 1;
	}
	if (strcmp(target, STORAGE_HOSTED) != 0) {
		if ((l = find_link(db, a, o.id, target)) == NULL)
			return 1;
		if (strcmp(l->status, "active") != 0) {
			fprintf(stderr, "depotctl: storage link '%s' did not "
			    "pass its last diagnostic; run 'depotctl storage "
			    "check' first\n", l->name);
			return 1;
		}
	}
	r = db_storage_use(db, o.id, slug, l ? l->id : NULL);
	if (r == 1)
		fprintf(stderr, "depotctl: no registry '%s' in '%s'\n", slug,
		    org);
	else if (r == 2)
		fprintf(stderr, "depotctl: storage link is not active\n");
	if (r != 0)
		return 1;
	data = json_object_new_object();
	json_object_object_add(data, "storage",
	    json_object_new_string(l ? l->id : STORAGE_HOSTED));
	json_object_object_add(data, "storage_name",
	    json_object_new_string(l ? l->name : STORAGE_HOSTED));
	if (slug) {
		if (db_registry_get(db, a, org, slug, &reg) == 0)
			record(db, a, o.id, "REGISTRY_UPDATED", "REGISTRY",
			    reg.id, reg.name, data);
		else
			json_object_put(data);
		printf("registry %s/%s stores new packages in %s\n", org, slug,
		    l ? l->name : "hosted storage");
	} else {
		record(db, a, o.id, "ORGANIZATION_UPDATED", "ORGANIZATION",
		    o.id, o.slug, data);
		printf("new registries of %s store packages in %s\n", org,
		    l ? l->name : "hosted storage");
	}
	return 0;
}

/* Run the diagnostic of an existing link again and record the result. */
static int
cmd_check(const struct conf *c, struct db *db, struct arena *a, int argc,
    char *argv[])
{
	struct storage_link	*l;
	struct storage		*st;
	struct s3_diag		 d;
	struct org		 o;
	const char		*org = NULL;
	char			 err[512];
	int			 r;

	if (org_opt(argc, argv, &org, NULL) == -1 || optind != argc - 1)
		return usage();
	if (need_db(c, db) == -1 || need_key() == -1)
		return 1;
	if (db_org_get(db, a, org, &o) != 0) {
		fprintf(stderr, "depotctl: no organization '%s'\n", org);
		return 1;
	}
	if ((l = find_link(db, a, o.id, argv[optind])) == NULL)
		return 1;
	if ((st = blobstore_get(db, l->id, err, sizeof(err))) == NULL) {
		fprintf(stderr, "depotctl: %s\n", err);
		return 1;
	}
	fprintf(stderr, "diagnostic of s3://%s/%s at %s:\n", l->bucket,
	    l->prefix, l->endpoint);
	r = storage_s3_diagnose(st, &d);
	print_diag(&d);
	if (db_storage_set_status(db, l->id, r == 0 ? "active" : "failing",
	    blobstore_diag_json(a, &d)) == -1)
		return 1;
	printf("%s\n", r == 0 ? "active" : "failing");
	return r == 0 ? 0 : 1;
}

/* ---------------------------------------------------------------- gc */

struct gc {
	const struct conf	*conf;
	struct db		*db;
	long			 min_age;
	int			 dry_run;
	const char		*ref;		/* being scanned */
	long			 removed;	/* hosted files */
	long			 marked;	/* objects in links */
	long			 failed;
};

static int
gc_remove(void *arg, const char *ref, const char *sha256)
{
	struct gc	*g = arg;
	struct storage	*st;
	char		 err[512];

	if ((st = blobstore_get(g->db, ref, err, sizeof(err))) == NULL) {
		fprintf(stderr, "depotctl: %s\n", err);
		return -1;
	}
	if (storage_remove(st, sha256) == -1) {
		fprintf(stderr, "depotctl: %s: %s\n", st->label, st->errmsg);
		return -1;
	}
	if (strcmp(ref, STORAGE_HOSTED) == 0)
		g->removed++;
	else
		g->marked++;
	return 0;
}

/* A blob found in storage g->ref: release it unless something wants it. */
static int
gc_found(void *arg, const char *sha256, long long mtime)
{
	struct gc	*g = arg;
	int		 w;

	/* Services round LastModified up: with --min-age 0 take everything. */
	if (g->min_age > 0 && mtime > 0 &&
	    (long long)time(NULL) - mtime < g->min_age)
		return 0;
	if ((w = db_blob_wanted(g->db, g->ref, sha256, g->min_age)) != 0) {
		if (w == -1)
			g->failed++;
		return 0;
	}
	if (g->dry_run) {
		printf("unreferenced: %s %s\n", g->ref, sha256);
		return 0;
	}
	/* Inventory row, then the usual release under the blob's lock. */
	if (db_blob_intent(g->db, g->ref, sha256) == -1 ||
	    db_blob_release(g->db, sha256, gc_remove, g) == -1)
		g->failed++;
	return 0;
}

static void
gc_hosted(struct gc *g)
{
	char		 top[4096], dir[4096 + 8], path[4096 + 8 + 260];
	DIR		*d1, *d2;
	struct dirent	*e1, *e2;
	struct stat	 sb;

	snprintf(top, sizeof(top), "%s/blobs/sha256", g->conf->data_dir);
	if ((d1 = opendir(top)) == NULL)
		return;
	g->ref = STORAGE_HOSTED;
	while ((e1 = readdir(d1)) != NULL) {
		if (strlen(e1->d_name) != 2 || e1->d_name[0] == '.')
			continue;
		snprintf(dir, sizeof(dir), "%s/%s", top, e1->d_name);
		if ((d2 = opendir(dir)) == NULL)
			continue;
		while ((e2 = readdir(d2)) != NULL) {
			if (!storage_valid_sha256(e2->d_name))
				continue;
			snprintf(path, sizeof(path), "%s/%s", dir, e2->d_name);
			if (stat(path, &sb) == -1)
				continue;
			gc_found(g, e2->d_name, (long long)sb.st_mtime);
		}
		closedir(d2);
	}
	closedir(d1);
}

/* Spool files left by crashed uploads. */
static long
gc_spool(struct gc *g)
{
	char		 dir[4096], path[4096 + 512];
	DIR		*d;
	struct dirent	*e;
	struct stat	 sb;
	long		 n = 0;

	snprintf(dir, sizeof(dir), "%s/tmp", g->conf->data_dir);
	if ((d = opendir(dir)) == NULL)
		return 0;
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		if (lstat(path, &sb) == -1 || !S_ISREG(sb.st_mode) ||
		    time(NULL) - sb.st_mtime < g->min_age)
			continue;
		if (g->dry_run)
			printf("stale upload: %s\n", path);
		else if (unlink(path) == 0)
			n++;
	}
	closedir(d);
	return n;
}

int
ctl_storage_gc(const struct conf *c, struct db *db, struct arena *a,
    int argc, char *argv[])
{
	static const struct option opts[] = {
		{ "min-age", required_argument, NULL, 'm' },
		{ "dry-run", no_argument, NULL, 'n' },
		{ NULL, 0, NULL, 0 }
	};
	struct gc		 g;
	struct blob_ref		*orphans;
	struct storage_link	*links;
	struct storage		*hosted_st = NULL, *st;
	char			 err[512], *end;
	size_t			 n, i;
	long			 spool;
	int			 ch, rc = 1;

	memset(&g, 0, sizeof(g));
	g.conf = c;
	g.db = db;
	g.min_age = GC_MIN_AGE;
	optind = 1;
	while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1)
		switch (ch) {
		case 'm':
			errno = 0;
			g.min_age = strtol(optarg, &end, 10);
			if (*optarg == '\0' || *end || errno || g.min_age < 0)
				return usage();
			break;
		case 'n': g.dry_run = 1; break;
		default: return usage();
		}
	if (optind != argc)
		return usage();
	if (need_db(c, db) == -1)
		return 1;
	if ((hosted_st = storage_fs_new(c->data_dir, c->blob_location))
	    == NULL) {
		fprintf(stderr, "depotctl: cannot open hosted storage under "
		    "'%s'\n", c->data_dir);
		return 1;
	}
	blobstore_init(c, hosted_st);

	/* 1. The inventory: blobs written, no longer (or never) used. */
	if (db_blob_orphans(db, a, g.min_age, &orphans, &n) == -1)
		goto out;
	for (i = 0; i < n; i++) {
		if (g.dry_run) {
			printf("unreferenced: %s %s\n", orphans[i].storage,
			    orphans[i].sha256);
			continue;
		}
		if (db_blob_release(db, orphans[i].sha256, gc_remove, &g) == -1)
			g.failed++;
	}
	/* 2. Hosted files the inventory does not know (older releases). */
	gc_hosted(&g);
	/* 3. Objects in every storage link, likewise (needs the key). */
	if (db_storage_list(db, a, NULL, &links, &n) == -1)
		goto out;
	if (n > 0 && !secret_loaded())
		fprintf(stderr, "depotctl: secret_key_file is not set: "
		    "storage links are not scanned\n");
	for (i = 0; i < n && secret_loaded(); i++) {
		if ((st = blobstore_get(db, links[i].id, err, sizeof(err)))
		    == NULL) {
			fprintf(stderr, "depotctl: %s\n", err);
			g.failed++;
			continue;
		}
		g.ref = links[i].id;
		if (storage_s3_list(st, gc_found, &g) == -1) {
			fprintf(stderr, "depotctl: %s: %s\n", st->label,
			    st->errmsg);
			g.failed++;
		}
	}
	spool = gc_spool(&g);
	printf("gc: %ld hosted blobs removed, %ld objects marked deleted in "
	    "storage links, %ld stale uploads removed%s\n", g.removed,
	    g.marked, spool, g.dry_run ? " (dry run)" : "");
	rc = g.failed ? 1 : 0;
	if (g.failed)
		fprintf(stderr, "depotctl: gc: %ld blobs could not be "
		    "released; run it again later\n", g.failed);
out:
	blobstore_release();
	storage_free(hosted_st);
	return rc;
}

/* ---------------------------------------------------------------- dispatch */

int
ctl_storage_cmd(const struct conf *c, struct db *db, struct arena *a,
    int argc, char *argv[])
{
	if (argc < 2)
		return usage();
	if (strcmp(argv[1], "add") == 0)
		return with_blobstore(c, db, a, argc, argv, cmd_add);
	if (strcmp(argv[1], "list") == 0)
		return cmd_list(c, db, a, argc, argv);
	if (strcmp(argv[1], "use") == 0)
		return cmd_use(c, db, a, argc, argv);
	if (strcmp(argv[1], "check") == 0)
		return with_blobstore(c, db, a, argc, argv, cmd_check);
	return usage();
}
