/* import_parse (CSV in any encoding and separator, or vCard) on any file:
 * no crash, and what it returns is consistent. */
#include "tests/fuzz/fuzz.h"
#include "core/import.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct import_set set;
	struct fd_err err;
	memset(&err, 0, sizeof err);
	if (import_parse((const char *)data, size, &set, &err) != 0) {
		FUZZ_CHECK(err.msg[0], "refused without a reason");
		FUZZ_CHECK(set.n_recs == 0 && set.recs == NULL, "refused but records left");
		return 0;
	}
	FUZZ_CHECK(set.format && set.encoding, "no format or encoding");
	for (size_t i = 0; i < set.n_recs; i++) {
		const struct import_rec *r = &set.recs[i];
		FUZZ_CHECK(r->n_phones <= IMPORT_MAX_PHONES, "%zu phones", r->n_phones);
		FUZZ_CHECK(r->line >= 1, "record %zu on line %zu", i, r->line);
		const char *f[] = {r->name, r->company, r->email, r->department, r->login, r->ext,
		                   r->role, r->deputy, r->note};
		for (size_t k = 0; k < sizeof f / sizeof f[0]; k++)
			FUZZ_CHECK(!f[k] || strlen(f[k]) <= IMPORT_MAX_FIELD * 4, "field %zu too long", k);
	}
	for (size_t i = 0; i < set.n_probs; i++)
		FUZZ_CHECK(set.probs[i].text, "problem %zu without text", i);
	import_set_clear(&set);
	return 0;
}
