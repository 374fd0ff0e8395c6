#!/usr/bin/env node
// Keeps docs/openapi.yaml true to the server.
//
//   node check.mjs <path-to-openapi.yaml> <routes-file>
//
// <routes-file> holds the server's routes, one per line as `brobygger routes` prints them:
//   GET /api/v1/organisations/{id}
// Blank lines and lines starting with `#` are skipped; HEAD lines are ignored (every GET answers
// HEAD, and the spec does not list HEAD). Path parameters are compared by position only: every
// `{name}` (also `<name>` and `:name`) segment is normalised to `{}`, so the server and the spec may
// name them differently.
//
// Step 1 compares the routes both ways and lists every difference. Step 2 runs `redocly lint` with
// redocly.yaml beside this file (rules and ignore file live there). With a third argument, the output
// of `brobygger routes --policy --json`, step 3 checks that every operation's `x-policy` names the
// row of the domain's policy table its route serves (who may call it is decided there, not in prose).
// Exit 0 when all pass, 1 when one fails, 2 on a usage error.

import { readFileSync, existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

const here = dirname(fileURLToPath(import.meta.url));
const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

function usage(message) {
  if (message) console.error(`check.mjs: ${message}`);
  console.error('usage: node check.mjs <path-to-openapi.yaml> <routes-file> [<policy-json>]');
  process.exit(2);
}

/** `/api/v1/x/{id}/y` and `/api/v1/x/:xid/y` both become `/api/v1/x/{}/y`. */
export function normalisePath(path) {
  let p = path
    .replace(/\{[^}/]*\}/g, '{}')
    .replace(/<[^>/]*>/g, '{}')
    .replace(/\/:[A-Za-z_][A-Za-z0-9_]*/g, '/{}');
  if (p.length > 1 && p.endsWith('/')) p = p.slice(0, -1);
  return p;
}

/** Reads `METHOD /path` lines; returns {routes: Map(key -> original line), problems: [...]}. */
export function readRoutes(text, origin) {
  const routes = new Map();
  const problems = [];
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    const parts = line.split(/\s+/);
    const method = parts[0].toUpperCase();
    const path = parts[1];
    if (parts.length !== 2 || !HTTP_METHODS.includes(method.toLowerCase()) || !path.startsWith('/')) {
      problems.push(`${origin}:${index + 1}: not a route line: ${JSON.stringify(raw)}`);
      return;
    }
    if (method === 'HEAD') return;
    routes.set(`${method} ${normalisePath(path)}`, `${method} ${path}`);
  });
  return { routes, problems };
}

/** Collects the spec's operations; returns {routes, problems} like readRoutes. */
export function specRoutes(spec) {
  const routes = new Map();
  const problems = [];
  const paths = spec && typeof spec === 'object' ? spec.paths : undefined;
  if (!paths || typeof paths !== 'object') {
    problems.push('the spec has no `paths` object');
    return { routes, problems };
  }
  for (const [path, item] of Object.entries(paths)) {
    if (!item || typeof item !== 'object') continue;
    if (item.$ref) problems.push(`paths.${path}: a $ref path item is not supported by this check`);
    for (const method of HTTP_METHODS) {
      if (!(method in item)) continue;
      const line = `${method.toUpperCase()} ${path}`;
      if (method === 'head') {
        problems.push(`${line}: do not list HEAD; every GET answers HEAD`);
        continue;
      }
      const key = `${method.toUpperCase()} ${normalisePath(path)}`;
      if (routes.has(key)) problems.push(`${line}: same route as ${routes.get(key)}`);
      else routes.set(key, line);
    }
  }
  return { routes, problems };
}

function checkRoutes(specPath, routesPath) {
  let spec;
  try {
    spec = parse(readFileSync(specPath, 'utf8'));
  } catch (err) {
    console.error(`routes: cannot read ${specPath}: ${err.message}`);
    return false;
  }
  const server = readRoutes(readFileSync(routesPath, 'utf8'), routesPath);
  const documented = specRoutes(spec);
  const problems = [...server.problems, ...documented.problems];
  if (server.routes.size === 0) problems.push(`${routesPath}: no routes (is it the output of \`brobygger routes\`?)`);

  const byPath = (a, b) => a.split(' ')[1].localeCompare(b.split(' ')[1]) || a.localeCompare(b);
  const notInSpec = [...server.routes.keys()].filter((k) => !documented.routes.has(k)).sort(byPath);
  const notInServer = [...documented.routes.keys()].filter((k) => !server.routes.has(k)).sort(byPath);

  if (notInSpec.length > 0) {
    console.error(`routes: ${notInSpec.length} served but missing from ${specPath}:`);
    for (const k of notInSpec) console.error(`  + ${server.routes.get(k)}`);
  }
  if (notInServer.length > 0) {
    console.error(`routes: ${notInServer.length} in ${specPath} but not served (${routesPath}):`);
    for (const k of notInServer) console.error(`  - ${documented.routes.get(k)}`);
  }
  for (const p of problems) console.error(`routes: ${p}`);

  const ok = notInSpec.length === 0 && notInServer.length === 0 && problems.length === 0;
  if (ok) console.log(`routes: the spec and the server agree on ${server.routes.size} routes`);
  return ok;
}

/** Every operation's `x-policy` must be the action its route serves in the server's policy table. */
export function policyProblems(spec, policy) {
  const actionOf = new Map();
  for (const rule of policy.rules ?? [])
    for (const route of rule.routes ?? []) {
      const [method, path] = route.split(' ');
      actionOf.set(`${method} ${normalisePath(path)}`, rule.action);
    }
  const problems = [];
  for (const [path, item] of Object.entries(spec.paths ?? {})) {
    for (const method of HTTP_METHODS) {
      if (!item || !(method in item) || method === 'head') continue;
      const key = `${method.toUpperCase()} ${normalisePath(path)}`;
      const documented = item[method]['x-policy'];
      const served = actionOf.get(key);
      if (!served) continue; // a route the server lacks: step 1 reports it
      if (documented !== served)
        problems.push(`${method.toUpperCase()} ${path}: x-policy is ${JSON.stringify(documented)}, the server's policy table says ${served}`);
    }
  }
  return problems;
}

function checkPolicy(specPath, policyPath) {
  const spec = parse(readFileSync(specPath, 'utf8'));
  const problems = policyProblems(spec, JSON.parse(readFileSync(policyPath, 'utf8')));
  for (const p of problems) console.error(`policy: ${p}`);
  if (problems.length === 0) console.log('policy: every operation names its row of the policy table');
  return problems.length === 0;
}

function lint(specPath) {
  const redocly = join(here, 'node_modules', '.bin', process.platform === 'win32' ? 'redocly.cmd' : 'redocly');
  if (!existsSync(redocly)) {
    console.error(`lint: ${redocly} is missing; run \`npm ci\` in ${here}`);
    return false;
  }
  const result = spawnSync(
    redocly,
    ['lint', '--config', join(here, 'redocly.yaml'), '--format', 'stylish', specPath],
    {
      encoding: 'utf8',
      env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' },
    },
  );
  if (result.error) {
    console.error(`lint: cannot run redocly: ${result.error.message}`);
    return false;
  }
  // Drop the boxed banners (e.g. Redocly's Node 20 deprecation notice); keep everything else.
  const quiet = (text) =>
    (text || '')
      .split('\n')
      .filter((l) => !/[║╔╚═]/.test(l))
      .join('\n')
      .replace(/\n{3,}/g, '\n\n')
      .trim();
  const out = quiet(result.stdout);
  const err = quiet(result.stderr);
  if (out) console.log(out);
  if (err) console.error(err);
  const ok = result.status === 0;
  console.log(ok ? 'lint: no errors' : `lint: redocly failed (exit ${result.status ?? result.signal})`);
  return ok;
}

function main(argv) {
  if (argv.length !== 2 && argv.length !== 3) usage();
  const [specPath, routesPath, policyPath] = argv.map((p) => resolve(p));
  for (const [i, p] of [specPath, routesPath, policyPath].entries())
    if (p && !existsSync(p)) usage(`no such file: ${argv[i]}`);

  const results = [checkRoutes(specPath, routesPath), lint(specPath)];
  if (policyPath) results.push(checkPolicy(specPath, policyPath));
  const failed = results.filter((ok) => !ok).length;
  console.log(`openapi: ${results.length - failed} passed, ${failed} failed`);
  return failed === 0 ? 0 : 1;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = main(process.argv.slice(2));
}
