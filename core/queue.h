/*
 * queue: working the callback queue beyond one's own callbacks.
 *
 * Escalation: an open callback overdue by more than escalate_deputy (meta,
 * default 30 min) appears, marked, on the queue of its assignee's deputy;
 * overdue by more than escalate_supervisor (default 4 h) on the queue of
 * every supervisor (and admin).  The rules are pure functions of "now".
 *
 * Also here: the detail of one callback (callback show), the reminder
 * digest mailed to each person with open callbacks (remind), dialling a
 * caller through a configured command, and the one place that runs such
 * commands.  Commands configured in the database (mail_command,
 * dial_command) are run only when nobody else can write the database file;
 * otherwise the environment (FRONTDESK_MAIL_COMMAND, FRONTDESK_DIAL_COMMAND)
 * or an option must name them, because a setting any colleague can write
 * must never become a program run under someone else's account.
 *
 * Returned lists and strings are malloc'd and owned by the caller.
 */
#ifndef FRONTDESK_QUEUE_H
#define FRONTDESK_QUEUE_H

#include <stddef.h>
#include <time.h>

#include "core/fd.h"

/* values of struct callback.escalated */
enum { ESC_OWN = 0, ESC_DEPUTY = 1, ESC_SUPERVISOR = 2 };

struct fd_escalate {
	long deputy;               /* seconds overdue before the deputy sees it */
	long supervisor;           /* ... before the supervisors see it */
};
#define ESCALATE_DEPUTY_DEFAULT 1800L
#define ESCALATE_SUPERVISOR_DEFAULT (4 * 3600L)
#define ESCALATE_NEVER (-1L)   /* the setting "off" */

/* The settings escalate_deputy / escalate_supervisor: seconds, or a number
 * with s, m, h or d ("30m"), or "off".  -1 with a reason when malformed. */
int fd_escalate_load(struct fd *fd, struct fd_escalate *out, struct fd_err *err);

/* How far an open callback due at `due` has escalated at now: ESC_OWN (not
 * yet), ESC_DEPUTY, ESC_SUPERVISOR.  Overdue by *more than* a threshold. */
int fd_escalation_stage(time_t due, time_t now, const struct fd_escalate *t);

/*
 * Where a callback belongs on the queue of viewer: -1 not at all, else
 * ESC_OWN (theirs), ESC_DEPUTY (they stand in for its assignee, whose
 * deputy is assignee_deputy_id) or ESC_SUPERVISOR (viewer is a supervisor
 * or admin).  Closed callbacks appear only on their assignee's queue.
 */
int fd_queue_place(const struct staff *viewer, const struct callback *cb,
                   long long assignee_deputy_id, time_t now,
                   const struct fd_escalate *t);

/*
 * Called by fd_queue: add to a queue what has escalated to it and mark
 * every item (callback.escalated), then sort (open first, overdue first,
 * by due time, urgent first).  viewer_id 0: the everyone view, where
 * escalated says how far each open callback has got.
 */
int queue_escalate(struct fd *fd, long long viewer_id, time_t now,
                   struct callback **list, size_t *n, struct fd_err *err);

/* Every open callback overdue by more than escalate_supervisor, oldest
 * first (supervisors and admins). */
int fd_escalations(struct fd *fd, time_t now, struct callback **out, size_t *n,
                   struct fd_err *err);

/* May the acting person work this callback because it escalated to them
 * as deputy?  1 yes, 0 no (never an error: a failed lookup is a no). */
int queue_escalated_to_me(struct fd *fd, const struct callback *cb, time_t now);

/* ---- one callback in full ---- */
struct fd_callback_detail {
	struct callback cb;
	int have_contact;
	struct contact contact;
	struct call *calls;        /* every call from this caller, newest first */
	size_t n_calls;
	int calls_limited;         /* an employee sees calls for themselves only */
	struct attempt *attempts;  /* oldest first */
	size_t n_attempts;
};
int fd_callback_detail(struct fd *fd, long long id, time_t now,
                       struct fd_callback_detail *out, struct fd_err *err);
void fd_callback_detail_clear(struct fd_callback_detail *d);

/* ---- running configured commands ---- */
struct fd_run {
	const char *cmd;           /* run as /bin/sh -c cmd frontdesk arg1 arg2 */
	const char *arg1, *arg2;   /* "$1", "$2" (NULL: none) */
	const char *input;         /* on stdin (NULL: /dev/null) */
	size_t input_len;
	int timeout;               /* seconds; the command is killed after */
	int pass_output;           /* 1: stdout/stderr inherited; 0: captured */
};
/* 0 when the command exited 0; -1 with what went wrong, the command's last
 * line of output included (err code 1). */
int fd_run_command(const struct fd_run *r, struct fd_err *err);

/* ---- dialling ---- */
/* Dial the caller of a callback: dial_command runs with the number (E.164)
 * as "$1" and its national digits as "$2", never inside the shell text. */
int fd_dial(struct fd *fd, long long id, time_t now, char number_out[32],
            struct fd_err *err);

/* ---- the reminder digest ---- */
/* 1 if s is one plain address (local@domain, ASCII, no spaces, commas or
 * angle brackets) that is safe in a To: header. */
int fd_mail_address_valid(const char *s);
/* The whole mail (headers, blank line, body) for one person's queue:
 * count, overdue first, then by due time; stored text escaped.  NULL when
 * the address is not valid. */
char *fd_digest_format(const struct staff *to, const struct callback *list,
                       size_t n, time_t now);

struct fd_remind_opts {
	const char *mail_command;  /* NULL: FRONTDESK_MAIL_COMMAND, meta, default */
	int dry_run;               /* build the mails, send nothing */
};
enum fd_remind_status { REMIND_SENT, REMIND_DRY_RUN, REMIND_FAILED, REMIND_SKIPPED };
struct fd_remind_result {
	const struct staff *to;
	size_t n, overdue;
	enum fd_remind_status status;
	const char *mail;          /* the mail (dry run) */
	const char *why;           /* failed, skipped */
};
/* Mail each staff member whose queue is not empty a digest.  report is
 * called once per person.  0 when the run was possible (*failed counts the
 * failed sends), -1 when not (permissions, settings, database). */
int fd_remind(struct fd *fd, const struct fd_remind_opts *o, time_t now,
              void (*report)(void *ctx, const struct fd_remind_result *r),
              void *ctx, size_t *failed, struct fd_err *err);

#endif
