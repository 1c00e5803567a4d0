// Placeholder entry so the CDK stack can bundle; replaced by the real composition root.
export const handler = async (): Promise<never> => {
  throw new Error('slack-events handler not wired yet');
};
