-- wrk script for `cargo xtask bench-serve`: POST /sync as one installation.
-- SYNCO_TOKEN: its Forge Invocation Token; SYNCO_SYSTEM_TOKEN: the app system token;
-- SYNCO_ISSUE: the issue key (default PAY-142).
wrk.method = "POST"
wrk.body = '{"issueKey":"' .. (os.getenv("SYNCO_ISSUE") or "PAY-142") .. '","pageId":"100"}'
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer " .. os.getenv("SYNCO_TOKEN")
wrk.headers["x-forge-oauth-system"] = os.getenv("SYNCO_SYSTEM_TOKEN")
