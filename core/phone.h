/*
 * phone: telephone numbers as people type them.
 *
 * Stored numbers are E.164 ("+4930123456"); what was typed is kept beside it
 * by the caller. Search uses digit keys, so that any typed fragment of a
 * number, national or international, finds it.  No allocation: every result
 * is written into a buffer the caller owns.
 */
#ifndef FRONTDESK_PHONE_H
#define FRONTDESK_PHONE_H

#include <stddef.h>

/* E.164 has at most 15 digits; "+" and NUL make 17; room to spare. */
#define PHONE_MAX 24

/*
 * Normalise typed text to E.164 in out (PHONE_MAX bytes).  default_cc is the
 * country calling code used for national numbers (49 for Germany).
 * Understands "030 1234567", "030/123 45 67", "0049 30 1234567",
 * "+49 (0)30 1234567", "+49 30 1234567-113" (DIN 5008 extension: appended),
 * "(030) 123456", dots, dashes, spaces, NBSP.
 * Returns 0 and fills out, or -1, leaves out "" and sets *why (unless why
 * is NULL) to a lowercase reason without full stop (e.g. "a number needs an
 * area code or country code: type it as 030 1234567 or +49 30 1234567",
 * "too many digits for a phone number (at most 15)", "unknown country code
 * +999", "letters are not allowed in a phone number …").  The reason is
 * static storage, never freed; one that names a number is formatted into a
 * per-thread buffer, valid until the next call in the same thread.
 * Typed numbers without a prefix are refused for countries that dial a
 * trunk prefix (Germany: "1234567" needs its area code) and read as the
 * national number in closed plans (NANP 10 digits, Italy, Spain, Denmark…).
 */
int phone_normalize(const char *typed, int default_cc, char out[PHONE_MAX],
                    const char **why);

/* Digits of an E.164 number without "+": "+4930123" -> "4930123". */
void phone_intl_digits(const char *e164, char *out, size_t n);

/*
 * National digits of an E.164 number as dialled inside its own country
 * (trunk prefix 0 where that country uses one): "+4930123" -> "030123",
 * "+442083224327" -> "02083224327", "+12125550100" -> "12125550100"
 * (NANP has no 0 trunk; returns the digits with the leading 1).  Countries
 * without a trunk prefix give the bare number ("+34912345678" -> "912345678",
 * Italy keeps its 0); countries whose rules are not known are assumed to use
 * 0; an unknown country code gives the digits unchanged.
 */
void phone_national_digits(const char *e164, char *out, size_t n);

/*
 * Digits of a typed search fragment, for substring search over both digit
 * keys above: "030 1234" -> "0301234", "+49 30 12" -> "493012",
 * "0049 30" -> "4930", "1234-56" -> "123456", "+49 (0)30" -> "4930".
 * Returns the number of digits written to out (at most n - 1; 0 when the
 * text holds none, or holds letters or other non-ASCII text: then it is a
 * name, no number).
 */
size_t phone_query_digits(const char *typed, char *out, size_t n);

/*
 * Readable form for display: "+49 30 1234567" (country code split off; for
 * +49 the area code too when it is a well-known one, "+1 212 555 0100" for
 * NANP, otherwise "+44 2079460018").  Normalises back to the same number.
 */
void phone_format(const char *e164, char *out, size_t n);

/* Length of the country calling code at the start of intl digits (1-3), 0 if unknown. */
int phone_cc_len(const char *intl_digits);

#endif
