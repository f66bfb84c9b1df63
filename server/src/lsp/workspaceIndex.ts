// The workspace cost index: every candidate file of every folder, analysed in the background so the
// Problems panel and the budget readout cover the whole workspace, not only open editors.
// - One file analysed at a time with setImmediate between files: editor requests and typing run
//   first. The next files are read ahead meanwhile (readAhead.ts), project-config lookups cached
//   for the pass (configCache.ts).
// - Open documents always win: their results come from the open-document analysis (openAnalysed);
//   the index never analyses or publishes an open file.
// - Keeps per file only slim job records and findings (records.ts), at most MAX_FILES files.
// - Totals are kept running (costTotals.ts); the change notification carries totals and the top
//   jobs only, the full list is built when asked (mlcost/workspaceCost).
// The connection is behind IndexDeps so this stays a plain class with one job.
import * as path from 'path';
import { pathToFileURL } from 'url';
import type { Diagnostic, FileEvent } from 'vscode-languageserver/node';
import { analyze, type AnalysisResult, type AnalyzeOptions } from '../engine/analyze';
import { budgetLevel, DEFAULT_BUDGET, nextAlert, type BudgetLevel, type BudgetSettings } from '../engine/budget';
import type { PricingSettings } from '../engine/cost/estimateTypes';
import { toDiagnostic } from './diagnostics';
import { ConfigLookupCache, isProjectConfigPath } from './index/configCache';
import { CostTotals } from './index/costTotals';
import { excludeTest, type ExcludeTest } from './index/excludes';
import { DEFAULT_INDEX_SETTINGS, filesExcludeGlobs, parseBudgetSettings, parseIndexSettings, type IndexSettings } from './index/indexSettings';
import { TOP_JOBS, type WorkspaceCost, type WorkspaceCostChangedParams } from './index/protocol';
import { ProgressReporter } from './index/progressReporter';
import { ReadAhead, type Queued, type ReadFile } from './index/readAhead';
import { indexedJobs, slimFindings, type IndexedFile } from './index/records';
import { LaunchMap, linkedFilesOf } from '../engine/launchMap';
import { workspaceCost } from './index/summary';
import { findCandidates, isCandidatePath } from './index/walk';
import { errorText, type Logger } from './log';
import type { Settings } from './settings';
import { filePathOf } from './uris';

/** Above this many files the rest of the workspace is left out (logged once per walk). */
export const MAX_FILES = 20_000;
/** After an edit: tell the client this soon (several changes in a burst make one notification). */
const CHANGED_DEBOUNCE_MS = 300;
/** Totals change once per analysed file while indexing: tell the client at most this often. */
const CHANGED_INDEXING_MS = 1000;

export interface IndexProgress {
  report(percentage: number, message: string): void;
  done(): void;
}

export interface IndexDeps {
  folders(): readonly string[];
  /** Is this path open in the editor (by local path)? */
  isOpen(absPath: string): boolean;
  /** `mlcost` settings for a resource (rule levels, enable, pricing), as open documents get them. */
  settingsFor(uri: string): Promise<Settings>;
  pricing?(uri: string, settings: Settings): PricingSettings;
  files(uri: string): NonNullable<AnalyzeOptions['files']>;
  /** A configuration section (`mlcost`, `files`), for a folder or (no scope) the window. */
  section(section: string, scopeUri?: string): Promise<unknown>;
  publish(uri: string, diagnostics: Diagnostic[]): void;
  /** A file open in the editor has other launchers now: analyse it again. */
  relaunched?(absPath: string): void;
  changed(payload: WorkspaceCostChangedParams): void;
  beginProgress(title: string): Promise<IndexProgress>;
  log: Logger;
}

interface FolderConfig {
  settings: IndexSettings;
  excluded: ExcludeTest;
}

export class WorkspaceIndex {
  /** By local path. */
  private readonly files = new Map<string, IndexedFile>();
  /** Files whose diagnostics the index published non-empty (to clear them later). */
  private readonly published = new Set<string>();
  private readonly queue = new Set<string>();
  private readonly folderConfig = new Map<string, FolderConfig>();
  private budget: BudgetSettings = { ...DEFAULT_BUDGET };
  private readonly totals = new CostTotals(this.budget);
  /** Who launches whom, from the analyses seen so far (open documents and indexed files). */
  private readonly launches = new LaunchMap();
  /** `.mlcost.yaml` lookups, kept for one pass of the drain loop. */
  private readonly configLookups = new ConfigLookupCache();
  /** Bumped by each reindex: work of an older walk is dropped. */
  private generation = 0;
  private draining = false;
  private walking = false;
  private progress?: ProgressReporter;
  private progressTotal = 0;
  private progressDone = 0;
  private analysedCount = 0;
  private changedTimer?: NodeJS.Timeout;
  private lastSent = '';
  private alertLevel: BudgetLevel = 'none';
  private disposed = false;

  constructor(private readonly deps: IndexDeps) {}

  /** Walk every folder again (start, settings or folders changed, `mlcost/reindex`). */
  async reindex(): Promise<void> {
    const gen = ++this.generation;
    this.queue.clear();
    this.configLookups.clear(); // a new walk sees .mlcost.yaml files as they are now
    this.walking = true;
    try {
      await this.loadSettings();
      if (gen !== this.generation) return;
      const found = new Set<string>();
      let remaining = MAX_FILES;
      for (const folder of this.deps.folders()) {
        const cfg = this.config(folder);
        if (!cfg.settings.enable || !cfg.settings.indexEnable || remaining <= 0) continue;
        const walk = await findCandidates({ root: folder, excluded: cfg.excluded, maxFiles: remaining, cancelled: () => gen !== this.generation || this.disposed });
        if (gen !== this.generation) return;
        walk.files.forEach((f) => found.add(f));
        remaining -= walk.files.length;
        if (walk.capped) this.deps.log.warn(`mlcost: workspace index stopped at ${MAX_FILES} files; the rest of ${folder} is not analysed until opened (narrow it with mlcost.exclude)`);
      }
      // Files no longer in scope (excluded, deleted meanwhile, index turned off) leave the index.
      for (const abs of [...this.files.keys()]) if (!found.has(abs) && !this.deps.isOpen(abs)) this.remove(abs);
      for (const abs of [...this.published]) if (!found.has(abs) && !this.deps.isOpen(abs)) this.remove(abs);
      for (const abs of found) if (!this.deps.isOpen(abs)) this.queue.add(abs);
      this.progressTotal = this.queue.size;
      this.progressDone = 0;
      this.deps.log.info(`mlcost: indexing ${this.queue.size} candidate files in ${this.deps.folders().length} folder(s)`);
      await this.startProgress();
    } catch (e) {
      this.deps.log.error(`mlcost: workspace index failed: ${errorText(e)}`);
    } finally {
      if (gen === this.generation) this.walking = false;
    }
    this.scheduleChanged();
    void this.drain();
  }

  /** The open-document analysis produced `result` for `uri`: that is the file's entry now. */
  openAnalysed(uri: string, result: AnalysisResult): void {
    const abs = filePathOf(uri);
    if (!abs) return;
    const folder = this.folderOf(abs);
    if (!folder) return;
    this.queue.delete(abs);
    if (isProjectConfigPath(abs)) this.configLookups.clear(); // its unsaved text is what lookups see
    this.store(abs, { uri, folder, jobs: indexedJobs(result), findings: [] });
    // The scheduler publishes open documents' diagnostics; the index's own are no longer shown.
    this.published.delete(abs);
    this.noteLinks(abs, linkedFilesOf(result));
  }

  /** Workspace files that launch `absPath` (sorted), for its analysis. */
  launchersOf(absPath: string): string[] {
    return this.launches.launchersOf(absPath);
  }

  /** A launcher's links changed: the files it (no longer) launches are judged again. */
  private noteLinks(abs: string, linked: string[]): void {
    const changed = this.launches.set(abs, linked);
    for (const t of changed) {
      const folder = this.folderOf(t);
      if (this.deps.isOpen(t)) this.deps.relaunched?.(t);
      else if (folder && this.covers(folder, t)) this.enqueue(t);
    }
  }

  /** Closed in the editor: back to the disk version (or out, when the index does not cover it). */
  closed(uri: string): void {
    const abs = filePathOf(uri);
    if (!abs) return;
    const folder = this.folderOf(abs);
    if (folder && this.covers(folder, abs)) this.enqueue(abs);
    else this.store(abs, undefined);
  }

  /** workspace/didChangeWatchedFiles: created 1, changed 2, deleted 3. */
  watchedFilesChanged(changes: readonly FileEvent[]): void {
    for (const c of changes) {
      const abs = filePathOf(c.uri);
      if (!abs) continue;
      if (isProjectConfigPath(abs)) this.configLookups.clear();
      this.siblingsChanged(abs);
      if (c.type === 3) {
        // A deleted folder takes every file under it.
        for (const known of [...this.files.keys(), ...this.published, ...this.queue]) {
          if (known === abs || known.startsWith(abs + path.sep)) this.remove(known);
        }
        continue;
      }
      if (this.deps.isOpen(abs)) continue; // the open document's text wins over the disk
      const folder = this.folderOf(abs);
      if (folder && this.covers(folder, abs)) this.enqueue(abs);
    }
  }

  /**
   * Analyses read the other files of their folder (a Terraform module's .tf files; the HPAs and
   * KEDA ScaledObjects beside a Kubernetes Deployment): when one is created, changed or deleted,
   * the indexed files of that folder and family are judged again.
   */
  private siblingsChanged(abs: string): void {
    const family = (p: string): string | undefined => (/\.tf$/i.test(p) ? 'tf' : /\.ya?ml$/i.test(p) ? 'yaml' : undefined);
    const fam = family(abs);
    if (!fam) return;
    const dir = path.dirname(abs);
    for (const known of [...this.files.keys()]) {
      if (known === abs || path.dirname(known) !== dir || family(known) !== fam) continue;
      if (this.deps.isOpen(known)) this.deps.relaunched?.(known);
      else {
        const folder = this.folderOf(known);
        if (folder && this.covers(folder, known)) this.enqueue(known);
      }
    }
  }

  /** Settings changed: budget figures at once, then a new walk (excludes, rule levels may differ). */
  settingsChanged(): void {
    void this.reindex();
  }

  /** The full payload, every job: built from the running index only when asked (cached until a change). */
  cost(folderUri?: string): WorkspaceCost {
    const only = folderUri ? filePathOf(folderUri) : undefined;
    return workspaceCost(this.totals.sortedJobs(), this.budget, this.deps.folders(), this.state(), only ? path.resolve(only) : undefined);
  }

  dispose(): void {
    this.disposed = true;
    this.generation++;
    this.queue.clear();
    if (this.changedTimer) clearTimeout(this.changedTimer);
    this.endProgress();
  }

  private state(): { indexing: boolean; filesIndexed: number } {
    return { indexing: this.walking || this.queue.size > 0 || this.draining, filesIndexed: this.analysedCount };
  }

  private async loadSettings(): Promise<void> {
    const problem = (m: string) => this.deps.log.warn(m);
    this.folderConfig.clear();
    for (const folder of this.deps.folders()) {
      const uri = pathToFileURL(folder).href;
      const [ml, files] = await Promise.all([this.section('mlcost', uri), this.section('files', uri)]);
      const settings = parseIndexSettings(ml, problem);
      this.folderConfig.set(folder, { settings, excluded: excludeTest([...filesExcludeGlobs(files), ...settings.exclude]) });
    }
    // The budget is the workspace's (window scope); runsPerMonthDefault from the first folder's view.
    const windowSection = await this.section('mlcost');
    const runs = parseIndexSettings(windowSection, () => {}).runsPerMonthDefault;
    this.budget = parseBudgetSettings(windowSection, runs, problem);
    this.totals.setBudget(this.budget);
  }

  private async section(name: string, scopeUri?: string): Promise<unknown> {
    try {
      return await this.deps.section(name, scopeUri);
    } catch (e) {
      this.deps.log.warn(`mlcost: could not read settings '${name}': ${errorText(e)}; using defaults`);
      return undefined;
    }
  }

  private config(folder: string): FolderConfig {
    return this.folderConfig.get(folder) ?? { settings: DEFAULT_INDEX_SETTINGS, excluded: () => false };
  }

  private folderOf(abs: string): string | undefined {
    let best: string | undefined;
    for (const f of this.deps.folders()) if (abs.startsWith(f + path.sep) && (!best || f.length > best.length)) best = f;
    return best;
  }

  private covers(folder: string, abs: string): boolean {
    const cfg = this.config(folder);
    return cfg.settings.enable && cfg.settings.indexEnable && isCandidatePath(folder, abs, cfg.excluded);
  }

  private enqueue(abs: string): void {
    this.queue.add(abs);
    void this.drain();
  }

  private remove(abs: string): void {
    this.queue.delete(abs);
    this.noteLinks(abs, []);
    this.store(abs, undefined);
    if (this.published.delete(abs)) this.deps.publish(pathToFileURL(abs).href, []);
  }

  /** The one place records change, so the running totals follow every change. */
  private store(abs: string, file: IndexedFile | undefined): void {
    // Files with no job cost nothing and hold nothing worth keeping.
    if (file && (file.jobs.length || file.findings.length)) this.files.set(abs, file);
    else this.files.delete(abs);
    if (this.totals.set(abs, file)) this.scheduleChanged();
  }

  private async drain(): Promise<void> {
    if (this.draining) return;
    this.draining = true;
    const reads = new ReadAhead(() => this.takeQueued());
    try {
      while (!this.disposed) {
        const next = await reads.next();
        if (!next) break;
        try {
          await this.analyseRead(next);
        } catch (e) {
          this.deps.log.warn(`mlcost: indexing ${next.abs} failed: ${errorText(e)}`);
        }
        if (next.gen === this.generation) {
          this.progressDone++; // a read left over from an older walk is not this walk's progress
          this.progress?.step(this.progressDone, this.progressTotal);
        }
        // Let editor messages (typing, lenses, hovers) in before the next file.
        await new Promise<void>((resolve) => setImmediate(resolve));
      }
    } finally {
      this.draining = false;
      this.configLookups.clear(); // the pass is over: the next one looks again
    }
    if (!this.walking) {
      this.endProgress();
      this.flushChanged();
    }
  }

  /** Hands the read-ahead the next queued file that is not open in the editor. */
  private takeQueued(): Queued | undefined {
    for (const abs of this.queue) {
      this.queue.delete(abs);
      if (!this.deps.isOpen(abs)) return { abs, gen: this.generation };
    }
    return undefined;
  }

  private async analyseRead({ abs, gen, text }: ReadFile): Promise<void> {
    const stale = () => gen !== this.generation || this.disposed || this.deps.isOpen(abs);
    if (stale()) return; // read for an older walk, or opened meanwhile (its own analysis wins)
    const folder = this.folderOf(abs);
    if (!folder) return;
    if (text === undefined) return this.remove(abs); // gone meanwhile, not a file, or too large
    const uri = pathToFileURL(abs).href;
    const settings = await this.deps.settingsFor(pathToFileURL(folder).href);
    if (!settings.enable) return this.remove(abs);
    if (stale()) return;
    const opts: AnalyzeOptions = {
      files: this.configLookups.wrap(this.deps.files(uri)),
      ruleSeverity: settings.rules,
      minSavingUsd: settings.minSavingUsd,
      isCancelled: stale,
      pricing: this.deps.pricing?.(uri, settings),
      launchers: this.launches.launchersOf(abs),
    };
    const result = await analyze({ path: abs, text }, opts);
    if (stale()) return; // opened meanwhile (its own analysis wins) or a newer walk started
    this.analysedCount++;
    this.noteLinks(abs, linkedFilesOf(result));
    const findings = slimFindings(result.findings);
    this.store(abs, { uri, folder, jobs: indexedJobs(result), findings });
    if (findings.length || this.published.has(abs)) {
      this.deps.publish(uri, findings.map((f) => toDiagnostic(f)));
      if (findings.length) this.published.add(abs);
      else this.published.delete(abs);
    }
  }

  private async startProgress(): Promise<void> {
    this.endProgress();
    if (!this.queue.size) return;
    try {
      this.progress = new ProgressReporter(await this.deps.beginProgress('mlcost: indexing workspace'));
    } catch (e) {
      this.deps.log.warn(`mlcost: no progress bar: ${errorText(e)}`);
    }
  }

  private endProgress(): void {
    const p = this.progress;
    this.progress = undefined;
    p?.done();
  }

  private scheduleChanged(): void {
    if (this.disposed || this.changedTimer) return;
    const delay = this.state().indexing ? CHANGED_INDEXING_MS : CHANGED_DEBOUNCE_MS;
    this.changedTimer = setTimeout(() => {
      this.changedTimer = undefined;
      this.sendChanged();
    }, delay);
  }

  /** The index settled: the final totals now, not up to a second later. */
  private flushChanged(): void {
    if (this.disposed) return;
    if (this.changedTimer) clearTimeout(this.changedTimer);
    this.changedTimer = undefined;
    this.sendChanged();
  }

  private sendChanged(): void {
    const state = this.state();
    if (!state.indexing) this.totals.resum(); // settled: exact sums, no drift from running updates
    const payload = this.totals.summary(this.deps.folders(), state, TOP_JOBS);
    // Alerts only on settled totals: a half-walked workspace would cross thresholds on the way up.
    if (!payload.indexing) {
      const step = nextAlert(this.alertLevel, budgetLevel(payload.totalUsd, this.budget));
      this.alertLevel = step.level;
      if (step.notify) payload.alert = step.notify;
    }
    // A few hundred bytes (totals and the top jobs), so comparing with the last one is cheap.
    const key = JSON.stringify({ ...payload, filesIndexed: 0 });
    if (key === this.lastSent && !payload.alert) return;
    this.lastSent = key;
    this.deps.changed(payload);
  }
}
