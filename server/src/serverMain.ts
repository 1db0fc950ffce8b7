/** Entry point of the bundled language server (dist/server.js: the VS Code extension's, and the halibut-language-server command's). */
import { startServer } from './lsp/server';

startServer();
