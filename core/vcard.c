/* vcard: the vCard 3.0 writer.  See core/vcard.h. */
#include "core/vcard.h"
#include "core/fd.h"
#include "core/i18n.h"
#include "core/util.h"

#include <stdlib.h>
#include <string.h>

/* Text value escaping (RFC 2426 4): \\ \, \; and newlines as \n. */
static void add_escaped(struct sbuf *b, const char *s)
{
	for (const char *p = s ? s : ""; *p; p++) {
		switch (*p) {
		case '\\': sbuf_adds(b, "\\\\"); break;
		case ',': sbuf_adds(b, "\\,"); break;
		case ';': sbuf_adds(b, "\\;"); break;
		case '\r': break;
		case '\n': sbuf_adds(b, "\\n"); break;
		default: sbuf_addc(b, *p);
		}
	}
}

/* Append one content line, folded at 75 bytes on a character boundary. */
static void add_line(struct sbuf *out, const char *line)
{
	size_t len = strlen(line), col = 0;
	for (size_t i = 0; i < len;) {
		size_t clen = 1;
		unsigned char ch = (unsigned char)line[i];
		if (ch >= 0xF0)
			clen = 4;
		else if (ch >= 0xE0)
			clen = 3;
		else if (ch >= 0xC0)
			clen = 2;
		if (i + clen > len)
			clen = len - i;
		if (col + clen > 75) {
			sbuf_adds(out, "\r\n ");
			col = 1;
		}
		sbuf_add(out, line + i, clen);
		col += clen;
		i += clen;
	}
	sbuf_adds(out, "\r\n");
}

static void add_prop(struct sbuf *out, const char *name, const char *value)
{
	struct sbuf l = SBUF_INIT;
	sbuf_adds(&l, name);
	sbuf_addc(&l, ':');
	add_escaped(&l, value);
	add_line(out, sbuf_str(&l));
	sbuf_reset(&l);
}

char *vcard_write_contact(const struct contact *c)
{
	struct sbuf out = SBUF_INIT, l = SBUF_INIT;
	if (!c)
		return NULL;
	const char *name = c->name ? c->name : "";
	add_line(&out, "BEGIN:VCARD");
	add_line(&out, "VERSION:3.0");
	add_prop(&out, "FN", name);
	/* N: family;given — the last word as the family name, a guess that
	 * programs showing N get right for most Western names */
	const char *sp = strrchr(name, ' ');
	sbuf_adds(&l, "N:");
	if (sp) {
		char *given = xstrndup(name, (size_t)(sp - name));
		add_escaped(&l, sp + 1);
		sbuf_addc(&l, ';');
		add_escaped(&l, given);
		free(given);
	} else {
		add_escaped(&l, name);
		sbuf_addc(&l, ';');
	}
	sbuf_adds(&l, ";;;");
	add_line(&out, sbuf_str(&l));
	sbuf_reset(&l);
	if (c->company && *c->company)
		add_prop(&out, "ORG", c->company);
	for (size_t i = 0; i < c->n_numbers; i++)
		if (c->numbers[i] && *c->numbers[i])
			add_prop(&out, "TEL;TYPE=VOICE", c->numbers[i]);
	if (c->email && *c->email)
		add_prop(&out, "EMAIL;TYPE=INTERNET", c->email);
	if (c->note && *c->note)
		add_prop(&out, "NOTE", c->note);
	add_line(&out, "END:VCARD");
	return sbuf_detach(&out);
}

struct vcard_export {
	FILE *f;
	size_t rows;
	int failed;
};

static int export_one(void *ctx, const struct db_report_contact *r)
{
	struct vcard_export *e = ctx;
	struct contact c = {0};
	char *nums = r->numbers ? xstrdup(r->numbers) : NULL;
	char *save = NULL;
	c.id = r->id;
	c.created = r->created;
	c.name = (char *)r->name;
	c.company = (char *)r->company;
	c.email = (char *)r->email;
	c.note = (char *)r->note;
	for (char *t = nums ? strtok_r(nums, " ", &save) : NULL; t; t = strtok_r(NULL, " ", &save)) {
		c.numbers = xrealloc(c.numbers, (c.n_numbers + 1) * sizeof *c.numbers);
		c.numbers[c.n_numbers++] = t;
	}
	char *card = vcard_write_contact(&c);
	if (!card || fputs(card, e->f) == EOF)
		e->failed = 1;
	else
		e->rows++;
	free(card);
	free(c.numbers);
	free(nums);
	return e->failed ? 1 : 0;
}

int vcard_export_contacts(struct fd *fd, time_t since, time_t until, FILE *f,
                          size_t *rows, struct fd_err *err)
{
	struct vcard_export e = {f, 0, 0};
	if (!fd_allowed(fd, ACT_REPORT, err))
		return -1;
	if (db_report_contacts(fd->db, since, until, export_one, &e) != 0 && !e.failed) {
		fd_errf(err, 1, "%s", db_errmsg(fd->db));
		return -1;
	}
	if (e.failed) {
		fd_errf(err, 1, "%s", _("cannot write the vCards; is the disk full?"));
		return -1;
	}
	*rows = e.rows;
	return 0;
}
