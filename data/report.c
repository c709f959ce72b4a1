/* rows for the supervisor's figures, the missed-call log and exports */
#include "data/db.h"
#include "data/internal.h"

#include <stdint.h>
#include <string.h>

/* Attempts where someone actually phoned the caller. */
#define REAL_ATTEMPT "('reached','no-answer','busy','voicemail','wrong-number')"

/* ---- callbacks ---- */

static void callback_cols(sqlite3_stmt *st, struct db_report_callback *r)
{
	memset(r, 0, sizeof *r);
	r->id = sqlite3_column_int64(st, 0);
	r->call_id = sqlite3_column_int64(st, 1);
	r->assignee_id = sqlite3_column_int64(st, 2);
	r->wanted_id = sqlite3_column_int64(st, 3);
	r->created = (time_t)sqlite3_column_int64(st, 4);
	r->due = (time_t)sqlite3_column_int64(st, 5);
	r->closed = (time_t)sqlite3_column_int64(st, 6);
	r->first_attempt = (time_t)sqlite3_column_int64(st, 7);
	r->reached = (time_t)sqlite3_column_int64(st, 8);
	r->status = (const char *)sqlite3_column_text(st, 9);
	r->open = r->status && strcmp(r->status, "open") == 0;
	r->calls = sqlite3_column_int(st, 10);
	r->priority = sqlite3_column_int(st, 11);
	r->attempts = sqlite3_column_int(st, 12);
	r->caller_name = (const char *)sqlite3_column_text(st, 13);
	r->company = (const char *)sqlite3_column_text(st, 14);
	r->number = (const char *)sqlite3_column_text(st, 15);
	r->assignee_login = (const char *)sqlite3_column_text(st, 16);
	r->wanted_login = (const char *)sqlite3_column_text(st, 17);
	r->department = (const char *)sqlite3_column_text(st, 18);
	r->subject = (const char *)sqlite3_column_text(st, 19);
}

#define CB_LEAN_COLS \
	"b.id, b.call_id, b.assignee_id, k.wanted_id, b.created, b.due, b.closed," \
	" (SELECT min(a.at) FROM attempt a WHERE a.callback_id = b.id AND a.result IN " REAL_ATTEMPT ")," \
	" (SELECT min(a.at) FROM attempt a WHERE a.callback_id = b.id AND a.result = 'reached')," \
	" b.status, b.calls, b.priority"

/* An open end of a period is the whole range: keeps the index usable. */
static void bind_period(sqlite3_stmt *st, time_t since, time_t until)
{
	sqlite3_bind_int64(st, 1, since ? (sqlite3_int64)since : INT64_MIN);
	sqlite3_bind_int64(st, 2, until ? (sqlite3_int64)until : INT64_MAX);
}

/* After a row loop (rc: the last step, stop: what the callback returned):
 * resets st; stop, or -1 with the error set when reading failed. */
static int scan_end(struct db *db, sqlite3_stmt *st, int rc, int stop, const char *what)
{
	if (!stop && rc != SQLITE_DONE) {
		dbi_set_err(db, what);
		stop = -1;
	}
	sqlite3_reset(st);
	return stop;
}

/* An unreached call: at, callback_id, wanted_id, id from column first on. */
static void unreached_cols(sqlite3_stmt *st, int first, struct db_report_unreached *k)
{
	k->at = (time_t)sqlite3_column_int64(st, first);
	k->callback_id = sqlite3_column_int64(st, first + 1);
	k->wanted_id = sqlite3_column_int64(st, first + 2);
	k->id = sqlite3_column_int64(st, first + 3);
}

/* The figures' callback columns, first..first+7: id, created, calls,
 * status, due, assignee_id, first_at, reached_at.  Other fields of r are
 * left as they are (zeroed once by the caller, not per row). */
static void lean_cols(sqlite3_stmt *st, int first, struct db_report_callback *r)
{
	r->id = sqlite3_column_int64(st, first);
	r->created = (time_t)sqlite3_column_int64(st, first + 1);
	r->calls = sqlite3_column_int(st, first + 2);
	const char *status = (const char *)sqlite3_column_text(st, first + 3);
	r->open = status && strcmp(status, "open") == 0;
	r->due = r->open ? (time_t)sqlite3_column_int64(st, first + 4) : 0;
	r->assignee_id = sqlite3_column_int64(st, first + 5);
	r->first_attempt = (time_t)sqlite3_column_int64(st, first + 6);
	r->reached = (time_t)sqlite3_column_int64(st, first + 7);
}

/* The figures: callbacks only, from the covering callback_report index in
 * creation order; the first real attempt and the first "reached" are kept
 * on the callback by triggers (schema 4), so no attempt is read here.  The
 * created range alone bounds the scan on that index: testing the id hint
 * as well cost a tenth of a year's report. */
static int callbacks_lean(struct db *db, time_t since, time_t until,
                          int (*fn)(void *ctx, const struct db_report_callback *r), void *ctx)
{
	static const char cbs[] =
		"SELECT b.id, b.created, b.calls, b.status, b.due, b.assignee_id, b.first_at,"
		" b.reached_at FROM callback b INDEXED BY callback_report"
		" WHERE b.created >= ?1 AND b.created < ?2";
	sqlite3_stmt *st = dbi_prep(db, cbs);
	struct db_report_callback r;
	int rc, stop = 0;
	if (!st)
		return -1;
	bind_period(st, since, until);
	memset(&r, 0, sizeof r);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		lean_cols(st, 0, &r);
		if ((stop = fn(ctx, &r)) != 0)
			break;
	}
	return scan_end(db, st, rc, stop, "cannot read callbacks for the report");
}

int db_report_callbacks(struct db *db, time_t since, time_t until, long long min_id,
                        long long max_id, int detail,
                        int (*fn)(void *ctx, const struct db_report_callback *r),
                        void *ctx)
{
	static const char full[] =
		"SELECT " CB_LEAN_COLS ","
		" (SELECT count(*) FROM attempt a WHERE a.callback_id = b.id AND a.result IN " REAL_ATTEMPT "),"
		" c.name, c.company, b.number, s.login, w.login, w.department, b.subject"
		" FROM callback b LEFT JOIN call k ON k.id = b.call_id"
		" LEFT JOIN contact c ON c.id = b.contact_id"
		" LEFT JOIN staff s ON s.id = b.assignee_id"
		" LEFT JOIN staff w ON w.id = k.wanted_id"
		" WHERE b.id >= ?3 AND b.id <= ?4"
		" AND (?1 IS NULL OR b.created >= ?1) AND (?2 IS NULL OR b.created < ?2)"
		" ORDER BY b.created, b.id";
	if (!detail)
		return callbacks_lean(db, since, until, fn, ctx);
	sqlite3_stmt *st = dbi_prep(db, full);
	struct db_report_callback r;
	int rc, stop = 0;
	if (!st)
		return -1;
	dbi_bind_time(st, 1, since);
	dbi_bind_time(st, 2, until);
	sqlite3_bind_int64(st, 3, min_id > 0 ? min_id : INT64_MIN);
	sqlite3_bind_int64(st, 4, max_id > 0 ? max_id : INT64_MAX);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		callback_cols(st, &r);
		if ((stop = fn(ctx, &r)) != 0)
			break;
	}
	return scan_end(db, st, rc, stop, "cannot read callbacks for the report");
}

/* ---- calls ---- */

/* The columns of a detailed call row; ?9 is "now" where a query needs it. */
#define CALL_COLS \
	"k.id, k.at, k.contact_id, c.name, c.company, k.number, k.wanted_id, w.login," \
	" w.name, w.department, k.taken_by_id, k.taken_login, k.outcome, k.subject," \
	" k.message, k.urgent, k.complaint, k.callback_id, b.status, b.due, b.calls," \
	" b.call_id = k.id," \
	" (SELECT min(a.at) FROM attempt a WHERE a.callback_id = k.callback_id" \
	"   AND a.at >= k.at AND a.result IN " REAL_ATTEMPT ") AS first_at," \
	" (SELECT min(a.at) FROM attempt a WHERE a.callback_id = k.callback_id" \
	"   AND a.at >= k.at AND a.result = 'reached') AS reached_at"
#define CALL_FROM \
	" FROM call k LEFT JOIN contact c ON c.id = k.contact_id" \
	" LEFT JOIN staff w ON w.id = k.wanted_id" \
	" LEFT JOIN callback b ON b.id = k.callback_id"

static void call_cols(sqlite3_stmt *st, struct db_report_call *r)
{
	memset(r, 0, sizeof *r);
	r->id = sqlite3_column_int64(st, 0);
	r->at = (time_t)sqlite3_column_int64(st, 1);
	r->contact_id = sqlite3_column_int64(st, 2);
	r->caller_name = (const char *)sqlite3_column_text(st, 3);
	r->company = (const char *)sqlite3_column_text(st, 4);
	r->number = (const char *)sqlite3_column_text(st, 5);
	r->wanted_id = sqlite3_column_int64(st, 6);
	r->wanted_login = (const char *)sqlite3_column_text(st, 7);
	r->wanted_name = (const char *)sqlite3_column_text(st, 8);
	r->department = (const char *)sqlite3_column_text(st, 9);
	r->taken_by_id = sqlite3_column_int64(st, 10);
	r->taken_login = (const char *)sqlite3_column_text(st, 11);
	r->outcome = (const char *)sqlite3_column_text(st, 12);
	r->subject = (const char *)sqlite3_column_text(st, 13);
	r->message = (const char *)sqlite3_column_text(st, 14);
	r->urgent = sqlite3_column_int(st, 15);
	r->complaint = sqlite3_column_int(st, 16);
	r->callback_id = sqlite3_column_int64(st, 17);
	r->cb_status = (const char *)sqlite3_column_text(st, 18);
	r->cb_due = (time_t)sqlite3_column_int64(st, 19);
	r->cb_calls = sqlite3_column_int(st, 20);
	r->cb_first = sqlite3_column_int(st, 21);
	r->first_attempt = (time_t)sqlite3_column_int64(st, 22);
	r->reached = (time_t)sqlite3_column_int64(st, 23);
}

static int stream_calls(struct db *db, sqlite3_stmt *st, int detail,
                        int (*fn)(void *ctx, const struct db_report_call *r), void *ctx)
{
	struct db_report_call r;
	int rc, stop = 0;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (detail) {
			call_cols(st, &r);
		} else {
			memset(&r, 0, sizeof r);
			r.id = sqlite3_column_int64(st, 0);
			r.at = (time_t)sqlite3_column_int64(st, 1);
			r.wanted_id = sqlite3_column_int64(st, 2);
			r.callback_id = sqlite3_column_int64(st, 3);
			r.outcome = (const char *)sqlite3_column_text(st, 4);
		}
		if ((stop = fn(ctx, &r)) != 0)
			break;
	}
	return scan_end(db, st, rc, stop, "cannot read calls for the report");
}

int db_report_calls(struct db *db, time_t since, time_t until, int unreached_only,
                    int detail, int (*fn)(void *ctx, const struct db_report_call *r),
                    void *ctx)
{
	/* unreached: the (outcome, at) index; all: the (at) index */
	static const char lean_unreached[] =
		"SELECT k.id, k.at, k.wanted_id, k.callback_id, k.outcome FROM call k"
		" WHERE k.outcome = 'unreached' AND k.at >= ?1 AND k.at < ?2 ORDER BY k.at, k.id";
	static const char full_unreached[] =
		"SELECT " CALL_COLS CALL_FROM
		" WHERE k.outcome = 'unreached' AND k.at >= ?1 AND k.at < ?2 ORDER BY k.at, k.id";
	static const char full_all[] =
		"SELECT " CALL_COLS CALL_FROM
		" WHERE k.at >= ?1 AND k.at < ?2 ORDER BY k.at, k.id";
	static const char lean_all[] =
		"SELECT k.id, k.at, k.wanted_id, k.callback_id, k.outcome FROM call k"
		" WHERE k.at >= ?1 AND k.at < ?2 ORDER BY k.at, k.id";
	const char *sql = unreached_only ? (detail ? full_unreached : lean_unreached)
	                                 : (detail ? full_all : lean_all);
	sqlite3_stmt *st = dbi_prep(db, sql);
	if (!st)
		return -1;
	bind_period(st, since, until);
	return stream_calls(db, st, detail, fn, ctx);
}

int db_report_unreached(struct db *db, time_t since, time_t until, int who,
                        int (*fn)(void *ctx, const struct db_report_unreached *r),
                        void *ctx)
{
	/* the call_unreached index (partial: unreached calls only), in its order
	 * (by time): no sorting, no table row read */
	static const char when_only[] =
		"SELECT k.at, k.callback_id FROM call k"
		" WHERE k.outcome = 'unreached' AND k.at >= ?1 AND k.at < ?2";
	static const char with_who[] =
		"SELECT k.at, k.callback_id, k.wanted_id, k.id FROM call k"
		" WHERE k.outcome = 'unreached' AND k.at >= ?1 AND k.at < ?2 ORDER BY k.at";
	sqlite3_stmt *st = dbi_prep(db, who ? with_who : when_only);
	struct db_report_unreached r = {0};
	int rc, stop = 0;
	if (!st)
		return -1;
	bind_period(st, since, until);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		r.at = (time_t)sqlite3_column_int64(st, 0);
		r.callback_id = sqlite3_column_int64(st, 1);
		if (who) {
			r.wanted_id = sqlite3_column_int64(st, 2);
			r.id = sqlite3_column_int64(st, 3);
		}
		if ((stop = fn(ctx, &r)) != 0)
			break;
	}
	return scan_end(db, st, rc, stop, "cannot read calls for the report");
}

/* ---- the figures of a part of the company ---- */


int db_report_department(struct db *db, time_t since, time_t until, const char *department,
                         int (*on_call)(void *ctx, const struct db_report_unreached *r),
                         int (*on_callback)(void *ctx, const struct db_report_callback *r),
                         void *ctx)
{
	/* the covering call_unreached index over the period, the department's
	 * staff as a list; a callback only by its id, and only for the call that
	 * opened it (b.call_id): one pass, no sorting */
	static const char sql[] =
		"SELECT k.at, k.callback_id, k.wanted_id, k.id,"
		" b.id, b.created, b.calls, b.status, b.due, b.assignee_id, b.first_at, b.reached_at"
		" FROM call k LEFT JOIN callback b ON b.id = k.callback_id AND b.call_id = k.id"
		"  AND b.created >= ?1 AND b.created < ?2"
		" WHERE k.outcome = 'unreached' AND k.at >= ?1 AND k.at < ?2"
		" AND k.wanted_id IN (SELECT s.id FROM staff s WHERE s.department = ?3)";
	sqlite3_stmt *st = dbi_prep(db, sql);
	struct db_report_unreached k = {0};
	struct db_report_callback b = {0};
	int rc, stop = 0;
	if (!st)
		return -1;
	bind_period(st, since, until);
	dbi_bind_text(st, 3, department);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		unreached_cols(st, 0, &k);
		if ((stop = on_call(ctx, &k)) != 0)
			break;
		if (sqlite3_column_type(st, 4) == SQLITE_NULL)
			continue;
		lean_cols(st, 4, &b);
		b.call_id = k.id;
		b.wanted_id = k.wanted_id;
		if ((stop = on_callback(ctx, &b)) != 0)
			break;
	}
	return scan_end(db, st, rc, stop, "cannot read calls for the report");
}

int db_report_person(struct db *db, time_t since, time_t until, long long staff_id,
                     int (*on_call)(void *ctx, const struct db_report_unreached *r),
                     int (*on_callback)(void *ctx, const struct db_report_callback *r),
                     void *ctx)
{
	static const char calls[] =
		"SELECT k.at, k.callback_id, k.wanted_id, k.id FROM call k"
		" WHERE k.outcome = 'unreached' AND k.at >= ?1 AND k.at < ?2 AND k.wanted_id = ?3";
	/* the assignee is in the covering index: only their rows are read
	 * further, for the person the opening call wanted */
	static const char cbs[] =
		"SELECT b.id, b.created, b.calls, b.status, b.due, b.assignee_id, b.first_at,"
		" b.reached_at, b.call_id, (SELECT k.wanted_id FROM call k WHERE k.id = b.call_id)"
		" FROM callback b INDEXED BY callback_report"
		" WHERE b.created >= ?1 AND b.created < ?2 AND b.assignee_id = ?3";
	struct db_report_unreached k = {0};
	struct db_report_callback b = {0};
	int rc, stop = 0;
	sqlite3_stmt *st = dbi_prep(db, calls);
	if (!st)
		return -1;
	bind_period(st, since, until);
	sqlite3_bind_int64(st, 3, staff_id);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		unreached_cols(st, 0, &k);
		if ((stop = on_call(ctx, &k)) != 0)
			break;
	}
	if ((stop = scan_end(db, st, rc, stop, "cannot read calls for the report")) != 0)
		return stop;
	if (!(st = dbi_prep(db, cbs)))
		return -1;
	bind_period(st, since, until);
	sqlite3_bind_int64(st, 3, staff_id);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		lean_cols(st, 0, &b);
		b.call_id = sqlite3_column_int64(st, 8);
		b.wanted_id = sqlite3_column_int64(st, 9);
		if ((stop = on_callback(ctx, &b)) != 0)
			break;
	}
	return scan_end(db, st, rc, stop, "cannot read callbacks for the report");
}

/* ---- the missed-call log ---- */

#define MISSED_STATUS \
	"(CASE WHEN b.id IS NULL THEN 'none' WHEN b.status = 'open' AND b.due < ?9 THEN 'overdue'" \
	" ELSE b.status END)"
/* local seconds since the epoch, for business hours: ?15 day mask, ?16/?17 minutes */
#define LOCAL_SECS "CAST(strftime('%s', k.at, 'unixepoch', 'localtime') AS INTEGER)"
#define MISSED_WHERE \
	" WHERE k.outcome = 'unreached'" \
	" AND k.at >= ?1 AND k.at < ?2" \
	" AND (?3 IS NULL OR k.wanted_id = ?3)" \
	" AND (?4 IS NULL OR w.department = ?4)" \
	" AND (?5 IS NULL OR k.contact_id = ?5)" \
	" AND (?6 IS NULL OR k.number = ?6)" \
	" AND (?7 IS NULL OR c.name LIKE ?7 ESCAPE '\\' OR c.company LIKE ?7 ESCAPE '\\')" \
	" AND (?8 IS NULL OR " MISSED_STATUS " = ?8 OR (?8 = 'open' AND b.status = 'open'))" \
	" AND (?10 = 0" \
	"  OR (?10 = 1 AND (k.callback_id IS NULL OR (b.call_id = k.id AND NOT EXISTS" \
	"      (SELECT 1 FROM attempt a WHERE a.callback_id = b.id AND a.result = 'reached'))))" \
	"  OR (?10 = 2 AND b.call_id = k.id AND b.status = 'open' AND b.due < ?9)" \
	"  OR (?10 = 3 AND b.call_id = k.id AND b.calls >= 2)" \
	"  OR (?10 = 4 AND NOT ((?15 >> ((" LOCAL_SECS " / 86400 + 4) % 7)) & 1" \
	"      AND (" LOCAL_SECS " % 86400) >= ?16 * 60 AND (" LOCAL_SECS " % 86400) < ?17 * 60)))"

static const char missed_by_time[] =
	"SELECT " CALL_COLS CALL_FROM MISSED_WHERE
	" AND (?11 IS NULL OR k.at < ?11 OR (k.at = ?11 AND k.id < ?12))"
	" ORDER BY k.at DESC, k.id DESC LIMIT ?13 OFFSET ?14";

/* Any column: the key picked by ?18, the direction by ?19. */
#define MISSED_KEY \
	"CASE ?18 WHEN 0 THEN k.at WHEN 1 THEN coalesce(c.name, k.number) WHEN 2 THEN w.login" \
	" WHEN 3 THEN w.department WHEN 4 THEN k.taken_login WHEN 5 THEN " MISSED_STATUS \
	" WHEN 6 THEN coalesce(first_at - k.at, 1e18) END"
static const char missed_by_key[] =
	"SELECT " CALL_COLS CALL_FROM MISSED_WHERE
	" ORDER BY CASE WHEN ?19 = 0 THEN " MISSED_KEY " END ASC,"
	" CASE WHEN ?19 = 1 THEN " MISSED_KEY " END DESC, k.at DESC, k.id DESC"
	" LIMIT ?13 OFFSET ?14";

int db_missed_list(struct db *db, const struct db_missed_filter *f,
                   int (*fn)(void *ctx, const struct db_report_call *r), void *ctx)
{
	int by_time = f->sort == DB_MISSED_SORT_TIME && f->descending;
	sqlite3_stmt *st = dbi_prep(db, by_time ? missed_by_time : missed_by_key);
	if (!st)
		return -1;
	bind_period(st, f->since, f->until);
	dbi_bind_id(st, 3, f->wanted_id);
	dbi_bind_text(st, 4, f->department);
	dbi_bind_id(st, 5, f->contact_id);
	dbi_bind_text(st, 6, f->number);
	dbi_bind_text(st, 7, f->name_like);
	dbi_bind_text(st, 8, f->status);
	sqlite3_bind_int64(st, 9, (sqlite3_int64)f->now);
	sqlite3_bind_int(st, 10, (int)f->list);
	if (by_time) {
		dbi_bind_time(st, 11, f->after_at);
		sqlite3_bind_int64(st, 12, f->after_id ? f->after_id : INT64_MAX);
	}
	sqlite3_bind_int64(st, 13, f->limit ? (sqlite3_int64)f->limit : -1);
	sqlite3_bind_int64(st, 14, (sqlite3_int64)f->offset);
	sqlite3_bind_int(st, 15, (int)f->days);
	sqlite3_bind_int(st, 16, f->open_min);
	sqlite3_bind_int(st, 17, f->close_min);
	if (!by_time) {
		sqlite3_bind_int(st, 18, (int)f->sort);
		sqlite3_bind_int(st, 19, f->descending ? 1 : 0);
	}
	return stream_calls(db, st, 1, fn, ctx);
}

/* ---- contacts ---- */

int db_report_contacts(struct db *db, time_t since, time_t until,
                       int (*fn)(void *ctx, const struct db_report_contact *r),
                       void *ctx)
{
	static const char sql[] =
		"SELECT c.id, c.created, c.name, c.company, c.email, c.note,"
		" (SELECT group_concat(e164, ' ') FROM"
		"   (SELECT p.e164 FROM contact_phone p WHERE p.contact_id = c.id ORDER BY p.id))"
		" FROM contact c"
		" WHERE (?1 IS NULL OR c.created >= ?1) AND (?2 IS NULL OR c.created < ?2)"
		" ORDER BY c.created, c.id";
	sqlite3_stmt *st = dbi_prep(db, sql);
	struct db_report_contact r;
	int rc, stop = 0;
	if (!st)
		return -1;
	dbi_bind_time(st, 1, since);
	dbi_bind_time(st, 2, until);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		r.id = sqlite3_column_int64(st, 0);
		r.created = (time_t)sqlite3_column_int64(st, 1);
		r.name = (const char *)sqlite3_column_text(st, 2);
		r.company = (const char *)sqlite3_column_text(st, 3);
		r.email = (const char *)sqlite3_column_text(st, 4);
		r.note = (const char *)sqlite3_column_text(st, 5);
		r.numbers = (const char *)sqlite3_column_text(st, 6);
		if ((stop = fn(ctx, &r)) != 0)
			break;
	}
	return scan_end(db, st, rc, stop, "cannot read contacts for the export");
}

/* ---- snapshot ---- */

int db_report_snapshot_begin(struct db *db)
{
	static const char sql[] = "BEGIN DEFERRED";
	if (db->in_tx || !sqlite3_get_autocommit(db->h))
		return 0;
	sqlite3_stmt *st = dbi_prep(db, sql);
	if (!st)
		return -1;
	return dbi_step_done(db, st, "cannot start reading");
}

void db_report_snapshot_end(struct db *db)
{
	static const char sql[] = "COMMIT";
	if (db->in_tx || sqlite3_get_autocommit(db->h))
		return;
	sqlite3_stmt *st = dbi_prep(db, sql);
	if (st)
		dbi_step_done(db, st, "cannot finish reading");
}
