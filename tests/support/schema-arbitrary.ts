import fc from 'fast-check'
import { isRecord } from '../../src/main/core/is-record.ts'

/*
 * fast-check arbitraries from a JSON Schema (the one `GET /api` publishes for each method's
 * input), and hostile mutations of what they draw: for fuzzing the contract with inputs a
 * client could send, valid ones and the kind a hostile client would.
 */

type Schema = Record<string, unknown>

const number = (value: unknown, fallback: number): number => (typeof value === 'number' ? value : fallback)
const schemas = (value: unknown): Schema[] => (Array.isArray(value) ? value.filter(isRecord) : [])

/** Values the schema accepts (or nearly: a pattern-free string may still break a rule a refine adds). */
export function arbitraryFor(schema: Schema): fc.Arbitrary<unknown> {
  if (Array.isArray(schema.enum) && schema.enum.length > 0) return fc.constantFrom(...(schema.enum as unknown[]))
  if ('const' in schema) return fc.constant(schema.const)
  const choices = [...schemas(schema.anyOf), ...schemas(schema.oneOf)]
  if (choices.length > 0) return fc.oneof(...choices.map(arbitraryFor))
  switch (schema.type) {
    case 'null':
      return fc.constant(null)
    case 'boolean':
      return fc.boolean()
    case 'integer': {
      const min = Math.max(number(schema.minimum, -1e6), Number.MIN_SAFE_INTEGER)
      const max = Math.min(number(schema.maximum, 1e6), Number.MAX_SAFE_INTEGER)
      return fc.oneof(fc.constantFrom(min, max), fc.bigInt({ min: BigInt(Math.ceil(min)), max: BigInt(Math.floor(max)) }).map(Number))
    }
    case 'number':
      return fc.double({ min: number(schema.minimum, -1e9), max: number(schema.maximum, 1e9), noNaN: true, noDefaultInfinity: true })
    case 'string': {
      const minLength = number(schema.minLength, 0)
      const maxLength = Math.min(number(schema.maxLength, 64), 64)
      if (typeof schema.pattern === 'string') {
        return fc.stringMatching(new RegExp(schema.pattern)).filter((s) => s.length >= minLength && s.length <= number(schema.maxLength, Infinity))
      }
      return fc.string({ minLength, maxLength: Math.max(minLength, maxLength) })
    }
    case 'array':
      return fc.array(isRecord(schema.items) ? arbitraryFor(schema.items) : fc.anything(), {
        minLength: number(schema.minItems, 0),
        maxLength: Math.max(number(schema.minItems, 0), Math.min(number(schema.maxItems, 4), 4)),
      })
    case 'object':
      return objectFor(schema)
    default:
      return fc.jsonValue({ maxDepth: 2 })
  }
}

function objectFor(schema: Schema): fc.Arbitrary<unknown> {
  const properties = isRecord(schema.properties) ? schema.properties : {}
  const required = Array.isArray(schema.required) ? (schema.required as string[]) : []
  const model = Object.fromEntries(Object.entries(properties).flatMap(([key, value]) => (isRecord(value) ? [[key, arbitraryFor(value)]] : [])))
  const known = fc.record(model, { requiredKeys: required.filter((key) => key in model) })
  if (!isRecord(schema.additionalProperties)) return known
  const keys = isRecord(schema.propertyNames) ? arbitraryFor(schema.propertyNames).filter((key): key is string => typeof key === 'string') : fc.string({ maxLength: 12 })
  const extra = fc.dictionary(keys, arbitraryFor(schema.additionalProperties), { maxKeys: 3 })
  return fc.tuple(known, extra).map(([a, b]) => ({ ...b, ...(a as object) }))
}

/** JSON nested `depth` deep: what overflows a recursive walk. */
export function deeplyNested(depth: number): unknown {
  let value: unknown = 'bottom'
  for (let i = 0; i < depth; i++) value = i % 2 === 0 ? [value] : { a: value }
  return value
}

/** An object whose own key is `__proto__`, as JSON.parse makes it (a literal would set the prototype). */
const protoKeyed = (): unknown => JSON.parse('{"__proto__": {"polluted": true}, "constructor": {"prototype": {"polluted": true}}}') as unknown

/** The hostile values a field may get instead of a valid one. */
export const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(NaN, Infinity, -Infinity, -0, 1e308, -1e308, Number.MAX_SAFE_INTEGER + 2, Number.MIN_VALUE, 2 ** 53, -(2 ** 63)),
  fc.constantFrom('\uD800', '\uDFFF\uD800', '\u202E\u0000\u200B', 'ｆｕｌｌ', '🦀'.repeat(1000), '%', '%E0%A4%A', '../../etc/passwd', '\r\nSet-Cookie: x', "'; DROP TABLE rewards; --"),
  fc.integer({ min: 16, max: 1 << 20 }).map((length) => 'x'.repeat(length)),
  fc.integer({ min: 100, max: 20_000 }).map(deeplyNested),
  fc.constant(null).map(protoKeyed),
  fc.constantFrom(null, undefined, true, [], {}, [[[]]], { length: 1e9 }),
)

/** A valid value with one hostile change: a field replaced, a key added, or the whole payload swapped. */
export function mutated(valid: fc.Arbitrary<unknown>): fc.Arbitrary<unknown> {
  return fc.tuple(valid, hostileValue, fc.nat(), fc.constantFrom('replace', 'add', 'swap', 'proto')).map(([value, hostile, pick, how]) => {
    if (how === 'swap' || !isRecord(value)) return hostile
    const copy: Record<string, unknown> = { ...value }
    const keys = Object.keys(copy)
    if (how === 'proto') return Object.assign(protoKeyed() as object, copy)
    if (how === 'add' || keys.length === 0) copy[`extra${pick % 3}`] = hostile
    else copy[keys[pick % keys.length] ?? 'x'] = hostile
    return copy
  })
}
