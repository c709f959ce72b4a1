/*
 * core/cti.h: the generic CTI parameters of `frontdesk ring`, decoded from a
 * query string and acted on, on a fresh in-memory database per test.
 */
#include <criterion/criterion.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/cti.h"
#include "core/fd.h"
#include "tests/core/fixture.h"

#define NOW ((time_t)1795424400) /* Mon 23 Nov 2026 10:00 in Berlin */

static struct fd *fd;
static struct fd_err err;

static void setup(void)
{
	fx_berlin();
	fx_open_memory(&fd, &err, NOW);
	struct fd_staff_input in = {.name = "Hans Maier", .login = "hmaier", .ext = "201",
	                            .phone = "+49 30 123456-201"};
	long long id;
	cr_assert_eq(fd_staff_add(fd, &in, NOW, &id, &err), 0, "staff add: %s", err.msg);
}

static void teardown(void)
{
	fd_close(&fd);
}

TestSuite(cti, .init = setup, .fini = teardown);

static void parse_refused(const char *q, const char *part)
{
	struct fd_cti c;
	memset(&err, 0, sizeof err);
	cr_assert_eq(fd_cti_parse_query(q, &c, &err), -1, "accepted \"%s\"", q);
	cr_assert_eq(err.code, 2, "code %d for \"%s\"", err.code, q);
	cr_assert(strstr(err.msg, part), "message \"%s\" lacks \"%s\"", err.msg, part);
}

Test(cti, decodes_the_webhook_parameters)
{
	struct fd_cti c;
	cr_assert_eq(fd_cti_parse_query("?event=newCall&from=%2B4930123456&to=201&direction=in"
	                                "&callId=abc&user%5B%5D=Hans+Maier&user[]=x&queue=q&&",
	                                &c, &err), 0, "%s", err.msg);
	cr_assert_str_eq(c.event, "newCall");
	cr_assert_str_eq(c.from, "+4930123456");
	cr_assert_str_eq(c.to, "201");
	cr_assert_str_eq(c.direction, "in");
	cr_assert_str_eq(c.call_id, "abc");
	cr_assert_eq(c.n_user, 2);
	cr_assert_str_eq(c.user[0], "Hans Maier");
	cr_assert_str_eq(c.user[1], "x");
	fd_cti_clear(&c);
	cr_assert_eq(fd_cti_parse_query("", &c, &err), 0);
	cr_assert_null(c.from);
	fd_cti_clear(&c);
}

Test(cti, refuses_bad_queries)
{
	char big[CTI_QUERY_MAX + 16];
	memset(big, 'a', sizeof big - 1);
	big[sizeof big - 1] = '\0';
	parse_refused(big, "at most");
	parse_refused("from=030 123", "raw space");
	parse_refused("from=030\n", "control");
	parse_refused("from=%2", "percent-escape");
	parse_refused("from=%zz", "percent-escape");
	parse_refused("from=030%00", "control character");
	parse_refused("from=030%0A", "control character");
	parse_refused("from=1&from=2", "twice");
}

static int ring(struct fd_cti *c, const char **note, long long *ring_id)
{
	struct fd_caller who;
	memset(&err, 0, sizeof err);
	int r = fd_cti_ring(fd, c, NOW, &who, ring_id, note, &err);
	if (r == 0)
		fd_caller_clear(&who);
	return r;
}

Test(cti, records_incoming_new_calls_and_maps_the_wanted_extension)
{
	const char *note;
	long long id = 0;
	struct fd_cti c = {.event = "newCall", .from = "4930555777", .to = "4930123456201"};
	cr_assert_eq(ring(&c, &note, &id), 0, "%s", err.msg);
	cr_assert_gt(id, 0);
	struct fd_caller who;
	long long rid;
	cr_assert_eq(fd_ring_latest(fd, 0, &who, &rid, NOW, &err), 1);
	cr_assert_str_eq(who.e164, "+4930555777");
	cr_assert_str_eq(who.to_ext, "201");
	fd_caller_clear(&who);

	struct fd_cti main_line = {.from = "030555777", .to = "+49 30 123456"};
	cr_assert_eq(ring(&main_line, &note, &id), 0, "%s", err.msg);
	cr_assert_eq(fd_ring_latest(fd, 0, &who, &rid, NOW, &err), 1);
	cr_assert_str_eq(who.to_ext, "");
	fd_caller_clear(&who);

	struct fd_cti by_user = {.from = "030555777", .to = "030123456", .user = {"nobody", "Hans Maier"},
	                         .n_user = 2};
	cr_assert_eq(ring(&by_user, &note, &id), 0, "%s", err.msg);
	cr_assert_eq(fd_ring_latest(fd, 0, &who, &rid, NOW, &err), 1);
	cr_assert_str_eq(who.to_ext, "201");
	fd_caller_clear(&who);
}

Test(cti, ignores_what_is_no_incoming_call)
{
	const char *note;
	long long id = 0;
	struct fd_cti out = {.from = "201", .to = "030555777", .direction = "out"};
	cr_assert_eq(ring(&out, &note, &id), 1);
	cr_assert(strstr(note, "outgoing"));
	struct fd_cti hangup = {.event = "hangup", .from = "030555777"};
	cr_assert_eq(ring(&hangup, &note, &id), 1);
	struct fd_cti answer = {.event = "answer"};
	cr_assert_eq(ring(&answer, &note, &id), 1);
	struct fd_cti anon = {.from = "Anonymous", .to = "201"};
	cr_assert_eq(ring(&anon, &note, &id), 1);
	cr_assert(strstr(note, "withheld"));
	struct fd_caller who;
	long long rid;
	cr_assert_eq(fd_ring_latest(fd, 0, &who, &rid, NOW, &err), 0);
}

Test(cti, refuses_bad_fields)
{
	static const struct fd_cti bad[] = {
		{.event = "ringing", .from = "030555777"},
		{.direction = "up", .from = "030555777"},
		{.from = ";whoami"},
		{.from = "$(id)"},
		{.from = "030555777", .to = "201;id"},
		{.from = "030555777", .to = "abc"},
		{.from = "030555777", .call_id = "a b"},
		{.from = "030555777", .call_id = ""},
		{.from = "030555777", .user = {"a\x1b[2Jb"}, .n_user = 1},
		{.from = "030555777", .user = {"\xff"}, .n_user = 1},
		{.from = "0305557771234567890123456789012345678901234"},
		{.from = "1234567"},
		{.to = "201"},
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		const char *note;
		long long id = 0;
		struct fd_cti c = bad[i];
		cr_assert_eq(ring(&c, &note, &id), -1, "case %zu accepted", i);
		cr_assert_eq(err.code, 2, "case %zu: code %d: %s", i, err.code, err.msg);
		cr_assert_neq(err.msg[strlen(err.msg) - 1], '.', "case %zu ends with '.': %s", i, err.msg);
	}
	struct fd_caller who;
	long long rid;
	cr_assert_eq(fd_ring_latest(fd, 0, &who, &rid, NOW, &err), 0, "a refused ring was recorded");
}
