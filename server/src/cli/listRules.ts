import { RULES } from '../../../rules';
import type { OutputFormat } from './args';
import { ruleDocUri } from './toolInfo';

/** `mlcost rules`: every rule id with its default severity and title. */
export function listRules(format: Exclude<OutputFormat, 'sarif'>): string {
  if (format === 'json') {
    const rules = RULES.map((r) => ({ id: r.id, title: r.title, defaultSeverity: r.defaultSeverity, doc: ruleDocUri(r.id) }));
    return JSON.stringify({ rules }, null, 2) + '\n';
  }
  const width = Math.max(2, ...RULES.map((r) => r.id.length));
  return RULES.map((r) => `${r.id.padEnd(width)}  ${r.defaultSeverity.padEnd(7)}  ${r.title}\n`).join('');
}
