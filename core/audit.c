#include "core/audit.h"
#include "core/sha256.h"
#include "core/util.h"

#include <stdlib.h>
#include <string.h>

void audit_hash(const char *prev_hash, time_t at, long long uid, const char *action,
                const char *entity, long long entity_id, char out[65])
{
	/* one field per line: action and entity are the program's own words,
	 * never containing a newline, so the text is unambiguous */
	char *text = xasprintf("%s\n%lld\n%lld\n%s\n%s\n%lld", prev_hash ? prev_hash : "",
	                       (long long)at, uid, action ? action : "", entity ? entity : "",
	                       entity_id);
	sha256_hex(text, strlen(text), out);
	free(text);
}

int audit_append(struct db *db, time_t at, long long uid, const char *action,
                 const char *entity, long long entity_id)
{
	/* inside the write transaction: the newest hash cannot change under us */
	char *prev = NULL, hash[65];
	if (db_audit_last_hash(db, &prev) < 0)
		return -1;
	audit_hash(prev, at, uid, action, entity, entity_id, hash);
	int rc = db_audit(db, at, uid, action, entity, entity_id, prev, hash);
	free(prev);
	return rc;
}
