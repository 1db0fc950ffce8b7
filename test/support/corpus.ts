/** Where the shared corpus is, and the document sets its README describes. */
import * as path from 'path';

export const projectRoot = path.resolve(__dirname, '../../..');
export const corpus = path.resolve(projectRoot, '../shared/corpus');
export const puttyDir = path.join(corpus, 'putty');
export const halibutDir = path.join(corpus, 'halibut');

/** The PuTTY manual, in halibut's order, relative to puttyDir. */
export const PUTTY_MANUAL = [
  'generated/copy.but', 'doc/blurb.but', 'doc/intro.but', 'doc/gs.but', 'doc/using.but', 'doc/config.but', 'doc/pscp.but',
  'doc/psftp.but', 'doc/plink.but', 'doc/pubkey.but', 'doc/pageant.but', 'doc/errors.but', 'doc/faq.but', 'doc/feedback.but',
  'doc/pubkeyfmt.but', 'generated/licence.but', 'doc/udp.but', 'doc/pgpkeys.but', 'doc/sshnames.but', 'doc/authplugin.but',
  'doc/index.but', 'generated/version.but',
];
export const PUTTY_MAN_PAGES = ['pageant', 'plink', 'pscp', 'psftp', 'psocks', 'psusan', 'pterm', 'putty', 'puttygen', 'puttytel'];
/** The Halibut manual, relative to halibutDir. */
export const HALIBUT_MANUAL = ['blurb', 'intro', 'running', 'input', 'output', 'licence', 'manpage', 'index'].map((f) => `doc/${f}.but`);
