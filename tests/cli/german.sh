#!/bin/sh
# The command line in German (LANG=de_DE.UTF-8, LC_ALL unset): messages and
# help are German, the exit codes and the "frontdesk:" prefix stay, times
# typed the German way are read, and --json is the same in every language.
#
#   sh tests/cli/german.sh ./frontdesk
set -u

if [ $# -lt 1 ]; then
	echo "usage: sh tests/cli/german.sh ./frontdesk" >&2
	exit 2
fi
case $1 in
/*) FD=$1 ;;
*) FD=$(pwd)/$1 ;;
esac
if ! locale -a 2>/dev/null | grep -qi '^de_DE\.utf-\?8$'; then
	echo "tests/cli/german.sh: the de_DE.UTF-8 locale is missing (see scripts/deps.sh)"
	echo "0 passed, 1 failed"
	exit 1
fi

T=$(mktemp -d "${TMPDIR:-/tmp}/fd-german.XXXXXX") || exit 1
trap 'rm -rf "$T"' EXIT INT TERM
HOME=$T/home XDG_DATA_HOME=$T/data XDG_CONFIG_HOME=$T/config TZ=Europe/Berlin
export HOME XDG_DATA_HOME XDG_CONFIG_HOME TZ
mkdir -p "$HOME" "$XDG_CONFIG_HOME"
unset LC_ALL LC_MESSAGES LANGUAGE FRONTDESK_DB FRONTDESK_LOCALEDIR
DB=$T/fd.db

passed=0 failed=0
ok() { passed=$((passed + 1)); echo "ok   $1"; }
bad() {
	failed=$((failed + 1))
	echo "FAIL $1"
	echo "  stdout:"; sed 's/^/    /' "$T/out"
	echo "  stderr:"; sed 's/^/    /' "$T/err"
}
# de ARGS / en ARGS: run in German / English; output in $T/out, $T/err; status in rc
de() { LANG=de_DE.UTF-8 "$FD" --db "$DB" "$@" >"$T/out" 2>"$T/err"; rc=$?; }
en() { LANG=C.UTF-8 "$FD" --db "$DB" "$@" >"$T/out" 2>"$T/err"; rc=$?; }
# expect NAME STATUS FILE TEXT: the status and a fixed string in out or err
expect() {
	if [ "$rc" = "$2" ] && grep -qF -- "$4" "$T/$3"; then ok "$1"; else bad "$1 (exit $rc, want $2; want \"$4\" in $3)"; fi
}

# ---- the company, set up through the command line ----
q() { "$FD" --db "$DB" "$@" >/dev/null 2>&1 || { echo "setup failed: $*"; exit 1; }; }
LANG=C.UTF-8; export LANG
q init --country-code 49
q staff add --name "Erika Empfang" --login empfang --ext 100 --department Empfang --role receptionist
q staff add --name "Anna Berg" --login aberg --ext 202 --department Vertrieb
q staff add --name "Petra Schulz" --login pschulz --ext 204 --department Support --deputy aberg
q contact add --name "Hans Huber" --company "Huber GmbH" --phone "030 1234567"
q presence pschulz meeting --until "+2h" --note "Vorstand"

# ---- messages ----

de frobnicate
expect "an unknown command: German, exit 2" 2 err 'frontdesk: unbekannter Befehl "frobnicate"; siehe'
if [ "$(head -c 11 "$T/err")" = "frontdesk: " ]; then ok "the prefix stays frontdesk:"; else bad "the prefix stays frontdesk:"; fi

en frobnicate
expect "the same in English (LANG=C.UTF-8)" 2 err 'frontdesk: unknown command "frobnicate"'

de call log --for nobody --from "030 1234567"
expect "a message from the core: German, exit 2" 2 err 'frontdesk: kein Mitarbeiter passt zu "nobody"'

de call log --for aberg --from "030 1234567" --callback --due gestern
expect "an unreadable time: German reason and hint" 2 err \
	'frontdesk: Fälligkeit: "gestern" ist keine lesbare Zeitangabe; etwa 14:30, morgen 9, +2h oder 01.12.2026'

de call log --for aberg --from "030 1234567" --callback --due "+2"
expect "a number without a unit" 2 err 'geben Sie nach der Zahl eine Einheit an'

de call log --for aberg --from "030 1234567" --foo
expect "a usage error names the usage in German" 2 err 'Aufruf: frontdesk call log'

# ---- help ----

de --help
expect "--help is German" 0 out 'Aufruf: frontdesk [--db PFAD]'
expect "--help lists the commands in German" 0 out 'Anrufe auflisten, neueste zuerst'
expect "--help explains the exit status in German" 0 out 'Exit-Status: 0 Erfolg'
de queue --help
expect "a command's help is German" 0 out 'offene Rückrufe auflisten'

# ---- times typed and shown the German way ----

de call log --for aberg --from "030 1234567" --callback --due "morgen 9:00" --subject Angebot
expect "\"morgen 9:00\" is accepted" 0 out 'Anruf 1 erfasst; Rückruf #1 fällig morgen 09:00, für aberg'
want=$(date -d 'tomorrow 09:00' +%s)
got=$(sqlite3 "$DB" "SELECT due FROM callback WHERE id = 1" 2>/dev/null)
if [ "$got" = "$want" ]; then ok "due tomorrow 9:00 local time"; else bad "due tomorrow 9:00 local time (got $got, want $want)"; fi

de callback attempt 1 --result no-answer --next "Mo 10:00"
expect "a German weekday is accepted" 0 out 'Rückruf #1: no-answer erfasst; nächster Versuch'

de callback snooze 1 "in 2 Std."
expect "\"in 2 Std.\", as the screens write it, is accepted" 0 out 'Rückruf #1 verschoben'

de queue aberg
expect "the queue listing shows German times" 0 out ' Std.  '
expect "the queue listing's words are German" 0 out 'Anrufe 1  Versuche 1'

de staff list
expect "presence in German" 0 out 'Termin bis'
expect "the deputy in German" 0 out 'Vertretung: Anna Berg'

de callback show 1
expect "callback show in German" 0 out 'Rückruf #1  offen, in '
expect "callback show: the outcome in German" 0 out 'nicht erreicht für aberg'

de report
expect "a report figure line: German label and duration" 0 out 'erreicht binnen 1 Std.'

# ---- --json is not translated ----

same_json() {
	name=$1
	shift
	en --json "$@"
	# a ring is numbered: the second one gets the next number
	sed 's/"ring":[0-9]*,//' "$T/out" >"$T/en.json"
	en_rc=$rc
	de --json "$@"
	sed -i 's/"ring":[0-9]*,//' "$T/out"
	if [ "$rc" = "$en_rc" ] && [ -s "$T/out" ] && cmp -s "$T/out" "$T/en.json"; then
		ok "--json $name: the same in German and English"
	else
		diff "$T/en.json" "$T/out" | head -5 >"$T/err"
		bad "--json $name: the same in German and English"
	fi
}
same_json "staff list" staff list
same_json "search" search berg
same_json "queue" queue --all
same_json "calls" calls
same_json "callback show" callback show 1
same_json "ring" ring "030 1234567"
de --json staff list
if grep -q '"presence":"meeting"' "$T/out"; then ok "--json keeps the argument words (meeting)"; else bad "--json keeps the argument words (meeting)"; fi

echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
