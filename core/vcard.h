/*
 * vcard: contacts as vCard 3.0 (RFC 2426), the version Outlook, Google
 * Contacts and phones all read.  core/import.c reads them back.
 */
#ifndef FRONTDESK_VCARD_H
#define FRONTDESK_VCARD_H

#include <stdio.h>
#include <time.h>

#include "data/db.h"

/*
 * One BEGIN:VCARD ... END:VCARD block for c, CRLF line ends, lines folded
 * at 75 bytes (never inside a UTF-8 sequence), text escaped: FN, N (the
 * last word as family name), ORG, every number as TEL;TYPE=VOICE, EMAIL,
 * NOTE.  malloc'd; the caller frees.  NULL c: NULL.
 */
char *vcard_write_contact(const struct contact *c);

struct fd;
struct fd_err;
/* Every contact created in [since, until) (0: open ends) as vCards to f,
 * oldest first; *rows gets the count.  Supervisors and administrators. */
int vcard_export_contacts(struct fd *fd, time_t since, time_t until, FILE *f,
                          size_t *rows, struct fd_err *err);

#endif
