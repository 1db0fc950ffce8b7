/** A workspace over files held in memory, one set in the given order, and a way to edit them. */
import * as path from 'path';
import { PROJECT_FILE_NAME } from '../../server/src/core/project';
import { Workspace, WorkspaceHost } from '../../server/src/core/workspace';
import { uriOf } from '../../server/src/features/context';

export function memoryWorkspace(files: { name: string; text: string }[], dir = path.resolve('/fuzz')): { ws: Workspace; uris: string[]; paths: string[] } {
  const disk = new Map<string, string>(files.map((f) => [path.join(dir, f.name), f.text]));
  disk.set(path.join(dir, PROJECT_FILE_NAME), JSON.stringify({ sets: [{ name: 'fuzz', files: files.map((f) => f.name) }] }));
  const host: WorkspaceHost = {
    readFile: (f) => disk.get(f),
    listDir: (d) => (d === dir ? { files: [...disk.keys()].map((f) => path.basename(f)), dirs: [] } : { files: [], dirs: [] }),
  };
  const ws = new Workspace(host);
  ws.setFolders([dir]);
  const paths = files.map((f) => path.join(dir, f.name));
  return { ws, uris: paths.map(uriOf), paths };
}
