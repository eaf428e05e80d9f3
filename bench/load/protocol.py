"""A browser tab as the app's server sees it, without a browser: Streamlit's own protocol
(protobuf ``BackMsg`` / ``ForwardMsg``) over the WebSocket ``/_stcore/stream``, with the session
cookie a signed-in browser carries.

A run is what a click is: a ``rerun_script`` back message carrying the page (its address and query
string, as the browser's router sends them) and the widget values; the server answers with
deltas until ``script_finished``. ``Tab.run`` returns the run's ``Page``: the texts it showed
(markdown, alerts, metrics), the widgets it drew by their user key, and its time. One asyncio
client per tab keeps a load generator of dozens of tabs to a fraction of one core.
"""

from __future__ import annotations

import asyncio
import json
import re
import time
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import websockets
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.WidgetStates_pb2 import WidgetState

COOKIE_NAME = "tracker_session"      # dashboards.auth.COOKIE_NAME
COOKIE_ENDPOINT = "/_tracker/session"
ROUTE_COOKIE = "tracker_route"       # nginx's affinity cookie (tracker.deploy.ROUTE_COOKIE)
RUN_TIMEOUT_S = 120.0
# Streamlit's ScriptFinishedStatus: the run that counts is the last one (a callback's st.rerun
# ends a run early and starts the next).
_EARLY_FOR_RERUN = ForwardMsg.ScriptFinishedStatus.FINISHED_EARLY_FOR_RERUN
_GRANT = re.compile(r'\\"grant\\": \\"([^\\"]+)\\"')
# Texts that the page writes for something the user did not cause.
_INCIDENT = "Something went wrong on our side"
_RETRY = "could not be reached just now"
_TIMED_OUT = "took too long to work out"


class ProtocolError(Exception):
    """The server closed the stream, sent no answer in time, or answered with no page."""


@dataclass
class Widget:
    id: str
    kind: str            # the element's type in the delta: text_input, button, selectbox, …
    proto: object
    form_id: str = ""


@dataclass
class Page:
    """What one run drew."""

    texts: list[str] = field(default_factory=list)
    widgets: dict[str, Widget] = field(default_factory=dict)   # by user key
    html: list[str] = field(default_factory=list)
    links: dict[str, str] = field(default_factory=dict)        # page link label → its query string
    exceptions: int = 0
    not_found: bool = False
    seconds: float = 0.0
    elements: int = 0
    retried: bool = False    # the user pressed again after the retry message

    def has_text(self, fragment: str) -> bool:
        return any(fragment in text for text in self.texts)

    @property
    def incident(self) -> bool:
        return self.exceptions > 0 or self.not_found or self.has_text(_INCIDENT)

    @property
    def retry(self) -> bool:
        """The page said the database could not be reached and to try again."""
        return self.has_text(_RETRY)

    @property
    def timed_out(self) -> bool:
        return self.has_text(_TIMED_OUT)

    def widget(self, key: str) -> Widget:
        try:
            return self.widgets[key]
        except KeyError:
            raise ProtocolError(f"no widget with the key {key!r} on the page") from None

    def grant(self) -> str | None:
        """The one-time grant the page handed the browser after a sign-in (dashboards.auth)."""
        for body in self.html:
            found = _GRANT.search(body) or re.search(r'"grant": "([^"]+)"', body)
            if found:
                return found[1]
        return None


def _user_key(widget_id: str) -> str | None:
    """Streamlit's widget ids end with ``-<user key>`` when the widget has a key."""
    head, sep, key = widget_id.rpartition("-")
    return key if sep and head.startswith("$$ID") and key != "None" else None


def _text_of(element) -> list[str]:
    kind = element.WhichOneof("type")
    part = getattr(element, kind) if kind else None
    if kind in ("markdown", "heading", "text", "caption", "code"):
        return [getattr(part, "body", "")]
    if kind == "alert":
        return [part.body]
    if kind == "metric":
        return [f"{part.label}: {part.body}"]
    if kind == "exception":
        return [f"{part.type}: {part.message}"]
    return []


class Tab:
    """One open browser tab on the app at ``base`` (``http://host:port``), carrying ``cookies``."""

    def __init__(self, base: str, cookies: dict[str, str] | None = None) -> None:
        self.base = base.rstrip("/")
        self.cookies = dict(cookies or {})
        self._socket = None
        self._values: dict[str, WidgetState] = {}   # what this tab's widgets hold, as a browser keeps
        self._page_hash = ""
        self.last: Page | None = None

    async def __aenter__(self) -> Tab:
        await self.connect()
        return self

    async def __aexit__(self, *exc) -> None:
        await self.close()

    async def connect(self) -> None:
        parts = urlsplit(self.base)
        scheme = "wss" if parts.scheme == "https" else "ws"
        headers = {"Origin": self.base}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        self._socket = await websockets.connect(
            f"{scheme}://{parts.netloc}/_stcore/stream", additional_headers=headers,
            subprotocols=["streamlit"], max_size=2**26, open_timeout=30, ping_interval=None)

    async def close(self) -> None:
        if self._socket is not None:
            await self._socket.close()
            self._socket = None

    async def open(self, page: str, query: str = "") -> Page:
        """Go to ``page`` (its address, e.g. ``overview``) with ``query`` (``id=12``): a new page
        drops the widget values of the last, as the browser's router does."""
        self._values.clear()
        self._page_hash = ""
        self._page, self._query = page, query
        return await self.run()

    async def set(self, key: str, **value) -> None:
        """Give the widget with user key ``key`` a value (``string_value=…``, ``int_value=…``),
        held for the next run as the browser holds a field's value until it sends it."""
        widget = self.last.widget(key)
        value = {name: {"data": list(item)} if name.endswith("_array_value") else item
                 for name, item in value.items()}
        self._values[widget.id] = WidgetState(id=widget.id, **value)

    async def click(self, key: str) -> Page:
        """Press the button with user key ``key`` (a form's submit button sends the form's values)."""
        widget = self.last.widget(key)
        trigger = WidgetState(id=widget.id, trigger_value=True)
        return await self.run(extra=[trigger])

    async def run(self, extra: list[WidgetState] | None = None) -> Page:
        """One run of the current page with the held widget values; returns when it finished."""
        message = BackMsg()
        state = message.rerun_script
        state.page_name = self._page
        state.query_string = self._query
        state.page_script_hash = self._page_hash
        state.widget_states.widgets.extend([*self._values.values(), *(extra or [])])
        started = time.perf_counter()
        await self._socket.send(message.SerializeToString())
        page = await self._read_until_finished()
        page.seconds = time.perf_counter() - started
        self.last = page
        return page

    async def _read_until_finished(self) -> Page:
        page = Page()
        deadline = time.monotonic() + RUN_TIMEOUT_S
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise ProtocolError(f"no end of the run in {RUN_TIMEOUT_S:.0f} s")
            try:
                raw = await asyncio.wait_for(self._socket.recv(), timeout=remaining)
            except TimeoutError:
                raise ProtocolError(f"no end of the run in {RUN_TIMEOUT_S:.0f} s") from None
            except websockets.ConnectionClosed as exc:
                raise ProtocolError(f"the server closed the stream ({exc})") from None
            msg = ForwardMsg()
            msg.ParseFromString(raw)
            kind = msg.WhichOneof("type")
            if kind == "delta":
                self._take_delta(page, msg.delta)
            elif kind == "page_info_changed":
                self._query = msg.page_info_changed.query_string
            elif kind == "navigation":   # the page this run drew: the next click reruns it
                self._page_hash = msg.navigation.page_script_hash
            elif kind == "page_not_found":
                page.not_found = True
            elif kind == "script_finished":
                if msg.script_finished == _EARLY_FOR_RERUN:
                    page = Page()    # a callback asked for a new run: what counts is the next one
                    continue
                return page

    def _take_delta(self, page: Page, delta) -> None:
        if delta.WhichOneof("type") != "new_element":
            return
        element = delta.new_element
        page.elements += 1
        kind = element.WhichOneof("type")
        if kind == "exception":
            page.exceptions += 1
        if kind == "html":
            page.html.append(element.html.body)
        if kind == "page_link":
            page.links[element.page_link.label] = element.page_link.query_string
            page.texts.append(element.page_link.label)
        page.texts.extend(_text_of(element))
        part = getattr(element, kind) if kind else None
        widget_id = getattr(part, "id", "") if part is not None else ""
        if widget_id:
            key = _user_key(widget_id)
            if key:
                page.widgets[key] = Widget(widget_id, kind, part, getattr(part, "form_id", ""))
            label = getattr(part, "label", "")
            if kind in ("button",) and label:    # buttons without a key: found by their label
                page.widgets.setdefault(f"label:{label}", Widget(widget_id, kind, part,
                                                                   getattr(part, "form_id", "")))


def route_cookie(headers) -> dict[str, str]:
    """nginx's affinity cookie from a response's headers (none when no nginx is in front)."""
    for value in headers.get_all("Set-Cookie") or []:
        if value.startswith(f"{ROUTE_COOKIE}="):
            return {ROUTE_COOKIE: value.split(";", 1)[0].split("=", 1)[1]}
    return {}


def grant_body(grant: str) -> bytes:
    return json.dumps({"grant": grant}).encode()
