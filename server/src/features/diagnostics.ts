/** Core diagnostics → LSP diagnostics, with codes, related places and data for code actions. */

import { Diagnostic, DiagnosticRelatedInformation, DiagnosticSeverity, DiagnosticTag } from 'vscode-languageserver';
import { LineIndex } from '../core/lines';
import { Diagnostic as CoreDiagnostic, Severity } from '../core/syntax';
import { FeatureContext, fileOf, uriFor } from './context';

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

export function toLsp(ctx: FeatureContext, file: string, lines: LineIndex, d: CoreDiagnostic): Diagnostic {
  const related: DiagnosticRelatedInformation[] = [];
  for (const r of d.related ?? []) {
    const target = r.file ?? file;
    const tl = target === file ? lines : ctx.ws.lines(target);
    if (!tl) continue;
    related.push({ location: { uri: uriFor(ctx, target), range: ctx.codec.toRange(tl, r.span) }, message: r.message });
  }
  return {
    range: ctx.codec.toRange(lines, d.span),
    severity: SEVERITY[d.severity],
    source: 'halibut',
    code: d.code,
    message: d.message,
    relatedInformation: related.length ? related : undefined,
    tags: d.code === 'unused' ? [DiagnosticTag.Unnecessary] : undefined,
    data: d.data,
  };
}

/** The diagnostics of one file (a .but file over all its sets, or a project file's problems). */
export function diagnosticsFor(ctx: FeatureContext, uri: string): Diagnostic[] {
  const file = fileOf(ctx, uri);
  const project = ctx.ws.getProjects().find((p) => p.file === file);
  if (project) {
    const text = ctx.ws.text(file) ?? '';
    const lines = new LineIndex(text);
    const out: Diagnostic[] = project.problems.map((p) => ({
      range: ctx.codec.toRange(lines, { start: p.offset ?? 0, end: (p.offset ?? 0) + 1 }),
      severity: DiagnosticSeverity.Error,
      source: 'halibut',
      code: 'project-file',
      message: p.message,
    }));
    for (const s of project.sets) {
      for (const f of s.files) {
        if (!f.generated && ctx.ws.content(f.path) === undefined) {
          const at = text.indexOf(JSON.stringify(f.path.split(/[\\/]/).pop()).slice(1, -1));
          const size = ctx.ws.oversized(f.path);
          out.push({
            range: ctx.codec.toRange(lines, { start: Math.max(0, at), end: Math.max(0, at) + 1 }),
            severity: size === undefined ? DiagnosticSeverity.Error : DiagnosticSeverity.Warning,
            source: 'halibut',
            code: size === undefined ? 'cannot-open' : 'file-too-large',
            message:
              size === undefined
                ? `unable to open input file \`${f.path}' (set \`${s.name}')`
                : `input file \`${f.path}' (set \`${s.name}') is ${size} bytes, over the ${ctx.ws.limits.maxFileBytes}-byte limit: not indexed`,
          });
        }
      }
    }
    return out;
  }
  if (!file.endsWith('.but') && ctx.ws.setsOf(file).length === 0) return [];
  if (ctx.ws.content(file) === undefined) return ctx.ws.oversized(file) === undefined ? [] : ctx.ws.diagnostics(file).map((d) => toLsp(ctx, file, new LineIndex(''), d));
  const diagnostics = ctx.ws.diagnostics(file);
  // Most files of a set have none: their lines are not indexed for nothing (at a cold start, all 22 of the PuTTY manual).
  if (diagnostics.length === 0) return [];
  const lines = ctx.ws.lines(file)!;
  return diagnostics.map((d) => toLsp(ctx, file, lines, d));
}
