/* global module, process */
// `node:http` for the functions' bundles, taken as a CommonJS module (see FUNCTION_BUNDLING): Node.js 24
// builds an ES module's view of a built-in by reading all of its exports, and `http.WebSocket`,
// `CloseEvent` and `MessageEvent` are getters that load Node's own undici, tens of milliseconds
// of every cold start for classes nothing here uses. process.getBuiltinModule() reads none of them.
// Not require(): the bundler would resolve it to this file again.
module.exports = process.getBuiltinModule('node:http');
