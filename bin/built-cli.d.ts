/** Types of built-cli.js (plain JavaScript: it runs before any TypeScript loader). */
export const BUILT_STAMP: string
/** dist/cli.js when it may run `argv` (the command line after `pipeline`), else undefined. `root`: the package folder. */
export function builtCli(argv: readonly string[], root: string, env?: Record<string, string | undefined>): string | undefined
/** Whether dist/ was completely built after the last change to any source (its stamp is at least as new). */
export function builtIsFresh(root: string): boolean
