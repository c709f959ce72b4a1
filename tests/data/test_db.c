/*
 * The data layer through its public header only (tests never include
 * sqlite3.h): each test on a fresh in-memory database, the empty and
 * malformed cases first.
 */
#include <criterion/criterion.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "data/db.h"

#define NOW ((time_t)1795424400) /* Mon 23 Nov 2026 10:00 in Berlin */

static struct db *db;

static void open_memory(void)
{
	char err[512] = "";
	db = NULL;
	cr_assert_eq(db_open(NULL, DB_OPEN_MEMORY, &db, err, sizeof err), 0, "db_open: %s", err);
	cr_assert_not_null(db);
}

static void close_db(void)
{
	db_close(&db);
}

TestSuite(db, .init = open_memory, .fini = close_db);

/* ---- helpers: every write in its own transaction ---- */

static long long add_staff(const char *name, const char *login, const char *ext, const char *role,
                           long long deputy)
{
	struct staff s = {0};
	long long id = 0;
	s.name = (char *)name;
	s.login = (char *)login;
	s.ext = (char *)ext;
	s.role = (char *)role;
	s.deputy_id = deputy;
	cr_assert_eq(db_begin(db), 0, "%s", db_errmsg(db));
	cr_assert_eq(db_staff_insert(db, &s, &id), 0, "insert %s: %s", login, db_errmsg(db));
	cr_assert_eq(db_commit(db), 0, "%s", db_errmsg(db));
	cr_assert_gt(id, 0);
	return id;
}

static long long add_contact(const char *name, const char *company, const char *e164, time_t at)
{
	struct contact c = {0};
	long long id = 0;
	char *nums[1] = {(char *)e164};
	c.name = (char *)name;
	c.company = (char *)company;
	c.numbers = e164 ? nums : NULL;
	c.n_numbers = e164 ? 1 : 0;
	cr_assert_eq(db_begin(db), 0, "%s", db_errmsg(db));
	cr_assert_eq(db_contact_insert(db, &c, at, &id), 0, "%s", db_errmsg(db));
	cr_assert_eq(db_commit(db), 0, "%s", db_errmsg(db));
	cr_assert_gt(id, 0);
	return id;
}

static long long add_call(long long contact, const char *number, long long wanted, time_t at,
                          const char *outcome, const char *subject)
{
	struct call c = {0};
	long long id = 0;
	c.at = at;
	c.contact_id = contact;
	c.number = (char *)number;
	c.number_typed = (char *)number;
	c.wanted_id = wanted;
	c.taken_login = "root";
	c.outcome = (char *)outcome;
	c.subject = (char *)subject;
	cr_assert_eq(db_begin(db), 0);
	cr_assert_eq(db_call_insert(db, &c, &id), 0, "%s", db_errmsg(db));
	cr_assert_eq(db_commit(db), 0);
	return id;
}

static long long add_callback(long long call, long long contact, const char *number,
                              long long assignee, time_t due, int priority)
{
	struct callback b = {0};
	long long id = 0;
	b.call_id = call;
	b.contact_id = contact;
	b.number = (char *)number;
	b.assignee_id = assignee;
	b.created = NOW;
	b.due = due;
	b.priority = priority;
	b.subject = "call back";
	cr_assert_eq(db_begin(db), 0);
	cr_assert_eq(db_callback_insert(db, &b, &id), 0, "%s", db_errmsg(db));
	cr_assert_eq(db_commit(db), 0);
	return id;
}

/* ---- open: empty, missing, malformed ---- */

Test(db, memory_is_migrated_to_the_current_schema)
{
	cr_assert_eq(db_schema_version(db), DB_SCHEMA_VERSION);
	cr_assert_geq(DB_SCHEMA_VERSION, 2, "schema 2 added the erasure table");
}

Test(db, empty_lookups_find_nothing)
{
	struct staff s;
	struct contact c;
	struct callback b;
	struct ring r;
	char *v = NULL;
	cr_assert_eq(db_staff_by_login(db, "anna", &s), 0);
	cr_assert_eq(db_staff_by_login(db, "", &s), 0);
	cr_assert_eq(db_staff_by_id(db, 1, &s), 0);
	cr_assert_eq(db_staff_by_id(db, -1, &s), 0);
	cr_assert_eq(db_staff_by_ext(db, "201", &s), 0);
	cr_assert_eq(db_contact_by_id(db, 1, &c), 0);
	cr_assert_eq(db_contact_by_number(db, "+49301234567", &c), 0);
	cr_assert_eq(db_callback_by_id(db, 1, &b), 0);
	cr_assert_eq(db_callback_find_open(db, 1, "+49301234567", 1, &b), 0);
	cr_assert_eq(db_callback_find_open(db, 0, NULL, 1, &b), 0);
	cr_assert_eq(db_ring_latest(db, 0, &r), 0);
	cr_assert_eq(db_meta_get(db, "country_code", &v), 0);
	cr_assert_null(v);
}

Test(db, empty_lists_and_counts)
{
	struct staff *sl = (struct staff *)1;
	struct call *cl = (struct call *)1;
	struct callback *bl = (struct callback *)1;
	struct attempt *al = (struct attempt *)1;
	size_t n = 99;
	long long k = 99, open = 99, overdue = 99;
	struct db_call_filter cf = {0};
	struct db_callback_filter bf = {0};

	cr_assert_eq(db_staff_list(db, &sl, &n), 0);
	cr_assert_eq(n, 0);
	free(sl);
	n = 99;
	cr_assert_eq(db_call_list(db, &cf, &cl, &n), 0);
	cr_assert_eq(n, 0);
	free(cl);
	n = 99;
	cr_assert_eq(db_callback_list(db, &bf, NOW, &bl, &n), 0);
	cr_assert_eq(n, 0);
	free(bl);
	n = 99;
	cr_assert_eq(db_attempt_list(db, 1, &al, &n), 0);
	cr_assert_eq(n, 0);
	free(al);
	cr_assert_eq(db_staff_count(db, &k), 0);
	cr_assert_eq(k, 0);
	k = 99;
	cr_assert_eq(db_contact_count(db, &k), 0);
	cr_assert_eq(k, 0);
	cr_assert_eq(db_callback_counts(db, NOW, &open, &overdue), 0);
	cr_assert_eq(open, 0);
	cr_assert_eq(overdue, 0);
}

/* A private directory for the tests that need real files. */
static char *tmpdir(void)
{
	char tmpl[] = "/tmp/fd-test-db.XXXXXX";
	char *d = mkdtemp(tmpl);
	cr_assert_not_null(d);
	return strdup(d);
}

static void rm_rf(const char *dir)
{
	char cmd[600];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	cr_assert_eq(system(cmd), 0);
}

Test(db, open_missing_file_is_refused_and_not_created)
{
	char err[512] = "";
	struct db *d2 = NULL;
	char *dir = tmpdir();
	char path[600];
	snprintf(path, sizeof path, "%s/typo.db", dir);
	cr_assert_eq(db_open(path, DB_OPEN_EXISTING, &d2, err, sizeof err), -1);
	cr_assert_null(d2);
	cr_assert(strstr(err, "typo.db") != NULL, "message names the file: %s", err);
	cr_assert_eq(access(path, F_OK), -1, "the missing file was created");
	rm_rf(dir);
	free(dir);
}

Test(db, open_create_then_existing)
{
	char err[512] = "";
	struct db *d2 = NULL;
	char *dir = tmpdir();
	char path[600];
	snprintf(path, sizeof path, "%s/new.db", dir);
	cr_assert_eq(db_open(path, DB_OPEN_CREATE, &d2, err, sizeof err), 0, "%s", err);
	cr_assert_eq(db_schema_version(d2), DB_SCHEMA_VERSION);
	cr_assert_eq(db_begin(d2), 0);
	cr_assert_eq(db_meta_set(d2, "k", "v"), 0);
	cr_assert_eq(db_commit(d2), 0);
	db_close(&d2);
	cr_assert_null(d2);
	cr_assert_eq(db_open(path, DB_OPEN_EXISTING, &d2, err, sizeof err), 0, "%s", err);
	char *v = NULL;
	cr_assert_eq(db_meta_get(d2, "k", &v), 1);
	cr_assert_str_eq(v, "v");
	free(v);
	db_close(&d2);
	rm_rf(dir);
	free(dir);
}

Test(db, open_text_file_is_refused)
{
	char err[512] = "";
	struct db *d2 = NULL;
	char *dir = tmpdir();
	char path[600];
	snprintf(path, sizeof path, "%s/notes.txt", dir);
	FILE *f = fopen(path, "w");
	cr_assert_not_null(f);
	fputs("this is not a database, just some notes\n", f);
	fclose(f);
	cr_assert_eq(db_open(path, DB_OPEN_EXISTING, &d2, err, sizeof err), -1);
	cr_assert_null(d2);
	cr_assert(strstr(err, "not a frontdesk database") != NULL, "%s", err);
	cr_assert_eq(db_open(path, DB_OPEN_CREATE, &d2, err, sizeof err), -1,
	             "create must not take over an existing file");
	rm_rf(dir);
	free(dir);
}

Test(db, open_directory_is_refused)
{
	char err[512] = "";
	struct db *d2 = NULL;
	char *dir = tmpdir();
	cr_assert_eq(db_open(dir, DB_OPEN_EXISTING, &d2, err, sizeof err), -1);
	cr_assert_null(d2);
	cr_assert(strstr(err, "not a regular file") != NULL, "%s", err);
	rm_rf(dir);
	free(dir);
}

/* ---- transactions ---- */

Test(db, begin_twice_is_refused)
{
	cr_assert_eq(db_begin(db), 0);
	cr_assert_eq(db_begin(db), -1);
	cr_assert(strlen(db_errmsg(db)) > 0);
	/* the first transaction still works */
	cr_assert_eq(db_meta_set(db, "k", "v"), 0);
	cr_assert_eq(db_commit(db), 0);
	char *v = NULL;
	cr_assert_eq(db_meta_get(db, "k", &v), 1);
	cr_assert_str_eq(v, "v");
	free(v);
}

Test(db, rollback_leaves_nothing)
{
	struct staff s = {0};
	long long id = 0, n = -1;
	s.name = "Anna Berg";
	s.login = "anna";
	cr_assert_eq(db_begin(db), 0);
	cr_assert_eq(db_staff_insert(db, &s, &id), 0, "%s", db_errmsg(db));
	cr_assert_eq(db_meta_set(db, "k", "v"), 0);
	db_rollback(db);
	cr_assert_eq(db_staff_count(db, &n), 0);
	cr_assert_eq(n, 0);
	struct staff out;
	cr_assert_eq(db_staff_by_login(db, "anna", &out), 0);
	char *v = NULL;
	cr_assert_eq(db_meta_get(db, "k", &v), 0);
	/* and a new transaction can start */
	cr_assert_eq(db_begin(db), 0);
	db_rollback(db);
}

Test(db, commit_and_rollback_without_begin_are_harmless)
{
	cr_assert_eq(db_commit(db), 0);
	db_rollback(db);
	cr_assert_eq(db_begin(db), 0);
	cr_assert_eq(db_commit(db), 0);
}

Test(db, change_counter_moves_on_commit_only)
{
	long long c0 = db_change_counter(db);
	cr_assert_eq(db_begin(db), 0);
	cr_assert_eq(db_meta_set(db, "k", "1"), 0);
	db_rollback(db);
	cr_assert_eq(db_change_counter(db), c0, "a rollback changed the counter");
	cr_assert_eq(db_begin(db), 0);
	cr_assert_eq(db_meta_set(db, "k", "2"), 0);
	cr_assert_eq(db_commit(db), 0);
	cr_assert_neq(db_change_counter(db), c0);
}

/* ---- meta ---- */

Test(db, meta_round_trip_and_replace)
{
	char *v = NULL;
	cr_assert_eq(db_begin(db), 0);
	cr_assert_eq(db_meta_set(db, "country_code", "49"), 0);
	cr_assert_eq(db_meta_set(db, "country_code", "43"), 0);
	cr_assert_eq(db_meta_set(db, "odd'key\"; --", "x'); DROP TABLE meta; --"), 0);
	cr_assert_eq(db_commit(db), 0);
	cr_assert_eq(db_meta_get(db, "country_code", &v), 1);
	cr_assert_str_eq(v, "43");
	free(v);
	cr_assert_eq(db_meta_get(db, "odd'key\"; --", &v), 1);
	cr_assert_str_eq(v, "x'); DROP TABLE meta; --");
	free(v);
}

/* ---- staff ---- */

Test(db, staff_round_trip)
{
	long long anna = add_staff("Anna Berg", "anna", "201", "employee", 0);
	long long max = add_staff("Max Müller", "max", "202", "supervisor", anna);
	struct staff s;
	cr_assert_eq(db_staff_by_login(db, "max", &s), 1);
	cr_assert_eq(s.id, max);
	cr_assert_str_eq(s.name, "Max Müller");
	cr_assert_str_eq(s.login, "max");
	cr_assert_str_eq(s.ext, "202");
	cr_assert_str_eq(s.role, "supervisor");
	cr_assert_eq(s.deputy_id, anna);
	cr_assert_str_eq(s.deputy_name, "Anna Berg");
	cr_assert_str_eq(s.deputy_login, "anna");
	cr_assert_str_eq(s.presence, "in");
	cr_assert_eq(s.presence_until, 0);
	cr_assert_null(s.phone);
	cr_assert_null(s.email);
	cr_assert_gt(s.rev, 0);
	db_staff_clear(&s);
	cr_assert_null(s.name);

	cr_assert_eq(db_staff_by_ext(db, "201", &s), 1);
	cr_assert_eq(s.id, anna);
	cr_assert_null(s.deputy_name);
	db_staff_clear(&s);
	cr_assert_eq(db_staff_by_id(db, anna, &s), 1);
	cr_assert_str_eq(s.login, "anna");
	db_staff_clear(&s);

	struct staff *list;
	size_t n;
	cr_assert_eq(db_staff_list(db, &list, &n), 0);
	cr_assert_eq(n, 2);
	cr_assert_str_eq(list[0].login, "anna", "sorted by name");
	cr_assert_str_eq(list[1].login, "max");
	db_staff_free_list(list, n);
	long long k;
	cr_assert_eq(db_staff_count(db, &k), 0);
	cr_assert_eq(k, 2);
}

Test(db, staff_default_role_is_employee)
{
	long long id = add_staff("No Role", "norole", NULL, NULL, 0);
	struct staff s;
	cr_assert_eq(db_staff_by_id(db, id, &s), 1);
	cr_assert_str_eq(s.role, "employee");
	db_staff_clear(&s);
}

Test(db, staff_unique_login_refused)
{
	add_staff("Anna Berg", "anna", "201", "employee", 0);
	struct staff s = {0};
	long long id = 0;
	s.name = "Another Anna";
	s.login = "anna";
	cr_assert_eq(db_begin(db), 0);
	cr_assert_eq(db_staff_insert(db, &s, &id), -1);
	cr_assert(strstr(db_errmsg(db), "exists already") != NULL, "%s", db_errmsg(db));
	db_rollback(db);
	long long n;
	cr_assert_eq(db_staff_count(db, &n), 0);
	cr_assert_eq(n, 1);
}

Test(db, staff_bad_role_and_presence_refused)
{
	struct staff s = {0};
	long long id = 0;
	s.name = "King";
	s.login = "king";
	s.role = "king";
	cr_assert_eq(db_begin(db), 0);
	cr_assert_eq(db_staff_insert(db, &s, &id), -1);
	cr_assert(strlen(db_errmsg(db)) > 0);
	db_rollback(db);

	long long anna = add_staff("Anna Berg", "anna", NULL, "employee", 0);
	cr_assert_eq(db_begin(db), 0);
	cr_assert_eq(db_staff_set_presence(db, anna, "dancing", 0, NULL, NOW), -1);
	db_rollback(db);
	struct staff out;
	cr_assert_eq(db_staff_by_id(db, anna, &out), 1);
	cr_assert_str_eq(out.presence, "in");
	db_staff_clear(&out);
}

Test(db, staff_presence_round_trip)
{
	long long anna = add_staff("Anna Berg", "anna", NULL, "employee", 0);
	cr_assert_eq(db_begin(db), 0);
	cr_assert_eq(db_staff_set_presence(db, anna, "meeting", NOW + 3600, "board room", NOW), 0);
	cr_assert_eq(db_commit(db), 0);
	struct staff s;
	cr_assert_eq(db_staff_by_id(db, anna, &s), 1);
	cr_assert_str_eq(s.presence, "meeting");
	cr_assert_eq(s.presence_until, NOW + 3600);
	cr_assert_str_eq(s.presence_note, "board room");
	cr_assert_eq(s.presence_changed, NOW);
	db_staff_clear(&s);
}

/* ---- contacts ---- */

Test(db, contact_round_trip_with_numbers)
{
	long long id = add_contact("Hans Maier", "Maier GmbH", "+49301234567", NOW);
	cr_assert_eq(db_begin(db), 0);
	cr_assert_eq(db_contact_add_number(db, id, "+491701234567", "0170 1234567"), 0);
	/* the same number twice is one number */
	cr_assert_eq(db_contact_add_number(db, id, "+491701234567", "0170/1234567"), 0);
	cr_assert_eq(db_commit(db), 0);

	struct contact c;
	cr_assert_eq(db_contact_by_id(db, id, &c), 1);
	cr_assert_str_eq(c.name, "Hans Maier");
	cr_assert_str_eq(c.company, "Maier GmbH");
	cr_assert_null(c.email);
	cr_assert_eq(c.created, NOW);
	cr_assert_eq(c.n_numbers, 2);
	cr_assert_str_eq(c.numbers[0], "+49301234567");
	cr_assert_str_eq(c.numbers[1], "+491701234567");
	db_contact_clear(&c);
	cr_assert_eq(c.n_numbers, 0);

	cr_assert_eq(db_contact_by_number(db, "+491701234567", &c), 1);
	cr_assert_eq(c.id, id);
	db_contact_clear(&c);
	cr_assert_eq(db_contact_by_number(db, "+4930123456", &c), 0, "a prefix is not the number");
	long long n;
	cr_assert_eq(db_contact_count(db, &n), 0);
	cr_assert_eq(n, 1);
}

Test(db, contact_by_number_prefers_the_latest_caller)
{
	long long a = add_contact("Old Caller", NULL, "+49301111111", NOW - 86400);
	long long b = add_contact("Shared Line", NULL, "+49301111111", NOW - 86400);
	long long s = add_staff("Anna Berg", "anna", NULL, "employee", 0);
	add_call(a, "+49301111111", s, NOW, "unreached", "latest");
	add_call(b, "+49301111111", s, NOW - 3600, "unreached", "earlier");
	struct contact c;
	cr_assert_eq(db_contact_by_number(db, "+49301111111", &c), 1);
	cr_assert_eq(c.id, a, "expected the contact who called last (%lld), got %lld", a, c.id);
	db_contact_clear(&c);
}

Test(db, contact_text_is_stored_exactly)
{
	const char *name = "O'Brien \"Bob\"; DROP TABLE contact; --";
	long long id = add_contact(name, "Ünïcødé & Co ✓", NULL, NOW);
	struct contact c;
	cr_assert_eq(db_contact_by_id(db, id, &c), 1);
	cr_assert_str_eq(c.name, name);
	cr_assert_str_eq(c.company, "Ünïcødé & Co ✓");
	cr_assert_eq(c.n_numbers, 0);
	db_contact_clear(&c);
	long long n;
	cr_assert_eq(db_contact_count(db, &n), 0);
	cr_assert_eq(n, 1);
}

/* ---- calls ---- */

Test(db, call_round_trip_and_filters)
{
	long long anna = add_staff("Anna Berg", "anna", "201", "employee", 0);
	long long max = add_staff("Max Müller", "max", "202", "employee", 0);
	long long k = add_contact("Hans Maier", "Maier GmbH", "+49301234567", NOW);
	long long c1 = add_call(k, "+49301234567", anna, NOW - 7200, "connected", "first");
	long long c2 = add_call(0, "+49309999999", max, NOW - 3600, "unreached", "second");
	long long c3 = add_call(k, "+49301234567", max, NOW, "message", "third");

	struct db_call_filter f = {0};
	struct call *l;
	size_t n;
	cr_assert_eq(db_call_list(db, &f, &l, &n), 0);
	cr_assert_eq(n, 3);
	cr_assert_eq(l[0].id, c3, "newest first");
	cr_assert_eq(l[2].id, c1);
	cr_assert_str_eq(l[0].caller_name, "Hans Maier");
	cr_assert_str_eq(l[0].caller_company, "Maier GmbH");
	cr_assert_str_eq(l[0].wanted_login, "max");
	cr_assert_str_eq(l[0].wanted_name, "Max Müller");
	cr_assert_str_eq(l[0].outcome, "message");
	cr_assert_str_eq(l[0].subject, "third");
	cr_assert_str_eq(l[0].taken_login, "root");
	cr_assert_null(l[1].caller_name, "an unknown caller has no name");
	cr_assert_str_eq(l[1].number, "+49309999999");
	cr_assert_eq(l[0].callback_id, 0);
	db_call_free_list(l, n);

	f.wanted_id = max;
	cr_assert_eq(db_call_list(db, &f, &l, &n), 0);
	cr_assert_eq(n, 2);
	db_call_free_list(l, n);

	memset(&f, 0, sizeof f);
	f.since = NOW - 3600;
	cr_assert_eq(db_call_list(db, &f, &l, &n), 0);
	cr_assert_eq(n, 2, "since is inclusive");
	db_call_free_list(l, n);

	memset(&f, 0, sizeof f);
	f.until = NOW - 3600;
	cr_assert_eq(db_call_list(db, &f, &l, &n), 0);
	cr_assert_eq(n, 1, "until is exclusive");
	cr_assert_eq(l[0].id, c1);
	db_call_free_list(l, n);

	memset(&f, 0, sizeof f);
	f.outcome = "unreached";
	cr_assert_eq(db_call_list(db, &f, &l, &n), 0);
	cr_assert_eq(n, 1);
	cr_assert_eq(l[0].id, c2);
	db_call_free_list(l, n);

	memset(&f, 0, sizeof f);
	f.contact_id = k;
	f.limit = 1;
	cr_assert_eq(db_call_list(db, &f, &l, &n), 0);
	cr_assert_eq(n, 1);
	cr_assert_eq(l[0].id, c3);
	db_call_free_list(l, n);

	memset(&f, 0, sizeof f);
	f.number = "+49309999999";
	cr_assert_eq(db_call_list(db, &f, &l, &n), 0);
	cr_assert_eq(n, 1);
	cr_assert_eq(l[0].id, c2);
	db_call_free_list(l, n);

	memset(&f, 0, sizeof f);
	f.outcome = "no-such-outcome";
	cr_assert_eq(db_call_list(db, &f, &l, &n), 0);
	cr_assert_eq(n, 0);
	free(l);
}

Test(db, call_bad_outcome_refused)
{
	struct call c = {0};
	long long id = 0;
	c.at = NOW;
	c.number = "+49301234567";
	c.outcome = "shouting";
	cr_assert_eq(db_begin(db), 0);
	cr_assert_eq(db_call_insert(db, &c, &id), -1);
	db_rollback(db);
	struct db_call_filter f = {0};
	struct call *l;
	size_t n;
	cr_assert_eq(db_call_list(db, &f, &l, &n), 0);
	cr_assert_eq(n, 0);
	free(l);
}

/* ---- callbacks and attempts ---- */

Test(db, callback_round_trip)
{
	long long max = add_staff("Max Müller", "max", "202", "employee", 0);
	long long k = add_contact("Hans Maier", "Maier GmbH", "+49301234567", NOW);
	long long call = add_call(k, "+49301234567", max, NOW, "unreached", "offer");
	long long cb = add_callback(call, k, "+49301234567", max, NOW + 3600, 1);
	cr_assert_eq(db_begin(db), 0);
	cr_assert_eq(db_call_set_callback(db, call, cb), 0);
	cr_assert_eq(db_commit(db), 0);

	struct callback b;
	cr_assert_eq(db_callback_by_id(db, cb, &b), 1);
	cr_assert_eq(b.call_id, call);
	cr_assert_eq(b.contact_id, k);
	cr_assert_str_eq(b.caller_name, "Hans Maier");
	cr_assert_str_eq(b.caller_company, "Maier GmbH");
	cr_assert_str_eq(b.number, "+49301234567");
	cr_assert_eq(b.assignee_id, max);
	cr_assert_str_eq(b.assignee_login, "max");
	cr_assert_str_eq(b.assignee_name, "Max Müller");
	cr_assert_eq(b.created, NOW);
	cr_assert_eq(b.due, NOW + 3600);
	cr_assert_eq(b.closed, 0);
	cr_assert_eq(b.priority, 1);
	cr_assert_str_eq(b.status, "open");
	cr_assert_str_eq(b.subject, "call back");
	cr_assert_eq(b.calls, 1);
	cr_assert_eq(b.attempts, 0);
	db_callback_clear(&b);

	struct db_call_filter f = {0};
	struct call *l;
	size_t n;
	cr_assert_eq(db_call_list(db, &f, &l, &n), 0);
	cr_assert_eq(n, 1);
	cr_assert_eq(l[0].callback_id, cb);
	db_call_free_list(l, n);
}

Test(db, callback_find_open_touch)
{
	long long anna = add_staff("Anna Berg", "anna", "201", "employee", 0);
	long long max = add_staff("Max Müller", "max", "202", "employee", 0);
	long long k = add_contact("Hans Maier", NULL, "+49301234567", NOW);
	long long cb = add_callback(0, k, "+49301234567", max, NOW + 3600, 0);
	long long cb_unknown = add_callback(0, 0, "+49309999999", max, NOW + 3600, 0);
	struct callback b;

	cr_assert_eq(db_callback_find_open(db, k, "+49301234567", max, &b), 1);
	cr_assert_eq(b.id, cb);
	db_callback_clear(&b);
	cr_assert_eq(db_callback_find_open(db, k, "+49301234567", anna, &b), 0,
	             "another assignee's callback is not this one");
	cr_assert_eq(db_callback_find_open(db, 0, "+49309999999", max, &b), 1);
	cr_assert_eq(b.id, cb_unknown);
	db_callback_clear(&b);

	cr_assert_eq(db_begin(db), 0);
	cr_assert_eq(db_callback_touch(db, cb, NOW + 60, 1), 0);
	cr_assert_eq(db_commit(db), 0);
	cr_assert_eq(db_callback_by_id(db, cb, &b), 1);
	cr_assert_eq(b.calls, 2);
	cr_assert_eq(b.priority, 1, "an urgent call raises the priority");
	cr_assert_eq(b.last_call, NOW + 60);
	db_callback_clear(&b);
	cr_assert_eq(db_begin(db), 0);
	cr_assert_eq(db_callback_touch(db, cb, NOW + 120, 0), 0);
	cr_assert_eq(db_commit(db), 0);
	cr_assert_eq(db_callback_by_id(db, cb, &b), 1);
	cr_assert_eq(b.calls, 3);
	cr_assert_eq(b.priority, 1, "a calm call does not lower it");
	db_callback_clear(&b);

	/* closed callbacks are not found */
	cr_assert_eq(db_begin(db), 0);
	cr_assert_eq(db_callback_set_status(db, cb, "open", "done", NOW), 1);
	cr_assert_eq(db_commit(db), 0);
	cr_assert_eq(db_callback_find_open(db, k, "+49301234567", max, &b), 0);
}

Test(db, callback_set_status_race)
{
	long long max = add_staff("Max Müller", "max", "202", "employee", 0);
	long long cb = add_callback(0, 0, "+49309999999", max, NOW + 3600, 0);
	cr_assert_eq(db_begin(db), 0);
	cr_assert_eq(db_callback_set_status(db, cb, "open", "done", NOW), 1, "first: changed");
	cr_assert_eq(db_callback_set_status(db, cb, "open", "cancelled", NOW + 5), 0,
	             "second: someone else changed it");
	cr_assert_eq(db_commit(db), 0);
	struct callback b;
	cr_assert_eq(db_callback_by_id(db, cb, &b), 1);
	cr_assert_str_eq(b.status, "done");
	cr_assert_eq(b.closed, NOW);
	db_callback_clear(&b);

	cr_assert_eq(db_begin(db), 0);
	cr_assert_eq(db_callback_set_status(db, 999, "open", "done", NOW), 0, "no such callback");
	cr_assert_eq(db_callback_set_status(db, cb, "done", "no-such-status", NOW), -1);
	db_rollback(db);
	/* reopening clears the closing time */
	cr_assert_eq(db_begin(db), 0);
	cr_assert_eq(db_callback_set_status(db, cb, "done", "open", NOW), 1);
	cr_assert_eq(db_commit(db), 0);
	cr_assert_eq(db_callback_by_id(db, cb, &b), 1);
	cr_assert_str_eq(b.status, "open");
	cr_assert_eq(b.closed, 0);
	db_callback_clear(&b);
}

Test(db, callback_due_reassign_list_counts)
{
	long long anna = add_staff("Anna Berg", "anna", "201", "employee", 0);
	long long max = add_staff("Max Müller", "max", "202", "employee", 0);
	long long later = add_callback(0, 0, "+49301", max, NOW + 7200, 0);
	long long overdue = add_callback(0, 0, "+49302", max, NOW - 600, 0);
	long long soon_urgent = add_callback(0, 0, "+49303", max, NOW + 600, 1);
	long long soon = add_callback(0, 0, "+49304", max, NOW + 600, 0);
	long long closed = add_callback(0, 0, "+49305", max, NOW - 9000, 0);
	long long annas = add_callback(0, 0, "+49306", anna, NOW + 60, 0);
	cr_assert_eq(db_begin(db), 0);
	cr_assert_eq(db_callback_set_status(db, closed, "open", "done", NOW), 1);
	cr_assert_eq(db_commit(db), 0);

	long long open, od;
	cr_assert_eq(db_callback_counts(db, NOW, &open, &od), 0);
	cr_assert_eq(open, 5);
	cr_assert_eq(od, 1);

	struct db_callback_filter f = {max, 1, 0};
	struct callback *l;
	size_t n;
	cr_assert_eq(db_callback_list(db, &f, NOW, &l, &n), 0);
	cr_assert_eq(n, 4);
	long long want[] = {overdue, soon_urgent, soon, later};
	for (size_t i = 0; i < 4; i++)
		cr_assert_eq(l[i].id, want[i], "position %zu: %lld, expected %lld", i, l[i].id, want[i]);
	db_callback_free_list(l, n);

	f.open_only = 0;
	cr_assert_eq(db_callback_list(db, &f, NOW, &l, &n), 0);
	cr_assert_eq(n, 5);
	cr_assert_eq(l[4].id, closed, "closed ones last");
	db_callback_free_list(l, n);

	f.assignee_id = 0;
	f.open_only = 1;
	f.limit = 2;
	cr_assert_eq(db_callback_list(db, &f, NOW, &l, &n), 0);
	cr_assert_eq(n, 2);
	db_callback_free_list(l, n);

	cr_assert_eq(db_begin(db), 0);
	cr_assert_eq(db_callback_set_due(db, later, NOW + 86400), 0);
	cr_assert_eq(db_callback_reassign(db, annas, max, "rita", NOW), 0);
	cr_assert_eq(db_commit(db), 0);
	struct callback b;
	cr_assert_eq(db_callback_by_id(db, later, &b), 1);
	cr_assert_eq(b.due, NOW + 86400);
	db_callback_clear(&b);
	cr_assert_eq(db_callback_by_id(db, annas, &b), 1);
	cr_assert_eq(b.assignee_id, max);
	cr_assert_str_eq(b.assignee_login, "max");
	db_callback_clear(&b);
	f.assignee_id = anna;
	f.limit = 0;
	cr_assert_eq(db_callback_list(db, &f, NOW, &l, &n), 0);
	cr_assert_eq(n, 0);
	free(l);
}

Test(db, callback_needs_an_existing_assignee)
{
	struct callback b = {0};
	long long id = 0;
	b.number = "+49301234567";
	b.assignee_id = 42;
	b.created = NOW;
	b.due = NOW;
	cr_assert_eq(db_begin(db), 0);
	cr_assert_eq(db_callback_insert(db, &b, &id), -1, "foreign keys are enforced");
	db_rollback(db);
}

Test(db, attempts_round_trip)
{
	long long max = add_staff("Max Müller", "max", "202", "employee", 0);
	long long cb = add_callback(0, 0, "+49309999999", max, NOW + 3600, 0);
	struct attempt a = {0};
	long long id1 = 0, id2 = 0, id3 = 0;
	a.callback_id = cb;
	a.by_login = "max";
	cr_assert_eq(db_begin(db), 0);
	a.at = NOW + 10;
	a.result = "no-answer";
	a.note = "rang 10 times";
	cr_assert_eq(db_attempt_insert(db, &a, &id1), 0, "%s", db_errmsg(db));
	a.at = NOW + 20;
	a.result = "note";
	a.note = "snoozed";
	cr_assert_eq(db_attempt_insert(db, &a, &id2), 0);
	a.at = NOW + 30;
	a.result = "reached";
	a.note = NULL;
	cr_assert_eq(db_attempt_insert(db, &a, &id3), 0);
	cr_assert_eq(db_commit(db), 0);

	struct attempt *l;
	size_t n;
	cr_assert_eq(db_attempt_list(db, cb, &l, &n), 0);
	cr_assert_eq(n, 3);
	cr_assert_eq(l[0].id, id1, "oldest first");
	cr_assert_str_eq(l[0].result, "no-answer");
	cr_assert_str_eq(l[0].note, "rang 10 times");
	cr_assert_str_eq(l[0].by_login, "max");
	cr_assert_eq(l[0].at, NOW + 10);
	cr_assert_eq(l[2].id, id3);
	cr_assert_null(l[2].note);
	db_attempt_free_list(l, n);

	struct callback b;
	cr_assert_eq(db_callback_by_id(db, cb, &b), 1);
	cr_assert_eq(b.attempts, 2, "notes are not attempts");
	db_callback_clear(&b);

	a.result = "shouted";
	cr_assert_eq(db_begin(db), 0);
	cr_assert_eq(db_attempt_insert(db, &a, NULL), -1, "unknown result refused");
	db_rollback(db);
	cr_assert_eq(db_attempt_list(db, cb, &l, &n), 0);
	cr_assert_eq(n, 3);
	db_attempt_free_list(l, n);
}

/* ---- rings ---- */

Test(db, rings_round_trip_latest)
{
	long long k = add_contact("Hans Maier", NULL, "+49301234567", NOW);
	struct ring r = {0};
	long long id1 = 0, id2 = 0;
	r.at = NOW;
	r.number = "+49301234567";
	r.number_typed = "030 1234567";
	r.to_ext = "201";
	r.contact_id = k;
	cr_assert_eq(db_begin(db), 0);
	cr_assert_eq(db_ring_insert(db, &r, &id1), 0, "%s", db_errmsg(db));
	memset(&r, 0, sizeof r);
	r.at = NOW + 5;
	r.number = "+49309999999";
	cr_assert_eq(db_ring_insert(db, &r, &id2), 0);
	cr_assert_eq(db_commit(db), 0);
	cr_assert_gt(id2, id1);

	struct ring out;
	cr_assert_eq(db_ring_latest(db, 0, &out), 1);
	cr_assert_eq(out.id, id2);
	cr_assert_str_eq(out.number, "+49309999999");
	cr_assert_null(out.to_ext);
	cr_assert_eq(out.contact_id, 0);
	db_ring_clear(&out);
	cr_assert_eq(db_ring_latest(db, id2, &out), 0, "nothing newer than the newest");
	cr_assert_eq(db_ring_latest(db, id1 - 1, &out), 1);
	cr_assert_eq(out.id, id2, "the newest, not the next");
	db_ring_clear(&out);
}

/* ---- audit ---- */

struct audit_seen {
	int n;
	char actions[4][32];
	long long uids[4], entity_ids[4];
};

static int audit_collect(void *ctx, const struct db_audit_row *r)
{
	struct audit_seen *s = ctx;
	if (s->n < 4) {
		snprintf(s->actions[s->n], sizeof s->actions[0], "%s", r->action);
		s->uids[s->n] = r->uid;
		s->entity_ids[s->n] = r->entity_id;
	}
	s->n++;
	return 0;
}

Test(db, audit_empty)
{
	char *h = (char *)1;
	struct audit_seen s = {0};
	cr_assert_eq(db_audit_last_hash(db, &h), 0);
	cr_assert_eq(db_audit_scan(db, audit_collect, &s), 0);
	cr_assert_eq(s.n, 0);
}

Test(db, audit_round_trip)
{
	cr_assert_eq(db_begin(db), 0);
	cr_assert_eq(db_audit(db, NOW, 1000, "call.log", "call", 7, NULL, "h1"), 0, "%s", db_errmsg(db));
	cr_assert_eq(db_audit(db, NOW, 0, "init", "database", 0, "h1", "h2"), 0);
	cr_assert_eq(db_commit(db), 0);
	struct audit_seen s = {0};
	cr_assert_eq(db_audit_scan(db, audit_collect, &s), 0);
	cr_assert_eq(s.n, 2);
	cr_assert_str_eq(s.actions[0], "call.log", "oldest first");
	cr_assert_eq(s.uids[0], 1000);
	cr_assert_eq(s.entity_ids[0], 7);
	cr_assert_eq(s.entity_ids[1], 0);
	char *h = NULL;
	cr_assert_eq(db_audit_last_hash(db, &h), 1);
	cr_assert_str_eq(h, "h2");
	free(h);
}

/* ---- the directory scan behind the search index ---- */

struct seen {
	int n, staff, contacts, deleted;
	long long ids[16];
	char names[16][64];
	char numbers[16][64];
	int recent[16];
};

static void collect(void *ctx, const struct db_dir_row *r)
{
	struct seen *s = ctx;
	if (s->n < 16) {
		s->ids[s->n] = r->id;
		snprintf(s->names[s->n], sizeof s->names[0], "%s", r->name ? r->name : "");
		snprintf(s->numbers[s->n], sizeof s->numbers[0], "%s", r->numbers ? r->numbers : "");
		s->recent[s->n] = r->recent_calls;
	}
	s->n++;
	if (r->deleted)
		s->deleted++;
	else if (r->is_staff)
		s->staff++;
	else
		s->contacts++;
}

Test(db, directory_scan_empty)
{
	struct seen s = {0};
	long long top = -1;
	cr_assert_eq(db_directory_scan(db, 0, NOW, collect, &s, &top), 0);
	cr_assert_eq(s.n, 0);
	cr_assert_eq(top, 0);
}

Test(db, directory_scan_after_rev)
{
	long long anna = add_staff("Anna Berg", "anna", "201", "employee", 0);
	long long k = add_contact("Hans Maier", "Maier GmbH", "+49301234567", NOW);
	struct seen s = {0};
	long long top = 0;
	cr_assert_eq(db_directory_scan(db, 0, NOW, collect, &s, &top), 0);
	cr_assert_eq(s.staff, 1);
	cr_assert_eq(s.contacts, 1);
	cr_assert_eq(s.deleted, 0);
	cr_assert_gt(top, 0);
	cr_assert_str_eq(s.numbers[1], "+49301234567");

	/* nothing changed: nothing after top */
	struct seen s2 = {0};
	long long top2 = -1;
	cr_assert_eq(db_directory_scan(db, top, NOW, collect, &s2, &top2), 0);
	cr_assert_eq(s2.n, 0);
	cr_assert_eq(top2, top, "max_rev stays at after_rev when nothing is newer");

	/* a presence change, a new number and a new contact come after top */
	cr_assert_eq(db_begin(db), 0);
	cr_assert_eq(db_staff_set_presence(db, anna, "lunch", 0, NULL, NOW), 0);
	cr_assert_eq(db_contact_add_number(db, k, "+491701234567", NULL), 0);
	cr_assert_eq(db_commit(db), 0);
	add_contact("Eva Roth", NULL, NULL, NOW);
	add_call(k, "+49301234567", anna, NOW - 3600, "unreached", NULL);
	struct seen s3 = {0};
	long long top3 = 0;
	cr_assert_eq(db_directory_scan(db, top, NOW, collect, &s3, &top3), 0);
	cr_assert_eq(s3.staff, 1, "the presence change");
	cr_assert_eq(s3.contacts, 2, "the new number and the new contact");
	cr_assert_gt(top3, top);
	int found = 0;
	for (int i = 0; i < s3.n && i < 16; i++)
		if (s3.ids[i] == k && strcmp(s3.names[i], "Hans Maier") == 0) {
			found = 1;
			/* both numbers, in any order */
			cr_assert_eq(strlen(s3.numbers[i]), strlen("+49301234567 +491701234567"), "%s", s3.numbers[i]);
			cr_assert(strstr(s3.numbers[i], "+49301234567") != NULL, "%s", s3.numbers[i]);
			cr_assert(strstr(s3.numbers[i], "+491701234567") != NULL, "%s", s3.numbers[i]);
		}
	cr_assert(found, "Hans Maier not rescanned after a new number");
	/* tombstones: data/db.h has no delete function yet, so erasures are
	 * not covered here */
}

Test(db, directory_scan_counts_recent_calls)
{
	long long anna = add_staff("Anna Berg", "anna", "201", "employee", 0);
	long long k = add_contact("Hans Maier", NULL, "+49301234567", NOW - 200 * 86400);
	long long old = add_contact("Olga Alt", NULL, "+49307654321", NOW - 200 * 86400);
	long long never = add_contact("Nina Nie", NULL, "+49301111111", NOW - 200 * 86400);
	add_call(k, "+49301234567", anna, NOW - 3600, "unreached", NULL);
	add_call(k, "+49301234567", anna, NOW - 2 * 86400, "unreached", NULL);
	add_call(old, "+49307654321", anna, NOW - 100 * 86400, "unreached", NULL);
	struct seen s = {0};
	cr_assert_eq(db_directory_scan(db, 0, NOW, collect, &s, NULL), 0);
	int found = 0;
	for (int i = 0; i < s.n && i < 16; i++) {
		if (s.ids[i] == k && strcmp(s.names[i], "Hans Maier") == 0) {
			found++;
			cr_assert_geq(s.recent[i], 2, "two calls this week: %d", s.recent[i]);
		} else if (s.ids[i] == old && strcmp(s.names[i], "Olga Alt") == 0) {
			found++;
			cr_assert_eq(s.recent[i], 0, "the last call 100 days ago is not recent");
		} else if (s.ids[i] == never && strcmp(s.names[i], "Nina Nie") == 0) {
			found++;
			cr_assert_eq(s.recent[i], 0);
		}
	}
	cr_assert_eq(found, 3);
}
