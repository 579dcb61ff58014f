/** @module A sink appending JSON lines to a file synchronously: durable as soon as write() returns, readable by the parent test. */
import { appendFileSync } from 'node:fs'
import { Type } from '@sinclair/typebox'
import { definePlugin } from '../../../core/plugin.ts'

export default definePlugin({
  name: 'file-sink',
  kind: 'sink',
  description: 'Appends each event as a JSON line to a file.',
  config: Type.Object({ path: Type.String({ description: 'File to append to.' }) }, { additionalProperties: false }),
  create: (_ctx, { path }) => ({
    write(events) {
      appendFileSync(path, events.map((e) => `${JSON.stringify(e)}\n`).join(''))
    },
  }),
})
