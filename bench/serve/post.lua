-- wrk: POST the file named by $BODY as text/csv, on kept-alive connections.
wrk.method = "POST"
wrk.headers["Content-Type"] = "text/csv"
local f = assert(io.open(os.getenv("BODY"), "rb"))
wrk.body = f:read("*a")
f:close()
