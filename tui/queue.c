/*
 * The callback queue: open callbacks, overdue first, the selected one in
 * full below, one key per outcome.  Acts on every marked callback, or on
 * the selected one when none is marked.
 *
 * Live: the loop in screen.c calls reload whenever another process wrote
 * the database.  Reload compares the new list with the one on screen; what
 * changed elsewhere (a new callback, a caller calling again, a callback
 * closed or handed on by someone else, the owner's presence) becomes the
 * event line, a mark on the row and a bell.  What this screen did itself
 * is remembered in `quiet` so it does not announce itself.
 *
 * The model is struct qs; draw functions only read it (and the detail of
 * the selected callback, loaded on selection and reload).
 */
#include "tui/queue.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "core/fd.h"
#include "core/i18n.h"
#include "core/phone.h"
#include "core/queue.h"
#include "core/text.h"
#include "core/util.h"
#include "core/when.h"

/* ---- a small set of callback ids ---- */

struct ids {
	long long *v;
	size_t n, cap;
};

static int ids_has(const struct ids *s, long long id)
{
	for (size_t i = 0; i < s->n; i++)
		if (s->v[i] == id)
			return 1;
	return 0;
}

static void ids_add(struct ids *s, long long id)
{
	if (ids_has(s, id))
		return;
	if (s->n == s->cap) {
		s->cap = s->cap ? s->cap * 2 : 8;
		s->v = xrealloc(s->v, s->cap * sizeof *s->v);
	}
	s->v[s->n++] = id;
}

static void ids_del(struct ids *s, long long id)
{
	for (size_t i = 0; i < s->n; i++)
		if (s->v[i] == id) {
			memmove(s->v + i, s->v + i + 1, (s->n - i - 1) * sizeof *s->v);
			s->n--;
			return;
		}
}

static void ids_free(struct ids *s)
{
	free(s->v);
	memset(s, 0, sizeof *s);
}

/* ---- the model ---- */

enum qprompt { QP_NONE, QP_CLOSE, QP_SNOOZE, QP_NOTE, QP_HAND, QP_WHOSE, QP_PRESENCE };
enum qact { A_ATTEMPT, A_DONE, A_CLOSE, A_SNOOZE, A_NOTE, A_HAND };

/* A row of a name picker: login NULL is "your own queue", "*" everyone's. */
struct pick {
	char *login, *label;
};

struct qs {
	struct fd *fd;
	char *login;               /* whose queue: NULL own, "*" everyone's */
	struct staff owner;        /* the person whose queue it is */
	int have_owner;
	struct callback *cbs;
	size_t n;
	int sel, top, list_rows;
	long long sel_id;
	struct ids marked, fresh, quiet;
	int quiet_presence;
	int loaded;                /* later differences are news */
	struct fd_callback_detail det;
	int have_det, dtop, detail_rows;
	char event[700];           /* the latest change made elsewhere */
	time_t event_at;
	int bell;
	/* the prompt at the bottom */
	enum qprompt prompt;
	const char *result;        /* QP_CLOSE: reached, wrong-number, will-call-again */
	struct ids targets;
	struct ui_line input, note;
	int pfocus;                /* presence: 0 until, 1 note */
	const char *pstatus;       /* presence chosen, NULL: choosing */
	char perr[600];
	struct pick *picks;
	size_t n_picks;
	int psel;
};

static const char *dash(const char *s)
{
	return s && *s ? s : NULL;
}

/* Who called, for people: the name, else the number, else "unknown caller". */
static void caller_label(const struct callback *cb, char *out, size_t n)
{
	if (dash(cb->caller_name))
		snprintf(out, n, "%s", cb->caller_name);
	else if (dash(cb->number))
		phone_format(cb->number, out, n);
	else
		snprintf(out, n, "%s", _("unknown caller"));
}

static const struct callback *find_cb(const struct qs *q, long long id)
{
	for (size_t i = 0; i < q->n; i++)
		if (q->cbs[i].id == id)
			return &q->cbs[i];
	return NULL;
}

static const struct callback *selected(const struct qs *q)
{
	if (q->sel < 0 || (size_t)q->sel >= q->n)
		return NULL;
	return &q->cbs[q->sel];
}

/* The login whose presence and name head the screen, NULL for everyone's. */
static const char *owner_login(const struct qs *q)
{
	if (q->login)
		return strcmp(q->login, "*") == 0 ? NULL : q->login;
	return q->fd->has_staff ? q->fd->me.login : NULL;
}

static void picks_free(struct qs *q)
{
	for (size_t i = 0; i < q->n_picks; i++) {
		free(q->picks[i].login);
		free(q->picks[i].label);
	}
	free(q->picks);
	q->picks = NULL;
	q->n_picks = 0;
	q->psel = 0;
}

static void pick_add(struct qs *q, const char *login, const char *label)
{
	q->picks = xrealloc(q->picks, (q->n_picks + 1) * sizeof *q->picks);
	q->picks[q->n_picks].login = login ? xstrdup(login) : NULL;
	q->picks[q->n_picks].label = xstrdup(label);
	q->n_picks++;
}

/* ---- loading, and noticing what others changed ---- */

static void event_add(struct sbuf *ev, int *n, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static void event_add(struct sbuf *ev, int *n, const char *fmt, ...)
{
	char buf[400];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	if ((*n)++)
		sbuf_adds(ev, "; ");
	sbuf_adds(ev, buf);
}

/* The last real try (not a note) on a callback: who and what. */
static int last_try(struct qs *q, long long id, char *who, size_t wn, char *what, size_t an)
{
	struct attempt *as = NULL;
	size_t na = 0;
	struct fd_err err = {0};
	int found = 0;
	if (fd_callback_attempts(q->fd, id, &as, &na, &err) != 0)
		return 0;
	for (size_t i = na; i-- > 0;)
		if (as[i].result && strcmp(as[i].result, "note") != 0) {
			snprintf(who, wn, "%s", as[i].by_login ? as[i].by_login : "?");
			snprintf(what, an, "%s", as[i].result);
			found = 1;
			break;
		}
	db_attempt_free_list(as, na);
	return found;
}

/* A callback that left this queue without this screen doing it. */
static void event_gone(struct qs *q, const struct callback *old, struct sbuf *ev, int *n)
{
	struct callback now = {0};
	struct fd_err err = {0};
	char who[64], what[40], name[200];
	caller_label(old, name, sizeof name);
	if (fd_callback_get(q->fd, old->id, &now, &err) != 0) {
		event_add(ev, n, _("#%lld %s: gone"), old->id, name);
		return;
	}
	if (strcmp(now.status, "open") != 0) {
		if (last_try(q, old->id, who, sizeof who, what, sizeof what))
			event_add(ev, n, _("#%lld %s: %s (%s) by %s"), old->id, name, _(now.status), _(what), who);
		else
			event_add(ev, n, "#%lld %s: %s", old->id, name, _(now.status));
	} else if (now.assignee_id != old->assignee_id) {
		event_add(ev, n, _("#%lld %s: handed to %s"), old->id, name,
		          now.assignee_name ? now.assignee_name : now.assignee_login);
	} else {
		event_add(ev, n, _("#%lld %s: no longer on this queue"), old->id, name);
	}
	db_callback_clear(&now);
}

static void detail_load(struct qs *q, struct ui *ui)
{
	const struct callback *cb = selected(q);
	long long had = q->have_det ? q->det.cb.id : 0;
	if (q->have_det)
		fd_callback_detail_clear(&q->det);
	q->have_det = 0;
	if (!cb)
		return;
	struct fd_err err = {0};
	if (fd_callback_detail(q->fd, cb->id, ui->now, &q->det, &err) != 0) {
		ui_error(ui, "%s", err.msg);
		return;
	}
	q->have_det = 1;
	if (had != cb->id)
		q->dtop = 0;
}

static void owner_load(struct qs *q, struct ui *ui, struct sbuf *ev, int *nev)
{
	const char *login = owner_login(q);
	struct staff s = {0};
	struct fd_err err = {0};
	if (!login) {
		if (q->have_owner)
			db_staff_clear(&q->owner);
		q->have_owner = 0;
		return;
	}
	int r = fd_staff_find(q->fd, login, &s, &err);
	if (r < 0) {
		ui_error(ui, "%s", err.msg);
		return;
	}
	if (r == 0)
		return;
	if (q->have_owner && q->loaded && !q->quiet_presence &&
	    (s.presence_changed != q->owner.presence_changed ||
	     strcmp(s.presence ? s.presence : "", q->owner.presence ? q->owner.presence : "") != 0)) {
		char *p = fd_presence_describe(&s, ui->now);
		char *e = text_escape(p, 0);
		if (q->login)
			event_add(ev, nev, _("presence of %s now: %s"), s.name, e);
		else
			event_add(ev, nev, _("your presence now: %s"), e);
		free(e);
		free(p);
	}
	if (q->have_owner)
		db_staff_clear(&q->owner);
	q->owner = s;
	q->have_owner = 1;
}

/* Read the queue again; announce what changed elsewhere. */
static void q_load(struct qs *q, struct ui *ui)
{
	struct callback *list = NULL;
	size_t n = 0;
	struct fd_err err = {0};
	const char *who = q->login && strcmp(q->login, "*") != 0 ? q->login : NULL;
	int all = q->login && strcmp(q->login, "*") == 0;
	struct sbuf ev = SBUF_INIT;
	int nev = 0;
	char name[200];

	if (fd_queue(q->fd, who, all, 0, ui->now, &list, &n, &err) != 0) {
		ui_error(ui, "%s", err.msg);
		goto owner;
	}
	if (q->loaded) {
		for (size_t i = 0; i < n; i++) {
			const struct callback *c = &list[i], *old = find_cb(q, c->id);
			if (ids_has(&q->quiet, c->id))
				continue;
			caller_label(c, name, sizeof name);
			if (!old) {
				const char *how = c->escalated == ESC_DEPUTY ? _("overdue, for you as deputy") :
				                  c->escalated == ESC_SUPERVISOR ? _("overdue, for supervisors") :
				                  ui->now - c->created > 120 ? _("on this queue now") : _("new");
				event_add(&ev, &nev, "%s: #%lld %s%s%s", how, c->id, name,
				          dash(c->subject) ? " · " : "", dash(c->subject) ? c->subject : "");
				ids_add(&q->fresh, c->id);
			} else if (c->calls > old->calls) {
				event_add(&ev, &nev, _("#%lld %s called again (%d calls)"), c->id, name, c->calls);
				ids_add(&q->fresh, c->id);
			} else if (c->assignee_id != old->assignee_id) {
				event_add(&ev, &nev, _("#%lld %s: handed to %s"), c->id, name,
				          c->assignee_name ? c->assignee_name : c->assignee_login);
				ids_add(&q->fresh, c->id);
			} else if (c->attempts > old->attempts) {
				char by[64], what[40];
				if (last_try(q, c->id, by, sizeof by, what, sizeof what))
					event_add(&ev, &nev, _("#%lld %s: %s, logged by %s"), c->id, name, _(what), by);
				ids_add(&q->fresh, c->id);
			}
		}
		for (size_t i = 0; i < q->n; i++) {
			int still = 0;
			for (size_t j = 0; j < n && !still; j++)
				still = list[j].id == q->cbs[i].id;
			if (!still && !ids_has(&q->quiet, q->cbs[i].id))
				event_gone(q, &q->cbs[i], &ev, &nev);
		}
	}
	db_callback_free_list(q->cbs, q->n);
	q->cbs = list;
	q->n = n;
	/* the selection stays on the same callback */
	q->sel = q->n ? (q->sel < (int)q->n ? q->sel : (int)q->n - 1) : 0;
	for (size_t i = 0; i < n; i++)
		if (list[i].id == q->sel_id)
			q->sel = (int)i;
	q->sel_id = q->n ? q->cbs[q->sel].id : 0;
	for (size_t i = q->marked.n; i-- > 0;)
		if (!find_cb(q, q->marked.v[i]))
			ids_del(&q->marked, q->marked.v[i]);
	for (size_t i = q->fresh.n; i-- > 0;)
		if (!find_cb(q, q->fresh.v[i]))
			ids_del(&q->fresh, q->fresh.v[i]);
owner:
	owner_load(q, ui, &ev, &nev);
	q->quiet.n = 0;
	q->quiet_presence = 0;
	q->loaded = 1;
	if (nev) {
		snprintf(q->event, sizeof q->event, "%s", sbuf_str(&ev));
		q->event_at = ui->now;
		ui_note(ui, "%s", q->event);
		if (q->bell)
			beep();
	}
	free(ev.s);
	detail_load(q, ui);
}

/* ---- acting ---- */

/* What the keys act on: the marked callbacks in queue order, else the
 * selected one.  0 when there is nothing. */
static int targets_take(struct qs *q, struct ui *ui, struct ids *out)
{
	out->n = 0;
	for (size_t i = 0; i < q->n; i++)
		if (ids_has(&q->marked, q->cbs[i].id))
			ids_add(out, q->cbs[i].id);
	if (!out->n && selected(q))
		ids_add(out, selected(q)->id);
	if (!out->n)
		ui_error(ui, "%s", _("no callback to act on: the queue is empty"));
	return (int)out->n;
}

static void target_words(const struct qs *q, const struct ids *t, char *out, size_t n)
{
	if (t->n == 1) {
		const struct callback *cb = find_cb(q, t->v[0]);
		char name[200] = "";
		if (cb)
			caller_label(cb, name, sizeof name);
		else if (q->have_det && q->det.cb.id == t->v[0])
			caller_label(&q->det.cb, name, sizeof name);
		if (*name) {
			char *e = text_escape(name, 0);
			snprintf(out, n, "#%lld %s", t->v[0], e);
			free(e);
		} else {
			snprintf(out, n, "#%lld", t->v[0]);
		}
	} else {
		snprintf(out, n, _("%zu marked callbacks"), t->n);
	}
}

static int act_one(struct qs *q, struct ui *ui, enum qact a, const char *result,
                   const char *text, long long id, struct fd_err *err)
{
	const char *t = text && *text ? text : NULL;
	switch (a) {
	case A_ATTEMPT:
		return fd_callback_attempt(q->fd, id, result, NULL, NULL, ui->now, err);
	case A_DONE:
		return fd_callback_done(q->fd, id, t, ui->now, err);
	case A_CLOSE:
		if (strcmp(result, "wrong-number") == 0)
			return fd_callback_attempt(q->fd, id, "wrong-number", t, NULL, ui->now, err);
		return fd_callback_close(q->fd, id, result, t, ui->now, err);
	case A_SNOOZE:
		return fd_callback_snooze(q->fd, id, text, ui->now, err);
	case A_NOTE:
		return fd_callback_note(q->fd, id, text, ui->now, err);
	case A_HAND:
		return fd_callback_reassign(q->fd, id, text, ui->now, err);
	}
	return -1;
}

static const char *done_words(enum qact a, const char *result)
{
	switch (a) {
	case A_ATTEMPT:
		return strcmp(result, "no-answer") == 0 ? _("no answer logged") :
		       strcmp(result, "busy") == 0 ? _("busy logged") : _("voicemail logged");
	case A_DONE: return _("reached, closed");
	case A_CLOSE:
		return strcmp(result, "wrong-number") == 0 ? _("closed: wrong number") :
		       _("closed: the caller will call again");
	case A_SNOOZE: return _("snoozed");
	case A_NOTE: return _("note added");
	case A_HAND: return _("handed over");
	}
	return _("done");
}

/*
 * Run a on every id in t, each its own transaction.  What succeeded is
 * unmarked and kept quiet; what failed stays in t.  Returns the reaction:
 * UI_RELOAD when anything was written.  *all_ok set when nothing failed.
 */
static int act(struct qs *q, struct ui *ui, enum qact a, const char *result,
               const char *text, struct ids *t, int *all_ok)
{
	struct fd_err first = {0};
	char what[260];
	size_t ok = 0, total = t->n;
	long long last_ok = 0;
	target_words(q, t, what, sizeof what);
	for (size_t i = 0; i < t->n;) {
		struct fd_err err = {0};
		long long id = t->v[i];
		if (act_one(q, ui, a, result, text, id, &err) == 0) {
			ids_add(&q->quiet, id);
			ids_del(&q->marked, id);
			ids_del(&q->fresh, id);
			ids_del(t, id);
			ok++;
			last_ok = id;
			continue;
		}
		if (!first.msg[0])
			first = err;
		i++;
	}
	*all_ok = t->n == 0;
	if (t->n) {
		if (total > 1)
			ui_error(ui, _("%zu of %zu not changed: %s"), t->n, total, first.msg);
		else
			ui_error(ui, "%s", first.msg);
		return ok ? UI_RELOAD : UI_REDRAW;
	}
	char more[160] = "";
	if (a == A_ATTEMPT || a == A_SNOOZE) {
		struct callback cb = {0};
		struct fd_err err = {0};
		if (fd_callback_get(q->fd, last_ok, &cb, &err) == 0) {
			char s[48], r[48];
			when_format_short(cb.due, ui->now, s, sizeof s);
			when_format_relative(cb.due, ui->now, r, sizeof r);
			snprintf(more, sizeof more, _("; next try %s (%s)"), s, r);
			db_callback_clear(&cb);
		}
	} else if (a == A_HAND) {
		char *e = text_escape(text, 0);
		snprintf(more, sizeof more, _(" to %s"), e);
		free(e);
	}
	ui_note(ui, "%s: %s%s", what, done_words(a, result), more);
	return UI_RELOAD;
}

static void prompt_open(struct qs *q, enum qprompt p, const char *result)
{
	q->prompt = p;
	q->result = result;
	ui_line_clear(&q->input);
	ui_line_clear(&q->note);
	q->pfocus = 0;
	q->pstatus = NULL;
	q->perr[0] = 0;
	picks_free(q);
}

static void prompt_close(struct qs *q)
{
	q->prompt = QP_NONE;
	q->targets.n = 0;
	q->perr[0] = 0;
	picks_free(q);
}

/* Fill the picker from what is typed: staff only; for "whose queue" with
 * nothing typed, your own and everyone's. */
static void picks_search(struct qs *q, struct ui *ui)
{
	picks_free(q);
	char *s = ui_line_get(&q->input);
	struct fd_err err = {0};
	if (!*s) {
		if (q->prompt == QP_WHOSE) {
			if (q->fd->has_staff)
				pick_add(q, NULL, _("your own queue"));
			if (fd_allowed(q->fd, ACT_WORK_QUEUE, &err))
				pick_add(q, "*", _("everyone's callbacks"));
		}
		free(s);
		return;
	}
	struct fd_hit *hits = NULL;
	size_t n = 0;
	if (fd_search(q->fd, s, 30, ui->now, &hits, &n, &err) != 0) {
		snprintf(q->perr, sizeof q->perr, "%s", err.msg);
	} else {
		for (size_t i = 0; i < n; i++) {
			if (!hits[i].is_staff)
				continue;
			const struct staff *st = &hits[i].staff;
			char *p = fd_presence_describe(st, ui->now);
			struct sbuf b = SBUF_INIT;
			sbuf_addf(&b, "%s (%s)", st->name, st->login);
			if (dash(st->department))
				sbuf_addf(&b, " · %s", st->department);
			sbuf_addf(&b, " · %s", p);
			pick_add(q, st->login, sbuf_str(&b));
			free(b.s);
			free(p);
		}
		q->perr[0] = 0;
	}
	fd_hits_free(hits, n);
	free(s);
}

static void select_row(struct qs *q, struct ui *ui, int sel)
{
	if (sel >= (int)q->n)
		sel = (int)q->n - 1;
	if (sel < 0)
		sel = 0;
	q->sel = sel;
	if (q->n) {
		q->sel_id = q->cbs[sel].id;
		ids_del(&q->fresh, q->sel_id); /* seen */
	}
	detail_load(q, ui);
}

/* ---- the terminal clipboard ---- */

/* OSC 52: most terminals (and tmux with set-clipboard on) put the text on
 * the clipboard; the others ignore it silently. */
static void osc52_copy(const char *text)
{
	static const char b64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	const unsigned char *p = (const unsigned char *)text;
	size_t n = strlen(text);
	struct sbuf b = SBUF_INIT;
	sbuf_adds(&b, "\033]52;c;");
	for (size_t i = 0; i < n; i += 3) {
		unsigned v = (unsigned)p[i] << 16 | (i + 1 < n ? (unsigned)p[i + 1] << 8 : 0) |
		             (i + 2 < n ? p[i + 2] : 0);
		sbuf_addc(&b, b64[v >> 18 & 63]);
		sbuf_addc(&b, b64[v >> 12 & 63]);
		sbuf_addc(&b, i + 1 < n ? b64[v >> 6 & 63] : '=');
		sbuf_addc(&b, i + 2 < n ? b64[v & 63] : '=');
	}
	sbuf_addc(&b, '\a');
	fputs(sbuf_str(&b), stdout);
	fflush(stdout);
	free(b.s);
}

/* ---- keys ---- */

static int presence_save(struct qs *q, struct ui *ui, const char *status)
{
	const char *login = owner_login(q);
	char *u = ui_line_get(&q->input), *n = ui_line_get(&q->note);
	struct fd_err err = {0};
	int ret = UI_REDRAW;
	if (fd_presence_set(q->fd, login, status, *u ? u : NULL, *n ? n : NULL, ui->now, &err) != 0) {
		snprintf(q->perr, sizeof q->perr, "%s", err.msg);
		ui_error(ui, _("not saved: %s"), err.msg);
		q->pstatus = status; /* the fields stay, with what was typed */
	} else {
		ui_note(ui, _("%s now %s"), q->have_owner && q->owner.name ? q->owner.name : login, _(status));
		q->quiet_presence = 1;
		prompt_close(q);
		ret = UI_RELOAD;
	}
	free(u);
	free(n);
	return ret;
}

static int presence_key(struct qs *q, struct ui *ui, struct ui_event ev)
{
	if (q->pstatus) {
		struct ui_line *l = q->pfocus ? &q->note : &q->input;
		if (!ev.fn && ev.ch >= 32 && ev.ch != 127) {
			ui_line_key(l, ev);
			return UI_REDRAW;
		}
		switch (ui_key_request(KEYCTX_QPROMPT, ev)) {
		case REQ_QP_OK: return presence_save(q, ui, q->pstatus);
		case REQ_QP_CANCEL: prompt_close(q); return UI_REDRAW;
		case REQ_QP_NEXT: q->pfocus = !q->pfocus; return UI_REDRAW;
		default: ui_line_key(l, ev); return UI_REDRAW;
		}
	}
	const char *status = NULL;
	switch (ui_key_request(KEYCTX_QPRESENCE, ev)) {
	case REQ_QPR_IN: status = "in"; break;
	case REQ_QPR_OUT: status = "out"; break;
	case REQ_QPR_MEETING: status = "meeting"; break;
	case REQ_QPR_LUNCH: status = "lunch"; break;
	case REQ_QPR_VACATION: status = "vacation"; break;
	case REQ_QPR_SICK: status = "sick"; break;
	case REQ_QPR_CANCEL: prompt_close(q); return UI_REDRAW;
	default: return UI_OK;
	}
	if (strcmp(status, "in") == 0)
		return presence_save(q, ui, status);
	q->pstatus = status;
	q->pfocus = 0;
	return UI_REDRAW;
}

static int whose_pick(struct qs *q, struct ui *ui)
{
	if (!q->n_picks) {
		snprintf(q->perr, sizeof q->perr, "%s", _("nobody found; type a few letters of a name"));
		return UI_REDRAW;
	}
	const struct pick *p = &q->picks[q->psel];
	char *login = p->login ? xstrdup(p->login) : NULL;
	struct callback *list = NULL;
	size_t n = 0;
	struct fd_err err = {0};
	/* try first: a refused queue leaves the screen as it was */
	int all = login && strcmp(login, "*") == 0;
	if (fd_queue(q->fd, all ? NULL : login, all, 0, ui->now, &list, &n, &err) != 0) {
		snprintf(q->perr, sizeof q->perr, "%s", err.msg);
		ui_error(ui, "%s", err.msg);
		free(login);
		return UI_REDRAW;
	}
	db_callback_free_list(list, n);
	free(q->login);
	q->login = login && q->fd->has_staff && strcmp(login, q->fd->me.login) == 0 ? NULL : login;
	if (q->login != login)
		free(login);
	q->loaded = 0;
	q->sel = q->top = 0;
	q->sel_id = 0;
	q->marked.n = q->fresh.n = 0;
	q->event[0] = 0;
	prompt_close(q);
	q_load(q, ui);
	ui_note(ui, _("showing %s"), !q->login ? _("your own queue") : all ? _("everyone's callbacks") :
	        q->have_owner && q->owner.name ? q->owner.name : q->login);
	return UI_REDRAW;
}

static int prompt_ok(struct qs *q, struct ui *ui)
{
	char *text = ui_line_get(&q->input);
	int ok = 0, ret = UI_REDRAW;
	q->perr[0] = 0;
	switch (q->prompt) {
	case QP_CLOSE:
		ret = act(q, ui, strcmp(q->result, "reached") == 0 ? A_DONE : A_CLOSE, q->result,
		          text, &q->targets, &ok);
		break;
	case QP_SNOOZE:
		ret = act(q, ui, A_SNOOZE, NULL, text, &q->targets, &ok);
		break;
	case QP_NOTE:
		ret = act(q, ui, A_NOTE, NULL, text, &q->targets, &ok);
		break;
	case QP_HAND:
		if (!q->n_picks) {
			snprintf(q->perr, sizeof q->perr, "%s", _("nobody found; type a few letters of a colleague's name"));
			break;
		}
		ret = act(q, ui, A_HAND, NULL, q->picks[q->psel].login, &q->targets, &ok);
		break;
	case QP_WHOSE:
		ret = whose_pick(q, ui);
		break;
	default:
		break;
	}
	if (q->prompt != QP_WHOSE) {
		if (ok)
			prompt_close(q);
		else if (!q->perr[0])
			snprintf(q->perr, sizeof q->perr, "%s", ui->err);
	}
	free(text);
	return ret;
}

static int prompt_key(struct qs *q, struct ui *ui, struct ui_event ev)
{
	if (q->prompt == QP_PRESENCE)
		return presence_key(q, ui, ev);
	int picker = q->prompt == QP_HAND || q->prompt == QP_WHOSE;
	if (!ev.fn && ev.ch >= 32 && ev.ch != 127) {
		if (ui_line_key(&q->input, ev) == 2) {
			q->perr[0] = 0; /* the reason was for the text before */
			if (picker)
				picks_search(q, ui);
		}
		return UI_REDRAW;
	}
	switch (ui_key_request(KEYCTX_QPROMPT, ev)) {
	case REQ_QP_OK:
		return prompt_ok(q, ui);
	case REQ_QP_CANCEL:
		prompt_close(q);
		ui_note(ui, "%s", _("cancelled; nothing was written"));
		return UI_REDRAW;
	default:
		break;
	}
	if (picker) {
		switch (ui_key_request(KEYCTX_LIST, ev)) {
		case REQ_MOVE_UP: if (q->psel > 0) q->psel--; return UI_REDRAW;
		case REQ_MOVE_DOWN: if (q->psel + 1 < (int)q->n_picks) q->psel++; return UI_REDRAW;
		default: break;
		}
	}
	if (ui_line_key(&q->input, ev) == 2) {
		q->perr[0] = 0;
		if (picker)
			picks_search(q, ui);
	}
	return UI_REDRAW;
}

static int main_key(struct qs *q, struct ui *ui, struct ui_event ev)
{
	enum request r = ui_key_request(KEYCTX_QUEUE, ev);
	const struct callback *cb = selected(q);
	struct fd_err err = {0};
	int ok;
	switch (r) {
	case REQ_Q_REACHED: case REQ_Q_WRONG: case REQ_Q_AGAIN:
		if (!targets_take(q, ui, &q->targets))
			return UI_REDRAW;
		prompt_open(q, QP_CLOSE, r == REQ_Q_REACHED ? "reached" :
		            r == REQ_Q_WRONG ? "wrong-number" : "will-call-again");
		return UI_REDRAW;
	case REQ_Q_NO_ANSWER: case REQ_Q_BUSY: case REQ_Q_VOICEMAIL: {
		struct ids t = {0};
		int ret = UI_REDRAW;
		if (targets_take(q, ui, &t))
			ret = act(q, ui, A_ATTEMPT, r == REQ_Q_NO_ANSWER ? "no-answer" :
			          r == REQ_Q_BUSY ? "busy" : "voicemail", NULL, &t, &ok);
		ids_free(&t);
		return ret;
	}
	case REQ_Q_SNOOZE: case REQ_Q_NOTE: case REQ_Q_HAND:
		if (!targets_take(q, ui, &q->targets))
			return UI_REDRAW;
		prompt_open(q, r == REQ_Q_SNOOZE ? QP_SNOOZE : r == REQ_Q_NOTE ? QP_NOTE : QP_HAND, NULL);
		return UI_REDRAW;
	case REQ_Q_MARK:
		if (!cb)
			return UI_REDRAW;
		if (ids_has(&q->marked, cb->id))
			ids_del(&q->marked, cb->id);
		else
			ids_add(&q->marked, cb->id);
		select_row(q, ui, q->sel + 1);
		return UI_REDRAW;
	case REQ_Q_UNMARK:
		q->marked.n = 0;
		return UI_REDRAW;
	case REQ_Q_COPY: {
		if (!cb || !dash(cb->number)) {
			ui_error(ui, "%s", _("no number to copy"));
			return UI_REDRAW;
		}
		char num[48];
		phone_format(cb->number, num, sizeof num);
		osc52_copy(cb->number);
		ui_note(ui, _("copied %s (%s): paste it where you dial; terminals without OSC 52 copy nothing"),
		        cb->number, num);
		return UI_REDRAW;
	}
	case REQ_Q_DIAL: {
		if (!cb) {
			ui_error(ui, "%s", _("no callback to dial"));
			return UI_REDRAW;
		}
		char num[32], shown[48];
		if (fd_dial(q->fd, cb->id, ui->now, num, &err) != 0) {
			ui_error(ui, "%s", err.msg);
			return UI_REDRAW;
		}
		phone_format(num, shown, sizeof shown);
		ui_note(ui, _("dialling %s for #%lld; then r, n, b or v"), shown, cb->id);
		return UI_REDRAW;
	}
	case REQ_Q_PRESENCE:
		if (!owner_login(q)) {
			ui_error(ui, "%s", _("whose presence? open a person's queue first (o)"));
			return UI_REDRAW;
		}
		prompt_open(q, QP_PRESENCE, NULL);
		return UI_REDRAW;
	case REQ_Q_WHOSE:
		if (!fd_allowed(q->fd, ACT_WORK_QUEUE, &err)) {
			ui_error(ui, _("only your own queue: %s"), err.msg);
			return UI_REDRAW;
		}
		prompt_open(q, QP_WHOSE, NULL);
		picks_search(q, ui);
		return UI_REDRAW;
	case REQ_Q_DETAIL_DOWN:
		q->dtop += q->detail_rows > 2 ? q->detail_rows / 2 : 1;
		return UI_REDRAW;
	case REQ_Q_DETAIL_UP:
		q->dtop -= q->detail_rows > 2 ? q->detail_rows / 2 : 1;
		if (q->dtop < 0)
			q->dtop = 0;
		return UI_REDRAW;
	default:
		break;
	}
	switch (ui_key_request(KEYCTX_LIST, ev)) {
	case REQ_MOVE_UP: select_row(q, ui, q->sel - 1); break;
	case REQ_MOVE_DOWN: select_row(q, ui, q->sel + 1); break;
	case REQ_PAGE_UP: select_row(q, ui, q->sel - (q->list_rows > 1 ? q->list_rows : 1)); break;
	case REQ_PAGE_DOWN: select_row(q, ui, q->sel + (q->list_rows > 1 ? q->list_rows : 1)); break;
	default: return UI_OK;
	}
	return UI_REDRAW;
}

/* ---- drawing ---- */

static void draw_title(struct qs *q, struct ui *ui, WINDOW *w)
{
	struct sbuf b = SBUF_INIT;
	size_t overdue = 0;
	for (size_t i = 0; i < q->n; i++)
		overdue += q->cbs[i].due < ui->now;
	if (!owner_login(q))
		sbuf_adds(&b, _("frontdesk · everyone's callbacks"));
	else if (!q->login)
		sbuf_adds(&b, _("frontdesk · your callbacks"));
	else
		sbuf_addf(&b, _("frontdesk · callbacks of %s"),
		          q->have_owner && q->owner.name ? q->owner.name : q->login);
	sbuf_addf(&b, _(" (%zu open, %zu overdue)"), q->n, overdue);
	ui_title_bar(w, ui->now, sbuf_str(&b), 1);
	free(b.s);
}

/* Column widths for the list; 0 leaves a column out (narrow terminals). */
struct qcols {
	int caller, company, number, subject, called, due, tries;
};

/* due: the width of the due column (wider in languages with longer words) */
static void columns(int cols, int due, struct qcols *c)
{
	c->tries = 3;
	c->due = due > 15 ? due : 15;
	c->called = cols >= 64 ? 13 : 0;
	c->number = cols >= 76 ? 15 : 0;
	c->company = cols >= 92 ? 12 : 0;
	c->caller = cols >= 120 ? 22 : cols >= 92 ? 16 : 14;
	int used = 4 + c->caller + 1 + (c->company ? c->company + 1 : 0) +
	           (c->number ? c->number + 1 : 0) + (c->called ? c->called + 1 : 0) +
	           c->due + 1 + c->tries;
	c->subject = cols - used - 1;
	/* a wide due column: the subject matters more than "called" */
	if (c->subject < 10 && c->due > 15 && c->called) {
		c->subject += c->called + 1;
		c->called = 0;
	}
	if (c->subject < 4)
		c->subject = 0;
	else
		c->subject = c->subject > 60 ? 60 : c->subject;
}

static void draw_header(WINDOW *w, int y, const struct qcols *c)
{
	int x = 4;
	wattron(w, ui_style(UI_HEADER));
	ui_label(w, y, x, c->caller, _("Caller"));
	x += c->caller + 1;
	if (c->company) { ui_label(w, y, x, c->company, _("Company")); x += c->company + 1; }
	if (c->number) { ui_label(w, y, x, c->number, _("Number")); x += c->number + 1; }
	if (c->subject) { ui_label(w, y, x, c->subject, _("Subject")); x += c->subject + 1; }
	if (c->called) { ui_label(w, y, x, c->called, _("Called")); x += c->called + 1; }
	ui_label(w, y, x, c->due, _("Due"));
	x += c->due + 1;
	/* TRANSLATORS: the column of attempts, three columns wide */
	ui_label(w, y, x, c->tries, _("Try"));
	wattroff(w, ui_style(UI_HEADER));
}

static void draw_row(struct qs *q, struct ui *ui, WINDOW *w, int y, size_t i,
                     const struct qcols *c)
{
	const struct callback *cb = &q->cbs[i];
	int cols = getmaxx(w), sel = (int)i == q->sel;
	int overdue = cb->due < ui->now;
	char buf[200];
	if (sel)
		wattron(w, ui_style(UI_SELECTED));
	ui_blank(w, y, 0, cols);
	ui_label(w, y, 0, 1, sel ? "▶" : " ");
	if (ids_has(&q->marked, cb->id))
		ui_label(w, y, 1, 1, "✓");
	if (ids_has(&q->fresh, cb->id)) {
		if (!sel)
			wattron(w, ui_style(UI_WARN));
		ui_label(w, y, 2, 1, "●");
		if (!sel)
			wattroff(w, ui_style(UI_WARN));
	}
	int x = 4;
	caller_label(cb, buf, sizeof buf);
	ui_put_pad(w, y, x, c->caller, buf);
	x += c->caller + 1;
	if (c->company) {
		ui_put_pad(w, y, x, c->company, cb->caller_company ? cb->caller_company : "");
		x += c->company + 1;
	}
	if (c->number) {
		buf[0] = 0;
		if (dash(cb->number))
			phone_format(cb->number, buf, sizeof buf);
		ui_put_pad(w, y, x, c->number, buf);
		x += c->number + 1;
	}
	if (c->subject) {
		struct sbuf s = SBUF_INIT;
		if (cb->priority)
			sbuf_adds(&s, "! ");
		if (cb->escalated != ESC_OWN)
			sbuf_addf(&s, "(%s's) ", cb->assignee_login ? cb->assignee_login : "?");
		sbuf_adds(&s, cb->subject ? cb->subject : "");
		ui_put_pad(w, y, x, c->subject, sbuf_str(&s));
		free(s.s);
		x += c->subject + 1;
	}
	if (c->called) {
		char ago[48];
		when_format_ago(cb->last_call ? cb->last_call : cb->created, ui->now, ago, sizeof ago);
		if (cb->calls > 1)
			snprintf(buf, sizeof buf, "%s ×%d", ago, cb->calls);
		else
			snprintf(buf, sizeof buf, "%s", ago);
		ui_label(w, y, x, c->called, buf);
		x += c->called + 1;
	}
	when_format_relative(cb->due, ui->now, buf, sizeof buf);
	if (overdue && !sel)
		wattron(w, ui_style(UI_ERROR));
	ui_label(w, y, x, c->due, buf);
	if (overdue && !sel)
		wattroff(w, ui_style(UI_ERROR));
	x += c->due + 1;
	snprintf(buf, sizeof buf, "%d", cb->attempts);
	ui_label(w, y, x, c->tries, buf);
	if (sel)
		wattroff(w, ui_style(UI_SELECTED));
}

/* The detail pane as lines of already-escaped text, built from q->det. */
struct dline {
	int style;
	char *text;
};
struct dlines {
	struct dline *v;
	size_t n;
};

static void dl_add(struct dlines *d, int style, char *text_owned)
{
	d->v = xrealloc(d->v, (d->n + 1) * sizeof *d->v);
	d->v[d->n].style = style;
	d->v[d->n].text = text_owned;
	d->n++;
}

static void dl_free(struct dlines *d)
{
	for (size_t i = 0; i < d->n; i++)
		free(d->v[i].text);
	free(d->v);
	memset(d, 0, sizeof *d);
}

/* Bytes of s that fit in width columns; *brk the last break at a space. */
static size_t fit(const char *s, int width, size_t *brk)
{
	mbstate_t st;
	size_t i = 0, len = strlen(s);
	int cols = 0;
	memset(&st, 0, sizeof st);
	*brk = 0;
	while (i < len) {
		wchar_t wc;
		size_t k = mbrtowc(&wc, s + i, len - i, &st);
		if (k == (size_t)-1 || k == (size_t)-2 || k == 0) {
			memset(&st, 0, sizeof st);
			k = 1;
			wc = '?';
		}
		int cw = wcwidth(wc);
		if (cw < 0)
			cw = 1;
		if (cols + cw > width)
			break;
		if (wc == ' ')
			*brk = i;
		cols += cw;
		i += k;
	}
	return i;
}

/* label, then stored text wrapped at width, the next lines indented. */
static void dl_wrapped(struct dlines *d, int style, const char *label, const char *stored, int width)
{
	char *e = text_escape(stored, 1);
	int lw = ui_width(label);
	int first = 1;
	if (width - lw < 10)
		lw = 0;
	for (char *para = e, *next; para; para = next) {
		next = strchr(para, '\n');
		if (next)
			*next++ = 0;
		const char *s = para;
		do {
			size_t brk, n = fit(s, width - lw, &brk);
			if (s[n] && brk > 0)
				n = brk;
			if (n == 0 && *s)
				n = 1;
			struct sbuf b = SBUF_INIT;
			if (first)
				sbuf_adds(&b, label);
			else
				sbuf_addf(&b, "%*s", lw, "");
			sbuf_add(&b, s, n);
			dl_add(d, style, sbuf_detach(&b));
			first = 0;
			s += n;
			while (*s == ' ')
				s++;
		} while (*s);
	}
	free(e);
}

static void dl_line(struct dlines *d, int style, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static void dl_line(struct dlines *d, int style, const char *fmt, ...)
{
	struct sbuf b = SBUF_INIT;
	char buf[1200];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	sbuf_adds(&b, buf);
	char *e = text_escape(sbuf_str(&b), 0);
	free(b.s);
	dl_add(d, style, e);
}

static void detail_lines(struct qs *q, struct ui *ui, int width, struct dlines *d)
{
	const struct fd_callback_detail *det = &q->det;
	const struct callback *cb = &det->cb;
	char name[200], num[48] = "", t[48], r[48];
	caller_label(cb, name, sizeof name);
	if (dash(cb->number))
		phone_format(cb->number, num, sizeof num);
	struct sbuf b = SBUF_INIT;
	sbuf_addf(&b, "#%lld %s", cb->id, name);
	if (dash(cb->caller_company))
		sbuf_addf(&b, " · %s", cb->caller_company);
	if (*num && strcmp(num, name) != 0)
		sbuf_addf(&b, " · %s", num);
	if (cb->priority)
		sbuf_adds(&b, _(" · urgent"));
	sbuf_addf(&b, _(" · for %s"), cb->assignee_name ? cb->assignee_name : cb->assignee_login);
	dl_line(d, UI_HEADER, "%s", sbuf_str(&b));
	sbuf_reset(&b);
	when_format_short(cb->due, ui->now, t, sizeof t);
	when_format_relative(cb->due, ui->now, r, sizeof r);
	char made[48];
	when_format_short(cb->created, ui->now, made, sizeof made);
	sbuf_addf(&b, _("Due %s (%s) · taken %s"), t, r, made);
	sbuf_addf(&b, ngettext(" · %d call", " · %d calls", cb->calls), cb->calls);
	sbuf_addf(&b, ngettext(" · %d attempt", " · %d attempts", cb->attempts), cb->attempts);
	sbuf_adds(&b, cb->escalated == ESC_DEPUTY ? _(" · yours as deputy") :
	          cb->escalated == ESC_SUPERVISOR ? _(" · escalated to supervisors") : "");
	dl_line(d, cb->due < ui->now ? UI_ERROR : UI_NORMAL, "%s", sbuf_str(&b));
	sbuf_reset(&b);
	if (dash(cb->subject))
		dl_wrapped(d, UI_NORMAL, _("Subject  "), cb->subject, width);
	if (dash(cb->message))
		dl_wrapped(d, UI_NORMAL, _("Message  "), cb->message, width);
	if (det->have_contact && (dash(det->contact.email) || dash(det->contact.note))) {
		sbuf_addf(&b, "%s%s%s", det->contact.email ? det->contact.email : "",
		          dash(det->contact.email) && dash(det->contact.note) ? " · " : "",
		          det->contact.note ? det->contact.note : "");
		dl_wrapped(d, UI_DIM, _("Contact  "), sbuf_str(&b), width);
		sbuf_reset(&b);
	}
	dl_line(d, UI_HEADER, _("Calls from this caller (%zu%s)"), det->n_calls,
	        det->calls_limited ? _(", yours only") : "");
	for (size_t i = 0; i < det->n_calls; i++) {
		const struct call *c = &det->calls[i];
		when_format_short(c->at, ui->now, t, sizeof t);
		sbuf_addf(&b, _("  %-16s %-10s for %s"), t, _(c->outcome),
		          c->wanted_name ? c->wanted_name : c->wanted_login ? c->wanted_login : _("anyone"));
		if (c->taken_login)
			sbuf_addf(&b, _(", taken by %s"), c->taken_login);
		if (dash(c->subject))
			sbuf_addf(&b, ": %s", c->subject);
		if (dash(c->message))
			sbuf_addf(&b, " — %s", c->message);
		if (c->callback_id == cb->id)
			sbuf_adds(&b, _(" [this callback]"));
		dl_line(d, UI_NORMAL, "%s", sbuf_str(&b));
		sbuf_reset(&b);
	}
	dl_line(d, UI_HEADER, _("Attempts (%zu)"), det->n_attempts);
	if (!det->n_attempts)
		dl_line(d, UI_DIM, "%s", _("  none yet"));
	for (size_t i = 0; i < det->n_attempts; i++) {
		const struct attempt *a = &det->attempts[i];
		when_format_short(a->at, ui->now, t, sizeof t);
		sbuf_addf(&b, "  %-16s %-10s %-12s", t, a->by_login ? a->by_login : "?",
		          a->result ? _(a->result) : "");
		if (dash(a->note))
			sbuf_addf(&b, " %s", strcmp(a->note, "snoozed") ? a->note : _("snoozed"));
		dl_wrapped(d, UI_NORMAL, "", sbuf_str(&b), width);
		sbuf_reset(&b);
	}
	free(b.s);
}

/* Rows the prompt takes at the bottom (above the hint line). */
static int prompt_rows(const struct qs *q, int avail)
{
	switch (q->prompt) {
	case QP_NONE: return 0;
	case QP_HAND: case QP_WHOSE: {
		int n = q->n_picks > 5 ? 5 : (int)q->n_picks;
		int r = 3 + (n ? n : 1);
		return r > avail ? avail : r;
	}
	default: return 3;
	}
}

static void draw_prompt(struct qs *q, struct ui *ui, WINDOW *w, int y, int h)
{
	int cols = getmaxx(w);
	char what[300], title[500];
	for (int i = 0; i < h; i++)
		ui_blank(w, y + i, 0, cols);
	wattron(w, ui_style(UI_HEADER));
	mvwhline(w, y, 0, ACS_HLINE, cols);
	wattroff(w, ui_style(UI_HEADER));
	target_words(q, &q->targets, what, sizeof what);
	const char *label = "";
	switch (q->prompt) {
	case QP_CLOSE:
		snprintf(title, sizeof title, " %s · %s ", strcmp(q->result, "reached") == 0 ? _("reached") :
		         strcmp(q->result, "wrong-number") == 0 ? _("wrong number") : _("will call again"), what);
		label = _("note (optional, Enter closes):");
		break;
	case QP_SNOOZE:
		snprintf(title, sizeof title, _(" snooze · %s "), what);
		label = _("until:");
		break;
	case QP_NOTE:
		snprintf(title, sizeof title, _(" note · %s "), what);
		label = _("note:");
		break;
	case QP_HAND:
		snprintf(title, sizeof title, _(" hand to a colleague · %s "), what);
		label = _("name:");
		break;
	case QP_WHOSE:
		snprintf(title, sizeof title, "%s", _(" whose queue? "));
		label = _("name:");
		break;
	case QP_PRESENCE:
		snprintf(title, sizeof title, _(" presence of %s "),
		         q->have_owner && q->owner.name ? q->owner.name : owner_login(q));
		break;
	default:
		title[0] = 0;
	}
	wattron(w, ui_style(UI_HEADER));
	ui_put(w, y, 2, cols - 4, title);
	wattroff(w, ui_style(UI_HEADER));
	int ly = y + 1;
	if (q->prompt == QP_PRESENCE) {
		if (!q->pstatus) {
			ui_label(w, ly, 1, cols - 2, _("i in · o out · m meeting · l lunch · v vacation · s sick · Esc cancel"));
		} else {
			char line[64];
			snprintf(line, sizeof line, "%s ", _(q->pstatus));
			int x = 1 + ui_label(w, ly, 1, cols - 2, line);
			x = ui_field(ui, w, ly, x, _("until"), 0, &q->input, 16, q->pfocus == 0);
			if (cols - x - 8 > 4)
				ui_field(ui, w, ly, x + 2, _("note"), 0, &q->note, cols - x - 8 > 30 ? 30 : cols - x - 8,
				      q->pfocus == 1);
		}
	} else {
		ui_field(ui, w, ly, 1, label, 0, &q->input, cols - ui_width(label) - 4, 1);
	}
	int ey = ly + 1;
	if (q->prompt == QP_HAND || q->prompt == QP_WHOSE) {
		int n = h - 3;
		if (!q->n_picks) {
			wattron(w, ui_style(UI_DIM));
			ui_label(w, ey, 3, cols - 4, ui_line_empty(&q->input) ? _("type a few letters of a name") :
			         _("nobody found; fewer letters, or the extension"));
			wattroff(w, ui_style(UI_DIM));
		}
		int top = q->psel >= n ? q->psel - n + 1 : 0;
		for (int i = 0; i < n && (size_t)(top + i) < q->n_picks; i++) {
			int s = top + i == q->psel;
			if (s)
				wattron(w, ui_style(UI_SELECTED));
			ui_blank(w, ey + i, 0, cols);
			ui_label(w, ey + i, 1, 2, s ? "▶" : " ");
			ui_put(w, ey + i, 3, cols - 4, q->picks[top + i].label);
			if (s)
				wattroff(w, ui_style(UI_SELECTED));
		}
		ey += n > 0 ? n : 0;
	} else if (q->prompt == QP_SNOOZE && !ui_line_empty(&q->input) && !q->perr[0]) {
		char *s = ui_line_get(&q->input), line[160];
		time_t t;
		const char *why;
		if (when_parse_future(s, ui->now, &t, &why) == 0) {
			char a[48], r[48];
			when_format_short(t, ui->now, a, sizeof a);
			when_format_relative(t, ui->now, r, sizeof r);
			snprintf(line, sizeof line, "→ %s (%s)", a, r);
			ui_label(w, ey, 3, cols - 4, line);
		} else {
			wattron(w, ui_style(UI_DIM));
			ui_put(w, ey, 3, cols - 4, why);
			wattroff(w, ui_style(UI_DIM));
		}
		free(s);
	}
	if (q->perr[0] && ey < y + h) {
		wattron(w, ui_style(UI_ERROR));
		ui_put(w, y + h - 1, 1, cols - 2, q->perr);
		wattroff(w, ui_style(UI_ERROR));
	}
}

static void q_draw(void *st, struct ui *ui, WINDOW *w)
{
	struct qs *q = st;
	int rows = getmaxy(w), cols = getmaxx(w);
	int roomy = rows >= 14;
	draw_title(q, ui, w);
	int y = 1;
	if (roomy) {
		if (q->have_owner) {
			char *p = fd_presence_describe(&q->owner, ui->now);
			int present = fd_staff_present(&q->owner, ui->now);
			struct sbuf b = SBUF_INIT;
			sbuf_addf(&b, "%s: %s", q->owner.name, p);
			if (!present)
				wattron(w, ui_style(UI_WARN));
			int x = 1 + ui_put(w, y, 1, cols - 2, sbuf_str(&b));
			if (!present)
				wattroff(w, ui_style(UI_WARN));
			wattron(w, ui_style(UI_DIM));
			ui_label(w, y, x, cols - x - 1, _("  (p: presence)"));
			wattroff(w, ui_style(UI_DIM));
			free(b.s);
			free(p);
		}
		y++;
	}
	if (q->event[0] && (roomy || rows >= 11)) {
		char t[16], line[800];
		strftime(t, sizeof t, "%H:%M", localtime(&q->event_at));
		snprintf(line, sizeof line, "● %s %s", t, q->event);
		wattron(w, ui_style(UI_WARN));
		ui_put(w, y, 1, cols - 2, line);
		wattroff(w, ui_style(UI_WARN));
		y++;
	} else if (roomy) {
		y++;
	}
	struct qcols c;
	char longest[48];
	when_format_relative(ui->now - 3599, ui->now, longest, sizeof longest);
	columns(cols, ui_width(longest) + 1, &c);
	draw_header(w, y++, &c);
	int bottom = rows - 1; /* the hint line */
	int ph = prompt_rows(q, bottom - y - 1);
	int avail = bottom - ph - y;
	if (avail < 1)
		avail = 1;
	int want = q->n ? (int)q->n : 1;
	int list_rows = want < avail / 2 ? want : avail / 2;
	if (list_rows < 1)
		list_rows = 1;
	if (list_rows < 3 && want >= 3 && avail >= 4)
		list_rows = 3 > avail - 1 ? avail - 1 : 3;
	q->list_rows = list_rows;
	if (q->sel < q->top)
		q->top = q->sel;
	if (q->sel >= q->top + list_rows)
		q->top = q->sel - list_rows + 1;
	if (q->top > 0 && q->top + list_rows > (int)q->n)
		q->top = (int)q->n - list_rows > 0 ? (int)q->n - list_rows : 0;
	if (!q->n) {
		wattron(w, ui_style(UI_DIM));
		ui_label(w, y, 4, cols - 5, _("no open callbacks; new ones show here by themselves"));
		wattroff(w, ui_style(UI_DIM));
	}
	for (int i = 0; i < list_rows && (size_t)(q->top + i) < q->n; i++)
		draw_row(q, ui, w, y + i, (size_t)(q->top + i), &c);
	y += list_rows;
	/* details of the selected callback */
	int dy = y + 1, drows = bottom - ph - dy;
	if (q->have_det && y < bottom - ph) {
		wattron(w, ui_style(UI_DIM));
		mvwhline(w, y, 0, ACS_HLINE, cols);
		wattroff(w, ui_style(UI_DIM));
		if (drows > 0) {
			struct dlines d = {0};
			detail_lines(q, ui, cols - 2, &d);
			if (q->dtop > (int)d.n - drows)
				q->dtop = (int)d.n - drows > 0 ? (int)d.n - drows : 0;
			for (int i = 0; i < drows && (size_t)(q->dtop + i) < d.n; i++) {
				const struct dline *l = &d.v[q->dtop + i];
				wattron(w, ui_style(l->style));
				ui_put(w, dy + i, 1, cols - 2, l->text);
				wattroff(w, ui_style(l->style));
			}
			if ((size_t)(q->dtop + drows) < d.n) {
				wattron(w, ui_style(UI_KEY));
				ui_label(w, y, cols - 16, 15, _(" ] more below "));
				wattroff(w, ui_style(UI_KEY));
			}
			dl_free(&d);
		}
	}
	q->detail_rows = drows > 0 ? drows : 0;
	if (ph)
		draw_prompt(q, ui, w, bottom - ph, ph);
	if (q->prompt == QP_NONE) {
		static const char *const hints[] = {
			"r", N_("reached"), "n b v", N_("no answer/busy/voicemail"), "h", N_("hand over"),
			"s", N_("snooze"), "Space", N_("mark"), "p", N_("presence"), "?", N_("help"), NULL,
		};
		ui_hints(w, bottom, hints);
	} else {
		static const char *const hints[] = {"Enter", N_("do it"), "Esc", N_("cancel"), "F1", N_("help"), NULL};
		ui_hints(w, bottom, hints);
	}
}

/* ---- screen_ops ---- */

static void *q_open(struct ui *ui)
{
	struct qs *q = xcalloc(1, sizeof *q);
	q->fd = ui->fd;
	ui_line_init(&q->input, 500);
	ui_line_init(&q->note, 200);
	const char *bell = getenv("FRONTDESK_BELL");
	q->bell = !(bell && strcmp(bell, "0") == 0);
	return q;
}

static void q_close(void *st)
{
	struct qs *q = st;
	picks_free(q);
	db_callback_free_list(q->cbs, q->n);
	if (q->have_det)
		fd_callback_detail_clear(&q->det);
	if (q->have_owner)
		db_staff_clear(&q->owner);
	ids_free(&q->marked);
	ids_free(&q->fresh);
	ids_free(&q->quiet);
	ids_free(&q->targets);
	ui_line_free(&q->input);
	ui_line_free(&q->note);
	free(q->login);
	free(q);
}

static int q_key(void *st, struct ui *ui, struct ui_event ev)
{
	struct qs *q = st;
	if (q->prompt != QP_NONE)
		return prompt_key(q, ui, ev);
	return main_key(q, ui, ev);
}

static int q_reload(void *st, struct ui *ui, time_t now)
{
	(void)now;
	q_load(st, ui);
	return UI_REDRAW;
}

static const enum key_context *q_contexts(void *st)
{
	struct qs *q = st;
	static const enum key_context main_c[] = {KEYCTX_QUEUE, KEYCTX_LIST, KEYCTX_COUNT};
	static const enum key_context prompt_c[] = {KEYCTX_QPROMPT, KEYCTX_COUNT};
	static const enum key_context picker_c[] = {KEYCTX_QPROMPT, KEYCTX_LIST, KEYCTX_COUNT};
	static const enum key_context presence_c[] = {KEYCTX_QPRESENCE, KEYCTX_COUNT};
	switch (q->prompt) {
	case QP_NONE: return main_c;
	case QP_HAND: case QP_WHOSE: return picker_c;
	case QP_PRESENCE: return q->pstatus ? prompt_c : presence_c;
	default: return prompt_c;
	}
}

static int q_typing(void *st)
{
	struct qs *q = st;
	return q->prompt != QP_NONE && !(q->prompt == QP_PRESENCE && !q->pstatus);
}

const struct screen_ops queue_ops = {
	.name = "queue",
	.open = q_open,
	.close = q_close,
	.draw = q_draw,
	.key = q_key,
	.reload = q_reload,
	.contexts = q_contexts,
	.typing = q_typing,
};
