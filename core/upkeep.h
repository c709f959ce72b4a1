/*
 * upkeep: keeping the store safe.  Backups, 'frontdesk verify' (the file and
 * the audit chain), the shared directory a team's database lives in, and
 * the check at start that names what is wrong with the database's place on
 * disk (a directory or companion file you may not write, a wrong group, a
 * missing setgid bit) instead of SQLite's "unable to open database file".
 * Plain C and stat(); messages say what to run.
 */
#ifndef FRONTDESK_UPKEEP_H
#define FRONTDESK_UPKEEP_H

#include <stddef.h>
#include <time.h>

#include "core/fd.h"

enum place_status {
	PLACE_OK,
	PLACE_READ_ONLY,           /* readable, but writing would fail: msg says why */
	PLACE_BAD,                 /* cannot even be read: msg says why */
};
/*
 * Can this process use the database at db_path and the files beside it
 * (-wal, -shm, -lock)?  creating: the file may be made now.  A missing
 * database that is not being created is PLACE_OK here: opening it reports
 * that.  msg gets what is wrong and what to run.
 */
enum place_status place_check(const char *db_path, int creating, char *msg, size_t n);
/* For a database in a setgid directory (a shared one): files made by this
 * process are group-readable and -writable, whatever the umask; creating:
 * a missing database file is made so (mode 0660). */
void place_prepare(const char *db_path, int creating);
/* What would stop other members of a shared directory's group: files of
 * another group or without group write, a directory without setgid.  One
 * line per problem (malloc'd), NULL when none or not shared. */
char *place_group_problems(const char *db_path);

/* Copy the database to a new file (never overwriting); admins only. */
int fd_backup(struct fd *fd, const char *path, time_t now, struct fd_err *err);

struct fd_verify {
	long long rows;            /* audit rows checked */
	long long unchained;       /* older rows, written before the chain existed */
	long long bad_row;         /* the first row that fails, 0: none */
	char head[65];             /* hash of the newest row, "" when none */
	char *problem;             /* the first problem found, NULL: intact */
	char *warnings;            /* shared-directory problems for others, or NULL */
};
void fd_verify_clear(struct fd_verify *v);
/* Check the file (integrity, references) and recompute the audit chain.
 * 0: checked, v->problem NULL when everything is intact; -1: could not. */
int fd_verify(struct fd *fd, struct fd_verify *v, struct fd_err *err);

/* Create (or repair) dir for a team: group-owned by group, mode 2770, and
 * frontdesk's files in it given to the group with g+rw.  done: what was
 * done, for people. */
int fd_setup_shared(const char *dir, const char *group, char *done, size_t n,
                    struct fd_err *err);

#endif
