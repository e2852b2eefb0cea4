"""Countries, US states and post codes, checked the way Connect checks an address."""

from __future__ import annotations

import re

from babel import Locale

# Babel's territories are CLDR's: besides ISO 3166-1 they hold groupings (EU, UN, ZZ) and
# codes ISO reserves for other uses. Connect takes ISO 3166-1 alpha-2 only.
_NOT_ISO_3166 = frozenset(
    {"AC", "CP", "CQ", "DG", "EA", "EU", "EZ", "IC", "QO", "TA", "UN", "XA", "XB", "XK", "ZZ"}
)
COUNTRY_CODES = frozenset(
    code
    for code in map(str, Locale("en").territories)
    if len(code) == 2 and code.isalpha() and code not in _NOT_ISO_3166
)

# USPS codes of the states, the District of Columbia and the inhabited territories.
US_STATES = frozenset(
    [
        "AL",
        "AK",
        "AZ",
        "AR",
        "CA",
        "CO",
        "CT",
        "DE",
        "FL",
        "GA",
        "HI",
        "ID",
        "IL",
        "IN",
        "IA",
        "KS",
        "KY",
        "LA",
        "ME",
        "MD",
        "MA",
        "MI",
        "MN",
        "MS",
        "MO",
        "MT",
        "NE",
        "NV",
        "NH",
        "NJ",
        "NM",
        "NY",
        "NC",
        "ND",
        "OH",
        "OK",
        "OR",
        "PA",
        "RI",
        "SC",
        "SD",
        "TN",
        "TX",
        "UT",
        "VT",
        "VA",
        "WA",
        "WV",
        "WI",
        "WY",
        "DC",
        "AS",
        "GU",
        "MP",
        "PR",
        "VI",
    ]
)

_ZIP = re.compile(r"^[0-9]{5}$")
# A UK post code: an outward code (A9, A99, AA9, AA99, A9A, AA9A), an optional space, and an
# inward code of a digit and two letters that are never C, I, K, M, O or V.
_UK_POST_CODE = re.compile(r"^(?:[A-Z]{1,2}[0-9][A-Z0-9]?|GIR) ?[0-9][ABD-HJLNP-UW-Z]{2}$")


def post_code_problem(post_code: str, country_code: str) -> str | None:
    """Why this post code cannot be in that country, if it cannot."""
    if country_code == "US" and not _ZIP.match(post_code):
        return "A US ZIP code is 5 digits."
    if country_code == "GB" and not _UK_POST_CODE.match(post_code.upper()):
        return "This is not a UK post code."
    return None
