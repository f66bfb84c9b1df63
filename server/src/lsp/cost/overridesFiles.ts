// The negotiated-price file named by `mlcost.pricing.overridesFile`: resolved inside the document's
// workspace folder (a path that leaves it is refused with one log line), read with the text of an
// open editor winning over the disk, parsed by the engine, cached until it changes, and its
// problems published as diagnostics ON THAT FILE. A malformed file costs only its bad rows: the
// catalog answers for everything else.
import * as fs from 'fs';
import * as path from 'path';
import { pathToFileURL } from 'url';
import type { PriceOverride } from '../../engine/cost/estimateTypes';
import type { Range } from '../../engine/types';

export type ParseOverrides = (text: string, fileName: string) => { overrides: PriceOverride[]; problems: { range: Range; message: string }[] };

export interface OverridesProblem {
  range: Range;
  message: string;
}

/** Larger than any price sheet; a bigger file is refused rather than read into memory. */
const MAX_BYTES = 1024 * 1024;

interface Parsed {
  text: string;
  overrides: PriceOverride[];
  problems: OverridesProblem[];
}

export interface OverridesHost {
  /** Workspace folders as local paths. */
  folders(): readonly string[];
  /** Text of an open document at this path, if any. */
  openText(absPath: string): string | undefined;
  /** Problems of an overrides file changed (empty = clear them). */
  publish(uri: string, problems: OverridesProblem[]): void;
  /** A new overrides file was read: watch it for changes on disk. */
  watch(absPath: string, folder: string): void;
  log(message: string): void;
}

export class OverridesFiles {
  private readonly parsed = new Map<string, Parsed>();
  private readonly reported = new Set<string>();
  private readonly watched = new Set<string>();

  constructor(
    private readonly parse: ParseOverrides,
    private readonly host: OverridesHost,
  ) {}

  /** The overrides that apply to a document at `docPath` (undefined when none are configured or readable). */
  forDocument(docPath: string | undefined, setting: string | undefined): PriceOverride[] | undefined {
    if (!setting) return undefined;
    const file = this.resolve(docPath, setting);
    if (!file) return undefined;
    const text = this.read(file.abs, setting);
    if (text === undefined) return undefined;
    let hit = this.parsed.get(file.abs);
    if (!hit || hit.text !== text) {
      const before = hit?.problems ?? [];
      hit = this.parseSafely(text, file.abs);
      this.parsed.set(file.abs, hit);
      if (before.length || hit.problems.length) this.host.publish(pathToFileURL(file.abs).href, hit.problems);
    }
    if (!this.watched.has(file.abs)) {
      this.watched.add(file.abs);
      this.host.watch(file.abs, file.root);
    }
    return hit.overrides;
  }

  /** Is this path a configured overrides file we have read? Then documents priced by it must be re-analysed. */
  isOverridesFile(absPath: string | undefined): boolean {
    return !!absPath && this.parsed.has(absPath);
  }

  /** The file changed (edited, saved, changed on disk): read it again next time. */
  invalidate(absPath: string | undefined): void {
    if (absPath) this.parsed.delete(absPath);
  }

  /** Problems currently shown for this file (merged into any diagnostics published for it). */
  problemsFor(absPath: string | undefined): OverridesProblem[] {
    return (absPath && this.parsed.get(absPath)?.problems) || [];
  }

  /** Settings changed: paths may resolve differently, refusals may be reported again. */
  settingsChanged(): void {
    this.reported.clear();
  }

  private parseSafely(text: string, abs: string): Parsed {
    try {
      const r = this.parse(text, path.basename(abs));
      return { text, overrides: r.overrides, problems: r.problems };
    } catch (e) {
      const message = `mlcost: could not read price overrides: ${(e as Error)?.message ?? String(e)}`;
      return { text, overrides: [], problems: [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, message }] };
    }
  }

  /** Inside the workspace folder that holds the document (else the first folder), never outside it. */
  private resolve(docPath: string | undefined, setting: string): { abs: string; root: string } | undefined {
    const folders = this.host.folders();
    const root = folders.find((f) => docPath?.startsWith(f + path.sep)) ?? folders[0];
    if (!root) return this.refuse(`mlcost: mlcost.pricing.overridesFile ignored: there is no workspace folder to resolve '${setting}' in`);
    if (path.isAbsolute(setting)) return this.refuse(`mlcost: mlcost.pricing.overridesFile ignored: '${setting}' must be relative to the workspace folder`);
    const abs = path.resolve(root, setting);
    if (!inside(root, abs)) return this.refuse(`mlcost: mlcost.pricing.overridesFile ignored: '${setting}' is outside the workspace folder ${root}`);
    // A symlink inside the folder may still point outside it.
    try {
      if (!inside(fs.realpathSync(root), fs.realpathSync(abs))) return this.refuse(`mlcost: mlcost.pricing.overridesFile ignored: '${setting}' links outside the workspace folder ${root}`);
    } catch {
      // Missing file: reported by read().
    }
    return { abs, root };
  }

  private read(abs: string, setting: string): string | undefined {
    const open = this.host.openText(abs);
    if (open !== undefined) return open.length > MAX_BYTES ? this.refuse(`mlcost: price overrides file '${setting}' is larger than 1 MB; ignored`) : open;
    try {
      const stat = fs.statSync(abs);
      if (!stat.isFile()) return this.refuse(`mlcost: price overrides file '${setting}' is not a file; ignored`);
      if (stat.size > MAX_BYTES) return this.refuse(`mlcost: price overrides file '${setting}' is larger than 1 MB; ignored`);
      return fs.readFileSync(abs, 'utf8');
    } catch {
      return this.refuse(`mlcost: price overrides file '${setting}' not found (${abs}); using catalog prices`);
    }
  }

  private refuse(message: string): undefined {
    if (!this.reported.has(message)) {
      this.reported.add(message);
      this.host.log(message);
    }
    return undefined;
  }
}

function inside(root: string, p: string): boolean {
  return p.startsWith(root.endsWith(path.sep) ? root : root + path.sep);
}
