#include "core/spell.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/text.h"
#include "core/util.h"

static const char *const din_letters[26] = {
	"Aachen", "Berlin", "Chemnitz", "Düsseldorf", "Essen", "Frankfurt",
	"Goslar", "Hamburg", "Ingelheim", "Jena", "Köln", "Leipzig", "München",
	"Nürnberg", "Offenbach", "Potsdam", "Quickborn", "Rostock",
	"Salzwedel", "Tübingen", "Unna", "Völklingen", "Wuppertal", "Xanten",
	"Ypsilon", "Zwickau",
};

static const char *const icao_letters[26] = {
	"Alfa", "Bravo", "Charlie", "Delta", "Echo", "Foxtrot", "Golf",
	"Hotel", "India", "Juliett", "Kilo", "Lima", "Mike", "November",
	"Oscar", "Papa", "Quebec", "Romeo", "Sierra", "Tango", "Uniform",
	"Victor", "Whiskey", "X-ray", "Yankee", "Zulu",
};

static const char *const din_digits[10] = {
	"Null", "Eins", "Zwo", "Drei", "Vier", "Fünf", "Sechs", "Sieben",
	"Acht", "Neun",
};

static const char *const icao_digits[10] = {
	"Zero", "One", "Two", "Three", "Four", "Five", "Six", "Seven",
	"Eight", "Nine",
};

/* Decode one code point; returns its length, or 1 with *cp = -1 when invalid. */
static int decode(const unsigned char *p, long *cp)
{
	if (p[0] < 0x80) {
		*cp = p[0];
		return 1;
	}
	int len;
	long c, min;
	if ((p[0] & 0xe0) == 0xc0) {
		len = 2; c = p[0] & 0x1f; min = 0x80;
	} else if ((p[0] & 0xf0) == 0xe0) {
		len = 3; c = p[0] & 0x0f; min = 0x800;
	} else if ((p[0] & 0xf8) == 0xf0) {
		len = 4; c = p[0] & 0x07; min = 0x10000;
	} else {
		*cp = -1;
		return 1;
	}
	for (int i = 1; i < len; i++) {
		if ((p[i] & 0xc0) != 0x80) {
			*cp = -1;
			return 1;
		}
		c = (c << 6) | (p[i] & 0x3f);
	}
	if (c < min || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff)) {
		*cp = -1;
		return 1;
	}
	*cp = c;
	return len;
}

static void add_word(struct sbuf *b, int *need_sep, const char *w)
{
	if (*need_sep)
		sbuf_addc(b, ' ');
	sbuf_adds(b, w);
	*need_sep = 1;
}

/* Through a pointer, as add_ascii_letter does: gcc's -fsanitize=object-size
 * misjudges indexing "(cond ? array1 : array2)[i]" (a false report). */
static const char *digit_word(enum spell_alphabet a, int d)
{
	const char *const *t = a == SPELL_ICAO ? icao_digits : din_digits;
	return t[d];
}

static void add_ascii_letter(struct sbuf *b, int *need_sep, char c,
			     enum spell_alphabet a)
{
	const char *const *t = a == SPELL_ICAO ? icao_letters : din_letters;
	add_word(b, need_sep, t[c - 'a']);
}

/* Letters that have their own DIN word, and their ICAO transliteration. */
static int special(long cp, enum spell_alphabet a, const char **word)
{
	int din = a == SPELL_DIN5009;
	switch (cp) {
	case 0xe4: case 0xc4:
		*word = din ? "Umlaut-Aachen" : "Alfa-Echo";
		return 1;
	case 0xf6: case 0xd6:
		*word = din ? "Umlaut-Offenbach" : "Oscar-Echo";
		return 1;
	case 0xfc: case 0xdc:
		*word = din ? "Umlaut-Unna" : "Uniform-Echo";
		return 1;
	case 0xdf: case 0x1e9e:
		*word = din ? "Eszett" : "Sierra-Sierra";
		return 1;
	}
	return 0;
}

char *spell_word(const char *utf8, enum spell_alphabet a)
{
	if (!utf8)
		return NULL;
	struct sbuf b = SBUF_INIT;
	const unsigned char *p = (const unsigned char *)utf8;
	int need_sep = 0, pending_gap = 0;
	while (*p) {
		long cp;
		int k = decode(p, &cp);
		const char *w;
		if (cp == ' ' || cp == '\t' || cp == 0xa0) {
			if (b.len)
				pending_gap = 1;
			p += k;
			continue;
		}
		if (pending_gap) {
			sbuf_adds(&b, " /");
			pending_gap = 0;
		}
		if (cp < 0) {
			add_word(&b, &need_sep, "?");
		} else if (cp >= 'a' && cp <= 'z') {
			add_ascii_letter(&b, &need_sep, (char)cp, a);
		} else if (cp >= 'A' && cp <= 'Z') {
			add_ascii_letter(&b, &need_sep, (char)(cp - 'A' + 'a'), a);
		} else if (cp >= '0' && cp <= '9') {
			add_word(&b, &need_sep, digit_word(a, (int)(cp - '0')));
		} else if (cp == '-') {
			add_word(&b, &need_sep, a == SPELL_ICAO ? "Dash" : "Bindestrich");
		} else if (special(cp, a, &w)) {
			add_word(&b, &need_sep, w);
		} else if (cp >= 0x80) {
			/* An accented letter: spell its base letters. */
			char one[8] = {0};
			memcpy(one, p, (size_t)k);
			char *f = text_fold(one);
			int any = 0;
			for (const char *q = f; *q; q++) {
				if (*q >= 'a' && *q <= 'z') {
					add_ascii_letter(&b, &need_sep, *q, a);
					any = 1;
				} else if (*q >= '0' && *q <= '9') {
					add_word(&b, &need_sep, digit_word(a, *q - '0'));
					any = 1;
				}
			}
			free(f);
			if (!any)
				add_word(&b, &need_sep, "?");
		} else if (cp >= 0x21 && cp < 0x7f) {
			char s[2] = {(char)cp, 0};
			add_word(&b, &need_sep, s);
		}
		/* other controls: nothing to read out */
		p += k;
	}
	if (!b.len) {
		/* sbuf_str leaves a fresh buffer unterminated */
		sbuf_reset(&b);
		return xstrdup("");
	}
	return sbuf_detach(&b);
}

enum spell_alphabet spell_alphabet_for(const char *setting)
{
	if (setting && *setting) {
		if (!strncasecmp(setting, "din", 3) || !strncasecmp(setting, "de", 2))
			return SPELL_DIN5009;
		return SPELL_ICAO;
	}
	const char *vars[] = {"LC_ALL", "LC_MESSAGES", "LANG"};
	for (size_t i = 0; i < sizeof vars / sizeof vars[0]; i++) {
		const char *v = getenv(vars[i]);
		if (v && *v)
			return strncmp(v, "de", 2) == 0 ? SPELL_DIN5009 : SPELL_ICAO;
	}
	return SPELL_ICAO;
}

const char *spell_alphabet_name(enum spell_alphabet a)
{
	return a == SPELL_ICAO ? "ICAO" : "DIN 5009";
}
