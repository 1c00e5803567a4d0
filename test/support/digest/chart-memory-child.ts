// Child process of the chart memory test: renders the example digest's chart five times, as a
// warm worker would for five digests, and reports its peak resident memory (what Lambda counts).
import { renderDigestChart } from '../../../functions/slack/charts/digest-chart';
import { exampleDigest } from '../digest-example';

const started = performance.now();
let bytes = 0;
for (let i = 0; i < 5; i++) bytes = (await renderDigestChart(exampleDigest()))?.png.length ?? 0;
const peakRssMb = Math.round(process.resourceUsage().maxRSS / 1024);
console.log(JSON.stringify({ bytes, peakRssMb, ms: Math.round(performance.now() - started) }));
