/* The vCard reader: any bytes after BEGIN:VCARD parse without a crash; and
 * a contact written by vcard_write_contact reads back with the same name,
 * company, email and note. */
#include "tests/fuzz/fuzz.h"
#include "core/import.h"
#include "core/text.h"
#include "core/vcard.h"

static void parse_raw(const uint8_t *data, size_t size)
{
	static const char head[] = "BEGIN:VCARD\r\nVERSION:3.0\r\n";
	char *buf = malloc(sizeof head + size);
	struct import_set set;
	struct fd_err err;
	if (!buf)
		abort();
	memcpy(buf, head, sizeof head - 1);
	memcpy(buf + sizeof head - 1, data, size);
	if (import_parse(buf, sizeof head - 1 + size, &set, &err) == 0)
		import_set_clear(&set);
	free(buf);
}

/* "name|company|email|note" into a contact, cleaned as stored text is. */
static void round_trip(const uint8_t *data, size_t size)
{
	char *s = fuzz_str(data, size), *p = s, *f[4] = {NULL, NULL, NULL, NULL};
	for (int i = 0; i < 4 && p; i++) {
		f[i] = p;
		p = strchr(p, '|');
		if (p)
			*p++ = '\0';
	}
	struct contact c;
	memset(&c, 0, sizeof c);
	c.name = f[0] ? text_clean_line(f[0]) : NULL;
	c.company = f[1] ? text_clean_line(f[1]) : NULL;
	c.email = f[2] ? text_clean_line(f[2]) : NULL;
	c.note = f[3] ? text_clean_multiline(f[3]) : NULL;
	char *num = "+4930123456";
	c.numbers = &num;
	c.n_numbers = 1;
	if (c.name && *c.name) {
		char *v = vcard_write_contact(&c);
		struct import_set set;
		struct fd_err err;
		FUZZ_CHECK(v, "no vCard written");
		FUZZ_CHECK(import_parse(v, strlen(v), &set, &err) == 0, "own vCard refused: %s\n%s",
		           err.msg, v);
		FUZZ_CHECK(set.n_recs == 1, "%zu records from one vCard:\n%s", set.n_recs, v);
		const struct import_rec *r = &set.recs[0];
		FUZZ_CHECK(r->name && !strcmp(r->name, c.name), "name \"%s\" read back as \"%s\"\n%s",
		           c.name, r->name ? r->name : "(null)", v);
		if (c.company && *c.company)
			FUZZ_CHECK(r->company && !strcmp(r->company, c.company),
			           "company \"%s\" read back as \"%s\"", c.company, r->company ? r->company : "(null)");
		if (c.email && *c.email)
			FUZZ_CHECK(r->email && !strcmp(r->email, c.email), "email \"%s\" read back as \"%s\"",
			           c.email, r->email ? r->email : "(null)");
		if (c.note && *c.note)
			FUZZ_CHECK(r->note && !strcmp(r->note, c.note), "note \"%s\" read back as \"%s\"",
			           c.note, r->note ? r->note : "(null)");
		FUZZ_CHECK(r->n_phones == 1 && !strcmp(r->phones[0], num), "the number");
		import_set_clear(&set);
		free(v);
	}
	c.numbers = NULL;
	c.n_numbers = 0;
	db_contact_clear(&c);
	free(s);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	parse_raw(data, size);
	round_trip(data, size);
	return 0;
}
