#!/bin/sh
# Privacy from the command line: 'contact show --all-data' (access),
# 'contact forget' (erasure: the name and number gone from the database
# file and its write-ahead log, byte for byte), its replay after a backup
# is restored, and 'purge' (retention).
#
#   sh tests/cli/privacy.sh ./frontdesk
#
# Needs sqlite3 and python3.  Prints "N passed, N failed"; exit 1 on failure.
set -u

if [ $# -lt 1 ]; then
	echo "usage: sh tests/cli/privacy.sh ./frontdesk" >&2
	exit 2
fi
case $1 in
/*) FD=$1 ;;
*) FD=$(pwd)/$1 ;;
esac
for tool in sqlite3 python3 grep; do
	command -v "$tool" >/dev/null 2>&1 || { echo "tests/cli/privacy.sh: $tool is needed" >&2; exit 2; }
done
unset FRONTDESK_DB FRONTDESK_CONFIG
LANG=C.UTF-8 LC_ALL=C.UTF-8 TZ=Europe/Berlin
export LANG LC_ALL TZ

passed=0
failed=0
story=""
T=""
rc=0
last_cmd=""

setup() {
	T=$(mktemp -d "${TMPDIR:-/tmp}/fd-privacy.XXXXXX") || exit 1
	HOME=$T/home XDG_DATA_HOME=$T/data XDG_CONFIG_HOME=$T/config
	export HOME XDG_DATA_HOME XDG_CONFIG_HOME
	mkdir -p "$HOME" "$XDG_CONFIG_HOME"
	DB=$T/fd.db
	: >"$T/out"
	: >"$T/err"
}
teardown() { [ -n "$T" ] && rm -rf "$T"; T=""; }

ok() { passed=$((passed + 1)); }
bad() {
	failed=$((failed + 1))
	{
		echo "FAIL [$story] $1"
		echo "  command:  $last_cmd"
		echo "  expected: $2"
		echo "  actual:   exit $rc"
		head -c 1500 "$T/out" | sed 's/^/    out| /'
		head -c 1500 "$T/err" | sed 's/^/    err| /'
	} >&2
}
fd() {
	last_cmd="frontdesk $*"
	"$FD" --db "$DB" "$@" >"$T/out" 2>"$T/err"
	rc=$?
}
sql() { sqlite3 -batch -noheader "${2:-$DB}" "$1" 2>&1; }
expect_rc() { if [ "$rc" -eq "$1" ]; then ok; else bad "${2:-exit status}" "exit $1"; fi; }
expect_out() { if grep -qF -- "$1" "$T/out"; then ok; else bad "stdout lacks \"$1\"" "stdout with it"; fi; }
expect_err() { if grep -qF -- "$1" "$T/err"; then ok; else bad "stderr lacks \"$1\"" "stderr with it"; fi; }
expect_sql() {
	got=$(sql "$1")
	if [ "$got" = "$2" ]; then ok; else bad "query: $1 gave \"$got\"" "$2"; fi
}
expect_true() {
	what=$1
	shift
	if "$@"; then ok; else bad "$what" "$what"; fi
}
json_get() {
	python3 -c '
import json, sys
try:
    d = json.load(sys.stdin)
except ValueError:
    sys.exit("(stdout is not JSON)")
print(eval(sys.argv[1]))' "$1" <"$T/out" 2>&1
}
expect_json() {
	got=$(json_get "$1")
	if [ "$got" = "$2" ]; then ok; else bad "JSON $1 is \"$got\"" "$2"; fi
}
# bytes NEEDLE FILE...: how many of the files hold NEEDLE anywhere (binary)
bytes() {
	needle=$1
	shift
	n=0
	for f in "$@"; do
		[ -f "$f" ] && grep -qaF -- "$needle" "$f" && n=$((n + 1))
	done
	echo "$n"
}

staff_db() {
	fd init
	expect_rc 0 "init"
	fd staff add --name "Anna Berg" --login anna --ext 201 --role employee
	fd staff add --name "Max Mertens" --login max --ext 202 --role employee
	fd staff add --name "Sue Lang" --login sue --ext 300 --role supervisor
	expect_rc 0 "staff"
}

NAME="Zacharias Quendelbrot"
# A caller with a bit of everything: a call before he gave his name, a
# named call with a callback, an attempt with a note, a ring.
caller() {
	fd call log --for max --from "030 7654321" --subject "Quendelbrot: order 7"
	fd call log --for max --from "030 7654321" --name "$NAME" --company "Quendelbrot GmbH" \
		--subject "order 7 late" --message "Herr Quendelbrot wants a call" --callback
	expect_rc 0 "call log with a name"
	CID=$(sql "SELECT id FROM contact WHERE name = '$NAME'")
	CB=$(sql "SELECT id FROM callback WHERE contact_id = $CID")
	fd callback attempt "$CB" --result no-answer --note "Quendelbrot was out"
	expect_rc 0 "attempt"
	fd ring 0307654321 --to 202
	expect_rc 0 "ring"
	# someone else, whose data stays
	fd call log --for anna --from "030 1111111" --name "Olga Other" --subject "keep this"
}

# ---- stories ----

story_show_all_data() {
	staff_db
	caller
	fd contact show "$CID"
	expect_rc 0 "contact show"
	expect_out "$NAME"
	expect_out "+49 30 7654321"
	fd --json contact show "$CID" --all-data
	expect_rc 0 "contact show --all-data"
	expect_json "d['name']" "$NAME"
	expect_json "len(d['calls'])" "2"
	expect_json "d['calls'][0]['subject']" "Quendelbrot: order 7"
	expect_json "len(d['callbacks'])" "1"
	expect_json "d['callbacks'][0]['attempts'][0]['note']" "Quendelbrot was out"
	expect_json "len(d['rings'])" "1"
	expect_json "d['numbers'][0]['typed']" "030 7654321"
	expect_json "'contact.add' in [a['action'] for a in d['audit']]" "True"
	expect_json "any('Olga' in json.dumps(x) for x in d['calls'])" "False"
	fd contact show "$CID" --all-data
	expect_rc 0 "text --all-data"
	expect_out "Quendelbrot was out"
	expect_out "incoming calls (1)"
	expect_sql "SELECT count(*) FROM audit WHERE action = 'contact.export' AND entity_id = $CID" "2"
	fd contact show 999
	expect_rc 2 "an unknown id"
	expect_err "no contact has the id 999"
	fd contact show abc
	expect_rc 2 "not an id"
}

story_forget_leaves_no_bytes() {
	staff_db
	caller
	calls=$(sql "SELECT count(*) FROM call")
	expect_true "the name is in the files before" [ "$(bytes Quendelbrot "$DB" "$DB-wal")" -ge 1 ]
	# a saved search index beside the database holds the name too (folded)
	FRONTDESK_SAVE_MIN_DOCS=1 "$FD" --db "$DB" search quendel >/dev/null 2>&1
	expect_true "a search saved the index as $DB-search" [ -f "$DB-search" ]
	expect_true "the saved index holds the name" grep -qai quendelbrot "$DB-search"
	fd contact forget "$CID" --dry-run
	expect_rc 0 "dry run"
	expect_out "would be erased"
	expect_sql "SELECT count(*) FROM contact WHERE id = $CID" "1"
	fd contact forget "$CID"
	expect_rc 0 "forget"
	expect_out "erased: 1 number removed, 2 calls and 1 callback kept"
	for needle in Quendelbrot "Zacharias" "+49307654321" "7654321" "030 7654321"; do
		n=$(bytes "$needle" "$DB" "$DB-wal" "$DB-shm")
		expect_true "\"$needle\" is in $n of the database files after forget" [ "$n" -eq 0 ]
	done
	expect_true "forget removed the saved search index" [ ! -e "$DB-search" ]
	c=$(grep -ca Quendelbrot "$DB" "$DB-wal" | tr '\n' ' ')
	expect_true "grep -c Quendelbrot: $c" [ "$c" = "$DB:0 $DB-wal:0 " ]
	expect_true "the log is empty" [ ! -s "$DB-wal" ]
	expect_sql "SELECT value LIKE 'erased-%' FROM meta WHERE key = 'search_cache'" "1"
	expect_true "Olga's data stays" [ "$(bytes "keep this" "$DB")" -eq 1 ]
	expect_sql "SELECT count(*) FROM call" "$calls"
	expect_sql "SELECT count(*) FROM call WHERE number IS NULL AND subject IS NULL AND contact_id IS NULL" "2"
	expect_sql "SELECT status FROM callback WHERE id = $CB" "cancelled"
	expect_sql "SELECT count(*) FROM ring" "0"
	expect_sql "SELECT contact_id FROM erasure" "$CID"
	expect_sql "SELECT count(*) FROM audit WHERE action = 'contact.forget' AND entity_id = $CID" "1"
	expect_true "the erasure list holds the id" grep -q "^$CID [0-9][0-9]*\$" "$DB-erasures"
	expect_true "the erasure list holds no name" [ "$(bytes Quendelbrot "$DB-erasures")" -eq 0 ]
	fd verify
	expect_rc 0 "verify after forget"
	fd contact show "$CID"
	expect_rc 2 "show after forget"
	expect_err "was erased"
	fd contact forget "$CID"
	expect_rc 2 "forget twice"
	fd search quendelbrot
	expect_rc 1 "search finds nothing"
	fd --json calls
	expect_rc 0 "calls"
	expect_true "calls shows no trace" [ "$(bytes Quendelbrot "$T/out")" -eq 0 ]
	fd contact add --name "Neu Person" --phone "030 2222222"
	expect_rc 0 "a new contact"
	expect_sql "SELECT count(*) FROM contact WHERE id = $CID" "0"
}

story_replay_after_restore() {
	staff_db
	caller
	sqlite3 "$DB" ".backup '$T/backup.db'"
	fd contact forget "$CID"
	expect_rc 0 "forget"
	fd --json contact forget --replay
	expect_rc 0 "replay with nothing to do"
	expect_json "(d['listed'], d['erased'], d['gone'])" "(1, 0, 1)"
	# the restore: the backup over the database, the erasure list kept
	rm -f "$DB-wal" "$DB-shm"
	cp "$T/backup.db" "$DB"
	fd contact show "$CID"
	expect_rc 0 "back from the backup"
	expect_sql "SELECT count(*) FROM erasure" "0"
	fd contact forget --replay
	expect_rc 0 "replay"
	expect_out "1 contact erased again"
	fd contact show "$CID"
	expect_rc 2 "erased again"
	expect_sql "SELECT count(*) FROM erasure WHERE contact_id = $CID" "1"
	n=$(bytes Quendelbrot "$DB" "$DB-wal")
	expect_true "no bytes left after the replay ($n files)" [ "$n" -eq 0 ]
	cp "$DB-erasures" "$T/list"
	rm -f "$DB-erasures"
	fd contact forget --replay
	expect_rc 0 "no list beside the database"
	expect_out "nothing to do"
	fd contact forget --replay --from "$T/list"
	expect_rc 0 "--from a list"
	expect_out "1 gone already"
	fd contact forget --replay --from "$T/none"
	expect_rc 2 "--from a missing list"
	printf 'Zacharias\n' >"$T/badlist"
	fd contact forget --replay --from "$T/badlist"
	expect_rc 2 "a list with a name in it"
	expect_err "badlist:1: not an erasure record"
}

story_purge() {
	staff_db
	caller
	fd call log --for anna --from "030 3333333" --name "Recent Rita" --subject "recent"
	fd callback done "$CB" --note "Quendelbrot reached"
	expect_rc 0 "callback done"
	# a year and more ago: everything but Rita's call
	old=$((400 * 86400))
	sqlite3 "$DB" "UPDATE call SET at = at - $old WHERE subject <> 'recent';
		UPDATE callback SET created = created - $old, due = due - $old, closed = closed - $old;
		UPDATE attempt SET at = at - $old; UPDATE ring SET at = at - $old;"
	fd purge --dry-run
	expect_rc 0 "dry run"
	expect_out "dry run, nothing changed"
	expect_out "3 calls and 1 callback to anonymise, 2 attempt notes and 1 incoming call to remove"
	expect_sql "SELECT count(*) FROM call WHERE subject IS NOT NULL" "4"
	fd --json purge
	expect_rc 0 "purge"
	expect_json "(d['days'], d['calls'], d['callbacks'], d['attempt_notes'], d['rings'])" "(365, 3, 1, 2, 1)"
	expect_sql "SELECT subject FROM call WHERE subject IS NOT NULL" "recent"
	expect_sql "SELECT count(*) FROM call" "4"
	expect_sql "SELECT count(*) FROM attempt WHERE note IS NOT NULL" "0"
	fd --json purge
	expect_json "(d['calls'], d['callbacks'], d['attempt_notes'], d['rings'])" "(0, 0, 0, 0)"
	fd purge --older-than 0
	expect_rc 2 "zero days"
	fd purge --older-than "1 year"
	expect_rc 2 "words"
	fd purge --set-retention 30
	expect_rc 0 "set retention"
	expect_sql "SELECT value FROM meta WHERE key = 'retention_days'" "30"
	fd purge --set-retention 30 --dry-run
	expect_rc 2 "set and purge at once"
	fd --as anna purge
	expect_rc 1 "an employee may not purge"
	expect_err "not allowed"
	fd --as anna contact forget 1
	expect_rc 1 "an employee may not erase"
	fd --as anna contact show 1 --all-data
	expect_rc 1 "an employee may not export everything"
	fd --as anna contact show 1
	expect_rc 0 "an employee may see the card"
	fd --as sue purge
	expect_rc 0 "a supervisor may purge"
	fd --as sue purge --set-retention 10
	expect_rc 1 "the period is the administrator's"
	expect_sql "SELECT count(*) FROM audit WHERE action = 'privacy.purge'" "3"
}

story_usage() {
	staff_db
	fd contact forget
	expect_rc 2 "no id"
	fd contact forget --replay 3
	expect_rc 2 "--replay with an id"
	fd contact forget 3 --from x
	expect_rc 2 "--from without --replay"
	fd contact forget 0
	expect_rc 2 "id 0"
	fd contact forget -- -3
	expect_rc 2 "negative id"
	fd help contact forget
	expect_rc 0 "help"
	expect_out "--replay"
}

STORIES="story_show_all_data story_forget_leaves_no_bytes story_replay_after_restore
story_purge story_usage"
for s in $STORIES; do
	story=${s#story_}
	f0=$failed
	setup
	$s
	teardown
	if [ "$failed" -eq "$f0" ]; then echo "ok   $story"; else echo "FAIL $story ($((failed - f0)) checks)"; fi
done
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
