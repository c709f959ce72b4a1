#!/bin/sh
# Many processes at once on a database that needs work first: the first
# morning after an upgrade (a schema-1 file, everyone starting frontdesk),
# and a new database created by several people at the same moment.  Each
# migration runs once; nobody sees an error.
# usage: sh tests/reliability/upgrade.sh ./frontdesk [PROCS]
. "$(dirname "$0")/lib.sh"
procs=${2:-16}
fixture=$HERE/../cli/fixtures/schema-v1.sql

# all: run "$@" in $procs processes at once; counts failures in $bad
all() {
	i=1
	pids=""
	while [ $i -le "$procs" ]; do
		mkdir -p "$T/runs"
		"$@" >"$T/runs/out$i" 2>"$T/runs/err$i" &
		pids="$pids $!"
		i=$((i + 1))
	done
	bad=0
	for p in $pids; do
		wait "$p" || bad=$((bad + 1))
	done
	errs=$(cat "$T"/runs/err* | sort | uniq -c | head -3)
	rm -rf "$T/runs"
}

if [ -f "$fixture" ]; then
	db=$T/old.db
	sqlite3 -batch "$db" <"$fixture"
	sqlite3 -batch "$db" "INSERT INTO meta(key, value) VALUES ('country_code', '49');
		INSERT INTO staff(name, login, ext, role) VALUES ('Olga Alt', 'olga', '210', 'employee');"
	all "$FD" --db "$db" staff list
	expect "$procs processes open a schema-1 database at once: none fails" [ $bad -eq 0 ]
	[ -n "$errs" ] && echo "#   $errs"
	ver=$(sql_ro "$db" 'PRAGMA user_version')
	expect "it is migrated (schema $ver), once, intact" \
		[ "$ver" -gt 1 -a -n "$(integrity_ok "$db" && echo y)" -a "$(sql_ro "$db" 'SELECT count(*) FROM staff')" = 1 ]
else
	echo "# skipped: no schema-1 fixture at $fixture"
fi

db=$T/new.db
all "$FD" --db "$db" init
expect "$procs processes create one new database at once: none fails" [ $bad -eq 0 ]
[ -n "$errs" ] && echo "#   $errs"
expect "it is set up once and intact" \
	[ -n "$(integrity_ok "$db" && echo y)" -a "$(sql_ro "$db" "SELECT count(*) FROM meta WHERE key = 'owner_uid'")" = 1 ]
expect "its audit chain holds every init" quiet "$FD" --db "$db" verify
finish
