// What the video session page knows, for the patient and for the psychologist. The page's loader
// returns it, and every post to the page (intent wait, token, start, admit, end, leave) answers
// with it again, so the page polls by posting and always draws from one shape.

export type SessionRole = 'patient' | 'psychologist'

/** Which video implementation the page loads: stand-ins on → the local loopback; otherwise Twilio. */
export type VideoPortKind = 'twilio' | 'loopback'

/** Why this person cannot have a token now; the page says it in plain words with `message`. */
export type SessionRefusal = {
  reason: 'early' | 'closed' | 'cancelled' | 'not-telehealth' | 'not-confirmed' | 'ended'
  message: string
}

export type SessionView = {
  appointmentId: string
  role: SessionRole
  /** e.g. "Tuesday 8 December 2026, 10:00 am AEDT", in the appointment's zone. */
  whenText: string
  startsAt: string
  endsAt: string
  /** The other person as this one sees them: "Dr Maya Chen" for a patient, "Riley P." for a psychologist. */
  otherPartyName: string
  /** Where to call if video will not work (the practice's phone). */
  practicePhone: string
  /** When joining opens and closes (ISO), and where now is relative to it. */
  window: { opensAt: string; closesAt: string; state: 'early' | 'open' | 'closed' }
  /** Null when this person may join now (the room may still be preparing). */
  refusal: SessionRefusal | null
  /** The room at Twilio: none yet, being prepared (retrying quietly), ready, or ended. */
  room: { state: 'none' | 'preparing' | 'ready' | 'ended' }
  /** The waiting room. */
  admission: {
    /** The patient's page is open in the waiting room (seen in the last few seconds). */
    patientWaiting: boolean
    admitted: boolean
    autoAdmit: boolean
  }
  /** Whether the psychologist has opened the session, for the patient's waiting room. */
  psychologistStatus: 'not-started' | 'in-session' | 'ended'
  /** Which video implementation the page loads. */
  port: VideoPortKind
  /** How often the page posts `wait` (patient) or reloads (psychologist) while waiting. */
  pollSeconds: number
}

/** What a post to the session page answers. */
export type SessionActionData =
  | {
      ok: true
      view: SessionView
      token?: { token: string; roomName: string; identity: string; expiresAt: string }
    }
  | { ok: false; view: SessionView | null; message: string }
