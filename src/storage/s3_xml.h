/* s3_xml.h: reading the XML answers of an S3-compatible service */
#ifndef DEPOT_S3_XML_H
#define DEPOT_S3_XML_H

#include <stddef.h>

#include "util/arena.h"

/*
 * One parser for every answer the backend reads: errors, multipart
 * initiate/complete, copy, list (v2) and tagging. The root element decides
 * the kind; namespaces are ignored. Untrusted input (the bucket may be
 * anyone's service): at most S3_XML_MAX bytes, no NUL byte, no "<!DOCTYPE"
 * or "<!ENTITY" anywhere (refused before libxml2 sees the text), parsed
 * with XML_PARSE_NONET and without entity substitution or DTD loading;
 * at most S3_XML_MAX_OBJECTS list entries and S3_XML_MAX_TAGS tags, text
 * fields cut at S3_XML_MAX_TEXT bytes. Strings live in the arena.
 */
#define S3_XML_MAX		(4 * 1024 * 1024)
#define S3_XML_MAX_OBJECTS	1000
#define S3_XML_MAX_TAGS		50
#define S3_XML_MAX_TEXT		2048

enum s3_xml_kind {
	S3X_ERROR,	/* <Error>: code, message */
	S3X_INITIATE,	/* <InitiateMultipartUploadResult>: upload_id */
	S3X_COMPLETE,	/* <CompleteMultipartUploadResult>: etag */
	S3X_COPY,	/* <CopyObjectResult>: etag */
	S3X_LIST,	/* <ListBucketResult>: objects, next_token */
	S3X_TAGGING,	/* <Tagging>: tags */
	S3X_OTHER,	/* well-formed, another root */
	S3X__MAX
};

struct s3_object {
	char		*key;
	char		*last_modified;	/* ISO 8601, as written */
	long long	 size;
};

struct s3_tag {
	char	*key;
	char	*value;
};

struct s3_xml {
	enum s3_xml_kind	 kind;
	char			*code;		/* S3X_ERROR */
	char			*message;	/* S3X_ERROR */
	char			*upload_id;	/* S3X_INITIATE */
	char			*etag;		/* COMPLETE, COPY */
	struct s3_object	*objects;	/* S3X_LIST */
	size_t			 nobjects;
	int			 truncated;
	char			*next_token;
	struct s3_tag		*tags;		/* S3X_TAGGING */
	size_t			 ntags;
};

/* 0 with out filled, -1 (malformed, too large, refused) with err set. */
int	 s3_xml_parse(const char *p, size_t len, struct arena *,
	    struct s3_xml *out, char *err, size_t errsz);
/* The value of tag key in a parsed S3X_TAGGING answer, or NULL. */
const char *s3_xml_tag(const struct s3_xml *, const char *key);

#endif
