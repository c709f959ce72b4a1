/*
 * when: times as people type and read them.
 *
 * Everything is stored as UTC seconds (time_t) and shown in local time (TZ).
 * "now" is always an argument so tests control the clock.  Results go into
 * caller-owned buffers; reasons are lowercase, no full stop, and need no
 * freeing (see when_parse for how long they stay valid).
 */
#ifndef FRONTDESK_WHEN_H
#define FRONTDESK_WHEN_H

#include <stddef.h>
#include <time.h>

/*
 * Parse a point in time.  Understood (case-insensitive, English and German,
 * surrounding and repeated white space ignored):
 *   "now"/"jetzt", "14:30", "9" / "9h" / "9 uhr" / "9am" (a bare hour), "+2h",
 *   "+30m"/"+30min", "+1d", "+1h30m", "in 2h", "in 30 min", "in 2 tagen",
 *   "today 14:00"/"heute 14:00", "tomorrow 9"/"morgen 9:00", "übermorgen",
 *   "mo 10:00", "monday 10:00", "di", "tue" ... (the next such weekday),
 *   "2026-12-01 08:30", "2026-12-01T08:30", "2026-12-01" (start of day),
 *   "24.11.2026 14:30", "24.11.2026", "24.11. 14:30", "24.11.",
 *   "Mo 24.11. 14:30" (as when_format_short writes it; the weekday is checked),
 *   "tomorrow at 9", "morgen um 9", "9am tomorrow".
 * A time of day alone means today, even when it has passed.  A day word or
 * weekday without a time ("mo", "tomorrow") means 09:00, the start of the
 * business day, because these are due times; a date alone means 00:00.
 * A weekday means today only while that time is still ahead, else next
 * week.  "24.11." is the next 24 November, today included.  Minutes and
 * hours are exact seconds; "+1d"/"+1w" keep the clock time across a DST
 * change.  Local times are built with mktime, so a time the clocks skip
 * (02:30 on the spring-forward night) is refused.
 * Returns 0 and sets *out, or -1 with *why
 * (e.g. "25:00 is not a time of day", "2026-02-30 is not a date",
 * "cannot read \"xyz\" as a time; try 14:30, tomorrow 9, +2h or 2026-12-01").
 * *why is a static string or a per-thread buffer that stays valid until the
 * thread's next when_parse or when_parse_future call.  out and why may be
 * NULL.
 */
int when_parse(const char *text, time_t now, time_t *out, const char **why);

/* As when_parse, but a time before now (minus one minute grace) is refused:
 * "that time has passed; give a time after now (e.g. +1h)", or for a time
 * of day meaning today "14:30 today has passed; say tomorrow 14:30". */
int when_parse_future(const char *text, time_t now, time_t *out,
                      const char **why);

/* ISO 8601 with offset in local time: "2026-11-23T19:47:00+01:00". */
void when_format_iso(time_t t, char *out, size_t n);

/* Short local form: "14:30" if today, "tomorrow 09:00", "Mo 24.11. 14:30"
 * within a week either way, else "24.11.2026 14:30".  Every format function
 * truncates to n bytes (n may be 0) and always terminates when n > 0. */
void when_format_short(time_t t, time_t now, char *out, size_t n);

/* Relative form: "in 2 h", "in 25 min", "overdue 25 min", "overdue 3 h",
 * "overdue 2 d", "now" (under a minute either way); rounded down. */
void when_format_relative(time_t t, time_t now, char *out, size_t n);

/* Age: "5 min ago", "2 h ago", "3 d ago", "just now" (also for a future t). */
void when_format_ago(time_t t, time_t now, char *out, size_t n);

/* Start of the local day containing t. */
time_t when_day_start(time_t t);

#endif
