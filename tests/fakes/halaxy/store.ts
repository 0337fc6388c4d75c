// The stand-in's memory: every resource it holds, by type and id. One process owns it.
import type { FhirMeta, FhirResource, WithId } from '../../../app/domain/halaxy/fhir.ts'

export type StoredResource = WithId<FhirResource> & { meta?: FhirMeta }

const idPrefixes: Record<string, string> = {
  Patient: '',
  Appointment: '',
  Invoice: 'INV-',
}

export class HalaxyStore {
  private readonly resources = new Map<string, Map<string, StoredResource>>()
  private nextId = 100_001
  private lastStamp = 0

  /** Every stored resource of a type, oldest first (copies: change them through the API or put()). */
  all<T extends FhirResource = FhirResource>(type: string): WithId<T>[] {
    return [...(this.resources.get(type)?.values() ?? [])].map(
      (resource) => structuredClone(resource) as never,
    )
  }

  get<T extends FhirResource = FhirResource>(type: string, id: string): WithId<T> | undefined {
    const resource = this.resources.get(type)?.get(id)
    return resource ? (structuredClone(resource) as never) : undefined
  }

  /** Stores a resource as Halaxy would: a new id when it has none, a new version and lastUpdated. */
  put<T extends FhirResource>(resource: T & { id?: string }): WithId<T> {
    const type = resource.resourceType
    let byId = this.resources.get(type)
    if (!byId) this.resources.set(type, (byId = new Map()))
    const id = resource.id ?? this.newId(type)
    const previous = byId.get(id)
    const version = Number(previous?.meta?.versionId ?? 0) + 1
    const stored = {
      ...structuredClone(resource),
      id,
      meta: { versionId: String(version), lastUpdated: this.stamp() },
    } as StoredResource
    byId.set(id, stored)
    return structuredClone(stored) as never
  }

  /** Removes a resource, as Halaxy's front-end can (its API cannot); false when there was none.
   * Moves changedAt on, so the dev runner's snapshot forgets it too. */
  delete(type: string, id: string): boolean {
    const removed = this.resources.get(type)?.delete(id) ?? false
    if (removed) this.stamp()
    return removed
  }

  /** An id for a resource about to be stored (so two resources can name each other). */
  newId(type: string) {
    return `${idPrefixes[type] ?? ''}${this.nextId++}`
  }

  /** Everything held, to survive a restart of `npm run dev` (Haven's links outlive the process). */
  snapshot(): { nextId: number; changedAt: number; resources: StoredResource[] } {
    const resources = [...this.resources.values()].flatMap((byId) => [...byId.values()])
    return { nextId: this.nextId, changedAt: this.lastStamp, resources: structuredClone(resources) }
  }

  /** Puts back a snapshot as it was (ids and versions kept). */
  restore(snapshot: { nextId: number; changedAt: number; resources: StoredResource[] }) {
    for (const resource of snapshot.resources) {
      let byId = this.resources.get(resource.resourceType)
      if (!byId) this.resources.set(resource.resourceType, (byId = new Map()))
      byId.set(resource.id, structuredClone(resource))
    }
    this.nextId = Math.max(this.nextId, snapshot.nextId)
    this.lastStamp = Math.max(this.lastStamp, snapshot.changedAt)
  }

  /** Moves on with every write: a cheap "has anything changed" for snapshots. */
  get changedAt() {
    return this.lastStamp
  }

  clear(type?: string) {
    if (type) this.resources.delete(type)
    else this.resources.clear()
  }

  // Strictly increasing, so `_lastUpdated=gt<last seen>` never misses a change made in the same millisecond.
  private stamp() {
    this.lastStamp = Math.max(Date.now(), this.lastStamp + 1)
    return new Date(this.lastStamp).toISOString()
  }
}
