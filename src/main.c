/* main.c: depotd: argv, configuration, hand over to the master */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "config.h"
#include <curl/curl.h>

#include "auth/jwks.h"
#include "master.h"
#include "util/conf.h"
#include "util/log.h"
#include "util/secret.h"
#include "util/banned.h"

static void __attribute__((noreturn))
usage(void)
{
	fprintf(stderr, "usage: depotd [-fn] [-c file]\n");
	exit(2);
}

int
main(int argc, char *argv[])
{
	struct conf	 conf;
	const char	*path = CONF_DEFAULT_PATH;
	char		 err[512];
	int		 ch, foreground = 0, check = 0;

	while ((ch = getopt(argc, argv, "c:fnh")) != -1) {
		switch (ch) {
		case 'c':
			path = optarg;
			break;
		case 'f':
			foreground = 1;
			break;
		case 'n':
			check = 1;
			break;
		default:
			usage();
		}
	}
	if (optind != argc)
		usage();
	if (conf_load(path, &conf, err, sizeof(err)) == -1) {
		fprintf(stderr, "depotd: %s\n", err);
		return 1;
	}
	if (conf.secret_key_file[0] &&
	    secret_load(conf.secret_key_file, err, sizeof(err)) == -1) {
		fprintf(stderr, "depotd: %s\n", err);
		conf_release(&conf);
		return 1;
	}
	if (jwks_configure(&conf.oidc_issuers, err, sizeof(err)) == -1) {
		fprintf(stderr, "depotd: %s: %s\n", path, err);
		conf_release(&conf);
		return 1;
	}
	if (check) {
		printf("configuration OK\n");
		conf_release(&conf);
		return 0;
	}
	curl_global_init(CURL_GLOBAL_DEFAULT);
	log_init(foreground, conf.log_level, "depotd");
	if (!foreground && daemon(0, 0) == -1)
		fatal("cannot become a daemon");
	return master_run(path, &conf, foreground);
}
