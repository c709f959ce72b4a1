/*
 * The terminal's owner.  Signal handlers only set flags, except for fatal
 * signals: those write a minimal reset (precomputed from terminfo), restore
 * the saved termios and re-raise, because nothing else is safe there.
 */
#include "tui/screen.h"

#include <errno.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include <curses.h>
#include <term.h>

#include "core/i18n.h"
#include "core/util.h"
#include "tui/queue.h"
#include "tui/review.h"

/* ~400 ms between looks at the change counter: updates made elsewhere show
 * within half a second, and an idle screen costs nothing noticeable. */
#define TICK_MS 400

/* The start screen for each role. */
static const struct {
	enum fd_role role;
	const struct screen_ops *ops;
} start_screens[] = {
	{ROLE_RECEPTIONIST, &switchboard_ops},
	{ROLE_ADMIN, &switchboard_ops},
	{ROLE_EMPLOYEE, &queue_ops},
	{ROLE_SUPERVISOR, &review_ops},
};

static const struct screen_ops *start_screen(enum fd_role role)
{
	for (size_t i = 0; i < sizeof start_screens / sizeof start_screens[0]; i++)
		if (start_screens[i].role == role)
			return start_screens[i].ops;
	return &switchboard_ops;
}

/* Keys that go from one screen to another.  Looked up only while the
 * screen's first context is its top level (not in a form, where the same
 * key may mean something else).  A screen left keeps its state, typed
 * text included, until the program ends. */
static const struct {
	enum key_context ctx;
	enum request req;
	const struct screen_ops *to;
} screen_keys[] = {
	{KEYCTX_SWITCHBOARD, REQ_OPEN_QUEUE, &queue_ops},
	{KEYCTX_QUEUE, REQ_Q_SWITCHBOARD, &switchboard_ops},
	{KEYCTX_SWITCHBOARD, REQ_OPEN_REVIEW, &review_ops},
	{KEYCTX_REVIEW, REQ_REV_SWITCHBOARD, &switchboard_ops},
};

static const struct screen_ops *screen_key(const struct screen_ops *ops, void *st,
                                           struct ui_event ev)
{
	enum key_context top = *ops->contexts(st);
	for (size_t i = 0; i < sizeof screen_keys / sizeof screen_keys[0]; i++)
		if (screen_keys[i].ctx == top && ui_key_request(top, ev) == screen_keys[i].req)
			return screen_keys[i].to;
	return NULL;
}

/* ---- terminal state and signals ---- */

static volatile sig_atomic_t sig_quit, sig_cont;
static struct termios saved_tio;
static int have_tio;
static volatile sig_atomic_t curses_on;
static char reset_seq[256];
static size_t reset_len;

static void on_quit(int sig)
{
	sig_quit = sig;
}

static void on_cont(int sig)
{
	(void)sig;
	sig_cont = 1;
}

static void on_fatal(int sig)
{
	if (curses_on) {
		ssize_t w = write(STDOUT_FILENO, reset_seq, reset_len);
		(void)w;
		if (have_tio)
			tcsetattr(STDIN_FILENO, TCSANOW, &saved_tio);
	}
	signal(sig, SIG_DFL);
	raise(sig);
}

static void add_cap(const char *name)
{
	char *s = tigetstr((char *)name);
	if (!s || s == (char *)-1)
		return;
	size_t n = strlen(s);
	if (reset_len + n < sizeof reset_seq) {
		memcpy(reset_seq + reset_len, s, n);
		reset_len += n;
	}
}

static void prepare_reset(void)
{
	reset_len = 0;
	add_cap("sgr0");
	add_cap("cnorm");
	add_cap("rmkx");
	add_cap("rmcup");
	if (reset_len + 2 < sizeof reset_seq)
		reset_seq[reset_len++] = '\r', reset_seq[reset_len++] = '\n';
}

static void install_signals(void)
{
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sigemptyset(&sa.sa_mask);
	sa.sa_handler = on_quit; /* no SA_RESTART: the wait for a key ends */
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	sigaction(SIGQUIT, &sa, NULL);
	sa.sa_handler = on_cont;
	sigaction(SIGCONT, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);

	static char altstack[1 << 16];
	stack_t ss = {.ss_sp = altstack, .ss_size = sizeof altstack};
	sigaltstack(&ss, NULL);
	sa.sa_handler = on_fatal;
	sa.sa_flags = SA_RESETHAND | SA_ONSTACK;
	int fatal[] = {SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT, SIGSYS};
	for (size_t i = 0; i < sizeof fatal / sizeof fatal[0]; i++)
		sigaction(fatal[i], &sa, NULL);
}

static void restore_signals(void)
{
	int sigs[] = {SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGCONT, SIGSEGV,
	              SIGBUS, SIGFPE, SIGILL, SIGABRT, SIGSYS};
	for (size_t i = 0; i < sizeof sigs / sizeof sigs[0]; i++)
		signal(sigs[i], SIG_DFL);
}

static void terminal_restore(void)
{
	if (curses_on) {
		curses_on = 0;
		endwin();
	}
}

/* ---- status, messages, cursor ---- */

void ui_cursor(struct ui *ui, int y, int x)
{
	ui->cur_y = y;
	ui->cur_x = x;
	ui->cur_show = 1;
}

void ui_error(struct ui *ui, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(ui->err, sizeof ui->err, fmt, ap);
	va_end(ap);
	ui->note[0] = 0;
}

void ui_note(struct ui *ui, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(ui->note, sizeof ui->note, fmt, ap);
	va_end(ap);
	ui->err[0] = 0;
}

static void counts_refresh(struct ui *ui)
{
	struct fd_err err = {0};
	if (fd_callback_counts(ui->fd, ui->now, &ui->cb_open, &ui->cb_overdue, &err) != 0)
		ui_error(ui, "%s", err.msg);
}

static void draw_status(struct ui *ui)
{
	WINDOW *w = ui->status;
	if (!w)
		return;
	int cols = getmaxx(w);
	wbkgdset(w, ' ' | ui_style(UI_STATUS));
	werase(w);
	wattrset(w, ui_style(UI_STATUS));
	char left[200];
	snprintf(left, sizeof left, _(" %s (%s) · callbacks: %lld open, %lld overdue "),
	         ui->fd->login ? ui->fd->login : "?", _(fd_role_name(ui->fd->role)),
	         ui->cb_open, ui->cb_overdue);
	int x = ui_put(w, 0, 0, cols, left);
	if (ui->err[0] && x < cols - 4) {
		wattrset(w, ui_style(UI_STATUS) | A_BOLD);
		x += ui_label(w, 0, x, cols - x, "│ ");
		ui_put(w, 0, x, cols - x, ui->err);
	} else if (ui->note[0] && x < cols - 4) {
		x += ui_label(w, 0, x, cols - x, "│ ");
		ui_put(w, 0, x, cols - x, ui->note);
	}
	wattrset(w, A_NORMAL);
}

/* ---- help overlay, generated from tui/keys.h ---- */

struct help_rows {
	struct {
		int title;
		char key[32];
		const char *text;
	} row[256];
	int n;
};

static void help_add(void *ctx, int is_title, const char *key, const char *text)
{
	struct help_rows *h = ctx;
	if (h->n >= (int)(sizeof h->row / sizeof h->row[0]))
		return;
	h->row[h->n].title = is_title;
	/* the overlay speaks the user's language; the man page (tui/keydoc.c) stays English */
	snprintf(h->row[h->n].key, sizeof h->row[h->n].key, "%s", !key ? "" : key[0] && key[1] ? _(key) : key);
	h->row[h->n].text = _(text);
	h->n++;
}

static void draw_help(struct ui *ui, const struct screen_ops *ops, void *st)
{
	WINDOW *w = ui->main;
	int rows = getmaxy(w), cols = getmaxx(w);
	enum key_context ctxs[16];
	int n = 0;
	const enum key_context *sc = ops->contexts(st);
	for (; *sc < KEYCTX_COUNT && n < 14; sc++)
		ctxs[n++] = *sc;
	ctxs[n++] = KEYCTX_GLOBAL;
	ctxs[n] = KEYCTX_COUNT;
	static struct help_rows h;
	h.n = 0;
	ui_key_help(ctxs, help_add, &h);

	int bw = cols - 4 < 90 ? cols - 4 : 90, bh = rows - 2;
	int bx = (cols - bw) / 2, by = 1;
	int inner = bh - 2;
	if (ui->help_top > h.n - inner)
		ui->help_top = h.n - inner;
	if (ui->help_top < 0)
		ui->help_top = 0;
	for (int y = by; y < by + bh; y++)
		ui_blank(w, y, bx, bw);
	wattron(w, ui_style(UI_HEADER));
	mvwhline(w, by, bx, ACS_HLINE, bw);
	mvwhline(w, by + bh - 1, bx, ACS_HLINE, bw);
	mvwvline(w, by, bx, ACS_VLINE, bh);
	mvwvline(w, by, bx + bw - 1, ACS_VLINE, bh);
	mvwaddch(w, by, bx, ACS_ULCORNER);
	mvwaddch(w, by, bx + bw - 1, ACS_URCORNER);
	mvwaddch(w, by + bh - 1, bx, ACS_LLCORNER);
	mvwaddch(w, by + bh - 1, bx + bw - 1, ACS_LRCORNER);
	ui_label(w, by, bx + 2, bw - 4, _(" Keys — any key closes, ↑↓ scroll "));
	wattroff(w, ui_style(UI_HEADER));
	for (int i = 0; i < inner && ui->help_top + i < h.n; i++) {
		int r = ui->help_top + i, y = by + 1 + i;
		if (h.row[r].title) {
			wattron(w, ui_style(UI_HEADER));
			ui_label(w, y, bx + 2, bw - 4, h.row[r].text);
			wattroff(w, ui_style(UI_HEADER));
		} else {
			wattron(w, ui_style(UI_KEY));
			ui_label(w, y, bx + 4, 11, h.row[r].key);
			wattroff(w, ui_style(UI_KEY));
			ui_label(w, y, bx + 16, bw - 18, h.row[r].text);
		}
	}
	ui->cur_show = 0;
}

/* ---- windows ---- */

static void windows_make(struct ui *ui)
{
	if (ui->main)
		delwin(ui->main);
	if (ui->status)
		delwin(ui->status);
	ui->main = ui->status = NULL;
	ui->rows = LINES;
	ui->cols = COLS;
	int main_rows = ui->rows > 1 ? ui->rows - 1 : 1;
	ui->main = newwin(main_rows, ui->cols > 0 ? ui->cols : 1, 0, 0);
	if (ui->rows > 1)
		ui->status = newwin(1, ui->cols, ui->rows - 1, 0);
	keypad(ui->main, TRUE);
	ui->too_small = ui->cols < UI_MIN_COLS || ui->rows < UI_MIN_ROWS;
}

static void draw_all(struct ui *ui, const struct screen_ops *ops, void *st)
{
	WINDOW *w = ui->main;
	werase(w);
	ui->cur_show = 0;
	if (ui->too_small) {
		int y = getmaxy(w) / 2 - 1;
		if (y < 0)
			y = 0;
		char need[64];
		snprintf(need, sizeof need, _("need %dx%d"), UI_MIN_COLS, UI_MIN_ROWS);
		ui_label(w, y, 0, getmaxx(w), _("terminal too small"));
		ui_label(w, y + 1, 0, getmaxx(w), need);
	} else {
		ops->draw(st, ui, w);
		if (ui->help)
			draw_help(ui, ops, st);
	}
	if (ui->status) {
		draw_status(ui);
		wnoutrefresh(ui->status);
	}
	if (ui->cur_show) {
		curs_set(1);
		wmove(w, ui->cur_y, ui->cur_x);
	} else {
		curs_set(0);
		wmove(w, 0, 0);
	}
	wnoutrefresh(w);
	doupdate();
}

/* Global keys first (help, quit, redraw), then the screen's own. */
static int dispatch(struct ui *ui, const struct screen_ops *ops, void *st,
                    struct ui_event ev)
{
	if (ui->help) {
		enum request r = ui_key_request(KEYCTX_LIST, ev);
		if (r == REQ_MOVE_DOWN || r == REQ_PAGE_DOWN)
			ui->help_top += r == REQ_MOVE_DOWN ? 1 : 10;
		else if (r == REQ_MOVE_UP || r == REQ_PAGE_UP)
			ui->help_top -= r == REQ_MOVE_UP ? 1 : 10;
		else
			ui->help = 0;
		return UI_REDRAW;
	}
	enum request r = ui_key_request(KEYCTX_GLOBAL, ev);
	if (r == REQ_HELP && ops->typing(st))
		r = REQ_NONE;
	switch (r) {
	case REQ_HELP:
	case REQ_HELP_F1:
		if (ui->too_small)
			return UI_OK;
		ui->help = 1;
		ui->help_top = 0;
		return UI_REDRAW;
	case REQ_QUIT:
		return UI_QUIT;
	case REQ_REDRAW:
		return UI_FULL_REDRAW | UI_REDRAW;
	default:
		break;
	}
	if (ui->too_small)
		return UI_OK;
	return ops->key(st, ui, ev);
}

static int reload(struct ui *ui, const struct screen_ops *ops, void *st)
{
	struct fd_err err = {0};
	if (fd_search_refresh(ui->fd, ui->now, &err) != 0)
		ui_error(ui, "%s", err.msg);
	counts_refresh(ui);
	return ops->reload(st, ui, ui->now) | UI_REDRAW;
}

int ui_run(struct fd *fd)
{
	struct ui ui;
	memset(&ui, 0, sizeof ui);
	ui.fd = fd;
	const struct screen_ops *ops = start_screen(fd->role);

	if (tcgetattr(STDIN_FILENO, &saved_tio) == 0)
		have_tio = 1;
	install_signals();
	if (!getenv("ESCDELAY"))
		set_escdelay(25);
	SCREEN *scr = newterm(NULL, stdout, stdin);
	if (!scr) {
		restore_signals();
		fprintf(stderr, _("frontdesk: cannot use this terminal (TERM=%s); "
		                "try TERM=xterm-256color or the subcommands\n"),
		        getenv("TERM") ? getenv("TERM") : "");
		return 1;
	}
	curses_on = 1;
	atexit(terminal_restore);
	prepare_reset();
	cbreak();
	noecho();
	nonl();
	intrflush(stdscr, FALSE);
	ui_styles_init();
	windows_make(&ui);

	ui.now = time(NULL);
	struct {
		const struct screen_ops *ops;
		void *st;
	} opened[8];
	size_t n_opened = 0;
	void *st = ops->open(&ui);
	opened[n_opened].ops = ops;
	opened[n_opened++].st = st;
	int need = reload(&ui, ops, st);
	long long changes = fd_changes(fd);
	time_t last_minute = ui.now / 60;

	while (!sig_quit) {
		if (sig_cont) {
			sig_cont = 0;
			need |= UI_FULL_REDRAW | UI_REDRAW;
		}
		if (need & UI_FULL_REDRAW)
			clearok(curscr, TRUE);
		if (need)
			draw_all(&ui, ops, st);
		need = 0;
		wtimeout(ui.main, TICK_MS);
		wint_t ch;
		int r = wget_wch(ui.main, &ch);
		ui.now = time(NULL);
		if (r == ERR) {
			if (sig_quit)
				break;
			long long c = fd_changes(fd);
			if (c != changes) {
				changes = c;
				need |= reload(&ui, ops, st);
			}
			if (ui.now / 60 != last_minute) {
				/* "overdue 40 min" grows by itself, and callbacks
				 * escalate to a deputy's queue with time alone */
				last_minute = ui.now / 60;
				need |= reload(&ui, ops, st);
			}
			continue;
		}
		struct ui_event ev = {r == KEY_CODE_YES, ch};
		if (ev.fn && ch == KEY_RESIZE) {
			windows_make(&ui);
			need |= UI_FULL_REDRAW | UI_REDRAW;
			continue;
		}
		const struct screen_ops *to = ui.help || ui.too_small ? NULL : screen_key(ops, st, ev);
		if (to) {
			size_t i = 0;
			while (i < n_opened && opened[i].ops != to)
				i++;
			if (i == n_opened && n_opened < sizeof opened / sizeof opened[0]) {
				opened[i].ops = to;
				opened[i].st = to->open(&ui);
				n_opened++;
			}
			if (i < n_opened) {
				ops = to;
				st = opened[i].st;
				need |= reload(&ui, ops, st) | UI_FULL_REDRAW;
				changes = fd_changes(fd);
			}
			continue;
		}
		need |= dispatch(&ui, ops, st, ev) | UI_REDRAW;
		if (need & UI_QUIT)
			break;
		if (need & UI_RELOAD) {
			need |= reload(&ui, ops, st);
			changes = fd_changes(fd);
		}
	}
	for (size_t i = 0; i < n_opened; i++)
		opened[i].ops->close(opened[i].st);
	if (ui.main)
		delwin(ui.main);
	if (ui.status)
		delwin(ui.status);
	terminal_restore();
	delscreen(scr);
	restore_signals();
	/* killed by a signal: say so the way shells expect */
	if (sig_quit == SIGINT || sig_quit == SIGTERM || sig_quit == SIGHUP)
		return 128 + sig_quit;
	return 0;
}
