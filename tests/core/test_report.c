#include <criterion/criterion.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "core/fd.h"
#include "core/report.h"

/* Local wall-clock time in the current TZ. */
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

static void berlin(void)
{
	setenv("TZ", "Europe/Berlin", 1);
	tzset();
}

/* ---- business time (pure) ---- */

static struct report_hours H;

static void hours_setup(void)
{
	berlin();
	report_hours_default(&H);
}

TestSuite(report_hours, .init = hours_setup);

Test(report_hours, empty_and_backwards_spans)
{
	time_t t = L(2026, 11, 23, 10, 0);
	cr_assert_eq(report_elapsed(&H, t, t), 0);
	cr_assert_eq(report_elapsed(&H, t, t - 3600), 0);
}

Test(report_hours, same_day)
{
	cr_assert_eq(report_elapsed(&H, L(2026, 11, 23, 10, 0), L(2026, 11, 23, 10, 45)), 45 * 60);
	/* before opening counts from 08:00, after closing up to 18:00 */
	cr_assert_eq(report_elapsed(&H, L(2026, 11, 23, 6, 0), L(2026, 11, 23, 19, 0)), 10 * 3600);
	cr_assert_eq(report_elapsed(&H, L(2026, 11, 23, 19, 0), L(2026, 11, 23, 23, 0)), 0);
}

Test(report_hours, friday_evening_over_the_weekend)
{
	/* 17:55 on Friday, called back 08:30 on Monday: 5 + 30 minutes */
	cr_assert_eq(report_elapsed(&H, L(2026, 11, 20, 17, 55), L(2026, 11, 23, 8, 30)), 35 * 60);
	/* a call on Saturday waits from Monday 08:00 */
	cr_assert_eq(report_elapsed(&H, L(2026, 11, 21, 11, 0), L(2026, 11, 23, 9, 0)), 3600);
}

Test(report_hours, whole_weeks)
{
	/* Monday 08:00 to Monday 08:00 two weeks later: 10 business days */
	cr_assert_eq(report_elapsed(&H, L(2026, 11, 2, 8, 0), L(2026, 11, 16, 8, 0)), 10 * 10 * 3600L);
	/* Wednesday noon to next Tuesday noon: 4 whole days between + 2 half days */
	cr_assert_eq(report_elapsed(&H, L(2026, 11, 18, 13, 0), L(2026, 11, 24, 13, 0)),
	             5 * 3600 + 3 * 10 * 3600L + 5 * 3600);
}

Test(report_hours, dst_change_does_not_count)
{
	/* Friday 27 March 2026 16:00 to Monday 30 March 10:00 (clocks went forward) */
	cr_assert_eq(report_elapsed(&H, L(2026, 3, 27, 16, 0), L(2026, 3, 30, 10, 0)), 4 * 3600);
	cr_assert_eq(report_elapsed(&H, L(2026, 10, 23, 17, 0), L(2026, 10, 26, 9, 0)), 2 * 3600);
}

Test(report_hours, custom_hours_and_days)
{
	const char *why = NULL;
	cr_assert_eq(report_hours_parse("09:30-12:00", "sat,sun", &H, &why), 0, "%s", why);
	cr_assert_eq(report_elapsed(&H, L(2026, 11, 20, 9, 0), L(2026, 11, 23, 12, 0)), 2 * 150 * 60);
	char buf[64];
	report_hours_format(&H, buf, sizeof buf);
	cr_assert_str_eq(buf, "Sat-Sun 09:30-12:00");
	cr_assert_eq(report_hours_parse("0-24", "1-7", &H, &why), 0);
	cr_assert_eq(report_elapsed(&H, L(2026, 11, 20, 17, 55), L(2026, 11, 23, 8, 30)),
	             L(2026, 11, 23, 8, 30) - L(2026, 11, 20, 17, 55));
	report_hours_format(&H, buf, sizeof buf);
	cr_assert_str_eq(buf, "Mon-Sun 00:00-24:00");
}

Test(report_hours, malformed_settings_refused)
{
	const char *why = NULL;
	struct report_hours before = H;
	cr_assert_eq(report_hours_parse("", NULL, &H, &why), -1);
	cr_assert_not_null(why);
	cr_assert_eq(report_hours_parse("18:00-08:00", NULL, &H, &why), -1);
	cr_assert_eq(report_hours_parse("8:00-25:00", NULL, &H, &why), -1);
	cr_assert_eq(report_hours_parse("08:00-18:00x", NULL, &H, &why), -1);
	cr_assert_eq(report_hours_parse(NULL, "fri-mon", &H, &why), -1);
	cr_assert_eq(report_hours_parse(NULL, "noday", &H, &why), -1);
	cr_assert_eq(report_hours_parse(NULL, "", &H, &why), -1);
	cr_assert_eq(memcmp(&before, &H, sizeof H), 0, "a refused setting changed the hours");
	cr_assert_eq(report_hours_parse(NULL, "Mo,Di,Mi", &H, &why), 0);
	cr_assert_eq(H.days, 0x0e);
	cr_assert_eq(report_hours_parse(NULL, "monday-friday", &H, &why), 0);
	cr_assert_eq(H.days, 0x3e);
}

Test(report_hours, in_hours)
{
	cr_assert(report_in_hours(&H, L(2026, 11, 20, 17, 55)));
	cr_assert(!report_in_hours(&H, L(2026, 11, 20, 18, 0)));
	cr_assert(report_in_hours(&H, L(2026, 11, 20, 8, 0)));
	cr_assert(!report_in_hours(&H, L(2026, 11, 21, 10, 0)));
}

Test(report_hours, percentiles)
{
	long v[] = {REPORT_NEVER, 30, 10, 20, REPORT_NEVER};
	cr_assert_eq(report_percentile(NULL, 0, 50), REPORT_NEVER);
	report_sort_durations(v, 5);
	cr_assert_eq(v[0], 10);
	cr_assert_eq(v[4], REPORT_NEVER);
	cr_assert_eq(report_percentile(v, 5, 50), 30); /* rank 3 of 5 */
	cr_assert_eq(report_percentile(v, 5, 60), 30);
	cr_assert_eq(report_percentile(v, 5, 61), REPORT_NEVER);
	cr_assert_eq(report_percentile(v, 1, 90), 10);
	long w[] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
	cr_assert_eq(report_percentile(w, 10, 50), 5);
	cr_assert_eq(report_percentile(w, 10, 90), 9);
}

Test(report_hours, durations_and_bars)
{
	char b[32];
	report_duration_format(REPORT_NEVER, "never", b, sizeof b);
	cr_assert_str_eq(b, "never");
	report_duration_format(35 * 60, NULL, b, sizeof b);
	cr_assert_str_eq(b, "35 min");
	report_duration_format(3 * 3600 + 600, NULL, b, sizeof b);
	cr_assert_str_eq(b, "3 h 10 min");
	report_chart_bar(0, 10, 10, b);
	cr_assert_str_eq(b, "");
	report_chart_bar(1, 100, 10, b);
	cr_assert_str_eq(b, "#");
	report_chart_bar(10, 10, 10, b);
	cr_assert_str_eq(b, "##########");
	report_chart_bar(5, 0, 10, b);
	cr_assert_str_eq(b, "");
}

/* ---- figures on a fixture ---- */

static char dir[64], path[128];
static struct fd *fd;
static struct fd_err err;
static time_t now;
static struct report_period week;
static long long cb_weekend, cb_third, cb_never;

static struct fd *open_as(const char *login)
{
	struct fd_open_opts o = {0};
	struct fd *f = NULL;
	o.db_path = path;
	o.as_login = login;
	o.create = 1;
	o.uid_override = -1;
	cr_assert_eq(fd_open(&o, &f, &err), 0, "%s", err.msg);
	return f;
}

static long long log_call(const char *for_login, const char *from, const char *name,
                          const char *outcome, int callback, time_t at)
{
	struct fd_call_input in = {0};
	struct fd_call_result res;
	in.for_login = for_login;
	in.from = from;
	in.name = name;
	in.outcome = outcome;
	in.callback = callback;
	cr_assert_eq(fd_call_log(fd, &in, at, &res, &err), 0, "%s", err.msg);
	return res.callback_id;
}

static void attempt(long long id, const char *result, time_t at)
{
	cr_assert_eq(fd_callback_attempt(fd, id, result, NULL, NULL, at, &err), 0, "%s", err.msg);
}

static void add_staff(const char *name, const char *login, const char *dept, const char *role)
{
	struct fd_staff_input s = {0};
	long long id;
	s.name = name;
	s.login = login;
	s.department = dept;
	s.role = role;
	cr_assert_eq(fd_staff_add(fd, &s, L(2026, 11, 1, 9, 0), &id, &err), 0, "%s", err.msg);
}

static void fixture(void)
{
	berlin();
	snprintf(dir, sizeof dir, "/tmp/fdreportXXXXXX");
	cr_assert_not_null(mkdtemp(dir));
	snprintf(path, sizeof path, "%s/fd.db", dir);
	fd = open_as(NULL);
	cr_assert_eq(fd_init(fd, 49, L(2026, 11, 1, 9, 0), &err), 0, "%s", err.msg);
	add_staff("Sue Visor", "sue", "Sales", "supervisor");
	add_staff("Emil Ployee", "emil", "Support", "employee");
	now = L(2026, 11, 23, 12, 0);
	week.since = L(2026, 11, 16, 0, 0);
	week.until = L(2026, 11, 24, 0, 0);

	/* reached on the third attempt: first after 30 min, reached after 4 h */
	cb_third = log_call("emil", "+49 30 1111111", "Berta Third", NULL, 1, L(2026, 11, 16, 10, 0));
	attempt(cb_third, "no-answer", L(2026, 11, 16, 10, 30));
	attempt(cb_third, "busy", L(2026, 11, 16, 12, 0));
	attempt(cb_third, "reached", L(2026, 11, 16, 14, 0));
	/* never reached: called twice, never attempted, overdue now */
	cb_never = log_call("sue", "+49 30 2222222", "Nora Never", NULL, 1, L(2026, 11, 17, 9, 0));
	cr_assert_eq(log_call("sue", "+49 30 2222222", NULL, NULL, 1, L(2026, 11, 17, 11, 0)), cb_never);
	/* after hours, no callback */
	log_call("emil", "+49 30 3333333", "=cmd|' /C calc'!A0", NULL, 0, L(2026, 11, 18, 20, 0));
	/* connected: not a missed call */
	log_call("emil", "+49 30 4444444", "Carl Connected", "connected", 0, L(2026, 11, 18, 12, 0));
	/* 17:55 on Friday, reached 08:30 on Monday */
	cb_weekend = log_call("emil", "+49 30 5555555", "Wanda Weekend", NULL, 1, L(2026, 11, 20, 17, 55));
	attempt(cb_weekend, "reached", L(2026, 11, 23, 8, 30));
	/* outside the period */
	log_call("emil", "+49 30 6666666", "Olga Old", NULL, 1, L(2026, 11, 9, 10, 0));
}

static void fixture_end(void)
{
	fd_close(&fd);
	char p[200];
	snprintf(p, sizeof p, "rm -rf '%s'", dir);
	system(p);
}

TestSuite(report, .init = fixture, .fini = fixture_end);

Test(report, figures_business_time)
{
	struct report *r;
	cr_assert_eq(report_compute(fd, &week, REPORT_BY_NONE, 0, now, &r, &err), 0, "%s", err.msg);
	const struct report_figures *f = &r->total;
	cr_assert_eq(f->unreached_calls, 5);
	cr_assert_eq(f->after_hours, 1);
	cr_assert_eq(f->callbacks, 3);
	cr_assert_eq(f->attempted, 2);
	cr_assert_eq(f->reached, 2);
	cr_assert_eq(f->never_reached, 1);
	cr_assert_eq(f->open, 1);
	cr_assert_eq(f->overdue, 1);
	cr_assert_eq(f->repeat_callers, 1);
	/* first attempt: 30 min, 35 min, never */
	cr_assert_eq(f->first_median, 35 * 60);
	cr_assert_eq(f->first_p90, REPORT_NEVER);
	/* reached: 35 min, 4 h, never */
	cr_assert_eq(f->reached_median, 4 * 3600);
	cr_assert_eq(f->reached_p90, REPORT_NEVER);
	cr_assert_eq(r->cfg.n_thresholds, 3);
	cr_assert_eq(f->within[0], 1);
	cr_assert_eq(f->within[1], 2);
	cr_assert_eq(f->within[2], 2);
	cr_assert_eq(r->calls_by_hour[9] + r->calls_by_hour[10] + r->calls_by_hour[11] +
	             r->calls_by_hour[17] + r->calls_by_hour[20], 5);
	cr_assert_eq(r->calls_by_weekday[0], 1); /* Monday */
	cr_assert_eq(r->calls_by_weekday[1], 2);
	cr_assert_eq(r->calls_by_weekday[4], 1); /* Friday */
	cr_assert_eq(r->hist[0].count + r->hist[1].count + r->hist[2].count, 1); /* < 1 h */
	cr_assert_eq(r->hist[REPORT_HIST_BUCKETS - 1].count, 1);
	cr_assert_eq(r->n_weeks, 2);
	cr_assert_eq(r->weeks[0].unreached_calls, 5);
	cr_assert_eq(r->weeks[0].callbacks, 3);
	cr_assert_eq(r->weeks[0].reached, 2);
	cr_assert_eq(r->weeks[1].callbacks, 0);
	report_free(&r);
	cr_assert_null(r);
}

Test(report, figures_wall_clock)
{
	struct report *r;
	cr_assert_eq(report_compute(fd, &week, REPORT_BY_NONE, 1, now, &r, &err), 0, "%s", err.msg);
	long weekend = (long)(L(2026, 11, 23, 8, 30) - L(2026, 11, 20, 17, 55));
	cr_assert_eq(r->total.reached_median, weekend);
	cr_assert_eq(r->total.within[0], 0);
	cr_assert_eq(r->total.within[1], 1);
	report_free(&r);
}

Test(report, by_department)
{
	struct report *r;
	cr_assert_eq(report_compute(fd, &week, REPORT_BY_DEPARTMENT, 0, now, &r, &err), 0, "%s", err.msg);
	cr_assert_eq(r->n_groups, 3);
	cr_assert_str_eq(r->groups[0].label, "Sales");
	cr_assert_str_eq(r->groups[1].label, "Support");
	cr_assert_eq(r->groups[0].unreached_calls, 2);
	cr_assert_eq(r->groups[0].callbacks, 1);
	cr_assert_eq(r->groups[0].overdue, 1);
	cr_assert_eq(r->groups[1].unreached_calls, 3);
	cr_assert_eq(r->groups[1].callbacks, 2);
	cr_assert_eq(r->groups[1].reached_median, 35 * 60);
	report_free(&r);
}

Test(report, by_person_needs_the_setting)
{
	struct report *r = NULL;
	cr_assert_eq(report_compute(fd, &week, REPORT_BY_PERSON, 0, now, &r, &err), -1);
	cr_assert_null(r);
	cr_assert(strstr(err.msg, "works council"), "%s", err.msg);
	cr_assert_eq(db_begin(fd->db), 0);
	cr_assert_eq(db_meta_set(fd->db, "report_per_person", "1"), 0);
	cr_assert_eq(db_commit(fd->db), 0);
	cr_assert_eq(report_compute(fd, &week, REPORT_BY_PERSON, 0, now, &r, &err), 0, "%s", err.msg);
	cr_assert_eq(r->n_groups, 3); /* emil, sue, (none) */
	size_t e = strcmp(r->groups[0].label, "emil") == 0 ? 0 : 1;
	cr_assert_str_eq(r->groups[e].label, "emil");
	cr_assert_eq(r->groups[e].callbacks, 2);
	cr_assert_eq(r->groups[e].unreached_calls, 3);
	cr_assert_eq(r->groups[1 - e].callbacks, 1);
	report_free(&r);
}

/* ---- figures of one department or person ---- */

static struct report *scoped(const char *department, const char *person, enum report_by by)
{
	struct report_scope s = {department, person};
	struct report *r = NULL;
	cr_assert_eq(report_compute_in(fd, &week, by, &s, 0, now, &r, &err), 0, "%s", err.msg);
	return r;
}

static void per_person_on(void)
{
	cr_assert_eq(db_begin(fd->db), 0);
	cr_assert_eq(db_meta_set(fd->db, "report_per_person", "1"), 0);
	cr_assert_eq(db_commit(fd->db), 0);
}

/* Every figure of a and b, by name, so a failure says which. */
static void same_figures(const struct report_figures *a, const struct report_figures *b)
{
	cr_assert_eq(a->unreached_calls, b->unreached_calls);
	cr_assert_eq(a->after_hours, b->after_hours);
	cr_assert_eq(a->callbacks, b->callbacks);
	cr_assert_eq(a->attempted, b->attempted);
	cr_assert_eq(a->reached, b->reached);
	cr_assert_eq(a->open, b->open);
	cr_assert_eq(a->overdue, b->overdue);
	cr_assert_eq(a->never_reached, b->never_reached);
	cr_assert_eq(a->repeat_callers, b->repeat_callers);
	cr_assert_eq(a->first_median, b->first_median);
	cr_assert_eq(a->first_p90, b->first_p90);
	cr_assert_eq(a->reached_median, b->reached_median);
	cr_assert_eq(a->reached_p90, b->reached_p90);
	for (int i = 0; i < REPORT_MAX_THRESHOLDS; i++)
		cr_assert_eq(a->within[i], b->within[i], "within %d", i);
}

Test(report, department_scope_empty_and_unknown)
{
	struct report_scope s = {"", NULL};
	struct report *r = NULL, *whole = NULL;
	/* "" restricts nothing: the whole company */
	cr_assert_eq(report_compute_in(fd, &week, REPORT_BY_NONE, &s, 0, now, &r, &err), 0, "%s", err.msg);
	cr_assert_eq(report_compute(fd, &week, REPORT_BY_NONE, 0, now, &whole, &err), 0, "%s", err.msg);
	cr_assert_str_eq(r->department, "");
	same_figures(&r->total, &whole->total);
	report_free(&r);
	report_free(&whole);
	/* a department nobody works in is a typo, not a quiet zero */
	s.department = "Sails";
	cr_assert_eq(report_compute_in(fd, &week, REPORT_BY_NONE, &s, 0, now, &r, &err), -1);
	cr_assert_null(r);
	cr_assert_eq(err.code, 2);
	cr_assert(strstr(err.msg, "Sails"), "%s", err.msg);
	/* names are matched exactly, as the log's department filter does */
	s.department = "support";
	cr_assert_eq(report_compute_in(fd, &week, REPORT_BY_NONE, &s, 0, now, &r, &err), -1);
	cr_assert_eq(err.code, 2);
}

Test(report, department_scope_by_hand)
{
	/* Support (emil): Berta (Mon 10:00, callback: first attempt 30 min,
	 * reached 4 h), the formula caller (Wed 20:00, no callback), Wanda (Fri
	 * 17:55, reached Mon 08:30: 35 min); Carl was connected, Olga is
	 * before the period. */
	struct report *r = scoped("Support", NULL, REPORT_BY_NONE);
	const struct report_figures *f = &r->total;
	cr_assert_str_eq(r->department, "Support");
	cr_assert_eq(f->unreached_calls, 3);
	cr_assert_eq(f->after_hours, 1);
	cr_assert_eq(f->callbacks, 2);
	cr_assert_eq(f->attempted, 2);
	cr_assert_eq(f->reached, 2);
	cr_assert_eq(f->never_reached, 0);
	cr_assert_eq(f->open, 0);
	cr_assert_eq(f->overdue, 0);
	cr_assert_eq(f->repeat_callers, 0);
	/* nearest rank of two: the median is the first, the p90 the second */
	cr_assert_eq(f->first_median, 30 * 60);
	cr_assert_eq(f->first_p90, 35 * 60);
	cr_assert_eq(f->reached_median, 35 * 60);
	cr_assert_eq(f->reached_p90, 4 * 3600);
	cr_assert_eq(f->within[0], 1); /* 1 h: Wanda */
	cr_assert_eq(f->within[1], 2); /* 4 h: Berta too, at exactly 4 h */
	cr_assert_eq(f->within[2], 2);
	cr_assert_eq(r->calls_by_hour[10], 1);
	cr_assert_eq(r->calls_by_hour[17], 1);
	cr_assert_eq(r->calls_by_hour[20], 1);
	cr_assert_eq(r->calls_by_hour[9] + r->calls_by_hour[11], 0, "Sales' calls counted");
	cr_assert_eq(r->calls_by_weekday[0], 1); /* Monday */
	cr_assert_eq(r->calls_by_weekday[1], 0); /* Tuesday: only Sales called */
	cr_assert_eq(r->calls_by_weekday[2], 1);
	cr_assert_eq(r->calls_by_weekday[4], 1);
	cr_assert_eq(r->hist[2].count, 1); /* 30-60 min */
	cr_assert_eq(r->hist[5].count, 1); /* 4-8 h */
	cr_assert_eq(r->hist[REPORT_HIST_BUCKETS - 1].count, 0);
	cr_assert_eq(r->weeks[0].unreached_calls, 3);
	cr_assert_eq(r->weeks[0].callbacks, 2);
	cr_assert_eq(r->weeks[0].reached, 2);
	report_free(&r);

	/* Sales (sue): Nora twice, one callback never tried, overdue */
	r = scoped("Sales", NULL, REPORT_BY_NONE);
	f = &r->total;
	cr_assert_eq(f->unreached_calls, 2);
	cr_assert_eq(f->after_hours, 0);
	cr_assert_eq(f->callbacks, 1);
	cr_assert_eq(f->attempted, 0);
	cr_assert_eq(f->reached, 0);
	cr_assert_eq(f->never_reached, 1);
	cr_assert_eq(f->open, 1);
	cr_assert_eq(f->overdue, 1);
	cr_assert_eq(f->repeat_callers, 1);
	cr_assert_eq(f->first_median, REPORT_NEVER);
	cr_assert_eq(f->reached_median, REPORT_NEVER);
	cr_assert_eq(f->within[2], 0);
	cr_assert_eq(r->calls_by_weekday[1], 2);
	cr_assert_eq(r->hist[REPORT_HIST_BUCKETS - 1].count, 1);
	report_free(&r);
}

Test(report, department_scope_is_its_row_by_department)
{
	struct report *all, *r;
	cr_assert_eq(report_compute(fd, &week, REPORT_BY_DEPARTMENT, 0, now, &all, &err), 0, "%s", err.msg);
	for (size_t g = 0; g + 1 < all->n_groups; g++) {
		r = scoped(all->groups[g].label, NULL, REPORT_BY_NONE);
		same_figures(&r->total, &all->groups[g]);
		report_free(&r);
	}
	/* grouped within the scope: every call and callback in its own row */
	r = scoped("Support", NULL, REPORT_BY_DEPARTMENT);
	cr_assert_str_eq(r->groups[1].label, "Support");
	same_figures(&r->groups[1], &r->total);
	cr_assert_eq(r->groups[0].unreached_calls + r->groups[0].callbacks, 0);
	report_free(&r);
	report_free(&all);
}

Test(report, person_scope)
{
	struct report_scope s = {NULL, "emil"};
	struct report *r = NULL;
	/* the works council's rule, as for figures by person */
	cr_assert_eq(report_compute_in(fd, &week, REPORT_BY_NONE, &s, 0, now, &r, &err), -1);
	cr_assert_null(r);
	cr_assert_eq(err.code, 1);
	cr_assert(strstr(err.msg, "works council"), "%s", err.msg);
	per_person_on();
	s.person = "nobody";
	cr_assert_eq(report_compute_in(fd, &week, REPORT_BY_NONE, &s, 0, now, &r, &err), -1);
	cr_assert_eq(err.code, 2);

	/* Sam in Sales is away: Erna's call for him goes to his deputy, emil */
	struct fd_staff_input in = {0};
	long long id;
	in.name = "Sam Seller";
	in.login = "sam";
	in.department = "Sales";
	in.deputy = "emil";
	cr_assert_eq(fd_staff_add(fd, &in, L(2026, 11, 1, 9, 0), &id, &err), 0, "%s", err.msg);
	struct fd_call_input c = {0};
	struct fd_call_result res;
	c.for_login = "sam";
	c.from = "+49 30 7777777";
	c.name = "Erna Deputy";
	c.callback = 1;
	c.to_deputy = 1;
	cr_assert_eq(fd_call_log(fd, &c, L(2026, 11, 19, 9, 0), &res, &err), 0, "%s", err.msg);
	cr_assert_str_eq(res.assignee, "emil");
	attempt(res.callback_id, "reached", L(2026, 11, 19, 10, 0));

	/* emil: the three calls for him; his two callbacks and Sam's */
	r = scoped(NULL, "emil", REPORT_BY_NONE);
	cr_assert_str_eq(r->person, "emil");
	cr_assert_eq(r->total.unreached_calls, 3);
	cr_assert_eq(r->total.callbacks, 3);
	cr_assert_eq(r->total.reached, 3);
	cr_assert_eq(r->total.reached_median, 3600); /* 35 min, 1 h, 4 h */
	report_free(&r);
	/* Sam: the call for him, no callback of his */
	r = scoped(NULL, "sam", REPORT_BY_NONE);
	cr_assert_eq(r->total.unreached_calls, 1);
	cr_assert_eq(r->total.callbacks, 0);
	report_free(&r);
	/* Sales now: Sue's two calls and Sam's, and the callback Sam's call opened */
	r = scoped("Sales", NULL, REPORT_BY_NONE);
	cr_assert_eq(r->total.unreached_calls, 3);
	cr_assert_eq(r->total.callbacks, 2);
	cr_assert_eq(r->total.reached, 1);
	report_free(&r);
	/* both: no call for emil in Sales, one Sales callback of his */
	r = scoped("Sales", "emil", REPORT_BY_NONE);
	cr_assert_eq(r->total.unreached_calls, 0);
	cr_assert_eq(r->total.callbacks, 1);
	cr_assert_eq(r->total.reached_median, 3600);
	report_free(&r);
	/* emil's callbacks by the department of the call that opened them */
	r = scoped(NULL, "emil", REPORT_BY_DEPARTMENT);
	cr_assert_str_eq(r->groups[0].label, "Sales");
	cr_assert_eq(r->groups[0].callbacks, 1);
	cr_assert_eq(r->groups[0].unreached_calls, 0);
	cr_assert_eq(r->groups[1].callbacks, 2);
	cr_assert_eq(r->groups[1].unreached_calls, 3);
	report_free(&r);
}

Test(report, configured_hours_and_thresholds)
{
	struct report *r;
	cr_assert_eq(db_begin(fd->db), 0);
	cr_assert_eq(db_meta_set(fd->db, "report_days", "mon-sun"), 0);
	cr_assert_eq(db_meta_set(fd->db, "report_hours", "00:00-24:00"), 0);
	cr_assert_eq(db_meta_set(fd->db, "report_thresholds", "30m,5h"), 0);
	cr_assert_eq(db_commit(fd->db), 0);
	cr_assert_eq(report_compute(fd, &week, REPORT_BY_NONE, 0, now, &r, &err), 0, "%s", err.msg);
	cr_assert_eq(r->total.after_hours, 0);
	cr_assert_eq(r->cfg.n_thresholds, 2);
	cr_assert_eq(r->total.within[0], 0);
	cr_assert_eq(r->total.within[1], 1);
	report_free(&r);
	cr_assert_eq(db_begin(fd->db), 0);
	cr_assert_eq(db_meta_set(fd->db, "report_thresholds", "5h,1h"), 0);
	cr_assert_eq(db_commit(fd->db), 0);
	cr_assert_eq(report_compute(fd, &week, REPORT_BY_NONE, 0, now, &r, &err), -1);
	cr_assert(strstr(err.msg, "report_thresholds"), "%s", err.msg);
}

Test(report, employees_refused)
{
	struct fd *emp = open_as("emil");
	struct report *r = NULL;
	struct report_missed_row *rows;
	size_t n;
	cr_assert_eq(report_compute(emp, &week, REPORT_BY_NONE, 0, now, &r, &err), -1);
	cr_assert_eq(err.code, 1);
	struct report_missed_query q = {0};
	cr_assert_eq(report_missed(emp, &q, now, &rows, &n, &err), -1);
	cr_assert_eq(report_export(emp, REPORT_EXPORT_CALLS, &week, REPORT_FORMAT_CSV, 0, 0, stdout,
	                           now, NULL, &err), -1);
	fd_close(&emp);
	struct fd *sup = open_as("sue");
	cr_assert_eq(report_compute(sup, &week, REPORT_BY_NONE, 0, now, &r, &err), 0, "%s", err.msg);
	report_free(&r);
	fd_close(&sup);
}

Test(report, period_parse)
{
	struct report_period p;
	cr_assert_eq(report_period_parse(NULL, NULL, now, &p, &err), 0);
	cr_assert_eq(p.until, now + 1);
	cr_assert(p.since < now - 29 * 86400);
	cr_assert_eq(report_period_parse("2026-11-20", "2026-11-01", now, &p, &err), -1);
	cr_assert_eq(err.code, 2);
	cr_assert_eq(report_period_parse("gestern-ish", NULL, now, &p, &err), -1);
	cr_assert(strstr(err.msg, "--since"), "%s", err.msg);
}

/* ---- the missed-call log ---- */

static size_t missed(struct report_missed_query *q, struct report_missed_row **rows)
{
	size_t n;
	q->period = week;
	cr_assert_eq(report_missed(fd, q, now, rows, &n, &err), 0, "%s", err.msg);
	return n;
}

Test(report, missed_lists)
{
	struct report_missed_query q = {0};
	struct report_missed_row *rows;
	size_t n = missed(&q, &rows);
	cr_assert_eq(n, 5);
	cr_assert_str_eq(rows[0].caller, "Wanda Weekend"); /* newest first */
	cr_assert_eq(rows[0].to_reached, 35 * 60);
	cr_assert_str_eq(rows[0].department, "Support");
	cr_assert_str_eq(rows[0].status, "done");
	report_missed_free(rows, n);

	q.list = REPORT_LIST_NEVER_CALLED_BACK;
	n = missed(&q, &rows);
	cr_assert_eq(n, 2);
	cr_assert_str_eq(rows[0].status, "none");
	cr_assert_str_eq(rows[1].caller, "Nora Never");
	cr_assert_str_eq(rows[1].status, "overdue");
	cr_assert_eq(rows[1].to_first, REPORT_NEVER);
	report_missed_free(rows, n);

	q.list = REPORT_LIST_OVERDUE;
	n = missed(&q, &rows);
	cr_assert_eq(n, 1);
	cr_assert_eq(rows[0].callback_id, cb_never);
	report_missed_free(rows, n);

	q.list = REPORT_LIST_REPEAT;
	n = missed(&q, &rows);
	cr_assert_eq(n, 1);
	cr_assert_eq(rows[0].calls, 2);
	report_missed_free(rows, n);

	q.list = REPORT_LIST_AFTER_HOURS;
	n = missed(&q, &rows);
	cr_assert_eq(n, 1);
	cr_assert(rows[0].after_hours);
	report_missed_free(rows, n);
}

Test(report, missed_filters_sort_and_pages)
{
	struct report_missed_query q = {0};
	struct report_missed_row *rows;
	size_t n;

	q.person = "sue";
	n = missed(&q, &rows);
	cr_assert_eq(n, 2);
	report_missed_free(rows, n);
	q.person = NULL;
	q.department = "Support";
	q.status = "done";
	n = missed(&q, &rows);
	cr_assert_eq(n, 2);
	report_missed_free(rows, n);
	q.department = NULL;
	q.status = "bogus";
	cr_assert_eq(report_missed(fd, &q, now, &rows, &n, &err), -1);
	cr_assert_eq(err.code, 2);
	q.status = NULL;
	q.caller = "030 2222222";
	n = missed(&q, &rows);
	cr_assert_eq(n, 2);
	report_missed_free(rows, n);
	q.caller = "weekend";
	n = missed(&q, &rows);
	cr_assert_eq(n, 1);
	report_missed_free(rows, n);
	q.caller = "100%";
	n = missed(&q, &rows);
	cr_assert_eq(n, 0);
	report_missed_free(rows, n);
	q.caller = NULL;

	q.sort = REPORT_SORT_CALLER;
	q.ascending = 1;
	n = missed(&q, &rows);
	cr_assert_eq(n, 5);
	cr_assert_str_eq(rows[0].caller, "=cmd|' /C calc'!A0");
	cr_assert_str_eq(rows[1].caller, "Berta Third");
	cr_assert_str_eq(rows[4].caller, "Wanda Weekend");
	report_missed_free(rows, n);

	q.sort = REPORT_SORT_TO_CALLBACK;
	n = missed(&q, &rows);
	/* ordered by wall-clock time to the first attempt, never attempted last */
	cr_assert_str_eq(rows[0].caller, "Berta Third");
	cr_assert_str_eq(rows[1].caller, "Wanda Weekend");
	cr_assert_eq(rows[4].to_first, REPORT_NEVER);
	report_missed_free(rows, n);

	/* keyset pages, newest first */
	q.sort = REPORT_SORT_TIME;
	q.ascending = 0;
	q.limit = 2;
	long long seen[8];
	size_t total = 0;
	for (;;) {
		n = missed(&q, &rows);
		for (size_t i = 0; i < n; i++)
			seen[total++] = rows[i].call_id;
		if (n)
			q.after_at = rows[n - 1].at, q.after_call_id = rows[n - 1].call_id;
		report_missed_free(rows, n);
		if (n < 2)
			break;
	}
	cr_assert_eq(total, 5);
	for (size_t i = 1; i < total; i++)
		cr_assert(seen[i] < seen[i - 1]);
	/* offset paging gives the same */
	q.after_at = 0;
	q.after_call_id = 0;
	q.offset = 4;
	n = missed(&q, &rows);
	cr_assert_eq(n, 1);
	cr_assert_eq(rows[0].call_id, seen[4]);
	report_missed_free(rows, n);
}

/* ---- a caller's whole history ---- */

Test(report, history_empty_and_refused)
{
	struct report_history h;
	cr_assert_eq(report_caller_history(fd, 0, NULL, &h, &err), 0, "%s", err.msg);
	cr_assert_eq(h.n_calls, 0);
	cr_assert_eq(h.n_callbacks, 0);
	cr_assert_eq(h.have_contact, 0);
	report_history_clear(&h);
	/* a number nobody called from */
	cr_assert_eq(report_caller_history(fd, 0, "+49309999999", &h, &err), 0, "%s", err.msg);
	cr_assert_eq(h.n_calls, 0);
	report_history_clear(&h);
	struct fd *emp = open_as("emil");
	cr_assert_eq(report_caller_history(emp, 0, "+49302222222", &h, &err), -1);
	cr_assert_eq(err.code, 1);
	fd_close(&emp);
}

Test(report, history_of_a_row_without_callback)
{
	struct report_missed_query q = {0};
	struct report_missed_row *rows;
	struct report_history h, h2;
	/* Nora calls again, no callback wanted this time; then a new callback,
	 * tried twice and reached */
	log_call("sue", "+49 30 2222222", NULL, NULL, 0, L(2026, 11, 18, 9, 0));
	long long again = log_call("emil", "+49 30 2222222", NULL, NULL, 1, L(2026, 11, 19, 9, 0));
	attempt(again, "no-answer", L(2026, 11, 19, 9, 30));
	attempt(again, "reached", L(2026, 11, 19, 10, 0));
	q.caller = "+49 30 2222222";
	size_t n = missed(&q, &rows);
	cr_assert_eq(n, 4);
	cr_assert_eq(rows[1].callback_id, 0, "the row of 18 Nov has no callback");
	cr_assert_neq(rows[1].contact_id, 0);

	cr_assert_eq(report_caller_history(fd, rows[1].contact_id, rows[1].number, &h, &err), 0, "%s", err.msg);
	cr_assert(h.have_contact);
	cr_assert_str_eq(h.contact.name, "Nora Never");
	cr_assert_eq(h.n_calls, 4);
	cr_assert_eq(h.calls[0].at, L(2026, 11, 19, 9, 0)); /* newest first */
	cr_assert_eq(h.calls[3].at, L(2026, 11, 17, 9, 0));
	cr_assert_str_eq(h.calls[3].outcome, "unreached");
	cr_assert_str_eq(h.calls[3].wanted_login, "sue");
	cr_assert_str_eq(h.calls[0].wanted_login, "emil");
	/* both callbacks, newest first, each with its attempts */
	cr_assert_eq(h.n_callbacks, 2);
	cr_assert_eq(h.callbacks[0].cb.id, again);
	cr_assert_eq(h.callbacks[0].n_attempts, 2);
	cr_assert_str_eq(h.callbacks[0].attempts[0].result, "no-answer");
	cr_assert_str_eq(h.callbacks[0].attempts[1].result, "reached");
	cr_assert_eq(h.callbacks[1].cb.id, cb_never);
	cr_assert_eq(h.callbacks[1].cb.calls, 2);
	cr_assert_eq(h.callbacks[1].n_attempts, 0);

	/* the same history from a row with a callback */
	cr_assert_eq(report_caller_history(fd, rows[0].contact_id, rows[0].number, &h2, &err), 0, "%s", err.msg);
	cr_assert_eq(h2.n_calls, h.n_calls);
	cr_assert_eq(h2.n_callbacks, h.n_callbacks);
	for (size_t i = 0; i < h.n_calls; i++)
		cr_assert_eq(h2.calls[i].id, h.calls[i].id);
	report_history_clear(&h2);
	report_history_clear(&h);
	cr_assert_null(h.calls);
	report_missed_free(rows, n);
}

Test(report, history_of_a_number_and_before_the_contact)
{
	struct report_history h;
	/* an unknown number twice, then with a name: it becomes a contact */
	log_call("emil", "+49 30 8888888", NULL, NULL, 0, L(2026, 11, 17, 8, 0));
	long long cb = log_call("emil", "+49 30 8888888", NULL, NULL, 1, L(2026, 11, 17, 8, 5));
	cr_assert_eq(report_caller_history(fd, 0, "+49308888888", &h, &err), 0, "%s", err.msg);
	cr_assert(!h.have_contact);
	cr_assert_eq(h.n_calls, 2);
	cr_assert_eq(h.n_callbacks, 1);
	cr_assert_eq(h.callbacks[0].cb.id, cb);
	report_history_clear(&h);
	log_call("sue", "+49 30 8888888", "Uwe Unknown", NULL, 0, L(2026, 11, 18, 8, 0));
	/* by number the contact is found, and its calls from before it was one */
	cr_assert_eq(report_caller_history(fd, 0, "+49308888888", &h, &err), 0, "%s", err.msg);
	cr_assert(h.have_contact);
	cr_assert_str_eq(h.contact.name, "Uwe Unknown");
	cr_assert_eq(h.n_calls, 3);
	cr_assert_eq(h.n_callbacks, 1);
	long long contact = h.contact.id;
	report_history_clear(&h);
	cr_assert_eq(report_caller_history(fd, contact, NULL, &h, &err), 0, "%s", err.msg);
	cr_assert_eq(h.n_calls, 3);
	cr_assert_str_eq(h.calls[0].wanted_login, "sue");
	report_history_clear(&h);
	/* another caller's calls stay out */
	cr_assert_eq(report_caller_history(fd, 0, "+49301111111", &h, &err), 0, "%s", err.msg);
	cr_assert_eq(h.n_calls, 1);
	cr_assert_str_eq(h.contact.name, "Berta Third");
	cr_assert_eq(h.callbacks[0].n_attempts, 3);
	report_history_clear(&h);
}

/* ---- exports agree with the figures ---- */

/* A minimal RFC 4180 reader for the test: rows of fields. */
struct table {
	char *cell[64][32];
	int ncols[64];
	int nrows;
};

static void parse_csv(const char *s, struct table *t)
{
	memset(t, 0, sizeof *t);
	while (*s) {
		int c = 0;
		for (;;) {
			char field[1024];
			size_t k = 0;
			if (*s == '"') {
				for (s++; *s; s++) {
					if (*s == '"' && s[1] == '"')
						field[k++] = '"', s++;
					else if (*s == '"')
						break;
					else
						field[k++] = *s;
				}
				s++;
			} else {
				while (*s && *s != ',' && *s != '\r')
					field[k++] = *s++;
			}
			field[k] = '\0';
			t->cell[t->nrows][c++] = strdup(field);
			if (*s == ',') {
				s++;
				continue;
			}
			cr_assert(s[0] == '\r' && s[1] == '\n', "records end with CRLF");
			s += 2;
			break;
		}
		t->ncols[t->nrows++] = c;
	}
}

static void table_free(struct table *t)
{
	for (int r = 0; r < t->nrows; r++)
		for (int c = 0; c < t->ncols[r]; c++)
			free(t->cell[r][c]);
}

static int col(const struct table *t, const char *name)
{
	for (int i = 0; i < t->ncols[0]; i++)
		if (strcmp(t->cell[0][i], name) == 0)
			return i;
	cr_assert_fail("no column %s", name);
	return -1;
}

static char *export(enum report_export_kind kind, enum report_format format, int bom)
{
	char *buf = NULL;
	size_t len = 0, rows;
	FILE *f = open_memstream(&buf, &len);
	cr_assert_eq(report_export(fd, kind, &week, format, bom, 0, f, now, &rows, &err), 0, "%s", err.msg);
	fclose(f);
	return buf;
}

static int cmp_long(const void *a, const void *b)
{
	long x = *(const long *)a, y = *(const long *)b;
	return x < y ? -1 : x > y;
}

Test(report, export_recomputes_the_figures)
{
	struct table cb, calls;
	struct report *r;
	/* more callbacks, so that the percentiles are not all the fixture's */
	srand(7);
	for (int i = 0; i < 40; i++) {
		char num[32];
		snprintf(num, sizeof num, "+49 40 %07d", 1000 + i);
		time_t at = L(2026, 11, 16 + i % 7, 7 + i % 12, (i * 7) % 60);
		long long id = log_call(i % 2 ? "emil" : "sue", num, NULL, NULL, 1, at);
		if (i % 5 != 4)
			attempt(id, i % 3 ? "reached" : "no-answer", at + 60 * (rand() % 3000));
	}
	cr_assert_eq(report_compute(fd, &week, REPORT_BY_NONE, 0, now, &r, &err), 0, "%s", err.msg);

	char *csv = export(REPORT_EXPORT_CALLBACKS, REPORT_FORMAT_CSV, 0);
	parse_csv(csv, &cb);
	int c_status = col(&cb, "status"), c_overdue = col(&cb, "overdue"),
	    c_first = col(&cb, "to_first_attempt_s"), c_reached = col(&cb, "to_reached_s");
	long first[64], reached[64];
	long long n = cb.nrows - 1, nreached = 0, open = 0, overdue = 0, within[3] = {0};
	for (int i = 1; i < cb.nrows; i++) {
		const char *fs = cb.cell[i][c_first], *rs = cb.cell[i][c_reached];
		first[i - 1] = *fs ? atol(fs) : 1L << 40;
		reached[i - 1] = *rs ? atol(rs) : 1L << 40;
		nreached += *rs != '\0';
		open += strcmp(cb.cell[i][c_status], "open") == 0;
		overdue += strcmp(cb.cell[i][c_overdue], "1") == 0;
		for (int k = 0; k < 3; k++)
			within[k] += *rs && atol(rs) <= r->cfg.thresholds[k];
	}
	qsort(first, (size_t)n, sizeof *first, cmp_long);
	qsort(reached, (size_t)n, sizeof *reached, cmp_long);
#define NR(v, p) ((v)[((p) * n + 99) / 100 - 1] == 1L << 40 ? REPORT_NEVER : (v)[((p) * n + 99) / 100 - 1])
	const struct report_figures *f = &r->total;
	cr_assert_eq(f->callbacks, n);
	cr_assert_eq(f->reached, nreached);
	cr_assert_eq(f->open, open);
	cr_assert_eq(f->overdue, overdue);
	cr_assert_eq(f->first_median, NR(first, 50));
	cr_assert_eq(f->first_p90, NR(first, 90));
	cr_assert_eq(f->reached_median, NR(reached, 50));
	cr_assert_eq(f->reached_p90, NR(reached, 90));
	for (int k = 0; k < 3; k++)
		cr_assert_eq(f->within[k], within[k], "within %d", k);

	char *csv2 = export(REPORT_EXPORT_CALLS, REPORT_FORMAT_CSV, 0);
	parse_csv(csv2, &calls);
	int c_outcome = col(&calls, "outcome"), c_after = col(&calls, "after_hours");
	long long unreached = 0, after = 0;
	for (int i = 1; i < calls.nrows; i++)
		if (strcmp(calls.cell[i][c_outcome], "unreached") == 0) {
			unreached++;
			after += strcmp(calls.cell[i][c_after], "1") == 0;
		}
	cr_assert_eq(f->unreached_calls, unreached);
	cr_assert_eq(f->after_hours, after);
	report_free(&r);
	table_free(&cb);
	table_free(&calls);
	free(csv);
	free(csv2);
}

Test(report, export_neutralises_formulas_and_keeps_phones)
{
	char *csv = export(REPORT_EXPORT_CALLS, REPORT_FORMAT_CSV, 1);
	cr_assert_eq(memcmp(csv, "\xEF\xBB\xBF" "id,time,caller,", 18), 0, "%.40s", csv);
	cr_assert(strstr(csv, ",'=cmd|' /C calc'!A0,"), "%s", csv);
	cr_assert(strstr(csv, ",'+49303333333,"), "%s", csv);
	cr_assert_null(strstr(csv, ",=cmd"));
	cr_assert_null(strstr(csv, ",+49"));
	free(csv);
	csv = export(REPORT_EXPORT_CONTACTS, REPORT_FORMAT_CSV, 0);
	cr_assert(strstr(csv, "Berta Third,,'+49301111111,"), "%s", csv);
	free(csv);
	char *json = export(REPORT_EXPORT_CALLS, REPORT_FORMAT_JSON, 0);
	cr_assert_eq(json[0], '[');
	/* JSON is data, not a spreadsheet: no quote prefix there */
	cr_assert(strstr(json, "\"caller\":\"=cmd|' /C calc'!A0\""), "%s", json);
	cr_assert(strstr(json, "\"to_reached_s\":null"), "%s", json);
	free(json);
}
