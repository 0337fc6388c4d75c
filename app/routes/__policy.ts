import { can, DEV, PUBLIC, type RoutePolicy, SIGNED_IN, SIGNED_OUT, webhook } from '~/utils/access.ts'

/**
 * Who may load each route and who may perform each of its intents, in one table
 * (docs/decisions/013-route-policy-and-action-pipeline.md). Routes guard themselves by reading
 * their own row (`requireAccess(request, POLICY.loader)`, and the action pipeline by intent), a
 * unit test fails for a route module without a row, and the route-by-actor test requests every
 * row as six kinds of user. "own" rows are further scoped by the domain to the person's records.
 *
 * Keyed by the module's path under app/routes.
 */
export const ROUTE_POLICIES = {
  // Public pages and the directory.
  // The welcome page; a signed-in person goes to their own area.
  '_public+/index.tsx': { loader: SIGNED_OUT },
  '_public+/$.tsx': { loader: PUBLIC, action: PUBLIC },
  '_public+/psychologists._index.tsx': { loader: PUBLIC },
  '_public+/psychologists.$slug.tsx': { loader: PUBLIC },
  '_public+/book.$slug.tsx': {
    loader: can('create:appointment:own'),
    intents: { book: can('create:appointment:own') },
  },
  // A reminder email's unsubscribe link: its signed token is the credential (no sign-in).
  '_public+/unsubscribe.tsx': { loader: PUBLIC, intents: { unsubscribe: PUBLIC } },

  // Signing up, in and out.
  '_auth+/login.tsx': { loader: SIGNED_OUT, intents: { 'sign-in': SIGNED_OUT } },
  '_auth+/logout.tsx': { loader: PUBLIC, action: PUBLIC },
  '_auth+/signup.tsx': { loader: SIGNED_OUT, intents: { 'sign-up': SIGNED_OUT } },
  '_auth+/signup_.complete.tsx': { loader: SIGNED_OUT, intents: { complete: SIGNED_OUT } },
  '_auth+/forgot-password.tsx': { intents: { 'request-reset': PUBLIC } },
  '_auth+/reset-password.tsx': { loader: PUBLIC, intents: { reset: PUBLIC } },

  // Files, calendar subscriptions, health.
  '_resources+/files.$fileId.tsx': { loader: SIGNED_IN, action: SIGNED_IN },
  '_resources+/calendar-feed.$token[.]ics.ts': { loader: PUBLIC },
  '_resources+/resources.healthcheck.ts': { loader: PUBLIC },

  // The patient's portal.
  'patient+/_layout.tsx': { loader: can('read:patient:own') },
  'patient+/index.tsx': { loader: can('read:patient:own') },
  'patient+/profile.tsx': {
    loader: can('read:patient:own'),
    intents: { messages: can('update:patient:own') },
  },
  'patient+/consents.tsx': {
    loader: can('read:patient:own'),
    intents: { consent: can('update:patient:own') },
  },
  'patient+/intake.tsx': { loader: can('read:patient:own') },
  'patient+/intake._index.tsx': { loader: can('read:patient:own') },
  'patient+/intake.$step.tsx': {
    loader: can('read:patient:own'),
    intents: { save: can('update:patient:own') },
  },
  'patient+/intake.consents.tsx': {
    loader: can('read:patient:own'),
    intents: { consent: can('update:patient:own') },
  },
  'patient+/intake.review.tsx': {
    loader: can('read:patient:own'),
    intents: { submit: can('update:patient:own') },
  },
  'patient+/appointments.tsx': {
    loader: can('read:appointment:own'),
    intents: { cancel: can('update:appointment:own') },
  },
  'patient+/appointments.$appointmentId[.]ics.ts': { loader: can('read:appointment:own') },
  'patient+/appointments_.$appointmentId.pay.tsx': {
    loader: can('read:appointment:own'),
    intents: { pay: can('create:appointment:own') },
  },
  'patient+/appointments_.$appointmentId.reschedule.tsx': {
    loader: can('update:appointment:own'),
    intents: { reschedule: can('update:appointment:own') },
  },
  // The video session: the patient waits, is let in, and asks for a token to join.
  'patient+/appointments_.$appointmentId.session.tsx': {
    loader: can('read:appointment:own'),
    intents: {
      wait: can('read:appointment:own'),
      token: can('read:appointment:own'),
      preflight: can('read:appointment:own'),
      leave: can('read:appointment:own'),
    },
  },
  // A session's summary, once its psychologist shares it, and its worksheets as downloads.
  'patient+/appointments_.$appointmentId.summary.tsx': { loader: can('read:appointment:own') },
  'patient+/appointments_.$appointmentId.summary_.worksheets.$worksheetId.ts': {
    loader: can('read:appointment:own'),
  },
  // Questionnaires the psychologist asked for (outcome measures): what is due, and completing one.
  'patient+/questionnaires._index.tsx': { loader: can('read:patient:own') },
  'patient+/questionnaires.$assignmentId.tsx': {
    loader: can('read:patient:own'),
    intents: { submit: can('update:patient:own') },
  },
  'patient+/invoices._index.tsx': { loader: can('read:invoice:own') },
  'patient+/invoices.$invoiceId.tsx': { loader: can('read:invoice:own') },

  // The psychologist's workspace.
  'clinician+/_layout.tsx': { loader: can('read:calendar:own') },
  'clinician+/index.tsx': { loader: can('read:calendar:own') },
  'clinician+/calendar.tsx': {
    loader: can('read:calendar:own'),
    intents: { block: can('update:calendar:own'), remove: can('update:calendar:own') },
  },
  'clinician+/calendar-feed.tsx': {
    loader: can('read:calendar:own'),
    intents: {
      'turn-on': can('update:calendar:own'),
      replace: can('update:calendar:own'),
      'turn-off': can('update:calendar:own'),
    },
  },
  // The psychologist's side of a video session: start it, let the patient in, end it.
  'clinician+/appointments_.$appointmentId.session.tsx': {
    loader: can('read:calendar:own'),
    intents: {
      status: can('read:calendar:own'),
      preflight: can('read:calendar:own'),
      start: can('update:calendar:own'),
      token: can('update:calendar:own'),
      admit: can('update:calendar:own'),
      end: can('update:calendar:own'),
    },
  },
  // A session's clinical note: drafted, signed and locked, amended by addenda.
  'clinician+/appointments_.$appointmentId.note.tsx': {
    loader: can('read:note:own'),
    intents: {
      start: can('create:note:own'),
      save: can('update:note:own'),
      sign: can('update:note:own'),
      addendum: can('update:note:own'),
      'entered-in-error': can('update:note:own'),
    },
  },
  'clinician+/appointments.$appointmentId.tsx': {
    loader: can('read:calendar:own'),
    intents: {
      attendance: can('update:calendar:own'),
      cancel: can('update:calendar:own'),
      reschedule: can('update:calendar:own'),
    },
  },
  // The summary the psychologist shares with the patient after a session, and its worksheets.
  'clinician+/appointments_.$appointmentId.summary.tsx': {
    loader: can('read:note:own'),
    intents: {
      save: can('update:note:own'),
      attach: can('update:note:own'),
      'remove-worksheet': can('update:note:own'),
      share: can('update:note:own'),
    },
  },
  'clinician+/appointments_.$appointmentId.summary_.worksheets.$worksheetId.ts': {
    loader: can('read:note:own'),
  },
  'clinician+/patients._index.tsx': { loader: can('read:caseload:own') },
  'clinician+/patients.$patientId.tsx': {
    loader: can('read:caseload:own'),
    intents: {
      'acknowledge-flag': can('update:caseload:own'),
      'assign-questionnaire': can('update:caseload:own'),
      'stop-questionnaire': can('update:caseload:own'),
    },
  },
  'clinician+/invoices.tsx': { loader: can('read:earnings:own') },
  'clinician+/invoices[.]csv.ts': { loader: can('read:earnings:own') },

  // Running the practice.
  'manager+/_layout.tsx': { loader: can('read:user:any') },
  'manager+/index.tsx': { loader: can('read:user:any') },
  'manager+/staff._index.tsx': {
    loader: can('read:user:any'),
    intents: { 'sign-out-everywhere': can('delete:session:any') },
  },
  'manager+/staff.new.tsx': { loader: can('create:user:any'), intents: { invite: can('create:user:any') } },
  'manager+/patients._index.tsx': { loader: can('read:patient:any') },
  'manager+/patients.$patientId.tsx': {
    loader: can('read:patient:any'),
    intents: {
      'acknowledge-flag': can('update:patient:any'),
      assign: can('update:patient:any'),
      unassign: can('update:patient:any'),
      'sign-out-everywhere': can('delete:session:any'),
    },
  },
  'manager+/calendar.tsx': { loader: can('read:appointment:any') },
  'manager+/appointments.$appointmentId.tsx': {
    loader: can('read:appointment:any'),
    intents: {
      attendance: can('update:appointment:any'),
      cancel: can('update:appointment:any'),
      reschedule: can('update:appointment:any'),
    },
  },
  // Clinical records: care-team reading, and who may read every note (granted in person).
  'manager+/records.tsx': {
    loader: can('read:user:any'),
    intents: {
      'care-team': can('update:user:any'),
      grant: can('update:user:any'),
      revoke: can('update:user:any'),
    },
  },
  // A note, read only, by a person granted read:note:any.
  'manager+/notes.$noteId.tsx': { loader: can('read:note:any') },
  'manager+/video.tsx': {
    loader: can('read:video-settings:any'),
    intents: { 'save-video-settings': can('update:video-settings:any') },
  },
  'manager+/payments.tsx': { loader: can('read:invoice:any') },
  'manager+/payments[.]csv.ts': { loader: can('read:invoice:any') },
  'manager+/invoices.$invoiceId.tsx': {
    loader: can('read:invoice:any'),
    intents: { refund: can('update:invoice:any') },
  },
  'manager+/billing.tsx': {
    loader: can('read:billing-settings:any'),
    intents: {
      practice: can('update:billing-settings:any'),
      'add-rate': can('update:billing-settings:any'),
      'edit-item': can('update:billing-settings:any'),
      'switch-item': can('update:billing-settings:any'),
      'remove-rate': can('update:billing-settings:any'),
      fees: can('update:billing-settings:any'),
    },
  },
  'manager+/halaxy.tsx': {
    loader: can('read:halaxy-settings:any'),
    intents: { map: can('update:halaxy-settings:any'), 'note-mirroring': can('update:halaxy-settings:any') },
  },
  'manager+/messages.tsx': {
    loader: can('read:message:any'),
    intents: { retry: can('update:message:any'), 'save-settings': can('update:message-settings:any') },
  },
  'manager+/sync._index.tsx': {
    loader: can('read:sync:any'),
    intents: { 'retry-all-failed': can('update:sync:any'), 'full-resync': can('update:sync:any') },
  },
  'manager+/sync.$linkId.tsx': {
    loader: can('read:sync:any'),
    intents: {
      retry: can('update:sync:any'),
      'send-haven': can('update:drift:any'),
      'leave-halaxy': can('update:drift:any'),
      'note-in-halaxy': can('update:sync:any'),
      'note-send-again': can('update:sync:any'),
    },
  },

  // Vendors.
  'webhooks+/stripe.ts': { loader: PUBLIC, action: webhook('stripe') },
  'webhooks+/halaxy.$event.ts': { loader: PUBLIC, action: webhook('halaxy') },
  'webhooks+/twilio.status.ts': { loader: PUBLIC, action: webhook('twilio') },
  'webhooks+/twilio.inbound.ts': { loader: PUBLIC, action: webhook('twilio') },
  'webhooks+/twilio.video.ts': { loader: PUBLIC, action: webhook('twilio') },

  // Stand-in pages (dev and test builds only).
  'dev+/outbox._index.tsx': { loader: DEV, intents: { clear: DEV } },
  'dev+/outbox.$id.tsx': { loader: DEV, intents: { 'reply-stop': DEV, 'reply-start': DEV } },
  'dev+/outbox.$id.attachments.$index.ts': { loader: DEV },
  'dev+/outbox.$id[.]html.tsx': { loader: DEV },
  'dev+/stripe._index.tsx': { loader: DEV, intents: { clear: DEV, fault: DEV } },
  'dev+/stripe.checkout.$sessionId.tsx': { loader: DEV, intents: { pay: DEV, decline: DEV } },
  // The loopback video port's signalling (JSON posts carrying the access token).
  'dev+/video.signal.ts': { loader: DEV, action: DEV },
} as const satisfies Record<string, RoutePolicy>

export type RouteFile = keyof typeof ROUTE_POLICIES
