/*
 * cmd_report: 'frontdesk report' (figures, charts, the missed-call log) and
 * 'frontdesk export'.  Plain text readable without colour: bars are '#'.
 */
#include "tui/cmd.h"
#include "tui/out.h"
#include "core/csv.h"
#include "core/i18n.h"
#include "core/report.h"
#include "core/text.h"
#include "core/vcard.h"
#include "core/when.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define BAR 30

static void json_duration(struct json *j, const char *key, long v)
{
	if (v == REPORT_NEVER)
		json_null(j, key);
	else
		json_int(j, key, v);
}

static void json_figures(struct json *j, const struct report *r, const struct report_figures *f)
{
	json_int(j, "unreached_calls", f->unreached_calls);
	json_int(j, "after_hours", f->after_hours);
	json_int(j, "callbacks", f->callbacks);
	json_int(j, "attempted", f->attempted);
	json_int(j, "reached", f->reached);
	json_int(j, "never_reached", f->never_reached);
	json_int(j, "open", f->open);
	json_int(j, "overdue", f->overdue);
	json_int(j, "repeat_callers", f->repeat_callers);
	json_duration(j, "first_attempt_median_s", f->first_median);
	json_duration(j, "first_attempt_p90_s", f->first_p90);
	json_duration(j, "reached_median_s", f->reached_median);
	json_duration(j, "reached_p90_s", f->reached_p90);
	json_begin_array_key(j, "reached_within");
	for (int i = 0; i < r->cfg.n_thresholds; i++) {
		json_begin_object(j);
		json_int(j, "seconds", r->cfg.thresholds[i]);
		json_int(j, "count", f->within[i]);
		json_key(j, "share");
		fprintf(j->f, "%.4f", f->callbacks ? (double)f->within[i] / (double)f->callbacks : 0.0);
		json_end_object(j);
	}
	json_end_array(j);
}

/* out.h has arrays under a key, not objects: the same, by hand */
static void begin_object_key(struct json *j, const char *key)
{
	json_key(j, key);
	fputc('{', j->f);
	if (j->depth < 31)
		j->depth++;
	j->first[j->depth] = 1;
}

static const char *by_name(enum report_by by)
{
	static const char *const names[] = {NULL, N_("department"), N_("hour"), N_("weekday"), N_("person")};
	return names[by];
}

static void print_json(const struct report *r)
{
	static const char *const wd[7] = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
	struct json j = {stdout, 0, {0}};
	char hours[64];
	report_hours_format(&r->cfg.hours, hours, sizeof hours);
	json_begin_object(&j);
	json_time(&j, "since", r->period.since);
	json_time(&j, "until", r->period.until);
	json_str(&j, "clock", r->cfg.wall_clock ? "wall" : "business");
	json_str(&j, "business_hours", hours);
	json_str(&j, "department", r->department[0] ? r->department : NULL);
	json_str(&j, "person", r->person[0] ? r->person : NULL);
	begin_object_key(&j, "total");
	json_figures(&j, r, &r->total);
	json_end_object(&j);
	json_str(&j, "by", r->by ? by_name(r->by) : NULL);
	json_begin_array_key(&j, "groups");
	for (size_t i = 0; i < r->n_groups; i++) {
		json_begin_object(&j);
		json_str(&j, "label", r->groups[i].label);
		json_figures(&j, r, &r->groups[i]);
		json_end_object(&j);
	}
	json_end_array(&j);
	json_begin_array_key(&j, "unreached_by_hour");
	for (int h = 0; h < 24; h++) {
		json_key(&j, NULL);
		fprintf(j.f, "%lld", r->calls_by_hour[h]);
	}
	json_end_array(&j);
	json_begin_array_key(&j, "unreached_by_weekday");
	for (int d = 0; d < 7; d++) {
		json_begin_object(&j);
		json_str(&j, "day", wd[d]);
		json_int(&j, "count", r->calls_by_weekday[d]);
		json_end_object(&j);
	}
	json_end_array(&j);
	json_begin_array_key(&j, "time_to_reach");
	for (int i = 0; i < REPORT_HIST_BUCKETS; i++) {
		json_begin_object(&j);
		json_str(&j, "bucket", r->hist[i].label);
		json_int(&j, "count", r->hist[i].count);
		json_end_object(&j);
	}
	json_end_array(&j);
	json_begin_array_key(&j, "weeks");
	for (size_t i = 0; i < r->n_weeks; i++) {
		json_begin_object(&j);
		json_time(&j, "start", r->weeks[i].start);
		json_int(&j, "unreached_calls", r->weeks[i].unreached_calls);
		json_int(&j, "callbacks", r->weeks[i].callbacks);
		json_int(&j, "reached", r->weeks[i].reached);
		json_duration(&j, "reached_median_s", r->weeks[i].reached_median);
		json_end_object(&j);
	}
	json_end_array(&j);
	json_end_object(&j);
	putchar('\n');
}

static void day_str(time_t t, char *buf, size_t n)
{
	struct tm tm;
	localtime_r(&t, &tm);
	strftime(buf, n, "%Y-%m-%d", &tm);
}

static int pct(long long part, long long whole)
{
	return whole ? (int)((part * 100 + whole / 2) / whole) : 0;
}

static void print_group_table(const struct report *r)
{
	char a[24], b[24], c[24], d[24];
	const char *by = _(by_name(r->by));
	/* TRANSLATORS: the columns line up with the figures below: keep each
	 * heading as wide as the English one */
	printf(_("\nby %s%*s  calls  callbacks  reached  open  overdue  first: median      p90  "
	       "reached: median        p90  within %s\n"),
	       by, (int)(14 - strlen(by)), "",
	       r->cfg.n_thresholds ? "" : "-");
	for (size_t i = 0; i < r->n_groups; i++) {
		const struct report_figures *f = &r->groups[i];
		if (!f->unreached_calls && !f->callbacks)
			continue;
		report_duration_format(f->first_median, _("never"), a, sizeof a);
		report_duration_format(f->first_p90, _("never"), b, sizeof b);
		report_duration_format(f->reached_median, _("never"), c, sizeof c);
		report_duration_format(f->reached_p90, _("never"), d, sizeof d);
		out_cell(stdout, f->label[0] ? _(f->label) : "", 17);
		printf(" %6lld  %9lld  %7lld  %4lld  %7lld  %13s %8s  %15s %10s ", f->unreached_calls,
		       f->callbacks, f->reached, f->open, f->overdue, a, b, c, d);
		for (int k = 0; k < r->cfg.n_thresholds; k++)
			printf(" %3d%%", pct(f->within[k], f->callbacks));
		putchar('\n');
	}
}

static void print_text(const struct report *r)
{
	/* TRANSLATORS: three-letter weekdays, Monday first */
	static const char *const wd[7] = {N_("Mon"), N_("Tue"), N_("Wed"), N_("Thu"), N_("Fri"), N_("Sat"), N_("Sun")};
	const struct report_figures *f = &r->total;
	char from[16], to[16], hours[64], a[24], b[24], bar[BAR + 1];
	long long max;

	day_str(r->period.since, from, sizeof from);
	day_str(r->period.until - 1, to, sizeof to);
	report_hours_format(&r->cfg.hours, hours, sizeof hours);
	printf(_("missed calls %s to %s; times in %s\n\n"), from, to,
	       r->cfg.wall_clock ? _("wall-clock time") : _("business time"));
	if (r->department[0]) {
		printf("%s", _("department            "));
		out_text(stdout, r->department);
		putchar('\n');
	}
	if (r->person[0]) {
		printf("%s", _("person                "));
		out_text(stdout, r->person);
		printf("%s\n", _(" (calls for them, callbacks assigned to them)"));
	}
	if (!r->cfg.wall_clock)
		printf(_("business hours        %s\n"), hours);
	printf(_("unreached calls       %6lld   (outside business hours %lld)\n"), f->unreached_calls,
	       f->after_hours);
	printf(_("callbacks             %6lld\n"), f->callbacks);
	printf(_("  attempted           %6lld\n"), f->attempted);
	printf(_("  reached             %6lld\n"), f->reached);
	printf(_("  never reached       %6lld\n"), f->never_reached);
	printf(_("  still open          %6lld   (overdue now %lld)\n"), f->open, f->overdue);
	printf(_("repeat callers        %6lld   (called 2+ times before being reached)\n"),
	       f->repeat_callers);

	printf("%s", _("\n                        median         90th percentile\n"));
	report_duration_format(f->first_median, _("never"), a, sizeof a);
	report_duration_format(f->first_p90, _("never"), b, sizeof b);
	printf(_("to the first attempt    %-14s %s\n"), a, b);
	report_duration_format(f->reached_median, _("not reached"), a, sizeof a);
	report_duration_format(f->reached_p90, _("not reached"), b, sizeof b);
	printf(_("to reaching the caller  %-14s %s\n\n"), a, b);
	for (int i = 0; i < r->cfg.n_thresholds; i++) {
		report_duration_format(r->cfg.thresholds[i], NULL, a, sizeof a);
		report_chart_bar(f->within[i], f->callbacks, 20, bar);
		printf(_("reached within %-8s %3d %%  |%-20s| %lld of %lld\n"), a,
		       pct(f->within[i], f->callbacks), bar, f->within[i], f->callbacks);
	}

	if (r->by != REPORT_BY_NONE)
		print_group_table(r);

	/* unreached calls by hour: the busy hours and the business day */
	int lo = r->cfg.hours.open_min / 60, hi = (r->cfg.hours.close_min - 1) / 60;
	max = 0;
	for (int h = 0; h < 24; h++) {
		if (r->calls_by_hour[h]) {
			lo = h < lo ? h : lo;
			hi = h > hi ? h : hi;
		}
		max = r->calls_by_hour[h] > max ? r->calls_by_hour[h] : max;
	}
	printf("%s", _("\nunreached calls by hour of day\n"));
	for (int h = lo; h <= hi; h++) {
		report_chart_bar(r->calls_by_hour[h], max, BAR, bar);
		printf("  %02d  |%-*s %lld\n", h, BAR, bar, r->calls_by_hour[h]);
	}
	max = 0;
	for (int d = 0; d < 7; d++)
		max = r->calls_by_weekday[d] > max ? r->calls_by_weekday[d] : max;
	printf("%s", _("\nunreached calls by weekday\n"));
	for (int d = 0; d < 7; d++) {
		report_chart_bar(r->calls_by_weekday[d], max, BAR, bar);
		printf("  %s |%-*s %lld\n", _(wd[d]), BAR, bar, r->calls_by_weekday[d]);
	}
	max = 0;
	for (int i = 0; i < REPORT_HIST_BUCKETS; i++)
		max = r->hist[i].count > max ? r->hist[i].count : max;
	printf("%s", _("\ntime to reaching the caller (callbacks)\n"));
	int lw = 0; /* labels line up in any language */
	for (int i = 0; i < REPORT_HIST_BUCKETS; i++) {
		int w = (int)text_width(_(r->hist[i].label));
		lw = w > lw ? w : lw;
	}
	for (int i = 0; i < REPORT_HIST_BUCKETS; i++) {
		report_chart_bar(r->hist[i].count, max, BAR, bar);
		printf("  ");
		out_cell(stdout, _(r->hist[i].label), lw);
		printf(" |%-*s %lld\n", BAR, bar, r->hist[i].count);
	}
	if (r->n_weeks) {
		max = 0;
		for (size_t i = 0; i < r->n_weeks; i++)
			max = r->weeks[i].unreached_calls > max ? r->weeks[i].unreached_calls : max;
		printf("%s", _("\nper week (unreached calls; callbacks reached; median time to reach)\n"));
		for (size_t i = 0; i < r->n_weeks; i++) {
			char day[16];
			day_str(r->weeks[i].start, day, sizeof day);
			report_chart_bar(r->weeks[i].unreached_calls, max, BAR, bar);
			report_duration_format(r->weeks[i].reached_median, _("not reached"), a, sizeof a);
			printf(_("  %s |%-*s %lld; %lld of %lld; %s\n"), day, BAR, bar,
			       r->weeks[i].unreached_calls, r->weeks[i].reached, r->weeks[i].callbacks, a);
		}
	}
}

static int parse_sort(const char *s, enum report_sort *sort, int *ascending)
{
	static const char *const names[] = {"time", "caller", "for", "department", "taken-by",
	                                    "status", "to-callback"};
	size_t n = strcspn(s, ":");
	for (int i = 0; i < 7; i++)
		if (strlen(names[i]) == n && strncmp(s, names[i], n) == 0) {
			*sort = (enum report_sort)i;
			*ascending = i != REPORT_SORT_TIME;
			if (s[n] && strcmp(s + n, ":asc") == 0)
				*ascending = 1;
			else if (s[n] && strcmp(s + n, ":desc") == 0)
				*ascending = 0;
			else if (s[n])
				return -1;
			return 0;
		}
	return -1;
}

static int print_missed(struct ctx *c, const struct report_period *p)
{
	struct report_missed_query q = {0};
	struct report_missed_row *rows;
	size_t n;
	long long limit = 50;
	char *end;

	q.period = *p;
	q.person = opt(c, "for");
	q.department = opt(c, "department");
	q.status = opt(c, "status");
	q.caller = opt(c, "caller");
	if (report_list_parse(opt(c, "list"), &q.list) != 0)
		return usage_error(c->cmd, "%s", _("--list takes all, never, overdue, repeat or after-hours"));
	if (opt(c, "sort") && parse_sort(opt(c, "sort"), &q.sort, &q.ascending) != 0)
		return usage_error(c->cmd, "%s", _("--sort takes time, caller, for, department, taken-by, "
		                   "status or to-callback, optionally with :asc or :desc"));
	if (opt(c, "limit")) {
		limit = strtoll(opt(c, "limit"), &end, 10);
		if (*end || limit <= 0 || limit > 100000)
			return usage_error(c->cmd, "%s", _("--limit takes a number from 1 to 100000"));
	}
	q.limit = (size_t)limit;
	if (report_missed(c->fd, &q, c->now, &rows, &n, &c->err) != 0)
		return fail(c);
	if (c->json) {
		struct json j = {stdout, 0, {0}};
		json_begin_array(&j);
		for (size_t i = 0; i < n; i++) {
			const struct report_missed_row *m = &rows[i];
			json_begin_object(&j);
			json_int(&j, "call", m->call_id);
			json_time(&j, "at", m->at);
			json_str(&j, "caller", m->caller);
			json_str(&j, "company", m->company);
			json_str(&j, "number", m->number);
			json_str(&j, "for", m->wanted_login);
			json_str(&j, "department", m->department);
			json_str(&j, "taken_by", m->taken_by);
			json_id_or_null(&j, "callback", m->callback_id);
			json_str(&j, "status", m->status);
			json_int(&j, "calls", m->calls);
			json_time(&j, "first_attempt", m->first_attempt);
			json_duration(&j, "to_first_attempt_s", m->to_first);
			json_time(&j, "reached", m->reached);
			json_duration(&j, "to_reached_s", m->to_reached);
			json_bool(&j, "after_hours", m->after_hours);
			json_end_object(&j);
		}
		json_end_array(&j);
		putchar('\n');
	} else {
		if (n == 0)
			printf("%s\n", _("no missed calls match"));
		for (size_t i = 0; i < n; i++) {
			const struct report_missed_row *m = &rows[i];
			char t[48], d[24];
			when_format_short(m->at, c->now, t, sizeof t);
			report_duration_format(m->to_reached, "-", d, sizeof d);
			printf("%6lld  ", m->call_id);
			out_cell(stdout, t, 18);
			out_cell(stdout, m->caller, 22);
			out_cell(stdout, m->wanted_login, 10);
			out_cell(stdout, m->department, 14);
			out_cell(stdout, m->taken_by, 10);
			out_cell(stdout, _(m->status), 16);
			printf(_("calls %-3d reached after %s%s\n"), m->calls, d, m->after_hours ? _("  (after hours)") : "");
		}
	}
	report_missed_free(rows, n);
	return 0;
}

int cmd_report(struct ctx *c)
{
	struct report_period p;
	struct report *r;
	struct report_scope scope = {0};
	enum report_by by = REPORT_BY_NONE;

	if (opt(c, "by") && report_by_parse(opt(c, "by"), &by) != 0)
		return usage_error(c->cmd, "%s", _("--by takes department, hour, weekday or person"));
	if (!fd_allowed(c->fd, ACT_REPORT, &c->err))
		return fail(c);
	if (report_period_parse(opt(c, "since"), opt(c, "until"), c->now, &p, &c->err) != 0)
		return fail(c);
	if (opt(c, "list")) {
		if (opt(c, "person"))
			return usage_error(c->cmd, "%s", _("--person restricts the figures; the missed-call "
			                   "log's filter is --for LOGIN"));
		return print_missed(c, &p);
	}
	if (opt(c, "for") || opt(c, "status") || opt(c, "caller") || opt(c, "sort") || opt(c, "limit"))
		return usage_error(c->cmd, "%s", _("the missed-call filters go with --list"));
	/* without --list, --department restricts the figures */
	scope.department = opt(c, "department");
	scope.person = opt(c, "person");
	if (report_compute_in(c->fd, &p, by, &scope, flag(c, "wall-clock"), c->now, &r, &c->err) != 0)
		return fail(c);
	if (c->json)
		print_json(r);
	else
		print_text(r);
	report_free(&r);
	return 0;
}

int cmd_export(struct ctx *c)
{
	struct report_period p;
	enum report_export_kind kind;
	enum report_format format = c->json ? REPORT_FORMAT_JSON : REPORT_FORMAT_CSV;
	const char *path = opt(c, "output");
	FILE *f = stdout;
	size_t rows = 0;
	char why[512];
	int rc;

	if (report_export_kind_parse(c->pos[0], &kind) != 0)
		return usage_error(c->cmd, _("cannot export \"%s\"; use calls, callbacks or contacts"), c->pos[0]);
	int vcard = opt(c, "format") && strcmp(opt(c, "format"), "vcard") == 0;
	if (vcard && kind != REPORT_EXPORT_CONTACTS)
		return usage_error(c->cmd, "%s", _("--format vcard goes with contacts"));
	if (!vcard && opt(c, "format") && report_format_parse(opt(c, "format"), &format) != 0)
		return usage_error(c->cmd, "%s", _("--format takes csv, json or (for contacts) vcard"));
	if (flag(c, "bom") && format != REPORT_FORMAT_CSV)
		return usage_error(c->cmd, "%s", _("--bom goes with CSV"));
	if (!fd_allowed(c->fd, ACT_REPORT, &c->err))
		return fail(c);
	if (report_period_parse(opt(c, "since"), opt(c, "until"), c->now, &p, &c->err) != 0)
		return fail(c);
	if (path && !*path)
		return usage_error(c->cmd, "%s", _("--output needs a file name"));
	if (path && csv_create_file(path, &f, why, sizeof why) != 0) {
		fprintf(stderr, "frontdesk: %s\n", why);
		return 1;
	}
	if (vcard)
		rc = vcard_export_contacts(c->fd, p.since, p.until, f, &rows, &c->err);
	else
		rc = report_export(c->fd, kind, &p, format, flag(c, "bom"), flag(c, "wall-clock"), f,
		                   c->now, &rows, &c->err);
	if (path) {
		if (fclose(f) != 0 && rc == 0) {
			fd_errf(&c->err, 1, _("cannot write %s; is the disk full?"), path);
			rc = -1;
		}
		if (rc != 0)
			unlink(path); /* ours: made just now with O_EXCL */
	}
	if (rc != 0)
		return fail(c);
	if (path) {
		fprintf(stderr, "frontdesk: ");
		fprintf(stderr, ngettext("%zu row written to %s\n", "%zu rows written to %s\n", rows), rows, path);
	}
	return 0;
}
