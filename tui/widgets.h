/*
 * widgets: the pieces every screen draws with.  A one-line editor over wide
 * characters, clipped and escaped text output that keeps wide characters
 * aligned, styles that honour NO_COLOR, and the key table lookup.
 *
 * Stored text never reaches the terminal raw: ui_put and friends pass every
 * string through text_escape first.
 */
#ifndef FRONTDESK_TUI_WIDGETS_H
#define FRONTDESK_TUI_WIDGETS_H

#include <stddef.h>
#include <time.h>
#include <wchar.h>

#include <curses.h>

#include "tui/keys.h"

/* One key press: a character, or a curses function key (fn set). */
struct ui_event {
	int fn;
	wint_t ch;
};

/* Look ev up in one context's table: the request, or REQ_NONE. */
enum request ui_key_request(enum key_context ctx, struct ui_event ev);
/* A person's name for a key: "Enter", "F5", "^L", "?". */
const char *ui_key_label(int key, char *buf, size_t n);
/* Rows of the help: title lines and "key  text" lines for the contexts
 * given (terminated by KEYCTX_COUNT).  Calls fn for each; returns count. */
int ui_key_help(const enum key_context *ctxs,
                void (*fn)(void *ctx, int is_title, const char *key,
                           const char *text),
                void *ctx);

/* ---- styles ---- */
enum ui_style {
	UI_NORMAL, UI_TITLE, UI_HEADER, UI_SELECTED, UI_FIELD, UI_FIELD_FOCUS,
	UI_DIM, UI_ERROR, UI_WARN, UI_GOOD, UI_KEY, UI_STATUS,
};
/* Set up colours unless NO_COLOR is set (non-empty) or the terminal has none. */
void ui_styles_init(void);
int ui_style(enum ui_style s);
int ui_color_enabled(void);

/* ---- text output ---- */
/* Draw stored UTF-8 text escaped, clipped to maxw columns; returns the
 * columns used.  Wide characters that would cross the edge are left out. */
int ui_put(WINDOW *w, int y, int x, int maxw, const char *utf8);
/* As ui_put, then pad with spaces to exactly maxw columns. */
void ui_put_pad(WINDOW *w, int y, int x, int maxw, const char *utf8);
/* Text that the program wrote itself (labels): no escaping needed, but it
 * goes through the same clipping. */
int ui_label(WINDOW *w, int y, int x, int maxw, const char *utf8);
/* Spaces from x to x+n (clipped to the window). */
void ui_blank(WINDOW *w, int y, int x, int n);
/* Width in columns of already-escaped or plain text. */
int ui_width(const char *utf8);

/* ---- one-line editor ---- */
struct ui_line {
	wchar_t *buf;
	size_t len, cap, cur;
	size_t max;        /* most characters accepted (0: 1000) */
	int replace;       /* the next typed character replaces the content */
};
void ui_line_init(struct ui_line *l, size_t max);
void ui_line_free(struct ui_line *l);
void ui_line_clear(struct ui_line *l);
void ui_line_set(struct ui_line *l, const char *utf8);
/* The content as UTF-8 (malloc'd). */
char *ui_line_get(const struct ui_line *l);
int ui_line_empty(const struct ui_line *l);
/*
 * Editing keys: printable characters insert; Backspace, Delete, Left,
 * Right, Home/^A, End/^E, ^U (kill to start), ^K (kill to end), ^W (kill
 * word).  Returns 1 if the key was used, 2 if it also changed the text.
 */
int ui_line_key(struct ui_line *l, struct ui_event ev);
/* Draw in width columns at (y, x), scrolled so the cursor shows; *cur_x
 * receives the cursor column. */
void ui_line_draw(WINDOW *w, int y, int x, int width, const struct ui_line *l,
                  int focused, int *cur_x);

/* ---- screen pieces ---- */
struct ui;
/* A label (already translated) in lw columns (0: its width plus one), then
 * the editor in width columns, the label highlighted and the cursor placed
 * when focused.  Returns the column after the editor. */
int ui_field(struct ui *ui, WINDOW *w, int y, int x, const char *label, int lw,
             struct ui_line *l, int width, int focused);
/* The title row: title (stored text when stored, else a label) on the left,
 * the time on the right when there is room. */
void ui_title_bar(WINDOW *w, time_t now, const char *title, int stored);
/* A row of key hints: pairs of key name and (untranslated) text, NULL
 * terminated; as many as fit. */
void ui_hints(WINDOW *w, int y, const char *const *pairs);
/* Move a list selection sel (of n rows, page rows a page) by a list
 * request: 1 when r was a move, 0 (nothing changed) otherwise. */
int ui_list_move(enum request r, int *sel, int n, int page);

#endif
