/* maven_version.c: Maven version order (ComparableVersion, simplified) */
#include <string.h>

#include "eco/maven.h"
#include "util/banned.h"

/* One item of a version: a number (digits, leading zeros dropped) or a word. */
struct item {
	const char	*s;
	size_t		 len;
	int		 num;
};

static int
is_digit(int c)
{
	return c >= '0' && c <= '9';
}

static int
lower(int c)
{
	return c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c;
}

/*
 * The next item from *p, or 0 at the end. Separators are '.' and '-'; a
 * change between digits and other characters also ends an item.
 */
static int
next_item(const char **p, struct item *it)
{
	const char	*s = *p;

	while (*s == '.' || *s == '-')
		s++;
	if (*s == '\0') {
		*p = s;
		return 0;
	}
	it->s = s;
	it->num = is_digit((unsigned char)*s);
	while (*s && *s != '.' && *s != '-' &&
	    is_digit((unsigned char)*s) == it->num)
		s++;
	it->len = (size_t)(s - it->s);
	if (it->num)
		while (it->len > 1 && it->s[0] == '0') {
			it->s++;
			it->len--;
		}
	*p = s;
	return 1;
}

static int
word_is(const struct item *it, const char *w)
{
	size_t	 i, n = strlen(w);

	if (it->len != n)
		return 0;
	for (i = 0; i < n; i++)
		if (lower((unsigned char)it->s[i]) != w[i])
			return 0;
	return 1;
}

/*
 * Rank of a word: 0 alpha .. 6 sp, 7 anything else. next_num is whether a
 * number follows at once ("a1" is alpha 1, "a" alone is an unknown word).
 */
static int
rank(const struct item *it, int next_num)
{
	if (it == NULL || it->len == 0 || word_is(it, "ga") ||
	    word_is(it, "final") || word_is(it, "release"))
		return 5;
	if (word_is(it, "alpha") || (next_num && word_is(it, "a")))
		return 0;
	if (word_is(it, "beta") || (next_num && word_is(it, "b")))
		return 1;
	if (word_is(it, "milestone") || (next_num && word_is(it, "m")))
		return 2;
	if (word_is(it, "rc") || word_is(it, "cr"))
		return 3;
	if (word_is(it, "snapshot"))
		return 4;
	if (word_is(it, "sp"))
		return 6;
	return 7;
}

static int
cmp_words(const struct item *a, const struct item *b)
{
	size_t	 i, n = a->len < b->len ? a->len : b->len;
	int	 ca, cb;

	for (i = 0; i < n; i++) {
		ca = lower((unsigned char)a->s[i]);
		cb = lower((unsigned char)b->s[i]);
		if (ca != cb)
			return ca < cb ? -1 : 1;
	}
	return a->len == b->len ? 0 : a->len < b->len ? -1 : 1;
}

static int
cmp_nums(const struct item *a, const struct item *b)
{
	int	 c;

	if (a->len != b->len)
		return a->len < b->len ? -1 : 1;
	c = memcmp(a->s, b->s, a->len);
	return c < 0 ? -1 : c > 0;
}

/* A number against a missing item (0) or a word (numbers are greater). */
static int
cmp_num_other(const struct item *n, const struct item *o)
{
	if (o != NULL)
		return 1;
	return n->len == 1 && n->s[0] == '0' ? 0 : 1;
}

static int
cmp_items(const struct item *a, int an, const struct item *b, int bn)
{
	int	 ra, rb;

	if (a && b && a->num && b->num)
		return cmp_nums(a, b);
	if (a && a->num)
		return cmp_num_other(a, b);
	if (b && b->num)
		return -cmp_num_other(b, a);
	ra = rank(a, an);
	rb = rank(b, bn);
	if (ra != rb)
		return ra < rb ? -1 : 1;
	if (ra == 7)
		return cmp_words(a, b);
	return 0;
}

/* Is the item a "null" one, which trailing positions drop: 0, ga ... */
static int
is_null(const struct item *it)
{
	if (it->num)
		return it->len == 1 && it->s[0] == '0';
	return it->len == 0 || word_is(it, "ga") || word_is(it, "final") ||
	    word_is(it, "release");
}

/*
 * Split v into at most MAX_ITEMS items, dropping the null items that end
 * each '-'-separated part ("1.0.0" is 1, "1.0-sp" is 1 sp), as Maven
 * trims its lists. nextnum[i] says whether item i is a word with a number
 * right after it ("a1"). Items past MAX_ITEMS are ignored.
 */
#define MAX_ITEMS	64

static size_t
items(const char *v, struct item *it, int *nextnum)
{
	const char	*p = v;
	size_t		 n = 0, start = 0;
	int		 dash;

	for (;;) {
		/* A part ends before an item after a '-', and at the end. */
		while (*p == '.')
			p++;
		dash = *p == '-';
		if (dash || *p == '\0' || n == MAX_ITEMS) {
			while (n > start && is_null(&it[n - 1]))
				n--;
			start = n;
		}
		if (n == MAX_ITEMS || !next_item(&p, &it[n]))
			break;
		nextnum[n] = !it[n].num && is_digit((unsigned char)*p);
		n++;
	}
	return n;
}

int
maven_version_cmp(const char *a, const char *b)
{
	struct item	 ia[MAX_ITEMS], ib[MAX_ITEMS];
	int		 na[MAX_ITEMS], nb[MAX_ITEMS];
	size_t		 la, lb, i;
	int		 c;

	la = items(a, ia, na);
	lb = items(b, ib, nb);
	for (i = 0; i < la || i < lb; i++) {
		c = cmp_items(i < la ? &ia[i] : NULL, i < la && na[i],
		    i < lb ? &ib[i] : NULL, i < lb && nb[i]);
		if (c != 0)
			return c;
	}
	c = strcmp(a, b);
	return c < 0 ? -1 : c > 0;
}
