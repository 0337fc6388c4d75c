import { describe, expect, it } from 'vitest'
import {
  hasPermission,
  hasRole,
  homePathFor,
  landingPathFor,
  MAX_REDIRECT_PATH_LENGTH,
  safeRedirectPath,
} from './permissions.ts'

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
  it('treats "own" and "any" as different permissions: a manager is not a patient', () => {
    expect(hasPermission(manager, 'read:user:own')).toBe(false)
    expect(hasPermission(patient, 'read:appointment:any')).toBe(false)
  })
  it('refuses what no role grants', () => {
    expect(hasPermission(patient, 'delete:session:any')).toBe(false)
  })
  it('adds what was granted to the person themself', () => {
    expect(hasPermission(manager, 'read:note:any')).toBe(false)
    const granted = { ...manager, grants: [{ action: 'read', entity: 'note', access: 'any' }] }
    expect(hasPermission(granted, 'read:note:any')).toBe(true)
    expect(hasPermission(granted, 'read:note:own')).toBe(false)
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

  it.each([
    ['a tab a browser drops', '/\t/evil.example'],
    ['a newline a browser drops', '/\n/evil.example'],
    ['a carriage return', '/\r/evil.example'],
    ['CR/LF that would split the Location header', '/patient\r\nSet-Cookie: x=1'],
    ['a NUL byte', '/\0/evil.example'],
    ['a control character deep in the query', '/patient?x=\u0007'],
    ['a C1 control character', '/patient\u0085'],
    ['DEL', '/\u007f/evil.example'],
    ['a backslash a browser reads as a slash', '/\\evil.example'],
    ['a backslash later in the path', '/patient\\..\\..\\evil'],
    ['an encoded double slash', '/%2F%2Fevil.example'],
    ['an encoded slash, lower case', '/%2fevil.example'],
    ['an encoded backslash', '/%5Cevil.example'],
    ['an encoded backslash, lower case', '/%5cevil.example'],
    ['a protocol-relative URL', '//evil.example'],
    ['a protocol-relative URL with a path', '//evil.example/patient'],
    ['three slashes', '///evil.example'],
    ['slash then backslash', '/\\/evil.example'],
    ['a javascript: URL', 'javascript:alert(1)'],
    ['a javascript: URL in capitals', 'JaVaScRiPt:alert(1)'],
    ['a data: URL', 'data:text/html,<script>alert(1)</script>'],
    ['an absolute https URL', 'https://evil.example/patient'],
    ['an absolute URL to this very site', 'http://localhost:3000/patient'],
    ['a scheme without slashes', 'https:evil.example'],
    ['a relative path', 'patient'],
    ['a leading space', ' /patient'],
    ['a leading tab', '\t/patient'],
    ['a leading no-break space', '\u00a0//evil.example'],
    ['a leading byte-order mark', '\ufeff//evil.example'],
    ['fullwidth slashes', '\uff0f\uff0fevil.example'],
    ['an empty value', ''],
  ])('refuses %s', (_name, attempt) => {
    expect(safeRedirectPath(attempt, '/home')).toBe('/home')
  })

  it('refuses a value longer than any path of ours', () => {
    const long = `/patient?x=${'a'.repeat(MAX_REDIRECT_PATH_LENGTH)}`
    expect(safeRedirectPath(long, '/home')).toBe('/home')
    const justFits = `/patient?x=${'a'.repeat(MAX_REDIRECT_PATH_LENGTH - '/patient?x='.length)}`
    expect(safeRedirectPath(justFits, '/home')).toBe(justFits)
  })

  it('refuses anything that is not text', () => {
    expect(safeRedirectPath(undefined, '/home')).toBe('/home')
    expect(safeRedirectPath(new File(['/patient'], 'x.txt'), '/home')).toBe('/home')
  })

  it('keeps unicode on this site, percent-encoded so a header can carry it', () => {
    expect(safeRedirectPath('/\uff0f\uff0fevil.example', '/home')).toBe('/%EF%BC%8F%EF%BC%8Fevil.example')
    expect(safeRedirectPath('/patient?q=Zoë', '/home')).toBe('/patient?q=Zo%C3%AB')
    expect(safeRedirectPath('/\u202e/patient', '/home')).toBe('/%E2%80%AE/patient')
  })

  it('keeps the paths Haven itself sends people back to', () => {
    for (const path of [
      '/patient',
      '/patient/appointments?week=2',
      '/patient/book?type=initial#times',
      '/manager/staff?page=2',
      // The consents page names its own way back, encoded in its query.
      '/patient/consents?redirectTo=%2Fpatient%2Fappointments%3Fweek%3D2',
      '/files/abc123',
    ]) {
      expect(safeRedirectPath(path, '/home')).toBe(path)
    }
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
