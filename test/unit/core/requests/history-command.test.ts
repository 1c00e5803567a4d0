import { describe, expect, it } from 'vitest';
import { parseAtsCommand } from '../../../../functions/core/requests/command';

describe('parseAtsCommand: history', () => {
  it('reads an alias and 30 days by default, or the days given', () => {
    expect(parseAtsCommand('history smoke')).toEqual({
      verb: 'history',
      target: 'smoke',
      days: 30,
    });
    expect(parseAtsCommand('HISTORY `smoke` 7')).toEqual({
      verb: 'history',
      target: 'smoke',
      days: 7,
    });
    expect(parseAtsCommand('history smoke 200')).toEqual({
      verb: 'history',
      target: 'smoke',
      days: 200,
    });
  });

  it('refuses days that are not a whole number from 1 to 200, saying what was given', () => {
    for (const days of ['0', '201', '-3', '1.5', 'week', '１０', '00000007', '1e2']) {
      expect(parseAtsCommand(`history smoke ${days}`)).toEqual({
        verb: 'invalid',
        code: 'BAD_DAYS',
        given: days,
        about: 'history',
      });
    }
  });

  it('wants an alias, and no more than the days after it', () => {
    expect(parseAtsCommand('history')).toMatchObject({
      code: 'MISSING_ARGUMENT',
      about: 'history',
    });
    expect(parseAtsCommand('history smoke 7 more')).toMatchObject({
      code: 'TOO_MANY_ARGUMENTS',
      about: 'history',
    });
    expect(parseAtsCommand('history <smoke>')).toMatchObject({ code: 'BAD_ARGUMENT' });
  });

  it('suggests history for a misspelt verb', () => {
    expect(parseAtsCommand('histroy smoke')).toMatchObject({
      verb: 'invalid',
      code: 'UNKNOWN_COMMAND',
      suggestedVerb: 'history',
    });
  });
});
