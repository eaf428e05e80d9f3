"""Web links the tracker stores (an organisation's website, a meeting's source, an agreement's
document): plain http(s) addresses that cannot break out of Markdown or HTML wherever they are shown.

A link is parsed by pydantic's ``HttpUrl`` (the WHATWG URL rules browsers use), and on top of that:
- it is written out in full, starting with ``http://`` or ``https://`` and then the host (browsers
  would also open ``http:example.com`` or ``https:///example.com``; we ask for the usual form);
- it has no white space, control or invisible characters (``U+202E`` reverses how a link reads,
  ``U+200B`` hides a difference), and none of ``( ) [ ] < > " ' ` \\ { } | ^``: these end a Markdown
  link or image, open an HTML tag or attribute, or escape; a real address writes them
  percent-encoded (``%28`` for ``(``);
- no user name or password before the host (``https://www.gov.cn@evil.example`` goes to evil.example);
- the host is an IP address or a domain name of at least two labels of letters, digits and inner
  hyphens (international names are checked in their punycode form).

The link is kept as typed (after the usual text cleaning), not rewritten into pydantic's form.
"""

from __future__ import annotations

import ipaddress
import re
import unicodedata

from pydantic import HttpUrl, TypeAdapter
from pydantic import ValidationError as PydanticValidationError

from tracker.i18n import _

# Characters that end or escape a Markdown link destination, or open an HTML tag or attribute.
MARKUP_CHARACTERS = frozenset("()[]<>\"'`\\{}|^")
_SCHEME = re.compile(r"https?://", re.IGNORECASE)
_LABEL = re.compile(r"(?!-)[a-z0-9-]{1,63}(?<!-)")
_HTTP_URL = TypeAdapter(HttpUrl)
EXAMPLE = "https://www.example.org/page"


def check_web_link(value: str | None) -> str | None:
    """``value`` when it is a plain http(s) link; otherwise ``ValueError`` saying what is wrong."""
    if value is None:
        return None
    if not _SCHEME.match(value):
        raise ValueError(_("a link starts with http:// or https://, such as {example}").format(
            example=EXAMPLE))
    _check_characters(value)
    rest = value[_SCHEME.match(value).end():]
    if not rest or rest[0] in "/?#":
        raise ValueError(_("a link needs a host name after {start}, such as {example}").format(
            start=value[:-len(rest) or None], example=EXAMPLE))
    try:
        url = _HTTP_URL.validate_python(value)
    except PydanticValidationError as exc:
        reason = exc.errors()[0]["msg"].removeprefix("Input should be a valid URL, ")
        raise ValueError(_("not a web address a browser can open ({reason}); such as {example}").format(
            reason=reason, example=EXAMPLE)) from None
    if url.username is not None or url.password is not None:
        raise ValueError(_("a link may not contain a user name or password before the host (name@host): "
                           "the part after @ is where it really leads"))
    _check_host(url.host or "")
    return value


def is_web_link(value: object) -> bool:
    """Whether ``value`` passes ``check_web_link`` (rows stored before the rule may not)."""
    if not isinstance(value, str):
        return False
    try:
        check_web_link(value)
    except ValueError:
        return False
    return True


def _check_characters(value: str) -> None:
    for char in value:
        if char.isspace() or unicodedata.category(char).startswith("Z"):
            raise ValueError(_("a link has no spaces or line breaks (a space in an address is written %20)"))
        if unicodedata.category(char).startswith("C"):
            raise ValueError(_("a link may not contain invisible or control characters ({character})").format(
                character=f"U+{ord(char):04X} {unicodedata.name(char, 'control character')}"))
        if char in MARKUP_CHARACTERS:
            raise ValueError(_("a link may not contain the character {character} (in an address it is "
                               "written {code})").format(character=char, code=f"%{ord(char):02X}"))


def _check_host(host: str) -> None:
    try:
        ipaddress.ip_address(host.strip("[]"))
        return
    except ValueError:
        pass
    labels = host.split(".")
    if len(labels) < 2 or labels[-1].isdigit() or not all(_LABEL.fullmatch(label) for label in labels):
        raise ValueError(_("a link needs a proper host name such as www.example.org (this one has {host})")
                         .format(host=repr(host)))
