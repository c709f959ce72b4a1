/*
 * Output that may reach a terminal, fed rows another program wrote: the
 * CSV writer replaces control, C1, bidi and invisible characters (tests/cli/
 * hostile.sh found them raw in 'export --format csv'); TAB, CR and LF stay,
 * quoted as RFC 4180 wants.
 */
#include <criterion/criterion.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/csv.h"

static char *buf;
static size_t len;
static FILE *mem;
static struct csv w;

static void setup(void)
{
	buf = NULL;
	len = 0;
	mem = open_memstream(&buf, &len);
	cr_assert_not_null(mem);
	csv_init(&w, mem, 0);
}

static void teardown(void)
{
	fclose(mem);
	free(buf);
}

TestSuite(hostile, .init = setup, .fini = teardown);

static const char *field(const char *s)
{
	cr_assert_eq(csv_text(&w, s), 0);
	fflush(mem);
	return buf;
}

Test(hostile, csv_empty_and_plain_text_unchanged)
{
	cr_assert_str_eq(field(""), "");
	cr_assert_eq(w.replaced, 0);
	csv_end(&w);
	cr_assert_str_eq(field("Müller\tx"), "\r\nMüller\tx");
	cr_assert_eq(w.replaced, 0);
}

Test(hostile, csv_escape_sequences_replaced)
{
	cr_assert_str_eq(field("a\033[2Jb\007c\177d"), "a\xEF\xBF\xBD[2Jb\xEF\xBF\xBD" "c\xEF\xBF\xBD" "d");
	cr_assert_eq(w.replaced, 3);
}

Test(hostile, csv_c1_bidi_and_invisible_replaced)
{
	/* U+009B CSI, U+202E RLO, U+2066 LRI, U+200B ZWSP, U+FEFF, U+061C */
	const char *in = "x\xC2\x9B" "1m\xE2\x80\xAEy\xE2\x81\xA6z\xE2\x80\x8B\xEF\xBB\xBF\xD8\x9C.";
	const char *got = field(in);
	cr_assert_eq(w.replaced, 6, "%zu replaced: %s", w.replaced, got);
	cr_assert_null(strstr(got, "\xC2\x9B"));
	cr_assert_null(strstr(got, "\xE2\x80\xAE"));
	cr_assert_not_null(strstr(got, "1m"));
}

Test(hostile, csv_line_breaks_kept_and_quoted)
{
	cr_assert_str_eq(field("one\r\ntwo"), "\"one\r\ntwo\"");
	cr_assert_eq(w.replaced, 0);
}

Test(hostile, csv_strict_still_refuses_only_invalid_bytes)
{
	csv_init(&w, mem, CSV_STRICT);
	cr_assert_eq(csv_text(&w, "esc\033"), 0, "a control is replaced, not refused");
	cr_assert_eq(csv_text(&w, "bad\xFF"), -1);
}
