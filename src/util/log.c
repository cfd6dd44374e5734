/* log.c: stderr or syslog logging with levels */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>
#include <time.h>
#include <unistd.h>

#include "util/log.h"
#include "util/banned.h"

static int		 log_foreground = 1;
static enum log_level	 log_level = LL_INFO;
static char		 log_reqid[40];

static const char *const log_names[LL__MAX] = {
	"error", "warn", "info", "debug"
};

static const int log_prio[LL__MAX] = {
	LOG_ERR, LOG_WARNING, LOG_INFO, LOG_DEBUG
};

void
log_init(int foreground, enum log_level level, const char *ident)
{
	log_foreground = foreground;
	log_level = level;
	if (!foreground)
		openlog(ident, LOG_PID | LOG_NDELAY, LOG_DAEMON);
}

void
log_setlevel(enum log_level level)
{
	log_level = level;
}

int
log_parse_level(const char *s, enum log_level *out)
{
	int	 i;

	for (i = 0; i < LL__MAX; i++)
		if (strcmp(s, log_names[i]) == 0) {
			*out = (enum log_level)i;
			return 0;
		}
	return -1;
}

void
log_set_reqid(const char *id)
{
	if (id == NULL)
		log_reqid[0] = '\0';
	else
		snprintf(log_reqid, sizeof(log_reqid), "%s", id);
}

static void __attribute__((format(printf, 3, 0)))
log_vwrite(enum log_level level, int errnum, const char *fmt, va_list ap)
{
	char		 msg[2048], ts[32];
	struct tm	 tm;
	time_t		 now;

	if (level > log_level)
		return;
	vsnprintf(msg, sizeof(msg), fmt, ap);
	if (errnum) {
		size_t len = strlen(msg);
		snprintf(msg + len, sizeof(msg) - len, ": %s", strerror(errnum));
	}
	if (log_foreground) {
		now = time(NULL);
		gmtime_r(&now, &tm);
		strftime(ts, sizeof(ts), "%Y-%m-%dT%H:%M:%SZ", &tm);
		fprintf(stderr, "%s [%ld]%s%s %s: %s\n", ts, (long)getpid(),
		    log_reqid[0] ? " " : "", log_reqid, log_names[level], msg);
		fflush(stderr);
	} else
		syslog(log_prio[level], "%s%s%s", log_reqid,
		    log_reqid[0] ? " " : "", msg);
}

#define LOG_BODY(level, errnum) do {			\
	va_list ap;					\
	va_start(ap, fmt);				\
	log_vwrite((level), (errnum), fmt, ap);		\
	va_end(ap);					\
} while (0)

void
log_debug(const char *fmt, ...)
{
	LOG_BODY(LL_DEBUG, 0);
}

void
log_info(const char *fmt, ...)
{
	LOG_BODY(LL_INFO, 0);
}

void
log_warn(const char *fmt, ...)
{
	int	 e = errno;

	LOG_BODY(LL_WARN, e);
}

void
log_warnx(const char *fmt, ...)
{
	LOG_BODY(LL_WARN, 0);
}

int
log_err(const char *fmt, ...)
{
	int	 e = errno;

	LOG_BODY(LL_ERROR, e);
	return -1;
}

int
log_errx(const char *fmt, ...)
{
	LOG_BODY(LL_ERROR, 0);
	return -1;
}

void
fatal(const char *fmt, ...)
{
	int	 e = errno;

	LOG_BODY(LL_ERROR, e);
	exit(1);
}

void
fatalx(const char *fmt, ...)
{
	LOG_BODY(LL_ERROR, 0);
	exit(1);
}
