import { describe, expect, it } from 'vitest';
import {
  blockToHtml,
  messageToHtml,
} from '../../../../functions/local/playground/static/block-kit';
import {
  mrkdwnToHtml,
  plainTextToHtml,
} from '../../../../functions/local/playground/static/mrkdwn';

const names = { U0ALICE01: 'alice', C0PLAYGND: 'ats-playground' };

describe('mrkdwnToHtml', () => {
  it('renders bold, italic, strike and code, leaving identifiers with _ and * alone', () => {
    // Act
    const html = mrkdwnToHtml('*Smoke* _fast_ ~old~ `tpl_a*b*` run_id_1 2*3*4');

    // Assess
    expect(html).toBe('<b>Smoke</b> <i>fast</i> <s>old</s> <code>tpl_a*b*</code> run_id_1 2*3*4');
  });

  it('renders links, mentions and special mentions, and only safe URLs as anchors', () => {
    // Act
    const html = mrkdwnToHtml(
      '<https://ats.example/job?a=1&amp;b=2|job *1*> <@U0ALICE01> <@U0UNKNOWN> <#C0PLAYGND> <!subteam^S0QA|@qa> <!here> <javascript:alert(1)|click>',
      names,
    );

    // Assess
    expect(html).toContain(
      '<a href="https://ats.example/job?a=1&amp;b=2" target="_blank" rel="noopener noreferrer">job *1*</a>',
    );
    expect(html).toContain('@alice</span>');
    expect(html).toContain('@U0UNKNOWN</span>');
    expect(html).toContain('#ats-playground</span>');
    expect(html).toContain('@qa</span>');
    expect(html).toContain('@here</span>');
    expect(html).toContain(' click');
    expect(html).not.toContain('javascript:');
  });

  it('escapes HTML: Slack entities show as characters, raw tags never become tags', () => {
    // Act
    const html = mrkdwnToHtml('&lt;img src=x onerror=alert(1)&gt; "quoted" & <img src=x>');

    // Assess
    expect(html).not.toMatch(/<img/);
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(html).toContain('&quot;quoted&quot; &amp;');
  });

  it('renders lists, quotes, code blocks and line breaks', () => {
    // Act
    const html = mrkdwnToHtml(
      'Failed cases:\n• Login *works*\n• Logout\n1. first\n> note\n```\nstack *trace*\n```',
    );

    // Assess
    expect(html).toBe(
      'Failed cases:<br><ul><li>Login <b>works</b></li><li>Logout</li></ul><ol><li>first</li></ol><blockquote>note</blockquote><pre>stack *trace*\n</pre>',
    );
  });

  it('shows known emoji shortcodes as emoji and others as text', () => {
    // Act
    const html = mrkdwnToHtml(':white_check_mark: Passed :not_an_emoji:');

    // Assess
    expect(html).toBe(
      '<span class="emoji" title=":white_check_mark:">✅</span> Passed :not_an_emoji:',
    );
  });

  it('renders <!date^…> from its epoch seconds, not from the fallback', () => {
    // Act
    const html = mrkdwnToHtml('<!date^1767268800^{date_num}|fallback text>');

    // Assess
    expect(html).toBe('<time datetime="2026-01-01T12:00:00.000Z">2026-01-01</time>');
  });
});

describe('plainTextToHtml', () => {
  it('escapes and turns emoji shortcodes into emoji unless told not to', () => {
    // Act
    const withEmoji = plainTextToHtml(':repeat: Rerun <b>');
    const without = plainTextToHtml(':repeat: Rerun', false);

    // Assess
    expect(withEmoji).toBe('🔁 Rerun &lt;b&gt;');
    expect(without).toBe(':repeat: Rerun');
  });
});

describe('blockToHtml / messageToHtml', () => {
  it('renders the blocks the bot posts: header, section with fields, context, actions, divider', () => {
    // Prepare
    const message = {
      text: 'fallback',
      blocks: [
        { type: 'header', text: { type: 'plain_text', text: ':x: Smoke failed' } },
        {
          type: 'section',
          text: { type: 'mrkdwn', text: '*Smoke*' },
          fields: [
            { type: 'mrkdwn', text: '*Started by*\n<@U0ALICE01>' },
            { type: 'mrkdwn', text: '*Status*\nDone' },
          ],
        },
        { type: 'context', elements: [{ type: 'mrkdwn', text: '2 passed · 1 failed' }] },
        { type: 'divider' },
        {
          type: 'actions',
          block_id: 'outcome',
          elements: [
            {
              type: 'button',
              action_id: 'rerun_not_passed',
              value: 'req-1',
              style: 'primary',
              text: { type: 'plain_text', text: 'Rerun not passed' },
            },
            {
              type: 'button',
              url: 'https://ats.example/j/1',
              text: { type: 'plain_text', text: 'Open in ATS' },
            },
          ],
        },
      ],
    };

    // Act
    const html = messageToHtml(message, names);

    // Assess
    expect(html).toContain('<div class="block header">❌ Smoke failed</div>');
    expect(html).toContain(
      '<div class="field"><b>Started by</b><br><span class="mention" data-user="U0ALICE01">@alice</span></div>',
    );
    expect(html).toContain('<div class="block context"><span>2 passed · 1 failed</span></div>');
    expect(html).toContain('<hr class="block divider">');
    expect(html).toContain(
      '<button type="button" class="button primary" data-action-id="rerun_not_passed" data-block-id="outcome" data-value="req-1">Rerun not passed</button>',
    );
    expect(html).toContain('<a class="button" href="https://ats.example/j/1"');
    expect(html).not.toContain('fallback');
  });

  it('falls back to the text of a message without blocks, and names unknown block types', () => {
    // Act
    const text = messageToHtml({ text: 'Only *you* see this' });
    const unknown = blockToHtml({ type: 'video' });

    // Assess
    expect(text).toContain('Only <b>you</b> see this');
    expect(unknown).toContain('[video block]');
  });
});
