/**
 * The HTML preview: renders the current document set with the installed
 * halibut into a temporary folder and shows it beside the editor. It runs a
 * program, so it waits for workspace trust; the file list is passed as
 * arguments, never through a shell.
 */

import { execFile } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as vscode from 'vscode';
import { DocumentSetInfo, SectionAt } from './protocol';

export class HalibutPreview implements vscode.Disposable {
  private panel: vscode.WebviewPanel | undefined;
  private folder: string | undefined;
  private set: DocumentSetInfo | undefined;
  private readonly subscriptions: vscode.Disposable[] = [];

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly output: vscode.LogOutputChannel,
    private readonly setsOf: (uri: vscode.Uri) => Promise<DocumentSetInfo[]>,
    private readonly sectionAt: (uri: vscode.Uri, at: vscode.Position) => Promise<SectionAt | undefined>,
  ) {
    this.subscriptions.push(
      vscode.workspace.onDidSaveTextDocument((doc) => {
        if (this.panel && this.set?.files.includes(doc.uri.fsPath)) void this.render(doc.uri);
      }),
    );
  }

  async show(): Promise<void> {
    const editor = vscode.window.activeTextEditor;
    if (!editor || editor.document.languageId !== 'halibut') {
      void vscode.window.showInformationMessage('Open a Halibut (.but) file to preview its document set.');
      return;
    }
    if (!vscode.workspace.isTrusted) {
      void vscode.window.showWarningMessage('The Halibut preview runs halibut, so it needs a trusted workspace.', 'Manage Workspace Trust').then((a) => {
        if (a) void vscode.commands.executeCommand('workbench.trust.manage');
      });
      return;
    }
    const sets = await this.setsOf(editor.document.uri);
    this.set = sets[0];
    if (!this.set) {
      void vscode.window.showInformationMessage('This file is not in any Halibut document set.');
      return;
    }
    await this.render(editor.document.uri, editor.selection.active);
  }

  private halibutPath(): string {
    return vscode.workspace.getConfiguration('halibut').get<string>('preview.halibutPath') || 'halibut';
  }

  private async render(uri: vscode.Uri, at?: vscode.Position): Promise<void> {
    if (!this.set) return;
    const files = this.set.files.filter((f) => fs.existsSync(f));
    this.folder ??= fs.mkdtempSync(path.join(os.tmpdir(), 'halibut-preview-'));
    for (const f of fs.readdirSync(this.folder)) fs.rmSync(path.join(this.folder, f), { force: true, recursive: true });
    const halibut = this.halibutPath();
    const result = await new Promise<{ stderr: string; missing: boolean }>((resolve) => {
      execFile(halibut, ['--html', ...files], { cwd: this.folder, timeout: 60000, maxBuffer: 16 * 1024 * 1024 }, (err, _stdout, stderr) => {
        resolve({ stderr: String(stderr), missing: (err as NodeJS.ErrnoException | null)?.code === 'ENOENT' });
      });
    });
    if (result.missing) {
      void vscode.window.showErrorMessage(`The preview needs halibut, which was not found (${halibut}). Install it with: sudo apt-get install halibut (Debian/Ubuntu), brew install halibut (macOS), or set halibut.preview.halibutPath.`);
      return;
    }
    if (result.stderr.trim()) this.output.warn(result.stderr.trim());
    const page = this.pageFor(at ? await this.anchorAt(uri, at) : undefined);
    if (!page) {
      void vscode.window.showErrorMessage(`halibut produced no HTML for this document set. ${result.stderr.split('\n')[0] ?? ''}`);
      return;
    }
    if (!this.panel) {
      this.panel = vscode.window.createWebviewPanel('halibutPreview', 'Halibut Preview', vscode.ViewColumn.Beside, {
        // One inline script, allowed by nonce, scrolls to the section under the cursor.
        enableScripts: true,
        localResourceRoots: [vscode.Uri.file(this.folder)],
      });
      this.panel.onDidDispose(() => (this.panel = undefined));
    }
    const html = fs.readFileSync(path.join(this.folder, page.file), 'utf8');
    const base = this.panel.webview.asWebviewUri(vscode.Uri.file(this.folder + path.sep)).toString();
    const nonce = Math.random().toString(36).slice(2) + Date.now().toString(36);
    const csp = `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src ${this.panel.webview.cspSource}; style-src ${this.panel.webview.cspSource} 'unsafe-inline'; script-src 'nonce-${nonce}';">`;
    const scroll = page.anchor
      ? `<script nonce="${nonce}">const a=${JSON.stringify(page.anchor)};(document.getElementById(a)||document.getElementsByName(a)[0])?.scrollIntoView();</script>`
      : '';
    this.panel.webview.html = html.replace(/<head>/i, `<head><base href="${base}">${csp}`).replace(/<\/body>/i, `${scroll}</body>`);
    this.panel.title = `Preview: ${this.set.name}`;
    this.panel.reveal(vscode.ViewColumn.Beside, true);
  }

  /** Anchors halibut may give the section under the cursor: its keyword, or C4 / S4.19.10 / A. */
  private async anchorAt(uri: vscode.Uri, at: vscode.Position): Promise<string[]> {
    const s = await this.sectionAt(uri, at).catch(() => undefined);
    if (!s) return [];
    const prefix = s.kind === 'chapter' ? 'C' : s.kind === 'appendix' ? 'A' : 'S';
    return [s.keyword ?? '', s.number ? `${prefix}${s.number}` : ''].filter(Boolean);
  }

  /** The output page holding one of the anchors, else the contents page. */
  private pageFor(anchors: string[] | undefined): { file: string; anchor?: string } | undefined {
    if (!this.folder) return undefined;
    const pages = fs.readdirSync(this.folder).filter((f) => f.endsWith('.html'));
    for (const a of anchors ?? []) {
      const needle = new RegExp(`(name|id)="${a.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}"`);
      const hit = pages.find((p) => needle.test(fs.readFileSync(path.join(this.folder!, p), 'utf8')));
      if (hit) return { file: hit, anchor: a };
    }
    const index = pages.find((p) => /^(Contents|index)\.html$/i.test(p)) ?? pages[0];
    return index ? { file: index } : undefined;
  }

  dispose(): void {
    this.panel?.dispose();
    for (const s of this.subscriptions) s.dispose();
    if (this.folder) fs.rmSync(this.folder, { recursive: true, force: true });
  }
}
