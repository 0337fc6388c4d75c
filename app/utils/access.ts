import { type Permission } from '~/domain/identity/permissions.ts'

/** Who may load a route or send one of its intents: one row each in app/routes/__policy.ts. */
export type Access =
  /** Anyone, signed in or not. */
  | { kind: 'public' }
  /** Only someone signed out (sign-in, sign-up): a signed-in person is sent to their area. */
  | { kind: 'signed-out' }
  /** Any signed-in person; the domain decides which records (a file belongs to a patient's record). */
  | { kind: 'signed-in' }
  /** A signed-in person holding this permission. */
  | { kind: 'permission'; permission: Permission }
  /** A vendor's webhook: no session; the route verifies the vendor's signature. */
  | { kind: 'webhook'; vendor: WebhookVendor }
  /** Dev and test builds only, from this machine (app/utils/dev-pages.server.ts). */
  | { kind: 'dev' }

export type WebhookVendor = 'stripe' | 'halaxy' | 'twilio'

export type RoutePolicy = {
  loader?: Access
  /** An action that is not a form of intents: a webhook, signing out, a refusal. */
  action?: Access
  /** A form action: each `intent` the route accepts, and who may send it. */
  intents?: Record<string, Access>
}

export const PUBLIC = { kind: 'public' } as const
export const SIGNED_OUT = { kind: 'signed-out' } as const
export const SIGNED_IN = { kind: 'signed-in' } as const
export const DEV = { kind: 'dev' } as const
export const can = <const P extends Permission>(permission: P) =>
  ({ kind: 'permission', permission }) as const
export const webhook = <const V extends WebhookVendor>(vendor: V) => ({ kind: 'webhook', vendor }) as const
