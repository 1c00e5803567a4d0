import { describe, expect, it } from 'vitest';
import {
  DENSE_HOP_HAZARD,
  FIRST_HOP_HAZARD,
  finishEstimate,
  hopZones,
  normalHazard,
  normalSurvival,
  zAtHazard,
} from '../../../../functions/core/polling/finish-estimate';

const SECOND = 1_000;
const MINUTE = 60 * SECOND;
const T0 = Date.UTC(2025, 0, 6, 9, 0, 0);

describe('the normal distribution behind the hops', () => {
  it('gives the survival function to within 1e-7 of tabulated values', () => {
    // Act
    const values = [-1.96, 0, 1, 1.96, 3].map(normalSurvival);

    // Assess
    const tabulated = [0.9750021, 0.5, 0.1586553, 0.0249979, 0.0013499];
    for (const [i, v] of values.entries())
      expect(Math.abs(v - (tabulated[i] ?? 0))).toBeLessThan(1e-6);
  });

  it('finds the z of a hazard: the inverse of a hazard that grows with z', () => {
    // Prepare
    const zs = [-3, -1, 0, 0.5, 2];

    // Act
    const back = zs.map((z) => zAtHazard(normalHazard(z)));

    // Assess
    for (const [i, z] of back.entries()) expect(z).toBeCloseTo(zs[i] ?? 0, 6);
    expect(normalHazard(-1)).toBeLessThan(normalHazard(0));
    expect(normalHazard(0)).toBeLessThan(normalHazard(2));
  });
});

describe('finishEstimate', () => {
  it('expects the finish a median after the middle of the start bracket, the bracket widening it', () => {
    // Prepare
    const run = { lowMs: 0, highMs: 0, medianMs: 20 * MINUTE, spreadMs: 60 * SECOND, samples: 10 };

    // Act
    const seenAtOnce = finishEstimate(run, { from: T0, to: T0 });
    const bracketed = finishEstimate(run, { from: T0, to: T0 + 2 * MINUTE });

    // Assess: a start anywhere in 2 minutes adds a uniform spread of 120 s / √12.
    expect(seenAtOnce).toEqual({ meanAt: T0 + 20 * MINUTE, spreadMs: 60 * SECOND });
    expect(bracketed.meanAt).toBe(T0 + 21 * MINUTE);
    expect(bracketed.spreadMs).toBeCloseTo(Math.sqrt(60_000 ** 2 + 120_000 ** 2 / 12), 6);
  });

  it('reads a job stored with the window alone as a finish in its middle', () => {
    // Act
    const f = finishEstimate(
      { lowMs: 18 * MINUTE, highMs: 22.5 * MINUTE, samples: 5 },
      { from: T0, to: T0 },
    );

    // Assess
    expect(f.meanAt).toBe(T0 + 20.25 * MINUTE);
    expect(f.spreadMs).toBe((4.5 * MINUTE) / 2.7);
  });
});

describe('hopZones', () => {
  it('begins hops and dense hops where a job still running finishes at the set rates', () => {
    // Prepare
    const finish = { meanAt: T0 + 30 * MINUTE, spreadMs: 90 * SECOND };

    // Act
    const zones = hopZones(finish);

    // Assess: the normal hazard there, in per-ms rates of the job's own time.
    const rateAt = (at: number) =>
      normalHazard((at - finish.meanAt) / finish.spreadMs) / finish.spreadMs;
    expect(rateAt(zones.firstAt) / FIRST_HOP_HAZARD).toBeCloseTo(1, 6);
    expect(rateAt(zones.denseAt) / DENSE_HOP_HAZARD).toBeCloseTo(1, 6);
    expect(zones.firstAt).toBeLessThan(zones.denseAt);
    expect(zones.denseAt).toBeLessThan(zones.denseEndAt);
    expect(zones.denseEndAt).toBeLessThan(zones.sparseEndAt);
  });
});
