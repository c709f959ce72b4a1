/* search_query over a small directory, on any query: no crash, never more
 * hits than asked for, each naming a document that is in the index.  The
 * input also becomes a document (its fields split at '|'), put, found or
 * not, and removed. */
#include "tests/fuzz/fuzz.h"
#include "core/search.h"

static struct search_index *idx;

static const char *const n1[] = {"+49301234567"};
static const char *const n2[] = {"+4989555123", "+491701234567"};
static const char *const n3[] = {"+12125550100"};
static const struct search_doc docs[] = {
	{SEARCH_STAFF, 1, "Anna Berg", NULL, "Sales", "201", "anna@example.com", NULL, 0, 1, 0},
	{SEARCH_STAFF, 2, "Max Müller", NULL, "Sales", "202", "max@example.com", NULL, 0, 0, 0},
	{SEARCH_STAFF, 3, "Jürgen Weiß", NULL, "Einkauf", "310", NULL, NULL, 0, 1, 0},
	{SEARCH_STAFF, 4, "Łukasz Nowak", NULL, "IT", "400", NULL, NULL, 0, 1, 0},
	{SEARCH_CONTACT, 1, "Hans Maier", "Maier GmbH", NULL, NULL, NULL, n1, 1, 0, 3},
	{SEARCH_CONTACT, 2, "Catherine Fisher", "Fisher & Co", NULL, NULL, "cf@fisher.example", n2, 2, 0, 0},
	{SEARCH_CONTACT, 3, "Mayr", NULL, NULL, NULL, NULL, n3, 1, 0, 1},
	{SEARCH_CONTACT, 4, "O'Brien-Smith", "Ünïcödé ﬁrm", NULL, NULL, NULL, NULL, 0, 0, 0},
	{SEARCH_CONTACT, 5, "李小龙", "株式会社", NULL, NULL, NULL, NULL, 0, 0, 0},
};
#define N_DOCS (sizeof docs / sizeof docs[0])

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	idx = search_index_new();
	for (size_t i = 0; i < N_DOCS; i++)
		search_index_put(idx, &docs[i]);
	search_index_prepare(idx);
	return 0;
}

static void check(const char *q, size_t max, long long extra_id)
{
	struct search_hit hits[16];
	size_t n = search_query(idx, q, hits, max);
	FUZZ_CHECK(n <= max, "%zu hits for max %zu", n, max);
	for (size_t i = 0; i < n; i++) {
		int known = hits[i].kind == SEARCH_CONTACT && hits[i].id == extra_id;
		for (size_t k = 0; k < N_DOCS && !known; k++)
			known = docs[k].kind == hits[i].kind && docs[k].id == hits[i].id;
		FUZZ_CHECK(known, "hit (%d, %lld) is no document", hits[i].kind, hits[i].id);
		FUZZ_CHECK(hits[i].quality >= SEARCH_EXACT && hits[i].quality <= SEARCH_TYPO,
		           "quality %d", hits[i].quality);
		if (i)
			FUZZ_CHECK(hits[i - 1].quality <= hits[i].quality, "quality order");
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = fuzz_str(data, size);
	size_t max = size ? data[0] % 17 : 5;
	check(s, max, 0);
	check(s, 0, 0);

	/* the input as a document: name|company|email|number */
	char *fields[4] = {NULL, NULL, NULL, NULL};
	char *p = s;
	for (int i = 0; i < 4 && p; i++) {
		fields[i] = p;
		p = strchr(p, '|');
		if (p)
			*p++ = '\0';
	}
	const char *nums[1] = {fields[3]};
	struct search_doc d = {SEARCH_CONTACT, 1000, fields[0], fields[1], NULL, NULL, fields[2],
	                       fields[3] ? nums : NULL, fields[3] ? 1 : 0, 0, 0};
	search_index_put(idx, &d);
	check(fields[0], 16, 1000);
	if (fields[1])
		check(fields[1], 16, 1000);
	search_index_remove(idx, SEARCH_CONTACT, 1000);
	check(fields[0], 16, 0);
	FUZZ_CHECK(search_index_size(idx) == N_DOCS, "size %zu", search_index_size(idx));
	free(s);
	return 0;
}
