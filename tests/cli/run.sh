#!/bin/sh
# Command-line tests: drive the real binary through whole stories and check
# exit codes, output and the database afterwards.
#
#   sh tests/cli/run.sh ./frontdesk          (from the repository root)
#   sh tests/cli/run.sh ./frontdesk ring     (only stories whose name has "ring")
#
# Each story runs in a fresh temporary directory with HOME, XDG_* and the
# locale and time zone fixed.  Needs sqlite3 and python3 (to parse --json);
# the story that acts as another Unix user needs root and setpriv or su.
set -u

if [ $# -lt 1 ]; then
	echo "usage: sh tests/cli/run.sh ./frontdesk [STORY-FILTER]" >&2
	exit 2
fi
case $1 in
/*) FD=$1 ;;
*) FD=$(pwd)/$1 ;;
esac
ONLY=${2:-}
HERE=$(cd "$(dirname "$0")" && pwd)
FIXTURES=$HERE/fixtures
if [ ! -x "$FD" ]; then
	echo "tests/cli: $FD is not an executable; build it with 'make'" >&2
	exit 2
fi
for tool in sqlite3 python3 mktemp cksum; do
	if ! command -v "$tool" >/dev/null 2>&1; then
		echo "tests/cli: $tool is needed and missing" >&2
		exit 2
	fi
done

unset FRONTDESK_DB
LANG=C.UTF-8 LC_ALL=C.UTF-8 TZ=Europe/Berlin
export LANG LC_ALL TZ

ESC=$(printf '\033')
RLO=$(printf '\342\200\256')   # U+202E RIGHT-TO-LEFT OVERRIDE

passed=0
failed=0
story=""
T=""
DB=""
rc=0
last_cmd=""

# ---- scaffolding ----

setup() {
	T=$(mktemp -d "${TMPDIR:-/tmp}/fd-cli.XXXXXX") || exit 1
	HOME=$T/home XDG_DATA_HOME=$T/data XDG_CONFIG_HOME=$T/config
	export HOME XDG_DATA_HOME XDG_CONFIG_HOME
	mkdir -p "$HOME" "$XDG_CONFIG_HOME"
	unset FRONTDESK_DB
	DB=$T/fd.db
	: >"$T/out"
	: >"$T/err"
}

teardown() {
	[ -n "$T" ] && rm -rf "$T"
	T=""
}

# run ARGS...: the binary with ARGS; rc, $T/out and $T/err hold the result.
run() {
	last_cmd="frontdesk $(printf '%s ' "$@" | cut -c1-300)"
	"$FD" "$@" >"$T/out" 2>"$T/err"
	rc=$?
}

# fd ARGS...: the binary on this story's database.
fd() {
	run --db "$DB" "$@"
}

# sql QUERY [DB]: one query's result, for checks on what was written.
sql() {
	sqlite3 -batch -noheader "${2:-$DB}" "$1" 2>&1
}

ok() {
	passed=$((passed + 1))
}

# bad WHAT EXPECTED: report a failed check with the last command's output.
bad() {
	failed=$((failed + 1))
	{
		echo "FAIL [$story] $1"
		echo "  command:  $last_cmd"
		echo "  expected: $2"
		echo "  actual:   exit $rc"
		echo "  stdout:"
		head -c 2000 "$T/out" | sed 's/^/    | /'
		echo "  stderr:"
		head -c 2000 "$T/err" | sed 's/^/    | /'
	} >&2
}

# expect_rc N [WHAT]
expect_rc() {
	if [ "$rc" -eq "$1" ]; then ok; else bad "${2:-exit status}" "exit $1"; fi
}

# expect_out TEXT / expect_err TEXT: the fixed string appears in stdout / stderr.
expect_out() {
	if grep -qF -- "$1" "$T/out"; then ok; else bad "stdout lacks \"$1\"" "stdout containing \"$1\""; fi
}
expect_err() {
	if grep -qF -- "$1" "$T/err"; then ok; else bad "stderr lacks \"$1\"" "stderr containing \"$1\""; fi
}
expect_no_out() {
	if grep -qF -- "$1" "$T/out"; then bad "stdout has \"$1\"" "stdout without \"$1\""; else ok; fi
}
expect_out_empty() {
	if [ -s "$T/out" ]; then bad "stdout not empty" "nothing on stdout"; else ok; fi
}
# error messages start "frontdesk: "
expect_err_prefix() {
	if head -n 1 "$T/err" | grep -q '^frontdesk: '; then ok; else bad "stderr does not start with 'frontdesk: '" "an error message 'frontdesk: ...'"; fi
}

# expect_sql QUERY EXPECTED [DB]
expect_sql() {
	got=$(sql "$1" "${3:-$DB}")
	if [ "$got" = "$2" ]; then
		ok
	else
		failed=$((failed + 1))
		{
			echo "FAIL [$story] database check"
			echo "  after:    $last_cmd"
			echo "  query:    $1"
			echo "  expected: $2"
			echo "  actual:   $got"
		} >&2
	fi
}

# rc_is A B: the last exit status is A or B.
rc_is() {
	[ "$rc" -eq "$1" ] || [ "$rc" -eq "$2" ]
}

# in_range V LO HI
in_range() {
	[ "$1" -ge "$2" ] && [ "$1" -le "$3" ]
}

# expect_true CONDITION-DESCRIPTION COMMAND...: a shell test of our own.
expect_true() {
	what=$1
	shift
	if "$@"; then ok; else bad "$what" "$what"; fi
}

# The JSON on stdout: an array of objects.  Each SPEC is KEY (every object
# has it), KIND/KEY (objects whose "kind" is KIND have it), or KEY@ (has it,
# and when not null it is an ISO 8601 time with an offset).  min=N first
# demands at least N objects.
JSON_CHECK='
import json, re, sys
specs = sys.argv[1:]
minimum = 0
if specs and specs[0].startswith("min="):
    minimum = int(specs.pop(0)[4:])
try:
    data = json.load(sys.stdin)
except ValueError as e:
    sys.exit("not JSON: %s" % e)
if not isinstance(data, list):
    sys.exit("not a JSON array")
if len(data) < minimum:
    sys.exit("%d objects, expected at least %d" % (len(data), minimum))
iso = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d$")
for i, o in enumerate(data):
    if not isinstance(o, dict):
        sys.exit("element %d is not an object" % i)
    for s in specs:
        kind = None
        if "/" in s:
            kind, s = s.split("/", 1)
        want_time = s.endswith("@")
        key = s.rstrip("@")
        if kind and o.get("kind") != kind:
            continue
        if key not in o:
            sys.exit("element %d (%s) has no \"%s\"" % (i, o.get("kind", "?"), key))
        if want_time and o[key] is not None and not iso.match(str(o[key])):
            sys.exit("element %d: \"%s\" is %r, not ISO 8601 with an offset" % (i, key, o[key]))
'
expect_json() {
	if msg=$(python3 -c "$JSON_CHECK" "$@" <"$T/out" 2>&1); then
		ok
	else
		bad "JSON: $msg" "a JSON array with $*"
	fi
}

# json_get PYTHON-EXPRESSION: evaluate on the parsed stdout (bound to d).
json_get() {
	python3 -c '
import json, sys
try:
    d = json.load(sys.stdin)
except ValueError:
    sys.exit("(stdout is not JSON)")
try:
    print(eval(sys.argv[1]))
except Exception as e:
    print("(%s: %s)" % (type(e).__name__, e))
' "$1" <"$T/out" 2>&1
}
expect_json_value() {
	got=$(json_get "$1")
	if [ "$got" = "$2" ]; then ok; else bad "JSON $1 is \"$got\"" "$1 == $2"; fi
}

# An initialised database with a small staff: anna (employee), max
# (employee, deputy anna), rita (receptionist), sue (supervisor).
staff_db() {
	fd init
	expect_rc 0 "init"
	fd staff add --name "Anna Berg" --login anna --ext 201 --department Sales --role employee
	expect_rc 0 "staff add anna"
	fd staff add --name "Max Müller" --login max --ext 202 --department Sales --role employee --deputy anna
	expect_rc 0 "staff add max"
	fd staff add --name "Rita Klein" --login rita --ext 100 --role receptionist
	expect_rc 0 "staff add rita"
	fd staff add --name "Sue Lang" --login sue --ext 300 --role supervisor
	expect_rc 0 "staff add sue"
}

# Rows that every refused command must leave alone.
counts() {
	sql "SELECT (SELECT count(*) FROM call), (SELECT count(*) FROM contact),
	     (SELECT count(*) FROM contact_phone), (SELECT count(*) FROM callback),
	     (SELECT count(*) FROM attempt), (SELECT count(*) FROM staff),
	     (SELECT count(*) FROM audit), (SELECT count(*) FROM ring)"
}

# The schema version this binary writes, read from a database it just made.
schema_version() {
	"$FD" --db "$T/schema-probe.db" init >/dev/null 2>&1
	sql "PRAGMA user_version" "$T/schema-probe.db"
	rm -f "$T/schema-probe.db" "$T/schema-probe.db"-*
}

# cksum of a file (content only).
sum_of() {
	cksum <"$1"
}

# ---- stories ----

# A new caller is logged once, with a name, and recognised on the second call.
story_new_caller_recognised() {
	staff_db
	fd call log --for max --from "030 1234567" --name "Hans Maier" --company "Maier GmbH" --subject "offer"
	expect_rc 0
	expect_out "new contact 1"
	expect_sql "SELECT name, company FROM contact" "Hans Maier|Maier GmbH"
	expect_sql "SELECT e164 FROM contact_phone" "+49301234567"

	# the same number typed another way
	fd ring "+49 (30) 123 45 67"
	expect_rc 0
	expect_out "Hans Maier"
	expect_out "Maier GmbH"
	expect_no_out "unknown"

	fd call log --for max --from "+49 30 1234567" --subject "offer, again"
	expect_rc 0
	expect_no_out "new contact"
	expect_sql "SELECT count(*) FROM contact" "1"
	expect_sql "SELECT count(*), count(DISTINCT contact_id), min(contact_id) FROM call" "2|1|1"

	fd --json calls
	expect_rc 0
	expect_json min=2 id at@ caller number for outcome subject callback
	expect_json_value 'd[0]["caller"]' "Hans Maier"
	expect_json_value 'd[0]["number"]' "+49301234567"
	expect_json_value 'd[0]["for"]' "max"
}

# A callback is attempted (no answer: rescheduled), then done; closing it
# again is refused and changes nothing.
story_callback_lifecycle() {
	staff_db
	fd --json call log --for max --from "030 555111" --name "Eva Roth" --callback --due +30m --subject "invoice"
	expect_rc 0
	expect_json_value 'd["callback"]' "1"
	expect_json_value 'd["assignee"]' "max"
	expect_sql "SELECT status, calls FROM callback WHERE id = 1" "open|1"
	due1=$(sql "SELECT due FROM callback WHERE id = 1")

	fd callback attempt 1 --result no-answer --note "rang 10 times"
	expect_rc 0
	expect_out "no-answer logged; next try"
	expect_sql "SELECT status FROM callback WHERE id = 1" "open"
	expect_sql "SELECT count(*), result, note FROM attempt WHERE callback_id = 1" "1|no-answer|rang 10 times"
	# rescheduled by the reschedule step (an hour) from now: later than before
	due2=$(sql "SELECT due FROM callback WHERE id = 1")
	now=$(date +%s)
	expect_true "rescheduled due $due2 is after the first due $due1" [ "$due2" -gt "$due1" ]
	expect_true "rescheduled due $due2 is about an hour from now $now" \
		in_range "$due2" $((now + 3500)) $((now + 3700))

	fd --json queue max
	expect_rc 0
	expect_json min=1 id caller number subject due@ status calls attempts
	expect_json_value 'd[0]["attempts"]' "1"
	expect_json_value 'd[0]["status"]' "open"

	fd callback attempt 1 --result busy --next "+3h"
	expect_rc 0
	due3=$(sql "SELECT due FROM callback WHERE id = 1")
	now=$(date +%s)
	expect_true "--next +3h sets due $due3 to about now+3h ($now)" \
		in_range "$due3" $((now + 10700)) $((now + 10900))

	fd callback "done" 1 --note "sorted out"
	expect_rc 0
	expect_out "callback #1 done"
	expect_sql "SELECT status, closed IS NOT NULL FROM callback WHERE id = 1" "done|1"

	before=$(counts)
	fd callback "done" 1
	expect_rc 1 "a second done"
	expect_err "already done"
	expect_err_prefix
	fd callback attempt 1 --result no-answer
	expect_rc 1 "an attempt on a done callback"
	expect_err "already done"
	expect_sql "SELECT status FROM callback WHERE id = 1" "done"
	after=$(counts)
	expect_true "nothing written by refused commands ($before / $after)" [ "$before" = "$after" ]

	fd queue max
	expect_rc 0
	expect_out "no open callbacks"
	fd --json queue max --closed
	expect_rc 0
	expect_json_value 'len(d)' "1"
	expect_json_value 'd[0]["status"]' "done"

	fd callback attempt 999 --result reached
	expect_rc 2 "an unknown callback number"
	fd callback attempt abc --result reached
	expect_rc 2 "a callback number that is not a number"
	fd callback attempt 1 --result maybe
	expect_rc 2 "an unknown result"
}

# A second call by the same caller with --callback attaches to the open one.
story_repeat_call_attaches() {
	staff_db
	fd --json call log --for max --from "0301234567" --name "Hans Maier" --callback --subject "offer"
	expect_rc 0
	expect_json_value 'd["attached"]' "False"
	expect_json_value 'd["calls"]' "1"
	fd --json call log --for max --from "030 123 45 67" --callback --urgent
	expect_rc 0
	expect_json_value 'd["attached"]' "True"
	expect_json_value 'd["calls"]' "2"
	expect_json_value 'd["callback"]' "1"
	expect_sql "SELECT count(*) FROM callback" "1"
	expect_sql "SELECT calls, priority FROM callback WHERE id = 1" "2|1"
	expect_sql "SELECT count(*) FROM call WHERE callback_id = 1" "2"
	fd --json queue --all
	expect_rc 0
	expect_json_value 'len(d)' "1"
	expect_json_value 'd[0]["calls"]' "2"
	expect_json_value 'd[0]["caller"]' "Hans Maier"
}

# A wrong number, an unknown login and a past due time: exit 2, nothing written.
story_refusals_write_nothing() {
	staff_db
	fd call log --for max --from "030 1234567" --name "Hans Maier"
	expect_rc 0
	before=$(counts)

	fd call log --for max --from "12ab34" --name "Wrong Number" --callback
	expect_rc 2 "a wrong number"
	expect_err "is not a phone number"
	expect_err_prefix
	expect_out_empty

	fd call log --for nosuchlogin --from "030 7654321" --name "Unknown Login" --callback
	expect_rc 2 "an unknown login"
	expect_err "nosuchlogin"
	expect_err_prefix

	fd call log --for max --from "030 7654321" --name "Past Due" --callback --due "2001-01-01 10:00"
	expect_rc 2 "a past due time"
	expect_err "has passed"
	expect_err_prefix

	fd call log --for max --from "030 7654321" --name "Bad Due" --callback --due "someday"
	expect_rc 2 "an unreadable due time"

	fd call log --for max --from "030 7654321" --outcome connected --callback
	expect_rc 2 "a callback on a connected call"

	fd call log --for max --from "030 7654321" --outcome shouting
	expect_rc 2 "an unknown outcome"

	fd call log --for max --from "030 7654321" --due "+1h"
	expect_rc 2 "--due without --callback"

	fd call log --from "030 7654321"
	expect_rc 2 "no --for"

	fd staff add --name "Second Anna" --login anna
	expect_rc 2 "a login that exists"
	expect_err "exists already"

	fd presence max dancing
	expect_rc 2 "an unknown presence"

	fd call log --for max --from "030 7654321" --to-deputy --callback --name "Deputy"
	expect_rc 0 "to the deputy (counter-check: a valid call is written)"
	expect_sql "SELECT s.login FROM callback b JOIN staff s ON s.id = b.assignee_id" "anna"
	before=$(counts)
	fd call log --for anna --from "030 7654322" --to-deputy --callback --name "No Deputy"
	expect_rc 2 "to the deputy of someone without one"
	expect_err "no deputy"

	after=$(counts)
	expect_true "nothing written by refused commands ($before / $after)" [ "$before" = "$after" ]
}

# The default database is made on first use under XDG_DATA_HOME; an
# explicit path that does not exist is an error, never a new database.
story_default_path_and_typos() {
	def=$XDG_DATA_HOME/frontdesk/frontdesk.db
	expect_true "no database before the first use" [ ! -e "$def" ]
	run queue
	expect_rc 0 "first use of the default database"
	expect_true "the default database $def was created" [ -f "$def" ]
	expect_sql "PRAGMA user_version" "$(schema_version)" "$def"
	expect_sql "PRAGMA application_id" "1178882891" "$def"
	private=$(find "$XDG_DATA_HOME/frontdesk" -prune -perm 0700)
	expect_true "its directory is private (mode 0700)" [ -n "$private" ]
	run init
	expect_rc 0 "init on the default database"
	expect_out "$def"

	# XDG_DATA_HOME unset: ~/.local/share
	(
		unset XDG_DATA_HOME
		"$FD" queue >"$T/out" 2>"$T/err"
	)
	rc=$?
	last_cmd="frontdesk queue (XDG_DATA_HOME unset)"
	expect_rc 0
	expect_true "the database under ~/.local/share" [ -f "$HOME/.local/share/frontdesk/frontdesk.db" ]

	run --db /nonexistent/typo.db queue
	expect_true "--db /nonexistent/typo.db refused with 1 or 2 (got $rc)" rc_is 1 2
	expect_err "/nonexistent"
	expect_err_prefix
	expect_true "nothing created at /nonexistent" [ ! -e /nonexistent ]

	run --db "$T/typo.db" call log --for max --from 0301234567
	expect_true "--db with a typo refused with 1 or 2 (got $rc)" rc_is 1 2
	expect_err "typo.db"
	expect_true "no typo.db made" [ ! -e "$T/typo.db" ]
	expect_true "no typo.db-lock made" [ ! -e "$T/typo.db-lock" ]

	FRONTDESK_DB=$T/envtypo.db
	export FRONTDESK_DB
	run queue
	unset FRONTDESK_DB
	expect_true "FRONTDESK_DB with a typo refused with 1 or 2 (got $rc)" rc_is 1 2
	expect_true "no envtypo.db made" [ ! -e "$T/envtypo.db" ]

	# --db beats FRONTDESK_DB, which beats the default
	run --db "$T/other.db" init
	expect_rc 0 "init of an explicit new path"
	expect_true "init made other.db" [ -f "$T/other.db" ]
	FRONTDESK_DB=$T/other.db
	export FRONTDESK_DB
	run staff add --name "Env Person" --login envp
	unset FRONTDESK_DB
	expect_rc 0
	expect_sql "SELECT login FROM staff" "envp" "$T/other.db"
	expect_sql "SELECT count(*) FROM staff" "0" "$def"
}

# Files that are not frontdesk databases are refused and left as they were.
story_not_a_database() {
	printf 'hello, this is a text file\n' >"$T/notes.txt"
	s1=$(sum_of "$T/notes.txt")
	run --db "$T/notes.txt" queue
	expect_true "a text file refused with 1 or 2 (got $rc)" rc_is 1 2
	expect_err "not a frontdesk database"
	expect_err_prefix
	expect_true "the text file is unchanged" [ "$s1" = "$(sum_of "$T/notes.txt")" ]

	sqlite3 "$T/foreign.db" "CREATE TABLE songs(title TEXT); INSERT INTO songs VALUES ('la');"
	s1=$(sum_of "$T/foreign.db")
	run --db "$T/foreign.db" queue
	expect_true "a foreign SQLite file refused with 1 or 2 (got $rc)" rc_is 1 2
	expect_err "not a frontdesk database"
	expect_true "the foreign file is unchanged" [ "$s1" = "$(sum_of "$T/foreign.db")" ]
	expect_sql "PRAGMA journal_mode" "delete" "$T/foreign.db"
	expect_sql "SELECT name FROM sqlite_schema" "songs" "$T/foreign.db"

	# init must not take over a foreign file either
	run --db "$T/foreign.db" init
	expect_true "init on a foreign file refused (got $rc)" [ "$rc" -ne 0 ]
	expect_true "the foreign file is still unchanged" [ "$s1" = "$(sum_of "$T/foreign.db")" ]

	mkdir "$T/adir"
	run --db "$T/adir" queue
	expect_true "a directory refused with 1 or 2 (got $rc)" rc_is 1 2
	expect_err_prefix
}

# A database from a newer frontdesk is refused and left untouched.
story_newer_schema_refused() {
	fd init
	expect_rc 0
	fd staff add --name "Anna Berg" --login anna
	expect_rc 0
	cur=$(schema_version)
	newer=$((cur + 1))
	# as a newer program would leave it: checkpointed, rollback journal
	sqlite3 "$DB" "PRAGMA journal_mode = DELETE; PRAGMA user_version = $newer;" >/dev/null
	s1=$(sum_of "$DB")
	fd staff list
	expect_rc 1 "a newer schema"
	expect_err "newer frontdesk"
	expect_err_prefix
	expect_true "the newer database's file is unchanged" [ "$s1" = "$(sum_of "$DB")" ]
	expect_sql "PRAGMA user_version" "$newer"
	expect_sql "PRAGMA journal_mode" "delete"
	fd call log --for anna --from 0301234567 --name "X Y"
	expect_rc 1 "a write to a newer schema"
	expect_true "still unchanged after a write attempt" [ "$s1" = "$(sum_of "$DB")" ]
	expect_sql "SELECT count(*) FROM call" "0"
}

# A schema-1 database (the first release) is upgraded to the current schema
# (2 when this was written) and keeps its rows.
story_migrate_v1() {
	sqlite3 "$DB" <"$FIXTURES/schema-v1.sql"
	sqlite3 "$DB" "
		INSERT INTO meta(key, value) VALUES ('country_code', '49');
		INSERT INTO staff(name, login, ext, role) VALUES ('Olga Alt', 'olga', '210', 'employee');
		INSERT INTO contact(name, company, created) VALUES ('Viktor Vogel', 'Vogel KG', 1700000000);
		INSERT INTO contact_phone(contact_id, e164, typed) VALUES (1, '+4989123456', '089 123456');
		INSERT INTO call(at, contact_id, number, wanted_id, outcome, subject)
			VALUES (1700000000, 1, '+4989123456', 1, 'unreached', 'old call');
		INSERT INTO callback(call_id, contact_id, number, assignee_id, created, due, subject)
			VALUES (1, 1, '+4989123456', 1, 1700000000, 1700003600, 'old callback');
		UPDATE call SET callback_id = 1 WHERE id = 1;"
	expect_sql "PRAGMA user_version" "1"
	cur=$(schema_version)
	expect_true "the program writes a schema after 1 (it writes $cur)" [ "$cur" -ge 2 ]

	fd staff list
	expect_rc 0 "the first command on a schema-1 database"
	expect_out "olga"
	expect_sql "PRAGMA user_version" "$cur"
	expect_sql "PRAGMA application_id" "1178882891"
	expect_sql "SELECT count(*) FROM sqlite_schema WHERE name = 'erasure'" "1"
	expect_sql "SELECT name, login FROM staff" "Olga Alt|olga"
	expect_sql "SELECT c.name, p.e164 FROM contact c JOIN contact_phone p ON p.contact_id = c.id" \
		"Viktor Vogel|+4989123456"
	expect_sql "SELECT subject, callback_id FROM call" "old call|1"

	fd --json queue --all
	expect_rc 0
	expect_json min=1 id caller number subject due@ status calls attempts
	expect_json_value 'd[0]["caller"]' "Viktor Vogel"
	expect_json_value 'd[0]["status"]' "open"

	fd ring "089 123456"
	expect_rc 0
	expect_out "Viktor Vogel"

	fd search vogel
	expect_rc 0
	expect_out "Viktor Vogel"

	# a second run finds nothing to do
	fd staff list
	expect_rc 0
	expect_sql "PRAGMA user_version" "$cur"
}

# --as: the owner (here root or the file's owner) acts as a staff member,
# with that person's role.
story_as_owner() {
	staff_db
	fd call log --for max --from "030 1111111" --name "For Max" --callback
	expect_rc 0
	fd call log --for anna --from "030 2222222" --name "For Anna" --callback
	expect_rc 0

	fd --as anna queue --all
	expect_rc 1 "an employee's queue --all"
	expect_err "not allowed"
	expect_err_prefix

	fd --as anna --json queue
	expect_rc 0 "an employee's own queue"
	expect_json_value 'len(d)' "1"
	expect_json_value 'd[0]["caller"]' "For Anna"
	expect_json_value 'd[0]["for"]' "anna"

	fd --as anna queue max
	expect_rc 1 "an employee looking at a colleague's queue"

	fd --as anna callback "done" 1
	expect_rc 1 "an employee closing a colleague's callback"
	expect_err "max"
	expect_sql "SELECT status FROM callback WHERE id = 1" "open"

	fd --as anna callback "done" 2
	expect_rc 0 "an employee closing their own callback"
	expect_sql "SELECT status FROM callback WHERE id = 2" "done"
	expect_sql "SELECT by_login FROM attempt WHERE callback_id = 2" "anna"

	fd --as anna staff add --name "New Person" --login newp
	expect_rc 1 "an employee adding staff"
	expect_sql "SELECT count(*) FROM staff WHERE login = 'newp'" "0"

	fd --as anna --json calls
	expect_rc 0
	expect_json_value 'sorted(set(c["for"] for c in d))' "['anna']"

	fd --as rita --json queue --all
	expect_rc 0 "a receptionist's queue --all"
	expect_json_value 'len(d)' "1"
	fd --as rita callback reassign 1 anna
	expect_rc 0 "a receptionist hands a callback over"
	expect_sql "SELECT s.login FROM callback b JOIN staff s ON s.id = b.assignee_id WHERE b.id = 1" "anna"

	fd --as ghost queue
	expect_rc 2 "--as an unknown login"
	expect_err "ghost"

	fd --as=sue --json queue --all
	expect_rc 0 "--as=LOGIN"
}

# --as from someone who neither owns the file nor is root is refused.
story_as_nonowner() {
	if [ "$(id -u)" -ne 0 ]; then
		rc=-1
		last_cmd="(none)"
		bad "acting as another Unix user needs root; run the suite as root (CI does)" "root"
		return
	fi
	as_nobody=""
	ngroup=$(id -g nobody 2>/dev/null)
	if [ -z "$ngroup" ]; then
		rc=-1
		last_cmd="id -g nobody"
		bad "there is no user nobody on this machine" "a user nobody"
		return
	fi
	if command -v setpriv >/dev/null 2>&1; then
		as_nobody=setpriv
	elif command -v su >/dev/null 2>&1; then
		as_nobody=su
	else
		rc=-1
		last_cmd="(none)"
		bad "neither setpriv nor su is installed: cannot act as another user" "setpriv or su"
		return
	fi
	staff_db
	fd staff add --name "No Body" --login nobody --role employee
	expect_rc 0
	fd call log --for anna --from "030 2222222" --name "For Anna" --callback
	expect_rc 0
	chmod 0777 "$T"
	chmod 0666 "$DB" "$DB"-* 2>/dev/null
	before=$(counts)

	# run_nobody ARGS...: the binary as the user nobody
	run_nobody() {
		last_cmd="($as_nobody nobody) frontdesk $*"
		if [ "$as_nobody" = setpriv ]; then
			setpriv --reuid=nobody --regid="$ngroup" --clear-groups "$FD" "$@" >"$T/out" 2>"$T/err"
		else
			q=""
			for a in "$FD" "$@"; do
				q="$q '$(printf '%s' "$a" | sed "s/'/'\\\\''/g")'"
			done
			su -s /bin/sh nobody -c "$q" >"$T/out" 2>"$T/err"
		fi
		rc=$?
	}

	# counter-check: nobody can use the database as themselves
	run_nobody --db "$DB" --json queue
	expect_rc 0 "nobody's own queue (they are staff)"
	expect_json_value 'len(d)' "0"

	run_nobody --db "$DB" --as anna queue
	expect_rc 2 "--as by a user who does not own the database"
	expect_err "--as is only for the database's owner or root"
	expect_err_prefix
	expect_out_empty

	run_nobody --db "$DB" --as anna callback "done" 1
	expect_rc 2 "--as by a non-owner, writing"
	expect_sql "SELECT status FROM callback WHERE id = 1" "open"

	run_nobody --db "$DB" queue --all
	expect_rc 1 "an employee (nobody) asking for queue --all"

	after=$(counts)
	expect_true "nothing written by refused commands ($before / $after)" [ "$before" = "$after" ]
}

# --json listings parse and carry the contract's fields.
story_json_fields() {
	staff_db
	fd contact add --name "Jörg Schmidt" --company "Schmidt AG" --phone "040 998877"
	expect_rc 0
	fd presence max meeting --until "+2h"
	expect_rc 0
	fd call log --for max --from "040 998877" --callback --subject "quote"
	expect_rc 0

	fd --json search schmidt
	expect_rc 0
	expect_json min=1 kind id name numbers contact/company staff/ext staff/department staff/presence staff/until@
	expect_json_value 'd[0]["kind"]' "contact"
	expect_json_value 'd[0]["numbers"]' "['+4940998877']"

	fd --json search max
	expect_rc 0
	expect_json min=1 kind id name numbers staff/ext staff/department staff/presence staff/until@
	expect_json_value 'd[0]["kind"]' "staff"
	expect_json_value 'd[0]["presence"]' "meeting"
	expect_json_value 'd[0]["until"] is not None' "True"

	fd search --json sales
	expect_rc 0 "--json after the command"
	expect_json min=2 kind id name numbers
	fd search max --limit 0
	expect_rc 2 "--limit 0"
	fd --json search sales --limit 1
	expect_rc 0
	expect_json_value 'len(d)' "1"

	fd --json queue --all
	expect_rc 0
	expect_json min=1 id caller number subject due@ status calls attempts
	# absent until +2h: the callback is due when max is back
	expect_sql "SELECT b.due = s.presence_until FROM callback b JOIN staff s ON s.id = b.assignee_id" "1"

	fd --json calls
	expect_rc 0
	expect_json min=1 id at@ caller number for outcome subject callback

	today=$(date +%Y-%m-%d)
	fd --json calls --since "$today"
	expect_rc 0
	expect_json_value 'len(d)' "1"
	fd --json calls --until 2000-01-01
	expect_rc 0
	expect_json_value 'len(d)' "0"
	fd --json calls --since "not a date"
	expect_rc 2 "--since that is not a date"

	fd --json staff list
	expect_rc 0
	expect_json min=4 kind id name numbers ext department presence until@

	# empty listings are still JSON
	fd --json queue anna
	expect_rc 0
	expect_json_value 'd' "[]"
}

story_help_version() {
	run --help
	expect_rc 0 "--help"
	expect_out "usage: frontdesk"
	expect_out "call log"
	run --version
	expect_rc 0 "--version"
	expect_out "frontdesk "
	version_line=$(head -n 1 "$T/out")
	expect_true "--version prints one line 'frontdesk X.Y.Z' (got '$version_line')" \
		sh -c "printf '%s\n' '$version_line' | grep -Eq '^frontdesk [0-9]+\.[0-9]+\.[0-9]+'"
	run help queue
	expect_rc 0 "help queue"
	expect_out "usage: frontdesk queue"
	run queue --help
	expect_rc 0 "queue --help"
	expect_out "usage: frontdesk queue"
	expect_true "--help touches no database" [ ! -e "$XDG_DATA_HOME/frontdesk/frontdesk.db" ]

	run frobnicate
	expect_rc 2 "an unknown command"
	expect_err "frobnicate"
	expect_err_prefix
	run --frobnicate
	expect_rc 2 "an unknown global option"
	run --db "$DB" queue --frobnicate
	expect_rc 2 "an unknown command option"
	expect_err "usage: frontdesk queue"
	run call
	expect_rc 2 "a command word without its subcommand"
	expect_err "call log"
	run --db
	expect_rc 2 "--db without a value"
	run --db "$DB" callback "done"
	expect_rc 2 "a missing argument"
	run --db "$DB" queue a b
	expect_rc 2 "too many arguments"
	run --db "$DB" queue --all=yes
	expect_rc 2 "a value for a flag"
	expect_true "usage errors made no database" [ ! -e "$DB" ]
}

# Hostile text is cleaned or refused when stored, and escaped when shown.
story_hostile_text() {
	staff_db
	clear="Evil${ESC}[2J Corp"
	title="x${ESC}]0;pwned${ESC}\\y"
	fd call log --for max --from "030 3333333" --name "$clear" --subject "$title" --callback \
		--message "line1${ESC}[31m
line2"
	expect_true "escape sequences stored cleaned (0) or refused (2), got $rc" rc_is 0 2
	expect_sql "SELECT count(*) FROM contact WHERE instr(name, char(27)) OR instr(company, char(27))" "0"
	expect_sql "SELECT count(*) FROM call WHERE instr(subject, char(27)) OR instr(message, char(27))" "0"

	fd contact add --name "Anna ${RLO}gninrom" --phone "030 4444444"
	expect_true "an RTL override stored cleaned (0) or refused (2), got $rc" rc_is 0 2
	expect_sql "SELECT count(*) FROM contact WHERE instr(name, char(8238))" "0"

	big=$(head -c 10240 /dev/zero | tr '\0' 'a')
	before=$(counts)
	fd contact add --name "$big" --phone "030 5555555"
	expect_rc 2 "a 10 KB name"
	expect_err "too long"
	expect_true "the 10 KB error message is short ($(wc -c <"$T/err") bytes)" [ "$(wc -c <"$T/err")" -lt 1000 ]
	fd call log --for max --from "030 5555555" --name "$big"
	expect_rc 2 "a 10 KB caller name"
	fd call log --for max --from "030 5555555" --subject "$big"
	expect_rc 2 "a 10 KB subject"
	fd call log --for max --from "$big"
	expect_rc 2 "a 10 KB number"
	fd search "$big"
	expect_true "a 10 KB query does not crash (exit $rc)" rc_is 0 1
	after=$(counts)
	expect_true "nothing written for 10 KB input ($before / $after)" [ "$before" = "$after" ]

	# rows written by something else (an older version, another tool) may
	# hold anything: shown escaped, never raw
	sqlite3 "$DB" "
		INSERT INTO contact(name, company, created)
			VALUES ('Raw' || char(27) || '[2J' || char(8238) || 'Name', 'Co' || char(27) || ']0;t' || char(7), 1700000000);
		INSERT INTO contact_phone(contact_id, e164, typed)
			VALUES (last_insert_rowid(), '+49306666666', '030 6666666');
		INSERT INTO call(at, contact_id, number, wanted_id, outcome, subject, callback_id)
			SELECT strftime('%s','now'), c.id, '+49306666666', s.id, 'unreached', 'sub' || char(27) || '[1m', NULL
			FROM contact c, staff s WHERE c.name LIKE 'Raw%' AND s.login = 'max';
		INSERT INTO callback(call_id, contact_id, number, assignee_id, created, due, subject)
			SELECT k.id, k.contact_id, k.number, k.wanted_id, k.at, k.at + 3600, 'cb' || char(27) || '[5m'
			FROM call k WHERE k.subject LIKE 'sub%';"
	for cmd in "calls" "queue --all" "search raw" "search evil" "ring 0306666666" "staff list"; do
		# shellcheck disable=SC2086
		fd $cmd
		expect_rc 0 "$cmd"
		if grep -q "$ESC" "$T/out"; then
			bad "raw ESC on stdout of '$cmd'" "escaped control characters"
		else
			ok
		fi
		if grep -q "$RLO" "$T/out"; then
			bad "raw RLO (U+202E) on stdout of '$cmd'" "escaped bidi controls"
		else
			ok
		fi
	done
	fd search raw
	expect_out "Raw\\x1B[2J"
	for cmd in "calls" "queue --all" "search raw"; do
		# shellcheck disable=SC2086
		fd --json $cmd
		expect_rc 0 "--json $cmd"
		expect_json
		if grep -q "$ESC" "$T/out"; then
			bad "raw ESC in the JSON of '$cmd'" "\\u001b"
		else
			ok
		fi
	done
}

# ring: a known number prints the name, an unknown one says so; both recorded.
story_ring() {
	staff_db
	fd contact add --name "Clara Kern" --company "Kern & Co" --phone "+49 221 777888"
	expect_rc 0
	fd ring "0221 777888"
	expect_rc 0 "ring of a known number"
	expect_out "Clara Kern"
	expect_out "Kern & Co"
	expect_out "+49 221 777888"
	expect_no_out "unknown"

	fd ring "0221 999000" --to 202
	expect_rc 0 "ring of an unknown number"
	expect_out "unknown"
	expect_no_out "Clara"
	expect_sql "SELECT count(*), count(contact_id) FROM ring" "2|1"
	expect_sql "SELECT number, to_ext FROM ring WHERE id = 2" "+49221999000|202"

	fd --json ring "0221 777888"
	expect_rc 0
	expect_json_value 'd["known"]' "True"
	expect_json_value 'd["name"]' "Clara Kern"

	before=$(counts)
	fd ring "not a number"
	expect_rc 2 "ring of garbage"
	fd ring "0221 777888" --to abc
	expect_rc 2 "ring --to that is not an extension"
	after=$(counts)
	expect_true "refused rings write nothing ($before / $after)" [ "$before" = "$after" ]
}

# ---- main ----

STORIES="story_new_caller_recognised story_callback_lifecycle story_repeat_call_attaches
story_refusals_write_nothing story_default_path_and_typos story_not_a_database
story_newer_schema_refused story_migrate_v1 story_as_owner story_as_nonowner
story_json_fields story_help_version story_hostile_text story_ring"

for s in $STORIES; do
	case $s in
	*"$ONLY"*) ;;
	*) continue ;;
	esac
	story=${s#story_}
	f0=$failed
	setup
	$s
	teardown
	if [ "$failed" -eq "$f0" ]; then
		echo "ok   $story"
	else
		echo "FAIL $story ($((failed - f0)) checks)"
	fi
done

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
