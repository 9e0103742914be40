"""Leads, in time order: from the enrichment pipeline (company columns, a CNPJ) or from the
public form (name, phone, message, UTM tags, IP and consent), the form's share growing."""

from devdata.loadgen.context import LoadContext
from devdata.loadgen.distributions import LEAD_STATUSES
from devdata.loadgen.refs import canonical
from devdata.loadgen.rows import LeadRow
from devdata.loadgen.timeline import CLOCK, DAY, FRACTIONS
from devdata.vocabulary import CONSENT_SOURCES_FORM, CONSENT_SOURCES_PIPELINE, USER_AGENTS

LEAD_SAMPLE = 1 << 16  # leads kept for later tables to point at
STATUS_NAMES = [status.value for status in LEAD_STATUSES]


def lead_rows(ctx: LoadContext, first: int, count: int, total: int) -> list[LeadRow]:
    """Leads first..first+count of total."""
    rng, pools, timeline, tenants, sample = (
        ctx.rng,
        ctx.pools,
        ctx.lead_time,
        ctx.tenants,
        ctx.leads,
    )
    rnd, bits, new_id, mobile, ip = rng.random, rng.getrandbits, ctx.ids.hex, ctx.mobile, ctx.ip
    seconds, limit, _, _ = ctx.chunk(timeline, first, count, total)
    pick_tenant, tenant_ids = tenants.pick, tenants.ids
    days, fractions = timeline.days, FRACTIONS
    people, npeople = pools.people, len(pools.people)
    companies, ncompanies = pools.companies, len(pools.companies)
    free_mail, messages, utms = pools.free_mail, pools.messages, pools.utms
    pipeline_meta, form_meta, scores = pools.pipeline_metadata, pools.form_metadata, pools.scores
    statuses = pools.lead_statuses[min(len(pools.lead_statuses) - 1, int(first / total * 8))]
    stride = max(1, total // LEAD_SAMPLE)
    rows = []
    for n, second in enumerate(seconds):
        i = first + n
        lead_id = new_id()
        tenant = pick_tenant(rnd() * limit)
        created = days[second // DAY] + CLOCK[second % DAY] + fractions[bits(12)]
        status = statuses[bits(10)]
        person_name, local = people[int(rnd() * npeople)]
        company = companies[int(rnd() * ncompanies)]
        if rnd() < 0.15 + 0.5 * i / total:
            address = ip()
            consented = rnd() < 0.95
            utm = utms[bits(8)] if rnd() >= 0.4 else (None, None, None)
            rows.append(
                LeadRow(
                    id=lead_id,
                    tenant_id=tenant_ids[tenant],
                    empresa=company.empresa,
                    contato=person_name,
                    email=f"{local}@{free_mail[bits(10)]}"
                    if rnd() < 0.6
                    else f"{local}@{company.domain}",
                    status=STATUS_NAMES[status],
                    priority_score=scores[status][bits(8)],
                    metadata=form_meta[bits(7)],
                    created_at=created,
                    consent_given=consented,
                    consent_date=created if consented else None,
                    consent_source=CONSENT_SOURCES_FORM[bits(2)] if consented else None,
                    consent_ip_address=address if consented else None,
                    name=person_name,
                    phone=mobile() if rnd() < 0.8 else None,
                    company=company.empresa[:100],
                    message=messages[bits(9)] if rnd() < 0.55 else None,
                    utm_source=utm[0],
                    utm_medium=utm[1],
                    utm_campaign=utm[2],
                    ip_address=address,
                    user_agent=USER_AGENTS[bits(3)],
                )
            )
        else:
            contact = rnd()
            consented = rnd() < 0.06
            rows.append(
                LeadRow(
                    id=lead_id,
                    tenant_id=tenant_ids[tenant],
                    empresa=company.empresa,
                    cnpj=company.cnpj if rnd() < 0.7 else None,
                    setor=company.setor,
                    porte=company.porte,
                    atividade_principal=company.atividade,
                    contato=person_name if rnd() < 0.9 else None,
                    telefone=mobile() if contact < 0.8 else None,
                    email=f"{local}@{company.domain}" if contact > 0.55 else None,
                    status=STATUS_NAMES[status],
                    priority_score=scores[status][bits(8)],
                    metadata=pipeline_meta[bits(7)],
                    created_at=created,
                    consent_given=consented,
                    consent_date=created if consented else None,
                    consent_source=CONSENT_SOURCES_PIPELINE[bits(8) % 3] if consented else None,
                )
            )
        if i % stride == 0 and len(sample.ids) < LEAD_SAMPLE:
            sample.ids.append(canonical(lead_id))
            sample.tenants.append(tenant)
            sample.epochs.append(timeline.epoch_of(second))
    return rows
