/* model.h: rows as the rest of the program sees them (arena strings) */
#ifndef DEPOT_MODEL_H
#define DEPOT_MODEL_H

struct org {
	char	*id;
	char	*slug;
	char	*name;
};

struct user {
	char	*id;
	char	*email;
	char	*name;
	char	*password_hash;
};

enum role {
	ROLE_NONE,
	ROLE_MEMBER,
	ROLE_ADMIN
};

struct registry {
	char	*id;
	char	*org_id;
	char	*org_slug;
	char	*name;
	char	*slug;
	char	*ecosystem;
	char	*description;
	char	*emoji;		/* NULL when unset */
	char	*color;		/* NULL when unset */
	char	*oidc_policy;	/* NULL when unset */
	int	 public;
	char	*created_at;
	char	*updated_at;
};

struct pkg {
	char		*id;
	char		*name;
	char		*version;
	char		*metadata;	/* JSON text */
	char		*readme;
	char		*deprecated;
	char		*uploader_id;
	char		*created_at;	/* ISO 8601 UTC, milliseconds */
	long long	 downloads;
	/* The first file's fields, for one-file packages (npm). */
	char		*filename;
	long long	 size;
	char		*sha1;
	char		*sha256;
	char		*sha512;
};

struct pkg_file {
	char		*filename;
	long long	 size;
	char		*md5;
	char		*sha1;
	char		*sha256;
	char		*sha512;
	char		*content_type;
	char		*storage;
};

#endif
