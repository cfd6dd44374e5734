/* db_ui.h: the read queries only the web pages need */
#ifndef DEPOT_DB_UI_H
#define DEPOT_DB_UI_H

#include <stddef.h>

#include "db/db.h"
#include "db/db_audit.h"
#include "db/model.h"

/* Largest offset a page may ask for (pages are offset-paginated). */
#define DB_UI_MAX_OFFSET	100000

struct ui_count {
	char		*registry_id;
	long long	 packages;
};

/* Package counts of the organization's registries (none: not listed). */
int	 db_ui_pkg_counts(struct db *, struct arena *, const char *org_id,
	    struct ui_count **out, size_t *n);

/* A package row of a list or page, with who pushed it. */
struct ui_pkg {
	struct pkg	 p;		/* first file's fields, no readme */
	char		*uploader;	/* e-mail, NULL when unknown */
	long long	 total_size;	/* all files */
	long long	 nfiles;
};

/*
 * One page of a registry's packages, newest first; filter: a substring of
 * the name (case-insensitive), NULL for all. *total: rows matching.
 */
int	 db_ui_pkg_page(struct db *, struct arena *, const char *registry_id,
	    const char *filter, long offset, int limit, struct ui_pkg **out,
	    size_t *n, long long *total);
/* One package with its README: 0, 1 not found, -1. */
int	 db_ui_pkg_get(struct db *, struct arena *, const char *registry_id,
	    const char *id, struct ui_pkg *out);
/* Every file of a package, oldest first. */
int	 db_ui_pkg_files(struct db *, struct arena *, const char *pkg_id,
	    struct pkg_file **out, size_t *n);

struct ui_team {
	char	*id;
	char	*slug;
	char	*name;
	char	*level;		/* db_ui_registry_teams: READ_ONLY ... */
};

/* The organization's teams, by name. */
int	 db_ui_teams(struct db *, struct arena *, const char *org_id,
	    struct ui_team **out, size_t *n);
/* Teams with access to a registry, with their level, by name. */
int	 db_ui_registry_teams(struct db *, struct arena *,
	    const char *registry_id, struct ui_team **out, size_t *n);

/*
 * A page of the organization's audit log, newest first; type: exact event
 * type or NULL. Fetches limit rows from offset.
 */
int	 db_ui_audit(struct db *, struct arena *, const char *org_id,
	    const char *type, long offset, int limit,
	    struct audit_event **out, size_t *n);

#endif
