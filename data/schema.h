/*
 * schema: the numbered migrations of the frontdesk database.  Migration N
 * takes a database at user_version N-1 to N; each runs in one transaction.
 */
#ifndef FRONTDESK_SCHEMA_H
#define FRONTDESK_SCHEMA_H

extern const char *const db_migrations[];
extern const int db_n_migrations;

#endif
