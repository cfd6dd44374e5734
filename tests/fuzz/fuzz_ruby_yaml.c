/* fuzz_ruby_yaml.c: libFuzzer target for the gemspec YAML reader */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "eco/ruby.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static const struct gem_yaml_limits lim = {
	256 * 1024, 20000, 64 * 1024, 16
};

/*
 * Whatever the reader accepts must be a spec every writer can take: valid
 * name, version and platform, JSON that reads back to the same JSON, a
 * quick spec and an info line.
 */
int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct arena		 a;
	struct gem_spec		 s, t;
	struct gem_info_ver	 iv;
	struct buf		 j1, j2, out;
	const char		*why;
	char			 err[256];

	arena_init(&a, 64 * 1024 * 1024);
	buf_init(&j1, 8 << 20);
	buf_init(&j2, 8 << 20);
	buf_init(&out, 8 << 20);
	if (gem_spec_parse_yaml((const char *)data, size, &lim, &a, &s, err,
	    sizeof(err)) == -1) {
		if (err[0] == '\0')
			abort();
		goto out;
	}
	if (!gem_name_valid(s.name, &why) || !gem_version_valid(s.version) ||
	    !gem_platform_valid(s.platform) || s.nruby_reqs == 0 ||
	    s.nrubygems_reqs == 0)
		abort();
	if (gem_spec_to_json(&s, &j1) == -1 ||
	    gem_spec_from_json(j1.data, j1.len, &a, &t) == -1 ||
	    gem_spec_to_json(&t, &j2) == -1 || strcmp(j1.data, j2.data) != 0)
		abort();
	if (gem_quick_render(&s, &out) == -1)
		abort();
	iv.spec = &s;
	iv.sha256 = "00";
	buf_reset(&out);
	if (gem_info_render(&iv, 1, &out) == -1 ||
	    memchr(out.data + 4, '\n', out.len - 4) != out.data + out.len - 1)
		abort();
out:
	buf_release(&j1);
	buf_release(&j2);
	buf_release(&out);
	arena_release(&a);
	return 0;
}
