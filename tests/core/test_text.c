#include <criterion/criterion.h>

#include <stdlib.h>
#include <string.h>

#include "core/text.h"

/* Each helper frees the returned string after comparing it. */
static void expect_fold(const char *in, const char *want)
{
	char *got = text_fold(in);
	cr_expect_str_eq(got, want, "text_fold(\"%s\")", in);
	free(got);
}

static void expect_fold_de(const char *in, const char *want)
{
	char *got = text_fold_german(in);
	cr_expect_str_eq(got, want, "text_fold_german(\"%s\")", in);
	free(got);
}

static void expect_line(const char *in, const char *want)
{
	char *got = text_clean_line(in);
	cr_assert_not_null(got, "text_clean_line(\"%s\") is NULL", in);
	cr_expect_str_eq(got, want, "text_clean_line(\"%s\")", in);
	free(got);
}

static void expect_multi(const char *in, const char *want)
{
	char *got = text_clean_multiline(in);
	cr_assert_not_null(got, "text_clean_multiline(\"%s\") is NULL", in);
	cr_expect_str_eq(got, want, "text_clean_multiline(\"%s\")", in);
	free(got);
}

static void expect_escape(const char *in, int keep, const char *want)
{
	char *got = text_escape(in, keep);
	cr_expect_str_eq(got, want, "text_escape(\"%s\", %d)", in, keep);
	free(got);
}

static void expect_cologne(const char *in, const char *want)
{
	char out[64];
	text_cologne(in, out, sizeof out);
	cr_expect_str_eq(out, want, "text_cologne(\"%s\")", in);
}

static void expect_metaphone(const char *in, const char *want)
{
	char out[64];
	text_metaphone(in, out, sizeof out);
	cr_expect_str_eq(out, want, "text_metaphone(\"%s\")", in);
}

/* Cologne of the fold of a raw name, as the search index computes it. */
static void expect_name_cologne(const char *name, const char *want)
{
	char *f = text_fold(name);
	expect_cologne(f, want);
	free(f);
}

static char *big_string(size_t n, const char *unit)
{
	size_t u = strlen(unit);
	char *s = malloc(n + 1);
	cr_assert_not_null(s);
	for (size_t i = 0; i < n; i++)
		s[i] = unit[i % u];
	s[n] = '\0';
	return s;
}

/* ---- empty input ---- */

Test(text, empty_input)
{
	char out[8] = "junk";
	cr_expect_eq(text_valid_utf8("", 0), 1);
	expect_line("", "");
	expect_multi("", "");
	expect_fold("", "");
	expect_fold_de("", "");
	expect_escape("", 0, "");
	cr_expect_eq(text_width(""), 0);
	text_cologne("", out, sizeof out);
	cr_expect_str_eq(out, "");
	strcpy(out, "junk");
	text_metaphone("", out, sizeof out);
	cr_expect_str_eq(out, "");
	cr_expect_eq(text_within_one_edit("", ""), 1);
}

Test(text, only_separators_and_space)
{
	expect_line(" \t\n\xc2\xa0 ", "");
	expect_multi("\n\r\n  \n", "");
	expect_fold(" -- ,. ", "");
	expect_fold_de("\xe2\x80\x94", "");
	char out[8];
	text_cologne(" - ", out, sizeof out);
	cr_expect_str_eq(out, "");
	text_metaphone("123", out, sizeof out);
	cr_expect_str_eq(out, "");
}

Test(text, zero_sized_and_tiny_out_buffers)
{
	char out[4] = "xyz";
	text_cologne("muller", out, 0);
	cr_expect_str_eq(out, "xyz", "n == 0 must not write");
	text_metaphone("katherine", out, 0);
	cr_expect_str_eq(out, "xyz", "n == 0 must not write");
	text_cologne("muller", out, 1);
	cr_expect_str_eq(out, "");
	text_cologne("muller", out, 3);
	cr_expect_str_eq(out, "65");
	text_metaphone("katherine", out, 3);
	cr_expect_str_eq(out, "K0");
}

/* ---- malformed UTF-8 ---- */

Test(text, valid_utf8)
{
	cr_expect_eq(text_valid_utf8("abc", 3), 1);
	cr_expect_eq(text_valid_utf8("M\xc3\xbcller", 7), 1);
	cr_expect_eq(text_valid_utf8("\xf0\x9f\x98\x80", 4), 1);
	cr_expect_eq(text_valid_utf8("a\0b", 3), 1, "NUL is valid UTF-8");
	cr_expect_eq(text_valid_utf8("M\xfcller", 6), 0, "latin-1");
	cr_expect_eq(text_valid_utf8("\xc0\xaf", 2), 0, "overlong /");
	cr_expect_eq(text_valid_utf8("\xe0\x80\xaf", 3), 0, "overlong 3");
	cr_expect_eq(text_valid_utf8("\xed\xa0\x80", 3), 0, "surrogate");
	cr_expect_eq(text_valid_utf8("\xf4\x90\x80\x80", 4), 0, "> U+10FFFF");
	cr_expect_eq(text_valid_utf8("\xe2\x82", 2), 0, "truncated");
	cr_expect_eq(text_valid_utf8("\x80", 1), 0, "lone continuation");
	/* n bounds the check: the truncated tail is outside it. */
	cr_expect_eq(text_valid_utf8("ab\xe2\x82", 2), 1);
	cr_expect_eq(text_valid_utf8("\xc3\xbc", 1), 0, "cut mid-character");
}

Test(text, clean_rejects_invalid)
{
	const char *bad[] = {"M\xfcller", "\xc0\xaf", "\xed\xa0\x80",
			     "abc\xe2\x82", "\xf8\x88\x80\x80\x80"};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		char *a = text_clean_line(bad[i]);
		char *b = text_clean_multiline(bad[i]);
		cr_expect_null(a, "clean_line accepted bad input %zu", i);
		cr_expect_null(b, "clean_multiline accepted bad input %zu", i);
		free(a);
		free(b);
	}
}

Test(text, fold_drops_invalid_bytes)
{
	expect_fold("M\xfcller", "mller");
	expect_fold("ab\xc0\xaf" "cd", "abcd");
	expect_fold("x\xed\xa0\x80y", "xy");
	expect_fold("Anna\xe2\x82", "anna");
	expect_fold_de("\xe2\x82M\xc3", "m");
}

Test(text, escape_invalid_bytes)
{
	expect_escape("M\xfcller", 0, "M\\xFCller");
	expect_escape("\xc0\xaf", 0, "\\xC0\\xAF");
	expect_escape("\xed\xa0\x80", 0, "\\xED\\xA0\\x80");
	expect_escape("ok\xe2\x82", 0, "ok\\xE2\\x82");
	cr_expect_eq(text_width("M\xfcller"), 9);
	cr_expect_eq(text_width("\xe2\x82"), 8);
}

/* ---- hostile input ---- */

Test(text, escape_sequences_neutralised)
{
	expect_escape("\x1b[2J", 0, "\\x1B[2J");
	expect_escape("a\x07" "b\x7f", 0, "a\\x07b\\x7F");
	expect_escape("\xc2\x9b" "31m", 0, "\\u009B31m");
	expect_escape("tab\there", 0, "tab\\x09here");
	expect_escape("a\nb", 0, "a\\nb");
	expect_escape("a\nb", 1, "a\nb");
	expect_escape("a\r\nb", 1, "a\\x0D\nb");
	expect_line("\x1b[2JAnna\x1b", "[2JAnna");
	expect_line("a\x07" "b\xc2\x9b" "c\x7f", "abc");
}

Test(text, bidi_and_zero_width)
{
	/* "abc" + RLO + "gpj.exe": the override must not reach the terminal. */
	expect_escape("abc\xe2\x80\xaegpj.exe", 0, "abc\\u202Egpj.exe");
	expect_escape("\xe2\x81\xa6x\xe2\x81\xa9", 0, "\\u2066x\\u2069");
	expect_escape("a\xe2\x80\x8b" "b\xe2\x80\x8f" "c\xef\xbb\xbf", 0,
		      "a\\u200Bb\\u200Fc\\uFEFF");
	expect_escape("\xe2\x81\xa0", 0, "\\u2060");
	expect_line("abc\xe2\x80\xaegpj.exe", "abcgpj.exe");
	expect_line("\xef\xbb\xbf" "Anna\xe2\x80\x8b", "Anna");
	expect_line("A\xe2\x80\x8d" "B\xe2\x80\xaa" "C\xe2\x81\xa8", "ABC");
	expect_fold("Ma\xe2\x80\x8bier", "maier");
	expect_fold("abc\xe2\x80\xae" "def", "abcdef");
	expect_fold("M\xc3\xbcl\xc2\xad" "ler", "muller"); /* soft hyphen */
	cr_expect_eq(text_width("a\xe2\x80\xae"), 7, "width as escaped");
}

Test(text, megabyte_string)
{
	size_t n = 1 << 20;
	char *s = big_string(n, "M\xc3\xbcller-");
	char *f = text_fold(s);
	cr_expect_eq(strncmp(f, "muller muller ", 14), 0);
	cr_expect_eq(f[strlen(f) - 1] != ' ', 1, "fold trimmed");
	free(f);
	char *e = text_escape(s, 0);
	cr_expect_eq(strcmp(e, s), 0, "valid text escapes to itself");
	free(e);
	char *c = text_clean_line(s);
	cr_assert_not_null(c);
	cr_expect_eq(strcmp(c, s), 0, "clean NFC text is unchanged");
	free(c);
	free(s);

	s = big_string(n, "\x1b");
	e = text_escape(s, 0);
	cr_expect_eq(strlen(e), 4 * n);
	free(e);
	cr_expect_eq(text_width(s), 4 * n);
	c = text_clean_line(s);
	cr_expect_str_eq(c, "");
	free(c);
	free(s);

	s = big_string(n, "ab");
	char out[16];
	text_cologne(s, out, sizeof out);
	cr_expect_eq(strlen(out), 15);
	text_metaphone(s, out, sizeof out);
	cr_expect_str_eq(out, "ABBBBBBBBBBBBBB");
	cr_expect_eq(text_within_one_edit(s, s), 1);
	free(s);
}

/* ---- clean ---- */

Test(text, clean_line)
{
	expect_line("  Anna   Maria\t Meier \n", "Anna Maria Meier");
	expect_line("Anna\xc2\xa0Meier", "Anna Meier");
	expect_line("a\xe3\x80\x80" "b\xe2\x80\xaf" "c", "a b c");
	expect_line("line1\r\nline2", "line1 line2");
	/* decomposed u + U+0308 becomes precomposed ü */
	expect_line("Mu\xcc\x88ller", "M\xc3\xbcller");
	/* a zero-width space between base and mark does not block NFC */
	expect_line("Mu\xe2\x80\x8b\xcc\x88ller", "M\xc3\xbcller");
	expect_line("\xe4\xb8\xad\xe6\x96\x87 \xf0\x9f\x98\x80",
		    "\xe4\xb8\xad\xe6\x96\x87 \xf0\x9f\x98\x80");
}

Test(text, clean_multiline)
{
	expect_multi("one\r\ntwo\rthree\nfour", "one\ntwo\nthree\nfour");
	expect_multi("\n\n  first  \n\n  second \n\n", "first\n\nsecond");
	expect_multi("a \t b\x1b\x07", "a b");
	expect_multi("a\xe2\x80\xa8" "b", "a\nb");
	expect_multi("Mu\xcc\x88ller\r\n", "M\xc3\xbcller");
}

/* ---- fold ---- */

Test(text, fold_names_meet)
{
	expect_fold("M\xc3\xbcller", "muller");
	expect_fold("M\xc3\x9cLLER", "muller");
	expect_fold("muller", "muller");
	expect_fold("Mu\xcc\x88ller", "muller");
	expect_fold("MU\xcc\x88LLER", "muller");
	expect_fold("Mueller", "mueller");

	expect_fold_de("M\xc3\xbcller", "mueller");
	expect_fold_de("M\xc3\x9cLLER", "mueller");
	expect_fold_de("Mueller", "mueller");
	expect_fold_de("Mu\xcc\x88ller", "mueller");
	expect_fold_de("MU\xcc\x88LLER", "mueller");
	expect_fold_de("\xc3\x84rger \xc3\x96l \xc3\x9c" "ber",
		       "aerger oel ueber");
	expect_fold_de("A\xcc\x88rger O\xcc\x88l", "aerger oel");
	/* other accents are stripped as in text_fold */
	expect_fold_de("Citro\xc3\xabn Jos\xc3\xa9", "citroen jose");
	expect_fold_de("Cito\xcc\x88", "citoe");
	expect_fold_de("o\xcc\x81\xcc\x88", "oe");
	expect_fold_de("\xc3\xa9\xcc\x88", "e");
}

Test(text, fold_special_letters)
{
	expect_fold("Wei\xc3\x9f", "weiss");
	expect_fold("WEI\xe1\xba\x9e", "weiss");
	expect_fold("\xc5\x81ukasz", "lukasz");
	expect_fold("\xc5\x82\xc3\xb8\xc3\xa6\xc5\x93\xc4\x91\xc4\xb1\xc3\xbe",
		    "loaeoedith");
	expect_fold("\xc3\x98RSTED \xc3\x86SIR \xc5\x92UVRE \xc4\x90URO",
		    "orsted aesir oeuvre duro");
	expect_fold("\xc4\xb0stanbul", "istanbul");
	expect_fold("Fran\xc3\xa7ois Ren\xc3\xa9" "e Dvo\xc5\x99\xc3\xa1k",
		    "francois renee dvorak");
	expect_fold_de("Wei\xc3\x9f", "weiss");
	expect_fold_de("\xc5\x81ukasz", "lukasz");
}

Test(text, fold_separators)
{
	expect_fold("M\xc3\xbcller-L\xc3\xbc" "denscheidt", "muller ludenscheidt");
	expect_fold_de("M\xc3\xbcller-L\xc3\xbc" "denscheidt",
		       "mueller luedenscheidt");
	expect_fold("  O'Brien,  Mary-Ann (2nd) ", "o brien mary ann 2nd");
	expect_fold("a\xc2\xa0\xe2\x80\x94\xc2\xb7" "b", "a b");
	expect_fold("\xf0\x9f\x98\x80" "Anna\xf0\x9f\x98\x80", "anna");
	/* compatibility forms: ligature, fullwidth */
	expect_fold("\xef\xac\x81nk \xef\xbc\xa1\xef\xbc\xa2", "fink ab");
	/* other scripts stay letters */
	expect_fold("\xd0\x98\xd0\xb2\xd0\xb0\xd0\xbd", "\xd0\xb8\xd0\xb2\xd0\xb0\xd0\xbd");
	expect_fold("\xe7\x8e\x8b \xe5\xb0\x8f\xe6\x98\x8e",
		    "\xe7\x8e\x8b \xe5\xb0\x8f\xe6\x98\x8e");
	expect_fold("\xea\xb9\x80", "\xea\xb9\x80");
}

/* ---- phonetics ---- */

Test(text, cologne_reference)
{
	/* Published examples (Postel 1969; de.wikipedia "Kölner Phonetik"):
	 * raw 60550750206880022 -> collapsed 6050750206802 -> 65752682. */
	expect_name_cologne("M\xc3\xbcller-L\xc3\xbc" "denscheidt", "65752682");
	expect_cologne("wikipedia", "3412");
	expect_cologne("breschnew", "17863");
	expect_cologne("muller", "657");
	const char *meier[] = {"meier", "maier", "mayer", "meyer", "mayr"};
	for (size_t i = 0; i < 5; i++)
		expect_cologne(meier[i], "67");
	expect_cologne("schmidt", "862");
	expect_cologne("schmitt", "862");
	expect_cologne("schmid", "862");
	expect_cologne("fischer", "387");
	expect_cologne("fisher", "387");
	expect_name_cologne("Wei\xc3\x9f", "38");
}

Test(text, cologne_context_rules)
{
	expect_cologne("anna", "06");		/* leading zero kept */
	expect_cologne("c\xc3\xa4sar", "87");	/* non a-z bytes skipped */
	expect_cologne("caesar", "487");	/* initial C before A */
	expect_cologne("celina", "856");	/* initial C before E */
	expect_cologne("claus", "458");		/* initial C before L */
	expect_cologne("ecl", "085");		/* C not initial, before L */
	expect_cologne("sc", "8");		/* C after S */
	expect_cologne("philipp", "351");	/* PH -> 3 */
	expect_cologne("dc", "8");		/* D before C */
	expect_cologne("tz", "8");		/* T before Z, 88 collapsed */
	expect_cologne("max", "648");		/* X -> 48 */
	expect_cologne("axel", "0485");		/* X -> 48 */
	expect_cologne("zcx", "8");		/* X after C -> 8, not 48 */
	expect_cologne("hhh", "");		/* H ignored */
	expect_cologne("MAYR", "67");		/* uppercase tolerated */
}

Test(text, metaphone)
{
	expect_metaphone("catherine", "K0RN");
	expect_metaphone("katherine", "K0RN");
	expect_metaphone("fisher", "FXR");
	expect_metaphone("knight", "NT");	/* initial KN, GH silent */
	expect_metaphone("wright", "RT");	/* initial WR */
	expect_metaphone("thompson", "0MPSN");	/* TH -> 0 */
	expect_metaphone("thumb", "0M");	/* MB at end */
	expect_metaphone("xavier", "SFR");	/* initial X */
	expect_metaphone("whitney", "WTN");	/* initial WH */
	expect_metaphone("accident", "AKSTNT");	/* CC not collapsed */
	expect_metaphone("science", "SNS");	/* SCI: C silent */
	expect_metaphone("school", "SKL");	/* SCH -> K */
	expect_metaphone("phone", "FN");	/* PH -> F */
	expect_metaphone("edge", "EJ");		/* DGE -> J */
	expect_metaphone("sign", "SN");		/* GN at end */
	expect_metaphone("signed", "SNT");	/* GNED at end */
	expect_metaphone("nation", "NXN");	/* TIO -> X */
	expect_metaphone("witch", "WX");	/* TCH: T silent */
	expect_metaphone("aerial", "ERL");	/* initial AE */
	expect_metaphone("smith", "SM0");
	expect_metaphone("schmidt", "SKMTT");
	expect_metaphone("Mary Ann", "MRYN");	/* non-letters skipped */
}

/* ---- one edit ---- */

Test(text, within_one_edit)
{
	cr_expect_eq(text_within_one_edit("meier", "meier"), 1, "equal");
	cr_expect_eq(text_within_one_edit("meier", "maier"), 1, "substitute");
	cr_expect_eq(text_within_one_edit("meier", "meir"), 1, "delete");
	cr_expect_eq(text_within_one_edit("meir", "meier"), 1, "insert");
	cr_expect_eq(text_within_one_edit("meier", "meiers"), 1, "append");
	cr_expect_eq(text_within_one_edit("smeier", "meier"), 1, "prepend");
	cr_expect_eq(text_within_one_edit("meier", "emier"), 1, "swap first");
	cr_expect_eq(text_within_one_edit("meier", "meire"), 1, "swap last");
	cr_expect_eq(text_within_one_edit("", "a"), 1, "empty + 1");
	cr_expect_eq(text_within_one_edit("a", ""), 1, "1 + empty");
	cr_expect_eq(text_within_one_edit("", "ab"), 0, "empty + 2");
	cr_expect_eq(text_within_one_edit("meier", "mayer"), 0, "2 subs");
	cr_expect_eq(text_within_one_edit("meier", "mei"), 0, "2 deletes");
	cr_expect_eq(text_within_one_edit("meier", "eimer"), 0, "far swap");
	cr_expect_eq(text_within_one_edit("abcd", "badc"), 0, "2 swaps");
	cr_expect_eq(text_within_one_edit("abc", "bca"), 0, "rotation");
	cr_expect_eq(text_within_one_edit("meier", "meierei"), 0, "2 inserts");
	cr_expect_eq(text_within_one_edit("ab", "ba"), 1, "swap of two");
	cr_expect_eq(text_within_one_edit("ab", "bb"), 1, "sub of two");
}

/* ---- escape and width ---- */

Test(text, escape_keeps_printable)
{
	const char *ok[] = {"Anna Meier", "M\xc3\xbcller", "C:\\path \"q\"",
			    "\xe4\xb8\xad\xe6\x96\x87", "\xf0\x9f\x98\x80",
			    "Mu\xcc\x88ller", "\xd8\xb9\xd9\x84\xd9\x8a"};
	for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++)
		expect_escape(ok[i], 0, ok[i]);
}

Test(text, width)
{
	cr_expect_eq(text_width("Anna"), 4);
	cr_expect_eq(text_width("M\xc3\xbcller"), 6);
	cr_expect_eq(text_width("Mu\xcc\x88ller"), 6, "combining is 0");
	cr_expect_eq(text_width("\xe4\xb8\xad\xe6\x96\x87"), 4, "CJK is 2");
	cr_expect_eq(text_width("\xf0\x9f\x98\x80"), 2, "emoji is 2");
	cr_expect_eq(text_width("\x1b"), 4, "as \\x1B");
	cr_expect_eq(text_width("a\nb"), 4, "as a\\nb");
	/* width agrees with what text_escape shows */
	const char *s = "x\x1b[1m\xc2\x85\xe2\x80\x8f\xfe\xe4\xb8\xad\n";
	char *e = text_escape(s, 0);
	cr_expect_eq(text_width(s), strlen(e) - 1, "%s", e); /* 中: 3 bytes, 2 columns */
	cr_expect_eq(text_width(e), text_width(s));
	free(e);
}
