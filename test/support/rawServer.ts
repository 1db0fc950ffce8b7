/** A raw stdio client of the real server process, so that broken frames and odd traffic can be sent too. */
import { ChildProcess, spawn } from 'child_process';
import * as path from 'path';
import { URI } from 'vscode-uri';

const root = path.resolve(__dirname, '../../..');

export interface Answer {
  result?: unknown;
  error?: { code: number; message: string };
}

export class Raw {
  readonly proc: ChildProcess;
  private buf = Buffer.alloc(0);
  private readonly waiting = new Map<number, (msg: Answer) => void>();
  readonly notifications: { method: string; params: unknown }[] = [];
  stderr = '';
  /** answerWith: how server-to-client requests (register, refresh, configuration) are answered. */
  constructor(
    private readonly answerWith: 'null' | 'error' = 'null',
    cwd?: string,
  ) {
    this.proc = spawn(process.execPath, [path.join(root, 'bin/halibut-language-server.js'), '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'], cwd });
    this.exited = new Promise((res) => this.proc.on('exit', (code) => res(code)));
    this.proc.stderr!.on('data', (d: Buffer) => (this.stderr += d.toString()));
    this.proc.stdout!.on('data', (d: Buffer) => {
      this.buf = Buffer.concat([this.buf, d]);
      for (;;) {
        const head = this.buf.indexOf('\r\n\r\n');
        if (head < 0) return;
        const len = Number(/Content-Length: (\d+)/i.exec(this.buf.subarray(0, head).toString())?.[1]);
        if (this.buf.length < head + 4 + len) return;
        const msg = JSON.parse(this.buf.subarray(head + 4, head + 4 + len).toString());
        this.buf = this.buf.subarray(head + 4 + len);
        if (msg.id !== undefined && this.waiting.has(msg.id)) {
          this.waiting.get(msg.id)!(msg);
          this.waiting.delete(msg.id);
        } else if (msg.method) {
          this.notifications.push(msg);
          this.listeners = this.listeners.filter((l) => !l(msg));
          if (msg.id !== undefined) this.send(this.answerWith === 'null' ? { jsonrpc: '2.0', id: msg.id, result: null } : { jsonrpc: '2.0', id: msg.id, error: { code: -32601, message: 'not supported by this client' } });
        }
      }
    });
  }
  frame(body: string): void {
    this.proc.stdin!.write(framed(body));
  }
  send(msg: object): void {
    this.frame(JSON.stringify(msg));
  }
  private id = 0;
  request(method: string, params: unknown): Promise<Answer> {
    return this.started(method, params).answer;
  }
  /** Send a request and get its id at once (to cancel it), with the answer to come. */
  started(method: string, params: unknown): { id: number; answer: Promise<Answer> } {
    const id = ++this.id;
    const answer = this.answerTo(id, method);
    this.send({ jsonrpc: '2.0', id, method, params });
    return { id, answer };
  }
  /**
   * Send a request and its cancellation in one write, so that the server reads both before it
   * can start the request (written apart, a busy machine can deliver them apart, and the
   * request run before its cancellation is read).
   */
  sentCancelled(method: string, params: unknown): Promise<Answer> {
    const id = ++this.id;
    const answer = this.answerTo(id, method);
    const request = framed(JSON.stringify({ jsonrpc: '2.0', id, method, params }));
    const cancel = framed(JSON.stringify({ jsonrpc: '2.0', method: '$/cancelRequest', params: { id } }));
    this.proc.stdin!.write(request + cancel);
    return answer;
  }
  private answerTo(id: number, method: string): Promise<Answer> {
    return new Promise<Answer>((res, rej) => {
      const timer = setTimeout(() => rej(new Error(`no answer to ${method}`)), 15000);
      this.waiting.set(id, (a) => {
        clearTimeout(timer);
        res(a);
      });
    });
  }
  private listeners: ((msg: { method: string; params: unknown }) => boolean)[] = [];
  /** The next message from the server that satisfies a test, as soon as it arrives. */
  next(method: string, test: (params: never) => boolean = () => true, ms = 60000): Promise<unknown> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no ${method} in ${ms} ms`)), ms);
      this.listeners.push((msg) => {
        if (msg.method !== method || !test(msg.params as never)) return false;
        clearTimeout(timer);
        resolve(msg.params);
        return true;
      });
    });
  }
  /** The latest diagnostics published for a URI. */
  diagnostics(uri: string): { message: string; range: { start: { line: number; character: number } } }[] | undefined {
    for (let i = this.notifications.length - 1; i >= 0; i--) {
      const n = this.notifications[i] as { method: string; params: { uri: string; diagnostics: [] } };
      if (n.method === 'textDocument/publishDiagnostics' && n.params.uri === uri) return n.params.diagnostics;
    }
    return undefined;
  }
  /** Wait until a condition on what the server sent holds. */
  async until(what: string, cond: () => boolean, ms = 15000): Promise<void> {
    const t0 = Date.now();
    while (!cond()) {
      if (Date.now() - t0 > ms) throw new Error(`timed out waiting for ${what}`);
      if (!this.alive) throw new Error(`the server exited while waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  }
  /** Initialize with the given capabilities and workspace folder. */
  async initialize(folder: string, capabilities: object = {}): Promise<Answer> {
    const r = await this.request('initialize', { processId: null, rootUri: URI.file(folder).toString(), workspaceFolders: [{ uri: URI.file(folder).toString(), name: 'w' }], capabilities });
    this.notify('initialized', {});
    return r;
  }
  readonly exited: Promise<number | null>;
  notify(method: string, params: unknown): void {
    this.send({ jsonrpc: '2.0', method, params });
  }
  get alive(): boolean {
    return this.proc.exitCode === null;
  }
}

function framed(body: string): string {
  return `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;
}
