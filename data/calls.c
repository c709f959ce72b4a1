/* calls, callbacks, attempts, rings and the audit trail */
#include "data/db.h"
#include "data/internal.h"
#include "core/util.h"
#include "core/i18n.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- calls ---- */

void db_call_clear(struct call *c)
{
	free(c->caller_name); free(c->caller_company);
	free(c->number); free(c->number_typed);
	free(c->wanted_login); free(c->wanted_name); free(c->wanted_department);
	free(c->taken_login); free(c->outcome); free(c->subject); free(c->message);
	memset(c, 0, sizeof *c);
}

void db_call_free_list(struct call *list, size_t n)
{
	for (size_t i = 0; i < n; i++)
		db_call_clear(&list[i]);
	free(list);
}

int db_call_insert(struct db *db, const struct call *c, long long *id)
{
	static const char sql[] =
		"INSERT INTO call(at, contact_id, number, number_typed, wanted_id, taken_by_id,"
		" taken_login, outcome, subject, message, urgent, complaint, callback_id)"
		" VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
	sqlite3_stmt *st = dbi_prep(db, sql);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, (sqlite3_int64)c->at);
	dbi_bind_id(st, 2, c->contact_id);
	dbi_bind_text(st, 3, c->number);
	dbi_bind_text(st, 4, c->number_typed);
	dbi_bind_id(st, 5, c->wanted_id);
	dbi_bind_id(st, 6, c->taken_by_id);
	dbi_bind_text(st, 7, c->taken_login);
	dbi_bind_text(st, 8, c->outcome);
	dbi_bind_text(st, 9, c->subject);
	dbi_bind_text(st, 10, c->message);
	sqlite3_bind_int(st, 11, c->urgent != 0);
	sqlite3_bind_int(st, 12, c->complaint != 0);
	dbi_bind_id(st, 13, c->callback_id);
	if (dbi_step_done(db, st, _("cannot log the call")) != 0)
		return -1;
	if (id)
		*id = sqlite3_last_insert_rowid(db->h);
	return 0;
}

int db_call_set_callback(struct db *db, long long call_id, long long cb_id)
{
	static const char sql[] = "UPDATE call SET callback_id = ? WHERE id = ?";
	sqlite3_stmt *st = dbi_prep(db, sql);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, cb_id);
	sqlite3_bind_int64(st, 2, call_id);
	return dbi_step_done(db, st, _("cannot link the call to its callback"));
}

void dbi_call_row(sqlite3_stmt *st, void *row)
{
	struct call *c = row;
	memset(c, 0, sizeof *c);
	c->id = sqlite3_column_int64(st, 0);
	c->at = (time_t)sqlite3_column_int64(st, 1);
	c->contact_id = sqlite3_column_int64(st, 2);
	c->caller_name = dbi_col_text(st, 3);
	c->caller_company = dbi_col_text(st, 4);
	c->number = dbi_col_text(st, 5);
	c->number_typed = dbi_col_text(st, 6);
	c->wanted_id = sqlite3_column_int64(st, 7);
	c->wanted_login = dbi_col_text(st, 8);
	c->wanted_name = dbi_col_text(st, 9);
	c->wanted_department = dbi_col_text(st, 10);
	c->taken_by_id = sqlite3_column_int64(st, 11);
	c->taken_login = dbi_col_text(st, 12);
	c->outcome = dbi_col_text(st, 13);
	c->subject = dbi_col_text(st, 14);
	c->message = dbi_col_text(st, 15);
	c->urgent = sqlite3_column_int(st, 16);
	c->complaint = sqlite3_column_int(st, 17);
	c->callback_id = sqlite3_column_int64(st, 18);
}

int db_call_list(struct db *db, const struct db_call_filter *f,
                 struct call **out, size_t *n)
{
	/* One statement for every filter: a NULL parameter means "any". */
	static const char sql[] =
		"SELECT " CALL_ROW_COLS
		"WHERE (?1 IS NULL OR k.at >= ?1) AND (?2 IS NULL OR k.at < ?2)"
		" AND (?3 IS NULL OR k.wanted_id = ?3) AND (?4 IS NULL OR k.outcome = ?4)"
		" AND (?5 IS NULL OR k.contact_id = ?5) AND (?6 IS NULL OR k.number = ?6)"
		" ORDER BY k.at DESC, k.id DESC LIMIT ?7";
	sqlite3_stmt *st = dbi_prep(db, sql);
	if (!st)
		return -1;
	dbi_bind_time(st, 1, f->since);
	dbi_bind_time(st, 2, f->until);
	dbi_bind_id(st, 3, f->wanted_id);
	dbi_bind_text(st, 4, f->outcome);
	dbi_bind_id(st, 5, f->contact_id);
	dbi_bind_text(st, 6, f->number);
	sqlite3_bind_int64(st, 7, f->limit ? (sqlite3_int64)f->limit : -1);
	return DBI_COLLECT(db, st, out, n, dbi_call_row, _("cannot read the call log"));
}

int db_call_list_caller(struct db *db, long long contact_id, const char *number,
                        struct call **out, size_t *n)
{
	/* also the calls from the contact's numbers that were logged before it
	 * was a contact ("+": the number's index, not the contact's, for those) */
	static const char by_contact[] =
		"SELECT " CALL_ROW_COLS
		"WHERE k.contact_id = ?1 OR (+k.contact_id IS NULL AND k.number IN"
		"  (SELECT p.e164 FROM contact_phone p WHERE p.contact_id = ?1))"
		" ORDER BY k.at DESC, k.id DESC";
	static const char by_number[] =
		"SELECT " CALL_ROW_COLS "WHERE k.number = ?1 ORDER BY k.at DESC, k.id DESC";
	*out = NULL;
	*n = 0;
	if (!contact_id && !number)
		return 0;
	sqlite3_stmt *st = dbi_prep(db, contact_id ? by_contact : by_number);
	if (!st)
		return -1;
	if (contact_id)
		sqlite3_bind_int64(st, 1, contact_id);
	else
		dbi_bind_text(st, 1, number);
	return DBI_COLLECT(db, st, out, n, dbi_call_row, _("cannot read the call log"));
}

/* ---- callbacks ---- */

void db_callback_clear(struct callback *c)
{
	free(c->caller_name); free(c->caller_company); free(c->number);
	free(c->assignee_login); free(c->assignee_name); free(c->status);
	free(c->subject); free(c->message);
	memset(c, 0, sizeof *c);
}

void db_callback_free_list(struct callback *list, size_t n)
{
	for (size_t i = 0; i < n; i++)
		db_callback_clear(&list[i]);
	free(list);
}

int db_callback_insert(struct db *db, const struct callback *c, long long *id)
{
	static const char sql[] =
		"INSERT INTO callback(call_id, contact_id, number, assignee_id, created, due,"
		" priority, status, subject, message, calls, last_call)"
		" VALUES (?, ?, ?, ?, ?, ?, ?, 'open', ?, ?, 1, ?)";
	sqlite3_stmt *st = dbi_prep(db, sql);
	if (!st)
		return -1;
	dbi_bind_id(st, 1, c->call_id);
	dbi_bind_id(st, 2, c->contact_id);
	dbi_bind_text(st, 3, c->number);
	sqlite3_bind_int64(st, 4, c->assignee_id);
	sqlite3_bind_int64(st, 5, (sqlite3_int64)c->created);
	sqlite3_bind_int64(st, 6, (sqlite3_int64)c->due);
	sqlite3_bind_int(st, 7, c->priority);
	dbi_bind_text(st, 8, c->subject);
	dbi_bind_text(st, 9, c->message);
	sqlite3_bind_int64(st, 10, (sqlite3_int64)c->created);
	if (dbi_step_done(db, st, _("cannot schedule the callback")) != 0)
		return -1;
	if (id)
		*id = sqlite3_last_insert_rowid(db->h);
	return 0;
}

void dbi_callback_row(sqlite3_stmt *st, void *row)
{
	struct callback *c = row;
	memset(c, 0, sizeof *c);
	c->id = sqlite3_column_int64(st, 0);
	c->call_id = sqlite3_column_int64(st, 1);
	c->contact_id = sqlite3_column_int64(st, 2);
	c->caller_name = dbi_col_text(st, 3);
	c->caller_company = dbi_col_text(st, 4);
	c->number = dbi_col_text(st, 5);
	c->assignee_id = sqlite3_column_int64(st, 6);
	c->assignee_login = dbi_col_text(st, 7);
	c->assignee_name = dbi_col_text(st, 8);
	c->created = (time_t)sqlite3_column_int64(st, 9);
	c->due = (time_t)sqlite3_column_int64(st, 10);
	c->closed = (time_t)sqlite3_column_int64(st, 11);
	c->priority = sqlite3_column_int(st, 12);
	c->status = dbi_col_text(st, 13);
	c->subject = dbi_col_text(st, 14);
	c->message = dbi_col_text(st, 15);
	c->calls = sqlite3_column_int(st, 16);
	c->attempts = sqlite3_column_int(st, 17);
	c->last_call = (time_t)sqlite3_column_int64(st, 18);
}

static int callback_one(struct db *db, sqlite3_stmt *st, struct callback *out)
{
	return dbi_one(db, st, dbi_callback_row, out, _("cannot read callbacks"));
}

int db_callback_by_id(struct db *db, long long id, struct callback *out)
{
	static const char sql[] = "SELECT " CALLBACK_COLS "WHERE b.id = ?";
	sqlite3_stmt *st = dbi_prep(db, sql);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	return callback_one(db, st, out);
}

int db_callback_find_open(struct db *db, long long contact_id,
                          const char *number, long long assignee_id,
                          struct callback *out)
{
	static const char sql[] =
		"SELECT " CALLBACK_COLS
		"WHERE b.status = 'open' AND b.assignee_id = ?1"
		" AND ((?2 IS NOT NULL AND b.contact_id = ?2)"
		"   OR (?2 IS NULL AND ?3 IS NOT NULL AND b.number = ?3))"
		" ORDER BY b.id LIMIT 1";
	sqlite3_stmt *st = dbi_prep(db, sql);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, assignee_id);
	dbi_bind_id(st, 2, contact_id);
	dbi_bind_text(st, 3, number);
	return callback_one(db, st, out);
}

int db_callback_touch(struct db *db, long long id, time_t at, int urgent)
{
	static const char sql[] =
		"UPDATE callback SET calls = calls + 1, last_call = ?,"
		" priority = max(priority, ?) WHERE id = ?";
	sqlite3_stmt *st = dbi_prep(db, sql);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, (sqlite3_int64)at);
	sqlite3_bind_int(st, 2, urgent ? 1 : 0);
	sqlite3_bind_int64(st, 3, id);
	return dbi_step_done(db, st, _("cannot update the callback"));
}

int db_callback_set_status(struct db *db, long long id, const char *expect,
                           const char *status, time_t now)
{
	static const char sql[] =
		"UPDATE callback SET status = ?1,"
		" closed = CASE WHEN ?1 = 'open' THEN NULL ELSE ?2 END"
		" WHERE id = ?3 AND status = ?4";
	sqlite3_stmt *st = dbi_prep(db, sql);
	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, status, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(st, 2, (sqlite3_int64)now);
	sqlite3_bind_int64(st, 3, id);
	sqlite3_bind_text(st, 4, expect, -1, SQLITE_TRANSIENT);
	if (dbi_step_done(db, st, _("cannot update the callback")) != 0)
		return -1;
	return sqlite3_changes(db->h) > 0;
}

int db_callback_set_due(struct db *db, long long id, time_t due)
{
	static const char sql[] = "UPDATE callback SET due = ? WHERE id = ?";
	sqlite3_stmt *st = dbi_prep(db, sql);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, (sqlite3_int64)due);
	sqlite3_bind_int64(st, 2, id);
	return dbi_step_done(db, st, _("cannot reschedule the callback"));
}

int db_callback_reassign(struct db *db, long long id, long long to_id,
                         const char *by_login, time_t now)
{
	static const char log_sql[] =
		"INSERT INTO reassignment(callback_id, at, from_id, to_id, by_login)"
		" SELECT id, ?, assignee_id, ?, ? FROM callback WHERE id = ?";
	static const char sql[] = "UPDATE callback SET assignee_id = ? WHERE id = ?";
	sqlite3_stmt *st = dbi_prep(db, log_sql);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, (sqlite3_int64)now);
	sqlite3_bind_int64(st, 2, to_id);
	dbi_bind_text(st, 3, by_login);
	sqlite3_bind_int64(st, 4, id);
	if (dbi_step_done(db, st, _("cannot record the reassignment")) != 0)
		return -1;
	st = dbi_prep(db, sql);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, to_id);
	sqlite3_bind_int64(st, 2, id);
	return dbi_step_done(db, st, _("cannot reassign the callback"));
}

int db_callback_list(struct db *db, const struct db_callback_filter *f,
                     time_t now, struct callback **out, size_t *n)
{
	static const char sql[] =
		"SELECT " CALLBACK_COLS
		"WHERE (?1 IS NULL OR b.assignee_id = ?1) AND (?2 = 0 OR b.status = 'open')"
		" ORDER BY b.status <> 'open', (b.status = 'open' AND b.due < ?3) DESC,"
		" b.due, b.priority DESC, b.id LIMIT ?4";
	sqlite3_stmt *st = dbi_prep(db, sql);
	if (!st)
		return -1;
	dbi_bind_id(st, 1, f->assignee_id);
	sqlite3_bind_int(st, 2, f->open_only != 0);
	sqlite3_bind_int64(st, 3, (sqlite3_int64)now);
	sqlite3_bind_int64(st, 4, f->limit ? (sqlite3_int64)f->limit : -1);
	return DBI_COLLECT(db, st, out, n, dbi_callback_row, _("cannot read the callback queue"));
}

int db_callback_overdue(struct db *db, long long deputy_id, time_t before,
                        struct callback **out, size_t *n)
{
	static const char sql[] =
		"SELECT " CALLBACK_COLS
		"WHERE b.status = 'open' AND b.due < ?2"
		" AND (?1 IS NULL OR (s.deputy_id = ?1 AND b.assignee_id <> ?1))"
		" ORDER BY b.due, b.priority DESC, b.id";
	sqlite3_stmt *st = dbi_prep(db, sql);
	if (!st)
		return -1;
	dbi_bind_id(st, 1, deputy_id);
	sqlite3_bind_int64(st, 2, (sqlite3_int64)before);
	return DBI_COLLECT(db, st, out, n, dbi_callback_row, _("cannot read overdue callbacks"));
}

int db_callback_counts(struct db *db, time_t now, long long *open,
                       long long *overdue)
{
	static const char sql[] =
		"SELECT count(*), coalesce(sum(due < ?), 0) FROM callback WHERE status = 'open'";
	sqlite3_stmt *st = dbi_prep(db, sql);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, (sqlite3_int64)now);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*open = sqlite3_column_int64(st, 0);
		*overdue = sqlite3_column_int64(st, 1);
	}
	sqlite3_reset(st);
	if (rc != SQLITE_ROW) {
		dbi_set_err(db, _("cannot count callbacks"));
		return -1;
	}
	return 0;
}

/* ---- attempts ---- */

void db_attempt_clear(struct attempt *a)
{
	free(a->by_login); free(a->result); free(a->note);
	memset(a, 0, sizeof *a);
}

void db_attempt_free_list(struct attempt *list, size_t n)
{
	for (size_t i = 0; i < n; i++)
		db_attempt_clear(&list[i]);
	free(list);
}

int db_attempt_insert(struct db *db, const struct attempt *a, long long *id)
{
	static const char sql[] =
		"INSERT INTO attempt(callback_id, at, by_login, result, note) VALUES (?, ?, ?, ?, ?)";
	sqlite3_stmt *st = dbi_prep(db, sql);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, a->callback_id);
	sqlite3_bind_int64(st, 2, (sqlite3_int64)a->at);
	dbi_bind_text(st, 3, a->by_login);
	dbi_bind_text(st, 4, a->result);
	dbi_bind_text(st, 5, a->note);
	if (dbi_step_done(db, st, _("cannot log the attempt")) != 0)
		return -1;
	if (id)
		*id = sqlite3_last_insert_rowid(db->h);
	return 0;
}

void dbi_attempt_row(sqlite3_stmt *st, void *row)
{
	struct attempt *a = row;
	memset(a, 0, sizeof *a);
	a->id = sqlite3_column_int64(st, 0);
	a->callback_id = sqlite3_column_int64(st, 1);
	a->at = (time_t)sqlite3_column_int64(st, 2);
	a->by_login = dbi_col_text(st, 3);
	a->result = dbi_col_text(st, 4);
	a->note = dbi_col_text(st, 5);
}

int db_attempt_list(struct db *db, long long callback_id, struct attempt **out,
                    size_t *n)
{
	static const char sql[] =
		"SELECT id, callback_id, at, by_login, result, note FROM attempt"
		" WHERE callback_id = ? ORDER BY at, id";
	sqlite3_stmt *st = dbi_prep(db, sql);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, callback_id);
	return DBI_COLLECT(db, st, out, n, dbi_attempt_row, _("cannot read attempts"));
}

/* ---- rings ---- */

void db_ring_clear(struct ring *r)
{
	free(r->number); free(r->number_typed); free(r->to_ext);
	memset(r, 0, sizeof *r);
}

void dbi_ring_row(sqlite3_stmt *st, void *row)
{
	struct ring *r = row;
	memset(r, 0, sizeof *r);
	r->id = sqlite3_column_int64(st, 0);
	r->at = (time_t)sqlite3_column_int64(st, 1);
	r->number = dbi_col_text(st, 2);
	r->number_typed = dbi_col_text(st, 3);
	r->to_ext = dbi_col_text(st, 4);
	r->contact_id = sqlite3_column_int64(st, 5);
}

int db_ring_insert(struct db *db, const struct ring *r, long long *id)
{
	static const char sql[] =
		"INSERT INTO ring(at, number, number_typed, to_ext, contact_id) VALUES (?, ?, ?, ?, ?)";
	sqlite3_stmt *st = dbi_prep(db, sql);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, (sqlite3_int64)r->at);
	dbi_bind_text(st, 2, r->number);
	dbi_bind_text(st, 3, r->number_typed);
	dbi_bind_text(st, 4, r->to_ext);
	dbi_bind_id(st, 5, r->contact_id);
	if (dbi_step_done(db, st, _("cannot record the incoming call")) != 0)
		return -1;
	if (id)
		*id = sqlite3_last_insert_rowid(db->h);
	return 0;
}

int db_ring_latest(struct db *db, long long after_id, struct ring *out)
{
	static const char sql[] =
		"SELECT id, at, number, number_typed, to_ext, contact_id FROM ring"
		" WHERE id > ? ORDER BY id DESC LIMIT 1";
	sqlite3_stmt *st = dbi_prep(db, sql);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, after_id);
	return dbi_one(db, st, dbi_ring_row, out, _("cannot read incoming calls"));
}

/* ---- audit ---- */

int db_audit(struct db *db, time_t at, long long uid, const char *action,
             const char *entity, long long entity_id, const char *prev_hash,
             const char *hash)
{
	static const char sql[] =
		"INSERT INTO audit(at, uid, action, entity, entity_id, prev_hash, hash)"
		" VALUES (?, ?, ?, ?, ?, ?, ?)";
	sqlite3_stmt *st = dbi_prep(db, sql);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, (sqlite3_int64)at);
	sqlite3_bind_int64(st, 2, uid);
	sqlite3_bind_text(st, 3, action, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, entity, -1, SQLITE_STATIC);
	dbi_bind_id(st, 5, entity_id);
	sqlite3_bind_text(st, 6, prev_hash ? prev_hash : "", -1, SQLITE_STATIC);
	dbi_bind_text(st, 7, hash);
	return dbi_step_done(db, st, _("cannot write the audit trail"));
}
