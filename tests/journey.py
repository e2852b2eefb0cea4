"""A scripted customer who uses the app over real HTTP, the way a browser without JS would."""

from __future__ import annotations

from typing import Any

import httpx
from bs4 import BeautifulSoup


class Customer:
    """Cookies, CSRF and sequence numbers handled as a browser handles them."""

    def __init__(self, base_url: str) -> None:
        self.base_url = base_url.rstrip("/")
        self.http = httpx.Client(base_url=self.base_url, follow_redirects=False, timeout=30)
        self.last: httpx.Response | None = None
        # The page as last shown: buttons are pressed on what the customer saw, like a browser.
        self.shown: BeautifulSoup | None = None

    def close(self) -> None:
        self.http.close()

    def mint(self, customer: str, fault: str = "none") -> str:
        reply = self.http.post("/sandbox/tokens", json={"customer": customer, "fault": fault})
        assert reply.status_code == 201, reply.text
        token: str = reply.json()["connect_token"]
        return token

    def open(self, customer: str, fault: str = "none") -> str:
        token = self.mint(customer, fault)
        entry = self.http.get("/", params={"fp_cot": token})
        assert entry.status_code == 302, entry.text
        assert entry.headers["location"] == "/"
        return token

    def get(self, path: str = "/") -> httpx.Response:
        self.last = self.http.get(path)
        return self.last

    def soup(self) -> BeautifulSoup:
        self.shown = BeautifulSoup(self.get().text, "html.parser")
        return self.shown

    def text(self) -> str:
        return self.soup().get_text(" ", strip=True)

    def press(self, label: str) -> httpx.Response:
        """Submit the form of the button named `label` on the page shown (fetched if none is)."""
        soup = self.shown or self.soup()
        self.shown = None
        for button in soup.select("form button"):
            if _accessible_name(button) == label:
                form = button.find_parent("form")
                assert form is not None
                fields: dict[str, Any] = {
                    str(i["name"]): i.get("value", "") for i in form.select("input[name]")
                }
                if button.get("name"):
                    fields[str(button["name"])] = button.get("value", "")
                assert not button.has_attr("disabled"), f"{label} is disabled"
                self.last = self.http.post(str(form["action"]), data=fields)
                return self.last
        raise AssertionError(f"no button named {label!r} on the page")


def _accessible_name(button: Any) -> str:
    return str(button.get("aria-label") or button.get_text(" ", strip=True))
