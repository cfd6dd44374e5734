/* fuzz_s3_xml.c: libFuzzer target for the S3 XML answer parser */
#include <stdint.h>
#include <stdlib.h>

#include "storage/s3_xml.h"
#include "util/arena.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct arena	 a;
	struct s3_xml	 x;
	char		 err[128];

	arena_init(&a, 1 << 26);
	if (s3_xml_parse((const char *)data, size, &a, &x, err,
	    sizeof(err)) == 0)
		(void)s3_xml_tag(&x, "deleted");
	arena_release(&a);
	return 0;
}
