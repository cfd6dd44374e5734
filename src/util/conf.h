/* conf.h: the one configuration file, as a table of typed options */
#ifndef DEPOT_CONF_H
#define DEPOT_CONF_H

#include <stddef.h>
#include <sys/types.h>

#include "util/log.h"

/*
 * Every key of depot.conf is one row of the option table in conf.c (name,
 * type, bounds, default, field), documented in man/depot.conf.5; a unit test
 * checks the two agree. Strings are malloc'd and owned by the struct:
 * conf_release frees them.
 */
/* A key that may appear on several lines: each line adds a value. */
struct conf_list {
	char	**v;
	size_t	 n;
};

struct conf {
	char		*listen;	/* "unix:/path" or "host:port" */
	long		 socket_mode;
	long		 backlog;
	long		 workers;
	long		 max_requests;
	long		 request_timeout;
	char		*database;
	char		*data_dir;
	char		*sql_dir;
	char		*web_url;
	char		*api_url;
	char		*packages_url;
	char		*pid_file;
	char		*user;
	char		*secret_key_file;
	struct conf_list oidc_issuers;	/* "ISSUER-URL JWKS-SOURCE" */
	char		*blob_location;
	long long	 upload_max;
	long long	 json_max;
	long		 index_cache_entries;
	long		 auth_cache_ttl;
	/* Private storage in S3-compatible buckets (storage/s3.h). */
	long long	 s3_multipart_threshold;
	long long	 s3_part_size;
	long		 s3_presign_ttl;
	char		*s3_proxy_location;	/* "" = redirect */
	long		 s3_timeout;
	enum log_level	 log_level;
};

#define CONF_DEFAULT_PATH	DEPOT_SYSCONFDIR "/depot.conf"

void	 conf_defaults(struct conf *);
/*
 * Read path into out (which conf_load initialises). Unknown keys, bad values
 * and out-of-range numbers fail with a message "FILE:LINE: ..." in err; out
 * is then released.
 */
int	 conf_load(const char *path, struct conf *out, char *err, size_t errsz);
void	 conf_release(struct conf *);
/* Names of all keys, for the man page agreement test. */
const char *conf_key(size_t i);

#endif
