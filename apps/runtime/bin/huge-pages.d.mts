/** True when a process with this environment should relaunch itself with huge pages. */
export function hugePagesWanted(env: Record<string, string | undefined>, platform?: string, execArgv?: string[]): boolean
/** Relaunches the command with huge pages when wanted; true once the child has exited. */
export function relaunchWithHugePages(): Promise<boolean>
/** In a relaunched child: stops this process (as on SIGTERM) once its wrapper has died. */
export function exitWithWrapper(env?: Record<string, string | undefined>): void
