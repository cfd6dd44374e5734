/* eco.c: the ecosystems this server speaks */
#include <stdio.h>
#include <string.h>

#include "eco/eco.h"
#include "util/banned.h"

static const struct ecosystem_ops ecosystems[] = {
	{ "javascript", "JavaScript (npm)", "npm/" },
	{ "python", "Python (PyPI)", "pypi/" },
	{ "files", "Files", "files/" },
	{ "java", "Java (Maven)", "maven2/" },
	{ "ruby", "Ruby (RubyGems)", "" },
	/* one row per ecosystem: python, files, java, ruby ... */
};

#define NECO (sizeof(ecosystems) / sizeof(ecosystems[0]))

const struct ecosystem_ops *
eco_find(const char *name)
{
	size_t	 i;

	for (i = 0; i < NECO; i++)
		if (strcmp(ecosystems[i].name, name) == 0)
			return &ecosystems[i];
	return NULL;
}

const char *
eco_names(void)
{
	static char	 names[512];
	size_t		 i, len = 0;

	if (names[0])
		return names;
	for (i = 0; i < NECO; i++)
		len += (size_t)snprintf(names + len, sizeof(names) - len,
		    "%s%s", i ? ", " : "", ecosystems[i].name);
	return names;
}
