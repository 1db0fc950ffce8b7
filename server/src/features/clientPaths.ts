/**
 * The paths a client names files by, against the workspace's. They differ when a file is
 * reached through a symbolic link: Neovim names a buffer by its real path, while a project
 * file may list it through the link (VS Code keeps the path it opened). A document the
 * workspace does not know by the client's path is looked for by its real path among the
 * workspace's files; requests about it are then answered for the workspace's file, and what
 * is sent back about that file (diagnostics, locations, edits) names it as the client does.
 */

import { URI } from 'vscode-uri';

export class ClientPaths {
  private readonly toWorkspace = new Map<string, string>();
  private readonly toClient = new Map<string, string>();
  private readonly reals = new Map<string, string | undefined>();

  /** `realPath`: a file's path with every link resolved (undefined: it cannot be). */
  constructor(private readonly realPath: (file: string) => string | undefined) {}

  /** A document the client opened: if the workspace knows it by another path, remember both. */
  opened(uri: string, known: () => readonly string[]): void {
    const file = URI.parse(uri).fsPath;
    if (this.toWorkspace.has(file)) return;
    const files = known();
    if (files.includes(file)) return;
    const real = this.real(file);
    const same = real === undefined ? undefined : files.find((f) => this.real(f) === real);
    if (same === undefined) return;
    this.toWorkspace.set(file, same);
    this.toClient.set(same, file);
  }

  /** The workspace's path of the file a client's URI names. */
  fileOf(uri: string): string {
    const file = URI.parse(uri).fsPath;
    return this.toWorkspace.get(file) ?? file;
  }

  /** The URI the client knows a workspace file by. */
  uriOf(file: string): string {
    return URI.file(this.toClient.get(file) ?? file).toString();
  }

  private real(file: string): string | undefined {
    if (!this.reals.has(file)) this.reals.set(file, this.realPath(file));
    return this.reals.get(file);
  }
}
