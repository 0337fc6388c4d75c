// Runs the web and worker processes side by side (dev and e2e) and stops them together.
import { spawn, type ChildProcess } from 'node:child_process'
import path from 'node:path'

const bin = (name: string) => path.resolve('node_modules', '.bin', name)

type ProcessSpec = { name: string; command: string; args: string[] }

export function tsxProcess(name: string, entry: string): ProcessSpec {
  return { name, command: bin('tsx'), args: [entry] }
}

export function nodeProcess(name: string, entry: string): ProcessSpec {
  return { name, command: process.execPath, args: [entry] }
}

/**
 * Starts every process with the given environment. If one exits, the others are
 * stopped and `onExit` runs once; SIGINT/SIGTERM stop them all the same way.
 */
export function runTogether(
  specs: ProcessSpec[],
  env: NodeJS.ProcessEnv,
  onExit: (code: number) => Promise<void>,
) {
  const children: ChildProcess[] = []
  let stopping = false

  const stopAll = async (code: number) => {
    if (stopping) return
    stopping = true
    await Promise.all(
      children.map(
        (child) =>
          new Promise<void>((resolve) => {
            if (child.exitCode !== null || child.signalCode !== null) return resolve()
            const timer = setTimeout(() => child.kill('SIGKILL'), 15_000)
            child.once('exit', () => {
              clearTimeout(timer)
              resolve()
            })
            child.kill('SIGTERM')
          }),
      ),
    )
    await onExit(code)
  }

  for (const spec of specs) {
    const child = spawn(spec.command, spec.args, { env, stdio: 'inherit' })
    child.once('exit', (code, signal) => {
      if (!stopping) {
        console.error(`[${spec.name}] exited (${signal ?? code}); stopping the rest`)
        void stopAll(code ?? 1)
      }
    })
    children.push(child)
  }
  // `on`, not `once`: a terminal's Ctrl-C reaches every process in the group, and tsx relays it
  // again; a second signal with no listener left would end this process before it stopped
  // the database (onExit). stopAll runs once however many arrive.
  process.on('SIGINT', () => void stopAll(0))
  process.on('SIGTERM', () => void stopAll(0))
  return stopAll
}
