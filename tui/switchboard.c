/*
 * The switchboard: who is calling, whom they want, and one key for what
 * happened (put through, not reached with a callback, message only).  Also
 * the absence board and today's missed calls.
 *
 * The model is this file's struct sb; draw functions only read it.  Typing
 * searches the in-memory index (fd_search); the database is touched only on
 * Enter-like keys and when the change counter moved.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wctype.h>

#include "core/fd.h"
#include "core/i18n.h"
#include "core/phone.h"
#include "core/spell.h"
#include "core/util.h"
#include "core/when.h"
#include "tui/screen.h"

enum sb_mode { SB_MAIN, SB_CARD, SB_BOARD, SB_MISSED };
enum sb_field { F_NUMBER, F_NAME, F_COMPANY, F_SEARCH };

enum card_field {
	C_NAME, C_COMPANY, C_NUMBER, C_SUBJECT, C_MESSAGE, C_URGENT,
	C_COMPLAINT, C_CALLBACK, C_DUE, C_ASSIGN, C_COUNT
};

enum due_preset { DUE_RETURN, DUE_PROMISE, DUE_AFTERNOON, DUE_TOMORROW, DUE_TYPED };

/* What the card needs of the wanted person, copied out of the hit list
 * (which a refresh may replace while the card is open). */
struct wanted {
	char *login, *name, *ext, *deputy_login, *deputy_name, *presence;
	time_t return_at;          /* absent with an until-time: then */
};

struct card {
	const char *outcome;       /* "unreached" or "message" */
	struct wanted who;
	int known;
	long long contact_id;
	char *caller_line;         /* a known caller, described */
	char *from;                /* the number as typed or E.164 */
	struct ui_line name, company, number, subject, message, due;
	int urgent, complaint, callback, to_deputy;
	enum due_preset preset;
	int focus;
	char err[560];
};

struct sb {
	struct fd *fd;
	enum sb_mode mode;
	enum sb_field focus;
	int search_prefilled;      /* the wanted field holds a ring's extension */
	struct ui_line number, name, company, search;
	int have_caller;
	struct fd_caller caller;
	char number_err[520];
	struct fd_hit *hits;
	size_t n_hits;
	int sel, top, list_rows;
	struct card card;
	/* absence board */
	struct staff *staff;
	size_t n_staff;
	int bsel, btop, bedit, bfocus;
	const char *bstatus;
	struct ui_line buntil, bnote;
	char berr[520];
	/* missed calls */
	struct call *missed;
	size_t n_missed;
	struct callback *open_cbs;
	size_t n_open_cbs;
	int msel, mtop;
	/* rings */
	long long ring_id;
	int pending;
	struct fd_caller pending_caller;
	enum spell_alphabet alpha;
};

/* ---- helpers ---- */

static char *dup_or_null(const char *s)
{
	return s ? xstrdup(s) : NULL;
}

static void wanted_clear(struct wanted *w)
{
	free(w->login);
	free(w->name);
	free(w->ext);
	free(w->deputy_login);
	free(w->deputy_name);
	free(w->presence);
	memset(w, 0, sizeof *w);
}

static void wanted_from_staff(struct wanted *w, const struct staff *s, time_t now)
{
	wanted_clear(w);
	w->login = dup_or_null(s->login);
	w->name = dup_or_null(s->name);
	w->ext = dup_or_null(s->ext);
	w->deputy_login = dup_or_null(s->deputy_login);
	w->deputy_name = dup_or_null(s->deputy_name);
	w->presence = fd_presence_describe(s, now);
	if (!fd_staff_present(s, now) && s->presence_until > now)
		w->return_at = s->presence_until;
}

static void caller_reset(struct sb *sb)
{
	fd_caller_clear(&sb->caller);
	memset(&sb->caller, 0, sizeof sb->caller);
	sb->have_caller = 0;
	sb->number_err[0] = 0;
}

static void hits_free(struct sb *sb)
{
	fd_hits_free(sb->hits, sb->n_hits);
	sb->hits = NULL;
	sb->n_hits = 0;
}

static void run_search(struct sb *sb, struct ui *ui)
{
	char *q = ui_line_get(&sb->search);
	struct fd_hit *hits = NULL;
	size_t n = 0;
	struct fd_err err = {0};
	if (*q && fd_search(sb->fd, q, 50, ui->now, &hits, &n, &err) != 0)
		ui_error(ui, "%s", err.msg);
	free(q);
	long long keep_id = -1;
	int keep_staff = 0;
	if (sb->sel >= 0 && (size_t)sb->sel < sb->n_hits) {
		keep_id = sb->hits[sb->sel].id;
		keep_staff = sb->hits[sb->sel].is_staff;
	}
	hits_free(sb);
	sb->hits = hits;
	sb->n_hits = n;
	sb->sel = 0;
	/* a refresh keeps the selection on the same entry */
	for (size_t i = 0; i < n; i++)
		if (hits[i].id == keep_id && hits[i].is_staff == keep_staff)
			sb->sel = (int)i;
}

static int lookup_number(struct sb *sb, struct ui *ui)
{
	char *num = ui_line_get(&sb->number);
	struct fd_err err = {0};
	caller_reset(sb);
	int ok = 0;
	if (*num) {
		if (fd_caller_lookup(sb->fd, num, ui->now, &sb->caller, &err) != 0) {
			snprintf(sb->number_err, sizeof sb->number_err, "%s", err.msg);
			memset(&sb->caller, 0, sizeof sb->caller);
		} else {
			sb->have_caller = 1;
			ok = 1;
		}
	}
	free(num);
	return ok;
}

/* A call begins: the caller as the phone system or a lookup says. */
static void take_caller(struct sb *sb, struct fd_caller *c)
{
	caller_reset(sb);
	sb->caller = *c;
	memset(c, 0, sizeof *c);
	sb->have_caller = 1;
	char num[48];
	phone_format(sb->caller.e164, num, sizeof num);
	ui_line_set(&sb->number, *num ? num : sb->caller.e164);
	ui_line_clear(&sb->name);
	ui_line_clear(&sb->company);
	ui_line_clear(&sb->search);
	hits_free(sb);
	sb->sel = sb->top = 0;
	sb->focus = sb->caller.known ? F_SEARCH : F_NAME;
}

static void new_call(struct sb *sb)
{
	caller_reset(sb);
	ui_line_clear(&sb->number);
	ui_line_clear(&sb->name);
	ui_line_clear(&sb->company);
	ui_line_clear(&sb->search);
	hits_free(sb);
	sb->sel = sb->top = 0;
	sb->focus = F_NUMBER;
	if (sb->pending) {
		sb->pending = 0;
		take_caller(sb, &sb->pending_caller);
	}
}

/* Unsaved caller details typed on the main screen. */
static int typed_details(const struct sb *sb)
{
	return !ui_line_empty(&sb->name) || !ui_line_empty(&sb->company) ||
	       (!ui_line_empty(&sb->search) && sb->have_caller);
}

static void check_ring(struct sb *sb, struct ui *ui)
{
	struct fd_caller c;
	long long id = 0;
	struct fd_err err = {0};
	int r = fd_ring_latest(sb->fd, sb->ring_id, &c, &id, ui->now, &err);
	if (r < 0) {
		ui_error(ui, "%s", err.msg);
		return;
	}
	if (r == 0)
		return;
	sb->ring_id = id;
	char *sum = fd_caller_summary(&c, ui->now);
	if (sb->mode == SB_MAIN && !typed_details(sb)) {
		take_caller(sb, &c);
		/* the extension the phone system dialled: its owner is the likely
		 * wanted person, first in the list */
		if (sb->caller.to_ext[0]) {
			ui_line_set(&sb->search, sb->caller.to_ext);
			sb->search_prefilled = 1;
			sb->sel = 0;
			run_search(sb, ui);
		}
		ui_note(ui, _("ringing: %s"), sum);
	} else {
		if (sb->pending)
			fd_caller_clear(&sb->pending_caller);
		sb->pending_caller = c;
		sb->pending = 1;
		ui_note(ui, _("ringing: %s (shown when this call is done; Esc on the switchboard)"), sum);
	}
	free(sum);
}

/* ---- the call card ---- */

static int card_text_field(int f)
{
	return f == C_NAME || f == C_COMPANY || f == C_NUMBER || f == C_SUBJECT ||
	       f == C_MESSAGE || f == C_DUE;
}

static int card_visible(const struct card *c, int f)
{
	switch (f) {
	case C_NAME: case C_COMPANY: case C_NUMBER:
		return !c->known;
	case C_CALLBACK:
		return strcmp(c->outcome, "unreached") == 0;
	case C_DUE: case C_ASSIGN:
		return strcmp(c->outcome, "unreached") == 0 && c->callback;
	}
	return 1;
}

static struct ui_line *card_line(struct card *c, int f)
{
	switch (f) {
	case C_NAME: return &c->name;
	case C_COMPANY: return &c->company;
	case C_NUMBER: return &c->number;
	case C_SUBJECT: return &c->subject;
	case C_MESSAGE: return &c->message;
	case C_DUE: return &c->due;
	}
	return NULL;
}

static const char *preset_label(struct sb *sb, enum due_preset p, char *buf, size_t n)
{
	switch (p) {
	case DUE_RETURN: return _("when back");
	case DUE_PROMISE: {
		long s = sb->fd->callback_promise > 0 ? sb->fd->callback_promise : 3600;
		if (s % 3600 == 0)
			snprintf(buf, n, _("in %ld h"), s / 3600);
		else
			snprintf(buf, n, _("in %ld min"), s / 60);
		return buf;
	}
	case DUE_AFTERNOON: return _("this afternoon");
	case DUE_TOMORROW: return _("tomorrow morning");
	default: return "";
	}
}

/* The due time a preset stands for; 0 when it does not apply now. */
static time_t preset_time(struct sb *sb, enum due_preset p, time_t now)
{
	time_t t = 0;
	switch (p) {
	case DUE_RETURN:
		return sb->card.who.return_at > now ? sb->card.who.return_at : 0;
	case DUE_PROMISE:
		return now + (sb->fd->callback_promise > 0 ? sb->fd->callback_promise : 3600);
	case DUE_AFTERNOON:
		if (when_parse("today 14:00", now, &t, NULL) == 0 && t > now + 15 * 60)
			return t;
		if (when_parse("today 16:00", now, &t, NULL) == 0 && t > now + 15 * 60)
			return t;
		return 0;
	case DUE_TOMORROW:
		return when_parse("tomorrow 9", now, &t, NULL) == 0 ? t : 0;
	default:
		return 0;
	}
}

static void card_set_preset(struct sb *sb, enum due_preset p)
{
	char buf[32];
	sb->card.preset = p;
	ui_line_set(&sb->card.due, preset_label(sb, p, buf, sizeof buf));
	sb->card.due.replace = 1; /* typing replaces the preset */
}

/* The due time as it stands: 0 and *why when a typed time is not read. */
static time_t card_due(struct sb *sb, time_t now, const char **why)
{
	*why = NULL;
	if (sb->card.preset != DUE_TYPED)
		return preset_time(sb, sb->card.preset, now);
	char *s = ui_line_get(&sb->card.due);
	time_t t = 0;
	if (!*s)
		*why = _("type a due time (14:30, tomorrow 9, +2h) or press F8");
	else if (when_parse_future(s, now, &t, why) != 0)
		t = 0;
	free(s);
	return t;
}

static void card_close(struct sb *sb)
{
	struct card *c = &sb->card;
	wanted_clear(&c->who);
	free(c->caller_line);
	free(c->from);
	c->caller_line = c->from = NULL;
	ui_line_free(&c->name);
	ui_line_free(&c->company);
	ui_line_free(&c->number);
	ui_line_free(&c->subject);
	ui_line_free(&c->message);
	ui_line_free(&c->due);
	sb->mode = SB_MAIN;
}

static void card_open(struct sb *sb, struct ui *ui, const struct staff *s,
                      const char *outcome)
{
	struct card *c = &sb->card;
	memset(c, 0, sizeof *c);
	c->outcome = outcome;
	wanted_from_staff(&c->who, s, ui->now);
	ui_line_init(&c->name, 200);
	ui_line_init(&c->company, 200);
	ui_line_init(&c->number, 40);
	ui_line_init(&c->subject, 200);
	ui_line_init(&c->message, 2000);
	ui_line_init(&c->due, 60);
	if (sb->have_caller && sb->caller.known) {
		c->known = 1;
		c->contact_id = sb->caller.contact.id;
		c->caller_line = fd_caller_summary(&sb->caller, ui->now);
		c->from = xstrdup(sb->caller.e164);
	} else {
		char *n = ui_line_get(&sb->name), *co = ui_line_get(&sb->company);
		char *num = ui_line_get(&sb->number);
		ui_line_set(&c->name, n);
		ui_line_set(&c->company, co);
		ui_line_set(&c->number, num);
		free(n);
		free(co);
		free(num);
	}
	c->callback = strcmp(outcome, "unreached") == 0;
	card_set_preset(sb, c->who.return_at > ui->now ? DUE_RETURN : DUE_PROMISE);
	c->focus = (!c->known && ui_line_empty(&c->name)) ? C_NAME : C_SUBJECT;
	sb->mode = SB_CARD;
}

static void card_move(struct card *c, int dir)
{
	int f = c->focus;
	for (int i = 0; i < C_COUNT; i++) {
		f = (f + dir + C_COUNT) % C_COUNT;
		if (card_visible(c, f)) {
			c->focus = f;
			return;
		}
	}
}

static int card_save(struct sb *sb, struct ui *ui)
{
	struct card *c = &sb->card;
	struct fd_call_input in;
	struct fd_call_result res;
	struct fd_err err = {0};
	memset(&in, 0, sizeof in);
	memset(&res, 0, sizeof res);
	char *name = ui_line_get(&c->name), *company = ui_line_get(&c->company);
	char *number = ui_line_get(&c->number), *subject = ui_line_get(&c->subject);
	char *message = ui_line_get(&c->message);
	int ret = UI_REDRAW;
	in.for_login = c->who.login;
	in.outcome = c->outcome;
	in.subject = *subject ? subject : NULL;
	in.message = *message ? message : NULL;
	in.urgent = c->urgent;
	in.complaint = c->complaint;
	if (c->known) {
		in.contact_id = c->contact_id;
		in.from = c->from && *c->from ? c->from : NULL;
	} else {
		in.from = *number ? number : NULL;
		in.name = *name ? name : NULL;
		in.company = *company ? company : NULL;
	}
	if (c->callback && card_visible(c, C_CALLBACK)) {
		const char *why;
		in.callback = 1;
		in.due_at = card_due(sb, ui->now, &why);
		if (!in.due_at) {
			snprintf(c->err, sizeof c->err, _("due time: %s"),
			         why ? why : _("that preset does not apply now; press F8"));
			ui_error(ui, _("not saved: %s"), c->err);
			goto out;
		}
		in.to_deputy = c->to_deputy;
	}
	if (fd_call_log(sb->fd, &in, ui->now, &res, &err) != 0) {
		/* the card stays open with everything typed */
		snprintf(c->err, sizeof c->err, "%s", err.msg);
		ui_error(ui, _("not saved: %s"), err.msg);
		goto out;
	}
	if (res.callback_id) {
		char t[48];
		when_format_short(res.due, ui->now, t, sizeof t);
		ui_note(ui, _("saved: callback #%lld for %s, due %s%s"), res.callback_id,
		        res.assignee, t, res.attached ? _(" (added to the open callback)") : "");
	} else {
		ui_note(ui, strcmp(c->outcome, "message") == 0 ? _("saved: message for %s") : _("saved: call for %s"),
		        c->who.name ? c->who.name : c->who.login);
	}
	card_close(sb);
	new_call(sb);
	ret = UI_RELOAD;
out:
	free(name);
	free(company);
	free(number);
	free(subject);
	free(message);
	return ret;
}

static int card_key(struct sb *sb, struct ui *ui, struct ui_event ev)
{
	struct card *c = &sb->card;
	struct ui_line *line = card_line(c, c->focus);
	int printable = !ev.fn && ev.ch >= 32 && ev.ch != 127;
	if (line && printable) {
		if (ui_line_key(line, ev) == 2 && c->focus == C_DUE)
			c->preset = DUE_TYPED;
		return UI_REDRAW;
	}
	switch (ui_key_request(KEYCTX_CARD, ev)) {
	case REQ_CARD_SAVE:
		return card_save(sb, ui);
	case REQ_CARD_CANCEL:
		card_close(sb);
		ui_note(ui, "%s", _("call card closed without saving"));
		return UI_REDRAW;
	case REQ_CARD_NEXT: case REQ_CARD_DOWN:
		card_move(c, 1);
		return UI_REDRAW;
	case REQ_CARD_PREV: case REQ_CARD_UP:
		card_move(c, -1);
		return UI_REDRAW;
	case REQ_CARD_CALLBACK:
		if (card_visible(c, C_CALLBACK))
			c->callback = !c->callback;
		if (!card_visible(c, c->focus))
			c->focus = C_SUBJECT;
		return UI_REDRAW;
	case REQ_CARD_DEPUTY:
		if (!c->who.deputy_login) {
			snprintf(c->err, sizeof c->err, _("%s has no deputy"), c->who.name);
		} else {
			c->to_deputy = !c->to_deputy;
			c->err[0] = 0;
		}
		return UI_REDRAW;
	case REQ_CARD_URGENT:
		c->urgent = !c->urgent;
		return UI_REDRAW;
	case REQ_CARD_COMPLAINT:
		c->complaint = !c->complaint;
		return UI_REDRAW;
	case REQ_CARD_DUE: {
		if (!card_visible(c, C_DUE))
			return UI_OK;
		enum due_preset p = c->preset == DUE_TYPED ? DUE_TOMORROW : c->preset;
		for (int i = 0; i < 4; i++) {
			p = (enum due_preset)((p + 1) % 4);
			if (preset_time(sb, p, ui->now))
				break;
		}
		card_set_preset(sb, p);
		return UI_REDRAW;
	}
	case REQ_CARD_TOGGLE:
		if (c->focus == C_URGENT)
			c->urgent = !c->urgent;
		else if (c->focus == C_COMPLAINT)
			c->complaint = !c->complaint;
		else if (c->focus == C_CALLBACK)
			c->callback = !c->callback;
		else if (c->focus == C_ASSIGN && c->who.deputy_login)
			c->to_deputy = !c->to_deputy;
		return UI_REDRAW;
	default:
		break;
	}
	if (line && ui_line_key(line, ev) == 2 && c->focus == C_DUE)
		c->preset = DUE_TYPED;
	return UI_REDRAW;
}

/* ---- drawing ---- */

/* Label column: min, or wider when a translated label needs it. */
static int label_cols(const char *const *labels, int min)
{
	int w = min;
	for (; *labels; labels++) {
		int n = ui_width(_(*labels)) + 1;
		if (n > w)
			w = n;
	}
	return w;
}

static void draw_spelled(struct sb *sb, WINDOW *w, int y, int x, int width,
                         const struct ui_line *l)
{
	if (ui_line_empty(l) || width <= 0)
		return;
	char *name = ui_line_get(l);
	char *sp = spell_word(name, sb->alpha);
	char label[32];
	snprintf(label, sizeof label, "%s: ", spell_alphabet_name(sb->alpha));
	wattron(w, ui_style(UI_DIM));
	int lw = ui_label(w, y, x, width, label);
	wattroff(w, ui_style(UI_DIM));
	ui_put(w, y, x + lw, width - lw, sp);
	free(sp);
	free(name);
}

static void draw_hit(struct sb *sb, struct ui *ui, WINDOW *w, int y, const struct fd_hit *h,
                     int selected)
{
	int cols = getmaxx(w);
	int nw = cols >= 80 ? 26 : cols / 3, ew = 6, dw = cols >= 80 ? 14 : 0;
	if (selected)
		wattron(w, ui_style(UI_SELECTED));
	ui_blank(w, y, 0, cols);
	ui_label(w, y, 0, 2, selected ? "▶" : " ");
	int x = 2;
	if (h->is_staff) {
		ui_put_pad(w, y, x, nw, h->staff.name);
		x += nw + 1;
		ui_put_pad(w, y, x, ew, h->staff.ext ? h->staff.ext : "");
		x += ew + 1;
		if (dw) {
			ui_put_pad(w, y, x, dw, h->staff.department ? h->staff.department : "");
			x += dw + 1;
		}
		char *p = fd_presence_describe(&h->staff, ui->now);
		int present = fd_staff_present(&h->staff, ui->now);
		if (!present && !selected)
			wattron(w, ui_style(UI_WARN));
		ui_put(w, y, x, cols - x, p);
		if (!present && !selected)
			wattroff(w, ui_style(UI_WARN));
		free(p);
	} else {
		ui_put_pad(w, y, x, nw, h->contact.name);
		x += nw + 1;
		wattron(w, ui_style(UI_DIM));
		ui_label(w, y, x, 7, _("contact"));
		wattroff(w, ui_style(UI_DIM));
		x += 8;
		char num[48] = "";
		if (h->contact.n_numbers)
			phone_format(h->contact.numbers[0], num, sizeof num);
		struct sbuf b = SBUF_INIT;
		if (h->contact.company)
			sbuf_addf(&b, "%s  ", h->contact.company);
		sbuf_adds(&b, num);
		ui_put(w, y, x, cols - x, sbuf_str(&b));
		free(b.s);
	}
	if (selected)
		wattroff(w, ui_style(UI_SELECTED));
}

static void draw_main(struct sb *sb, struct ui *ui, WINDOW *w)
{
	int rows = getmaxy(w), cols = getmaxx(w);
	int roomy = rows >= 20;
	ui_title_bar(w, ui->now, _("frontdesk · switchboard"), 0);
	int y = roomy ? 2 : 1;
	static const char *const labels[] = {N_("Caller"), N_("Name"), N_("Company"), N_("Wanted"), NULL};
	int lw = label_cols(labels, 9), fw = cols - lw - 2 > 30 ? 30 : cols - lw - 2;

	ui_field(ui, w, y, 1, _("Caller"), lw, &sb->number, 22, sb->focus == F_NUMBER);
	if (sb->number_err[0]) {
		wattron(w, ui_style(UI_ERROR));
		ui_put(w, y, lw + 25, cols - lw - 26, sb->number_err);
		wattroff(w, ui_style(UI_ERROR));
	} else if (sb->pending) {
		wattron(w, ui_style(UI_WARN));
		ui_label(w, y, lw + 25, cols - lw - 26, _("another call is ringing: Esc"));
		wattroff(w, ui_style(UI_WARN));
	}
	y++;
	if (sb->have_caller && sb->caller.known) {
		char *sum = fd_caller_summary(&sb->caller, ui->now);
		wattron(w, ui_style(sb->caller.n_open ? UI_WARN : UI_HEADER));
		ui_put(w, y++, lw + 1, cols - lw - 2, sum);
		wattroff(w, ui_style(sb->caller.n_open ? UI_WARN : UI_HEADER));
		free(sum);
		for (size_t i = 0; roomy && i < sb->caller.n_recent && i < 2; i++) {
			const struct call *c = &sb->caller.recent[i];
			char t[48], line[400];
			when_format_short(c->at, ui->now, t, sizeof t);
			snprintf(line, sizeof line, _("%s  %s, for %s%s%s"), t, _(c->outcome),
			         c->wanted_name ? c->wanted_name : _("anyone"),
			         c->subject ? ": " : "", c->subject ? c->subject : "");
			wattron(w, ui_style(UI_DIM));
			ui_put(w, y++, lw + 1, cols - lw - 2, line);
			wattroff(w, ui_style(UI_DIM));
		}
	} else if (sb->have_caller || sb->focus == F_NAME || sb->focus == F_COMPANY ||
	           !ui_line_empty(&sb->name)) {
		int nw = cols >= 80 ? 24 : (cols - 2 * lw - 4) / 2;
		int x = ui_field(ui, w, y, 1, _("Name"), lw, &sb->name, nw, sb->focus == F_NAME);
		if (cols >= 70)
			ui_field(ui, w, y, x + 2, _("Company"), lw, &sb->company,
			      cols - x - lw - 4 > 24 ? 24 : cols - x - lw - 4, sb->focus == F_COMPANY);
		else
			ui_field(ui, w, ++y, 1, _("Company"), lw, &sb->company, nw, sb->focus == F_COMPANY);
		y++;
		if (ui_line_empty(&sb->name)) {
			wattron(w, ui_style(UI_DIM));
			ui_label(w, y, lw + 1, cols - lw - 2, sb->have_caller ?
			         _("unknown caller: ask for the name, it is spelled here to read back") :
			         _("a new caller: name and company are kept as a contact"));
			wattroff(w, ui_style(UI_DIM));
		}
		draw_spelled(sb, w, y++, lw + 1, cols - lw - 2, &sb->name);
	} else {
		wattron(w, ui_style(UI_DIM));
		ui_label(w, y++, lw + 1, cols - lw - 2,
		         _("a call from the phone system shows here; or type the number"));
		wattroff(w, ui_style(UI_DIM));
	}
	if (roomy)
		y++;
	ui_field(ui, w, y++, 1, _("Wanted"), lw, &sb->search, fw, sb->focus == F_SEARCH);
	if (roomy && cols >= 80) {
		wattron(w, ui_style(UI_HEADER));
		ui_label(w, y, 2, 26, _("Name"));
		ui_label(w, y, 29, 6, _("Ext"));
		ui_label(w, y, 36, 14, _("Department"));
		ui_label(w, y, 51, cols - 52, _("Presence"));
		wattroff(w, ui_style(UI_HEADER));
		y++;
	}
	int last = rows - 2; /* the hint line stays */
	sb->list_rows = last - y;
	if (sb->list_rows < 1)
		sb->list_rows = 1;
	if (sb->sel < sb->top)
		sb->top = sb->sel;
	if (sb->sel >= sb->top + sb->list_rows)
		sb->top = sb->sel - sb->list_rows + 1;
	if (!sb->n_hits && !ui_line_empty(&sb->search)) {
		wattron(w, ui_style(UI_DIM));
		ui_label(w, y, 2, cols - 3, _("nobody found; try fewer letters or the extension"));
		wattroff(w, ui_style(UI_DIM));
	}
	for (int i = 0; i < sb->list_rows && (size_t)(sb->top + i) < sb->n_hits; i++)
		draw_hit(sb, ui, w, y + i, &sb->hits[sb->top + i], sb->top + i == sb->sel);
	static const char *const hints[] = {
		"Enter", N_("not reached"), "F2", N_("put through"), "F4", N_("message"),
		"F6", N_("absences"), "F7", N_("missed"), "?", N_("help"), NULL,
	};
	ui_hints(w, rows - 1, hints);
}

static void check_box(WINDOW *w, int y, int x, const char *label, int on, int focused)
{
	if (focused)
		wattron(w, ui_style(UI_FIELD_FOCUS));
	ui_label(w, y, x, 4, on ? "[x]" : "[ ]");
	if (focused)
		wattroff(w, ui_style(UI_FIELD_FOCUS));
	ui_label(w, y, x + 4, 30, _(label));
}

static void draw_card(struct sb *sb, struct ui *ui, WINDOW *w)
{
	struct card *c = &sb->card;
	int rows = getmaxy(w), cols = getmaxx(w);
	int roomy = rows >= 20;
	char title[300];
	snprintf(title, sizeof title, _("call card · %s"),
	         strcmp(c->outcome, "message") == 0 ? _("message only") : _("not reached"));
	ui_title_bar(w, ui->now, title, 0);
	int y = roomy ? 2 : 1, lw = 11, fw = cols - lw - 3;
	if (fw > 50)
		fw = 50;

	ui_label(w, y, 1, lw, _("For"));
	struct sbuf b = SBUF_INIT;
	sbuf_addf(&b, "%s", c->who.name ? c->who.name : c->who.login);
	if (c->who.ext)
		sbuf_addf(&b, " (%s)", c->who.ext);
	if (c->who.presence)
		sbuf_addf(&b, " · %s", c->who.presence);
	wattron(w, ui_style(UI_HEADER));
	ui_put(w, y++, lw + 1, cols - lw - 2, sbuf_str(&b));
	wattroff(w, ui_style(UI_HEADER));
	free(b.s);

	if (c->known) {
		ui_label(w, y, 1, lw, _("Caller"));
		ui_put(w, y++, lw + 1, cols - lw - 2, c->caller_line);
	} else {
		ui_field(ui, w, y++, 1, _("Name"), lw, &c->name, fw, c->focus == C_NAME);
		if (!ui_line_empty(&c->name))
			draw_spelled(sb, w, y++, lw + 1, cols - lw - 2, &c->name);
		ui_field(ui, w, y++, 1, _("Company"), lw, &c->company, fw, c->focus == C_COMPANY);
		ui_field(ui, w, y++, 1, _("Number"), lw, &c->number, 24, c->focus == C_NUMBER);
	}
	if (roomy)
		y++;
	ui_field(ui, w, y++, 1, _("Subject"), lw, &c->subject, fw, c->focus == C_SUBJECT);
	ui_field(ui, w, y++, 1, _("Message"), lw, &c->message, cols - lw - 3, c->focus == C_MESSAGE);
	check_box(w, y, lw + 1, N_("urgent (F6)"), c->urgent, c->focus == C_URGENT);
	check_box(w, y++, lw + 22, N_("complaint (F7)"), c->complaint, c->focus == C_COMPLAINT);
	if (card_visible(c, C_CALLBACK))
		check_box(w, y++, lw + 1, N_("callback (F4)"), c->callback, c->focus == C_CALLBACK);
	if (card_visible(c, C_DUE)) {
		int x = ui_field(ui, w, y, 1, _("Due"), lw, &c->due, 20, c->focus == C_DUE);
		const char *why;
		time_t t = card_due(sb, ui->now, &why);
		char s[64], r[48], line[160];
		if (t) {
			when_format_short(t, ui->now, s, sizeof s);
			when_format_relative(t, ui->now, r, sizeof r);
			snprintf(line, sizeof line, _(" → %s (%s)  F8: other"), s, r);
			ui_label(w, y, x, cols - x - 1, line);
		} else {
			wattron(w, ui_style(UI_ERROR));
			ui_put(w, y, x + 1, cols - x - 2, why ? why : _("does not apply now: F8"));
			wattroff(w, ui_style(UI_ERROR));
		}
		y++;
		ui_label(w, y, 1, lw, _("Assign to"));
		int focused = c->focus == C_ASSIGN;
		char who[300];
		snprintf(who, sizeof who, "%s %s", c->to_deputy ? "( )" : "(•)",
		         c->who.name ? c->who.name : c->who.login);
		if (focused)
			wattron(w, ui_style(UI_FIELD_FOCUS));
		x = lw + 1 + ui_put(w, y, lw + 1, cols / 2 - lw, who);
		if (focused)
			wattroff(w, ui_style(UI_FIELD_FOCUS));
		if (c->who.deputy_login) {
			snprintf(who, sizeof who, _("  %s deputy %s  (F5)"), c->to_deputy ? "(•)" : "( )",
			         c->who.deputy_name ? c->who.deputy_name : c->who.deputy_login);
			ui_put(w, y, x, cols - x - 1, who);
		} else {
			wattron(w, ui_style(UI_DIM));
			ui_label(w, y, x, cols - x - 1, _("  (no deputy)"));
			wattroff(w, ui_style(UI_DIM));
		}
		if (focused)
			ui_cursor(ui, y, lw + 2);
		y++;
	}
	if (c->focus == C_URGENT || c->focus == C_COMPLAINT || c->focus == C_CALLBACK)
		ui_cursor(ui, y - 1 - (c->focus == C_CALLBACK ? 0 :
		          (card_visible(c, C_DUE) ? 3 : card_visible(c, C_CALLBACK) ? 1 : 0)),
		          lw + 2 + (c->focus == C_COMPLAINT ? 21 : 0));
	if (c->err[0] && y < rows - 1) {
		wattron(w, ui_style(UI_ERROR));
		ui_label(w, y, 1, 10, _("Not saved"));
		ui_put(w, y, lw + 1, cols - lw - 2, c->err);
		wattroff(w, ui_style(UI_ERROR));
	}
	static const char *const hints[] = {
		"Enter", N_("save"), "Esc", N_("cancel"), "Tab", N_("next"), "F5", N_("deputy"),
		"F8", N_("due"), "F1", N_("help"), NULL,
	};
	ui_hints(w, rows - 1, hints);
}

/* ---- absence board ---- */

static void board_load(struct sb *sb, struct ui *ui)
{
	struct fd_err err = {0};
	db_staff_free_list(sb->staff, sb->n_staff);
	sb->staff = NULL;
	sb->n_staff = 0;
	if (fd_staff_list(sb->fd, &sb->staff, &sb->n_staff, &err) != 0)
		ui_error(ui, "%s", err.msg);
	if (sb->bsel >= (int)sb->n_staff)
		sb->bsel = sb->n_staff ? (int)sb->n_staff - 1 : 0;
}

static void draw_board(struct sb *sb, struct ui *ui, WINDOW *w)
{
	int rows = getmaxy(w), cols = getmaxx(w);
	ui_title_bar(w, ui->now, _("frontdesk · absence board"), 0);
	int y = 2;
	wattron(w, ui_style(UI_HEADER));
	ui_label(w, y, 2, 26, _("Name"));
	ui_label(w, y, 29, 6, _("Ext"));
	ui_label(w, y, 36, cols - 37, _("Presence"));
	wattroff(w, ui_style(UI_HEADER));
	y++;
	int list_rows = rows - y - (sb->bedit ? 4 : 2);
	if (list_rows < 1)
		list_rows = 1;
	if (sb->bsel < sb->btop)
		sb->btop = sb->bsel;
	if (sb->bsel >= sb->btop + list_rows)
		sb->btop = sb->bsel - list_rows + 1;
	sb->list_rows = list_rows;
	for (int i = 0; i < list_rows && (size_t)(sb->btop + i) < sb->n_staff; i++) {
		const struct staff *s = &sb->staff[sb->btop + i];
		int sel = sb->btop + i == sb->bsel;
		if (sel)
			wattron(w, ui_style(UI_SELECTED));
		ui_blank(w, y + i, 0, cols);
		ui_label(w, y + i, 0, 2, sel ? "▶" : " ");
		ui_put_pad(w, y + i, 2, 26, s->name);
		ui_put_pad(w, y + i, 29, 6, s->ext ? s->ext : "");
		char *p = fd_presence_describe(s, ui->now);
		ui_put(w, y + i, 36, cols - 37, p);
		free(p);
		if (sel)
			wattroff(w, ui_style(UI_SELECTED));
	}
	if (sb->bedit && sb->bsel < (int)sb->n_staff) {
		int py = rows - 4;
		char line[300];
		snprintf(line, sizeof line, "%s: %s", sb->staff[sb->bsel].name, _(sb->bstatus));
		wattron(w, ui_style(UI_HEADER));
		ui_put(w, py, 1, cols - 2, line);
		wattroff(w, ui_style(UI_HEADER));
		int x = ui_field(ui, w, py + 1, 1, _("until"), 7, &sb->buntil, 16, sb->bfocus == 0);
		ui_field(ui, w, py + 1, x + 2, _("note"), 6, &sb->bnote,
		      cols - x - 10 > 30 ? 30 : cols - x - 10, sb->bfocus == 1);
		if (sb->berr[0]) {
			wattron(w, ui_style(UI_ERROR));
			ui_put(w, py + 2, 1, cols - 2, sb->berr);
			wattroff(w, ui_style(UI_ERROR));
		}
		static const char *const hints[] = {
			"Enter", N_("save"), "Tab", N_("until/note"), "Esc", N_("cancel"), NULL,
		};
		ui_hints(w, rows - 1, hints);
	} else {
		static const char *const hints[] = {
			"i", N_("in"), "o", N_("out"), "m", N_("meeting"), "l", N_("lunch"), "v", N_("vacation"),
			"s", N_("sick"), "Esc", N_("back"), NULL,
		};
		ui_hints(w, rows - 1, hints);
	}
}

static int presence_save(struct sb *sb, struct ui *ui, const char *status,
                         const char *until, const char *note)
{
	struct fd_err err = {0};
	const struct staff *s = &sb->staff[sb->bsel];
	if (fd_presence_set(sb->fd, s->login, status, until, note, ui->now, &err) != 0) {
		snprintf(sb->berr, sizeof sb->berr, "%s", err.msg);
		ui_error(ui, "%s", err.msg);
		return UI_REDRAW;
	}
	ui_note(ui, _("%s is now %s"), s->name, _(status));
	sb->bedit = 0;
	sb->berr[0] = 0;
	return UI_RELOAD;
}

static int board_key(struct sb *sb, struct ui *ui, struct ui_event ev)
{
	if (sb->bedit) {
		struct ui_line *l = sb->bfocus ? &sb->bnote : &sb->buntil;
		if (!ev.fn && ev.ch >= 32 && ev.ch != 127) {
			ui_line_key(l, ev);
			return UI_REDRAW;
		}
		switch (ui_key_request(KEYCTX_PRESENCE, ev)) {
		case REQ_PRESENCE_SAVE: {
			char *u = ui_line_get(&sb->buntil), *n = ui_line_get(&sb->bnote);
			int r = presence_save(sb, ui, sb->bstatus, *u ? u : NULL, *n ? n : NULL);
			free(u);
			free(n);
			return r;
		}
		case REQ_PRESENCE_CANCEL:
			sb->bedit = 0;
			sb->berr[0] = 0;
			return UI_REDRAW;
		case REQ_PRESENCE_NEXT:
			sb->bfocus = !sb->bfocus;
			return UI_REDRAW;
		default:
			ui_line_key(l, ev);
			return UI_REDRAW;
		}
	}
	const char *status = NULL;
	switch (ui_key_request(KEYCTX_BOARD, ev)) {
	case REQ_BOARD_IN: status = "in"; break;
	case REQ_BOARD_OUT: status = "out"; break;
	case REQ_BOARD_MEETING: status = "meeting"; break;
	case REQ_BOARD_LUNCH: status = "lunch"; break;
	case REQ_BOARD_VACATION: status = "vacation"; break;
	case REQ_BOARD_SICK: status = "sick"; break;
	case REQ_BOARD_CLOSE: case REQ_BOARD_CLOSE_F6:
		sb->mode = SB_MAIN;
		return UI_REDRAW;
	default:
		ui_list_move(ui_key_request(KEYCTX_LIST, ev), &sb->bsel, (int)sb->n_staff,
		             sb->list_rows);
		return UI_REDRAW;
	}
	if (!sb->n_staff)
		return UI_REDRAW;
	if (strcmp(status, "in") == 0)
		return presence_save(sb, ui, status, NULL, NULL);
	sb->bstatus = status;
	sb->bedit = 1;
	sb->bfocus = 0;
	sb->berr[0] = 0;
	ui_line_clear(&sb->buntil);
	ui_line_clear(&sb->bnote);
	return UI_REDRAW;
}

/* ---- today's missed calls ---- */

static int cmp_call_newest(const void *a, const void *b)
{
	const struct call *x = a, *y = b;
	if (x->at != y->at)
		return x->at < y->at ? 1 : -1;
	return x->id < y->id ? 1 : x->id > y->id ? -1 : 0;
}

static void missed_load(struct sb *sb, struct ui *ui)
{
	struct fd_err err = {0};
	db_call_free_list(sb->missed, sb->n_missed);
	db_callback_free_list(sb->open_cbs, sb->n_open_cbs);
	sb->missed = NULL;
	sb->open_cbs = NULL;
	sb->n_missed = sb->n_open_cbs = 0;
	char today[32];
	time_t day = when_day_start(ui->now);
	strftime(today, sizeof today, "%Y-%m-%d", localtime(&day));
	struct fd_call_query q = {.since = today, .outcome = "unreached", .limit = 500};
	if (fd_calls(sb->fd, &q, ui->now, &sb->missed, &sb->n_missed, &err) != 0) {
		ui_error(ui, "%s", err.msg);
		return;
	}
	qsort(sb->missed, sb->n_missed, sizeof *sb->missed, cmp_call_newest);
	if (fd_queue(sb->fd, NULL, 1, 0, ui->now, &sb->open_cbs, &sb->n_open_cbs, &err) != 0)
		ui_error(ui, "%s", err.msg);
	if (sb->msel >= (int)sb->n_missed)
		sb->msel = sb->n_missed ? (int)sb->n_missed - 1 : 0;
}

static const struct callback *open_callback(struct sb *sb, long long id)
{
	for (size_t i = 0; id && i < sb->n_open_cbs; i++)
		if (sb->open_cbs[i].id == id)
			return &sb->open_cbs[i];
	return NULL;
}

static void draw_missed(struct sb *sb, struct ui *ui, WINDOW *w)
{
	int rows = getmaxy(w), cols = getmaxx(w);
	char title[80];
	snprintf(title, sizeof title, _("frontdesk · missed calls today (%zu)"), sb->n_missed);
	ui_title_bar(w, ui->now, title, 0);
	int y = 2;
	wattron(w, ui_style(UI_HEADER));
	ui_label(w, y, 2, 6, _("Time"));
	ui_label(w, y, 8, 24, _("Caller"));
	ui_label(w, y, 33, 18, _("For"));
	ui_label(w, y, 52, cols - 53, _("Callback"));
	wattroff(w, ui_style(UI_HEADER));
	y++;
	int list_rows = rows - y - 2;
	if (list_rows < 1)
		list_rows = 1;
	sb->list_rows = list_rows;
	if (sb->msel < sb->mtop)
		sb->mtop = sb->msel;
	if (sb->msel >= sb->mtop + list_rows)
		sb->mtop = sb->msel - list_rows + 1;
	if (!sb->n_missed) {
		wattron(w, ui_style(UI_DIM));
		ui_label(w, y, 2, cols - 3, _("no missed calls today"));
		wattroff(w, ui_style(UI_DIM));
	}
	for (int i = 0; i < list_rows && (size_t)(sb->mtop + i) < sb->n_missed; i++) {
		const struct call *c = &sb->missed[sb->mtop + i];
		int sel = sb->mtop + i == sb->msel;
		if (sel)
			wattron(w, ui_style(UI_SELECTED));
		ui_blank(w, y + i, 0, cols);
		char t[16], num[48];
		strftime(t, sizeof t, "%H:%M", localtime(&c->at));
		ui_label(w, y + i, 2, 6, t);
		phone_format(c->number ? c->number : "", num, sizeof num);
		ui_put_pad(w, y + i, 8, 24, c->caller_name ? c->caller_name : num);
		ui_put_pad(w, y + i, 33, 18, c->wanted_name ? c->wanted_name : "");
		const struct callback *cb = open_callback(sb, c->callback_id);
		char mark[120];
		int style = UI_NORMAL;
		if (!c->callback_id) {
			snprintf(mark, sizeof mark, "%s", _("none"));
		} else if (cb && cb->due < ui->now) {
			char r[48];
			when_format_relative(cb->due, ui->now, r, sizeof r);
			snprintf(mark, sizeof mark, _("#%lld OVERDUE (%s), %s"), cb->id, r,
			         cb->assignee_name ? cb->assignee_name : "");
			style = UI_ERROR;
		} else if (cb) {
			char r[48];
			when_format_relative(cb->due, ui->now, r, sizeof r);
			snprintf(mark, sizeof mark, _("#%lld open, %s, %s"), cb->id, r,
			         cb->assignee_name ? cb->assignee_name : "");
			style = UI_WARN;
		} else {
			snprintf(mark, sizeof mark, _("#%lld closed"), c->callback_id);
			style = UI_GOOD;
		}
		if (!sel)
			wattron(w, ui_style(style));
		ui_put(w, y + i, 52, cols - 53, mark);
		if (!sel)
			wattroff(w, ui_style(style));
		if (sel)
			wattroff(w, ui_style(UI_SELECTED));
	}
	static const char *const hints[] = {"↑↓", N_("move"), "Esc", N_("back"), NULL};
	ui_hints(w, rows - 1, hints);
}

static int missed_key(struct sb *sb, struct ui *ui, struct ui_event ev)
{
	switch (ui_key_request(KEYCTX_MISSED, ev)) {
	case REQ_MISSED_CLOSE: case REQ_MISSED_CLOSE_F7:
		sb->mode = SB_MAIN;
		return UI_REDRAW;
	default:
		break;
	}
	ui_list_move(ui_key_request(KEYCTX_LIST, ev), &sb->msel, (int)sb->n_missed,
	             sb->list_rows);
	return UI_REDRAW;
}

/* ---- main switchboard keys ---- */

static struct ui_line *main_line(struct sb *sb)
{
	switch (sb->focus) {
	case F_NUMBER: return &sb->number;
	case F_NAME: return &sb->name;
	case F_COMPANY: return &sb->company;
	default: return &sb->search;
	}
}

static int main_fields_visible(const struct sb *sb)
{
	return !(sb->have_caller && sb->caller.known);
}

static void focus_move(struct sb *sb, struct ui *ui, int dir)
{
	if (sb->focus == F_NUMBER && dir > 0 && !ui_line_empty(&sb->number) && !sb->have_caller)
		lookup_number(sb, ui);
	int f = (int)sb->focus;
	for (int i = 0; i < 4; i++) {
		f = (f + dir + 4) % 4;
		if ((f == F_NAME || f == F_COMPANY) && !main_fields_visible(sb))
			continue;
		break;
	}
	sb->focus = (enum sb_field)f;
}

static const struct fd_hit *selected_hit(struct sb *sb)
{
	if (sb->sel < 0 || (size_t)sb->sel >= sb->n_hits)
		return NULL;
	return &sb->hits[sb->sel];
}

/* A contact picked from the list becomes the caller. */
static void pick_contact(struct sb *sb, struct ui *ui, const struct fd_hit *h)
{
	struct fd_caller c;
	struct fd_err err = {0};
	memset(&c, 0, sizeof c);
	if (!h->contact.n_numbers) {
		ui_error(ui, _("%s has no number on file; type it in the caller field"), h->contact.name);
		return;
	}
	if (fd_caller_lookup(sb->fd, h->contact.numbers[0], ui->now, &c, &err) != 0) {
		ui_error(ui, "%s", err.msg);
		return;
	}
	char *name = xstrdup(h->contact.name);
	take_caller(sb, &c); /* frees the hit list, h with it */
	ui_note(ui, _("caller: %s"), name);
	free(name);
}

static int log_connected(struct sb *sb, struct ui *ui, const struct fd_hit *h)
{
	struct fd_call_input in;
	struct fd_call_result res;
	struct fd_err err = {0};
	memset(&in, 0, sizeof in);
	memset(&res, 0, sizeof res);
	char *num = ui_line_get(&sb->number), *name = ui_line_get(&sb->name);
	char *company = ui_line_get(&sb->company);
	in.for_login = h->staff.login;
	in.outcome = "connected";
	if (sb->have_caller && sb->caller.known) {
		in.contact_id = sb->caller.contact.id;
		in.from = *sb->caller.e164 ? sb->caller.e164 : NULL;
	} else {
		in.from = *num ? num : NULL;
		in.name = *name ? name : NULL;
		in.company = *company ? company : NULL;
	}
	int ret = UI_REDRAW;
	if (fd_call_log(sb->fd, &in, ui->now, &res, &err) != 0) {
		ui_error(ui, _("not logged: %s"), err.msg);
	} else {
		ui_note(ui, _("put through to %s"), h->staff.name);
		new_call(sb);
		ret = UI_RELOAD;
	}
	free(num);
	free(name);
	free(company);
	return ret;
}

static int main_key(struct sb *sb, struct ui *ui, struct ui_event ev)
{
	enum request r = ui_key_request(KEYCTX_SWITCHBOARD, ev);
	const struct fd_hit *h;
	switch (r) {
	case REQ_UNREACHED:
	case REQ_MESSAGE:
		if (r == REQ_UNREACHED && sb->focus != F_SEARCH) {
			focus_move(sb, ui, 1);
			if (sb->focus == F_NUMBER)
				sb->focus = F_SEARCH;
			return UI_REDRAW;
		}
		h = selected_hit(sb);
		if (!h) {
			ui_error(ui, "%s", _("choose the wanted person first: type a few letters of the name"));
			sb->focus = F_SEARCH;
			return UI_REDRAW;
		}
		if (!h->is_staff) {
			pick_contact(sb, ui, h);
			return UI_REDRAW;
		}
		if (sb->focus == F_NUMBER && !sb->have_caller && !ui_line_empty(&sb->number))
			lookup_number(sb, ui);
		card_open(sb, ui, &h->staff, r == REQ_MESSAGE ? "message" : "unreached");
		return UI_REDRAW;
	case REQ_CONNECTED:
		h = selected_hit(sb);
		if (!h || !h->is_staff) {
			ui_error(ui, "%s", _("choose the person to put the call through to"));
			return UI_REDRAW;
		}
		return log_connected(sb, ui, h);
	case REQ_NUMBER:
		new_call(sb);
		return UI_REDRAW;
	case REQ_BOARD:
		board_load(sb, ui);
		sb->mode = SB_BOARD;
		sb->bedit = 0;
		return UI_REDRAW;
	case REQ_MISSED:
		missed_load(sb, ui);
		sb->mode = SB_MISSED;
		return UI_REDRAW;
	case REQ_NEXT_FIELD:
		focus_move(sb, ui, 1);
		return UI_REDRAW;
	case REQ_PREV_FIELD:
		focus_move(sb, ui, -1);
		return UI_REDRAW;
	case REQ_NEW_CALL:
		new_call(sb);
		ui_note(ui, "%s", _("ready for the next call"));
		return UI_REDRAW;
	default:
		break;
	}
	if (ui_list_move(ui_key_request(KEYCTX_LIST, ev), &sb->sel, (int)sb->n_hits,
	                 sb->list_rows))
		return UI_REDRAW;
	/* a prefilled extension is replaced by what the receptionist types */
	if (sb->search_prefilled && sb->focus == F_SEARCH && !ev.fn && iswprint(ev.ch))
		ui_line_clear(&sb->search);
	sb->search_prefilled = 0;
	/* letters typed into an empty number field name the wanted person:
	 * the receptionist starts typing while the caller is still speaking */
	if (sb->focus == F_NUMBER && ui_line_empty(&sb->number) && !sb->have_caller &&
	    !ev.fn && iswalpha(ev.ch))
		sb->focus = F_SEARCH;
	struct ui_line *l = main_line(sb);
	if (ui_line_key(l, ev) == 2) {
		if (sb->focus == F_SEARCH) {
			sb->sel = 0;
			run_search(sb, ui);
		} else if (sb->focus == F_NUMBER && sb->have_caller) {
			caller_reset(sb); /* a different number now */
		}
	}
	return UI_REDRAW;
}

/* ---- screen_ops ---- */

static void *sb_open(struct ui *ui)
{
	struct sb *sb = xcalloc(1, sizeof *sb);
	sb->fd = ui->fd;
	ui_line_init(&sb->number, 40);
	ui_line_init(&sb->name, 200);
	ui_line_init(&sb->company, 200);
	ui_line_init(&sb->search, 100);
	ui_line_init(&sb->buntil, 40);
	ui_line_init(&sb->bnote, 200);
	sb->alpha = spell_alphabet_for(getenv("FRONTDESK_SPELLING"));
	sb->focus = F_SEARCH;
	/* rings from before this screen opened are history, not calls */
	struct fd_caller c;
	struct fd_err err = {0};
	long long id = 0;
	if (fd_ring_latest(sb->fd, 0, &c, &id, ui->now, &err) == 1) {
		sb->ring_id = id;
		fd_caller_clear(&c);
	}
	return sb;
}

static void sb_close(void *st)
{
	struct sb *sb = st;
	if (sb->mode == SB_CARD)
		card_close(sb);
	caller_reset(sb);
	if (sb->pending)
		fd_caller_clear(&sb->pending_caller);
	hits_free(sb);
	db_staff_free_list(sb->staff, sb->n_staff);
	db_call_free_list(sb->missed, sb->n_missed);
	db_callback_free_list(sb->open_cbs, sb->n_open_cbs);
	ui_line_free(&sb->number);
	ui_line_free(&sb->name);
	ui_line_free(&sb->company);
	ui_line_free(&sb->search);
	ui_line_free(&sb->buntil);
	ui_line_free(&sb->bnote);
	free(sb);
}

static void sb_draw(void *st, struct ui *ui, WINDOW *w)
{
	struct sb *sb = st;
	switch (sb->mode) {
	case SB_CARD: draw_card(sb, ui, w); break;
	case SB_BOARD: draw_board(sb, ui, w); break;
	case SB_MISSED: draw_missed(sb, ui, w); break;
	default: draw_main(sb, ui, w); break;
	}
}

static int sb_key(void *st, struct ui *ui, struct ui_event ev)
{
	struct sb *sb = st;
	switch (sb->mode) {
	case SB_CARD: return card_key(sb, ui, ev);
	case SB_BOARD: return board_key(sb, ui, ev);
	case SB_MISSED: return missed_key(sb, ui, ev);
	default: return main_key(sb, ui, ev);
	}
}

static int sb_reload(void *st, struct ui *ui, time_t now)
{
	struct sb *sb = st;
	check_ring(sb, ui);
	if (!ui_line_empty(&sb->search))
		run_search(sb, ui);
	if (sb->have_caller && sb->mode == SB_MAIN && !ui_line_empty(&sb->number)) {
		/* the caller's open callbacks may have changed */
		struct fd_caller c;
		struct fd_err err = {0};
		memset(&c, 0, sizeof c);
		if (fd_caller_lookup(sb->fd, sb->caller.e164, now, &c, &err) == 0) {
			fd_caller_clear(&sb->caller);
			sb->caller = c;
		}
	}
	if (sb->mode == SB_BOARD)
		board_load(sb, ui);
	if (sb->mode == SB_MISSED)
		missed_load(sb, ui);
	return UI_REDRAW;
}

static const enum key_context *sb_contexts(void *st)
{
	struct sb *sb = st;
	static const enum key_context main_c[] = {KEYCTX_SWITCHBOARD, KEYCTX_LIST, KEYCTX_COUNT};
	static const enum key_context card_c[] = {KEYCTX_CARD, KEYCTX_COUNT};
	static const enum key_context board_c[] = {KEYCTX_BOARD, KEYCTX_PRESENCE, KEYCTX_LIST, KEYCTX_COUNT};
	static const enum key_context missed_c[] = {KEYCTX_MISSED, KEYCTX_LIST, KEYCTX_COUNT};
	switch (sb->mode) {
	case SB_CARD: return card_c;
	case SB_BOARD: return board_c;
	case SB_MISSED: return missed_c;
	default: return main_c;
	}
}

static int sb_typing(void *st)
{
	struct sb *sb = st;
	if (sb->mode == SB_CARD)
		return card_text_field(sb->card.focus);
	if (sb->mode == SB_BOARD)
		return sb->bedit;
	return 0;
}

const struct screen_ops switchboard_ops = {
	.name = "switchboard",
	.open = sb_open,
	.close = sb_close,
	.draw = sb_draw,
	.key = sb_key,
	.reload = sb_reload,
	.contexts = sb_contexts,
	.typing = sb_typing,
};
