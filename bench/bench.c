/*
 * bench: `make bench` runs build/bench-run ../shared/bench.
 *
 * Each section is one function taking the data directory; main only calls
 * them in turn.  Figures go to stdout as plain tables.  Not a test: nothing
 * here fails the build, it only measures.
 */
#include "bench/bench_db.h"
#include "bench/benchdata.h"
#include "core/search.h"
#include "core/util.h"

#include <sqlite3.h>

#include <stdint.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define HITS_MAX 20	/* what a result list on screen shows */
#define N_STAFF 1000

static double now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

/* q-quantile of sorted v by nearest rank. */
static double quantile(const double *v, size_t n, double q)
{
	if (n == 0)
		return 0;
	size_t i = (size_t)(q * (double)n);
	if (i >= n)
		i = n - 1;
	return v[i];
}

/* VmRSS and VmHWM of this process in MB (from /proc/self/status). */
static void memory_mb(double *rss, double *hwm)
{
	*rss = *hwm = 0;
	FILE *f = fopen("/proc/self/status", "r");
	if (!f)
		return;
	char line[256];
	while (fgets(line, sizeof(line), f)) {
		long kb;
		if (sscanf(line, "VmRSS: %ld", &kb) == 1)
			*rss = kb / 1024.0;
		else if (sscanf(line, "VmHWM: %ld", &kb) == 1)
			*hwm = kb / 1024.0;
	}
	fclose(f);
}

/* ---- quality bookkeeping per class and subclass ---- */

struct tally {
	char name[64];
	int n, top1, top5;
};

struct tallies {
	struct tally v[64];
	size_t n;
};

static void tally_add(struct tallies *t, const char *name, size_t rank)
{
	size_t i = 0;
	while (i < t->n && strcmp(t->v[i].name, name))
		i++;
	if (i == t->n) {
		if (t->n == sizeof(t->v) / sizeof(t->v[0]))
			return;
		snprintf(t->v[t->n].name, sizeof(t->v[0].name), "%s", name);
		t->n++;
	}
	t->v[i].n++;
	t->v[i].top1 += rank == 1;
	t->v[i].top5 += rank >= 1 && rank <= 5;
}

static void tally_print(const struct tallies *t, const char *title)
{
	printf("  %-28s %5s %7s %7s\n", title, "n", "top-1", "top-5");
	for (size_t i = 0; i < t->n; i++) {
		const struct tally *x = &t->v[i];
		printf("  %-28s %5d %6.1f%% %6.1f%%\n", x->name, x->n,
		       100.0 * x->top1 / x->n, 100.0 * x->top5 / x->n);
	}
}

struct quality {
	struct tallies all, cls, sub;
};

static void quality_add(struct quality *q, const struct bench_query *bq,
			size_t rank)
{
	char sub[64];
	tally_add(&q->all, "all", rank);
	tally_add(&q->cls, bq->cls, rank);
	snprintf(sub, sizeof(sub), "%s/%s", bq->cls, bq->subclass);
	tally_add(&q->sub, sub, rank);
}

static void quality_print(const struct quality *q, const char *what)
{
	printf("\nquality: %s (found = expected row among the first results)\n",
	       what);
	tally_print(&q->all, "overall");
	tally_print(&q->cls, "class");
	tally_print(&q->sub, "subclass");
}

/* ---- the index ---- */

/* Deterministic synthetic staff: common names, extensions 100.., emails. */
static void put_staff(struct search_index *idx, size_t n)
{
	static const char *first[] = {
		"Anna", "Thomas", "Sabine", "Michael", "Julia", "Stefan",
		"Katrin", "Andreas", "Petra", "Jürgen", "Monika", "Frank",
		"Claudia", "Markus", "Susanne", "Peter", "Heike", "Uwe",
		"Nicole", "Jörg", "Sarah", "David", "Emily", "James",
	};
	static const char *last[] = {
		"Schneider", "Weber", "Wagner", "Becker", "Schulz", "Koch",
		"Richter", "Klein", "Wolf", "Schröder", "Neumann", "Schwarz",
		"Zimmermann", "Braun", "Krüger", "Hofmann", "Hartmann", "Lange",
		"Werner", "Krause", "Lehmann", "Köhler", "Walker", "Wright",
	};
	static const char *dept[] = {
		"Vertrieb", "Einkauf", "Buchhaltung", "IT", "Personal",
		"Empfang", "Logistik", "Geschäftsführung",
	};
	size_t nf = sizeof(first) / sizeof(first[0]);
	size_t nl = sizeof(last) / sizeof(last[0]);
	uint32_t seed = 12345;
	for (size_t i = 0; i < n; i++) {
		seed = seed * 1103515245u + 12345u;
		const char *f = first[(seed >> 8) % nf];
		const char *l = last[(seed >> 16) % nl];
		char name[96], ext[16], email[128], num[32];
		snprintf(name, sizeof(name), "%s %s", f, l);
		snprintf(ext, sizeof(ext), "%zu", 100 + i);
		snprintf(email, sizeof(email), "staff%zu@frontdesk.example", i);
		snprintf(num, sizeof(num), "+49301234%zu", 1000 + i);
		const char *nums[] = {num};
		struct search_doc d = {
			.kind = SEARCH_STAFF, .id = (long long)i + 1,
			.name = name, .department = dept[i % 8], .ext = ext,
			.email = email, .numbers = nums, .n_numbers = 1,
			.present = (seed >> 4) & 1,
			.recent_calls = (int)((seed >> 20) % 4),
		};
		search_index_put(idx, &d);
	}
}

/* The index saved to a file and loaded back, as a second start does. */
static void save_load(struct search_index *idx)
{
	char path[] = "/tmp/frontdesk-bench-XXXXXX";
	int fd = mkstemp(path);
	if (fd < 0)
		return;
	unlink(path);
	double t0 = now_ms();
	int rc = search_index_save(idx, fd);
	double t_save = now_ms() - t0;
	off_t size = lseek(fd, 0, SEEK_END);
	struct search_index *back = NULL;
	struct search_hit hits[HITS_MAX];
	t0 = now_ms();
	if (rc == 0 && lseek(fd, 0, SEEK_SET) == 0 && search_index_load(fd, &back) == 0) {
		double t_load = now_ms() - t0;
		search_query(back, "M", hits, HITS_MAX);
		printf("  %-40s %9.1f ms   (%.1f MB)\n", "save the index to a file", t_save,
		       size / 1048576.0);
		printf("  %-40s %9.1f ms\n", "load it (same process, page cache warm)", t_load);
		printf("  %-40s %9.1f ms   (target <= 100 ms)\n",
		       "later starts: load + first result", now_ms() - t0);
		search_index_free(&back);
	} else {
		printf("  save/load of the index failed\n");
	}
	close(fd);
}

static struct search_index *build_index(const struct bench_rows *rows,
					size_t staff)
{
	struct search_index *idx = search_index_new();
	for (size_t i = 0; i < rows->n; i++) {
		const char *num;
		struct search_doc d = bench_row_doc(&rows->v[i], (long long)i,
						    &num);
		search_index_put(idx, &d);
	}
	put_staff(idx, staff);
	return idx;
}

/* Length in bytes of the first k UTF-8 characters of s. */
static size_t utf8_prefix(const char *s, size_t k)
{
	size_t i = 0;
	while (s[i] && k > 0) {
		i++;
		while ((s[i] & 0xc0) == 0x80)
			i++;
		k--;
	}
	return i;
}

static void quality_run(const struct search_index *idx,
			const struct bench_rows *rows,
			const struct bench_queries *qs, struct quality *q,
			int verbose)
{
	struct search_hit hits[HITS_MAX];
	for (size_t i = 0; i < qs->n; i++) {
		const struct bench_query *bq = &qs->v[i];
		size_t n = search_query(idx, bq->query, hits, HITS_MAX);
		size_t rank = bench_rank(rows, bq, hits, n);
		quality_add(q, bq, rank);
		if (verbose && (rank == 0 || rank > 5))
			printf("  miss: %-14s %-28s \"%s\" (rank %zu of %zu)\n",
			       bq->cls, bq->subclass, bq->query, rank, n);
	}
}

/* ---- baselines ---- */

static void baseline_like(const struct bench_rows *rows,
			  const struct bench_queries *qs)
{
	sqlite3 *db = NULL;
	sqlite3_stmt *ins = NULL, *sel = NULL;
	struct quality q;
	double *lat = xcalloc(qs->n + 1, sizeof(double));
	memset(&q, 0, sizeof(q));
	if (sqlite3_open(":memory:", &db) != SQLITE_OK ||
	    sqlite3_exec(db, "CREATE TABLE c(row INTEGER PRIMARY KEY, name TEXT);"
			 "BEGIN", NULL, NULL, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(db, "INSERT INTO c VALUES(?, ?)", -1, &ins,
			       NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(db, "SELECT row FROM c WHERE name LIKE "
			       "'%' || ?1 || '%' ORDER BY row LIMIT 20", -1,
			       &sel, NULL) != SQLITE_OK) {
		printf("baseline LIKE: sqlite failed: %s\n", sqlite3_errmsg(db));
		goto cleanup;
	}
	for (size_t i = 0; i < rows->n; i++) {
		sqlite3_bind_int64(ins, 1, (sqlite3_int64)i);
		sqlite3_bind_text(ins, 2, rows->v[i].f[BR_NAME], -1, SQLITE_STATIC);
		sqlite3_step(ins);
		sqlite3_reset(ins);
	}
	sqlite3_exec(db, "COMMIT", NULL, NULL, NULL);
	for (size_t i = 0; i < qs->n; i++) {
		struct search_hit hits[HITS_MAX];
		size_t n = 0;
		double t0 = now_ms();
		sqlite3_bind_text(sel, 1, qs->v[i].query, -1, SQLITE_STATIC);
		while (n < HITS_MAX && sqlite3_step(sel) == SQLITE_ROW)
			hits[n++] = (struct search_hit){
				SEARCH_CONTACT, sqlite3_column_int64(sel, 0), 0,
				SEARCH_EXACT};
		sqlite3_reset(sel);
		lat[i] = now_ms() - t0;
		quality_add(&q, &qs->v[i], bench_rank(rows, &qs->v[i], hits, n));
	}
	qsort(lat, qs->n, sizeof(double), cmp_double);
	printf("\nbaseline: SQLite  name LIKE '%%q%%'  (whole query, not per key)\n");
	printf("  per query: median %.3f ms, p99 %.3f ms, max %.3f ms\n",
	       quantile(lat, qs->n, 0.5), quantile(lat, qs->n, 0.99),
	       lat[qs->n ? qs->n - 1 : 0]);
	tally_print(&q.all, "overall");
	tally_print(&q.cls, "class");
cleanup:
	sqlite3_finalize(ins);
	sqlite3_finalize(sel);
	sqlite3_close(db);
	free(lat);
}

static int on_path(const char *prog)
{
	const char *path = getenv("PATH");
	if (!path)
		return 0;
	char *dirs = xstrdup(path), *save = NULL;
	int found = 0;
	for (char *d = strtok_r(dirs, ":", &save); d && !found;
	     d = strtok_r(NULL, ":", &save)) {
		char *p = xasprintf("%s/%s", *d ? d : ".", prog);
		found = access(p, X_OK) == 0;
		free(p);
	}
	free(dirs);
	return found;
}

/* Quote s for a POSIX shell: '...' with ' as '\''. */
static char *shell_quote(const char *s)
{
	struct sbuf b = SBUF_INIT;
	sbuf_addc(&b, '\'');
	for (; *s; s++) {
		if (*s == '\'')
			sbuf_adds(&b, "'\\''");
		else
			sbuf_addc(&b, *s);
	}
	sbuf_addc(&b, '\'');
	return sbuf_detach(&b);
}

static void baseline_fzf(const struct bench_rows *rows,
			 const struct bench_queries *qs)
{
	if (!on_path("fzf")) {
		printf("\nbaseline: fzf --filter skipped (fzf not on PATH)\n");
		return;
	}
	char tmpl[] = "/tmp/frontdesk-bench-XXXXXX";
	int fd = mkstemp(tmpl);
	FILE *f = fd >= 0 ? fdopen(fd, "w") : NULL;
	if (!f) {
		printf("\nbaseline: fzf skipped (cannot write a temporary file)\n");
		return;
	}
	for (size_t i = 0; i < rows->n; i++) {
		const struct bench_row *r = &rows->v[i];
		fprintf(f, "%zu\t%s %s %s %s %s\n", i, r->f[BR_NAME],
			r->f[BR_COMPANY], r->f[BR_PHONE], r->f[BR_EMAIL],
			r->f[BR_DEPT]);
	}
	fclose(f);
	struct quality q;
	memset(&q, 0, sizeof(q));
	double *lat = xcalloc(qs->n + 1, sizeof(double));
	for (size_t i = 0; i < qs->n; i++) {
		char *qq = shell_quote(qs->v[i].query);
		char *cmd = xasprintf("fzf --filter=%s --delimiter='\\t' "
				      "--nth=2 < %s | head -n %d",
				      qq, tmpl, HITS_MAX);
		double t0 = now_ms();
		FILE *p = popen(cmd, "r");
		struct search_hit hits[HITS_MAX];
		size_t n = 0;
		char line[2048];
		while (p && fgets(line, sizeof(line), p))
			if (n < HITS_MAX)
				hits[n++] = (struct search_hit){
					SEARCH_CONTACT, atoll(line), 0,
					SEARCH_EXACT};
		if (p)
			pclose(p);
		lat[i] = now_ms() - t0;
		quality_add(&q, &qs->v[i], bench_rank(rows, &qs->v[i], hits, n));
		free(cmd);
		free(qq);
	}
	unlink(tmpl);
	qsort(lat, qs->n, sizeof(double), cmp_double);
	printf("\nbaseline: fzf --filter over a CSV export (process per query)\n");
	printf("  per query: median %.1f ms, p99 %.1f ms\n",
	       quantile(lat, qs->n, 0.5), quantile(lat, qs->n, 0.99));
	tally_print(&q.all, "overall");
	tally_print(&q.cls, "class");
	free(lat);
}

/* ---- section: search ---- */

static void bench_search(const char *dir)
{
	char *csv = xasprintf("%s/contacts-100k.csv", dir);
	char *qjs = xasprintf("%s/queries-100k.json", dir);
	char *csv10 = xasprintf("%s/contacts-10k.csv", dir);
	char *qjs10 = xasprintf("%s/queries-10k.json", dir);
	struct bench_rows rows, rows10;
	struct bench_queries qs, qs10;
	double rss0, hwm0, rss, hwm;

	printf("== search: in-memory index (core/search.c) ==\n");
	memory_mb(&rss0, &hwm0);
	double t0 = now_ms();
	if (bench_load_csv(csv, &rows) < 0 || bench_load_queries(qjs, &qs) < 0) {
		printf("search: cannot read %s or %s; skipped\n", csv, qjs);
		goto out;
	}
	double t_csv = now_ms() - t0;
	double rss_csv, hwm_csv;
	memory_mb(&rss_csv, &hwm_csv);

	/* startup: index the rows and answer the first keystroke */
	t0 = now_ms();
	struct search_index *idx = build_index(&rows, N_STAFF);
	double t_put = now_ms() - t0;
	struct search_hit hits[HITS_MAX];
	search_query(idx, "M", hits, HITS_MAX);
	double t_first = now_ms() - t0;
	memory_mb(&rss, &hwm);
	printf("\n%zu contacts + %d staff, %zu queries\n", rows.n, N_STAFF, qs.n);
	printf("  %-40s %9.1f ms\n", "read CSV (stands in for the database)",
	       t_csv);
	printf("  %-40s %9.1f ms\n", "index: put every document", t_put);
	printf("  %-40s %9.1f ms\n", "first start: build + first result (\"M\")",
	       t_first);

	/* typing: every query one key at a time */
	size_t cap = 0, nl = 0;
	double *lat = NULL;
	struct sbuf typed = SBUF_INIT;
	for (size_t i = 0; i < qs.n; i++) {
		const char *s = qs.v[i].query;
		for (size_t k = 1;; k++) {
			size_t len = utf8_prefix(s, k);
			typed.len = 0;
			sbuf_add(&typed, s, len);
			if (nl == cap) {
				cap = cap ? cap * 2 : 4096;
				lat = xrealloc(lat, cap * sizeof(double));
			}
			double a = now_ms();
			search_query(idx, typed.s, hits, HITS_MAX);
			lat[nl++] = now_ms() - a;
			if (!s[len])
				break;
		}
	}
	sbuf_reset(&typed);
	qsort(lat, nl, sizeof(double), cmp_double);
	double p50 = quantile(lat, nl, 0.5), p99 = quantile(lat, nl, 0.99);
	double mx = nl ? lat[nl - 1] : 0;
	printf("  %-40s %9zu\n", "keystrokes timed", nl);
	printf("  %-40s %9.3f ms\n", "per keystroke: median", p50);
	printf("  %-40s %9.3f ms   (target <= 2 ms)\n", "per keystroke: p99", p99);
	printf("  %-40s %9.3f ms\n", "per keystroke: max", mx);
	printf("  %-40s %9.1f MB   (VmHWM %.1f MB; before load %.1f MB)\n",
	       "resident memory after indexing (VmRSS)", rss, hwm, rss0);
	printf("  %-40s %9.1f MB   (target <= 64 MB)\n",
	       "of which the index (RSS - CSV rows)", rss - rss_csv);
	free(lat);
	save_load(idx);	/* after the typing: saving builds what typing builds lazily */

	struct quality q;
	memset(&q, 0, sizeof(q));
	quality_run(idx, &rows, &qs, &q, 1);
	quality_print(&q, "100k contacts + 1,000 staff, queries-100k.json");

	if (bench_load_csv(csv10, &rows10) == 0 &&
	    bench_load_queries(qjs10, &qs10) == 0) {
		struct search_index *idx10 = build_index(&rows10, 0);
		struct quality q10;
		memset(&q10, 0, sizeof(q10));
		quality_run(idx10, &rows10, &qs10, &q10, 1);
		printf("\nquality: 10k contacts, queries-10k.json (the test's floor)\n");
		tally_print(&q10.all, "overall");
		tally_print(&q10.cls, "class");
		search_index_free(&idx10);
		bench_rows_free(&rows10);
		bench_queries_free(&qs10);
	}
	search_index_free(&idx);
out:
	bench_rows_free(&rows);
	bench_queries_free(&qs);
	free(csv);
	free(qjs);
	free(csv10);
	free(qjs10);
}

/*
 * What a user might use instead, on the same data.  Run last: 200 fzf
 * processes started from this one left the next measurement (the first year
 * report through the store) 60-120 ms slower than without them.
 */
static void bench_baselines(const char *dir)
{
	char *csv = xasprintf("%s/contacts-100k.csv", dir);
	char *qjs = xasprintf("%s/queries-100k.json", dir);
	struct bench_rows rows;
	struct bench_queries qs;
	printf("\n== baselines: the search's data and queries, plain approaches ==\n");
	if (bench_load_csv(csv, &rows) == 0) {
		if (bench_load_queries(qjs, &qs) == 0) {
			baseline_like(&rows, &qs);
			baseline_fzf(&rows, &qs);
			bench_queries_free(&qs);
		}
		bench_rows_free(&rows);
	}
	free(csv);
	free(qjs);
}

int main(int argc, char **argv)
{
	const char *dir = argc > 1 ? argv[1] : "../shared/bench";
	setvbuf(stdout, NULL, _IOLBF, 0);
	bench_search(dir);
	bench_db(dir, argc > 2 ? argv[2] : "build/bench.db");
	bench_baselines(dir);
	return 0;
}
