#include "core/text.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>

#include <utf8proc.h>

#include "core/util.h"

/* Longest single-code-point NFKD+casefold expansion is 18 (U+FDFA). */
#define DECOMP_MAX 32

static ssize_t next_cp(const unsigned char *p, const unsigned char *end,
		       int32_t *cp)
{
	return utf8proc_iterate(p, end - p, cp);
}

static int is_c1(int32_t cp)
{
	return cp >= 0x80 && cp <= 0x9f;
}

/*
 * Invisible format characters that can reorder or hide text: the Arabic
 * letter mark, zero-width space/joiners, LRM/RLM, line and paragraph
 * separators, the bidi embeddings/overrides/isolates, word joiner and the
 * other U+206x invisibles, and the BOM.
 */
static int is_invisible(int32_t cp)
{
	return cp == 0x061c || (cp >= 0x200b && cp <= 0x200f) ||
	       (cp >= 0x2028 && cp <= 0x202e) ||
	       (cp >= 0x2060 && cp <= 0x206f) || cp == 0xfeff;
}

int text_valid_utf8(const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s, *end = p + n;
	while (p < end) {
		if (*p < 0x80) {
			p++;
			continue;
		}
		int32_t cp;
		ssize_t k = next_cp(p, end, &cp);
		if (k < 0)
			return 0;
		p += k;
	}
	return 1;
}

/* ---- cleaning for storage ---- */

enum clean_class { CL_KEEP, CL_SPACE, CL_BREAK, CL_DROP };

static enum clean_class clean_classify(int32_t cp, int multiline)
{
	if (cp == '\n' || cp == 0x85 || cp == 0x2028 || cp == 0x2029)
		return multiline ? CL_BREAK : CL_SPACE;
	if (cp == '\t' || cp == '\v' || cp == '\f' || cp == '\r' || cp == ' ')
		return CL_SPACE;
	if (cp < 0x20 || cp == 0x7f || is_c1(cp) || is_invisible(cp))
		return CL_DROP;
	if (cp >= 0x80 && utf8proc_category(cp) == UTF8PROC_CATEGORY_ZS)
		return CL_SPACE;
	return CL_KEEP;
}

static char *clean(const char *s, int multiline)
{
	size_t n = strlen(s);
	if (!text_valid_utf8(s, n))
		return NULL;
	/* Output never grows: every replacement is no longer than its input. */
	char *out = xmalloc(n + 1);
	size_t len = 0, breaks = 0;
	int space = 0, ascii = 1;
	const unsigned char *p = (const unsigned char *)s, *end = p + n;
	while (p < end) {
		int32_t cp;
		ssize_t k = *p < 0x80 ? (cp = *p, 1) : next_cp(p, end, &cp);
		const unsigned char *at = p;
		p += k;
		if (cp == '\r' && multiline) {
			if (p < end && *p == '\n')
				continue; /* CR LF: the LF counts */
			cp = '\n';
		}
		switch (clean_classify(cp, multiline)) {
		case CL_DROP:
			break;
		case CL_SPACE:
			if (!breaks)
				space = 1;
			break;
		case CL_BREAK:
			/* White space next to a line break goes. */
			breaks++;
			space = 0;
			break;
		case CL_KEEP:
			if (len > 0) {
				for (; breaks; breaks--)
					out[len++] = '\n';
				if (space)
					out[len++] = ' ';
			}
			breaks = 0;
			space = 0;
			memcpy(out + len, at, (size_t)k);
			len += (size_t)k;
			if (cp >= 0x80)
				ascii = 0;
			break;
		}
	}
	out[len] = '\0';
	if (ascii)
		return out;

	/* NFC after filtering, so a dropped character between a base and
	 * its mark does not keep them apart. */
	utf8proc_uint8_t *nfc = NULL;
	ssize_t r = utf8proc_map((const utf8proc_uint8_t *)out, (ssize_t)len,
				 &nfc, UTF8PROC_STABLE | UTF8PROC_COMPOSE);
	free(out);
	if (r < 0) {
		/* Input was validated, so only allocation can fail here. */
		fputs("frontdesk: out of memory\n", stderr);
		abort();
	}
	return (char *)nfc;
}

char *text_clean_line(const char *s)
{
	return clean(s, 0);
}

char *text_clean_multiline(const char *s)
{
	return clean(s, 1);
}

/* ---- search fold ---- */

struct fold {
	char *s;
	size_t len, cap;
	int sep;	/* a separator is pending */
	int umlaut;	/* last output was a/o/u: a following U+0308 adds 'e' */
	int german;
};

static void fold_reserve(struct fold *f, size_t extra)
{
	if (f->len + extra + 1 <= f->cap)
		return;
	while (f->len + extra + 1 > f->cap)
		f->cap *= 2;
	f->s = xrealloc(f->s, f->cap);
}

static inline char ascii_fold(unsigned c)
{
	if (c - 'a' < 26u || c - '0' < 10u)
		return (char)c;
	if (c - 'A' < 26u)
		return (char)(c + ('a' - 'A'));
	return 0;
}

static inline void fold_start_token(struct fold *f)
{
	if (f->sep && f->len)
		f->s[f->len++] = ' ';
	f->sep = 0;
}

static inline void fold_ascii(struct fold *f, char c)
{
	fold_reserve(f, 2);
	fold_start_token(f);
	f->s[f->len++] = c;
	f->umlaut = f->german && (c == 'a' || c == 'o' || c == 'u');
}

/* Letters with no Unicode decomposition that readers still see as
 * accented Latin (lowercase: casefolding runs first). */
static const char *fold_special(int32_t cp)
{
	switch (cp) {
	case 0x00e6: return "ae";	/* æ */
	case 0x00f0: return "d";	/* ð */
	case 0x00f8: return "o";	/* ø */
	case 0x00fe: return "th";	/* þ */
	case 0x0111: return "d";	/* đ */
	case 0x0127: return "h";	/* ħ */
	case 0x0131: return "i";	/* ı */
	case 0x0142: return "l";	/* ł */
	case 0x0153: return "oe";	/* œ */
	case 0x0167: return "t";	/* ŧ */
	default: return NULL;
	}
}

/* One code point already casefolded and decomposed. */
static void fold_one(struct fold *f, int32_t cp)
{
	if (cp < 0x80) {
		char c = ascii_fold((unsigned)cp);
		if (c) {
			fold_ascii(f, c);
		} else {
			f->sep = 1;
			f->umlaut = 0;
		}
		return;
	}
	const char *sp = fold_special(cp);
	if (sp) {
		for (; *sp; sp++)
			fold_ascii(f, *sp);
		f->umlaut = 0;
		return;
	}
	utf8proc_category_t cat = utf8proc_category(cp);
	switch (cat) {
	case UTF8PROC_CATEGORY_MN:
	case UTF8PROC_CATEGORY_MC:
	case UTF8PROC_CATEGORY_ME:
		if (cp == 0x0308 && f->umlaut) {
			fold_ascii(f, 'e');
			f->umlaut = 0;
		}
		return;
	case UTF8PROC_CATEGORY_CF:
		/* Invisible (soft hyphen, zero-width, bidi): no word break. */
		return;
	case UTF8PROC_CATEGORY_LU:
	case UTF8PROC_CATEGORY_LL:
	case UTF8PROC_CATEGORY_LT:
	case UTF8PROC_CATEGORY_LM:
	case UTF8PROC_CATEGORY_LO:
	case UTF8PROC_CATEGORY_ND:
		fold_reserve(f, 5);
		fold_start_token(f);
		f->len += (size_t)utf8proc_encode_char(
			cp, (utf8proc_uint8_t *)f->s + f->len);
		f->umlaut = 0;
		return;
	default:
		f->sep = 1;
		f->umlaut = 0;
		return;
	}
}

static char *fold(const char *s, int german)
{
	size_t n = strlen(s);
	struct fold f = {NULL, 0, n < 15 ? 16 : n + 1, 0, 0, german};
	f.s = xmalloc(f.cap);
	const unsigned char *p = (const unsigned char *)s, *end = p + n;
	while (p < end) {
		if (*p < 0x80) {
			char c = ascii_fold(*p++);
			if (c) {
				fold_ascii(&f, c);
			} else {
				f.sep = 1;
				f.umlaut = 0;
			}
			continue;
		}
		int32_t cp;
		ssize_t k = next_cp(p, end, &cp);
		if (k < 0) {
			p++; /* invalid byte: dropped */
			continue;
		}
		p += k;
		if (cp >= 0xac00 && cp <= 0xd7a3) {
			/* Hangul syllables: letters as they are, not jamo. */
			fold_one(&f, cp);
			continue;
		}
		int32_t d[DECOMP_MAX];
		ssize_t m = utf8proc_decompose_char(
			cp, d, DECOMP_MAX,
			UTF8PROC_CASEFOLD | UTF8PROC_DECOMPOSE | UTF8PROC_COMPAT,
			NULL);
		if (m < 0 || m > DECOMP_MAX) {
			fold_one(&f, cp);
			continue;
		}
		for (ssize_t i = 0; i < m; i++)
			fold_one(&f, d[i]);
	}
	f.s[f.len] = '\0';
	return f.s;
}

char *text_fold(const char *s)
{
	return fold(s, 0);
}

char *text_fold_german(const char *s)
{
	return fold(s, 1);
}

/* ---- phonetics ---- */

static char lower_alpha(char c)
{
	if (c >= 'A' && c <= 'Z')
		return (char)(c - 'A' + 'a');
	return c >= 'a' && c <= 'z' ? c : 0;
}

/* Next a-z letter at or after *p (advancing *p to it), 0 at the end. */
static char skip_to_alpha(const char **p)
{
	for (; **p; (*p)++) {
		char c = lower_alpha(**p);
		if (c)
			return c;
	}
	return 0;
}

static int in_set(char c, const char *set)
{
	return c && strchr(set, c) != NULL;
}

/*
 * Kölner Phonetik (Postel 1969), rules as in the German Wikipedia table.
 * Anything but a-z is skipped, so "muller ludenscheidt" codes as one word.
 */
void text_cologne(const char *folded, char *out, size_t n)
{
	if (n == 0)
		return;
	size_t len = 0, raw = 0;
	char last = 0, prev = 0;
	const char *p = folded;
	char c = skip_to_alpha(&p);
	while (c && len + 1 < n) {
		const char *q = p + 1;
		char next = skip_to_alpha(&q);
		const char *code;
		switch (c) {
		case 'a': case 'e': case 'i': case 'j':
		case 'o': case 'u': case 'y':
			code = "0";
			break;
		case 'h':
			code = "";
			break;
		case 'b':
			code = "1";
			break;
		case 'p':
			code = next == 'h' ? "3" : "1";
			break;
		case 'd': case 't':
			code = in_set(next, "csz") ? "8" : "2";
			break;
		case 'f': case 'v': case 'w':
			code = "3";
			break;
		case 'g': case 'k': case 'q':
			code = "4";
			break;
		case 'c':
			if (!prev)
				code = in_set(next, "ahkloqrux") ? "4" : "8";
			else if (in_set(prev, "sz"))
				code = "8";
			else
				code = in_set(next, "ahkoqux") ? "4" : "8";
			break;
		case 'x':
			code = in_set(prev, "ckq") ? "8" : "48";
			break;
		case 'l':
			code = "5";
			break;
		case 'm': case 'n':
			code = "6";
			break;
		case 'r':
			code = "7";
			break;
		default: /* s, z */
			code = "8";
			break;
		}
		for (; *code && len + 1 < n; code++) {
			/* Collapse repeats, then drop zeros but a leading one. */
			if (*code != last && (*code != '0' || raw == 0))
				out[len++] = *code;
			last = *code;
			raw++;
		}
		prev = c;
		p = q;
		c = next;
	}
	out[len] = '\0';
}

static int mp_vowel(char c)
{
	return c && strchr("AEIOU", c) != NULL;
}

/*
 * Metaphone as in Philips' 1990 table: duplicates skipped (except C),
 * initial KN GN PN AE WR drop a letter, initial X is S, WH is W, vowels
 * only at the start, H silent after a vowel with no vowel following and
 * after C, G, P, S, T (those digraphs are coded by their first letter).
 */
void text_metaphone(const char *folded, char *out, size_t n)
{
	if (n == 0)
		return;
	char small[64], *w = small;
	size_t cap = sizeof small, wn = 0;
	for (const char *p = folded; *p; p++) {
		char c = lower_alpha(*p);
		if (!c)
			continue;
		if (wn + 1 >= cap) {
			cap *= 2;
			w = w == small ? memcpy(xmalloc(cap), small, wn)
				       : xrealloc(w, cap);
		}
		w[wn++] = (char)(c - 'a' + 'A');
	}
	w[wn] = '\0';

	size_t i = 0, len = 0;
	if (wn >= 2) {
		char a = w[0], b = w[1];
		if ((b == 'N' && (a == 'K' || a == 'G' || a == 'P')) ||
		    (a == 'A' && b == 'E') || (a == 'W' && b == 'R')) {
			i = 1;
		} else if (a == 'W' && b == 'H') {
			i = 1;
			w[1] = 'W';
		}
	}
	if (wn >= 1 && w[0] == 'X')
		w[0] = 'S';
	size_t start = i;

#define AT(k) ((k) < wn ? w[k] : 0)
	for (; i < wn && len + 1 < n; i++) {
		char c = w[i];
		char prev = i > start ? w[i - 1] : 0;
		char next = AT(i + 1), next2 = next ? AT(i + 2) : 0;
		const char *code = "";
		char one[2] = {c, '\0'};
		if (c == prev && c != 'C')
			continue;
		switch (c) {
		case 'A': case 'E': case 'I': case 'O': case 'U':
			if (i == start)
				code = one;
			break;
		case 'B':
			if (!(prev == 'M' && i + 1 == wn))
				code = "B";
			break;
		case 'C':
			if (prev == 'S' && in_set(next, "EIY"))
				code = "";
			else if (next == 'I' && next2 == 'A')
				code = "X";
			else if (in_set(next, "EIY"))
				code = "S";
			else if (next == 'H')
				code = prev == 'S' ? "K" : "X";
			else
				code = "K";
			break;
		case 'D':
			if (next == 'G' && in_set(next2, "EIY")) {
				code = "J";
				i++; /* the G of DGE is silent */
			} else {
				code = "T";
			}
			break;
		case 'G':
			if (next == 'H' && i + 2 < wn && !mp_vowel(next2))
				code = "";
			else if (next == 'N' && (i + 2 == wn ||
				 (i + 4 == wn && next2 == 'E' && AT(i + 3) == 'D')))
				code = "";
			else if (in_set(next, "EIY"))
				code = "J";
			else
				code = "K";
			break;
		case 'H':
			if (in_set(prev, "CGPST") ||
			    (mp_vowel(prev) && !mp_vowel(next)))
				code = "";
			else
				code = "H";
			break;
		case 'K':
			code = prev == 'C' ? "" : "K";
			break;
		case 'P':
			code = next == 'H' ? "F" : "P";
			break;
		case 'Q':
			code = "K";
			break;
		case 'S':
			if (next == 'H' ||
			    (next == 'I' && (next2 == 'O' || next2 == 'A')))
				code = "X";
			else
				code = "S";
			break;
		case 'T':
			if (next == 'I' && (next2 == 'O' || next2 == 'A'))
				code = "X";
			else if (next == 'H')
				code = "0";
			else if (next == 'C' && next2 == 'H')
				code = "";
			else
				code = "T";
			break;
		case 'V':
			code = "F";
			break;
		case 'W':
		case 'Y':
			if (mp_vowel(next))
				code = one;
			break;
		case 'X':
			code = "KS";
			break;
		case 'Z':
			code = "S";
			break;
		default: /* F J L M N R */
			code = one;
			break;
		}
		for (; *code && len + 1 < n; code++)
			out[len++] = *code;
	}
#undef AT
	out[len] = '\0';
	if (w != small)
		free(w);
}

/* ---- edit distance ---- */

int text_within_one_edit(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	if (la < lb) {
		const char *t = a;
		a = b;
		b = t;
		size_t tl = la;
		la = lb;
		lb = tl;
	}
	if (la - lb > 1)
		return 0;
	size_t i = 0;
	while (i < lb && a[i] == b[i])
		i++;
	if (i == lb)
		return 1; /* equal, or a is b plus one trailing byte */
	if (la > lb)
		return strcmp(a + i + 1, b + i) == 0;
	if (strcmp(a + i + 1, b + i + 1) == 0)
		return 1; /* substitution */
	return a[i + 1] == b[i] && a[i] == b[i + 1] &&
	       strcmp(a + i + 2, b + i + 2) == 0;
}

/* ---- display ---- */

char *text_escape(const char *s, int keep_newlines)
{
	size_t n = strlen(s);
	struct sbuf b = SBUF_INIT;
	const unsigned char *p = (const unsigned char *)s, *end = p + n;
	const unsigned char *run = p; /* start of text copied unchanged */
	char esc[12];
	while (p < end) {
		int32_t cp;
		ssize_t k;
		if (*p >= 0x20 && *p < 0x7f) {
			p++;
			continue;
		}
		if (*p < 0x80) {
			cp = *p;
			k = 1;
		} else {
			k = next_cp(p, end, &cp);
		}
		if (k < 0)
			snprintf(esc, sizeof esc, "\\x%02X", *p);
		else if (cp == '\n')
			snprintf(esc, sizeof esc, "%s", keep_newlines ? "\n" : "\\n");
		else if (cp < 0x20 || cp == 0x7f)
			snprintf(esc, sizeof esc, "\\x%02X", (unsigned)cp);
		else if (is_c1(cp) || is_invisible(cp))
			snprintf(esc, sizeof esc, "\\u%04X", (unsigned)cp);
		else {
			p += k;
			continue;
		}
		sbuf_add(&b, (const char *)run, (size_t)(p - run));
		sbuf_adds(&b, esc);
		p += k < 0 ? 1 : k;
		run = p;
	}
	sbuf_add(&b, (const char *)run, (size_t)(p - run));
	return sbuf_detach(&b);
}

size_t text_width(const char *s)
{
	size_t n = strlen(s), w = 0;
	const unsigned char *p = (const unsigned char *)s, *end = p + n;
	while (p < end) {
		if (*p >= 0x20 && *p < 0x7f) {
			w++;
			p++;
			continue;
		}
		int32_t cp;
		ssize_t k = *p < 0x80 ? (cp = *p, 1) : next_cp(p, end, &cp);
		if (k < 0) {
			w += 4;
			p++;
			continue;
		}
		p += k;
		if (cp == '\n')
			w += 2;
		else if (cp < 0x20 || cp == 0x7f)
			w += 4;
		else if (is_c1(cp) || is_invisible(cp))
			w += 6;
		else
			w += (size_t)utf8proc_charwidth(cp);
	}
	return w;
}
