/* semver.h: Semantic Versioning 2.0.0 parsing and precedence */
#ifndef DEPOT_SEMVER_H
#define DEPOT_SEMVER_H

#include <stddef.h>

/* 1 if s is a valid SemVer 2.0.0 version (no leading "v"), else 0. */
int	 semver_valid(const char *s);
/*
 * Compare by SemVer precedence: <0, 0, >0. Build metadata is ignored.
 * Invalid versions sort before valid ones and among themselves by strcmp.
 */
int	 semver_cmp(const char *a, const char *b);
/* 1 if s has a pre-release part ("1.0.0-rc.1"). */
int	 semver_is_prerelease(const char *s);

#endif
