#!/bin/sh
# Screen tests in German: the same program with LANG=de_DE.UTF-8 (LC_ALL
# unset) shows German words, German times, and reads times typed the German
# way.  80x24, the smallest common terminal, so longer words must still fit.
# Usage: sh tests/screen/german.sh ./frontdesk
set -u
if ! locale -a 2>/dev/null | grep -qi '^de_DE\.utf-\?8$'; then
	echo "the German screen tests need the de_DE.UTF-8 locale (see scripts/deps.sh)"
	echo "0 passed, 1 failed"
	exit 1
fi
SUITE=german KILL_SERVER=1
. "$(dirname "$0")/lib.sh"

# start_de NAME DB [LOGIN]: the program in German at 80x24, acting as LOGIN
# when given (--as works for the database owner; the tests run as the owner).
start_de() {
	as=""
	[ -n "${3:-}" ] && as="--as '$3'"
	launch "$1" 80 24 "LANG=de_DE.UTF-8 LC_MESSAGES= LANGUAGE=" "--db '$2' $as"
}

# ---- the company (set up through the command line, in English) ----
T="$TMP/template.db"
q() { "$FD" --db "$T" "$@" >/dev/null || { echo "setup failed: $*"; exit 1; }; }
q init --country-code 49
q staff add --name "Erika Empfang" --login empfang --ext 100 --department Empfang --role receptionist
q staff add --name "Anna Berg" --login aberg --ext 202 --department Vertrieb
q staff add --name "Markus Maier" --login mmaier --ext 201 --department Vertrieb --role supervisor
q staff add --name "Petra Schulz" --login pschulz --ext 204 --department Support --deputy aberg
q contact add --name "Hans Huber" --company "Huber GmbH" --phone "030 1234567"
q presence pschulz meeting --until "+2h" --note "Vorstand"
# the program leaves its write-ahead log in place; fold it in before copying
sql "$T" "PRAGMA wal_checkpoint(TRUNCATE);" >/dev/null || { echo "setup failed: sqlite3"; exit 1; }


# ---- scenarios ----

# The switchboard's labels, a ring, the call card, and a due time typed the
# German way ("morgen 9:00") that is read and shown back as "morgen 09:00".
switchboard() {
	fresh; start_de sb "$DB"
	wait_for "frontdesk · Vermittlung" || return 1
	wait_for "Anrufer" || return 1
	wait_for "Gewünscht" || return 1
	wait_for "Rückrufe: 0 offen, 0 überfällig" || return 1
	wait_for "Enter nicht erreicht" || return 1
	wait_for "? Hilfe" || return 1
	fdq ring +49301234567 >/dev/null || return 1
	wait_for "Hans Huber (Huber GmbH)" 3 || return 1
	type_text "sch"
	wait_for "▶ Petra Schulz" || return 1
	wait_for "Termin bis" || return 1
	key Enter
	wait_for "Anrufkarte · nicht erreicht" || return 1
	wait_for "Rückruf (F4)" || return 1
	wait_for "bei Rückkehr" || return 1
	wait_for "Vertretung Anna Berg" || return 1
	wait_for "Enter speichern" || return 1
	# Betreff -> Nachricht -> dringend -> Beschwerde -> Rückruf -> Fällig
	key Tab Tab Tab Tab Tab
	type_text "morgen 9:00"
	wait_for "→ morgen 09:00 (in " || return 1
	key Enter
	# the status line is cut at 80 columns: the rest is checked in the database
	wait_for "gespeichert: Rückruf #1 für ps" || return 1
	want=$(TZ=Europe/Berlin date -d 'tomorrow 09:00' +%s)
	check "due tomorrow at 9:00 local time" sh -c \
		"sqlite3 '$DB' 'SELECT due FROM callback WHERE id=1' | grep -qx '$want'" || return 1
	key '?'
	wait_for "verbinden: einen verbundenen Anruf erfassen" || return 1
	wait_for "Tasten — jede Taste schließt" || return 1
}

# A German weekday and date typed on the call card: "Mo 10:00" is next
# Monday, shown back with the German weekday.
weekday() {
	fresh; start_de wd "$DB"
	wait_for "frontdesk · Vermittlung" || return 1
	fdq ring +49301234567 >/dev/null || return 1
	wait_for "Hans Huber (Huber GmbH)" 3 || return 1
	type_text "berg"
	wait_for "▶ Anna Berg" || return 1
	key Enter
	wait_for "Anrufkarte · nicht erreicht" || return 1
	key Tab Tab Tab Tab Tab
	# three days ahead: shown as weekday and date ("Do 26.11. 10:00")
	wd=$(TZ=Europe/Berlin date -d '+3 days' +%w)
	wd=$(echo "So Mo Di Mi Do Fr Sa" | cut -d' ' -f$((wd + 1)))
	day=$(TZ=Europe/Berlin date -d '+3 days' +%d.%m.)
	type_text "$wd 10:00"
	wait_for "→ $wd $day 10:00 (in " || return 1
	key BSpace BSpace BSpace BSpace BSpace BSpace BSpace BSpace
	type_text "gestern"
	wait_for "\"gestern\" ist keine lesbare Zeitangabe" || return 1
}

# The queue in German: column headings, an overdue callback shown whole in
# the due column ("überfällig seit 25 Min."), the call card words.
queue() {
	fresh
	"$FD" --db "$DB" --as empfang call log --for aberg --from "030 1234567" --callback \
		--subject "Angebot" >/dev/null || return 1
	sqlite3 "$DB" "UPDATE callback SET due = CAST(strftime('%s','now') AS INTEGER) - 1530" || return 1
	start_de q "$DB" aberg
	wait_for "frontdesk · Ihre Rückrufe (1 offen, 1 überfällig)" || return 1
	wait_for "Anrufer" || return 1
	wait_for "Fällig" || return 1
	wait_for "überfällig seit 25 Min." || return 1
	wait_for "Angebot" || return 1
	wait_for "Anrufe dieses Anrufers (1)" || return 1
	wait_for "nicht erreicht" || return 1
	wait_for "r erreicht" || return 1
	wait_for "h abgeben" || return 1
	key s
	wait_for "verschieben" || return 1
	type_text "morgen 9:00"
	wait_for "→ morgen 09:00" || return 1
	key Enter
	wait_for "Fällig morgen 09:00 (in " || return 1
	wait_for "Notiz        verschoben" || return 1
}

# The supervisor's review: German tabs and columns.
review() {
	fresh
	"$FD" --db "$DB" --as empfang call log --for aberg --from "030 1234567" --callback >/dev/null || return 1
	start_de rv "$DB" mmaier
	wait_for "frontdesk · Auswertung" || return 1
	wait_for "[Verpasste Anrufe]" || return 1
	wait_for "Kennzahlen" || return 1
	wait_for "Wann" || return 1
	wait_for "Hans Huber" || return 1
	key Tab
	wait_for "Nicht erreichte Anrufe" || return 1
	wait_for "90. Perzentil" || return 1
}

for t in switchboard weekday queue review; do
	if $t; then result 0 "$t"; else result 1 "$t"; fi
done
echo "$PASS passed, $FAIL failed"
[ "$FAIL" = 0 ]
