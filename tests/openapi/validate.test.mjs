// The response validator on a small spec of its own: what passes, what fails, and what a failure names.
//   node --test validate.test.mjs
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { locateSchema, normaliseRequestPath, pathMatchers, validateAnswers } from './validate.mjs';

const problem = (status) => ({ $ref: '#/components/responses/Problem' + status });
const spec = {
  openapi: '3.1.0',
  paths: {
    '/api/v1/things': {
      get: { responses: { 200: { content: { 'application/json': { schema: { $ref: '#/components/schemas/ThingList' } } } } } },
    },
    '/api/v1/things/{id}': {
      get: {
        responses: {
          200: { content: { 'application/json': { schema: { $ref: '#/components/schemas/Thing' } } } },
          404: problem(404),
        },
      },
      delete: { responses: { 204: { description: 'Archived.' } } },
    },
    '/api/v1/things/mine': {
      get: { responses: { 200: { content: { 'application/json': { schema: { $ref: '#/components/schemas/Thing' } } } } } },
    },
    '/calendar/{token}.ics': { get: { responses: { 200: { content: { 'text/calendar': { schema: { type: 'string' } } } } } } },
  },
  components: {
    responses: {
      Problem404: { content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } } },
    },
    schemas: {
      Thing: {
        type: 'object',
        additionalProperties: false,
        required: ['id', 'name'],
        properties: { id: { type: 'integer', format: 'int64', minimum: 1 }, name: { type: 'string' } },
      },
      ThingList: {
        type: 'object',
        additionalProperties: false,
        required: ['items'],
        properties: { items: { type: 'array', items: { $ref: '#/components/schemas/Thing' } } },
      },
      Problem: {
        type: 'object',
        additionalProperties: false,
        required: ['type', 'title', 'status', 'detail'],
        properties: {
          type: { type: 'string', format: 'uri' },
          title: { type: 'string' },
          status: { type: 'integer' },
          detail: { type: 'string' },
        },
      },
    },
  },
};

const json = 'application/json';
const problemJson = 'application/problem+json';
const answer = (method, path, status, body, content_type = json) => ({
  method,
  path,
  status,
  content_type,
  body: typeof body === 'string' ? body : JSON.stringify(body),
});
const notFound = (detail) => ({ type: 'https://brobygger.dk/problems/not-found', title: 'Not found', status: 404, detail });

function run(answers) {
  const dir = mkdtempSync(join(tmpdir(), 'validate-test-'));
  const file = join(dir, 'answers.jsonl');
  writeFileSync(file, answers.map((a) => JSON.stringify(a)).join('\n') + '\n');
  const { failures, checked } = validateAnswers(spec, [file]);
  return { messages: [...failures.keys()], entries: [...failures.values()], checked };
}

test('request paths are read as the server reads them', () => {
  assert.equal(normaliseRequestPath('//api/v1/things/?limit=5'), '/api/v1/things');
  const matchers = pathMatchers(spec);
  assert.equal(locateSchema(spec, matchers, answer('GET', '/api/v1/things/mine', 200, {})).route, 'GET /api/v1/things/mine');
  assert.equal(locateSchema(spec, matchers, answer('GET', '/api/v1/things/7', 200, {})).route, 'GET /api/v1/things/{id}');
  assert.equal(locateSchema(spec, matchers, answer('GET', '/calendar/abc.ics', 200, '')).route, 'GET /calendar/{token}.ics');
});

test('answers that match their schemas pass', () => {
  const { messages, checked } = run([
    answer('GET', '/api/v1/things?limit=1', 200, { items: [{ id: 1, name: 'a' }] }),
    answer('GET', '/api/v1/things/1', 200, { id: 1, name: 'a' }),
    answer('GET', '/api/v1/things/99', 404, notFound('Thing not found'), problemJson),
    answer('DELETE', '/api/v1/things/1', 204, '', json),
    answer('GET', '/api/v1/nothing', 404, notFound('No such resource'), problemJson),
    answer('GET', '/api/v1/things/1', 503, { type: 'https://brobygger.dk/problems/unavailable', title: 'Service unavailable', status: 503, detail: 'x' }, problemJson),
  ]);
  assert.deepEqual(messages, []);
  assert.equal(checked, 6);
});

test('a field the spec does not name fails, naming the route, status, instance and schema path', () => {
  const items = [{ id: 1, name: 'a' }, { id: 2, name: 'b', secret: 'x' }, { id: 3, name: 'c', secret: 'y' }];
  const { messages, entries } = run([answer('GET', '/api/v1/things?limit=3', 200, { items })]);
  // The two items with the same fault are one failure, with an example that names the first.
  assert.equal(messages.length, 1);
  assert.match(messages[0], /^GET \/api\/v1\/things 200 application\/json: \/items\/\* must NOT have additional properties \(secret\)/);
  assert.match(messages[0], /schema #\/components\/schemas\/Thing\/additionalProperties/);
  assert.equal(entries[0].count, 2);
  assert.equal(entries[0].example, 'GET /api/v1/things?limit=3 at /items/1 (answers.jsonl:1)');
});

test('a wrong type, a missing member and a malformed problem fail', () => {
  const { messages } = run([
    answer('GET', '/api/v1/things/1', 200, { id: '1' }),
    answer('GET', '/api/v1/things/2', 404, { type: 'https://brobygger.dk/problems/not-found', title: 'Not found', status: 404 }, problemJson),
  ]);
  assert.ok(messages.some((m) => m.includes('/id must be integer') && m.includes('#/components/schemas/Thing/properties/id/type')));
  assert.ok(messages.some((m) => m.includes("must have required property 'name'")));
  assert.ok(messages.some((m) => m.startsWith('GET /api/v1/things/{id} 404') && m.includes("required property 'detail'")));
});

test('an undocumented status, media type, body or route fails', () => {
  const { messages } = run([
    answer('GET', '/api/v1/things/1', 409, { type: 'x', title: 'x', status: 409, detail: 'x' }, problemJson),
    answer('GET', '/api/v1/things/1', 200, { id: 1, name: 'a' }, 'application/merge-patch+json'),
    answer('DELETE', '/api/v1/things/1', 204, '{}'),
    answer('POST', '/api/v1/things', 200, { id: 1, name: 'a' }),
    answer('GET', '/api/v1/things/1', 200, 'not json'),
    answer('GET', '/api/v1/nothing', 404, { type: 'https://brobygger.dk/problems/validation', title: 'Not found', status: 404, detail: 'x' }, problemJson),
  ]);
  assert.ok(messages.some((m) => m.includes('status 409 is not documented')));
  assert.ok(messages.some((m) => m.includes('not application/merge-patch+json')));
  assert.ok(messages.some((m) => m.includes('documents no body')));
  assert.ok(messages.some((m) => m.includes('the spec has no POST for /api/v1/things')));
  assert.ok(messages.some((m) => m.includes('the body is not JSON')));
  assert.ok(messages.some((m) => m.startsWith('GET (no route) 404') && m.includes('/type must be equal to constant')));
  assert.equal(messages.length, 6);
});
