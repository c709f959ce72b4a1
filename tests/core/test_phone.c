#include <criterion/criterion.h>

#include <stdlib.h>
#include <string.h>

#include "core/phone.h"

/* Normalise typed with cc and expect e164. */
static void accepts(const char *typed, int cc, const char *e164)
{
	char out[PHONE_MAX];
	const char *why = "unset";
	int r = phone_normalize(typed, cc, out, &why);
	cr_assert_eq(r, 0, "\"%s\" (cc %d) refused: %s", typed, cc,
	             r ? why : "");
	cr_assert_str_eq(out, e164, "\"%s\" (cc %d)", typed, cc);
}

/* Expect a refusal whose reason contains part; out must be left empty. */
static void refuses(const char *typed, int cc, const char *part)
{
	char out[PHONE_MAX];
	const char *why = NULL;
	int r = phone_normalize(typed, cc, out, &why);
	cr_assert_eq(r, -1, "\"%s\" (cc %d) accepted as %s", typed, cc, out);
	cr_assert_not_null(why, "\"%s\": no reason", typed);
	cr_assert(strstr(why, part) != NULL, "\"%s\": reason \"%s\" lacks \"%s\"",
	          typed, why, part);
	cr_assert_str_eq(out, "", "\"%s\": out not cleared", typed);
	/* reasons for people: lowercase start, no full stop */
	cr_assert(why[0] < 'A' || why[0] > 'Z', "reason capitalised: %s", why);
	cr_assert_neq(why[strlen(why) - 1], '.', "reason ends with '.': %s", why);
}

/* ---- empty, NULL, malformed ---- */

Test(phone, empty)
{
	refuses("", 49, "no number given");
}

Test(phone, null_text)
{
	refuses(NULL, 49, "no number given");
}

Test(phone, null_why_is_allowed)
{
	char out[PHONE_MAX];
	cr_assert_eq(phone_normalize("", 49, out, NULL), -1);
	cr_assert_eq(phone_normalize("030 1234567", 49, out, NULL), 0);
	cr_assert_str_eq(out, "+49301234567");
}

Test(phone, spaces_only)
{
	refuses("   ", 49, "no number given");
	refuses("\t \xc2\xa0 ", 49, "no number given");
}

Test(phone, separators_only)
{
	refuses("- / ()", 49, "no digits");
	refuses("+", 49, "no digits");
}

Test(phone, letters)
{
	refuses("abc", 49, "letters are not allowed");
	refuses("0800 FLOWERS", 49, "vanity numbers are not supported");
	refuses("030 1234567 ext 12", 49, "letters");
}

Test(phone, ten_kilobytes_of_digits)
{
	size_t n = 10 * 1024;
	char *s = malloc(n + 1);
	cr_assert_not_null(s);
	memset(s, '7', n);
	s[0] = '+';
	s[n] = '\0';
	refuses(s, 49, "too many digits");
	s[0] = '0';
	refuses(s, 49, "too many digits");
	free(s);
}

Test(phone, invalid_utf8)
{
	refuses("030 \xff 1234567", 49, "unexpected character");
	refuses("030 1234567\xc2", 49, "unexpected character");
	refuses("030 \xc2\x20 1234567", 49, "unexpected character");
	refuses("\xe2\x80", 49, "unexpected character");
}

Test(phone, control_characters)
{
	refuses("030\x01 1234567", 49, "unexpected character");
	refuses("030 1234567\n", 49, "unexpected character");
	refuses("\x1b" "030 1234567", 49, "unexpected character");
	refuses("030\r1234567", 49, "unexpected character");
}

Test(phone, other_punctuation)
{
	refuses("030 1234567#", 49, "unexpected character");
	refuses("*31#030 1234567", 49, "unexpected character");
	refuses("030 12+34567", 49, "only allowed at the start");
	refuses("++49 30 1234567", 49, "only allowed at the start");
}

Test(phone, bad_default_country)
{
	refuses("+49 30 1234567", 0, "default country code 0");
	refuses("030 1234567", -49, "default country code -49");
	refuses("030 1234567", 999, "default country code 999");
	refuses("030 1234567", 4, "default country code 4");
	refuses("030 1234567", 490, "default country code 490");
	refuses("030 1234567", 1000, "default country code 1000");
}

/* ---- forms with default country 49 ---- */

Test(phone, german_national)
{
	accepts("030 1234567", 49, "+49301234567");
	accepts("030/123 45 67", 49, "+49301234567");
	accepts("(030) 123456", 49, "+4930123456");
	accepts("030.123.4567", 49, "+49301234567");
	accepts("030-1234567", 49, "+49301234567");
	accepts("  030 1234567  ", 49, "+49301234567");
	accepts("0151 23456789", 49, "+4915123456789");
	accepts("(0)30 1234567", 49, "+49301234567");
}

Test(phone, german_international)
{
	accepts("0049 30 1234567", 49, "+49301234567");
	accepts("+49 30 1234567", 49, "+49301234567");
	accepts("+4930 1234567", 49, "+49301234567");
	accepts("+49 (0)30 1234567", 49, "+49301234567");
	accepts("+49 ( 0 ) 30 1234567", 49, "+49301234567");
	accepts("+49(0)301234567", 49, "+49301234567");
	accepts("0049 (0)30 1234567", 49, "+49301234567");
	accepts("(+49) 30 1234567", 49, "+49301234567");
	/* Kenya is not in the rules table: "(0)" alone says what to drop */
	accepts("+254 (0)20 1234567", 49, "+254201234567");
	accepts("+254 020 1234567", 49, "+2540201234567");
}

Test(phone, trunk_zero_typed_after_country_code_is_dropped)
{
	accepts("+49 030 1234567", 49, "+49301234567");
	accepts("0049 030 1234567", 49, "+49301234567");
	refuses("+49 0030 1234567", 49, "cannot start with 0");
}

Test(phone, din_5008_extension)
{
	accepts("+49 30 1234567-113", 49, "+49301234567113");
	accepts("030 1234567-0", 49, "+493012345670");
	accepts("030 123456-113", 49, "+4930123456113");
}

Test(phone, unicode_spaces_and_dashes)
{
	accepts("+49\xc2\xa0" "30\xc2\xa0" "1234567", 49, "+49301234567");
	accepts("030\xe2\x80\xaf" "1234567", 49, "+49301234567");
	accepts("030\xe2\x80\x93" "1234567", 49, "+49301234567");
	accepts("030\xe2\x80\x91" "1234567", 49, "+49301234567");
}

Test(phone, tel_uri)
{
	accepts("tel:+49-30-1234567", 49, "+49301234567");
	accepts("TEL:+49 30 1234567", 49, "+49301234567");
	refuses("tel:", 49, "no number given");
	refuses("tel:+49-30-1234567;ext=1", 49, "letters");
}

Test(phone, bare_digits_are_ambiguous)
{
	refuses("1234567", 49, "a number needs an area code or country code: "
	        "type it as 030 1234567 or +49 30 1234567");
	refuses("12345", 49, "needs an area code");
	refuses("30 1234567", 49, "needs an area code");
}

Test(phone, short_bare_digits_are_extensions)
{
	refuses("113", 49, "looks like an extension, not a phone number");
	refuses("1", 49, "looks like an extension");
	refuses("12-34", 49, "looks like an extension");
}

Test(phone, country_codes)
{
	refuses("+999 123456", 49, "unknown country code +999");
	refuses("00999 123456", 49, "unknown country code +999");
	refuses("+214 1234567", 49, "unknown country code +214");
	refuses("+384 1234567", 49, "unknown country code +384");
	refuses("+030 1234567", 49, "country code cannot start with 0");
	refuses("000 30 1234567", 49, "country code cannot start with 0");
	refuses("00", 49, "must follow the international prefix");
	refuses("+2", 49, "too few digits");
	refuses("+49", 49, "only a country code");
	refuses("+49 (0)", 49, "only a country code");
	accepts("+7 495 123 45 67", 49, "+74951234567");
	accepts("+420 123 456 789", 49, "+420123456789");
	accepts("+352 1234 56", 49, "+352123456");
	accepts("+1 212 555 0100", 49, "+12125550100");
	accepts("+27 21 123 4567", 49, "+27211234567");
	accepts("+886 2 1234 5678", 49, "+886212345678");
	accepts("+998 71 123 45 67", 49, "+998711234567");
}

Test(phone, lengths)
{
	/* German national significant number: 5..13 digits */
	refuses("030 12", 49, "a German number has 5 to 13 digits after +49 "
	        "(this one has 4)");
	accepts("030 123", 49, "+4930123");
	accepts("030 12345678901", 49, "+493012345678901");
	refuses("030 123456789012", 49, "(this one has 14)");
	refuses("0", 49, "only a country code");
	/* E.164: at most 15 digits, at least 7, national number at least 4 */
	refuses("+880 1234 5678 90123", 49, "too many digits for a phone number "
	        "(at most 15)");
	accepts("+880 1234 5678 9012", 49, "+880123456789012");
	refuses("+886 123", 49, "at least 4 after the country code");
	refuses("+20 1234", 49, "at least 7 with the country code");
	accepts("+20 12345", 49, "+2012345");
}

/* ---- other default countries ---- */

Test(phone, switzerland)
{
	accepts("044 123 45 67", 41, "+41441234567");
	accepts("+41 (0)44 123 45 67", 41, "+41441234567");
	accepts("030 1234567", 41, "+41301234567");
	accepts("0049 30 1234567", 41, "+49301234567");
	refuses("+41 44 123 45 67-113", 41, "a number in +41 has 9 digits after "
	        "the country code (this one has 12)");
	refuses("1234567", 41, "type it as 0 and the area code, or as +41");
}

Test(phone, austria)
{
	accepts("01 234 56 78", 43, "+4312345678");
	accepts("0662 123456-12", 43, "+4366212345612");
	accepts("+43 (0)1 234 56 78", 43, "+4312345678");
}

Test(phone, united_kingdom)
{
	accepts("020 7946 0018", 44, "+442079460018");
	accepts("+44 (0)20 7946 0018", 44, "+442079460018");
	accepts("0044 20 7946 0018", 44, "+442079460018");
	refuses("020 7946 00181", 44, "a number in +44 has 7 to 10 digits");
}

Test(phone, north_america)
{
	accepts("(212) 555-0100", 1, "+12125550100");
	accepts("212.555.0100", 1, "+12125550100");
	accepts("1-212-555-0100", 1, "+12125550100");
	accepts("+1 212 555 0100", 1, "+12125550100");
	accepts("011 49 30 1234567", 1, "+49301234567");
	accepts("0049 30 1234567", 1, "+49301234567");
	refuses("555-0100", 1, "a number in +1 has 10 digits");
	refuses("0100", 1, "no trunk prefix 0");
	refuses("5555", 1, "looks like an extension");
	refuses("+1 112 555 0100", 1, "area code cannot start with 0 or 1");
	refuses("+1 212 155 0100", 1, "exchange code cannot start with 0 or 1");
	refuses("030 1234567", 1, "no trunk prefix 0");
}

Test(phone, italy_keeps_its_zero)
{
	accepts("06 1234 5678", 39, "+390612345678");
	accepts("347 123 4567", 39, "+393471234567");
	accepts("+39 06 1234 5678", 49, "+390612345678");
	accepts("+39 (0)6 1234 5678", 49, "+390612345678");
}

Test(phone, closed_plans_without_trunk_prefix)
{
	accepts("12 34 56 78", 45, "+4512345678");
	accepts("912 345 678", 34, "+34912345678");
	refuses("0912 345 678", 34, "numbers in +34 have no trunk prefix 0");
	refuses("+34 0912 345 678", 49, "cannot start with 0");
}

Test(phone, other_trunk_prefixes)
{
	accepts("8 495 123-45-67", 7, "+74951234567");
	accepts("+7 800 123 45 67", 49, "+78001234567");
	accepts("06 1 234 5678", 36, "+3612345678");
	refuses("495 123 45 67", 7, "type it as 8 and the area code");
}

/* ---- properties ---- */

Test(phone, round_trip)
{
	static const struct {
		const char *typed;
		int cc;
	} in[] = {
		{"030 1234567", 49}, {"+49 (0)30 1234567-113", 49},
		{"0151 23456789", 49}, {"(212) 555-0100", 1},
		{"020 7946 0018", 44}, {"044 123 45 67", 41},
		{"01 234 56 78", 43}, {"06 1234 5678", 39},
		{"+39 (0)6 1234 5678", 49}, {"12 34 56 78", 45},
		{"8 495 123-45-67", 7}, {"+880 1234 5678 901", 49},
		{"+225 07 07 12 34 56", 49}, {"+299 123456", 49},
		{"06 1 234 5678", 36},
	};
	static const int defaults[] = {49, 1, 41, 44, 39, 7};

	for (size_t i = 0; i < sizeof in / sizeof in[0]; i++) {
		char first[PHONE_MAX], again[PHONE_MAX];
		const char *why = NULL;
		cr_assert_eq(phone_normalize(in[i].typed, in[i].cc, first, &why), 0,
		             "\"%s\": %s", in[i].typed, why);
		for (size_t j = 0; j < sizeof defaults / sizeof defaults[0]; j++) {
			cr_assert_eq(phone_normalize(first, defaults[j], again, &why),
			             0, "%s (cc %d): %s", first, defaults[j], why);
			cr_assert_str_eq(again, first);
		}
		/* the formatted form reads back as the same number, too */
		char shown[64];
		phone_format(first, shown, sizeof shown);
		cr_assert_eq(phone_normalize(shown, 49, again, &why), 0,
		             "%s: %s", shown, why);
		cr_assert_str_eq(again, first);
	}
}

/* ---- digit keys ---- */

Test(phone, intl_digits)
{
	char out[PHONE_MAX];
	phone_intl_digits("+4930123", out, sizeof out);
	cr_assert_str_eq(out, "4930123");
	phone_intl_digits(NULL, out, sizeof out);
	cr_assert_str_eq(out, "");
	phone_intl_digits("+4930123", out, 4);
	cr_assert_str_eq(out, "493");
	out[0] = 'x';
	phone_intl_digits("+4930123", out, 0);
	cr_assert_eq(out[0], 'x');
}

Test(phone, national_digits)
{
	char out[PHONE_MAX];
	phone_national_digits("+4930123", out, sizeof out);
	cr_assert_str_eq(out, "030123");
	phone_national_digits("+442083224327", out, sizeof out);
	cr_assert_str_eq(out, "02083224327");
	phone_national_digits("+12125550100", out, sizeof out);
	cr_assert_str_eq(out, "12125550100");
	phone_national_digits("+390612345678", out, sizeof out);
	cr_assert_str_eq(out, "0612345678");
	phone_national_digits("+34912345678", out, sizeof out);
	cr_assert_str_eq(out, "912345678");
	phone_national_digits("+420123456789", out, sizeof out);
	cr_assert_str_eq(out, "123456789");
	phone_national_digits("+74951234567", out, sizeof out);
	cr_assert_str_eq(out, "84951234567");
	phone_national_digits("+3612345678", out, sizeof out);
	cr_assert_str_eq(out, "0612345678");
	/* a country without known rules: trunk prefix 0 assumed */
	phone_national_digits("+254201234567", out, sizeof out);
	cr_assert_str_eq(out, "0201234567");
	/* unknown country code: the digits as they are */
	phone_national_digits("+9991234", out, sizeof out);
	cr_assert_str_eq(out, "9991234");
	phone_national_digits(NULL, out, sizeof out);
	cr_assert_str_eq(out, "");
	phone_national_digits("+4930123", out, 3);
	cr_assert_str_eq(out, "03");
}

Test(phone, keys_match_typed_fragments)
{
	char e164[PHONE_MAX], intl[PHONE_MAX], nat[PHONE_MAX], q[PHONE_MAX];
	cr_assert_eq(phone_normalize("030/123 45 67", 49, e164, NULL), 0);
	phone_intl_digits(e164, intl, sizeof intl);
	phone_national_digits(e164, nat, sizeof nat);
	const char *frags[] = {"030 1234", "+49 30 12", "0049 30", "+49 (0)30 1",
	                       "45 67", "301234567"};
	for (size_t i = 0; i < sizeof frags / sizeof frags[0]; i++) {
		cr_assert_gt(phone_query_digits(frags[i], q, sizeof q), 0);
		cr_assert(strstr(intl, q) || strstr(nat, q), "\"%s\" -> %s "
		          "matches neither %s nor %s", frags[i], q, intl, nat);
	}
}

Test(phone, query_digits)
{
	char out[PHONE_MAX];
	cr_assert_eq(phone_query_digits("030 1234", out, sizeof out), 7);
	cr_assert_str_eq(out, "0301234");
	cr_assert_eq(phone_query_digits("+49 30 12", out, sizeof out), 6);
	cr_assert_str_eq(out, "493012");
	cr_assert_eq(phone_query_digits("0049 30 12", out, sizeof out), 6);
	cr_assert_str_eq(out, "493012");
	cr_assert_eq(phone_query_digits("0049 30", out, sizeof out), 4);
	cr_assert_str_eq(out, "4930");
	cr_assert_eq(phone_query_digits("1234-56", out, sizeof out), 6);
	cr_assert_str_eq(out, "123456");
	cr_assert_eq(phone_query_digits("+49 (0)30 12", out, sizeof out), 6);
	cr_assert_str_eq(out, "493012");
	cr_assert_eq(phone_query_digits("+39 (0)6 12", out, sizeof out), 6);
	cr_assert_str_eq(out, "390612");
	cr_assert_eq(phone_query_digits("\xc2\xa0" "030\xc2\xa0" "12", out,
	                                 sizeof out), 5);
	cr_assert_str_eq(out, "03012");
}

Test(phone, query_digits_no_number)
{
	char out[PHONE_MAX];
	strcpy(out, "junk");
	cr_assert_eq(phone_query_digits("mayr", out, sizeof out), 0);
	cr_assert_str_eq(out, "");
	cr_assert_eq(phone_query_digits("room 12", out, sizeof out), 0);
	cr_assert_eq(phone_query_digits("M\xc3\xbcller", out, sizeof out), 0);
	cr_assert_eq(phone_query_digits("", out, sizeof out), 0);
	cr_assert_eq(phone_query_digits("  - ", out, sizeof out), 0);
	cr_assert_eq(phone_query_digits("+", out, sizeof out), 0);
	cr_assert_eq(phone_query_digits(NULL, out, sizeof out), 0);
	cr_assert_str_eq(out, "");
	cr_assert_eq(phone_query_digits("030", out, 0), 0);
}

Test(phone, query_digits_truncates)
{
	char out[4];
	cr_assert_eq(phone_query_digits("030 1234", out, sizeof out), 3);
	cr_assert_str_eq(out, "030");

	size_t n = 10 * 1024;
	char *s = malloc(n + 1), big[PHONE_MAX];
	cr_assert_not_null(s);
	memset(s, '5', n);
	s[n] = '\0';
	cr_assert_eq(phone_query_digits(s, big, sizeof big), PHONE_MAX - 1);
	cr_assert_eq(strspn(big, "5"), PHONE_MAX - 1);
	free(s);
}

/* ---- display ---- */

Test(phone, format)
{
	char out[64];
	phone_format("+49301234567", out, sizeof out);
	cr_assert_str_eq(out, "+49 30 1234567");
	phone_format("+492211234567", out, sizeof out);
	cr_assert_str_eq(out, "+49 221 1234567");
	phone_format("+4915123456789", out, sizeof out);
	cr_assert_str_eq(out, "+49 1512 3456789");
	phone_format("+4917012345678", out, sizeof out);
	cr_assert_str_eq(out, "+49 170 12345678");
	phone_format("+4976221234", out, sizeof out);
	cr_assert_str_eq(out, "+49 76221234");
	phone_format("+12125550100", out, sizeof out);
	cr_assert_str_eq(out, "+1 212 555 0100");
	phone_format("+442079460018", out, sizeof out);
	cr_assert_str_eq(out, "+44 2079460018");
	phone_format("+420123456789", out, sizeof out);
	cr_assert_str_eq(out, "+420 123456789");
	phone_format("+9991234", out, sizeof out);
	cr_assert_str_eq(out, "+9991234");
	phone_format("", out, sizeof out);
	cr_assert_str_eq(out, "");
	phone_format(NULL, out, sizeof out);
	cr_assert_str_eq(out, "");
	phone_format("+49301234567", out, 6);
	cr_assert_str_eq(out, "+49 3");
}

Test(phone, cc_len)
{
	cr_assert_eq(phone_cc_len("12125550100"), 1);
	cr_assert_eq(phone_cc_len("74951234567"), 1);
	cr_assert_eq(phone_cc_len("4930123"), 2);
	cr_assert_eq(phone_cc_len("20"), 2);
	cr_assert_eq(phone_cc_len("420123"), 3);
	cr_assert_eq(phone_cc_len("998"), 3);
	cr_assert_eq(phone_cc_len("999123"), 0);
	cr_assert_eq(phone_cc_len("28"), 0);
	cr_assert_eq(phone_cc_len("0049"), 0);
	cr_assert_eq(phone_cc_len("+49"), 0);
	cr_assert_eq(phone_cc_len(""), 0);
	cr_assert_eq(phone_cc_len(NULL), 0);
}

Test(phone, every_listed_code_is_complete)
{
	/* each assigned code, followed by digits, parses with its own length */
	static const char *codes[] = {"1", "7", "20", "27", "30", "36", "39",
	                              "41", "49", "51", "58", "60", "66", "81",
	                              "82", "84", "86", "90", "95", "98", "212",
	                              "220", "258", "260", "269", "290", "297",
	                              "299", "350", "359", "370", "389", "421",
	                              "423", "500", "509", "590", "599", "670",
	                              "692", "850", "852", "856", "880", "886",
	                              "960", "968", "970", "977", "992", "996"};
	for (size_t i = 0; i < sizeof codes / sizeof codes[0]; i++) {
		char d[16];
		strcpy(d, codes[i]);
		strcat(d, "234567");
		cr_assert_eq(phone_cc_len(d), (int)strlen(codes[i]), "%s", d);
	}
	static const char *spare[] = {"214", "259", "280", "292", "384", "422",
	                              "671", "684", "693", "801", "851", "969",
	                              "978", "990", "997", "999"};
	for (size_t i = 0; i < sizeof spare / sizeof spare[0]; i++)
		cr_assert_eq(phone_cc_len(spare[i]), 0, "%s", spare[i]);
}
