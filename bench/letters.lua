-- wrk script for bench/letters.sh: POST a PDF letter to a territory drawn from TERRITORIES, with the
-- API token (TOKEN) so that the per-client limit of public writes does not apply.
local territories = {}
for code in string.gmatch(os.getenv("TERRITORIES") or "42218", "[^,]+") do
    territories[#territories + 1] = code
end
local token = os.getenv("TOKEN")
local path = "/api/v1/campaigns/pas-de-vsa-dans-ma-ville/letters"
local paragraph = "Notre collectif rassemble des habitantes et habitants de tout le département : nous refusons que nos rues deviennent le terrain d'essai de logiciels de surveillance."
local counter = 0

function setup(thread)
    thread:set("offset", counter)
    counter = counter + 1
end

function init(args)
    n = offset
end

function request()
    n = n + 1
    local territory = territories[(n % #territories) + 1]
    local body = '{"territory":"' .. territory .. '","senderName":"Collectif Bench","senderKind":"collective","format":"pdf","personalParagraph":"' .. paragraph .. '"}'
    return wrk.format("POST", path, {
        ["Content-Type"] = "application/json",
        ["Authorization"] = "Bearer " .. token,
    }, body)
end
