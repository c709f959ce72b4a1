# Helpers for the screen tests: a private tmux server, keys, polling.
# Sourced by tests/screen/run.sh; expects FD (the binary) and TMP.

SOCK="test-$$"
KEYS=0

tm() { tmux -L "$SOCK" "$@"; }

# start NAME DB [COLS ROWS [ENV...]]: the program in a fresh session.
start() {
	name=$1 db=$2 cols=${3:-100} rows=${4:-30}
	shift 4 2>/dev/null || shift $#
	tm new-session -d -s "$name" -x "$cols" -y "$rows" \
		"env HOME='$TMP/home' XDG_DATA_HOME='$TMP/home/data' XDG_CONFIG_HOME='$TMP/home/config' \
		XDG_STATE_HOME='$TMP/home/state' XDG_CACHE_HOME='$TMP/home/cache' \
		LANG=C.UTF-8 LC_ALL= TZ=Europe/Berlin TERM=tmux-256color FRONTDESK_DB='$db' $* \
		'$FD'; echo \"EXITED \$?\"; sleep 600"
	SESSION=$name
	KEYS=0
}

screen_text() { tm capture-pane -p -t "$SESSION"; }

show() {
	echo "---- screen ($SESSION) ----"
	screen_text
	echo "---------------------------"
}

# wait_for TEXT [SECONDS]: poll the screen until TEXT shows (fixed string).
wait_for() {
	deadline=$(( $(date +%s) + ${2:-5} ))
	while :; do
		screen_text | grep -qF -- "$1" && return 0
		[ "$(date +%s)" -ge "$deadline" ] && break
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
