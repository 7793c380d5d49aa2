#!/usr/bin/env python3
"""Walks the dashboard in headless Chromium (Debian's chromium + chromedriver, via selenium) as one person.

Usage: browser_check.py SPEC_JSON   (SPEC_JSON is the JSON text itself, or @FILE)

SPEC: {"baseURL": "http://127.0.0.1:PORT", "outDir": "/tmp/…", "person": "demo-udir",
       "widths": [1366, 390],
       "pages": [{"name": "region-agder", "path": "/regioner/agder?year=2025", "expectStatus": 200,
                  "submit": false, "click": []}, …],
       "crawl": {"start": ["/"], "maxPages": 30, "maxSeconds": 90, "prefer": ["/arbeidslister/"],
                 "skip": ["[?&]person="]}}

The named "pages" are visited first (the simulator is one: with "submit" its POST form is submitted after
clicking each CSS selector in "click", and the page the browser lands on is checked; a case action names
its "form" by CSS selector, the "fill" values, the "waitFor" selector of the page it lands on, and its own
"widths", since each load acts). Then same-origin links
found on the pages are followed, breadth first and one page of each kind of path before a second of the same
kind (round robin over the path "shape", /regioner/*), de-duplicated by path + query, until maxPages pages or
maxSeconds; a link under a "prefer" prefix that no visited page has yet comes before all others (the pages
the caller requires the walk to reach). A link whose path + query matches a "skip" regular expression is not
followed (it is listed under crawl.skipped): e.g. a link that would change who the dashboard acts as.
A link ending in .csv is not rendered: it is fetched and reported with its status and content type.

Each page is loaded once per width: 1366 is a desktop window, a width below 600 is a phone through Chromium's
device metrics (mobile viewport, so the page's <meta name=viewport> and media queries apply). Per page and
width, in one script call (scripts/browser_collect.js): figures, lang, h1, svg names, table captions, external
resources, horizontal overflow, rendered SVG text size, target sizes and the readable text, which
scripts/dashboard_text.py judges for English and raw codes; then axe-core (its violations with impact and
targets) and a full-page PNG screenshot in outDir. One JSON document on stdout; exit 0 when the walk ran
(the verdicts are the caller's: Tests/GatewayTests/Browser/DashboardBrowserTests.swift), 2 on a usage error.

axe-core comes from the PyPI package axe-playwright-python (installed without its playwright dependency by
scripts/setup): only its bundled axe.min.js is used, injected into the page; nothing is fetched at run time.
"""

import json
import os
import re
import sys
import time
import urllib.error
import urllib.parse
import urllib.request

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions
from selenium.webdriver.support.ui import Select, WebDriverWait

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import dashboard_text  # noqa: E402  (the one detector of English and raw codes)

CHROMEDRIVER = "/usr/bin/chromedriver"
CHROMIUM = "/usr/bin/chromium"
PHONE_BELOW = 600
PHONE_HEIGHT = 844
DESKTOP_HEIGHT = 900
COLLECT = open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "browser_collect.js"), encoding="utf-8").read()
# axe-core rules: every rule axe enables by default plus target-size (WCAG 2.2 SC 2.5.8).
AXE_OPTIONS = {"resultTypes": ["violations"], "rules": {"target-size": {"enabled": True}}}
MAX_AXE_TARGETS = 8
MAX_LEFT_CSV = 50


def axe_script():
    """axe.min.js from the installed axe-playwright-python package (no import: it would need playwright)."""
    import importlib.util
    spec = importlib.util.find_spec("axe_playwright_python")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("axe-playwright-python is not installed (scripts/setup installs it)")
    path = os.path.join(list(spec.submodule_search_locations)[0], "axe.min.js")
    with open(path, encoding="utf-8") as handle:
        return handle.read()


def fetch(url):
    """Status and content type of a plain GET (selenium does not expose them)."""
    request = urllib.request.Request(url, headers={"Accept-Language": "nb-NO"})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.headers.get("Content-Type", ""), response.read(200)
    except urllib.error.HTTPError as error:
        return error.code, error.headers.get("Content-Type", ""), b""


def make_driver():
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                     f"--window-size=1366,{DESKTOP_HEIGHT}", "--lang=nb-NO", "--hide-scrollbars",
                     "--disable-extensions", "--no-first-run", "--disable-background-networking"):
        options.add_argument(argument)
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    driver.set_script_timeout(60)
    driver.set_page_load_timeout(60)
    return driver


def set_width(driver, width, height=None):
    """A desktop window or, below PHONE_BELOW px, a phone's device metrics (mobile viewport)."""
    phone = width < PHONE_BELOW
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {
        "width": width, "height": height or (PHONE_HEIGHT if phone else DESKTOP_HEIGHT),
        "deviceScaleFactor": 1, "mobile": phone})


def screenshot(driver, path, width, height):
    """A full-page PNG: the viewport made as tall as the document, then captured."""
    import base64
    set_width(driver, width, max(PHONE_HEIGHT if width < PHONE_BELOW else DESKTOP_HEIGHT, min(int(height), 16000)))
    shot = driver.execute_cdp_cmd("Page.captureScreenshot", {"format": "png", "captureBeyondViewport": False})
    with open(path, "wb") as handle:
        handle.write(base64.b64decode(shot["data"]))
    set_width(driver, width)


def run_axe(driver, script):
    if not driver.execute_script("return typeof window.axe === 'object'"):
        driver.execute_script(script)
    results = driver.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "axe.run(document, arguments[0]).then((r) => done(r), (e) => done({error: String(e)}));", AXE_OPTIONS)
    if "error" in results:
        raise RuntimeError(f"axe-core failed: {results['error']}")
    return [{"id": v["id"], "impact": v.get("impact"), "help": v.get("help"),
             "targets": [" ".join(map(str, node.get("target", []))) for node in v.get("nodes", [])[:MAX_AXE_TARGETS]],
             "nodeCount": len(v.get("nodes", []))} for v in results.get("violations", [])]


def integer(text):
    try:
        return int(text)
    except (TypeError, ValueError):
        return None


def fill_and_submit(driver, page):
    """A case action as a person does it: the form `page["form"]` (a CSS selector), each field of `page["fill"]`
    (CSS selector -> value; a select by option value, anything else typed), then its submit button, and the
    page the browser lands on once `page["waitFor"]` (a CSS selector) is there."""
    form = driver.find_element(By.CSS_SELECTOR, page["form"])
    for selector, value in page.get("fill", {}).items():
        field = form.find_element(By.CSS_SELECTOR, selector)
        if field.tag_name == "select":
            Select(field).select_by_value(value)
        else:
            field.clear()
            field.send_keys(value)
    form.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    WebDriverWait(driver, 60).until(expected_conditions.presence_of_element_located((By.CSS_SELECTOR, page["waitFor"])))


def load(driver, url, page):
    driver.get(url)
    if page.get("form"):
        fill_and_submit(driver, page)
    elif page.get("submit"):
        form = driver.find_element(By.CSS_SELECTOR, "form[method=post]")
        for selector in page.get("click", []):
            form.find_element(By.CSS_SELECTOR, selector).click()
        form.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
        # The result page has the scenarios section; wait for it rather than for a fixed time.
        WebDriverWait(driver, 60).until(expected_conditions.presence_of_element_located((By.ID, "resultat")))


def check_width(driver, url, page, width, out_dir, axe):
    """Everything about one page at one width."""
    set_width(driver, width)
    load(driver, url, page)
    collected = driver.execute_script(COLLECT)
    collected["url"] = driver.current_url
    texts = collected.pop("texts")
    collected["textFindings"] = dashboard_text.findings(texts)
    collected["figures"] = {name: integer(value) for name, value in collected["figures"].items()}
    collected["axeViolations"] = run_axe(driver, axe)
    path = os.path.join(out_dir, f"{page['name']}-{width}.png")
    screenshot(driver, path, width, collected["height"])
    collected["screenshot"] = path
    return collected


def check_page(driver, base_url, out_dir, page, widths, axe):
    url = urllib.parse.urljoin(base_url, page["path"])
    result = {"name": page["name"], "path": page["path"], "url": url, "seeded": page.get("seeded", False),
              "expectStatus": page.get("expectStatus", 200), "widths": {}}
    if not page.get("submit") and not page.get("form"):
        result["httpStatus"], result["contentType"], _ = fetch(url)
    links = []
    # A page that acts (a case action) is loaded at its own widths only: each load would act again.
    for width in page.get("widths", widths):
        try:
            collected = check_width(driver, url, page, width, out_dir, axe)
            links = links or collected.pop("links")
            collected.pop("links", None)
            result["widths"][str(width)] = collected
        except Exception as error:  # report the width as failed and go on
            result["widths"][str(width)] = {"error": f"{type(error).__name__}: {error}"}
    return result, links


def page_name(path):
    """A file-safe name for a crawled path with its query: /regioner/agder?year=2025 → regioner-agder_year-2025."""
    name = re.sub(r"[^A-Za-z0-9]+", "-", path.strip("/")).strip("-") or "oversikt"
    return name[:100]


def shape(path):
    """The kind of a path, for the round robin: /regioner/agder → /regioner/*."""
    segments = urllib.parse.urlsplit(path).path.strip("/").split("/")
    return "/" + segments[0] + ("/*" * (len(segments) - 1)) if segments != [""] else "/"


def same_origin_path(base_url, link):
    """The path + query of a same-origin link (no fragment), or None."""
    base, target = urllib.parse.urlsplit(base_url), urllib.parse.urlsplit(link)
    if target.scheme not in ("http", "https") or (target.scheme, target.netloc) != (base.scheme, base.netloc):
        return None
    return (target.path or "/") + ("?" + target.query if target.query else "")


def is_csv(path):
    return urllib.parse.urlsplit(path).path.endswith(".csv")


def download(base_url, path):
    """A CSV link: its status, content type and first bytes."""
    status, content_type, head = fetch(urllib.parse.urljoin(base_url, path))
    return {"path": path, "status": status, "contentType": content_type, "start": head.decode("utf-8", "replace")}


def walk(spec):
    base_url, out_dir, widths = spec["baseURL"], spec["outDir"], spec.get("widths", [1366, 390])
    crawl = spec.get("crawl", {})
    max_pages, deadline = crawl.get("maxPages", 30), time.monotonic() + crawl.get("maxSeconds", 90)
    os.makedirs(out_dir, exist_ok=True)
    axe = axe_script()
    seen, names = set(), set()
    queue = [dict(page, seeded=True) for page in spec.get("pages", [])]
    for page in queue:
        seen.add(page["path"])
    order = 0
    for start in crawl.get("start", ["/"]):
        if start not in seen:
            seen.add(start)
            queue.append({"path": start, "order": order})
            order += 1
    visited_shapes, visited_paths = {}, {}
    pages, downloads, skipped, stopped_by = [], [], [], "no more links"
    driver = make_driver()
    try:
        version = driver.capabilities.get("browserVersion", "")
        axe_version = None
        while queue:
            seeds = [page for page in queue if page.get("seeded")]
            if seeds:
                page = seeds[0]
            else:
                if len(pages) >= max_pages:
                    stopped_by = f"maxPages {max_pages}"
                    break
                if time.monotonic() > deadline:
                    stopped_by = f"maxSeconds {crawl.get('maxSeconds', 90)}"
                    break
                uncovered = [prefix for prefix in crawl.get("prefer", [])
                             if not any(visited["path"].startswith(prefix) for visited in pages)]
                page = min(queue, key=lambda p: (not any(p["path"].startswith(prefix) for prefix in uncovered),
                                                  visited_shapes.get(shape(p["path"]), 0),
                                                  visited_paths.get(urllib.parse.urlsplit(p["path"]).path, 0), p["order"]))
            queue.remove(page)
            path = page["path"]
            if is_csv(path):
                downloads.append(download(base_url, path))
                continue
            if not page.get("seeded"):
                status, content_type, _ = fetch(urllib.parse.urljoin(base_url, path))
                if "text/html" not in content_type:
                    downloads.append({"path": path, "status": status, "contentType": content_type})
                    continue
                name, number = page_name(path), 1
                while name in names:
                    number += 1
                    name = f"{page_name(path)}-{number}"
                page = {"name": name, "path": path}
            names.add(page["name"])
            result, links = check_page(driver, base_url, out_dir, page, widths, axe)
            if axe_version is None:
                axe_version = driver.execute_script("return window.axe ? axe.version : null")
            pages.append(result)
            bare = urllib.parse.urlsplit(path).path
            visited_shapes[shape(path)] = visited_shapes.get(shape(path), 0) + 1
            visited_paths[bare] = visited_paths.get(bare, 0) + 1
            for link in links:
                target = same_origin_path(base_url, link)
                if target is not None and target not in seen:
                    seen.add(target)
                    if any(re.search(pattern, target) for pattern in crawl.get("skip", [])):
                        skipped.append(target)
                        continue
                    queue.append({"path": target, "order": order})
                    order += 1
        # CSV links cost a GET, not a rendering: the ones left beyond the page bounds are checked all the same.
        for page in [page for page in queue if is_csv(page["path"])][:MAX_LEFT_CSV]:
            queue.remove(page)
            downloads.append(download(base_url, page["path"]))
        unvisited = [page["path"] for page in queue]
    finally:
        driver.quit()
    return {"browser": f"chromium {version}", "axeVersion": axe_version, "person": spec.get("person"),
            "widths": widths, "pages": pages, "downloads": downloads,
            "crawl": {"stoppedBy": stopped_by, "unvisited": unvisited, "skipped": skipped}}


def main(argv):
    if len(argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    text = argv[1]
    if text.startswith("@"):
        with open(text[1:], encoding="utf-8") as handle:
            text = handle.read()
    print(json.dumps(walk(json.loads(text)), ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
