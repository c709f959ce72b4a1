#!/bin/sh
# Many processes logging calls and working callbacks on one database at
# once, with backups taken meanwhile.  Afterwards every write the program
# reported as saved is in the database exactly once, nothing it reported as
# failed is, the file is intact, and no process ever printed "locked"/"busy".
# usage: sh tests/reliability/stress.sh ./frontdesk [PROCS] [SECONDS]
. "$(dirname "$0")/lib.sh"
procs=${2:-16}
secs=${3:-10}
db=$T/stress.db
out=$T/out
mkdir -p "$out"

build_driver || { not_ok "the driver compiles"; finish; }
new_db "$db" 4 || { not_ok "a new database"; finish; }

"$T/driver" -f "$FD" -d "$db" -o "$out" -p "$procs" -t "$secs" -s 4 -r 1 >"$T/figures" 2>"$T/driver.err" &
drv=$!
cleanup_hooks="kill $drv 2>/dev/null; wait $drv 2>/dev/null;"

# backups while the writers run: one every ~2 s until the driver is done
n=0
bad_backup=""
while kill -0 "$drv" 2>/dev/null; do
	n=$((n + 1))
	if ! "$FD" --db "$db" backup "$T/backup$n.db" >"$T/backup$n.out" 2>&1; then
		bad_backup="$bad_backup backup$n: $(cat "$T/backup$n.out")"
	else
		# untouched, for the restore below (opening a backup changes it)
		cp "$T/backup$n.db" "$T/pristine.db"
	fi
	# sleep in slices so the loop ends soon after the driver
	i=0
	while [ $i -lt 20 ] && kill -0 "$drv" 2>/dev/null; do
		sleep 0.1
		i=$((i + 1))
	done
done
wait "$drv"
drv_rc=$?
cleanup_hooks=""
figures=$(cat "$T/figures")
echo "# stress: $figures"
expect "the driver ran ($procs processes, $secs s)" [ "$drv_rc" -eq 0 ]
[ -s "$T/driver.err" ] && cat "$T/driver.err"

fails=$(echo "$figures" | sed -n 's/.* failed \([0-9]*\), killed.*/\1/p')
rfails=$(echo "$figures" | sed -n 's/.*reads failed \([0-9]*\),.*/\1/p')
saved=$(echo "$figures" | sed -n 's/.* saved \([0-9]*\),.*/\1/p')
expect "no write failed (${fails:-?} failed)" [ "${fails:-1}" -eq 0 ]
expect "no read failed (${rfails:-?} failed)" [ "${rfails:-1}" -eq 0 ]
expect "writes were made (${saved:-0} saved)" [ "${saved:-0}" -ge "$procs" ]

if cat "$out"/w*.err | grep -qiE 'locked|busy'; then
	not_ok "no 'locked' or 'busy' on stderr"
	cat "$out"/w*.err | grep -iE 'locked|busy' | sort | uniq -c | head -5
else
	ok "no 'locked' or 'busy' on stderr"
fi
if [ -n "$(cat "$out"/w*.err)" ]; then
	not_ok "nothing on stderr"
	cat "$out"/w*.err | sort | uniq -c | sort -rn | head -5
else
	ok "nothing on stderr"
fi

problems=$(check_confirmed "$db" "$out" 1 2>&1)
if [ -z "$problems" ]; then
	ok "every saved write is in the database once, nothing else is"
else
	not_ok "every saved write is in the database once, nothing else is"
	echo "$problems" | head -10 | sed 's/^/#   /'
fi
expect "integrity_check and foreign_key_check" integrity_ok "$db"
expect "frontdesk verify: the audit chain is intact" quiet "$FD" --db "$db" verify

wal=$(wc -c <"$db-wal" 2>/dev/null || echo 0)
echo "# stress: WAL file after the run: $((wal / 1024)) KiB"
expect "the WAL is checkpointed (under 8 MiB)" [ "$wal" -lt 8388608 ]

# backups taken while everything above was writing
expect "$n backups taken during the run" [ -z "$bad_backup" ]
[ -n "$bad_backup" ] && echo "# $bad_backup"
good=0
i=1
while [ $i -le $n ]; do
	if [ -f "$T/backup$i.db" ] && integrity_ok "$T/backup$i.db" &&
		"$FD" --db "$T/backup$i.db" calls --limit 1 >/dev/null &&
		"$FD" --db "$T/backup$i.db" verify >/dev/null; then
		good=$((good + 1))
	fi
	i=$((i + 1))
done
expect "each backup is intact and opens ($good of $n)" [ "$good" -eq "$n" ]

# restore the last one as frontdesk(1) says: the database, its -wal and
# -shm moved away, the backup copied into place
if [ -f "$T/pristine.db" ]; then
	want=$(sql_ro "$T/pristine.db" 'SELECT count(*) FROM call')
	mkdir "$T/broken"
	mv "$db" "$db-wal" "$db-shm" "$T/broken/"
	cp "$T/pristine.db" "$db"
	expect "restore: verify passes" quiet "$FD" --db "$db" verify
	expect "restore: the backup's $want calls are there" [ "$(sql_ro "$db" 'SELECT count(*) FROM call')" = "$want" ]
	expect "restore: writing goes on" quiet "$FD" --db "$db" call log --for s1 --from +4930999888777
	expect "restore: still verifies" quiet "$FD" --db "$db" verify
fi
finish
