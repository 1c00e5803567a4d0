'use strict';
/**
 * Stands in, in the Slack ingress bundle only, for packages Bolt's `App` module loads but the
 * Lambda receiver never calls (OAuth, Socket Mode, the HTTP receiver's body parser and router).
 * Loading it costs nothing; using any export throws, naming the mistake.
 */
module.exports = new Proxy(
  {},
  {
    get(_target, property) {
      if (typeof property === 'symbol' || property === '__esModule' || property === 'then') {
        return undefined;
      }
      return () => {
        throw new Error(
          `"${String(property)}" belongs to a module left out of the Slack ingress bundle (see functions/slack/bolt-bundle/bolt-aliases.ts)`,
        );
      };
    },
  },
);
