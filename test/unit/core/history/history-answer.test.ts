import { describe, expect, it } from 'vitest';
import {
  answerHistory,
  HISTORY_READ_LIMIT,
} from '../../../../functions/core/history/history-answer';
import { parseCatalog } from '../../../../functions/core/requests/catalog';
import { renderHistory } from '../../../../functions/slack/blocks/history';
import { MemoryRunHistory, runRecord } from '../../../support/run-records';

const NOW = Date.UTC(2026, 11, 5, 12);
const catalog = parseCatalog([{ alias: 'busy', templateId: 'TPL-BUSY', name: 'Busy suite' }]);
const access = { catalog, admins: { users: [], userGroups: [] }, watchers: 'anyone' as const };
const asker = { userId: 'U0ALICE', channelId: 'C0TESTS' };

describe('answerHistory', () => {
  it('reads at most HISTORY_READ_LIMIT records, the newest, and says the answer counted only those', async () => {
    // Prepare: 100 runs a day for 60 days.
    const history = new MemoryRunHistory();
    for (let i = 0; i < 6_000; i++) {
      await history.record(
        runRecord({ templateId: 'TPL-BUSY', endedAt: NOW - 1 - i * 864_000, verdict: 'passed' }),
      );
    }

    // Act
    const answer = await answerHistory(
      { history, clock: { now: () => NOW }, catalog, access },
      { target: 'busy', days: 30 },
      asker,
    );

    // Assess
    if (answer.kind !== 'history') throw new Error(`unexpected ${answer.kind}`);
    expect(answer.recordsRead).toBe(HISTORY_READ_LIMIT);
    expect(answer.capped).toBe(true);
    expect(answer.trend.passRate.runs).toBe(HISTORY_READ_LIMIT);
    expect(JSON.stringify(renderHistory(answer).blocks)).toContain(
      'Counted from the newest 2,000 run records.',
    );
  });

  it('says history is not kept when the bot has no history store', async () => {
    const answer = await answerHistory(
      { clock: { now: () => NOW }, catalog, access },
      { target: 'busy', days: 30 },
      asker,
    );
    expect(answer).toMatchObject({ kind: 'refused', code: 'HISTORY_OFF' });
  });
});
