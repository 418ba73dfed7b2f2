#!/usr/bin/env python3
"""A stand-in JSON-RPC node for bench/api, on 127.0.0.1 only: chain 1, a fixed head, no logs, and an ERC-20
decimals() of 18 for any eth_call. It lets the benchmarked tracker run as in production (source calls for the
head and the token's decimals) without a network.

    python3 bench/node.py PORT HEAD_BLOCK
"""
import json
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

PORT, HEAD = int(sys.argv[1]), int(sys.argv[2])


def answer(call):
    method = call.get("method")
    if method == "eth_chainId":
        result = "0x1"
    elif method == "eth_blockNumber":
        result = hex(HEAD)
    elif method == "eth_getBlockByNumber":
        result = {"number": hex(HEAD) if call["params"][0] in ("latest", "finalized") else call["params"][0], "hash": "0x" + "00" * 32}
    elif method == "eth_getLogs":
        result = []
    elif method == "eth_call":
        result = "0x" + format(18, "064x")
    else:
        return {"jsonrpc": "2.0", "id": call.get("id"), "error": {"code": -32601, "message": "method not found"}}
    return {"jsonrpc": "2.0", "id": call.get("id"), "result": result}


class Node(BaseHTTPRequestHandler):
    def do_POST(self):
        request = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        reply = [answer(c) for c in request] if isinstance(request, list) else answer(request)
        body = json.dumps(reply).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


ThreadingHTTPServer(("127.0.0.1", PORT), Node).serve_forever()
