/*
 * privacy: what data protection law asks of a switchboard (GDPR articles
 * 15, 17 and 5(1)(e)).  Access: everything held about one caller, for an
 * export.  Erasure: a caller removed everywhere in one transaction, the
 * call rows kept without anything that names them so the figures stay
 * right, the database file and its write-ahead log cleared of the old
 * bytes (secure_delete and a truncating checkpoint).  Retention: calls and
 * callbacks closed longer ago than the retention period anonymised.
 *
 * Erasures are recorded by contact id (never a name) in the database's
 * erasure table and in a plain file beside it, "<db>-erasures", one
 * "ID TIME" line each, appended before the erasure commits.  A backup
 * restored over the database holds the people erased since it was taken;
 * fd_forget_replay reads the file and erases them again.  A contact id
 * reused by someone added after the erasure (a newer created time) is
 * left alone.
 *
 * Supervisors and administrators only; every operation is audited by id.
 * Results own their memory: fd_contact_data_clear, free(res->name).
 */
#ifndef FRONTDESK_PRIVACY_H
#define FRONTDESK_PRIVACY_H

#include <stddef.h>
#include <time.h>

#include "core/fd.h"

#define PRIVACY_DEFAULT_RETENTION_DAYS 365
#define PRIVACY_MAX_RETENTION_DAYS 36500

/* An audit row about the contact or one of its calls and callbacks. */
struct fd_audit_ref {
	time_t at;
	long long uid;
	char *action, *entity;
	long long entity_id;
};

struct fd_contact_data {
	struct contact contact;
	struct db_number *numbers;  /* with the form they were typed in */
	size_t n_numbers;
	/* filled only when all data was asked for */
	int all;
	struct call *calls;         /* oldest first */
	size_t n_calls;
	struct callback *callbacks; /* oldest first */
	size_t n_callbacks;
	struct attempt *attempts;   /* every callback's, by callback then time */
	size_t n_attempts;
	struct ring *rings;
	size_t n_rings;
	struct fd_audit_ref *audit;
	size_t n_audit;
};
void fd_contact_data_clear(struct fd_contact_data *d);

/*
 * The contact card with its numbers (anyone in the directory), or with
 * all: every call, callback, attempt, ring and audit row about them
 * (supervisors and administrators; the export itself is audited).
 * 0, or -1 (code 2: no such contact).
 */
int fd_contact_data(struct fd *fd, long long id, int all, time_t now,
                    struct fd_contact_data *out, struct fd_err *err);

struct fd_forget_result {
	struct db_forget_counts n;
	char *name;                 /* who it was (malloc'd), for the confirmation */
	int wal_busy;               /* a reader kept the old log: run replay later */
};
/* Erase contact id (dry_run: count, change nothing).  0, or -1 (code 2:
 * no such contact, or erased already). */
int fd_contact_forget(struct fd *fd, long long id, int dry_run, time_t now,
                      struct fd_forget_result *res, struct fd_err *err);

struct fd_replay_result {
	char *file;                 /* the list read (malloc'd: free it) */
	size_t listed;              /* records in the list */
	size_t erased;              /* contacts present again, erased again */
	size_t gone;                /* already absent */
	size_t kept;                /* the id now belongs to someone newer */
	int wal_busy;
};
/* Re-apply the erasures listed in from (NULL: the file beside the
 * database), all in one transaction.  A missing default file is no error. */
int fd_forget_replay(struct fd *fd, const char *from, time_t now,
                     struct fd_replay_result *res, struct fd_err *err);
/* "<db>-erasures" (malloc'd), NULL for an in-memory database. */
char *fd_erasure_file(const struct fd *fd);

struct fd_purge_result {
	int days;
	time_t before;
	struct db_purge_counts n;
	int wal_busy;
};
/* Apply the retention period: days > 0 overrides the setting.  dry_run
 * counts and changes nothing. */
int fd_purge(struct fd *fd, int days, int dry_run, time_t now,
             struct fd_purge_result *res, struct fd_err *err);
/* The retention setting (meta "retention_days"), default 365. */
int fd_retention_days(struct fd *fd, int *days, struct fd_err *err);
/* Store it (administrators). */
int fd_retention_set(struct fd *fd, int days, time_t now, struct fd_err *err);
/* "30" -> 30; 0 or -1 with a reason (code 2). */
int fd_days_parse(const char *s, int *days, struct fd_err *err);

#endif
