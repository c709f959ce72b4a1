/*
 * The callback queue beyond one's own (core/queue.h): escalation to the
 * deputy and the supervisors with a controlled clock, callback detail, the
 * reminder digest, and running configured commands (dialling) without ever
 * letting a number into the shell text.  A fresh in-memory database per
 * test; the time zone is Europe/Berlin.
 */
#include <criterion/criterion.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/fd.h"
#include "tests/core/fixture.h"
#include "core/queue.h"

#define NOW ((time_t)1795424400) /* Mon 23 Nov 2026 10:00 in Berlin */
#define MIN 60
#define HOUR 3600

static struct fd *fd;
static struct fd_err err;
static char dir[64];

static void setup(void)
{
	fx_berlin();
	unsetenv("FRONTDESK_DIAL_COMMAND");
	unsetenv("FRONTDESK_MAIL_COMMAND");
	umask(022);
	fx_tmpdir(dir, sizeof dir, "queue");
	fx_open_memory(&fd, &err, NOW);
}

static void teardown(void)
{
	fd_close(&fd);
	fx_rmdir(dir);
}

TestSuite(queue, .init = setup, .fini = teardown);

/* ---- helpers ---- */

static void refused(int rc, int code, const char *part)
{
	fx_refused(&err, rc, code, part);
}

static void staff(const char *name, const char *login, const char *ext, const char *role,
                  const char *deputy, const char *email)
{
	struct fd_staff_input in = {.name = name, .login = login, .ext = ext, .role = role,
	                            .deputy = deputy, .email = email};
	cr_assert_eq(fd_staff_add(fd, &in, NOW, NULL, &err), 0, "staff add %s: %s", login, err.msg);
}

/* anna (employee), max (employee, deputy anna), otto (employee),
 * rita (receptionist), sue (supervisor). */
static void office(void)
{
	staff("Anna Berg", "anna", "201", "employee", NULL, "anna@example.com");
	staff("Max Müller", "max", "202", "employee", "anna", "max@example.com");
	staff("Otto Kurz", "otto", "203", "employee", NULL, "otto@example.com");
	staff("Rita Klein", "rita", "100", "receptionist", NULL, NULL);
	staff("Sue Lang", "sue", "300", "supervisor", NULL, "sue@example.com");
}

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

static void act_as_owner(void)
{
	db_staff_clear(&fd->me);
	fd->has_staff = 0;
	fd->is_owner = 1;
	fd->role = ROLE_ADMIN;
	free(fd->login);
	fd->login = strdup("owner");
}

/* A callback for login from number, due at due (logged at NOW). */
static long long callback(const char *login, const char *number, const char *name, time_t due)
{
	struct fd_call_input in = {.for_login = login, .from = number, .name = name,
	                           .subject = "invoice", .callback = 1, .due_at = due};
	struct fd_call_result r;
	cr_assert_eq(fd_call_log(fd, &in, NOW, &r, &err), 0, "call log: %s", err.msg);
	return r.callback_id;
}

static void set_meta(const char *key, const char *value)
{
	cr_assert_eq(db_begin(fd->db), 0);
	cr_assert_eq(db_meta_set(fd->db, key, value), 0);
	cr_assert_eq(db_commit(fd->db), 0);
}

/* The escalation mark of callback id on login's queue at now; -1 absent. */
static int on_queue(const char *login, long long id, time_t now)
{
	struct callback *l;
	size_t n;
	int found = -1;
	cr_assert_eq(fd_queue(fd, login, 0, 0, now, &l, &n, &err), 0, "queue %s: %s",
	             login ? login : "(me)", err.msg);
	for (size_t i = 0; i < n; i++)
		if (l[i].id == id) {
			cr_assert_eq(found, -1, "callback %lld twice on the queue", id);
			found = l[i].escalated;
		}
	db_callback_free_list(l, n);
	return found;
}

static char *slurp(const char *path)
{
	FILE *f = fopen(path, "r");
	if (!f)
		return NULL;
	char *buf = calloc(1, 65536);
	size_t n = fread(buf, 1, 65535, f);
	buf[n] = '\0';
	fclose(f);
	return buf;
}

static int exists(const char *path)
{
	struct stat sb;
	return stat(path, &sb) == 0;
}

static const struct fd_escalate std = {ESCALATE_DEPUTY_DEFAULT, ESCALATE_SUPERVISOR_DEFAULT};

/* ---- empty, NULL and malformed ---- */

Test(queue, mail_address_malformed)
{
	const char *bad[] = {
		NULL, "", "anna", "@example.com", "anna@", "a@b@c", "an na@example.com",
		"anna@example.com, evil@example.com", "anna@example.com\nBcc: evil@example.com",
		"Anna <anna@example.com>", "-oQ/tmp@example.com", ".anna@example.com",
		"anna.@example.com", "an..na@example.com", "anna@-example.com", "anna@example..com",
		"anna@example.com.", "jürgen@example.com", "|/bin/sh@example.com", "anna@exa mple.com",
	};
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
		cr_assert_eq(fd_mail_address_valid(bad[i]), 0, "accepted \"%s\"", bad[i] ? bad[i] : "(null)");
	const char *good[] = {"anna@example.com", "o'brien@example.de", "a.b+queue@mail.example.org",
	                      "root@localhost", "x_1-2@a-b.c"};
	for (size_t i = 0; i < sizeof good / sizeof *good; i++)
		cr_assert_eq(fd_mail_address_valid(good[i]), 1, "refused \"%s\"", good[i]);
}

Test(queue, digest_needs_an_address)
{
	struct staff s = {.name = "Anna Berg", .login = "anna"};
	struct callback cb = {.id = 1, .due = NOW, .status = "open"};
	cr_assert_null(fd_digest_format(NULL, &cb, 1, NOW));
	cr_assert_null(fd_digest_format(&s, &cb, 1, NOW));
	s.email = "anna@example.com\r\nBcc: evil@example.com";
	cr_assert_null(fd_digest_format(&s, &cb, 1, NOW));
}

Test(queue, run_nothing)
{
	struct fd_run r = {0};
	refused(fd_run_command(&r, &err), 1, "no command");
	r.cmd = "";
	refused(fd_run_command(&r, &err), 1, "no command");
}

Test(queue, settings_malformed)
{
	office();
	long long id = callback("max", "030 555111", "Eva Roth", NOW + 10 * MIN);
	const char *bad[] = {"soon", "-5", "10x", "", "30 m", "99999999999999999999"};
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		set_meta("escalate_deputy", bad[i]);
		struct callback *l;
		size_t n;
		refused(fd_queue(fd, "anna", 0, 0, NOW, &l, &n, &err), 1, "escalate_deputy");
		cr_assert_null(l);
		cr_assert_eq(n, 0);
	}
	(void)id;
}

/* ---- the rules ---- */

Test(queue, stage_boundaries)
{
	time_t due = NOW;
	cr_assert_eq(fd_escalation_stage(due, due - HOUR, &std), ESC_OWN, "not yet due");
	cr_assert_eq(fd_escalation_stage(due, due, &std), ESC_OWN, "due now");
	cr_assert_eq(fd_escalation_stage(due, due + 1, &std), ESC_OWN, "overdue 1 s");
	cr_assert_eq(fd_escalation_stage(due, due + 30 * MIN - 1, &std), ESC_OWN);
	cr_assert_eq(fd_escalation_stage(due, due + 30 * MIN, &std), ESC_OWN, "exactly 30 min is not more");
	cr_assert_eq(fd_escalation_stage(due, due + 30 * MIN + 1, &std), ESC_DEPUTY);
	cr_assert_eq(fd_escalation_stage(due, due + 4 * HOUR, &std), ESC_DEPUTY, "exactly 4 h is not more");
	cr_assert_eq(fd_escalation_stage(due, due + 4 * HOUR + 1, &std), ESC_SUPERVISOR);
	cr_assert_eq(fd_escalation_stage(due, due + 400 * 86400L, &std), ESC_SUPERVISOR);

	struct fd_escalate off = {ESCALATE_NEVER, ESCALATE_NEVER};
	cr_assert_eq(fd_escalation_stage(due, due + 400 * 86400L, &off), ESC_OWN, "off never escalates");
	struct fd_escalate zero = {0, ESCALATE_NEVER};
	cr_assert_eq(fd_escalation_stage(due, due, &zero), ESC_OWN);
	cr_assert_eq(fd_escalation_stage(due, due + 1, &zero), ESC_DEPUTY, "0: as soon as overdue");
}

Test(queue, place_rules)
{
	struct staff anna = {.id = 1, .role = "employee"}, sue = {.id = 4, .role = "supervisor"},
	             adm = {.id = 5, .role = "admin"}, otto = {.id = 3, .role = "employee"};
	struct callback cb = {.id = 9, .assignee_id = 2, .due = NOW, .status = "open"};
	time_t late = NOW + 5 * HOUR;
	/* max (2) has deputy anna (1) */
	cr_assert_eq(fd_queue_place(&anna, &cb, 1, NOW + 30 * MIN, &std), -1);
	cr_assert_eq(fd_queue_place(&anna, &cb, 1, NOW + 30 * MIN + 1, &std), ESC_DEPUTY);
	cr_assert_eq(fd_queue_place(&anna, &cb, 1, late, &std), ESC_DEPUTY, "a deputy stays a deputy");
	cr_assert_eq(fd_queue_place(&otto, &cb, 1, late, &std), -1, "not the deputy");
	cr_assert_eq(fd_queue_place(&sue, &cb, 1, NOW + 4 * HOUR, &std), -1);
	cr_assert_eq(fd_queue_place(&sue, &cb, 1, NOW + 4 * HOUR + 1, &std), ESC_SUPERVISOR);
	cr_assert_eq(fd_queue_place(&adm, &cb, 0, late, &std), ESC_SUPERVISOR);
	struct staff sue_deputy = sue;
	cr_assert_eq(fd_queue_place(&sue_deputy, &cb, 4, late, &std), ESC_SUPERVISOR, "the higher mark wins");
	struct staff max = {.id = 2, .role = "employee"};
	cr_assert_eq(fd_queue_place(&max, &cb, 1, late, &std), ESC_OWN);
	cb.status = "done";
	cr_assert_eq(fd_queue_place(&anna, &cb, 1, late, &std), -1, "closed ones do not escalate");
	cr_assert_eq(fd_queue_place(&max, &cb, 1, late, &std), ESC_OWN, "but stay the assignee's");
}

/* ---- escalation on the queue, with the clock ---- */

Test(queue, deputy_queue_boundaries)
{
	office();
	time_t due = NOW + 10 * MIN;
	long long id = callback("max", "030 555111", "Eva Roth", due);

	cr_assert_eq(on_queue("max", id, due + 5 * HOUR), ESC_OWN);
	cr_assert_eq(on_queue("anna", id, due), -1);
	cr_assert_eq(on_queue("anna", id, due + 30 * MIN), -1, "exactly 30 min overdue");
	cr_assert_eq(on_queue("anna", id, due + 30 * MIN + 1), ESC_DEPUTY);
	cr_assert_eq(on_queue("otto", id, due + 5 * HOUR), -1, "someone else's deputy");
	cr_assert_eq(on_queue("rita", id, due + 5 * HOUR), -1, "a receptionist is no supervisor");
	cr_assert_eq(on_queue("sue", id, due + 4 * HOUR), -1);
	cr_assert_eq(on_queue("sue", id, due + 4 * HOUR + 1), ESC_SUPERVISOR);
	cr_assert_eq(on_queue("anna", id, due + 4 * HOUR + 1), ESC_DEPUTY);

	/* the acting person's own queue (login NULL) includes it too */
	act_as("anna");
	cr_assert_eq(on_queue(NULL, id, due + 31 * MIN), ESC_DEPUTY);

	/* closed: gone from every queue but the assignee's closed list */
	act_as("max");
	cr_assert_eq(fd_callback_done(fd, id, NULL, due + 1, &err), 0, "%s", err.msg);
	act_as_owner();
	cr_assert_eq(on_queue("anna", id, due + 5 * HOUR), -1);
	cr_assert_eq(on_queue("sue", id, due + 5 * HOUR), -1);
}

Test(queue, settings_move_the_boundaries)
{
	office();
	time_t due = NOW + 10 * MIN;
	long long id = callback("max", "030 555111", "Eva Roth", due);
	set_meta("escalate_deputy", "600");
	set_meta("escalate_supervisor", "1h");
	cr_assert_eq(on_queue("anna", id, due + 600), -1);
	cr_assert_eq(on_queue("anna", id, due + 601), ESC_DEPUTY);
	cr_assert_eq(on_queue("sue", id, due + HOUR), -1);
	cr_assert_eq(on_queue("sue", id, due + HOUR + 1), ESC_SUPERVISOR);
	set_meta("escalate_deputy", "off");
	cr_assert_eq(on_queue("anna", id, due + 100 * HOUR), -1, "off");
	cr_assert_eq(on_queue("sue", id, due + HOUR + 1), ESC_SUPERVISOR);
}

Test(queue, order_and_all_view)
{
	office();
	long long own_late = callback("anna", "030 111111", "Own Later", NOW + 3 * HOUR);
	long long own_soon = callback("anna", "030 222222", "Own Soon", NOW + 2 * HOUR);
	long long theirs = callback("max", "030 333333", "For Max", NOW + 10 * MIN);
	time_t now = NOW + 2 * HOUR + 30 * MIN; /* own_soon overdue 30 min, theirs 2 h 20 */
	struct callback *l;
	size_t n;
	cr_assert_eq(fd_queue(fd, "anna", 0, 0, now, &l, &n, &err), 0, "%s", err.msg);
	cr_assert_eq(n, 3);
	cr_assert_eq(l[0].id, theirs, "most overdue first");
	cr_assert_eq(l[0].escalated, ESC_DEPUTY);
	cr_assert_eq(l[1].id, own_soon);
	cr_assert_eq(l[2].id, own_late, "not overdue last");
	db_callback_free_list(l, n);

	/* everyone's view: the stage each open callback has reached */
	cr_assert_eq(fd_queue(fd, NULL, 1, 0, NOW + 10 * MIN + 5 * HOUR, &l, &n, &err), 0, "%s", err.msg);
	cr_assert_eq(n, 3);
	for (size_t i = 0; i < n; i++)
		cr_assert_eq(l[i].escalated, l[i].id == theirs ? ESC_SUPERVISOR : ESC_DEPUTY,
		             "#%lld marked %d", l[i].id, l[i].escalated);
	db_callback_free_list(l, n);
}

Test(queue, escalations_for_supervisors)
{
	office();
	time_t due = NOW + 10 * MIN;
	long long a = callback("max", "030 555111", "Eva Roth", due);
	long long b = callback("anna", "030 555222", "Otto Roth", due + HOUR);
	struct callback *l;
	size_t n;
	act_as("anna");
	refused(fd_escalations(fd, due + 5 * HOUR, &l, &n, &err), 1, "not allowed");
	act_as("sue");
	cr_assert_eq(fd_escalations(fd, due + 4 * HOUR + 1, &l, &n, &err), 0, "%s", err.msg);
	cr_assert_eq(n, 1);
	cr_assert_eq(l[0].id, a);
	cr_assert_eq(l[0].escalated, ESC_SUPERVISOR);
	db_callback_free_list(l, n);
	cr_assert_eq(fd_escalations(fd, due + 5 * HOUR + 1, &l, &n, &err), 0, "%s", err.msg);
	cr_assert_eq(n, 2);
	cr_assert_eq(l[1].id, b);
	db_callback_free_list(l, n);
}

Test(queue, deputy_may_work_what_escalated)
{
	office();
	time_t due = NOW + 10 * MIN;
	long long id = callback("max", "030 555111", "Eva Roth", due);
	act_as("anna");
	refused(fd_callback_attempt(fd, id, "no-answer", NULL, NULL, due + 29 * MIN, &err), 1,
	        "on max's queue");
	act_as("otto");
	refused(fd_callback_attempt(fd, id, "no-answer", NULL, NULL, due + 5 * HOUR, &err), 1,
	        "on max's queue");
	act_as("anna");
	cr_assert_eq(fd_callback_attempt(fd, id, "reached", "sorted", NULL, due + 31 * MIN, &err), 0,
	             "%s", err.msg);
}

/* ---- two people at once: the second learns who did what ---- */

Test(queue, second_sees_who_did_it)
{
	office();
	long long id = callback("max", "030 555111", "Eva Roth", NOW + 10 * MIN);
	act_as("max");
	cr_assert_eq(fd_callback_done(fd, id, NULL, NOW + 20 * MIN, &err), 0, "%s", err.msg);
	act_as("rita");
	refused(fd_callback_attempt(fd, id, "reached", NULL, NULL, NOW + 21 * MIN, &err), 1,
	        "already done: Max Müller (max) logged \"reached\" at 10:20; nothing was changed");
	act_as("max");
	refused(fd_callback_done(fd, id, NULL, NOW + 22 * MIN, &err), 1, "you logged");
	struct attempt *a;
	size_t n;
	cr_assert_eq(fd_callback_attempts(fd, id, &a, &n, &err), 0);
	cr_assert_eq(n, 1, "nothing written twice");
	db_attempt_free_list(a, n);
}

/* ---- callback detail ---- */

Test(queue, detail_has_everything)
{
	struct fd_callback_detail d;
	office();
	refused(fd_callback_detail(fd, 99, NOW, &d, &err), 2, "no callback has the number 99");
	long long id = callback("max", "030 555111", "Eva Roth", NOW + 10 * MIN);
	struct fd_call_input again = {.for_login = "max", .from = "+49 30 555111", .callback = 1,
	                              .subject = "again"};
	struct fd_call_input other = {.for_login = "otto", .from = "030 555111", .subject = "for otto"};
	struct fd_call_result r;
	cr_assert_eq(fd_call_log(fd, &again, NOW + 60, &r, &err), 0, "%s", err.msg);
	cr_assert_eq(r.callback_id, id);
	cr_assert_eq(fd_call_log(fd, &other, NOW + 120, &r, &err), 0, "%s", err.msg);
	cr_assert_eq(fd_callback_note(fd, id, "asked for Max", NOW + 180, &err), 0, "%s", err.msg);

	cr_assert_eq(fd_callback_detail(fd, id, NOW + 200, &d, &err), 0, "%s", err.msg);
	cr_assert_eq(d.have_contact, 1);
	cr_assert_str_eq(d.contact.name, "Eva Roth");
	cr_assert_eq(d.n_calls, 3, "every call from this caller");
	cr_assert_str_eq(d.calls[0].subject, "for otto", "newest first");
	cr_assert_eq(d.n_attempts, 1);
	cr_assert_str_eq(d.attempts[0].note, "asked for Max");
	cr_assert_str_eq(d.attempts[0].by_login, fd->login);
	fd_callback_detail_clear(&d);

	/* an employee: their own calls, and those behind a callback they work */
	act_as("max");
	cr_assert_eq(fd_callback_detail(fd, id, NOW + 200, &d, &err), 0, "%s", err.msg);
	cr_assert_eq(d.n_calls, 2);
	cr_assert_eq(d.calls_limited, 1);
	fd_callback_detail_clear(&d);
	act_as("anna");
	cr_assert_eq(fd_callback_detail(fd, id, NOW + 200, &d, &err), 0, "%s", err.msg);
	cr_assert_eq(d.n_calls, 0, "not escalated yet: not anna's");
	cr_assert_eq(d.cb.escalated, ESC_OWN);
	fd_callback_detail_clear(&d);
	cr_assert_eq(fd_callback_detail(fd, id, NOW + 10 * MIN + 31 * MIN, &d, &err), 0, "%s", err.msg);
	cr_assert_eq(d.n_calls, 2, "escalated to anna: she sees max's calls");
	cr_assert_eq(d.cb.escalated, ESC_DEPUTY);
	fd_callback_detail_clear(&d);
}

/* ---- the digest ---- */

Test(queue, digest_content)
{
	struct staff to = {.name = "Anna Berg", .login = "anna", .email = "anna@example.com"};
	struct callback l[3] = {
		{.id = 7, .due = NOW + HOUR, .status = "open", .caller_name = "Later Caller",
		 .number = "+49301111111", .subject = "later"},
		{.id = 8, .due = NOW - 40 * MIN, .status = "open", .caller_name = "Evil\x1b[2J\nBcc: x@evil",
		 .caller_company = "ACME", .number = "+49302222222", .subject = ".", .priority = 1,
		 .calls = 3},
		{.id = 9, .due = NOW - 2 * HOUR, .status = "open", .caller_name = "Max's Caller",
		 .number = "+49303333333", .subject = "escalated one", .assignee_name = "Max Müller",
		 .escalated = ESC_DEPUTY},
	};
	char *m = fd_digest_format(&to, l, 3, NOW);
	cr_assert_not_null(m);
	cr_assert(strncmp(m, "To: anna@example.com\n", 21) == 0, "%s", m);
	cr_assert_not_null(strstr(m, "\nSubject: frontdesk: 3 open callbacks, 2 overdue\n"), "%s", m);
	cr_assert_not_null(strstr(m, "\nContent-Type: text/plain; charset=UTF-8\n"), "%s", m);
	char *body = strstr(m, "\n\n");
	cr_assert_not_null(body);
	*body = '\0';
	cr_assert_null(strstr(m, "Bcc"), "a name must not reach the headers: %s", m);
	*body = '\n';
	/* overdue ones first, in the order given; then the rest */
	char *p8 = strstr(body, "#8 "), *p9 = strstr(body, "#9 "), *p7 = strstr(body, "#7 ");
	cr_assert(p8 && p9 && p7, "%s", m);
	cr_assert(p8 < p9 && p9 < p7, "overdue first: %s", m);
	cr_assert(strstr(body, "Overdue (2):") < p8);
	cr_assert(strstr(body, "Due later (1):") < p7 && strstr(body, "Due later (1):") > p9);
	cr_assert_not_null(strstr(body, "overdue 40 min"), "%s", m);
	cr_assert_not_null(strstr(body, "URGENT"));
	cr_assert_not_null(strstr(body, "+49 30 2222222"), "numbers readable: %s", m);
	cr_assert_not_null(strstr(body, "Evil\\x1B[2J\\nBcc: x@evil (ACME)"), "escaped: %s", m);
	cr_assert_not_null(strstr(body, "called 3 times"));
	cr_assert_not_null(strstr(body, "escalated to you as deputy"));
	cr_assert_null(strchr(m, '\x1b'), "no raw control characters");
	cr_assert_null(strstr(m, "\n.\n"), "a lone '.' line ends a sendmail message");
	free(m);

	struct callback one = {.id = 1, .due = NOW + HOUR, .status = "open"};
	m = fd_digest_format(&to, &one, 1, NOW);
	cr_assert_not_null(strstr(m, "Subject: frontdesk: 1 open callback\n"), "%s", m);
	cr_assert_not_null(strstr(m, "unknown caller"));
	cr_assert_null(strstr(m, "Overdue"));
	free(m);
}

struct got {
	int sent, skipped, failed, dry;
	char logins[256];
};

static void collect(void *ctx, const struct fd_remind_result *r)
{
	struct got *g = ctx;
	g->sent += r->status == REMIND_SENT;
	g->skipped += r->status == REMIND_SKIPPED;
	g->failed += r->status == REMIND_FAILED;
	g->dry += r->status == REMIND_DRY_RUN;
	if (r->status == REMIND_DRY_RUN)
		cr_assert_not_null(r->mail);
	strcat(g->logins, r->to->login);
	strcat(g->logins, r->status == REMIND_SENT ? "+ " : r->status == REMIND_DRY_RUN ? "? "
	                  : r->status == REMIND_SKIPPED ? "- " : "! ");
}

Test(queue, remind_who_gets_what)
{
	office();
	time_t due = NOW + 10 * MIN;
	callback("max", "030 555111", "Eva Roth", due);
	callback("rita", "030 555222", "No Mail", due + HOUR);
	struct fd_remind_opts o = {.dry_run = 1};
	struct got g = {0};
	size_t failed = 9;
	act_as("anna");
	refused(fd_remind(fd, &o, due, collect, &g, &failed, &err), 1, "not allowed");
	act_as("sue");
	cr_assert_eq(fd_remind(fd, &o, due + 5 * HOUR, collect, &g, &failed, &err), 0, "%s", err.msg);
	/* staff order: anna (deputy), max (own), rita (no address), sue (supervisor) */
	cr_assert_str_eq(g.logins, "anna? max? rita- sue? ");
	cr_assert_eq(failed, 0);

	char path[128], cmd[256];
	snprintf(path, sizeof path, "%s/mail.txt", dir);
	snprintf(cmd, sizeof cmd, "cat >> '%s'", path);
	o.dry_run = 0;
	o.mail_command = cmd;
	memset(&g, 0, sizeof g);
	cr_assert_eq(fd_remind(fd, &o, due + 20 * MIN, collect, &g, &failed, &err), 0, "%s", err.msg);
	cr_assert_str_eq(g.logins, "max+ rita- ");
	char *m = slurp(path);
	cr_assert_not_null(m);
	cr_assert(strncmp(m, "To: max@example.com\n", 20) == 0, "%s", m);
	free(m);

	o.mail_command = "cat >/dev/null; echo 'no route to host' >&2; exit 75";
	memset(&g, 0, sizeof g);
	cr_assert_eq(fd_remind(fd, &o, due + 20 * MIN, collect, &g, &failed, &err), 0, "%s", err.msg);
	cr_assert_eq(failed, 1);
	cr_assert_str_eq(g.logins, "max! rita- ");
}

/* ---- running commands; dialling ---- */

Test(queue, run_passes_arguments_not_shell_text)
{
	char out[128], cmd[256], pwn[128];
	const char *evil[] = {
		"+49; touch PWN", "$(touch PWN)", "`touch PWN`", "'; touch PWN; '", "\"; touch PWN; \"",
		"-c", "+49 30 1234567\ntouch PWN", "$1 $2 $@", "*",
	};
	snprintf(out, sizeof out, "%s/arg.txt", dir);
	snprintf(pwn, sizeof pwn, "%s/PWN", dir);
	snprintf(cmd, sizeof cmd, "cd '%s' && printf '%%s|%%s' \"$1\" \"$2\" > '%s'", dir, out);
	for (size_t i = 0; i < sizeof evil / sizeof *evil; i++) {
		struct fd_run r = {.cmd = cmd, .arg1 = evil[i], .arg2 = "second", .timeout = 10};
		cr_assert_eq(fd_run_command(&r, &err), 0, "%s", err.msg);
		char *got = slurp(out), want[128];
		snprintf(want, sizeof want, "%s|second", evil[i]);
		cr_assert_str_eq(got, want);
		free(got);
		cr_assert(!exists(pwn), "\"%s\" reached the shell", evil[i]);
	}
}

Test(queue, run_reports_failures)
{
	struct fd_run r = {.cmd = "echo first; echo 'the real reason' >&2; exit 3", .timeout = 10};
	refused(fd_run_command(&r, &err), 1, "failed with exit status 3: the real reason");
	r.cmd = "no-such-command-frontdesk";
	refused(fd_run_command(&r, &err), 1, "not found");
	r.cmd = "kill -TERM $$";
	refused(fd_run_command(&r, &err), 1, "killed by signal 15");
	r.cmd = "sleep 5";
	r.timeout = 1;
	refused(fd_run_command(&r, &err), 1, "did not finish within 1 s");
	/* stdin: the whole input, even more than a pipe holds */
	char path[128], cmd[256];
	size_t big = 200000;
	char *in = malloc(big + 1);
	memset(in, 'x', big);
	in[big] = '\0';
	snprintf(path, sizeof path, "%s/in.txt", dir);
	snprintf(cmd, sizeof cmd, "wc -c > '%s'", path);
	struct fd_run w = {.cmd = cmd, .input = in, .input_len = big, .timeout = 10};
	cr_assert_eq(fd_run_command(&w, &err), 0, "%s", err.msg);
	char *got = slurp(path);
	cr_assert_eq(atol(got), (long)big);
	free(got);
	free(in);
	/* a command that does not read its input: its exit status decides */
	struct fd_run nr = {.cmd = "exit 0", .input = "x", .input_len = 1, .timeout = 10};
	cr_assert_eq(fd_run_command(&nr, &err), 0, "%s", err.msg);
}

Test(queue, dial)
{
	char out[128], cmd[256], number[32];
	office();
	long long id = callback("max", "030 5551117", "Eva Roth", NOW + 10 * MIN);
	refused(fd_dial(fd, id, NOW, number, &err), 1, "no dial command is set");
	refused(fd_dial(fd, 999, NOW, number, &err), 2, "no callback has the number 999");

	snprintf(out, sizeof out, "%s/dial.txt", dir);
	snprintf(cmd, sizeof cmd, "printf '%%s %%s' \"$1\" \"$2\" > '%s'", out);
	set_meta("dial_command", cmd);
	cr_assert_eq(fd_dial(fd, id, NOW, number, &err), 0, "%s", err.msg);
	cr_assert_str_eq(number, "+49305551117");
	char *got = slurp(out);
	cr_assert_str_eq(got, "+49305551117 0305551117");
	free(got);

	/* a number that is not E.164 (a tampered database) is never dialled */
	struct callback cb = {.call_id = 1, .number = "+4930$(touch PWN)", .assignee_id = 1,
	                      .created = NOW, .due = NOW, .subject = "x"};
	long long bad = 0;
	cr_assert_eq(db_begin(fd->db), 0);
	cr_assert_eq(db_callback_insert(fd->db, &cb, &bad), 0);
	cr_assert_eq(db_commit(fd->db), 0);
	unlink(out);
	refused(fd_dial(fd, bad, NOW, number, &err), 1, "is not an international number");
	cr_assert(!exists(out), "the command ran");

	set_meta("dial_command", "echo 'pbx says no' >&2; exit 1");
	refused(fd_dial(fd, id, NOW, number, &err), 1, "pbx says no");
	/* the environment wins over the setting */
	setenv("FRONTDESK_DIAL_COMMAND", cmd, 1);
	cr_assert_eq(fd_dial(fd, id, NOW, number, &err), 0, "%s", err.msg);
	unsetenv("FRONTDESK_DIAL_COMMAND");
}

/* A command stored in a database others can write is not run. */
Test(queue, command_setting_needs_a_private_database)
{
	char path[128], out[128], cmd[256], number[32];
	struct fd *f2 = NULL;
	struct fd_open_opts o = {0};
	snprintf(path, sizeof path, "%s/fd.db", dir);
	snprintf(out, sizeof out, "%s/dial.txt", dir);
	snprintf(cmd, sizeof cmd, "echo \"$1\" > '%s'", out);
	o.db_path = path;
	o.create = 1;
	o.uid_override = -1;
	cr_assert_eq(fd_open(&o, &f2, &err), 0, "%s", err.msg);
	cr_assert_eq(fd_init(f2, 49, NOW, &err), 0, "%s", err.msg);
	struct fd *keep = fd;
	fd = f2;
	office();
	long long id = callback("max", "030 5551117", "Eva Roth", NOW + 10 * MIN);
	set_meta("dial_command", cmd);
	cr_assert_eq(fd_dial(fd, id, NOW, number, &err), 0, "%s", err.msg);
	cr_assert(exists(out));
	unlink(out);
	cr_assert_eq(chmod(path, 0664), 0);
	refused(fd_dial(fd, id, NOW, number, &err), 1, "others can write the database");
	cr_assert(!exists(out), "ran a command others could have set");
	setenv("FRONTDESK_DIAL_COMMAND", cmd, 1);
	cr_assert_eq(fd_dial(fd, id, NOW, number, &err), 0, "%s", err.msg);
	unsetenv("FRONTDESK_DIAL_COMMAND");
	fd = keep;
	fd_close(&f2);
}
