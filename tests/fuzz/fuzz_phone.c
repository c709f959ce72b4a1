/* phone_normalize on anything typed: no crash, and what it returns is a
 * fixed point (normalising it again, or its display form, gives it back). */
#include "tests/fuzz/fuzz.h"
#include "core/phone.h"

static const int ccs[] = {49, 1, 44, 39, 43, 41, 33, 34, 45, 31};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	int cc = ccs[data[0] % (sizeof ccs / sizeof ccs[0])];
	char *s = fuzz_str(data + 1, size - 1);
	char out[PHONE_MAX], again[PHONE_MAX], shown[64], digits[64];
	const char *why = NULL;
	phone_query_digits(s, digits, sizeof digits);
	if (phone_normalize(s, cc, out, &why) == 0) {
		FUZZ_CHECK(out[0] == '+', "\"%s\" -> \"%s\"", s, out);
		FUZZ_CHECK(strlen(out) <= 16, "\"%s\" -> \"%s\"", s, out);
		FUZZ_CHECK(phone_normalize(out, cc, again, &why) == 0, "\"%s\" -> \"%s\" refused: %s",
		           s, out, why);
		FUZZ_CHECK(strcmp(out, again) == 0, "\"%s\" -> \"%s\" -> \"%s\"", s, out, again);
		phone_format(out, shown, sizeof shown);
		FUZZ_CHECK(phone_normalize(shown, cc, again, &why) == 0, "\"%s\" shown as \"%s\" refused: %s",
		           out, shown, why);
		FUZZ_CHECK(strcmp(out, again) == 0, "\"%s\" shown as \"%s\" -> \"%s\"", out, shown, again);
		phone_intl_digits(out, digits, sizeof digits);
		phone_national_digits(out, digits, sizeof digits);
		phone_cc_len(out + 1);
	} else {
		FUZZ_CHECK(out[0] == '\0', "refused \"%s\" but wrote \"%s\"", s, out);
		FUZZ_CHECK(why && *why, "refused \"%s\" without a reason", s);
	}
	free(s);
	return 0;
}
