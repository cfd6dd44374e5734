/* npm_json.c: strict, bounded JSON parsing for npm documents */
#include <limits.h>
#include <math.h>

#include "eco/npm_json.h"
#include "util/banned.h"

/*
 * json-c accepts NaN and Infinity even in strict mode and writes them back
 * as bare words, which no JSON parser reads: refuse them on the way in.
 */
static int
npm_json_finite(struct json_object *o)
{
	size_t	 i, n;

	switch (json_object_get_type(o)) {
	case json_type_double:
		return isfinite(json_object_get_double(o));
	case json_type_array:
		n = json_object_array_length(o);
		for (i = 0; i < n; i++)
			if (!npm_json_finite(json_object_array_get_idx(o, i)))
				return 0;
		return 1;
	case json_type_object: {
		json_object_object_foreach(o, k, v) {
			(void)k;
			if (!npm_json_finite(v))
				return 0;
		}
		return 1;
	}
	default:
		return 1;
	}
}

struct json_object *
npm_json_parse(const char *p, size_t len, int depth)
{
	struct json_tokener	*tok = NULL;
	struct json_object	*o = NULL;

	if (len > INT_MAX - 1)
		goto out;
	if ((tok = json_tokener_new_ex(depth)) == NULL)
		goto out;
	json_tokener_set_flags(tok,
	    JSON_TOKENER_STRICT | JSON_TOKENER_VALIDATE_UTF8);
	o = json_tokener_parse_ex(tok, p, (int)len);
	if (o == NULL || json_tokener_get_error(tok) != json_tokener_success ||
	    json_tokener_get_parse_end(tok) != len ||
	    !json_object_is_type(o, json_type_object) ||
	    !npm_json_finite(o)) {
		json_object_put(o);
		o = NULL;
	}
out:
	if (tok != NULL)
		json_tokener_free(tok);
	return o;
}
