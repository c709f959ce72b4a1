/* config: frontdesk.conf(5) files.  See core/config.h. */
#include "core/config.h"
#include "core/i18n.h"
#include "core/report.h"
#include "core/text.h"
#include "core/util.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define CONFIG_MAX_LINE 4096
#define CONFIG_MAX_FILE (1024 * 1024)

void config_defaults(struct fd_config *c)
{
	memset(c, 0, sizeof *c);
	c->country_code = 49;
	c->callback_promise = 3600;
	c->reschedule_step = 3600;
	c->escalate_deputy = 1800L;
	c->escalate_supervisor = 4 * 3600L;
	c->colours = 1;
	c->bell = 1;
}

void config_clear(struct fd_config *c)
{
	free(c->db_path);
	free(c->spelling);
	free(c->business_hours);
	free(c->business_days);
	free(c->dial_command);
	free(c->mail_command);
	free(c->loaded[0]);
	free(c->loaded[1]);
	config_defaults(c);
}

int config_parse_span(const char *s, long *out)
{
	char *end;
	if (!s || !*s)
		return -1;
	if (strcmp(s, "off") == 0) {
		*out = CONFIG_SPAN_OFF;
		return 0;
	}
	if (*s < '0' || *s > '9')
		return -1;
	errno = 0;
	long v = strtol(s, &end, 10);
	if (errno)
		return -1;
	long unit = 1;
	switch (*end) {
	case 's': end++; break;
	case 'm': unit = 60; end++; break;
	case 'h': unit = 3600; end++; break;
	case 'd': unit = 86400; end++; break;
	default: break;
	}
	if (*end || v > 366L * 86400 / unit)
		return -1;
	*out = v * unit;
	return 0;
}

/* "/home/anna/.config/x" as "~/.config/x" in messages. */
static char *display_path(const char *path)
{
	const char *home = getenv("HOME");
	size_t hl = home ? strlen(home) : 0;
	if (hl > 1 && strncmp(path, home, hl) == 0 && path[hl] == '/')
		return xasprintf("~%s", path + hl);
	return xstrdup(path);
}

static int on_off(const char *v, int *out)
{
	static const char *const on[] = {"on", "yes", "true", "1"}, *const off[] = {"off", "no", "false", "0"};
	for (size_t i = 0; i < 4; i++) {
		if (strcasecmp(v, on[i]) == 0) {
			*out = 1;
			return 0;
		}
		if (strcasecmp(v, off[i]) == 0) {
			*out = 0;
			return 0;
		}
	}
	return -1;
}

static void set_str(char **field, const char *v)
{
	free(*field);
	*field = *v ? xstrdup(v) : NULL;
}

/* One "key = value": NULL ok, or why the value is wrong (static or in buf). */
static const char *config_set(struct fd_config *c, const char *key, const char *v,
                              int *unknown, char *buf, size_t bufn)
{
	long span;
	*unknown = 0;
	if (!strcmp(key, "database")) {
		if (*v && *v != '/' && *v != '~')
			return _("database is a path starting with / or ~/");
		if (*v == '~') {
			const char *home = getenv("HOME");
			if (v[1] != '/' || !home || !*home)
				return _("database: only ~/ (your home) is understood, not ~user");
			free(c->db_path);
			c->db_path = xasprintf("%s%s", home, v + 1);
		} else {
			set_str(&c->db_path, v);
		}
	} else if (!strcmp(key, "default_country_code")) {
		char *end;
		const char *d = *v == '+' ? v + 1 : v;
		long cc = strtol(d, &end, 10);
		if (!*d || *end || cc < 1 || cc > 999)
			return _("default_country_code is a calling code such as 49 (Germany) or 1");
		c->country_code = (int)cc;
		c->country_code_set = 1;
	} else if (!strcmp(key, "spelling_alphabet")) {
		if (strcasecmp(v, "din5009") && strcasecmp(v, "icao"))
			return _("spelling_alphabet is din5009 or icao");
		free(c->spelling);
		c->spelling = xstrdup(strcasecmp(v, "icao") ? "din5009" : "icao");
	} else if (!strcmp(key, "business_hours")) {
		/* "08:00-18:00" or "mon-fri 08:00-18:00" */
		struct report_hours h;
		const char *why = NULL;
		char *days = NULL, *hours;
		const char *sp = strchr(v, ' ');
		if (sp) {
			days = xstrndup(v, (size_t)(sp - v));
			hours = xstrdup(sp + strspn(sp, " "));
		} else {
			hours = xstrdup(v);
		}
		report_hours_default(&h);
		if (report_hours_parse(hours, days, &h, &why) != 0) {
			snprintf(buf, bufn, _("business_hours: %s (such as mon-fri 08:00-18:00)"), why);
			free(days);
			free(hours);
			return buf;
		}
		free(c->business_days);
		free(c->business_hours);
		c->business_days = days;
		c->business_hours = hours;
	} else if (!strcmp(key, "callback_promise") || !strcmp(key, "reschedule_step")) {
		if (config_parse_span(v, &span) != 0 || span <= 0) {
			snprintf(buf, bufn, _("%s is a time span such as 30m, 1h or 1d"), key);
			return buf;
		}
		if (key[0] == 'c') {
			c->callback_promise = span;
			c->callback_promise_set = 1;
		} else {
			c->reschedule_step = span;
			c->reschedule_step_set = 1;
		}
	} else if (!strcmp(key, "escalate_deputy") || !strcmp(key, "escalate_supervisor")) {
		if (config_parse_span(v, &span) != 0) {
			snprintf(buf, bufn, _("%s is a time span overdue such as 4h or 1d, or off"), key);
			return buf;
		}
		if (key[9] == 'd') {
			c->escalate_deputy = span;
			c->escalate_deputy_set = 1;
		} else {
			c->escalate_supervisor = span;
			c->escalate_supervisor_set = 1;
		}
	} else if (!strcmp(key, "colours") || !strcmp(key, "colors")) {
		if (on_off(v, &c->colours) != 0)
			return _("colours is on or off");
		c->colours_set = 1;
	} else if (!strcmp(key, "bell")) {
		if (on_off(v, &c->bell) != 0)
			return _("bell is on or off");
		c->bell_set = 1;
	} else if (!strcmp(key, "dial_command")) {
		set_str(&c->dial_command, v);
	} else if (!strcmp(key, "mail_command")) {
		set_str(&c->mail_command, v);
	} else {
		*unknown = 1;
	}
	return NULL;
}

static int is_space(char ch)
{
	return ch == ' ' || ch == '\t' || ch == '\r';
}

int config_load(struct fd_config *c, const char *path, struct fd_err *err)
{
	FILE *f = fopen(path, "r");
	char *shown = NULL, *line = NULL;
	size_t cap = 0, lineno = 0, total = 0;
	ssize_t len;
	int ret = -1;
	if (!f) {
		if (errno == ENOENT || errno == ENOTDIR)
			return 0;
		shown = display_path(path);
		fd_errf(err, 2, _("%s: cannot read: %s"), shown, strerror(errno));
		free(shown);
		return -1;
	}
	shown = display_path(path);
	while ((len = getline(&line, &cap, f)) >= 0) {
		char why_buf[256];
		lineno++;
		total += (size_t)len;
		if (total > CONFIG_MAX_FILE) {
			fd_errf(err, 2, _("%s: longer than 1 MB; is this a configuration file?"), shown);
			goto out;
		}
		if ((size_t)len > CONFIG_MAX_LINE) {
			fd_errf(err, 2, _("%s:%zu: the line is longer than %d bytes"), shown, lineno, CONFIG_MAX_LINE);
			goto out;
		}
		if (memchr(line, '\0', (size_t)len) || !text_valid_utf8(line, (size_t)len)) {
			fd_errf(err, 2, _("%s:%zu: not UTF-8 text"), shown, lineno);
			goto out;
		}
		char *s = line, *e = line + len;
		if (lineno == 1 && len >= 3 && !memcmp(s, "\xEF\xBB\xBF", 3))
			s += 3;
		while (e > s && (e[-1] == '\n' || is_space(e[-1])))
			*--e = '\0';
		while (is_space(*s))
			s++;
		if (!*s || *s == '#')
			continue;
		char *eq = strchr(s, '=');
		if (!eq) {
			char *esc = text_escape(s, 0);
			fd_errf(err, 2, _("%s:%zu: \"%.60s\" is not \"key = value\"; see frontdesk.conf(5)"), shown,
			        lineno, esc);
			free(esc);
			goto out;
		}
		char *k = s, *ke = eq, *v = eq + 1;
		while (ke > k && is_space(ke[-1]))
			ke--;
		*ke = '\0';
		while (is_space(*v))
			v++;
		size_t vl = strlen(v);
		if (vl >= 2 && v[0] == '"' && v[vl - 1] == '"') {
			v[vl - 1] = '\0';
			v++;
		}
		if (!*k) {
			fd_errf(err, 2, _("%s:%zu: a value without a key; see frontdesk.conf(5)"), shown, lineno);
			goto out;
		}
		int unknown;
		const char *why = config_set(c, k, v, &unknown, why_buf, sizeof why_buf);
		if (unknown) {
			char *esc = text_escape(k, 0);
			fd_errf(err, 2, _("%s:%zu: unknown key \"%.40s\"; see frontdesk.conf(5)"), shown, lineno, esc);
			free(esc);
			goto out;
		}
		if (why) {
			char *esc = text_escape(v, 0);
			fd_errf(err, 2, _("%s:%zu: %s, not \"%.60s\""), shown, lineno, why, esc);
			free(esc);
			goto out;
		}
	}
	if (ferror(f)) {
		fd_errf(err, 2, _("%s: cannot read: %s"), shown, strerror(errno));
		goto out;
	}
	for (int i = 0; i < 2; i++)
		if (!c->loaded[i]) {
			c->loaded[i] = xstrdup(path);
			break;
		}
	ret = 0;
out:
	free(line);
	free(shown);
	fclose(f);
	return ret;
}

char *config_user_path(void)
{
	const char *x = getenv("XDG_CONFIG_HOME");
	if (x && *x == '/')
		return xasprintf("%s/frontdesk/config", x);
	const char *home = getenv("HOME");
	if (!home || !*home)
		return NULL;
	return xasprintf("%s/.config/frontdesk/config", home);
}

int config_load_all(struct fd_config *c, struct fd_err *err)
{
	config_defaults(c);
	const char *only = getenv("FRONTDESK_CONFIG");
	if (only && *only)
		return config_load(c, only, err);
	if (config_load(c, CONFIG_SYSTEM_PATH, err) != 0)
		return -1;
	char *user = config_user_path();
	int r = user ? config_load(c, user, err) : 0;
	free(user);
	return r;
}

static int db_has(struct fd *fd, const char *key)
{
	char *v = NULL;
	int r = db_meta_get(fd->db, key, &v) == 1 && v && *v;
	free(v);
	return r;
}

void config_apply(const struct fd_config *c, struct fd *fd)
{
	if (fd && fd->db) {
		if (c->country_code_set && !db_has(fd, "country_code"))
			fd->default_cc = c->country_code;
		if (c->callback_promise_set && !db_has(fd, "callback_promise"))
			fd->callback_promise = c->callback_promise;
		if (c->reschedule_step_set && !db_has(fd, "reschedule_step"))
			fd->reschedule_step = c->reschedule_step;
	}
	if (fd) {
		char num[32];
		if (c->business_hours)
			fd_setting_default(fd, "report_hours", c->business_hours);
		if (c->business_days)
			fd_setting_default(fd, "report_days", c->business_days);
		if (c->escalate_deputy_set) {
			snprintf(num, sizeof num, "%ld", c->escalate_deputy);
			fd_setting_default(fd, "escalate_deputy",
			                   c->escalate_deputy == CONFIG_SPAN_OFF ? "off" : num);
		}
		if (c->escalate_supervisor_set) {
			snprintf(num, sizeof num, "%ld", c->escalate_supervisor);
			fd_setting_default(fd, "escalate_supervisor",
			                   c->escalate_supervisor == CONFIG_SPAN_OFF ? "off" : num);
		}
	}
	if (c->bell_set && !c->bell)
		setenv("FRONTDESK_BELL", "0", 0);
	if (c->dial_command)
		setenv("FRONTDESK_DIAL_COMMAND", c->dial_command, 0);
	if (c->mail_command)
		setenv("FRONTDESK_MAIL_COMMAND", c->mail_command, 0);
	if (c->spelling)
		setenv("FRONTDESK_SPELLING", c->spelling, 0);
	if (c->colours_set && !c->colours)
		setenv("NO_COLOR", "1", 0);
}
