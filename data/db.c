#include "data/db.h"
#include "data/schema.h"
#include "data/internal.h"
#include "core/util.h"
#include "core/i18n.h"

#include <errno.h>
#include <fcntl.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <signal.h>
#include <sys/file.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/stat.h>
#include <unistd.h>

/* The file size limit in bytes (ulimit -f), 0 when there is none.  A write
 * beyond it fails with EFBIG, which SQLite reports only as an I/O error. */
static long long file_size_limited(void)
{
	struct rlimit rl;
	if (getrlimit(RLIMIT_FSIZE, &rl) != 0 || rl.rlim_cur == RLIM_INFINITY)
		return 0;
	return (long long)rl.rlim_cur;
}

void dbi_set_err(struct db *db, const char *what)
{
	int rc = sqlite3_extended_errcode(db->h);
	db->busy = (rc & 0xff) == SQLITE_BUSY || (rc & 0xff) == SQLITE_LOCKED;
	if ((rc & 0xff) == SQLITE_FULL)
		snprintf(db->err, sizeof db->err,
		         _("%s: the disk is full; free some space and try again"), what);
	else if ((rc & 0xff) == SQLITE_IOERR && file_size_limited())
		snprintf(db->err, sizeof db->err,
		         _("%s: the file size limit (ulimit -f, %lld KiB) keeps the database from growing; "
		         "raise the limit and try again"), what, file_size_limited() / 1024);
	else if ((rc & 0xff) == SQLITE_READONLY)
		snprintf(db->err, sizeof db->err,
		         _("%s: the database is read-only for you; check the file's permissions"), what);
	else if (db->busy)
		snprintf(db->err, sizeof db->err,
		         _("%s: the database is busy; try again in a moment"), what);
	else if ((rc & 0xff) == SQLITE_CORRUPT || (rc & 0xff) == SQLITE_NOTADB)
		snprintf(db->err, sizeof db->err,
		         _("%s: the database file is damaged; restore it from a backup"), what);
	else
		snprintf(db->err, sizeof db->err, "%s: %s", what, sqlite3_errmsg(db->h));
}

const char *db_errmsg(const struct db *db)
{
	return db->err;
}

int db_last_busy(const struct db *db)
{
	return db->busy;
}

int db_last_constraint(const struct db *db)
{
	return sqlite3_extended_errcode(db->h) == SQLITE_CONSTRAINT_UNIQUE;
}

/* A cached prepared statement for a string literal, reset and unbound. */
sqlite3_stmt *dbi_prep(struct db *db, const char *sql)
{
	for (int i = 0; i < db->n_cache; i++)
		if (db->cache[i].sql == sql) {
			sqlite3_reset(db->cache[i].st);
			sqlite3_clear_bindings(db->cache[i].st);
			return db->cache[i].st;
		}
	sqlite3_stmt *st = NULL;
	if (sqlite3_prepare_v3(db->h, sql, -1, SQLITE_PREPARE_PERSISTENT, &st, NULL) != SQLITE_OK) {
		dbi_set_err(db, _("cannot prepare a query"));
		return NULL;
	}
	if (db->n_cache < STMT_CACHE) {
		db->cache[db->n_cache].sql = sql;
		db->cache[db->n_cache].st = st;
		db->n_cache++;
	} else {
		abort(); /* a programming error: raise STMT_CACHE */
	}
	return st;
}

void dbi_bind_text(sqlite3_stmt *st, int i, const char *s)
{
	if (s && *s)
		sqlite3_bind_text(st, i, s, -1, SQLITE_TRANSIENT);
	else
		sqlite3_bind_null(st, i);
}

void dbi_bind_id(sqlite3_stmt *st, int i, long long id)
{
	if (id > 0)
		sqlite3_bind_int64(st, i, id);
	else
		sqlite3_bind_null(st, i);
}

void dbi_bind_time(sqlite3_stmt *st, int i, time_t t)
{
	if (t)
		sqlite3_bind_int64(st, i, (sqlite3_int64)t);
	else
		sqlite3_bind_null(st, i);
}

char *dbi_col_text(sqlite3_stmt *st, int i)
{
	const unsigned char *s = sqlite3_column_text(st, i);
	return s ? xstrdup((const char *)s) : NULL;
}

/* Run one statement to completion; 0 or -1. */
int dbi_step_done(struct db *db, sqlite3_stmt *st, const char *what)
{
	int rc = sqlite3_step(st);
	if (rc != SQLITE_DONE && rc != SQLITE_ROW) {
		dbi_set_err(db, what);
		sqlite3_reset(st);
		return -1;
	}
	sqlite3_reset(st);
	return 0;
}

int dbi_collect(struct db *db, sqlite3_stmt *st, void **out, size_t *n, size_t size,
                dbi_row_fn *rowfn, const char *what)
{
	size_t cap = 0;
	int rc;
	*out = NULL;
	*n = 0;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (*n == cap) {
			cap = cap ? cap * 2 : 16;
			*out = xrealloc(*out, cap * size);
		}
		rowfn(st, (char *)*out + *n * size);
		(*n)++;
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		dbi_set_err(db, what);
		return -1;
	}
	return 0;
}

int dbi_one(struct db *db, sqlite3_stmt *st, dbi_row_fn *rowfn, void *out,
            const char *what)
{
	int rc = sqlite3_step(st), ret;
	if (rc == SQLITE_ROW) {
		rowfn(st, out);
		ret = 1;
	} else if (rc == SQLITE_DONE) {
		ret = 0;
	} else {
		dbi_set_err(db, what);
		ret = -1;
	}
	sqlite3_reset(st);
	return ret;
}

void dbi_text_row(sqlite3_stmt *st, void *out)
{
	*(char **)out = dbi_col_text(st, 0);
}

static int exec(struct db *db, const char *sql, const char *what)
{
	char *msg = NULL;
	if (sqlite3_exec(db->h, sql, NULL, NULL, &msg) != SQLITE_OK) {
		dbi_set_err(db, what);
		sqlite3_free(msg);
		return -1;
	}
	return 0;
}

static long long pragma_int(struct db *db, const char *sql)
{
	sqlite3_stmt *st = NULL;
	long long v = -1;
	if (sqlite3_prepare_v2(db->h, sql, -1, &st, NULL) == SQLITE_OK &&
	    sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return v;
}

/* ---- the write lock ---- */

/* Checkpoint when the WAL holds this many frames (SQLite's default). */
#define CKPT_FRAMES 1000

/* Called after each commit with the frames now in the WAL. */
static int wal_frames_hook(void *ctx, sqlite3 *h, const char *name, int frames)
{
	(void)h;
	(void)name;
	((struct db *)ctx)->wal_frames = frames;
	return SQLITE_OK;
}

/* As long as SQLite's busy timeout: a writer stopped or hung while holding
 * the lock must not stop everyone else for ever. */
#define LOCK_WAIT_SECONDS 10

static volatile sig_atomic_t lock_timed_out;

static void lock_alarm(int sig)
{
	(void)sig;
	lock_timed_out = 1;
}

static int lock_acquire(struct db *db)
{
	struct sigaction sa, old_sa;
	struct itimerval it, old_it, off;
	int rc, e;

	if (db->lock_fd < 0)
		return 0;
	if (flock(db->lock_fd, LOCK_EX | LOCK_NB) == 0)
		return 0;
	if (errno != EWOULDBLOCK && errno != EINTR) {
		e = errno;
		goto fail;
	}
	/* Wait in the kernel's queue (woken the moment the lock is free),
	 * interrupted by a timer: no SA_RESTART, so flock returns EINTR.  The
	 * timer repeats in case it fires just before flock blocks again. */
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = lock_alarm;
	sigemptyset(&sa.sa_mask);
	memset(&it, 0, sizeof it);
	it.it_value.tv_sec = LOCK_WAIT_SECONDS;
	it.it_interval.tv_usec = 200000;
	memset(&off, 0, sizeof off);
	lock_timed_out = 0;
	sigaction(SIGALRM, &sa, &old_sa);
	setitimer(ITIMER_REAL, &it, &old_it);
	while ((rc = flock(db->lock_fd, LOCK_EX)) != 0 && errno == EINTR && !lock_timed_out)
		;
	e = errno;
	setitimer(ITIMER_REAL, &off, NULL);
	sigaction(SIGALRM, &old_sa, NULL);
	if (rc == 0)
		return 0;
	if (lock_timed_out) {
		db->busy = 1;
		snprintf(db->err, sizeof db->err,
		         _("the database is busy: another process has held %s-lock for %d seconds; "
		         "try again in a moment"), db->path, LOCK_WAIT_SECONDS);
		return -1;
	}
fail:
	db->busy = 0;
	snprintf(db->err, sizeof db->err, _("cannot lock %s-lock: %s"), db->path, strerror(e));
	return -1;
}

static void lock_release(struct db *db)
{
	if (db->lock_fd >= 0)
		flock(db->lock_fd, LOCK_UN);
}

/* The write transaction, the lock taken. */
static int begin_locked(struct db *db)
{
	if (exec(db, "BEGIN IMMEDIATE", _("cannot start writing")) != 0) {
		lock_release(db);
		return -1;
	}
	db->in_tx = 1;
	return 0;
}

int db_begin_nowait(struct db *db)
{
	if (db->in_tx)
		return 1;
	if (db->lock_fd >= 0 && flock(db->lock_fd, LOCK_EX | LOCK_NB) != 0)
		return 1;
	return begin_locked(db);
}

int db_begin(struct db *db)
{
	if (db->in_tx) {
		snprintf(db->err, sizeof db->err, _("internal error: nested transaction"));
		return -1;
	}
	if (lock_acquire(db) != 0)
		return -1;
	return begin_locked(db);
}

int db_commit(struct db *db)
{
	if (!db->in_tx)
		return 0;
	if (exec(db, "COMMIT", _("cannot save")) != 0) {
		/* a failed COMMIT may leave the transaction open: end it */
		if (!sqlite3_get_autocommit(db->h))
			sqlite3_exec(db->h, "ROLLBACK", NULL, NULL, NULL);
		db->in_tx = 0;
		lock_release(db);
		return -1;
	}
	db->in_tx = 0;
	db->own_commits++;
	/* Checkpoints run only here, under the write lock, so no two
	 * connections ever write or checkpoint the WAL at the same moment.
	 * Counted in WAL frames (wal_hook), not in this connection's commits:
	 * most processes commit once and exit. */
	if (db->wal_frames >= CKPT_FRAMES) {
		db->wal_frames = 0;
		sqlite3_wal_checkpoint_v2(db->h, NULL, SQLITE_CHECKPOINT_PASSIVE, NULL, NULL);
	}
	lock_release(db);
	return 0;
}

void db_rollback(struct db *db)
{
	if (!db->in_tx)
		return;
	if (!sqlite3_get_autocommit(db->h))
		sqlite3_exec(db->h, "ROLLBACK", NULL, NULL, NULL);
	db->in_tx = 0;
	lock_release(db);
}

int db_checkpoint_truncate(struct db *db)
{
	int rc;
	if (db->lock_fd < 0)
		return 0; /* in memory: no files */
	if (db->in_tx) {
		snprintf(db->err, sizeof db->err, _("internal error: checkpoint inside a transaction"));
		return -1;
	}
	if (lock_acquire(db) != 0)
		return -1;
	/* TRUNCATE waits (busy handler) for readers of old frames to finish */
	rc = sqlite3_wal_checkpoint_v2(db->h, NULL, SQLITE_CHECKPOINT_TRUNCATE, NULL, NULL);
	if (rc == SQLITE_OK)
		db->wal_frames = 0;
	else if (rc != SQLITE_BUSY)
		dbi_set_err(db, _("cannot copy the write-ahead log into the database"));
	lock_release(db);
	return rc == SQLITE_OK ? 0 : rc == SQLITE_BUSY ? 1 : -1;
}

long long db_change_counter(struct db *db)
{
	static const char sql[] = "PRAGMA data_version";
	sqlite3_stmt *st = dbi_prep(db, sql);
	long long v = -1;
	if (st && sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int64(st, 0);
	if (st)
		sqlite3_reset(st);
	return v * 1000000 + db->own_commits;
}

/* ---- open and migrate ---- */

/* Is this our file, and one this program can read?  Runs before anything
 * is written (the switch to WAL included): a foreign or newer file is
 * refused untouched. */
static int check_identity(struct db *db, char *err, size_t errn)
{
	/* one statement, one snapshot: a process creating the database at the
	 * same moment must not be seen half-way (tables, but no id yet) */
	long long ver = -1, app = -1, tables = -1;
	sqlite3_stmt *st = NULL;
	if (sqlite3_prepare_v2(db->h,
	                       "SELECT (SELECT user_version FROM pragma_user_version),"
	                       " (SELECT application_id FROM pragma_application_id),"
	                       " (SELECT count(*) FROM sqlite_schema)", -1, &st, NULL) == SQLITE_OK &&
	    sqlite3_step(st) == SQLITE_ROW) {
		ver = sqlite3_column_int64(st, 0);
		app = sqlite3_column_int64(st, 1);
		tables = sqlite3_column_int64(st, 2);
	}
	sqlite3_finalize(st);
	if (ver < 0 || app < 0) {
		snprintf(err, errn, _("%s is not a frontdesk database (%s)"), db->path,
		         sqlite3_errmsg(db->h));
		return -1;
	}
	if (ver == 0 && app == 0) {
		/* empty or foreign: foreign files have tables */
		if (tables != 0) {
			snprintf(err, errn, _("%s is not a frontdesk database; give the right file with --db"), db->path);
			return -1;
		}
	} else if (app != DB_APPLICATION_ID) {
		snprintf(err, errn, _("%s is not a frontdesk database; give the right file with --db"), db->path);
		return -1;
	}
	if (ver > DB_SCHEMA_VERSION) {
		snprintf(err, errn,
		         _("%s was written by a newer frontdesk (schema %lld, this program knows %d); "
		         "upgrade frontdesk"), db->path, ver, DB_SCHEMA_VERSION);
		return -1;
	}
	return 0;
}

static int migrate(struct db *db, char *err, size_t errn)
{
	long long ver = pragma_int(db, "PRAGMA user_version");
	if (check_identity(db, err, errn) != 0)
		return -1;
	for (int v = (int)ver; v < db_n_migrations; v++) {
		if (db_begin(db) != 0)
			goto fail;
		/* another process may have upgraded it while we waited for the lock */
		long long cur = pragma_int(db, "PRAGMA user_version");
		if (cur > v) {
			db_rollback(db);
			if (check_identity(db, err, errn) != 0)
				return -1;
			v = (int)cur - 1;
			continue;
		}
		if (exec(db, db_migrations[v], _("cannot upgrade the database")) != 0) {
			db_rollback(db);
			goto fail;
		}
		char sql[96];
		snprintf(sql, sizeof sql, "PRAGMA user_version = %d; PRAGMA application_id = %d",
		         v + 1, DB_APPLICATION_ID);
		if (exec(db, sql, _("cannot upgrade the database")) != 0) {
			db_rollback(db);
			goto fail;
		}
		if (db_commit(db) != 0)
			goto fail;
	}
	return 0;
fail:
	snprintf(err, errn, "%s", db->err);
	return -1;
}

int db_open(const char *path, enum db_open_mode mode, struct db **out,
            char *err, size_t errn)
{
	struct db *db = xcalloc(1, sizeof *db);
	db->lock_fd = -1;
	db->path = xstrdup(mode == DB_OPEN_MEMORY ? ":memory:" : path);
	int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX;
	struct stat sb;

	if (mode != DB_OPEN_MEMORY) {
		if (stat(path, &sb) != 0) {
			if (errno != ENOENT || mode != DB_OPEN_CREATE) {
				snprintf(err, errn, _("cannot open %s: %s%s"), path, strerror(errno),
				         errno == ENOENT ? _("; check --db, or run 'frontdesk init' to make a new database") : "");
				goto fail_early;
			}
			flags |= SQLITE_OPEN_CREATE;
		} else if (!S_ISREG(sb.st_mode)) {
			snprintf(err, errn, _("%s is not a regular file; give a database file with --db"), path);
			goto fail_early;
		} else if (access(path, R_OK) != 0) {
			snprintf(err, errn, _("cannot read %s: %s; ask the administrator for access"), path, strerror(errno));
			goto fail_early;
		}
	}
	if (sqlite3_open_v2(mode == DB_OPEN_MEMORY ? ":memory:" : path, &db->h, flags, NULL) != SQLITE_OK) {
		snprintf(err, errn, _("cannot open %s: %s"), path, db->h ? sqlite3_errmsg(db->h) : _("out of memory"));
		goto fail;
	}
	sqlite3_extended_result_codes(db->h, 1);
	sqlite3_busy_timeout(db->h, 10000);
	/* Checkpoints are ours (db_commit), never on close, and no mmap:
	 * see the WAL-reset note in frontdesk(1). */
	sqlite3_db_config(db->h, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, NULL);
	sqlite3_db_config(db->h, SQLITE_DBCONFIG_DEFENSIVE, 1, NULL);
	if (exec(db, "PRAGMA foreign_keys = ON; PRAGMA mmap_size = 0; "
	             "PRAGMA secure_delete = ON; PRAGMA trusted_schema = OFF", _("cannot set up the database")) != 0)
		goto fail_msg;
	if (mode != DB_OPEN_MEMORY) {
		long long probe = pragma_int(db, "PRAGMA schema_version");
		if (probe < 0) {
			if ((sqlite3_errcode(db->h) & 0xff) == SQLITE_CORRUPT)
				snprintf(err, errn, _("%s is damaged (%s); restore it from a backup, see frontdesk(1)"),
				         path, sqlite3_errmsg(db->h));
			else
				snprintf(err, errn, _("%s is not a frontdesk database (%s); give the right file with --db"),
				         path, sqlite3_errmsg(db->h));
			goto fail;
		}
		if (check_identity(db, err, errn) != 0)
			goto fail;
		/* the write lock only for a file that is ours: a wrong --db
		 * leaves no -lock file behind */
		char *lockpath = xasprintf("%s-lock", path);
		db->lock_fd = open(lockpath, O_RDWR | O_CREAT | O_CLOEXEC, 0660);
		if (db->lock_fd < 0)
			db->lock_fd = open(lockpath, O_RDONLY | O_CLOEXEC);
		if (db->lock_fd < 0) {
			snprintf(err, errn, _("cannot open the lock file %s: %s; the directory must be writable for you"),
			         lockpath, strerror(errno));
			free(lockpath);
			goto fail;
		}
		free(lockpath);
		if (exec(db, "PRAGMA journal_mode = WAL", _("cannot switch to WAL mode")) != 0)
			goto fail_msg;
		if (exec(db, "PRAGMA synchronous = FULL; PRAGMA wal_autocheckpoint = 0",
		         _("cannot set up the database")) != 0)
			goto fail_msg;
		/* after the pragma, which would clear it */
		sqlite3_wal_hook(db->h, wal_frames_hook, db);
	}
	if (migrate(db, err, errn) != 0)
		goto fail;
	*out = db;
	return 0;
fail_msg:
	snprintf(err, errn, "%s", db->err);
fail:
	db_close(&db);
	return -1;
fail_early:
	free(db->path);
	free(db);
	return -1;
}

void db_close(struct db **pdb)
{
	struct db *db = *pdb;
	if (!db)
		return;
	if (db->in_tx)
		db_rollback(db);
	for (int i = 0; i < db->n_cache; i++)
		sqlite3_finalize(db->cache[i].st);
	sqlite3_close(db->h);
	if (db->lock_fd >= 0)
		close(db->lock_fd);
	free(db->path);
	free(db);
	*pdb = NULL;
}

int db_schema_version(struct db *db)
{
	return (int)pragma_int(db, "PRAGMA user_version");
}

int db_meta_get(struct db *db, const char *key, char **out)
{
	static const char sql[] = "SELECT value FROM meta WHERE key = ?";
	sqlite3_stmt *st = dbi_prep(db, sql);
	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
	return dbi_one(db, st, dbi_text_row, out, _("cannot read settings"));
}

int db_meta_set(struct db *db, const char *key, const char *value)
{
	static const char sql[] = "INSERT OR REPLACE INTO meta(key, value) VALUES (?, ?)";
	sqlite3_stmt *st = dbi_prep(db, sql);
	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, value, -1, SQLITE_STATIC);
	return dbi_step_done(db, st, _("cannot save settings"));
}

/* ---- staff ---- */

void db_staff_clear(struct staff *s)
{
	free(s->name); free(s->login); free(s->ext); free(s->phone);
	free(s->email); free(s->department); free(s->role);
	free(s->deputy_name); free(s->deputy_login);
	free(s->presence); free(s->presence_note);
	memset(s, 0, sizeof *s);
}

void db_staff_free_list(struct staff *list, size_t n)
{
	for (size_t i = 0; i < n; i++)
		db_staff_clear(&list[i]);
	free(list);
}

int db_staff_insert(struct db *db, const struct staff *s, long long *id)
{
	static const char sql[] =
		"INSERT INTO staff(name, login, ext, phone, email, department, role, deputy_id)"
		" VALUES (?, ?, ?, ?, ?, ?, ?, ?)";
	sqlite3_stmt *st = dbi_prep(db, sql);
	if (!st)
		return -1;
	dbi_bind_text(st, 1, s->name);
	dbi_bind_text(st, 2, s->login);
	dbi_bind_text(st, 3, s->ext);
	dbi_bind_text(st, 4, s->phone);
	dbi_bind_text(st, 5, s->email);
	dbi_bind_text(st, 6, s->department);
	dbi_bind_text(st, 7, s->role ? s->role : "employee");
	dbi_bind_id(st, 8, s->deputy_id);
	if (sqlite3_step(st) != SQLITE_DONE) {
		if ((sqlite3_extended_errcode(db->h)) == SQLITE_CONSTRAINT_UNIQUE)
			snprintf(db->err, sizeof db->err, _("a staff member with login \"%s\" exists already"), s->login);
		else
			dbi_set_err(db, _("cannot add the staff member"));
		sqlite3_reset(st);
		return -1;
	}
	sqlite3_reset(st);
	if (id)
		*id = sqlite3_last_insert_rowid(db->h);
	return 0;
}

#define STAFF_COLS \
	"s.id, s.name, s.login, s.ext, s.phone, s.email, s.department, s.role," \
	" s.deputy_id, d.name, d.login, s.presence, s.presence_until, s.presence_note," \
	" s.presence_changed, s.rev FROM staff s LEFT JOIN staff d ON d.id = s.deputy_id "

static void staff_row(sqlite3_stmt *st, void *row)
{
	struct staff *s = row;
	memset(s, 0, sizeof *s);
	s->id = sqlite3_column_int64(st, 0);
	s->name = dbi_col_text(st, 1);
	s->login = dbi_col_text(st, 2);
	s->ext = dbi_col_text(st, 3);
	s->phone = dbi_col_text(st, 4);
	s->email = dbi_col_text(st, 5);
	s->department = dbi_col_text(st, 6);
	s->role = dbi_col_text(st, 7);
	s->deputy_id = sqlite3_column_int64(st, 8);
	s->deputy_name = dbi_col_text(st, 9);
	s->deputy_login = dbi_col_text(st, 10);
	s->presence = dbi_col_text(st, 11);
	s->presence_until = (time_t)sqlite3_column_int64(st, 12);
	s->presence_note = dbi_col_text(st, 13);
	s->presence_changed = (time_t)sqlite3_column_int64(st, 14);
	s->rev = sqlite3_column_int64(st, 15);
}

static int staff_one(struct db *db, sqlite3_stmt *st, struct staff *out)
{
	return dbi_one(db, st, staff_row, out, _("cannot read the staff directory"));
}

int db_staff_by_login(struct db *db, const char *login, struct staff *out)
{
	static const char sql[] = "SELECT " STAFF_COLS "WHERE s.login = ?";
	sqlite3_stmt *st = dbi_prep(db, sql);
	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, login, -1, SQLITE_TRANSIENT);
	return staff_one(db, st, out);
}

int db_staff_by_id(struct db *db, long long id, struct staff *out)
{
	static const char sql[] = "SELECT " STAFF_COLS "WHERE s.id = ?";
	sqlite3_stmt *st = dbi_prep(db, sql);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	return staff_one(db, st, out);
}

int db_staff_by_ext(struct db *db, const char *ext, struct staff *out)
{
	static const char sql[] = "SELECT " STAFF_COLS "WHERE s.ext = ? ORDER BY s.id LIMIT 1";
	sqlite3_stmt *st = dbi_prep(db, sql);
	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, ext, -1, SQLITE_TRANSIENT);
	return staff_one(db, st, out);
}

int db_staff_list(struct db *db, struct staff **out, size_t *n)
{
	static const char sql[] = "SELECT " STAFF_COLS "ORDER BY s.name COLLATE NOCASE, s.id";
	sqlite3_stmt *st = dbi_prep(db, sql);
	*out = NULL;
	*n = 0;
	if (!st)
		return -1;
	return DBI_COLLECT(db, st, out, n, staff_row, _("cannot read the staff directory"));
}

static int count(struct db *db, const char *sql, long long *n)
{
	sqlite3_stmt *st = dbi_prep(db, sql);
	if (!st)
		return -1;
	int rc = sqlite3_step(st);
	*n = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
	sqlite3_reset(st);
	if (rc != SQLITE_ROW) {
		dbi_set_err(db, _("cannot count"));
		return -1;
	}
	return 0;
}

int db_staff_count(struct db *db, long long *n)
{
	static const char sql[] = "SELECT count(*) FROM staff";
	return count(db, sql, n);
}

int db_staff_set_presence(struct db *db, long long id, const char *presence,
                          time_t until, const char *note, time_t now)
{
	static const char sql[] =
		"UPDATE staff SET presence = ?, presence_until = ?, presence_note = ?,"
		" presence_changed = ? WHERE id = ?";
	sqlite3_stmt *st = dbi_prep(db, sql);
	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, presence, -1, SQLITE_TRANSIENT);
	dbi_bind_time(st, 2, until);
	dbi_bind_text(st, 3, note);
	sqlite3_bind_int64(st, 4, (sqlite3_int64)now);
	sqlite3_bind_int64(st, 5, id);
	return dbi_step_done(db, st, _("cannot set the presence"));
}

/* ---- contacts ---- */

void db_contact_clear(struct contact *c)
{
	free(c->name); free(c->company); free(c->email); free(c->note);
	for (size_t i = 0; i < c->n_numbers; i++)
		free(c->numbers[i]);
	free(c->numbers);
	memset(c, 0, sizeof *c);
}

int db_contact_insert(struct db *db, const struct contact *c, time_t now,
                      long long *id)
{
	static const char sql[] =
		/* never an erased contact's id again (SQLite would reuse the
		 * highest): erasure records and audit rows name people by id */
		"INSERT INTO contact(id, name, company, email, note, created) VALUES ("
		" max(coalesce((SELECT max(id) FROM contact), 0),"
		"     coalesce((SELECT max(contact_id) FROM erasure), 0)) + 1, ?, ?, ?, ?, ?)";
	sqlite3_stmt *st = dbi_prep(db, sql);
	if (!st)
		return -1;
	dbi_bind_text(st, 1, c->name);
	dbi_bind_text(st, 2, c->company);
	dbi_bind_text(st, 3, c->email);
	dbi_bind_text(st, 4, c->note);
	sqlite3_bind_int64(st, 5, (sqlite3_int64)now);
	if (dbi_step_done(db, st, _("cannot add the contact")) != 0)
		return -1;
	*id = sqlite3_last_insert_rowid(db->h);
	for (size_t i = 0; i < c->n_numbers; i++)
		if (db_contact_add_number(db, *id, c->numbers[i], NULL) != 0)
			return -1;
	return 0;
}

int db_contact_add_number(struct db *db, long long contact_id,
                          const char *e164, const char *typed)
{
	static const char sql[] =
		"INSERT OR IGNORE INTO contact_phone(contact_id, e164, typed) VALUES (?, ?, ?)";
	sqlite3_stmt *st = dbi_prep(db, sql);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, contact_id);
	sqlite3_bind_text(st, 2, e164, -1, SQLITE_TRANSIENT);
	dbi_bind_text(st, 3, typed);
	return dbi_step_done(db, st, _("cannot add the phone number"));
}

static int contact_numbers(struct db *db, struct contact *c)
{
	static const char sql[] = "SELECT e164 FROM contact_phone WHERE contact_id = ? ORDER BY id";
	sqlite3_stmt *st = dbi_prep(db, sql);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, c->id);
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		c->numbers = xrealloc(c->numbers, (c->n_numbers + 1) * sizeof *c->numbers);
		c->numbers[c->n_numbers++] = dbi_col_text(st, 0);
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		dbi_set_err(db, _("cannot read phone numbers"));
		return -1;
	}
	return 0;
}

static void contact_row(sqlite3_stmt *st, void *row)
{
	struct contact *c = row;
	c->id = sqlite3_column_int64(st, 0);
	c->name = dbi_col_text(st, 1);
	c->company = dbi_col_text(st, 2);
	c->email = dbi_col_text(st, 3);
	c->note = dbi_col_text(st, 4);
	c->created = (time_t)sqlite3_column_int64(st, 5);
}

static int contact_one(struct db *db, sqlite3_stmt *st, struct contact *out)
{
	memset(out, 0, sizeof *out);
	int ret = dbi_one(db, st, contact_row, out, _("cannot read contacts"));
	if (ret == 1 && contact_numbers(db, out) != 0) {
		db_contact_clear(out);
		return -1;
	}
	return ret;
}

int db_contact_by_id(struct db *db, long long id, struct contact *out)
{
	static const char sql[] =
		"SELECT id, name, company, email, note, created FROM contact WHERE id = ?";
	sqlite3_stmt *st = dbi_prep(db, sql);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	return contact_one(db, st, out);
}

int db_contact_by_number(struct db *db, const char *e164, struct contact *out)
{
	static const char sql[] =
		"SELECT c.id, c.name, c.company, c.email, c.note, c.created"
		" FROM contact_phone p JOIN contact c ON c.id = p.contact_id"
		" WHERE p.e164 = ?"
		" ORDER BY (SELECT max(at) FROM call WHERE call.contact_id = c.id) DESC, c.id DESC LIMIT 1";
	sqlite3_stmt *st = dbi_prep(db, sql);
	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, e164, -1, SQLITE_TRANSIENT);
	return contact_one(db, st, out);
}

int db_contact_count(struct db *db, long long *n)
{
	static const char sql[] = "SELECT count(*) FROM contact";
	return count(db, sql, n);
}

/* ---- directory scan ---- */

int db_directory_scan(struct db *db, long long after_rev, time_t now,
                      void (*fn)(void *ctx, const struct db_dir_row *row),
                      void *ctx, long long *max_rev)
{
	static const char staff_sql[] =
		"SELECT id, rev, name, department, ext, email, presence, phone"
		" FROM staff WHERE rev > ?";
	static const char contact_sql[] =
		"SELECT c.id, c.rev, c.name, c.company, c.email,"
		" CASE WHEN c.last_call > ? THEN min(c.calls, 50) ELSE 0 END"
		" FROM contact c WHERE c.rev > ? ORDER BY c.id";
	/* the numbers beside, in the same order: one pass, not a lookup per row */
	static const char phone_sql[] =
		"SELECT contact_id, e164 FROM contact_phone"
		" WHERE contact_id IN (SELECT id FROM contact WHERE rev > ?)"
		" ORDER BY contact_id, e164";
	static const char tomb_sql[] = "SELECT kind, id, rev FROM tombstone WHERE rev > ?";
	long long top = after_rev;
	int rc, prc = SQLITE_DONE, own_tx = 0;
	struct db_dir_row r;
	struct sbuf nums = SBUF_INIT;
	sqlite3_stmt *st, *ph = NULL;

	/* one snapshot: a change between two of the statements would
	 * otherwise be skipped for good behind a higher rev of the next */
	if (sqlite3_get_autocommit(db->h)) {
		if (exec(db, "BEGIN", _("cannot read the directory")) != 0)
			return -1;
		own_tx = 1;
	}
	st = dbi_prep(db, staff_sql);
	if (!st)
		goto fail_quiet;
	sqlite3_bind_int64(st, 1, after_rev);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		memset(&r, 0, sizeof r);
		r.is_staff = 1;
		r.id = sqlite3_column_int64(st, 0);
		r.rev = sqlite3_column_int64(st, 1);
		r.name = (const char *)sqlite3_column_text(st, 2);
		r.department = (const char *)sqlite3_column_text(st, 3);
		r.ext = (const char *)sqlite3_column_text(st, 4);
		r.email = (const char *)sqlite3_column_text(st, 5);
		r.presence = (const char *)sqlite3_column_text(st, 6);
		r.numbers = (const char *)sqlite3_column_text(st, 7);
		if (r.rev > top)
			top = r.rev;
		fn(ctx, &r);
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		goto fail;

	st = dbi_prep(db, contact_sql);
	ph = st ? dbi_prep(db, phone_sql) : NULL;
	if (!st || !ph)
		goto fail_quiet;
	sqlite3_bind_int64(st, 1, (sqlite3_int64)(now - 90 * 86400));
	sqlite3_bind_int64(st, 2, after_rev);
	sqlite3_bind_int64(ph, 1, after_rev);
	prc = sqlite3_step(ph);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		memset(&r, 0, sizeof r);
		r.id = sqlite3_column_int64(st, 0);
		r.rev = sqlite3_column_int64(st, 1);
		r.name = (const char *)sqlite3_column_text(st, 2);
		r.company = (const char *)sqlite3_column_text(st, 3);
		r.email = (const char *)sqlite3_column_text(st, 4);
		r.recent_calls = sqlite3_column_int(st, 5);
		nums.len = 0;
		while (prc == SQLITE_ROW && sqlite3_column_int64(ph, 0) <= r.id) {
			const char *e = (const char *)sqlite3_column_text(ph, 1);
			if (sqlite3_column_int64(ph, 0) == r.id && e) {
				if (nums.len)
					sbuf_addc(&nums, ' ');
				sbuf_adds(&nums, e);
			}
			prc = sqlite3_step(ph);
		}
		r.numbers = nums.len ? sbuf_str(&nums) : NULL;
		if (r.rev > top)
			top = r.rev;
		fn(ctx, &r);
	}
	sqlite3_reset(st);
	sqlite3_reset(ph);
	if (rc != SQLITE_DONE || (prc != SQLITE_DONE && prc != SQLITE_ROW))
		goto fail;

	st = dbi_prep(db, tomb_sql);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, after_rev);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		memset(&r, 0, sizeof r);
		r.is_staff = strcmp((const char *)sqlite3_column_text(st, 0), "staff") == 0;
		r.id = sqlite3_column_int64(st, 1);
		r.rev = sqlite3_column_int64(st, 2);
		r.deleted = 1;
		if (r.rev > top)
			top = r.rev;
		fn(ctx, &r);
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		goto fail;
	if (own_tx)
		sqlite3_exec(db->h, "COMMIT", NULL, NULL, NULL);
	sbuf_reset(&nums);
	if (max_rev)
		*max_rev = top;
	return 0;
fail:
	dbi_set_err(db, _("cannot read the directory"));
fail_quiet:
	if (own_tx)
		sqlite3_exec(db->h, "ROLLBACK", NULL, NULL, NULL);
	sbuf_reset(&nums);
	return -1;
}
