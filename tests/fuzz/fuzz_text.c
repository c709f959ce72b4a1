/* The text module on any bytes: text_escape never lets a control, C1,
 * bidi or invisible character through and writes valid UTF-8; folding and
 * cleaning are idempotent; cleaned text holds no control characters. */
#include "tests/fuzz/fuzz.h"
#include "core/text.h"

/* The first bad position in escaped text, or -1: bytes < 0x20 (but '\n'
 * when allowed), DEL, C1 (U+0080..U+009F), bidi controls, the invisible
 * characters text_clean_line removes, U+2028/9. */
static long unsafe_at(const char *s, int newline_ok)
{
	const unsigned char *p = (const unsigned char *)s;
	for (long i = 0; p[i]; i++) {
		unsigned c = p[i];
		if ((c < 0x20 && !(c == '\n' && newline_ok)) || c == 0x7f)
			return i;
		if (c == 0xC2 && p[i + 1] >= 0x80 && p[i + 1] <= 0x9F)
			return i;
		if (c == 0xD8 && p[i + 1] == 0x9C) /* U+061C */
			return i;
		if (c == 0xE2 && p[i + 1] == 0x80 &&
		    ((p[i + 2] >= 0x8B && p[i + 2] <= 0x8F) || (p[i + 2] >= 0xA8 && p[i + 2] <= 0xAE)))
			return i; /* U+200B..U+200F, U+2028..U+202E */
		if (c == 0xE2 && p[i + 1] == 0x81 && p[i + 2] >= 0xA0 && p[i + 2] <= 0xAF)
			return i; /* U+2060..U+206F */
		if (c == 0xEF && p[i + 1] == 0xBB && p[i + 2] == 0xBF)
			return i; /* U+FEFF */
	}
	return -1;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = fuzz_str(data, size);
	size_t len = strlen(s); /* up to an embedded NUL, as C callers see it */

	for (int nl = 0; nl <= 1; nl++) {
		char *e = text_escape(s, nl);
		long at = unsafe_at(e, nl);
		FUZZ_CHECK(at < 0, "escape(nl=%d) left byte 0x%02x at %ld", nl,
		           (unsigned char)e[at < 0 ? 0 : at], at);
		FUZZ_CHECK(text_valid_utf8(e, strlen(e)), "escape(nl=%d) is not valid UTF-8", nl);
		if (!nl)
			FUZZ_CHECK(text_width(s) == text_width(e), "width %zu, escaped %zu", text_width(s),
			           text_width(e));
		free(e);
	}

	char *f = text_fold(s), *ff = text_fold(f);
	FUZZ_CHECK(strcmp(f, ff) == 0, "fold \"%s\", again \"%s\"", f, ff);
	char fc[64], fm[64];
	text_cologne(f, fc, sizeof fc);
	text_metaphone(f, fm, sizeof fm);
	text_cologne(f, fc, 0);
	free(ff);
	char *g = text_fold_german(s), *gg = text_fold_german(g);
	FUZZ_CHECK(strcmp(g, gg) == 0, "german fold \"%s\", again \"%s\"", g, gg);
	free(gg);
	text_within_one_edit(f, g);
	free(f);
	free(g);

	char *c = text_clean_line(s);
	FUZZ_CHECK(c || !text_valid_utf8(s, len), "valid UTF-8 refused by clean_line");
	if (c) {
		FUZZ_CHECK(unsafe_at(c, 0) < 0, "clean_line kept byte %ld", unsafe_at(c, 0));
		FUZZ_CHECK(c[0] != ' ' && (!*c || c[strlen(c) - 1] != ' '), "clean_line not trimmed");
		char *cc = text_clean_line(c);
		FUZZ_CHECK(cc && strcmp(c, cc) == 0, "clean_line \"%s\", again \"%s\"", c, cc ? cc : "(null)");
		free(cc);
		free(c);
	}
	char *m = text_clean_multiline(s);
	if (m) {
		FUZZ_CHECK(unsafe_at(m, 1) < 0, "clean_multiline kept byte %ld", unsafe_at(m, 1));
		char *mm = text_clean_multiline(m);
		FUZZ_CHECK(mm && strcmp(m, mm) == 0, "clean_multiline not idempotent");
		free(mm);
		free(m);
	}
	free(s);
	return 0;
}
