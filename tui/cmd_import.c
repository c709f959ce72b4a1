/*
 * cmd_import: `frontdesk import staff|contacts FILE [--dry-run]`.  Parsing
 * and the rules are core/import.c; this reads the file and reports: every
 * rejected record with its line on stderr, merged ones on stdout.
 */
#include "tui/cmd.h"
#include "tui/out.h"
#include "core/i18n.h"
#include "core/import.h"
#include "core/util.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int read_all(const char *path, char **out, size_t *len, struct fd_err *err)
{
	FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
	struct sbuf b = SBUF_INIT;
	char chunk[65536];
	size_t n;
	if (!f) {
		fd_errf(err, 2, _("cannot read %s: %s"), path, strerror(errno));
		return -1;
	}
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) {
		sbuf_add(&b, chunk, n);
		if (b.len > IMPORT_MAX_FILE)
			break;
	}
	int bad = ferror(f);
	if (f != stdin)
		fclose(f);
	if (bad) {
		fd_errf(err, 2, _("cannot read %s: %s"), path, strerror(errno));
		sbuf_reset(&b);
		return -1;
	}
	*len = b.len;
	sbuf_str(&b);
	*out = sbuf_detach(&b);
	return 0;
}

int cmd_import(struct ctx *c)
{
	enum import_kind kind;
	struct import_set set;
	struct import_result res;
	const char *path = c->pos[1];
	const char *shown = strcmp(path, "-") == 0 ? "stdin" : path;
	char *data = NULL;
	size_t len = 0;
	int dry = flag(c, "dry-run"), rc = 0;

	if (strcmp(c->pos[0], "staff") == 0)
		kind = IMPORT_STAFF;
	else if (strcmp(c->pos[0], "contacts") == 0)
		kind = IMPORT_CONTACTS;
	else
		return usage_error(c->cmd, _("import staff or contacts, not \"%s\""), c->pos[0]);
	if (read_all(path, &data, &len, &c->err) != 0)
		return fail(c);
	if (import_parse(data, len, &set, &c->err) != 0) {
		free(data);
		fprintf(stderr, "frontdesk: %s: %s\n", shown, c->err.msg);
		return c->err.code ? c->err.code : 1;
	}
	free(data);
	int applied = import_apply(c->fd, kind, &set, dry, c->now, &res, &c->err);
	for (size_t i = 0; i < set.n_probs; i++) {
		fprintf(stderr, "frontdesk: %s:%zu: ", shown, set.probs[i].line);
		out_text(stderr, set.probs[i].text);
		fputc('\n', stderr);
	}
	char what[64];
	snprintf(what, sizeof what, kind == IMPORT_STAFF
	         ? ngettext("%zu staff member", "%zu staff members", res.added)
	         : ngettext("%zu contact", "%zu contacts", res.added), res.added);
	if (c->json) {
		struct json j = {stdout, 0, {0}};
		json_begin_object(&j);
		json_str(&j, "format", set.format);
		json_str(&j, "encoding", set.encoding);
		json_bool(&j, "dry_run", dry);
		json_bool(&j, "imported", applied == 0 && !dry);
		json_int(&j, "added", (long long)res.added);
		json_int(&j, "merged", (long long)res.merged);
		json_int(&j, "kept", (long long)res.kept);
		json_int(&j, "rejected", (long long)res.rejected);
		json_begin_array_key(&j, "problems");
		for (size_t i = 0; i < set.n_probs; i++) {
			json_begin_object(&j);
			json_int(&j, "line", (long long)set.probs[i].line);
			json_str(&j, "why", set.probs[i].text);
			json_end_object(&j);
		}
		json_end_array(&j);
		json_end_object(&j);
	} else if (applied == 0) {
		for (size_t i = 0; i < set.n_notes; i++) {
			printf(_("line %zu: "), set.notes[i].line);
			out_text(stdout, set.notes[i].text);
			putchar('\n');
		}
		printf(dry ? _("dry run: would import %s from %s (%s, %s)") : _("imported %s from %s (%s, %s)"),
		       what, shown, set.format, set.encoding);
		if (res.merged)
			printf(_("; %zu merged with existing contacts"), res.merged);
		if (res.kept)
			printf(_("; %zu already there, left as they are"), res.kept);
		putchar('\n');
	}
	if (applied != 0) {
		fprintf(stderr, "frontdesk: %s: %s\n", shown, c->err.msg);
		rc = c->err.code ? c->err.code : 1;
	}
	import_set_clear(&set);
	return rc;
}
