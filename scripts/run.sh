#!/bin/sh
# `make run`: open the full-screen program; on first start (no database at
# the chosen or default path) make a demo database first.
set -eu
here=$(cd "$(dirname "$0")/.." && pwd)
db=${FRONTDESK_DB:-${XDG_DATA_HOME:-$HOME/.local/share}/frontdesk/frontdesk.db}
if [ ! -e "$db" ]; then
	echo "frontdesk: no database at $db yet; making a demo company there" >&2
	mkdir -p "$(dirname "$db")"
	"$here/frontdesk" --db "$db" init --demo
fi
exec "$here/frontdesk" --db "$db"
