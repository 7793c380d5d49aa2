"""The one detector of English words and raw codes in what a person reads on a dashboard page.

Everything a person reads on a page is Norwegian bokmål (issue 15, DOMAIN.md §2 glossary): never an enum
case name, a camelCase identifier, a record id or an English word. `findings(items)` takes the texts a
browser collected from a page (scripts/browser_collect.js: visible text per element, svg <title>/<desc>,
aria-label/title/alt/placeholder attributes, <option> texts, the document title) and returns one finding
per offending token, with the rule, the token, the text around it and the element it stands in.

Decision on identifiers: a UUID or a record id is allowed only inside <code> (also <kbd>, <samp>), where a
page deliberately shows a reference a person may need to quote (a case number); `data-*` attributes are
never read as text. Everything else (enum names, camelCase, English words, "÷", "×") is a finding even in <code>.
"""

import re

# NEEDS_REPORT_STATUS_SUBMITTED, SIZE_BAND_LARGE: upper case joined by underscores (one underscore at least,
# so Norwegian abbreviations such as PPT, KSI, UH stay allowed).
UPPER_SNAKE = re.compile(r"\b[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+\b")
# readingWriting, earlyYears, tTriage, frameOre: a lower-case start followed by capitalised parts.
CAMEL_CASE = re.compile(r"\b[a-z]+(?:[A-Z][a-z0-9]*)+\b")
# needs_report, size_band: lower-case snake case.
LOWER_SNAKE = re.compile(r"\b[a-z][a-z0-9]*(?:_[a-z0-9]+)+\b")
UUID = re.compile(r"\b[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\b")
# Record ids: a lower-case hyphenated token starting with a record kind of the reference data
# (statped-division-compulsory, theme-reading, owner-private-4203, demo-udir, nat-report-…), or any
# lower-case ASCII token of three hyphenated parts or more (vestfold-og-telemark as a slug).
ID_PREFIXES = ("statped-", "theme-", "owner-", "unit-", "ppt-", "uh-", "union-", "partnership-", "report-",
               "needs-report-", "referral-", "round-", "line-", "nat-", "demo-", "statsforvalter-", "division-",
               "location-", "person-", "municipality-", "region-")
# Later parts may carry capitals: statped-division-earlyYears is one id (and its camelCase part a second finding).
HYPHENATED = re.compile(r"(?<![\w-])[a-z][a-z0-9]*(?:-[A-Za-z0-9]+)+(?![\w-])")
WORD = re.compile(r"[A-Za-zÆØÅæøåÉéÜü]+")

# English words that are not also bokmål words (so not "status", "total", "region", "side", "time", "sum",
# "plan", "data", "rate", "band", "gap", "must", "is", "have", "for", "over", "under", and not the bokmål
# homographs "private" (plural of privat), "null" (zero), "medium", "invalid", "hearing" (høring)). A size
# band shown as "medium" is therefore not caught by this list, but "small" and "large" from the same
# mechanism are.
ENGLISH_WORDS = frozenset("""
the and of with without from which this that these those has was were been not found error errors failed
failure required should cannot please submit submitted approved rejected pending draft open closed
green amber yellow large small tiny micro none unknown missing request requested denied forbidden
permission allowed scheme municipality municipalities county school schools kindergarten kindergartens
partnership partnerships referral referrals division divisions theme themes share budget frame decided
disbursed report reports needs year years children pupils equal split amount queue intake accept accepted
decline declined advice routed prioritise prioritize overview profile health owner owners sector public
 municipal state subject weekly monthly yearly annual reading writing mathematics early behaviour
behavior language vision compulsory upper secondary preschool true false undefined nan
infinity page home back next previous search download login logout user users name date count average
breach breaches warning warnings waiting days week month result results method methods funding funded
applicant applicants application applications payout payouts reclaim appeal appeals
""".split())

# Bokmål writes "av", "delt på" or "per", never the division sign; a ratio is written out ("1,34 ganger"), not
# with the multiplication sign (the chrome part's page check bans both too).
DIVISION_SIGN = "÷"
MULTIPLICATION_SIGN = "×"


def findings(items):
    """Findings for the collected texts: each item is {"text", "element", "inCode"} (inCode: inside <code>)."""
    found = []
    for item in items:
        text = item.get("text") or ""
        if not text.strip():
            continue
        for rule, token in tokens(text, in_code=bool(item.get("inCode"))):
            found.append({"rule": rule, "match": token, "text": snippet(text, token),
                          "element": item.get("element", "")})
    return found


def tokens(text, in_code=False):
    """(rule, token) for every offending token of one text. A word inside an identifier (NEEDS in
    NEEDS_REPORT_STATUS_SUBMITTED, division in statped-division-upper) is not judged again as English."""
    out, identifiers = [], []
    for rule, pattern in (("raw-enum", UPPER_SNAKE), ("camel-case", CAMEL_CASE), ("snake-case", LOWER_SNAKE)):
        for match in pattern.finditer(text):
            out.append((rule, match.group()))
            identifiers.append(match.span())
    for match in UUID.finditer(text):
        identifiers.append(match.span())
        if not in_code:
            out.append(("uuid", match.group()))
    for match in HYPHENATED.finditer(text):
        token = match.group()
        if UUID.fullmatch(token):
            continue
        if token.startswith(ID_PREFIXES) or (token.count("-") >= 2 and token.isascii()
                                              and not any(part.isdigit() for part in token.split("-"))):
            identifiers.append(match.span())
            if not in_code:
                out.append(("record-id", token))
    for match in WORD.finditer(text):
        inside = any(start <= match.start() and match.end() <= end for start, end in identifiers)
        if not inside and match.group().lower() in ENGLISH_WORDS:
            out.append(("english", match.group()))
    if DIVISION_SIGN in text:
        out.append(("division-sign", DIVISION_SIGN))
    if MULTIPLICATION_SIGN in text:
        out.append(("multiplication-sign", MULTIPLICATION_SIGN))
    return out


def snippet(text, token, width=60):
    """The text around the token, at most about 2 × width characters."""
    text = " ".join(text.split())
    at = text.find(token)
    if at < 0:
        return text[: 2 * width]
    start, end = max(0, at - width), min(len(text), at + len(token) + width)
    return ("…" if start > 0 else "") + text[start:end] + ("…" if end < len(text) else "")
