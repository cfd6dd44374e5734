/* conf.c: depot.conf parsing against one option table (redis config.c) */
#include <ctype.h>
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/conf.h"
#include "util/banned.h"

enum conf_type {
	CT_STR,		/* any non-empty string */
	CT_URL,		/* http(s)://..., trailing slashes dropped */
	CT_PATH,	/* absolute path */
	CT_INT,		/* decimal, within bounds */
	CT_OCTAL,	/* file mode */
	CT_SIZE,	/* bytes with optional K, M, G suffix */
	CT_LEVEL,	/* log level name */
	CT_LIST		/* repeated key: every line adds a value */
};

struct conf_opt {
	const char	*name;
	enum conf_type	 type;
	long long	 min, max;
	const char	*def;
	size_t		 off;
};

#define OPT(n, t, lo, hi, d, f) { n, t, lo, hi, d, offsetof(struct conf, f) }

static const struct conf_opt conf_opts[] = {
	OPT("listen", CT_STR, 0, 0, "unix:/run/depot/depotd.sock", listen),
	OPT("socket_mode", CT_OCTAL, 0, 0777, "0660", socket_mode),
	OPT("backlog", CT_INT, 1, 65535, "1024", backlog),
	OPT("workers", CT_INT, 1, 256, "4", workers),
	OPT("max_requests", CT_INT, 1, 100000000, "10000", max_requests),
	OPT("request_timeout", CT_INT, 1, 86400, "300", request_timeout),
	OPT("database", CT_STR, 0, 0, "dbname=depot", database),
	OPT("data_dir", CT_PATH, 0, 0, "/var/lib/depot", data_dir),
	OPT("sql_dir", CT_PATH, 0, 0, DEPOT_DATADIR "/sql", sql_dir),
	OPT("web_url", CT_URL, 0, 0, "http://127.0.0.1:8080", web_url),
	OPT("api_url", CT_URL, 0, 0, "http://127.0.0.1:8080/api", api_url),
	OPT("packages_url", CT_URL, 0, 0, "http://127.0.0.1:8080",
	    packages_url),
	OPT("pid_file", CT_STR, 0, 0, "", pid_file),
	OPT("user", CT_STR, 0, 0, "", user),
	OPT("secret_key_file", CT_STR, 0, 0, "", secret_key_file),
	OPT("oidc_issuer", CT_LIST, 0, 0, NULL, oidc_issuers),
	OPT("blob_location", CT_STR, 0, 0, "/_blobs/", blob_location),
	OPT("upload_max", CT_SIZE, 1024, 1LL << 40, "512M", upload_max),
	OPT("json_max", CT_SIZE, 1024, 1LL << 30, "1M", json_max),
	OPT("index_cache_entries", CT_INT, 0, 1000000, "4096",
	    index_cache_entries),
	OPT("auth_cache_ttl", CT_INT, 0, 3600, "30", auth_cache_ttl),
	OPT("s3_multipart_threshold", CT_SIZE, 5LL << 20, 5LL << 30, "64M",
	    s3_multipart_threshold),
	OPT("s3_part_size", CT_SIZE, 5LL << 20, 5LL << 30, "16M", s3_part_size),
	OPT("s3_presign_ttl", CT_INT, 60, 302400, "300", s3_presign_ttl),
	OPT("s3_proxy_location", CT_STR, 0, 0, "", s3_proxy_location),
	OPT("s3_timeout", CT_INT, 1, 3600, "30", s3_timeout),
	OPT("log_level", CT_LEVEL, 0, 0, "info", log_level),
};

#define NOPTS (sizeof(conf_opts) / sizeof(conf_opts[0]))

const char *
conf_key(size_t i)
{
	return i < NOPTS ? conf_opts[i].name : NULL;
}

static int
conf_set(struct conf *c, const struct conf_opt *o, const char *v,
    char *err, size_t errsz)
{
	char		*end, **sp, *s;
	long long	 n;
	size_t		 len;
	enum log_level	 lvl;

	switch (o->type) {
	case CT_LIST: {
		struct conf_list	*l = (struct conf_list *)((char *)c + o->off);
		char			**nv;

		if (l->n >= 64) {
			snprintf(err, errsz, "too many '%s' lines", o->name);
			return -1;
		}
		if ((nv = realloc(l->v, (l->n + 1) * sizeof(*nv))) == NULL ||
		    (nv[l->n] = strdup(v)) == NULL) {
			if (nv)
				l->v = nv;
			snprintf(err, errsz, "out of memory");
			return -1;
		}
		l->v = nv;
		l->n++;
		return 0;
	}
	case CT_STR:
	case CT_URL:
	case CT_PATH:
		len = strlen(v);
		if (o->type == CT_URL) {
			if (strncmp(v, "http://", 7) != 0 &&
			    strncmp(v, "https://", 8) != 0) {
				snprintf(err, errsz, "'%s' must be an http or "
				    "https URL", o->name);
				return -1;
			}
			while (len > 0 && v[len - 1] == '/')
				len--;
		}
		if (o->type == CT_PATH && v[0] != '/') {
			snprintf(err, errsz, "'%s' must be an absolute path",
			    o->name);
			return -1;
		}
		if ((s = strndup(v, len)) == NULL) {
			snprintf(err, errsz, "out of memory");
			return -1;
		}
		sp = (char **)((char *)c + o->off);
		free(*sp);
		*sp = s;
		return 0;
	case CT_LEVEL:
		if (log_parse_level(v, &lvl) == -1) {
			snprintf(err, errsz, "'%s' must be one of error, warn, "
			    "info, debug", o->name);
			return -1;
		}
		*(enum log_level *)((char *)c + o->off) = lvl;
		return 0;
	case CT_INT:
	case CT_OCTAL:
	case CT_SIZE:
		errno = 0;
		n = strtoll(v, &end, o->type == CT_OCTAL ? 8 : 10);
		if (end == v || errno) {
			snprintf(err, errsz, "'%s' needs a number, not '%s'",
			    o->name, v);
			return -1;
		}
		if (o->type == CT_SIZE && *end) {
			long long mul = 1;
			switch (toupper((unsigned char)*end)) {
			case 'K': mul = 1LL << 10; break;
			case 'M': mul = 1LL << 20; break;
			case 'G': mul = 1LL << 30; break;
			default: mul = 0; break;
			}
			if (mul == 0 || end[1] != '\0' || n > (1LL << 42)) {
				snprintf(err, errsz, "'%s': bad size '%s' "
				    "(use a number with K, M or G)", o->name, v);
				return -1;
			}
			n *= mul;
			end++;
		}
		if (*end) {
			snprintf(err, errsz, "'%s' needs a number, not '%s'",
			    o->name, v);
			return -1;
		}
		if (n < o->min || n > o->max) {
			snprintf(err, errsz, "'%s' must be between %lld and "
			    "%lld", o->name, o->min, o->max);
			return -1;
		}
		if (o->type == CT_SIZE)
			*(long long *)((char *)c + o->off) = n;
		else
			*(long *)((char *)c + o->off) = (long)n;
		return 0;
	}
	return -1;
}

void
conf_defaults(struct conf *c)
{
	char	 err[256];
	size_t	 i;

	memset(c, 0, sizeof(*c));
	for (i = 0; i < NOPTS; i++)
		if (conf_opts[i].def != NULL && conf_set(c, &conf_opts[i], conf_opts[i].def, err,
		    sizeof(err)) == -1)
			BUG("default of '%s': %s", conf_opts[i].name, err);
}

static char *
trim(char *s)
{
	char	*e;

	while (isspace((unsigned char)*s))
		s++;
	e = s + strlen(s);
	while (e > s && isspace((unsigned char)e[-1]))
		*--e = '\0';
	return s;
}

int
conf_load(const char *path, struct conf *out, char *err, size_t errsz)
{
	FILE	*f;
	char	 line[4096], msg[256], *k, *v, *eq;
	size_t	 i, lineno = 0;
	int	 rc = -1;

	conf_defaults(out);
	if ((f = fopen(path, "r")) == NULL) {
		snprintf(err, errsz, "cannot open '%s': %s", path,
		    strerror(errno));
		goto out;
	}
	while (fgets(line, sizeof(line), f) != NULL) {
		lineno++;
		if (strchr(line, '\n') == NULL && !feof(f)) {
			snprintf(err, errsz, "%s:%zu: line too long", path,
			    lineno);
			goto out;
		}
		k = trim(line);
		if (*k == '\0' || *k == '#')
			continue;
		if ((eq = strchr(k, '=')) == NULL) {
			snprintf(err, errsz, "%s:%zu: expected 'key = value'",
			    path, lineno);
			goto out;
		}
		*eq = '\0';
		k = trim(k);
		v = trim(eq + 1);
		for (i = 0; i < NOPTS; i++)
			if (strcmp(k, conf_opts[i].name) == 0)
				break;
		if (i == NOPTS) {
			snprintf(err, errsz, "%s:%zu: unknown key '%s'", path,
			    lineno, k);
			goto out;
		}
		if (*v == '\0' && conf_opts[i].type != CT_STR) {
			snprintf(err, errsz, "%s:%zu: '%s' needs a value",
			    path, lineno, k);
			goto out;
		}
		if (conf_set(out, &conf_opts[i], v, msg, sizeof(msg)) == -1) {
			snprintf(err, errsz, "%s:%zu: %s", path, lineno, msg);
			goto out;
		}
	}
	if (ferror(f)) {
		snprintf(err, errsz, "cannot read '%s'", path);
		goto out;
	}
	rc = 0;
out:
	if (f)
		fclose(f);
	if (rc == -1)
		conf_release(out);
	return rc;
}

void
conf_release(struct conf *c)
{
	size_t	 i;
	char	**sp;

	for (i = 0; i < NOPTS; i++) {
		if (conf_opts[i].type == CT_LIST) {
			struct conf_list *l = (struct conf_list *)((char *)c +
			    conf_opts[i].off);
			size_t		  j;

			for (j = 0; j < l->n; j++)
				free(l->v[j]);
			free(l->v);
			l->v = NULL;
			l->n = 0;
			continue;
		}
		if (conf_opts[i].type != CT_STR && conf_opts[i].type != CT_URL &&
		    conf_opts[i].type != CT_PATH)
			continue;
		sp = (char **)((char *)c + conf_opts[i].off);
		free(*sp);
		*sp = NULL;
	}
}
