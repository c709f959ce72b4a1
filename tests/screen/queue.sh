#!/bin/sh
# Screen tests for the callback queue: two programs at once (reception
# logging through the command line, an employee watching the queue in tmux).
# Usage: sh tests/screen/queue.sh ./frontdesk
set -u
SUITE=queue KILL_SERVER=1
. "$(dirname "$0")/lib.sh"

# A second window that has the focus: tmux flags a bell only in a window
# that is not the current one.
away() { tm new-window -d -t "$SESSION:1" "sleep 600"; tm select-window -t "$SESSION:1"; }
bell_flag() { tm display -p -t "$SESSION:0" '#{window_bell_flag}'; }
screen_text() { tm capture-pane -p -t "$SESSION:0" 2>/dev/null; }

# ---- the company ----
T="$TMP/template.db"
q() { "$FD" --db "$T" "$@" >/dev/null || { echo "setup failed: $*"; exit 1; }; }
q init --country-code 49
q staff add --name "Erika Empfang" --login empfang --ext 100 --department Empfang --role receptionist
q staff add --name "Markus Maier" --login mmaier --ext 201 --department Sales
q staff add --name "Anna Berg" --login aberg --ext 202 --department Sales
q contact add --name "Hans Huber" --company "Huber GmbH" --phone "030 1234567"
q contact add --name "Jörg Übel" --company "株式会社" --phone "040 5550000"
q contact add --name "Eve Evil" --company "Evil Corp" --phone "089 5550000"
sql "$T" "UPDATE contact SET name = 'Ev' || char(27) || '[31mil' WHERE name = 'Eve Evil';" \
	|| { echo "setup failed: sqlite3"; exit 1; }

# Reception logs an unreached call with a callback for LOGIN.
logcb() {
	login=$1 from=$2
	shift 2
	"$FD" --db "$DB" --as empfang call log --for "$login" --from "$from" --callback "$@" >/dev/null
}
due_of() { "$FD" --db "$DB" queue mmaier --json | tr '{' '\n' | grep "\"id\":$1," | sed 's/.*"due":"\([^"]*\)".*/\1/'; }
status_of() { sql "$DB" "SELECT status FROM callback WHERE id = $1"; }
# display column where the number starts on the line that contains TEXT
number_col() { screen_text | grep -F -- "$1" | head -1 | sed 's/+49.*//' | wc -L; }

# ---- scenarios ----

# A callback logged elsewhere shows within the second, marked, with a bell.
live_arrival() {
	fresh; start_as live "$DB" mmaier 100 30
	wait_for "your callbacks" || return 1
	wait_for "no open callbacks" || return 1
	away
	check "no bell yet" test "$(bell_flag)" = 0 || return 1
	logcb mmaier "030 1234567" --subject "Angebot 2027" || return 1
	t0=$(ms)
	wait_for "Hans Huber" 1.5 || return 1
	t1=$(ms)
	echo "  shown $((t1 - t0)) ms after the command returned, no key pressed"
	check "within 1.5 s" test $((t1 - t0)) -le 1500 || return 1
	check "marked as new on the event line" sh -c "tmux -L '$SOCK' capture-pane -p -t '$SESSION:0' | grep -q '● ..:.. new: #1 Hans Huber · Angebot 2027'" || return 1
	check "marked on its row" sh -c "tmux -L '$SOCK' capture-pane -p -t '$SESSION:0' | grep -q '^▶ ● Hans Huber'" || return 1
	check "the terminal bell rang" test "$(bell_flag)" = 1 || return 1
	# the same caller again: the count goes up, by itself
	logcb mmaier "030 1234567" || return 1
	wait_for "called again (2 calls)" 1.5 || return 1
	wait_for "×2" || return 1
	# completion by someone else shows too
	"$FD" --db "$DB" --as empfang callback done 1 >/dev/null || return 1
	wait_for "#1 Hans Huber: done (reached) by empfang" 1.5 || return 1
	wait_for "no open callbacks" || return 1
}

no_bell() {
	fresh; start_as nobell "$DB" mmaier 100 30 FRONTDESK_BELL=0
	wait_for "your callbacks" || return 1
	away
	logcb mmaier "030 1234567" || return 1
	wait_for "Hans Huber" 1.5 || return 1
	sleep 0.3
	check "FRONTDESK_BELL=0: no bell" test "$(bell_flag)" = 0 || return 1
}

attempt_keys() {
	fresh
	logcb mmaier "030 1234567" --due "+10m" --subject "Rechnung" || return 1
	start_as keys "$DB" mmaier 100 30
	wait_for "▶   Hans Huber" || return 1
	before=$(due_of 1)
	key n
	wait_for "#1 Hans Huber: no answer logged; next try" || return 1
	after=$(due_of 1)
	echo "  due $before -> $after"
	check "no answer moved the due time" test -n "$after" -a "$before" != "$after" || return 1
	check "still open" test "$(status_of 1)" = open || return 1
	check "the attempt is listed" sh -c "tmux -L '$SOCK' capture-pane -p -t '$SESSION' | grep -q 'mmaier     no-answer'" || return 1
	key b
	wait_for "busy logged" || return 1
	key r
	wait_for "note (optional, Enter closes)" || return 1
	type_text "Angebot geht raus"
	key Enter
	wait_for "#1 Hans Huber: reached, closed" || return 1
	check "reached closed it" test "$(status_of 1)" = done || return 1
	check "three attempts, the note kept" sh -c \
		"sqlite3 '$DB' \"SELECT group_concat(result || ':' || coalesce(note,''), ',') FROM attempt WHERE callback_id=1 ORDER BY id\" | grep -qx 'no-answer:,busy:,reached:Angebot geht raus'" || return 1
}

# Hand over through the picker; the colleague's queue (open at the same
# time) shows it without a key press.
handover() {
	fresh
	logcb mmaier "030 1234567" --subject "Vertrag" || return 1
	start_as anna "$DB" aberg 100 30
	wait_for "no open callbacks" || return 1
	start_as hand "$DB" mmaier 100 30
	wait_for "▶   Hans Huber" || return 1
	key h
	wait_for "hand to a colleague · #1 Hans Huber" || return 1
	type_text "berg"
	wait_for "▶ Anna Berg (aberg)" || return 1
	key Enter
	wait_for "#1 Hans Huber: handed over to aberg" || return 1
	wait_for "no open callbacks" || return 1
	check "on aberg's queue" sh -c "'$FD' --db '$DB' queue aberg --json | grep -q '\"id\":1,.*\"for\":\"aberg\"'" || return 1
	SESSION=anna
	wait_for "#1 Hans Huber · Vertrag" 1.5 || return 1
	wait_for "▶ ● Hans Huber" || return 1
}

mark_two() {
	fresh
	logcb mmaier "030 1234567" --due "+10m" --subject eins || return 1
	logcb mmaier "040 5550000" --due "+20m" --subject zwei || return 1
	logcb mmaier "0301112233" --name "Kerstin Öz" --due "+30m" --subject drei || return 1
	start_as mark "$DB" mmaier 100 30
	wait_for "▶   Hans Huber" || return 1
	key Space
	wait_for "▶   Jörg Übel" || return 1
	key Space
	wait_for "▶   Kerstin Öz" || return 1
	check "two marked" test "$(screen_text | grep -c '^.✓')" = 2 || return 1
	key r
	wait_for "reached · 2 marked callbacks" || return 1
	key Enter
	wait_for "2 marked callbacks: reached, closed" || return 1
	check "both closed, the third open" sh -c \
		"sqlite3 '$DB' 'SELECT group_concat(status, \",\") FROM (SELECT status FROM callback ORDER BY id)' | grep -qx 'done,done,open'" || return 1
	check "one reached row each" sh -c \
		"sqlite3 '$DB' \"SELECT count(*) FROM attempt WHERE result='reached'\" | grep -qx 2" || return 1
}

# Two people close the same callback: one wins, the other learns who did
# it, nothing is written twice.
race() {
	fresh
	logcb mmaier "030 1234567" || return 1
	logcb mmaier "040 5550000" || return 1
	start_as race "$DB" mmaier 100 30
	wait_for "▶   Hans Huber" || return 1
	# 1: the prompt is open when reception closes it; Enter then loses
	key r
	wait_for "note (optional" || return 1
	type_text "mein Text"
	"$FD" --db "$DB" --as empfang callback done 1 >/dev/null || return 1
	wait_for "done (reached) by empfang" 1.5 || return 1
	key Enter
	wait_for "already done: Erika Empfang (empfang) logged \"reached\"" || return 1
	check "the prompt keeps what was typed" sh -c "tmux -L '$SOCK' capture-pane -p -t '$SESSION' | grep -q 'note (optional, Enter closes): mein Text'" || return 1
	check "one reached row for #1" sh -c \
		"sqlite3 '$DB' \"SELECT count(*) FROM attempt WHERE callback_id=1 AND result='reached'\" | grep -qx 1" || return 1
	key Escape
	wait_for "▶   Jörg Übel" || return 1
	# 2: truly at once
	key r
	wait_for "note (optional" || return 1
	( "$FD" --db "$DB" --as empfang callback done 2 >"$TMP/race.out" 2>&1; echo $? >"$TMP/race.rc" ) &
	key Enter
	wait
	sleep 0.5
	check "exactly one reached row for #2" sh -c \
		"sqlite3 '$DB' \"SELECT count(*) FROM attempt WHERE callback_id=2 AND result='reached'\" | grep -qx 1" || return 1
	check "closed once" test "$(status_of 2)" = done || return 1
	if [ "$(cat "$TMP/race.rc")" = 0 ]; then
		echo "  reception won; the screen says who"
		wait_for "(empfang) logged \"reached\"" 2 || return 1
	else
		echo "  the screen won; the command line says who"
		check "the command names the winner" grep -q 'Markus Maier (mmaier) logged "reached"' "$TMP/race.out" || return 1
	fi
}

presence() {
	fresh
	start_as desk "$DB" empfang 100 30
	wait_for "switchboard" || return 1
	type_text "maier"
	wait_for "▶ Markus Maier" || return 1
	start_as pres "$DB" mmaier 100 30
	wait_for "Markus Maier: in" || return 1
	key p
	wait_for "i in · o out · m meeting" || return 1
	key m
	type_text "+1h"; key Tab; type_text "Workshop"; key Enter
	wait_for "Markus Maier now meeting" || return 1
	wait_for "Markus Maier: meeting until" || return 1
	check "stored" sh -c "sqlite3 '$DB' \"SELECT presence, presence_note FROM staff WHERE login='mmaier'\" | grep -qx 'meeting|Workshop'" || return 1
	SESSION=desk
	wait_for "meeting until" 1.5 || return 1
	# and the other way: reception sets it, the queue shows it by itself
	"$FD" --db "$DB" --as empfang presence mmaier lunch --until "+30m" >/dev/null || return 1
	SESSION=pres
	wait_for "your presence now: lunch until" 1.5 || return 1
	# a time that cannot be read keeps what was typed
	key p m
	type_text "25:99"; key Tab; type_text "bleibt"; key Enter
	wait_for "not saved: --until" || return 1
	check "typed text kept" sh -c "tmux -L '$SOCK' capture-pane -p -t '$SESSION' | grep -q 'until 25:99 .*note bleibt'" || return 1
}

# Reception opens anyone's queue from the switchboard; employees cannot.
whose() {
	fresh
	logcb aberg "030 1234567" --subject "für Anna" || return 1
	start_as whose "$DB" empfang 100 30
	wait_for "switchboard" || return 1
	key F8
	wait_for "your callbacks" || return 1
	key o
	wait_for "everyone's callbacks" || return 1
	type_text "berg"
	wait_for "▶ Anna Berg (aberg)" || return 1
	key Enter
	wait_for "callbacks of Anna Berg (1 open" || return 1
	wait_for "für Anna" || return 1
	key F8
	wait_for "switchboard" || return 1
	key F8
	wait_for "callbacks of Anna Berg" || return 1
	tm kill-server 2>/dev/null
	start_as emp "$DB" mmaier 100 30
	wait_for "your callbacks" || return 1
	key o
	wait_for "only your own queue" || return 1
}

copy_number() {
	fresh
	logcb mmaier "030 1234567" || return 1
	start_as copy "$DB" mmaier 100 30
	tm set -s set-clipboard on
	wait_for "▶   Hans Huber" || return 1
	key y
	wait_for "copied +49301234567" || return 1
	sleep 0.2
	check "OSC 52 reached the terminal's clipboard" sh -c "tmux -L '$SOCK' show-buffer | grep -qx '+49301234567'" || return 1
	key d
	wait_for "no dial command is set" || return 1
}

# Snooze with a bad time: the reason shows, the text stays; then a good one.
snooze_and_note() {
	fresh
	logcb mmaier "030 1234567" || return 1
	start_as snooze "$DB" mmaier 100 30
	wait_for "▶   Hans Huber" || return 1
	key s
	type_text "25:99"
	key Enter
	wait_for "not a time of day" || return 1
	check "typed text kept" sh -c "tmux -L '$SOCK' capture-pane -p -t '$SESSION' | grep -q 'until: 25:99'" || return 1
	key C-u
	type_text "tomorrow 9"
	wait_for "→ tomorrow 09:00" || return 1
	key Enter
	wait_for "snoozed; next try tomorrow 09:00" || return 1
	key a
	type_text "Rückruf über Zentrale, Ü漢字"
	tm resize-window -t "$SESSION" -x 30 -y 8
	wait_for "terminal too small" || return 1
	tm resize-window -t "$SESSION" -x 90 -y 24
	wait_for "note: Rückruf über Zentrale, Ü漢字" || return 1
	key Enter
	wait_for "note added" || return 1
	check "note stored" sh -c "sqlite3 '$DB' \"SELECT note FROM attempt WHERE result='note' ORDER BY id DESC LIMIT 1\" | grep -qx 'Rückruf über Zentrale, Ü漢字'" || return 1
}

looks() {
	fresh
	logcb mmaier "0895550000" --subject "böse" || return 1
	logcb mmaier "040 5550000" --subject "Übergabe" || return 1
	start_as looks "$DB" mmaier 100 30 NO_COLOR=1
	wait_for "Ev\\x1B[31mil" || return 1
	check "no raw escape reached the terminal" sh -c \
		"! tmux -L '$SOCK' capture-pane -e -p -t '$SESSION' | grep -q \"\$(printf '\033')\[31m\"" || return 1
	check "no colour escapes with NO_COLOR" sh -c \
		"! tmux -L '$SOCK' capture-pane -e -p -t '$SESSION' | grep -qE \"\$(printf '\033')\[([0-9;]*;)?(3[0-7]|4[0-7]|38;|48;)\"" || return 1
	# wide company names are padded by display width: the Number column lines up
	a=$(number_col "株式会社") b=$(number_col "Evil Corp")
	echo "  number column: $a (wide company), $b"
	check "columns line up across wide characters" test -n "$a" -a "$a" = "$b" || return 1
	tm resize-window -t "$SESSION" -x 20 -y 6
	wait_for "terminal too small" || return 1
	tm resize-window -t "$SESSION" -x 50 -y 12
	wait_for "Übergabe" || return 1
	key F10
	wait_for "EXITED 0" || return 1
}

for t in ${QUEUE_TESTS:-live_arrival no_bell attempt_keys handover mark_two race presence whose \
	copy_number snooze_and_note looks}; do
	if $t; then result 0 "$t"; else result 1 "$t"; fi
done
echo "$PASS passed, $FAIL failed"
[ "$FAIL" = 0 ]
