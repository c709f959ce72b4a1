-- contrib/freeswitch/frontdesk_ring.lua: report the call on this session
-- to frontdesk.  Copy it into FreeSWITCH's scripts directory and run it
-- from the dialplan:  <action application="lua" data="frontdesk_ring.lua"/>
--
-- os.execute runs its text through /bin/sh, so every value is cut down to
-- the characters it may have first (a "+" and digits, digits, hex digits
-- and dashes): nothing else of the call reaches the shell.  The trailing
-- "&" keeps the call from waiting.

local function only(value, allowed)
	return (string.gsub(value or "", "[^" .. allowed .. "]", ""))
end

local from = only(session:getVariable("caller_id_number"), "+0-9")
local to = only(session:getVariable("destination_number"), "0-9")
local id = only(session:getVariable("uuid"), "0-9a-fA-F%-")

os.execute(string.format(
	"frontdesk ring --event newCall --from '%s' --to '%s' --call-id '%s' </dev/null >/dev/null 2>&1 &",
	from, to, id))
