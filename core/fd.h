/*
 * fd: the frontdesk domain.  Who is acting, what they may do, and every
 * operation the interfaces (command line, screens, shell) offer.  No SQL, no
 * curses: storage is data/db.h, whose row structs are reused here.
 *
 * Every operation takes "now" so tests control the clock, returns 0 on
 * success and -1 on failure with a message for people in struct fd_err
 * (code 2: the input was wrong; code 1: anything else).  Nothing is written
 * when an operation fails: each write is one transaction.
 */
#ifndef FRONTDESK_FD_H
#define FRONTDESK_FD_H

#include <stddef.h>
#include <time.h>

#include "data/db.h"

enum fd_role { ROLE_NONE = 0, ROLE_EMPLOYEE, ROLE_RECEPTIONIST, ROLE_SUPERVISOR, ROLE_ADMIN };

struct fd_err {
	int code;                  /* 2 bad input or usage, 1 other failure */
	char msg[512];
};
void fd_errf(struct fd_err *err, int code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

struct fd {
	struct db *db;
	char *db_path;
	int default_cc;            /* country calling code for national numbers */
	long callback_promise;     /* seconds: default due time of a callback */
	long reschedule_step;      /* seconds: next try after no answer */
	/* the acting person */
	long long uid;             /* from the kernel, never from the environment */
	char *login;
	int has_staff;
	struct staff me;           /* valid when has_staff */
	enum fd_role role;         /* effective role */
	int is_owner;              /* owns the database file, or root */
	struct directory *dir;     /* search index, built on first use */
	int batch;                 /* inside fd_batch_begin/end */
	struct fd_setting {        /* defaults from the configuration files */
		char *key, *value;
	} *settings;
	size_t n_settings;
	char *read_only_why;       /* readable, not writable for us: why (core/upkeep.c) */
};

struct fd_open_opts {
	const char *db_path;       /* NULL: FRONTDESK_DB, then the XDG default */
	const char *as_login;      /* --as: only for the owner or root */
	int create;                /* create the file (init, or the default path) */
	int memory;                /* in-memory, for tests */
	long long uid_override;    /* tests: act as this uid (-1: getuid()) */
};

/* The default database path: $XDG_DATA_HOME/frontdesk/frontdesk.db (malloc'd). */
char *fd_default_db_path(void);
int fd_open(const struct fd_open_opts *o, struct fd **out, struct fd_err *err);
void fd_close(struct fd **fd);

const char *fd_role_name(enum fd_role r);
int fd_role_parse(const char *s, enum fd_role *out);

/*
 * Batch mode: between fd_batch_begin and fd_batch_end every operation joins
 * one transaction (imports, demo data: all or nothing, one fsync).
 * fd_batch_end(fd, 1, err) commits, fd_batch_end(fd, 0, err) rolls back.
 */
int fd_batch_begin(struct fd *fd, struct fd_err *err);
int fd_batch_end(struct fd *fd, int commit, struct fd_err *err);

/*
 * A setting (escalate_deputy, report_hours, ...): the database's own value
 * (meta table) first, else the default the configuration files gave
 * (fd_setting_default), else none.  1 found (*out malloc'd), 0 none, -1 error.
 */
int fd_setting_get(struct fd *fd, const char *key, char **out);
void fd_setting_default(struct fd *fd, const char *key, const char *value);

/* Initialise settings (country code) and record the owner; idempotent. */
int fd_init(struct fd *fd, int country_code, time_t now, struct fd_err *err);

/* ---- staff and presence ---- */
struct fd_staff_input {
	const char *name, *login, *ext, *phone, *email, *department, *role, *deputy;
};
int fd_staff_add(struct fd *fd, const struct fd_staff_input *in, time_t now,
                 long long *id, struct fd_err *err);
int fd_staff_list(struct fd *fd, struct staff **out, size_t *n, struct fd_err *err);
/* Find by login, then extension: 1 found, 0 not, -1 error. */
int fd_staff_find(struct fd *fd, const char *login_or_ext, struct staff *out,
                  struct fd_err *err);
int fd_presence_valid(const char *status);
int fd_presence_set(struct fd *fd, const char *login, const char *status,
                    const char *until, const char *note, time_t now,
                    struct fd_err *err);
/* "meeting until 14:30 · deputy: Anna Berg" (malloc'd, plain text). */
char *fd_presence_describe(const struct staff *s, time_t now);
/* At work now (in, or absent but the until-time has passed). */
int fd_staff_present(const struct staff *s, time_t now);

/* ---- contacts ---- */
struct fd_contact_input {
	const char *name, *company, *phone, *email, *note;
};
int fd_contact_add(struct fd *fd, const struct fd_contact_input *in, time_t now,
                   long long *id, struct fd_err *err);
int fd_contact_get(struct fd *fd, long long id, struct contact *out, struct fd_err *err);

/* ---- who is calling ---- */
struct fd_caller {
	char e164[32];             /* normalised number, "" when none */
	int known;                 /* a contact has this number */
	struct contact contact;    /* valid when known */
	int calls_today;
	size_t n_open;             /* open callbacks for this caller */
	struct callback *open;     /* overdue first */
	size_t n_recent;
	struct call *recent;       /* last calls, newest first */
	char to_ext[16];           /* a ring's wanted extension, "" when none */
};
void fd_caller_clear(struct fd_caller *c);
/* Identify a caller by number (typed any way); 0 ok, -1 bad number. */
int fd_caller_lookup(struct fd *fd, const char *number, time_t now,
                     struct fd_caller *out, struct fd_err *err);
/* One line for people: "Hans Maier (Maier GmbH) · 3rd call today · callback #12 overdue 40 min, for M. Maier". */
char *fd_caller_summary(const struct fd_caller *c, time_t now);

/* An incoming call from the phone system. */
int fd_ring(struct fd *fd, const char *number, const char *to_ext, time_t now,
            struct fd_caller *out, long long *ring_id, struct fd_err *err);

/* The newest ring after after_id: 1 found (out and *ring_id filled), 0 none. */
int fd_ring_latest(struct fd *fd, long long after_id, struct fd_caller *out,
                   long long *ring_id, time_t now, struct fd_err *err);

/* A number that changes whenever anyone (any process) wrote to the
 * database: cheap, for screens that refresh themselves. */
long long fd_changes(struct fd *fd);

/* ---- calls ---- */
struct fd_call_input {
	const char *for_login;     /* wanted person (login or extension) */
	const char *from;          /* the caller's number as typed */
	long long contact_id;      /* a known contact picked on screen, or 0 */
	const char *name, *company;/* a new caller's details, typed once */
	const char *outcome;       /* connected, unreached, message (default unreached) */
	const char *subject, *message;
	int urgent, complaint;
	int callback;              /* schedule a callback (unreached only) */
	const char *due;           /* typed due time, NULL: the default */
	time_t due_at;             /* or an exact due time (screens), 0: none */
	int to_deputy;             /* assign the callback to the deputy */
};
struct fd_call_result {
	long long call_id, contact_id, callback_id;
	int new_contact;           /* the caller became a contact just now */
	int attached;              /* attached to an open callback */
	int calls;                 /* times this caller called about it */
	time_t due;
	char assignee[64];         /* login of whoever got the callback */
};
int fd_call_log(struct fd *fd, const struct fd_call_input *in, time_t now,
                struct fd_call_result *res, struct fd_err *err);
struct fd_call_query {
	const char *since, *until; /* typed times or dates */
	const char *for_login;
	const char *outcome;
	size_t limit;
};
int fd_calls(struct fd *fd, const struct fd_call_query *q, time_t now,
             struct call **out, size_t *n, struct fd_err *err);

/* ---- callbacks ---- */
/* The queue of login (NULL: the acting user); all: every employee's. */
int fd_queue(struct fd *fd, const char *login, int all, int include_closed,
             time_t now, struct callback **out, size_t *n, struct fd_err *err);
int fd_callback_get(struct fd *fd, long long id, struct callback *out,
                    struct fd_err *err);
int fd_callback_attempts(struct fd *fd, long long id, struct attempt **out,
                         size_t *n, struct fd_err *err);
int fd_attempt_result_valid(const char *result);
/*
 * Log an attempt.  reached closes the callback (done); no-answer, busy and
 * voicemail reschedule it by the reschedule step (or to next_due when given);
 * wrong-number closes it as cancelled.  A callback someone else closed
 * meanwhile is refused with who did what.
 */
int fd_callback_attempt(struct fd *fd, long long id, const char *result,
                        const char *note, const char *next_due, time_t now,
                        struct fd_err *err);
int fd_callback_done(struct fd *fd, long long id, const char *note, time_t now,
                     struct fd_err *err);
/* status: will-call-again or cancelled */
int fd_callback_close(struct fd *fd, long long id, const char *status,
                      const char *note, time_t now, struct fd_err *err);
int fd_callback_snooze(struct fd *fd, long long id, const char *due, time_t now,
                       struct fd_err *err);
int fd_callback_note(struct fd *fd, long long id, const char *note, time_t now,
                     struct fd_err *err);
int fd_callback_reassign(struct fd *fd, long long id, const char *login,
                         time_t now, struct fd_err *err);
int fd_callback_counts(struct fd *fd, time_t now, long long *open,
                       long long *overdue, struct fd_err *err);

/* ---- search (core/directory.c) ---- */
struct fd_hit {
	int is_staff;
	long long id;
	int quality;               /* enum search_quality */
	struct staff staff;        /* when is_staff */
	struct contact contact;    /* otherwise */
};
void fd_hits_free(struct fd_hit *hits, size_t n);
/* Search staff and contacts; hits best first, with their rows. */
int fd_search(struct fd *fd, const char *query, size_t limit, time_t now,
              struct fd_hit **out, size_t *n, struct fd_err *err);
/* Bring the in-memory index up to date with changes by other processes;
 * cheap when nothing changed. */
int fd_search_refresh(struct fd *fd, time_t now, struct fd_err *err);
/* Inside an erasure's transaction: no saved search index may be used again,
 * and the file (<db>-search) is removed now (see core/directory.c). */
int fd_search_forget_saved(struct fd *fd, struct fd_err *err);

/* ---- demo data (core/demo.c) ---- */
int fd_demo_populate(struct fd *fd, time_t now, unsigned seed, struct fd_err *err);

/* ---- permissions ---- */
enum fd_action {
	ACT_READ_DIRECTORY,        /* search, staff list, who is calling */
	ACT_LOG_CALL,              /* log calls, schedule callbacks, rings */
	ACT_SET_PRESENCE,          /* someone else's presence */
	ACT_WORK_QUEUE,            /* someone else's callbacks */
	ACT_REPORT,                /* figures and exports */
	ACT_ADMIN,                 /* staff directory, settings */
};
/* 1 allowed; 0 refused with the reason in err (code 1). */
int fd_allowed(struct fd *fd, enum fd_action a, struct fd_err *err);

#endif
