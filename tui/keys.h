/*
 * keys: every key of the full-screen program, one X-macro table per
 * context, X(NAME, key, "help text").  From these tables come the request
 * enum (REQ_NAME), the key lookup, the help overlay (`?`) and the man page's
 * key list, so a binding is written down exactly once.
 *
 * key is a curses key code (KEY_F(2), KEY_UP, ...) or a character ('?',
 * '\n' for Enter, 27 for Esc, '\t' for Tab, KEY_CTRL('L')).  A screen looks a
 * key up in its own contexts first, then LIST, then GLOBAL; a focused text
 * field takes printable characters before any table does, except on the
 * switchboard's search fields, where '?' is help (names hold no '?').
 */
#ifndef FRONTDESK_TUI_KEYS_H
#define FRONTDESK_TUI_KEYS_H

#include <curses.h>

#include "core/i18n.h" /* help texts are N_(): the overlay translates, the man page does not */

#define KEY_CTRL(c) ((c) & 0x1f)
#define KEY_ESC 27

#define KEYS_GLOBAL(X) \
	X(HELP,          '?',          N_("show or hide this help")) \
	X(HELP_F1,       KEY_F(1),     N_("show or hide this help (also in forms)")) \
	X(QUIT,          KEY_F(10),    N_("quit frontdesk (Ctrl-C too)")) \
	X(REDRAW,        KEY_CTRL('L'), N_("redraw the screen"))

#define KEYS_LIST(X) \
	X(MOVE_UP,       KEY_UP,       N_("previous entry")) \
	X(MOVE_DOWN,     KEY_DOWN,     N_("next entry")) \
	X(PAGE_UP,       KEY_PPAGE,    N_("previous page")) \
	X(PAGE_DOWN,     KEY_NPAGE,    N_("next page"))

#define KEYS_SWITCHBOARD(X) \
	X(UNREACHED,     '\n',         N_("not reached: the call card with a callback for the chosen person")) \
	X(CONNECTED,     KEY_F(2),     N_("put through: log a connected call")) \
	X(NUMBER,        KEY_F(3),     N_("type the caller's number (a new call)")) \
	X(MESSAGE,       KEY_F(4),     N_("message only: a note for the person, no callback")) \
	X(BOARD,         KEY_F(6),     N_("absence board: set or clear anyone's presence")) \
	X(MISSED,        KEY_F(7),     N_("today's missed calls, newest first")) \
	X(NEXT_FIELD,    '\t',         N_("next field: number, name, company, wanted person")) \
	X(PREV_FIELD,    KEY_BTAB,     N_("previous field")) \
	X(NEW_CALL,      KEY_ESC,      N_("clear the caller and the search: a new call")) \
	X(OPEN_QUEUE,    KEY_F(8),     N_("callback queue: your own; there o opens anyone's")) \
	X(OPEN_REVIEW,   KEY_F(9),     N_("review: the missed-call log and callback figures (supervisors)"))

#define KEYS_CARD(X) \
	X(CARD_SAVE,     '\n',         N_("save the call; the callback is on the queue at once")) \
	X(CARD_CANCEL,   KEY_ESC,      N_("close the card without saving")) \
	X(CARD_NEXT,     '\t',         N_("next field")) \
	X(CARD_PREV,     KEY_BTAB,     N_("previous field")) \
	X(CARD_DOWN,     KEY_DOWN,     N_("next field")) \
	X(CARD_UP,       KEY_UP,       N_("previous field")) \
	X(CARD_CALLBACK, KEY_F(4),     N_("callback on or off")) \
	X(CARD_DEPUTY,   KEY_F(5),     N_("assign the callback to the deputy (again: back to the person)")) \
	X(CARD_URGENT,   KEY_F(6),     N_("urgent on or off")) \
	X(CARD_COMPLAINT, KEY_F(7),    N_("complaint on or off")) \
	X(CARD_DUE,      KEY_F(8),     N_("next due time: return time, in 1 h, this afternoon, tomorrow morning")) \
	X(CARD_TOGGLE,   ' ',          N_("toggle the focused check box"))

#define KEYS_BOARD(X) \
	X(BOARD_IN,      'i',          N_("in: clear the absence")) \
	X(BOARD_OUT,     'o',          N_("out")) \
	X(BOARD_MEETING, 'm',          N_("in a meeting")) \
	X(BOARD_LUNCH,   'l',          N_("at lunch")) \
	X(BOARD_VACATION, 'v',         N_("on vacation")) \
	X(BOARD_SICK,    's',          N_("sick")) \
	X(BOARD_CLOSE,   KEY_ESC,      N_("back to the switchboard")) \
	X(BOARD_CLOSE_F6, KEY_F(6),    N_("back to the switchboard"))

#define KEYS_PRESENCE(X) \
	X(PRESENCE_SAVE, '\n',         N_("save the presence (until time and note may stay empty)")) \
	X(PRESENCE_CANCEL, KEY_ESC,    N_("cancel")) \
	X(PRESENCE_NEXT, '\t',         N_("until time / note"))

#define KEYS_MISSED(X) \
	X(MISSED_CLOSE,  KEY_ESC,      N_("back to the switchboard")) \
	X(MISSED_CLOSE_F7, KEY_F(7),   N_("back to the switchboard"))

/* The callback queue (tui/queue.c).  Keys act on every marked callback,
 * or on the selected one when none is marked. */
#define KEYS_QUEUE(X) \
	X(Q_REACHED,     'r',          N_("reached: close it (an optional note, then Enter)")) \
	X(Q_NO_ANSWER,   'n',          N_("no answer: logged, next try after the reschedule step")) \
	X(Q_BUSY,        'b',          N_("busy: logged, next try after the reschedule step")) \
	X(Q_VOICEMAIL,   'v',          N_("voicemail: logged, next try after the reschedule step")) \
	X(Q_WRONG,       'w',          N_("wrong number: close it (an optional note, then Enter)")) \
	X(Q_AGAIN,       'c',          N_("the caller will call again: close it (optional note, Enter)")) \
	X(Q_HAND,        'h',          N_("hand to a colleague: type a name, pick, Enter")) \
	X(Q_SNOOZE,      's',          N_("snooze to a time: 14:30, tomorrow 9, +2h")) \
	X(Q_NOTE,        'a',          N_("add a note")) \
	X(Q_MARK,        ' ',          N_("mark or unmark; marked callbacks are handled together")) \
	X(Q_UNMARK,      KEY_ESC,      N_("unmark all")) \
	X(Q_COPY,        'y',          N_("copy the number (OSC 52, where the terminal allows)")) \
	X(Q_DIAL,        'd',          N_("dial the number (dial_command)")) \
	X(Q_PRESENCE,    'p',          N_("set presence and return time (of this queue's owner)")) \
	X(Q_WHOSE,       'o',          N_("open someone's queue: type a name (reception, supervisors)")) \
	X(Q_DETAIL_DOWN, ']',          N_("scroll the details down")) \
	X(Q_DETAIL_UP,   '[',          N_("scroll the details up")) \
	X(Q_SWITCHBOARD, KEY_F(8),     N_("the switchboard (F8 there comes back)"))

/* A question at the bottom of the queue: a note, a time, a name. */
#define KEYS_QPROMPT(X) \
	X(QP_OK,         '\n',         N_("do it; the text typed stays when it fails")) \
	X(QP_CANCEL,     KEY_ESC,      N_("cancel: nothing is written")) \
	X(QP_NEXT,       '\t',         N_("presence: until time / note"))

#define KEYS_QPRESENCE(X) \
	X(QPR_IN,        'i',          N_("in: clear the absence")) \
	X(QPR_OUT,       'o',          N_("out")) \
	X(QPR_MEETING,   'm',          N_("in a meeting")) \
	X(QPR_LUNCH,     'l',          N_("at lunch")) \
	X(QPR_VACATION,  'v',          N_("on vacation")) \
	X(QPR_SICK,      's',          N_("sick")) \
	X(QPR_CANCEL,    KEY_ESC,      N_("cancel"))

/* The supervisor's review (tui/review.c): the missed-call log, figures
 * and charts for a period. */
#define KEYS_REVIEW(X) \
	X(REV_VIEW_NEXT, '\t',         N_("next view: missed-call log, figures, charts")) \
	X(REV_VIEW_PREV, KEY_BTAB,     N_("previous view")) \
	X(REV_OPEN,      '\n',         N_("the row's caller: whole history and the callback's attempts")) \
	X(REV_ALL,       'a',          N_("log: every unreached call")) \
	X(REV_NEVER,     'n',          N_("log: never called back (no reached attempt, open or closed)")) \
	X(REV_OVERDUE,   'o',          N_("log: callbacks overdue now")) \
	X(REV_REPEAT,    'r',          N_("log: repeat callers (two or more calls before being reached)")) \
	X(REV_AFTER,     'h',          N_("log: calls outside business hours")) \
	X(REV_FILTER,    'f',          N_("filter the log: person, department, callback status, caller; the figures follow department and person")) \
	X(REV_CLEAR,     'x',          N_("clear the filters")) \
	X(REV_SORT,      's',          N_("sort the log by the next column")) \
	X(REV_REVERSE,   'S',          N_("reverse the sort")) \
	X(REV_PERIOD,    'p',          N_("period: last 7, 30, 90 or 365 days, or a calendar month")) \
	X(REV_EARLIER,   '[',          N_("the period before")) \
	X(REV_LATER,     ']',          N_("the period after (up to today)")) \
	X(REV_GROUP,     'g',          N_("figures by department, hour, weekday (person where enabled)")) \
	X(REV_SWITCHBOARD, KEY_F(9),   N_("the switchboard (F9 there comes back)"))

#define KEYS_RFILTER(X) \
	X(RF_APPLY,      '\n',         N_("apply the filter; empty fields match anything")) \
	X(RF_CANCEL,     KEY_ESC,      N_("cancel: the filter stays as it was")) \
	X(RF_NEXT,       '\t',         N_("next field")) \
	X(RF_PREV,       KEY_BTAB,     N_("previous field")) \
	X(RF_DOWN,       KEY_DOWN,     N_("next field")) \
	X(RF_UP,         KEY_UP,       N_("previous field"))

#define KEYS_RDETAIL(X) \
	X(RD_CLOSE,      KEY_ESC,      N_("back to the log")) \
	X(RD_CLOSE_ENTER, '\n',        N_("back to the log"))

/* Every context, with the title the help overlay and the man page use. */
#define KEY_CONTEXTS(C) \
	C(GLOBAL,      N_("Everywhere"),       KEYS_GLOBAL) \
	C(LIST,        N_("Lists"),            KEYS_LIST) \
	C(SWITCHBOARD, N_("Switchboard"),      KEYS_SWITCHBOARD) \
	C(CARD,        N_("Call card"),        KEYS_CARD) \
	C(BOARD,       N_("Absence board"),    KEYS_BOARD) \
	C(PRESENCE,    N_("Presence prompt"),  KEYS_PRESENCE) \
	C(MISSED,      N_("Missed calls"),     KEYS_MISSED) \
	C(QUEUE,       N_("Callback queue"),   KEYS_QUEUE) \
	C(QPROMPT,     N_("Queue prompts"),    KEYS_QPROMPT) \
	C(QPRESENCE,   N_("Queue: presence"),  KEYS_QPRESENCE) \
	C(REVIEW,      N_("Review"),           KEYS_REVIEW) \
	C(RFILTER,     N_("Review: filter"),   KEYS_RFILTER) \
	C(RDETAIL,     N_("Review: history"),  KEYS_RDETAIL)

enum request {
	REQ_NONE = 0,
#define KEY_REQ_ENUM(name, key, help) REQ_##name,
	KEYS_GLOBAL(KEY_REQ_ENUM)
	KEYS_LIST(KEY_REQ_ENUM)
	KEYS_SWITCHBOARD(KEY_REQ_ENUM)
	KEYS_CARD(KEY_REQ_ENUM)
	KEYS_BOARD(KEY_REQ_ENUM)
	KEYS_PRESENCE(KEY_REQ_ENUM)
	KEYS_MISSED(KEY_REQ_ENUM)
	KEYS_QUEUE(KEY_REQ_ENUM)
	KEYS_QPROMPT(KEY_REQ_ENUM)
	KEYS_QPRESENCE(KEY_REQ_ENUM)
	KEYS_REVIEW(KEY_REQ_ENUM)
	KEYS_RFILTER(KEY_REQ_ENUM)
	KEYS_RDETAIL(KEY_REQ_ENUM)
#undef KEY_REQ_ENUM
	REQ_COUNT
};

enum key_context {
#define KEY_CTX_ENUM(name, title, table) KEYCTX_##name,
	KEY_CONTEXTS(KEY_CTX_ENUM)
#undef KEY_CTX_ENUM
	KEYCTX_COUNT
};

#endif
