#!/bin/sh
# Hostile text through every command that stores text, and through every
# listing: control and escape sequences (CSI, OSC, C1), right-to-left
# overrides, zero-width characters, invalid UTF-8, huge fields (128 KB on
# the command line, 1 MB through the shell and an import file), SQL
# metacharacters, and % and _ in searches.
#
# Stored text must be stored cleaned or refused with a reason (exit 2), and
# no output of any command may carry a raw ESC, C1 CSI (byte 0x9b) or
# U+202E to a terminal, on stdout or stderr.
#
#   sh tests/cli/hostile.sh ./frontdesk
#
# Needs sqlite3 and python3.  Prints "N passed, N failed"; exit 1 on failure.
set -u

if [ $# -lt 1 ]; then
	echo "usage: sh tests/cli/hostile.sh ./frontdesk" >&2
	exit 2
fi
case $1 in
/*) FD=$1 ;;
*) FD=$(pwd)/$1 ;;
esac
for tool in sqlite3 python3 grep head tr; do
	command -v "$tool" >/dev/null 2>&1 || { echo "tests/cli/hostile.sh: $tool is needed" >&2; exit 2; }
done
unset FRONTDESK_DB FRONTDESK_CONFIG
LANG=C.UTF-8 LC_ALL=C.UTF-8 TZ=Europe/Berlin
export LANG LC_ALL TZ

T=$(mktemp -d "${TMPDIR:-/tmp}/fd-hostile.XXXXXX") || exit 1
trap 'rm -rf "$T"' EXIT
HOME=$T/home XDG_DATA_HOME=$T/data XDG_CONFIG_HOME=$T/config
export HOME XDG_DATA_HOME XDG_CONFIG_HOME
mkdir -p "$HOME" "$XDG_CONFIG_HOME"
DB=$T/fd.db

passed=0
failed=0
rc=0
last_cmd=""

ok() { passed=$((passed + 1)); }
bad() {
	failed=$((failed + 1))
	{
		echo "FAIL $1"
		echo "  command:  $(printf '%s' "$last_cmd" | cut -c1-200 | od -An -c | head -n 3 | tr -s ' ')"
		echo "  expected: $2"
		echo "  actual:   exit $rc"
		head -c 600 "$T/out" | od -An -c | head -n 6 | sed 's/^/    out| /'
		head -c 600 "$T/err" | od -An -c | head -n 6 | sed 's/^/    err| /'
	} >&2
}
fd() {
	last_cmd="$*"
	"$FD" --db "$DB" "$@" >"$T/out" 2>"$T/err"
	rc=$?
}
sql() { sqlite3 -batch -noheader "$DB" "$1" 2>&1; }

# ---- the hostile values ----
ESC=$(printf '\033')
CSI_C1=$(printf '\302\233')          # U+009B, the one-character CSI
RAW_9B=$(printf '\233')              # the byte alone: invalid UTF-8
RLO=$(printf '\342\200\256')         # U+202E RIGHT-TO-LEFT OVERRIDE
LRI=$(printf '\342\201\246')         # U+2066 LEFT-TO-RIGHT ISOLATE
ZWSP=$(printf '\342\200\213')        # U+200B ZERO WIDTH SPACE
BOM=$(printf '\357\273\277')         # U+FEFF
BEL=$(printf '\007')

set -- \
	"clear${ESC}[2J${ESC}[H screen" \
	"title${ESC}]0;pwned${BEL}x${ESC}]52;c;cHduZWQ=${ESC}\\ y" \
	"c1 ${CSI_C1}31m red" \
	"raw ${RAW_9B}31m byte" \
	"Anna ${RLO}gninrom ${LRI}iso" \
	"zero${ZWSP}width${BOM}bom" \
	"$(printf 'bad \377\376 utf8')" \
	"$(printf 'overlong \300\257 slash')" \
	"$(printf 'surrogate \355\240\200 half')" \
	"Robert'); DROP TABLE contact;--" \
	"100% _under_ \\ back\\slash \" quote"
N_VALUES=$#

# Which bytes must never reach a terminal.
# check_terminal WHAT: stdout and stderr of the last command.
check_terminal() {
	for stream in out err; do
		f=$T/$stream
		if LC_ALL=C grep -qaF "$ESC" "$f"; then
			bad "raw ESC on std$stream of $1" "escaped"
		elif LC_ALL=C grep -qaF "$RAW_9B" "$f"; then
			bad "raw byte 0x9b (C1 CSI) on std$stream of $1" "escaped"
		elif LC_ALL=C grep -qaF "$RLO" "$f"; then
			bad "raw U+202E on std$stream of $1" "escaped"
		elif LC_ALL=C grep -qaF "$BEL" "$f"; then
			bad "raw BEL on std$stream of $1" "escaped"
		else
			ok
		fi
	done
}

# stored_or_refused WHAT: exit 0 (stored) or 2 (refused, with a reason).
stored_or_refused() {
	if [ "$rc" -eq 0 ]; then
		ok
	elif [ "$rc" -eq 2 ] && head -n 1 "$T/err" | grep -q '^frontdesk: '; then
		ok
	else
		bad "$1: neither stored nor refused with a reason" "exit 0, or exit 2 with 'frontdesk: ...'"
	fi
	check_terminal "$1"
}

# The database holds only clean text: valid UTF-8 without controls (but
# line breaks in messages and notes), C1, bidi or invisible characters.
DB_CHECK='
import sqlite3, sys, re
db = sqlite3.connect(sys.argv[1])
db.text_factory = bytes
bad_chars = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u061c\u200b-\u200f\u202a-\u202e\u2060-\u206f\ufeff]")
skip = set(sys.argv[2:])
problems = 0
for (t,) in db.execute("SELECT name FROM sqlite_schema WHERE type = \x27table\x27"):
    t = t.decode()
    cols = [c[1].decode() if isinstance(c[1], bytes) else c[1] for c in db.execute("PRAGMA table_info(%s)" % t)]
    for row in db.execute("SELECT rowid, * FROM %s" % t):
        if "%s:%s" % (t, row[0]) in skip:
            continue
        for col, v in zip(["rowid"] + cols, row):
            if not isinstance(v, bytes):
                continue
            try:
                s = v.decode("utf-8")
            except UnicodeDecodeError:
                print("%s.%s row %s: invalid UTF-8" % (t, col, row[0])); problems += 1; continue
            m = bad_chars.search(s)
            if m:
                print("%s.%s row %s: U+%04X" % (t, col, row[0], ord(m.group()))); problems += 1
sys.exit(1 if problems else 0)
'
check_db() {
	if msg=$(python3 -c "$DB_CHECK" "$DB" "$@" 2>&1); then
		ok
	else
		failed=$((failed + 1))
		echo "FAIL the database holds unclean text after $last_cmd:" >&2
		printf '%s\n' "$msg" | head -n 10 | sed 's/^/    /' >&2
	fi
}

# ---- the office ----
fd init
fd staff add --name "Anna Berg" --login anna --ext 201 --department Sales --role employee
fd staff add --name "Max Mertens" --login max --ext 202 --role employee --deputy anna
fd staff add --name "Sue Lang" --login sue --ext 300 --role supervisor
[ "$rc" -eq 0 ] || { echo "tests/cli/hostile.sh: cannot set up the office" >&2; exit 1; }

# ---- every command that stores text, with every hostile value ----
i=0
for v in "$@"; do
	i=$((i + 1))
	num="030 77700$(printf '%02d' "$i")"
	fd call log --for max --from "$num" --name "$v" --company "$v" --subject "$v" --message "$v
second line $v" --callback
	stored_or_refused "call log with value $i"
	fd call log --for max --from "$num" --subject "$v"
	stored_or_refused "call log --subject, value $i"
	fd contact add --name "$v" --company "$v" --phone "040 88800$(printf '%02d' "$i")" \
		--email "$v" --note "$v"
	stored_or_refused "contact add, value $i"
	fd staff add --name "$v" --login "hostile$i" --department "$v" --email "$v"
	stored_or_refused "staff add --name, value $i"
	fd staff add --name "Plain $i" --login "$v"
	if [ "$rc" -eq 2 ]; then ok; else bad "staff add --login with value $i" "exit 2: logins are letters and digits"; fi
	check_terminal "staff add --login, value $i"
	fd presence anna meeting --note "$v"
	stored_or_refused "presence --note, value $i"
	fd presence "$v" out
	if [ "$rc" -eq 2 ] || [ "$rc" -eq 1 ]; then ok; else bad "presence for login $i" "refused"; fi
	check_terminal "presence LOGIN, value $i"
	cb=$(sql "SELECT max(id) FROM callback WHERE status = 'open'")
	fd callback note "$cb" "$v"
	stored_or_refused "callback note, value $i"
	fd callback attempt "$cb" --result no-answer --note "$v"
	stored_or_refused "callback attempt --note, value $i"
	fd callback reassign "$cb" "$v"
	if [ "$rc" -ne 0 ]; then ok; else bad "callback reassign to login $i" "refused"; fi
	check_terminal "callback reassign LOGIN, value $i"
	fd callback snooze "$cb" "$v"
	if [ "$rc" -eq 2 ]; then ok; else bad "callback snooze to time $i" "exit 2"; fi
	check_terminal "callback snooze TIME, value $i"
	fd call log --for "$v" --from "030 1"
	if [ "$rc" -eq 2 ]; then ok; else bad "call log --for value $i" "exit 2"; fi
	check_terminal "call log --for, value $i"
	fd call log --for max --from "$v"
	if [ "$rc" -eq 2 ]; then ok; else bad "call log --from value $i" "exit 2"; fi
	check_terminal "call log --from, value $i"
	fd search "$v"
	if [ "$rc" -le 1 ]; then ok; else bad "search value $i" "exit 0 or 1"; fi
	check_terminal "search, value $i"
	fd ring "$v"
	if [ "$rc" -eq 2 ]; then ok; else bad "ring value $i" "exit 2"; fi
	check_terminal "ring NUMBER, value $i"
	fd calls --since "$v"
	if [ "$rc" -eq 2 ]; then ok; else bad "calls --since value $i" "exit 2"; fi
	check_terminal "calls --since, value $i"
done
check_db
tables=$(sql "SELECT count(*) FROM sqlite_schema WHERE name IN ('contact', 'call', 'staff')")
if [ "$tables" = 3 ]; then ok; else bad "SQL metacharacters dropped a table" "3 tables"; fi
n=$(sql "SELECT count(*) FROM contact WHERE name = 'Robert''); DROP TABLE contact;--'")
if [ "$n" -ge 1 ]; then ok; else bad "SQL metacharacters stored verbatim ($n)" "a contact named Robert'); DROP..."; fi
n=$(sql "SELECT count(*) FROM contact WHERE name LIKE 'zerowidthbom%'")
if [ "$n" -ge 1 ]; then ok; else bad "zero-width characters removed, the word kept ($n)" "zerowidthbom"; fi

# ---- huge fields ----
big=$(head -c 130000 /dev/zero | tr '\0' 'x')
for opt in --name --subject --message --company; do
	before=$(sql "SELECT count(*) FROM call")
	# --company counts only with the --name of a new caller
	fd call log --for max --from "030 5550001" --name "Big Field" $opt "$big"
	if [ "$rc" -eq 2 ]; then ok; else bad "call log $opt 130 KB" "exit 2"; fi
	if [ "$(wc -c <"$T/err")" -lt 1000 ]; then ok; else bad "the 130 KB refusal is short" "< 1000 bytes"; fi
	after=$(sql "SELECT count(*) FROM call")
	if [ "$before" = "$after" ]; then ok; else bad "nothing written for $opt 130 KB" "$before calls"; fi
done
fd contact add --name x --phone "030 5550002" --note "$big"
if [ "$rc" -eq 2 ]; then ok; else bad "contact add --note 130 KB" "exit 2"; fi
fd presence anna out --note "$big"
if [ "$rc" -eq 2 ]; then ok; else bad "presence --note 130 KB" "exit 2"; fi
cb=$(sql "SELECT max(id) FROM callback WHERE status = 'open'")
fd callback note "$cb" "$big"
if [ "$rc" -eq 2 ]; then ok; else bad "callback note 130 KB" "exit 2"; fi
fd search "$big"
if [ "$rc" -le 1 ]; then ok; else bad "search 130 KB" "exit 0 or 1"; fi

# 1 MB: more than one argument may hold (128 KB), so through the shell and a file
mb=$(head -c 1048576 /dev/zero | tr '\0' 'y')
printf 'contact add --name "%s" --phone "030 5550003"\n' "$mb" >"$T/script"
last_cmd="shell < 1 MB line"
"$FD" --db "$DB" shell <"$T/script" >"$T/out" 2>"$T/err"
rc=$?
if [ "$rc" -eq 2 ]; then ok; else bad "a 1 MB name through the shell" "exit 2"; fi
if [ "$(wc -c <"$T/err")" -lt 1000 ]; then ok; else bad "the 1 MB refusal is short" "< 1000 bytes"; fi
n=$(sql "SELECT count(*) FROM contact_phone WHERE e164 = '+49305550003'")
if [ "$n" = 0 ]; then ok; else bad "nothing stored for a 1 MB name" "0"; fi
printf 'Name,Phone,Notes\r\n"%s",030 5550004,x\r\nOk Person,030 5550005,"%s"\r\n' "$mb" "$mb" >"$T/big.csv"
fd import contacts "$T/big.csv"
if [ "$rc" -eq 2 ]; then ok; else bad "an import with 1 MB fields" "exit 2 (records refused)"; fi
if [ "$(wc -c <"$T/err")" -lt 4000 ]; then ok; else bad "the import refusal is short ($(wc -c <"$T/err"))" "< 4000 bytes"; fi
n=$(sql "SELECT count(*) FROM contact_phone WHERE e164 IN ('+49305550004', '+49305550005')")
if [ "$n" = 0 ]; then ok; else bad "all or nothing: nothing imported" "0"; fi
printf 'Name,Phone,Company\r\n"Imp%sorted",030 5550006,"Co%s"\r\n' "$ESC[2J" "$RLO" >"$T/esc.csv"
fd import contacts "$T/esc.csv"
stored_or_refused "import with escape sequences"
check_db

# ---- % and _ are letters in searches, not wildcards ----
fd contact add --name "Hundred% Bio" --phone "030 5550010"
fd contact add --name "Under_Score" --phone "030 5550011"
fd call log --for max --from "030 5550010" --subject "percent"
fd call log --for max --from "030 5550011" --subject "underscore"
for q in "%" "_" "%%" "%_%"; do
	fd search "$q"
	if [ "$rc" -eq 1 ]; then ok; else bad "search \"$q\" is no wildcard" "exit 1 (nobody)"; fi
done
fd --json report --list all --caller "%"
if [ "$rc" -eq 0 ]; then ok; else bad "report --caller %" "exit 0"; fi
n=$(python3 -c 'import json,sys; d=json.load(sys.stdin); rows=d if isinstance(d,list) else d.get("calls", d.get("rows", [])); print(len(rows), all("%" in (r.get("caller") or "") for r in rows))' <"$T/out" 2>&1)
case $n in
*True) ok ;;
*) bad "report --caller % matches only a literal % ($n)" "rows whose caller holds %" ;;
esac
fd --json report --list all --caller "_"
n=$(python3 -c 'import json,sys; d=json.load(sys.stdin); rows=d if isinstance(d,list) else d.get("calls", d.get("rows", [])); print(len(rows), all("_" in (r.get("caller") or "") for r in rows))' <"$T/out" 2>&1)
case $n in
*True) ok ;;
*) bad "report --caller _ matches only a literal _ ($n)" "rows whose caller holds _" ;;
esac

# ---- rows another program wrote may hold anything: shown escaped ----
sqlite3 "$DB" "
	INSERT INTO contact(id, name, company, email, note, created) VALUES (9000,
		'Raw' || char(27) || '[2J' || char(155) || char(8238) || 'Name' || CAST(X'FF9B' AS TEXT),
		'Co' || char(27) || ']0;t' || char(7), 'e' || char(27) || '@x', 'n' || char(27) || '[5m' || char(8203), 1700000000);
	INSERT INTO contact_phone(contact_id, e164, typed) VALUES (9000, '+49306666666', '030' || char(27) || '[1m 6666666');
	INSERT INTO call(at, contact_id, number, number_typed, wanted_id, taken_login, outcome, subject, message)
		SELECT strftime('%s','now') - 60, 9000, '+49306666666', 'x' || char(27) || 'y', s.id,
		'lo' || char(27) || 'gin', 'unreached', 'sub' || char(27) || '[1m' || char(155) || 'j',
		'msg' || char(27) || '[1m' || char(8238) || CAST(X'C0AF' AS TEXT) FROM staff s WHERE s.login = 'max';
	INSERT INTO callback(call_id, contact_id, number, assignee_id, created, due, subject, message)
		SELECT k.id, 9000, k.number, k.wanted_id, k.at, k.at + 3600, 'cb' || char(27) || '[5m', 'm' || char(155)
		FROM call k WHERE k.contact_id = 9000;
	UPDATE call SET callback_id = (SELECT id FROM callback WHERE contact_id = 9000) WHERE contact_id = 9000;
	INSERT INTO attempt(callback_id, at, by_login, result, note)
		SELECT id, created + 60, 'by' || char(27), 'no-answer', 'note' || char(27) || '[31m' || char(8238) FROM callback WHERE contact_id = 9000;
	INSERT INTO ring(at, number, number_typed, to_ext, contact_id)
		VALUES (strftime('%s','now') - 30, '+49306666666', 'r' || char(27), '2' || char(27), 9000);
	UPDATE staff SET presence_note = 'pn' || char(27) || '[2J' || char(8238), department = 'D' || char(155)
		WHERE login = 'anna';
	INSERT INTO staff(name, login, role, department) VALUES ('St' || char(27) || '[2Jaff' || char(8238), 'rawstaff', 'employee', 'Dep' || char(27));"
RAWCB=$(sql "SELECT id FROM callback WHERE contact_id = 9000")

# every listing, as text and as JSON
for args in "calls" "calls --limit 500" "queue --all" "queue --all --closed" "queue max" \
	"search raw" "search 2jaff" "search 0306666666" "staff list" "contact show 9000" \
	"contact show 9000 --all-data" "callback show $RAWCB" "ring 0306666666" \
	"report" "report --list all" "report --list all --sort caller" "report --by department" \
	"export calls --format json" "export callbacks --format json" "export contacts --format json" \
	"export calls --format csv" "export callbacks --format csv" "export contacts --format csv" \
	"remind --dry-run"; do
	for json in "" "--json"; do
		# shellcheck disable=SC2086
		fd $json $args
		if [ "$rc" -eq 0 ]; then ok; else bad "'$json $args' on hostile rows" "exit 0"; fi
		check_terminal "'$json $args'"
		if [ -n "$json" ] && [ "${args#export}" = "$args" ] || [ "${args%json}" != "$args" ]; then
			if python3 -c 'import json,sys; json.load(sys.stdin)' <"$T/out" 2>/dev/null; then ok; else
				bad "'$json $args' prints valid JSON" "JSON"; fi
		fi
	done
done
# and the error paths that echo what was typed
for args in "staff add --name x --login rawstaff" "callback show 99999" "contact show 99999" \
	"search ${ESC}[2J${RLO}"; do
	# shellcheck disable=SC2086
	fd $args
	check_terminal "'$args'"
done

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
