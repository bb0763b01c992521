#!/usr/bin/env python3
"""A loopback SMTP server for the tests: stores each accepted message as a .eml file.

Usage: smtp_sink.py PORT FOLDER

While FOLDER/hold exists, a message whose DATA is complete is neither stored nor answered
(FOLDER/holding is created meanwhile): the tests kill the sending app at that point. As a real
server does, a message whose connection is lost before the final answer is dropped.
Needs Debian's python3-aiosmtpd.
"""
import asyncio
import os
import sys
import uuid

from aiosmtpd.smtp import SMTP


class Sink:
    def __init__(self, folder):
        self.folder = folder

    async def handle_DATA(self, server, session, envelope):
        hold = os.path.join(self.folder, "hold")
        if os.path.exists(hold):
            open(os.path.join(self.folder, "holding"), "w").close()
            while os.path.exists(hold):
                await asyncio.sleep(0.05)  # cancelled by aiosmtpd if the client goes away
        if server.transport is None or server.transport.is_closing():
            return "451 connection lost"
        name = f"{uuid.uuid4().hex}.eml"
        temporary = os.path.join(self.folder, name + ".part")
        with open(temporary, "wb") as file:
            file.write(envelope.original_content)
        os.replace(temporary, os.path.join(self.folder, name))  # readers never see half a file
        return "250 OK"


async def main(port, folder):
    loop = asyncio.get_running_loop()
    server = await loop.create_server(
        lambda: SMTP(Sink(folder), hostname="smtp.test", enable_SMTPUTF8=True), "127.0.0.1", port)
    print("ready", flush=True)
    async with server:
        await server.serve_forever()


if __name__ == "__main__":
    asyncio.run(main(int(sys.argv[1]), sys.argv[2]))
