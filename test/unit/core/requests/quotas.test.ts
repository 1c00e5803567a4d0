import { describe, expect, it } from 'vitest';
import {
  channelKey,
  DEFAULT_QUOTAS,
  type QuotaSettings,
  StartQuotas,
  userKey,
} from '../../../../functions/core/requests/quotas';
import { testJob } from '../../../support/job-fixtures';
import { MemoryJobStore } from '../../../support/memory-job-store';
import { MemoryQuotaStore } from '../../../support/memory-quota-store';
import { VirtualClock } from '../../../support/virtual-clock';

const MIN = 60_000;

function setup(settings: Partial<QuotaSettings> = {}) {
  const clock = new VirtualClock();
  const store = new MemoryQuotaStore();
  const jobs = new MemoryJobStore();
  const quotas = new StartQuotas({
    store,
    jobs,
    clock,
    settings: { ...DEFAULT_QUOTAS, ...settings },
  });
  return { clock, store, jobs, quotas };
}

let n = 0;
function start(overrides: { userId?: string; channelId?: string } = {}) {
  n += 1;
  return { requestId: `req-${n}`, userId: 'U0ALICE', channelId: 'C0TESTS', ...overrides };
}

describe('StartQuotas: starts per person', () => {
  it('admits the limit within the window, then says when the oldest start leaves it', async () => {
    // Prepare
    const { clock, quotas } = setup({ startsPerUser: 3, startWindowMinutes: 10 });
    const t0 = clock.now();
    for (let i = 0; i < 3; i++) {
      expect(await quotas.admit(start({ channelId: `C0CH${i}` }))).toEqual({ admitted: true });
      clock.advance(MIN);
    }

    // Act
    const refused = await quotas.admit(start({ channelId: 'C0OTHER' }));

    // Assess
    expect(refused).toEqual({
      admitted: false,
      refusal: {
        quota: 'starts_per_user',
        limit: 3,
        windowMinutes: 10,
        retryAt: t0 + 10 * MIN,
        waitMinutes: 7,
      },
    });
  });

  it('admits again once the oldest start has left the window (a sliding window)', async () => {
    // Prepare
    const { clock, store, quotas } = setup({ startsPerUser: 2, startWindowMinutes: 10 });
    const first = start();
    await quotas.admit(first);
    clock.advance(5 * MIN);
    await quotas.admit(start());
    clock.advance(4 * MIN);
    expect((await quotas.admit(start())).admitted).toBe(false);

    // Act
    clock.advance(MIN);
    const later = start();
    const admitted = await quotas.admit(later);

    // Assess
    expect(admitted).toEqual({ admitted: true });
    expect(Object.keys(store.holders(userKey('U0ALICE')))).not.toContain(first.requestId);
    expect(Object.keys(store.holders(userKey('U0ALICE')))).toContain(later.requestId);
  });

  it('counts a redelivered start once', async () => {
    // Prepare
    const { quotas } = setup({ startsPerUser: 1 });
    const once = start();

    // Act
    const first = await quotas.admit(once);
    const again = await quotas.admit(once);
    const other = await quotas.admit(start());

    // Assess
    expect(first).toEqual({ admitted: true });
    expect(again).toEqual({ admitted: true });
    expect(other.admitted).toBe(false);
  });

  it('counts each person apart', async () => {
    // Prepare
    const { quotas } = setup({ startsPerUser: 1 });
    await quotas.admit(start({ userId: 'U0ALICE' }));

    // Act
    const bob = await quotas.admit(start({ userId: 'U0BOB' }));

    // Assess
    expect(bob).toEqual({ admitted: true });
  });

  it('lets an idle counter expire one window after its last start', async () => {
    // Prepare
    const { clock, store, quotas } = setup({ startWindowMinutes: 10 });

    // Act
    await quotas.admit(start());

    // Assess
    expect(store.expiresAt(userKey('U0ALICE'))).toBe(Math.ceil((clock.now() + 10 * MIN) / 1000));
  });
});

describe('StartQuotas: active jobs per channel', () => {
  it('refuses a start while the channel has the limit of unfinished jobs', async () => {
    // Prepare
    const { jobs, quotas } = setup({ activeJobsPerChannel: 2 });
    for (const who of ['U0A', 'U0B']) {
      const s = start({ userId: who });
      await quotas.admit(s);
      await jobs.create(
        testJob({ requestId: s.requestId, channelId: 'C0TESTS', phase: 'running' }),
      );
    }

    // Act
    const refused = await quotas.admit(start({ userId: 'U0C' }));

    // Assess
    expect(refused).toEqual({
      admitted: false,
      refusal: { quota: 'active_jobs_per_channel', limit: 2, channelId: 'C0TESTS' },
    });
  });

  it('gives the places of finished jobs back when the channel is full', async () => {
    // Prepare
    const { jobs, store, quotas } = setup({ activeJobsPerChannel: 2 });
    const done = start({ userId: 'U0A' });
    const running = start({ userId: 'U0B' });
    for (const [s, phase] of [
      [done, 'done'],
      [running, 'running'],
    ] as const) {
      await quotas.admit(s);
      await jobs.create(testJob({ requestId: s.requestId, channelId: 'C0TESTS', phase }));
    }

    // Act
    const next = start({ userId: 'U0C' });
    const admitted = await quotas.admit(next);

    // Assess
    expect(admitted).toEqual({ admitted: true });
    expect(Object.keys(store.holders(channelKey('C0TESTS'))).sort()).toEqual(
      [running.requestId, next.requestId].sort(),
    );
  });

  it('leaves a place whose job is not recorded yet alone for two minutes, then frees it', async () => {
    // Prepare
    const { clock, quotas } = setup({ activeJobsPerChannel: 1 });
    await quotas.admit(start({ userId: 'U0A' }));

    // Act
    clock.advance(MIN);
    const soon = await quotas.admit(start({ userId: 'U0B' }));
    clock.advance(2 * MIN);
    const later = await quotas.admit(start({ userId: 'U0C' }));

    // Assess
    expect(soon.admitted).toBe(false);
    expect(later).toEqual({ admitted: true });
  });

  it("gives a person's place back when the channel refuses the start", async () => {
    // Prepare
    const { jobs, store, quotas } = setup({ activeJobsPerChannel: 1 });
    const other = start({ userId: 'U0B' });
    await quotas.admit(other);
    await jobs.create(testJob({ requestId: other.requestId, channelId: 'C0TESTS' }));

    // Act
    const refused = await quotas.admit(start({ userId: 'U0ALICE' }));

    // Assess
    expect(refused.admitted).toBe(false);
    expect(store.holders(userKey('U0ALICE'))).toEqual({});
  });

  it('withdraws both places of a start that did not happen', async () => {
    // Prepare
    const { store, quotas } = setup();
    const s = start();
    await quotas.admit(s);

    // Act
    await quotas.withdraw(s);

    // Assess
    expect(store.holders(userKey('U0ALICE'))).toEqual({});
    expect(store.holders(channelKey('C0TESTS'))).toEqual({});
  });
});
