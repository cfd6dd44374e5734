/* audit.h: recording audit events from handlers */
#ifndef DEPOT_AUDIT_H
#define DEPOT_AUDIT_H

#include <json-c/json.h>

#include "req.h"

/*
 * Record that r's caller did type (REGISTRY_CREATED ...) to a subject in
 * org_id, with the request's IP and user agent. data (consumed, may be
 * NULL) holds the changed fields and never a secret. A failure to record is
 * logged; the change it describes has already happened.
 */
void	 audit(struct req *, const char *org_id, const char *type,
	    const char *subject_type, const char *subject_id,
	    const char *subject_name, struct json_object *data);

#endif
