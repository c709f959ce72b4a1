#include "core/when.h"
#include "core/i18n.h"

#include <stdio.h>
#include <string.h>

/* Typed times are short; anything longer is refused before it is read. */
#define WHEN_TEXT_MAX 100
/* Due times without a time of day ("mo", "tomorrow") start the business day. */
#define WHEN_DAY_HOUR 9
#define WHEN_GRACE 60

#define TRY_HINT N_("try 14:30, tomorrow 9, +2h or 2026-12-01")

/* Reasons that name what was typed are built here; one per thread so the
 * pointer stays valid until that thread's next parse. */
static _Thread_local char why_buf[192];

/* ---- words, in one place; gettext translates them where they are used -- */

struct when_words {
	const char *now;      /* relative: |t - now| under a minute */
	const char *just_now; /* ago: under a minute */
	const char *tomorrow; /* short: "tomorrow 09:00" (hour, minute) */
	const char *in;       /* "in 2 h" (number, unit) */
	const char *overdue;  /* "overdue 25 min" (number, unit) */
	const char *ago;      /* "5 min ago" (number, unit) */
	const char *unit[3];  /* min, h, d */
	const char *wday[7];  /* struct tm order: Sunday first */
};

static const struct when_words words_en = {
	/* TRANSLATORS: a due time less than a minute away */
	.now = N_("now"),
	.just_now = N_("just now"),
	/* TRANSLATORS: hour and minute of tomorrow's due time */
	.tomorrow = N_("tomorrow %02d:%02d"),
	/* TRANSLATORS: a number and a unit (min, h, d) */
	.in = N_("in %lld %s"),
	.overdue = N_("overdue %lld %s"),
	.ago = N_("%lld %s ago"),
	/* TRANSLATORS: short units of minutes, hours and days */
	.unit = {N_("min"), N_("h"), N_("d")},
	/* TRANSLATORS: two-letter weekdays, Sunday first */
	.wday = {N_("Su"), N_("Mo"), N_("Tu"), N_("We"), N_("Th"), N_("Fr"), N_("Sa")},
};

static const struct when_words *words = &words_en;

/* The reason with the hint of what may be typed. */
static const char *with_hint(const char *reason)
{
	snprintf(why_buf, sizeof why_buf, "%s; %s", reason, _(TRY_HINT));
	return why_buf;
}

struct name_val {
	const char *name;
	int val;
};

/* Weekday names, English and German, in struct tm numbering (0 = Sunday). */
static const struct name_val wday_names[] = {
	{"mo", 1}, {"mon", 1}, {"monday", 1}, {"montag", 1},
	{"di", 2}, {"tu", 2}, {"tue", 2}, {"tues", 2}, {"tuesday", 2},
	{"dienstag", 2},
	{"mi", 3}, {"we", 3}, {"wed", 3}, {"wednesday", 3}, {"mittwoch", 3},
	{"do", 4}, {"th", 4}, {"thu", 4}, {"thur", 4}, {"thurs", 4},
	{"thursday", 4}, {"donnerstag", 4},
	{"fr", 5}, {"fri", 5}, {"friday", 5}, {"freitag", 5},
	{"sa", 6}, {"sat", 6}, {"saturday", 6}, {"samstag", 6},
	{"sonnabend", 6},
	{"so", 0}, {"su", 0}, {"sun", 0}, {"sunday", 0}, {"sonntag", 0},
};

static const char *const wday_full[7] = {
	N_("sunday"), N_("monday"), N_("tuesday"), N_("wednesday"), N_("thursday"),
	N_("friday"), N_("saturday"),
};

/* Days from today; "ü" has been folded to "ue" before lookup. */
static const struct name_val day_words[] = {
	{"today", 0}, {"heute", 0},
	{"tomorrow", 1}, {"tmrw", 1}, {"morgen", 1},
	{"uebermorgen", 2},
};

/* Units after "+N" or "in N": seconds, or negative for calendar days. */
static const struct name_val unit_names[] = {
	{"m", 60}, {"min", 60}, {"mins", 60}, {"minute", 60},
	{"minutes", 60}, {"minuten", 60},
	{"h", 3600}, {"hr", 3600}, {"hrs", 3600}, {"hour", 3600},
	{"hours", 3600}, {"std", 3600}, {"stunde", 3600}, {"stunden", 3600},
	{"d", -1}, {"day", -1}, {"days", -1}, {"tg", -1}, {"tag", -1}, {"tage", -1},
	{"tagen", -1},
	{"w", -7}, {"wk", -7}, {"week", -7}, {"weeks", -7}, {"woche", -7},
	{"wochen", -7},
};

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

static int lookup(const struct name_val *t, size_t n, const char *w,
                  size_t len, int *val)
{
	for (size_t i = 0; i < n; i++)
		if (strlen(t[i].name) == len && memcmp(t[i].name, w, len) == 0) {
			*val = t[i].val;
			return 1;
		}
	return 0;
}

/* ---- small helpers ----------------------------------------------------- */

static int is_digit(char c) { return c >= '0' && c <= '9'; }
static int is_alpha(char c) { return c >= 'a' && c <= 'z'; }

static void skip_spaces(const char **p)
{
	while (**p == ' ')
		(*p)++;
}

/* Read 1..max digits; 0 if none or too many. */
static int read_num(const char **p, int max, int *val, int *ndigits)
{
	const char *s = *p;
	int v = 0, n = 0;
	while (is_digit(s[n])) {
		if (n == max)
			return 0;
		v = v * 10 + (s[n] - '0');
		n++;
	}
	if (n == 0)
		return 0;
	*val = v;
	if (ndigits)
		*ndigits = n;
	*p = s + n;
	return 1;
}

/* Length of the run of letters at s. */
static size_t word_len(const char *s)
{
	size_t n = 0;
	while (is_alpha(s[n]))
		n++;
	return n;
}

/* Consume the whole word w (not a prefix of a longer word) and spaces. */
static int eat_word(const char **p, const char *w)
{
	size_t n = strlen(w);
	if (word_len(*p) != n || memcmp(*p, w, n) != 0)
		return 0;
	*p += n;
	skip_spaces(p);
	return 1;
}

static void copy_tok(char *dst, size_t n, const char *from, const char *to)
{
	size_t len = (size_t)(to - from);
	while (len > 0 && from[len - 1] == ' ')
		len--;
	snprintf(dst, n, "%.*s", (int)len, from);
}

/* Days since 1970-01-01 of a civil date (proleptic Gregorian). */
static long day_number(int y, int m, int d)
{
	y -= m <= 2;
	long era = (y >= 0 ? y : y - 399) / 400;
	long yoe = y - era * 400;
	long doy = (153L * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static long tm_day_number(const struct tm *tm)
{
	return day_number(tm->tm_year + 1900, tm->tm_mon + 1, tm->tm_mday);
}

/*
 * Lowercase, fold white space (NBSP included) to single spaces, trim, and
 * fold "ü"/"Ü" to "ue" (for "übermorgen").  Any other byte outside printable
 * ASCII makes the text unreadable: returns -1.
 */
static int normalize(const char *in, char *out, size_t n)
{
	const unsigned char *s = (const unsigned char *)in;
	size_t o = 0;
	int space = 0;

	for (; *s; s++) {
		unsigned char c = *s;
		const char *put = NULL;
		char one[2] = {0, 0};

		if (c == ' ' || (c >= '\t' && c <= '\r')) {
			space = 1;
			continue;
		}
		if (c == 0xc2 && s[1] == 0xa0) {
			s++;
			space = 1;
			continue;
		}
		if (c == 0xc3 && (s[1] == 0xbc || s[1] == 0x9c)) {
			s++;
			put = "ue";
		} else if (c >= 0x21 && c <= 0x7e) {
			one[0] = (char)(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
			put = one;
		} else {
			return -1;
		}
		if (space && o > 0) {
			if (o + 1 >= n)
				return -1;
			out[o++] = ' ';
		}
		space = 0;
		for (; *put; put++) {
			if (o + 1 >= n)
				return -1;
			out[o++] = *put;
		}
	}
	out[o] = '\0';
	return 0;
}

/* The typed text, quoted safely for a message: printable ASCII only. */
static const char *cannot_read(const char *text)
{
	char q[48];
	size_t o = 0, i;
	int any = 0;

	for (i = 0; text[i] && o + 4 < sizeof q; i++) {
		unsigned char c = (unsigned char)text[i];
		if (c == ' ' || (c >= '\t' && c <= '\r')) {
			if (any && q[o - 1] != ' ')
				q[o++] = ' ';
			continue;
		}
		q[o++] = c >= 0x21 && c <= 0x7e ? (char)c : '?';
		any = 1;
	}
	while (o > 0 && q[o - 1] == ' ')
		o--;
	if (text[i]) {
		memcpy(q + o, "...", 3);
		o += 3;
	}
	q[o] = '\0';
	snprintf(why_buf, sizeof why_buf, _("cannot read \"%s\" as a time; %s"), q,
	         _(TRY_HINT));
	return why_buf;
}

/* ---- parsing ----------------------------------------------------------- */

enum day_kind { DAY_NONE, DAY_OFFSET, DAY_WDAY, DAY_DATE };

struct spec {
	enum day_kind day;
	int off;           /* DAY_OFFSET: days from today */
	int wday;          /* DAY_WDAY, or a weekday given before a date (-1) */
	int y, mon, mday;  /* DAY_DATE; y == 0 until resolved for "24.11." */
	int has_year;
	char dtok[24];     /* the date as typed */
	int has_time, h, m;
	char ttok[24];     /* the time as typed */
};

/* "2026-12-01", "24.11.2026", "24.11.26", "24.11." */
static int parse_date(const char **p, struct spec *sp)
{
	const char *s = *p, *start = *p;
	int a, b, c, nd;

	if (!read_num(&s, 4, &a, &nd))
		return 0;
	if (nd == 4 && *s == '-') {
		s++;
		if (!read_num(&s, 2, &b, NULL) || *s != '-')
			return 0;
		s++;
		if (!read_num(&s, 2, &c, NULL))
			return 0;
		sp->y = a, sp->mon = b, sp->mday = c, sp->has_year = 1;
	} else if (nd <= 2 && *s == '.') {
		s++;
		if (!read_num(&s, 2, &b, NULL) || *s != '.')
			return 0;
		s++;
		sp->mday = a, sp->mon = b, sp->has_year = 0;
		if (read_num(&s, 4, &c, &nd)) {
			if (nd != 4 && nd != 2)
				return 0;
			sp->y = nd == 2 ? 2000 + c : c;
			sp->has_year = 1;
		}
	} else {
		return 0;
	}
	/* ISO "2026-12-01T08:30" */
	if (*s == 't' && is_digit(s[1])) {
		copy_tok(sp->dtok, sizeof sp->dtok, start, s);
		*p = s + 1;
		sp->day = DAY_DATE;
		return 1;
	}
	if (*s != '\0' && *s != ' ' && *s != ',')
		return 0;
	copy_tok(sp->dtok, sizeof sp->dtok, start, s);
	*p = s;
	sp->day = DAY_DATE;
	return 1;
}

/* A day: "today", "morgen", "mo", "Mo.", a date, or a weekday then a date
 * ("Mo 24.11.", as when_format_short writes it).  1 if one was read. */
static int parse_day(const char **p, struct spec *sp)
{
	const char *s = *p;
	size_t n = word_len(s);
	int v;

	if (n > 0 && lookup(day_words, COUNT(day_words), s, n, &v)) {
		sp->day = DAY_OFFSET;
		sp->off = v;
		*p = s + n;
		return 1;
	}
	if (n > 0 && lookup(wday_names, COUNT(wday_names), s, n, &v)) {
		s += n;
		if (*s == '.')
			s++;
		if (*s == ',')
			s++;
		if (*s != '\0' && *s != ' ')
			return 0;
		skip_spaces(&s);
		sp->day = DAY_WDAY;
		sp->wday = v;
		*p = s;
		parse_date(p, sp); /* optional; sets DAY_DATE, keeps sp->wday */
		return 1;
	}
	return parse_date(p, sp);
}

/* "14:30", "9", "9h", "9 uhr", "14:30 uhr", "9am", "2:30 pm". */
static int parse_time(const char **p, struct spec *sp)
{
	const char *s = *p, *start = *p;
	int h, m = 0, nd;

	if (!read_num(&s, 2, &h, NULL))
		return 0;
	if (*s == ':') {
		s++;
		if (!read_num(&s, 2, &m, &nd) || nd != 2)
			return 0;
	}
	const char *before = s;
	skip_spaces(&s);
	size_t n = word_len(s);
	int ampm = 0;
	if (n == 3 && memcmp(s, "uhr", 3) == 0)
		s += n;
	else if (n == 1 && *s == 'h' && s == before)
		s += n;
	else if (n == 2 && (memcmp(s, "am", 2) == 0 || memcmp(s, "pm", 2) == 0)) {
		ampm = *s == 'a' ? 1 : 2;
		s += n;
	} else
		s = before;
	if (*s != '\0' && *s != ' ')
		return 0;
	copy_tok(sp->ttok, sizeof sp->ttok, start, s);
	if (ampm) {
		if (h < 1 || h > 12)
			h = 99; /* refused below as not a time of day */
		else
			h = h % 12 + (ampm == 2 ? 12 : 0);
	}
	sp->has_time = 1;
	sp->h = h;
	sp->m = m;
	*p = s;
	return 1;
}

/* Connectors: "tomorrow at 9", "morgen um 9", "Mo, 10:00". */
static void skip_connector(const char **p)
{
	skip_spaces(p);
	if (!eat_word(p, "at"))
		eat_word(p, "um");
}

/* mktime() on local y-m-d h:m; DST decided by the zone, not by us. */
static time_t make_local(int y, int mon, int mday, int h, int m,
                         struct tm *res)
{
	struct tm tm = {0};
	tm.tm_year = y - 1900;
	tm.tm_mon = mon - 1;
	tm.tm_mday = mday;
	tm.tm_hour = h;
	tm.tm_min = m;
	tm.tm_isdst = -1;
	time_t t = mktime(&tm);
	*res = tm;
	return t;
}

static int valid_date(int y, int mon, int mday)
{
	struct tm tm;
	if (y < 1900 || y > 9999 || mon < 1 || mon > 12 || mday < 1 || mday > 31)
		return 0;
	/* noon: a day exists even where midnight does not */
	if (make_local(y, mon, mday, 12, 0, &tm) == (time_t)-1 &&
	    tm.tm_year != y - 1900)
		return 0;
	return tm.tm_year == y - 1900 && tm.tm_mon == mon - 1 &&
	       tm.tm_mday == mday;
}

/* "+2h", "+30min", "+1d", "+1h30m", "in 2 h", "in 30 min", "in 2 tagen".
 * Minutes and hours are exact seconds; days and weeks keep the clock time
 * across a DST change. */
static int parse_relative(const char *s, const char *text, time_t now,
                          time_t *out, const char **why)
{
	long long secs = 0;
	int days = 0, any = 0;

	skip_spaces(&s);
	while (*s) {
		int v, u, nd;
		if (!read_num(&s, 6, &v, &nd)) {
			*why = is_digit(*s)
				? _("that is too far ahead")
				: cannot_read(text);
			return -1;
		}
		skip_spaces(&s);
		size_t n = word_len(s);
		if (n == 0) {
			*why = _("give a unit after the number, e.g. +2h, +30m or +1d");
			return -1;
		}
		if (!lookup(unit_names, COUNT(unit_names), s, n, &u)) {
			*why = cannot_read(text);
			return -1;
		}
		s += n;
		if (*s == '.') /* "in 2 Std." as the German screens write it */
			s++;
		skip_spaces(&s);
		if (u > 0)
			secs += (long long)v * u;
		else if ((long)days + (long)v * -u > 100000) {
			*why = _("that is too far ahead; give at most 100000 days");
			return -1;
		} else
			days += v * -u;
		any = 1;
	}
	if (!any) {
		*why = cannot_read(text);
		return -1;
	}
	time_t t = now;
	if (days) {
		struct tm tm;
		if (!localtime_r(&now, &tm)) {
			*why = _("cannot work out the local time");
			return -1;
		}
		tm.tm_mday += days;
		tm.tm_isdst = -1;
		t = mktime(&tm);
		if (t == (time_t)-1) {
			*why = _("that is too far ahead");
			return -1;
		}
	}
	*out = t + (time_t)secs;
	return 0;
}

/* time_only: 1 when the result is "today" without the person saying so. */
static int parse(const char *text, time_t now, time_t *out, const char **why,
                 int *time_only, struct spec *sp)
{
	char buf[2 * WHEN_TEXT_MAX + 1];
	struct tm nt, tm;
	const char *s = buf;
	int y, mon, mday;

	*time_only = 0;
	memset(sp, 0, sizeof *sp);
	sp->wday = -1;
	if (!text)
		text = "";
	if (strnlen(text, WHEN_TEXT_MAX + 1) > WHEN_TEXT_MAX) {
		*why = with_hint(_("that is too long for a time"));
		return -1;
	}
	if (normalize(text, buf, sizeof buf) < 0) {
		*why = cannot_read(text);
		return -1;
	}
	if (buf[0] == '\0') {
		*why = with_hint(_("no time given"));
		return -1;
	}
	if (eat_word(&s, "now") || eat_word(&s, "jetzt")) {
		if (*s) {
			*why = cannot_read(text);
			return -1;
		}
		*out = now;
		return 0;
	}
	if (*s == '+')
		return parse_relative(s + 1, text, now, out, why);
	if (eat_word(&s, "in"))
		return parse_relative(s, text, now, out, why);

	/* [day] [at] [time] or time [day] */
	int have_day = parse_day(&s, sp);
	if (have_day)
		skip_connector(&s);
	skip_spaces(&s);
	parse_time(&s, sp);
	skip_spaces(&s);
	if (!have_day && sp->has_time)
		have_day = parse_day(&s, sp);
	skip_spaces(&s);
	if (*s || (!have_day && !sp->has_time)) {
		*why = cannot_read(text);
		return -1;
	}

	if (!localtime_r(&now, &nt)) {
		*why = _("cannot work out the local time");
		return -1;
	}
	if (!sp->has_time) {
		sp->h = sp->day == DAY_DATE ? 0 : WHEN_DAY_HOUR;
		sp->m = 0;
	}
	if (sp->h < 0 || sp->h > 23 || sp->m < 0 || sp->m > 59) {
		snprintf(why_buf, sizeof why_buf, _("%s is not a time of day"),
		         sp->ttok);
		*why = why_buf;
		return -1;
	}

	y = nt.tm_year + 1900;
	mon = nt.tm_mon + 1;
	mday = nt.tm_mday;
	switch (sp->day) {
	case DAY_NONE:
		*time_only = 1;
		break;
	case DAY_OFFSET:
		mday += sp->off;
		*time_only = sp->off == 0;
		break;
	case DAY_WDAY: {
		int delta = (sp->wday - nt.tm_wday + 7) % 7;
		if (delta == 0 &&
		    make_local(y, mon, mday, sp->h, sp->m, &tm) <= now)
			delta = 7;
		mday += delta;
		break;
	}
	case DAY_DATE:
		y = sp->has_year ? sp->y : y;
		mon = sp->mon;
		mday = sp->mday;
		/* "24.11." is the next 24 November, today included */
		if (!sp->has_year && (mon < nt.tm_mon + 1 ||
		    (mon == nt.tm_mon + 1 && mday < nt.tm_mday)))
			y++;
		if (!valid_date(y, mon, mday)) {
			if (sp->has_year)
				snprintf(why_buf, sizeof why_buf,
				         _("%s is not a date"), sp->dtok);
			else
				snprintf(why_buf, sizeof why_buf,
				         _("%s is not a date in %d"), sp->dtok, y);
			*why = why_buf;
			return -1;
		}
		if (sp->wday >= 0) {
			make_local(y, mon, mday, 12, 0, &tm);
			if (tm.tm_wday != sp->wday) {
				snprintf(why_buf, sizeof why_buf,
				         _("%s is a %s, not a %s"), sp->dtok,
				         _(wday_full[tm.tm_wday]), _(wday_full[sp->wday]));
				*why = why_buf;
				return -1;
			}
		}
		break;
	}
	/* Normalise the calendar (the 31st + 1) at noon, then set the clock. */
	make_local(y, mon, mday, 12, 0, &tm);
	y = tm.tm_year + 1900;
	mon = tm.tm_mon + 1;
	mday = tm.tm_mday;
	time_t t = make_local(y, mon, mday, sp->h, sp->m, &tm);
	if (t == (time_t)-1 && tm.tm_year != y - 1900) {
		*why = _("that date is out of range");
		return -1;
	}
	if (tm.tm_hour != sp->h || tm.tm_min != sp->m || tm.tm_mday != mday) {
		snprintf(why_buf, sizeof why_buf,
		         _("%02d:%02d does not exist on %04d-%02d-%02d here "
		           "(the clocks skip that hour)"), sp->h, sp->m, y, mon, mday);
		*why = why_buf;
		return -1;
	}
	*out = t;
	return 0;
}

int when_parse(const char *text, time_t now, time_t *out, const char **why)
{
	const char *dummy_why;
	time_t dummy_out;
	int time_only;
	struct spec sp;

	return parse(text, now, out ? out : &dummy_out, why ? why : &dummy_why,
	             &time_only, &sp);
}

int when_parse_future(const char *text, time_t now, time_t *out,
                      const char **why)
{
	const char *dummy_why;
	time_t t;
	int time_only;
	struct spec sp;

	if (!why)
		why = &dummy_why;
	if (parse(text, now, &t, why, &time_only, &sp) < 0)
		return -1;
	if (t < now - WHEN_GRACE) {
		if (time_only) {
			snprintf(why_buf, sizeof why_buf,
			         _("%02d:%02d today has passed; say tomorrow %02d:%02d"),
			         sp.h, sp.m, sp.h, sp.m);
			*why = why_buf;
		} else {
			*why = _("that time has passed; give a time after now (e.g. +1h)");
		}
		return -1;
	}
	if (out)
		*out = t;
	return 0;
}

/* ---- formatting -------------------------------------------------------- */

void when_format_iso(time_t t, char *out, size_t n)
{
	struct tm tm;

	if (!out || n == 0)
		return;
	if (!localtime_r(&t, &tm)) {
		out[0] = '\0';
		return;
	}
	long off = tm.tm_gmtoff;
	char sign = off < 0 ? '-' : '+';
	if (off < 0)
		off = -off;
	snprintf(out, n, "%04d-%02d-%02dT%02d:%02d:%02d%c%02ld:%02ld",
	         tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour,
	         tm.tm_min, tm.tm_sec, sign, off / 3600, off / 60 % 60);
}

void when_format_short(time_t t, time_t now, char *out, size_t n)
{
	struct tm tm, nt;

	if (!out || n == 0)
		return;
	if (!localtime_r(&t, &tm) || !localtime_r(&now, &nt)) {
		out[0] = '\0';
		return;
	}
	long dd = tm_day_number(&tm) - tm_day_number(&nt);
	if (dd == 0)
		snprintf(out, n, "%02d:%02d", tm.tm_hour, tm.tm_min);
	else if (dd == 1)
		snprintf(out, n, _(words->tomorrow), tm.tm_hour, tm.tm_min);
	else if (dd > -7 && dd < 7)
		snprintf(out, n, "%s %02d.%02d. %02d:%02d", _(words->wday[tm.tm_wday]),
		         tm.tm_mday, tm.tm_mon + 1, tm.tm_hour, tm.tm_min);
	else
		snprintf(out, n, "%02d.%02d.%04d %02d:%02d", tm.tm_mday,
		         tm.tm_mon + 1, tm.tm_year + 1900, tm.tm_hour, tm.tm_min);
}

/* "N unit" with the largest unit that fits, rounded down; 0 under a minute. */
static int span(long long secs, long long *val, const char **unit)
{
	if (secs < 60)
		return 0;
	if (secs < 3600)
		*val = secs / 60, *unit = _(words->unit[0]);
	else if (secs < 86400)
		*val = secs / 3600, *unit = _(words->unit[1]);
	else
		*val = secs / 86400, *unit = _(words->unit[2]);
	return 1;
}

void when_format_relative(time_t t, time_t now, char *out, size_t n)
{
	long long d = (long long)t - (long long)now, v;
	const char *unit;

	if (!out || n == 0)
		return;
	if (!span(d < 0 ? -d : d, &v, &unit))
		snprintf(out, n, "%s", _(words->now));
	else if (d > 0)
		snprintf(out, n, _(words->in), v, unit);
	else
		snprintf(out, n, _(words->overdue), v, unit);
}

void when_format_ago(time_t t, time_t now, char *out, size_t n)
{
	long long d = (long long)now - (long long)t, v;
	const char *unit;

	if (!out || n == 0)
		return;
	if (!span(d, &v, &unit))
		snprintf(out, n, "%s", _(words->just_now));
	else
		snprintf(out, n, _(words->ago), v, unit);
}

time_t when_day_start(time_t t)
{
	struct tm tm;

	if (!localtime_r(&t, &tm))
		return t;
	tm.tm_hour = 0;
	tm.tm_min = 0;
	tm.tm_sec = 0;
	tm.tm_isdst = -1;
	return mktime(&tm);
}
