/*
 * spell: a name spelled with a spelling alphabet, so that the receptionist
 * can read it back once ("Müller: München Umlaut-Unna Leipzig Leipzig Essen
 * Rostock") and never has to ask again.
 *
 * DIN 5009:2022 (German, city names) and the ICAO/NATO alphabet (English).
 * Pure C: no curses, no SQL.
 */
#ifndef FRONTDESK_SPELL_H
#define FRONTDESK_SPELL_H

enum spell_alphabet { SPELL_DIN5009 = 0, SPELL_ICAO = 1 };

/*
 * Spell UTF-8 text: one code word per letter or digit, separated by single
 * spaces; a space or tab between words of the input becomes " / "; '-' is
 * spelled as a word ("Bindestrich", "Dash"); other punctuation is kept as it
 * is.  DIN spells Ä Ö Ü ß with their own words; ICAO, which has none, spells
 * them as the German transliteration joined by a hyphen ("Alfa-Echo").
 * Other accented letters are spelled as their base letter.  Case is not
 * spelled.  Invalid UTF-8 bytes become "?".
 * Returns a malloc'd string ("" for empty input), NULL for NULL input.
 */
char *spell_word(const char *utf8, enum spell_alphabet a);

/* The alphabet for a setting ("din", "din5009", "de", "icao", "nato", "en")
 * or, when setting is NULL or empty, for the locale in LC_ALL, LC_MESSAGES
 * or LANG: German locales get DIN 5009, everything else ICAO. */
enum spell_alphabet spell_alphabet_for(const char *setting);

/* "DIN 5009" or "ICAO". */
const char *spell_alphabet_name(enum spell_alphabet a);

#endif
