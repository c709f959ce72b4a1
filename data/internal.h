/*
 * internal: what the data/ modules share with each other (never included
 * outside data/): the connection struct and statement helpers.
 */
#ifndef FRONTDESK_DATA_INTERNAL_H
#define FRONTDESK_DATA_INTERNAL_H

#include <sqlite3.h>
#include <stddef.h>
#include <time.h>

#define STMT_CACHE 96

struct db {
	sqlite3 *h;
	char *path;
	int lock_fd;               /* advisory write lock, -1 for :memory: */
	int in_tx;
	int busy;
	long long own_commits;
	int wal_frames;            /* in the WAL after our last commit */
	char err[512];
	struct {
		const char *sql;       /* string literal: compared by address */
		sqlite3_stmt *st;
	} cache[STMT_CACHE];
	int n_cache;
};


void dbi_set_err(struct db *db, const char *what);
/* A cached prepared statement for a string literal (compared by address),
 * reset and unbound; NULL on error. */
sqlite3_stmt *dbi_prep(struct db *db, const char *sql);
void dbi_bind_text(sqlite3_stmt *st, int i, const char *s);
void dbi_bind_id(sqlite3_stmt *st, int i, long long id);
void dbi_bind_time(sqlite3_stmt *st, int i, time_t t);
char *dbi_col_text(sqlite3_stmt *st, int i);
int dbi_step_done(struct db *db, sqlite3_stmt *st, const char *what);

/* Reads the current row of a statement into *row (a struct of the reader's
 * type, which it clears first). */
typedef void dbi_row_fn(sqlite3_stmt *st, void *row);

/* Step a bound statement to the end, appending one row per step to a growing
 * array of elements of size bytes; reset.  0, or -1 with the error set (*out
 * then holds the rows read so far). */
int dbi_collect(struct db *db, sqlite3_stmt *st, void **out, size_t *n, size_t size,
                dbi_row_fn *rowfn, const char *what);
#define DBI_COLLECT(db, st, out, n, rowfn, what) \
	dbi_collect((db), (st), (void **)(out), (n), sizeof **(out), (rowfn), (what))

/* Step a bound statement once: 1 with the row read into out, 0 when there is
 * none, -1 with the error set; reset. */
int dbi_one(struct db *db, sqlite3_stmt *st, dbi_row_fn *rowfn, void *out,
            const char *what);
/* a row of one text column, into a char * */
void dbi_text_row(sqlite3_stmt *st, void *out);

/* The readers of calls, callbacks, attempts and rings (data/calls.c), and
 * the columns they read, in their order: "SELECT " ..._COLS "WHERE ..." */
#define CALL_ROW_COLS \
	"k.id, k.at, k.contact_id, c.name, c.company, k.number, k.number_typed," \
	" k.wanted_id, w.login, w.name, w.department, k.taken_by_id, k.taken_login," \
	" k.outcome, k.subject, k.message, k.urgent, k.complaint, k.callback_id" \
	" FROM call k LEFT JOIN contact c ON c.id = k.contact_id" \
	" LEFT JOIN staff w ON w.id = k.wanted_id "
void dbi_call_row(sqlite3_stmt *st, void *call);

#define CALLBACK_COLS \
	"b.id, b.call_id, b.contact_id, c.name, c.company, b.number, b.assignee_id," \
	" s.login, s.name, b.created, b.due, b.closed, b.priority, b.status, b.subject," \
	" b.message, b.calls," \
	" (SELECT count(*) FROM attempt a WHERE a.callback_id = b.id AND a.result NOT IN ('note'))," \
	" b.last_call" \
	" FROM callback b LEFT JOIN contact c ON c.id = b.contact_id" \
	" JOIN staff s ON s.id = b.assignee_id "
void dbi_callback_row(sqlite3_stmt *st, void *callback);

/* id, callback_id, at, by_login, result, note */
void dbi_attempt_row(sqlite3_stmt *st, void *attempt);
/* id, at, number, number_typed, to_ext, contact_id */
void dbi_ring_row(sqlite3_stmt *st, void *ring);

#endif
