import type { Severity } from '../engine/types';

// Severity vocabulary shared by the CLI's options and its reports.

export const SEVERITIES: readonly Severity[] = ['error', 'warning', 'info', 'hint'];

/** Levels a rule can be set to from the command line (`--rule id=level`). */
export type RuleLevel = Severity | 'off';
export const RULE_LEVELS: readonly RuleLevel[] = ['off', ...SEVERITIES];

/** Threshold for a failing exit code; `none` never fails. */
export type FailOn = Severity | 'none';
export const FAIL_ON_LEVELS: readonly FailOn[] = [...SEVERITIES, 'none'];

const RANK: Record<Severity, number> = { error: 3, warning: 2, info: 1, hint: 0 };

/** Does a finding of `severity` fail a run with threshold `failOn`? */
export function fails(severity: Severity, failOn: FailOn): boolean {
  return failOn !== 'none' && RANK[severity] >= RANK[failOn];
}

export function isSeverity(s: string): s is Severity {
  return (SEVERITIES as readonly string[]).includes(s);
}
