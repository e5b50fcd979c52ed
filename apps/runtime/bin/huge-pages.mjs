// Runs the command in a child process whose glibc backs large allocations with transparent huge
// pages. Patch features, memory banks and distance blocks are large buffers each written once, and
// every first touch of a 4 KiB page is a page fault: writing 400 MB of fresh features took 12 ms per
// image against 2 ms into memory already touched (scratch measurement on the 2-core development VM),
// and feature extraction on MVTec bottle went from 31-32 to 26-28 ms per image with huge pages.
// glibc reads its tunables only at process start, hence the relaunch. Linux only; the child is
// marked so that it never relaunches again, and INSPECTFLOW_HUGEPAGES=0 turns it off.
import { spawn } from 'node:child_process'

const TUNABLE = 'glibc.malloc.hugetlb=1'
const FORWARDED = ['SIGINT', 'SIGTERM', 'SIGHUP']
/** Set in the child to the wrapper's pid, so the child can tell when the wrapper is gone. */
const WRAPPER_PID_VARIABLE = 'INSPECTFLOW_WRAPPER_PID'
/** How often the child looks for its wrapper, and how long it may take to close once it is gone. */
const WATCH_MS = 200
const CLOSE_GRACE_MS = 10_000

/**
 * True when a process with this environment should relaunch itself with huge pages. Not under a
 * debugger: the child would compete for the inspector port, and one process is easier to debug.
 */
export function hugePagesWanted(env, platform = process.platform, execArgv = process.execArgv) {
  if (platform !== 'linux' || env.INSPECTFLOW_HUGEPAGES === '0') return false
  if (execArgv.some((arg) => arg.startsWith('--inspect'))) return false
  return !(env.GLIBC_TUNABLES ?? '').includes('glibc.malloc.hugetlb')
}

/**
 * Relaunches the current command with huge pages when wanted, forwards signals, and resolves true
 * once the child has exited (its exit code becomes this process's). Resolves false when this process
 * should run the command itself.
 */
export function relaunchWithHugePages() {
  if (!hugePagesWanted(process.env)) return Promise.resolve(false)
  const env = {
    ...process.env,
    GLIBC_TUNABLES: [process.env.GLIBC_TUNABLES, TUNABLE].filter(Boolean).join(':'),
    [WRAPPER_PID_VARIABLE]: String(process.pid),
  }
  const child = spawn(process.execPath, [...process.execArgv, ...process.argv.slice(1)], { stdio: 'inherit', env })
  // A terminal's Ctrl-C reaches both processes (one process group); the CLI treats a SIGINT that
  // follows another within a moment as the same key press, so forwarding it too is harmless and
  // covers a SIGINT sent to this process alone.
  const forward = (signal) => child.kill(signal)
  for (const signal of FORWARDED) process.on(signal, forward)
  return new Promise((resolve) => {
    child.on('error', () => {
      // could not start a second node: run the command here, without huge pages
      for (const signal of FORWARDED) process.off(signal, forward)
      resolve(false)
    })
    child.on('exit', (code, signal) => {
      for (const s of FORWARDED) process.off(s, forward)
      if (signal) process.kill(process.pid, signal)
      process.exitCode = code ?? 1
      resolve(true)
    })
  })
}

/**
 * In the relaunched child: ends this process when its wrapper dies. The wrapper is the PID people and
 * service managers see; `kill -9` of it cannot be forwarded, and left the real server serving with the
 * port taken. Linux re-parents an orphan, so a changed parent pid means the wrapper is gone: the child
 * then stops as on SIGTERM (runs recorded, port and data-dir lock released), and exits hard if closing
 * takes longer than CLOSE_GRACE_MS. Does nothing in a process that was not relaunched.
 */
export function exitWithWrapper(env = process.env) {
  const wrapperPid = Number(env[WRAPPER_PID_VARIABLE])
  if (!Number.isInteger(wrapperPid) || wrapperPid <= 0) return
  const watch = setInterval(() => {
    if (process.ppid === wrapperPid) return
    clearInterval(watch)
    setTimeout(() => process.exit(1), CLOSE_GRACE_MS).unref()
    process.kill(process.pid, 'SIGTERM')
  }, WATCH_MS)
  // the watch alone must not keep a finished command alive
  watch.unref()
}
