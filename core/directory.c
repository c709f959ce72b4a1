/*
 * directory: the search index over staff and contacts, kept current with
 * what other processes write (rev numbers and tombstones from data/).
 */
#include "core/fd.h"
#include "core/directory.h"
#include "core/search.h"
#include "core/util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct directory {
	struct search_index *idx;
	long long rev;             /* highest directory rev applied */
	long long changes;         /* fd_changes() when last refreshed */
};



void directory_free(struct directory **d)
{
	if (!*d)
		return;
	search_index_free(&(*d)->idx);
	free(*d);
	*d = NULL;
}

static void apply_row(void *ctx, const struct db_dir_row *r)
{
	struct search_index *idx = ctx;
	enum search_kind kind = r->is_staff ? SEARCH_STAFF : SEARCH_CONTACT;
	if (r->deleted) {
		search_index_remove(idx, kind, r->id);
		return;
	}
	/* numbers arrive space-separated */
	const char *nums[16];
	char buf[16 * 24];
	size_t n = 0;
	if (r->numbers) {
		snprintf(buf, sizeof buf, "%s", r->numbers);
		for (char *save = NULL, *t = strtok_r(buf, " ", &save); t && n < 16;
		     t = strtok_r(NULL, " ", &save))
			nums[n++] = t;
	}
	struct search_doc d = {
		.kind = kind, .id = r->id, .name = r->name, .company = r->company,
		.department = r->department, .ext = r->ext, .email = r->email,
		.numbers = nums, .n_numbers = n,
		.present = !r->presence || strcmp(r->presence, "in") == 0,
		.recent_calls = r->recent_calls,
	};
	search_index_put(idx, &d);
}

int fd_search_refresh(struct fd *fd, time_t now, struct fd_err *err)
{
	long long changes = fd_changes(fd);
	if (!fd->dir) {
		fd->dir = xcalloc(1, sizeof *fd->dir);
		fd->dir->idx = search_index_new();
	} else if (changes == fd->dir->changes) {
		return 0;
	}
	long long top = fd->dir->rev;
	if (db_directory_scan(fd->db, fd->dir->rev, now, apply_row, fd->dir->idx, &top) != 0) {
		fd_errf(err, 1, "%s", db_errmsg(fd->db));
		return -1;
	}
	fd->dir->rev = top;
	fd->dir->changes = changes;
	search_index_prepare(fd->dir->idx);
	return 0;
}

void fd_hits_free(struct fd_hit *hits, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		db_staff_clear(&hits[i].staff);
		db_contact_clear(&hits[i].contact);
	}
	free(hits);
}

int fd_search(struct fd *fd, const char *query, size_t limit, time_t now,
              struct fd_hit **out, size_t *n, struct fd_err *err)
{
	*out = NULL;
	*n = 0;
	if (!fd_allowed(fd, ACT_READ_DIRECTORY, err))
		return -1;
	if (fd_search_refresh(fd, now, err) != 0)
		return -1;
	if (limit == 0)
		limit = 20;
	if (limit > 1000)
		limit = 1000;
	struct search_hit *hits = xcalloc(limit, sizeof *hits);
	size_t got = search_query(fd->dir->idx, query ? query : "", hits, limit);
	struct fd_hit *res = xcalloc(got ? got : 1, sizeof *res);
	size_t k = 0;
	for (size_t i = 0; i < got; i++) {
		struct fd_hit *h = &res[k];
		int r;
		h->is_staff = hits[i].kind == SEARCH_STAFF;
		h->id = hits[i].id;
		h->quality = (int)hits[i].quality;
		if (h->is_staff)
			r = db_staff_by_id(fd->db, h->id, &h->staff);
		else
			r = db_contact_by_id(fd->db, h->id, &h->contact);
		if (r < 0) {
			fd_errf(err, 1, "%s", db_errmsg(fd->db));
			free(hits);
			fd_hits_free(res, k);
			return -1;
		}
		if (r == 1)
			k++; /* gone meanwhile: skip */
	}
	free(hits);
	*out = res;
	*n = k;
	return 0;
}
