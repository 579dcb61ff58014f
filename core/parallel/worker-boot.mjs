// A worker thread of a parallel pipeline on Node running the TypeScript sources: registers tsx in
// this thread (a worker does not inherit the main thread's loader hooks), both hooks as
// bin/pipeline.js does (a plugin's .ts file in a CommonJS project is require()d), then runs the
// worker. From dist/ and on Bun the worker module is started directly (core/parallel/worker-pool.ts).
import { workerData } from 'node:worker_threads'

const { register } = await import('tsx/esm/api')
const { register: registerCommonJs } = await import('tsx/cjs/api')
register()
registerCommonJs()
await import(workerData.entry)
