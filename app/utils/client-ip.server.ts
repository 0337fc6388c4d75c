import net from 'node:net'

// Who the client is, as Express decides it: server.ts trusts exactly one proxy (Fly's, which
// appends the real address to X-Forwarded-For) and stamps the result on this header before
// Remix sees the request, replacing any copy the client sent.
export const CLIENT_IP_HEADER = 'x-haven-client-ip'

/** The client's address as a limit key, or null when unknown (a request that bypassed server.ts). */
export function getClientIp(request: Request): string | null {
  const address = request.headers.get(CLIENT_IP_HEADER)
  return address ? clientIpKey(address) : null
}

/**
 * IPv4 as it is; IPv6 by its /64, since one household or server is handed a whole /64 and could
 * otherwise step around a per-address limit by changing the last half.
 */
export function clientIpKey(address: string): string {
  const plain = address.trim().replace(/%.*$/, '')
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(plain)
  if (mapped) return mapped[1]!
  if (!net.isIPv6(plain)) return plain.slice(0, 64)
  return `${ipv6Groups(plain).slice(0, 4).join(':')}::/64`
}

function ipv6Groups(address: string) {
  // A trailing dotted IPv4 (::1.2.3.4) is two groups.
  const dotted = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(address)
  const hex = dotted
    ? address.slice(0, dotted.index) +
      [((+dotted[1]! << 8) | +dotted[2]!).toString(16), ((+dotted[3]! << 8) | +dotted[4]!).toString(16)].join(
        ':',
      )
    : address
  const [head = '', tail] = hex.split('::')
  const groups = (part: string) => (part ? part.split(':') : [])
  const filled =
    tail === undefined
      ? groups(head)
      : [
          ...groups(head),
          ...Array<string>(8 - groups(head).length - groups(tail).length).fill('0'),
          ...groups(tail),
        ]
  return filled.map((group) => parseInt(group, 16).toString(16))
}
