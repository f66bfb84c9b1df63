import * as path from 'path';
import { fileURLToPath } from 'url';
import { SOURCE_EXTENSIONS } from '../engine/source';

// Which documents the server analyses, and how their URIs map to the paths the engine expects.

// TypeScript is analysed only when it imports an IaC library (the engine checks, before parsing).
const LANGUAGES = new Set(['yaml', 'json', 'jsonc', 'python', 'terraform', 'typescript', 'shellscript']);
const EXTENSIONS = new Set(SOURCE_EXTENSIONS);
const SCHEMES = new Set(['file', 'untitled']);

export function schemeOf(uri: string): string {
  const m = /^([A-Za-z][A-Za-z0-9+.-]*):/.exec(uri);
  return m ? m[1].toLowerCase() : '';
}

/** Local path of a `file:` URI; undefined for any other scheme or a URI Node cannot read. */
export function filePathOf(uri: string): string | undefined {
  if (schemeOf(uri) !== 'file') return undefined;
  try {
    return fileURLToPath(uri);
  } catch {
    return undefined;
  }
}

/**
 * Why a document is not analysed, or undefined when it is. The language id decides, else the
 * extension: editors give workflow files or Compose files their own language ids.
 */
export function whyNotAnalysed(uri: string, languageId: string): string | undefined {
  const scheme = schemeOf(uri);
  if (!SCHEMES.has(scheme)) return `scheme '${scheme}' is neither file nor untitled`;
  if (LANGUAGES.has(languageId)) return undefined;
  const ext = path.extname(uriPath(uri)).toLowerCase();
  if (EXTENSIONS.has(ext)) return undefined;
  return `language '${languageId}' is not YAML, JSON, Python, Terraform or TypeScript`;
}

/** The path the engine is given: the file path, or the URI itself for untitled buffers. */
export function enginePathOf(uri: string): string {
  return filePathOf(uri) ?? uri;
}

function uriPath(uri: string): string {
  const rest = uri.replace(/^[A-Za-z][A-Za-z0-9+.-]*:/, '').replace(/[?#].*$/, '');
  try {
    return decodeURIComponent(rest);
  } catch {
    return rest;
  }
}
