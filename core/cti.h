/*
 * cti: incoming-call events from a phone system, in the parameters of the
 * widely used "generic CTI" webhook (event, from, to, direction, callId,
 * user[]), as options or as one URL-encoded query string.  `frontdesk ring`
 * in all its forms goes through fd_cti_ring.
 *
 * Nothing here runs a shell or stores anything but the ring itself: callId
 * and user are checked and then only used to find the wanted extension.
 */
#ifndef FRONTDESK_CTI_H
#define FRONTDESK_CTI_H

#include <stddef.h>
#include <time.h>

#include "core/fd.h"

#define CTI_QUERY_MAX 2048         /* bytes of a query string */
#define CTI_NUMBER_MAX 40          /* bytes of from / to as typed */
#define CTI_CALL_ID_MAX 250        /* the webhook's own limit */
#define CTI_USER_MAX 128           /* bytes of one user */
#define CTI_MAX_USERS 8

struct fd_cti {
	const char *event;         /* newCall (NULL: newCall), answer, hangup */
	const char *from;          /* the caller's number; NULL: not given */
	const char *to;            /* extension or number called; NULL: none */
	const char *direction;     /* in (NULL: in), out */
	const char *call_id;
	const char *user[CTI_MAX_USERS];
	size_t n_user;
	char *buf;                 /* owns the decoded strings of a query */
};

/*
 * Decode a query string ("event=newCall&from=%2B4930123456&to=201"; a
 * leading '?' is skipped) into *out: %XX escapes and '+' (a space) are
 * decoded; pairs are split at '&'.  Keys other than the ones above
 * (queue, cause, answeringNumber, anything a phone system adds) are
 * ignored; "user" and "user[]" may repeat, the others may not.  Refused
 * (code 2): more than CTI_QUERY_MAX bytes, raw bytes that must be
 * percent-encoded, a bad escape, an escape decoding to a control
 * character.  fd_cti_clear frees it.
 */
int fd_cti_parse_query(const char *query, struct fd_cti *out, struct fd_err *err);
void fd_cti_clear(struct fd_cti *c);

/*
 * Check every field and act on the event:
 *  -1  refused (err; code 2 for bad input): an unknown event or direction,
 *      a number with characters no phone number has, a bad callId or user;
 *   1  valid but nothing to record: an answer or hangup event, an outgoing
 *      call, or a withheld number (from empty, "anonymous", "unknown",
 *      "restricted", "private", "withheld"); *note says which;
 *   0  recorded: as fd_ring, with out and *ring_id filled.
 * A number of digits alone that is no valid national number is read as
 * international ("493055571600" is +49 30 55571600), as phone systems send
 * it.  to is an extension (1 to 8 digits) or a number: a staff member's
 * direct number becomes that member's extension, any other number (the main
 * line) no extension.  Without an extension from to, the first user that
 * is a staff member's login or full name gives it.
 */
int fd_cti_ring(struct fd *fd, const struct fd_cti *in, time_t now, struct fd_caller *out,
                long long *ring_id, const char **note, struct fd_err *err);

#endif
