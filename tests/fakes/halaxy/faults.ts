// Failures a test (or the dev runner) switches on at any time.

export type FaultKind =
  /** Answers 503 with an OperationOutcome; nothing is written. */
  | '5xx'
  /** Never answers (until the stand-in stops); nothing is written. */
  | 'timeout'
  /** Performs the request, then destroys the socket: the record exists, the client never learns its id. */
  | 'drop-after-write'
  /** Performs the request, then answers 500: the record exists, the client is told Halaxy failed. */
  | '500-after-write'
  /** Performs the request, then answers its success with an OperationOutcome instead of the record
   * (FHIR's `Prefer: return=OperationOutcome`): the record exists, the answer does not name it. */
  | 'outcome-answer'
  /** Answers 429 with retry-after 1. */
  | '429-burst'
  /** Refuses connections: the listener is closed until the fault is cleared. */
  | 'down'

export type Fault = {
  kind: FaultKind
  /** How many matching requests it hits; unlimited when absent. ('down' lasts until cleared.) */
  count?: number
  /** "METHOD Path" without the base, e.g. 'POST Patient', 'PATCH Appointment', 'POST Appointment/$book',
   * 'POST oauth/token'; it also matches the instance paths below it ('GET Patient' matches 'GET Patient/1'). */
  match?: string
}

export type FaultControl = {
  /** Replaces any active faults with this one; resolves once it is in force. */
  set(fault: Fault): Promise<void>
  /** Adds a fault to the active ones. */
  add(fault: Fault): Promise<void>
  clear(): Promise<void>
  active(): Fault[]
}

export function matches(fault: Fault, key: string) {
  if (!fault.match) return true
  return key === fault.match || key.startsWith(`${fault.match}/`)
}

/** The faults in force; take() consumes one hit of the first that matches a request. */
export class FaultState {
  private faults: { fault: Fault; remaining: number }[] = []

  replace(faults: Fault[]) {
    this.faults = faults.map((fault) => ({ fault, remaining: fault.count ?? Infinity }))
  }

  push(fault: Fault) {
    this.faults.push({ fault, remaining: fault.count ?? Infinity })
  }

  list() {
    return this.faults.filter((entry) => entry.remaining > 0).map((entry) => ({ ...entry.fault }))
  }

  isDown() {
    return this.faults.some((entry) => entry.fault.kind === 'down')
  }

  take(key: string): Fault | undefined {
    const entry = this.faults.find(
      (candidate) =>
        candidate.fault.kind !== 'down' && candidate.remaining > 0 && matches(candidate.fault, key),
    )
    if (!entry) return undefined
    entry.remaining -= 1
    return entry.fault
  }
}
