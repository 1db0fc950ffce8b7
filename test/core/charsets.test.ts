/** \cfg{input-charset}: the names halibut accepts, and decoding the bytes that follow. */
import * as assert from 'assert';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { lookupCharset } from '../../server/src/core/charsetNames';
import { decode } from '../../server/src/node/decode';
import { analyseTexts, messages } from './helpers';

const haveHalibut = spawnSync('halibut', ['--version']).status === 0;
const ACCEPTED = ['ASCII', 'ascii', 'us-ascii', 'UTF-8', 'utf-8', 'utf8', 'ISO-8859-1', 'iso8859-1', 'iso_8859-1', 'latin1', 'latin-1', 'l1', 'csisolatin1', 'ISO_8859-15', 'iso-8859-16', 'windows-1252', 'win1252', 'cp1252', 'CP437', 'ibm437', 'koi8-r', 'koi8r', 'Mac Roman', 'macroman', 'macintosh', 'euc-jp', 'euc-kr', 'shift_jis', 'sjis', 'gb2312', 'big5', 'iso-2022-jp', 'utf-16', 'utf-7', 'ISO-8859-1-X11', 'viscii', 'hp-roman8', 'ansi_x3.4-1968', '646', 'BS 4730'];
const REJECTED = ['bogus', 'x-mac-roman', 'iso 8859 1', 'latin9', 'utf 8', 'UTF_8', 'cp-1252', 'windows1252', 'euckr', 'big5hkscs', 'gbk', 'ucs-2', ''];

function halibutAccepts(name: string): boolean {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hbc-'));
  fs.writeFileSync(path.join(dir, 'c.but'), `\\cfg{input-charset}{${name}}\n\nText.\n`);
  const r = spawnSync('halibut', ['--text=/dev/null', 'c.but'], { cwd: dir, encoding: 'utf8' });
  fs.rmSync(dir, { recursive: true, force: true });
  return !/not recognised/.test(r.stderr);
}

describe('input character sets', () => {
  it('accepts and rejects names as halibut does', function () {
    for (const n of ACCEPTED) assert.ok(lookupCharset(n), `should accept ${n}`);
    for (const n of REJECTED) assert.ok(!lookupCharset(n), `should reject ${n}`);
    if (!haveHalibut) {
      if (process.env.CI) assert.fail('halibut is not installed (CI must have it)');
      this.skip();
    }
    for (const n of [...ACCEPTED, ...REJECTED]) assert.strictEqual(!!lookupCharset(n), halibutAccepts(n), `halibut and we disagree on ${JSON.stringify(n)}`);
  });

  it('reports an unknown character set with halibut\'s words', () => {
    const set = analyseTexts('\\cfg{input-charset}{klingon}\n\nText.\n');
    assert.deepStrictEqual(messages(set), ["a.but:1: character set `klingon' not recognised"]);
  });

  it('decodes the bytes after a switch in the named set, and only those', () => {
    const bytes = Buffer.concat([
      Buffer.from('Caf\xc3\xa9 in UTF-8.\n\n\\cfg{input-charset}{ISO-8859-1}\n\n', 'latin1'),
      Buffer.from('Caf\xe9 in Latin-1.\n\n\\cfg{input-charset}{UTF-8}\n\n', 'latin1'),
      Buffer.from('Caf\xc3\xa9 again.\n', 'latin1'),
    ]);
    const text = decode(bytes);
    assert.strictEqual(text, 'Café in UTF-8.\n\n\\cfg{input-charset}{ISO-8859-1}\n\nCafé in Latin-1.\n\n\\cfg{input-charset}{UTF-8}\n\nCafé again.\n');
  });

  it('reads invalid UTF-8 without a switch as Latin-1, losing no byte', () => {
    const bytes = Buffer.from([0x41, 0xe9, 0xff, 0x42]);
    assert.deepStrictEqual([...decode(bytes)].map((c) => c.charCodeAt(0)), [0x41, 0xe9, 0xff, 0x42]);
  });
});
