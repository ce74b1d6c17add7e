/* global module, process */
// `node:https` taken as a CommonJS module, like `node:http` (see node-http.cjs): it loads node:http.
// Not require(): the bundler would resolve it to this file again.
module.exports = process.getBuiltinModule('node:https');
