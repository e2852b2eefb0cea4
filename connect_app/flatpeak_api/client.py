"""Flatpeak's REST API, for the look-ups Connect pages do not carry (Part B §1.1, §2, §7).

A bearer token from `GET /login` (HTTP Basic: account id and API key) is cached until shortly
before it expires and shared by every request, and by every instance when CACHE_URL names a
Redis (shared.py); a 401 drops it and logs in again once. The API key and bearer are never logged.
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, TypeVar
from urllib.parse import quote

import httpx
from pydantic import BaseModel, ConfigDict, ValidationError

from connect_app.connect.vpp_payloads import Participation
from connect_app.flatpeak_api import shared
from connect_app.flatpeak_api.errors import ApiRejected, ApiUnavailable, ApiUnreadable

logger = logging.getLogger(__name__)
ModelT = TypeVar("ModelT", bound=BaseModel)

# Log in again this long before the bearer expires, so no call carries one about to lapse.
REFRESH_MARGIN_S = 60
MAX_PAGES = 50


@dataclass(frozen=True)
class Credentials:
    base_url: str
    account_id: str
    api_key: str


class ConnectSession(BaseModel):
    """The parts of `GET /connect/{token}` the app uses."""

    model_config = ConfigDict(frozen=True, extra="ignore")

    device_id: str | None = None
    location_id: str | None = None
    callback_url: str | None = None
    connect_url: str | None = None


@dataclass(frozen=True)
class FlatpeakApi:
    credentials: Credentials
    http: httpx.Client

    def connect_session(self, token: str) -> ConnectSession:
        """`GET /connect/{token}`: the session's device and callback URL."""
        reply = self._get(f"/connect/{quote(token, safe='')}")
        return _parse(ConnectSession, reply)

    def participations(self, device_id: str) -> Iterator[Participation]:
        """`GET /vpp-participations?device_id=`, following `has_more` page by page."""
        params: dict[str, str] = {"device_id": device_id}
        for _ in range(MAX_PAGES):
            reply = self._get("/vpp-participations", params)
            items = reply.get("data")
            if not isinstance(items, list):
                raise ApiUnreadable("list without data")
            for item in items:
                yield _parse(Participation, item)
            last_id = items[-1].get("id") if items and isinstance(items[-1], dict) else None
            if reply.get("has_more") is not True or not isinstance(last_id, str):
                return
            params = {"device_id": device_id, "starting_after": last_id}

    def participation_for(self, token: str, programme_id: str | None) -> Participation | None:
        """The participation of this session's device in the programme on screen."""
        session = self.connect_session(token)
        if not session.device_id:
            return None
        found = self.participations(session.device_id)
        return next((p for p in found if programme_id in (None, p.programme.id)), None)

    def create_session(self, body: dict[str, Any]) -> str:
        """Create a Connect session; both published shapes (`/connect`, `/connect/sessions`)."""
        try:
            reply = self._send("POST", "/connect", json_body=body)
        except ApiRejected as error:
            if error.status not in (404, 405):
                raise
            reply = self._send("POST", "/connect/sessions", json_body=body)
        token = reply.get("connect_token") or reply.get("id")
        if not isinstance(token, str) or not token:
            raise ApiUnreadable("create reply without a token")
        return token

    def _get(self, path: str, params: dict[str, str] | None = None) -> dict[str, Any]:
        return self._send("GET", path, params=params)

    def _send(
        self,
        method: str,
        path: str,
        *,
        params: dict[str, str] | None = None,
        json_body: dict[str, Any] | None = None,
    ) -> dict[str, Any]:
        for attempt in (1, 2):
            headers = {"Authorization": f"Bearer {self._bearer()}"}
            status, reply = self._exchange(method, path, params, json_body, headers)
            if status == 401 and attempt == 1:
                shared.drop(self._bearer_key)  # revoked or expired early: log in once more
                continue
            if status >= 400:
                code = reply.get("code") if isinstance(reply.get("code"), str) else ""
                raise ApiRejected(f"{method} {path} -> {status}", status=status, code=str(code))
            return reply
        raise ApiRejected(f"{method} {path} -> 401", status=401)  # pragma: no cover

    @property
    def _bearer_key(self) -> str:
        """The account's bearer in the shared cache: by API URL and account id."""
        return shared.key("bearer", self.credentials.base_url, self.credentials.account_id)

    def _bearer(self) -> str:
        cached = shared.get(self._bearer_key)
        if isinstance(cached, str) and cached:
            return cached
        auth = httpx.BasicAuth(self.credentials.account_id, self.credentials.api_key)
        status, reply = self._exchange("GET", "/login", None, None, {}, auth=auth)
        token, expires_in = reply.get("bearer_token"), reply.get("expires_in", 3600)
        if status != 200 or not isinstance(token, str) or not token:
            raise ApiRejected(f"login -> {status}", status=status)
        lifetime = float(expires_in) if isinstance(expires_in, int | float) else 3600
        shared.put(self._bearer_key, token, lifetime - REFRESH_MARGIN_S)
        return token

    def _exchange(
        self,
        method: str,
        path: str,
        params: dict[str, str] | None,
        json_body: dict[str, Any] | None,
        headers: dict[str, str],
        *,
        auth: httpx.Auth | None = None,
    ) -> tuple[int, dict[str, Any]]:
        url = self.credentials.base_url.rstrip("/") + path
        started = time.perf_counter()
        try:
            response = self.http.request(
                method, url, params=params, json=json_body, headers=headers, auth=auth
            )
        except httpx.HTTPError as error:
            raise ApiUnavailable(f"{method} {path}: {type(error).__name__}") from None
        # The path may hold a connect token (GET /connect/{token}): log only its first segment.
        logger.info(
            "flatpeak api %s /%s status=%s ms=%.0f",
            method,
            path.strip("/").split("/")[0],
            response.status_code,
            (time.perf_counter() - started) * 1000,
        )
        if response.status_code >= 500:
            raise ApiUnavailable(f"{method} {path} -> {response.status_code}")
        try:
            reply = json.loads(response.content)
        except ValueError:
            raise ApiUnavailable(f"{method} {path}: not JSON") from None
        if not isinstance(reply, dict):
            raise ApiUnreadable(f"{method} {path}: not an object")
        return response.status_code, reply


def _parse(model: type[ModelT], data: Any) -> ModelT:
    try:
        return model.model_validate(data)
    except ValidationError:
        raise ApiUnreadable(f"not a {model.__name__}") from None
