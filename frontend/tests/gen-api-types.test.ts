// @vitest-environment node
import { describe, expect, it } from 'vitest';
import committed from '../src/lib/api/types.ts?raw';
// @ts-expect-error: a plain Node script without type declarations
import { combinedSchema, generate } from '../scripts/gen-api-types.mjs';

const object = (properties: Record<string, unknown>, required: string[] = [], title = 'X') => ({
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  title,
  type: 'object',
  additionalProperties: false,
  properties,
  required,
});

const API = {
  contract_version: 1,
  error_codes: ['invalid_input', 'internal'],
  methods: [
    {
      name: 'social.post',
      description: 'Publishes a post',
      permission: 'social.write',
      signs: true,
      input: object({ text: { type: 'string' }, title: { type: ['string', 'null'] } }, ['text'], 'PostInput'),
      output: {
        ...object({ id: { $ref: '#/$defs/EventId' }, text: { type: 'string' } }, ['id', 'text'], 'PostView'),
        $defs: { EventId: { type: 'string', pattern: '^[0-9a-f]{64}$' } },
      },
    },
    {
      name: 'identity.get',
      description: 'The account',
      permission: 'node.read',
      signs: false,
      input: object({}, [], 'Empty'),
      output: object({ state: { enum: ['none', 'locked', 'unlocked'] }, protected: { type: 'boolean' } }, ['state', 'protected'], 'IdentityView'),
    },
  ],
};

/** The same document with methods, keys and definitions in another order. */
function shuffled(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(shuffled);
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).reverse().map(([k, v]) => [k, shuffled(v)]));
  }
  return value;
}

describe('gen-api-types', () => {
  it('emits a header, one type per input and output, and the Methods map', async () => {
    const out: string = await generate(API);
    expect(out.startsWith('// DO NOT EDIT: generated from the Rust API types by scripts/gen-api-types.mjs\n')).toBe(true);
    for (const name of ['SocialPostInput', 'SocialPostOutput', 'IdentityGetInput', 'IdentityGetOutput']) {
      expect(out).toMatch(new RegExp(`export (interface|type) ${name}\\b`));
    }
    expect(out).toMatch(/export interface Methods \{/);
    expect(out).toMatch(/'social\.post': \{\s+input: SocialPostInput;\s+output: SocialPostOutput;/);
    expect(out).toContain('export type EventId = string;');
    expect(out).toContain("export const ERROR_CODES = [\n  'invalid_input',\n  'internal',\n] as const;");
  });

  it('is deterministic: the order of the input does not matter', async () => {
    const reordered = { ...API, methods: [...API.methods].reverse().map(shuffled) };
    expect(await generate(reordered)).toBe(await generate(API));
  });

  it('refuses two different definitions under one name', () => {
    const clash = structuredClone(API) as typeof API & { methods: any[] };
    clash.methods[1].output.$defs = { EventId: { type: 'integer' } };
    expect(() => combinedSchema(clash)).toThrow(/EventId/);
  });

  it('the committed types carry the header and the whole method table', () => {
    expect(committed.split('\n')[0]).toBe('// DO NOT EDIT: generated from the Rust API types by scripts/gen-api-types.mjs');
    for (const method of ['identity.get', 'identity.create', 'identity.recover', 'identity.unlock', 'identity.lock', 'social.post', 'social.feed', 'node.info', 'api.methods']) {
      expect(committed).toContain(`'${method}': {`);
    }
  });
});
