/*
 * cli: the command line, frontdesk's contract with scripts and phone
 * systems.  Every subcommand is one row of the table in cli.c.
 */
#ifndef FRONTDESK_CLI_H
#define FRONTDESK_CLI_H

/* Run argv; returns the exit status (0 ok, 2 bad usage or input, 1 other). */
int cli_main(int argc, char **argv);

#endif
