/* master.h: the prefork master */
#ifndef DEPOT_MASTER_H
#define DEPOT_MASTER_H

#include "util/conf.h"

/*
 * Open the FastCGI socket, fork conf->workers workers and manage them until
 * SIGTERM/SIGINT. conf_path is re-read on SIGHUP (a bad file keeps the old
 * configuration). Takes over conf. Returns the exit status.
 */
int	 master_run(const char *conf_path, struct conf *conf, int foreground);

#endif
