/*
 * csv: an RFC 4180 writer for exports that end up in spreadsheets.
 *
 * Fields are separated by ',' and records end with CRLF.  A field is quoted
 * when it holds ',', '"', CR or LF (or leading/trailing space), with '"'
 * doubled.  Text is UTF-8: invalid bytes are replaced by U+FFFD (counted in
 * w->replaced), or refused with CSV_STRICT; so are control characters (but
 * TAB, CR, LF), C1 controls, bidi controls and invisible format characters,
 * which a terminal showing the export would act on (always replaced).
 *
 * Formula injection: a text cell starting with '=', '+', '-', '@', TAB or
 * CR is one a spreadsheet may run as a formula; csv_text prefixes it with a
 * single quote (').  Phone numbers get the same treatment on purpose: a
 * spreadsheet reads +4930123 as the number 4930123 and loses the '+', so
 * "'+4930123" keeps it readable (the apostrophe shows in the cell; it marks
 * the cell as text).  Numbers written with csv_int are never prefixed.
 *
 * The writer owns nothing: f stays the caller's.
 */
#ifndef FRONTDESK_CSV_H
#define FRONTDESK_CSV_H

#include <stddef.h>
#include <stdio.h>

enum { CSV_STRICT = 1 };   /* refuse invalid UTF-8 instead of replacing it */

struct csv {
	FILE *f;
	unsigned flags;
	int col;                   /* fields written in the current record */
	size_t rows;               /* records ended */
	size_t replaced;           /* invalid bytes replaced by U+FFFD */
	int failed;                /* a write failed (errno kept) or strict refusal */
};

void csv_init(struct csv *w, FILE *f, unsigned flags);
/* The UTF-8 byte order mark, before anything else (for Excel). */
int csv_bom(struct csv *w);
/* A text field, neutralised; NULL is an empty field.  0, or -1 (write
 * error, or invalid UTF-8 with CSV_STRICT: nothing written). */
int csv_text(struct csv *w, const char *s);
/* A field exactly as given (quoted when needed, never neutralised): for
 * values the program made, such as ISO times and the header. */
int csv_raw(struct csv *w, const char *s);
int csv_int(struct csv *w, long long v);
/* End the record with CRLF. */
int csv_end(struct csv *w);

/* Does a spreadsheet treat a cell starting like s as a formula? */
int csv_risky(const char *s);
/* Length of a valid UTF-8 sequence at s (1..4), or 0 if invalid. */
int csv_utf8_len(const unsigned char *s, size_t avail);

/*
 * Create path for writing an export: never overwrites a file and never
 * follows a symbolic link (O_CREAT|O_EXCL|O_NOFOLLOW), mode 0600 (exports
 * hold personal data).  0, or -1 with a message for people in why.
 */
int csv_create_file(const char *path, FILE **out, char *why, size_t n);

#endif
