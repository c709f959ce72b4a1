/* upkeep: online backup, integrity checks and reading the audit chain */
#include "data/db.h"
#include "data/internal.h"
#include "core/util.h"
#include "core/i18n.h"

#include <errno.h>
#include <fcntl.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* fsync the directory holding path, so a new file's name is durable too. */
static void sync_dir(const char *path)
{
	char *dir = xstrdup(path);
	char *slash = strrchr(dir, '/');
	if (!slash)
		strcpy(dir, ".");
	else if (slash == dir)
		dir[1] = '\0';
	else
		*slash = '\0';
	int fd = open(dir, O_RDONLY | O_CLOEXEC);
	if (fd >= 0) {
		fsync(fd);
		close(fd);
	}
	free(dir);
}

static int exists(const char *path)
{
	struct stat sb;
	return lstat(path, &sb) == 0;
}

int db_backup(struct db *db, const char *path, char *err, size_t errn)
{
	sqlite3 *dst = NULL;
	sqlite3_backup *b = NULL;
	sqlite3_stmt *st = NULL;
	char *journal, *wal;
	int created = 0, ret = -1, rc, fd;

	if (!path || !*path) {
		snprintf(err, errn, _("give a file name for the backup"));
		return -1;
	}
	journal = xasprintf("%s-journal", path);
	wal = xasprintf("%s-wal", path);
	/* a stale journal beside the new file would be rolled into it */
	if (exists(journal) || exists(wal)) {
		snprintf(err, errn, _("%s exists; remove it or choose another name for the backup"),
		         exists(journal) ? journal : wal);
		goto out;
	}
	/* O_EXCL: never overwrite, even when two backups race for the name */
	fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd < 0) {
		if (errno == EEXIST)
			snprintf(err, errn, _("%s exists already; a backup never overwrites a file, "
			         "so give a new name"), path);
		else
			snprintf(err, errn, _("cannot create %s: %s"), path, strerror(errno));
		goto out;
	}
	close(fd);
	created = 1;

	if (sqlite3_open_v2(path, &dst, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK) {
		snprintf(err, errn, _("cannot open %s: %s"), path, dst ? sqlite3_errmsg(dst) : _("out of memory"));
		goto out;
	}
	sqlite3_extended_result_codes(dst, 1);
	b = sqlite3_backup_init(dst, "main", db->h, "main");
	if (!b) {
		snprintf(err, errn, _("cannot start the backup: %s"), sqlite3_errmsg(dst));
		goto out;
	}
	/* all pages in one step: one read transaction, one snapshot; in WAL
	 * mode it does not hold up writers */
	for (int tries = 0;; tries++) {
		rc = sqlite3_backup_step(b, -1);
		if (rc == SQLITE_DONE)
			break;
		if ((rc == SQLITE_BUSY || rc == SQLITE_LOCKED) && tries < 50) {
			sqlite3_sleep(100);
			continue;
		}
		break;
	}
	sqlite3_backup_finish(b);
	b = NULL;
	if (rc != SQLITE_DONE) {
		if (rc == SQLITE_FULL || rc == SQLITE_IOERR_WRITE || (rc & 0xff) == SQLITE_IOERR)
			snprintf(err, errn, _("cannot write %s: %s; free some space or choose another place"),
			         path, sqlite3_errstr(rc));
		else if ((rc & 0xff) == SQLITE_BUSY || (rc & 0xff) == SQLITE_LOCKED)
			snprintf(err, errn, _("the database is busy; try the backup again in a moment"));
		else if ((rc & 0xff) == SQLITE_CORRUPT || (rc & 0xff) == SQLITE_NOTADB)
			snprintf(err, errn, _("the database file is damaged; it cannot be backed up as it is"));
		else
			snprintf(err, errn, _("the backup failed: %s"), sqlite3_errstr(rc));
		goto out;
	}
	/* a standalone file: no -wal beside it, whatever the source's mode */
	if (sqlite3_exec(dst, "PRAGMA journal_mode = DELETE", NULL, NULL, NULL) != SQLITE_OK) {
		snprintf(err, errn, _("cannot finish %s: %s"), path, sqlite3_errmsg(dst));
		goto out;
	}
	if (sqlite3_prepare_v2(dst, "PRAGMA quick_check", -1, &st, NULL) != SQLITE_OK ||
	    sqlite3_step(st) != SQLITE_ROW) {
		snprintf(err, errn, _("cannot check %s: %s"), path, sqlite3_errmsg(dst));
		goto out;
	}
	const char *res = (const char *)sqlite3_column_text(st, 0);
	if (!res || strcmp(res, "ok") != 0) {
		snprintf(err, errn, _("the copy in %s does not check out (%s); the database may be damaged"),
		         path, res ? res : "?");
		goto out;
	}
	sqlite3_finalize(st);
	st = NULL;
	if (sqlite3_close(dst) != SQLITE_OK) {
		snprintf(err, errn, _("cannot close %s"), path);
		dst = NULL;
		goto out;
	}
	dst = NULL;
	sync_dir(path);
	ret = 0;
out:
	sqlite3_finalize(st);
	if (b)
		sqlite3_backup_finish(b);
	if (dst)
		sqlite3_close(dst);
	if (ret != 0 && created) {
		unlink(path);
		unlink(journal);
	}
	free(journal);
	free(wal);
	return ret;
}

int db_check(struct db *db, char **problem)
{
	sqlite3_stmt *st = NULL;
	int ret = -1, rc;
	*problem = NULL;
	if (sqlite3_prepare_v2(db->h, "PRAGMA integrity_check(1)", -1, &st, NULL) != SQLITE_OK)
		goto fail;
	rc = sqlite3_step(st);
	if (rc != SQLITE_ROW)
		goto corrupt_or_fail;
	const char *r = (const char *)sqlite3_column_text(st, 0);
	if (r && strcmp(r, "ok") != 0) {
		*problem = xasprintf(_("the file is damaged: %s"), r);
		/* integrity_check reports "*** in database main ***\nPage 3: ..." */
		for (char *p = *problem; *p; p++)
			if (*p == '\n')
				*p = ' ';
		ret = 1;
		goto out;
	}
	sqlite3_finalize(st);
	st = NULL;
	if (sqlite3_prepare_v2(db->h, "PRAGMA foreign_key_check", -1, &st, NULL) != SQLITE_OK)
		goto fail;
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*problem = xasprintf(_("row %lld of table %s refers to a missing row of %s"),
		                     (long long)sqlite3_column_int64(st, 1),
		                     (const char *)sqlite3_column_text(st, 0),
		                     (const char *)sqlite3_column_text(st, 2));
		ret = 1;
		goto out;
	}
	if (rc != SQLITE_DONE)
		goto corrupt_or_fail;
	ret = 0;
	goto out;
corrupt_or_fail:
	if ((sqlite3_errcode(db->h) & 0xff) == SQLITE_CORRUPT ||
	    (sqlite3_errcode(db->h) & 0xff) == SQLITE_NOTADB) {
		*problem = xasprintf(_("the file is damaged: %s"), sqlite3_errmsg(db->h));
		ret = 1;
		goto out;
	}
fail:
	dbi_set_err(db, _("cannot check the database"));
out:
	sqlite3_finalize(st);
	return ret;
}

int db_audit_last_hash(struct db *db, char **out)
{
	static const char sql[] = "SELECT hash FROM audit ORDER BY id DESC LIMIT 1";
	sqlite3_stmt *st = dbi_prep(db, sql);
	*out = NULL;
	if (!st)
		return -1;
	return dbi_one(db, st, dbi_text_row, out, _("cannot read the audit trail"));
}

int db_audit_scan(struct db *db, int (*fn)(void *ctx, const struct db_audit_row *r),
                  void *ctx)
{
	static const char sql[] =
		"SELECT id, at, uid, action, entity, entity_id, prev_hash, hash FROM audit ORDER BY id";
	sqlite3_stmt *st = dbi_prep(db, sql);
	if (!st)
		return -1;
	int rc, stop = 0;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct db_audit_row r;
		r.id = sqlite3_column_int64(st, 0);
		r.at = (time_t)sqlite3_column_int64(st, 1);
		r.uid = sqlite3_column_int64(st, 2);
		r.action = (const char *)sqlite3_column_text(st, 3);
		r.entity = (const char *)sqlite3_column_text(st, 4);
		r.entity_id = sqlite3_column_int64(st, 5);
		r.prev_hash = (const char *)sqlite3_column_text(st, 6);
		r.hash = (const char *)sqlite3_column_text(st, 7);
		if (!r.action)
			r.action = "";
		if (!r.entity)
			r.entity = "";
		stop = fn(ctx, &r);
		if (stop)
			break;
	}
	sqlite3_reset(st);
	if (!stop && rc != SQLITE_DONE) {
		dbi_set_err(db, _("cannot read the audit trail"));
		return -1;
	}
	return stop;
}
