#!/bin/sh
# The line-mode shell, import, configuration files and the bash completion,
# driven through the real binary; the interactive shell through a pty in a
# private tmux server.
#
#   sh tests/cli/shell.sh ./frontdesk       (from the repository root)
#
# Prints "N passed, N failed"; exits non-zero when anything failed.
set -u

if [ $# -lt 1 ]; then
	echo "usage: sh tests/cli/shell.sh ./frontdesk" >&2
	exit 2
fi
case $1 in
/*) FD=$1 ;;
*) FD=$(pwd)/$1 ;;
esac
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
FIX=$ROOT/tests/fixtures/import
for tool in tmux mktemp; do
	command -v "$tool" >/dev/null 2>&1 || { echo "tests/cli/shell.sh: $tool is needed" >&2; exit 2; }
done

T=$(mktemp -d "${TMPDIR:-/tmp}/fd-shell.XXXXXX") || exit 1
SOCK=test-$$
HOME=$T/home XDG_DATA_HOME=$T/data XDG_CONFIG_HOME=$T/config
LANG=C.UTF-8 LC_ALL=C.UTF-8 TZ=Europe/Berlin
export HOME XDG_DATA_HOME XDG_CONFIG_HOME LANG LC_ALL TZ
unset FRONTDESK_DB FRONTDESK_CONFIG
mkdir -p "$HOME" "$XDG_DATA_HOME" "$XDG_CONFIG_HOME"
DB=$T/fd.db
trap 'tmux -L "$SOCK" kill-server 2>/dev/null; rm -rf "$T"' EXIT INT TERM

passed=0
failed=0
ok() { passed=$((passed + 1)); }
bad() {
	failed=$((failed + 1))
	echo "FAIL: $*"
}
# expect DESCRIPTION COMMAND...: the command must succeed
expect() {
	d=$1
	shift
	if "$@"; then ok; else bad "$d"; fi
}

# ---- the interactive shell in tmux ----
tm() { tmux -L "$SOCK" -f /dev/null "$@"; }
start_shell() {
	tm kill-session -t sh 2>/dev/null
	tm new-session -d -s sh -x 100 -y 30 \
		"env HOME='$HOME' XDG_DATA_HOME='$XDG_DATA_HOME' XDG_CONFIG_HOME='$XDG_CONFIG_HOME' \
		LANG=C.UTF-8 LC_ALL=C.UTF-8 TZ=Europe/Berlin TERM=screen \
		'$FD' --db '$DB' shell; echo \"EXITED \$?\"; sleep 600"
	wait_for "frontdesk>"
}
screen_text() { tm capture-pane -p -t sh; }
wait_for() {
	deadline=$(($(date +%s) + ${2:-5}))
	while :; do
		screen_text | grep -qF -- "$1" && return 0
		[ "$(date +%s)" -ge "$deadline" ] && break
		sleep 0.05
	done
	echo "  timed out waiting for: $1"
	echo "---- screen ----"
	screen_text
	echo "----------------"
	return 1
}
type_text() { tm send-keys -t sh -l "$1"; }
key() { tm send-keys -t sh "$@"; }

"$FD" --db "$DB" init >/dev/null || { echo "cannot init $DB"; exit 1; }
"$FD" --db "$DB" staff add --name "Zacharias Quandt" --login zquandt --ext 401 >/dev/null
"$FD" --db "$DB" staff add --name "Zora Quist" --login zquist --ext 402 >/dev/null
"$FD" --db "$DB" contact add --name "Quirin Zwerger" --phone "+49 30 9988776" >/dev/null

start_shell
# a command's first word
type_text "sta"
key Tab
type_text "li"
key Tab
expect "Tab completes a command and its second word" wait_for "frontdesk> staff list"
key C-u
# a partial name (fd_search), then run it
type_text "search Quan"
key Tab
expect "Tab completes a partial name" wait_for "frontdesk> search Quandt"
key Enter
expect "the completed command runs" wait_for "Zacharias Quandt"
# a contact's name
type_text "search Zwer"
key Tab
expect "Tab completes a contact's name" wait_for "frontdesk> search Zwerger"
key C-u
# logins, two candidates: the common part, then the list
type_text "presence zq"
key Tab
expect "two logins: the common part" wait_for "frontdesk> presence zqu"
key Tab
expect "second Tab lists both logins" wait_for "zquandt  zquist"
key C-u
type_text "call log --urg"
key Tab
expect "Tab completes an option" wait_for "frontdesk> call log --urgent"
key C-u
type_text "help"
key Enter
expect "help lists the commands" wait_for "Exit status:"
key C-l
type_text "exit"
key Enter
expect "exit leaves with status 0" wait_for "EXITED 0"

HIST=$XDG_DATA_HOME/frontdesk/history
expect "history file written" test -f "$HIST"
expect "history file is private (0600)" sh -c "[ \"\$(stat -c %a '$HIST')\" = 600 ]"
expect "history holds the command" grep -q "search" "$HIST"

# history across runs; Ctrl-D leaves
start_shell
key Up
expect "Up recalls the last run's command" wait_for "frontdesk> help"
key Up
expect "and the one before" wait_for "frontdesk> search Quandt"
key C-u C-d
expect "Ctrl-D leaves with status 0" wait_for "EXITED 0"

# a line starting with a space stays out of the history
start_shell
type_text " version"
key Enter
wait_for "frontdesk 0.1.0" >/dev/null
type_text "quit"
key Enter
wait_for "EXITED" >/dev/null
expect "a line starting with a space is not remembered" sh -c "! grep -q version '$HIST'"

# ---- batch mode ----
printf 'staff list\n# a comment\n\nsearch Quandt\npresence nobody in\nstaff add --name "Never Added" --login never\n' \
	>"$T/script"
"$FD" --db "$DB" shell <"$T/script" >"$T/out" 2>"$T/err"
rc=$?
expect "batch stops with the failed command's status (2)" test "$rc" = 2
expect "batch names the failed line" grep -q '^frontdesk: line 5: no staff member matches "nobody"' "$T/err"
expect "batch ran the lines before" grep -q "Zacharias Quandt" "$T/out"
expect "batch prints no prompt" sh -c "! grep -q 'frontdesk>' '$T/out'"
expect "batch does not run the lines after" sh -c "! '$FD' --db '$DB' staff list | grep -q never"

printf 'version\nsearch "unclosed\nversion\n' | "$FD" --db "$DB" shell >"$T/out" 2>"$T/err"
rc=$?
expect "an open quote stops the batch (2)" test "$rc" = 2
expect "an open quote is named with its line" grep -q "^frontdesk: line 2: a double quote is not closed" "$T/err"

printf 'contact add --name "O'"'"'Brien, Pat" --phone '"'"'+49 30 555 01'"'"'\nsearch O\\'"'"'Brien\nquit\nversion\n' |
	"$FD" --db "$DB" shell >"$T/out" 2>"$T/err"
rc=$?
expect "quotes and backslashes split like sh" test "$rc" = 0
expect "the quoted name arrived whole" grep -q "O'Brien, Pat" "$T/out"
expect "quit ends the batch" sh -c "! grep -q 'frontdesk 0.1.0' '$T/out'"

printf 'shell\n' | "$FD" --db "$DB" shell >/dev/null 2>"$T/err"
expect "no shell inside the shell" grep -q "the shell already" "$T/err"

# ---- import ----
"$FD" --db "$DB" import contacts "$FIX/broken-rows.csv" >"$T/out" 2>"$T/err"
rc=$?
expect "rejected rows: exit 2" test "$rc" = 2
expect "each rejected row with its line" sh -c "grep -c 'broken-rows.csv:[3456]: ' '$T/err' | grep -qx 4"
expect "rejected import writes nothing" sh -c "! '$FD' --db '$DB' search Gute >/dev/null 2>&1"
"$FD" --db "$DB" import contacts "$FIX/google-bom.csv" --dry-run >"$T/out" 2>&1
expect "dry run says what it would do" grep -q "dry run: would import 2 contacts" "$T/out"
expect "dry run writes nothing" sh -c "! '$FD' --db '$DB' search Kaya >/dev/null 2>&1"
"$FD" --db "$DB" import contacts "$FIX/google-bom.csv" >"$T/out" 2>&1
expect "import adds" grep -q "imported 2 contacts" "$T/out"
"$FD" --db "$DB" import contacts "$FIX/google-bom.csv" >"$T/out" 2>&1
expect "importing again merges" grep -q "2 merged with existing contacts" "$T/out"
n=$("$FD" --db "$DB" search Kaya 2>/dev/null | grep -c "Aylin Kaya")
expect "no duplicate after merging" test "$n" = 1
"$FD" --db "$DB" import contacts "$FIX/outlook-semicolon-cp1252.csv" >/dev/null 2>&1
expect "Outlook (Windows-1252) names arrive as UTF-8" sh -c "'$FD' --db '$DB' search Weiß | grep -q 'Jürgen Weiß'"
"$FD" --db "$DB" import staff "$FIX/staff.csv" >/dev/null 2>&1
expect "staff import" sh -c "'$FD' --db '$DB' staff list | grep -q opetrova"
"$FD" --db "$DB" import contacts "$FIX/empty.csv" >/dev/null 2>"$T/err"
rc=$?
expect "an empty file: exit 2" test "$rc" = 2
expect "an empty file: says so" grep -q "empty.csv: the file is empty" "$T/err"

# ---- configuration ----
mkdir -p "$XDG_CONFIG_HOME/frontdesk"
CONF=$XDG_CONFIG_HOME/frontdesk/config
printf '# mine\nbell = off\ncolour = on\n' >"$CONF"
"$FD" --db "$DB" staff list >/dev/null 2>"$T/err"
rc=$?
expect "unknown key: exit 2" test "$rc" = 2
expect "unknown key named with file and line" \
	grep -qF 'frontdesk: '"$CONF"':3: unknown key "colour"; see frontdesk.conf(5)' "$T/err"
printf 'callback_promise = soon\n' >"$CONF"
"$FD" --db "$DB" staff list >/dev/null 2>"$T/err"
expect "bad value named" grep -q ':1: callback_promise is a time span' "$T/err"
printf 'database = %s\n' "$DB" >"$CONF"
expect "the database from the configuration" sh -c "'$FD' staff list | grep -q zquandt"
"$FD" --help >/dev/null 2>&1
expect "help works whatever the configuration" test $? = 0
rm -f "$CONF"

# ---- --help on every subcommand, and the bash completion ----
"$FD" --help | sed -n '/^Commands:/,/^$/{s/^  \([a-z-]*\( [a-z][a-z-]*\)\{0,1\}\)  .*/\1/p;}' >"$T/cmds"
helpbad=""
while IFS= read -r c; do
	# shellcheck disable=SC2086
	out=$("$FD" $c --help 2>&1) || helpbad="$helpbad [$c: status]"
	case $out in "usage: frontdesk $c"*) ;; *) helpbad="$helpbad [$c]" ;; esac
done <"$T/cmds"
expect "every subcommand has --help${helpbad:+:$helpbad}" test -z "$helpbad"
if [ -f "$ROOT/scripts/completion.sh" ] && [ -f "$ROOT/completion/frontdesk.bash" ]; then
	sh "$ROOT/scripts/completion.sh" "$FD" >"$T/completion.bash"
	expect "completion/frontdesk.bash is up to date (sh scripts/completion.sh ./frontdesk)" \
		cmp -s "$T/completion.bash" "$ROOT/completion/frontdesk.bash"
	if command -v bash >/dev/null 2>&1; then
		mkdir -p "$T/bin" && ln -sf "$FD" "$T/bin/frontdesk"
		r=$(PATH=$T/bin:$PATH bash -c '. "$1"; COMP_WORDS=(frontdesk --db "$2" callback re); COMP_CWORD=4
			_frontdesk; echo "${COMPREPLY[*]}"
			COMP_WORDS=(frontdesk --db "$2" queue zqua); COMP_CWORD=4; _frontdesk; echo "${COMPREPLY[*]}"' \
			_ "$ROOT/completion/frontdesk.bash" "$DB")
		[ "$r" = "reassign
zquandt" ] || printf "  got: %s\n" "$r"
		expect "bash completes subcommands and logins" test "$r" = "reassign
zquandt"
	fi
fi

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
