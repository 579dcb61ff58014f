/** @module The randomuser.me record (API 1.4) as a TypeBox schema: the type the generator produces and the check HTTP records pass. */
import { Type, type Static } from '@sinclair/typebox'
import { TypeCompiler } from '@sinclair/typebox/compiler'

const Text = Type.String()
const DateAge = Type.Object({ date: Text, age: Type.Integer() })

export const RandomUserSchema = Type.Object({
  gender: Type.String(),
  name: Type.Object({ title: Text, first: Text, last: Text }),
  location: Type.Object({
    street: Type.Object({ number: Type.Integer(), name: Text }),
    city: Text,
    state: Text,
    country: Text,
    postcode: Type.Union([Text, Type.Integer()]),
    coordinates: Type.Object({ latitude: Text, longitude: Text }),
    timezone: Type.Object({ offset: Text, description: Text }),
  }),
  email: Text,
  login: Type.Object({
    uuid: Type.String({ minLength: 1 }),
    username: Text,
    password: Text,
    salt: Text,
    md5: Text,
    sha1: Text,
    sha256: Text,
  }),
  dob: DateAge,
  registered: DateAge,
  phone: Text,
  cell: Text,
  id: Type.Object({ name: Text, value: Type.Union([Text, Type.Null()]) }),
  picture: Type.Object({ large: Text, medium: Text, thumbnail: Text }),
  nat: Text,
})

/** One user as the API returns it. Some nationalities answer with a numeric postcode or a null id value. */
export type RandomUser = Static<typeof RandomUserSchema>

const compiled = TypeCompiler.Compile(RandomUserSchema)

/** Why `value` is not a usable record (`path: message` of the first problem), or undefined when it is. */
export function describeInvalidUser(value: unknown): string | undefined {
  if (compiled.Check(value)) return undefined
  const first = compiled.Errors(value).First()
  return first ? `${first.path || '/'}: ${first.message}` : 'not a randomuser record'
}
