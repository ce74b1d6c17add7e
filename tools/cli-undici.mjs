// What the groupmod build (tools/build-cli.mjs) bundles in place of the `undici` package: the
// two exports functions/agora/transport.ts imports, `Agent` and `request`, from undici's own
// modules. undici's entry point also loads fetch, WebSocket, HTTP/2, caches and mocks, which
// would cost every CLI call more than its request. `request` is undici's, less what the
// transport never passes (a callback, a `path` apart from the URL, the global dispatcher).
// It reaches into undici's files, which are not its public API: package.json pins undici to one
// version, and the CLI tests (which run this build) are what an upgrade must pass.
import Agent from 'undici/lib/dispatcher/agent.js';
import apiRequest from 'undici/lib/api/api-request.js';
import util from 'undici/lib/core/util.js';

export { Agent };

export function request(url, opts) {
  const parsed = util.parseURL(url);
  return apiRequest.call(opts.dispatcher, {
    ...opts,
    origin: parsed.origin,
    path: parsed.search ? `${parsed.pathname}${parsed.search}` : parsed.pathname,
    method: opts.method || (opts.body ? 'PUT' : 'GET'),
  });
}
