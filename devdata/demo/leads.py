"""Leads of the demo tenants, from the public form or from the enrichment pipeline, plus
the special cases: one unsubscribed, one anonymised, one whose tenant was deleted."""

import uuid
from dataclasses import dataclass
from typing import Any

from devdata.demo.ids import FORGOTTEN_LEAD_ID, ORPHAN_LEAD_ID, UNSUBSCRIBED_LEAD_ID, demo_id
from devdata.demo.specs import TenantSpec
from devdata.demo.writer import DemoLead, DemoWriter
from devdata.vocabulary import ascii_slug
from nigredo.models import Lead

Status = Lead.Status
# (status, weight) of ordinary leads; descadastrado and anonimizado are the special ones'
STATUS_WEIGHTS = (
    (Status.NOVO, 25),
    (Status.EM_CONTATO, 20),
    (Status.QUALIFICADO, 20),
    (Status.AGENDADO, 15),
    (Status.CONVERTIDO, 10),
    (Status.PERDIDO, 10),
)
SCORES = {Status.NOVO: (5, 40), Status.QUALIFICADO: (50, 80), Status.EM_CONTATO: (45, 85),
          Status.PERDIDO: (0, 20)}  # fmt: skip
BUSY_IP = "177.92.14.33"  # the newest form lead's IP, which the rate limit is counting
BUSY_TENANT = "vida-plena"
ANONYMISED_COLUMNS = (
    "cnpj", "setor", "porte", "atividade_principal", "contato", "telefone", "name", "phone",
    "company", "message", "ip_address", "user_agent", "consent_ip_address",
)  # fmt: skip


@dataclass(frozen=True)
class SpecialLead:
    id: uuid.UUID
    tenant: str | None  # None: a tenant deleted since
    empresa: str
    setor: str
    status: Lead.Status
    age_days: float


UNSUBSCRIBED = SpecialLead(
    id=UNSUBSCRIBED_LEAD_ID,
    tenant="vida-plena",
    empresa="Ótica Visão Clara Ltda",
    setor="Varejo óptico",
    status=Status.DESCADASTRADO,
    age_days=12,
)
ORPHAN = SpecialLead(
    id=ORPHAN_LEAD_ID,
    tenant=None,
    empresa="Madeireira Pinheiro Alto Ltda",
    setor="Madeira e construção",
    status=Status.QUALIFICADO,
    age_days=70,
)
FORGOTTEN_TENANT = "saber-digital"


def origin(lead: DemoLead) -> str:
    """Where the lead came from."""
    return "formulario_site" if lead.from_form else "enriquecimento"


def status_and_age(w: DemoWriter, spec: TenantSpec, index: int) -> tuple[Lead.Status, float]:
    """A status and an age in days; each tenant's first lead arrived just now."""
    if index == 0:
        return Status.NOVO, 0.015 if spec.slug == BUSY_TENANT else 0.3
    statuses, weights = zip(*STATUS_WEIGHTS, strict=True)
    status = w.rng.choices(statuses, weights=weights)[0]
    oldest = spec.age_days - 1
    if status == Status.NOVO:
        return status, w.rng.uniform(0.5, min(20, oldest))
    return status, w.rng.uniform(min(6, oldest / 2), oldest)


def write_lead(w: DemoWriter, spec: TenantSpec, index: int) -> DemoLead:
    """One lead, from the public form or from the enrichment pipeline."""
    company = w.words.company()
    contato = w.words.person()
    status, age = status_and_age(w, spec, index)
    from_form = index % 5 in (0, 3)
    busy = spec.slug == BUSY_TENANT and index == 0
    lead = DemoLead(
        id=demo_id("lead", spec.slug, index),
        tenant=spec,
        empresa=company.empresa,
        contato=contato,
        setor=company.setor,
        email=f"{ascii_slug(contato.split()[0])}@{company.domain}",
        telefone=None if from_form else w.words.mobile(),
        status=status,
        created_at=w.ago(days=age),
        from_form=from_form,
        ip_address=(BUSY_IP if busy else w.words.public_ip()) if from_form else None,
    )
    cidade, uf = w.words.city()
    metadata: dict[str, Any] = {"cidade": cidade, "uf": uf, "origem": origin(lead)}
    campanhas = w.campanhas[spec.slug]
    if status in {Status.EM_CONTATO, Status.AGENDADO} and campanhas:
        metadata["campanha_id"] = str(w.rng.choice(campanhas))
    values: dict[str, Any] = {
        "tenant_id": w.tenant_id(spec),
        "empresa": lead.empresa,
        "cnpj": company.cnpj,
        "setor": lead.setor,
        "porte": company.porte,
        "atividade_principal": company.atividade,
        "status": status,
        "priority_score": w.rng.randint(*SCORES.get(status, (70, 98))),
        "metadata": metadata,
        "created_at": lead.created_at,
    }
    values |= form_columns(w, lead, index) if from_form else enrichment_columns(w, lead)
    w.put(Lead, lead.id, **values)
    return lead


def form_columns(w: DemoWriter, lead: DemoLead, index: int) -> dict[str, Any]:
    """The public form's columns, with the consent it records."""
    source, medium, campaign = w.words.utm()
    return {
        "email": lead.email,
        "name": lead.contato,
        "phone": w.words.mobile(),
        "company": lead.empresa[:100],
        "message": w.words.form_message(),
        "utm_source": source,
        "utm_medium": medium,
        "utm_campaign": campaign,
        "ip_address": lead.ip_address,
        "user_agent": w.words.user_agent(),
        "consent_given": True,
        "consent_date": lead.created_at,
        "consent_source": "formulario_site",
        "consent_ip_address": lead.ip_address,
    }


def enrichment_columns(w: DemoWriter, lead: DemoLead) -> dict[str, Any]:
    """The enrichment pipeline's contact columns; a third opted in on WhatsApp."""
    values: dict[str, Any] = {
        "contato": lead.contato,
        "telefone": lead.telefone,
        "email": lead.email,
    }
    if w.rng.random() < 0.35:
        values |= {
            "consent_given": True,
            "consent_date": w.after(lead.created_at, 30),
            "consent_source": "whatsapp_opt_in",
        }
    return values


def write_special_lead(w: DemoWriter, special: SpecialLead) -> DemoLead:
    """The lead that unsubscribes, or the one whose tenant was deleted."""
    spec = w.spec(special.tenant) if special.tenant else None
    lead = DemoLead(
        id=special.id,
        tenant=spec,
        empresa=special.empresa,
        contato=w.words.person(),
        setor=special.setor,
        email=f"contato@{ascii_slug(special.empresa.removesuffix(' Ltda'))}.com.br",
        telefone=w.words.mobile(),
        status=special.status,
        created_at=w.ago(days=special.age_days),
        from_form=False,
    )
    w.put(
        Lead,
        lead.id,
        tenant_id=w.lead_tenant_id(lead),
        empresa=lead.empresa,
        cnpj=w.words.cnpj(),
        setor=lead.setor,
        porte="EPP",
        contato=lead.contato,
        telefone=lead.telefone,
        email=lead.email,
        status=lead.status,
        priority_score=0 if lead.status == Status.DESCADASTRADO else 64,
        metadata={"cidade": "Curitiba", "uf": "PR", "origem": origin(lead)},
        created_at=lead.created_at,
    )
    return lead


def write_forgotten_lead(w: DemoWriter) -> DemoLead:
    """A lead anonymised in place by the right-to-be-forgotten flow."""
    pk = FORGOTTEN_LEAD_ID
    lead = DemoLead(
        id=pk,
        tenant=w.spec(FORGOTTEN_TENANT),
        empresa="ANONIMIZADO",
        contato="",
        setor="",
        email=f"anonimizado-{pk.hex[:8]}@anonimizado.invalid",
        telefone=None,
        status=Status.ANONIMIZADO,
        created_at=w.ago(days=55),
        from_form=False,
    )
    w.put(
        Lead,
        pk,
        **dict.fromkeys(ANONYMISED_COLUMNS),
        tenant_id=w.lead_tenant_id(lead),
        empresa=lead.empresa,
        email=lead.email,
        status=lead.status,
        priority_score=0,
        metadata={"anonimizado_em": w.ago(days=6).isoformat(), "base_legal": "LGPD art. 18"},
        created_at=lead.created_at,
    )
    return lead


def write_leads(w: DemoWriter, specs: tuple[TenantSpec, ...]) -> None:
    """Each tenant's leads, then the unsubscribed, orphaned and anonymised ones."""
    for spec in specs:
        w.leads += [write_lead(w, spec, index) for index in range(spec.lead_count)]
    w.leads.append(write_special_lead(w, UNSUBSCRIBED))
    w.leads.append(write_special_lead(w, ORPHAN))
    w.leads.append(write_forgotten_lead(w))


def lead(w: DemoWriter, lead_id: uuid.UUID) -> DemoLead:
    """The demo lead with that id."""
    return next(row for row in w.leads if row.id == lead_id)
