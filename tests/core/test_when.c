#include <criterion/criterion.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/when.h"

/* A fixed clock: Monday 2026-11-23 10:15:00 in Europe/Berlin (CET, +01:00). */
static time_t now;

/* Local wall-clock time in the current TZ. */
static time_t L(int y, int mon, int d, int h, int m)
{
	struct tm tm = {0};
	tm.tm_year = y - 1900;
	tm.tm_mon = mon - 1;
	tm.tm_mday = d;
	tm.tm_hour = h;
	tm.tm_min = m;
	tm.tm_isdst = -1;
	return mktime(&tm);
}

static void set_tz(const char *tz)
{
	setenv("TZ", tz, 1);
	tzset();
}

static void setup(void)
{
	set_tz("Europe/Berlin");
	now = L(2026, 11, 23, 10, 15);
}

TestSuite(when, .init = setup);

/* For failure messages: two rotating buffers so one message can show two. */
static const char *iso(time_t t)
{
	static char buf[2][40];
	static int i;
	i ^= 1;
	when_format_iso(t, buf[i], sizeof buf[i]);
	return buf[i];
}

#define SENTINEL ((time_t)12345)

#define PARSE_OK_AT(at, text, expect) do { \
	time_t o_ = SENTINEL; \
	const char *w_ = NULL; \
	int rc_ = when_parse((text), (at), &o_, &w_); \
	cr_assert_eq(rc_, 0, "\"%s\" refused: %s", (text), w_ ? w_ : "(null)"); \
	cr_assert_eq(o_, (expect), "\"%s\": got %s, want %s", (text), \
	             iso(o_), iso(expect)); \
} while (0)

#define PARSE_OK(text, expect) PARSE_OK_AT(now, text, expect)

#define PARSE_FAIL(text, reason) do { \
	time_t o_ = SENTINEL; \
	const char *w_ = NULL; \
	int rc_ = when_parse((text), now, &o_, &w_); \
	cr_assert_eq(rc_, -1, "\"%s\" accepted as %s", (text), iso(o_)); \
	cr_assert_not_null(w_); \
	cr_assert_str_eq(w_, (reason)); \
	cr_assert_eq(o_, SENTINEL, "out written on failure"); \
} while (0)

#define HINT "try 14:30, tomorrow 9, +2h or 2026-12-01"

/* ---- empty, malformed, impossible ------------------------------------- */

Test(when, null_and_empty)
{
	PARSE_FAIL(NULL, "no time given; " HINT);
	PARSE_FAIL("", "no time given; " HINT);
	PARSE_FAIL("   ", "no time given; " HINT);
	PARSE_FAIL(" \t\r\n ", "no time given; " HINT);
}

Test(when, null_out_and_why_are_safe)
{
	cr_assert_eq(when_parse("14:30", now, NULL, NULL), 0);
	cr_assert_eq(when_parse("xyz", now, NULL, NULL), -1);
	cr_assert_eq(when_parse_future("9:00", now, NULL, NULL), -1);
	cr_assert_eq(when_parse_future("14:30", now, NULL, NULL), 0);
}

Test(when, garbage)
{
	PARSE_FAIL("xyz", "cannot read \"xyz\" as a time; " HINT);
	PARSE_FAIL("  XyZ  ", "cannot read \"XyZ\" as a time; " HINT);
	PARSE_FAIL("14:30 xyz", "cannot read \"14:30 xyz\" as a time; " HINT);
	PARSE_FAIL("tomorrow tomorrow",
	           "cannot read \"tomorrow tomorrow\" as a time; " HINT);
	PARSE_FAIL("now 5", "cannot read \"now 5\" as a time; " HINT);
	PARSE_FAIL("2026", "cannot read \"2026\" as a time; " HINT);
	PARSE_FAIL("14:5", "cannot read \"14:5\" as a time; " HINT);
	PARSE_FAIL("14:300", "cannot read \"14:300\" as a time; " HINT);
	PARSE_FAIL("24.11", "cannot read \"24.11\" as a time; " HINT);
	PARSE_FAIL("-2h", "cannot read \"-2h\" as a time; " HINT);
	PARSE_FAIL("+", "cannot read \"+\" as a time; " HINT);
	PARSE_FAIL("in", "cannot read \"in\" as a time; " HINT);
	PARSE_FAIL("+2 parsecs", "cannot read \"+2 parsecs\" as a time; " HINT);
	PARSE_FAIL("+2", "give a unit after the number, e.g. +2h, +30m or +1d");
	PARSE_FAIL("+1234567h", "that is too far ahead");
	PARSE_FAIL("mon day", "cannot read \"mon day\" as a time; " HINT);
}

Test(when, long_input_is_refused_and_quoted_briefly)
{
	size_t n = 10 * 1024;
	char *big = malloc(n + 1);
	cr_assert_not_null(big);
	memset(big, 'a', n);
	big[n] = '\0';
	PARSE_FAIL(big, "that is too long for a time; " HINT);
	memcpy(big, "14:30", 5); /* a valid start does not rescue it */
	PARSE_FAIL(big, "that is too long for a time; " HINT);
	free(big);

	/* under the limit but unreadable: the quote is cut short */
	const char *w = NULL;
	cr_assert_eq(when_parse("abcdefghijabcdefghijabcdefghijabcdefghijabcdefghij",
	                        now, NULL, &w), -1);
	cr_assert_lt(strlen(w), 120);
	cr_assert_not_null(strstr(w, "...\" as a time"), "%s", w);
}

Test(when, invalid_utf8_is_refused_and_not_echoed_raw)
{
	static const char *bad[] = {
		"\xff\xfe 14:30", "14:30\xc3\x28", "\xc3", "morgen\x80",
		"\xed\xa0\x80", "14:30\x01", "\xe2\x80\xae" "14:30",
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		time_t o = SENTINEL;
		const char *w = NULL;
		cr_assert_eq(when_parse(bad[i], now, &o, &w), -1, "case %zu", i);
		cr_assert_eq(o, SENTINEL);
		cr_assert_eq(strncmp(w, "cannot read \"", 13), 0, "%s", w);
		for (const unsigned char *c = (const unsigned char *)w; *c; c++)
			cr_assert(*c >= 0x20 && *c < 0x7f,
			          "case %zu: raw byte 0x%02x in reason", i, *c);
	}
}

Test(when, impossible_times)
{
	PARSE_FAIL("24:00", "24:00 is not a time of day");
	PARSE_FAIL("12:60", "12:60 is not a time of day");
	PARSE_FAIL("25:00", "25:00 is not a time of day");
	PARSE_FAIL("tomorrow 99", "99 is not a time of day");
	PARSE_FAIL("mo 25:00", "25:00 is not a time of day");
	PARSE_FAIL("25 Uhr", "25 uhr is not a time of day");
	PARSE_FAIL("13pm", "13pm is not a time of day");
	PARSE_FAIL("0am", "0am is not a time of day");
	PARSE_FAIL("2026-12-01 24:00", "24:00 is not a time of day");
}

Test(when, impossible_dates)
{
	PARSE_FAIL("2026-02-30", "2026-02-30 is not a date");
	PARSE_FAIL("2026-02-29", "2026-02-29 is not a date");
	PARSE_FAIL("2026-13-01", "2026-13-01 is not a date");
	PARSE_FAIL("2026-00-10", "2026-00-10 is not a date");
	PARSE_FAIL("2026-12-32 10:00", "2026-12-32 is not a date");
	PARSE_FAIL("31.04.2026", "31.04.2026 is not a date");
	PARSE_FAIL("0.04.2026", "0.04.2026 is not a date");
	PARSE_FAIL("30.02.", "30.02. is not a date in 2027");
	PARSE_FAIL("Di 30.11.2026", "30.11.2026 is a monday, not a tuesday");
	/* 2028 is a leap year */
	PARSE_OK("29.02.2028", L(2028, 2, 29, 0, 0));
}

/* ---- every form --------------------------------------------------------- */

Test(when, now_word)
{
	PARSE_OK("now", now);
	PARSE_OK(" NOW ", now);
	PARSE_OK("jetzt", now);
}

Test(when, time_of_day_means_today)
{
	PARSE_OK("14:30", L(2026, 11, 23, 14, 30));
	PARSE_OK("  14:30\t", L(2026, 11, 23, 14, 30));
	PARSE_OK("9:05", L(2026, 11, 23, 9, 5)); /* passed: still today */
	PARSE_OK("09:05", L(2026, 11, 23, 9, 5));
	PARSE_OK("0:00", L(2026, 11, 23, 0, 0));
	PARSE_OK("23:59", L(2026, 11, 23, 23, 59));
	PARSE_OK("9", L(2026, 11, 23, 9, 0));
	PARSE_OK("9h", L(2026, 11, 23, 9, 0));
	PARSE_OK("9 Uhr", L(2026, 11, 23, 9, 0));
	PARSE_OK("9UHR", L(2026, 11, 23, 9, 0));
	PARSE_OK("14:30 uhr", L(2026, 11, 23, 14, 30));
	PARSE_OK("9am", L(2026, 11, 23, 9, 0));
	PARSE_OK("2 PM", L(2026, 11, 23, 14, 0));
	PARSE_OK("2:30pm", L(2026, 11, 23, 14, 30));
	PARSE_OK("12am", L(2026, 11, 23, 0, 0));
	PARSE_OK("12pm", L(2026, 11, 23, 12, 0));
}

Test(when, relative_is_exact_for_minutes_and_hours)
{
	PARSE_OK("+2h", now + 2 * 3600);
	PARSE_OK("+ 2 h", now + 2 * 3600);
	PARSE_OK("+30m", now + 30 * 60);
	PARSE_OK("+30min", now + 30 * 60);
	PARSE_OK("+1h30m", now + 90 * 60);
	PARSE_OK("+1h 30min", now + 90 * 60);
	PARSE_OK("+0m", now);
	PARSE_OK("in 2h", now + 2 * 3600);
	PARSE_OK("in 30 min", now + 30 * 60);
	PARSE_OK("IN 2 Stunden", now + 2 * 3600);
	PARSE_OK("in 45 minuten", now + 45 * 60);
	PARSE_OK("in 3 hours", now + 3 * 3600);
}

Test(when, relative_days_keep_the_clock)
{
	PARSE_OK("+1d", L(2026, 11, 24, 10, 15));
	PARSE_OK("in 2 tagen", L(2026, 11, 25, 10, 15));
	PARSE_OK("in 3 days", L(2026, 11, 26, 10, 15));
	PARSE_OK("+1w", L(2026, 11, 30, 10, 15));
	PARSE_OK("+1d2h", L(2026, 11, 24, 12, 15));
	PARSE_OK("+8d", L(2026, 12, 1, 10, 15)); /* across a month end */
}

Test(when, day_words)
{
	PARSE_OK("today 14:00", L(2026, 11, 23, 14, 0));
	PARSE_OK("heute 14:00", L(2026, 11, 23, 14, 0));
	PARSE_OK("tomorrow 9", L(2026, 11, 24, 9, 0));
	PARSE_OK("Tomorrow 9:30", L(2026, 11, 24, 9, 30));
	PARSE_OK("morgen 9:00", L(2026, 11, 24, 9, 0));
	PARSE_OK("MORGEN 17 Uhr", L(2026, 11, 24, 17, 0));
	PARSE_OK("tomorrow at 9", L(2026, 11, 24, 9, 0));
	PARSE_OK("morgen um 9", L(2026, 11, 24, 9, 0));
	PARSE_OK("9am tomorrow", L(2026, 11, 24, 9, 0));
	PARSE_OK("14:30 morgen", L(2026, 11, 24, 14, 30));
	PARSE_OK("tomorrow\xc2\xa0" "9", L(2026, 11, 24, 9, 0)); /* NBSP */
	/* without a time: the start of the business day */
	PARSE_OK("tomorrow", L(2026, 11, 24, 9, 0));
	PARSE_OK("morgen", L(2026, 11, 24, 9, 0));
	PARSE_OK("today", L(2026, 11, 23, 9, 0));
	PARSE_OK("übermorgen", L(2026, 11, 25, 9, 0));
	PARSE_OK("ÜBERMORGEN 10:00", L(2026, 11, 25, 10, 0));
	PARSE_OK("uebermorgen 8", L(2026, 11, 25, 8, 0));
}

/* now is Monday 23.11. 10:15 */
Test(when, weekday_names_english_and_german)
{
	static const struct { const char *name; int mday; } w[] = {
		{"mo", 30}, {"mon", 30}, {"monday", 30}, {"Montag", 30},
		{"Mo.", 30},
		{"di", 24}, {"tu", 24}, {"tue", 24}, {"tues", 24},
		{"Tuesday", 24}, {"dienstag", 24},
		{"mi", 25}, {"we", 25}, {"wed", 25}, {"wednesday", 25},
		{"Mittwoch", 25},
		{"do", 26}, {"th", 26}, {"thu", 26}, {"thurs", 26},
		{"thursday", 26}, {"DONNERSTAG", 26},
		{"fr", 27}, {"fri", 27}, {"friday", 27}, {"freitag", 27},
		{"sa", 28}, {"sat", 28}, {"saturday", 28}, {"samstag", 28},
		{"sonnabend", 28},
		{"so", 29}, {"su", 29}, {"sun", 29}, {"sunday", 29},
		{"Sonntag", 29},
	};
	for (size_t i = 0; i < sizeof w / sizeof w[0]; i++) {
		char text[40];
		/* alone: 09:00 (on Monday 09:00 has passed: next week) */
		PARSE_OK(w[i].name, L(2026, 11, w[i].mday, 9, 0));
		snprintf(text, sizeof text, "  %s 16:45 ", w[i].name);
		int mday = w[i].mday == 30 ? 23 : w[i].mday; /* 16:45 is ahead */
		PARSE_OK(text, L(2026, 11, mday, 16, 45));
	}
}

Test(when, weekday_today_only_while_ahead)
{
	PARSE_OK("mo 10:00", L(2026, 11, 30, 10, 0));
	PARSE_OK("mo 10:15", L(2026, 11, 30, 10, 15)); /* not ahead: now */
	PARSE_OK("mo 10:16", L(2026, 11, 23, 10, 16));
	PARSE_OK("monday 11:00", L(2026, 11, 23, 11, 0));
	PARSE_OK("Mo, 10:00", L(2026, 11, 30, 10, 0));
	PARSE_OK_AT(L(2026, 11, 23, 8, 0), "mo", L(2026, 11, 23, 9, 0));
}

Test(when, weekday_rollover)
{
	/* Sunday night: Monday is tomorrow */
	time_t sun = L(2026, 11, 29, 23, 30);
	PARSE_OK_AT(sun, "mo", L(2026, 11, 30, 9, 0));
	PARSE_OK_AT(sun, "so 23:45", L(2026, 11, 29, 23, 45));
	PARSE_OK_AT(sun, "so 23:00", L(2026, 12, 6, 23, 0));
	/* across the year end: Thursday 31.12.2026 */
	time_t nye = L(2026, 12, 31, 10, 0);
	PARSE_OK_AT(nye, "fr", L(2027, 1, 1, 9, 0));
	PARSE_OK_AT(nye, "mi 8:00", L(2027, 1, 6, 8, 0));
	PARSE_OK_AT(nye, "tomorrow", L(2027, 1, 1, 9, 0));
	PARSE_OK_AT(nye, "übermorgen 12", L(2027, 1, 2, 12, 0));
	PARSE_OK_AT(nye, "+1d", L(2027, 1, 1, 10, 0));
	/* month end */
	PARSE_OK_AT(L(2026, 11, 30, 12, 0), "morgen", L(2026, 12, 1, 9, 0));
	PARSE_OK_AT(L(2028, 2, 28, 12, 0), "tomorrow 7", L(2028, 2, 29, 7, 0));
}

Test(when, iso_dates)
{
	PARSE_OK("2026-12-01 08:30", L(2026, 12, 1, 8, 30));
	PARSE_OK("2026-12-01T08:30", L(2026, 12, 1, 8, 30));
	PARSE_OK("2026-12-01t08:30", L(2026, 12, 1, 8, 30));
	PARSE_OK("2026-12-01", L(2026, 12, 1, 0, 0));
	PARSE_OK("2026-12-1 9", L(2026, 12, 1, 9, 0));
	PARSE_OK("2026-12-01 um 9", L(2026, 12, 1, 9, 0));
	PARSE_OK("2025-01-01 12:00", L(2025, 1, 1, 12, 0)); /* past is fine here */
}

Test(when, german_dates)
{
	PARSE_OK("24.11.2026 14:30", L(2026, 11, 24, 14, 30));
	PARSE_OK("24.11.2026", L(2026, 11, 24, 0, 0));
	PARSE_OK("1.12.2026 8 Uhr", L(2026, 12, 1, 8, 0));
	PARSE_OK("1.12.26", L(2026, 12, 1, 0, 0));
	PARSE_OK("24.11. 14:30", L(2026, 11, 24, 14, 30));
	PARSE_OK("24.11.", L(2026, 11, 24, 0, 0));
	PARSE_OK("23.11.", L(2026, 11, 23, 0, 0));    /* today included */
	PARSE_OK("22.11. 9", L(2027, 11, 22, 9, 0)); /* yesterday: next year */
	/* as when_format_short writes it */
	PARSE_OK("Mo 30.11. 14:30", L(2026, 11, 30, 14, 30));
	PARSE_OK("Tu 24.11.2026 9:00", L(2026, 11, 24, 9, 0));
	PARSE_OK("Mo. 30.11.", L(2026, 11, 30, 0, 0));
}

/* ---- DST in Europe/Berlin: 2026-03-29 02:00 -> 03:00, 2026-10-25 03:00 ->
 * 02:00 ------------------------------------------------------------------ */

Test(when, dst_spring_forward)
{
	char buf[40];
	time_t sat = L(2026, 3, 28, 10, 15);
	time_t o;
	const char *w;

	cr_assert_eq(when_parse("+1d", sat, &o, &w), 0);
	when_format_iso(o, buf, sizeof buf);
	cr_assert_str_eq(buf, "2026-03-29T10:15:00+02:00");
	cr_assert_eq(o - sat, 23 * 3600); /* a 23-hour day */

	cr_assert_eq(when_parse("+24h", sat, &o, &w), 0);
	when_format_iso(o, buf, sizeof buf);
	cr_assert_str_eq(buf, "2026-03-29T11:15:00+02:00");

	cr_assert_eq(when_parse("tomorrow 9", sat, &o, &w), 0);
	when_format_iso(o, buf, sizeof buf);
	cr_assert_str_eq(buf, "2026-03-29T09:00:00+02:00");

	cr_assert_eq(when_parse("2026-03-29 01:59", sat, &o, &w), 0);
	when_format_iso(o, buf, sizeof buf);
	cr_assert_str_eq(buf, "2026-03-29T01:59:00+01:00");

	PARSE_FAIL("2026-03-29 02:30", "02:30 does not exist on 2026-03-29 here "
	           "(the clocks skip that hour)");
	PARSE_OK("2026-03-29 03:00", L(2026, 3, 29, 1, 0) + 3600);

	cr_assert_eq(when_day_start(L(2026, 3, 30, 12, 0)) -
	             when_day_start(L(2026, 3, 29, 12, 0)), 23 * 3600);
}

Test(when, dst_fall_back)
{
	char buf[40];
	time_t sat = L(2026, 10, 24, 10, 15);
	time_t o;
	const char *w;

	cr_assert_eq(when_parse("+1d", sat, &o, &w), 0);
	when_format_iso(o, buf, sizeof buf);
	cr_assert_str_eq(buf, "2026-10-25T10:15:00+01:00");
	cr_assert_eq(o - sat, 25 * 3600); /* a 25-hour day */

	cr_assert_eq(when_parse("+24h", sat, &o, &w), 0);
	when_format_iso(o, buf, sizeof buf);
	cr_assert_str_eq(buf, "2026-10-25T09:15:00+01:00");

	cr_assert_eq(when_parse("tomorrow 9", sat, &o, &w), 0);
	when_format_iso(o, buf, sizeof buf);
	cr_assert_str_eq(buf, "2026-10-25T09:00:00+01:00");

	/* 02:30 happens twice; either is a real 02:30 */
	cr_assert_eq(when_parse("25.10.2026 2:30", sat, &o, &w), 0);
	when_format_iso(o, buf, sizeof buf);
	cr_assert_eq(strncmp(buf, "2026-10-25T02:30:00+0", 21), 0, "%s", buf);

	cr_assert_eq(when_day_start(L(2026, 10, 26, 12, 0)) -
	             when_day_start(L(2026, 10, 25, 12, 0)), 25 * 3600);
}

/* ---- future ------------------------------------------------------------- */

#define FUTURE_FAIL(text, reason) do { \
	time_t o_ = SENTINEL; \
	const char *w_ = NULL; \
	cr_assert_eq(when_parse_future((text), now, &o_, &w_), -1, \
	             "\"%s\" accepted as %s", (text), iso(o_)); \
	cr_assert_str_eq(w_, (reason)); \
	cr_assert_eq(o_, SENTINEL); \
} while (0)

#define FUTURE_OK(text, expect) do { \
	time_t o_ = SENTINEL; \
	const char *w_ = NULL; \
	cr_assert_eq(when_parse_future((text), now, &o_, &w_), 0, \
	             "\"%s\" refused: %s", (text), w_ ? w_ : "(null)"); \
	cr_assert_eq(o_, (expect), "\"%s\": got %s", (text), iso(o_)); \
} while (0)

#define PASSED "that time has passed; give a time after now (e.g. +1h)"

Test(when, future_refuses_the_past)
{
	FUTURE_FAIL("9:00", "09:00 today has passed; say tomorrow 09:00");
	FUTURE_FAIL("9", "09:00 today has passed; say tomorrow 09:00");
	FUTURE_FAIL("today 8:30", "08:30 today has passed; say tomorrow 08:30");
	FUTURE_FAIL("10:13", "10:13 today has passed; say tomorrow 10:13");
	FUTURE_FAIL("today", "09:00 today has passed; say tomorrow 09:00");
	FUTURE_FAIL("2026-11-23", PASSED);
	FUTURE_FAIL("2026-11-22 14:00", PASSED);
	FUTURE_FAIL("01.01.2020 12:00", PASSED);
	/* a bad text keeps its own reason */
	FUTURE_FAIL("25:00", "25:00 is not a time of day");
	FUTURE_FAIL("", "no time given; " HINT);
}

Test(when, future_accepts_now_and_later)
{
	FUTURE_OK("10:14", L(2026, 11, 23, 10, 14)); /* within the grace minute */
	FUTURE_OK("10:15", now);
	FUTURE_OK("14:30", L(2026, 11, 23, 14, 30));
	FUTURE_OK("now", now);
	FUTURE_OK("+0m", now);
	FUTURE_OK("+2h", now + 7200);
	FUTURE_OK("tomorrow 9:00", L(2026, 11, 24, 9, 0));
	FUTURE_OK("mo 10:00", L(2026, 11, 30, 10, 0));
	FUTURE_OK("mo", L(2026, 11, 30, 9, 0));
	FUTURE_OK("23.11.2026 18:00", L(2026, 11, 23, 18, 0));
}

Test(when, reason_survives_until_next_call)
{
	const char *w1 = NULL, *w2 = NULL;
	cr_assert_eq(when_parse("24:00", now, NULL, &w1), -1);
	cr_assert_str_eq(w1, "24:00 is not a time of day");
	cr_assert_eq(when_parse("tomorrow", now, NULL, &w2), 0);
	cr_assert_str_eq(w1, "24:00 is not a time of day");
}

/* ---- formatting --------------------------------------------------------- */

Test(when, format_iso)
{
	char buf[40];
	when_format_iso(now, buf, sizeof buf);
	cr_assert_str_eq(buf, "2026-11-23T10:15:00+01:00");
	when_format_iso(L(2026, 7, 1, 12, 0) + 7, buf, sizeof buf);
	cr_assert_str_eq(buf, "2026-07-01T12:00:07+02:00");

	set_tz("UTC");
	when_format_iso(0, buf, sizeof buf);
	cr_assert_str_eq(buf, "1970-01-01T00:00:00+00:00");
	set_tz("Asia/Kolkata");
	when_format_iso(0, buf, sizeof buf);
	cr_assert_str_eq(buf, "1970-01-01T05:30:00+05:30");
	set_tz("America/St_Johns");
	when_format_iso(L(2026, 1, 15, 8, 0), buf, sizeof buf);
	cr_assert_str_eq(buf, "2026-01-15T08:00:00-03:30");
	set_tz("America/New_York");
	when_format_iso(L(2026, 1, 15, 8, 0), buf, sizeof buf);
	cr_assert_str_eq(buf, "2026-01-15T08:00:00-05:00");
}

Test(when, format_short)
{
	char buf[40];
	when_format_short(L(2026, 11, 23, 14, 30), now, buf, sizeof buf);
	cr_assert_str_eq(buf, "14:30");
	when_format_short(L(2026, 11, 23, 0, 5), now, buf, sizeof buf);
	cr_assert_str_eq(buf, "00:05");
	when_format_short(L(2026, 11, 24, 9, 0), now, buf, sizeof buf);
	cr_assert_str_eq(buf, "tomorrow 09:00");
	when_format_short(L(2026, 11, 26, 14, 30), now, buf, sizeof buf);
	cr_assert_str_eq(buf, "Th 26.11. 14:30");
	when_format_short(L(2026, 11, 29, 23, 59), now, buf, sizeof buf);
	cr_assert_str_eq(buf, "Su 29.11. 23:59");
	when_format_short(L(2026, 11, 22, 17, 0), now, buf, sizeof buf);
	cr_assert_str_eq(buf, "Su 22.11. 17:00");
	when_format_short(L(2026, 11, 17, 8, 0), now, buf, sizeof buf);
	cr_assert_str_eq(buf, "Tu 17.11. 08:00");
	when_format_short(L(2026, 11, 30, 9, 0), now, buf, sizeof buf);
	cr_assert_str_eq(buf, "30.11.2026 09:00");
	when_format_short(L(2026, 11, 16, 9, 0), now, buf, sizeof buf);
	cr_assert_str_eq(buf, "16.11.2026 09:00");
	when_format_short(L(2027, 1, 5, 7, 45), now, buf, sizeof buf);
	cr_assert_str_eq(buf, "05.01.2027 07:45");
}

Test(when, format_short_round_trips_through_parse)
{
	time_t ts[] = {
		L(2026, 11, 23, 14, 30), L(2026, 11, 24, 9, 0),
		L(2026, 11, 26, 14, 30), L(2027, 1, 5, 7, 45),
	};
	for (size_t i = 0; i < sizeof ts / sizeof ts[0]; i++) {
		char buf[40];
		when_format_short(ts[i], now, buf, sizeof buf);
		PARSE_OK(buf, ts[i]);
	}
}

Test(when, format_relative)
{
	char buf[40];
	static const struct { long d; const char *want; } c[] = {
		{0, "now"}, {30, "now"}, {-59, "now"}, {59, "now"},
		{60, "in 1 min"}, {25 * 60, "in 25 min"}, {3599, "in 59 min"},
		{3600, "in 1 h"}, {2 * 3600 + 1800, "in 2 h"},
		{86399, "in 23 h"}, {86400, "in 1 d"}, {3 * 86400, "in 3 d"},
		{-60, "overdue 1 min"}, {-25 * 60, "overdue 25 min"},
		{-3 * 3600, "overdue 3 h"}, {-2 * 86400 - 5, "overdue 2 d"},
		{-400L * 86400, "overdue 400 d"},
	};
	for (size_t i = 0; i < sizeof c / sizeof c[0]; i++) {
		when_format_relative(now + c[i].d, now, buf, sizeof buf);
		cr_assert_str_eq(buf, c[i].want, "d=%ld", c[i].d);
	}
}

Test(when, format_ago)
{
	char buf[40];
	static const struct { long d; const char *want; } c[] = {
		{0, "just now"}, {59, "just now"}, {-3600, "just now"},
		{60, "1 min ago"}, {5 * 60 + 59, "5 min ago"},
		{2 * 3600, "2 h ago"}, {23 * 3600 + 3599, "23 h ago"},
		{3 * 86400, "3 d ago"}, {1000L * 86400, "1000 d ago"},
	};
	for (size_t i = 0; i < sizeof c / sizeof c[0]; i++) {
		when_format_ago(now - c[i].d, now, buf, sizeof buf);
		cr_assert_str_eq(buf, c[i].want, "d=%ld", c[i].d);
	}
}

/* n = 0 must not touch the buffer; small n truncates and terminates. */
Test(when, format_tiny_buffers)
{
	char buf[8];
	time_t later = now + 2 * 3600;

	for (size_t n = 0; n <= 3; n++) {
		memset(buf, 'X', sizeof buf);
		when_format_iso(now, buf, n);
		when_format_short(later, now, buf, n);
		when_format_relative(later, now, buf, n);
		when_format_ago(now - 300, now, buf, n);
		for (size_t i = n; i < sizeof buf; i++)
			cr_assert_eq(buf[i], 'X', "n=%zu: byte %zu written", n, i);
		if (n > 0)
			cr_assert_eq(buf[n - 1], '\0', "n=%zu: not terminated", n);
	}

	memset(buf, 'X', sizeof buf);
	when_format_iso(now, buf, 5);
	cr_assert_str_eq(buf, "2026");
	cr_assert_eq(buf[5], 'X');
	when_format_short(later, now, buf, 4);
	cr_assert_str_eq(buf, "12:");
	when_format_relative(later, now, buf, 6);
	cr_assert_str_eq(buf, "in 2 ");
	when_format_ago(now - 300, now, buf, 2);
	cr_assert_str_eq(buf, "5");

	/* NULL with n = 0 is allowed */
	when_format_iso(now, NULL, 0);
	when_format_short(now, now, NULL, 0);
	when_format_relative(now, now, NULL, 0);
	when_format_ago(now, now, NULL, 0);
}

Test(when, day_start)
{
	cr_assert_eq(when_day_start(now), L(2026, 11, 23, 0, 0));
	cr_assert_eq(when_day_start(L(2026, 11, 23, 0, 0)), L(2026, 11, 23, 0, 0));
	cr_assert_eq(when_day_start(L(2026, 11, 23, 23, 59) + 59),
	             L(2026, 11, 23, 0, 0));
	cr_assert_eq(when_day_start(L(2026, 3, 29, 12, 0)), L(2026, 3, 29, 0, 0));
	set_tz("UTC");
	cr_assert_eq(when_day_start(86400 + 3600), 86400);
}
