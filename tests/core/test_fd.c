/*
 * The domain core (core/fd.h) on a fresh in-memory database per test: who
 * may do what, calls, callbacks and their attempts, search.  The clock is
 * fixed (NOW); the time zone is Europe/Berlin.
 */
#include <criterion/criterion.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/fd.h"
#include "tests/core/fixture.h"

#define NOW ((time_t)1795424400) /* Mon 23 Nov 2026 10:00 in Berlin */
#define HOUR 3600

static struct fd *fd;
static struct fd_err err;

static void setup(void)
{
	fx_berlin();
	fx_open_memory(&fd, &err, NOW);
}

static void teardown(void)
{
	fd_close(&fd);
}

TestSuite(fd, .init = setup, .fini = teardown);

/* ---- helpers ---- */

/* Expect a refusal with this code whose message contains part and reads
 * like ours: no full stop (the first word may be a name, so capitals are
 * allowed). */
static void refused(int rc, int code, const char *part)
{
	fx_refused(&err, rc, code, part);
}

static long long staff(const char *name, const char *login, const char *ext, const char *role,
                       const char *deputy)
{
	struct fd_staff_input in = {.name = name, .login = login, .ext = ext, .role = role,
	                            .deputy = deputy};
	long long id = 0;
	cr_assert_eq(fd_staff_add(fd, &in, NOW, &id, &err), 0, "staff add %s: %s", login, err.msg);
	return id;
}

/* The usual office: anna (employee), max (employee, deputy anna),
 * rita (receptionist), sue (supervisor). */
static void office(void)
{
	staff("Anna Berg", "anna", "201", "employee", NULL);
	staff("Max Müller", "max", "202", "employee", "anna");
	staff("Rita Klein", "rita", "100", "receptionist", NULL);
	staff("Sue Lang", "sue", "300", "supervisor", NULL);
}

/* Act as a staff member with their role, as --as does. */
static void act_as(const char *login)
{
	struct staff me;
	cr_assert_eq(db_staff_by_login(fd->db, login, &me), 1, "no staff %s", login);
	db_staff_clear(&fd->me);
	fd->me = me;
	fd->has_staff = 1;
	fd->is_owner = 0;
	cr_assert_eq(fd_role_parse(me.role, &fd->role), 0);
	free(fd->login);
	fd->login = strdup(login);
}

static long long n_calls(void)
{
	struct db_call_filter f = {0};
	struct call *l;
	size_t n;
	cr_assert_eq(db_call_list(fd->db, &f, &l, &n), 0);
	db_call_free_list(l, n);
	return (long long)n;
}

static long long n_contacts(void)
{
	long long n = -1;
	cr_assert_eq(db_contact_count(fd->db, &n), 0);
	return n;
}

static long long n_callbacks(void)
{
	struct db_callback_filter f = {0, 0, 0};
	struct callback *l;
	size_t n;
	cr_assert_eq(db_callback_list(fd->db, &f, NOW, &l, &n), 0);
	db_callback_free_list(l, n);
	return (long long)n;
}

/* Everything a refused operation must leave alone, as one number each. */
struct snapshot {
	long long calls, contacts, callbacks, staff, changes;
};

static struct snapshot snap(void)
{
	struct snapshot s;
	s.calls = n_calls();
	s.contacts = n_contacts();
	s.callbacks = n_callbacks();
	cr_assert_eq(db_staff_count(fd->db, &s.staff), 0);
	s.changes = fd_changes(fd);
	return s;
}

static void unchanged(struct snapshot a)
{
	struct snapshot b = snap();
	cr_assert_eq(a.calls, b.calls, "calls: %lld before, %lld after", a.calls, b.calls);
	cr_assert_eq(a.contacts, b.contacts, "contacts: %lld before, %lld after", a.contacts, b.contacts);
	cr_assert_eq(a.callbacks, b.callbacks, "callbacks: %lld before, %lld after", a.callbacks, b.callbacks);
	cr_assert_eq(a.staff, b.staff, "staff: %lld before, %lld after", a.staff, b.staff);
	cr_assert_eq(a.changes, b.changes, "something was committed");
}

/* Log a call for login from number with a callback; returns the result. */
static struct fd_call_result call_back(const char *login, const char *from, const char *name,
                                       time_t now)
{
	struct fd_call_input in = {.for_login = login, .from = from, .name = name, .callback = 1,
	                           .subject = "please call back"};
	struct fd_call_result r;
	cr_assert_eq(fd_call_log(fd, &in, now, &r, &err), 0, "call log: %s", err.msg);
	cr_assert_gt(r.callback_id, 0);
	return r;
}

static struct callback get_cb(long long id)
{
	struct callback b;
	cr_assert_eq(db_callback_by_id(fd->db, id, &b), 1, "no callback %lld", id);
	return b;
}

/* ---- opening ---- */

Test(fd, memory_owner_is_admin)
{
	cr_assert_eq(fd->is_owner, 1);
	cr_assert_eq(fd->role, ROLE_ADMIN);
	cr_assert_eq(fd->has_staff, 0);
	cr_assert_eq(fd->default_cc, 49);
	cr_assert_eq(fd->callback_promise, HOUR);
	cr_assert_eq(fd->reschedule_step, HOUR);
}

Test(fd, init_bad_country_codes)
{
	refused(fd_init(fd, 0, NOW, &err), 2, "country calling code");
	refused(fd_init(fd, -49, NOW, &err), 2, "country calling code");
	refused(fd_init(fd, 1000, NOW, &err), 2, "country calling code");
	refused(fd_init(fd, 99, NOW, &err), 2, "country calling code");
	cr_assert_eq(fd->default_cc, 49, "a refused code changed the setting");
	cr_assert_eq(fd_init(fd, 43, NOW, &err), 0, "%s", err.msg);
	cr_assert_eq(fd->default_cc, 43);
}

Test(fd, roles_parse_and_name)
{
	enum fd_role r = ROLE_NONE;
	cr_assert_eq(fd_role_parse("supervisor", &r), 0);
	cr_assert_eq(r, ROLE_SUPERVISOR);
	cr_assert_eq(fd_role_parse("none", &r), -1, "none is not a role one can give");
	cr_assert_eq(fd_role_parse("", &r), -1);
	cr_assert_eq(fd_role_parse(NULL, &r), -1);
	cr_assert_eq(fd_role_parse("Admin", &r), -1);
	cr_assert_str_eq(fd_role_name(ROLE_RECEPTIONIST), "receptionist");
	cr_assert_str_eq(fd_role_name((enum fd_role)42), "none");
}

/* ---- empty database ---- */

Test(fd, empty_database)
{
	struct callback *l;
	struct call *c;
	size_t n = 99;
	struct fd_call_query q = {0};
	struct fd_hit *hits;
	cr_assert_eq(fd_queue(fd, NULL, 1, 0, NOW, &l, &n, &err), 0, "%s", err.msg);
	cr_assert_eq(n, 0);
	free(l);
	cr_assert_eq(fd_calls(fd, &q, NOW, &c, &n, &err), 0, "%s", err.msg);
	cr_assert_eq(n, 0);
	free(c);
	cr_assert_eq(fd_search(fd, "anna", 10, NOW, &hits, &n, &err), 0, "%s", err.msg);
	cr_assert_eq(n, 0);
	fd_hits_free(hits, n);
	cr_assert_eq(fd_search(fd, "", 10, NOW, &hits, &n, &err), 0);
	cr_assert_eq(n, 0);
	fd_hits_free(hits, n);
	cr_assert_eq(fd_search(fd, NULL, 10, NOW, &hits, &n, &err), 0);
	cr_assert_eq(n, 0);
	fd_hits_free(hits, n);
	struct callback b;
	refused(fd_callback_get(fd, 1, &b, &err), 2, "no callback");
	refused(fd_callback_attempt(fd, 1, "reached", NULL, NULL, NOW, &err), 2, "no callback");
	long long open = -1, overdue = -1;
	cr_assert_eq(fd_callback_counts(fd, NOW, &open, &overdue, &err), 0);
	cr_assert_eq(open, 0);
	cr_assert_eq(overdue, 0);
	struct fd_caller who;
	long long ring = -1;
	cr_assert_eq(fd_ring_latest(fd, 0, &who, &ring, NOW, &err), 0);
}

/* ---- staff ---- */

Test(fd, staff_add_malformed)
{
	struct fd_staff_input in = {.name = "Anna Berg", .login = "anna"};
	long long id;
	struct snapshot s = snap();
	in.login = NULL;
	refused(fd_staff_add(fd, &in, NOW, &id, &err), 2, "login");
	in.login = "";
	refused(fd_staff_add(fd, &in, NOW, &id, &err), 2, "login");
	in.login = "anna berg";
	refused(fd_staff_add(fd, &in, NOW, &id, &err), 2, "login");
	in.login = "-anna";
	refused(fd_staff_add(fd, &in, NOW, &id, &err), 2, "login");
	in.login = "anna";
	in.name = NULL;
	refused(fd_staff_add(fd, &in, NOW, &id, &err), 2, "name");
	in.name = " \t ";
	refused(fd_staff_add(fd, &in, NOW, &id, &err), 2, "name");
	in.name = "\xff\xfe";
	refused(fd_staff_add(fd, &in, NOW, &id, &err), 2, "UTF-8");
	char big[10241];
	memset(big, 'a', sizeof big - 1);
	big[sizeof big - 1] = '\0';
	in.name = big;
	refused(fd_staff_add(fd, &in, NOW, &id, &err), 2, "too long");
	in.name = "Anna Berg";
	in.ext = "2x1";
	refused(fd_staff_add(fd, &in, NOW, &id, &err), 2, "extension");
	in.ext = NULL;
	in.role = "king";
	refused(fd_staff_add(fd, &in, NOW, &id, &err), 2, "unknown role");
	in.role = NULL;
	in.deputy = "ghost";
	refused(fd_staff_add(fd, &in, NOW, &id, &err), 2, "ghost");
	in.deputy = NULL;
	in.phone = "not a phone";
	refused(fd_staff_add(fd, &in, NOW, &id, &err), 2, "not a phone number");
	unchanged(s);
}

Test(fd, staff_add_round_trip_and_duplicate)
{
	struct fd_staff_input in = {.name = "  Anna   Berg ", .login = "anna", .ext = "201",
	                            .phone = "030 1234567", .department = "Sales"};
	long long id = 0;
	cr_assert_eq(fd_staff_add(fd, &in, NOW, &id, &err), 0, "%s", err.msg);
	struct staff s;
	cr_assert_eq(fd_staff_find(fd, "anna", &s, &err), 1);
	cr_assert_eq(s.id, id);
	cr_assert_str_eq(s.name, "Anna Berg", "white space cleaned");
	cr_assert_str_eq(s.phone, "+49301234567");
	cr_assert_str_eq(s.role, "employee", "the default role");
	db_staff_clear(&s);
	cr_assert_eq(fd_staff_find(fd, "201", &s, &err), 1, "found by extension");
	cr_assert_eq(s.id, id);
	db_staff_clear(&s);
	cr_assert_eq(fd_staff_find(fd, "999", &s, &err), 0);

	struct snapshot snp = snap();
	in.name = "Anna Other";
	refused(fd_staff_add(fd, &in, NOW, &id, &err), 2, "exists already");
	unchanged(snp);
}

Test(fd, presence)
{
	office();
	struct snapshot s = snap();
	refused(fd_presence_set(fd, "max", "dancing", NULL, NULL, NOW, &err), 2, "unknown presence");
	refused(fd_presence_set(fd, "max", NULL, NULL, NULL, NOW, &err), 2, "unknown presence");
	refused(fd_presence_set(fd, "max", "in", "+1h", NULL, NOW, &err), 2, "--until");
	refused(fd_presence_set(fd, "max", "meeting", "2001-01-01 10:00", NULL, NOW, &err), 2, "passed");
	refused(fd_presence_set(fd, "max", "meeting", "whenever", NULL, NOW, &err), 2, "--until");
	refused(fd_presence_set(fd, "ghost", "meeting", NULL, NULL, NOW, &err), 2, "ghost");
	unchanged(s);

	cr_assert_eq(fd_presence_set(fd, "max", "meeting", "+2h", "board", NOW, &err), 0, "%s", err.msg);
	struct staff m;
	cr_assert_eq(fd_staff_find(fd, "max", &m, &err), 1);
	cr_assert_str_eq(m.presence, "meeting");
	cr_assert_eq(m.presence_until, NOW + 2 * HOUR);
	cr_assert_eq(fd_staff_present(&m, NOW), 0);
	cr_assert_eq(fd_staff_present(&m, NOW + 2 * HOUR), 1, "back when the time is up");
	char *d = fd_presence_describe(&m, NOW);
	cr_assert(strstr(d, "meeting") && strstr(d, "12:00") && strstr(d, "Anna Berg"), "%s", d);
	free(d);
	db_staff_clear(&m);

	/* an employee sets their own presence, not someone else's */
	act_as("anna");
	cr_assert_eq(fd_presence_set(fd, "anna", "lunch", "+30m", NULL, NOW, &err), 0, "%s", err.msg);
	refused(fd_presence_set(fd, "max", "in", NULL, NULL, NOW, &err), 1, "not allowed");
}

/* ---- calls: new callers, recognised callers ---- */

Test(fd, call_log_new_caller_becomes_contact)
{
	office();
	struct fd_call_input in = {.for_login = "max", .from = "030 1234567", .name = "Hans Maier",
	                           .company = "Maier GmbH", .subject = "offer"};
	struct fd_call_result r;
	cr_assert_eq(fd_call_log(fd, &in, NOW, &r, &err), 0, "%s", err.msg);
	cr_assert_eq(r.new_contact, 1);
	cr_assert_gt(r.contact_id, 0);
	cr_assert_gt(r.call_id, 0);
	cr_assert_eq(r.callback_id, 0, "no callback asked for");
	struct contact c;
	cr_assert_eq(fd_contact_get(fd, r.contact_id, &c, &err), 1);
	cr_assert_str_eq(c.name, "Hans Maier");
	cr_assert_str_eq(c.company, "Maier GmbH");
	cr_assert_eq(c.n_numbers, 1);
	cr_assert_str_eq(c.numbers[0], "+49301234567");
	db_contact_clear(&c);

	/* the second call, typed another way and without a name: recognised */
	struct fd_call_input in2 = {.for_login = "202", .from = "+49 (30) 123 45-67"};
	struct fd_call_result r2;
	cr_assert_eq(fd_call_log(fd, &in2, NOW + 60, &r2, &err), 0, "%s", err.msg);
	cr_assert_eq(r2.new_contact, 0);
	cr_assert_eq(r2.contact_id, r.contact_id);
	cr_assert_eq(n_contacts(), 1);
	cr_assert_eq(n_calls(), 2);

	struct fd_caller who;
	cr_assert_eq(fd_caller_lookup(fd, "0301234567", NOW + 120, &who, &err), 0, "%s", err.msg);
	cr_assert_eq(who.known, 1);
	cr_assert_str_eq(who.contact.name, "Hans Maier");
	cr_assert_eq(who.calls_today, 2);
	cr_assert_eq(who.n_recent, 2);
	char *sum = fd_caller_summary(&who, NOW + 120);
	cr_assert(strstr(sum, "Hans Maier") && strstr(sum, "3rd call today"), "%s", sum);
	free(sum);
	fd_caller_clear(&who);
}

Test(fd, call_log_unknown_caller_without_name_stays_unknown)
{
	office();
	struct fd_call_input in = {.for_login = "max", .from = "030 7777777"};
	struct fd_call_result r;
	cr_assert_eq(fd_call_log(fd, &in, NOW, &r, &err), 0, "%s", err.msg);
	cr_assert_eq(r.new_contact, 0);
	cr_assert_eq(r.contact_id, 0);
	cr_assert_eq(n_contacts(), 0);
	struct fd_caller who;
	cr_assert_eq(fd_caller_lookup(fd, "030 7777777", NOW, &who, &err), 0);
	cr_assert_eq(who.known, 0);
	cr_assert_eq(who.calls_today, 1, "an unknown caller's calls are found by number");
	fd_caller_clear(&who);
}

Test(fd, call_log_hostile_name_cleaned)
{
	office();
	struct fd_call_input in = {.for_login = "max", .from = "030 1234567",
	                           .name = "Evil\033[2J \xe2\x80\xae" "Corp",
	                           .subject = "x\033]0;title\007y"};
	struct fd_call_result r;
	cr_assert_eq(fd_call_log(fd, &in, NOW, &r, &err), 0, "%s", err.msg);
	struct contact c;
	cr_assert_eq(fd_contact_get(fd, r.contact_id, &c, &err), 1);
	cr_assert_null(strchr(c.name, '\033'), "ESC stored: %s", c.name);
	cr_assert_null(strstr(c.name, "\xe2\x80\xae"), "RLO stored");
	db_contact_clear(&c);
	struct call *l;
	size_t n;
	struct fd_call_query q = {0};
	cr_assert_eq(fd_calls(fd, &q, NOW, &l, &n, &err), 0);
	cr_assert_eq(n, 1);
	cr_assert_null(strchr(l[0].subject, '\033'), "ESC stored in the subject");
	cr_assert_null(strchr(l[0].subject, '\007'), "BEL stored in the subject");
	db_call_free_list(l, n);
}

/* ---- calls: refusals write nothing ---- */

Test(fd, call_log_wrong_number_refused)
{
	office();
	struct snapshot s = snap();
	struct fd_call_result r;
	struct fd_call_input in = {.for_login = "max", .from = "12ab34", .name = "Wrong", .callback = 1};
	refused(fd_call_log(fd, &in, NOW, &r, &err), 2, "not a phone number");
	in.from = "";
	refused(fd_call_log(fd, &in, NOW, &r, &err), 2, "number is missing");
	in.from = NULL;
	refused(fd_call_log(fd, &in, NOW, &r, &err), 2, "number is missing");
	in.from = "+";
	refused(fd_call_log(fd, &in, NOW, &r, &err), 2, "not a phone number");
	in.from = "0301234567890123456789";
	refused(fd_call_log(fd, &in, NOW, &r, &err), 2, "not a phone number");
	unchanged(s);
}

Test(fd, call_log_unknown_for_refused)
{
	office();
	struct snapshot s = snap();
	struct fd_call_result r;
	struct fd_call_input in = {.for_login = "ghost", .from = "030 1234567", .name = "New Caller",
	                           .callback = 1};
	refused(fd_call_log(fd, &in, NOW, &r, &err), 2, "ghost");
	in.for_login = "";
	refused(fd_call_log(fd, &in, NOW, &r, &err), 2, "wanted");
	in.for_login = NULL;
	refused(fd_call_log(fd, &in, NOW, &r, &err), 2, "wanted");
	in.for_login = "999";
	refused(fd_call_log(fd, &in, NOW, &r, &err), 2, "999");
	unchanged(s);
	cr_assert_eq(r.call_id, 0, "a refused call has no id");
}

Test(fd, call_log_past_due_refused)
{
	office();
	struct snapshot s = snap();
	struct fd_call_result r;
	struct fd_call_input in = {.for_login = "max", .from = "030 1234567", .name = "New Caller",
	                           .callback = 1, .due = "2001-01-01 10:00"};
	refused(fd_call_log(fd, &in, NOW, &r, &err), 2, "passed");
	in.due = "09:00"; /* today, an hour ago */
	refused(fd_call_log(fd, &in, NOW, &r, &err), 2, "passed");
	in.due = "never";
	refused(fd_call_log(fd, &in, NOW, &r, &err), 2, "never");
	in.due = NULL;
	in.due_at = NOW - HOUR;
	refused(fd_call_log(fd, &in, NOW, &r, &err), 2, "passed");
	unchanged(s);
}

Test(fd, call_log_other_malformed)
{
	office();
	struct snapshot s = snap();
	struct fd_call_result r;
	struct fd_call_input in = {.for_login = "max", .from = "030 1234567", .outcome = "shouting"};
	refused(fd_call_log(fd, &in, NOW, &r, &err), 2, "unknown outcome");
	in.outcome = "connected";
	in.callback = 1;
	refused(fd_call_log(fd, &in, NOW, &r, &err), 2, "unreached");
	in.outcome = NULL;
	in.callback = 0;
	in.contact_id = 999;
	in.from = NULL;
	refused(fd_call_log(fd, &in, NOW, &r, &err), 2, "no contact");
	in.contact_id = 0;
	in.from = "030 1234567";
	char big[10241];
	memset(big, 'x', sizeof big - 1);
	big[sizeof big - 1] = '\0';
	in.name = big;
	refused(fd_call_log(fd, &in, NOW, &r, &err), 2, "too long");
	in.name = "Fine";
	in.subject = big;
	refused(fd_call_log(fd, &in, NOW, &r, &err), 2, "too long");
	in.subject = NULL;
	in.message = big;
	refused(fd_call_log(fd, &in, NOW, &r, &err), 2, "too long");
	in.message = NULL;
	in.name = "\xc3\x28";
	refused(fd_call_log(fd, &in, NOW, &r, &err), 2, "UTF-8");
	unchanged(s);
}

/* ---- callbacks: due times, attaching, deputies ---- */

Test(fd, callback_default_due_is_now_plus_promise)
{
	office();
	struct fd_call_result r = call_back("max", "030 1234567", "Hans Maier", NOW);
	cr_assert_eq(r.due, NOW + HOUR);
	cr_assert_str_eq(r.assignee, "max");
	cr_assert_eq(r.calls, 1);
	cr_assert_eq(r.attached, 0);
	struct callback b = get_cb(r.callback_id);
	cr_assert_eq(b.due, NOW + HOUR);
	cr_assert_str_eq(b.status, "open");
	cr_assert_eq(b.contact_id, r.contact_id);
	cr_assert_eq(b.call_id, r.call_id);
	db_callback_clear(&b);
}

Test(fd, callback_default_due_is_return_of_absent_person)
{
	office();
	cr_assert_eq(fd_presence_set(fd, "max", "meeting", "+3h", NULL, NOW, &err), 0, "%s", err.msg);
	struct fd_call_result r = call_back("max", "030 1234567", "Hans Maier", NOW);
	cr_assert_eq(r.due, NOW + 3 * HOUR, "due %ld, expected max's return %ld", (long)r.due,
	             (long)(NOW + 3 * HOUR));
	/* open-ended absence: the usual promise */
	cr_assert_eq(fd_presence_set(fd, "anna", "sick", NULL, NULL, NOW, &err), 0, "%s", err.msg);
	r = call_back("anna", "030 7654321", "Eva Roth", NOW);
	cr_assert_eq(r.due, NOW + HOUR);
	/* an explicit due time wins */
	struct fd_call_input in = {.for_login = "max", .from = "030 5555555", .callback = 1,
	                           .due = "+30m"};
	cr_assert_eq(fd_call_log(fd, &in, NOW, &r, &err), 0, "%s", err.msg);
	cr_assert_eq(r.due, NOW + 1800);
}

Test(fd, callback_second_call_attaches)
{
	office();
	struct fd_call_result r1 = call_back("max", "030 1234567", "Hans Maier", NOW);
	struct fd_call_input in = {.for_login = "max", .from = "0301234567", .callback = 1,
	                           .urgent = 1, .due = "+5h"};
	struct fd_call_result r2;
	cr_assert_eq(fd_call_log(fd, &in, NOW + 600, &r2, &err), 0, "%s", err.msg);
	cr_assert_eq(r2.attached, 1);
	cr_assert_eq(r2.callback_id, r1.callback_id);
	cr_assert_eq(r2.calls, 2);
	cr_assert_eq(r2.due, r1.due, "attaching keeps the due time");
	cr_assert_eq(r2.new_contact, 0);
	cr_assert_eq(n_callbacks(), 1);
	cr_assert_eq(n_calls(), 2);
	struct callback b = get_cb(r1.callback_id);
	cr_assert_eq(b.calls, 2);
	cr_assert_eq(b.priority, 1, "an urgent repeat call raises the priority");
	db_callback_clear(&b);

	/* for someone else: a callback of its own */
	struct fd_call_result r3 = call_back("anna", "030 1234567", NULL, NOW + 700);
	cr_assert_neq(r3.callback_id, r1.callback_id);
	cr_assert_eq(r3.attached, 0);
	cr_assert_eq(n_callbacks(), 2);

	/* once done, the next call starts a new one */
	cr_assert_eq(fd_callback_done(fd, r1.callback_id, NULL, NOW + 800, &err), 0, "%s", err.msg);
	struct fd_call_result r4 = call_back("max", "030 1234567", NULL, NOW + 900);
	cr_assert_neq(r4.callback_id, r1.callback_id);
	cr_assert_eq(r4.calls, 1);
}

Test(fd, callback_unknown_caller_attaches_by_number)
{
	office();
	struct fd_call_result r1 = call_back("max", "030 9999999", NULL, NOW);
	struct fd_call_result r2 = call_back("max", "+49309999999", NULL, NOW + 60);
	cr_assert_eq(r1.contact_id, 0);
	cr_assert_eq(r2.attached, 1);
	cr_assert_eq(r2.callback_id, r1.callback_id);
	cr_assert_eq(r2.calls, 2);
}

Test(fd, callback_to_deputy)
{
	office();
	struct fd_call_input in = {.for_login = "max", .from = "030 1234567", .name = "Hans Maier",
	                           .callback = 1, .to_deputy = 1};
	struct fd_call_result r;
	cr_assert_eq(fd_call_log(fd, &in, NOW, &r, &err), 0, "%s", err.msg);
	cr_assert_str_eq(r.assignee, "anna");
	struct callback b = get_cb(r.callback_id);
	cr_assert_str_eq(b.assignee_login, "anna");
	db_callback_clear(&b);
	struct call *l;
	size_t n;
	struct fd_call_query q = {0};
	cr_assert_eq(fd_calls(fd, &q, NOW, &l, &n, &err), 0);
	cr_assert_str_eq(l[0].wanted_login, "max", "the call stays the wanted person's");
	db_call_free_list(l, n);

	struct snapshot s = snap();
	in.for_login = "anna";
	in.from = "030 7654321";
	refused(fd_call_log(fd, &in, NOW, &r, &err), 2, "no deputy");
	unchanged(s);
}

/* ---- callbacks: attempts ---- */

Test(fd, attempt_no_answer_reschedules)
{
	office();
	struct fd_call_result r = call_back("max", "030 1234567", "Hans Maier", NOW);
	time_t t = NOW + 2 * HOUR;
	cr_assert_eq(fd_callback_attempt(fd, r.callback_id, "no-answer", "rang long", NULL, t, &err), 0,
	             "%s", err.msg);
	struct callback b = get_cb(r.callback_id);
	cr_assert_str_eq(b.status, "open");
	cr_assert_eq(b.due, t + fd->reschedule_step);
	cr_assert_eq(b.attempts, 1);
	db_callback_clear(&b);

	fd->reschedule_step = 900;
	cr_assert_eq(fd_callback_attempt(fd, r.callback_id, "busy", NULL, NULL, t + 60, &err), 0);
	b = get_cb(r.callback_id);
	cr_assert_eq(b.due, t + 60 + 900, "the step is the setting");
	db_callback_clear(&b);

	cr_assert_eq(fd_callback_attempt(fd, r.callback_id, "voicemail", NULL, "+3h", t + 120, &err), 0,
	             "%s", err.msg);
	b = get_cb(r.callback_id);
	cr_assert_eq(b.due, t + 120 + 3 * HOUR, "--next wins");
	cr_assert_eq(b.attempts, 3);
	db_callback_clear(&b);

	struct attempt *a;
	size_t n;
	cr_assert_eq(fd_callback_attempts(fd, r.callback_id, &a, &n, &err), 0);
	cr_assert_eq(n, 3);
	cr_assert_str_eq(a[0].result, "no-answer");
	cr_assert_str_eq(a[0].note, "rang long");
	cr_assert_str_eq(a[0].by_login, fd->login);
	db_attempt_free_list(a, n);

	struct snapshot s = snap();
	refused(fd_callback_attempt(fd, r.callback_id, "maybe", NULL, NULL, t, &err), 2, "unknown result");
	refused(fd_callback_attempt(fd, r.callback_id, NULL, NULL, NULL, t, &err), 2, "unknown result");
	refused(fd_callback_attempt(fd, r.callback_id, "busy", NULL, "2001-01-01", t, &err), 2, "--next");
	unchanged(s);
}

Test(fd, attempt_reached_closes_once)
{
	office();
	struct fd_call_result r = call_back("max", "030 1234567", "Hans Maier", NOW);
	cr_assert_eq(fd_callback_attempt(fd, r.callback_id, "reached", "all fine", NULL, NOW + 60, &err),
	             0, "%s", err.msg);
	struct callback b = get_cb(r.callback_id);
	cr_assert_str_eq(b.status, "done");
	cr_assert_eq(b.closed, NOW + 60);
	db_callback_clear(&b);

	struct snapshot s = snap();
	refused(fd_callback_done(fd, r.callback_id, NULL, NOW + 120, &err), 1, "already done");
	refused(fd_callback_attempt(fd, r.callback_id, "no-answer", NULL, NULL, NOW + 120, &err), 1,
	        "already done");
	refused(fd_callback_snooze(fd, r.callback_id, "+1h", NOW + 120, &err), 1, "already done");
	refused(fd_callback_close(fd, r.callback_id, "cancelled", NULL, NOW + 120, &err), 1, "already done");
	refused(fd_callback_reassign(fd, r.callback_id, "anna", NOW + 120, &err), 1, "already done");
	unchanged(s);
	struct attempt *a;
	size_t n;
	cr_assert_eq(fd_callback_attempts(fd, r.callback_id, &a, &n, &err), 0);
	cr_assert_eq(n, 1, "refusals logged attempts");
	db_attempt_free_list(a, n);
}

Test(fd, attempt_wrong_number_cancels)
{
	office();
	struct fd_call_result r = call_back("max", "030 1234567", "Hans Maier", NOW);
	cr_assert_eq(fd_callback_attempt(fd, r.callback_id, "wrong-number", NULL, NULL, NOW, &err), 0);
	struct callback b = get_cb(r.callback_id);
	cr_assert_str_eq(b.status, "cancelled");
	db_callback_clear(&b);
}

Test(fd, close_snooze_note)
{
	office();
	struct fd_call_result r = call_back("max", "030 1234567", "Hans Maier", NOW);
	struct snapshot s = snap();
	refused(fd_callback_close(fd, r.callback_id, "done", NULL, NOW, &err), 2, "will-call-again");
	refused(fd_callback_close(fd, r.callback_id, NULL, NULL, NOW, &err), 2, "will-call-again");
	refused(fd_callback_snooze(fd, r.callback_id, NULL, NOW, &err), 2, "snooze");
	refused(fd_callback_snooze(fd, r.callback_id, "2001-01-01", NOW, &err), 2, "passed");
	refused(fd_callback_note(fd, r.callback_id, "", NOW, &err), 2, "empty");
	refused(fd_callback_note(fd, r.callback_id, NULL, NOW, &err), 2, "empty");
	unchanged(s);

	cr_assert_eq(fd_callback_snooze(fd, r.callback_id, "tomorrow 9", NOW, &err), 0, "%s", err.msg);
	struct callback b = get_cb(r.callback_id);
	cr_assert_eq(b.due, NOW + 23 * HOUR, "tomorrow 09:00");
	cr_assert_eq(b.attempts, 0, "a snooze is not an attempt");
	db_callback_clear(&b);
	cr_assert_eq(fd_callback_note(fd, r.callback_id, "prefers mornings", NOW, &err), 0);
	cr_assert_eq(fd_callback_close(fd, r.callback_id, "will-call-again", NULL, NOW, &err), 0);
	b = get_cb(r.callback_id);
	cr_assert_str_eq(b.status, "will-call-again");
	db_callback_clear(&b);
}

Test(fd, reassign)
{
	office();
	struct fd_call_result r = call_back("max", "030 1234567", "Hans Maier", NOW);
	struct snapshot s = snap();
	refused(fd_callback_reassign(fd, r.callback_id, "ghost", NOW, &err), 2, "ghost");
	refused(fd_callback_reassign(fd, r.callback_id, "max", NOW, &err), 2, "already on max");
	refused(fd_callback_reassign(fd, 999, "anna", NOW, &err), 2, "no callback");
	unchanged(s);
	cr_assert_eq(fd_callback_reassign(fd, r.callback_id, "201", NOW, &err), 0, "%s", err.msg);
	struct callback b = get_cb(r.callback_id);
	cr_assert_str_eq(b.assignee_login, "anna");
	db_callback_clear(&b);
	struct callback *l;
	size_t n;
	cr_assert_eq(fd_queue(fd, "anna", 0, 0, NOW, &l, &n, &err), 0, "%s", err.msg);
	cr_assert_eq(n, 1);
	db_callback_free_list(l, n);
	cr_assert_eq(fd_queue(fd, "max", 0, 0, NOW, &l, &n, &err), 0);
	cr_assert_eq(n, 0);
	free(l);
}

/* ---- roles ---- */

Test(fd, employee_works_own_queue_only)
{
	office();
	struct fd_call_result for_max = call_back("max", "030 1111111", "For Max", NOW);
	struct fd_call_result for_anna = call_back("anna", "030 2222222", "For Anna", NOW);
	struct callback *l;
	size_t n;

	act_as("anna");
	cr_assert_eq(fd->role, ROLE_EMPLOYEE);
	struct snapshot s = snap();
	refused(fd_queue(fd, NULL, 1, 0, NOW, &l, &n, &err), 1, "not allowed");
	refused(fd_queue(fd, "max", 0, 0, NOW, &l, &n, &err), 1, "not allowed");
	refused(fd_callback_done(fd, for_max.callback_id, NULL, NOW, &err), 1, "max");
	refused(fd_callback_attempt(fd, for_max.callback_id, "no-answer", NULL, NULL, NOW, &err), 1, "max");
	refused(fd_callback_reassign(fd, for_max.callback_id, "anna", NOW, &err), 1, "max");
	struct fd_staff_input in = {.name = "New Person", .login = "newp"};
	refused(fd_staff_add(fd, &in, NOW, NULL, &err), 1, "not allowed");
	unchanged(s);
	struct callback b = get_cb(for_max.callback_id);
	cr_assert_str_eq(b.status, "open");
	cr_assert_str_eq(b.assignee_login, "max");
	db_callback_clear(&b);

	cr_assert_eq(fd_queue(fd, NULL, 0, 0, NOW, &l, &n, &err), 0, "%s", err.msg);
	cr_assert_eq(n, 1);
	cr_assert_eq(l[0].id, for_anna.callback_id);
	db_callback_free_list(l, n);
	cr_assert_eq(fd_queue(fd, "anna", 0, 0, NOW, &l, &n, &err), 0, "%s", err.msg);
	cr_assert_eq(n, 1);
	db_callback_free_list(l, n);

	/* an employee sees their own calls only */
	struct call *c;
	struct fd_call_query q = {0};
	cr_assert_eq(fd_calls(fd, &q, NOW, &c, &n, &err), 0, "%s", err.msg);
	cr_assert_eq(n, 1);
	cr_assert_str_eq(c[0].wanted_login, "anna");
	db_call_free_list(c, n);
	q.for_login = "max";
	refused(fd_calls(fd, &q, NOW, &c, &n, &err), 1, "own calls");

	/* but logs calls for anyone, and works their own callbacks */
	struct fd_call_result r = call_back("max", "030 3333333", "Via Anna", NOW);
	cr_assert_gt(r.call_id, 0);
	cr_assert_eq(fd_callback_attempt(fd, for_anna.callback_id, "no-answer", NULL, NULL, NOW, &err), 0,
	             "%s", err.msg);
	cr_assert_eq(fd_callback_done(fd, for_anna.callback_id, NULL, NOW, &err), 0, "%s", err.msg);
	b = get_cb(for_anna.callback_id);
	cr_assert_str_eq(b.status, "done");
	db_callback_clear(&b);
	struct attempt *a;
	cr_assert_eq(fd_callback_attempts(fd, for_anna.callback_id, &a, &n, &err), 0);
	cr_assert_eq(n, 2);
	cr_assert_str_eq(a[1].by_login, "anna");
	db_attempt_free_list(a, n);
	/* and may hand their own callback on */
	struct fd_call_result mine = call_back("anna", "030 4444444", "Another", NOW);
	cr_assert_eq(fd_callback_reassign(fd, mine.callback_id, "max", NOW, &err), 0, "%s", err.msg);
}

Test(fd, receptionist_and_supervisor_work_every_queue)
{
	office();
	struct fd_call_result for_max = call_back("max", "030 1111111", "For Max", NOW);
	struct callback *l;
	size_t n;

	act_as("rita");
	cr_assert_eq(fd->role, ROLE_RECEPTIONIST);
	cr_assert_eq(fd_queue(fd, NULL, 1, 0, NOW, &l, &n, &err), 0, "%s", err.msg);
	cr_assert_eq(n, 1);
	db_callback_free_list(l, n);
	cr_assert_eq(fd_callback_reassign(fd, for_max.callback_id, "anna", NOW, &err), 0, "%s", err.msg);
	cr_assert_eq(fd_allowed(fd, ACT_REPORT, &err), 0, "reports are for supervisors");
	cr_assert(strstr(err.msg, "receptionist") != NULL, "%s", err.msg);

	act_as("sue");
	cr_assert_eq(fd->role, ROLE_SUPERVISOR);
	cr_assert_eq(fd_allowed(fd, ACT_REPORT, &err), 1);
	cr_assert_eq(fd_allowed(fd, ACT_ADMIN, &err), 0);
	cr_assert_eq(fd_queue(fd, "anna", 0, 0, NOW, &l, &n, &err), 0, "%s", err.msg);
	cr_assert_eq(n, 1);
	db_callback_free_list(l, n);
	cr_assert_eq(fd_callback_done(fd, for_max.callback_id, NULL, NOW, &err), 0, "%s", err.msg);
}

Test(fd, stranger_may_do_nothing)
{
	office();
	call_back("max", "030 1111111", "For Max", NOW);
	fd->role = ROLE_NONE;
	fd->has_staff = 0;
	fd->is_owner = 0;
	struct snapshot s = snap();
	struct callback *l;
	struct fd_hit *hits;
	size_t n;
	struct fd_call_result r;
	struct fd_call_input in = {.for_login = "max", .from = "030 1234567"};
	refused(fd_call_log(fd, &in, NOW, &r, &err), 1, "not in the staff directory");
	refused(fd_queue(fd, NULL, 0, 0, NOW, &l, &n, &err), 1, "not in the staff directory");
	refused(fd_search(fd, "max", 10, NOW, &hits, &n, &err), 1, "not in the staff directory");
	struct fd_contact_input ci = {.name = "X", .phone = "030 1234567"};
	refused(fd_contact_add(fd, &ci, NOW, NULL, &err), 1, "not in the staff directory");
	unchanged(s);
}

/* ---- contacts ---- */

Test(fd, contact_add)
{
	struct fd_contact_input in = {.name = "Jörg Schmidt", .company = "Schmidt AG",
	                              .phone = "040 998877", .email = "js@example.org"};
	long long id = 0;
	struct snapshot s = snap();
	in.phone = NULL;
	refused(fd_contact_add(fd, &in, NOW, &id, &err), 2, "phone number");
	in.phone = "nope";
	refused(fd_contact_add(fd, &in, NOW, &id, &err), 2, "not a phone number");
	in.phone = "040 998877";
	in.name = "";
	refused(fd_contact_add(fd, &in, NOW, &id, &err), 2, "name");
	unchanged(s);
	in.name = "Jörg Schmidt";
	cr_assert_eq(fd_contact_add(fd, &in, NOW, &id, &err), 0, "%s", err.msg);
	struct contact c;
	cr_assert_eq(fd_contact_get(fd, id, &c, &err), 1);
	cr_assert_str_eq(c.numbers[0], "+4940998877");
	cr_assert_str_eq(c.email, "js@example.org");
	db_contact_clear(&c);
	refused(fd_contact_get(fd, id + 1, &c, &err) == 0 ? -1 : 0, 2, "no contact");
}

/* ---- batches ---- */

Test(fd, batch_rolls_back_everything)
{
	office();
	struct snapshot s = snap();
	cr_assert_eq(fd_batch_begin(fd, &err), 0);
	struct fd_contact_input in = {.name = "One", .phone = "030 1000001"};
	cr_assert_eq(fd_contact_add(fd, &in, NOW, NULL, &err), 0, "%s", err.msg);
	in.name = "Two";
	in.phone = "030 1000002";
	cr_assert_eq(fd_contact_add(fd, &in, NOW, NULL, &err), 0, "%s", err.msg);
	call_back("max", "030 1000001", NULL, NOW);
	cr_assert_eq(fd_batch_end(fd, 0, &err), 0);
	unchanged(s);

	cr_assert_eq(fd_batch_begin(fd, &err), 0);
	cr_assert_eq(fd_contact_add(fd, &in, NOW, NULL, &err), 0, "%s", err.msg);
	cr_assert_eq(fd_batch_end(fd, 1, &err), 0, "%s", err.msg);
	cr_assert_eq(n_contacts(), s.contacts + 1);
}

/* ---- rings ---- */

Test(fd, ring_known_and_unknown)
{
	office();
	struct fd_contact_input in = {.name = "Clara Kern", .phone = "0221 777888"};
	cr_assert_eq(fd_contact_add(fd, &in, NOW, NULL, &err), 0, "%s", err.msg);
	struct fd_caller who;
	long long ring = 0, latest = 0;
	cr_assert_eq(fd_ring(fd, "+49 221 777888", "201", NOW, &who, &ring, &err), 0, "%s", err.msg);
	cr_assert_eq(who.known, 1);
	cr_assert_str_eq(who.contact.name, "Clara Kern");
	fd_caller_clear(&who);
	cr_assert_eq(fd_ring_latest(fd, 0, &who, &latest, NOW, &err), 1);
	cr_assert_eq(latest, ring);
	cr_assert_str_eq(who.contact.name, "Clara Kern");
	cr_assert_str_eq(who.to_ext, "201");
	fd_caller_clear(&who);
	cr_assert_eq(fd_ring_latest(fd, ring, &who, &latest, NOW, &err), 0);

	cr_assert_eq(fd_ring(fd, "0221 1234567", NULL, NOW, &who, &ring, &err), 0, "%s", err.msg);
	cr_assert_eq(who.known, 0);
	char *sum = fd_caller_summary(&who, NOW);
	cr_assert(strstr(sum, "unknown") != NULL, "%s", sum);
	free(sum);
	fd_caller_clear(&who);

	long long before = fd_changes(fd);
	refused(fd_ring(fd, "garbage", NULL, NOW, &who, &ring, &err), 2, "not a phone number");
	refused(fd_ring(fd, "0221 777888", "ext", NOW, &who, &ring, &err), 2, "extension");
	cr_assert_eq(fd_changes(fd), before);
}

/* ---- search ---- */

static int find_name(const char *query, const char *name)
{
	struct fd_hit *hits;
	size_t n;
	cr_assert_eq(fd_search(fd, query, 20, NOW, &hits, &n, &err), 0, "%s", err.msg);
	int found = 0;
	for (size_t i = 0; i < n; i++) {
		const char *hn = hits[i].is_staff ? hits[i].staff.name : hits[i].contact.name;
		if (strcmp(hn, name) == 0)
			found++;
	}
	fd_hits_free(hits, n);
	return found;
}

Test(fd, search_umlauts_both_ways)
{
	office();
	cr_assert_eq(find_name("muller", "Max Müller"), 1);
	cr_assert_eq(find_name("mueller", "Max Müller"), 1);
	cr_assert_eq(find_name("MÜLLER", "Max Müller"), 1);
	cr_assert_eq(find_name("Müll", "Max Müller"), 1, "a prefix");
	cr_assert_eq(find_name("202", "Max Müller"), 1, "the extension");
	cr_assert_eq(find_name("schulz", "Max Müller"), 0);
}

Test(fd, search_sees_new_and_changed_rows)
{
	office();
	cr_assert_eq(find_name("muller", "Max Müller"), 1, "builds the index");
	cr_assert_eq(find_name("muller", "Jürgen Müller"), 0);
	struct fd_contact_input in = {.name = "Jürgen Müller", .company = "Müller & Söhne",
	                              .phone = "089 123456"};
	long long id;
	cr_assert_eq(fd_contact_add(fd, &in, NOW, &id, &err), 0, "%s", err.msg);
	cr_assert_eq(find_name("mueller", "Jürgen Müller"), 1, "the index was not refreshed");
	cr_assert_eq(find_name("mueller", "Max Müller"), 1);
	cr_assert_eq(find_name("sohne", "Jürgen Müller"), 1, "the company");

	/* a caller who became a contact through a call */
	struct fd_call_input ci = {.for_login = "max", .from = "030 5555555", .name = "Zoe Quast"};
	struct fd_call_result r;
	cr_assert_eq(fd_call_log(fd, &ci, NOW, &r, &err), 0, "%s", err.msg);
	cr_assert_eq(find_name("quast", "Zoe Quast"), 1);
	cr_assert_eq(find_name("5555555", "Zoe Quast"), 1, "part of the number");

	/* a new staff member */
	staff("Ömer Öztürk", "oemer", "205", "employee", NULL);
	cr_assert_eq(find_name("ozturk", "Ömer Öztürk"), 1);
	cr_assert_eq(find_name("oeztuerk", "Ömer Öztürk"), 1);
}

Test(fd, search_limit_and_hostile_queries)
{
	office();
	struct fd_hit *hits;
	size_t n;
	cr_assert_eq(fd_search(fd, "a", 1, NOW, &hits, &n, &err), 0);
	cr_assert_leq(n, 1);
	fd_hits_free(hits, n);
	char big[10241];
	memset(big, 'm', sizeof big - 1);
	big[sizeof big - 1] = '\0';
	const char *qs[] = {big, "\033[2J", "\xff\xfe", "' OR 1=1 --", "%s%s%n", "   ", "*"};
	for (size_t i = 0; i < sizeof qs / sizeof *qs; i++) {
		cr_assert_eq(fd_search(fd, qs[i], 10, NOW, &hits, &n, &err), 0, "query %zu: %s", i, err.msg);
		cr_assert_eq(n, 0, "query %zu found %zu", i, n);
		fd_hits_free(hits, n);
	}
}
