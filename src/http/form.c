/* form.c: request bodies as fields and spooled files */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "http/form.h"
#include "http/multipart.h"
#include "http/query.h"
#include "util/buf.h"
#include "util/banned.h"

#define FORM_CHUNK	(64 * 1024)	/* bytes asked of the reader */
#define FORM_MAX_HEADER	(16 * 1024)	/* a part's header block */

/* State shared by the multipart callbacks. */
struct form_ctx {
	struct arena			*arena;
	const struct form_limits	*lim;
	struct form			*form;
	size_t				 fieldcap;
	size_t				 filecap;
	int				 infile;	/* part is a file */
	const char			*name;	/* the field's name */
	struct buf			 val;	/* the field's value */
	enum form_err			 status; /* of a callback */
	const char			*msg;
};

static int
ctx_fail(struct form_ctx *c, enum form_err status, const char *msg)
{
	c->status = status;
	c->msg = msg;
	return -1;
}

/*
 * Grow an arena array by doubling: the old copy is left to the arena, which
 * at most doubles what the array costs.
 */
static void *
grow(struct arena *a, void *v, size_t n, size_t *cap, size_t size)
{
	void	*nv;
	size_t	 ncap;

	if (n < *cap)
		return v;
	ncap = *cap ? *cap * 2 : 8;
	if (ncap < *cap || (nv = arena_calloc(a, ncap, size)) == NULL)
		return NULL;
	if (n > 0)
		memcpy(nv, v, n * size);
	*cap = ncap;
	return nv;
}

static int
form_begin(void *arg, const struct mp_part *part)
{
	struct form_ctx		*c = arg;
	struct form		*f = c->form;
	struct form_file	*ff, *nfiles;
	const char		*name;

	if ((name = arena_strdup(c->arena, part->name)) == NULL)
		return ctx_fail(c, FORM_IO, "out of memory");
	if (part->filename == NULL) {
		if (f->fields.n >= c->lim->max_fields)
			return ctx_fail(c, FORM_TOOBIG, "too many fields");
		c->infile = 0;
		c->name = name;
		buf_reset(&c->val);
		return 0;
	}
	if (f->nfiles >= c->lim->max_files)
		return ctx_fail(c, FORM_TOOBIG, "too many files");
	nfiles = grow(c->arena, f->files, f->nfiles, &c->filecap,
	    sizeof(*f->files));
	if (nfiles == NULL)
		return ctx_fail(c, FORM_IO, "out of memory");
	f->files = nfiles;
	ff = &f->files[f->nfiles];
	memset(ff, 0, sizeof(*ff));
	spool_init(&ff->spool);
	f->nfiles++;
	c->infile = 1;
	ff->field = name;
	if ((ff->filename = arena_strdup(c->arena, part->filename)) == NULL ||
	    (part->content_type != NULL && (ff->content_type =
	    arena_strdup(c->arena, part->content_type)) == NULL))
		return ctx_fail(c, FORM_IO, "out of memory");
	if (spool_open(&ff->spool, c->lim->spool_dir,
	    c->lim->max_file_size) == -1)
		return ctx_fail(c, FORM_IO, "cannot store upload");
	return 0;
}

static int
form_data(void *arg, const char *p, size_t n)
{
	struct form_ctx		*c = arg;
	struct form_file	*ff;

	if (c->infile) {
		ff = &c->form->files[c->form->nfiles - 1];
		/* spool takes max 0 as no limit; here it means empty. */
		if (c->lim->max_file_size <= 0 && n > 0)
			return ctx_fail(c, FORM_TOOBIG, "file too large");
		if (spool_write(&ff->spool, p, n) == -1) {
			if (errno == EFBIG)
				return ctx_fail(c, FORM_TOOBIG,
				    "file too large");
			return ctx_fail(c, FORM_IO, "cannot store upload");
		}
		return 0;
	}
	if (n > c->lim->max_field_size ||
	    c->val.len > c->lim->max_field_size - n)
		return ctx_fail(c, FORM_TOOBIG, "field too large");
	if (memchr(p, '\0', n) != NULL)
		return ctx_fail(c, FORM_BAD, "NUL byte in field");
	if (buf_add(&c->val, p, n) == -1)
		return ctx_fail(c, FORM_IO, "out of memory");
	return 0;
}

static int
form_end(void *arg)
{
	struct form_ctx	*c = arg;
	struct form	*f = c->form;
	struct kv	*v;

	if (c->infile) {
		if (spool_finish(&f->files[f->nfiles - 1].spool) == -1)
			return ctx_fail(c, FORM_IO, "cannot store upload");
		return 0;
	}
	v = grow(c->arena, f->fields.v, f->fields.n, &c->fieldcap,
	    sizeof(*f->fields.v));
	if (v == NULL)
		return ctx_fail(c, FORM_IO, "out of memory");
	f->fields.v = v;
	v = &f->fields.v[f->fields.n];
	v->key = c->name;
	if ((v->val = arena_strndup(c->arena, c->val.data, c->val.len)) == NULL)
		return ctx_fail(c, FORM_IO, "out of memory");
	v->vlen = c->val.len;
	f->fields.n++;
	buf_reset(&c->val);
	return 0;
}

static size_t
sat_add(size_t a, size_t b)
{
	return a > SIZE_MAX - b ? SIZE_MAX : a + b;
}

/*
 * The whole body is read, epilogue included, so the request stream is left
 * at its end. Statuses: FORM_BAD (content type, syntax, NUL in a field,
 * truncated body), FORM_TOOBIG (any limit), FORM_IO (reader, spool or memory).
 */
enum form_err
form_read_multipart(struct arena *a, const char *content_type,
    body_read_fn rd, void *ctx, const struct form_limits *lim,
    struct form *out, const char **err)
{
	struct form_ctx		 c;
	struct mp_limits	 ml;
	struct mp_callbacks	 cb = { form_begin, form_data, form_end };
	struct multipart	*mp = NULL;
	const char		*b, *msg = NULL;
	char			*chunk = NULL;
	size_t			 blen;
	long			 n;
	enum form_err		 rc = FORM_IO;

	memset(out, 0, sizeof(*out));
	memset(&c, 0, sizeof(c));
	c.arena = a;
	c.lim = lim;
	c.form = out;
	buf_init(&c.val, lim->max_field_size ? lim->max_field_size : 1);
	if (content_type == NULL ||
	    multipart_boundary(content_type, &b, &blen) == -1) {
		rc = FORM_BAD;
		msg = "bad multipart content type";
		goto out;
	}
	ml.max_parts = sat_add(lim->max_fields, lim->max_files);
	ml.max_header = FORM_MAX_HEADER;
	if ((mp = multipart_new(b, blen, &ml, &cb, &c)) == NULL ||
	    (chunk = malloc(FORM_CHUNK)) == NULL) {
		msg = "out of memory";
		goto out;
	}
	for (;;) {
		n = rd(ctx, chunk, FORM_CHUNK);
		if (n < 0 || n > FORM_CHUNK) {
			msg = "cannot read body";
			goto out;
		}
		if (n == 0)
			break;
		if (multipart_feed(mp, chunk, (size_t)n) == -1)
			goto parse;
	}
	if (multipart_finish(mp) == -1)
		goto parse;
	rc = FORM_OK;
	goto out;
parse:
	if (c.msg != NULL) {
		rc = c.status;
		msg = c.msg;
	} else {
		rc = multipart_toobig(mp) ? FORM_TOOBIG : FORM_BAD;
		msg = multipart_error(mp);
	}
out:
	free(chunk);
	multipart_free(mp);
	buf_release(&c.val);
	if (rc != FORM_OK) {
		form_release(out);
		memset(out, 0, sizeof(*out));
	}
	if (err != NULL)
		*err = msg;
	return rc;
}

enum form_err
form_read_urlencoded(struct arena *a, body_read_fn rd, void *ctx,
    size_t max, size_t max_fields, struct form *out, const char **err)
{
	struct buf	 body;
	char		*chunk = NULL;
	const char	*msg = NULL;
	size_t		 want;
	long		 n;
	enum form_err	 rc = FORM_IO;

	memset(out, 0, sizeof(*out));
	buf_init(&body, max ? max : 1);
	if ((chunk = malloc(FORM_CHUNK)) == NULL) {
		msg = "out of memory";
		goto out;
	}
	for (;;) {
		/* Ask for one byte past max, to tell "at max" from "past". */
		want = max - body.len;
		want = want >= FORM_CHUNK ? FORM_CHUNK : want + 1;
		n = rd(ctx, chunk, want);
		if (n < 0 || (size_t)n > want) {
			msg = "cannot read body";
			goto out;
		}
		if (n == 0)
			break;
		if ((size_t)n > max - body.len) {
			rc = FORM_TOOBIG;
			msg = "body too large";
			goto out;
		}
		if (buf_add(&body, chunk, (size_t)n) == -1) {
			msg = "out of memory";
			goto out;
		}
	}
	if (query_parse(a, body.data, body.len, max_fields,
	    &out->fields) == -1) {
		if (errno == E2BIG) {
			rc = FORM_TOOBIG;
			msg = "too many fields";
		} else if (errno == EINVAL) {
			rc = FORM_BAD;
			msg = "malformed form body";
		} else
			msg = "out of memory";
		goto out;
	}
	rc = FORM_OK;
out:
	free(chunk);
	buf_release(&body);
	if (err != NULL)
		*err = msg;
	return rc;
}

void
form_release(struct form *f)
{
	size_t	 i;

	for (i = 0; i < f->nfiles; i++)
		spool_discard(&f->files[i].spool);
}
