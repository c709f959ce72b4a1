/*
 * Import (core/import.h) and the vCard writer (core/vcard.h): first empty,
 * malformed and hostile input, then the export formats of Outlook, Google
 * Contacts and phones from tests/fixtures/import/ (run from the repository
 * root), then merging and all-or-nothing on an in-memory database.
 */
#include <criterion/criterion.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/fd.h"
#include "core/import.h"
#include "core/util.h"
#include "core/vcard.h"

#define NOW ((time_t)1795424400)
#define FIXTURES "tests/fixtures/import/"

static struct fd *fd;
static struct fd_err err;
static struct import_set set;
static struct import_result res;

static void setup(void)
{
	struct fd_open_opts o = {0};
	o.memory = 1;
	o.uid_override = -1;
	memset(&err, 0, sizeof err);
	memset(&set, 0, sizeof set);
	fd = NULL;
	cr_assert_eq(fd_open(&o, &fd, &err), 0, "fd_open: %s", err.msg);
	cr_assert_eq(fd_init(fd, 49, NOW, &err), 0, "fd_init: %s", err.msg);
}

static void teardown(void)
{
	import_set_clear(&set);
	fd_close(&fd);
}

TestSuite(import, .init = setup, .fini = teardown);

static char *slurp(const char *name, size_t *len)
{
	char path[256];
	snprintf(path, sizeof path, FIXTURES "%s", name);
	FILE *f = fopen(path, "rb");
	cr_assert_not_null(f, "cannot open %s (run from the repository root)", path);
	struct sbuf b = SBUF_INIT;
	char buf[4096];
	size_t n;
	while ((n = fread(buf, 1, sizeof buf, f)) > 0)
		sbuf_add(&b, buf, n);
	fclose(f);
	*len = b.len;
	sbuf_str(&b);
	return sbuf_detach(&b);
}

static int parse_str(const char *s)
{
	return import_parse(s, strlen(s), &set, &err);
}

static int parse_file(const char *name)
{
	size_t len;
	char *data = slurp(name, &len);
	int r = import_parse(data, len, &set, &err);
	free(data);
	return r;
}

static long long count_contacts(void)
{
	long long n = -1;
	db_contact_count(fd->db, &n);
	return n;
}

static int has_problem(size_t line, const char *part)
{
	for (size_t i = 0; i < set.n_probs; i++)
		if (set.probs[i].line == line && strstr(set.probs[i].text, part))
			return 1;
	return 0;
}

/* ---- empty, malformed, hostile ---- */

Test(import, empty_and_null)
{
	cr_assert_eq(import_parse(NULL, 0, &set, &err), -1);
	cr_assert_str_eq(err.msg, "the file is empty");
	cr_assert_eq(err.code, 2);
	cr_assert_eq(parse_str(""), -1);
	cr_assert_eq(parse_str(" \r\n\n\t"), -1);
	cr_assert(strstr(err.msg, "empty"));
}

Test(import, header_only_is_no_records)
{
	cr_assert_eq(parse_str("name,phone\r\n"), 0, "%s", err.msg);
	cr_assert_eq(set.n_recs, 0);
	cr_assert_eq(import_apply(fd, IMPORT_CONTACTS, &set, 0, NOW, &res, &err), 0, "%s", err.msg);
	cr_assert_eq(res.added, 0);
}

Test(import, unknown_header_refused)
{
	cr_assert_eq(parse_str("foo,bar\n1,2\n"), -1);
	cr_assert(strstr(err.msg, "no column for names"), "%s", err.msg);
	cr_assert_eq(err.code, 2);
}

Test(import, binary_refused)
{
	const char zip[] = "PK\x03\x04\x14\x00\x06\x00";
	cr_assert_eq(import_parse(zip, sizeof zip - 1, &set, &err), -1);
	cr_assert(strstr(err.msg, "NUL bytes"), "%s", err.msg);
}

Test(import, unclosed_quote_names_its_line)
{
	cr_assert_eq(parse_file("broken-quote.csv"), 0, "%s", err.msg);
	cr_assert(has_problem(3, "never ends"), "no problem at line 3 (%zu problems)", set.n_probs);
	cr_assert_eq(import_apply(fd, IMPORT_CONTACTS, &set, 0, NOW, &res, &err), -1);
	cr_assert_eq(err.code, 2);
	cr_assert_eq(count_contacts(), 0, "a rejected import wrote something");
}

Test(import, quote_open_in_header)
{
	cr_assert_eq(parse_str("\"name,phone\nA,1\n"), -1);
	cr_assert(strstr(err.msg, "never closes"), "%s", err.msg);
}

Test(import, megabyte_field_rejected_not_swallowed)
{
	size_t big = 1024 * 1024;
	char *s = xmalloc(big + 64);
	strcpy(s, "name,phone\n\"");
	size_t n = strlen(s);
	memset(s + n, 'x', big);
	strcpy(s + n + big, "\",+49 30 1234567\nOk,+49 30 7654321\n");
	cr_assert_eq(import_parse(s, strlen(s), &set, &err), 0, "%s", err.msg);
	free(s);
	cr_assert(has_problem(2, "at most 64 KiB"), "1 MB field not reported");
	cr_assert_eq(set.n_recs, 2);
	cr_assert_eq(import_apply(fd, IMPORT_CONTACTS, &set, 0, NOW, &res, &err), -1);
	cr_assert_eq(count_contacts(), 0);
}

Test(import, invalid_bytes_read_as_windows_1252)
{
	/* 0xFC is ü in Windows-1252; 0x81 is unassigned there: Latin-1 then */
	cr_assert_eq(parse_str("name,phone\nM\xfcller,+49 30 1234567\nX\x81Y,+49 30 2\n"), 0, "%s", err.msg);
	cr_assert_str_eq(set.encoding, "Windows-1252");
	cr_assert_str_eq(set.recs[0].name, "M\xc3\xbcller");
	for (size_t i = 0; i < set.n_recs; i++)
		cr_assert(set.recs[i].name == NULL || strlen(set.recs[i].name) > 0);
}

Test(import, rows_rejected_with_reasons)
{
	cr_assert_eq(parse_file("broken-rows.csv"), 0, "%s", err.msg);
	cr_assert_eq(import_apply(fd, IMPORT_CONTACTS, &set, 0, NOW, &res, &err), -1);
	cr_assert(has_problem(3, "no name"));
	cr_assert(has_problem(4, "no phone number"));
	cr_assert(has_problem(5, "12ab"));
	cr_assert(has_problem(6, "needs double quotes"));
	cr_assert_eq(res.rejected, 4);
	cr_assert(strstr(err.msg, "nothing was imported"), "%s", err.msg);
	cr_assert_eq(count_contacts(), 0, "the good row went in although others were rejected");
}

Test(import, vcard_without_end)
{
	cr_assert_eq(parse_file("broken-no-end.vcf"), 0, "%s", err.msg);
	cr_assert(has_problem(1, "no END:VCARD"));
	cr_assert_str_eq(set.format, "vCard");
}

Test(import, vcard_stray_end_and_nested_begin)
{
	cr_assert_eq(parse_str("BEGIN:VCARD\nFN:A\nBEGIN:VCARD\nFN:B\nTEL:+49301\nEND:VCARD\nEND:VCARD\n"), 0);
	cr_assert(has_problem(1, "no END:VCARD"));
	cr_assert(has_problem(7, "without BEGIN"));
}

/* ---- the formats ---- */

Test(import, outlook_semicolon_windows_1252)
{
	cr_assert_eq(parse_file("outlook-semicolon-cp1252.csv"), 0, "%s", err.msg);
	cr_assert_eq(set.sep, ';');
	cr_assert_str_eq(set.encoding, "Windows-1252");
	cr_assert_eq(set.n_recs, 2);
	struct import_rec *r = &set.recs[0];
	cr_assert_str_eq(r->name, "J\xc3\xbcrgen Wei\xc3\x9f");
	cr_assert_str_eq(r->company, "M\xc3\xbcller & S\xc3\xb6hne GmbH");
	cr_assert_eq(r->n_phones, 2, "the fax must not count as a phone");
	cr_assert_str_eq(r->phones[0], "+49 30 1234567");
	cr_assert_str_eq(r->email, "j.weiss@example.de");
	cr_assert(strchr(r->note, '\n'), "line break in a quoted field lost");
	cr_assert_eq(set.recs[1].line, 4, "a record after a two-line field starts on line 4");
	cr_assert_str_eq(set.recs[1].note, "\xe2\x82\xac-Kundin");
}

Test(import, google_with_bom)
{
	cr_assert_eq(parse_file("google-bom.csv"), 0, "%s", err.msg);
	cr_assert_str_eq(set.encoding, "UTF-8 with BOM");
	cr_assert_eq(set.sep, ',');
	cr_assert_eq(set.n_recs, 2);
	cr_assert_str_eq(set.recs[0].name, "Aylin Kaya");
	cr_assert_str_eq(set.recs[0].company, "Kaya Logistik, K\xc3\xb6ln");
	cr_assert_eq(set.recs[0].n_phones, 3, "\" ::: \" separates numbers in one cell");
	cr_assert_str_eq(set.recs[0].email, "aylin@kaya.example");
	cr_assert_str_eq(set.recs[1].name, "\xc5\x9e" "tefan Ionescu", "given + family when Name is empty");
	cr_assert_eq(import_apply(fd, IMPORT_CONTACTS, &set, 0, NOW, &res, &err), 0, "%s", err.msg);
	cr_assert_eq(res.added, 2);
}

Test(import, vcard21_quoted_printable_and_folding)
{
	cr_assert_eq(parse_file("vcard21-qp.vcf"), 0, "%s", err.msg);
	cr_assert_eq(set.n_probs, 0);
	cr_assert_eq(set.n_recs, 2);
	struct import_rec *r = &set.recs[0];
	cr_assert_str_eq(r->name, "Hans-J\xc3\xb6rg M\xc3\xbcller", "soft line break");
	cr_assert_str_eq(r->company, "B\xc3\xa4""ckerei M\xc3\xbcller", "ISO-8859-1 charset");
	cr_assert_str_eq(r->department, "Verkauf");
	cr_assert_eq(r->n_phones, 2);
	cr_assert_str_eq(r->email, "hj.mueller@baeckerei.example", "folded line");
	cr_assert(strstr(r->note, "Erste Zeile") && strstr(r->note, "Zweite Zeile"));
	cr_assert_str_eq(set.recs[1].name, "Petra Schmidt", "N when FN is missing");
	cr_assert_eq(set.recs[1].line, 13);
}

Test(import, vcard30_phone_several_numbers)
{
	cr_assert_eq(parse_file("phone-v30.vcf"), 0, "%s", err.msg);
	cr_assert_eq(set.n_recs, 1);
	struct import_rec *r = &set.recs[0];
	cr_assert_str_eq(r->name, "Anna Berg");
	cr_assert_str_eq(r->company, "Berg, Sohn & Partner");
	cr_assert_eq(r->n_phones, 3);
	cr_assert_eq(import_apply(fd, IMPORT_CONTACTS, &set, 0, NOW, &res, &err), 0, "%s", err.msg);
	struct fd_caller who;
	cr_assert_eq(fd_caller_lookup(fd, "0221 7788990", NOW, &who, &err), 0);
	cr_assert(who.known, "the third number was not stored");
	cr_assert_eq(who.contact.n_numbers, 3);
	fd_caller_clear(&who);
}

Test(import, vcard40_tel_uri)
{
	cr_assert_eq(parse_file("phone-v40.vcf"), 0, "%s", err.msg);
	cr_assert_eq(set.recs[0].n_phones, 2);
	cr_assert_str_eq(set.recs[0].phones[0], "+420-234-567-890", "tel: and ;ext= stripped");
	cr_assert_eq(import_apply(fd, IMPORT_CONTACTS, &set, 0, NOW, &res, &err), 0, "%s", err.msg);
}

Test(import, utf16_with_bom)
{
	const char s[] = "\xff\xfen\0a\0m\0e\0,\0p\0h\0o\0n\0e\0\n\0A\0,\0+\0" "4\0" "9\0" "3\0" "0\0" "1\0" "2\0\n\0";
	cr_assert_eq(import_parse(s, sizeof s - 1, &set, &err), 0, "%s", err.msg);
	cr_assert_str_eq(set.encoding, "UTF-16");
	cr_assert_eq(set.n_recs, 1);
	cr_assert_str_eq(set.recs[0].phones[0], "+493012");
}

/* ---- merging, dry run, staff ---- */

Test(import, merge_by_number_not_duplicate)
{
	struct fd_contact_input in = {.name = "Anna Berg", .phone = "+49 151 22334455"};
	cr_assert_eq(fd_contact_add(fd, &in, NOW, NULL, &err), 0, "%s", err.msg);
	cr_assert_eq(parse_file("phone-v30.vcf"), 0);
	cr_assert_eq(import_apply(fd, IMPORT_CONTACTS, &set, 0, NOW, &res, &err), 0, "%s", err.msg);
	cr_assert_eq(res.merged, 1);
	cr_assert_eq(res.added, 0);
	cr_assert_eq(count_contacts(), 1);
	cr_assert_eq(set.n_notes, 1);
	cr_assert(strstr(set.notes[0].text, "merged"), "%s", set.notes[0].text);
	struct fd_caller who;
	cr_assert_eq(fd_caller_lookup(fd, "+49 221 4455660", NOW, &who, &err), 0);
	cr_assert(who.known, "missing numbers were not added to the existing contact");
	fd_caller_clear(&who);
}

Test(import, same_number_twice_in_file_merges)
{
	cr_assert_eq(parse_str("name,phone\nA One,+49 30 111\nA Two,030 111\n"), 0);
	cr_assert_eq(import_apply(fd, IMPORT_CONTACTS, &set, 0, NOW, &res, &err), 0, "%s", err.msg);
	cr_assert_eq(res.added, 1);
	cr_assert_eq(res.merged, 1);
	cr_assert_eq(count_contacts(), 1);
}

Test(import, dry_run_writes_nothing)
{
	cr_assert_eq(parse_file("google-bom.csv"), 0);
	cr_assert_eq(import_apply(fd, IMPORT_CONTACTS, &set, 1, NOW, &res, &err), 0, "%s", err.msg);
	cr_assert_eq(res.added, 2);
	cr_assert_eq(count_contacts(), 0);
}

Test(import, staff_with_deputy_later_in_file)
{
	cr_assert_eq(parse_file("staff.csv"), 0, "%s", err.msg);
	cr_assert_eq(import_apply(fd, IMPORT_STAFF, &set, 0, NOW, &res, &err), 0, "%s", err.msg);
	cr_assert_eq(res.added, 2);
	struct staff s;
	cr_assert_eq(fd_staff_find(fd, "opetrova", &s, &err), 1);
	cr_assert_str_eq(s.deputy_login, "kvoss");
	db_staff_clear(&s);
}

Test(import, staff_unknown_deputy_and_missing_login)
{
	cr_assert_eq(parse_str("name,login,deputy\nA B,ab,nobody\nC D,,\n"), 0);
	cr_assert_eq(import_apply(fd, IMPORT_STAFF, &set, 0, NOW, &res, &err), -1);
	cr_assert(has_problem(2, "nobody"));
	cr_assert(has_problem(3, "no login"));
}

/* ---- vCard writer ---- */

Test(import, vcard_write_null)
{
	cr_assert_null(vcard_write_contact(NULL));
}

Test(import, vcard_round_trip)
{
	char *nums[] = {"+4930123456", "+491701234567"};
	struct contact c = {
		.name = "J\xc3\xbcrgen M\xc3\xbcller-Wei\xc3\x9f", .company = "Acme; Sons, Ltd\\",
		.email = "j@example.de", .note = "line one\nline two " "0123456789012345678901234567890123456789"
		"0123456789012345678901234567890123456789\xc3\xa4\xc3\xa4\xc3\xa4",
		.numbers = nums, .n_numbers = 2,
	};
	char *v = vcard_write_contact(&c);
	cr_assert_not_null(v);
	cr_assert(strncmp(v, "BEGIN:VCARD\r\nVERSION:3.0\r\n", 26) == 0);
	/* no line longer than 75 bytes */
	for (char *l = v; *l;) {
		char *e = strstr(l, "\r\n");
		cr_assert_not_null(e);
		cr_assert_leq(e - l, 75, "line too long: %.*s", (int)(e - l), l);
		l = e + 2;
	}
	cr_assert_eq(import_parse(v, strlen(v), &set, &err), 0, "%s", err.msg);
	free(v);
	cr_assert_eq(set.n_recs, 1);
	cr_assert_eq(set.n_probs, 0);
	struct import_rec *r = &set.recs[0];
	cr_assert_str_eq(r->name, c.name);
	cr_assert_str_eq(r->company, c.company);
	cr_assert_str_eq(r->email, c.email);
	cr_assert_str_eq(r->note, c.note);
	cr_assert_eq(r->n_phones, 2);
	cr_assert_str_eq(r->phones[1], "+491701234567");
}
