import { describe, expect, it } from 'vitest';
import { formatDuration, parseDuration } from '../../../functions/ats/duration';

describe('parseDuration', () => {
  it.each([
    ['00:00:04', 4],
    ['00:01:37', 97],
    ['01:02:03', 3723],
    ['123:00:00', 442_800],
    ['0:5:7', 307],
    ['00:00:09.750', 9],
    [' 00:00:02 ', 2],
    ['999999:59:59', 3_599_999_999],
    ['00:00:05.25', 5],
  ])('reads %s as %i seconds', (text, seconds) => {
    // Act
    const parsed = parseDuration(text);

    // Assess
    expect(parsed).toBe(seconds);
  });

  it.each([
    undefined,
    '',
    '4',
    '00:04',
    '00:60:00',
    '00:00:61',
    'aa:bb:cc',
    '-1:00:00',
    '1:2:3:4',
    '1234567:00:00',
    '00:000:00',
    '00:00:005',
    '00:00:00.',
    '00:00:00.5.5',
    '00:00:0x',
    ':00:00',
    '00::00',
    '+1:00:00',
  ])('reads %s as undefined', (text) => {
    // Act
    const parsed = parseDuration(text);

    // Assess
    expect(parsed).toBeUndefined();
  });
});

describe('formatDuration', () => {
  it.each([
    [0, '00:00:00'],
    [97, '00:01:37'],
    [3723, '01:02:03'],
    [442_800, '123:00:00'],
  ])('formats %i seconds as %s and reads back', (seconds, text) => {
    // Act
    const formatted = formatDuration(seconds);

    // Assess
    expect(formatted).toBe(text);
    expect(parseDuration(formatted)).toBe(seconds);
  });
});
