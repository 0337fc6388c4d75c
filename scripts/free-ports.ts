// Ports for one run of the tests: each run asks the kernel for free ones, so two runs on one
// machine (two checkouts, or a developer beside CI) never share a server.
import { spawnSync } from 'node:child_process'
import net from 'node:net'

/** Ports that were free a moment ago on 127.0.0.1, held together so the kernel gives distinct ones. */
export async function freePorts(count: number): Promise<number[]> {
  const servers = await Promise.all(
    Array.from(
      { length: count },
      () =>
        new Promise<net.Server>((resolve, reject) => {
          const server = net.createServer()
          server.once('error', reject)
          server.listen(0, '127.0.0.1', () => resolve(server))
        }),
    ),
  )
  const ports = servers.map((server) => (server.address() as net.AddressInfo).port)
  await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))))
  return ports
}

const SYNC_SCRIPT = `
const net = require('node:net')
const count = Number(process.argv[1])
const servers = []
let listening = 0
for (let i = 0; i < count; i++) {
  const server = net.createServer()
  servers.push(server)
  server.listen(0, '127.0.0.1', () => {
    if (++listening < count) return
    process.stdout.write(servers.map((s) => s.address().port).join(','))
    servers.forEach((s) => s.close())
  })
}`

/** The same, synchronously, for configuration files that cannot wait (playwright.config.ts). */
export function freePortsSync(count: number): number[] {
  const result = spawnSync(process.execPath, ['-e', SYNC_SCRIPT, String(count)], { encoding: 'utf8' })
  const ports = result.stdout.split(',').map(Number)
  if (result.status !== 0 || ports.length !== count || ports.some((port) => !(port > 0))) {
    throw new Error(`Could not find ${count} free ports: ${result.stderr || result.stdout}`)
  }
  return ports
}
