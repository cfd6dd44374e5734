/* fuzz_maven_pom.c: libFuzzer target for pom and client metadata reading */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "eco/maven.h"
#include "util/arena.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

/*
 * Read the input as a pom and as a client maven-metadata.xml. A pom that
 * reads has its coordinates, and its JSON parses back.
 */
int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct arena		 a;
	struct maven_pom	 pom;
	struct maven_meta_in	 in;
	struct json_object	*o;
	char			 err[256], *json;

	arena_init(&a, 64 << 20);
	if (maven_pom_read(&a, (const char *)data, size, &pom, err,
	    sizeof(err)) == 0) {
		if (pom.group == NULL || pom.artifact == NULL ||
		    pom.version == NULL || pom.packaging == NULL)
			abort();
		if ((json = maven_pom_json(&a, &pom)) == NULL ||
		    (o = json_tokener_parse(json)) == NULL)
			abort();
		json_object_put(o);
	} else if (err[0] == '\0')
		abort();
	err[0] = '\0';
	if (maven_metadata_read(&a, (const char *)data, size, &in, err,
	    sizeof(err)) == -1 && err[0] == '\0')
		abort();
	arena_release(&a);
	return 0;
}
