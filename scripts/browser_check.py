#!/usr/bin/env python3
"""Drives headless Chromium (Debian's chromium + chromedriver, via selenium) through dashboard pages.

Usage: browser_check.py BASE_URL OUT_DIR PAGES_JSON

PAGES_JSON is a JSON list of {"name": "...", "path": "/regioner/agder?year=2025", "submit": false, "click": []}.
With "submit": true the page's POST form is submitted (the simulator), after clicking each CSS selector in
"click" (e.g. one more checkbox), and the page the browser lands on is the one checked.

For each page the script records, as one JSON document on stdout:
- "httpStatus": the status of a plain GET of the same URL (GET pages only; the browser hides it);
- "title", "h1": what the browser rendered;
- "figures": every <data data-figure="NAME" value="V"> as NAME -> V (integers);
- "accessibility": lang of <html>, the number of h1, the svgs without a <title> or aria-label, the
  tables without a <caption>, and whether the page loads anything from another origin;
- "screenshot": a full-page PNG in OUT_DIR named after the page.
Exit status 0 when every page was visited (the checks themselves are the caller's), 2 on a usage error.
"""

import json
import sys
import urllib.error
import urllib.request

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions
from selenium.webdriver.support.ui import WebDriverWait

CHROMEDRIVER = "/usr/bin/chromedriver"
CHROMIUM = "/usr/bin/chromium"
WIDTH = 1280

# Collected in the page itself: one round trip, and exactly what the browser's DOM holds.
COLLECT = """
const figures = {};
for (const el of document.querySelectorAll('data[data-figure]')) {
  figures[el.getAttribute('data-figure')] = el.getAttribute('value');
}
const svgsWithoutName = [];
document.querySelectorAll('svg').forEach((svg, index) => {
  const title = svg.querySelector(':scope > title');
  const label = svg.getAttribute('aria-label');
  const named = (title && title.textContent.trim() !== '') || (label && label.trim() !== '');
  if (!named) svgsWithoutName.push(index);
});
const tablesWithoutCaption = [];
document.querySelectorAll('table').forEach((table, index) => {
  const caption = table.querySelector(':scope > caption');
  if (!caption || caption.textContent.trim() === '') tablesWithoutCaption.push(index);
});
const external = [];
for (const el of document.querySelectorAll('[src], link[href], script')) {
  const url = el.getAttribute('src') || el.getAttribute('href') || '';
  if (/^(https?:)?\\/\\//.test(url)) external.push(url);
}
const h1 = document.querySelectorAll('h1');
return {
  title: document.title,
  h1: h1.length > 0 ? h1[0].textContent.trim() : '',
  figures: figures,
  accessibility: {
    lang: document.documentElement.getAttribute('lang'),
    h1Count: h1.length,
    svgCount: document.querySelectorAll('svg').length,
    svgsWithoutName: svgsWithoutName,
    tableCount: document.querySelectorAll('table').length,
    tablesWithoutCaption: tablesWithoutCaption,
    externalResources: external,
  },
  height: Math.max(document.body.scrollHeight, document.documentElement.scrollHeight),
};
"""


def http_status(url):
    """The status of a plain GET (selenium does not expose it)."""
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def make_driver():
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                     f"--window-size={WIDTH},900", "--lang=nb-NO", "--hide-scrollbars"):
        options.add_argument(argument)
    return webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)


def integer(text):
    try:
        return int(text)
    except (TypeError, ValueError):
        return None


def check_page(driver, base_url, out_dir, page):
    url = base_url.rstrip("/") + page["path"]
    result = {"name": page["name"], "url": url}
    if not page.get("submit"):
        result["httpStatus"] = http_status(url)
    driver.set_window_size(WIDTH, 900)
    driver.get(url)
    if page.get("submit"):
        form = driver.find_element(By.CSS_SELECTOR, "form[method=post]")
        for selector in page.get("click", []):
            form.find_element(By.CSS_SELECTOR, selector).click()
        button = form.find_element(By.CSS_SELECTOR, "button[type=submit]")
        button.click()
        # The result page has the scenarios section; wait for it rather than for a fixed time.
        WebDriverWait(driver, 60).until(expected_conditions.presence_of_element_located((By.ID, "resultat")))
    collected = driver.execute_script(COLLECT)
    result["title"] = collected["title"]
    result["h1"] = collected["h1"]
    result["figures"] = {name: integer(value) for name, value in collected["figures"].items()}
    result["accessibility"] = collected["accessibility"]
    # A full-page screenshot: make the window as tall as the document, then capture it.
    driver.set_window_size(WIDTH, max(900, int(collected["height"]) + 40))
    screenshot = f"{out_dir.rstrip('/')}/{page['name']}.png"
    driver.save_screenshot(screenshot)
    result["screenshot"] = screenshot
    return result


def main(argv):
    if len(argv) != 4:
        print(__doc__, file=sys.stderr)
        return 2
    base_url, out_dir, pages = argv[1], argv[2], json.loads(argv[3])
    driver = make_driver()
    results = []
    try:
        for page in pages:
            try:
                results.append(check_page(driver, base_url, out_dir, page))
            except Exception as error:  # report the page as failed and go on with the others
                results.append({"name": page["name"], "error": f"{type(error).__name__}: {error}"})
    finally:
        driver.quit()
    print(json.dumps({"browser": "chromium", "pages": results}, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
