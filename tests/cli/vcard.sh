#!/bin/sh
# export contacts --format vcard round-trips through import.
# Usage: sh tests/cli/vcard.sh ./frontdesk
set -u
. "$(dirname "$0")/lib.sh"

"$FD" --db "$T/a.db" init >/dev/null
"$FD" --db "$T/a.db" contact add --name "Jürgen Weiß" --company "Weiß & Söhne; GmbH" \
	--phone "030 1234567" --email "jw@example.org" --note "line one, line two" >/dev/null
"$FD" --db "$T/a.db" contact add --name "Łukasz Nowak" --phone "+48 22 123 45 67" >/dev/null
if "$FD" --db "$T/a.db" export contacts --since 2000-01-01 --format vcard --output "$T/a.vcf" 2>/dev/null; then
	ok "export --format vcard exits 0"
else
	no "export --format vcard exits 0"
fi
grep -q '^FN:Jürgen Weiß' "$T/a.vcf" && ok "FN in UTF-8" || no "FN in UTF-8"
grep -q 'ORG:Weiß & Söhne\\; GmbH' "$T/a.vcf" && ok "ORG escaped" || no "ORG escaped"
[ "$(grep -c '^BEGIN:VCARD' "$T/a.vcf")" = 2 ] && ok "two cards" || no "two cards"
grep -q "$(printf '\r')$" "$T/a.vcf" && ok "CRLF line ends" || no "CRLF line ends"
"$FD" --db "$T/b.db" init >/dev/null
if "$FD" --db "$T/b.db" import contacts "$T/a.vcf" >/dev/null; then ok "import of the export"; else no "import of the export"; fi
"$FD" --db "$T/b.db" export contacts --since 2000-01-01 --format vcard --output "$T/b.vcf" 2>/dev/null
if cmp -s "$T/a.vcf" "$T/b.vcf"; then ok "export of the import is the same file"; else no "export of the import is the same file"; diff "$T/a.vcf" "$T/b.vcf" | head; fi
"$FD" --db "$T/b.db" export calls --format vcard >/dev/null 2>&1
[ $? = 2 ] && ok "vcard for calls refused with exit 2" || no "vcard for calls refused with exit 2"
finish
