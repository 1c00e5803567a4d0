import { describe, expect, it } from 'vitest';
import { parseAtsCommand } from '../../../../functions/core/requests/command';
import { renderAnswer } from '../../../../functions/slack/blocks/answer';
import { renderHelp } from '../../../../functions/slack/blocks/help';

describe('parseAtsCommand, the digest', () => {
  it.each([
    ['digest mon 09:00', { verb: 'digest', when: ['mon', '09:00'] }],
    [
      'Digest mon,fri 08:30 `Europe/Amsterdam`',
      { verb: 'digest', when: ['mon,fri', '08:30', 'Europe/Amsterdam'] },
    ],
    ['digest weekdays 07:45', { verb: 'digest', when: ['weekdays', '07:45'] }],
    ['digest off', { verb: 'digest', when: ['off'] }],
  ])('understands %j', (text, expected) => {
    // Prepare / Act / Assess
    expect(parseAtsCommand(text)).toEqual(expected);
  });

  it.each([
    ['digest', 'MISSING_ARGUMENT'],
    ['digest mon <!channel>', 'BAD_ARGUMENT'],
  ])('explains %j with what the digest takes', (text, code) => {
    // Act
    const command = parseAtsCommand(text);
    const answer = renderAnswer({
      kind: 'help',
      templates: [],
      problem: { code: code as 'MISSING_ARGUMENT', given: '', about: 'digest' },
    });

    // Assess
    expect(command).toMatchObject({ verb: 'invalid', code, about: 'digest' });
    if (code === 'MISSING_ARGUMENT') {
      expect(answer.text).toBe(
        ':thinking_face: `/ats digest` needs when to post it (e.g. `mon 09:00`), or `off`.',
      );
    }
  });

  it('is in /ats help', () => {
    // Act
    const help = JSON.stringify(renderHelp([]).blocks);

    // Assess
    expect(help).toContain('*/ats digest* _when_ [_time zone_]');
    expect(help).toContain('*/ats digest off* stops it');
  });
});
