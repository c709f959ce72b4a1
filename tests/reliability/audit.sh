#!/bin/sh
# The audit trail's hash chain: 'frontdesk verify' passes on an untouched
# database and names the first row changed behind the program's back
# (edited, removed, inserted without a hash).
# usage: sh tests/reliability/audit.sh ./frontdesk
. "$(dirname "$0")/lib.sh"
db=$T/audit.db
new_db "$db" 2 || { not_ok "a new database"; finish; }
for i in 1 2 3 4 5; do
	"$FD" --db "$db" call log --for s1 --from "+493099900000$i" --callback >/dev/null
done
"$FD" --db "$db" callback attempt 1 --result no-answer >/dev/null

run() {
	"$@" >"$T/out" 2>"$T/err"
	rc=$?
	out=$(cat "$T/out")
	err=$(cat "$T/err")
}
rows=$(sql_ro "$db" 'SELECT count(*) FROM audit')
run "$FD" --db "$db" verify
expect "untouched: verify exits 0, counts every row ($rows)" \
	[ $rc -eq 0 -a -n "$(echo "$out" | grep -F "audit trail: $rows rows, chain intact")" ]
expect "every row has a hash and the link to the one before" \
	[ "$(sql_ro "$db" "SELECT count(*) FROM audit WHERE length(hash) = 64 AND prev_hash IS NOT NULL")" = "$rows" ]
head=$(echo "$out" | sed -n 's/^newest hash: \([0-9a-f]*\).*/\1/p')
expect "the newest hash is printed" [ "$head" = "$(sql_ro "$db" 'SELECT hash FROM audit ORDER BY id DESC LIMIT 1')" ]

# tamper with copies (sqlite3 ignores the program, as an intruder would)
tamper() {
	cp "$db" "$T/t.db"
	[ -f "$db-wal" ] && cp "$db-wal" "$T/t.db-wal"
	rm -f "$T/t.db-shm"
	sqlite3 -batch "$T/t.db" "$1"
}
tamper "UPDATE audit SET uid = 4242 WHERE id = 4"
run "$FD" --db "$T/t.db" verify
expect "an edited row: exits 1, names row 4" [ $rc -eq 1 -a -n "$(echo "$err" | grep -F 'row 4:' | grep -F 'does not match its hash')" ]
tamper "DELETE FROM audit WHERE id = 3"
run "$FD" --db "$T/t.db" verify
expect "a removed row: exits 1, names the row after it" [ $rc -eq 1 -a -n "$(echo "$err" | grep -F 'row 4:' | grep -F 'does not follow')" ]
tamper "INSERT INTO audit(at, uid, action, entity, entity_id) VALUES (0, 0, 'staff.add', 'staff', 99)"
run "$FD" --db "$T/t.db" verify
expect "a row slipped in without a hash: exits 1" [ $rc -eq 1 -a -n "$(echo "$err" | grep -F 'has no hash')" ]
tamper "UPDATE audit SET action = 'init', hash = hash WHERE id = 2"
run "$FD" --db "$T/t.db" --json verify
expect "--json: intact false, bad_row 2" \
	[ $rc -eq 1 -a -n "$(echo "$out" | grep -F '"intact":false' | grep -F '"bad_row":2')" ]
# rows from before the chain existed are counted, not condemned
# (a database from before the chain: no hashes; new rows chain from there)
tamper "UPDATE audit SET hash = NULL, prev_hash = NULL"
"$FD" --db "$T/t.db" call log --for s2 --from +4930999000009 >/dev/null
run "$FD" --db "$T/t.db" verify
expect "rows from before the chain: counted, the rest intact" \
	[ $rc -eq 0 -a -n "$(echo "$out" | grep -F "the first $rows written before the chain existed")" ]
run "$FD" --db "$db" verify
expect "the original is still intact" [ $rc -eq 0 ]
finish
