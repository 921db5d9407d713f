#!/usr/bin/env node
// Writes a kgls workspace as the knowledge base a person without kgls would keep: YAML
// files and a JSON Schema, for the benchmark's peer, Red Hat's yaml-language-server.
//
//   node convert.js --export EXPORT.json --out DIR [--schema FILE]
//                   [--manifest KG_MANIFEST --yaml-manifest FILE]
//
// EXPORT.json is `kgls export --format json` of the workspace: the entities and edges as
// kgls's own parser and model read them (no second parser of `.kg` here). The YAML is
// written with the `yaml` package (installed beside this script by `npm ci`).
//
// - One YAML file per `.kg` file (same path, `.yaml`), in DIR: a list of the file's
//   entities in their order, each a mapping: `id`, `kind`, the fields as written (title,
//   status, year, tags, aliases, summary, then any other), then one key per relation with
//   the list of its targets in their order (a target with a note is `{target, note}`).
//   The schema's entities (kinds `kind` and `relation`) go to the JSON Schema, not to YAML.
// - --schema FILE: a JSON Schema (draft-07) of such a file, from the workspace's `kind` and
//   `relation` entities: `kind` an enum of the declared kinds, each kind's `required`
//   fields, one property per relation (an edge list, described by the relation's inverse),
//   `status` an enum of the statuses the entities use, `year` an integer, `tags` and
//   `aliases` lists of strings, nothing else allowed (a misspelt relation is an error, as
//   kgls warns on an undeclared relation). What a schema cannot say (a target must exist,
//   IDs are unique, the target's kind) it leaves out: that is what the benchmark compares.
// - --manifest / --yaml-manifest: kgls-bench-gen's manifest translated for the YAML files
//   (the driver reads either): the files, positions on every entity's `id` value and on
//   every resolved edge target of the files the manifest samples (found by parsing the
//   written YAML, so they are exact), and the didChange edit moved to the same edge.
'use strict';

const fs = require('fs');
const path = require('path');
const YAML = require('yaml');

function fail(message) {
  process.stderr.write(`convert.js: ${message}\n`);
  process.exit(1);
}

function parseArgs(argv) {
  const args = {};
  for (let i = 0; i < argv.length; i += 2) {
    const key = argv[i];
    if (!['--export', '--out', '--schema', '--manifest', '--yaml-manifest'].includes(key)) {
      fail(`unknown option '${key}'`);
    }
    if (i + 1 >= argv.length) fail(`${key} needs a value`);
    args[key.slice(2)] = argv[i + 1];
  }
  if (!args.export || !args.out) {
    fail('usage: node convert.js --export EXPORT.json --out DIR [--schema FILE] ' +
         '[--manifest KG_MANIFEST --yaml-manifest FILE]');
  }
  if (!!args.manifest !== !!args['yaml-manifest']) fail('--manifest and --yaml-manifest go together');
  return args;
}

const SCHEMA_KINDS = new Set(['kind', 'relation']);
// The fields kgls gives a meaning, in the order the generator writes them; others follow.
const FIELD_ORDER = ['title', 'status', 'year', 'tags', 'aliases', 'summary'];

const yamlPath = (kgPath) => kgPath.replace(/\.kg$/, '.yaml');
const asList = (v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

// The entities of each file, in order, as plain objects for the YAML writer.
function buildFiles(exported) {
  const edgesBySource = new Map();
  for (const edge of exported.edges) {
    if (!edgesBySource.has(edge.source)) edgesBySource.set(edge.source, []);
    edgesBySource.get(edge.source).push(edge);
  }
  const files = new Map();  // kg path -> [{entity, object}]
  const sorted = exported.entities.filter((e) => !SCHEMA_KINDS.has(e.kind))
    .sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line));
  for (const e of sorted) {
    const object = { id: e.id, kind: e.kind };
    const fields = { ...e.fields };
    if (e.aliases.length) fields.aliases = e.aliases;
    for (const key of FIELD_ORDER) if (key in fields) object[key] = fields[key];
    for (const key of Object.keys(fields).sort()) if (!(key in object)) object[key] = fields[key];
    const edges = (edgesBySource.get(e.id) || []).filter((d) => d.file === e.file)
      .sort((a, b) => a.line - b.line);
    for (const d of edges) {
      if (d.relation in object && !Array.isArray(object[d.relation])) {
        fail(`${e.file}:${e.line}: '${e.id}' has a field and a relation both called '${d.relation}'`);
      }
      if (!object[d.relation]) object[d.relation] = [];
      object[d.relation].push(d.note ? { target: d.target, note: d.note } : d.target);
    }
    if (!files.has(e.file)) files.set(e.file, []);
    files.get(e.file).push({ entity: e, object, edges });
  }
  return files;
}

function buildSchema(exported) {
  const kinds = exported.entities.filter((e) => e.kind === 'kind');
  const relations = exported.entities.filter((e) => e.kind === 'relation');
  const data = exported.entities.filter((e) => !SCHEMA_KINDS.has(e.kind));
  const statuses = [...new Set(data.map((e) => e.fields.status).filter((s) => typeof s === 'string'))].sort();
  const kindNames = kinds.length ? kinds.map((k) => k.id) : [...new Set(data.map((e) => e.kind))].sort();
  const relationNames = relations.length ? relations.map((r) => r.id)
    : [...new Set(exported.edges.map((d) => d.relation))].sort();

  const properties = {
    id: { $ref: '#/definitions/id', description: 'The entity\'s ID: unique in the knowledge base; edges name it.' },
    kind: { enum: kindNames, description: 'What the entity is.' },
    title: { type: 'string', description: 'The display name.' },
    status: statuses.length ? { enum: statuses, description: 'The entity\'s status.' }
      : { type: 'string', description: 'The entity\'s status.' },
    year: { type: 'integer' },
    tags: { type: 'array', items: { type: 'string' } },
    aliases: { type: 'array', items: { type: 'string' }, description: 'Other names for the same thing.' },
    summary: { type: 'string', description: 'A paragraph.' },
  };
  for (const name of relationNames) {
    const r = relations.find((x) => x.id === name);
    const inverse = r && typeof r.fields.inverse === 'string' ? ` (inverse: ${r.fields.inverse})` : '';
    const to = r ? asList(r.fields.to) : [];
    properties[name] = {
      type: 'array',
      items: { $ref: '#/definitions/target' },
      description: `Edges \`${name}\`${inverse}: the IDs of their targets` +
        (to.length ? `, entities of kind ${to.join(', ')}.` : '.'),
    };
  }
  const rules = [];
  for (const k of kinds) {
    const required = asList(k.fields.required);
    if (required.length) rules.push({ if: { properties: { kind: { const: k.id } } }, then: { required } });
  }
  for (const r of relations) {
    const from = asList(r.fields.from);
    if (from.length && kindNames.some((k) => !from.includes(k))) {
      rules.push({ if: { properties: { kind: { not: { enum: from } } } }, then: { not: { required: [r.id] } } });
    }
  }
  const entity = { type: 'object', required: ['id', 'kind'], properties, additionalProperties: false };
  if (rules.length) entity.allOf = rules;
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    title: 'Knowledge-base entities',
    description: 'A file of entities: written by tests/bench/peer/convert.js from a kgls workspace and its schema.',
    type: 'array',
    items: { $ref: '#/definitions/entity' },
    definitions: {
      id: { type: 'string', pattern: '^[\\p{L}\\p{N}_][\\p{L}\\p{N}_.-]*$' },
      target: {
        anyOf: [
          { $ref: '#/definitions/id' },
          {
            type: 'object',
            required: ['target'],
            properties: { target: { $ref: '#/definitions/id' }, note: { type: 'string' } },
            additionalProperties: false,
          },
        ],
      },
      entity,
    },
  };
}

// Zero-based LSP position (UTF-16 units, as JS strings count) of an offset.
function position(lineCounter, offset) {
  const p = lineCounter.linePos(offset);
  return { line: p.line - 1, character: p.col - 1 };
}

// Where each entity's ID and each edge target is in the written text (`relations`: the
// keys that hold edges, as opposed to fields such as `tags`).
function locate(text, relations) {
  const lineCounter = new YAML.LineCounter();
  const doc = YAML.parseDocument(text, { lineCounter });
  if (doc.errors.length) fail(`the written YAML does not parse: ${doc.errors[0].message}`);
  const out = [];  // Per entity: {id: {start, end}, targets: [{relation, target, start, end}]}
  for (const item of doc.contents.items) {
    const entry = { targets: [] };
    for (const pair of item.items) {
      const key = pair.key.value;
      if (key === 'id') entry.id = { start: position(lineCounter, pair.value.range[0]), end: position(lineCounter, pair.value.range[1]) };
      if (!relations.has(key) || !YAML.isSeq(pair.value)) continue;
      for (const t of pair.value.items) {
        const scalar = YAML.isMap(t) ? t.get('target', true) : t;
        if (!YAML.isScalar(scalar) || !scalar.range) continue;
        entry.targets.push({ relation: key, target: String(scalar.value),
                             start: position(lineCounter, scalar.range[0]), end: position(lineCounter, scalar.range[1]) });
      }
    }
    out.push(entry);
  }
  return out;
}

function main() {
  const args = parseArgs(process.argv.slice(2));
  let exported;
  try {
    exported = JSON.parse(fs.readFileSync(args.export, 'utf8'));
  } catch (e) {
    fail(`cannot read ${args.export}: ${e.message}`);
  }
  const files = buildFiles(exported);
  const defined = new Set(exported.entities.map((e) => e.id));
  const kg = args.manifest ? JSON.parse(fs.readFileSync(args.manifest, 'utf8')) : null;
  const sampled = new Set(kg ? kg.positions.map((p) => p.file) : []);

  const written = [];
  const positions = [];
  let flip = null;
  let bytes = 0;
  let edgeCount = 0;
  for (const [kgPath, entities] of files) {
    const rel = yamlPath(kgPath);
    const text = new YAML.Document(entities.map((e) => e.object)).toString({ lineWidth: 0 });
    const target = path.join(args.out, rel);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, text);
    bytes += Buffer.byteLength(text);
    written.push({ path: rel, entities: entities.length, kg: kgPath });
    for (const e of entities) edgeCount += e.edges.length;
    if (!kg || (!sampled.has(kgPath) && kg.flip.file !== kgPath)) continue;

    const located = locate(text, new Set(exported.edges.map((d) => d.relation)));
    entities.forEach((e, i) => {
      const at = located[i];
      if (sampled.has(kgPath)) {
        positions.push({ file: rel, line: at.id.start.line, on: 'id', id: e.entity.id,
                         character: at.id.start.character + Math.floor(e.entity.id.length / 2) });
        for (const t of at.targets) {
          if (!defined.has(t.target)) continue;  // As the generator, only resolved targets.
          positions.push({ file: rel, line: t.start.line, on: 'target', id: t.target,
                           character: t.start.character + Math.floor(t.target.length / 2),
                           prefix_end: t.start.character + Math.min(t.target.length, 6) });
        }
      }
      // The edit types at the end of the same edge's target (its line in the .kg file).
      if (kgPath === kg.flip.file) {
        const edge = e.edges.find((d) => d.line === kg.flip.line + 1 && d.target === kg.flip.target);
        if (edge) {
          const t = at.targets.find((x) => x.relation === edge.relation && x.target === edge.target);
          flip = { file: rel, line: t.end.line, character: t.end.character, target: edge.target };
        }
      }
    });
  }

  if (args.schema) {
    fs.mkdirSync(path.dirname(args.schema), { recursive: true });
    fs.writeFileSync(args.schema, JSON.stringify(buildSchema(exported), null, 2) + '\n');
  }
  if (kg) {
    if (!flip) fail(`the manifest's edited edge (${kg.flip.file}:${kg.flip.line + 1}) is not in the export`);
    const byKg = new Map(written.map((w) => [w.kg, w.path]));
    const manifest = {
      seed: kg.seed,
      entities: written.reduce((n, w) => n + w.entities, 0),
      edges: edgeCount,
      bytes,
      files: written.map((w) => ({ path: w.path, entities: w.entities })),
      big_file: byKg.get(kg.big_file),
      // A schema checks each file alone: no file has a problem of the kind kgls plants.
      unresolved_files: [],
      duplicates: [],
      positions,
      flip,
    };
    fs.writeFileSync(args['yaml-manifest'], JSON.stringify(manifest, null, 1) + '\n');
  }
  process.stdout.write(`${written.length} YAML files, ${(bytes / 1e6).toFixed(1)} MB -> ${args.out}\n`);
}

main();
