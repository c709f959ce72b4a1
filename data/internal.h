/*
 * internal: what the data/ modules share with each other (never included
 * outside data/): the connection struct and statement helpers.
 */
#ifndef FRONTDESK_DATA_INTERNAL_H
#define FRONTDESK_DATA_INTERNAL_H

#include <sqlite3.h>
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

#endif
