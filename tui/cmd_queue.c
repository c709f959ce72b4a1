/*
 * cmd_queue: working one callback from the command line ('callback show',
 * 'callback note', 'callback dial') and the reminder digest ('remind', for
 * cron or a systemd timer).
 */
#include "tui/cmd.h"
#include "tui/out.h"
#include "core/i18n.h"
#include "core/phone.h"
#include "core/queue.h"
#include "core/text.h"
#include "core/util.h"
#include "core/when.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int id_arg(struct ctx *c, long long *id)
{
	char *end;
	long long v = strtoll(c->pos[0], &end, 10);
	if (!*c->pos[0] || *end || v <= 0) {
		usage_error(c->cmd, _("\"%s\" is not a callback number"), c->pos[0]);
		return -1;
	}
	*id = v;
	return 0;
}

const char *cmd_escalated_name(int escalated)
{
	return escalated == ESC_DEPUTY ? "deputy" : escalated == ESC_SUPERVISOR ? "supervisor" : NULL;
}

int cmd_callback_note(struct ctx *c)
{
	long long id;
	if (id_arg(c, &id) != 0)
		return 2;
	/* the words of an unquoted note are one note */
	struct sbuf note = SBUF_INIT;
	for (int i = 1; i < c->npos; i++) {
		if (i > 1)
			sbuf_addc(&note, ' ');
		sbuf_adds(&note, c->pos[i]);
	}
	int rc = fd_callback_note(c->fd, id, sbuf_str(&note), c->now, &c->err);
	sbuf_reset(&note);
	if (rc != 0)
		return fail(c);
	if (c->json)
		printf("{\"callback\":%lld,\"noted\":true}\n", id);
	else
		printf(_("callback #%lld: note added\n"), id);
	return 0;
}

static void show_json(struct ctx *c, const struct fd_callback_detail *d)
{
	const struct callback *cb = &d->cb;
	struct json j = {stdout, 0, {0}};
	json_begin_object(&j);
	json_int(&j, "id", cb->id);
	json_str(&j, "caller", cb->caller_name);
	json_str(&j, "company", cb->caller_company);
	json_str(&j, "number", cb->number);
	json_str(&j, "subject", cb->subject);
	json_time(&j, "due", cb->due);
	json_str(&j, "status", cb->status);
	json_int(&j, "calls", cb->calls);
	json_int(&j, "attempts", cb->attempts);
	json_str(&j, "for", cb->assignee_login);
	json_bool(&j, "urgent", cb->priority > 0);
	json_bool(&j, "overdue", !strcmp(cb->status, "open") && cb->due < c->now);
	json_str(&j, "escalated", cmd_escalated_name(cb->escalated));
	json_str(&j, "for_name", cb->assignee_name);
	json_str(&j, "message", cb->message);
	json_id_or_null(&j, "contact", cb->contact_id);
	json_str(&j, "caller_email", d->have_contact ? d->contact.email : NULL);
	json_str(&j, "caller_note", d->have_contact ? d->contact.note : NULL);
	json_time(&j, "created", cb->created);
	json_time(&j, "closed", cb->closed);
	json_bool(&j, "calls_limited", d->calls_limited);
	json_begin_array_key(&j, "call_log");
	for (size_t i = 0; i < d->n_calls; i++) {
		json_call(&j, &d->calls[i], 0);
	}
	json_end_array(&j);
	json_begin_array_key(&j, "attempt_log");
	for (size_t i = 0; i < d->n_attempts; i++) {
		json_attempt(&j, &d->attempts[i]);
	}
	json_end_array(&j);
	json_end_object(&j);
	putchar('\n');
}

/* The label column of callback show: 10, or wider for longer translations. */
static int label_w = 10;

static void set_label_width(void)
{
	static const char *const labels[] = {
		N_("for"), N_("caller"), N_("number"), N_("email"), N_("about"), N_("subject"),
		N_("message"), N_("taken"),
	};
	label_w = 10;
	for (size_t i = 0; i < sizeof labels / sizeof *labels; i++)
		if ((int)text_width(_(labels[i])) + 1 > label_w)
			label_w = (int)text_width(_(labels[i])) + 1;
}

/* A multi-line text, each further line indented under the first. */
static void print_block(const char *label, const char *text)
{
	out_cell(stdout, _(label), label_w);
	const char *p = text;
	while (p) {
		const char *nl = strchr(p, '\n');
		char *line = nl ? xstrndup(p, (size_t)(nl - p)) : xstrdup(p);
		if (p != text)
			printf("%*s", label_w, "");
		out_text(stdout, line);
		putchar('\n');
		free(line);
		p = nl ? nl + 1 : NULL;
	}
}

static void show_text(struct ctx *c, const struct fd_callback_detail *d)
{
	const struct callback *cb = &d->cb;
	char t[48], rel[48], num[40] = "";
	set_label_width();
	printf(_("callback #%lld  "), cb->id);
	if (!strcmp(cb->status, "open")) {
		when_format_relative(cb->due, c->now, rel, sizeof rel);
		when_format_short(cb->due, c->now, t, sizeof t);
		printf(_("open, %s (due %s)"), rel, t);
	} else {
		when_format_short(cb->closed, c->now, t, sizeof t);
		printf(_("%s (closed %s)"), _(cb->status), t);
	}
	if (cb->priority > 0)
		printf("%s", _("  URGENT"));
	if (cb->escalated)
		printf(_("  escalated to you as %s"), _(cmd_escalated_name(cb->escalated)));
	putchar('\n');
	out_cell(stdout, _("for"), label_w);
	out_text(stdout, cb->assignee_name);
	printf(" (");
	out_text(stdout, cb->assignee_login);
	printf(")\n");
	out_cell(stdout, _("caller"), label_w);
	out_text(stdout, cb->caller_name ? cb->caller_name : _("unknown caller"));
	if (cb->caller_company) {
		printf(" (");
		out_text(stdout, cb->caller_company);
		putchar(')');
	}
	putchar('\n');
	if (cb->number)
		phone_format(cb->number, num, sizeof num);
	out_cell(stdout, _("number"), label_w);
	printf("%s\n", *num ? num : _("none"));
	if (d->have_contact && d->contact.email) {
		out_cell(stdout, _("email"), label_w);
		out_text(stdout, d->contact.email);
		putchar('\n');
	}
	if (d->have_contact && d->contact.note)
		print_block(N_("about"), d->contact.note);
	if (cb->subject)
		print_block(N_("subject"), cb->subject);
	if (cb->message)
		print_block(N_("message"), cb->message);
	when_format_short(cb->created, c->now, t, sizeof t);
	out_cell(stdout, _("taken"), label_w);
	printf(ngettext("%s; called %d time about it\n", "%s; called %d times about it\n", cb->calls), t, cb->calls);

	/* the outcome column: as wide as the longest word, "unreached" */
	int outcome_w = (int)text_width(_("unreached")) + 1;
	if (outcome_w < 10)
		outcome_w = 10;
	printf(_("\ncalls from this caller (%zu)%s:\n"), d->n_calls,
	       d->calls_limited ? _(", those you may see") : "");
	for (size_t i = 0; i < d->n_calls; i++) {
		const struct call *k = &d->calls[i];
		when_format_short(k->at, c->now, t, sizeof t);
		printf("  %-18s ", t);
		out_cell(stdout, _(k->outcome), outcome_w);
		printf("%s", _("for "));
		out_cell(stdout, k->wanted_login ? k->wanted_login : "-", 10);
		printf("%s", _("taken by "));
		out_cell(stdout, k->taken_login ? k->taken_login : "-", 10);
		out_text(stdout, k->subject);
		if (k->callback_id == cb->id)
			printf("%s", _("  [this callback]"));
		putchar('\n');
	}
	printf(_("\nattempts (%zu):\n"), d->n_attempts);
	for (size_t i = 0; i < d->n_attempts; i++) {
		const struct attempt *a = &d->attempts[i];
		when_format_short(a->at, c->now, t, sizeof t);
		printf("  %-18s ", t);
		out_cell(stdout, a->by_login, 10);
		out_cell(stdout, _(a->result), 16);
		out_text(stdout, a->note && !strcmp(a->note, "snoozed") ? _("snoozed") : a->note);
		putchar('\n');
	}
}

int cmd_callback_show(struct ctx *c)
{
	struct fd_callback_detail d;
	long long id;
	if (id_arg(c, &id) != 0)
		return 2;
	if (fd_callback_detail(c->fd, id, c->now, &d, &c->err) != 0)
		return fail(c);
	if (c->json)
		show_json(c, &d);
	else
		show_text(c, &d);
	fd_callback_detail_clear(&d);
	return 0;
}

int cmd_callback_dial(struct ctx *c)
{
	long long id;
	char number[32], shown[40];
	if (id_arg(c, &id) != 0)
		return 2;
	if (fd_dial(c->fd, id, c->now, number, &c->err) != 0)
		return fail(c);
	phone_format(number, shown, sizeof shown);
	if (c->json)
		printf("{\"callback\":%lld,\"dialled\":\"%s\"}\n", id, number);
	else
		printf(_("callback #%lld: dialling %s\n"), id, shown);
	return 0;
}

struct remind_out {
	struct ctx *c;
	struct json j;
	size_t people, tried;       /* with open callbacks; mails tried */
};

/* JSON values; the text output translates them */
static const char *const remind_status[] = {
	[REMIND_SENT] = N_("sent"), [REMIND_DRY_RUN] = N_("dry-run"), [REMIND_FAILED] = N_("failed"),
	[REMIND_SKIPPED] = N_("skipped"),
};

static void remind_report(void *ctx, const struct fd_remind_result *r)
{
	struct remind_out *o = ctx;
	o->people++;
	o->tried += r->status == REMIND_SENT || r->status == REMIND_FAILED;
	if (o->c->json) {
		json_begin_object(&o->j);
		json_str(&o->j, "login", r->to->login);
		json_str(&o->j, "email", r->to->email);
		json_int(&o->j, "callbacks", (long long)r->n);
		json_int(&o->j, "overdue", (long long)r->overdue);
		json_str(&o->j, "status", remind_status[r->status]);
		json_str(&o->j, "error", r->why);
		json_str(&o->j, "mail", r->mail);
		json_end_object(&o->j);
		return;
	}
	FILE *f = r->status == REMIND_FAILED || r->status == REMIND_SKIPPED ? stderr : stdout;
	if (r->status == REMIND_FAILED || r->status == REMIND_SKIPPED)
		fputs("frontdesk: ", f);
	fprintf(f, "%s ", _(remind_status[r->status]));
	out_text(f, r->to->login);
	if (r->to->email) {
		fputs(" <", f);
		out_text(f, r->to->email);
		fputc('>', f);
	}
	fprintf(f, ngettext(": %zu open callback, %zu overdue", ": %zu open callbacks, %zu overdue", r->n), r->n, r->overdue);
	if (r->why) {
		fputs("; ", f);
		out_text(f, _(r->why));
	}
	fputc('\n', f);
	if (r->status == REMIND_DRY_RUN && r->mail) {
		/* the mail as it would go out, indented so mails stay apart */
		char *esc = text_escape(r->mail, 1);
		printf("----\n%s----\n", esc);
		free(esc);
	}
}

int cmd_remind(struct ctx *c)
{
	struct remind_out o = {c, {stdout, 0, {0}}, 0, 0};
	struct fd_remind_opts opts = {
		.mail_command = opt(c, "mail-command"), .dry_run = flag(c, "dry-run"),
	};
	size_t failed = 0;
	if (opts.mail_command && !*opts.mail_command)
		return usage_error(c->cmd, "%s", _("--mail-command needs a command"));
	if (c->json)
		json_begin_array(&o.j);
	int rc = fd_remind(c->fd, &opts, c->now, remind_report, &o, &failed, &c->err);
	if (c->json) {
		json_end_array(&o.j);
		putchar('\n');
	}
	if (rc != 0)
		return fail(c);
	if (!c->json && o.people == 0)
		printf("%s\n", _("nobody has open callbacks; no mail sent"));
	if (failed) {
		fprintf(stderr, "frontdesk: ");
		fprintf(stderr, ngettext("%zu of %zu reminder could not be sent\n",
		                         "%zu of %zu reminders could not be sent\n", o.tried), failed, o.tried);
		return 1;
	}
	return 0;
}
