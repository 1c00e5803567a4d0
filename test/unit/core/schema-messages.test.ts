import { describe, expect, it } from 'vitest';
import { parseCatalog } from '../../../functions/core/catalog';
import { workerMessageSchema } from '../../../functions/core/worker-message';

// This file must not import `zod`: loading it would set English messages by itself and hide a
// missing `schema-messages` import (zod/mini alone says "Invalid input" for everything).

describe('messages of the zod/mini run-time schemas', () => {
  it("are zod's English ones where the schema states no message of its own", () => {
    // Prepare
    const entry = { alias: 'smoke', templateId: '', name: 'Smoke' };

    // Act
    const tooShort = () => parseCatalog([entry]);
    const notInteger = () => parseCatalog([{ ...entry, templateId: 'tpl', autoReruns: 1.5 }]);
    const unknownKey = () => parseCatalog([{ ...entry, templateId: 'tpl', owner: 'me' }]);
    const badType = workerMessageSchema.safeParse({ type: 'poll', requestId: 'r', seq: '1' });

    // Assess
    expect(tooShort).toThrow(
      'Invalid templates catalog at [0.templateId]: Too small: expected string to have >=1 characters',
    );
    expect(notInteger).toThrow(
      'Invalid templates catalog at [0.autoReruns]: Invalid input: expected int, received number',
    );
    expect(unknownKey).toThrow('Invalid templates catalog at [0]: Unrecognized key: "owner"');
    expect(badType.error?.issues[0]?.message).toBe(
      'Invalid input: expected number, received string',
    );
  });
});
