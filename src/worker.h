/* worker.h: one prefork worker: accept, decode, route, respond, reset */
#ifndef DEPOT_WORKER_H
#define DEPOT_WORKER_H

#include "util/conf.h"

/*
 * Run a worker on the listening socket until SIGTERM (finishing the request
 * in flight) or max_requests; never returns. Opens its own database
 * connection and storage after the fork.
 */
void	 worker_main(const struct conf *, int listen_fd)
	    __attribute__((noreturn));

#endif
