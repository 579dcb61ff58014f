/** @module The few error classes tally throws, each with a stable code. */

export type ErrorCode = 'E_CONFIG_INVALID' | 'E_NODE_FAILED' | 'E_USAGE' | 'E_CHECK_FAILED'

export class TallyError extends Error {
  readonly code: ErrorCode
  constructor(code: ErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options)
    this.code = code
    this.name = 'TallyError'
  }
}

/** One config problem, located in its file. */
export interface ConfigIssue {
  file: string
  line: number
  col: number
  /** Dotted path inside the config, e.g. `nodes.db.with.url`. */
  path: string
  message: string
}

export function formatConfigIssue(issue: ConfigIssue): string {
  return `${issue.file}:${issue.line}:${issue.col} ${issue.path}: ${issue.message}`
}

/** Every problem found in a config, reported at once. */
export class ConfigError extends TallyError {
  readonly issues: ConfigIssue[]
  constructor(issues: ConfigIssue[]) {
    super('E_CONFIG_INVALID', issues.map(formatConfigIssue).join('\n'))
    this.issues = issues
    this.name = 'ConfigError'
  }
}

/** A plugin failed: says which node, in which hook, and why. */
export class NodeError extends TallyError {
  readonly nodeId: string
  readonly plugin: string
  readonly hook: string
  constructor(nodeId: string, plugin: string, hook: string, cause: unknown) {
    const reason = cause instanceof Error ? cause.message : String(cause)
    super('E_NODE_FAILED', `node \`${nodeId}\` (${plugin}) failed in ${hook}(): ${reason}`, { cause })
    this.nodeId = nodeId
    this.plugin = plugin
    this.hook = hook
    this.name = 'NodeError'
  }
}
