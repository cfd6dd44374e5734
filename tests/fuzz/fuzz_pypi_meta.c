/* fuzz_pypi_meta.c: libFuzzer target for core metadata (METADATA, PKG-INFO) parsing */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "eco/pypi.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

/* No byte of markup survives escaping. */
static void
check_escaped(const char *s)
{
	struct buf	 b;

	buf_init(&b, 0);
	if (pypi_html_escape(&b, s) == -1 || strpbrk(b.data, "<>\"'") != NULL)
		abort();
	buf_release(&b);
}

/*
 * Besides not crashing: a parse that succeeds has a valid name, a
 * normalized version that normalizes to itself, values without NUL, and
 * JSON that json-c reads back as an object with the same name.
 */
int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct arena		 a;
	struct pypi_meta	 m;
	struct json_object	*o, *v;
	char			 err[256], again[PYPI_VERSION_BUF], *js;
	size_t			 i;

	arena_init(&a, 64 * 1024 * 1024);
	if (pypi_meta_parse(&a, (const char *)data, size, &m, err,
	    sizeof(err)) == -1) {
		if (err[0] == '\0' || m.name != NULL)
			abort();
		arena_release(&a);
		return 0;
	}
	if (!pypi_name_valid(m.name, strlen(m.name)) ||
	    m.nfields > PYPI_META_FIELDS ||
	    pypi_version_normalize(m.norm_version, strlen(m.norm_version),
	    again, sizeof(again)) == -1 || strcmp(again, m.norm_version) != 0)
		abort();
	for (i = 0; i < m.nfields; i++) {
		if (m.fields[i].key[0] == '\0' ||
		    strchr(m.fields[i].key, ':') != NULL)
			abort();
		check_escaped(m.fields[i].value);
	}
	if (m.body != NULL && strlen(m.body) != m.body_len)
		abort();
	if ((js = pypi_meta_json(&a, &m)) == NULL ||
	    (o = json_tokener_parse(js)) == NULL)
		abort();
	if (!json_object_object_get_ex(o, "name", &v) ||
	    strcmp(json_object_get_string(v), m.name) != 0)
		abort();
	json_object_put(o);
	arena_release(&a);
	return 0;
}
