/*
 * cmd_upkeep: 'frontdesk backup', 'frontdesk verify' and 'frontdesk
 * setup-shared'.
 */
#include "tui/cmd.h"
#include "tui/out.h"
#include "core/upkeep.h"
#include "core/i18n.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int cmd_backup(struct ctx *c)
{
	if (fd_backup(c->fd, c->pos[0], c->now, &c->err) != 0)
		return fail(c);
	if (c->json) {
		struct json j = {stdout, 0, {0}};
		json_begin_object(&j);
		json_str(&j, "backup", c->pos[0]);
		json_end_object(&j);
		putchar('\n');
	} else {
		printf("%s", _("backup written to "));
		out_text(stdout, c->pos[0]);
		putchar('\n');
	}
	return 0;
}

int cmd_verify(struct ctx *c)
{
	struct fd_verify v;
	if (fd_verify(c->fd, &v, &c->err) != 0)
		return fail(c);
	if (c->json) {
		struct json j = {stdout, 0, {0}};
		json_begin_object(&j);
		json_bool(&j, "intact", v.problem == NULL);
		json_str(&j, "problem", v.problem);
		json_id_or_null(&j, "bad_row", v.bad_row);
		json_int(&j, "audit_rows", v.rows);
		json_int(&j, "unchained_rows", v.unchained);
		json_str(&j, "head", v.head[0] ? v.head : NULL);
		json_begin_array_key(&j, "warnings");
		for (char *s = v.warnings, *nl; s && *s; s = nl + 1) {
			nl = strchr(s, '\n');
			*nl = '\0';
			json_elem_str(&j, s);
		}
		json_end_array(&j);
		json_end_object(&j);
		putchar('\n');
	} else if (!v.problem) {
		printf("%s", _("database file: intact\n"));
		printf(_("audit trail: %lld rows, chain intact"), v.rows);
		if (v.unchained)
			printf(_(" (the first %lld written before the chain existed)"), v.unchained);
		putchar('\n');
		if (v.head[0])
			printf(_("newest hash: %s (keep it elsewhere to notice rows removed later)\n"), v.head);
	}
	if (!c->json && v.warnings) {
		for (char *s = v.warnings, *nl; *s; s = nl + 1) {
			nl = strchr(s, '\n');
			*nl = '\0';
			fprintf(stderr, _("frontdesk: warning: %s\n"), s);
		}
	}
	int rc = 0;
	if (v.problem) {
		if (!c->json)
			fprintf(stderr, "frontdesk: %s\n", v.problem);
		rc = 1;
	}
	fd_verify_clear(&v);
	return rc;
}

int cmd_setup_shared(struct ctx *c)
{
	char done[1024];
	if (fd_setup_shared(c->pos[0], c->pos[1], done, sizeof done, &c->err) != 0)
		return fail(c);
	if (c->json) {
		struct json j = {stdout, 0, {0}};
		json_begin_object(&j);
		json_str(&j, "directory", c->pos[0]);
		json_str(&j, "group", c->pos[1]);
		json_end_object(&j);
		putchar('\n');
	} else {
		puts(done);
	}
	return 0;
}
