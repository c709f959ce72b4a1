#include "tui/out.h"
#include "core/text.h"
#include "core/util.h"
#include "core/when.h"

#include <stdlib.h>
#include <string.h>
#include <wchar.h>

void out_text(FILE *f, const char *s)
{
	if (!s)
		return;
	char *e = text_escape(s, 0);
	fputs(e, f);
	free(e);
}

void out_cell(FILE *f, const char *s, int width)
{
	char *e = text_escape(s ? s : "", 0);
	int used = 0;
	const char *p = e;
	mbstate_t st;
	memset(&st, 0, sizeof st);
	while (*p) {
		wchar_t wc;
		size_t k = mbrtowc(&wc, p, strlen(p), &st);
		if (k == (size_t)-1 || k == (size_t)-2 || k == 0) {
			k = 1;
			wc = '?';
		}
		int w = wcwidth(wc);
		if (w < 0)
			w = 1;
		if (used + w > width)
			break;
		fwrite(p, 1, k, f);
		used += w;
		p += k;
	}
	for (; used < width; used++)
		fputc(' ', f);
	free(e);
}

static void sep(struct json *j)
{
	if (j->depth > 0) {
		if (!j->first[j->depth])
			fputc(',', j->f);
		j->first[j->depth] = 0;
	}
}

/* Characters valid in JSON that must still not reach a terminal raw: C1
 * controls (U+009B is a CSI), bidi controls and invisible format
 * characters.  The code point and its length in bytes, or 0. */
static unsigned hidden_char(const unsigned char *p, int *len)
{
	unsigned c;
	if (p[0] == 0xC2 && p[1] >= 0x80 && p[1] <= 0x9F) {
		*len = 2;
		return p[1];
	}
	if (p[0] == 0xD8 && p[1] == 0x9C) {
		*len = 2;
		return 0x061C;
	}
	if (p[0] == 0xE2 && (p[1] == 0x80 || p[1] == 0x81) && p[2] >= 0x80 && p[2] <= 0xBF) {
		c = 0x2000 | (unsigned)(p[1] & 0x3F) << 6 | (unsigned)(p[2] & 0x3F);
		if ((c >= 0x200B && c <= 0x200F) || (c >= 0x2028 && c <= 0x202E) ||
		    (c >= 0x2060 && c <= 0x206F)) {
			*len = 3;
			return c;
		}
	}
	if (p[0] == 0xEF && p[1] == 0xBB && p[2] == 0xBF) {
		*len = 3;
		return 0xFEFF;
	}
	return 0;
}

static void quote(FILE *f, const char *s)
{
	fputc('"', f);
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		int len;
		unsigned hidden = hidden_char(p, &len);
		if (hidden) {
			fprintf(f, "\\u%04x", hidden);
			p += len - 1;
			continue;
		}
		switch (*p) {
		case '"': fputs("\\\"", f); break;
		case '\\': fputs("\\\\", f); break;
		case '\n': fputs("\\n", f); break;
		case '\r': fputs("\\r", f); break;
		case '\t': fputs("\\t", f); break;
		default:
			if (*p < 0x20 || *p == 0x7f)
				fprintf(f, "\\u%04x", *p);
			else
				fputc(*p, f);
		}
	}
	fputc('"', f);
}

void json_key(struct json *j, const char *key)
{
	sep(j);
	if (key) {
		quote(j->f, key);
		fputc(':', j->f);
	}
}

static void open_(struct json *j, const char *key, char c)
{
	json_key(j, key);
	fputc(c, j->f);
	if (j->depth < 31)
		j->depth++;
	j->first[j->depth] = 1;
}

void json_begin_array(struct json *j) { open_(j, NULL, '['); }
void json_begin_object(struct json *j) { open_(j, NULL, '{'); }
void json_begin_array_key(struct json *j, const char *key) { open_(j, key, '['); }

void json_end_array(struct json *j)
{
	j->depth--;
	fputc(']', j->f);
	if (j->depth == 0)
		fputc('\n', j->f);
}

void json_end_object(struct json *j)
{
	j->depth--;
	fputc('}', j->f);
	if (j->depth == 0)
		fputc('\n', j->f);
}

void json_str(struct json *j, const char *key, const char *v)
{
	json_key(j, key);
	if (!v) {
		fputs("null", j->f);
		return;
	}
	/* JSON must be valid UTF-8: escape what is not */
	if (!text_valid_utf8(v, strlen(v))) {
		char *e = text_escape(v, 1);
		quote(j->f, e);
		free(e);
		return;
	}
	quote(j->f, v);
}

void json_elem_str(struct json *j, const char *v)
{
	json_str(j, NULL, v);
}

void json_int(struct json *j, const char *key, long long v)
{
	json_key(j, key);
	fprintf(j->f, "%lld", v);
}

void json_id_or_null(struct json *j, const char *key, long long v)
{
	if (v)
		json_int(j, key, v);
	else
		json_null(j, key);
}

void json_bool(struct json *j, const char *key, int v)
{
	json_key(j, key);
	fputs(v ? "true" : "false", j->f);
}

void json_time(struct json *j, const char *key, time_t t)
{
	char buf[48];
	if (!t) {
		json_null(j, key);
		return;
	}
	when_format_iso(t, buf, sizeof buf);
	json_str(j, key, buf);
}

void json_null(struct json *j, const char *key)
{
	json_key(j, key);
	fputs("null", j->f);
}

void json_call(struct json *j, const struct call *k, int with_typed)
{
	json_begin_object(j);
	json_int(j, "id", k->id);
	json_time(j, "at", k->at);
	json_str(j, "number", k->number);
	if (with_typed)
		json_str(j, "typed", k->number_typed);
	json_str(j, "for", k->wanted_login);
	json_str(j, "outcome", k->outcome);
	json_str(j, "subject", k->subject);
	json_str(j, "message", k->message);
	json_bool(j, "urgent", k->urgent);
	json_bool(j, "complaint", k->complaint);
	json_str(j, "taken_by", k->taken_login);
	json_id_or_null(j, "callback", k->callback_id);
	json_end_object(j);
}

void json_attempt(struct json *j, const struct attempt *a)
{
	json_begin_object(j);
	json_time(j, "at", a->at);
	json_str(j, "by", a->by_login);
	json_str(j, "result", a->result);
	json_str(j, "note", a->note);
	json_end_object(j);
}
