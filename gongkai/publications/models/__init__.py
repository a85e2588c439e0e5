from gongkai.publications.models.config import (
    DEFAULT_INDEX_PATTERN,
    Category,
    IndexCounter,
    PublicationSettings,
    ReviewStep,
    TopicColumn,
)
from gongkai.publications.models.consultations import Comment, Consultation
from gongkai.publications.models.decisions import DecisionImport, DecisionKind, DecisionRecord
from gongkai.publications.models.documents import (
    ART20_ITEMS,
    Attachment,
    Disclosure,
    Document,
    DocumentEvent,
    Genre,
    Kind,
    PolicyClass,
    State,
    Validity,
    ValidityRecord,
)

__all__ = [
    "ART20_ITEMS",
    "DEFAULT_INDEX_PATTERN",
    "Attachment",
    "Category",
    "Comment",
    "Consultation",
    "DecisionImport",
    "DecisionKind",
    "DecisionRecord",
    "Disclosure",
    "Document",
    "DocumentEvent",
    "Genre",
    "IndexCounter",
    "Kind",
    "PolicyClass",
    "PublicationSettings",
    "ReviewStep",
    "State",
    "TopicColumn",
    "Validity",
    "ValidityRecord",
]
