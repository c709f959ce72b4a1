#!/bin/sh
# What goes wrong around the database: no permission, another program
# holding it, a wrong, damaged or newer file, a file-size limit, a full disk,
# a typo in --db.  Each time: a clear message, exit 1, and the database
# unchanged or consistent.
# usage: sh tests/reliability/faults.sh ./frontdesk
. "$(dirname "$0")/lib.sh"

chmod 755 "$T"
base=$T/base.db
new_db "$base" 2 || { not_ok "a new database"; finish; }
"$FD" --db "$base" staff add --name Nobody --login nobody --role receptionist >/dev/null
"$FD" --db "$base" call log --for s1 --from +4930999000001 --subject first >/dev/null

# snap DB: a fingerprint of the database and its WAL (not -shm: read locks)
snap() { cat "$1" "$1-wal" 2>/dev/null | cksum; }
count_calls() { sql_ro "$1" 'SELECT count(*) FROM call'; }
# a copy of the base database, checkpointed into one file (no -wal beside it)
copy_db() {
	mkdir -p "$(dirname "$2")"
	sqlite3 -batch "$1" '.backup main '"'$2'" || return 1
}
# run: RC OUT ERR from a command (stdout and stderr kept apart)
run() {
	"$@" >"$T/out" 2>"$T/err"
	rc=$?
	out=$(cat "$T/out")
	err=$(cat "$T/err")
}
# says PATTERN...: stderr has every pattern and no raw SQLite wording
says() {
	for p in "$@"; do
		printf '%s' "$err" | grep -qiF -- "$p" || { echo "#   stderr: $err" >&2; return 1; }
	done
	if printf '%s' "$err" | grep -qiE 'unable to open database file|database is locked|SQLITE_'; then
		echo "#   raw SQLite wording: $err" >&2
		return 1
	fi
}
can_drop=0
if [ "$(id -u)" = 0 ] && command -v setpriv >/dev/null 2>&1 && id nobody >/dev/null 2>&1; then
	can_drop=1
fi
as_nobody() { setpriv --reuid=nobody --regid="$(id -g nobody)" --clear-groups "$@"; }

# ---- permissions (root ignores them: run as nobody) ----
if [ $can_drop = 1 ]; then
	d=$T/ro
	copy_db "$base" "$d/db"
	"$FD" --db "$d/db" calls >/dev/null     # make -wal, -shm, -lock as root
	chmod 755 "$d"
	chmod 644 "$d"/db*
	before=$(snap "$d/db")
	run as_nobody "$FD" --db "$d/db" calls
	expect "read-only file: reading works" [ $rc -eq 0 ]
	run as_nobody "$FD" --db "$d/db" call log --for s1 --from +4930999000002
	expect "read-only file: a write exits 1 and names the file" \
		[ $rc -eq 1 -a -n "$(says "$d/db" "not writable for you" && echo y)" ]
	expect "read-only file: unchanged" [ "$(snap "$d/db")" = "$before" ]

	d=$T/rodir
	copy_db "$base" "$d/db"
	chmod 666 "$d/db"
	chmod 755 "$d"
	before=$(snap "$d/db")
	run as_nobody "$FD" --db "$d/db" calls
	expect "read-only directory: exits 1 and names the directory" \
		[ $rc -eq 1 -a -n "$(says "directory $d is not writable for you" && echo y)" ]
	expect "read-only directory: nothing created, file unchanged" \
		[ "$(ls "$d")" = db -a "$(snap "$d/db")" = "$before" ]
	# the same directory with every file in place and writable: works
	"$FD" --db "$d/db" calls >/dev/null
	chmod 666 "$d"/db*
	run as_nobody "$FD" --db "$d/db" call log --for s1 --from +4930999000003
	expect "read-only directory, files in place: a write works" [ $rc -eq 0 ]
else
	echo "# skipped: permission cases (need root and setpriv to run as nobody)"
fi

# ---- another program holds the database for a long time ----
d=$T/held
copy_db "$base" "$d/db"
"$FD" --db "$d/db" calls >/dev/null
mkfifo "$T/hold"
sqlite3 -batch "$d/db" <"$T/hold" >"$T/holder.out" 2>&1 &
holder=$!
exec 3>"$T/hold"
cleanup_hooks="exec 3>&-; kill $holder 2>/dev/null;"
echo "BEGIN IMMEDIATE; INSERT INTO meta VALUES ('held', 'by sqlite3'); SELECT 'holding';" >&3
i=0
while ! grep -q holding "$T/holder.out" 2>/dev/null && [ $i -lt 100 ]; do
	sleep 0.05
	i=$((i + 1))
done
# and our own lock file held by a stuck process, on a second copy
d2=$T/held2
copy_db "$base" "$d2/db"
"$FD" --db "$d2/db" calls >/dev/null
flock "$d2/db-lock" sh -c 'echo locked >"$0"; while [ -e "$0" ]; do sleep 0.05; done' "$T/flocked" 3>&- &
flocker=$!
cleanup_hooks="$cleanup_hooks rm -f '$T/flocked'; kill $flocker 2>/dev/null;"
i=0
while [ ! -e "$T/flocked" ] && [ $i -lt 100 ]; do
	sleep 0.05
	i=$((i + 1))
done
n_before=$(count_calls "$d/db")
n2_before=$(count_calls "$d2/db")
before2=$(snap "$d2/db")
# both writers wait at once (10 s each)
"$FD" --db "$d/db" call log --for s1 --from +4930999000004 >"$T/w1.out" 2>"$T/w1.err" 3>&- &
w1=$!
"$FD" --db "$d2/db" call log --for s1 --from +4930999000005 >"$T/w2.out" 2>"$T/w2.err" 3>&- &
w2=$!
run "$FD" --db "$d/db" calls
expect "held by sqlite3: reading works meanwhile" [ $rc -eq 0 ]
run "$FD" --db "$d2/db" calls
expect "lock file held: reading works meanwhile" [ $rc -eq 0 ]
wait $w1
rc=$?
err=$(cat "$T/w1.err")
expect "held by sqlite3: a write exits 1 with 'busy, try again'" \
	[ $rc -eq 1 -a -n "$(says busy "try again" && echo y)" ]
wait $w2
rc=$?
err=$(cat "$T/w2.err")
expect "lock file held: a write exits 1 with 'busy, try again'" \
	[ $rc -eq 1 -a -n "$(says busy "try again" "$d2/db-lock" && echo y)" ]
exec 3>&-
wait $holder
rm -f "$T/flocked"
wait $flocker
cleanup_hooks=""
expect "held by sqlite3: nothing half-written" \
	[ "$(count_calls "$d/db")" = "$n_before" -a -z "$(sql_ro "$d/db" "SELECT 1 FROM meta WHERE key = 'held'")" ]
expect "lock file held: unchanged" [ "$(snap "$d2/db")" = "$before2" ]
run "$FD" --db "$d/db" call log --for s1 --from +4930999000006
expect "held by sqlite3: once released, writing works" [ $rc -eq 0 ]

# a reader holding a snapshot never blocks a writer
mkfifo "$T/read"
sqlite3 -batch "$d/db" <"$T/read" >"$T/reader.out" 2>&1 &
reader=$!
exec 4>"$T/read"
cleanup_hooks="exec 4>&-; kill $reader 2>/dev/null;"
echo "BEGIN; SELECT 'reading', count(*) FROM call;" >&4
i=0
while ! grep -q reading "$T/reader.out" 2>/dev/null && [ $i -lt 100 ]; do
	sleep 0.05
	i=$((i + 1))
done
run "$FD" --db "$d/db" call log --for s1 --from +4930999000007
expect "a long reader does not block a writer" [ $rc -eq 0 ]
exec 4>&-
wait $reader
cleanup_hooks=""

# ---- the wrong file ----
echo "meeting notes" >"$T/notes.txt"
before=$(cksum <"$T/notes.txt")
run "$FD" --db "$T/notes.txt" calls
expect "a text file: exits 1, 'not a frontdesk database'" \
	[ $rc -eq 1 -a -n "$(says "not a frontdesk database" && echo y)" ]
expect "a text file: unchanged, nothing beside it" \
	[ "$(cksum <"$T/notes.txt")" = "$before" -a "$(ls "$T" | grep -c '^notes.txt')" = 1 ]
sqlite3 -batch "$T/other.db" 'CREATE TABLE t(x); INSERT INTO t VALUES (1)'
before=$(cksum <"$T/other.db")
run "$FD" --db "$T/other.db" call log --for s1 --from +4930999000008
expect "another program's SQLite file: exits 1, 'not a frontdesk database'" \
	[ $rc -eq 1 -a -n "$(says "not a frontdesk database" && echo y)" ]
expect "another program's SQLite file: unchanged, nothing beside it" \
	[ "$(cksum <"$T/other.db")" = "$before" -a "$(ls "$T" | grep -c '^other.db')" = 1 ]

# ---- damage ----
copy_db "$base" "$T/dmg/good.db"
size=$(wc -c <"$T/dmg/good.db")
cp "$T/dmg/good.db" "$T/dmg/cut.db"
truncate -s $((size / 2)) "$T/dmg/cut.db"
before=$(cksum <"$T/dmg/cut.db")
run "$FD" --db "$T/dmg/cut.db" calls
expect "a truncated file: exits 1, 'damaged' and 'backup'" \
	[ $rc -eq 1 -a -n "$(says damaged backup && echo y)" ]
expect "a truncated file: unchanged" [ "$(cksum <"$T/dmg/cut.db")" = "$before" ]
cp "$T/dmg/good.db" "$T/dmg/garbled.db"
pages=$((size / 4096))
dd if=/dev/urandom of="$T/dmg/garbled.db" bs=4096 seek=$((pages / 2)) count=2 conv=notrunc 2>/dev/null
before=$(cksum <"$T/dmg/garbled.db")
run "$FD" --db "$T/dmg/garbled.db" verify
expect "garbled pages: verify exits 1, 'damaged'" [ $rc -eq 1 -a -n "$(says damaged && echo y)" ]
expect "garbled pages: verify changed nothing" [ "$(cksum <"$T/dmg/garbled.db")" = "$before" ]

# ---- a newer program's database ----
copy_db "$base" "$T/newer.db"
sqlite3 -batch "$T/newer.db" 'PRAGMA user_version = 999'
before=$(snap "$T/newer.db")
run "$FD" --db "$T/newer.db" calls
expect "a newer schema: exits 1, 'newer frontdesk'" \
	[ $rc -eq 1 -a -n "$(says "newer frontdesk" upgrade && echo y)" ]
expect "a newer schema: unchanged" [ "$(snap "$T/newer.db")" = "$before" ]

# ---- a file-size limit ----
d=$T/fsize
copy_db "$base" "$d/db"
"$FD" --db "$d/db" call log --for s1 --from +4930999000010 >/dev/null
n_before=$(count_calls "$d/db")
kib=$(( ($(wc -c <"$d/db-wal") + 1023) / 1024 ))
# bash: ulimit -f counts KiB there (dash counts 512-byte blocks)
run bash -c 'ulimit -f "$1"; shift; exec "$@"' sh "$kib" "$FD" --db "$d/db" call log --for s1 --from +4930999000011 --callback
expect "ulimit -f: exits 1, names the size limit" [ $rc -eq 1 -a -n "$(says "file size limit" && echo y)" ]
expect "ulimit -f: nothing half-written, file intact" \
	[ "$(count_calls "$d/db")" = "$n_before" -a -n "$(integrity_ok "$d/db" && echo y)" ]
run bash -c 'ulimit -f 8; shift; exec "$@"' sh 8 "$FD" --db "$d/db" backup "$d/copy.db"
expect "ulimit -f: a backup fails cleanly, leaving no file" [ $rc -eq 1 -a ! -e "$d/copy.db" ]

# ---- a full disk ----
mnt=$T/full
mkdir -p "$mnt"
if [ "$(id -u)" = 0 ] && mount -t tmpfs -o size=640k tmpfs "$mnt" 2>/dev/null; then
	cleanup_hooks="umount '$mnt' 2>/dev/null;"
	new_db "$mnt/db" 1
	head -c 131072 /dev/zero >"$mnt/filler"
	saved=0
	i=0
	rc=0
	while [ $i -lt 300 ]; do
		i=$((i + 1))
		run "$FD" --db "$mnt/db" call log --for s1 --from "+49309991$((10000 + i))" --callback
		[ $rc -ne 0 ] && break
		saved=$((saved + 1))
	done
	echo "# full disk: $saved calls saved before the disk was full"
	expect "disk full: exits 1, 'disk is full'" [ $rc -eq 1 -a -n "$(says "disk is full" && echo y)" ]
	expect "disk full: every saved call there, file intact" \
		[ "$(count_calls "$mnt/db")" = "$saved" -a -n "$(integrity_ok "$mnt/db" && echo y)" ]
	run "$FD" --db "$mnt/db" backup "$mnt/copy.db"
	expect "disk full: a backup fails cleanly, leaving no file" [ $rc -eq 1 -a ! -e "$mnt/copy.db" ]
	rm -f "$mnt/filler"
	run "$FD" --db "$mnt/db" call log --for s1 --from +4930999200000
	expect "disk full: with space freed, writing works again" [ $rc -eq 0 ]
	expect "disk full: the audit chain is intact" quiet "$FD" --db "$mnt/db" verify
	umount "$mnt"
	cleanup_hooks=""
else
	echo "# skipped: full disk (cannot mount a small tmpfs here; ulimit -f above stands in)"
fi

# ---- a typo never creates a file ----
run "$FD" --db "$T/typo.db" calls
expect "--db typo: exits 1, says how to make one" [ $rc -eq 1 -a -n "$(says "$T/typo.db" init && echo y)" ]
run "$FD" --db "$T/typo.db" call log --for s1 --from +4930999000012
expect "--db typo on a write: exits 1" [ $rc -eq 1 ]
run env FRONTDESK_DB="$T/typo.db" "$FD" calls
expect "FRONTDESK_DB typo: exits 1" [ $rc -eq 1 ]
run "$FD" --db "$T/typo.db" backup "$T/typo-backup.db"
expect "--db typo on a backup: exits 1" [ $rc -eq 1 ]
run "$FD" --db "$T/no/such/dir/x.db" init
expect "--db in a missing directory: exits 1, names it" \
	[ $rc -eq 1 -a -n "$(says "$T/no/such/dir" "does not exist" && echo y)" ]
expect "no file or directory was created" [ -z "$(ls -d "$T"/typo* "$T/no" 2>/dev/null)" ]

# ---- a backup never overwrites ----
echo "precious" >"$T/precious"
run "$FD" --db "$base" backup "$T/precious"
expect "backup onto an existing file: exits 1, 'exists'" \
	[ $rc -eq 1 -a -n "$(says exists && echo y)" -a "$(cat "$T/precious")" = precious ]
finish
