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

# ---- one department's figures, counted by hand ----
# Support (emil): Berta (callback reached on the third attempt) and the
# formula caller (no callback); Carl was connected.  Sales (sue): Nora
# twice, one callback never tried.
expect 0 "report --department Support" -- fd --json report --department Support
contains "department named in the JSON" "$out" '"department":"Support","person":null'
contains "Support: unreached calls" "$out" '"total":{"unreached_calls":2,'
contains "Support: callbacks" "$out" '"callbacks":1,"attempted":1,"reached":1,"never_reached":0,"open":0,"overdue":0,"repeat_callers":0,'
support=$out
expect 0 "report --department Sales" -- fd --json report --department Sales
contains "Sales: unreached calls" "$out" '"total":{"unreached_calls":2,'
contains "Sales: callbacks" "$out" '"callbacks":1,"attempted":0,"reached":0,"never_reached":1,"open":1,'
contains "Sales: repeat caller" "$out" '"repeat_callers":1,'
contains "Sales: never reached, no median" "$out" '"reached_median_s":null,'
expect 0 "report --department text" -- fd report --department Support
contains "text names the department" "$out" "department            Support"
contains "text: Support's unreached calls" "$out" "unreached calls            2"
expect 2 "report --department unknown" -- fd report --department Sails
contains "unknown department named" "$err" '"Sails"'
expect 2 "the log with an unknown department: the same error, not an empty list" -- \
	fd report --list all --department Sails
contains "log: unknown department named" "$err" 'nobody works in a department called "Sails"'
expect 1 "report --person without the setting" -- fd report --person emil
contains "--person refused" "$err" "works council"
expect 2 "report --person with --list" -- fd report --list all --person emil
contains "--person with --list: the log's filter" "$err" "--for"
expect 2 "the log's filters still need --list" -- fd report --department Support --status open

if command -v python3 >/dev/null 2>&1; then
	# the department's figures are its row by department, and the export
	# filtered to the department counts the same
	fd --json report --by department >"$T/bydept.json" 2>&1
	printf '%s\n' "$support" >"$T/support.json"
	fd export calls --output "$T/dcalls.csv" 2>/dev/null
	fd export callbacks --output "$T/dcbs.csv" 2>/dev/null
	agree=$(python3 - "$T" <<'PY'
import csv, json, sys
t = sys.argv[1]
total = json.load(open(t + "/support.json"))["total"]
row = [g for g in json.load(open(t + "/bydept.json"))["groups"] if g["label"] == "Support"][0]
row.pop("label")
if total != row:
    print("by department row differs:", total, row); sys.exit(0)
calls = [r for r in csv.DictReader(open(t + "/dcalls.csv", newline=""))
         if r["department"] == "Support" and r["outcome"] == "unreached"]
cbs = [r for r in csv.DictReader(open(t + "/dcbs.csv", newline="")) if r["department"] == "Support"]
got = (len(calls), len(cbs), sum(1 for r in cbs if r["to_reached_s"]), sum(1 for r in cbs if r["status"] == "open"))
want = (total["unreached_calls"], total["callbacks"], total["reached"], total["open"])
print("ok" if got == want else "export %s, report %s" % (got, want))
PY
)
	[ "$agree" = ok ] && ok || bad "--department agrees with --by department and the export" "$agree"
fi
if command -v sqlite3 >/dev/null 2>&1; then
	sqlite3 "$DB" "INSERT OR REPLACE INTO meta VALUES ('report_per_person', '1')"
	expect 0 "report --person with the setting" -- fd --json report --person emil
	contains "person named in the JSON" "$out" '"department":null,"person":"emil"'
	contains "emil: calls for him, his callback" "$out" '"total":{"unreached_calls":2,"after_hours":'
	contains "emil: his callback reached" "$out" '"callbacks":1,"attempted":1,"reached":1,'
	expect 0 "report --department Sales --person emil" -- fd --json report --department Sales --person emil
	contains "emil in Sales: nothing" "$out" '"total":{"unreached_calls":0,"after_hours":0,"callbacks":0,'
	sqlite3 "$DB" "DELETE FROM meta WHERE key = 'report_per_person'"
fi

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
