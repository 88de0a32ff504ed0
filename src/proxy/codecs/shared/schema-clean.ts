/**
 * Tool JSON-schema cleaning for providers that reject `$schema`, `additionalProperties` or
 * `const` (Gemini-style validators, some chat gateways). Copy-on-write: the input is never
 * mutated, and untouched sub-trees are shared, so cleaning a 25-tool list stays cheap.
 */

const DROP = new Set(['$schema', 'additionalProperties']);

export function cleanToolSchema(schema: unknown): unknown {
  if (Array.isArray(schema)) {
    let out: unknown[] | undefined;
    for (let i = 0; i < schema.length; i++) {
      const c = cleanToolSchema(schema[i]);
      if (c !== schema[i]) {
        out ??= schema.slice();
        out[i] = c;
      }
    }
    return out ?? schema;
  }
  if (schema === null || typeof schema !== 'object') return schema;
  const src = schema as Record<string, unknown>;
  let out: Record<string, unknown> | undefined;
  for (const key of Object.keys(src)) {
    const value = src[key];
    if (DROP.has(key)) {
      out ??= { ...src };
      delete out[key];
      continue;
    }
    if (key === 'const') {
      // `const: x` means the same as a one-value enum, which every validator knows.
      out ??= { ...src };
      delete out.const;
      if (!('enum' in src)) out.enum = [value];
      continue;
    }
    // `properties` maps names to schemas: a property literally named "const" stays.
    const cleaned = key === 'properties' ? cleanProperties(value) : cleanToolSchema(value);
    if (cleaned !== value) {
      out ??= { ...src };
      out[key] = cleaned;
    }
  }
  return out ?? src;
}

function cleanProperties(props: unknown): unknown {
  if (props === null || typeof props !== 'object' || Array.isArray(props)) return props;
  const src = props as Record<string, unknown>;
  let out: Record<string, unknown> | undefined;
  for (const key of Object.keys(src)) {
    const c = cleanToolSchema(src[key]);
    if (c !== src[key]) {
      out ??= { ...src };
      out[key] = c;
    }
  }
  return out ?? src;
}

/** OpenAI requires an object schema for function parameters. */
export function ensureObjectSchema(schema: Record<string, unknown> | undefined): Record<string, unknown> {
  if (!schema || typeof schema !== 'object') return { type: 'object', properties: {} };
  if (schema.type === undefined) return { type: 'object', properties: {}, ...schema };
  return schema;
}
