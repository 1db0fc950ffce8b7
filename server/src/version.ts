/**
 * The package's version. The bundles (dist/) have it written in by esbuild, having no
 * package.json beside them; the compiled tree (out/) reads it from the package.
 */

import * as fs from 'fs';
import * as path from 'path';

declare const PACKAGE_VERSION: string | undefined;

export function packageVersion(): string {
  if (typeof PACKAGE_VERSION === 'string') return PACKAGE_VERSION;
  try {
    return (JSON.parse(fs.readFileSync(path.join(__dirname, '../../../package.json'), 'utf8')) as { version: string }).version;
  } catch {
    return 'unknown';
  }
}
