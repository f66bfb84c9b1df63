// The extension manifest, grammar and .vscodeignore agree with the code they describe.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { minimatch } from 'minimatch';
import { RULES } from '../../rules';
import { SOURCE_EXTENSIONS } from '../../server/src/engine/source';
import { repoRoot } from './lspSession';

interface Manifest {
  main: string;
  activationEvents: string[];
  engines: { vscode: string };
  capabilities: { untrustedWorkspaces: { supported: boolean | 'limited'; description?: string }; virtualWorkspaces: boolean };
  contributes: {
    commands: { command: string; title: string }[];
    configuration: { properties: Record<string, { type: string; properties?: Record<string, { enum?: string[] }>; additionalProperties?: { enum?: string[] } }> };
    grammars: { scopeName: string; path: string; injectTo: string[] }[];
  };
}

interface Grammar {
  scopeName: string;
  injectionSelector: string;
  repository: { directive: { match: string } };
}

const manifest = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as Manifest;
const LEVELS = ['off', 'hint', 'info', 'warning', 'error'];

describe('extension manifest', () => {
  it('is ready for the marketplace: icon, banner, categories, keywords, a walkthrough whose commands exist', () => {
    const m = manifest as Manifest & { icon?: string; galleryBanner?: { color: string }; categories: string[]; keywords?: string[]; contributes: { walkthroughs?: { steps: { description: string; completionEvents?: string[] }[] }[] } };
    assert.ok(m.icon && m.galleryBanner?.color && (m.keywords?.length ?? 0) >= 5);
    assert.ok(m.categories.includes('Linters') && m.categories.includes('Machine Learning'));
    const own = new Set(m.contributes.commands.map((c) => c.command));
    const steps = m.contributes.walkthroughs?.[0]?.steps ?? [];
    assert.ok(steps.length >= 3, 'a walkthrough with budget, pricing and first-estimate steps');
    for (const s of steps) {
      for (const [, cmd] of s.description.matchAll(/\(command:(mlcost\.[\w.]+)/g)) assert.ok(own.has(cmd), `walkthrough links ${cmd}, which is contributed`);
      for (const e of s.completionEvents ?? []) if (e.startsWith('onCommand:')) assert.ok(own.has(e.slice('onCommand:'.length)), e);
    }
  });

  it('gives SLURM batch scripts (.sbatch, .slurm) the shell language the client starts on, and the engine reads them', () => {
    const langs = (manifest.contributes as { languages?: { id: string; extensions?: string[] }[] }).languages ?? [];
    const shell = langs.find((l) => l.id === 'shellscript');
    assert.deepEqual(shell?.extensions, ['.sbatch', '.slurm']);
    assert.ok(manifest.activationEvents.includes('onLanguage:shellscript'));
    for (const ext of ['.sbatch', '.slurm']) assert.ok(SOURCE_EXTENSIONS.includes(ext), ext);
  });

  it('starts the bundled client on YAML, JSON, JSONC and Python', () => {
    assert.equal(manifest.main, './dist/extension.js');
    for (const lang of ['yaml', 'json', 'jsonc', 'python']) assert.ok(manifest.activationEvents.includes(`onLanguage:${lang}`), lang);
    assert.equal(manifest.engines.vscode, '^1.100.0', 'code-server 4.100.3 runs VS Code 1.100');
    assert.equal(manifest.capabilities.untrustedWorkspaces.supported, 'limited');
    assert.ok(manifest.capabilities.untrustedWorkspaces.description);
    assert.equal(manifest.capabilities.virtualWorkspaces, false);
  });

  it('contributes every command the client registers, and only those', () => {
    const source = fs.readFileSync(path.join(repoRoot, 'client', 'src', 'extension.ts'), 'utf8');
    const registered = [...source.matchAll(/registerCommand\('([^']+)'/g)].map((m) => m[1]).sort();
    assert.deepEqual(manifest.contributes.commands.map((c) => c.command).sort(), registered);
    for (const core of ['mlcost.restartServer', 'mlcost.showOutput']) assert.ok(registered.includes(core), core);
  });

  it('describes the settings the server reads, with a level enum for every rule', () => {
    const props = manifest.contributes.configuration.properties;
    for (const key of ['mlcost.enable', 'mlcost.rules', 'mlcost.debounceMs', 'mlcost.trace.server']) assert.ok(props[key], key);
    const rules = props['mlcost.rules'];
    assert.deepEqual(rules.additionalProperties?.enum, LEVELS);
    for (const rule of RULES) assert.deepEqual(rules.properties?.[rule.id]?.enum, LEVELS, `mlcost.rules lists ${rule.id}`);
  });
});

describe('suppression-comment grammar', () => {
  const contributed = manifest.contributes.grammars.find((g) => g.scopeName === 'mlcost.suppression.injection');
  const grammar = JSON.parse(fs.readFileSync(path.join(repoRoot, contributed?.path ?? 'missing'), 'utf8')) as Grammar;
  // The pattern is plain enough that Oniguruma and JS regexps read it alike.
  const directive = new RegExp(grammar.repository.directive.match);

  it('is contributed as an injection into YAML, Python and JSONC comments', () => {
    assert.ok(contributed);
    assert.equal(grammar.scopeName, contributed.scopeName);
    assert.equal(grammar.injectionSelector, 'L:comment');
    for (const scope of ['source.yaml', 'source.python', 'source.json.comments']) assert.ok(contributed.injectTo.includes(scope), scope);
  });

  it('matches ignore and ignore-file directives with their rule ids', () => {
    const a = directive.exec('bf16: false  # mlcost: ignore[fp32-training, csv-dataset]');
    assert.equal(a?.[3], 'ignore');
    assert.equal(a?.[5], 'fp32-training, csv-dataset');
    const b = directive.exec('// mlcost: ignore-file[no-checkpointing]');
    assert.equal(b?.[3], 'ignore-file');
    assert.equal(b?.[5], 'no-checkpointing');
    const c = directive.exec('# mlcost: ignore');
    assert.equal(c?.[3], 'ignore');
    assert.equal(c?.[5], undefined);
    assert.equal(directive.exec('# mlcost: ignored by the team'), null);
    assert.equal(directive.exec('# mlcost: hours=12'), null);
  });
});

describe('.vscodeignore', () => {
  // vsce's reading: patterns in order, the last one that matches decides, `!` puts a file back.
  const patterns = fs
    .readFileSync(path.join(repoRoot, '.vscodeignore'), 'utf8')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'));
  const packaged = (file: string): boolean => {
    let keep = true;
    for (const p of patterns) {
      const negated = p.startsWith('!');
      if (minimatch(file, negated ? p.slice(1) : p, { dot: true })) keep = negated;
    }
    return keep;
  };

  it('keeps the bundles, wasm, rule docs, grammar and readme', () => {
    for (const f of ['package.json', 'README.md', 'LICENSE', 'dist/extension.js', 'dist/server.js', 'dist/tree-sitter.wasm', 'dist/tree-sitter-python.wasm', 'rules/fp32-training.md', 'syntaxes/mlcost-suppression.tmLanguage.json']) {
      assert.ok(packaged(f), `${f} is packaged`);
    }
  });

  it('keeps the marketplace icon and every walkthrough page the manifest names, and they exist', () => {
    const m = manifest as Manifest & { icon: string; contributes: { walkthroughs: { steps: { media: { markdown?: string } }[] }[] } };
    const files = [m.icon, ...m.contributes.walkthroughs.flatMap((w) => w.steps.map((s) => s.media.markdown!))];
    assert.ok(files.length >= 4);
    for (const f of files) {
      assert.ok(fs.existsSync(path.join(repoRoot, f)), `${f} exists`);
      assert.ok(packaged(f), `${f} is packaged`);
    }
    const png = fs.readFileSync(path.join(repoRoot, m.icon));
    assert.equal(png.subarray(1, 4).toString(), 'PNG');
    assert.equal(png.readUInt32BE(16), 128, 'icon is 128 px wide');
  });

  it('leaves the CI and pre-commit integration out of the .vsix', () => {
    for (const f of ['action.yml', '.pre-commit-hooks.yaml', '.npmignore', 'CHANGELOG.md', 'scripts/action/pr-comment.mjs', 'media/../scripts/make-icon.mjs']) assert.equal(packaged(path.normalize(f)), false, f);
  });

  it('leaves sources, tests, build outputs and tooling out', () => {
    for (const f of ['server/src/server.ts', 'client/src/extension.ts', 'rules/fp32-training.ts', 'rules/index.ts', 'test/lsp/server.test.ts', 'test/fixtures/lsp/train_args.yaml', 'dist/server.js.map', 'node_modules/yaml/index.js', 'out/test/x.js', 'out-lsp/test/x.js', 'bench/RESULTS.md', 'examples/smelly/train.yaml', 'scripts/build.mjs', 'docs/architecture.md', 'tsconfig.json', 'mlcost.vsix']) {
      assert.equal(packaged(f), false, `${f} is left out`);
    }
  });
});
