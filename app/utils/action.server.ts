import { type Submission, type SubmissionResult } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod/v4'
import { data, type AppLoadContext } from '@remix-run/node'
import { type z } from 'zod'
import { DOMAIN_ERROR_STATUS, DomainError } from '~/domain/errors.ts'
import { type SessionUser } from '~/domain/identity/session.server.ts'
import { type Access, type RoutePolicy } from './access.ts'
import { type DevViewer, requireDevPage } from './dev-pages.server.ts'
import { readFormData } from './form-data.server.ts'
import { retryAfterHeaders } from './rate-limit.server.ts'
import { invariantResponse } from './invariant.ts'
import { requireAccess } from './route-guard.server.ts'

/** The one answer every form action gives when it does not redirect: Conform's result. */
export type ActionReply = {
  result: SubmissionResult<string[]>
  /** What a refusing domain rule offered instead (DomainError.details), e.g. other times. */
  details?: unknown
}

type Guarded = Extract<Access, { kind: 'permission' | 'signed-in' }>
type DevOnly = Extract<Access, { kind: 'dev' }>
export type FormPolicy = RoutePolicy & { intents: Record<string, Access> }
type IntentAccess<P extends FormPolicy> = P['intents'][keyof P['intents']]
/**
 * A signed-in person when every intent of the route needs one; on a dev page, what the viewer
 * may see; otherwise maybe nobody.
 */
type ActorOf<P extends FormPolicy> =
  IntentAccess<P> extends Guarded
    ? SessionUser
    : IntentAccess<P> extends DevOnly
      ? DevViewer
      : SessionUser | null

type IntentSchema = z.ZodType<{ intent: string }>

export type ActionSteps<P extends FormPolicy, S extends IntentSchema, R, L = undefined> = {
  /** The route's row of app/routes/__policy.ts: who may send each intent. */
  policy: P
  /** The action's load context: a dev page's guard reads the connection's address from it. */
  context?: AppLoadContext
  /**
   * The record the address names, found among the actor's own (a patient's appointment, a
   * psychologist's patient): not there or not theirs throws NotFoundError (or a 404), so a wrong
   * actor's form is a 404 whatever it holds, before it is read. Passed on to `schema` and `perform`.
   */
  load?: (actor: ActorOf<P>) => Promise<L>
  /** One Zod schema discriminated on `intent` (or a function of the actor, for forms built from data). */
  schema: S | ((actor: ActorOf<P>, record: L) => S | Promise<S>)
  /** Fields never sent back to the browser in a refusal (passwords). */
  hideFields?: string[]
  /** A larger body than a form's usual limit, for a form that uploads a file. */
  maxBytes?: number
  /**
   * `perform` reads the request's body itself as well (remix-auth's form strategy, at sign-in):
   * the pipeline then reads a copy. Any other route reads its body once, here.
   */
  readsBodyAgain?: boolean
  /** The domain call; returns a redirect (`redirectWithNotice`) or data for the page. */
  perform: (
    value: z.output<S>,
    actor: ActorOf<P>,
    submission: Submission<z.output<S>>,
    record: L,
  ) => Promise<R>
}

/**
 * The intent a form asks for. A form without one, sent to a route that has only one, means that
 * one: the route's guard then answers (a 403 for the wrong person), not a 400 for the missing name.
 */
function intentOf(formData: FormData, policy: FormPolicy) {
  const sent = formData.get('intent')
  const [only, ...others] = Object.keys(policy.intents)
  if (sent !== null || !only || others.length > 0) return sent
  formData.set('intent', only)
  return only
}

/**
 * The one way a form action runs (docs/decisions/013-route-policy-and-action-pipeline.md):
 * read the form (a body that is not a form is a 400, here, once) → guard the intent by its row
 * of the route policy (an intent the route does not know: the page's own guard, then a 400) →
 * load the record the address names, among the actor's own (else a 404) → parse with Conform
 * and the route's Zod schema → call the domain. A DomainError becomes the
 * one reply shape with its status: not found → 404 page; refused (400), conflict (409),
 * rate-limited (429, with Retry-After) and unavailable (503, with Retry-After when known) → the
 * form's error, beside its field when it names one.
 */
export async function handleAction<P extends FormPolicy, S extends IntentSchema, R, L = undefined>(
  request: Request,
  { policy, context, load, schema, hideFields, maxBytes, readsBodyAgain, perform }: ActionSteps<P, S, R, L>,
) {
  // A dev page does not exist for anyone but this computer, whatever is sent: guarded first.
  const devViewer = policy.loader?.kind === 'dev' ? await requireDevPage({ request, context }) : undefined
  const formData = await readFormData(readsBodyAgain ? request.clone() : request, { maxBytes })
  const intent = intentOf(formData, policy)
  const access = typeof intent === 'string' ? policy.intents[intent] : undefined
  if (!access) {
    // Someone the page itself would turn away is turned away the same way, not told which forms exist.
    if (policy.loader?.kind === 'permission' || policy.loader?.kind === 'signed-in')
      await requireAccess(request, policy.loader)
    invariantResponse(false, 'That request was not understood. Reload the page and try again.', 400)
  }
  const actor = (
    access.kind === 'dev'
      ? (devViewer ?? (await requireDevPage({ request, context })))
      : await requireAccess(request, access)
  ) as ActorOf<P>

  const record = (load ? await orNotFound(load(actor)) : undefined) as L
  const resolved = typeof schema === 'function' ? await schema(actor, record) : schema
  const submission = parseWithZod(formData, { schema: resolved })
  if (submission.status !== 'success') {
    return data<ActionReply>({ result: submission.reply({ hideFields }) }, { status: 400 })
  }
  try {
    return await perform(submission.value, actor, submission, record)
  } catch (error) {
    if (!(error instanceof DomainError)) throw error
    invariantResponse(error.kind !== 'not-found', error.message, 404)
    const result = submission.reply({
      hideFields,
      ...(error.field
        ? { fieldErrors: { [error.field]: [error.message] } }
        : { formErrors: [error.message] }),
    })
    return data<ActionReply>(
      { result, ...(error.details === undefined ? {} : { details: error.details }) },
      {
        status: DOMAIN_ERROR_STATUS[error.kind],
        headers: retryAfterOf(error),
      },
    )
  }
}

/** When to try again, for a refusal that knows (too many requests, a vendor that said when). */
function retryAfterOf(error: DomainError) {
  if (error.kind !== 'rate-limited' && error.kind !== 'unavailable') return undefined
  const seconds = (error as { retryAfterSeconds?: unknown }).retryAfterSeconds
  return typeof seconds === 'number' ? retryAfterHeaders({ retryAfterSeconds: seconds }) : undefined
}

/**
 * A loader's domain call whose NotFoundError (not there, or not this person's) is the page's
 * 404, as it is for an action.
 */
export async function orNotFound<T>(work: Promise<T>): Promise<T> {
  try {
    return await work
  } catch (error) {
    if (error instanceof DomainError) invariantResponse(error.kind !== 'not-found', error.message, 404)
    throw error
  }
}
