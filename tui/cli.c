/*
 * cli: parse the command line and run one subcommand.  Global options
 * (--db, --as, --json, --help, --version) go anywhere; each subcommand's
 * options are declared in its row of the command table.
 */
#include "tui/cli.h"
#include "tui/keydoc.h"
#include "tui/cmd.h"
#include "tui/out.h"
#include "tui/screen.h"
#include "core/config.h"
#include "core/cti.h"
#include "core/fd.h"
#include "core/i18n.h"
#include "core/phone.h"
#include "core/util.h"
#include "core/when.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* struct ctx, struct cmd and the option helpers: tui/cmd.h */

const char *opt(struct ctx *c, const char *name)
{
	for (int i = 0; i < MAX_OPTS && c->cmd->opts[i].name; i++)
		if (strcmp(c->cmd->opts[i].name, name) == 0)
			return c->set[i] ? (c->val[i] ? c->val[i] : "") : NULL;
	return NULL;
}

int flag(struct ctx *c, const char *name)
{
	return opt(c, name) != NULL;
}

/* Messages quote what was typed or stored: escaped, like all output. */
int fail(struct ctx *c)
{
	fputs("frontdesk: ", stderr);
	out_text(stderr, c->err.msg);
	fputc('\n', stderr);
	return c->err.code ? c->err.code : 1;
}

int usage_error(const struct cmd *cmd, const char *fmt, const char *arg)
{
	char msg[512];
	snprintf(msg, sizeof msg, fmt, arg);
	fputs("frontdesk: ", stderr);
	out_text(stderr, msg);
	if (cmd)
		fprintf(stderr, _("\nusage: frontdesk %s\n"), cmd->usage);
	else
		fputs(_("; see 'frontdesk --help'\n"), stderr);
	return 2;
}

static int parse_id(const char *s, long long *id)
{
	char *end;
	if (!s || !*s)
		return -1;
	long long v = strtoll(s, &end, 10);
	if (*end || v <= 0)
		return -1;
	*id = v;
	return 0;
}

/* ---- commands ---- */

static int cmd_init(struct ctx *c)
{
	int cc = c->fd->default_cc;
	const char *s = opt(c, "country-code");
	if (s) {
		char *end;
		long v = strtol(s, &end, 10);
		if (*end || v <= 0) {
			fd_errf(&c->err, 2, _("--country-code takes a number such as 49"));
			return fail(c);
		}
		cc = (int)v;
	}
	if (fd_init(c->fd, cc, c->now, &c->err) != 0)
		return fail(c);
	/* fd_demo_populate refuses a database that holds staff already */
	if (flag(c, "demo")) {
		if (fd_demo_populate(c->fd, c->now, 1, &c->err) != 0)
			return fail(c);
	}
	if (!c->json) {
		printf(_("frontdesk: database ready at "));
		out_text(stdout, c->fd->db_path);
		printf("%s\n", flag(c, "demo") ? _(" (with demo data)") : "");
	}
	return 0;
}

static void print_staff_json(struct json *j, const struct staff *s, time_t now)
{
	json_begin_object(j);
	json_str(j, "kind", "staff");
	json_int(j, "id", s->id);
	json_str(j, "name", s->name);
	json_str(j, "login", s->login);
	json_begin_array_key(j, "numbers");
	if (s->phone)
		json_elem_str(j, s->phone);
	json_end_array(j);
	json_str(j, "ext", s->ext);
	json_str(j, "email", s->email);
	json_str(j, "department", s->department);
	json_str(j, "role", s->role);
	json_str(j, "presence", fd_staff_present(s, now) ? "in" : s->presence);
	json_time(j, "until", fd_staff_present(s, now) ? 0 : s->presence_until);
	json_str(j, "note", s->presence_note);
	json_str(j, "deputy", s->deputy_login);
	json_end_object(j);
}

static int cmd_staff_add(struct ctx *c)
{
	struct fd_staff_input in = {
		.name = opt(c, "name"), .login = opt(c, "login"), .ext = opt(c, "ext"),
		.phone = opt(c, "phone"), .email = opt(c, "email"),
		.department = opt(c, "department"), .role = opt(c, "role"), .deputy = opt(c, "deputy"),
	};
	long long id;
	if (!in.name || !in.login)
		return usage_error(c->cmd, "%s", _("--name and --login are required"));
	if (fd_staff_add(c->fd, &in, c->now, &id, &c->err) != 0)
		return fail(c);
	if (c->json)
		printf("{\"id\":%lld}\n", id);
	else
		printf(_("staff member %lld added\n"), id);
	return 0;
}

static int cmd_staff_list(struct ctx *c)
{
	struct staff *list;
	size_t n;
	if (fd_staff_list(c->fd, &list, &n, &c->err) != 0)
		return fail(c);
	if (c->json) {
		struct json j = {stdout, 0, {0}};
		json_begin_array(&j);
		for (size_t i = 0; i < n; i++)
			print_staff_json(&j, &list[i], c->now);
		json_end_array(&j);
	} else {
		for (size_t i = 0; i < n; i++) {
			char *pres = fd_presence_describe(&list[i], c->now);
			out_cell(stdout, list[i].login, 12);
			out_cell(stdout, list[i].ext ? list[i].ext : "-", 6);
			out_cell(stdout, list[i].name, 26);
			out_cell(stdout, list[i].department ? list[i].department : "", 18);
			out_cell(stdout, list[i].role, 13);
			out_text(stdout, pres);
			putchar('\n');
			free(pres);
		}
	}
	db_staff_free_list(list, n);
	return 0;
}

static int cmd_contact_add(struct ctx *c)
{
	struct fd_contact_input in = {
		.name = opt(c, "name"), .company = opt(c, "company"), .phone = opt(c, "phone"),
		.email = opt(c, "email"), .note = opt(c, "note"),
	};
	long long id;
	if (!in.name || !in.phone)
		return usage_error(c->cmd, "%s", _("--name and --phone are required"));
	if (fd_contact_add(c->fd, &in, c->now, &id, &c->err) != 0)
		return fail(c);
	if (c->json)
		printf("{\"id\":%lld}\n", id);
	else
		printf(_("contact %lld added\n"), id);
	return 0;
}

static int cmd_search(struct ctx *c)
{
	struct fd_hit *hits;
	size_t n;
	long long limit = 10;
	const char *l = opt(c, "limit");
	if (l && (parse_id(l, &limit) != 0 || limit > 1000))
		return usage_error(c->cmd, "%s", _("--limit takes a number from 1 to 1000"));
	/* several words on the command line are one query */
	struct sbuf q = SBUF_INIT;
	for (int i = 0; i < c->npos; i++) {
		if (i)
			sbuf_addc(&q, ' ');
		sbuf_adds(&q, c->pos[i]);
	}
	int rc = fd_search(c->fd, sbuf_str(&q), (size_t)limit, c->now, &hits, &n, &c->err);
	sbuf_reset(&q);
	if (rc != 0)
		return fail(c);
	if (c->json) {
		struct json j = {stdout, 0, {0}};
		json_begin_array(&j);
		for (size_t i = 0; i < n; i++) {
			if (hits[i].is_staff) {
				print_staff_json(&j, &hits[i].staff, c->now);
				continue;
			}
			const struct contact *k = &hits[i].contact;
			json_begin_object(&j);
			json_str(&j, "kind", "contact");
			json_int(&j, "id", k->id);
			json_str(&j, "name", k->name);
			json_begin_array_key(&j, "numbers");
			for (size_t m = 0; m < k->n_numbers; m++)
				json_elem_str(&j, k->numbers[m]);
			json_end_array(&j);
			json_str(&j, "company", k->company);
			json_str(&j, "email", k->email);
			json_end_object(&j);
		}
		json_end_array(&j);
	} else {
		if (n == 0)
			fprintf(stderr, "frontdesk: %s\n", _("nobody matches; try fewer letters"));
		for (size_t i = 0; i < n; i++) {
			char num[40] = "";
			if (hits[i].is_staff) {
				const struct staff *s = &hits[i].staff;
				char *pres = fd_presence_describe(s, c->now);
				out_cell(stdout, _("staff"), 9);
				out_cell(stdout, s->name, 26);
				printf(" %s ", _("ext"));
				out_cell(stdout, s->ext ? s->ext : "-", 5);
				out_cell(stdout, s->department ? s->department : "", 18);
				out_text(stdout, pres);
				free(pres);
			} else {
				const struct contact *k = &hits[i].contact;
				if (k->n_numbers)
					phone_format(k->numbers[0], num, sizeof num);
				out_cell(stdout, _("contact"), 9);
				out_cell(stdout, k->name, 26);
				printf(" ");
				out_cell(stdout, num, 20);
				out_text(stdout, k->company);
			}
			putchar('\n');
		}
	}
	fd_hits_free(hits, n);
	return n ? 0 : 1;
}

static int cmd_presence(struct ctx *c)
{
	if (fd_presence_set(c->fd, c->pos[0], c->pos[1], opt(c, "until"), opt(c, "note"), c->now,
	                    &c->err) != 0)
		return fail(c);
	if (!c->json) {
		printf(_("presence of "));
		out_text(stdout, c->pos[0]);
		printf(_(" set to %s\n"), _(c->pos[1]));
	}
	return 0;
}

static void print_caller(struct ctx *c, const struct fd_caller *who, long long ring_id)
{
	if (c->json) {
		struct json j = {stdout, 0, {0}};
		json_begin_object(&j);
		if (ring_id)
			json_int(&j, "ring", ring_id);
		json_str(&j, "number", who->e164);
		json_bool(&j, "known", who->known);
		json_id_or_null(&j, "contact", who->known ? who->contact.id : 0);
		json_str(&j, "name", who->known ? who->contact.name : NULL);
		json_str(&j, "company", who->known ? who->contact.company : NULL);
		json_int(&j, "calls_today", who->calls_today);
		json_begin_array_key(&j, "open_callbacks");
		for (size_t i = 0; i < who->n_open; i++) {
			json_begin_object(&j);
			json_int(&j, "id", who->open[i].id);
			json_str(&j, "for", who->open[i].assignee_login);
			json_time(&j, "due", who->open[i].due);
			json_int(&j, "calls", who->open[i].calls);
			json_end_object(&j);
		}
		json_end_array(&j);
		json_end_object(&j);
		return;
	}
	char *sum = fd_caller_summary(who, c->now);
	out_text(stdout, sum);
	putchar('\n');
	free(sum);
}

/* ring NUMBER, the generic CTI parameters as options, or --cti QUERY:
 * all three go through fd_cti_ring (core/cti.h). */
static int cmd_ring(struct ctx *c)
{
	static const char *const cti_opts[] = {"event", "from", "to", "direction", "call-id", "user"};
	struct fd_cti in = {0};
	struct fd_caller who;
	long long ring_id = 0;
	const char *note = NULL;
	if (opt(c, "cti")) {
		int other = c->npos > 0;
		for (size_t i = 0; i < sizeof cti_opts / sizeof cti_opts[0]; i++)
			other |= opt(c, cti_opts[i]) != NULL;
		if (other)
			return usage_error(c->cmd, "%s", _("--cti carries the whole event: no NUMBER or other option beside it"));
		if (fd_cti_parse_query(opt(c, "cti"), &in, &c->err) != 0)
			return fail(c);
	} else {
		if (c->npos > 0 && opt(c, "from"))
			return usage_error(c->cmd, "%s", _("the number twice: give NUMBER or --from, not both"));
		in.from = c->npos > 0 ? c->pos[0] : opt(c, "from");
		if (!in.from)
			return usage_error(c->cmd, "%s", _("missing NUMBER (or --from, or --cti)"));
		in.event = opt(c, "event");
		in.to = opt(c, "to");
		in.direction = opt(c, "direction");
		in.call_id = opt(c, "call-id");
		if (opt(c, "user"))
			in.user[in.n_user++] = opt(c, "user");
	}
	int r = fd_cti_ring(c->fd, &in, c->now, &who, &ring_id, &note, &c->err);
	fd_cti_clear(&in);
	if (r < 0)
		return fail(c);
	if (r > 0) {
		/* valid, nothing to record (outgoing, answer, hangup, withheld) */
		if (c->json) {
			struct json j = {stdout, 0, {0}};
			json_begin_object(&j);
			json_bool(&j, "recorded", 0);
			json_str(&j, "note", note);
			json_end_object(&j);
		} else {
			fprintf(stderr, "frontdesk: %s\n", _(note));
		}
		return 0;
	}
	print_caller(c, &who, ring_id);
	fd_caller_clear(&who);
	return 0;
}

static int cmd_call_log(struct ctx *c)
{
	struct fd_call_input in = {
		.for_login = opt(c, "for"), .from = opt(c, "from"), .name = opt(c, "name"),
		.company = opt(c, "company"), .outcome = opt(c, "outcome"),
		.subject = opt(c, "subject"), .message = opt(c, "message"),
		.urgent = flag(c, "urgent"), .complaint = flag(c, "complaint"),
		.callback = flag(c, "callback"), .due = opt(c, "due"),
		.to_deputy = flag(c, "to-deputy"),
	};
	struct fd_call_result r;
	if (!in.for_login || !in.from)
		return usage_error(c->cmd, "%s", _("--for and --from are required"));
	if (in.due && !in.callback)
		return usage_error(c->cmd, "%s", _("--due goes with --callback"));
	if (fd_call_log(c->fd, &in, c->now, &r, &c->err) != 0)
		return fail(c);
	if (c->json) {
		struct json j = {stdout, 0, {0}};
		json_begin_object(&j);
		json_int(&j, "call", r.call_id);
		json_id_or_null(&j, "contact", r.contact_id);
		json_bool(&j, "new_contact", r.new_contact);
		json_id_or_null(&j, "callback", r.callback_id);
		json_bool(&j, "attached", r.attached);
		json_int(&j, "calls", r.calls);
		json_time(&j, "due", r.callback_id ? r.due : 0);
		json_str(&j, "assignee", r.callback_id ? r.assignee : NULL);
		json_end_object(&j);
		return 0;
	}
	printf(_("call %lld logged"), r.call_id);
	if (r.new_contact)
		printf(_("; new contact %lld"), r.contact_id);
	if (r.callback_id) {
		char t[64];
		when_format_short(r.due, c->now, t, sizeof t);
		if (r.attached)
			printf(_("; added to callback #%lld (call %d about it), due %s, for %s"), r.callback_id,
			       r.calls, t, r.assignee);
		else
			printf(_("; callback #%lld due %s, for %s"), r.callback_id, t, r.assignee);
	}
	putchar('\n');
	return 0;
}

static int cmd_calls(struct ctx *c)
{
	struct fd_call_query q = {
		.since = opt(c, "since"), .until = opt(c, "until"), .for_login = opt(c, "for"),
		.outcome = opt(c, "outcome"),
	};
	struct call *list;
	size_t n;
	long long limit = 0;
	if (opt(c, "limit") && parse_id(opt(c, "limit"), &limit) != 0)
		return usage_error(c->cmd, "%s", _("--limit takes a positive number"));
	q.limit = (size_t)limit;
	if (fd_calls(c->fd, &q, c->now, &list, &n, &c->err) != 0)
		return fail(c);
	if (c->json) {
		struct json j = {stdout, 0, {0}};
		json_begin_array(&j);
		for (size_t i = 0; i < n; i++) {
			json_begin_object(&j);
			json_int(&j, "id", list[i].id);
			json_time(&j, "at", list[i].at);
			json_str(&j, "caller", list[i].caller_name);
			json_str(&j, "company", list[i].caller_company);
			json_str(&j, "number", list[i].number);
			json_str(&j, "for", list[i].wanted_login);
			json_str(&j, "outcome", list[i].outcome);
			json_str(&j, "subject", list[i].subject);
			json_str(&j, "message", list[i].message);
			json_bool(&j, "urgent", list[i].urgent);
			json_bool(&j, "complaint", list[i].complaint);
			json_str(&j, "taken_by", list[i].taken_login);
			json_id_or_null(&j, "callback", list[i].callback_id);
			json_end_object(&j);
		}
		json_end_array(&j);
	} else {
		for (size_t i = 0; i < n; i++) {
			char t[48], num[40] = "";
			when_format_short(list[i].at, c->now, t, sizeof t);
			if (list[i].number)
				phone_format(list[i].number, num, sizeof num);
			printf("%6lld  ", list[i].id);
			out_cell(stdout, t, 18);
			out_cell(stdout, list[i].caller_name ? list[i].caller_name : num, 24);
			out_cell(stdout, list[i].wanted_login, 12);
			out_cell(stdout, list[i].outcome, 10);
			out_text(stdout, list[i].subject);
			if (list[i].callback_id)
				printf("  [callback #%lld]", list[i].callback_id);
			putchar('\n');
		}
	}
	db_call_free_list(list, n);
	return 0;
}

static int cmd_queue(struct ctx *c)
{
	struct callback *list;
	size_t n;
	if (fd_queue(c->fd, c->npos ? c->pos[0] : NULL, flag(c, "all"), flag(c, "closed"), c->now,
	             &list, &n, &c->err) != 0)
		return fail(c);
	if (c->json) {
		struct json j = {stdout, 0, {0}};
		json_begin_array(&j);
		for (size_t i = 0; i < n; i++) {
			json_begin_object(&j);
			json_int(&j, "id", list[i].id);
			json_str(&j, "caller", list[i].caller_name);
			json_str(&j, "company", list[i].caller_company);
			json_str(&j, "number", list[i].number);
			json_str(&j, "subject", list[i].subject);
			json_time(&j, "due", list[i].due);
			json_str(&j, "status", list[i].status);
			json_int(&j, "calls", list[i].calls);
			json_int(&j, "attempts", list[i].attempts);
			json_str(&j, "for", list[i].assignee_login);
			json_bool(&j, "urgent", list[i].priority > 0);
			json_bool(&j, "overdue", !strcmp(list[i].status, "open") && list[i].due < c->now);
			json_str(&j, "escalated", cmd_escalated_name(list[i].escalated));
			json_end_object(&j);
		}
		json_end_array(&j);
	} else {
		if (n == 0)
			printf(_("no open callbacks\n"));
		for (size_t i = 0; i < n; i++) {
			char due[48], num[40] = "";
			if (!strcmp(list[i].status, "open"))
				when_format_relative(list[i].due, c->now, due, sizeof due);
			else
				snprintf(due, sizeof due, "%s", list[i].status);
			if (list[i].number)
				phone_format(list[i].number, num, sizeof num);
			printf("#%-5lld %s ", list[i].id, list[i].priority ? "!" : " ");
			out_cell(stdout, due, 16);
			out_cell(stdout, list[i].caller_name ? list[i].caller_name : _("unknown caller"), 22);
			out_cell(stdout, num, 18);
			out_cell(stdout, list[i].assignee_login, 13);
			printf(_("calls %d  tries %d  "), list[i].calls, list[i].attempts);
			out_text(stdout, list[i].subject);
			if (list[i].escalated)
				printf(_("  [escalated: %s]"), cmd_escalated_name(list[i].escalated));
			putchar('\n');
		}
	}
	db_callback_free_list(list, n);
	return 0;
}

static int callback_id_arg(struct ctx *c, long long *id)
{
	if (parse_id(c->pos[0], id) != 0) {
		usage_error(c->cmd, _("\"%s\" is not a callback number"), c->pos[0]);
		return -1;
	}
	return 0;
}

static int cmd_callback_attempt(struct ctx *c)
{
	long long id;
	if (callback_id_arg(c, &id) != 0)
		return 2;
	const char *res = opt(c, "result");
	if (!res)
		return usage_error(c->cmd, "%s", _("--result is required"));
	if (fd_callback_attempt(c->fd, id, res, opt(c, "note"), opt(c, "next"), c->now, &c->err) != 0)
		return fail(c);
	struct callback cb;
	if (fd_callback_get(c->fd, id, &cb, &c->err) == 0) {
		char t[48];
		when_format_short(cb.due, c->now, t, sizeof t);
		if (!strcmp(cb.status, "open"))
			printf(_("callback #%lld: %s logged; next try %s\n"), id, res, t);
		else
			printf(_("callback #%lld: %s logged; %s\n"), id, res, cb.status);
		db_callback_clear(&cb);
	}
	return 0;
}

static int cmd_callback_done(struct ctx *c)
{
	long long id;
	if (callback_id_arg(c, &id) != 0)
		return 2;
	if (fd_callback_done(c->fd, id, opt(c, "note"), c->now, &c->err) != 0)
		return fail(c);
	printf(_("callback #%lld done\n"), id);
	return 0;
}

static int cmd_callback_reassign(struct ctx *c)
{
	long long id;
	if (callback_id_arg(c, &id) != 0)
		return 2;
	if (fd_callback_reassign(c->fd, id, c->pos[1], c->now, &c->err) != 0)
		return fail(c);
	printf(_("callback #%lld handed to "), id);
	out_text(stdout, c->pos[1]);
	putchar('\n');
	return 0;
}

static int cmd_callback_snooze(struct ctx *c)
{
	long long id;
	if (callback_id_arg(c, &id) != 0)
		return 2;
	if (fd_callback_snooze(c->fd, id, c->pos[1], c->now, &c->err) != 0)
		return fail(c);
	printf(_("callback #%lld snoozed\n"), id);
	return 0;
}

static int cmd_callback_close(struct ctx *c)
{
	long long id;
	if (callback_id_arg(c, &id) != 0)
		return 2;
	const char *status = flag(c, "will-call-again") ? "will-call-again" : "cancelled";
	if (fd_callback_close(c->fd, id, status, opt(c, "note"), c->now, &c->err) != 0)
		return fail(c);
	printf(_("callback #%lld closed: %s\n"), id, status);
	return 0;
}

static int cmd_ui(struct ctx *c)
{
	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
		fprintf(stderr, "frontdesk: %s\n", _("the full-screen program needs a terminal; "
		                "for scripts use the subcommands (see 'frontdesk --help')"));
		return 2;
	}
	return ui_run(c->fd);
}

static int cmd_help(struct ctx *c);
static int cmd_version(struct ctx *c)
{
	printf("frontdesk %s\n", FRONTDESK_VERSION);
	return 0;
}

#define NOARG 0
#define ARG 1
static const struct cmd commands[] = {
	{"init", cmd_init, "init [--country-code 49] [--demo]",
	 N_("create the database (or update its settings); --demo fills a new one with a sample company"),
	 {{"country-code", ARG}, {"demo", NOARG}}, 0, 0, 2},
	{"staff add", cmd_staff_add,
	 "staff add --name N --login L [--ext E] [--phone P] [--email M] [--department D] [--role R] [--deputy LOGIN]",
	 N_("add a staff member (role: receptionist, employee, supervisor, admin)"),
	 {{"name", ARG}, {"login", ARG}, {"ext", ARG}, {"phone", ARG}, {"email", ARG},
	  {"department", ARG}, {"role", ARG}, {"deputy", ARG}}, 0, 0, 1},
	{"staff list", cmd_staff_list, "staff list", N_("list the staff directory with presence"), {{0}}, 0, 0, 1},
	{"contact add", cmd_contact_add, "contact add --name N [--company C] --phone P [--email M] [--note T]",
	 N_("add an outside caller"), {{"name", ARG}, {"company", ARG}, {"phone", ARG}, {"email", ARG}, {"note", ARG}},
	 0, 0, 1},
	{"contact show", cmd_contact_show, "contact show ID [--all-data]",
	 N_("a contact's card; --all-data: everything held about them, for a data access request (supervisors)"),
	 {{"all-data", NOARG}}, 1, 1, 1},
	{"contact forget", cmd_contact_forget, "contact forget ID [--dry-run] | contact forget --replay [--from FILE]",
	 N_("erase a caller everywhere (supervisors); --replay erases again everyone in the erasure list after a restore"),
	 {{"dry-run", NOARG}, {"replay", NOARG}, {"from", ARG}}, 0, 1, 1},
	{"search", cmd_search, "search QUERY [--limit N]",
	 N_("find staff and contacts by a few letters, any spelling, or part of a number"),
	 {{"limit", ARG}}, 1, MAX_POS, 1},
	{"presence", cmd_presence, "presence LOGIN STATUS [--until TIME] [--note TEXT]",
	 N_("set presence: in, out, meeting, lunch, vacation, sick"), {{"until", ARG}, {"note", ARG}}, 2, 2, 1},
	{"ring", cmd_ring,
	 "ring NUMBER [--to EXT|NUMBER] | ring --from NUMBER [--to EXT|NUMBER] [--event newCall|answer|hangup] "
	 "[--direction in|out] [--call-id ID] [--user LOGIN] | ring --cti QUERY",
	 N_("an incoming call from the phone system (also as generic CTI parameters): recorded, and who is calling printed"),
	 {{"to", ARG}, {"from", ARG}, {"event", ARG}, {"direction", ARG}, {"call-id", ARG}, {"user", ARG},
	  {"cti", ARG}}, 0, 1, 1},
	{"call log", cmd_call_log,
	 "call log --for LOGIN --from NUMBER [--name N] [--company C] [--outcome connected|unreached|message] "
	 "[--subject S] [--message M] [--urgent] [--complaint] [--callback [--due TIME] [--to-deputy]]",
	 N_("log a call; a new caller's name becomes a contact; --callback puts it on the wanted person's queue"),
	 {{"for", ARG}, {"from", ARG}, {"name", ARG}, {"company", ARG}, {"outcome", ARG},
	  {"subject", ARG}, {"message", ARG}, {"urgent", NOARG}, {"complaint", NOARG},
	  {"callback", NOARG}, {"due", ARG}, {"to-deputy", NOARG}}, 0, 0, 1},
	{"calls", cmd_calls, "calls [--since TIME] [--until TIME] [--for LOGIN] [--outcome O] [--limit N]",
	 N_("list calls, newest first"), {{"since", ARG}, {"until", ARG}, {"for", ARG}, {"outcome", ARG}, {"limit", ARG}},
	 0, 0, 1},
	{"queue", cmd_queue, "queue [LOGIN] [--all] [--closed]",
	 N_("list open callbacks: overdue first, then by due time"), {{"all", NOARG}, {"closed", NOARG}}, 0, 1, 1},
	{"callback attempt", cmd_callback_attempt,
	 "callback attempt ID --result reached|no-answer|busy|voicemail|wrong-number [--note N] [--next TIME]",
	 N_("log a try to call back; no answer reschedules, reached closes"), {{"result", ARG}, {"note", ARG}, {"next", ARG}},
	 1, 1, 1},
	{"callback done", cmd_callback_done, "callback done ID [--note N]", N_("close a callback: caller reached"),
	 {{"note", ARG}}, 1, 1, 1},
	{"callback reassign", cmd_callback_reassign, "callback reassign ID LOGIN", N_("hand a callback to a colleague"),
	 {{0}}, 2, 2, 1},
	{"callback snooze", cmd_callback_snooze, "callback snooze ID TIME", N_("move a callback's due time"),
	 {{0}}, 2, 2, 1},
	{"callback close", cmd_callback_close, "callback close ID (--will-call-again | --cancel) [--note N]",
	 N_("close without reaching the caller"), {{"will-call-again", NOARG}, {"cancel", NOARG}, {"note", ARG}}, 1, 1, 1},
	{"callback note", cmd_callback_note, "callback note ID TEXT", N_("add a note to a callback"),
	 {{0}}, 2, MAX_POS, 1},
	{"callback show", cmd_callback_show, "callback show ID",
	 N_("everything about a callback: the message, every call from this caller, every attempt"), {{0}}, 1, 1, 1},
	{"callback dial", cmd_callback_dial, "callback dial ID",
	 N_("dial the caller through the dial_command setting (the number is $1)"), {{0}}, 1, 1, 1},
	{"remind", cmd_remind, "remind [--dry-run] [--mail-command CMD]",
	 N_("mail everyone with open callbacks a digest (supervisors; for cron); --dry-run prints the mails"),
	 {{"dry-run", NOARG}, {"mail-command", ARG}}, 0, 0, 1},
	{"report", cmd_report,
	 "report [--since TIME] [--until TIME] [--by department|hour|weekday|person] [--department D] "
	 "[--person LOGIN] [--wall-clock] "
	 "[--list all|never|overdue|repeat|after-hours [--for LOGIN] [--department D] [--status S] "
	 "[--caller C] [--sort COLUMN[:asc|:desc]] [--limit N]]",
	 N_("missed calls and callback speed for a period, the company's or one department's (supervisors); "
	    "--list shows the missed-call log"),
	 {{"since", ARG}, {"until", ARG}, {"by", ARG}, {"wall-clock", NOARG}, {"list", ARG},
	  {"for", ARG}, {"department", ARG}, {"status", ARG}, {"caller", ARG}, {"sort", ARG},
	  {"limit", ARG}, {"person", ARG}}, 0, 0, 1},
	{"export", cmd_export,
	 "export calls|callbacks|contacts [--since TIME] [--until TIME] [--format csv|json|vcard] "
	 "[--output FILE] [--bom] [--wall-clock]",
	 N_("write calls, callbacks or contacts as CSV (RFC 4180) or JSON; --output makes a new file, never overwrites"),
	 {{"since", ARG}, {"until", ARG}, {"format", ARG}, {"output", ARG}, {"bom", NOARG},
	  {"wall-clock", NOARG}}, 1, 1, 1},
	{"purge", cmd_purge, "purge [--older-than DAYS] [--dry-run] | purge --set-retention DAYS",
	 N_("anonymise calls and callbacks closed longer ago than the retention period (supervisors; for cron)"),
	 {{"older-than", ARG}, {"dry-run", NOARG}, {"set-retention", ARG}}, 0, 0, 1},
	{"backup", cmd_backup, "backup FILE",
	 N_("copy the database to a new FILE while others keep working (admins); never overwrites"),
	 {{0}}, 1, 1, 1},
	{"verify", cmd_verify, "verify",
	 N_("check the database file and the audit trail's hash chain; names the first changed row"),
	 {{0}}, 0, 0, 1},
	{"setup-shared", cmd_setup_shared, "setup-shared DIR GROUP",
	 N_("make DIR a team's database directory: owned by GROUP, mode 2770 (as root)"),
	 {{0}}, 2, 2, 0},
	{"shell", cmd_shell, "shell",
	 N_("a prompt for these commands with history and Tab completion; from a pipe, runs a script"),
	 {{0}}, 0, 0, 0},
	{"import", cmd_import, "import staff|contacts FILE [--dry-run]",
	 N_("add people from a CSV (Outlook, Google, frontdesk's own columns) or vCard file: all or nothing"),
	 {{"dry-run", NOARG}}, 2, 2, 1},
	{"help", cmd_help, "help [COMMAND]", N_("show help"), {{0}}, 0, 2, 0},
	{"version", cmd_version, "version", N_("show the version"), {{0}}, 0, 0, 0},
};
#define N_COMMANDS (sizeof commands / sizeof commands[0])

static const struct cmd ui_cmd = {"", cmd_ui, "", "", {{0}}, 0, 0, 1};

/* For the shell (tui/shell.c): the table, and the options cli_main last saw. */
static const char *global_db, *global_as;
static int global_json;

const struct cmd *cli_command_table(size_t *n)
{
	*n = N_COMMANDS;
	return commands;
}

void cli_global_options(const char **db_path, const char **as, int *json)
{
	*db_path = global_db;
	*as = global_as;
	*json = global_json;
}

static void print_usage(FILE *f)
{
	fputs(_("usage: frontdesk [--db PATH] [--as LOGIN] [--json] [COMMAND [ARGS]]\n"
	        "\n"
	        "Without a command, the full-screen program opens.\n"
	        "\n"
	        "Commands:\n"), f);
	for (size_t i = 0; i < N_COMMANDS; i++)
		fprintf(f, "  %-20s %s\n", commands[i].name, _(commands[i].help));
	fputs(_("\n"
	        "Options:\n"
	        "  --db PATH    the database (also FRONTDESK_DB; default $XDG_DATA_HOME/frontdesk/frontdesk.db)\n"
	        "  --as LOGIN   act as this staff member (database owner or root only)\n"
	        "  --json       print listings as JSON\n"
	        "  --help       this help; 'frontdesk COMMAND --help' for one command\n"
	        "  --version    the version\n"
	        "\n"
	        "Exit status: 0 success, 2 bad usage or input, 1 anything else.  See frontdesk(1).\n"), f);
}

static const struct cmd *find_cmd(const char *w1, const char *w2, int *words)
{
	char two[64];
	if (w2) {
		snprintf(two, sizeof two, "%s %s", w1, w2);
		for (size_t i = 0; i < N_COMMANDS; i++)
			if (strcmp(commands[i].name, two) == 0) {
				*words = 2;
				return &commands[i];
			}
	}
	for (size_t i = 0; i < N_COMMANDS; i++)
		if (strcmp(commands[i].name, w1) == 0) {
			*words = 1;
			return &commands[i];
		}
	return NULL;
}

static int cmd_help(struct ctx *c)
{
	int words;
	if (c->npos == 0) {
		print_usage(stdout);
		return 0;
	}
	const struct cmd *cmd = find_cmd(c->pos[0], c->npos > 1 ? c->pos[1] : NULL, &words);
	if (!cmd)
		return usage_error(NULL, _("unknown command \"%s\""), c->pos[0]);
	printf(_("usage: frontdesk %s\n  %s\n"), cmd->usage, _(cmd->help));
	return 0;
}

int cli_main(int argc, char **argv)
{
	struct ctx c;
	const char *db_path = NULL, *as = NULL;
	int help = 0, version = 0;
	char *words[MAX_POS + 2];
	int nwords = 0;
	const char *rest[64];
	int nrest = 0;

	memset(&c, 0, sizeof c);
	c.now = time(NULL);
	/* pass 1: global options anywhere; the rest kept in order */
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (strcmp(a, "--") == 0) {
			for (i++; i < argc && nrest < 63; i++)
				rest[nrest++] = argv[i];
			break;
		}
		if (strcmp(a, "--db") == 0 || strcmp(a, "--as") == 0) {
			if (i + 1 >= argc)
				return usage_error(NULL, _("%s needs a value"), a);
			if (a[2] == 'd')
				db_path = argv[++i];
			else
				as = argv[++i];
		} else if (strncmp(a, "--db=", 5) == 0) {
			db_path = a + 5;
		} else if (strncmp(a, "--as=", 5) == 0) {
			as = a + 5;
		} else if (strcmp(a, "--json") == 0) {
			c.json = 1;
		} else if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
			help = 1;
		} else if (strcmp(a, "--keys-mdoc") == 0) {
			/* for scripts/mkman.sh: the man page's key list */
			ui_keys_mdoc(stdout);
			return 0;
		} else if (strcmp(a, "--version") == 0 || strcmp(a, "-V") == 0) {
			version = 1;
		} else if (nrest < 63) {
			rest[nrest++] = a;
		} else {
			return usage_error(NULL, "%s", _("too many arguments"));
		}
	}
	global_db = db_path;
	global_as = as;
	global_json = c.json;
	if (version)
		return cmd_version(&c);

	/* the command: the first one or two words that are not options */
	int words_used = 0;
	const struct cmd *cmd = NULL;
	if (nrest > 0 && rest[0][0] != '-') {
		cmd = find_cmd(rest[0], nrest > 1 ? rest[1] : NULL, &words_used);
		if (!cmd) {
			int dummy;
			/* "staff" alone, "call" alone: say what follows */
			for (size_t i = 0; i < N_COMMANDS; i++)
				if (strncmp(commands[i].name, rest[0], strlen(rest[0])) == 0 &&
				    commands[i].name[strlen(rest[0])] == ' ') {
					fprintf(stderr, _("frontdesk: \"%s\" needs a subcommand:"), rest[0]);
					for (size_t k = 0; k < N_COMMANDS; k++)
						if (strncmp(commands[k].name, rest[0], strlen(rest[0])) == 0 &&
						    commands[k].name[strlen(rest[0])] == ' ')
							fprintf(stderr, " '%s'", commands[k].name);
					fputc('\n', stderr);
					return 2;
				}
			(void)dummy;
			return usage_error(NULL, _("unknown command \"%s\""), rest[0]);
		}
	} else if (nrest > 0) {
		return usage_error(NULL, _("unknown option \"%s\""), rest[0]);
	}
	if (help) {
		if (!cmd) {
			print_usage(stdout);
			return 0;
		}
		printf(_("usage: frontdesk %s\n  %s\n"), cmd->usage, _(cmd->help));
		return 0;
	}
	if (!cmd)
		cmd = &ui_cmd;
	c.cmd = cmd;
	(void)words;
	(void)nwords;

	/* pass 2: the command's own options and positional arguments */
	for (int i = words_used; i < nrest; i++) {
		const char *a = rest[i];
		if (a[0] == '-' && a[1] == '-' && a[2]) {
			const char *name = a + 2, *eq = strchr(name, '=');
			size_t len = eq ? (size_t)(eq - name) : strlen(name);
			int k;
			for (k = 0; k < MAX_OPTS && cmd->opts[k].name; k++)
				if (strlen(cmd->opts[k].name) == len && strncmp(cmd->opts[k].name, name, len) == 0)
					break;
			if (k == MAX_OPTS || !cmd->opts[k].name)
				return usage_error(cmd, _("unknown option \"%s\""), a);
			c.set[k] = 1;
			if (cmd->opts[k].has_arg) {
				if (eq)
					c.val[k] = eq + 1;
				else if (i + 1 < nrest)
					c.val[k] = rest[++i];
				else
					return usage_error(cmd, _("%s needs a value"), a);
			} else if (eq) {
				return usage_error(cmd, _("%s takes no value"), a);
			}
		} else {
			if (c.npos >= MAX_POS || c.npos >= cmd->max_pos)
				return usage_error(cmd, _("unexpected argument \"%s\""), a);
			c.pos[c.npos++] = a;
		}
	}
	if (c.npos < cmd->min_pos)
		return usage_error(cmd, "%s", _("missing argument"));

	struct fd_config conf;
	if (cmd->db) {
		/* the configuration files: exit 2 naming the file and line */
		if (config_load_all(&conf, &c.err) != 0) {
			config_clear(&conf);
			return fail(&c);
		}
		if (!db_path && !(getenv("FRONTDESK_DB") && *getenv("FRONTDESK_DB")))
			db_path = conf.db_path;
	}
	if (cmd->db) {
		struct fd_open_opts o = {0};
		o.db_path = db_path;
		o.as_login = as;
		o.create = cmd->db == 2;
		o.uid_override = -1;
		if (fd_open(&o, &c.fd, &c.err) != 0) {
			config_clear(&conf);
			return fail(&c);
		}
		config_apply(&conf, c.fd);
		config_clear(&conf);
	}
	int rc = cmd->run(&c);
	fd_close(&c.fd);
	return rc;
}
