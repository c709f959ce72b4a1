#!/bin/sh
# Screen tests for the supervisor's review: the missed-call log, its lists
# and filters, a row's history, the figures (checked against 'frontdesk
# report --json'), refusal for other roles, resizing, NO_COLOR, escaping.
# Usage: sh tests/screen/review.sh ./frontdesk
set -u
SUITE=review
. "$(dirname "$0")/lib.sh"

# json_total FIELD JSON: a number from the "total" object of report --json.
json_total() { printf '%s\n' "$2" | sed 's/.*"total":{//' | grep -o "\"$1\":[0-9]*" | head -1 | cut -d: -f2; }
# rows_with TEXT: how many log rows on the screen (marked by the date) show TEXT
rows_with() { screen_text | grep -E '^[ ▶] [0-9]{2}\.[0-9]{2}\.[0-9]{2} ' | grep -cF -- "$1"; }
log_rows() { screen_text | grep -cE '^[ ▶] [0-9]{2}\.[0-9]{2}\.[0-9]{2} '; }
# select_row TEXT: from the first row down to the row showing TEXT
select_row() {
	key PPage
	i=0
	while [ $i -lt 30 ]; do
		screen_text | grep -E '^▶ ' | grep -qF -- "$1" && return 0
		key Down
		sleep 0.1
		i=$((i + 1))
	done
	echo "  no row shows: $1"
	show
	return 1
}
# display column where TEXT starts in the first screen line matching LINE
col_of() { l=$(screen_text | grep -F -- "$1" | head -1); p=${l%%"$2"*}; printf '%s' "$p" | wc -L; }

# ---- a small company: three missed calls in known states ----
T="$TMP/template.db"
q() { "$FD" --db "$T" "$@" >/dev/null || { echo "setup failed: $*"; exit 1; }; }
q init --country-code 49
q staff add --name "Sina Sommer" --login ssommer --ext 300 --department Leitung --role supervisor
q staff add --name "Petra Schulz" --login pschulz --ext 204 --department Support
q staff add --name "Anna Berg" --login aberg --ext 202 --department Sales
q staff add --name "Erika Empfang" --login empfang --ext 100 --department Empfang --role receptionist
q staff add --name "Adam Admin" --login aadmin --ext 101 --department IT --role admin
# 1: reached (done); 2: open, made overdue below; 3: no callback at all
q call log --for pschulz --from "030 1234567" --name "Hans Huber" --company "Huber GmbH" --callback --subject Angebot
q call log --for pschulz --from "040 5550000" --name "Eve Evil" --company "Evil Corp" --callback
q call log --for aberg --from "089 1234567" --name "Grit Maß" --subject Rechnung
q callback attempt 1 --result no-answer --note "Mailbox voll"
q callback attempt 1 --result reached --note "Angebot geschickt"
# overdue an hour; and stored text with an escape sequence and wide
# characters, as a damaged or hostile database would hold it
sql "$T" "UPDATE callback SET due = CAST(strftime('%s','now') AS INTEGER) - 3600 WHERE id = 2;
	UPDATE contact SET name = 'Ev' || char(27) || '[31mil 漢字名', company = '株式会社' WHERE name = 'Eve Evil';" \
	|| { echo "setup failed: sqlite3"; exit 1; }

# ---- the demo company, for the figures ----
DEMO="$TMP/demo.db"
"$FD" --db "$DEMO" init --demo >/dev/null || { echo "setup failed: init --demo"; exit 1; }
SUP=$("$FD" --db "$DEMO" staff list --json | grep -o '"login":"[^"]*"[^}]*"role":"supervisor"' |
	head -1 | sed 's/"login":"\([^"]*\)".*/\1/')
[ -n "$SUP" ] || { echo "setup failed: no supervisor in the demo company"; exit 1; }


# ---- scenarios ----

# A supervisor lands on the review; the figures are the command line's.
figures_agree() {
	start_as figures "$DEMO" "$SUP" 100 30
	wait_for "frontdesk · review" || return 1
	wait_for "[Missed-call log]" || return 1
	json=$("$FD" --db "$DEMO" --as "$SUP" report --json) || return 1
	u=$(json_total unreached_calls "$json")
	c=$(json_total callbacks "$json")
	r=$(json_total reached "$json")
	nr=$(json_total never_reached "$json")
	check "report --json has figures" test -n "$u" -a -n "$c" -a "$u" -gt 0 || return 1
	echo "  report --json: $u unreached calls, $c callbacks, $r reached"
	wait_for "unreached calls $u · callbacks $c · reached $r ·" || return 1
	wait_for "never reached $nr" || return 1
	key Tab
	wait_for "[Figures]" || return 1
	check "the figures table shows the unreached calls" sh -c \
		"tmux -L '$SOCK' capture-pane -p -t '$SESSION' | grep -qE '^ Unreached calls +$u '" || return 1
	check "the figures table shows the callbacks" sh -c \
		"tmux -L '$SOCK' capture-pane -p -t '$SESSION' | grep -qE '^ Callbacks +$c\$'" || return 1
	wait_for "By department" || return 1
	key Tab
	wait_for "[Charts]" || return 1
	wait_for "Unreached calls by hour of day" || return 1
	check "bars are plain '#'" sh -c \
		"tmux -L '$SOCK' capture-pane -p -t '$SESSION' | grep -qE '^  [0-9]{2}  \|#+ +[0-9]+'" || return 1
	# the log, first page: every row an unreached call of the period
	key Tab
	wait_for "[Missed-call log]" || return 1
	wait_for "200+ calls" || return 1
	# paging down reads the next pages (keyset): the whole period's calls,
	# as many as the figures count
	key NPage NPage NPage NPage NPage NPage NPage NPage NPage NPage
	if [ "$u" -gt 420 ]; then wait_for "│ 400+ calls" || return 1; else wait_for "│ $u calls" || return 1; fi
}

lists() {
	fresh; start_as lists "$DB" ssommer 100 30
	wait_for "[a all]" || return 1
	wait_for "Hans Huber" || return 1
	wait_for "Grit Maß" || return 1
	check "three missed calls listed" test "$(log_rows)" -eq 3 || return 1
	key n
	wait_for "[n never called back]" || return 1
	wait_gone "Hans Huber" || return 1
	wait_for "Grit Maß" || return 1
	never=$(fdq --as ssommer report --list never --json | grep -o '"call":' | wc -l)
	check "never called back: as many rows as report --list never ($never)" \
		test "$(log_rows)" -eq "$never" || return 1
	key o
	wait_for "[o overdue]" || return 1
	wait_gone "Grit Maß" || return 1
	wait_for "overdue" || return 1
	check "overdue: only Eve's call" test "$(log_rows)" -eq 1 -a "$(rows_with '31mil')" -eq 1 || return 1
	key h
	wait_for "[h after hours]" || return 1
	after=$(fdq --as ssommer report --list after-hours --json | grep -o '"call":' | wc -l)
	check "after hours: as many rows as report --list after-hours ($after)" \
		test "$(log_rows)" -eq "$after" || return 1
	key a
	wait_for "[a all]" || return 1
	wait_for "Hans Huber" || return 1
	# the 30 days before: nothing there; back to the current period
	key '['
	wait_for "unreached calls 0 · callbacks 0" || return 1
	wait_for "no missed calls match in this period" || return 1
	key ']'
	wait_for "last 30 days" || return 1
	wait_for "unreached calls 3 · callbacks 2" || return 1
	wait_for "Hans Huber" || return 1
	key p
	wait_for "last 90 days" || return 1
	wait_for "unreached calls 3 ·" || return 1
}

filters() {
	fresh; start_as filters "$DB" ssommer 100 30
	wait_for "Grit Maß" || return 1
	key f
	wait_for "Filter the missed-call log" || return 1
	key Tab; type_text "Support"; key Enter
	wait_for "filter: department Support" || return 1
	wait_gone "Grit Maß" || return 1
	check "only Support's calls" test "$(log_rows)" -eq 2 -a "$(rows_with Support)" -eq 2 || return 1
	key x
	wait_for "no filter" || return 1
	wait_for "Grit Maß" || return 1
	# a person who does not exist: the form stays, with the reason
	key f
	wait_for "Filter the missed-call log" || return 1
	type_text "nobody"; key Enter
	wait_for 'no staff member matches "nobody"' || return 1
	key C-u; type_text "aberg"; key Enter
	wait_for "filter: person aberg" || return 1
	wait_gone "Hans Huber" || return 1
	check "only Anna Berg's call" test "$(log_rows)" -eq 1 -a "$(rows_with 'Grit Maß')" -eq 1 || return 1
	# the caller filter: part of a name
	key x f Tab Tab Tab
	type_text "huber"; key Enter
	wait_for "filter: caller huber" || return 1
	wait_gone "Grit Maß" || return 1
	check "only Hans Huber's call" test "$(log_rows)" -eq 1 -a "$(rows_with 'Hans Huber')" -eq 1 || return 1
	# sorting by caller, A to Z
	key x s
	wait_for "sorted by Caller ▲" || return 1
	first=$(screen_text | grep -E '^▶ ' | head -1)
	check "sorted by caller: Ev... first" sh -c "printf '%s' '$first' | grep -q 'Ev'" || return 1
}

# The figure line follows the department filter, and the person filter
# only where per-person figures are on; otherwise the screen says why.
figures_follow_filters() {
	fresh; start_as figfilter "$DB" ssommer 100 30
	wait_for "unreached calls 3 · callbacks 2 · reached 1 · still open 1 · overdue 1" || return 1
	# Support: Hans Huber's call (reached) and Eve's (open, overdue)
	key f Tab; type_text "Support"; key Enter
	wait_for "filter: department Support" || return 1
	wait_for "Support: unreached calls 2 · callbacks 2 · reached 1 · still open 1 · overdue 1" || return 1
	# Sales: Grit Maß's call, no callback
	key f; key C-u; key Tab; key C-u; type_text "Sales"; key Enter
	wait_for "filter: department Sales" || return 1
	wait_for "Sales: unreached calls 1 · callbacks 0 · reached 0 · still open 0 · overdue 0" || return 1
	key Tab
	wait_for "Figures for the department Sales" || return 1
	check "the figures table is Sales' alone" sh -c \
		"tmux -L '$SOCK' capture-pane -p -t '$SESSION' | grep -qE '^ Unreached calls +1 '" || return 1
	key Tab Tab
	wait_for "[Missed-call log]" || return 1
	# a department nobody works in: the form stays, figures as they were
	key f Tab; key C-u; type_text "Sails"; key Enter
	wait_for 'nobody works in a department called "Sails"' || return 1
	key Escape
	wait_for "Sales: unreached calls 1 ·" || return 1
	key x
	wait_for "no filter" || return 1
	wait_gone "Sales: unreached" || return 1
	wait_for "unreached calls 3 · callbacks 2 ·" || return 1
	# a person, without the works council's agreement: company figures, and why
	key f; type_text "pschulz"; key Enter
	wait_for "filter: person pschulz (log only)" || return 1
	# (at 100 columns this prefix makes the line take its shorter words)
	wait_for "whole company: unreached 3 · callbacks 2 · reached 1 · open 1" || return 1
	key Tab
	wait_for "not for pschulz: per-person figures need" || return 1
	stop
	# with it: Petra Schulz's figures
	sql "$DB" "INSERT INTO meta VALUES ('report_per_person', '1')" || return 1
	start_as figfilter2 "$DB" ssommer 100 30
	wait_for "unreached calls 3 ·" || return 1
	key f; type_text "pschulz"; key Enter
	wait_for "filter: person pschulz │" || return 1
	wait_for "pschulz: unreached calls 2 · callbacks 2 · reached 1 ·" || return 1
}

history() {
	fresh; start_as history "$DB" ssommer 100 30
	wait_for "Hans Huber" || return 1
	select_row "Hans Huber" || return 1
	key Enter
	wait_for "The caller's history" || return 1
	wait_for "Hans Huber (Huber GmbH)" || return 1
	wait_for "Callback #1 · done" || return 1
	wait_for "Callbacks for this caller (1)" || return 1
	wait_for "▶ #1 · done · for Petra Schulz" || return 1
	wait_for "no-answer" || return 1
	wait_for "reached         by" || return 1
	wait_for "Angebot geschickt" || return 1
	wait_for "Every call from this caller (1)" || return 1
	key Escape
	wait_for "[a all]" || return 1
	# a call without a callback still shows who called and when
	select_row "Grit Maß" || return 1
	key Enter
	wait_for "No callback was scheduled for this call." || return 1
	wait_for "Callbacks for this caller (0)" || return 1
	wait_for "Every call from this caller (1)" || return 1
	key Escape
	wait_for "[a all]" || return 1
	# she calls again and gets a callback, tried once: her first row, still
	# without a callback, shows that callback and its attempt all the same
	fdq call log --for aberg --from "089 1234567" --callback >/dev/null || return 1
	fdq callback attempt 3 --result no-answer --note "besetzt" >/dev/null || return 1
	i=0; while [ "$(rows_with 'Grit Maß')" -lt 2 ] && [ $i -lt 60 ]; do sleep 0.05; i=$((i + 1)); done
	check "both of her calls listed" test "$(rows_with 'Grit Maß')" -eq 2 || return 1
	select_row "Grit Maß" || return 1
	key Down
	sleep 0.1
	check "her first call, without a callback, is selected" sh -c \
		"tmux -L '$SOCK' capture-pane -p -t '$SESSION' | grep -E '^▶ ' | grep 'Grit Maß' | grep -q none" || { show; return 1; }
	key Enter
	wait_for "No callback was scheduled for this call." || return 1
	wait_for "Callbacks for this caller (1)" || return 1
	wait_for "  #3 · open · for Anna Berg" || return 1
	wait_for "no-answer       by" || return 1
	wait_for "besetzt" || return 1
	wait_for "Every call from this caller (2)" || return 1
	key Escape
	wait_for "[a all]" || return 1
	key Up Enter
	wait_for "Callback #3 · open" || return 1
	wait_for "▶ #3 · open · for Anna Berg" || return 1
	wait_for "besetzt" || return 1
	wait_for "Every call from this caller (2)" || return 1
	key Escape
	wait_for "[a all]" || return 1
}

# Another process logs a missed call: it shows without a key press.
live() {
	fresh; start_as live "$DB" ssommer 100 30
	wait_for "unreached calls 3 ·" || return 1
	fdq call log --for aberg --from "0171 5556677" --name "Lena Neu" >/dev/null || return 1
	wait_for "Lena Neu" 3 || return 1
	wait_for "unreached calls 4 ·" 3 || return 1
}

refused() {
	fresh; start_as refused "$DB" empfang 100 30
	wait_for "switchboard" || return 1
	key F9
	wait_for "The review is for supervisors and administrators." || return 1
	wait_for "not allowed for your role (receptionist)" || return 1
	check "no figures shown" sh -c "! tmux -L '$SOCK' capture-pane -p -t '$SESSION' | grep -q 'unreached calls'" || return 1
	key F9
	wait_for "switchboard" || return 1
}

admin_opens() {
	fresh; start_as admin "$DB" aadmin 100 30
	wait_for "switchboard" || return 1
	key F9
	wait_for "frontdesk · review" || return 1
	wait_for "unreached calls 3 · callbacks 2 · reached 1 ·" || return 1
	key F9
	wait_for "switchboard" || return 1
}

resize() {
	fresh; start_as resize "$DB" ssommer 100 30
	wait_for "Grit Maß" || return 1
	key f Tab; type_text "Sales"
	tm resize-window -t "$SESSION" -x 30 -y 8
	wait_for "terminal too small" || return 1
	tm resize-window -t "$SESSION" -x 60 -y 16
	wait_for "Filter the missed-call log" || return 1
	key Enter
	wait_for "filter: department Sales" || return 1
	wait_for "Grit Maß" || return 1
	tm resize-window -t "$SESSION" -x 100 -y 30
	wait_for "Department" || return 1
	wait_for "Sales" || return 1
	key '?'
	wait_for "never called back (no reached attempt" || return 1
}

escapes_and_wide() {
	fresh; start_as escapes "$DB" ssommer 100 30
	wait_for 'Ev\x1B[31mil 漢' || return 1
	check "no raw escape reached the terminal" sh -c \
		"! tmux -L '$SOCK' capture-pane -e -p -t '$SESSION' | grep -q \"Ev\$(printf '\033')\"" || return 1
	hdr=$(col_of "Taken by" "For")
	row=$(col_of '31mil' "Petra Schulz")
	check "wide characters padded by display width (For at column $hdr, row at $row)" \
		test "$hdr" -eq "$row" || return 1
}

no_color() {
	fresh; start_as nocolor "$DB" ssommer 100 30 NO_COLOR=1
	wait_for "Hans Huber" || return 1
	key o
	wait_for "[o overdue]" || return 1
	check "no colour escapes with NO_COLOR" sh -c \
		"! tmux -L '$SOCK' capture-pane -e -p -t '$SESSION' | grep -qE \"\$(printf '\033')\[([0-9;]*;)?(3[0-7]|4[0-7]|38;|48;)\"" || return 1
	key F10
	wait_for "EXITED 0" || return 1
}

for t in figures_agree lists filters figures_follow_filters history live refused admin_opens resize \
	escapes_and_wide no_color; do
	if $t; then result 0 "$t"; else result 1 "$t"; fi
done
echo "$PASS passed, $FAIL failed"
[ "$FAIL" = 0 ]
