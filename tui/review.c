/*
 * The review: what a supervisor sees first.  Three views of one period —
 * the missed-call log (lists, filters, sorting, a row's whole history), the
 * figures as tables, and terminal charts — over core/report.h, which also
 * makes 'frontdesk report' and 'frontdesk export', so the three agree.
 *
 * The model is struct rv; draw functions only read it.  The figures are
 * computed when the period or the grouping changes and when the database
 * changed (fd_changes) or the minute turned, never on a key that only moves
 * or scrolls.  The log is read a page at a time with report_missed's keyset
 * paging (offset paging for the other sort orders), the next page fetched
 * while the selection is still a screen away from the end.
 */
#include "tui/review.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/fd.h"
#include "core/i18n.h"
#include "core/phone.h"
#include "core/report.h"
#include "core/util.h"
#include "core/when.h"

#define PAGE 200

enum rv_view { V_LOG, V_FIGURES, V_CHARTS, V_COUNT };
enum rv_mode { M_MAIN, M_FILTER, M_DETAIL };
enum period_kind { PK_7, PK_30, PK_90, PK_365, PK_MONTH, PK_COUNT };
enum filter_field { FF_PERSON, FF_DEPARTMENT, FF_STATUS, FF_CALLER, FF_COUNT };

static const char *const view_names[V_COUNT] = {N_("Missed-call log"), N_("Figures"), N_("Charts")};
static const int pk_days[PK_COUNT] = {7, 30, 90, 365, 0};

/* A line of a row's history: already worded, stored text included (drawn
 * escaped). */
struct dline {
	int style;
	char *text;
};

struct rv {
	struct fd *fd;
	int allowed;
	char refusal[512];
	enum rv_view view;
	enum rv_mode mode;
	/* the period */
	enum period_kind pk;
	int shift;                 /* 0: the current one, -1 the one before ... */
	struct report_period period;
	/* the figures */
	enum report_by by;
	struct report *rep;        /* NULL when not computed (rep_err says why) */
	char rep_err[512];
	/* whose figures: "" the company's (no filter); else a department, a
	 * person, or "whole company" when only a person is filtered and
	 * per-person figures are off (fig_why then says so) */
	char fig_scope[160];
	char fig_why[400];
	int ftop, flines, frows;   /* scrolling of figures and charts */
	/* the log */
	enum report_list list;
	enum report_sort sort;
	int ascending;
	char *filter[FF_COUNT];    /* applied filters, NULL: none */
	struct report_missed_row *rows;
	size_t n;
	int more;                  /* a further page may follow */
	char log_err[512];
	int sel, top, list_rows;
	/* the filter form */
	struct ui_line fl[FF_COUNT];
	int ffocus;
	char ferr[512];
	/* a row's history */
	long long d_call;
	struct dline *dl;
	size_t n_dl;
	int dtop, drows;
};

/* ---- helpers ---- */

static void time_cell(time_t t, char *buf, size_t n)
{
	struct tm tm;
	localtime_r(&t, &tm);
	strftime(buf, n, "%d.%m.%y %H:%M", &tm);
}

static void day_cell(time_t t, char *buf, size_t n)
{
	struct tm tm;
	localtime_r(&t, &tm);
	strftime(buf, n, "%d.%m.%Y", &tm);
}

static int pct(long long part, long long whole)
{
	return whole ? (int)((part * 100 + whole / 2) / whole) : 0;
}

/* The log's callback states beside those of core/fd.c, for the catalog. */
static const char *const status_words[] __attribute__((unused)) = {N_("overdue"), N_("none")};

static int status_style(const char *status)
{
	if (strcmp(status, "overdue") == 0)
		return UI_ERROR;
	if (strcmp(status, "open") == 0)
		return UI_WARN;
	if (strcmp(status, "done") == 0)
		return UI_GOOD;
	return UI_NORMAL;
}

/* ---- the period ---- */

static void period_make(struct rv *rv, time_t now)
{
	struct tm tm, a, b;
	time_t today = when_day_start(now);
	localtime_r(&today, &tm);
	a = b = tm;
	a.tm_isdst = b.tm_isdst = -1;
	if (rv->pk == PK_MONTH) {
		a.tm_mday = b.tm_mday = 1;
		a.tm_mon += rv->shift;
		b.tm_mon += rv->shift + 1;
	} else if (rv->pk == PK_30 && rv->shift == 0) {
		/* exactly 'frontdesk report' without --since, so both agree */
		struct fd_err err;
		report_period_parse(NULL, NULL, now, &rv->period, &err);
		return;
	} else {
		a.tm_mday -= pk_days[rv->pk] * (1 - rv->shift);
		b.tm_mday -= pk_days[rv->pk] * -rv->shift;
	}
	rv->period.since = mktime(&a);
	/* the current period runs until now, as the command line's does */
	rv->period.until = rv->shift == 0 ? now + 1 : mktime(&b);
}

static void period_label(const struct rv *rv, char *buf, size_t n)
{
	char a[16], b[16];
	day_cell(rv->period.since, a, sizeof a);
	day_cell(rv->period.until - 1, b, sizeof b);
	if (rv->pk == PK_MONTH) {
		struct tm tm;
		char m[32];
		localtime_r(&rv->period.since, &tm);
		strftime(m, sizeof m, "%B %Y", &tm);
		snprintf(buf, n, "%s (%s–%s)", m, a, b);
	} else if (rv->shift == 0) {
		snprintf(buf, n, _("last %d days (%s–%s)"), pk_days[rv->pk], a, b);
	} else {
		snprintf(buf, n, _("%d days, %s–%s"), pk_days[rv->pk], a, b);
	}
}

/* ---- the figures ---- */

/* The figures follow the log's department and person filters; the person
 * only where per-person figures are on (the works council's agreement). */
static int figures_compute(struct rv *rv, time_t now, struct fd_err *err)
{
	struct report_config cfg;
	struct report_scope scope = {rv->filter[FF_DEPARTMENT], NULL};
	struct report *r = NULL;
	const char *dept = rv->filter[FF_DEPARTMENT], *person = rv->filter[FF_PERSON];
	if (report_config_load(rv->fd, &cfg, err) != 0)
		return -1;
	if (person && cfg.per_person)
		scope.person = person;
	if (report_compute_in(rv->fd, &rv->period, rv->by, &scope, 0, now, &r, err) != 0)
		return -1;
	report_free(&rv->rep);
	rv->rep = r;
	rv->rep_err[0] = 0;
	rv->fig_why[0] = 0;
	if (dept && scope.person)
		snprintf(rv->fig_scope, sizeof rv->fig_scope, "%s · %s", dept, r->person);
	else if (scope.person)
		snprintf(rv->fig_scope, sizeof rv->fig_scope, "%s", r->person);
	else if (dept)
		snprintf(rv->fig_scope, sizeof rv->fig_scope, "%s", dept);
	else if (person)
		snprintf(rv->fig_scope, sizeof rv->fig_scope, "%s", _("whole company"));
	else
		rv->fig_scope[0] = 0;
	if (person && !scope.person && dept)
		snprintf(rv->fig_why, sizeof rv->fig_why,
		         _("The figures are for the department %s, not for %s: per-person figures need "
		           "the works council's agreement (setting report_per_person = 1)."), dept, person);
	else if (person && !scope.person)
		snprintf(rv->fig_why, sizeof rv->fig_why,
		         _("The figures are for the whole company, not for %s: per-person figures need "
		           "the works council's agreement (setting report_per_person = 1)."), person);
	return 0;
}

static void figures_load(struct rv *rv, struct ui *ui)
{
	struct fd_err err = {0};
	if (figures_compute(rv, ui->now, &err) != 0) {
		report_free(&rv->rep);
		snprintf(rv->rep_err, sizeof rv->rep_err, "%s", err.msg);
		ui_error(ui, "%s", err.msg);
	}
}

/* ---- the log ---- */

static void query_make(const struct rv *rv, struct report_missed_query *q)
{
	memset(q, 0, sizeof *q);
	q->period = rv->period;
	q->person = rv->filter[FF_PERSON];
	q->department = rv->filter[FF_DEPARTMENT];
	q->status = rv->filter[FF_STATUS];
	q->caller = rv->filter[FF_CALLER];
	q->list = rv->list;
	q->sort = rv->sort;
	q->ascending = rv->ascending;
}

/* Read limit rows: the first ones, or (append) the ones after those held. */
static int log_fetch(struct rv *rv, size_t limit, int append, time_t now, struct fd_err *err)
{
	struct report_missed_query q;
	struct report_missed_row *got = NULL;
	size_t k = 0;
	query_make(rv, &q);
	q.limit = limit;
	if (append && rv->n) {
		if (rv->sort == REPORT_SORT_TIME && !rv->ascending) {
			q.after_at = rv->rows[rv->n - 1].at;
			q.after_call_id = rv->rows[rv->n - 1].call_id;
		} else {
			q.offset = rv->n;
		}
	}
	if (report_missed(rv->fd, &q, now, &got, &k, err) != 0)
		return -1;
	if (!append) {
		report_missed_free(rv->rows, rv->n);
		rv->rows = NULL;
		rv->n = 0;
	}
	if (k) {
		rv->rows = xrealloc(rv->rows, (rv->n + k) * sizeof *rv->rows);
		memcpy(rv->rows + rv->n, got, k * sizeof *got);
		rv->n += k;
	}
	free(got); /* the strings moved to rv->rows */
	rv->more = k == limit;
	return 0;
}

/* Read the log again from the top; keep: stay on the same call. */
static int log_load(struct rv *rv, struct ui *ui, int keep)
{
	struct fd_err err = {0};
	long long keep_id = 0;
	if (keep && rv->sel >= 0 && (size_t)rv->sel < rv->n)
		keep_id = rv->rows[rv->sel].call_id;
	size_t want = keep && rv->n > PAGE ? rv->n : PAGE;
	if (log_fetch(rv, want, 0, ui->now, &err) != 0) {
		snprintf(rv->log_err, sizeof rv->log_err, "%s", err.msg);
		ui_error(ui, "%s", err.msg);
		return -1;
	}
	rv->log_err[0] = 0;
	if (!keep) {
		rv->sel = rv->top = 0;
	} else {
		for (size_t i = 0; keep_id && i < rv->n; i++)
			if (rv->rows[i].call_id == keep_id)
				rv->sel = (int)i;
		if (rv->sel >= (int)rv->n)
			rv->sel = rv->n ? (int)rv->n - 1 : 0;
	}
	return 0;
}

/* The next page, while the selection is within a screen of the end. */
static void log_more(struct rv *rv, struct ui *ui)
{
	struct fd_err err = {0};
	if (!rv->more || rv->sel + rv->list_rows + 1 < (int)rv->n)
		return;
	if (log_fetch(rv, PAGE, 1, ui->now, &err) != 0)
		ui_error(ui, "%s", err.msg);
}

static void filters_free(struct rv *rv)
{
	for (int i = 0; i < FF_COUNT; i++) {
		free(rv->filter[i]);
		rv->filter[i] = NULL;
	}
}

/* ---- a row's history ---- */

static void dl_clear(struct rv *rv)
{
	for (size_t i = 0; i < rv->n_dl; i++)
		free(rv->dl[i].text);
	free(rv->dl);
	rv->dl = NULL;
	rv->n_dl = 0;
}

static void dl_addf(struct rv *rv, int style, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static void dl_addf(struct rv *rv, int style, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int len = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	char *s = xmalloc((size_t)(len > 0 ? len : 0) + 1);
	va_start(ap, fmt);
	vsnprintf(s, (size_t)(len > 0 ? len : 0) + 1, fmt, ap);
	va_end(ap);
	rv->dl = xrealloc(rv->dl, (rv->n_dl + 1) * sizeof *rv->dl);
	rv->dl[rv->n_dl].style = style;
	rv->dl[rv->n_dl].text = s;
	rv->n_dl++;
}

static const char *str_or(const char *s, const char *dflt)
{
	return s && *s ? s : dflt;
}

static void history_call(struct rv *rv, const struct call *k, long long this_call)
{
	char t[24], cb[32] = "";
	time_cell(k->at, t, sizeof t);
	if (k->callback_id)
		snprintf(cb, sizeof cb, _("  callback #%lld"), k->callback_id);
	dl_addf(rv, k->id == this_call ? UI_HEADER : UI_NORMAL, _("%s %s  %-9s for %s%s%s%s"),
	        k->id == this_call ? "▶" : " ", t, k->outcome ? _(k->outcome) : "",
	        str_or(k->wanted_name, str_or(k->wanted_login, _("anyone"))), cb, k->subject ? ": " : "",
	        k->subject ? k->subject : "");
}

/* What the row's own callback says: the part of the history that is about
 * this call. */
static void history_this_callback(struct rv *rv, struct ui *ui, const struct report_missed_row *m,
                                  const struct callback *cb)
{
	char a[48], b[48];
	dl_addf(rv, status_style(m->status), _("Callback #%lld · %s · for %s"), cb->id, _(m->status),
	        str_or(cb->assignee_name, cb->assignee_login));
	when_format_short(cb->created, ui->now, a, sizeof a);
	when_format_short(cb->due, ui->now, b, sizeof b);
	{
		struct sbuf s = SBUF_INIT;
		sbuf_addf(&s, _("  created %s · due %s"), a, b);
		sbuf_addf(&s, ngettext(" · %d call about it", " · %d calls about it", cb->calls), cb->calls);
		sbuf_addf(&s, ngettext(" · %d attempt", " · %d attempts", cb->attempts), cb->attempts);
		dl_addf(rv, UI_NORMAL, "%s", sbuf_str(&s));
		free(s.s);
	}
	if (cb->closed) {
		when_format_short(cb->closed, ui->now, a, sizeof a);
		dl_addf(rv, UI_NORMAL, _("  closed %s (%s)"), a, _(cb->status));
	}
	report_duration_format(m->to_first, _("not yet"), a, sizeof a);
	report_duration_format(m->to_reached, _("not reached"), b, sizeof b);
	dl_addf(rv, UI_NORMAL, _("  from this call to the first attempt: %s · to reaching the caller: %s"), a, b);
	if (cb->subject)
		dl_addf(rv, UI_NORMAL, _("  subject: %s"), cb->subject);
	if (cb->message)
		dl_addf(rv, UI_NORMAL, _("  message: %s"), cb->message);
}

/* The caller's whole history, the same for every row of theirs: each
 * callback with its attempts, then every call. */
static void history_load(struct rv *rv, struct ui *ui, const struct report_missed_row *m)
{
	struct fd_err err = {0};
	struct report_history h;
	char a[48], b[48];
	if (!m->contact_id && (!m->number || !*m->number)) {
		if (!m->callback_id)
			dl_addf(rv, UI_WARN, "%s", _("No callback was scheduled for this call."));
		dl_addf(rv, UI_DIM, "%s", _("  no number was given, so no other calls can be linked to this one"));
		return;
	}
	if (report_caller_history(rv->fd, m->contact_id, m->number, &h, &err) != 0) {
		dl_addf(rv, UI_ERROR, "%s", err.msg);
		return;
	}
	const struct report_history_callback *mine = NULL;
	for (size_t i = 0; i < h.n_callbacks; i++)
		if (h.callbacks[i].cb.id == m->callback_id)
			mine = &h.callbacks[i];
	if (mine)
		history_this_callback(rv, ui, m, &mine->cb);
	else
		dl_addf(rv, UI_WARN, "%s", _("No callback was scheduled for this call."));
	dl_addf(rv, UI_NORMAL, "%s", "");
	dl_addf(rv, UI_HEADER, _("Callbacks for this caller (%zu)"), h.n_callbacks);
	if (!h.n_callbacks)
		dl_addf(rv, UI_DIM, "%s", _("  none: nobody was asked to call back"));
	for (size_t i = 0; i < h.n_callbacks; i++) {
		const struct report_history_callback *c = &h.callbacks[i];
		const struct callback *cb = &c->cb;
		int open = strcmp(cb->status, "open") == 0, overdue = open && cb->due < ui->now;
		const char *status = overdue ? "overdue" : cb->status;
		time_cell(cb->created, a, sizeof a);
		dl_addf(rv, c == mine ? UI_HEADER : status_style(status), _("%s #%lld · %s · for %s · created %s"),
		        c == mine ? "▶" : " ", cb->id, _(status), str_or(cb->assignee_name, cb->assignee_login), a);
		if (!c->n_attempts)
			dl_addf(rv, UI_DIM, "%s", _("    nobody has tried yet"));
		for (size_t j = 0; j < c->n_attempts; j++) {
			const struct attempt *t = &c->attempts[j];
			time_cell(t->at, b, sizeof b);
			dl_addf(rv, strcmp(t->result, "reached") == 0 ? UI_GOOD : UI_NORMAL, _("    %s  %-15s by %s%s%s"),
			        b, _(t->result), str_or(t->by_login, "?"), t->note ? ": " : "",
			        !t->note ? "" : strcmp(t->note, "snoozed") ? t->note : _("snoozed"));
		}
	}
	dl_addf(rv, UI_NORMAL, "%s", "");
	dl_addf(rv, UI_HEADER, _("Every call from this caller (%zu)"), h.n_calls);
	for (size_t i = 0; i < h.n_calls; i++)
		history_call(rv, &h.calls[i], m->call_id);
	report_history_clear(&h);
}

static void detail_load(struct rv *rv, struct ui *ui, const struct report_missed_row *m)
{
	char t[24], num[48] = "";
	dl_clear(rv);
	rv->d_call = m->call_id;
	time_cell(m->at, t, sizeof t);
	if (m->number)
		phone_format(m->number, num, sizeof num);
	dl_addf(rv, UI_HEADER, "%s%s%s%s  %s", str_or(m->caller, _("unknown caller")),
	        m->company ? " (" : "", m->company ? m->company : "", m->company ? ")" : "", num);
	dl_addf(rv, UI_NORMAL, _("Call #%lld on %s for %s (%s), taken by %s%s"), m->call_id, t,
	        str_or(m->wanted_name, str_or(m->wanted_login, _("anyone"))), str_or(m->department, _("no department")),
	        str_or(m->taken_by, "?"), m->after_hours ? _(", outside business hours") : "");
	dl_addf(rv, UI_NORMAL, "%s", "");
	history_load(rv, ui, m);
}

/* ---- drawing ---- */

static void draw_top(struct rv *rv, struct ui *ui, WINDOW *w)
{
	int cols = getmaxx(w);
	char title[200], p[96];
	period_label(rv, p, sizeof p);
	snprintf(title, sizeof title, _("frontdesk · review · %s"), p);
	ui_title_bar(w, ui->now, title, 0);

	/* the views, the current one in brackets (readable without colour) */
	int x = 1;
	for (int v = 0; v < V_COUNT && x < cols; v++) {
		char tab[48];
		snprintf(tab, sizeof tab, v == (int)rv->view ? "[%s]" : " %s ", _(view_names[v]));
		if (v == (int)rv->view)
			wattron(w, ui_style(UI_SELECTED));
		x += ui_label(w, 1, x, cols - x, tab) + 1;
		if (v == (int)rv->view)
			wattroff(w, ui_style(UI_SELECTED));
	}
	wattron(w, ui_style(UI_DIM));
	ui_label(w, 1, x + 1, cols - x - 2, _("Tab: next view"));
	wattroff(w, ui_style(UI_DIM));

	if (!rv->rep) {
		wattron(w, ui_style(UI_ERROR));
		ui_put(w, 2, 1, cols - 2, rv->rep_err[0] ? rv->rep_err : _("no figures yet"));
		wattroff(w, ui_style(UI_ERROR));
		return;
	}
	const struct report_figures *f = &rv->rep->total;
	char sum[256], line[448];
	snprintf(sum, sizeof sum, _("unreached calls %lld · callbacks %lld · reached %lld · "
	         "still open %lld · overdue %lld · never reached %lld"),
	         f->unreached_calls, f->callbacks, f->reached, f->open, f->overdue, f->never_reached);
	/* whose figures they are, first: the filters may not all apply */
	snprintf(line, sizeof line, "%s%s%s", rv->fig_scope, rv->fig_scope[0] ? ": " : "", sum);
	if (ui_width(line) > cols - 2) { /* narrow: the same figures, shorter words */
		snprintf(sum, sizeof sum, _("unreached %lld · callbacks %lld · reached %lld · open %lld · "
		         "overdue %lld"), f->unreached_calls, f->callbacks, f->reached, f->open, f->overdue);
		snprintf(line, sizeof line, "%s%s%s", rv->fig_scope, rv->fig_scope[0] ? ": " : "", sum);
	}
	wattron(w, A_BOLD);
	ui_put(w, 2, 1, cols - 2, line); /* a department's name is stored text */
	wattroff(w, A_BOLD);
}

/* The log's columns, in the order shown; prio: which go first when the
 * terminal is narrow (higher goes first). */
struct col {
	const char *title;
	int width;                 /* 0: takes the room left (the caller) */
	int sort;                  /* enum report_sort, -1: not sortable */
	int prio;
};
static const struct col log_cols[] = {
	{N_("When"), 14, REPORT_SORT_TIME, 0},
	{N_("Caller"), 0, REPORT_SORT_CALLER, 0},
	{N_("For"), 14, REPORT_SORT_WANTED, 2},
	{N_("Department"), 12, REPORT_SORT_DEPARTMENT, 4},
	{N_("Taken by"), 9, REPORT_SORT_TAKEN_BY, 5},
	{N_("Callback"), 15, REPORT_SORT_STATUS, 1},
	{N_("1st attempt"), 11, REPORT_SORT_TO_CALLBACK, 3},
	{N_("Reached"), 11, -1, 6},
};
#define N_COLS (int)(sizeof log_cols / sizeof log_cols[0])
#define CALLER_MIN 16

static const char *sort_name(enum report_sort s)
{
	for (int i = 0; i < N_COLS; i++)
		if (log_cols[i].sort == (int)s)
			return _(log_cols[i].title);
	return "?";
}

/* Which columns fit in cols, and how wide the caller's is. */
static void log_layout(int cols, int shown[N_COLS], int *caller_w)
{
	for (int maxp = 6; maxp >= 0; maxp--) {
		int used = 2;
		for (int i = 0; i < N_COLS; i++) {
			shown[i] = log_cols[i].prio <= maxp;
			if (shown[i])
				used += log_cols[i].width + 1;
		}
		if (cols - used >= CALLER_MIN || maxp == 0) {
			*caller_w = cols - used > 4 ? cols - used : 4;
			return;
		}
	}
}

static void log_cell(const struct report_missed_row *m, int col, char *buf, size_t n)
{
	buf[0] = 0;
	switch (col) {
	case 0: time_cell(m->at, buf, n); break;
	case 1:
		snprintf(buf, n, "%s%s%s", m->caller ? m->caller : "", m->company ? ", " : "",
		         m->company ? m->company : "");
		break;
	case 2: snprintf(buf, n, "%s", str_or(m->wanted_name, str_or(m->wanted_login, _("anyone")))); break;
	case 3: snprintf(buf, n, "%s", m->department ? m->department : ""); break;
	case 4: snprintf(buf, n, "%s", m->taken_by ? m->taken_by : ""); break;
	case 5:
		if (m->calls >= 2)
			snprintf(buf, n, "%s ×%d", _(m->status), m->calls);
		else
			snprintf(buf, n, "%s", _(m->status));
		break;
	case 6:
		report_duration_format(m->to_first, !m->callback_id ? "-" :
		                       strcmp(m->status, "open") == 0 || strcmp(m->status, "overdue") == 0 ?
		                       _("not yet") : _("never"), buf, n);
		break;
	case 7: report_duration_format(m->to_reached, "-", buf, n); break;
	}
}

static void draw_filter_line(struct rv *rv, WINDOW *w, int y)
{
	static const char *const names[FF_COUNT] = {N_("person"), N_("department"), N_("status"), N_("caller")};
	int cols = getmaxx(w);
	struct sbuf b = SBUF_INIT;
	for (int i = 0; i < FF_COUNT; i++)
		if (rv->filter[i])
			sbuf_addf(&b, "%s%s %s%s", b.len ? " · " : _("filter: "), _(names[i]), rv->filter[i],
			          i == FF_PERSON && rv->fig_why[0] ? _(" (log only)") : "");
	if (!b.len)
		sbuf_adds(&b, _("no filter (f filters)"));
	sbuf_addf(&b, _(" │ sorted by %s %s │ "), sort_name(rv->sort), rv->ascending ? "▲" : "▼");
	if (rv->more)
		sbuf_addf(&b, _("%zu+ calls"), rv->n);
	else
		sbuf_addf(&b, ngettext("%zu call", "%zu calls", rv->n), rv->n);
	ui_put(w, y, 1, cols - 2, sbuf_str(&b));
	free(b.s);
}

static void draw_lists(struct rv *rv, WINDOW *w, int y)
{
	static const char *const lists[] = {N_("a all"), N_("n never called back"), N_("o overdue"),
	                                    N_("r repeat callers"), N_("h after hours")};
	int cols = getmaxx(w), x = 1;
	for (int i = 0; i < 5 && x < cols; i++) {
		char l[48];
		int cur = i == (int)rv->list;
		snprintf(l, sizeof l, cur ? "[%s]" : " %s ", _(lists[i]));
		if (cur)
			wattron(w, ui_style(UI_SELECTED));
		x += ui_label(w, y, x, cols - x, l) + 1;
		if (cur)
			wattroff(w, ui_style(UI_SELECTED));
	}
}

static void draw_filter_form(struct rv *rv, struct ui *ui, WINDOW *w, int y)
{
	static const char *const labels[FF_COUNT] = {N_("Person"), N_("Department"), N_("Status"), N_("Caller")};
	static const char *const help[FF_COUNT] = {
		N_("login or extension"), N_("as in the staff list"),
		N_("none, open, overdue, done, cancelled, will-call-again"),
		N_("a number, or part of a name or company")};
	int cols = getmaxx(w), rows = getmaxy(w);
	wattron(w, ui_style(UI_HEADER));
	ui_label(w, y++, 1, cols - 2, _("Filter the missed-call log (empty fields match anything)"));
	wattroff(w, ui_style(UI_HEADER));
	int fw = cols - 16 > 30 ? 30 : cols - 16;
	for (int i = 0; i < FF_COUNT && y < rows - 1; i++, y++) {
		int focused = i == rv->ffocus, cx;
		if (focused)
			wattron(w, ui_style(UI_HEADER));
		ui_label(w, y, 2, 12, _(labels[i]));
		if (focused)
			wattroff(w, ui_style(UI_HEADER));
		ui_line_draw(w, y, 14, fw, &rv->fl[i], focused, &cx);
		if (focused)
			ui_cursor(ui, y, cx);
		wattron(w, ui_style(UI_DIM));
		ui_label(w, y, 15 + fw, cols - 16 - fw, _(help[i]));
		wattroff(w, ui_style(UI_DIM));
	}
	if (rv->ferr[0] && y < rows - 1) {
		wattron(w, ui_style(UI_ERROR));
		ui_put(w, y, 2, cols - 3, rv->ferr);
		wattroff(w, ui_style(UI_ERROR));
	}
	static const char *const hints[] = {"Enter", N_("apply"), "Esc", N_("cancel"), "Tab", N_("next field"), NULL};
	ui_hints(w, rows - 1, hints);
}

static void draw_log(struct rv *rv, struct ui *ui, WINDOW *w)
{
	int rows = getmaxy(w), cols = getmaxx(w);
	draw_lists(rv, w, 3);
	draw_filter_line(rv, w, 4);
	if (rv->mode == M_FILTER) {
		draw_filter_form(rv, ui, w, 6);
		return;
	}
	int shown[N_COLS], cw;
	log_layout(cols, shown, &cw);
	int y = 5, x = 2;
	wattron(w, ui_style(UI_HEADER));
	for (int i = 0; i < N_COLS; i++) {
		if (!shown[i])
			continue;
		int wd = log_cols[i].width ? log_cols[i].width : cw;
		char h[48];
		if (log_cols[i].sort == (int)rv->sort)
			snprintf(h, sizeof h, "%s %s", _(log_cols[i].title), rv->ascending ? "▲" : "▼");
		else
			snprintf(h, sizeof h, "%s", _(log_cols[i].title));
		ui_label(w, y, x, wd, h);
		x += wd + 1;
	}
	wattroff(w, ui_style(UI_HEADER));
	y++;
	int list_rows = rows - y - 1;
	if (list_rows < 1)
		list_rows = 1;
	rv->list_rows = list_rows;
	if (rv->sel < rv->top)
		rv->top = rv->sel;
	if (rv->sel >= rv->top + list_rows)
		rv->top = rv->sel - list_rows + 1;
	if (rv->log_err[0]) {
		wattron(w, ui_style(UI_ERROR));
		ui_put(w, y, 2, cols - 3, rv->log_err);
		wattroff(w, ui_style(UI_ERROR));
	} else if (!rv->n) {
		wattron(w, ui_style(UI_DIM));
		ui_label(w, y, 2, cols - 3, _("no missed calls match in this period"));
		wattroff(w, ui_style(UI_DIM));
	}
	for (int i = 0; i < list_rows && (size_t)(rv->top + i) < rv->n; i++) {
		const struct report_missed_row *m = &rv->rows[rv->top + i];
		int sel = rv->top + i == rv->sel;
		if (sel)
			wattron(w, ui_style(UI_SELECTED));
		ui_blank(w, y + i, 0, cols);
		ui_label(w, y + i, 0, 2, sel ? "▶" : " ");
		x = 2;
		for (int c = 0; c < N_COLS; c++) {
			if (!shown[c])
				continue;
			int wd = log_cols[c].width ? log_cols[c].width : cw;
			char cell[400];
			log_cell(m, c, cell, sizeof cell);
			int st = c == 5 && !sel ? status_style(m->status) : UI_NORMAL;
			if (st != UI_NORMAL)
				wattron(w, ui_style(st));
			ui_put_pad(w, y + i, x, wd, cell);
			if (st != UI_NORMAL)
				wattroff(w, ui_style(st));
			x += wd + 1;
		}
		if (sel)
			wattroff(w, ui_style(UI_SELECTED));
	}
	static const char *const hints[] = {"Enter", N_("history"), "a n o r h", N_("lists"), "f", N_("filter"),
	                                    "s S", N_("sort"), "p [ ]", N_("period"), "F9", N_("switchboard"),
	                                    "?", N_("keys"), NULL};
	ui_hints(w, rows - 1, hints);
}

/* Lines of a scrolled view: pen_y gives the screen row of the next line,
 * or -1 when it is scrolled out of sight. */
struct pen {
	int y0, rows, top, line;
};

static int pen_y(struct pen *p)
{
	int l = p->line++ - p->top;
	return l >= 0 && l < p->rows ? p->y0 + l : -1;
}

static void pen_text(struct pen *p, WINDOW *w, int style, const char *text)
{
	int y = pen_y(p);
	if (y < 0)
		return;
	if (style != UI_NORMAL)
		wattron(w, ui_style(style));
	ui_label(w, y, 1, getmaxx(w) - 2, text);
	if (style != UI_NORMAL)
		wattroff(w, ui_style(style));
}

static void pen_row(struct pen *p, WINDOW *w, const char *label, int lw, const char *rest)
{
	int y = pen_y(p), cols = getmaxx(w);
	if (y < 0)
		return;
	ui_put_pad(w, y, 1, lw, label); /* group labels are stored text */
	ui_label(w, y, 1 + lw, cols - 2 - lw, rest);
}

static const char *by_title(enum report_by by)
{
	switch (by) {
	case REPORT_BY_HOUR: return _("hour of day");
	case REPORT_BY_WEEKDAY: return _("weekday");
	case REPORT_BY_PERSON: return _("person (the callback's assignee)");
	default: return _("department");
	}
}

static void draw_figures(struct rv *rv, WINDOW *w, struct pen *p)
{
	const struct report *r = rv->rep;
	const struct report_figures *f = &r->total;
	char line[400], a[32], b[32], bar[32], hours[64];
	report_hours_format(&r->cfg.hours, hours, sizeof hours);
	if (r->cfg.wall_clock)
		snprintf(line, sizeof line, "%s", _("Times in wall-clock time"));
	else
		snprintf(line, sizeof line, _("Times in business time, business hours %s"), hours);
	pen_text(p, w, UI_DIM, line);
	pen_text(p, w, UI_NORMAL, "");
	snprintf(line, sizeof line, _("Unreached calls          %6lld   outside business hours %lld"),
	         f->unreached_calls, f->after_hours);
	pen_text(p, w, UI_NORMAL, line);
	snprintf(line, sizeof line, _("Callbacks                %6lld"), f->callbacks);
	pen_text(p, w, UI_NORMAL, line);
	snprintf(line, sizeof line, _("  made (attempted)       %6lld"), f->attempted);
	pen_text(p, w, UI_NORMAL, line);
	snprintf(line, sizeof line, _("  reached                %6lld"), f->reached);
	pen_text(p, w, UI_NORMAL, line);
	snprintf(line, sizeof line, _("  never reached          %6lld"), f->never_reached);
	pen_text(p, w, UI_NORMAL, line);
	snprintf(line, sizeof line, _("  still open             %6lld   overdue now %lld"), f->open, f->overdue);
	pen_text(p, w, f->overdue ? UI_WARN : UI_NORMAL, line);
	snprintf(line, sizeof line, _("Repeat callers           %6lld   called two or more times before being reached"),
	         f->repeat_callers);
	pen_text(p, w, UI_NORMAL, line);
	pen_text(p, w, UI_NORMAL, "");
	pen_text(p, w, UI_HEADER, _("                         median          90th percentile"));
	report_duration_format(f->first_median, _("never"), a, sizeof a);
	report_duration_format(f->first_p90, _("never"), b, sizeof b);
	snprintf(line, sizeof line, _("To the first attempt     %-15s %s"), a, b);
	pen_text(p, w, UI_NORMAL, line);
	report_duration_format(f->reached_median, _("not reached"), a, sizeof a);
	report_duration_format(f->reached_p90, _("not reached"), b, sizeof b);
	snprintf(line, sizeof line, _("To reaching the caller   %-15s %s"), a, b);
	pen_text(p, w, UI_NORMAL, line);
	pen_text(p, w, UI_NORMAL, "");
	for (int i = 0; i < r->cfg.n_thresholds; i++) {
		report_duration_format(r->cfg.thresholds[i], NULL, a, sizeof a);
		report_chart_bar(f->within[i], f->callbacks, 20, bar);
		snprintf(line, sizeof line, _("Reached within %-9s %3d %%  |%-20s| %lld of %lld"), a,
		         pct(f->within[i], f->callbacks), bar, f->within[i], f->callbacks);
		pen_text(p, w, UI_NORMAL, line);
	}

	pen_text(p, w, UI_NORMAL, "");
	snprintf(line, sizeof line, _("By %s (g: %s)"), by_title(rv->by),
	         r->cfg.per_person ? _("department, hour, weekday, person") :
	         _("department, hour, weekday; per person when report_per_person is 1"));
	pen_text(p, w, UI_HEADER, line);
	int lw = 18;
	/* TRANSLATORS: headings over the figures: keep each right-aligned in
	 * its column (6, 8, 9, 8, 6, 5, 8 and 7 wide, one space between) */
	snprintf(line, sizeof line, "%s", _(" calls  after h callbacks  reached  never  open  overdue  repeat"));
	pen_row(p, w, "", lw, line);
	size_t shown = 0;
	for (size_t i = 0; i < r->n_groups; i++) {
		const struct report_figures *g = &r->groups[i];
		if (!g->unreached_calls && !g->callbacks)
			continue;
		shown++;
		snprintf(line, sizeof line, "%6lld %8lld %9lld %8lld %6lld %5lld %8lld %7lld",
		         g->unreached_calls, g->after_hours, g->callbacks, g->reached, g->never_reached,
		         g->open, g->overdue, g->repeat_callers);
		pen_row(p, w, g->label[0] ? _(g->label) : _("(none)"), lw, line);
	}
	if (!shown)
		pen_text(p, w, UI_DIM, _("  nothing in this period"));
	pen_text(p, w, UI_NORMAL, "");
	struct sbuf h = SBUF_INIT;
	sbuf_addf(&h, "%-13s %-13s %-13s %-13s", _("1st: median"), _("1st: p90"), _("reach: median"), _("reach: p90"));
	for (int k = 0; k < r->cfg.n_thresholds; k++) {
		report_duration_format(r->cfg.thresholds[k], NULL, a, sizeof a);
		sbuf_addf(&h, " ≤%-4s", a);
	}
	pen_row(p, w, "", lw, sbuf_str(&h));
	free(h.s);
	for (size_t i = 0; i < r->n_groups; i++) {
		const struct report_figures *g = &r->groups[i];
		char c[32], d[32];
		if (!g->unreached_calls && !g->callbacks)
			continue;
		report_duration_format(g->first_median, _("never"), a, sizeof a);
		report_duration_format(g->first_p90, _("never"), b, sizeof b);
		report_duration_format(g->reached_median, _("never"), c, sizeof c);
		report_duration_format(g->reached_p90, _("never"), d, sizeof d);
		struct sbuf s = SBUF_INIT;
		sbuf_addf(&s, "%-13s %-13s %-13s %-13s", a, b, c, d);
		for (int k = 0; k < r->cfg.n_thresholds; k++)
			sbuf_addf(&s, " %4d%%", pct(g->within[k], g->callbacks));
		pen_row(p, w, g->label[0] ? _(g->label) : _("(none)"), lw, sbuf_str(&s));
		free(s.s);
	}
}

static void chart_row(struct pen *p, WINDOW *w, const char *label, int lw, long long v,
                      long long max, const char *tail)
{
	int y = pen_y(p), cols = getmaxx(w);
	if (y < 0)
		return;
	int bw = cols - lw - 6 - (tail ? ui_width(tail) : 8);
	if (bw > 50)
		bw = 50;
	if (bw < 1)
		bw = 1;
	char bar[64], line[300];
	report_chart_bar(v, max, bw, bar);
	ui_label(w, y, 2, lw, label);
	snprintf(line, sizeof line, "|%-*s %s", bw, bar, tail ? tail : "");
	ui_label(w, y, 2 + lw + 1, cols - lw - 4, line);
}

static void draw_charts(struct rv *rv, WINDOW *w, struct pen *p)
{
	static const char *const wd[7] = {N_("Mon"), N_("Tue"), N_("Wed"), N_("Thu"), N_("Fri"), N_("Sat"), N_("Sun")};
	const struct report *r = rv->rep;
	char lab[32], tail[120], a[32];
	long long max = 0;
	int lo = r->cfg.hours.open_min / 60, hi = (r->cfg.hours.close_min - 1) / 60;
	for (int h = 0; h < 24; h++) {
		if (r->calls_by_hour[h]) {
			lo = h < lo ? h : lo;
			hi = h > hi ? h : hi;
		}
		max = r->calls_by_hour[h] > max ? r->calls_by_hour[h] : max;
	}
	pen_text(p, w, UI_HEADER, _("Unreached calls by hour of day"));
	for (int h = lo; h <= hi; h++) {
		snprintf(lab, sizeof lab, "%02d", h);
		snprintf(tail, sizeof tail, "%lld", r->calls_by_hour[h]);
		chart_row(p, w, lab, 3, r->calls_by_hour[h], max, tail);
	}
	pen_text(p, w, UI_NORMAL, "");
	pen_text(p, w, UI_HEADER, _("Unreached calls by weekday"));
	max = 0;
	for (int d = 0; d < 7; d++)
		max = r->calls_by_weekday[d] > max ? r->calls_by_weekday[d] : max;
	for (int d = 0; d < 7; d++) {
		snprintf(tail, sizeof tail, "%lld", r->calls_by_weekday[d]);
		chart_row(p, w, _(wd[d]), 3, r->calls_by_weekday[d], max, tail);
	}
	pen_text(p, w, UI_NORMAL, "");
	pen_text(p, w, UI_HEADER, _("Time to reaching the caller (callbacks)"));
	max = 0;
	for (int i = 0; i < REPORT_HIST_BUCKETS; i++)
		max = r->hist[i].count > max ? r->hist[i].count : max;
	for (int i = 0; i < REPORT_HIST_BUCKETS; i++) {
		snprintf(tail, sizeof tail, "%lld", r->hist[i].count);
		chart_row(p, w, _(r->hist[i].label), 14, r->hist[i].count, max, tail);
	}
	pen_text(p, w, UI_NORMAL, "");
	pen_text(p, w, UI_HEADER, _("Per week: unreached calls; callbacks reached; median time to reach"));
	max = 0;
	for (size_t i = 0; i < r->n_weeks; i++)
		max = r->weeks[i].unreached_calls > max ? r->weeks[i].unreached_calls : max;
	for (size_t i = 0; i < r->n_weeks; i++) {
		day_cell(r->weeks[i].start, lab, sizeof lab);
		report_duration_format(r->weeks[i].reached_median, _("not reached"), a, sizeof a);
		snprintf(tail, sizeof tail, _("%lld; %lld of %lld; %s"), r->weeks[i].unreached_calls,
		         r->weeks[i].reached, r->weeks[i].callbacks, a);
		chart_row(p, w, lab, 10, r->weeks[i].unreached_calls, max, tail);
	}
	if (!r->n_weeks)
		pen_text(p, w, UI_DIM, _("  no weeks in this period"));
}

static void draw_scrolled(struct rv *rv, WINDOW *w)
{
	int rows = getmaxy(w);
	struct pen p = {4, rows - 5, rv->ftop, 0};
	if (p.rows < 1)
		p.rows = 1;
	rv->frows = p.rows;
	if (rv->rep && rv->fig_why[0]) {
		int y = pen_y(&p);
		if (y >= 0) {
			wattron(w, ui_style(UI_WARN));
			ui_put(w, y, 1, getmaxx(w) - 2, rv->fig_why); /* names typed into the filter */
			wattroff(w, ui_style(UI_WARN));
		}
	} else if (rv->rep && rv->fig_scope[0]) {
		char line[300];
		snprintf(line, sizeof line, rv->rep->person[0]
		         ? _("Figures for %s: the calls for them and the callbacks assigned to them")
		         : _("Figures for the department %s"), rv->fig_scope);
		int y = pen_y(&p);
		if (y >= 0)
			ui_put(w, y, 1, getmaxx(w) - 2, line);
	}
	if (!rv->rep) {
		pen_text(&p, w, UI_DIM, _("no figures: see the message above"));
	} else if (rv->view == V_FIGURES) {
		draw_figures(rv, w, &p);
	} else {
		draw_charts(rv, w, &p);
	}
	rv->flines = p.line;
	if (rv->ftop + p.rows < p.line) {
		wattron(w, ui_style(UI_DIM));
		ui_label(w, rows - 2, getmaxx(w) - 12, 11, _("↓ more"));
		wattroff(w, ui_style(UI_DIM));
	}
	static const char *const hints[] = {"↑↓ PgUp PgDn", N_("scroll"), "g", N_("group"), "Tab", N_("next view"),
	                                    "p [ ]", N_("period"), "F9", N_("switchboard"), "?", N_("keys"), NULL};
	ui_hints(w, rows - 1, hints);
}

static void draw_detail(struct rv *rv, WINDOW *w)
{
	int rows = getmaxy(w), cols = getmaxx(w);
	wattron(w, ui_style(UI_HEADER));
	ui_label(w, 3, 1, cols - 2, _("The caller's history"));
	wattroff(w, ui_style(UI_HEADER));
	int y0 = 4, n = rows - y0 - 1;
	if (n < 1)
		n = 1;
	rv->drows = n;
	if (rv->dtop > (int)rv->n_dl - n)
		rv->dtop = (int)rv->n_dl - n;
	if (rv->dtop < 0)
		rv->dtop = 0;
	for (int i = 0; i < n && (size_t)(rv->dtop + i) < rv->n_dl; i++) {
		const struct dline *d = &rv->dl[rv->dtop + i];
		if (d->style != UI_NORMAL)
			wattron(w, ui_style(d->style));
		ui_put(w, y0 + i, 1, cols - 2, d->text);
		if (d->style != UI_NORMAL)
			wattroff(w, ui_style(d->style));
	}
	static const char *const hints[] = {"↑↓", N_("scroll"), "Esc", N_("back to the log"), NULL};
	ui_hints(w, rows - 1, hints);
}

static void draw_refused(struct rv *rv, struct ui *ui, WINDOW *w)
{
	int rows = getmaxy(w), cols = getmaxx(w);
	wattron(w, ui_style(UI_TITLE));
	ui_blank(w, 0, 0, cols);
	ui_label(w, 0, 1, cols - 2, _("frontdesk · review"));
	wattroff(w, ui_style(UI_TITLE));
	int y = rows / 2 - 2 > 2 ? rows / 2 - 2 : 2;
	wattron(w, ui_style(UI_ERROR) | A_BOLD);
	ui_label(w, y, 2, cols - 4, _("The review is for supervisors and administrators."));
	wattroff(w, ui_style(UI_ERROR) | A_BOLD);
	ui_put(w, y + 1, 2, cols - 4, rv->refusal);
	ui_label(w, y + 3, 2, cols - 4, _("F9: back to the switchboard · F10: quit"));
	(void)ui;
}

/* ---- keys ---- */

static void filter_open(struct rv *rv)
{
	for (int i = 0; i < FF_COUNT; i++)
		ui_line_set(&rv->fl[i], rv->filter[i] ? rv->filter[i] : "");
	rv->ffocus = 0;
	rv->ferr[0] = 0;
	rv->mode = M_FILTER;
	rv->view = V_LOG;
}

static int filter_apply(struct rv *rv, struct ui *ui)
{
	char *old[FF_COUNT];
	struct fd_err err = {0};
	for (int i = 0; i < FF_COUNT; i++) {
		old[i] = rv->filter[i];
		char *s = ui_line_get(&rv->fl[i]);
		if (*s) {
			rv->filter[i] = s;
		} else {
			free(s);
			rv->filter[i] = NULL;
		}
	}
	/* the figures first: an unknown department is a typo to fix here */
	if (figures_compute(rv, ui->now, &err) != 0 || log_fetch(rv, PAGE, 0, ui->now, &err) != 0) {
		/* the form stays open with what was typed; log and figures as they were */
		for (int i = 0; i < FF_COUNT; i++) {
			free(rv->filter[i]);
			rv->filter[i] = old[i];
		}
		snprintf(rv->ferr, sizeof rv->ferr, "%s", err.msg);
		figures_load(rv, ui);
		return UI_REDRAW;
	}
	for (int i = 0; i < FF_COUNT; i++)
		free(old[i]);
	rv->sel = rv->top = 0;
	rv->log_err[0] = 0;
	rv->mode = M_MAIN;
	if (rv->fig_why[0])
		ui_note(ui, "%s", _("filter applied to the log; the figures are not per person (works council)"));
	else
		ui_note(ui, "%s", rv->more ? _("filter applied") : _("filter applied: every matching call shown"));
	return UI_REDRAW;
}

static int filter_key(struct rv *rv, struct ui *ui, struct ui_event ev)
{
	struct ui_line *l = &rv->fl[rv->ffocus];
	if (!ev.fn && ev.ch >= 32 && ev.ch != 127) {
		ui_line_key(l, ev);
		return UI_REDRAW;
	}
	switch (ui_key_request(KEYCTX_RFILTER, ev)) {
	case REQ_RF_APPLY:
		return filter_apply(rv, ui);
	case REQ_RF_CANCEL:
		rv->mode = M_MAIN;
		return UI_REDRAW;
	case REQ_RF_NEXT: case REQ_RF_DOWN:
		rv->ffocus = (rv->ffocus + 1) % FF_COUNT;
		return UI_REDRAW;
	case REQ_RF_PREV: case REQ_RF_UP:
		rv->ffocus = (rv->ffocus + FF_COUNT - 1) % FF_COUNT;
		return UI_REDRAW;
	default:
		ui_line_key(l, ev);
		return UI_REDRAW;
	}
}

static int detail_key(struct rv *rv, struct ui_event ev)
{
	switch (ui_key_request(KEYCTX_RDETAIL, ev)) {
	case REQ_RD_CLOSE: case REQ_RD_CLOSE_ENTER:
		rv->mode = M_MAIN;
		dl_clear(rv);
		return UI_REDRAW;
	default:
		break;
	}
	switch (ui_key_request(KEYCTX_LIST, ev)) {
	case REQ_MOVE_UP: rv->dtop--; break;
	case REQ_MOVE_DOWN: rv->dtop++; break;
	case REQ_PAGE_UP: rv->dtop -= rv->drows; break;
	case REQ_PAGE_DOWN: rv->dtop += rv->drows; break;
	default: break;
	}
	if (rv->dtop > (int)rv->n_dl - rv->drows)
		rv->dtop = (int)rv->n_dl - rv->drows;
	if (rv->dtop < 0)
		rv->dtop = 0;
	return UI_REDRAW;
}

static void period_changed(struct rv *rv, struct ui *ui)
{
	period_make(rv, ui->now);
	figures_load(rv, ui);
	log_load(rv, ui, 0);
	rv->ftop = 0;
}

static int main_key(struct rv *rv, struct ui *ui, struct ui_event ev)
{
	enum report_list list = rv->list;
	switch (ui_key_request(KEYCTX_REVIEW, ev)) {
	case REQ_REV_VIEW_NEXT:
		rv->view = (enum rv_view)((rv->view + 1) % V_COUNT);
		rv->ftop = 0;
		return UI_REDRAW;
	case REQ_REV_VIEW_PREV:
		rv->view = (enum rv_view)((rv->view + V_COUNT - 1) % V_COUNT);
		rv->ftop = 0;
		return UI_REDRAW;
	case REQ_REV_OPEN:
		if (rv->view != V_LOG || rv->sel < 0 || (size_t)rv->sel >= rv->n)
			return UI_OK;
		detail_load(rv, ui, &rv->rows[rv->sel]);
		rv->dtop = 0;
		rv->mode = M_DETAIL;
		return UI_REDRAW;
	case REQ_REV_ALL: list = REPORT_LIST_ALL; goto set_list;
	case REQ_REV_NEVER: list = REPORT_LIST_NEVER_CALLED_BACK; goto set_list;
	case REQ_REV_OVERDUE: list = REPORT_LIST_OVERDUE; goto set_list;
	case REQ_REV_REPEAT: list = REPORT_LIST_REPEAT; goto set_list;
	case REQ_REV_AFTER: list = REPORT_LIST_AFTER_HOURS; goto set_list;
	case REQ_REV_FILTER:
		filter_open(rv);
		return UI_REDRAW;
	case REQ_REV_CLEAR:
		filters_free(rv);
		rv->view = V_LOG;
		figures_load(rv, ui);
		log_load(rv, ui, 0);
		ui_note(ui, "%s", _("filters cleared"));
		return UI_REDRAW;
	case REQ_REV_SORT:
		rv->sort = (enum report_sort)((rv->sort + 1) % (REPORT_SORT_TO_CALLBACK + 1));
		rv->ascending = rv->sort != REPORT_SORT_TIME; /* newest first; A to Z */
		rv->view = V_LOG;
		log_load(rv, ui, 0);
		return UI_REDRAW;
	case REQ_REV_REVERSE:
		rv->ascending = !rv->ascending;
		rv->view = V_LOG;
		log_load(rv, ui, 0);
		return UI_REDRAW;
	case REQ_REV_PERIOD:
		rv->pk = (enum period_kind)((rv->pk + 1) % PK_COUNT);
		rv->shift = 0;
		period_changed(rv, ui);
		return UI_REDRAW;
	case REQ_REV_EARLIER:
		if (rv->shift > -1000)
			rv->shift--;
		period_changed(rv, ui);
		return UI_REDRAW;
	case REQ_REV_LATER:
		if (rv->shift == 0) {
			ui_note(ui, "%s", _("this is the latest period: it runs until now"));
			return UI_REDRAW;
		}
		rv->shift++;
		period_changed(rv, ui);
		return UI_REDRAW;
	case REQ_REV_GROUP: {
		int per_person = rv->rep && rv->rep->cfg.per_person;
		switch (rv->by) {
		case REPORT_BY_DEPARTMENT: rv->by = REPORT_BY_HOUR; break;
		case REPORT_BY_HOUR: rv->by = REPORT_BY_WEEKDAY; break;
		case REPORT_BY_WEEKDAY: rv->by = per_person ? REPORT_BY_PERSON : REPORT_BY_DEPARTMENT; break;
		default: rv->by = REPORT_BY_DEPARTMENT; break;
		}
		if (rv->view == V_LOG)
			rv->view = V_FIGURES;
		figures_load(rv, ui);
		return UI_REDRAW;
	}
	default:
		break;
	}
	enum request r = ui_key_request(KEYCTX_LIST, ev);
	if (rv->view != V_LOG) {
		switch (r) {
		case REQ_MOVE_UP: rv->ftop--; break;
		case REQ_MOVE_DOWN: rv->ftop++; break;
		case REQ_PAGE_UP: rv->ftop -= rv->frows; break;
		case REQ_PAGE_DOWN: rv->ftop += rv->frows; break;
		default: return UI_OK;
		}
		if (rv->ftop > rv->flines - rv->frows)
			rv->ftop = rv->flines - rv->frows;
		if (rv->ftop < 0)
			rv->ftop = 0;
		return UI_REDRAW;
	}
	switch (r) {
	case REQ_MOVE_UP: if (rv->sel > 0) rv->sel--; break;
	case REQ_MOVE_DOWN: rv->sel++; break;
	case REQ_PAGE_UP: rv->sel -= rv->list_rows; if (rv->sel < 0) rv->sel = 0; break;
	case REQ_PAGE_DOWN: rv->sel += rv->list_rows; break;
	default: return UI_OK;
	}
	if (r == REQ_MOVE_DOWN || r == REQ_PAGE_DOWN) {
		log_more(rv, ui);
		if (rv->sel >= (int)rv->n)
			rv->sel = rv->n ? (int)rv->n - 1 : 0;
	}
	return UI_REDRAW;

set_list:
	rv->list = list;
	rv->view = V_LOG;
	log_load(rv, ui, 0);
	return UI_REDRAW;
}

/* ---- screen_ops ---- */

static void *rv_open(struct ui *ui)
{
	struct rv *rv = xcalloc(1, sizeof *rv);
	struct fd_err err = {0};
	rv->fd = ui->fd;
	rv->allowed = fd_allowed(rv->fd, ACT_REPORT, &err);
	if (!rv->allowed)
		snprintf(rv->refusal, sizeof rv->refusal, "%s", err.msg);
	rv->pk = PK_30;
	rv->by = REPORT_BY_DEPARTMENT;
	rv->sort = REPORT_SORT_TIME;
	for (int i = 0; i < FF_COUNT; i++)
		ui_line_init(&rv->fl[i], 100);
	period_make(rv, ui->now);
	return rv;
}

static void rv_close(void *st)
{
	struct rv *rv = st;
	report_free(&rv->rep);
	report_missed_free(rv->rows, rv->n);
	filters_free(rv);
	dl_clear(rv);
	for (int i = 0; i < FF_COUNT; i++)
		ui_line_free(&rv->fl[i]);
	free(rv);
}

static void rv_draw(void *st, struct ui *ui, WINDOW *w)
{
	struct rv *rv = st;
	if (!rv->allowed) {
		draw_refused(rv, ui, w);
		return;
	}
	draw_top(rv, ui, w);
	if (rv->mode == M_DETAIL)
		draw_detail(rv, w);
	else if (rv->view == V_LOG)
		draw_log(rv, ui, w);
	else
		draw_scrolled(rv, w);
}

static int rv_key(void *st, struct ui *ui, struct ui_event ev)
{
	struct rv *rv = st;
	if (!rv->allowed)
		return UI_OK;
	switch (rv->mode) {
	case M_FILTER: return filter_key(rv, ui, ev);
	case M_DETAIL: return detail_key(rv, ev);
	default: return main_key(rv, ui, ev);
	}
}

static int rv_reload(void *st, struct ui *ui, time_t now)
{
	struct rv *rv = st;
	if (!rv->allowed)
		return UI_REDRAW;
	/* the current period runs until now, and "overdue" grows with time */
	period_make(rv, now);
	figures_load(rv, ui);
	log_load(rv, ui, 1);
	if (rv->mode == M_DETAIL) {
		for (size_t i = 0; i < rv->n; i++)
			if (rv->rows[i].call_id == rv->d_call) {
				int top = rv->dtop;
				detail_load(rv, ui, &rv->rows[i]);
				rv->dtop = top;
				break;
			}
	}
	return UI_REDRAW;
}

static const enum key_context *rv_contexts(void *st)
{
	struct rv *rv = st;
	static const enum key_context main_c[] = {KEYCTX_REVIEW, KEYCTX_LIST, KEYCTX_COUNT};
	static const enum key_context filter_c[] = {KEYCTX_RFILTER, KEYCTX_COUNT};
	static const enum key_context detail_c[] = {KEYCTX_RDETAIL, KEYCTX_LIST, KEYCTX_COUNT};
	switch (rv->mode) {
	case M_FILTER: return filter_c;
	case M_DETAIL: return detail_c;
	default: return main_c;
	}
}

static int rv_typing(void *st)
{
	struct rv *rv = st;
	return rv->mode == M_FILTER;
}

const struct screen_ops review_ops = {
	.name = "review",
	.open = rv_open,
	.close = rv_close,
	.draw = rv_draw,
	.key = rv_key,
	.reload = rv_reload,
	.contexts = rv_contexts,
	.typing = rv_typing,
};
