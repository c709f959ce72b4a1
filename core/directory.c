/*
 * directory: the search index over staff and contacts, kept current with
 * what other processes write (rev numbers and tombstones from data/).
 *
 * A large index is also saved beside the database (<db>-search), so the
 * next process loads it in a few tens of milliseconds instead of building
 * it, then applies what changed since (rows with a higher rev, tombstones).
 * The file is only an aid: any doubt about it means building anew.  Trust
 * comes from a random token kept both in the file and in the database's
 * meta table (search_cache): a file is used only while the two agree.  The
 * token changes when a file is saved, and is cleared, with the file
 * removed, in the transaction of an erasure (contact forget, purge), so no
 * saved index outlives the words it was told to forget; a restored backup
 * does not hold the token of a later file either.
 */
#define _GNU_SOURCE /* mkostemp */
#include "core/fd.h"
#include "core/directory.h"
#include "core/search.h"
#include "core/util.h"
#include "core/i18n.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <dirent.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

#define SAVE_MIN_DOCS 5000	/* smaller ones build in a few ms */
#define SAVE_MAX_AGE (7 * 86400L)	/* recent-caller marks go stale */
#define SAVE_AGAIN 1000		/* rows applied on top before saving again */
#define TOKEN_LEN 32		/* a file's token: hex */
#define TOKEN_MAX 64		/* what is compared of the database's value */

struct directory {
	struct search_index *idx;
	long long rev;             /* highest directory rev applied */
	long long changes;         /* fd_changes() when last refreshed */
	char token[TOKEN_MAX + 1]; /* search_cache when the index was read */
	long long applied;         /* rows applied since it was saved or loaded */
	int saved_state;           /* 1: built or loaded from a file we trust */
};

/* In front of the index in <db>-search; 64 bytes keep it 8-aligned. */
struct save_head {
	char magic[8];
	char token[TOKEN_LEN + 8];
	int64_t rev, written;
};
_Static_assert(sizeof(struct save_head) == 64, "8-aligned index after it");
static const char save_magic[8] = "FDDIR\0\0\1";

static char *save_path(const struct fd *fd)
{
	if (!fd->db_path || !strcmp(fd->db_path, ":memory:"))
		return NULL;
	return xasprintf("%s-search", fd->db_path);
}

/* The database's current token, whatever it holds: 0, or -1 error. */
static int token_now(struct fd *fd, char tok[TOKEN_MAX + 1])
{
	char *v = NULL;
	tok[0] = '\0';
	if (db_meta_get(fd->db, "search_cache", &v) < 0)
		return -1;
	if (v)
		snprintf(tok, TOKEN_MAX + 1, "%s", v);
	free(v);
	return 0;
}

static void token_new(char tok[TOKEN_LEN + 1])
{
	unsigned char r[TOKEN_LEN / 2];
	if (getrandom(r, sizeof r, 0) != (ssize_t)sizeof r) {
		uint64_t x = (uint64_t)time(NULL) ^ ((uint64_t)getpid() << 32) ^
			     (uint64_t)(uintptr_t)tok;
		for (size_t i = 0; i < sizeof r; i++) {
			x = x * 6364136223846793005ull + 1442695040888963407ull;
			r[i] = (unsigned char)(x >> 56);
		}
	}
	for (size_t i = 0; i < sizeof r; i++)
		snprintf(tok + 2 * i, 3, "%02x", r[i]);
}

/*
 * Remove <db>-search.tmp.XXXXXX files (a save interrupted by a crash, or one
 * being written while an erasure runs) at least min_age seconds old.
 */
static void remove_temps(const struct fd *fd, long min_age, time_t now)
{
	char *path = save_path(fd);
	if (!path)
		return;
	char *slash = strrchr(path, '/');
	char *dir = slash ? xstrndup(path, (size_t)(slash - path) + (slash == path)) : xstrdup(".");
	const char *base = slash ? slash + 1 : path;
	size_t bl = strlen(base);
	DIR *dh = opendir(dir);
	struct dirent *e;
	while (dh && (e = readdir(dh)) != NULL) {
		struct stat sb;
		if (strncmp(e->d_name, base, bl) || strncmp(e->d_name + bl, ".tmp.", 5) ||
		    strlen(e->d_name + bl + 5) != 6 ||
		    fstatat(dirfd(dh), e->d_name, &sb, AT_SYMLINK_NOFOLLOW) != 0 ||
		    !S_ISREG(sb.st_mode) || (long)(now - sb.st_mtime) < min_age)
			continue;
		unlinkat(dirfd(dh), e->d_name, 0);
	}
	if (dh)
		closedir(dh);
	free(dir);
	free(path);
}

/* Load <db>-search when the database vouches for it: 0, or -1 to build. */
static int load_saved(struct fd *fd, struct directory *d, time_t now)
{
	char *path = save_path(fd);
	char tok[TOKEN_MAX + 1];
	struct save_head h;
	int rc = -1;
	if (!path)
		return -1;
	int f = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	free(path);
	if (f < 0)
		return -1;
	ssize_t got = read(f, &h, sizeof h);
	if (got == (ssize_t)sizeof h && !memcmp(h.magic, save_magic, sizeof h.magic) &&
	    h.token[TOKEN_LEN] == '\0' && strlen(h.token) == TOKEN_LEN && h.rev >= 0 &&
	    h.written <= (int64_t)now + 3600 && h.written > (int64_t)now - SAVE_MAX_AGE &&
	    token_now(fd, tok) == 0 && !strcmp(tok, h.token) &&
	    search_index_load(f, &d->idx) == 0) {
		memcpy(d->token, h.token, TOKEN_LEN + 1);
		d->rev = h.rev;
		rc = 0;
	}
	close(f);
	return rc;
}

/*
 * Save the index as <db>-search if nothing was erased since the state it
 * holds (the token is still base).  Written to a new file first, renamed
 * under the write lock; a busy database, a read-only place or a full disk
 * just leave it unsaved.
 */
static void save(struct fd *fd, struct directory *d, time_t now)
{
	char *path = save_path(fd), *tmp = NULL;
	char tok[TOKEN_LEN + 1], cur[TOKEN_MAX + 1];
	struct stat sb;
	int f = -1, begun = 0;
	if (!path || fd->read_only_why || fd->batch || stat(fd->db_path, &sb) != 0)
		goto out;
	remove_temps(fd, 3600, now);
	tmp = xasprintf("%s.tmp.XXXXXX", path);
	f = mkostemp(tmp, O_CLOEXEC);
	if (f < 0) {
		free(tmp);
		tmp = NULL;
		goto out;
	}
	/* as readable as the database, no more */
	if (fchmod(f, sb.st_mode & 0666) != 0)
		goto out;
	if (fchown(f, (uid_t)-1, sb.st_gid) != 0 && errno != EPERM)
		goto out;
	struct save_head h;
	memset(&h, 0, sizeof h);
	memcpy(h.magic, save_magic, sizeof h.magic);
	token_new(tok);
	memcpy(h.token, tok, TOKEN_LEN + 1);
	h.rev = d->rev;
	h.written = now;
	if (write(f, &h, sizeof h) != (ssize_t)sizeof h || search_index_save(d->idx, f) != 0)
		goto out;
	if (close(f) != 0) {
		f = -1;
		goto out;
	}
	f = -1;
	if (db_begin_nowait(fd->db) != 0)
		goto out;
	begun = 1;
	if (token_now(fd, cur) != 0 || strcmp(cur, d->token) != 0 ||
	    rename(tmp, path) != 0)
		goto out;
	free(tmp);
	tmp = NULL;
	/* on failure the file stays with a token nobody holds: never used */
	if (db_meta_set(fd->db, "search_cache", tok) != 0)
		goto out;	/* rolled back below */
	begun = 0;	/* a failed commit ends the transaction too */
	if (db_commit(fd->db) != 0)
		goto out;
	memcpy(d->token, tok, TOKEN_LEN + 1);
	d->applied = 0;
out:
	if (begun)
		db_rollback(fd->db);
	if (f >= 0)
		close(f);
	if (tmp) {
		unlink(tmp);
		free(tmp);
	}
	free(path);
}

int fd_search_forget_saved(struct fd *fd, struct fd_err *err)
{
	char *path = save_path(fd);
	char fresh[TOKEN_LEN + 8];
	int rc = 0;
	/* a new value, not "": a save that began before this erasure, even
	 * from a database without a token, then finds it changed */
	memcpy(fresh, "erased-", 7);
	token_new(fresh + 7);
	if (db_meta_set(fd->db, "search_cache", fresh) != 0) {
		fd_errf(err, 1, "%s", db_errmsg(fd->db));
		rc = -1;
	} else if (path && unlink(path) != 0 && errno != ENOENT) {
		fd_errf(err, 1, _("cannot remove the saved search index %s: %s"), path,
		        strerror(errno));
		rc = -1;
	}
	/* one being written now would hold the name until renamed (refused) */
	remove_temps(fd, 0, time(NULL));
	free(path);
	if (fd->dir)
		fd->dir->token[0] = '\0';	/* this index held the name: never saved */
	return rc;
}

/* FRONTDESK_SAVE_MIN_DOCS lets tests save small indexes. */
static size_t save_min_docs(void)
{
	const char *v = getenv("FRONTDESK_SAVE_MIN_DOCS");
	char *end;
	if (v && *v) {
		unsigned long n = strtoul(v, &end, 10);
		if (!*end)
			return n;
	}
	return SAVE_MIN_DOCS;
}

void directory_free(struct directory **d)
{
	if (!*d)
		return;
	search_index_free(&(*d)->idx);
	free(*d);
	*d = NULL;
}

struct apply_ctx {
	struct search_index *idx;
	long long n;
};

static void apply_row(void *ctx, const struct db_dir_row *r)
{
	struct apply_ctx *ac = ctx;
	struct search_index *idx = ac->idx;
	ac->n++;
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
	int fresh = 0;
	if (!fd->dir) {
		struct directory *d = fd->dir = xcalloc(1, sizeof *fd->dir);
		if (load_saved(fd, d, now) != 0) {
			/* the token before the rows: an erasure meanwhile changes it */
			d->idx = search_index_new();
			fresh = token_now(fd, d->token) == 0;
		}
	} else if (changes == fd->dir->changes) {
		return 0;
	}
	struct directory *d = fd->dir;
	long long top = d->rev;
	struct apply_ctx ac = {d->idx, 0};
	if (db_directory_scan(fd->db, d->rev, now, apply_row, &ac, &top) != 0) {
		fd_errf(err, 1, "%s", db_errmsg(fd->db));
		return -1;
	}
	d->rev = top;
	d->changes = changes;
	d->applied += fresh ? 0 : ac.n;
	search_index_prepare(d->idx);
	if (d->token[0] || fresh) {
		if ((fresh && search_index_size(d->idx) >= save_min_docs()) ||
		    (!fresh && d->applied >= SAVE_AGAIN))
			save(fd, d, now);
	}
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
