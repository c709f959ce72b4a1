#include "tui/widgets.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wctype.h>

#include "core/i18n.h"
#include "core/text.h"
#include "core/util.h"
#include "core/when.h"
#include "tui/screen.h"

/* ---- keys ---- */

struct key_entry {
	enum request req;
	int key;
	const char *name;
	const char *help;
};

#define KEY_ENTRY(name, key, help) {REQ_##name, key, #name, help},
#define CTX_TABLE(name, title, table) \
	static const struct key_entry ctx_##name[] = {table(KEY_ENTRY) {0}};
KEY_CONTEXTS(CTX_TABLE)

static const struct {
	const char *title;
	const struct key_entry *keys;
} contexts[KEYCTX_COUNT] = {
#define CTX_ROW(name, title, table) [KEYCTX_##name] = {title, ctx_##name},
	KEY_CONTEXTS(CTX_ROW)
};

enum request ui_key_request(enum key_context ctx, struct ui_event ev)
{
	if (ctx >= KEYCTX_COUNT)
		return REQ_NONE;
	int k = (int)ev.ch;
	if (!ev.fn && (k == '\r'))
		k = '\n';
	if (ev.fn && k == KEY_ENTER) {
		k = '\n';
		ev.fn = 0;
	}
	for (const struct key_entry *e = contexts[ctx].keys; e->help; e++) {
		int is_fn = e->key >= KEY_MIN && e->key <= KEY_MAX;
		if (is_fn == !!ev.fn && e->key == k)
			return e->req;
	}
	return REQ_NONE;
}

const char *ui_key_label(int key, char *buf, size_t n)
{
	if (key >= KEY_F(1) && key <= KEY_F(63)) {
		snprintf(buf, n, "F%d", key - KEY_F0);
		return buf;
	}
	switch (key) {
	case '\n': return "Enter";
	case KEY_ESC: return "Esc";
	case '\t': return "Tab";
	/* N_(): the help overlay translates them, the man page keeps English */
	case ' ': return N_("Space");
	case KEY_BTAB: return N_("Shift-Tab");
	case KEY_UP: return N_("Up");
	case KEY_DOWN: return N_("Down");
	case KEY_PPAGE: return N_("PgUp");
	case KEY_NPAGE: return N_("PgDn");
	}
	if (key > 0 && key < 32)
		snprintf(buf, n, "Ctrl-%c", key + '@');
	else if (key >= 32 && key < 127)
		snprintf(buf, n, "%c", key);
	else
		snprintf(buf, n, "%s", keyname(key) ? keyname(key) : "?");
	return buf;
}

int ui_key_help(const enum key_context *ctxs,
                void (*fn)(void *ctx, int is_title, const char *key,
                           const char *text),
                void *ctx)
{
	int rows = 0;
	char buf[32];
	for (; *ctxs < KEYCTX_COUNT; ctxs++) {
		fn(ctx, 1, NULL, contexts[*ctxs].title);
		rows++;
		for (const struct key_entry *e = contexts[*ctxs].keys; e->help; e++) {
			fn(ctx, 0, ui_key_label(e->key, buf, sizeof buf), e->help);
			rows++;
		}
	}
	return rows;
}

/* ---- styles ---- */

static int color_on;

enum { PAIR_TITLE = 1, PAIR_ERROR, PAIR_WARN, PAIR_GOOD, PAIR_KEY, PAIR_SEL, PAIR_STATUS };

void ui_styles_init(void)
{
	const char *nc = getenv("NO_COLOR");
	color_on = 0;
	if (nc && *nc)
		return;
	if (!has_colors() || start_color() == ERR)
		return;
	use_default_colors();
	init_pair(PAIR_TITLE, COLOR_WHITE, COLOR_BLUE);
	init_pair(PAIR_ERROR, COLOR_RED, -1);
	init_pair(PAIR_WARN, COLOR_YELLOW, -1);
	init_pair(PAIR_GOOD, COLOR_GREEN, -1);
	init_pair(PAIR_KEY, COLOR_CYAN, -1);
	init_pair(PAIR_SEL, COLOR_BLACK, COLOR_CYAN);
	init_pair(PAIR_STATUS, COLOR_BLACK, COLOR_WHITE);
	color_on = 1;
}

int ui_color_enabled(void)
{
	return color_on;
}

int ui_style(enum ui_style s)
{
	if (!color_on) {
		switch (s) {
		case UI_TITLE: case UI_STATUS: case UI_SELECTED: return A_REVERSE;
		case UI_HEADER: case UI_ERROR: case UI_KEY: return A_BOLD;
		case UI_WARN: return A_BOLD;
		case UI_FIELD: return A_UNDERLINE;
		case UI_FIELD_FOCUS: return A_UNDERLINE | A_BOLD;
		case UI_DIM: return A_DIM;
		default: return A_NORMAL;
		}
	}
	switch (s) {
	case UI_TITLE: return COLOR_PAIR(PAIR_TITLE) | A_BOLD;
	case UI_STATUS: return COLOR_PAIR(PAIR_STATUS);
	case UI_SELECTED: return COLOR_PAIR(PAIR_SEL);
	case UI_HEADER: return A_BOLD;
	case UI_ERROR: return COLOR_PAIR(PAIR_ERROR) | A_BOLD;
	case UI_WARN: return COLOR_PAIR(PAIR_WARN) | A_BOLD;
	case UI_GOOD: return COLOR_PAIR(PAIR_GOOD);
	case UI_KEY: return COLOR_PAIR(PAIR_KEY) | A_BOLD;
	case UI_FIELD: return A_UNDERLINE;
	case UI_FIELD_FOCUS: return A_UNDERLINE | A_BOLD;
	case UI_DIM: return A_DIM;
	default: return A_NORMAL;
	}
}

/* ---- text ---- */

/* Decode UTF-8 into wide characters (invalid bytes become U+FFFD). */
static wchar_t *widen(const char *s, size_t *n_out)
{
	size_t len = strlen(s);
	wchar_t *w = xcalloc(len + 1, sizeof *w);
	size_t n = 0;
	mbstate_t st;
	memset(&st, 0, sizeof st);
	while (*s) {
		wchar_t wc;
		size_t k = mbrtowc(&wc, s, strlen(s), &st);
		if (k == (size_t)-1 || k == (size_t)-2 || k == 0) {
			memset(&st, 0, sizeof st);
			wc = 0xfffd;
			k = 1;
		}
		w[n++] = wc;
		s += k;
	}
	w[n] = 0;
	*n_out = n;
	return w;
}

static int put_wide(WINDOW *w, int y, int x, int maxw, const char *s)
{
	if (maxw <= 0 || !s)
		return 0;
	int wmax = getmaxx(w);
	if (x >= wmax || y < 0 || y >= getmaxy(w))
		return 0;
	if (x + maxw > wmax)
		maxw = wmax - x;
	size_t n;
	wchar_t *ws = widen(s, &n);
	int cols = 0;
	size_t i;
	for (i = 0; i < n; i++) {
		int cw = wcwidth(ws[i]);
		if (cw < 0) {
			ws[i] = 0xfffd;
			cw = 1;
		}
		if (cols + cw > maxw)
			break;
		cols += cw;
	}
	if (i > 0)
		mvwaddnwstr(w, y, x, ws, (int)i);
	free(ws);
	return cols;
}

int ui_put(WINDOW *w, int y, int x, int maxw, const char *utf8)
{
	if (!utf8)
		return 0;
	char *e = text_escape(utf8, 0);
	int n = put_wide(w, y, x, maxw, e);
	free(e);
	return n;
}

void ui_blank(WINDOW *w, int y, int x, int n)
{
	int wmax = getmaxx(w);
	if (y < 0 || y >= getmaxy(w))
		return;
	for (int i = 0; i < n && x + i < wmax; i++)
		mvwaddch(w, y, x + i, ' ');
}

void ui_put_pad(WINDOW *w, int y, int x, int maxw, const char *utf8)
{
	int used = ui_put(w, y, x, maxw, utf8);
	ui_blank(w, y, x + used, maxw - used);
}

int ui_label(WINDOW *w, int y, int x, int maxw, const char *utf8)
{
	return put_wide(w, y, x, maxw, utf8);
}

int ui_width(const char *utf8)
{
	size_t n;
	wchar_t *ws = widen(utf8, &n);
	int cols = 0;
	for (size_t i = 0; i < n; i++) {
		int cw = wcwidth(ws[i]);
		cols += cw < 0 ? 1 : cw;
	}
	free(ws);
	return cols;
}

/* ---- line editor ---- */

void ui_line_init(struct ui_line *l, size_t max)
{
	memset(l, 0, sizeof *l);
	l->max = max ? max : 1000;
	l->cap = 16;
	l->buf = xcalloc(l->cap, sizeof *l->buf);
}

void ui_line_free(struct ui_line *l)
{
	free(l->buf);
	memset(l, 0, sizeof *l);
}

void ui_line_clear(struct ui_line *l)
{
	l->len = l->cur = 0;
	l->buf[0] = 0;
	l->replace = 0;
}

static void line_reserve(struct ui_line *l, size_t n)
{
	if (n + 1 <= l->cap)
		return;
	while (l->cap < n + 1)
		l->cap *= 2;
	l->buf = xrealloc(l->buf, l->cap * sizeof *l->buf);
}

void ui_line_set(struct ui_line *l, const char *utf8)
{
	size_t n;
	wchar_t *ws = widen(utf8 ? utf8 : "", &n);
	if (n > l->max)
		n = l->max;
	line_reserve(l, n);
	wmemcpy(l->buf, ws, n);
	l->buf[n] = 0;
	l->len = l->cur = n;
	l->replace = 0;
	free(ws);
}

char *ui_line_get(const struct ui_line *l)
{
	size_t cap = l->len * MB_CUR_MAX + 1;
	char *s = xmalloc(cap);
	size_t o = 0;
	mbstate_t st;
	memset(&st, 0, sizeof st);
	for (size_t i = 0; i < l->len; i++) {
		size_t k = wcrtomb(s + o, l->buf[i], &st);
		if (k == (size_t)-1) {
			memset(&st, 0, sizeof st);
			continue;
		}
		o += k;
	}
	s[o] = 0;
	return s;
}

int ui_line_empty(const struct ui_line *l)
{
	return l->len == 0;
}

static void line_delete(struct ui_line *l, size_t from, size_t to)
{
	if (to <= from)
		return;
	wmemmove(l->buf + from, l->buf + to, l->len - to + 1);
	l->len -= to - from;
	l->cur = from;
}

int ui_line_key(struct ui_line *l, struct ui_event ev)
{
	if (!ev.fn && ev.ch >= 32 && ev.ch != 127 && iswprint(ev.ch)) {
		if (l->replace)
			ui_line_clear(l);
		if (l->len >= l->max)
			return 1;
		line_reserve(l, l->len + 1);
		wmemmove(l->buf + l->cur + 1, l->buf + l->cur, l->len - l->cur + 1);
		l->buf[l->cur++] = (wchar_t)ev.ch;
		l->len++;
		return 2;
	}
	int k = (int)ev.ch;
	int changed = 0;
	if (ev.fn) {
		switch (k) {
		case KEY_BACKSPACE: goto backspace;
		case KEY_DC: goto delete;
		case KEY_LEFT: if (l->cur) l->cur--; break;
		case KEY_RIGHT: if (l->cur < l->len) l->cur++; break;
		case KEY_HOME: l->cur = 0; break;
		case KEY_END: l->cur = l->len; break;
		default: return 0;
		}
		l->replace = 0;
		return 1;
	}
	switch (k) {
	case 127: case 8:
	backspace:
		if (l->cur) {
			line_delete(l, l->cur - 1, l->cur);
			changed = 1;
		}
		break;
	case KEY_CTRL('D'):
	delete:
		if (l->cur < l->len) {
			line_delete(l, l->cur, l->cur + 1);
			changed = 1;
		}
		break;
	case KEY_CTRL('A'): l->cur = 0; break;
	case KEY_CTRL('E'): l->cur = l->len; break;
	case KEY_CTRL('B'): if (l->cur) l->cur--; break;
	case KEY_CTRL('F'): if (l->cur < l->len) l->cur++; break;
	case KEY_CTRL('U'):
		line_delete(l, 0, l->cur);
		changed = 1;
		break;
	case KEY_CTRL('K'):
		l->len = l->cur;
		l->buf[l->len] = 0;
		changed = 1;
		break;
	case KEY_CTRL('W'): {
		size_t i = l->cur;
		while (i && iswspace(l->buf[i - 1]))
			i--;
		while (i && !iswspace(l->buf[i - 1]))
			i--;
		line_delete(l, i, l->cur);
		changed = 1;
		break;
	}
	default:
		return 0;
	}
	l->replace = 0;
	return changed ? 2 : 1;
}

static int wcw(wchar_t c)
{
	int w = wcwidth(c);
	return w < 0 ? 1 : w;
}

void ui_line_draw(WINDOW *w, int y, int x, int width, const struct ui_line *l,
                  int focused, int *cur_x)
{
	if (width <= 0)
		return;
	/* Scroll so that the cursor and some text before it show. */
	size_t start = 0;
	int before = 0;
	for (size_t i = 0; i < l->cur; i++)
		before += wcw(l->buf[i]);
	while (before > width - 1 && start < l->cur) {
		before -= wcw(l->buf[start]);
		start++;
	}
	int attr = ui_style(focused ? UI_FIELD_FOCUS : UI_FIELD);
	if (l->replace && focused)
		attr |= A_REVERSE;
	wattron(w, attr);
	int cols = 0;
	size_t i;
	for (i = start; i < l->len; i++) {
		int cw = wcw(l->buf[i]);
		if (cols + cw > width)
			break;
		cols += cw;
	}
	if (i > start)
		mvwaddnwstr(w, y, x, l->buf + start, (int)(i - start));
	ui_blank(w, y, x + cols, width - cols);
	wattroff(w, attr);
	if (cur_x)
		*cur_x = x + before;
}

/* ---- screen pieces ---- */

int ui_field(struct ui *ui, WINDOW *w, int y, int x, const char *label, int lw,
             struct ui_line *l, int width, int focused)
{
	if (!lw)
		lw = ui_width(label) + 1;
	wattron(w, focused ? ui_style(UI_HEADER) : (int)A_NORMAL);
	ui_label(w, y, x, lw, label);
	wattroff(w, focused ? ui_style(UI_HEADER) : (int)A_NORMAL);
	int cx;
	ui_line_draw(w, y, x + lw, width, l, focused, &cx);
	if (focused)
		ui_cursor(ui, y, cx);
	return x + lw + width;
}

void ui_title_bar(WINDOW *w, time_t now, const char *title, int stored)
{
	int cols = getmaxx(w);
	wattron(w, ui_style(UI_TITLE));
	ui_blank(w, 0, 0, cols);
	int tw = stored ? ui_put(w, 0, 1, cols - 2, title) : ui_label(w, 0, 1, cols - 2, title);
	char t[64];
	when_format_short(now, now + 86400 * 30, t, sizeof t);
	int cw = ui_width(t);
	if (cols - cw - 1 > tw + 3)
		ui_label(w, 0, cols - cw - 1, cw, t);
	wattroff(w, ui_style(UI_TITLE));
}

void ui_hints(WINDOW *w, int y, const char *const *pairs)
{
	int cols = getmaxx(w), x = 1;
	for (; pairs[0] && x < cols - 2; pairs += 2) {
		/* key names of one letter stay as they are ("h" is no hour) */
		const char *k = pairs[0][1] ? _(pairs[0]) : pairs[0];
		int need = ui_width(k) + ui_width(_(pairs[1])) + 3;
		if (x + need > cols)
			break;
		wattron(w, ui_style(UI_KEY));
		x += ui_label(w, y, x, cols - x, k);
		wattroff(w, ui_style(UI_KEY));
		x += ui_label(w, y, x + 1, cols - x, _(pairs[1])) + 3;
	}
}

int ui_list_move(enum request r, int *sel, int n, int page)
{
	switch (r) {
	case REQ_MOVE_UP: if (*sel > 0) (*sel)--; return 1;
	case REQ_MOVE_DOWN: if (*sel + 1 < n) (*sel)++; return 1;
	case REQ_PAGE_UP: *sel -= page; if (*sel < 0) *sel = 0; return 1;
	case REQ_PAGE_DOWN:
		*sel += page;
		if (*sel >= n)
			*sel = n ? n - 1 : 0;
		return 1;
	default: return 0;
	}
}
