/* depotctl.c: the administration command line */
#include <ctype.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "auth/password.h"
#include "auth/scope.h"
#include "auth/token.h"
#include "config.h"
#include "ctl_storage.h"
#include "db/db.h"
#include "db/db_migrate.h"
#include "db/db_org.h"
#include "db/db_token.h"
#include "db/db_team.h"
#include "db/db_registry.h"
#include "db/db_audit.h"
#include "util/arena.h"
#include "util/conf.h"
#include "util/log.h"
#include "util/secret.h"
#include "util/digest.h"
#include <openssl/rand.h>
#include "util/banned.h"

static struct conf	 conf;
static struct db	 db;
static struct arena	 arena;

static void __attribute__((noreturn))
usage(void)
{
	fprintf(stderr,
	    "usage: depotctl [-c file] command [options]\n"
	    "commands:\n"
	    "  migrate\n"
	    "  check-config\n"
	    "  secret-key\n"
	    "  org create SLUG [--name NAME]\n"
	    "  user create EMAIL --org SLUG [--admin] [--name NAME] "
	    "[--password-stdin]\n"
	    "  token create --org SLUG --user EMAIL --scopes a,b,c "
	    "[--description TEXT]\n"
	    "  team create SLUG --org SLUG [--name NAME] "
	    "[--can-create-registries]\n"
	    "      [--can-delete-registries] [--can-delete-packages]\n"
	    "  team add-member TEAM EMAIL --org SLUG [--maintainer]\n"
	    "  team grant TEAM REGISTRY LEVEL --org SLUG\n"
	    "      (LEVEL: READ_ONLY, READ_AND_WRITE, READ_WRITE_AND_ADMIN "
	    "or NONE)\n"
	    "  registry visibility REGISTRY public|private --org SLUG\n"
	    "  storage add --org SLUG --name NAME --endpoint URL --region R "
	    "--bucket B\n"
	    "      [--prefix P] --access-key-id ID --secret-stdin\n"
	    "  storage list --org SLUG\n"
	    "  storage use --org SLUG [--registry SLUG] ID|hosted\n"
	    "  storage check --org SLUG ID\n"
	    "  gc [--min-age SECONDS] [--dry-run]\n"
	    "See depotctl(8).\n");
	exit(2);
}

static void
open_db(void)
{
	if (db_open(&db, conf.database) == -1)
		fatalx("cannot connect to the database (database = ...)");
}

static int
cmd_migrate(int argc, char *argv[])
{
	int	 applied;

	(void)argv;
	if (argc != 1)
		usage();
	open_db();
	if (db_migrate(&db, conf.sql_dir, &applied) == -1)
		return 1;
	printf("%d migration%s applied\n", applied, applied == 1 ? "" : "s");
	return 0;
}

static int
valid_slug(const char *s)
{
	size_t	 i, n = strlen(s);

	if (n == 0 || n > 100 || !isalnum((unsigned char)s[0]))
		return 0;
	for (i = 0; i < n; i++)
		if (!(islower((unsigned char)s[i]) ||
		    isdigit((unsigned char)s[i]) || s[i] == '-'))
			return 0;
	return 1;
}

/* Organization slugs that would shadow the server's own paths. */
static int
reserved_slug(const char *s)
{
	static const char *const reserved[] = {
		"api", "assets", "login", "logout", "organizations", "v2",
		"-", "_blobs", "health", "metrics", "static", "admin", NULL
	};
	size_t	 i;

	for (i = 0; reserved[i]; i++)
		if (strcmp(s, reserved[i]) == 0)
			return 1;
	return 0;
}

static int
cmd_org(int argc, char *argv[])
{
	static const struct option opts[] = {
		{ "name", required_argument, NULL, 'n' },
		{ NULL, 0, NULL, 0 }
	};
	struct org	 o;
	const char	*name = NULL, *slug;
	int		 ch, rc;

	if (argc < 3 || strcmp(argv[1], "create") != 0)
		usage();
	slug = argv[2];
	optind = 3;
	while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1)
		if (ch == 'n')
			name = optarg;
		else
			usage();
	if (!valid_slug(slug))
		fatalx("invalid slug '%s': use lower-case letters, digits "
		    "and '-'", slug);
	if (reserved_slug(slug))
		fatalx("slug '%s' is reserved", slug);
	open_db();
	rc = db_org_create(&db, &arena, slug, name ? name : slug, &o);
	if (rc == -1)
		return 1;
	if (rc == 1) {
		fprintf(stderr, "depotctl: organization '%s' already exists\n",
		    slug);
		return 1;
	}
	printf("%s\n", o.id);
	return 0;
}

static char *
read_password(void)
{
	static char	 pw[1024];
	size_t		 n;

	if (fgets(pw, sizeof(pw), stdin) == NULL)
		fatalx("no password on standard input");
	n = strlen(pw);
	while (n > 0 && (pw[n - 1] == '\n' || pw[n - 1] == '\r'))
		pw[--n] = '\0';
	if (n < 8)
		fatalx("password must have at least 8 characters");
	return pw;
}

static int
cmd_user(int argc, char *argv[])
{
	static const struct option opts[] = {
		{ "org", required_argument, NULL, 'o' },
		{ "admin", no_argument, NULL, 'a' },
		{ "name", required_argument, NULL, 'n' },
		{ "password-stdin", no_argument, NULL, 'p' },
		{ NULL, 0, NULL, 0 }
	};
	struct org	 o;
	struct user	 u;
	const char	*email, *org = NULL, *name = "";
	char		 hash[PASSWORD_HASH_MAX], *pw;
	int		 ch, admin = 0, stdin_pw = 0, rc;

	if (argc < 3 || strcmp(argv[1], "create") != 0)
		usage();
	email = argv[2];
	optind = 3;
	while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1)
		switch (ch) {
		case 'o': org = optarg; break;
		case 'a': admin = 1; break;
		case 'n': name = optarg; break;
		case 'p': stdin_pw = 1; break;
		default: usage();
		}
	if (org == NULL)
		usage();
	if (strchr(email, '@') == NULL || strlen(email) > 254)
		fatalx("invalid email '%s'", email);
	open_db();
	if ((rc = db_org_get(&db, &arena, org, &o)) != 0)
		fatalx("no organization '%s'", org);
	rc = db_user_get(&db, &arena, email, &u);
	if (rc == -1)
		return 1;
	if (rc == 1) {
		hash[0] = '\0';
		if (stdin_pw) {
			pw = read_password();
			if (password_hash(pw, hash) == -1)
				fatalx("cannot hash the password");
		}
		if (db_user_create(&db, &arena, email, name,
		    hash[0] ? hash : NULL, &u) != 0)
			fatalx("cannot create user '%s'", email);
	} else if (stdin_pw)
		fatalx("user '%s' exists; its password is not changed",
		    email);
	if (db_member_set(&db, o.id, u.id, admin ? ROLE_ADMIN : ROLE_MEMBER)
	    == -1)
		return 1;
	printf("%s\n", u.id);
	return 0;
}

static int
cmd_token(int argc, char *argv[])
{
	static const struct option opts[] = {
		{ "org", required_argument, NULL, 'o' },
		{ "user", required_argument, NULL, 'u' },
		{ "scopes", required_argument, NULL, 's' },
		{ "description", required_argument, NULL, 'd' },
		{ NULL, 0, NULL, 0 }
	};
	struct org	 o;
	struct user	 u;
	enum role	 role;
	const char	*org = NULL, *email = NULL, *scopes = NULL, *desc = "";
	const char	*bad;
	char		 tok[TOKEN_LEN + 1], *id;
	unsigned char	 hash[32];
	unsigned	 bits;
	int		 ch;

	if (argc < 2 || strcmp(argv[1], "create") != 0)
		usage();
	optind = 2;
	while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1)
		switch (ch) {
		case 'o': org = optarg; break;
		case 'u': email = optarg; break;
		case 's': scopes = optarg; break;
		case 'd': desc = optarg; break;
		default: usage();
		}
	if (org == NULL || email == NULL || scopes == NULL)
		usage();
	if (scope_parse(&arena, scopes, &bits, &bad) == -1)
		fatalx("unknown scope '%s'", bad);
	if (bits == 0)
		fatalx("a token needs at least one scope");
	open_db();
	if (db_org_get(&db, &arena, org, &o) != 0)
		fatalx("no organization '%s'", org);
	if (db_user_get(&db, &arena, email, &u) != 0)
		fatalx("no user '%s'", email);
	if (db_member_role(&db, o.id, u.id, &role) == -1 || role == ROLE_NONE)
		fatalx("'%s' is not a member of '%s'", email, org);
	if (token_generate(tok) == -1)
		fatalx("cannot generate a token");
	token_hash(tok, strlen(tok), hash);
	if (db_token_create(&db, &arena, o.id, u.id, desc, hash,
	    scope_pg_array(&arena, bits), &id) == -1)
		return 1;
	printf("%s\n", tok);
	return 0;
}

/* An audit event by the administrator at the command line. */
static void
ctl_audit(const char *org_id, const char *type, const char *subject_type,
    const char *subject_id, const char *subject_name, const char *data)
{
	struct audit_event	 e;

	memset(&e, 0, sizeof(e));
	e.org_id = (char *)org_id;
	e.type = (char *)type;
	e.actor_type = (char *)"SYSTEM";
	e.actor_name = (char *)"depotctl";
	e.subject_type = (char *)subject_type;
	e.subject_id = (char *)subject_id;
	e.subject_name = (char *)subject_name;
	e.data = (char *)data;
	if (db_audit_insert(&db, &e) == -1)
		log_warnx("cannot record audit event %s", type);
}

/* --org SLUG from the remaining options, the org row, or exit. */
static void
need_org(const char *slug, struct org *o)
{
	if (slug == NULL)
		usage();
	open_db();
	if (db_org_get(&db, &arena, slug, o) != 0)
		fatalx("no organization '%s'", slug);
}

static int
cmd_team(int argc, char *argv[])
{
	static const struct option opts[] = {
		{ "org", required_argument, NULL, 'o' },
		{ "name", required_argument, NULL, 'n' },
		{ "maintainer", no_argument, NULL, 'm' },
		{ "can-create-registries", no_argument, NULL, 'C' },
		{ "can-delete-registries", no_argument, NULL, 'D' },
		{ "can-delete-packages", no_argument, NULL, 'P' },
		{ NULL, 0, NULL, 0 }
	};
	struct org	 o;
	struct user	 u;
	struct registry	 g;
	enum team_level	 lvl = TL_NONE;
	const char	*org = NULL, *name = NULL, *verb;
	char		*team_id, *args[3];
	unsigned	 perms = 0;
	int		 ch, maint = 0, nargs = 0, rc;

	if (argc < 2)
		usage();
	verb = argv[1];
	optind = 2;
	while ((ch = getopt_long(argc, argv, "-", opts, NULL)) != -1)
		switch (ch) {
		case 1:
			if (nargs == 3)
				usage();
			args[nargs++] = optarg;
			break;
		case 'o': org = optarg; break;
		case 'n': name = optarg; break;
		case 'm': maint = 1; break;
		case 'C': perms |= TP_CREATE_REGISTRIES; break;
		case 'D': perms |= TP_DELETE_REGISTRIES; break;
		case 'P': perms |= TP_DELETE_PACKAGES; break;
		default: usage();
		}
	need_org(org, &o);
	if (strcmp(verb, "create") == 0 && nargs == 1) {
		if (!valid_slug(args[0]))
			fatalx("invalid team slug '%s'", args[0]);
		rc = db_team_create(&db, &arena, o.id, args[0],
		    name ? name : args[0], perms, &team_id);
		if (rc == 1)
			fatalx("team '%s' already exists", args[0]);
		if (rc == -1 || db_org_set_teams(&db, o.id, 1) == -1)
			return 1;
		printf("%s\n", team_id);
		return 0;
	}
	if (nargs < 2)
		usage();
	if (db_team_find(&db, &arena, o.id, args[0], &team_id) != 0)
		fatalx("no team '%s' in '%s'", args[0], org);
	if (strcmp(verb, "add-member") == 0 && nargs == 2) {
		if (db_user_get(&db, &arena, args[1], &u) != 0)
			fatalx("no user '%s'", args[1]);
		return db_team_member_set(&db, team_id, u.id, maint) == 0 ?
		    0 : 1;
	}
	if (strcmp(verb, "grant") == 0 && nargs == 3) {
		if (strcmp(args[2], "NONE") != 0 &&
		    (lvl = team_level_parse(args[2])) == TL_NONE)
			fatalx("unknown level '%s'", args[2]);
		if (db_registry_get(&db, &arena, org, args[1], &g) != 0)
			fatalx("no registry '%s' in '%s'", args[1], org);
		if (db_team_grant(&db, team_id, g.id, lvl) == -1)
			return 1;
		ctl_audit(o.id, lvl == TL_NONE ? "TEAM_REGISTRY_DELETED" :
		    "TEAM_REGISTRY_CREATED", "TEAM_REGISTRY", g.id, g.name,
		    arena_strfmt(&arena, "{\"team\":\"%s\",\"access_level\":"
		    "\"%s\"}", args[0], team_level_name(lvl)));
		return 0;
	}
	usage();
}

static int
cmd_registry(int argc, char *argv[])
{
	static const struct option opts[] = {
		{ "org", required_argument, NULL, 'o' },
		{ NULL, 0, NULL, 0 }
	};
	struct org	 o;
	struct registry	 g;
	const char	*org = NULL, *args[2];
	int		 ch, nargs = 0, pub;

	if (argc < 2 || strcmp(argv[1], "visibility") != 0)
		usage();
	optind = 2;
	while ((ch = getopt_long(argc, argv, "-", opts, NULL)) != -1)
		switch (ch) {
		case 1:
			if (nargs == 2)
				usage();
			args[nargs++] = optarg;
			break;
		case 'o': org = optarg; break;
		default: usage();
		}
	if (nargs != 2)
		usage();
	if (strcmp(args[1], "public") == 0)
		pub = 1;
	else if (strcmp(args[1], "private") == 0)
		pub = 0;
	else
		usage();
	need_org(org, &o);
	if (db_registry_get(&db, &arena, org, args[0], &g) != 0)
		fatalx("no registry '%s' in '%s'", args[0], org);
	if (db_registry_set_public(&db, g.id, pub) == -1)
		return 1;
	ctl_audit(o.id, "REGISTRY_VISIBILITY_CHANGED", "REGISTRY", g.id,
	    g.name, pub ? "{\"public\":true}" : "{\"public\":false}");
	return 0;
}

/* A new server key for secret_key_file, as 64 hex digits. */
static int
cmd_secret_key(void)
{
	unsigned char	 k[SECRET_KEY_LEN];
	char		 hex[2 * SECRET_KEY_LEN + 1];

	if (RAND_bytes(k, sizeof(k)) != 1)
		fatalx("cannot generate a key");
	hex_encode(k, sizeof(k), hex);
	printf("%s\n", hex);
	return 0;
}

int
main(int argc, char *argv[])
{
	const char	*path = CONF_DEFAULT_PATH;
	char		 err[512];
	int		 rc;

	if (argc >= 3 && strcmp(argv[1], "-c") == 0) {
		path = argv[2];
		argc -= 2;
		argv += 2;
	}
	if (argc < 2 || strcmp(argv[1], "--help") == 0 ||
	    strcmp(argv[1], "-h") == 0)
		usage();
	log_init(1, LL_WARN, "depotctl");
	if (conf_load(path, &conf, err, sizeof(err)) == -1) {
		fprintf(stderr, "depotctl: %s\n", err);
		return 1;
	}
	log_setlevel(conf.log_level < LL_INFO ? conf.log_level : LL_INFO);
	if (conf.secret_key_file[0] &&
	    secret_load(conf.secret_key_file, err, sizeof(err)) == -1) {
		fprintf(stderr, "depotctl: %s\n", err);
		conf_release(&conf);
		return 1;
	}
	arena_init(&arena, 0);
	argc--;
	argv++;
	if (strcmp(argv[0], "migrate") == 0)
		rc = cmd_migrate(argc, argv);
	else if (strcmp(argv[0], "secret-key") == 0)
		rc = cmd_secret_key();
	else if (strcmp(argv[0], "check-config") == 0) {
		printf("configuration OK\n");
		rc = 0;
	} else if (strcmp(argv[0], "org") == 0)
		rc = cmd_org(argc, argv);
	else if (strcmp(argv[0], "user") == 0)
		rc = cmd_user(argc, argv);
	else if (strcmp(argv[0], "token") == 0)
		rc = cmd_token(argc, argv);
	else if (strcmp(argv[0], "team") == 0)
		rc = cmd_team(argc, argv);
	else if (strcmp(argv[0], "registry") == 0)
		rc = cmd_registry(argc, argv);
	else if (strcmp(argv[0], "storage") == 0)
		rc = ctl_storage_cmd(&conf, &db, &arena, argc, argv);
	else if (strcmp(argv[0], "gc") == 0)
		rc = ctl_storage_gc(&conf, &db, &arena, argc, argv);
	else
		usage();
	db_close(&db);
	arena_release(&arena);
	conf_release(&conf);
	return rc;
}
