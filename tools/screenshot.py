"""Screenshot Odoo pages in headless Chromium (for the README and reviews).

    python tools/screenshot.py OUT.png URL_PATH [URL_PATH OUT2.png ...]

Logs in as admin/admin on http://localhost:8069 (``make run``), opens each
path (e.g. ``/odoo/action-aftersales_service.helpdesk_ticket_action/5``) and
saves a PNG. ``PATH#click=CSS`` clicks an element and scrolls to it first;
SHOT_SIZE=390,844 gives a phone-sized window, SHOT_WAIT the seconds to wait
for a page. Needs Debian's chromium and the websocket-client package (the
Odoo venv has it: run with /opt/odoo/venv/bin/python).
"""

from __future__ import annotations

import base64
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request

import websocket

BASE = os.environ.get("SHOT_BASE", "http://localhost:8069")
# SHOT_LOGIN / SHOT_PASSWORD: another user, e.g. the demo technician tech.li.
LOGIN = os.environ.get("SHOT_LOGIN", "admin")
PASSWORD = os.environ.get("SHOT_PASSWORD", LOGIN)


class Browser:
    def __init__(self, port: int = 9333):
        self.profile = tempfile.mkdtemp(prefix="aftersales-chrome-")
        self.proc = subprocess.Popen(
            [
                shutil.which("chromium") or "chromium",
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--no-first-run",
                f"--user-data-dir={self.profile}",
                f"--remote-debugging-port={port}",
                f"--window-size={os.environ.get('SHOT_SIZE', '1400,1000')}",
                "about:blank",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for _ in range(50):
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/json") as r:
                    pages = [p for p in json.load(r) if p["type"] == "page"]
                break
            except OSError:
                time.sleep(0.2)
        self.ws = websocket.create_connection(pages[0]["webSocketDebuggerUrl"])
        self.next_id = 0

    def call(self, method: str, **params):
        self.next_id += 1
        payload = {"id": self.next_id, "method": method, "params": params}
        self.ws.send(json.dumps(payload))
        while True:
            message = json.loads(self.ws.recv())
            if message.get("id") == self.next_id:
                return message.get("result", {})

    def goto(self, url: str, wait: float = 4.0):
        self.call("Page.navigate", url=url)
        time.sleep(wait)

    def js(self, expression: str):
        return self.call("Runtime.evaluate", expression=expression)

    def shot(self, path: str):
        data = self.call("Page.captureScreenshot", format="png")["data"]
        with open(path, "wb") as out:
            out.write(base64.b64decode(data))

    def close(self):
        self.proc.terminate()
        shutil.rmtree(self.profile, ignore_errors=True)


def main(argv: list[str]) -> int:
    pairs = list(zip(argv[0::2], argv[1::2], strict=False))
    browser = Browser()
    try:
        browser.call("Page.enable")
        browser.goto(f"{BASE}/web/login", wait=2)
        browser.js(
            f"document.querySelector('#login').value={json.dumps(LOGIN)};"
            f"document.querySelector('#password').value={json.dumps(PASSWORD)};"
            "document.querySelector('form.oe_login_form').submit();"
        )
        time.sleep(4)
        for out, path in pairs:
            # PATH#click=CSS clicks an element (e.g. a notebook tab) first.
            path, _sep, click = path.partition("#click=")
            browser.goto(BASE + path, wait=float(os.environ.get("SHOT_WAIT", "12")))
            if click:
                browser.js(
                    f"(el => {{ el.click(); el.scrollIntoView() }})"
                    f"(document.querySelector({json.dumps(click)}))"
                )
                time.sleep(2)
            browser.shot(out)
            print(out)
    finally:
        browser.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
