/* log.h: one logger for every process (OpenBSD log.c) */
#ifndef DEPOT_LOG_H
#define DEPOT_LOG_H

enum log_level {
	LL_ERROR,
	LL_WARN,
	LL_INFO,
	LL_DEBUG,
	LL__MAX
};

/*
 * log_init chooses stderr (foreground) or syslog once per process. Lines carry
 * the pid and, inside a request, the request id set with log_set_reqid.
 * Never pass passwords, tokens, cookies, Authorization values or bodies.
 * log_err and log_errx return -1 so that "return log_errx(...)" reports and
 * fails in one step (git usage.c error()).
 */
void	 log_init(int foreground, enum log_level, const char *ident);
void	 log_setlevel(enum log_level);
int	 log_parse_level(const char *, enum log_level *);
void	 log_set_reqid(const char *);
void	 log_debug(const char *, ...) __attribute__((format(printf, 1, 2)));
void	 log_info(const char *, ...) __attribute__((format(printf, 1, 2)));
void	 log_warn(const char *, ...) __attribute__((format(printf, 1, 2)));
void	 log_warnx(const char *, ...) __attribute__((format(printf, 1, 2)));
int	 log_err(const char *, ...) __attribute__((format(printf, 1, 2)));
int	 log_errx(const char *, ...) __attribute__((format(printf, 1, 2)));
void	 fatal(const char *, ...)
	    __attribute__((format(printf, 1, 2), noreturn));
void	 fatalx(const char *, ...)
	    __attribute__((format(printf, 1, 2), noreturn));

#define BUG(...) fatalx("BUG: " __VA_ARGS__)

#endif
