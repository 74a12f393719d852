// @ts-nocheck
import { expect } from 'chai';
import { decodeNamespace } from '../../lib/exposition/decode/decodeNamespace';
import type { MetricFamily } from '../../lib/exposition/families';
import { renderOpenMetrics } from '../../lib/exposition/render/openmetrics';
import { renderText } from '../../lib/exposition/render/text';
import { expectParses } from '../support/openMetricsParser';

describe('exposition/render of decoded families edited in place', () => {
  const fields: Array<[string, string]> = [
    ['m:t:', 'c'], ['m::a="1",b="2"', '3'], ['m::', '1'],
    ['h:t:', 'h'], ['h:b:le="1",x="y"', '1'], ['h:b:le="+Inf",x="y"', '2'], ['h:s:x="y"', '3'], ['h:c:x="y"', '2'],
  ];

  it('should render what the families hold now, not what the fields held', async function () {
    const { families } = decodeNamespace(fields, 0);
    const m = families.find((f) => f.name === 'm')!;
    const labelled = m.series[1];
    (labelled.labels as Array<[string, string]>)[0][1] = 'changed';
    (labelled.labels as Array<[string, string]>).push(['c', 'added']);
    const h = families.find((f) => f.name === 'h') as Extract<MetricFamily, { type: 'histogram' }>;
    (h.series[0].labels as Array<[string, string]>)[0][1] = 'z';
    const text = renderText(families);
    expect(text).to.contain('m{a="changed",b="2",c="added"} 3\n');
    expect(text).to.contain('h_bucket{x="z",le="1"} 1\n');
    expect(text).to.contain('h_sum{x="z"} 3\n');
    expect(renderOpenMetrics(families)).to.contain('m_total{a="changed",b="2",c="added"} 3\n');
    await expectParses(this, renderOpenMetrics(families));
  });

  it('should not change what a later decode of the same fields renders', () => {
    const before = renderText(decodeNamespace(fields, 0).families);
    const { families } = decodeNamespace(fields, 0);
    (families[1].series[1].labels as Array<[string, string]>)[0][1] = 'changed';
    expect(renderText(decodeNamespace(fields, 0).families)).to.equal(before);
  });
});
