#!/usr/bin/env python3
"""The newsletter benchmark's SMTP server on loopback (bench/newsletter.sh), on Debian's python3-aiosmtpd.

Usage: newsletter_smtp.py PORT LOG

For every accepted message, appends one line "<unix time>\t<recipient>\t<Message-ID>" to LOG (one per
recipient), flushed to the file before the 250 answer: a line exists for every message the server took,
and for no other. As a real server does, a message whose connection is lost before the answer is dropped.
"""
import asyncio
import sys
import time
from email.parser import BytesHeaderParser

from aiosmtpd.smtp import SMTP


class Recorder:
    def __init__(self, path):
        self.log = open(path, "a", buffering=1)

    async def handle_DATA(self, server, session, envelope):
        if server.transport is None or server.transport.is_closing():
            return "451 connection lost"
        headers = BytesHeaderParser().parsebytes(envelope.original_content)
        message_id = (headers.get("Message-ID") or "").strip()
        now = time.time()
        for recipient in envelope.rcpt_tos:
            self.log.write(f"{now:.6f}\t{recipient.lower()}\t{message_id}\n")
        self.log.flush()
        return "250 OK"


async def main(port, path):
    loop = asyncio.get_running_loop()
    recorder = Recorder(path)
    server = await loop.create_server(
        lambda: SMTP(recorder, hostname="smtp.bench", enable_SMTPUTF8=True), "127.0.0.1", port)
    print("ready", flush=True)
    async with server:
        await server.serve_forever()


if __name__ == "__main__":
    asyncio.run(main(int(sys.argv[1]), sys.argv[2]))
