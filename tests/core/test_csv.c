#include <criterion/criterion.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

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
	if (mem)
		fclose(mem);
	free(buf);
}

TestSuite(csv, .init = setup, .fini = teardown);

static const char *out(void)
{
	fflush(mem);
	return buf;
}

#define ROW(...) do { \
	const char *cells_[] = {__VA_ARGS__}; \
	for (size_t i_ = 0; i_ < sizeof cells_ / sizeof *cells_; i_++) \
		cr_assert_eq(csv_text(&w, cells_[i_]), 0); \
	cr_assert_eq(csv_end(&w), 0); \
} while (0)

Test(csv, empty_and_null_fields)
{
	cr_assert_eq(csv_text(&w, NULL), 0);
	cr_assert_eq(csv_text(&w, ""), 0);
	cr_assert_eq(csv_end(&w), 0);
	cr_assert_str_eq(out(), ",\r\n");
	cr_assert_eq(w.rows, 1);
}

Test(csv, empty_record)
{
	cr_assert_eq(csv_end(&w), 0);
	cr_assert_str_eq(out(), "\r\n");
}

Test(csv, plain_fields_unquoted)
{
	ROW("Hans Maier", "Maier GmbH", "42");
	cr_assert_str_eq(out(), "Hans Maier,Maier GmbH,42\r\n");
}

Test(csv, quotes_doubled)
{
	ROW("say \"hi\"", "\"");
	cr_assert_str_eq(out(), "\"say \"\"hi\"\"\",\"\"\"\"\r\n");
}

Test(csv, comma_and_line_breaks_quoted)
{
	ROW("a,b", "line1\r\nline2", "x\ny");
	cr_assert_str_eq(out(), "\"a,b\",\"line1\r\nline2\",\"x\ny\"\r\n");
}

Test(csv, outer_spaces_quoted)
{
	ROW(" lead", "trail ");
	cr_assert_str_eq(out(), "\" lead\",\"trail \"\r\n");
}

Test(csv, formulas_neutralised)
{
	ROW("=1+2", "+SUM(A1)", "-2", "@cmd", "\tx", "\rx", "a=b");
	cr_assert_str_eq(out(), "'=1+2,'+SUM(A1),'-2,'@cmd,'\tx,\"'\rx\",a=b\r\n");
}

Test(csv, formula_with_quotes_and_comma)
{
	ROW("=HYPERLINK(\"http://x\",\"y\")");
	cr_assert_str_eq(out(), "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\"\r\n");
}

Test(csv, phone_numbers_keep_their_plus)
{
	ROW("+4930123456");
	cr_assert_str_eq(out(), "'+4930123456\r\n");
}

Test(csv, raw_and_numbers_not_neutralised)
{
	cr_assert_eq(csv_int(&w, -5), 0);
	cr_assert_eq(csv_raw(&w, "-x"), 0);
	cr_assert_eq(csv_raw(&w, "2026-11-23T10:00:00+01:00"), 0);
	cr_assert_eq(csv_end(&w), 0);
	cr_assert_str_eq(out(), "-5,-x,2026-11-23T10:00:00+01:00\r\n");
}

Test(csv, utf8_kept)
{
	ROW("Jürgen Größ", "日本");
	cr_assert_str_eq(out(), "Jürgen Größ,日本\r\n");
}

Test(csv, invalid_utf8_replaced)
{
	ROW("a\xff" "b", "\xc3(", "\xe2\x82", "\xc0\xaf");
	cr_assert_str_eq(out(), "a\xEF\xBF\xBD" "b,\xEF\xBF\xBD(,\xEF\xBF\xBD\xEF\xBF\xBD,"
	                 "\xEF\xBF\xBD\xEF\xBF\xBD\r\n");
	cr_assert_eq(w.replaced, 6);
}

Test(csv, invalid_utf8_refused_when_strict)
{
	csv_init(&w, mem, CSV_STRICT);
	cr_assert_eq(csv_text(&w, "ok"), 0);
	errno = 0;
	cr_assert_eq(csv_text(&w, "bad\xed\xa0\x80"), -1); /* a UTF-16 surrogate */
	cr_assert_eq(errno, EILSEQ);
	cr_assert(w.failed);
	cr_assert_str_eq(out(), "ok");
}

Test(csv, bom)
{
	cr_assert_eq(csv_bom(&w), 0);
	ROW("x");
	cr_assert_str_eq(out(), "\xEF\xBB\xBFx\r\n");
}

Test(csv, utf8_len)
{
	cr_assert_eq(csv_utf8_len((const unsigned char *)"a", 1), 1);
	cr_assert_eq(csv_utf8_len((const unsigned char *)"\xc3\xbc", 2), 2);
	cr_assert_eq(csv_utf8_len((const unsigned char *)"\xc3\xbc", 1), 0);
	cr_assert_eq(csv_utf8_len((const unsigned char *)"\xf0\x9f\x98\x80", 4), 4);
	cr_assert_eq(csv_utf8_len((const unsigned char *)"\xf4\x90\x80\x80", 4), 0); /* > U+10FFFF */
	cr_assert_eq(csv_utf8_len((const unsigned char *)"\xe0\x80\xaf", 3), 0);     /* overlong */
}

Test(csv, create_refuses_existing_and_links)
{
	char dir[] = "/tmp/fdcsvXXXXXX", path[256], link[256], why[512];
	FILE *f;
	cr_assert_not_null(mkdtemp(dir));
	snprintf(path, sizeof path, "%s/a.csv", dir);
	snprintf(link, sizeof link, "%s/l.csv", dir);
	cr_assert_eq(csv_create_file(path, &f, why, sizeof why), 0, "%s", why);
	fputs("x", f);
	fclose(f);
	cr_assert_eq(csv_create_file(path, &f, why, sizeof why), -1);
	cr_assert(strstr(why, "exists already"), "%s", why);
	cr_assert_eq(symlink(path, link), 0);
	cr_assert_eq(csv_create_file(link, &f, why, sizeof why), -1);
	cr_assert(strstr(why, "symbolic link"), "%s", why);
	unlink(link);
	/* a dangling link must not create its target */
	char target[300];
	snprintf(target, sizeof target, "%s/target.csv", dir);
	cr_assert_eq(symlink(target, link), 0);
	cr_assert_eq(csv_create_file(link, &f, why, sizeof why), -1);
	cr_assert_eq(access(target, F_OK), -1);
	unlink(link);
	unlink(path);
	rmdir(dir);
}
