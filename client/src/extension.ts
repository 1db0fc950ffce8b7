/**
 * The VS Code extension: starts the bundled language server over node IPC and
 * adds what only an editor can do (status bar, commands, the HTML preview).
 * Everything about the language itself lives in the server.
 */

import * as path from 'path';
import * as vscode from 'vscode';
import { LanguageClient, LanguageClientOptions, ServerOptions, State, TransportKind } from 'vscode-languageclient/node';
import { DocumentSetInfo, DOCUMENT_SETS_REQUEST, SectionAt, SECTION_AT_REQUEST } from './protocol';
import { HalibutPreview } from './preview';

let client: LanguageClient | undefined;
let preview: HalibutPreview | undefined;

function createClient(context: vscode.ExtensionContext, output: vscode.LogOutputChannel): LanguageClient {
  const serverModule = context.asAbsolutePath(path.join('dist', 'server.js'));
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.ipc },
    debug: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6010'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [{ language: 'halibut' }],
    synchronize: { configurationSection: 'halibut' },
    outputChannel: output,
    initializationOptions: { settings: vscode.workspace.getConfiguration('halibut') },
  };
  return new LanguageClient('halibut', 'Halibut Language Server', serverOptions, clientOptions);
}

async function setsOf(uri: vscode.Uri): Promise<DocumentSetInfo[]> {
  if (!client || client.state !== State.Running) return [];
  return client.sendRequest<DocumentSetInfo[]>(DOCUMENT_SETS_REQUEST, { uri: uri.toString() });
}

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const output = vscode.window.createOutputChannel('Halibut', { log: true });
  const status = vscode.window.createStatusBarItem(vscode.StatusBarAlignment.Left, 10);
  status.name = 'Halibut document set';
  status.command = 'halibut.showDocumentSets';
  context.subscriptions.push(output, status);

  client = createClient(context, output);
  const sectionAt = async (uri: vscode.Uri, at: vscode.Position) =>
    client?.state === State.Running ? client.sendRequest<SectionAt | undefined>(SECTION_AT_REQUEST, { textDocument: { uri: uri.toString() }, position: at }) : undefined;
  preview = new HalibutPreview(context, output, setsOf, sectionAt);
  context.subscriptions.push(preview);

  const updateStatus = async () => {
    const editor = vscode.window.activeTextEditor;
    if (!editor || editor.document.languageId !== 'halibut') {
      status.hide();
      return;
    }
    if (client?.state !== State.Running) {
      status.text = '$(sync~spin) Halibut: indexing';
      status.show();
      return;
    }
    const sets = await setsOf(editor.document.uri).catch(() => []);
    status.text = sets.length ? `$(book) ${sets.map((s) => s.name).join(', ')}` : '$(book) Halibut';
    status.tooltip = sets.length ? sets.map((s) => `${s.name}: ${s.files.length} files`).join('\n') : 'Not in any document set';
    status.show();
  };

  context.subscriptions.push(
    vscode.commands.registerCommand('halibut.restartServer', async () => {
      await client?.restart();
      await updateStatus();
    }),
    vscode.commands.registerCommand('halibut.showOutput', () => output.show(true)),
    vscode.commands.registerCommand('halibut.showDocumentSets', async () => {
      const editor = vscode.window.activeTextEditor;
      if (!editor) return;
      const sets = await setsOf(editor.document.uri);
      if (sets.length === 0) {
        void vscode.window.showInformationMessage('This file is not in any Halibut document set.');
        return;
      }
      const pick = await vscode.window.showQuickPick(
        sets.flatMap((s) => s.files.map((f, i) => ({ label: `${i + 1}. ${path.basename(f)}`, description: s.name, detail: f }))),
        { title: 'Document sets of this file (files in halibut order)', matchOnDescription: true },
      );
      if (pick?.detail) await vscode.window.showTextDocument(vscode.Uri.file(pick.detail));
    }),
    vscode.commands.registerCommand('halibut.preview', () => preview?.show()),
    vscode.window.onDidChangeActiveTextEditor(() => void updateStatus()),
    client.onDidChangeState(() => void updateStatus()),
  );

  await client.start();
  await updateStatus();
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}
