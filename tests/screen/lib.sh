# The screen tests' shared start and helpers: a private tmux server, the
# program in a session, keys, polling, counting.  Sourced first by every
# suite in tests/screen (after set -u), with the suite's own arguments ($1:
# the program); SUITE names the temporary directory.  Sets FD, HERE and TMP
# (with a private HOME), and removes the server and TMP on exit.
FD=$(cd "$(dirname "${1:-./frontdesk}")" && pwd)/$(basename "${1:-./frontdesk}")
HERE=$(cd "$(dirname "$0")" && pwd)
command -v tmux >/dev/null || { echo "screen tests need tmux"; exit 1; }
command -v sqlite3 >/dev/null || { echo "screen tests need sqlite3"; exit 1; }
TMP=$(mktemp -d "${TMPDIR:-/tmp}/fd-${SUITE:-screen}.XXXXXX")
mkdir -p "$TMP/home"
export HOME="$TMP/home" XDG_DATA_HOME="$TMP/home/data" XDG_CONFIG_HOME="$TMP/home/config"
export LANG=C.UTF-8 TZ=Europe/Berlin
unset LC_ALL NO_COLOR FRONTDESK_SPELLING FRONTDESK_BELL FRONTDESK_DIAL_COMMAND

SOCK="test-$$"
KEYS=0

tm() { tmux -L "$SOCK" "$@"; }
trap 'tm kill-server 2>/dev/null; rm -rf "$TMP"' EXIT INT TERM

# launch NAME COLS ROWS ENV ARGS: the program in a fresh session; ENV are
# more VAR=value words, ARGS its arguments, both already quoted for sh.
launch() {
	cmd="env HOME='$TMP/home' XDG_DATA_HOME='$TMP/home/data' XDG_CONFIG_HOME='$TMP/home/config' \
		XDG_STATE_HOME='$TMP/home/state' XDG_CACHE_HOME='$TMP/home/cache' \
		LANG=C.UTF-8 LC_ALL= TZ=Europe/Berlin TERM=tmux-256color $4 \
		'$FD' $5; echo \"EXITED \$?\"; sleep 600"
	# a server still going away after the last scenario: try again
	tm new-session -d -s "$1" -x "$2" -y "$3" "$cmd" 2>/dev/null ||
		{ sleep 0.3; tm new-session -d -s "$1" -x "$2" -y "$3" "$cmd"; }
	SESSION=$1
	KEYS=0
}

# start NAME DB [COLS ROWS [ENV...]]: the program on DB (FRONTDESK_DB).
start() {
	name=$1 db=$2 cols=${3:-100} rows=${4:-30}
	shift 4 2>/dev/null || shift $#
	launch "$name" "$cols" "$rows" "FRONTDESK_DB='$db' $*" ""
}

# start_as NAME DB LOGIN [COLS ROWS [ENV...]]: the program acting as LOGIN
# (--as works for the database owner; the tests run as the owner).
start_as() {
	name=$1 db=$2 login=$3 cols=${4:-100} rows=${5:-30}
	shift 5 2>/dev/null || shift $#
	launch "$name" "$cols" "$rows" "$*" "--db '$db' --as '$login'"
}

ms() { date +%s%3N; }

screen_text() { tm capture-pane -p -t "$SESSION"; }

show() {
	echo "---- screen ($SESSION) ----"
	screen_text
	echo "---------------------------"
}

# wait_for TEXT [SECONDS]: poll the screen until TEXT shows (fixed string;
# SECONDS may be a fraction, "1.5").
wait_for() {
	deadline=$(( $(ms) + $(awk "BEGIN { print int(${2:-5} * 1000) }") ))
	while :; do
		screen_text | grep -qF -- "$1" && return 0
		[ "$(ms)" -ge "$deadline" ] && break
		sleep 0.05
	done
	echo "  timed out waiting for: $1"
	show
	return 1
}

# wait_gone TEXT [SECONDS]
wait_gone() {
	deadline=$(( $(date +%s) + ${2:-5} ))
	while :; do
		screen_text | grep -qF -- "$1" || return 0
		[ "$(date +%s)" -ge "$deadline" ] && break
		sleep 0.05
	done
	echo "  still showing: $1"
	show
	return 1
}

# key K...: send keys (tmux names: Enter, Down, F5, or literal text with -l).
key() {
	for k in "$@"; do
		tm send-keys -t "$SESSION" "$k"
		KEYS=$((KEYS + 1))
	done
}

# type TEXT: each character is one key press.
type_text() {
	tm send-keys -t "$SESSION" -l "$1"
	KEYS=$((KEYS + $(printf %s "$1" | wc -m)))
}

stop() { tm kill-session -t "$SESSION" 2>/dev/null; }

# expect_db WHAT: a condition on the database checked with sqlite3.
sql() { sqlite3 -batch -noheader "$1" "$2"; }

check() {
	# check DESCRIPTION COMMAND...: fail the scenario when COMMAND fails
	desc=$1
	shift
	if ! "$@"; then
		echo "  check failed: $desc"
		show
		return 1
	fi
}

# ---- scenarios: a fresh copy of the template database T each, counted ----
PASS=0 FAIL=0 N=0
fresh() { N=$((N + 1)); cp "$T" "$TMP/s$N.db"; DB="$TMP/s$N.db"; }
fdq() { "$FD" --db "$DB" "$@"; }

# result RC NAME: count the scenario and end its program; with
# KILL_SERVER=1 the whole tmux server (suites that open more windows).
result() {
	if [ "$1" = 0 ]; then PASS=$((PASS + 1)); echo "ok   $2"; else FAIL=$((FAIL + 1)); echo "FAIL $2"; fi
	if [ "${KILL_SERVER:-0}" = 1 ]; then
		tm kill-server 2>/dev/null
		i=0
		while tm has-session 2>/dev/null && [ $i -lt 40 ]; do sleep 0.05; i=$((i + 1)); done
	else
		stop
	fi
}
