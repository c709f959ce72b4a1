#include "core/phone.h"
#include "core/i18n.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

/*
 * Assigned ITU-T E.164 country calling codes.  Codes are prefix-free, so the
 * length of the code at the start of a number follows from its first digits:
 * 1 and 7 are whole codes, the two-digit list below is complete, and every
 * other code has three digits.  The three-digit list holds only assigned
 * codes (spare ones such as 214, 259, 384 or 999 are refused).
 */
static const short cc2[] = {
	20, 27, 30, 31, 32, 33, 34, 36, 39, 40, 41, 43, 44, 45, 46, 47, 48, 49,
	51, 52, 53, 54, 55, 56, 57, 58, 60, 61, 62, 63, 64, 65, 66,
	81, 82, 84, 86, 90, 91, 92, 93, 94, 95, 98,
};

static const short cc3[] = {
	211, 212, 213, 216, 218,
	220, 221, 222, 223, 224, 225, 226, 227, 228, 229,
	230, 231, 232, 233, 234, 235, 236, 237, 238, 239,
	240, 241, 242, 243, 244, 245, 246, 247, 248, 249,
	250, 251, 252, 253, 254, 255, 256, 257, 258,
	260, 261, 262, 263, 264, 265, 266, 267, 268, 269,
	290, 291, 297, 298, 299,
	350, 351, 352, 353, 354, 355, 356, 357, 358, 359,
	370, 371, 372, 373, 374, 375, 376, 377, 378, 379,
	380, 381, 382, 383, 385, 386, 387, 389,
	420, 421, 423,
	500, 501, 502, 503, 504, 505, 506, 507, 508, 509,
	590, 591, 592, 593, 594, 595, 596, 597, 598, 599,
	670, 672, 673, 674, 675, 676, 677, 678, 679,
	680, 681, 682, 683, 685, 686, 687, 688, 689, 690, 691, 692,
	800, 808, 850, 852, 853, 855, 856, 870, 880, 881, 882, 883, 886, 888,
	960, 961, 962, 963, 964, 965, 966, 967, 968,
	970, 971, 972, 973, 974, 975, 976, 977, 979,
	992, 993, 994, 995, 996, 998,
};

enum {
	/* digits typed without any prefix are a national number (closed plan) */
	F_CLOSED = 1,
	/* the national significant number may start with 0 (Italy keeps it) */
	F_ZERO_OK = 2,
	/* it never starts with 0: a 0 typed after the country code is the
	 * trunk prefix by mistake ("+49 030 …") and is dropped */
	F_NO_ZERO = 4,
};

/*
 * Dialling rules of the countries a switchboard here meets most.  A country
 * missing from the table is assumed to use trunk prefix 0 and to need it
 * (most of the world does), with only the generic length limits.
 * nsn_min/nsn_max bound the national significant number; 0 means generic.
 */
struct country {
	short cc;
	char trunk[3];
	unsigned char flags;
	unsigned char nsn_min, nsn_max;
};

static const struct country countries[] = {
	{1, "1", F_CLOSED, 10, 10},		/* NANP: 1 is its trunk prefix */
	{7, "8", 0, 10, 10},			/* Russia, Kazakhstan */
	{20, "0", F_NO_ZERO, 0, 0},
	{27, "0", F_NO_ZERO, 9, 9},
	{30, "", F_CLOSED | F_NO_ZERO, 10, 10},
	{31, "0", F_NO_ZERO, 0, 0},
	{32, "0", F_NO_ZERO, 8, 9},
	{33, "0", F_NO_ZERO, 9, 9},
	{34, "", F_CLOSED | F_NO_ZERO, 9, 9},
	{36, "06", F_NO_ZERO, 8, 9},
	{39, "", F_CLOSED | F_ZERO_OK, 6, 11},
	{40, "0", F_NO_ZERO, 9, 9},
	{41, "0", F_NO_ZERO, 9, 9},
	{43, "0", F_NO_ZERO, 4, 13},
	{44, "0", F_NO_ZERO, 7, 10},
	{45, "", F_CLOSED | F_NO_ZERO, 8, 8},
	{46, "0", F_NO_ZERO, 0, 0},
	{47, "", F_CLOSED | F_NO_ZERO, 5, 8},
	{48, "", F_CLOSED | F_NO_ZERO, 9, 9},
	{49, "0", F_NO_ZERO, 5, 13},
	{52, "", F_CLOSED | F_NO_ZERO, 10, 10},
	{55, "0", F_NO_ZERO, 0, 0},
	{61, "0", F_NO_ZERO, 9, 9},
	{64, "0", F_NO_ZERO, 0, 0},
	{81, "0", F_NO_ZERO, 0, 0},
	{86, "0", F_NO_ZERO, 0, 0},
	{90, "0", F_NO_ZERO, 10, 10},
	{91, "0", F_NO_ZERO, 0, 0},
	{225, "", F_CLOSED | F_ZERO_OK, 10, 10},
	{351, "", F_CLOSED | F_NO_ZERO, 9, 9},
	{352, "", F_CLOSED | F_NO_ZERO, 0, 0},
	{353, "0", F_NO_ZERO, 0, 0},
	{354, "", F_CLOSED | F_NO_ZERO, 0, 0},
	{358, "0", F_NO_ZERO, 0, 0},
	{371, "", F_CLOSED | F_NO_ZERO, 8, 8},
	{372, "", F_CLOSED | F_NO_ZERO, 0, 0},
	{375, "8", 0, 0, 0},
	{377, "", F_CLOSED | F_NO_ZERO, 0, 0},
	{378, "", F_CLOSED | F_ZERO_OK, 0, 0},
	{385, "0", F_NO_ZERO, 0, 0},
	{386, "0", F_NO_ZERO, 0, 0},
	{420, "", F_CLOSED | F_NO_ZERO, 9, 9},
	{421, "0", F_NO_ZERO, 9, 9},
	{423, "", F_CLOSED | F_NO_ZERO, 0, 0},
};

static const struct country country_default = {0, "0", 0, 0, 0};

#define E164_MAX 15
#define NSN_MIN 4
#define E164_MIN 7
/* Digits kept while scanning; more than this is refused anyway. */
#define SCAN_MAX 48

static int in_list(const short *list, size_t n, int v)
{
	for (size_t i = 0; i < n; i++)
		if (list[i] == v)
			return 1;
	return 0;
}

/* Length of the country code at the start of d (len digits): 1-3, 0 if
 * unassigned, -1 if d ends before the code does. */
static int cc_len_n(const char *d, size_t len)
{
	if (len < 1)
		return -1;
	if (d[0] == '1' || d[0] == '7')
		return 1;
	if (d[0] == '0')
		return 0;
	if (len < 2)
		return -1;
	int v = (d[0] - '0') * 10 + (d[1] - '0');
	if (in_list(cc2, sizeof cc2 / sizeof cc2[0], v))
		return 2;
	if (len < 3)
		return -1;
	v = v * 10 + (d[2] - '0');
	return in_list(cc3, sizeof cc3 / sizeof cc3[0], v) ? 3 : 0;
}

int phone_cc_len(const char *intl_digits)
{
	if (!intl_digits)
		return 0;
	size_t len = 0;
	while (len < 3 && intl_digits[len] >= '0' && intl_digits[len] <= '9')
		len++;
	int r = cc_len_n(intl_digits, len);
	return r < 0 ? 0 : r;
}

static int cc_value(const char *d, int cclen)
{
	int cc = 0;
	for (int i = 0; i < cclen; i++)
		cc = cc * 10 + (d[i] - '0');
	return cc;
}

static int cc_valid(int cc)
{
	char d[4];
	if (cc <= 0 || cc > 999)
		return 0;
	int len = snprintf(d, sizeof d, "%d", cc);
	return cc_len_n(d, (size_t)len) == len;
}

static const struct country *country_of(int cc)
{
	for (size_t i = 0; i < sizeof countries / sizeof countries[0]; i++)
		if (countries[i].cc == cc)
			return &countries[i];
	return &country_default;
}

/* What a scan of typed text found. */
struct scan {
	char d[SCAN_MAX + 1];	/* the first SCAN_MAX digits */
	size_t nd;		/* all digits, may exceed SCAN_MAX */
	size_t paren0;		/* digit index of a "(0)" group, or SIZE_MAX */
	int plus;		/* a leading '+' */
	int late_plus;		/* a '+' after digits or a second one */
	int letters;		/* ASCII letters */
	int nonascii;		/* UTF-8 that is no known space or dash */
	int bad;		/* control characters, other punctuation, bad UTF-8 */
	int blank;		/* nothing but whitespace */
};

static int is_space(const unsigned char *s, size_t *len)
{
	if (s[0] == ' ' || s[0] == '\t') {
		*len = 1;
		return 1;
	}
	if (s[0] == 0xc2 && s[1] == 0xa0) {		/* NBSP */
		*len = 2;
		return 1;
	}
	/* thin space, narrow NBSP: what word processors put in numbers */
	if (s[0] == 0xe2 && s[1] == 0x80 && (s[2] == 0x89 || s[2] == 0xaf)) {
		*len = 3;
		return 1;
	}
	return 0;
}

/* Separators people put in numbers; the length in bytes, or 0. */
static size_t separator(const unsigned char *s)
{
	size_t len;
	if (is_space(s, &len))
		return len;
	if (s[0] && strchr("-/.()", s[0]))
		return 1;
	/* hyphen, non-breaking hyphen, figure dash, en dash */
	if (s[0] == 0xe2 && s[1] == 0x80 && s[2] >= 0x90 && s[2] <= 0x93)
		return 3;
	return 0;
}

/* Is the '(' at s the start of "(0)", spaces allowed inside? */
static int paren_zero(const unsigned char *s)
{
	size_t len;
	s++;
	while (is_space(s, &len))
		s += len;
	if (*s != '0')
		return 0;
	s++;
	while (is_space(s, &len))
		s += len;
	return *s == ')';
}

/* Length of a valid UTF-8 sequence at s, 0 if invalid. */
static size_t utf8_len(const unsigned char *s)
{
	size_t n;
	if (s[0] >= 0xc2 && s[0] <= 0xdf)
		n = 2;
	else if (s[0] >= 0xe0 && s[0] <= 0xef)
		n = 3;
	else if (s[0] >= 0xf0 && s[0] <= 0xf4)
		n = 4;
	else
		return 0;
	for (size_t i = 1; i < n; i++)
		if ((s[i] & 0xc0) != 0x80)
			return 0;
	return n;
}

static void scan(const char *typed, struct scan *sc)
{
	const unsigned char *s = (const unsigned char *)typed;
	size_t len;

	memset(sc, 0, sizeof *sc);
	sc->paren0 = SIZE_MAX;
	sc->blank = 1;
	while (is_space(s, &len))
		s += len;
	if (strncmp((const char *)s, "tel:", 4) == 0 ||
	    strncmp((const char *)s, "TEL:", 4) == 0 ||
	    strncmp((const char *)s, "Tel:", 4) == 0)
		s += 4;
	while (*s) {
		if (is_space(s, &len)) {
			s += len;
			continue;
		}
		sc->blank = 0;
		if (*s >= '0' && *s <= '9') {
			if (sc->nd < SCAN_MAX)
				sc->d[sc->nd] = (char)*s;
			sc->nd++;
			s++;
		} else if (*s == '+') {
			if (sc->nd == 0 && !sc->plus)
				sc->plus = 1;
			else
				sc->late_plus = 1;
			s++;
		} else if ((len = separator(s)) > 0) {
			if (*s == '(' && sc->paren0 == SIZE_MAX && paren_zero(s))
				sc->paren0 = sc->nd;
			s += len;
		} else if ((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z')) {
			sc->letters = 1;
			s++;
		} else if (*s >= 0x80 && (len = utf8_len(s)) > 0) {
			sc->nonascii = 1;
			s += len;
		} else {
			sc->bad = 1;
			s++;
		}
	}
	sc->d[sc->nd < SCAN_MAX ? sc->nd : SCAN_MAX] = '\0';
}

/* Reasons that name a number are formatted here; valid until the next
 * refusal in the same thread. */
static _Thread_local char why_buf[160];

static int refuse(const char **why, const char *msg)
{
	*why = _(msg);
	return -1;
}

static int refusef(const char **why, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static int refusef(const char **why, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(why_buf, sizeof why_buf, _(fmt), ap);
	va_end(ap);
	*why = why_buf;
	return -1;
}

static int starts_with(const char *d, size_t n, const char *prefix)
{
	size_t k = strlen(prefix);
	return k > 0 && n >= k && memcmp(d, prefix, k) == 0;
}

static int check_length(int cc, int cclen, const struct country *c,
                        const char *nsn, size_t nsn_len, const char **why)
{
	if ((c->flags & F_NO_ZERO) && nsn[0] == '0')
		return refusef(why, N_("a number in +%d cannot start with 0 after "
		               "the country code"), cc);
	if (c->nsn_min && (nsn_len < c->nsn_min || nsn_len > c->nsn_max)) {
		if (cc == 49)
			return refusef(why, N_("a German number has 5 to 13 digits "
			               "after +49 (this one has %zu)"), nsn_len);
		if (c->nsn_min == c->nsn_max)
			return refusef(why, N_("a number in +%d has %d digits after "
			               "the country code (this one has %zu)"),
			               cc, c->nsn_min, nsn_len);
		return refusef(why, N_("a number in +%d has %d to %d digits after "
		               "the country code (this one has %zu)"),
		               cc, c->nsn_min, c->nsn_max, nsn_len);
	}
	if ((size_t)cclen + nsn_len > E164_MAX)
		return refuse(why, N_("too many digits for a phone number (at most 15)"));
	if (nsn_len < NSN_MIN)
		return refuse(why, N_("too few digits for a phone number "
		              "(at least 4 after the country code)"));
	if ((size_t)cclen + nsn_len < E164_MIN)
		return refuse(why, N_("too few digits for a phone number "
		              "(at least 7 with the country code)"));
	if (cc == 1 && (nsn[0] == '0' || nsn[0] == '1'))
		return refuse(why, N_("a North American area code cannot start "
		              "with 0 or 1"));
	if (cc == 1 && (nsn[3] == '0' || nsn[3] == '1'))
		return refuse(why, N_("a North American exchange code cannot start "
		              "with 0 or 1"));
	return 0;
}

int phone_normalize(const char *typed, int default_cc, char out[PHONE_MAX],
                    const char **why)
{
	const char *why_unused;
	struct scan sc;
	const struct country *c;
	const char *nsn;
	size_t nsn_len, start = 0;
	int cc, cclen, intl;

	if (!why)
		why = &why_unused;
	*why = NULL;
	if (out)
		out[0] = '\0';
	if (!out)
		return refuse(why, N_("no room for the number"));
	if (!cc_valid(default_cc))
		return refusef(why, N_("the default country code %d is not a country "
		               "calling code; set one such as 49"), default_cc);
	if (!typed)
		return refuse(why, N_("no number given"));
	scan(typed, &sc);
	if (sc.blank)
		return refuse(why, N_("no number given"));
	if (sc.letters)
		return refuse(why, N_("letters are not allowed in a phone number "
		              "(vanity numbers are not supported)"));
	if (sc.bad || sc.nonascii)
		return refuse(why, N_("unexpected character in a phone number: use "
		              "digits, spaces and + - / . ( )"));
	if (sc.late_plus)
		return refuse(why, N_("a + is only allowed at the start of a number"));
	if (sc.nd == 0)
		return refuse(why, N_("no digits in the phone number"));
	if (sc.nd > SCAN_MAX)
		return refuse(why, N_("too many digits for a phone number (at most 15)"));

	const char *d = sc.d;
	size_t nd = sc.nd;

	if (!sc.plus && starts_with(d, nd, "00"))
		start = 2;
	else if (!sc.plus && default_cc == 1 && starts_with(d, nd, "011"))
		start = 3;	/* the NANP international prefix */
	intl = sc.plus || start > 0;

	if (intl) {
		if (start == nd)
			return refuse(why, N_("a country code must follow the "
			              "international prefix 00"));
		if (d[start] == '0')
			return refuse(why, N_("a country code cannot start with 0: "
			              "drop the + or the 0"));
		cclen = cc_len_n(d + start, nd - start);
		if (cclen < 0)
			return refuse(why, N_("too few digits for a phone number "
			              "(at least 7 with the country code)"));
		if (cclen == 0)
			return refusef(why, N_("unknown country code +%.3s"), d + start);
		cc = cc_value(d + start, cclen);
		c = country_of(cc);
		nsn = d + start + (size_t)cclen;
		nsn_len = nd - start - (size_t)cclen;
		/* "+49 (0)30": the 0 is dialled only inside the country */
		if (sc.paren0 == start + (size_t)cclen && nsn_len > 0 &&
		    !(c->flags & F_ZERO_OK)) {
			nsn++;
			nsn_len--;
		} else if ((c->flags & F_NO_ZERO) && c->trunk[0] == '0' &&
		           starts_with(nsn, nsn_len, c->trunk)) {
			size_t k = strlen(c->trunk);
			nsn += k;
			nsn_len -= k;
		}
	} else {
		cc = default_cc;
		c = country_of(cc);
		cclen = cc >= 100 ? 3 : cc >= 10 ? 2 : 1;
		if (nd <= 4 && d[0] != '0')
			return refuse(why, N_("looks like an extension, not a phone number"));
		if (starts_with(d, nd, c->trunk)) {
			size_t k = strlen(c->trunk);
			nsn = d + k;
			nsn_len = nd - k;
		} else if (c->flags & F_CLOSED) {
			if (d[0] == '0' && !(c->flags & F_ZERO_OK))
				return refusef(why, N_("numbers in +%d have no trunk "
				               "prefix 0: type the number without "
				               "the leading 0"), cc);
			nsn = d;
			nsn_len = nd;
		} else if (cc == 49) {
			return refuse(why, N_("a number needs an area code or country "
			              "code: type it as 030 1234567 or "
			              "+49 30 1234567"));
		} else {
			return refusef(why, N_("a number needs an area code or country "
			               "code: type it as %s and the area code, or "
			               "as +%d and the number"), c->trunk, cc);
		}
	}
	if (nsn_len == 0)
		return refuse(why, N_("only a country code: the number is missing"));
	if (check_length(cc, cclen, c, nsn, nsn_len, why) < 0)
		return -1;
	snprintf(out, PHONE_MAX, "+%d%.*s", cc, (int)nsn_len, nsn);
	return 0;
}

/* Copy at most n-1 bytes of src[0..len) to out; always terminates. */
static void put(char *out, size_t n, const char *src, size_t len)
{
	if (n == 0)
		return;
	if (len > n - 1)
		len = n - 1;
	memcpy(out, src, len);
	out[len] = '\0';
}

/* Digits of e164 into buf (size SCAN_MAX + 1); their count. */
static size_t digits_of(const char *e164, char *buf)
{
	size_t k = 0;
	if (!e164)
		e164 = "";
	for (; *e164 && k < SCAN_MAX; e164++)
		if (*e164 >= '0' && *e164 <= '9')
			buf[k++] = *e164;
	buf[k] = '\0';
	return k;
}

void phone_intl_digits(const char *e164, char *out, size_t n)
{
	char d[SCAN_MAX + 1];
	size_t k = digits_of(e164, d);
	put(out, n, d, k);
}

void phone_national_digits(const char *e164, char *out, size_t n)
{
	char d[SCAN_MAX + 1], buf[SCAN_MAX + 4];
	size_t k = digits_of(e164, d);
	int cclen = cc_len_n(d, k);

	if (cclen <= 0) {
		put(out, n, d, k);
		return;
	}
	int len = snprintf(buf, sizeof buf, "%s%s",
	                   country_of(cc_value(d, cclen))->trunk,
	                   d + cclen);
	put(out, n, buf, (size_t)len);
}

size_t phone_query_digits(const char *typed, char *out, size_t n)
{
	struct scan sc;
	size_t skip = 0, len;

	if (n > 0)
		out[0] = '\0';
	if (!typed || n == 0)
		return 0;
	scan(typed, &sc);
	if (sc.letters || sc.nonascii || sc.nd == 0)
		return 0;
	len = sc.nd < SCAN_MAX ? sc.nd : SCAN_MAX;
	if (!sc.plus && starts_with(sc.d, len, "00"))
		skip = 2;
	/* "+49 (0)30 12" must find the international key 493012…, as
	 * phone_normalize drops that 0 */
	if ((sc.plus || skip) && sc.paren0 < len) {
		int cclen = cc_len_n(sc.d + skip, len - skip);
		if (cclen > 0 && sc.paren0 == skip + (size_t)cclen) {
			int cc = cc_value(sc.d + skip, cclen);
			if (!(country_of(cc)->flags & F_ZERO_OK)) {
				memmove(sc.d + sc.paren0, sc.d + sc.paren0 + 1,
				        len - sc.paren0);
				len--;
			}
		}
	}
	len -= skip;
	if (len > n - 1)
		len = n - 1;
	memcpy(out, sc.d + skip, len);
	out[len] = '\0';
	return len;
}

/* Three-digit German area codes after the 0; the two-digit ones are 30,
 * 40, 69 and 89.  The plan is prefix-free, so a match is the area code. */
static const short de_area3[] = {
	201, 202, 203, 208, 209, 211, 212, 214, 221, 228, 231, 234, 241, 251,
	261, 271, 281, 291, 331, 335, 340, 341, 345, 351, 355, 361, 365, 371,
	375, 381, 385, 391, 395, 421, 431, 441, 451, 461, 471, 481, 491, 511,
	521, 531, 541, 551, 561, 571, 581, 591, 611, 621, 631, 641, 651, 661,
	671, 681, 711, 721, 731, 741, 751, 761, 771, 781, 791, 800, 821, 831,
	841, 851, 861, 871, 881, 906, 911, 921, 931, 941, 951, 961, 971, 981,
	991,
};

/* Length of a German area (or mobile) code at the start of nsn, 0 if unsure. */
static size_t de_area_len(const char *nsn, size_t len)
{
	if (len < 4)
		return 0;
	int v2 = (nsn[0] - '0') * 10 + (nsn[1] - '0');
	if (v2 == 30 || v2 == 40 || v2 == 69 || v2 == 89)
		return 2;
	if (v2 == 15)
		return 4;		/* mobile 015xy */
	if (v2 == 16 || v2 == 17)
		return 3;		/* mobile 016x, 017x */
	int v3 = v2 * 10 + (nsn[2] - '0');
	if (in_list(de_area3, sizeof de_area3 / sizeof de_area3[0], v3))
		return 3;
	return 0;
}

void phone_format(const char *e164, char *out, size_t n)
{
	char d[SCAN_MAX + 1], buf[SCAN_MAX + 8];
	size_t k = digits_of(e164, d);
	int cclen = cc_len_n(d, k);
	int len;

	if (k == 0) {
		put(out, n, "", 0);
		return;
	}
	if (cclen <= 0 || (size_t)cclen == k) {
		len = snprintf(buf, sizeof buf, "+%s", d);
		put(out, n, buf, (size_t)len);
		return;
	}
	const char *nsn = d + cclen;
	size_t nsn_len = k - (size_t)cclen, area = 0;

	if (cclen == 1 && d[0] == '1' && nsn_len == 10) {
		len = snprintf(buf, sizeof buf, "+1 %.3s %.3s %s", nsn, nsn + 3,
		               nsn + 6);
		put(out, n, buf, (size_t)len);
		return;
	}
	if (cclen == 2 && d[0] == '4' && d[1] == '9')
		area = de_area_len(nsn, nsn_len);
	if (area > 0 && area < nsn_len)
		len = snprintf(buf, sizeof buf, "+%.*s %.*s %s", cclen, d,
		               (int)area, nsn, nsn + area);
	else
		len = snprintf(buf, sizeof buf, "+%.*s %s", cclen, d, nsn);
	put(out, n, buf, (size_t)len);
}
