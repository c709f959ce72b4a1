/*
 * search: the in-memory index behind every "find anyone" box.
 *
 * The caller feeds documents (staff and contacts) with search_index_put and
 * asks search_query on every keystroke.  Pure C: no SQL, no curses; the
 * directory module loads rows and keeps the index current by put/remove.
 *
 * What matches: every word of the query must match some word of a document
 * (name, company, department, extension, email), in any order, as a whole
 * word or a prefix, folded (case, accents, umlauts both ways: "muller",
 * "mueller", "MÜLLER" all find Müller).  A name's initials ("hm" for Hans
 * Maier) count as a prefix match.  When exact and prefix matches do not fill
 * the result list, words may also match phonetically (Cologne phonetics or
 * Metaphone: Meyer ~ Maier, Fisher ~ Fischer) or within one typo (words of
 * five letters or more).  A query holding only digits and separators also
 * matches any fragment of a phone number, national or international.
 *
 * Order: quality first (exact, prefix, phonetic, typo: a document's quality
 * is its worst word's; in a query of several words a whole word spelt
 * another way, "Schmitt" for Schmidt, counts as a prefix there but scores
 * below one), then staff before contacts, then score (more exact
 * words, name and company words over email words, query words found next to
 * each other, recent callers a little higher), then present staff first,
 * then kind and id.  The same query on the same index gives the same order.
 *
 * Ownership: the index copies what it needs from a search_doc; the caller's
 * strings may be freed after search_index_put returns.  The index keeps no
 * display text: a hit names a document by (kind, id).
 *
 * Cost: put and remove are cheap: put only records a document's words, and
 * the next query makes them findable (a few new documents go to small extra
 * lists; many, as after the initial load, trigger one rebuild of about
 * 20-40 ms for 100,000 contacts).  Call search_index_prepare after a bulk
 * load to pay that before the first keystroke.  Removed and replaced
 * documents leave garbage that put and remove compact now and then.  What
 * only some queries need is built by the first such query: the sound codes
 * of new words by the first that reaches the phonetic pass (about 8 ms for
 * 100,000 contacts), the phone digit index by the first digit query (about
 * 8 ms).
 *
 * Very short queries ("m") consider every staff member but only the best few
 * thousand contact candidates (exact words first, then the shortest
 * completions); phone fragments likewise take at most 2,000 contacts.
 *
 * Threads: search_query reorganises internal caches (it is const only for
 * the caller's reasoning: it never changes what matches).  Use one index from
 * one thread at a time.
 */
#ifndef FRONTDESK_SEARCH_H
#define FRONTDESK_SEARCH_H

#include <stddef.h>

struct search_index;

enum search_kind { SEARCH_STAFF = 0, SEARCH_CONTACT = 1 };

/* Best first. */
enum search_quality { SEARCH_EXACT, SEARCH_PREFIX, SEARCH_PHONETIC, SEARCH_TYPO };

/* A document as the caller holds it; any string may be NULL. */
struct search_doc {
	enum search_kind kind;
	long long id;
	const char *name, *company, *department, *ext, *email;
	const char *const *numbers;	/* E.164 ("+4930123456"), n_numbers of them */
	size_t n_numbers;
	int present;			/* staff at work now: a tie-break only */
	int recent_calls;		/* calls lately: a small boost */
};

struct search_hit {
	enum search_kind kind;
	long long id;
	int score;			/* higher is better; only comparable within one query */
	enum search_quality quality;
};

struct search_index *search_index_new(void);
/* Frees the index and sets *idx to NULL; NULL and *idx == NULL are fine. */
void search_index_free(struct search_index **idx);

/* Insert the document, or replace the one with the same (kind, id). */
void search_index_put(struct search_index *idx, const struct search_doc *doc);
/* Remove (kind, id); nothing happens when it is not there. */
void search_index_remove(struct search_index *idx, enum search_kind kind,
			 long long id);
/* Number of documents in the index. */
size_t search_index_size(const struct search_index *idx);

/*
 * Optional: sort what bulk puts added now instead of on the next query (call
 * it after the initial load so the first keystroke is fast).
 */
void search_index_prepare(struct search_index *idx);

/*
 * Find documents for what the user typed (any text: invalid UTF-8, quotes,
 * operators and very long input just search for their words, the first 24
 * of them; "e.V" typed with dots is the one word "ev").  Writes at
 * most max hits, best first, and returns how many.  An empty query or one
 * without letters or digits finds nothing.
 */
size_t search_query(const struct search_index *idx, const char *query,
		    struct search_hit *hits, size_t max);

/*
 * Save the index to fd at its offset, built as a query needs it (a saved
 * index answers the first query without rebuilding anything), and leave the
 * offset after it; -1 when a write fails.  Load reads one back into a new
 * index; -1 (and *out NULL) when the bytes are not an index saved by this
 * build of the program on this kind of machine, are cut short or changed, or
 * do not hold together.  Loading 100,000 contacts takes a few tens of ms.
 */
int search_index_save(struct search_index *idx, int fd);
int search_index_load(int fd, struct search_index **out);

#endif
