/* fuzz_maven_metadata.c: libFuzzer target for maven-metadata.xml rendering */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>

#include "eco/maven.h"
#include "util/arena.h"
#include "util/buf.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

#define MAX_ROWS	256

static void
well_formed(const struct buf *b)
{
	xmlDocPtr	 doc;

	doc = xmlReadMemory(b->data, (int)b->len, NULL, NULL,
	    XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
	if (doc == NULL)
		abort();
	xmlFreeDoc(doc);
}

/*
 * Each input line is a maven2 path; those of files (as the server only
 * stores files whose paths parse) become rows, all of the first one's
 * artifact. Both documents must render as well-formed XML.
 */
int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct arena		 a;
	struct maven_file_row	 rows[MAX_ROWS];
	struct maven_path	 mp, first;
	struct buf		 b;
	const char		*p = (const char *)data, *end = p + size, *nl;
	const char		*why;
	size_t			 n = 0, i;
	int			 rc;

	arena_init(&a, 64 << 20);
	buf_init(&b, 16 << 20);
	memset(&first, 0, sizeof(first));
	while (p < end && n < MAX_ROWS) {
		if ((nl = memchr(p, '\n', (size_t)(end - p))) == NULL)
			nl = end;
		if (maven_path_parse(&a, p, (size_t)(nl - p), &mp, &why) == 0 &&
		    mp.kind == MK_FILE && mp.sum == MS_NONE) {
			if (n == 0)
				first = mp;
			rows[n].version = mp.version;
			rows[n].filename = mp.filename;
			rows[n].updated = n % 2 ? "20240101000000" :
			    "20250101000000";
			n++;
		}
		p = nl + 1;
	}
	if (n > 0) {
		rc = maven_metadata_artifact(&a, first.group, first.artifact,
		    rows, n, &b);
		if (rc == -1)
			abort();
		if (rc == 0)
			well_formed(&b);
		for (i = 0; i < n; i++) {
			buf_reset(&b);
			rc = maven_metadata_version(&a, first.group,
			    first.artifact, rows[i].version, rows, n, &b);
			if (rc == -1)
				abort();
			if (rc == 0)
				well_formed(&b);
		}
	}
	buf_release(&b);
	arena_release(&a);
	return 0;
}
