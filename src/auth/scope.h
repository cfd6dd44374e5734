/* scope.h: scope names <-> bits */
#ifndef DEPOT_SCOPE_H
#define DEPOT_SCOPE_H

#include <stddef.h>

#include "auth/principal.h"
#include "util/arena.h"

/* Name of one scope bit, or NULL. */
const char	*scope_name(unsigned bit);
/*
 * Parse "a,b,c" (spaces allowed around names). Unknown names fail (-1) with
 * *bad pointing at an arena copy of the first unknown one.
 */
int		 scope_parse(struct arena *, const char *list, unsigned *out,
		    const char **bad);
/* "{a,b}" PostgreSQL array literal of the set bits, in the arena. */
char		*scope_pg_array(struct arena *, unsigned);

#endif
