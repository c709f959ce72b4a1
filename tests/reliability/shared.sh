#!/bin/sh
# 'frontdesk setup-shared DIR GROUP' and the check at start that names what
# is wrong with a shared directory: people in the group work together; a
# wrong group, a missing setgid bit or an unwritable directory are named
# with what to run, never "unable to open database file".
# Needs root (groupadd, setpriv); skipped otherwise.
# usage: sh tests/reliability/shared.sh ./frontdesk
. "$(dirname "$0")/lib.sh"

run() {
	"$@" >"$T/out" 2>"$T/err"
	rc=$?
	err=$(cat "$T/err")
}
says() {
	for p in "$@"; do
		printf '%s' "$err" | grep -qiF -- "$p" || { echo "#   stderr: $err" >&2; return 1; }
	done
	! printf '%s' "$err" | grep -qi 'unable to open database file'
}

run "$FD" setup-shared "$T/x" no-such-group-here
expect "an unknown group: exits 2, says how to make it" [ $rc -eq 2 -a -n "$(says groupadd && echo y)" ]
touch "$T/afile"
run "$FD" setup-shared "$T/afile" root
expect "DIR is a file: exits 2" [ $rc -eq 2 ]

if [ "$(id -u)" != 0 ] || ! command -v groupadd >/dev/null 2>&1 || ! command -v setpriv >/dev/null 2>&1 ||
	! id nobody >/dev/null 2>&1 || ! id daemon >/dev/null 2>&1; then
	echo "# skipped: shared directory (needs root, groupadd, setpriv, users nobody and daemon)"
	finish
fi
grp=fdrel$$
if ! groupadd "$grp" 2>/dev/null; then
	echo "# skipped: shared directory (groupadd not permitted)"
	finish
fi
cleanup_hooks="groupdel '$grp' 2>/dev/null;"
gid=$(getent group "$grp" | cut -d: -f3)
chmod 755 "$T"
team=$T/team
db=$team/frontdesk.db
# nobody and daemon, members of the group; with a umask that would keep
# the group out, were it not for the setgid directory
as() {
	who=$1
	shift
	setpriv --reuid="$who" --regid="$(id -g "$who")" --groups="$gid" sh -c 'umask 022; exec "$@"' sh "$@"
}
outsider() { setpriv --reuid=daemon --regid="$(id -g daemon)" --clear-groups "$@"; }

run "$FD" setup-shared "$team" "$grp"
expect "setup-shared: exits 0" [ $rc -eq 0 ]
expect "setup-shared: group-owned, mode 2770" [ "$(stat -c '%a %G' "$team")" = "2770 $grp" ]

run as nobody "$FD" --db "$db" init
expect "a member creates the database" [ $rc -eq 0 ]
"$FD" --db "$db" staff add --name Daemon --login daemon --role receptionist >/dev/null
"$FD" --db "$db" staff add --name Anna --login anna >/dev/null
modes=$(cd "$team" && stat -c '%n %a %G' frontdesk.db frontdesk.db-wal frontdesk.db-shm frontdesk.db-lock | sort | tr '\n' ' ')
want="frontdesk.db 660 $grp frontdesk.db-lock 660 $grp frontdesk.db-shm 660 $grp frontdesk.db-wal 660 $grp "
expect "its files: mode 660, the team's group" [ "$modes" = "$want" ]
[ "$modes" = "$want" ] || echo "#   $modes"
run as daemon "$FD" --db "$db" call log --for anna --from +4930999000001 --callback
expect "another member writes" [ $rc -eq 0 ]
run "$FD" --db "$db" verify
expect "verify: no warnings for a sound directory" [ $rc -eq 0 -a -z "$err" ]

run outsider "$FD" --db "$db" calls
expect "an outsider: exits 1, names the directory and its group" \
	[ $rc -eq 1 -a -n "$(says "$team" "group $grp" && echo y)" ]

# a file given to the wrong group (say, restored by hand as root)
chgrp root "$db-shm"
chmod 640 "$db-shm"
run as daemon "$FD" --db "$db" calls
expect "wrong group: exits 1, names the file, its group and what to run" \
	[ $rc -eq 1 -a -n "$(says "$db-shm" "group root" "setup-shared $team $grp" && echo y)" ]
run "$FD" --db "$db" verify
expect "wrong group: verify warns (as root, who is not stopped)" [ -n "$(says "warning: $db-shm" && echo y)" ]

# the setgid bit lost (and the file wrong again: root's SQLite gave it back
# to the database's group when verify opened it)
chmod g-s "$team"
chgrp root "$db-shm"
chmod 640 "$db-shm"
run as daemon "$FD" --db "$db" calls
expect "missing setgid: named along with the wrong group" \
	[ $rc -eq 1 -a -n "$(says "lacks the setgid bit" && echo y)" ]

run "$FD" setup-shared "$team" "$grp"
expect "setup-shared again repairs the directory" [ "$(stat -c '%a %G' "$team")" = "2770 $grp" ]
expect "... and the files" [ "$(stat -c '%a %G' "$db-shm")" = "660 $grp" ]
run as daemon "$FD" --db "$db" call log --for anna --from +4930999000002
expect "after the repair a member writes again" [ $rc -eq 0 ]

# the directory not writable for the group, a companion file missing
chmod g-w "$team"
rm -f "$db-lock"
run as daemon "$FD" --db "$db" calls
expect "unwritable directory: exits 1, names it and what to run" \
	[ $rc -eq 1 -a -n "$(says "$db-lock" "not writable for you" "setup-shared" && echo y)" ]
"$FD" setup-shared "$team" "$grp" >/dev/null
run as daemon "$FD" --db "$db" call log --for anna --from +4930999000003
expect "after the repair a member writes again" [ $rc -eq 0 ]
expect "the audit chain is intact" quiet "$FD" --db "$db" verify
finish
