import type { Diagnostic } from 'vscode-languageserver/node';
import type { AnalysisResult } from '../engine/analyze';

// What ties a diagnostic (and a code action) back to the analysis that produced it, so code
// actions answer from that analysis instead of running a second one (as Ruff carries its fixes).

/** Diagnostic.data of every mlcost finding. */
export interface FindingRef {
  rule: string;
  /** Index in that analysis' findings. */
  index: number;
  /** Document version the analysis read. */
  version: number;
}

/** CodeAction.data of a fix whose edit is computed on codeAction/resolve. */
export interface FixActionRef extends FindingRef {
  uri: string;
  /** Index in the finding's fixes. */
  fix: number;
}

/** The latest analysis of a document (the server keeps one per open document). */
export interface StoredAnalysis {
  version: number;
  result: AnalysisResult;
}

export interface AnalysisSource {
  get(uri: string): StoredAnalysis | undefined;
  /** The analysis of `version` (waiting briefly for it), else the latest one. */
  at(uri: string, version: number): Promise<StoredAnalysis | undefined>;
}

export function withFindingRef(d: Diagnostic, ref: FindingRef): Diagnostic {
  return { ...d, data: ref };
}

export function findingRefOf(d: Diagnostic): FindingRef | undefined {
  const data = d.data as Partial<FindingRef> | null | undefined;
  if (d.source !== 'mlcost' || !data || typeof data !== 'object') return undefined;
  if (typeof data.rule !== 'string' || !Number.isInteger(data.index) || !Number.isInteger(data.version)) return undefined;
  return { rule: data.rule, index: data.index as number, version: data.version as number };
}

export function fixActionRefOf(data: unknown): FixActionRef | undefined {
  const d = data as Partial<FixActionRef> | null | undefined;
  if (!d || typeof d !== 'object' || typeof d.uri !== 'string' || typeof d.rule !== 'string') return undefined;
  if (!Number.isInteger(d.index) || !Number.isInteger(d.version) || !Number.isInteger(d.fix)) return undefined;
  return { uri: d.uri, rule: d.rule, index: d.index as number, version: d.version as number, fix: d.fix as number };
}
