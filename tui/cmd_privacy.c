/*
 * cmd_privacy: 'contact show' (access), 'contact forget' (erasure, and its
 * replay after a backup was restored) and 'purge' (retention, for cron).
 * The rules are core/privacy.h's; this prints.
 */
#include "tui/cmd.h"
#include "tui/out.h"
#include "core/phone.h"
#include "core/privacy.h"
#include "core/util.h"
#include "core/when.h"
#include "core/i18n.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int contact_id_arg(struct ctx *c, long long *id)
{
	char *end;
	long long v = c->npos ? strtoll(c->pos[0], &end, 10) : 0;
	if (!c->npos || !*c->pos[0] || *end || v <= 0) {
		usage_error(c->cmd, "%s", c->npos ? _("ID is a contact's number, as 'frontdesk search --json' shows it")
		                                  : _("missing ID"));
		return -1;
	}
	*id = v;
	return 0;
}

static void iso(time_t t, char *buf, size_t n)
{
	if (t)
		when_format_iso(t, buf, n);
	else
		snprintf(buf, n, "-");
}

/* label, then text with each further line indented under the first */
static void block(const char *indent, const char *label, const char *text)
{
	if (!text)
		return;
	printf("%s%-10s", indent, label);
	for (const char *p = text; p;) {
		const char *nl = strchr(p, '\n');
		char *line = nl ? xstrndup(p, (size_t)(nl - p)) : xstrdup(p);
		if (p != text)
			printf("%s%-10s", indent, "");
		out_text(stdout, line);
		putchar('\n');
		free(line);
		p = nl ? nl + 1 : NULL;
	}
}

static void number(const char *e164, char *buf, size_t n)
{
	if (e164)
		phone_format(e164, buf, n);
	else
		snprintf(buf, n, "%s", _("none"));
}

static void show_json(const struct fd_contact_data *d)
{
	const struct contact *k = &d->contact;
	struct json j = {stdout, 0, {0}};
	json_begin_object(&j);
	json_int(&j, "id", k->id);
	json_str(&j, "name", k->name);
	json_str(&j, "company", k->company);
	json_str(&j, "email", k->email);
	json_str(&j, "note", k->note);
	json_time(&j, "created", k->created);
	json_begin_array_key(&j, "numbers");
	for (size_t i = 0; i < d->n_numbers; i++) {
		json_begin_object(&j);
		json_str(&j, "number", d->numbers[i].e164);
		json_str(&j, "typed", d->numbers[i].typed);
		json_end_object(&j);
	}
	json_end_array(&j);
	if (d->all) {
		json_begin_array_key(&j, "calls");
		for (size_t i = 0; i < d->n_calls; i++) {
			json_call(&j, &d->calls[i], 1);
		}
		json_end_array(&j);
		json_begin_array_key(&j, "callbacks");
		for (size_t i = 0; i < d->n_callbacks; i++) {
			const struct callback *b = &d->callbacks[i];
			json_begin_object(&j);
			json_int(&j, "id", b->id);
			json_time(&j, "created", b->created);
			json_time(&j, "due", b->due);
			json_time(&j, "closed", b->closed);
			json_str(&j, "status", b->status);
			json_str(&j, "for", b->assignee_login);
			json_str(&j, "number", b->number);
			json_str(&j, "subject", b->subject);
			json_str(&j, "message", b->message);
			json_int(&j, "calls", b->calls);
			json_begin_array_key(&j, "attempts");
			for (size_t m = 0; m < d->n_attempts; m++) {
				const struct attempt *a = &d->attempts[m];
				if (a->callback_id == b->id)
					json_attempt(&j, a);
			}
			json_end_array(&j);
			json_end_object(&j);
		}
		json_end_array(&j);
		json_begin_array_key(&j, "rings");
		for (size_t i = 0; i < d->n_rings; i++) {
			json_begin_object(&j);
			json_int(&j, "id", d->rings[i].id);
			json_time(&j, "at", d->rings[i].at);
			json_str(&j, "number", d->rings[i].number);
			json_str(&j, "typed", d->rings[i].number_typed);
			json_str(&j, "to", d->rings[i].to_ext);
			json_end_object(&j);
		}
		json_end_array(&j);
		json_begin_array_key(&j, "audit");
		for (size_t i = 0; i < d->n_audit; i++) {
			json_begin_object(&j);
			json_time(&j, "at", d->audit[i].at);
			json_int(&j, "uid", d->audit[i].uid);
			json_str(&j, "action", d->audit[i].action);
			json_str(&j, "entity", d->audit[i].entity);
			json_id_or_null(&j, "entity_id", d->audit[i].entity_id);
			json_end_object(&j);
		}
		json_end_array(&j);
	}
	json_end_object(&j);
}

static void show_text(const struct fd_contact_data *d)
{
	const struct contact *k = &d->contact;
	char t[64], num[40];
	printf(_("contact %lld  "), k->id);
	out_text(stdout, k->name);
	if (k->company) {
		printf(" (");
		out_text(stdout, k->company);
		putchar(')');
	}
	putchar('\n');
	for (size_t i = 0; i < d->n_numbers; i++) {
		number(d->numbers[i].e164, num, sizeof num);
		printf("%-10s%s", i ? "" : _("number"), num);
		if (d->numbers[i].typed) {
			printf("%s", _("  (typed "));
			out_text(stdout, d->numbers[i].typed);
			putchar(')');
		}
		putchar('\n');
	}
	block("", _("email"), k->email);
	block("", _("note"), k->note);
	iso(k->created, t, sizeof t);
	printf("%-10s%s\n", _("added"), t);
	if (!d->all)
		return;

	printf(_("\ncalls (%zu):\n"), d->n_calls);
	for (size_t i = 0; i < d->n_calls; i++) {
		const struct call *x = &d->calls[i];
		iso(x->at, t, sizeof t);
		number(x->number, num, sizeof num);
		printf(_("  call %lld  %s  %s  for "), x->id, t, x->outcome);
		out_text(stdout, x->wanted_login ? x->wanted_login : "-");
		printf("%s", _("  taken by "));
		out_text(stdout, x->taken_login ? x->taken_login : "-");
		printf(_("  from %s"), num);
		if (x->number_typed) {
			printf("%s", _(" (typed "));
			out_text(stdout, x->number_typed);
			putchar(')');
		}
		if (x->urgent)
			printf("%s", _("  urgent"));
		if (x->complaint)
			printf("%s", _("  complaint"));
		if (x->callback_id)
			printf(_("  [callback #%lld]"), x->callback_id);
		putchar('\n');
		block("    ", _("subject"), x->subject);
		block("    ", _("message"), x->message);
	}
	printf(_("\ncallbacks (%zu):\n"), d->n_callbacks);
	for (size_t i = 0; i < d->n_callbacks; i++) {
		const struct callback *b = &d->callbacks[i];
		char due[64], closed[64];
		iso(b->created, t, sizeof t);
		iso(b->due, due, sizeof due);
		iso(b->closed, closed, sizeof closed);
		number(b->number, num, sizeof num);
		printf(_("  callback #%lld  %s  taken %s  due %s  closed %s  for "), b->id, b->status, t,
		       due, closed);
		out_text(stdout, b->assignee_login);
		printf(_("  number %s  calls %d\n"), num, b->calls);
		block("    ", _("subject"), b->subject);
		block("    ", _("message"), b->message);
		for (size_t m = 0; m < d->n_attempts; m++) {
			const struct attempt *a = &d->attempts[m];
			if (a->callback_id != b->id)
				continue;
			iso(a->at, t, sizeof t);
			printf(_("    attempt %s  %s  by "), t, a->result);
			out_text(stdout, a->by_login ? a->by_login : "-");
			putchar('\n');
			block("      ", _("note"), a->note);
		}
	}
	printf(_("\nincoming calls (%zu):\n"), d->n_rings);
	for (size_t i = 0; i < d->n_rings; i++) {
		iso(d->rings[i].at, t, sizeof t);
		number(d->rings[i].number, num, sizeof num);
		printf(_("  ring %lld  %s  from %s  to "), d->rings[i].id, t, num);
		out_text(stdout, d->rings[i].to_ext ? d->rings[i].to_ext : "-");
		putchar('\n');
	}
	printf(_("\naudit trail (%zu):\n"), d->n_audit);
	for (size_t i = 0; i < d->n_audit; i++) {
		iso(d->audit[i].at, t, sizeof t);
		printf("  %s  uid %lld  ", t, d->audit[i].uid);
		out_text(stdout, d->audit[i].action);
		putchar(' ');
		out_text(stdout, d->audit[i].entity);
		if (d->audit[i].entity_id)
			printf(" %lld", d->audit[i].entity_id);
		putchar('\n');
	}
}

int cmd_contact_show(struct ctx *c)
{
	long long id;
	struct fd_contact_data d;
	if (contact_id_arg(c, &id) != 0)
		return 2;
	if (fd_contact_data(c->fd, id, flag(c, "all-data"), c->now, &d, &c->err) != 0)
		return fail(c);
	if (c->json)
		show_json(&d);
	else
		show_text(&d);
	fd_contact_data_clear(&d);
	return 0;
}

static void busy_note(int wal_busy)
{
	if (wal_busy)
		fprintf(stderr, "frontdesk: %s\n", _("another program was reading the database, so old copies of "
		                "the erased data may remain in its write-ahead log until the next "
		                "checkpoint; run 'frontdesk contact forget --replay' in a moment to clear them"));
}

static int forget_replay(struct ctx *c)
{
	struct fd_replay_result r;
	if (c->npos)
		return usage_error(c->cmd, "%s", _("--replay takes no ID: it erases everyone in the list"));
	if (flag(c, "dry-run"))
		return usage_error(c->cmd, "%s", _("--replay has no --dry-run"));
	if (fd_forget_replay(c->fd, opt(c, "from"), c->now, &r, &c->err) != 0) {
		free(r.file);
		return fail(c);
	}
	if (c->json) {
		struct json j = {stdout, 0, {0}};
		json_begin_object(&j);
		json_str(&j, "list", r.file);
		json_int(&j, "listed", (long long)r.listed);
		json_int(&j, "erased", (long long)r.erased);
		json_int(&j, "gone", (long long)r.gone);
		json_int(&j, "kept", (long long)r.kept);
		json_bool(&j, "log_cleared", !r.wal_busy);
		json_end_object(&j);
	} else if (r.listed == 0) {
		printf("%s", _("no erasures recorded in "));
		out_text(stdout, r.file);
		printf("%s", _("; nothing to do\n"));
	} else {
		printf(ngettext("%zu erasure in ", "%zu erasures in ", r.listed), r.listed);
		out_text(stdout, r.file);
		printf(ngettext(": %zu contact erased again", ": %zu contacts erased again", r.erased), r.erased);
		printf(_(", %zu gone already"), r.gone);
		if (r.kept)
			printf(_(", %zu kept (the id belongs to someone added after the erasure)"), r.kept);
		putchar('\n');
	}
	busy_note(r.wal_busy);
	free(r.file);
	return 0;
}

int cmd_contact_forget(struct ctx *c)
{
	long long id;
	struct fd_forget_result r;
	int dry = flag(c, "dry-run");
	if (flag(c, "replay"))
		return forget_replay(c);
	if (opt(c, "from"))
		return usage_error(c->cmd, "%s", _("--from goes with --replay"));
	if (contact_id_arg(c, &id) != 0)
		return 2;
	if (fd_contact_forget(c->fd, id, dry, c->now, &r, &c->err) != 0)
		return fail(c);
	const struct db_forget_counts *n = &r.n;
	if (c->json) {
		struct json j = {stdout, 0, {0}};
		json_begin_object(&j);
		json_int(&j, "contact", id);
		json_bool(&j, "dry_run", dry);
		json_int(&j, "numbers", n->numbers);
		json_int(&j, "calls", n->calls);
		json_int(&j, "callbacks", n->callbacks);
		json_int(&j, "cancelled", n->cancelled);
		json_int(&j, "attempt_notes", n->attempt_notes);
		json_int(&j, "rings", n->rings);
		json_bool(&j, "log_cleared", !dry && !r.wal_busy);
		json_end_object(&j);
	} else {
		printf(_("contact %lld ("), id);
		out_text(stdout, r.name);
		printf(") %s: ", dry ? _("would be erased") : _("erased"));
		printf(ngettext("%lld number removed, ", "%lld numbers removed, ", (unsigned long)n->numbers), n->numbers);
		printf(ngettext("%lld call and ", "%lld calls and ", (unsigned long)n->calls), n->calls);
		printf(ngettext("%lld callback kept without name, number or message ",
		                "%lld callbacks kept without name, number or message ", (unsigned long)n->callbacks),
		       n->callbacks);
		printf(ngettext("(%lld open one cancelled), ", "(%lld open ones cancelled), ", (unsigned long)n->cancelled),
		       n->cancelled);
		printf(ngettext("%lld attempt note and ", "%lld attempt notes and ", (unsigned long)n->attempt_notes),
		       n->attempt_notes);
		printf(ngettext("%lld incoming call removed\n", "%lld incoming calls removed\n", (unsigned long)n->rings),
		       n->rings);
	}
	busy_note(r.wal_busy);
	free(r.name);
	return 0;
}

int cmd_purge(struct ctx *c)
{
	struct fd_purge_result r;
	int days = 0, dry = flag(c, "dry-run");
	if (opt(c, "set-retention")) {
		if (opt(c, "older-than") || dry)
			return usage_error(c->cmd, "%s", _("--set-retention stores the period and purges nothing: "
			                                 "give it alone"));
		if (fd_days_parse(opt(c, "set-retention"), &days, &c->err) != 0 ||
		    fd_retention_set(c->fd, days, c->now, &c->err) != 0)
			return fail(c);
		if (c->json)
			printf("{\"retention_days\":%d}\n", days);
		else
			printf(_("retention period set to %d days\n"), days);
		return 0;
	}
	if (opt(c, "older-than") && fd_days_parse(opt(c, "older-than"), &days, &c->err) != 0)
		return fail(c);
	if (fd_purge(c->fd, days, dry, c->now, &r, &c->err) != 0)
		return fail(c);
	char t[64];
	when_format_iso(r.before, t, sizeof t);
	if (c->json) {
		struct json j = {stdout, 0, {0}};
		json_begin_object(&j);
		json_int(&j, "days", r.days);
		json_time(&j, "before", r.before);
		json_bool(&j, "dry_run", dry);
		json_int(&j, "calls", r.n.calls);
		json_int(&j, "callbacks", r.n.callbacks);
		json_int(&j, "attempt_notes", r.n.attempt_notes);
		json_int(&j, "rings", r.n.rings);
		json_end_object(&j);
	} else {
		if (dry)
			printf(ngettext("dry run, nothing changed: closed before %s (%d day ago): ",
			                "dry run, nothing changed: closed before %s (%d days ago): ", (unsigned long)r.days),
			       t, r.days);
		else
			printf(ngettext("purged what closed before %s (%d day ago): ",
			                "purged what closed before %s (%d days ago): ", (unsigned long)r.days), t, r.days);
		printf(ngettext("%lld call and ", "%lld calls and ", (unsigned long)r.n.calls), r.n.calls);
		if (dry)
			printf(ngettext("%lld callback to anonymise, ", "%lld callbacks to anonymise, ",
			                (unsigned long)r.n.callbacks), r.n.callbacks);
		else
			printf(ngettext("%lld callback anonymised, ", "%lld callbacks anonymised, ",
			                (unsigned long)r.n.callbacks), r.n.callbacks);
		printf(ngettext("%lld attempt note and ", "%lld attempt notes and ", (unsigned long)r.n.attempt_notes),
		       r.n.attempt_notes);
		if (dry)
			printf(ngettext("%lld incoming call to remove\n", "%lld incoming calls to remove\n",
			                (unsigned long)r.n.rings), r.n.rings);
		else
			printf(ngettext("%lld incoming call removed\n", "%lld incoming calls removed\n",
			                (unsigned long)r.n.rings), r.n.rings);
	}
	busy_note(r.wal_busy);
	return 0;
}
