import { describe, expect, it } from 'vitest'
import { CLIENT_IP_HEADER, clientIpKey, getClientIp } from './client-ip.server.ts'

describe('getClientIp', () => {
  it('reads the address server.ts stamped, and says when there is none', () => {
    const stamped = new Request('http://haven.test/login', { headers: { [CLIENT_IP_HEADER]: '203.0.113.9' } })
    expect(getClientIp(stamped)).toBe('203.0.113.9')
    expect(getClientIp(new Request('http://haven.test/login'))).toBeNull()
  })

  it('ignores X-Forwarded-For and Fly-Client-IP: Express already decided from them', () => {
    const request = new Request('http://haven.test/login', {
      headers: { 'x-forwarded-for': '198.51.100.1', 'fly-client-ip': '198.51.100.2' },
    })
    expect(getClientIp(request)).toBeNull()
  })
})

describe('clientIpKey', () => {
  it.each([
    ['203.0.113.9', '203.0.113.9'],
    ['::ffff:203.0.113.9', '203.0.113.9'],
    ['2001:db8:1:2:3:4:5:6', '2001:db8:1:2::/64'],
    ['2001:db8:1:2::99', '2001:db8:1:2::/64'],
    ['2001:0DB8:0001:0002:ffff::1', '2001:db8:1:2::/64'],
    ['2001:db8::1', '2001:db8:0:0::/64'],
    ['::1', '0:0:0:0::/64'],
    ['fe80::1%eth0', 'fe80:0:0:0::/64'],
    ['64:ff9b::203.0.113.9', '64:ff9b:0:0::/64'],
  ])('%s counts as %s', (address, key) => {
    expect(clientIpKey(address)).toBe(key)
  })

  it('gives one key to every address of one /64', () => {
    expect(clientIpKey('2001:db8:aa:bb::1')).toBe(clientIpKey('2001:db8:aa:bb:ffff:ffff:ffff:ffff'))
    expect(clientIpKey('2001:db8:aa:bb::1')).not.toBe(clientIpKey('2001:db8:aa:bc::1'))
  })
})
