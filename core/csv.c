#include "core/csv.h"
#include "core/i18n.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

void csv_init(struct csv *w, FILE *f, unsigned flags)
{
	memset(w, 0, sizeof *w);
	w->f = f;
	w->flags = flags;
}

int csv_bom(struct csv *w)
{
	if (fputs("\xEF\xBB\xBF", w->f) == EOF) {
		w->failed = 1;
		return -1;
	}
	return 0;
}

int csv_utf8_len(const unsigned char *s, size_t avail)
{
	unsigned c = s[0];
	int len;
	uint32_t cp;
	if (c < 0x80)
		return 1;
	if (c >= 0xC2 && c <= 0xDF) {
		len = 2;
		cp = c & 0x1F;
	} else if (c >= 0xE0 && c <= 0xEF) {
		len = 3;
		cp = c & 0x0F;
	} else if (c >= 0xF0 && c <= 0xF4) {
		len = 4;
		cp = c & 0x07;
	} else {
		return 0;
	}
	if ((size_t)len > avail)
		return 0;
	for (int i = 1; i < len; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 0;
		cp = cp << 6 | (s[i] & 0x3F);
	}
	/* overlong forms, surrogates, beyond U+10FFFF */
	if ((len == 3 && cp < 0x800) || (len == 4 && (cp < 0x10000 || cp > 0x10FFFF)) ||
	    (cp >= 0xD800 && cp <= 0xDFFF))
		return 0;
	return len;
}

int csv_risky(const char *s)
{
	return s && (*s == '=' || *s == '+' || *s == '-' || *s == '@' || *s == '\t' || *s == '\r');
}

static int needs_quotes(const char *s, size_t n)
{
	if (n && (s[0] == ' ' || s[n - 1] == ' '))
		return 1;
	return strpbrk(s, ",\"\r\n") != NULL;
}

static int put(struct csv *w, const char *s, size_t n)
{
	if (n && fwrite(s, 1, n, w->f) != n) {
		w->failed = 1;
		return -1;
	}
	return 0;
}

/* Write s (already valid UTF-8) as one field, with an optional prefix. */
static int field(struct csv *w, const char *prefix, const char *s)
{
	size_t n = strlen(s);
	int q = needs_quotes(s, n) || (prefix && needs_quotes(prefix, strlen(prefix)));
	if (w->col++ && put(w, ",", 1) != 0)
		return -1;
	if (q && put(w, "\"", 1) != 0)
		return -1;
	if (prefix && put(w, prefix, strlen(prefix)) != 0)
		return -1;
	if (q) {
		const char *p = s, *dq;
		while ((dq = strchr(p, '"')) != NULL) {
			if (put(w, p, (size_t)(dq - p + 1)) != 0 || put(w, "\"", 1) != 0)
				return -1;
			p = dq + 1;
		}
		if (put(w, p, strlen(p)) != 0 || put(w, "\"", 1) != 0)
			return -1;
		return 0;
	}
	return put(w, s, n);
}

/* A character of k bytes that a terminal acts on or hides: C0 controls but
 * TAB, CR and LF, DEL, C1 controls (U+009B is a CSI), bidi controls and
 * invisible format characters.  Stored text holds none (core/text.h), rows
 * written by other programs might: an export printed to a terminal must
 * not run them. */
static int hidden(const unsigned char *p, int k)
{
	if (k == 1)
		return (p[0] < 0x20 && p[0] != '\t' && p[0] != '\r' && p[0] != '\n') || p[0] == 0x7f;
	if (k == 2)
		return (p[0] == 0xC2 && p[1] <= 0x9F) || (p[0] == 0xD8 && p[1] == 0x9C);
	if (k == 3 && p[0] == 0xE2 && (p[1] == 0x80 || p[1] == 0x81)) {
		unsigned c = 0x2000 | (unsigned)(p[1] & 0x3F) << 6 | (unsigned)(p[2] & 0x3F);
		return (c >= 0x200B && c <= 0x200F) || (c >= 0x2028 && c <= 0x202E) ||
		       (c >= 0x2060 && c <= 0x206F);
	}
	return k == 3 && p[0] == 0xEF && p[1] == 0xBB && p[2] == 0xBF;
}

/* Valid UTF-8 copy of s into *buf (malloc'd when it must change), hidden
 * characters replaced too; -1 strict refusal of invalid UTF-8. */
static int clean_utf8(struct csv *w, const char *s, char **fixed)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t n = strlen(s), i = 0, bad = 0, hid = 0;
	*fixed = NULL;
	while (i < n) {
		int k = csv_utf8_len(p + i, n - i);
		if (k == 0) {
			bad++;
			k = 1;
		} else if (hidden(p + i, k)) {
			hid++;
		}
		i += (size_t)k;
	}
	if (!bad && !hid)
		return 0;
	if (bad && (w->flags & CSV_STRICT)) {
		errno = EILSEQ;
		w->failed = 1;
		return -1;
	}
	char *o = malloc(n + (bad + hid) * 2 + 1), *q = o;
	if (!o)
		abort();
	for (i = 0; i < n;) {
		int k = csv_utf8_len(p + i, n - i);
		if (k > 0 && hidden(p + i, k)) {
			memcpy(q, "\xEF\xBF\xBD", 3);
			q += 3;
			i += (size_t)k;
			w->replaced++;
		} else if (k == 0) {
			memcpy(q, "\xEF\xBF\xBD", 3);
			q += 3;
			i++;
			w->replaced++;
		} else {
			memcpy(q, p + i, (size_t)k);
			q += k;
			i += (size_t)k;
		}
	}
	*q = '\0';
	*fixed = o;
	return 0;
}

int csv_text(struct csv *w, const char *s)
{
	char *fixed;
	int rc;
	if (!s)
		s = "";
	if (clean_utf8(w, s, &fixed) != 0)
		return -1;
	if (fixed)
		s = fixed;
	rc = field(w, csv_risky(s) ? "'" : NULL, s);
	free(fixed);
	return rc;
}

int csv_raw(struct csv *w, const char *s)
{
	char *fixed;
	int rc;
	if (!s)
		s = "";
	if (clean_utf8(w, s, &fixed) != 0)
		return -1;
	rc = field(w, NULL, fixed ? fixed : s);
	free(fixed);
	return rc;
}

int csv_int(struct csv *w, long long v)
{
	char buf[32];
	snprintf(buf, sizeof buf, "%lld", v);
	return field(w, NULL, buf);
}

int csv_end(struct csv *w)
{
	w->col = 0;
	if (put(w, "\r\n", 2) != 0)
		return -1;
	w->rows++;
	return 0;
}

int csv_create_file(const char *path, FILE **out, char *why, size_t n)
{
	struct stat sb;
	*out = NULL;
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
	if (fd < 0) {
		int e = errno;
		if (e == EEXIST && lstat(path, &sb) == 0 && S_ISLNK(sb.st_mode))
			snprintf(why, n, _("%s is a symbolic link; exports are written only to a new file"),
			         path);
		else if (e == EEXIST)
			snprintf(why, n, _("%s exists already; choose a new file name (exports never overwrite)"),
			         path);
		else if (e == ELOOP)
			snprintf(why, n, _("%s is a symbolic link; exports are written only to a new file"),
			         path);
		else
			snprintf(why, n, _("cannot create %s: %s"), path, strerror(e));
		return -1;
	}
	*out = fdopen(fd, "w");
	if (!*out) {
		snprintf(why, n, _("cannot write %s: %s"), path, strerror(errno));
		close(fd);
		unlink(path);
		return -1;
	}
	return 0;
}
