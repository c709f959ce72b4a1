/*
 * Privacy (core/privacy.h): access to everything about one caller, erasure
 * everywhere with the figures kept, the erasure list beside the database
 * and its replay after a restore, and retention.  A fresh database per
 * test (in memory, or a file where the files themselves are the point);
 * the clock is controlled, the time zone Europe/Berlin.
 */
#include <criterion/criterion.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/fd.h"
#include "tests/core/fixture.h"
#include "core/privacy.h"

#define NOW ((time_t)1795424400) /* Mon 23 Nov 2026 10:00 in Berlin */
#define HOUR 3600
#define DAY 86400

static struct fd *fd;
static struct fd_err err;
static char dir[64];

static void open_file(const char *name, int create)
{
	struct fd_open_opts o = {0};
	char path[128];
	snprintf(path, sizeof path, "%s/%s", dir, name);
	o.db_path = path;
	o.create = create;
	o.uid_override = -1;
	cr_assert_eq(fd_open(&o, &fd, &err), 0, "fd_open %s: %s", path, err.msg);
}

static void setup(void)
{
	fx_berlin();
	umask(022);
	fx_tmpdir(dir, sizeof dir, "privacy");
	fx_open_memory(&fd, &err, NOW);
}

static void teardown(void)
{
	fd_close(&fd);
	fx_rmdir(dir);
}

TestSuite(privacy, .init = setup, .fini = teardown);

/* ---- helpers ---- */

static void refused(int rc, int code, const char *part)
{
	fx_refused(&err, rc, code, part);
}

static void staff(const char *name, const char *login, const char *ext, const char *role)
{
	struct fd_staff_input in = {.name = name, .login = login, .ext = ext, .role = role};
	cr_assert_eq(fd_staff_add(fd, &in, NOW, NULL, &err), 0, "staff add %s: %s", login, err.msg);
}

static void office(void)
{
	staff("Anna Berg", "anna", "201", "employee");
	staff("Max Müller", "max", "202", "employee");
	staff("Sue Lang", "sue", "300", "supervisor");
}

/* A call; returns its result. */
static struct fd_call_result call(const char *from, const char *name, const char *subject,
                                  const char *message, int callback, time_t at)
{
	struct fd_call_input in = {.for_login = "max", .from = from, .name = name,
	                           .subject = subject, .message = message, .callback = callback};
	struct fd_call_result r;
	cr_assert_eq(fd_call_log(fd, &in, at, &r, &err), 0, "call log: %s", err.msg);
	return r;
}

static struct call *all_calls(size_t *n)
{
	struct fd_call_query q = {0};
	struct call *list;
	cr_assert_eq(fd_calls(fd, &q, NOW, &list, n, &err), 0, "%s", err.msg);
	return list;
}

static const struct call *call_by_id(struct call *list, size_t n, long long id)
{
	for (size_t i = 0; i < n; i++)
		if (list[i].id == id)
			return &list[i];
	cr_assert_fail("no call %lld", id);
	return NULL;
}

static void act_as(const char *login)
{
	struct fd_open_opts o = {0};
	/* a second session on the same file: only file databases */
	char *path = strdup(fd->db_path);
	o.db_path = path;
	o.as_login = login;
	o.uid_override = -1;
	fd_close(&fd);
	cr_assert_eq(fd_open(&o, &fd, &err), 0, "fd_open --as %s: %s", login, err.msg);
	free(path);
}

static long file_size(const char *path)
{
	struct stat sb;
	return stat(path, &sb) == 0 ? (long)sb.st_size : -1;
}

/* Does the file hold these bytes anywhere? */
static int file_has(const char *path, const char *needle)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return 0;
	size_t n = 0, cap = 0, k;
	char *buf = NULL, chunk[65536];
	while ((k = fread(chunk, 1, sizeof chunk, f)) > 0) {
		if (n + k > cap) {
			cap = (n + k) * 2;
			buf = realloc(buf, cap);
			cr_assert_not_null(buf);
		}
		memcpy(buf + n, chunk, k);
		n += k;
	}
	fclose(f);
	size_t k2 = strlen(needle);
	int found = 0;
	for (size_t i = 0; buf && !found && i + k2 <= n; i++)
		found = memcmp(buf + i, needle, k2) == 0;
	free(buf);
	return found;
}

static void read_text(const char *path, char *out, size_t n)
{
	FILE *f = fopen(path, "r");
	cr_assert_not_null(f, "cannot open %s", path);
	size_t k = fread(out, 1, n - 1, f);
	out[k] = '\0';
	fclose(f);
}

/* ---- the empty, the missing and the malformed ---- */

Test(privacy, days_parse_refuses_what_is_not_a_number_of_days)
{
	int d = 0;
	refused(fd_days_parse(NULL, &d, &err), 2, "not a number of days");
	refused(fd_days_parse("", &d, &err), 2, "not a number of days");
	refused(fd_days_parse("0", &d, &err), 2, "1 to 36500");
	refused(fd_days_parse("-3", &d, &err), 2, "not a number of days");
	refused(fd_days_parse("12x", &d, &err), 2, "not a number of days");
	refused(fd_days_parse("36501", &d, &err), 2, "not a number of days");
	refused(fd_days_parse("99999999999999999999", &d, &err), 2, "not a number of days");
	cr_assert_eq(fd_days_parse("30", &d, &err), 0);
	cr_assert_eq(d, 30);
}

Test(privacy, unknown_contact_is_named_as_such)
{
	struct fd_contact_data d;
	struct fd_forget_result r;
	refused(fd_contact_data(fd, 99, 0, NOW, &d, &err), 2, "no contact has the id 99");
	refused(fd_contact_data(fd, 99, 1, NOW, &d, &err), 2, "no contact has the id 99");
	refused(fd_contact_forget(fd, 99, 0, NOW, &r, &err), 2, "no contact has the id 99");
	cr_assert_null(r.name);
}

Test(privacy, memory_database_has_no_erasure_file)
{
	struct fd_replay_result r;
	cr_assert_null(fd_erasure_file(fd));
	refused(fd_forget_replay(fd, NULL, NOW, &r, &err), 2, "--from");
	free(r.file);
}

Test(privacy, replay_refuses_a_missing_or_malformed_list)
{
	struct fd_replay_result r;
	char path[128];
	refused(fd_forget_replay(fd, "/nonexistent/erasures", NOW, &r, &err), 2, "no such file");
	free(r.file);
	snprintf(path, sizeof path, "%s/list", dir);
	FILE *f = fopen(path, "w");
	fputs("# comment\n\n12 1795424400\nHans Maier\n", f);
	fclose(f);
	refused(fd_forget_replay(fd, path, NOW, &r, &err), 2, ":4: not an erasure record");
	free(r.file);
}

/* ---- access ---- */

Test(privacy, all_data_holds_every_call_callback_attempt_and_ring)
{
	office();
	struct fd_call_result first = call("030 1111111", NULL, "before we knew", NULL, 0, NOW - 3 * HOUR);
	struct fd_call_result named = call("030 1111111", "Zora Quast", "order 7", "call me back", 1,
	                                   NOW - 2 * HOUR);
	cr_assert(named.new_contact);
	cr_assert_eq(fd_callback_attempt(fd, named.callback_id, "no-answer", "Quast not in", NULL,
	                                 NOW - HOUR, &err), 0, "%s", err.msg);
	struct fd_caller who;
	long long ring_id;
	cr_assert_eq(fd_ring(fd, "030 1111111", "202", NOW, &who, &ring_id, &err), 0, "%s", err.msg);
	fd_caller_clear(&who);
	/* someone else, for contrast */
	call("030 2222222", "Other Person", "not hers", NULL, 0, NOW - HOUR);

	struct fd_contact_data d;
	cr_assert_eq(fd_contact_data(fd, named.contact_id, 0, NOW, &d, &err), 0, "%s", err.msg);
	cr_assert_str_eq(d.contact.name, "Zora Quast");
	cr_assert_eq(d.n_numbers, 1);
	cr_assert_str_eq(d.numbers[0].e164, "+49301111111");
	cr_assert_str_eq(d.numbers[0].typed, "030 1111111");
	cr_assert_eq(d.all, 0);
	cr_assert_eq(d.n_calls, 0, "the card alone reads no calls");
	fd_contact_data_clear(&d);

	cr_assert_eq(fd_contact_data(fd, named.contact_id, 1, NOW, &d, &err), 0, "%s", err.msg);
	cr_assert_eq(d.all, 1);
	cr_assert_eq(d.n_calls, 2, "the call before she was a contact is hers too");
	cr_assert_eq(d.calls[0].id, first.call_id, "oldest first");
	cr_assert_str_eq(d.calls[1].message, "call me back");
	cr_assert_eq(d.n_callbacks, 1);
	cr_assert_eq(d.n_attempts, 1);
	cr_assert_str_eq(d.attempts[0].note, "Quast not in");
	cr_assert_eq(d.n_rings, 1);
	cr_assert_eq(d.rings[0].id, ring_id);
	int saw_add = 0, saw_call = 0;
	for (size_t i = 0; i < d.n_audit; i++) {
		saw_add |= !strcmp(d.audit[i].action, "contact.add");
		saw_call |= !strcmp(d.audit[i].entity, "call") && d.audit[i].entity_id == first.call_id;
	}
	cr_assert(saw_add && saw_call, "the audit rows about her and her calls");
	fd_contact_data_clear(&d);
	cr_assert_eq(fd_contact_data(fd, named.contact_id, 1, NOW, &d, &err), 0, "%s", err.msg);
	int exports = 0;
	for (size_t i = 0; i < d.n_audit; i++)
		exports += !strcmp(d.audit[i].action, "contact.export");
	cr_assert_eq(exports, 1, "the first export was audited");
	fd_contact_data_clear(&d);
}

Test(privacy, all_data_and_erasure_are_for_supervisors)
{
	struct fd_contact_data d;
	struct fd_forget_result r;
	struct fd_purge_result p;
	fd_close(&fd);
	open_file("fd.db", 1);
	cr_assert_eq(fd_init(fd, 49, NOW, &err), 0, "%s", err.msg);
	office();
	struct fd_call_result k = call("030 1111111", "Zora Quast", NULL, NULL, 0, NOW);
	act_as("anna");
	cr_assert_eq(fd_contact_data(fd, k.contact_id, 0, NOW, &d, &err), 0, "the card: %s", err.msg);
	fd_contact_data_clear(&d);
	refused(fd_contact_data(fd, k.contact_id, 1, NOW, &d, &err), 1, "not allowed");
	refused(fd_contact_forget(fd, k.contact_id, 0, NOW, &r, &err), 1, "not allowed");
	refused(fd_purge(fd, 0, 1, NOW, &p, &err), 1, "not allowed");
	act_as("sue");
	refused(fd_retention_set(fd, 30, NOW, &err), 1, "not allowed");
	cr_assert_eq(fd_contact_forget(fd, k.contact_id, 0, NOW, &r, &err), 0, "%s", err.msg);
	free(r.name);
}

/* ---- erasure ---- */

Test(privacy, forget_erases_the_caller_and_keeps_the_figures)
{
	office();
	struct fd_call_result first = call("030 1111111", NULL, "before we knew", "ring Zora", 0,
	                                   NOW - 3 * HOUR);
	struct fd_call_result named = call("030 1111111", "Zora Quast", "order 7", "call me back", 1,
	                                   NOW - 2 * HOUR);
	cr_assert_eq(fd_callback_attempt(fd, named.callback_id, "no-answer", "Quast not in", NULL,
	                                 NOW - HOUR, &err), 0, "%s", err.msg);
	struct fd_caller who;
	long long ring_id;
	cr_assert_eq(fd_ring(fd, "030 1111111", NULL, NOW, &who, &ring_id, &err), 0, "%s", err.msg);
	fd_caller_clear(&who);
	/* another contact who shares her number keeps everything */
	struct fd_contact_input ci = {.name = "Otto Quast", .phone = "030 1111111"};
	long long otto;
	cr_assert_eq(fd_contact_add(fd, &ci, NOW - 90 * 60, &otto, &err), 0, "%s", err.msg);
	struct fd_call_input oin = {.for_login = "anna", .from = "030 1111111", .contact_id = otto,
	                            .subject = "Otto's own"};
	struct fd_call_result ocall;
	cr_assert_eq(fd_call_log(fd, &oin, NOW - 80 * 60, &ocall, &err), 0, "%s", err.msg);
	size_t n_before;
	struct call *before = all_calls(&n_before);
	db_call_free_list(before, n_before);
	struct fd_hit *hits;
	size_t nh;
	cr_assert_eq(fd_search(fd, "zora", 10, NOW, &hits, &nh, &err), 0, "%s", err.msg);
	cr_assert_eq(nh, 1, "found before");
	fd_hits_free(hits, nh);

	struct fd_forget_result r;
	cr_assert_eq(fd_contact_forget(fd, named.contact_id, 0, NOW, &r, &err), 0, "%s", err.msg);
	cr_assert_str_eq(r.name, "Zora Quast");
	cr_assert_eq(r.n.contacts, 1);
	cr_assert_eq(r.n.numbers, 1);
	cr_assert_eq(r.n.calls, 2);
	cr_assert_eq(r.n.callbacks, 1);
	cr_assert_eq(r.n.cancelled, 1, "her open callback is cancelled");
	cr_assert_eq(r.n.attempt_notes, 1);
	cr_assert_eq(r.n.rings, 1);
	free(r.name);

	size_t n;
	struct call *list = all_calls(&n);
	cr_assert_eq(n, n_before, "every call row stays for the figures");
	for (long long id = first.call_id; id <= named.call_id; id++) {
		const struct call *k = call_by_id(list, n, id);
		cr_assert_eq(k->contact_id, 0);
		cr_assert_null(k->number);
		cr_assert_null(k->number_typed);
		cr_assert_null(k->subject);
		cr_assert_null(k->message);
		cr_assert_str_eq(k->outcome, "unreached", "the outcome stays");
		cr_assert_str_eq(k->wanted_login, "max", "who was wanted stays");
	}
	const struct call *o = call_by_id(list, n, ocall.call_id);
	cr_assert_eq(o->contact_id, otto, "a shared number does not erase someone else");
	cr_assert_str_eq(o->subject, "Otto's own");
	db_call_free_list(list, n);

	struct callback cb;
	cr_assert_eq(fd_callback_get(fd, named.callback_id, &cb, &err), 0, "%s", err.msg);
	cr_assert_str_eq(cb.status, "cancelled");
	cr_assert_null(cb.number);
	cr_assert_null(cb.subject);
	cr_assert_null(cb.message);
	cr_assert_eq(cb.attempts, 1, "the attempt stays, counted");
	db_callback_clear(&cb);
	struct attempt *a;
	size_t na;
	cr_assert_eq(fd_callback_attempts(fd, named.callback_id, &a, &na, &err), 0);
	cr_assert_eq(na, 1);
	cr_assert_null(a[0].note);
	db_attempt_free_list(a, na);

	struct fd_contact_data d;
	refused(fd_contact_data(fd, named.contact_id, 0, NOW, &d, &err), 2, "was erased");
	cr_assert_eq(fd_contact_data(fd, otto, 1, NOW, &d, &err), 0, "%s", err.msg);
	cr_assert_eq(d.n_calls, 1, "Otto keeps his call");
	cr_assert_eq(d.n_rings, 0, "the ring named Zora (the number's latest caller)");
	fd_contact_data_clear(&d);
	struct fd_forget_result again;
	refused(fd_contact_forget(fd, named.contact_id, 0, NOW, &again, &err), 2, "erased already");

	cr_assert_eq(fd_search(fd, "zora", 10, NOW, &hits, &nh, &err), 0, "%s", err.msg);
	cr_assert_eq(nh, 0, "the search index forgets her too");
	fd_hits_free(hits, nh);
}

Test(privacy, dry_run_changes_nothing)
{
	office();
	struct fd_call_result k = call("030 1111111", "Zora Quast", "order 7", NULL, 1, NOW);
	struct fd_forget_result r;
	cr_assert_eq(fd_contact_forget(fd, k.contact_id, 1, NOW, &r, &err), 0, "%s", err.msg);
	cr_assert_eq(r.n.calls, 1);
	cr_assert_eq(r.n.cancelled, 1);
	free(r.name);
	struct fd_contact_data d;
	cr_assert_eq(fd_contact_data(fd, k.contact_id, 1, NOW, &d, &err), 0, "%s", err.msg);
	cr_assert_eq(d.n_calls, 1);
	cr_assert_str_eq(d.calls[0].subject, "order 7");
	cr_assert_str_eq(d.callbacks[0].status, "open");
	fd_contact_data_clear(&d);
}

Test(privacy, erased_ids_are_never_given_out_again)
{
	office();
	struct fd_call_result k = call("030 1111111", "Zora Quast", NULL, NULL, 0, NOW);
	struct fd_forget_result r;
	cr_assert_eq(fd_contact_forget(fd, k.contact_id, 0, NOW, &r, &err), 0, "%s", err.msg);
	free(r.name);
	struct fd_contact_input ci = {.name = "New Person", .phone = "030 3333333"};
	long long id;
	cr_assert_eq(fd_contact_add(fd, &ci, NOW + 1, &id, &err), 0, "%s", err.msg);
	cr_assert_gt(id, k.contact_id, "id %lld reused", id);
}

/* The files: the name gone from the database and its log, the list beside
 * it, and the replay after a backup comes back. */
Test(privacy, forget_clears_the_files_and_replay_after_a_restore)
{
	char db[128], wal[128], list[128], cmd[512], text[1024];
	fd_close(&fd);
	open_file("fd.db", 1);
	cr_assert_eq(fd_init(fd, 49, NOW, &err), 0, "%s", err.msg);
	office();
	struct fd_call_result k = call("030 7654321", "Zacharias Quendelbrot", "Quendelbrot order",
	                               "Quendelbrot rang", 1, NOW - HOUR);
	call("030 1111111", "Other Person", "keep me", NULL, 0, NOW - HOUR);
	snprintf(db, sizeof db, "%s/fd.db", dir);
	snprintf(wal, sizeof wal, "%s/fd.db-wal", dir);
	snprintf(list, sizeof list, "%s/fd.db-erasures", dir);
	cr_assert(file_has(db, "Quendelbrot") || file_has(wal, "Quendelbrot"));
	/* the backup, taken while she was still there */
	fd_close(&fd);
	snprintf(cmd, sizeof cmd, "cd '%s' && cp fd.db backup.db && cp fd.db-wal backup.db-wal", dir);
	cr_assert_eq(system(cmd), 0);
	open_file("fd.db", 0);

	struct fd_forget_result r;
	cr_assert_eq(fd_contact_forget(fd, k.contact_id, 0, NOW, &r, &err), 0, "%s", err.msg);
	cr_assert_eq(r.wal_busy, 0);
	free(r.name);
	cr_assert_eq(file_size(wal), 0, "the log truncated");
	cr_assert_not(file_has(db, "Quendelbrot"), "the name is gone from the file");
	cr_assert_not(file_has(db, "+49307654321"), "the number is gone from the file");
	cr_assert_not(file_has(db, "030 7654321"), "the typed number is gone from the file");
	cr_assert(file_has(db, "keep me"), "the others' data stays");
	read_text(list, text, sizeof text);
	char want[64];
	snprintf(want, sizeof want, "\n%lld %lld\n", k.contact_id, (long long)NOW);
	cr_assert(strstr(text, want), "the list holds \"%lld %lld\": %s", k.contact_id, (long long)NOW, text);
	cr_assert_not(strstr(text, "Quendelbrot"), "ids only");
	struct stat sb;
	cr_assert_eq(stat(list, &sb), 0);
	cr_assert_eq(sb.st_mode & 0007, 0, "the list is not world-readable");
	fd_close(&fd);

	/* restore: the backup over the database, the list kept */
	snprintf(cmd, sizeof cmd, "cd '%s' && rm -f fd.db-wal fd.db-shm && cp backup.db fd.db && "
	         "cp backup.db-wal fd.db-wal", dir);
	cr_assert_eq(system(cmd), 0);
	open_file("fd.db", 0);
	struct fd_contact_data d;
	cr_assert_eq(fd_contact_data(fd, k.contact_id, 0, NOW, &d, &err), 0, "back from the backup");
	fd_contact_data_clear(&d);
	struct fd_replay_result rr;
	cr_assert_eq(fd_forget_replay(fd, NULL, NOW + 60, &rr, &err), 0, "%s", err.msg);
	cr_assert_str_eq(rr.file, list);
	cr_assert_eq(rr.listed, 1);
	cr_assert_eq(rr.erased, 1);
	cr_assert_eq(rr.gone, 0);
	free(rr.file);
	refused(fd_contact_data(fd, k.contact_id, 0, NOW, &d, &err), 2, "was erased");
	cr_assert_eq(file_size(wal), 0);
	cr_assert_not(file_has(db, "Quendelbrot"));
	/* idempotent */
	cr_assert_eq(fd_forget_replay(fd, NULL, NOW + 120, &rr, &err), 0, "%s", err.msg);
	cr_assert_eq(rr.erased, 0);
	cr_assert_eq(rr.gone, 1);
	free(rr.file);
	read_text(list, text, sizeof text);
	int records = 0;
	for (const char *p = text; p && *p; p = strchr(p, '\n') ? strchr(p, '\n') + 1 : NULL)
		records += *p != '#' && *p != '\n';
	cr_assert_eq(records, 1, "the replay appends nothing: %s", text);
}

Test(privacy, replay_keeps_a_newer_contact_with_a_listed_id)
{
	char path[128];
	office();
	struct fd_call_result k = call("030 1111111", "Zora Quast", NULL, NULL, 0, NOW);
	snprintf(path, sizeof path, "%s/list", dir);
	FILE *f = fopen(path, "w");
	/* erased before she was added: that id was someone else's */
	fprintf(f, "%lld %lld\n", k.contact_id, (long long)(NOW - DAY));
	fclose(f);
	struct fd_replay_result rr;
	cr_assert_eq(fd_forget_replay(fd, path, NOW, &rr, &err), 0, "%s", err.msg);
	cr_assert_eq(rr.kept, 1);
	cr_assert_eq(rr.erased, 0);
	free(rr.file);
	struct fd_contact_data d;
	cr_assert_eq(fd_contact_data(fd, k.contact_id, 0, NOW, &d, &err), 0, "%s", err.msg);
	fd_contact_data_clear(&d);
}

/* ---- retention ---- */

Test(privacy, purge_anonymises_what_closed_before_the_period)
{
	office();
	time_t old = NOW - 400 * DAY;
	struct fd_call_result done = call("030 1111111", "Old Caller", "old subject", "old message", 1, old);
	cr_assert_eq(fd_callback_done(fd, done.callback_id, "old note", old + HOUR, &err), 0, "%s", err.msg);
	struct fd_call_result open = call("030 2222222", "Still Waiting", "open subject", NULL, 1, old);
	struct fd_call_result plain = call("030 3333333", "Plain Old", "plain subject", NULL, 0, old);
	struct fd_call_result recent = call("030 4444444", "New Caller", "new subject", NULL, 0, NOW - DAY);
	struct fd_caller who;
	long long ring_id;
	cr_assert_eq(fd_ring(fd, "030 1111111", NULL, old, &who, &ring_id, &err), 0, "%s", err.msg);
	fd_caller_clear(&who);

	struct fd_purge_result p;
	cr_assert_eq(fd_purge(fd, 0, 1, NOW, &p, &err), 0, "%s", err.msg);
	cr_assert_eq(p.days, 365, "the default period");
	cr_assert_eq(p.before, NOW - 365 * DAY);
	cr_assert_eq(p.n.calls, 2);
	cr_assert_eq(p.n.callbacks, 1);
	cr_assert_eq(p.n.attempt_notes, 1);
	cr_assert_eq(p.n.rings, 1);
	size_t n;
	struct call *list = all_calls(&n);
	cr_assert_str_eq(call_by_id(list, n, done.call_id)->subject, "old subject", "dry run");
	db_call_free_list(list, n);

	cr_assert_eq(fd_purge(fd, 0, 0, NOW, &p, &err), 0, "%s", err.msg);
	cr_assert_eq(p.n.calls, 2);
	list = all_calls(&n);
	cr_assert_eq(n, 4, "no call row goes");
	cr_assert_null(call_by_id(list, n, done.call_id)->subject);
	cr_assert_null(call_by_id(list, n, done.call_id)->number);
	cr_assert_null(call_by_id(list, n, plain.call_id)->message);
	cr_assert_null(call_by_id(list, n, plain.call_id)->caller_name);
	cr_assert_str_eq(call_by_id(list, n, open.call_id)->subject, "open subject",
	                 "an open callback's call stays");
	cr_assert_str_eq(call_by_id(list, n, recent.call_id)->subject, "new subject");
	db_call_free_list(list, n);
	struct callback cb;
	cr_assert_eq(fd_callback_get(fd, done.callback_id, &cb, &err), 0, "%s", err.msg);
	cr_assert_null(cb.subject);
	cr_assert_str_eq(cb.status, "done");
	db_callback_clear(&cb);

	cr_assert_eq(fd_purge(fd, 0, 0, NOW, &p, &err), 0, "%s", err.msg);
	cr_assert_eq(p.n.calls + p.n.callbacks + p.n.attempt_notes + p.n.rings, 0, "idempotent");
}

Test(privacy, retention_setting_and_override)
{
	office();
	call("030 4444444", "Month Old", "subject", NULL, 0, NOW - 40 * DAY);
	struct fd_purge_result p;
	int days;
	cr_assert_eq(fd_retention_days(fd, &days, &err), 0);
	cr_assert_eq(days, 365);
	cr_assert_eq(fd_purge(fd, 0, 1, NOW, &p, &err), 0, "%s", err.msg);
	cr_assert_eq(p.n.calls, 0);
	cr_assert_eq(fd_retention_set(fd, 30, NOW, &err), 0, "%s", err.msg);
	cr_assert_eq(fd_purge(fd, 0, 1, NOW, &p, &err), 0, "%s", err.msg);
	cr_assert_eq(p.days, 30);
	cr_assert_eq(p.n.calls, 1);
	cr_assert_eq(fd_purge(fd, 60, 1, NOW, &p, &err), 0, "%s", err.msg);
	cr_assert_eq(p.n.calls, 0, "--older-than wins");
	refused(fd_retention_set(fd, 0, NOW, &err), 2, "not a number of days");
	cr_assert_eq(db_meta_set(fd->db, "retention_days", "a year"), 0);
	refused(fd_purge(fd, 0, 1, NOW, &p, &err), 1, "retention_days setting");
}
