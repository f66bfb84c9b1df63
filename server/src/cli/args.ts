import { parseArgs } from 'node:util';
import { RULES } from '../../../rules';
import { FAIL_ON_LEVELS, RULE_LEVELS, type FailOn, type RuleLevel } from './severity';

export type OutputFormat = 'text' | 'json' | 'sarif';
const FORMATS: readonly OutputFormat[] = ['text', 'json', 'sarif'];

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
  /** `--min-saving-usd 5`: findings saving less per run are hints (default: `.mlcost.yaml`, else $1). */
  minSavingUsd?: number;
}

export type Command =
  | { kind: 'help' }
  | { kind: 'version' }
  | { kind: 'rules'; format: OutputFormat }
  | { kind: 'check'; options: CheckOptions };

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
  'min-saving-usd': { type: 'string' },
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
  const format = oneOf('--format', values.format ?? 'text', FORMATS);
  switch (verb) {
    case undefined:
      throw new UsageError('missing command: expected `check` or `rules`');
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
          ...(values['min-saving-usd'] !== undefined && { minSavingUsd: usdAmount('--min-saving-usd', values['min-saving-usd']) }),
        },
      };
    default:
      throw new UsageError(`unknown command '${verb}': expected \`check\` or \`rules\``);
  }
}

function usdAmount(option: string, value: string): number {
  const n = Number(value.replace(/^\$/, ''));
  if (value.trim() !== '' && Number.isFinite(n) && n >= 0) return n;
  throw new UsageError(`${option} expects a number of USD, 0 or more (got '${value}')`);
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
