/* replay.c: run a fuzz target over its seed corpus when not built with libFuzzer */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

/*
 * With no arguments, replays $top_srcdir/tests/fuzz/corpus/<name>/ where
 * <name> is this program's name without the "fuzz_" prefix; otherwise every
 * file named on the command line.
 */
static int
replay_file(const char *path)
{
	FILE	*f;
	char	*data = NULL;
	long	 n;
	int	 rc = -1;

	if ((f = fopen(path, "rb")) == NULL)
		return -1;
	if (fseek(f, 0, SEEK_END) == 0 && (n = ftell(f)) >= 0 &&
	    fseek(f, 0, SEEK_SET) == 0 &&
	    (data = malloc((size_t)n + 1)) != NULL &&
	    fread(data, 1, (size_t)n, f) == (size_t)n) {
		LLVMFuzzerTestOneInput((const uint8_t *)data, (size_t)n);
		rc = 0;
	}
	free(data);
	fclose(f);
	return rc;
}

int
main(int argc, char *argv[])
{
	char		 dir[4096], path[8192];
	const char	*name, *top;
	DIR		*d;
	struct dirent	*de;
	int		 i, n = 0;

	if (argc > 1) {
		for (i = 1; i < argc; i++)
			if (replay_file(argv[i]) == -1) {
				fprintf(stderr, "cannot read '%s'\n", argv[i]);
				return 1;
			}
		return 0;
	}
	name = strrchr(argv[0], '/');
	name = name ? name + 1 : argv[0];
	if (strncmp(name, "fuzz_", 5) == 0)
		name += 5;
	top = getenv("top_srcdir");
	snprintf(dir, sizeof(dir), "%s/tests/fuzz/corpus/%s",
	    top ? top : ".", name);
	if ((d = opendir(dir)) == NULL) {
		fprintf(stderr, "cannot open corpus '%s'\n", dir);
		return 1;
	}
	while ((de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
		if (replay_file(path) == -1) {
			fprintf(stderr, "cannot read '%s'\n", path);
			closedir(d);
			return 1;
		}
		n++;
	}
	closedir(d);
	printf("%s: replayed %d inputs\n", name, n);
	return 0;
}
