/* page.h: cursor pagination for REST lists ({items, links}) */
#ifndef DEPOT_PAGE_H
#define DEPOT_PAGE_H

#include <json-c/json.h>

#include "req.h"

#define PAGE_DEFAULT	30
#define PAGE_MAX	100

/*
 * A cursor names one row by (time, uuid), sent base64url-encoded as
 * ?after= (older rows) or ?before= (newer rows), with an HMAC under the
 * server key (secret_key_file) of the route and the row, so it only works
 * on the list that made it. per_page defaults to 30; outside 1..100 it is a
 * 422 naming per_page; a cursor whose MAC does not match, or that does not
 * decode to a real time and a UUID, is a 400, so a tampered cursor never
 * reaches SQL.
 */
struct page {
	int		 per_page;
	int		 before;	/* ?before= given */
	const char	*time;		/* cursor, NULL for the first page */
	const char	*id;
};

enum status	 page_parse(struct req *, struct page *);
/*
 * {"items": items, "links": {self, first, prev?, next?}} for rows whose first
 * and last cursors are given (NULL when the page is empty). more: a full page
 * was returned, so there may be a next one. base: the list URL without query;
 * extra: other query parameters to keep ("name=x&"), or "".
 */
struct json_object *page_wrap(struct req *, const struct page *,
		    struct json_object *items, const char *base,
		    const char *extra, const char *first_time,
		    const char *first_id, const char *last_time,
		    const char *last_id, int more);

#endif
