#!/usr/bin/env node
// Checks every JSON answer the API tests received against docs/openapi.yaml.
//
//   node validate.mjs <path-to-openapi.yaml> <responses.jsonl>...
//
// The API test programs (tests/api/server_harness.cpp) write one JSON object a line to the file named by
// BROBYGGER_TEST_RESPONSES: {method, path, status, content_type, body} for every answer whose
// Content-Type mentions JSON. For each answer this script
//   1. finds the operation: the spec's path template that matches the request path (literal segments
//      before parameters, empty segments ignored, the query string dropped) and the method;
//   2. takes the response for the status (`404`, else `4XX`, else `default`, following `$ref`s into
//      components.responses) and the media type of the answer's Content-Type;
//   3. validates the parsed body against that schema with Ajv (JSON Schema 2020-12, as OpenAPI 3.1).
// Statuses the introduction of the spec allows on any operation without listing them (404 and 405 for
// paths and methods that are not routes, 500 and 503) are validated against the Problem schema with the
// status's fixed `type` and `title`. Any other status an operation does not list is a failure.
//
// A failure names the route template, the status, the schema path and the instance path, e.g.
//   GET /api/v1/users/{id} 200 application/json: /email must match format "email"
//     schema #/components/schemas/User/properties/email/format
//     seen 2 times, e.g. GET /api/v1/users/3 (api.sqlite.jsonl:41)
// Failures that differ only in array indices are reported once (`/items/*/email`, e.g. at /items/3/email).
// Exit 0 when every answer validates, 1 when one does not, 2 on a usage error.

import { readFileSync, existsSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';

const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];
const SPEC_ID = 'openapi.yaml';

// The statuses any operation may answer without listing them (the spec's introduction), as
// [slug, titles]: the title in English and in Danish (the caller's language); see its table of errors.
const GENERIC_PROBLEMS = {
  404: ['not-found', ['Not found', 'Ikke fundet']],
  405: ['method-not-allowed', ['Method not allowed', 'Metoden er ikke tilladt']],
  500: ['internal', ['Internal error', 'Intern fejl']],
  503: ['unavailable', ['Service unavailable', 'Tjenesten er ikke tilgængelig']],
};

/** `a/b` as a JSON pointer token. */
const escapeToken = (token) => String(token).replace(/~/g, '~0').replace(/\//g, '~1');

/** Template matchers, most specific first: more literal characters before fewer. */
export function pathMatchers(spec) {
  const matchers = [];
  for (const [template, item] of Object.entries(spec.paths ?? {})) {
    const segments = template.split('/').filter((s) => s !== '');
    const pattern = segments
      .map((s) => s.split(/(\{[^}]+\})/).map((part) => (part.startsWith('{') ? '([^/]+)' : escapeRegex(part))).join(''))
      .join('/');
    const literal = segments.join('/').replace(/\{[^}]+\}/g, '').length;
    matchers.push({ template, item, regex: new RegExp(`^/${pattern}$`), literal });
  }
  return matchers.sort((a, b) => b.literal - a.literal);
}

function escapeRegex(text) {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The request path without query and empty segments, as the server reads it. */
export function normaliseRequestPath(path) {
  const bare = path.split('?')[0].split('#')[0];
  return '/' + bare.split('/').filter((s) => s !== '').join('/');
}

function resolveRef(spec, node) {
  let pointer = '';
  let seen = 0;
  while (node && typeof node === 'object' && typeof node.$ref === 'string') {
    if (!node.$ref.startsWith('#/') || ++seen > 20) throw new Error(`cannot follow $ref ${node.$ref}`);
    pointer = node.$ref;
    node = node.$ref
      .slice(2)
      .split('/')
      .map((t) => t.replace(/~1/g, '/').replace(/~0/g, '~'))
      .reduce((at, token) => (at == null ? undefined : at[token]), spec);
  }
  return { node, pointer };
}

/**
 * Where the schema for one answer lives: {route, pointer} with pointer a JSON pointer into the spec, or
 * {route, schema, pointer} for a generic problem, {route, empty} for an empty body where the spec documents
 * none, or {route, failure} when the spec has no schema for it.
 */
export function locateSchema(spec, matchers, answer) {
  const method = String(answer.method).toLowerCase();
  const path = normaliseRequestPath(answer.path);
  const status = String(answer.status);
  const mediaType = String(answer.content_type ?? '').split(';')[0].trim().toLowerCase();
  const match = matchers.find((m) => m.regex.test(path));
  const generic = (route) => {
    const known = GENERIC_PROBLEMS[status];
    if (!known || mediaType !== 'application/problem+json') return null;
    const [slug, titles] = known;
    return {
      route,
      pointer: `#/components/schemas/Problem (${status} ${slug})`,
      schema: {
        allOf: [
          { $ref: `${SPEC_ID}#/components/schemas/Problem` },
          {
            properties: {
              type: { const: `https://brobygger.dk/problems/${slug}` },
              title: { enum: titles },
              status: { const: Number(status) },
            },
          },
        ],
      },
    };
  };

  if (!match) {
    return generic(`${method.toUpperCase()} (no route)`) ?? {
      route: `${method.toUpperCase()} ${path}`,
      failure: `no path of the spec matches ${path}`,
    };
  }
  const route = `${method.toUpperCase()} ${match.template}`;
  const operation = HTTP_METHODS.includes(method) ? match.item[method] : undefined;
  if (!operation) {
    return generic(route) ?? { route, failure: `the spec has no ${method.toUpperCase()} for ${match.template}` };
  }
  const operationPointer = `#/paths/${escapeToken(match.template)}/${method}`;
  const responses = operation.responses ?? {};
  const key = [status, `${status[0]}XX`, 'default'].find((k) => k in responses);
  if (!key) {
    return generic(route) ?? { route, failure: `status ${status} is not documented for this operation` };
  }
  let responsePointer = `${operationPointer}/responses/${escapeToken(key)}`;
  const { node: response, pointer: refPointer } = resolveRef(spec, responses[key]);
  if (refPointer) responsePointer = refPointer;
  if (!response) return { route, failure: `cannot resolve ${responsePointer}` };
  const content = response.content ?? {};
  // A 204 may carry a Content-Type header; only a body counts.
  if (Object.keys(content).length === 0 && (answer.body ?? '') === '') return { route, empty: true };
  if (!(mediaType in content)) {
    const documented = Object.keys(content);
    return {
      route,
      failure:
        documented.length === 0
          ? `${responsePointer} documents no body, but the answer has ${mediaType || 'one'}`
          : `${responsePointer} documents ${documented.join(', ')}, not ${mediaType || 'no Content-Type'}`,
    };
  }
  if (!content[mediaType].schema) return { route, failure: `${responsePointer} has no schema for ${mediaType}` };
  return { route, pointer: `${responsePointer}/content/${escapeToken(mediaType)}/schema` };
}

export function makeAjv(spec) {
  const ajv = new Ajv2020({ allErrors: true, strict: false, verbose: true, validateSchema: false });
  addFormats(ajv);
  ajv.addFormat('int64', { type: 'number', validate: Number.isSafeInteger });
  ajv.addFormat('int32', { type: 'number', validate: (n) => Number.isInteger(n) && Math.abs(n) <= 2 ** 31 });
  ajv.addKeyword({ keyword: 'example' });
  ajv.addSchema(spec, SPEC_ID);
  return ajv;
}

/** Every object in the spec mapped to its JSON pointer, to name the schema an Ajv error comes from. */
export function pointerIndex(spec) {
  const index = new Map();
  const walk = (node, pointer) => {
    if (!node || typeof node !== 'object' || index.has(node)) return;
    index.set(node, pointer);
    for (const [key, value] of Object.entries(node)) walk(value, `${pointer}/${escapeToken(key)}`);
  };
  walk(spec, '#');
  return index;
}

/** Validates the answers of several files; answers {failures: Map(key -> {...}), checked}. */
export function validateAnswers(spec, files) {
  const ajv = makeAjv(spec);
  const matchers = pathMatchers(spec);
  const pointers = pointerIndex(spec);
  const compiled = new Map();
  const failures = new Map();
  let checked = 0;
  // Failures that differ only in array indices (`/items/3/email`, `/items/7/email`) are one failure.
  const fail = (route, answer, where, message, schemaPath = '', instancePath = '') => {
    const anyIndex = instancePath.replace(/\/\d+(?=\/|$)/g, '/*');
    const generalised = instancePath ? message.replace(instancePath, anyIndex) : message;
    const key = `${route} ${answer.status} ${answer.content_type}: ${generalised}${schemaPath ? `\n    schema ${schemaPath}` : ''}`;
    const at = anyIndex !== instancePath ? ` at ${instancePath}` : '';
    const entry = failures.get(key) ?? { count: 0, example: `${answer.method} ${answer.path}${at} (${where})` };
    entry.count += 1;
    failures.set(key, entry);
  };

  for (const file of files) {
    const lines = readFileSync(file, 'utf8').split('\n');
    lines.forEach((line, index) => {
      if (line.trim() === '') return;
      const where = `${basename(file)}:${index + 1}`;
      let answer;
      try {
        answer = JSON.parse(line);
      } catch (err) {
        fail('(log)', { status: '?', content_type: '?', method: '?', path: '?' }, where, `not JSON: ${err.message}`);
        return;
      }
      checked += 1;
      const found = locateSchema(spec, matchers, answer);
      if (found.failure) {
        fail(found.route, answer, where, found.failure);
        return;
      }
      if (found.empty) return;
      let body;
      try {
        body = JSON.parse(answer.body);
      } catch (err) {
        fail(found.route, answer, where, `the body is not JSON: ${err.message}`);
        return;
      }
      let validate = compiled.get(found.pointer);
      if (!validate) {
        validate = ajv.compile(found.schema ?? { $ref: `${SPEC_ID}${found.pointer}` });
        compiled.set(found.pointer, validate);
      }
      if (validate(body)) return;
      for (const error of validate.errors) {
        const extra =
          error.keyword === 'additionalProperties'
            ? ` (${error.params.additionalProperty})`
            : error.keyword === 'enum'
              ? ` (${JSON.stringify(error.params.allowedValues)})`
              : '';
        const parent = pointers.get(error.parentSchema);
        const schemaPath = parent ? `${parent}/${error.keyword}` : error.schemaPath;
        const instance = error.instancePath || '(body)';
        fail(found.route, answer, where, `${instance} ${error.message}${extra}`, schemaPath, error.instancePath);
      }
    });
  }
  return { failures, checked };
}

function main(argv) {
  if (argv.length < 2) {
    console.error('usage: node validate.mjs <path-to-openapi.yaml> <responses.jsonl>...');
    return 2;
  }
  const [specPath, ...files] = argv.map((p) => resolve(p));
  const missing = [specPath, ...files].filter((f) => !existsSync(f));
  if (missing.length > 0) {
    for (const f of missing) console.error(`validate: no such file: ${f} (did its API test run?)`);
    return 1;
  }
  const spec = parse(readFileSync(specPath, 'utf8'));
  const { failures, checked } = validateAnswers(spec, files);
  for (const [key, { count, example }] of [...failures.entries()].sort(([a], [b]) => a.localeCompare(b))) {
    console.error(`${key}\n    seen ${count} time${count === 1 ? '' : 's'}, e.g. ${example}`);
  }
  if (checked === 0) console.error('validate: no answers recorded; is BROBYGGER_TEST_RESPONSES set for the API tests?');
  const ok = failures.size === 0 && checked > 0;
  console.log(
    `validate: ${checked} answers from ${files.length} file(s) against ${basename(specPath)}: ` +
      (ok ? 'all valid' : `${failures.size} distinct failure(s)`),
  );
  return ok ? 0 : 1;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = main(process.argv.slice(2));
}
