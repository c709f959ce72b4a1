/*
 * import: people from the files other programs write — CSV (Outlook and
 * Google Contacts exports, frontdesk's own columns) and vCard 2.1/3.0/4.0 —
 * into the directory, all or nothing.
 *
 * import_parse reads bytes: the encoding (UTF-8, UTF-8 with BOM, UTF-16
 * with BOM, else Windows-1252/Latin-1, converted with iconv), the format
 * (a file starting BEGIN:VCARD is vCard, anything else CSV with ',', ';' or
 * TAB found from the header) and the columns (by header name).  Problems
 * with single records land in set->probs with their line numbers; only a
 * file that cannot be read at all fails as a whole.
 *
 * import_apply checks every record for its kind, adds them in one batch
 * and commits only when no record had a problem (and not with dry_run).  A
 * contact with a number someone in the directory already has is merged
 * into that one (missing numbers added), never duplicated; a staff member
 * whose login exists is left as is.
 *
 * Ownership: everything in struct import_set is malloc'd; import_set_clear.
 */
#ifndef FRONTDESK_IMPORT_H
#define FRONTDESK_IMPORT_H

#include <stddef.h>
#include <time.h>

#include "core/fd.h"

#define IMPORT_MAX_PHONES 8
#define IMPORT_MAX_FIELD (64 * 1024)      /* longer fields are a record's problem */
#define IMPORT_MAX_FILE (64 * 1024 * 1024)

enum import_kind { IMPORT_STAFF, IMPORT_CONTACTS };

struct import_rec {
	size_t line;               /* where the record starts (1 = first line) */
	char *name, *company, *email, *department, *login, *ext, *role, *deputy, *note;
	char *phones[IMPORT_MAX_PHONES];
	size_t n_phones;
	int bad;                   /* a parse problem was reported for it */
};

struct import_msg {
	size_t line;
	char *text;
};

struct import_set {
	const char *format;        /* "CSV" or "vCard" */
	const char *encoding;      /* "UTF-8", "UTF-8 with BOM", "UTF-16", "Windows-1252" */
	char sep;                  /* CSV separator */
	struct import_rec *recs;
	size_t n_recs;
	struct import_msg *probs;  /* rejected records: line and why */
	size_t n_probs;
	struct import_msg *notes;  /* merged or skipped records */
	size_t n_notes;
};

struct import_result {
	size_t added, merged, kept, rejected;
};

/* 0 (records and problems in out), or -1 when the file as a whole is
 * unusable (empty, binary, no usable columns): err code 2. */
int import_parse(const char *data, size_t len, struct import_set *out, struct fd_err *err);
void import_set_clear(struct import_set *s);

/* 0 imported (or, dry_run, would import), -1 with err: code 2 when
 * records were rejected (set->probs lists them; nothing written). */
int import_apply(struct fd *fd, enum import_kind kind, struct import_set *set, int dry_run,
                 time_t now, struct import_result *res, struct fd_err *err);

/* Text in charset (as iconv names it) to UTF-8 (malloc'd), or NULL when
 * it does not convert. */
char *import_to_utf8(const char *s, size_t n, const char *charset);

#endif
