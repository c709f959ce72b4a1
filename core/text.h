/*
 * text: UTF-8 names as stored, searched and shown.
 *
 * Stored text is valid UTF-8 in NFC.  Search keys are folded: lowercase,
 * accents removed, so "Müller", "MÜLLER" and "muller" meet; the German
 * transliteration ("mueller") is a second key.  Phonetic codes find spelling
 * slips.  Display helpers escape control characters so stored text never
 * reaches a terminal raw.  Returned strings are malloc'd: the caller frees.
 * Allocation failure aborts (xmalloc).  Arguments must not be NULL.
 */
#ifndef FRONTDESK_TEXT_H
#define FRONTDESK_TEXT_H

#include <stddef.h>

/* 1 if s[0..n) is valid UTF-8 (no overlongs, no surrogates), else 0. */
int text_valid_utf8(const char *s, size_t n);

/*
 * Clean a name or a one-line field for storage: valid UTF-8 required (else
 * NULL), NFC, leading/trailing white space trimmed, runs of white space
 * (including tabs, newlines, NBSP, every Zs space, U+0085, U+2028/9) become
 * one space, control characters (C0, DEL, C1), bidi controls (U+061C,
 * U+202A..U+202E, U+2066..U+2069), zero-width and other invisible format
 * characters (U+200B..U+200F, U+2060..U+206F, U+FEFF) removed.  NFC is
 * applied after removal, so "u" ZWSP U+0308 becomes "ü".  Returns NULL on
 * invalid UTF-8.
 */
char *text_clean_line(const char *s);

/* As text_clean_line but keeps line breaks (for messages and notes):
 * CR LF / CR (and U+0085, U+2028/9) become LF, other controls removed;
 * white space next to a line break is dropped, blank lines are kept,
 * leading and trailing line breaks trimmed. */
char *text_clean_multiline(const char *s);

/*
 * Search fold: casefold, decompose and drop combining marks, ß -> ss,
 * ł -> l, ø -> o, æ -> ae, œ -> oe, đ -> d, ı -> i; everything that is not a letter or digit
 * becomes a single space; trimmed.  "Müller-Lüdenscheidt" ->
 * "muller ludenscheidt", "Weiß" -> "weiss", "Łukasz" -> "lukasz".
 * Also ð -> d, þ -> th, ħ -> h, ŧ -> t, and compatibility forms unfolded
 * (ligature "ﬁ" -> "fi", fullwidth "Ａ" -> "a").  Invisible format characters
 * (soft hyphen, zero-width, bidi; category Cf) and invalid UTF-8 bytes are
 * dropped without breaking the word.  Never NULL.
 */
char *text_fold(const char *s);

/* As text_fold but German umlauts transliterated: ä->ae, ö->oe, ü->ue
 * (also from A/O/U + U+0308).  "Müller" -> "mueller". */
char *text_fold_german(const char *s);

/*
 * Cologne phonetics (Kölner Phonetik) of a folded word (ASCII a-z), with
 * repeated codes collapsed and zeros removed except at the start:
 * "muller" -> "657", "meier"/"maier"/"mayer"/"meyer"/"mayr" -> "67",
 * "schmidt"/"schmitt"/"schmid" -> "862", "fischer"/"fisher" -> "387".
 * Bytes other than a-z (A-Z tolerated) are skipped, so a folded
 * "muller ludenscheidt" codes as one word: "65752682".
 * Writes at most n-1 characters plus the NUL (nothing when n is 0).
 */
void text_cologne(const char *folded, char *out, size_t n);

/* An English-friendly phonetic key (Metaphone, original rules) of a folded
 * word: "catherine"/"katherine" -> "K0RN", "fisher" -> "FXR",
 * "thompson" -> "0MPSN".  Non-letters are skipped; no length cap beyond n
 * (at most n-1 characters plus the NUL, nothing when n is 0). */
void text_metaphone(const char *folded, char *out, size_t n);

/* 1 if a and b (folded ASCII) are within one edit (insert, delete,
 * substitute, or swap of two neighbours), else 0.  Compares bytes, so a
 * changed non-ASCII letter counts as more than one edit.  O(n). */
int text_within_one_edit(const char *a, const char *b);

/*
 * Terminal-safe copy: printable text unchanged; C0 controls and DEL as
 * "\x1B" (newline as "\n" unless keep_newlines), invalid UTF-8 bytes as
 * "\xFC", C1 controls as "\u009B" (so they are not mistaken for invalid
 * bytes), bidi controls and invisible characters (the set text_clean_line
 * removes, plus U+2028/9) as "\u202E".  Hex is uppercase; a backslash
 * already in s is not escaped.
 */
char *text_escape(const char *s, int keep_newlines);

/* Display width in terminal columns of valid UTF-8 (wide chars count 2,
 * combining 0); invalid bytes count 4 (as escaped).  Everything
 * text_escape(s, 0) escapes counts as its escape, so the result equals
 * text_width(text_escape(s, 0)). */
size_t text_width(const char *s);

#endif
