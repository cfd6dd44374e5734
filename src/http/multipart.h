/* multipart.h: streaming multipart/form-data parser (RFC 7578) */
#ifndef DEPOT_MULTIPART_H
#define DEPOT_MULTIPART_H

#include <stddef.h>

/*
 * A push parser: feed the body in chunks of any size (one byte at a time
 * works); it calls back at each part's start with its headers, with the
 * part's data in pieces, and at its end. Memory use is bounded by the limits,
 * whatever the body size, so a 1 GB file part costs no more than a small one.
 *
 * Part headers understood: Content-Disposition (form-data; name=; filename=,
 * quoted or token values) and Content-Type; others are ignored. A part with
 * no name is an error. Callbacks return 0 to go on or -1 to stop; the parser
 * then fails with the message "aborted".
 *
 * Details: the strings of a struct mp_part live in the parser and are valid
 * only during begin (copy what you keep). A NULL callback is skipped. In a
 * quoted value a backslash escapes '"' and '\\' and is kept before anything
 * else (old browsers send Windows paths unescaped). "--boundary" is a
 * delimiter only when followed by '-', space, tab, CR or LF, so a line
 * "--boundaryX" inside a part is data. Header lines end in CRLF; obsolete
 * folding is unfolded; a bare CR or LF or a control byte, a duplicate
 * Content-Disposition, Content-Type, name or filename, or a disposition type
 * other than form-data is a "malformed part header". The CRs of the block do
 * not count against max_header. filename="" gives filename "", not NULL.
 */
struct mp_part {
	const char	*name;		/* never NULL */
	const char	*filename;	/* NULL when not a file part */
	const char	*content_type;	/* NULL when absent */
};

struct mp_limits {
	size_t		 max_parts;	/* parts in one body */
	size_t		 max_header;	/* bytes of one part's header block */
};

struct mp_callbacks {
	int	(*begin)(void *arg, const struct mp_part *);
	int	(*data)(void *arg, const char *, size_t);
	int	(*end)(void *arg);
};

struct multipart;

/*
 * Find the boundary parameter in a Content-Type value
 * ("multipart/form-data; boundary=xyz", quoted or not). Sets *b and *blen to
 * point into the given string. Fails (-1) if the type is not
 * multipart/form-data or the boundary is missing, empty or over 70 bytes.
 */
int	 multipart_boundary(const char *content_type, const char **b,
	    size_t *blen);

/*
 * NULL on allocation failure, or with errno EINVAL when blen is 0 or over 70.
 * The boundary is copied.
 */
struct multipart *multipart_new(const char *boundary, size_t blen,
	    const struct mp_limits *, const struct mp_callbacks *, void *arg);
/* 0, or -1 with multipart_error() set; after -1 further feeds fail. */
int	 multipart_feed(struct multipart *, const char *, size_t);
/* After the last feed: -1 unless the closing boundary was seen. */
int	 multipart_finish(struct multipart *);
/* A short lower-case message for the client, e.g. "malformed part header". */
const char *multipart_error(const struct multipart *);
/* After a failure, 1 if it was max_parts or max_header (answer 413). */
int	 multipart_toobig(const struct multipart *);
void	 multipart_free(struct multipart *);

#endif
