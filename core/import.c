/* import: CSV and vCard into the directory.  See core/import.h. */
#include "core/import.h"
#include "core/i18n.h"
#include "core/audit.h"
#include "core/phone.h"
#include "core/text.h"
#include "core/util.h"

#include <ctype.h>
#include <errno.h>
#include <iconv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define MAX_COLUMNS 1024

/* ---- messages ---- */

static void msg_add(struct import_msg **v, size_t *n, size_t line, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
static void msg_add(struct import_msg **v, size_t *n, size_t line, const char *fmt, ...)
{
	va_list ap;
	struct sbuf b = SBUF_INIT;
	char tmp[512];
	va_start(ap, fmt);
	vsnprintf(tmp, sizeof tmp, fmt, ap);
	va_end(ap);
	sbuf_adds(&b, tmp);
	*v = xrealloc(*v, (*n + 1) * sizeof **v);
	(*v)[*n].line = line;
	(*v)[*n].text = sbuf_detach(&b);
	(*n)++;
}
#define PROB(set, line, ...) msg_add(&(set)->probs, &(set)->n_probs, (line), __VA_ARGS__)
#define NOTE(set, line, ...) msg_add(&(set)->notes, &(set)->n_notes, (line), __VA_ARGS__)

static void rec_clear(struct import_rec *r)
{
	free(r->name);
	free(r->company);
	free(r->email);
	free(r->department);
	free(r->login);
	free(r->ext);
	free(r->role);
	free(r->deputy);
	free(r->note);
	for (size_t i = 0; i < r->n_phones; i++)
		free(r->phones[i]);
	memset(r, 0, sizeof *r);
}

void import_set_clear(struct import_set *s)
{
	for (size_t i = 0; i < s->n_recs; i++)
		rec_clear(&s->recs[i]);
	for (size_t i = 0; i < s->n_probs; i++)
		free(s->probs[i].text);
	for (size_t i = 0; i < s->n_notes; i++)
		free(s->notes[i].text);
	free(s->recs);
	free(s->probs);
	free(s->notes);
	memset(s, 0, sizeof *s);
}

static struct import_rec *rec_push(struct import_set *s, struct import_rec *r)
{
	s->recs = xrealloc(s->recs, (s->n_recs + 1) * sizeof *s->recs);
	s->recs[s->n_recs] = *r;
	memset(r, 0, sizeof *r);
	return &s->recs[s->n_recs++];
}

/* Trimmed copy, NULL when only white space. */
static char *trimmed(const char *s, size_t n)
{
	while (n && isspace((unsigned char)*s)) {
		s++;
		n--;
	}
	while (n && isspace((unsigned char)s[n - 1]))
		n--;
	return n ? xstrndup(s, n) : NULL;
}

static void set_once(char **field, const char *s, size_t n)
{
	if (*field)
		return;
	*field = trimmed(s, n);
}

static void add_phone(struct import_rec *r, const char *s, size_t n)
{
	char *p = trimmed(s, n);
	if (!p)
		return;
	for (size_t i = 0; i < r->n_phones; i++)
		if (strcmp(r->phones[i], p) == 0) {
			free(p);
			return;
		}
	if (r->n_phones < IMPORT_MAX_PHONES)
		r->phones[r->n_phones++] = p;
	else
		free(p);
}

/* ---- encodings ---- */

char *import_to_utf8(const char *s, size_t n, const char *charset)
{
	iconv_t cd = iconv_open("UTF-8", charset);
	if (cd == (iconv_t)-1)
		return NULL;
	size_t cap = n * 3 + 16;
	char *out = xmalloc(cap + 1);
	char *in = (char *)s, *o = out;
	size_t inleft = n, outleft = cap;
	while (inleft > 0) {
		if (iconv(cd, &in, &inleft, &o, &outleft) != (size_t)-1)
			continue;
		if (errno == E2BIG) {
			size_t used = (size_t)(o - out);
			cap *= 2;
			out = xrealloc(out, cap + 1);
			o = out + used;
			outleft = cap - used;
			continue;
		}
		free(out);
		iconv_close(cd);
		return NULL;
	}
	iconv_close(cd);
	*o = '\0';
	return out;
}

/* The whole file as UTF-8 text (malloc'd, *outlen bytes), or NULL (err). */
static char *decode_file(const char *data, size_t len, const char **enc, size_t *outlen,
                         struct fd_err *err)
{
	char *text = NULL;
	if (len >= 3 && !memcmp(data, "\xEF\xBB\xBF", 3)) {
		data += 3;
		len -= 3;
		*enc = "UTF-8 with BOM";
		if (text_valid_utf8(data, len) && !memchr(data, '\0', len))
			text = xstrndup(data, len);
	} else if (len >= 2 && (!memcmp(data, "\xFF\xFE", 2) || !memcmp(data, "\xFE\xFF", 2))) {
		*enc = "UTF-16";
		text = import_to_utf8(data, len, "UTF-16");
		if (!text) {
			fd_errf(err, 2, _("the file starts like UTF-16 but is not; save it again as UTF-8 CSV"));
			return NULL;
		}
	} else if (len >= 4 && data[0] && !data[1] && data[2] && !data[3]) {
		*enc = "UTF-16";
		text = import_to_utf8(data, len, "UTF-16LE");
	} else if (text_valid_utf8(data, len) && !memchr(data, '\0', len)) {
		*enc = "UTF-8";
		text = xstrndup(data, len);
	}
	if (!text) {
		if (memchr(data, '\0', len)) {
			fd_errf(err, 2, _("the file holds NUL bytes: not text (a spreadsheet such as .xlsx?); "
			                "save it as CSV or vCard"));
			return NULL;
		}
		/* not UTF-8: what Windows programs write in Western Europe */
		*enc = "Windows-1252";
		text = import_to_utf8(data, len, "WINDOWS-1252");
		if (!text)
			text = import_to_utf8(data, len, "ISO-8859-1");
		if (!text) {
			fd_errf(err, 1, _("cannot convert the file from Windows-1252 (iconv)"));
			return NULL;
		}
	}
	*outlen = strlen(text);
	if (*outlen != len && strcmp(*enc, "UTF-8") == 0) {
		free(text);
		fd_errf(err, 2, _("the file holds NUL bytes: not text; save it as CSV or vCard"));
		return NULL;
	}
	return text;
}

/* ---- CSV ---- */

enum col {
	C_IGNORE, C_NAME, C_FIRST, C_MIDDLE, C_LAST, C_COMPANY, C_DEPT, C_PHONE, C_EMAIL,
	C_LOGIN, C_EXT, C_ROLE, C_DEPUTY, C_NOTE,
};

static const struct {
	const char *header;
	enum col col;
} columns[] = {
	{"name", C_NAME}, {"full name", C_NAME}, {"display name", C_NAME}, {"fn", C_NAME},
	{"formatted name", C_NAME}, {"contact name", C_NAME},
	{"first name", C_FIRST}, {"firstname", C_FIRST}, {"given name", C_FIRST}, {"vorname", C_FIRST},
	{"middle name", C_MIDDLE}, {"additional name", C_MIDDLE}, {"weitere vornamen", C_MIDDLE},
	{"last name", C_LAST}, {"lastname", C_LAST}, {"family name", C_LAST}, {"surname", C_LAST},
	{"nachname", C_LAST},
	{"company", C_COMPANY}, {"company name", C_COMPANY}, {"organization", C_COMPANY},
	{"organisation", C_COMPANY}, {"organization name", C_COMPANY},
	{"organization 1 - name", C_COMPANY}, {"firma", C_COMPANY},
	{"department", C_DEPT}, {"organization 1 - department", C_DEPT}, {"abteilung", C_DEPT},
	{"phone", C_PHONE}, {"telephone", C_PHONE}, {"tel", C_PHONE}, {"mobile", C_PHONE},
	{"number", C_PHONE}, {"phone number", C_PHONE},
	{"business phone", C_PHONE}, {"business phone 2", C_PHONE}, {"mobile phone", C_PHONE},
	{"home phone", C_PHONE}, {"home phone 2", C_PHONE}, {"primary phone", C_PHONE},
	{"company main phone", C_PHONE}, {"other phone", C_PHONE}, {"car phone", C_PHONE},
	{"assistant's phone", C_PHONE}, {"callback", C_PHONE},
	{"telefon", C_PHONE}, {"telefon geschäftlich", C_PHONE}, {"telefon geschäftlich 2", C_PHONE},
	{"mobiltelefon", C_PHONE}, {"telefon privat", C_PHONE}, {"weiteres telefon", C_PHONE},
	{"email", C_EMAIL}, {"e-mail", C_EMAIL}, {"e-mail address", C_EMAIL},
	{"email address", C_EMAIL}, {"e-mail 2 address", C_EMAIL}, {"e-mail 3 address", C_EMAIL},
	{"e-mail-adresse", C_EMAIL}, {"e-mail 2: adresse", C_EMAIL}, {"mail", C_EMAIL},
	{"login", C_LOGIN}, {"user", C_LOGIN}, {"username", C_LOGIN}, {"user name", C_LOGIN},
	{"benutzer", C_LOGIN},
	{"ext", C_EXT}, {"extension", C_EXT}, {"durchwahl", C_EXT}, {"nebenstelle", C_EXT},
	{"role", C_ROLE}, {"rolle", C_ROLE},
	{"deputy", C_DEPUTY}, {"vertretung", C_DEPUTY},
	{"note", C_NOTE}, {"notes", C_NOTE}, {"notizen", C_NOTE},
};

/* "E-mail 1 - Value" (Google), "Phone 2 - Value": a numbered value column. */
static enum col numbered_column(const char *h)
{
	const char *kinds[] = {"phone ", "e-mail ", "email "};
	enum col cols[] = {C_PHONE, C_EMAIL, C_EMAIL};
	for (int k = 0; k < 3; k++) {
		size_t kl = strlen(kinds[k]);
		if (strncmp(h, kinds[k], kl) != 0)
			continue;
		const char *p = h + kl;
		if (!isdigit((unsigned char)*p))
			continue;
		while (isdigit((unsigned char)*p))
			p++;
		if (strcmp(p, " - value") == 0)
			return cols[k];
	}
	return C_IGNORE;
}

static enum col header_column(const char *raw, size_t n)
{
	struct sbuf b = SBUF_INIT;
	enum col c = C_IGNORE;
	char *t = trimmed(raw, n);
	if (!t)
		return C_IGNORE;
	/* lower case, '_' as space, runs of space as one: "First_Name" = "first name" */
	for (const char *p = t; *p; p++) {
		char ch = *p == '_' ? ' ' : (char)tolower((unsigned char)*p);
		if (ch == ' ' && b.len && b.s[b.len - 1] == ' ')
			continue;
		sbuf_addc(&b, ch);
	}
	free(t);
	const char *h = sbuf_str(&b);
	for (size_t i = 0; i < sizeof columns / sizeof columns[0]; i++)
		if (strcmp(h, columns[i].header) == 0) {
			c = columns[i].col;
			break;
		}
	if (c == C_IGNORE)
		c = numbered_column(h);
	sbuf_reset(&b);
	return c;
}

struct field {
	size_t off, len;           /* in the record buffer */
};

struct csv_rd {
	const char *s;
	size_t len, pos, line;
	char sep;
	struct sbuf buf;           /* the current record's field text */
	struct field *f;
	size_t nf, capf;
	size_t too_long;           /* the longest field over the limit, 0 if none */
};

static void rd_field_end(struct csv_rd *r, size_t start)
{
	if (r->nf == r->capf) {
		r->capf = r->capf ? r->capf * 2 : 32;
		r->f = xrealloc(r->f, r->capf * sizeof *r->f);
	}
	r->f[r->nf].off = start;
	r->f[r->nf].len = r->buf.len - start;
	r->nf++;
	sbuf_addc(&r->buf, '\0');
}

static void rd_add(struct csv_rd *r, size_t start, char ch, size_t *flen)
{
	(*flen)++;
	if (*flen > IMPORT_MAX_FIELD) {
		if (*flen > r->too_long)
			r->too_long = *flen;
		return;
	}
	(void)start;
	sbuf_addc(&r->buf, ch);
}

/* One record: 1 read, 0 end of file, -1 a quote never closed (*qline). */
static int rd_record(struct csv_rd *r, size_t *start_line, size_t *qline)
{
	r->buf.len = 0;
	sbuf_str(&r->buf);
	r->nf = 0;
	r->too_long = 0;
	/* blank lines between records */
	while (r->pos < r->len && (r->s[r->pos] == '\n' || r->s[r->pos] == '\r')) {
		if (r->s[r->pos] == '\n' || (r->s[r->pos] == '\r' && (r->pos + 1 >= r->len || r->s[r->pos + 1] != '\n')))
			r->line++;
		r->pos++;
	}
	if (r->pos >= r->len)
		return 0;
	*start_line = r->line;
	for (;;) {
		size_t start = r->buf.len, flen = 0;
		if (r->pos < r->len && r->s[r->pos] == '"') {
			size_t opened = r->line;
			r->pos++;
			for (;;) {
				if (r->pos >= r->len) {
					*qline = opened;
					return -1;
				}
				char ch = r->s[r->pos++];
				if (ch == '"') {
					if (r->pos < r->len && r->s[r->pos] == '"') {
						rd_add(r, start, '"', &flen);
						r->pos++;
						continue;
					}
					break;
				}
				if (ch == '\n' || (ch == '\r' && (r->pos >= r->len || r->s[r->pos] != '\n')))
					r->line++;
				if (ch == '\r' && r->pos < r->len && r->s[r->pos] == '\n')
					continue; /* CRLF inside a field: one line break */
				rd_add(r, start, ch, &flen);
			}
		}
		/* unquoted text (or what follows a closing quote, kept as Excel does) */
		while (r->pos < r->len) {
			char ch = r->s[r->pos];
			if (ch == r->sep || ch == '\n' || ch == '\r')
				break;
			rd_add(r, start, ch, &flen);
			r->pos++;
		}
		rd_field_end(r, start);
		if (r->pos >= r->len)
			return 1;
		char ch = r->s[r->pos++];
		if (ch == r->sep) {
			if (r->nf >= MAX_COLUMNS) {
				/* skip the rest of the line; the caller rejects the record */
				while (r->pos < r->len && r->s[r->pos] != '\n')
					r->pos++;
				continue;
			}
			continue;
		}
		if (ch == '\r' && r->pos < r->len && r->s[r->pos] == '\n')
			r->pos++;
		r->line++;
		return 1;
	}
}

static char detect_sep(const char *s, size_t len)
{
	size_t comma = 0, semi = 0, tab = 0;
	int q = 0;
	for (size_t i = 0; i < len; i++) {
		char ch = s[i];
		if (ch == '"')
			q = !q;
		else if (!q && (ch == '\n' || ch == '\r'))
			break;
		else if (!q && ch == ',')
			comma++;
		else if (!q && ch == ';')
			semi++;
		else if (!q && ch == '\t')
			tab++;
	}
	if (tab > comma && tab > semi)
		return '\t';
	if (semi > comma)
		return ';';
	return ',';
}

static int parse_csv(const char *text, size_t len, struct import_set *set, struct fd_err *err)
{
	struct csv_rd r = {text, len, 0, 1, 0, SBUF_INIT, NULL, 0, 0, 0};
	enum col *cols = NULL;
	size_t ncols = 0, start, qline;
	int ret = -1, known = 0, has_name = 0, has_phone = 0;

	r.sep = set->sep = detect_sep(text, len);
	int k = rd_record(&r, &start, &qline);
	if (k <= 0) {
		fd_errf(err, 2, k == 0 ? _("the file is empty") : _("line %zu: the header row has a quote that never closes"),
		        qline);
		goto out;
	}
	ncols = r.nf;
	cols = xcalloc(ncols, sizeof *cols);
	for (size_t i = 0; i < ncols; i++) {
		cols[i] = header_column(r.buf.s + r.f[i].off, r.f[i].len);
		known += cols[i] != C_IGNORE;
		has_name |= cols[i] == C_NAME || cols[i] == C_FIRST || cols[i] == C_LAST || cols[i] == C_COMPANY ||
		            cols[i] == C_LOGIN;
		has_phone |= cols[i] == C_PHONE;
	}
	if (!known || !has_name) {
		char *first = text_escape(ncols ? r.buf.s + r.f[0].off : "", 0);
		fd_errf(err, 2, _("line 1: the header row names no column for names (it starts \"%.40s\"); "
		                "frontdesk reads name, company, phone, email, department, login, ext, role "
		                "and the column names of Outlook and Google Contacts exports"), first);
		free(first);
		goto out;
	}
	(void)has_phone;
	for (;;) {
		k = rd_record(&r, &start, &qline);
		if (k == 0)
			break;
		if (k < 0) {
			PROB(set, qline, _("a quoted field starts here and never ends (a missing \")"));
			break;
		}
		struct import_rec rec = {0};
		int any = 0;
		rec.line = start;
		for (size_t i = 0; i < r.nf && !any; i++) {
			char *t = trimmed(r.buf.s + r.f[i].off, r.f[i].len);
			any = t != NULL;
			free(t);
		}
		if (r.too_long)
			any = 1;
		if (!any)
			continue;
		if (r.too_long) {
			PROB(set, start, _("a field of %zu bytes; at most %d KiB are read"), r.too_long,
			     IMPORT_MAX_FIELD / 1024);
			rec.bad = 1;
		} else if (r.nf > ncols) {
			int extra = 0;
			for (size_t i = ncols; i < r.nf; i++) {
				char *t = trimmed(r.buf.s + r.f[i].off, r.f[i].len);
				extra |= t != NULL;
				free(t);
			}
			if (extra) {
				PROB(set, start, _("%zu fields, but the header names %zu; a value with '%c' in it "
				     "needs double quotes"), r.nf, ncols, r.sep == '\t' ? ' ' : r.sep);
				rec.bad = 1;
			}
		}
		char *first = NULL, *middle = NULL, *last = NULL;
		for (size_t i = 0; i < r.nf && i < ncols && !rec.bad; i++) {
			const char *v = r.buf.s + r.f[i].off;
			size_t vl = r.f[i].len;
			switch (cols[i]) {
			case C_NAME: set_once(&rec.name, v, vl); break;
			case C_FIRST: set_once(&first, v, vl); break;
			case C_MIDDLE: set_once(&middle, v, vl); break;
			case C_LAST: set_once(&last, v, vl); break;
			case C_COMPANY: set_once(&rec.company, v, vl); break;
			case C_DEPT: set_once(&rec.department, v, vl); break;
			case C_EMAIL: set_once(&rec.email, v, vl); break;
			case C_LOGIN: set_once(&rec.login, v, vl); break;
			case C_EXT: set_once(&rec.ext, v, vl); break;
			case C_ROLE: set_once(&rec.role, v, vl); break;
			case C_DEPUTY: set_once(&rec.deputy, v, vl); break;
			case C_NOTE: set_once(&rec.note, v, vl); break;
			case C_PHONE: {
				/* Google puts several numbers in one cell: "a ::: b" */
				const char *p = v, *end = v + vl;
				while (p < end) {
					const char *sep = strstr(p, ":::");
					size_t l = sep && sep < end ? (size_t)(sep - p) : (size_t)(end - p);
					add_phone(&rec, p, l);
					p += l + (sep && sep < end ? 3 : 0);
				}
				break;
			}
			case C_IGNORE: break;
			}
		}
		if (!rec.name && (first || middle || last)) {
			struct sbuf n = SBUF_INIT;
			const char *parts[3] = {first, middle, last};
			for (int p = 0; p < 3; p++)
				if (parts[p]) {
					if (n.len)
						sbuf_addc(&n, ' ');
					sbuf_adds(&n, parts[p]);
				}
			rec.name = sbuf_detach(&n);
		}
		free(first);
		free(middle);
		free(last);
		rec_push(set, &rec);
	}
	ret = 0;
out:
	free(cols);
	free(r.f);
	sbuf_reset(&r.buf);
	return ret;
}

/* ---- vCard ---- */

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

static char *qp_decode(const char *s)
{
	struct sbuf b = SBUF_INIT;
	for (const char *p = s; *p; p++) {
		if (*p == '=' && p[1] && p[2] && hexval(p[1]) >= 0 && hexval(p[2]) >= 0) {
			sbuf_addc(&b, (char)(hexval(p[1]) * 16 + hexval(p[2])));
			p += 2;
		} else if (*p == '=' && !p[1]) {
			break; /* a soft break at the very end */
		} else {
			sbuf_addc(&b, *p);
		}
	}
	return sbuf_detach(&b);
}

/* Undo vCard escapes: \n \, \; \\ (and \N). */
static char *vc_unescape(const char *s, size_t n)
{
	struct sbuf b = SBUF_INIT;
	sbuf_str(&b);
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '\\' && i + 1 < n) {
			char c = s[++i];
			sbuf_addc(&b, c == 'n' || c == 'N' ? '\n' : c);
		} else {
			sbuf_addc(&b, s[i]);
		}
	}
	return sbuf_detach(&b);
}

/* Component i of a structured value "a;b;c" (unescaped, malloc'd), or NULL. */
static char *vc_component(const char *v, int want)
{
	int idx = 0;
	const char *start = v;
	for (const char *p = v;; p++) {
		if (*p == '\\' && p[1]) {
			p++;
			continue;
		}
		if (*p == ';' || !*p) {
			if (idx == want) {
				char *u = vc_unescape(start, (size_t)(p - start));
				char *t = trimmed(u, strlen(u));
				free(u);
				return t;
			}
			if (!*p)
				return NULL;
			idx++;
			start = p + 1;
		}
	}
}

struct vc_state {
	struct import_set *set;
	struct import_rec rec;
	int in_card;
	char *n_name;              /* from N, when FN is missing */
};

static void vc_end_card(struct vc_state *st)
{
	if (!st->rec.name && st->n_name) {
		st->rec.name = st->n_name;
		st->n_name = NULL;
	}
	free(st->n_name);
	st->n_name = NULL;
	rec_push(st->set, &st->rec);
	st->in_card = 0;
}

static void vc_property(struct vc_state *st, char *line, size_t lineno)
{
	char *colon = strchr(line, ':');
	if (!colon)
		return; /* base64 photo lines of vCard 2.1 and other noise */
	*colon = '\0';
	char *value = colon + 1;
	/* name;params, with an optional "group." before the name */
	char *params = strchr(line, ';');
	if (params)
		*params++ = '\0';
	char *name = line, *dot = strchr(name, '.');
	if (dot)
		name = dot + 1;
	int qp = 0;
	char *charset = NULL;
	for (char *p = params; p && *p;) {
		char *next = strchr(p, ';');
		if (next)
			*next++ = '\0';
		if (!strcasecmp(p, "ENCODING=QUOTED-PRINTABLE") || !strcasecmp(p, "QUOTED-PRINTABLE"))
			qp = 1;
		else if (!strncasecmp(p, "CHARSET=", 8))
			charset = p + 8;
		p = next;
	}
	if (!strcasecmp(name, "BEGIN") && !strcasecmp(value, "VCARD")) {
		if (st->in_card) {
			PROB(st->set, st->rec.line, _("the card starting here has no END:VCARD"));
			st->rec.bad = 1;
			vc_end_card(st);
		}
		memset(&st->rec, 0, sizeof st->rec);
		st->rec.line = lineno;
		st->in_card = 1;
		return;
	}
	if (!strcasecmp(name, "END") && !strcasecmp(value, "VCARD")) {
		if (!st->in_card) {
			PROB(st->set, lineno, _("END:VCARD without BEGIN:VCARD"));
			return;
		}
		vc_end_card(st);
		return;
	}
	if (!st->in_card)
		return;
	char *raw = qp ? qp_decode(value) : xstrdup(value);
	char *v = NULL;
	if (qp && charset && strcasecmp(charset, "UTF-8") && strcasecmp(charset, "UTF8"))
		v = import_to_utf8(raw, strlen(raw), charset);
	if (!v && !text_valid_utf8(raw, strlen(raw)))
		v = import_to_utf8(raw, strlen(raw), "WINDOWS-1252");
	if (!v)
		v = xstrdup(raw);
	free(raw);
	if (strlen(v) > IMPORT_MAX_FIELD) {
		PROB(st->set, lineno, _("a %s of %zu bytes; at most %d KiB are read"), name, strlen(v),
		     IMPORT_MAX_FIELD / 1024);
		st->rec.bad = 1;
	} else if (!strcasecmp(name, "FN")) {
		if (!st->rec.name) {
			char *u = vc_unescape(v, strlen(v));
			st->rec.name = trimmed(u, strlen(u));
			free(u);
		}
	} else if (!strcasecmp(name, "N")) {
		/* family;given;additional;prefix;suffix */
		struct sbuf b = SBUF_INIT;
		int order[3] = {1, 2, 0};
		for (int i = 0; i < 3; i++) {
			char *part = vc_component(v, order[i]);
			if (part) {
				if (b.len)
					sbuf_addc(&b, ' ');
				sbuf_adds(&b, part);
				free(part);
			}
		}
		free(st->n_name);
		st->n_name = b.len ? sbuf_detach(&b) : NULL;
		sbuf_reset(&b);
	} else if (!strcasecmp(name, "ORG")) {
		if (!st->rec.company) {
			st->rec.company = vc_component(v, 0);
			free(st->rec.department);
			st->rec.department = vc_component(v, 1);
		}
	} else if (!strcasecmp(name, "TEL")) {
		const char *t = v;
		if (!strncasecmp(t, "tel:", 4))
			t += 4;
		size_t l = strcspn(t, ";"); /* tel:+49...;ext=12 */
		char *u = vc_unescape(t, l);
		add_phone(&st->rec, u, strlen(u));
		free(u);
	} else if (!strcasecmp(name, "EMAIL")) {
		if (!st->rec.email) {
			char *u = vc_unescape(v, strlen(v));
			st->rec.email = trimmed(u, strlen(u));
			free(u);
		}
	} else if (!strcasecmp(name, "NOTE")) {
		if (!st->rec.note) {
			char *u = vc_unescape(v, strlen(v));
			st->rec.note = trimmed(u, strlen(u));
			free(u);
		}
	}
	free(v);
}

static int is_qp_line(const char *s)
{
	const char *colon = strchr(s, ':');
	size_t n = colon ? (size_t)(colon - s) : strlen(s);
	for (size_t i = 0; i + 16 <= n; i++)
		if (!strncasecmp(s + i, "QUOTED-PRINTABLE", 16))
			return 1;
	return 0;
}

static int parse_vcard(const char *text, size_t len, struct import_set *set, struct fd_err *err)
{
	struct vc_state st = {set, {0}, 0, NULL};
	struct sbuf cur = SBUF_INIT;
	size_t cur_line = 0, lineno = 0, pos = 0;
	int have = 0, qp = 0;
	(void)err;
	while (pos <= len) {
		size_t e = pos;
		while (e < len && text[e] != '\n' && text[e] != '\r')
			e++;
		int at_end = e >= len;
		const char *l = text + pos;
		size_t ll = e - pos;
		lineno++;
		if (e < len && text[e] == '\r' && e + 1 < len && text[e + 1] == '\n')
			e++;
		pos = e + 1;
		if (have && ll > 0 && (l[0] == ' ' || l[0] == '\t')) {
			sbuf_add(&cur, l + 1, ll - 1); /* folded (RFC 6350 3.2) */
		} else if (have && qp && cur.len && cur.s[cur.len - 1] == '=') {
			cur.len--; /* quoted-printable soft line break */
			sbuf_add(&cur, l, ll);
		} else {
			if (have)
				vc_property(&st, cur.s, cur_line);
			cur.len = 0;
			sbuf_add(&cur, l, ll);
			sbuf_str(&cur);
			have = ll > 0;
			cur_line = lineno;
			qp = have && is_qp_line(cur.s);
		}
		if (cur.len > IMPORT_MAX_FILE)
			break;
		if (at_end)
			break;
	}
	if (have)
		vc_property(&st, cur.s, cur_line);
	if (st.in_card) {
		PROB(set, st.rec.line, _("the card starting here has no END:VCARD"));
		st.rec.bad = 1;
		vc_end_card(&st);
	}
	free(st.n_name);
	sbuf_reset(&cur);
	return 0;
}

int import_parse(const char *data, size_t len, struct import_set *out, struct fd_err *err)
{
	size_t tl;
	memset(out, 0, sizeof *out);
	if (!data || len == 0) {
		fd_errf(err, 2, _("the file is empty"));
		return -1;
	}
	if (len > IMPORT_MAX_FILE) {
		fd_errf(err, 2, _("the file is larger than %d MB; split it"), IMPORT_MAX_FILE / (1024 * 1024));
		return -1;
	}
	char *text = decode_file(data, len, &out->encoding, &tl, err);
	if (!text)
		return -1;
	const char *p = text;
	while (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n')
		p++;
	int r;
	if (!*p) {
		fd_errf(err, 2, _("the file is empty"));
		r = -1;
	} else if (!strncasecmp(p, "BEGIN:VCARD", 11)) {
		out->format = "vCard";
		r = parse_vcard(text, tl, out, err);
	} else {
		out->format = "CSV";
		r = parse_csv(text, tl, out, err);
	}
	free(text);
	if (r != 0)
		import_set_clear(out);
	return r;
}

/* ---- into the directory ---- */

static int contact_apply(struct fd *fd, struct import_set *set, struct import_rec *r, time_t now,
                         struct import_result *res)
{
	char e164[IMPORT_MAX_PHONES][PHONE_MAX];
	const char *typed[IMPORT_MAX_PHONES];
	size_t n = 0;
	struct fd_err err = {0};
	const char *name = r->name ? r->name : r->company;
	int bad = 0;

	if (!name) {
		PROB(set, r->line, _("no name (a name, or first and last name, or a company)"));
		bad = 1;
	}
	if (r->n_phones == 0) {
		PROB(set, r->line, _("no phone number; a contact needs one"));
		bad = 1;
	}
	for (size_t i = 0; i < r->n_phones; i++) {
		const char *why = NULL;
		char buf[PHONE_MAX];
		if (phone_normalize(r->phones[i], fd->default_cc, buf, &why) != 0) {
			char *esc = text_escape(r->phones[i], 0);
			PROB(set, r->line, _("the number \"%.40s\": %s"), esc, why ? why : _("not a phone number"));
			free(esc);
			bad = 1;
			continue;
		}
		int dup = 0;
		for (size_t k = 0; k < n; k++)
			dup |= strcmp(e164[k], buf) == 0;
		if (!dup) {
			memcpy(e164[n], buf, PHONE_MAX);
			typed[n++] = r->phones[i];
		}
	}
	if (bad)
		return -1;

	/* someone with one of these numbers already: merge, never duplicate */
	struct contact k = {0};
	for (size_t i = 0; i < n; i++) {
		int found = db_contact_by_number(fd->db, e164[i], &k);
		if (found < 0) {
			PROB(set, r->line, "%s", db_errmsg(fd->db));
			return -1;
		}
		if (found == 1)
			break;
	}
	if (k.id) {
		size_t added = 0;
		for (size_t i = 0; i < n; i++) {
			int has = 0;
			for (size_t m = 0; m < k.n_numbers; m++)
				has |= strcmp(k.numbers[m], e164[i]) == 0;
			if (has)
				continue;
			if (db_contact_add_number(fd->db, k.id, e164[i], typed[i]) != 0) {
				PROB(set, r->line, "%s", db_errmsg(fd->db));
				db_contact_clear(&k);
				return -1;
			}
			added++;
		}
		if (added && audit_append(fd->db, now, fd->uid, "contact.merge", "contact", k.id) != 0) {
			PROB(set, r->line, "%s", db_errmsg(fd->db));
			db_contact_clear(&k);
			return -1;
		}
		char *esc = text_escape(k.name ? k.name : "", 0);
		if (added)
			NOTE(set, r->line, ngettext("merged into contact %lld, %s (%zu more number)",
			              "merged into contact %lld, %s (%zu more numbers)", added), k.id, esc, added);
		else
			NOTE(set, r->line, _("merged: contact %lld, %s, has this number already"), k.id, esc);
		free(esc);
		db_contact_clear(&k);
		res->merged++;
		return 0;
	}

	struct fd_contact_input in = {
		.name = name, .company = r->company, .phone = typed[0], .email = r->email, .note = r->note,
	};
	long long id;
	if (fd_contact_add(fd, &in, now, &id, &err) != 0) {
		PROB(set, r->line, "%s", err.msg);
		return -1;
	}
	for (size_t i = 1; i < n; i++)
		if (db_contact_add_number(fd->db, id, e164[i], typed[i]) != 0) {
			PROB(set, r->line, "%s", db_errmsg(fd->db));
			return -1;
		}
	res->added++;
	return 0;
}

/* 1 added or kept, 0 waiting for its deputy, -1 rejected. */
static int staff_apply(struct fd *fd, struct import_set *set, struct import_rec *r, time_t now,
                       int last_round, struct import_result *res)
{
	struct staff s = {0};
	struct fd_err err = {0};
	int bad = 0;
	if (!r->name) {
		PROB(set, r->line, _("no name"));
		bad = 1;
	}
	if (!r->login) {
		PROB(set, r->line, _("no login (the person's Unix user name)"));
		bad = 1;
	}
	if (bad)
		return -1;
	int found = db_staff_by_login(fd->db, r->login, &s);
	if (found < 0) {
		PROB(set, r->line, "%s", db_errmsg(fd->db));
		return -1;
	}
	if (found == 1) {
		char *esc = text_escape(s.name ? s.name : "", 0);
		NOTE(set, r->line, _("the login %s is in the directory already (%s); left as it is"), r->login, esc);
		free(esc);
		db_staff_clear(&s);
		res->kept++;
		return 1;
	}
	if (r->deputy) {
		found = db_staff_by_login(fd->db, r->deputy, &s);
		db_staff_clear(&s);
		if (found == 0 && !last_round)
			return 0;
		if (found == 0) {
			char *esc = text_escape(r->deputy, 0);
			PROB(set, r->line, _("the deputy \"%.40s\" is neither in the directory nor in the file"), esc);
			free(esc);
			return -1;
		}
	}
	struct fd_staff_input in = {
		.name = r->name, .login = r->login, .ext = r->ext,
		.phone = r->n_phones ? r->phones[0] : NULL, .email = r->email,
		.department = r->department, .role = r->role, .deputy = r->deputy,
	};
	if (in.role)
		for (char *p = r->role; *p; p++)
			*p = (char)tolower((unsigned char)*p);
	long long id;
	if (fd_staff_add(fd, &in, now, &id, &err) != 0) {
		PROB(set, r->line, "%s", err.msg);
		return -1;
	}
	res->added++;
	return 1;
}

static int msg_cmp(const void *a, const void *b)
{
	const struct import_msg *x = a, *y = b;
	return x->line < y->line ? -1 : x->line > y->line;
}

int import_apply(struct fd *fd, enum import_kind kind, struct import_set *set, int dry_run,
                 time_t now, struct import_result *res, struct fd_err *err)
{
	memset(res, 0, sizeof *res);
	if (!fd_allowed(fd, kind == IMPORT_STAFF ? ACT_ADMIN : ACT_LOG_CALL, err))
		return -1;
	if (fd_batch_begin(fd, err) != 0)
		return -1;
	if (kind == IMPORT_CONTACTS) {
		for (size_t i = 0; i < set->n_recs; i++)
			if (!set->recs[i].bad)
				contact_apply(fd, set, &set->recs[i], now, res);
	} else {
		/* deputies first: rounds until nobody waits for one */
		char *done = xcalloc(set->n_recs + 1, 1);
		int progress, last = 0;
		for (;;) {
			progress = 0;
			for (size_t i = 0; i < set->n_recs; i++) {
				if (done[i] || set->recs[i].bad)
					continue;
				int r = staff_apply(fd, set, &set->recs[i], now, last, res);
				if (r != 0) {
					done[i] = 1;
					progress = 1;
				}
			}
			if (last)
				break;
			if (!progress)
				last = 1;
		}
		free(done);
	}
	if (set->n_probs > 1)
		qsort(set->probs, set->n_probs, sizeof *set->probs, msg_cmp);
	if (set->n_notes > 1)
		qsort(set->notes, set->n_notes, sizeof *set->notes, msg_cmp);
	size_t lastline = 0;
	for (size_t i = 0; i < set->n_probs; i++)
		if (i == 0 || set->probs[i].line != lastline) {
			res->rejected++;
			lastline = set->probs[i].line;
		}
	if (set->n_probs || dry_run) {
		fd_batch_end(fd, 0, err);
		if (set->n_probs) {
			res->added = res->merged = res->kept = 0; /* rolled back */
			fd_errf(err, 2, ngettext("%zu record rejected; nothing was imported",
			                         "%zu records rejected; nothing was imported", res->rejected),
			        res->rejected);
			return -1;
		}
		return 0;
	}
	if (fd_batch_end(fd, 1, err) != 0)
		return -1;
	return 0;
}
