"""Who is acting: a signed-in user, a CLI ``--as`` user, or the built-in ``system`` actor."""

from __future__ import annotations

from dataclasses import dataclass

from tracker.errors import PermissionDenied
from tracker.i18n import N_, gettext, pgettext
from tracker.models.enums import Confidentiality, Role


@dataclass(frozen=True)
class Actor:
    """The acting user as services see it; hashable, so cached queries can key on it."""

    username: str
    role: Role
    clearance: Confidentiality
    user_id: int | None = None
    language: str | None = None  # the user's own choice; None: the default (tracker.i18n)

    @classmethod
    def from_user(cls, user) -> Actor:
        return cls(username=user.username, role=Role(user.role),
                   clearance=Confidentiality.parse(user.clearance), user_id=user.id,
                   language=getattr(user, "language", None))

    @property
    def can_write(self) -> bool:
        return self.role.can_write

    @property
    def is_admin(self) -> bool:
        return self.role is Role.ADMIN


SYSTEM_ACTOR = Actor(username="system", role=Role.ADMIN, clearance=Confidentiality.SECRET)


def role_word(role: Role) -> str:
    """A role inside a sentence ("… is a viewer"), in the reader's language."""
    words = {Role.ADMIN: pgettext("role", "admin"), Role.EDITOR: pgettext("role", "editor"),
             Role.VIEWER: pgettext("role", "viewer")}
    return words.get(Role(role), str(getattr(role, "value", role)))


# ``what`` is an English phrase the callers mark with ``N_`` and these translate when they refuse.
def require_write(actor: Actor, what: str = N_("change records")) -> None:
    """Admins and editors write; viewers never, whatever the UI shows."""
    if not actor.can_write:
        raise PermissionDenied(gettext("{user} is a {role} and may not {what}.").format(
            user=actor.username, role=role_word(actor.role), what=gettext(what)))


def require_admin(actor: Actor, what: str = N_("do this")) -> None:
    if not actor.is_admin:
        raise PermissionDenied(gettext("Only an administrator may {what}; {user} is a {role}.").format(
            what=gettext(what), user=actor.username, role=role_word(actor.role)))


def require_clearance(actor: Actor, level: Confidentiality, what: str = N_("record")) -> None:
    """Refuse to write an item above the actor's own clearance."""
    if Confidentiality.parse(level) > actor.clearance:
        raise PermissionDenied(gettext("This {what} is {level}; {user}'s clearance is {clearance}.").format(
            what=gettext(what), level=gettext(Confidentiality.parse(level).label), user=actor.username,
            clearance=gettext(actor.clearance.label)))
