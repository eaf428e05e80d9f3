"""The served app: ``dashboards/app.py`` in Streamlit's ASGI server (``st.App``), plus one route of
our own that sets and clears the HttpOnly session cookie.

``tracker serve`` runs ``streamlit run dashboards/server.py``; Streamlit sees the ``st.App`` below
and serves it with uvicorn. The route ``POST /_tracker/session`` takes a JSON body:

- ``{"grant": …}``: a one-time grant the page got at sign-in (``dashboards/cookie_grants.py``);
  the response sets ``tracker_session=<token>; HttpOnly; SameSite=Strict; Path=/`` (``Secure``
  under https) so a refresh or a new tab stays signed in;
- ``{"end": true}``: ends the cookie's session in the database and deletes the cookie.

and ``GET /_tracker/feed/<token>.ics`` serves a user's calendar subscription feed: the token is the
secret of the user's feed address (``tracker.reports.calendar_feed`` resolves it and builds the
calendar with that user's clearance); an unknown or revoked token is a plain 404.

Only same-origin posts are accepted (the ``Origin`` header must name this host), so another site
cannot sign a visitor in or out.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import streamlit as st
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from dashboards.auth import COOKIE_NAME  # noqa: E402
from dashboards.cookie_grants import redeem_grant  # noqa: E402
from dashboards.database import run_query, run_write  # noqa: E402
from dashboards.incidents import report_incident  # noqa: E402
from tracker.auth.sessions import end_session, session_max_hours  # noqa: E402
from tracker.errors import DatabaseUnavailable  # noqa: E402
from tracker.reports.calendar_feed import feed_ics  # noqa: E402
from tracker.reports.formats import ICS  # noqa: E402

MAX_BODY_BYTES = 1024


def _same_origin(request: Request) -> bool:
    """The post came from a page of this server (browsers always send ``Origin`` on a POST)."""
    origin = request.headers.get("origin")
    host = request.headers.get("host")
    return bool(origin and host) and origin.split("://", 1)[-1] == host


def _is_https(request: Request) -> bool:
    return request.url.scheme == "https" or request.headers.get("x-forwarded-proto") == "https"


async def session_cookie(request: Request) -> Response:
    """Set the session cookie for a sign-in grant, or end the cookie's session and clear it."""
    if not _same_origin(request):
        return JSONResponse({"error": "cross-origin request refused"}, status_code=403)
    body = await request.body()
    if len(body) > MAX_BODY_BYTES:
        return JSONResponse({"error": "request too large"}, status_code=413)
    try:
        payload = json.loads(body or b"{}")
    except ValueError:
        return JSONResponse({"error": "not JSON"}, status_code=400)
    if not isinstance(payload, dict):
        return JSONResponse({"error": "not a JSON object"}, status_code=400)
    response = Response(status_code=204, headers={"Cache-Control": "no-store"})
    if payload.get("end"):
        token = request.cookies.get(COOKIE_NAME)
        if token:
            try:
                run_write(end_session, token=token)
            except DatabaseUnavailable:
                return JSONResponse({"error": "database unavailable, try again"}, status_code=503,
                                    headers={"Retry-After": "5"})
        response.delete_cookie(COOKIE_NAME, path="/", secure=_is_https(request), httponly=True,
                               samesite="strict")
        return response
    token = redeem_grant(str(payload.get("grant") or ""))
    if token is None:
        return JSONResponse({"error": "unknown or expired grant"}, status_code=400)
    response.set_cookie(COOKIE_NAME, token, max_age=session_max_hours() * 3600, path="/",
                        secure=_is_https(request), httponly=True, samesite="strict")
    return response


def _base_url(request: Request) -> str:
    scheme = "https" if _is_https(request) else request.url.scheme
    host = request.headers.get("host") or request.url.netloc
    return f"{scheme}://{host}"


async def calendar_feed(request: Request) -> Response:
    """A user's calendar feed (.ics) for the token in the address; 404 for any other token."""
    token = request.path_params["token"]
    params = {key: request.query_params.getlist(key) for key in request.query_params.keys()}
    try:
        body = await run_in_threadpool(run_query, feed_ics, token, params, base_url=_base_url(request))
    except DatabaseUnavailable:  # a calendar application asks again on its own
        return Response("Database unavailable, try again later", status_code=503, media_type="text/plain",
                        headers={"Retry-After": "60"})
    if body is None:
        return Response("Not found", status_code=404, media_type="text/plain")
    return Response(body, media_type=f"{ICS.mime}; charset=utf-8",
                    headers={"Cache-Control": "private, no-store",
                             "Content-Disposition": f'inline; filename="meetings{ICS.suffix}"'})


app = st.App("app.py", routes=[Route("/_tracker/session", session_cookie, methods=["POST"]),
                               Route("/_tracker/feed/{token}.ics", calendar_feed, methods=["GET"])],
             on_script_error=report_incident)
