import { expect } from 'chai';
import type { Labels, MetricFamily } from '../../lib/exposition/families';
import { renderOpenMetrics } from '../../lib/exposition/render/openmetrics';
import { renderProtobuf } from '../../lib/exposition/render/protobuf';
import { renderText } from '../../lib/exposition/render/text';
import { mergeNamespaces, mergeNamespacesSteps, NamespaceFamilies } from '../../lib/server/mergeNamespaces';
import { encodeLabels } from '../../lib/codec/labels';
import { byCodePoint } from '../../lib/util/byCodePoint';
import { runSteps } from '../../lib/util/slices';

/** shared merges as a server does: families from one namespace keep their series and get the label as their commonLabel. */
function shared(inputs: readonly NamespaceFamilies[], labelName = 'namespace') {
  return runSteps(mergeNamespacesSteps(inputs, labelName, true));
}

/** expectSameOutput checks that the shared merge renders every format byte for byte as the merge that copies every series. */
function expectSameOutput(inputs: readonly NamespaceFamilies[], labelName = 'namespace'): MetricFamily[] {
  const copied = mergeNamespaces(inputs, labelName);
  const merged = shared(inputs, labelName);
  expect(merged.conflicts).to.deep.equal(copied.conflicts);
  expect(renderText(merged.families)).to.equal(renderText(copied.families));
  expect(renderOpenMetrics(merged.families)).to.equal(renderOpenMetrics(copied.families));
  expect(Buffer.from(renderProtobuf(merged.families)).equals(Buffer.from(renderProtobuf(copied.families)))).to.equal(true);
  return merged.families;
}

/** A small deterministic generator (xorshift), so that a failure can be repeated. */
function generator(seed: number): () => number {
  let x = seed;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 2 ** 32;
  };
}

const VALUES = ['a', 'ab', 'a"', 'a#', 'a!', 'a\\', 'a\\b', 'a[', 'a]', 'a\n', 'am', 'an', 'ao', 'a\n\\', 'a\\"', 'b\n', 'z', '', '😀', '\uFFFD', 'é'];
const NAMES = ['code', 'exported_namespace', 'method', 'namespace', 'zone', 'a'];

function randomLabels(next: () => number, names: readonly string[]): Labels {
  const out: Array<[string, string]> = [];
  for (const name of names) if (next() < 0.8) out.push([name, VALUES[Math.floor(next() * VALUES.length)]]);
  return out;
}

describe('server/mergeNamespaces (shared label)', () => {
  it('should keep the series of a family from one namespace and give it the label to render', () => {
    const series = [
      { labels: [['code', '200'], ['method', 'GET']] as Labels, value: 1 },
      { labels: [['code', '200'], ['method', 'POST']] as Labels, value: 2 },
      { labels: [['code', '500'], ['method', 'GET']] as Labels, value: 3 },
    ];
    const families = expectSameOutput([{ namespace: 'shop', families: [{ name: 'req_total', help: 'Requests', type: 'counter', series }] }]);
    expect(families[0].series).to.equal(series);
    expect(families[0].commonLabel).to.deep.equal(['namespace', 'shop']);
    expect(renderText(families)).to.equal(
      [
        '# HELP req_total Requests',
        '# TYPE req_total counter',
        'req_total{code="200",method="GET",namespace="shop"} 1',
        'req_total{code="200",method="POST",namespace="shop"} 2',
        'req_total{code="500",method="GET",namespace="shop"} 3',
        '',
      ].join('\n'),
    );
  });

  it('should write the label first, last or alone as the copied series have it', () => {
    for (const [labelName, labels] of [
      ['aaa', [['code', '1']]],
      ['zzz', [['code', '1']]],
      ['namespace', []],
    ] as Array<[string, Labels]>) {
      const families = expectSameOutput(
        [{ namespace: 'n"s\\', families: [{ name: 'h', help: '', type: 'histogram', series: [{ labels, buckets: [[1, 1], [Infinity, 2]], sum: 3, count: 2 }] }] }],
        labelName,
      );
      expect(families[0].commonLabel).to.deep.equal([labelName, 'n"s\\']);
    }
  });

  it('should copy and sort a family that has the label already (exported_namespace), one from several namespaces, or one whose order the label changes', () => {
    const clash: MetricFamily = { name: 'c', help: '', type: 'gauge', series: [{ labels: [['namespace', 'mine']], value: 1 }] };
    // {a="1"} sorts before {a="1",b="2"}, but {a="1",namespace="x"} after {a="1",b="2",namespace="x"}
    const names: MetricFamily = { name: 'd', help: '', type: 'gauge', series: [{ labels: [['a', '1']], value: 1 }, { labels: [['a', '1'], ['b', '2']], value: 2 }] };
    const several: MetricFamily = { name: 'e', help: '', type: 'gauge', series: [{ labels: [['a', '1']], value: 1 }] };
    // in order by value, not by the escaped value: a\" sorts after a#
    const escaped: MetricFamily = { name: 'g', help: '', type: 'gauge', series: [{ labels: [['v', 'a"']], value: 1 }, { labels: [['v', 'a#']], value: 2 }] };
    const families = expectSameOutput([
      { namespace: 'x', families: [clash, names, several, escaped] },
      { namespace: 'y', families: [several] },
    ]);
    expect(families.map((f) => f.commonLabel)).to.deep.equal([undefined, undefined, undefined, undefined]);
    expect(renderText(families)).to.contain('c{exported_namespace="mine",namespace="x"} 1\n');
    expect(renderText(families)).to.contain('d{a="1",b="2",namespace="x"} 2\nd{a="1",namespace="x"} 1\n');
    expect(renderText(families)).to.contain('g{namespace="x",v="a#"} 2\ng{namespace="x",v="a\\""} 1\n');
  });

  it('should keep two series as they are exactly when their labels parts are in order', () => {
    const values = VALUES.filter((v) => v !== '');
    for (const a of values) {
      for (const b of values) {
        const series = [{ labels: [['v', a]] as Labels, value: 1 }, { labels: [['v', b]] as Labels, value: 2 }];
        const families = expectSameOutput([{ namespace: 'x', families: [{ name: 'g', help: '', type: 'gauge', series }] }]);
        const inOrder = byCodePoint(encodeLabels([['v', a]]), encodeLabels([['v', b]])) <= 0;
        expect(families[0].commonLabel !== undefined, JSON.stringify([a, b])).to.equal(inOrder);
      }
    }
  });

  it('should keep the common label of a family merged before as a label of its series', () => {
    const once = shared([{ namespace: 'shop', families: [{ name: 'g', help: '', type: 'gauge', series: [{ labels: [['a', 'x']], value: 1 }] }] }]).families;
    expect(once[0].commonLabel).to.deep.equal(['namespace', 'shop']);
    const twice = expectSameOutput([{ namespace: 'eu', families: once }], 'region');
    expect(renderText(twice)).to.equal('# HELP g \n# TYPE g gauge\ng{a="x",namespace="shop",region="eu"} 1\n');
  });

  it('should render every format as the copying merge does, for many random namespaces and series', () => {
    const next = generator(20261202);
    let kept = 0;
    let copied = 0;
    for (let round = 0; round < 200; round++) {
      const inputs: NamespaceFamilies[] = [];
      const namespaces = 1 + Math.floor(next() * 3);
      for (let n = 0; n < namespaces; n++) {
        const families: MetricFamily[] = [];
        for (const name of ['f_a', 'f_b', 'f_c']) {
          if (next() < 0.4) continue;
          // mostly one set of label names (the shared path), sometimes a random one per series
          const names = NAMES.filter(() => next() < 0.5);
          const series = Array.from({ length: Math.floor(next() * 8) }, () => ({ labels: randomLabels(next, next() < 0.8 ? names : NAMES), value: next() }));
          if (next() < 0.7) series.sort((a, b) => (labelsKey(a.labels) < labelsKey(b.labels) ? -1 : 1));
          families.push({ name, help: '', type: 'gauge', series });
        }
        inputs.push({ namespace: ['ns1', 'ns"2', 'a'][n], families });
      }
      for (const f of expectSameOutput(inputs)) {
        if (f.commonLabel !== undefined) kept++;
        else copied++;
      }
    }
    // both paths are exercised
    expect(kept).to.be.greaterThan(50);
    expect(copied).to.be.greaterThan(50);
  });
});

function labelsKey(labels: Labels): string {
  return labels.map(([n, v]) => `${n}="${v}"`).join(',');
}
