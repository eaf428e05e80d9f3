"""All tables and input models; importing this registers every table on ``SQLModel.metadata``."""

from tracker.models.agreement import (
    Agreement,
    AgreementCreate,
    AgreementParty,
    AgreementPartyIn,
    AgreementUpdate,
)
from tracker.models.base import utcnow
from tracker.models.calendar_feed import CalendarFeedToken
from tracker.models.dismissal import DuplicateDismissal
from tracker.models.enums import (
    ActionStatus,
    AgreementKind,
    AgreementStatus,
    AuditAction,
    Confidentiality,
    DatePrecision,
    Importance,
    MeetingKind,
    MeetingStatus,
    OrganisationKind,
    ParticipantRole,
    PledgeStatus,
    Role,
    Side,
)
from tracker.models.event import Event, EventCreate, Topic
from tracker.models.follow_up import (
    ActionCreate,
    ActionUpdate,
    FollowUpAction,
    ImportanceSet,
    OrganisationImportance,
    ReminderSent,
)
from tracker.models.meeting import (
    Meeting,
    MeetingCreate,
    MeetingOrganisation,
    MeetingPledgeIn,
    MeetingsByMonth,
    MeetingsByOfficial,
    MeetingsByOrganisation,
    MeetingTopic,
    MeetingUpdate,
    NewPersonIn,
    ParticipantIn,
    Participation,
)
from tracker.models.merge_record import MergeRecord
from tracker.models.name_key import NameKey
from tracker.models.organisation import (
    Organisation,
    OrganisationAlias,
    OrganisationCreate,
    OrganisationUpdate,
)
from tracker.models.person import (
    Person,
    PersonAlias,
    PersonCreate,
    PersonUpdate,
    Position,
    PositionCreate,
    PositionUpdate,
)
from tracker.models.pledge import (
    CooperationArea,
    CooperationAreaCreate,
    Pledge,
    PledgeCreate,
    PledgeProgress,
    PledgeProgressCreate,
    PledgeUpdate,
)
from tracker.models.session import UserSession
from tracker.models.user import (
    AppState,
    AuditChainHead,
    AuditEvent,
    ImportMapping,
    ReturnSignOff,
    SignInThrottle,
    User,
    UserCreate,
    UserUpdate,
)

__all__ = [name for name in dir() if not name.startswith("_")]
