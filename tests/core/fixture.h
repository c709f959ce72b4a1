/*
 * What the core test suites share: Berlin time, a database in memory set up
 * at a fixed "now", a scratch directory, and the check of a refusal.  Each
 * suite keeps its own fd and err; these helpers take them as arguments.
 */
#ifndef FRONTDESK_TEST_FIXTURE_H
#define FRONTDESK_TEST_FIXTURE_H

#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/fd.h"

static inline void fx_berlin(void)
{
	setenv("TZ", "Europe/Berlin", 1);
	tzset();
}

/* A fresh database in memory, set up for country code 49 at now. */
static inline void fx_open_memory(struct fd **fd, struct fd_err *err, time_t now)
{
	struct fd_open_opts o = {0};
	o.memory = 1;
	o.uid_override = -1;
	memset(err, 0, sizeof *err);
	*fd = NULL;
	cr_assert_eq(fd_open(&o, fd, err), 0, "fd_open: %s", err->msg);
	cr_assert_eq(fd_init(*fd, 49, now, err), 0, "fd_init: %s", err->msg);
}

/* dir (size bytes) becomes a new directory /tmp/fd-NAME.XXXXXX. */
static inline void fx_tmpdir(char *dir, size_t size, const char *name)
{
	snprintf(dir, size, "/tmp/fd-%s.XXXXXX", name);
	cr_assert_not_null(mkdtemp(dir));
}

static inline void fx_rmdir(const char *dir)
{
	char cmd[256];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	if (system(cmd) != 0)
		cr_log_warn("cannot remove %s", dir);
}

/* rc must be a refusal with this code whose message contains part and
 * reads like ours: no full stop (the first word may be a name, so capitals
 * are allowed).  err is cleared for the next step. */
static inline void fx_refused(struct fd_err *err, int rc, int code, const char *part)
{
	cr_assert_eq(rc, -1, "accepted, expected a refusal containing \"%s\"", part);
	cr_assert_eq(err->code, code, "code %d, expected %d: %s", err->code, code, err->msg);
	cr_assert(strstr(err->msg, part) != NULL, "message \"%s\" lacks \"%s\"", err->msg, part);
	cr_assert_neq(err->msg[strlen(err->msg) - 1], '.', "message ends with '.': %s", err->msg);
	memset(err, 0, sizeof *err);
}

#endif
