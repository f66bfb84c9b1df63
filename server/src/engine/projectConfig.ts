import * as path from 'path';
import { minimatch } from 'minimatch';
import { parse as parseYamlValue } from 'yaml';
import type { FileAccess, Severity } from './types';

/**
 * `.mlcost.yaml`, found in the analysed file's folder or the nearest parent inside the workspace.
 * It is how plain JSON files (which cannot hold comments) suppress rules, and how a team shares
 * severities with its CI:
 *
 *   rules:
 *     fp32-training: error          # off | hint | info | warning | error
 *   ignore:
 *     - paths: ["configs/ds_*.json"] # globs relative to this file's folder
 *       rules: [fp32-training]       # omit for every rule
 */
export interface ProjectConfig {
  /** Folder holding the `.mlcost.yaml`. */
  dir: string;
  ruleSeverity: Record<string, Severity | 'off'>;
  ignore: { paths: string[]; rules?: string[] }[];
  /** The `pricing:` section as written; projectPricing.ts validates it. */
  pricing?: unknown;
  /** `budget: {monthly: 5000, runsPerMonthDefault: 1}`: the CI budget gate (`mlcost check`/`diff`). */
  budget?: { monthly?: number; runsPerMonthDefault?: number };
  problems: string[];
}

export const PROJECT_CONFIG_FILE = '.mlcost.yaml';
const LEVELS = new Set(['off', 'hint', 'info', 'warning', 'error']);
const MAX_DEPTH = 12;

export function findProjectConfig(filePath: string, files: FileAccess): ProjectConfig | undefined {
  let ref = PROJECT_CONFIG_FILE;
  for (let depth = 0; depth < MAX_DEPTH; depth++) {
    const hit = files.read(ref, filePath);
    if (hit) return parseProjectConfig(hit.text, path.dirname(hit.path));
    ref = `../${ref}`;
  }
  return undefined;
}

/** Untrusted input: wrong shapes are reported in `problems` and ignored, never thrown. */
export function parseProjectConfig(text: string, dir: string): ProjectConfig {
  const cfg: ProjectConfig = { dir, ruleSeverity: {}, ignore: [], problems: [] };
  let raw: unknown;
  try {
    raw = parseYamlValue(text, { maxAliasCount: 100 });
  } catch (e) {
    cfg.problems.push(`${PROJECT_CONFIG_FILE}: not valid YAML (${(e as Error).message.split('\n')[0]})`);
    return cfg;
  }
  if (raw === null || raw === undefined) return cfg;
  if (typeof raw !== 'object' || Array.isArray(raw)) {
    cfg.problems.push(`${PROJECT_CONFIG_FILE}: expected a mapping with 'rules' and/or 'ignore'`);
    return cfg;
  }
  const obj = raw as Record<string, unknown>;
  if (obj.pricing !== undefined) cfg.pricing = obj.pricing;
  if (obj.budget !== undefined) cfg.budget = parseBudget(obj.budget, cfg.problems);
  const rules = obj.rules;
  if (rules && typeof rules === 'object' && !Array.isArray(rules)) {
    for (const [id, level] of Object.entries(rules as Record<string, unknown>)) {
      if (typeof level === 'string' && LEVELS.has(level)) cfg.ruleSeverity[id] = level as Severity | 'off';
      else cfg.problems.push(`${PROJECT_CONFIG_FILE}: rules.${id} must be one of off|hint|info|warning|error`);
    }
  } else if (rules !== undefined) cfg.problems.push(`${PROJECT_CONFIG_FILE}: 'rules' must be a mapping of rule id to level`);
  const ignore = obj.ignore;
  if (Array.isArray(ignore)) {
    for (const entry of ignore.slice(0, 500)) {
      const e = entry as Record<string, unknown> | null;
      const paths = typeof e?.paths === 'string' ? [e.paths] : e?.paths;
      if (!Array.isArray(paths) || !paths.every((p) => typeof p === 'string')) {
        cfg.problems.push(`${PROJECT_CONFIG_FILE}: each ignore entry needs 'paths' (a glob or a list of globs)`);
        continue;
      }
      const r = e?.rules;
      if (r !== undefined && !(Array.isArray(r) && r.every((x) => typeof x === 'string'))) {
        cfg.problems.push(`${PROJECT_CONFIG_FILE}: ignore 'rules' must be a list of rule ids`);
        continue;
      }
      cfg.ignore.push({ paths: paths as string[], rules: r as string[] | undefined });
    }
  } else if (ignore !== undefined) cfg.problems.push(`${PROJECT_CONFIG_FILE}: 'ignore' must be a list`);
  return cfg;
}

function parseBudget(raw: unknown, problems: string[]): ProjectConfig['budget'] {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) {
    problems.push(`${PROJECT_CONFIG_FILE}: 'budget' must be a mapping (monthly: 5000)`);
    return undefined;
  }
  const out: NonNullable<ProjectConfig['budget']> = {};
  for (const [key, value] of Object.entries(raw as Record<string, unknown>)) {
    if (key !== 'monthly' && key !== 'runsPerMonthDefault') {
      problems.push(`${PROJECT_CONFIG_FILE}: budget.${key} is not a budget setting (monthly, runsPerMonthDefault)`);
      continue;
    }
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
      problems.push(`${PROJECT_CONFIG_FILE}: budget.${key} must be a non-negative number`);
      continue;
    }
    out[key] = value;
  }
  return out;
}

/** Is `rule` ignored for `filePath` by this config? */
export function configIgnores(cfg: ProjectConfig, filePath: string, rule: string): boolean {
  const rel = path.relative(cfg.dir, filePath).split(path.sep).join('/');
  if (rel.startsWith('..')) return false;
  return cfg.ignore.some((e) => (!e.rules || e.rules.includes(rule)) && e.paths.some((g) => minimatch(rel, g, { dot: true, matchBase: !g.includes('/') })));
}
