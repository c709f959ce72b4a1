/*
 * search: an in-memory word index with prefix, phonetic and typo matching.
 *
 * Layout.  Every distinct folded word is a term: a hash table finds it on
 * put, a sorted id array gives prefix ranges, hash chains keyed by Cologne
 * and Metaphone code give sound-alikes.  Each document keeps its occurrences
 * (term, field, position) in one arena and its phone digit keys in one
 * contiguous buffer per kind (",4930123,030123,"), searched with memmem.
 *
 * Postings (slot << 3 | field) live in one array grouped by term, staff
 * before contacts, built in one counting pass when a query finds many new
 * documents (the bulk load); documents added after that build go to small
 * per-term extra lists.  put itself only records occurrences, so loading is
 * cheap and a TUI that lives for hours pays little per change.
 *
 * Slots are never reused: put of an existing (kind, id) kills the old slot
 * and appends a new one, so stale postings point at dead slots and are
 * skipped.  Compaction renumbers live slots when dead ones pile up.  Terms
 * added since the last sort form a small unsorted delta scanned linearly.
 *
 * A query runs a strict pass (exact and prefix) and, when that does not fill
 * the caller's list, a fuzzy pass (phonetic, typo) over documents not yet
 * found.  Each pass takes the cheapest query word as the generator of
 * candidates and checks every word against the candidate's own occurrences
 * through a per-word mark on the terms that word may match.
 */
#define _GNU_SOURCE	/* memmem */
#include "core/search.h"

#include "core/phone.h"
#include "core/text.h"
#include "core/util.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

/* Where a word occurs.  LEGAL: "GmbH", "KG" and the like in a company name,
 * which say little about which company is meant. */
enum field {
	F_NAME, F_COMPANY, F_DEPT, F_EXT, F_EMAIL, F_INITIALS, F_LEGAL, F_PHONE
};
#define FIELD_BITS 3
#define FIELD_MASK 7u
#define NOPE UINT32_MAX
#define QNONE 255

#define COLOGNE_MAX 16
#define META_MAX 12
#define DELTA_MAX 512		/* unsorted new terms before a merge */
#define EXTRA_MAX 4096		/* documents in extra postings before a build */
#define CAND_CAP 4000		/* contact candidates from one generator word */
#define PHONE_CAP 2000		/* contacts taken from one phone fragment */
#define PHONE_TAIL 2048		/* regions scanned linearly before a rebuild */
#define PAIR_TOKENS 8		/* query words checked for neighbourhood */
#define QUERY_WORDS 24		/* more is a paste, not a name: the rest ignored */
#define TYPO_MIN 5		/* shortest query word allowed one typo */
#define PHON_MIN 3		/* shortest query word matched by sound */
#define WORD_MAX 32		/* longest word compared by edit distance */
#define LEN_MAX 40		/* longest word allowed a typo */
#define UMLAUT_BONUS 4		/* "Höl" prefers "Hölzer" to "Holt" */
#define WHOLE_BONUS 4		/* every word of the name or company matched */

/*
 * Match qualities inside the index.  A spelling variant is a whole word
 * spelt another way that sounds the same ("Schmitt" for Schmidt, "Steven"
 * for Stephen): reported as phonetic, but in a query of several words it
 * ranks in the tier of prefixes, so "Ken Schmitt" finds Kent Schmidt before
 * a Ken- in some company that merely happens to contain "Schmitt".
 */
enum qual { Q_EXACT, Q_PREFIX, Q_VARIANT, Q_PHONETIC, Q_TYPO, Q_LEVELS };
#define VARIANT_MIN 5		/* shortest query word taken as a whole word */
#define VARIANT_EDITS 2		/* most letters a variant may differ in */

/* Score parts; rank_worse says how they combine with quality. */
static const int base_score[Q_LEVELS] = {40, 20, 12, 10, 5};
static const int field_weight[] = {
	[F_NAME] = 12, [F_COMPANY] = 10, [F_DEPT] = 4, [F_EXT] = 12,
	[F_EMAIL] = 3, [F_INITIALS] = 6, [F_LEGAL] = 2, [F_PHONE] = 8,
};

struct term {
	uint32_t str;		/* offset of the NUL-terminated word in chars */
	uint16_t len;
	uint8_t alpha;		/* a-z only: phonetic codes are set (once
				 * terms below n_phon) */
	uint32_t next_col, next_meta;	/* phonetic hash chains */
	uint32_t off, n, n_staff;	/* built postings: post[off, off + n) */
	uint32_t *extra, n_extra, cap_extra;	/* postings since the build */
	char col[COLOGNE_MAX], meta[META_MAX];
};

/* A term hash slot; short words compare without touching the term. */
#define THENT_WORD 11
struct thent {
	uint32_t term;		/* NOPE: empty */
	uint8_t len;		/* the word's length, 255 for longer */
	char s[THENT_WORD];	/* its first bytes */
};

/* For the typo scan: a term and its first two letters. */
struct lenent {
	uint32_t term;
	char c0, c1;
	uint16_t spare;		/* zero: saved as bytes (search_index_save) */
};

struct occ {
	uint32_t term;
	uint8_t field, pos;
	uint16_t spare;		/* zero, as for lenent */
};

/*
 * Occurrences live in fixed blocks that never move (growing one array would
 * copy it again and again during a bulk load).  A document's occurrences
 * stay in one block: occ_off is block << OCC_BITS | index.
 */
#define OCC_BITS 16
#define OCC_BLOCK (1u << OCC_BITS)
#define OCC_DOC_MAX 0xffffu	/* occurrences kept per document */
struct occstore {
	struct occ **blk;
	uint32_t n_blk, cap_blk;
	uint32_t n;		/* next free position, block << OCC_BITS | index */
	uint32_t doc;		/* where the document being added starts */
	const struct region *mapped;	/* blocks there are not ours to free */
};

struct doc {
	long long id;
	uint32_t occ_off, ph_off, ph_len;
	uint16_t occ_n;
	uint8_t kind, alive;
	uint8_t words[2];	/* name words (no title), company words (no legal form) */
	int present, recent;
};

/* (kind, id) -> slot; the document itself holds kind and id. */
struct mapent {
	uint32_t slot;		/* MAP_EMPTY, MAP_GONE (deleted) or a slot */
	uint32_t hash;		/* map_hash of the slot's (kind, id) */
};
#define MAP_EMPTY NOPE
#define MAP_GONE (NOPE - 1)
#define MAP_PENDING_MAX 131072	/* puts not yet in the map before a sync */

/* Digit keys of one kind; reg maps buffer offsets back to slots. */
struct phreg {
	uint32_t off, slot;
};
struct phbuf {
	char *s;
	size_t n, cap;
	struct phreg *reg;
	size_t n_reg, cap_reg;
	/* regions holding each digit trigram, for regions below tri_reg */
	uint32_t *tri_off, *tri_list;
	size_t tri_reg;
	const struct region *mapped;	/* as in occstore */
};

/* Where a loaded index's file is mapped (see borrowed). */
struct region {
	const char *base;
	size_t len;
};

/* A word of the document being put, its term not yet looked up. */
struct pword {
	const char *w;
	uint32_t n, h;
	uint8_t field, pos;
};

struct cand {
	uint32_t slot;
	uint8_t worst;
	int score;
	uint16_t fp[PAIR_TOKENS];	/* field << 8 | pos + 1 of each word's match */
	uint8_t in[2];			/* words matched in name, in company */
};

struct rank_ent {
	uint32_t slot;
	uint8_t quality, tier;	/* enum qual; tier: variants as prefixes */
	int score;
};

struct qtok {
	const char *form[2];
	size_t len[2];
	int nform, digits, qpos;
	int variants;		/* spelling variants rank as prefixes */
	int whole;		/* typed with dots ("e.V"): the whole word only */
	uint32_t *terms;
	uint8_t *tq;
	int8_t *tbonus;		/* closeness of a phonetic match */
	size_t n_terms, cap_terms;
	uint64_t cost;
};

struct search_index {
	struct term *terms;
	uint32_t n_terms, cap_terms;
	uint64_t *tkey;		/* first 8 bytes of each term, big-endian */
	char *chars;
	size_t n_chars, cap_chars;
	struct thent *thash;
	uint32_t thash_cap;
	uint32_t *col_head, *meta_head, phash_cap;
	uint32_t n_phon;		/* terms below: codes set, in the chains */
	uint32_t *sorted, n_sorted;	/* ids [0, n_sorted) in word order */
	struct lenent *bylen;		/* the sorted ones again, by length */
	uint32_t lenoff[LEN_MAX + 2];

	struct doc *docs;
	uint32_t n_docs, cap_docs, n_live, n_dead;
	struct occstore occ;
	struct phbuf ph[2];		/* by kind */
	struct mapent *map;
	uint32_t map_cap, map_used;	/* used: full and deleted entries */
	uint32_t map_docs;		/* slots below: in the map */

	uint32_t *post;			/* built postings */
	uint32_t built_docs;		/* slots below: in post */
	uint32_t extra_docs;		/* slots below (and above built): in extras */

	/* query scratch */
	uint32_t cap_scratch;		/* size of the four per doc arrays */
	uint32_t *seen, seen_gen;	/* per doc: found in this query */
	uint32_t *cmark, cmark_gen;	/* per doc: candidate in this pass */
	uint8_t *sq;			/* per doc: one-word fast path */
	int *ss;
	uint32_t *tmark, tmark_gen;	/* per term: matches the current word */
	uint8_t *tqual;
	int8_t *tbon;
	struct cand *cands;
	size_t cap_cands;
	struct rank_ent *heap;
	size_t n_heap, cap_heap, heap_max;
	/* put scratch: folded fields (F_NAME .. F_EMAIL, then the initials'
	 * copy of the name), both spellings, and the words found in them */
	struct sbuf fold_buf[F_EMAIL + 2][2];
	char ini[8];
	struct sbuf abbr;		/* join_abbrev's copy, folded at once */
	struct region mapped;		/* the file of a loaded index */
	struct pword *pw;
	size_t n_pw, cap_pw;
};

static const struct occ *occ_of(const struct search_index *idx,
				const struct doc *d)
{
	return idx->occ.blk[d->occ_off >> OCC_BITS] +
	       (d->occ_off & (OCC_BLOCK - 1));
}

/* ---- small helpers ---- */

#define GROW(p, cap, need) \
	do { \
		if ((need) > (cap)) { \
			size_t c_ = (cap) ? (size_t)(cap) * 2 : 16; \
			while (c_ < (size_t)(need)) \
				c_ *= 2; \
			(p) = xrealloc((p), c_ * sizeof(*(p))); \
			(cap) = c_; \
		} \
	} while (0)

/*
 * A loaded index maps its file (search_index_load) and its arrays start out
 * inside that mapping: they may be written (the mapping is private) but not
 * freed or reallocated.  Growing one copies it out.
 */
static int borrowed(const struct region *r, const void *p)
{
	/* <=: an empty array at the very end points just past the file */
	return r && r->base && (const char *)p >= r->base &&
	       (const char *)p <= r->base + r->len;
}

static void own_free(const struct region *r, void *p)
{
	if (!borrowed(r, p))
		free(p);
}

static void *own_realloc(const struct region *r, void *p, size_t old,
			 size_t n)
{
	if (!borrowed(r, p))
		return xrealloc(p, n);
	void *q = xmalloc(n);
	memcpy(q, p, old < n ? old : n);
	return q;
}

/* GROW for arrays that may be borrowed from r. */
#define GROW_OWN(r, p, cap, need) \
	do { \
		if ((need) > (cap)) { \
			size_t c_ = (cap) ? (size_t)(cap) * 2 : 16; \
			while (c_ < (size_t)(need)) \
				c_ *= 2; \
			(p) = own_realloc((r), (p), (size_t)(cap) * sizeof(*(p)), \
					  c_ * sizeof(*(p))); \
			(cap) = c_; \
		} \
	} while (0)

static uint32_t hash_bytes(const char *s, size_t n)
{
	uint32_t h = 2166136261u;
	for (size_t i = 0; i < n; i++)
		h = (h ^ (unsigned char)s[i]) * 16777619u;
	return h;
}

/* Start a document's occurrences at the store's end. */
static void occ_begin(struct occstore *st)
{
	st->doc = st->n;
}

/* Append one occurrence to the current document (OCC_DOC_MAX at most). */
static void occ_push(struct occstore *st, struct occ o)
{
	uint32_t have = st->n - st->doc;
	if (have >= OCC_DOC_MAX)
		return;		/* absurd input: keep the first words */
	uint32_t b = st->n >> OCC_BITS;
	if (b >= st->n_blk) {	/* the block is full (or there is none) */
		GROW(st->blk, st->cap_blk, (size_t)st->n_blk + 1);
		/* zeroed: a block may end in a gap, and is saved whole */
		st->blk[st->n_blk++] = xcalloc(OCC_BLOCK, sizeof(struct occ));
		if (have) {	/* move the document's start along */
			memcpy(st->blk[b],
			       st->blk[st->doc >> OCC_BITS] +
				       (st->doc & (OCC_BLOCK - 1)),
			       have * sizeof(struct occ));
			st->doc = b << OCC_BITS;
			st->n = st->doc + have;
		}
	}
	st->blk[st->n >> OCC_BITS][st->n & (OCC_BLOCK - 1)] = o;
	st->n++;
}

static void occ_free(struct occstore *st)
{
	for (uint32_t b = 0; b < st->n_blk; b++)
		own_free(st->mapped, st->blk[b]);
	free(st->blk);
	memset(st, 0, sizeof(*st));
}

static uint64_t prefix_key(const char *s, size_t n)
{
	uint64_t k = 0;
	for (size_t i = 0; i < 8; i++)
		k = k << 8 | (i < n ? (unsigned char)s[i] : 0);
	return k;
}

static const char *term_str(const struct search_index *idx, uint32_t t)
{
	return idx->chars + idx->terms[t].str;
}

/* Bump a generation counter; on wrap clear the marks it guards. */
static uint32_t next_gen(uint32_t *gen, uint32_t *marks, size_t n)
{
	if (++*gen == 0) {
		memset(marks, 0, n * sizeof(*marks));
		*gen = 1;
	}
	return *gen;
}

/* Optimal string alignment distance, or WORD_MAX when beyond limit. */
static int edit_distance(const char *a, size_t la, const char *b, size_t lb,
			 int limit)
{
	if (la >= WORD_MAX || lb >= WORD_MAX)
		return WORD_MAX;
	int d[WORD_MAX + 1][WORD_MAX + 1];
	for (size_t i = 0; i <= la; i++)
		d[i][0] = (int)i;
	for (size_t j = 0; j <= lb; j++)
		d[0][j] = (int)j;
	for (size_t i = 1; i <= la; i++) {
		int best = WORD_MAX;
		for (size_t j = 1; j <= lb; j++) {
			int c = a[i - 1] != b[j - 1];
			int v = d[i - 1][j - 1] + c;
			if (d[i - 1][j] + 1 < v)
				v = d[i - 1][j] + 1;
			if (d[i][j - 1] + 1 < v)
				v = d[i][j - 1] + 1;
			if (i > 1 && j > 1 && a[i - 1] == b[j - 2] &&
			    a[i - 2] == b[j - 1] && d[i - 2][j - 2] + 1 < v)
				v = d[i - 2][j - 2] + 1;
			d[i][j] = v;
			if (v < best)
				best = v;
		}
		if (best > limit)
			return WORD_MAX;
	}
	return d[la][lb] <= limit ? d[la][lb] : WORD_MAX;
}

/* Company legal forms and joining words: weak evidence for a company. */
static int legal_word(const char *w, size_t n)
{
	static const char *const words[] = {
		"gmbh", "co", "kg", "ag", "ohg", "ug", "se", "eg", "ek", "e",
		"k", "v", "ev", "gbr", "kgaa", "mbh", "haftungsbeschrankt",
		"ltd", "inc", "llc", "llp", "plc", "and", "und", "sons",
	};
	if (n > 18)
		return 0;
	for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); i++)
		if (words[i][0] == w[0] && !strncmp(words[i], w, n) &&
		    !words[i][n])
			return 1;
	return 0;
}

/* ---- terms ---- */

static void phash_insert(struct search_index *idx, uint32_t t)
{
	struct term *tm = &idx->terms[t];
	uint32_t m = idx->phash_cap - 1;
	uint32_t b = hash_bytes(tm->col, strlen(tm->col)) & m;
	tm->next_col = idx->col_head[b];
	idx->col_head[b] = t;
	b = hash_bytes(tm->meta, strlen(tm->meta)) & m;
	tm->next_meta = idx->meta_head[b];
	idx->meta_head[b] = t;
}

static void phash_rebuild(struct search_index *idx, uint32_t cap)
{
	own_free(&idx->mapped, idx->col_head);
	own_free(&idx->mapped, idx->meta_head);
	idx->phash_cap = cap;
	idx->col_head = xmalloc(cap * sizeof(uint32_t));
	idx->meta_head = xmalloc(cap * sizeof(uint32_t));
	memset(idx->col_head, 0xff, cap * sizeof(uint32_t));
	memset(idx->meta_head, 0xff, cap * sizeof(uint32_t));
	for (uint32_t t = 0; t < idx->n_terms; t++)
		if (idx->terms[t].alpha)
			phash_insert(idx, t);
}

/*
 * Phonetic codes and their chains are only needed by the fuzzy pass: compute
 * them for the terms added since, on the first fuzzy query after a load.  A
 * chain lists its terms newest first whatever the table size, as when every
 * term was hashed on insert.
 */
static void phon_update(struct search_index *idx)
{
	uint32_t n = idx->n_terms;
	if (idx->n_phon == n)
		return;
	for (uint32_t t = idx->n_phon; t < n; t++) {
		struct term *tm = &idx->terms[t];
		if (!tm->alpha)
			continue;
		text_cologne(term_str(idx, t), tm->col, sizeof(tm->col));
		text_metaphone(term_str(idx, t), tm->meta, sizeof(tm->meta));
	}
	if ((size_t)n * 2 > idx->phash_cap) {
		uint32_t cap = idx->phash_cap ? idx->phash_cap : 1024;
		while ((size_t)n * 2 > cap)
			cap *= 2;
		idx->n_phon = n;
		phash_rebuild(idx, cap);
		return;
	}
	for (uint32_t t = idx->n_phon; t < n; t++)
		if (idx->terms[t].alpha)
			phash_insert(idx, t);
	idx->n_phon = n;
}

static struct thent thent_make(uint32_t t, const char *w, size_t n)
{
	struct thent e = {t, (uint8_t)(n < 255 ? n : 255), {0}};
	memcpy(e.s, w, n < THENT_WORD ? n : THENT_WORD);
	return e;
}

static void thash_rebuild(struct search_index *idx, uint32_t cap)
{
	own_free(&idx->mapped, idx->thash);
	idx->thash_cap = cap;
	idx->thash = xmalloc(cap * sizeof(*idx->thash));
	memset(idx->thash, 0xff, cap * sizeof(*idx->thash));	/* NOPE */
	for (uint32_t t = 0; t < idx->n_terms; t++) {
		const char *w = term_str(idx, t);
		size_t n = idx->terms[t].len;
		uint32_t i = hash_bytes(w, n) & (cap - 1);
		while (idx->thash[i].term != NOPE)
			i = (i + 1) & (cap - 1);
		idx->thash[i] = thent_make(t, w, n);
	}
}

/* The term of word w (n <= 0xffff, h = hash_bytes(w, n)), added if new. */
static uint32_t term_intern(struct search_index *idx, const char *w, size_t n,
			    uint32_t h)
{
	if ((idx->n_terms + 1) * 2 > idx->thash_cap)
		thash_rebuild(idx, idx->thash_cap ? idx->thash_cap * 2 : 1024);
	uint32_t m = idx->thash_cap - 1;
	uint32_t i = h & m;
	/* length and zero-padded head compare as one fixed-size block */
	struct thent key = thent_make(0, w, n);
	for (; idx->thash[i].term != NOPE; i = (i + 1) & m) {
		const struct thent *e = &idx->thash[i];
		if (memcmp(&e->len, &key.len, 1 + THENT_WORD))
			continue;
		if (n <= THENT_WORD || (idx->terms[e->term].len == n &&
					!memcmp(term_str(idx, e->term), w, n)))
			return e->term;
	}
	uint32_t t = idx->n_terms;
	uint32_t old_cap = idx->cap_terms;
	GROW_OWN(&idx->mapped, idx->terms, idx->cap_terms, (size_t)t + 1);
	if (idx->cap_terms != old_cap) {	/* the parallel arrays follow */
		idx->tkey = own_realloc(&idx->mapped, idx->tkey,
					old_cap * sizeof(uint64_t),
					idx->cap_terms * sizeof(uint64_t));
		idx->tmark = xrealloc(idx->tmark, idx->cap_terms * sizeof(uint32_t));
		idx->tqual = xrealloc(idx->tqual, idx->cap_terms);
		idx->tbon = xrealloc(idx->tbon, idx->cap_terms);
	}
	idx->tmark[t] = 0;
	GROW_OWN(&idx->mapped, idx->chars, idx->cap_chars, idx->n_chars + n + 1);
	struct term *tm = &idx->terms[t];
	memset(tm, 0, sizeof(*tm));
	tm->str = (uint32_t)idx->n_chars;
	tm->len = (uint16_t)n;
	memcpy(idx->chars + idx->n_chars, w, n);
	idx->chars[idx->n_chars + n] = '\0';
	idx->n_chars += n + 1;
	idx->tkey[t] = prefix_key(w, n);
	key.term = t;
	idx->thash[i] = key;
	idx->n_terms++;

	int alpha = n >= 2;
	for (size_t k = 0; k < n && alpha; k++)
		alpha = w[k] >= 'a' && w[k] <= 'z';
	if (alpha)
		tm->alpha = 1;
	return t;
}

/* Word order of two terms: the 8-byte keys first, the rest on a tie. */
static int term_cmp(const struct search_index *idx, uint32_t a, uint32_t b)
{
	uint64_t ka = idx->tkey[a], kb = idx->tkey[b];
	if (ka != kb)
		return ka < kb ? -1 : 1;
	return strcmp(term_str(idx, a), term_str(idx, b));
}

static void term_msort(const struct search_index *idx, uint32_t *a,
		       uint32_t *tmp, size_t n)
{
	if (n < 16) {
		for (size_t i = 1; i < n; i++) {
			uint32_t x = a[i];
			size_t j = i;
			while (j > 0 && term_cmp(idx, a[j - 1], x) > 0) {
				a[j] = a[j - 1];
				j--;
			}
			a[j] = x;
		}
		return;
	}
	size_t h = n / 2;
	term_msort(idx, a, tmp, h);
	term_msort(idx, a + h, tmp, n - h);
	if (term_cmp(idx, a[h - 1], a[h]) <= 0)
		return;
	memcpy(tmp, a, h * sizeof(*a));
	size_t i = 0, j = h, k = 0;
	while (i < h && j < n)
		a[k++] = term_cmp(idx, a[j], tmp[i]) < 0 ? a[j++] : tmp[i++];
	while (i < h)
		a[k++] = tmp[i++];
}

/* Merge the unsorted delta of new terms into the sorted array. */
static void terms_merge(struct search_index *idx)
{
	uint32_t n = idx->n_terms, old = idx->n_sorted;
	if (n == old)
		return;
	idx->sorted = own_realloc(&idx->mapped, idx->sorted,
				  (size_t)old * sizeof(uint32_t),
				  (size_t)n * sizeof(uint32_t));
	uint32_t *tmp = xmalloc((size_t)n * sizeof(uint32_t));
	for (uint32_t t = old; t < n; t++)
		idx->sorted[t] = t;
	term_msort(idx, idx->sorted + old, tmp, n - old);
	memcpy(tmp, idx->sorted, (size_t)old * sizeof(uint32_t));
	uint32_t i = 0, j = old, k = 0;
	while (i < old && j < n)
		idx->sorted[k++] = term_cmp(idx, idx->sorted[j], tmp[i]) < 0
					   ? idx->sorted[j++]
					   : tmp[i++];
	while (i < old)
		idx->sorted[k++] = tmp[i++];
	free(tmp);
	idx->n_sorted = n;

	/* terms by length, for the typo scan */
	memset(idx->lenoff, 0, sizeof(idx->lenoff));
	for (uint32_t t = 0; t < n; t++)
		if (idx->terms[t].len <= LEN_MAX)
			idx->lenoff[idx->terms[t].len + 1]++;
	for (int l = 0; l <= LEN_MAX; l++)
		idx->lenoff[l + 1] += idx->lenoff[l];
	own_free(&idx->mapped, idx->bylen);
	idx->bylen = xmalloc((idx->lenoff[LEN_MAX + 1] + 1) * sizeof(*idx->bylen));
	uint32_t cur[LEN_MAX + 1];
	memcpy(cur, idx->lenoff, sizeof(cur));
	for (uint32_t t = 0; t < n; t++) {
		const struct term *tm = &idx->terms[t];
		if (tm->len > LEN_MAX)
			continue;
		const char *w = term_str(idx, t);
		idx->bylen[cur[tm->len]++] = (struct lenent){t, w[0], w[1], 0};
	}
}

/* ---- postings ---- */

static void extras_clear(struct search_index *idx)
{
	for (uint32_t t = 0; t < idx->n_terms; t++) {
		struct term *tm = &idx->terms[t];
		free(tm->extra);
		tm->extra = NULL;
		tm->n_extra = tm->cap_extra = 0;
	}
}

/* One counting pass: postings of all live documents, staff first. */
static void postings_build(struct search_index *idx)
{
	uint32_t nt = idx->n_terms;
	uint32_t *cnt = xcalloc((size_t)nt * 2 + 1, sizeof(uint32_t));
	size_t total = 0;
	for (uint32_t s = 0; s < idx->n_docs; s++) {
		const struct doc *d = &idx->docs[s];
		if (!d->alive)
			continue;
		uint32_t *c = cnt + (size_t)d->kind * nt;
		for (uint32_t k = 0; k < d->occ_n; k++)
			c[occ_of(idx, d)[k].term]++;
		total += d->occ_n;
	}
	own_free(&idx->mapped, idx->post);
	idx->post = xmalloc((total + 1) * sizeof(uint32_t));
	uint32_t off = 0;
	for (uint32_t t = 0; t < nt; t++) {
		struct term *tm = &idx->terms[t];
		tm->off = off;
		tm->n_staff = cnt[t];
		tm->n = cnt[t] + cnt[nt + t];
		cnt[t] = off;			/* cursors */
		cnt[nt + t] = off + tm->n_staff;
		off += tm->n;
	}
	for (uint32_t s = 0; s < idx->n_docs; s++) {
		const struct doc *d = &idx->docs[s];
		if (!d->alive)
			continue;
		uint32_t *c = cnt + (size_t)d->kind * nt;
		for (uint32_t k = 0; k < d->occ_n; k++) {
			const struct occ *o = &occ_of(idx, d)[k];
			idx->post[c[o->term]++] = s << FIELD_BITS | o->field;
		}
	}
	free(cnt);
	extras_clear(idx);
	idx->built_docs = idx->extra_docs = idx->n_docs;
	/* the phone trigrams wait for the first digit query (phone_pass) */
}

/* Make every document findable: few new ones go to extras, many rebuild. */
static void postings_update(struct search_index *idx)
{
	uint32_t pending = idx->n_docs - idx->extra_docs;
	if (!pending)
		return;
	uint32_t extra = idx->n_docs - idx->built_docs;
	if (idx->built_docs == 0 || extra > EXTRA_MAX ||
	    extra > idx->n_live / 8) {
		postings_build(idx);
		return;
	}
	for (uint32_t s = idx->extra_docs; s < idx->n_docs; s++) {
		const struct doc *d = &idx->docs[s];
		if (!d->alive)
			continue;
		for (uint32_t k = 0; k < d->occ_n; k++) {
			const struct occ *o = &occ_of(idx, d)[k];
			struct term *tm = &idx->terms[o->term];
			GROW(tm->extra, tm->cap_extra, (size_t)tm->n_extra + 1);
			tm->extra[tm->n_extra++] = s << FIELD_BITS | o->field;
		}
	}
	idx->extra_docs = idx->n_docs;
}

/* ---- documents ---- */

static uint32_t map_hash(enum search_kind kind, long long id)
{
	uint64_t x = (uint64_t)id * 2 + (uint64_t)kind;
	x ^= x >> 33;
	x *= 0xff51afd7ed558ccdull;
	x ^= x >> 33;
	return (uint32_t)x;
}

static struct mapent *map_find(const struct search_index *idx,
			       enum search_kind kind, long long id)
{
	if (!idx->map_cap)
		return NULL;
	uint32_t m = idx->map_cap - 1, h = map_hash(kind, id);
	for (uint32_t i = h & m;; i = (i + 1) & m) {
		struct mapent *e = &idx->map[i];
		if (e->slot == MAP_EMPTY)
			return NULL;
		if (e->slot != MAP_GONE && e->hash == h) {
			const struct doc *d = &idx->docs[e->slot];
			if (d->id == id && d->kind == kind)
				return e;
		}
	}
}

/* A fresh table for the synced slots, room for live documents. */
static void map_rebuild(struct search_index *idx)
{
	size_t cap = 1024;
	while (cap < (size_t)idx->n_live * 2 + 2)
		cap *= 2;
	own_free(&idx->mapped, idx->map);
	idx->map = xmalloc(cap * sizeof(*idx->map));
	memset(idx->map, 0xff, cap * sizeof(*idx->map));	/* MAP_EMPTY */
	idx->map_cap = (uint32_t)cap;
	idx->map_used = 0;
	for (uint32_t s = 0; s < idx->map_docs; s++) {
		const struct doc *d = &idx->docs[s];
		if (!d->alive)
			continue;
		uint32_t h = map_hash(d->kind, d->id);
		uint32_t i = h & (cap - 1);
		while (idx->map[i].slot != MAP_EMPTY)
			i = (i + 1) & (cap - 1);
		idx->map[i] = (struct mapent){s, h};
		idx->map_used++;
	}
}

static void kill_doc(struct search_index *idx, uint32_t slot)
{
	idx->docs[slot].alive = 0;
	idx->n_live--;
	idx->n_dead++;
}

static void kill_slot(struct search_index *idx, struct mapent *e)
{
	kill_doc(idx, e->slot);
	e->slot = MAP_GONE;
}

/* Enter slot into the map; an older slot of the same (kind, id) dies. */
static void map_enter(struct search_index *idx, uint32_t slot, uint32_t h)
{
	const struct doc *d = &idx->docs[slot];
	uint32_t m = idx->map_cap - 1, gone = MAP_EMPTY;
	uint32_t i = h & m;
	for (;; i = (i + 1) & m) {
		struct mapent *e = &idx->map[i];
		if (e->slot == MAP_EMPTY)
			break;
		if (e->slot == MAP_GONE) {
			if (gone == MAP_EMPTY)
				gone = i;
			continue;
		}
		if (e->hash == h && idx->docs[e->slot].id == d->id &&
		    idx->docs[e->slot].kind == d->kind) {
			kill_doc(idx, e->slot);		/* replaced */
			e->slot = slot;
			return;
		}
	}
	if (gone != MAP_EMPTY)
		i = gone;
	else
		idx->map_used++;
	idx->map[i] = (struct mapent){slot, h};
}

/*
 * put only appends: the map learns the new slots here, in put order, before
 * anything reads it (remove, size, a query).  A put that replaces an earlier
 * document kills the earlier slot now, as if put had done it; a bulk load
 * thus fills a table sized once instead of probing and growing per put.
 */
static void map_sync(struct search_index *idx)
{
	uint32_t from = idx->map_docs, to = idx->n_docs;
	if (from == to)
		return;
	if ((size_t)(idx->map_used + (to - from)) * 2 > idx->map_cap)
		map_rebuild(idx);	/* n_live counts the pending slots */
	enum { AHEAD = 8 };
	uint32_t hs[AHEAD];
	uint32_t m = idx->map_cap - 1;
	for (uint32_t s = from; s < to && s < from + AHEAD; s++) {
		hs[s % AHEAD] = map_hash(idx->docs[s].kind, idx->docs[s].id);
		__builtin_prefetch(&idx->map[hs[s % AHEAD] & m]);
	}
	for (uint32_t s = from; s < to; s++) {
		uint32_t h = hs[s % AHEAD];
		if (s + AHEAD < to) {
			const struct doc *a = &idx->docs[s + AHEAD];
			hs[s % AHEAD] = map_hash(a->kind, a->id);
			__builtin_prefetch(&idx->map[hs[s % AHEAD] & m]);
		}
		if (idx->docs[s].alive)
			map_enter(idx, s, h);
	}
	idx->map_docs = to;
}

/*
 * Note a word of the document being put; occ_flush looks the words up.  The
 * hash slots are fetched meanwhile: a load spends much of its time waiting
 * for them, and a document's dozen words can wait together.
 */
static void occ_add(struct search_index *idx, const char *w, size_t n,
		    unsigned field, unsigned pos)
{
	if (n > 0xffff)
		n = 0xffff;
	uint32_t h = hash_bytes(w, n);
	if (idx->thash_cap)
		__builtin_prefetch(&idx->thash[h & (idx->thash_cap - 1)]);
	GROW(idx->pw, idx->cap_pw, idx->n_pw + 1);
	idx->pw[idx->n_pw++] = (struct pword){
		w, (uint32_t)n, h, (uint8_t)field,
		(uint8_t)(pos > 254 ? 254 : pos)};
}

/* The noted words become occurrences, in the order noted. */
static void occ_flush(struct search_index *idx)
{
	for (size_t i = 0; i < idx->n_pw; i++) {
		const struct pword *p = &idx->pw[i];
		uint32_t t = term_intern(idx, p->w, p->n, p->h);
		occ_push(&idx->occ, (struct occ){t, p->field, p->pos, 0});
	}
	idx->n_pw = 0;
}

/* Fold into b: ASCII without allocation, anything else through text.h. */
static const char *fold_into(struct sbuf *b, const char *s, int german)
{
	size_t n = strlen(s);
	const unsigned char *p = (const unsigned char *)s;
	for (size_t i = 0; i < n; i++)
		if (p[i] >= 0x80) {
			char *f = german ? text_fold_german(s) : text_fold(s);
			b->len = 0;
			sbuf_adds(b, f);
			free(f);
			return sbuf_str(b);
		}
	GROW(b->s, b->cap, n + 1);
	char *o = b->s;
	size_t len = 0;
	int sep = 0;
	for (size_t i = 0; i < n; i++) {
		unsigned c = p[i];
		if (c - 'A' < 26u)
			c += 'a' - 'A';
		if (c - 'a' < 26u || c - '0' < 10u) {
			if (sep && len)
				o[len++] = ' ';
			sep = 0;
			o[len++] = (char)c;
		} else {
			sep = 1;
		}
	}
	o[len] = '\0';
	b->len = len;
	return o;
}

static int ascii_letter(unsigned char c)
{
	return (unsigned)((c | 0x20) - 'a') < 26u;
}

static int word_byte(unsigned char c)
{
	return c >= 0x80 || ascii_letter(c) || (unsigned)(c - '0') < 10u;
}

/* A letter standing alone: "e" in "e.V." but not in "Hans-e.". */
static int lone_letter(const char *s, size_t i)
{
	return ascii_letter((unsigned char)s[i]) &&
	       (i == 0 || !word_byte((unsigned char)s[i - 1])) &&
	       !word_byte((unsigned char)s[i + 1]);
}

/* Abbreviations written with dots become one word: "e.V." -> "eV.",
 * "G.m.b.H." -> "GmbH.", so that "e.V" finds e.V. and not every e- and v-
 * word.  Returns s itself when there is nothing to join.  The joined words,
 * lowercase, go to words (if not NULL), each followed by a space. */
static const char *join_abbrev(struct sbuf *b, const char *s,
			       struct sbuf *words)
{
	if (!strchr(s, '.'))
		return s;
	b->len = 0;
	int joined = 0, skipped = 0;
	size_t start = 0;	/* in b: where the word being joined began */
	for (size_t i = 0; s[i]; i++) {
		if (s[i] == '.' && i > 0 && lone_letter(s, i - 1) &&
		    s[i + 1] && lone_letter(s, i + 1)) {
			if (!skipped)
				start = b->len - 1;
			joined = skipped = 1;
			continue;
		}
		sbuf_addc(b, s[i]);
		if (!skipped || s[i - 1] != '.')
			continue;
		/* the letter after a joined dot: does the run go on? */
		if (s[i + 1] == '.' && s[i + 2] && lone_letter(s, i + 2))
			continue;
		skipped = 0;
		for (size_t k = start; words && k < b->len; k++)
			sbuf_addc(words, (char)(b->s[k] | 0x20));
		if (words)
			sbuf_addc(words, ' ');
	}
	return joined ? sbuf_str(b) : s;
}

/* w is one of join_abbrev's words (list: "ev gmbh "). */
static int is_abbrev(const char *list, const char *w, size_t n)
{
	for (const char *p = list; *p;) {
		const char *e = strchr(p, ' ');
		if ((size_t)(e - p) == n && !memcmp(p, w, n))
			return 1;
		p = e + 1;
	}
	return 0;
}

static int has_nonascii(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s >= 0x80)
			return 1;
	return 0;
}

/* Next word of a folded string: returns its length, advances *p. */
static size_t next_word(const char **p, const char **w)
{
	const char *s = *p;
	while (*s == ' ')
		s++;
	*w = s;
	while (*s && *s != ' ')
		s++;
	*p = s;
	return (size_t)(s - *w);
}

static unsigned index_field(struct search_index *idx, unsigned field,
			    const char *s)
{
	unsigned words = 0;
	if (!s || !*s)
		return 0;
	if (field <= F_DEPT)
		s = join_abbrev(&idx->abbr, s, NULL);
	const char *f1 = fold_into(&idx->fold_buf[field][0], s, 0);
	const char *f2 = has_nonascii(s) ? fold_into(&idx->fold_buf[field][1], s, 1)
					 : NULL;
	const char *p1 = f1, *p2 = f2, *w1, *w2 = NULL;
	size_t n1, n2 = 0;
	for (unsigned pos = 0;; pos++) {
		n1 = next_word(&p1, &w1);
		if (p2)
			n2 = next_word(&p2, &w2);
		if (!n1 && !n2)
			break;
		unsigned f = field;
		if (field == F_COMPANY && n1 && legal_word(w1, n1))
			f = F_LEGAL;
		else if (!(field == F_NAME && pos == 0 && ((n1 == 2 && !memcmp(w1, "dr", 2)) ||
							  (n1 == 4 && !memcmp(w1, "prof", 4)))))
			words++;
		if (n1)
			occ_add(idx, w1, n1, f, pos);
		if (n2 && (n2 != n1 || memcmp(w1, w2, n1)))
			occ_add(idx, w2, n2, f, pos);
	}
	return words;
}

/* Initials of the name ("hm" for Hans Maier), with and without a title. */
static void index_initials(struct search_index *idx, const char *name)
{
	if (!name || !*name)
		return;
	const char *f = fold_into(&idx->fold_buf[F_EMAIL + 1][0], name, 0);
	char *ini = idx->ini;	/* outlives this call: see occ_add */
	size_t n = 0, skip = 0;
	const char *p = f, *w;
	size_t len;
	while ((len = next_word(&p, &w)) > 0) {
		if (n == 0 && ((len == 2 && !memcmp(w, "dr", 2)) ||
			       (len == 4 && !memcmp(w, "prof", 4))))
			skip++;
		if (n == sizeof(idx->ini))
			return;
		ini[n++] = w[0];
	}
	if (n >= 2 && n <= 4)
		occ_add(idx, ini, n, F_INITIALS, 0);
	if (skip && n - skip >= 2 && n - skip <= 4)
		occ_add(idx, ini + skip, n - skip, F_INITIALS, 0);
}

static void ph_add(struct phbuf *b, const char *s)
{
	size_t n = strlen(s);
	if (!n)
		return;
	GROW_OWN(b->mapped, b->s, b->cap, b->n + n + 1);
	memcpy(b->s + b->n, s, n);
	b->s[b->n + n] = ',';
	b->n += n + 1;
}

static void ph_region(struct phbuf *b, uint32_t off, uint32_t slot)
{
	GROW_OWN(b->mapped, b->reg, b->cap_reg, b->n_reg + 1);
	b->reg[b->n_reg++] = (struct phreg){off, slot};
}

static void ph_init(struct phbuf *b)
{
	b->n = 0;
	b->n_reg = 0;
	GROW(b->s, b->cap, 64);
	b->s[b->n++] = ',';	/* every key has a ',' before and after it */
}

static int trigram(const char *s)
{
	if ((unsigned)(s[0] - '0') > 9 || (unsigned)(s[1] - '0') > 9 ||
	    (unsigned)(s[2] - '0') > 9)
		return -1;
	return (s[0] - '0') * 100 + (s[1] - '0') * 10 + (s[2] - '0');
}

/* Index the regions of b by the digit trigrams they hold (built on the
 * first digit query that finds many regions unindexed). */
static void tri_build(struct phbuf *b, const struct doc *docs)
{
	uint32_t *off = xcalloc(1001, sizeof(uint32_t));
	uint32_t last[1000];
	memset(last, 0xff, sizeof(last));
	/* one scan: each region's distinct trigrams, 1000 ends a region */
	size_t n = 0, cap = b->n + b->n_reg + 1;	/* bound: a digit each */
	uint16_t *seq = xmalloc(cap * sizeof(uint16_t));
	for (size_t r = 0; r < b->n_reg; r++) {
		const unsigned char *p = (const unsigned char *)b->s + b->reg[r].off;
		uint32_t len = docs[b->reg[r].slot].ph_len;
		unsigned run = 0;
		for (uint32_t i = 0; i < len; i++) {
			if ((unsigned)(p[i] - '0') > 9) {
				run = 0;
				continue;
			}
			if (++run < 3)
				continue;
			unsigned k = (p[i - 2] - '0') * 100u +
				     (p[i - 1] - '0') * 10u + (p[i] - '0');
			unsigned fresh = last[k] != r;	/* no branch to mispredict */
			last[k] = (uint32_t)r;
			off[k + 1] += fresh;
			seq[n] = (uint16_t)k;
			n += fresh;
		}
		seq[n++] = 1000;
	}
	for (int k = 0; k < 1000; k++)
		off[k + 1] += off[k];
	own_free(b->mapped, b->tri_list);
	b->tri_list = xmalloc((off[1000] + 1) * sizeof(uint32_t));
	uint32_t r = 0;
	for (size_t i = 0; i < n; i++) {
		if (seq[i] == 1000)
			r++;
		else
			b->tri_list[off[seq[i]]++] = r;
	}
	free(seq);
	/* the fill moved each start to the next one's: shift back */
	memmove(off + 1, off, 1000 * sizeof(uint32_t));
	off[0] = 0;
	own_free(b->mapped, b->tri_off);
	b->tri_off = off;
	b->tri_reg = b->n_reg;
}

static void tri_clear(struct phbuf *b)
{
	own_free(b->mapped, b->tri_off);
	own_free(b->mapped, b->tri_list);
	b->tri_off = b->tri_list = NULL;
	b->tri_reg = 0;
}

static void grow_docs(struct search_index *idx, size_t need)
{
	if (need <= idx->cap_docs)
		return;
	size_t cap = idx->cap_docs ? idx->cap_docs : 256;
	while (cap < need)
		cap *= 2;
	idx->docs = own_realloc(&idx->mapped, idx->docs,
				(size_t)idx->cap_docs * sizeof(*idx->docs),
				cap * sizeof(*idx->docs));
	idx->cap_docs = (uint32_t)cap;
}

/* The per-document query scratch follows the documents on a query. */
static void grow_scratch(struct search_index *idx)
{
	size_t old = idx->cap_scratch, cap = idx->cap_docs;
	if (cap <= old)
		return;
	idx->seen = xrealloc(idx->seen, cap * sizeof(uint32_t));
	idx->cmark = xrealloc(idx->cmark, cap * sizeof(uint32_t));
	idx->sq = xrealloc(idx->sq, cap);
	idx->ss = xrealloc(idx->ss, cap * sizeof(int));
	memset(idx->seen + old, 0, (cap - old) * sizeof(uint32_t));
	memset(idx->cmark + old, 0, (cap - old) * sizeof(uint32_t));
	idx->cap_scratch = (uint32_t)cap;
}

/* Renumber live documents and drop dead ones; postings follow on the next
 * query. */
static void compact(struct search_index *idx)
{
	map_sync(idx);
	struct occstore occ = {0};
	struct phbuf ph[2] = {{0}, {0}};
	uint32_t n = 0;
	ph_init(&ph[0]);
	ph_init(&ph[1]);
	for (uint32_t s = 0; s < idx->n_docs; s++) {
		struct doc d = idx->docs[s];
		if (!d.alive)
			continue;
		occ_begin(&occ);
		for (uint32_t k = 0; k < d.occ_n; k++)
			occ_push(&occ, occ_of(idx, &d)[k]);
		d.occ_off = occ.doc;
		struct phbuf *b = &ph[d.kind];
		uint32_t off = (uint32_t)b->n;
		if (d.ph_len) {
			GROW(b->s, b->cap, b->n + d.ph_len);
			memcpy(b->s + b->n, idx->ph[d.kind].s + d.ph_off,
			       d.ph_len);
			b->n += d.ph_len;
			ph_region(b, off, n);
		}
		d.ph_off = off;
		idx->docs[n++] = d;
	}
	occ_free(&idx->occ);
	idx->occ = occ;
	idx->occ.mapped = &idx->mapped;
	for (int k = 0; k < 2; k++) {
		tri_clear(&idx->ph[k]);
		own_free(&idx->mapped, idx->ph[k].s);
		own_free(&idx->mapped, idx->ph[k].reg);
		idx->ph[k] = ph[k];
		idx->ph[k].mapped = &idx->mapped;
	}
	idx->n_docs = n;
	idx->n_dead = 0;
	if (idx->cap_scratch) {
		memset(idx->seen, 0, idx->cap_scratch * sizeof(uint32_t));
		memset(idx->cmark, 0, idx->cap_scratch * sizeof(uint32_t));
	}
	idx->seen_gen = idx->cmark_gen = 0;
	extras_clear(idx);
	idx->built_docs = idx->extra_docs = 0;	/* rebuild on next query */
	idx->map_docs = n;
	map_rebuild(idx);
}

static void maybe_compact(struct search_index *idx)
{
	if (idx->n_dead > 1024 && idx->n_dead > idx->n_live / 4)
		compact(idx);
}

struct search_index *search_index_new(void)
{
	struct search_index *idx = xcalloc(1, sizeof(*idx));
	ph_init(&idx->ph[0]);
	ph_init(&idx->ph[1]);
	idx->occ.mapped = idx->ph[0].mapped = idx->ph[1].mapped = &idx->mapped;
	for (int f = 0; f < F_EMAIL + 2; f++)
		for (int k = 0; k < 2; k++)
			idx->fold_buf[f][k] = (struct sbuf)SBUF_INIT;
	return idx;
}

void search_index_free(struct search_index **pidx)
{
	if (!pidx || !*pidx)
		return;
	struct search_index *idx = *pidx;
	extras_clear(idx);
	const struct region *r = &idx->mapped;
	own_free(r, idx->terms);
	own_free(r, idx->tkey);
	own_free(r, idx->chars);
	own_free(r, idx->thash);
	own_free(r, idx->col_head);
	own_free(r, idx->meta_head);
	own_free(r, idx->sorted);
	own_free(r, idx->bylen);
	own_free(r, idx->docs);
	occ_free(&idx->occ);
	for (int k = 0; k < 2; k++) {
		tri_clear(&idx->ph[k]);
		own_free(r, idx->ph[k].s);
		own_free(r, idx->ph[k].reg);
	}
	own_free(r, idx->map);
	own_free(r, idx->post);
	free(idx->seen);
	free(idx->cmark);
	free(idx->sq);
	free(idx->ss);
	free(idx->tmark);
	free(idx->tqual);
	free(idx->tbon);
	free(idx->cands);
	free(idx->heap);
	for (int f = 0; f < F_EMAIL + 2; f++)
		for (int k = 0; k < 2; k++)
			sbuf_reset(&idx->fold_buf[f][k]);
	free(idx->pw);
	sbuf_reset(&idx->abbr);
	if (idx->mapped.base)
		munmap((void *)idx->mapped.base, idx->mapped.len);
	free(idx);
	*pidx = NULL;
}

void search_index_put(struct search_index *idx, const struct search_doc *doc)
{
	if (!idx || !doc)
		return;
	if (idx->n_docs - idx->map_docs >= MAP_PENDING_MAX)
		map_sync(idx);	/* bound the garbage of repeated puts */
	maybe_compact(idx);
	if (idx->n_docs >= (NOPE >> FIELD_BITS))
		abort();	/* half a billion documents: not this program */

	uint32_t slot = idx->n_docs;
	grow_docs(idx, (size_t)slot + 1);
	struct doc *d = &idx->docs[slot];
	memset(d, 0, sizeof(*d));
	d->id = doc->id;
	d->kind = doc->kind == SEARCH_STAFF ? SEARCH_STAFF : SEARCH_CONTACT;
	d->present = doc->present != 0;
	d->recent = doc->recent_calls > 0 ? doc->recent_calls : 0;
	occ_begin(&idx->occ);

	unsigned wn = index_field(idx, F_NAME, doc->name);
	unsigned wc = index_field(idx, F_COMPANY, doc->company);
	d->words[0] = (uint8_t)(wn > 255 ? 255 : wn);
	d->words[1] = (uint8_t)(wc > 255 ? 255 : wc);
	index_field(idx, F_DEPT, doc->department);
	index_field(idx, F_EXT, doc->ext);
	index_field(idx, F_EMAIL, doc->email);
	index_initials(idx, doc->name);
	occ_flush(idx);
	d->occ_off = idx->occ.doc;	/* occ_push may have moved it */
	d->occ_n = (uint16_t)(idx->occ.n - idx->occ.doc);

	struct phbuf *b = &idx->ph[d->kind];
	d->ph_off = (uint32_t)b->n;
	for (size_t i = 0; doc->numbers && i < doc->n_numbers; i++) {
		const char *num = doc->numbers[i];
		char intl[PHONE_MAX], nat[PHONE_MAX + 1];
		if (!num || !*num)
			continue;
		phone_intl_digits(num, intl, sizeof(intl));
		phone_national_digits(num, nat, sizeof(nat));
		ph_add(b, intl);
		if (strcmp(intl, nat))
			ph_add(b, nat);
	}
	d->ph_len = (uint32_t)(b->n - d->ph_off);
	if (d->ph_len)
		ph_region(b, d->ph_off, slot);
	d->alive = 1;
	idx->n_docs++;
	idx->n_live++;	/* less one if map_sync finds it replaces a slot */
}

void search_index_remove(struct search_index *idx, enum search_kind kind,
			 long long id)
{
	if (!idx)
		return;
	map_sync(idx);
	struct mapent *e = map_find(idx, kind, id);
	if (!e)
		return;
	kill_slot(idx, e);
	maybe_compact(idx);
}

size_t search_index_size(const struct search_index *idx)
{
	if (!idx)
		return 0;
	map_sync((struct search_index *)idx);	/* counts replacements */
	return idx->n_live;
}

void search_index_prepare(struct search_index *idx)
{
	if (!idx)
		return;
	map_sync(idx);
	if (idx->n_terms > idx->n_sorted)
		terms_merge(idx);
	postings_update(idx);
}

/* ---- ranking ---- */

static enum search_quality public_quality(unsigned q)
{
	static const enum search_quality pub[Q_LEVELS] = {
		SEARCH_EXACT, SEARCH_PREFIX, SEARCH_PHONETIC, SEARCH_PHONETIC,
		SEARCH_TYPO};
	return pub[q];
}

/* 1 if a ranks after b. */
static int rank_worse(const struct search_index *idx,
		      const struct rank_ent *a, const struct rank_ent *b)
{
	if (a->tier != b->tier)
		return a->tier > b->tier;
	const struct doc *da = &idx->docs[a->slot], *db = &idx->docs[b->slot];
	if (da->kind != db->kind)
		return da->kind > db->kind;
	if (a->score != b->score)
		return a->score < b->score;
	if (da->present != db->present)
		return da->present < db->present;
	return da->id > db->id;
}

static void heap_sift_down(struct search_index *idx, size_t i)
{
	struct rank_ent *h = idx->heap;
	for (;;) {
		size_t l = 2 * i + 1, r = l + 1, w = i;
		if (l < idx->n_heap && rank_worse(idx, &h[l], &h[w]))
			w = l;
		if (r < idx->n_heap && rank_worse(idx, &h[r], &h[w]))
			w = r;
		if (w == i)
			return;
		struct rank_ent t = h[i];
		h[i] = h[w];
		h[w] = t;
		i = w;
	}
}

/* Offer a document to the top-max heap (worst at the root). */
static void collect(struct search_index *idx, uint32_t slot, unsigned quality,
		    int score)
{
	const struct doc *d = &idx->docs[slot];
	struct rank_ent e = {slot, (uint8_t)quality,
			     (uint8_t)(quality == Q_VARIANT ? Q_PREFIX : quality),
			     score + (d->recent < 10 ? d->recent : 10)};
	idx->seen[slot] = idx->seen_gen;
	if (idx->n_heap < idx->heap_max) {
		size_t i = idx->n_heap++;
		idx->heap[i] = e;
		while (i > 0) {
			size_t p = (i - 1) / 2;
			if (!rank_worse(idx, &idx->heap[i], &idx->heap[p]))
				break;
			struct rank_ent t = idx->heap[i];
			idx->heap[i] = idx->heap[p];
			idx->heap[p] = t;
			i = p;
		}
	} else if (rank_worse(idx, &idx->heap[0], &e)) {
		idx->heap[0] = e;
		heap_sift_down(idx, 0);
	}
}

/* ---- matching one query word ---- */

static void tok_add(struct qtok *q, uint32_t t, unsigned quality, int bonus)
{
	size_t old_cap = q->cap_terms;
	GROW(q->terms, q->cap_terms, q->n_terms + 1);
	if (q->cap_terms != old_cap) {
		q->tq = xrealloc(q->tq, q->cap_terms);
		q->tbonus = xrealloc(q->tbonus, q->cap_terms);
	}
	q->terms[q->n_terms] = t;
	q->tq[q->n_terms] = (uint8_t)quality;
	q->tbonus[q->n_terms++] = (int8_t)bonus;
}

static int term_has_prefix(const struct search_index *idx, uint32_t t,
			   const char *w, size_t n)
{
	return idx->terms[t].len >= n && !memcmp(term_str(idx, t), w, n);
}

/* A one-letter word is never an exact match: "k" in "e.K." is noise. */
static unsigned prefix_quality(size_t term_len, size_t n)
{
	return term_len == n && n > 1 ? Q_EXACT : Q_PREFIX;
}

static void match_prefix(const struct search_index *idx, struct qtok *q,
			 const char *w, size_t n, int bonus)
{
	uint32_t lo = 0, hi = idx->n_sorted;
	while (lo < hi) {
		uint32_t mid = lo + (hi - lo) / 2;
		const struct term *tm = &idx->terms[idx->sorted[mid]];
		size_t m = tm->len < n ? tm->len : n;
		int c = memcmp(idx->chars + tm->str, w, m);
		if (c < 0 || (c == 0 && tm->len < n))
			lo = mid + 1;
		else
			hi = mid;
	}
	for (; lo < idx->n_sorted; lo++) {
		uint32_t t = idx->sorted[lo];
		if (!term_has_prefix(idx, t, w, n))
			break;
		if (!q->whole || idx->terms[t].len == n)
			tok_add(q, t, prefix_quality(idx->terms[t].len, n), bonus);
	}
	for (uint32_t t = idx->n_sorted; t < idx->n_terms; t++)
		if (term_has_prefix(idx, t, w, n) &&
		    (!q->whole || idx->terms[t].len == n))
			tok_add(q, t, prefix_quality(idx->terms[t].len, n), bonus);
}

/* Letters that start the same sound: Catharina/Katharina, Philipp/Filip. */
static char first_sound(const char *w)
{
	switch (w[0]) {
	case 'c': case 'k': case 'q': return 'k';
	case 'f': case 'v': case 'w': return 'f';
	case 'i': case 'j': case 'y': return 'i';
	case 's': case 'z': return 's';
	case 'p': return w[1] == 'h' ? 'f' : 'p';
	default: return w[0];
	}
}

/*
 * A shared phonetic code alone makes false friends ("heinz" ~ "johannes",
 * "meyer" ~ "maria"): also ask for the same first sound and a spelling at
 * most a third apart.  Returns the closeness bonus, or -1.
 */
static int sound_alike(const struct search_index *idx, const struct term *tm,
		       const char *w, size_t n)
{
	const char *s = idx->chars + tm->str;
	if (tm->len < PHON_MIN || first_sound(s) != first_sound(w))
		return -1;
	size_t longer = tm->len > n ? tm->len : n;
	int limit = longer / 3 > 2 ? (int)(longer / 3) : 2;
	int d = edit_distance(s, tm->len, w, n, limit);
	if (d > limit)
		return -1;
	return d < 3 ? 3 - d : 0;
}

/* Sound-alikes of w by either code.  A close one (see VARIANT_MIN) is a
 * variant when the query asks for them; only_variants skips the others. */
static void match_sound(const struct search_index *idx, struct qtok *q,
			const char *w, size_t n, int only_variants)
{
	int alpha = n >= PHON_MIN;
	for (size_t i = 0; i < n && alpha; i++)
		alpha = w[i] >= 'a' && w[i] <= 'z';
	if (!alpha || !idx->phash_cap ||
	    (only_variants && (!q->variants || n < VARIANT_MIN)))
		return;
	char col[COLOGNE_MAX], meta[META_MAX];
	text_cologne(w, col, sizeof(col));
	text_metaphone(w, meta, sizeof(meta));
	uint32_t m = idx->phash_cap - 1;
	for (int code = 0; code < 2; code++) {
		const char *key = code ? meta : col;
		uint32_t t = (code ? idx->meta_head
				   : idx->col_head)[hash_bytes(key, strlen(key)) & m];
		for (; t != NOPE; t = code ? idx->terms[t].next_meta
					   : idx->terms[t].next_col) {
			const struct term *tm = &idx->terms[t];
			int bonus;
			if (code ? strcmp(tm->meta, meta) || !strcmp(tm->col, col)
				 : strcmp(tm->col, col))
				continue;
			if ((bonus = sound_alike(idx, tm, w, n)) < 0)
				continue;
			int variant = q->variants && n >= VARIANT_MIN &&
				      tm->len + 1 >= VARIANT_MIN &&
				      bonus >= 3 - VARIANT_EDITS;
			if (variant || !only_variants)
				tok_add(q, t, variant ? Q_VARIANT : Q_PHONETIC,
					bonus);
		}
	}
}

static void match_fuzzy(const struct search_index *idx, struct qtok *q,
			const char *w, size_t n)
{
	match_sound(idx, q, w, n, 0);
	if (n >= TYPO_MIN && n < LEN_MAX) {
		/* sorted terms of length n - 1 .. n + 1, then the delta */
		for (uint32_t i = idx->lenoff[n - 1]; i < idx->lenoff[n + 2]; i++) {
			const struct lenent *e = &idx->bylen[i];
			/* an edit at the front keeps one of these pairs */
			if (e->c0 != w[0] && e->c1 != w[1] && e->c1 != w[0] &&
			    e->c0 != w[1])
				continue;
			if (text_within_one_edit(term_str(idx, e->term), w))
				tok_add(q, e->term, Q_TYPO, 0);
		}
		for (uint32_t t = idx->n_sorted; t < idx->n_terms; t++) {
			const struct term *tm = &idx->terms[t];
			if ((size_t)tm->len + 1 >= n && tm->len <= n + 1 &&
			    text_within_one_edit(term_str(idx, t), w))
				tok_add(q, t, Q_TYPO, 0);
		}
	}
}

static void tok_match(const struct search_index *idx, struct qtok *q, int fuzzy)
{
	q->n_terms = 0;
	q->cost = 0;
	for (int f = 0; f < q->nform; f++) {
		/* the user typed an umlaut: words spelt with it first */
		match_prefix(idx, q, q->form[f], q->len[f], f ? UMLAUT_BONUS : 0);
		if (q->whole)
			continue;
		if (fuzzy)
			match_fuzzy(idx, q, q->form[f], q->len[f]);
		else
			match_sound(idx, q, q->form[f], q->len[f], 1);
	}
	for (size_t i = 0; i < q->n_terms; i++) {
		const struct term *tm = &idx->terms[q->terms[i]];
		q->cost += tm->n + tm->n_extra;
	}
}

/* Quality of one occurrence for the word marked in tmark, QNONE if none. */
static unsigned occ_quality(const struct search_index *idx,
			    const struct occ *o)
{
	if (idx->tmark[o->term] != idx->tmark_gen)
		return QNONE;
	unsigned q = idx->tqual[o->term];
	if (o->field == F_INITIALS)	/* whole initials only, ranked as prefix */
		return q == Q_EXACT ? Q_PREFIX : QNONE;
	return q;
}

static int occ_score(const struct search_index *idx, unsigned q,
		     unsigned field, uint32_t term, size_t qlen, int bonus)
{
	int s = base_score[q] + field_weight[field] + bonus;
	if (q == Q_PREFIX && field != F_INITIALS) {
		size_t extra = idx->terms[term].len - qlen;
		s -= extra > 9 ? 3 : (int)extra / 3;
	}
	return s;
}

static void mark_terms(struct search_index *idx, const struct qtok *q)
{
	next_gen(&idx->tmark_gen, idx->tmark, idx->n_terms);
	for (size_t i = 0; i < q->n_terms; i++) {
		uint32_t t = q->terms[i];
		if (idx->tmark[t] != idx->tmark_gen || idx->tqual[t] > q->tq[i] ||
		    (idx->tqual[t] == q->tq[i] && idx->tbon[t] < q->tbonus[i])) {
			idx->tqual[t] = q->tq[i];
			idx->tbon[t] = q->tbonus[i];
		}
		idx->tmark[t] = idx->tmark_gen;
	}
}

/* Order the generator's terms: exact, then prefixes short to long, then
 * the fuzzy ones (a stable bucket sort: the range is already in word order). */
static void sort_gen_terms(const struct search_index *idx, struct qtok *q)
{
	enum { LENS = 40 };
	size_t cnt[Q_LEVELS * LENS + 1] = {0};
	size_t n = q->n_terms;
	if (n < 2)
		return;
	uint32_t *t2 = xmalloc(n * sizeof(uint32_t));
	uint8_t *q2 = xmalloc(n);
	int8_t *b2 = xmalloc(n);
	for (size_t i = 0; i < n; i++) {
		size_t len = idx->terms[q->terms[i]].len;
		cnt[q->tq[i] * LENS + (len < LENS ? len : LENS - 1) + 1]++;
	}
	for (size_t k = 1; k <= Q_LEVELS * LENS; k++)
		cnt[k] += cnt[k - 1];
	for (size_t i = 0; i < n; i++) {
		size_t len = idx->terms[q->terms[i]].len;
		size_t k = cnt[q->tq[i] * LENS + (len < LENS ? len : LENS - 1)]++;
		t2[k] = q->terms[i];
		q2[k] = q->tq[i];
		b2[k] = q->tbonus[i];
	}
	memcpy(q->terms, t2, n * sizeof(uint32_t));
	memcpy(q->tq, q2, n);
	memcpy(q->tbonus, b2, n);
	free(t2);
	free(q2);
	free(b2);
}

/* A digit word also matches inside a phone number of the document. */
static int digits_in_phone(const struct search_index *idx,
			   const struct doc *d, const char *w, size_t n)
{
	return d->ph_len &&
	       memmem(idx->ph[d->kind].s + d->ph_off, d->ph_len, w, n) != NULL;
}

/* Every word of the name (or of the company, legal form aside) matched. */
static int whole_bonus(const struct doc *d, const uint8_t in[2])
{
	int bonus = 0;
	for (int k = 0; k < 2; k++)
		if (d->words[k] && in[k] >= d->words[k])
			bonus += WHOLE_BONUS;
	return bonus;
}

/* Note one posting of a generator term as a candidate. */
static size_t gen_posting(struct search_index *idx, uint32_t p, unsigned tq,
			  int single, const struct qtok *gq, uint32_t term,
			  int bonus, size_t nc)
{
	uint32_t slot = p >> FIELD_BITS;
	unsigned field = p & FIELD_MASK;
	if (!idx->docs[slot].alive || idx->seen[slot] == idx->seen_gen)
		return nc;
	unsigned q = tq;
	if (field == F_INITIALS) {
		if (q != Q_EXACT)
			return nc;
		q = Q_PREFIX;
	}
	int sc = 0;
	if (single) {
		const struct doc *d = &idx->docs[slot];
		uint8_t in[2] = {field == F_NAME, field == F_COMPANY};
		sc = occ_score(idx, q, field, term, gq->len[0], bonus) +
		     whole_bonus(d, in);
	}
	if (idx->cmark[slot] != idx->cmark_gen) {
		idx->cmark[slot] = idx->cmark_gen;
		GROW(idx->cands, idx->cap_cands, nc + 1);
		idx->cands[nc++].slot = slot;
		idx->sq[slot] = (uint8_t)q;
		idx->ss[slot] = sc;
	} else if (q < idx->sq[slot] ||
		   (q == idx->sq[slot] && sc > idx->ss[slot])) {
		idx->sq[slot] = (uint8_t)q;
		idx->ss[slot] = sc;
	}
	return nc;
}

/*
 * Candidates from the generator word: every staff member first, then
 * contacts, best terms first, capped so that one letter stays cheap.
 */
static size_t generate(struct search_index *idx, struct qtok *gq, int single)
{
	size_t nc = 0;
	sort_gen_terms(idx, gq);
	next_gen(&idx->cmark_gen, idx->cmark, idx->cap_scratch);
	for (unsigned kind = SEARCH_STAFF; kind <= SEARCH_CONTACT; kind++) {
		size_t start = nc;
		for (size_t i = 0; i < gq->n_terms; i++) {
			if (kind == SEARCH_CONTACT && nc - start >= CAND_CAP)
				break;
			uint32_t t = gq->terms[i];
			const struct term *tm = &idx->terms[t];
			uint32_t a = kind == SEARCH_STAFF ? tm->off
							  : tm->off + tm->n_staff;
			uint32_t b = kind == SEARCH_STAFF ? tm->off + tm->n_staff
							  : tm->off + tm->n;
			for (uint32_t k = a; k < b; k++)
				nc = gen_posting(idx, idx->post[k], gq->tq[i],
						 single, gq, t, gq->tbonus[i], nc);
			for (uint32_t k = 0; k < tm->n_extra; k++) {
				uint32_t p = tm->extra[k];
				if (idx->docs[p >> FIELD_BITS].kind == kind)
					nc = gen_posting(idx, p, gq->tq[i], single,
							 gq, t, gq->tbonus[i], nc);
			}
		}
	}
	return nc;
}

/* Check word q against every candidate; drop those it does not match. */
static size_t check_word(struct search_index *idx, const struct qtok *q,
			 size_t nc)
{
	mark_terms(idx, q);
	size_t keep = 0;
	for (size_t c = 0; c < nc; c++) {
		struct cand cd = idx->cands[c];
		const struct doc *d = &idx->docs[cd.slot];
		unsigned bq = QNONE;
		int bs = 0;
		uint16_t bfp = 0;
		for (uint32_t k = 0; k < d->occ_n; k++) {
			const struct occ *o = &occ_of(idx, d)[k];
			unsigned oq = occ_quality(idx, o);
			if (oq == QNONE || oq > bq)
				continue;
			int os = occ_score(idx, oq, o->field, o->term, q->len[0],
					   idx->tbon[o->term]);
			if (oq < bq || os > bs) {
				bq = oq;
				bs = os;
				bfp = (uint16_t)(o->field << 8 | (o->pos + 1u));
			}
		}
		if (bq == QNONE && q->digits && q->len[0] >= 3 &&
		    digits_in_phone(idx, d, q->form[0], q->len[0])) {
			bq = Q_PREFIX;
			bs = base_score[bq] + field_weight[F_PHONE];
			bfp = 0;
		}
		if (bq == QNONE)
			continue;
		if (bq > cd.worst)
			cd.worst = (uint8_t)bq;
		cd.score += bs;
		if (q->qpos < PAIR_TOKENS)
			cd.fp[q->qpos] = bfp;
		if (bfp >> 8 == F_NAME && cd.in[0] < 255)
			cd.in[0]++;
		else if (bfp >> 8 == F_COMPANY && cd.in[1] < 255)
			cd.in[1]++;
		idx->cands[keep++] = cd;
	}
	return keep;
}

/* Query words found side by side in one field: "Hans Maier", "Maier Hans". */
static int pair_bonus(const struct cand *cd, size_t ntok)
{
	int bonus = 0;
	for (size_t i = 0; i + 1 < PAIR_TOKENS && i + 1 < ntok; i++) {
		unsigned a = cd->fp[i], b = cd->fp[i + 1];
		if (a >> 8 == F_LEGAL)
			a = F_COMPANY << 8 | (a & 0xff);
		if (b >> 8 == F_LEGAL)
			b = F_COMPANY << 8 | (b & 0xff);
		if (!a || !b || (a >> 8) != (b >> 8))
			continue;
		bonus += 4;
		if ((b & 0xff) == (a & 0xff) + 1)
			bonus += 4;
		else if ((a & 0xff) == (b & 0xff) + 1)
			bonus += 3;
	}
	return bonus;
}

/* One pass over the words: strict (exact, prefix) or fuzzy. */
static void word_pass(struct search_index *idx, struct qtok *toks, size_t ntok,
		      int fuzzy)
{
	int all_digits = 1;
	for (size_t i = 0; i < ntok; i++)
		all_digits &= toks[i].digits;
	size_t g = ntok;
	for (size_t i = 0; i < ntok; i++) {
		struct qtok *q = &toks[i];
		tok_match(idx, q, fuzzy && !q->digits);
		int via_phone = q->digits && q->len[0] >= 3;
		if (!q->n_terms && !via_phone)
			return;
		if (q->digits && !all_digits)
			continue;
		if (q->n_terms && (g == ntok || q->cost < toks[g].cost))
			g = i;
	}
	if (g == ntok)
		return;

	int single = ntok == 1;
	size_t nc = generate(idx, &toks[g], single);
	if (single) {
		for (size_t c = 0; c < nc; c++) {
			uint32_t slot = idx->cands[c].slot;
			collect(idx, slot, idx->sq[slot], idx->ss[slot]);
		}
		return;
	}
	for (size_t c = 0; c < nc; c++) {
		struct cand *cd = &idx->cands[c];
		cd->worst = Q_EXACT;
		cd->score = 0;
		memset(cd->fp, 0, sizeof(cd->fp));
		cd->in[0] = cd->in[1] = 0;
	}
	/* the generator first, then the cheapest word left */
	unsigned char *used = xcalloc(ntok, 1);
	for (size_t step = 0; step < ntok && nc > 0; step++) {
		size_t ti = g;
		if (step > 0) {
			ti = ntok;
			for (size_t i = 0; i < ntok; i++)
				if (!used[i] &&
				    (ti == ntok || toks[i].cost < toks[ti].cost))
					ti = i;
		}
		used[ti] = 1;
		nc = check_word(idx, &toks[ti], nc);
	}
	free(used);
	for (size_t c = 0; c < nc; c++) {
		struct cand *cd = &idx->cands[c];
		collect(idx, cd->slot, cd->worst,
			cd->score + pair_bonus(cd, ntok) +
				whole_bonus(&idx->docs[cd->slot], cd->in));
	}
}

/* One region against the digits; returns 1 if it was collected. */
static int phone_region(struct search_index *idx, const struct phbuf *b,
			size_t r, const char *dg, size_t n)
{
	uint32_t slot = b->reg[r].slot;
	const struct doc *d = &idx->docs[slot];
	if (!d->alive || idx->seen[slot] == idx->seen_gen)
		return 0;
	const char *hit = memmem(b->s + b->reg[r].off, d->ph_len, dg, n);
	if (!hit)
		return 0;
	int start = hit[-1] == ',';
	unsigned q = start && hit[n] == ',' ? Q_EXACT : Q_PREFIX;
	collect(idx, slot, q, base_score[q] + field_weight[F_PHONE] +
				      (start ? 4 : 0));
	return 1;
}

/* Digits typed as a phone number: a substring of either digit key.  Staff
 * first, then at most PHONE_CAP contacts. */
static void phone_pass(struct search_index *idx, const char *query)
{
	char dg[PHONE_MAX * 4];
	size_t n = phone_query_digits(query, dg, sizeof(dg));
	if (n < 3)
		return;
	for (int kind = SEARCH_STAFF; kind <= SEARCH_CONTACT; kind++) {
		struct phbuf *b = &idx->ph[kind];
		size_t cap = kind == SEARCH_STAFF ? SIZE_MAX : PHONE_CAP;
		size_t found = 0;
		if (b->n_reg - b->tri_reg > PHONE_TAIL)
			tri_build(b, idx->docs);
		if (b->tri_reg) {
			/* the rarest trigram of the digits gives the regions */
			int best = -1;
			for (size_t i = 0; i + 3 <= n; i++) {
				int k = trigram(dg + i);
				if (best < 0 ||
				    b->tri_off[k + 1] - b->tri_off[k] <
					    b->tri_off[best + 1] - b->tri_off[best])
					best = k;
			}
			for (uint32_t i = b->tri_off[best];
			     i < b->tri_off[best + 1] && found < cap; i++)
				found += phone_region(idx, b, b->tri_list[i], dg, n);
		}
		for (size_t r = b->tri_reg; r < b->n_reg && found < cap; r++)
			found += phone_region(idx, b, r, dg, n);
	}
}

/* Split folded text into words; returns how many. */
static size_t split_words(const char *s, const char ***w, size_t **len)
{
	size_t n = 0, cap = 0, cap2 = 0;
	const char *p = s, *word;
	size_t l;
	*w = NULL;
	*len = NULL;
	while (n < QUERY_WORDS && (l = next_word(&p, &word)) > 0) {
		GROW(*w, cap, n + 1);
		GROW(*len, cap2, n + 1);
		(*w)[n] = word;
		(*len)[n] = l;
		n++;
	}
	return n;
}

size_t search_query(const struct search_index *cidx, const char *query,
		    struct search_hit *hits, size_t max)
{
	struct search_index *idx = (struct search_index *)cidx;
	if (!idx || !query || !hits || max == 0)
		return 0;
	map_sync(idx);
	if (idx->n_live == 0)
		return 0;
	if (idx->n_terms - idx->n_sorted > DELTA_MAX)
		terms_merge(idx);
	postings_update(idx);

	struct sbuf qa = SBUF_INIT, abbrevs = SBUF_INIT;
	const char *qj = join_abbrev(&qa, query, &abbrevs);
	char *f1 = text_fold(qj), *f2 = text_fold_german(qj);
	sbuf_reset(&qa);
	const char **w1, **w2;
	size_t *l1, *l2;
	size_t ntok = split_words(f1, &w1, &l1);
	size_t n2 = split_words(f2, &w2, &l2);
	struct qtok *toks = xcalloc(ntok ? ntok : 1, sizeof(*toks));
	int want_sound = 0;
	for (size_t i = 0; i < ntok; i++) {
		struct qtok *q = &toks[i];
		q->form[0] = xstrndup(w1[i], l1[i]);
		q->len[0] = l1[i];
		q->nform = 1;
		q->qpos = (int)i;
		q->variants = ntok > 1;
		q->whole = abbrevs.len && is_abbrev(abbrevs.s, w1[i], l1[i]);
		if (q->variants && l1[i] >= VARIANT_MIN)
			want_sound = 1;
		if (n2 == ntok &&
		    (l2[i] != l1[i] || memcmp(w1[i], w2[i], l1[i]))) {
			q->form[1] = xstrndup(w2[i], l2[i]);
			q->len[1] = l2[i];
			q->nform = 2;
		}
		q->digits = 1;
		for (size_t k = 0; k < l1[i]; k++)
			q->digits &= w1[i][k] >= '0' && w1[i][k] <= '9';
	}

	idx->heap_max = max < idx->n_live ? max : idx->n_live;
	GROW(idx->heap, idx->cap_heap, idx->heap_max);
	idx->n_heap = 0;
	grow_scratch(idx);
	next_gen(&idx->seen_gen, idx->seen, idx->cap_scratch);

	if (ntok > 0) {
		if (want_sound)
			phon_update(idx);
		word_pass(idx, toks, ntok, 0);
		phone_pass(idx, query);
		if (idx->n_heap < idx->heap_max) {
			phon_update(idx);
			word_pass(idx, toks, ntok, 1);
		}
	}

	size_t n = idx->n_heap;
	while (idx->n_heap > 0) {
		struct rank_ent e = idx->heap[0];
		idx->heap[0] = idx->heap[--idx->n_heap];
		heap_sift_down(idx, 0);
		const struct doc *d = &idx->docs[e.slot];
		hits[idx->n_heap] = (struct search_hit){
			(enum search_kind)d->kind, d->id, e.score,
			public_quality(e.quality)};
	}

	for (size_t i = 0; i < ntok; i++) {
		for (int f = 0; f < toks[i].nform; f++)
			free((char *)toks[i].form[f]);
		free(toks[i].terms);
		free(toks[i].tq);
		free(toks[i].tbonus);
	}
	free(toks);
	sbuf_reset(&abbrevs);
	free(w1);
	free(w2);
	free(l1);
	free(l2);
	free(f1);
	free(f2);
	return n;
}

/* ---- saving and loading ---- */

/*
 * The file: a header (magic, format, the sizes of the saved structures, so
 * another build or machine is refused, a checksum of the rest), the counts,
 * then every array as raw bytes.  What a query rebuilds on demand (scratch,
 * extras) is not saved: an index is saved in its built state.
 */
#define SAVE_MAGIC "FDSRCH\0\1"
#define SAVE_FORMAT 1u

struct save_head {
	char magic[8];
	uint32_t format, endian;
	uint32_t sizes[8];
	uint64_t sum, bytes;	/* of everything after the header */
};

struct save_dims {
	uint64_t n_terms, n_chars, thash_cap, phash_cap, n_phon, n_bylen;
	uint64_t n_docs, n_live, n_blk, occ_n, n_post, map_cap, map_used;
	uint64_t ph_n[2], ph_reg[2], tri_reg[2], tri_n[2];
	uint32_t lenoff[LEN_MAX + 2];
};

_Static_assert(sizeof(struct save_head) % 8 == 0 && sizeof(struct save_dims) % 8 == 0,
	       "what follows them stays 8-aligned");

static void save_sizes(uint32_t sizes[8])
{
	sizes[0] = sizeof(struct term);
	sizes[1] = sizeof(struct thent);
	sizes[2] = sizeof(struct lenent);
	sizes[3] = sizeof(struct occ);
	sizes[4] = sizeof(struct doc);
	sizes[5] = sizeof(struct mapent);
	sizes[6] = sizeof(struct phreg);
	sizes[7] = OCC_BITS << 16 | LEN_MAX;
}

/* Checksum: four lanes of 8-byte words (word i goes to lane i % 4), so the
 * multiplies overlap; cheap next to reading the bytes.  n is a multiple of 8. */
struct sum4 {
	uint64_t h[4];
	uint64_t words;
};

static void sum_init(struct sum4 *c)
{
	for (int k = 0; k < 4; k++)
		c->h[k] = 0x6a09e667f3bcc908ull + (uint64_t)k;
	c->words = 0;
}

static void sum_add(struct sum4 *c, const void *p, size_t n)
{
	const unsigned char *b = p;
	size_t i = 0;
	while (i + 8 <= n && (c->words & 3)) {
		uint64_t w;
		memcpy(&w, b + i, 8);
		uint64_t *h = &c->h[c->words++ & 3];
		*h = (*h ^ w) * 0x100000001b3ull;
		*h ^= *h >> 29;
		i += 8;
	}
	uint64_t h0 = c->h[0], h1 = c->h[1], h2 = c->h[2], h3 = c->h[3];
	for (; i + 32 <= n; i += 32) {
		uint64_t w[4];
		memcpy(w, b + i, 32);
		h0 = (h0 ^ w[0]) * 0x100000001b3ull;
		h1 = (h1 ^ w[1]) * 0x100000001b3ull;
		h2 = (h2 ^ w[2]) * 0x100000001b3ull;
		h3 = (h3 ^ w[3]) * 0x100000001b3ull;
		h0 ^= h0 >> 29;
		h1 ^= h1 >> 29;
		h2 ^= h2 >> 29;
		h3 ^= h3 >> 29;
		c->words += 4;
	}
	c->h[0] = h0;
	c->h[1] = h1;
	c->h[2] = h2;
	c->h[3] = h3;
	for (; i + 8 <= n; i += 8) {
		uint64_t w;
		memcpy(&w, b + i, 8);
		uint64_t *h = &c->h[c->words++ & 3];
		*h = (*h ^ w) * 0x100000001b3ull;
		*h ^= *h >> 29;
	}
}

static uint64_t sum_end(const struct sum4 *c)
{
	return c->h[0] ^ (c->h[1] * 3) ^ (c->h[2] * 5) ^ (c->h[3] * 7) ^ c->words;
}

struct saver {
	int fd;
	struct sum4 sum;
	uint64_t bytes;
	int failed;
};

static void save_raw(struct saver *sv, const void *p, size_t n)
{
	const char *c = p;
	sum_add(&sv->sum, p, n);
	sv->bytes += n;
	while (n > 0 && !sv->failed) {
		ssize_t w = write(sv->fd, c, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0) {
			sv->failed = 1;
			break;
		}
		c += w;
		n -= (size_t)w;
	}
}

/* Arrays start 8-aligned, as a loaded index uses them in place. */
static void save_put(struct saver *sv, const void *p, size_t n)
{
	size_t whole = n & ~(size_t)7;
	save_raw(sv, p, whole);
	if (n & 7) {	/* the tail and its padding as one 8-byte word */
		char last[8] = {0};
		memcpy(last, (const char *)p + whole, n & 7);
		save_raw(sv, last, 8);
	}
}

/* Bring everything a query needs up to date: nothing left to build. */
static void finish(struct search_index *idx)
{
	map_sync(idx);
	if (idx->n_dead)
		compact(idx);
	if (idx->n_terms > idx->n_sorted)
		terms_merge(idx);
	/* documents after the build, in extra lists or not yet: build again */
	if (idx->built_docs < idx->n_docs)
		postings_build(idx);
	phon_update(idx);
	for (int k = 0; k < 2; k++)
		if (idx->ph[k].tri_reg < idx->ph[k].n_reg || !idx->ph[k].tri_off)
			tri_build(&idx->ph[k], idx->docs);
}

int search_index_save(struct search_index *idx, int fd)
{
	if (!idx || fd < 0)
		return -1;
	finish(idx);
	struct save_dims dm;
	memset(&dm, 0, sizeof(dm));
	dm.n_terms = idx->n_terms;
	dm.n_chars = idx->n_chars;
	dm.thash_cap = idx->thash_cap;
	dm.phash_cap = idx->phash_cap;
	dm.n_phon = idx->n_phon;
	dm.n_bylen = idx->lenoff[LEN_MAX + 1];
	dm.n_docs = idx->n_docs;
	dm.n_live = idx->n_live;
	dm.n_blk = idx->occ.n_blk;
	dm.occ_n = idx->occ.n;
	for (uint32_t t = 0; t < idx->n_terms; t++)
		dm.n_post += idx->terms[t].n;
	dm.map_cap = idx->map_cap;
	dm.map_used = idx->map_used;
	for (int k = 0; k < 2; k++) {
		dm.ph_n[k] = idx->ph[k].n;
		dm.ph_reg[k] = idx->ph[k].n_reg;
		dm.tri_reg[k] = idx->ph[k].tri_reg;
		dm.tri_n[k] = idx->ph[k].tri_off[1000];
	}
	memcpy(dm.lenoff, idx->lenoff, sizeof(dm.lenoff));

	struct save_head h;
	memset(&h, 0, sizeof(h));
	off_t at = lseek(fd, 0, SEEK_CUR);
	if (at < 0 || (at & 7) || lseek(fd, (off_t)sizeof(h), SEEK_CUR) < 0)
		return -1;
	struct saver sv = {.fd = fd};
	sum_init(&sv.sum);
	save_put(&sv, &dm, sizeof(dm));
	for (uint32_t t = 0; t < idx->n_terms; t++)
		idx->terms[t].extra = NULL;	/* finish left none */
	save_put(&sv, idx->terms, dm.n_terms * sizeof(struct term));
	save_put(&sv, idx->tkey, dm.n_terms * sizeof(uint64_t));
	save_put(&sv, idx->chars, dm.n_chars);
	save_put(&sv, idx->thash, dm.thash_cap * sizeof(struct thent));
	save_put(&sv, idx->col_head, dm.phash_cap * sizeof(uint32_t));
	save_put(&sv, idx->meta_head, dm.phash_cap * sizeof(uint32_t));
	save_put(&sv, idx->sorted, dm.n_terms * sizeof(uint32_t));
	save_put(&sv, idx->bylen, dm.n_bylen * sizeof(struct lenent));
	save_put(&sv, idx->docs, dm.n_docs * sizeof(struct doc));
	for (uint32_t b = 0; b < idx->occ.n_blk; b++)
		save_put(&sv, idx->occ.blk[b], OCC_BLOCK * sizeof(struct occ));
	save_put(&sv, idx->post, dm.n_post * sizeof(uint32_t));
	save_put(&sv, idx->map, dm.map_cap * sizeof(struct mapent));
	for (int k = 0; k < 2; k++) {
		const struct phbuf *b = &idx->ph[k];
		save_put(&sv, b->s, dm.ph_n[k]);
		save_put(&sv, b->reg, dm.ph_reg[k] * sizeof(struct phreg));
		save_put(&sv, b->tri_off, 1001 * sizeof(uint32_t));
		save_put(&sv, b->tri_list, dm.tri_n[k] * sizeof(uint32_t));
	}
	if (sv.failed)
		return -1;
	memcpy(h.magic, SAVE_MAGIC, sizeof(h.magic));
	h.format = SAVE_FORMAT;
	h.endian = 0x01020304u;
	save_sizes(h.sizes);
	h.sum = sum_end(&sv.sum);
	h.bytes = sv.bytes;
	if (pwrite(fd, &h, sizeof(h), at) != (ssize_t)sizeof(h))
		return -1;
	return lseek(fd, at + (off_t)sizeof(h) + (off_t)sv.bytes, SEEK_SET) < 0 ? -1 : 0;
}

static int in_range(uint32_t v, uint64_t n)
{
	return v == NOPE || v < n;
}

/* Every stored number that indexes an array points inside it. */
static int load_check(const struct search_index *idx, const struct save_dims *dm)
{
	uint64_t nt = dm->n_terms, nd = dm->n_docs;
	if (dm->n_bylen > nt || (dm->phash_cap & (dm->phash_cap - 1)) ||
	    (dm->thash_cap & (dm->thash_cap - 1)) || dm->thash_cap < nt * 2 ||
	    (dm->map_cap & (dm->map_cap - 1)) || dm->map_cap < 2 || dm->n_phon > nt ||
	    dm->occ_n > dm->n_blk << OCC_BITS || dm->n_live != nd ||
	    idx->lenoff[LEN_MAX + 1] != dm->n_bylen)
		return -1;
	for (int l = 0; l <= LEN_MAX; l++)
		if (idx->lenoff[l] > idx->lenoff[l + 1])
			return -1;
	for (uint64_t t = 0; t < nt; t++) {
		const struct term *tm = &idx->terms[t];
		if ((uint64_t)tm->str + tm->len >= dm->n_chars ||
		    idx->chars[tm->str + tm->len] != '\0' ||
		    (uint64_t)tm->off + tm->n > dm->n_post || tm->n_staff > tm->n ||
		    idx->sorted[t] >= nt)
			return -1;
		/* chains run to older terms only: no cycle */
		if ((tm->next_col != NOPE && tm->next_col >= t) ||
		    (tm->next_meta != NOPE && tm->next_meta >= t) ||
		    !memchr(tm->col, 0, sizeof(tm->col)) ||
		    !memchr(tm->meta, 0, sizeof(tm->meta)))
			return -1;
	}
	uint64_t used = 0;
	for (uint64_t i = 0; i < dm->thash_cap; i++) {
		if (!in_range(idx->thash[i].term, nt))
			return -1;
		used += idx->thash[i].term != NOPE;
	}
	if (used > nt)	/* probing must meet an empty slot */
		return -1;
	for (uint64_t i = 0; i < dm->phash_cap; i++)
		if (!in_range(idx->col_head[i], nt) || !in_range(idx->meta_head[i], nt))
			return -1;
	for (uint64_t i = 0; i < dm->n_bylen; i++)
		if (idx->bylen[i].term >= nt)
			return -1;
	for (uint64_t s = 0; s < nd; s++) {
		const struct doc *d = &idx->docs[s];
		uint32_t b = d->occ_off >> OCC_BITS, o = d->occ_off & (OCC_BLOCK - 1);
		/* a saved index is compacted: every document is alive */
		if (d->kind > 1 || d->alive != 1 || b >= dm->n_blk ||
		    o + (uint32_t)d->occ_n > OCC_BLOCK ||
		    (uint64_t)d->ph_off + d->ph_len > dm->ph_n[d->kind])
			return -1;
		for (uint32_t k = 0; k < d->occ_n; k++)
			if (idx->occ.blk[b][o + k].term >= nt ||
			    idx->occ.blk[b][o + k].field > F_PHONE)
				return -1;
	}
	for (uint64_t i = 0; i < dm->n_post; i++)
		if ((idx->post[i] >> FIELD_BITS) >= nd)
			return -1;
	/* the map: each document once, under its own hash, nothing deleted */
	uint8_t *seen = xcalloc(nd ? nd : 1, 1);
	used = 0;
	for (uint64_t i = 0; i < dm->map_cap; i++) {
		const struct mapent *e = &idx->map[i];
		if (e->slot == MAP_EMPTY)
			continue;
		if (e->slot >= nd || seen[e->slot] ||
		    e->hash != map_hash(idx->docs[e->slot].kind, idx->docs[e->slot].id)) {
			free(seen);
			return -1;
		}
		seen[e->slot] = 1;
		used++;
	}
	free(seen);
	if (used != nd || used >= dm->map_cap || used != dm->map_used)
		return -1;
	for (int k = 0; k < 2; k++) {
		const struct phbuf *b = &idx->ph[k];
		if (dm->tri_reg[k] > dm->ph_reg[k] || b->tri_off[1000] != dm->tri_n[k])
			return -1;
		/* regions: in order, apart, each its document's keys ending
		 * in ',' (tri_build sizes its scratch by that; phone_region
		 * reads the byte after a match) */
		uint64_t next = 1;
		if (b->s[0] != ',')
			return -1;
		for (size_t r = 0; r < b->n_reg; r++) {
			const struct phreg *g = &b->reg[r];
			if (g->slot >= nd)
				return -1;
			const struct doc *d = &idx->docs[g->slot];
			if (g->off < next || d->kind != k || d->ph_off != g->off ||
			    d->ph_len == 0 || (uint64_t)g->off + d->ph_len > b->n ||
			    b->s[g->off + d->ph_len - 1] != ',')
				return -1;
			next = (uint64_t)g->off + d->ph_len;
		}
		for (int i = 0; i < 1000; i++)
			if (b->tri_off[i] > b->tri_off[i + 1])
				return -1;
		for (uint64_t i = 0; i < dm->tri_n[k]; i++)
			if (b->tri_list[i] >= dm->tri_reg[k])
				return -1;
	}
	return 0;
}

/* The next n bytes of the file (8-aligned, like everything saved). */
static void *take(const char **p, const char *end, uint64_t n, int *bad)
{
	uint64_t padded = (n + 7) & ~(uint64_t)7;
	if (*bad || padded < n || padded > (uint64_t)(end - *p)) {
		*bad = 1;
		return NULL;
	}
	void *r = (void *)*p;
	*p += padded;
	return r;
}

int search_index_load(int fd, struct search_index **out)
{
	*out = NULL;
	struct stat sb;
	off_t at = lseek(fd, 0, SEEK_CUR);
	if (at < 0 || (at & 7) || fstat(fd, &sb) != 0 ||
	    sb.st_size < at + (off_t)sizeof(struct save_head))
		return -1;
	size_t len = (size_t)sb.st_size;
	char *base = mmap(NULL, len, PROT_READ | PROT_WRITE,
			  MAP_PRIVATE | MAP_POPULATE, fd, 0);
	if (base == MAP_FAILED)
		return -1;
	const char *p = base + at, *end = base + len;
	struct save_head h, want;
	memset(&want, 0, sizeof(want));
	memcpy(want.magic, SAVE_MAGIC, sizeof(want.magic));
	want.format = SAVE_FORMAT;
	want.endian = 0x01020304u;
	save_sizes(want.sizes);
	memcpy(&h, p, sizeof(h));
	p += sizeof(h);
	struct save_dims dm;
	struct sum4 sum;
	sum_init(&sum);
	if (memcmp(&h, &want, offsetof(struct save_head, sum)) ||
	    h.bytes > (uint64_t)(end - p) || h.bytes < sizeof(dm) || (h.bytes & 7)) {
		munmap(base, len);
		return -1;
	}
	sum_add(&sum, p, h.bytes);
	if (sum_end(&sum) != h.sum) {
		munmap(base, len);
		return -1;
	}
	end = p + h.bytes;
	memcpy(&dm, p, sizeof(dm));
	p += sizeof(dm);
	if (dm.n_docs >= NOPE >> FIELD_BITS || dm.n_terms >= NOPE ||
	    dm.n_chars >= NOPE || dm.n_bylen > dm.n_terms || dm.ph_n[0] < 1 ||
	    dm.ph_n[1] < 1 || dm.n_blk > UINT32_MAX || dm.thash_cap > UINT32_MAX ||
	    dm.phash_cap > UINT32_MAX || dm.map_cap > UINT32_MAX ||
	    dm.n_post > UINT64_MAX / 16 || dm.ph_reg[0] > UINT64_MAX / 16 ||
	    dm.ph_reg[1] > UINT64_MAX / 16 || dm.tri_n[0] > UINT64_MAX / 16 ||
	    dm.tri_n[1] > UINT64_MAX / 16) {
		munmap(base, len);
		return -1;
	}
	struct search_index *idx = search_index_new();
	for (int k = 0; k < 2; k++) {
		free(idx->ph[k].s);
		idx->ph[k].s = NULL;
	}
	idx->mapped = (struct region){base, len};
	int bad = 0;
	uint64_t nt = dm.n_terms;
	idx->terms = take(&p, end, nt * sizeof(struct term), &bad);
	idx->tkey = take(&p, end, nt * sizeof(uint64_t), &bad);
	idx->chars = take(&p, end, dm.n_chars, &bad);
	idx->thash = take(&p, end, dm.thash_cap * sizeof(struct thent), &bad);
	idx->col_head = take(&p, end, dm.phash_cap * sizeof(uint32_t), &bad);
	idx->meta_head = take(&p, end, dm.phash_cap * sizeof(uint32_t), &bad);
	idx->sorted = take(&p, end, nt * sizeof(uint32_t), &bad);
	idx->bylen = take(&p, end, dm.n_bylen * sizeof(struct lenent), &bad);
	idx->docs = take(&p, end, dm.n_docs * sizeof(struct doc), &bad);
	if (!bad && dm.n_blk > (uint64_t)(end - p) / (OCC_BLOCK * sizeof(struct occ)))
		bad = 1;
	if (!bad && dm.n_blk) {
		idx->occ.blk = xcalloc(dm.n_blk, sizeof(struct occ *));
		idx->occ.cap_blk = idx->occ.n_blk = (uint32_t)dm.n_blk;
		for (uint64_t b = 0; b < dm.n_blk; b++)
			idx->occ.blk[b] = take(&p, end, OCC_BLOCK * sizeof(struct occ), &bad);
	}
	idx->post = take(&p, end, dm.n_post * sizeof(uint32_t), &bad);
	idx->map = take(&p, end, dm.map_cap * sizeof(struct mapent), &bad);
	for (int k = 0; k < 2; k++) {
		struct phbuf *b = &idx->ph[k];
		b->s = take(&p, end, dm.ph_n[k], &bad);
		b->reg = take(&p, end, dm.ph_reg[k] * sizeof(struct phreg), &bad);
		b->tri_off = take(&p, end, 1001 * sizeof(uint32_t), &bad);
		b->tri_list = take(&p, end, dm.tri_n[k] * sizeof(uint32_t), &bad);
		b->cap = b->n = dm.ph_n[k];
		b->cap_reg = b->n_reg = dm.ph_reg[k];
		b->tri_reg = dm.tri_reg[k];
	}
	idx->cap_terms = idx->n_terms = idx->n_sorted = (uint32_t)nt;
	idx->n_phon = (uint32_t)dm.n_phon;
	idx->cap_chars = idx->n_chars = dm.n_chars;
	idx->thash_cap = (uint32_t)dm.thash_cap;
	idx->phash_cap = (uint32_t)dm.phash_cap;
	idx->cap_docs = idx->n_docs = (uint32_t)dm.n_docs;
	idx->n_live = (uint32_t)dm.n_live;
	idx->occ.n = idx->occ.doc = (uint32_t)dm.occ_n;
	idx->map_cap = (uint32_t)dm.map_cap;
	idx->map_used = (uint32_t)dm.map_used;
	memcpy(idx->lenoff, dm.lenoff, sizeof(idx->lenoff));
	if (bad || p != end || load_check(idx, &dm) != 0) {
		if (idx->terms)
			for (uint32_t t = 0; t < idx->n_terms; t++)
				idx->terms[t].extra = NULL;
		else
			idx->n_terms = 0;
		search_index_free(&idx);
		return -1;
	}
	for (uint32_t t = 0; t < idx->n_terms; t++) {
		struct term *tm = &idx->terms[t];
		tm->extra = NULL;
		tm->n_extra = tm->cap_extra = 0;
	}
	idx->tmark = xcalloc(nt ? nt : 1, sizeof(uint32_t));
	idx->tqual = xmalloc(nt ? nt : 1);
	idx->tbon = xmalloc(nt ? nt : 1);
	idx->map_docs = idx->built_docs = idx->extra_docs = idx->n_docs;
	*out = idx;
	return 0;
}
