#!/bin/sh
# 'frontdesk remind': one digest mail per person with open callbacks, sent
# through a command; here a command that writes each mail to its own file.
#
#   sh tests/cli/remind.sh ./frontdesk
#
# Prints "N passed, N failed"; exit status 1 on any failure.
set -u

if [ $# -lt 1 ]; then
	echo "usage: sh tests/cli/remind.sh ./frontdesk" >&2
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
T=$(mktemp -d "${TMPDIR:-/tmp}/fd-remind.XXXXXX") || exit 1
trap 'rm -rf "$T"' EXIT INT TERM
HOME=$T/home XDG_DATA_HOME=$T/data XDG_CONFIG_HOME=$T/config
export HOME XDG_DATA_HOME XDG_CONFIG_HOME
mkdir -p "$HOME"
DB=$T/fd.db
DIR=$T/mail
export DIR
ESC=$(printf '\033')

passed=0
failed=0
check=""
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
		sed 's/^/    out | /' "$T/out" | head -n 20
		sed 's/^/    err | /' "$T/err" | head -n 20
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
expect_err() { if grep -qF -- "$1" "$T/err"; then ok; else bad "stderr lacks \"$1\"" "stderr with it"; fi; }
expect_true() {
	what=$1
	shift
	if "$@"; then ok; else bad "$what" "$what"; fi
}
# the mails written so far, one file each
mails() { ls "$DIR" 2>/dev/null | wc -l | tr -d ' '; }
# the file holding the mail to ADDRESS
mail_to() { grep -lx "To: $1" "$DIR"/* 2>/dev/null | head -n 1; }
fresh_mail() { rm -rf "$DIR"; mkdir -p "$DIR"; }
# line number of the first line of FILE containing TEXT (0: none)
line_of() { n=$(grep -nF -- "$2" "$1" | head -n 1 | cut -d: -f1); echo "${n:-0}"; }

SEND='cat > "$DIR/mail.$$"'

# ---- the office ----
fd init
fd staff add --name "Anna Berg" --login anna --ext 201 --role employee --email anna@example.com
fd staff add --name "Max Müller" --login max --ext 202 --role employee --deputy anna --email max@example.com
fd staff add --name "Rita Klein" --login rita --ext 100 --role receptionist
fd staff add --name "Sue Lang" --login sue --ext 300 --role supervisor --email sue@example.com
fd staff add --name "Bob Bad" --login bob --ext 204 --role employee --email bob@example.com
fd staff add --name "Olga Idle" --login olga --ext 205 --role employee --email olga@example.com
expect_rc 0 "the office"

fresh_mail
fd --as sue remind --mail-command "$SEND"
expect_rc 0 "remind with no callbacks"
expect_out "nobody has open callbacks"
expect_true "no mail without callbacks" [ "$(mails)" = 0 ]

fd call log --for max --from "030 5551111" --name "Eva Roth" --company "Roth AG" --callback --subject "invoice 4711"
fd call log --for max --from "030 5552222" --name "Otto Kern" --callback --subject "new offer" --urgent
fd call log --for rita --from "030 5553333" --name "For Rita" --callback
fd call log --for bob --from "030 5554444" --name "For Bob" --callback
expect_rc 0 "callbacks logged"
now=$(date +%s)
# #1 overdue 5 h (deputy and supervisors see it); #2 due in 2 h
sql "UPDATE callback SET due = $now - 5*3600 WHERE id = 1; UPDATE callback SET due = $now + 2*3600 WHERE id = 2"
# stored text with a control character, a header-injecting address
sql "UPDATE contact SET name = 'Eva' || char(27) || '[2J Roth' WHERE id = 1"
sql "UPDATE staff SET email = 'bob@example.com' || char(10) || 'Bcc: evil@example.com' WHERE login = 'bob'"

# ---- who may ----
for who in anna rita; do
	fresh_mail
	fd --as "$who" remind --mail-command "$SEND"
	expect_rc 1 "remind by $who"
	expect_err "not allowed"
	expect_true "nothing sent for $who" [ "$(mails)" = 0 ]
done

# ---- a dry run sends nothing and shows the mails ----
fresh_mail
fd --as sue remind --dry-run --mail-command "$SEND"
expect_rc 0 "dry run"
expect_true "a dry run sends nothing" [ "$(mails)" = 0 ]
expect_out "dry-run max <max@example.com>: 2 open callbacks, 1 overdue"
expect_out "To: max@example.com"

# ---- the real run ----
fresh_mail
fd --as sue remind --mail-command "$SEND"
expect_rc 0 "remind"
expect_out "sent max <max@example.com>: 2 open callbacks, 1 overdue"
expect_out "sent anna <anna@example.com>: 1 open callback, 1 overdue"
expect_out "sent sue <sue@example.com>: 1 open callback, 1 overdue"
expect_err "skipped rita: 1 open callback, 0 overdue; no email address"
expect_err "skipped bob"
expect_err "not a plain address"
expect_true "three mails, one each ($(mails))" [ "$(mails)" = 3 ]
expect_true "nobody else got one" [ -z "$(grep -h '^To:' "$DIR"/* | grep -v -e max@ -e anna@ -e sue@)" ]
expect_true "no mail to olga, who has nothing open" [ -z "$(mail_to olga@example.com)" ]
expect_true "no injected recipient" [ -z "$(grep -l 'evil@' "$DIR"/*)" ]

m=$(mail_to max@example.com)
expect_true "max has a mail" [ -n "$m" ]
if [ -n "$m" ]; then
	for h in "Subject: frontdesk: 2 open callbacks, 1 overdue" \
	         "Content-Type: text/plain; charset=UTF-8" "MIME-Version: 1.0"; do
		expect_true "max's mail has the header \"$h\"" grep -qxF "$h" "$m"
	done
	# headers, then one blank line, then the body
	first_blank=$(grep -n '^$' "$m" | head -n 1 | cut -d: -f1)
	expect_true "headers end at the first blank line" [ "$(line_of "$m" "Subject:")" -lt "$first_blank" ]
	ov=$(line_of "$m" "Overdue (1):") later=$(line_of "$m" "Due later (1):")
	c1=$(line_of "$m" "#1 ") c2=$(line_of "$m" "#2 ")
	expect_true "overdue first ($ov < $c1 < $later < $c2)" \
		[ "$ov" -gt 0 -a "$ov" -lt "$c1" -a "$c1" -lt "$later" -a "$later" -lt "$c2" ]
	expect_true "the caller, escaped" grep -qF 'caller:  Eva\x1B[2J Roth (Roth AG)' "$m"
	expect_true "no raw escape character" [ -z "$(grep -l "$ESC" "$m")" ]
	expect_true "the number, readable" grep -qF "number:  +49 30 5551111" "$m"
	expect_true "the subject" grep -qF "subject: invoice 4711" "$m"
	expect_true "urgent marked" grep -qF "URGENT" "$m"
	expect_true "the due time" grep -qE '#1  overdue 5 h \(due [^)]+\)' "$m"
fi
m=$(mail_to anna@example.com)
expect_true "anna's mail: max's overdue callback, as deputy" grep -qF "escalated to you as deputy" "${m:-/dev/null}"
expect_true "anna's mail: not max's callback that is not overdue" [ -z "$(grep -F 'new offer' "${m:-/dev/null}")" ]
m=$(mail_to sue@example.com)
expect_true "sue's mail: as supervisor" grep -qF "escalated to you as supervisor" "${m:-/dev/null}"

# ---- JSON ----
fd --json --as sue remind --dry-run --mail-command "$SEND"
expect_rc 0 "remind --json"
got=$(python3 -c '
import json, sys
d = json.load(sys.stdin)
print(" ".join("%s:%s:%d" % (o["login"], o["status"], o["callbacks"]) for o in d))' <"$T/out" 2>&1)
expect_true "JSON per person: $got" [ "$got" = "anna:dry-run:1 bob:skipped:1 max:dry-run:2 rita:skipped:1 sue:dry-run:1" ]

# ---- failures: reported per recipient, exit status 1 ----
fresh_mail
fd --as sue remind --mail-command 'm=$(cat); case $m in *"To: anna@"*) echo "mailbox full" >&2; exit 75;; esac; printf "%s\n" "$m" > "$DIR/mail.$$"'
expect_rc 1 "one failed send"
expect_err "failed anna <anna@example.com>"
expect_err "exit status 75: mailbox full"
expect_err "1 of 3 reminders could not be sent"
expect_out "sent max"
expect_true "the others still went out ($(mails))" [ "$(mails)" = 2 ]

fd --as sue remind --mail-command 'exit 1'
expect_rc 1 "every send failed"
fd --as sue remind --mail-command ""
expect_rc 2 "an empty --mail-command"

# ---- the mail_command setting ----
fresh_mail
sql "INSERT INTO meta(key, value) VALUES ('mail_command', 'cat > \"\$DIR/meta.\$\$\"')"
fd --as sue remind
expect_rc 0 "remind through the mail_command setting"
expect_true "sent through the setting" [ "$(ls "$DIR" | grep -c '^meta\.')" = 3 ]
fresh_mail
chmod 664 "$DB"
fd --as sue remind
expect_rc 1 "a setting in a database others can write"
expect_err "others can write the database"
expect_true "nothing run from a shared setting" [ "$(mails)" = 0 ]
FRONTDESK_MAIL_COMMAND=$SEND
export FRONTDESK_MAIL_COMMAND
fd --as sue remind
expect_rc 0 "FRONTDESK_MAIL_COMMAND"
expect_true "sent through the environment" [ "$(mails)" = 3 ]
unset FRONTDESK_MAIL_COMMAND
chmod 644 "$DB"

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
