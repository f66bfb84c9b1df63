import * as fs from 'fs';
import * as path from 'path';
import { pathToFileURL } from 'url';
// Bundled by esbuild, so the installed CLI carries its own name and version.
import pkg from '../../../package.json';

interface PackageInfo {
  name: string;
  version: string;
  homepage?: string;
}

const info: PackageInfo = pkg;

export const TOOL_NAME = 'mlcost';
export const TOOL_VERSION = info.version;

/** The package root: dist/cli.js lives one folder below it. */
export function packageRoot(): string {
  return path.resolve(__dirname, '..');
}

/** Absolute URI about the tool: `homepage` when package.json has one, else the installed package folder. */
export function toolInformationUri(): string {
  return info.homepage ?? pathToFileURL(packageRoot() + path.sep).href;
}

/** `rules/<id>.md` as a file URI, when the doc ships beside the CLI. */
export function ruleDocUri(ruleId: string): string | undefined {
  const doc = path.join(packageRoot(), 'rules', `${ruleId}.md`);
  return fs.existsSync(doc) ? pathToFileURL(doc).href : undefined;
}
