import {
  buildChannelDigest,
  type ChannelDigest,
  digestPeriods,
} from '../../functions/core/digest/channel-digest';
import { DIGEST_AT, DIGEST_CHANNEL, fixedDigestHistory } from './digest-history';

/** Where the example chart of the docs is kept. */
export const DIGEST_EXAMPLE_PNG = 'docs/digest-example.png';

/** The first digest of the fixed history, as the docs' example shows it (Amsterdam days). */
export function exampleDigest(): ChannelDigest {
  return buildChannelDigest(fixedDigestHistory(), {
    ...digestPeriods(DIGEST_AT),
    channelId: DIGEST_CHANNEL,
    timeZone: 'Europe/Amsterdam',
    truncated: false,
  });
}
