/** Dispatches `inspectflow <command>`; each command lives in its own file. */
export async function main(argv: string[]): Promise<number> {
  const [command] = argv
  process.stderr.write(`inspectflow: command "${command ?? ''}" is not implemented yet\n`)
  return 2
}
