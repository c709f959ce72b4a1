/*
 * util: allocation that never returns NULL, a growable string buffer, and
 * small helpers shared by every layer.
 */
#ifndef FRONTDESK_UTIL_H
#define FRONTDESK_UTIL_H

#include <stdarg.h>
#include <stddef.h>

void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* A growable NUL-terminated buffer: struct sbuf b = SBUF_INIT; ... free(b.s). */
struct sbuf {
	char *s;
	size_t len, cap;
};
#define SBUF_INIT {NULL, 0, 0}
void sbuf_add(struct sbuf *b, const char *s, size_t n);
void sbuf_adds(struct sbuf *b, const char *s);
void sbuf_addc(struct sbuf *b, char c);
void sbuf_addf(struct sbuf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Ensure b.s is a valid (possibly empty) string and return it. */
const char *sbuf_str(struct sbuf *b);
/* Detach the string (caller frees) and reset b. */
char *sbuf_detach(struct sbuf *b);
void sbuf_reset(struct sbuf *b);

#endif
