import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import { RegionInfo } from 'aws-cdk-lib/region-info';
import { describe, expect, it } from 'vitest';
import { AtsBotStack } from '../../lib/ats-bot-stack';
import { loadBotConfig } from '../../lib/config';
import { BOT_ARCHITECTURE, SECRETS_EXTENSION_VERSION } from '../../lib/constructs/bot-function';
import { PROJECT_ROOT } from '../../lib/project-root';
import {
  REGIONS_WITHOUT_FUNCTION_URLS,
  supportedRegions,
  UnsupportedRegionError,
} from '../../lib/regions';
import { buildBotStack, TEST_BOT_CONFIG } from './bot-stack-fixture';

const layerArnIn = (region: string) =>
  RegionInfo.get(region).paramsAndSecretsLambdaLayerArn(
    SECRETS_EXTENSION_VERSION,
    BOT_ARCHITECTURE.name,
  );

/** Builds the stack for a concrete region without bundling; returns what it threw. */
function synthIn(region: string): unknown {
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
  try {
    new AtsBotStack(app, 'AtsSlackBot-prod', {
      config: loadBotConfig(TEST_BOT_CONFIG),
      env: { account: '123456789012', region },
    });
    return undefined;
  } catch (error) {
    return error;
  }
}

describe('supported regions', () => {
  it('are those where aws-cdk-lib has the extension layer and Lambda has function URLs', () => {
    // Act
    const regions = supportedRegions();

    // Assess
    expect(regions).toEqual(expect.arrayContaining(['eu-west-1', 'us-east-1', 'ap-southeast-2']));
    for (const region of regions) {
      expect(layerArnIn(region), region).toMatch(/^arn:aws:lambda:.*:layer:.*:\d+$/);
      expect(REGIONS_WITHOUT_FUNCTION_URLS).not.toContain(region);
    }
    const others = RegionInfo.regions.map((r) => r.name).filter((r) => !regions.includes(r));
    for (const region of others) {
      expect(
        layerArnIn(region) === undefined || REGIONS_WITHOUT_FUNCTION_URLS.includes(region),
        region,
      ).toBe(true);
    }
  });

  it('build the stack in a supported region', () => {
    // Act
    const error = synthIn('eu-west-1');

    // Assess
    expect(error).toBeUndefined();
  });

  it('refuse a region without the layer or function URLs, naming both and the regions that work', () => {
    // Act
    const error = synthIn('eu-central-2');

    // Assess
    expect(error).toBeInstanceOf(UnsupportedRegionError);
    const { code, message } = error as UnsupportedRegionError;
    expect(code).toBe('UNSUPPORTED_REGION');
    expect(message).toBe(
      'Region eu-central-2 cannot run the bot: aws-cdk-lib knows no Parameters and Secrets ' +
        'Lambda Extension layer (1.0.103, arm64) there, and Lambda offers no function URLs ' +
        `there. Deploy to one of: ${supportedRegions().join(', ')}`,
    );
  });

  it('refuse a region with function URLs but no layer for arm64, naming only the layer', () => {
    // Prepare: a region of aws-cdk-lib's facts with function URLs and no arm64 layer.
    const region = RegionInfo.regions
      .map((r) => r.name)
      .find(
        (r) =>
          r.startsWith('ap-') &&
          layerArnIn(r) === undefined &&
          !REGIONS_WITHOUT_FUNCTION_URLS.includes(r),
      );
    expect(region).toBeDefined();

    // Act
    const error = synthIn(region ?? '');

    // Assess
    expect((error as Error).message).toMatch(
      new RegExp(
        `^Region ${region} cannot run the bot: aws-cdk-lib knows no Parameters and Secrets Lambda Extension layer \\(1\\.0\\.103, arm64\\) there\\. Deploy to one of: `,
      ),
    );
  });

  it('stop a region-agnostic template from deploying elsewhere, with the same list', () => {
    // Act
    const built = buildBotStack({ bundle: false });
    const rules = built.template.toJSON().Rules;
    built.cleanup();

    // Assess
    expect(rules.SupportedRegion.Assertions).toEqual([
      {
        Assert: { 'Fn::Contains': [supportedRegions(), { Ref: 'AWS::Region' }] },
        AssertDescription: `The ATS Slack bot needs the Parameters and Secrets Lambda Extension and Lambda function URLs; deploy to one of: ${supportedRegions().join(', ')}`,
      },
    ]);
  });
});

describe('the deployment guide', () => {
  it('lists exactly the supported regions', () => {
    // Prepare
    const guide = readFileSync(join(PROJECT_ROOT, 'docs/deploy.md'), 'utf8');

    // Act
    const listed =
      /Lambda Extension layer exists[\s\S]*?offers function URLs: ([a-z0-9-,\s]+) \(`lib\/regions\.ts`/
        .exec(guide)?.[1]
        ?.split(',')
        .map((r) => r.trim());

    // Assess
    expect(listed).toEqual(supportedRegions());
  });
});
