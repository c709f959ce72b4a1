/*
 * cmd: what a subcommand handler sees (tui/cli.c parses, handlers in
 * tui/cli.c and tui/cmd_*.c run).  One row of the command table in cli.c
 * per subcommand.
 */
#ifndef FRONTDESK_CMD_H
#define FRONTDESK_CMD_H

#include <time.h>

#include "core/fd.h"

#define MAX_OPTS 16
#define MAX_POS 8

struct optspec {
	const char *name;
	int has_arg;
};

struct cmd;

struct ctx {
	const struct cmd *cmd;
	struct fd *fd;
	int json;
	time_t now;
	const char *val[MAX_OPTS];  /* by index into cmd->opts */
	int set[MAX_OPTS];
	const char *pos[MAX_POS];
	int npos;
	struct fd_err err;
};

struct cmd {
	const char *name;          /* "staff add" */
	int (*run)(struct ctx *c);
	const char *usage;
	const char *help;
	struct optspec opts[MAX_OPTS];
	int min_pos, max_pos;
	int db;                    /* 0: no database; 1: existing; 2: create */
};

/* The value of an option ("" for a flag), NULL when not given. */
const char *opt(struct ctx *c, const char *name);
int flag(struct ctx *c, const char *name);
/* Print c->err and return its exit status. */
int fail(struct ctx *c);
/* Print a usage error for cmd (NULL: general) and return 2. */
int usage_error(const struct cmd *cmd, const char *fmt, const char *arg);

/* tui/cmd_report.c */
int cmd_report(struct ctx *c);
int cmd_export(struct ctx *c);

/* tui/cmd_queue.c */
int cmd_callback_note(struct ctx *c);
int cmd_callback_show(struct ctx *c);
int cmd_callback_dial(struct ctx *c);
int cmd_remind(struct ctx *c);
/* struct callback.escalated as a word: NULL, "deputy", "supervisor" */
const char *cmd_escalated_name(int escalated);

/* tui/cmd_upkeep.c */
int cmd_backup(struct ctx *c);
int cmd_verify(struct ctx *c);
int cmd_setup_shared(struct ctx *c);

/* tui/cmd_privacy.c */
int cmd_contact_show(struct ctx *c);
int cmd_contact_forget(struct ctx *c);
int cmd_purge(struct ctx *c);

/* tui/shell.c */
int cmd_shell(struct ctx *c);

/* tui/cmd_import.c */
int cmd_import(struct ctx *c);

/* tui/cli.c, for the shell: the command table, and the global options of
 * the running cli_main (--db, --as, --json; NULL/0 when not given) */
const struct cmd *cli_command_table(size_t *n);
void cli_global_options(const char **db_path, const char **as, int *json);

#endif
