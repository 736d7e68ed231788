#!/usr/bin/env node
// Generates src/lib/api/types.ts from the node's API description (what `api.methods`
// returns; `supernet api-schema` prints it from the Rust types).
//
//   node scripts/gen-api-types.mjs [SCHEMA.json] [--check] [--out FILE]
//
// Reads SCHEMA.json, or standard input when no path is given (or the path is "-").
// With --check, writes nothing: exits 1 (naming the stale file) when the file on disk
// differs from what would be written. The output is deterministic: methods and shared
// definitions are sorted by name and every object's keys are put in order first.

import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isDeepStrictEqual } from 'node:util';
import { compile } from 'json-schema-to-typescript';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..');
const HEADER = '// DO NOT EDIT: generated from the Rust API types by scripts/gen-api-types.mjs';

/** @param {string[]} argv */
function parseArgs(argv) {
  /** @type {{ check: boolean, input: string | null, out: string }} */
  const args = { check: false, input: null, out: join(root, 'src/lib/api/types.ts') };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--check') args.check = true;
    else if (a === '--out') args.out = argv[++i] ?? fail('--out needs a file');
    else if (a === '-h' || a === '--help') {
      console.log('usage: gen-api-types.mjs [SCHEMA.json | -] [--check] [--out FILE]');
      process.exit(0);
    } else if (a.startsWith('--')) fail(`unknown option ${a}`);
    else args.input = a;
  }
  return args;
}

/** @param {string} message @returns {never} */
function fail(message) {
  console.error(`gen-api-types: ${message}`);
  process.exit(2);
}

/** @returns {Promise<string>} */
async function readInput(/** @type {string | null} */ path) {
  if (path && path !== '-') return readFileSync(path, 'utf8');
  if (process.stdin.isTTY) fail('give the schema file as an argument, or pipe it on standard input');
  const chunks = [];
  for await (const chunk of process.stdin) chunks.push(chunk);
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * A copy of a JSON value with every object's keys sorted, so the output does not depend
 * on the order the schema was printed in.
 * @param {unknown} value
 * @returns {any}
 */
function sortKeys(value) {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === 'object') {
    /** @type {Record<string, unknown>} */
    const out = {};
    for (const key of Object.keys(value).sort()) out[key] = sortKeys(/** @type {any} */ (value)[key]);
    return out;
  }
  return value;
}

/** `social.feed` → `SocialFeed` */
function typeName(/** @type {string} */ method) {
  return method
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((part) => part[0].toUpperCase() + part.slice(1))
    .join('');
}

/**
 * Builds one schema whose root is the `Methods` map and whose `$defs` hold every method's
 * input and output plus the definitions they share.
 * @param {any} api
 */
export function combinedSchema(api) {
  if (!api || !Array.isArray(api.methods)) throw new Error('not an api.methods document: no "methods" array');
  /** @type {Record<string, any>} */
  const defs = {};
  /** @type {Record<string, string>} */
  const defOrigin = {};
  /** @type {Record<string, any>} */
  const properties = {};
  const methods = [...api.methods].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));

  /** @param {string} name @param {any} schema @param {string} origin */
  const addDef = (name, schema, origin) => {
    if (name in defs) {
      if (!isDeepStrictEqual(defs[name], schema)) {
        throw new Error(`definition "${name}" differs between ${defOrigin[name]} and ${origin}; rename one in the Rust types`);
      }
      return;
    }
    defs[name] = schema;
    defOrigin[name] = origin;
  };

  for (const method of methods) {
    const base = typeName(method.name);
    for (const side of /** @type {const} */ (['input', 'output'])) {
      const { $defs = {}, definitions = {}, $schema: _ignored, title: _title, ...schema } = sortKeys(method[side] ?? {});
      for (const [name, def] of Object.entries({ ...definitions, ...$defs })) addDef(name, def, `${method.name} ${side}`);
      const name = `${base}${side === 'input' ? 'Input' : 'Output'}`;
      addDef(name, { ...schema, title: name }, `${method.name} ${side}`);
    }
    properties[method.name] = {
      type: 'object',
      description: method.description,
      properties: {
        input: { $ref: `#/$defs/${base}Input` },
        output: { $ref: `#/$defs/${base}Output` },
      },
      required: ['input', 'output'],
      additionalProperties: false,
    };
  }

  /** @type {Record<string, any>} */
  const sortedDefs = {};
  for (const name of Object.keys(defs).sort()) sortedDefs[name] = defs[name];
  return {
    title: 'Methods',
    description: 'Every API method: its input and its output.',
    type: 'object',
    properties,
    required: methods.map((m) => m.name),
    additionalProperties: false,
    $defs: sortedDefs,
  };
}

/** The whole generated file. @param {any} api */
export async function generate(api) {
  const schema = combinedSchema(api);
  const body = await compile(/** @type {any} */ (schema), 'Methods', {
    bannerComment: '',
    additionalProperties: false,
    unreachableDefinitions: true,
    declareExternallyReferenced: true,
    enableConstEnums: false,
    strictIndexSignatures: true,
    format: true,
    style: { singleQuote: true, printWidth: 100 },
  });
  const codes = [...(api.error_codes ?? [])].map(String);
  const methodNames = Object.keys(schema.properties);
  /** @param {string[]} items */
  const list = (items) => `[\n${items.map((i) => `  '${i.replace(/[\\']/g, '\\$&')}',`).join('\n')}\n]`;
  // The schema usually defines ErrorCode itself (api.methods lists the codes); when it
  // does not, derive the type from the list.
  const hasErrorCodeType = 'ErrorCode' in schema.$defs;
  const tail = [
    '',
    '/** The API contract version these types were generated from. */',
    `export const CONTRACT_VERSION = ${JSON.stringify(api.contract_version ?? null)};`,
    '',
    '/** Every method name. */',
    'export type MethodName = keyof Methods;',
    '',
    '/** Every method name, as a value. */',
    `export const METHOD_NAMES = ${list(methodNames)} as const satisfies readonly MethodName[];`,
    '',
    '/** Every stable error code the API can answer with. */',
    hasErrorCodeType
      ? `export const ERROR_CODES = ${list(codes)} as const satisfies readonly ErrorCode[];`
      : `export const ERROR_CODES = ${list(codes)} as const;\n\n/** A stable error code. */\nexport type ErrorCode = (typeof ERROR_CODES)[number];`,
    '',
  ].join('\n');
  return `${HEADER}\n\n${body.trim()}\n${tail}`;
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const text = await readInput(args.input);
  /** @type {any} */
  let api;
  try {
    api = JSON.parse(text);
  } catch (e) {
    fail(`the schema is not JSON: ${/** @type {Error} */ (e).message}`);
  }
  const output = await generate(api);
  const shown = relative(process.cwd(), args.out) || args.out;
  if (args.check) {
    const current = existsSync(args.out) ? readFileSync(args.out, 'utf8') : null;
    if (current !== output) {
      console.error(
        `gen-api-types: ${shown} is stale: it differs from the API schema. Run \`npm run gen:types -- <api-schema.json>\` and commit the result.`,
      );
      process.exit(1);
    }
    console.log(`gen-api-types: ${shown} is up to date`);
    return;
  }
  writeFileSync(args.out, output);
  console.log(`gen-api-types: wrote ${shown}`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  main().catch((e) => {
    console.error(`gen-api-types: ${e instanceof Error ? e.message : String(e)}`);
    process.exit(2);
  });
}
