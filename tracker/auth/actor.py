"""Who is acting: a signed-in user, a CLI ``--as`` user, or the built-in ``system`` actor."""

from __future__ import annotations

from dataclasses import dataclass

from tracker.errors import PermissionDenied
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


def require_write(actor: Actor, what: str = "change records") -> None:
    """Admins and editors write; viewers never, whatever the UI shows."""
    if not actor.can_write:
        raise PermissionDenied(f"{actor.username} is a {actor.role.value} and may not {what}.")


def require_admin(actor: Actor, what: str = "do this") -> None:
    if not actor.is_admin:
        raise PermissionDenied(f"Only an administrator may {what}; {actor.username} is a "
                               f"{actor.role.value}.")


def require_clearance(actor: Actor, level: Confidentiality, what: str = "record") -> None:
    """Refuse to write an item above the actor's own clearance."""
    if Confidentiality.parse(level) > actor.clearance:
        raise PermissionDenied(f"This {what} is {Confidentiality.parse(level).label}; "
                               f"{actor.username}'s clearance is {actor.clearance.label}.")
