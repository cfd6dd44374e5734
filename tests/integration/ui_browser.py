#!/usr/bin/python3
"""ui_browser.py: drive Depot's web pages in headless Chromium (selenium).

Run by t9100-ui-browser.sh with Debian's /usr/bin/python3 (python3-selenium,
python3-html5lib, chromium, chromium-driver). Prints TAP-style lines
("ok - ...", "not ok - ...") that the shell test counts; exits 1 when any
check failed. Every page it visits is also fetched raw with the browser's
session cookie and parsed with html5lib in strict mode (any parse error is
a failure), checked for duplicate ids and for POST forms without the CSRF
field. A screenshot of each page goes to --shots (laptop size; a few at
phone size too).

Usage: ui_browser.py --url URL --email E --password P --org ORG
                     --readme-path PATH --shots DIR
"""

import argparse
import json
import os
import re
import sys
import time
import urllib.error
import urllib.request

import html5lib
from selenium import webdriver
from selenium.common.exceptions import TimeoutException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

FAILS = 0
COUNT = 0


def ok(cond, desc, diag=None):
    global FAILS, COUNT
    COUNT += 1
    if cond:
        print("ok %d - %s" % (COUNT, desc), flush=True)
    else:
        FAILS += 1
        print("not ok %d - %s" % (COUNT, desc), flush=True)
        if diag:
            for line in str(diag).splitlines()[:40]:
                print("# " + line, file=sys.stderr, flush=True)
    return cond


class Browser:
    def __init__(self, args):
        self.args = args
        self.url = args.url.rstrip("/")
        opts = webdriver.ChromeOptions()
        opts.binary_location = "/usr/bin/chromium"
        for a in ("--headless=new", "--no-sandbox", "--disable-gpu",
                  "--disable-dev-shm-usage", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync",
                  "--no-first-run", "--window-size=1280,1000",
                  "--user-data-dir=" + args.profile):
            opts.add_argument(a)
        self.d = webdriver.Chrome(service=Service("/usr/bin/chromedriver"),
                                  options=opts)
        self.d.set_page_load_timeout(30)
        self.wait = WebDriverWait(self.d, 10)
        self.shot_n = 0
        self.validated = set()
        # The copy buttons write to the clipboard; reading it back needs
        # the permission (granted for this origin only).
        try:
            self.d.execute_cdp_cmd("Browser.grantPermissions", {
                "origin": self.url,
                "permissions": ["clipboardReadWrite",
                                "clipboardSanitizedWrite"]})
        except Exception as e:  # older Chromium: the check below says so
            print("# cannot grant clipboard permission: %s" % e,
                  file=sys.stderr)

    def quit(self):
        self.d.quit()

    def go(self, path):
        self.d.get(self.url + path)

    def css(self, sel):
        return self.d.find_element(By.CSS_SELECTOR, sel)

    def all(self, sel):
        return self.d.find_elements(By.CSS_SELECTOR, sel)

    def text(self, sel):
        els = self.all(sel)
        return els[0].text if els else ""

    def path(self):
        return re.sub(r"^https?://[^/]+", "", self.d.current_url)

    def click(self, sel):
        self.css(sel).click()

    def submit_wait(self, sel):
        """Click sel and wait for the next page to load: the marker set on
        this document is gone once another one has loaded."""
        self.d.execute_script("window.__depot_old_page = true;")
        self.css(sel).click()

        def loaded(d):
            try:
                return d.execute_script(
                    "return window.__depot_old_page === undefined && "
                    "document.readyState === 'complete'")
            except Exception:
                return False
        self.wait.until(loaded)

    def fill(self, sel, value):
        el = self.css(sel)
        el.clear()
        el.send_keys(value)

    def full_page(self, width, path):
        """A screenshot of the whole page at this width."""
        self.d.set_window_size(width, 1000)
        h = self.d.execute_script(
            "return document.documentElement.scrollHeight")
        self.d.set_window_size(width, max(600, min(int(h) + 140, 6000)))
        time.sleep(0.2)
        self.d.save_screenshot(path)

    def shot(self, name, phone=False):
        self.shot_n += 1
        base = os.path.join(self.args.shots, "%02d-%s" % (self.shot_n, name))
        self.full_page(1280, base + ".png")
        if phone:
            self.full_page(390, base + "-phone.png")
        self.d.set_window_size(1280, 1000)

    def raw(self, path):
        """The page's bytes as the server sent them, with our session."""
        cookies = "; ".join("%s=%s" % (c["name"], c["value"])
                            for c in self.d.get_cookies())
        req = urllib.request.Request(self.url + path,
                                     headers={"Cookie": cookies})
        try:
            with urllib.request.urlopen(req, timeout=30) as r:
                return r.status, dict(r.headers), r.read()
        except urllib.error.HTTPError as e:
            return e.code, dict(e.headers), e.read()

    def validate(self, name, path=None):
        """Parse the current page's raw HTML strictly; check ids, forms."""
        path = path or self.path()
        key = re.sub(r"[0-9a-f]{8}-[0-9a-f-]{27}", "ID", path.split("?")[0])
        if key in self.validated:
            return
        self.validated.add(key)
        status, headers, body = self.raw(path)
        problems = []
        csp = headers.get("Content-Security-Policy", "")
        if "script-src 'self'" not in csp or "unsafe-inline" in csp:
            problems.append("CSP: %r" % csp)
        try:
            parser = html5lib.HTMLParser(strict=True,
                                         namespaceHTMLElements=False)
            doc = parser.parse(body)
        except Exception as e:
            problems.append("html5lib: %s" % e)
            doc = None
        if doc is not None:
            ids = {}
            for el in doc.iter():
                i = el.get("id") if hasattr(el, "get") else None
                if i:
                    ids[i] = ids.get(i, 0) + 1
                if el.tag == "script" and (el.text or "").strip():
                    problems.append("inline script")
                if el.tag == "form" and el.get("method") == "post":
                    if el.find(".//input[@name='csrf_token']") is None:
                        problems.append("POST form without csrf_token: %s"
                                        % el.get("action"))
            dup = [i for i, n in ids.items() if n > 1]
            if dup:
                problems.append("duplicate ids: %s" % dup)
        ok(not problems and status < 500,
           "%s: well-formed HTML, CSP, unique ids, CSRF in forms (%s)"
           % (name, key), "\n".join(problems))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--url", required=True)
    ap.add_argument("--email", required=True)
    ap.add_argument("--password", required=True)
    ap.add_argument("--org", required=True)
    ap.add_argument("--readme-path", required=True,
                    help="page of an npm package whose README has markdown")
    ap.add_argument("--shots", required=True)
    ap.add_argument("--profile", required=True)
    args = ap.parse_args()
    os.makedirs(args.shots, exist_ok=True)
    b = Browser(args)
    try:
        run(b, args)
    except Exception as e:
        ok(False, "browser run finished without an exception",
           "%s: %s\nat %s" % (type(e).__name__, e, b.d.current_url))
        try:
            b.shot("exception")
            print("# page source:\n# " + b.d.page_source[:3000].replace(
                "\n", "\n# "), file=sys.stderr)
        except Exception:
            pass
    finally:
        b.quit()
    print("1..%d" % COUNT)
    return 1 if FAILS else 0


def run(b, args):
    org = args.org
    regs = "/organizations/%s/packages" % org

    # ---- log in (a wrong password first)
    b.go(regs)
    ok(b.path().startswith("/login?next="), "a page without a session "
       "sends the browser to /login?next=", b.path())
    b.validate("login")
    b.shot("login", phone=True)
    b.fill("#f-email", args.email)
    b.fill("#f-password", "not the password")
    b.submit_wait("form button[type=submit]")
    ok("Wrong email or password" in b.text("#form-error"),
       "a wrong password is refused with a message", b.text("main"))
    b.fill("#f-password", args.password)
    b.submit_wait("form button[type=submit]")
    ok(b.path() == regs, "logging in leads to the page asked for", b.path())
    b.validate("registries")
    b.shot("registries", phone=True)

    # ---- create a registry: a validation error first
    b.click("#new-registry")
    b.validate("new registry")
    b.shot("new-registry")
    b.css("#f-ecosystem option[value=javascript]").click()
    b.d.execute_script("document.getElementById('f-name')"
                       ".removeAttribute('required')")
    b.submit_wait("#new-registry-form button[type=submit]")
    err = b.text("#f-name-error")
    ok("blank" in err, "an empty name is refused with the message beside "
       "the name field", b.text("main"))
    ok(b.css("#f-ecosystem option[value=javascript]").is_selected(),
       "the form keeps the chosen ecosystem")
    b.validate("new registry with errors", b.path())
    b.shot("new-registry-error")
    b.fill("#f-name", "Browser Test Registry")
    b.fill("#f-description", "Made by the browser test")
    b.submit_wait("#new-registry-form button[type=submit]")
    reg = regs + "/registries/browser-test-registry"
    ok(b.path().startswith(reg) and "Registry created" in b.text("#notice"),
       "the new registry's page is shown", b.path())
    b.validate("registry packages")
    b.shot("registry-empty")

    # ---- publish instructions
    b.click("nav.tabs a[href$='/publish']")
    b.wait.until(EC.url_contains("/publish"))
    b.validate("publish instructions")
    b.shot("publish", phone=True)
    pre = " ".join(e.text for e in b.all("#publish pre"))
    want = "%s/browser-test-registry/npm/" % org
    ok(want in pre and "_authToken=${DEPOT_TOKEN}" in pre,
       "the publish instructions hold this registry's npm URL and .npmrc "
       "lines", pre[:600])

    # ---- rename, emoji, color
    b.go(reg + "/settings")
    b.validate("settings")
    b.shot("settings")
    b.fill("#f-color", "not a color")
    b.submit_wait("#update-registry")
    ok("hex color" in b.text("#f-color-error"),
       "a bad color is refused beside the color field", b.text("main"))
    b.fill("#f-name", "Browser Renamed")
    b.fill("#f-emoji", ":rocket:")
    b.fill("#f-color", "#ffe0f1")
    b.submit_wait("#update-registry")
    reg = regs + "/registries/browser-renamed"
    ok(b.path().startswith(reg + "/settings") and "updated" in
       b.text("#notice"), "renaming moves the registry to its new slug",
       b.path())
    ok(b.css("#f-emoji").get_attribute("value") == ":rocket:" and
       b.css("#f-color").get_attribute("value") == "#ffe0f1",
       "emoji and color are saved")
    src = b.css("img.navatar-preview").get_attribute("src")
    ok("ffe0f1" in src.lower(), "the preview shows the color", src[:200])
    uuid = b.text("#registry-uuid")
    ok(re.match(r"^[0-9a-f-]{36}$", uuid) is not None,
       "Settings shows the UUID under API integration", uuid)
    b.shot("settings-saved")

    # ---- tokens: create, reveal and copy, edit, delete
    b.go(reg + "/settings/tokens")
    b.validate("tokens")
    b.fill("#f-description", "ci token")
    b.submit_wait("#create-token")
    tok = b.text("#token-value")
    ok(tok.startswith("depotr_"), "a created token is shown", tok)
    b.validate("token")
    b.shot("token")
    copy = b.css("button[data-copy='token-value']")
    ok(copy.is_displayed(), "the copy button shows with JavaScript")
    copy.click()
    b.wait.until(lambda d: copy.text == "Copied")
    clip = b.d.execute_async_script(
        "var done = arguments[0];"
        "navigator.clipboard.readText().then(done, function (e) {"
        " done('error: ' + e); });")
    ok(clip == tok, "the copy button puts the token on the clipboard", clip)
    b.fill("#f-description", "ci token (renamed)")
    b.submit_wait("#save-token")
    ok("saved" in b.text("#notice") and
       b.text("#token h2") == "ci token (renamed)",
       "the token's description is edited", b.text("main"))
    ok(b.text("#token-value") == tok, "the token can be viewed again")
    b.go(reg + "/settings/tokens")
    ok("ci token (renamed)" in b.text("table.tokens"), "the token is listed")
    # a second token to delete
    b.fill("#f-description", "to delete")
    b.submit_wait("#create-token")
    b.click("#delete-token")
    b.validate("token delete confirmation")
    b.submit_wait("#confirm-delete-token")
    ok("deleted" in b.text("#notice") and "to delete" not in
       b.text("table.tokens"), "a token is deleted after a confirmation",
       b.text("main"))

    # ---- public: the Tokens page closes; private: the token is back
    b.go(reg + "/settings")
    b.click("#visibility")
    b.validate("visibility confirmation")
    b.shot("make-public")
    b.submit_wait("#confirm-visibility")
    ok("now public" in b.text("#notice") and
       "Public" in b.text(".reghead h1"), "the registry is made public")
    b.go(reg + "/settings/tokens")
    ok(len(b.all("#tokens-unavailable")) == 1 and
       "ci token" not in b.text("main"),
       "while public the Tokens page says tokens are unavailable")
    b.validate("tokens while public")
    b.shot("tokens-public")
    b.go(reg + "/settings")
    b.click("#visibility")
    b.submit_wait("#confirm-visibility")
    ok("now private" in b.text("#notice"), "the registry is made private")
    b.go(reg + "/settings/tokens")
    ok("ci token (renamed)" in b.text("table.tokens"),
       "made private, the earlier token is back")

    # ---- OIDC policy: a bad one, then a good one
    b.go(reg + "/settings/oidc")
    b.validate("oidc")
    b.fill("#f-policy", "- iss: https://agent.buildkite.com\n"
           "  scopes: [read_packages]\n  claims:\n    x: {bogus: 1}\n")
    b.submit_wait("#save-policy")
    err = b.text("#f-policy-error")
    ok("line 4" in err.lower(), "a bad OIDC policy is refused naming its line", err)
    ok(len(b.all("#policy-error-line")) == 1,
       "the line of the error is marked in the listing")
    b.validate("oidc with errors", b.path())
    b.shot("oidc-error")
    b.fill("#f-policy", "- iss: https://agent.buildkite.com\n"
           "  scopes: [read_packages, write_packages]\n  claims:\n"
           "    organization_slug: acme\n")
    b.submit_wait("#save-policy")
    ok("saved" in b.text("#notice") and "organization_slug" in
       b.css("#f-policy").get_attribute("value"), "a good policy is saved",
       b.text("main"))

    # ---- delete: a wrong name is refused, the exact name deletes
    b.go(reg + "/settings")
    b.fill("#f-confirm", "Browser renamed")
    ok(not b.css("#delete-registry").is_enabled(),
       "Delete Registry waits for the exact name")
    b.d.execute_script("document.getElementById('delete-form').submit()")
    b.wait.until(lambda d: len(b.all("#f-confirm-error")) == 1)
    ok("not the registry's name" in b.text("#f-confirm-error"),
       "the server refuses a wrong name", b.text("main"))
    b.shot("delete-refused")
    b.fill("#f-confirm", "Browser Renamed")
    b.submit_wait("#delete-registry")
    ok(b.path().startswith(regs) and "deleted" in b.text("#notice") and
       "Browser Renamed" not in b.text("main"),
       "the registry is deleted with its exact name", b.text("main"))

    # ---- an npm package's page and its README
    b.go(args.readme_path)
    b.validate("package")
    b.shot("package", phone=True)
    md = b.all("#readme .markdown")
    ok(len(md) == 1 and len(md[0].find_elements(By.TAG_NAME, "h1")) == 1 and
       len(md[0].find_elements(By.TAG_NAME, "strong")) >= 1,
       "the npm README is rendered from Markdown",
       md[0].get_attribute("innerHTML")[:500] if md else "no README")
    ok(len(b.d.find_elements(By.CSS_SELECTOR, "#readme script")) == 0 and
       "alert(" not in (md[0].get_attribute("innerHTML") if md else "") and
       b.d.execute_script("return window.__pwned === undefined"),
       "raw HTML in the README is not rendered")
    digests = b.all("dl.digests dd code")
    ok(len(digests) == 4 and all(re.match(r"^[0-9a-f]+$", d.text)
                                 for d in digests),
       "md5, sha1, sha256 and sha512 are shown",
       [d.text for d in digests])
    st, hd, body = b.raw(b.css("#download").get_attribute("href")
                         .replace(b.url, ""))
    ok(st == 200 and body[:2] == b"\x1f\x8b",
       "Download gives the package's tarball", "%s %r" % (st, body[:40]))

    # ---- audit log
    b.go("/organizations/%s/audit-log" % org)
    b.validate("audit log")
    b.shot("audit-log", phone=True)
    log = b.text("table.audit")
    for t in ("REGISTRY_CREATED", "REGISTRY_UPDATED", "REGISTRY_DELETED",
              "REGISTRY_VISIBILITY_CHANGED", "REGISTRY_TOKEN_CREATED",
              "REGISTRY_TOKEN_UPDATED", "REGISTRY_TOKEN_DELETED"):
        ok(t in log, "the audit log shows %s" % t)
    b.css("#type option[value=REGISTRY_DELETED]").click()
    b.submit_wait("form.filter button")
    ok("REGISTRY_DELETED" in b.text("table.audit") and
       "REGISTRY_CREATED" not in b.text("table.audit"),
       "the audit log filters by event type")

    # ---- storage pages, logout
    b.go("/organizations/%s/storage" % org)
    b.validate("storage")
    ok("Hosted storage" in b.text("main"), "the storage page shows hosted "
       "storage")
    b.click(".user form button")
    b.wait.until(EC.url_contains("/login"))
    ok("logged out" in b.text("#notice"), "logging out ends the session")
    b.go(regs)
    ok(b.path().startswith("/login"), "after logout pages need a login again")


if __name__ == "__main__":
    sys.exit(main())
