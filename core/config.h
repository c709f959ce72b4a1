/*
 * config: the configuration files, /etc/frontdesk.conf for the host and
 * $XDG_CONFIG_HOME/frontdesk/config (~/.config/frontdesk/config) for the
 * person, the latter read last so it wins.  "key = value" lines, '#'
 * comments; every key is documented in frontdesk.conf(5).
 *
 * Values not set in any file keep their defaults and have *_set 0, so a
 * database's own setting can win over a built-in default but not over
 * what someone wrote down.  Strings are malloc'd and owned by the struct:
 * config_clear frees them.
 */
#ifndef FRONTDESK_CONFIG_H
#define FRONTDESK_CONFIG_H

#include "core/fd.h"

#define CONFIG_SYSTEM_PATH "/etc/frontdesk.conf"
#define CONFIG_SPAN_OFF (-1L)      /* an escalation step that never happens */

struct fd_config {
	char *db_path;             /* database; NULL: the XDG default */
	int country_code;          /* default_country_code, 49 */
	char *spelling;            /* spelling_alphabet: "din5009" or "icao"; NULL: by locale */
	char *business_hours;      /* "08:00-18:00" */
	char *business_days;       /* "mon-fri" */
	long callback_promise;     /* seconds, 3600 */
	long reschedule_step;      /* seconds, 3600 */
	long escalate_deputy;      /* seconds overdue, or CONFIG_SPAN_OFF */
	long escalate_supervisor;
	int colours;               /* 1 on, 0 off */
	int bell;                  /* 1 on, 0 off */
	char *dial_command;        /* NULL: none */
	char *mail_command;
	/* which keys a file set (the rest are defaults) */
	int country_code_set, callback_promise_set, reschedule_step_set;
	int escalate_deputy_set, escalate_supervisor_set, colours_set, bell_set;
	char *loaded[2];           /* the files read, for messages */
};

/* Fill c with the defaults (nothing allocated). */
void config_defaults(struct fd_config *c);
void config_clear(struct fd_config *c);

/*
 * Read one file over c.  A missing file is fine (0).  An unknown key or a
 * bad value is an error naming the file and line, code 2:
 * ~/.config/frontdesk/config:3: unknown key "colour"; see frontdesk.conf(5)
 * (the message starts with the path; the caller adds "frontdesk: ").
 */
int config_load(struct fd_config *c, const char *path, struct fd_err *err);

/* The person's file: $XDG_CONFIG_HOME/frontdesk/config (malloc'd), NULL
 * when neither XDG_CONFIG_HOME nor HOME is known. */
char *config_user_path(void);

/* Defaults, then /etc/frontdesk.conf, then the person's file
 * ($FRONTDESK_CONFIG instead of both when set). */
int config_load_all(struct fd_config *c, struct fd_err *err);

/*
 * Hand the configuration to an open database session: the country code,
 * callback promise and reschedule step where the database holds no setting
 * of its own; dial and mail commands, spelling alphabet and colours through
 * the environment variables the program reads (FRONTDESK_DIAL_COMMAND,
 * FRONTDESK_MAIL_COMMAND, FRONTDESK_SPELLING, NO_COLOR) unless those are
 * set already: the environment wins over files.
 */
void config_apply(const struct fd_config *c, struct fd *fd);

/* "30m", "4h", "1d", "1800" (seconds), "off": 0 ok, -1 not a span. */
int config_parse_span(const char *s, long *out);

#endif
