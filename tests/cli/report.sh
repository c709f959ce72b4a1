#!/bin/sh
# Command-line tests for 'frontdesk report' and 'frontdesk export'.
# usage: sh tests/cli/report.sh [./frontdesk]
# The fixture is built through the command line at the real current time, so
# only figures that do not depend on the clock are compared.
FD=${1:-./frontdesk}
case $FD in /*) ;; *) FD=$(pwd)/$FD ;; esac
T=$(mktemp -d "${TMPDIR:-/tmp}/fdreport.XXXXXX") || exit 1
trap 'rm -rf "$T"' EXIT INT TERM
export LANG=C.UTF-8 TZ=Europe/Berlin HOME="$T" XDG_DATA_HOME="$T/data" XDG_CONFIG_HOME="$T/config"
unset FRONTDESK_DB
DB="$T/fd.db"
pass=0 fail=0

ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); printf 'FAIL: %s\n' "$1"; [ -n "$2" ] && printf '%s\n' "$2" | sed 's/^/    /'; }
fd() { "$FD" --db "$DB" "$@"; }
# expect STATUS NAME -- COMMAND...: run, keep stdout/stderr in $out/$err
expect() {
	want=$1 name=$2
	shift 3
	"$@" >"$T/out" 2>"$T/err"
	got=$?
	out=$(cat "$T/out") err=$(cat "$T/err")
	if [ "$got" -eq "$want" ]; then ok; else bad "$name: exit $got, want $want" "$out$err"; fi
}
contains() { # NAME HAYSTACK NEEDLE
	case $2 in *"$3"*) ok ;; *) bad "$1: no \"$3\"" "$2" ;; esac
}
lacks() {
	case $2 in *"$3"*) bad "$1: unexpected \"$3\"" "$2" ;; *) ok ;; esac
}

# ---- fixture through the command line ----
{
	fd init &&
	fd staff add --name "Sue Visor" --login sue --ext 201 --department Sales --role supervisor &&
	fd staff add --name "Emil Ployee" --login emil --ext 202 --department Support --role employee &&
	fd call log --for emil --from "+49 30 1111111" --name "Berta Third" --callback &&
	fd callback attempt 1 --result no-answer &&
	fd callback attempt 1 --result busy &&
	fd callback attempt 1 --result reached &&
	fd call log --for sue --from "+49 30 2222222" --name "Nora Never" --callback &&
	fd call log --for sue --from "+49 30 2222222" --callback &&
	fd call log --for emil --from "+49 30 3333333" --name "=HYPERLINK(\"http://x\")" &&
	fd call log --for emil --from "+49 30 4444444" --name "Carl Connected" --outcome connected
} >"$T/setup" 2>&1 || { cat "$T/setup"; echo "0 passed, 1 failed"; exit 1; }

# ---- report ----
expect 0 "report --json" -- fd --json report
contains "report --json totals" "$out" '"total":{"unreached_calls":4,'
contains "report --json callbacks" "$out" '"callbacks":2,"attempted":1,"reached":1,"never_reached":1,"open":1,'
contains "report --json repeat callers" "$out" '"repeat_callers":1,'
contains "report --json thresholds" "$out" '{"seconds":3600,"count":1,"share":0.5000}'
contains "report --json weeks" "$out" '"weeks":[{"start":'

expect 0 "report text" -- fd report
contains "report text figures" "$out" "unreached calls"
contains "report text bars" "$out" "|#"
contains "report text histogram" "$out" "not reached |"

expect 0 "report --by department" -- fd --json report --by department
contains "by department Sales" "$out" '{"label":"Sales","unreached_calls":2,'
contains "by department Support" "$out" '{"label":"Support","unreached_calls":2,'

expect 1 "report --by person without the setting" -- fd report --by person
contains "by person refused" "$err" "works council"
expect 2 "report --by nonsense" -- fd report --by color
expect 2 "report --since garbage" -- fd report --since "not a time"

expect 0 "report --list never" -- fd --json report --list never
contains "never list" "$out" '"caller":"Nora Never"'
lacks "never list reached" "$out" '"caller":"Berta Third"'
expect 0 "report --list repeat" -- fd report --list repeat
contains "repeat list" "$out" "Nora Never"
expect 2 "report filter without --list" -- fd report --for sue

expect 1 "employee refused report" -- fd --as emil report
contains "employee refused report message" "$err" "not allowed"
expect 0 "supervisor may report" -- fd --as sue --json report

# ---- export ----
expect 0 "export calls to a file" -- fd export calls --output "$T/calls.csv"
contains "export row count (every outcome)" "$err" "5 rows written"
[ -f "$T/calls.csv" ] && ok || bad "export file missing"
head -n 1 "$T/calls.csv" | od -c | grep -q '\\r  \\n' && ok || bad "export header ends with CRLF"
csv=$(cat "$T/calls.csv")
contains "export neutralises formulas" "$csv" "'=HYPERLINK"
contains "export keeps phone numbers readable" "$csv" "'+49301111111"
lacks "export has no raw formula" "$csv" ",=HYPERLINK"
mode=$(ls -l "$T/calls.csv" | cut -c1-10)
[ "$mode" = "-rw-------" ] && ok || bad "export file mode $mode, want -rw-------"

cp "$T/calls.csv" "$T/calls.before"
expect 1 "export refuses to overwrite" -- fd export calls --output "$T/calls.csv"
contains "overwrite message" "$err" "exists already"
cmp -s "$T/calls.csv" "$T/calls.before" && ok || bad "the existing file was changed"

ln -s "$T/target.csv" "$T/link.csv"
expect 1 "export refuses a symlink" -- fd export callbacks --output "$T/link.csv"
contains "symlink message" "$err" "symbolic link"
[ ! -e "$T/target.csv" ] && ok || bad "the link's target was created"
ln -s "$T/calls.before" "$T/link2.csv"
expect 1 "export refuses a symlink to a file" -- fd export callbacks --output "$T/link2.csv"
cmp -s "$T/calls.csv" "$T/calls.before" && ok || bad "the link's target was changed"

expect 1 "employee refused export" -- fd --as emil export calls --output "$T/emp.csv"
[ ! -e "$T/emp.csv" ] && ok || bad "a refused export left a file"

expect 0 "export callbacks json" -- fd export callbacks --format json
contains "export json" "$out" '"status":"done"'
case $out in "["*) ok ;; *) bad "export json starts with [" "$out" ;; esac
expect 0 "export --json" -- fd --json export contacts
contains "export --json contacts" "$out" '"name":"Berta Third"'

expect 0 "export --bom" -- fd export contacts --bom --output "$T/bom.csv"
[ "$(head -c 3 "$T/bom.csv" | od -An -tx1 | tr -d ' \n')" = "efbbbf" ] && ok || bad "no BOM"
expect 2 "export unknown kind" -- fd export staff
expect 2 "export unknown format" -- fd export calls --format xml
expect 2 "export --bom with json" -- fd export calls --format json --bom

# ---- figures agree with the export ----
expect 0 "export callbacks csv" -- fd export callbacks
n=$(printf '%s\n' "$out" | tail -n +2 | grep -c .)
[ "$n" -eq 2 ] && ok || bad "export callbacks rows: $n, want 2" "$out"

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
