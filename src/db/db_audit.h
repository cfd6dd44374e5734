/* db_audit.h: the audit log */
#ifndef DEPOT_DB_AUDIT_H
#define DEPOT_DB_AUDIT_H

#include <stddef.h>

#include "db/db.h"

struct audit_event {
	char	*id;
	char	*org_id;
	char	*type;
	char	*occurred_at;
	char	*actor_type;
	char	*actor_id;
	char	*actor_name;
	char	*subject_type;
	char	*subject_id;
	char	*subject_name;
	char	*request_ip;
	char	*user_agent;
	char	*data;		/* JSON text */
	char	*context;	/* WebContext, RestApiContext, or "" */
};

/* in's fields (id and occurred_at are set by the database). 0, -1. */
int	 db_audit_insert(struct db *, const struct audit_event *in);
/*
 * Newest first. type: exact match or NULL for all. A cursor is the
 * (occurred_at, id) of an event: after = older than it, before = newer than
 * it (then still returned newest first). limit rows at most.
 */
int	 db_audit_list(struct db *, struct arena *, const char *org_id,
	    const char *type, const char *cur_time, const char *cur_id,
	    int before, int limit, struct audit_event **out, size_t *n);
int	 db_audit_get(struct db *, struct arena *, const char *org_id,
	    const char *id, struct audit_event *out);

#endif
