/** @module Help text for `pipeline` and each command. */

export const commandHelp: Record<string, string> = {
  main: `pipeline — run and inspect tally streaming pipelines

Usage: pipeline <command> [options]

Commands:
  run <config>                 Run a pipeline (Ctrl-C drains and stops)
  validate <config>            Check a config without running it (no I/O)
  check <config>               Data-quality report against the config's sinks (e.g. Postgres)
  reset <config>               Delete what a pipeline stored (tables, checkpoints) to start over
  plugins [name]               List plugins, or show one plugin's options
  schema [config]              Print the JSON Schema of pipeline configs (for editor completion)
  new plugin <kind> <name>     Scaffold a plugin folder with a passing test

Run \`pipeline <command> --help\` for a command's options.
Exit codes: 0 ok, 1 runtime failure, 2 invalid config or usage.`,
  run: `Usage: pipeline run <config.yaml|config.ts> [options]

Runs the pipeline until every source ends and everything is flushed to the sinks. A pipeline
with a sink that serves people (the dashboard) then stays up, showing the final result, until
Ctrl-C; anything else exits. Started again, a pipeline resumes from its last checkpoint (a
finished one shows its result again); --fresh starts over.
Ctrl-C (or SIGTERM) stops the sources, drains in-flight batches and closes every node;
a second Ctrl-C forces an immediate stop.

Every run serves HTTP for operators (docs/metrics.md lists the metrics):
  GET /metrics   Prometheus text format 0.0.4, or OpenMetrics when the Accept header asks
  GET /ping      200 while the process is up (liveness)
  GET /ready     200 while every node runs, or while a complete run serves its result;
                 503 with a JSON body while starting, once draining starts, or naming the
                 failed node and its error (readiness)

Options:
  --exit-when-done    Exit once every source ended and everything is written, even while a
                      dashboard is serving (for scripts and tests)
  --fresh             First delete what this pipeline stored (its tables and checkpoints in
                      Postgres, its state folders), saying what; then run from the start
  --state-dir <dir>   Folder for state kept across runs (default: .tally)
  --progress <mode>   tty | log | none (default: tty on a terminal, log otherwise)
  --interval <ms>     How often progress is shown (default: 500 on a TTY, 5000 in logs)
  --http <host:port|off>
                      Address of the operator server (default: settings.http.address, else
                      127.0.0.1:9464; when 9464 is taken a free port is used and printed; an
                      address given here must be free). Not on loopback: set settings.http.token
  --log-format <text|json>
                      json: one JSON object per line on stderr (time, level, node, plugin,
                      message, error with its causes), progress as JSON lines, no table
                      (default: settings.log.format, else text)
  --log-level <debug|info|warn|error>
                      Least severe level shown (default: settings.log.level, else info)
  -h, --help          Show this help`,
  reset: `Usage: pipeline reset <config> [--state-dir <dir>]

Deletes what the pipeline stored, saying what first: each postgres sink drops the tables it
writes and its checkpoints (only tally's tables in the configured schema; with an external
DATABASE_URL nothing else is touched), and every other node's folder under the state folder
is removed. The next \`pipeline run\` starts over. Same as \`pipeline run --fresh\` without running.`,
  validate: `Usage: pipeline validate <config>

Checks the config against the pipeline schema and every plugin's schema, and the graph
(unknown inputs, cycles, unwired inputs). Prints every problem as file:line:col path: message.
Exit 0 when valid, 2 otherwise. Does no I/O besides reading the config and its plugin modules.
With \`settings.parallelism\` other than 1, also says how the pipeline splits over worker threads
(which nodes run in every worker, which on the main thread and why), or why it runs on one.`,
  check: `Usage: pipeline check <config> [--json] [--state-dir <dir>]

Runs the data-quality checks of every node whose plugin has them (row counts, orphans,
duplicates, reconciliation of aggregates) against the configured services.
Exit 0 when every check passes, 1 when one fails, 2 for an invalid config.`,
  plugins: `Usage: pipeline plugins [name] [--config <config>] [--markdown]

Without a name, lists every plugin. With a name, shows its inputs, ports and options
(types, defaults, descriptions), all from the plugin's schema. --config adds the plugins a
config loads by path; --markdown prints the reference as Markdown.`,
  schema: `Usage: pipeline schema [config]

Prints the JSON Schema of a pipeline config, with each node's \`with:\` checked against its
plugin. Point your editor's YAML language server at it for completion and checking:
  # yaml-language-server: $schema=./pipeline.schema.json`,
  new: `Usage: pipeline new plugin <source|transform|sink> <name> [--dir plugins]

Creates <dir>/<name>/ with index.ts (definePlugin and a TypeBox schema), a test that runs the
conformance suite, and a README. Then \`npm test\` runs its test.`,
}
