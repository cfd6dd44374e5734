/* ruby_version.c: gem names, Gem::Version rules and ordering, platforms */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "eco/ruby.h"
#include "util/banned.h"

/* Tokens compared at most; longer (invalid) versions compare on a prefix. */
#define VTOK_MAX	256

static int
name_char(int c)
{
	return isalnum(c) || c == '.' || c == '-' || c == '_';
}

int
gem_name_valid(const char *name, const char **why)
{
	size_t	 i, n;
	int	 letter = 0;

	*why = NULL;
	n = strlen(name);
	if (n == 0) {
		*why = "name is empty";
		return 0;
	}
	if (n > GEM_NAME_MAX) {
		*why = "name is too long";
		return 0;
	}
	if (name[0] == '.' || name[0] == '-') {
		*why = "name starts with '.' or '-'";
		return 0;
	}
	for (i = 0; i < n; i++) {
		if (!isascii((unsigned char)name[i]) ||
		    !name_char((unsigned char)name[i])) {
			*why = "name may hold only letters, digits, '.', '-' "
			    "and '_'";
			return 0;
		}
		if (isalpha((unsigned char)name[i]))
			letter = 1;
	}
	if (!letter) {
		*why = "name has no letter";
		return 0;
	}
	return 1;
}

int
gem_platform_valid(const char *p)
{
	size_t	 i, n = strlen(p);

	if (n == 0 || n > GEM_PLATFORM_MAX || p[0] == '-' || p[0] == '.')
		return 0;
	for (i = 0; i < n; i++)
		if (!isascii((unsigned char)p[i]) ||
		    !name_char((unsigned char)p[i]))
			return 0;
	return 1;
}

int
gem_version_valid(const char *v)
{
	size_t	 i, n = strlen(v), seg = 0;

	if (n == 0 || n > GEM_VERSION_MAX || !isdigit((unsigned char)v[0]))
		return 0;
	/* [0-9]+ (\.[0-9A-Za-z]+)* */
	for (i = 0; i < n && isdigit((unsigned char)v[i]); i++)
		;
	while (i < n) {
		if (v[i] != '.')
			return 0;
		i++;
		for (seg = 0; i < n && isascii((unsigned char)v[i]) &&
		    isalnum((unsigned char)v[i]); i++)
			seg++;
		if (seg == 0)
			return 0;
	}
	return 1;
}

int
gem_version_prerelease(const char *v)
{
	for (; *v != '\0'; v++)
		if (isascii((unsigned char)*v) && isalpha((unsigned char)*v))
			return 1;
	return 0;
}

char *
gem_version_norm(struct arena *a, const char *s, size_t len)
{
	struct buf	 b;
	char		*out = NULL;
	size_t		 i;

	while (len > 0 && isspace((unsigned char)s[0])) {
		s++;
		len--;
	}
	while (len > 0 && isspace((unsigned char)s[len - 1]))
		len--;
	buf_init(&b, GEM_VERSION_MAX);
	for (i = 0; i < len; i++) {
		if (s[i] == '-' ? buf_adds(&b, ".pre.") == -1 :
		    buf_addch(&b, s[i]) == -1)
			goto out;
	}
	out = arena_strndup(a, b.data, b.len);
out:
	buf_release(&b);
	return out;
}

char *
gem_index_version(struct arena *a, const char *version, const char *platform)
{
	if (platform == NULL || strcmp(platform, "ruby") == 0)
		return arena_strdup(a, version);
	return arena_strfmt(a, "%s-%s", version, platform);
}

char *
gem_full_name(struct arena *a, const char *name, const char *version,
    const char *platform)
{
	if (platform == NULL || strcmp(platform, "ruby") == 0)
		return arena_strfmt(a, "%s-%s", name, version);
	return arena_strfmt(a, "%s-%s-%s", name, version, platform);
}

/*
 * Gem::Version#<=>. Segments are runs of digits or of letters; each of the
 * numeric prefix and the rest loses its trailing zeros ("1.0" == "1",
 * "1.0.a.0" == "1.a"); then pairwise, a missing segment counting as 0: a
 * letter run sorts before a number, numbers by value, letters bytewise.
 */
struct vtok {
	const char	*p;
	size_t		 len;
	int		 num;
};

static int
tok_zero(const struct vtok *t)
{
	size_t	 i;

	if (!t->num)
		return 0;
	for (i = 0; i < t->len; i++)
		if (t->p[i] != '0')
			return 0;
	return 1;
}

static size_t
tokenize(const char *v, struct vtok *t, size_t max)
{
	size_t	 n = 0, k, end, i;
	int	 num;

	while (*v != '\0' && n < max) {
		if (!isascii((unsigned char)*v) ||
		    !isalnum((unsigned char)*v)) {
			v++;
			continue;
		}
		num = isdigit((unsigned char)*v) != 0;
		for (k = 0; v[k] != '\0' && isascii((unsigned char)v[k]) &&
		    (num ? isdigit((unsigned char)v[k]) :
		    isalpha((unsigned char)v[k])); k++)
			;
		t[n].p = v;
		t[n].len = k;
		t[n].num = num;
		n++;
		v += k;
	}
	/* Canonical: no trailing zeros in the numeric prefix or the rest. */
	for (k = 0; k < n && t[k].num; k++)
		;
	end = k;
	while (end > 0 && tok_zero(&t[end - 1]))
		end--;
	if (end < k) {
		for (i = k; i < n; i++)
			t[end + i - k] = t[i];
		n -= k - end;
		k = end;
	}
	while (n > k && tok_zero(&t[n - 1]))
		n--;
	return n;
}

static int
num_cmp(const struct vtok *a, const struct vtok *b)
{
	const char	*pa = a->p, *pb = b->p;
	size_t		 la = a->len, lb = b->len;
	int		 c;

	while (la > 1 && *pa == '0') {
		pa++;
		la--;
	}
	while (lb > 1 && *pb == '0') {
		pb++;
		lb--;
	}
	if (la != lb)
		return la < lb ? -1 : 1;
	c = memcmp(pa, pb, la);
	return c < 0 ? -1 : c > 0;
}

int
gem_version_cmp(const char *a, const char *b)
{
	struct vtok	 ta[VTOK_MAX], tb[VTOK_MAX];
	static const struct vtok zero = { "0", 1, 1 };
	const struct vtok *x, *y;
	size_t		 na, nb, i, l;
	int		 c;

	na = tokenize(a, ta, VTOK_MAX);
	nb = tokenize(b, tb, VTOK_MAX);
	for (i = 0; i < na || i < nb; i++) {
		x = i < na ? &ta[i] : &zero;
		y = i < nb ? &tb[i] : &zero;
		if (x->num && y->num) {
			if ((c = num_cmp(x, y)) != 0)
				return c;
			continue;
		}
		if (!x->num && y->num)
			return -1;
		if (x->num && !y->num)
			return 1;
		l = x->len < y->len ? x->len : y->len;
		if ((c = memcmp(x->p, y->p, l)) != 0)
			return c < 0 ? -1 : 1;
		if (x->len != y->len)
			return x->len < y->len ? -1 : 1;
	}
	return 0;
}
