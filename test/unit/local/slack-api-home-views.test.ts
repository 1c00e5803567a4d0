import { describe, expect, it } from 'vitest';
import { HomeViews } from '../../../functions/local/slack-api/home-views';

/* views.publish at the local Slack Web API: Slack's rules for Home views, one view per person. */

const section = (text: string) => ({ type: 'section', text: { type: 'mrkdwn', text } });

function refusal(publish: () => unknown): string {
  try {
    publish();
  } catch (error) {
    return (error as { code?: string }).code ?? String(error);
  }
  return 'accepted';
}

describe('views.publish at the local Slack Web API', () => {
  it("publishes a person's Home, and replaces it keeping its id on the next publish", () => {
    // Prepare
    const homes = new HomeViews(() => 1_000);

    // Act
    const first = homes.publish({
      user_id: 'U0ALICE',
      view: { type: 'home', blocks: [section('a')] },
    });
    const second = homes.publish({
      user_id: 'U0ALICE',
      view: JSON.stringify({ type: 'home', blocks: [section('b')] }),
    });

    // Assess
    expect(second.view.id).toBe(first.view.id);
    expect(homes.list()).toHaveLength(1);
    expect(homes.of('U0ALICE')).toMatchObject({ publishes: 2, view: { blocks: [section('b')] } });
  });

  it('refuses what Slack refuses: no user, a modal, inputs, 101 blocks, a long button, a stale hash', () => {
    // Prepare
    const homes = new HomeViews(() => 1_000);
    const { view } = homes.publish({ user_id: 'U0BOB', view: { type: 'home', blocks: [] } });
    const home = (blocks: unknown[]) => ({ type: 'home', blocks });

    // Act
    const refusals = [
      refusal(() => homes.publish({ view: home([]) })),
      refusal(() => homes.publish({ user_id: 'alice', view: home([]) })),
      refusal(() => homes.publish({ user_id: 'U0BOB', view: { ...home([]), type: 'modal' } })),
      refusal(() =>
        homes.publish({
          user_id: 'U0BOB',
          view: home([{ type: 'input', label: { type: 'plain_text', text: 'x' }, element: {} }]),
        }),
      ),
      refusal(() => homes.publish({ user_id: 'U0BOB', view: home(Array(101).fill(section('x'))) })),
      refusal(() =>
        homes.publish({
          user_id: 'U0BOB',
          view: home([
            {
              ...section('x'),
              accessory: { type: 'button', text: { type: 'plain_text', text: 'R'.repeat(76) } },
            },
          ]),
        }),
      ),
      refusal(() => homes.publish({ user_id: 'U0BOB', view: home([]), hash: 'stale' })),
      refusal(() => homes.publish({ user_id: 'U0BOB', view: home([]), hash: view.hash })),
    ];

    // Assess
    expect(refusals).toEqual([
      'invalid_arguments',
      'user_not_found',
      'invalid_arguments',
      'invalid_arguments',
      'invalid_blocks',
      'invalid_blocks',
      'hash_conflict',
      'accepted',
    ]);
  });
});
