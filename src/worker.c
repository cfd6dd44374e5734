/* worker.c: the worker loop */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <fcgiapp.h>
#include <libpq-fe.h>

#include "blobstore.h"
#include "db/db.h"
#include "db/db_pkg.h"
#include "downloads.h"
#include "fcgi/fcgi.h"
#include "http/resp.h"
#include "router.h"
#include "storage/storage.h"
#include "util/arena.h"
#include "util/cache.h"
#include "util/log.h"
#include "worker.h"
#include "util/banned.h"

#define ARENA_MAX	((size_t)256 * 1024 * 1024)

static volatile sig_atomic_t	 stopping;

static void
on_term(int sig)
{
	(void)sig;
	stopping = 1;
	/* Makes libfcgi's accept give up instead of retrying on EINTR. */
	FCGX_ShutdownPending();
}

static void
on_alarm(int sig)
{
	static const char msg[] = "depotd worker: request deadline passed, "
	    "exiting\n";

	(void)sig;
	(void)!write(STDERR_FILENO, msg, sizeof(msg) - 1);
	_exit(3);
}

static void
signals_init(void)
{
	struct sigaction	 sa;
	sigset_t		 none;

	memset(&sa, 0, sizeof(sa));
	sigemptyset(&sa.sa_mask);
	sa.sa_handler = on_term;	/* no SA_RESTART: accept returns */
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	sa.sa_handler = on_alarm;
	sigaction(SIGALRM, &sa, NULL);
	sa.sa_handler = SIG_IGN;
	sigaction(SIGPIPE, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	sigaction(SIGUSR1, &sa, NULL);
	sa.sa_handler = SIG_DFL;
	sigaction(SIGCHLD, &sa, NULL);
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
}

/*
 * Apply NOTIFYs that arrived since the last request: drop the cached indexes
 * of changed registries ("depot_index"), or registries and credentials
 * ("depot_meta"). After a reconnect notifications may have been lost, so
 * everything is dropped and LISTEN issued again.
 */
static void
notifications(struct db *db, unsigned *listen_gen)
{
	PGnotify	*n;

	if (db_check(db) == -1)
		return;
	if (*listen_gen != db->gen) {
		cache_clear();
		blobstore_flush();
		if (db_exec(db, "LISTEN " DB_INDEX_CHANNEL) == -1 ||
		    db_exec(db, "LISTEN depot_meta") == -1)
			return;
		*listen_gen = db->gen;
		return;
	}
	if (PQconsumeInput(db->conn) != 1)
		return;
	while ((n = PQnotifies(db->conn)) != NULL) {
		if (strcmp(n->relname, DB_INDEX_CHANNEL) == 0)
			cache_drop_group(n->extra);
		else {
			cache_drop_group("meta");
			cache_drop_group("auth");
			/* A storage link changed (db_storage.c). */
			if (strcmp(n->extra, "storage") == 0)
				blobstore_flush();
		}
		PQfreemem(n);
	}
}

void
worker_main(const struct conf *conf, int listen_fd)
{
	FCGX_Request	 fr;
	struct arena	 arena;
	struct db	 db;
	struct ctx	 ctx;
	struct req	 r;
	sigset_t	 term;
	unsigned	 listen_gen = 0;
	long		 served = 0;

	FCGX_Init();
	signals_init();
	if (FCGX_InitRequest(&fr, listen_fd, FCGI_FAIL_ACCEPT_ON_INTR) != 0)
		fatalx("cannot set up the FastCGI request");
	if (db_open(&db, conf->database) == -1)
		log_warnx("starting without a database connection; "
		    "will retry on each request");
	memset(&ctx, 0, sizeof(ctx));
	ctx.conf = conf;
	ctx.db = &db;
	if ((ctx.storage = storage_fs_new(conf->data_dir,
	    conf->blob_location)) == NULL)
		fatalx("cannot open storage under '%s'", conf->data_dir);
	blobstore_init(conf, ctx.storage);
	cache_init((size_t)conf->index_cache_entries);
	arena_init(&arena, ARENA_MAX);
	resp_reset();
	notifications(&db, &listen_gen);

	sigemptyset(&term);
	sigaddset(&term, SIGTERM);
	sigaddset(&term, SIGINT);
	while (!stopping && served < conf->max_requests) {
		if (FCGX_Accept_r(&fr) < 0)
			break;
		/*
		 * A stop waits for the request in flight: held back until it
		 * is answered, SIGTERM cannot interrupt reading its body.
		 */
		sigprocmask(SIG_BLOCK, &term, NULL);
		alarm((unsigned)conf->request_timeout);
		notifications(&db, &listen_gen);
		if (fcgi_req_init(&r, &fr, &arena, &ctx) == 0) {
			log_set_reqid(r.id);
			router_dispatch(&r);
			if (r.status_code >= 500)
				log_warnx("%s %s -> %d: %s", r.method_name,
				    r.path, r.status_code,
				    r.errmsg ? r.errmsg : "");
			else
				log_debug("%s %s -> %d", r.method_name, r.path,
				    r.status_code);
			log_set_reqid(NULL);
		} else
			FCGX_PutS("Status: 500 Internal Server Error\r\n"
			    "Content-Type: application/json\r\n\r\n"
			    "{\"message\":\"bad FastCGI request\"}", fr.out);
		db_tx_rollback(&db);
		FCGX_Finish_r(&fr);
		alarm(0);
		arena_reset(&arena);
		resp_reset();
		downloads_flush(&db, 0);
		served++;
		sigprocmask(SIG_UNBLOCK, &term, NULL);
	}
	downloads_flush(&db, 1);
	log_debug("worker exiting after %ld requests", served);
	blobstore_release();
	storage_free(ctx.storage);
	db_close(&db);
	arena_release(&arena);
	exit(0);
}
