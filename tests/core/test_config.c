/*
 * Configuration files (core/config.h): first missing, empty, malformed and
 * hostile files, then every key and its bad values, naming file and line.
 */
#include <criterion/criterion.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/config.h"
#include "core/util.h"

static struct fd_config conf;
static struct fd_err err;
static char dir[64];
static char path[128];

static void setup(void)
{
	strcpy(dir, "/tmp/fd-config-XXXXXX");
	cr_assert_not_null(mkdtemp(dir));
	snprintf(path, sizeof path, "%s/config", dir);
	setenv("HOME", dir, 1);
	memset(&err, 0, sizeof err);
	config_defaults(&conf);
}

static void teardown(void)
{
	config_clear(&conf);
	unlink(path);
	rmdir(dir);
}

TestSuite(config, .init = setup, .fini = teardown);

static void write_file(const char *s, size_t n)
{
	FILE *f = fopen(path, "wb");
	cr_assert_not_null(f);
	fwrite(s, 1, n, f);
	fclose(f);
}

static int load(const char *s)
{
	write_file(s, strlen(s));
	return config_load(&conf, path, &err);
}

static void refused(const char *s, const char *part)
{
	cr_assert_eq(load(s), -1, "accepted: %s", s);
	cr_assert_eq(err.code, 2);
	cr_assert(strstr(err.msg, part), "message \"%s\" lacks \"%s\"", err.msg, part);
	cr_assert_neq(err.msg[strlen(err.msg) - 1], '.', "%s", err.msg);
}

Test(config, missing_file_is_fine)
{
	cr_assert_eq(config_load(&conf, "/nonexistent/frontdesk.conf", &err), 0);
	cr_assert_eq(conf.country_code, 49);
	cr_assert_null(conf.db_path);
}

Test(config, empty_and_comments)
{
	cr_assert_eq(load(""), 0);
	cr_assert_eq(load("\n\n   \n# a comment\n\t# indented comment\n"), 0);
	cr_assert_eq(conf.callback_promise, 3600);
	cr_assert_eq(conf.colours, 1);
}

Test(config, unknown_key_named_with_path_and_line)
{
	refused("# colours\nbell = on\ncolour = off\n", "~/config:3: unknown key \"colour\"; see frontdesk.conf(5)");
}

Test(config, not_key_value)
{
	refused("database\n", ":1: \"database\" is not \"key = value\"");
	refused("= 3\n", "a value without a key");
}

Test(config, hostile_bytes)
{
	write_file("bell = on\nbell\0 = off\n", 22);
	cr_assert_eq(config_load(&conf, path, &err), -1);
	cr_assert(strstr(err.msg, ":2: not UTF-8 text"), "%s", err.msg);
	refused("dial_command = \xff\xfe\n", ":1: not UTF-8");
	/* escape sequences in a bad key are shown harmless */
	refused("\x1b[2J = 1\n", "unknown key");
	cr_assert_null(strchr(err.msg, '\x1b'), "raw ESC in the message");
}

Test(config, long_line_and_big_file)
{
	size_t n = 1024 * 1024 + 10;
	char *s = xmalloc(n + 1);
	memset(s, 'x', n);
	memcpy(s, "mail_command = ", 15);
	s[n] = '\0';
	cr_assert_eq(load(s), -1);
	cr_assert(strstr(err.msg, "longer than"), "%s", err.msg);
	free(s);
}

Test(config, every_key)
{
	cr_assert_eq(load("\xEF\xBB\xBF# with a BOM\n"
	                  "database = ~/fd.db\n"
	                  "default_country_code = +43\n"
	                  "spelling_alphabet = ICAO\n"
	                  "business_hours = mon-fri 07:30-16:30\n"
	                  "callback_promise = 2h\n"
	                  "reschedule_step = 30m\n"
	                  "escalate_deputy = off\n"
	                  "escalate_supervisor = 1d\n"
	                  "colors = no\n"
	                  "bell = off\n"
	                  "dial_command = /usr/local/bin/dial \"$1\"  # not a comment\n"
	                  "mail_command = \"/usr/sbin/sendmail -t\"\n"),
	             0, "%s", err.msg);
	char *db = xasprintf("%s/fd.db", dir);
	cr_assert_str_eq(conf.db_path, db);
	free(db);
	cr_assert_eq(conf.country_code, 43);
	cr_assert(conf.country_code_set);
	cr_assert_str_eq(conf.spelling, "icao");
	cr_assert_str_eq(conf.business_days, "mon-fri");
	cr_assert_str_eq(conf.business_hours, "07:30-16:30");
	cr_assert_eq(conf.callback_promise, 7200);
	cr_assert_eq(conf.reschedule_step, 1800);
	cr_assert_eq(conf.escalate_deputy, CONFIG_SPAN_OFF);
	cr_assert_eq(conf.escalate_supervisor, 86400);
	cr_assert_eq(conf.colours, 0);
	cr_assert_eq(conf.bell, 0);
	cr_assert_str_eq(conf.dial_command, "/usr/local/bin/dial \"$1\"  # not a comment");
	cr_assert_str_eq(conf.mail_command, "/usr/sbin/sendmail -t");
}

Test(config, bad_values)
{
	refused("default_country_code = germany\n", "default_country_code is a calling code");
	refused("default_country_code = 0\n", "calling code");
	refused("spelling_alphabet = nato\n", "din5009 or icao");
	refused("business_hours = 18:00-08:00\n", "business_hours");
	refused("business_hours = someday 08:00-12:00\n", "business_hours");
	refused("callback_promise = soon\n", "callback_promise is a time span");
	refused("callback_promise = off\n", "callback_promise is a time span");
	refused("reschedule_step = -5m\n", "reschedule_step");
	refused("escalate_deputy = 99999999999d\n", "escalate_deputy");
	refused("colours = maybe\n", "colours is on or off");
	refused("bell = 2\n", "bell is on or off");
	refused("database = relative/path.db\n", "database is a path");
	refused("database = ~other/x.db\n", "~user");
}

Test(config, later_file_wins)
{
	cr_assert_eq(load("callback_promise = 2h\n"), 0);
	cr_assert_eq(load("callback_promise = 3h\n"), 0);
	cr_assert_eq(conf.callback_promise, 3 * 3600);
}

Test(config, spans)
{
	long v;
	cr_assert_eq(config_parse_span("", &v), -1);
	cr_assert_eq(config_parse_span(NULL, &v), -1);
	cr_assert_eq(config_parse_span("1800", &v), 0);
	cr_assert_eq(v, 1800);
	cr_assert_eq(config_parse_span("45s", &v), 0);
	cr_assert_eq(v, 45);
	cr_assert_eq(config_parse_span("1d", &v), 0);
	cr_assert_eq(v, 86400);
	cr_assert_eq(config_parse_span("1h30m", &v), -1);
	cr_assert_eq(config_parse_span(" 1h", &v), -1);
}

Test(config, load_all_uses_xdg_and_override)
{
	char *xdg = xasprintf("%s/xdg", dir), *sub = xasprintf("%s/xdg/frontdesk", dir);
	char *file = xasprintf("%s/xdg/frontdesk/config", dir);
	mkdir(xdg, 0700);
	mkdir(sub, 0700);
	FILE *f = fopen(file, "w");
	fputs("default_country_code = 41\n", f);
	fclose(f);
	setenv("XDG_CONFIG_HOME", xdg, 1);
	unsetenv("FRONTDESK_CONFIG");
	config_clear(&conf);
	cr_assert_eq(config_load_all(&conf, &err), 0, "%s", err.msg);
	cr_assert_eq(conf.country_code, 41);
	write_file("default_country_code = 33\n", 26);
	setenv("FRONTDESK_CONFIG", path, 1);
	config_clear(&conf);
	cr_assert_eq(config_load_all(&conf, &err), 0, "%s", err.msg);
	cr_assert_eq(conf.country_code, 33);
	unsetenv("FRONTDESK_CONFIG");
	unsetenv("XDG_CONFIG_HOME");
	unlink(file);
	rmdir(sub);
	rmdir(xdg);
	free(xdg);
	free(sub);
	free(file);
}
