import { parseArgs } from 'node:util';
import { RULES } from '../../../rules';
import { FAIL_ON_LEVELS, RULE_LEVELS, type FailOn, type RuleLevel } from './severity';

export type OutputFormat = 'text' | 'json' | 'sarif';
const FORMATS: readonly OutputFormat[] = ['text', 'json', 'sarif'];
export type DiffFormat = 'text' | 'json' | 'markdown';
const DIFF_FORMATS: readonly DiffFormat[] = ['text', 'json', 'markdown'];

export interface CheckOptions {
  paths: string[];
  format: OutputFormat;
  failOn: FailOn;
  ruleSeverity: Record<string, RuleLevel>;
  /** Report only the findings that fail the run. */
  quiet: boolean;
  /** Forward the engine's log (parse errors, failing dialects) to stderr. */
  verbose: boolean;
  /** Apply the safe fixes to the files first (`--fix`), or only say what they would change (`--fix-dry-run`). */
  fix?: 'write' | 'dry-run';
  /** Fail when the workspace's monthly estimate passes this (USD); wins over `.mlcost.yaml` budget.monthly. */
  maxMonthly?: number;
}

export interface DiffCommandOptions {
  base: string;
  head?: string;
  paths: string[];
  format: DiffFormat;
  /** Fail when the head's monthly estimate passes this (USD). */
  maxMonthly?: number;
  /** Fail when the monthly estimate grows by more than this (USD). */
  maxIncrease?: number;
  verbose: boolean;
}

export type Command =
  | { kind: 'help' }
  | { kind: 'version' }
  | { kind: 'rules'; format: OutputFormat }
  | { kind: 'check'; options: CheckOptions }
  | { kind: 'diff'; options: DiffCommandOptions }
  | { kind: 'init'; force: boolean };

/** A mistake on the command line: exit code 2, message on stderr. */
export class UsageError extends Error {}

const OPTIONS = {
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean', short: 'v' },
  format: { type: 'string', short: 'f' },
  'fail-on': { type: 'string' },
  rule: { type: 'string', multiple: true },
  quiet: { type: 'boolean', short: 'q' },
  verbose: { type: 'boolean' },
  fix: { type: 'boolean' },
  'fix-dry-run': { type: 'boolean' },
  base: { type: 'string' },
  head: { type: 'string' },
  'max-monthly': { type: 'string' },
  'max-increase': { type: 'string' },
  force: { type: 'boolean' },
} as const;

/** Parses argv (without `node` and the script); throws UsageError on anything it does not know. */
export function parseCommand(argv: string[]): Command {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
  } catch (e) {
    // node:util reports unknown options and missing values with a readable message.
    throw new UsageError((e as Error).message);
  }
  const { values, positionals } = parsed;
  if (values.help) return { kind: 'help' };
  if (values.version) return { kind: 'version' };
  const [verb, ...rest] = positionals;
  const only = (options: (keyof typeof OPTIONS)[], command: string) => {
    for (const o of options) if (values[o] !== undefined) throw new UsageError(`--${o} is not an option of '${command}'`);
  };
  if (verb === 'diff') {
    only(['fix', 'fix-dry-run', 'rule', 'fail-on', 'quiet', 'force'], 'diff');
    return {
      kind: 'diff',
      options: {
        base: values.base ?? 'HEAD',
        ...(values.head !== undefined && { head: values.head }),
        paths: rest,
        format: oneOf('--format', values.format ?? 'text', DIFF_FORMATS),
        ...(values['max-monthly'] !== undefined && { maxMonthly: usdAmount('--max-monthly', values['max-monthly']) }),
        ...(values['max-increase'] !== undefined && { maxIncrease: usdAmount('--max-increase', values['max-increase']) }),
        verbose: values.verbose ?? false,
      },
    };
  }
  if (verb === 'init') {
    if (rest.length) throw new UsageError(`'init' takes no arguments (got ${rest.join(' ')})`);
    return { kind: 'init', force: values.force ?? false };
  }
  only(['base', 'head', 'max-increase', 'force'], verb ?? 'check');
  const format = oneOf('--format', values.format ?? 'text', FORMATS);
  switch (verb) {
    case undefined:
      throw new UsageError('missing command: expected `check`, `diff`, `init` or `rules`');
    case 'help':
      return { kind: 'help' };
    case 'rules':
      if (rest.length) throw new UsageError(`'rules' takes no arguments (got ${rest.join(' ')})`);
      if (format === 'sarif') throw new UsageError("'rules' prints text or json");
      return { kind: 'rules', format };
    case 'check':
      return {
        kind: 'check',
        options: {
          paths: rest.length ? rest : ['.'],
          format,
          failOn: oneOf('--fail-on', values['fail-on'] ?? 'warning', FAIL_ON_LEVELS),
          ruleSeverity: parseRuleLevels(values.rule ?? []),
          quiet: values.quiet ?? false,
          verbose: values.verbose ?? false,
          ...(values.fix ? { fix: 'write' as const } : values['fix-dry-run'] ? { fix: 'dry-run' as const } : {}),
          ...(values['max-monthly'] !== undefined && { maxMonthly: usdAmount('--max-monthly', values['max-monthly']) }),
        },
      };
    default:
      throw new UsageError(`unknown command '${verb}': expected \`check\`, \`diff\`, \`init\` or \`rules\``);
  }
}

/** `5000`, `5,000`, `$5000`: a non-negative amount of USD. */
function usdAmount(option: string, raw: string): number {
  const n = Number(raw.replace(/^\$/, '').replace(/,/g, ''));
  if (!raw.trim() || !Number.isFinite(n) || n < 0) throw new UsageError(`${option} expects an amount in USD (got '${raw}')`);
  return n;
}

function oneOf<T extends string>(option: string, value: string, allowed: readonly T[]): T {
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw new UsageError(`${option} must be one of ${allowed.join('|')} (got '${value}')`);
}

/** `--rule id=level`, repeatable. An unknown id is an error: a typo must not silently do nothing. */
function parseRuleLevels(specs: string[]): Record<string, RuleLevel> {
  const known = new Set(RULES.map((r) => r.id));
  const out: Record<string, RuleLevel> = {};
  for (const spec of specs) {
    const m = /^([^=\s]+)=([^=\s]+)$/.exec(spec.trim());
    if (!m) throw new UsageError(`--rule expects id=level (got '${spec}')`);
    const [, id, level] = m;
    if (!known.has(id)) throw new UsageError(`--rule: unknown rule '${id}' (see \`mlcost rules\`)`);
    out[id] = oneOf(`--rule ${id}`, level, RULE_LEVELS);
  }
  return out;
}
