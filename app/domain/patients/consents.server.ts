import { DomainError } from '~/domain/errors.ts'
import { type ConsentSource } from '~/generated/prisma/client.ts'
import { db, type Tx } from '~/utils/db.server.ts'
import { audit } from '../audit/audit.server.ts'
import {
  acceptMessage,
  type ConsentAnswers,
  POLICY_KINDS,
  updatedWhileReadingMessage,
  type PolicyKind,
} from './consents.ts'

export type CurrentPolicy = {
  id: string
  kind: PolicyKind
  version: number
  title: string
  summary: string
  body: string
  required: boolean
  effectiveAt: Date
}

/** A current policy this person still has to decide on. */
export type PendingPolicy = CurrentPolicy & {
  /** They accepted an earlier version of it: this one is a change, not a first ask. */
  acceptedEarlierVersion: boolean
}

/** A decision the server could not record; its `field` is the policy's kind, beside whose answer it shows. */
export class ConsentDecisionError extends DomainError {
  constructor(kind: PolicyKind, message: string) {
    super('conflict', message, kind)
  }
}

const policySelect = {
  id: true,
  kind: true,
  version: true,
  title: true,
  summary: true,
  body: true,
  required: true,
  effectiveAt: true,
} as const

function byKindOrder(a: { kind: PolicyKind }, b: { kind: PolicyKind }) {
  return POLICY_KINDS.indexOf(a.kind) - POLICY_KINDS.indexOf(b.kind)
}

/** The version of each policy in force now: the highest one whose effective time has come. */
export async function currentPolicies(client: Tx = db, now = new Date()): Promise<CurrentPolicy[]> {
  const policies = await client.policy.findMany({
    where: { effectiveAt: { lte: now } },
    orderBy: [{ kind: 'asc' }, { version: 'desc' }],
    distinct: ['kind'],
    select: policySelect,
  })
  return policies.sort(byKindOrder)
}

/**
 * The current policies this person has not decided on. A required one counts as decided only once
 * accepted; an optional one (SMS) once answered either way. A new version asks everyone again.
 */
export async function pendingPolicies(userId: string, now = new Date()): Promise<PendingPolicy[]> {
  const [current, records] = await Promise.all([
    currentPolicies(db, now),
    db.consentRecord.findMany({
      where: { userId },
      select: { accepted: true, policy: { select: { id: true, kind: true, version: true } } },
    }),
  ])
  return current
    .filter((policy) => {
      const record = records.find((r) => r.policy.id === policy.id)
      return policy.required ? record?.accepted !== true : record === undefined
    })
    .map((policy) => ({
      ...policy,
      acceptedEarlierVersion: records.some(
        (r) => r.accepted && r.policy.kind === policy.kind && r.policy.version < policy.version,
      ),
    }))
}

export type ConsentDecision = { policyId: string; accepted: boolean }

/**
 * Records a person's decisions, stamped now, in the caller's transaction: each one added to their
 * history (ConsentDecision, append-only) and set as their current answer (ConsentRecord). Checks
 * everything before writing anything, so a refused decision leaves no partial record behind.
 */
export async function recordConsentDecisions(
  tx: Tx,
  {
    userId,
    decisions,
    source,
  }: { userId: string; decisions: ConsentDecision[]; source: Exclude<ConsentSource, 'backfill'> },
) {
  const current = await currentPolicies(tx)
  const decided: { policy: CurrentPolicy; accepted: boolean }[] = []
  for (const decision of decisions) {
    const policy = current.find((p) => p.id === decision.policyId)
    if (!policy) throw await notCurrentError(tx, decision.policyId)
    if (policy.required && !decision.accepted) {
      throw new ConsentDecisionError(policy.kind, acceptMessage(policy.kind))
    }
    decided.push({ policy, accepted: decision.accepted })
  }
  if (new Set(decided.map(({ policy }) => policy.id)).size !== decided.length) {
    throw new Error('Each policy can be decided only once at a time')
  }

  if (decided.length === 0) return []

  const decidedAt = new Date()
  await tx.consentDecision.createMany({
    data: decided.map(({ policy, accepted }) => ({
      userId,
      kind: policy.kind,
      version: policy.version,
      accepted,
      decidedAt,
      actorId: userId,
      source,
    })),
  })
  for (const { policy, accepted } of decided) {
    await tx.consentRecord.upsert({
      where: { userId_policyId: { userId, policyId: policy.id } },
      create: { userId, policyId: policy.id, accepted, decidedAt },
      update: { accepted, decidedAt },
    })
  }
  const recorded = decided.map(({ policy, accepted }) => ({
    kind: policy.kind,
    version: policy.version,
    accepted,
  }))
  await audit(tx, {
    actorId: userId,
    action: 'consent.recorded',
    entity: 'user',
    entityId: userId,
    detail: recorded,
  })
  return recorded
}

type ConsentSummaryItem = {
  kind: PolicyKind
  title: string
  version: number
  required: boolean
  /** null: not decided on this version yet. */
  accepted: boolean | null
  decidedAt: Date | null
}

/** Where this person stands on each current policy (their profile, and the staff view of a patient). */
/** Consents for display: plain values, ready to send to the page. */
export async function consentRows(userId: string) {
  return (await consentSummary(userId)).map((consent) => ({
    kind: consent.kind,
    title: consent.title,
    accepted: consent.accepted,
    decidedAt: consent.decidedAt?.toISOString() ?? null,
  }))
}

/** A form's answers (by kind) as decisions on exactly the policies that were asked. */
export function decisionsFor(policies: readonly { id: string; kind: PolicyKind }[], answers: ConsentAnswers) {
  return policies.map((policy) => ({ policyId: policy.id, accepted: answers[policy.kind] === true }))
}

export async function consentSummary(userId: string, now = new Date()): Promise<ConsentSummaryItem[]> {
  const current = await currentPolicies(db, now)
  const records = await db.consentRecord.findMany({
    where: { userId, policyId: { in: current.map((policy) => policy.id) } },
    select: { policyId: true, accepted: true, decidedAt: true },
  })
  return current.map((policy) => {
    const record = records.find((r) => r.policyId === policy.id)
    return {
      kind: policy.kind,
      title: policy.title,
      version: policy.version,
      required: policy.required,
      accepted: record?.accepted ?? null,
      decidedAt: record?.decidedAt ?? null,
    }
  })
}

/** Whether we may text this person: they said yes to the SMS policy now in force. */
export async function smsAllowed(userId: string, now = new Date(), client: Tx = db) {
  const sms = (await currentPolicies(client, now)).find((policy) => policy.kind === 'sms')
  if (!sms) return false
  const record = await client.consentRecord.findUnique({
    where: { userId_policyId: { userId, policyId: sms.id } },
    select: { accepted: true },
  })
  return record?.accepted === true
}

/** A decision about a policy that is not in force: replaced while they read it, or never existed. */
async function notCurrentError(tx: Tx, policyId: string) {
  const policy = await tx.policy.findUnique({ where: { id: policyId }, select: { kind: true } })
  return policy
    ? new ConsentDecisionError(policy.kind, updatedWhileReadingMessage(policy.kind))
    : new Error(`There is no policy with the id ${policyId}`)
}
