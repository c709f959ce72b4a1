/*
 * vcard: contacts as vCard 3.0 (RFC 2426), the version Outlook, Google
 * Contacts and phones all read.  core/import.c reads them back.
 */
#ifndef FRONTDESK_VCARD_H
#define FRONTDESK_VCARD_H

#include "data/db.h"

/*
 * One BEGIN:VCARD ... END:VCARD block for c, CRLF line ends, lines folded
 * at 75 bytes (never inside a UTF-8 sequence), text escaped: FN, N (the
 * last word as family name), ORG, every number as TEL;TYPE=VOICE, EMAIL,
 * NOTE.  malloc'd; the caller frees.  NULL c: NULL.
 */
char *vcard_write_contact(const struct contact *c);

#endif
