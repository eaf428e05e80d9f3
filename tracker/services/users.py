"""Writes to users: only administrators (or the built-in system actor) create and change them."""

from __future__ import annotations

from sqlmodel import Session

from tracker.audit.record import record_audit, snapshot
from tracker.auth import throttle
from tracker.auth.actor import Actor, require_admin
from tracker.auth.passwords import hash_password
from tracker.auth.sessions import ENDED_DEACTIVATED, ENDED_PASSWORD, end_user_sessions
from tracker.auth.users import get_by_username
from tracker.auth.visibility import is_known
from tracker.db import unit_of_work, write_transaction
from tracker.errors import PermissionDenied, ValidationError, validate
from tracker.i18n import LANGUAGES, N_, _, normalise
from tracker.models import AuditAction, User, UserCreate, UserUpdate, utcnow
from tracker.services.lookups import get_or_raise

SECRET_FIELDS = {"password_hash"}


def check_person(session: Session, actor: Actor, person_id: int | None) -> None:
    """The person a user is linked to exists and the administrator may know of them (no foreign
    key holds it: see app_user.person_id); one above their clearance is, for them, not there."""
    if person_id is not None and not is_known(session, "person", person_id, actor.clearance):
        raise ValidationError({"person_id": _("No person with id {id}.").format(id=person_id)})


def create_user(*, session: Session, actor: Actor, data: UserCreate) -> User:
    """Create a user with a hashed password, a role and a clearance."""
    data = validate(UserCreate, data)
    require_admin(actor, N_("create users"))
    with unit_of_work(session):
        username = data.username.lower()
        if get_by_username(session=session, username=username) is not None:
            raise ValidationError({"username": _("the username “{name}” is taken").format(name=username)})
        if username == "system":
            raise ValidationError({"username": _("“system” is reserved for the built-in actor")})
        check_person(session, actor, data.person_id)
        user = User(**data.model_dump(exclude={"password", "username"}), username=username,
                    password_hash=hash_password(data.password), created_at=utcnow())
        session.add(user)
        session.flush()
        record_audit(session, actor=actor, action=AuditAction.CREATE, entity="app_user",
                     entity_id=user.id, after=snapshot(user, exclude=SECRET_FIELDS),
                     summary=user.username)
    return user


def update_user(*, session: Session, actor: Actor, user_id: int, data: UserUpdate) -> User:
    """Change a user's display name, role, clearance, password, active flag, e-mail or person."""
    data = validate(UserUpdate, data)
    require_admin(actor, N_("change users"))
    with unit_of_work(session):
        user = get_or_raise(session, User, user_id)
        before = snapshot(user, exclude=SECRET_FIELDS)
        changes = data.model_dump(exclude_unset=True)
        password = changes.pop("password", None)
        check_person(session, actor, changes.get("person_id"))
        for key, value in changes.items():
            if value is None and key in {"role", "clearance", "is_active"}:
                raise ValidationError({key: _("must not be empty")})
            setattr(user, key, value)
        if password:
            user.password_hash = hash_password(password)
            throttle.clear(session, user.username)  # a new password lifts a lockout
        session.add(user)
        after = snapshot(user, exclude=SECRET_FIELDS)
        if password:
            after["password"] = "changed"
        record_audit(session, actor=actor, action=AuditAction.UPDATE, entity="app_user",
                     entity_id=user.id, before=before, after=after, summary=user.username)
        _end_sessions_after_change(session, actor=actor, user=user, before=before,
                                   password_changed=bool(password))
    return user


def _end_sessions_after_change(session: Session, *, actor: Actor, user: User, before: dict,
                               password_changed: bool) -> None:
    """A deactivated user, or one whose password was reset, is signed out everywhere in the same
    transaction. A role or clearance change keeps the sessions: every page run re-reads them."""
    if before.get("is_active") and not user.is_active:
        end_user_sessions(session, actor=actor, user=user, reason=ENDED_DEACTIVATED)
    elif password_changed:
        end_user_sessions(session, actor=actor, user=user, reason=ENDED_PASSWORD)


def update_user_language(*, session: Session, actor: Actor, user_id: int, language: str) -> User:
    """Save the language a user reads the tracker in: any user their own, an administrator anyone's."""
    chosen = normalise(language)
    if chosen is None:
        raise ValidationError({"language": _("choose one of {languages}").format(
            languages=", ".join(LANGUAGES))})
    if actor.user_id != user_id:
        require_admin(actor, N_("choose another user's language"))
    # No data-version bump: no record a page shows changes, so every cached figure stays good
    # (cached reads are keyed on the language they were translated in).
    with write_transaction(session):
        user = get_or_raise(session, User, user_id)
        if not user.is_active:
            raise PermissionDenied(_("{name}'s account is deactivated.").format(name=user.username))
        if user.language == chosen:
            return user
        before = {"language": user.language}
        user.language = chosen
        session.add(user)
        record_audit(session, actor=actor, action=AuditAction.UPDATE, entity="app_user",
                     entity_id=user.id, before=before, after={"language": chosen},
                     summary=user.username)
    return user
