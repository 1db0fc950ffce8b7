/**
 * The language server: wires the connection (stdio or node IPC) to the
 * workspace index and to one feature module per request. Thin on purpose.
 */

import * as fs from 'fs';
import * as path from 'path';
import {
  CancellationToken,
  CompletionItem,
  Connection,
  createConnection,
  Diagnostic,
  DidChangeConfigurationNotification,
  DidChangeWatchedFilesNotification,
  DocumentDiagnosticReportKind,
  ErrorCodes,
  FileChangeType,
  InitializeParams,
  LSPErrorCodes,
  InitializeResult,
  ProposedFeatures,
  ResponseError,
  TextDocuments,
  TextDocumentSyncKind,
  WorkspaceDocumentDiagnosticReport,
} from 'vscode-languageserver/node';
import { trackedDocuments } from './trackedDocuments';
import { PROJECT_FILE_NAME } from '../core/project';
import { Workspace, WorkspaceHost } from '../core/workspace';
import { decode } from '../node/decode';
import { codeActions } from '../features/codeAction';
import { completion, resolveCompletion } from '../features/completion';
import { packageVersion } from '../version';
import { ClientPaths } from '../features/clientPaths';
import { FeatureContext, fileOf, pathOf, uriFor } from '../features/context';
import { definition } from '../features/definition';
import { diagnosticsFor } from '../features/diagnostics';
import { documentLinks } from '../features/documentLink';
import { documentSets, sectionAt } from '../features/documentSets';
import { documentSymbols } from '../features/documentSymbol';
import { foldingRanges } from '../features/foldingRange';
import { hover } from '../features/hover';
import { inlayHints } from '../features/inlayHint';
import { negotiate, PositionCodec } from '../features/positions';
import { documentHighlights, references } from '../features/references';
import { prepareRename, rename } from '../features/rename';
import { selectionRanges } from '../features/selectionRange';
import { SEMANTIC_LEGEND, semanticTokens } from '../features/semanticTokens';
import { workspaceSymbols } from '../features/workspaceSymbol';

/** A file's path with every symbolic link resolved, or undefined when it has none (absent, unreadable). */
function realPath(file: string): string | undefined {
  try {
    return fs.realpathSync.native(file);
  } catch {
    return undefined;
  }
}

const nodeHost: WorkspaceHost = {
  readFile(file) {
    try {
      if (!fs.statSync(file).isFile()) return undefined;
      return decode(fs.readFileSync(file));
    } catch {
      return undefined;
    }
  },
  fileSize(file) {
    try {
      return fs.statSync(file).size;
    } catch {
      return undefined;
    }
  },
  listDir(folder) {
    try {
      const entries = fs.readdirSync(folder, { withFileTypes: true });
      return { files: entries.filter((e) => e.isFile()).map((e) => e.name), dirs: entries.filter((e) => e.isDirectory()).map((e) => e.name) };
    } catch {
      return { files: [], dirs: [] };
    }
  },
};

interface Settings {
  projectFile: string | string[];
  inlayHints: { enabled: boolean };
}

export function startServer(connection: Connection = createConnection(ProposedFeatures.all)): void {
  const documents = trackedDocuments();
  const ws = new Workspace({ ...nodeHost, log: (m) => connection.console.error(m) });
  const ctx: FeatureContext = { ws, codec: new PositionCodec(), settings: { inlayHints: true }, paths: new ClientPaths(realPath) };
  let folders: string[] = [];
  let pullDiagnostics = false;
  let canRegisterWatchers = false;
  let canConfigure = false;
  const published = new Map<string, string>();
  const shownNotices = new Set<string>();
  /** Limits hit (too many files, a file too large) are told once each, when first met. */
  function showNotices(): void {
    for (const n of ws.notices) {
      if (shownNotices.has(n.message)) continue;
      shownNotices.add(n.message);
      connection.window.showWarningMessage(n.message);
    }
  }
  let initializeSeen = false;
  let shutdownSeen = false;

  let canRefreshDiagnostics = false;
  let canRefreshInlayHints = false;

  const log = (m: string) => connection.console.log(m);
  /** Requests to the client are best effort: a client that refuses one must not bring the server down. */
  // A stray rejection must cost one log line, not the editor's language server.
  process.on('unhandledRejection', (e) => connection.console.error(`unhandled rejection: ${(e as Error)?.stack ?? e}`));
  const quietly = (what: string, p: Promise<unknown>) => void p.catch((e: unknown) => log(`${what}: ${(e as Error).message ?? e}`));

  /** Run a handler so that no internal error ever reaches the client as a crash. */
  function safe<P, R>(name: string, fallback: R, f: (p: P, token: CancellationToken) => R): (p: P, token: CancellationToken) => R {
    return (p, token) => {
      if (!initializeSeen) throw new ResponseError(ErrorCodes.ServerNotInitialized, `${name} before initialize`);
      if (shutdownSeen) throw new ResponseError(ErrorCodes.InvalidRequest, `${name} after shutdown`);
      if (token.isCancellationRequested) throw new ResponseError(LSPErrorCodes.RequestCancelled, `${name} cancelled`);
      try {
        return f(p, token);
      } catch (e) {
        if (e instanceof ResponseError) throw e;
        connection.console.error(`${name} failed: ${(e as Error).stack ?? e}`);
        return fallback;
      }
    };
  }

  function applySettings(s: Partial<Settings> | undefined): void {
    if (!s) return;
    ctx.settings.inlayHints = s.inlayHints?.enabled !== false;
    const pf = s.projectFile;
    const list = (Array.isArray(pf) ? pf : pf ? [pf] : []).filter((x) => typeof x === 'string' && x !== '');
    ws.setExplicitProjects(list.map((p) => path.resolve(folders[0] ?? process.cwd(), p)));
  }

  // Diagnostics: after each change, publish those that changed (every file, open or not).
  // Publishing yields to the event loop between files; a newer edit abandons the round (its
  // own round follows), so typing is never queued behind a workspace-wide recomputation.
  let refreshTimer: NodeJS.Timeout | undefined;
  let publishing: NodeJS.Immediate | undefined;
  let round = 0;
  // The numbers shown after references in other files than the one edited: the client asks
  // again for them once typing pauses, when an edit renumbered or re-resolved something.
  let hintsTimer: NodeJS.Timeout | undefined;
  function scheduleHintsRefresh(): void {
    if (!canRefreshInlayHints || !ctx.settings.inlayHints) return;
    clearTimeout(hintsTimer);
    hintsTimer = setTimeout(() => {
      if (ws.takeRecited()) quietly('inlay hint refresh', connection.languages.inlayHint.refresh());
    }, 200);
  }
  // Once the server is idle (a set built, an edit answered), the first broken reference's
  // did-you-mean table is made ahead of it.
  let prepareTimer: NodeJS.Timeout | undefined;
  function schedulePrepare(): void {
    clearTimeout(prepareTimer);
    prepareTimer = setTimeout(() => {
      try {
        ws.prepare();
      } catch (e) {
        connection.console.error(`prepare failed: ${(e as Error).stack ?? e}`);
      }
    }, 300);
  }
  function scheduleDiagnostics(): void {
    scheduleHintsRefresh();
    schedulePrepare();
    round++;
    if (pullDiagnostics) {
      clearTimeout(refreshTimer);
      refreshTimer = setTimeout(() => canRefreshDiagnostics && quietly('diagnostic refresh', connection.languages.diagnostics.refresh()), 50);
      return;
    }
    // No settling delay: a round starts at once and is abandoned at its next slice if
    // another edit arrives, which bounds wasted work without adding latency to every edit.
    // Not setTimeout(0): Node waits a whole millisecond before running it.
    clearImmediate(publishing);
    publishing = setImmediate(() => void publishAll(round));
  }
  /**
   * A file's diagnostics as the workspace shows them: a fragment's (a file its project leaves
   * out, which no halibut run reads alone) only while it is open, so that the problems of
   * files nobody builds do not fill the list.
   */
  function shownFor(uri: string, file: string): Diagnostic[] {
    return ws.isFragment(file) && !documents.get(uri) ? [] : diagnosticsFor(ctx, uri);
  }
  const SLICE_MS = 10;
  /** Files whose diagnostics may have changed and are not yet published (kept across abandoned rounds). */
  const unpublished = new Set<string>();
  async function publishAll(mine: number): Promise<void> {
    try {
      for (const f of ws.takeTouched()) unpublished.add(f);
      const known = new Set(ws.knownFiles());
      // A file no set mentions any more has its diagnostics cleared.
      for (const uri of published.keys()) {
        const file = fileOf(ctx, uri);
        if (!known.has(file)) unpublished.add(file);
      }
      // Open documents first: they are what the user is looking at.
      const files = new Set<string>(documents.all().map((d) => fileOf(ctx, d.uri)));
      for (const f of unpublished) files.add(f);
      let sliceStart = Date.now();
      for (const file of files) {
        if (Date.now() - sliceStart > SLICE_MS) {
          await new Promise((r) => setImmediate(r));
          if (mine !== round || shutdownSeen) return;
          sliceStart = Date.now();
        }
        const uri = uriFor(ctx, file);
        const diagnostics = shownFor(uri, file);
        unpublished.delete(file);
        const key = JSON.stringify(diagnostics);
        if (published.get(uri) === key) continue;
        published.set(uri, key);
        const doc = documents.get(uri);
        quietly('publishDiagnostics', connection.sendDiagnostics({ uri, version: doc?.version, diagnostics }));
      }
      showNotices();
    } catch (e) {
      connection.console.error(`diagnostics failed: ${(e as Error).stack ?? e}`);
    }
  }

  connection.onInitialize((params: InitializeParams): InitializeResult => {
    initializeSeen = true;
    folders = (params.workspaceFolders ?? []).map((f) => pathOf(f.uri));
    if (folders.length === 0 && params.rootUri) folders = [pathOf(params.rootUri)];
    ws.setFolders(folders);
    const caps = params.capabilities;
    ctx.codec = new PositionCodec(negotiate(caps.general?.positionEncodings));
    ctx.client = {
      completionItemDefaults: caps.textDocument?.completion?.completionList?.itemDefaults ?? [],
      completionResolves: caps.textDocument?.completion?.completionItem?.resolveSupport?.properties ?? [],
      completionInsertReplace: caps.textDocument?.completion?.completionItem?.insertReplaceSupport ?? false,
      completionLabelDetails: caps.textDocument?.completion?.completionItem?.labelDetailsSupport ?? false,
    };
    pullDiagnostics = !!caps.textDocument?.diagnostic;
    canRegisterWatchers = !!caps.workspace?.didChangeWatchedFiles?.dynamicRegistration;
    canConfigure = !!caps.workspace?.configuration;
    canRefreshDiagnostics = !!caps.workspace?.diagnostics?.refreshSupport;
    canRefreshInlayHints = !!caps.workspace?.inlayHint?.refreshSupport;
    applySettings((params.initializationOptions as { settings?: Partial<Settings> } | undefined)?.settings);
    return {
      capabilities: {
        positionEncoding: ctx.codec.encoding,
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: false },
        hoverProvider: true,
        definitionProvider: true,
        referencesProvider: true,
        documentHighlightProvider: true,
        renameProvider: { prepareProvider: true },
        completionProvider: { triggerCharacters: ['\\', '{'], resolveProvider: true },
        documentSymbolProvider: true,
        workspaceSymbolProvider: true,
        foldingRangeProvider: true,
        selectionRangeProvider: true,
        documentLinkProvider: { resolveProvider: false },
        inlayHintProvider: true,
        codeActionProvider: { codeActionKinds: ['quickfix'] },
        semanticTokensProvider: { legend: SEMANTIC_LEGEND, full: true, range: true },
        diagnosticProvider: pullDiagnostics ? { interFileDependencies: true, workspaceDiagnostics: true } : undefined,
        workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
      },
      serverInfo: { name: 'halibut-language-server', version: packageVersion() },
    };
  });

  connection.onInitialized(async () => {
    if (canRegisterWatchers) {
      quietly(
        'register file watchers',
        connection.client.register(DidChangeWatchedFilesNotification.type, {
          watchers: [{ globPattern: '**/*.but' }, { globPattern: `**/${PROJECT_FILE_NAME}` }, { globPattern: '**/CMakeLists.txt' }, { globPattern: '**/Makefile' }],
        }),
      );
    }
    if (canConfigure) {
      quietly('register configuration', connection.client.register(DidChangeConfigurationNotification.type, { section: 'halibut' }));
      try {
        applySettings((await connection.workspace.getConfiguration('halibut')) as Partial<Settings>);
      } catch {
        /* the client may not answer; keep the initialization settings */
      }
    }
    const progress = await connection.window.createWorkDoneProgress().catch(() => undefined);
    progress?.begin('Indexing Halibut documents', 0, undefined, false);
    const t0 = Date.now();
    const sets = ws.allSets();
    progress?.report(100, `${sets.length} document set${sets.length === 1 ? '' : 's'}`);
    progress?.done();
    showNotices();
    log(`indexed ${sets.length} document sets (${sets.reduce((n, s) => n + s.spec.files.length, 0)} files) in ${Date.now() - t0} ms`);
    scheduleDiagnostics();
  });

  connection.onDidChangeConfiguration(async (change) => {
    let s = (change.settings as { halibut?: Partial<Settings> } | undefined)?.halibut;
    if (canConfigure) s = ((await connection.workspace.getConfiguration('halibut').catch(() => undefined)) as Partial<Settings>) ?? s;
    applySettings(s);
    scheduleDiagnostics();
    if (canRefreshInlayHints) quietly('inlay hint refresh', connection.languages.inlayHint.refresh());
  });

  connection.onNotification('workspace/didChangeWorkspaceFolders', (p: { event: { added: { uri: string }[]; removed: { uri: string }[] } }) => {
    folders = [...folders.filter((f) => !p.event.removed.some((r) => pathOf(r.uri) === f)), ...p.event.added.map((a) => pathOf(a.uri))];
    ws.setFolders(folders);
    scheduleDiagnostics();
  });

  connection.onShutdown(() => {
    shutdownSeen = true;
    clearTimeout(prepareTimer);
    clearTimeout(refreshTimer);
    clearTimeout(hintsTimer);
    clearImmediate(publishing);
  });

  // Before its text reaches the workspace: a document opened by another path than the
  // workspace's (through a symbolic link) is the workspace's file (see ClientPaths).
  documents.onDidOpen((e) => ctx.paths?.opened(e.document.uri, () => ws.knownFiles()));
  documents.onDidChangeContent((e) => {
    ws.setOverlay(fileOf(ctx, e.document.uri), e.document.text);
    scheduleDiagnostics();
  });
  documents.onDidClose((e) => {
    const file = fileOf(ctx, e.document.uri);
    ws.setOverlay(file, undefined);
    // (A fragment's findings go with it.)
    if (ws.isFragment(file)) unpublished.add(file);
    scheduleDiagnostics();
  });
  connection.onDidChangeWatchedFiles((p) => {
    for (const c of p.changes) {
      const file = fileOf(ctx, c.uri);
      if (c.type === FileChangeType.Deleted || !documents.get(c.uri)) ws.fileChanged(file);
    }
    scheduleDiagnostics();
  });

  connection.onHover(safe('hover', null, (p) => hover(ctx, p.textDocument.uri, p.position)));
  connection.onDefinition(safe('definition', [], (p) => definition(ctx, p.textDocument.uri, p.position)));
  connection.onReferences(safe('references', [], (p) => references(ctx, p.textDocument.uri, p.position, p.context.includeDeclaration)));
  connection.onDocumentHighlight(safe('documentHighlight', [], (p) => documentHighlights(ctx, p.textDocument.uri, p.position)));
  connection.onPrepareRename(safe('prepareRename', null, (p) => prepareRename(ctx, p.textDocument.uri, p.position)));
  connection.onRenameRequest(safe('rename', null, (p) => rename(ctx, p.textDocument.uri, p.position, p.newName)));
  connection.onCompletion(safe('completion', { isIncomplete: false, items: [] }, (p) => completion(ctx, p.textDocument.uri, p.position)));
  // The item as it came is the answer should resolving fail.
  connection.onCompletionResolve((item, token) => safe('completionItem/resolve', item, (i: CompletionItem) => resolveCompletion(ctx, i))(item, token));
  connection.onDocumentSymbol(safe('documentSymbol', [], (p) => documentSymbols(ctx, p.textDocument.uri)));
  connection.onWorkspaceSymbol(safe('workspaceSymbol', [], (p, token) => workspaceSymbols(ctx, p.query, () => token.isCancellationRequested)));
  connection.onFoldingRanges(safe('foldingRange', [], (p) => foldingRanges(ctx, p.textDocument.uri)));
  connection.onSelectionRanges(safe('selectionRange', [], (p) => selectionRanges(ctx, p.textDocument.uri, p.positions)));
  connection.onDocumentLinks(safe('documentLink', [], (p) => documentLinks(ctx, p.textDocument.uri)));
  connection.languages.inlayHint.on(safe('inlayHint', [], (p) => inlayHints(ctx, p.textDocument.uri, p.range)));
  connection.onCodeAction(safe('codeAction', [], (p) => codeActions(ctx, p.textDocument.uri, p.range, p.context.diagnostics)));
  connection.languages.semanticTokens.on(safe('semanticTokens', { data: [] }, (p) => semanticTokens(ctx, p.textDocument.uri)));
  connection.languages.semanticTokens.onRange(safe('semanticTokens/range', { data: [] }, (p) => semanticTokens(ctx, p.textDocument.uri, p.range)));
  connection.languages.diagnostics.on(
    safe('diagnostic', { kind: DocumentDiagnosticReportKind.Full, items: [] }, (p) => ({ kind: DocumentDiagnosticReportKind.Full, items: diagnosticsFor(ctx, p.textDocument.uri) })),
  );
  connection.languages.diagnostics.onWorkspace(
    safe('workspace/diagnostic', Promise.resolve({ items: [] }), async (_p, token) => {
      // The longest request there is: it yields between files so that a cancellation (or an
      // edit, which makes the client cancel) is seen before the whole workspace is done.
      const items: WorkspaceDocumentDiagnosticReport[] = [];
      let sliceStart = Date.now();
      for (const file of ws.knownFiles()) {
        if (Date.now() - sliceStart > SLICE_MS) {
          await new Promise((r) => setImmediate(r));
          sliceStart = Date.now();
        }
        if (token.isCancellationRequested) throw new ResponseError(LSPErrorCodes.RequestCancelled, 'workspace/diagnostic cancelled');
        const uri = uriFor(ctx, file);
        items.push({ kind: DocumentDiagnosticReportKind.Full, uri, version: documents.get(uri)?.version ?? null, items: shownFor(uri, file) });
      }
      return { items };
    }),
  );
  connection.onRequest('halibut/documentSets', safe('documentSets', [], (p: { uri: string }) => documentSets(ctx, p.uri)));
  connection.onRequest('halibut/sectionAt', safe('sectionAt', null, (p: { textDocument: { uri: string }; position: { line: number; character: number } }) => sectionAt(ctx, p.textDocument.uri, p.position) ?? null));

  documents.listen(connection);
  connection.listen();
}
