/* npm_json.h: the one way npm code parses JSON text with json-c */
#ifndef DEPOT_NPM_JSON_H
#define DEPOT_NPM_JSON_H

#include <stddef.h>

#include <json-c/json.h>

/* Nesting allowed in package.json and manifests. */
#define NPM_JSON_DEPTH	64

/*
 * Parse exactly one JSON object from (p, len), with json-c's strict mode and
 * UTF-8 validation, nesting at most depth. Trailing white space is allowed,
 * anything else after the object, a non-object, NaN or Infinity is not.
 * Returns a new reference (json_object_put it), or NULL.
 */
struct json_object	*npm_json_parse(const char *p, size_t len,
			    int depth);

#endif
