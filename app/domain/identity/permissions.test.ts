import { describe, expect, it } from 'vitest'
import { hasPermission, hasRole, homePathFor, landingPathFor, safeRedirectPath } from './permissions.ts'

const manager = {
  roles: [
    {
      name: 'manager',
      permissions: [
        { action: 'read', entity: 'user', access: 'any' },
        { action: 'delete', entity: 'session', access: 'any' },
      ],
    },
  ],
}
const patient = {
  roles: [{ name: 'patient', permissions: [{ action: 'read', entity: 'appointment', access: 'own' }] }],
}

describe('hasPermission', () => {
  it('matches action, entity and access', () => {
    expect(hasPermission(manager, 'delete:session:any')).toBe(true)
    expect(hasPermission(patient, 'read:appointment:own')).toBe(true)
  })
  it('lets "any" cover "own" but never the reverse', () => {
    expect(hasPermission(manager, 'read:user:own')).toBe(true)
    expect(hasPermission(patient, 'read:appointment:any')).toBe(false)
  })
  it('accepts either access when none is named', () => {
    expect(hasPermission(patient, 'read:appointment')).toBe(true)
    expect(hasPermission(patient, 'read:note')).toBe(false)
  })
  it('refuses what no role grants', () => {
    expect(hasPermission(patient, 'delete:session:any')).toBe(false)
  })
})

describe('roles and home', () => {
  it('sends each role to its own area, managers first', () => {
    expect(homePathFor(patient)).toBe('/patient')
    expect(homePathFor({ roles: [{ name: 'psychologist' }] })).toBe('/clinician')
    expect(homePathFor({ roles: [{ name: 'psychologist' }, { name: 'manager' }] })).toBe('/manager')
    expect(hasRole(patient, 'manager')).toBe(false)
  })
})

describe('safeRedirectPath', () => {
  it('keeps local paths', () => {
    expect(safeRedirectPath('/manager/staff?x=1')).toBe('/manager/staff?x=1')
  })
  it('refuses other origins and protocol-relative tricks', () => {
    for (const attempt of [
      'https://evil.example',
      '//evil.example',
      '/\\evil.example',
      'javascript:alert(1)',
      '',
    ]) {
      expect(safeRedirectPath(attempt, '/home')).toBe('/home')
    }
    expect(safeRedirectPath(null, '/home')).toBe('/home')
  })
})

describe('landingPathFor', () => {
  it("returns to the requested page when it is in this person's area", () => {
    expect(landingPathFor(manager, '/manager/staff?page=2')).toBe('/manager/staff?page=2')
    expect(landingPathFor(patient, '/patient')).toBe('/patient')
  })
  it("sends someone to their own area instead of another role's page", () => {
    expect(landingPathFor(manager, '/clinician')).toBe('/manager')
    expect(landingPathFor(patient, '/manager/staff')).toBe('/patient')
    expect(landingPathFor(patient, '/managerial')).toBe('/managerial')
  })
  it('falls back home without a request or with an unsafe one', () => {
    expect(landingPathFor(patient, null)).toBe('/patient')
    expect(landingPathFor(patient, 'https://evil.example/patient')).toBe('/patient')
  })
})
