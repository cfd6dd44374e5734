/* master.c: prefork master: spawn, reap, respawn with backoff, reload, stop */
#include <errno.h>
#include <poll.h>
#include <fcntl.h>
#include <grp.h>
#include <pwd.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <fcgiapp.h>

#include "config.h"
#include "auth/jwks.h"
#include "master.h"
#include "util/log.h"
#include "util/secret.h"
#include "worker.h"
#include "util/banned.h"

#define MAX_WORKERS	256
#define STOP_GRACE	30	/* seconds before SIGKILL on stop */
#define BACKOFF_MAX	10	/* seconds */

struct slot {
	pid_t		 pid;		/* 0: free */
	int		 retiring;	/* sent SIGTERM on reload */
	time_t		 started;
	unsigned	 fails;		/* quick abnormal exits in a row */
	struct timespec	 respawn_at;	/* when pid == 0 and wanted */
};

static struct slot	 slots[MAX_WORKERS];
static pid_t		 retired[MAX_WORKERS];	/* old workers finishing */

static int
open_socket(const struct conf *c)
{
	const char	*path;
	int		 fd;
	mode_t		 old;

	if (strncmp(c->listen, "unix:", 5) == 0) {
		path = c->listen + 5;
		if (unlink(path) == -1 && errno != ENOENT)
			fatal("cannot remove stale socket '%s'", path);
		old = umask(0777 & ~(mode_t)c->socket_mode);
		fd = FCGX_OpenSocket(path, (int)c->backlog);
		umask(old);
		if (fd >= 0 && chmod(path, (mode_t)c->socket_mode) == -1)
			fatal("cannot chmod '%s'", path);
	} else
		fd = FCGX_OpenSocket(c->listen, (int)c->backlog);
	if (fd < 0)
		fatalx("cannot listen on '%s'", c->listen);
	return fd;
}

static void
drop_privileges(const struct conf *c)
{
	struct passwd	*pw;

	if (c->user[0] == '\0' || geteuid() != 0)
		return;
	if ((pw = getpwnam(c->user)) == NULL)
		fatalx("no such user '%s'", c->user);
	if (setgroups(1, &pw->pw_gid) == -1 || setgid(pw->pw_gid) == -1 ||
	    setuid(pw->pw_uid) == -1)
		fatal("cannot switch to user '%s'", c->user);
}

static void
write_pid(const char *path)
{
	FILE	*f;

	if (path[0] == '\0')
		return;
	if ((f = fopen(path, "w")) == NULL)
		fatal("cannot write pid file '%s'", path);
	fprintf(f, "%ld\n", (long)getpid());
	fclose(f);
}

static pid_t
spawn(const struct conf *c, int fd, sigset_t *saved)
{
	pid_t	 pid;

	if ((pid = fork()) == -1) {
		log_warn("cannot fork a worker");
		return -1;
	}
	if (pid == 0) {
		sigprocmask(SIG_SETMASK, saved, NULL);
		worker_main(c, fd);
	}
	return pid;
}

static void
now(struct timespec *ts)
{
	clock_gettime(CLOCK_MONOTONIC, ts);
}

static int
due(const struct timespec *t)
{
	struct timespec	 n;

	now(&n);
	return n.tv_sec > t->tv_sec ||
	    (n.tv_sec == t->tv_sec && n.tv_nsec >= t->tv_nsec);
}

/* Reap children; schedule respawns, with backoff after quick crashes. */
static void
reap(int stopping)
{
	struct timespec	 t;
	pid_t		 pid;
	int		 status, i, abnormal, delay;

	while ((pid = waitpid(-1, &status, WNOHANG)) > 0) {
		abnormal = !WIFEXITED(status) || WEXITSTATUS(status) != 0;
		for (i = 0; i < MAX_WORKERS; i++)
			if (retired[i] == pid)
				retired[i] = 0;
		for (i = 0; i < MAX_WORKERS; i++) {
			if (slots[i].pid != pid)
				continue;
			slots[i].pid = 0;
			if (stopping)
				break;
			now(&t);
			if (abnormal) {
				if (WIFSIGNALED(status))
					log_warnx("worker %ld killed by "
					    "signal %d", (long)pid,
					    WTERMSIG(status));
				else
					log_warnx("worker %ld exited with "
					    "status %d", (long)pid,
					    WEXITSTATUS(status));
				if (t.tv_sec - slots[i].started < 5)
					slots[i].fails++;
				else
					slots[i].fails = 0;
			} else
				slots[i].fails = 0;
			delay = slots[i].fails ? 1 << (slots[i].fails - 1) : 0;
			if (delay > BACKOFF_MAX)
				delay = BACKOFF_MAX;
			if (delay)
				log_warnx("respawning worker in %d s", delay);
			slots[i].respawn_at = t;
			slots[i].respawn_at.tv_sec += delay;
			break;
		}
	}
}

static void
fill(const struct conf *c, int fd, sigset_t *saved)
{
	struct timespec	 t;
	int		 i;

	for (i = 0; i < c->workers; i++) {
		if (slots[i].pid != 0 || !due(&slots[i].respawn_at))
			continue;
		if ((slots[i].pid = spawn(c, fd, saved)) == -1) {
			slots[i].pid = 0;
			now(&t);
			slots[i].respawn_at = t;
			slots[i].respawn_at.tv_sec += 1;
			continue;
		}
		now(&t);
		slots[i].started = t.tv_sec;
	}
}

static int
reload(const char *path, struct conf *c)
{
	struct conf	 n;
	char		 err[512];
	int		 i, j;

	if (conf_load(path, &n, err, sizeof(err)) == -1) {
		log_warnx("reload failed, keeping the running configuration: "
		    "%s", err);
		return -1;
	}
	if (n.secret_key_file[0] &&
	    secret_load(n.secret_key_file, err, sizeof(err)) == -1) {
		log_warnx("reload failed, keeping the running configuration: "
		    "%s", err);
		conf_release(&n);
		return -1;
	}
	if (jwks_configure(&n.oidc_issuers, err, sizeof(err)) == -1) {
		log_warnx("reload failed, keeping the running configuration: "
		    "%s", err);
		conf_release(&n);
		(void)jwks_configure(&c->oidc_issuers, err, sizeof(err));
		return -1;
	}
	if (strcmp(n.listen, c->listen) != 0)
		log_warnx("'listen' changed: restart depotd to apply it");
	free(n.listen);
	n.listen = c->listen;
	c->listen = NULL;
	conf_release(c);
	*c = n;
	log_setlevel(c->log_level);
	/* Roll: old workers finish their request and exit; new ones start. */
	for (i = 0, j = 0; i < MAX_WORKERS; i++) {
		if (slots[i].pid == 0)
			continue;
		kill(slots[i].pid, SIGTERM);
		while (j < MAX_WORKERS && retired[j] != 0)
			j++;
		if (j < MAX_WORKERS)
			retired[j] = slots[i].pid;
		slots[i].pid = 0;
		memset(&slots[i].respawn_at, 0, sizeof(slots[i].respawn_at));
		slots[i].fails = 0;
	}
	log_info("configuration reloaded; workers rolled");
	return 0;
}

static int
children_left(void)
{
	int	 i;

	for (i = 0; i < MAX_WORKERS; i++)
		if (slots[i].pid || retired[i])
			return 1;
	return 0;
}

/*
 * Wait until no connection is queued on the listening socket fd, at most
 * STOP_GRACE seconds. Its name is gone, so none can arrive; the workers,
 * not yet told to stop, accept those queued, which would otherwise be
 * reset when the socket closes.
 */
static void
drain(int fd)
{
	struct pollfd	 p;
	struct timespec	 t, deadline;

	now(&deadline);
	deadline.tv_sec += STOP_GRACE;
	for (;;) {
		p.fd = fd;
		p.events = POLLIN;
		p.revents = 0;
		if (poll(&p, 1, 0) != 1 || !(p.revents & POLLIN))
			return;
		if (due(&deadline)) {
			log_warnx("connections still queued after %d s",
			    STOP_GRACE);
			return;
		}
		t.tv_sec = 0;
		t.tv_nsec = 10 * 1000 * 1000;
		nanosleep(&t, NULL);
	}
}

static void
stop_all(void)
{
	struct timespec	 t, deadline;
	int		 i;

	for (i = 0; i < MAX_WORKERS; i++) {
		if (slots[i].pid)
			kill(slots[i].pid, SIGTERM);
		if (retired[i])
			kill(retired[i], SIGTERM);
	}
	now(&deadline);
	deadline.tv_sec += STOP_GRACE;
	while (children_left()) {
		reap(1);
		if (due(&deadline)) {
			log_warnx("workers still busy after %d s: killing",
			    STOP_GRACE);
			for (i = 0; i < MAX_WORKERS; i++) {
				if (slots[i].pid)
					kill(slots[i].pid, SIGKILL);
				if (retired[i])
					kill(retired[i], SIGKILL);
			}
			deadline.tv_sec += 3600;
		}
		t.tv_sec = 0;
		t.tv_nsec = 50 * 1000 * 1000;
		nanosleep(&t, NULL);
	}
}

int
master_run(const char *conf_path, struct conf *c, int foreground)
{
	sigset_t	 set, saved;
	siginfo_t	 info;
	struct timespec	 tick = { 0, 200 * 1000 * 1000 };
	char		 unix_path[4096] = "";
	int		 fd, sig;

	(void)foreground;
	fd = open_socket(c);
	if (strncmp(c->listen, "unix:", 5) == 0)
		snprintf(unix_path, sizeof(unix_path), "%s", c->listen + 5);
	write_pid(c->pid_file);
	drop_privileges(c);
	signal(SIGPIPE, SIG_IGN);
	sigemptyset(&set);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGHUP);
	sigaddset(&set, SIGCHLD);
	sigaddset(&set, SIGUSR1);
	sigprocmask(SIG_BLOCK, &set, &saved);
	log_info("depotd %s listening on %s with %ld workers", PACKAGE_VERSION,
	    c->listen, c->workers);

	for (;;) {
		fill(c, fd, &saved);
		sig = sigtimedwait(&set, &info, &tick);
		if (sig == -1)
			continue;
		if (sig == SIGCHLD)
			reap(0);
		else if (sig == SIGHUP)
			reload(conf_path, c);
		else if (sig == SIGTERM || sig == SIGINT)
			break;
	}
	log_info("stopping: waiting for workers to finish");
	/*
	 * Several hosts behind one nginx upstream: refuse new connections
	 * first (with the socket's name gone, nginx's connect fails at once
	 * and it passes the request to the next host), let the workers take
	 * what is already queued, then tell them to finish and exit.
	 */
	if (unix_path[0]) {
		unlink(unix_path);
		drain(fd);
	}
	close(fd);
	stop_all();
	if (c->pid_file[0])
		unlink(c->pid_file);
	conf_release(c);
	log_info("stopped");
	return 0;
}
