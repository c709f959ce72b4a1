/*
 * Tests for core/demo: `frontdesk init --demo` makes a believable company
 * (staff, contacts, two weeks of calls, callbacks in every state), the same
 * one for the same seed, all or nothing.
 */
#include "core/fd.h"

#include <criterion/criterion.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define DAY 86400

/* A fixed clock: Wednesday 2026-03-11 15:30 in Europe/Berlin. */
static time_t now;

static time_t L(int y, int mon, int d, int h, int m)
{
	struct tm tm = {0};
	tm.tm_year = y - 1900;
	tm.tm_mon = mon - 1;
	tm.tm_mday = d;
	tm.tm_hour = h;
	tm.tm_min = m;
	tm.tm_isdst = -1;
	return mktime(&tm);
}

static void setup(void)
{
	setenv("TZ", "Europe/Berlin", 1);
	tzset();
	now = L(2026, 3, 11, 15, 30);
}

TestSuite(demo, .init = setup);

static struct fd *open_mem(int cc)
{
	struct fd_open_opts o = {0};
	struct fd_err err = {0};
	struct fd *fd = NULL;
	o.memory = 1;
	o.uid_override = -1;
	cr_assert_eq(fd_open(&o, &fd, &err), 0, "fd_open: %s", err.msg);
	cr_assert_eq(fd_init(fd, cc, now, &err), 0, "fd_init: %s", err.msg);
	return fd;
}

static struct fd *open_demo(time_t at, unsigned seed)
{
	struct fd_err err = {0};
	struct fd *fd = open_mem(49);
	cr_assert_eq(fd_demo_populate(fd, at, seed, &err), 0, "fd_demo_populate: %s", err.msg);
	cr_assert_eq(fd->batch, 0);
	return fd;
}

static long long count_contacts(struct fd *fd)
{
	long long n = -1;
	cr_assert_eq(db_contact_count(fd->db, &n), 0);
	return n;
}

static size_t count_staff(struct fd *fd)
{
	struct staff *s = NULL;
	size_t n = 0;
	struct fd_err err = {0};
	cr_assert_eq(fd_staff_list(fd, &s, &n, &err), 0, "%s", err.msg);
	db_staff_free_list(s, n);
	return n;
}

static void all_calls(struct fd *fd, struct call **c, size_t *n)
{
	struct fd_call_query q = {0};
	struct fd_err err = {0};
	cr_assert_eq(fd_calls(fd, &q, now, c, n, &err), 0, "fd_calls: %s", err.msg);
}

static void all_callbacks(struct fd *fd, struct callback **cb, size_t *n)
{
	struct fd_err err = {0};
	cr_assert_eq(fd_queue(fd, NULL, 1, 1, now, cb, n, &err), 0, "fd_queue: %s", err.msg);
}

Test(demo, staff_in_departments)
{
	struct fd *fd = open_demo(now, 1);
	struct staff *s = NULL;
	size_t n = 0;
	struct fd_err err = {0};
	cr_assert_eq(fd_staff_list(fd, &s, &n, &err), 0, "%s", err.msg);
	cr_assert(n >= 35 && n <= 45, "%zu staff", n);

	const char *depts[16];
	size_t nd = 0;
	int reception = 0, supervisors = 0, deputies = 0, away = 0, empfang = 0, umlaut = 0;
	for (size_t i = 0; i < n; i++) {
		cr_assert(s[i].department && *s[i].department, "%s has no department", s[i].name);
		size_t k;
		for (k = 0; k < nd; k++)
			if (strcmp(depts[k], s[i].department) == 0)
				break;
		if (k == nd && nd < 16)
			depts[nd++] = s[i].department;
		reception += strcmp(s[i].role, "receptionist") == 0;
		supervisors += strcmp(s[i].role, "supervisor") == 0;
		deputies += s[i].deputy_id != 0;
		away += !fd_staff_present(&s[i], now);
		empfang += strcmp(s[i].login, "empfang") == 0;
		umlaut += strpbrk(s[i].name, "\xc3\xc5") != NULL; /* ä ö ü ß, Ł ... */
		cr_assert(s[i].ext && atoi(s[i].ext) >= 200 && atoi(s[i].ext) <= 299,
		          "%s: extension %s", s[i].name, s[i].ext ? s[i].ext : "none");
		cr_assert(s[i].phone && strncmp(s[i].phone, "+49301234567", 12) == 0,
		          "%s: direct line %s", s[i].name, s[i].phone ? s[i].phone : "none");
		cr_assert(s[i].email && strchr(s[i].email, '@'), "%s: no email", s[i].name);
		/* every absence ends in the future or is open-ended */
		if (strcmp(s[i].presence, "in") != 0)
			cr_assert(s[i].presence_until == 0 || s[i].presence_until > now,
			          "%s: %s until the past", s[i].name, s[i].presence);
	}
	cr_assert(nd >= 5, "only %zu departments", nd);
	cr_assert_eq(reception, 3);
	cr_assert_eq(supervisors, 2);
	cr_assert_eq(empfang, 1, "a receptionist with the login empfang");
	cr_assert(deputies >= (int)n / 2, "only %d deputies", deputies);
	cr_assert(away >= 4, "only %d away", away);
	cr_assert(umlaut >= 5, "only %d names with umlauts and the like", umlaut);

	struct staff w = {0};
	cr_assert_eq(fd_staff_find(fd, "jweiss", &w, &err), 1, "Jürgen Weiß as jweiss");
	cr_assert_str_eq(w.name, "Jürgen Weiß");
	db_staff_clear(&w);
	cr_assert_eq(fd_staff_find(fd, "lnowak", &w, &err), 1, "Łukasz Nowak as lnowak");
	db_staff_clear(&w);
	db_staff_free_list(s, n);
	fd_close(&fd);
}

Test(demo, contacts_and_calls)
{
	struct fd *fd = open_demo(now, 1);
	long long nc = count_contacts(fd);
	cr_assert(nc >= 250, "%lld contacts", nc);

	struct call *c = NULL;
	size_t n = 0, recent = 0, connected = 0, unreached = 0, message = 0, urgent = 0,
	       complaint = 0, foreign = 0, unknown = 0, weekday_office = 0;
	all_calls(fd, &c, &n);
	for (size_t i = 0; i < n; i++) {
		cr_assert(c[i].at <= now, "a call in the future");
		recent += c[i].at > now - 14 * DAY;
		connected += strcmp(c[i].outcome, "connected") == 0;
		unreached += strcmp(c[i].outcome, "unreached") == 0;
		message += strcmp(c[i].outcome, "message") == 0;
		urgent += c[i].urgent;
		complaint += c[i].complaint;
		unknown += c[i].contact_id == 0;
		foreign += c[i].number && strncmp(c[i].number, "+49", 3) != 0;
		cr_assert(c[i].subject && *c[i].subject, "call %lld without a subject", c[i].id);
		struct tm tm;
		localtime_r(&c[i].at, &tm);
		weekday_office += tm.tm_wday >= 1 && tm.tm_wday <= 5 && tm.tm_hour >= 8 && tm.tm_hour < 18;
	}
	cr_assert(recent >= 500, "%zu calls in the last 14 days", recent);
	cr_assert_eq(recent, n, "every call is within the two weeks");
	cr_assert(connected * 100 >= n * 45 && connected * 100 <= n * 70, "%zu of %zu connected", connected, n);
	cr_assert(unreached * 100 >= n * 20 && unreached * 100 <= n * 45, "%zu of %zu unreached", unreached, n);
	cr_assert(message * 100 >= n * 4 && message * 100 <= n * 16, "%zu of %zu messages", message, n);
	cr_assert(urgent > 10 && complaint > 5, "%zu urgent, %zu complaints", urgent, complaint);
	cr_assert(foreign > 20, "%zu calls from abroad", foreign);
	cr_assert(unknown > 0, "some callers give no name");
	cr_assert(weekday_office * 100 >= n * 90, "%zu of %zu in office hours", weekday_office, n);
	db_call_free_list(c, n);
	fd_close(&fd);
}

Test(demo, callbacks_in_every_state)
{
	struct fd *fd = open_demo(now, 1);
	struct callback *cb = NULL;
	size_t n = 0;
	int open = 0, done = 0, cancelled = 0, again = 0, overdue = 0, ahead = 0;
	int overdue_min = 0, overdue_days = 0, repeated = 0, tried_twice = 0;
	all_callbacks(fd, &cb, &n);
	for (size_t i = 0; i < n; i++) {
		const char *st = cb[i].status;
		if (strcmp(st, "open") == 0) {
			open++;
			overdue += cb[i].due < now;
			ahead += cb[i].due > now;
			overdue_min += cb[i].due < now && cb[i].due > now - 3600;
			overdue_days += cb[i].due < now - DAY;
		}
		done += strcmp(st, "done") == 0;
		cancelled += strcmp(st, "cancelled") == 0;
		again += strcmp(st, "will-call-again") == 0;
		repeated += cb[i].calls >= 2;
		tried_twice += strcmp(st, "done") == 0 && cb[i].attempts >= 2;
		cr_assert(cb[i].created <= now);
	}
	cr_assert(n >= 150, "%zu callbacks", n);
	cr_assert(open > 0 && done > 0 && cancelled > 0 && again > 0,
	          "open %d done %d cancelled %d will-call-again %d", open, done, cancelled, again);
	cr_assert(done > open / 2, "done %d, open %d", done, open);
	cr_assert(overdue > 0 && ahead > 0, "overdue %d, not yet due %d", overdue, ahead);
	cr_assert(overdue_min > 0 && overdue_days > 0, "overdue by minutes %d, by days %d",
	          overdue_min, overdue_days);
	cr_assert(repeated >= 5, "%d callers called more than once", repeated);
	cr_assert(tried_twice > 0, "no callback needed a second try");

	/* a handed-over callback: on another queue than the wanted person's */
	struct call *c = NULL;
	size_t nc = 0;
	int moved = 0;
	all_calls(fd, &c, &nc);
	for (size_t i = 0; i < nc; i++) {
		if (!c[i].callback_id)
			continue;
		for (size_t k = 0; k < n; k++)
			if (cb[k].id == c[i].callback_id && cb[k].call_id == c[i].id &&
			    cb[k].assignee_id != c[i].wanted_id)
				moved++;
	}
	cr_assert(moved > 0, "no callback was handed to a deputy or colleague");
	db_call_free_list(c, nc);
	db_callback_free_list(cb, n);
	fd_close(&fd);
}

Test(demo, same_seed_same_company)
{
	struct fd *a = open_demo(now, 1), *b = open_demo(now, 1), *c = open_demo(now, 2);
	struct call *ca = NULL, *cb = NULL, *cc = NULL;
	size_t na = 0, nb = 0, nc = 0;
	all_calls(a, &ca, &na);
	all_calls(b, &cb, &nb);
	all_calls(c, &cc, &nc);
	cr_assert_eq(na, nb);
	for (size_t i = 0; i < na; i++) {
		cr_assert_eq(ca[i].at, cb[i].at);
		cr_assert_str_eq(ca[i].number, cb[i].number);
		cr_assert_str_eq(ca[i].subject, cb[i].subject);
		cr_assert_str_eq(ca[i].outcome, cb[i].outcome);
	}
	int differs = na != nc;
	for (size_t i = 0; !differs && i < na; i++)
		differs = ca[i].at != cc[i].at || strcmp(ca[i].number, cc[i].number) != 0;
	cr_assert(differs, "another seed, another history");

	struct staff *sa = NULL, *sb = NULL;
	size_t ka = 0, kb = 0;
	struct fd_err err = {0};
	cr_assert_eq(fd_staff_list(a, &sa, &ka, &err), 0);
	cr_assert_eq(fd_staff_list(b, &sb, &kb, &err), 0);
	cr_assert_eq(ka, kb);
	cr_assert_str_eq(sa[0].name, sb[0].name);
	cr_assert_eq(count_contacts(a), count_contacts(b));

	struct callback *qa = NULL, *qb = NULL;
	size_t qna = 0, qnb = 0;
	all_callbacks(a, &qa, &qna);
	all_callbacks(b, &qb, &qnb);
	cr_assert_eq(qna, qnb);
	for (size_t i = 0; i < qna; i++) {
		cr_assert_str_eq(qa[i].status, qb[i].status);
		cr_assert_eq(qa[i].due, qb[i].due);
	}
	db_callback_free_list(qa, qna);
	db_callback_free_list(qb, qnb);
	db_staff_free_list(sa, ka);
	db_staff_free_list(sb, kb);
	db_call_free_list(ca, na);
	db_call_free_list(cb, nb);
	db_call_free_list(cc, nc);
	fd_close(&a);
	fd_close(&b);
	fd_close(&c);
}

Test(demo, second_run_refused_without_writes)
{
	struct fd *fd = open_demo(now, 1);
	struct fd_err err = {0};
	size_t staff = count_staff(fd);
	long long contacts = count_contacts(fd);
	struct call *c = NULL;
	size_t calls = 0;
	all_calls(fd, &c, &calls);
	db_call_free_list(c, calls);
	long long open = 0, overdue = 0;
	cr_assert_eq(fd_callback_counts(fd, now, &open, &overdue, &err), 0);

	cr_assert_eq(fd_demo_populate(fd, now, 7, &err), -1);
	cr_assert_eq(err.code, 2);
	cr_assert(strstr(err.msg, "new database"), "%s", err.msg);
	cr_assert_eq(fd->batch, 0);

	cr_assert_eq(count_staff(fd), staff);
	cr_assert_eq(count_contacts(fd), contacts);
	size_t calls2 = 0;
	all_calls(fd, &c, &calls2);
	db_call_free_list(c, calls2);
	cr_assert_eq(calls2, calls);
	long long open2 = 0, overdue2 = 0;
	cr_assert_eq(fd_callback_counts(fd, now, &open2, &overdue2, &err), 0);
	cr_assert_eq(open2, open);

	/* no transaction is left behind: an ordinary write works */
	struct fd_contact_input in = {.name = "Erika Mustermann", .phone = "030 9876543"};
	cr_assert_eq(fd_contact_add(fd, &in, now, NULL, &err), 0, "%s", err.msg);
	cr_assert_eq(count_contacts(fd), contacts + 1);
	fd_close(&fd);
}

Test(demo, other_country_and_clock)
{
	/* a Swiss switchboard on a Sunday night: German numbers dialled with +49 */
	struct fd_err err = {0};
	struct fd *fd = open_mem(41);
	time_t sunday = L(2026, 11, 1, 23, 50);
	cr_assert_eq(fd_demo_populate(fd, sunday, 3, &err), 0, "%s", err.msg);
	struct call *c = NULL;
	size_t n = 0;
	struct fd_call_query q = {0};
	cr_assert_eq(fd_calls(fd, &q, sunday, &c, &n, &err), 0);
	cr_assert(n >= 500, "%zu calls", n);
	for (size_t i = 0; i < n; i++)
		cr_assert(c[i].at <= sunday && c[i].at > sunday - 14 * DAY);
	db_call_free_list(c, n);
	fd_close(&fd);
}
