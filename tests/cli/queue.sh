#!/bin/sh
# The callback queue from the command line: escalation to the deputy and
# the supervisors, 'callback note', 'callback show', 'callback dial'.
#
#   sh tests/cli/queue.sh ./frontdesk
#
# Prints "N passed, N failed"; exit status 1 on any failure.
set -u

if [ $# -lt 1 ]; then
	echo "usage: sh tests/cli/queue.sh ./frontdesk" >&2
	exit 2
fi
case $1 in
/*) FD=$1 ;;
*) FD=$(pwd)/$1 ;;
esac
if [ ! -x "$FD" ]; then
	echo "tests/cli: $FD is not an executable; build it with 'make'" >&2
	exit 2
fi
for tool in sqlite3 python3; do
	command -v "$tool" >/dev/null 2>&1 || { echo "tests/cli: $tool is needed and missing" >&2; exit 2; }
done

unset FRONTDESK_DB FRONTDESK_DIAL_COMMAND FRONTDESK_MAIL_COMMAND
LANG=C.UTF-8 LC_ALL=C.UTF-8 TZ=Europe/Berlin
export LANG LC_ALL TZ
umask 022
T=$(mktemp -d "${TMPDIR:-/tmp}/fd-queue.XXXXXX") || exit 1
trap 'rm -rf "$T"' EXIT INT TERM
HOME=$T/home XDG_DATA_HOME=$T/data XDG_CONFIG_HOME=$T/config
export HOME XDG_DATA_HOME XDG_CONFIG_HOME
mkdir -p "$HOME"
DB=$T/fd.db
export T

passed=0
failed=0
rc=0
last_cmd=""

ok() { passed=$((passed + 1)); }
bad() {
	failed=$((failed + 1))
	{
		echo "FAIL $1"
		echo "  command:  $last_cmd"
		echo "  expected: $2"
		echo "  actual:   exit $rc"
		sed 's/^/    out | /' "$T/out" | head -n 30
		sed 's/^/    err | /' "$T/err" | head -n 10
	} >&2
}
fd() {
	last_cmd="frontdesk $*"
	"$FD" --db "$DB" "$@" >"$T/out" 2>"$T/err"
	rc=$?
}
sql() { sqlite3 -batch -noheader "$DB" "$1" 2>&1; }
expect_rc() { if [ "$rc" -eq "$1" ]; then ok; else bad "${2:-exit status}" "exit $1"; fi; }
expect_out() { if grep -qF -- "$1" "$T/out"; then ok; else bad "stdout lacks \"$1\"" "stdout with it"; fi; }
expect_no_out() { if grep -qF -- "$1" "$T/out"; then bad "stdout has \"$1\"" "stdout without it"; else ok; fi; }
expect_err() { if grep -qF -- "$1" "$T/err"; then ok; else bad "stderr lacks \"$1\"" "stderr with it"; fi; }
expect_sql() {
	got=$(sql "$1")
	if [ "$got" = "$2" ]; then ok; else bad "database: $1 is \"$got\"" "$2"; fi
}
expect_true() {
	what=$1
	shift
	if "$@"; then ok; else bad "$what" "$what"; fi
}
json() {
	python3 -c '
import json, sys
try:
    d = json.load(sys.stdin)
    print(eval(sys.argv[1]))
except Exception as e:
    print("(%s: %s)" % (type(e).__name__, e))' "$1" <"$T/out" 2>&1
}
expect_json() {
	got=$(json "$1")
	if [ "$got" = "$2" ]; then ok; else bad "JSON $1 is \"$got\"" "$2"; fi
}

fd init
fd staff add --name "Anna Berg" --login anna --ext 201 --role employee
fd staff add --name "Max Müller" --login max --ext 202 --role employee --deputy anna
fd staff add --name "Otto Kurz" --login otto --ext 203 --role employee
fd staff add --name "Rita Klein" --login rita --ext 100 --role receptionist
fd staff add --name "Sue Lang" --login sue --ext 300 --role supervisor
expect_rc 0 "the office"
fd --as rita call log --for max --from "030 5551111" --name "Eva Roth" --company "Roth AG" \
	--callback --subject "invoice 4711" --message "please call before noon
about the second invoice"
fd --as rita call log --for max --from "030 5552222" --name "Otto Kern" --callback --subject "offer"
fd --as rita call log --for otto --from "030 5551111" --subject "for otto, not a callback"
fd --as rita call log --for max --from "030 5551111" --callback --subject "invoice again"
expect_rc 0 "calls logged"
now=$(date +%s)

# ---- escalation ----
# #1 overdue 29 min: nobody else sees it yet
sql "UPDATE callback SET due = $now - 29*60 WHERE id = 1"
fd --as anna --json queue
expect_rc 0 "anna's queue"
expect_json 'len(d)' "0"
sql "UPDATE callback SET due = $now - 31*60 WHERE id = 1"
fd --as anna --json queue
expect_json '[(c["id"], c["escalated"], c["for"]) for c in d]' "[(1, 'deputy', 'max')]"
fd --as anna queue
expect_out "[escalated: deputy]"
fd --as max --json queue
expect_json '[(c["id"], c["escalated"]) for c in d]' "[(1, None), (2, None)]"
fd --as otto --json queue
expect_json 'len(d)' "0"
fd --as sue --json queue
expect_json 'len(d)' "0"
sql "UPDATE callback SET due = $now - 4*3600 - 60 WHERE id = 1"
fd --as sue --json queue
expect_json '[(c["id"], c["escalated"]) for c in d]' "[(1, 'supervisor')]"
sql "INSERT INTO meta(key, value) VALUES ('escalate_supervisor', '5h')"
fd --as sue --json queue
expect_json 'len(d)' "0"
sql "UPDATE meta SET value = 'soon' WHERE key = 'escalate_supervisor'"
fd --as sue queue
expect_rc 1 "a malformed setting"
expect_err "escalate_supervisor"
sql "DELETE FROM meta WHERE key = 'escalate_supervisor'"

# the deputy may work what escalated to them, not what did not
fd --as anna callback attempt 2 --result no-answer
expect_rc 1 "anna on max's callback that is not overdue"
expect_err "on max's queue"
fd --as otto callback attempt 1 --result no-answer
expect_rc 1 "otto is nobody's deputy"

# ---- note ----
fd --as anna callback note 1 tried the office line, no answer
expect_rc 0 "a note of several words"
expect_out "callback #1: note added"
expect_sql "SELECT by_login, result, note FROM attempt WHERE callback_id = 1" "anna|note|tried the office line, no answer"
fd --as anna callback note 1 ""
expect_rc 2 "an empty note"
fd callback note 999 "hello"
expect_rc 2 "a note on no callback"
fd callback note abc "hello"
expect_rc 2 "a note on a callback number that is not one"

# ---- show ----
fd --as anna callback attempt 1 --result no-answer --note "rang 10 times"
expect_rc 0 "the deputy logs an attempt on an escalated callback"
sql "UPDATE callback SET due = $now - 5*3600 WHERE id = 1"
fd --as max callback show 1
expect_rc 0 "show"
expect_out "callback #1  open, overdue 5 h"
expect_out "for       Max Müller (max)"
expect_out "caller    Eva Roth (Roth AG)"
expect_out "number    +49 30 5551111"
expect_out "message   please call before noon"
expect_out "          about the second invoice"
expect_out "called 2 times about it"
expect_out "calls from this caller (2), those you may see:"
expect_out "invoice again  [this callback]"
expect_no_out "for otto"
expect_out "attempts (2):"
expect_out "tried the office line, no answer"
expect_out "no-answer"
expect_out "rang 10 times"
fd --as rita --json callback show 1
expect_rc 0 "show --json"
expect_json 'd["id"], d["status"], d["for"], d["caller"], d["number"]' "(1, 'open', 'max', 'Eva Roth', '+49305551111')"
expect_json 'd["message"]' "please call before noon
about the second invoice"
expect_json '[c["subject"] for c in d["call_log"]]' "['invoice again', 'for otto, not a callback', 'invoice 4711']"
expect_json '[(a["by"], a["result"], a["note"]) for a in d["attempt_log"]]' "[('anna', 'note', 'tried the office line, no answer'), ('anna', 'no-answer', 'rang 10 times')]"
expect_json 'd["calls"], d["attempts"], d["calls_limited"]' "(2, 1, False)"
fd --as anna --json callback show 1
expect_json 'd["escalated"]' "deputy"
fd callback show 999
expect_rc 2 "show of no callback"
expect_err "no callback has the number 999"

# ---- dial ----
fd callback dial 1
expect_rc 1 "dial without a dial command"
expect_err "no dial command is set"
sql "INSERT INTO meta(key, value) VALUES ('dial_command', 'printf \"%s %s\n\" \"\$1\" \"\$2\" >> \"\$T/dial.txt\"')"
fd --as max callback dial 1
expect_rc 0 "dial"
expect_out "callback #1: dialling +49 30 5551111"
expect_true "the command got the number as \$1 and \$2" [ "$(cat "$T/dial.txt" 2>/dev/null)" = "+49305551111 0305551111" ]
# a tampered number never reaches a shell
sql "UPDATE callback SET number = '+4930\$(touch $T/pwned)' WHERE id = 2"
fd --as max callback dial 2
expect_rc 1 "dial of a number that is not E.164"
expect_err "not an international number"
expect_true "nothing ran" [ ! -e "$T/pwned" ] 
expect_true "the dial command was not run" [ "$(wc -l <"$T/dial.txt")" -eq 1 ]
sql "UPDATE meta SET value = 'echo \"line busy at the pbx\" >&2; exit 4' WHERE key = 'dial_command'"
fd callback dial 1
expect_rc 1 "a failing dial command"
expect_err "exit status 4: line busy at the pbx"
chmod 664 "$DB"
fd callback dial 1
expect_rc 1 "a dial command others could have set"
expect_err "FRONTDESK_DIAL_COMMAND"
chmod 644 "$DB"

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
