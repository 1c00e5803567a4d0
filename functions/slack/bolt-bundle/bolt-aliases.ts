/**
 * How the Slack ingress is bundled beyond the project's common esbuild options.
 *
 * Bolt's `App` module requires the HTTP and Socket Mode receivers at load time, and through them
 * `@slack/oauth` (with jsonwebtoken), `@slack/socket-mode` (with undici and ws), `raw-body` (with
 * iconv-lite) and `path-to-regexp`. The ingress uses only the AWS Lambda receiver, which needs
 * none of them, yet loading them is most of a plain Bolt bundle's size and cold start. esbuild's
 * `alias` replaces them by {@link UNUSED_MODULE_STUB}; `bolt-app.ts` imports `App` and the Lambda
 * receiver from their own modules so the package index (Express and friends) is never loaded.
 * The integration tests run the unbundled code with the real packages; the benchmark
 * (`npm run bench:slack`) builds the stubbed bundle and drives signed requests through it.
 */

/** Packages stubbed out of the ingress bundle. */
export const INGRESS_STUBBED_PACKAGES = [
  '@slack/oauth',
  '@slack/socket-mode',
  'raw-body',
  'path-to-regexp',
] as const;

/** The stub, relative to the project root. */
export const UNUSED_MODULE_STUB = 'functions/slack/bolt-bundle/unused-bolt-module.cjs';

/**
 * esbuild `alias` option for the ingress: each stubbed package → the stub, as a path relative to
 * the working directory (the project root), which is how esbuild resolves alias targets.
 */
export function ingressBundleAliases(): Record<string, string> {
  return Object.fromEntries(
    INGRESS_STUBBED_PACKAGES.map((name) => [name, `./${UNUSED_MODULE_STUB}`]),
  );
}

/**
 * The same aliases as esbuild command-line arguments, for CDK's `NodejsFunction`
 * `bundling.esbuildArgs` (which has no `alias` option of its own).
 */
export function ingressEsbuildArgs(): Record<string, string> {
  return Object.fromEntries(
    Object.entries(ingressBundleAliases()).map(([name, target]) => [`--alias:${name}`, target]),
  );
}
