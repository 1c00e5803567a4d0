import { RegionInfo } from 'aws-cdk-lib/region-info';
import { BOT_ARCHITECTURE, SECRETS_EXTENSION_VERSION } from './constructs/bot-function';

/**
 * Regions where Lambda offers no function URLs, which the Slack ingress is reached through (AWS
 * Lambda Developer Guide, "Creating and managing Lambda function URLs"). No region-info fact in
 * aws-cdk-lib says so, hence the list.
 */
export const REGIONS_WITHOUT_FUNCTION_URLS: readonly string[] = [
  'ap-east-2',
  'ap-south-2',
  'ap-southeast-4',
  'ap-southeast-5',
  'ap-southeast-6',
  'ap-southeast-7',
  'ca-west-1',
  'eu-central-2',
  'eu-south-2',
  'il-central-1',
  'me-central-1',
];

/**
 * The regions the bot deploys to: those where aws-cdk-lib knows the ARN of the Parameters and
 * Secrets Lambda Extension layer the functions read the secret through (its region facts, for
 * the version and architecture in use) and Lambda offers function URLs. Derived from
 * aws-cdk-lib, so a CDK upgrade that adds the layer to a region adds the region here.
 */
export function supportedRegions(): string[] {
  return RegionInfo.regions
    .filter(
      (region) =>
        region.paramsAndSecretsLambdaLayerArn(SECRETS_EXTENSION_VERSION, BOT_ARCHITECTURE.name) !==
          undefined && !REGIONS_WITHOUT_FUNCTION_URLS.includes(region.name),
    )
    .map((region) => region.name)
    .sort();
}

/** Thrown at synth for a region the bot cannot run in. */
export class UnsupportedRegionError extends Error {
  /** Machine-readable error code. */
  readonly code = 'UNSUPPORTED_REGION';

  constructor(readonly region: string) {
    super(
      `Region ${region} cannot run the bot: ${whatIsMissing(region)}. Deploy to one of: ${supportedRegions().join(', ')}`,
    );
    this.name = 'UnsupportedRegionError';
  }
}

function whatIsMissing(region: string): string {
  const missing: string[] = [];
  const info = RegionInfo.get(region);
  if (
    info.paramsAndSecretsLambdaLayerArn(SECRETS_EXTENSION_VERSION, BOT_ARCHITECTURE.name) ===
    undefined
  ) {
    missing.push(
      `aws-cdk-lib knows no Parameters and Secrets Lambda Extension layer (${SECRETS_EXTENSION_VERSION}, ${BOT_ARCHITECTURE.name}) there`,
    );
  }
  if (REGIONS_WITHOUT_FUNCTION_URLS.includes(region)) {
    missing.push('Lambda offers no function URLs there');
  }
  return missing.join(', and ');
}

/** @throws UnsupportedRegionError when `region` is not one of {@link supportedRegions}. */
export function assertSupportedRegion(region: string): void {
  if (!supportedRegions().includes(region)) throw new UnsupportedRegionError(region);
}
