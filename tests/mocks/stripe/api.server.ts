import { createHash } from 'node:crypto'
import type Stripe from 'stripe'
import { newSession, noSuchSession, readSession } from './checkout-sessions.server.ts'
import { transaction, type Tx } from './events.server.ts'
import { newRefund, readRefund, settleWhenDue } from './refunds.server.ts'
import {
  type Form,
  type FormValue,
  invalid,
  InvalidRequest,
  stripeError,
  type StripeApiResponse,
} from './requests.server.ts'
import { currentStore } from './store.server.ts'

// The API, as the msw handlers call it.

type Operation = (tx: Tx) => Promise<StripeApiResponse>

type IdempotencyRecord = { key: string; fingerprint: string; status: number; body: unknown }

/**
 * Runs one API call. With an Idempotency-Key the first successful response is saved and
 * replayed; the same key with other parameters is refused, like Stripe. Validation errors
 * and injected faults are not saved (Stripe saves nothing when the endpoint never ran),
 * so a retry after a fault goes through.
 */
async function apiCall(
  request: { method: string; path: string; form: Form; idempotencyKey: string | null },
  operation: Operation,
): Promise<StripeApiResponse> {
  const store = currentStore()
  const { idempotencyKey } = request
  if (idempotencyKey !== null && (idempotencyKey.length < 1 || idempotencyKey.length > 255)) {
    return invalid('Idempotency keys can be up to 255 characters long.', { param: 'Idempotency-Key' })
  }
  const fingerprint = hash(`${request.method} ${request.path} ${JSON.stringify(canonical(request.form))}`)
  const keyFile = idempotencyKey === null ? null : hash(idempotencyKey)
  const { value, delivered } = await transaction(store, async (tx) => {
    if (keyFile !== null) {
      const earlier = await store.read<IdempotencyRecord>('idempotency', keyFile)
      if (earlier) {
        if (earlier.fingerprint !== fingerprint) {
          return stripeError(
            400,
            'idempotency_error',
            `Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '${idempotencyKey}' if you meant to execute a different request.`,
          )
        }
        return { status: earlier.status, body: earlier.body, replayed: true }
      }
    }
    let response: StripeApiResponse
    try {
      response = await operation(tx)
    } catch (error) {
      if (error instanceof InvalidRequest) return error.response
      throw error
    }
    if (keyFile !== null && idempotencyKey !== null && response.status < 400) {
      await store.write('idempotency', keyFile, {
        key: idempotencyKey,
        fingerprint,
        status: response.status,
        body: response.body,
      } satisfies IdempotencyRecord)
    }
    return response
  })
  void delivered
  return value
}

function hash(value: string) {
  return createHash('sha256').update(value).digest('hex').slice(0, 48)
}

function canonical(value: FormValue): unknown {
  if (typeof value === 'string') return value
  if (Array.isArray(value)) return value.map(canonical)
  return Object.fromEntries(
    Object.keys(value)
      .sort()
      .map((key) => [key, canonical(value[key] as FormValue)]),
  )
}

export const stripeApi = {
  createCheckoutSession(form: Form, idempotencyKey: string | null) {
    return apiCall({ method: 'POST', path: '/v1/checkout/sessions', form, idempotencyKey }, async (tx) => {
      const record = newSession(form, tx.now)
      await tx.store.write('sessions', record.session.id, record)
      return { status: 200, body: record.session }
    })
  },

  retrieveCheckoutSession(id: string) {
    return apiCall(
      { method: 'GET', path: `/v1/checkout/sessions/${id}`, form: {}, idempotencyKey: null },
      async (tx) => {
        const record = await readSession(tx, id)
        return record ? { status: 200, body: record.session } : noSuchSession(id)
      },
    )
  },

  async createRefund(form: Form, idempotencyKey: string | null) {
    const response = await apiCall({ method: 'POST', path: '/v1/refunds', form, idempotencyKey }, (tx) =>
      newRefund(tx, form),
    )
    if (response.status === 200 && !response.replayed)
      settleWhenDue(currentStore(), (response.body as Stripe.Refund).id)
    return response
  },

  retrieveDispute(id: string) {
    return apiCall(
      { method: 'GET', path: `/v1/disputes/${id}`, form: {}, idempotencyKey: null },
      async (tx) => {
        const dispute = await tx.store.read<Stripe.Dispute>('disputes', id)
        return dispute
          ? { status: 200, body: dispute }
          : stripeError(404, 'invalid_request_error', `No such dispute: '${id}'`, {
              code: 'resource_missing',
              param: 'dispute',
            })
      },
    )
  },

  retrieveRefund(id: string) {
    return apiCall(
      { method: 'GET', path: `/v1/refunds/${id}`, form: {}, idempotencyKey: null },
      async (tx) => {
        const record = await readRefund(tx, id)
        return record
          ? { status: 200, body: record.refund }
          : stripeError(404, 'invalid_request_error', `No such refund: '${id}'`, {
              code: 'resource_missing',
              param: 'id',
            })
      },
    )
  },
}
