#include "core/privacy.h"
#include "core/audit.h"
#include "core/util.h"
#include "core/i18n.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int db_fail(struct fd *fd, struct fd_err *err)
{
	fd_errf(err, 1, "%s", db_errmsg(fd->db));
	return -1;
}

/* A write transaction of our own (these commands never run in a batch:
 * the checkpoint afterwards needs the transaction closed). */
static int begin(struct fd *fd, struct fd_err *err)
{
	if (fd->batch) {
		fd_errf(err, 1, _("internal error: erasure inside a batch"));
		return -1;
	}
	if (fd->read_only_why) {
		fd_errf(err, 1, _("cannot save: %s"), fd->read_only_why);
		return -1;
	}
	if (db_begin(fd->db) != 0)
		return db_fail(fd, err);
	return 0;
}

static int commit(struct fd *fd, struct fd_err *err)
{
	if (db_commit(fd->db) != 0)
		return db_fail(fd, err);
	return 0;
}

/* Clear the old bytes out of the write-ahead log: 0, or 1 busy. */
static int checkpoint(struct fd *fd)
{
	/* an error here leaves nothing wrong in the data: say busy, so the
	 * person runs the replay (which checkpoints) again */
	return db_checkpoint_truncate(fd->db) != 0;
}

int fd_days_parse(const char *s, int *days, struct fd_err *err)
{
	char *end;
	long v;
	errno = 0;
	v = s && *s ? strtol(s, &end, 10) : -1;
	if (!s || !*s || errno || *end || v < 1 || v > PRIVACY_MAX_RETENTION_DAYS) {
		fd_errf(err, 2, _("\"%.40s\" is not a number of days (1 to %d)"), s ? s : "",
		        PRIVACY_MAX_RETENTION_DAYS);
		return -1;
	}
	*days = (int)v;
	return 0;
}

/* ---- access ---- */

void fd_contact_data_clear(struct fd_contact_data *d)
{
	db_contact_clear(&d->contact);
	db_privacy_numbers_free(d->numbers, d->n_numbers);
	db_call_free_list(d->calls, d->n_calls);
	db_callback_free_list(d->callbacks, d->n_callbacks);
	db_attempt_free_list(d->attempts, d->n_attempts);
	db_ring_free_list(d->rings, d->n_rings);
	for (size_t i = 0; i < d->n_audit; i++) {
		free(d->audit[i].action);
		free(d->audit[i].entity);
	}
	free(d->audit);
	memset(d, 0, sizeof *d);
}

static int id_cmp(const void *a, const void *b)
{
	long long x = *(const long long *)a, y = *(const long long *)b;
	return (x > y) - (x < y);
}

struct audit_pick {
	struct fd_contact_data *d;
	long long *calls, *callbacks; /* sorted ids */
};

static int audit_pick_row(void *ctx, const struct db_audit_row *r)
{
	struct audit_pick *p = ctx;
	struct fd_contact_data *d = p->d;
	int mine = 0;
	if (!strcmp(r->entity, "contact"))
		/* before ids stopped being reused, an erased contact's rows
		 * could carry a newer contact's id */
		mine = r->entity_id == d->contact.id && r->at >= d->contact.created;
	else if (!strcmp(r->entity, "call"))
		mine = d->n_calls &&
		       bsearch(&r->entity_id, p->calls, d->n_calls, sizeof *p->calls, id_cmp);
	else if (!strcmp(r->entity, "callback"))
		mine = d->n_callbacks &&
		       bsearch(&r->entity_id, p->callbacks, d->n_callbacks, sizeof *p->callbacks, id_cmp);
	if (!mine)
		return 0;
	d->audit = xrealloc(d->audit, (d->n_audit + 1) * sizeof *d->audit);
	struct fd_audit_ref *a = &d->audit[d->n_audit++];
	a->at = r->at;
	a->uid = r->uid;
	a->action = xstrdup(r->action);
	a->entity = xstrdup(r->entity);
	a->entity_id = r->entity_id;
	return 0;
}

static int read_all(struct fd *fd, struct fd_contact_data *d, struct fd_err *err)
{
	long long id = d->contact.id;
	if (db_privacy_calls(fd->db, id, &d->calls, &d->n_calls) != 0 ||
	    db_privacy_callbacks(fd->db, id, &d->callbacks, &d->n_callbacks) != 0 ||
	    db_privacy_rings(fd->db, id, &d->rings, &d->n_rings) != 0)
		return db_fail(fd, err);
	for (size_t i = 0; i < d->n_callbacks; i++) {
		struct attempt *a;
		size_t n;
		if (db_attempt_list(fd->db, d->callbacks[i].id, &a, &n) != 0)
			return db_fail(fd, err);
		if (n) {
			d->attempts = xrealloc(d->attempts, (d->n_attempts + n) * sizeof *a);
			memcpy(d->attempts + d->n_attempts, a, n * sizeof *a);
			d->n_attempts += n;
		}
		free(a); /* the strings moved into d->attempts */
	}
	struct audit_pick p = {d, xcalloc(d->n_calls + 1, sizeof *p.calls),
	                       xcalloc(d->n_callbacks + 1, sizeof *p.callbacks)};
	for (size_t i = 0; i < d->n_calls; i++)
		p.calls[i] = d->calls[i].id;
	for (size_t i = 0; i < d->n_callbacks; i++)
		p.callbacks[i] = d->callbacks[i].id;
	qsort(p.calls, d->n_calls, sizeof *p.calls, id_cmp);
	qsort(p.callbacks, d->n_callbacks, sizeof *p.callbacks, id_cmp);
	int rc = db_audit_scan(fd->db, audit_pick_row, &p);
	free(p.calls);
	free(p.callbacks);
	if (rc < 0)
		return db_fail(fd, err);
	d->all = 1;
	return 0;
}

int fd_contact_data(struct fd *fd, long long id, int all, time_t now,
                    struct fd_contact_data *out, struct fd_err *err)
{
	memset(out, 0, sizeof *out);
	if (!fd_allowed(fd, all ? ACT_REPORT : ACT_READ_DIRECTORY, err))
		return -1;
	int r = db_contact_by_id(fd->db, id, &out->contact);
	if (r < 0)
		return db_fail(fd, err);
	if (r == 0) {
		int erased = db_erasure_find(fd->db, id);
		fd_errf(err, 2, erased == 1 ? _("contact %lld was erased ('contact forget')")
		                            : _("no contact has the id %lld; see 'frontdesk search'"), id);
		return -1;
	}
	if (db_privacy_numbers(fd->db, id, &out->numbers, &out->n_numbers) != 0) {
		db_fail(fd, err);
		goto fail;
	}
	if (!all)
		return 0;
	if (read_all(fd, out, err) != 0)
		goto fail;
	/* handing out everything about a person is itself worth a record */
	if (begin(fd, err) != 0)
		goto fail;
	if (audit_append(fd->db, now, fd->uid, "contact.export", "contact", id) != 0) {
		db_fail(fd, err);
		db_rollback(fd->db);
		goto fail;
	}
	if (commit(fd, err) != 0)
		goto fail;
	return 0;
fail:
	fd_contact_data_clear(out);
	return -1;
}

/* ---- erasure ---- */

char *fd_erasure_file(const struct fd *fd)
{
	if (!fd->db_path || !strcmp(fd->db_path, ":memory:"))
		return NULL;
	return xasprintf("%s-erasures", fd->db_path);
}

/* Append "ID TIME" to the list beside the database and sync it, before
 * the erasure commits: a list entry without its erasure (the commit then
 * failed) only repeats what was asked for; an erasure missing from the
 * list would come back with the next restored backup. */
static int erasure_file_append(struct fd *fd, long long id, time_t now, struct fd_err *err)
{
	char *path = fd_erasure_file(fd);
	char line[64];
	int f, ok;
	struct stat sb;
	if (!path)
		return 0;
	f = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0660);
	if (f < 0) {
		fd_errf(err, 1, _("cannot record the erasure in %s: %s; nothing was erased"), path,
		        strerror(errno));
		free(path);
		return -1;
	}
	ok = fstat(f, &sb) == 0;
	if (ok && sb.st_size == 0) {
		static const char head[] =
			"# frontdesk erasures: contact id, time erased (UTC seconds).  Append-only;\n"
			"# keep beside the database.  After restoring a backup run\n"
			"# 'frontdesk contact forget --replay'.\n";
		ok = write(f, head, sizeof head - 1) == (ssize_t)(sizeof head - 1);
	}
	int len = snprintf(line, sizeof line, "%lld %lld\n", id, (long long)now);
	ok = ok && write(f, line, (size_t)len) == len && fsync(f) == 0;
	if (!ok)
		fd_errf(err, 1, _("cannot record the erasure in %s: %s; nothing was erased"), path,
		        strerror(errno));
	close(f);
	free(path);
	return ok ? 0 : -1;
}

int fd_contact_forget(struct fd *fd, long long id, int dry_run, time_t now,
                      struct fd_forget_result *res, struct fd_err *err)
{
	struct contact c = {0};
	int r;
	memset(res, 0, sizeof *res);
	if (!fd_allowed(fd, ACT_REPORT, err))
		return -1;
	if (begin(fd, err) != 0)
		return -1;
	r = db_contact_by_id(fd->db, id, &c);
	if (r < 0)
		goto fail_db;
	if (r == 0) {
		r = db_erasure_find(fd->db, id);
		if (r < 0)
			goto fail_db;
		fd_errf(err, 2, r ? _("contact %lld was erased already")
		                  : _("no contact has the id %lld; see 'frontdesk search'"), id);
		goto fail;
	}
	if (db_contact_forget(fd->db, id, now, &res->n) != 0)
		goto fail_db;
	if (dry_run) {
		db_rollback(fd->db);
		res->name = c.name;
		c.name = NULL;
		db_contact_clear(&c);
		return 0;
	}
	if (db_erasure_insert(fd->db, id, now, fd->uid) != 0 ||
	    audit_append(fd->db, now, fd->uid, "contact.forget", "contact", id) != 0)
		goto fail_db;
	if (erasure_file_append(fd, id, now, err) != 0 || fd_search_forget_saved(fd, err) != 0)
		goto fail;
	if (commit(fd, err) != 0) {
		db_contact_clear(&c);
		return -1;
	}
	res->name = c.name;
	c.name = NULL;
	db_contact_clear(&c);
	res->wal_busy = checkpoint(fd);
	return 0;
fail_db:
	db_fail(fd, err);
fail:
	db_rollback(fd->db);
	db_contact_clear(&c);
	return -1;
}

struct erasure_rec {
	long long id;
	time_t at;                  /* 0: not given */
};

/* Read "ID [TIME]" lines ('#' comments, blank lines).  0, 1 missing, -1. */
static int read_list(const char *path, struct erasure_rec **out, size_t *n,
                     struct fd_err *err)
{
	FILE *f = fopen(path, "re");
	char line[256];
	size_t lineno = 0, cap = 0;
	*out = NULL;
	*n = 0;
	if (!f) {
		if (errno == ENOENT)
			return 1;
		fd_errf(err, 1, _("cannot read %s: %s"), path, strerror(errno));
		return -1;
	}
	while (fgets(line, sizeof line, f)) {
		long long id, at = 0;
		char extra;
		lineno++;
		if (!strchr(line, '\n') && !feof(f))
			goto bad;
		char *p = line + strspn(line, " \t");
		if (*p == '#' || *p == '\n' || *p == '\0')
			continue;
		int k = sscanf(p, "%lld %lld %c", &id, &at, &extra);
		if (k < 1 || k > 2 || id <= 0 || at < 0)
			goto bad;
		if (*n == cap) {
			cap = cap ? cap * 2 : 32;
			*out = xrealloc(*out, cap * sizeof **out);
		}
		(*out)[*n].id = id;
		(*out)[*n].at = (time_t)(k == 2 ? at : 0);
		(*n)++;
	}
	if (ferror(f)) {
		fd_errf(err, 1, _("cannot read %s: %s"), path, strerror(errno));
		goto fail;
	}
	fclose(f);
	return 0;
bad:
	fd_errf(err, 2, _("%s:%zu: not an erasure record (a contact id and a time); "
	        "fix or remove the line"), path, lineno);
fail:
	fclose(f);
	free(*out);
	*out = NULL;
	*n = 0;
	return -1;
}

int fd_forget_replay(struct fd *fd, const char *from, time_t now,
                     struct fd_replay_result *res, struct fd_err *err)
{
	struct erasure_rec *list = NULL;
	size_t n = 0;
	char *def = NULL;
	int r, ret = -1;
	memset(res, 0, sizeof *res);
	if (!fd_allowed(fd, ACT_REPORT, err))
		return -1;
	if (!from) {
		def = fd_erasure_file(fd);
		if (!def) {
			fd_errf(err, 2, _("an in-memory database has no erasure list; give one with --from"));
			return -1;
		}
	}
	res->file = xstrdup(from ? from : def);
	r = read_list(res->file, &list, &n, err);
	if (r == 1 && !from) {
		ret = 0; /* nothing was ever erased here */
		goto out;
	}
	if (r == 1)
		fd_errf(err, 2, _("cannot read %s: no such file"), res->file);
	if (r != 0)
		goto out;
	res->listed = n;
	if (begin(fd, err) != 0)
		goto out;
	for (size_t i = 0; i < n; i++) {
		time_t created = 0;
		r = db_contact_created(fd->db, list[i].id, &created);
		if (r < 0)
			goto fail_db;
		if (r == 1 && list[i].at && created > list[i].at) {
			/* SQLite hands a deleted highest id out again: a newer person */
			res->kept++;
			continue;
		}
		if (r == 1) {
			if (db_contact_forget(fd->db, list[i].id, now, NULL) != 0 ||
			    audit_append(fd->db, now, fd->uid, "contact.forget", "contact", list[i].id) != 0)
				goto fail_db;
			res->erased++;
		} else {
			res->gone++;
		}
		r = db_erasure_find(fd->db, list[i].id);
		if (r < 0 || (r == 0 && db_erasure_insert(fd->db, list[i].id,
		                                          list[i].at ? list[i].at : now, fd->uid) != 0))
			goto fail_db;
	}
	if (res->erased && fd_search_forget_saved(fd, err) != 0) {
		db_rollback(fd->db);
		goto out;
	}
	if (commit(fd, err) != 0)
		goto out;
	/* also after nothing changed: a replay clears what an earlier busy
	 * checkpoint left in the log */
	res->wal_busy = checkpoint(fd);
	ret = 0;
	goto out;
fail_db:
	db_fail(fd, err);
	db_rollback(fd->db);
out:
	free(list);
	free(def);
	return ret;
}

/* ---- retention ---- */

int fd_retention_days(struct fd *fd, int *days, struct fd_err *err)
{
	char *v = NULL;
	int r = db_meta_get(fd->db, "retention_days", &v);
	if (r < 0)
		return db_fail(fd, err);
	*days = PRIVACY_DEFAULT_RETENTION_DAYS;
	if (r == 1 && v && fd_days_parse(v, days, err) != 0) {
		fd_errf(err, 1, _("the retention_days setting \"%.40s\" is not a number of days; "
		        "set it with 'frontdesk purge --set-retention DAYS'"), v);
		free(v);
		return -1;
	}
	free(v);
	return 0;
}

int fd_retention_set(struct fd *fd, int days, time_t now, struct fd_err *err)
{
	char buf[16];
	if (!fd_allowed(fd, ACT_ADMIN, err))
		return -1;
	if (days < 1 || days > PRIVACY_MAX_RETENTION_DAYS) {
		fd_errf(err, 2, _("%d is not a number of days (1 to %d)"), days, PRIVACY_MAX_RETENTION_DAYS);
		return -1;
	}
	snprintf(buf, sizeof buf, "%d", days);
	if (begin(fd, err) != 0)
		return -1;
	if (db_meta_set(fd->db, "retention_days", buf) != 0 ||
	    audit_append(fd->db, now, fd->uid, "settings.retention", "database", 0) != 0) {
		db_fail(fd, err);
		db_rollback(fd->db);
		return -1;
	}
	return commit(fd, err);
}

int fd_purge(struct fd *fd, int days, int dry_run, time_t now,
             struct fd_purge_result *res, struct fd_err *err)
{
	memset(res, 0, sizeof *res);
	if (!fd_allowed(fd, ACT_REPORT, err))
		return -1;
	if (days <= 0 && fd_retention_days(fd, &days, err) != 0)
		return -1;
	res->days = days;
	res->before = now - (time_t)days * 86400;
	if (begin(fd, err) != 0)
		return -1;
	if (db_purge(fd->db, res->before, &res->n) != 0)
		goto fail_db;
	if (dry_run) {
		db_rollback(fd->db);
		return 0;
	}
	/* audited also when nothing was due: cron's runs leave a trace */
	if (audit_append(fd->db, now, fd->uid, "privacy.purge", "database", 0) != 0)
		goto fail_db;
	if (commit(fd, err) != 0)
		return -1;
	if (res->n.calls || res->n.callbacks || res->n.attempt_notes || res->n.rings)
		res->wal_busy = checkpoint(fd);
	return 0;
fail_db:
	db_fail(fd, err);
	db_rollback(fd->db);
	return -1;
}
