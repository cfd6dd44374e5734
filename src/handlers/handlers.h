/* handlers.h: every request handler; the route table in router.c names them */
#ifndef DEPOT_HANDLERS_H
#define DEPOT_HANDLERS_H

#include "req.h"

/* h_ops.c */
enum status	 h_health(struct req *);
enum status	 h_root(struct req *);

/* h_registry.c: REST registries */
enum status	 h_registry_list(struct req *);
enum status	 h_registry_create(struct req *);
enum status	 h_registry_get(struct req *);

/* h_npm.c: the npm registry protocol */
enum status	 h_npm_packument(struct req *);
enum status	 h_npm_publish(struct req *);
enum status	 h_npm_tarball(struct req *);
enum status	 h_npm_remove(struct req *);
enum status	 h_npm_tarball_remove(struct req *);
enum status	 h_npm_tags(struct req *);
enum status	 h_npm_tag_set(struct req *);
enum status	 h_npm_tag_delete(struct req *);
enum status	 h_npm_whoami(struct req *);
enum status	 h_npm_ping(struct req *);

#endif
