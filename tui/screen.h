/*
 * screen: the full-screen program.  This module owns the terminal: it sets
 * curses up, restores the terminal on every way out (quit, Ctrl-C, SIGTERM,
 * SIGHUP, a crash), runs the one main loop and draws the status line.
 *
 * Every screen sits behind struct screen_ops (as tig's views do): the loop
 * turns keys into calls of ops->key, asks ops->draw for the picture and, when
 * another process changed the database (fd_changes), calls ops->reload.
 * Handlers return reaction flags (as htop's do) that the loop acts on.
 */
#ifndef FRONTDESK_TUI_SCREEN_H
#define FRONTDESK_TUI_SCREEN_H

#include <time.h>

#include "core/fd.h"
#include "tui/widgets.h"

/* Run the screen that fits fd's role until the user quits; returns the
 * process exit status. */
int ui_run(struct fd *fd);

/* What a handler wants the loop to do next. */
enum ui_reaction {
	UI_OK = 0,
	UI_REDRAW = 1 << 0,     /* draw again */
	UI_RELOAD = 1 << 1,     /* data changed here: refresh every screen */
	UI_QUIT = 1 << 2,
	UI_FULL_REDRAW = 1 << 3 /* repaint the whole terminal */
};

struct ui;

struct screen_ops {
	const char *name;
	void *(*open)(struct ui *ui);
	void (*close)(void *st);
	/* Draw the whole main window from the model; set the cursor with
	 * ui_cursor.  Called with at least UI_MIN_COLS x UI_MIN_ROWS - 1. */
	void (*draw)(void *st, struct ui *ui, WINDOW *w);
	/* One key press (after the global keys); returns reactions. */
	int (*key)(void *st, struct ui *ui, struct ui_event ev);
	/* The database changed (another process, or UI_RELOAD); also called
	 * once after open.  Must not block on the user. */
	int (*reload)(void *st, struct ui *ui, time_t now); /* "refresh": a curses macro */
	/* Key contexts active now, for the help overlay, ending KEYCTX_COUNT. */
	const enum key_context *(*contexts)(void *st);
	/* Nonzero while a text field that takes '?' has the focus. */
	int (*typing)(void *st);
};

/* The screens; further ones (queue for employees, review for supervisors)
 * go into the table in screen.c. */
extern const struct screen_ops switchboard_ops;

/* Smallest usable terminal; below it: "terminal too small". */
#define UI_MIN_COLS 40
#define UI_MIN_ROWS 10

struct ui {
	struct fd *fd;
	WINDOW *main, *status;
	int rows, cols;            /* of the terminal */
	int too_small;
	int help;                  /* help overlay shown */
	int help_top;              /* scrolled help */
	char err[600];             /* the last error, plain words */
	char note[600];            /* the last confirmation */
	long long cb_open, cb_overdue;
	int cur_y, cur_x, cur_show;
	time_t now;                /* the clock at this tick */
};

/* Place the terminal cursor (in main window coordinates), or hide it. */
void ui_cursor(struct ui *ui, int y, int x);
/* Report an error / a confirmation on the status line (printf-style). */
void ui_error(struct ui *ui, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void ui_note(struct ui *ui, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif
