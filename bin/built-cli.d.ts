/** Types of built-cli.js (plain JavaScript: it runs before any TypeScript loader). */
export const BUILT_STAMP: string
/** dist/cli.js when it may run `argv` (the command line after `pipeline`), else undefined. `root`: the package folder. */
export function builtCli(argv: readonly string[], root: string, env?: Record<string, string | undefined>): string | undefined
/** The latest modification time of the TypeScript sources dist/ is built from. */
export function newestSource(root: string): number
