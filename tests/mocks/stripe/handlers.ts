import { randomBytes } from 'node:crypto'
import { http, HttpResponse } from 'msw'
import { stripeApi } from './api.server.ts'
import { getStripeFault } from './faults.server.ts'
import { parseStripeForm, type StripeApiResponse } from './requests.server.ts'

/**
 * Stand-in for the parts of Stripe's API that Haven uses: Checkout Sessions (create,
 * retrieve), refunds (create, retrieve) and disputes (retrieve). The real SDK talks to it through msw;
 * the state and the webhook events live in the *.server.ts modules beside this one.
 *
 * Failures to rehearse:
 *   customer email with `+stripe-down@` → creating the session cannot connect
 *   customer email with `+stripe-500@` → creating the session answers 500 api_error
 *   setStripeFault('down' | '500') (or the switch on /dev/stripe) → every call fails so
 */

const api = 'https://api.stripe.com/v1'

function stripeError(status: number, type: string, message: string) {
  return json({ status, body: { error: { type, message } } })
}

function json({ status, body, replayed }: StripeApiResponse) {
  return HttpResponse.json(body as Record<string, unknown>, {
    status,
    headers: {
      'request-id': `req_${randomBytes(7).toString('hex')}`,
      ...(replayed ? { 'idempotent-replayed': 'true' } : {}),
    },
  })
}

const serverError = () =>
  stripeError(500, 'api_error', 'An unknown error occurred on our side. (stand-in fault 500)')

/** Authentication, then the fault switch; null when the call may go ahead. */
async function refuse(request: Request) {
  const authorization = request.headers.get('authorization') ?? ''
  const key = /^Bearer (\S+)$/.exec(authorization)?.[1]
  if (!key) {
    return stripeError(
      401,
      'invalid_request_error',
      'You did not provide an API key. You need to provide your API key in the Authorization header, using Bearer auth.',
    )
  }
  if (!/^(sk|rk)_(test|live)_\w+$/.test(key)) {
    return stripeError(
      401,
      'invalid_request_error',
      `Invalid API Key provided: ${key.slice(0, 8)}****${key.slice(-4)}`,
    )
  }
  const fault = await getStripeFault()
  if (fault === 'down') return HttpResponse.error()
  if (fault === '500') return serverError()
  return null
}

async function formOf(request: Request) {
  return parseStripeForm(await request.text())
}

// A bug in the stand-in itself should read as Stripe failing, not as a test's console noise.
async function answer(call: () => Promise<StripeApiResponse>) {
  try {
    return json(await call())
  } catch (error) {
    return stripeError(500, 'api_error', `The Stripe stand-in failed: ${(error as Error).message}`)
  }
}

const idempotencyKeyOf = (request: Request) => request.headers.get('idempotency-key')

export const stripeHandlers = [
  http.post(`${api}/checkout/sessions`, async ({ request }) => {
    const refused = await refuse(request)
    if (refused) return refused
    const form = await formOf(request)
    const email = typeof form.customer_email === 'string' ? form.customer_email : ''
    if (email.includes('+stripe-down@')) return HttpResponse.error()
    if (email.includes('+stripe-500@')) return serverError()
    return answer(() => stripeApi.createCheckoutSession(form, idempotencyKeyOf(request)))
  }),

  http.get(`${api}/checkout/sessions/:id`, async ({ request, params }) => {
    const refused = await refuse(request)
    if (refused) return refused
    return answer(() => stripeApi.retrieveCheckoutSession(String(params.id)))
  }),

  http.post(`${api}/refunds`, async ({ request }) => {
    const refused = await refuse(request)
    if (refused) return refused
    const form = await formOf(request)
    return answer(() => stripeApi.createRefund(form, idempotencyKeyOf(request)))
  }),

  http.get(`${api}/refunds/:id`, async ({ request, params }) => {
    const refused = await refuse(request)
    if (refused) return refused
    return answer(() => stripeApi.retrieveRefund(String(params.id)))
  }),

  http.get(`${api}/disputes/:id`, async ({ request, params }) => {
    const refused = await refuse(request)
    if (refused) return refused
    return answer(() => stripeApi.retrieveDispute(String(params.id)))
  }),
]
