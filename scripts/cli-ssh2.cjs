// What core takes from 'ssh2' at run time (Client and utils.parseKey), without the package index: that
// also loads ssh2's server, key generator and HTTP(S) agents (node:https and node:tls), which a CLI
// start does not need. The CLI bundle resolves 'ssh2' here (scripts/build-cli.mjs).
'use strict';

module.exports = {
  Client: require('ssh2/lib/client.js'),
  utils: { parseKey: require('ssh2/lib/protocol/keyParser.js').parseKey },
};
