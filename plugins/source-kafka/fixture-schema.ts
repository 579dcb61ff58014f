/** @module Test fixture for `schemaModule`: a module whose default export is a TypeBox schema. */
import { Type } from '@sinclair/typebox'

export default Type.Object({ state: Type.String({ minLength: 1 }), count: Type.Integer({ minimum: 0 }) }, { additionalProperties: false })
