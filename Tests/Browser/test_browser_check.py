"""The browser harness itself, on static pages whose answers are known (Tests/Browser/fixtures/).

scripts/browser_check.py walks the fixtures in the same headless Chromium the dashboard test uses, served
by a local HTTP server: the clean page and the page it links to must pass every check, and feil.html must
show exactly its planted defects (an axe-core image-alt violation, a 600 px table outside a scroll
container at 390 px, 8 px SVG text, a 16 px button, "large", "readingWriting", a raw enum, a record id,
a UUID outside <code>, "÷"). The detector (scripts/dashboard_text.py) is also tested without a browser,
including Norwegian sentences it must leave alone.
"""

import functools
import http.server
import os
import sys
import threading

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(ROOT, "scripts"))
import browser_check  # noqa: E402
import dashboard_text  # noqa: E402

FIXTURES = os.path.join(os.path.dirname(os.path.abspath(__file__)), "fixtures")
WIDTHS = [1366, 390]


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def server():
    """The fixtures over HTTP on a free loopback port."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(QuietHandler, directory=FIXTURES))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/"
    server.shutdown()


@pytest.fixture(scope="module")
def walked(server, tmp_path_factory):
    """One walk over the fixtures (one Chromium session), shared by the browser tests."""
    spec = {"baseURL": server, "outDir": str(tmp_path_factory.mktemp("shots")),
            "person": "fixtures", "widths": WIDTHS,
            "pages": [{"name": "feil", "path": "/feil.html"},
                      {"name": "finnes-ikke", "path": "/finnes-ikke.html", "expectStatus": 404}],
            "crawl": {"start": ["/index.html"], "maxPages": 10, "maxSeconds": 60, "prefer": ["/ren-2.html?year="],
                      "skip": [r"[?&]person="]}}
    return browser_check.walk(spec)


def test_crawl_stops_at_max_pages_names_what_it_left_and_still_checks_csv_links(server, tmp_path):
    report = browser_check.walk({"baseURL": server, "outDir": str(tmp_path), "widths": [390],
                                 "crawl": {"start": ["/index.html"], "maxPages": 1, "maxSeconds": 60}})
    assert [p["path"] for p in report["pages"]] == ["/index.html"]
    assert report["crawl"] == {"stoppedBy": "maxPages 1", "unvisited": ["/ren-2.html", "/ren-2.html?year=2025"], "skipped": []}
    assert report["downloads"][0]["path"] == "/tall.csv"


def page(report, path):
    matches = [p for p in report["pages"] if p["path"] == path]
    assert len(matches) == 1, f"{path} visited {len(matches)} times: {[p['path'] for p in report['pages']]}"
    return matches[0]


def test_axe_core_is_the_bundled_4_12_and_runs_offline(walked):
    # The version of axe.min.js in axe-playwright-python 0.1.8 (scripts/requirements-axe.txt), read from the
    # page after injection: nothing was fetched (the fixtures load nothing external).
    assert walked["axeVersion"] == "4.12.1"
    assert walked["browser"].startswith("chromium ")


def test_crawl_follows_same_origin_links_dedups_by_path_and_query_and_checks_csv(walked):
    paths = [p["path"] for p in walked["pages"]]
    assert paths[:2] == ["/feil.html", "/finnes-ikke.html"]  # the named pages first
    # index.html links ren-2.html before ren-2.html?year=2025; the preferred prefix comes first all the same.
    assert paths[2:] == ["/index.html", "/ren-2.html?year=2025", "/ren-2.html"]
    assert walked["downloads"] == [{"path": "/tall.csv", "status": 200, "contentType": "text/csv",
                                    "start": "kommune;innbyggere\nKristiansand;116000\n"}]
    # ren-2.html's link that would switch the person is not followed.
    assert walked["crawl"] == {"stoppedBy": "no more links", "unvisited": [], "skipped": ["/index.html?person=demo-udir"]}


def test_status_is_reported_per_page(walked):
    assert page(walked, "/index.html")["httpStatus"] == 200
    missing = page(walked, "/finnes-ikke.html")
    assert missing["httpStatus"] == 404 and missing["expectStatus"] == 404


@pytest.mark.parametrize("path", ["/index.html", "/ren-2.html", "/ren-2.html?year=2025"])
@pytest.mark.parametrize("width", WIDTHS)
def test_clean_pages_pass_every_check(walked, path, width):
    facts = page(walked, path)["widths"][str(width)]
    assert "error" not in facts, facts.get("error")
    a11y = facts["accessibility"]
    assert (a11y["lang"], a11y["h1Count"], a11y["svgsWithoutName"], a11y["tablesWithoutCaption"],
            a11y["externalResources"]) == ("nb", 1, [], [], [])
    assert facts["axeViolations"] == []
    assert facts["scrollWidth"] <= facts["viewportWidth"] == width
    assert facts["overflowing"] == []
    assert facts["smallSvgText"] == []
    assert facts["smallTargets"] == []
    assert facts["textFindings"] == []
    with open(facts["screenshot"], "rb") as shot:
        assert shot.read(8) == b"\x89PNG\r\n\x1a\n"


def test_clean_page_figures_are_read(walked):
    assert page(walked, "/index.html")["widths"]["1366"]["figures"] == {"V4.totals.specialNeedsShareInclusiveBp": 9270}


def test_known_axe_violation_is_reported_with_impact_and_target(walked):
    for width in WIDTHS:
        violations = page(walked, "/feil.html")["widths"][str(width)]["axeViolations"]
        image_alt = [v for v in violations if v["id"] == "image-alt"]
        assert image_alt and image_alt[0]["impact"] == "critical" and image_alt[0]["targets"] == ["img"]


def test_wide_table_overflows_at_390_and_not_at_1366_and_a_hidden_overflow_is_cut_off(walked):
    wide = page(walked, "/feil.html")["widths"]
    phone, desktop = wide["390"], wide["1366"]
    assert phone["viewportWidth"] == 390 and phone["scrollWidth"] > 390
    assert [(o["element"], o["clipped"]) for o in phone["overflowing"]] == [
        ("table#bred-tabell", False), ("table#beskaaret-tabell", True)]
    assert desktop["scrollWidth"] <= desktop["viewportWidth"] == 1366 and desktop["overflowing"] == []


def test_eight_px_svg_text_is_found(walked):
    for width in WIDTHS:
        small = page(walked, "/feil.html")["widths"][str(width)]["smallSvgText"]
        assert small == [{"text": "Liten tekst", "element": "text#liten-tekst", "px": 8}]


def test_scaled_down_svg_text_is_measured_as_rendered(walked):
    # index.html's chart: font-size 28 in a 300-unit viewBox drawn at most 600 px wide: 56 px at 1366,
    # (390 - 2 × 16) / 300 × 28 ≈ 33 px at 390, both above 12.
    assert page(walked, "/index.html")["widths"]["390"]["smallSvgText"] == []


def test_small_target_in_a_form_is_found(walked):
    targets = page(walked, "/feil.html")["widths"]["390"]["smallTargets"]
    assert [(t["text"], t["width"], t["height"]) for t in targets] == [("S", 16, 16)]


def test_english_and_raw_codes_are_found_with_their_element(walked):
    found = {(f["rule"], f["match"], f["element"]) for f in page(walked, "/feil.html")["widths"]["390"]["textFindings"]}
    assert found == {
        ("english", "large", "p#storrelse"),
        ("camel-case", "readingWriting", "p#tema"),
        ("raw-enum", "NEEDS_REPORT_STATUS_SUBMITTED", "p#status"),
        ("record-id", "statped-division-compulsory", "p#avdeling"),
        ("uuid", "3f2b8c1e-9a4d-4c1b-8e2f-1a2b3c4d5e6f", "p#uuid"),
        ("division-sign", "÷", "p#deling"),
    }


# --- The detector alone.

@pytest.mark.parametrize("text", [
    "Andel til spesialpedagogikk", "Status: sendt inn", "Henvisningsrate per 10 000 barn og unge 0–19 år",
    "PPT-leder i Agder", "Send e-post til Statped", "Total for regionen", "Sist oppdatert 5. desember 2026",
    "Vedtatt per barn 1 234,5 kr", "KSI 2025, Udir", "Gjennomsnitt over tid", "Side 2 av 3", "UH-partner: UiA",
    "Private eiere og kommunale eiere", "Beløpet er null kroner", "Et medium for deling", "Åpen hearing",
])
def test_bokmal_text_has_no_findings(text):
    assert dashboard_text.tokens(text) == []


@pytest.mark.parametrize("text, rule, match", [
    ("Størrelsesgruppe: large", "english", "large"),
    ("Tema earlyYears", "camel-case", "earlyYears"),
    ("SIZE_BAND_LARGE", "raw-enum", "SIZE_BAND_LARGE"),
    ("needs_report", "snake-case", "needs_report"),
    ("Tema theme-reading", "record-id", "theme-reading"),
    ("Embete vestfold-og-telemark", "record-id", "vestfold-og-telemark"),
    ("Person demo-udir", "record-id", "demo-udir"),
    ("statped-division-earlyYears", "record-id", "statped-division-earlyYears"),
    ("statped-division-earlyYears", "camel-case", "earlyYears"),
    ("Not found", "english", "Not"),
    ("Vedtatt ÷ ramme", "division-sign", "÷"),
    ("Overtegning 1,34 ×", "multiplication-sign", "×"),
])
def test_each_rule_finds_its_token(text, rule, match):
    assert (rule, match) in dashboard_text.tokens(text)


def test_a_word_inside_an_identifier_is_not_judged_again_as_english():
    assert dashboard_text.tokens("statped-division-earlyYears NEEDS_REPORT_STATUS_SUBMITTED") == [
        ("raw-enum", "NEEDS_REPORT_STATUS_SUBMITTED"), ("camel-case", "earlyYears"),
        ("record-id", "statped-division-earlyYears")]


def test_ids_inside_code_are_allowed_but_english_is_not():
    assert dashboard_text.findings([{"text": "3f2b8c1e-9a4d-4c1b-8e2f-1a2b3c4d5e6f statped-division-upper",
                                     "element": "code", "inCode": True}]) == []
    assert [f["rule"] for f in dashboard_text.findings([{"text": "readingWriting large", "element": "code",
                                                         "inCode": True}])] == ["camel-case", "english"]
