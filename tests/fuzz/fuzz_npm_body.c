/* fuzz_npm_body.c: libFuzzer target for the streaming npm publish body */
#include <json-c/json.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "eco/npm.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

/*
 * Checks that what npm_body reports agrees with json-c's reading of the kept
 * text: the one attachment it saw has data "" there, and with none seen no
 * attachment has a data member.
 */
static void
check_meta(const struct npm_body *b)
{
	struct json_object	*root, *atts, *att, *data;
	const char		*meta, *name;
	size_t			 len;

	meta = npm_body_meta(b, &len);
	if ((root = json_tokener_parse(meta)) == NULL)
		return;
	if (!json_object_is_type(root, json_type_object) ||
	    !json_object_object_get_ex(root, "_attachments", &atts) ||
	    !json_object_is_type(atts, json_type_object)) {
		if (npm_body_attachments(b) != 0)
			abort();
		json_object_put(root);
		return;
	}
	name = npm_body_attachment_name(b);
	json_object_object_foreach(atts, k, v) {
		att = v;
		if (!json_object_is_type(att, json_type_object) ||
		    !json_object_object_get_ex(att, "data", &data))
			continue;
		if (name == NULL || strcmp(k, name) != 0 ||
		    !json_object_is_type(data, json_type_string) ||
		    json_object_get_string_len(data) != 0)
			abort();
	}
	json_object_put(root);
}

/* The first byte picks the chunk size, so splits land everywhere. */
int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct spool		 sp;
	struct npm_body		*b;
	enum npm_body_err	 e = NPM_BODY_OK;
	size_t			 chunk, off, n;

	if (size < 1)
		return 0;
	chunk = (size_t)data[0] % 17 + 1;
	if (data[0] >= 0xf0)
		chunk = size;
	data++;
	size--;
	if (spool_open(&sp, "/tmp", 1 << 20) == -1)
		return 0;
	if ((b = npm_body_new(&sp, 64 * 1024, 16)) == NULL) {
		spool_discard(&sp);
		return 0;
	}
	for (off = 0; off < size && e == NPM_BODY_OK; off += n) {
		n = size - off < chunk ? size - off : chunk;
		e = npm_body_feed(b, (const char *)data + off, n);
	}
	if (e == NPM_BODY_OK)
		e = npm_body_finish(b);
	if (e == NPM_BODY_OK)
		check_meta(b);
	else if (npm_body_error(b)[0] == '\0')
		abort();
	npm_body_free(b);
	spool_discard(&sp);
	return 0;
}
