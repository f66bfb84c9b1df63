// Fixes for Terraform resources, as minimal insertions into the .tf text: a `tags`/`labels` map
// before the block's closing brace, a lifecycle block or resource, an idle-shutdown setting.
import { tagPlaceholder } from '../../edit/tagPlaceholders';
import type { HclBlock } from '../../formats/hcl';
import type { LineIndex } from '../../formats/lineIndex';
import type { Fix, JobEditor, TextEdit } from '../../types';

export interface TerraformEditTarget {
  block: HclBlock;
  lines: LineIndex;
  text: string;
  /** `tags` (AWS, Azure) or `labels` (GCP). */
  tagsAttribute?: 'tags' | 'labels';
  /** Inserts that add a lifecycle rule to this bucket, when this provider has one. */
  lifecycle?: (toColdDays: number) => Fix | undefined;
  idleShutdown?: (idleMinutes: number) => Fix | undefined;
  autoscaling?: (range: { min: number; max: number }) => Fix | undefined;
}

const INDENT = '  ';

/** Inserts `body` lines just before the block's closing brace, indented one level inside it. */
export function insertInBlock(t: { block: HclBlock; lines: LineIndex; text: string }, body: string[]): TextEdit {
  const inner = t.block.indent + INDENT;
  const close = t.lines.position(t.block.closeOffset);
  const lineStart = t.lines.offset({ line: close.line, character: 0 });
  const beforeClose = t.text.slice(lineStart, t.block.closeOffset);
  const text = body.map((l) => `${inner}${l}\n`).join('');
  if (/^\s*$/.test(beforeClose)) {
    // The brace is alone on its line: new lines go before that line.
    const at = t.lines.position(lineStart);
    return { range: { start: at, end: at }, newText: text };
  }
  return { range: { start: close, end: close }, newText: `\n${text}${t.block.indent}` };
}

/** Text appended after the block (a new resource that points at it). */
export function appendAfterBlock(t: { block: HclBlock; lines: LineIndex; text: string }, lines: string[]): TextEdit {
  const end = t.block.range.end;
  return { range: { start: end, end }, newText: `\n\n${lines.map((l) => (l ? t.block.indent + l : l)).join('\n')}` };
}


export function terraformEditor(t: TerraformEditTarget): JobEditor {
  return {
    addTags(keys) {
      const attr = t.tagsAttribute;
      if (!attr || t.block.attributes.some((a) => a.name === attr)) return undefined;
      const body = [`${attr} = {`, ...keys.map((k, i) => `${INDENT}${k} = "${tagPlaceholder(k, i + 1)}"`), '}'];
      return { title: `Add cost-attribution ${attr} (${keys.join(', ')})`, edits: [insertInBlock(t, body)], safe: false, snippet: true };
    },
    addLifecycle: t.lifecycle,
    addIdleShutdown: t.idleShutdown,
    addAutoscaling: t.autoscaling,
  };
}
