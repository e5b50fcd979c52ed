/** True when a process with this environment should relaunch itself with huge pages. */
export function hugePagesWanted(env: Record<string, string | undefined>, platform?: string, execArgv?: string[]): boolean
/** Relaunches the command with huge pages when wanted; true once the child has exited. */
export function relaunchWithHugePages(): Promise<boolean>
