#!/bin/sh
# Make man/frontdesk.1 from man/frontdesk.1.in: the key list comes from the
# program's own key table (the same one the help overlay shows).
# Usage: scripts/mkman.sh ./frontdesk > man/frontdesk.1
set -eu
bin=${1:-./frontdesk}
here=$(cd "$(dirname "$0")/.." && pwd)
keys=$(mktemp)
trap 'rm -f "$keys"' EXIT
"$bin" --keys-mdoc > "$keys"
while IFS= read -r line; do
	if [ "$line" = '.\" KEYS' ]; then
		cat "$keys"
	else
		printf '%s\n' "$line"
	fi
done < "$here/man/frontdesk.1.in"
