// Writes docs/digest-example.png: the chart of the fixed history's digest, as the worker renders
// it. `npm run docs:digest-example`; the unit test fails when the committed file is not what the
// renderer draws now.
import { writeFileSync } from 'node:fs';
import { renderDigestChart } from '../functions/slack/charts/digest-chart';
import { DIGEST_EXAMPLE_PNG, exampleDigest } from '../test/support/digest-example';

const chart = await renderDigestChart(exampleDigest());
if (!chart) throw new Error('The fixed history has nothing to draw');
writeFileSync(DIGEST_EXAMPLE_PNG, chart.png);
console.log(`${DIGEST_EXAMPLE_PNG}: ${chart.width}x${chart.height}, ${chart.png.length} bytes`);
