/**
 * Hover: what halibut will print for a reference, with a preview of the
 * section; keyword, index term, macro, \u, \cfg and command information.
 */

import { Hover, MarkupKind, Position } from 'vscode-languageserver';
import { DocumentSet, KeywordDef } from '../core/docset';
import { indexText, paragraphText, wordsOf } from '../core/paragraphWords';
import { markdown } from '../core/render';
import { inComment, paragraphAt, symbolAt } from '../core/query';
import { commandAt } from './commandAt';
import { CFG_DOCS, COMMAND_DOCS } from './docs';
import { FeatureContext, Located, locate } from './context';

const KIND_NAMES: Record<KeywordDef['kind'], string> = {
  chapter: 'chapter',
  section: 'section',
  appendix: 'appendix',
  biblio: 'bibliography entry',
  'list-item': 'numbered list item',
};

/** The first paragraphs of a section (up to the next heading), as Markdown with references as their numbers. */
export function sectionPreview(set: DocumentSet, def: KeywordDef, maxParagraphs = 3, maxChars = 1200): string {
  const xref = (key: string, upper: boolean) => {
    const d = set.keywords.get(key);
    return d ? DocumentSet.cite(d, upper) ?? key : key;
  };
  const source = set.files[def.file].source.text;
  const parsed = set.files[def.file].parsed;
  if (def.kind === 'biblio' || def.kind === 'list-item') return markdown(wordsOf(parsed, def.para), source, xref);
  const paras = parsed.paragraphs;
  const out: string[] = [];
  let len = 0;
  for (let i = paras.indexOf(def.para) + 1; i < paras.length && out.length < maxParagraphs && len < maxChars; i++) {
    const p = paras[i];
    if (p.kind === 'chapter' || p.kind === 'heading' || p.kind === 'appendix' || p.kind === 'unnumbered') break;
    let md = '';
    if (p.kind === 'code') md = '```\n' + (p.codeLines ?? []).map((l) => l.text).join('\n') + '\n```';
    // A paragraph with no body keeps an empty list; running text keeps none and is read again.
    else if (p.words?.length !== 0) md = (p.kind === 'bullet' ? '- ' : p.kind === 'numbered' ? '1. ' : '') + markdown(wordsOf(parsed, p), source, xref);
    if (!md) continue;
    out.push(md);
    len += md.length;
  }
  return out.join('\n\n');
}

function describeKeyword(ctx: FeatureContext, set: DocumentSet, def: KeywordDef, upper: boolean, withPreview: boolean): string {
  const f = set.files[def.file];
  const cite = DocumentSet.cite(def, upper) ?? (def.kind === 'biblio' ? '(not cited: not in the output)' : '');
  const line = f.lines.halibutLine(def.para.cmdSpan.start);
  const parts = [`**${cite}**${def.title && def.kind !== 'biblio' ? `: ${def.title}` : ''}`, `\`${def.key}\` \u2014 ${KIND_NAMES[def.kind]} in ${f.source.name}:${line}`];
  if (withPreview) {
    const preview = sectionPreview(set, def);
    if (preview) parts.push('---', preview);
  }
  return parts.join('\n\n');
}

export function hover(ctx: FeatureContext, uri: string, position: Position): Hover | null {
  const at = locate(ctx, uri, position);
  if (!at) return null;
  const s = symbolAt(at.set, at.fileIndex, at.offset);
  if (!s) return inlineCommandHover(ctx, at);
  const range = ctx.codec.toRange(at.file.lines, s.span);
  const md = (value: string): Hover => ({ contents: { kind: MarkupKind.Markdown, value }, range });
  switch (s.kind) {
    case 'xref': {
      const t = s.xref.target;
      if (!t) return md(`\`${s.xref.key}\`: no such keyword in document set \u201c${at.entry.spec.name}\u201d`);
      return md(describeKeyword(ctx, at.set, t, s.xref.kind !== 'k', true));
    }
    case 'definition': {
      const refs = s.def.refs.length;
      const dup = s.duplicateOf ? `\n\n**Duplicate**: \`${s.def.key}\` is first defined in ${at.set.files[s.duplicateOf.file].source.name}.` : '';
      return md(`${describeKeyword(ctx, at.set, s.def, true, false)}\n\n${refs} reference${refs === 1 ? '' : 's'}${dup}`);
    }
    case 'index': {
      const t = s.tag;
      const entries = t.rewrites.length ? t.rewrites.map((r) => paragraphText(at.set.files[r.file].parsed, r.para)) : t.uses.length ? [indexText(at.set.files[t.uses[0].file].parsed, t.uses[0].use)] : [];
      const places = t.uses.length;
      return md(
        `Index tag \`${s.key}\`\n\n` +
          (entries.length ? `Index entr${entries.length === 1 ? 'y' : 'ies'}: ${entries.map((e) => `**${e}**`).join(', ')}` : 'Not in the index (never indexed)') +
          `\n\n${places} place${places === 1 ? '' : 's'} indexed${t.rewrites.length ? `, ${t.rewrites.length} \\IM rewrite${t.rewrites.length === 1 ? '' : 's'}` : ''}`,
      );
    }
    case 'macro': {
      if (!s.info) return md(`\`\\${s.name}\`: not a defined macro`);
      const f = at.set.files[s.info.file];
      return md(`Macro \`\\${s.name}\` expands to:\n\n\`\`\`halibut\n${s.info.def.text}\n\`\`\`\n\nDefined in ${f.source.name}:${f.lines.halibutLine(s.info.def.span.start)}; used ${s.info.uses.length} time${s.info.uses.length === 1 ? '' : 's'}`);
    }
    case 'uchar':
      return md(`\`${s.text}\` U+${s.codePoint.toString(16).toUpperCase().padStart(4, '0')}`);
    case 'cfg': {
      const doc = CFG_DOCS[s.cfg.key.toLowerCase()];
      return md(`\`\\cfg{${s.cfg.key}}\`${s.cfg.values.length ? ` = ${s.cfg.values.map((v) => `\`${v}\``).join(', ')}` : ''}\n\n${doc ?? 'A configuration key this tool does not know (a back end may).'}`);
    }
    case 'link':
      return md(`Link to <${s.link.url}>`);
    case 'command': {
      const name = /^S\d*$/.test(s.name) ? 'S' : s.name;
      const doc = COMMAND_DOCS[name];
      return doc ? md(`\`\\${s.name}\`: ${doc.doc}`) : null;
    }
  }
  return null;
}

/** An inline command's documentation (`\e`, `\c`, `\i`...): outside code paragraphs and comments, where a backslash is a command. */
function inlineCommandHover(ctx: FeatureContext, at: Located): Hover | null {
  const lines = at.file.lines;
  const line = lines.positionAt(at.offset).line;
  const lineStart = lines.lineStart(line);
  const cmd = commandAt(lines.lineText(line), at.offset - lineStart);
  if (!cmd) return null;
  const start = lineStart + cmd.start;
  if (paragraphAt(at.set, at.fileIndex, start)?.kind === 'code' || inComment(at.set, at.fileIndex, start)) return null;
  const doc = COMMAND_DOCS[/^u[0-9A-Fa-f]+$/.test(cmd.name) ? 'u' : cmd.name];
  if (!doc || doc.paragraph) return null;
  return { contents: { kind: MarkupKind.Markdown, value: `\`\\${cmd.name}\`: ${doc.doc}` }, range: ctx.codec.toRange(lines, { start, end: lineStart + cmd.end }) };
}
