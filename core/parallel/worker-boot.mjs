// A worker thread of a parallel pipeline on Node running the TypeScript sources: registers tsx in
// this thread (a worker does not inherit the main thread's loader hooks), then runs the worker.
// From dist/, on Bun and on Deno the worker module is started directly (core/parallel/worker-pool.ts).
import { workerData } from 'node:worker_threads'

const { register } = await import('tsx/esm/api')
register()
await import(workerData.entry)
