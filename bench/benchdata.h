/*
 * benchdata: read the public benchmark data in ../shared/bench/ (contacts
 * CSV, queries JSON) for bench/ and for the search quality floor in
 * tests/core/test_search.c.  Header only (static functions) so both programs
 * take it without a Makefile change.  Not for production input: the CSV
 * reader knows RFC 4180 quoting, the JSON reader the shape of these files.
 *
 * Ownership: bench_rows and bench_queries own all their strings; free them
 * with bench_rows_free / bench_queries_free.
 */
#ifndef FRONTDESK_BENCHDATA_H
#define FRONTDESK_BENCHDATA_H

#include "core/search.h"
#include "core/util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* One contact row: name, company, phone (E.164), email, department. */
struct bench_row {
	char *f[5];
};
enum { BR_NAME, BR_COMPANY, BR_PHONE, BR_EMAIL, BR_DEPT };

struct bench_rows {
	struct bench_row *v;
	size_t n, cap;
};

struct bench_query {
	char *query, *cls, *subclass, *expected_email, *expected_phone;
	long row;
	long *also;		/* also_right_rows */
	size_t n_also;
};

struct bench_queries {
	struct bench_query *v;
	size_t n, cap;
};

static inline char *bench_slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	struct sbuf b = SBUF_INIT;
	char chunk[65536];
	size_t n;
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		sbuf_add(&b, chunk, n);
	fclose(f);
	if (len)
		*len = b.len;
	return sbuf_detach(&b);
}

/* One RFC 4180 field starting at *p; advances past the comma or line end.
 * *eol is set when the record ends. */
static inline char *bench_csv_field(const char **p, const char *end, int *eol)
{
	struct sbuf b = SBUF_INIT;
	const char *s = *p;
	*eol = 0;
	if (s < end && *s == '"') {
		s++;
		while (s < end) {
			if (*s == '"') {
				if (s + 1 < end && s[1] == '"') {
					sbuf_addc(&b, '"');
					s += 2;
					continue;
				}
				s++;
				break;
			}
			sbuf_addc(&b, *s++);
		}
	}
	while (s < end && *s != ',' && *s != '\n' && *s != '\r')
		sbuf_addc(&b, *s++);
	if (s < end && *s == ',') {
		s++;
	} else {
		*eol = 1;
		if (s < end && *s == '\r')
			s++;
		if (s < end && *s == '\n')
			s++;
	}
	*p = s;
	return sbuf_detach(&b);
}

/* Load name,company,phone,email,department rows (header skipped).
 * Returns 0, or -1 when the file cannot be read. */
static inline int bench_load_csv(const char *path, struct bench_rows *rows)
{
	size_t len;
	char *text = bench_slurp(path, &len);
	memset(rows, 0, sizeof(*rows));
	if (!text)
		return -1;
	const char *p = text, *end = text + len;
	int header = 1;
	while (p < end) {
		struct bench_row r = {{NULL}};
		int eol = 0, nf = 0;
		while (!eol) {
			char *f = bench_csv_field(&p, end, &eol);
			if (nf < 5)
				r.f[nf++] = f;
			else
				free(f);
		}
		for (; nf < 5; nf++)
			r.f[nf] = xstrdup("");
		if (header || !*r.f[0]) {
			for (int i = 0; i < 5; i++)
				free(r.f[i]);
			header = 0;
			continue;
		}
		if (rows->n == rows->cap) {
			rows->cap = rows->cap ? rows->cap * 2 : 1024;
			rows->v = xrealloc(rows->v, rows->cap * sizeof(*rows->v));
		}
		rows->v[rows->n++] = r;
	}
	free(text);
	return 0;
}

static inline void bench_rows_free(struct bench_rows *rows)
{
	for (size_t i = 0; i < rows->n; i++)
		for (int k = 0; k < 5; k++)
			free(rows->v[i].f[k]);
	free(rows->v);
	memset(rows, 0, sizeof(*rows));
}

/* A contact row as a search document (kind contact, id = row). */
static inline struct search_doc bench_row_doc(const struct bench_row *r, long long id,
				       const char **num)
{
	*num = r->f[BR_PHONE];
	struct search_doc d = {
		.kind = SEARCH_CONTACT, .id = id, .name = r->f[BR_NAME],
		.company = r->f[BR_COMPANY], .department = r->f[BR_DEPT],
		.email = r->f[BR_EMAIL], .numbers = num, .n_numbers = 1,
	};
	return d;
}

/* ---- a minimal JSON reader: enough for queries-*.json ---- */

static inline void bench_json_ws(const char **p)
{
	while (**p == ' ' || **p == '\n' || **p == '\r' || **p == '\t')
		(*p)++;
}

static inline void bench_utf8(struct sbuf *b, unsigned long cp)
{
	char u[4];
	if (cp < 0x80) {
		sbuf_addc(b, (char)cp);
	} else if (cp < 0x800) {
		u[0] = (char)(0xc0 | cp >> 6);
		u[1] = (char)(0x80 | (cp & 0x3f));
		sbuf_add(b, u, 2);
	} else if (cp < 0x10000) {
		u[0] = (char)(0xe0 | cp >> 12);
		u[1] = (char)(0x80 | (cp >> 6 & 0x3f));
		u[2] = (char)(0x80 | (cp & 0x3f));
		sbuf_add(b, u, 3);
	} else {
		u[0] = (char)(0xf0 | cp >> 18);
		u[1] = (char)(0x80 | (cp >> 12 & 0x3f));
		u[2] = (char)(0x80 | (cp >> 6 & 0x3f));
		u[3] = (char)(0x80 | (cp & 0x3f));
		sbuf_add(b, u, 4);
	}
}

/* A JSON string at *p (on the opening quote); returns it malloc'd. */
static inline char *bench_json_string(const char **p)
{
	struct sbuf b = SBUF_INIT;
	const char *s = *p + 1;
	while (*s && *s != '"') {
		if (*s != '\\') {
			sbuf_addc(&b, *s++);
			continue;
		}
		s++;
		switch (*s) {
		case 'n': sbuf_addc(&b, '\n'); s++; break;
		case 't': sbuf_addc(&b, '\t'); s++; break;
		case 'r': sbuf_addc(&b, '\r'); s++; break;
		case 'b': sbuf_addc(&b, '\b'); s++; break;
		case 'f': sbuf_addc(&b, '\f'); s++; break;
		case 'u': {
			unsigned long cp = strtoul((char[5]){s[1], s[2], s[3], s[4], 0},
						   NULL, 16);
			s += 5;
			if (cp >= 0xd800 && cp < 0xdc00 && s[0] == '\\' && s[1] == 'u') {
				unsigned long lo = strtoul(
					(char[5]){s[2], s[3], s[4], s[5], 0}, NULL, 16);
				cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
				s += 6;
			}
			bench_utf8(&b, cp);
			break;
		}
		case '\0': break;
		default: sbuf_addc(&b, *s++); break;
		}
	}
	if (*s == '"')
		s++;
	*p = s;
	return sbuf_detach(&b);
}

/* Skip any JSON value. */
static inline void bench_json_skip(const char **p)
{
	bench_json_ws(p);
	if (**p == '"') {
		free(bench_json_string(p));
	} else if (**p == '{' || **p == '[') {
		char close = **p == '{' ? '}' : ']';
		(*p)++;
		for (;;) {
			bench_json_ws(p);
			if (**p == close || !**p) {
				if (**p)
					(*p)++;
				return;
			}
			bench_json_skip(p);
			bench_json_ws(p);
			if (**p == ':' || **p == ',')
				(*p)++;
		}
	} else {
		while (**p && **p != ',' && **p != '}' && **p != ']')
			(*p)++;
	}
}

/* One query object at *p (on '{'). */
static inline void bench_json_query(const char **p, struct bench_query *q)
{
	memset(q, 0, sizeof(*q));
	q->row = -1;
	(*p)++;
	for (;;) {
		bench_json_ws(p);
		if (**p == '}' || !**p)
			break;
		if (**p == ',') {
			(*p)++;
			continue;
		}
		char *key = bench_json_string(p);
		bench_json_ws(p);
		if (**p == ':')
			(*p)++;
		bench_json_ws(p);
		char **str = !strcmp(key, "query") ? &q->query
			   : !strcmp(key, "class") ? &q->cls
			   : !strcmp(key, "subclass") ? &q->subclass
			   : !strcmp(key, "expected_email") ? &q->expected_email
			   : !strcmp(key, "expected_phone") ? &q->expected_phone
			   : NULL;
		if (str && **p == '"') {
			free(*str);
			*str = bench_json_string(p);
		} else if (!strcmp(key, "row")) {
			q->row = strtol(*p, (char **)p, 10);
		} else if (!strcmp(key, "also_right_rows") && **p == '[') {
			(*p)++;
			for (;;) {
				bench_json_ws(p);
				if (**p == ']' || !**p)
					break;
				if (**p == ',') {
					(*p)++;
					continue;
				}
				q->also = xrealloc(q->also,
						   (q->n_also + 1) * sizeof(long));
				q->also[q->n_also++] = strtol(*p, (char **)p, 10);
			}
			if (**p)
				(*p)++;
		} else {
			bench_json_skip(p);
		}
		free(key);
	}
	if (**p)
		(*p)++;
	if (!q->query)
		q->query = xstrdup("");
	if (!q->cls)
		q->cls = xstrdup("?");
	if (!q->subclass)
		q->subclass = xstrdup("?");
}

/* Load {"queries": [ {...}, ... ]}.  Returns 0, or -1 when unreadable. */
static inline int bench_load_queries(const char *path, struct bench_queries *qs)
{
	char *text = bench_slurp(path, NULL);
	memset(qs, 0, sizeof(*qs));
	if (!text)
		return -1;
	const char *p = strstr(text, "\"queries\"");
	if (p)
		p = strchr(p, '[');
	if (!p) {
		free(text);
		return -1;
	}
	p++;
	for (;;) {
		bench_json_ws(&p);
		if (*p == ',') {
			p++;
			continue;
		}
		if (*p != '{')
			break;
		if (qs->n == qs->cap) {
			qs->cap = qs->cap ? qs->cap * 2 : 256;
			qs->v = xrealloc(qs->v, qs->cap * sizeof(*qs->v));
		}
		bench_json_query(&p, &qs->v[qs->n++]);
	}
	free(text);
	return 0;
}

static inline void bench_queries_free(struct bench_queries *qs)
{
	for (size_t i = 0; i < qs->n; i++) {
		struct bench_query *q = &qs->v[i];
		free(q->query);
		free(q->cls);
		free(q->subclass);
		free(q->expected_email);
		free(q->expected_phone);
		free(q->also);
	}
	free(qs->v);
	memset(qs, 0, sizeof(*qs));
}

/* 1 if row is a right answer to q. */
static inline int bench_row_right(const struct bench_rows *rows,
			   const struct bench_query *q, long row)
{
	if (row < 0 || (size_t)row >= rows->n)
		return 0;
	if (row == q->row)
		return 1;
	for (size_t i = 0; i < q->n_also; i++)
		if (q->also[i] == row)
			return 1;
	const struct bench_row *r = &rows->v[row];
	return (q->expected_email && *q->expected_email &&
		!strcmp(r->f[BR_EMAIL], q->expected_email)) ||
	       (q->expected_phone && *q->expected_phone &&
		!strcmp(r->f[BR_PHONE], q->expected_phone));
}

/* Rank (1-based) of the first right contact among hits, 0 if none. */
static inline size_t bench_rank(const struct bench_rows *rows,
			 const struct bench_query *q,
			 const struct search_hit *hits, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (hits[i].kind == SEARCH_CONTACT &&
		    bench_row_right(rows, q, (long)hits[i].id))
			return i + 1;
	return 0;
}

#endif
