/*
 * fuzz: what the libFuzzer harnesses share.  Each harness is one file,
 * fuzz_<name>.c, with its seeds in corpus/<name>/; tests/fuzz/run.sh builds
 * and runs them.  A property that does not hold aborts (a crash to
 * libFuzzer), with what was expected on stderr.
 */
#ifndef FRONTDESK_FUZZ_H
#define FRONTDESK_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The input as a NUL-terminated string (malloc'd). */
static inline char *fuzz_str(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);
	if (!s)
		abort();
	memcpy(s, data, size);
	s[size] = '\0';
	return s;
}

#define FUZZ_CHECK(cond, ...)                                                 \
	do {                                                                      \
		if (!(cond)) {                                                        \
			fprintf(stderr, "property failed: %s: ", #cond);                  \
			fprintf(stderr, __VA_ARGS__);                                     \
			fputc('\n', stderr);                                              \
			abort();                                                          \
		}                                                                     \
	} while (0)

#endif
