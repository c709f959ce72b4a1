#!/bin/sh
# The search index saved beside the database (<db>-search): used only while
# the database vouches for it, caught up with what changed since, never a
# reason for a search to fail or wait.
# Usage: sh tests/cli/saved.sh ./frontdesk
set -u
. "$(dirname "$0")/lib.sh"
check() { what=$1; shift; if "$@"; then ok "$what"; else no "$what"; fi; }
DB=$T/a.db
S=$DB-search
fd() { "$FD" --db "$DB" "$@"; }
token() { sqlite3 -batch -noheader "$DB" "SELECT value FROM meta WHERE key = 'search_cache'"; }
file_token() { dd if="$S" bs=1 skip=8 count=32 2>/dev/null; }
finds() { fd search "$1" 2>/dev/null | grep -q "$2"; }

fd init >/dev/null
fd contact add --name "Jürgen Weiß" --company "Weiß & Söhne GmbH" --phone "030 1234567" >/dev/null
fd contact add --name "Łukasz Nowak" --phone "+48 22 123 45 67" >/dev/null

# small directories are built in a few ms: nothing is saved
fd search weiss >/dev/null
check "a small directory is not saved" [ ! -e "$S" ]

export FRONTDESK_SAVE_MIN_DOCS=1
check "the first search finds" finds weiss "Jürgen Weiß"
check "and saves the index as <db>-search" [ -s "$S" ]
check "the file is no more readable than the database" \
	[ "$(( $(stat -c %#a "$S") & ~$(stat -c %#a "$DB") & 0777 ))" = 0 ]
t1=$(token)
check "the database holds the file's token" [ -n "$t1" ] && [ "$t1" = "$(file_token)" ]
ls "$DB"-search.tmp.* >/dev/null 2>&1 && no "no temporary file left" || ok "no temporary file left"

# changes since the file are caught up (rev numbers, tombstones)
fd contact add --name "Zacharias Quendel" --phone "089 555123" >/dev/null
check "a contact added since is found" finds zacharias "Zacharias Quendel"
check "by number too" finds "089 555" "Zacharias Quendel"
check "the file was used, not rewritten" [ "$(token)" = "$t1" ]
check "older ones still found" finds lukasz "Łukasz Nowak"
id=$(sqlite3 -batch -noheader "$DB" "SELECT id FROM contact WHERE name = 'Łukasz Nowak'")
sqlite3 "$DB" "DELETE FROM contact WHERE id = $id"
check "a contact deleted since is gone" sh -c "! \"$FD\" --db \"$DB\" search nowak >/dev/null 2>&1"

# a changed file is not used: built anew and saved again
sz=$(stat -c %s "$S")
printf 'X' | dd of="$S" bs=1 seek=$((sz / 2)) conv=notrunc 2>/dev/null
check "a damaged file: the search still finds" finds weiss "Jürgen Weiß"
check "and a new file was saved" [ "$(token)" != "$t1" ] && [ "$(token)" = "$(file_token)" ]
printf 'garbage' >"$S"
check "a file of garbage: the search still finds" finds zacharias "Zacharias Quendel"

# a file the database does not vouch for (a restored backup, another
# database's file) is not used: a rename the file never heard of shows it
fd search weiss >/dev/null
t2=$(token)
sqlite3 "$DB" "UPDATE contact SET name = 'Ottokar Quast', rev = 1 WHERE name = 'Jürgen Weiß';
	UPDATE meta SET value = 'not the file''s token at all, 32b' WHERE key = 'search_cache'"
check "a file with another token: the search reads the database" finds ottokar "Ottokar Quast"
check "and the old name is not found" sh -c "! \"$FD\" --db \"$DB\" search juergen >/dev/null 2>&1"
check "and the new file's token is kept" [ "$(token)" = "$(file_token)" ] && [ "$(token)" != "$t2" ]

# a symlink in its place is not followed
rm -f "$S"
ln -s "$T/elsewhere" "$S"
check "a symlink as <db>-search: the search still finds" finds quast "Ottokar Quast"
check "the link's target was not written" [ ! -e "$T/elsewhere" ]
rm -f "$S"

# what an interrupted save left: removed by the next save after an hour,
# by an erasure at once (it may hold the name)
rm -f "$S"
sqlite3 "$DB" "UPDATE meta SET value = '' WHERE key = 'search_cache'"
echo stale >"$S.tmp.aaaaaa"
touch -d '2 hours ago' "$S.tmp.aaaaaa" "$S.backup"
echo quast >"$S.tmp.bbbbbb"
fd search quast >/dev/null
check "a save removes a temporary file older than an hour" [ ! -e "$S.tmp.aaaaaa" ]
check "but not a recent one (a save in progress)" [ -e "$S.tmp.bbbbbb" ]
check "nor a file of the user's" [ -e "$S.backup" ]
cid=$(sqlite3 -batch -noheader "$DB" "SELECT id FROM contact WHERE name = 'Ottokar Quast'")
fd contact forget "$cid" >/dev/null 2>&1
check "contact forget removes the saved index" [ ! -e "$S" ]
# a token of its own, not "": a save that began before the erasure on a
# database without a token finds it changed and is refused
case $(token) in erased-*) ok "the erasure leaves a token no file has" ;;
*) no "the erasure leaves a token no file has: $(token)" ;; esac
check "and every temporary one" [ ! -e "$S.tmp.bbbbbb" ]
check "but not a file of the user's" [ -e "$S.backup" ]
check "the forgotten name is found nowhere" sh -c "! \"$FD\" --db \"$DB\" search quast >/dev/null 2>&1"
check "and the next save does not bring it back" sh -c "! grep -qai quast \"$S\" 2>/dev/null"
fd contact add --name "Ottokar Quast" --phone "0221 99887" >/dev/null

# no contact has a number: the saved index ends in an empty array
D2=$T/b.db
"$FD" --db "$D2" init >/dev/null
"$FD" --db "$D2" staff add --name "Hans Maier" --login hmaier --ext 123 --phone "030 1234567" >/dev/null 2>&1
"$FD" --db "$D2" contact add --name "Nur Name" >/dev/null 2>&1
"$FD" --db "$D2" search maier >/dev/null 2>&1
check "no numbers: saved" [ -s "$D2-search" ]
for i in 1 2; do
	out=$("$FD" --db "$D2" search "030 123" 2>&1)
	check "no numbers: start $i from the saved index finds by number" sh -c "echo \"\$1\" | grep -q 'Hans Maier'" _ "$out"
done
"$FD" --db "$D2" contact add --name "Noch Jemand" --phone "040 555" >/dev/null 2>&1
check "no numbers: a number added after it is found" sh -c "\"$FD\" --db \"$D2\" search '040 555' 2>&1 | grep -q 'Noch Jemand'"

# a writer holding the database: the search neither waits nor fails
fd search quast >/dev/null
rm -f "$S"
sqlite3 "$DB" "UPDATE meta SET value = '' WHERE key = 'search_cache'"
flock "$DB-lock" sleep 4 &
lockpid=$!
sleep 0.3
start=$(date +%s%N)
check "searching while another process writes" finds quast "Ottokar Quast"
ms=$(( ($(date +%s%N) - start) / 1000000 ))
check "without waiting for it (${ms} ms)" [ "$ms" -lt 2000 ]
check "and without saving under someone else's lock" [ ! -e "$S" ]
ls "$DB"-search.tmp.* >/dev/null 2>&1 && no "no temporary file left behind" || ok "no temporary file left behind"
wait "$lockpid"

finish
