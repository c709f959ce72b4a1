#include <criterion/criterion.h>

#include <stdlib.h>
#include <string.h>

#include "core/spell.h"

static void expect_spell(const char *in, enum spell_alphabet a, const char *want)
{
	char *got = spell_word(in, a);
	cr_assert_not_null(got, "spell_word(\"%s\") is NULL", in);
	cr_expect_str_eq(got, want, "spell_word(\"%s\", %d)", in, (int)a);
	free(got);
}

Test(spell, null_is_null)
{
	cr_expect_null(spell_word(NULL, SPELL_DIN5009));
	cr_expect_null(spell_word(NULL, SPELL_ICAO));
}

Test(spell, empty_and_blank)
{
	expect_spell("", SPELL_DIN5009, "");
	expect_spell("   ", SPELL_ICAO, "");
}

Test(spell, invalid_utf8_becomes_question_mark)
{
	expect_spell("a\xff" "b", SPELL_ICAO, "Alfa ? Bravo");
	expect_spell("\xc3", SPELL_DIN5009, "?");
	/* an overlong encoding of '/' */
	expect_spell("\xc0\xaf", SPELL_ICAO, "? ?");
}

Test(spell, din_every_letter)
{
	expect_spell("abcdefghijklmnopqrstuvwxyz", SPELL_DIN5009,
		     "Aachen Berlin Chemnitz Düsseldorf Essen Frankfurt Goslar "
		     "Hamburg Ingelheim Jena Köln Leipzig München Nürnberg "
		     "Offenbach Potsdam Quickborn Rostock Salzwedel Tübingen "
		     "Unna Völklingen Wuppertal Xanten Ypsilon Zwickau");
}

Test(spell, din_umlauts_and_eszett)
{
	expect_spell("Müller", SPELL_DIN5009,
		     "München Umlaut-Unna Leipzig Leipzig Essen Rostock");
	expect_spell("ÄÖÜß", SPELL_DIN5009,
		     "Umlaut-Aachen Umlaut-Offenbach Umlaut-Unna Eszett");
	expect_spell("Weiß", SPELL_DIN5009, "Wuppertal Essen Ingelheim Eszett");
}

Test(spell, icao_every_letter)
{
	expect_spell("ABCDEFGHIJKLMNOPQRSTUVWXYZ", SPELL_ICAO,
		     "Alfa Bravo Charlie Delta Echo Foxtrot Golf Hotel India "
		     "Juliett Kilo Lima Mike November Oscar Papa Quebec Romeo "
		     "Sierra Tango Uniform Victor Whiskey X-ray Yankee Zulu");
}

Test(spell, icao_transliterates_umlauts)
{
	expect_spell("Bär", SPELL_ICAO, "Bravo Alfa-Echo Romeo");
	expect_spell("ß", SPELL_ICAO, "Sierra-Sierra");
}

Test(spell, words_digits_and_dashes)
{
	expect_spell("Hans Maier", SPELL_DIN5009,
		     "Hamburg Aachen Nürnberg Salzwedel / München Aachen Ingelheim Essen Rostock");
	expect_spell("Meyer-Lüdenscheidt", SPELL_DIN5009,
		     "München Essen Ypsilon Essen Rostock Bindestrich Leipzig "
		     "Umlaut-Unna Düsseldorf Essen Nürnberg Salzwedel Chemnitz "
		     "Hamburg Essen Ingelheim Düsseldorf Tübingen");
	expect_spell("R2", SPELL_ICAO, "Romeo Two");
	expect_spell("A2", SPELL_DIN5009, "Aachen Zwo");
	expect_spell("O'Neil", SPELL_ICAO, "Oscar ' November Echo India Lima");
}

Test(spell, accented_letters_spell_their_base)
{
	expect_spell("José", SPELL_ICAO, "Juliett Oscar Sierra Echo");
	expect_spell("Łukasz", SPELL_DIN5009,
		     "Leipzig Unna Köln Aachen Salzwedel Zwickau");
}

Test(spell, controls_are_not_spelled)
{
	expect_spell("a\x1b[31mb", SPELL_ICAO, "Alfa [ Three One Mike Bravo");
}

Test(spell, alphabet_choice)
{
	cr_expect_eq(spell_alphabet_for("din"), SPELL_DIN5009);
	cr_expect_eq(spell_alphabet_for("DIN5009"), SPELL_DIN5009);
	cr_expect_eq(spell_alphabet_for("icao"), SPELL_ICAO);
	cr_expect_eq(spell_alphabet_for("nato"), SPELL_ICAO);
	setenv("LC_ALL", "de_DE.UTF-8", 1);
	cr_expect_eq(spell_alphabet_for(NULL), SPELL_DIN5009);
	setenv("LC_ALL", "en_GB.UTF-8", 1);
	cr_expect_eq(spell_alphabet_for(""), SPELL_ICAO);
	unsetenv("LC_ALL");
	cr_expect_str_eq(spell_alphabet_name(SPELL_DIN5009), "DIN 5009");
}
