/* fuzz_oidc_policy.c: libFuzzer target for OIDC policy parsing and matching */
#include <stdint.h>
#include <string.h>

#include <json-c/json.h>

#include "auth/oidc_policy.h"
#include "util/arena.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char	 claims[] = "{\"organization_slug\":\"acme\","
	    "\"build_branch\":\"main\",\"build_number\":42,\"x\":null}";
	struct arena		 a;
	struct policy		 p;
	struct json_object	*c;
	char			 err[256];
	size_t			 i;

	arena_init(&a, 1 << 26);
	if (policy_parse(&a, (const char *)data, size, &p, err,
	    sizeof(err)) == 0 && (c = json_tokener_parse(claims)) != NULL) {
		for (i = 0; i < p.n; i++)
			(void)policy_match(&p, p.st[i].iss, c);
		json_object_put(c);
	}
	arena_release(&a);
	return 0;
}
