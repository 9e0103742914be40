"""The one registry of the columns that hold a person's data, in every schema.

Who reads it: the exports (personal columns go only to the Encarregado LGPD and
superusers), the right to be forgotten (what it replaces), the data subject's report
(what it shows) and the masking (`core.privacy`, `nigredo.privacy`): the kinds that name
or reach a person (`EMAIL`, `PHONE`, `NAME`) are shown masked to staff outside the
table's audience, in lists, pages, exports and the API.
A table is named by its model's label, resolved lazily, so the registry names the
platform's other schemas without this app importing them.

`personal` kinds identify or describe a person; the others (a company's name, campaign
tags) are erased with the person's lead because they can point back to them, yet are
business data anywhere else.
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from enum import Enum

from django.apps import apps
from django.db.models import Model

from core.privacy import MASKS
from platform_app.models import INTERNAL_TENANT_ID


class Kind(Enum):
    EMAIL = ("e-mail", True)
    PHONE = ("telefone", True)
    NAME = ("nome", True)
    CNPJ = ("CNPJ", True)
    IP = ("endereço IP", True)
    USER_AGENT = ("user agent", True)
    TEXT = ("texto livre", True)  # written by or about the person
    JSON = ("JSON", True)  # structured, may hold any of these
    URL = ("URL", True)  # referers carry query strings
    EXTERNAL_ID = ("id externo", True)  # a pointer into a system that holds the person
    COMPANY = ("empresa", False)
    TRACKING = ("marcação de campanha", False)

    def __init__(self, label: str, personal: bool) -> None:
        self.label = label
        self.personal = personal

    @property
    def masked(self) -> bool:
        """Shown masked outside the table's audience (the others stay whole in pages and
        the API, where support reads them to troubleshoot, and out of exports)."""
        return self.name in MASKS


class Audience(Enum):
    """Who sees a table's people whole (superusers always do; so does whoever may change
    the table's rows, whose work is editing them)."""

    # People who never signed up (leads, blocklist, commercial requests…): the Encarregado
    # LGPD, the role whose work is their data.
    DATA_SUBJECTS = "data_subjects"
    # The platform's accounts: whoever may open their list sees them there anyway; no one
    # else (an Encarregado LGPD has no access to platform users). The internal tenant's
    # users, the staff's own accounts, are whole for every staff member.
    ACCOUNTS = "accounts"


@dataclass(frozen=True)
class PersonalTable:
    model: str  # app_label.ModelName
    columns: Mapping[str, Kind]
    audience: Audience = Audience.DATA_SUBJECTS
    # Rows every staff member sees whole (the staff's own platform accounts).
    whole_row: Callable[[Model], bool] | None = None

    @property
    def model_class(self) -> type[Model]:
        return apps.get_model(self.model)

    def personal_columns(self) -> frozenset[str]:
        return frozenset(column for column, kind in self.columns.items() if kind.personal)

    def columns_of(self, *kinds: Kind) -> tuple[str, ...]:
        return tuple(column for column, kind in self.columns.items() if kind in kinds)

    def masked_columns(self) -> dict[str, str]:
        """{column: kind name} of the columns shown masked outside the audience."""
        return {column: kind.name for column, kind in self.columns.items() if kind.masked}


PERSONAL_TABLES: tuple[PersonalTable, ...] = (
    PersonalTable(
        "nigredo.Lead",
        {
            "contato": Kind.NAME,
            "name": Kind.NAME,
            "email": Kind.EMAIL,
            "telefone": Kind.PHONE,
            "phone": Kind.PHONE,
            "cnpj": Kind.CNPJ,
            "message": Kind.TEXT,
            "ip_address": Kind.IP,
            "consent_ip_address": Kind.IP,
            "user_agent": Kind.USER_AGENT,
            "metadata": Kind.JSON,
            "empresa": Kind.COMPANY,
            "company": Kind.COMPANY,
            "utm_source": Kind.TRACKING,
            "utm_medium": Kind.TRACKING,
            "utm_campaign": Kind.TRACKING,
        },
    ),
    PersonalTable("nigredo.Interacao", {"mensagem": Kind.TEXT}),
    PersonalTable(
        "nigredo.Agendamento", {"briefing": Kind.TEXT, "calendar_event_id": Kind.EXTERNAL_ID}
    ),
    PersonalTable(
        "nigredo.FormSubmission",
        {"ip_address": Kind.IP, "user_agent": Kind.USER_AGENT, "referer": Kind.URL},
    ),
    PersonalTable(
        "nigredo.WebhookLog",
        {"payload": Kind.JSON, "response_body": Kind.TEXT, "error_message": Kind.TEXT},
    ),
    PersonalTable(
        "nigredo.BlocklistEntry",
        {"email": Kind.EMAIL, "telefone": Kind.PHONE, "reason": Kind.TEXT},
    ),
    PersonalTable("nigredo.RateLimit", {"ip_address": Kind.IP}),
    PersonalTable(
        "platform_app.PlatformUser",
        {"email": Kind.EMAIL, "full_name": Kind.NAME},
        audience=Audience.ACCOUNTS,
        whole_row=lambda user: getattr(user, "tenant_id", None) == INTERNAL_TENANT_ID,
    ),
    # The Lambdas put IPs, user agents, e-mails and phones in contexts and error messages.
    PersonalTable("platform_app.AuditLog", {"context": Kind.JSON, "error_message": Kind.TEXT}),
    PersonalTable("platform_app.ApprovalRequest", {"action_details": Kind.JSON}),
    PersonalTable("platform_app.ApprovalDecision", {"comment": Kind.TEXT}),
    PersonalTable("fibonacci.Event", {"detail": Kind.JSON, "error_message": Kind.TEXT}),
    PersonalTable(
        "fibonacci.Trace",
        {
            "metadata": Kind.JSON,
            "annotations": Kind.JSON,
            "error_message": Kind.TEXT,
            "error_stack": Kind.TEXT,
        },
    ),
    PersonalTable(
        "billing.CommercialRequest",
        {
            "contact_name": Kind.NAME,
            "email": Kind.EMAIL,
            "whatsapp": Kind.PHONE,
            "cnpj": Kind.CNPJ,
            "message": Kind.TEXT,
            "company_name": Kind.COMPANY,
        },
    ),
)

_BY_LABEL = {table.model.lower(): table for table in PERSONAL_TABLES}


def personal_table(model: type[Model]) -> PersonalTable | None:
    """The registry's entry for `model`, or None for a table that holds no one's data."""
    return _BY_LABEL.get(model._meta.label_lower)


def personal_columns(model: type[Model]) -> frozenset[str]:
    """The columns of `model` that identify or describe a person."""
    table = personal_table(model)
    return table.personal_columns() if table else frozenset()


def columns_of(model: type[Model], *kinds: Kind) -> tuple[str, ...]:
    """The columns of `model` holding those kinds (e.g. EMAIL and PHONE, to mask them)."""
    table = personal_table(model)
    return table.columns_of(*kinds) if table else ()
