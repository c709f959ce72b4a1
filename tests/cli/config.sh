#!/bin/sh
# Settings from the configuration file reach the program; the database's
# own value wins over the file's default.
# Usage: sh tests/cli/config.sh ./frontdesk
set -u
. "$(dirname "$0")/lib.sh"
expect() { # name haystack needle
	case $2 in *"$3"*) ok "$1" ;; *) no "$1" "wanted \"$3\" in: $2" ;; esac
}

"$FD" --db "$T/f.db" init >/dev/null
mkdir -p "$T/config/frontdesk"
printf 'business_hours = mon-sat 07:30-19:00\nescalate_deputy = 2h\n' > "$T/config/frontdesk/config"
expect "business hours from the file" "$("$FD" --db "$T/f.db" report 2>&1)" "Mon-Sat 07:30-19:00"
sqlite3 "$T/f.db" "INSERT INTO meta VALUES ('report_hours', '09:00-17:00')"
expect "the database's value wins" "$("$FD" --db "$T/f.db" report 2>&1)" "Mon-Sat 09:00-17:00"
printf 'database = %s\n' "$T/f.db" > "$T/config/frontdesk/config"
"$FD" staff list >/dev/null 2>&1 && ok "database path from the file" || no "database path from the file" "exit $?"
printf 'colour = on\n' > "$T/config/frontdesk/config"
out=$("$FD" --db "$T/f.db" staff list 2>&1); rc=$?
[ $rc = 2 ] && ok "unknown key: exit 2" || no "unknown key: exit 2" "exit $rc"
expect "unknown key named with file and line" "$out" "config:1: unknown key \"colour\""
finish
