from gongkai.cases.models.application import (
    Applicant,
    ApplicantType,
    Application,
    CaseCounter,
    Channel,
    Delivery,
    Item,
    PreferredForm,
)
from gongkai.cases.models.letters import Letter, LetterKind, LetterTemplate
from gongkai.cases.models.process import (
    CaseAttachment,
    CaseEvent,
    Consultation,
    Extension,
    FeeNotice,
    ReminderLog,
)
from gongkai.cases.models.remedies import Remedy

__all__ = [
    "Applicant",
    "ApplicantType",
    "Application",
    "CaseAttachment",
    "CaseCounter",
    "CaseEvent",
    "Channel",
    "Consultation",
    "Delivery",
    "Extension",
    "FeeNotice",
    "Item",
    "Letter",
    "LetterKind",
    "LetterTemplate",
    "PreferredForm",
    "Remedy",
    "ReminderLog",
]
