#include "core/upkeep.h"
#include "core/audit.h"
#include "core/util.h"
#include "core/i18n.h"
#include "core/when.h"

#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* ---- the database's place on disk ---- */

static const char *const companions[] = {"-wal", "-shm", "-lock"};

static char *dir_of(const char *path)
{
	char *d = xstrdup(path);
	char *slash = strrchr(d, '/');
	if (!slash) {
		free(d);
		return xstrdup(".");
	}
	if (slash == d)
		slash[1] = '\0';
	else
		*slash = '\0';
	return d;
}

static void owner_text(const struct stat *sb, char *out, size_t n)
{
	struct passwd *pw = getpwuid(sb->st_uid);
	struct group *gr = getgrgid(sb->st_gid);
	char u[32], g[32];
	snprintf(u, sizeof u, "%lld", (long long)sb->st_uid);
	snprintf(g, sizeof g, "%lld", (long long)sb->st_gid);
	snprintf(out, n, _("owner %s, group %s, mode %04o"), pw ? pw->pw_name : u, gr ? gr->gr_name : g,
	         (unsigned)(sb->st_mode & 07777));
}

/* Copied into buf: getgrgid's result is overwritten by the next call. */
static const char *group_name(gid_t gid, char *buf, size_t n)
{
	struct group *gr = getgrgid(gid);
	if (gr)
		snprintf(buf, n, "%s", gr->gr_name);
	else
		snprintf(buf, n, "%lld", (long long)gid);
	return buf;
}

/* A directory set up for a team: setgid, or writable for its group (but
 * not for everyone, like /tmp). */
static int dir_shared(const struct stat *dsb)
{
	return (dsb->st_mode & S_ISGID) ||
	       ((dsb->st_mode & S_IWGRP) && !(dsb->st_mode & S_IWOTH));
}

/* What to do about file (sb) in dir (dsb), for the end of a message. */
static void advice(const char *dir, const struct stat *dsb, const struct stat *sb,
                   char *out, size_t n)
{
	char gbuf[64], fbuf[64];
	const char *dg = group_name(dsb->st_gid, gbuf, sizeof gbuf);
	if (dir_shared(dsb)) {
		char why[256] = "";
		if (sb && sb->st_gid != dsb->st_gid)
			snprintf(why, sizeof why, _("it belongs to group %s, not %s like its directory; "),
			         group_name(sb->st_gid, fbuf, sizeof fbuf), dg);
		if (!(dsb->st_mode & S_ISGID))
			snprintf(why + strlen(why), sizeof why - strlen(why),
			         _("%s lacks the setgid bit, so new files get each person's own group; "), dir);
		snprintf(out, n, _("%sto repair, run 'frontdesk setup-shared %s %s' as root"), why, dir, dg);
	} else {
		struct passwd *pw = getpwuid(sb ? sb->st_uid : dsb->st_uid);
		snprintf(out, n, _("ask %s (the owner) for access, or for a team run "
		         "'frontdesk setup-shared DIR GROUP' as root and keep the database there"),
		         pw ? pw->pw_name : _("its owner"));
	}
}

enum place_status place_check(const char *db_path, int creating, char *msg, size_t n)
{
	char *dir = dir_of(db_path), own[160], adv[512];
	enum place_status ret = PLACE_OK;
	struct stat dsb, sb;
	int dir_w;

	if (stat(dir, &dsb) != 0) {
		if (errno == ENOENT)
			snprintf(msg, n, _("the directory %s does not exist; check --db, or create it "
			         "(for a team: 'frontdesk setup-shared %s GROUP')"), dir, dir);
		else
			snprintf(msg, n, _("cannot reach the directory %s: %s"), dir, strerror(errno));
		ret = PLACE_BAD;
		goto out;
	}
	if (!S_ISDIR(dsb.st_mode)) {
		snprintf(msg, n, _("%s is not a directory; check --db"), dir);
		ret = PLACE_BAD;
		goto out;
	}
	if (access(dir, X_OK) != 0) {
		owner_text(&dsb, own, sizeof own);
		advice(dir, &dsb, NULL, adv, sizeof adv);
		snprintf(msg, n, _("you may not enter the directory %s (%s); %s"), dir, own, adv);
		ret = PLACE_BAD;
		goto out;
	}
	dir_w = access(dir, W_OK) == 0;
	if (stat(db_path, &sb) != 0) {
		if (errno == ENOENT && creating && !dir_w) {
			owner_text(&dsb, own, sizeof own);
			advice(dir, &dsb, NULL, adv, sizeof adv);
			snprintf(msg, n, _("cannot create %s: the directory %s is not writable for you (%s); %s"),
			         db_path, dir, own, adv);
			ret = PLACE_BAD;
		}
		/* a missing file is reported by the open, with its advice */
		goto out;
	}
	if (!S_ISREG(sb.st_mode))
		goto out;              /* the open says so */
	if (access(db_path, R_OK) != 0) {
		owner_text(&sb, own, sizeof own);
		advice(dir, &dsb, &sb, adv, sizeof adv);
		snprintf(msg, n, _("%s is not readable for you (%s); %s"), db_path, own, adv);
		ret = PLACE_BAD;
		goto out;
	}
	/* the companions: SQLite's -wal and -shm, our -lock */
	for (size_t i = 0; i < sizeof companions / sizeof *companions; i++) {
		char *p = xasprintf("%s%s", db_path, companions[i]);
		struct stat csb;
		int is_lock = i == 2;
		if (stat(p, &csb) != 0) {
			if (!dir_w) {
				owner_text(&dsb, own, sizeof own);
				advice(dir, &dsb, NULL, adv, sizeof adv);
				snprintf(msg, n, _("%s is missing and cannot be made: the directory %s is not "
				         "writable for you (%s); %s"), p, dir, own, adv);
				ret = PLACE_BAD;
				free(p);
				goto out;
			}
		} else if (access(p, R_OK) != 0) {
			owner_text(&csb, own, sizeof own);
			advice(dir, &dsb, &csb, adv, sizeof adv);
			snprintf(msg, n, _("%s is not readable for you (%s); %s"), p, own, adv);
			ret = PLACE_BAD;
			free(p);
			goto out;
		} else if (!is_lock && access(p, W_OK) != 0 && ret == PLACE_OK) {
			/* reading still works; writing will not */
			owner_text(&csb, own, sizeof own);
			advice(dir, &dsb, &csb, adv, sizeof adv);
			snprintf(msg, n, _("%s is not writable for you (%s); %s"), p, own, adv);
			ret = PLACE_READ_ONLY;
		}
		free(p);
	}
	if (ret == PLACE_OK && access(db_path, W_OK) != 0) {
		owner_text(&sb, own, sizeof own);
		advice(dir, &dsb, &sb, adv, sizeof adv);
		snprintf(msg, n, _("%s is not writable for you (%s); %s"), db_path,
		         errno == EROFS ? _("a read-only file system") : own, adv);
		ret = PLACE_READ_ONLY;
	}
out:
	free(dir);
	return ret;
}

void place_prepare(const char *db_path, int creating)
{
	char *dir = dir_of(db_path);
	struct stat dsb, sb;
	if (stat(dir, &dsb) == 0 && S_ISDIR(dsb.st_mode) && (dsb.st_mode & S_ISGID)) {
		mode_t old = umask(0);
		umask(old & ~(mode_t)(S_IRGRP | S_IWGRP));
		/* SQLite makes a new database 0644 and its -wal and -shm like
		 * the database: make it 0660 first (an empty file is an empty
		 * database) */
		if (creating && stat(db_path, &sb) != 0 && errno == ENOENT) {
			int fd = open(db_path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0660);
			if (fd >= 0) {
				fchmod(fd, 0660);
				close(fd);
			}
		}
	}
	free(dir);
}

char *place_group_problems(const char *db_path)
{
	char *dir = dir_of(db_path), gbuf[64], fbuf[64];
	struct stat dsb, sb;
	struct sbuf b = SBUF_INIT;
	if (stat(dir, &dsb) != 0 || !dir_shared(&dsb)) {
		free(dir);
		return NULL;
	}
	const char *dg = group_name(dsb.st_gid, gbuf, sizeof gbuf);
	if (!(dsb.st_mode & S_ISGID))
		sbuf_addf(&b, _("%s lacks the setgid bit, so new files get each person's own group\n"), dir);
	if ((dsb.st_mode & (S_IRWXG)) != S_IRWXG)
		sbuf_addf(&b, _("%s is not readable, writable and searchable for its group %s\n"), dir, dg);
	for (int i = -1; i < (int)(sizeof companions / sizeof *companions); i++) {
		char *p = i < 0 ? xstrdup(db_path) : xasprintf("%s%s", db_path, companions[i]);
		if (stat(p, &sb) == 0) {
			if (sb.st_gid != dsb.st_gid)
				sbuf_addf(&b, _("%s belongs to group %s, not %s\n"), p,
				          group_name(sb.st_gid, fbuf, sizeof fbuf), dg);
			if ((sb.st_mode & (S_IRGRP | S_IWGRP)) != (S_IRGRP | S_IWGRP))
				sbuf_addf(&b, _("%s is not readable and writable for the group (mode %04o)\n"), p,
				          (unsigned)(sb.st_mode & 07777));
		}
		free(p);
	}
	if (b.len)
		sbuf_addf(&b, _("to repair, run 'frontdesk setup-shared %s %s' as root\n"), dir, dg);
	free(dir);
	return b.len ? sbuf_detach(&b) : NULL;
}

/* ---- setup-shared ---- */

static int give_to_group(const char *path, gid_t gid, int is_dir, struct fd_err *err)
{
	struct stat sb;
	if (stat(path, &sb) != 0) {
		fd_errf(err, 1, _("cannot look at %s: %s"), path, strerror(errno));
		return -1;
	}
	if (sb.st_gid != gid && chown(path, (uid_t)-1, gid) != 0) {
		fd_errf(err, 1, _("cannot give %s to the group: %s%s"), path, strerror(errno),
		        errno == EPERM ? _("; run this as root, or as the file's owner and a member of the group") : "");
		return -1;
	}
	mode_t mode = is_dir ? (S_ISGID | S_IRWXU | S_IRWXG)
	                     : ((sb.st_mode & 0777) | S_IRUSR | S_IWUSR | S_IRGRP | S_IWGRP) & ~(mode_t)S_IRWXO;
	if ((sb.st_mode & 07777) != mode && chmod(path, mode) != 0) {
		fd_errf(err, 1, _("cannot change the mode of %s: %s"), path, strerror(errno));
		return -1;
	}
	return 0;
}

int fd_setup_shared(const char *dir, const char *group, char *done, size_t n,
                    struct fd_err *err)
{
	struct group *gr;
	struct stat sb;
	char *end;
	int made = 0;

	if (!dir || !*dir || !group || !*group) {
		fd_errf(err, 2, _("give a directory and a group: frontdesk setup-shared DIR GROUP"));
		return -1;
	}
	gr = getgrnam(group);
	if (!gr) {
		long v = strtol(group, &end, 10);
		if (*end == '\0' && v >= 0)
			gr = getgrgid((gid_t)v);
	}
	if (!gr) {
		fd_errf(err, 2, _("there is no group \"%.60s\"; create it with 'groupadd %.60s' and add "
		        "people with 'usermod -aG %.60s LOGIN'"), group, group, group);
		return -1;
	}
	gid_t gid = gr->gr_gid;
	char gname[64];
	snprintf(gname, sizeof gname, "%s", gr->gr_name);
	if (stat(dir, &sb) != 0) {
		if (errno != ENOENT) {
			fd_errf(err, 1, _("cannot look at %s: %s"), dir, strerror(errno));
			return -1;
		}
		if (mkdir(dir, 0700) != 0) {
			fd_errf(err, 1, _("cannot create %s: %s"), dir, strerror(errno));
			return -1;
		}
		made = 1;
	} else if (!S_ISDIR(sb.st_mode)) {
		fd_errf(err, 2, _("%s exists and is not a directory"), dir);
		return -1;
	}
	if (give_to_group(dir, gid, 1, err) != 0) {
		if (made)
			rmdir(dir);
		return -1;
	}
	/* files already there: any frontdesk database and its companions */
	int fixed = 0;
	char *base = xasprintf("%s/frontdesk.db", dir);
	for (int i = -1; i < (int)(sizeof companions / sizeof *companions); i++) {
		char *p = i < 0 ? xstrdup(base) : xasprintf("%s%s", base, companions[i]);
		if (stat(p, &sb) == 0) {
			if (give_to_group(p, gid, 0, err) != 0) {
				free(p);
				free(base);
				return -1;
			}
			fixed++;
		}
		free(p);
	}
	snprintf(done, n,
	         _("%s %s: group %s, mode 2770 (setgid: new files belong to the group)%s.\n"
	         "Next: 'frontdesk --db %s init' (once), then everyone uses FRONTDESK_DB=%s;\n"
	         "add people with 'usermod -aG %s LOGIN' (they log in again to join the group)."),
	         made ? _("created") : _("set up"), dir, gname,
	         fixed ? _("; the database files in it given to the group") : "", base, base, gname);
	free(base);
	return 0;
}

/* ---- backup ---- */

int fd_backup(struct fd *fd, const char *path, time_t now, struct fd_err *err)
{
	char dberr[512];
	if (!fd_allowed(fd, ACT_ADMIN, err))
		return -1;
	if (!path || !*path) {
		fd_errf(err, 2, _("give the file to write the backup to"));
		return -1;
	}
	if (db_backup(fd->db, path, dberr, sizeof dberr) != 0) {
		fd_errf(err, 1, "%s", dberr);
		return -1;
	}
	/* who took a copy of everything: on the audit trail (after the copy,
	 * which therefore does not show its own making) */
	if (fd_batch_begin(fd, err) != 0)
		return -1;
	if (audit_append(fd->db, now, fd->uid, "backup", "database", 0) != 0) {
		fd_errf(err, 1, _("the backup %s was written, but the audit trail could not record it: %s"),
		        path, db_errmsg(fd->db));
		fd_batch_end(fd, 0, NULL);
		return -1;
	}
	return fd_batch_end(fd, 1, err);
}

/* ---- verify ---- */

struct chain {
	struct fd_verify *v;
	int started;               /* a row with a hash was seen */
	char prev[65];
};

static void row_text(const struct db_audit_row *r, char *out, size_t n)
{
	char t[40];
	when_format_iso(r->at, t, sizeof t);
	if (r->entity_id)
		snprintf(out, n, _("row %lld: %s, %s %s %lld"), r->id, t, r->action, r->entity, r->entity_id);
	else
		snprintf(out, n, _("row %lld: %s, %s %s"), r->id, t, r->action, r->entity);
}

static int chain_row(void *ctx, const struct db_audit_row *r)
{
	struct chain *c = ctx;
	char want[65], what[200];
	c->v->rows++;
	if (!r->hash || !*r->hash) {
		if (!c->started) {
			c->v->unchained++;
			return 0;
		}
		row_text(r, what, sizeof what);
		c->v->problem = xasprintf(_("the audit trail was changed: %s has no hash, "
		                          "though the rows before it have"), what);
		c->v->bad_row = r->id;
		return 1;
	}
	row_text(r, what, sizeof what);
	if (strcmp(r->prev_hash ? r->prev_hash : "", c->prev) != 0) {
		c->v->problem = xasprintf(_("the audit trail was changed: %s does not follow the row "
		                          "before it (rows removed, or the row before it altered)"), what);
		c->v->bad_row = r->id;
		return 1;
	}
	audit_hash(c->prev, r->at, r->uid, r->action, r->entity, r->entity_id, want);
	if (strcmp(want, r->hash) != 0) {
		c->v->problem = xasprintf(_("the audit trail was changed: %s does not match its hash"), what);
		c->v->bad_row = r->id;
		return 1;
	}
	c->started = 1;
	memcpy(c->prev, r->hash, sizeof c->prev);
	c->prev[64] = '\0';
	return 0;
}

void fd_verify_clear(struct fd_verify *v)
{
	free(v->problem);
	free(v->warnings);
	memset(v, 0, sizeof *v);
}

int fd_verify(struct fd *fd, struct fd_verify *v, struct fd_err *err)
{
	struct chain c;
	char *problem = NULL;
	memset(v, 0, sizeof *v);
	if (!fd_allowed(fd, ACT_REPORT, err))
		return -1;
	int r = db_check(fd->db, &problem);
	if (r < 0) {
		fd_errf(err, 1, "%s", db_errmsg(fd->db));
		return -1;
	}
	if (r > 0) {
		v->problem = xasprintf(_("%s; restore it from a backup (see frontdesk(1), BACKUP AND RESTORE)"),
		                       problem);
		free(problem);
		return 0;
	}
	memset(&c, 0, sizeof c);
	c.v = v;
	/* one snapshot for the whole walk, so writers meanwhile do not matter */
	db_report_snapshot_begin(fd->db);
	r = db_audit_scan(fd->db, chain_row, &c);
	db_report_snapshot_end(fd->db);
	if (r < 0) {
		fd_errf(err, 1, "%s", db_errmsg(fd->db));
		fd_verify_clear(v);
		return -1;
	}
	snprintf(v->head, sizeof v->head, "%s", c.prev);
	if (fd->db_path && strcmp(fd->db_path, ":memory:") != 0)
		v->warnings = place_group_problems(fd->db_path);
	return 0;
}
