/* eco.c: the ecosystems this server speaks */
#include <string.h>

#include "eco/eco.h"
#include "util/banned.h"

static const struct ecosystem_ops ecosystems[] = {
	{ "javascript", "JavaScript (npm)", "npm/" },
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
	return "javascript";
}
