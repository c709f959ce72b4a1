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

#define KEY_CTRL(c) ((c) & 0x1f)
#define KEY_ESC 27

#define KEYS_GLOBAL(X) \
	X(HELP,          '?',          "show or hide this help") \
	X(HELP_F1,       KEY_F(1),     "show or hide this help (also in forms)") \
	X(QUIT,          KEY_F(10),    "quit frontdesk (Ctrl-C too)") \
	X(REDRAW,        KEY_CTRL('L'), "redraw the screen")

#define KEYS_LIST(X) \
	X(MOVE_UP,       KEY_UP,       "previous entry") \
	X(MOVE_DOWN,     KEY_DOWN,     "next entry") \
	X(PAGE_UP,       KEY_PPAGE,    "previous page") \
	X(PAGE_DOWN,     KEY_NPAGE,    "next page")

#define KEYS_SWITCHBOARD(X) \
	X(UNREACHED,     '\n',         "not reached: the call card with a callback for the chosen person") \
	X(CONNECTED,     KEY_F(2),     "put through: log a connected call") \
	X(NUMBER,        KEY_F(3),     "type the caller's number (a new call)") \
	X(MESSAGE,       KEY_F(4),     "message only: a note for the person, no callback") \
	X(BOARD,         KEY_F(6),     "absence board: set or clear anyone's presence") \
	X(MISSED,        KEY_F(7),     "today's missed calls, newest first") \
	X(NEXT_FIELD,    '\t',         "next field: number, name, company, wanted person") \
	X(PREV_FIELD,    KEY_BTAB,     "previous field") \
	X(NEW_CALL,      KEY_ESC,      "clear the caller and the search: a new call")

#define KEYS_CARD(X) \
	X(CARD_SAVE,     '\n',         "save the call; the callback is on the queue at once") \
	X(CARD_CANCEL,   KEY_ESC,      "close the card without saving") \
	X(CARD_NEXT,     '\t',         "next field") \
	X(CARD_PREV,     KEY_BTAB,     "previous field") \
	X(CARD_DOWN,     KEY_DOWN,     "next field") \
	X(CARD_UP,       KEY_UP,       "previous field") \
	X(CARD_CALLBACK, KEY_F(4),     "callback on or off") \
	X(CARD_DEPUTY,   KEY_F(5),     "assign the callback to the deputy (again: back to the person)") \
	X(CARD_URGENT,   KEY_F(6),     "urgent on or off") \
	X(CARD_COMPLAINT, KEY_F(7),    "complaint on or off") \
	X(CARD_DUE,      KEY_F(8),     "next due time: return time, in 1 h, this afternoon, tomorrow morning") \
	X(CARD_TOGGLE,   ' ',          "toggle the focused check box")

#define KEYS_BOARD(X) \
	X(BOARD_IN,      'i',          "in: clear the absence") \
	X(BOARD_OUT,     'o',          "out") \
	X(BOARD_MEETING, 'm',          "in a meeting") \
	X(BOARD_LUNCH,   'l',          "at lunch") \
	X(BOARD_VACATION, 'v',         "on vacation") \
	X(BOARD_SICK,    's',          "sick") \
	X(BOARD_CLOSE,   KEY_ESC,      "back to the switchboard") \
	X(BOARD_CLOSE_F6, KEY_F(6),    "back to the switchboard")

#define KEYS_PRESENCE(X) \
	X(PRESENCE_SAVE, '\n',         "save the presence (until time and note may stay empty)") \
	X(PRESENCE_CANCEL, KEY_ESC,    "cancel") \
	X(PRESENCE_NEXT, '\t',         "until time / note")

#define KEYS_MISSED(X) \
	X(MISSED_CLOSE,  KEY_ESC,      "back to the switchboard") \
	X(MISSED_CLOSE_F7, KEY_F(7),   "back to the switchboard")

/* Every context, with the title the help overlay and the man page use. */
#define KEY_CONTEXTS(C) \
	C(GLOBAL,      "Everywhere",       KEYS_GLOBAL) \
	C(LIST,        "Lists",            KEYS_LIST) \
	C(SWITCHBOARD, "Switchboard",      KEYS_SWITCHBOARD) \
	C(CARD,        "Call card",        KEYS_CARD) \
	C(BOARD,       "Absence board",    KEYS_BOARD) \
	C(PRESENCE,    "Presence prompt",  KEYS_PRESENCE) \
	C(MISSED,      "Missed calls",     KEYS_MISSED)

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
