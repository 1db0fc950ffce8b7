/** Entry point of the bundled language server (dist/server.js in the VS Code extension). */
import { startServer } from './lsp/server';

startServer();
