#include "core/cti.h"
#include "core/i18n.h"
#include "core/phone.h"
#include "core/text.h"
#include "core/util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

void fd_cti_clear(struct fd_cti *c)
{
	free(c->buf);
	memset(c, 0, sizeof *c);
}

static int hexval(int ch)
{
	if (ch >= '0' && ch <= '9')
		return ch - '0';
	if (ch >= 'a' && ch <= 'f')
		return ch - 'a' + 10;
	if (ch >= 'A' && ch <= 'F')
		return ch - 'A' + 10;
	return -1;
}

/* Decode s[0..n) into out (room for n + 1 bytes): 0, or -1 with err. */
static int url_decode(const char *s, size_t n, char *out, struct fd_err *err)
{
	size_t k = 0;
	for (size_t i = 0; i < n; i++) {
		int ch = (unsigned char)s[i];
		if (ch == '+') {
			ch = ' ';
		} else if (ch == '%') {
			int hi = i + 1 < n ? hexval((unsigned char)s[i + 1]) : -1;
			int lo = i + 2 < n ? hexval((unsigned char)s[i + 2]) : -1;
			if (hi < 0 || lo < 0) {
				fd_errf(err, 2, _("the query has a bad percent-escape near \"%.8s\": "
				        "'%%' must be followed by two hex digits"), s + i);
				return -1;
			}
			ch = hi * 16 + lo;
			if (ch < 0x20 || ch == 0x7f) {
				fd_errf(err, 2, _("the query has a control character (%%%02X); "
				        "no CTI parameter holds one"), (unsigned)ch);
				return -1;
			}
			i += 2;
		}
		out[k++] = (char)ch;
	}
	out[k] = '\0';
	return 0;
}

int fd_cti_parse_query(const char *query, struct fd_cti *out, struct fd_err *err)
{
	memset(out, 0, sizeof *out);
	if (!query)
		query = "";
	size_t len = strlen(query);
	if (len > CTI_QUERY_MAX) {
		fd_errf(err, 2, _("the query is %zu bytes; a CTI event has at most %d"), len, CTI_QUERY_MAX);
		return -1;
	}
	for (size_t i = 0; i < len; i++) {
		unsigned char ch = (unsigned char)query[i];
		if (ch <= 0x20 || ch >= 0x7f) {
			fd_errf(err, 2, _("the query has a raw %s at byte %zu: in a URL query it must be "
			        "percent-encoded"), ch == ' ' ? _("space") : _("control or non-ASCII byte"), i + 1);
			return -1;
		}
	}
	if (*query == '?')
		query++, len--;
	/* every decoded string fits in its raw length plus a NUL */
	char *buf = xmalloc(len + 1 + (len + 1));
	char *w = buf;
	out->buf = buf;
	const char *p = query;
	while (*p) {
		const char *amp = strchr(p, '&');
		size_t plen = amp ? (size_t)(amp - p) : strlen(p);
		if (plen > 0) {
			const char *eq = memchr(p, '=', plen);
			size_t klen = eq ? (size_t)(eq - p) : plen;
			char *key = w;
			if (url_decode(p, klen, key, err) != 0)
				goto fail;
			w += strlen(key) + 1;
			char *val = w;
			if (url_decode(eq ? eq + 1 : p + plen, eq ? plen - klen - 1 : 0, val, err) != 0)
				goto fail;
			w += strlen(val) + 1;
			const char **slot = NULL;
			if (strcmp(key, "event") == 0)
				slot = &out->event;
			else if (strcmp(key, "from") == 0)
				slot = &out->from;
			else if (strcmp(key, "to") == 0)
				slot = &out->to;
			else if (strcmp(key, "direction") == 0)
				slot = &out->direction;
			else if (strcmp(key, "callId") == 0)
				slot = &out->call_id;
			if (slot) {
				if (*slot) {
					fd_errf(err, 2, _("the query gives %s twice"), key);
					goto fail;
				}
				*slot = val;
			} else if (strcmp(key, "user") == 0 || strcmp(key, "user[]") == 0) {
				if (out->n_user == CTI_MAX_USERS) {
					fd_errf(err, 2, _("the query names more than %d users"), CTI_MAX_USERS);
					goto fail;
				}
				out->user[out->n_user++] = val;
			}
			/* anything else (queue, cause, answeringNumber, ...): ignored */
		}
		p += plen;
		if (*p == '&')
			p++;
	}
	return 0;
fail:
	fd_cti_clear(out);
	return -1;
}

/* ---- checks ---- */

static void quoted(const char *s, char *out, size_t n)
{
	char *esc = text_escape(s, 0);
	snprintf(out, n, "\"%.60s%s\"", esc, strlen(esc) > 60 ? "…" : "");
	free(esc);
}

static int withheld(const char *s)
{
	static const char *const words[] = {"anonymous", "unknown", "restricted", "private",
	                                    "withheld"};
	while (*s == ' ')
		s++;
	size_t n = strlen(s);
	while (n > 0 && s[n - 1] == ' ')
		n--;
	if (n == 0)
		return 1;
	for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
		if (strlen(words[i]) == n && strncasecmp(s, words[i], n) == 0)
			return 1;
	return 0;
}

/* Only characters a typed phone number has. */
static int check_number_chars(const char *what, const char *s, struct fd_err *err)
{
	char q[96];
	if (strlen(s) > CTI_NUMBER_MAX) {
		quoted(s, q, sizeof q);
		fd_errf(err, 2, _("%s: %s is too long for a phone number (at most %d characters)"), what,
		        q, CTI_NUMBER_MAX);
		return -1;
	}
	for (const char *p = s; *p; p++)
		if (!strchr("0123456789+ ()/.-", *p)) {
			quoted(s, q, sizeof q);
			fd_errf(err, 2, _("%s: %s is not a %s: only digits, spaces and + ( ) / . - "
			        "belong in one"), what, q,
			        strcmp(what, "to") == 0 ? _("phone number or an extension") : _("phone number"));
			return -1;
		}
	return 0;
}

/* Normalise; digits alone that are no national number are read as
 * international, the way phone systems send them. */
static int cti_number(struct fd *fd, const char *what, const char *typed, char out[PHONE_MAX],
                      struct fd_err *err)
{
	const char *why = NULL;
	char reason[200], q[96], intl[PHONE_MAX + 2];
	if (phone_normalize(typed, fd->default_cc, out, &why) == 0)
		return 0;
	snprintf(reason, sizeof reason, "%s", why ? why : _("invalid"));
	const char *s = typed;
	while (*s == ' ')
		s++;
	size_t n = strspn(s, "0123456789");
	size_t rest = strspn(s + n, " ");
	if (n > 0 && n <= 15 && s[n + rest] == '\0' && s[0] != '0') {
		snprintf(intl, sizeof intl, "+%.*s", (int)n, s);
		if (phone_normalize(intl, fd->default_cc, out, NULL) == 0)
			return 0;
	}
	quoted(typed, q, sizeof q);
	fd_errf(err, 2, _("%s: %s is not a phone number: %s"), what, q, reason);
	return -1;
}

static int valid_ext(const char *s)
{
	size_t n = strlen(s);
	return n >= 1 && n <= 8 && strspn(s, "0123456789") == n;
}

static int check_fields(const struct fd_cti *in, struct fd_err *err)
{
	char q[96];
	if (in->event && strcmp(in->event, "newCall") != 0 && strcmp(in->event, "answer") != 0 &&
	    strcmp(in->event, "hangup") != 0) {
		quoted(in->event, q, sizeof q);
		fd_errf(err, 2, _("unknown event %s: frontdesk records newCall and ignores answer and hangup"),
		        q);
		return -1;
	}
	if (in->direction && strcmp(in->direction, "in") != 0 && strcmp(in->direction, "out") != 0) {
		quoted(in->direction, q, sizeof q);
		fd_errf(err, 2, _("direction %s: it is in or out"), q);
		return -1;
	}
	if (in->call_id) {
		size_t n = strlen(in->call_id);
		if (n == 0 || n > CTI_CALL_ID_MAX ||
		    strspn(in->call_id, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
		                        "0123456789._:@+=/~-") != n) {
			quoted(in->call_id, q, sizeof q);
			fd_errf(err, 2, _("callId %s: 1 to %d letters, digits and . _ : @ + = / ~ -"), q,
			        CTI_CALL_ID_MAX);
			return -1;
		}
	}
	for (size_t i = 0; i < in->n_user; i++) {
		const char *u = in->user[i];
		size_t n = strlen(u);
		int bad = n > CTI_USER_MAX || !text_valid_utf8(u, n);
		for (const char *p = u; !bad && *p; p++)
			if ((unsigned char)*p < 0x20 || *p == 0x7f)
				bad = 1;
		if (bad) {
			quoted(u, q, sizeof q);
			fd_errf(err, 2, _("user %s: a login or a name, at most %d bytes of UTF-8 text"), q,
			        CTI_USER_MAX);
			return -1;
		}
	}
	if (in->from && !withheld(in->from) && check_number_chars("from", in->from, err) != 0)
		return -1;
	if (in->to && check_number_chars("to", in->to, err) != 0)
		return -1;
	return 0;
}

/* The wanted extension: from to (an extension, or a staff member's direct
 * number), else from the first user who is on the staff.  "" when none. */
static int wanted_ext(struct fd *fd, const struct fd_cti *in, char ext[16], struct fd_err *err)
{
	char e164[PHONE_MAX] = "", to[CTI_NUMBER_MAX + 1] = "";
	ext[0] = '\0';
	if (in->to) {
		/* trimmed (check_fields made sure it fits) */
		const char *s = in->to + strspn(in->to, " ");
		snprintf(to, sizeof to, "%s", s);
		for (size_t n = strlen(to); n > 0 && to[n - 1] == ' '; n--)
			to[n - 1] = '\0';
	}
	if (*to) {
		if (valid_ext(to)) {
			snprintf(ext, 16, "%s", to);
			return 0;
		}
		if (cti_number(fd, "to", to, e164, err) != 0) {
			char msg[sizeof err->msg];
			snprintf(msg, sizeof msg, "%s", err->msg);
			fd_errf(err, 2, _("%s (to is an extension of 1 to 8 digits or a phone number)"), msg);
			return -1;
		}
	}
	if (!*e164 && in->n_user == 0)
		return 0;
	struct staff *list = NULL;
	size_t n = 0;
	if (fd_staff_list(fd, &list, &n, err) != 0)
		return -1;
	if (*e164) {
		for (size_t i = 0; i < n; i++)
			if (list[i].phone && strcmp(list[i].phone, e164) == 0 && list[i].ext) {
				snprintf(ext, 16, "%s", list[i].ext);
				break;
			}
	}
	for (size_t u = 0; !*ext && u < in->n_user; u++)
		for (size_t i = 0; i < n; i++)
			if (list[i].ext && ((list[i].login && strcmp(list[i].login, in->user[u]) == 0) ||
			                    (list[i].name && strcasecmp(list[i].name, in->user[u]) == 0))) {
				snprintf(ext, 16, "%s", list[i].ext);
				break;
			}
	db_staff_free_list(list, n);
	return 0;
}

int fd_cti_ring(struct fd *fd, const struct fd_cti *in, time_t now, struct fd_caller *out,
                long long *ring_id, const char **note, struct fd_err *err)
{
	char e164[PHONE_MAX], ext[16];
	memset(out, 0, sizeof *out);
	*note = NULL;
	if (check_fields(in, err) != 0)
		return -1;
	if (in->event && strcmp(in->event, "answer") == 0) {
		*note = N_("answer event: nothing to record (frontdesk records newCall)");
		return 1;
	}
	if (in->event && strcmp(in->event, "hangup") == 0) {
		*note = N_("hangup event: nothing to record (frontdesk records newCall)");
		return 1;
	}
	if (in->direction && strcmp(in->direction, "out") == 0) {
		*note = N_("outgoing call: not recorded");
		return 1;
	}
	if (!in->from) {
		fd_errf(err, 2, _("the caller's number (from) is missing"));
		return -1;
	}
	if (withheld(in->from)) {
		*note = N_("the caller withheld the number: not recorded");
		return 1;
	}
	if (cti_number(fd, "from", in->from, e164, err) != 0)
		return -1;
	if (wanted_ext(fd, in, ext, err) != 0)
		return -1;
	if (fd_ring(fd, e164, *ext ? ext : NULL, now, out, ring_id, err) != 0)
		return -1;
	snprintf(out->to_ext, sizeof out->to_ext, "%s", ext);
	return 0;
}
