/* eco.h: the table of package ecosystems */
#ifndef DEPOT_ECO_H
#define DEPOT_ECO_H

/*
 * One row per ecosystem a registry can have. The REST "ecosystem" string is
 * name; label is what people read. Only ecosystems whose protocol is served
 * are listed, so a registry can never be created for one that would not
 * work.
 */
struct ecosystem_ops {
	const char	*name;
	const char	*label;
	const char	*path;		/* protocol root under /{org}/{reg} */
};

const struct ecosystem_ops	*eco_find(const char *name);
/* Comma-separated names, for error messages. */
const char			*eco_names(void);

#endif
