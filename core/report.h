/*
 * report: the supervisor's review — figures for a period, the missed-call
 * log with its lists, and exports.  For the command line ('frontdesk report',
 * 'frontdesk export') and the review screen alike: everything here is plain
 * data; drawing (tables, bars) is the caller's, except report_chart_bar, a
 * plain-text bar both can use.
 *
 * Definitions (the figures, the export and the screen all use these):
 * - An unreached call is a call logged with outcome "unreached".
 * - A callback belongs to the period in which it was created (= the time of
 *   the first unreached call about it).  A real attempt is one where someone
 *   phoned: reached, no-answer, busy, voicemail, wrong-number.
 * - Time to first attempt / to reaching the caller: from the callback's
 *   creation to its first real attempt / to its "reached" attempt, in
 *   business time (report_elapsed) unless the clock is "wall".
 * - Median and 90th percentile are nearest-rank over *all* callbacks of the
 *   period; a callback not yet attempted (reached) counts as longer than any
 *   other, so when more than half were never reached the median is "not
 *   reached" (REPORT_NEVER).  Honest, not flattering.
 * - Share within 1 h / 4 h / 24 h: callbacks reached within that much
 *   (business) time, over all callbacks of the period.
 * - Overdue: open and due before now.  Never reached: no reached attempt
 *   (open or closed).  Repeat caller: a callback whose caller called two or
 *   more times before being reached.  After hours: an unreached call outside
 *   the business hours.
 * - Groups: department is the wanted person's; hour and weekday are the
 *   local time of the call (callbacks: of their first call); person is the
 *   callback's assignee (unreached calls: the wanted person).
 *
 * Configuration (meta table; defaults in brackets):
 *   report_hours "08:00-18:00", report_days "mon-fri", report_clock
 *   "business" (or "wall"), report_thresholds "1h,4h,24h" (up to
 *   REPORT_MAX_THRESHOLDS), report_per_person "0" (per-person figures need
 *   "1": agreed with the works council).
 *
 * Ownership: struct report and the missed rows are malloc'd; free them with
 * report_free / report_missed_free.  Every function takes "now".
 */
#ifndef FRONTDESK_REPORT_H
#define FRONTDESK_REPORT_H

#include <stddef.h>
#include <stdio.h>
#include <time.h>

#include "core/fd.h"

#define REPORT_MAX_THRESHOLDS 6
/* A duration that never ended (not attempted, not reached). */
#define REPORT_NEVER (-1L)

/* ---- business hours: pure functions ---- */
struct report_hours {
	int open_min, close_min;   /* minutes after local midnight, open < close */
	unsigned days;             /* bit 0 Sunday, bit 1 Monday ... bit 6 Saturday */
};
/* Mon-Fri 08:00-18:00. */
void report_hours_default(struct report_hours *h);
/* "08:00-18:00" and "mon-fri" / "mo,di,mi" / "1-5" (ISO: 1 Monday, 7 Sunday);
 * either may be NULL (keeps *h's).  0 or -1 with *why (static). */
int report_hours_parse(const char *hours, const char *days, struct report_hours *h,
                       const char **why);
/* "Mon-Fri 08:00-18:00" into buf. */
void report_hours_format(const struct report_hours *h, char *buf, size_t n);
/* Seconds of business time between from and to, local time (TZ): a call
 * at 17:55 on a Friday called back at 08:30 on Monday waited 35 minutes.
 * 0 when to <= from. */
long report_elapsed(const struct report_hours *h, time_t from, time_t to);
/* Is t (local) inside business hours? */
int report_in_hours(const struct report_hours *h, time_t t);

/* Nearest-rank percentile (p in 1..100) of n sorted values; REPORT_NEVER
 * stands for "longer than any" and sorts last.  n 0: REPORT_NEVER. */
long report_percentile(const long *sorted, size_t n, int p);
/* Sort durations ascending, REPORT_NEVER last. */
void report_sort_durations(long *v, size_t n);

/* ---- configuration and period ---- */
struct report_config {
	struct report_hours hours;
	int wall_clock;            /* 1: elapsed wall-clock time, not business time */
	long thresholds[REPORT_MAX_THRESHOLDS]; /* seconds, ascending */
	int n_thresholds;
	int per_person;            /* report_per_person = 1 */
};
/* Read from the meta table; a malformed setting is an error (code 1) that
 * names the key. */
int report_config_load(struct fd *fd, struct report_config *cfg, struct fd_err *err);

struct report_period {
	time_t since, until;       /* [since, until) */
};
/* Typed --since/--until ("2026-11-01", "-30d" not supported: use dates or
 * when_parse's forms).  Defaults: since the start of the day 30 days ago,
 * until now.  Code 2 when unreadable or since >= until. */
int report_period_parse(const char *since, const char *until, time_t now,
                        struct report_period *p, struct fd_err *err);

/* ---- figures ---- */
enum report_by { REPORT_BY_NONE, REPORT_BY_DEPARTMENT, REPORT_BY_HOUR,
                 REPORT_BY_WEEKDAY, REPORT_BY_PERSON };
/* "department", "hour", "weekday", "person": 0, or -1. */
int report_by_parse(const char *s, enum report_by *out);

struct report_figures {
	char label[64];            /* group: department, "14", "Mon", login; "" total */
	long long unreached_calls;
	long long after_hours;     /* unreached calls outside business hours */
	long long callbacks;       /* created in the period */
	long long attempted;       /* with at least one real attempt */
	long long reached;
	long long open, overdue;   /* at now */
	long long never_reached;   /* callbacks - reached */
	long long repeat_callers;  /* callbacks with calls >= 2 */
	long first_median, first_p90;     /* seconds or REPORT_NEVER */
	long reached_median, reached_p90;
	long long within[REPORT_MAX_THRESHOLDS]; /* reached within thresholds[i] */
};

struct report_bucket {
	const char *label;         /* "< 15 min", ..., "not reached" (static) */
	long upto;                 /* seconds, exclusive; REPORT_NEVER for the last */
	long long count;
};
#define REPORT_HIST_BUCKETS 10

struct report_week {
	time_t start;              /* local Monday 00:00 */
	long long unreached_calls, callbacks, reached;
	long reached_median;       /* seconds or REPORT_NEVER */
};

struct report {
	struct report_period period;
	struct report_config cfg;
	enum report_by by;
	time_t now;
	char department[64];           /* the scope's department, "" none */
	char person[64];               /* the scope's person (login), "" none */
	struct report_figures total;
	struct report_figures *groups; /* by != NONE; hour: 24, weekday: 7 (Mon first) */
	size_t n_groups;
	long long calls_by_hour[24];   /* unreached calls, local hour */
	long long calls_by_weekday[7]; /* Monday first */
	struct report_bucket hist[REPORT_HIST_BUCKETS]; /* time to reaching the caller */
	struct report_week *weeks;     /* oldest first */
	size_t n_weeks;
};

/* The figures for a period.  Supervisors and admins only; by person only
 * with report_per_person = 1 (else refused, code 1, naming the works
 * council).  Reads in one snapshot.  report_compute_in(..., NULL, ...). */
int report_compute(struct fd *fd, const struct report_period *p, enum report_by by,
                   int wall_clock, time_t now, struct report **out, struct fd_err *err);

/*
 * A part of the company the figures are restricted to; NULL or "" fields
 * restrict nothing, both given means both.  Each is the matching group of
 * --by, so the figures of a department are its row by department:
 * - department: unreached calls for someone in it (the wanted person's
 *   current department); callbacks opened by such a call.
 * - person (login or extension): unreached calls for them; callbacks
 *   assigned to them.  Only with report_per_person = 1, as by person.
 */
struct report_scope {
	const char *department;
	const char *person;
};
/* report_compute for a scope (NULL: the whole company).  An unknown
 * department or person is an error (code 2); a person without
 * report_per_person = 1 is refused (code 1, naming the works council). */
int report_compute_in(struct fd *fd, const struct report_period *p, enum report_by by,
                      const struct report_scope *scope, int wall_clock, time_t now,
                      struct report **out, struct fd_err *err);
void report_free(struct report **r);

/* A plain-text bar of value/max scaled to width columns: '#' characters
 * (ASCII, readable without colour or Unicode).  buf needs width + 1. */
void report_chart_bar(long long value, long long max, int width, char *buf);
/* "35 min", "3 h 10 min", "2 d 4 h", "not reached"/"-" for REPORT_NEVER. */
void report_duration_format(long secs, const char *never, char *buf, size_t n);

/* ---- the missed-call log ---- */
enum report_list {
	REPORT_LIST_ALL, REPORT_LIST_NEVER_CALLED_BACK, REPORT_LIST_OVERDUE,
	REPORT_LIST_REPEAT, REPORT_LIST_AFTER_HOURS,
};
/* "all", "never", "overdue", "repeat", "after-hours" */
int report_list_parse(const char *s, enum report_list *out);
enum report_sort {
	REPORT_SORT_TIME, REPORT_SORT_CALLER, REPORT_SORT_WANTED,
	REPORT_SORT_DEPARTMENT, REPORT_SORT_TAKEN_BY, REPORT_SORT_STATUS,
	REPORT_SORT_TO_CALLBACK,
};
struct report_missed_query {
	struct report_period period;   /* since/until 0: open */
	const char *person;            /* wanted person: login or extension */
	const char *department;
	const char *status;            /* none, open, overdue, done, cancelled, will-call-again */
	const char *caller;            /* a number (any format) or part of a name/company */
	enum report_list list;
	enum report_sort sort;         /* default: time, newest first; TO_CALLBACK
	                                  sorts by wall-clock time to the first attempt */
	int ascending;
	size_t limit, offset;          /* limit 0: 50 */
	/* keyset paging for the default sort: rows older than this one */
	time_t after_at;
	long long after_call_id;
};
struct report_missed_row {
	long long call_id;
	time_t at;
	long long contact_id;          /* 0: the caller is no contact */
	char *caller;                  /* name, else the number */
	char *company, *number;
	char *wanted_login, *wanted_name, *department, *taken_by;
	long long callback_id;         /* 0: none */
	char status[20];               /* none, open, overdue, done, ... */
	int calls;                     /* calls about the callback */
	time_t first_attempt, reached; /* 0: none (at or after this call) */
	long to_first, to_reached;     /* business or wall seconds, or REPORT_NEVER */
	int after_hours;
};
int report_missed(struct fd *fd, const struct report_missed_query *q, time_t now,
                  struct report_missed_row **out, size_t *n, struct fd_err *err);
void report_missed_free(struct report_missed_row *rows, size_t n);

/* ---- a caller's whole history ---- */
struct report_history_callback {
	struct callback cb;
	struct attempt *attempts;      /* oldest first */
	size_t n_attempts;
};
struct report_history {
	int have_contact;
	struct contact contact;        /* the caller, when a contact */
	struct call *calls;            /* every call, any outcome, newest first */
	size_t n_calls;
	struct report_history_callback *callbacks; /* every callback about those
	                                  calls, newest first */
	size_t n_callbacks;
};
/*
 * Everything about one caller, for a row of the missed-call log whether or
 * not it has a callback: the contact's calls (with those from its numbers
 * logged before it was a contact), else, with contact_id 0, the number's
 * (the contact that has the number now, if any); every callback about
 * them with its attempts.  Neither contact nor number: an empty history.
 * Supervisors and admins only.  Free with report_history_clear.
 */
int report_caller_history(struct fd *fd, long long contact_id, const char *number,
                          struct report_history *out, struct fd_err *err);
void report_history_clear(struct report_history *h);

/* ---- exports ---- */
enum report_export_kind { REPORT_EXPORT_CALLS, REPORT_EXPORT_CALLBACKS, REPORT_EXPORT_CONTACTS };
enum report_format { REPORT_FORMAT_CSV, REPORT_FORMAT_JSON };
int report_export_kind_parse(const char *s, enum report_export_kind *out);
int report_format_parse(const char *s, enum report_format *out);
/*
 * Write one kind of rows created in the period to f.  CSV: RFC 4180 (see
 * core/csv.h: CRLF, quoting, formula cells neutralised with a leading ',
 * phone numbers included: "+4930..." is written '+4930... so a spreadsheet
 * keeps the '+'), UTF-8, a BOM first when bom.  JSON: one array of objects.
 * Durations are seconds in the report's clock (business or wall).
 * Supervisors and admins only.  *rows receives the number of rows (may be
 * NULL).
 */
int report_export(struct fd *fd, enum report_export_kind kind, const struct report_period *p,
                  enum report_format format, int bom, int wall_clock, FILE *f,
                  time_t now, size_t *rows, struct fd_err *err);

#endif
