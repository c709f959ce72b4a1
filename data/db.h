/*
 * db: frontdesk's store in one SQLite file.
 *
 * The only module that speaks SQL.  Opens and migrates the schema, serialises
 * writers across processes with an advisory lock (a fair queue instead of
 * SQLite's sleeping busy handler), and reads and writes rows as plain structs.
 *
 * Conventions: functions return 0 on success and -1 on error (message in
 * db_errmsg); lookups return 1 found, 0 not found, -1 error.  Strings in the
 * structs are malloc'd copies owned by the struct: free them with the
 * matching *_clear function.  Times are UTC seconds.  Writes happen only
 * between db_begin() and db_commit()/db_rollback().
 */
#ifndef FRONTDESK_DB_H
#define FRONTDESK_DB_H

#include <stddef.h>
#include <time.h>

struct db;

/* The schema version this program writes. */
#define DB_SCHEMA_VERSION 6
/* PRAGMA application_id: "FDSK". */
#define DB_APPLICATION_ID 0x4644534b

enum db_open_mode {
	DB_OPEN_EXISTING, /* the file must exist and be a frontdesk database */
	DB_OPEN_CREATE,   /* create (and initialise) when missing */
	DB_OPEN_MEMORY,   /* a private in-memory database, for tests */
};

/*
 * Open (and migrate) the database at path.  On failure returns -1 and writes
 * a sentence for people into err: what is wrong and what to do.
 */
int db_open(const char *path, enum db_open_mode mode, struct db **out,
            char *err, size_t errn);
void db_close(struct db **db);
const char *db_errmsg(const struct db *db);
/* Nonzero if the last failure was SQLITE_BUSY/LOCKED (try again later). */
int db_last_busy(const struct db *db);
/* Nonzero if the last failure was a UNIQUE constraint (such as a login
 * that exists already), whatever the language of db_errmsg. */
int db_last_constraint(const struct db *db);
/* Schema version of the open file (after migration). */
int db_schema_version(struct db *db);

/* Write transactions: an advisory lock, then BEGIN IMMEDIATE. */
int db_begin(struct db *db);
/* db_begin only if no other process writes now: 1 busy (nothing begun), for
 * work that can as well be left undone (saving the search index). */
int db_begin_nowait(struct db *db);
int db_commit(struct db *db);
void db_rollback(struct db *db);
/* Copy the WAL into the database file and truncate it to zero bytes, under
 * the write lock (outside a transaction): after an erasure no old page
 * image is left in the -wal file.  0 done; 1 a reader kept part of the WAL
 * in use (nothing lost; run again later); -1 error (db_errmsg). */
int db_checkpoint_truncate(struct db *db);

/* A number that changes whenever another connection committed (PRAGMA
 * data_version) combined with this connection's own commits. */
long long db_change_counter(struct db *db);

/* Settings in the meta table (country code, owner, ...).  *out malloc'd. */
int db_meta_get(struct db *db, const char *key, char **out);
int db_meta_set(struct db *db, const char *key, const char *value);

/* ---- staff ---- */
struct staff {
	long long id;
	char *name, *login, *ext, *phone, *email, *department, *role;
	long long deputy_id;       /* 0 when none */
	char *deputy_name;         /* filled on read, NULL when none */
	char *deputy_login;
	char *presence;            /* in, out, meeting, lunch, vacation, sick */
	time_t presence_until;     /* 0 when open-ended */
	char *presence_note;
	time_t presence_changed;
	long long rev;
};
void db_staff_clear(struct staff *s);
void db_staff_free_list(struct staff *list, size_t n);
int db_staff_insert(struct db *db, const struct staff *s, long long *id);
/* 1 found, 0 not found, -1 error */
int db_staff_by_login(struct db *db, const char *login, struct staff *out);
int db_staff_by_id(struct db *db, long long id, struct staff *out);
int db_staff_by_ext(struct db *db, const char *ext, struct staff *out);
int db_staff_list(struct db *db, struct staff **out, size_t *n);
int db_staff_count(struct db *db, long long *n);
int db_staff_set_presence(struct db *db, long long id, const char *presence,
                          time_t until, const char *note, time_t now);

/* ---- contacts ---- */
struct contact {
	long long id;
	char *name, *company, *email, *note;
	char **numbers;            /* E.164 */
	size_t n_numbers;
	time_t created;
};
void db_contact_clear(struct contact *c);
int db_contact_insert(struct db *db, const struct contact *c, time_t now,
                      long long *id);
int db_contact_add_number(struct db *db, long long contact_id,
                          const char *e164, const char *typed);
int db_contact_by_id(struct db *db, long long id, struct contact *out);
/* The contact who most recently used this number. */
int db_contact_by_number(struct db *db, const char *e164, struct contact *out);
int db_contact_count(struct db *db, long long *n);

/* ---- directory rows for the search index ---- */
struct db_dir_row {
	int is_staff;
	long long id, rev;
	int deleted;               /* a tombstone: only is_staff/id/rev valid */
	const char *name, *company, *department, *ext, *email, *presence;
	const char *numbers;       /* E.164 numbers separated by ' ' */
	int recent_calls;
};
/* Calls fn for every staff and contact row changed after rev (0: all),
 * and for every erased one.  *max_rev receives the highest rev seen. */
int db_directory_scan(struct db *db, long long after_rev, time_t now,
                      void (*fn)(void *ctx, const struct db_dir_row *row),
                      void *ctx, long long *max_rev);

/* ---- calls ---- */
struct call {
	long long id;
	time_t at;
	long long contact_id;      /* 0: unknown caller */
	char *caller_name, *caller_company; /* from the contact, on read */
	char *number, *number_typed;
	long long wanted_id;       /* 0: nobody in particular */
	char *wanted_login, *wanted_name, *wanted_department;
	long long taken_by_id;     /* staff id of who took it, 0 if none */
	char *taken_login;         /* Unix login of who took it */
	char *outcome;             /* connected, unreached, message */
	char *subject, *message;
	int urgent, complaint;
	long long callback_id;     /* 0: none */
};
void db_call_clear(struct call *c);
void db_call_free_list(struct call *list, size_t n);
int db_call_insert(struct db *db, const struct call *c, long long *id);
int db_call_set_callback(struct db *db, long long call_id, long long cb_id);
struct db_call_filter {
	time_t since, until;       /* 0: open */
	long long wanted_id;       /* 0: anyone */
	const char *outcome;       /* NULL: any */
	long long contact_id;      /* 0: any */
	const char *number;        /* NULL: any */
	size_t limit;              /* 0: no limit */
};
int db_call_list(struct db *db, const struct db_call_filter *f,
                 struct call **out, size_t *n);
/* Every call of one caller, newest first: the contact's, with the calls
 * from its numbers that have no contact (logged before it was one); with
 * contact_id 0, every call from number.  Neither: none. */
int db_call_list_caller(struct db *db, long long contact_id, const char *number,
                        struct call **out, size_t *n);

/* ---- callbacks ---- */
struct callback {
	long long id;
	long long call_id;         /* the first call */
	long long contact_id;
	char *caller_name, *caller_company;
	char *number;
	long long assignee_id;
	char *assignee_login, *assignee_name;
	time_t created, due, closed;
	int priority;              /* 0 normal, 1 urgent */
	char *status;              /* open, done, cancelled, will-call-again */
	char *subject, *message;
	int calls;                 /* times this caller called about it */
	int attempts;
	time_t last_call;
	int escalated; /* 0 own, 1 deputy, 2 supervisor (set by core/queue.c) */
};
void db_callback_clear(struct callback *c);
void db_callback_free_list(struct callback *list, size_t n);
int db_callback_insert(struct db *db, const struct callback *c, long long *id);
int db_callback_by_id(struct db *db, long long id, struct callback *out);
/* The open callback for this caller (contact, or number when contact is 0)
 * assigned to assignee_id. */
int db_callback_find_open(struct db *db, long long contact_id,
                          const char *number, long long assignee_id,
                          struct callback *out);
/* A further call about an open callback: calls += 1, urgency raised. */
int db_callback_touch(struct db *db, long long id, time_t at, int urgent);
/* Change status only if it is still `expect` (so two people racing: one wins);
 * returns 1 changed, 0 not (someone else changed it), -1 error. */
int db_callback_set_status(struct db *db, long long id, const char *expect,
                           const char *status, time_t now);
int db_callback_set_due(struct db *db, long long id, time_t due);
int db_callback_reassign(struct db *db, long long id, long long to_id,
                         const char *by_login, time_t now);
struct db_callback_filter {
	long long assignee_id;     /* 0: everyone */
	int open_only;
	size_t limit;
};
/* Open first, overdue first, then by due time, then urgent first. */
int db_callback_list(struct db *db, const struct db_callback_filter *f,
                     time_t now, struct callback **out, size_t *n);
int db_callback_counts(struct db *db, time_t now, long long *open,
                       long long *overdue);
/* Open callbacks due before `before`, earliest due first; deputy_id
 * nonzero: only those whose assignee has that deputy (not the deputy's own). */
int db_callback_overdue(struct db *db, long long deputy_id, time_t before,
                        struct callback **out, size_t *n);

struct attempt {
	long long id, callback_id;
	time_t at;
	char *by_login;
	char *result;              /* reached, no-answer, busy, voicemail, wrong-number, note */
	char *note;
};
void db_attempt_clear(struct attempt *a);
void db_attempt_free_list(struct attempt *list, size_t n);
int db_attempt_insert(struct db *db, const struct attempt *a, long long *id);
int db_attempt_list(struct db *db, long long callback_id, struct attempt **out,
                    size_t *n);

/* ---- rings (incoming-call events from a phone system) ---- */
struct ring {
	long long id;
	time_t at;
	char *number, *number_typed, *to_ext;
	long long contact_id;
};
void db_ring_clear(struct ring *r);
int db_ring_insert(struct db *db, const struct ring *r, long long *id);
/* The newest ring after id after_id, 1 found. */
int db_ring_latest(struct db *db, long long after_id, struct ring *out);

/* ---- audit trail: ids only, never names or numbers ---- */
/* prev_hash and hash: the hash chain computed in core (core/audit.h); call
 * db_audit_last_hash and db_audit in the same write transaction. */
int db_audit(struct db *db, time_t at, long long uid, const char *action,
             const char *entity, long long entity_id, const char *prev_hash,
             const char *hash);

/* ---- reports (data/report.c) ---- */
/*
 * Rows for the supervisor's figures, the missed-call log and exports, handed
 * one at a time to fn (nothing is collected here: a year of calls streams).
 * Strings in a row are valid only during that call of fn; copy what you
 * keep.  fn returns 0 to go on, nonzero to stop (the reader then returns
 * that value).  Times 0 mean "none".  A "real" attempt is one where someone
 * phoned: reached, no-answer, busy, voicemail, wrong-number.
 */
struct db_report_callback {
	long long id, call_id, assignee_id, wanted_id;
	time_t created, due, closed;
	time_t first_attempt, reached; /* first real attempt, the reached one */
	const char *status;
	int open;                  /* status is "open" */
	int calls, attempts, priority;
	/* export rows only (detail = 1), else NULL */
	const char *caller_name, *company, *number, *assignee_login,
	           *wanted_login, *department, *subject;
};
/* Callbacks created in [since, until) (0: open) with ids in [min_id, max_id]
 * (0: open; a hint that saves a full scan, used by detail rows only: the
 * figures' reader is bounded by the creation times); detail: oldest first, else in
 * no promised order.  Rows without detail (the figures) have only id,
 * assignee_id, created, open, calls, first_attempt, reached, and due when
 * open; no status. */
int db_report_callbacks(struct db *db, time_t since, time_t until, long long min_id,
                        long long max_id, int detail,
                        int (*fn)(void *ctx, const struct db_report_callback *r),
                        void *ctx);

struct db_report_call {
	long long id, contact_id, wanted_id, taken_by_id, callback_id;
	time_t at;
	int urgent, complaint;
	const char *outcome, *caller_name, *company, *number, *wanted_login,
	           *wanted_name, *department, *taken_login, *subject, *message;
	/* the callback: status NULL when none */
	const char *cb_status;
	time_t cb_due;
	int cb_calls;
	int cb_first;              /* this call opened the callback */
	time_t first_attempt, reached; /* real attempts at or after this call */
};
/* Calls in [since, until), oldest first; unreached_only for the missed-call
 * figures.  detail 0 fills only id, at, wanted_id, callback_id, outcome. */
int db_report_calls(struct db *db, time_t since, time_t until, int unreached_only,
                    int detail, int (*fn)(void *ctx, const struct db_report_call *r),
                    void *ctx);

/* Unreached calls in [since, until) (0: open) for the figures: at and
 * callback_id (0: none), in no particular order; with who also wanted_id
 * and the call's id, by time (calls in the same second in any order). */
struct db_report_unreached {
	time_t at;
	long long callback_id, wanted_id, id;
};
int db_report_unreached(struct db *db, time_t since, time_t until, int who,
                        int (*fn)(void *ctx, const struct db_report_unreached *r),
                        void *ctx);

/* The figures of one part of the company, from one pass each, in no
 * particular order.  Callback rows are lean (as db_report_callbacks without
 * detail) plus call_id and wanted_id: the call that opened the callback and
 * whom it was for.
 * department: on_call for every unreached call in [since, until) for
 *   someone in it; right after a call that opened a callback created in the
 *   period, on_callback for that callback.
 * person: on_call for every unreached call in the period for staff_id, then
 *   on_callback for every callback created in the period assigned to them. */
int db_report_department(struct db *db, time_t since, time_t until, const char *department,
                         int (*on_call)(void *ctx, const struct db_report_unreached *r),
                         int (*on_callback)(void *ctx, const struct db_report_callback *r),
                         void *ctx);
int db_report_person(struct db *db, time_t since, time_t until, long long staff_id,
                     int (*on_call)(void *ctx, const struct db_report_unreached *r),
                     int (*on_callback)(void *ctx, const struct db_report_callback *r),
                     void *ctx);

enum db_missed_list {
	DB_MISSED_ALL,
	DB_MISSED_NEVER_CALLED_BACK, /* no callback, or none of its attempts reached */
	DB_MISSED_OVERDUE,           /* callback open and past due at now */
	DB_MISSED_REPEAT,            /* the caller called 2+ times before being reached */
	DB_MISSED_AFTER_HOURS,       /* outside the business hours below */
};
enum db_missed_sort {
	DB_MISSED_SORT_TIME, DB_MISSED_SORT_CALLER, DB_MISSED_SORT_WANTED,
	DB_MISSED_SORT_DEPARTMENT, DB_MISSED_SORT_TAKEN_BY, DB_MISSED_SORT_STATUS,
	DB_MISSED_SORT_TO_CALLBACK,
};
struct db_missed_filter {
	time_t since, until;       /* 0: open */
	time_t now;                /* for "overdue" */
	long long wanted_id;       /* 0: anyone */
	const char *department;    /* NULL: any */
	const char *status;        /* none, open, overdue, done, cancelled, will-call-again */
	long long contact_id;      /* 0: any */
	const char *number;        /* E.164, NULL: any */
	const char *name_like;     /* LIKE pattern on caller name or company (ESCAPE '\') */
	enum db_missed_list list;
	int open_min, close_min;   /* business hours, minutes after local midnight */
	unsigned days;             /* business days: bit 0 Sunday .. bit 6 Saturday */
	enum db_missed_sort sort;
	int descending;
	size_t limit, offset;      /* limit 0: no limit */
	time_t after_at;           /* keyset (time, newest first): rows before */
	long long after_id;        /* (after_at, after_id); after_at 0: from the top */
};
int db_missed_list(struct db *db, const struct db_missed_filter *f,
                   int (*fn)(void *ctx, const struct db_report_call *r), void *ctx);

struct db_report_contact {
	long long id;
	time_t created;
	const char *name, *company, *email, *note;
	const char *numbers;       /* E.164 numbers separated by ' ' */
};
/* Contacts created in [since, until), oldest first. */
int db_report_contacts(struct db *db, time_t since, time_t until,
                       int (*fn)(void *ctx, const struct db_report_contact *r),
                       void *ctx);

/* A consistent view across several report queries: a read transaction,
 * held only while one report is computed.  Inside a write transaction
 * both do nothing. */
int db_report_snapshot_begin(struct db *db);
void db_report_snapshot_end(struct db *db);

/* ---- backup, checks and the audit chain (data/upkeep.c) ---- */
/*
 * Copy the open database into a new file at path with SQLite's online
 * backup: one consistent snapshot, taken while others go on writing.  Never
 * overwrites: an existing path is refused.  The copy is a plain (rollback
 * journal) SQLite file, checked with quick_check and synced before 0 is
 * returned; on failure nothing is left at path and err says why.
 */
int db_backup(struct db *db, const char *path, char *err, size_t errn);
/* integrity_check and foreign_key_check: 0 intact, 1 damaged (the first
 * problem in *problem, malloc'd), -1 error (db_errmsg). */
int db_check(struct db *db, char **problem);
/* The hash of the newest audit row: 1 found (*out malloc'd, NULL for a row
 * written before the chain existed), 0 no rows, -1 error. */
int db_audit_last_hash(struct db *db, char **out);
struct db_audit_row {
	long long id, uid, entity_id;  /* entity_id 0: none */
	time_t at;
	const char *action, *entity;
	const char *prev_hash, *hash;  /* NULL: written before the chain */
};
/* Every audit row, oldest first; strings valid only during fn.  fn returns
 * 0 to go on, nonzero to stop (returned). */
int db_audit_scan(struct db *db, int (*fn)(void *ctx, const struct db_audit_row *r),
                  void *ctx);

/* ---- privacy: access, erasure, retention (data/privacy.c) ---- */
/*
 * A caller's rows are those naming the contact, and those naming no
 * contact that came from one of its numbers; a number another contact
 * shares does not make that contact's rows the caller's.
 */
struct db_number {
	char *e164, *typed;        /* typed: as entered, NULL when not kept */
};
void db_privacy_numbers_free(struct db_number *list, size_t n);
void db_ring_free_list(struct ring *list, size_t n);
/* Everything about one contact, oldest first. */
int db_privacy_numbers(struct db *db, long long contact_id, struct db_number **out,
                       size_t *n);
int db_privacy_calls(struct db *db, long long contact_id, struct call **out, size_t *n);
int db_privacy_callbacks(struct db *db, long long contact_id, struct callback **out,
                         size_t *n);
int db_privacy_rings(struct db *db, long long contact_id, struct ring **out, size_t *n);

struct db_forget_counts {
	long long contacts, numbers, calls, callbacks, cancelled, attempt_notes, rings;
};
/*
 * Erase a contact inside a write transaction: open callbacks cancelled;
 * calls and callbacks kept for the figures but without contact, number,
 * subject and message; attempt notes cleared; rings, numbers and the
 * contact row deleted.  A contact that does not exist changes nothing
 * (all counts 0).
 */
int db_contact_forget(struct db *db, long long contact_id, time_t now,
                      struct db_forget_counts *out);
/* The erasure table: ids only. */
int db_erasure_insert(struct db *db, long long contact_id, time_t at, long long uid);
/* 1 an erasure of contact_id is recorded, 0 not, -1 error. */
int db_erasure_find(struct db *db, long long contact_id);
/* 1 the contact exists (*created filled), 0 not, -1 error. */
int db_contact_created(struct db *db, long long contact_id, time_t *created);

struct db_purge_counts {
	long long calls, callbacks, attempt_notes, rings;
};
/* Retention, inside a write transaction: callbacks closed before `before`
 * and calls taken before it (whose callback, if any, closed before it)
 * lose contact, number, subject and message; their attempt notes are
 * cleared; rings before it are deleted.  Counts only rows that still held
 * something, so a second run counts nothing. */
int db_purge(struct db *db, time_t before, struct db_purge_counts *out);

#endif
