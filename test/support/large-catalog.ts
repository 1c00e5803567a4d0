/**
 * A catalog of `count` templates as a team with many suites writes one: every entry with a
 * display name, access lists (users, user groups, channels), a notification channel and
 * automatic reruns on every third. Deterministic, so runs compare.
 */
export function largeCatalog(count: number): Record<string, unknown>[] {
  const id = (prefix: string, n: number) => `${prefix}${String(n).padStart(8, '0')}X`;
  return Array.from({ length: count }, (_, i) => ({
    alias: `suite-${String(i).padStart(3, '0')}`,
    templateId: `0f0e0d0c-${String(i).padStart(4, '0')}-4b0a-9c8d-7e6f5a4b3c2d`,
    name: `Regression suite ${i}: checkout, payments and account pages`,
    allowedUsers: [0, 1, 2, 3, 4].map((k) => id('U', i * 5 + k)),
    allowedUserGroups: [id('S', i), id('S', 1000 + i)],
    allowedChannels: [id('C', i), id('C', 2000 + i)],
    notifyChannels: [id('C', 3000 + i)],
    ...(i % 3 === 0 ? { autoReruns: 1 } : {}),
  }));
}
