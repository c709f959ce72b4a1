#include "core/queue.h"
#include "core/i18n.h"
#include "core/phone.h"
#include "core/text.h"
#include "core/util.h"
#include "core/when.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define MAIL_DEFAULT "/usr/sbin/sendmail -t"
#define RUN_TAIL 2048          /* bytes of a command's output kept for errors */

static int db_fail(struct fd *fd, struct fd_err *err)
{
	fd_errf(err, 1, "%s", db_errmsg(fd->db));
	return -1;
}

/* ---- escalation rules ---- */

/* "1800", "30m", "4h", "1d", "off": seconds (ESCALATE_NEVER for off). */
static int parse_span(const char *s, long *out)
{
	char *end;
	if (strcmp(s, "off") == 0) {
		*out = ESCALATE_NEVER;
		return 0;
	}
	errno = 0;
	long v = strtol(s, &end, 10);
	if (end == s || v < 0 || errno)
		return -1;
	long unit = 1;
	switch (*end) {
	case 's': unit = 1; end++; break;
	case 'm': unit = 60; end++; break;
	case 'h': unit = 3600; end++; break;
	case 'd': unit = 86400; end++; break;
	default: break;
	}
	if (*end || v > LONG_MAX / unit / 2)
		return -1;
	*out = v * unit;
	return 0;
}

static int setting_span(struct fd *fd, const char *key, long def, long *out,
                        struct fd_err *err)
{
	char *v = NULL;
	int r = fd_setting_get(fd, key, &v);
	if (r < 0)
		return db_fail(fd, err);
	*out = def;
	if (r == 1 && parse_span(v, out) != 0) {
		char *esc = text_escape(v, 0);
		fd_errf(err, 1, _("the setting %s is \"%.40s\"; use seconds (1800), a span such as 30m or 4h, or off"),
		        key, esc);
		free(esc);
		free(v);
		return -1;
	}
	free(v);
	return 0;
}

int fd_escalate_load(struct fd *fd, struct fd_escalate *out, struct fd_err *err)
{
	if (setting_span(fd, "escalate_deputy", ESCALATE_DEPUTY_DEFAULT, &out->deputy, err) != 0 ||
	    setting_span(fd, "escalate_supervisor", ESCALATE_SUPERVISOR_DEFAULT, &out->supervisor, err) != 0)
		return -1;
	return 0;
}

/* Overdue by more than limit seconds (never, when the step is off). */
static int past(time_t due, time_t now, long limit)
{
	return limit >= 0 && (long long)now - (long long)due > (long long)limit;
}

int fd_escalation_stage(time_t due, time_t now, const struct fd_escalate *t)
{
	if (past(due, now, t->supervisor))
		return ESC_SUPERVISOR;
	if (past(due, now, t->deputy))
		return ESC_DEPUTY;
	return ESC_OWN;
}

static int is_supervisor(const struct staff *s)
{
	return s->role && (strcmp(s->role, "supervisor") == 0 || strcmp(s->role, "admin") == 0);
}

int fd_queue_place(const struct staff *viewer, const struct callback *cb,
                   long long assignee_deputy_id, time_t now,
                   const struct fd_escalate *t)
{
	if (cb->assignee_id == viewer->id)
		return ESC_OWN;
	if (!cb->status || strcmp(cb->status, "open") != 0)
		return -1;
	if (is_supervisor(viewer) && past(cb->due, now, t->supervisor))
		return ESC_SUPERVISOR;
	if (assignee_deputy_id && assignee_deputy_id == viewer->id && past(cb->due, now, t->deputy))
		return ESC_DEPUTY;
	return -1;
}

/* The queue's order: open first, overdue first, by due time, urgent first. */
static int queue_before(const struct callback *a, const struct callback *b, time_t now)
{
	int ao = strcmp(a->status, "open") == 0, bo = strcmp(b->status, "open") == 0;
	if (ao != bo)
		return ao;
	int ad = ao && a->due < now, bd = bo && b->due < now;
	if (ad != bd)
		return ad;
	if (a->due != b->due)
		return a->due < b->due;
	if (a->priority != b->priority)
		return a->priority > b->priority;
	return a->id < b->id;
}

static void queue_sort(struct callback *list, size_t n, time_t now)
{
	/* insertion sort: stable, and the list is mostly sorted already */
	for (size_t i = 1; i < n; i++) {
		struct callback x = list[i];
		size_t j = i;
		while (j > 0 && queue_before(&x, &list[j - 1], now)) {
			list[j] = list[j - 1];
			j--;
		}
		list[j] = x;
	}
}

/* Add cb (taking ownership) at level, or raise the level of the copy that
 * is there already (then cb is freed). */
static void queue_merge(struct callback **list, size_t *n, struct callback *cb, int level)
{
	for (size_t i = 0; i < *n; i++)
		if ((*list)[i].id == cb->id) {
			if ((*list)[i].escalated != ESC_OWN && level > (*list)[i].escalated)
				(*list)[i].escalated = level;
			db_callback_clear(cb);
			return;
		}
	*list = xrealloc(*list, (*n + 1) * sizeof **list);
	cb->escalated = level;
	(*list)[(*n)++] = *cb;
	memset(cb, 0, sizeof *cb);
}

/* Candidates from one query, each kept where the rules place it. */
static void queue_take(struct callback **list, size_t *n, struct callback *cand, size_t nc,
                       const struct staff *viewer, long long deputy_of, time_t now,
                       const struct fd_escalate *t)
{
	for (size_t i = 0; i < nc; i++) {
		int place = fd_queue_place(viewer, &cand[i], deputy_of, now, t);
		if (place > ESC_OWN)
			queue_merge(list, n, &cand[i], place);
		else
			db_callback_clear(&cand[i]);
	}
	free(cand);
}

int queue_escalate(struct fd *fd, long long viewer_id, time_t now,
                   struct callback **list, size_t *n, struct fd_err *err)
{
	struct fd_escalate t;
	struct staff viewer = {0};
	struct callback *cand = NULL;
	size_t nc = 0, own = *n;
	int ret = -1;

	if (fd_escalate_load(fd, &t, err) != 0)
		return -1;
	if (viewer_id == 0) {
		for (size_t i = 0; i < *n; i++)
			(*list)[i].escalated = strcmp((*list)[i].status, "open") == 0
			                       ? fd_escalation_stage((*list)[i].due, now, &t) : ESC_OWN;
		return 0;
	}
	for (size_t i = 0; i < *n; i++)
		(*list)[i].escalated = ESC_OWN;
	int r = db_staff_by_id(fd->db, viewer_id, &viewer);
	if (r <= 0) {
		if (r < 0)
			db_fail(fd, err);
		else
			fd_errf(err, 1, _("staff member %lld no longer exists"), viewer_id);
		goto out;
	}
	if (t.deputy >= 0) {
		if (db_callback_overdue(fd->db, viewer_id, now - t.deputy, &cand, &nc) != 0) {
			db_fail(fd, err);
			goto out;
		}
		queue_take(list, n, cand, nc, &viewer, viewer_id, now, &t);
	}
	if (t.supervisor >= 0 && is_supervisor(&viewer)) {
		if (db_callback_overdue(fd->db, 0, now - t.supervisor, &cand, &nc) != 0) {
			db_fail(fd, err);
			goto out;
		}
		queue_take(list, n, cand, nc, &viewer, 0, now, &t);
	}
	if (*n != own)
		queue_sort(*list, *n, now);
	ret = 0;
out:
	db_staff_clear(&viewer);
	return ret;
}

int fd_escalations(struct fd *fd, time_t now, struct callback **out, size_t *n,
                   struct fd_err *err)
{
	struct fd_escalate t;
	*out = NULL;
	*n = 0;
	if (!fd_allowed(fd, ACT_REPORT, err) || fd_escalate_load(fd, &t, err) != 0)
		return -1;
	if (t.supervisor < 0)
		return 0;
	if (db_callback_overdue(fd->db, 0, now - t.supervisor, out, n) != 0)
		return db_fail(fd, err);
	for (size_t i = 0; i < *n; i++)
		(*out)[i].escalated = ESC_SUPERVISOR;
	return 0;
}

int queue_escalated_to_me(struct fd *fd, const struct callback *cb, time_t now)
{
	struct fd_escalate t;
	struct staff assignee = {0};
	struct fd_err ignored;
	if (!fd->has_staff || fd_escalate_load(fd, &t, &ignored) != 0)
		return 0;
	if (db_staff_by_id(fd->db, cb->assignee_id, &assignee) != 1)
		return 0;
	int place = fd_queue_place(&fd->me, cb, assignee.deputy_id, now, &t);
	db_staff_clear(&assignee);
	return place > ESC_OWN;
}

/* ---- one callback in full ---- */

void fd_callback_detail_clear(struct fd_callback_detail *d)
{
	db_callback_clear(&d->cb);
	db_contact_clear(&d->contact);
	db_call_free_list(d->calls, d->n_calls);
	db_attempt_free_list(d->attempts, d->n_attempts);
	memset(d, 0, sizeof *d);
}

int fd_callback_detail(struct fd *fd, long long id, time_t now,
                       struct fd_callback_detail *d, struct fd_err *err)
{
	struct db_call_filter f = {0};
	memset(d, 0, sizeof *d);
	if (!fd_allowed(fd, ACT_READ_DIRECTORY, err))
		return -1;
	int r = db_callback_by_id(fd->db, id, &d->cb);
	if (r < 0)
		return db_fail(fd, err);
	if (r == 0) {
		fd_errf(err, 2, _("no callback has the number %lld; see 'frontdesk queue --all'"), id);
		return -1;
	}
	if (d->cb.contact_id) {
		r = db_contact_by_id(fd->db, d->cb.contact_id, &d->contact);
		if (r < 0)
			goto fail_db;
		d->have_contact = r == 1;
		f.contact_id = d->cb.contact_id;
	} else if (d->cb.number) {
		f.number = d->cb.number;
	} else {
		f.contact_id = -1; /* matches nothing */
	}
	if (f.contact_id >= 0 && db_call_list(fd->db, &f, &d->calls, &d->n_calls) != 0)
		goto fail_db;
	/* escalated to the reader: how it shows, and what they may see */
	if (fd->has_staff && d->cb.assignee_id != fd->me.id) {
		struct fd_escalate t;
		struct staff a = {0};
		if (fd_escalate_load(fd, &t, err) != 0)
			goto fail;
		r = db_staff_by_id(fd->db, d->cb.assignee_id, &a);
		if (r < 0)
			goto fail_db;
		int place = fd_queue_place(&fd->me, &d->cb, r == 1 ? a.deputy_id : 0, now, &t);
		db_staff_clear(&a);
		d->cb.escalated = place > ESC_OWN ? place : ESC_OWN;
	}
	if (fd->role == ROLE_EMPLOYEE) {
		/* as 'frontdesk calls': an employee sees calls for themselves, and
		 * those behind a callback they may work */
		int works = (fd->has_staff && d->cb.assignee_id == fd->me.id) || d->cb.escalated;
		size_t k = 0;
		for (size_t i = 0; i < d->n_calls; i++) {
			const struct call *c = &d->calls[i];
			int keep = (fd->has_staff && c->wanted_id == fd->me.id) ||
			           (works && (c->wanted_id == d->cb.assignee_id || c->callback_id == d->cb.id));
			if (keep) {
				d->calls[k++] = *c;
			} else {
				db_call_clear(&d->calls[i]);
				d->calls_limited = 1;
			}
		}
		d->n_calls = k;
	}
	if (db_attempt_list(fd->db, id, &d->attempts, &d->n_attempts) != 0)
		goto fail_db;
	return 0;
fail_db:
	db_fail(fd, err);
fail:
	fd_callback_detail_clear(d);
	return -1;
}

/* ---- running commands ---- */

static void set_cloexec(int fdn)
{
	fcntl(fdn, F_SETFD, FD_CLOEXEC);
}

static void close_fd(int *p)
{
	if (*p >= 0)
		close(*p);
	*p = -1;
}

/* The last non-empty line of what a command printed, escaped. */
static void last_line(const char *buf, size_t len, char *out, size_t n)
{
	while (len && (buf[len - 1] == '\n' || buf[len - 1] == '\r' || buf[len - 1] == ' '))
		len--;
	size_t start = len;
	while (start && buf[start - 1] != '\n')
		start--;
	char *line = xstrndup(buf + start, len - start);
	char *esc = text_escape(line, 0);
	snprintf(out, n, "%s", esc);
	free(esc);
	free(line);
}

int fd_run_command(const struct fd_run *r, struct fd_err *err)
{
	int in[2] = {-1, -1}, out[2] = {-1, -1}, ret = -1, status = 0;
	char tail[RUN_TAIL];
	size_t tlen = 0, off = 0;
	struct sigaction ign, old_pipe;
	pid_t pid;
	char *what = NULL;

	{
		char *esc = text_escape(r->cmd ? r->cmd : "", 0);
		what = xasprintf(_("the command \"%.60s%s\""), esc, strlen(esc) > 60 ? "…" : "");
		free(esc);
	}
	if (!r->cmd || !*r->cmd) {
		fd_errf(err, 1, _("no command to run"));
		free(what);
		return -1;
	}
	if ((r->input && pipe(in) != 0) || (!r->pass_output && pipe(out) != 0)) {
		fd_errf(err, 1, _("cannot run %s: %s"), what, strerror(errno));
		goto out;
	}
	for (int i = 0; i < 2; i++) {
		if (in[i] >= 0)
			set_cloexec(in[i]);
		if (out[i] >= 0)
			set_cloexec(out[i]);
	}
	memset(&ign, 0, sizeof ign);
	ign.sa_handler = SIG_IGN;
	sigemptyset(&ign.sa_mask);
	sigaction(SIGPIPE, &ign, &old_pipe);
	fflush(NULL);
	pid = fork();
	if (pid < 0) {
		fd_errf(err, 1, _("cannot run %s: %s"), what, strerror(errno));
		sigaction(SIGPIPE, &old_pipe, NULL);
		goto out;
	}
	if (pid == 0) {
		/* the child: stdin from the pipe or /dev/null, output to the pipe */
		int null = open("/dev/null", O_RDWR);
		dup2(r->input ? in[0] : null, 0);
		if (!r->pass_output) {
			dup2(out[1], 1);
			dup2(out[1], 2);
		}
		signal(SIGPIPE, SIG_DFL);
		setpgid(0, 0); /* its own group, so a timeout ends all of it */
		char *argv[7];
		int k = 0;
		argv[k++] = (char *)"/bin/sh";
		argv[k++] = (char *)"-c";
		argv[k++] = (char *)r->cmd;
		argv[k++] = (char *)"frontdesk";
		if (r->arg1)
			argv[k++] = (char *)r->arg1;
		if (r->arg1 && r->arg2)
			argv[k++] = (char *)r->arg2;
		argv[k] = NULL;
		execvp(argv[0], argv);
		_exit(127);
	}
	setpgid(pid, pid);
	close_fd(&in[0]);
	close_fd(&out[1]);
	if (in[1] >= 0)
		fcntl(in[1], F_SETFL, fcntl(in[1], F_GETFL) | O_NONBLOCK);
	if (r->input && r->input_len == 0)
		close_fd(&in[1]);

	struct timespec t0;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	long long limit_ms = (r->timeout > 0 ? r->timeout : 60) * 1000LL;
	int exited = 0, timed_out = 0;
	for (;;) {
		struct timespec t1;
		clock_gettime(CLOCK_MONOTONIC, &t1);
		long long used = (t1.tv_sec - t0.tv_sec) * 1000LL + (t1.tv_nsec - t0.tv_nsec) / 1000000;
		if (used >= limit_ms) {
			timed_out = 1;
			break;
		}
		struct pollfd p[2];
		int np = 0, wi = -1, ri = -1;
		if (in[1] >= 0) {
			p[np].fd = in[1];
			p[np].events = POLLOUT;
			wi = np++;
		}
		if (out[0] >= 0) {
			p[np].fd = out[0];
			p[np].events = POLLIN;
			ri = np++;
		}
		if (np == 0) {
			pid_t w = waitpid(pid, &status, WNOHANG);
			if (w == pid) {
				exited = 1;
				break;
			}
			if (w < 0 && errno != EINTR)
				break;
			poll(NULL, 0, 10);
			continue;
		}
		int pr = poll(p, (nfds_t)np, (int)(limit_ms - used));
		if (pr < 0 && errno != EINTR)
			break;
		if (pr <= 0)
			continue;
		if (wi >= 0 && p[wi].revents) {
			ssize_t w = write(in[1], r->input + off, r->input_len - off);
			if (w > 0)
				off += (size_t)w;
			else if (w < 0 && errno != EAGAIN && errno != EINTR)
				close_fd(&in[1]); /* it stopped reading: its exit status tells */
			if (off == r->input_len)
				close_fd(&in[1]);
		}
		if (ri >= 0 && p[ri].revents) {
			char buf[1024];
			ssize_t got = read(out[0], buf, sizeof buf);
			if (got > 0) {
				/* keep the newest RUN_TAIL bytes (buf is smaller than tail) */
				if (tlen + (size_t)got > sizeof tail) {
					size_t drop = tlen + (size_t)got - sizeof tail;
					memmove(tail, tail + drop, tlen - drop);
					tlen -= drop;
				}
				memcpy(tail + tlen, buf, (size_t)got);
				tlen += (size_t)got;
			} else if (got == 0 || (errno != EAGAIN && errno != EINTR)) {
				close_fd(&out[0]);
			}
		}
	}
	sigaction(SIGPIPE, &old_pipe, NULL);
	if (!exited) {
		kill(-pid, SIGKILL);
		kill(pid, SIGKILL);
		while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
			;
	}
	char line[300];
	last_line(tail, tlen, line, sizeof line);
	const char *sep = *line ? ": " : "";
	if (timed_out)
		fd_errf(err, 1, _("%s did not finish within %d s and was stopped%s%s"), what,
		        r->timeout > 0 ? r->timeout : 60, sep, line);
	else if (!exited)
		fd_errf(err, 1, _("cannot wait for %s: %s"), what, strerror(errno));
	else if (WIFSIGNALED(status))
		fd_errf(err, 1, _("%s was killed by signal %d%s%s"), what, WTERMSIG(status), sep, line);
	else if (WEXITSTATUS(status) == 127)
		fd_errf(err, 1, _("%s was not found (exit status 127)%s%s"), what, sep, line);
	else if (WEXITSTATUS(status) != 0)
		fd_errf(err, 1, _("%s failed with exit status %d%s%s"), what, WEXITSTATUS(status), sep, line);
	else
		ret = 0;
out:
	close_fd(&in[0]);
	close_fd(&in[1]);
	close_fd(&out[0]);
	close_fd(&out[1]);
	free(what);
	return ret;
}

/*
 * A command setting: the environment first, then the database, then def.
 * The database's is used only when nobody but the person running frontdesk
 * can write the file (see queue.h).  *out malloc'd; 0 ok (NULL: none set).
 */
static int command_setting(struct fd *fd, const char *env, const char *key, const char *def,
                           char **out, struct fd_err *err)
{
	const char *e = getenv(env);
	char *v = NULL;
	*out = NULL;
	if (e && *e) {
		*out = xstrdup(e);
		return 0;
	}
	int r = fd_setting_get(fd, key, &v);
	if (r < 0)
		return db_fail(fd, err);
	if (r == 0 || !v || !*v) {
		free(v);
		*out = def ? xstrdup(def) : NULL;
		return 0;
	}
	if (fd->db_path && strcmp(fd->db_path, ":memory:") != 0) {
		char *wal = xasprintf("%s-wal", fd->db_path);
		const char *paths[2] = {fd->db_path, wal};
		for (int i = 0; i < 2; i++) {
			struct stat sb;
			if (stat(paths[i], &sb) != 0) {
				if (i == 1 && errno == ENOENT)
					continue;
				fd_errf(err, 1, _("cannot check %s: %s"), paths[i], strerror(errno));
				goto refuse;
			}
			if (sb.st_uid != getuid() || (sb.st_mode & (S_IWGRP | S_IWOTH))) {
				fd_errf(err, 1, _("the setting %s is not used: others can write the database, so it "
				        "could run their command as you; set %s in your environment instead"),
				        key, env);
				goto refuse;
			}
		}
		free(wal);
		goto trusted;
refuse:
		free(wal);
		free(v);
		return -1;
	}
trusted:
	*out = v;
	return 0;
}

/* ---- dialling ---- */

static int e164_valid(const char *s)
{
	if (!s || s[0] != '+' || !s[1] || strlen(s) > 16)
		return 0;
	for (const char *p = s + 1; *p; p++)
		if (*p < '0' || *p > '9')
			return 0;
	return 1;
}

int fd_dial(struct fd *fd, long long id, time_t now, char number_out[32],
            struct fd_err *err)
{
	struct callback cb = {0};
	char *cmd = NULL;
	char national[32];
	int ret = -1;

	if (number_out)
		*number_out = '\0';
	if (!fd_allowed(fd, ACT_READ_DIRECTORY, err))
		return -1;
	int r = db_callback_by_id(fd->db, id, &cb);
	if (r < 0)
		return db_fail(fd, err);
	if (r == 0) {
		fd_errf(err, 2, _("no callback has the number %lld; see 'frontdesk queue --all'"), id);
		return -1;
	}
	if (!cb.number || !*cb.number) {
		fd_errf(err, 1, _("callback #%lld has no phone number to dial; see 'frontdesk callback show %lld'"), id, id);
		goto out;
	}
	if (!e164_valid(cb.number)) {
		char *esc = text_escape(cb.number, 0);
		fd_errf(err, 1, _("the number of callback #%lld (\"%.40s\") is not an international number; nothing was dialled"),
		        id, esc);
		free(esc);
		goto out;
	}
	if (command_setting(fd, "FRONTDESK_DIAL_COMMAND", "dial_command", NULL, &cmd, err) != 0)
		goto out;
	if (!cmd) {
		fd_errf(err, 1, _("no dial command is set; an administrator sets dial_command (the number is $1), "
		        "or set FRONTDESK_DIAL_COMMAND"));
		goto out;
	}
	phone_national_digits(cb.number, national, sizeof national);
	struct fd_run run = {.cmd = cmd, .arg1 = cb.number, .arg2 = national, .timeout = 30};
	struct fd_err rerr = {0};
	if (fd_run_command(&run, &rerr) != 0) {
		fd_errf(err, 1, _("dialling callback #%lld failed: %s"), id, rerr.msg);
		goto out;
	}
	if (number_out)
		snprintf(number_out, 32, "%s", cb.number);
	ret = 0;
out:
	(void)now;
	free(cmd);
	db_callback_clear(&cb);
	return ret;
}

/* ---- the reminder digest ---- */

int fd_mail_address_valid(const char *s)
{
	const char *at = s ? strchr(s, '@') : NULL;
	if (!at || at == s || !at[1] || strlen(s) > 254 || strchr(at + 1, '@'))
		return 0;
	/* local part: a conservative dot-atom, no leading '-' or '.' */
	if (s[0] == '-' || s[0] == '.' || at[-1] == '.')
		return 0;
	for (const char *p = s; p < at; p++) {
		unsigned char c = (unsigned char)*p;
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		      strchr("._%+-='", c)))
			return 0;
		if (c == '.' && p[1] == '.')
			return 0;
	}
	/* domain: labels of letters, digits and '-' */
	const char *d = at + 1;
	if (*d == '.' || *d == '-' || d[strlen(d) - 1] == '.' || d[strlen(d) - 1] == '-')
		return 0;
	for (const char *p = d; *p; p++) {
		unsigned char c = (unsigned char)*p;
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		      c == '-' || c == '.'))
			return 0;
		if (c == '.' && (p[1] == '.' || p[1] == '-'))
			return 0;
		if (c == '-' && p[1] == '.')
			return 0;
	}
	return 1;
}

static void add_escaped(struct sbuf *b, const char *s)
{
	char *e = text_escape(s ? s : "", 0);
	sbuf_adds(b, e);
	free(e);
}

static void digest_item(struct sbuf *b, const struct callback *cb, time_t now)
{
	char rel[48], at[48], num[40] = "";
	when_format_relative(cb->due, now, rel, sizeof rel);
	when_format_short(cb->due, now, at, sizeof at);
	sbuf_addf(b, _("  #%lld  %s (due %s)%s\n"), cb->id, rel, at, cb->priority > 0 ? _("  URGENT") : "");
	sbuf_adds(b, _("      caller:  "));
	add_escaped(b, cb->caller_name ? cb->caller_name : _("unknown caller"));
	if (cb->caller_company) {
		sbuf_adds(b, " (");
		add_escaped(b, cb->caller_company);
		sbuf_addc(b, ')');
	}
	sbuf_addc(b, '\n');
	if (cb->number)
		phone_format(cb->number, num, sizeof num);
	sbuf_adds(b, _("      number:  "));
	add_escaped(b, *num ? num : _("none"));
	sbuf_addc(b, '\n');
	if (cb->subject) {
		sbuf_adds(b, _("      subject: "));
		add_escaped(b, cb->subject);
		sbuf_addc(b, '\n');
	}
	if (cb->calls > 1)
		sbuf_addf(b, _("      called %d times\n"), cb->calls);
	if (cb->escalated != ESC_OWN) {
		sbuf_adds(b, _("      on the queue of "));
		add_escaped(b, cb->assignee_name ? cb->assignee_name : cb->assignee_login);
		sbuf_addf(b, _("; escalated to you as %s\n"),
		          cb->escalated == ESC_DEPUTY ? _("deputy") : _("supervisor"));
	}
}

char *fd_digest_format(const struct staff *to, const struct callback *list,
                       size_t n, time_t now)
{
	struct sbuf b = SBUF_INIT;
	size_t overdue = 0;
	if (!to || !fd_mail_address_valid(to->email))
		return NULL;
	for (size_t i = 0; i < n; i++)
		overdue += list[i].due < now;
	sbuf_addf(&b, "To: %s\n", to->email);
	sbuf_addf(&b, "Subject: frontdesk: ");
	sbuf_addf(&b, ngettext("%zu open callback", "%zu open callbacks", n), n);
	if (overdue)
		sbuf_addf(&b, _(", %zu overdue"), overdue);
	sbuf_adds(&b, "\nAuto-Submitted: auto-generated\n"
	              "MIME-Version: 1.0\n"
	              "Content-Type: text/plain; charset=UTF-8\n"
	              "Content-Transfer-Encoding: 8bit\n"
	              "\n");
	add_escaped(&b, to->name);
	sbuf_addf(&b, ngettext(",\n\n%zu callback is waiting on your queue",
	                       ",\n\n%zu callbacks are waiting on your queue", n), n);
	if (overdue)
		sbuf_addf(&b, _(", %zu of them overdue"), overdue);
	sbuf_adds(&b, ".\n");
	/* every line below starts with text or spaces, never a lone "." */
	for (int pass = 0; pass < 2; pass++) {
		size_t k = pass == 0 ? overdue : n - overdue;
		if (k == 0)
			continue;
		sbuf_addf(&b, "\n%s (%zu):\n", pass == 0 ? _("Overdue") : _("Due later"), k);
		for (size_t i = 0; i < n; i++)
			if ((list[i].due < now) == (pass == 0))
				digest_item(&b, &list[i], now);
	}
	sbuf_adds(&b, _("\nWork your queue in frontdesk, or with 'frontdesk queue'.\n"));
	return sbuf_detach(&b);
}

int fd_remind(struct fd *fd, const struct fd_remind_opts *o, time_t now,
              void (*report)(void *ctx, const struct fd_remind_result *r),
              void *ctx, size_t *failed, struct fd_err *err)
{
	struct fd_escalate t;
	struct staff *staff = NULL;
	struct callback *open = NULL, *mine = NULL;
	size_t ns = 0, no = 0;
	char *cmd = NULL;
	int ret = -1;

	*failed = 0;
	if (!fd_allowed(fd, ACT_REPORT, err))
		return -1;
	if (o->mail_command && *o->mail_command)
		cmd = xstrdup(o->mail_command);
	else if (command_setting(fd, "FRONTDESK_MAIL_COMMAND", "mail_command", MAIL_DEFAULT, &cmd, err) != 0)
		return -1;
	if (fd_escalate_load(fd, &t, err) != 0)
		goto out;
	struct db_callback_filter f = {0};
	f.open_only = 1;
	if (db_staff_list(fd->db, &staff, &ns) != 0 || db_callback_list(fd->db, &f, now, &open, &no) != 0) {
		db_fail(fd, err);
		goto out;
	}
	mine = xcalloc(no ? no : 1, sizeof *mine);
	for (size_t s = 0; s < ns; s++) {
		size_t n = 0, overdue = 0;
		for (size_t i = 0; i < no; i++) {
			long long deputy = 0;
			for (size_t k = 0; k < ns; k++)
				if (staff[k].id == open[i].assignee_id) {
					deputy = staff[k].deputy_id;
					break;
				}
			int place = fd_queue_place(&staff[s], &open[i], deputy, now, &t);
			if (place < 0)
				continue;
			mine[n] = open[i]; /* a shallow copy: open owns the strings */
			mine[n].escalated = place;
			overdue += mine[n].due < now;
			n++;
		}
		if (n == 0)
			continue;
		struct fd_remind_result res = {.to = &staff[s], .n = n, .overdue = overdue};
		char *mail = NULL;
		struct fd_err rerr = {0};
		if (!staff[s].email || !*staff[s].email) {
			res.status = REMIND_SKIPPED;
			res.why = N_("no email address; add one with the staff directory");
		} else if (!(mail = fd_digest_format(&staff[s], mine, n, now))) {
			res.status = REMIND_SKIPPED;
			res.why = N_("the email address is not a plain address like name@example.com");
		} else if (o->dry_run) {
			res.status = REMIND_DRY_RUN;
			res.mail = mail;
		} else {
			struct fd_run run = {.cmd = cmd, .input = mail, .input_len = strlen(mail), .timeout = 60};
			if (fd_run_command(&run, &rerr) == 0) {
				res.status = REMIND_SENT;
			} else {
				res.status = REMIND_FAILED;
				res.why = rerr.msg;
				(*failed)++;
			}
		}
		if (report)
			report(ctx, &res);
		free(mail);
	}
	ret = 0;
out:
	free(mine);
	free(cmd);
	db_staff_free_list(staff, ns);
	db_callback_free_list(open, no);
	return ret;
}
