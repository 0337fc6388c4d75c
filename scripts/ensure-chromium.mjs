// `npm test` runs the Playwright journeys in Debian's Chromium (Playwright cannot download its
// own browsers on these machines). On a fresh machine this installs it when it can (as root,
// or with sudo, where apt-get exists); otherwise it stops before the suite with one line
// saying exactly what to run. CHROMIUM_PATH names another Chromium to use instead.
import { execFileSync, spawnSync } from 'node:child_process'
import fs from 'node:fs'

const chromium = process.env.CHROMIUM_PATH || '/usr/bin/chromium'
if (isExecutable(chromium)) process.exit(0)

if (process.env.CHROMIUM_PATH) {
  fail(`CHROMIUM_PATH is set to ${chromium}, which is not an executable file; fix it or unset it.`)
}

const isRoot = process.getuid?.() === 0
const hasSudo = !isRoot && commandExists('sudo') && spawnSync('sudo', ['-n', 'true']).status === 0
if (!commandExists('apt-get') || (!isRoot && !hasSudo)) {
  fail(
    'The journeys need Chromium: run `sudo apt-get install -y chromium` (or set CHROMIUM_PATH to a Chromium), then `npm test` again.',
  )
}

console.log('Chromium is missing: installing Debian\'s "chromium" package with apt-get…')
// sudo resets the environment, so the non-interactive front end is passed through `env`.
const aptGet = (args) =>
  isRoot
    ? spawnSync('apt-get', args, {
        stdio: 'inherit',
        env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
      })
    : spawnSync('sudo', ['-n', 'env', 'DEBIAN_FRONTEND=noninteractive', 'apt-get', ...args], {
        stdio: 'inherit',
      })
for (const args of [['update'], ['install', '-y', '--no-install-recommends', 'chromium']]) {
  if (aptGet(args).status !== 0) {
    fail(
      `\`apt-get ${args.join(' ')}\` failed; install Chromium by hand (\`sudo apt-get install -y chromium\`) and run \`npm test\` again.`,
    )
  }
}
if (!isExecutable(chromium))
  fail(`apt-get installed chromium but ${chromium} is still missing; set CHROMIUM_PATH.`)
console.log(`Chromium installed: ${execFileSync(chromium, ['--version'], { encoding: 'utf8' }).trim()}`)

function isExecutable(file) {
  try {
    fs.accessSync(file, fs.constants.X_OK)
    return fs.statSync(file).isFile()
  } catch {
    return false
  }
}

function commandExists(name) {
  return spawnSync('sh', ['-c', `command -v ${name}`], { stdio: 'ignore' }).status === 0
}

function fail(line) {
  console.error(line)
  process.exit(1)
}
