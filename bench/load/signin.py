"""Signing a simulated user in as a browser does: the sign-in form over the app's protocol, then
the one-time grant posted to ``/_tracker/session``, whose response sets the HttpOnly session
cookie (``dashboards/cookie_grants.py``). Behind nginx the first response also sets the routing
cookie, which every later request carries so that it reaches the same app process."""

from __future__ import annotations

import asyncio
import urllib.request

from bench.load.protocol import COOKIE_ENDPOINT, COOKIE_NAME, ProtocolError, Tab, grant_body, route_cookie


def _http(base: str, path: str, *, cookies: dict[str, str], body: bytes | None = None):
    headers = {"Origin": base, "Content-Type": "application/json"}
    if cookies:
        headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in cookies.items())
    request = urllib.request.Request(base + path, data=body, headers=headers,
                                     method="POST" if body is not None else "GET")
    with urllib.request.urlopen(request, timeout=30) as response:
        response.read()
        return response.headers


def _cookie(headers, name: str) -> str | None:
    for value in headers.get_all("Set-Cookie") or []:
        if value.startswith(f"{name}="):
            return value.split(";", 1)[0].split("=", 1)[1]
    return None


async def sign_in(base: str, username: str, password: str, *,
                  route: dict[str, str] | None = None) -> dict[str, str]:
    """The cookies of a browser that signed in as ``username``: the session and (behind nginx)
    the route, ``route`` when given (to reach the app process another tab is on). Raises
    ProtocolError when the app did not sign the user in."""
    cookies = route or route_cookie(await asyncio.to_thread(_http, base, "/_stcore/health", cookies={}))
    async with Tab(base, cookies) as tab:
        await tab.open("")
        await tab.set("sign_in_username", string_value=username)
        await tab.set("sign_in_password", string_value=password)
        page = await tab.click("label:Sign in")
        grant = page.grant()
    if grant is None:
        raise ProtocolError(f"{username} was not signed in: {page.texts[:4]}")
    headers = await asyncio.to_thread(_http, base, COOKIE_ENDPOINT, cookies=cookies, body=grant_body(grant))
    token = _cookie(headers, COOKIE_NAME)
    if token is None:
        raise ProtocolError(f"no session cookie for {username}")
    return {**cookies, COOKIE_NAME: token}
