/*
 * audit: the hash chain over the audit trail.  Each row stores the hash of
 * the row before it and its own hash over that and its fields, so a row
 * changed or removed afterwards breaks the chain at that point.  Without an
 * outside copy of the newest hash, removing rows from the end or rewriting
 * the whole chain is not detected: 'frontdesk verify' prints that hash so an
 * administrator can keep it elsewhere.
 */
#ifndef FRONTDESK_AUDIT_H
#define FRONTDESK_AUDIT_H

#include <time.h>

#include "data/db.h"

/* SHA-256 as 64 hex digits of prev_hash (NULL or "" for the first row) and
 * the row's fields, one per line: at, uid, action, entity, entity_id (0:
 * none). */
void audit_hash(const char *prev_hash, time_t at, long long uid, const char *action,
                const char *entity, long long entity_id, char out[65]);

/* Append one row, chained to the newest: call inside a write transaction.
 * 0 or -1 (db_errmsg). */
int audit_append(struct db *db, time_t at, long long uid, const char *action,
                 const char *entity, long long entity_id);

#endif
