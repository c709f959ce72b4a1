#include "core/fd.h"
#include "core/audit.h"
#include "core/directory.h"
#include "core/i18n.h"
#include "core/phone.h"
#include "core/queue.h"
#include "core/text.h"
#include "core/upkeep.h"
#include "core/util.h"
#include "core/when.h"

#include <errno.h>
#include <limits.h>
#include <pwd.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define NAME_MAX_BYTES 200
#define TEXT_MAX_BYTES 8000

void fd_errf(struct fd_err *err, int code, const char *fmt, ...)
{
	va_list ap;
	if (!err)
		return;
	err->code = code;
	va_start(ap, fmt);
	vsnprintf(err->msg, sizeof err->msg, fmt, ap);
	va_end(ap);
}

static int db_fail(struct fd *fd, struct fd_err *err)
{
	fd_errf(err, 1, "%s", db_errmsg(fd->db));
	return -1;
}

/* arguments and JSON values; the screens show them translated */
static const char *const role_names[] = {
	[ROLE_NONE] = N_("none"), [ROLE_EMPLOYEE] = N_("employee"),
	[ROLE_RECEPTIONIST] = N_("receptionist"), [ROLE_SUPERVISOR] = N_("supervisor"),
	[ROLE_ADMIN] = N_("admin"),
};
/* callback states and attempt notes, as people see them */
static const char *const status_words[] __attribute__((unused)) = {
	N_("open"), N_("done"), N_("cancelled"), N_("will-call-again"), N_("note"), N_("snoozed"),
};

const char *fd_role_name(enum fd_role r)
{
	return r <= ROLE_ADMIN ? role_names[r] : "none";
}

int fd_role_parse(const char *s, enum fd_role *out)
{
	for (int r = ROLE_EMPLOYEE; r <= ROLE_ADMIN; r++)
		if (s && strcmp(s, role_names[r]) == 0) {
			*out = (enum fd_role)r;
			return 0;
		}
	return -1;
}

char *fd_default_db_path(void)
{
	const char *x = getenv("XDG_DATA_HOME");
	if (x && *x == '/')
		return xasprintf("%s/frontdesk/frontdesk.db", x);
	const char *home = getenv("HOME");
	if (!home || !*home) {
		struct passwd *pw = getpwuid(getuid());
		home = pw ? pw->pw_dir : "/";
	}
	return xasprintf("%s/.local/share/frontdesk/frontdesk.db", home);
}

/* mkdir -p for the directory part of path, private to the user (0700). */
static int make_parent_dirs(const char *path, struct fd_err *err)
{
	char *p = xstrdup(path);
	for (char *s = p + 1; *s; s++) {
		if (*s != '/')
			continue;
		*s = '\0';
		if (mkdir(p, 0700) != 0 && errno != EEXIST) {
			fd_errf(err, 1, _("cannot create the directory %s: %s"), p, strerror(errno));
			free(p);
			return -1;
		}
		*s = '/';
	}
	free(p);
	return 0;
}

static long meta_long(struct fd *fd, const char *key, long def)
{
	char *v = NULL;
	long r = def;
	if (db_meta_get(fd->db, key, &v) == 1 && v) {
		char *end;
		long x = strtol(v, &end, 10);
		if (*end == '\0' && end != v)
			r = x;
	}
	free(v);
	return r;
}

static int load_actor(struct fd *fd, const char *as_login, long long uid_override,
                      struct fd_err *err)
{
	uid_t real = getuid();
	fd->uid = uid_override >= 0 ? uid_override : (long long)real;
	struct passwd *pw = getpwuid((uid_t)fd->uid);
	fd->login = xstrdup(pw ? pw->pw_name : "unknown");

	fd->is_owner = fd->uid == 0;
	if (fd->db_path && strcmp(fd->db_path, ":memory:") != 0) {
		struct stat sb;
		if (stat(fd->db_path, &sb) == 0 && (long long)sb.st_uid == fd->uid)
			fd->is_owner = 1;
	} else {
		fd->is_owner = 1;
	}
	if (as_login) {
		if (!fd->is_owner) {
			fd_errf(err, 2, _("--as is only for the database's owner or root; you are %s"), fd->login);
			return -1;
		}
		int r = db_staff_by_login(fd->db, as_login, &fd->me);
		if (r < 0)
			return db_fail(fd, err);
		if (r == 0) {
			fd_errf(err, 2, _("no staff member has the login \"%s\"; see 'frontdesk staff list'"), as_login);
			return -1;
		}
		free(fd->login);
		fd->login = xstrdup(as_login);
		fd->has_staff = 1;
		fd->is_owner = 0; /* acting as someone means acting with their rights */
	} else {
		int r = db_staff_by_login(fd->db, fd->login, &fd->me);
		if (r < 0)
			return db_fail(fd, err);
		fd->has_staff = r == 1;
	}
	fd->role = ROLE_NONE;
	if (fd->has_staff)
		fd_role_parse(fd->me.role, &fd->role);
	if (fd->is_owner)
		fd->role = ROLE_ADMIN;
	return 0;
}

int fd_open(const struct fd_open_opts *o, struct fd **out, struct fd_err *err)
{
	struct fd *fd = xcalloc(1, sizeof *fd);
	char dberr[512];
	enum db_open_mode mode = DB_OPEN_EXISTING;

	if (o->memory) {
		fd->db_path = xstrdup(":memory:");
		mode = DB_OPEN_MEMORY;
	} else if (o->db_path && *o->db_path) {
		fd->db_path = xstrdup(o->db_path);
		mode = o->create ? DB_OPEN_CREATE : DB_OPEN_EXISTING;
	} else if (getenv("FRONTDESK_DB") && *getenv("FRONTDESK_DB")) {
		fd->db_path = xstrdup(getenv("FRONTDESK_DB"));
		mode = o->create ? DB_OPEN_CREATE : DB_OPEN_EXISTING;
	} else {
		/* the default place is made on first use */
		fd->db_path = fd_default_db_path();
		mode = DB_OPEN_CREATE;
		if (make_parent_dirs(fd->db_path, err) != 0)
			goto fail;
	}
	if (mode != DB_OPEN_MEMORY) {
		/* name what is wrong with the place before SQLite can only say
		 * "unable to open database file" */
		place_prepare(fd->db_path, mode == DB_OPEN_CREATE);
		enum place_status ps = place_check(fd->db_path, mode == DB_OPEN_CREATE, dberr, sizeof dberr);
		if (ps == PLACE_BAD) {
			fd_errf(err, 1, "%s", dberr);
			goto fail;
		}
		if (ps == PLACE_READ_ONLY)
			fd->read_only_why = xstrdup(dberr);
	}
	if (db_open(fd->db_path, mode, &fd->db, dberr, sizeof dberr) != 0) {
		fd_errf(err, 1, "%s", dberr);
		goto fail;
	}
	fd->default_cc = (int)meta_long(fd, "country_code", 49);
	fd->callback_promise = meta_long(fd, "callback_promise", 3600);
	fd->reschedule_step = meta_long(fd, "reschedule_step", 3600);
	if (load_actor(fd, o->as_login, o->uid_override, err) != 0)
		goto fail;
	*out = fd;
	return 0;
fail:
	fd_close(&fd);
	return -1;
}


void fd_close(struct fd **pfd)
{
	struct fd *fd = *pfd;
	if (!fd)
		return;
	directory_free(&fd->dir);
	for (size_t i = 0; i < fd->n_settings; i++) {
		free(fd->settings[i].key);
		free(fd->settings[i].value);
	}
	free(fd->settings);
	db_close(&fd->db);
	db_staff_clear(&fd->me);
	free(fd->login);
	free(fd->db_path);
	free(fd->read_only_why);
	free(fd);
	*pfd = NULL;
}

/* ---- transactions ---- */

/* Refuse a write up front when the place on disk cannot take it. */
static int check_writable(struct fd *fd, struct fd_err *err)
{
	if (!fd->read_only_why)
		return 0;
	fd_errf(err, 1, _("cannot save: %s"), fd->read_only_why);
	return -1;
}

static int tx_begin(struct fd *fd, struct fd_err *err)
{
	if (fd->batch)
		return 0;
	if (check_writable(fd, err) != 0)
		return -1;
	if (db_begin(fd->db) != 0)
		return db_fail(fd, err);
	return 0;
}

static int tx_commit(struct fd *fd, struct fd_err *err)
{
	if (fd->batch)
		return 0;
	if (db_commit(fd->db) != 0)
		return db_fail(fd, err);
	return 0;
}

static void tx_rollback(struct fd *fd)
{
	if (!fd->batch)
		db_rollback(fd->db);
}

int fd_batch_begin(struct fd *fd, struct fd_err *err)
{
	if (check_writable(fd, err) != 0)
		return -1;
	if (db_begin(fd->db) != 0)
		return db_fail(fd, err);
	fd->batch = 1;
	return 0;
}

int fd_batch_end(struct fd *fd, int commit, struct fd_err *err)
{
	fd->batch = 0;
	if (!commit) {
		db_rollback(fd->db);
		return 0;
	}
	if (db_commit(fd->db) != 0)
		return db_fail(fd, err);
	return 0;
}

static int audit(struct fd *fd, time_t now, const char *action, const char *entity,
                 long long id, struct fd_err *err)
{
	if (audit_append(fd->db, now, fd->uid, action, entity, id) != 0)
		return db_fail(fd, err);
	return 0;
}

/* ---- permissions ---- */

int fd_allowed(struct fd *fd, enum fd_action a, struct fd_err *err)
{
	enum fd_role r = fd->role;
	int ok = 0;
	switch (a) {
	case ACT_READ_DIRECTORY:
	case ACT_LOG_CALL:
		ok = r != ROLE_NONE;
		break;
	case ACT_SET_PRESENCE:
	case ACT_WORK_QUEUE:
		ok = r == ROLE_RECEPTIONIST || r == ROLE_SUPERVISOR || r == ROLE_ADMIN;
		break;
	case ACT_REPORT:
		ok = r == ROLE_SUPERVISOR || r == ROLE_ADMIN;
		break;
	case ACT_ADMIN:
		ok = r == ROLE_ADMIN;
		break;
	}
	if (ok)
		return 1;
	if (r == ROLE_NONE)
		fd_errf(err, 1, _("you (%s) are not in the staff directory; ask an administrator to run "
		        "'frontdesk staff add --login %s'"), fd->login, fd->login);
	else
		fd_errf(err, 1, _("not allowed for your role (%s); ask a supervisor or an administrator"),
		        fd_role_name(r));
	return 0;
}

int fd_init(struct fd *fd, int country_code, time_t now, struct fd_err *err)
{
	char buf[32];
	if (country_code <= 0 || country_code > 999 || (snprintf(buf, sizeof buf, "%d", country_code),
	                                               phone_cc_len(buf) != (int)strlen(buf))) {
		fd_errf(err, 2, _("%d is not a country calling code (e.g. 49 for Germany)"), country_code);
		return -1;
	}
	if (tx_begin(fd, err) != 0)
		return -1;
	char *owner = NULL;
	int have = db_meta_get(fd->db, "owner_uid", &owner);
	free(owner);
	if (have < 0)
		goto fail_db;
	if (db_meta_set(fd->db, "country_code", buf) != 0)
		goto fail_db;
	if (have == 0) {
		char uid[32], at[32];
		snprintf(uid, sizeof uid, "%lld", fd->uid);
		snprintf(at, sizeof at, "%lld", (long long)now);
		if (db_meta_set(fd->db, "owner_uid", uid) != 0 || db_meta_set(fd->db, "created", at) != 0)
			goto fail_db;
	}
	if (audit(fd, now, "init", "database", 0, err) != 0)
		goto fail;
	if (tx_commit(fd, err) != 0)
		return -1;
	fd->default_cc = country_code;
	return 0;
fail_db:
	db_fail(fd, err);
fail:
	tx_rollback(fd);
	return -1;
}

/* ---- input checks ---- */

/* Clean a one-line field; NULL input stays NULL.  -1 with a reason. */
static int clean_field(const char *what, const char *in, int required, size_t max,
                       char **out, struct fd_err *err)
{
	*out = NULL;
	if (!in || !*in) {
		if (required) {
			fd_errf(err, 2, _("%s is missing"), _(what));
			return -1;
		}
		return 0;
	}
	if (strlen(in) > max) {
		fd_errf(err, 2, _("%s is too long (at most %zu bytes)"), _(what), max);
		return -1;
	}
	char *c = text_clean_line(in);
	if (!c) {
		fd_errf(err, 2, _("%s is not valid UTF-8; check the terminal's or file's encoding"), _(what));
		return -1;
	}
	if (!*c) {
		free(c);
		if (required) {
			fd_errf(err, 2, _("%s is empty"), _(what));
			return -1;
		}
		return 0;
	}
	*out = c;
	return 0;
}

static int clean_text(const char *what, const char *in, char **out, struct fd_err *err)
{
	*out = NULL;
	if (!in || !*in)
		return 0;
	if (strlen(in) > TEXT_MAX_BYTES) {
		fd_errf(err, 2, _("%s is too long (at most %d bytes)"), _(what), TEXT_MAX_BYTES);
		return -1;
	}
	char *c = text_clean_multiline(in);
	if (!c) {
		fd_errf(err, 2, _("%s is not valid UTF-8"), _(what));
		return -1;
	}
	if (!*c) {
		free(c);
		return 0;
	}
	*out = c;
	return 0;
}

static int normalize_number(struct fd *fd, const char *typed, char out[PHONE_MAX],
                            struct fd_err *err)
{
	const char *why = NULL;
	if (phone_normalize(typed, fd->default_cc, out, &why) != 0) {
		char *esc = text_escape(typed, 0);
		fd_errf(err, 2, _("\"%.60s\" is not a phone number: %s"), esc, why ? why : _("invalid"));
		free(esc);
		return -1;
	}
	return 0;
}

static int valid_login(const char *s)
{
	if (!s || !*s || strlen(s) > 32)
		return 0;
	for (const char *p = s; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
		      *p == '_' || *p == '-' || *p == '.'))
			return 0;
	return s[0] != '-';
}

static int valid_ext(const char *s)
{
	if (!s || !*s || strlen(s) > 8)
		return 0;
	for (const char *p = s; *p; p++)
		if (*p < '0' || *p > '9')
			return 0;
	return 1;
}

/* ---- staff ---- */

int fd_staff_add(struct fd *fd, const struct fd_staff_input *in, time_t now,
                 long long *id, struct fd_err *err)
{
	struct staff s = {0};
	struct staff dep = {0};
	char e164[PHONE_MAX];
	int ret = -1;
	long long newid = 0;

	if (!fd_allowed(fd, ACT_ADMIN, err))
		return -1;
	if (clean_field(N_("the name"), in->name, 1, NAME_MAX_BYTES, &s.name, err) != 0)
		goto out;
	if (!valid_login(in->login)) {
		fd_errf(err, 2, _("a login is letters, digits, '.', '_' and '-' (at most 32), like a Unix user name"));
		goto out;
	}
	s.login = xstrdup(in->login);
	if (in->ext && *in->ext) {
		if (!valid_ext(in->ext)) {
			fd_errf(err, 2, _("an extension is 1 to 8 digits, like 201"));
			goto out;
		}
		s.ext = xstrdup(in->ext);
	}
	if (in->phone && *in->phone) {
		if (normalize_number(fd, in->phone, e164, err) != 0)
			goto out;
		s.phone = xstrdup(e164);
	}
	if (clean_field(N_("the email"), in->email, 0, NAME_MAX_BYTES, &s.email, err) != 0 ||
	    clean_field(N_("the department"), in->department, 0, NAME_MAX_BYTES, &s.department, err) != 0)
		goto out;
	enum fd_role role = ROLE_EMPLOYEE;
	if (in->role && fd_role_parse(in->role, &role) != 0) {
		fd_errf(err, 2, _("unknown role \"%.40s\"; use receptionist, employee, supervisor or admin"), in->role);
		goto out;
	}
	s.role = xstrdup(fd_role_name(role));
	if (tx_begin(fd, err) != 0)
		goto out;
	if (in->deputy && *in->deputy) {
		int r = db_staff_by_login(fd->db, in->deputy, &dep);
		if (r < 0) {
			db_fail(fd, err);
			goto rollback;
		}
		if (r == 0) {
			fd_errf(err, 2, _("no staff member has the login \"%.40s\" (the deputy); add them first"), in->deputy);
			goto rollback;
		}
		s.deputy_id = dep.id;
	}
	if (db_staff_insert(fd->db, &s, &newid) != 0) {
		fd_errf(err, db_last_constraint(fd->db) ? 2 : 1, "%s", db_errmsg(fd->db));
		goto rollback;
	}
	if (audit(fd, now, "staff.add", "staff", newid, err) != 0)
		goto rollback;
	if (tx_commit(fd, err) != 0)
		goto out;
	if (id)
		*id = newid;
	ret = 0;
	goto out;
rollback:
	tx_rollback(fd);
out:
	db_staff_clear(&s);
	db_staff_clear(&dep);
	return ret;
}

int fd_staff_list(struct fd *fd, struct staff **out, size_t *n, struct fd_err *err)
{
	if (!fd_allowed(fd, ACT_READ_DIRECTORY, err))
		return -1;
	if (db_staff_list(fd->db, out, n) != 0)
		return db_fail(fd, err);
	return 0;
}

int fd_staff_find(struct fd *fd, const char *key, struct staff *out, struct fd_err *err)
{
	int r = db_staff_by_login(fd->db, key, out);
	if (r == 0 && valid_ext(key))
		r = db_staff_by_ext(fd->db, key, out);
	if (r < 0)
		return db_fail(fd, err);
	return r;
}

/* the words are arguments; people see them translated (fd_presence_describe) */
static const char *const presences[] = {N_("in"), N_("out"), N_("meeting"), N_("lunch"), N_("vacation"), N_("sick")};

int fd_presence_valid(const char *status)
{
	for (size_t i = 0; i < sizeof presences / sizeof *presences; i++)
		if (status && strcmp(status, presences[i]) == 0)
			return 1;
	return 0;
}

int fd_staff_present(const struct staff *s, time_t now)
{
	if (!s->presence || strcmp(s->presence, "in") == 0)
		return 1;
	return s->presence_until && s->presence_until <= now;
}

char *fd_presence_describe(const struct staff *s, time_t now)
{
	struct sbuf b = SBUF_INIT;
	char t[64];
	if (fd_staff_present(s, now)) {
		sbuf_adds(&b, _("in"));
	} else {
		sbuf_adds(&b, _(s->presence));
		if (s->presence_until) {
			when_format_short(s->presence_until, now, t, sizeof t);
			sbuf_addf(&b, _(" until %s"), t);
		}
		/* the deputy before the note: narrow columns cut from the end */
		if (s->deputy_name)
			sbuf_addf(&b, _(" · deputy: %s"), s->deputy_name);
		if (s->presence_note && *s->presence_note)
			sbuf_addf(&b, " (%s)", s->presence_note);
	}
	return sbuf_detach(&b);
}

int fd_presence_set(struct fd *fd, const char *login, const char *status,
                    const char *until, const char *note, time_t now,
                    struct fd_err *err)
{
	struct staff s = {0};
	char *cnote = NULL;
	time_t until_t = 0;
	const char *why;
	int ret = -1;

	if (!fd_presence_valid(status)) {
		fd_errf(err, 2, _("unknown presence \"%.40s\"; use in, out, meeting, lunch, vacation or sick"),
		        status ? status : "");
		return -1;
	}
	if (until && *until) {
		if (strcmp(status, "in") == 0) {
			fd_errf(err, 2, _("--until goes with an absence (out, meeting, lunch, vacation, sick)"));
			return -1;
		}
		if (when_parse_future(until, now, &until_t, &why) != 0) {
			fd_errf(err, 2, "--until: %s", why);
			return -1;
		}
	}
	if (clean_field(N_("the note"), note, 0, NAME_MAX_BYTES, &cnote, err) != 0)
		return -1;
	int r = fd_staff_find(fd, login, &s, err);
	if (r <= 0) {
		if (r == 0)
			fd_errf(err, 2, _("no staff member matches \"%.40s\"; try 'frontdesk search %.40s'"), login, login);
		goto out;
	}
	if (!(fd->has_staff && s.id == fd->me.id) && !fd_allowed(fd, ACT_SET_PRESENCE, err))
		goto out;
	if (tx_begin(fd, err) != 0)
		goto out;
	if (db_staff_set_presence(fd->db, s.id, status, strcmp(status, "in") ? until_t : 0,
	                          strcmp(status, "in") ? cnote : NULL, now) != 0) {
		db_fail(fd, err);
		tx_rollback(fd);
		goto out;
	}
	if (audit(fd, now, "presence.set", "staff", s.id, err) != 0) {
		tx_rollback(fd);
		goto out;
	}
	ret = tx_commit(fd, err);
out:
	free(cnote);
	db_staff_clear(&s);
	return ret;
}

/* ---- contacts ---- */

static int contact_insert(struct fd *fd, const char *name, const char *company,
                          const char *e164, const char *typed, const char *email,
                          const char *note, time_t now, long long *id, struct fd_err *err)
{
	struct contact c = {0};
	int ret = -1;
	if (clean_field(N_("the name"), name, 1, NAME_MAX_BYTES, &c.name, err) != 0 ||
	    clean_field(N_("the company"), company, 0, NAME_MAX_BYTES, &c.company, err) != 0 ||
	    clean_field(N_("the email"), email, 0, NAME_MAX_BYTES, &c.email, err) != 0 ||
	    clean_text(N_("the note"), note, &c.note, err) != 0)
		goto out;
	if (db_contact_insert(fd->db, &c, now, id) != 0) {
		db_fail(fd, err);
		goto out;
	}
	if (e164 && db_contact_add_number(fd->db, *id, e164, typed) != 0) {
		db_fail(fd, err);
		goto out;
	}
	if (audit(fd, now, "contact.add", "contact", *id, err) != 0)
		goto out;
	ret = 0;
out:
	db_contact_clear(&c);
	return ret;
}

int fd_contact_add(struct fd *fd, const struct fd_contact_input *in, time_t now,
                   long long *id, struct fd_err *err)
{
	char e164[PHONE_MAX];
	long long newid = 0;
	if (!fd_allowed(fd, ACT_LOG_CALL, err))
		return -1;
	if (!in->phone || !*in->phone) {
		fd_errf(err, 2, _("a contact needs a phone number (--phone)"));
		return -1;
	}
	if (normalize_number(fd, in->phone, e164, err) != 0)
		return -1;
	if (tx_begin(fd, err) != 0)
		return -1;
	if (contact_insert(fd, in->name, in->company, e164, in->phone, in->email, in->note,
	                   now, &newid, err) != 0) {
		tx_rollback(fd);
		return -1;
	}
	if (tx_commit(fd, err) != 0)
		return -1;
	if (id)
		*id = newid;
	return 0;
}

int fd_contact_get(struct fd *fd, long long id, struct contact *out, struct fd_err *err)
{
	int r = db_contact_by_id(fd->db, id, out);
	if (r < 0)
		return db_fail(fd, err);
	if (r == 0)
		fd_errf(err, 2, _("no contact has the id %lld"), id);
	return r;
}

/* ---- callers ---- */

void fd_caller_clear(struct fd_caller *c)
{
	db_contact_clear(&c->contact);
	db_callback_free_list(c->open, c->n_open);
	db_call_free_list(c->recent, c->n_recent);
	memset(c, 0, sizeof *c);
}

static int caller_fill(struct fd *fd, const char *e164, long long contact_id, time_t now,
                       struct fd_caller *out, struct fd_err *err)
{
	int r;
	snprintf(out->e164, sizeof out->e164, "%s", e164 ? e164 : "");
	if (contact_id)
		r = db_contact_by_id(fd->db, contact_id, &out->contact);
	else if (e164 && *e164)
		r = db_contact_by_number(fd->db, e164, &out->contact);
	else
		r = 0;
	if (r < 0)
		return db_fail(fd, err);
	out->known = r == 1;
	struct db_call_filter f = {0};
	if (out->known)
		f.contact_id = out->contact.id;
	else if (e164 && *e164)
		f.number = e164;
	else
		return 0;
	f.limit = 5;
	if (db_call_list(fd->db, &f, &out->recent, &out->n_recent) != 0)
		return db_fail(fd, err);
	struct call *today = NULL;
	size_t n_today = 0;
	f.limit = 0;
	f.since = when_day_start(now);
	if (db_call_list(fd->db, &f, &today, &n_today) != 0)
		return db_fail(fd, err);
	out->calls_today = (int)n_today;
	db_call_free_list(today, n_today);
	/* open callbacks for this caller, whoever they are for */
	struct callback *all = NULL;
	size_t n_all = 0;
	struct db_callback_filter cf = {0, 1, 0};
	if (db_callback_list(fd->db, &cf, now, &all, &n_all) != 0)
		return db_fail(fd, err);
	for (size_t i = 0; i < n_all; i++) {
		int mine = out->known ? all[i].contact_id == out->contact.id
		                      : (all[i].number && strcmp(all[i].number, e164) == 0);
		if (mine) {
			out->open = xrealloc(out->open, (out->n_open + 1) * sizeof *out->open);
			out->open[out->n_open++] = all[i];
		} else {
			db_callback_clear(&all[i]);
		}
	}
	free(all);
	return 0;
}

int fd_caller_lookup(struct fd *fd, const char *number, time_t now,
                     struct fd_caller *out, struct fd_err *err)
{
	char e164[PHONE_MAX];
	memset(out, 0, sizeof *out);
	if (!fd_allowed(fd, ACT_READ_DIRECTORY, err))
		return -1;
	if (normalize_number(fd, number, e164, err) != 0)
		return -1;
	if (caller_fill(fd, e164, 0, now, out, err) != 0) {
		fd_caller_clear(out);
		return -1;
	}
	return 0;
}

static const char *ordinal(int n)
{
	static char buf[16];
	/* TRANSLATORS: ordinal suffixes: 1st, 2nd, 3rd, 4th; German uses "." for all */
	const char *suf = _("th");
	if (n % 100 < 11 || n % 100 > 13) {
		if (n % 10 == 1) suf = _("st");
		else if (n % 10 == 2) suf = _("nd");
		else if (n % 10 == 3) suf = _("rd");
	}
	snprintf(buf, sizeof buf, "%d%s", n, suf);
	return buf;
}

char *fd_caller_summary(const struct fd_caller *c, time_t now)
{
	struct sbuf b = SBUF_INIT;
	char num[40], t[48];
	phone_format(c->e164, num, sizeof num);
	if (c->known) {
		sbuf_adds(&b, c->contact.name);
		if (c->contact.company)
			sbuf_addf(&b, " (%s)", c->contact.company);
	} else {
		sbuf_adds(&b, _("unknown caller"));
	}
	if (*num)
		sbuf_addf(&b, " · %s", num);
	/* this very call counts too */
	if (c->calls_today > 0)
		sbuf_addf(&b, _(" · %s call today"), ordinal(c->calls_today + 1));
	for (size_t i = 0; i < c->n_open && i < 2; i++) {
		const struct callback *cb = &c->open[i];
		when_format_relative(cb->due, now, t, sizeof t);
		sbuf_addf(&b, cb->due < now ? _(" · callback #%lld %s, for %s") : _(" · callback #%lld due %s, for %s"), cb->id, t, cb->assignee_name ? cb->assignee_name : "?");
	}
	return sbuf_detach(&b);
}

int fd_ring(struct fd *fd, const char *number, const char *to_ext, time_t now,
            struct fd_caller *out, long long *ring_id, struct fd_err *err)
{
	char e164[PHONE_MAX];
	struct ring r = {0};
	memset(out, 0, sizeof *out);
	if (!fd_allowed(fd, ACT_LOG_CALL, err))
		return -1;
	if (normalize_number(fd, number, e164, err) != 0)
		return -1;
	if (to_ext && *to_ext && !valid_ext(to_ext)) {
		fd_errf(err, 2, _("--to takes an extension (digits), like 201"));
		return -1;
	}
	if (caller_fill(fd, e164, 0, now, out, err) != 0)
		goto fail;
	if (tx_begin(fd, err) != 0)
		goto fail;
	r.at = now;
	r.number = e164;
	r.to_ext = (char *)to_ext;
	r.contact_id = out->known ? out->contact.id : 0;
	if (db_ring_insert(fd->db, &r, ring_id) != 0) {
		db_fail(fd, err);
		tx_rollback(fd);
		goto fail;
	}
	if (tx_commit(fd, err) != 0)
		goto fail;
	return 0;
fail:
	fd_caller_clear(out);
	return -1;
}

/* ---- calls ---- */

/* arguments; people see them translated */
static const char *const outcomes[] = {N_("connected"), N_("unreached"), N_("message")};

int fd_call_log(struct fd *fd, const struct fd_call_input *in, time_t now,
                struct fd_call_result *res, struct fd_err *err)
{
	struct staff wanted = {0}, assignee = {0};
	struct contact known = {0};
	struct callback open = {0};
	struct call c = {0};
	char e164[PHONE_MAX] = "";
	char *subject = NULL, *message = NULL;
	const char *outcome = in->outcome && *in->outcome ? in->outcome : "unreached";
	time_t due = 0;
	int ret = -1, r;

	memset(res, 0, sizeof *res);
	if (!fd_allowed(fd, ACT_LOG_CALL, err))
		return -1;
	size_t i;
	for (i = 0; i < sizeof outcomes / sizeof *outcomes; i++)
		if (strcmp(outcome, outcomes[i]) == 0)
			break;
	if (i == sizeof outcomes / sizeof *outcomes) {
		fd_errf(err, 2, _("unknown outcome \"%.40s\"; use connected, unreached or message"), outcome);
		return -1;
	}
	if (in->callback && strcmp(outcome, "unreached") != 0) {
		fd_errf(err, 2, _("a callback goes with an unreached call (--outcome unreached)"));
		return -1;
	}
	if (!in->for_login || !*in->for_login) {
		fd_errf(err, 2, _("say whom the caller wanted (a login or extension)"));
		return -1;
	}
	if (in->from && *in->from && normalize_number(fd, in->from, e164, err) != 0)
		return -1;
	if (!*e164 && !in->contact_id) {
		fd_errf(err, 2, _("the caller's number is missing"));
		return -1;
	}
	if (clean_field(N_("the subject"), in->subject, 0, NAME_MAX_BYTES, &subject, err) != 0 ||
	    clean_text(N_("the message"), in->message, &message, err) != 0)
		goto out;
	r = fd_staff_find(fd, in->for_login, &wanted, err);
	if (r < 0)
		goto out;
	if (r == 0) {
		fd_errf(err, 2, _("no staff member matches \"%.40s\"; try 'frontdesk search %.40s'"),
		        in->for_login, in->for_login);
		goto out;
	}
	if (in->callback) {
		const char *why;
		if (in->due_at) {
			if (in->due_at < now - 60) {
				fd_errf(err, 2, _("the due time has passed; give a time after now"));
				goto out;
			}
			due = in->due_at;
		} else if (in->due && *in->due) {
			if (when_parse_future(in->due, now, &due, &why) != 0) {
				fd_errf(err, 2, _("due time: %s"), why);
				goto out;
			}
		} else if (!fd_staff_present(&wanted, now) && wanted.presence_until > now) {
			due = wanted.presence_until;
		} else {
			due = now + fd->callback_promise;
		}
		if (in->to_deputy) {
			if (!wanted.deputy_id) {
				fd_errf(err, 2, _("%s has no deputy; assign the callback to them"), wanted.name);
				goto out;
			}
			r = db_staff_by_id(fd->db, wanted.deputy_id, &assignee);
			if (r <= 0) {
				if (r < 0)
					db_fail(fd, err);
				else
					fd_errf(err, 1, _("the deputy of %s no longer exists"), wanted.name);
				goto out;
			}
		} else {
			r = db_staff_by_id(fd->db, wanted.id, &assignee);
			if (r <= 0) {
				db_fail(fd, err);
				goto out;
			}
		}
	}

	if (tx_begin(fd, err) != 0)
		goto out;
	/* identity captured once: by the picked contact, by number, or new */
	if (in->contact_id) {
		r = db_contact_by_id(fd->db, in->contact_id, &known);
		if (r == 0)
			fd_errf(err, 2, _("no contact has the id %lld"), in->contact_id);
	} else {
		r = db_contact_by_number(fd->db, e164, &known);
	}
	if (r < 0) {
		db_fail(fd, err);
		goto rollback;
	}
	if (r == 0 && in->contact_id)
		goto rollback;
	if (r == 1) {
		res->contact_id = known.id;
		if (*e164 && db_contact_add_number(fd->db, known.id, e164, in->from) != 0) {
			db_fail(fd, err);
			goto rollback;
		}
	} else if (in->name && *in->name) {
		if (contact_insert(fd, in->name, in->company, e164, in->from, NULL, NULL, now,
		                   &res->contact_id, err) != 0)
			goto rollback;
		res->new_contact = 1;
	}
	c.at = now;
	c.contact_id = res->contact_id;
	c.number = *e164 ? e164 : (known.n_numbers ? known.numbers[0] : NULL);
	c.number_typed = (char *)in->from;
	c.wanted_id = wanted.id;
	c.taken_by_id = fd->has_staff ? fd->me.id : 0;
	c.taken_login = fd->login;
	c.outcome = (char *)outcome;
	c.subject = subject;
	c.message = message;
	c.urgent = in->urgent;
	c.complaint = in->complaint;
	if (db_call_insert(fd->db, &c, &res->call_id) != 0) {
		db_fail(fd, err);
		goto rollback;
	}
	if (in->callback) {
		r = db_callback_find_open(fd->db, res->contact_id, c.number, assignee.id, &open);
		if (r < 0) {
			db_fail(fd, err);
			goto rollback;
		}
		if (r == 1) {
			/* the same caller again: one callback, counted */
			if (db_callback_touch(fd->db, open.id, now, in->urgent) != 0) {
				db_fail(fd, err);
				goto rollback;
			}
			res->callback_id = open.id;
			res->attached = 1;
			res->calls = open.calls + 1;
			res->due = open.due;
		} else {
			struct callback cb = {0};
			cb.call_id = res->call_id;
			cb.contact_id = res->contact_id;
			cb.number = c.number;
			cb.assignee_id = assignee.id;
			cb.created = now;
			cb.due = due;
			cb.priority = in->urgent ? 1 : 0;
			cb.subject = subject;
			cb.message = message;
			if (db_callback_insert(fd->db, &cb, &res->callback_id) != 0) {
				db_fail(fd, err);
				goto rollback;
			}
			res->calls = 1;
			res->due = due;
		}
		snprintf(res->assignee, sizeof res->assignee, "%s", assignee.login);
		if (db_call_set_callback(fd->db, res->call_id, res->callback_id) != 0) {
			db_fail(fd, err);
			goto rollback;
		}
		if (audit(fd, now, res->attached ? "callback.attach" : "callback.add", "callback",
		          res->callback_id, err) != 0)
			goto rollback;
	}
	if (audit(fd, now, "call.log", "call", res->call_id, err) != 0)
		goto rollback;
	if (tx_commit(fd, err) != 0)
		goto out;
	ret = 0;
	goto out;
rollback:
	tx_rollback(fd);
	memset(res, 0, sizeof *res);
out:
	free(subject);
	free(message);
	db_staff_clear(&wanted);
	db_staff_clear(&assignee);
	db_contact_clear(&known);
	db_callback_clear(&open);
	return ret;
}

/* --since/--until: a plain date is the start of that day. */
static int parse_bound(const char *what, const char *s, time_t now, time_t *out,
                       struct fd_err *err)
{
	const char *why;
	*out = 0;
	if (!s || !*s)
		return 0;
	if (when_parse(s, now, out, &why) != 0) {
		fd_errf(err, 2, "%s: %s", what, why);
		return -1;
	}
	return 0;
}

int fd_calls(struct fd *fd, const struct fd_call_query *q, time_t now,
             struct call **out, size_t *n, struct fd_err *err)
{
	struct db_call_filter f = {0};
	struct staff s = {0};
	*out = NULL;
	*n = 0;
	if (!fd_allowed(fd, ACT_READ_DIRECTORY, err))
		return -1;
	if (parse_bound("--since", q->since, now, &f.since, err) != 0 ||
	    parse_bound("--until", q->until, now, &f.until, err) != 0)
		return -1;
	if (q->outcome) {
		size_t i;
		for (i = 0; i < sizeof outcomes / sizeof *outcomes; i++)
			if (strcmp(q->outcome, outcomes[i]) == 0)
				break;
		if (i == sizeof outcomes / sizeof *outcomes) {
			fd_errf(err, 2, _("unknown outcome \"%.40s\"; use connected, unreached or message"), q->outcome);
			return -1;
		}
		f.outcome = q->outcome;
	}
	if (q->for_login) {
		int r = fd_staff_find(fd, q->for_login, &s, err);
		if (r <= 0) {
			if (r == 0)
				fd_errf(err, 2, _("no staff member matches \"%.40s\""), q->for_login);
			return -1;
		}
		f.wanted_id = s.id;
		db_staff_clear(&s);
	}
	/* employees see only calls for themselves */
	if (fd->role == ROLE_EMPLOYEE) {
		if (f.wanted_id && f.wanted_id != fd->me.id) {
			fd_errf(err, 1, _("employees see their own calls only"));
			return -1;
		}
		f.wanted_id = fd->me.id;
	}
	f.limit = q->limit;
	if (db_call_list(fd->db, &f, out, n) != 0)
		return db_fail(fd, err);
	return 0;
}

/* ---- callbacks ---- */

int fd_queue(struct fd *fd, const char *login, int all, int include_closed,
             time_t now, struct callback **out, size_t *n, struct fd_err *err)
{
	struct db_callback_filter f = {0};
	struct staff s = {0};
	*out = NULL;
	*n = 0;
	if (!fd_allowed(fd, ACT_READ_DIRECTORY, err))
		return -1;
	f.open_only = !include_closed;
	if (all) {
		if (!fd_allowed(fd, ACT_WORK_QUEUE, err))
			return -1;
	} else if (login && *login) {
		int r = fd_staff_find(fd, login, &s, err);
		if (r <= 0) {
			if (r == 0)
				fd_errf(err, 2, _("no staff member matches \"%.40s\"; try 'frontdesk search %.40s'"),
				        login, login);
			return -1;
		}
		f.assignee_id = s.id;
		db_staff_clear(&s);
		if (!(fd->has_staff && f.assignee_id == fd->me.id) && !fd_allowed(fd, ACT_WORK_QUEUE, err))
			return -1;
	} else {
		if (!fd->has_staff) {
			if (!fd->is_owner) {
				fd_allowed(fd, ACT_WORK_QUEUE, err);
				return -1;
			}
			/* an owner without a staff record sees everything */
		} else {
			f.assignee_id = fd->me.id;
		}
	}
	if (db_callback_list(fd->db, &f, now, out, n) != 0)
		return db_fail(fd, err);
	/* what escalated to this queue (core/queue.c); f.assignee_id 0: everyone's */
	if (queue_escalate(fd, f.assignee_id, now, out, n, err) != 0) {
		db_callback_free_list(*out, *n);
		*out = NULL;
		*n = 0;
		return -1;
	}
	return 0;
}

static int callback_load(struct fd *fd, long long id, struct callback *out, struct fd_err *err)
{
	int r = db_callback_by_id(fd->db, id, out);
	if (r < 0)
		return db_fail(fd, err);
	if (r == 0) {
		fd_errf(err, 2, _("no callback has the number %lld; see 'frontdesk queue --all'"), id);
		return -1;
	}
	return 0;
}

int fd_callback_get(struct fd *fd, long long id, struct callback *out, struct fd_err *err)
{
	if (!fd_allowed(fd, ACT_READ_DIRECTORY, err))
		return -1;
	return callback_load(fd, id, out, err);
}

int fd_callback_attempts(struct fd *fd, long long id, struct attempt **out,
                         size_t *n, struct fd_err *err)
{
	if (db_attempt_list(fd->db, id, out, n) != 0)
		return db_fail(fd, err);
	return 0;
}

/* arguments; people see them translated */
static const char *const results[] = {N_("reached"), N_("no-answer"), N_("busy"), N_("voicemail"), N_("wrong-number")};

int fd_attempt_result_valid(const char *result)
{
	for (size_t i = 0; i < sizeof results / sizeof *results; i++)
		if (result && strcmp(result, results[i]) == 0)
			return 1;
	return 0;
}

/* May the acting user work this callback?  Their own, one escalated to
 * them as deputy, or any with the right. */
static int may_work(struct fd *fd, const struct callback *cb, time_t now, struct fd_err *err)
{
	if (fd->has_staff && cb->assignee_id == fd->me.id)
		return 1;
	if (fd->role == ROLE_EMPLOYEE) {
		if (queue_escalated_to_me(fd, cb, now))
			return 1;
		fd_errf(err, 1, _("callback #%lld is on %s's queue, not yours; ask them or a receptionist to hand it over"),
		        cb->id, cb->assignee_login);
		return 0;
	}
	return fd_allowed(fd, ACT_WORK_QUEUE, err);
}

/* The one who came second learns who did what, and when. */
static void refuse_closed(struct fd *fd, const struct callback *cb, time_t now,
                          struct fd_err *err)
{
	struct attempt *as = NULL;
	struct staff who = {0};
	size_t na = 0;
	const struct attempt *last = NULL;
	char t[48];
	if (db_attempt_list(fd->db, cb->id, &as, &na) == 0)
		for (size_t i = na; i-- > 0 && !last;)
			if (as[i].by_login && as[i].result && strcmp(as[i].result, "note") != 0)
				last = &as[i];
	if (!last) {
		when_format_short(cb->closed, now, t, sizeof t);
		fd_errf(err, 1, _("callback #%lld is already %s (closed %s); nothing was changed"), cb->id,
		        _(cb->status), t);
	} else if (strcmp(last->by_login, fd->login) == 0) {
		when_format_short(last->at, now, t, sizeof t);
		fd_errf(err, 1, _("callback #%lld is already %s: you logged \"%s\" at %s; nothing was changed"),
		        cb->id, _(cb->status), _(last->result), t);
	} else {
		char *name = NULL;
		when_format_short(last->at, now, t, sizeof t);
		if (db_staff_by_login(fd->db, last->by_login, &who) == 1 && who.name)
			name = text_escape(who.name, 0);
		char *login = text_escape(last->by_login, 0);
		fd_errf(err, 1, _("callback #%lld is already %s: %s%s%s%s logged \"%s\" at %s; nothing was changed"),
		        cb->id, _(cb->status), name ? name : "", name ? " (" : "", login, name ? ")" : "",
		        _(last->result), t);
		free(name);
		free(login);
	}
	db_staff_clear(&who);
	db_attempt_free_list(as, na);
}

/* Change one open callback; every path one transaction.  new_status NULL:
 * stays open (reschedule to next, when nonzero). */
static int callback_act(struct fd *fd, long long id, const char *result, const char *note,
                        const char *new_status, time_t next, time_t now, struct fd_err *err)
{
	struct callback cb = {0};
	struct attempt a = {0};
	char *cnote = NULL;
	int ret = -1;

	if (clean_text(N_("the note"), note, &cnote, err) != 0)
		return -1;
	if (tx_begin(fd, err) != 0)
		goto out;
	if (callback_load(fd, id, &cb, err) != 0)
		goto rollback;
	if (!may_work(fd, &cb, now, err))
		goto rollback;
	if (strcmp(cb.status, "open") != 0) {
		refuse_closed(fd, &cb, now, err);
		goto rollback;
	}
	a.callback_id = id;
	a.at = now;
	a.by_login = fd->login;
	a.result = (char *)result;
	a.note = cnote;
	if (db_attempt_insert(fd->db, &a, NULL) != 0) {
		db_fail(fd, err);
		goto rollback;
	}
	if (new_status) {
		int r = db_callback_set_status(fd->db, id, "open", new_status, now);
		if (r < 0) {
			db_fail(fd, err);
			goto rollback;
		}
		if (r == 0) {
			fd_errf(err, 1, _("callback #%lld was closed by someone else just now; nothing was changed"), id);
			goto rollback;
		}
	} else if (next && db_callback_set_due(fd->db, id, next) != 0) {
		db_fail(fd, err);
		goto rollback;
	}
	if (audit(fd, now, new_status ? "callback.close" : "callback.attempt", "callback", id, err) != 0)
		goto rollback;
	ret = tx_commit(fd, err);
	goto out;
rollback:
	tx_rollback(fd);
out:
	free(cnote);
	db_callback_clear(&cb);
	return ret;
}

int fd_callback_attempt(struct fd *fd, long long id, const char *result,
                        const char *note, const char *next_due, time_t now,
                        struct fd_err *err)
{
	time_t next = 0;
	const char *why;
	if (!fd_attempt_result_valid(result)) {
		fd_errf(err, 2, _("unknown result \"%.40s\"; use reached, no-answer, busy, voicemail or wrong-number"),
		        result ? result : "");
		return -1;
	}
	if (strcmp(result, "reached") == 0)
		return callback_act(fd, id, result, note, "done", 0, now, err);
	if (strcmp(result, "wrong-number") == 0)
		return callback_act(fd, id, result, note, "cancelled", 0, now, err);
	if (next_due && *next_due) {
		if (when_parse_future(next_due, now, &next, &why) != 0) {
			fd_errf(err, 2, "--next: %s", why);
			return -1;
		}
	} else {
		next = now + fd->reschedule_step;
	}
	return callback_act(fd, id, result, note, NULL, next, now, err);
}

int fd_callback_done(struct fd *fd, long long id, const char *note, time_t now,
                     struct fd_err *err)
{
	return callback_act(fd, id, "reached", note, "done", 0, now, err);
}

int fd_callback_close(struct fd *fd, long long id, const char *status,
                      const char *note, time_t now, struct fd_err *err)
{
	if (!status || (strcmp(status, "will-call-again") != 0 && strcmp(status, "cancelled") != 0)) {
		fd_errf(err, 2, _("a callback closes as will-call-again or cancelled"));
		return -1;
	}
	return callback_act(fd, id, status, note, status, 0, now, err);
}

int fd_callback_snooze(struct fd *fd, long long id, const char *due, time_t now,
                       struct fd_err *err)
{
	time_t next;
	const char *why;
	if (!due || when_parse_future(due, now, &next, &why) != 0) {
		fd_errf(err, 2, _("snooze until when? %s"), due ? why : _("give a time such as +2h or tomorrow 9"));
		return -1;
	}
	return callback_act(fd, id, "note", "snoozed", NULL, next, now, err);
}

int fd_callback_note(struct fd *fd, long long id, const char *note, time_t now,
                     struct fd_err *err)
{
	if (!note || !*note) {
		fd_errf(err, 2, _("the note is empty"));
		return -1;
	}
	return callback_act(fd, id, "note", note, NULL, 0, now, err);
}

int fd_callback_reassign(struct fd *fd, long long id, const char *login,
                         time_t now, struct fd_err *err)
{
	struct callback cb = {0};
	struct staff to = {0};
	int ret = -1;
	int r = fd_staff_find(fd, login, &to, err);
	if (r <= 0) {
		if (r == 0)
			fd_errf(err, 2, _("no staff member matches \"%.40s\"; try 'frontdesk search %.40s'"), login, login);
		return -1;
	}
	if (tx_begin(fd, err) != 0)
		goto out;
	if (callback_load(fd, id, &cb, err) != 0 || !may_work(fd, &cb, now, err))
		goto rollback;
	if (strcmp(cb.status, "open") != 0) {
		fd_errf(err, 1, _("callback #%lld is already %s; nothing was changed"), id, _(cb.status));
		goto rollback;
	}
	if (cb.assignee_id == to.id) {
		fd_errf(err, 2, _("callback #%lld is already on %s's queue"), id, to.login);
		goto rollback;
	}
	if (db_callback_reassign(fd->db, id, to.id, fd->login, now) != 0) {
		db_fail(fd, err);
		goto rollback;
	}
	if (audit(fd, now, "callback.reassign", "callback", id, err) != 0)
		goto rollback;
	ret = tx_commit(fd, err);
	goto out;
rollback:
	tx_rollback(fd);
out:
	db_callback_clear(&cb);
	db_staff_clear(&to);
	return ret;
}

int fd_callback_counts(struct fd *fd, time_t now, long long *open,
                       long long *overdue, struct fd_err *err)
{
	if (db_callback_counts(fd->db, now, open, overdue) != 0)
		return db_fail(fd, err);
	return 0;
}

int fd_ring_latest(struct fd *fd, long long after_id, struct fd_caller *out,
                   long long *ring_id, time_t now, struct fd_err *err)
{
	struct ring r = {0};
	memset(out, 0, sizeof *out);
	int got = db_ring_latest(fd->db, after_id, &r);
	if (got < 0)
		return db_fail(fd, err);
	if (got == 0)
		return 0;
	*ring_id = r.id;
	int rc = caller_fill(fd, r.number, r.contact_id, now, out, err);
	snprintf(out->to_ext, sizeof out->to_ext, "%s", r.to_ext ? r.to_ext : "");
	db_ring_clear(&r);
	if (rc != 0) {
		fd_caller_clear(out);
		return -1;
	}
	return 1;
}

long long fd_changes(struct fd *fd)
{
	return db_change_counter(fd->db);
}

int fd_setting_get(struct fd *fd, const char *key, char **out)
{
	int r = db_meta_get(fd->db, key, out);
	if (r != 0)
		return r;
	for (size_t i = 0; i < fd->n_settings; i++)
		if (strcmp(fd->settings[i].key, key) == 0) {
			*out = xstrdup(fd->settings[i].value);
			return 1;
		}
	return 0;
}

void fd_setting_default(struct fd *fd, const char *key, const char *value)
{
	for (size_t i = 0; i < fd->n_settings; i++)
		if (strcmp(fd->settings[i].key, key) == 0) {
			free(fd->settings[i].value);
			fd->settings[i].value = xstrdup(value);
			return;
		}
	fd->settings = xrealloc(fd->settings, (fd->n_settings + 1) * sizeof *fd->settings);
	fd->settings[fd->n_settings].key = xstrdup(key);
	fd->settings[fd->n_settings].value = xstrdup(value);
	fd->n_settings++;
}
