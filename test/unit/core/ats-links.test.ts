import { describe, expect, it } from 'vitest';
import { atsLinksOf } from '../../../functions/ats-links-assembly';
import { loadRuntimeConfig } from '../../../functions/config';
import { parseCatalog } from '../../../functions/core/requests/catalog';
import { fillUrlTemplate, isUrlTemplate } from '../../../functions/core/url-template';
import { jobAt } from '../slack/blocks-support';

const TEMPLATE = 'https://ats.example.com/#/apps/{appId}/jobs/{jobId}?t={templateId}';

describe('Open in ATS links', () => {
  it('fills in the placeholders, URL-encoded, and gives no link when a value is missing', () => {
    // Prepare / Act / Assess
    expect(fillUrlTemplate(TEMPLATE, { appId: 'my app', jobId: 'j-1', templateId: 't/1' })).toBe(
      'https://ats.example.com/#/apps/my%20app/jobs/j-1?t=t%2F1',
    );
    expect(fillUrlTemplate(TEMPLATE, { appId: 'a', jobId: 'j-1' })).toBeUndefined();
  });

  it.each([
    [TEMPLATE, true],
    ['http://ats.local/{jobId}', true],
    ['https://ats.example.com/jobs', true],
    ['https://ats.example.com/{job}', false],
    ['ats.example.com/{jobId}', false],
    ['javascript:alert(1)//{jobId}', false],
    ['https://user:pw@ats.example.com/{jobId}', false],
    ['https://ats example.com/{jobId}', false],
  ])('accepts %s as a URL template: %s', (template, ok) => {
    // Act / Assess
    expect(isUrlTemplate(template)).toBe(ok);
  });

  it('links from the deployment setting, a template’s own template winning, none without either', () => {
    // Prepare
    const templates = parseCatalog([
      { alias: 'smoke', templateId: 'TPL-SMOKE', name: 'Smoke' },
      {
        alias: 'onprem',
        templateId: 'TPL-ONPREM',
        name: 'On premises',
        atsJobUrlTemplate: 'https://ats.intra/job/{jobId}',
      },
    ]);
    const env = {
      ATS_APP_ID: 'demo-app',
      ATS_TEMPLATES: JSON.stringify(templates),
      ATS_JOB_URL_TEMPLATE: TEMPLATE,
    };
    const configured = atsLinksOf(loadRuntimeConfig(env, 'local'));
    const { ATS_JOB_URL_TEMPLATE: _unset, ...withoutSetting } = env;
    const unconfigured = atsLinksOf(loadRuntimeConfig(withoutSetting, 'local'));

    // Act
    const smoke = jobAt('running', { atsJobId: 'j-1' });
    const onprem = jobAt('running', {
      atsJobId: 'j-2',
      templateAlias: 'onprem',
      templateId: 'TPL-ONPREM',
    });

    // Assess
    expect(configured(smoke)).toBe('https://ats.example.com/#/apps/demo-app/jobs/j-1?t=TPL-SMOKE');
    expect(configured(onprem)).toBe('https://ats.intra/job/j-2');
    expect(configured(jobAt('starting', { atsJobId: undefined }))).toBeUndefined();
    expect(unconfigured(smoke)).toBeUndefined();
    expect(unconfigured(onprem)).toBe('https://ats.intra/job/j-2');
    expect(() =>
      loadRuntimeConfig({ ...env, ATS_JOB_URL_TEMPLATE: 'https://x/{job}' }, 'local'),
    ).toThrow(/ATS_JOB_URL_TEMPLATE/);
  });
});
