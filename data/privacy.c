/* privacy: what the store holds about one caller, erasure and retention */
#include "data/db.h"
#include "data/internal.h"
#include "core/util.h"
#include "core/i18n.h"

#include <stdlib.h>
#include <string.h>

/*
 * Whose rows are whose.  A call, callback or ring belongs to a contact when
 * it names the contact, or when it names no contact and came from one of the
 * contact's numbers (logged before the caller became a contact).  A number
 * that another contact shares does not make that contact's rows ours.
 */
#define OWN_NUMBER(t) \
	"(" t ".contact_id IS NULL AND " t ".number IN" \
	" (SELECT e164 FROM contact_phone WHERE contact_id = ?1))"
#define OWNED(t) "(" t ".contact_id = ?1 OR " OWN_NUMBER(t) ")"

/* ---- reading everything about one contact ---- */

void db_privacy_numbers_free(struct db_number *list, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(list[i].e164);
		free(list[i].typed);
	}
	free(list);
}

static void number_row(sqlite3_stmt *st, void *p)
{
	struct db_number *r = p;
	r->e164 = dbi_col_text(st, 0);
	r->typed = dbi_col_text(st, 1);
}

int db_privacy_numbers(struct db *db, long long contact_id, struct db_number **out,
                       size_t *n)
{
	static const char sql[] =
		"SELECT e164, typed FROM contact_phone WHERE contact_id = ? ORDER BY id";
	sqlite3_stmt *st = dbi_prep(db, sql);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, contact_id);
	int rc = DBI_COLLECT(db, st, out, n, number_row, _("cannot read phone numbers"));
	if (rc != 0)
		db_privacy_numbers_free(*out, *n);
	return rc;
}

int db_privacy_calls(struct db *db, long long contact_id, struct call **out, size_t *n)
{
	static const char sql[] =
		"SELECT " CALL_ROW_COLS "WHERE " OWNED("k") " ORDER BY k.at, k.id";
	sqlite3_stmt *st = dbi_prep(db, sql);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, contact_id);
	int rc = DBI_COLLECT(db, st, out, n, dbi_call_row, _("cannot read the calls"));
	if (rc != 0)
		db_call_free_list(*out, *n);
	return rc;
}

int db_privacy_callbacks(struct db *db, long long contact_id, struct callback **out,
                         size_t *n)
{
	static const char sql[] =
		"SELECT " CALLBACK_COLS "WHERE " OWNED("b") " ORDER BY b.created, b.id";
	sqlite3_stmt *st = dbi_prep(db, sql);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, contact_id);
	int rc = DBI_COLLECT(db, st, out, n, dbi_callback_row, _("cannot read the callbacks"));
	if (rc != 0)
		db_callback_free_list(*out, *n);
	return rc;
}

void db_ring_free_list(struct ring *list, size_t n)
{
	for (size_t i = 0; i < n; i++)
		db_ring_clear(&list[i]);
	free(list);
}

int db_privacy_rings(struct db *db, long long contact_id, struct ring **out, size_t *n)
{
	static const char sql[] =
		"SELECT r.id, r.at, r.number, r.number_typed, r.to_ext, r.contact_id FROM ring r"
		" WHERE " OWNED("r") " ORDER BY r.at, r.id";
	sqlite3_stmt *st = dbi_prep(db, sql);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, contact_id);
	int rc = DBI_COLLECT(db, st, out, n, dbi_ring_row, _("cannot read the incoming calls"));
	if (rc != 0)
		db_ring_free_list(*out, *n);
	return rc;
}

/* ---- erasure ---- */

/* One statement of a list; *count += rows it changed.  0 or -1. */
static int run_counted(struct db *db, const char *sql, long long contact_id, time_t now,
                       long long *count, const char *what)
{
	sqlite3_stmt *st = dbi_prep(db, sql);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, contact_id);
	if (sqlite3_bind_parameter_count(st) >= 2)
		sqlite3_bind_int64(st, 2, (sqlite3_int64)now);
	if (dbi_step_done(db, st, what) != 0)
		return -1;
	if (count)
		*count += sqlite3_changes(db->h);
	return 0;
}

int db_contact_forget(struct db *db, long long contact_id, time_t now,
                      struct db_forget_counts *out)
{
	/* Order matters: every statement that finds rows by the contact's
	 * numbers runs before the numbers go with the contact row. */
	static const char cancel_sql[] =
		"UPDATE callback SET status = 'cancelled', closed = ?2"
		" WHERE status = 'open' AND " OWNED("callback");
	static const char attempts_sql[] =
		"UPDATE attempt SET note = NULL WHERE note IS NOT NULL AND callback_id IN"
		" (SELECT b.id FROM callback b WHERE " OWNED("b") ")";
	static const char callbacks_sql[] =
		"UPDATE callback SET contact_id = NULL, number = NULL, subject = NULL, message = NULL"
		" WHERE " OWNED("callback");
	static const char calls_sql[] =
		"UPDATE call SET contact_id = NULL, number = NULL, number_typed = NULL,"
		" subject = NULL, message = NULL WHERE " OWNED("call");
	static const char rings_sql[] = "DELETE FROM ring WHERE " OWNED("ring");
	static const char numbers_sql[] = "DELETE FROM contact_phone WHERE contact_id = ?1";
	static const char contact_sql[] = "DELETE FROM contact WHERE id = ?1";
	const char *what = _("cannot erase the contact");
	struct db_forget_counts c;
	memset(&c, 0, sizeof c);
	if (run_counted(db, cancel_sql, contact_id, now, &c.cancelled, what) != 0 ||
	    run_counted(db, attempts_sql, contact_id, now, &c.attempt_notes, what) != 0 ||
	    run_counted(db, callbacks_sql, contact_id, now, &c.callbacks, what) != 0 ||
	    run_counted(db, calls_sql, contact_id, now, &c.calls, what) != 0 ||
	    run_counted(db, rings_sql, contact_id, now, &c.rings, what) != 0 ||
	    run_counted(db, numbers_sql, contact_id, now, &c.numbers, what) != 0 ||
	    run_counted(db, contact_sql, contact_id, now, &c.contacts, what) != 0)
		return -1;
	if (out)
		*out = c;
	return 0;
}

int db_erasure_insert(struct db *db, long long contact_id, time_t at, long long uid)
{
	static const char sql[] = "INSERT INTO erasure(contact_id, at, uid) VALUES (?, ?, ?)";
	sqlite3_stmt *st = dbi_prep(db, sql);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, contact_id);
	sqlite3_bind_int64(st, 2, (sqlite3_int64)at);
	sqlite3_bind_int64(st, 3, uid);
	return dbi_step_done(db, st, _("cannot record the erasure"));
}

int db_erasure_find(struct db *db, long long contact_id)
{
	static const char sql[] = "SELECT 1 FROM erasure WHERE contact_id = ? LIMIT 1";
	sqlite3_stmt *st = dbi_prep(db, sql);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, contact_id);
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc == SQLITE_ROW)
		return 1;
	if (rc == SQLITE_DONE)
		return 0;
	dbi_set_err(db, _("cannot read the erasures"));
	return -1;
}

int db_contact_created(struct db *db, long long contact_id, time_t *created)
{
	static const char sql[] = "SELECT created FROM contact WHERE id = ?";
	sqlite3_stmt *st = dbi_prep(db, sql);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, contact_id);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW && created)
		*created = (time_t)sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	if (rc == SQLITE_ROW)
		return 1;
	if (rc == SQLITE_DONE)
		return 0;
	dbi_set_err(db, _("cannot read contacts"));
	return -1;
}

/* ---- retention ---- */

int db_purge(struct db *db, time_t before, struct db_purge_counts *out)
{
	/* A callback is over when it was closed; a call when it was taken,
	 * or when the callback it belongs to was closed.  Only rows still
	 * holding something are counted, so a second run reports nothing. */
#define CLOSED_CB "SELECT id FROM callback WHERE status <> 'open' AND closed < ?1"
	static const char attempts_sql[] =
		"UPDATE attempt SET note = NULL WHERE note IS NOT NULL"
		" AND callback_id IN (" CLOSED_CB ")";
	static const char callbacks_sql[] =
		"UPDATE callback SET contact_id = NULL, number = NULL, subject = NULL, message = NULL"
		" WHERE status <> 'open' AND closed < ?1 AND (contact_id IS NOT NULL"
		" OR number IS NOT NULL OR subject IS NOT NULL OR message IS NOT NULL)";
	static const char calls_sql[] =
		"UPDATE call SET contact_id = NULL, number = NULL, number_typed = NULL,"
		" subject = NULL, message = NULL"
		" WHERE at < ?1 AND (callback_id IS NULL OR callback_id IN (" CLOSED_CB "))"
		" AND (contact_id IS NOT NULL OR number IS NOT NULL OR number_typed IS NOT NULL"
		" OR subject IS NOT NULL OR message IS NOT NULL)";
	static const char rings_sql[] = "DELETE FROM ring WHERE at < ?1";
#undef CLOSED_CB
	const char *what = _("cannot purge old records");
	struct db_purge_counts c;
	memset(&c, 0, sizeof c);
	/* the callbacks' attempts first: they are found by closed callbacks,
	 * which stay closed, so the order is only for readability */
	if (run_counted(db, attempts_sql, (long long)before, 0, &c.attempt_notes, what) != 0 ||
	    run_counted(db, callbacks_sql, (long long)before, 0, &c.callbacks, what) != 0 ||
	    run_counted(db, calls_sql, (long long)before, 0, &c.calls, what) != 0 ||
	    run_counted(db, rings_sql, (long long)before, 0, &c.rings, what) != 0)
		return -1;
	if (out)
		*out = c;
	return 0;
}
