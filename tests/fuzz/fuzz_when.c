/* when_parse on anything typed: no crash; a time it returns, written as
 * "YYYY-MM-DD HH:MM" local time and read again, is the same minute (or, in
 * the hour a DST change repeats, a time written the same way). */
#include "tests/fuzz/fuzz.h"
#include "core/when.h"

#include <time.h>

#define NOW ((time_t)1795424400) /* Mon 23 Nov 2026 10:00 in Berlin */

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	setenv("TZ", "Europe/Berlin", 1);
	tzset();
	return 0;
}

static int local_minute(time_t t, char *out, size_t n)
{
	struct tm tm;
	if (!localtime_r(&t, &tm) || tm.tm_year + 1900 < 1000 || tm.tm_year + 1900 > 9999)
		return -1;
	return strftime(out, n, "%Y-%m-%d %H:%M", &tm) ? 0 : -1;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = fuzz_str(data, size);
	time_t t, back;
	const char *why = NULL;
	char buf[64], buf2[64];
	/* the clock too: a few hours either side of a DST change */
	time_t now = NOW;
	if (size > 0 && data[0] == '@')
		now = (time_t)1792890000 + (time_t)(size * 977 % 86400); /* 25 Oct 2026 */
	if (when_parse(s, now, &t, &why) == 0) {
		when_format_iso(t, buf, sizeof buf);
		when_format_short(t, now, buf, sizeof buf);
		when_format_relative(t, now, buf, sizeof buf);
		when_format_ago(t, now, buf, sizeof buf);
		when_format_short(t, now, buf, 0);
		when_day_start(t);
		if (local_minute(t, buf, sizeof buf) == 0) {
			FUZZ_CHECK(when_parse(buf, now, &back, &why) == 0, "\"%s\" -> %s, refused: %s", s,
			           buf, why);
			FUZZ_CHECK(local_minute(back, buf2, sizeof buf2) == 0 && strcmp(buf, buf2) == 0,
			           "\"%s\" -> %s -> %s", s, buf, buf2);
			time_t m = t - (t % 60 + 60) % 60;
			FUZZ_CHECK(back == m || back == m + 3600 || back == m - 3600,
			           "\"%s\" = %lld -> %s -> %lld", s, (long long)t, buf, (long long)back);
		}
	} else {
		FUZZ_CHECK(why && *why, "refused \"%s\" without a reason", s);
	}
	when_parse_future(s, now, &t, &why);
	free(s);
	return 0;
}
