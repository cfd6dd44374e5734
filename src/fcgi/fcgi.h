/* fcgi.h: FastCGI parameters and body -> struct req (no HTTP meaning) */
#ifndef DEPOT_FCGI_H
#define DEPOT_FCGI_H

#include "req.h"

/*
 * Fill r from its FastCGI request: method, URI, the headers the program
 * uses, a request id. The query string is parsed by the router. Fails (-1)
 * only when required parameters are missing (a broken web server config).
 */
int	 fcgi_req_init(struct req *, struct FCGX_Request *, struct arena *,
	    struct ctx *);
/* Read and drop what is left of the body, so the connection stays sane. */
void	 fcgi_req_drain(struct req *);

#endif
