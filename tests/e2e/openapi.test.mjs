// The OpenAPI 3.1 document of the node's HTTP API, checked by an independent validator
// (@seriousme/openapi-schema-validator: the official OpenAPI 3.1 JSON Schema, then every
// $ref resolved) and every schema in it compiled as JSON Schema 2020-12 (Ajv): both the
// document `supernet api-schema --openapi` prints and the one a running node serves at
// GET /api/openapi.json without sign-in.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Validator } from '@seriousme/openapi-schema-validator';
import Ajv2020 from 'ajv/dist/2020.js';
import { cli, serve, freshDir } from './harness.mjs';

/** Checks `doc` as OpenAPI 3.1 and compiles each of its schemas; returns the validator. */
async function validate(doc) {
  const validator = new Validator();
  const result = await validator.validate(doc);
  assert.equal(result.valid, true, JSON.stringify(result.errors, null, 2)?.slice(0, 4000));
  assert.equal(validator.version, '3.1');
  validator.resolveRefs(); // throws on a $ref that points nowhere

  // Schemars writes formats such as "uint64" (annotations in 2020-12): not checked here.
  const ajv = new Ajv2020({ strict: false, validateFormats: false, allErrors: true });
  const id = 'https://supernet.invalid/openapi.json';
  ajv.addSchema({ $id: id, components: doc.components });
  for (const name of Object.keys(doc.components.schemas)) {
    ajv.compile({ $ref: `${id}#/components/schemas/${encodeURIComponent(name)}` });
  }
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const [verb, op] of Object.entries(item)) {
      for (const [status, response] of Object.entries(op.responses)) {
        const schema = response.$ref ? undefined : response.content?.['application/json']?.schema;
        if (schema) ajv.compile({ ...schema, components: doc.components });
      }
    }
  }
  return validator;
}

test('the document `supernet api-schema --openapi` prints is valid OpenAPI 3.1', async () => {
  const doc = JSON.parse(await cli(freshDir('openapi'), ['api-schema', '--openapi']));
  await validate(doc);
  const methods = JSON.parse(await cli(freshDir('openapi'), ['api-schema'])).methods;
  for (const m of methods) {
    const op = doc.paths[`/api/${m.name}`]?.post;
    assert.ok(op, `${m.name} has a path`);
    assert.equal(op['x-supernet-permission'], m.permission);
    assert.equal(op['x-supernet-signs'], m.signs);
  }
  assert.equal(doc.servers, undefined, 'no server: the address is in daemon.json');
});

test('a running node serves its document without sign-in, with itself as the server', async () => {
  const dir = freshDir('openapi-serve');
  await cli(dir, ['init', '--no-passphrase', '--name', 'Api']);
  const node = await serve(dir);
  try {
    const response = await fetch(`${node.url}/api/openapi.json`);
    assert.equal(response.status, 200);
    const doc = await response.json();
    await validate(doc);
    assert.equal(doc.servers[0].url, node.url);
    const printed = JSON.parse(await cli(freshDir('openapi'), ['api-schema', '--openapi']));
    for (const path of Object.keys(printed.paths)) assert.ok(doc.paths[path], `${path} is served`);

    const denied = await fetch(`${node.url}/api/node.info`, { method: 'POST', body: '{}' });
    assert.equal(denied.status, 401, 'the methods themselves still need a token');
  } finally {
    await node.stop();
  }
});
